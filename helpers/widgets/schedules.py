"""Notebook 06's live demo: a learning-rate schedule designer.

Pick a kind of schedule, its initial and final rate, its length and a warm-up; the figure shows
the curve and what it does to SGD on a noisy quadratic (``helpers.schedules.noisy_quadratic``),
next to a constant rate at the same initial value.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache

import numpy as np

from helpers import DivergenceError, validate, widgets
from helpers import schedules as sch
from helpers.plotting import _check_figure
from helpers.plotting import schedules as draw

__all__ = ["designer_demo", "draw_designer"]

MAX_STEPS = 100_000  # decay and warm-up steps of one design (the sliders go to 3000 and 500)


def _run(schedule, steps: int) -> tuple[np.ndarray | None, str]:
    """Expected losses of the noisy quadratic, or None and the reason it diverged."""
    try:
        return sch.noisy_quadratic(schedule, steps), ""
    except DivergenceError as err:
        return None, f"diverged at step {err.step}"


@lru_cache(maxsize=32)
def _baseline(initial: float, total: int) -> tuple[np.ndarray | None, str]:
    """The constant-rate run beside every design: the same for every kind and final rate, so it
    is computed once per (initial rate, length) and reused."""
    losses, problem = _run(sch.Constant(initial), total)
    if losses is not None:
        losses.setflags(write=False)  # shared between figures: nobody may change it
    return losses, problem


def draw_designer(
    kind: str = "cosine",
    initial: float = 0.5,
    final: float = 0.005,
    steps: int = 1000,
    warmup: int = 0,
    *,
    fig=None,
):
    """The designer's figure for one setting of the controls; returns the Figure.
    ``fig``: the figure of the previous call, drawn into again (:func:`helpers.widgets.live`).
    A combination :func:`helpers.schedules.design` cannot build (a cosine asked to climb) is
    drawn with the reason; a wrong argument raises, naming it."""
    kind, initial, final, steps, warmup = _checked(kind, initial, final, steps, warmup)
    fig = _check_figure("fig", fig, optional=True)
    total = steps + warmup
    k = np.arange(total)
    baseline = sch.Constant(initial)
    base_losses, base_problem = _baseline(initial, total)
    try:
        schedule = sch.design(kind, initial, final, steps, warmup)
    except ValueError as err:  # e.g. a cosine asked to climb: say so instead of crashing
        fig, _ = draw.designer(
            k,
            np.full(total, np.nan),
            None,
            baseline(k),
            base_losses,
            label=kind,
            baseline_label=f"constant {initial:.3g}",
            title="cannot build this schedule",
            suptitle=textwrap.fill(str(err), 80),
            reuse=fig,
        )
        return fig
    losses, problem = _run(schedule, total)
    if losses is None:
        loss_title = f"{kind}: {problem}"
    else:
        versus = f"{base_losses[-1]:.2g}" if base_losses is not None else base_problem
        loss_title = f"final loss {losses[-1]:.2g} (constant: {versus})"
    if kind == "constant":
        title = f"constant {initial:.3g}"
    elif kind == "inverse sqrt":
        title = f"inverse sqrt, peak {initial:.3g} (final rate not used)"
    else:
        title = f"{kind}: {initial:.3g} → {final:.3g} in {steps} updates"
    fig, _ = draw.designer(
        k,
        schedule(k),
        losses,
        baseline(k),
        base_losses,
        label=kind + (f" + {warmup} warm-up" if warmup else ""),
        baseline_label=f"constant {initial:.3g}",
        title=title,
        loss_title=loss_title,
        reuse=fig,
    )
    return fig


def _checked(kind, initial, final, steps, warmup) -> tuple:
    """The designer's settings, each checked on its own (:func:`helpers.schedules.design`
    judges whether they go together)."""
    return (
        validate.choice("kind", kind, sch.KINDS),
        validate.positive("initial", initial),
        validate.positive("final", final),
        validate.integer("steps", steps, 1, MAX_STEPS),
        validate.integer("warmup", warmup, 0, MAX_STEPS),
    )


def designer_demo():
    """The panel: kind, initial and final rate, length and warm-up; the figure redraws on
    every change."""
    controls = {
        "kind": widgets.dropdown(list(sch.KINDS), "cosine", "schedule"),
        # up to 1.5: beyond 2 = 2/h_max the quadratic's steepest direction diverges
        "initial": widgets.slider(0.5, -2, 0.2, 0.05, "initial rate", log=True),
        "final": widgets.slider(0.005, -4, 0, 0.05, "final rate", log=True),
        "steps": widgets.int_slider(1000, 100, 3000, "decay steps", step=100),
        "warmup": widgets.int_slider(0, 0, 500, "warm-up steps", step=25),
    }
    return widgets.live(draw_designer, controls)
