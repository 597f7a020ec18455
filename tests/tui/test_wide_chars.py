"""`textual_seam.install_wide_chars`: the compositor keeps a two-cell character whole where
the edge of a widget underneath runs through it, and draws every other screen as Textual
does."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Label

from nntui.tui.textual_seam import COMPOSITOR_ORIGINAL, install_wide_chars
from tests.tui.helpers import sync

TEXT = "書籍の設定そのまま"


class Overlap(App[None]):
    """Buttons whose edges fall at odd columns, and a label on a layer above them."""

    CSS = """
    Screen { layers: base top; }
    Horizontal { layer: base; height: 3; }
    Button { width: 7; min-width: 7; }
    #over { layer: top; offset: 3 1; width: 30; }
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Horizontal():
            for i in range(6):
                yield Button(str(i))
        yield Label(self.text, id="over")


def lines(app: App, chops) -> list[str]:
    from textual.strip import Strip

    return ["".join(Strip.join(list(line.values())).text) for line in chops]


@sync
async def test_a_wide_character_across_an_edge_underneath_stays_whole() -> None:
    install_wide_chars()
    original, _partial = COMPOSITOR_ORIGINAL
    for text in (TEXT, "x" + TEXT):  # starting at an even and an odd column
        app = Overlap(text)
        async with app.run_test(size=(40, 6)) as pilot:
            await pilot.pause()
            comp = app.screen._compositor
            region = app.screen.region
            ours = lines(app, comp._render_chops(region, lambda y: True))
            theirs = lines(app, original(comp, region, lambda y: True))
            assert text in ours[1], ours[1]
            # Textual's own: a character across a button's edge became two blanks.
            assert text not in theirs[1], theirs[1]
            # Nothing else moves: every line has its width, the other lines are Textual's.
            assert [cell_len(x) for x in ours] == [cell_len(x) for x in theirs] == [40] * 6
            assert ours[0] == theirs[0] and ours[2:] == theirs[2:]
            # Partial updates end each chop where its text ends.
            comp._dirty_regions.add(region)
            update = comp.render_partial_update()
            assert update is not None
            for chops, ends in zip(update.chops, update.chop_ends):
                for (x, strip), end in zip(chops.items(), ends):
                    if strip is not None:
                        assert end == x + strip.cell_length


@sync
async def test_an_ascii_screen_is_drawn_as_textual_draws_it() -> None:
    install_wide_chars()
    original, _partial = COMPOSITOR_ORIGINAL
    app = Overlap("the book's exact setting")
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        comp = app.screen._compositor
        region = app.screen.region
        assert lines(app, comp._render_chops(region, lambda y: True)) == lines(
            app, original(comp, region, lambda y: True))
