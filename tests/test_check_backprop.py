"""The exercises of notebook 04: reference solutions pass, typical mistakes get specific
feedback, unfinished drafts are reported as unfinished, and no check raises."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.backprop import LECTURE_NETWORK, Op, lecture_graph
from helpers.check import backprop as ex

# --- reference solutions (what a student would write) ----------------------------------------


def silu_grad_solution(x):
    s = 1 / (1 + np.exp(-x))
    return s * (1 + x * (1 - s))


def silu_grad_by_finite_differences(x):  # independent of any formula: centred differences
    h = 1e-5

    def f(v):
        return v / (1 + np.exp(-v))

    return (f(x + h) - f(x - h)) / (2 * h)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


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
    assert other.passed is False and "72" not in other.message
    assert other.message.startswith("100 is not right. Chain rule")  # the method, no direction
    assert ex.changed_weight("seventy").passed is False


# --- 2. SiLU′ ---------------------------------------------------------------------------------


def test_silu_derivative_accepts_solutions():
    assert ex.silu_derivative(silu_grad_solution).passed is True
    # the same derivative written differently: σ(x) + x·σ(x)·σ(−x)
    assert ex.silu_derivative(lambda x: sigmoid(x) + x * sigmoid(x) * sigmoid(-x)).passed is True


def test_the_reference_matches_finite_differences():
    x = np.linspace(-6.0, 6.0, 25)
    np.testing.assert_allclose(silu_grad_solution(x), silu_grad_by_finite_differences(x), 1e-8)
    assert ex.silu_derivative(silu_grad_by_finite_differences).passed is True  # within rtol


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (sigmoid, "differentiates only the factor x"),
        (lambda x: sigmoid(x) * (1 - sigmoid(x)), "σ′(x) alone"),
        (lambda x: x * sigmoid(x) * (1 - sigmoid(x)), "differentiates only σ(x)"),
        (lambda x: sigmoid(x) + sigmoid(x) * (1 - sigmoid(x)), "the factor x must stay"),
        (lambda x: sigmoid(x) - x * sigmoid(x) * (1 - sigmoid(x)), "check the sign"),
    ],
)
def test_silu_derivative_explains_typical_mistakes(wrong, says):
    verdict = ex.silu_derivative(wrong)
    assert verdict.passed is False
    assert says in verdict.message
    assert "1 + x" not in verdict.message  # never writes out the answer


def test_silu_derivative_unfinished_and_broken():
    assert ex.silu_derivative(unfinished).unfinished
    assert ex.silu_derivative(...).unfinished
    verdict = ex.silu_derivative(lambda x: x.nope)
    assert verdict.passed is False and "AttributeError" in verdict.message
    assert "expected" in ex.silu_derivative(lambda x: np.zeros_like(x)).message


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


# --- 5. leaky ReLU as an engine operation -----------------------------------------------------


def leaky_value(a):
    return max(a, 0.1 * a)


def leaky_partials(a):
    return (1.0 if a > 0 else 0.1,)


def op(value=leaky_value, partials=leaky_partials, arity=1):
    return Op("LeakyReLU", value, partials, arity=arity)


def test_new_operation_accepts_the_solution_and_array_friendly_variants():
    assert ex.new_operation(op()).passed is True
    numpy_style = op(lambda a: np.where(a > 0, a, 0.1 * a), lambda a: (np.where(a > 0, 1.0, 0.1),))
    assert ex.new_operation(numpy_style).passed is True


def test_new_operation_changes_the_table_as_worked_out_by_hand():
    # with leaky ReLU: i2 = −3 → h2 = −0.3, o = −4 − 0.9 + 10 = 5.1, ∂L/∂o = 2·2.1 = 4.2,
    # ∂L/∂i2 = 4.2 · w8 · 0.1 = 1.26, ∂L/∂w3 = 1.26 · x1 = 1.26, ∂L/∂w4 = 1.26 · x2 = 2.52
    graph = lecture_graph(activation=op())
    g = graph.backward(graph.forward(LECTURE_NETWORK))
    np.testing.assert_allclose([g["o"], g["i2"], g["w3"], g["w4"]], [4.2, 1.26, 1.26, 2.52])


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (op(partials=lambda a: (1.0 if a > 0 else 0.0,)), "ReLU's local derivative"),
        (op(partials=lambda a: 1.0 if a > 0 else 0.1), "must return a tuple"),
        (op(partials=lambda a: (max(a, 0.1 * a),)), "the value f(a) again"),
        (op(partials=lambda a: (0.1,)), "the identity, whose slope"),
        (op(value=lambda a: max(a, 0.0)), "ReLU's value"),
        (op(value=lambda a: 0.1 * a), "for a > 0 leaky ReLU is the identity"),
        (op(arity=None), "arity=1"),
        (op(partials=lambda a: (1.0 if a > 0 else 0.1, 0.0)), "expected 1 results"),
    ],
)
def test_new_operation_explains_typical_mistakes(wrong, says):
    verdict = ex.new_operation(wrong)
    assert verdict.passed is False
    assert says in verdict.message


def test_new_operation_unfinished_and_broken():
    assert ex.new_operation(...).unfinished
    assert ex.new_operation(op(unfinished, unfinished)).unfinished
    assert ex.new_operation(op(leaky_value, unfinished)).unfinished
    assert ex.new_operation("LeakyReLU").passed is False
    verdict = ex.new_operation(op(partials=lambda a: a.nope))
    assert verdict.passed is False and "AttributeError" in verdict.message
