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


def laplace_mle(x):
    # NLL = log(2b) + mean|x − μ|/b: its slope in μ is (#below − #above)/(N b), zero at the middle
    # sample; ∂/∂b = 1/b − mean|x − μ̂|/b² = 0 gives b̂ = mean|x − μ̂|.
    x = np.sort(np.asarray(x, dtype=float))
    mu = x[len(x) // 2]
    return mu, float(np.mean(np.abs(x - mu)))


def simulated_median_variance(seed, repetitions=10_000):
    """What a student's simulation of exercise 4 gives (numpy only, not helpers.mle)."""
    gen = np.random.default_rng(seed)
    return float(np.var(np.median(gen.normal(0.0, 2.0, size=(repetitions, 100)), axis=1)))


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


# --- Exercise 3: the Laplace MLE ----------------------------------------------------------------


def test_laplace_reference_solution_passes():
    v = check.laplace_mle(laplace_mle)
    assert v.passed is True and "all 3 cases" in v.message


def test_laplace_reference_agrees_with_numeric_minimisation_of_the_nll():
    from helpers import mle

    x = np.array([1.0, 4.0, 2.0, 8.0, 2.5, -3.0, 0.0])
    mu_hat, b_hat = laplace_mle(x)
    mus, bs = np.linspace(-3, 8, 1101), np.linspace(0.5, 5, 451)
    nll = np.stack([mle.laplace_nll(x, mus[:, None], b) for b in bs], axis=1)  # (μ, b)
    i, j = np.unravel_index(np.argmin(nll), nll.shape)
    assert mus[i] == pytest.approx(mu_hat, abs=0.011) and bs[j] == pytest.approx(b_hat, abs=0.011)


def _mad(x, centre):
    return float(np.mean(np.abs(x - centre)))


@pytest.mark.parametrize(
    ("wrong", "feedback"),
    [
        (lambda x: (np.mean(x), np.std(x)), "Gaussian MLEs"),
        (lambda x: (np.mean(x), _mad(x, np.mean(x))), "squared* deviations"),
        (lambda x: (np.median(x), _mad(x, np.mean(x))), "deviations from the mean"),
        (lambda x: (np.median(x), np.sqrt(np.mean((x - np.median(x)) ** 2))), "root mean"),
        (lambda x: (np.median(x), np.sum(np.abs(x - np.median(x)))), "N times too large"),
        (lambda x: (np.median(x), np.median(np.abs(x - np.median(x)))), "median absolute"),
    ],
)
def test_laplace_typical_mistakes_get_specific_feedback(wrong, feedback):
    v = check.laplace_mle(wrong)
    assert v.passed is False and feedback in v.message


@pytest.mark.parametrize(
    ("wrong", "feedback"),
    [
        (lambda x: (np.median(x), 2 * _mad(x, np.median(x))), "μ̂ is right, b̂ is off"),
        (lambda x: (np.max(x), _mad(x, np.median(x))), "μ̂ is off, b̂ is right"),
        (lambda x: np.median(x), "return a pair"),
    ],
)
def test_laplace_unknown_mistake_says_which_part_is_off_without_the_values(wrong, feedback):
    v = check.laplace_mle(wrong)
    assert v.passed is False and feedback in v.message and "expected" not in v.message
    assert "1.667" not in v.message and "1.6667" not in v.message  # b̂ of case 1 is 5/3


def test_laplace_code_that_raises_is_reported_and_drafts_are_unfinished():
    assert "raised ZeroDivisionError" in check.laplace_mle(lambda x: 1 / 0).message
    assert check.laplace_mle(lambda x: None).passed is None
    assert check.laplace_mle(...).passed is None


# --- Exercise 4: the variance of the median ------------------------------------------------------


def test_the_checks_target_matches_an_independent_large_simulation():
    target = check._MEDIAN_VARIANCE_M100_SIGMA2
    big = np.mean([simulated_median_variance(seed, 50_000) for seed in (11, 12)])
    assert target == pytest.approx(big, rel=0.01)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_a_students_10000_repetition_simulation_passes(seed):
    assert check.median_variance(simulated_median_variance(seed)).passed is True


def test_the_large_n_prediction_passes():
    assert check.median_variance(math.pi / 2 * 4 / 100).passed is True


@pytest.mark.parametrize(
    ("wrong", "feedback"),
    [
        (4 / 100, "variance of the sample *mean*"),
        (2 / math.pi * 4 / 100, "less efficient"),
        (math.pi / 2 * 2 / 100, "σ where σ² belongs"),
        (math.sqrt(math.pi / 2) * 4 / 100, "not of standard"),
        (math.sqrt(math.pi / 2 * 4 / 100), "standard deviation"),
        (math.pi / 2 * 4 * 100, "falls with m"),
    ],
)
def test_median_variance_typical_mistakes(wrong, feedback):
    v = check.median_variance(wrong)
    assert v.passed is False and feedback in v.message


def test_median_variance_never_reveals_the_answer():
    for wrong in [0.04, 0.0314, 0.045, 0.05, 0.07, 0.1, 0.5, "small"]:
        v = check.median_variance(wrong)
        assert v.passed is False
        assert all(s not in v.message for s in ["0.06", "0.062", "6.2e", "π/2"])
    for guess in (0.045, 0.07):  # no direction: guesses must not bracket the answer
        message = check.median_variance(guess).message
        assert "is not right. How does N·MSE" in message and "too" not in message
    assert check.median_variance(...).passed is None
