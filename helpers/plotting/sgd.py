"""Figures for notebook 03 (SGD convergence): they draw what :mod:`helpers.sgd` computes.

Every function takes an optional ``ax`` (a new figure in the house style when omitted) and
returns the ``Axes`` it drew on, except :func:`landscapes`, which makes its own side-by-side
Figure, and the two helpers of the live demos: :func:`demo_figure` (two panels with fixed
margins) and :func:`fast_ticks` (lightens a figure's ticks in place).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.ticker import LogFormatter, LogLocator, NullLocator, ScalarFormatter

from helpers.plotting import COLORS, PALETTE, axes, figure, fixed_margins


def descent_1d(curve, points, values, *, title=None, window=None, ax=None):
    """A curve with the iterates of gradient descent on it, joined in the order visited."""
    _, ax = axes(ax)
    low, high = window or curve.domain
    xs = np.linspace(low, high, 400)
    ax.plot(xs, curve(xs), color=COLORS["truth"], lw=1.5)
    ax.plot(points, values, "-", color=COLORS["highlight"], lw=1, alpha=0.8)
    ax.plot(points, values, "o", color=PALETTE[0], ms=4, zorder=3)
    ax.plot(points[:1], values[:1], "s", color=PALETTE[1], ms=7, zorder=4, label="start")
    ax.set_xlim(low, high)
    ax.set_xlabel("θ")
    if title:
        ax.set_title(title)
    return ax


def step_factors(rates, factors, curve_rates, curve_factors, *, ax=None):
    """What one step of gradient descent does on a quadratic: the factor ``|1 − αλ|`` by which it
    shrinks the distance to the minimum, as a curve over ``curve_rates`` (grey), with the
    ``rates`` tried marked (in the colour of :func:`descent_1d`'s iterates) and the line 1
    above which a run diverges (dotted)."""
    _, ax = axes(ax)
    ax.plot(curve_rates, curve_factors, color=COLORS["truth"], lw=1.5)
    ax.axhline(1.0, color=COLORS["truth"], ls=":", lw=1.2)
    ax.plot(rates, factors, "o", color=PALETTE[0], ms=7, zorder=3)
    for alpha, factor in zip(rates, factors, strict=True):
        ax.annotate(
            f"{alpha:g}",
            (alpha, factor),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize="small",
        )
    ax.set_xlim(0, max(curve_rates))
    ax.set_ylim(0, max(curve_factors) * 1.08)
    ax.set_xlabel("learning rate α")
    ax.set_ylabel("factor per step |1 − αλ|")
    return ax


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class _PlainLogFormatter(LogFormatter):
    """Matplotlib's choice of which log ticks to label, written as plain Unicode (``10⁻³``,
    ``0.2``) instead of mathtext, whose parsing costs several ms per label on every redraw."""

    def _num_to_string(self, x, vmin, vmax):
        exponent = math.log10(x) if x > 0 else math.nan
        if math.isfinite(exponent) and abs(exponent - round(exponent)) < 1e-9:
            n = round(exponent)
            return "1" if n == 0 else "10" + str(n).translate(_SUPERSCRIPT)
        return f"{x:.2g}"


def fast_ticks(fig) -> None:
    """Cheap ticks for figures redrawn on every slider move (call it after plotting): no minor
    ticks, plain-text labels — log axes read ``10⁻³`` in Unicode instead of mathtext, and an
    axis spanning less than two decades gets ticks at 1, 2 and 5 × 10ⁿ."""
    for ax in fig.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            axis.set_minor_locator(NullLocator())
            if axis.get_scale() == "log":
                low, high = sorted(limits)
                narrow = low > 0 and high / low < 100
                axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0) if narrow else (1.0,)))
                # label 2 and 5 too on a narrow axis (fewer than two decades: all labelled)
                axis.set_major_formatter(
                    _PlainLogFormatter(labelOnlyBase=False, minor_thresholds=(2, 2))
                )
            else:
                axis.set_major_formatter(ScalarFormatter(useMathText=False))


def demo_figure(reuse=None):
    """Two side-by-side panels for a live demo, ``(fig, (left, right))``, with fixed margins:
    the house style's constrained layout would measure every label on each redraw (about 40 %
    of a redraw). The margins, in font sizes, fit log-axis tick labels and one-line titles,
    which sit at a fixed height instead of being moved above tick labels on every draw.
    ``reuse``: the figure of the demo's last move, emptied and returned (``figure(reuse=)``)."""
    with mpl.rc_context({"axes.titley": 1.0}):
        fig, panels = figure(ncols=2, layout="none", reuse=reuse)
    fixed_margins(fig, left=5.0, right=1.0, bottom=3.3, top=2.0, gap=6.5, ncols=2)
    return fig, panels


def _log_spaced(n: int, points: int = 150) -> np.ndarray:
    """Indices 0 … n − 1, log-spaced: a long curve on a log axis drawn with few points."""
    return np.unique(np.geomspace(1, n, points).astype(int)) - 1


def paths_2d(
    grid,
    paths: Mapping[str, np.ndarray],
    *,
    minimum=None,
    levels=15,
    legend=True,
    colors=None,
    ax=None,
):
    """Contours of ``grid = (X, Y, Z)`` with each path (``(T, 2)`` points) drawn over them, in
    ``colors`` (default: the palette in order).

    Contour levels are spaced evenly in ``√Z`` (dense near the minimum, as a bowl looks).
    """
    _, ax = axes(ax)
    xs, ys, zs = grid
    top = float(np.max(zs))
    low = max(float(np.min(zs)), 0.0)
    steps = np.linspace(np.sqrt(low), np.sqrt(top), levels + 1)[1:] ** 2
    ax.contour(xs, ys, zs, levels=np.unique(steps), colors=COLORS["truth"], linewidths=0.6)
    for (label, path), color in zip(paths.items(), colors or PALETTE, strict=False):
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], "-o", color=color, lw=1.3, ms=2.5, label=label)
    if minimum is not None:
        ax.plot(*minimum, "*", color="black", ms=12, label="minimum", zorder=4)
    ax.set_xlim(xs.min(), xs.max())
    ax.set_ylim(ys.min(), ys.max())
    ax.set_xlabel("θ₁")
    ax.set_ylabel("θ₂")
    ax.grid(False)
    if legend:
        ax.legend(loc="upper right")
    return ax


def loss_curves(
    curves: Mapping[str, tuple[np.ndarray, np.ndarray]],
    *,
    xlabel: str,
    ylabel: str = "training loss J(θ)",
    xscale: str = "log",
    colors=None,
    ax=None,
):
    """Training loss against ``x`` for each label: ``(x, loss)`` with ``loss`` of shape
    ``(len(x), runs)``; the mean over runs as a line, each run as a faint line."""
    _, ax = axes(ax)
    for (label, (x, loss)), color in zip(curves.items(), colors or PALETTE, strict=False):
        loss = np.asarray(loss).reshape(len(x), -1)
        if loss.shape[1] > 1:
            ax.plot(x, loss, color=color, lw=0.6, alpha=0.35)
        ax.plot(x, loss.mean(axis=1), color=color, label=label)
    ax.set_xscale(xscale)
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def variance_law(batch_sizes, variance, predicted, bias, *, draws=None, ax=None):
    """Measured total variance of the minibatch gradient against ``m`` (dots), the prediction
    ``tr Σ / m`` (line) and the squared error of the mean over all draws (crosses), with its
    expected size ``tr Σ / (m · draws)`` (dashed) when ``draws`` is given."""
    _, ax = axes(ax)
    m = np.asarray(batch_sizes)
    ax.plot(m, predicted, "-", color=COLORS["truth"], label="prediction tr Σ / m")
    ax.plot(m, variance, "o", color=PALETTE[0], ms=8, label="measured E‖gₘ − ∇J‖²")
    ax.plot(m, bias, "x", color=PALETTE[1], ms=8, mew=2, label="‖mean of the draws − ∇J‖²")
    if draws:
        expected = np.asarray(predicted) / draws
        ax.plot(m, expected, "--", color=PALETTE[1], lw=1, label="its expected size tr Σ/(m·draws)")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("minibatch size m")
    ax.set_ylabel("squared norm")
    ax.legend()
    return ax


# One colour per step-size rule α_i = c/i^p across notebook 03, keyed by the power p (the figure
# of section 3 and the Robbins–Monro demo); a second rule with the same p is dashed.
RULE_COLORS = {0.0: PALETTE[1], 0.4: PALETTE[3], 0.5: PALETTE[5], 1.0: PALETTE[0], 2.0: PALETTE[4]}


def rule_color(power: float) -> str:
    """The colour of the rules ``c/i^p`` with this power (black for a power not in
    ``RULE_COLORS``)."""
    return RULE_COLORS.get(round(float(power), 6), PALETTE[6])


def robbins_monro(steps, errors, expected, labels, powers, *, balls=None, guides=None, ax=None):
    """``E‖w − w*‖²`` against updates for several rules ``c/i^p``, coloured by ``powers``.

    ``errors``: measured ``(T, rates, runs)`` at update counts ``steps`` (dots: the mean over
    runs), as :func:`helpers.sgd.streaming_least_squares` returns them; ``expected``: per rate
    the exact expectation at every update (lines; the second rule of a power dashed, its dots
    open); ``balls``: ``{rate index: level}`` drawn as dotted horizontal lines; ``guides``:
    ``{rate index: level per update}`` drawn as thin dotted curves (a moving noise ball).
    """
    _, ax = axes(ax)
    steps = np.asarray(steps)
    shown = steps > 0
    seen = set()
    for k, (label, power) in enumerate(zip(labels, powers, strict=True)):
        color, second = rule_color(power), rule_color(power) in seen
        seen.add(color)
        exact = np.asarray(expected[k])[1:]
        t = _log_spaced(len(exact))
        ax.plot(t + 1, exact[t], color=color, ls="--" if second else "-", label=label)
        mean = errors[shown, k].mean(axis=-1)
        ax.plot(steps[shown], mean, "o", color=color, mfc="white" if second else color, ms=4)
        if balls and k in balls:
            ax.axhline(balls[k], color=color, ls=":", lw=1.2)
        if guides and k in guides:
            ax.plot(t + 1, np.asarray(guides[k])[t], ":", color=color, lw=1.5)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("update i")
    ax.set_ylabel("E‖wᵢ − w*‖²")
    ax.plot([], [], "o", color=COLORS["truth"], ms=4, label="mean of the runs")
    ax.plot([], [], ":", color=COLORS["truth"], lw=1.5, label="noise ball of αᵢ")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside: the curves fill the box
    return ax


def expected_error_curve(error, *, label: str, steps: int, color=PALETTE[6], ax=None):
    """One exact curve ``E‖w_i − w*‖²`` (``error[i]`` after ``i`` updates, possibly cut short
    by an overflow) on log-log axes up to ``steps``, with the starting error as a dotted line.
    Values above 10⁶ are left out, so a diverging curve ends where it leaves the plot."""
    _, ax = axes(ax)
    error = np.asarray(error)
    shown = _log_spaced(len(error) - 1) + 1 if len(error) > 1 else np.zeros(0, dtype=int)
    shown = shown[error[shown] < 1e6]
    ax.plot(shown, error[shown], color=color, label=label)
    ax.axhline(
        error[0], color=COLORS["truth"], ls=":", lw=1, label=f"start ‖w₀ − w*‖² = {error[0]:g}"
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1, steps)
    ax.set_xlabel("update i")
    ax.set_ylabel("E‖wᵢ − w*‖² (exact)")
    ax.legend(loc="lower left")
    return ax


def partial_sum_curves(sums: Mapping[str, np.ndarray], *, ylabel: str, ax=None):
    """Partial sums (e.g. of :func:`helpers.schedules.robbins_monro_sums`) against the number
    of terms, one black line per label, solid, dashed, dotted (log-log): black, because the
    colours of notebook 03 stand for step-size rules (:data:`RULE_COLORS`)."""
    _, ax = axes(ax)
    for (label, values), style in zip(sums.items(), ("-", "--", ":"), strict=False):
        values = np.asarray(values)
        t = _log_spaced(len(values))
        ax.plot(t + 1, values[t], style, color=PALETTE[6], label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("number of updates t")
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left")
    return ax


def chord(curve, check, *, examples=(), ax=None):
    """A curve with a few example chords (grey, ``examples = (a, b)`` arrays of end points) and,
    when :func:`helpers.sgd.convexity_check` found one, the chord that cuts below the curve
    (vermilion, the dotted line marks the gap at ``t``). The title gives the verdict."""
    _, ax = axes(ax)
    low, high = curve.domain
    xs = np.linspace(low, high, 400)
    ax.plot(xs, curve(xs), color=COLORS["truth"])
    for a, b in zip(*examples, strict=True):
        ax.plot([a, b], [curve(a), curve(b)], "o-", color=PALETTE[5], lw=1.2, ms=3.5)
    if not check.convex:
        a, b, t = check.a, check.b, check.t
        ax.plot([a, b], [curve(a), curve(b)], "o-", color=PALETTE[1], lw=1.8, ms=5)
        x = t * a + (1 - t) * b
        ax.plot([x, x], [curve(x), t * curve(a) + (1 - t) * curve(b)], ":", color=PALETTE[1], lw=2)
    ax.set_title(f"{curve.name}: {'convex' if check.convex else 'NOT convex'}")
    ax.set_xlim(low, high)
    ax.set_xlabel("x")
    return ax


def second_derivative(curve, values, *, ax=None):
    """``f''`` on the curve's domain (``values`` at ``linspace(*domain, len(values))``), with
    the negative part shaded in the colour of the chord that cuts below the curve (:func:`chord`):
    both are evidence against convexity. Labels are upright, like :func:`chord`'s."""
    _, ax = axes(ax)
    xs = np.linspace(*curve.domain, len(values))
    ax.plot(xs, values, color=PALETTE[0])
    ax.axhline(0, color=COLORS["truth"], lw=1)
    ax.fill_between(xs, values, 0, where=values < 0, color=PALETTE[1], alpha=0.4, lw=0)
    ax.set_xlim(*curve.domain)
    ax.set_xlabel("x")
    ax.set_title(f"f″ of {curve.name}")
    return ax


def basins(curve, starts, ends, *, ax=None):
    """Starting points on the curve coloured by the local minimum gradient descent reached;
    each minimum is a star labelled with its value and how many starts ended there."""
    _, ax = axes(ax)
    low, high = curve.domain
    xs = np.linspace(low, high, 600)
    ax.plot(xs, curve(xs), color=COLORS["truth"], lw=1.5)
    found = np.unique(np.round(ends, 3))
    best = found[np.argmin(curve(found))]
    for k, x_min in enumerate(found):
        near = np.abs(np.round(ends, 3) - x_min) < 1e-9
        color = PALETTE[k % 7]
        ax.plot(starts[near], curve(starts[near]), "|", color=color, ms=14, mew=2)
        label = f"{near.sum()} starts → f = {float(curve(x_min)):.3f}"
        if x_min == best:
            label += " (global)"
        ax.plot(x_min, curve(x_min), "*", color=color, ms=16, mec="black", label=label)
    ax.set_xlim(low, high)
    ax.set_xlabel("θ")
    ax.set_ylabel("f(θ)")
    ax.legend(loc="upper center", fontsize="small")
    return ax


def landscapes(surfaces: Mapping[str, tuple], *, levels):
    """Loss surfaces side by side: ``{title: (a, b, z)}`` as filled contours at the same
    ``levels`` (so equal colours mean equal loss) on a log colour scale with one shared colour
    bar; the trained point, the origin of each plane, is a star. Returns the Figure."""
    fig, axs = figure(ncols=len(surfaces), width=1.6 if len(surfaces) == 2 else None)
    axs = np.atleast_1d(axs)
    norm = LogNorm(vmin=levels[0], vmax=levels[-1])
    for ax, (title, (a, b, z)) in zip(axs, surfaces.items(), strict=True):
        z = np.clip(z, levels[0], levels[-1])
        filled = ax.contourf(a, b, z, levels=levels, norm=norm, cmap="viridis")
        ax.contour(a, b, z, levels=levels, colors="white", linewidths=0.4, alpha=0.6)
        ax.plot(0, 0, "*", color="white", mec="black", ms=14)
        ax.set_aspect("equal")
        ax.set_xticks(np.linspace(a[0], a[-1], 5))
        ax.set_yticks(np.linspace(b[0], b[-1], 5))
        ax.grid(False)
        ax.set_xlabel("step along direction δ")
        ax.set_title(title)
    axs[0].set_ylabel("step along direction η")
    bar = fig.colorbar(filled, ax=list(axs), shrink=0.9, ticks=LogLocator())
    bar.set_label("training loss (log scale)")
    return fig
