"""The bad-input battery (``tests/badinput.py``, issue 18) for the training modules:
``helpers.optimizers``, ``helpers.schedules``, ``helpers.sgd``, ``helpers.backprop``,
``helpers.engine`` and ``helpers.losses``.

One :class:`badinput.Case` per public callable: a call that works and the kind of each argument a
student passes. A schedule's case also calls the schedule at ``step`` (its ``__call__``); a
method's case builds its object afresh for every call; the optimizer-running functions get a
fresh copy of the optimizer each time (they refuse one that has already made updates, which
has its own ``extra``). Records that only the helpers fill (``History``, ``Run`` …) validate
their fields like any other call.

Below the battery: a diverging run through every training entry point raises
:class:`helpers.DivergenceError` naming the step, including runs whose loss stays finite but
grows by many orders of magnitude (the course's one divergence rule, ``helpers.check_loss``).
"""

from __future__ import annotations

import copy
import math

import badinput
import numpy as np
import pytest
from badinput import Case

from helpers import GROWTH, DivergenceError, backprop, engine, losses, sgd, surfaces
from helpers import generalization as gen
from helpers import optimizers as opt
from helpers import schedules as sch

RNG = np.random.default_rng(0)

# Small valid data, shared by the cases (every call gets fresh copies of the arrays).
X = np.random.default_rng(1).standard_normal((12, 4))  # 12 examples, 4 features
Y3 = np.arange(12) % 3  # 3 classes
Y2 = np.arange(12) % 2  # 0/1 labels
LOGITS = np.random.default_rng(2).standard_normal((12, 3))
SPIRALS = sgd.two_spirals(12, np.random.default_rng(3))
NET = sgd.DeepNet(2, 4, np.random.default_rng(4))
DIRECTIONS = [sgd.filter_normalized_direction(NET.params, NET.weights, RNG) for _ in range(2)]
REGRESSION = sgd.regression_2d(np.random.default_rng(5), n=10)
SOFTMAX = sgd.SoftmaxRegression(X, Y3, classes=3)
BOWL = surfaces.quadratic(1.0, 10.0)
SQUARE = sgd.curves()["x²"]

ANY_SHAPE = ("extra axis",)  # elementwise (or along the last axis): any shape is fine
# An elementwise function maps NaN to NaN and ±∞ to its limit, as NumPy's own do; a layer of a
# network passes them on to the loss, where a training loop reports the diverged step.
PROPAGATES = ("nan", "inf", "extra axis")


def _mlp() -> backprop.MLP:
    return backprop.MLP([4, 5, 3], "tanh", np.random.default_rng(6))


def _after_forward() -> backprop.MLP:
    model = _mlp()
    model.forward(X)
    return model


def _stepped(optimizer):
    """``optimizer`` after one step on a parameter of shape (3,): its state exists."""
    optimizer.step(np.zeros(3), np.ones(3))
    return optimizer


def _used(optimizer):
    """``optimizer`` after one update: reusing it would carry its state into a new run."""
    return _stepped(optimizer)


def _fresh_copy(run):
    """``run(..., optimizer, ...)`` with a copy of the optimizer, so that every call of the
    battery starts from the same fresh state."""

    def call(optimizer, **kwargs):
        return run(optimizer=copy.deepcopy(optimizer), **kwargs)

    return call


def _schedule(cls):
    """``cls(**kwargs)(step)``: the constructor, then the schedule called at ``step``."""

    def call(step, **kwargs):
        return cls(**kwargs)(step)

    return call


def _quadratic_objective(k):
    return 1.0, np.ones(3)


def _nan_loss(x):
    return math.nan, np.zeros_like(x)


def _nan_gradient(x):
    return float(np.sum(x**2)), np.full_like(x, np.nan)


def _short_gradient(x):
    return float(np.sum(x**2)), np.zeros(1)


def _square_with_gradient(x):
    return float(np.sum(x**2)), 2 * x


def _negative(k):
    return -0.1


def _none(k):
    return None


ENGINE_GRAPH = engine.lecture_graph()
U = ENGINE_GRAPH.forward(engine.LECTURE_NETWORK)


def _graph():
    g = engine.Graph()
    for name in ("w", "x"):
        g.input(name)
    return g


def _graph_add(name, op, args):
    """``graph.add(name, op, *args)``; an ``args`` that is not a sequence is one argument."""
    return _graph().add(name, op, *(args if isinstance(args, tuple | list) else [args]))


ENGINE = {
    "helpers.engine.BackwardStep": Case(
        engine.BackwardStep,
        {"node": "h1", "terms": (("o", 6.0, -1.0),), "g": -6.0},
        {"node": "str", "terms": "list", "g": "real"},
        accept={"node": ("unknown",), "terms": ("empty",)},  # any name; the output has no terms
    ),
    "helpers.engine.Graph": Case(engine.Graph, {}, {}),
    "helpers.engine.Graph.add": Case(
        None,
        {"name": "i", "op": engine.WEIGHTED_SUM, "args": ("w", "x")},
        {"name": "str", "op": "object", "args": "list"},
        make=lambda: _graph_add,
        accept={"name": ("unknown",)},  # any new name
        extra=[("an argument not in the graph", {"args": ("w", "z")}, "args")],
    ),
    "helpers.engine.Graph.backward": Case(
        None, {"u": U}, {"u": "mapping"}, make=lambda: engine.lecture_graph().backward
    ),
    "helpers.engine.Graph.backward_steps": Case(
        None, {"u": U}, {"u": "mapping"}, make=lambda: engine.lecture_graph().backward_steps
    ),
    "helpers.engine.Graph.forward": Case(
        None,
        {"inputs": dict(engine.LECTURE_NETWORK)},
        {"inputs": "mapping"},
        make=lambda: engine.lecture_graph().forward,
        extra=[("a NaN value", {"inputs": {**engine.LECTURE_NETWORK, "w4": math.nan}}, "inputs")],
    ),
    "helpers.engine.Graph.input": Case(
        None,
        {"name": "b"},
        {"name": "str"},
        make=lambda: _graph().input,
        accept={"name": ("unknown",)},  # any new name
        extra=[("a name already taken", {"name": "w"}, "name")],
    ),
    "helpers.engine.Graph.op": Case(None, {"i": "h1"}, {"i": "str"}, make=lambda: ENGINE_GRAPH.op),
    "helpers.engine.Graph.partial": Case(
        None,
        {"j": "o", "i": "h1", "u": U},
        {"j": "str", "i": "str", "u": "mapping"},
        make=lambda: ENGINE_GRAPH.partial,
        accept={"u": ("None value",)},  # the value of x1, which node o does not read
        extra=[
            ("i not an argument of j", {"i": "x1"}, "i"),
            ("a None value o reads", {"u": {**U, "h1": None}}, "u"),
        ],
    ),
    "helpers.engine.Graph.predecessors": Case(
        None, {"i": "o"}, {"i": "str"}, make=lambda: ENGINE_GRAPH.predecessors
    ),
    "helpers.engine.Graph.successors": Case(
        None, {"i": "h1"}, {"i": "str"}, make=lambda: ENGINE_GRAPH.successors
    ),
    "helpers.engine.Op": Case(
        engine.Op,
        {"name": "double", "value": lambda a: 2 * a, "partials": lambda a: (2.0,), "arity": 1},
        {"name": "str", "value": "callable", "partials": "callable", "arity": "count"},
        accept={"name": ("unknown",), "arity": ("None",)},  # any name; None: any arity
    ),
    "helpers.engine.lecture_graph": Case(
        engine.lecture_graph,
        {"activation": engine.RELU},
        {"activation": "object"},
        extra=[
            ("an operation of two arguments", {"activation": engine.SQUARED_ERROR}, "activation")
        ],
    ),
    "helpers.engine.weights_and_values": Case(
        engine.weights_and_values,
        {"a": (2.0, 1.0, 3.0, 4.0)},
        {"a": "list"},
        extra=[("an odd number", {"a": (1.0, 2.0, 3.0)}, "a")],
    ),
    "helpers.engine.worked_example": Case(
        engine.worked_example,
        {"w4": 1.0},
        {"w4": "real"},
        extra=[("a name the network does not have", {"w10": 1.0}, "w10")],
    ),
}

LOSSES = {
    "helpers.losses.binary_cross_entropy": Case(
        losses.binary_cross_entropy,
        {"logits": LOGITS[:, 0], "labels": Y2},
        {"logits": "array", "labels": "labels"},
    ),
    "helpers.losses.log_softmax": Case(
        losses.log_softmax, {"logits": LOGITS}, {"logits": "array"}, accept={"logits": PROPAGATES}
    ),
    "helpers.losses.softmax": Case(
        losses.softmax, {"logits": LOGITS}, {"logits": "array"}, accept={"logits": PROPAGATES}
    ),
    "helpers.losses.sigmoid": Case(
        losses.sigmoid, {"z": LOGITS}, {"z": "array"}, accept={"z": PROPAGATES}
    ),
    "helpers.losses.mean_squared_error": Case(
        losses.mean_squared_error,
        {"predictions": LOGITS, "targets": LOGITS + 1},
        {"predictions": "array", "targets": "array"},
    ),
    "helpers.losses.softmax_cross_entropy": Case(
        losses.softmax_cross_entropy,
        {"logits": LOGITS, "labels": Y3},
        {"logits": "array", "labels": "labels"},
    ),
}

ACTIVATIONS = {
    f"helpers.backprop.{name}": Case(
        getattr(backprop, name), {"x": LOGITS}, {"x": "array"}, accept={"x": PROPAGATES}
    )
    for name in ("relu", "relu_grad", "tanh", "tanh_grad", "sigmoid_grad")
}

FINITE_DIFFERENCES = {
    f"helpers.backprop.{name}": Case(
        getattr(backprop, name),
        {"f": np.sin if name == "numerical_derivative" else np.sum, "x": X[0], "h": 1e-5},
        {"f": "callable", "x": "array", "h": "positive"},
        accept={"x": ANY_SHAPE},  # f works for an array of any shape
    )
    for name in ("numerical_derivative", "numerical_jacobian", "numerical_gradient")
}

BACKPROP = {
    "helpers.backprop.Activation": Case(
        backprop.Activation,
        {"name": "relu", "f": backprop.relu, "grad": backprop.relu_grad},
        {"name": "str", "f": "callable", "grad": "callable"},
        accept={"name": ("unknown",)},  # any name
    ),
    "helpers.backprop.History": Case(
        backprop.History,
        {"train_loss": [0.5], "step_loss": [0.7, 0.3]},
        {"train_loss": "list", "step_loss": "list"},
        accept={"train_loss": ("empty",), "step_loss": ("empty",)},  # before the first epoch
        extra=[("a NaN loss", {"train_loss": [math.nan]}, "train_loss")],
    ),
    "helpers.backprop.MLP": Case(
        backprop.MLP,
        {"layer_sizes": [4, 5, 3], "activation": "tanh", "rng": RNG, "init_std": 0.1},
        {"layer_sizes": "list", "activation": "str", "rng": "rng", "init_std": "positive"},
        # rng=None is the documented default_rng(0) (API.md); init_std=None draws Glorot weights
        accept={"rng": ("None",), "init_std": ("None",)},
        extra=[
            ("one size", {"layer_sizes": [4]}, "layer_sizes"),
            ("a size of 0", {"layer_sizes": [4, 0, 3]}, "layer_sizes"),
            ("a huge size", {"layer_sizes": [4, 10**400]}, "layer_sizes"),
        ],
    ),
    "helpers.backprop.MLP.forward": Case(
        None, {"x": X}, {"x": "array"}, make=lambda: _mlp().forward
    ),
    "helpers.backprop.MLP.backward": Case(
        None,
        {"dlogits": LOGITS},
        {"dlogits": "array"},
        make=lambda: _after_forward().backward,
        extra=[("another batch", {"dlogits": LOGITS[:5]}, "dlogits")],
    ),
    "helpers.backprop.predict": Case(
        backprop.predict, {"model": _mlp(), "x": X}, {"model": "object", "x": "array"}
    ),
    "helpers.backprop.accuracy": Case(
        backprop.accuracy,
        {"model": _mlp(), "x": X, "y": Y3},
        {"model": "object", "x": "array", "y": "labels"},
    ),
    "helpers.backprop.evaluate": Case(
        backprop.evaluate,
        {"model": _mlp(), "x": X, "y": Y3},
        {"model": "object", "x": "array", "y": "labels"},
    ),
    "helpers.backprop.dense_forward": Case(
        backprop.dense_forward,
        {"x": X, "W": np.ones((4, 3)), "b": np.zeros(3)},
        {"x": "array", "W": "array", "b": "array"},
        accept={"x": ("nan", "inf"), "W": ("nan", "inf"), "b": ("nan", "inf")},  # PROPAGATES
        extra=[
            ("x and W disagree", {"W": np.ones((3, 3))}, "W"),
            ("b and W disagree", {"b": np.zeros(4)}, "b"),
        ],
    ),
    "helpers.backprop.dense_backward": Case(
        backprop.dense_backward,
        {"dz": LOGITS, "x": X, "W": np.ones((4, 3)), "input_grad": True},
        {"dz": "array", "x": "array", "W": "array", "input_grad": "flag"},
        accept={"dz": ("nan", "inf"), "x": ("nan", "inf"), "W": ("nan", "inf")},  # PROPAGATES
        extra=[
            ("another batch", {"dz": LOGITS[:5]}, "dz"),
            ("W of another shape", {"W": np.ones((3, 3))}, "W"),
        ],
    ),
    "helpers.backprop.gradient_check": Case(
        backprop.gradient_check,
        {"f": _square_with_gradient, "x": X[0].copy(), "h": 1e-5},
        {"f": "callable", "x": "array", "h": "positive"},
        accept={"x": ANY_SHAPE},  # f works for an array of any shape
        extra=[
            ("a NaN loss", {"f": _nan_loss}, "f"),
            ("a NaN gradient", {"f": _nan_gradient}, "f"),
            ("a gradient of another shape", {"f": _short_gradient}, "f"),
            ("an integer array", {"x": np.arange(3)}, "x"),
            ("an empty list", {"x": []}, "x"),
        ],
    ),
    "helpers.backprop.train": Case(
        backprop.train,
        {"model": _mlp(), "optimizer": opt.SGD(0.1), "x": X, "y": Y3, "epochs": 1}
        | {"batch_size": 4, "rng": RNG, "x_dev": X[:6], "y_dev": Y3[:6]},
        {"model": "object", "optimizer": "object", "x": "array", "y": "labels"}
        | {"epochs": "count", "batch_size": "count", "rng": "rng"}
        | {"x_dev": "array", "y_dev": "labels"},
        extra=[("x_dev without y_dev", {"y_dev": None}, "y_dev")],
    ),
}


def _update_case(cls, *args):
    """The case of ``cls.update(i, theta, g, alpha)``, on an optimizer whose first step made its
    state for one parameter of shape (3,)."""
    return Case(
        None,
        {"i": 0, "theta": np.zeros(3), "g": np.ones(3), "alpha": 0.1},
        {"i": "index", "theta": "array", "g": "array", "alpha": "nonnegative"},
        make=lambda: _stepped(cls(*args)).update,
        extra=[
            ("an integer theta", {"theta": np.zeros(3, dtype=int)}, "theta"),
            ("a parameter the optimizer does not have", {"i": 1}, "i"),
            ("theta of another shape", {"theta": np.zeros(2), "g": np.ones(2)}, "theta"),
        ],
    )


OPTIMIZERS = {
    "helpers.optimizers.Optimizer": Case(
        opt.Optimizer, {"learning_rate": 0.1}, {"learning_rate": "schedule"}
    ),
    "helpers.optimizers.SGD": Case(
        opt.SGD,
        {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True},
        {"learning_rate": "schedule", "momentum": "unit", "nesterov": "flag"},
    ),
    "helpers.optimizers.AdaGrad": Case(
        opt.AdaGrad,
        {"learning_rate": 0.1, "epsilon": 1e-7, "epsilon_inside_sqrt": True},
        {"learning_rate": "schedule", "epsilon": "nonnegative", "epsilon_inside_sqrt": "flag"},
    ),
    "helpers.optimizers.RMSProp": Case(
        opt.RMSProp,
        {"learning_rate": 0.1, "beta": 0.9, "epsilon": 1e-7, "epsilon_inside_sqrt": True},
        {"learning_rate": "schedule", "beta": "unit", "epsilon": "nonnegative"}
        | {"epsilon_inside_sqrt": "flag"},
    ),
    "helpers.optimizers.Adam": Case(
        opt.Adam,
        {"learning_rate": 0.1, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7}
        | {"epsilon_inside_sqrt": True, "bias_correction": True},
        {"learning_rate": "schedule", "beta1": "unit", "beta2": "unit", "epsilon": "nonnegative"}
        | {"epsilon_inside_sqrt": "flag", "bias_correction": "flag"},
    ),
    "helpers.optimizers.Optimizer.step": Case(
        None,
        {"params": np.zeros(3), "grads": np.ones(3)},
        {"params": "array", "grads": "array"},
        make=lambda: opt.SGD(0.1).step,
        extra=[
            ("integer params (updated in place)", {"params": np.zeros(3, dtype=int)}, "params"),
            ("more params than grads", {"params": [np.zeros(3), np.zeros(2)]}, "grads"),
            ("grads of another shape", {"grads": np.ones(4)}, "grads"),
            ("a list of grads for one array", {"grads": [np.ones(3), np.ones(3)]}, "grads"),
        ],
    ),
    "helpers.optimizers.Optimizer.rate": Case(
        None, {"step": 3}, {"step": "index"}, make=lambda: opt.SGD(0.1).rate
    ),
    "helpers.optimizers.Optimizer.update": Case(
        None,
        {"i": 0, "theta": np.zeros(3), "g": np.ones(3), "alpha": 0.1},
        {"i": "index", "theta": "array", "g": "array", "alpha": "nonnegative"},
        make=lambda: opt.Optimizer(0.1).update,  # the valid call: NotImplementedError
    ),
    "helpers.optimizers.SGD.update": _update_case(opt.SGD, 0.1, 0.9),
    "helpers.optimizers.AdaGrad.update": _update_case(opt.AdaGrad, 0.1),
    "helpers.optimizers.RMSProp.update": _update_case(opt.RMSProp, 0.1),
    "helpers.optimizers.Adam.update": _update_case(opt.Adam, 0.1),
    "helpers.optimizers.Trajectory": Case(
        opt.Trajectory,
        {"points": np.zeros((3, 2)), "losses": np.ones(3)},
        {"points": "array", "losses": "array"},
        accept={"points": ANY_SHAPE},  # a point of any shape
        extra=[("one loss too few", {"losses": np.ones(2)}, "losses")],
    ),
    "helpers.optimizers.convergence_rate": Case(
        opt.convergence_rate,
        {"learning_rate": 0.04, "curvature": np.array([0.5, 10.0]), "momentum": 0.8}
        | {"nesterov": True},
        {"learning_rate": "positive", "curvature": "array", "momentum": "unit"}
        | {"nesterov": "flag"},
    ),
    "helpers.optimizers.descend": Case(
        opt.descend,
        {"objective": _quadratic_objective, "params": np.zeros(3), "optimizer": opt.SGD(0.1)}
        | {"steps": 3, "first_step": 0, "first_loss": 1.0, "hint": "try less"},
        {"objective": "callable", "params": "array", "optimizer": "object", "steps": "index"}
        | {"first_step": "index", "first_loss": "real", "hint": "str"},
        # first_loss=None: this call's first loss; any advice is a hint
        accept={"first_loss": ("None",), "hint": ("unknown",)},
        extra=[("an objective returning None", {"objective": _none}, "objective")],
    ),
    "helpers.optimizers.make": Case(
        opt.make,
        {"name": "Adam", "learning_rate": 0.1},
        {"name": "str", "learning_rate": "schedule"},
        extra=[("an option Adam does not have", {"momentum": 0.9}, "momentum")],
    ),
    "helpers.optimizers.minimize": Case(
        _fresh_copy(opt.minimize),
        {"surface": BOWL, "optimizer": opt.SGD(0.05), "start": np.array([1.0, 1.0]), "steps": 5},
        {"surface": "object", "optimizer": "object", "start": "array", "steps": "index"},
        extra=[("a used optimizer", {"optimizer": _used(opt.SGD(0.05))}, "optimizer")],
    ),
    "helpers.optimizers.momentum_lookahead": Case(
        opt.momentum_lookahead,
        {"surface": BOWL, "theta": np.array([1.0, 1.0]), "v": np.array([0.1, 0.0])}
        | {"learning_rate": 0.04, "momentum": 0.8},
        {"surface": "object", "theta": "array", "v": "array", "learning_rate": "positive"}
        | {"momentum": "unit"},
    ),
    "helpers.optimizers.steps_to": Case(
        opt.steps_to, {"condition": np.array([False, True])}, {"condition": "array"}
    ),
    "helpers.optimizers.updates": Case(
        _fresh_copy(opt.updates),
        {"optimizer": opt.Adam(0.1), "grads": np.ones((3, 2)), "start": 0.0},
        {"optimizer": "object", "grads": "array", "start": "real"},
        accept={"grads": ANY_SHAPE, "start": ("list",)},  # any shape; [1.0] broadcasts
        extra=[
            ("start of another shape", {"start": np.zeros(3)}, "start"),
            ("a used optimizer", {"optimizer": _used(opt.SGD(0.05))}, "optimizer"),
        ],
    ),
}

SCHEDULE_STEP = {"step": 7}


def _schedule_case(cls, args: dict, kinds: dict, **more) -> Case:
    return Case(_schedule(cls), SCHEDULE_STEP | args, {"step": "index"} | kinds, **more)


SCHEDULES = {
    "helpers.schedules.Schedule": _schedule_case(sch.Schedule, {}, {}),
    "helpers.schedules.Constant": _schedule_case(
        sch.Constant, {"learning_rate": 0.1}, {"learning_rate": "positive"}
    ),
    "helpers.schedules.PowerDecay": _schedule_case(
        sch.PowerDecay,
        {"initial_learning_rate": 1.0, "power": 1.0},
        {"initial_learning_rate": "positive", "power": "nonnegative"},
    ),
    "helpers.schedules.PolynomialDecay": _schedule_case(
        sch.PolynomialDecay,
        {"initial_learning_rate": 0.1, "decay_steps": 100, "end_learning_rate": 0.001}
        | {"power": 1.0, "cycle": True},
        {"initial_learning_rate": "positive", "decay_steps": "positive"}
        | {"end_learning_rate": "nonnegative", "power": "positive", "cycle": "flag"},
    ),
    "helpers.schedules.ExponentialDecay": _schedule_case(
        sch.ExponentialDecay,
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True},
        {"initial_learning_rate": "positive", "decay_steps": "positive"}
        | {"decay_rate": "positive", "staircase": "flag"},
    ),
    "helpers.schedules.InverseTimeDecay": _schedule_case(
        sch.InverseTimeDecay,
        {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": True},
        {"initial_learning_rate": "positive", "decay_steps": "positive"}
        | {"decay_rate": "nonnegative", "staircase": "flag"},
    ),
    "helpers.schedules.CosineDecay": _schedule_case(
        sch.CosineDecay,
        {"initial_learning_rate": 0.1, "decay_steps": 100, "alpha": 0.01}
        | {"warmup_target": None, "warmup_steps": 0},
        {"initial_learning_rate": "positive", "decay_steps": "positive"}
        | {"alpha": "probability", "warmup_target": "positive", "warmup_steps": "nonnegative"},
        accept={"warmup_target": ("None",)},  # the default: no warm-up
    ),
    "helpers.schedules.CosineDecayRestarts": _schedule_case(
        sch.CosineDecayRestarts,
        {"initial_learning_rate": 0.1, "first_decay_steps": 10, "t_mul": 2.0, "m_mul": 0.5}
        | {"alpha": 0.01},
        {"initial_learning_rate": "positive", "first_decay_steps": "positive", "t_mul": "positive"}
        | {"m_mul": "nonnegative", "alpha": "probability"},
        extra=[("cycles that shrink", {"t_mul": 0.5}, "t_mul")],
    ),
    "helpers.schedules.CosineDecayRestarts.cycles": Case(
        None, {"k": 25}, {"k": "index"}, make=lambda: sch.CosineDecayRestarts(0.1, 10).cycles
    ),
    "helpers.schedules.PiecewiseConstantDecay": _schedule_case(
        sch.PiecewiseConstantDecay,
        {"boundaries": [10, 20], "values": [0.1, 0.01, 0.001]},
        {"boundaries": "list", "values": "list"},
        extra=[
            ("one value too few", {"values": [0.1, 0.01]}, "values"),
            ("boundaries not increasing", {"boundaries": [20, 10]}, "boundaries"),
        ],
    ),
    "helpers.schedules.InverseSquareRootDecay": _schedule_case(
        sch.InverseSquareRootDecay,
        {"initial_learning_rate": 0.1, "warmup_steps": 10},
        {"initial_learning_rate": "positive", "warmup_steps": "nonnegative"},
    ),
    "helpers.schedules.Warmup": _schedule_case(
        sch.Warmup,
        {"schedule": sch.Constant(0.1), "warmup_steps": 10, "initial_learning_rate": 0.0},
        {"schedule": "schedule", "warmup_steps": "nonnegative"}
        | {"initial_learning_rate": "nonnegative"},
    ),
    "helpers.schedules.PyTorchMomentum": Case(
        sch.PyTorchMomentum,
        {"learning_rate": 0.1, "momentum": 0.9},
        {"learning_rate": "schedule", "momentum": "unit"},
    ),
    "helpers.schedules.PyTorchMomentum.update": _update_case(sch.PyTorchMomentum, 0.1),
    "helpers.schedules.design": Case(
        sch.design,
        {"kind": "cosine", "initial_learning_rate": 0.1, "final_learning_rate": 0.001}
        | {"steps": 100, "warmup_steps": 10},
        {"kind": "str", "initial_learning_rate": "positive", "final_learning_rate": "positive"}
        | {"steps": "count", "warmup_steps": "index"},
        extra=[("a cosine that rises", {"final_learning_rate": 0.2}, "final_learning_rate")],
    ),
    "helpers.schedules.learning_rates": Case(
        sch.learning_rates,
        {"learning_rate": sch.Constant(0.1), "steps": 5, "name": "learning_rate"},
        {"learning_rate": "schedule", "steps": "index", "name": "str"},
        accept={"name": ("unknown",)},  # the name a message shows: any text
        extra=[
            ("a schedule below 0", {"learning_rate": _negative}, "learning_rate"),
            ("a schedule returning None", {"learning_rate": _none}, "learning_rate"),
        ],
    ),
    "helpers.schedules.momentum_step_lengths": Case(
        sch.momentum_step_lengths,
        {"learning_rate": sch.Constant(0.1), "steps": 5, "momentum": 0.9},
        {"learning_rate": "schedule", "steps": "count", "momentum": "unit"},
    ),
    "helpers.schedules.noisy_quadratic": Case(
        sch.noisy_quadratic,
        {"learning_rate": 0.1, "steps": 5, "curvatures": np.array([1.0, 0.1]), "noise": 0.1}
        | {"start": 1.0},
        {"learning_rate": "schedule", "steps": "count", "curvatures": "array"}
        | {"noise": "nonnegative", "start": "real"},
        extra=[
            ("a schedule below 0", {"learning_rate": _negative}, "learning_rate"),
            ("a negative curvature", {"curvatures": np.array([1.0, -0.1])}, "curvatures"),
        ],
    ),
    "helpers.schedules.robbins_monro_sums": Case(
        sch.robbins_monro_sums,
        {"learning_rate": sch.PowerDecay(1.0, 1.0), "steps": 5},
        {"learning_rate": "schedule", "steps": "count"},
    ),
}

SGD_MODELS = {
    "helpers.sgd.LeastSquares": Case(
        sgd.LeastSquares,
        {"x": X, "y": X[:, 0]},
        {"x": "array", "y": "array"},
        extra=[("one value too few", {"y": X[:-1, 0]}, "y")],
    ),
    "helpers.sgd.LeastSquares.minimum": Case(None, {}, {}, make=lambda: REGRESSION.minimum),
    "helpers.sgd.LeastSquares.loss": Case(
        None,
        {"w": np.ones(2), "batch": None},
        {"w": "array", "batch": "list"},
        make=lambda: REGRESSION.loss,
        accept={"batch": ("None",)},  # None: all the examples
        extra=[("an index beyond the data", {"batch": np.array([[99]])}, "batch")],
    ),
    "helpers.sgd.LeastSquares.loss_and_grad": Case(
        None,
        {"w": np.ones((2, 2)), "batch": np.array([[0, 1], [2, 3]])},
        {"w": "array", "batch": "list"},
        make=lambda: REGRESSION.loss_and_grad,
        accept={"batch": ("None",)},  # all the examples
        extra=[
            ("fractional indices", {"batch": np.array([[0.5, 1], [2, 3]])}, "batch"),
            ("one row for two runs", {"batch": np.array([[0, 1]])}, "batch"),
        ],
    ),
    "helpers.sgd.SoftmaxRegression": Case(
        sgd.SoftmaxRegression,
        {"x": X, "y": Y3, "classes": 3},
        {"x": "array", "y": "labels", "classes": "count"},
        accept={"classes": ("None",)},  # the default: max(y) + 1
    ),
    "helpers.sgd.SoftmaxRegression.loss": Case(
        None,
        {"w": np.zeros((5, 3)), "batch": None},
        {"w": "array", "batch": "list"},
        make=lambda: SOFTMAX.loss,
        accept={"batch": ("None",)},  # all the examples
    ),
    "helpers.sgd.SoftmaxRegression.loss_and_grad": Case(
        None,
        {"w": np.zeros((2, 5, 3)), "batch": np.array([[0, 1], [2, 3]])},
        {"w": "array", "batch": "list"},
        make=lambda: SOFTMAX.loss_and_grad,
        accept={"batch": ("None",)},  # all the examples
    ),
    "helpers.sgd.Run": Case(
        sgd.Run,
        {"steps": np.array([0, 5]), "examples": np.array([0, 50]), "loss": np.ones((2, 3))}
        | {"params": np.zeros((2, 3, 2))},
        {"steps": "array", "examples": "array", "loss": "array", "params": "array"},
        accept={"params": ("None", "extra axis")},  # not kept; a parameter of any shape
    ),
    "helpers.sgd.regression_2d": Case(
        sgd.regression_2d,
        {"rng": RNG, "n": 10, "noise": 0.5},
        {"rng": "rng", "n": "count", "noise": "nonnegative"},
        extra=[("one example", {"n": 1}, "n")],
    ),
}

SGD_RUNS = {
    "helpers.sgd.gradient_descent": Case(
        sgd.gradient_descent,
        {"fn": SQUARE, "x0": np.array([1.5, -1.0]), "learning_rate": 0.1, "steps": 5},
        {"fn": "object", "x0": "array", "learning_rate": "schedule", "steps": "index"},
        accept={"x0": ANY_SHAPE},  # a curve works elementwise: starts of any shape
    ),
    "helpers.sgd.minibatch_sgd": Case(
        sgd.minibatch_sgd,
        {"model": REGRESSION, "w0": np.zeros(2), "learning_rate": 0.1, "batch_size": 2}
        | {"steps": 5, "rng": RNG, "runs": 2, "record": [0, 5], "keep_params": True},
        {"model": "object", "w0": "array", "learning_rate": "schedule", "batch_size": "count"}
        | {"steps": "index", "rng": "rng", "runs": "count", "record": "list"}
        | {"keep_params": "flag"},
        accept={"record": ("None",)},  # the default: every update
        extra=[
            ("a record after the last step", {"record": [0, 6]}, "record"),
            ("a fractional record", {"record": [0.5]}, "record"),
            ("a batch larger than the data", {"batch_size": 11}, "batch_size"),
        ],
    ),
    "helpers.sgd.minibatch_gradients": Case(
        sgd.minibatch_gradients,
        {"model": REGRESSION, "w": np.zeros(2), "batch_size": 2, "draws": 3, "rng": RNG},
        {"model": "object", "w": "array", "batch_size": "count", "draws": "count"} | {"rng": "rng"},
    ),
    "helpers.sgd.gradient_variance": Case(
        sgd.gradient_variance,
        {"model": REGRESSION, "w": np.zeros(2)},
        {"model": "object", "w": "array"},
    ),
    "helpers.sgd.streaming_least_squares": Case(
        sgd.streaming_least_squares,
        {"learning_rates": [0.1, sch.PowerDecay(0.5, 1.0)], "steps": 5, "rng": RNG, "runs": 2}
        | {"dim": 3, "noise": 1.0, "record": [0, 5]},
        {"learning_rates": "list", "steps": "index", "rng": "rng", "runs": "count"}
        | {"dim": "count", "noise": "nonnegative", "record": "list"},
        accept={"record": ("None",)},  # the default: about 60 log-spaced counts
        extra=[
            ("a rate below 0", {"learning_rates": [0.1, -0.1]}, "learning_rates"),
            ("a schedule below 0", {"learning_rates": [_negative]}, "learning_rates"),
        ],
    ),
    "helpers.sgd.expected_error": Case(
        sgd.expected_error,
        {"learning_rate": 0.1, "steps": 5, "dim": 3, "noise": 1.0},
        {"learning_rate": "schedule", "steps": "index", "dim": "count", "noise": "nonnegative"},
    ),
    "helpers.sgd.noise_ball": Case(
        sgd.noise_ball,
        {"alpha": 0.1, "dim": 3, "noise": 1.0},
        {"alpha": "positive", "dim": "count", "noise": "nonnegative"},
        extra=[("a rate beyond 2/(dim + 2)", {"alpha": 0.5}, "alpha")],
    ),
    "helpers.sgd.moving_noise_ball": Case(
        sgd.moving_noise_ball,
        {"learning_rate": 0.1, "steps": 5, "dim": 3, "noise": 1.0},
        {"learning_rate": "schedule", "steps": "index", "dim": "count", "noise": "nonnegative"},
    ),
    "helpers.sgd.optimal_step": Case(
        sgd.optimal_step,
        {"curvatures": np.array([1.0, 10.0])},
        {"curvatures": "array"},
        extra=[("a negative curvature", {"curvatures": np.array([1.0, -1.0])}, "curvatures")],
    ),
    "helpers.sgd.quadratic_rate": Case(
        sgd.quadratic_rate,
        {"learning_rate": 0.1, "curvatures": np.array([1.0, 10.0])},
        {"learning_rate": "positive", "curvatures": "array"},
    ),
    "helpers.sgd.satisfies_robbins_monro": Case(
        sgd.satisfies_robbins_monro, {"power": 0.75}, {"power": "nonnegative"}
    ),
}

SGD_CONVEXITY = {
    "helpers.sgd.Curve": Case(
        sgd.Curve,
        {"name": "x⁴", "_f": np.square, "_df": np.abs, "_d2f": np.abs, "domain": (-1.0, 1.0)},
        {"name": "str", "_f": "callable", "_df": "callable", "_d2f": "callable"}
        | {"domain": "interval"},
        accept={"name": ("unknown",)},  # any name
    ),
    "helpers.sgd.Curve.grad": Case(
        None,
        {"x": np.array([1.0, 2.0])},
        {"x": "array"},
        make=lambda: SQUARE.grad,
        accept={"x": ANY_SHAPE},
    ),
    "helpers.sgd.Curve.second": Case(
        None,
        {"x": np.array([1.0, 2.0])},
        {"x": "array"},
        make=lambda: SQUARE.second,
        accept={"x": ANY_SHAPE},
    ),
    "helpers.sgd.bumpy": Case(sgd.bumpy, {}, {}),
    "helpers.sgd.curves": Case(sgd.curves, {}, {}),
    "helpers.sgd.convexity_gap": Case(
        sgd.convexity_gap,
        {"f": np.square, "a": np.array([0.0, 1.0]), "b": np.array([2.0, -1.0])}
        | {"t": np.array([0.3, 0.7])},
        {"f": "callable", "a": "array", "b": "array", "t": "array"},
        accept={"a": ANY_SHAPE, "b": ANY_SHAPE, "t": ANY_SHAPE},  # NumPy broadcasting
        extra=[("t above 1", {"t": np.array([0.3, 1.5])}, "t")],
    ),
    "helpers.sgd.ConvexityCheck": Case(
        sgd.ConvexityCheck,
        {"convex": True, "gap": 0.1, "a": -1.0, "b": 1.0, "t": 0.5},
        {"convex": "flag", "gap": "real", "a": "real", "b": "real", "t": "probability"},
    ),
    "helpers.sgd.convexity_check": Case(
        sgd.convexity_check,
        {"f": np.square, "low": -1.0, "high": 1.0, "rng": RNG, "samples": 50},
        {"f": "callable", "low": "real", "high": "real", "rng": "rng", "samples": "count"},
        extra=[
            ("low above high", {"low": 2.0}, "low"),
            ("f undefined on the interval", {"f": np.log}, "f"),
        ],
    ),
}

SGD_LANDSCAPES = {
    "helpers.sgd.two_spirals": Case(
        sgd.two_spirals,
        {"n": 10, "rng": RNG, "turns": 1.5, "noise": 0.1},
        {"n": "count", "rng": "rng", "turns": "positive", "noise": "nonnegative"},
        extra=[("an odd number", {"n": 11}, "n")],
    ),
    "helpers.sgd.DeepNet": Case(
        sgd.DeepNet,
        {"depth": 2, "width": 4, "rng": RNG, "skip": True, "n_in": 2},
        {"depth": "count", "width": "count", "rng": "rng", "skip": "flag", "n_in": "count"},
    ),
    "helpers.sgd.DeepNet.forward": Case(
        None,
        {"x": SPIRALS[0], "params": [p[None] for p in NET.params], "keep": []},
        {"x": "array", "params": "list", "keep": "list"},
        make=lambda: NET.forward,
        accept={"params": ("None",), "keep": ("None", "empty")},  # the net's own; not kept
        extra=[("params of another net", {"params": sgd.DeepNet(3, 4, RNG).params}, "params")],
    ),
    "helpers.sgd.DeepNet.loss_and_grad": Case(
        None,
        {"x": SPIRALS[0], "y": SPIRALS[1]},
        {"x": "array", "y": "labels"},
        make=lambda: NET.loss_and_grad,
    ),
    "helpers.sgd.train_deep_net": Case(
        _fresh_copy(sgd.train_deep_net),
        {"net": NET, "x": SPIRALS[0], "y": SPIRALS[1], "optimizer": opt.SGD(0.01), "steps": 3}
        | {"weight_decay": 1e-3},
        {"net": "object", "x": "array", "y": "labels", "optimizer": "object", "steps": "index"}
        | {"weight_decay": "nonnegative"},
    ),
    "helpers.sgd.filter_normalized_direction": Case(
        sgd.filter_normalized_direction,
        {"params": NET.params, "weights": list(NET.weights), "rng": RNG},
        {"params": "list", "weights": "list", "rng": "rng"},
        extra=[
            ("a bias as a weight", {"weights": [1]}, "weights"),
            ("an index beyond params", {"weights": [9]}, "weights"),
        ],
    ),
    "helpers.sgd.loss_surface": Case(
        sgd.loss_surface,
        {"net": NET, "directions": DIRECTIONS, "x": SPIRALS[0], "y": SPIRALS[1], "span": 1.0}
        | {"n": 3},
        {"net": "object", "directions": "list", "x": "array", "y": "labels", "span": "positive"}
        | {"n": "count"},
        extra=[
            ("one direction", {"directions": DIRECTIONS[:1]}, "directions"),
            ("a grid of one point", {"n": 1}, "n"),
        ],
    ),
    "helpers.sgd.local_minima": Case(
        sgd.local_minima,
        {"z": np.arange(16.0).reshape(4, 4)},
        {"z": "array"},
        accept={"z": ("inf",)},  # loss_surface marks the points whose logits overflow as inf
        extra=[("a 2 × 2 grid", {"z": np.ones((2, 2))}, "z")],
    ),
}

CASES = (
    ENGINE
    | LOSSES
    | ACTIVATIONS
    | FINITE_DIFFERENCES
    | BACKPROP
    | OPTIMIZERS
    | SCHEDULES
    | SGD_MODELS
    | SGD_RUNS
    | SGD_CONVEXITY
    | SGD_LANDSCAPES
)

ABSTRACT = {"helpers.optimizers.Optimizer.update", "helpers.schedules.Schedule"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_bad_input_gets_a_named_error(name):
    assert badinput.failures(name, CASES[name]) == []


@pytest.mark.parametrize("name", sorted(set(CASES) - ABSTRACT))
def test_the_valid_call_works(name):
    case = CASES[name]
    case.target()(**badinput._fresh(case.args))


@pytest.mark.parametrize("name", sorted(ABSTRACT))
def test_the_base_classes_say_they_are_abstract(name):
    case = CASES[name]
    with pytest.raises(NotImplementedError):
        case.target()(**badinput._fresh(case.args))


# --- the examples, one by one -----------------------------------------------------------


def test_a_gradient_given_as_a_list_of_numbers_updates_a_single_array():
    p = np.zeros(2)
    opt.SGD(0.5).step(p, [1.0, 2.0])  # one array: [1.0, 2.0] is its gradient
    np.testing.assert_array_equal(p, [-0.5, -1.0])


def test_a_nan_gradient_is_named_and_leaves_the_parameters_alone():
    p = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"grads\[0\] contains NaN"):
        opt.Adam(0.1).step(p, np.array([1.0, math.nan]))
    np.testing.assert_array_equal(p, [1.0, 2.0])


def test_an_update_that_overflows_names_the_step_and_warns_nothing():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergenceError, match="stopped being finite at step 1"):
            opt.updates(opt.SGD(1e308), np.ones((3, 2)))  # update 1 would reach −2·10³⁰⁸


def test_init_std_may_be_a_numpy_float():
    model = backprop.MLP([4, 3], init_std=np.float32(0.1))
    assert model.params[0].dtype == np.float64


def test_a_stream_of_zero_steps_blames_nothing_the_caller_did_not_pass():
    steps, errors = sgd.streaming_least_squares([0.1], 0, np.random.default_rng(0), dim=3)
    np.testing.assert_array_equal(steps, [0])
    np.testing.assert_array_equal(errors, np.full((1, 1, 20), 3.0))  # ‖0 − w*‖² = dim


def test_dense_forward_computes_integer_arrays_in_floats():
    x, W, b = np.array([[1, 2]]), np.array([[1, 0], [0, 3]]), np.array([1, 1])
    z = backprop.dense_forward(x, W, b)
    assert z.dtype == np.float64
    np.testing.assert_array_equal(z, [[2.0, 7.0]])  # 1·1 + 1, 2·3 + 1


def test_relu_grad_of_nan_is_nan_not_zero():
    np.testing.assert_array_equal(backprop.relu_grad([-1.0, 0.0, 2.0]), [0.0, 0.0, 1.0])
    assert math.isnan(backprop.relu_grad(math.nan))


@pytest.mark.parametrize("f", [_nan_loss, _nan_gradient])
def test_gradient_check_never_calls_a_nan_perfect(f):
    with pytest.raises(ValueError, match="f"):
        backprop.gradient_check(f, np.zeros(3))


def test_gradient_check_rejects_a_value_that_is_nan_near_x():
    def f(x):  # finite at x = 0, NaN a step h away
        return (0.0 if x[0] == 0 else math.nan), np.zeros_like(x)

    with pytest.raises(ValueError, match="not finite within h"):
        backprop.gradient_check(f, np.zeros(2))


@pytest.mark.parametrize("step", [1.5, "3", None])
def test_power_decay_rejects_a_step_that_is_not_a_count(step):
    with pytest.raises(TypeError, match="step must be an int"):
        sch.PowerDecay(1.0, 1.0)(step)


def test_noisy_quadratic_rejects_a_schedule_below_zero():
    with pytest.raises(ValueError, match=r"learning_rate\(0\) returned -0.1"):
        sch.noisy_quadratic(_negative, 5)


def test_minimize_refuses_an_optimizer_that_has_made_updates():
    """A second call with the same object would continue from its velocity and ``t``: the same
    call would give another answer. A new optimizer gives the first answer again."""
    first = opt.minimize(BOWL, opt.Adam(0.1), (1.0, 1.0), 20)
    used = opt.Adam(0.1)
    opt.minimize(BOWL, used, (1.0, 1.0), 20)
    with pytest.raises(ValueError, match="optimizer has already made 20 updates"):
        opt.minimize(BOWL, used, (1.0, 1.0), 20)
    again = opt.minimize(BOWL, opt.Adam(0.1), (1.0, 1.0), 20)
    np.testing.assert_array_equal(again.losses, first.losses)
    with pytest.raises(ValueError, match="updates starts a new run: pass a new optimizer"):
        opt.updates(used, np.ones((3, 2)))


def _with_nan(x: np.ndarray) -> np.ndarray:
    x = x.copy()
    x[0, 0] = math.nan
    return x


@pytest.mark.parametrize(
    ("run", "argument"),
    [
        (
            lambda: backprop.train(
                _mlp(), opt.SGD(0.1), _with_nan(X), Y3, epochs=1, batch_size=4, rng=RNG
            ),
            "x",
        ),
        (lambda: sgd.train_deep_net(NET, _with_nan(SPIRALS[0]), SPIRALS[1], opt.SGD(0.1), 3), "x"),
        (
            lambda: sgd.minibatch_sgd(
                sgd.LeastSquares(_with_nan(X), X[:, 0]), np.zeros(4), 0.1, 2, 3, RNG
            ),
            "x",
        ),
        (lambda: sgd.gradient_descent(SQUARE, _with_nan(X)[0], 0.1, 3), "x0"),
    ],
    ids=["backprop.train", "train_deep_net", "minibatch_sgd", "gradient_descent"],
)
def test_nan_in_the_data_is_bad_data_not_a_too_large_rate(run, argument):
    with pytest.raises(ValueError, match=f"{argument} contains NaN") as caught:
        run()
    assert not isinstance(caught.value, DivergenceError)
    assert "learning rate" not in str(caught.value)


def test_expected_error_with_nan_noise_names_the_noise():
    with pytest.raises(ValueError, match="noise must be"):
        sgd.expected_error(0.1, 5, noise=math.nan)


def test_labels_out_of_range_are_named_errors_not_index_errors():
    with pytest.raises(ValueError, match=r"y must lie in 0\.\.2"):
        backprop.accuracy(_mlp(), X, np.full(12, 3))
    with pytest.raises(ValueError, match=r"y must lie in 0\.\.1"):
        sgd.train_deep_net(NET, SPIRALS[0], SPIRALS[1] + 1, opt.SGD(0.1), 1)
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.2"):
        losses.softmax_cross_entropy(LOGITS, np.full(12, -1))


# --- divergence: every training entry point names the step --------------------------------------


def _assert_diverged(caught, *, finite: bool):
    """``caught`` is a DivergenceError naming its step; with ``finite``, it was caught by the
    growth rule while the loss was still a finite number."""
    error = caught.value
    assert f"at step {error.step}" in str(error)
    if finite:
        assert math.isfinite(error.loss) and error.loss > error.limit
        assert error.limit == GROWTH * max(abs(error.limit / GROWTH), 1.0)
        assert "the run diverged" in str(error)


@pytest.mark.parametrize("optimizer", [opt.SGD(1e8), opt.Adam(1e12)], ids=["SGD 1e8", "Adam 1e12"])
def test_backprop_train_diverging_with_a_finite_loss(optimizer):
    model = _mlp()
    with pytest.raises(DivergenceError) as caught:
        backprop.train(
            model, optimizer, X, Y3, epochs=5, batch_size=4, rng=np.random.default_rng(0)
        )
    _assert_diverged(caught, finite=True)
    history = caught.value.history
    assert history.steps == caught.value.step  # every step before it, and no other
    assert caught.value.limit == GROWTH * max(history.step_loss[0], 1.0)


def test_backprop_train_measures_growth_from_the_first_epoch():
    """Plain SGD whose rate jumps up in epoch 2: the limit is still 10⁶ × the run's first loss
    (not the second epoch's first loss), and the step counts over the whole run."""
    rate = sch.PiecewiseConstantDecay([2], [0.01, 1e9])  # 1e9 from step 3: the second epoch
    with pytest.raises(DivergenceError) as caught:
        backprop.train(_mlp(), opt.SGD(rate), X, Y3, epochs=3, batch_size=4, rng=RNG)
    _assert_diverged(caught, finite=True)
    assert caught.value.step >= 3  # in the second epoch or later
    assert caught.value.limit == GROWTH * max(caught.value.history.step_loss[0], 1.0)


def test_train_deep_net_diverging_with_a_finite_loss():
    net = sgd.DeepNet(3, 8, np.random.default_rng(4))
    x, y = sgd.two_spirals(40, np.random.default_rng(3))
    with pytest.raises(DivergenceError) as caught:
        sgd.train_deep_net(net, x, y, opt.Adam(100.0), 100)
    _assert_diverged(caught, finite=True)


def test_softmax_minibatch_sgd_diverging_with_a_finite_loss():
    with pytest.raises(DivergenceError) as caught:
        sgd.minibatch_sgd(SOFTMAX, np.zeros(SOFTMAX.shape), 1e6, 4, 200, np.random.default_rng(0))
    _assert_diverged(caught, finite=True)
    assert len(caught.value.run.steps) == caught.value.step  # the records before it


def test_gradient_descent_diverging_with_a_finite_loss():
    with pytest.raises(DivergenceError) as caught:
        sgd.gradient_descent(SQUARE, np.array([1.5, -1.0]), 5.0, 1000)
    _assert_diverged(caught, finite=True)


def test_minimize_diverging_with_a_finite_loss():
    with pytest.raises(DivergenceError) as caught:
        opt.minimize(BOWL, opt.Adam(1e4), (1.0, 1.0), 100)
    _assert_diverged(caught, finite=True)
    assert len(caught.value.trajectory.losses) == caught.value.step


def test_width_sweep_diverging_with_a_finite_loss():
    x = np.random.default_rng(0).standard_normal((20, 3))
    labels = np.arange(20) % 2
    with pytest.raises(DivergenceError) as caught:
        gen.width_sweep(
            x,
            labels,
            x,
            labels,
            [8],
            np.random.default_rng(0),
            seeds=1,
            steps=200,
            learning_rate=1e3,
        )
    _assert_diverged(caught, finite=True)


def test_streaming_least_squares_diverging_with_a_finite_loss():
    """A constant rate above 2/(d + 2) makes the expected error grow (factor 1 − 2α + (d + 2)α²
    = 1.75 per update for α = 0.5, d = 5): the run diverges, with the loss still finite."""
    with pytest.raises(DivergenceError) as caught:
        sgd.streaming_least_squares([0.5], 2000, np.random.default_rng(0), runs=4)
    _assert_diverged(caught, finite=True)


@pytest.mark.parametrize(
    "run",
    [
        lambda: opt.minimize(BOWL, opt.SGD(1e200), (1.0, 1.0), 10),
        lambda: sgd.gradient_descent(SQUARE, 1.5, 1e200, 10),
        lambda: sgd.train_deep_net(
            sgd.DeepNet(2, 4, np.random.default_rng(4)), *SPIRALS, opt.SGD(1e300), 10
        ),
    ],
    ids=["minimize", "gradient_descent", "train_deep_net"],
)
def test_a_jump_straight_to_overflow_is_named_too(run):
    with pytest.raises(DivergenceError) as caught:
        run()
    _assert_diverged(caught, finite=False)
