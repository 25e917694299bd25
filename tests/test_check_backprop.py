"""The exercises of notebook 04: reference solutions pass, typical mistakes get specific
feedback, unfinished drafts are reported as unfinished, and no check raises."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.check import backprop as ex

# --- reference solutions (what a student would write) ----------------------------------------


def tanh_grad_solution(x):
    return 1 - np.tanh(x) ** 2


def layer_solution(x, W, b, dh):
    z = x @ W + b
    dz = dh * (z > 0)
    return dz @ W.T, x.T @ dz, dz.sum(axis=0)


def cross_entropy_solution(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    return p / len(labels)


def unfinished(*args): ...


# --- 1. ∂L/∂w3 after w4 = 1 -------------------------------------------------------------------


def test_changed_weight_accepts_the_hand_derived_value():
    # w4 = 1: i2 = 1 + 2 = 3, h2 = 3, o = −4 + 9 + 10 = 15, ∂L/∂o = 2(15 − 3) = 24;
    # ∂L/∂w3 = ∂L/∂o · w8 · ReLU′(i2) · x1 = 24 · 3 · 1 · 1.
    verdict = ex.changed_weight(72)
    assert verdict.passed is True
    assert ex.changed_weight(72.0000001).passed is True


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (0, "ReLU of h₂ passes the gradient"),  # the lecture's old value
        (18, "keeps the old ∂L/∂o = 6"),  # 6 · w8 · x1
        (24, "include ∂o/∂h₂ = w₈"),  # ∂L/∂o · x1
        (-72, "check the sign"),
    ],
)
def test_changed_weight_explains_typical_mistakes(answer, says):
    verdict = ex.changed_weight(answer)
    assert verdict.passed is False
    assert says in verdict.message
    # Never reveals the answer (the student's own number is echoed, which may be −72).
    assert "72" not in verdict.message.replace(f"{answer:g}", "", 1)


def test_changed_weight_handles_other_answers():
    assert ex.changed_weight(...).unfinished
    assert ex.changed_weight(None).unfinished
    other = ex.changed_weight(100)
    assert other.passed is False and "too large" in other.message and "72" not in other.message
    assert ex.changed_weight("seventy").passed is False


# --- 2. tanh′ --------------------------------------------------------------------------------


def test_tanh_derivative_accepts_solutions():
    assert ex.tanh_derivative(tanh_grad_solution).passed is True
    assert ex.tanh_derivative(lambda x: 1 / np.cosh(x) ** 2).passed is True


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (lambda x: 1 - x**2, "you squared x"),
        (lambda x: 1 - np.tanh(x), "must be squared"),
        (lambda x: np.tanh(x) * (1 - np.tanh(x)), "sigmoid's pattern"),
        (lambda x: 1 + np.tanh(x) ** 2, "check the sign"),
        (lambda x: 1 / np.cosh(x), "1/cosh(x) must be squared"),
    ],
)
def test_tanh_derivative_explains_typical_mistakes(wrong, says):
    verdict = ex.tanh_derivative(wrong)
    assert verdict.passed is False
    assert says in verdict.message


def test_tanh_derivative_unfinished_and_broken():
    assert ex.tanh_derivative(unfinished).unfinished
    assert ex.tanh_derivative(...).unfinished
    verdict = ex.tanh_derivative(lambda x: x.nope)
    assert verdict.passed is False and "AttributeError" in verdict.message
    assert "expected" in ex.tanh_derivative(lambda x: np.zeros_like(x)).message


# --- 3. the backward pass of h = ReLU(xW + b) -------------------------------------------------


def test_dense_relu_backward_accepts_the_solution():
    assert ex.dense_relu_backward(layer_solution).passed is True


def no_mask(x, W, b, dh):
    return dh @ W.T, x.T @ dh, dh.sum(axis=0)


def transposed(x, W, b, dh):
    dz = dh * (x @ W + b > 0)
    return dz @ W.T, dz.T @ x, dz.sum(axis=0)  # ∂L/∂z ᵀ·x instead of xᵀ·∂L/∂z


def unsummed_bias(x, W, b, dh):
    dx, dW, _ = layer_solution(x, W, b, dh)
    return dx, dW, dh * (x @ W + b > 0)


def mean_bias(x, W, b, dh):
    dx, dW, db = layer_solution(x, W, b, dh)
    return dx, dW, db / len(x)


def mask_from_dh(x, W, b, dh):
    dz = dh * (dh > 0)
    return dz @ W.T, x.T @ dz, dz.sum(axis=0)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (no_mask, "the ReLU is missing"),
        (transposed, "transposed"),
        (unsummed_bias, "summed over the batch"),
        (mean_bias, "don't average"),
        (mask_from_dh, "not from the sign of the incoming gradient"),
    ],
)
def test_dense_relu_backward_explains_typical_mistakes(wrong, says):
    verdict = ex.dense_relu_backward(wrong)
    assert verdict.passed is False
    assert says in verdict.message


def test_dense_relu_backward_unfinished_and_failing():
    assert ex.dense_relu_backward(unfinished).unfinished

    def wrong_matmul(x, W, b, dh):
        dz = dh * (x @ W + b > 0)
        return dz @ W, x.T @ dz, dz.sum(axis=0)  # dz·W instead of dz·Wᵀ

    verdict = ex.dense_relu_backward(wrong_matmul)
    assert verdict.passed is False and "raised ValueError" in verdict.message

    def one_result(x, W, b, dh):
        return x.T @ (dh * (x @ W + b > 0))

    verdict = ex.dense_relu_backward(one_result)
    assert verdict.passed is False and "expected 3 results" in verdict.message


def test_dense_relu_backward_cases_exercise_both_sides_of_the_mask():
    # The cases must contain active and inactive units, or a missing mask could pass.
    for x, W, b, _ in ex._layer_cases()[:1]:
        z = x @ W + b
        assert (z > 0).any() and (z < 0).any()


# --- 4. ∂L/∂logits of the softmax cross-entropy -----------------------------------------------


def test_cross_entropy_gradient_accepts_the_stable_solution():
    assert ex.cross_entropy_gradient(cross_entropy_solution).passed is True


def naive(logits, labels):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    return p / len(labels)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (lambda z, y: cross_entropy_solution(z, y) * len(y), "divided by N"),
        (
            lambda z, y: cross_entropy_solution(z, y) + np.eye(z.shape[1])[y] / len(y),
            "subtract the one-hot labels",
        ),
        (lambda z, y: -cross_entropy_solution(z, y), "sign is flipped"),
        (naive, "exp(1000) overflows"),
    ],
)
def test_cross_entropy_gradient_explains_typical_mistakes(wrong, says):
    with np.errstate(over="ignore", invalid="ignore"):
        verdict = ex.cross_entropy_gradient(wrong)
    assert verdict.passed is False
    assert says in verdict.message


def test_cross_entropy_gradient_unfinished():
    assert ex.cross_entropy_gradient(unfinished).unfinished
    assert ex.cross_entropy_gradient(...).unfinished
