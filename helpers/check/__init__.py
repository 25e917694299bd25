"""Feedback for "check yourself" exercises.

A check receives what the student wrote (a value or a function), compares it with the reference
on several cases, and returns a :class:`Verdict`: passed, failed with a specific reason (which
case, what was expected, what came back), or *unfinished* when the exercise has not been
attempted yet.

The exercises of each notebook are defined in the submodule named after its lecture topic
(``helpers.check.backprop`` …) with the two building blocks here::

    def tanh_derivative(fn):
        return check_function("tanh'(x)", fn, reference=backprop.tanh_grad,
                              cases=[(np.array([0.0, 1.0]),), ...],
                              mistakes=[(lambda x: 1 - x**2, "you used x instead of tanh(x)")])

In a notebook the student's draft is left unfinished as ``...`` (a value) or a function whose
body is ``...`` (returns ``None``); both are reported as *not answered yet*.

**Whose mistake is it?** What the *student* passes — the answer (a value or a function) and the
notebook objects a check takes beside it — may be anything: a check answers it with a verdict,
never an exception, never a hang, never the value it expects. What the *author* of an exercise
writes — ``exercise``, ``reference``, ``cases``, ``expected``, ``rtol``, ``atol``, ``mistakes``,
``hint``, ``inputs_unchanged``, and ``describe``'s ``precision`` — is checked like every helper's
arguments: a mistake there raises ``TypeError`` or ``ValueError`` naming the argument
(``cases=[]``, for one, would let any function pass).

**The student's code runs under limits.** Each call gets :data:`TIME_LIMIT` seconds (a function
that loops forever gets "did not return within 2 s"); its printing is shown up to
:data:`OUTPUT_LIMIT` characters per check; it receives copies of the case's arrays, so that
changing them in place cannot spoil the reference (and, where an exercise asks for it, is
reported); a float32 result is compared within float32's precision.

**Feedback names the mistake, not the distance to the answer.** A wrong value that matches a
typical mistake gets that mistake's explanation; any other wrong value gets a hint toward the
method — never "too large" or "too small", which a few guesses would turn into the answer.

Exercises that do not fit the two building blocks use the parts they are made of: :func:`call`
(the student's code under the time limit), :func:`limited_output`, :func:`as_number`,
:func:`typed` and :func:`tolerances`.
"""

from __future__ import annotations

import contextlib
import html
import inspect
import io
import math
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from numbers import Real

import numpy as np

from helpers import validate

__all__ = ["Verdict", "check_function", "check_value", "describe"]

TIME_LIMIT = 2.0
"""Seconds one call of the student's code may run before the check stops waiting for it (every
reference solution returns within milliseconds)."""

OUTPUT_LIMIT = 4_000
"""Characters of the student's printing shown during one check; the rest is counted, not shown."""

_ICON = {True: "✅", False: "❌", None: "✏️"}
_COLOR = {True: "#1b7837", False: "#b2182b", None: "#555555"}


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: ``passed`` is True, False, or None (not answered yet)."""

    exercise: str
    passed: bool | None
    message: str

    def __post_init__(self):
        _text("exercise", self.exercise)
        if self.passed is not None and not isinstance(self.passed, bool | np.bool_):
            raise TypeError(
                "passed must be True, False or None (not answered yet), "
                f"got {type(self.passed).__name__} {self.passed!r}"
            )
        object.__setattr__(self, "passed", None if self.passed is None else bool(self.passed))
        _text("message", self.message)

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


# --- describing values: short, stable, and without running the student's code ---------------


def describe(x, precision: int = 4) -> str:
    """A short, stable text for a value shown in feedback (arrays included).

    Numbers get ``precision`` significant digits (integers of more than 15 digits are written
    like ``1e+400``), long lists and strings are cut short, and an object of any other type is
    named by its type: describing a value never runs the student's code.
    """
    precision = validate.integer("precision", precision, low=1, high=17)
    return _describe(x, precision, depth=0)


def _describe(x, precision: int, depth: int) -> str:
    if isinstance(x, _Unreadable):
        return str(x)
    if x is None or x is Ellipsis:
        return repr(x)
    if isinstance(x, bool | np.bool_):
        return str(bool(x))
    if isinstance(x, int | np.integer):
        return _integer(int(x))
    if isinstance(x, float | np.floating):
        return _number(float(x), precision)
    if isinstance(x, str):
        text = str.__str__(x)  # a plain str, also for NumPy's str_
        return repr(text) if len(text) <= 40 else f"{text[:40]!r}…"
    if isinstance(x, np.ndarray):
        return _array(x, precision)
    if isinstance(x, list | tuple):
        if depth >= 3:
            return "[…]" if isinstance(x, list) else "(…)"
        items = [_describe(v, precision, depth + 1) for v in x[:8]]
        if len(x) > 8:
            items.append(f"… ({len(x)} items)")
        inner = ", ".join(items)
        return f"[{inner}]" if isinstance(x, list) else f"({inner})"
    if isinstance(x, complex | np.complexfloating):
        return repr(complex(x))
    if isinstance(x, range | slice | np.ufunc):
        return repr(x)
    if isinstance(x, types.FunctionType | types.BuiltinFunctionType):
        return f"function {x.__name__}"
    return f"{type(x).__name__} object"


def _number(x: float, precision: int) -> str:
    if math.isnan(x) or math.isinf(x):
        return str(x)
    return f"{x:.{precision}g}"


def _integer(n: int) -> str:
    """An integer in full, or like ``1e+400`` when it has more than 15 digits."""
    if abs(n) < 10**15:
        return str(n)
    exponent = int(math.log10(abs(n)))
    mantissa = abs(n) / 10**exponent  # true division of two ints: a float even for huge n
    return f"{'-' if n < 0 else ''}{mantissa:.3g}e+{exponent}"


def _array(x: np.ndarray, precision: int) -> str:
    if x.ndim == 0 and x.dtype.kind in "biuf":  # a number, shown as numbers are
        return _describe(x[()], precision, depth=0)
    if x.dtype.kind not in "biufcU":
        return f"array of {x.dtype} with shape {x.shape}"
    text = np.array2string(
        x, precision=precision, separator=", ", threshold=12, suppress_small=True
    )
    return " ".join(text.split())


def typed(x) -> str:
    """A student's value with its type: ``str 'six'``, ``int 1e+400``, ``Split object``."""
    text = describe(x)
    named = isinstance(x, types.FunctionType | types.BuiltinFunctionType) or x is None
    return text if named or text.endswith(" object") else f"{type(x).__name__} {text}"


# --- running the student's code: a time limit and a cap on its printing ---------------------


class _TimeUp(BaseException):
    """Raised inside the student's code when its time is up; a BaseException, so that an
    ``except Exception`` in the student's code does not swallow it."""


@dataclass(frozen=True)
class Call:
    """What became of one call of the student's code: it returned ``value``, raised ``error``, or
    did not return within ``limit`` seconds (``late``), and may still be ``running``."""

    value: object = None
    error: BaseException | None = None
    late: bool = False
    running: bool = False
    limit: float = 0.0

    def failure(self) -> str | None:
        """What went wrong, as the end of "your function …", or None when it returned."""
        if self.late:
            text = f"did not return within {self.limit:g} s — is there a loop that never ends?"
            if self.running:
                text += " It is still running in the background (Kernel → Restart stops it)."
            return text
        if self.error is not None:
            message = str(self.error)
            message = message if len(message) <= 300 else f"{message[:300]}…"
            return f"raised {type(self.error).__name__}: {message}"
        return None


def call(fn: Callable, *args, limit: float | None = None) -> Call:
    """Call the student's ``fn(*args)`` for at most ``limit`` seconds (:data:`TIME_LIMIT` by
    default), its printing capped (:func:`limited_output`). Never raises, but lets
    ``KeyboardInterrupt`` through: the person at the keyboard wants to stop.

    In the main thread on POSIX (a notebook cell runs there) a ``SIGALRM`` timer interrupts
    the code; the previous handler and timer are restored afterwards. Elsewhere the code runs
    in a daemon thread that is no longer waited for after ``limit`` — it cannot be stopped,
    and the verdict says that it is still running. Code that stays inside one long NumPy call
    is interrupted only when that call returns.
    """
    limit = TIME_LIMIT if limit is None else limit
    with limited_output():
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            return _with_alarm(fn, args, limit)
        return _in_thread(fn, args, limit)


def _returned(fn: Callable, args: tuple) -> Call:
    try:
        return Call(value=fn(*args))
    except (KeyboardInterrupt, _TimeUp):
        raise
    except BaseException as error:  # the student's code may fail in any way, sys.exit included
        return Call(error=error)


def _with_alarm(fn: Callable, args: tuple, limit: float) -> Call:
    """The time limit by ``SIGALRM``: raised in the student's code after ``limit`` seconds, and
    again every 50 ms should the code catch it."""
    armed = [False]  # raise only while the student's code runs

    def time_up(signum, frame):
        if armed[0]:
            raise _TimeUp

    outer, interval = signal.setitimer(signal.ITIMER_REAL, 0)  # pause a timer already running
    previous = signal.signal(signal.SIGALRM, time_up)
    limit = min(limit, outer) if outer else limit
    start = time.monotonic()
    try:
        armed[0] = True
        signal.setitimer(signal.ITIMER_REAL, limit, 0.05)
        try:
            return _returned(fn, args)
        finally:
            armed[0] = False
    except _TimeUp:
        return Call(late=True, limit=limit)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            left = max(outer - (time.monotonic() - start), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, interval)


def _in_thread(fn: Callable, args: tuple, limit: float) -> Call:
    """The time limit by waiting for a daemon thread (not the main thread, or no SIGALRM)."""
    outcome: list[Call] = []
    worker = threading.Thread(target=lambda: outcome.append(_returned(fn, args)), daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        return Call(late=True, running=True, limit=limit)
    return outcome[0] if outcome else Call(error=RuntimeError("the code stopped its thread"))


@dataclass
class _Budget:
    left: int
    hidden: int = 0


class _Capped(io.TextIOBase):
    """Stands in for ``sys.stdout`` or ``sys.stderr`` while the student's code runs: passes text
    on to ``stream`` while the shared ``budget`` lasts, then only counts it."""

    def __init__(self, stream, budget: _Budget):
        super().__init__()
        self.stream, self.budget = stream, budget

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        shown = text[: max(self.budget.left, 0)]
        if shown:
            self.stream.write(shown)
        self.budget.left -= len(shown)
        self.budget.hidden += len(text) - len(shown)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


@contextlib.contextmanager
def limited_output():
    """Within it, the student's printing (``sys.stdout`` and ``sys.stderr``) is shown up to
    :data:`OUTPUT_LIMIT` characters, followed by one line saying how much more was not shown.
    Nested uses share the outermost budget, so that one check has one budget."""
    if isinstance(sys.stdout, _Capped):
        yield
        return
    budget = _Budget(OUTPUT_LIMIT)
    with (
        contextlib.redirect_stdout(_Capped(sys.stdout, budget)),
        contextlib.redirect_stderr(_Capped(sys.stderr, budget)),
    ):
        yield
    if budget.hidden:
        print(f"[… {budget.hidden:,} more characters printed by your code are not shown]")


# --- the student's answer as a number -----------------------------------------------------------


def _unanswered(value) -> bool:
    return value is None or value is Ellipsis


def as_number(answer) -> float | str:
    """The student's ``answer`` as a float, or what keeps it from being one, in words.

    A one-element array stands for its number; an integer too large for a float is ±inf; a text
    is never a number (``"0.5"`` is answered with "remove the quotes").
    """
    if isinstance(answer, np.ndarray) and answer.size == 1 and answer.dtype.kind in "biuf":
        answer = answer.reshape(-1)[0]
    if isinstance(answer, bool | np.bool_):
        return f"expected a number, got {typed(answer)}."
    if isinstance(answer, int | np.integer):
        if abs(answer) <= sys.float_info.max:
            return float(answer)
        return math.inf if answer > 0 else -math.inf
    if isinstance(answer, float | np.floating):
        return float(answer)
    if isinstance(answer, str):
        return f"expected a number, got {typed(answer)}{_quotes(answer)}."
    if isinstance(answer, list | tuple | dict | set | np.ndarray) or callable(answer):
        return f"expected one number, got {typed(answer)}."
    converted = call(float, answer)  # a Fraction, a Decimal, an object of the student's
    if converted.failure() is not None:
        return f"expected a number, got {typed(answer)}."
    return converted.value


def _quotes(text: str) -> str:
    """ " — remove the quotes" when ``text`` is a number written in quotes."""
    try:
        float(text)
    except ValueError:
        return ""
    return " — remove the quotes"


def _as_typed(answer, value: float) -> str:
    """The student's number as they would recognise it: short where that is exact."""
    if isinstance(answer, int | np.integer):
        return describe(answer)
    if isinstance(answer, np.floating) and answer.dtype != np.float64:
        return str(answer)  # NumPy's shortest text at the answer's own precision: 0.3, not 0.300…
    short = describe(value)
    return short if math.isnan(value) or float(short) == value else repr(value)


def tolerances(dtype, rtol: float, atol: float, scale: float) -> tuple[float, float]:
    """``rtol`` and ``atol`` for a result of ``dtype``: a float32 (or float16) result is compared
    within 100 units of its own precision, so that a right formula computed in float32 passes."""
    if np.issubdtype(dtype, np.floating) and np.finfo(dtype).eps > np.finfo(np.float64).eps:
        slack = 100 * float(np.finfo(dtype).eps)
        return max(rtol, slack), max(atol, slack * scale)
    return rtol, atol


# --- the author's arguments ---------------------------------------------------------------------


def _text(name: str, value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__} {value!r}")
    return value


def _pairs(name: str, value, kind: str, ok: Callable) -> tuple:
    """The author's ``mistakes``: a list of ``(kind, explanation)`` pairs."""
    fine = isinstance(value, list | tuple) and all(
        isinstance(p, tuple) and len(p) == 2 and ok(p[0]) and isinstance(p[1], str) for p in value
    )
    if not fine:
        raise TypeError(f"{name} must be a list of ({kind}, explanation) pairs, got {value!r}")
    return tuple(value)


def _is_real(x) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool | np.bool_)


def _cases(cases) -> tuple[tuple, ...]:
    if not isinstance(cases, list | tuple) or not all(isinstance(c, tuple) for c in cases):
        raise TypeError(f"cases must be a list of argument tuples, got {cases!r}")
    if not cases:
        raise ValueError(
            "cases must list at least one tuple of arguments, got an empty list "
            "(with no case to fail, every function would pass)"
        )
    return tuple(cases)


# --- checking a value ---------------------------------------------------------------------------


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

    ``mistakes`` lists ``(value, explanation)`` pairs for typical wrong answers; an answer close
    to one of them gets that explanation. Any other wrong answer gets ``hint``, a pointer to the
    method — never a direction ("too large"), which a few guesses would turn into the answer.
    """
    _text("exercise", exercise)
    expected = validate.real("expected", expected)
    rtol, atol = validate.nonnegative("rtol", rtol), validate.nonnegative("atol", atol)
    mistakes = _pairs("mistakes", mistakes, "value", _is_real)
    hint = _text("hint", hint)
    if _unanswered(answer):
        return Verdict(exercise, None, "not answered yet — replace ... with your answer.")
    value = as_number(answer)
    if isinstance(value, str):
        return Verdict(exercise, False, value)
    dtype = answer.dtype if isinstance(answer, np.generic | np.ndarray) else np.dtype(float)
    rtol, atol = tolerances(dtype, rtol, atol, abs(expected))
    if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
        return Verdict(exercise, True, f"correct — {describe(value)}.")
    shown = _as_typed(answer, value)
    for wrong, explanation in mistakes:
        if math.isclose(value, wrong, rel_tol=rtol, abs_tol=atol):
            return Verdict(exercise, False, f"{shown} is not right: {explanation}")
    problem = "is not a number" if math.isnan(value) else "is not right"
    return Verdict(exercise, False, f"{shown} {problem}. {hint}".strip())


# --- checking a function ------------------------------------------------------------------------


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
    inputs_unchanged: bool = False,
) -> Verdict:
    """Check a student's function against ``reference`` on each argument tuple in ``cases``.

    The first case that fails is named with its arguments, what was expected and what came
    back. ``mistakes`` lists ``(wrong_function, explanation)`` pairs implementing typical errors;
    if the student's output matches one of them on the failing case, its explanation is given.
    Outputs may be numbers, arrays, or tuples/lists of them. With ``inputs_unchanged``, a
    function that changes an array argument in place fails (the exercise asked it not to).
    """
    task = _FunctionTask(
        _text("exercise", exercise),
        validate.function("reference", reference, "the reference solution (a function)"),
        _cases(cases),
        validate.nonnegative("rtol", rtol),
        validate.nonnegative("atol", atol),
        _pairs("mistakes", mistakes, "function", callable),
        _text("hint", hint),
        validate.flag("inputs_unchanged", inputs_unchanged),
    )
    if not callable(fn):
        if _unanswered(fn):
            return Verdict(exercise, None, "not answered yet — write the function first.")
        return Verdict(exercise, False, f"expected a function, got {typed(fn)}.")
    with limited_output():
        for number, args in enumerate(task.cases, start=1):
            verdict = task.judge(fn, number, args)
            if verdict is not None:
                return verdict
    return Verdict(exercise, True, f"correct on all {len(task.cases)} cases.")


@dataclass(frozen=True)
class _FunctionTask:
    """A function exercise, as :func:`check_function` was given it."""

    exercise: str
    reference: Callable
    cases: tuple[tuple, ...]
    rtol: float
    atol: float
    mistakes: tuple[tuple[Callable, str], ...]
    hint: str
    inputs_unchanged: bool

    def judge(self, fn: Callable, number: int, args: tuple) -> Verdict | None:
        """None when ``fn`` passes case ``number``; otherwise the verdict."""
        where = f"case {number} ({', '.join(describe(a) for a in args)})"
        copies = tuple(np.copy(a) if isinstance(a, np.ndarray) else a for a in args)
        run = call(_result, fn, *copies)
        if isinstance(run.error, NotImplementedError):
            return Verdict(self.exercise, None, "not answered yet — the function is not written.")
        if run.failure() is not None:
            return Verdict(self.exercise, False, f"{where}: your function {run.failure()}")
        if run.value is None:
            return Verdict(
                self.exercise, None, "not answered yet — your function returns None (finish it)."
            )
        changed = _changed(fn, args, copies) if self.inputs_unchanged else None
        if changed is not None:
            return Verdict(self.exercise, False, f"{where}: {_CHANGED.format(changed)}")
        problem = _compare(run.value, self.reference(*args), self.rtol, self.atol)
        if problem is None:
            return None
        explanation = self.explain(run.value, args)
        if explanation is not None:
            return Verdict(self.exercise, False, f"{where}: {explanation}")
        return Verdict(self.exercise, False, f"{where}: {problem}. {self.hint}".strip())

    def explain(self, got, args: tuple) -> str | None:
        """The explanation of the first typical mistake that gives ``got`` on ``args``."""
        for wrong, explanation in self.mistakes:
            try:
                if _compare(got, wrong(*args), self.rtol, self.atol) is None:
                    return explanation
            except Exception:  # a mistake model that does not apply to this case
                continue
        return None


_CHANGED = (
    "your function changed its argument {} in place, and the exercise asks to leave the inputs "
    "unchanged: x += … or x[...] = … writes into the caller's array; compute a new one "
    "(x = x + …)."
)


def _changed(fn: Callable, args: tuple, copies: tuple) -> str | None:
    """The name of the first array argument that ``fn`` changed in place, or None."""
    for i, (before, after) in enumerate(zip(args, copies, strict=True)):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after, equal_nan=True):
            return _parameter(fn, i)
    return None


def _parameter(fn: Callable, i: int) -> str:
    """The name the student gave the ``i``-th positional parameter of ``fn``."""
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    try:
        parameters = inspect.signature(fn).parameters.values()
        return [p.name for p in parameters if p.kind in positional][i]
    except (TypeError, ValueError, IndexError):
        return f"number {i + 1}"


class _Unreadable(str):
    """A student's result that is no number and no array, in words."""


def _result(fn: Callable, *args):
    """``fn(*args)`` as plain data (:func:`_plain`), converted within the student's time limit:
    reading a result may run the student's code too (an object's ``__float__``)."""
    return _plain(fn(*args))


def _plain(result, depth: int = 0):
    """The student's ``result`` as data the comparison reads without running the student's code
    again: numbers and arrays as NumPy arrays (a float32 stays float32), short tuples and lists as
    tuples, anything else as an :class:`_Unreadable` description."""
    if result is None:
        return None
    if isinstance(result, tuple | list) and len(result) <= 16 and depth < 3:
        return tuple(_plain(r, depth + 1) for r in result)
    try:
        a = np.asarray(result)
        if a.dtype.kind in "biuf":
            return a
        if a.dtype.kind == "O":
            return a.astype(np.float64)
    except Exception:  # anything that is not a number: described below
        pass
    return _Unreadable(typed(result))


def _compare(got, want, rtol: float, atol: float) -> str | None:
    """None when ``got`` (plain data) matches ``want``; otherwise what differs, in words."""
    if isinstance(want, tuple | list):
        if not isinstance(got, tuple) or len(got) != len(want):
            return f"expected {len(want)} results, got {describe(got)}"
        for i, (g, wv) in enumerate(zip(got, want, strict=True)):
            problem = _compare(g, wv, rtol, atol)
            if problem is not None:
                return f"result {i + 1}: {problem}"
        return None
    if isinstance(got, _Unreadable):
        return f"expected a number or an array, got {got}"
    try:
        g = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"expected a number or an array, got {describe(got)}"
    wv = np.asarray(want, dtype=np.float64)
    if g.shape != wv.shape:
        return f"expected shape {wv.shape}, got shape {g.shape}"
    scale = float(np.max(np.abs(wv[np.isfinite(wv)]), initial=0.0))
    dtype = got.dtype if isinstance(got, np.ndarray) else np.dtype(float)
    rtol, atol = tolerances(dtype, rtol, atol, scale)
    if np.allclose(g, wv, rtol=rtol, atol=atol, equal_nan=True):
        return None
    return "expected {}, got {}".format(*_told_apart(want, got))


def _told_apart(want, got) -> tuple[str, str]:
    """``want`` and ``got`` described with just enough digits to tell them apart."""
    for precision in (4, 6, 9, 12, 17):
        texts = describe(want, precision), describe(got, precision)
        if texts[0] != texts[1]:
            break
    return texts
