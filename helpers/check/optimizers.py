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
    "adagrad_distance",
    "adam_second_step",
    "adam_update",
    "momentum_update",
    "rmsprop_first_step",
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
        inputs_unchanged=True,  # the exercise says: do not modify the inputs
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


# --- 3. Adam after a sign flip ---------------------------------------------------------------

FLIP_ALPHA, FLIP_BETA1, FLIP_BETA2 = 0.1, 0.9, 0.999
FLIP_GRADIENTS = (1.0, -1.0)


def _adam_second_step(correct_s=True, correct_r=True, shift=0) -> float:
    """Δθ of the second update after g = +1, −1, written out from the formula (for the
    mistakes; ``shift=1`` uses β^(t+1))."""
    a, b1, b2 = FLIP_ALPHA, FLIP_BETA1, FLIP_BETA2
    s = r = 0.0
    for g in FLIP_GRADIENTS:
        s, r = b1 * s + (1 - b1) * g, b2 * r + (1 - b2) * g * g
    t = 2 + shift
    s_hat = s / (1 - b1**t) if correct_s else s
    r_hat = r / (1 - b2**t) if correct_r else r
    return -a * s_hat / math.sqrt(r_hat)


def adam_second_step(answer) -> Verdict:
    """Exercise: Adam (lecture form, α = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 0) gets ``g₁ = +1`` and
    then ``g₂ = −1``; the change ``Δθ`` of the second update, sign included."""
    adam = opt.Adam(FLIP_ALPHA, beta1=FLIP_BETA1, beta2=FLIP_BETA2, epsilon=0.0)
    expected = float(opt.updates(adam, [[g] for g in FLIP_GRADIENTS])[1, 0])
    return check_value(
        "Adam after a sign flip",
        answer,
        expected,
        rtol=5e-3,  # three significant digits are enough
        mistakes=[
            (-expected, "check the sign: Δθ = −α ŝ/√r̂ — which sign does ŝ have after +1, −1?"),
            (
                _adam_second_step(correct_s=False, correct_r=False),
                "the bias correction is missing: divide s and r by 1 − β₁ᵗ and 1 − β₂ᵗ.",
            ),
            (
                _adam_second_step(correct_r=False),
                "r needs its bias correction too: r̂ = r/(1 − β₂ᵗ).",
            ),
            (
                _adam_second_step(shift=1),
                "off by one: the second update uses t = 2 in the bias corrections.",
            ),
            (
                FLIP_ALPHA,
                "Adam's steps are α long only while the gradient keeps its sign; "
                "s still remembers g₁.",
            ),
            (
                -FLIP_ALPHA,
                "Adam's steps are α long only while the gradient keeps its sign; "
                "s still remembers g₁.",
            ),
        ],
        hint="Compute s and r after both gradients, then ŝ = s/(1 − β₁²), r̂ = r/(1 − β₂²), "
        "and Δθ = −α ŝ/√r̂.",
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


# --- 5. how far AdaGrad gets ----------------------------------------------------------------

DISTANCE_ALPHA = 0.1


def _adagrad_mistakes(a: float, index: int) -> list[tuple[float, str]]:
    """Counts that typical reasoning gives, with what went wrong; ``index`` is the 0-based index
    of the first update that reaches a distance of 1."""
    return [
        (
            1 / a,
            "that is plain SGD's count with steps of constant length α; AdaGrad's "
            "t-th step is only α/√t long.",
        ),
        (
            (1 / (2 * a)) ** 2,
            "the integral 2√T of 1/√t from 0 to T stands in for the sum "
            "1 + 1/√2 + … + 1/√T, but the two differ: add up the steps themselves.",
        ),
        (
            (1 / (2 * a) + 1) ** 2,
            "the integral 2√T − 2 of 1/√t from 1 to T stands in for the sum "
            "1 + 1/√2 + … + 1/√T, but the sum is larger: each term is a bar of width 1 "
            "over [t, t + 1], where the curve lies below it. Add up the steps themselves.",
        ),
        (
            (1 / a) ** 2,
            "that solves α√T = 1, as if the sum 1 + 1/√2 + … + 1/√T were √T; it grows "
            "like 2√T, and the exact count needs the sum itself.",
        ),
        (
            index,
            "that is the position of the update in a 0-based array (np.argmax, "
            "np.searchsorted, range(n)); the question counts updates from 1: the first "
            "update is update 1.",
        ),
        (
            index + 2,
            "that counts one increment of t after the step that reached 1 (a loop that "
            "adds the step, then t += 1, and only then tests the sum): report the number "
            "of the step that took the distance to 1.",
        ),
    ]


def adagrad_distance(answer) -> Verdict:
    """Exercise: AdaGrad (α = 0.1, ε = 0) gets the same gradient at every step; after how many
    updates has θ moved a total distance of at least 1 for the first time?"""
    a = DISTANCE_ALPHA
    steps = np.abs(opt.updates(opt.AdaGrad(a, epsilon=0.0), np.full((1000, 1), 0.7)))[:, 0]
    index = int(np.argmax(np.cumsum(steps) >= 1.0))  # of the first update that reaches 1
    return check_value(
        "how far AdaGrad gets",
        answer,
        index + 1,  # updates are counted from 1
        rtol=1e-6,
        atol=1e-6,  # a count: only the exact number passes
        mistakes=_adagrad_mistakes(a, index),
        hint="The t-th step is α/√t long; add the steps up, one by one, until the sum reaches 1.",
    )
