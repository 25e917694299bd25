"""Exercises of notebook 06 (learning-rate schedules), checked against ``helpers.schedules``."""

from __future__ import annotations

import numpy as np

from helpers import schedules
from helpers.check import Verdict, check_function, check_value

__all__ = ["cosine_decay", "exponential_decay_rate", "piecewise_first_step", "robbins_monro"]

# Exercise 1: ExponentialDecay(0.1, decay_steps=100, decay_rate=?) reaches 0.001 at update 1000.
_EXP = {"initial": 0.1, "target": 0.001, "decay_steps": 100, "at": 1000}


def exponential_decay_rate(answer) -> Verdict:
    """The ``decay_rate`` that makes ``ExponentialDecay(0.1, decay_steps=100, decay_rate)``
    reach 0.001 at update 1000."""
    lr0, target, ds, n = _EXP["initial"], _EXP["target"], _EXP["decay_steps"], _EXP["at"]
    # α_n = α₀·rate^(n/ds) = target  ⇔  rate = (target/α₀)^(ds/n)
    expected = (target / lr0) ** (ds / n)
    return check_value(
        "decay_rate for 0.1 → 0.001 in 1000 updates",
        answer,
        expected,
        rtol=1e-3,
        mistakes=[
            (target / lr0, "that ratio is reached after decay_steps updates, not after 1000."),
            ((target / lr0) ** (1 / n), "that is the factor per update (decay_steps=1)."),
            (target ** (ds / n), "the rate multiplies α₀: use the ratio target / initial."),
            ((lr0 / target) ** (ds / n), "a decay_rate above 1 makes the rate grow."),
        ],
        hint="Write α₁₀₀₀ = 0.1·decay_rate^(1000/100) and solve for decay_rate.",
    )


def _cosine_reference(step, initial_learning_rate, decay_steps, alpha):
    return schedules.CosineDecay(initial_learning_rate, decay_steps, alpha=alpha)(step)


def _cos(step, lr0, ds, alpha, *, clamp=True, half=0.5, pi=np.pi, scale_alpha=True):
    k = min(step, ds) if clamp else step
    shape = half * (1 + np.cos(pi * k / ds))
    return lr0 * ((1 - alpha) * shape + alpha) if scale_alpha else lr0 * (1 - alpha) * shape + alpha


def cosine_decay(fn) -> Verdict:
    """``fn(step, initial_learning_rate, decay_steps, alpha)`` must equal Keras' CosineDecay."""
    cases = [
        (0, 0.1, 1000, 0.0),
        (500, 0.1, 1000, 0.0),
        (250, 0.1, 1000, 0.01),
        (1000, 0.1, 1000, 0.01),
        (137, 2.0, 400, 0.5),
        (1500, 0.1, 1000, 0.01),
        (5000, 2.0, 400, 0.5),
    ]
    return check_function(
        "cosine decay",
        fn,
        _cosine_reference,
        cases,
        rtol=1e-9,
        atol=1e-12,
        mistakes=[
            (
                lambda *a: _cos(*a, half=1.0),
                "½(1 + cos) runs from 1 to 0; without the ½ the rate starts at twice α₀.",
            ),
            (
                lambda *a: _cos(*a, pi=1.0),
                "the argument of cos must run from 0 to π: multiply step/decay_steps by π.",
            ),
            (
                lambda *a: _cos(*a[:3], 0.0),
                "alpha is missing: the rate must end at alpha·α₀, not at 0.",
            ),
            (
                lambda *a: _cos(*a, scale_alpha=False),
                "alpha is a fraction of the initial rate: the floor is alpha·α₀, not alpha.",
            ),
            (
                lambda *a: _cos(*a, clamp=False),
                "after decay_steps the rate must stay at alpha·α₀ — use min(step, decay_steps) "
                "(PyTorch's CosineAnnealingLR climbs back up; Keras' CosineDecay does not).",
            ),
        ],
        hint="α = α₀·((1 − alpha)·½(1 + cos(π·min(step, T)/T)) + alpha).",
    )


# Exercise 3: the first update that uses values[1].
_PIECEWISE = schedules.PiecewiseConstantDecay([300, 600], [0.1, 0.01, 0.001])


def piecewise_first_step(answer) -> Verdict:
    """The first update number ``k`` at which ``PiecewiseConstantDecay([300, 600],
    [0.1, 0.01, 0.001])`` returns 0.01."""
    rates = _PIECEWISE(np.arange(1000))
    expected = int(np.flatnonzero(rates == 0.01)[0])
    if answer is not None and answer is not ... and not _is_whole(answer):
        return Verdict(
            "first update with 0.01", False, f"{answer!r} is not an update number (an integer)."
        )
    return check_value(
        "first update with 0.01",
        answer,
        expected,
        rtol=0.0,
        atol=1e-9,
        mistakes=[
            (
                expected - 1,
                "that is where PyTorch's MultiStepLR and optax switch; Keras uses "
                "values[1] only for updates k > boundaries[0].",
            ),
            (expected + 1, "update numbers count from 0: the first update is k = 0."),
        ],
        hint="Keras uses values[0] for every k <= boundaries[0].",
    )


def _is_whole(x) -> bool:
    try:
        return float(x) == int(float(x))
    except (TypeError, ValueError, OverflowError):
        return False


# Exercise 4: which schedule meets both Robbins–Monro conditions?
ROBBINS_MONRO_OPTIONS = {
    "A": schedules.Constant(0.01),
    "B": schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.999),
    "C": schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=1.0),
    "D": schedules.InverseSquareRootDecay(0.1),
    "E": schedules.PolynomialDecay(0.1, decay_steps=1000, end_learning_rate=0.0),
}
_WHY_NOT = {
    "A": "a constant rate has Σα² = ∞: the gradient noise is never averaged away.",
    "B": "a geometric series has a finite sum, Σα = 0.1/(1 − 0.999) = 100: SGD can travel only "
    "a bounded distance and may stop before the optimum.",
    "D": "close, but Σα² = 0.01·Σ 1/t is the harmonic series, which diverges (slowly).",
    "E": "the rate is 0 after 1000 updates, so Σα is finite.",
}


def robbins_monro(answer) -> Verdict:
    """Which of :data:`ROBBINS_MONRO_OPTIONS` satisfies ``Σα = ∞`` and ``Σα² < ∞``?"""
    exercise = "Robbins–Monro"
    if answer is None or answer is ...:
        return Verdict(exercise, None, "not answered yet — replace ... with a letter.")
    letter = str(answer).strip().upper()
    if letter not in ROBBINS_MONRO_OPTIONS:
        return Verdict(exercise, False, f"{answer!r} is not one of A, B, C, D, E.")
    if letter in _WHY_NOT:
        return Verdict(exercise, False, f"not {letter}: {_WHY_NOT[letter]}")
    return Verdict(
        exercise,
        True,
        "correct — α_k ≈ 0.1/k: the harmonic series diverges, Σ 1/k² converges (to π²/6).",
    )
