"""Live demos for notebook 03 (SGD convergence). Only wiring: :mod:`helpers.sgd` computes,
:mod:`helpers.plotting.sgd` draws.

- :func:`sgd_demo` — learning rate, minibatch size, step-size rule and number of updates: the
  SGD path on the bowl-shaped loss of a two-parameter least-squares problem, beside the batch
  gradient-descent path with the same rule, and their excess loss ``J(θ) − J(θ*)``.
- :func:`robbins_monro_demo` — ``c`` and ``p`` of ``α_i = c/i^p``
  (:class:`helpers.schedules.PowerDecay`): the exact expected error of streaming least squares
  and the partial sums ``Σα``, ``Σα²``, with what the Robbins–Monro conditions guarantee
  (sufficient conditions: ``p = 0.4`` breaks one and still converges).

Both redraw within the live-demo budget: what does not depend on a control (the data, the
loss contours) is computed once, each setting's runs are cached, and the figures use fixed
margins instead of the house style's constrained layout.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from helpers import DivergenceError, sgd, validate
from helpers.plotting import PALETTE, _check_figure
from helpers.plotting import sgd as draw
from helpers.schedules import PowerDecay, robbins_monro_sums
from helpers.widgets import dropdown, int_slider, live, slider

SEED = 3  # the data and the minibatches: every slider setting sees the same random numbers
START = (-1.0, 3.0)
RULES = {"constant α": 0.0, "α/√i": 0.5, "α/i": 1.0, "α/i²": 2.0}
MAX_STEPS = 300  # the end of the "updates" slider; shorter runs are prefixes of this one
STREAM_STEPS = 10_000
MAX_STREAM_STEPS = 100_000  # updates of the exact curve (the demo draws STREAM_STEPS)
TOP = 1e6  # excess losses above this leave the plot (log axes cannot span 10³⁰⁰)


def _formula(c: float, power: float) -> str:
    """``α_i = c/i^p`` as a title writes it: ``0.05`` (``p = 0``), ``0.126/√i``, ``1/i``,
    ``0.25/i²``, ``0.1/i^1.5``; ``c`` to three significant digits (a log slider's value)."""
    if power == 0:
        return f"{c:.3g}"
    i = {0.5: "√i", 1.0: "i", 2.0: "i²"}.get(power, f"i^{power:g}")
    return f"{c:.3g}/{i}"


@lru_cache(maxsize=1)
def _problem():
    """The least-squares problem, its minimum and the loss on a grid (computed once)."""
    model = sgd.regression_2d(np.random.default_rng(SEED))
    best = model.minimum()
    xs, ys = np.meshgrid(np.linspace(-1.5, 3.5, 60), np.linspace(-1.5, 3.5, 60))
    return model, best, (xs, ys, model.loss(np.stack([xs, ys], axis=-1)))


@lru_cache(maxsize=256)
def _run(learning_rate: float, batch_size: int, power: float):
    """``MAX_STEPS`` updates from ``START``: ``(path (T, 2), excess loss (T,), None)``, or, when
    the run diverges, ``(path, excess loss, step)`` up to the last finite point. The minibatches
    come from the same seed every time, so a run of ``k`` updates is this one's first ``k``."""
    model, best, _ = _problem()
    rate = PowerDecay(learning_rate, power)
    rng = np.random.default_rng(SEED)
    try:
        run = sgd.minibatch_sgd(model, START, rate, batch_size, MAX_STEPS, rng, keep_params=True)
        diverged = None
    except DivergenceError as err:  # the run up to its last finite point comes with the error
        run, diverged = err.run, err.step
    return run.params[:, 0], run.loss[:, 0] - float(model.loss(best)), diverged


def draw_sgd(learning_rate=0.1, batch_size=1, rule="constant α", steps=100, *, fig=None):
    """SGD from ``START`` on :func:`helpers.sgd.regression_2d` with minibatch ``batch_size``
    and step sizes ``learning_rate`` shaped by ``rule`` (a key of ``RULES``), against batch
    gradient descent with the same step sizes, for ``steps`` updates (at most ``MAX_STEPS``).
    Returns the Figure. ``fig``: the figure of the previous call, drawn into again
    (:func:`helpers.widgets.live`)."""
    model, best, grid = _problem()
    learning_rate = validate.positive("learning_rate", learning_rate)
    batch_size = validate.integer("batch_size", batch_size, 1, model.n)
    rule = validate.choice("rule", rule, RULES)
    steps = validate.integer("steps", steps, 1, MAX_STEPS)
    fig = _check_figure("fig", fig, optional=True)
    fig, (left, right) = draw.demo_figure(reuse=fig)
    paths, curves, colors, diverged = {}, {}, [], []
    runs = [("batch GD", model.n)] + (
        [(f"SGD, m = {batch_size}", batch_size)] * (batch_size < model.n)
    )
    for (label, m), color in zip(runs, PALETTE, strict=False):
        path, excess, failed = _run(learning_rate, m, RULES[rule])
        if failed is not None and failed <= steps:
            diverged.append(f"{label} diverged at step {failed}")
            continue
        label = f"{label}: {excess[steps]:.2g}"
        # a run that blows up without overflowing is cut where it leaves the plot (10⁶)
        shown = 1 + int(np.argmax(np.append(excess[1 : steps + 1], np.inf) > TOP))
        paths[label] = path[: min(shown + 1, steps + 1)]  # to the first point outside
        curves[label] = (np.arange(1, shown), excess[1:shown])
        colors.append(color)  # batch GD blue, SGD vermilion, even when the other diverged
    draw.paths_2d(grid, paths, minimum=best, legend=False, colors=colors, ax=left)
    left.set_title(f"αᵢ = {_formula(learning_rate, RULES[rule])}, ★ = the minimum θ*")
    if curves:
        draw.loss_curves(
            curves,
            xlabel="update i",
            ylabel="excess loss J(θ) − J(θ*)",
            xscale="linear",
            colors=colors,
            ax=right,
        )
    right.set_title("; ".join(diverged) or f"excess loss after {steps} updates")
    draw.fast_ticks(fig)
    return fig


def sgd_demo():
    """Sliders for :func:`draw_sgd`."""
    controls = {
        "learning_rate": slider(0.1, -3, 0.5, 0.1, "learning rate α", log=True),
        "batch_size": int_slider(1, 1, 100, "minibatch m"),
        "rule": dropdown(list(RULES), "constant α", "step sizes"),
        "steps": int_slider(100, 10, MAX_STEPS, "updates", step=10),
    }
    return live(draw_sgd, controls)


@lru_cache(maxsize=256)
def _stream(c: float, power: float, steps: int):
    """The exact expected error (up to an overflow, then also its step) and the partial sums."""
    rate = PowerDecay(c, power)
    try:
        error, overflow = sgd.expected_error(rate, steps), None
    except DivergenceError as err:  # the curve up to the overflow
        error, overflow = sgd.expected_error(rate, err.step - 1), err.step
    return error, overflow, *robbins_monro_sums(rate, steps)


def _verdict(power: float) -> str:
    """What the Robbins–Monro conditions say about ``c/i^p`` — a guarantee or none, never a
    failure: the conditions are sufficient, not necessary."""
    if sgd.satisfies_robbins_monro(power):
        return f"p = {power:g}: both conditions hold"
    broken = "Σα² = ∞" if power <= 0.5 else "Σα < ∞"
    return f"p = {power:g}: {broken}, no guarantee"


def _outcome(error, overflow, steps: int) -> str:
    """The left title: the error after ``steps`` updates, and the peak when it first grew."""
    if overflow is not None:
        return f"diverges: the expectation overflows at update {overflow}"
    peak = int(np.argmax(error))
    if error[peak] > error[0]:
        return f"peak {error[peak]:.2g} at update {peak}, then {error[-1]:.2g} at {steps:,}"
    return f"E‖w − w*‖² = {error[-1]:.3g} after {steps:,} updates"


def draw_robbins_monro(c=1.0, power=1.0, steps=STREAM_STEPS, *, fig=None):
    """The exact ``E‖w_i − w*‖²`` of :func:`helpers.sgd.streaming_least_squares` under
    ``α_i = c/i^p`` (left) and the partial sums ``Σα``, ``Σα²`` (right). The right title says
    whether the Robbins–Monro conditions guarantee convergence; the left one shows what
    happens. Returns the Figure. ``fig``: the figure of the previous call, drawn into again
    (:func:`helpers.widgets.live`)."""
    c, power = validate.positive("c", c), validate.nonnegative("power", power)
    steps = validate.integer("steps", steps, 1, MAX_STREAM_STEPS)
    fig = _check_figure("fig", fig, optional=True)
    error, overflow, total, squares = _stream(c, power, steps)
    fig, (left, right) = draw.demo_figure(reuse=fig)
    left.set_title(_outcome(error, overflow, steps))
    label = f"αᵢ = {_formula(c, power)}"
    draw.expected_error_curve(
        error, label=label, steps=steps, color=draw.rule_color(power), ax=left
    )
    right.set_title(_verdict(power))
    draw.partial_sum_curves(
        {f"Σα = {total[-1]:.3g}": total, f"Σα² = {squares[-1]:.3g}": squares},
        ylabel="partial sums",
        ax=right,
    )
    draw.fast_ticks(fig)
    return fig


def robbins_monro_demo():
    """Sliders for :func:`draw_robbins_monro`."""
    controls = {
        "c": slider(1.0, -2, 0.5, 0.05, "constant c", log=True),
        "power": slider(1.0, 0.0, 2.0, 0.1, "power p"),
    }
    return live(draw_robbins_monro, controls)
