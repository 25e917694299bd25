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
    if not isinstance(presentation, bool):
        raise TypeError(f"presentation must be True or False, got {presentation!r}")
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
    if ax is None:
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
