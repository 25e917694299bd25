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


# --- largest stable learning rate ---------------------------------------------------------------


def test_stable_rate_accepts_one_third_and_explains_mistakes():
    assert check.largest_stable_rate(1 / 3).passed
    assert check.largest_stable_rate(0.3333).passed
    assert "6θ" in check.largest_stable_rate(2 / 3).message
    assert "one step" in check.largest_stable_rate(1 / 6).message
    assert "f'' = 6" in check.largest_stable_rate(2.0).message
    wrong = check.largest_stable_rate(0.25)
    assert wrong.passed is False and "too small" in wrong.message
    assert "0.3333" not in wrong.message and "1/3" not in wrong.message
    assert check.largest_stable_rate(...).unfinished


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


# --- variance of a minibatch gradient ------------------------------------------------------------


def test_minibatch_variance_uses_the_one_over_m_law():
    v1 = 12.34
    assert check.minibatch_variance(v1 / 64, v1, 64).passed
    assert check.minibatch_variance(0.1928, v1, 64).passed  # rounded to 4 digits
    assert "1/√m" in check.minibatch_variance(v1 / 8, v1, 64).message
    assert "does reduce" in check.minibatch_variance(v1, v1, 64).message
    assert "sum" in check.minibatch_variance(v1 * 64, v1, 64).message
    far = check.minibatch_variance(1.0, v1, 64)
    assert far.passed is False and "0.1928" not in far.message
    assert check.minibatch_variance(..., v1, 64).unfinished


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
