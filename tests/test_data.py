"""helpers.data: the digits, seeded disjoint splits, minibatches and the synthetic generators."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import data


def test_load_digits_shapes_ranges_and_labels():
    x, y = data.load_digits()
    assert x.shape == (1797, 64) and x.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert x.min() == 0.0 and x.max() == 1.0  # 0..16 intensities scaled to [0, 1]
    np.testing.assert_array_equal(np.unique(y), np.arange(10))
    assert np.all(np.bincount(y) >= 170)  # roughly balanced classes


def test_split_indices_are_disjoint_complete_sorted_and_seeded():
    parts = data.split_indices(103, (0.5, 0.3, 0.2), np.random.default_rng(0))
    assert [len(p) for p in parts] == [51, 31, 21]  # floor(51.5), floor(82.4) − 51, the rest
    joined = np.concatenate(parts)
    np.testing.assert_array_equal(np.sort(joined), np.arange(103))  # disjoint and complete
    assert all(np.all(np.diff(p) > 0) for p in parts)
    again = data.split_indices(103, (0.5, 0.3, 0.2), np.random.default_rng(0))
    other = data.split_indices(103, (0.5, 0.3, 0.2), np.random.default_rng(1))
    assert all(np.array_equal(a, b) for a, b in zip(parts, again, strict=True))
    assert not np.array_equal(parts[0], other[0])


@pytest.mark.parametrize(
    ("n", "fractions", "match"),
    [
        (10, (0.5, 0.4), "sum to 1"),
        (10, (0.5, 0.6, -0.1), "positive"),
        (10, (), "fractions"),
        (0, (1.0,), "n must be an integer ≥ 1, got 0"),
        (2, (0.2, 0.8), "empty part"),
    ],
)
def test_split_indices_reject_bad_arguments(n, fractions, match, rng):
    with pytest.raises(ValueError, match=match):
        data.split_indices(n, fractions, rng)


def test_split_indices_need_a_generator():
    with pytest.raises(TypeError, match=r"numpy\.random\.Generator"):
        data.split_indices(10, (0.5, 0.5), 42)


@pytest.mark.parametrize(
    ("n", "fractions", "match"),
    [
        (10.0, (0.5, 0.5), "n must be an integer"),
        (True, (0.5, 0.5), "n must be an integer"),
        (10, ("half", "half"), "fractions must be an array of numbers"),
    ],
)
def test_split_indices_reject_the_wrong_kind_of_argument_with_type_error(n, fractions, match, rng):
    with pytest.raises(TypeError, match=match):
        data.split_indices(n, fractions, rng)


def test_train_dev_test_keeps_pairs_together_and_is_disjoint(rng):
    x = np.arange(50, dtype=float)[:, None] * np.ones((1, 2))
    y = np.arange(50) * 10
    s = data.train_dev_test(x, y, rng)
    assert (len(s.x_train), len(s.x_dev), len(s.x_test)) == (30, 10, 10)
    for xs, ys in ((s.x_train, s.y_train), (s.x_dev, s.y_dev), (s.x_test, s.y_test)):
        np.testing.assert_array_equal(ys, xs[:, 0] * 10)  # each x still has its own y
    seen = np.concatenate([s.y_train, s.y_dev, s.y_test])
    np.testing.assert_array_equal(np.sort(seen), y)


def test_train_dev_test_rejects_bad_input(rng):
    with pytest.raises(ValueError, match="x is empty"):
        data.train_dev_test(np.zeros((0, 2)), np.zeros(0), rng)
    with pytest.raises(ValueError, match="same length, got 5 and 4"):
        data.train_dev_test(np.zeros((5, 2)), np.zeros(4), rng)
    with pytest.raises(ValueError, match="three numbers"):
        data.train_dev_test(np.zeros((5, 2)), np.zeros(5), rng, fractions=(0.5, 0.5))
    with pytest.raises(ValueError, match="sum to 1"):
        data.train_dev_test(np.zeros((50, 2)), np.zeros(50), rng, fractions=(0.5, 0.3, 0.3))


def test_minibatches_cover_every_example_once_per_epoch(rng):
    batches = list(data.minibatches(23, 5, rng))
    assert [len(b) for b in batches] == [5, 5, 5, 5, 3]
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(23))
    dropped = list(data.minibatches(23, 5, rng, drop_last=True))
    assert [len(b) for b in dropped] == [5, 5, 5, 5]
    assert len(np.unique(np.concatenate(dropped))) == 20


def test_minibatches_are_seeded_and_shuffled():
    a = np.concatenate(list(data.minibatches(100, 10, np.random.default_rng(3))))
    b = np.concatenate(list(data.minibatches(100, 10, np.random.default_rng(3))))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, np.arange(100))


def test_minibatches_reject_bad_arguments(rng):
    with pytest.raises(ValueError, match="batch_size must be an integer ≥ 1, got 0"):
        next(data.minibatches(10, 0, rng))
    with pytest.raises(ValueError, match="n must be an integer ≥ 1, got 0"):
        next(data.minibatches(0, 5, rng))
    with pytest.raises(TypeError, match="batch_size must be an integer"):
        next(data.minibatches(10, 2.5, rng))
    with pytest.raises(TypeError, match="drop_last must be True or False"):
        next(data.minibatches(10, 2, rng, drop_last="yes"))


def test_regression_1d_draws_from_the_stated_distribution():
    rng = np.random.default_rng(0)
    x, y = data.regression_1d(np.sin, 20000, rng, noise=0.5, low=-2.0, high=3.0)
    assert x.shape == y.shape == (20000,)
    assert x.min() >= -2.0 and x.max() <= 3.0
    assert x.mean() == pytest.approx(0.5, abs=0.03)  # U(−2, 3) has mean 0.5
    residual = y - np.sin(x)
    assert residual.std() == pytest.approx(0.5, rel=0.03)
    assert residual.mean() == pytest.approx(0.0, abs=0.02)
    x0, y0 = data.regression_1d(np.cos, 5, rng)
    np.testing.assert_array_equal(y0, np.cos(x0))  # noise 0: y = f(x) exactly


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n": 0}, "n must be an integer ≥ 1, got 0"),
        ({"n": 5, "noise": -1.0}, "noise must be a finite number ≥ 0"),
        ({"n": 5, "low": 1.0, "high": 1.0}, "low must be below high"),
        ({"n": 5, "high": np.nan}, "high must be a finite number"),
    ],
)
def test_regression_1d_rejects_bad_arguments(kwargs, match, rng):
    with pytest.raises(ValueError, match=match):
        data.regression_1d(np.sin, rng=rng, **kwargs)


@pytest.mark.parametrize(
    ("f", "kwargs", "match"),
    [
        (np.sin, {"n": 5.0}, "n must be an integer"),
        (np.sin, {"n": 5, "noise": "0.1"}, "noise must be a finite number"),
        ("sin", {"n": 5}, "f must be a function of x"),
    ],
)
def test_regression_1d_rejects_the_wrong_kind_of_argument_with_type_error(f, kwargs, match, rng):
    with pytest.raises(TypeError, match=match):
        data.regression_1d(f, rng=rng, **kwargs)


def test_linear_regression_scales_and_targets():
    rng = np.random.default_rng(1)
    w, scales = np.array([2.0, -1.0, 0.5]), np.array([1.0, 0.1, 3.0])
    x, y = data.linear_regression(50000, w, rng, scales=scales, noise=0.2)
    assert x.shape == (50000, 3) and y.shape == (50000,)
    np.testing.assert_allclose(x.std(axis=0), scales, rtol=0.02)
    assert (y - x @ w).std() == pytest.approx(0.2, rel=0.02)
    x0, y0 = data.linear_regression(4, w, rng)
    np.testing.assert_allclose(y0, x0 @ w)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"weights": []}, "weights is empty"),
        ({"weights": [[1.0, 2.0]]}, "weights must have 1 dimension"),
        ({"weights": [1.0, 2.0], "scales": [1.0]}, "scales must be 2 positive numbers"),
        ({"weights": [1.0], "scales": [0.0]}, "scales"),
        ({"weights": [1.0], "noise": -0.5}, "noise"),
        ({"weights": [1.0], "n": 0}, "n must be an integer ≥ 1, got 0"),
    ],
)
def test_linear_regression_rejects_bad_arguments(kwargs, match, rng):
    kwargs = {"n": 5, **kwargs}
    with pytest.raises(ValueError, match=match):
        data.linear_regression(rng=rng, **kwargs)


def test_corrupt_labels_changes_exactly_the_stated_fraction_to_wrong_classes():
    y = np.random.default_rng(0).integers(0, 10, 200)
    noisy, changed = data.corrupt_labels(y, 0.2, 10, np.random.default_rng(1))
    assert changed.sum() == 40
    assert np.all(noisy[changed] != y[changed])  # every changed label is wrong
    np.testing.assert_array_equal(noisy[~changed], y[~changed])
    assert noisy.min() >= 0 and noisy.max() <= 9
    assert len(np.unique(noisy[changed] - y[changed])) > 3  # not one fixed shift
    again, _ = data.corrupt_labels(y, 0.2, 10, np.random.default_rng(1))
    np.testing.assert_array_equal(noisy, again)
    assert y is not noisy


def test_corrupt_labels_with_two_classes_flips_them():
    y = np.array([0, 1, 0, 1])
    noisy, changed = data.corrupt_labels(y, 1.0, 2, np.random.default_rng(0))
    assert changed.all()
    np.testing.assert_array_equal(noisy, 1 - y)


@pytest.mark.parametrize(
    ("labels", "fraction", "classes", "error", "match"),
    [
        (np.array([0, 1]), 1.5, 2, ValueError, r"fraction must be a number in \[0, 1\], got 1.5"),
        (np.array([0, 1]), 0.5, 1, ValueError, "n_classes must be an integer ≥ 2, got 1"),
        (np.array([0, 5]), 0.5, 3, ValueError, "labels must lie in 0..2"),
        (np.array([], dtype=int), 0.5, 2, ValueError, "non-empty"),
        (np.array([0.0, 1.0]), 0.5, 2, TypeError, "labels must hold integer class labels"),
        (np.array([0, 1]), 0.5, 2.0, TypeError, "n_classes must be an integer"),
        (np.array([0, 1]), "half", 2, TypeError, "fraction must be a number"),
    ],
)
def test_corrupt_labels_rejects_bad_arguments(labels, fraction, classes, error, match, rng):
    with pytest.raises(error, match=match):
        data.corrupt_labels(labels, fraction, classes, rng)


def test_minibatches_check_their_arguments_at_the_call_and_draw_at_the_first_batch():
    with pytest.raises(ValueError, match="batch_size must be an integer ≥ 1, got 0"):
        data.minibatches(10, 0, np.random.default_rng(0))  # no iteration needed
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        data.minibatches(10, 3, None)
    rng = np.random.default_rng(5)
    batches = data.minibatches(10, 4, rng)
    rng.random()  # drawn before the first batch is taken: the permutation comes after it
    expected = np.random.default_rng(5)
    expected.random()
    order = expected.permutation(10)
    got = list(batches)
    assert [b.tolist() for b in got] == [
        order[:4].tolist(),
        order[4:8].tolist(),
        order[8:].tolist(),
    ]


def test_regression_1d_names_a_function_that_returns_nan_or_the_wrong_shape(rng):
    with pytest.raises(
        ValueError, match=r"^f must return finite numbers of shape \(5,\), one per input, got NaN"
    ):
        data.regression_1d(lambda x: np.where(x > 0, x, np.nan), 5, rng, low=-1.0, high=0.0)
    with pytest.raises(ValueError, match=r"got shape \(2,\)$"):
        data.regression_1d(lambda x: x[:2], 5, rng)
    with pytest.raises(TypeError, match=r"^f must return finite numbers .* got str 'abc'$"):
        data.regression_1d(lambda x: "abc", 5, rng)
    with pytest.raises(TypeError, match=r"^n must be an integer ≥ 1, got str '5'$"):
        data.regression_1d(np.sin, "5", rng)
    with pytest.raises(ValueError, match=r"^noise must be a finite number ≥ 0, got nan$"):
        data.regression_1d(np.sin, 5, rng, noise=np.nan)


def test_train_dev_test_refuses_nan_and_keeps_integer_labels(rng):
    x, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    assert data.train_dev_test(x, y, rng).y_train.dtype == y.dtype
    with pytest.raises(ValueError, match="x contains NaN or infinite values"):
        data.train_dev_test(x * np.nan, y, rng)
    with pytest.raises(TypeError, match="y must be an array of numbers, got NoneType None"):
        data.train_dev_test(x, None, rng)


def test_linear_regression_refuses_nan_weights(rng):
    with pytest.raises(ValueError, match="weights contains NaN or infinite values"):
        data.linear_regression(5, [1.0, np.nan], rng)
