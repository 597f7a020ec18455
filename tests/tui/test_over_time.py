"""The dashboard's views over time (issue 24): `w` steps the histogram row through "now"
and the kinds the series records over time, each a heatmap per layer of that history; the
gradient-flow panel draws the focused series' recorded ‖∂L/∂W‖, one curve per layer."""

from __future__ import annotations

import numpy as np

from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot
from nntui.presets import PRESETS
from nntui.presets.view import PresetView
from nntui.tui.gradient_flow import GradientPanel, gradient_series
from nntui.tui.histogram_views import histogram_views
from nntui.tui.panels import HistogramPanel, PanelView
from nntui.tui.view_state import ViewState

EDGES = np.linspace(0.0, 1.0, 5)


def hists(counts: list[int], layers: int = 2) -> tuple[LayerHistogram, ...]:
    return tuple(LayerHistogram(i + 1, np.array(counts), EDGES, 0.5, 0.1)
                 for i in range(layers))


def series(name: str = "net", **kw: object) -> SeriesSnapshot:
    history = ((0, hists([8, 2, 0, 0])), (50, hists([0, 0, 2, 8])))
    return SeriesSnapshot(name, histograms=history[-1][1], histogram_history=history,
                          **kw)  # type: ignore[arg-type]


def snap(*s: SeriesSnapshot) -> Snapshot:
    return Snapshot(iteration=50, total=50, epoch=0.0, elapsed_s=1.0, samples_per_s=1.0,
                    done=True, series=s)


def test_w_steps_through_now_and_the_kinds_each_series_records() -> None:
    grads = ((0, hists([1, 1, 1, 1], 3)),)
    plain, full = series("a"), series("b", grad_histogram_history=grads,
                                       weight_histogram_history=grads)
    assert histogram_views(plain) == ("now", "activations")
    assert histogram_views(full) == ("now", "activations", "gradients", "weights")
    assert histogram_views(SeriesSnapshot("c")) == ("now",)
    view = ViewState(PresetView(panels=("histograms",)), focus=1)
    seen = [view.next_histogram_view([plain, full]) for _ in range(4)]
    assert seen == ["activations", "gradients", "weights", "now"]
    assert view.panel_view().histogram_view == "now"
    view.next_histogram_view([plain, full])
    view.next_histogram_view([plain, full])  # gradients, then focus a series without them:
    view.focus = 0
    assert view.next_histogram_view([plain, full]) == "now"  # "gradients" not offered: first
    assert view.next_histogram_view([SeriesSnapshot("c")]) is None  # nothing over time
    assert view.histogram_view == "now"


def test_histogram_panel_draws_the_history_it_is_asked_for() -> None:
    grads = ((0, hists([0, 0, 0, 4], 3)), (50, hists([4, 0, 0, 0], 3)))
    s = snap(series("net", grad_histogram_history=grads))
    panel = HistogramPanel(PRESETS["init-compare"])
    panel.update(s, PanelView())
    now = [t.text for t in panel.build_strips(60, 8)]
    assert now[0].startswith("activations of ● net") and "w: over time" in now[0]
    panel.update(s, PanelView(histogram_view="activations"))
    text = [t.text for t in panel.build_strips(60, 8)]
    assert text[0].startswith("activations over time: ● net · y: value, x: iteration")
    assert panel.layer_count == 2 and "L1 0…1" in text[2] and "L2 0…1" in text[2]
    # First record: mass in the lowest bin (bottom row), last: in the highest (top row).
    rows = [t[:30] for t in text[3:7]]
    assert rows[-1][0] == "█" and rows[0][0] == " " and rows[0][-1] == "█"
    assert text[7].split()[:2] == ["0", "50"]
    panel.update(s, PanelView(histogram_view="gradients"))
    text = [t.text for t in panel.build_strips(90, 8)]
    assert text[0].startswith("gradients ∂L/∂W over time: ● net") and panel.layer_count == 3
    rows = [t[:30] for t in text[3:7]]
    assert rows[0][0] == "█" and rows[-1][-1] == "█"  # the gradients' own history


def test_gradient_flow_curves_are_the_recorded_norms_layer_by_layer() -> None:
    norms = np.array([[1e-6, 1e-3, 1.0], [2e-6, 3e-3, 0.5]])
    s = SeriesSnapshot("sigmoid", grad_it=np.array([0, 29]), grad_norm=norms,
                       update_ratio=norms / 10)
    curves = gradient_series(s)
    assert [c.name for c in curves] == ["W1", "W2", "W3"]
    for i, c in enumerate(curves):
        assert c.x.tolist() == [0.0, 29.0] and c.y.tolist() == norms[:, i].tolist()
    panel = GradientPanel(PRESETS["init-compare"])
    panel.update(snap(series("a"), s), PanelView(focus=1))
    assert panel.title == "‖∂L/∂W‖ per layer: ■ sigmoid" and panel.log_y
    assert [c.y.tolist() for c in panel.series] == norms.T.tolist()
    panel.update(snap(series("a"), s), PanelView(focus=0))  # a series without records
    assert panel.series == ()


def test_presets_with_the_gradient_panel_compute_its_statistics() -> None:
    for name in ("activation-histograms", "init-compare", "activations", "batchnorm"):
        view = PRESETS[name].view
        compute = view.compute()
        assert "gradients" in view.panels and compute.gradient_stats, name
        assert compute.gradient_histograms == ("histograms" in view.panels), name
    assert not PRESETS["optimizer-race"].view.compute().gradient_stats


def test_w_notes_the_view_it_switched_to() -> None:
    s = snap(series("net"))
    view = ViewState(PresetView(panels=("histograms",)))
    assert view.histogram_view_note(s) == "histograms: activations over time"
    assert view.key()[-1] == "activations"  # the dashboard's next tick redraws on it
    assert view.histogram_view_note(s) == "histograms: now"
    assert view.histogram_view_note(None) == "histograms: nothing recorded over time yet"
    plain = ViewState(PresetView(panels=("loss",)))  # no histogram row: nothing to switch
    assert plain.histogram_view_note(s) == "histograms: nothing recorded over time yet"
    assert plain.histogram_view == "now"
