"""helpers.mle: hand values, the NLL = cross-entropy = KL + entropy identity, closed-form MLEs
against numeric optimisation, zero probabilities, and Monte-Carlo claims within error bounds
derived here from the estimators' known variances."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import losses, mle

LN2 = math.log(2.0)
Z = 5.0  # Monte-Carlo checks allow 5 standard errors: a false alarm has probability < 1e-6


def golden_min(f, low, high, tol=1e-10):
    """Minimise a unimodal scalar function on [low, high] by golden-section search (for tests)."""
    g = (math.sqrt(5.0) - 1) / 2
    a, b = low, high
    c, d = b - g * (b - a), a + g * (b - a)
    while b - a > tol:
        if f(c) < f(d):
            b, d = d, c
            c = b - g * (b - a)
        else:
            a, c = c, d
            d = a + g * (b - a)
    return (a + b) / 2


def dirichlet(rng, k, size):
    return rng.dirichlet(np.ones(k), size=size)


# --- empirical distribution ----------------------------------------------------------------------


def test_empirical_distribution_counts_by_hand():
    p = mle.empirical_distribution([3, 1, 3, 3, 6], support=np.arange(1, 7))
    np.testing.assert_allclose(p, [1 / 5, 0, 3 / 5, 0, 0, 1 / 5], rtol=1e-15)


def test_empirical_distribution_follows_the_order_of_an_unsorted_support():
    p = mle.empirical_distribution([2.5, -1.0, 2.5, 7.0], support=[7.0, 2.5, -1.0, 0.0])
    np.testing.assert_allclose(p, [0.25, 0.5, 0.25, 0.0], rtol=1e-15)


@pytest.mark.parametrize(
    ("samples", "support", "match"),
    [
        ([1, 2, 9], [1, 2, 3], "samples must lie in support; got 9"),
        ([], [1, 2], "samples is empty"),
        ([1, 2], [1, 1, 2], "support must list distinct values"),
        ([1], [[1, 2]], "support must have 1 dimension"),
    ],
)
def test_empirical_distribution_rejects_bad_input(samples, support, match):
    with pytest.raises(ValueError, match=match):
        mle.empirical_distribution(samples, support)


# --- entropy, cross-entropy, KL ------------------------------------------------------------------


def test_entropy_by_hand():
    assert mle.entropy(np.full(8, 1 / 8)) == pytest.approx(math.log(8), rel=1e-15)
    # ½ log 2 + 2 · ¼ log 4 = 1.5 log 2
    assert mle.entropy([0.5, 0.25, 0.25]) == pytest.approx(1.5 * LN2, rel=1e-15)


def test_zero_probabilities_contribute_zero_not_nan():
    assert mle.entropy([1.0, 0.0, 0.0]) == 0.0
    assert mle.cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == pytest.approx(LN2, rel=1e-15)
    assert mle.kl_divergence([0.5, 0.5, 0.0], [0.25, 0.25, 0.5]) == pytest.approx(LN2, rel=1e-15)


def test_a_model_with_zero_probability_where_data_has_mass_costs_infinity():
    assert mle.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert mle.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    # the reverse direction is finite: where p = 0 the model's q does not matter
    assert mle.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(LN2, rel=1e-15)


def test_kl_by_hand_and_its_asymmetry():
    p, q = np.array([0.9, 0.1]), np.array([0.5, 0.5])
    forward = 0.9 * math.log(0.9 / 0.5) + 0.1 * math.log(0.1 / 0.5)  # 0.368
    backward = 0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(0.5 / 0.1)  # 0.511
    assert mle.kl_divergence(p, q) == pytest.approx(forward, rel=1e-14)
    assert mle.kl_divergence(q, p) == pytest.approx(backward, rel=1e-14)
    assert abs(forward - backward) > 0.1


def test_cross_entropy_is_kl_plus_entropy_and_kl_is_nonnegative(rng):
    p, q = dirichlet(rng, 6, 200), dirichlet(rng, 6, 200)
    ce, kl, h = mle.cross_entropy(p, q), mle.kl_divergence(p, q), mle.entropy(p)
    np.testing.assert_allclose(ce, kl + h, rtol=1e-12, atol=1e-14)
    assert np.all(kl >= 0)
    np.testing.assert_allclose(mle.kl_divergence(p, p), 0.0, atol=1e-15)


def test_kl_of_nearly_equal_distributions_has_no_cancellation():
    # KL(p‖q) ≈ Σ (p − q)² / (2p) for q close to p; CE − H would lose it to rounding
    p = np.array([0.5, 0.5])
    q = np.array([0.5 + 1e-7, 0.5 - 1e-7])
    assert mle.kl_divergence(p, q) == pytest.approx(2 * (1e-7) ** 2 / (2 * 0.5), rel=1e-6)


def test_tiny_probabilities_are_stable():
    p = np.array([1 - 1e-300, 1e-300])
    assert math.isfinite(mle.entropy(p)) and mle.entropy(p) >= 0
    assert mle.cross_entropy(p, p) == pytest.approx(mle.entropy(p), rel=1e-12)


def test_divergences_broadcast_a_grid_of_models(rng):
    p = dirichlet(rng, 4, 1)[0]
    q = dirichlet(rng, 4, 7)
    np.testing.assert_allclose(
        mle.kl_divergence(p, q), [mle.kl_divergence(p, row) for row in q], rtol=1e-15
    )


@pytest.mark.parametrize(
    ("p", "q", "match"),
    [
        ([0.5, 0.6], [0.5, 0.5], "p must sum to 1 along its last axis.*got a sum of 1.1"),
        ([1.2, -0.2], [0.5, 0.5], r"p must have entries in \[0, 1\]; got -0.2"),
        ([0.5, 0.5], [0.3, 0.3], "q must sum to 1"),
        ([0.5, 0.5], [0.2, 0.3, 0.5], "p and q must have the same number of outcomes"),
        ([0.5, np.nan], [0.5, 0.5], "p contains NaN"),
        ([], [], "p is empty"),
        (1.0, 1.0, "p must be a probability vector"),
    ],
)
def test_divergences_reject_bad_distributions(p, q, match):
    with pytest.raises(ValueError, match=match):
        mle.kl_divergence(p, q)


def test_a_distribution_that_is_not_numbers_is_a_type_error():
    with pytest.raises(TypeError, match="p must be an array of numbers, got str"):
        mle.entropy("uniform")
    with pytest.raises(TypeError, match="q must be an array of numbers"):
        mle.cross_entropy([0.5, 0.5], [None, {}])


# --- Bernoulli -----------------------------------------------------------------------------------


def test_bernoulli_nll_by_hand():
    # 3 ones and 1 zero at θ = 0.75: −(3 log ¾ + log ¼) / 4
    expected = -(3 * math.log(0.75) + math.log(0.25)) / 4
    assert mle.bernoulli_nll(0.75, [1, 1, 0, 1]) == pytest.approx(expected, rel=1e-15)


def test_bernoulli_mle_is_the_fraction_of_ones_by_numeric_optimisation():
    x = np.array([1, 0, 1, 1, 0, 1, 1, 1, 0, 1])
    best = golden_min(lambda t: mle.bernoulli_nll(t, x), 1e-9, 1 - 1e-9)
    assert best == pytest.approx(0.7, abs=1e-7)


def test_bernoulli_likelihood_is_the_product_of_the_probabilities_by_hand():
    x = np.array([1, 0, 1, 1, 0, 1, 1, 1, 0, 1])  # 7 ones, 3 zeros
    for t in [0.0, 0.3, 0.7, 1.0]:
        assert mle.bernoulli_likelihood(t, x) == pytest.approx(t**7 * (1 - t) ** 3, rel=1e-12)
    grid = np.array([0.2, 0.5, 0.9])
    np.testing.assert_allclose(
        mle.bernoulli_likelihood(grid[:, None], x), grid**7 * (1 - grid) ** 3, rtol=1e-12
    )


def test_bernoulli_likelihood_integrates_to_a_beta_function_not_to_one():
    x = np.array([1, 0, 1, 1, 0, 1, 1, 1, 0, 1])
    theta = np.linspace(0, 1, 20001)
    area = mle.likelihood_area(theta, mle.bernoulli_likelihood(theta[:, None], x))
    exact = math.factorial(7) * math.factorial(3) / math.factorial(11)  # B(8, 4) = 1/1320
    assert area == pytest.approx(exact, rel=1e-6)
    assert exact == pytest.approx(1 / 1320, rel=1e-15)


def test_bernoulli_probabilities_of_all_data_sets_sum_to_one():
    n = 8
    every = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    total = mle.bernoulli_likelihood(0.3, every).sum()
    assert total == pytest.approx(1.0, rel=1e-12)


def test_likelihood_area_is_the_trapezoid_rule():
    theta = np.linspace(0.0, 1.0, 3)
    # trapezoids of width ½ under θ²: ½ · (0 + ¼)/2 + ½ · (¼ + 1)/2 = 0.375
    assert mle.likelihood_area(theta, theta**2) == pytest.approx(0.375, rel=1e-15)
    fine = np.linspace(0.0, 1.0, 10001)
    assert mle.likelihood_area(fine, fine**2) == pytest.approx(1 / 3, rel=1e-7)
    with pytest.raises(ValueError, match="likelihood must have one value per θ"):
        mle.likelihood_area(theta, [1.0, 2.0])
    with pytest.raises(ValueError, match="theta must have 1 dimension"):
        mle.likelihood_area(np.zeros((2, 2)), [1.0, 2.0])


def test_coin_flips_are_seeded_zeros_and_ones_with_frequency_theta():
    flips = mle.coin_flips(20_000, 0.3, np.random.default_rng(4))
    assert flips.shape == (20_000,) and set(np.unique(flips)) <= {0, 1}
    # a fraction of R Bernoulli(θ) outcomes has standard error sqrt(θ(1 − θ)/R)
    assert abs(flips.mean() - 0.3) < Z * math.sqrt(0.3 * 0.7 / 20_000)
    again = mle.coin_flips(20_000, 0.3, np.random.default_rng(4))
    np.testing.assert_array_equal(flips, again)
    assert set(mle.coin_flips(50, 0.0, np.random.default_rng(0))) == {0}
    assert set(mle.coin_flips(50, 1.0, np.random.default_rng(0))) == {1}


def test_more_coin_flips_extend_the_same_sequence_and_a_larger_theta_only_adds_ones():
    short = mle.coin_flips(10, 0.5, np.random.default_rng(2))
    long = mle.coin_flips(200, 0.5, np.random.default_rng(2))
    np.testing.assert_array_equal(short, long[:10])
    more = mle.coin_flips(200, 0.8, np.random.default_rng(2))
    assert np.all(more >= long) and more.sum() > long.sum()


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((0, 0.5, np.random.default_rng(0)), ValueError, "n must be an integer ≥ 1, got 0"),
        ((5.0, 0.5, np.random.default_rng(0)), TypeError, "n must be an integer"),
        ((5, 1.5, np.random.default_rng(0)), ValueError, r"theta must be a probability in \[0, 1"),
        ((5, "0.5", np.random.default_rng(0)), TypeError, "theta must be a probability"),
        ((5, 0.5, 0), TypeError, r"rng must be a numpy\.random\.Generator"),
    ],
)
def test_coin_flips_reject_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        mle.coin_flips(*args)


def test_bernoulli_nll_at_the_boundaries():
    assert mle.bernoulli_nll(0.0, [0, 0]) == 0.0  # 0 · log 0 = 0: certain and right
    assert mle.bernoulli_nll(1.0, [1, 1]) == 0.0
    assert mle.bernoulli_nll(0.0, [0, 1]) == math.inf  # a 1 that the model calls impossible
    assert mle.bernoulli_nll(1.0, [0, 1]) == math.inf


def test_bernoulli_nll_with_one_theta_per_example_is_the_logistic_loss(rng):
    z = rng.normal(scale=3.0, size=12)
    y = rng.integers(0, 2, size=12)
    expected, _ = losses.binary_cross_entropy(z, y)
    assert mle.bernoulli_nll(losses.sigmoid(z), y) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("theta", "x", "match"),
    [
        (1.5, [0, 1], r"theta must be a probability in \[0, 1\], got 1.5"),
        (-0.1, [0, 1], "theta must be a probability"),
        (0.5, [0, 2], "x must contain only 0 and 1, got 2"),
        (0.5, [], "x is empty"),
        (np.nan, [1], "theta contains NaN"),
    ],
)
def test_bernoulli_nll_rejects_bad_input(theta, x, match):
    with pytest.raises(ValueError, match=match):
        mle.bernoulli_nll(theta, x)


# --- categorical and binomial --------------------------------------------------------------------


def test_categorical_nll_equals_cross_entropy_with_the_empirical_distribution(rng):
    labels = rng.integers(0, 5, size=40)
    p_hat = np.bincount(labels, minlength=5) / 40  # written here, independent of the module
    q = dirichlet(rng, 5, 30)
    np.testing.assert_allclose(
        mle.categorical_nll(q, labels), mle.cross_entropy(p_hat, q), rtol=1e-12
    )


def test_the_empirical_distribution_is_the_categorical_mle(rng):
    labels = rng.integers(0, 4, size=25)
    p_hat = mle.empirical_distribution(labels, np.arange(4))
    best = mle.categorical_nll(p_hat, labels)
    others = mle.categorical_nll(dirichlet(rng, 4, 2000), labels)
    assert np.all(others > best)  # Gibbs' inequality: NLL(q) − NLL(p̂) = KL(p̂‖q) ≥ 0
    nearby = np.clip(p_hat + rng.normal(scale=1e-3, size=(500, 4)), 1e-6, None)
    nearby /= nearby.sum(axis=1, keepdims=True)
    assert np.all(mle.categorical_nll(nearby, labels) >= best)


def test_categorical_nll_of_an_impossible_label_is_infinite():
    assert mle.categorical_nll([0.5, 0.5, 0.0], np.array([0, 2])) == math.inf


@pytest.mark.parametrize(
    ("labels", "error", "match"),
    [
        (np.array([0, 3]), ValueError, "labels must lie in 0..2; got 3"),
        (np.array([0.0, 1.0]), TypeError, "labels must hold integer class labels"),
        (np.array([], dtype=int), ValueError, "labels must be a non-empty 1-D array"),
    ],
)
def test_categorical_nll_rejects_bad_labels(labels, error, match):
    with pytest.raises(error, match=match):
        mle.categorical_nll([0.2, 0.3, 0.5], labels)


def test_binomial_probs_against_the_formula():
    q = mle.binomial_probs(4, np.array([0.3, 0.0]))
    expected = [math.comb(4, k) * 0.3**k * 0.7 ** (4 - k) for k in range(5)]
    np.testing.assert_allclose(q[0], expected, rtol=1e-14)
    np.testing.assert_array_equal(q[1], [1.0, 0.0, 0.0, 0.0, 0.0])
    totals = mle.binomial_probs(7, np.linspace(0, 1, 11)).sum(axis=-1)
    np.testing.assert_allclose(totals, 1.0, rtol=1e-14)


def test_binomial_mle_is_the_mean_over_trials_by_numeric_optimisation(rng):
    k = rng.binomial(5, 0.35, size=60)
    best = golden_min(lambda t: mle.categorical_nll(mle.binomial_probs(5, t), k), 1e-6, 1 - 1e-6)
    assert best == pytest.approx(k.mean() / 5, abs=1e-7)


def test_binomial_probs_rejects_bad_input():
    with pytest.raises(ValueError, match="trials must be an integer ≥ 1, got 0"):
        mle.binomial_probs(0, 0.5)
    with pytest.raises(TypeError, match="trials must be an integer"):
        mle.binomial_probs(3.0, 0.5)
    with pytest.raises(ValueError, match="theta must be a probability"):
        mle.binomial_probs(3, 1.2)


# --- Gaussian ------------------------------------------------------------------------------------


def test_gaussian_nll_is_minus_the_log_of_the_density(rng):
    y, mu, s = rng.normal(size=7), rng.normal(size=7), 0.7
    density = np.exp(-((y - mu) ** 2) / (2 * s**2)) / math.sqrt(2 * math.pi * s**2)
    assert mle.gaussian_nll(y, mu, s) == pytest.approx(-np.mean(np.log(density)), rel=1e-13)


def test_gaussian_mles_are_the_mean_and_the_biased_variance_by_numeric_optimisation(rng):
    x = rng.normal(3.0, 2.0, size=50)
    mu = golden_min(lambda m: mle.gaussian_nll(x, m, 1.0), -10, 10)
    assert mu == pytest.approx(np.mean(x), abs=1e-7)
    sigma = golden_min(lambda s: mle.gaussian_nll(x, np.mean(x), s), 0.1, 10)
    assert sigma**2 == pytest.approx(np.mean((x - np.mean(x)) ** 2), rel=1e-7)  # the 1/N one


@pytest.mark.parametrize("sigma", [0.1, 1.0, 7.0])
def test_gaussian_nll_is_a_constant_plus_mse_over_two_sigma_squared(rng, sigma):
    y, pred = rng.normal(size=20), rng.normal(size=20)
    mse, _ = losses.mean_squared_error(pred, y)
    expected = 0.5 * math.log(2 * math.pi * sigma**2) + mse / (2 * sigma**2)
    assert mle.gaussian_nll(y, pred, sigma) == pytest.approx(expected, rel=1e-13)


def test_gaussian_nll_argmin_over_lines_is_least_squares_for_every_sigma(rng):
    x = rng.uniform(-1, 1, size=25)
    y = 1.5 * x - 0.5 + 0.5 * rng.normal(size=25)
    slopes = np.linspace(0.0, 3.0, 3001)
    design = np.stack([np.ones_like(x), x], axis=1)
    intercept, slope = np.linalg.lstsq(design, y, rcond=None)[0]
    for sigma in [0.1, 1.0, 10.0]:
        nll = mle.gaussian_nll(y, intercept + slopes[:, None] * x, sigma)
        assert slopes[np.argmin(nll)] == pytest.approx(slope, abs=0.0006)


def test_gaussian_likelihood_is_the_product_of_the_densities(rng):
    y, mu, s = rng.normal(size=5), np.array([[0.0], [0.5]]), 1.3
    density = np.exp(-((y - mu) ** 2) / (2 * s**2)) / math.sqrt(2 * math.pi * s**2)
    np.testing.assert_allclose(mle.gaussian_likelihood(y, mu, s), density.prod(axis=-1), rtol=1e-12)


@pytest.mark.parametrize("sigma", [0.0, -1.0, np.inf])
def test_gaussian_nll_rejects_a_non_positive_sigma(sigma):
    with pytest.raises(ValueError, match="sigma must be a finite number > 0"):
        mle.gaussian_nll([1.0], 0.0, sigma)


# --- Laplace -------------------------------------------------------------------------------------


def test_laplace_nll_is_minus_the_log_of_the_density(rng):
    y, mu, b = rng.normal(size=7), rng.normal(size=7), 0.7
    density = np.exp(-np.abs(y - mu) / b) / (2 * b)
    assert mle.laplace_nll(y, mu, b) == pytest.approx(-np.mean(np.log(density)), rel=1e-13)


def test_laplace_mle_of_the_location_is_the_median_for_every_scale(rng):
    x = rng.laplace(3.0, 2.0, size=51)  # odd: the median is unique
    for b in [0.1, 1.0, 10.0]:
        mu = golden_min(lambda m, b=b: mle.laplace_nll(x, m, b), -10, 10)
        assert mu == pytest.approx(np.median(x), abs=1e-7)


def test_laplace_mle_of_the_scale_is_the_mean_absolute_deviation_from_the_median(rng):
    x = rng.laplace(0.0, 1.5, size=40)
    b = golden_min(lambda s: mle.laplace_nll(x, np.median(x), s), 0.01, 10)
    assert b == pytest.approx(np.mean(np.abs(x - np.median(x))), rel=1e-7)


@pytest.mark.parametrize("b", [0.0, -1.0, np.inf])
def test_laplace_nll_rejects_a_non_positive_scale(b):
    with pytest.raises(ValueError, match="b must be a finite number > 0"):
        mle.laplace_nll([1.0], 0.0, b)


@pytest.mark.parametrize(
    ("y", "mean", "sigma", "match"),
    [
        ([1.0], 0.0, "1", "sigma must be a finite number > 0, got str"),
        ([1.0], 0.0, True, "sigma must be a finite number > 0, got bool"),
        (["a"], 0.0, 1.0, "y must be an array of numbers"),
    ],
)
def test_gaussian_nll_rejects_the_wrong_kind_of_argument_with_type_error(y, mean, sigma, match):
    with pytest.raises(TypeError, match=match):
        mle.gaussian_nll(y, mean, sigma)


def test_gaussian_nll_rejects_empty_samples():
    with pytest.raises(ValueError, match="y is empty"):
        mle.gaussian_nll([], 0.0, 1.0)


# --- estimators ----------------------------------------------------------------------------------


def test_estimators_by_hand():
    x = np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 10.0]])
    np.testing.assert_allclose(mle.sample_mean(x), [2.5, 4.0])
    np.testing.assert_allclose(mle.sample_median(x), [2.5, 2.0])
    np.testing.assert_allclose(mle.sample_variance(x), [5 / 4, 48 / 4])
    np.testing.assert_allclose(mle.sample_variance(x, ddof=1), [5 / 3, 48 / 3])
    np.testing.assert_allclose(mle.sample_variance(x, ddof=-1), [5 / 5, 48 / 5])


def test_sample_variance_rejects_too_few_examples():
    with pytest.raises(ValueError, match="ddof must be below the number of examples N = 1"):
        mle.sample_variance([3.0], ddof=1)
    with pytest.raises(ValueError, match="x must hold at least one example"):
        mle.sample_mean(7.0)
    with pytest.raises(ValueError, match="x is empty"):
        mle.sample_mean(np.zeros((3, 0)))
    with pytest.raises(TypeError, match="ddof must be an integer"):
        mle.sample_variance([1.0, 2.0], ddof=0.5)


def test_gaussian_datasets_shape_seed_and_arguments():
    a = mle.gaussian_datasets(4, 3, np.random.default_rng(7), mean=1.0, sigma=2.0)
    b = 1.0 + 2.0 * np.random.default_rng(7).standard_normal((3, 4))
    np.testing.assert_array_equal(a, b)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        mle.gaussian_datasets(4, 3, 7)
    with pytest.raises(ValueError, match="n must be an integer ≥ 1, got 0"):
        mle.gaussian_datasets(0, 3, np.random.default_rng(0))
    with pytest.raises(TypeError, match="repetitions must be an integer"):
        mle.gaussian_datasets(4, True, np.random.default_rng(0))
    with pytest.raises(ValueError, match="sigma must be a finite number > 0"):
        mle.gaussian_datasets(4, 3, np.random.default_rng(0), sigma=0.0)


def test_summarize_by_hand():
    s = mle.summarize([1.0, 2.0, 3.0], truth=1.5)
    assert (s.mean, s.bias) == (2.0, 0.5)
    assert s.variance == pytest.approx(2 / 3)
    assert s.mse == pytest.approx(2 / 3 + 0.25)  # variance + bias²
    assert s.stderr == pytest.approx(math.sqrt(2 / 3 / 3))
    with pytest.raises(ValueError, match="at least 2 repetitions"):
        mle.summarize([1.0], truth=0.0)


def chi2_moments(n, sigma, ddof):
    """E and Var of Σ(x − x̄)²/(N − ddof) from Σ(x − x̄)²/σ² ~ χ²(N − 1): mean N − 1, var 2(N − 1)."""
    scale = sigma**2 / (n - ddof)
    return (n - 1) * scale, 2 * (n - 1) * scale**2


@pytest.mark.parametrize(("n", "sigma"), [(2, 1.0), (3, 2.0), (5, 0.5), (20, 3.0)])
def test_biased_variance_has_expectation_one_minus_one_over_n_sigma2(rng, n, sigma):
    """The lecture's E[σ̂²] = (1 − 1/N)σ², within 5 Monte-Carlo standard errors.

    The standard error of the average of R values of σ̂² is sqrt(Var[σ̂²]/R), with
    Var[σ̂²] = 2(N − 1)σ⁴/N² (σ̂² = σ²/N · χ²(N − 1)).
    """
    repetitions = 200_000
    estimates = mle.sample_variance(mle.gaussian_datasets(n, repetitions, rng, sigma=sigma))
    claim = (1 - 1 / n) * sigma**2
    stderr = math.sqrt(2 * (n - 1) * sigma**4 / n**2 / repetitions)
    assert abs(estimates.mean() - claim) < Z * stderr
    # the check has teeth: the unbiased value σ² is many standard errors away
    assert abs(sigma**2 - claim) > 10 * Z * stderr


@pytest.mark.parametrize("ddof", [-1, 0, 1])
def test_variance_estimator_moments_match_chi_square_and_simulation(rng, ddof):
    n, sigma = 5, 2.0
    e, var, mse = mle.variance_estimator_moments(n, sigma, ddof)
    e_ref, var_ref = chi2_moments(n, sigma, ddof)
    assert (e, var) == (pytest.approx(e_ref, rel=1e-14), pytest.approx(var_ref, rel=1e-14))
    assert mse == pytest.approx(var_ref + (e_ref - sigma**2) ** 2, rel=1e-14)
    # simulation: the sample variance of R values has standard error sqrt((m4 − var²)/R),
    # with m4 their fourth central moment, estimated from the same values
    repetitions = 200_000
    est = mle.sample_variance(mle.gaussian_datasets(n, repetitions, rng, sigma=sigma), ddof=ddof)
    centred = est - est.mean()
    m4 = np.mean(centred**4)
    assert abs(est.var() - var) < Z * math.sqrt((m4 - est.var() ** 2) / repetitions)


def test_the_biased_variance_estimator_has_lower_mse_than_the_unbiased_one(rng):
    n, sigma, repetitions = 5, 1.0, 100_000
    exact = {d: mle.variance_estimator_moments(n, sigma, d)[2] for d in (-1, 0, 1)}
    # closed forms typed from the χ² moments: (2N − 1)σ⁴/N², 2σ⁴/(N − 1), 2σ⁴/(N + 1)
    assert exact[0] == pytest.approx((2 * n - 1) / n**2, rel=1e-14)
    assert exact[1] == pytest.approx(2 / (n - 1), rel=1e-14)
    assert exact[-1] == pytest.approx(2 / (n + 1), rel=1e-14)
    assert exact[-1] < exact[0] < exact[1]
    x = mle.gaussian_datasets(n, repetitions, rng, sigma=sigma)
    sq_err = {d: (mle.sample_variance(x, ddof=d) - sigma**2) ** 2 for d in (0, 1)}
    diff = sq_err[1] - sq_err[0]  # paired on the same data sets
    assert diff.mean() > Z * diff.std() / math.sqrt(repetitions)
    assert abs(diff.mean() - (exact[1] - exact[0])) < Z * diff.std() / math.sqrt(repetitions)


def test_mean_of_gaussian_meets_the_cramer_rao_bound(rng):
    n, sigma, repetitions = 20, 1.5, 100_000
    bound = mle.cramer_rao_bound(n, fisher_information=1 / sigma**2)
    assert bound == pytest.approx(sigma**2 / n, rel=1e-15)
    means = mle.sample_mean(mle.gaussian_datasets(n, repetitions, rng, sigma=sigma))
    # the variance of R normal values is estimated with standard error var·sqrt(2/R)
    assert abs(means.var() - bound) < Z * bound * math.sqrt(2 / repetitions)


def test_cramer_rao_bound_rejects_bad_input():
    with pytest.raises(ValueError, match="fisher_information must be a finite number > 0"):
        mle.cramer_rao_bound(10, 0.0)
    with pytest.raises(ValueError, match="n must be sample sizes >= 1"):
        mle.cramer_rao_bound(0, 1.0)


def delta_method_log_ratio_stderr(a, b):
    """sd of log(mean b² / mean a²) for paired values by the delta method (written for the test)."""
    u = b**2 / np.mean(b**2) - a**2 / np.mean(a**2)
    return u.std() / math.sqrt(len(a))


def test_median_over_mean_mse_ratio_tends_to_pi_over_two(rng):
    n, repetitions = 401, 20_000
    x = mle.gaussian_datasets(n, repetitions, rng)
    means, medians = mle.sample_mean(x), mle.sample_median(x)
    ratio, stderr = mle.mse_ratio(means, medians, 0.0)
    assert ratio == pytest.approx(np.mean(medians**2) / np.mean(means**2), rel=1e-12)
    log_sd = delta_method_log_ratio_stderr(means, medians)
    assert stderr == pytest.approx(ratio * log_sd, rel=1e-9)
    # the finite-N ratio is below π/2 by O(1/N): allow 5 standard errors plus 2/N
    assert abs(math.log(ratio / (math.pi / 2))) < Z * log_sd + 2 / n
    assert abs(math.log(ratio)) > 10 * log_sd  # and the median is clearly less efficient


def test_mse_ratio_standard_error_matches_the_spread_of_repeated_simulations(rng):
    runs, n, repetitions = 300, 11, 400
    x = mle.gaussian_datasets(n, runs * repetitions, rng).reshape(runs, repetitions, n)
    results = [mle.mse_ratio(mle.sample_mean(d), mle.sample_median(d), 0.0) for d in x]
    ratios, errors = np.array(results).T
    # the sd of 300 values is known to about 1/sqrt(2·300) ≈ 4 % (relative); allow 5 of those
    assert ratios.std() == pytest.approx(errors.mean(), rel=Z / math.sqrt(2 * runs))


def test_consistency_probability_of_a_miss_goes_to_zero_as_exactly_predicted(rng):
    eps, repetitions = 0.1, 20_000
    sizes = np.array([1, 10, 100, 1000])
    exact = mle.gaussian_mean_exceed_probability(sizes, eps)
    # independently: P(|N(0, 1/m)| > ε) = erfc(ε √m / √2) from the standard library, per m
    independent = [math.erfc(eps * math.sqrt(m / 2)) for m in sizes]
    np.testing.assert_allclose(exact, independent, rtol=1e-14)
    assert np.all(np.diff(exact) < 0) and exact[-1] < 0.01
    for m, p in zip(sizes, exact, strict=True):
        means = mle.sample_mean(mle.gaussian_datasets(int(m), repetitions, rng))
        simulated = mle.exceed_probability(means, 0.0, eps)
        # a fraction of R Bernoulli(p) outcomes has standard error sqrt(p(1 − p)/R)
        assert abs(simulated - p) < Z * math.sqrt(p * (1 - p) / repetitions) + 1 / repetitions


def test_gaussian_mean_exceed_probability_against_numeric_integration():
    eps, m, sigma = 0.3, 7, 1.3
    s = sigma / math.sqrt(m)  # the sd of the mean of m draws
    t = np.linspace(eps, eps + 12 * s, 200_001)
    tail = np.trapezoid(np.exp(-(t**2) / (2 * s**2)) / (s * math.sqrt(2 * math.pi)), t)
    assert mle.gaussian_mean_exceed_probability(m, eps, sigma) == pytest.approx(2 * tail, rel=1e-8)


def test_exceed_probability_by_hand_and_bad_eps():
    assert mle.exceed_probability([0.0, 0.2, -0.3, 0.05], 0.0, 0.1) == 0.5
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        mle.exceed_probability([0.0, 1.0], 0.0, 0.0)


# --- bad inputs that used to fail deep inside NumPy or pass silently (issue 18) -------------------


def test_a_theta_grid_without_a_new_axis_is_told_how_to_add_one():
    flips = np.array([0, 1, 1, 0, 1])
    with pytest.raises(
        ValueError, match=r"theta of shape \(3,\) and x of shape \(5,\) .* pass theta\[:, None\]"
    ):
        mle.bernoulli_nll(np.array([0.2, 0.5, 0.7]), flips)
    with pytest.raises(ValueError, match=r"pass mean\[:, None\]"):
        mle.gaussian_nll(np.zeros(5), np.zeros(3), 1.0)
    with pytest.raises(ValueError, match=r"p of shape \(2, 2\) and q of shape \(3, 2\)"):
        mle.kl_divergence(np.full((2, 2), 0.5), np.full((3, 2), 0.5))


def test_truth_must_match_one_repetition():
    estimates = np.array([0.1, -0.2, 0.05, 0.3])
    for call in (
        lambda t: mle.summarize(estimates, t),
        lambda t: mle.exceed_probability(estimates, t, 0.1),
    ):
        with pytest.raises(
            ValueError, match=r"truth must broadcast to the shape of one repetition"
        ):
            call(np.zeros(3))
        with pytest.raises(TypeError, match="truth must be an array of numbers, got bool True"):
            call(True)


def test_likelihood_area_needs_an_increasing_grid_and_a_nonnegative_likelihood():
    with pytest.raises(ValueError, match="theta must be an increasing grid"):
        mle.likelihood_area(np.linspace(1, 0, 5), np.ones(5))
    with pytest.raises(ValueError, match="likelihood must be ≥ 0, got -1"):
        mle.likelihood_area(np.linspace(0, 1, 5), -np.ones(5))


def test_ddof_of_n_names_x_s_shape():
    with pytest.raises(
        ValueError, match=r"N = 1 \(the last axis of x, shape \(5, 1\)\), got ddof = 1"
    ):
        mle.sample_variance(np.zeros((5, 1)), ddof=1)
