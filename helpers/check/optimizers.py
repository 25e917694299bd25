"""The "check yourself" exercises of notebook 05 (optimizers).

Each function takes what the student wrote and returns a :class:`~helpers.check.Verdict`; the
reference answers are computed by :mod:`helpers.optimizers` itself, and ``mistakes`` turn
typical errors into specific feedback. Value checks never print the expected value.
"""

from __future__ import annotations

import math

import numpy as np

from helpers import optimizers as opt
from helpers.check import Verdict, check_function, check_value

__all__ = [
    "adagrad_slowdown",
    "adam_update",
    "momentum_update",
    "rmsprop_first_step",
    "weight_sum",
]


# --- 1. the momentum update ------------------------------------------------------------------


def _momentum_reference(theta, v, g, alpha, beta):
    sgd = opt.SGD(alpha, momentum=beta)
    sgd.v = [np.array(v, dtype=float)]
    theta = np.array(theta, dtype=float)
    sgd.step(theta, np.array(g, dtype=float))
    return theta, sgd.v[0]


_MOMENTUM_CASES = [
    (np.array([1.0, -2.0]), np.array([0.0, 0.0]), np.array([0.5, 1.0]), 0.1, 0.9),
    (np.array([1.0, -2.0]), np.array([0.3, -0.2]), np.array([0.5, 1.0]), 0.1, 0.9),
    (np.array([0.0, 4.0, -1.0]), np.array([1.0, 2.0, -3.0]), np.array([2.0, -1.0, 0.5]), 0.5, 0.5),
]


def momentum_update(fn) -> Verdict:
    """Exercise: ``fn(theta, v, g, alpha, beta) -> (theta_new, v_new)``, one step of SGD with
    momentum (``v ← βv − αg;  θ ← θ + v``) on arrays, without changing the inputs."""
    return check_function(
        "SGD with momentum",
        fn,
        _momentum_reference,
        _MOMENTUM_CASES,
        mistakes=[
            (
                lambda th, v, g, a, b: (th + b * v + a * g, b * v + a * g),
                "the gradient is added: v must move against it, v ← βv − αg.",
            ),
            (
                lambda th, v, g, a, b: (th - (b * v - a * g), b * v - a * g),
                "θ moves by −v; v already points downhill, so θ ← θ + v.",
            ),
            (
                lambda th, v, g, a, b: (th + v, b * v - a * g),
                "θ was moved with the old velocity; update v first, then θ ← θ + v (new v).",
            ),
            (
                lambda th, v, g, a, b: (th + v - a * g, v - a * g),
                "β is missing: the old velocity decays, v ← βv − αg.",
            ),
            (
                lambda th, v, g, a, b: (th + b * v - a * g, v),
                "v is returned unchanged: return the new velocity too.",
            ),
        ],
        hint="Follow the lecture's two lines in order: v ← βv − αg, then θ ← θ + v.",
    )


# --- 2. RMSProp's first step -----------------------------------------------------------------

RMSPROP_ALPHA = 0.01
RMSPROP_BETA = 0.95


def rmsprop_first_step(answer) -> Verdict:
    """Exercise: the length ``|Δθ|`` of RMSProp's first update for ``α = 0.01``, ``β = 0.95``
    (``r`` starts at 0, ε = 0), for any nonzero gradient."""
    a, b = RMSPROP_ALPHA, RMSPROP_BETA
    (step,) = opt.updates(opt.RMSProp(a, beta=b, epsilon=0.0), [[0.3]])
    expected = abs(float(step[0]))
    return check_value(
        "RMSProp's first step",
        answer,
        expected,
        rtol=2e-3,
        mistakes=[
            (a * math.sqrt(1 - b), "r = (1 − β)g², and the step divides by √r, not multiplies."),
            (a / (1 - b), "the step divides by √r = √(1 − β)·|g|: the square root is missing."),
            (a, "that would be α itself — RMSProp has no bias correction, so r is too small."),
            (a / math.sqrt(b), "after one step r = (1 − β)g², not βg²."),
            (
                expected / a,
                "that is the step measured in units of α; the question asks for |Δθ| itself, "
                "with α = 0.01.",
            ),
            (-expected, "a length is positive."),
        ],
        hint="After one step r = (1 − β)g²; divide α·g by √r.",
    )


# --- 3. Adam's weight sum --------------------------------------------------------------------

WEIGHT_BETA = 0.9
WEIGHT_T = 10


def weight_sum(answer) -> Verdict:
    """Exercise: the sum of the weights with which ``s_t`` averages ``g_1 … g_t`` for
    ``β₁ = 0.9`` after ``t = 10`` steps (what bias correction divides by)."""
    adam = opt.Adam(0.1, beta1=WEIGHT_BETA)
    x = np.zeros(1)
    for _ in range(WEIGHT_T):  # feeding g = 1 leaves s_t = the sum of the weights
        adam.step(x, np.ones(1))
    expected = float(adam.s[0][0])
    b, t = WEIGHT_BETA, WEIGHT_T
    return check_value(
        "weight sum of s_t",
        answer,
        expected,
        rtol=3e-3,  # 0.65 (two digits) is accepted
        mistakes=[
            (b**t, "that is β₁ᵗ, the weight that is missing; the weights sum to 1 − β₁ᵗ."),
            (1.0, "only the infinite sum is 1; after t steps part of the weight is missing."),
            (1 - b ** (t - 1), "off by one: with t = 10 gradients the sum is 1 − β₁¹⁰."),
            (1 - b ** (t + 1), "off by one: with t = 10 gradients the sum is 1 − β₁¹⁰."),
            ((1 - b) * t, "the weights are (1 − β₁)β₁^(t−i), not all equal to 1 − β₁."),
        ],
        hint="Sum (1 − β₁)β₁^(t−i) over i = 1 … t; the lecture telescopes it.",
    )


# --- 4. one Adam update ----------------------------------------------------------------------


def _adam_reference(theta, s, r, g, t, alpha, beta1, beta2, epsilon):
    adam = opt.Adam(alpha, beta1=beta1, beta2=beta2, epsilon=epsilon)
    adam.s, adam.r, adam.t = [np.array(s, dtype=float)], [np.array(r, dtype=float)], t - 1
    theta = np.array(theta, dtype=float)
    adam.step(theta, np.array(g, dtype=float))
    return theta, adam.s[0], adam.r[0]


def _adam_variant(inside=True, correct=True, shift=0, root=True):
    """A wrong Adam for the mistakes list, written out from the formula."""

    def update(theta, s, r, g, t, alpha, b1, b2, eps):
        s = b1 * s + (1 - b1) * g
        r = b2 * r + (1 - b2) * g * g
        tc = t + shift
        s_hat, r_hat = (s / (1 - b1**tc), r / (1 - b2**tc)) if correct else (s, r)
        if not root:
            den = r_hat + eps
        else:
            den = np.sqrt(r_hat + eps) if inside else np.sqrt(r_hat) + eps
        return theta - alpha * s_hat / den, s, r

    return update


def _adam_case(theta, s, r, g, t, alpha, beta1, beta2, epsilon):
    a = np.array
    return (a(theta), a(s), a(r), a(g), t, alpha, beta1, beta2, epsilon)


_ADAM_CASES = [
    _adam_case([1.0, -1.0], [0.0, 0.0], [0.0, 0.0], [0.2, -3.0], 1, 0.1, 0.9, 0.999, 1e-7),
    _adam_case([0.5, 2.0], [0.1, -0.2], [0.01, 0.5], [1.0, 0.3], 3, 0.01, 0.9, 0.999, 1e-7),
    _adam_case(
        [0.0, 0.0, 1.0],
        [0.0, 1e-3, 0.2],
        [1e-6, 1e-4, 0.1],
        [1e-3, -1e-3, 0.1],
        20,
        0.05,
        0.8,
        0.99,
        1e-3,
    ),
]


def adam_update(fn) -> Verdict:
    """Exercise: ``fn(theta, s, r, g, t, alpha, beta1, beta2, epsilon) -> (theta, s, r)``, one
    Adam update as in the lecture, where ``t`` is the step number *after* ``t ← t + 1``
    (1 on the first update) and ``s``, ``r`` are the moments before the update."""
    return check_function(
        "Adam update",
        fn,
        _adam_reference,
        _ADAM_CASES,
        rtol=1e-6,
        atol=1e-12,
        mistakes=[
            (_adam_variant(correct=False), "the bias correction is missing: ŝ = s/(1 − β₁ᵗ)."),
            (_adam_variant(inside=False), "ε belongs inside the square root: √(r̂ + ε)."),
            (_adam_variant(shift=1), "t is already the new step number: use β^t, not β^(t+1)."),
            (_adam_variant(root=False), "the square root is missing: divide by √(r̂ + ε)."),
        ],
        hint="s and r first, then ŝ and r̂ with this t, then θ ← θ − α ŝ/√(r̂ + ε).",
    )


# --- 5. AdaGrad's slowdown -------------------------------------------------------------------


def adagrad_slowdown(answer) -> Verdict:
    """Exercise: with a constant gradient, how many times shorter is AdaGrad's 100th step than
    its first (ε = 0)?"""
    steps = np.abs(opt.updates(opt.AdaGrad(1.0, epsilon=0.0), np.full((100, 1), 0.7)))[:, 0]
    expected = float(steps[0] / steps[99])
    return check_value(
        "AdaGrad's slowdown",
        answer,
        expected,
        rtol=1e-3,
        mistakes=[
            (100.0, "that is a 1/t decay; r grows like t, and the step divides by √r."),
            (1.0, "r keeps growing even though g stays the same, so the steps shrink."),
            (0.1, "that is the ratio the other way round (100th / first)."),
        ],
        hint="After t steps r = t·g₀², so the step is α·g₀/√(t·g₀²).",
    )
