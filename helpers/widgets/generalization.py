"""Live demo for notebook 01 (generalization). Only wiring: :mod:`helpers.generalization`
computes, :mod:`helpers.plotting.generalization` draws.

- :func:`polynomial_demo` — degree, weight decay λ, number of training points and noise level
  of a polynomial fit to ``f(x) = sin(πx) + 0.5x``: the fit on the left, train and test error
  against the degree on the right.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator

from helpers import data, plotting, validate
from helpers import generalization as gen
from helpers.plotting import COLORS, _check_figure
from helpers.plotting import generalization as draw
from helpers.widgets import int_slider, live, slider

SEED = 1  # the same points for every setting: a slider move changes only its own effect
MAX_POINTS = 100
MAX_DEGREE = 15
N_TEST = 500
_GRID = np.linspace(-1.0, 1.0, 400)


def _world(n: int, noise: float):
    """The first ``n`` training points and a fixed test set, with noise level ``noise``.

    Every setting draws from a generator seeded with ``SEED``: :func:`helpers.data.regression_1d`
    draws the inputs first, then standard-normal noise scaled by ``noise``, so every setting
    sees the same points and a slider move changes only what that slider controls.
    """
    rng = np.random.default_rng(SEED)
    x, y = data.regression_1d(gen.wavy, MAX_POINTS + N_TEST, rng, noise=noise)
    return x[:n], y[:n], x[MAX_POINTS:], y[MAX_POINTS:]


def draw_polynomial_fit(
    degree: int = 3, lam: float = 1e-8, n: int = 15, noise: float = 0.3, *, fig=None
):
    """Fit a degree-``degree`` polynomial with weight decay ``lam`` to ``n`` noisy points.

    Left: the points, the true function and the fit. Right: train and test MSE of every degree
    0..15 for the same data and ``lam``, the chosen degree marked. Returns the Figure.
    ``fig``: the figure of the previous call, drawn into again (:func:`helpers.widgets.live`).
    """
    degree = validate.integer("degree", degree, 0, MAX_DEGREE)
    lam = validate.nonnegative("lam", lam)
    n = validate.integer("n", n, 1, MAX_POINTS)
    noise = validate.nonnegative("noise", noise)
    fig = _check_figure("fig", fig, optional=True)
    x, y, x_test, y_test = _world(n, noise)
    degrees = np.arange(MAX_DEGREE + 1)
    train, test, weights = gen.polynomial_errors(
        x, y, x_test, y_test, degrees, lam=lam, intercept=True
    )
    curve = gen.polynomial_features(_GRID, degree) @ weights[degree]

    # Fixed margins (in font sizes) instead of constrained layout, and titles at a fixed height:
    # otherwise every redraw measures each label first (a third of the time, or more).
    fig, (left, right) = plotting.figure(ncols=2, layout="none", reuse=fig)
    plotting.fixed_margins(fig, ncols=2, gap=7.0)
    draw.fit(
        x, y, _GRID, gen.wavy(_GRID), curve, label=f"degree {degree}", ylim=(-2.5, 2.5), ax=left
    )
    left.set_title(f"train MSE {train[degree]:.3g}, test MSE {test[degree]:.3g}", y=1.0)
    left.set_xticks([-1.0, -0.5, 0.0, 0.5, 1.0])
    left.set_yticks([-2.0, -1.0, 0.0, 1.0, 2.0])
    left.legend(loc="upper left", fontsize="small")
    right.plot(degrees, train, "o-", color=COLORS["train"], label="train")
    right.plot(degrees, test, "s-", color=COLORS["test"], label="test")
    right.axhline(max(noise**2, 1e-4), color=COLORS["truth"], ls=":", lw=1, label="noise floor σ²")
    right.axvline(degree, color=COLORS["highlight"], ls="--", lw=1.5)
    right.set_yscale("log")
    right.set_ylim(1e-4, 1e2)
    # Few, plain-text tick labels (no minor ticks, no mathtext): each redraw lays out less text.
    right.set_yticks([1e-4, 1e-2, 1.0, 1e2], ["0.0001", "0.01", "1", "100"])
    right.yaxis.set_minor_locator(NullLocator())
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_xlabel("polynomial degree")
    right.set_ylabel("MSE")
    right.set_title(f"n = {n}, noise σ = {noise:.2f}, λ = {lam:.2g}", y=1.0)
    right.legend(loc="upper left", fontsize="small")
    return fig


def polynomial_demo():
    """Sliders for degree, λ, n and noise above :func:`draw_polynomial_fit`'s figure."""
    controls = {
        "degree": int_slider(3, 0, MAX_DEGREE, "degree"),
        "lam": slider(1e-8, -8, 1, 0.5, "weight decay λ", log=True, fmt=".1e"),
        "n": int_slider(15, 3, MAX_POINTS, "training points n"),
        "noise": slider(0.3, 0.0, 1.0, 0.05, "noise σ"),
    }
    return live(draw_polynomial_fit, controls)
