"""helpers.optimizers against independent implementations of the lecture's pseudocode and of the
framework formulas in REFERENCE.md, plus the lecture's numeric claims and bad input.

The reference implementations below are written out-of-place, straight from the formulas, and
share no code with the module under test.
"""

import math

import numpy as np
import pytest

from helpers import DivergenceError, optimizers
from helpers import surfaces as S
from helpers.optimizers import (
    NAMES,
    SGD,
    AdaGrad,
    Adam,
    RMSProp,
    Trajectory,
    make,
    minimize,
    momentum_lookahead,
    steps_to,
    updates,
)

STEPS = 300


# --- a problem with several parameter arrays ---------------------------------------------------


def initial_params():
    rng = np.random.default_rng(7)
    return [rng.normal(size=(3, 4)), rng.normal(size=4), np.array(0.5)]


CURVATURE = [np.linspace(1.2, 4.0, 12).reshape(3, 4), np.array([1.1, 1.5, 5.0, 1.05]), 2.0]


def gradient(params):
    """∇ of Σ_i (c_i·p_i²/2 + sin(p_i)): non-linear, so that every trajectory matters, and
    convex (c_i > 1), so that rounding differences are not amplified chaotically."""
    return [c * p + np.cos(p) for c, p in zip(CURVATURE, params, strict=True)]


def run(opt, steps=STEPS):
    """The helpers optimizer on the problem; the parameter lists after every step."""
    params = initial_params()
    history = []
    for _ in range(steps):
        assert opt.step(params, gradient(params)) is None
        history.append([p.copy() for p in params])
    return history


def run_reference(update, state, steps=STEPS):
    """An out-of-place reference: ``update(k, params, grads, state) -> params``."""
    params = initial_params()
    history = []
    for k in range(steps):
        params = update(k, params, gradient(params), state)
        history.append(params)
    return history


def assert_same(history, reference, tol=1e-12):
    assert len(history) == len(reference)
    for k, (got, want) in enumerate(zip(history, reference, strict=True)):
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            scale = max(1.0, float(np.max(np.abs(w))))
            err = float(np.max(np.abs(g - w))) / scale
            assert err < tol, f"step {k + 1}, array {i}: error {err:.3g}"


def const(alpha):
    return lambda k: alpha


def schedule(k):
    """A learning rate that changes every step (so conventions about α matter)."""
    return 0.06 / (1.0 + 0.02 * k)


# --- lecture pseudocode ------------------------------------------------------------------------


def lecture_sgd(lr):
    def update(k, params, grads, state):
        return [p - lr(k) * g for p, g in zip(params, grads, strict=True)]

    return update


def lecture_momentum(lr, beta):
    def update(k, params, grads, state):
        vs = state.setdefault("v", [np.zeros_like(p) for p in params])
        new_v = [beta * v - lr(k) * g for v, g in zip(vs, grads, strict=True)]
        state["v"] = new_v
        return [p + v for p, v in zip(params, new_v, strict=True)]

    return update


def lecture_nesterov_run(lr, beta, steps=STEPS):
    """The lecture's Nesterov, θ ← θ + βv; g ← ∇J(θ); v ← βv − αg; θ ← θ − αg, where the
    first line moves θ to the look-ahead point. Returns the look-ahead points y_k = θ_k + βv_k
    (where the helpers optimizer keeps its params) after each step."""
    theta = initial_params()
    v = [np.zeros_like(p) for p in theta]
    out = []
    for k in range(steps):
        theta = [p + beta * vi for p, vi in zip(theta, v, strict=True)]
        g = gradient(theta)
        v = [beta * vi - lr(k) * gi for vi, gi in zip(v, g, strict=True)]
        theta = [p - lr(k) * gi for p, gi in zip(theta, g, strict=True)]
        out.append([p + beta * vi for p, vi in zip(theta, v, strict=True)])
    return out


def lecture_adagrad(lr, eps, inside=True):
    def update(k, params, grads, state):
        rs = state.setdefault("r", [np.zeros_like(p) for p in params])
        state["r"] = rs = [r + g * g for r, g in zip(rs, grads, strict=True)]
        den = [np.sqrt(r + eps) if inside else np.sqrt(r) + eps for r in rs]
        return [p - lr(k) * g / d for p, g, d in zip(params, grads, den, strict=True)]

    return update


def lecture_rmsprop(lr, beta, eps, inside=True):
    def update(k, params, grads, state):
        rs = state.setdefault("r", [np.zeros_like(p) for p in params])
        state["r"] = rs = [beta * r + (1 - beta) * g * g for r, g in zip(rs, grads, strict=True)]
        den = [np.sqrt(r + eps) if inside else np.sqrt(r) + eps for r in rs]
        return [p - lr(k) * g / d for p, g, d in zip(params, grads, den, strict=True)]

    return update


def lecture_adam(lr, b1, b2, eps, inside=True, correct=True):
    def update(k, params, grads, state):
        ss = state.setdefault("s", [np.zeros_like(p) for p in params])
        rs = state.setdefault("r", [np.zeros_like(p) for p in params])
        t = k + 1
        state["s"] = ss = [b1 * s + (1 - b1) * g for s, g in zip(ss, grads, strict=True)]
        state["r"] = rs = [b2 * r + (1 - b2) * g * g for r, g in zip(rs, grads, strict=True)]
        c1, c2 = (1 - b1**t, 1 - b2**t) if correct else (1.0, 1.0)
        s_hat = [s / c1 for s in ss]
        r_hat = [r / c2 for r in rs]
        den = [np.sqrt(r + eps) if inside else np.sqrt(r) + eps for r in r_hat]
        return [p - lr(k) * s / d for p, s, d in zip(params, s_hat, den, strict=True)]

    return update


@pytest.mark.parametrize("lr", [0.05, schedule])
def test_sgd_matches_the_lecture(lr):
    lr_fn = lr if callable(lr) else const(lr)
    assert_same(run(SGD(lr)), run_reference(lecture_sgd(lr_fn), {}))


@pytest.mark.parametrize("lr", [0.05, schedule])
def test_momentum_matches_the_lecture(lr):
    lr_fn = lr if callable(lr) else const(lr)
    assert_same(run(SGD(lr, momentum=0.9)), run_reference(lecture_momentum(lr_fn, 0.9), {}))


@pytest.mark.parametrize("lr", [0.05, schedule])
def test_nesterov_params_are_the_lectures_lookahead_point(lr):
    lr_fn = lr if callable(lr) else const(lr)
    assert_same(run(SGD(lr, momentum=0.9, nesterov=True)), lecture_nesterov_run(lr_fn, 0.9))


@pytest.mark.parametrize("inside", [True, False])
@pytest.mark.parametrize("lr", [0.3, schedule])
def test_adagrad_matches_the_lecture(lr, inside):
    lr_fn = lr if callable(lr) else const(lr)
    opt = AdaGrad(lr, epsilon=1e-7, epsilon_inside_sqrt=inside)
    assert_same(run(opt), run_reference(lecture_adagrad(lr_fn, 1e-7, inside), {}))


@pytest.mark.parametrize("inside", [True, False])
@pytest.mark.parametrize("lr", [0.01, schedule])
def test_rmsprop_matches_the_lecture(lr, inside):
    lr_fn = lr if callable(lr) else const(lr)
    opt = RMSProp(lr, beta=0.9, epsilon=1e-7, epsilon_inside_sqrt=inside)
    assert_same(run(opt), run_reference(lecture_rmsprop(lr_fn, 0.9, 1e-7, inside), {}))


@pytest.mark.parametrize("correct", [True, False])
@pytest.mark.parametrize("inside", [True, False])
@pytest.mark.parametrize("lr", [0.01, schedule])
def test_adam_matches_the_lecture(lr, inside, correct):
    lr_fn = lr if callable(lr) else const(lr)
    opt = Adam(lr, 0.9, 0.999, 1e-7, epsilon_inside_sqrt=inside, bias_correction=correct)
    ref = lecture_adam(lr_fn, 0.9, 0.999, 1e-7, inside, correct)
    assert_same(run(opt), run_reference(ref, {}))


def test_large_epsilon_separates_inside_from_outside():
    """A check that could not fail would be worthless: with a visible ε the two forms differ."""
    a = run(Adam(0.01, epsilon=0.1), 20)
    b = run(Adam(0.01, epsilon=0.1, epsilon_inside_sqrt=False), 20)
    assert np.max(np.abs(a[-1][0] - b[-1][0])) > 1e-4


# --- framework formulas (REFERENCE.md) ---------------------------------------------------------


def pytorch_sgd(lr, mu, nesterov):
    """torch.optim.SGD: buffer b ← μb + g (b = g at the first step); θ ← θ − α(g + μb) with
    Nesterov, else θ ← θ − αb."""

    def update(k, params, grads, state):
        if "b" not in state:
            state["b"] = [g.copy() for g in grads]
        else:
            state["b"] = [mu * b + g for b, g in zip(state["b"], grads, strict=True)]
        steps = (
            [g + mu * b for g, b in zip(grads, state["b"], strict=True)] if nesterov else state["b"]
        )
        return [p - lr(k) * d for p, d in zip(params, steps, strict=True)]

    return update


def keras_sgd(lr, mu, nesterov):
    """Keras 3 SGD: v ← μv − αg; θ ← θ + μv − αg (Nesterov) or θ ← θ + v."""

    def update(k, params, grads, state):
        vs = state.setdefault("v", [np.zeros_like(p) for p in params])
        state["v"] = vs = [mu * v - lr(k) * g for v, g in zip(vs, grads, strict=True)]
        if nesterov:
            return [p + mu * v - lr(k) * g for p, v, g in zip(params, vs, grads, strict=True)]
        return [p + v for p, v in zip(params, vs, strict=True)]

    return update


@pytest.mark.parametrize("nesterov", [False, True])
def test_sgd_momentum_matches_pytorch_for_a_constant_rate(nesterov):
    opt = SGD(0.05, momentum=0.9, nesterov=nesterov)
    assert_same(run(opt), run_reference(pytorch_sgd(const(0.05), 0.9, nesterov), {}))


@pytest.mark.parametrize("nesterov", [False, True])
def test_sgd_momentum_matches_keras_even_with_a_schedule(nesterov):
    opt = SGD(schedule, momentum=0.9, nesterov=nesterov)
    assert_same(run(opt), run_reference(keras_sgd(schedule, 0.9, nesterov), {}))


def test_pytorch_buffer_differs_from_the_lecture_when_the_rate_changes():
    """REFERENCE.md: v = −αb holds only for a constant α."""
    ours = run(SGD(schedule, momentum=0.9), 50)
    torch = run_reference(pytorch_sgd(schedule, 0.9, False), {}, 50)
    assert np.max(np.abs(ours[-1][0] - torch[-1][0])) > 1e-3


def test_pytorch_state_mapping_for_nesterov():
    """PyTorch keeps params = y_k and momentum_buffer = −v_k/α; Keras keeps v_k itself."""
    alpha, mu = 0.05, 0.9
    opt = SGD(alpha, momentum=mu, nesterov=True)
    params = initial_params()
    state = {}
    torch_params = initial_params()
    torch = pytorch_sgd(const(alpha), mu, True)
    for k in range(40):
        opt.step(params, gradient(params))
        torch_params = torch(k, torch_params, gradient(torch_params), state)
    for p, tp, v, b in zip(params, torch_params, opt.v, state["b"], strict=True):
        np.testing.assert_allclose(p, tp, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(v, -alpha * b, rtol=1e-12, atol=1e-12)


def pytorch_rmsprop(lr, alpha, eps):
    """torch.optim.RMSprop (centered=False, momentum=0): ε outside the root."""
    return lecture_rmsprop(lr, alpha, eps, inside=False)


def keras_adam(lr, b1, b2, eps_hat):
    """Keras 3 Adam: α_t = α·sqrt(1−β₂ᵗ)/(1−β₁ᵗ); θ ← θ − α_t·s/(sqrt(r) + ε̂)."""

    def update(k, params, grads, state):
        ss = state.setdefault("s", [np.zeros_like(p) for p in params])
        rs = state.setdefault("r", [np.zeros_like(p) for p in params])
        t = k + 1
        state["s"] = ss = [s + (g - s) * (1 - b1) for s, g in zip(ss, grads, strict=True)]
        state["r"] = rs = [r + (g * g - r) * (1 - b2) for r, g in zip(rs, grads, strict=True)]
        alpha_t = lr(k) * math.sqrt(1 - b2**t) / (1 - b1**t)
        return [
            p - alpha_t * s / (np.sqrt(r) + eps_hat) for p, s, r in zip(params, ss, rs, strict=True)
        ]

    return update


def pytorch_adam(lr, b1, b2, eps):
    """torch.optim.Adam: θ ← θ − α·ŝ/(sqrt(r̂) + ε)."""

    def update(k, params, grads, state):
        ss = state.setdefault("s", [np.zeros_like(p) for p in params])
        rs = state.setdefault("r", [np.zeros_like(p) for p in params])
        t = k + 1
        state["s"] = ss = [b1 * s + (1 - b1) * g for s, g in zip(ss, grads, strict=True)]
        state["r"] = rs = [b2 * r + (1 - b2) * g**2 for r, g in zip(rs, grads, strict=True)]
        bc1, bc2 = 1 - b1**t, 1 - b2**t
        return [
            p - lr(k) / bc1 * s / (np.sqrt(r) / math.sqrt(bc2) + eps)
            for p, s, r in zip(params, ss, rs, strict=True)
        ]

    return update


def test_rmsprop_outside_matches_pytorch():
    opt = RMSProp(0.01, beta=0.99, epsilon=1e-8, epsilon_inside_sqrt=False)
    assert_same(run(opt), run_reference(pytorch_rmsprop(const(0.01), 0.99, 1e-8), {}))


def test_adam_outside_matches_pytorch():
    opt = Adam(0.01, 0.9, 0.999, 1e-8, epsilon_inside_sqrt=False)
    assert_same(run(opt), run_reference(pytorch_adam(const(0.01), 0.9, 0.999, 1e-8), {}))


@pytest.mark.parametrize("inside", [True, False])
def test_adam_matches_keras_when_epsilon_is_zero(inside):
    """Keras adds ε̂ to the uncorrected root, so it agrees with the other forms at ε = 0."""
    opt = Adam(0.01, 0.9, 0.999, 0.0, epsilon_inside_sqrt=inside)
    assert_same(run(opt), run_reference(keras_adam(const(0.01), 0.9, 0.999, 0.0), {}))


# --- state, counters, schedules ----------------------------------------------------------------


def test_state_is_public_one_array_per_parameter():
    opt = Adam()
    assert opt.t == 0 and opt.s == [] and opt.r == []
    params = initial_params()
    opt.step(params, gradient(params))
    assert opt.t == 1
    assert [a.shape for a in opt.s] == [p.shape for p in params]
    assert [a.shape for a in opt.r] == [p.shape for p in params]
    g = gradient(initial_params())
    np.testing.assert_allclose(opt.s[0], 0.1 * g[0], rtol=1e-15)
    np.testing.assert_allclose(opt.r[1], 0.001 * g[1] ** 2, rtol=1e-15)
    sgd = SGD(0.1, momentum=0.5)
    sgd.step(params, g)
    np.testing.assert_allclose(sgd.v[2], -0.1 * g[2], rtol=1e-15)
    rms = RMSProp(0.1)
    rms.step(params, g)
    assert len(rms.r) == 3 and not hasattr(rms, "s")


RULES = [
    (lambda: SGD(0.05), lambda: lecture_sgd(const(0.05))),
    (lambda: SGD(schedule, momentum=0.9), lambda: lecture_momentum(schedule, 0.9)),
    (lambda: AdaGrad(0.3), lambda: lecture_adagrad(const(0.3), 1e-7)),
    (
        lambda: RMSProp(0.01, epsilon_inside_sqrt=False),
        lambda: lecture_rmsprop(const(0.01), 0.9, 1e-7, False),
    ),
    (lambda: Adam(schedule), lambda: lecture_adam(schedule, 0.9, 0.999, 1e-7)),
]


@pytest.mark.parametrize(("make_opt", "make_ref"), RULES)
def test_strided_arrays_are_updated_in_place_and_follow_the_lecture(make_opt, make_ref):
    """A parameter that is a view (here a transposed, non-contiguous 2×3 array) is changed in
    place, and its steps are the lecture's."""
    opt, update = make_opt(), make_ref()
    base = np.arange(6.0).reshape(3, 2) / 7 - 0.3

    def start():
        return [*initial_params(), base.copy().T]  # a (2, 3) array that is not C-contiguous

    curvature = [*CURVATURE, np.full((2, 3), 1.7)]

    def grad(params):
        return [c * p + np.cos(p) for c, p in zip(curvature, params, strict=True)]

    params, reference, state = start(), start(), {}
    strided = params[3]
    assert not strided.flags.c_contiguous
    for k in range(STEPS):
        opt.step(params, grad(params))
        reference = update(k, reference, grad(reference), state)
    assert params[3] is strided
    assert_same([params], [reference])
    for name, arrays in state.items():  # the state agrees too, array by array
        assert_same([getattr(opt, name)], [arrays])


def test_state_lists_are_the_optimizers_state():
    """``opt.s``, ``opt.r`` (and ``opt.v``) are lists of arrays, one per parameter array; each
    step puts the new state into the same lists, and what is written into them is used by the
    next step."""
    opt, update = Adam(0.01), lecture_adam(const(0.01), 0.9, 0.999, 1e-7)
    params, reference, state = initial_params(), initial_params(), {}
    for k in range(3):
        opt.step(params, gradient(params))
        reference = update(k, reference, gradient(reference), state)
    s_list, r_list = opt.s, opt.r
    assert isinstance(opt.s, list) and [a.shape for a in opt.r] == [p.shape for p in params]
    # the same lists keep following the state
    opt.step(params, gradient(params))
    reference = update(3, reference, gradient(reference), state)
    assert opt.s is s_list and opt.r is r_list
    np.testing.assert_allclose(opt.s[0], state["s"][0], rtol=1e-13)
    # edits in place and replaced arrays are used by the next step, like in the reference
    opt.s[1][...] = 0.25
    state["s"][1] = np.full(4, 0.25)
    opt.r[2] = np.array(0.5)
    state["r"][2] = np.array(0.5)
    opt.step(params, gradient(params))
    reference = update(4, reference, gradient(reference), state)
    assert_same([params], [reference])
    assert_same([opt.s, opt.r], [state["s"], state["r"]])
    # a whole new list too
    opt.r = [np.ones((3, 4)), np.ones(4), np.array(1.0)]
    state["r"] = [np.ones((3, 4)), np.ones(4), np.array(1.0)]
    opt.step(params, gradient(params))
    reference = update(5, reference, gradient(reference), state)
    assert_same([params], [reference])
    with pytest.raises(ValueError, match=r"opt.s holds arrays of shapes"):
        opt.s = [np.zeros(2)]
        opt.step(params, gradient(params))


def test_schedule_is_called_with_the_number_of_updates_done():
    calls = []

    def lr(k):
        calls.append(k)
        return 0.1

    opt = SGD(lr, momentum=0.9)
    x = np.array([1.0, 2.0])
    for _ in range(4):
        opt.step(x, x.copy())
    assert calls == [0, 1, 2, 3] and opt.t == 4
    assert opt.rate(7) == 0.1


def test_single_array_and_tuple_inputs():
    x = np.array([3.0, -1.0])
    SGD(0.5).step(x, np.array([2.0, 2.0]))
    np.testing.assert_array_equal(x, [2.0, -2.0])
    y = np.array([1.0])
    SGD(0.5).step((x, y), ([1.0, 1.0], [2.0]))  # grads may be array-likes
    np.testing.assert_array_equal(y, [0.0])


def test_plain_sgd_is_exactly_theta_minus_alpha_g():
    x = np.array([0.3, -0.7, 1e5])
    g = np.array([0.1, 2.0, -3.0])
    want = x - 0.01 * g
    SGD(0.01).step(x, g)
    np.testing.assert_array_equal(x, want)


def test_float32_params_stay_float32():
    x = np.ones(3, dtype=np.float32)
    Adam(0.1).step(x, np.ones(3))
    assert x.dtype == np.float32
    np.testing.assert_allclose(x, 0.9, rtol=1e-6)


def test_repr_names_the_hyperparameters():
    assert repr(SGD(0.1, momentum=0.9, nesterov=True)) == (
        "SGD(learning_rate=0.1, momentum=0.9, nesterov=True)"
    )
    text = repr(Adam(bias_correction=False, epsilon_inside_sqrt=False))
    assert "bias_correction=False" in text and "epsilon_inside_sqrt=False" in text


# --- the lecture's numbers ---------------------------------------------------------------------


def test_rmsprop_first_step_is_alpha_over_sqrt_one_minus_beta():
    alpha = 1e-3
    for beta, ratio in [(0.9, 3.162), (0.99, 10.0)]:
        (step,) = updates(RMSProp(alpha, beta=beta, epsilon=0.0), [[0.37]])
        assert abs(step[0]) / alpha == pytest.approx(1 / math.sqrt(1 - beta), rel=1e-12)
        assert abs(step[0]) / alpha == pytest.approx(ratio, abs=1e-3)


def test_rmsprop_steps_shrink_with_a_constant_gradient():
    """REFERENCE.md: 7.09α at t = 2, 3.23α at t = 10, 1.26α at t = 100 for β = 0.99."""
    alpha = 1e-3
    steps = np.abs(updates(RMSProp(alpha, beta=0.99, epsilon=0.0), np.full((100, 1), 2.5)))[:, 0]
    assert steps[1] / alpha == pytest.approx(7.09, abs=0.005)
    assert steps[9] / alpha == pytest.approx(3.23, abs=0.005)
    assert steps[99] / alpha == pytest.approx(1.26, abs=0.005)
    t = np.arange(1, 101)
    np.testing.assert_allclose(steps / alpha, 1 / np.sqrt(1 - 0.99**t), rtol=1e-12)


def test_adam_first_step_with_and_without_bias_correction():
    alpha = 1e-3
    for g in (1e-2, -5.0, 300.0):
        (with_c,) = updates(Adam(alpha, epsilon=0.0), [[g]])
        (without,) = updates(Adam(alpha, epsilon=0.0, bias_correction=False), [[g]])
        assert with_c[0] == pytest.approx(-alpha * math.copysign(1, g), rel=1e-12)
        assert abs(without[0]) / alpha == pytest.approx(0.1 / math.sqrt(0.001), rel=1e-12)
        assert abs(without[0]) / alpha == pytest.approx(3.162, abs=1e-3)


def test_adam_first_moment_weights_sum_to_one_minus_beta_power():
    """Feeding g = 1 from s = 0 leaves s_t = (1 − β₁) Σ β₁^(t−i) = 1 − β₁ᵗ."""
    opt = Adam(0.1, beta1=0.9, beta2=0.999)
    x = np.zeros(1)
    for t in range(1, 51):
        opt.step(x, np.ones(1))
        assert opt.s[0][0] == pytest.approx(1 - 0.9**t, rel=1e-13)
        assert opt.r[0][0] == pytest.approx(1 - 0.999**t, rel=1e-12)


@pytest.mark.parametrize(
    ("g", "outside", "inside"),
    [
        (1e-3, 0.99999, 0.99504),
        (1e-4, 0.9999, 0.7071),
        (1e-5, 0.9990, 0.0995),
        (1e-6, 0.9901, 0.0100),
    ],
)
def test_epsilon_table_of_reference_md(g, outside, inside):
    alpha = 1e-3
    (out,) = updates(Adam(alpha, epsilon=1e-8, epsilon_inside_sqrt=False), [[g]])
    (ins,) = updates(Adam(alpha, epsilon=1e-8), [[g]])
    assert abs(out[0]) / alpha == pytest.approx(outside, abs=6e-5)
    assert abs(ins[0]) / alpha == pytest.approx(inside, abs=6e-5)


def test_updates_runs_each_element_independently():
    grads = np.array([[1e-3, 1e-4], [1e-3, 1e-4]])
    both = updates(Adam(1e-3, epsilon=1e-8), grads)
    alone = updates(Adam(1e-3, epsilon=1e-8), grads[:, :1])
    np.testing.assert_array_equal(both[:, :1], alone)
    assert abs(both[0, 0] - both[0, 1]) > 1e-5  # different gradients, different steps


def test_adagrad_effective_rate_decays_like_one_over_sqrt_t():
    alpha = 0.5
    steps = np.abs(updates(AdaGrad(alpha, epsilon=0.0), np.full((400, 1), -3.0)))[:, 0]
    t = np.arange(1, 401)
    np.testing.assert_allclose(steps, alpha / np.sqrt(t), rtol=1e-12)


# --- minimize on surfaces ----------------------------------------------------------------------


def test_gradient_descent_on_a_bowl_is_geometric():
    a, b, lr = 0.5, 10.0, 0.04
    traj = minimize(S.quadratic(a, b), SGD(lr), (-9.0, 1.5), 30)
    k = np.arange(31)
    np.testing.assert_allclose(traj.points[:, 0], -9.0 * (1 - lr * a) ** k, rtol=1e-12)
    np.testing.assert_allclose(traj.points[:, 1], 1.5 * (1 - lr * b) ** k, rtol=1e-12)
    want = 0.5 * (a * traj.points[:, 0] ** 2 + b * traj.points[:, 1] ** 2)
    np.testing.assert_allclose(traj.losses, want, rtol=1e-14)
    assert traj.steps == 30 and traj.points.shape == (31, 2)


@pytest.mark.parametrize(("lr", "final"), [(0.1, 0.63), (1.0, 0.0), (1.9, 0.63), (2.1, 4.67)])
def test_dl_book_figure_4_1(lr, final):
    """x²/2 from 1.8: x_k = (1 − α)^k·1.8 (EXPERIMENTS.md)."""
    traj = minimize(S.quadratic(1.0, 1.0), SGD(lr), (1.8, 0.0), 10)
    assert abs(traj.points[-1, 0]) == pytest.approx(final, abs=0.005)
    assert abs(traj.points[-1, 0]) == pytest.approx(abs(1 - lr) ** 10 * 1.8, abs=1e-12)


def test_dl_book_figure_8_5_step_counts():
    """H = diag(0.5, 10) from (−9, 1.5) to f < 1e-4 (EXPERIMENTS.md): 53, 303, 64, 21."""
    bowl = S.quadratic(0.5, 10.0)

    def count(opt):
        return steps_to(minimize(bowl, opt, (-9.0, 1.5), 1000).losses < 1e-4)

    assert count(SGD(0.04, momentum=0.8)) == 53
    assert count(SGD(0.04)) == 303
    assert count(SGD(2 / (0.5 + 10))) == 64
    root = math.sqrt(10 / 0.5)
    alpha = (2 / (math.sqrt(10) + math.sqrt(0.5))) ** 2
    beta = ((root - 1) / (root + 1)) ** 2
    assert count(SGD(alpha, momentum=beta)) == 21


def test_divergence_reports_the_first_step_whose_loss_grew_a_millionfold():
    """α = 3 on f = x²/2 multiplies x by −2, the loss by 4, at every step: from L₀ = 1.62 the
    loss first exceeds 10⁶·L₀ at the k with 4^k > 10⁶, k = 10 (still finite: 1.7e6)."""
    k = next(k for k in range(100) if 4.0**k > 1e6)
    with pytest.raises(DivergenceError, match=f"step {k}") as info:
        minimize(S.quadratic(1.0, 1.0), SGD(3.0), (1.8, 0.0), 100)
    assert info.value.step == k == 10
    assert info.value.loss == pytest.approx(1.62 * 4.0**k, rel=1e-12)
    assert info.value.limit == pytest.approx(1.62e6, rel=1e-12)
    assert "× max(|first loss|, 1): the run diverged" in str(info.value)
    assert isinstance(info.value.trajectory, Trajectory)
    assert len(info.value.trajectory.losses) == k
    np.testing.assert_allclose(info.value.trajectory.losses, 1.62 * 4.0 ** np.arange(k))
    assert info.value.last_loss == pytest.approx(info.value.trajectory.losses[-1])


def test_divergence_reports_the_first_non_finite_step():
    """α = 10²⁰⁰: the first update takes x to (1 − α)·1.8 ≈ −1.8e200, a finite point whose loss
    x²/2 overflows to inf: the loss stopped being finite at step 1."""
    x = (1 - 1e200) * 1.8
    assert math.isfinite(x) and not math.isfinite(x * x / 2)
    with pytest.raises(DivergenceError, match="stopped being finite at step 1") as info:
        minimize(S.quadratic(1.0, 1.0), SGD(1e200), (1.8, 0.0), 100)
    assert info.value.step == 1
    assert info.value.last_loss == pytest.approx(1.62)
    assert len(info.value.trajectory.losses) == 1


def test_an_update_that_overflows_is_reported_for_the_step_after_it():
    """α = 10³⁰⁸ takes x = 1.8 to (1 − α)·1.8, beyond the largest float: the parameters stop
    being finite in update 0, so no loss after it can be; the error names step 1."""
    assert not math.isfinite((1 - 1e308) * 1.8)
    with pytest.raises(DivergenceError, match="the parameters stopped being finite at step 1"):
        minimize(S.quadratic(1.0, 1.0), SGD(1e308), (1.8, 0.0), 100)
    p = np.array([1.8])
    with pytest.raises(DivergenceError, match=r"params\[0\] stopped being finite at step 0"):
        SGD(1e308).step(p, np.array([1.8]))


def test_divergence_with_overflowing_gradients_raises_no_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergenceError):
            minimize(S.beale(), SGD(0.5), (1.0, 1.5), 500)


def test_steps_to():
    assert steps_to(np.array([False, False, True, True])) == 2
    assert steps_to(np.zeros(3, dtype=bool)) is None
    with pytest.raises(ValueError, match="condition"):
        steps_to(np.zeros((2, 2), dtype=bool))


def test_momentum_lookahead_points():
    bowl = S.quadratic(1.0, 4.0)
    theta, v, a, b = np.array([1.0, 1.0]), np.array([-0.5, 0.2]), 0.1, 0.9
    pts = momentum_lookahead(bowl, theta, v, a, b)
    ahead = theta + b * v  # (0.55, 1.18)
    np.testing.assert_allclose(pts["lookahead"], [0.55, 1.18])
    np.testing.assert_allclose(pts["momentum"], ahead - a * np.array([1.0, 4.0]))
    np.testing.assert_allclose(pts["nesterov"], ahead - a * np.array([0.55, 4 * 1.18]))


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf")])
def test_learning_rate_must_be_positive(lr):
    for cls in (SGD, AdaGrad, RMSProp, Adam):
        with pytest.raises(ValueError, match=r"learning_rate .*> 0"):
            cls(lr)


def test_learning_rate_type():
    with pytest.raises(TypeError, match="learning_rate"):
        SGD("0.1")
    with pytest.raises(TypeError, match="learning_rate"):
        SGD(True)


@pytest.mark.parametrize("value", [-0.1, 1.0, 1.5])
def test_decay_rates_must_lie_in_zero_one(value):
    with pytest.raises(ValueError, match=rf"momentum must be a number in \[0, 1\).*{value}"):
        SGD(0.1, momentum=value)
    with pytest.raises(ValueError, match=r"beta must be a number in \[0, 1\)"):
        RMSProp(0.1, beta=value)
    with pytest.raises(ValueError, match=r"beta1 must be a number in \[0, 1\)"):
        Adam(0.1, beta1=value)
    with pytest.raises(ValueError, match=r"beta2 must be a number in \[0, 1\)"):
        Adam(0.1, beta2=value)


def test_epsilon_must_be_non_negative():
    for cls in (AdaGrad, RMSProp, Adam):
        with pytest.raises(ValueError, match=r"epsilon must be .*≥ 0, got -1e-07"):
            cls(0.1, epsilon=-1e-7)


def test_switches_must_be_booleans():
    with pytest.raises(TypeError, match="nesterov"):
        SGD(0.1, momentum=0.9, nesterov="yes")
    with pytest.raises(TypeError, match="epsilon_inside_sqrt"):
        Adam(epsilon_inside_sqrt=1)


def test_shape_mismatch_names_the_index_and_both_shapes():
    params = initial_params()
    grads = gradient(params)
    grads[1] = np.zeros(5)
    with pytest.raises(
        ValueError, match=r"grads\[1\] has shape \(5,\), but params\[1\] has shape \(4,\)"
    ):
        Adam().step(params, grads)
    with pytest.raises(ValueError, match="got 2 gradients for 3 parameter arrays"):
        Adam().step(params, grads[:2])


def test_params_must_be_float_arrays_and_keep_their_shapes():
    with pytest.raises(TypeError, match=r"params\[0\] is updated in place, so it must be a NumPy"):
        SGD(0.1).step([np.array([1, 2])], [np.array([1.0, 1.0])])
    with pytest.raises(TypeError, match="params"):
        SGD(0.1).step(3.0, 1.0)
    opt = SGD(0.1)
    opt.step(np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match="create a new optimizer for a different model"):
        opt.step(np.zeros(3), np.ones(3))


def test_a_schedule_returning_a_bad_rate_is_reported():
    opt = SGD(lambda k: 0.1 - 0.06 * k)
    x = np.zeros(1)
    opt.step(x, np.ones(1))
    opt.step(x, np.ones(1))
    with pytest.raises(ValueError, match=r"learning_rate\(2\) returned -0.0199"):
        opt.step(x, np.ones(1))


def test_minimize_arguments():
    with pytest.raises(ValueError, match="steps"):
        minimize(S.saddle(), SGD(0.1), (0.0, 0.0), -1)
    with pytest.raises(TypeError, match="optimizer"):
        minimize(S.saddle(), "adam", (0.0, 0.0), 10)
    with pytest.raises(ValueError, match="start"):
        minimize(S.saddle(), SGD(0.1), (np.nan, 0.0), 10)


# --- make, and starting from a given state ------------------------------------------------------


def test_make_builds_each_of_the_six():
    assert opt_repr("SGD", 0.1) == "SGD(learning_rate=0.1)"
    assert opt_repr("Momentum", 0.1) == "SGD(learning_rate=0.1, momentum=0.9)"
    assert opt_repr("Nesterov", 0.1, momentum=0.5) == (
        "SGD(learning_rate=0.1, momentum=0.5, nesterov=True)"
    )
    assert opt_repr("AdaGrad", 0.1) == "AdaGrad(learning_rate=0.1, epsilon=1e-07)"
    assert opt_repr("RMSProp", 0.1, beta=0.99) == (
        "RMSProp(learning_rate=0.1, beta=0.99, epsilon=1e-07)"
    )
    assert opt_repr("Adam", 0.1, beta1=0.8, beta2=0.99) == (
        "Adam(learning_rate=0.1, beta1=0.8, beta2=0.99, epsilon=1e-07)"
    )
    assert NAMES == ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")
    with pytest.raises(ValueError, match="name must be one of"):
        make("LBFGS", 0.1)


def test_make_refuses_an_option_the_optimizer_does_not_have():
    with pytest.raises(TypeError, match=r"SGD has no option 'momentum'.*Momentum"):
        make("SGD", 0.1, momentum=0.9)
    with pytest.raises(TypeError, match=r"RMSProp has no option 'beta1' \(its options: beta,"):
        make("RMSProp", 0.1, beta1=0.9)
    with pytest.raises(TypeError, match="Adam has no option 'beta'"):
        make("Adam", 0.1, beta=0.9)


def opt_repr(*args, **options):
    return repr(make(*args, **options))


def test_a_state_set_before_the_first_step_is_used():
    sgd = SGD(0.1, momentum=0.5)
    sgd.v = [np.array([1.0, -2.0])]
    x = np.array([0.0, 0.0])
    sgd.step(x, np.array([10.0, 10.0]))
    np.testing.assert_allclose(sgd.v[0], [0.5 - 1.0, -1.0 - 1.0])  # βv − αg
    np.testing.assert_allclose(x, [-0.5, -2.0])
    adam = Adam(0.1, epsilon=0.0)
    adam.s, adam.r, adam.t = [np.array([0.2])], [np.array([0.04])], 4
    y = np.zeros(1)
    adam.step(y, np.array([0.2]))
    # s and r stay at their fixed point (g = 0.2); the step uses t = 5 in the correction
    want = -0.1 * (0.2 / (1 - 0.9**5)) / math.sqrt(0.04 / (1 - 0.999**5))
    assert y[0] == pytest.approx(want, rel=1e-12)
    bad = SGD(0.1, momentum=0.5)
    bad.v = [np.zeros(3)]
    with pytest.raises(ValueError, match=r"opt.v holds arrays of shapes \[\(3,\)\]"):
        bad.step(np.zeros(2), np.ones(2))


# --- descend: the one training loop -------------------------------------------------------------


def test_descend_is_gradient_descent_on_a_parabola():
    """f(x) = x²/2 from x = 1 with α = 0.5: x halves at every step, so the losses are
    (1/2)·(1/4)^k, and ``objective`` is asked for the update numbers 0, 1, 2, …"""
    x = np.array([1.0])
    asked = []

    def objective(k):
        asked.append(k)
        return 0.5 * float(x[0] ** 2), [x.copy()]

    losses = optimizers.descend(objective, [x], SGD(0.5), 4)
    assert asked == [0, 1, 2, 3]
    np.testing.assert_allclose(losses, [0.5 * 0.25**k for k in range(4)], rtol=1e-15)
    assert x[0] == pytest.approx(0.5**4, rel=1e-15)


def test_descend_names_the_step_where_the_loss_grew_a_millionfold():
    """On f(x) = x²/2 with α = 3 the iterate is multiplied by −2 at every step, the loss by 4.
    From L₀ = 0.5 (below 1, so the limit is 10⁶ itself) the loss 0.5·4^k first exceeds 10⁶ at
    k = 11 (0.5·4¹¹ = 2.1e6); with first_step=500 that is step 511."""
    x = np.array([1.0])

    def objective(k):
        return 0.5 * x[0] ** 2, [x.copy()]

    k = next(k for k in range(100) if 0.5 * 4.0**k > 1e6)
    with pytest.raises(DivergenceError, match=f"step {500 + k}") as caught:
        optimizers.descend(objective, [x], SGD(3.0), 2000, first_step=500, hint="try less")
    assert caught.value.step == 500 + k == 511
    assert caught.value.last_loss == pytest.approx(0.5 * 4.0 ** (k - 1), rel=1e-12)
    assert caught.value.limit == 1e6
    assert "try less" in str(caught.value)


def test_descend_measures_growth_from_the_run_s_first_loss():
    """A run split over several calls gives its first loss: the limit is 10⁶·max(|L₀|, 1) of
    that loss, not of the later call's own first loss."""
    x = np.array([2.0])

    def objective(k):
        return 0.5 * x[0] ** 2, [x.copy()]

    optimizers.descend(objective, [x], SGD(3.0), 3, first_loss=2.0)  # loss 2, 8, 32: fine
    with pytest.raises(DivergenceError) as caught:
        optimizers.descend(objective, [x], SGD(3.0), 50, first_step=3, first_loss=2.0)
    # x = 2·(−2)^k, loss 2·4^k: the first k with 2·4^k > 2·10⁶ is k = 10
    assert caught.value.step == 10 and caught.value.limit == 2e6


def test_a_non_finite_loss_before_any_update_blames_the_data_not_the_rate():
    def objective(k):
        return math.nan, [np.zeros(1)]

    with pytest.raises(ValueError, match="at step 0, before any update") as caught:
        optimizers.descend(objective, [np.zeros(1)], SGD(0.1), 5)
    assert "learning rate" in str(caught.value) and not isinstance(caught.value, DivergenceError)


def test_descend_arguments():
    with pytest.raises(TypeError, match="optimizer must have a step"):
        optimizers.descend(lambda k: (0.0, []), [], "sgd", 3)
    with pytest.raises(TypeError, match="steps must be an integer"):
        optimizers.descend(lambda k: (0.0, []), [], SGD(0.1), 2.5)
    with pytest.raises(ValueError, match="steps must be an integer ≥ 0, got -1"):
        optimizers.descend(lambda k: (0.0, []), [], SGD(0.1), -1)


# --- convergence rates per eigendirection (the √κ derivation of notebook 05) -------------------


def test_gradient_descent_rate_is_one_minus_alpha_lambda():
    rates = optimizers.convergence_rate(0.19, [0.5, 10.0])
    np.testing.assert_allclose(rates, [abs(1 - 0.095), abs(1 - 1.9)])
    assert optimizers.convergence_rate(0.3, 10.0) == pytest.approx(2.0)  # diverges: above 1


def test_momentum_rate_is_sqrt_beta_whenever_the_roots_are_complex():
    beta = 0.8  # window (1 − √β)² < αλ < (1 + √β)² = 0.011 … 3.59
    rates = optimizers.convergence_rate(0.04, [0.5, 10.0, 50.0], momentum=beta)
    np.testing.assert_allclose(rates, math.sqrt(beta))
    # outside the window (αλ = 0.002) a real root near 1 − αλ/(1 − β) is slower
    slow = optimizers.convergence_rate(0.04, 0.05, momentum=beta)
    lam, a = 0.05, 0.04
    disc = (1 + beta - a * lam) ** 2 - 4 * beta
    assert slow == pytest.approx(((1 + beta - a * lam) + math.sqrt(disc)) / 2)


def test_polyak_heavy_ball_makes_every_direction_equally_fast():
    lo, hi = 0.5, 10.0
    kappa = hi / lo
    alpha = (2 / (math.sqrt(hi) + math.sqrt(lo))) ** 2
    beta = ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2
    rates = optimizers.convergence_rate(alpha, np.geomspace(lo, hi, 7), momentum=beta)
    np.testing.assert_allclose(rates, (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1), rtol=1e-6)


def test_nesterov_rate_has_product_beta_times_one_minus_alpha_lambda():
    rate = optimizers.convergence_rate(0.04, 10.0, momentum=0.8, nesterov=True)
    assert rate == pytest.approx(math.sqrt(0.8 * (1 - 0.4)))  # complex pair: |z|² = β(1 − αλ)


def test_convergence_rate_predicts_the_run():
    """On the bowl, the error along θ₂ after many steps shrinks by the computed rate."""
    bowl = S.quadratic(0.5, 10.0)
    run = minimize(bowl, SGD(0.19), (0.0, 1.0), 50)
    ratio = abs(run.points[50, 1] / run.points[49, 1])
    assert ratio == pytest.approx(optimizers.convergence_rate(0.19, 10.0))


def test_convergence_rate_rejects_bad_arguments():
    with pytest.raises(ValueError, match="learning_rate"):
        optimizers.convergence_rate(0.0, 1.0)
    with pytest.raises(ValueError, match="momentum"):
        optimizers.convergence_rate(0.1, 1.0, momentum=1.0)
    with pytest.raises(TypeError, match="nesterov"):
        optimizers.convergence_rate(0.1, 1.0, nesterov="yes")
