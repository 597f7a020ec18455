"""A training preset's resolved settings as an experiment file (`nntui new PRESET FILE`).

The preset's own series factory is asked for its SeriesSpecs (on a stand-in dataset: the
factories read only its input and class counts), and each spec is read back into series
keys. A key with the same value in every series goes to the top level, the others into
each `[[series]]` table, so running the file builds the same series as the preset.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.experiments.schema import INIT_NAMES, SERIES_DEFAULTS
from nntui.i18n import _
from nntui.i18n.reasons import os_reason
from nntui.presets.base import Preset
from nntui.presets.kinds.train import TrainBuilder
from nntui.presets.params import ConfigError, RunConfig, Value

if TYPE_CHECKING:
    from nntui.core.experiment import SeriesSpec

#: Written at the top level even when equal to the schema default: what a reader tunes.
_ALWAYS = ("optimizer", "lr", "hidden", "batch_size", "activation", "init")


@dataclass(frozen=True)
class _Shape:
    """Stands in for a Dataset: a series factory only sizes the network from it."""

    n_features: int = 2
    n_classes: int = 2


def series_values(spec: SeriesSpec, batch_size: int) -> dict[str, Value]:
    """Every series key of one SeriesSpec (the inverse of `source.FileSeries`)."""
    net, opt, sch = spec.network, spec.optimizer, spec.schedule
    init = net.init if isinstance(net.init, str) else repr(float(net.init))
    return {
        "optimizer": opt.name, "lr": float(opt.lr), "momentum": float(opt.momentum),
        "decay_rate": float(opt.decay_rate), "beta1": float(opt.beta1),
        "beta2": float(opt.beta2), "schedule": sch.kind, "warmup": sch.warmup,
        "step_size": sch.step_size, "gamma": float(sch.gamma),
        "min_ratio": float(sch.min_ratio), "init": init, "activation": net.activation,
        "batch_norm": bool(net.batch_norm), "dropout": float(net.dropout),
        "l1": float(net.l1), "l2": float(net.l2), "input_noise": float(spec.input_noise),
        "augment": bool(spec.augment), "augment_shift": spec.augment_shift,
        "augment_degrees": float(spec.augment_degrees), "augment_flip": bool(spec.augment_flip),
        "early_stopping": spec.early_stopping,
        "batch_size": spec.batch_size if spec.batch_size is not None else batch_size,
        "hidden": tuple(net.hidden_sizes),
    }


def toml_value(key: str, value: Value) -> str:
    """One value in TOML syntax (floats by repr, so they read back bit for bit)."""
    if key == "init" and isinstance(value, str) and value not in INIT_NAMES:
        return repr(float(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string


def experiment_toml(preset: Preset, config: RunConfig) -> str:
    """The text of an experiment file that runs `preset` as resolved in `config`;
    ConfigError for a preset that is not a comparison of trained networks."""
    builder = preset.builder
    if not isinstance(builder, TrainBuilder):
        raise ConfigError(_("{preset} is not a comparison of trained networks; experiment "
                            "files describe presets such as optimizer-race, dropout or "
                            "lr-schedules").format(preset=preset.name))
    batch = int(config[builder.batch_key])  # type: ignore[arg-type]
    specs = list(builder.factory(config, _Shape()))  # type: ignore[arg-type]
    rows = [series_values(s, batch) for s in specs]
    shared = {k: rows[0][k] for k in SERIES_DEFAULTS
              if all(r[k] == rows[0][k] for r in rows)}
    lines = [
        f"# Written by `nntui new {preset.name}` (dataset {config.dataset}, "
        f"{'the book setting' if config.book else 'teaching defaults'}).",
        "# Edit freely; run with: nntui run THIS_FILE.toml  (--headless for plain text)",
        f"title = {toml_value('title', preset.title)}",
        f"about = {toml_value('about', preset.explanation)}",
        f"look_for = {toml_value('look_for', preset.look_for_text(config.book, config.dataset))}",
        f"dataset = {toml_value('dataset', config.dataset)}",
        f"{preset.budget_key if preset.budget_key in ('epochs', 'iterations') else 'iterations'}"
        f" = {config[preset.budget_key]}",
    ]
    for key in ("train_size", "eval_every", "seeds", "smoothing"):
        # An epoch budget evaluates once per epoch: eval_every would not be used.
        skip = key == "eval_every" and preset.budget_key == "epochs"
        if config.get(key) is not None and not skip:
            lines.append(f"{key} = {toml_value(key, config[key])}")
    val = config.get("val_fraction", builder.val_fraction)
    if val:
        lines.append(f"val_fraction = {toml_value('val_fraction', float(val))}")  # type: ignore[arg-type]
    if config.get("label_noise"):
        lines.append(f"label_noise = {toml_value('label_noise', config['label_noise'])}")
    # Schedules in play: their knobs are worth seeing even at their defaults.
    scheduled = any(r["schedule"] != "constant" for r in rows)
    for key, value in shared.items():
        if key in _ALWAYS or value != SERIES_DEFAULTS[key] or (
                scheduled and key in ("step_size", "gamma", "min_ratio")):
            lines.append(f"{key} = {toml_value(key, value)}")
    if "batch_size" not in shared:  # series differ in it: the top one defines an epoch
        lines.append(f"batch_size = {batch}")
    for spec, row in zip(specs, rows):
        lines += ["", "[[series]]", f"name = {toml_value('name', spec.name)}"]
        lines += [f"{k} = {toml_value(k, v)}" for k, v in row.items() if k not in shared]
    return "\n".join(lines) + "\n"


def save_preset(preset: Preset, config: RunConfig, path: Path, *, force: bool = False) -> Path:
    """Write `preset` as resolved in `config` to the experiment file `path`; ConfigError
    when the preset cannot be one, the file exists (unless `force`) or cannot be written."""
    text = experiment_toml(preset, config)
    if path.suffix.lower() != ".toml":
        raise ConfigError(_("an experiment file name ends in .toml (got {path})").format(
            path=path))
    if path.exists() and not force:
        raise ConfigError(_("{path} exists already; choose another name or add --force")
                          .format(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(_("cannot write {file}: {reason}").format(
            file=path, reason=os_reason(exc))) from None
    return path


def free_path(folder: Path, stem: str) -> Path:
    """FOLDER/STEM.toml, or STEM-2.toml, STEM-3.toml, ... when taken (the settings form
    saves without asking for a name)."""
    stem = stem.removesuffix(".toml").replace("/", "-")
    path, n = folder / f"{stem}.toml", 2
    while path.exists():
        path, n = folder / f"{stem}-{n}.toml", n + 1
    return path
