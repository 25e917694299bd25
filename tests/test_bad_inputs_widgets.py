"""Bad inputs to every public callable of ``helpers.widgets`` (issue 18): the controls, the
panel and each demo's drawing function get a ``TypeError`` or ``ValueError`` that names the
argument the caller used (``learning_rate``, not an inner ``c``), before anything is drawn.

One :class:`badinput.Case` per public callable; ``tests/badinput.py`` derives the bad calls.
The drawing functions are called with ``fig=None`` (a new figure): only the valid call and the
few accepted values draw at all, every bad call stops at the first lines. ``fig=None`` is
accepted everywhere: it is the default (a new figure; ``live`` passes the last one).
"""

import badinput
import matplotlib.pyplot as plt
import pytest
from badinput import Case
from matplotlib.figure import Figure

from helpers import widgets
from helpers.widgets import backprop, generalization, mle, optimizers, schedules, sgd


def _draw_a(a):
    """A drawing function for :func:`widgets.live`: one control ``a``."""
    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [0, a])
    return fig


SMALL = Figure(figsize=(1, 1))
SMALL.add_subplot().plot([0, 1])
A = widgets.slider(0.5, 0.0, 1.0, 0.1, "a")

CASES = {
    "helpers.widgets.slider": Case(
        widgets.slider,
        {
            "value": 0.5,
            "low": 0.0,
            "high": 1.0,
            "step": 0.1,
            "description": "a",
            "log": False,
            "fmt": ".2f",
        },
        {
            "value": "real",
            "low": "real",
            "high": "real",
            "step": "positive",
            "description": "text",
            "log": "flag",
            "fmt": "text",
        },
        accept={"fmt": ("None",)},  # the default format
        extra=[
            ("outside the ends", {"value": 1.5}, "value"),
            ("low above high", {"low": 2.0, "high": 1.0}, "low"),
            ("outside the ends of a log slider", {"value": 50.0, "log": True}, "value"),
            ("an exponent too large", {"value": 1.0, "low": -400.0, "log": True}, "low"),
            ("not a format", {"fmt": "abc"}, "fmt"),
        ],
    ),
    "helpers.widgets.int_slider": Case(
        widgets.int_slider,
        {"value": 2, "low": 0, "high": 5, "description": "b", "step": 1},
        {"value": "index", "low": "index", "high": "index", "description": "text", "step": "count"},
        accept={"low": ("negative",)},  # a slider may start below 0
        extra=[("outside the ends", {"value": 7}, "value"), ("equal ends", {"low": 5}, "low")],
    ),
    "helpers.widgets.dropdown": Case(
        widgets.dropdown,
        {"options": ["a", "b"], "value": "b", "description": "d"},
        {"options": "list", "value": "str", "description": "text"},
        extra=[("a label, not a value", {"options": {"A": "a"}, "value": "A"}, "value")],
    ),
    "helpers.widgets.Demo": Case(widgets.Demo, {}, {}),  # a panel; no argument of ours
    "helpers.widgets.render": Case(widgets.render, {"fig": SMALL}, {"fig": "figure"}),
    "helpers.widgets.live": Case(
        widgets.live,
        {"draw": _draw_a, "controls": {"a": A}, "columns": 2},
        {"draw": "callable", "controls": "mapping", "columns": "count"},
        extra=[
            ("a name draw does not take", {"controls": {"a": A, "b": A}}, "controls"),
            ("an argument without a control", {"controls": {}}, "controls"),
        ],
    ),
    # --- the demos: drawing functions, and the panels (no argument) ---
    "helpers.widgets.backprop.draw_backward_walk": Case(
        backprop.draw_backward_walk,
        {"step": 3, "x1": 1.0, "x2": 2.0, "fig": None},
        {"step": "index", "x1": "real", "x2": "real", "fig": "figure"},
        accept={"fig": ("None",)},  # a new figure
        extra=[("past the last node", {"step": backprop.STEPS + 1}, "step")],
    ),
    "helpers.widgets.backprop.draw_activation": Case(
        backprop.draw_activation,
        {"activation": "relu", "x0": 0.5, "fig": None},
        {"activation": "str", "x0": "real", "fig": "figure"},
        accept={"fig": ("None",)},
    ),
    "helpers.widgets.backprop.backward_walk_demo": Case(backprop.backward_walk_demo, {}, {}),
    "helpers.widgets.backprop.activation_demo": Case(backprop.activation_demo, {}, {}),
    "helpers.widgets.generalization.draw_polynomial_fit": Case(
        generalization.draw_polynomial_fit,
        {"degree": 3, "lam": 1e-8, "n": 15, "noise": 0.3, "fig": None},
        {
            "degree": "index",
            "lam": "nonnegative",
            "n": "count",
            "noise": "nonnegative",
            "fig": "figure",
        },
        accept={"fig": ("None",)},
        extra=[
            ("above the largest degree", {"degree": 16}, "degree"),
            ("more than the points", {"n": 101}, "n"),
        ],
    ),
    "helpers.widgets.generalization.polynomial_demo": Case(generalization.polynomial_demo, {}, {}),
    "helpers.widgets.mle.draw_sampling": Case(
        mle.draw_sampling,
        {"n": 10, "sigma": 1.0, "fig": None},
        {"n": "count", "sigma": "positive", "fig": "figure"},
        accept={"fig": ("None",)},
        extra=[("one draw: no variance", {"n": 1}, "n")],
    ),
    "helpers.widgets.mle.draw_likelihood": Case(
        mle.draw_likelihood,
        {"n": 10, "theta": 0.7, "fig": None},
        {"n": "count", "theta": "probability", "fig": "figure"},
        accept={"fig": ("None",)},
        extra=[("more than the flips", {"n": mle.MAX_FLIPS + 1}, "n")],
    ),
    "helpers.widgets.mle.sampling_demo": Case(mle.sampling_demo, {}, {}),
    "helpers.widgets.mle.likelihood_demo": Case(mle.likelihood_demo, {}, {}),
    "helpers.widgets.optimizers.draw_optimizer": Case(
        optimizers.draw_optimizer,
        {
            "optimizer": "Adam",
            "surface": "Beale",
            "learning_rate": 0.01,
            "beta": 0.9,
            "beta2": 0.999,
            "steps": 20,
            "fig": None,
        },
        {
            "optimizer": "str",
            "surface": "str",
            "learning_rate": "positive",
            "beta": "unit",
            "beta2": "unit",
            "steps": "count",
            "fig": "figure",
        },
        accept={"fig": ("None",)},
    ),
    "helpers.widgets.optimizers.optimizer_demo": Case(optimizers.optimizer_demo, {}, {}),
    "helpers.widgets.schedules.draw_designer": Case(
        schedules.draw_designer,
        {"kind": "cosine", "initial": 0.5, "final": 0.005, "steps": 100, "warmup": 10, "fig": None},
        {
            "kind": "str",
            "initial": "positive",
            "final": "positive",
            "steps": "count",
            "warmup": "index",
            "fig": "figure",
        },
        accept={"fig": ("None",)},
    ),
    "helpers.widgets.schedules.designer_demo": Case(schedules.designer_demo, {}, {}),
    "helpers.widgets.sgd.draw_sgd": Case(
        sgd.draw_sgd,
        {"learning_rate": 0.1, "batch_size": 5, "rule": "α/√i", "steps": 30, "fig": None},
        {
            "learning_rate": "positive",
            "batch_size": "count",
            "rule": "str",
            "steps": "count",
            "fig": "figure",
        },
        accept={"fig": ("None",)},
        extra=[
            ("more than the examples", {"batch_size": 101}, "batch_size"),
            ("more than the slider's updates", {"steps": sgd.MAX_STEPS + 1}, "steps"),
        ],
    ),
    "helpers.widgets.sgd.draw_robbins_monro": Case(
        sgd.draw_robbins_monro,
        {"c": 1.0, "power": 1.0, "steps": 1000, "fig": None},
        {"c": "positive", "power": "nonnegative", "steps": "count", "fig": "figure"},
        accept={"fig": ("None",)},
    ),
    "helpers.widgets.sgd.sgd_demo": Case(sgd.sgd_demo, {}, {}),
    "helpers.widgets.sgd.robbins_monro_demo": Case(sgd.robbins_monro_demo, {}, {}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_bad_input_gets_a_named_error(name):
    assert badinput.failures(name, CASES[name]) == []


@pytest.mark.parametrize("name", sorted(n for n, case in CASES.items() if case.kinds))
def test_the_valid_call_works(name):
    """The call each case starts from is valid (else every bad call would fail for nothing).
    The panels (no argument) are built by the demos' own tests (tests/test_widgets_*.py)."""
    case = CASES[name]
    case.target()(**case.args)


def test_the_messages_use_the_callers_names():
    """The issue's examples: the demo names its own argument, not the compute function's."""
    with pytest.raises(ValueError, match=r"^learning_rate must be a finite number > 0, got 0"):
        sgd.draw_sgd(learning_rate=0)
    with pytest.raises(ValueError, match=r"^sigma must be a finite number > 0, got 0"):
        mle.draw_sampling(sigma=0)
    with pytest.raises(ValueError, match=r"^theta must be a probability in \[0, 1\], got 1.5"):
        mle.draw_likelihood(theta=1.5)
    with pytest.raises(ValueError, match=r"^optimizer must be one of"):
        optimizers.draw_optimizer(optimizer="Adamax")
