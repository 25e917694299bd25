"""helpers.surfaces: exact gradients (against centred finite differences), minima, shapes."""

import math

import numpy as np
import pytest

from helpers import surfaces as S

ALL = [
    S.quadratic(),
    S.quadratic(0.5, 10.0),
    S.valley(),
    S.beale(),
    S.saddle(),
    S.rosenbrock(),
    S.rosenbrock(2.0, 10.0),
    S.banana(),
]
NAMES = [s.name for s in ALL]


def finite_difference(surface, p, h=1e-6):
    p = np.asarray(p, dtype=float)
    g = np.empty(2)
    for i in range(2):
        e = np.zeros(2)
        e[i] = h
        g[i] = (surface(p + e) - surface(p - e)) / (2 * h)
    return g


@pytest.mark.parametrize("surface", ALL, ids=NAMES)
def test_gradient_matches_finite_differences(surface, rng):
    (x0, x1), (y0, y1) = surface.bounds
    points = np.column_stack([rng.uniform(x0, x1, 20), rng.uniform(y0, y1, 20)])
    for p in points:
        want = finite_difference(surface, p)
        got = surface.grad(p)
        scale = max(1.0, float(np.max(np.abs(want))))
        assert np.max(np.abs(got - want)) / scale < 1e-6, (surface.name, p, got, want)


@pytest.mark.parametrize("surface", ALL, ids=NAMES)
def test_minimum_is_stationary_and_lowest_on_the_grid(surface):
    m = np.array(surface.minimum)
    np.testing.assert_allclose(surface.grad(m), 0.0, atol=1e-12)
    _, _, z = surface.grid(301)
    assert surface(m) <= z.min() + 1e-12
    (x0, x1), (y0, y1) = surface.bounds
    assert x0 < m[0] < x1 and y0 < m[1] < y1


@pytest.mark.parametrize(
    ("surface", "value"),
    [
        (S.quadratic(3.0, 7.0), 0.0),
        (S.valley(), 0.0),
        (S.beale(), 0.0),
        (S.saddle(), -1.0),  # x² − y² + y⁴/4 at (0, √2): 0 − 2 + 1
        (S.rosenbrock(), 0.0),
        (S.banana(), 0.0),
    ],
    ids=["quadratic", "valley", "beale", "saddle", "rosenbrock", "banana"],
)
def test_minimum_values(surface, value):
    assert surface(surface.minimum) == pytest.approx(value, abs=1e-12)


def test_known_values_typed_from_the_formulas():
    assert S.quadratic(0.5, 10.0)((-9.0, 1.5)) == pytest.approx(0.5 * (0.5 * 81 + 10 * 2.25))
    assert S.valley()((-10.0, 1.0)) == pytest.approx(0.05 * 100 + 5)
    # Beale at (1, 1.5): (1.5 − 1 + 1.5)² + (2.25 − 1 + 2.25)² + (2.625 − 1 + 3.375)²
    assert S.beale()((1.0, 1.5)) == pytest.approx(2.0**2 + 3.5**2 + 5.0**2)
    assert S.rosenbrock()((0.0, 0.0)) == pytest.approx(1.0)
    # Distill's start (−1.21, 0.853): (2.21)² + 20(2.559 − 1.4641)²
    assert S.banana()((-1.21, 0.853)) == pytest.approx(2.21**2 + 20 * (2.559 - 1.4641) ** 2)
    np.testing.assert_allclose(S.saddle().grad((0.0, 0.0)), [0.0, 0.0])


def test_valley_is_the_quadratic_with_condition_number_100():
    v = S.valley()
    np.testing.assert_allclose(v.grad((2.0, 3.0)), [0.1 * 2.0, 10.0 * 3.0])
    assert "0.05x² + 5y²" in v.formula


def test_saddle_origin_is_a_saddle():
    s = S.saddle()
    assert s((0.1, 0.0)) > s((0.0, 0.0)) > s((0.0, 0.1))
    assert s((0.0, -math.sqrt(2))) == pytest.approx(s((0.0, math.sqrt(2))))


def test_quadratic_condition_number_in_name():
    assert "κ = 20" in S.quadratic(0.5, 10.0).name


def test_vectorised_shapes():
    b = S.beale()
    pts = np.zeros((4, 5, 2))
    assert b(pts).shape == (4, 5)
    assert b.grad(pts).shape == (4, 5, 2)
    assert b.grad((1.0, 1.0)).shape == (2,)
    x, y, z = b.grid(7)
    assert x.shape == y.shape == z.shape == (7, 7)
    np.testing.assert_allclose(z, b(np.stack([x, y], axis=-1)))
    # a constant part of the gradient still broadcasts to the points' shape
    assert S.quadratic().grad(np.zeros((3, 2))).shape == (3, 2)


def test_bad_input():
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 2\)"):
        S.beale()(np.zeros(3))
    with pytest.raises(ValueError, match=r"a must be a finite number > 0, got 0\.0"):
        S.quadratic(0.0, 1.0)
    with pytest.raises(ValueError, match=r"b must be a finite number > 0, got -2\.0"):
        S.quadratic(1.0, -2.0)
    with pytest.raises(ValueError, match="b must be a finite number > 0"):
        S.rosenbrock(1.0, 0.0)
    with pytest.raises(ValueError, match="n must be an integer ≥ 2, got 1"):
        S.beale().grid(1)


def test_the_wrong_kind_of_argument_is_a_type_error():
    with pytest.raises(TypeError, match="a must be a finite number > 0, got str"):
        S.quadratic("1", 1.0)
    with pytest.raises(TypeError, match="p must be an array of numbers"):
        S.beale()("here")
    with pytest.raises(TypeError, match="n must be an integer"):
        S.beale().grid(50.0)


def test_a_diverged_point_is_evaluated_not_rejected():
    assert S.quadratic()((np.inf, 0.0)) == np.inf
    assert np.isnan(S.quadratic()((np.nan, 0.0)))


def test_a_rotated_surface_is_the_same_function_in_turned_coordinates():
    v = S.valley()
    r = S.rotated(v, 45)
    c = 1 / math.sqrt(2)
    # (1, 0) turned by 45° counter-clockwise is (c, c): the same value and the turned gradient
    assert math.isclose(float(r((c, c))), float(v((1.0, 0.0))))
    g = r.grad(np.array([c, c]))  # ∇f(1, 0) = (0.1, 0) turned by 45°
    np.testing.assert_allclose(g, [0.1 * c, 0.1 * c], atol=1e-15)
    p = np.array([0.3, -0.7])  # and the gradient matches central differences anywhere
    h = 1e-6
    numeric = [(r(p + h * e) - r(p - h * e)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(r.grad(p), numeric, rtol=1e-6)
    assert r.minimum == (0.0, 0.0)
    (x0, x1), (y0, y1) = r.bounds
    assert x0 < -7 < 0 < x1 and y0 < -7 < 0 < y1  # the turned start (−7.8, −6.4) region shows
    assert "turned 45°" in r.name
    with pytest.raises(TypeError, match="degrees"):
        S.rotated(v, "45")


def test_rotating_moves_the_minimum_with_the_surface():
    r = S.rotated(S.beale(), 90)  # (3, 0.5) → (−0.5, 3)
    np.testing.assert_allclose(r.minimum, (-0.5, 3.0), atol=1e-12)
    assert abs(float(r(r.minimum))) < 1e-20


def test_bounds_and_the_surface_to_turn_are_checked():
    with pytest.raises(ValueError, match=r"bounds must be a pair .* got \(1, -1\)"):
        S.quadratic(bounds=((1.0, -1.0), (-2.0, 2.0)))
    with pytest.raises(TypeError, match=r"bounds must be \(\(x_min, x_max\), \(y_min, y_max\)\)"):
        S.quadratic(bounds=None)
    with pytest.raises(TypeError, match="surface must be a Surface"):
        S.rotated("beale", 30.0)
    with pytest.raises(
        ValueError, match=r"p must be points of shape \(\.\.\., 2\), got shape \(3,\)"
    ):
        S.quadratic().grad(np.zeros(3))
