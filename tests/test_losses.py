"""helpers.losses: values from hand computations and independent formulas, gradients from finite
differences, stability at logits of ±1e4, and bad inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import losses

LN2, LN3 = math.log(2.0), math.log(3.0)


def numeric_grad(f, x, h=1e-6):
    """Central finite differences of the scalar function ``f`` at every entry of ``x``."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def naive_log_softmax(z):  # only for moderate logits: the textbook formula, no shift
    z = np.asarray(z, dtype=float)
    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))


def no_float_trouble():
    """Overflow, 0/0 and log(0) raise inside this context (underflow to 0 is allowed)."""
    return np.errstate(over="raise", invalid="raise", divide="raise")


# --- softmax and log_softmax --------------------------------------------------------------------


def test_softmax_by_hand():
    # exp(0) : exp(ln 2) : exp(ln 3) = 1 : 2 : 3
    np.testing.assert_allclose(losses.softmax([0.0, LN2, LN3]), [1 / 6, 2 / 6, 3 / 6], rtol=1e-14)
    np.testing.assert_allclose(losses.softmax([[5.0, 5.0]]), [[0.5, 0.5]], rtol=1e-15)


def test_log_softmax_matches_the_textbook_formula_on_moderate_logits(rng):
    z = rng.normal(scale=3.0, size=(5, 7))
    np.testing.assert_allclose(losses.log_softmax(z), naive_log_softmax(z), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(losses.softmax(z).sum(axis=-1), 1.0, rtol=1e-14)


def test_softmax_is_shift_invariant_along_the_last_axis(rng):
    z = rng.normal(size=(3, 4))
    shift = np.array([[100.0], [-50.0], [0.5]])
    np.testing.assert_allclose(losses.softmax(z + shift), losses.softmax(z), rtol=1e-12)


@pytest.mark.parametrize("big", [1e4, 1e300])
def test_log_softmax_is_exact_at_extreme_logits(big):
    with no_float_trouble():
        out = losses.log_softmax(np.array([[big, 0.0, -big], [0.0, 0.0, big]]))
    # log softmax(z)_k = z_k − log Σ exp z; the largest logit dominates the sum completely
    np.testing.assert_allclose(out[0], [0.0, -big, -2 * big], rtol=1e-15)
    np.testing.assert_allclose(out[1], [-big, -big, 0.0], rtol=1e-15)
    with no_float_trouble():
        p = losses.softmax(np.array([big, 0.0, -big]))
    np.testing.assert_array_equal(p, [1.0, 0.0, 0.0])


def test_log_softmax_of_equal_huge_logits_is_log_of_one_over_k():
    out = losses.log_softmax(np.full(4, -1e4))
    np.testing.assert_allclose(out, -math.log(4.0), rtol=1e-15)


@pytest.mark.parametrize("bad", [np.array([]), np.zeros((3, 0)), 3.0])
def test_log_softmax_needs_at_least_one_class(bad):
    with pytest.raises(ValueError, match="logits"):
        losses.log_softmax(bad)
    with pytest.raises(ValueError, match="logits"):
        losses.softmax(bad)


# --- sigmoid --------------------------------------------------------------------------------------


def test_sigmoid_by_hand_and_symmetry(rng):
    # σ(0) = 1/2, σ(ln 3) = 1/(1 + 1/3) = 3/4
    np.testing.assert_allclose(losses.sigmoid([0.0, LN3, -LN3]), [0.5, 0.75, 0.25], rtol=1e-15)
    z = rng.normal(scale=5.0, size=50)
    np.testing.assert_allclose(losses.sigmoid(-z), 1.0 - losses.sigmoid(z), atol=1e-15)
    np.testing.assert_allclose(losses.sigmoid(z), 1.0 / (1.0 + np.exp(-z)), rtol=1e-14)


def test_sigmoid_at_extreme_logits_has_no_overflow():
    with no_float_trouble():
        out = losses.sigmoid(np.array([-1e4, -40.0, 40.0, 1e4]))
    assert out[0] == 0.0 and out[3] == 1.0
    np.testing.assert_allclose(out[1], math.exp(-40.0) / (1 + math.exp(-40.0)), rtol=1e-14)
    np.testing.assert_allclose(out[2], 1.0 / (1 + math.exp(-40.0)), rtol=1e-15)


# --- softmax cross-entropy ------------------------------------------------------------------------


def test_softmax_cross_entropy_by_hand():
    # uniform logits over 3 classes: every example has loss ln 3; gradient (1/3 − onehot) / N
    loss, grad = losses.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 2]))
    assert loss == pytest.approx(LN3, rel=1e-15)
    np.testing.assert_allclose(grad, [[-1 / 3, 1 / 6, 1 / 6], [1 / 6, 1 / 6, -1 / 3]], rtol=1e-14)


def test_softmax_cross_entropy_is_the_mean_categorical_nll(rng):
    z = rng.normal(scale=2.0, size=(6, 4))
    y = rng.integers(0, 4, size=6)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)  # independent softmax
    expected = -np.mean(np.log(p[np.arange(6), y]))
    loss, _ = losses.softmax_cross_entropy(z, y)
    assert loss == pytest.approx(expected, rel=1e-13)


def test_softmax_cross_entropy_gradient_matches_finite_differences(rng):
    z = rng.normal(size=(4, 5))
    y = np.array([0, 4, 2, 2])
    _, grad = losses.softmax_cross_entropy(z, y)
    numeric = numeric_grad(lambda v: losses.softmax_cross_entropy(v, y)[0], z)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-15)  # softmax − onehot sums to 0


def test_softmax_cross_entropy_is_finite_and_exact_at_extreme_logits():
    z = np.array([[1e4, 0.0, -1e4], [1e4, 0.0, -1e4]])
    with no_float_trouble():
        loss, grad = losses.softmax_cross_entropy(z, np.array([0, 2]))
    # example 1 is right with certainty (loss 0), example 2 wrong by 2e4 nats
    assert loss == pytest.approx((0.0 + 2e4) / 2, rel=1e-15)
    np.testing.assert_allclose(grad, [[0.0, 0.0, 0.0], [0.5, 0.0, -0.5]], atol=1e-300)


@pytest.mark.parametrize(
    ("logits", "labels", "match"),
    [
        (np.zeros((2, 3)), np.array([0, 3]), "labels must lie in 0..2; got 3"),
        (np.zeros((2, 3)), np.array([-1, 0]), "labels must lie in 0..2; got -1"),
        (np.zeros((2, 3)), np.array([0, 1, 2]), r"labels must have shape \(2,\)"),
        (np.zeros(3), np.array([0]), r"logits must have 2 dimension\(s\), got shape \(3,\)"),
        (np.array([[0.0, np.nan]]), np.array([0]), "logits contains NaN"),
        (np.zeros((0, 3)), np.array([], dtype=int), "logits is empty"),
    ],
)
def test_softmax_cross_entropy_rejects_bad_input(logits, labels, match):
    with pytest.raises(ValueError, match=match):
        losses.softmax_cross_entropy(logits, labels)


@pytest.mark.parametrize("labels", [np.array([0.0, 1.0]), np.array([True, False]), ["0", "1"]])
def test_softmax_cross_entropy_rejects_labels_that_are_not_integers(labels):
    with pytest.raises(TypeError, match="labels must hold integer class labels, got dtype"):
        losses.softmax_cross_entropy(np.zeros((2, 3)), labels)


def test_softmax_cross_entropy_matches_an_independent_row_by_row_loop(rng):
    # one example at a time, straight from the definition: p = e^z / Σ e^z, −log p_y, p − e_y
    z, y = rng.normal(scale=3.0, size=(5, 4)), np.array([3, 0, 1, 1, 2])
    loss, grad = losses.softmax_cross_entropy(z, y)
    total, expected = 0.0, np.zeros_like(z)
    for i in range(5):
        p = np.exp(z[i]) / np.sum(np.exp(z[i]))
        total -= math.log(p[y[i]])
        expected[i] = p
        expected[i, y[i]] -= 1.0
    assert loss == pytest.approx(total / 5, rel=1e-13)
    np.testing.assert_allclose(grad, expected / 5, rtol=1e-12, atol=1e-15)


# --- mean squared error ---------------------------------------------------------------------------


def test_mean_squared_error_by_hand():
    loss, grad = losses.mean_squared_error(np.array([1.0, 2.0, 4.0]), np.array([1.0, 0.0, 1.0]))
    assert loss == pytest.approx((0 + 4 + 9) / 3, rel=1e-15)
    np.testing.assert_allclose(grad, [0.0, 4 / 3, 6 / 3], rtol=1e-15)


def test_mean_squared_error_gradient_matches_finite_differences(rng):
    p, t = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    _, grad = losses.mean_squared_error(p, t)
    numeric = numeric_grad(lambda v: losses.mean_squared_error(v, t)[0], p)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize(
    ("predictions", "targets", "match"),
    [
        (np.zeros(3), np.zeros(4), r"predictions \(3,\) and targets \(4,\)"),
        (np.array([]), np.array([]), "predictions is empty"),
        (np.array([np.inf]), np.array([0.0]), "predictions contains NaN or infinite"),
        (np.array([0.0]), np.array([np.nan]), "targets contains NaN"),
    ],
)
def test_mean_squared_error_rejects_bad_input(predictions, targets, match):
    with pytest.raises(ValueError, match=match):
        losses.mean_squared_error(predictions, targets)


# --- binary cross-entropy (logistic loss) ---------------------------------------------------------


def test_binary_cross_entropy_by_hand():
    # z = 0: −log ½ = ln 2 for either label; z = ln 3: σ = 3/4, so −log ¾ (y=1), −log ¼ (y=0)
    loss, grad = losses.binary_cross_entropy(np.array([0.0, LN3, LN3]), np.array([1, 1, 0]))
    assert loss == pytest.approx((LN2 - math.log(0.75) - math.log(0.25)) / 3, rel=1e-14)
    np.testing.assert_allclose(grad, [(0.5 - 1) / 3, (0.75 - 1) / 3, 0.75 / 3], rtol=1e-14)


def test_binary_cross_entropy_is_the_bernoulli_nll(rng):
    z = rng.normal(scale=3.0, size=20)
    y = rng.integers(0, 2, size=20)
    s = 1.0 / (1.0 + np.exp(-z))  # independent σ for moderate z
    expected = -np.mean(y * np.log(s) + (1 - y) * np.log(1 - s))
    assert losses.binary_cross_entropy(z, y)[0] == pytest.approx(expected, rel=1e-12)


def test_binary_cross_entropy_gradient_matches_finite_differences(rng):
    z = rng.normal(size=6)
    y = np.array([0, 1, 1, 0, 1, 0])
    _, grad = losses.binary_cross_entropy(z, y)
    numeric = numeric_grad(lambda v: losses.binary_cross_entropy(v, y)[0], z)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


def test_binary_cross_entropy_is_exact_at_extreme_logits():
    z = np.array([1e4, -1e4, 1e4, -1e4])
    y = np.array([0, 1, 1, 0])
    with no_float_trouble():
        loss, grad = losses.binary_cross_entropy(z, y)
    # confidently wrong twice (−log σ(−1e4) = 1e4 each), confidently right twice (0)
    assert loss == pytest.approx(2e4 / 4, rel=1e-15)
    np.testing.assert_allclose(grad, [0.25, -0.25, 0.0, 0.0], atol=1e-300)


@pytest.mark.parametrize(
    ("labels", "match"),
    [
        (np.array([0, 2]), "labels must be 0 or 1"),
        (np.array([0.5, 1.0]), "labels must be 0 or 1"),
        (np.array([0, 1, 1]), "labels must have the shape of logits"),
    ],
)
def test_binary_cross_entropy_rejects_bad_labels(labels, match):
    with pytest.raises(ValueError, match=match):
        losses.binary_cross_entropy(np.zeros(2), labels)


def test_binary_cross_entropy_rejects_non_finite_logits():
    with pytest.raises(ValueError, match="logits contains NaN or infinite"):
        losses.binary_cross_entropy(np.array([np.inf, 0.0]), np.array([1, 0]))
