"""Argument checks shared by every compute module, so the same mistake gets the same answer.

The rule everywhere: a value of the wrong *kind* (a string where a number belongs, ``True`` where
a count belongs, a float where an integer belongs) raises ``TypeError``; a value of the right
kind outside what is allowed (a negative learning rate, a label of 11 for 10 classes, ``NaN``)
raises ``ValueError``. Each message names the argument, the value it got and what is allowed.
Each check returns the value in the form the caller computes with (a ``float``, an ``int``, a
float64 array).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Integral, Real

import numpy as np

__all__ = [
    "array",
    "flag",
    "integer",
    "labels",
    "learning_rate",
    "nonnegative",
    "positive",
    "real",
    "rng",
    "unit_interval",
]


def _shown(value):
    """``value`` as a message shows it: NumPy scalars as plain numbers (``-1``, not
    ``np.int64(-1)``)."""
    return value.item() if isinstance(value, np.generic) else value


def real(name: str, value, allowed: str = "a finite number", ok=lambda v: True) -> float:
    """``value`` as a float when it is a finite real number for which ``ok(value)`` holds.

    ``allowed`` says in words what ``ok`` accepts, for the error message.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, Real):
        raise TypeError(f"{name} must be {allowed}, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and ok(float(value))):
        raise ValueError(f"{name} must be {allowed}, got {_shown(value)!r}")
    return float(value)


def positive(name: str, value) -> float:
    """A finite number > 0."""
    return real(name, value, "a finite number > 0", lambda v: v > 0)


def nonnegative(name: str, value) -> float:
    """A finite number ≥ 0."""
    return real(name, value, "a finite number ≥ 0", lambda v: v >= 0)


def unit_interval(name: str, value) -> float:
    """A decay rate in [0, 1): momentum, β, β₁, β₂."""
    return real(name, value, "a number in [0, 1)", lambda v: 0 <= v < 1)


def integer(name: str, value, low: int | None = 0, high: int | None = None) -> int:
    """An integer in ``low … high`` (either end may be None: unbounded)."""
    if low is None and high is None:
        allowed = "an integer"
    elif high is None:
        allowed = f"an integer ≥ {low}"
    elif low is None:
        allowed = f"an integer ≤ {high}"
    else:
        allowed = f"an integer from {low} to {high}"
    if isinstance(value, bool | np.bool_) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be {allowed}, got {type(value).__name__} {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {allowed}, got {_shown(value)!r}")
    return int(value)


def flag(name: str, value) -> bool:
    """``True`` or ``False`` (NumPy's booleans too)."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def rng(value) -> np.random.Generator:
    """A ``numpy.random.Generator``: every random helper takes its generator explicitly, so that
    a notebook's one seeded ``rng`` decides all of its randomness."""
    if not isinstance(value, np.random.Generator):
        raise TypeError(
            "rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
            f"got {type(value).__name__}"
        )
    return value


def array(name: str, value, ndim: int | None = None, *, finite: bool = True) -> np.ndarray:
    """``value`` as a non-empty float64 array (of ``ndim`` dimensions, if given), finite unless
    ``finite=False``."""
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}") from None
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} is empty (shape {a.shape}); at least one number is needed")
    if finite and not np.isfinite(a).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return a


def labels(name: str, value, n: int, classes: int | None = None) -> np.ndarray:
    """``n`` integer class labels, as an integer array of shape (n,); with ``classes``, each
    in ``0 … classes − 1`` (without it, only ≥ 0)."""
    y = np.asarray(value)
    if y.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    if y.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), one label per example, got {y.shape}")
    bad = (y < 0) | (y >= classes) if classes is not None else y < 0
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        allowed = f"0..{classes - 1}" if classes is not None else "0, 1, 2, …"
        raise ValueError(f"{name} must lie in {allowed}; got {int(y[i])} at index {i}")
    return y


def learning_rate(value, name: str = "learning_rate") -> float | Callable:
    """A learning rate: a finite number > 0, or a schedule (a callable ``step -> rate``, such
    as the ``helpers.schedules`` classes), returned as it is."""
    if callable(value):
        return value
    return real(
        name, value, "a finite number > 0 or a schedule (a callable step -> rate)", lambda v: v > 0
    )
