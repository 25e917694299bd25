"""helpers.generalization: fits against numpy.linalg.lstsq and closed forms, the sweeps' invariants,
the exact no-free-lunch averages, and bad input.

Expected values come from independent computations: lstsq, augmented least-squares systems,
optimality conditions, explicit gradient-descent loops, formulas typed from the references.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from helpers import DivergenceError, data
from helpers import generalization as gen

# ---------------------------------------------------------------------------------------------
# polynomial features


def test_the_two_true_functions_by_hand():
    x = np.array([-1.0, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(gen.true_quadratic(x), [2.25, 1.0, 0.9375, 3.0])  # 1 − x/2 + 3x²/4
    np.testing.assert_allclose(gen.wavy(x), [-0.5, 0.0, 1.25, 1.0], atol=1e-15)  # sin πx + x/2


def test_legendre_features_match_the_first_legendre_polynomials():
    x = np.array([-1.0, -0.3, 0.0, 0.5, 1.0])
    phi = gen.polynomial_features(x, 3)
    expected = np.stack([np.ones_like(x), x, (3 * x**2 - 1) / 2, (5 * x**3 - 3 * x) / 2], axis=1)
    np.testing.assert_allclose(phi, expected, atol=1e-15)


def test_monomial_features_map_the_interval_to_minus_one_one():
    x = np.array([-2.5, 0.0, 1.25, 2.5])
    phi = gen.polynomial_features(x, 4, interval=(-2.5, 2.5), basis="monomial")
    u = x / 2.5
    np.testing.assert_allclose(phi, np.stack([u**j for j in range(5)], axis=1))
    shifted = gen.polynomial_features(
        np.array([2.0, 4.0]), 1, interval=(2.0, 4.0), basis="monomial"
    )
    np.testing.assert_allclose(shifted[:, 1], [-1.0, 1.0])


def test_features_are_nested_and_keep_leading_shape():
    x = np.linspace(-1, 1, 12).reshape(3, 4)
    high = gen.polynomial_features(x, 6)
    assert high.shape == (3, 4, 7)
    np.testing.assert_array_equal(gen.polynomial_features(x, 2), high[..., :3])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"degree": -1}, ValueError, "degree must be an integer ≥ 0, got -1"),
        ({"degree": 2.5}, TypeError, "degree"),
        ({"degree": 2, "basis": "chebyshev"}, ValueError, "basis"),
        ({"degree": 2, "interval": (1.0, -1.0)}, ValueError, "interval"),
    ],
)
def test_polynomial_features_reject_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        gen.polynomial_features(np.array([0.1, 0.2]), **kwargs)


def test_polynomial_features_reject_empty_and_nan_input():
    with pytest.raises(ValueError, match="x is empty"):
        gen.polynomial_features(np.array([]), 2)
    with pytest.raises(ValueError, match="x contains NaN"):
        gen.polynomial_features(np.array([0.0, np.nan]), 2)


# ---------------------------------------------------------------------------------------------
# least squares, minimum norm, ridge


@pytest.fixture
def tall(rng):
    return rng.standard_normal((20, 5)), rng.standard_normal(20)


@pytest.fixture
def wide(rng):
    return rng.standard_normal((6, 15)), rng.standard_normal(6)


def test_least_squares_matches_lstsq(tall, rng):
    X, y = tall
    np.testing.assert_allclose(gen.least_squares(X, y), np.linalg.lstsq(X, y, rcond=None)[0])
    Y = rng.standard_normal((20, 3))  # several outputs at once
    np.testing.assert_allclose(gen.least_squares(X, Y), np.linalg.lstsq(X, Y, rcond=None)[0])


def test_least_squares_is_batched_over_leading_axes(rng):
    X, y = rng.standard_normal((4, 12, 3)), rng.standard_normal((4, 12))
    w = gen.least_squares(X, y)
    assert w.shape == (4, 3)
    for b in range(4):
        np.testing.assert_allclose(w[b], np.linalg.lstsq(X[b], y[b], rcond=None)[0])


def test_least_squares_refuses_more_features_than_examples(wide):
    with pytest.raises(ValueError, match=r"p = 15 features .* only n = 6 examples") as err:
        gen.least_squares(*wide)
    assert "min_norm_least_squares" in str(err.value)


def test_least_squares_refuses_rank_deficient_x(tall):
    X, y = tall
    X = np.column_stack([X, X[:, 0]])  # a repeated feature
    with pytest.raises(ValueError, match="full column rank"):
        gen.least_squares(X, y)


@pytest.mark.parametrize("fit", [gen.least_squares, gen.min_norm_least_squares])
def test_fits_reject_mismatched_and_empty_data(fit, tall):
    X, y = tall
    with pytest.raises(ValueError, match="same number of examples"):
        fit(X, y[:-1])
    with pytest.raises(ValueError, match="X is empty"):
        fit(np.zeros((0, 3)), np.zeros(0))
    with pytest.raises(ValueError, match="y must have shape"):
        fit(X, np.zeros((2, 3, 4)))


@pytest.mark.parametrize("method", ["svd", "gram"])
def test_min_norm_equals_lstsq_on_both_sides_of_the_threshold(method, tall, wide):
    for X, y in (tall, wide):
        w = gen.min_norm_least_squares(X, y, method=method)
        np.testing.assert_allclose(w, np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-10)


@pytest.mark.parametrize("method", ["svd", "gram"])
def test_min_norm_interpolates_above_the_threshold(method, wide, rng):
    X, y = wide
    w = gen.min_norm_least_squares(X, y, method=method)
    np.testing.assert_allclose(X @ w, y, atol=1e-10)  # zero training error
    # any other interpolant w + z (z in the null space of X) is longer
    z = rng.standard_normal(X.shape[1])
    z -= np.linalg.pinv(X) @ (X @ z)
    np.testing.assert_allclose(X @ (w + z), y, atol=1e-10)
    assert np.linalg.norm(w + z) > np.linalg.norm(w)
    # and w lies in the row space: w = Xᵀ(XXᵀ)⁻¹y, typed from the definition
    np.testing.assert_allclose(w, X.T @ np.linalg.solve(X @ X.T, y), atol=1e-10)


def test_min_norm_square_system_is_the_inverse(rng):
    X, y = rng.standard_normal((7, 7)), rng.standard_normal(7)
    for method in ("svd", "gram"):
        np.testing.assert_allclose(
            gen.min_norm_least_squares(X, y, method=method), np.linalg.inv(X) @ y, atol=1e-9
        )


def test_min_norm_svd_handles_rank_deficiency_but_gram_reports_it(rng):
    X = rng.standard_normal((5, 3))
    X = np.vstack([X, X[0]])  # a repeated row: XXᵀ is singular for the wide transpose
    Xw = np.zeros((6, 6))  # the all-zero design: rank 0
    np.testing.assert_allclose(gen.min_norm_least_squares(Xw, np.ones(6)), np.zeros(6))
    with pytest.raises(ValueError, match="full rank"):
        gen.min_norm_least_squares(Xw, np.ones(6), method="gram")
    with pytest.raises(ValueError, match="method"):
        gen.min_norm_least_squares(X, np.ones(6), method="qr")


def _augmented_ridge(X, y, lam, penalty):
    """(1/n)‖Xw − y‖² + λ‖Dw‖² is least squares on [X; sqrt(nλ)·D] against [y; 0]."""
    n = X.shape[0]
    A = np.vstack([X, np.sqrt(n * lam) * penalty])
    b = np.concatenate([y, np.zeros(penalty.shape[0])])
    return np.linalg.lstsq(A, b, rcond=None)[0]


@pytest.mark.parametrize("shape", ["tall", "wide"])
def test_ridge_equals_an_augmented_least_squares_problem(shape, tall, wide):
    X, y = tall if shape == "tall" else wide
    p = X.shape[1]
    for lam in (1e-3, 0.1, 10.0):
        expected = _augmented_ridge(X, y, lam, np.eye(p))
        np.testing.assert_allclose(gen.ridge(X, y, lam), expected, atol=1e-9)
        free = np.eye(p)[1:]  # w_0 unpenalised
        np.testing.assert_allclose(
            gen.ridge(X, y, lam, intercept=True), _augmented_ridge(X, y, lam, free), atol=1e-9
        )


def test_ridge_gradient_vanishes_at_the_solution(tall):
    X, y = tall
    lam, n = 0.3, len(y)
    w = gen.ridge(X, y, lam)
    grad = 2 / n * X.T @ (X @ w - y) + 2 * lam * w  # ∇[(1/n)‖Xw − y‖² + λ‖w‖²]
    np.testing.assert_allclose(grad, 0.0, atol=1e-12)


def test_ridge_at_zero_is_min_norm_and_the_small_lambda_limit(wide):
    X, y = wide
    w0 = gen.ridge(X, y, 0.0)
    np.testing.assert_allclose(w0, np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-10)
    np.testing.assert_allclose(gen.ridge(X, y, 1e-10), w0, atol=1e-6)


@pytest.mark.parametrize("shape", ["tall", "wide"])
def test_ridge_shrinks_the_norm_monotonically(shape, tall, wide):
    X, y = tall if shape == "tall" else wide
    lams = np.logspace(-6, 3, 40)
    norms = np.linalg.norm(gen.ridge_path(X, y, lams), axis=1)
    assert np.all(np.diff(norms) < 0)


def test_huge_lambda_with_free_intercept_predicts_the_mean(rng):
    x = rng.uniform(-1, 1, 30)
    y = np.sin(3 * x) + 2.0
    X = gen.polynomial_features(x, 6)  # column 0 is the constant
    w = gen.ridge(X, y, 1e9, intercept=True)
    np.testing.assert_allclose(X @ w, np.full(30, y.mean()), atol=1e-6)


def test_ridge_path_stacks_single_fits(tall):
    X, y = tall
    lams = [0.0, 0.01, 1.0]
    path = gen.ridge_path(X, y, lams)
    assert path.shape == (3, 5)
    for lam, w in zip(lams, path, strict=True):
        np.testing.assert_allclose(w, gen.ridge(X, y, lam))


@pytest.mark.parametrize(
    ("lam", "error", "match"),
    [
        (-0.1, ValueError, "lam must be a finite number ≥ 0, got -0.1"),
        (float("nan"), ValueError, "lam"),
        ("big", TypeError, "lam"),
    ],
)
def test_ridge_rejects_bad_lambda(lam, error, match, tall):
    with pytest.raises(error, match=match):
        gen.ridge(*tall, lam)


def test_ridge_path_rejects_empty_lambdas(tall):
    with pytest.raises(ValueError, match="lams"):
        gen.ridge_path(*tall, [])


def test_ridge_rejects_a_non_boolean_intercept(tall):
    with pytest.raises(TypeError, match="intercept must be True or False"):
        gen.ridge(*tall, 0.1, intercept=1)


def test_effective_parameters_match_the_singular_value_formula(tall, wide):
    for X, _ in (tall, wide):
        n = X.shape[0]
        s = np.linalg.svd(X, compute_uv=False)
        for lam in (1e-4, 0.1, 3.0):
            expected = np.sum(s**2 / (s**2 + n * lam))  # ESL eq. 3.50
            assert gen.effective_parameters(X, lam) == pytest.approx(expected, rel=1e-10)
        assert gen.effective_parameters(X, 0.0) == min(X.shape)  # the rank


def test_effective_parameters_with_free_intercept_tend_to_one(rng):
    X = gen.polynomial_features(rng.uniform(-1, 1, 8), 9)
    counts = [gen.effective_parameters(X, lam, intercept=True) for lam in np.logspace(-8, 4, 30)]
    assert np.all(np.diff(counts) < 0)
    assert counts[-1] == pytest.approx(1.0, abs=1e-4)
    with pytest.raises(ValueError, match=r"X must have 2 dimension"):
        gen.effective_parameters(np.zeros((2, 3, 4)), 1.0)


# ---------------------------------------------------------------------------------------------
# errors


def test_error_measures_on_hand_examples():
    assert gen.mse(np.array([1.0, 2.0, 4.0]), np.array([1.0, 0.0, 1.0])) == pytest.approx(13 / 3)
    outputs = np.array([[0.9, 0.1, 0.0], [0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])
    labels = np.array([0, 1, 1])
    assert gen.zero_one_error(outputs, labels) == pytest.approx(1 / 3)
    # ‖f − e_y‖²: 0.01+0.01+0 ; 0.04+0.49+0.25 ; 0+0+0
    assert gen.squared_loss(outputs, labels) == pytest.approx((0.02 + 0.78 + 0.0) / 3)


# ---------------------------------------------------------------------------------------------
# capacity sweep


def test_capacity_sweep_reproduces_an_independent_lstsq_fit():
    sweep = gen.capacity_sweep(
        gen.wavy, [0, 2, 5], 12, np.random.default_rng(3), noise=0.2, draws=4, n_test=50
    )
    rng = np.random.default_rng(3)  # replay the same draws
    x, y = data.regression_1d(gen.wavy, 48, rng, noise=0.2)
    x_test, y_test = data.regression_1d(gen.wavy, 50, rng, noise=0.2)
    for b in range(4):
        xb, yb = x[12 * b : 12 * (b + 1)], y[12 * b : 12 * (b + 1)]
        for j, d in enumerate([0, 2, 5]):
            V = np.polynomial.legendre.legvander(xb, d)
            w = np.linalg.lstsq(V, yb, rcond=None)[0]
            assert sweep.train[b, j] == pytest.approx(np.mean((V @ w - yb) ** 2))
            V_test = np.polynomial.legendre.legvander(x_test, d)
            assert sweep.test[b, j] == pytest.approx(np.mean((V_test @ w - y_test) ** 2))


def test_capacity_sweep_training_error_never_rises_with_degree():
    sweep = gen.capacity_sweep(
        gen.wavy, range(10), 15, np.random.default_rng(0), noise=0.3, draws=50
    )
    assert np.all(np.diff(sweep.train, axis=1) <= 1e-12)
    assert sweep.train.shape == sweep.test.shape == (50, 10)
    _, test_med = sweep.medians()
    assert sweep.best_degree == int(np.argmin(test_med))
    assert test_med.min() > 0.3**2 * 0.8  # nothing beats the noise floor by much


def test_capacity_sweep_is_seeded():
    a = gen.capacity_sweep(gen.wavy, [1, 3], 10, np.random.default_rng(5), noise=0.1, draws=3)
    b = gen.capacity_sweep(gen.wavy, [1, 3], 10, np.random.default_rng(5), noise=0.1, draws=3)
    np.testing.assert_array_equal(a.test, b.test)


def test_capacity_sweep_rejects_bad_arguments(rng):
    with pytest.raises(ValueError, match="degrees is empty"):
        gen.capacity_sweep(gen.wavy, [], 10, rng, noise=0.1)
    with pytest.raises(ValueError, match="n must be an integer ≥ 1"):
        gen.capacity_sweep(gen.wavy, [1], 0, rng, noise=0.1)
    with pytest.raises(ValueError, match="degrees must be an integer ≥ 0"):
        gen.capacity_sweep(gen.wavy, [-2], 10, rng, noise=0.1)
    with pytest.raises(TypeError, match="degrees must be an integer"):
        gen.capacity_sweep(gen.wavy, [1.5], 10, rng, noise=0.1)
    with pytest.raises(TypeError, match="draws must be an integer"):
        gen.capacity_sweep(gen.wavy, [1], 10, rng, noise=0.1, draws="many")


# ---------------------------------------------------------------------------------------------
# validation vs test selection


def test_generalization_error_matches_closed_forms():
    # ŷ = 0 for f(x) = x on U(−1, 1): E[x²] = 1/3, plus the noise variance
    err = gen.generalization_error(lambda u: np.zeros_like(u), lambda u: u, 0.5)
    assert err == pytest.approx(1 / 3 + 0.25, rel=1e-14)
    # ŷ = f: only the noise remains; on U(0, 2), f(x) = x², ŷ = 0: E[x⁴] = 2⁴/5
    assert gen.generalization_error(gen.wavy, gen.wavy, 0.3) == pytest.approx(0.09, rel=1e-12)
    err = gen.generalization_error(lambda u: 0 * u, lambda u: u**2, 0.0, interval=(0.0, 2.0))
    assert err == pytest.approx(16 / 5, rel=1e-12)


def test_selection_trials_pick_and_the_optimism_of_test_selection():
    lams = np.logspace(-3, 1, 9)
    study = gen.selection_trials(
        gen.wavy, np.random.default_rng(1), lams=lams, degree=7, sizes=(25, 10, 10), trials=1500
    )
    assert study.dev.shape == study.test.shape == study.true.shape == (1500, 9)
    chosen, reported, true = study.pick("dev")
    np.testing.assert_array_equal(chosen, np.argmin(study.dev, axis=1))
    np.testing.assert_array_equal(reported, study.test[np.arange(1500), chosen])
    gap = reported - true  # honest: unbiased, within 4 standard errors of zero
    assert abs(gap.mean()) < 4 * gap.std() / np.sqrt(gap.size)
    _, reported, true = study.pick("test")
    gap = reported - true  # selecting on the test set: optimistic, clearly
    assert gap.mean() < -4 * gap.std() / np.sqrt(gap.size)
    with pytest.raises(ValueError, match="by must be 'dev' or 'test'"):
        study.pick("train")


def test_selection_trials_reject_bad_arguments(rng):
    with pytest.raises(ValueError, match="lams"):
        gen.selection_trials(gen.wavy, rng, lams=[-1.0], degree=3)
    with pytest.raises(ValueError, match="sizes"):
        gen.selection_trials(gen.wavy, rng, lams=[1.0], degree=3, sizes=(10, 10))


# ---------------------------------------------------------------------------------------------
# random features and double descent


def test_fourier_features_formula_and_nesting(rng):
    rff = gen.RandomFourierFeatures.draw(3, 50, rng, bandwidth=1.5)
    x = rng.standard_normal((4, 3))
    V, b = rff.weights, rff.offsets
    np.testing.assert_allclose(rff(x, 20), np.sqrt(2 / 20) * np.cos(x @ V[:, :20] + b[:20]))
    np.testing.assert_allclose(rff(x)[:, :20] * np.sqrt(50 / 20), rff(x, 20))
    assert np.all((b >= 0) & (b < 2 * np.pi))


def test_fourier_features_approximate_the_gaussian_kernel(rng):
    sigma = 2.0
    rff = gen.RandomFourierFeatures.draw(5, 40000, rng, bandwidth=sigma)
    x = rng.standard_normal((6, 5))
    phi = rff(x)
    distance2 = np.sum((x[:, None] - x[None]) ** 2, axis=-1)
    kernel = np.exp(-distance2 / (2 * sigma**2))  # Rahimi & Recht (2007)
    np.testing.assert_allclose(phi @ phi.T, kernel, atol=0.03)


def test_fourier_features_reject_bad_arguments(rng):
    rff = gen.RandomFourierFeatures.draw(3, 10, rng)
    with pytest.raises(ValueError, match="n_features must be an integer from 1 to 10, got 11"):
        rff(np.zeros((2, 3)), 11)
    with pytest.raises(ValueError, match="3 input dimensions"):
        rff(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="bandwidth must be a finite number > 0"):
        gen.RandomFourierFeatures.draw(3, 10, rng, bandwidth=0.0)
    with pytest.raises(TypeError, match="n_features"):
        rff(np.zeros((2, 3)), 2.0)
    with pytest.raises(TypeError, match="rng"):
        gen.RandomFourierFeatures.draw(3, 10, 0)


@pytest.fixture
def blobs(rng):
    """Three Gaussian classes in 5 dimensions: 40 training and 300 test points."""
    centres = rng.standard_normal((3, 5)) * 1.5
    labels = rng.integers(0, 3, 340)
    x = centres[labels] + rng.standard_normal((340, 5))
    return x[:40], labels[:40], x[40:], labels[40:]


def test_feature_sweep_interpolates_beyond_the_threshold_and_peaks_at_it(blobs, rng):
    x_tr, y_tr, x_te, y_te = blobs
    rff = gen.RandomFourierFeatures.draw(5, 800, rng, bandwidth=2.0)
    sizes = [5, 10, 20, 30, 40, 50, 80, 200, 800]
    sweep = gen.feature_sweep(rff, x_tr, y_tr, x_te, y_te, sizes)
    beyond = np.asarray(sizes) >= 40
    assert np.all(sweep.train_error[beyond] == 0)
    assert np.all(sweep.train_loss[beyond] < 1e-12)  # exact interpolation
    assert sizes[int(np.argmax(sweep.norm))] == 40  # ‖a‖ peaks at N = n
    assert sizes[int(np.argmax(sweep.test_loss))] == 40
    assert sweep.test_loss[-1] < sweep.test_loss[sizes.index(40)] / 10  # the second descent


def test_feature_sweep_entries_match_an_independent_lstsq_fit(blobs, rng):
    x_tr, y_tr, x_te, y_te = blobs
    rff = gen.RandomFourierFeatures.draw(5, 100, rng)
    sweep = gen.feature_sweep(rff, x_tr, y_tr, x_te, y_te, [20, 100])
    for j, N in enumerate([20, 100]):
        a = np.linalg.lstsq(rff(x_tr, N), np.eye(3)[y_tr], rcond=None)[0]
        pred = rff(x_te, N) @ a
        assert sweep.test_error[j] == pytest.approx(np.mean(pred.argmax(1) != y_te))
        assert sweep.test_loss[j] == pytest.approx(
            np.mean(np.sum((pred - np.eye(3)[y_te]) ** 2, 1))
        )
        assert sweep.norm[j] == pytest.approx(np.linalg.norm(a))
    ridged = gen.feature_sweep(rff, x_tr, y_tr, x_te, y_te, [40], lam=0.1)
    a = gen.ridge(rff(x_tr, 40), np.eye(3)[y_tr], 0.1)
    assert ridged.norm[0] == pytest.approx(np.linalg.norm(a))


def test_feature_sweep_rejects_bad_arguments(blobs, rng):
    x_tr, y_tr, x_te, y_te = blobs
    rff = gen.RandomFourierFeatures.draw(5, 30, rng)
    with pytest.raises(ValueError, match="sizes must be an integer from 1 to 30, got 31"):
        gen.feature_sweep(rff, x_tr, y_tr, x_te, y_te, [10, 31])
    with pytest.raises(ValueError, match="labels_train must have shape"):
        gen.feature_sweep(rff, x_tr, y_tr[:-1], x_te, y_te, [10])
    with pytest.raises(TypeError, match="labels_test must hold integer class labels"):
        gen.feature_sweep(rff, x_tr, y_tr, x_te, y_te.astype(float), [10])
    with pytest.raises(TypeError, match="lam"):
        gen.feature_sweep(rff, x_tr, y_tr, x_te, y_te, [10], lam="0")
    with pytest.raises(ValueError, match="lam"):
        gen.feature_sweep(rff, x_tr, y_tr, x_te, y_te, [10], lam=-1.0)


# ---------------------------------------------------------------------------------------------
# trained networks


def test_parameter_count_by_hand():
    assert gen.mlp_parameter_count(16, 48, 10) == 48 * 16 + 48 + 10 * 48 + 10  # 1306
    assert gen.mlp_parameter_count(1, 1, 1) == 4
    with pytest.raises(ValueError, match="width must be an integer ≥ 1"):
        gen.mlp_parameter_count(16, 0, 10)


def _two_layer_by_hand(x, W1, b1, W2, b2):
    return np.maximum(x @ W1 + b1, 0) @ W2 + b2


def test_two_layer_gradients_match_finite_differences(rng):
    n, d, h, k = 5, 3, 4, 2
    x = rng.standard_normal((n, d))
    targets = np.eye(k)[rng.integers(0, k, n)]
    params = [rng.standard_normal(s) for s in [(d, h), (h,), (h, k), (k,)]]
    loss, grads = gen._two_layer_gradients(x, targets, params)

    def loss_by_hand():
        return np.mean((_two_layer_by_hand(x, *params) - targets) ** 2)  # mean over n·k entries

    assert loss == pytest.approx(loss_by_hand())
    np.testing.assert_allclose(gen._two_layer(x, params), _two_layer_by_hand(x, *params))
    eps = 1e-6
    for p, g in zip(params, grads, strict=True):
        assert g.shape == p.shape
        for index in np.ndindex(p.shape):
            saved = p[index]
            p[index] = saved + eps
            up = loss_by_hand()
            p[index] = saved - eps
            down = loss_by_hand()
            p[index] = saved
            assert g[index] == pytest.approx((up - down) / (2 * eps), abs=1e-7)


def _adam_written_out(x, targets, params, steps, alpha):
    """The lecture's Adam pseudocode (β₁ = 0.9, β₂ = 0.999, ε = 1e-7 inside the root) with
    the two-layer network's gradients typed out by hand."""
    W1, b1, W2, b2 = (p.copy() for p in params)
    s = [0.0, 0.0, 0.0, 0.0]
    r = [0.0, 0.0, 0.0, 0.0]
    n, k = targets.shape
    for t in range(1, steps + 1):
        z = x @ W1 + b1
        hidden = np.maximum(z, 0)
        delta = 2 * (hidden @ W2 + b2 - targets) / (n * k)
        dz = (delta @ W2.T) * (z > 0)
        grads = [x.T @ dz, dz.sum(0), hidden.T @ delta, delta.sum(0)]
        theta = [W1, b1, W2, b2]
        for i, g in enumerate(grads):
            s[i] = 0.9 * s[i] + 0.1 * g
            r[i] = 0.999 * r[i] + 0.001 * g**2
            s_hat, r_hat = s[i] / (1 - 0.9**t), r[i] / (1 - 0.999**t)
            theta[i] -= alpha * s_hat / np.sqrt(r_hat + 1e-7)
    return W1, b1, W2, b2


def test_width_sweep_equals_adam_written_out_from_the_lecture():
    rng = np.random.default_rng(4)
    x, labels = rng.standard_normal((12, 3)), np.array([0, 1, 2] * 4)
    x_test, labels_test = rng.standard_normal((7, 3)), np.array([0, 1, 2, 0, 1, 2, 0])
    sweep = gen.width_sweep(
        x,
        labels,
        x_test,
        labels_test,
        [5],
        np.random.default_rng(9),
        seeds=2,
        steps=30,
        learning_rate=0.05,
        output_scale=0.5,
    )
    init = np.random.default_rng(9)  # replay the initialisation: per network W₁ then W₂
    targets = np.eye(3)[labels]
    for seed in range(2):
        W1 = init.standard_normal((3, 5)) * np.sqrt(2 / 3)  # He-normal
        W2 = init.standard_normal((5, 3)) * 0.5 / np.sqrt(5)
        trained = _adam_written_out(x, targets, [W1, np.zeros(5), W2, np.zeros(3)], 30, 0.05)
        out, out_test = _two_layer_by_hand(x, *trained), _two_layer_by_hand(x_test, *trained)
        assert sweep.train_loss[seed, 0] == pytest.approx(np.mean((out - targets) ** 2))
        assert sweep.train_error[seed, 0] == np.mean(out.argmax(1) != labels)
        assert sweep.test_error[seed, 0] == np.mean(out_test.argmax(1) != labels_test)
    assert sweep.parameters.tolist() == [5 * 4 + 3 * 6]


def test_width_sweep_wide_networks_memorise_and_record_history(rng):
    x = rng.standard_normal((30, 4))
    labels = rng.integers(0, 3, 30)  # random labels: only memorisation fits them
    sweep = gen.width_sweep(
        x,
        labels,
        x[:10],
        labels[:10],
        [1, 64],
        rng,
        seeds=2,
        steps=400,
        learning_rate=0.02,
        record_steps=[400, 0, 0],
    )
    assert sweep.train_error.shape == (2, 2)
    assert np.all(sweep.train_error[:, 1] == 0)  # the wide network fits every random label
    assert np.all(sweep.train_error[:, 0] > 0.2)  # one hidden unit cannot
    np.testing.assert_array_equal(sweep.parameters, [1 * 5 + 3 * 2, 64 * 5 + 3 * 65])
    np.testing.assert_array_equal(sweep.record_steps, [0, 400])  # sorted, duplicates dropped
    assert sweep.history.shape == (2, 2, 2)
    np.testing.assert_array_equal(sweep.history[:, :, -1], sweep.test_error)


def test_width_sweep_reports_divergence_with_its_step(rng):
    x = rng.standard_normal((20, 3)) * 1e3
    labels = rng.integers(0, 2, 20)
    with pytest.raises(DivergenceError) as err:
        gen.width_sweep(
            x,
            labels,
            x,
            labels,
            [8],
            rng,
            seeds=1,
            steps=500,
            learning_rate=1e150,
            record_steps=[1, 2],
        )
    assert err.value.step >= 1
    assert f"step {err.value.step}" in str(err.value)


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (
            {"steps": 5, "record_steps": [6]},
            ValueError,
            "record_steps must be an integer from 0 to 5, got 6",
        ),
        ({"widths": []}, ValueError, "widths is empty"),
        ({"widths": [0]}, ValueError, "widths must be an integer ≥ 1, got 0"),
        ({"widths": [2.0]}, TypeError, "widths must be an integer"),
        ({"seeds": True}, TypeError, "seeds must be an integer"),
        ({"steps": 0}, ValueError, "steps must be an integer ≥ 1, got 0"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate"),
        ({"learning_rate": "big"}, TypeError, "learning_rate"),
        ({"output_scale": 0.0}, ValueError, "output_scale must be a finite number > 0"),
        ({"rng": 0}, TypeError, "rng must be a numpy.random.Generator"),
        ({"rng": None}, TypeError, "rng must be a numpy.random.Generator"),
        ({"record_steps": None}, TypeError, "record_steps must be an integer"),
    ],
)
def test_width_sweep_rejects_bad_options(change, error, match, rng):
    x, labels = rng.standard_normal((10, 2)), rng.integers(0, 2, 10)
    widths, generator = change.pop("widths", [2]), change.pop("rng", rng)
    with pytest.raises(error, match=match):
        gen.width_sweep(x, labels, x, labels, widths, generator, **change)


def test_width_sweep_rejects_bad_data(rng):
    x, labels = rng.standard_normal((10, 2)), rng.integers(0, 2, 10)
    with pytest.raises(ValueError, match=r"labels_train must have shape \(10,\)"):
        gen.width_sweep(x, labels[:-1], x, labels, [2], rng)
    with pytest.raises(TypeError, match="labels_test must hold integer class labels"):
        gen.width_sweep(x, labels, x, labels.astype(float), [2], rng)
    with pytest.raises(ValueError, match="x_train must have 2 dimension"):
        gen.width_sweep(x[:, 0], labels, x, labels, [2], rng)
    with pytest.raises(ValueError, match="x_test contains NaN"):
        gen.width_sweep(x, labels, x * np.nan, labels, [2], rng)


def test_pca_directions_are_the_covariance_eigenvectors(rng):
    x = rng.standard_normal((200, 4)) @ np.diag([3.0, 2.0, 1.0, 0.5]) + 7.0
    mean, directions = gen.pca(x, 2)
    np.testing.assert_allclose(mean, x.mean(0))
    _, vectors = np.linalg.eigh(np.cov(x.T))
    for j in range(2):
        top = vectors[:, -1 - j]
        assert abs(directions[:, j] @ top) == pytest.approx(1.0, abs=1e-10)
    with pytest.raises(ValueError, match="k must be an integer from 1 to 4, got 5"):
        gen.pca(x, 5)


# ---------------------------------------------------------------------------------------------
# epoch-wise mechanism: gradient descent in closed form


def _gd_loop(X, y, steps, alpha):
    n = len(y)
    w = np.zeros(X.shape[1])
    out = {}
    for t in range(max(steps) + 1):
        if t in steps:
            out[t] = w.copy()
        w = w - alpha * (2 / n) * X.T @ (X @ w - y)
    return np.array([out[t] for t in steps])


@pytest.mark.parametrize("shape", [(30, 5), (8, 12)])
def test_gradient_descent_closed_form_equals_the_loop(shape, rng):
    X, y = rng.standard_normal(shape), rng.standard_normal(shape[0])
    h_max = np.linalg.eigvalsh(2 / shape[0] * X.T @ X).max()
    steps = [0, 1, 2, 7, 60]
    for alpha in (1 / h_max, 1.9 / h_max):
        path = gen.gradient_descent_path(X, y, np.array(steps), learning_rate=alpha)
        np.testing.assert_allclose(path, _gd_loop(X, y, steps, alpha), atol=1e-10)


def test_gradient_descent_converges_to_the_min_norm_solution(rng):
    X, y = rng.standard_normal((8, 12)), rng.standard_normal(8)
    w = gen.gradient_descent_path(X, y, np.array([200000]))[0]
    np.testing.assert_allclose(w, np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-8)


def test_gradient_descent_rejects_a_diverging_rate_and_bad_steps(rng):
    X, y = rng.standard_normal((10, 3)), rng.standard_normal(10)
    h_max = np.linalg.eigvalsh(2 / 10 * X.T @ X).max()
    with pytest.raises(ValueError, match=r"learning_rate must be a number in \(0, 2/h_max\)"):
        gen.gradient_descent_path(X, y, np.array([1]), learning_rate=2.01 / h_max)
    with pytest.raises(ValueError, match="learning_rate"):
        gen.gradient_descent_path(X, y, np.array([1]), learning_rate=0.0)
    with pytest.raises(TypeError, match="learning_rate"):
        gen.gradient_descent_path(X, y, np.array([1]), learning_rate="fast")
    with pytest.raises(ValueError, match="steps must be an integer ≥ 0, got -1"):
        gen.gradient_descent_path(X, y, np.array([-1]))
    with pytest.raises(TypeError, match="steps"):
        gen.gradient_descent_path(X, y, np.array([0.5]))
    with pytest.raises(ValueError, match="steps is empty"):
        gen.gradient_descent_path(X, y, np.array([], dtype=int))


def test_population_mse_by_hand_and_by_monte_carlo(rng):
    w_true, scales = np.array([1.0, -2.0]), np.array([1.0, 0.5])
    assert gen.population_mse(w_true, w_true, scales, 0.3) == pytest.approx(0.09)
    assert gen.population_mse(np.zeros(2), w_true, scales, 0.0) == pytest.approx(1 + 4 * 0.25)
    w = np.array([0.5, 0.0])
    x, y = data.linear_regression(400000, w_true, rng, scales=scales, noise=0.3)
    assert gen.population_mse(w, w_true, scales, 0.3) == pytest.approx(
        np.mean((x @ w - y) ** 2), rel=0.01
    )


# ---------------------------------------------------------------------------------------------
# no free lunch


def test_binary_vectors_in_binary_order():
    np.testing.assert_array_equal(gen.binary_vectors(2), [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert gen.binary_vectors(5).shape == (32, 5)
    with pytest.raises(ValueError, match="m must be an integer from 1 to 20, got 21"):
        gen.binary_vectors(21)
    with pytest.raises(TypeError, match="m must be an integer"):
        gen.binary_vectors(True)


def _parity_learner(x_train, y_train, x_query):
    return np.full(len(x_query), int(np.sum(y_train)) % 2)


@pytest.mark.parametrize("train", [[0, 3, 5, 6], [0, 1], [1, 2, 4, 5, 7], [7]])
def test_no_free_lunch_every_learner_averages_exactly_one_half(train):
    inputs = gen.binary_vectors(3)
    learners = [gen.majority_vote, gen.contrarian, gen.nearest_neighbour, _parity_learner]
    errors = [gen.off_training_set_errors(fn, inputs, train) for fn in learners]
    q = 8 - len(train)
    for e in errors:
        assert Fraction(round(e.sum() * q), q * e.size) == Fraction(1, 2)
        np.testing.assert_array_equal(np.sort(e), np.sort(errors[0]))  # same distribution


def test_learners_differ_on_structured_worlds():
    inputs = gen.binary_vectors(3)
    worlds = gen.binary_vectors(8)
    smooth = gen.smoothness(inputs, worlds)
    nn = gen.off_training_set_errors(gen.nearest_neighbour, inputs, [0, 3, 5, 6])
    contra = gen.off_training_set_errors(gen.contrarian, inputs, [0, 3, 5, 6])
    assert nn[smooth == 1].mean() == 0.0 and contra[smooth == 1].mean() == 1.0
    assert nn[smooth >= 0.75].mean() < contra[smooth >= 0.75].mean()


def test_smoothness_of_constant_and_parity_labellings():
    inputs = gen.binary_vectors(3)
    parity = inputs.sum(1) % 2
    np.testing.assert_array_equal(
        gen.smoothness(inputs, np.array([np.zeros(8, int), np.ones(8, int), parity])), [1, 1, 0]
    )


def test_nearest_neighbour_and_majority_by_hand():
    x_train = np.array([[0, 0], [1, 1]])
    y_train = np.array([0, 1])
    # 01 and 10 are at distance 1 from both training inputs: a 1–1 vote, a tie, gives 0
    np.testing.assert_array_equal(
        gen.nearest_neighbour(x_train, y_train, np.array([[0, 1], [1, 0], [1, 1]])), [0, 0, 1]
    )
    np.testing.assert_array_equal(
        gen.nearest_neighbour(x_train, np.array([1, 0]), np.array([[0, 1], [0, 0]])), [0, 1]
    )


def test_nearest_neighbours_vote_of_three_on_the_even_parity_training_set():
    inputs = gen.binary_vectors(3)
    train = [0, 3, 5, 6]  # 000, 011, 101, 110: three at distance 1 from every other vertex
    y_train = np.array([1, 1, 0, 0])
    # 001: neighbours 000 (1), 011 (1), 101 (0) -> 1;  010: 000, 011, 110 -> 1 (two 1s);
    # 100: 000 (1), 101 (0), 110 (0) -> 0;  111: 011 (1), 101 (0), 110 (0) -> 0
    np.testing.assert_array_equal(
        gen.nearest_neighbour(inputs[train], y_train, inputs[[1, 2, 4, 7]]), [1, 1, 0, 0]
    )


def test_nearest_neighbours_error_is_symmetric_in_smoothness():
    inputs = gen.binary_vectors(3)
    worlds = gen.binary_vectors(8)
    smooth = gen.smoothness(inputs, worlds)
    errors = gen.off_training_set_errors(gen.nearest_neighbour, inputs, [0, 3, 5, 6])
    levels = np.unique(smooth)
    means = np.array([errors[smooth == s].mean() for s in levels])
    np.testing.assert_allclose(means + means[::-1], 1.0)
    np.testing.assert_allclose(levels + levels[::-1], 1.0)
    x_train, x_query = np.eye(3), np.zeros((2, 3))  # majority and contrarian ignore x
    np.testing.assert_array_equal(gen.majority_vote(x_train, np.array([1, 1, 0]), x_query), [1, 1])
    np.testing.assert_array_equal(gen.contrarian(x_train, np.array([1, 1, 0]), x_query), [0, 0])


def test_off_training_set_errors_reject_bad_training_sets():
    inputs = gen.binary_vectors(2)
    with pytest.raises(ValueError, match="distinct"):
        gen.off_training_set_errors(gen.majority_vote, inputs, [0, 0])
    with pytest.raises(ValueError, match="train must be an integer from 0 to 3, got 4"):
        gen.off_training_set_errors(gen.majority_vote, inputs, [4])
    with pytest.raises(ValueError, match="every input"):
        gen.off_training_set_errors(gen.majority_vote, inputs, [0, 1, 2, 3])


def test_polynomial_errors_match_a_hand_written_ridge_with_free_intercept():
    rng = np.random.default_rng(8)
    x, x_test = rng.uniform(-1, 1, 12), rng.uniform(-1, 1, 50)
    y, y_test = np.sin(3 * x), np.sin(3 * x_test)
    lam, degrees = 0.01, [0, 2, 5]
    train, test, weights = gen.polynomial_errors(
        x, y, x_test, y_test, degrees, lam=lam, intercept=True
    )
    for j, d in enumerate(degrees):
        V, V_test = (
            np.polynomial.legendre.legvander(x, d),
            np.polynomial.legendre.legvander(x_test, d),
        )
        penalty = np.diag([0.0] + [1.0] * d)  # ‖w‖² without w_0
        w = np.linalg.solve(V.T @ V + len(x) * lam * penalty, V.T @ y)
        assert np.allclose(weights[j], w)
        assert train[j] == pytest.approx(np.mean((V @ w - y) ** 2))
        assert test[j] == pytest.approx(np.mean((V_test @ w - y_test) ** 2))


# ---------------------------------------------------------------------------------------------
# weight decay, early stopping and the bias–variance decomposition


def test_weight_decay_step_is_a_gradient_step_on_the_penalised_objective():
    rng = np.random.default_rng(3)
    X, y, w = rng.standard_normal((7, 4)), rng.standard_normal(7), rng.standard_normal(4)
    lam, lr = 0.3, 0.05

    def J(v):
        return np.mean((X @ v - y) ** 2) + lam * v @ v

    eps = 1e-6
    grad = np.array([(J(w + eps * e) - J(w - eps * e)) / (2 * eps) for e in np.eye(4)])
    np.testing.assert_allclose(gen.weight_decay_step(w, X, y, lam, lr), w - lr * grad, atol=1e-8)
    # the decay factor: with y = 0 and X = 0 only the shrinking remains
    np.testing.assert_allclose(
        gen.weight_decay_step(w, np.zeros((7, 4)), np.zeros(7), lam, lr), (1 - 2 * lr * lam) * w
    )


def test_weight_decay_steps_converge_to_ridge():
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((10, 3)), rng.standard_normal(10)
    w = np.zeros(3)
    for _ in range(3000):
        w = gen.weight_decay_step(w, X, y, 0.1, 0.05)
    np.testing.assert_allclose(w, np.linalg.solve(X.T @ X + 10 * 0.1 * np.eye(3), X.T @ y))


def test_early_stopping_lambda_gives_filters_with_the_same_cut_off():
    np.testing.assert_allclose(gen.early_stopping_lambda([1, 10, 100], 0.5), [1.0, 0.1, 0.01])
    alpha, t = 1e-4, 10_000
    lam = gen.early_stopping_lambda(t, alpha)  # 1/(2αt) = 0.5

    def early(h):
        return 1 - (1 - alpha * h) ** t

    def decay(h):
        return h / (h + 2 * lam)

    cut = 2 * lam  # = 1/(αt): the curvature where both filters switch
    assert decay(cut) == pytest.approx(0.5)
    assert early(cut) == pytest.approx(1 - np.exp(-1), rel=1e-3)
    for h in (100 * cut, 1000 * cut):  # stiff directions: both keep nearly everything
        assert early(h) > 0.99 and decay(h) > 0.99
    for h in (cut / 100, cut / 1000):  # flat directions: both keep about h/cut
        assert early(h) == pytest.approx(h / cut, rel=0.01)
        assert decay(h) == pytest.approx(h / cut, rel=0.01)


def test_bias_variance_adds_up_and_matches_a_direct_simulation():
    bias2, variance, error = gen.bias_variance(
        gen.wavy, [0, 1, 3], 12, np.random.default_rng(6), noise=0.2, draws=400
    )
    np.testing.assert_allclose(bias2 + variance + 0.2**2, error, rtol=1e-10)
    # degree 0 by hand: the fit is the mean of the 12 targets
    rng = np.random.default_rng(6)
    _, y = data.regression_1d(gen.wavy, 12 * 400, rng, noise=0.2)
    means = y.reshape(400, 12).mean(axis=1)  # the constant prediction of each draw
    u = np.linspace(-1, 1, 200_001)
    f_mean_sq = np.mean(gen.wavy(u) ** 2)  # E_x f², f has mean 0 on [−1, 1]
    assert bias2[0] == pytest.approx(means.mean() ** 2 + f_mean_sq, rel=1e-4)
    assert variance[0] == pytest.approx(means.var(), rel=1e-10)
    assert bias2[2] < bias2[1] < bias2[0]  # more capacity, less bias


def test_bias_variance_rejects_bad_arguments():
    with pytest.raises(ValueError, match="draws"):
        gen.bias_variance(gen.wavy, [1], 10, np.random.default_rng(0), noise=0.1, draws=1)
    with pytest.raises(ValueError, match="degrees"):
        gen.bias_variance(gen.wavy, [-1], 10, np.random.default_rng(0), noise=0.1)


# ---------------------------------------------------------------------------------------------
# bad inputs that used to pass silently or fail deep inside NumPy (issue 18)


def test_the_best_degree_and_the_chosen_lambda_are_never_a_nan_point():
    sweep = gen.CapacitySweep(
        np.array([1, 2, 3]), np.zeros((1, 3)), np.array([[np.nan, 0.5, 0.2]]), noise=0.1
    )
    assert sweep.best_degree == 3  # np.argmin alone would pick the NaN at degree 1
    broken = gen.CapacitySweep(np.array([1, 2]), np.zeros((1, 2)), np.full((1, 2), np.nan), 0.1)
    with pytest.raises(ValueError, match="no candidate has a median test error that is a number"):
        _ = broken.best_degree
    dev = np.array([[np.nan, 0.3, 0.4], [0.2, np.nan, 0.1]])
    trials = gen.SelectionTrials(np.array([0.0, 0.1, 1.0]), dev, dev + 1, dev + 2)
    chosen, reported, _ = trials.pick("dev")
    assert chosen.tolist() == [1, 2]
    np.testing.assert_allclose(reported, [1.3, 1.1])


def test_squared_loss_and_zero_one_error_refuse_labels_outside_the_outputs():
    outputs = np.eye(3)
    with pytest.raises(ValueError, match=r"^labels must lie in 0\.\.2; got -1 at index 1$"):
        gen.squared_loss(outputs, np.array([0, -1, 1]))  # no wrapping around to class 2
    with pytest.raises(ValueError, match=r"^labels must lie in 0\.\.2; got 3 at index 2$"):
        gen.zero_one_error(outputs, np.array([0, 1, 3]))
    with pytest.raises(ValueError, match="labels must hold one label per example: n = 3"):
        gen.zero_one_error(outputs, np.array([0, 1]))


def test_the_classes_are_the_training_labels_0_to_k_minus_1(rng):
    x = rng.standard_normal((6, 2))
    labels = np.array([0, 1, 2, 0, 1, 2])
    with pytest.raises(
        ValueError, match=r"labels_train must use each class .* class 1 never occurs"
    ):
        gen.width_sweep(x, np.array([0, 2, 2, 0, 2, 0]), x, labels, [2], rng, steps=1)
    with pytest.raises(ValueError, match=r"^labels_test must lie in 0\.\.2; got 7 at index 0$"):
        gen.width_sweep(x, labels, x, np.array([7, 1, 2, 0, 1, 2]), [2], rng, steps=1)
    with pytest.raises(ValueError, match="x_test must have d = 2 columns like x_train"):
        gen.width_sweep(x, labels, x[:, :1], labels, [2], rng, steps=1)


def test_mse_refuses_targets_that_would_broadcast_to_a_larger_array():
    y = np.array([1.0, 2.0, 3.0])
    assert gen.mse(y, 0.0) == pytest.approx(14 / 3)  # a constant target is fine
    with pytest.raises(ValueError, match=r"targets of shape \(3, 1\) must broadcast to the shape"):
        gen.mse(y, y[:, None])  # (3,) against (3, 1) would average a 3×3 table
    with pytest.raises(ValueError, match=r"axis must be an integer from -1 to 0, got 1"):
        gen.mse(y, y, axis=1)


def test_student_functions_that_return_nan_or_the_wrong_shape_are_named(rng):
    with pytest.raises(ValueError, match=r"predict must return finite numbers .* NaN"):
        gen.generalization_error(lambda u: u * np.nan, gen.wavy, 0.1)
    with pytest.raises(ValueError, match=r"f must return finite numbers of shape \(64,\)"):
        gen.generalization_error(np.cos, lambda u: u[:3], 0.1)
    with pytest.raises(ValueError, match=r"f must return finite numbers .* NaN"):
        gen.capacity_sweep(lambda x: np.where(x > 0, x, np.nan), [1], 5, rng, noise=0.1, draws=2)
    with pytest.raises(ValueError, match=r"learner must return finite numbers of shape \(2,\)"):
        gen.off_training_set_errors(lambda a, b, c: [0], gen.binary_vectors(2), [0, 1])


def test_intervals_and_bounds_are_checked(rng):
    for wrong in [(1.0, -1.0), (0.0, np.inf), None]:
        with pytest.raises((TypeError, ValueError), match="interval must be a pair"):
            gen.polynomial_features([0.5], 2, interval=wrong)
        with pytest.raises((TypeError, ValueError), match="interval must be a pair"):
            gen.capacity_sweep(gen.wavy, [1], 5, rng, noise=0.1, draws=2, interval=wrong)


def test_random_fourier_features_check_what_they_are_built_from(rng):
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        gen.RandomFourierFeatures.draw(3, 10, None)
    with pytest.raises(ValueError, match="offsets must hold one offset per feature, 4, got 3"):
        gen.RandomFourierFeatures(np.zeros((2, 4)), np.zeros(3))
    rff = gen.RandomFourierFeatures.draw(3, 10, rng)
    x, labels = rng.standard_normal((6, 2)), np.array([0, 1, 0, 1, 0, 1])
    with pytest.raises(ValueError, match="x_train must have the 3 input dimensions"):
        gen.feature_sweep(rff, x, labels, x, labels, [2])
    with pytest.raises(TypeError, match="features must be RandomFourierFeatures"):
        gen.feature_sweep(None, x, labels, x, labels, [2])


def test_small_formulas_check_their_arguments():
    X, y = np.eye(3), np.ones(3)
    with pytest.raises(ValueError, match="w must hold one weight per column of X, 3, got 2"):
        gen.weight_decay_step(np.ones(2), X, y, 0.1, 0.1)
    with pytest.raises(ValueError, match="lam must be a finite number ≥ 0"):
        gen.weight_decay_step(np.ones(3), X, y, -0.1, 0.1)
    with pytest.raises(ValueError, match="steps must be step counts t > 0, got 0"):
        gen.early_stopping_lambda([0, 10], 0.1)
    with pytest.raises(ValueError, match=r"w_true must hold one number per column of W"):
        gen.population_mse(np.ones((2, 3)), np.zeros(2), np.ones(3), 0.1)
    with pytest.raises(ValueError, match="scales must be positive, got 0"):
        gen.population_mse(np.ones(3), np.zeros(3), np.array([1.0, 0.0, 1.0]), 0.1)
    with pytest.raises(TypeError, match="intercept must be True or False"):
        gen.effective_parameters(X, 0.1, intercept="yes")
    with pytest.raises(ValueError, match="inputs must hold only 0s and 1s"):
        gen.smoothness(2 * gen.binary_vectors(2), gen.binary_vectors(4))
    with pytest.raises(ValueError, match="labellings must have one column per input, 4"):
        gen.smoothness(gen.binary_vectors(2), gen.binary_vectors(3))
    with pytest.raises(ValueError, match=r"y_train must lie in 0\.\.1; got 2"):
        gen.nearest_neighbour(np.eye(2), np.array([0, 2]), np.eye(2))
