"""The ghost a live dashboard overlays (`c`): the last run of the same preset on the same
dataset that trained to the end and started before the shown run, read from the run
history (`nntui.runs.history`)."""

from __future__ import annotations

from nntui.core.errors import UserError
from nntui.i18n import _
from nntui.pipeline.request import RunRequest
from nntui.pipeline.saved import load_saved
from nntui.runs.history import last_finished, records, short_ids
from nntui.tui.ghost_view import GhostRun
from nntui.tui.view_state import ViewState


def find_ghost(request: RunRequest, before: float) -> GhostRun | None:
    """The ghost of ``request``'s run (module doc), which started at ``before`` (wall
    clock); None when the history has none that can be read."""
    found = records()
    earlier = [r for r in found if r.started < before]
    record = last_finished(request.preset.name, request.config.dataset, found=earlier)
    if record is None:
        return None
    try:
        saved = load_saved(record.folder)
    except UserError:  # removed or unreadable since it was listed
        return None
    saved.run.seek(saved.run.end)
    return GhostRun(saved.run.final, short_ids(r.id for r in found)[record.id])


def toggle_ghost(view: ViewState, request: RunRequest, started_at: float) -> str:
    """`c` on a dashboard: take the ghost off ``view``, or put the one of ``request``'s run
    (started at ``started_at``) on; the notice to show."""
    if view.ghost is not None:
        view.ghost = None
        return _("Last run's curves off.")
    ghost = find_ghost(request, started_at)
    if ghost is None:
        return _("No finished run of {preset} on {dataset} in the history yet: finish "
                 "one, then c overlays it.").format(preset=request.preset.name,
                                                   dataset=request.config.dataset)
    view.ghost = ghost
    return _("Faint: run {run}, the last finished run of {preset}.").format(
        run=ghost.label, preset=request.preset.name)
