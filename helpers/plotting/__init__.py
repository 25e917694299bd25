"""The house style of every figure, and a presentation switch for the lecture hall.

Each notebook calls :func:`use_style` once in its setup cell. Drawing functions for a lecture
topic live in the submodule of the same name (``helpers.plotting.backprop`` draws what
``helpers.backprop`` computes); they take an optional ``ax`` and return what they drew on.

>>> from helpers import plotting
>>> plotting.use_style()                  # notebook default
>>> plotting.use_style(presentation=True)  # large fonts and figures for a projector
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers import validate

# Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermilion
    "#009E73",  # green
    "#CC79A7",  # purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow (only on dark or large marks)
)
# Roles that recur across notebooks, so that "train" is the same colour everywhere.
COLORS = {
    "train": PALETTE[0],
    "test": PALETTE[1],
    "dev": PALETTE[2],
    "truth": "#555555",
    "highlight": PALETTE[4],
}

_BASE = {
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 10,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "lines.linewidth": 2.0,
    "lines.markersize": 6,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "image.cmap": "viridis",
    "axes.formatter.use_mathtext": False,  # mathtext tick labels cost ~25% of a redraw
}
_PRESENTATION = {
    "figure.figsize": (10.0, 6.0),
    "font.size": 17,
    "axes.titlesize": 19,
    "axes.labelsize": 17,
    "legend.fontsize": 15,
    "xtick.labelsize": 15,
    "ytick.labelsize": 15,
    "lines.linewidth": 3.0,
    "lines.markersize": 9,
}

_state = {"presentation": False}


def use_style(presentation: bool = False) -> None:
    """Apply the house style to every figure drawn from now on.

    ``presentation=True`` enlarges figures, fonts and lines for a projector; call
    ``use_style()`` again to return to the notebook size.
    """
    presentation = validate.flag("presentation", presentation)
    mpl.rcParams.update(_BASE)
    mpl.rcParams["axes.prop_cycle"] = mpl.cycler(color=PALETTE)
    if presentation:
        mpl.rcParams.update(_PRESENTATION)
    _state["presentation"] = presentation


def is_presentation() -> bool:
    """Whether the presentation switch is on."""
    return _state["presentation"]


def figure(
    ncols: int = 1, nrows: int = 1, *, width: float | None = None, height=None, reuse=None, **kw
):
    """A new figure with an ``nrows × ncols`` grid of axes, sized by the current style.

    Returns ``(fig, ax)`` where ``ax`` is one ``Axes`` for a 1×1 grid, else an array.
    ``width``/``height`` scale the style's default size (e.g. ``width=1.5``).

    ``reuse``: a figure this function made before, for a live demo that draws the same kind of
    figure on every slider move. If it has the same grid and size, its axes are emptied
    (:func:`empty`) and returned instead of new ones: making the axes and their ticks is a
    large part of a small figure's cost. Otherwise (say, the style changed) a new one is made.
    """
    ncols = validate.integer("ncols", ncols, 1, _MAX_PANELS)
    nrows = validate.integer("nrows", nrows, 1, _MAX_PANELS)
    width = None if width is None else validate.positive("width", width)
    height = None if height is None else validate.positive("height", height)
    reuse = _check_figure("reuse", reuse, optional=True)
    w, h = mpl.rcParams["figure.figsize"]
    size = (w * (width or (1.0 if ncols == 1 else min(1.0 + 0.45 * (ncols - 1), 2.0))), h)
    size = (size[0], size[1] * (height or 1.0))
    if reuse is not None:
        grid = reuse.axes[0].get_subplotspec().get_gridspec() if reuse.axes else None
        same = grid is not None and grid.get_geometry() == (nrows, ncols)
        if same and len(reuse.axes) == nrows * ncols and tuple(reuse.get_size_inches()) == size:
            empty(reuse)
            return reuse, reuse.axes[0] if nrows * ncols == 1 else _grid_of(reuse, nrows, ncols)
    fig, ax = plt.subplots(nrows, ncols, figsize=size, squeeze=True, **kw)
    return fig, ax


def _grid_of(fig, nrows: int, ncols: int):
    """The axes of ``fig`` shaped as ``plt.subplots(nrows, ncols, squeeze=True)`` returns them."""
    grid = np.empty((nrows, ncols), dtype=object)
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        grid[spec.rowspan.start, spec.colspan.start] = ax
    return grid.squeeze() if 1 in (nrows, ncols) else grid


def empty(fig) -> None:
    """Remove everything drawn on ``fig``'s axes and return them to a new axes' state — data
    limits, scales, tick locators and formatters, labels, titles, legend, grid, aspect, colour
    cycle — while keeping the axes and their tick objects; the suptitle becomes empty.
    Figure-level artists other than the suptitle are kept. A demo's figure drawn again after
    this is the picture a new figure would give (the demo tests compare them pixel by pixel)."""
    fig = _check_figure("fig", fig)
    for ax in fig.axes:
        for container in list(ax.containers):
            container.remove()
        artists = (*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images, *ax.tables)
        for artist in (*artists, *ax.artists):
            artist.remove()
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        for loc in ("left", "center", "right"):
            ax.set_title("", loc=loc)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_xscale("linear")  # also the default locators and formatters
        ax.set_yscale("linear")
        ax.set_prop_cycle(None)  # colours start again at the first
        ax.grid(mpl.rcParams["axes.grid"])
        ax.set_aspect("auto")
        ax.relim()  # no data left: forget the old data limits,
        ax.set(xlim=(0.0, 1.0), ylim=(0.0, 1.0))  # show what a new axes shows when left empty
        ax.set_autoscale_on(True)  # and fit the next data again
    if fig.get_suptitle():
        fig.suptitle("")


def axes(ax=None):
    """``ax`` itself, or the axes of a new figure in the house style; returns ``(fig, ax)``."""
    if _check_ax("ax", ax) is None:
        return figure()
    return ax.figure, ax


def fixed_margins(
    fig,
    *,
    left: float = 5.5,
    right: float = 1.0,
    bottom: float = 3.3,
    top: float = 2.4,
    gap: float = 6.5,
    ncols: int = 1,
) -> None:
    """Fixed margins for a live demo's figure, in units of the current font size.

    Constrained layout measures every label on each redraw (a third to a half of a demo's
    time); fixed margins skip that. Measured in font sizes, they fit the notebook and the
    presentation style alike: ``left`` holds the first panel's tick labels and y label,
    ``gap`` the same for each further one of the ``ncols`` columns, ``top`` the titles.
    ``fig`` must be made without a layout engine (``figure(..., layout="none")``).
    """
    fig = _check_figure("fig", fig)
    margins = {"left": left, "right": right, "bottom": bottom, "top": top, "gap": gap}
    left, right, bottom, top, gap = (validate.nonnegative(k, v) for k, v in margins.items())
    ncols = validate.integer("ncols", ncols, 1, _MAX_PANELS)
    engine = fig.get_layout_engine()
    if engine is not None and not engine.adjust_compatible:
        raise ValueError(
            f"fixed_margins needs a figure made with layout='none', got {type(engine).__name__}"
        )
    em = mpl.rcParams["font.size"] / 72  # inches
    w, h = fig.get_size_inches()
    x0, x1 = left * em / w, 1 - right * em / w
    panel = (w * (x1 - x0) - (ncols - 1) * gap * em) / ncols
    fig.subplots_adjust(
        left=x0, right=x1, bottom=bottom * em / h, top=1 - top * em / h, wspace=gap * em / panel
    )


# --- argument checks of the drawing functions ------------------------------------------------
# Numbers, counts, arrays, labels, choices and dicts are checked by helpers.validate, as
# everywhere. These few checks cover what only drawing functions take: an Axes or a Figure,
# colours, and curves whose lengths must agree. Each names the argument, what
# it got and what is allowed, and returns the value in the form the caller draws with.

_MAX_PANELS = 50  # panels per row or column of one figure
_BIG = 10**15  # the largest count a figure labels (parameters, examples)


def _check_ax(name: str, ax):
    """``ax`` when it is one matplotlib ``Axes`` or None (draw on a new figure)."""
    if ax is None or isinstance(ax, Axes):
        return ax
    several = isinstance(ax, np.ndarray | list | tuple)
    hint = " (one panel, e.g. axs[0], not the array of panels)" if several else ""
    raise TypeError(f"{name} must be a matplotlib Axes or None{hint}, got {type(ax).__name__}")


def _check_panels(name: str, axs, count: int) -> None:
    """Check that ``axs`` is a sequence (or array) of ``count`` ``Axes``, one per panel, or None
    (a new figure); the caller draws on ``axs`` as it was given."""
    if axs is None:
        return
    panels = list(np.ravel(axs)) if isinstance(axs, np.ndarray | list | tuple) else None
    if panels is None or not all(isinstance(a, Axes) for a in panels):
        raise TypeError(
            f"{name} must be a sequence of {count} matplotlib Axes or None, got {axs!r:.60}"
        )
    if len(panels) != count:
        raise ValueError(f"{name} must hold {count} Axes, one per panel, got {len(panels)}")


def _check_figure(name: str, fig, *, optional: bool = False):
    """``fig`` when it is a matplotlib ``Figure`` (or None, when ``optional``)."""
    if isinstance(fig, Figure) or (optional and fig is None):
        return fig
    allowed = "a matplotlib Figure" + (" or None" if optional else "")
    hint = " (the figure is ax.figure)" if isinstance(fig, Axes) else ""
    raise TypeError(f"{name} must be {allowed}{hint}, got {type(fig).__name__}")


def _check_values(
    name: str,
    value,
    *,
    n=None,
    of=None,
    ndim: int | None = 1,
    finite=True,
    empty=False,
    positive=False,
) -> np.ndarray:
    """Numbers to draw as a float array (``validate.array``): ``ndim`` dimensions, finite unless
    ``finite=False``, non-empty unless ``empty``, all > 0 if ``positive`` (for a log axis); with
    ``n``, as many as ``of`` has (``n``)."""
    a = validate.array(name, value, ndim, finite=finite, min_size=0 if empty else 1)
    if n is not None and len(a) != n:
        raise ValueError(f"{name} must have as many values as {of} ({n}), got {len(a)}")
    if positive and not (a > 0).all():
        raise ValueError(f"{name} must hold numbers > 0 (a log axis), got {a.min():g}")
    return a


def _check_colors(name: str, colors, count: int, *, optional: bool = True):
    """A list of at least ``count`` matplotlib colours (or None, when ``optional``)."""
    if optional and colors is None:
        return None
    if not isinstance(colors, list | tuple):
        raise TypeError(f"{name} must be a list of colours, got {type(colors).__name__}")
    if len(colors) < count:
        raise ValueError(f"{name} must hold a colour for each of the {count} curves, got {colors}")
    for k, c in enumerate(colors):
        _check_color(f"{name}[{k}]", c)
    return colors


def _check_color(name: str, color, *, optional: bool = False):
    """One matplotlib colour (``"#0072B2"``, ``"black"``, an RGB tuple), or None if ``optional``."""
    if (optional and color is None) or mpl.colors.is_color_like(color):
        return color
    error = TypeError if not isinstance(color, str | tuple) else ValueError
    raise error(f"{name} must be a matplotlib colour such as '#0072B2' or 'black', got {color!r}")


def _check_curves(name: str, value, what: str = "label → values", **options) -> dict:
    """A non-empty mapping of labels to arrays, each checked as by :func:`_check_values` (with
    ``options``) and named ``name[label]`` in a message."""
    curves = validate.mapping(name, value, what)
    return {k: _check_values(f"{name}[{k!r}]", v, **options) for k, v in curves.items()}
