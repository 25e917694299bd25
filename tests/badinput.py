"""The bad-input battery: every public callable of ``helpers``, every argument, every class of
mistake a student makes (issue 18).

Each area's test file (``tests/test_bad_inputs_<area>.py``) lists one :class:`Case` per public
callable: a call that works, and the *kind* of each argument. This module derives the bad calls
from it: for an argument of kind ``"positive"`` it tries a string, ``None``, ``True``, NaN, ∞, 0
and −1 in its place, one at a time, the other arguments staying valid. Each bad call must raise
``TypeError`` or ``ValueError`` whose message names the argument; a bad value that is in fact
fine for that argument (0 for a step that may be 0) is listed in the case's ``accept``.

``tests/test_bad_inputs_coverage.py`` walks the public names of every module, so a new function
without a case fails the day it is added. ``python tests/badinput.py`` prints the tally.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

NAN, INF = math.nan, math.inf


def _with(a, value):
    """A float copy of array ``a`` whose first element is ``value``."""
    b = np.array(a, dtype=np.float64, copy=True)
    b.flat[0] = value
    return b


def _first(d: dict, value) -> dict:
    """A copy of mapping ``d`` whose first entry is ``value`` (or ``value(old entry)``)."""
    key = next(iter(d))
    return {**d, key: value(d[key]) if callable(value) else value}


def _new_axes():
    """A matplotlib Axes, off pyplot: given where a Figure belongs."""
    from matplotlib.figure import Figure

    return Figure().add_subplot()


_MAPPING = [
    ("None", None),
    ("str", "abc"),
    ("list", [1.0]),
    ("empty", {}),
    ("None value", lambda d: _first(d, None)),
]

# Each kind: (label, bad value or function of the valid value) pairs.
_NUMBER = [
    ("str", "5"),
    ("None", None),
    ("bool", True),
    ("nan", NAN),
    ("inf", INF),
    ("list", [1.0]),
]
_COUNT = [("str", "3"), ("None", None), ("bool", True), ("float", 2.5), ("nan", NAN)]
BAD: dict[str, list[tuple[str, object]]] = {
    "real": _NUMBER,
    "positive": [*_NUMBER, ("zero", 0.0), ("negative", -1.0)],
    "nonnegative": [*_NUMBER, ("negative", -1.0)],
    "unit": [*_NUMBER, ("one", 1.0), ("negative", -0.1), ("above", 1.5)],  # [0, 1) or [0, 1]
    "probability": [*_NUMBER, ("negative", -0.1), ("above", 1.5)],
    "count": [*_COUNT, ("zero", 0), ("negative", -1), ("huge", 10**400)],  # an integer ≥ 1
    "index": [*_COUNT, ("negative", -1), ("huge", 10**400)],  # an integer ≥ 0
    "flag": [("str", "yes"), ("None", None), ("int", 2)],
    "rng": [("None", None), ("int", 0), ("RandomState", np.random.RandomState(0)), ("str", "0")],
    "callable": [("None", None), ("number", 3.0), ("str", "sin")],
    "array": [
        ("None", None),
        ("str", "abc"),
        ("empty", lambda a: np.asarray(a, dtype=np.float64)[:0]),
        ("nan", lambda a: _with(a, NAN)),
        ("inf", lambda a: _with(a, INF)),
        ("extra axis", lambda a: np.asarray(a)[..., None]),
        ("objects", [["x"]]),
    ],
    "labels": [
        ("None", None),
        ("float", lambda y: np.asarray(y, dtype=np.float64) + 0.5),
        ("negative", lambda y: _with(y, -1).astype(np.int64)),
        ("too large", lambda y: _with(y, 10**6).astype(np.int64)),
        ("too short", lambda y: np.asarray(y)[:-1]),
    ],
    "schedule": [("str", "0.1"), ("None", None), ("nan", NAN), ("zero", 0.0), ("negative", -1.0)],
    "list": [("None", None), ("str", "abc"), ("empty", [])],
    "interval": [  # a pair (low, high) with low < high
        ("None", None),
        ("str", "ab"),
        ("number", 1.0),
        ("reversed", (1.0, -1.0)),
        ("nan", (NAN, 1.0)),
        ("inf", (-1.0, INF)),
    ],
    "str": [("None", None), ("int", 3), ("unknown", "no-such-name")],
    # Figures (helpers.plotting, helpers.widgets):
    "text": [("None", None), ("int", 3), ("list", ["a"])],  # free text: a title, a label
    "mapping": _MAPPING,  # a dict: label → values, name → result
    "curves": [  # a dict of labelled 1-D arrays
        *_MAPPING,
        ("str value", lambda d: _first(d, "abc")),
        ("nan value", lambda d: _first(d, lambda v: _with(v, NAN))),
        ("empty value", lambda d: _first(d, lambda v: np.asarray(v, dtype=np.float64)[:0])),
    ],
    "object": [("None", None), ("str", "abc"), ("number", 3.0)],  # a result object (a History)
    "ax": [  # one Axes or None (a new figure)
        ("str", "abc"),
        ("number", 3.0),
        ("axes array", lambda a: np.array([a, a], dtype=object)),
    ],
    "panels": [  # a sequence of Axes or None (a new figure)
        ("str", "abc"),
        ("one axes", lambda a: a[0]),
        ("too few", lambda a: list(a)[:-1]),
    ],
    "figure": [("None", None), ("str", "abc"), ("axes", lambda f: _new_axes())],
    "range": [  # a pair (low, high) with low < high: axis limits, a window
        ("str", "abc"),
        ("number", 1.0),
        ("reversed", lambda r: tuple(r)[::-1]),
        ("nan", lambda r: (NAN, r[1])),
        ("triple", lambda r: (*r, r[1])),
    ],
}


@dataclass
class Case:
    """One public callable: ``call(**args)`` works; ``kinds`` names each argument's kind (a key of
    :data:`BAD`). ``make`` builds the callable afresh for every call (methods of objects with
    state); otherwise ``call`` is used as it is. ``accept`` maps an argument to the labels of bad
    values that are legitimately fine for it. ``extra`` lists further (label, kwargs, argument
    name) bad calls that the kinds cannot express (mismatched lengths, shapes that disagree)."""

    call: Callable | None
    args: dict
    kinds: dict[str, str]
    make: Callable[[], Callable] | None = None
    accept: dict[str, tuple[str, ...]] = field(default_factory=dict)
    extra: list[tuple[str, dict, str]] = field(default_factory=list)

    def target(self) -> Callable:
        return self.make() if self.make is not None else self.call


@dataclass
class Outcome:
    name: str  # the public name of the callable
    argument: str
    label: str
    verdict: str  # "named", "accepted" (allowed), "silent" (accepted, not allowed), "unclear"
    detail: str = ""


def _fresh(args: dict) -> dict:
    """Copies of the array arguments, so that a call that changes its inputs in place cannot
    spoil the next one."""
    return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in args.items()}


def _names(message: str, argument: str) -> bool:
    word = rf"(?<![A-Za-z0-9_]){re.escape(argument)}(?![A-Za-z0-9_])"
    return re.search(word, message) is not None


def attempt(name: str, case: Case, argument: str, label: str, kwargs: dict) -> Outcome:
    """Call ``case``'s callable with ``kwargs`` and judge what came back. NumPy's floating-point
    warnings are silenced: the battery judges errors, and a value accepted on purpose (±inf
    logits, which softmax turns into NaN as NumPy does) warns as it should elsewhere."""
    try:
        with np.errstate(all="ignore"):
            case.target()(**kwargs)
    except (TypeError, ValueError) as error:
        message = str(error)
        if _names(message, argument):
            return Outcome(name, argument, label, "named")
        return Outcome(name, argument, label, "unclear", f"{type(error).__name__}: {message}")
    except Exception as error:  # any other error is what the battery reports
        return Outcome(name, argument, label, "unclear", f"{type(error).__name__}: {error}")
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
    if label in case.accept.get(argument, ()):
        return Outcome(name, argument, label, "accepted")
    return Outcome(name, argument, label, "silent", "no error")


def outcomes(name: str, case: Case) -> list[Outcome]:
    """Every bad call of ``case``: each argument replaced by each bad value of its kind."""
    results = []
    for argument, kind in case.kinds.items():
        for label, bad in BAD[kind]:
            kwargs = _fresh(case.args)
            # a copy of a bad value: a call may change it in place (a list it appends to)
            kwargs[argument] = bad(case.args[argument]) if callable(bad) else copy.deepcopy(bad)
            results.append(attempt(name, case, argument, label, kwargs))
    for label, overrides, argument in case.extra:
        kwargs = {**_fresh(case.args), **overrides}
        results.append(attempt(name, case, argument, label, kwargs))
    return results


def failures(name: str, case: Case) -> list[str]:
    """The bad calls of ``case`` that did not get a named error (empty when all did), as lines."""
    return [
        f"{o.name}({o.argument}={o.label}): {o.verdict} {o.detail}".rstrip()
        for o in outcomes(name, case)
        if o.verdict not in ("named", "accepted")
    ]


def area_modules() -> list[str]:
    """The test files that hold the cases, one per area."""
    from pathlib import Path

    return sorted(p.stem for p in Path(__file__).parent.glob("test_bad_inputs_*.py"))


def all_cases() -> dict[str, Case]:
    """The ``CASES`` of every area's test file, merged."""
    import importlib

    merged: dict[str, Case] = {}
    for stem in area_modules():
        module = importlib.import_module(stem)
        merged.update(getattr(module, "CASES", {}))
    return merged


def all_covered() -> set[str]:
    """The names each area's dedicated suite covers instead (its ``COVERED``)."""
    import importlib

    modules = [importlib.import_module(stem) for stem in area_modules()]
    return {name for module in modules for name in getattr(module, "COVERED", ())}


def main() -> None:
    """Print the tally: inputs tried, named errors, allowed, silent, unclear."""
    import sys
    from collections import Counter
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")
    sys.path.insert(0, str(Path(__file__).parent))
    counts: Counter = Counter()
    bad_lines = []
    cases = all_cases()
    for name, case in sorted(cases.items()):
        for o in outcomes(name, case):
            counts[o.verdict] += 1
            if o.verdict in ("silent", "unclear"):
                bad_lines.append(f"  {o.name}({o.argument}={o.label}): {o.verdict} {o.detail}")
    total = sum(counts.values())
    print(f"{len(cases)} public callables, {total} bad inputs tried:")
    for verdict in ("named", "accepted", "silent", "unclear"):
        print(f"  {verdict:9} {counts[verdict]}")
    print("\n".join(bad_lines[:200]))


if __name__ == "__main__":
    main()
