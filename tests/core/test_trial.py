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


def _wide_data() -> TrialData:
    """MNIST-like rows: 300 wide (packed), the first 40 and last 60 columns blank."""
    rng = np.random.default_rng(5)
    x = rng.random((120, 300)).astype(np.float32)
    x[:, :40] = 0.0
    x[:, -60:] = 0.0
    t = (x[:, 50:150].sum(axis=1) > x[:, 150:240].sum(axis=1)).astype(np.int64)
    return TrialData(x[:80], t[:80], x[80:], t[80:], n_classes=2, hidden=(12,),
                     batch_size=16, epochs=3)


def test_a_wide_trial_trains_and_evaluates_packed_rows_like_the_full_rows(
        monkeypatch) -> None:
    from nntui.core.network import Network

    seen: list[str] = []
    gradient = Network.gradient

    def spy(self, x, t):
        seen.append(type(x).__name__)
        return gradient(self, x, t)

    monkeypatch.setattr(Network, "gradient", spy)
    task = TrialTask(0, 1, lr=0.2, weight_decay=0.01, seed=3)
    packed = run_trial(task, _wide_data())
    assert set(seen) == {"PackedRows"} and len(seen) == 3 * 5  # every batch packed
    again = run_trial(task, _wide_data())
    assert again.train_loss.tobytes() == packed.train_loss.tobytes()  # same seed, same bits
    monkeypatch.setattr("nntui.core.trial.pack_columns", lambda x: None)
    monkeypatch.setattr("nntui.core.evaluate.pack_columns", lambda x, min_width: None)
    full = run_trial(task, _wide_data())
    # Packing skips exact zeros: the same training to float rounding.
    np.testing.assert_allclose(packed.train_loss, full.train_loss, rtol=1e-4)
    np.testing.assert_array_equal(packed.val_acc, full.val_acc)
    np.testing.assert_array_equal(packed.train_acc, full.train_acc)
    for key, w in full.state.items():
        np.testing.assert_allclose(packed.state[key], w, rtol=1e-3, atol=1e-5, err_msg=key)


def test_a_narrow_trial_is_not_packed(monkeypatch) -> None:
    # 8 columns: gathering them per batch costs more than the multiply-adds it saves.
    from nntui.core.network import Network

    seen: list[str] = []
    predict = Network.predict

    def spy(self, x, *args, **kw):
        seen.append(type(x).__name__)
        return predict(self, x, *args, **kw)

    monkeypatch.setattr(Network, "predict", spy)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 8)).astype(np.float32)  # the network's dtype: packable
    x[:, 0] = 0.0  # a blank column that min_width=0 would pack
    t = rng.integers(0, 3, 60)
    data = TrialData(x, t, x[:20], t[:20], n_classes=3, hidden=(10,), batch_size=10,
                     epochs=4)
    run_trial(TrialTask(0, 1, lr=0.1, weight_decay=0.0, seed=1), data)
    assert seen and set(seen) == {"ndarray"}
