"""helpers.sgd: the Robbins–Monro test, gradient-descent loops, minibatch noise, Robbins–Monro,
convexity and loss landscapes. Expected values come from hand derivations, closed forms and
re-implementations written here, never from the module's own output."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import DivergenceError, sgd, surfaces
from helpers.losses import binary_cross_entropy, mean_squared_error, softmax_cross_entropy
from helpers.schedules import PowerDecay

# --- the Robbins–Monro conditions for c/i^p -------------------------------------------------


@pytest.mark.parametrize(
    ("power", "holds"),
    [
        (0, False),
        (0.25, False),
        (0.5, False),
        (0.51, True),
        (0.75, True),
        (1, True),
        (1.01, False),
        (2, False),
    ],
)
def test_robbins_monro_holds_exactly_for_powers_in_half_open_interval(power, holds):
    # Σ 1/i^p diverges iff p <= 1; Σ 1/i^(2p) converges iff 2p > 1.
    assert sgd.satisfies_robbins_monro(power) is holds


def test_robbins_monro_rejects_negative_power():
    with pytest.raises(ValueError, match="power"):
        sgd.satisfies_robbins_monro(-1)
    with pytest.raises(TypeError, match="power"):
        sgd.satisfies_robbins_monro("1")


# --- gradient descent on known functions ---------------------------------------------------------


def test_gradient_descent_on_x_squared_follows_the_closed_form():
    square = sgd.curves()["x²"]
    for alpha in (0.1, 0.5, 0.9, 1.05):
        points, values = sgd.gradient_descent(square, 1.5, alpha, 20)
        expected = 1.5 * (1 - 2 * alpha) ** np.arange(21)  # θ ← θ − α·2θ
        np.testing.assert_allclose(points, expected, rtol=1e-12)
        np.testing.assert_allclose(values, expected**2, rtol=1e-12)


def test_gradient_descent_runs_many_starts_on_a_surface():
    bowl = surfaces.quadratic(1.0, 10.0)
    starts = np.array([[1.0, 1.0], [-2.0, 0.5], [0.3, -1.0]])
    points, values = sgd.gradient_descent(bowl, starts, 0.15, 12)
    t = np.arange(13)[:, None]
    np.testing.assert_allclose(points[..., 0], starts[:, 0] * (1 - 0.15) ** t)
    np.testing.assert_allclose(points[..., 1], starts[:, 1] * (1 - 1.5) ** t)
    assert values.shape == (13, 3)


def test_gradient_descent_reports_the_step_where_the_loss_grew_a_millionfold():
    square = sgd.curves()["x²"]
    # θ_t = 1.5·(−9)^t for α = 5, so f = θ² grows 81-fold per step from f₀ = 2.25: it first
    # exceeds 10⁶·2.25 at the t with 81^t > 10⁶, t = 4 (a finite 9.7e7).
    first = next(t for t in range(100) if 81.0**t > 1e6)
    with pytest.raises(DivergenceError) as info:
        sgd.gradient_descent(square, 1.5, 5.0, 1000)
    assert info.value.step == first == 4
    assert info.value.loss == pytest.approx((1.5 * 9.0**first) ** 2, rel=1e-12)
    assert info.value.last_loss == pytest.approx((1.5 * 9.0 ** (first - 1)) ** 2, rel=1e-12)


def test_gradient_descent_follows_a_schedule():
    square = sgd.curves()["x²"]
    points, _ = sgd.gradient_descent(square, 1.5, PowerDecay(0.4, 1), 6)
    alphas = [0.4 / i for i in range(1, 7)]  # α_i = 0.4/i, i = 1 … 6
    expected = 1.5 * np.cumprod([1.0] + [1 - 2 * a for a in alphas])  # θ ← (1 − 2α_i)θ
    np.testing.assert_allclose(points, expected, rtol=1e-12)


def test_gradient_descent_rejects_bad_arguments():
    with pytest.raises(TypeError, match="fn"):
        sgd.gradient_descent(np.square, 1.0, 0.1, 5)
    square = sgd.curves()["x²"]
    with pytest.raises(TypeError, match="steps"):
        sgd.gradient_descent(square, 1.0, 0.1, 5.0)
    with pytest.raises(ValueError, match="learning_rate"):
        sgd.gradient_descent(square, 1.0, -0.1, 5)
    with pytest.raises(ValueError, match=r"learning_rate\(3\) returned -0.5"):
        sgd.gradient_descent(square, 1.0, lambda k: 1.0 - k / 2, 5)  # 1, 0.5, 0, −0.5


# --- models -------------------------------------------------------------------------------------


@pytest.fixture
def regression(rng):
    x = rng.standard_normal((40, 3))
    y = x @ np.array([1.0, -2.0, 0.5]) + 0.3 * rng.standard_normal(40)
    return sgd.LeastSquares(x, y)


def _numerical_grad(f, w, h=1e-6):
    g = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        e = np.zeros_like(w)
        e[i] = h
        g[i] = (f(w + e) - f(w - e)) / (2 * h)
    return g


def test_least_squares_matches_the_lecture_mse_and_finite_differences(regression, rng):
    w = rng.standard_normal(3)
    loss, grad = regression.loss_and_grad(w)
    mse, dpred = mean_squared_error(regression.x @ w, regression.y)
    assert loss == pytest.approx(mse)
    np.testing.assert_allclose(grad, regression.x.T @ dpred)
    np.testing.assert_allclose(grad, _numerical_grad(regression.loss, w), rtol=1e-6)


def test_least_squares_batches_select_rows_per_run(regression, rng):
    w = rng.standard_normal((2, 3))
    batch = np.array([[0, 0, 5], [7, 8, 9]])
    loss, grad = regression.loss_and_grad(w, batch)
    for r in range(2):
        xb, yb = regression.x[batch[r]], regression.y[batch[r]]
        assert loss[r] == pytest.approx(np.mean((xb @ w[r] - yb) ** 2))
        np.testing.assert_allclose(grad[r], 2 / 3 * (xb @ w[r] - yb) @ xb)


def test_least_squares_loss_evaluates_a_grid_of_points(regression, rng):
    grid = rng.standard_normal((4, 5, 3))
    expected = [[np.mean((regression.x @ w - regression.y) ** 2) for w in row] for row in grid]
    np.testing.assert_allclose(regression.loss(grid), expected)
    with pytest.raises(ValueError, match="w must have shape"):
        regression.loss(np.zeros((4, 2)))


def test_least_squares_minimum_has_zero_gradient(regression):
    np.testing.assert_allclose(regression.loss_and_grad(regression.minimum())[1], 0, atol=1e-12)
    x, y = regression.x, regression.y  # the normal equations xᵀx w = xᵀy, solved here
    np.testing.assert_allclose(regression.minimum(), np.linalg.solve(x.T @ x, x.T @ y))


def test_softmax_regression_matches_the_loss_module_and_finite_differences(rng):
    x, y = rng.standard_normal((30, 4)), rng.integers(0, 3, 30)
    model = sgd.SoftmaxRegression(x, y)
    w = rng.standard_normal(model.shape)
    loss, grad = model.loss_and_grad(w)
    x1 = np.hstack([x, np.ones((30, 1))])
    ce, dlogits = softmax_cross_entropy(x1 @ w, y)
    assert loss == pytest.approx(ce)
    np.testing.assert_allclose(grad, x1.T @ dlogits)
    np.testing.assert_allclose(grad, _numerical_grad(model.loss, w), rtol=1e-5, atol=1e-9)


def test_softmax_loss_alone_equals_the_loss_with_gradient_for_runs_and_batches(rng):
    x, y = rng.standard_normal((25, 3)), rng.integers(0, 4, 25)
    model = sgd.SoftmaxRegression(x, y)
    w = rng.standard_normal((3, *model.shape))
    batch = rng.integers(0, 25, size=(3, 6))
    np.testing.assert_allclose(model.loss(w), model.loss_and_grad(w)[0])
    np.testing.assert_allclose(model.loss(w, batch), model.loss_and_grad(w, batch)[0])
    x1 = np.hstack([x, np.ones((25, 1))])
    assert model.loss(w[1], batch[1][None]) == pytest.approx(
        softmax_cross_entropy(x1[batch[1]] @ w[1], y[batch[1]])[0]
    )


def test_models_reject_bad_shapes_and_labels(regression, rng):
    with pytest.raises(ValueError, match="x must"):
        sgd.LeastSquares(np.zeros(5), np.zeros(5))
    with pytest.raises(ValueError, match="y must have one value per row of x"):
        sgd.LeastSquares(np.zeros((5, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="w must have shape"):
        regression.loss_and_grad(np.zeros(4))
    x = rng.standard_normal((6, 2))
    with pytest.raises(TypeError, match="y must hold integer class labels"):
        sgd.SoftmaxRegression(x, np.zeros(6))
    with pytest.raises(ValueError, match=r"y must lie in 0..2; got 3 at index 5"):
        sgd.SoftmaxRegression(x, np.array([0, 1, 2, 0, 1, 3]), classes=3)
    assert sgd.SoftmaxRegression(x, np.array([0, 1, 0, 0, 1, 1]), classes=4).shape == (3, 4)


# --- minibatch noise ----------------------------------------------------------------------------


def _per_example_grads(model, w):
    """Written here: ∇(x_iᵀw − y_i)² = 2 (x_iᵀw − y_i) x_i."""
    return 2 * (model.x @ w - model.y)[:, None] * model.x


def test_one_example_gradients_average_exactly_to_the_full_gradient(regression, rng):
    w = rng.standard_normal(3)
    each = regression.loss_and_grad(
        np.repeat(w[None], regression.n, 0), np.arange(regression.n)[:, None]
    )[1]
    np.testing.assert_allclose(each.mean(axis=0), regression.loss_and_grad(w)[1])
    np.testing.assert_allclose(each, _per_example_grads(regression, w))


def test_minibatch_gradients_are_unbiased(regression, rng):
    w = rng.standard_normal(3)
    full = regression.loss_and_grad(w)[1]
    per = _per_example_grads(regression, w)
    trace = np.mean(np.sum((per - full) ** 2, axis=1))  # tr Σ
    draws, m = 20_000, 4
    g = sgd.minibatch_gradients(regression, w, m, draws, rng)
    # E‖ḡ − ∇J‖² = tr Σ / (m · draws); a squared norm of three near-Gaussian coordinates
    # exceeds 20× its mean with probability below 1e-6.
    assert np.sum((g.mean(axis=0) - full) ** 2) < 20 * trace / (m * draws)


@pytest.mark.parametrize("m", [1, 4, 16])
def test_minibatch_variance_falls_like_one_over_m(regression, rng, m):
    w = rng.standard_normal(3)
    full = regression.loss_and_grad(w)[1]
    per = _per_example_grads(regression, w)
    predicted = np.mean(np.sum((per - full) ** 2, axis=1)) / m  # i.i.d. draws: tr Σ / m
    draws = 20_000
    sq = np.sum((sgd.minibatch_gradients(regression, w, m, draws, rng) - full) ** 2, axis=1)
    standard_error = sq.std() / np.sqrt(draws)
    assert abs(sq.mean() - predicted) < 5 * standard_error
    assert standard_error < 0.05 * predicted  # the bound is tight enough to catch a wrong law


def test_gradient_variance_is_the_trace_of_the_one_example_covariance(regression, rng):
    w = rng.standard_normal(3)
    per = _per_example_grads(regression, w)
    assert sgd.gradient_variance(regression, w) == pytest.approx(
        np.mean(np.sum((per - per.mean(0)) ** 2, axis=1))
    )


# --- the SGD loop -------------------------------------------------------------------------------


def test_full_batch_sgd_is_gradient_descent(regression):
    w = np.zeros(3)
    expected = [np.mean((regression.x @ w - regression.y) ** 2)]
    for t in range(10):
        w = w - 0.1 / (t + 1) * 2 / regression.n * regression.x.T @ (
            regression.x @ w - regression.y
        )
        expected.append(np.mean((regression.x @ w - regression.y) ** 2))
    run = sgd.minibatch_sgd(
        regression, np.zeros(3), PowerDecay(0.1, 1), regression.n, 10, np.random.default_rng(0)
    )
    np.testing.assert_allclose(run.loss[:, 0], expected)
    np.testing.assert_array_equal(run.examples, np.arange(11) * regression.n)


def test_minibatch_sgd_draws_independent_uniform_batches(regression):
    runs, m, alpha = 3, 5, 0.05
    run = sgd.minibatch_sgd(
        regression, np.zeros(3), alpha, m, 8, np.random.default_rng(1), runs=runs, keep_params=True
    )
    rng = np.random.default_rng(1)
    w = np.zeros((runs, 3))
    for t in range(8):
        batch = rng.integers(regression.n, size=(runs, m))
        for r in range(runs):
            xb, yb = regression.x[batch[r]], regression.y[batch[r]]
            w[r] -= alpha * 2 / m * xb.T @ (xb @ w[r] - yb)
        np.testing.assert_allclose(run.params[t + 1], w)
    assert run.loss.shape == (9, runs) and not np.allclose(run.params[-1][0], run.params[-1][1])


def test_sgd_records_only_the_requested_steps(regression):
    run = sgd.minibatch_sgd(
        regression, np.zeros(3), 0.01, 2, 50, np.random.default_rng(0), record=[50, 0, 10]
    )
    np.testing.assert_array_equal(run.steps, [0, 10, 50])
    np.testing.assert_array_equal(run.examples, [0, 20, 100])
    assert run.params is None


@pytest.mark.parametrize(
    ("bad", "error"),
    [(0, ValueError), (-1, ValueError), (41, ValueError), (2.5, TypeError), (True, TypeError)],
)
def test_sgd_rejects_batch_sizes_outside_one_to_n(regression, bad, error):
    with pytest.raises(error, match="batch_size"):
        sgd.minibatch_sgd(regression, np.zeros(3), 0.1, bad, 5, np.random.default_rng(0))


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (0, ValueError),
        (-0.1, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("0.1", TypeError),
        (None, TypeError),
        (True, TypeError),
    ],
)
def test_sgd_rejects_bad_learning_rates(regression, bad, error):
    with pytest.raises(error, match="learning_rate"):
        sgd.minibatch_sgd(regression, np.zeros(3), bad, 4, 5, np.random.default_rng(0))


def test_sgd_rejects_a_bad_start_and_record(regression):
    with pytest.raises(ValueError, match="w0"):
        sgd.minibatch_sgd(regression, np.zeros(2), 0.1, 4, 5, np.random.default_rng(0))
    with pytest.raises(ValueError, match="record"):
        sgd.minibatch_sgd(regression, np.zeros(3), 0.1, 4, 5, np.random.default_rng(0), record=[6])
    with pytest.raises(TypeError, match="record"):
        sgd.minibatch_sgd(
            regression, np.zeros(3), 0.1, 4, 5, np.random.default_rng(0), record=[1.5]
        )


def test_diverging_sgd_names_the_first_step_past_the_divergence_rule(regression):
    # Re-implemented full-batch loop: the first update count whose loss is not finite or above
    # 10⁶·max(|J₀|, 1), the course's divergence rule.
    alpha, w, first = 50.0, np.zeros(3), None
    j0 = np.mean(regression.y**2)
    for t in range(400):
        loss = np.mean((regression.x @ w - regression.y) ** 2)
        if not loss <= 1e6 * max(j0, 1.0):
            first = t
            break
        w = w - alpha * 2 / regression.n * regression.x.T @ (regression.x @ w - regression.y)
    assert first is not None and np.isfinite(loss)  # caught while still a finite number
    with pytest.raises(DivergenceError) as info:
        sgd.minibatch_sgd(
            regression, np.zeros(3), alpha, regression.n, 400, np.random.default_rng(0)
        )
    assert info.value.step == first
    assert info.value.loss == pytest.approx(loss, rel=1e-9)


# --- Robbins–Monro: streaming least squares ------------------------------------------------------


def test_constant_rate_settles_in_the_predicted_noise_ball():
    alpha, d, runs = 0.05, 5, 400
    # Fixed point of s ← (1 − 2α + (d + 2)α²)s + α²σ²d (derived in the module docstring):
    predicted = alpha * d / (2 - (d + 2) * alpha)
    assert sgd.noise_ball(alpha) == pytest.approx(predicted)
    _, errors = sgd.streaming_least_squares(
        [alpha], 3000, np.random.default_rng(4), runs=runs, record=np.arange(1000, 3001, 100)
    )
    per_run = errors[:, 0, :].mean(axis=0)  # time average, independent across runs
    assert abs(per_run.mean() - predicted) < 5 * per_run.std() / np.sqrt(runs)
    assert per_run.std() / np.sqrt(runs) < 0.05 * predicted


def test_exact_expectation_for_a_constant_rate_is_geometric():
    alpha, d = 0.02, 5
    rho = 1 - 2 * alpha + (d + 2) * alpha**2
    ball = alpha * d / (2 - (d + 2) * alpha)
    t = np.arange(301)
    np.testing.assert_allclose(
        sgd.expected_error(alpha, 300), ball + (d - ball) * rho**t, rtol=1e-10
    )


@pytest.mark.parametrize("rule", [PowerDecay(1.0, 1), PowerDecay(0.25, 2), PowerDecay(0.1, 0)])
def test_simulation_agrees_with_the_exact_expectation(rule):
    runs = 2000
    steps, errors = sgd.streaming_least_squares(
        [rule], 200, np.random.default_rng(5), runs=runs, record=[10, 50, 200]
    )
    exact = sgd.expected_error(rule, 200)[steps]
    measured = errors[:, 0, :]
    se = measured.std(axis=1) / np.sqrt(runs)
    assert np.all(np.abs(measured.mean(axis=1) - exact) < 5 * se)


def test_harmonic_rate_converges_like_sigma_squared_d_over_i_and_inverse_square_stalls():
    d = 5
    harmonic = sgd.expected_error(PowerDecay(1.0, 1), 100_000)
    # With α = 1/i: s ≈ C/i solves C = 2C − σ²d, so i·s → σ²d = 5 (with O(log i / i) error).
    assert 100_000 * harmonic[-1] == pytest.approx(d, rel=0.02)
    stall = sgd.expected_error(PowerDecay(0.25, 2), 100_000)
    assert stall[-1] > 1.0 and stall[-1] == pytest.approx(stall[1000], rel=1e-3)  # Σα < ∞


def test_rules_see_the_same_examples_and_start_at_distance_d():
    steps, errors = sgd.streaming_least_squares([0.01, 0.01], 100, np.random.default_rng(0), runs=3)
    np.testing.assert_array_equal(errors[:, 0], errors[:, 1])
    np.testing.assert_array_equal(errors[0], 5.0)
    assert steps[0] == 0 and steps[-1] == 100


def test_diverging_stream_names_the_first_non_finite_step():
    rng_seed, rule = 2, [1.5]
    with pytest.raises(DivergenceError) as info:
        sgd.streaming_least_squares(rule, 5000, np.random.default_rng(rng_seed), runs=4)
    step = info.value.step
    assert 0 < step <= 5000
    # A shorter run sees the same examples (whole chunks are drawn), so it stays finite before.
    _, errors = sgd.streaming_least_squares(
        rule, step - 1, np.random.default_rng(rng_seed), runs=4, record=[step - 1]
    )
    assert np.all(np.isfinite(errors))


def test_moving_noise_ball_is_the_noise_ball_of_each_rate():
    rule = PowerDecay(0.1, 0.4)
    balls = sgd.moving_noise_ball(rule, 50)
    alphas = 0.1 / np.arange(1, 51) ** 0.4
    np.testing.assert_allclose(balls, alphas * 5 / (2 - 7 * alphas), rtol=1e-12)
    assert sgd.moving_noise_ball(0.05, 3)[0] == pytest.approx(sgd.noise_ball(0.05))
    assert np.isnan(sgd.moving_noise_ball(PowerDecay(1.0, 1), 3)[0])  # α₁ = 1 > 2/7: no ball


def test_a_rule_breaking_the_third_condition_still_converges_along_its_noise_ball():
    # c/i^0.4 has Σα² = ∞, yet the exact error follows ≈ α_i σ² d / 2 down towards 0 …
    rule, steps = PowerDecay(0.1, 0.4), 10_000
    error = sgd.expected_error(rule, steps)
    assert error[-1] == pytest.approx(sgd.moving_noise_ball(rule, steps)[-1], rel=0.02)
    assert error[-1] < error[steps // 10] < error[steps // 100]
    # … and beats a badly scaled c/i, which satisfies both conditions (0.0064 against 0.79)
    assert error[-1] < 0.01 < 0.5 < sgd.expected_error(PowerDecay(0.1, 1), steps)[-1]


def test_quadratic_rate_is_the_worst_factor_one_minus_alpha_lambda():
    assert sgd.quadratic_rate(0.1, [1.0, 10.0]) == pytest.approx(0.9)  # max(|1 − 0.1|, |1 − 1|)
    assert sgd.quadratic_rate(0.19, [1.0, 10.0]) == pytest.approx(0.9)  # |1 − 1.9| = 0.9
    assert sgd.quadratic_rate(0.25, [1.0, 10.0]) == pytest.approx(1.5)  # diverges
    with pytest.raises(ValueError, match="curvatures"):
        sgd.quadratic_rate(0.1, [1.0, -2.0])
    with pytest.raises(ValueError, match="learning_rate"):
        sgd.quadratic_rate(0.0, [1.0])


def test_optimal_step_balances_the_steepest_and_flattest_directions():
    step, rate = sgd.optimal_step([1.0, 4.0, 10.0])
    assert step == pytest.approx(2 / 11) and rate == pytest.approx(9 / 11)
    assert 1 - step * 1.0 == pytest.approx(-(1 - step * 10.0))  # equal and opposite
    for alpha in (0.9 * step, 1.1 * step):
        assert sgd.quadratic_rate(alpha, [1.0, 4.0, 10.0]) > rate
    # gradient descent on the bowl (θ₁² + 10θ₂²)/2 shrinks the error by exactly that factor
    points, _ = sgd.gradient_descent(surfaces.quadratic(1.0, 10.0), [1.0, 1.0], step, 20)
    np.testing.assert_allclose(np.abs(points[-1]), rate**20, rtol=1e-9)


def test_streaming_and_noise_ball_reject_bad_arguments():
    with pytest.raises(ValueError, match="learning_rates"):
        sgd.streaming_least_squares([], 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="noise"):
        sgd.streaming_least_squares([0.1], 10, np.random.default_rng(0), noise=-1.0)
    with pytest.raises(ValueError, match="alpha"):
        sgd.noise_ball(2 / 7)
    with pytest.raises(DivergenceError):
        sgd.expected_error(3.0, 10_000)


# --- convexity ----------------------------------------------------------------------------------


def test_convexity_gap_of_x_squared_is_t_one_minus_t_times_distance_squared(rng):
    a, b, t = rng.normal(size=50), rng.normal(size=50), rng.uniform(size=50)
    np.testing.assert_allclose(
        sgd.convexity_gap(np.square, a, b, t), t * (1 - t) * (a - b) ** 2, atol=1e-12
    )
    assert sgd.convexity_gap(np.square, -1.0, 1.0, 0.5) == 1.0
    with pytest.raises(ValueError, match="t must"):
        sgd.convexity_gap(np.square, 0.0, 1.0, 1.5)


def test_convexity_check_accepts_the_lectures_examples_and_refutes_others(rng):
    for name in ("x²", "eˣ", "−log x"):
        c = sgd.curves()[name]
        assert sgd.convexity_check(c, *c.domain, rng).convex, name
    bumpy = sgd.bumpy()
    found = sgd.convexity_check(bumpy, *bumpy.domain, rng)
    assert not found.convex and found.gap < 0
    # the counter-example is real: recompute the chord by hand
    x = found.t * found.a + (1 - found.t) * found.b
    assert found.t * bumpy(found.a) + (1 - found.t) * bumpy(found.b) < bumpy(x)
    assert not sgd.convexity_check(np.sin, 0.0, np.pi, rng).convex  # concave


def test_curves_have_the_stated_derivatives():
    for c in sgd.curves().values():
        x = np.linspace(*c.domain, 7)[1:-1]
        h = 1e-5
        np.testing.assert_allclose(c.grad(x), (c(x + h) - c(x - h)) / (2 * h), rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(sgd.second_derivative(c, x), c.second(x), rtol=1e-4, atol=1e-4)
    x = np.array([0.5, 1.0, 2.0])
    np.testing.assert_allclose(sgd.curves()["−log x"].second(x), 1 / x**2)
    np.testing.assert_allclose(sgd.bumpy().second(x), 0.5 - 9 * np.sin(3 * x))


def test_gradient_descent_from_many_starts_finds_local_and_global_minima():
    bumpy = sgd.bumpy()
    starts = np.linspace(-5, 5, 101)
    points, _ = sgd.gradient_descent(bumpy, starts, 0.05, 400)
    ends = points[-1]
    np.testing.assert_allclose(bumpy.grad(ends), 0, atol=1e-8)
    assert np.all(bumpy.second(ends) > 0)
    grid = np.linspace(-5, 5, 1_000_001)
    best = grid[np.argmin(bumpy(grid))]
    assert abs(ends[np.argmin(bumpy(ends))] - best) < 1e-5
    assert len(np.unique(np.round(ends, 4))) == 5  # five local minima on [−5, 5]


# --- loss landscapes ----------------------------------------------------------------------------


def test_two_spirals_are_mirror_images_inside_the_unit_disc(rng):
    x, y = sgd.two_spirals(100, rng)
    assert x.shape == (100, 2) and np.bincount(y).tolist() == [50, 50]
    np.testing.assert_allclose(x[y == 1], -x[y == 0])
    assert np.max(np.hypot(*x.T)) <= 1.0
    with pytest.raises(ValueError, match="n must be even"):
        sgd.two_spirals(5, rng)


@pytest.mark.parametrize("skip", [False, True])
def test_deep_net_backward_matches_finite_differences(skip):
    rng = np.random.default_rng(3)
    net = sgd.DeepNet(3, 4, rng, skip=skip)
    for p in net.params:
        p += 0.1 * rng.standard_normal(p.shape)  # biases away from 0: no ReLU kinks at h = 0
    x, y = rng.standard_normal((12, 2)), rng.integers(0, 2, 12)
    _, grads = net.loss_and_grad(x, y)
    h = 1e-6
    for p, g in zip(net.params, grads, strict=True):
        for i in list(np.ndindex(p.shape))[:: max(1, p.size // 6)]:
            old = p[i]
            p[i] = old + h
            up = binary_cross_entropy(net.forward(x), y)[0]
            p[i] = old - h
            down = binary_cross_entropy(net.forward(x), y)[0]
            p[i] = old
            assert g[i] == pytest.approx((up - down) / (2 * h), rel=1e-4, abs=1e-8)


def test_deep_net_forward_takes_a_batch_of_parameter_sets(rng):
    net = sgd.DeepNet(4, 5, rng, skip=True)
    x = rng.standard_normal((7, 2))
    shifted = [p + 0.3 for p in net.params]
    batch = [np.stack([p, q]) for p, q in zip(net.params, shifted, strict=True)]
    logits = net.forward(x, batch)
    np.testing.assert_allclose(logits[0], net.forward(x))
    np.testing.assert_allclose(logits[1], net.forward(x, shifted))


def test_filter_normalisation_gives_every_filter_the_norm_of_the_weights(rng):
    net = sgd.DeepNet(3, 6, rng)
    d = sgd.filter_normalized_direction(net.params, net.weights, rng)
    for i, (p, di) in enumerate(zip(net.params, d, strict=True)):
        assert di.shape == p.shape
        if i not in net.weights:
            assert np.all(di == 0)  # bias directions are zero
            continue
        for layer in np.ndindex(p.shape[:-2]):  # the stacked hidden layers one by one
            for j in range(p.shape[-1]):  # unit j: its incoming weights are column j
                assert np.linalg.norm(di[layer][:, j]) == pytest.approx(
                    np.linalg.norm(p[layer][:, j])
                )
    assert not np.allclose(d[2], net.params[2])  # a random direction, not the weights


def test_loss_surface_is_the_loss_at_shifted_parameters(rng):
    net = sgd.DeepNet(2, 4, rng, skip=False)
    x, y = sgd.two_spirals(20, rng)
    dirs = tuple(sgd.filter_normalized_direction(net.params, net.weights, rng) for _ in range(2))
    a, b, z = sgd.loss_surface(net, dirs, x, y, span=0.5, n=5)
    np.testing.assert_allclose(a, [-0.5, -0.25, 0, 0.25, 0.5])
    assert z[2, 2] == pytest.approx(binary_cross_entropy(net.forward(x), y)[0])
    moved = [p + a[4] * d + b[1] * e for p, d, e in zip(net.params, *dirs, strict=True)]
    assert z[1, 4] == pytest.approx(binary_cross_entropy(net.forward(x, moved), y)[0])


def test_local_minima_counts_strict_dips():
    xs, ys = np.meshgrid(np.linspace(-1, 1, 9), np.linspace(-1, 1, 9))
    assert sgd.local_minima(xs**2 + ys**2) == 1
    two = (xs**2 - 0.25) ** 2 + ys**2  # minima at x = ±0.5, grid points
    assert sgd.local_minima(two) == 2
    assert sgd.local_minima(np.zeros((5, 5))) == 0  # ties are not strict minima
    with pytest.raises(ValueError, match="z must"):
        sgd.local_minima(np.zeros(5))


class _RecordingSGD:
    """A plain ``θ ← θ − αg`` written here, remembering the gradients it was given."""

    def __init__(self, alpha):
        self.alpha, self.seen = alpha, []

    def step(self, params, grads):
        self.seen.append([g.copy() for g in grads])
        for p, g in zip(params, grads, strict=True):
            p -= self.alpha * g


def test_train_deep_net_adds_weight_decay_to_the_weights_only(rng):
    net = sgd.DeepNet(2, 4, rng, skip=True)
    x, y = sgd.two_spirals(20, rng)
    before = [p.copy() for p in net.params]
    _, raw = net.loss_and_grad(x, y)
    opt = _RecordingSGD(0.01)
    losses = sgd.train_deep_net(net, x, y, opt, 1, weight_decay=0.1)
    assert losses[0] == pytest.approx(binary_cross_entropy(net.forward(x, before), y)[0])
    for i, (g, r, p) in enumerate(zip(opt.seen[0], raw, before, strict=True)):
        np.testing.assert_allclose(g, r + 0.1 * p if i in net.weights else r)


def test_train_deep_net_lowers_the_loss_with_adam(rng):
    optimizers = pytest.importorskip("helpers.optimizers")
    net = sgd.DeepNet(4, 8, rng, skip=True)
    x, y = sgd.two_spirals(60, rng)
    losses = sgd.train_deep_net(net, x, y, optimizers.Adam(1e-2), 200)
    assert losses[-1] < 0.5 * losses[0]


def test_train_deep_net_reports_divergence(rng):
    class Explode:
        def step(self, params, grads):
            for p in params:
                p *= 1e200

    net = sgd.DeepNet(2, 4, rng)
    x, y = sgd.two_spirals(20, rng)
    with pytest.raises(DivergenceError) as info:
        sgd.train_deep_net(net, x, y, Explode(), 5)
    assert info.value.step == 1  # the first update made the logits overflow


def test_train_deep_net_does_not_mistake_bad_labels_for_divergence(rng):
    net = sgd.DeepNet(2, 4, rng)
    x, y = sgd.two_spirals(20, rng)
    with pytest.raises(ValueError, match=r"y must have shape \(20,\), one label per example"):
        sgd.train_deep_net(net, x, y[:10], _RecordingSGD(0.01), 3)


def test_regression_2d_has_its_minimum_near_one_one(rng):
    model = sgd.regression_2d(rng, n=2000)
    np.testing.assert_allclose(model.minimum(), [1.0, 1.0], atol=0.1)


def test_train_deep_net_rejects_bad_arguments(rng):
    net = sgd.DeepNet(2, 4, rng)
    x, y = sgd.two_spirals(20, rng)
    with pytest.raises(ValueError, match="weight_decay"):
        sgd.train_deep_net(net, x, y, _RecordingSGD(0.01), 3, weight_decay=-0.1)
    with pytest.raises(TypeError, match="steps"):
        sgd.train_deep_net(net, x, y, _RecordingSGD(0.01), 3.0)
    with pytest.raises(TypeError, match="skip"):
        sgd.DeepNet(2, 4, rng, skip="yes")


def test_a_diverging_minibatch_run_carries_its_finite_part():
    """α = 5 on the least-squares bowl diverges; the error carries every record before the
    step it names, and those are exactly what a run stopped one update earlier records."""
    model = sgd.regression_2d(np.random.default_rng(3))
    with pytest.raises(DivergenceError) as caught:
        sgd.minibatch_sgd(
            model, (0.0, 0.0), 5.0, 10, 400, np.random.default_rng(1), keep_params=True
        )
    k = caught.value.step
    partial = caught.value.run
    assert k > 1 and partial.steps.tolist() == list(range(k))
    assert np.isfinite(partial.loss).all() and partial.params.shape == (k, 1, 2)
    shorter = sgd.minibatch_sgd(
        model, (0.0, 0.0), 5.0, 10, k - 1, np.random.default_rng(1), keep_params=True
    )
    np.testing.assert_array_equal(partial.loss, shorter.loss)
    np.testing.assert_array_equal(partial.params, shorter.params)
