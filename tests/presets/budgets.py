"""Tiny budgets that run every preset on `digits` in well under a second each."""

from __future__ import annotations

MINIMAL: dict[str, dict[str, str]] = {
    "optimizer-paths": {"steps": "5"},
    "optimizer-race": {"seeds": "1", "iterations": "20", "hidden": "20,20", "eval_every": "10"},
    "lr-schedules": {"seeds": "1", "iterations": "20", "hidden": "20,20", "eval_every": "10"},
    "batch-size": {"seeds": "1", "iterations": "20", "hidden": "20", "eval_every": "10"},
    "activation-histograms": {"samples": "100"},
    "init-compare": {"seeds": "1", "iterations": "20", "hidden": "20,20", "eval_every": "10"},
    "activations": {"seeds": "1", "iterations": "20", "hidden": "20,20", "eval_every": "10"},
    "batchnorm": {"seeds": "1", "epochs": "1", "hidden": "10,10", "train_size": "200"},
    "weight-decay": {"seeds": "1", "epochs": "2", "hidden": "20,20"},
    "dropout": {"seeds": "1", "epochs": "2", "hidden": "20,20"},
    "regularizers": {"seeds": "1", "epochs": "2", "hidden": "20"},
    "early-stopping": {"seeds": "1", "epochs": "2", "hidden": "20"},
    "noise-and-augmentation": {"seeds": "1", "epochs": "2", "hidden": "20"},
    "hparam-search": {
        "trials": "4", "round2_share": "0.25", "epochs": "1", "hidden": "10", "workers": "1",
    },
    "gradient-check": {"steps": "1", "hidden": "4"},
    "overfit-one-batch": {"seeds": "1", "iterations": "10", "hidden": "20"},
}
