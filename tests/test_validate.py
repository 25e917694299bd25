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


def test_integer_refuses_what_numpy_cannot_hold():
    assert validate.integer("n", 2**63 - 1) == 2**63 - 1
    with pytest.raises(
        ValueError,
        match=r"^n must be an integer ≥ 1 and at most 2\*\*63 − 1, got an integer of 401 digits$",
    ):
        validate.integer("n", 10**400, low=1)
    with pytest.raises(
        ValueError, match=r"^n must be an integer from 1 to 5, got an integer of 401 digits$"
    ):
        validate.integer("n", 10**400, low=1, high=5)


def test_array_refuses_text_complex_and_lone_booleans_instead_of_converting():
    for wrong, got in [
        (["1", "2"], "an array of dtype <U1"),
        ([1j, 2], "an array of dtype complex128"),
        ([1.0, None], "an array of dtype object"),
        (True, "bool True"),
    ]:
        with pytest.raises(TypeError, match=rf"^x must be an array of numbers, got {got}$"):
            validate.array("x", wrong)
    mask = validate.array("x", np.array([True, False, True]))  # coin flips as a mask: fine
    assert mask.tolist() == [1.0, 0.0, 1.0]
    with pytest.raises(ValueError, match="x must be a rectangular array of numbers"):
        validate.array("x", [[1, 2], [3]])


def test_array_says_where_the_first_non_finite_value_is():
    with pytest.raises(
        ValueError, match=r"^x contains NaN or infinite values \(inf at index 1, 0\)"
    ):
        validate.array("x", [[1.0, 2.0], [math.inf, math.nan]])


def test_array_min_size():
    assert validate.array("x", [], min_size=0).shape == (0,)
    with pytest.raises(
        ValueError, match=r"^x is too small \(shape \(1,\)\); at least 2 numbers needed$"
    ):
        validate.array("x", [1.0], min_size=2)


def test_array_in_place_returns_the_caller_s_own_float_array():
    w = np.zeros(3)
    assert validate.array("w", w, in_place=True) is w
    for wrong, got in [(np.zeros(3, dtype=int), "array of dtype int64"), ([0.0, 1.0], "list")]:
        with pytest.raises(TypeError, match=rf"^w is updated in place, so .* got {got}"):
            validate.array("w", wrong, in_place=True)
    frozen = np.zeros(3)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match=r"^w is updated in place, so it must be writeable"):
        validate.array("w", frozen, in_place=True)


def test_function():
    assert validate.function("f", np.sin) is np.sin
    with pytest.raises(TypeError, match=r"^f must be a function of x, got str 'sin'$"):
        validate.function("f", "sin", "a function of x")


def test_interval():
    assert validate.interval("interval", (-1, 2)) == (-1.0, 2.0)
    pair = "a pair \\(low, high\\) of finite numbers with low < high"
    with pytest.raises(ValueError, match=rf"^interval must be {pair}, got \(1, -1\)$"):
        validate.interval("interval", (1.0, -1.0))
    with pytest.raises(ValueError, match=rf"^interval must be {pair}, got nan$"):
        validate.interval("interval", (math.nan, 1.0))
    for wrong in (None, 1.0, "ab", (0.0, 1.0, 2.0), ("a", 1.0)):
        with pytest.raises(TypeError, match=rf"^interval must be {pair}, got "):
            validate.interval("interval", wrong)


def test_returned_checks_what_a_student_function_gave_back():
    np.testing.assert_array_equal(validate.returned("f", [1, 2], (2,)), [1.0, 2.0])
    np.testing.assert_array_equal(validate.returned("f", 3.0, (2,)), [3.0, 3.0])  # one number
    assert validate.returned("predict", np.zeros((4, 2)), (2,), batched=True).shape == (4, 2)
    one_per_input = r"^f must return finite numbers of shape \(2,\), one per input, got "
    with pytest.raises(ValueError, match=one_per_input + r"shape \(1,\)$"):
        validate.returned("f", [1.0], (2,))
    with pytest.raises(ValueError, match=one_per_input + r"shape \(4, 2\)$"):
        validate.returned("f", np.zeros((4, 2)), (2,))  # leading axes only when batched
    with pytest.raises(ValueError, match=one_per_input + "NaN or infinite values$"):
        validate.returned("f", [1.0, math.nan], (2,))
    with pytest.raises(TypeError, match=one_per_input + "NoneType None$"):
        validate.returned("f", None, (2,))


def test_broadcast():
    assert validate.broadcast("theta", np.zeros((3, 1)), "x", np.zeros(5)) == (3, 5)
    with pytest.raises(
        ValueError,
        match=r"^theta of shape \(3,\) and x of shape \(5,\) do not broadcast together "
        r"\(trailing axes must be equal or 1\); pass theta\[:, None\]$",
    ):
        validate.broadcast("theta", np.zeros(3), "x", np.zeros(5), "; pass theta[:, None]")


def test_text_choice_instance_mapping_parts_name_the_argument_and_what_is_allowed():
    assert validate.text("title", "loss") == "loss"
    assert validate.text("title", None, optional=True) is None
    with pytest.raises(TypeError, match=r"title must be a string, got int 3"):
        validate.text("title", 3)
    assert validate.choice("name", "Adam", ["SGD", "Adam"]) == "Adam"
    with pytest.raises(ValueError, match=r"name must be one of \['SGD', 'Adam'\], got 'adam'"):
        validate.choice("name", "adam", ["SGD", "Adam"])
    with pytest.raises(TypeError, match=r"name must be one of .*, got NoneType None"):
        validate.choice("name", None, ["SGD", "Adam"])
    with pytest.raises(TypeError, match=r"rng must be a Generator, got int 0"):
        validate.instance("rng", 0, np.random.Generator, "a Generator")
    assert validate.mapping("runs", {"a": 1}) == {"a": 1}
    with pytest.raises(ValueError, match=r"runs is empty"):
        validate.mapping("runs", {})
    with pytest.raises(TypeError, match=r"runs must be a dict of label → values, got list"):
        validate.mapping("runs", [1])
    assert validate.parts("span", [0, 1], 2, "(a, b)") == (0, 1)
    with pytest.raises(ValueError, match=r"span must be a tuple \(a, b\) of 2 parts, got 3"):
        validate.parts("span", (0, 1, 2), 2, "(a, b)")
