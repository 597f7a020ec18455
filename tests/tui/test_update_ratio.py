"""The gradient-flow panel's second view (`u`, issue 24): each layer's update ratio
‖ΔW‖/‖W‖ over training, on the log axis, as recorded; a step that moved nothing (lr 0) is a
gap, and the title says so when no step moved anything."""

from __future__ import annotations

import numpy as np

from nntui.core.snapshot import SeriesSnapshot, Snapshot
from nntui.presets import PRESETS
from nntui.presets.view import PresetView
from nntui.tui.gradient_flow import GradientPanel, gradient_series
from nntui.tui.panels import PanelView
from nntui.tui.view_state import ViewState

NORMS = np.array([[1e-6, 1e-3, 1.0], [2e-6, 3e-3, 0.5], [4e-6, 5e-3, 0.25]])
RATIOS = np.array([[1e-5, 2e-4, 3e-3], [0.0, 4e-4, 5e-3], [6e-5, 7e-4, 8e-3]])


def snap(s: SeriesSnapshot) -> Snapshot:
    return Snapshot(iteration=60, total=60, epoch=0.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=True, series=(SeriesSnapshot("other"), s))


def recorded(ratios: np.ndarray = RATIOS) -> SeriesSnapshot:
    return SeriesSnapshot("sigmoid", grad_it=np.array([0, 29, 59]), grad_norm=NORMS,
                          update_ratio=ratios)


def test_the_ratio_view_draws_each_layers_recorded_update_ratio() -> None:
    curves = gradient_series(recorded(), "ratio")
    assert [c.name for c in curves] == ["W1", "W2", "W3"]
    for i, c in enumerate(curves):
        assert c.x.tolist() == [0.0, 29.0, 59.0]
        expected = [v if v > 0 else None for v in RATIOS[:, i]]
        assert [None if np.isnan(v) else v for v in c.y] == expected
    panel = GradientPanel(PRESETS["init-compare"])
    panel.update(snap(recorded()), PanelView(focus=1, gradient_view="ratio"))
    assert panel.title == "‖ΔW‖/‖W‖ per layer (u: ‖∂L/∂W‖): ■ sigmoid" and panel.log_y
    assert np.allclose(np.nan_to_num([c.y for c in panel.series]), RATIOS.T)
    panel.update(snap(recorded()), PanelView(focus=1))  # back to the norms
    assert [c.y.tolist() for c in panel.series] == NORMS.T.tolist()
    text = "\n".join(s.text for s in panel.build_strips(70, 12))
    assert "‖∂L/∂W‖ per layer: ■ sigmoid" in text


def test_a_run_that_never_updates_says_so() -> None:
    panel = GradientPanel(PRESETS["activation-histograms"])
    panel.update(snap(recorded(np.zeros_like(RATIOS))), PanelView(focus=1, gradient_view="ratio"))
    assert panel.title == "‖ΔW‖/‖W‖ per layer: ■ sigmoid · no update (lr 0)"


def test_u_switches_the_view_and_the_dashboard_redraws_on_it() -> None:
    view = ViewState(PresetView(panels=("loss", "gradients")))
    before = view.key()
    assert view.gradient_view_note() == "gradient flow: update ratio ‖ΔW‖/‖W‖ per layer"
    assert view.panel_view().gradient_view == "ratio" and view.key() != before
    assert view.gradient_view_note() == "gradient flow: ‖∂L/∂W‖ per layer"
    assert view.panel_view().gradient_view == "norm"
    plain = ViewState(PresetView(panels=("loss",)))
    assert plain.gradient_view_note() == "gradient flow: not shown in this run"
    assert plain.gradient_view == "norm"


def test_on_an_epoch_preset_the_gradients_share_the_dashboards_epoch_axis() -> None:
    panel = GradientPanel(PRESETS["batchnorm"])  # counts epochs: loss and accuracy in epochs
    s = Snapshot(iteration=60, total=60, epoch=12.0, elapsed_s=1.0, samples_per_s=1.0,
                 done=True, series=(SeriesSnapshot("other"), recorded()))
    panel.update(s, PanelView(focus=1))
    assert panel.x_label == "epoch" and panel.x_scale == 0.2
    assert np.allclose([c.x for c in panel.series], [[0.0, 5.8, 11.8]] * 3, rtol=0, atol=1e-12)
    assert [c.y.tolist() for c in panel.series] == NORMS.T.tolist()
