"""Live demos for notebook 04 (backpropagation). Only wiring: the numbers come from
``helpers.backprop``, the pictures from ``helpers.plotting.backprop``.

- :func:`backward_walk_demo` — a slider runs the lecture's backward pass one node at a time over
  the drawn network; two more move the inputs ``x₁``, ``x₂`` and every number follows.
- :func:`activation_demo` — σ, tanh or ReLU with the tangent at a point chosen by a slider.
"""

from __future__ import annotations

import numpy as np

from helpers import backprop, validate
from helpers.plotting import _check_figure
from helpers.plotting import backprop as draw
from helpers.widgets import dropdown, int_slider, live, slider

__all__ = ["activation_demo", "backward_walk_demo", "draw_activation", "draw_backward_walk"]

_GRAPH = backprop.lecture_graph()
STEPS = len(_GRAPH.names)  # the backward pass visits every node once


def draw_backward_walk(step: int = 0, x1: float = 1.0, x2: float = 2.0, *, fig=None):
    """The lecture's network after ``step`` iterations of the simple backpropagation loop
    (0: only the forward pass), with inputs ``x1``, ``x2``; the node handled at ``step`` is
    highlighted together with the successors its gradient is collected from, and the title
    spells out its sum. Returns the Figure. ``fig``: the figure of the previous call, drawn into
    again (:func:`helpers.widgets.live`)."""
    step = validate.integer("step", step, 0, STEPS)
    x1, x2 = validate.real("x1", x1), validate.real("x2", x2)
    fig = _check_figure("fig", fig, optional=True)
    values = _GRAPH.forward({**backprop.LECTURE_NETWORK, "x1": x1, "x2": x2})
    steps = _GRAPH.backward_steps(values)
    known = {s.node: s.g for s in steps[:step]}
    fig, ax = draw.network_figure(reuse=fig)
    if step == 0:
        title = f"Forward pass: L = {draw.number(values['L'])}. Move “backward step” to go back."
        draw.draw_network(values, known, title=title, ax=ax)
        return fig
    current = steps[step - 1]
    title = f"step {step}/{len(steps)}:  {draw.describe_step(_GRAPH, current)}"
    draw.draw_network(
        values, known, current=current.node, successors=current.successors, title=title, ax=ax
    )
    return fig


def backward_walk_demo():
    """Sliders: the backward step (0 … number of nodes) and the inputs ``x₁``, ``x₂``."""
    controls = {
        "step": int_slider(0, 0, STEPS, "backward step"),
        "x1": slider(1.0, -3.0, 3.0, 0.5, "x₁"),
        "x2": slider(2.0, -3.0, 3.0, 0.5, "x₂"),
    }
    return live(draw_backward_walk, controls, columns=3)


_X = np.linspace(-5.0, 5.0, 1001)  # fine enough that ReLU′'s jump at 0 looks vertical
_NAMES = {"σ (sigmoid)": "sigmoid", "tanh": "tanh", "ReLU": "relu"}
_SYMBOLS = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU"}
# The curves do not depend on the slider: computed once, at import.
_CURVES = {name: (act(_X), act.grad(_X)) for name, act in backprop.ACTIVATIONS.items()}


def draw_activation(activation: str = "tanh", x0: float = 0.5, *, fig=None):
    """``activation`` (``"sigmoid"``, ``"tanh"`` or ``"relu"``) and its derivative, with the
    tangent at ``x0`` whose slope is the derivative there. Returns the Figure. ``fig``: the
    figure of the previous call, drawn into again (:func:`helpers.widgets.live`)."""
    activation = validate.choice("activation", activation, sorted(_CURVES))
    x0 = validate.real("x0", x0)
    fig = _check_figure("fig", fig, optional=True)
    act = backprop.ACTIVATIONS[activation]
    y, dy = _CURVES[activation]
    value, slope = float(act(np.array(x0))), float(act.grad(np.array(x0)))
    fig, ax = draw.tangent_figure(reuse=fig)
    draw.plot_tangent(_X, y, dy, x0, value, slope, _SYMBOLS[activation], ax=ax)
    return fig


def activation_demo():
    """A drop-down for the activation and a slider for the point ``x0``."""
    controls = {
        "activation": dropdown(_NAMES, "tanh", "activation"),
        "x0": slider(0.5, -5.0, 5.0, 0.1, "x₀"),
    }
    return live(draw_activation, controls)
