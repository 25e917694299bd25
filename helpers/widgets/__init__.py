"""Wiring for the live demos: ipywidgets controls connected to a plain drawing function.

No mathematics lives here. A demo is a function ``draw(**values)`` that computes with a compute
module, draws with ``helpers.plotting`` and returns the ``Figure``; :func:`live` connects it to
controls. A ``draw`` that also takes ``fig`` is given back the figure of the last move to draw
into again, which is faster than a new one (``plotting.figure(reuse=fig)``). Tests call
``draw`` directly (headless, Agg) and inspect what it drew. Topic demos live
in submodules named after the lecture topic (``helpers.widgets.optimizers`` …).
"""

from __future__ import annotations

import gc
import inspect
import io
from collections.abc import Callable

import ipywidgets as w
import matplotlib.pyplot as plt
import PIL.Image
from IPython.display import Image, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ticker import NullLocator

_LAYOUT = {"width": "340px"}
_STYLE = {"description_width": "110px"}


def slider(value, low, high, step, description, *, log=False, fmt=None) -> w.Widget:
    """A float slider (or a log-scale one, whose ``low``/``high`` are exponents of 10).

    Updates when released (``continuous_update=False``), so a slow figure never lags behind.
    """
    common = dict(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=False,
        layout=_LAYOUT,
        style=_STYLE,
    )
    if log:
        return w.FloatLogSlider(base=10, readout_format=fmt or ".3g", **common)
    return w.FloatSlider(readout_format=fmt or ".3g", **common)


def int_slider(value, low, high, description, *, step=1) -> w.IntSlider:
    """An integer slider that updates when released."""
    return w.IntSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=False,
        layout=_LAYOUT,
        style=_STYLE,
    )


def dropdown(options, value, description) -> w.Dropdown:
    """A drop-down list of ``options`` (a list, or a dict of label -> value)."""
    return w.Dropdown(options=options, value=value, description=description, style=_STYLE)


class Demo(w.VBox):
    """A live-demo panel: controls above the figure. ``png`` holds the figure last shown."""

    png: bytes = b""


def render(fig) -> bytes:
    """``fig`` as PNG bytes, drawn on an Agg canvas at the figure's resolution (the house
    style's 100 dpi), lightly compressed: a slider's picture is shown once, not stored.

    Not ``savefig``: the inline backend's ``bbox_inches="tight"`` measures every text twice,
    and on a figure drawn before (a demo's reused figure) ``savefig`` costs ~17 ms more than
    the drawing itself and leaves the figure with the style's constrained layout switched on
    (matplotlib 3.11 restores "no layout engine" as "the rcParams' engine"). Log axes lose
    their unlabelled minor ticks (the labelled decades and their grid stay); they are most of
    a log axis's ticks and little to read.
    """
    for axis in (axis for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)):
        if axis.get_scale() == "log":  # unlabelled minor ticks: ~10 % of a redraw, little to read
            axis.set_minor_locator(NullLocator())
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    size = canvas.get_width_height(physical=True)
    picture = PIL.Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    picture.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def live(draw: Callable[..., object], controls: dict[str, w.Widget], columns: int = 2) -> Demo:
    """A panel: ``controls`` above the figure that ``draw(**values)`` returns.

    ``draw`` is called once now and again whenever a control changes; each call's figure is
    rendered by :func:`render` and kept as PNG in the panel's ``png``. A ``draw`` with a ``fig``
    parameter is handed the figure it returned last time (``None`` at first) and may draw into
    it again (``plotting.figure(reuse=fig)``): new axes and ticks cost more than the drawing,
    and a new figure per move leaves a whole figure of reference cycles for Python's full
    garbage collections (each ~0.1–0.2 s in a notebook kernel) to find. The controls are laid
    out in ``columns`` columns. Nothing outside the panel changes: no global setting (the garbage
    collector's included) is touched; one full collection runs once the first picture is drawn.
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function, got {type(draw).__name__}")
    panel = Demo()
    reuses = "fig" in inspect.signature(draw).parameters
    last = {}

    def show(**values):
        fig = draw(**values, fig=last.get("fig")) if reuses else draw(**values)
        if fig is None:  # a draw function that only used pyplot
            fig = plt.gcf()
        panel.png = render(fig)
        # Off pyplot's list (so the widget does not show it again); the object stays usable.
        plt.close(fig)
        if reuses:
            last["fig"] = fig
        display(Image(data=panel.png, format="png"))

    out = w.interactive_output(show, controls)  # draws the first picture
    # One full garbage collection now, while the cell runs, instead of during a slider move.
    # Python runs one whenever enough objects have outlived two younger collections since the
    # last; a move adds ~100 of them, and a full collection walks every object in the kernel
    # (0.1–0.2 s in a notebook). Starting that count here leaves a demo some 300 moves before
    # the next one. No setting of the collector is changed.
    gc.collect()
    items = list(controls.values())
    rows = [w.HBox(items[i : i + columns]) for i in range(0, len(items), columns)]
    panel.children = [*rows, out]
    return panel
