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

from helpers import validate
from helpers.plotting import (
    COLORS,
    PALETTE,
    _check_color,
    _check_colors,
    _check_curves,
    _check_figure,
    _check_values,
    axes,
    figure,
    fixed_margins,
)
from helpers.sgd import ConvexityCheck, Curve


def descent_1d(curve, points, values, *, title=None, window=None, ax=None):
    """A curve with the iterates of gradient descent on it, joined in the order visited."""
    curve = _check_curve("curve", curve)
    points = _check_values("points", points)
    values = _check_values("values", values, n=len(points), of="points")
    title = validate.text("title", title, optional=True)
    window = None if window is None else validate.interval("window", window)
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
    rates = _check_values("rates", rates)
    factors = _check_values("factors", factors, n=len(rates), of="rates")
    curve_rates = _check_values("curve_rates", curve_rates)
    curve_factors = _check_values(
        "curve_factors", curve_factors, n=len(curve_rates), of="curve_rates"
    )
    if curve_rates.max() <= 0 or curve_factors.max() <= 0:
        raise ValueError(
            "curve_rates and curve_factors must each reach above 0 (the axes start at 0)"
        )
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
    for ax in _check_figure("fig", fig).axes:
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
    xs, ys, zs = _check_grid("grid", grid)
    paths = _check_paths("paths", paths)
    minimum = None if minimum is None else _check_values("minimum", minimum, n=2, of="(θ₁, θ₂)")
    levels = validate.integer("levels", levels, 1, 200)
    legend = validate.flag("legend", legend)
    colors = _check_colors("colors", colors, len(paths))
    if len(paths) > len(colors or PALETTE):
        raise ValueError(
            f"paths must hold at most {len(PALETTE)} paths (colours), got {len(paths)}"
        )
    _, ax = axes(ax)
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
    xscale = validate.choice("xscale", xscale, ("log", "linear"))
    curves = _check_loss_curves("curves", curves, positive=xscale == "log")
    xlabel, ylabel = validate.text("xlabel", xlabel), validate.text("ylabel", ylabel)
    colors = _check_colors("colors", colors, len(curves))
    if len(curves) > len(colors or PALETTE):
        raise ValueError(f"curves must hold at most {len(PALETTE)} curves, got {len(curves)}")
    _, ax = axes(ax)
    for (label, (x, loss)), color in zip(curves.items(), colors or PALETTE, strict=False):
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
    m = _check_values("batch_sizes", batch_sizes, positive=True)
    variance, predicted, bias = (
        _check_values(k, v, n=len(m), of="batch_sizes")
        for k, v in (("variance", variance), ("predicted", predicted), ("bias", bias))
    )
    draws = None if draws is None else validate.integer("draws", draws, 1)
    _, ax = axes(ax)
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
    return RULE_COLORS.get(round(validate.real("power", power), 6), PALETTE[6])


def robbins_monro(steps, errors, expected, labels, powers, *, balls=None, guides=None, ax=None):
    """``E‖w − w*‖²`` against updates for several rules ``c/i^p``, coloured by ``powers``.

    ``errors``: measured ``(T, rates, runs)`` at update counts ``steps`` (dots: the mean over
    runs), as :func:`helpers.sgd.streaming_least_squares` returns them; ``expected``: per rate
    the exact expectation at every update (lines; the second rule of a power dashed, its dots
    open); ``balls``: ``{rate index: level}`` drawn as dotted horizontal lines; ``guides``:
    ``{rate index: level per update}`` drawn as thin dotted curves (a moving noise ball).
    """
    steps, errors, expected = _check_streams(steps, errors, expected)
    if not isinstance(labels, list | tuple) or not all(isinstance(x, str) for x in labels):
        raise TypeError(f"labels must be a list of strings, one per rate, got {labels!r:.60}")
    powers = _check_values("powers", powers, n=errors.shape[1], of="errors has rates")
    if len(labels) != len(powers):
        raise ValueError(f"labels must hold one label per rate ({len(powers)}), got {len(labels)}")
    balls, guides = _check_balls(balls, len(expected)), _check_guides(guides, expected)
    _, ax = axes(ax)
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
    error = _check_values("error", error)
    if (error < 0).any() or error[0] <= 0:
        raise ValueError("error must hold squared distances ≥ 0, the first > 0 (a log axis)")
    label = validate.text("label", label)
    steps = validate.integer("steps", steps, 2)
    color = _check_color("color", color)
    _, ax = axes(ax)
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
    sums = _check_curves("sums", sums, positive=True)
    if len(sums) > 3:
        raise ValueError(
            f"sums must hold at most 3 curves (solid, dashed, dotted), got {len(sums)}"
        )
    ylabel = validate.text("ylabel", ylabel)
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
    curve = _check_curve("curve", curve)
    check = validate.instance(
        "check", check, ConvexityCheck, "a ConvexityCheck (convexity_check())"
    )
    if not (isinstance(examples, tuple | list) and len(examples) == 0):  # () is no chords
        a, b = validate.parts("examples", examples, 2, "(a, b): the chords' end points")
        a = _check_values("examples[0]", a)
        examples = (a, _check_values("examples[1]", b, n=len(a), of="examples[0]"))
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
    curve = _check_curve("curve", curve)
    values = _check_values("values", values)
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
    curve = _check_curve("curve", curve)
    starts = _check_values("starts", starts)
    ends = _check_values("ends", ends, n=len(starts), of="starts")
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
    surfaces = _check_landscapes("surfaces", surfaces)
    levels = _check_values("levels", levels, positive=True)
    if len(levels) < 2 or not (np.diff(levels) > 0).all():
        raise ValueError(f"levels must be at least 2 increasing contour levels, got {levels}")
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


# --- argument checks -------------------------------------------------------------------------


def _check_curve(name: str, curve) -> Curve:
    return validate.instance(name, curve, Curve, "a helpers.sgd.Curve (sgd.curves()['x²'])")


def _check_grid(name: str, grid) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(X, Y, Z)``: three 2-D arrays of one shape, as ``Surface.grid()`` returns them."""
    parts = validate.parts(name, grid, 3, "(X, Y, Z) of Surface.grid()")
    xs, ys, zs = (_check_values(f"{name}[{k}]", a, ndim=2) for k, a in enumerate(parts))
    if not xs.shape == ys.shape == zs.shape:
        raise ValueError(f"{name} must be three arrays of one shape, got {[xs.shape, ys.shape]}")
    return xs, ys, zs


def _check_paths(name: str, paths) -> dict:
    """label → points of shape ``(T, 2)`` (possibly no label at all)."""
    checked = {}
    for label, path in validate.mapping(name, paths, "label → points (T, 2)", empty=True).items():
        p = _check_values(f"{name}[{label!r}]", path, ndim=2)
        if p.shape[1] != 2:
            raise ValueError(f"{name}[{label!r}] must have shape (T, 2), got {p.shape}")
        checked[label] = p
    return checked


def _check_loss_curves(name: str, curves, *, positive: bool) -> dict:
    """label → ``(x, loss)`` with ``loss`` of shape ``(len(x),)`` or ``(len(x), runs)``."""
    checked = {}
    for label, item in validate.mapping(name, curves, "label → (x, loss)").items():
        x, loss = validate.parts(f"{name}[{label!r}]", item, 2, "(x, loss)")
        x = _check_values(f"{name}[{label!r}]", x, positive=positive)
        loss = _check_values(f"{name}[{label!r}]", loss, ndim=None, n=len(x), of="its x")
        if loss.ndim not in (1, 2):
            raise ValueError(f"{name}[{label!r}]: loss must be (len(x),) or (len(x), runs)")
        checked[label] = (x, loss.reshape(len(x), -1))
    return checked


def _check_streams(steps, errors, expected) -> tuple:
    """The update counts ``(T,)``, the errors ``(T, rates, runs)`` of
    :func:`helpers.sgd.streaming_least_squares` and one exact curve per rate."""
    steps = _check_values("steps", steps)
    errors = _check_values("errors", errors, ndim=3, n=len(steps), of="steps")
    if not isinstance(expected, list | tuple) or len(expected) != errors.shape[1]:
        raise ValueError(f"expected must be a list of {errors.shape[1]} curves, one per rate")
    expected = [_check_values(f"expected[{k}]", e) for k, e in enumerate(expected)]
    if any(len(e) < 2 for e in expected):
        raise ValueError("expected must hold curves of at least 2 values (the start and after)")
    return steps, errors, expected


def _check_balls(balls, rates: int) -> dict:
    """``balls``: None or rate index → noise-ball level (a number > 0)."""
    for k, level in _rate_indices("balls", balls, rates).items():
        validate.positive(f"balls[{k}]", level)
    return balls or {}


def _check_guides(guides, expected) -> dict:
    """``guides``: None or rate index → a level for each update of ``expected[index]`` (NaN
    where no noise ball exists: nothing drawn)."""
    for k, level in _rate_indices("guides", guides, len(expected)).items():
        level = _check_values(f"guides[{k}]", level, finite=False)
        if len(level) < len(expected[k]) - 1:
            raise ValueError(f"guides[{k}] must hold a level for each update of expected[{k}]")
    return guides or {}


def _rate_indices(name: str, levels, rates: int) -> dict:
    """``levels`` (None: none) keyed by rate indices ``0 … rates − 1``."""
    if levels is None:
        return {}
    validate.mapping(name, levels, "rate index → level", empty=True)
    for k in levels:
        validate.integer(f"{name}: the rate index", k, 0, rates - 1)
    return levels


def _check_landscapes(name: str, surfaces) -> dict:
    """title → ``(a, b, z)``: the steps along two directions and the loss ``z`` of shape
    ``(len(b), len(a))``."""
    checked = {}
    for title, item in validate.mapping(name, surfaces, "title → (a, b, z)").items():
        what = f"{name}[{title!r}]"
        a, b, z = validate.parts(what, item, 3, "(a, b, z)")
        a, b = _check_values(what, a), _check_values(what, b)
        z = _check_values(what, z, ndim=2)
        if z.shape != (len(b), len(a)):
            raise ValueError(f"{what}: z must have shape (len(b), len(a)), got {z.shape}")
        checked[title] = (a, b, z)
    return checked
