"""Adversarial answers to every exercise check (issue 18).

Whatever a student passes — a function that loops forever, sleeps, raises, exits, returns None,
text, NaN, a huge integer, the wrong shape, an object whose ``__float__`` never returns, prints
megabytes or changes its inputs; a value that is text, a bool, NaN, ±inf, ``10**400``, float32,
an array, a list, a complex number; a notebook object beside the answer that is None, text, or
the wrong thing — every check in ``helpers.check.*`` returns a :class:`~helpers.check.Verdict`
(``passed`` False, or None for a draft): never an exception, never a hang. A watchdog of
:data:`WATCHDOG` seconds turns a hang into a failure instead of a stuck test run.

Whose argument is whose (``helpers/check/__init__.py``): the answer and the notebook objects are
the student's (verdicts, this suite); ``exercise``, ``reference``, ``cases``, ``expected``,
``rtol``, ``atol``, ``mistakes``, ``hint``, ``inputs_unchanged`` and ``precision`` are the
author's (named errors, :data:`CASES`, run by ``tests/badinput.py``).

``python tests/test_bad_inputs_check.py`` prints the tally: answers tried, verdicts, exceptions,
hangs.
"""

from __future__ import annotations

import signal
import sys
import time
from collections import Counter
from decimal import Decimal
from fractions import Fraction

import badinput
import numpy as np
import pytest

import helpers.check as framework
from helpers import backprop, data
from helpers import generalization as gen
from helpers.check import (
    Verdict,
    check_function,
    check_value,
    describe,
)
from helpers.check import backprop as ex_backprop
from helpers.check import generalization as ex_generalization
from helpers.check import mle as ex_mle
from helpers.check import optimizers as ex_optimizers
from helpers.check import schedules as ex_schedules
from helpers.check import sgd as ex_sgd

WATCHDOG = 20.0  # seconds before a check counts as hanging (the suite's own limit is 0.1 s)
STUDENT_LIMIT = 0.1  # TIME_LIMIT during this suite, so that the loops cost little

# Every public callable of helpers.check.*: the student-facing arguments are covered here.
COVERED = {
    "helpers.check.Verdict",
    "helpers.check.check_function",
    "helpers.check.check_value",
    "helpers.check.describe",
    "helpers.check.backprop.changed_weight",
    "helpers.check.backprop.cross_entropy_gradient",
    "helpers.check.backprop.dense_relu_backward",
    "helpers.check.backprop.new_operation",
    "helpers.check.backprop.silu_derivative",
    "helpers.check.generalization.ridge_solution",
    "helpers.check.generalization.validation_degree",
    "helpers.check.generalization.validation_optimism",
    "helpers.check.generalization.weight_decay_peak",
    "helpers.check.mle.bernoulli_nll",
    "helpers.check.mle.kl_divergence",
    "helpers.check.mle.laplace_mle",
    "helpers.check.mle.median_variance",
    "helpers.check.optimizers.adagrad_distance",
    "helpers.check.optimizers.adam_second_step",
    "helpers.check.optimizers.adam_update",
    "helpers.check.optimizers.momentum_update",
    "helpers.check.optimizers.rmsprop_first_step",
    "helpers.check.schedules.cosine_decay",
    "helpers.check.schedules.exponential_decay_rate",
    "helpers.check.schedules.port_multistep",
    "helpers.check.schedules.power_decay_budget",
    "helpers.check.sgd.convexity_gap",
    "helpers.check.sgd.minibatch_gradient",
    "helpers.check.sgd.robbins_monro",
    "helpers.check.sgd.schedule_power",
    "helpers.check.sgd.tilted_bowl_rate",
}


# --- adversarial answers ------------------------------------------------------------------------


class LoopingFloat:
    """A number-like object whose conversion never returns."""

    def __float__(self):
        while True:
            pass


class RaisingFloat:
    def __float__(self):
        raise RuntimeError("no float for you")


class LoopingArray:
    """An array-like object whose conversion never returns."""

    def __array__(self, dtype=None, copy=None):
        while True:
            pass


class Evil:
    """An object whose every dunder a check might touch misbehaves."""

    def __repr__(self):
        raise RuntimeError("repr")

    def __str__(self):
        raise RuntimeError("str")

    def __eq__(self, other):
        raise RuntimeError("eq")

    __hash__ = None

    def __bool__(self):
        raise RuntimeError("bool")


def _self_containing_list():
    loop = []
    loop.append(loop)
    return loop


def _loops(*args):
    while True:
        pass


def _sleeps(*args):
    time.sleep(60)


def _swallows(*args):
    while True:
        try:
            time.sleep(60)
        except Exception:  # a broad except must not defeat the time limit
            pass


def _raises(*args):
    return 1 / 0


def _exits(*args):
    sys.exit(1)


def _not_written(*args):
    raise NotImplementedError


def _prints_megabytes(*args):
    for _ in range(25_000):
        print("spam " * 8)
    return np.nan


def _mutates(*args):
    for a in args:
        if isinstance(a, np.ndarray) and a.dtype.kind == "f":
            a[...] = np.nan
    return args[0] if args else 0.0


# A student's function: label → callable.
FUNCTIONS = {
    "loops forever": _loops,
    "sleeps": _sleeps,
    "catches the interrupt": _swallows,
    "raises": _raises,
    "calls sys.exit": _exits,
    "raises NotImplementedError": _not_written,
    "takes no argument": lambda: 1.0,
    "prints megabytes": _prints_megabytes,
    "changes its inputs": _mutates,
    "returns None": lambda *a: None,
    "returns text": lambda *a: "0.5",
    "returns True": lambda *a: True,
    "returns NaN": lambda *a: np.nan,
    "returns inf": lambda *a: -np.inf,
    "returns 10**400": lambda *a: 10**400,
    "returns complex": lambda *a: 1j,
    "returns an empty array": lambda *a: np.array([]),
    "returns the wrong shape": lambda *a: np.zeros(7),
    "returns a 3-D array": lambda *a: np.zeros((2, 3, 4)),
    "returns float32 noise": lambda *a: np.float32(0.1),
    "returns a list of texts": lambda *a: ["a", "b"],
    "returns a list that contains itself": lambda *a: _self_containing_list(),
    "returns a dict": lambda *a: {"a": 1.0},
    "returns a generator": lambda *a: (k for k in range(3)),
    "returns (None, None)": lambda *a: (None, None),
    "returns 20 results": lambda *a: tuple(range(20)),
    "returns a looping float": lambda *a: LoopingFloat(),
    "returns a raising float": lambda *a: RaisingFloat(),
    "returns a looping array": lambda *a: LoopingArray(),
    "returns an evil object": lambda *a: Evil(),
    "returns an array of evil objects": lambda *a: np.array([Evil(), Evil()], dtype=object),
}

# Something that is not a function where a function belongs: label → value.
NOT_FUNCTIONS = {
    "None": None,
    "...": ...,
    "a number": 3.0,
    "text": "def f(x): return x",
    "a list": [1.0, 2.0],
    "an evil object": Evil(),
}

# A student's value: label → value. Those in NUMBERS are proper numbers of an unusual type, and
# may be right (schedule_power accepts a range of powers, 1/3 among them).
NUMBERS = {"float32", "float16", "a 0-d array", "Fraction", "Decimal"}
VALUES = {
    "None": None,
    "...": ...,
    "text": "abc",
    "a number in quotes": "0.5",
    "an empty text": "",
    "True": True,
    "np.False_": np.False_,
    "NaN": float("nan"),
    "inf": float("inf"),
    "-inf": float("-inf"),
    "10**400": 10**400,
    "-10**400": -(10**400),
    "10**5000": 10**5000,
    "float32": np.float32(0.3),
    "float16": np.float16(60000),
    "an array": np.array([1.0, 2.0]),
    "an empty array": np.array([]),
    "a 0-d array": np.array(7.5),
    "a list": [0.5],
    "a tuple": (0.5, 0.5),
    "a dict": {"answer": 0.5},
    "a set": {0.5},
    "complex": 1j,
    "Fraction": Fraction(1, 3),
    "Decimal": Decimal("0.125"),
    "a looping float": LoopingFloat(),
    "a raising float": RaisingFloat(),
    "an evil object": Evil(),
    "a function": lambda: 0.5,
}


def _leaky(a):
    return a if a > 0 else 0.1 * a


def _leaky_partials(a):
    return (1.0 if a > 0 else 0.1,)


def _slow_in_the_engine():
    """A value that passes the four points of the check, then loops inside the engine."""
    calls = [0]

    def value(a):
        calls[0] += 1
        while calls[0] > 4:
            pass
        return _leaky(a)

    return value


def _op(value, partials, arity=1):
    """``backprop.Op(…)``, or None when the constructor itself rejects it (with a named error:
    its own battery's business)."""
    try:
        return backprop.Op("LeakyReLU", value, partials, arity=arity)
    except (TypeError, ValueError):
        return None


def _ops() -> dict:
    """Leaky-ReLU operations gone wrong: label → answer to ``new_operation``."""
    ops = {label: value for label, value in NOT_FUNCTIONS.items()}
    for label, fn in FUNCTIONS.items():
        ops[f"value {label}"] = _op(fn, _leaky_partials)
        ops[f"partials {label}"] = _op(_leaky, fn)
    for label, arity in [("None", None), ("text", "1"), ("2", 2), ("10**400", 10**400)]:
        ops[f"arity {label}"] = _op(_leaky, _leaky_partials, arity)
    ops["loops in the engine"] = _op(_slow_in_the_engine(), _leaky_partials)
    return {label: op for label, op in ops.items() if op is not None or label == "None"}


# --- the notebook objects passed beside an answer --------------------------------------------


def _regression_split() -> data.Split:
    rng = np.random.default_rng(2022)
    x, y = data.regression_1d(gen.wavy, 50, rng, noise=0.3)
    return data.train_dev_test(x, y, rng)


def _classification():
    rng = np.random.default_rng(11)
    features = gen.RandomFourierFeatures.draw(5, 80, rng, bandwidth=2.0)
    centres = rng.standard_normal((3, 5))
    train, test = rng.integers(0, 3, 30), rng.integers(0, 3, 60)
    x_train = centres[train] + rng.standard_normal((30, 5))
    x_test = centres[test] + rng.standard_normal((60, 5))
    return features, (x_train, train, x_test, test), [5, 10, 30, 80]


SPLIT = _regression_split()
FEATURES, BELKIN, SIZES = _classification()


def _replace(split: data.Split, **arrays) -> data.Split:
    return data.Split(**{**vars(split), **arrays})


BAD_SPLITS = {
    "None": None,
    "text": "split",
    "a tuple": (SPLIT.x_train, SPLIT.y_train),
    "an evil object": Evil(),
    "NaN in x_train": _replace(SPLIT, x_train=np.full_like(SPLIT.x_train, np.nan)),
    "empty x_dev": _replace(SPLIT, x_dev=SPLIT.x_dev[:0], y_dev=SPLIT.y_dev[:0]),
    "y_train too short": _replace(SPLIT, y_train=SPLIT.y_train[:-3]),
    "text arrays": _replace(SPLIT, x_test=np.array(["a"] * len(SPLIT.x_test))),
    "None arrays": _replace(SPLIT, x_train=None),
}

BAD_FEATURES = {
    "None": None,
    "text": "rff",
    "an evil object": Evil(),
    "features for 4 inputs": gen.RandomFourierFeatures.draw(4, 80, np.random.default_rng(0)),
}

BAD_BELKIN = {
    "None": None,
    "text": "belkin_split",
    "three arrays": BELKIN[:3],
    "float labels": (BELKIN[0], BELKIN[1] + 0.5, *BELKIN[2:]),
    "NaN inputs": (BELKIN[0] * np.nan, *BELKIN[1:]),
    "an evil object": Evil(),
}

BAD_SIZES = {
    "None": None,
    "text": "10, 30",
    "a number": 30,
    "empty": [],
    "without N = n": [5, 10],
    "zero": [0, 30],
    "negative": [-1, 30],
    "10**400": [10**400, 30],
    "texts": ["a", 30],
    "floats": np.array([30.0]),
    "more than drawn": [30, 1000],
    "an evil object": Evil(),
    "evil entries": [Evil(), 30],
}


# --- every check, with each of its arguments a student can get wrong ------------------------


def _tanh_check(fn):
    return check_function("tanh", fn, np.tanh, [(0.5,)])


def _degree_with_split(split):
    return ex_generalization.validation_degree(3, split)


def _peak_with_features(features):
    return ex_generalization.weight_decay_peak(0.1, features, BELKIN, SIZES)


def _peak_with_split(split):
    return ex_generalization.weight_decay_peak(0.1, FEATURES, split, SIZES)


def _peak_with_sizes(sizes):
    return ex_generalization.weight_decay_peak(0.1, FEATURES, BELKIN, sizes)


def _answers(family: str) -> dict:
    if family == "function":
        return {**FUNCTIONS, **NOT_FUNCTIONS}
    if family == "value":
        return VALUES
    if family == "op":
        return _ops()
    return {**FUNCTIONS, **NOT_FUNCTIONS, **VALUES}  # "anything"


def _targets() -> list[tuple[str, str, object, dict]]:
    """(public name, the argument, a call with the adversarial value in that argument, the
    adversarial values)."""
    c = "helpers.check."
    targets = [
        (
            c + "check_function",
            "fn",
            lambda f: check_function("t", f, np.tanh, [(0.5,)]),
            "function",
        ),
        (c + "check_value", "answer", lambda a: check_value("t", a, 0.5), "value"),
        (c + "describe", "x", describe, "anything"),
        (c + "backprop.new_operation", "op", ex_backprop.new_operation, "op"),
        (
            c + "generalization.validation_degree",
            "answer",
            lambda a: ex_generalization.validation_degree(a, SPLIT),
            "value",
        ),
        (
            c + "generalization.weight_decay_peak",
            "answer",
            lambda a: ex_generalization.weight_decay_peak(a, FEATURES, BELKIN, SIZES),
            "value",
        ),
        (
            c + "schedules.power_decay_budget",
            "satisfies",
            lambda a: ex_schedules.power_decay_budget(a, ...),  # a right (a) is "not finished"
            "value",
        ),
        (
            c + "schedules.power_decay_budget",
            "best_power",
            lambda a: ex_schedules.power_decay_budget(..., a),
            "value",
        ),
        (c + "schedules.port_multistep", "schedule", ex_schedules.port_multistep, "function"),
    ]
    functions = {
        "backprop": ["cross_entropy_gradient", "dense_relu_backward", "silu_derivative"],
        "generalization": ["ridge_solution"],
        "mle": ["bernoulli_nll", "kl_divergence", "laplace_mle"],
        "optimizers": ["adam_update", "momentum_update"],
        "schedules": ["cosine_decay"],
        "sgd": ["convexity_gap", "minibatch_gradient", "robbins_monro"],
    }
    values = {
        "backprop": ["changed_weight"],
        "generalization": ["validation_optimism"],
        "mle": ["median_variance"],
        "optimizers": ["adagrad_distance", "adam_second_step", "rmsprop_first_step"],
        "schedules": ["exponential_decay_rate"],
        "sgd": ["schedule_power", "tilted_bowl_rate"],
    }
    modules = {
        "backprop": ex_backprop,
        "generalization": ex_generalization,
        "mle": ex_mle,
        "optimizers": ex_optimizers,
        "schedules": ex_schedules,
        "sgd": ex_sgd,
    }
    for family, table in [("function", functions), ("value", values)]:
        for module, names in table.items():
            for name in names:
                argument = "fn" if family == "function" else "answer"
                fn = getattr(modules[module], name)
                targets.append((f"{c}{module}.{name}", argument, fn, family))
    g = c + "generalization."
    targets += [
        (g + "validation_degree", "split", _degree_with_split, BAD_SPLITS),
        (g + "weight_decay_peak", "features", _peak_with_features, BAD_FEATURES),
        (g + "weight_decay_peak", "split", _peak_with_split, BAD_BELKIN),
        (g + "weight_decay_peak", "sizes", _peak_with_sizes, BAD_SIZES),
    ]
    return targets


TARGETS = _targets()
ATTEMPTS = [
    (name, argument, label, caller, answer)
    for name, argument, caller, family in TARGETS
    for label, answer in (_answers(family) if isinstance(family, str) else family).items()
]


# --- running a check under a watchdog -----------------------------------------------------------


class _Hang(BaseException):
    """Raised by the watchdog: the check did not come back within WATCHDOG seconds."""


def outcome(caller, answer) -> tuple[str, object]:
    """("verdict", v), ("exception", error), ("hang", None), or ("no verdict", what came back)."""

    def hang(signum, frame):
        raise _Hang

    previous = signal.signal(signal.SIGALRM, hang)
    signal.setitimer(signal.ITIMER_REAL, WATCHDOG)
    try:
        result = caller(answer)
    except _Hang:
        return "hang", None
    except Exception as error:  # the suite counts every exception
        return "exception", error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if isinstance(result, Verdict):
        return "verdict", result
    if isinstance(result, str) and caller is describe:
        return "text", result
    return "no verdict", result


@pytest.fixture(autouse=True)
def short_limit(monkeypatch):
    monkeypatch.setattr(framework, "TIME_LIMIT", STUDENT_LIMIT)


def _ids(attempt) -> str:
    name, argument, label = attempt[:3]
    return f"{name.removeprefix('helpers.check.')}({argument}={label})"


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=[_ids(a) for a in ATTEMPTS])
def test_every_bad_answer_gets_a_verdict(attempt, capsys):
    label, caller, answer = attempt[2:]
    kind, result = outcome(caller, answer)
    if caller is describe:
        assert kind == "text" and len(result) < 200, (kind, result)
        return
    assert kind == "verdict", f"{kind}: {result!r}"
    assert result.passed is not True or label in NUMBERS, str(result)
    assert len(capsys.readouterr().out) < framework.OUTPUT_LIMIT + 200


def test_a_bad_answer_leaves_the_check_as_it_was():
    """A function that overwrites its inputs cannot spoil the cases for the next answer."""
    for name, _, caller, family in TARGETS:
        if family == "function" and caller is not ex_schedules.port_multistep:
            before = str(caller(lambda *a: 0.25))
            caller(_mutates)
            assert str(caller(lambda *a: 0.25)) == before, name


def test_a_recomputation_that_takes_too_long_is_a_verdict(monkeypatch):
    monkeypatch.setattr(ex_generalization, "RECOMPUTE_LIMIT", 0.05)
    kind, verdict = outcome(
        lambda sizes: ex_generalization.weight_decay_peak(0.1, FEATURES, BELKIN, sizes),
        [30] * 20_000,  # 20 000 identical fits: far longer than 0.05 s
    )
    assert kind == "verdict" and verdict.passed is False
    assert "could not recompute the exercise within 0.05 s" in verdict.message


def test_the_in_place_momentum_update_fails():
    def momentum_in_place(theta, v, g, alpha, beta):
        v *= beta
        v -= alpha * g
        theta += v
        return theta, v

    verdict = ex_optimizers.momentum_update(momentum_in_place)
    assert verdict.passed is False and "changed its argument" in verdict.message


def test_every_public_check_is_covered_here():
    from test_bad_inputs_coverage import public_callables

    public = {n for n in public_callables() if n.startswith("helpers.check.")}
    assert COVERED == public
    tried = {name for name, *_ in TARGETS} | set(CASES)
    assert tried == COVERED


# --- the author's arguments: named errors (tests/badinput.py) --------------------------------


def _tanh_grad(x):
    return 1 - np.tanh(x) ** 2


CASES = {
    "helpers.check.check_function": badinput.Case(
        check_function,
        {
            "exercise": "tanh'",
            "fn": _tanh_grad,
            "reference": _tanh_grad,
            "cases": [(np.array([0.0, 1.0]),)],
            "rtol": 1e-6,
            "atol": 1e-9,
            "mistakes": [(np.tanh, "that is tanh itself")],
            "hint": "1 − tanh².",
            "inputs_unchanged": False,
        },
        kinds={
            "exercise": "str",
            "reference": "callable",
            "cases": "list",
            "rtol": "nonnegative",
            "atol": "nonnegative",
            "mistakes": "list",
            "hint": "str",
            "inputs_unchanged": "flag",
        },
        accept={"exercise": ("unknown",), "hint": ("unknown",), "mistakes": ("empty",)},
        extra=[
            ("a case that is no tuple", {"cases": [np.array([0.0])]}, "cases"),
            ("a mistake that is no pair", {"mistakes": [np.tanh]}, "mistakes"),
            ("an explanation that is no text", {"mistakes": [(np.tanh, 3)]}, "mistakes"),
            ("a mistake that is no function", {"mistakes": [(0.5, "m")]}, "mistakes"),
        ],
    ),
    "helpers.check.check_value": badinput.Case(
        check_value,
        {
            "exercise": "x",
            "answer": 1.0,
            "expected": 1.0,
            "rtol": 1e-3,
            "atol": 1e-9,
            "mistakes": [(2.0, "twice")],
            "hint": "h",
        },
        kinds={
            "exercise": "str",
            "expected": "real",
            "rtol": "nonnegative",
            "atol": "nonnegative",
            "mistakes": "list",
            "hint": "str",
        },
        accept={"exercise": ("unknown",), "hint": ("unknown",), "mistakes": ("empty",)},
        extra=[
            ("a mistake value that is text", {"mistakes": [("2", "m")]}, "mistakes"),
            ("a mistake value that is a bool", {"mistakes": [(True, "m")]}, "mistakes"),
        ],
    ),
    "helpers.check.describe": badinput.Case(
        describe,
        {"x": 1.0, "precision": 4},
        kinds={"precision": "count"},
        extra=[("more digits than a float has", {"precision": 18}, "precision")],
    ),
    "helpers.check.Verdict": badinput.Case(
        Verdict,
        {"exercise": "x", "passed": True, "message": "m"},
        kinds={"exercise": "str", "passed": "flag", "message": "str"},
        accept={"exercise": ("unknown",), "message": ("unknown",), "passed": ("None",)},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_authors_mistakes_raise_named_errors(name):
    assert badinput.failures(name, CASES[name]) == []


# --- the tally ----------------------------------------------------------------------------------


def tally() -> Counter:
    """Every attempt's outcome: verdict passed False / None, exceptions, hangs."""
    counts: Counter = Counter()
    framework.TIME_LIMIT = STUDENT_LIMIT
    for _, _, _, caller, answer in ATTEMPTS:
        kind, result = outcome(caller, answer)
        if kind == "verdict":
            kind = f"verdict passed={result.passed}"
        counts[kind] += 1
    return counts


if __name__ == "__main__":
    import contextlib
    import io

    start = time.monotonic()
    with contextlib.redirect_stdout(io.StringIO()):  # the adversaries print megabytes
        counts = tally()
    print(f"{len(COVERED)} public callables of helpers.check, {len(ATTEMPTS)} answers tried:")
    for kind, n in sorted(counts.items()):
        print(f"  {kind:22} {n}")
    print(f"  exceptions {counts['exception']}, hangs {counts['hang']}")
    print(f"  {time.monotonic() - start:.1f} s")
