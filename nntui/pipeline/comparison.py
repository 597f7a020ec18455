"""A comparison of saved runs, from what the user typed to what a front end shows
(`nntui compare`, headless or in the dashboard): the runs read (`pipeline.saved`), each
labelled by its short id (a `--out` folder by its name), the settings in which they differ,
and one `CompareRun` with one preset that shows it.

The preset is the first run's with the comparison's series (``run:series``) and, as its
look-for line, each run's label with its differing settings: what a learner reads before
the curves. (Which panels show it is the dashboard's to say: `tui.sources.compare`, from
each run's preset and data in ``Comparison.runs``.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from nntui.core.errors import UserError
from nntui.i18n import _
from nntui.pipeline.saved import SavedRun, load_many
from nntui.runs.compare import Compared, CompareRun, series_label
from nntui.runs.history import RunRecord, read_record, records, short_ids
from nntui.runs.listing import compared_line, differing

if TYPE_CHECKING:
    from nntui.core.snapshot import Snapshot
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig


@dataclass(frozen=True)
class Comparison:
    """What `load_comparison` read: the preset and config the dashboard opens with, the
    merged run, and per run its label, record, config.json content and line."""

    preset: Preset
    config: RunConfig
    run: CompareRun
    labels: tuple[str, ...]
    records: tuple[RunRecord, ...]
    configs: tuple[dict[str, Any], ...]
    keys: tuple[str, ...]
    lines: tuple[str, ...]
    #: Per run: its label, preset and final snapshot (what its dashboard chooses panels by)
    runs: tuple[tuple[str, Preset, Snapshot], ...] = ()


def load_comparison(args: Sequence[str], presets: Mapping[str, Preset] | None = None
                    ) -> Comparison:
    """The runs ``args`` name (ids, prefixes, last~N, folders), two or more; UserError if
    fewer, one is unreadable, or they count different things (iterations, trials)."""
    if len(args) < 2:
        raise UserError(_("compare needs two runs or more (ids, last, last~1, folders)"))
    saved = load_many(list(args), presets)
    units = {s.run.final.unit for s in saved}
    if len(units) > 1:
        raise UserError(_("these runs count different things ({units}): compare runs "
                          "that count the same").format(units=", ".join(sorted(units))))
    labels = _labels(saved)
    recs = tuple(_record(s, label) for s, label in zip(saved, labels))
    configs = tuple(s.config.to_json() for s in saved)
    keys = tuple(differing(recs, configs))
    lines = tuple(compared_line(label, keys, r, c)
                  for label, r, c in zip(labels, recs, configs))
    compared = []
    for s, label in zip(saved, labels):
        s.run.seek(s.run.end)
        compared.append(Compared(label, s.run.final, s.run.report()))
    run = CompareRun(compared, lines)
    first = saved[0]
    preset = replace(
        first.preset, look_for=" · ".join(lines), look_for_on=(), book_look_for=None,
        book_look_for_on=(), claims=(), book_claims=(),
        series=tuple(series_label(label, name) for s, label in zip(saved, labels)
                     for name in s.preset.series))
    runs = tuple((label, s.preset, c.final) for s, label, c in zip(saved, labels, compared))
    return Comparison(preset, first.config, run, labels, recs, configs, keys, lines, runs)


def _labels(saved: Sequence[SavedRun]) -> tuple[str, ...]:
    """Each run's short id among the history's (a folder outside it: its name)."""
    shorts = short_ids(r.id for r in records())
    out = []
    for s in saved:
        record = read_record(s.folder)
        label = shorts.get(record.id, record.id) if record is not None else s.folder.name
        while label in out:  # two `--out` folders of the same name
            label += "'"
        out.append(label)
    return tuple(out)


def _record(saved: SavedRun, label: str) -> RunRecord:
    """The history's record of a run, or one made from a `--out` folder's config."""
    record = read_record(saved.folder)
    if record is not None:
        return record
    config = saved.config
    seeds = int(config.get("seeds", 1) or 1)  # type: ignore[arg-type]
    return RunRecord(id=label, folder=saved.folder, status="done", started=0.0,
                     preset=config.preset, dataset=config.dataset, seed=config.seed,
                     seeds=tuple(range(config.seed, config.seed + seeds)), book=config.book,
                     series=saved.preset.series)
