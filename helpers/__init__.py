"""Shared, tested code behind the *Training Neural Networks* notebooks.

Compute modules (pure NumPy): ``data``, ``generalization``, ``mle``, ``losses``, ``sgd``,
``engine`` (the scalar graph of the backpropagation example), ``backprop``, ``optimizers``,
``schedules``, ``surfaces``, ``check``; ``validate`` holds the argument checks they share.
Drawing lives in ``helpers.plotting``, live demos in ``helpers.widgets``, one submodule per
lecture topic.
"""

from __future__ import annotations

import math

from helpers import validate

__all__ = ["DivergenceError", "ensure_finite", "validate"]


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
