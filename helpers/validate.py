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
from collections.abc import Callable, Mapping
from numbers import Integral, Real

import numpy as np

__all__ = [
    "array",
    "broadcast",
    "choice",
    "flag",
    "function",
    "instance",
    "integer",
    "interval",
    "labels",
    "learning_rate",
    "mapping",
    "nonnegative",
    "parts",
    "positive",
    "real",
    "returned",
    "rng",
    "text",
    "unit_interval",
]

_INT64_MAX = np.iinfo(np.int64).max  # the largest count or index NumPy can hold


def _shown(value) -> str:
    """A number as a message shows it: NumPy scalars as plain numbers (``-1``, not
    ``np.int64(-1)``), an integer too long to read by its number of digits."""
    value = value.item() if isinstance(value, np.generic) else value
    if isinstance(value, int) and abs(value) > 10**30:
        return f"an integer of {len(str(abs(value)))} digits"
    return repr(value)


def _got(value) -> str:
    """A value of the wrong kind, as a message shows it: its type and (briefly) itself."""
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def real(name: str, value, allowed: str = "a finite number", ok=lambda v: True) -> float:
    """``value`` as a float when it is a finite real number for which ``ok(value)`` holds.

    ``allowed`` says in words what ``ok`` accepts, for the error message.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, Real):
        raise TypeError(f"{name} must be {allowed}, got {_got(value)}")
    if not (math.isfinite(value) and ok(float(value))):
        raise ValueError(f"{name} must be {allowed}, got {_shown(value)}")
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
    """An integer in ``low … high`` (either end may be None: unbounded). Integers too large for
    NumPy (beyond 2⁶³ − 1 in size) are refused even without ``high``: no count or index is that
    large."""
    if low is None and high is None:
        allowed = "an integer"
    elif high is None:
        allowed = f"an integer ≥ {low}"
    elif low is None:
        allowed = f"an integer ≤ {high}"
    else:
        allowed = f"an integer from {low} to {high}"
    if isinstance(value, bool | np.bool_) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be {allowed}, got {_got(value)}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {allowed}, got {_shown(value)}")
    if abs(value) > _INT64_MAX:
        raise ValueError(f"{name} must be {allowed} and at most 2**63 − 1, got {_shown(value)}")
    return int(value)


def flag(name: str, value) -> bool:
    """``True`` or ``False`` (NumPy's booleans too)."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {_got(value)}")
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


def function(name: str, value, allowed: str = "a function") -> Callable:
    """A callable (a function, a lambda, an object with ``__call__``), returned as it is;
    ``allowed`` says what it should compute, for the message (``"a function of x"``)."""
    if not callable(value):
        raise TypeError(f"{name} must be {allowed}, got {_got(value)}")
    return value


def interval(name: str, value) -> tuple[float, float]:
    """A pair ``(low, high)`` of finite numbers with ``low < high``, as two floats."""
    allowed = "a pair (low, high) of finite numbers with low < high"
    if isinstance(value, str | bytes) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(f"{name} must be {allowed}, got {_got(value)}")
    low, high = (real(name, v, allowed) for v in value)
    if not low < high:
        raise ValueError(f"{name} must be {allowed}, got ({low:g}, {high:g})")
    return low, high


def array(
    name: str,
    value,
    ndim: int | None = None,
    *,
    finite: bool = True,
    min_size: int = 1,
    in_place: bool = False,
) -> np.ndarray:
    """``value`` as a float64 array of at least ``min_size`` numbers (of ``ndim`` dimensions, if
    given), finite unless ``finite=False``. Integers and booleans become floats; strings,
    complex numbers and other objects are refused, not converted.

    ``in_place=True`` is for an array the caller updates in place: it must already be a NumPy
    array of floats, and that very array is returned (converting would update a copy).
    """
    if in_place and not (isinstance(value, np.ndarray) and value.dtype.kind == "f"):
        dtype = f"array of dtype {value.dtype}" if isinstance(value, np.ndarray) else _got(value)
        raise TypeError(
            f"{name} is updated in place, so it must be a NumPy array of floats "
            f"(np.asarray({name}, dtype=float) makes one), got {dtype}"
        )
    if in_place and not value.flags.writeable:
        raise ValueError(f"{name} is updated in place, so it must be writeable; it is read-only")
    a = value if in_place else _floats(name, value)
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {a.shape}")
    if a.size < min_size:
        raise ValueError(
            f"{name} is {'empty' if a.size == 0 else 'too small'} (shape {a.shape}); "
            f"at least {min_size} number{'s' if min_size > 1 else ''} needed"
        )
    if finite and not np.isfinite(a).all():
        where = np.unravel_index(np.flatnonzero(~np.isfinite(a))[0], a.shape)
        at = f" at index {', '.join(str(int(i)) for i in where)}" if a.ndim else ""
        raise ValueError(
            f"{name} contains NaN or infinite values ({a[where]}{at}); only finite numbers "
            "are allowed"
        )
    return a


def _floats(name: str, value) -> np.ndarray:
    """``value`` as a float64 array when it holds real numbers (ints, and arrays of bools such
    as a mask of coin flips; a lone ``True`` is refused, as :func:`real` refuses it)."""
    try:
        raw = np.asarray(value)
    except ValueError:  # a ragged list: rows of different lengths
        raise ValueError(
            f"{name} must be a rectangular array of numbers, got rows of different lengths"
        ) from None
    if raw.dtype.kind not in "biuf" or (raw.ndim == 0 and raw.dtype.kind == "b"):
        got = _got(value) if raw.ndim == 0 else f"an array of dtype {raw.dtype}"
        raise TypeError(f"{name} must be an array of numbers, got {got}")
    return raw.astype(np.float64, copy=False)


def returned(name: str, value, shape: tuple, *, batched: bool = False) -> np.ndarray:
    """What a function passed in as ``name`` (a student's ``f``, ``predict``, ``learner``)
    returned for inputs of ``shape``: finite numbers of that shape, one per input, or a single
    number for all of them; ``batched=True`` allows leading axes (one row per model). Returned
    as a float64 array of ``shape`` (with the leading axes, if any).
    """
    want = f"{name} must return finite numbers of shape {shape}, one per input"
    if batched:
        want = f"{name} must return finite numbers of shape (..., {', '.join(map(str, shape))})"
    try:
        raw = np.asarray(value)
    except ValueError:  # ragged
        raise ValueError(f"{want}, got rows of different lengths") from None
    if raw.dtype.kind not in "biuf":
        raise TypeError(f"{want}, got {_got(value)}")
    fits = raw.shape[max(raw.ndim - len(shape), 0) :] == shape if batched else raw.shape == shape
    if raw.ndim > 0 and not fits:
        raise ValueError(f"{want}, got shape {raw.shape}")
    a = np.broadcast_to(raw.astype(np.float64, copy=False), raw.shape if raw.ndim else shape)
    if not np.isfinite(a).all():
        raise ValueError(f"{want}, got NaN or infinite values")
    return a


def broadcast(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray, hint: str = "") -> tuple:
    """The shape that arrays ``a`` and ``b`` broadcast to; ``ValueError`` naming both when they
    do not (``hint`` says how to fix it, e.g. ``"pass theta[:, None]"``)."""
    try:
        return np.broadcast_shapes(np.shape(a), np.shape(b))
    except ValueError:
        raise ValueError(
            f"{name_a} of shape {np.shape(a)} and {name_b} of shape {np.shape(b)} do not "
            f"broadcast together (trailing axes must be equal or 1){hint}"
        ) from None


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


def text(name: str, value, *, optional: bool = False) -> str | None:
    """A string (or None, when ``optional``): a title, a label, an axis name."""
    if isinstance(value, str) or (optional and value is None):
        return value
    allowed = "a string" + (" or None" if optional else "")
    raise TypeError(f"{name} must be {allowed}, got {type(value).__name__} {value!r}")


def choice(name: str, value, options):
    """``value`` when it is one of ``options`` (names: a wrong kind is a TypeError)."""
    options = list(options)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {options}, got {type(value).__name__} {value!r}")
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def instance(name: str, value, kinds, what: str, *, optional: bool = False):
    """``value`` when it is an instance of ``kinds`` (``what`` says which, in words)."""
    if isinstance(value, kinds) or (optional and value is None):
        return value
    raise TypeError(f"{name} must be {what}, got {type(value).__name__} {value!r:.60}")


def mapping(name: str, value, what: str = "label → values", *, empty: bool = False):
    """``value`` when it is a dict-like mapping (``what`` says of what), non-empty unless
    ``empty``."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict of {what}, got {type(value).__name__}")
    if not value and not empty:
        raise ValueError(f"{name} is empty: it must hold at least one entry ({what})")
    return value


def parts(name: str, item, count: int, what: str) -> tuple:
    """``item`` when it is a tuple (or list) of ``count`` parts, such as ``what = "(x, y)"``."""
    if not isinstance(item, tuple | list | np.ndarray) or getattr(item, "ndim", 1) == 0:
        raise TypeError(f"{name} must be a tuple {what}, got {type(item).__name__} {item!r:.60}")
    if len(item) != count:
        raise ValueError(f"{name} must be a tuple {what} of {count} parts, got {len(item)}")
    return tuple(item)
