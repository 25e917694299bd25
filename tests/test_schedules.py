"""Learning-rate schedules against formulas typed from REFERENCE.md (Keras semantics).

Every expected value here comes from an independent scalar implementation written with ``math``
below (or from a hand derivation), never from ``helpers.schedules`` itself.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import DivergenceError, optimizers
from helpers.schedules import (
    KINDS,
    Constant,
    CosineDecay,
    CosineDecayRestarts,
    ExponentialDecay,
    InverseSquareRootDecay,
    InverseTimeDecay,
    PiecewiseConstantDecay,
    PolynomialDecay,
    PowerDecay,
    PyTorchMomentum,
    Warmup,
    design,
    learning_rates,
    momentum_step_lengths,
    noisy_quadratic,
    robbins_monro_sums,
)

# --- independent references: tf.optimizers.schedules as written in REFERENCE.md ----------------


def polynomial(k, lr0, ds, end=1e-4, power=1.0, cycle=False):
    if cycle:
        ds = ds * (1 if k == 0 else math.ceil(k / ds))
    else:
        k = min(k, ds)
    return (lr0 - end) * (1 - k / ds) ** power + end


def exponential(k, lr0, ds, rate, staircase=False):
    p = k / ds
    return lr0 * rate ** (math.floor(p) if staircase else p)


def inverse_time(k, lr0, ds, rate, staircase=False):
    p = k / ds
    return lr0 / (1 + rate * (math.floor(p) if staircase else p))


def cosine(k, lr0, ds, alpha=0.0, target=None, warmup=0):
    if target is None:
        return lr0 * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * min(k, ds) / ds)) + alpha)
    if k < warmup:
        return lr0 + (target - lr0) * k / warmup
    k = min(k - warmup, ds)
    return target * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * k / ds)) + alpha)


def restarts(k, lr0, t0, t_mul=2.0, m_mul=1.0, alpha=0.0):
    """Walk the cycles one by one (no logarithms): cycle i lasts t0·t_mul^i updates."""
    start, length, i = 0.0, float(t0), 0
    while k >= start + length:
        start, length, i = start + length, length * t_mul, i + 1
    f = (k - start) / length
    return lr0 * ((1 - alpha) * 0.5 * m_mul**i * (1 + math.cos(math.pi * f)) + alpha)


def piecewise(k, boundaries, values):
    for b, v in zip(boundaries, values, strict=False):
        if k <= b:
            return v
    return values[-1]


def inverse_sqrt(k, lr0, warmup=0):
    t = k + 1
    return lr0 / math.sqrt(t) if warmup == 0 else lr0 * min(t / warmup, math.sqrt(warmup / t))


def power(k, c, p):
    """The lecture's α_i = c / i^p, with i = k + 1 counting updates from 1."""
    return c / (k + 1) ** p


# (schedule under test, the reference formula with the same arguments)
CASES = [
    (PolynomialDecay(0.1, 1000, 0.001), lambda k: polynomial(k, 0.1, 1000, 0.001)),
    (PolynomialDecay(0.1, 1000), lambda k: polynomial(k, 0.1, 1000)),  # default end 1e-4
    (PolynomialDecay(0.5, 300, 0.0, power=2.0), lambda k: polynomial(k, 0.5, 300, 0.0, 2.0)),
    (PolynomialDecay(0.5, 300, 0.0, 0.5), lambda k: polynomial(k, 0.5, 300, 0.0, 0.5)),
    (
        PolynomialDecay(0.1, 250, 0.01, power=1.5, cycle=True),
        lambda k: polynomial(k, 0.1, 250, 0.01, 1.5, cycle=True),
    ),
    (PolynomialDecay(0.01, 100, 0.1), lambda k: polynomial(k, 0.01, 100, 0.1)),  # increasing
    (ExponentialDecay(0.1, 1000, 0.01), lambda k: exponential(k, 0.1, 1000, 0.01)),
    (ExponentialDecay(0.1, 1, 0.995), lambda k: exponential(k, 0.1, 1, 0.995)),
    (
        ExponentialDecay(0.3, 100, 0.5, staircase=True),
        lambda k: exponential(k, 0.3, 100, 0.5, staircase=True),
    ),
    (ExponentialDecay(0.3, 77.5, 0.9), lambda k: exponential(k, 0.3, 77.5, 0.9)),
    (InverseTimeDecay(0.1, 1, 1.0), lambda k: inverse_time(k, 0.1, 1, 1.0)),
    (InverseTimeDecay(0.2, 100, 3.0), lambda k: inverse_time(k, 0.2, 100, 3.0)),
    (
        InverseTimeDecay(0.2, 100, 3.0, staircase=True),
        lambda k: inverse_time(k, 0.2, 100, 3.0, staircase=True),
    ),
    (CosineDecay(0.1, 1000), lambda k: cosine(k, 0.1, 1000)),
    (CosineDecay(0.1, 1000, alpha=0.01), lambda k: cosine(k, 0.1, 1000, 0.01)),
    (CosineDecay(0.1, 1000, alpha=1.0), lambda k: cosine(k, 0.1, 1000, 1.0)),
    (
        CosineDecay(0.0, 800, 0.05, warmup_target=0.2, warmup_steps=200),
        lambda k: cosine(k, 0.0, 800, 0.05, 0.2, 200),
    ),
    (
        CosineDecay(0.01, 800, 0.0, warmup_target=0.2, warmup_steps=133),
        lambda k: cosine(k, 0.01, 800, 0.0, 0.2, 133),
    ),
    (
        CosineDecay(0.01, 500, 0.1, warmup_target=0.2, warmup_steps=0),
        lambda k: cosine(k, 0.01, 500, 0.1, 0.2, 0),
    ),
    (CosineDecayRestarts(0.1, 100), lambda k: restarts(k, 0.1, 100)),
    (CosineDecayRestarts(0.1, 100, t_mul=1.0), lambda k: restarts(k, 0.1, 100, 1.0)),
    (
        CosineDecayRestarts(0.1, 50, t_mul=3.0, m_mul=0.5, alpha=0.1),
        lambda k: restarts(k, 0.1, 50, 3.0, 0.5, 0.1),
    ),
    (
        CosineDecayRestarts(0.1, 40, t_mul=1.5, m_mul=0.8),
        lambda k: restarts(k, 0.1, 40, 1.5, 0.8),
    ),
    (
        CosineDecayRestarts(0.1, 64, t_mul=1.0, m_mul=0.9, alpha=0.2),
        lambda k: restarts(k, 0.1, 64, 1.0, 0.9, 0.2),
    ),
    (
        PiecewiseConstantDecay([500, 800], [0.1, 0.01, 0.001]),
        lambda k: piecewise(k, [500, 800], [0.1, 0.01, 0.001]),
    ),
    (
        PiecewiseConstantDecay([0, 10, 2000], [1.0, 0.5, 0.2, 0.0]),
        lambda k: piecewise(k, [0, 10, 2000], [1.0, 0.5, 0.2, 0.0]),
    ),
    (InverseSquareRootDecay(0.1), lambda k: inverse_sqrt(k, 0.1)),
    (InverseSquareRootDecay(0.1, warmup_steps=400), lambda k: inverse_sqrt(k, 0.1, 400)),
    (Constant(0.05), lambda k: 0.05),
    (PowerDecay(0.5, 1), lambda k: power(k, 0.5, 1)),
    (PowerDecay(2.0, 2.0), lambda k: power(k, 2.0, 2.0)),
    (PowerDecay(10**-0.9, 1.5), lambda k: power(k, 10**-0.9, 1.5)),
    (PowerDecay(0.25, 0.75), lambda k: power(k, 0.25, 0.75)),
]
IDS = [type(s).__name__ + str(i) for i, (s, _) in enumerate(CASES)]
STEPS = np.arange(3001)


@pytest.mark.parametrize(("schedule", "reference"), CASES, ids=IDS)
def test_every_schedule_matches_its_reference_formula(schedule, reference):
    want = np.array([reference(int(k)) for k in STEPS])
    got = schedule(STEPS)
    assert isinstance(got, np.ndarray) and got.shape == STEPS.shape and got.dtype == np.float64
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(("schedule", "reference"), CASES, ids=IDS)
def test_scalar_and_array_calls_agree(schedule, reference):
    array = schedule(STEPS)
    for k in [*range(0, 3001, 37), 2999, 3000, 10**6]:
        value = schedule(k)
        assert type(value) is float
        assert math.isclose(value, reference(k), rel_tol=1e-12, abs_tol=1e-15)
        if k <= 3000:
            assert value == pytest.approx(array[k], rel=1e-15)  # SIMD may round differently
    assert schedule(np.int64(7)) == schedule(7) == schedule(7.0)
    grid = schedule(STEPS[:12].reshape(3, 4))
    assert grid.shape == (3, 4) and np.array_equal(grid.ravel(), array[:12])
    assert schedule(np.array([], dtype=int)).shape == (0,)


# --- the numbers the notebook and the lecture rely on -------------------------------------------


def test_the_lecture_course_schedules_go_from_0_1_to_exactly_0_001():
    course = [
        PolynomialDecay(0.1, decay_steps=1000, end_learning_rate=0.001, power=1),
        ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.001 / 0.1),
        CosineDecay(0.1, decay_steps=1000, alpha=0.001 / 0.1),
    ]
    for schedule in course:
        assert schedule(0) == pytest.approx(0.1, rel=1e-15)
        assert schedule(1000) == pytest.approx(0.001, rel=1e-12)
    linear, exp, cos = (s(500) for s in course)
    # by hand: 0.099·½ + 0.001;  0.1·0.01^½;  0.1·(0.99·½(1 + cos(π/2)) + 0.01)
    assert linear == pytest.approx(0.0505, rel=1e-12)
    assert exp == pytest.approx(0.01, rel=1e-12)
    assert cos == pytest.approx(0.0505, rel=1e-12)
    # after the end: polynomial and cosine stay at 0.001, exponential keeps falling
    assert course[0](5000) == pytest.approx(0.001) and course[2](5000) == pytest.approx(0.001)
    assert course[1](2000) == pytest.approx(1e-5, rel=1e-12)


def test_piecewise_constant_switches_one_update_after_each_boundary():
    s = PiecewiseConstantDecay([500, 800], [0.1, 0.01, 0.001])
    assert s(np.array([0, 499, 500, 501, 800, 801])).tolist() == [0.1, 0.1, 0.1, 0.01, 0.01, 0.001]


def test_polynomial_cycle_jumps_back_up_but_never_to_the_initial_rate():
    s = PolynomialDecay(1.0, 100, 0.0, cycle=True)
    assert s(0) == 1.0 and s(100) == 0.0
    assert s(101) == pytest.approx(1 - 101 / 200)  # the horizon doubled to 200
    assert s(200) == 0.0 and s(201) == pytest.approx(1 - 201 / 300)
    assert s(np.arange(1, 5000)).max() < 1.0


def test_staircase_is_constant_between_drops():
    s = ExponentialDecay(1.0, 100, 0.5, staircase=True)
    v = s(np.arange(400))
    assert np.all(v[:100] == 1.0) and np.all(v[100:200] == 0.5) and np.all(v[300:] == 0.125)
    t = InverseTimeDecay(1.0, 10, 1.0, staircase=True)
    assert t(9) == 1.0 and t(10) == 0.5 and t(29) == pytest.approx(1 / 3)


def test_cosine_warmup_is_continuous_and_hands_over_to_the_cosine():
    lr0, target, w, ds = 0.0, 0.2, 200, 800
    s = CosineDecay(lr0, ds, alpha=0.05, warmup_target=target, warmup_steps=w)
    v = s(np.arange(w + ds + 100))
    ramp = np.diff(v[: w + 1])
    np.testing.assert_allclose(ramp, target / w, rtol=1e-12)  # equal increments up to k = W
    assert v[0] == lr0 and v[w] == pytest.approx(target, rel=1e-15)
    assert v.max() == pytest.approx(target) and int(np.argmax(v)) == w
    assert np.all(np.diff(v[w:]) <= 1e-18)  # never rises again
    assert v[w + ds] == pytest.approx(0.05 * target) and v[-1] == pytest.approx(0.05 * target)
    # the decay part is the plain cosine, started at warmup_target and shifted by W
    after = CosineDecay(target, ds, alpha=0.05)(np.arange(ds + 100))
    np.testing.assert_allclose(v[w:], after, rtol=1e-13)
    # and Warmup(...) in front of a plain CosineDecay is the same schedule
    np.testing.assert_allclose(Warmup(CosineDecay(target, ds, 0.05), w)(np.arange(1100)), v)


def test_inverse_square_root_warmup_peaks_at_the_initial_rate():
    s = InverseSquareRootDecay(0.1, warmup_steps=400)
    v = s(np.arange(5000))
    assert int(np.argmax(v)) == 399 and v[399] == pytest.approx(0.1, rel=1e-15)  # t = k+1 = W
    np.testing.assert_allclose(np.diff(v[:400]), 0.1 / 400, rtol=1e-9)  # linear ramp
    assert v[1599] == pytest.approx(0.05, rel=1e-15)  # t = 4W: sqrt(W/t) = 1/2
    plain = InverseSquareRootDecay(0.1)
    assert plain(0) == 0.1 and plain(3) == pytest.approx(0.05) and plain(99) == pytest.approx(0.01)


def test_power_decay_is_c_over_i_to_the_p_with_i_starting_at_1():
    assert PowerDecay(0.5, 1)(0) == 0.5  # i = 1
    assert PowerDecay(0.5, 1)(3) == pytest.approx(0.125)  # i = 4
    assert PowerDecay(2.0, 2)(4) == pytest.approx(2.0 / 25)
    k = np.arange(5000)
    # power 0 is a constant rate; power 1/2 is the inverse square root decay
    np.testing.assert_array_equal(PowerDecay(0.3, 0)(k), Constant(0.3)(k))
    np.testing.assert_allclose(PowerDecay(0.3, 0.5)(k), InverseSquareRootDecay(0.3)(k), rtol=1e-15)


@pytest.mark.parametrize(
    ("t0", "t_mul", "expected"),
    [
        (100, 1.0, list(range(100, 4000, 100))),
        (100, 2.0, [100, 300, 700, 1500, 3100]),
        (10, 3.0, [10, 40, 130, 400, 1210, 3640]),
        # restarts at 40·(1 + 1.5 + …) = 527.5, 831.25, …: the first whole step after them
        (40, 1.5, [40, 100, 190, 325, 528, 832, 1287, 1971, 2996]),
        (7, 2.0, [7, 21, 49, 105, 217, 441, 889, 1785, 3577]),
    ],
)
def test_restarts_happen_at_exactly_the_right_updates(t0, t_mul, expected):
    s = CosineDecayRestarts(1.0, t0, t_mul=t_mul, m_mul=0.5, alpha=0.0)
    v = s(np.arange(4000))
    jumps = (np.flatnonzero(np.diff(v) > 0) + 1).tolist()
    assert jumps == expected
    i, f = s.cycles(np.array(expected))
    assert i.tolist() == list(range(1, len(expected) + 1))
    # at an integer restart step the cycle has just begun: full (scaled) height
    for n, k in enumerate(expected, start=1):
        start = t0 * (n if t_mul == 1 else (t_mul**n - 1) / (t_mul - 1))
        if start == k:
            assert f[n - 1] == 0.0 and v[k] == pytest.approx(0.5**n, rel=1e-15)


# --- Robbins–Monro sums and the noisy quadratic ------------------------------------------------


def test_robbins_monro_partial_sums():
    s1, s2 = robbins_monro_sums(Constant(0.5), 1000)
    assert s1[-1] == pytest.approx(500.0) and s2[-1] == pytest.approx(250.0)
    h1, h2 = robbins_monro_sums(InverseTimeDecay(1.0, 1, 1.0), 10**5)  # α_k = 1/(k+1)
    harmonic = sum(1 / n for n in range(1, 10**5 + 1))
    assert h1.shape == (10**5,) and h1[-1] == pytest.approx(harmonic, rel=1e-12)
    assert h2[-1] == pytest.approx(math.pi**2 / 6 - 1e-5, rel=1e-6)  # tail Σ_{n>N} 1/n² ≈ 1/N
    e1, _ = robbins_monro_sums(ExponentialDecay(1.0, 1, 0.5), 60)
    assert e1[-1] == pytest.approx(2.0)  # geometric series 1 + ½ + ¼ + … → 2: Σα < ∞
    c1, _ = robbins_monro_sums(lambda k: 0.1, 3)  # any callable works
    assert c1.tolist() == pytest.approx([0.1, 0.2, 0.3])
    total, squares = robbins_monro_sums(PowerDecay(1.0, 1), 4)  # 1, 1/2, 1/3, 1/4 by hand
    np.testing.assert_allclose(total, [1, 3 / 2, 11 / 6, 25 / 12])
    np.testing.assert_allclose(squares, [1, 5 / 4, 49 / 36, 205 / 144])


def test_learning_rates_of_a_number_a_schedule_and_a_plain_callable():
    np.testing.assert_array_equal(learning_rates(0.1, 3), [0.1, 0.1, 0.1])
    np.testing.assert_allclose(learning_rates(PowerDecay(1, 1), 4), [1, 1 / 2, 1 / 3, 1 / 4])
    np.testing.assert_allclose(
        learning_rates(lambda s: 1 / math.sqrt(s + 1), 4), [1, 2**-0.5, 3**-0.5, 0.5]
    )
    assert learning_rates(0.1, 0).shape == (0,)


def test_learning_rates_name_the_step_of_a_bad_rate():
    with pytest.raises(ValueError, match=r"learning_rate\(3\) returned -0.5"):
        learning_rates(lambda s: 1.0 - s / 2, 6)  # 1, 0.5, 0, -0.5
    with pytest.raises(ValueError, match="learning_rate"):
        learning_rates(0.0, 5)
    for bad in ("fast", None, True):
        with pytest.raises(TypeError, match="learning_rate"):
            learning_rates(bad, 5)


def test_noisy_quadratic_matches_the_closed_form_for_a_constant_rate():
    # m_k = (1 − αh)^{2k} (m_0 − m*) + m*,  m* = α σ² / (2 − αh)   (geometric series)
    h, alpha, sigma, steps = np.array([1.0, 0.1, 0.01]), 0.3, 0.2, 2000
    k = np.arange(steps + 1)[:, None]
    m_star = alpha * sigma**2 / (2 - alpha * h)
    m = (1 - alpha * h) ** (2 * k) * (1.0 - m_star) + m_star
    want = 0.5 * m @ h
    got = noisy_quadratic(alpha, steps, curvatures=h, noise=sigma, start=1.0)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    np.testing.assert_allclose(
        noisy_quadratic(Constant(alpha), steps, curvatures=h, noise=sigma), want, rtol=1e-12
    )


def test_noisy_quadratic_is_the_mean_of_real_sgd_runs(rng):
    h, sigma, steps, runs = np.array([1.0, 0.2, 0.05]), 0.3, 60, 40000
    schedule = CosineDecay(0.8, steps)
    theta = np.ones((runs, h.size))
    losses = [0.5 * (theta**2 @ h)]
    for k in range(steps):
        noise = sigma * np.sqrt(h) * rng.standard_normal(theta.shape)
        theta = theta - schedule(k) * (h * theta + noise)
        losses.append(0.5 * (theta**2 @ h))
    losses = np.array(losses)
    mean, stderr = losses.mean(axis=1), losses.std(axis=1) / np.sqrt(runs)
    expected = noisy_quadratic(schedule, steps, curvatures=h, noise=sigma)
    assert np.all(np.abs(mean - expected) < 5 * stderr + 1e-12)


def test_noisy_quadratic_reports_where_it_diverged():
    with pytest.raises(DivergenceError, match="stopped being finite at step") as err:
        noisy_quadratic(2.5, 3000, curvatures=[1.0])
    # (1 − 2.5)² = 2.25 per step from m = 1 overflows near 2.25^k = 1e308, i.e. k ≈ 875
    assert 850 < err.value.step < 900 and math.isfinite(err.value.last_loss)


def test_a_decaying_rate_beats_the_noise_floor_of_a_constant_one():
    constant = noisy_quadratic(0.5, 1000)[-1]
    cosine = noisy_quadratic(design("cosine", 0.5, 0.005, 1000), 1000)[-1]
    too_fast = noisy_quadratic(design("inverse time", 0.5, 0.005, 1000), 1000)[-1]
    assert cosine < constant / 10 and too_fast > constant


# --- design(): one schedule per kind of the live designer ---------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("warmup", [0, 100])
def test_design_goes_from_the_initial_to_the_final_rate(kind, warmup):
    s = design(kind, 0.2, 0.002, 700, warmup)
    v = s(np.arange(warmup + 701))
    if kind == "inverse sqrt":
        assert v.max() == pytest.approx(0.2) and int(np.argmax(v)) == max(warmup - 1, 0)
        return
    assert v[0] == (0.0 if warmup else pytest.approx(0.2))
    assert v[warmup] == pytest.approx(0.2, rel=1e-12)
    if kind == "cosine restarts":  # the third cycle ends at update 700, where a fourth begins
        assert v[warmup + 699] == pytest.approx(0.002, rel=2e-3) and v[warmup + 700] == 0.2
        return
    assert v[warmup + 700] == pytest.approx(0.2 if kind == "constant" else 0.002, rel=1e-9)
    if warmup:
        np.testing.assert_allclose(np.diff(v[: warmup + 1]), 0.2 / warmup, rtol=1e-9)


# --- PyTorch equivalents, checked with PyTorch's own closed forms (typed from its docs) ---------


def test_pytorch_equivalents_give_the_same_rates():
    # the PyTorch schedulers notebook 06 names, written out from PyTorch's documented formulas
    k = np.arange(2000)
    gamma = 0.01 ** (1 / 1000)  # ExponentialLR takes the per-update factor: lr₀·γ^k
    s = ExponentialDecay(0.1, 1000, 0.01)
    np.testing.assert_allclose(s(k), 0.1 * gamma**k, rtol=1e-12)
    s = ExponentialDecay(0.3, 100, 0.5, staircase=True)
    np.testing.assert_allclose(s(k), 0.3 * 0.5 ** (k // 100), rtol=1e-15)  # StepLR(100, 0.5)
    s = PiecewiseConstantDecay([500, 800], [0.1, 0.01, 0.001])
    multistep = 0.1 * 0.1 ** ((k >= 501).astype(int) + (k >= 801))  # MultiStepLR([501, 801])
    np.testing.assert_allclose(s(k), multistep, rtol=1e-12)
    s = CosineDecay(0.1, 1000, alpha=0.01)
    kk = k[:1001]  # CosineAnnealingLR(T_max=1000, eta_min=0.001), valid up to T_max
    np.testing.assert_allclose(s(kk), 0.001 + 0.099 * 0.5 * (1 + np.cos(np.pi * kk / 1000)))
    s = PolynomialDecay(0.1, 1000, 0.0, power=2.0)
    polynomial = 0.1 * (1 - np.minimum(k, 1000) / 1000) ** 2  # PolynomialLR(1000, power=2)
    np.testing.assert_allclose(s(k), polynomial, rtol=1e-12, atol=1e-18)
    s = PolynomialDecay(0.1, 1000, 0.001)
    factor = 1.0 + (0.01 - 1.0) * np.minimum(k, 1000) / 1000  # LinearLR(1.0, 0.01, 1000)
    np.testing.assert_allclose(s(k), 0.1 * factor, rtol=1e-12)
    s = CosineDecayRestarts(0.1, 100, t_mul=2.0, alpha=0.01)
    # CosineAnnealingWarmRestarts(T_0=100, T_mult=2, eta_min=0.001): cycles of 100, 200, 400 …
    start = np.select([k < 100, k < 300, k < 700, k < 1500], [0, 100, 300, 700], 1500)
    length = np.select([k < 100, k < 300, k < 700, k < 1500], [100, 200, 400, 800], 1600)
    warm = 0.001 + 0.099 * 0.5 * (1 + np.cos(np.pi * (k - start) / length))
    np.testing.assert_allclose(s(k), warm, rtol=1e-9)


# --- bad input ------------------------------------------------------------------------------------

POS = "must be a finite number > 0"
NONNEG = "must be a finite number ≥ 0"
BAD = [  # (build, exception, message): a value of the wrong kind is a TypeError
    (lambda: PolynomialDecay(0.1, 0), ValueError, f"PolynomialDecay: decay_steps {POS}, got 0"),
    (lambda: PolynomialDecay(0.1, -5), ValueError, f"decay_steps {POS}, got -5"),
    (lambda: PolynomialDecay(-0.1, 10), ValueError, f"initial_learning_rate {POS}, got -0.1"),
    (lambda: PolynomialDecay(0.1, 10, -1e-3), ValueError, f"end_learning_rate {NONNEG}"),
    (lambda: PolynomialDecay(0.1, 10, power=0), ValueError, f"power {POS}"),
    (lambda: PolynomialDecay(0.1, 10, cycle="yes"), TypeError, "cycle must be True or False"),
    (lambda: PolynomialDecay(0.1, 10, cycle=1), TypeError, "cycle must be True or False"),
    (lambda: PolynomialDecay(True, 10), TypeError, "initial_learning_rate must be.*got bool"),
    (lambda: ExponentialDecay(0.1, 0, 0.5), ValueError, f"decay_steps {POS}"),
    (lambda: ExponentialDecay(0.1, 10, -0.5), ValueError, f"decay_rate {POS}, got -0.5"),
    (lambda: ExponentialDecay(0.1, 10, math.nan), ValueError, f"decay_rate {POS}"),
    (lambda: ExponentialDecay(math.inf, 10, 0.5), ValueError, f"initial_learning_rate {POS}"),
    (lambda: ExponentialDecay("0.1", 10, 0.5), TypeError, "initial_learning_rate must be.*str"),
    (lambda: ExponentialDecay(0.1, 10, 0.5, staircase=0), TypeError, "staircase must be True"),
    (lambda: InverseTimeDecay(0.1, 10, -1.0), ValueError, f"InverseTimeDecay: decay_rate {NONNEG}"),
    (lambda: InverseTimeDecay(0.1, False, 1.0), TypeError, "decay_steps must be.*got bool"),
    (lambda: CosineDecay(0.1, 0), ValueError, f"CosineDecay: decay_steps {POS}"),
    (lambda: CosineDecay(0.1, 100, alpha=1.5), ValueError, r"alpha must be a number in \[0, 1\]"),
    (lambda: CosineDecay(0.1, 100, alpha=-0.1), ValueError, r"alpha must be a number in \[0, 1\]"),
    (lambda: CosineDecay(0.0, 100), ValueError, f"initial_learning_rate {POS}"),
    (lambda: CosineDecay(0.1, 100, warmup_steps=10), ValueError, "warmup_steps=10 needs warmup"),
    (
        lambda: CosineDecay(0.0, 100, warmup_target=-1.0, warmup_steps=10),
        ValueError,
        f"warmup_target {POS}",
    ),
    (
        lambda: CosineDecay(0.0, 100, warmup_target=0.1, warmup_steps=-1),
        ValueError,
        f"warmup_steps {NONNEG}",
    ),
    (lambda: CosineDecayRestarts(0.1, 0), ValueError, f"first_decay_steps {POS}"),
    (lambda: CosineDecayRestarts(0.1, 10, t_mul=0.5), ValueError, "t_mul must be a number >= 1"),
    (lambda: CosineDecayRestarts(0.1, 10, m_mul=-1), ValueError, f"m_mul {NONNEG}"),
    (lambda: CosineDecayRestarts(0.1, 10, alpha=2), ValueError, r"alpha must be a number in \[0"),
    (
        lambda: PiecewiseConstantDecay([800, 500], [0.1, 0.01, 0.001]),
        ValueError,
        "strictly increasing",
    ),
    (
        lambda: PiecewiseConstantDecay([500, 500], [0.1, 0.01, 0.001]),
        ValueError,
        "strictly increasing",
    ),
    (
        lambda: PiecewiseConstantDecay([500, 800], [0.1, 0.01]),
        ValueError,
        r"len\(boundaries\) \+ 1 = 3.*got 2",
    ),
    (lambda: PiecewiseConstantDecay([], [0.1]), ValueError, "boundaries must list at least one"),
    (lambda: PiecewiseConstantDecay([5], [0.1, -0.1]), ValueError, rf"values\[1\] {NONNEG}"),
    (lambda: PiecewiseConstantDecay(5, [0.1]), TypeError, "boundaries and values must be lists"),
    (lambda: PiecewiseConstantDecay(["5"], [0.1, 0.2]), TypeError, r"boundaries\[0\] must be"),
    (lambda: InverseSquareRootDecay(0.0), ValueError, f"initial_learning_rate {POS}"),
    (lambda: InverseSquareRootDecay(0.1, warmup_steps=-10), ValueError, f"warmup_steps {NONNEG}"),
    (lambda: Constant(-1.0), ValueError, f"Constant: learning_rate {POS}"),
    (lambda: Constant(True), TypeError, "Constant: learning_rate must be.*got bool"),
    (lambda: PowerDecay(0.0, 1), ValueError, f"PowerDecay: initial_learning_rate {POS}"),
    (lambda: PowerDecay(1.0, -1), ValueError, f"PowerDecay: power {NONNEG}, got -1"),
    (lambda: Warmup(0.1, 10), TypeError, "schedule must be a helpers.schedules schedule"),
    (lambda: design("triangle", 0.1, 0.01, 100), ValueError, "kind must be one of constant, lin"),
    (lambda: design("cosine", 0.1, 0.2, 100), ValueError, "final_learning_rate <= initial_lear"),
    (lambda: design("linear", 0.1, 0.01, 0), ValueError, "steps must be an integer ≥ 1, got 0"),
    (lambda: design("linear", 0.1, 0.01, 10.5), TypeError, "steps must be an integer"),
    (lambda: robbins_monro_sums(Constant(0.1), 0), ValueError, "steps must be an integer ≥ 1"),
    (lambda: noisy_quadratic(0.1, 10, curvatures=[1.0, -1.0]), ValueError, "curvatures must"),
    (lambda: noisy_quadratic(-0.1, 10), ValueError, "learning_rate must be a finite number > 0"),
    (lambda: noisy_quadratic(0.1, 10, noise=-1), ValueError, f"noise {NONNEG}"),
]


@pytest.mark.parametrize(("make", "error", "message"), BAD, ids=[m for _, _, m in BAD])
def test_bad_arguments_are_named_with_their_value_and_the_allowed_range(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_bad_steps_are_rejected():
    s = CosineDecay(0.1, 100)
    with pytest.raises(ValueError, match=r"step must be >= 0 \(0 is the first update\), got -1"):
        s(-1)
    with pytest.raises(ValueError, match="got -3 in the array"):
        s(np.array([0, 5, -3]))
    for bad in (2.5, np.array([0.0, 0.5]), True, "3", None):
        with pytest.raises(TypeError, match="step must be an int or an array of ints"):
            s(bad)


# --- schedules drive every optimizer: update k uses learning_rate(k) ----------------------------


def warm_cosine_rate(k):
    return cosine(k, 0.01, 40, 0.1, 0.2, 10)


def steps_taken(optimizer, grads):
    """Run ``optimizer`` on a zero parameter vector; return the change of each update."""
    theta = np.zeros(3)
    changes = []
    for g in grads:
        before = theta.copy()
        optimizer.step([theta], [np.full(3, g)])
        changes.append(theta[0] - before[0])
    return np.array(changes)


def test_plain_sgd_uses_the_scheduled_rate_at_every_update():
    from helpers.optimizers import SGD

    k = np.arange(70)
    g = 1.0 + (k % 3)  # a gradient that changes from update to update
    opt = SGD(CosineDecay(0.01, 40, alpha=0.1, warmup_target=0.2, warmup_steps=10))
    used = -steps_taken(opt, g) / g  # θ_{k+1} − θ_k = −α_k g_k
    want = [warm_cosine_rate(int(i)) for i in k]
    np.testing.assert_allclose(used, want, rtol=1e-12)
    assert opt.t == 70 and used[0] == pytest.approx(0.01) and used[10] == pytest.approx(0.2)


def test_every_optimizer_accepts_a_schedule_as_its_learning_rate():
    from helpers.optimizers import SGD, AdaGrad, Adam, RMSProp

    schedule = CosineDecay(0.01, 40, alpha=0.1, warmup_target=0.2, warmup_steps=10)
    n, eps, beta = 60, 1e-7, 0.9
    k = np.arange(n)
    a = np.array([warm_cosine_rate(int(i)) for i in k])
    ones = np.ones(n)
    # with a constant gradient g = 1 every rule has a closed form in the rates a_k:
    v, momentum, nesterov = 0.0, [], []
    for ak in a:
        v = beta * v - ak  # v ← βv − αg
        momentum.append(v)  # θ ← θ + v
        nesterov.append(beta * v - ak)  # θ ← θ + βv − αg
    expected = {
        "momentum": (SGD(schedule, momentum=beta), momentum),
        "nesterov": (SGD(schedule, momentum=beta, nesterov=True), nesterov),
        "adagrad": (AdaGrad(schedule, epsilon=eps), -a / np.sqrt(k + 1 + eps)),  # r = t
        "rmsprop": (RMSProp(schedule, beta=0.99), -a / np.sqrt(1 - 0.99 ** (k + 1) + 1e-7)),
        "adam": (Adam(schedule, epsilon=eps), -a / np.sqrt(1 + eps)),  # ŝ = 1, r̂ = 1
    }
    for name, (opt, want) in expected.items():
        got = steps_taken(opt, ones)
        np.testing.assert_allclose(got, want, rtol=1e-10, err_msg=name)
        assert opt.t == n


@pytest.mark.parametrize(("schedule", "reference"), CASES[::4], ids=IDS[::4])
def test_any_schedule_sets_the_sgd_step(schedule, reference):
    from helpers.optimizers import SGD

    used = -steps_taken(SGD(schedule), np.ones(300))
    np.testing.assert_allclose(used, [reference(k) for k in range(300)], rtol=1e-12, atol=1e-15)


# --- momentum under a schedule: Keras' velocity against PyTorch's buffer -------------------------


def test_pytorch_momentum_equals_keras_velocity_for_a_constant_rate():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(3, 3))
    hessian = a @ a.T + np.eye(3)  # a convex quadratic ½θᵀHθ
    keras_theta, torch_theta = np.ones(3), np.ones(3)
    keras, torch = optimizers.SGD(0.05, momentum=0.9), PyTorchMomentum(0.05, momentum=0.9)
    for _ in range(300):
        keras.step([keras_theta], [hessian @ keras_theta])
        torch.step([torch_theta], [hessian @ torch_theta])
    np.testing.assert_allclose(torch_theta, keras_theta, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(torch.b[0], -keras.v[0] / 0.05, rtol=1e-10, atol=1e-12)


def test_momentum_step_lengths_follow_the_closed_forms_and_the_optimizers():
    beta, n = 0.9, 120
    schedule = PiecewiseConstantDecay([59], [0.1, 0.01])
    lengths = momentum_step_lengths(schedule, n, beta)
    alphas = schedule(np.arange(n))
    k = np.arange(n)
    # Keras: |v_k| = Σ_j β^(k−j) α_j;  PyTorch: α_k (1 − β^(k+1))/(1 − β)
    keras = np.array([np.sum(beta ** (i - np.arange(i + 1)) * alphas[: i + 1]) for i in k])
    np.testing.assert_allclose(lengths["keras"], keras, rtol=1e-12)
    np.testing.assert_allclose(
        lengths["pytorch"], alphas * (1 - beta ** (k + 1)) / (1 - beta), rtol=1e-12
    )
    for name, opt in (
        ("keras", optimizers.SGD(schedule, momentum=beta)),
        ("pytorch", PyTorchMomentum(schedule, momentum=beta)),
    ):
        theta, moves = np.zeros(1), []
        for _ in range(n):
            before = theta[0]
            opt.step([theta], [np.ones(1)])
            moves.append(before - theta[0])
        np.testing.assert_allclose(moves, lengths[name], rtol=1e-12)
    # at the drop PyTorch's step falls tenfold at once; Keras' keeps most of the old velocity
    assert lengths["pytorch"][60] / lengths["pytorch"][59] == pytest.approx(0.1, rel=1e-2)
    assert lengths["keras"][60] / lengths["keras"][59] > 0.9


def test_pytorch_momentum_checks_its_arguments():
    with pytest.raises(ValueError, match="momentum"):
        PyTorchMomentum(0.1, momentum=1.0)
    with pytest.raises(ValueError, match="momentum"):
        momentum_step_lengths(0.1, 10, momentum=-0.1)
    assert repr(PyTorchMomentum(0.1, 0.9)) == "PyTorchMomentum(learning_rate=0.1, momentum=0.9)"
