"""The exercises of notebook 03: reference solutions pass, typical mistakes get their specific
feedback, unfinished answers are reported as unfinished, and no verdict reveals a value answer."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.check import sgd as check

# --- reference solutions, written independently of helpers.sgd ---------------------------------


def minibatch_gradient(w, x, y, batch):
    xb, yb = x[batch], y[batch]
    return 2 * xb.T @ (xb @ w - yb) / len(batch)


def robbins_monro(p):
    return 0.5 < p <= 1


def convexity_gap(f, a, b, t):
    return t * f(a) + (1 - t) * f(b) - f(t * a + (1 - t) * b)


def unfinished(*args): ...


# --- largest stable learning rate on the tilted bowl ---------------------------------------------

# f = 2θ₁² + 2θ₁θ₂ + θ₂²: Hessian [[4, 2], [2, 2]], eigenvalues 3 ± √5 (trace 6, determinant 4)
LAMBDA_MAX, LAMBDA_MIN = 3 + np.sqrt(5), 3 - np.sqrt(5)


def test_tilted_bowl_rate_accepts_two_over_the_largest_eigenvalue():
    assert check.tilted_bowl_rate(2 / LAMBDA_MAX).passed
    assert check.tilted_bowl_rate(0.382).passed  # three significant digits
    assert check.tilted_bowl_rate(...).unfinished
    assert check.tilted_bowl_rate("0.38x").passed is False


@pytest.mark.parametrize(
    ("wrong", "explanation"),
    [
        (2 / 4, "diagonal"),  # the largest diagonal entry of the Hessian
        (2 / (LAMBDA_MAX / 2), "twice the coefficient"),  # the quadratic form's matrix, halved
        (1 / LAMBDA_MAX, "one step"),
        (2 / LAMBDA_MIN, "flattest"),
        (2 / (LAMBDA_MIN + LAMBDA_MAX), "fastest rate"),
    ],
)
def test_tilted_bowl_rate_names_typical_mistakes(wrong, explanation):
    verdict = check.tilted_bowl_rate(wrong)
    assert verdict.passed is False and explanation in verdict.message


def test_tilted_bowl_rate_does_not_reveal_the_answer():
    for wrong in (0.3, 0.45):
        verdict = check.tilted_bowl_rate(wrong)
        assert verdict.passed is False and "0.382" not in verdict.message
        assert "√5" not in verdict.message and "5.236" not in verdict.message


# --- minibatch gradient -------------------------------------------------------------------------


def test_minibatch_gradient_accepts_the_reference():
    verdict = check.minibatch_gradient(minibatch_gradient)
    assert verdict.passed, verdict.message


@pytest.mark.parametrize(
    ("wrong", "explanation"),
    [
        (lambda w, x, y, b: minibatch_gradient(w, x, y, b) / 2, "factor 2"),
        (lambda w, x, y, b: -minibatch_gradient(w, x, y, b), "sign is flipped"),
        (lambda w, x, y, b: len(b) * minibatch_gradient(w, x, y, b), "divide by m"),
        (lambda w, x, y, b: len(b) * minibatch_gradient(w, x, y, b) / len(x), "divided by N"),
        (lambda w, x, y, b: minibatch_gradient(w, x, y, np.arange(len(x))), "all N examples"),
        (lambda w, x, y, b: minibatch_gradient(w, x, y, np.unique(b)), "repeated index"),
    ],
)
def test_minibatch_gradient_names_typical_mistakes(wrong, explanation):
    verdict = check.minibatch_gradient(wrong)
    assert verdict.passed is False and explanation in verdict.message


def test_minibatch_gradient_unfinished_and_crashing_answers():
    assert check.minibatch_gradient(unfinished).unfinished
    assert check.minibatch_gradient(...).unfinished
    crash = check.minibatch_gradient(lambda w, x, y, b: x[b] @ np.ones(99))
    assert crash.passed is False and "raised" in crash.message


# --- a power that rescues a badly scaled c/i ------------------------------------------------------


def exact_error(c, p, steps=10_000, d=5):
    """E‖w − w*‖² of streaming least squares (σ = 1), by its recursion, written out here."""
    e = float(d)
    for i in range(1, steps + 1):
        a = c / i**p
        e = (1 - 2 * a + (d + 2) * a * a) * e + a * a * d
    return e


@pytest.mark.parametrize("p", [0.3, 0.5, 0.6])
def test_schedule_power_accepts_powers_that_gain_a_hundredfold(p):
    assert exact_error(0.05, 1.0) / exact_error(0.05, p) >= 100  # the reference's own criterion
    verdict = check.schedule_power(p)
    assert verdict.passed
    assert ("sufficient, not necessary" in verdict.message) is (p <= 0.5)


@pytest.mark.parametrize(
    ("p", "explanation"),
    [
        (0, "noise ball"),  # a constant rate: closer after 10⁴ updates, but it never converges
        (1, "itself"),
        (1.5, "Σα < ∞"),
        (0.1, "falls too slowly"),  # converges, but rides a slowly shrinking noise ball
        (0.8, "not yet forgotten"),  # converges, but the steps shrink too fast for c = 0.05
    ],
)
def test_schedule_power_names_typical_mistakes(p, explanation):
    if 0 < p < 1:
        assert exact_error(0.05, 1.0) / exact_error(0.05, p) < 100
    verdict = check.schedule_power(p)
    assert verdict.passed is False and explanation in verdict.message


def test_schedule_power_unfinished_and_invalid_answers():
    assert check.schedule_power(...).unfinished
    assert check.schedule_power("half").passed is False
    assert "≥ 0" in check.schedule_power(-0.5).message
    assert "≥ 0" in check.schedule_power(float("nan")).message


# --- Robbins–Monro ------------------------------------------------------------------------------


def test_robbins_monro_accepts_the_reference():
    assert check.robbins_monro(robbins_monro).passed


@pytest.mark.parametrize(
    ("wrong", "explanation"),
    [
        (lambda p: p <= 1, "Σα² = Σ c²/i^{2p} must also be finite"),
        (lambda p: p > 0.5, "Σα = Σ c/i^p must also diverge"),
        (lambda p: 0.5 <= p <= 1, "p = 1/2"),
        (lambda p: 0.5 < p < 1, "p = 1"),
        (lambda p: p > 0, "Σα² = Σ c²/i^{2p} must also be finite"),  # fails first at p = 0.25
    ],
)
def test_robbins_monro_names_typical_mistakes(wrong, explanation):
    verdict = check.robbins_monro(wrong)
    assert verdict.passed is False and explanation in verdict.message


def test_robbins_monro_unfinished():
    assert check.robbins_monro(unfinished).unfinished


# --- convexity gap ------------------------------------------------------------------------------


def test_convexity_gap_accepts_the_reference_and_names_mistakes():
    assert check.convexity_gap(convexity_gap).passed
    flipped = check.convexity_gap(lambda f, a, b, t: -convexity_gap(f, a, b, t))
    assert flipped.passed is False and "sign is flipped" in flipped.message
    swapped = check.convexity_gap(
        lambda f, a, b, t: t * f(a) + (1 - t) * f(b) - f((1 - t) * a + t * b)
    )
    assert swapped.passed is False and "mismatched" in swapped.message
    assert check.convexity_gap(unfinished).unfinished
