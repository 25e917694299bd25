"""Data for the notebooks: the 8×8 digits that ship with the course, seeded splits and minibatches.

Everything random takes an explicit ``numpy.random.Generator``; nothing is downloaded.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers import validate

__all__ = [
    "Split",
    "corrupt_labels",
    "linear_regression",
    "load_digits",
    "minibatches",
    "one_hot",
    "regression_1d",
    "split_indices",
    "train_dev_test",
]


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1797 8×8 handwritten digits that ship with the course (no download).

    Returns ``x`` of shape (1797, 64), float64 pixel intensities scaled to [0, 1] (the counts
    0–16 divided by 16), and ``y`` of shape (1797,), int64 labels 0–9. Source: the test set of
    the UCI Optical Recognition of Handwritten Digits data (Alpaydin & Kaynak 1998, CC BY 4.0;
    helpers/datasets/README.md), the same file scikit-learn bundles. A missing or damaged file
    raises an ``OSError`` that names it.
    """
    path = _digits_file()
    reinstall = "reinstall the course (make clean, then make lab; or pip install its wheel again)"
    try:
        content = path.read_bytes()
    except OSError as err:  # missing, unreadable: the same kind of error, saying what to do
        message = f"cannot read the digits data file {path} ({err.strerror}); {reinstall}"
        raise type(err)(message) from None
    if hashlib.sha256(content).hexdigest() != _DIGITS_SHA256:
        raise OSError(
            f"the digits data file {path} is damaged (not the file the course ships); {reinstall}"
        )
    raw = np.loadtxt(io.BytesIO(gzip.decompress(content)), delimiter=",", dtype=np.int64)
    return raw[:, :-1] / 16.0, raw[:, -1].copy()


# SHA-256 of helpers/datasets/digits.csv.gz: a file that differs is damaged, never read.
_DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"


def _digits_file() -> Path:
    """Where the digits ship: inside this package, installed with it (pyproject package-data)."""
    return Path(__file__).parent / "datasets" / "digits.csv.gz"


def split_indices(
    n: int, fractions: tuple[float, ...], rng: np.random.Generator
) -> tuple[np.ndarray, ...]:
    """Shuffle ``range(n)`` and cut it into disjoint parts of the given ``fractions``.

    ``fractions`` must be positive and sum to 1; part sizes are rounded down except the last,
    which takes the rest. Returns one sorted int array per fraction.
    """
    validate.rng(rng)
    n = validate.integer("n", n, low=1)
    fr = validate.array("fractions", fractions, ndim=1)
    if np.any(fr <= 0) or not np.isclose(fr.sum(), 1.0):
        raise ValueError(
            f"fractions must be positive and sum to 1, got {tuple(fractions)} (sum {fr.sum():.4g})"
        )
    order = rng.permutation(n)
    cuts = np.floor(np.cumsum(fr[:-1]) * n).astype(int)
    parts = np.split(order, cuts)
    if any(p.size == 0 for p in parts):
        raise ValueError(f"fractions {tuple(fractions)} leave an empty part of {n} examples")
    return tuple(np.sort(p) for p in parts)


@dataclass(frozen=True)
class Split:
    """Train, development (validation) and test sets: ``x_*`` of shape (n, d), ``y_*`` (n,)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_dev: np.ndarray
    y_dev: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def train_dev_test(
    x: np.ndarray,
    y: np.ndarray,
    rng: np.random.Generator,
    fractions: tuple[float, float, float] = (0.6, 0.2, 0.2),
) -> Split:
    """Split examples ``(x, y)`` into disjoint, seeded train/dev/test sets (along the first
    axis; each keeps its dtype)."""
    for name, v in (("x", x), ("y", y)):  # checked, but split as they are (labels stay ints)
        if validate.array(name, v).ndim == 0:
            raise ValueError(f"{name} must hold examples along its first axis, got a number")
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    if validate.array("fractions", fractions, ndim=1).size != 3:
        raise ValueError(f"fractions must be three numbers (train, dev, test), got {fractions}")
    tr, dev, te = split_indices(len(x), fractions, rng)
    return Split(x[tr], y[tr], x[dev], y[dev], x[te], y[te])


def minibatches(
    n: int, batch_size: int, rng: np.random.Generator, drop_last: bool = False
) -> Iterator[np.ndarray]:
    """One epoch of minibatch indices: a fresh permutation of ``range(n)`` cut into batches.

    Every example appears exactly once per epoch; the last batch is smaller unless
    ``drop_last``. The arguments are checked at the call; the permutation is drawn when the
    first batch is taken.
    """
    validate.rng(rng)
    n = validate.integer("n", n, low=1)
    batch_size = validate.integer("batch_size", batch_size, low=1)
    drop_last = validate.flag("drop_last", drop_last)
    return _batches(n, batch_size, rng, drop_last)


def _batches(n: int, batch_size: int, rng: np.random.Generator, drop_last: bool):
    """The batches of :func:`minibatches`, drawn as they are taken."""
    order = rng.permutation(n)
    stop = n - n % batch_size if drop_last else n
    for start in range(0, stop, batch_size):
        yield order[start : start + batch_size]


def one_hot(labels, classes: int) -> np.ndarray:
    """Row ``i`` is the one-hot vector ``e_{y_i}`` of label ``y_i``: shape ``(*labels.shape,
    classes)``, a 1 in column ``y_i`` and 0 elsewhere (integer labels in ``0 … classes − 1``)."""
    classes = validate.integer("classes", classes, low=1)
    y = np.asarray(labels)
    validate.labels("labels", y.reshape(-1), y.size, classes)
    return np.eye(classes)[y]


def regression_1d(
    f: Callable[[np.ndarray], np.ndarray],
    n: int,
    rng: np.random.Generator,
    *,
    noise: float = 0.0,
    low: float = -1.0,
    high: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` examples from the data-generating distribution ``x ~ U(low, high)``,
    ``y = f(x) + noise·N(0, 1)``. Returns ``x`` and ``y``, both of shape (n,)."""
    validate.rng(rng)
    f = validate.function("f", f, "a function of x")
    n = validate.integer("n", n, low=1)
    noise = validate.nonnegative("noise", noise)
    low, high = validate.real("low", low), validate.real("high", high)
    if not low < high:
        raise ValueError(f"low must be below high, got low={low}, high={high}")
    x = rng.uniform(low, high, size=n)
    return x, validate.returned("f", f(x), (n,)) + noise * rng.standard_normal(n)


def linear_regression(
    n: int, weights, rng: np.random.Generator, *, scales=None, noise: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` examples of a linear data-generating distribution: inputs
    ``x_j ~ N(0, scales_j²)`` independently, targets ``y = x·w + noise·N(0, 1)``.

    ``weights`` w: (p,); ``scales``: (p,) positive (default all 1). Returns ``x`` of shape
    (n, p) and ``y`` of shape (n,).
    """
    validate.rng(rng)
    n = validate.integer("n", n, low=1)
    w = validate.array("weights", weights, ndim=1)
    s = np.ones_like(w) if scales is None else validate.array("scales", scales)
    if s.shape != w.shape or np.any(s <= 0):
        raise ValueError(
            f"scales must be {w.size} positive numbers (one per weight), got {scales!r}"
        )
    noise = validate.nonnegative("noise", noise)
    x = rng.standard_normal((n, w.size)) * s
    return x, x @ w + noise * rng.standard_normal(n)


def corrupt_labels(
    labels: np.ndarray, fraction: float, n_classes: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Label noise: replace ``round(fraction·n)`` labels, chosen at random, by a random
    *different* class (as in Nakkiran et al. 2019). Returns the noisy labels (a copy) and a
    boolean mask of the changed ones; every changed label is guaranteed to be wrong.
    """
    validate.rng(rng)
    n_classes = validate.integer("n_classes", n_classes, low=2)
    y = np.asarray(labels)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array, got shape {y.shape}")
    y = validate.labels("labels", y, y.size, n_classes)
    fraction = validate.real("fraction", fraction, "a number in [0, 1]", lambda v: 0 <= v <= 1)
    changed = np.zeros(y.size, dtype=bool)
    changed[rng.permutation(y.size)[: round(fraction * y.size)]] = True
    noisy = y.copy()
    noisy[changed] = (y[changed] + rng.integers(1, n_classes, changed.sum())) % n_classes
    return noisy, changed
