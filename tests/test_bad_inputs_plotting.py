"""Bad inputs to every drawing function of ``helpers.plotting`` (issue 18): each gets a
``TypeError`` or ``ValueError`` that names the argument, before anything is drawn.

One :class:`badinput.Case` per public callable: a call that works and the kind of each argument;
``tests/badinput.py`` derives the bad calls. Drawing functions get the module's off-pyplot
``Axes`` (``ax=AX``), so that the battery makes few figures and runs in seconds.

``accept`` lists bad-looking values that are an argument's documented choices: None where None
is the default (no title, no legend entry, a new figure, the palette's colours) and an empty
list or dict where nothing need be drawn (no marks, no paths); any other one says why.
"""

import badinput
import numpy as np
import pytest
from badinput import Case
from matplotlib.figure import Figure

from helpers import DivergenceError, backprop, plotting, schedules, sgd, surfaces
from helpers import generalization as gen
from helpers import optimizers as opt
from helpers.plotting import backprop as pb
from helpers.plotting import generalization as pg
from helpers.plotting import mle as pm
from helpers.plotting import optimizers as po
from helpers.plotting import schedules as ps
from helpers.plotting import sgd as psg

AX = Figure().add_subplot()  # off pyplot: plt.close("all") after each call leaves it alone
AXS = Figure().subplots(1, 2)
FIG = Figure()
FIG.subplots(1, 2)
FIXED = Figure(layout="none")  # fixed_margins needs a figure without a layout engine
FIXED.subplots(1, 2)


def _without(d: dict, key) -> dict:
    return {k: v for k, v in d.items() if k != key}


def _with(d: dict, **changes) -> dict:
    return {**d, **changes}


# --- helpers.plotting ------------------------------------------------------------------------

CASES = {
    "helpers.plotting.use_style": Case(
        plotting.use_style, {"presentation": False}, {"presentation": "flag"}
    ),
    "helpers.plotting.is_presentation": Case(plotting.is_presentation, {}, {}),  # no argument
    "helpers.plotting.figure": Case(
        plotting.figure,
        {"ncols": 2, "nrows": 1, "width": 1.0, "height": 1.0, "reuse": None},
        {
            "ncols": "count",
            "nrows": "count",
            "width": "positive",
            "height": "positive",
            "reuse": "figure",
        },
        # None: the style's default size; reuse=None: a new figure
        accept={"width": ("None",), "height": ("None",), "reuse": ("None",)},
    ),
    "helpers.plotting.axes": Case(plotting.axes, {"ax": AX}, {"ax": "ax"}),
    "helpers.plotting.empty": Case(plotting.empty, {"fig": FIG}, {"fig": "figure"}),
    "helpers.plotting.fixed_margins": Case(
        plotting.fixed_margins,
        {
            "fig": FIXED,
            "left": 5.0,
            "right": 1.0,
            "bottom": 3.0,
            "top": 2.0,
            "gap": 6.0,
            "ncols": 2,
        },
        {
            "fig": "figure",
            "left": "nonnegative",
            "right": "nonnegative",
            "bottom": "nonnegative",
            "top": "nonnegative",
            "gap": "nonnegative",
            "ncols": "count",
        },
    ),
}

# --- helpers.plotting.backprop ---------------------------------------------------------------

GRAPH = backprop.lecture_graph()
VALUES, GRADIENTS = backprop.worked_example()
STEP = GRAPH.backward_steps(VALUES)[3]
X = np.linspace(-2.0, 2.0, 21)
TANH = (np.tanh(X), 1 - np.tanh(X) ** 2, 1 - np.tanh(X) ** 2)
HISTORY = backprop.History([1.0, 0.5], [0.5, 0.8], [1.1, 0.6], [0.4, 0.7], [1.2, 0.9, 0.6, 0.5])
DIGITS = np.random.default_rng(0).uniform(0.0, 1.0, (4, 64))

CASES |= {
    "helpers.plotting.backprop.symbol": Case(pb.symbol, {"text": "w7"}, {"text": "text"}),
    "helpers.plotting.backprop.number": Case(pb.number, {"v": 6.0}, {"v": "real"}),
    "helpers.plotting.backprop.matrix_text": Case(
        pb.matrix_text, {"a": np.eye(2), "digits": 3}, {"a": "array", "digits": "index"}
    ),
    "helpers.plotting.backprop.Table": Case(
        pb.Table,
        {"header": ["a", "b"], "rows": [["1", "2"]]},
        {"header": "list", "rows": "list"},
        accept={"rows": ("empty",)},  # a table with no rows yet is a table
        extra=[("a short row", {"rows": [["1"]]}, "rows")],
    ),
    "helpers.plotting.backprop.formula": Case(
        pb.formula, {"graph": GRAPH, "i": "h1"}, {"graph": "object", "i": "str"}
    ),
    "helpers.plotting.backprop.partial_formula": Case(
        pb.partial_formula,
        {"graph": GRAPH, "j": "o", "i": "h1"},
        {"graph": "object", "j": "str", "i": "str"},
        extra=[("an input", {"j": "x1", "i": "x2"}, "j"), ("not an argument", {"i": "x1"}, "i")],
    ),
    "helpers.plotting.backprop.describe_step": Case(
        pb.describe_step, {"graph": GRAPH, "step": STEP}, {"graph": "object", "step": "object"}
    ),
    "helpers.plotting.backprop.backward_table": Case(
        pb.backward_table,
        {"graph": GRAPH, "values": VALUES},
        {"graph": "object", "values": "mapping"},
        extra=[
            ("a missing node", {"values": _without(VALUES, "o")}, "values"),
            ("NaN", {"values": _with(VALUES, o=np.nan)}, "values"),
        ],
    ),
    "helpers.plotting.backprop.draw_network": Case(
        pb.draw_network,
        {
            "values": VALUES,
            "gradients": GRADIENTS,
            "current": "h1",
            "successors": ("o",),
            "title": "t",
            "ax": AX,
        },
        {
            "values": "mapping",
            "gradients": "mapping",
            "current": "str",
            "successors": "list",
            "title": "text",
            "ax": "ax",
        },
        accept={
            "gradients": ("None", "empty"),  # no backward pass yet
            "current": ("None",),  # nothing highlighted
            "successors": ("empty",),
            "title": ("None",),
        },
        extra=[
            ("a missing node", {"values": _without(VALUES, "w7")}, "values"),
            ("an unknown node", {"gradients": {"w99": 1.0}}, "gradients"),
            ("NaN", {"gradients": _with(GRADIENTS, o=np.nan)}, "gradients"),
            ("an unknown node", {"successors": ("q",)}, "successors"),
        ],
    ),
    "helpers.plotting.backprop.plot_activations": Case(
        pb.plot_activations,
        {"x": X, "curves": {"tanh": TANH}, "every": 4, "axs": [AX]},
        {"x": "array", "curves": "mapping", "every": "count", "axs": "panels"},
        extra=[
            ("a short curve", {"curves": {"tanh": (TANH[0][:-1], *TANH[1:])}}, "curves"),
            ("a pair", {"curves": {"tanh": TANH[:2]}}, "curves"),
            ("NaN", {"curves": {"tanh": (TANH[0], TANH[1] * np.nan, TANH[2])}}, "curves"),
        ],
    ),
    "helpers.plotting.backprop.plot_tangent": Case(
        pb.plot_tangent,
        {
            "x": X,
            "y": TANH[0],
            "dy": TANH[1],
            "x0": 0.5,
            "y0": 0.46,
            "slope": 0.79,
            "name": "tanh",
            "ax": AX,
        },
        {
            "x": "array",
            "y": "array",
            "dy": "array",
            "x0": "real",
            "y0": "real",
            "slope": "real",
            "name": "text",
            "ax": "ax",
        },
        extra=[("short", {"y": TANH[0][:-1]}, "y"), ("short", {"dy": TANH[1][:-1]}, "dy")],
    ),
    "helpers.plotting.backprop.plot_history": Case(
        pb.plot_history,
        {"history": HISTORY, "axs": AXS, "title": "t"},
        {"history": "object", "axs": "panels", "title": "text"},
        accept={"title": ("None",)},
    ),
    "helpers.plotting.backprop.show_digits": Case(
        pb.show_digits,
        {
            "images": DIGITS,
            "labels": np.array([0, 1, 2, 3]),
            "predictions": np.array([0, 1, 2, 4]),
            "ncols": 8,
            "title": "t",
        },
        {
            "images": "array",
            "labels": "labels",
            "predictions": "labels",
            "ncols": "count",
            "title": "text",
        },
        accept={"predictions": ("None",), "title": ("None",)},  # labels alone; no title
        extra=[("not 64 pixels", {"images": DIGITS[:, :63]}, "images")],
    ),
}


# --- helpers.plotting.generalization ---------------------------------------------------------

X8 = np.linspace(-1.0, 1.0, 8)
GRID = np.linspace(-1.0, 1.0, 30)
DEGREES = np.arange(6.0)
TRAIN = np.array([0.5, 0.3, 0.1, 0.08, 0.05, 0.01])
TEST = np.array([0.6, 0.4, 0.15, 0.2, 0.5, 3.0])
LAMS = np.logspace(-3, 1, 5)
SWEEP = gen.FeatureSweep(
    sizes=np.array([10, 20, 40]),
    n_train=20,
    train_error=np.array([0.3, 0.0, 0.0]),
    test_error=np.array([0.4, 0.5, 0.3]),
    train_loss=np.array([0.5, 0.01, 0.02]),
    test_loss=np.array([0.7, 9.0, 0.6]),
    norm=np.array([1.0, 30.0, 3.0]),
)
WIDTHS = np.array([10.0, 20.0, 40.0])
ERRORS = np.array([[0.3, 0.1, 0.0], [0.35, 0.05, 0.0]])
STEPS = np.array([1, 2, 5, 10])

CASES |= {
    "helpers.plotting.generalization.fit": Case(
        pg.fit,
        {
            "x_train": X8,
            "y_train": X8**2,
            "grid": GRID,
            "truth": GRID**2,
            "prediction": GRID**2 + 0.1,
            "x_test": GRID,
            "y_test": GRID**2,
            "label": "fit",
            "ylim": (-2.0, 2.0),
            "ax": AX,
        },
        {
            "x_train": "array",
            "y_train": "array",
            "grid": "array",
            "truth": "array",
            "prediction": "array",
            "x_test": "array",
            "y_test": "array",
            "label": "text",
            "ylim": "range",
            "ax": "ax",
        },
        accept={"prediction": ("None",)},  # the data and the truth alone
        extra=[
            ("short", {"y_train": X8[:-1]}, "y_train"),
            ("short", {"truth": GRID[:-1]}, "truth"),
            ("short", {"prediction": GRID[:-1]}, "prediction"),
            ("short", {"y_test": GRID[:-1]}, "y_test"),
            ("x_test alone", {"y_test": None}, "y_test"),
        ],
    ),
    "helpers.plotting.generalization.capacity_curve": Case(
        pg.capacity_curve,
        {"degrees": DEGREES, "train": TRAIN, "test": TEST, "noise": 0.3, "ax": AX},
        {
            "degrees": "array",
            "train": "array",
            "test": "array",
            "noise": "nonnegative",
            "ax": "ax",
        },
        accept={"noise": ("None",)},  # no noise floor drawn
        extra=[
            ("short", {"train": TRAIN[:-1]}, "train"),
            ("the issue's NaN", {"test": np.array([np.nan, 0.5, 0.9])}, "test"),
            ("zero on a log axis", {"test": np.r_[0.0, TEST[1:]]}, "test"),
        ],
    ),
    "helpers.plotting.generalization.against_lambda": Case(
        pg.against_lambda,
        {
            "lams": LAMS,
            "curves": {"train MSE": LAMS + 1, "dev MSE": LAMS + 2},
            "ylabel": "MSE",
            "mark": {"chosen": 0.1},
            "logy": True,
            "ax": AX,
        },
        {
            "lams": "array",
            "curves": "curves",
            "ylabel": "text",
            "mark": "mapping",
            "logy": "flag",
            "ax": "ax",
        },
        accept={"mark": ("None", "empty")},  # no line marked
        extra=[
            ("short", {"curves": {"train MSE": LAMS[:-1]}}, "curves"),
            ("zero on a log axis", {"lams": np.r_[0.0, LAMS[1:]]}, "lams"),
            ("three marks", {"mark": {"a": 0.1, "b": 1.0, "c": 2.0}}, "mark"),
        ],
    ),
    "helpers.plotting.generalization.effective_capacity": Case(
        pg.effective_capacity,
        {"lams": LAMS, "counts": LAMS, "parameters": 10, "n": 8, "marks": (1e-3,), "ax": AX},
        {
            "lams": "array",
            "counts": "array",
            "parameters": "count",
            "n": "count",
            "marks": "array",
            "ax": "ax",
        },
        accept={"marks": ("empty",)},  # no λ marked
        extra=[("short", {"counts": LAMS[:-1]}, "counts")],
    ),
    "helpers.plotting.generalization.off_training_errors": Case(
        pg.off_training_errors,
        {
            "smooth": np.array([0.0, 0.5, 0.5, 1.0]),
            "errors": {"a": np.array([1.0, 0.5, 0.0, 0.5]), "b": np.array([0.0, 0.5, 1.0, 0.5])},
            "ax": AX,
        },
        {"smooth": "array", "errors": "curves", "ax": "ax"},
        extra=[
            ("short", {"errors": {"a": np.array([1.0, 0.5, 0.0])}}, "errors"),
            ("four learners", {"errors": {k: np.zeros(4) for k in "abcd"}}, "errors"),
        ],
    ),
    "helpers.plotting.generalization.double_descent": Case(
        pg.double_descent, {"sweep": SWEEP, "axes_": AXS}, {"sweep": "object", "axes_": "panels"}
    ),
    "helpers.plotting.generalization.interpolation_cost": Case(
        pg.interpolation_cost,
        {"sweep": SWEEP, "axes_": AXS},
        {"sweep": "object", "axes_": "panels"},
    ),
    "helpers.plotting.generalization.width_curve": Case(
        pg.width_curve,
        {
            "parameters": WIDTHS,
            "train": ERRORS,
            "test": ERRORS + 0.1,
            "threshold": 20.0,
            "clean": (WIDTHS, ERRORS),
            "ax": AX,
        },
        {
            "parameters": "array",
            "train": "array",
            "test": "array",
            "threshold": "positive",
            "clean": "object",
            "ax": "ax",
        },
        accept={"clean": ("None",)},  # no clean-label curve
        extra=[
            ("a width short", {"train": ERRORS[:, :-1]}, "train"),
            ("a width short", {"clean": (WIDTHS[:-1], ERRORS)}, "clean"),
            ("not a pair", {"clean": (WIDTHS,)}, "clean"),
            ("zero on a log axis", {"parameters": np.r_[0.0, WIDTHS[1:]]}, "parameters"),
        ],
    ),
    "helpers.plotting.generalization.against_steps": Case(
        pg.against_steps,
        {
            "steps": STEPS,
            "curves": {"a": np.array([4.0, 3, 2, 1]), "b": np.array([1.0, 2, 3, 4])},
            "ylabel": "MSE",
            "xlabel": "step",
            "logx": True,
            "styles": ["-", "--"],
            "colors": ["black", "#D55E00"],
            "ax": AX,
        },
        {
            "steps": "array",
            "curves": "curves",
            "ylabel": "text",
            "xlabel": "text",
            "logx": "flag",
            "styles": "list",
            "colors": "list",
            "ax": "ax",
        },
        accept={"styles": ("None",), "colors": ("None",)},  # solid lines, the palette
        extra=[
            ("short", {"curves": {"a": np.ones(3)}}, "curves"),
            ("one style short", {"styles": ["-"]}, "styles"),
            ("not a colour", {"colors": ["black", "no-such-colour"]}, "colors"),
            ("step 0 on a log axis", {"steps": np.array([0, 1, 2, 3])}, "steps"),
        ],
    ),
}

# --- helpers.plotting.mle --------------------------------------------------------------------

THETA = np.linspace(0.05, 0.95, 11)
NLL = (THETA - 0.5) ** 2 + 1.0
N3 = np.array([2.0, 5.0, 10.0])
SAMPLES = np.random.default_rng(1).standard_normal(200)

CASES |= {
    "helpers.plotting.mle.demo_panels": Case(
        pm.demo_panels,
        {"left": 5.5, "gap": 6.5, "top": 2.4, "reuse": None},
        {"left": "nonnegative", "gap": "nonnegative", "top": "nonnegative", "reuse": "figure"},
        accept={"reuse": ("None",)},  # a new figure
    ),
    "helpers.plotting.mle.empirical_vs_true": Case(
        pm.empirical_vs_true,
        {
            "support": np.arange(1, 4),
            "p_data": np.array([0.2, 0.3, 0.5]),
            "p_hat": np.array([0.25, 0.25, 0.5]),
            "n": 20,
            "ax": AX,
        },
        {"support": "array", "p_data": "array", "p_hat": "array", "n": "count", "ax": "ax"},
        accept={"n": ("None",)},  # no title
        extra=[
            ("short", {"p_hat": np.array([0.5, 0.5])}, "p_hat"),
            ("above 1", {"p_data": np.array([0.2, 1.3, 0.5])}, "p_data"),
        ],
    ),
    "helpers.plotting.mle.likelihood_curve": Case(
        pm.likelihood_curve,
        {
            "theta": THETA,
            "values": -NLL,
            "label": "L",
            "color": "#0072B2",
            "ylabel": "L(θ)",
            "ax": AX,
        },
        {
            "theta": "array",
            "values": "array",
            "label": "text",
            "color": "str",
            "ylabel": "text",
            "ax": "ax",
        },
        accept={"label": ("None",), "color": ("None",)},  # no legend entry; the train colour
        extra=[
            ("the issue's empty pair", {"theta": [], "values": []}, "theta"),
            ("short", {"values": NLL[:-1]}, "values"),
            ("all −∞", {"values": np.full(11, -np.inf)}, "values"),
        ],
    ),
    "helpers.plotting.mle.nll_decomposition": Case(
        pm.nll_decomposition,
        {"theta": THETA, "nll": NLL, "cross_entropy": NLL, "kl": NLL - 1, "entropy": 1.0, "ax": AX},
        {
            "theta": "array",
            "nll": "array",
            "cross_entropy": "array",
            "kl": "array",
            "entropy": "nonnegative",
            "ax": "ax",
        },
        extra=[("short", {"kl": NLL[:-1]}, "kl")],
    ),
    "helpers.plotting.mle.logistic_loss": Case(
        pm.logistic_loss,
        {"z": THETA, "losses": {"y = 1": NLL, "y = 0": NLL[::-1]}, "ax": AX},
        {"z": "array", "losses": "curves", "ax": "ax"},
        extra=[
            ("short", {"losses": {"y = 1": NLL[:-1]}}, "losses"),
            ("nine curves", {"losses": {str(k): NLL for k in range(9)}}, "losses"),
        ],
    ),
    "helpers.plotting.mle.bias_vs_n": Case(
        pm.bias_vs_n,
        {
            "n": N3,
            "means": np.array([2.0, 3.2, 3.6]),
            "stderrs": np.array([0.1, 0.1, 0.1]),
            "n_curve": np.arange(2.0, 11.0),
            "expected": 4 * (1 - 1 / np.arange(2.0, 11.0)),
            "truth": 4.0,
            "ax": AX,
        },
        {
            "n": "array",
            "means": "array",
            "stderrs": "array",
            "n_curve": "array",
            "expected": "array",
            "truth": "real",
            "ax": "ax",
        },
        extra=[
            ("short", {"means": np.array([2.0, 3.2])}, "means"),
            ("negative", {"stderrs": np.array([0.1, -0.1, 0.1])}, "stderrs"),
            ("short", {"expected": np.ones(3)}, "expected"),
        ],
    ),
    "helpers.plotting.mle.exceed_curves": Case(
        pm.exceed_curves,
        {
            "m": N3,
            "simulated": {"mean, ε = 0.1": np.array([0.8, 0.5, 0.2])},
            "exact": [np.array([0.8, 0.5, 0.2])],
            "ax": AX,
        },
        {"m": "array", "simulated": "curves", "exact": "list", "ax": "ax"},
        accept={"exact": ("empty",)},  # no exact curve
        extra=[
            ("above 1", {"simulated": {"mean": np.array([1.8, 0.5, 0.2])}}, "simulated"),
            ("short", {"exact": [np.array([0.8, 0.5])]}, "exact"),
        ],
    ),
    "helpers.plotting.mle.mse_vs_n": Case(
        pm.mse_vs_n,
        {"n": N3, "mses": {"mean": 1 / N3, "median": 1.5 / N3}, "bound": 1 / N3, "ax": AX},
        {"n": "array", "mses": "curves", "bound": "array", "ax": "ax"},
        extra=[("short", {"bound": 1 / N3[:-1]}, "bound")],
    ),
    "helpers.plotting.mle.efficiency_ratio": Case(
        pm.efficiency_ratio,
        {"n": N3, "ratio": np.array([1.4, 1.5, 1.55]), "stderr": N3 / 100, "limit": 1.57, "ax": AX},
        {"n": "array", "ratio": "array", "stderr": "array", "limit": "real", "ax": "ax"},
        extra=[("short", {"ratio": np.array([1.4, 1.5])}, "ratio")],
    ),
    "helpers.plotting.mle.regression_fits": Case(
        pm.regression_fits,
        {"x": THETA, "y": NLL, "lines": {"least squares": (0.1, 1.5)}, "ax": AX},
        {"x": "array", "y": "array", "lines": "mapping", "ax": "ax"},
        extra=[
            ("short", {"y": NLL[:-1]}, "y"),
            ("a triple", {"lines": {"ls": (0.1, 1.5, 2.0)}}, "lines"),
            ("NaN", {"lines": {"ls": (np.nan, 1.5)}}, "lines"),
        ],
    ),
    "helpers.plotting.mle.nll_profiles": Case(
        pm.nll_profiles,
        {"theta": THETA, "curves": {"σ = 1": NLL}, "best": 0.5, "xlabel": "θ₁", "ax": AX},
        {"theta": "array", "curves": "curves", "best": "real", "xlabel": "text", "ax": "ax"},
        extra=[("short", {"curves": {"σ = 1": NLL[:-1]}}, "curves")],
    ),
    "helpers.plotting.mle.sampling_histograms": Case(
        pm.sampling_histograms,
        {
            "estimates": {"mean": SAMPLES, "median": SAMPLES * 1.2},
            "bins": np.linspace(-3.0, 3.0, 21),
            "truth": 0.0,
            "markers": {"expected": 0.5},
            "ax": AX,
        },
        {
            "estimates": "curves",
            "bins": "array",
            "truth": "real",
            "markers": "mapping",
            "ax": "ax",
        },
        accept={"markers": ("None", "empty")},  # no marker lines
        extra=[
            ("decreasing", {"bins": np.linspace(3.0, -3.0, 21)}, "bins"),
            ("one edge", {"bins": np.array([0.0])}, "bins"),
        ],
    ),
}

# --- helpers.plotting.optimizers -------------------------------------------------------------

BOWL = surfaces.quadratic(1.0, 4.0)
RUN = opt.minimize(BOWL, opt.SGD(0.1), (1.5, 1.0), 5)


def _diverged() -> DivergenceError:
    """The error of a run that diverges (a learning rate far above 2/curvature)."""
    with pytest.raises(DivergenceError) as caught:
        opt.minimize(BOWL, opt.SGD(1e3), (1.5, 1.0), 300)
    return caught.value


DIVERGED = _diverged()
NOWHERE = DivergenceError(0)  # no trajectory attached: nothing to draw
LEGEND_AX = Figure().add_subplot()
LEGEND_AX.plot([0, 1], label="a line")
NO_LEGEND_AX = Figure().add_subplot()
NO_DEV = backprop.History([1.0], [0.5], [], [], [1.0])
XS = np.arange(1.0, 6.0)

CASES |= {
    "helpers.plotting.optimizers.rule": Case(
        po.rule, {"name": "Adam", "code": True}, {"name": "str", "code": "flag"}
    ),
    "helpers.plotting.optimizers.contours": Case(
        po.contours,
        {"surface": BOWL, "n": 20, "levels": 5, "ax": AX},
        {"surface": "object", "n": "count", "levels": "count", "ax": "ax"},
    ),
    "helpers.plotting.optimizers.path": Case(
        po.path,
        {
            "points": RUN.points,
            "color": "black",
            "label": "SGD",
            "markers": True,
            "lw": 1.6,
            "ls": "-",
            "ax": AX,
        },
        {
            "points": "array",
            "color": "str",
            "label": "text",
            "markers": "flag",
            "lw": "positive",
            "ls": "str",
            "ax": "ax",
        },
        accept={"color": ("None",), "label": ("None",)},  # the first colour; no legend entry
        extra=[("one column", {"points": RUN.points[:, :1]}, "points")],
    ),
    "helpers.plotting.optimizers.race": Case(
        po.race,
        {
            "surface": BOWL,
            "runs": {"SGD": RUN, "Adam": DIVERGED},
            "steps_to": {"SGD": 3, "Adam": None},
            "legend": True,
            "ax": AX,
        },
        {
            "surface": "object",
            "runs": "mapping",
            "steps_to": "mapping",
            "legend": "flag",
            "ax": "ax",
        },
        # no "reached in k steps"; None: not reached
        accept={"steps_to": ("None", "empty", "None value")},
        extra=[
            ("the issue's None", {"runs": {"SGD": None}}, "runs"),
            ("no trajectory", {"runs": {"SGD": NOWHERE}}, "runs"),
            ("a name that is a number", {"runs": {3: RUN}}, "runs"),
            ("a float", {"steps_to": {"SGD": 2.5}}, "steps_to"),
        ],
    ),
    "helpers.plotting.optimizers.shared_legend": Case(
        po.shared_legend,
        {"fig": LEGEND_AX.figure, "ax": LEGEND_AX},
        {"fig": "figure", "ax": "ax"},
        extra=[("None", {"ax": None}, "ax"), ("no labels", {"ax": NO_LEGEND_AX}, "ax")],
    ),
    "helpers.plotting.optimizers.parabola_runs": Case(
        po.parabola_runs,
        {"runs": {0.1: RUN, 1.0: RUN}, "window": (-5.0, 5.0), "axs": AXS},
        {"runs": "mapping", "window": "range", "axs": "panels"},
        extra=[
            ("a divergence", {"runs": {0.1: RUN, 1.0: DIVERGED}}, "runs"),
            ("a zero rate", {"runs": {0.0: RUN, 1.0: RUN}}, "runs"),
        ],
    ),
    "helpers.plotting.optimizers.lookahead": Case(
        po.lookahead,
        {
            "surface": BOWL,
            "pts": opt.momentum_lookahead(BOWL, (1.0, 1.0), (0.5, 0.0), 0.1, 0.8),
            "window": ((-2.0, 2.0), (-2.0, 2.0)),
            "ax": AX,
        },
        {"surface": "object", "pts": "mapping", "ax": "ax"},
        extra=[
            ("str", {"window": "abc"}, "window"),
            ("one pair", {"window": (-2.0, 2.0)}, "window"),
            ("reversed", {"window": ((2.0, -2.0), (-2.0, 2.0))}, "window"),
            ("NaN", {"window": ((np.nan, 2.0), (-2.0, 2.0))}, "window"),
            ("a point missing", {"pts": {"theta": np.zeros(2)}}, "pts"),
            ("three coordinates", {"pts": dict.fromkeys(po.PSEUDOCODE, np.zeros(3))}, "pts"),
        ],
    ),
    "helpers.plotting.optimizers.curves": Case(
        po.curves,
        {
            "series": {"Adam": (XS, 1 / XS), "other": (XS, XS, {"ls": "--"})},
            "xlabel": "step",
            "ylabel": "loss",
            "title": "t",
            "logx": False,
            "logy": True,
            "ax": AX,
        },
        {
            "series": "mapping",
            "xlabel": "text",
            "ylabel": "text",
            "title": "text",
            "logx": "flag",
            "logy": "flag",
            "ax": "ax",
        },
        accept={"title": ("None",)},
        extra=[
            ("short", {"series": {"Adam": (XS, XS[:-1])}}, "series"),
            ("NaN", {"series": {"Adam": (XS, XS * np.nan)}}, "series"),
            ("a style that is not a dict", {"series": {"Adam": (XS, XS, "--")}}, "series"),
            ("an x alone", {"series": {"Adam": (XS,)}}, "series"),
        ],
    ),
    "helpers.plotting.optimizers.weights": Case(
        po.weights, {"beta": 0.9, "t": 10, "ax": AX}, {"beta": "unit", "t": "count", "ax": "ax"}
    ),
    "helpers.plotting.optimizers.training": Case(
        po.training,
        {"histories": {"SGD": HISTORY, "Adam": [HISTORY, HISTORY]}, "axs": AXS},
        {"histories": "mapping", "axs": "panels"},
        extra=[
            ("no dev loss", {"histories": {"SGD": NO_DEV}}, "histories"),
            ("an empty list", {"histories": {"SGD": []}}, "histories"),
            ("a list with None", {"histories": {"SGD": [HISTORY, None]}}, "histories"),
        ],
    ),
    "helpers.plotting.optimizers.frame_ends": Case(
        po.frame_ends, {"total": 100, "frames": 10}, {"total": "index", "frames": "count"}
    ),
    "helpers.plotting.optimizers.animation": Case(
        po.animation,
        {
            "races": {BOWL: {"SGD": RUN, "Adam": DIVERGED}},
            "frames": 2,
            "interval": 80,
            "hold": 100,
            "dpi": 20,
            "ncols": 1,
        },
        {
            "races": "mapping",
            "frames": "count",
            "interval": "count",
            "hold": "index",
            "dpi": "count",
            "ncols": "count",
        },
        extra=[
            ("the issue's None", {"races": {BOWL: {"SGD": None}}}, "races"),
            ("a key that is no surface", {"races": {"bowl": {"SGD": RUN}}}, "races"),
        ],
    ),
}

# --- helpers.plotting.schedules --------------------------------------------------------------

RATES = np.linspace(0.1, 0.01, 5)
LOSSES = np.linspace(1.0, 0.1, 6)
SUMS = np.cumsum(1 / np.arange(1.0, 11.0))
ONE_EPOCH = backprop.History([1.0], [0.5], [1.0], [0.5], [1.0])

CASES |= {
    "helpers.plotting.schedules.color_of": Case(
        ps.color_of, {"label": "cosine", "index": 0}, {"label": "text", "index": "index"}
    ),
    "helpers.plotting.schedules.curves": Case(
        ps.curves,
        {
            "schedules": {
                "cosine": schedules.CosineDecay(0.1, 40),
                "flat": schedules.Constant(0.1),
            },
            "steps": 50,
            "ax": AX,
            "log": False,
            "title": "t",
            "marks": [40],
            "styles": {"flat": {"lw": 1.0}},
            "legend": "upper right",
            "kind": "cosine",
        },
        {
            "schedules": "mapping",
            "steps": "count",
            "ax": "ax",
            "log": "flag",
            "title": "text",
            "marks": "array",
            "styles": "mapping",
            "legend": "str",
            "kind": "str",
        },
        accept={
            "title": ("None",),
            "marks": ("empty",),  # no line marked
            "styles": ("None", "empty"),  # the automatic styles
            "legend": ("None",),  # no legend
            "kind": ("None",),  # each curve the colour of its own kind
        },
        extra=[
            ("a negative update", {"steps": np.array([-1, 0, 1])}, "steps"),
            ("a style that is not a dict", {"styles": {"flat": "--"}}, "styles"),
        ],
    ),
    "helpers.plotting.schedules.robbins_monro": Case(
        ps.robbins_monro,
        {"sums": {"1/k": (SUMS, SUMS / 2)}, "axs": AXS},
        {"sums": "mapping", "axs": "panels"},
        extra=[
            ("short", {"sums": {"1/k": (SUMS, SUMS[:-1])}}, "sums"),
            ("zero on a log axis", {"sums": {"1/k": (SUMS - 1, SUMS)}}, "sums"),
            ("one sum", {"sums": {"1/k": (SUMS,)}}, "sums"),
        ],
    ),
    "helpers.plotting.schedules.expected_losses": Case(
        ps.expected_losses,
        {"losses": {"cosine": LOSSES}, "ax": AX, "title": "t"},
        {"losses": "curves", "ax": "ax", "title": "text"},
        accept={"title": ("None",)},
    ),
    "helpers.plotting.schedules.training": Case(
        ps.training,
        {
            "runs": {"SGD": {"cosine": [HISTORY, HISTORY]}},
            "metric": "train_loss",
            "ylabel": "loss",
            "log": True,
        },
        {"runs": "mapping", "metric": "str", "ylabel": "text", "log": "flag"},
        extra=[
            ("an empty list", {"runs": {"SGD": {"cosine": []}}}, "runs"),
            ("None in a list", {"runs": {"SGD": {"cosine": [None]}}}, "runs"),
            ("different epochs", {"runs": {"SGD": {"cosine": [HISTORY, ONE_EPOCH]}}}, "runs"),
            ("not measured", {"runs": {"SGD": {"c": [NO_DEV]}}, "metric": "dev_loss"}, "runs"),
        ],
    ),
    "helpers.plotting.schedules.step_lengths": Case(
        ps.step_lengths,
        {"lengths": {"keras": RATES}, "ax": AX, "reference": ("α/(1 − β)", RATES), "title": "t"},
        {"lengths": "curves", "ax": "ax", "reference": "object", "title": "text"},
        accept={"reference": ("None",), "title": ("None",)},
        extra=[
            ("five curves", {"lengths": {str(k): RATES for k in range(5)}}, "lengths"),
            ("NaN", {"reference": ("a", RATES * np.nan)}, "reference"),
            ("no label", {"reference": (None, RATES)}, "reference"),
        ],
    ),
    "helpers.plotting.schedules.designer": Case(
        ps.designer,
        {
            "k": np.arange(5),
            "rates": RATES,
            "losses": LOSSES,
            "baseline_rates": np.full(5, 0.1),
            "baseline_losses": LOSSES,
            "label": "cosine",
            "baseline_label": "constant",
            "title": "",
            "loss_title": "",
            "suptitle": "",
            "reuse": None,
        },
        {
            "k": "array",
            "rates": "array",
            "losses": "array",
            "baseline_rates": "array",
            "baseline_losses": "array",
            "label": "text",
            "baseline_label": "text",
            "title": "text",
            "loss_title": "text",
            "suptitle": "text",
            "reuse": "figure",
        },
        accept={
            "rates": ("nan",),  # NaN: a schedule that could not be built, drawn as nothing
            "losses": ("None",),  # None: a run that diverged, not drawn
            "baseline_losses": ("None",),
            "reuse": ("None",),
        },
        extra=[
            ("short", {"rates": RATES[:-1]}, "rates"),
            ("one per update, not per point", {"losses": LOSSES[:-1]}, "losses"),
        ],
    ),
}

# --- helpers.plotting.sgd --------------------------------------------------------------------

SQUARE, BUMPY = sgd.curves()["x²"], sgd.bumpy()
POINTS = np.array([1.5, 0.9, 0.54, 0.32])
ALPHAS = np.linspace(0.0, 1.0, 11)
LOG_AXES = Figure().add_subplot()
LOG_AXES.set_yscale("log")
ERRORS3 = np.full((4, 2, 3), 0.5)  # (T, rates, runs)
EXACT = [np.linspace(5.0, 0.1, 11), np.linspace(5.0, 1.0, 11)]
A5 = np.linspace(-1.0, 1.0, 5)

CASES |= {
    "helpers.plotting.sgd.descent_1d": Case(
        psg.descent_1d,
        {
            "curve": SQUARE,
            "points": POINTS,
            "values": POINTS**2,
            "title": "t",
            "window": (-2.0, 2.0),
            "ax": AX,
        },
        {
            "curve": "object",
            "points": "array",
            "values": "array",
            "title": "text",
            "window": "range",
            "ax": "ax",
        },
        accept={"title": ("None",)},
        extra=[("short", {"values": POINTS[:-1]}, "values")],
    ),
    "helpers.plotting.sgd.step_factors": Case(
        psg.step_factors,
        {
            "rates": np.array([0.1, 0.5]),
            "factors": np.array([0.8, 0.0]),
            "curve_rates": ALPHAS,
            "curve_factors": np.abs(1 - 2 * ALPHAS),
            "ax": AX,
        },
        {
            "rates": "array",
            "factors": "array",
            "curve_rates": "array",
            "curve_factors": "array",
            "ax": "ax",
        },
        extra=[
            ("short", {"factors": np.array([0.8])}, "factors"),
            ("short", {"curve_factors": ALPHAS[:-1]}, "curve_factors"),
            ("all zero", {"curve_rates": 0 * ALPHAS}, "curve_rates"),
        ],
    ),
    "helpers.plotting.sgd.fast_ticks": Case(
        psg.fast_ticks, {"fig": LOG_AXES.figure}, {"fig": "figure"}
    ),
    "helpers.plotting.sgd.demo_figure": Case(
        psg.demo_figure, {"reuse": None}, {"reuse": "figure"}, accept={"reuse": ("None",)}
    ),
    "helpers.plotting.sgd.paths_2d": Case(
        psg.paths_2d,
        {
            "grid": BOWL.grid(20),
            "paths": {"α = 0.1": RUN.points},
            "minimum": (0.0, 0.0),
            "levels": 5,
            "legend": True,
            "colors": ["black"],
            "ax": AX,
        },
        {
            "grid": "object",
            "paths": "mapping",
            "minimum": "array",
            "levels": "count",
            "legend": "flag",
            "colors": "list",
            "ax": "ax",
        },
        # no path (every run diverged); no minimum marked; the palette
        accept={"paths": ("empty",), "minimum": ("None",), "colors": ("None",)},
        extra=[
            ("two arrays", {"grid": BOWL.grid(20)[:2]}, "grid"),
            ("shapes differ", {"grid": (*BOWL.grid(20)[:2], np.ones((3, 3)))}, "grid"),
            ("one column", {"paths": {"a": RUN.points[:, :1]}}, "paths"),
            (
                "nine paths",
                {"paths": {str(k): RUN.points for k in range(9)}, "colors": None},
                "paths",
            ),
        ],
    ),
    "helpers.plotting.sgd.loss_curves": Case(
        psg.loss_curves,
        {
            "curves": {"SGD": (np.arange(1.0, 6.0), np.linspace(1.0, 0.1, 10).reshape(5, 2))},
            "xlabel": "updates",
            "ylabel": "loss",
            "xscale": "log",
            "colors": ["black"],
            "ax": AX,
        },
        {
            "curves": "mapping",
            "xlabel": "text",
            "ylabel": "text",
            "xscale": "str",
            "colors": "list",
            "ax": "ax",
        },
        accept={"colors": ("None",)},  # the palette
        extra=[
            ("short", {"curves": {"SGD": (np.arange(1.0, 6.0), np.ones(4))}}, "curves"),
            ("3-D", {"curves": {"SGD": (np.arange(1.0, 3.0), np.ones((2, 2, 2)))}}, "curves"),
            ("step 0 on a log axis", {"curves": {"SGD": (np.arange(3.0), np.ones(3))}}, "curves"),
        ],
    ),
    "helpers.plotting.sgd.variance_law": Case(
        psg.variance_law,
        {
            "batch_sizes": np.array([1, 4, 16]),
            "variance": np.array([1.0, 0.26, 0.06]),
            "predicted": np.array([1.0, 0.25, 0.0625]),
            "bias": np.array([0.01, 0.003, 0.0006]),
            "draws": 100,
            "ax": AX,
        },
        {
            "batch_sizes": "array",
            "variance": "array",
            "predicted": "array",
            "bias": "array",
            "draws": "count",
            "ax": "ax",
        },
        accept={"draws": ("None",)},  # no expected-size line
        extra=[("short", {"bias": np.array([0.01])}, "bias")],
    ),
    "helpers.plotting.sgd.rule_color": Case(psg.rule_color, {"power": 0.5}, {"power": "real"}),
    "helpers.plotting.sgd.robbins_monro": Case(
        psg.robbins_monro,
        {
            "steps": np.array([0, 1, 5, 10]),
            "errors": ERRORS3,
            "expected": EXACT,
            "labels": ["0.1 (constant)", "1/i"],
            "powers": [0.0, 1.0],
            "balls": {0: 0.1},
            "guides": {1: np.linspace(1.0, 0.1, 10)},
            "ax": AX,
        },
        {
            "steps": "array",
            "errors": "array",
            "expected": "list",
            "labels": "list",
            "powers": "array",
            "balls": "mapping",
            "guides": "mapping",
            "ax": "ax",
        },
        accept={"balls": ("None", "empty"), "guides": ("None", "empty")},  # none drawn
        extra=[
            ("a rate short", {"powers": [0.0]}, "powers"),
            ("a rate short", {"expected": EXACT[:1]}, "expected"),
            ("an index too large", {"balls": {5: 0.1}}, "balls"),
            ("short", {"guides": {1: np.ones(3)}}, "guides"),
            ("one update short", {"errors": ERRORS3[:-1]}, "errors"),
        ],
    ),
    "helpers.plotting.sgd.expected_error_curve": Case(
        psg.expected_error_curve,
        {"error": EXACT[0], "label": "1/i", "steps": 100, "color": "black", "ax": AX},
        {"error": "array", "label": "text", "steps": "count", "color": "str", "ax": "ax"},
        extra=[
            ("negative", {"error": np.array([1.0, -0.5])}, "error"),
            ("zero at the start", {"error": np.array([0.0, 0.5])}, "error"),
        ],
    ),
    "helpers.plotting.sgd.partial_sum_curves": Case(
        psg.partial_sum_curves,
        {"sums": {"Σα": SUMS, "Σα²": SUMS / 2}, "ylabel": "partial sums", "ax": AX},
        {"sums": "curves", "ylabel": "text", "ax": "ax"},
        extra=[
            ("four curves", {"sums": {str(k): SUMS for k in range(4)}}, "sums"),
            ("zero on a log axis", {"sums": {"Σα": SUMS - 1}}, "sums"),
        ],
    ),
    "helpers.plotting.sgd.chord": Case(
        psg.chord,
        {
            "curve": BUMPY,
            "check": sgd.convexity_check(BUMPY, -5.0, 5.0, np.random.default_rng(0), 200),
            "examples": np.array([[-1.0, 0.0], [1.0, 2.0]]),  # (a, b) as the notebook draws them
            "ax": AX,
        },
        {"curve": "object", "check": "object", "examples": "object", "ax": "ax"},
        extra=[
            ("short", {"examples": (np.array([-1.0, 0.0]), np.array([1.0]))}, "examples"),
            ("one array", {"examples": (np.array([-1.0, 0.0]),)}, "examples"),
        ],
    ),
    "helpers.plotting.sgd.second_derivative": Case(
        psg.second_derivative,
        {"curve": BUMPY, "values": BUMPY.second(np.linspace(-5.0, 5.0, 50)), "ax": AX},
        {"curve": "object", "values": "array", "ax": "ax"},
    ),
    "helpers.plotting.sgd.basins": Case(
        psg.basins,
        {"curve": BUMPY, "starts": np.linspace(-4.0, 4.0, 6), "ends": np.full(6, -0.5), "ax": AX},
        {"curve": "object", "starts": "array", "ends": "array", "ax": "ax"},
        extra=[("short", {"ends": np.full(5, -0.5)}, "ends")],
    ),
    "helpers.plotting.sgd.landscapes": Case(
        psg.landscapes,
        {
            "surfaces": {"plain": (A5, A5, 1.0 + np.add.outer(A5**2, A5**2))},
            "levels": np.geomspace(1.0, 3.0, 5),
        },
        {"surfaces": "mapping", "levels": "array"},
        extra=[
            (
                "z of another shape",
                {"surfaces": {"plain": (A5, A5[:-1], np.ones((5, 5)))}},
                "surfaces",
            ),
            ("no z", {"surfaces": {"plain": (A5, A5)}}, "surfaces"),
            ("decreasing", {"levels": np.geomspace(3.0, 1.0, 5)}, "levels"),
            ("zero on a log scale", {"levels": np.linspace(0.0, 3.0, 5)}, "levels"),
        ],
    ),
}


def _drawn_on(ax) -> bool:
    """Whether a call drew on ``ax`` (or left it log-scaled): then it is cleared for the next."""
    log = "log" in (ax.get_xscale(), ax.get_yscale())
    return ax.has_data() or log or bool(ax.texts or ax.artists or ax.get_title())


def _on_clean_axes(function):
    """``make`` for a case drawing on the shared axes: clears them when the last call drew
    (most bad calls draw nothing: clearing every time would cost more than the calls)."""

    def make():
        for ax in (AX, *AXS):
            if _drawn_on(ax):
                ax.cla()
        return function

    return make


for _case in CASES.values():
    if _case.make is None and any(v is AX or v is AXS for v in _case.args.values()):
        _case.make = _on_clean_axes(_case.call)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_bad_input_gets_a_named_error(name):
    assert badinput.failures(name, CASES[name]) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_valid_call_works(name):
    """The call each case starts from is valid (else every bad call would fail for nothing)."""
    case = CASES[name]
    case.target()(**case.args)


def test_the_issues_examples_get_named_errors():
    y = X8**2
    y[3] = np.nan
    with pytest.raises(ValueError, match=r"^y_train contains NaN"):
        pg.fit(X8, y, GRID, GRID**2, ax=AX)
    with pytest.raises(ValueError, match=r"^theta is empty"):
        pm.likelihood_curve([], [], ax=AX)
    with pytest.raises(TypeError, match=r"^runs\['SGD'\] must be a Trajectory"):
        po.race(BOWL, {"SGD": None}, ax=AX)
    with pytest.raises(ValueError, match=r"^test contains NaN"):
        pg.capacity_curve([1, 2, 3], [0.5, 0.4, 0.3], [np.nan, 0.5, 0.9], ax=AX)
    with pytest.raises(ValueError, match=r"^beta must be a number in \[0, 1\), got 1.5"):
        po.weights(1.5, 10, ax=AX)


def test_what_the_demos_draw_is_still_allowed():
    """A log-likelihood is −∞ where the likelihood is 0 (θ = 0 after a 1): the likelihood demo
    draws it; a schedule the designer could not build is drawn as NaN rates (nothing)."""
    values = np.log(THETA)
    values[0] = -np.inf
    pm.likelihood_curve(THETA, values, ax=AX)
    ps.designer(
        np.arange(5), np.full(5, np.nan), None, RATES, LOSSES, label="a", baseline_label="b"
    )
