"""Figures and tables for notebook 04 (backpropagation); they draw what ``helpers.backprop``
computes and do no mathematics of their own.

- :func:`draw_network` — the lecture's example network with forward values and ``∂L/∂·``.
- :func:`formula`, :func:`partial_formula` — a node of the scalar graph and its local
  derivatives in symbols (``w1·x1 + w2·x2``; ``x1``, ``w1``).
- :func:`backward_table`, :func:`describe_step` — the simple backpropagation algorithm, one row
  (or one line) per node.
- :func:`matrix_text`, :func:`number`, :func:`symbol` — stable text for matrices, numbers and
  node names (``w7`` → ``w₇``) in printed output.
- :func:`plot_activations`, :func:`plot_tangent` — σ, tanh, ReLU and their derivatives.
- :func:`plot_history` — loss and accuracy per epoch of ``helpers.backprop.train``.
- :func:`show_digits` — 8×8 digit images with their labels (and predictions).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

import numpy as np

from helpers import validate
from helpers.backprop import History
from helpers.engine import BackwardStep, Graph, lecture_graph, weights_and_values
from helpers.plotting import (
    _MAX_PANELS,
    COLORS,
    PALETTE,
    _check_ax,
    _check_panels,
    _check_values,
    axes,
    figure,
    fixed_margins,
)

__all__ = [
    "Table",
    "backward_table",
    "describe_step",
    "draw_network",
    "formula",
    "matrix_text",
    "number",
    "partial_formula",
    "plot_activations",
    "plot_history",
    "plot_tangent",
    "show_digits",
    "symbol",
]

_MAX_DIGITS = 400  # images in one figure of show_digits
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_MASK = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85}
GRADIENT_COLOR = PALETTE[1]  # vermilion: everything the backward pass computes
VALUE_COLOR = "#222222"


def symbol(text: str) -> str:
    """Node names with subscript indices: ``"w7"`` → ``"w₇"``, ``"ReLU′(i2)"`` → ``"ReLU′(i₂)"``."""
    text = validate.text("text", text)
    return re.sub(r"([A-Za-z])(\d+)", lambda m: m[1] + m[2].translate(_SUBSCRIPT), text)


def number(v: float) -> str:
    """A short, stable text for a number: ``6``, ``−0.5``, ``1.23e+04`` (a true minus sign)."""
    v = validate.real("v", v) + 0.0  # turns −0.0 into 0.0
    text = f"{v:.0f}" if v.is_integer() and abs(v) < 1e6 else f"{v:.3g}"
    return text.replace("-", "−")


def matrix_text(a, digits: int = 3) -> str:
    """A vector or matrix as aligned text with ``digits`` decimals (true minus signs, no −0),
    one row per line — stable output for notebooks, unlike NumPy's reprs."""
    a = np.atleast_2d(_check_values("a", a, ndim=None))
    digits = validate.integer("digits", digits, 0, 15)
    if a.ndim != 2:
        raise ValueError(f"a must be a vector or a matrix, got shape {a.shape}")
    cells = [
        [f"{v + 0.0:.{digits}f}".replace("-", "−") for v in row] for row in np.round(a, digits)
    ]
    width = max(len(c) for row in cells for c in row)
    return "\n".join("[ " + "  ".join(c.rjust(width) for c in row) + " ]" for row in cells)


def _symbolic_factor(text: str) -> str:
    return f"({text})" if text.startswith("−") or " + " in text else text


def _factor(v: float) -> str:
    text = number(v)
    return f"({text})" if text.startswith("−") else text


def _node_values(name: str, values, nodes, *, every: bool = True) -> Mapping[str, float]:
    """``values``: a finite number for each of ``nodes`` (every one, unless ``every=False``:
    then any of them), as ``Graph.forward`` and ``Graph.backward`` return them."""
    validate.mapping(name, values, "node name → number", empty=not every)
    missing = [i for i in nodes if i not in values] if every else []
    unknown = [i for i in values if i not in nodes]
    if missing or unknown:
        raise ValueError(
            f"{name} must give a number to {'every node' if every else 'nodes'} of {nodes}"
            f" (pass the result of graph.forward()); missing {missing}, unknown {unknown}"
        )
    for i, v in values.items():
        validate.real(f"{name}[{i!r}]", v)
    return values


# --- the lecture's network -------------------------------------------------------------------

_NODES = lecture_graph().names  # the nodes the drawing shows

# Where each drawn box sits; hidden unit j shows both i_j and h_j. The hidden units are spread
# wider than the inputs so that, near the hidden layer, the six input edges run apart from
# each other and each weight's labels sit on its own edge, clear of every crossing.
_BOXES = {
    "x1": (0.0, 1.0),
    "x2": (0.0, -1.0),
    "1": (2.6, 2.4),
    "2": (2.6, 0.0),
    "3": (2.6, -2.4),
    "o": (4.9, 0.0),
    "L": (6.8, 0.0),
    "gold": (6.8, -1.7),
}
_INPUT_EDGE_AT = 0.62  # where along an input edge its weight's labels sit (all at the same x)
# (from box, to box, weight on the edge, where along the edge its labels sit)
_EDGES = [
    ("x1", "1", "w1", _INPUT_EDGE_AT),
    ("x2", "1", "w2", _INPUT_EDGE_AT),
    ("x1", "2", "w3", _INPUT_EDGE_AT),
    ("x2", "2", "w4", _INPUT_EDGE_AT),
    ("x1", "3", "w5", _INPUT_EDGE_AT),
    ("x2", "3", "w6", _INPUT_EDGE_AT),
    ("1", "o", "w7", 0.5),
    ("2", "o", "w8", 0.5),
    ("3", "o", "w9", 0.5),
    ("o", "L", None, 0.5),
    ("gold", "L", None, 0.5),
]


def _box_of(name: str) -> str:
    """The drawn box (or weight label) that shows node ``name``."""
    return name[1] if name[0] in "ih" and name[1:].isdigit() else name


def _box_text(box: str, values: Mapping[str, float]) -> str:
    if box.isdigit():
        return f"i{box} = {number(values['i' + box])}\nh{box} = {number(values['h' + box])}"
    if box == "L":
        return f"L = (o − gold)²\n= {number(values['L'])}"
    return f"{box} = {number(values[box])}"


def _gradient_text(box: str, gradients: Mapping[str, float]) -> str:
    names = [f"i{box}", f"h{box}"] if box.isdigit() else [box]
    return "\n".join(f"∂L/∂{n} = {number(gradients[n])}" for n in names if n in gradients)


def _label(ax, x, y, text, *, color, offset=0.0, bbox=None, zorder=3):
    """``text`` centred at ``(x, y)``, moved down by ``offset`` font sizes (``va="top"``)."""
    ax.annotate(
        symbol(text),
        (x, y),
        xytext=(0, -offset),
        textcoords="offset fontsize",
        ha="center",
        va="top" if offset else "center",
        color=color,
        bbox=bbox or _MASK,
        zorder=zorder,
    )


def _draw_edges(ax, values, gradients, frame) -> None:
    """The edges, each weight's value on its edge and, below it, ``∂L/∂w`` when known."""
    for start, end, weight, where in _EDGES:
        (x0, y0), (x1, y1) = _BOXES[start], _BOXES[end]
        ax.plot([x0, x1], [y0, y1], color="#9a9a9a", lw=1.3, zorder=1)
        if weight is None:
            continue
        px, py = x0 + where * (x1 - x0), y0 + where * (y1 - y0)
        box = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#cccccc", "lw": 0.8}
        _label(
            ax,
            px,
            py,
            f"{weight} = {number(values[weight])}",
            color=VALUE_COLOR,
            bbox=frame(weight, box),
        )
        if weight in gradients:
            text = f"∂L/∂{weight} = {number(gradients[weight])}"
            _label(ax, px, py, text, color=GRADIENT_COLOR, offset=0.75)


def _draw_boxes(ax, values, gradients, frame) -> None:
    """The nodes' boxes with their forward values and, below each, ``∂L/∂·`` when known."""
    for box, (x, y) in _BOXES.items():
        style = {"boxstyle": "round,pad=0.35", "fc": "#EAF2FA", "ec": PALETTE[0], "lw": 1.5}
        if box in ("L", "gold"):
            style.update(fc="#F4F4F4", ec="#777777")
        _label(
            ax, x, y, _box_text(box, values), color=VALUE_COLOR, bbox=frame(box, style), zorder=4
        )
        text = _gradient_text(box, gradients)
        if text:
            lines = 2 if box.isdigit() or box == "L" else 1
            _label(ax, x, y, text, color=GRADIENT_COLOR, offset=0.7 * lines + 0.6, zorder=4)


def network_figure(reuse=None):
    """A figure for :func:`draw_network`, returned as ``(fig, ax)``; ``reuse``: the figure of
    a live demo's last move, emptied and drawn into again (``plotting.figure``).

    A fixed layout: constrained layout would measure every label on each redraw (slow)."""
    fig, ax = figure(width=1.5, height=1.45, layout="none", reuse=reuse)
    fig.subplots_adjust(left=0.0, right=1.0, bottom=0.0, top=0.94)
    return fig, ax


def draw_network(
    values: Mapping[str, float],
    gradients: Mapping[str, float] | None = None,
    *,
    current: str | None = None,
    successors: Sequence[str] = (),
    title: str | None = None,
    ax=None,
):
    """The lecture's two-input, three-ReLU-unit network with its numbers.

    ``values``: every node's value (``helpers.backprop.worked_example()[0]`` or
    ``Graph.forward``); ``gradients``: ``∂L/∂name`` for any subset of the nodes (shown in
    vermilion below the node or weight; missing ones are left out, as in a backward pass still
    running). ``current`` highlights one node (solid orange) and ``successors`` the nodes its
    gradient is collected from (dashed orange). Returns ``(fig, ax)``.
    """
    values = _node_values("values", values, _NODES)
    gradients = _node_values(
        "gradients", {} if gradients is None else gradients, _NODES, every=False
    )
    current = None if current is None else validate.choice("current", current, _NODES)
    if not isinstance(successors, list | tuple):
        raise TypeError(f"successors must be a list of node names, got {successors!r}")
    for k, name in enumerate(successors):
        validate.choice(f"successors[{k}]", name, _NODES)
    title = validate.text("title", title, optional=True)
    fig, ax = network_figure() if _check_ax("ax", ax) is None else axes(ax)
    ax.set_axis_off()
    ax.set_xlim(-0.75, 7.6)
    ax.set_ylim(-3.55, 3.0)
    highlight = {_box_of(current)} if current else set()
    secondary = {_box_of(s) for s in successors} - highlight

    def frame(key, base):
        if key in highlight:
            return {**base, "fc": "#FFE2B0", "ec": COLORS["highlight"], "lw": 2.5}
        if key in secondary:
            return {**base, "ec": COLORS["highlight"], "lw": 2.0, "ls": "--"}
        return base

    _draw_edges(ax, values, gradients, frame)
    _draw_boxes(ax, values, gradients, frame)
    legend = "black: values of the forward pass"
    if gradients:
        legend += "    vermilion: ∂L/∂· from the backward pass"
    ax.text(0.01, 0.0, legend, transform=ax.transAxes, color="#555555", va="bottom")
    if title:
        ax.set_title(title, y=1.0)  # a fixed position skips matplotlib's slow auto-placement
    return fig, ax


# --- the backward pass as a table ------------------------------------------------------------


class Table:
    """A small table that shows as HTML in a notebook and as aligned text elsewhere."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]]):
        if not isinstance(header, list | tuple) or not all(isinstance(h, str) for h in header):
            raise TypeError(f"header must be a list of column names (strings), got {header!r}")
        if not header:
            raise ValueError("header is empty: a table needs at least one column")
        if not isinstance(rows, list | tuple):
            raise TypeError(f"rows must be a list of rows (lists of cells), got {rows!r}")
        for k, r in enumerate(rows):
            if not isinstance(r, list | tuple) or len(r) != len(header):
                raise ValueError(f"rows[{k}] must be a list of {len(header)} cells, got {r!r}")
        self.header = list(header)
        self.rows = [list(map(str, r)) for r in rows]

    def __repr__(self) -> str:
        cells = [self.header, *self.rows]
        widths = [max(len(r[c]) for r in cells) for c in range(len(self.header))]
        lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(line.rstrip() for line in lines)

    def _repr_html_(self) -> str:
        def row(cells, tag):
            inner = "".join(
                f'<{tag} style="text-align:left">{html.escape(c)}</{tag}>' for c in cells
            )
            return f"<tr>{inner}</tr>"

        body = "".join(row(r, "td") for r in self.rows)
        return f"<table><thead>{row(self.header, 'th')}</thead><tbody>{body}</tbody></table>"


# How each op of helpers.engine is written, from its arguments' names: the node itself, and its
# local derivatives (∂f/∂a_1, …, ∂f/∂a_k) in the order of the arguments.
def _weighted_sum_symbols(*a: str) -> str:
    w, x = weights_and_values(a)
    return " + ".join(f"{w_k}·{x_k}" for w_k, x_k in zip(w, x, strict=True))


def _weighted_sum_partial_symbols(*a: str) -> tuple[str, ...]:
    w, x = weights_and_values(a)
    return (*x, *w)  # ∂/∂w_k = x_k and ∂/∂x_k = w_k


_SYMBOLS = {
    "weighted sum": (_weighted_sum_symbols, _weighted_sum_partial_symbols),
    "ReLU": (lambda a: f"ReLU({a})", lambda a: (f"ReLU′({a})",)),
    "squared error": (
        lambda o, gold: f"({o} − {gold})²",
        lambda o, gold: (f"2({o} − {gold})", f"−2({o} − {gold})"),
    ),
}


def _symbols(op) -> tuple:
    """How ``op`` is written: the lecture's ops as in ``_SYMBOLS``; any other op (say, one added
    in an exercise) by its name, ``f(a)`` with the local derivative ``f′(a)``, or
    ``f(a, b)`` with ``∂f/∂a``, ``∂f/∂b``."""
    if op.name in _SYMBOLS:
        return _SYMBOLS[op.name]
    if op.arity == 1:
        return (lambda a: f"{op.name}({a})", lambda a: (f"{op.name}′({a})",))
    return (
        lambda *a: f"{op.name}({', '.join(a)})",
        lambda *a: tuple(f"∂{op.name}/∂{a_k}" for a_k in a),
    )


def formula(graph, i: str) -> str:
    """Node ``i`` of ``graph`` (a ``helpers.backprop.Graph``) in symbols, e.g. ``ReLU(i1)``;
    an input node is its own name."""
    graph = validate.instance("graph", graph, Graph, "a helpers.backprop.Graph")
    op = graph.op(validate.choice("i", i, graph.names))
    return i if op is None else _symbols(op)[0](*graph.predecessors(i))


def partial_formula(graph, j: str, i: str) -> str:
    """``∂u⁽ʲ⁾/∂u⁽ⁱ⁾`` in symbols, e.g. ``w7`` for ``("o", "h1")`` (a sum where ``i`` fills
    several arguments of ``j``)."""
    graph = validate.instance("graph", graph, Graph, "a helpers.backprop.Graph")
    args = graph.predecessors(validate.choice("j", j, graph.names))
    if not args:
        raise ValueError(f"j must be a computed node (not an input), got {j!r}")
    validate.choice("i", i, args)  # an argument of j
    parts = _symbols(graph.op(j))[1](*args)
    return " + ".join(d for k, d in zip(args, parts, strict=True) if k == i)


def _step_parts(graph, step) -> tuple[str, str]:
    """``Σ_j g(j)·∂u(j)/∂u`` for one ``BackwardStep``, in symbols and in numbers."""
    if not step.terms:
        return "start: g(output) = 1", "1"
    i = step.node
    terms = " + ".join(
        f"g({j})·{_symbolic_factor(partial_formula(graph, j, i))}" for j, _, _ in step.terms
    )
    numbers = " + ".join(f"{_factor(g)}·{_factor(d)}" for _, g, d in step.terms)
    return symbol(terms), numbers


def describe_step(graph, step) -> str:
    """One step of the backward pass in a line, e.g. ``g(h₁) = g(o)·w₇ = 6·(−1) = −6``."""
    graph = validate.instance("graph", graph, Graph, "a helpers.backprop.Graph")
    step = validate.instance("step", step, BackwardStep, "a step of graph.backward_steps(values)")
    if step.node not in graph.names:
        raise ValueError(f"step must be a step of graph's backward pass; {step.node!r} is no node")
    if not step.terms:
        return f"g({symbol(step.node)}) = 1: the output's derivative with respect to itself"
    terms, numbers = _step_parts(graph, step)
    return f"g({symbol(step.node)}) = {terms} = {numbers} = {number(step.g)}"


def backward_table(graph, values: Mapping[str, float]) -> Table:
    """The simple backpropagation algorithm on ``graph`` (a ``helpers.backprop.Graph``), one
    row per node in the order it runs: the node, its successors ``j``, the sum
    ``Σ_j g(j)·∂u(j)/∂u`` in symbols and in numbers, and the result ``g(u) = ∂L/∂u``."""
    graph = validate.instance("graph", graph, Graph, "a helpers.backprop.Graph")
    values = _node_values("values", values, graph.names)
    rows = []
    for k, step in enumerate(graph.backward_steps(values), start=1):
        terms, numbers = _step_parts(graph, step)
        successors = symbol(", ".join(step.successors)) or "—"
        rows.append([str(k), symbol(step.node), successors, terms, numbers, number(step.g)])
    header = ["step", "node u", "successors j", "Σ g(j)·∂u(j)/∂u", "in numbers", "g(u) = ∂L/∂u"]
    return Table(header, rows)


# --- activations -----------------------------------------------------------------------------


def plot_activations(
    x: np.ndarray,
    curves: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
    *,
    every: int = 8,
    axs=None,
):
    """One panel per activation: ``f`` (blue), its derivative ``f′`` (vermilion) and centred
    finite differences (black dots, every ``every``-th point).

    ``curves`` maps a name to ``(f(x), f′(x), numerical f′(x))``. Returns ``(fig, axes)``.
    """
    x = _check_values("x", x)
    checked, what = {}, "(f(x), f′(x), numerical f′(x))"
    for name, triple in validate.mapping("curves", curves, f"name → {what}").items():
        parts = validate.parts(f"curves[{name!r}]", triple, 3, what)
        checked[name] = [_check_values(f"curves[{name!r}]", c, n=len(x), of="x") for c in parts]
    curves = checked
    every = validate.integer("every", every, 1, len(x))
    _check_panels("axs", axs, len(curves))
    if axs is None:
        fig, axs = figure(ncols=len(curves), width=1.45, height=1.15)
        axs = np.atleast_1d(axs)
    else:
        fig = axs[0].figure
    for ax, (name, (y, dy, numeric)) in zip(axs, curves.items(), strict=True):
        ax.plot(x, y, color=PALETTE[0], label=f"{name}(x)")
        ax.plot(x, dy, color=GRADIENT_COLOR, label=f"{name}′(x)")
        ax.plot(x[::every], numeric[::every], "o", color="black", ms=3.5, label="finite difference")
        ax.axhline(0, color="#999999", lw=0.8)
        ax.set_title(name)
        ax.set_xlabel("x")
    axs[0].legend(loc="upper left")
    return fig, axs


def tangent_figure(reuse=None):
    """A figure for :func:`plot_tangent`, returned as ``(fig, ax)``, with fixed margins (it is
    drawn on every move of a live demo); ``reuse`` as in :func:`network_figure`."""
    fig, ax = figure(layout="none", reuse=reuse)
    fixed_margins(fig, left=4.0, bottom=3.2, top=2.0, right=1.0)
    return fig, ax


def plot_tangent(
    x: np.ndarray,
    y: np.ndarray,
    dy: np.ndarray,
    x0: float,
    y0: float,
    slope: float,
    name: str,
    *,
    ax=None,
):
    """``f`` and ``f′`` over ``x``, the tangent of ``f`` at ``x0`` (slope ``f′(x0)``) and the
    point ``(x0, f′(x0))`` on the derivative's curve. Returns ``(fig, ax)``.

    Drawn on every move of the live demo's slider, so a new figure gets fixed margins instead
    of the house style's constrained layout, which would measure every label on each redraw.
    """
    x = _check_values("x", x)
    y, dy = (_check_values(k, v, n=len(x), of="x") for k, v in (("y", y), ("dy", dy)))
    x0, y0, slope = validate.real("x0", x0), validate.real("y0", y0), validate.real("slope", slope)
    name = validate.text("name", name)
    fig, ax = tangent_figure() if _check_ax("ax", ax) is None else axes(ax)
    ax.plot(x, y, color=PALETTE[0], label=f"{name}(x)")
    ax.plot(x, dy, color=GRADIENT_COLOR, label=f"{name}′(x)")
    span = np.array([x0 - 1.5, x0 + 1.5])
    ax.plot(span, y0 + slope * (span - x0), color=COLORS["highlight"], ls="--", label="tangent")
    ax.plot([x0], [y0], "o", color=PALETTE[0])
    ax.plot([x0], [slope], "o", color=GRADIENT_COLOR)
    ax.axvline(x0, color="#999999", lw=0.8)
    low = min(float(np.min(y)), float(np.min(dy)), 0.0)
    high = max(float(np.max(y)), float(np.max(dy)), 1.0)
    pad = 0.1 * (high - low)
    ax.set_ylim(low - pad, high + pad)
    ax.set_xlim(x[0], x[-1])
    ax.set_xlabel("x")
    # a fixed title position skips matplotlib's search for a place clear of the tick labels
    ax.set_title(f"{name}′({number(round(x0, 2))}) = {slope:.3f}: the slope of the tangent", y=1.0)
    ax.legend(loc="upper left")
    return fig, ax


# --- training --------------------------------------------------------------------------------


def plot_history(history, *, axs=None, title: str | None = None):
    """Loss (left) and accuracy (right) per epoch of a ``helpers.backprop.History``: the
    training averages in the train colour, the development set in the dev colour.
    Returns ``(fig, axes)``."""
    history = validate.instance("history", history, History, "a helpers.backprop.History")
    _check_panels("axs", axs, 2)
    title = validate.text("title", title, optional=True)
    if axs is None:
        fig, axs = figure(ncols=2)
    else:
        fig = axs[0].figure
    epochs = np.arange(1, history.epochs + 1)
    panels = [("loss", "cross-entropy loss"), ("accuracy", "accuracy")]
    for ax, (key, label) in zip(axs, panels, strict=True):
        ax.plot(epochs, getattr(history, f"train_{key}"), color=COLORS["train"], label="train")
        dev = getattr(history, f"dev_{key}")
        if len(dev):
            ax.plot(epochs, dev, color=COLORS["dev"], label="dev")
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
    axs[0].set_yscale("log")
    axs[1].legend(loc="lower right")
    if title:
        fig.suptitle(title)
    return fig, axs


def show_digits(
    images: np.ndarray,
    labels: np.ndarray,
    predictions: np.ndarray | None = None,
    *,
    ncols: int = 8,
    title: str | None = None,
):
    """8×8 digit images (rows of 64 pixels) with ``label`` or ``label → prediction`` above
    each (in the test-set colour when predictions are shown). Returns the Figure."""
    images = _check_values("images", images, ndim=2)
    n = len(images)
    if images.shape[1] != 64 or n > _MAX_DIGITS:
        raise ValueError(
            f"images must have shape (n, 64) with n ≤ {_MAX_DIGITS}: rows of 8×8 pixels, "
            f"got {images.shape}"
        )
    labels = validate.labels("labels", labels, n, 10)
    if predictions is not None:
        predictions = validate.labels("predictions", predictions, n, 10)
    ncols = min(validate.integer("ncols", ncols, 1, _MAX_DIGITS), n)
    if -(-n // ncols) > _MAX_PANELS:
        least = -(-n // _MAX_PANELS)
        raise ValueError(f"ncols must be at least {least} for {n} images, got {ncols}")
    title = validate.text("title", title, optional=True)
    nrows = -(-n // ncols)
    fig, axs = figure(ncols=ncols, nrows=nrows, width=1.1, height=0.3 * nrows + 0.1)
    axs = np.atleast_1d(axs).reshape(-1)
    for k, ax in enumerate(axs):
        ax.set_axis_off()
        if k >= n:
            continue
        ax.imshow(images[k].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        text = str(labels[k]) if predictions is None else f"{labels[k]} → {predictions[k]}"
        ax.set_title(text, color=VALUE_COLOR if predictions is None else COLORS["test"])
    if title:
        fig.suptitle(title)
    return fig
