"""The ghost of the last run (`c` on a live dashboard): the last finished run of the same
preset and dataset, started before the shown run, drawn dotted and faint under the line
panels' curves (`plotting.ghost`, an overlay of `plotting.line`)."""

from __future__ import annotations

import io

import numpy as np
from rich.style import Style

from nntui.headless.run import run_headless
from nntui.pipeline.saved import load_saved
from nntui.presets import PRESETS
from nntui.runs.history import records
from nntui.tui import views
from nntui.tui.ghost import find_ghost
from nntui.tui.plotting.canvas import Series
from nntui.tui.plotting.ghost import GhostCurves, ghost_of
from nntui.tui.plotting.line import LineOptions, line_strips
from tests.tui.helpers import open_dashboard, request_of, sync, wait_for

BASE = Style()


def _text(strips) -> str:  # noqa: ANN001 - Strips
    return "\n".join(s.text for s in strips)


def test_without_overlays_the_line_plot_is_drawn_as_before() -> None:
    series = [Series("a", np.arange(50.0), np.linspace(1, 0, 50), "red")]
    opts = LineOptions("loss")
    assert _text(line_strips(series, opts, 60, 16, BASE)) == _text(
        line_strips(series, opts, 60, 16, BASE, ()))


def test_a_ghost_widens_the_range_and_is_drawn_under_the_title_note() -> None:
    series = [Series("a", np.arange(50.0), np.full(50, 0.5), "red")]
    ghost = GhostCurves((Series("a", np.arange(100.0), np.full(100, 2.0), "red",
                                faint=True),), "dim: run abcd")
    plain = line_strips(series, LineOptions("loss"), 60, 16, BASE)
    drawn = line_strips(series, LineOptions("loss"), 60, 16, BASE, [ghost])
    assert "dim: run abcd" in drawn[0].text and "dim: run" not in plain[0].text
    # The x axis now reaches the ghost's 100 iterations, the y axis its 2.0.
    assert "75" in _text(drawn[-2:]) and "75" not in _text(plain[-2:])
    assert "2" in _text(drawn) and _text(drawn) != _text(plain)
    # Dotted: on the ghost's row, dots with gaps between them.
    rows = [s.text for s in drawn[1:-2]]
    ghost_row = next(r for r in rows if r.split("┤")[-1].strip() and "2" in r.split("┤")[0])
    dots = ghost_row.split("┤")[-1]
    assert dots.count(" ") > 5 and any(ch not in " ⠀" for ch in dots)


def test_ghost_curves_take_the_colour_of_the_shown_series_of_the_same_name() -> None:
    shown = [Series("SGD", [0, 1], [1, 0], "cyan"), Series("Adam", [0, 1], [1, 0], "green"),
             Series("SGD raw", [0, 1], [1, 0], "cyan", faint=True)]
    past = [Series("Adam", [0, 1], [2, 1], "red"), Series("SGD", [0, 1], [3, 1], "blue"),
            Series("RMSprop", [0, 1], [3, 1], "blue"),
            Series("SGD raw", [0, 1], [3, 1], "blue", faint=True)]
    ghost = ghost_of(shown, past, "note")
    assert [(c.name, c.color) for c in ghost.curves] == [("Adam", "green"), ("SGD", "cyan")]
    assert [float(c.y[0]) for c in ghost.curves] == [2.0, 3.0]


def _headless(**settings: str) -> None:
    assert run_headless("overfit-one-batch", overrides={"iterations": "20", **settings},
                        stdout=io.StringIO(), stderr=io.StringIO()) == 0


def test_the_ghost_is_the_last_finished_run_of_the_preset_started_before() -> None:
    _headless(lr="0.05")
    _headless(lr="0.2")
    run_headless("gradient-check", overrides={"steps": "2"}, stdout=io.StringIO(),
                 stderr=io.StringIO())
    newest_race = [r for r in records() if r.preset == "overfit-one-batch"][0]
    request = request_of(PRESETS["overfit-one-batch"], iterations=20)
    ghost = find_ghost(request, before=newest_race.started + 3600)
    assert ghost is not None and ghost.label == newest_race.id[:4]
    older = [r for r in records() if r.preset == "overfit-one-batch"][1]
    before = find_ghost(request, before=newest_race.started)  # the newer one is "ours"
    assert before is not None and before.label == older.id[:4]
    assert find_ghost(request, before=older.started) is None
    other = request_of(PRESETS["overfit-one-batch"], dataset="mnist", iterations=20)
    assert find_ghost(other, before=newest_race.started + 3600) is None  # other dataset


@sync
async def test_c_overlays_the_last_run_and_takes_it_off_again() -> None:
    _headless(lr="0.2")
    past = load_saved("last").run.final
    async with open_dashboard("overfit-one-batch", iterations=20, lr=0.05,
                              size=(100, 30)) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done", timeout=20)
        await pilot.press("c")
        await pilot.pause(0.2)
        loss = dash.query_one("#panel-loss")
        assert list(loss.overlays) == ["ghost"]  # type: ignore[attr-defined]
        ghost = loss.overlays["ghost"]  # type: ignore[attr-defined]
        assert ghost.note == f"dotted: run {records()[-1].id[:4]}"
        weight = dash.view.panel_view().smoothing
        expected = [s for s in views.loss_series(past, weight, 0, 1.0) if not s.faint]
        assert [c.name for c in ghost.curves] == [s.name for s in expected]
        np.testing.assert_array_equal(ghost.curves[0].y, expected[0].y)
        # The run's own curve is not the ghost's (lr 0.05 against 0.2).
        own = [s for s in loss.series if not s.faint]  # type: ignore[attr-defined]
        assert not np.array_equal(own[0].y[:20], ghost.curves[0].y[:20])
        accuracy = dash.query_one("#panel-accuracy")
        assert list(accuracy.overlays) == ["ghost"]  # type: ignore[attr-defined]
        await pilot.press("c")
        await pilot.pause(0.2)
        assert loss.overlays == {} and accuracy.overlays == {}  # type: ignore[attr-defined]


@sync
async def test_without_an_earlier_run_c_says_so() -> None:
    async with open_dashboard("overfit-one-batch", iterations=10) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done" and len(records()) == 1,
                       timeout=20)
        await pilot.press("c")  # this run is finished and kept, but it is not earlier
        await pilot.pause(0.2)
        assert dash.query_one("#panel-loss").overlays == {}  # type: ignore[attr-defined]
        notes = [str(n.message) for n in dash.app._notifications]
        assert any(n.startswith("No finished run of overfit-one-batch on digits in the "
                                "history yet") for n in notes), notes
