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
from collections.abc import Callable, Mapping

import ipywidgets as w
import matplotlib.pyplot as plt
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ticker import NullLocator

from helpers import validate
from helpers.plotting import _check_figure

_LAYOUT = {"width": "340px"}
_STYLE = {"description_width": "110px"}


def slider(value, low, high, step, description, *, log=False, fmt=None) -> w.Widget:
    """A float slider (or a log-scale one, whose ``low``/``high`` are exponents of 10).

    Updates when released (``continuous_update=False``), so a slow figure never lags behind.
    """
    log = validate.flag("log", log)
    low, high = _ends(low, high, limit=300 if log else None)
    value = validate.real("value", value)
    ends = (10**low, 10**high) if log else (low, high)
    if not ends[0] * (1 - 1e-12) <= value <= ends[1] * (1 + 1e-12):  # the ends, give or take
        raise ValueError(f"value must lie between the slider's ends {ends}, got {value!r}")
    step = validate.positive("step", step)
    description = validate.text("description", description)
    if fmt is not None and not _is_format(validate.text("fmt", fmt)):
        raise ValueError(f"fmt must be a number format such as '.3g' or '.1e', got {fmt!r}")
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
    low, high = (validate.integer(k, v, None) for k, v in (("low", low), ("high", high)))
    if not low < high:
        raise ValueError(f"low must be below high, got low={low}, high={high}")
    value = validate.integer("value", value, low, high)
    step = validate.integer("step", step, 1, high - low)
    description = validate.text("description", description)
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
    if not isinstance(options, list | tuple | Mapping):
        raise TypeError(f"options must be a list or a dict of label -> value, got {options!r:.60}")
    if not options:
        raise ValueError("options is empty: a drop-down needs at least one option")
    choices = list(options.values()) if isinstance(options, Mapping) else list(options)
    if not any(value is c or value == c for c in choices):
        raise ValueError(f"value must be one of the options {choices}, got {value!r}")
    description = validate.text("description", description)
    return w.Dropdown(options=options, value=value, description=description, style=_STYLE)


class Demo(w.VBox):
    """A live-demo panel: controls above the figure. ``png`` holds the figure last shown;
    ``error`` is the line shown instead when the last move raised ("" when it drew)."""

    png: bytes = b""
    error: str = ""


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
    fig = _check_figure("fig", fig)
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
    rendered by :func:`render` and kept as PNG in the panel's ``png``. The picture is one
    ``ipywidgets.Image`` inside the panel's Output: a move sends only its new bytes (a binary
    message, no base64) and the browser keeps the element, swapping its pixels. A ``draw`` with
    a ``fig`` parameter is handed the figure it returned last time (``None`` at first) and may
    draw into it again (``plotting.figure(reuse=fig)``): new axes and ticks cost more than the
    drawing, and a new figure per move leaves a whole figure of reference cycles for Python's
    full garbage collections (each ~0.1–0.2 s in a notebook kernel) to find. A move that
    raises shows one line, ``TypeName: message``, in place of the figure (no traceback). The
    controls are laid out in ``columns`` columns. Nothing outside the panel changes: no global
    setting (the garbage collector's included) is touched; one full collection runs once the
    first picture is drawn.
    """
    draw = validate.function("draw", draw, "a function that draws a figure")
    controls = _check_controls(draw, controls)
    columns = validate.integer("columns", columns, 1, 20)
    panel, out, image = Demo(), w.Output(), w.Image(format="png")
    reuses = "fig" in inspect.signature(draw).parameters
    last = {}

    def show(change=None):
        values = {name: control.value for name, control in controls.items()}
        before = set(plt.get_fignums())
        try:
            fig = draw(**values, fig=last.get("fig")) if reuses else draw(**values)
            fig = plt.gcf() if fig is None else fig  # a draw function that only used pyplot
            panel.png = render(fig)
        except Exception as err:  # a demo answers every move: the error in one line
            for number in set(plt.get_fignums()) - before:  # what the failed move opened
                plt.close(number)
            panel.error = f"{type(err).__name__}: {err}"
            out.outputs = ()
            out.append_stderr(panel.error + "\n")
            return
        panel.error = ""
        plt.close(fig)  # off pyplot's list (not shown again); the object stays usable
        if reuses:
            last["fig"] = fig
        _picture(out, image, panel.png)

    show()
    for control in controls.values():
        control.observe(show, names="value")
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


def _picture(out: w.Output, image: w.Image, png: bytes) -> None:
    """Show ``png`` in ``image``, the one view ``out`` holds (after an error line, again)."""
    if image.value == png:  # the same pixels: traitlets sends nothing, so send them again
        image.send_state("value")
    else:
        image.value = png
    if not any(shown["output_type"] == "display_data" for shown in out.outputs):
        out.outputs = ()
        out.append_display_data(image)


# --- argument checks -------------------------------------------------------------------------


def _ends(low, high, *, limit: float | None = None) -> tuple[float, float]:
    """A slider's ends: finite numbers ``low < high`` (at most ``limit`` in size, for the
    exponents of a log slider)."""
    allowed = "a finite number" + (
        f" from −{limit} to {limit} (an exponent of 10)" if limit else ""
    )
    ok = (lambda v: abs(v) <= limit) if limit else (lambda v: True)
    low, high = validate.real("low", low, allowed, ok), validate.real("high", high, allowed, ok)
    if not low < high:
        raise ValueError(f"low must be below high, got low={low:g}, high={high:g}")
    return low, high


def _is_format(fmt: str) -> bool:
    """Whether ``fmt`` formats a number (``".3g"``)."""
    try:
        format(1.5, fmt)
    except ValueError:
        return False
    return True


def _check_controls(draw, controls) -> Mapping:
    """``controls``: a widget (with a value) for each parameter of ``draw`` without a default
    (``fig`` aside: :func:`live` passes it), and only for parameters of ``draw``."""
    validate.mapping("controls", controls, "parameter name → control", empty=True)
    parameters = inspect.signature(draw).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    for name, control in controls.items():
        if not isinstance(control, w.ValueWidget):
            raise TypeError(f"controls[{name!r}] must be a control (slider()), got {control!r:.60}")
        if name not in parameters and not takes_any:
            raise ValueError(
                f"controls[{name!r}]: draw takes no argument {name!r}; it takes {list(parameters)}"
            )
    needed = [
        name
        for name, p in parameters.items()
        if p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        and name != "fig"
    ]
    if missing := [name for name in needed if name not in controls]:
        raise ValueError(
            f"controls must hold a control for each argument of draw: missing {missing}"
        )
    return controls
