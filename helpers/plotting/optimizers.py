"""Figures for notebook 05 (optimizers): they draw what :mod:`helpers.optimizers` computes.

Each function takes an optional ``ax`` (a new figure in the house style when omitted) and
returns the ``Axes`` it drew on; :func:`animation` returns an HTML player and :func:`rule` an
HTML card that puts the lecture's pseudocode beside the code that implements it.
"""

from __future__ import annotations

import base64
import html
import inspect
import io
import textwrap
from collections.abc import Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter, ScalarFormatter

from helpers import DivergenceError, validate
from helpers import optimizers as opt
from helpers.backprop import History
from helpers.plotting import (
    _MAX_PANELS,
    COLORS,
    PALETTE,
    _check_ax,
    _check_color,
    _check_figure,
    _check_panels,
    _check_values,
    axes,
    figure,
)
from helpers.surfaces import Surface

# One colour per optimizer everywhere in the notebook; the pairs that are compared most
# (momentum and Nesterov, RMSProp and Adam) get clearly different hues.
OPTIMIZER_COLORS = {
    "SGD": PALETTE[6],  # black
    "Momentum": PALETTE[0],  # blue
    "Nesterov": PALETTE[4],  # orange
    "AdaGrad": PALETTE[2],  # green
    "RMSProp": PALETTE[3],  # purple
    "Adam": PALETTE[1],  # vermilion
}
# Where paths overlap (all three SGD variants leave the saddle the same way), the later ones
# are drawn thinner and dashed, so that the earlier ones still show underneath.
_PATH_WIDTHS = {"SGD": 4.0, "Momentum": 3.0, "Nesterov": 1.8}
_PATH_DASHED = {"Nesterov"}


def _theta_text(formula: str) -> str:
    """A surface's formula in the notebook's symbols: x, y → θ₁, θ₂ (the axes' labels)."""
    return formula.replace("x", "θ₁").replace("y", "θ₂")


# The lecture's pseudocode of each rule (Straka, NPFL114 lecture 2), one line per statement.
PSEUDOCODE = {
    "SGD": ["g ← ∇θ J(θ)  (minibatch mean)", "θ ← θ − α g"],
    "Momentum": ["v ← 0", "repeat:", "  g ← ∇θ J(θ)", "  v ← β v − α g", "  θ ← θ + v"],
    "Nesterov": [
        "v ← 0",
        "repeat:",
        "  θ ← θ + β v          (look ahead)",
        "  g ← ∇θ J(θ)",
        "  v ← β v − α g",
        "  θ ← θ − α g",
        "",
        "helpers keeps θ + βv (the look-ahead point) in params,",
        "so one step is  v ← βv − αg;  θ ← θ + βv − αg",
    ],
    "AdaGrad": ["r ← 0", "repeat:", "  g ← ∇θ J(θ)", "  r ← r + g²", "  θ ← θ − α g / √(r + ε)"],
    "RMSProp": [
        "r ← 0",
        "repeat:",
        "  g ← ∇θ J(θ)",
        "  r ← β r + (1 − β) g²",
        "  θ ← θ − α g / √(r + ε)",
    ],
    "Adam": [
        "s ← 0,  r ← 0,  t ← 0",
        "repeat:",
        "  g ← ∇θ J(θ)",
        "  t ← t + 1",
        "  s ← β₁ s + (1 − β₁) g",
        "  r ← β₂ r + (1 − β₂) g²",
        "  ŝ ← s / (1 − β₁ᵗ),  r̂ ← r / (1 − β₂ᵗ)",
        "  θ ← θ − α ŝ / √(r̂ + ε)",
    ],
}

_RULE_CLASS = {"SGD": opt.SGD, "Momentum": opt.SGD, "Nesterov": opt.SGD}


def _plain_ticks(ax) -> None:
    """Plain-text tick labels, not too many: a live demo's figure is laid out on every move."""
    ax.xaxis.set_major_formatter(ScalarFormatter(useMathText=False))
    ax.yaxis.set_major_formatter(ScalarFormatter(useMathText=False))
    ax.locator_params(nbins=6)


# --- pseudocode beside code ------------------------------------------------------------------


class _HTML:
    """A tiny HTML display object (no IPython import needed in the helpers)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return "<HTML card>"


def rule(name: str, *, code: bool = True) -> _HTML:
    """The lecture's pseudocode of ``name`` (one of ``helpers.optimizers.NAMES``) beside the
    source of the ``helpers.optimizers`` method that performs one update (and of ``root``, the
    denominator, for the adaptive rules). ``code=False`` shows the pseudocode alone (Nesterov's
    code is the momentum card's ``if self.nesterov`` branch)."""
    name = validate.choice("name", name, PSEUDOCODE)
    code = validate.flag("code", code)
    cls = _RULE_CLASS.get(name, getattr(opt, name, None))
    methods = [cls.update] + ([cls.root] if hasattr(cls, "root") else [])
    source = "\n\n".join(textwrap.dedent(inspect.getsource(m)).rstrip() for m in methods)
    titles = " and ".join(f"<code>{cls.__name__}.{m.__name__}</code>" for m in methods)
    cell = (
        'style="vertical-align: top; text-align: left; padding: 0.4em 1em; border: 1px solid #ccc;"'
    )
    pre = 'style="margin: 0; font-size: 90%; line-height: 1.35; background: none;"'
    head = f"<th {cell}>{html.escape(name)}: the lecture's pseudocode</th>"
    body = f"<td {cell}><pre {pre}>{html.escape(chr(10).join(PSEUDOCODE[name]))}</pre></td>"
    if code:
        head += f"<th {cell}>helpers.optimizers: {titles}</th>"
        body += f"<td {cell}><pre {pre}>{html.escape(source)}</pre></td>"
    return _HTML(
        f'<table style="border-collapse: collapse; margin: 0.5em 0;"><tr>{head}</tr>'
        f"<tr>{body}</tr></table>"
    )


# --- surfaces and paths ----------------------------------------------------------------------

_GRIDS: dict = {}


def _grid(surface, n: int):
    key = (surface.name, surface.formula, surface.bounds, n)
    if key not in _GRIDS:
        _GRIDS[key] = surface.grid(n)
    return _GRIDS[key]


def contours(surface, *, n: int = 160, levels: int = 18, ax=None):
    """Contour lines of a ``helpers.surfaces.Surface`` over its ``bounds``, log-spaced above the
    lowest value (so that flat floors and steep walls both show), with its minimum as a star."""
    surface = _check_surface("surface", surface)
    n = validate.integer("n", n, 2, 2000)
    levels = validate.integer("levels", levels, 2, 200)
    _, ax = axes(ax)
    x, y, z = _grid(surface, n)
    low = float(z.min())
    height = z - low
    top = float(np.percentile(height, 95))
    lv = np.geomspace(max(top, 1e-12) * 1e-4, top, levels)
    ax.contour(x, y, height, levels=lv, colors="#9a9a9a", linewidths=0.8, zorder=1)
    if surface.minimum is not None:
        ax.plot(*surface.minimum, "*", color=COLORS["truth"], ms=14, zorder=2, mec="white")
    (x0, x1), (y0, y1) = surface.bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("θ₁")
    ax.set_ylabel("θ₂")
    ax.grid(False)
    _plain_ticks(ax)
    short = len(surface.formula) <= 24
    formula = _theta_text(surface.formula)
    ax.set_title(f"{surface.name}: f = {formula}" if short else surface.name)
    return ax


def path(points, *, color=None, label=None, markers: bool = True, lw=1.6, ls="-", ax=None):
    """One trajectory (``points`` of shape ``(steps + 1, 2)``) as a line with small dots, its
    start as an open circle."""
    p = _points("points", points)
    color = _check_color("color", color, optional=True) or PALETTE[0]
    label = validate.text("label", label, optional=True)
    markers = validate.flag("markers", markers)
    lw = validate.positive("lw", lw)
    ls = validate.choice("ls", ls, _LINE_STYLES)
    _, ax = axes(ax)
    scale = mpl.rcParams["lines.linewidth"] / 2.0  # thicker in the presentation style
    style = dict(color=color, lw=lw * scale, ls=ls, zorder=3)
    if markers and len(p) <= 120:
        style.update(marker="o", ms=2.5 * scale)
    ax.plot(p[:, 0], p[:, 1], label=label, **style)
    if len(p):
        ax.plot(*p[0], "o", mfc="white", mec=color, ms=7 * scale, zorder=4)
    return ax


def race(
    surface,
    runs: Mapping[str, object],
    *,
    steps_to: Mapping | None = None,
    legend: bool = True,
    ax=None,
):
    """Several optimizers on one surface: ``runs`` maps a name (a key of
    :data:`OPTIMIZER_COLORS`) to its ``Trajectory`` or the ``DivergenceError`` it raised.
    ``steps_to`` (name → int or None) adds "reached in k steps" to the labels; ``legend=False``
    leaves the legend out (for one shared legend under several panels: :func:`shared_legend`).
    """
    surface = _check_surface("surface", surface)
    runs = _check_runs("runs", runs)
    if steps_to is not None:
        validate.mapping("steps_to", steps_to, "name → steps (or None)", empty=True)
        for name, k in steps_to.items():
            if k is not None:
                validate.integer(f"steps_to[{name!r}]", k)
    legend = validate.flag("legend", legend)
    _, ax = axes(ax)
    contours(surface, ax=ax)
    for name, (result, points) in runs.items():
        color = OPTIMIZER_COLORS.get(name)
        label = name
        if isinstance(result, DivergenceError):
            label += f" (diverged at step {result.step})"
        elif steps_to is not None:
            k = steps_to.get(name)
            label += f" ({k} steps)" if k is not None else " (not reached)"
        ls = "--" if name in _PATH_DASHED else "-"
        lw = _PATH_WIDTHS.get(name, 1.8)
        path(np.clip(points, -1e6, 1e6), color=color, label=label, lw=lw, ls=ls, ax=ax)
    if legend:
        ax.legend(loc="best", fontsize="small", framealpha=0.85, frameon=True)
    return ax


def shared_legend(fig, ax):
    """One legend for the whole figure, under its panels, with ``ax``'s labels in one row."""
    fig = _check_figure("fig", fig)
    if _check_ax("ax", ax) is None:
        raise TypeError("ax must be the matplotlib Axes whose labels the legend shows, got None")
    handles, labels = ax.get_legend_handles_labels()
    if not labels:
        raise ValueError("ax has no labelled curves: there is nothing to put in a legend")
    return fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 6))


def parabola_runs(runs: Mapping[float, object], *, window=(-5.0, 5.0), axs=None):
    """DL book Fig 4.1 style: gradient descent on ``f(x) = x²/2`` for several learning rates.

    ``runs`` maps a learning rate to a ``Trajectory`` on ``quadratic(1, 1)`` started on the
    x-axis (its first coordinate is x). One panel per learning rate, two a row."""
    validate.mapping("runs", runs, "learning rate → Trajectory")
    for lr, traj in runs.items():
        validate.positive("runs: a learning rate", lr)
        validate.instance(f"runs[{lr!r}]", traj, opt.Trajectory, "a Trajectory (minimize())")
        _points(f"runs[{lr!r}]", traj.points)
    window = validate.interval("window", window)
    _check_panels("axs", axs, len(runs))
    if axs is None:  # two panels a row, so that each stays large on a projector
        ncols = min(len(runs), 2)
        nrows = -(-len(runs) // ncols)
        _, axs = figure(ncols=ncols, nrows=nrows, height=0.75 * nrows)
    axs = np.atleast_1d(axs).ravel()
    xs = np.linspace(*window, 200)
    for ax, (lr, traj) in zip(axs, runs.items(), strict=True):
        x, f = traj.points[:, 0], traj.losses  # on the x-axis, f(x) = x²/2
        ax.plot(xs, xs**2 / 2, color=COLORS["truth"], lw=1.2)
        gd = OPTIMIZER_COLORS["SGD"]  # plain gradient descent
        ax.plot(x, f, "-o", color=gd, ms=4, lw=1.2)
        ax.plot(x[0], f[0], "o", mfc="white", mec=gd, ms=8)
        ax.set_xlim(*window)
        ax.set_ylim(-0.5, window[1] ** 2 / 2)
        ax.set_title(f"α = {lr:g}:  |x| = {abs(x[-1]):.2f} after {traj.steps} steps")
        ax.set_xlabel("x")
    for ax in axs:
        ax.set_ylabel("f(x) = x²/2")
    return axs


def lookahead(surface, pts: Mapping[str, np.ndarray], *, window=None, ax=None):
    """The lecture's Nesterov picture from ``helpers.optimizers.momentum_lookahead``: from θ
    the momentum step βv, then the gradient step taken at θ (momentum) or at θ + βv (Nesterov).
    ``window`` is ``((x_min, x_max), (y_min, y_max))``; by default it fits the arrows.
    """
    surface = _check_surface("surface", surface)
    pts, window = _check_lookahead(pts, window)
    _, ax = axes(ax)
    contours(surface, ax=ax)
    theta, ahead = pts["theta"], pts["lookahead"]
    blue, sky, grey = OPTIMIZER_COLORS["Momentum"], OPTIMIZER_COLORS["Nesterov"], "#555555"

    def arrow(a, b, color, label, ls="-"):
        ax.annotate(
            "",
            xy=b,
            xytext=a,
            arrowprops=dict(arrowstyle="-|>", color=color, lw=2.2, ls=ls, shrinkA=0, shrinkB=0),
            zorder=5,
        )
        ax.plot([], [], color=color, lw=2.2, ls=ls, label=label)

    arrow(theta, ahead, grey, "momentum step βv", ls="--")
    arrow(ahead, pts["momentum"], blue, "then −α∇f(θ): momentum")
    arrow(ahead, pts["nesterov"], sky, "then −α∇f(θ + βv): Nesterov")
    ax.plot(*theta, "o", color=grey, ms=8, zorder=6)
    ax.annotate("θ", theta, xytext=(-16, -16), textcoords="offset points", color=grey)
    ax.annotate("θ + βv", ahead, xytext=(8, -12), textcoords="offset points", color=grey)
    if window is None:
        everything = np.array([theta, ahead, pts["momentum"], pts["nesterov"]])
        centre = everything.mean(axis=0)
        half = max(np.ptp(everything, axis=0).max() * 0.75, 1e-9)
        window = (
            (centre[0] - half * 1.6, centre[0] + half * 1.6),
            (centre[1] - half, centre[1] + half),
        )
    ax.set_xlim(*window[0])
    ax.set_ylim(*window[1])
    ax.legend(loc="lower left", fontsize="small", framealpha=0.9, frameon=True)
    ax.set_title("one step from the same (θ, v)")
    return ax


# --- curves ----------------------------------------------------------------------------------


def curves(
    series: Mapping[str, tuple],
    *,
    xlabel: str,
    ylabel: str,
    title: str | None = None,
    logx: bool = False,
    logy: bool = False,
    ax=None,
):
    """Named curves ``{label: (x, y)}`` or ``{label: (x, y, style_dict)}`` on one axes."""
    series = _check_series("series", series)
    xlabel, ylabel = validate.text("xlabel", xlabel), validate.text("ylabel", ylabel)
    title = validate.text("title", title, optional=True)
    logx, logy = validate.flag("logx", logx), validate.flag("logy", logy)
    _, ax = axes(ax)
    for label, (x, y, extra) in series.items():
        style = {"color": OPTIMIZER_COLORS.get(label)} if label in OPTIMIZER_COLORS else {}
        style.update(extra)
        ax.plot(x, y, label=label, **style)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(fontsize="small")
    return ax


def weights(beta: float, t: int, *, ax=None):
    """Bars of the weights ``(1 − β)β^(t−i)`` with which ``s_t`` averages ``g_1 … g_t``.

    (The weights are the lecture's expansion of ``s_t``; they are drawn, their sum is computed
    by the optimizer in the notebook.)"""
    beta = validate.unit_interval("beta", beta)
    t = validate.integer("t", t, 1, _MAX_BARS)
    _, ax = axes(ax)
    i = np.arange(1, t + 1)
    w = (1 - beta) * beta ** (t - i)
    ax.bar(i, w, color=OPTIMIZER_COLORS["Adam"], alpha=0.85)  # Adam's moving averages
    ax.set_xlabel("$i$ (the step whose gradient $g_i$ is weighted)")
    ax.set_ylabel("weight $(1-β)β^{t-i}$")
    ax.set_title(f"β = {beta:g}, t = {t}:\nthe weights sum to {w.sum():.4g}")
    return ax


def training(histories: Mapping[str, object], *, axs=None):
    """Training loss per step (smoothed over an epoch) and dev loss per epoch, one colour per
    optimizer. ``histories`` maps a name to a ``helpers.backprop.History`` or to a list of
    them (one per seed: every seed is drawn, thinner, in the same colour)."""
    histories = _check_histories("histories", histories)
    _check_panels("axs", axs, 2)
    if axs is None:
        _, axs = figure(ncols=2)
    left, right = axs
    for name, runs in histories.items():
        color = OPTIMIZER_COLORS.get(name)
        lw = mpl.rcParams["lines.linewidth"] * (1.0 if len(runs) == 1 else 0.6)
        for k, h in enumerate(runs):
            label = name if k == 0 else None
            steps = np.asarray(h.step_loss)
            per_epoch = max(len(steps) // max(h.epochs, 1), 1)
            smooth = np.convolve(steps, np.ones(per_epoch) / per_epoch, mode="valid")
            x = np.arange(per_epoch, len(steps) + 1) / per_epoch
            left.plot(x, smooth, color=color, lw=lw, label=label)
            epochs = np.arange(1, h.epochs + 1)
            right.plot(epochs, h.dev_loss, "-o", ms=2, lw=lw, color=color, label=label)
    for ax in (left, right):  # log axes labelled 0.1, 0.2, 0.5, … rather than 2×10⁻¹
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("epoch")
    left.set_ylabel("training loss (mean over an epoch)")
    right.set_ylabel("dev loss")
    left.set_title("training cross-entropy")
    right.set_title("development-set cross-entropy")
    right.legend(fontsize="small", ncols=2)
    return axs


# --- the animation ---------------------------------------------------------------------------


def _gif_palette() -> list[int]:
    """256 RGB entries: a grey ramp, then each palette colour with two tints towards white."""
    rgb = [(v, v, v) for v in np.linspace(0, 255, 40).round().astype(int)]
    for color in (*PALETTE, COLORS["truth"]):
        base = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
        for mix in (0.0, 0.35, 0.7):
            rgb.append(tuple((base + (255 - base) * mix).round().astype(int)))
    flat = [int(c) for entry in rgb for c in entry]
    return flat + [0] * (768 - len(flat))


class _GIF:
    """An animated GIF for Jupyter (``image/gif``); ``data`` holds its bytes."""

    def __init__(self, data: bytes, frames: int):
        self.data = data
        self.frames = frames

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"<animation: {self.frames} frames>"
        return {"image/gif": base64.b64encode(self.data).decode("ascii"), "text/plain": text}

    def __repr__(self) -> str:
        return f"<animation: {self.frames} frames>"


def frame_ends(total: int, frames: int) -> np.ndarray:
    """How many points of a path each frame shows: the squares of evenly spaced numbers from
    1 to ``sqrt(total)``, so the first steps appear one by one and later ones faster, without
    the jumps of a log scale. Repeated values are dropped (the result may be shorter)."""
    total = validate.integer("total", total, 0)
    frames = validate.integer("frames", frames, 1, _MAX_FRAMES)
    ends = np.linspace(1.0, np.sqrt(max(total, 1)), max(frames, 1)) ** 2
    return np.unique(ends.round().astype(int))


def _race_panels(races, ncols: int, dpi: int):
    """The still part of the animation: one panel of contours per surface, a shared legend,
    and the animated artists: each path's line and head, and the step counter on top."""
    surfaces = list(races)
    nrows = -(-len(surfaces) // ncols)
    fig, axs = figure(ncols=ncols, nrows=nrows, width=1.5 if ncols > 1 else 1.0, height=1.7)
    fig.set_dpi(dpi)
    axs = np.atleast_1d(axs).ravel()
    moving = []
    for ax, surface in zip(axs, surfaces, strict=False):
        contours(surface, ax=ax, n=120, levels=14)
        ax.set_title(surface.name)
        for name, result in races[surface].items():
            pts = result.trajectory.points if isinstance(result, DivergenceError) else result.points
            color = OPTIMIZER_COLORS.get(name)
            lw = _PATH_WIDTHS.get(name, 1.8) * mpl.rcParams["lines.linewidth"] / 2.0
            ls = "--" if name in _PATH_DASHED else "-"
            kw = dict(color=color, zorder=3, animated=True)
            (line,) = ax.plot([], [], lw=lw, ls=ls, label=name, **kw)
            (head,) = ax.plot([], [], "o", ms=mpl.rcParams["lines.markersize"], **kw)
            moving.append((ax, line, head, np.clip(pts, -1e6, 1e6)))
    for ax in axs[len(surfaces) :]:
        ax.set_visible(False)
    shared_legend(fig, axs[0])
    counter = fig.suptitle("step 000", animated=True)  # laid out now, its text set per frame
    return fig, counter, moving


def _gif_bytes(images, interval: int, hold: int) -> bytes:
    """Frames (RGB images) as one looping GIF on the fixed palette of :func:`_gif_palette`."""
    from PIL import Image

    palette = Image.new("P", (1, 1))
    palette.putpalette(_gif_palette())
    paletted = [im.quantize(palette=palette, dither=Image.Dither.NONE) for im in images]
    buffer = io.BytesIO()
    paletted[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=paletted[1:],
        duration=[interval] * (len(paletted) - 1) + [hold],
        loop=0,
    )
    return buffer.getvalue()


def animation(
    races: Mapping[object, Mapping[str, object]],
    *,
    frames: int = 60,
    interval: int = 80,
    hold: int = 2500,
    dpi: int = 90,
    ncols: int = 2,
) -> _GIF:
    """An animated GIF of optimizers racing on surfaces, in the spirit of Alec Radford's
    animations that close the lecture's optimizer section.

    ``races`` maps a ``Surface`` to ``{name: Trajectory or DivergenceError}``, one panel per
    surface, ``ncols`` panels a row. ``frames`` frames reveal the paths (:func:`frame_ends`:
    the first few steps one by one, later ones faster); each lasts ``interval`` ms and the last
    ``hold`` ms, then the GIF loops. The contours are drawn once and each frame only redraws
    the paths (blitting); the frames share one small fixed palette (greys and the house
    colours), which keeps the file small and every optimizer's colour exact.
    """
    from PIL import Image

    validate.mapping("races", races, "Surface → {name: Trajectory or DivergenceError}")
    for surface, runs in races.items():
        _check_surface("races: a key", surface)
        _check_runs(f"races[{getattr(surface, 'name', surface)!r}]", runs)
    frames = validate.integer("frames", frames, 1, _MAX_FRAMES)
    interval, hold = validate.integer("interval", interval, 1), validate.integer("hold", hold)
    dpi = validate.integer("dpi", dpi, 10, 600)
    ncols = validate.integer("ncols", ncols, 1, _MAX_PANELS)

    fig, counter, moving = _race_panels(races, ncols, dpi)
    canvas = fig.canvas
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    images = []
    for end in frame_ends(max(len(pts) for *_, pts in moving), frames):
        canvas.restore_region(background)
        for ax, line, head, pts in moving:
            shown = pts[: min(end, len(pts))]
            line.set_data(shown[:, 0], shown[:, 1])
            head.set_data(shown[-1:, 0], shown[-1:, 1])
            ax.draw_artist(line)
            ax.draw_artist(head)
        counter.set_text(f"step {end - 1}")
        fig.draw_artist(counter)
        images.append(Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy()))
    plt.close(fig)
    return _GIF(_gif_bytes(images, interval, hold), len(images))


# --- argument checks -------------------------------------------------------------------------

_LINE_STYLES = ("-", "--", "-.", ":", "solid", "dashed", "dashdot", "dotted")
_MAX_BARS = 10_000  # bars of weights()
_MAX_FRAMES = 2_000  # frames of an animation


def _check_surface(name: str, surface) -> Surface:
    return validate.instance(
        name, surface, Surface, "a helpers.surfaces.Surface (surfaces.beale())"
    )


def _points(name: str, points) -> np.ndarray:
    """The points of a path: finite, of shape ``(k, 2)`` with ``k ≥ 1``."""
    p = _check_values(name, points, ndim=2)
    if p.shape[1] != 2:
        raise ValueError(f"{name} must have shape (k, 2), one point (θ₁, θ₂) a row, got {p.shape}")
    return p


def _check_runs(name: str, runs) -> dict:
    """``runs`` (name → ``Trajectory`` or the ``DivergenceError`` a run raised) as
    name → (result, its points)."""
    checked = {}
    for key, result in validate.mapping(name, runs, "name → Trajectory or DivergenceError").items():
        what = f"{name}[{key!r}]"
        validate.text(f"{name}: the name {key!r}", key)
        validate.instance(what, result, opt.Trajectory | DivergenceError, _RESULT)
        trajectory = getattr(result, "trajectory", result)
        if not isinstance(trajectory, opt.Trajectory) or len(trajectory.points) == 0:
            raise ValueError(
                f"{what} holds no points to draw (a DivergenceError without .trajectory)"
            )
        checked[key] = (result, _points(what, trajectory.points))
    return checked


_RESULT = "a Trajectory (minimize()) or the DivergenceError minimize() raised"


def _check_series(name: str, series) -> dict:
    """``{label: (x, y)}`` or ``{label: (x, y, style)}`` as ``{label: (x, y, style)}``."""
    checked = {}
    for label, item in validate.mapping(name, series, "label → (x, y) or (x, y, style)").items():
        what = f"{name}[{label!r}]"
        if not isinstance(item, tuple | list) or len(item) not in (2, 3):
            raise TypeError(f"{what} must be a tuple (x, y) or (x, y, style), got {item!r:.60}")
        x = _check_values(what, item[0])
        y = _check_values(what, item[1], n=len(x), of="its x")
        style = item[2] if len(item) == 3 else {}
        if not isinstance(style, dict):
            raise TypeError(f"{what}: the style must be a dict of plot keywords, got {style!r}")
        checked[label] = (x, y, style)
    return checked


def _check_histories(name: str, histories) -> dict:
    """``histories`` (name → ``History`` or a list of them) as name → list of ``History``,
    each with a dev loss for every epoch."""
    checked = {}
    for key, runs in validate.mapping(name, histories, "name → History or list of them").items():
        runs = list(runs) if isinstance(runs, list | tuple) else [runs]
        what = f"{name}[{key!r}]"
        if not runs:
            raise ValueError(f"{what} is an empty list: at least one History is needed")
        for h in runs:
            validate.instance(what, h, History, "a History (backprop.train()) or a list of them")
            if h.epochs == 0 or len(h.dev_loss) != h.epochs:
                raise ValueError(
                    f"{what} must hold a dev loss for each of at least one epoch (train with "
                    f"x_dev, y_dev), got {h.epochs} epochs and {len(h.dev_loss)} dev losses"
                )
        checked[key] = runs
    return checked


def _check_lookahead(pts, window) -> tuple:
    """The four points of ``momentum_lookahead()`` and the optional window of :func:`lookahead`."""
    validate.mapping("pts", pts, "point name → (θ₁, θ₂) (momentum_lookahead())")
    for key in ("theta", "lookahead", "momentum", "nesterov"):
        if key not in pts:
            raise ValueError(f"pts must hold the point {key!r}, as momentum_lookahead() returns")
        _check_values(f"pts[{key!r}]", pts[key], n=2, of="a point (θ₁, θ₂)")
    if window is not None:
        validate.parts("window", window, 2, "((x_min, x_max), (y_min, y_max))")
        window = tuple(validate.interval(f"window[{k}]", w) for k, w in enumerate(window))
    return pts, window
