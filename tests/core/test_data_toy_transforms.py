"""Generated 2-D sets and the training-time image transforms."""

from __future__ import annotations

import numpy as np
import pytest

from nntui.core.data import DataError, load
from nntui.core.data.transforms import add_gaussian_noise, augment_images, shift_rotate

TOYS = {"spiral": 3, "moons": 2, "circles": 2, "xor": 2}


@pytest.mark.parametrize(("name", "k"), TOYS.items())
def test_toy_shapes_balance_determinism(name: str, k: int):
    ds = load(name)
    per_class = 600 // k
    assert ds.x_train.shape == (600, 2) and ds.x_test.shape == (300, 2)
    assert ds.x_train.dtype == np.float32 and ds.t_train.dtype == np.int64
    assert ds.input_shape == (2,) and ds.n_classes == k == len(ds.class_names)
    assert np.bincount(ds.t_train).tolist() == [per_class] * k
    assert np.bincount(ds.t_test).tolist() == [per_class // 2] * k
    # standardized with the train pool's statistics
    np.testing.assert_allclose(ds.x_train.mean(axis=0), 0.0, atol=1e-5)
    np.testing.assert_allclose(ds.x_train.std(axis=0), 1.0, atol=1e-4)
    # shuffled file order: the first 60 rows (train_size=60) hold every class
    assert len(np.unique(ds.t_train[:60])) == k
    again = load(name)
    np.testing.assert_array_equal(again.x_train, ds.x_train)
    np.testing.assert_array_equal(again.t_test, ds.t_test)
    noisier = load(name, noise=0.3)
    assert not np.array_equal(noisier.x_train, ds.x_train)
    assert load(name, noise=0.0).x_train.shape == (600, 2)


def test_xor_labels_follow_quadrants_without_noise():
    from nntui.core.data import toy

    ds = load("xor", noise=0.0)
    x, t, _, _ = toy.generate("xor", 0.0)  # raw coordinates, before standardization
    assert np.all((x[:, 0] * x[:, 1] > 0) == (t == 1))
    assert ds.t_train.tolist() == t.tolist()


@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf"), "a lot"])
def test_toy_bad_noise(noise):
    with pytest.raises(DataError, match="noise for moons must be between 0 and 10"):
        load("moons", noise=noise)


def test_gaussian_noise():
    x = np.full((4, 9), 0.5, dtype=np.float32)
    out = add_gaussian_noise(x, 0.2, np.random.default_rng(0))
    assert out.shape == x.shape and out.dtype == np.float32 and not np.array_equal(out, x)
    assert 0.15 < float(np.std(out - x)) < 0.25
    np.testing.assert_array_equal(out, add_gaussian_noise(x, 0.2, np.random.default_rng(0)))
    np.testing.assert_array_equal(add_gaussian_noise(x, 0.0, np.random.default_rng(0)), x)
    wide = add_gaussian_noise(x, 5.0, np.random.default_rng(0))  # not clipped by default
    assert wide.min() < 0.0 < 1.0 < wide.max()
    clipped = add_gaussian_noise(x, 5.0, np.random.default_rng(0), clip=(0.0, 1.0))
    assert clipped.min() == 0.0 and clipped.max() == 1.0
    with pytest.raises(ValueError):
        add_gaussian_noise(x, -1.0, np.random.default_rng(0))


def lit(h: int, w: int, r: int, c: int, n: int = 1) -> np.ndarray:
    img = np.zeros((n, h * w), dtype=np.float32)
    img[:, r * w + c] = 1.0
    return img


def test_shift_moves_one_pixel_exactly():
    x = lit(8, 8, 3, 4)
    out = shift_rotate(x, (8, 8), np.array([[2, -1]]), np.zeros(1))
    np.testing.assert_array_equal(out, lit(8, 8, 5, 3))
    # shifted off the edge: the pixel is gone, zeros come in
    assert shift_rotate(x, (8, 8), np.array([[0, 4]]), np.zeros(1)).sum() == 0.0


def test_rotation_zero_is_identity_and_ninety_turns_ccw():
    rng = np.random.default_rng(1)
    x = rng.random((5, 64), dtype=np.float32)
    np.testing.assert_array_equal(augment_images(x, (8, 8), rng, max_shift=0, max_degrees=0.0), x)
    # 90 degrees counter-clockwise on screen: top-middle pixel goes to left-middle
    out = shift_rotate(lit(5, 5, 0, 2), (5, 5), np.zeros((1, 2)), np.array([90.0]))
    np.testing.assert_allclose(out, lit(5, 5, 2, 0), atol=1e-5)


def test_augment_images_shift_matches_its_draws():
    x = lit(28, 28, 14, 14, n=50)
    out = augment_images(x, (28, 28), np.random.default_rng(7), max_shift=2, max_degrees=0.0)
    shifts = np.random.default_rng(7).integers(-2, 3, size=(50, 2))
    pos = out.argmax(axis=1)
    assert out.shape == x.shape and out.dtype == np.float32
    np.testing.assert_array_equal(pos // 28 - 14, shifts[:, 0])
    np.testing.assert_array_equal(pos % 28 - 14, shifts[:, 1])
    assert len({tuple(s) for s in shifts}) > 5  # per-sample, not one shift for the batch


def test_augment_images_on_digits_keeps_range_and_mass(data_cache):
    ds = load("digits", train_size=64)
    out = augment_images(ds.x_train, ds.input_shape, np.random.default_rng(0), max_shift=0)
    assert out.shape == ds.x_train.shape and out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0 + 1e-6
    # +-10 degrees about the centre keeps most of the ink
    ratio = out.sum(axis=1) / ds.x_train.sum(axis=1)
    assert np.all(ratio > 0.8) and np.all(ratio < 1.2)
    with pytest.raises(ValueError, match="2-D input_shape"):
        augment_images(np.zeros((2, 2), np.float32), (2,), np.random.default_rng(0))


def test_augment_images_flip_mirrors_about_half_and_nothing_else():
    rng = np.random.default_rng(3)
    x = rng.random((400, 28 * 28)).astype(np.float32)
    plain = augment_images(x, (28, 28), np.random.default_rng(9), max_shift=0, max_degrees=0.0)
    flipped = augment_images(x, (28, 28), np.random.default_rng(9), max_shift=0,
                             max_degrees=0.0, flip=True)
    np.testing.assert_array_equal(plain, x)
    mirror = x.reshape(-1, 28, 28)[:, :, ::-1].reshape(len(x), -1)
    same = np.all(flipped == x, axis=1)
    mirrored = np.all(flipped == mirror, axis=1)
    assert np.all(same | mirrored)  # each image is either itself or its mirror image
    assert 150 < mirrored.sum() < 250  # about half, drawn from the rng
