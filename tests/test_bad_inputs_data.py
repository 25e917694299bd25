"""The bad-input battery (``tests/badinput.py``, issue 18) for the data-side compute modules:
``helpers.validate``, ``helpers.data``, ``helpers.generalization``, ``helpers.mle`` and
``helpers.surfaces``.

One :class:`badinput.Case` per public callable: a call that works and the kind of each argument a
student passes. Records that only the sweeps fill (``CapacitySweep`` …) and functions without
arguments have a case with no kinds. In ``helpers.validate`` the student's value is ``value``;
``name`` and ``allowed`` are the calling module's text for the message and ``ndim``, ``low``,
``high``, ``n``, ``classes`` its specification, so they get no kind.
"""

from __future__ import annotations

import badinput
import numpy as np
import pytest
from badinput import Case

from helpers import data, mle, surfaces, validate
from helpers import generalization as gen

RNG = np.random.default_rng(0)

# Small valid data, shared by the cases (every call gets fresh copies of the arrays).
X = np.array([[1.0, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])  # (6, 3)
Y = np.array([1.0, -1.0, 0.5, 1.5, -0.5, 0.0])  # (6,)
LABELS = np.array([0, 1, 2, 0, 1, 2])
X_TRAIN = np.random.default_rng(1).standard_normal((6, 4))
X_TEST = np.random.default_rng(2).standard_normal((4, 4))
LABELS_TEST = np.array([0, 1, 2, 1])
OUTPUTS = np.random.default_rng(3).standard_normal((6, 3))
FEATURES = gen.RandomFourierFeatures.draw(4, 8, np.random.default_rng(4))
BITS = gen.binary_vectors(2)  # the 4 inputs of {0, 1}²
FLIPS = np.array([0, 1, 1, 0, 1])
THETA_GRID = np.array([[0.2], [0.5]])  # two Bernoulli models against FLIPS: theta[:, None]
SAMPLE = np.array([0.3, -1.2, 0.8, 0.1, 2.0])
MEANS_GRID = np.array([[0.0], [1.0]])
ESTIMATES = np.array([0.1, -0.2, 0.05, 0.3])

SWEEP = gen.CapacitySweep(np.array([0, 1]), np.ones((2, 2)), np.ones((2, 2)), 0.1)
TRIALS = gen.SelectionTrials(np.array([0.0, 1.0]), np.eye(2), np.eye(2), np.eye(2))
BOWL = surfaces.quadratic()

ANY_SHAPE = ("extra axis",)  # elementwise or along the last axis: any leading shape is fine


def _nan_function(x):
    return np.full(np.shape(x), np.nan)


def _too_short(x):
    return np.asarray(x)[:2]


# The validate checks take the name to show: "value" here, the argument the battery replaces.
VALIDATE = {
    "helpers.validate.real": Case(
        validate.real, {"name": "value", "value": 0.5}, {"value": "real"}
    ),
    "helpers.validate.positive": Case(
        validate.positive, {"name": "value", "value": 0.5}, {"value": "positive"}
    ),
    "helpers.validate.nonnegative": Case(
        validate.nonnegative, {"name": "value", "value": 0.5}, {"value": "nonnegative"}
    ),
    "helpers.validate.unit_interval": Case(
        validate.unit_interval, {"name": "value", "value": 0.5}, {"value": "unit"}
    ),
    "helpers.validate.integer": Case(
        validate.integer, {"name": "value", "value": 3, "low": 1}, {"value": "count"}
    ),
    "helpers.validate.flag": Case(
        validate.flag, {"name": "value", "value": True}, {"value": "flag"}
    ),
    # validate.rng names its argument "rng", as every random helper calls it
    "helpers.validate.rng": Case(lambda rng: validate.rng(rng), {"rng": RNG}, {"rng": "rng"}),
    "helpers.validate.function": Case(
        validate.function, {"name": "value", "value": np.sin}, {"value": "callable"}
    ),
    "helpers.validate.interval": Case(
        validate.interval, {"name": "value", "value": (-1.0, 1.0)}, {"value": "interval"}
    ),
    "helpers.validate.array": Case(
        validate.array, {"name": "value", "value": Y, "ndim": 1}, {"value": "array"}
    ),
    "helpers.validate.labels": Case(
        validate.labels,
        {"name": "value", "value": LABELS, "n": 6, "classes": 3},
        {"value": "labels"},
    ),
    "helpers.validate.learning_rate": Case(
        validate.learning_rate, {"value": 0.1, "name": "value"}, {"value": "schedule"}
    ),
    "helpers.validate.returned": Case(
        validate.returned, {"name": "value", "value": Y, "shape": Y.shape}, {"value": "array"}
    ),
    "helpers.validate.text": Case(
        validate.text,
        {"name": "value", "value": "x"},
        {"value": "str"},
        accept={"value": ("unknown",)},
    ),  # any string is a text
    "helpers.validate.choice": Case(
        validate.choice,
        {"name": "value", "value": "SGD", "options": ["SGD", "Adam"]},
        {"value": "str"},
    ),
    "helpers.validate.instance": Case(
        validate.instance,
        {"name": "value", "value": RNG, "kinds": np.random.Generator, "what": "a Generator"},
        {"value": "rng"},
    ),
    "helpers.validate.mapping": Case(
        validate.mapping,
        {"name": "value", "value": {"a": 1.0}},
        {"value": "list"},
        extra=[("empty dict", {"value": {}}, "value")],
    ),
    "helpers.validate.parts": Case(
        validate.parts,
        {"name": "value", "item": (1.0, 2.0), "count": 2, "what": "(a, b)"},
        {},
        extra=[
            ("None", {"item": None}, "value"),
            ("three parts", {"item": (1, 2, 3)}, "value"),
            ("a number", {"item": 3.0}, "value"),
        ],
    ),
    "helpers.validate.broadcast": Case(
        validate.broadcast,
        {"name_a": "a", "a": np.ones((2, 1)), "name_b": "b", "b": np.ones(3)},
        {},  # a and b are arrays its caller has validated; only their shapes can disagree
        extra=[("shapes disagree", {"b": np.ones((3, 2))}, "a")],
    ),
}

DATA = {
    "helpers.data.Split": Case(data.Split, dict.fromkeys(data.Split.__annotations__, Y), {}),
    "helpers.data.load_digits": Case(data.load_digits, {}, {}),
    "helpers.data.corrupt_labels": Case(
        data.corrupt_labels,
        {"labels": LABELS, "fraction": 0.5, "n_classes": 3, "rng": RNG},
        {"labels": "labels", "fraction": "probability", "n_classes": "count", "rng": "rng"},
        accept={"labels": ("too short",)},  # any number of labels can be corrupted
        extra=[("one class", {"n_classes": 1}, "n_classes")],
    ),
    "helpers.data.linear_regression": Case(
        data.linear_regression,
        {"n": 5, "weights": np.array([1.0, -2.0]), "rng": RNG, "scales": np.ones(2), "noise": 0.1},
        {"n": "count", "weights": "array", "rng": "rng", "scales": "array", "noise": "nonnegative"},
        accept={"scales": ("None",)},  # the default: every scale 1
        extra=[
            ("scales of another length", {"scales": np.ones(3)}, "scales"),
            ("a zero scale", {"scales": np.array([1.0, 0.0])}, "scales"),
        ],
    ),
    "helpers.data.minibatches": Case(
        data.minibatches,
        {"n": 10, "batch_size": 3, "rng": RNG, "drop_last": False},
        {"n": "count", "batch_size": "count", "rng": "rng", "drop_last": "flag"},
    ),
    "helpers.data.one_hot": Case(
        data.one_hot,
        {"labels": LABELS, "classes": 3},
        {"labels": "labels", "classes": "count"},
        accept={"labels": ("too short",)},  # any number of labels
    ),
    "helpers.data.regression_1d": Case(
        data.regression_1d,
        {"f": np.sin, "n": 5, "rng": RNG, "noise": 0.1, "low": -1.0, "high": 1.0},
        {"f": "callable", "n": "count", "rng": "rng", "noise": "nonnegative"}
        | {"low": "real", "high": "real"},
        extra=[
            ("low above high", {"low": 1.0, "high": -1.0}, "low"),
            ("f returns NaN", {"f": _nan_function}, "f"),
            ("f returns too few values", {"f": _too_short}, "f"),
            ("f returns text", {"f": lambda x: "abc"}, "f"),
        ],
    ),
    "helpers.data.split_indices": Case(
        data.split_indices,
        {"n": 10, "fractions": (0.5, 0.3, 0.2), "rng": RNG},
        {"n": "count", "fractions": "array", "rng": "rng"},
        extra=[
            ("fractions not summing to 1", {"fractions": (0.5, 0.4)}, "fractions"),
            ("an empty part", {"n": 2}, "fractions"),
        ],
    ),
    "helpers.data.train_dev_test": Case(
        data.train_dev_test,
        {"x": np.arange(20.0).reshape(10, 2), "y": np.arange(10), "rng": RNG},
        {"x": "array", "y": "array", "rng": "rng"},
        # examples are split along the first axis, whatever shape each example has
        accept={"x": ANY_SHAPE, "y": ANY_SHAPE},
        extra=[
            ("y of another length", {"y": np.arange(9)}, "y"),
            ("two fractions", {"fractions": (0.5, 0.5)}, "fractions"),
            ("fractions None", {"fractions": None}, "fractions"),
        ],
    ),
}

_CLASSIFICATION = {
    "x_train": X_TRAIN,
    "labels_train": LABELS,
    "x_test": X_TEST,
    "labels_test": LABELS_TEST,
}
_CLASSIFICATION_KINDS = {
    "x_train": "array",
    "labels_train": "labels",
    "x_test": "array",
    "labels_test": "labels",
}
_CLASSIFICATION_EXTRA = [
    ("x_test of another width", {"x_test": X_TEST[:, :3]}, "x_test"),
    ("a test class never trained", {"labels_test": np.array([0, 1, 3, 1])}, "labels_test"),
    ("a class missing in training", {"labels_train": np.array([0, 2, 2, 0, 2, 2])}, "labels_train"),
]
_LEARNER = {"x_train": BITS[:2], "y_train": np.array([0, 1]), "x_query": BITS[2:]}
_LEARNER_KINDS = {"x_train": "array", "y_train": "labels", "x_query": "array"}
_LEARNER_EXTRA = [
    ("x_query of another width", {"x_query": np.ones((2, 3))}, "x_query"),
    ("a label 2", {"y_train": np.array([0, 2])}, "y_train"),
]


def _learner_case(learner):
    return Case(learner, _LEARNER, _LEARNER_KINDS, extra=_LEARNER_EXTRA)


GENERALIZATION = {
    # records that the sweeps fill; a student reads them and does not build them
    "helpers.generalization.CapacitySweep": Case(
        gen.CapacitySweep, {"degrees": [0], "train": Y, "test": Y, "noise": 0.1}, {}
    ),
    "helpers.generalization.FeatureSweep": Case(
        gen.FeatureSweep, dict.fromkeys(gen.FeatureSweep.__annotations__, Y), {}
    ),
    "helpers.generalization.SelectionTrials": Case(
        gen.SelectionTrials, dict.fromkeys(gen.SelectionTrials.__annotations__, Y), {}
    ),
    "helpers.generalization.WidthSweep": Case(
        gen.WidthSweep, dict.fromkeys(gen.WidthSweep.__annotations__, Y), {}
    ),
    "helpers.generalization.CapacitySweep.medians": Case(SWEEP.medians, {}, {}),
    "helpers.generalization.SelectionTrials.pick": Case(TRIALS.pick, {"by": "dev"}, {"by": "str"}),
    "helpers.generalization.RandomFourierFeatures": Case(
        gen.RandomFourierFeatures,
        {"weights": FEATURES.weights, "offsets": FEATURES.offsets},
        {"weights": "array", "offsets": "array"},
        extra=[("offsets of another length", {"offsets": FEATURES.offsets[:3]}, "offsets")],
    ),
    "helpers.generalization.true_quadratic": Case(
        gen.true_quadratic, {"x": Y}, {"x": "array"}, accept={"x": ANY_SHAPE}
    ),
    "helpers.generalization.wavy": Case(
        gen.wavy, {"x": Y}, {"x": "array"}, accept={"x": ANY_SHAPE}
    ),
    "helpers.generalization.polynomial_features": Case(
        gen.polynomial_features,
        {"x": Y, "degree": 3, "interval": (-2.0, 2.0), "basis": "legendre"},
        {"x": "array", "degree": "index", "interval": "interval", "basis": "str"},
        accept={"x": ANY_SHAPE},
    ),
    "helpers.generalization.least_squares": Case(
        gen.least_squares,
        {"X": X, "y": Y},
        {"X": "array", "y": "array"},
        accept={"y": ("extra axis",)},  # y of shape (n, 1): one output, fitted as k = 1
        extra=[("y of another length", {"y": Y[:5]}, "y")],
    ),
    "helpers.generalization.min_norm_least_squares": Case(
        gen.min_norm_least_squares,
        {"X": X, "y": Y, "method": "svd"},
        {"X": "array", "y": "array", "method": "str"},
        accept={"y": ("extra axis",)},  # y of shape (n, 1): one output, fitted as k = 1
        extra=[("y of another length", {"y": Y[:5]}, "y")],
    ),
    "helpers.generalization.ridge": Case(
        gen.ridge,
        {"X": X, "y": Y, "lam": 0.1, "intercept": False},
        {"X": "array", "y": "array", "lam": "nonnegative", "intercept": "flag"},
        accept={"y": ("extra axis",)},  # y of shape (n, 1): one output, fitted as k = 1
        extra=[("y of another length", {"y": Y[:5]}, "y")],
    ),
    "helpers.generalization.ridge_path": Case(
        gen.ridge_path,
        {"X": X, "y": Y, "lams": [0.0, 0.1], "intercept": True},
        {"X": "array", "y": "array", "lams": "array", "intercept": "flag"},
        accept={"y": ("extra axis",)},  # y of shape (n, 1): one output, fitted as k = 1
        extra=[("a negative λ", {"lams": [0.1, -1.0]}, "lams")],
    ),
    "helpers.generalization.effective_parameters": Case(
        gen.effective_parameters,
        {"X": X, "lam": 0.1, "intercept": False},
        {"X": "array", "lam": "nonnegative", "intercept": "flag"},
    ),
    "helpers.generalization.mse": Case(
        gen.mse,
        {"predictions": Y, "targets": Y + 1, "axis": -1},
        {"predictions": "array", "targets": "array", "axis": "index"},
        accept={"axis": ("None", "negative")},  # None: over all axes; −1: the last axis
        extra=[
            ("targets of another length", {"targets": Y[:5]}, "targets"),
            ("an axis out of range", {"axis": 3}, "axis"),
        ],
    ),
    "helpers.generalization.squared_loss": Case(
        gen.squared_loss,
        {"outputs": OUTPUTS, "labels": LABELS},
        {"outputs": "array", "labels": "labels"},
        extra=[("labels beyond the outputs", {"outputs": OUTPUTS[:, :2]}, "labels")],
    ),
    "helpers.generalization.zero_one_error": Case(
        gen.zero_one_error,
        {"outputs": OUTPUTS, "labels": LABELS},
        {"outputs": "array", "labels": "labels"},
        extra=[("labels beyond the outputs", {"outputs": OUTPUTS[:, :2]}, "labels")],
    ),
    "helpers.generalization.capacity_sweep": Case(
        gen.capacity_sweep,
        {"f": gen.wavy, "degrees": [0, 1], "n": 5, "rng": RNG, "noise": 0.1, "draws": 3}
        | {"n_test": 10, "interval": (-1.0, 1.0), "lam": 0.0, "basis": "legendre"},
        {"f": "callable", "degrees": "list", "n": "count", "rng": "rng", "noise": "nonnegative"}
        | {"draws": "count", "n_test": "count", "interval": "interval", "lam": "nonnegative"}
        | {"basis": "str"},
        extra=[
            ("a negative degree", {"degrees": [-1, 2]}, "degrees"),
            ("f returns NaN", {"f": _nan_function}, "f"),
        ],
    ),
    "helpers.generalization.polynomial_errors": Case(
        gen.polynomial_errors,
        {"x": Y.reshape(2, 3) / 2, "y": Y.reshape(2, 3), "x_test": Y, "y_test": Y}
        | {"degrees": [0, 1]}
        | {"lam": 0.0, "intercept": False, "interval": (-2.0, 2.0), "basis": "legendre"},
        {"x": "array", "y": "array", "x_test": "array", "y_test": "array", "degrees": "list"}
        | {"lam": "nonnegative", "intercept": "flag", "interval": "interval", "basis": "str"},
        extra=[
            ("y of another shape", {"y": Y[:4].reshape(2, 2)}, "y"),
            ("y_test of another length", {"y_test": Y[:5]}, "y_test"),
        ],
    ),
    "helpers.generalization.bias_variance": Case(
        gen.bias_variance,
        {"f": gen.wavy, "degrees": [0, 1], "n": 5, "rng": RNG, "noise": 0.1, "draws": 4}
        | {"interval": (-1.0, 1.0)},
        {"f": "callable", "degrees": "list", "n": "count", "rng": "rng", "noise": "nonnegative"}
        | {"draws": "count", "interval": "interval"},
        extra=[
            ("one draw", {"draws": 1}, "draws"),
            ("f returns NaN", {"f": _nan_function}, "f"),
        ],
    ),
    "helpers.generalization.generalization_error": Case(
        gen.generalization_error,
        {"predict": np.cos, "f": gen.wavy, "noise": 0.1, "interval": (-1.0, 1.0)},
        {"predict": "callable", "f": "callable", "noise": "nonnegative", "interval": "interval"},
        extra=[
            ("predict returns NaN", {"predict": _nan_function}, "predict"),
            ("predict returns too few values", {"predict": _too_short}, "predict"),
            ("f returns NaN", {"f": _nan_function}, "f"),
        ],
    ),
    "helpers.generalization.selection_trials": Case(
        gen.selection_trials,
        {"f": gen.wavy, "rng": RNG, "lams": [0.0, 0.1], "degree": 2, "sizes": (5, 3, 3)}
        | {"noise": 0.3, "trials": 3, "interval": (-1.0, 1.0)},
        {"f": "callable", "rng": "rng", "lams": "array", "degree": "index", "sizes": "list"}
        | {"noise": "nonnegative", "trials": "count", "interval": "interval"},
        extra=[
            ("two sizes", {"sizes": (5, 3)}, "sizes"),
            ("a size 0", {"sizes": (5, 0, 3)}, "sizes"),
            ("a negative λ", {"lams": [-1.0]}, "lams"),
        ],
    ),
    "helpers.generalization.feature_sweep": Case(
        gen.feature_sweep,
        {"features": FEATURES, **_CLASSIFICATION, "sizes": [2, 4], "lam": 0.0},
        {"features": "callable", **_CLASSIFICATION_KINDS, "sizes": "list", "lam": "nonnegative"},
        extra=[
            *_CLASSIFICATION_EXTRA,
            ("more features than drawn", {"sizes": [2, 9]}, "sizes"),
            ("x_train of another width", {"x_train": X_TRAIN[:, :3]}, "x_train"),
        ],
    ),
    "helpers.generalization.pca": Case(
        gen.pca, {"x": X_TRAIN, "k": 2}, {"x": "array", "k": "count"}
    ),
    "helpers.generalization.mlp_parameter_count": Case(
        gen.mlp_parameter_count,
        {"n_inputs": 4, "width": 8, "n_outputs": 3},
        {"n_inputs": "count", "width": "count", "n_outputs": "count"},
    ),
    "helpers.generalization.width_sweep": Case(
        gen.width_sweep,
        {**_CLASSIFICATION, "widths": [2], "rng": RNG, "seeds": 1, "steps": 2}
        | {"learning_rate": 0.01, "output_scale": 0.1, "record_steps": [1]},
        {**_CLASSIFICATION_KINDS, "widths": "list", "rng": "rng", "seeds": "count"}
        | {"steps": "count", "learning_rate": "positive", "output_scale": "positive"}
        | {"record_steps": "list"},
        accept={"record_steps": ("empty",)},  # no step recorded: the default
        extra=[
            *_CLASSIFICATION_EXTRA,
            ("a step beyond steps", {"record_steps": [3]}, "record_steps"),
        ],
    ),
    "helpers.generalization.gradient_descent_path": Case(
        gen.gradient_descent_path,
        {"X": X, "y": Y, "steps": [0, 1, 10], "learning_rate": 0.5},  # h_max = 2/3
        {"X": "array", "y": "array", "steps": "list", "learning_rate": "positive"},
        accept={"learning_rate": ("None",)},  # the default, 1/h_max
        extra=[
            ("a learning rate beyond 2/h_max", {"learning_rate": 3.5}, "learning_rate"),
            ("y of another length", {"y": Y[:5]}, "y"),
        ],
    ),
    "helpers.generalization.weight_decay_step": Case(
        gen.weight_decay_step,
        {"w": np.ones(3), "X": X, "y": Y, "lam": 0.1, "learning_rate": 0.1},
        {"w": "array", "X": "array", "y": "array", "lam": "nonnegative"}
        | {"learning_rate": "positive"},
        extra=[
            ("w of another length", {"w": np.ones(2)}, "w"),
            ("y of another length", {"y": Y[:5]}, "y"),
        ],
    ),
    "helpers.generalization.early_stopping_lambda": Case(
        gen.early_stopping_lambda,
        {"steps": np.array([1, 10, 100]), "learning_rate": 0.1},
        {"steps": "array", "learning_rate": "positive"},
        accept={"steps": ANY_SHAPE},
        extra=[("step 0", {"steps": np.array([0, 10])}, "steps")],
    ),
    "helpers.generalization.population_mse": Case(
        gen.population_mse,
        {"W": np.ones((2, 3)), "w_true": np.zeros(3), "scales": np.ones(3), "noise": 0.1},
        {"W": "array", "w_true": "array", "scales": "array", "noise": "nonnegative"},
        extra=[
            ("w_true of another length", {"w_true": np.zeros(2)}, "w_true"),
            ("scales of another length", {"scales": np.ones(2)}, "scales"),
            ("a zero scale", {"scales": np.array([1.0, 0.0, 1.0])}, "scales"),
        ],
    ),
    "helpers.generalization.binary_vectors": Case(gen.binary_vectors, {"m": 3}, {"m": "count"}),
    "helpers.generalization.majority_vote": _learner_case(gen.majority_vote),
    "helpers.generalization.contrarian": _learner_case(gen.contrarian),
    "helpers.generalization.nearest_neighbour": _learner_case(gen.nearest_neighbour),
    "helpers.generalization.off_training_set_errors": Case(
        gen.off_training_set_errors,
        {"learner": gen.majority_vote, "inputs": BITS, "train": [0, 1]},
        {"learner": "callable", "inputs": "array", "train": "list"},
        extra=[
            ("an index out of range", {"train": [0, 4]}, "train"),
            ("a repeated index", {"train": [1, 1]}, "train"),
            ("every input", {"train": [0, 1, 2, 3]}, "train"),
            ("learner returns too few", {"learner": lambda a, b, c: np.zeros(1)}, "learner"),
            ("learner returns NaN", {"learner": lambda a, b, c: np.full(2, np.nan)}, "learner"),
        ],
    ),
    "helpers.generalization.smoothness": Case(
        gen.smoothness,
        {"inputs": BITS, "labellings": gen.binary_vectors(4)},
        {"inputs": "array", "labellings": "array"},
        extra=[
            ("labellings of another width", {"labellings": gen.binary_vectors(3)}, "labellings"),
            ("inputs that are not bits", {"inputs": BITS * 2}, "inputs"),
        ],
    ),
}

MLE = {
    "helpers.mle.EstimatorSummary": Case(
        mle.EstimatorSummary, dict.fromkeys(mle.EstimatorSummary.__annotations__, 0.0), {}
    ),
    "helpers.mle.empirical_distribution": Case(
        mle.empirical_distribution,
        {"samples": np.array([0, 1, 1, 2]), "support": np.arange(3)},
        {"samples": "array", "support": "array"},
        accept={"samples": ANY_SHAPE},  # samples of any shape are counted
        extra=[
            ("a sample outside the support", {"samples": np.array([0, 5])}, "samples"),
            ("a repeated support value", {"support": np.array([0, 1, 1])}, "support"),
        ],
    ),
    "helpers.mle.entropy": Case(mle.entropy, {"p": np.array([0.2, 0.8])}, {"p": "array"}),
    "helpers.mle.cross_entropy": Case(
        mle.cross_entropy,
        {"p": np.array([0.2, 0.8]), "q": np.array([0.5, 0.5])},
        {"p": "array", "q": "array"},
        extra=[
            ("q with another number of outcomes", {"q": np.ones(3) / 3}, "q"),
            (
                "leading axes that disagree",
                {"p": np.full((2, 2), 0.5), "q": np.full((3, 2), 0.5)},
                "q",
            ),
        ],
    ),
    "helpers.mle.kl_divergence": Case(
        mle.kl_divergence,
        {"p": np.array([0.2, 0.8]), "q": np.array([0.5, 0.5])},
        {"p": "array", "q": "array"},
        extra=[
            ("q with another number of outcomes", {"q": np.ones(3) / 3}, "q"),
            (
                "leading axes that disagree",
                {"p": np.full((2, 2), 0.5), "q": np.full((3, 2), 0.5)},
                "q",
            ),
        ],
    ),
    "helpers.mle.bernoulli_nll": Case(
        mle.bernoulli_nll,
        {"theta": THETA_GRID, "x": FLIPS},
        {"theta": "array", "x": "array"},
        accept={"theta": ANY_SHAPE},  # a grid of grids of θ broadcasts as well
        extra=[
            ("theta without [:, None]", {"theta": np.array([0.2, 0.5, 0.7])}, "theta"),
            ("theta above 1", {"theta": np.array([1.5])}, "theta"),
            ("x with a 2", {"x": np.array([0, 2])}, "x"),
        ],
    ),
    "helpers.mle.bernoulli_likelihood": Case(
        mle.bernoulli_likelihood,
        {"theta": THETA_GRID, "x": FLIPS},
        {"theta": "array", "x": "array"},
        accept={"theta": ANY_SHAPE},  # a grid of grids of θ broadcasts as well
        extra=[("theta without [:, None]", {"theta": np.array([0.2, 0.5, 0.7])}, "theta")],
    ),
    "helpers.mle.categorical_nll": Case(
        mle.categorical_nll,
        {"q": np.array([0.2, 0.3, 0.5]), "labels": np.array([0, 2, 1, 2])},
        {"q": "array", "labels": "labels"},
        accept={"labels": ("too short",)},  # any number of examples
    ),
    "helpers.mle.gaussian_nll": Case(
        mle.gaussian_nll,
        {"y": SAMPLE, "mean": MEANS_GRID, "sigma": 1.0},
        {"y": "array", "mean": "array", "sigma": "positive"},
        accept={"mean": ANY_SHAPE},  # a grid of grids of means broadcasts as well
        extra=[("mean without [:, None]", {"mean": np.zeros(3)}, "mean")],
    ),
    "helpers.mle.laplace_nll": Case(
        mle.laplace_nll,
        {"y": SAMPLE, "mean": MEANS_GRID, "b": 1.0},
        {"y": "array", "mean": "array", "b": "positive"},
        accept={"mean": ANY_SHAPE},  # a grid of grids of means broadcasts as well
        extra=[("mean without [:, None]", {"mean": np.zeros(3)}, "mean")],
    ),
    "helpers.mle.gaussian_likelihood": Case(
        mle.gaussian_likelihood,
        {"y": SAMPLE, "mean": MEANS_GRID, "sigma": 1.0},
        {"y": "array", "mean": "array", "sigma": "positive"},
        accept={"mean": ANY_SHAPE},  # a grid of grids of means broadcasts as well
        extra=[("mean without [:, None]", {"mean": np.zeros(3)}, "mean")],
    ),
    "helpers.mle.likelihood_area": Case(
        mle.likelihood_area,
        {"theta": np.linspace(0, 1, 5), "likelihood": np.ones(5)},
        {"theta": "array", "likelihood": "array"},
        extra=[
            ("likelihood of another length", {"likelihood": np.ones(4)}, "likelihood"),
            ("theta decreasing", {"theta": np.linspace(1, 0, 5)}, "theta"),
            ("a negative likelihood", {"likelihood": -np.ones(5)}, "likelihood"),
        ],
    ),
    "helpers.mle.binomial_probs": Case(
        mle.binomial_probs,
        {"trials": 4, "theta": np.array([0.2, 0.5])},
        {"trials": "count", "theta": "array"},
        accept={"theta": ANY_SHAPE},  # θ of any shape
        extra=[("theta above 1", {"theta": np.array([1.5])}, "theta")],
    ),
    "helpers.mle.coin_flips": Case(
        mle.coin_flips,
        {"n": 5, "theta": 0.3, "rng": RNG},
        {"n": "count", "theta": "probability", "rng": "rng"},
    ),
    "helpers.mle.gaussian_datasets": Case(
        mle.gaussian_datasets,
        {"n": 5, "repetitions": 3, "rng": RNG, "mean": 0.0, "sigma": 1.0},
        {"n": "count", "repetitions": "count", "rng": "rng", "mean": "real", "sigma": "positive"},
    ),
    "helpers.mle.sample_mean": Case(
        mle.sample_mean, {"x": SAMPLE}, {"x": "array"}, accept={"x": ANY_SHAPE}
    ),
    "helpers.mle.sample_median": Case(
        mle.sample_median, {"x": SAMPLE}, {"x": "array"}, accept={"x": ANY_SHAPE}
    ),
    "helpers.mle.sample_variance": Case(
        mle.sample_variance,
        {"x": SAMPLE, "ddof": 1},
        {"x": "array", "ddof": "index"},
        accept={"ddof": ("negative",)},  # ddof = −1: the smallest MSE
        extra=[("ddof of N", {"ddof": 5}, "ddof")],
    ),
    "helpers.mle.variance_estimator_moments": Case(
        mle.variance_estimator_moments,
        {"n": 5, "sigma": 1.0, "ddof": 1},
        {"n": "count", "sigma": "positive", "ddof": "index"},
        accept={"ddof": ("negative",)},  # ddof = −1: the smallest MSE
        extra=[("one example", {"n": 1}, "n"), ("ddof of N", {"ddof": 5}, "ddof")],
    ),
    "helpers.mle.summarize": Case(
        mle.summarize,
        {"estimates": ESTIMATES, "truth": 0.0},
        {"estimates": "array", "truth": "real"},
        accept={"estimates": ANY_SHAPE},  # (R, 1): one quantity estimated R times
        extra=[
            ("one repetition", {"estimates": ESTIMATES[:1]}, "estimates"),
            ("a truth per repetition", {"truth": np.zeros(3)}, "truth"),
        ],
    ),
    "helpers.mle.mse_ratio": Case(
        mle.mse_ratio,
        {"estimates_a": ESTIMATES, "estimates_b": ESTIMATES[::-1] * 2, "truth": 0.0},
        {"estimates_a": "array", "estimates_b": "array", "truth": "real"},
        extra=[("estimates_b of another length", {"estimates_b": ESTIMATES[:3]}, "estimates_b")],
    ),
    "helpers.mle.exceed_probability": Case(
        mle.exceed_probability,
        {"estimates": ESTIMATES, "truth": 0.0, "eps": 0.1},
        {"estimates": "array", "truth": "real", "eps": "positive"},
        accept={"estimates": ANY_SHAPE},  # (R, 1): one quantity estimated R times
        extra=[("a truth per repetition", {"truth": np.zeros(3)}, "truth")],
    ),
    "helpers.mle.gaussian_mean_exceed_probability": Case(
        mle.gaussian_mean_exceed_probability,
        {"m": np.array([1, 10, 100]), "eps": 0.1, "sigma": 1.0},
        {"m": "array", "eps": "positive", "sigma": "positive"},
        accept={"m": ANY_SHAPE},  # sample sizes of any shape
        extra=[("a sample size 0", {"m": np.array([0, 10])}, "m")],
    ),
    "helpers.mle.cramer_rao_bound": Case(
        mle.cramer_rao_bound,
        {"n": np.array([1, 10, 100]), "fisher_information": 2.0},
        {"n": "array", "fisher_information": "positive"},
        accept={"n": ANY_SHAPE},  # sample sizes of any shape
        extra=[("a sample size 0", {"n": np.array([0, 10])}, "n")],
    ),
}

SURFACES = {
    "helpers.surfaces.Surface": Case(  # built by the functions below, not by a student
        surfaces.Surface,
        {"name": "bowl", "formula": "x²", "_f": None, "_grad": None}
        | {"minimum": None, "bounds": ((-1.0, 1.0), (-1.0, 1.0))},
        {},
    ),
    "helpers.surfaces.Surface.grad": Case(
        BOWL.grad,
        {"p": np.array([1.0, 2.0])},
        {"p": "array"},
        accept={"p": ("nan", "inf")},  # a diverged run's trajectory is still drawn
    ),
    "helpers.surfaces.Surface.grid": Case(BOWL.grid, {"n": 5}, {"n": "count"}),
    "helpers.surfaces.banana": Case(surfaces.banana, {}, {}),
    "helpers.surfaces.beale": Case(surfaces.beale, {}, {}),
    "helpers.surfaces.saddle": Case(surfaces.saddle, {}, {}),
    "helpers.surfaces.valley": Case(surfaces.valley, {}, {}),
    "helpers.surfaces.quadratic": Case(
        surfaces.quadratic,
        {"a": 1.0, "b": 2.0, "bounds": ((-1.0, 1.0), (-2.0, 2.0))},
        {"a": "positive", "b": "positive"},
        extra=[
            ("bounds None", {"bounds": None}, "bounds"),
            ("bounds one pair", {"bounds": (-1.0, 1.0)}, "bounds"),
            ("bounds reversed", {"bounds": ((1.0, -1.0), (-2.0, 2.0))}, "bounds"),
            ("bounds with NaN", {"bounds": ((-1.0, 1.0), (np.nan, 2.0))}, "bounds"),
        ],
    ),
    "helpers.surfaces.rosenbrock": Case(
        surfaces.rosenbrock, {"a": 1.0, "b": 100.0}, {"a": "real", "b": "positive"}
    ),
    "helpers.surfaces.rotated": Case(
        surfaces.rotated,
        {"surface": BOWL, "degrees": 30.0},
        {"surface": "callable", "degrees": "real"},
    ),
}

CASES: dict[str, Case] = VALIDATE | DATA | GENERALIZATION | MLE | SURFACES
CASES["helpers.generalization.RandomFourierFeatures.draw"] = Case(
    gen.RandomFourierFeatures.draw,
    {"n_inputs": 4, "n_features": 8, "rng": RNG, "bandwidth": 2.0},
    {"n_inputs": "count", "n_features": "count", "rng": "rng", "bandwidth": "positive"},
)

# ``__call__`` methods, which tests/test_bad_inputs_coverage.py does not list (they are not
# public names), tried here all the same. Not in CASES, whose names that test requires to be public.
MORE_CASES: dict[str, Case] = {
    "helpers.generalization.RandomFourierFeatures.__call__": Case(
        FEATURES,
        {"x": X_TRAIN, "n_features": 4},
        {"x": "array", "n_features": "count"},
        accept={"n_features": ("None",)},  # the default: all the features drawn
        extra=[
            ("more features than drawn", {"n_features": 9}, "n_features"),
            ("x of another width", {"x": X}, "x"),
        ],
    ),
    "helpers.surfaces.Surface.__call__": Case(
        BOWL,
        {"p": np.array([1.0, 2.0])},
        {"p": "array"},
        accept={"p": ("nan", "inf")},  # a diverged run's trajectory is still drawn
    ),
}


@pytest.mark.parametrize("name", sorted(CASES | MORE_CASES))
def test_every_bad_input_gets_a_named_error(name):
    assert badinput.failures(name, (CASES | MORE_CASES)[name]) == []
