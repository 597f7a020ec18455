"""A comparison's colours and markers (`runs.compare.series_styles`, `tui.views.style_of`):
one colour per series name, one marker family per run, every ``run:series`` line its own
marker (so NO_COLOR and ASCII terminals tell them apart), the same in every panel, in the
table, while scrubbing and when opened again."""

from __future__ import annotations

import pytest

from nntui.runs.compare import Compared, CompareRun, merged_snapshot, series_styles
from nntui.tui.terminal import to_ascii
from nntui.tui.views import (
    COLORS,
    MARKERS,
    MORE_MARKERS,
    accuracy_series,
    extra_table_rows,
    loss_series,
)
from tests.runs.test_compare import _series, _snap

RACE = ("SGD", "Momentum", "AdaGrad", "Adam", "RMSprop")


def race(label: str, offset: float) -> Compared:
    return Compared(label, _snap(10, *(_series(n, offset + i, 10) for i, n in enumerate(RACE))))


def styles_by_name(series: list) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    return {s.name: (s.color, s.marker) for s in series}


def every_line(make, snap) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    """The styles of every series a panel draws, group by group (`g`: 8 at a time)."""
    out: dict[str, tuple[str, str]] = {}
    for focus in range(len(snap.series)):
        out.update(styles_by_name(make(snap, focus)))
    return out


def loss(snap, focus):  # noqa: ANN001, ANN201
    return loss_series(snap, 0.0, focus)


def test_three_race_runs_one_colour_per_optimizer_one_marker_family_per_run() -> None:
    merged = merged_snapshot([race("aaaa", 0), race("bbbb", 10), race("cccc", 20)])
    lines = every_line(loss, merged)
    assert len(lines) == 15
    for i, name in enumerate(RACE):
        # The optimizer's colour is the one a live race dashboard gives it, in every run.
        assert {lines[f"{run}:{name}"][0] for run in ("aaaa", "bbbb", "cccc")} == {COLORS[i]}
        # Its shape is the same, filled in the first run, hollow in the second, ◉-like after.
        assert [lines[f"{run}:{name}"][1] for run in ("aaaa", "bbbb", "cccc")] == [
            MARKERS[i], MARKERS[6 + i], MORE_MARKERS[i]]
    markers = [m for _c, m in lines.values()]
    assert len(set(markers)) == 15  # every line apart without colour
    assert len({to_ascii(m) for m in markers}) == 15  # and in ASCII


def test_the_styles_hold_in_every_panel_the_table_a_scrub_and_a_reopen(monkeypatch) -> None:  # noqa: ANN001
    runs = [race("aaaa", 0), race("bbbb", 10)]
    merged = merged_snapshot(runs)
    lines = every_line(loss, merged)
    assert len(lines) == 10
    acc = every_line(lambda snap, focus: accuracy_series(snap, focus, False), merged)
    _heads, labels, _cells = extra_table_rows(merged)
    table = {text.split(" ", 1)[1]: (color, text.split(" ", 1)[0]) for text, color in labels}
    assert table == lines
    assert {name: acc[name] for name in lines} == lines
    replay = CompareRun(runs)
    replay.seek(4)  # scrubbing: the curves shorten, the styles stay
    assert every_line(loss, replay.snapshot()) == lines
    assert every_line(loss, merged_snapshot(runs)) == lines  # opened again
    monkeypatch.setenv("NO_COLOR", "1")
    plain = every_line(loss, merged)
    assert {c for c, _m in plain.values()} == {""}
    assert len({m for _c, m in plain.values()}) == 10


def test_runs_of_different_series_and_big_comparisons_still_give_every_line_a_marker(
) -> None:
    styles = series_styles([["no dropout", "dropout"], ["SGD", "Adam"], ["dropout"]])
    assert [c for run in styles for c, _m in run] == [0, 1, 2, 3, 1]  # one per name
    assert len({m for run in styles for _c, m in run}) == 5
    big = series_styles([list(RACE)] * 4)  # 20 lines: more than 3 families
    assert len({m for run in big for _c, m in run}) == 20
    assert [c for run in big for c, _m in run] == list(range(5)) * 4


@pytest.mark.parametrize("runs", [1, 2, 3])
def test_one_run_keeps_the_markers_of_a_live_dashboard(runs: int) -> None:
    styles = series_styles([list(RACE)] * runs)
    assert [m for _c, m in styles[0]] == list(range(5))  # ● ■ ▲ ◆ ★, as views.marker_of
