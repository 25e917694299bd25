"""Two-dimensional test functions with exact gradients, for watching optimizers move.

A :class:`Surface` evaluates at points ``p`` of shape ``(..., 2)`` (one point, a trajectory, or a
whole grid at once) and returns values of shape ``(...)`` and gradients of shape ``(..., 2)``.
Used by notebook 03 (gradient descent) and notebook 05 (optimizers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from helpers import validate

__all__ = ["Surface", "banana", "beale", "quadratic", "rosenbrock", "rotated", "saddle", "valley"]


@dataclass(frozen=True)
class Surface:
    """A function ``f: R² → R`` with its gradient.

    ``minimum`` is the global minimiser (``None`` for a function unbounded below);
    ``bounds`` is ``((x_min, x_max), (y_min, y_max))``, a window that shows its shape.
    """

    name: str
    formula: str
    _f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    _grad: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    minimum: tuple[float, float] | None
    bounds: tuple[tuple[float, float], tuple[float, float]]

    def __call__(self, p) -> np.ndarray:
        x, y = _split(p)
        return self._f(x, y)

    def grad(self, p) -> np.ndarray:
        """``∇f(p)``, of the same shape as ``p``."""
        x, y = _split(p)
        gx, gy = self._grad(x, y)
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1)

    def grid(self, n: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``X, Y, Z`` on an ``n × n`` grid over ``bounds``, ready for ``contour``."""
        n = validate.integer("n", n, low=2)
        (x0, x1), (y0, y1) = self.bounds
        xs, ys = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        return xs, ys, self._f(xs, ys)


def _split(p) -> tuple[np.ndarray, np.ndarray]:
    """The coordinates ``x, y`` of points ``p`` of shape (..., 2). Points may be infinite or NaN
    (a diverged run's trajectory is still drawn)."""
    a = validate.array("p", p, finite=False)
    if a.shape[-1:] != (2,):
        raise ValueError(f"p must be points of shape (..., 2), got shape {a.shape}")
    return a[..., 0], a[..., 1]


def _bounds(bounds) -> tuple[tuple[float, float], tuple[float, float]]:
    """A window ``((x_min, x_max), (y_min, y_max))``."""
    if isinstance(bounds, str) or not hasattr(bounds, "__len__") or len(bounds) != 2:
        raise TypeError(
            f"bounds must be ((x_min, x_max), (y_min, y_max)), got {type(bounds).__name__} "
            f"{bounds!r}"
        )
    return validate.interval("bounds", bounds[0]), validate.interval("bounds", bounds[1])


def quadratic(a: float = 1.0, b: float = 1.0, bounds=((-2.0, 2.0), (-2.0, 2.0))) -> Surface:
    """The bowl ``f = (a·x² + b·y²) / 2``: Hessian ``diag(a, b)``, condition number ``b/a``.

    The curvatures ``a`` and ``b`` must be positive."""
    a, b = validate.positive("a", a), validate.positive("b", b)
    bounds = _bounds(bounds)
    return Surface(
        name=f"quadratic bowl (κ = {max(a, b) / min(a, b):g})",
        formula=f"({a:g}x² + {b:g}y²)/2",
        _f=lambda x, y: 0.5 * (a * x**2 + b * y**2),
        _grad=lambda x, y: (a * x, b * y),
        minimum=(0.0, 0.0),
        bounds=bounds,
    )


def valley() -> Surface:
    """The long, narrow valley ``f = 0.05x² + 5y²`` (condition number 100)."""
    s = quadratic(0.1, 10.0, bounds=((-11.0, 3.0), (-2.0, 2.0)))
    return Surface("long valley", "0.05x² + 5y²", s._f, s._grad, s.minimum, s.bounds)


def beale() -> Surface:
    """Beale's function, minimum 0 at (3, 0.5), with flat plateaus and steep walls.

    ``f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²`` (Beale 1958).
    """

    def f(x, y):
        return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2

    def grad(x, y):
        t1, t2, t3 = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
        gx = 2 * t1 * (y - 1) + 2 * t2 * (y**2 - 1) + 2 * t3 * (y**3 - 1)
        gy = 2 * t1 * x + 2 * t2 * 2 * x * y + 2 * t3 * 3 * x * y**2
        return gx, gy

    return Surface(
        "Beale",
        "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        f,
        grad,
        (3.0, 0.5),
        ((-1.0, 4.5), (-1.5, 2.0)),
    )


def saddle() -> Surface:
    """``f = x² − y² + y⁴/4``: a saddle at the origin between minima at ``(0, ±√2)``."""
    return Surface(
        "saddle",
        "x² − y² + y⁴/4",
        lambda x, y: x**2 - y**2 + y**4 / 4,
        lambda x, y: (2 * x, -2 * y + y**3),
        (0.0, float(np.sqrt(2.0))),
        ((-2.0, 2.0), (-2.5, 2.5)),
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """Rosenbrock's banana ``f = (a − x)² + b(y − x²)²``, minimum 0 at ``(a, a²)`` (``b > 0``)."""
    a, b = validate.real("a", a), validate.positive("b", b)
    k = max(abs(a), 1.0)  # the window grows with a, so that it always shows the minimum
    return Surface(
        "Rosenbrock",
        f"({a:g} − x)² + {b:g}(y − x²)²",
        lambda x, y: (a - x) ** 2 + b * (y - x**2) ** 2,
        lambda x, y: (-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)),
        (a, a * a),
        ((-2.0 * k, 2.0 * k), (-k * k, 3.0 * k * k)),
    )


def banana() -> Surface:
    """Distill's banana ``f = (1 − x)² + 20(3y − x²)²``, minimum 0 at ``(1, 1/3)``.

    The function behind the first figure of Goh, "Why Momentum Really Works", Distill 2017.
    """
    return Surface(
        "banana (Distill)",
        "(1 − x)² + 20(3y − x²)²",
        lambda x, y: (1 - x) ** 2 + 20 * (3 * y - x**2) ** 2,
        lambda x, y: (-2 * (1 - x) - 80 * x * (3 * y - x**2), 120 * (3 * y - x**2)),
        (1.0, 1.0 / 3.0),
        ((-1.6, 1.6), (-0.4, 1.2)),
    )


def rotated(surface: Surface, degrees: float) -> Surface:
    """``surface`` turned by ``degrees`` counter-clockwise about the origin.

    With the rotation ``R``: ``f_rot(p) = f(Rᵀp)`` and ``∇f_rot(p) = R ∇f(Rᵀp)``; the minimum
    turns with it, and ``bounds`` become the smallest window holding the turned ``bounds``.
    A valley along the x-axis turned by 45° is the same problem for SGD and momentum (they do
    not depend on the axes), but not for AdaGrad, RMSProp and Adam, which scale each
    coordinate separately.
    """
    if not isinstance(surface, Surface):
        raise TypeError(
            "surface must be a Surface (surfaces.quadratic(), surfaces.beale(), …), got "
            f"{type(surface).__name__} {surface!r}"
        )
    angle = np.deg2rad(validate.real("degrees", degrees))
    c, s = np.cos(angle), np.sin(angle)

    def back(x, y):  # Rᵀp: the point of the original surface
        return c * x + s * y, -s * x + c * y

    def grad(x, y):
        gx, gy = surface._grad(*back(x, y))
        return c * gx - s * gy, s * gx + c * gy  # R ∇f

    corners = np.array([(x, y) for x in surface.bounds[0] for y in surface.bounds[1]])
    turned = corners @ np.array([[c, s], [-s, c]])  # each row p ↦ Rp
    low, high = turned.min(axis=0), turned.max(axis=0)
    minimum = None
    if surface.minimum is not None:
        mx, my = surface.minimum
        minimum = (float(c * mx - s * my), float(s * mx + c * my))
    return Surface(
        f"{surface.name}, turned {degrees:g}°",
        f"{surface.formula} turned by {degrees:g}°",
        lambda x, y: surface._f(*back(x, y)),
        grad,
        minimum,
        ((float(low[0]), float(high[0])), (float(low[1]), float(high[1]))),
    )
