"""One hyperparameter-search trial: a diverging learning rate ends the trial quietly."""

from __future__ import annotations

import math
import warnings

import numpy as np

from nntui.core.trial import TrialData, TrialTask, run_trial


def _data() -> TrialData:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 8))
    t = rng.integers(0, 3, 60)
    return TrialData(x, t, x[:20], t[:20], n_classes=3, hidden=(10,), batch_size=10,
                     epochs=4)


def test_a_diverging_trial_prints_no_warning_and_pads_with_nan() -> None:
    # NumPy's overflow warnings from a worker process land on the dashboard's screen.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = run_trial(TrialTask(0, 1, lr=1e6, weight_decay=0.0, seed=1), _data())
    assert result.val_acc.shape == (4,)
    assert math.isnan(result.val_acc[-1])


def test_a_sane_trial_records_every_epoch() -> None:
    result = run_trial(TrialTask(0, 1, lr=0.1, weight_decay=0.0, seed=1), _data())
    assert result.val_acc.shape == result.train_acc.shape == (4,)
    assert np.all(np.isfinite(result.val_acc)) and np.all(result.val_acc <= 1)
