"""The exercises of notebook 02: reference solutions pass, typical mistakes get their specific
feedback, unfinished drafts are reported as unfinished, and value answers are never revealed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.check import mle as check

# --- reference solutions (what a student should write) -------------------------------------------


def bernoulli_nll(theta, x):
    x = np.asarray(x, dtype=float)
    return -np.mean(x * np.log(theta) + (1 - x) * np.log(1 - theta))


def kl_divergence(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    mask = p > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(p[mask] * (np.log(p[mask]) - np.log(q[mask]))))


EXPECTED_SIGMA2_HAT = 8.0  # (1 − 1/5) · 10
MEDIAN_SAMPLES = 157  # 100 · π/2 = 157.08


def draft(theta, x):  # an unfinished exercise cell: the body is `...`
    ...


# --- Exercise 1: Bernoulli NLL -------------------------------------------------------------------


def test_bernoulli_reference_solution_passes():
    v = check.bernoulli_nll(bernoulli_nll)
    assert v.passed is True and "all 3 cases" in v.message


@pytest.mark.parametrize(
    ("wrong", "feedback"),
    [
        (lambda t, x: np.mean(x * np.log(t) + (1 - x) * np.log(1 - t)), "sign is flipped"),
        (lambda t, x: -np.sum(x * np.log(t) + (1 - x) * np.log(1 - t)), "take the mean"),
        (lambda t, x: -np.mean(x * np.log(1 - t) + (1 - x) * np.log(t)), "swapped"),
        (lambda t, x: -np.mean(x * np.log2(t) + (1 - x) * np.log2(1 - t)), "log base 2"),
        (lambda t, x: -np.mean(x * np.log(t)), "the zeros are missing"),
    ],
)
def test_bernoulli_typical_mistakes_get_specific_feedback(wrong, feedback):
    v = check.bernoulli_nll(wrong)
    assert v.passed is False and feedback in v.message


def test_bernoulli_unknown_mistake_names_the_case_and_gives_the_hint():
    v = check.bernoulli_nll(lambda t, x: 0.5)
    assert v.passed is False and v.message.startswith("case 1 (0.5, [1., 0., 1., 1.])")
    assert "−[x log θ + (1 − x) log(1 − θ)]" in v.message


def test_bernoulli_code_that_raises_is_reported_not_raised():
    v = check.bernoulli_nll(lambda t, x: x.no_such_method())
    assert v.passed is False and "raised AttributeError" in v.message


@pytest.mark.parametrize("unfinished", [draft, ..., None])
def test_bernoulli_draft_is_not_answered_yet(unfinished):
    v = check.bernoulli_nll(unfinished)
    assert v.passed is None and "not answered yet" in v.message


# --- Exercise 2: KL divergence -------------------------------------------------------------------


def test_kl_reference_solution_passes():
    v = check.kl_divergence(kl_divergence)
    assert v.passed is True and "all 4 cases" in v.message


def naive_kl(p, q):
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(p * np.log(p / q)))


@pytest.mark.parametrize(
    ("wrong", "feedback"),
    [
        (lambda p, q: kl_divergence(q, p), "D_KL(q‖p)"),
        (lambda p, q: kl_divergence(p, q) / math.log(2), "log base 2"),
        (lambda p, q: float(-np.sum(p * np.log(np.where(p > 0, q, 1.0)))), "cross-entropy"),
        (naive_kl, "0·log 0 = 0"),
    ],
)
def test_kl_typical_mistakes_get_specific_feedback(wrong, feedback):
    v = check.kl_divergence(wrong)
    assert v.passed is False and feedback in v.message


def test_kl_that_ignores_impossible_outcomes_fails_on_the_infinite_case():
    # masks q = 0 away too, so it returns a finite number where the answer is inf
    def finite_kl(p, q):
        mask = (p > 0) & (q > 0)
        return float(np.sum(p[mask] * np.log(p[mask] / q[mask])))

    v = check.kl_divergence(finite_kl)
    assert v.passed is False and v.message.startswith("case 4") and "expected inf" in v.message


@pytest.mark.parametrize("unfinished", [lambda p, q: None, ...])
def test_kl_draft_is_not_answered_yet(unfinished):
    assert check.kl_divergence(unfinished).passed is None


# --- Exercise 3: E[σ̂²] --------------------------------------------------------------------------


def test_biased_variance_reference_answer_passes():
    assert check.biased_variance_expectation(EXPECTED_SIGMA2_HAT).passed is True
    assert check.biased_variance_expectation(np.float64(8)).passed is True


@pytest.mark.parametrize(
    ("wrong", "feedback"),
    [(10, "unbiased"), (12.5, "the bias goes the other way"), (2, "variance of the sample mean")],
)
def test_biased_variance_typical_mistakes(wrong, feedback):
    v = check.biased_variance_expectation(wrong)
    assert v.passed is False and feedback in v.message


def test_biased_variance_never_reveals_the_answer():
    for wrong in [10, 12.5, 2, 7, 9, "eight"]:
        v = check.biased_variance_expectation(wrong)
        assert v.passed is False and "8" not in v.message.replace(str(wrong), "")
    assert "too small" in check.biased_variance_expectation(7).message
    assert "too large" in check.biased_variance_expectation(9).message


def test_biased_variance_unanswered():
    assert check.biased_variance_expectation(...).passed is None


# --- Exercise 4: the median's sample size --------------------------------------------------------


@pytest.mark.parametrize("answer", [MEDIAN_SAMPLES, 157.08, 158])
def test_median_sample_size_reference_answers_pass(answer):
    assert check.median_sample_size(answer).passed is True


@pytest.mark.parametrize(
    ("wrong", "feedback"),
    [(100, "needs more data"), (64, "fewer samples"), (125, "not by its square root")],
)
def test_median_sample_size_typical_mistakes(wrong, feedback):
    v = check.median_sample_size(wrong)
    assert v.passed is False and feedback in v.message


def test_median_sample_size_does_not_reveal_and_is_unfinished_when_empty():
    v = check.median_sample_size(300)
    assert v.passed is False and "157" not in v.message and "too large" in v.message
    assert check.median_sample_size(...).passed is None
