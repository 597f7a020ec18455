"""The look-for widget: the lesson is never cut for its seeds note."""

from __future__ import annotations

from textual.app import App, ComposeResult

from nntui.tui.widgets.look_for import LookFor
from tests.tui.helpers import sync

LESSON = " ".join(["word"] * 58)  # 58 x 5 cells: 4 lines at 78 columns, with the label
NOTE = "(one seed: noisier than the 3 measured)"


class _Host(App[None]):
    def __init__(self, widget: LookFor) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def _shown(widget: LookFor, size: tuple[int, int]) -> str:
    app = _Host(widget)
    async with app.run_test(size=size):
        widget.fit(*size)
        return str(widget.render())


@sync
async def test_the_note_gives_way_where_the_line_and_note_would_not_fit() -> None:
    small = await _shown(LookFor("Look for: ", f"{LESSON} {NOTE}", short=LESSON), (80, 24))
    assert "noisier" not in small and "…" not in small
    assert small.rstrip().endswith("word")
    large = await _shown(LookFor("Look for: ", f"{LESSON} {NOTE}", short=LESSON), (80, 40))
    assert NOTE in " ".join(large.split())


@sync
async def test_without_a_short_form_a_line_past_its_budget_is_cut() -> None:
    widget = LookFor("Look for: ", f"{LESSON} {NOTE}")
    shown = await _shown(widget, (80, 24))
    assert widget.cut and shown.rstrip().endswith("…")
