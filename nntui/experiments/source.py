"""An experiment file as a `Preset`: the one pipeline (resolve_run, headless, dashboard)
runs it like any preset of the "train" kind.

The preset's parameters are the file's shared settings (so `--set lr=0.1` and the settings
form change them; a series' own value still wins over a shared one); its builder is a
`TrainBuilder` whose series factory turns each `[[series]]` table into a `SeriesSpec`.
Panels follow from what the series differ in: loss and accuracy, histograms always, the
decision boundary on 2-D datasets, a table of lr or sparsity when schedules or penalties
differ; the loss panel shows validation loss when a series stops early.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from nntui.experiments.schema import (
    DATASETS,
    IMAGE_DATASETS,
    SERIES_PARAMS,
    SHARED_PARAMS,
    TWO_D_DATASETS,
    ExperimentDef,
    init_value,
)
from nntui.i18n import _, join_list
from nntui.presets.base import Preset
from nntui.presets.kinds.train import TrainBuilder
from nntui.presets.params import Param, RunConfig, Value
from nntui.presets.view import PresetView

if TYPE_CHECKING:
    from nntui.core.data import Dataset
    from nntui.core.experiment import SeriesSpec

_SCHEDULE_KEYS = ("schedule", "warmup", "step_size", "gamma", "min_ratio")
_PENALTY_KEYS = ("l1", "l2")


@dataclass(frozen=True)
class FileSeries:
    """The series factory of an experiment file: RunConfig (shared values) + Dataset ->
    one SeriesSpec per `[[series]]` table, in file order."""

    definition: ExperimentDef

    def values(self, config: RunConfig) -> list[tuple[str, dict[str, Value]]]:
        """(name, every series setting) per series: its own value, else the shared one."""
        shared = {p.key: config.get(p.key, p.default) for p in SERIES_PARAMS}
        return [(s.name, {**shared, **dict(s.values)}) for s in self.definition.series]

    def __call__(self, config: RunConfig, dataset: Dataset) -> Sequence[SeriesSpec]:
        # core (and NumPy) load on the first build, not with the catalog
        from nntui.core.experiment import SeriesSpec
        from nntui.core.network import NetworkConfig
        from nntui.core.optimizers import OptimizerConfig
        from nntui.core.schedules import Schedule

        specs = []
        for name, v in self.values(config):
            net = NetworkConfig(
                input_size=dataset.n_features,
                hidden_sizes=v["hidden"],  # type: ignore[arg-type]
                output_size=dataset.n_classes,
                activation=str(v["activation"]),
                init=init_value(v["init"]),
                batch_norm=bool(v["batch_norm"]),
                dropout=float(v["dropout"]),  # type: ignore[arg-type]
                l1=float(v["l1"]),  # type: ignore[arg-type]
                l2=float(v["l2"]),  # type: ignore[arg-type]
            )
            opt = OptimizerConfig(str(v["optimizer"]), **{  # type: ignore[arg-type]
                k: float(v[k]) for k in ("lr", "momentum", "decay_rate", "beta1", "beta2")})
            schedule = Schedule(str(v["schedule"]), warmup=int(v["warmup"]),  # type: ignore[arg-type]
                                step_size=int(v["step_size"]),  # type: ignore[arg-type]
                                gamma=float(v["gamma"]),  # type: ignore[arg-type]
                                min_ratio=float(v["min_ratio"]))  # type: ignore[arg-type]
            specs.append(SeriesSpec(
                name, net, opt, schedule,
                batch_size=int(v["batch_size"]),  # type: ignore[arg-type]
                input_noise=float(v["input_noise"]),  # type: ignore[arg-type]
                augment=bool(v["augment"]),
                augment_shift=int(v["augment_shift"]),  # type: ignore[arg-type]
                augment_degrees=float(v["augment_degrees"]),  # type: ignore[arg-type]
                augment_flip=bool(v["augment_flip"]),
                early_stopping=int(v["early_stopping"]),  # type: ignore[arg-type]
            ))
        return specs


def _params(d: ExperimentDef) -> tuple[Param, ...]:
    """The preset's parameters (what `--set` and the settings form change): the budget,
    hidden, batch_size and every setting the file gives at the top level, defaults taken
    from the file. The rest stay at their schema defaults unless a series sets them."""
    given = dict(d.shared)
    keep = {d.budget_key, "hidden", "batch_size", "seeds", *given}
    out = [p for p in (*SHARED_PARAMS, *SERIES_PARAMS) if p.key in keep]
    return tuple(replace(p, default=given[p.key]) if p.key in given else p for p in out)


def panels_for(d: ExperimentDef) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(panels, summary columns) from what the series differ in (module docstring)."""
    differ = set(d.differing())
    panels = ["loss", "accuracy", "histograms"]
    if d.dataset in TWO_D_DATASETS:
        panels.append("boundary")
    columns: list[str] = []
    if differ & set(_SCHEDULE_KEYS):
        columns.append("lr")
    if differ & set(_PENALTY_KEYS):
        columns += ["sparsity_W1", "sparsity", "weight_norm"]
    if columns:
        panels.append("table")
    return tuple(panels), tuple(columns)


def to_preset(d: ExperimentDef) -> Preset:
    """The Preset that runs the experiment file `d` (see the module docstring)."""
    panels, columns = panels_for(d)
    differ = d.differing()
    names = join_list(s.name for s in d.series)
    # The file's own texts as written; the ones made up here in the user's language.
    about = d.about or _("Experiment file {file}: {count} series ({names}) train in "
                         "lockstep on the same mini-batches.").format(
                             file=d.path, count=len(d.series), names=names)
    look_for = d.look_for or (
        _("The series differ in: {keys}.").format(keys=join_list(differ)) if differ
        else _("The series differ in: nothing (identical settings)."))
    augment = any(d.value(s, "augment") for s in d.series)
    early = any(d.value(s, "early_stopping") for s in d.series)
    return Preset(
        name=d.name,
        title=d.title,
        explanation=about,
        look_for=look_for,
        budget_key=d.budget_key,
        params=_params(d),
        series=tuple(s.name for s in d.series),
        builder=TrainBuilder(FileSeries(d)),
        view=PresetView(
            panels=panels,
            loss_on_validation=early,
            summary_columns=columns,
        ),
        datasets=IMAGE_DATASETS if augment else DATASETS,
        default_dataset=d.dataset,
    )
