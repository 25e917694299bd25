"""helpers.validate: the one set of argument checks. Wrong kind → TypeError, wrong value →
ValueError, and each message names the argument, the value and what is allowed."""

import math

import numpy as np
import pytest

from helpers import validate


@pytest.mark.parametrize(
    ("check", "value", "want"),
    [
        (validate.positive, 2, 2.0),
        (validate.positive, np.float32(0.5), 0.5),
        (validate.nonnegative, 0, 0.0),
        (validate.unit_interval, 0.0, 0.0),
        (validate.unit_interval, 0.999, 0.999),
    ],
)
def test_numbers_that_pass_come_back_as_floats(check, value, want):
    got = check("x", value)
    assert got == want and type(got) is float


@pytest.mark.parametrize(
    ("check", "value", "allowed"),
    [
        (validate.positive, 0, "> 0"),
        (validate.positive, -1.5, "> 0"),
        (validate.positive, math.inf, "> 0"),
        (validate.nonnegative, -1e-9, "≥ 0"),
        (validate.nonnegative, math.nan, "≥ 0"),
        (validate.unit_interval, 1.0, r"in \[0, 1\)"),
        (validate.unit_interval, -0.1, r"in \[0, 1\)"),
    ],
)
def test_numbers_out_of_range_are_value_errors(check, value, allowed):
    with pytest.raises(ValueError, match=rf"^lr must be .*{allowed}, got {value!r}"):
        check("lr", value)


@pytest.mark.parametrize("value", ["0.1", True, np.bool_(False), None, [0.1], 1j])
def test_numbers_of_the_wrong_kind_are_type_errors(value):
    with pytest.raises(TypeError, match=r"^lr must be a finite number > 0, got "):
        validate.positive("lr", value)


def test_integer():
    assert validate.integer("n", np.int64(3)) == 3
    assert validate.integer("n", 5, low=1, high=5) == 5
    assert validate.integer("n", -7, low=None) == -7
    with pytest.raises(ValueError, match=r"^n must be an integer from 1 to 5, got 6$"):
        validate.integer("n", 6, low=1, high=5)
    with pytest.raises(ValueError, match=r"^n must be an integer ≥ 0, got -1$"):
        validate.integer("n", np.int64(-1))  # a NumPy scalar is shown as a plain number
    for wrong in (2.0, True, "3", None):
        with pytest.raises(TypeError, match=r"^n must be an integer ≥ 0, got "):
            validate.integer("n", wrong)


def test_flag_and_rng():
    assert validate.flag("f", np.bool_(True)) is True
    with pytest.raises(TypeError, match=r"^f must be True or False, got int 1$"):
        validate.flag("f", 1)
    g = np.random.default_rng(0)
    assert validate.rng(g) is g
    with pytest.raises(TypeError, match=r"rng must be a numpy.random.Generator .* got int"):
        validate.rng(0)


def test_array():
    a = validate.array("x", [[1, 2], [3, 4]], ndim=2)
    assert a.dtype == np.float64 and a.shape == (2, 2)
    with pytest.raises(ValueError, match=r"x must have 1 dimension\(s\), got shape \(2, 2\)"):
        validate.array("x", a, ndim=1)
    with pytest.raises(ValueError, match="x is empty"):
        validate.array("x", [])
    with pytest.raises(ValueError, match="x contains NaN or infinite values"):
        validate.array("x", [1.0, math.inf])
    assert np.isnan(validate.array("x", [math.nan], finite=False)).all()
    with pytest.raises(TypeError, match="x must be an array of numbers"):
        validate.array("x", ["a", "b"])


def test_labels():
    y = validate.labels("y", np.array([0, 2, 1]), 3, classes=3)
    assert y.tolist() == [0, 2, 1]
    with pytest.raises(TypeError, match="y must hold integer class labels, got dtype float64"):
        validate.labels("y", np.array([0.0, 1.0]), 2, 2)
    with pytest.raises(ValueError, match=r"y must have shape \(3,\)"):
        validate.labels("y", np.array([0, 1]), 3, 2)
    with pytest.raises(ValueError, match=r"y must lie in 0..1; got 2 at index 1"):
        validate.labels("y", np.array([0, 2]), 2, 2)
    with pytest.raises(ValueError, match=r"y must lie in 0, 1, 2, …; got -1 at index 0"):
        validate.labels("y", np.array([-1, 5]), 2)


def test_learning_rate():
    assert validate.learning_rate(0.1) == 0.1

    def schedule(step):
        return 0.1 / (step + 1)

    assert validate.learning_rate(schedule) is schedule
    with pytest.raises(ValueError, match="learning_rate must be a finite number > 0 or a sched"):
        validate.learning_rate(0.0)
    with pytest.raises(TypeError, match="learning_rate must be"):
        validate.learning_rate("fast")
