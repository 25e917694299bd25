"""Shared, tested code behind the *Training Neural Networks* notebooks.

Compute modules (pure NumPy): ``data``, ``generalization``, ``mle``, ``losses``, ``sgd``,
``engine`` (the scalar graph of the backpropagation example), ``backprop``, ``optimizers``,
``schedules``, ``surfaces``, ``check``; ``validate`` holds the argument checks they share.
Drawing lives in ``helpers.plotting``, live demos in ``helpers.widgets``, one submodule per
lecture topic.

**When a run has diverged** (the one rule of every training loop, :func:`check_loss`): its loss
is not finite, or it exceeds ``GROWTH · max(|L₀|, 1)`` — a million times the run's first loss
``L₀``, or a million for a run that starts below 1. A loss that has grown a millionfold has
diverged for any practical purpose, even while it is still a finite number; the loop then raises
:class:`DivergenceError` naming the step. No run of the notebooks comes near the limit: their
largest growth is about a hundredfold (notebook 05's grid of learning rates for the digits MLP).
A loss that falls (even below 0, as on a surface without a minimum) never counts as diverging.
"""

from __future__ import annotations

import math

from helpers import validate

__all__ = [
    "GROWTH",
    "DivergenceError",
    "check_loss",
    "divergence_limit",
    "validate",
]

# This course's mark (its distribution's name). Each notebook's setup cell imports it, so that
# a namesake `helpers` (an unrelated PyPI package, a stray helpers.py) is named, not obscure.
__course__ = "npfl114-training-nn"

GROWTH = 1e6
"""A run whose loss exceeds ``GROWTH · max(|L₀|, 1)`` has diverged (:func:`check_loss`)."""


class DivergenceError(FloatingPointError):
    """A run that diverged at ``step`` (counting from 0): the loss there, ``loss``, was not
    finite, or it exceeded ``limit`` (:func:`divergence_limit` of the run's first loss).

    ``last_loss`` is the loss of the step before (None if unknown) and ``hint`` the advice the
    message ends with (default: a smaller learning rate). ``what`` names the quantity that
    diverged ("the loss", or the parameters when an update overflowed). The functions that
    raise it attach the finite part of the run (``error.run``, ``error.trajectory``,
    ``error.history``) where they document it.
    """

    def __init__(
        self,
        step: int,
        last_loss: float | None = None,
        hint: str = "",
        *,
        loss: float = math.nan,
        limit: float = math.inf,
        what: str = "the loss",
    ):
        super().__init__(step, last_loss, hint)
        self.step, self.last_loss, self.hint = step, last_loss, hint
        self.loss, self.limit, self.what = loss, limit, what

    def __str__(self) -> str:
        if math.isfinite(self.loss):
            text = (
                f"{self.what} reached {self.loss:.4g} at step {self.step}, above "
                f"{self.limit:.4g} = {GROWTH:.0e} × max(|first loss|, 1): the run diverged"
            )
        else:
            text = f"{self.what} stopped being finite at step {self.step}"
        if self.last_loss is not None:
            before = "the loss before it" if math.isfinite(self.loss) else "the last finite loss"
            text += f" ({before} was {self.last_loss:.4g})"
        return f"{text}; {self.hint or 'try a smaller learning rate'}"


def divergence_limit(first_loss: float) -> float:
    """The loss above which a run that started at ``first_loss`` has diverged:
    ``GROWTH · max(|first_loss|, 1)``."""
    return GROWTH * max(abs(first_loss), 1.0)


def check_loss(
    loss: float, step: int, first_loss: float, last_loss: float | None = None, hint: str = ""
) -> float:
    """Return ``loss`` (the loss at ``step`` of a run whose first loss was ``first_loss``) when
    the run has not diverged; otherwise raise :class:`DivergenceError` for ``step``: when
    ``loss`` is not finite, or exceeds :func:`divergence_limit` of ``first_loss``."""
    if not math.isfinite(loss):
        raise DivergenceError(step, last_loss, hint)
    limit = divergence_limit(first_loss)
    if loss > limit:
        raise DivergenceError(step, last_loss, hint, loss=loss, limit=limit)
    return loss
