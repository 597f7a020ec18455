"""lr-schedules tells its story: the lr panel draws the schedules the series train with
(done solid, to come faint; on a narrow screen the table's lr column instead), the
dashboard paces a run too short to watch (the same steps: headless stays at full speed),
and the loss is smoothed enough for five lines to stay apart."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.pipeline.drive import FULL_SPEED, SPEEDS, TrainingDriver, paced_speed
from nntui.presets import get_preset
from nntui.presets.optimizers import SCHEDULE_SERIES, lr_plan
from nntui.tui import views
from nntui.tui.lr_panel import LrPanel, lr_series
from nntui.tui.sources.live import LiveSource, watch_speed
from nntui.tui.widgets.look_for import LookFor
from tests.presets.conftest import drive_to_end
from tests.tui.helpers import open_dashboard, request_of, sync, wait_for

SMALL = {"iterations": "300", "warmup": "100", "step_size": "100", "seeds": "1",
         "eval_every": "50"}


def test_the_plan_is_the_rate_each_series_trained_with() -> None:
    preset = get_preset("lr-schedules")
    config = preset.resolve(dataset="digits", seed=4, overrides=SMALL)
    run = preset.build(config)
    for _ in range(150):
        run.step()
    snap = run.snapshot()
    # The table's lr (the rate of the latest update, iteration 149) is the plan's there.
    plan = [rates[0] for rates in lr_plan(config, [149])]
    assert [s.extra["lr"] for s in snap.series] == pytest.approx(plan)
    # ... and the designs: warm-up climbs to the top in 100 iterations, step decay halves
    # every 100, cosine ends at 0, the constant stays at the top.
    base = config["lr"]
    constant, step, exponential, cosine, warm = lr_plan(config, [0, 99, 100, 299])
    assert constant == [base] * 4
    assert step == pytest.approx([base, base, base / 2, base / 4])
    assert warm[0] == pytest.approx(base / 100) and warm[1] == pytest.approx(base)
    assert cosine[0] == base and cosine[-1] == pytest.approx(0.0, abs=1e-12)
    assert exponential[2] == pytest.approx(base / 2)
    drive_to_end(run)


def test_lr_series_draws_done_solid_up_to_now_and_the_rest_faint() -> None:
    its = np.arange(10.0)
    plan = [[0.3] * 10, [0.3 - 0.03 * i for i in range(10)]]
    series = lr_series(plan, its, ["constant", "step"], now=4, shown=range(2))
    faint = [s for s in series if s.faint]
    solid = [s for s in series if not s.faint]
    assert [len(s.x) for s in faint] == [10, 10]  # the whole schedule, to come included
    assert [s.name for s in solid] == ["constant", "step"]
    np.testing.assert_array_equal(solid[1].x, np.arange(5.0))  # iterations 0..4 done
    assert solid[1].y[-1] == pytest.approx(0.3 - 0.12)  # the legend's rate now
    assert [s.color for s in solid] == [views.color_of(0), views.color_of(1)]


def test_a_short_run_is_paced_for_the_dashboard_only() -> None:
    assert paced_speed(2000, 0.0) == FULL_SPEED
    level = paced_speed(2000, 20.0)
    assert SPEEDS[level] * 2000 >= 20.0 and SPEEDS[level + 1] * 2000 < 20.0
    assert paced_speed(10, 20.0) == 0  # as slow as it gets
    preset = get_preset("lr-schedules")
    assert watch_speed(request_of(preset, dataset="digits")) == level
    assert LiveSource(request_of(preset, dataset="digits")).speed == level
    assert LiveSource(request_of(get_preset("batch-size"))).speed == FULL_SPEED
    assert TrainingDriver().speed == FULL_SPEED  # what headless steps with


@sync
async def test_the_lr_panel_shows_on_a_wide_screen_and_gives_way_on_a_narrow_one() -> None:
    async with open_dashboard("lr-schedules", size=(120, 40), speed=FULL_SPEED,
                              **SMALL) as (pilot, dash):
        await wait_for(pilot, lambda: dash.state == "done", timeout=60)
        dash.redraw()
        await pilot.pause()
        # One seed where the look-for's sizes were measured on three: the line says so.
        look = dash.query_one("#dash-look", LookFor).full.plain
        assert look.endswith("(one seed: noisier than the 3 measured)")
        panel = dash.query_one("#panel-lr", LrPanel)
        assert panel.display
        solid = [s for s in panel.series if not s.faint]
        assert [s.name for s in solid] == list(SCHEDULE_SERIES)
        assert solid[0].y[-1] == pytest.approx(0.3) and solid[3].y[-1] < 0.01  # cosine
        await pilot.resize_terminal(80, 24)
        dash.redraw()
        await pilot.pause()
        assert not panel.display
        await pilot.press("q")


def _column_extent(loss: np.ndarray, weight: float, columns: int) -> float:
    """The median vertical extent (decades) a smoothed loss curve spans within one of
    ``columns`` plot columns: what min/max decimation draws as a bar in each column."""
    from nntui.core.metrics import ema_smooth

    y = np.log10(ema_smooth(loss, weight))
    return float(np.median([np.ptp(c) for c in np.array_split(y, columns)]))


def test_the_default_smoothing_draws_each_loss_as_a_line_not_a_bar() -> None:
    preset = get_preset("lr-schedules")
    weight = preset.defaults("digits")["smoothing"]
    assert views.SMOOTHING[views.smoothing_step(weight)] == weight  # a `[`/`]` level
    config = preset.resolve(dataset="digits", seed=7, overrides={"seeds": "1"})
    snap = drive_to_end(preset.build(config))
    # In a 40-column panel on a log axis of ~3 decades over ~10 rows, a row is ~0.3
    # decades: the default keeps every series within a row per column; 0.9 does not.
    for s in snap.series:
        assert _column_extent(s.loss, weight, 40) < 0.15, s.name
    assert max(_column_extent(s.loss, 0.9, 40) for s in snap.series) > 0.3
