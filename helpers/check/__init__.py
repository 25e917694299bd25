"""Feedback for "check yourself" exercises.

A check receives what the student wrote (a value or a function), compares it with the reference
on several cases, and returns a :class:`Verdict`: passed, failed with a specific reason (which
case, what was expected, what came back), or *unfinished* when the exercise has not been
attempted yet. A check never raises because of a wrong answer, and a value check never prints
the value it expects.

The exercises of each notebook are defined in the submodule named after its lecture topic
(``helpers.check.backprop`` …) with the two building blocks here::

    def tanh_derivative(fn):
        return check_function("tanh'(x)", fn, reference=backprop.tanh_grad,
                              cases=[(np.array([0.0, 1.0]),), ...],
                              mistakes=[(lambda x: 1 - x**2, "you used x instead of tanh(x)")])

In a notebook the student's draft is left unfinished as ``...`` (a value) or a function whose
body is ``...`` (returns ``None``); both are reported as *not answered yet*.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Verdict", "check_function", "check_value", "describe"]

_ICON = {True: "✅", False: "❌", None: "✏️"}
_COLOR = {True: "#1b7837", False: "#b2182b", None: "#555555"}


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: ``passed`` is True, False, or None (not answered yet)."""

    exercise: str
    passed: bool | None
    message: str

    @property
    def unfinished(self) -> bool:
        return self.passed is None

    def __bool__(self) -> bool:
        return bool(self.passed)

    def __str__(self) -> str:
        return f"{_ICON[self.passed]} {self.exercise}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return (
            f'<div style="border-left: 4px solid {_COLOR[self.passed]}; padding: 0.3em 0.8em;">'
            f"{_ICON[self.passed]} <b>{html.escape(self.exercise)}</b>: "
            f"{html.escape(self.message)}</div>"
        )


def describe(x, precision: int = 4) -> str:
    """A short, stable text for a value shown in feedback (arrays included)."""
    if x is None:
        return "None"
    if isinstance(x, bool | np.bool_):
        return str(bool(x))
    if isinstance(x, int | np.integer):
        return str(int(x))
    if isinstance(x, float | np.floating):
        return _number(float(x), precision)
    if isinstance(x, np.ndarray):
        text = np.array2string(
            x, precision=precision, separator=", ", threshold=12, suppress_small=True
        )
        return " ".join(text.split())
    if isinstance(x, list | tuple):
        inner = ", ".join(describe(v, precision) for v in x)
        return f"[{inner}]" if isinstance(x, list) else f"({inner})"
    return repr(x)


def _number(x: float, precision: int) -> str:
    if math.isnan(x) or math.isinf(x):
        return str(x)
    return f"{x:.{precision}g}"


def _unanswered(value) -> bool:
    return value is None or value is Ellipsis


def check_value(
    exercise: str,
    answer,
    expected: float,
    *,
    rtol: float = 1e-3,
    atol: float = 1e-9,
    mistakes: Sequence[tuple[float, str]] = (),
    hint: str = "",
) -> Verdict:
    """Check a predicted number without revealing it.

    ``mistakes`` lists ``(value, explanation)`` pairs for typical wrong answers; an answer close to
    one of them gets that explanation. Otherwise the verdict says whether the answer is too large
    or too small, and adds ``hint``.
    """
    if _unanswered(answer):
        return Verdict(exercise, None, "not answered yet — replace ... with your answer.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Verdict(
            exercise, False, f"expected a number, got {type(answer).__name__} {describe(answer)}."
        )
    if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        return Verdict(exercise, True, f"correct — {describe(value)}.")
    for wrong, explanation in mistakes:
        if math.isclose(value, wrong, rel_tol=rtol, abs_tol=atol):
            return Verdict(exercise, False, f"{describe(value)} is not right: {explanation}")
    if math.isnan(value):
        direction = "not a number"
    else:
        direction = "too large" if value > expected else "too small"
    message = f"{describe(value)} is {direction}."
    return Verdict(exercise, False, f"{message} {hint}".strip())


def check_function(
    exercise: str,
    fn: Callable,
    reference: Callable,
    cases: Sequence[tuple],
    *,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    mistakes: Sequence[tuple[Callable, str]] = (),
    hint: str = "",
) -> Verdict:
    """Check a student's function against ``reference`` on each argument tuple in ``cases``.

    The first case that fails is named with its arguments, what was expected and what came
    back. ``mistakes`` lists ``(wrong_function, explanation)`` pairs implementing typical errors;
    if the student's output matches one of them on the failing case, its explanation is given.
    Outputs may be numbers, arrays, or tuples/lists of them.
    """
    if not callable(fn):
        if _unanswered(fn):
            return Verdict(exercise, None, "not answered yet — write the function first.")
        return Verdict(exercise, False, f"expected a function, got {type(fn).__name__}.")
    for number, args in enumerate(cases, start=1):
        shown = ", ".join(describe(a) for a in args)
        copies = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]
        try:
            got = fn(*copies)
        except NotImplementedError:
            return Verdict(exercise, None, "not answered yet — the function is not written.")
        except Exception as err:  # the student's code may fail in any way
            return Verdict(
                exercise,
                False,
                f"case {number} ({shown}) raised {type(err).__name__}: {err}",
            )
        if got is None:
            return Verdict(
                exercise, None, "not answered yet — your function returns None (finish it)."
            )
        want = reference(*args)
        problem = _compare(got, want, rtol, atol)
        if problem is None:
            continue
        for wrong, explanation in mistakes:
            try:
                if _compare(got, wrong(*args), rtol, atol) is None:
                    return Verdict(exercise, False, f"case {number} ({shown}): {explanation}")
            except Exception:  # a mistake model that does not apply to this case
                continue
        message = f"case {number} ({shown}): {problem}."
        return Verdict(exercise, False, f"{message} {hint}".strip())
    return Verdict(exercise, True, f"correct on all {len(cases)} cases.")


def _compare(got, want, rtol: float, atol: float) -> str | None:
    """None when ``got`` matches ``want``; otherwise what differs, in words."""
    if isinstance(want, tuple | list):
        if not isinstance(got, tuple | list) or len(got) != len(want):
            return f"expected {len(want)} results, got {describe(got)}"
        for i, (g, wv) in enumerate(zip(got, want, strict=True)):
            problem = _compare(g, wv, rtol, atol)
            if problem is not None:
                return f"result {i + 1}: {problem}"
        return None
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected a number or an array, got {type(got).__name__}"
    wv = np.asarray(want, dtype=float)
    if g.shape != wv.shape:
        return f"expected shape {wv.shape}, got shape {g.shape}"
    if np.allclose(g, wv, rtol=rtol, atol=atol, equal_nan=True):
        return None
    return f"expected {describe(want)}, got {describe(got)}"
