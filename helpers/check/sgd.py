"""The "check yourself" exercises of notebook 03 (SGD convergence).

Each function takes what the student wrote and returns a :class:`~helpers.check.Verdict`; the
reference is :mod:`helpers.sgd`, and ``mistakes`` turn typical errors into specific feedback.
"""

from __future__ import annotations

import numpy as np

from helpers import sgd
from helpers.check import Verdict, check_function, check_value

__all__ = [
    "convexity_gap",
    "largest_stable_rate",
    "minibatch_gradient",
    "minibatch_variance",
    "robbins_monro",
]


def largest_stable_rate(answer) -> Verdict:
    """Exercise: the supremum of the learning rates for which gradient descent on
    ``f(θ) = 3θ²`` converges to 0 from every start (``θ ← (1 − 6α)θ``, so ``α < 1/3``)."""
    return check_value(
        "largest stable learning rate for f(θ) = 3θ²",
        answer,
        1.0 / 3.0,
        mistakes=[
            (2.0 / 3.0, "the derivative of 3θ² is 6θ, not 3θ."),
            (
                1.0 / 6.0,
                "that rate reaches the minimum in one step; larger rates still converge "
                "while |1 − 6α| < 1 (they overshoot and oscillate inwards).",
            ),
            (2.0, "the step multiplies θ by 1 − α·f''(θ); here f'' = 6, not 1."),
            (1.0, "the step multiplies θ by 1 − α·f''(θ); here f'' = 6, not 1."),
        ],
        hint="Write one step as θ ← (1 − cα)θ and ask when |1 − cα| < 1.",
    )


def _least_squares_gradient(w, x, y, batch):
    return sgd.LeastSquares(x, y).loss_and_grad(np.asarray(w)[None], np.asarray(batch)[None])[1][0]


def _gradient_cases():
    rng = np.random.default_rng(7)
    cases = []
    for n, d, m in [(8, 2, 3), (20, 3, 5), (50, 4, 1), (30, 2, 30)]:  # m/N is never 1/2
        x, y = rng.standard_normal((n, d)), rng.standard_normal(n)
        cases.append((rng.standard_normal(d), x, y, rng.integers(n, size=m)))
    return cases


def minibatch_gradient(fn) -> Verdict:
    """Exercise: ``fn(w, x, y, batch)`` = the gradient of the lecture's MSE
    ``(1/m) Σ_{i ∈ batch} (x_iᵀw − y_i)²`` over the ``m`` examples indexed by ``batch`` (which may
    repeat an index): ``(2/m) Σ (x_iᵀw − y_i) x_i``."""

    def full(w, x, y, batch):
        return _least_squares_gradient(w, x, y, np.arange(len(x)))

    ref = _least_squares_gradient
    return check_function(
        "minibatch gradient of the MSE",
        fn,
        ref,
        _gradient_cases(),
        mistakes=[
            (lambda w, x, y, b: ref(w, x, y, b) / 2, "the factor 2 from the square is missing."),
            (
                lambda w, x, y, b: -ref(w, x, y, b),
                "the sign is flipped: use (x_iᵀw − y_i), not (y_i − x_iᵀw).",
            ),
            (
                lambda w, x, y, b: len(b) * ref(w, x, y, b),
                "that is the sum over the minibatch; divide by m.",
            ),
            (
                lambda w, x, y, b: len(b) * ref(w, x, y, b) / len(x),
                "you divided by N, the size of the whole training set; divide by m = len(batch).",
            ),
            (full, "that is the gradient over all N examples; use only the rows in batch."),
            (
                lambda w, x, y, b: _least_squares_gradient(w, x, y, np.unique(b)),
                "a repeated index counts every time it is drawn (x[batch] keeps repeats; "
                "np.unique drops them).",
            ),
        ],
        hint="Take the rows x[batch], y[batch]; average 2 (x_iᵀw − y_i) x_i over them.",
    )


def minibatch_variance(answer, one_example_variance: float, batch_size: int = 64) -> Verdict:
    """Exercise: predict the total variance ``E‖g_m − ∇J‖²`` of a minibatch gradient of size
    ``batch_size`` from ``one_example_variance`` (``tr Σ``, printed in the notebook to four
    significant digits, hence the 1 % tolerance)."""
    v, m = float(one_example_variance), int(batch_size)
    return check_value(
        f"variance of a minibatch gradient, m = {m}",
        answer,
        v / m,
        rtol=1e-2,
        mistakes=[
            (
                v / np.sqrt(m),
                "the standard deviation falls like 1/√m; the variance falls like 1/m.",
            ),
            (v, "averaging m independent gradients does reduce the variance."),
            (v * m, "that is the variance of the sum; the mean divides it by m²."),
        ],
        hint="The mean of m independent copies has 1/m of the variance of one.",
    )


def robbins_monro(fn) -> Verdict:
    """Exercise: ``fn(p)`` = whether ``α_i = c/i^p`` meets the Robbins–Monro conditions
    (``Σα = ∞`` and ``Σα² < ∞``); a bool for ``p ≥ 0``."""
    # p = 0.25 comes early, so an answer "p > 0" fails there, before it looks like "p > 0.5"
    cases = [(p,) for p in (1.0, 0.0, 0.25, 0.75, 0.5, 2.0, 1.5, 0.6, 1.01)]
    return check_function(
        "Robbins–Monro conditions for c/i^p",
        fn,
        sgd.satisfies_robbins_monro,
        cases,
        mistakes=[
            (
                lambda p: 0.5 <= p <= 1,
                "for p = 1/2, Σα² = c² Σ 1/i diverges (the harmonic series).",
            ),
            (
                lambda p: 0.5 < p < 1,
                "for p = 1, Σα = c Σ 1/i diverges (the harmonic series), so it qualifies.",
            ),
            (lambda p: p <= 1, "you only checked Σα = ∞; Σα² = Σ c²/i^{2p} must also be finite."),
            (lambda p: p > 0.5, "you only checked Σα² < ∞; Σα = Σ c/i^p must also diverge."),
        ],
        hint="Σ 1/i^q is finite exactly when q > 1.",
    )


def _swapped_gap(f, a, b, t):
    return t * f(a) + (1 - t) * f(b) - f((1 - t) * a + t * b)


def convexity_gap(fn) -> Verdict:
    """Exercise: ``fn(f, a, b, t)`` = ``t·f(a) + (1 − t)·f(b) − f(t·a + (1 − t)·b)``, the height
    of the chord above the curve (``≥ 0`` everywhere for a convex ``f``); elementwise on arrays."""
    cases = [
        (
            np.square,
            np.array([-1.0, 0.0, 2.0]),
            np.array([1.0, 3.0, 2.0]),
            np.array([0.5, 0.2, 0.9]),
        ),
        (np.exp, np.array([0.0, -1.0]), np.array([1.0, 2.0]), np.array([0.3, 0.7])),
        (np.sin, np.array([0.0, 1.0, 4.0]), np.array([3.0, 2.0, 5.0]), np.array([0.25, 0.5, 0.1])),
    ]
    return check_function(
        "convexity gap (chord minus curve)",
        fn,
        sgd.convexity_gap,
        cases,
        mistakes=[
            (
                lambda f, a, b, t: -sgd.convexity_gap(f, a, b, t),
                "the sign is flipped: chord minus curve, so a convex f gives values ≥ 0.",
            ),
            (
                _swapped_gap,
                "t and 1 − t are mismatched: the weight t goes with a both on the chord and "
                "inside f.",
            ),
        ],
        hint="The point is x = t·a + (1 − t)·b; the chord there has height t·f(a) + (1 − t)·f(b).",
    )
