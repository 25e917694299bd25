"""The "check yourself" exercises of notebook 03 (SGD convergence).

Each function takes what the student wrote and returns a :class:`~helpers.check.Verdict`; the
reference is :mod:`helpers.sgd`, and ``mistakes`` turn typical errors into specific feedback.
"""

from __future__ import annotations

import numpy as np

from helpers import sgd
from helpers.check import Verdict, as_number, check_function, check_value
from helpers.schedules import PowerDecay

__all__ = [
    "convexity_gap",
    "minibatch_gradient",
    "robbins_monro",
    "schedule_power",
    "tilted_bowl_rate",
]


# Exercise 1: f(θ) = 2θ₁² + 2θ₁θ₂ + θ₂², Hessian [[4, 2], [2, 2]], eigenvalues 3 ± √5
_BOWL_HESSIAN = np.array([[4.0, 2.0], [2.0, 2.0]])


def _bowl_mistakes() -> list[tuple[float, str]]:
    """Rates that typical reasoning about the tilted bowl gives, with what went wrong."""
    low, high = np.linalg.eigvalsh(_BOWL_HESSIAN)
    half_low, half_high = np.linalg.eigvalsh(_BOWL_HESSIAN / 2)
    return [
        (
            2.0 / np.max(np.diag(_BOWL_HESSIAN)),
            "the diagonal of the Hessian gives the curvature along the axes only; the cross "
            "term 2θ₁θ₂ tilts the bowl, and its steepest direction is an eigenvector.",
        ),
        (
            2.0 / half_high,
            "the curvatures are the eigenvalues of the Hessian, whose entries are second "
            "derivatives: ∂²(2θ₁²)/∂θ₁² = 4, twice the coefficient.",
        ),
        (
            1.0 / high,
            "that rate puts the steepest direction on its minimum in one step; larger rates "
            "still converge while every |1 − αλ| < 1 (they overshoot and oscillate inwards).",
        ),
        (
            2.0 / low,
            "that is the limit of the flattest direction; above the limit of the steepest "
            "one, that direction overshoots further every step.",
        ),
        (
            2.0 / (low + high),
            "that is the fastest rate α* = 2/(λ_min + λ_max); larger rates converge too, "
            "more slowly, up to the stability limit.",
        ),
        (
            2.0 / (half_low + half_high),
            "the curvatures are the eigenvalues of the Hessian of second derivatives, and "
            "the question asks for the stability limit, not the fastest rate.",
        ),
    ]


def tilted_bowl_rate(answer) -> Verdict:
    """Exercise: the supremum of the learning rates for which gradient descent on the tilted bowl
    ``f(θ) = 2θ₁² + 2θ₁θ₂ + θ₂²`` converges from every start: ``2/λ_max`` of its Hessian."""
    return check_value(
        "largest stable learning rate on the tilted bowl",
        answer,
        2.0 / np.linalg.eigvalsh(_BOWL_HESSIAN)[-1],
        mistakes=_bowl_mistakes(),
        hint="Write the Hessian H of f, take its eigenvalues (np.linalg.eigvalsh), and ask for "
        "which α every |1 − αλ| < 1.",
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


# Exercise 3: the scale is fixed at a badly small c; the student picks the power p.
SCHEDULE_SCALE, SCHEDULE_STEPS, SCHEDULE_GAIN = 0.05, 10_000, 100.0


def _final_error(power: float) -> float:
    rule = PowerDecay(SCHEDULE_SCALE, power)
    return float(sgd.expected_error(rule, SCHEDULE_STEPS)[-1])


def _schedule_feedback(p: float) -> tuple[bool, str]:
    """Whether ``c/i^p`` (c = SCHEDULE_SCALE) converges and gains SCHEDULE_GAIN over ``c/i``
    after SCHEDULE_STEPS updates, and what to tell the student."""
    if p == 0:
        return False, (
            "a constant rate never converges: the error settles in its noise ball, however long "
            "you run. The steps must shrink (α_i → 0)."
        )
    if p > 1:
        return False, "with p > 1, Σα < ∞: the steps add up to a finite distance and stop short."
    if p == 1:
        return False, "that is c/i itself, the schedule to beat."
    gain = _final_error(1.0) / _final_error(p)
    if gain >= SCHEDULE_GAIN:
        holds = sgd.satisfies_robbins_monro(p)
        note = (
            "It also meets both Robbins–Monro conditions."
            if holds
            else "It breaks Σα² < ∞ and converges all the same: the conditions are sufficient, "
            "not necessary."
        )
        return True, f"p = {p:g} converges (α_i → 0, Σα = ∞) and ends {gain:.3g}× closer. {note}"
    rule = PowerDecay(SCHEDULE_SCALE, p)
    ball = float(sgd.moving_noise_ball(rule, SCHEDULE_STEPS)[-1])
    why = (
        "it has forgotten the start, but sits at the noise ball of its current rate, "
        "≈ α_i σ² d / 2, which falls too slowly."
        if _final_error(p) < 2 * ball
        else "its steps shrink so fast, for so small a c, that the error has not yet forgotten "
        "the start."
    )
    return False, f"p = {p:g} converges, but ends only {gain:.3g}× closer than c/i: {why}"


def schedule_power(answer) -> Verdict:
    """Exercise: a power ``p`` for which ``α_i = 0.05/i^p`` converges on the streaming problem
    of :func:`helpers.sgd.streaming_least_squares` and, after 10⁴ updates, has an exact expected
    error at least 100 times below that of ``0.05/i``. Many powers pass; the feedback explains
    the typical failures (a constant rate, p ≥ 1, too fast or too slow a decay)."""
    exercise = f"a power p for α_i = {SCHEDULE_SCALE}/i^p"
    if answer is None or answer is Ellipsis:
        return Verdict(exercise, None, "not answered yet — replace ... with your answer.")
    p = as_number(answer)
    if isinstance(p, str):
        return Verdict(exercise, False, p)
    if not np.isfinite(p) or p < 0:
        return Verdict(exercise, False, f"p = {p:g}: the power must be a finite number ≥ 0.")
    passed, message = _schedule_feedback(p)
    return Verdict(exercise, passed, message)


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
