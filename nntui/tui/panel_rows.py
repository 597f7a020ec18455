"""The dashboard's panels in their two rows (`panels.layout_panels`), with the note shown
when the user hid them all.

Not a widget: the rows are yielded straight onto the dashboard screen, since every widget
layer under a plot costs the compositor work on every frame. This object keeps them, hands
every snapshot to every panel (`update`), forgets the shown data on a restart (`reset`)
and shows or hides a panel and the rows around it (`show`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from nntui.i18n import _
from nntui.tui.lr_panel import LrPanel
from nntui.tui.panels import Panel, PanelView, TablePanel, layout_panels

if TYPE_CHECKING:
    from nntui.core.snapshot import Snapshot
    from nntui.presets.base import Preset
    from nntui.presets.claims import Claim
    from nntui.presets.params import RunConfig


class PanelRows:
    """``preset``'s panels by name (`panels`), laid out by `widgets`."""

    def __init__(self, preset: Preset) -> None:
        self.preset = preset
        self.top, self.bottom = layout_panels(preset)
        self.panels: dict[str, Panel] = dict((*self.top, *self.bottom))
        self._rows: list[Horizontal] = []
        count = len(preset.view.panels)
        self._note = Static(_("All panels are hidden: 1…{n} shows one again.").format(n=count),
                            id="dash-none")
        self._note.display = False

    def widgets(self) -> Iterator[Widget]:
        """The upper row (#dash-top), the lower one (#dash-bottom; a table alone under the
        plots is `table-only`: it takes only its rows) and the all-hidden note."""
        for row_id, row in (("dash-top", self.top), ("dash-bottom", self.bottom)):
            if row:
                only = row_id == "dash-bottom" and [n for n, _w in row] == ["table"]
                box = Horizontal(*(w for _n, w in row), id=row_id,  # type: ignore[misc]
                                 classes="table-only" if only else None)
                self._rows.append(box)
                yield box
        yield self._note

    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        for panel in self.panels.values():  # one loop over typed panels
            panel.update(snapshot, view)

    def set_claims(self, claims: tuple[Claim, ...]) -> None:
        """The run's claims, for the panels that judge them (the table's wins column)."""
        for panel in self.panels.values():
            if isinstance(panel, TablePanel):
                panel.set_claims(claims)

    def set_run(self, config: RunConfig) -> None:
        """The run's settings, for the panels that read them: the claims its look-for
        makes (the table's wins) and the schedules (the lr panel)."""
        self.set_claims(self.preset.claims_for(config.dataset, book=config.book))
        for panel in self.panels.values():
            if isinstance(panel, LrPanel):
                panel.set_config(config)

    def reset(self) -> None:
        """Every panel forgets its data: none keeps a previous run's."""
        for panel in self.panels.values():
            panel.reset()

    def show(self, name: str, shown: bool) -> None:
        """Show or hide the panel ``name``; a row with nothing shown goes, and the note
        appears when every panel is hidden."""
        panel = self.panels[name]
        assert isinstance(panel, Widget)
        panel.display = shown
        for row in self._rows:
            row.display = any(child.display for child in row.children)
        self._note.display = not any(row.display for row in self._rows)
