"""How a preset is shown: its `PresetView`, read only by the dashboard (`nntui.tui`) and the
printed charts and tables of `--headless` (`nntui.headless`).

A `Preset` (`nntui.presets.base`) is the experiment: its settings, series and builder. Its
view says which panels the dashboard lays out and how they label, smooth and tabulate what
the run records; and so what the run must compute while it goes (`PresetView.compute`),
which the front end passes to `Preset.build`. The domain code (core, the builders, the
pipeline, the run folder) never reads a view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nntui.i18n import N_
from nntui.presets.compute import Compute

if TYPE_CHECKING:
    from nntui.presets.params import RunConfig

#: Panels a preset may ask the dashboard for.
PANELS = (
    "loss",  # loss curves of every series (raw faint + smoothed)
    "accuracy",  # train and test/validation accuracy per series
    "gap",  # train − test/validation accuracy per series over time (regularization)
    "histograms",  # activation histograms per hidden layer of the selected series
    "paths",  # 2-D optimizer paths over contour lines
    "boundary",  # decision-boundary shading for 2-D datasets
    "trials",  # sortable hyperparameter-search trial table
    "scatter",  # lr x weight-decay scatter coloured by validation accuracy
    "table",  # a per-series table of `extra` values (gradient check, sparsity)
    "sweep",  # final accuracy against the swept setting, one curve per variant (batchnorm)
    "gradients",  # per-layer gradient norm over training of the selected series
    "lr",  # each series' learning rate over the run: its schedule (lr-schedules)
)

#: series name -> (curve, x) on a sweep, or None for a series off it.
Sweep = Callable[[str], "tuple[str, float] | None"]
#: (config, iterations) -> per series, its learning rate at each of those iterations.
LrPlan = Callable[["RunConfig", Sequence[int]], "list[list[float]]"]


@dataclass(frozen=True)
class PresetView:
    """The dashboard's panels for one preset (in `PANELS` order of importance: the first
    ones get the upper row) and how they show the run."""

    panels: tuple[str, ...]
    #: What the "loss" panel plots (gradient-check puts each check's worst relative error
    #: there) and whether it is smoothed (a handful of checks is not a noisy curve).
    loss_label: str = N_("loss")
    smooth_loss: bool = True
    #: True: the loss panel draws validation loss (training loss dim behind it), where
    #: over-fitting shows (early-stopping).
    loss_on_validation: bool = False
    #: Per-series `extra` values worth a column in the end-of-run summary table (headless)
    #: and in the dashboard's table panel (other `extra` values say nothing there).
    summary_columns: tuple[str, ...] = ()
    #: The activation histograms' x range: "shared" by every layer where the preset
    #: compares layers or inits (a layer collapsing toward 0 shows as narrow, as in the
    #: book's figures), else "layer" (each layer its own range). `h` toggles it live.
    histogram_range: str = "layer"
    #: The lesson is the train–test gap (regularization): the table and the final report
    #: show train, test and their difference per series.
    show_gap: bool = False
    #: Series that sweep one setting (batchnorm's 16 weight scales, with and without BN):
    #: where each series sits on the sweep; the "sweep" panel draws final accuracy
    #: against x, one curve per variant.
    sweep: Sweep | None = None
    #: The sweep's x axis label ("weight scale"). Like `loss_label`, the summary columns and
    #: the series names, it is marked with N_(): show it through _().
    sweep_label: str = ""
    #: The series the dashboard opens focused on (and so the group it draws first, where
    #: the series are drawn a group at a time): the one that shows the finding.
    start_focus: int = 0
    #: Each series' learning rate over the run, for the "lr" panel (lr-schedules).
    lr_plan: LrPlan | None = None
    #: The live dashboard starts throttled so that a run this short lasts at least this
    #: many seconds (`pipeline.drive.paced_speed`): 0 = full speed. Only the pace changes:
    #: the steps, and so the numbers, are the same; headless always runs at full speed.
    watch_seconds: float = 0.0

    def __post_init__(self) -> None:
        unknown = [p for p in self.panels if p not in PANELS]
        if unknown:
            raise ValueError(f"unknown panels {unknown}; choose from {PANELS}")

    def compute(self) -> Compute:
        """What a run shown this way computes as it goes: live histograms only where a
        panel draws them (without, they are computed once, at the end, for the summary);
        gradient statistics where the gradient-flow panel draws them, and with a histogram
        row beside it also the distributions of ∂L/∂W and W over time."""
        grads = "gradients" in self.panels
        return Compute(live_histograms="histograms" in self.panels, gradient_stats=grads,
                       gradient_histograms=grads and "histograms" in self.panels)

    @property
    def grouped_plots(self) -> bool:
        """Line plots draw the series (loss, accuracy): more than a plot names are then
        drawn a group at a time, and the table follows the group."""
        return any(p in self.panels for p in ("loss", "accuracy"))
