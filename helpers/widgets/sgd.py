"""Live demos for notebook 03 (SGD convergence). Only wiring: :mod:`helpers.sgd` computes,
:mod:`helpers.plotting.sgd` draws.

- :func:`sgd_demo` — learning rate, minibatch size, step-size rule and number of updates: the
  SGD path on the bowl-shaped loss of a two-parameter least-squares problem, beside the batch
  gradient-descent path with the same rule, and their excess loss ``J(θ) − J(θ*)``.
- :func:`robbins_monro_demo` — ``c`` and ``p`` of ``α_i = c/i^p``: the exact expected error
  of streaming least squares and the partial sums ``Σα``, ``Σα²``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from helpers import DivergenceError, plotting, sgd
from helpers.plotting import COLORS, PALETTE
from helpers.plotting import sgd as draw
from helpers.widgets import dropdown, int_slider, live, slider

SEED = 3  # the data and the minibatches: every slider setting sees the same random numbers
START = (-1.0, 3.0)
RULES = {"constant α": 0.0, "α/√i": 0.5, "α/i": 1.0, "α/i²": 2.0}
STREAM_STEPS = 10_000


@lru_cache(maxsize=1)
def _problem():
    """The least-squares problem, its minimum and the loss on a grid (computed once)."""
    model = sgd.regression_2d(np.random.default_rng(SEED))
    best = model.minimum()
    xs, ys = np.meshgrid(np.linspace(-1.5, 3.5, 80), np.linspace(-1.5, 3.5, 80))
    return model, best, (xs, ys, model.loss(np.stack([xs, ys], axis=-1)))


def draw_sgd(learning_rate=0.1, batch_size=1, rule="constant α", steps=100):
    """SGD from ``START`` on :func:`helpers.sgd.regression_2d` with minibatch ``batch_size``
    and step sizes ``learning_rate`` shaped by ``rule`` (a key of ``RULES``), against batch
    gradient descent with the same step sizes. Returns the Figure."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {list(RULES)}, got {rule!r}")
    model, best, grid = _problem()
    floor = float(model.loss(best))
    rate = sgd.PowerRate(learning_rate, RULES[rule])
    fig, (left, right) = plotting.figure(ncols=2)
    paths, curves, colors, diverged = {}, {}, [], []
    runs = [("batch GD", model.n)] + (
        [(f"SGD, m = {batch_size}", batch_size)] * (batch_size < model.n)
    )
    for (label, m), color in zip(runs, PALETTE, strict=False):
        try:
            run = sgd.sgd(
                model, START, rate, m, steps, np.random.default_rng(SEED), keep_params=True
            )
        except DivergenceError as err:
            diverged.append(f"{label}: diverged at step {err.step}")
            continue
        excess = run.loss[1:] - floor
        label = f"{label}: {excess[-1, 0]:.2g}"
        paths[label] = run.params[:, 0]
        curves[label] = (run.steps[1:], excess)
        colors.append(color)  # batch GD blue, SGD orange, even when the other diverged
    draw.paths_2d(grid, paths, minimum=best, legend=False, colors=colors, ax=left)
    left.set_title(f"αᵢ = {rate}, ★ = the minimum θ*")
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
        "learning_rate": slider(0.1, -3, 0, 0.1, "learning rate α", log=True),
        "batch_size": int_slider(1, 1, 100, "minibatch m"),
        "rule": dropdown(list(RULES), "constant α", "step sizes"),
        "steps": int_slider(100, 10, 300, "updates", step=10),
    }
    return live(draw_sgd, controls)


def draw_robbins_monro(c=1.0, power=1.0, steps=STREAM_STEPS):
    """The exact ``E‖w_i − w*‖²`` of :func:`helpers.sgd.streaming_least_squares` under
    ``α_i = c/i^p`` (left) and the partial sums ``Σα``, ``Σα²`` (right). Returns the Figure."""
    rate = sgd.PowerRate(c, power)
    fig, (left, right) = plotting.figure(ncols=2)
    try:
        error = sgd.expected_error(rate, steps)
        left.set_title(f"E‖w − w*‖² = {error[-1]:.3g} after {steps:,} updates")
    except DivergenceError as err:  # show the curve up to the overflow
        error = sgd.expected_error(rate, err.step - 1)
        left.set_title(f"diverges: the expectation overflows at update {err.step}")
    shown = np.unique(np.geomspace(1, len(error) - 1, 400).astype(int))
    shown = shown[error[shown] < 1e6]  # a diverging curve is cut where it leaves the plot
    left.plot(shown, error[shown], color=PALETTE[0], label=f"αᵢ = {rate}")
    start = sgd.expected_error(rate, 0)[0]
    left.axhline(start, color=COLORS["truth"], ls=":", lw=1, label=f"start ‖w₀ − w*‖² = {start:g}")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlim(1, steps)
    left.set_xlabel("update i")
    left.set_ylabel("E‖wᵢ − w*‖² (exact)")
    left.legend(loc="lower left")
    total, squares = sgd.partial_sums(rate, steps)
    holds = sgd.satisfies_robbins_monro(power)
    right.set_title(f"Robbins–Monro {'holds' if holds else 'fails'} for p = {power:g}")
    draw.partial_sums(
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
