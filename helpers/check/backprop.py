"""Exercises of notebook 04 (backpropagation), checked against ``helpers.backprop``.

1. :func:`changed_weight` — predict ``∂L/∂w₃`` of the lecture's network after setting ``w₄ = 1``.
2. :func:`silu_derivative` — write the derivative of SiLU, ``x·σ(x)``.
3. :func:`dense_relu_backward` — write the backward pass of a layer ``h = ReLU(xW + b)``.
4. :func:`cross_entropy_gradient` — write ``∂L/∂logits`` of the mean softmax cross-entropy.
5. :func:`new_operation` — add leaky ReLU to the scalar graph engine (its value and its local
   derivative).
"""

from __future__ import annotations

import numpy as np

from helpers import backprop, data, losses
from helpers.check import (
    Verdict,
    call,
    check_function,
    check_value,
    describe,
    limited_output,
    typed,
)

__all__ = [
    "changed_weight",
    "cross_entropy_gradient",
    "dense_relu_backward",
    "new_operation",
    "silu_derivative",
]


# --- 1. one weight changed in the lecture's network ------------------------------------------

NEW_W4 = 1.0


def changed_weight(answer) -> Verdict:
    """``∂L/∂w₃`` of the lecture's network with ``w₄ = 1`` instead of −2 (all else unchanged)."""
    values, grads = backprop.worked_example(w4=NEW_W4)
    _, old_grads = backprop.worked_example()
    x1, w8 = values["x1"], values["w8"]
    mistakes = [
        (
            old_grads["w3"],
            "with w₄ = 1 the pre-activation i₂ = w₃·x₁ + w₄·x₂ is positive now, so the ReLU "
            "of h₂ passes the gradient instead of blocking it.",
        ),
        (
            old_grads["o"] * w8 * x1,
            "that keeps the old ∂L/∂o = 6, but h₂ ≠ 0 changes the output o too: redo the "
            "forward pass first, then ∂L/∂o = 2(o − gold).",
        ),
        (
            grads["o"] * x1,
            "the path from w₃ to L also passes through o = … + w₈·h₂: include ∂o/∂h₂ = w₈.",
        ),
        (-grads["w3"], "check the sign: every factor on the path w₃ → i₂ → h₂ → o → L."),
    ]
    return check_value(
        "∂L/∂w₃ with w₄ = 1",
        answer,
        grads["w3"],
        rtol=1e-6,
        mistakes=mistakes,
        hint="Chain rule along w₃ → i₂ → h₂ → o → L: ∂L/∂o · w₈ · ReLU′(i₂) · x₁.",
    )


# --- 2. the derivative of SiLU, f(x) = x·σ(x) ---------------------------------------------


def _silu_grad(x):
    s = backprop.sigmoid(x)
    return s + x * s * (1 - s)  # product rule: 1·σ(x) + x·σ′(x)


def silu_derivative(fn) -> Verdict:
    """``fn(x)`` must return ``f′(x)`` of SiLU ``f(x) = x·σ(x)`` elementwise for a float array."""
    cases = [
        (np.array([0.0, 1.0]),),
        (np.array([-2.0, -0.5, 0.5, 1.0, 3.0]),),
        (np.linspace(-6.0, 6.0, 13),),
    ]
    mistakes = [
        (
            backprop.sigmoid,
            "that differentiates only the factor x and treats σ(x) as a constant; σ(x) "
            "depends on x too, so the product rule has a second term.",
        ),
        (
            backprop.sigmoid_grad,
            "that is σ′(x) alone; f(x) = x·σ(x) multiplies σ by x.",
        ),
        (
            lambda x: x * backprop.sigmoid_grad(x),
            "that differentiates only σ(x); the product rule also differentiates the factor x.",
        ),
        (
            lambda x: backprop.sigmoid(x) + backprop.sigmoid_grad(x),
            "in the product rule's second term the factor x must stay.",
        ),
        (
            lambda x: backprop.sigmoid(x) - x * backprop.sigmoid_grad(x),
            "check the sign of the second term of the product rule.",
        ),
    ]
    return check_function(
        "SiLU′(x)",
        fn,
        _silu_grad,
        cases,
        mistakes=mistakes,
        hint="Use the product rule, (uv)′ = u′v + uv′, with σ′ = σ(1 − σ) from section 5.",
    )


# --- 3. the backward pass of a ReLU layer ----------------------------------------------------


def _reference_layer(x, W, b, dh):
    z = backprop.dense_forward(x, W, b)
    return backprop.dense_backward(dh * backprop.relu_grad(z), x, W)


def _layer_cases():
    rng = np.random.default_rng(4)  # fixed cases, never the global random state

    def case(batch, n_in, n_out):
        return (
            rng.standard_normal((batch, n_in)),
            rng.standard_normal((n_in, n_out)),
            0.5 * rng.standard_normal(n_out),
            rng.standard_normal((batch, n_out)),
        )

    return [case(4, 3, 2), case(1, 2, 3), case(5, 3, 3)]


def _without_mask(x, W, b, dh):
    return backprop.dense_backward(dh, x, W)


def _transposed_dW(x, W, b, dh):
    dx, dW, db = _reference_layer(x, W, b, dh)
    return dx, dW.T, db


def _unsummed_db(x, W, b, dh):
    z = backprop.dense_forward(x, W, b)
    dx, dW, _ = _reference_layer(x, W, b, dh)
    return dx, dW, dh * backprop.relu_grad(z)


def _mean_db(x, W, b, dh):
    dx, dW, db = _reference_layer(x, W, b, dh)
    return dx, dW, db / len(x)


def _mask_from_gradient(x, W, b, dh):
    return backprop.dense_backward(dh * (dh > 0), x, W)


def dense_relu_backward(fn) -> Verdict:
    """``fn(x, W, b, dh)`` must return ``(dx, dW, db)`` for ``h = ReLU(xW + b)``.

    ``x``: (batch, n_in), ``W``: (n_in, n_out), ``b``: (n_out,), ``dh = ∂L/∂h``: (batch, n_out);
    results ``∂L/∂x`` (batch, n_in), ``∂L/∂W`` (n_in, n_out), ``∂L/∂b`` (n_out,).
    """
    mistakes = [
        (
            _without_mask,
            "the ReLU is missing from your backward pass: first ∂L/∂z = dh ⊙ ReLU′(z) with "
            "z = xW + b (1 where z > 0, else 0), then the products with ∂L/∂z.",
        ),
        (
            _mask_from_gradient,
            "the mask must come from the pre-activation z = xW + b (z > 0), not from the sign "
            "of the incoming gradient dh.",
        ),
        (
            _transposed_dW,
            "your ∂L/∂W is transposed: it must have W's shape (n_in, n_out), xᵀ·∂L/∂z.",
        ),
        (
            _unsummed_db,
            "∂L/∂b must be summed over the batch (shape (n_out,)): every example adds b.",
        ),
        (
            _mean_db,
            "sum ∂L/∂z over the batch for ∂L/∂b, don't average: each example's term is already "
            "a derivative of the same loss.",
        ),
    ]
    return check_function(
        "backward pass of h = ReLU(xW + b)",
        fn,
        _reference_layer,
        _layer_cases(),
        rtol=1e-7,
        mistakes=mistakes,
        hint="Return (∂L/∂x, ∂L/∂W, ∂L/∂b) = (∂L/∂z·Wᵀ, xᵀ·∂L/∂z, Σ_batch ∂L/∂z).",
    )


# --- 4. the gradient of the softmax cross-entropy --------------------------------------------


def _naive_gradient(logits, labels):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(logits)
        p = e / e.sum(axis=1, keepdims=True)
    return (p - data.one_hot(labels, logits.shape[1])) / len(logits)


def cross_entropy_gradient(fn) -> Verdict:
    """``fn(logits, labels)`` must return ``∂L/∂logits`` of the mean softmax cross-entropy,
    ``L = −(1/N) Σ_i log softmax(z_i)[y_i]``, for logits (N, K) and integer labels (N,)."""
    cases = [
        (np.array([[2.0, 1.0, -1.0]]), np.array([0])),
        (
            np.array([[0.5, -0.3, 1.2, 0.0], [1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0]]),
            np.array([2, 0, 3]),
        ),
        (np.array([[1000.0, 0.0, -1000.0], [-500.0, 500.0, 0.0]]), np.array([1, 1])),
    ]

    def reference(logits, labels):
        return losses.softmax_cross_entropy(logits, labels)[1]

    def no_mean(logits, labels):
        return reference(logits, labels) * len(logits)

    def no_onehot(logits, labels):
        return losses.softmax(logits) / len(logits)

    mistakes = [
        (no_mean, "the loss is a mean over the batch, so its gradient is divided by N."),
        (no_onehot, "subtract the one-hot labels: ∂L/∂z = (softmax(z) − onehot(y)) / N."),
        (
            lambda z, y: -reference(z, y),
            "the sign is flipped: raising the right class's logit must lower the loss.",
        ),
        (
            _naive_gradient,
            "exp(1000) overflows to inf; subtract each row's maximum from the logits before "
            "exp (softmax does not change when all logits move together).",
        ),
    ]
    return check_function(
        "∂L/∂logits of the softmax cross-entropy",
        fn,
        reference,
        cases,
        rtol=1e-7,
        mistakes=mistakes,
        hint="∂L/∂z = (softmax(z) − onehot(y)) / N.",
    )


# --- 5. a new operation for the scalar graph engine -------------------------------------------

LEAK = 0.1  # the slope of leaky ReLU for a < 0
_POINTS = [(2.0,), (-3.0,), (0.5,), (-0.25,)]  # away from the kink at 0, where both are defensible


def _leaky_value(a):
    return a if a > 0 else LEAK * a


def _leaky_partials(a):
    return (1.0 if a > 0 else LEAK,)


_VALUE_MISTAKES = [
    (lambda a: max(a, 0.0), "that is ReLU's value; for a < 0 leaky ReLU lets 0.1·a through."),
    (lambda a: LEAK * a, "for a > 0 leaky ReLU is the identity, a; the 0.1 is for a < 0 only."),
]
_PARTIAL_MISTAKES = [
    (
        lambda a: (1.0 if a > 0 else 0.0,),
        "that is ReLU's local derivative; for a < 0 the value 0.1·a still has a slope.",
    ),
    (
        lambda a: 1.0 if a > 0 else LEAK,
        "partials must return a tuple with one derivative per argument, like ReLU's (d,): "
        "the engine pairs each argument with its derivative.",
    ),
    (
        lambda a: (_leaky_value(a),),
        "that is the value f(a) again; the local derivative is the slope of f at a.",
    ),
    (lambda a: (LEAK,), "for a > 0 leaky ReLU is the identity, whose slope is not 0.1."),
]


def new_operation(op) -> Verdict:
    """``op`` must be leaky ReLU as an engine operation: ``Op(name, value, partials, arity=1)``
    with ``value(a) = a`` for ``a > 0`` and ``0.1·a`` otherwise, and ``partials(a)`` the tuple of
    its local derivative; it must then run in :func:`helpers.backprop.lecture_graph`."""
    exercise = "leaky ReLU in the engine"
    if op is Ellipsis or op is None:
        return Verdict(exercise, None, "not answered yet — build the Op first.")
    if not isinstance(op, backprop.Op):
        return Verdict(exercise, False, f"expected a backprop.Op, got {typed(op)}.")
    if not isinstance(op.arity, int) or op.arity != 1:
        return Verdict(
            exercise, False, f"leaky ReLU takes one argument: arity=1, not {describe(op.arity)}."
        )
    with limited_output():  # one budget for the student's printing in every part
        for part, fn, reference, mistakes in [
            ("value", op.value, _leaky_value, _VALUE_MISTAKES),
            ("partials", op.partials, _leaky_partials, _PARTIAL_MISTAKES),
        ]:
            verdict = check_function(
                f"{exercise} ({part})", fn, reference, _POINTS, mistakes=mistakes
            )
            if not verdict:
                return verdict
        run = call(_through_the_engine, op)  # the student's op inside the engine, time-limited
    if run.failure() is not None:
        return Verdict(exercise, False, f"the engine failed: your operation {run.failure()}")
    return Verdict(exercise, True, "correct: value and local derivative; the engine runs it.")


def _through_the_engine(op) -> dict:
    graph = backprop.lecture_graph(activation=op)
    return graph.backward(graph.forward(backprop.LECTURE_NETWORK))
