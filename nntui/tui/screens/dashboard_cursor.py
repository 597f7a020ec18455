"""The dashboard's value cursor (`DashboardScreen` takes it from `CursorKeys`): one x for
every line panel at once.

A line panel's cursor is moved by the mouse over it, or by ←/→ once it has focus (a click
on it, or `i`); each move reaches this screen as `LinePlot.CursorMoved`, and every other
line panel gets the same x in its own units (`LinePlot.x_scale`: an epoch axis is the
iterations times epochs per iteration). Keys: ←/→ move what has focus: the cursor of a
focused panel, else (a replay) the replay's position; Esc hides a shown cursor before it
means "back".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.tui.widgets.line_plot import LinePlot

if TYPE_CHECKING:
    from textual.widget import Widget

#: The screen's actions this mixin answers (`cursor_key_state`).
CURSOR_ACTIONS = frozenset({"hide_cursor", "read_values"})


class CursorKeys:
    """`i`, Esc and the cursor messages for a screen of line panels (the dashboard)."""

    def _line_panels(self) -> list[LinePlot]:
        """The line panels on screen (shown), in layout order."""
        return [p for p in self.query(LinePlot) if p.display]  # type: ignore[attr-defined]

    def on_line_plot_cursor_moved(self, message: LinePlot.CursorMoved) -> None:
        """One panel's cursor moved: the others to the same x (in their own units)."""
        plot, x = message.plot, message.x
        scale = plot.x_scale
        for other in self.query(LinePlot):  # type: ignore[attr-defined]
            if other is plot:
                continue
            if x is None:
                other.set_cursor(None)
            elif scale and other.x_scale:
                other.set_cursor(x / scale * other.x_scale)
        self.refresh_bindings()  # type: ignore[attr-defined] - Esc: hide cursor / back

    def cursor_shown(self) -> bool:
        return any(p.cursor is not None for p in self.query(LinePlot))  # type: ignore[attr-defined]

    def cursor_key_state(self, action: str) -> bool:
        """`check_action` of CURSOR_ACTIONS: Esc hides the cursor only while one shows
        (else it is the next binding's: back); `i` wherever there is a line panel."""
        if action == "hide_cursor":
            return self.cursor_shown()
        return bool(self._line_panels())

    def action_hide_cursor(self) -> None:
        """Esc while a cursor shows (the mouse put it there): hide it in every panel."""
        for plot in self.query(LinePlot):  # type: ignore[attr-defined]
            plot.set_cursor(None)
        self.set_focus(None)  # type: ignore[attr-defined]
        self.refresh_bindings()  # type: ignore[attr-defined]

    def action_read_values(self) -> None:
        """`i`: focus the first line panel (again: the next one), its cursor where it was
        or at its last point; ←/→ then move it."""
        panels = [p for p in self._line_panels() if p.series]
        if not panels:
            return
        focused: Widget | None = self.focused  # type: ignore[attr-defined]
        nxt = panels[(panels.index(focused) + 1) % len(panels)] if focused in panels else panels[0]
        nxt.focus()
        if nxt.cursor is None:
            nxt.action_cursor_edge(1)
        self.refresh_bindings()  # type: ignore[attr-defined]
