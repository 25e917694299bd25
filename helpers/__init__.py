"""Shared, tested code behind the *Training Neural Networks* notebooks.

Compute modules (pure NumPy): ``data``, ``generalization``, ``mle``, ``losses``, ``sgd``,
``backprop``, ``optimizers``, ``schedules``, ``surfaces``, ``check``. Drawing lives in
``helpers.plotting``, live demos in ``helpers.widgets``, one submodule per lecture topic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

__all__ = ["DivergenceError", "Packed", "check_rng", "ensure_finite"]


class DivergenceError(FloatingPointError):
    """A run whose loss stopped being finite. ``step`` is the first step with a non-finite loss
    (counting from 0) and ``last_loss`` the last finite value before it, if any."""

    def __init__(self, step: int, last_loss: float | None = None, hint: str = ""):
        self.step = step
        self.last_loss = last_loss
        message = f"the loss stopped being finite at step {step}"
        if last_loss is not None:
            message += f" (the last finite loss was {last_loss:.4g})"
        message += f"; {hint or 'try a smaller learning rate'}"
        super().__init__(message)


def ensure_finite(loss: float, step: int, last_loss: float | None = None, hint: str = "") -> float:
    """Return ``loss`` when it is finite; otherwise raise :class:`DivergenceError` for ``step``."""
    if not math.isfinite(loss):
        raise DivergenceError(step, last_loss, hint)
    return loss


def check_rng(rng) -> np.random.Generator:
    """Return ``rng`` when it is a ``numpy.random.Generator``; otherwise raise ``TypeError``.

    Every random helper takes its generator explicitly, so that a notebook's one seeded ``rng``
    decides all of its randomness.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )
    return rng


class Packed(tuple):
    """A tuple of arrays that lie one after another in one flat array, ``.flat``.

    ``p = Packed.zeros([(64, 100), (100,)])`` is a tuple of two arrays of those shapes, and they
    are views into ``p.flat`` (shape ``(6500,)``): writing into ``p[0]`` writes into ``p.flat``
    and back. Code that treats every number alike — an optimizer's update — can then make one
    NumPy call on ``p.flat`` instead of one per array, without gathering the arrays into a
    scratch buffer first and scattering the result back. ``MLP.params`` and the gradients that
    ``MLP.backward`` returns are packed; everywhere else a packed tuple is just a tuple of arrays.
    (PyTorch's flat parameters and JAX's ``ravel_pytree`` are the same idea.)

    ``shapes``: the arrays' shapes, a tuple of tuples.
    """

    flat: np.ndarray
    shapes: tuple[tuple[int, ...], ...]

    def __new__(cls, flat: np.ndarray, shapes: Iterable[tuple[int, ...]]):
        """Views of ``flat`` (1-D, contiguous, exactly as long as the arrays together)."""
        shapes = tuple(tuple(int(n) for n in shape) for shape in shapes)
        sizes = [math.prod(shape) for shape in shapes]
        if not (isinstance(flat, np.ndarray) and flat.ndim == 1 and flat.flags.c_contiguous):
            raise ValueError("flat must be a contiguous 1-D NumPy array")
        if flat.size != sum(sizes):
            raise ValueError(
                f"flat has {flat.size} numbers, but arrays of shapes {list(shapes)} "
                f"need {sum(sizes)}"
            )
        starts = np.cumsum([0, *sizes]).tolist()
        return cls._on(flat, shapes, tuple(zip(starts, starts[1:], shapes, strict=False)))

    @classmethod
    def _on(cls, flat: np.ndarray, shapes: tuple, layout: tuple) -> Packed:
        self = super().__new__(cls, [flat[a:b].reshape(shape) for a, b, shape in layout])
        self.flat, self.shapes, self._layout = flat, shapes, layout
        return self

    def empty_like(self) -> Packed:
        """New arrays of the same shapes and dtype, packed the same way, not initialised."""
        return self._on(np.empty_like(self.flat), self.shapes, self._layout)

    @classmethod
    def zeros(cls, shapes: Iterable[tuple[int, ...]], dtype=np.float64) -> Packed:
        """Arrays of the given ``shapes`` filled with zeros."""
        shapes = tuple(shapes)
        return cls(np.zeros(sum(math.prod(s) for s in shapes), dtype), shapes)

    @classmethod
    def empty(cls, shapes: Iterable[tuple[int, ...]], dtype=np.float64) -> Packed:
        """Arrays of the given ``shapes``, not initialised (for results written with ``out=``)."""
        shapes = tuple(shapes)
        return cls(np.empty(sum(math.prod(s) for s in shapes), dtype), shapes)
