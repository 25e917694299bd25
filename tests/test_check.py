"""The exercise-feedback framework: right answers pass, wrong ones are named, drafts are drafts."""

from __future__ import annotations

import math
import signal
import threading
import time

import numpy as np
import pytest

import helpers.check as framework
from helpers.check import Verdict, check_function, check_value, describe


def tanh_grad(x):  # the reference, written here from d tanh/dx = 1 − tanh²
    return 1.0 - np.tanh(x) ** 2


CASES = [(np.array([0.0, 1.0]),), (np.array([-2.0, 0.5, 3.0]),)]


def run(fn, **kw):
    return check_function("tanh'", fn, tanh_grad, CASES, **kw)


def test_correct_function_passes_on_every_case():
    v = run(lambda x: 1.0 / np.cosh(x) ** 2)
    assert v.passed is True and bool(v) and "all 2 cases" in v.message


def test_wrong_function_names_the_case_the_expected_and_what_came_back():
    v = run(lambda x: np.where(np.abs(x) < 1.5, 1.0 - np.tanh(x) ** 2, 0.0))
    assert v.passed is False
    # case 1 passes; case 2 differs at x = -2 and 3
    assert v.message.startswith("case 2 ([-2. , 0.5, 3. ])")
    assert "expected [0.0707, 0.7864, 0.0099]" in v.message
    assert "got [0. , 0.7864, 0. ]" in v.message


def test_known_mistake_gets_its_explanation():
    v = run(lambda x: 1 - x**2, mistakes=[(lambda x: 1 - x**2, "square tanh(x), not x")])
    assert v.passed is False and v.message == "case 1 ([0., 1.]): square tanh(x), not x"


def test_wrong_shape_is_reported_as_a_shape():
    v = run(lambda x: np.zeros(len(x) + 1))
    assert "expected shape (2,), got shape (3,)" in v.message


@pytest.mark.parametrize("draft", [None, ..., lambda x: None])
def test_unfinished_function_is_a_draft_not_a_failure(draft):
    v = run(draft)
    assert v.passed is None and v.unfinished and "not answered yet" in v.message


def test_not_implemented_is_a_draft():
    def draft(x):
        raise NotImplementedError

    assert run(draft).unfinished


def test_student_exception_is_reported_not_raised():
    v = run(lambda x: x.undefined_attribute)
    assert v.passed is False and "case 1" in v.message and "AttributeError" in v.message


def test_non_function_answer_is_reported():
    assert run(3).message == "expected a function, got int 3."


def test_student_cannot_change_the_reference_inputs():
    def mutating(x):
        x[:] = 0.0
        return 1.0 - np.tanh(x) ** 2

    v = run(mutating)
    assert v.passed is False  # their result is tanh'(0) = 1 everywhere, the case data untouched
    assert CASES[0][0].tolist() == [0.0, 1.0]


def test_tuple_results_are_compared_element_by_element():
    ref = lambda x: (x.sum(), 2 * x)  # noqa: E731
    ok = check_function("pair", lambda x: (np.sum(x), x + x), ref, [(np.ones(3),)])
    bad = check_function("pair", lambda x: (np.sum(x), x), ref, [(np.ones(3),)])
    assert ok.passed and not bad.passed and "result 2" in bad.message


def test_value_check_passes_within_tolerance():
    assert check_value("o", 6.0000001, 6.0).passed


def test_value_check_never_reveals_the_answer_nor_its_direction():
    v = check_value("∂L/∂w7", 20.0, 24.0, hint="Use h1 from the forward pass.")
    assert v.passed is False and "24" not in v.message
    assert v.message == "20 is not right. Use h1 from the forward pass."
    for guess in (23, 25, 30):  # neighbouring guesses must not bracket the answer
        assert check_value("x", guess, 24.0).message == f"{guess} is not right."


def test_value_check_recognises_a_typical_mistake():
    v = check_value("∂L/∂o", 3.0, 6.0, mistakes=[(3.0, "the square's derivative has a 2")])
    assert v.message == "3 is not right: the square's derivative has a 2"


@pytest.mark.parametrize("draft", [..., None])
def test_value_check_draft(draft):
    assert check_value("x", draft, 1.0).unfinished


def test_value_check_rejects_text():
    assert check_value("x", "six", 6.0).message == "expected a number, got str 'six'."


def test_verdict_renders_as_text_and_html():
    v = Verdict("ex 1", False, "x < 1 & y")
    assert str(v) == "❌ ex 1: x < 1 & y" and repr(v) == str(v)
    assert "&lt; 1 &amp; y" in v._repr_html_()


def test_describe_is_short_and_stable():
    assert describe(np.float64(0.1234567)) == "0.1235"
    assert describe(np.arange(3.0)) == "[0., 1., 2.]"
    assert describe((1, [2.5, None])) == "(1, [2.5, None])"
    assert describe(np.arange(100.0)).count(",") < 15


# --- the student's code runs under a time limit --------------------------------------------------


@pytest.fixture
def short_limit(monkeypatch):
    """A time limit of 0.2 s instead of TIME_LIMIT, so that these tests finish quickly."""
    monkeypatch.setattr(framework, "TIME_LIMIT", 0.2)


def forever(x):
    while True:
        pass


def sleeps(x):
    time.sleep(60)


def catches_everything_it_can(x):
    while True:
        try:
            time.sleep(60)
        except Exception:  # a student's broad except must not swallow the time limit
            pass


def test_the_time_limit_is_a_couple_of_seconds():
    assert 1 <= framework.TIME_LIMIT <= 5


@pytest.mark.parametrize("student", [forever, sleeps, catches_everything_it_can])
def test_a_function_that_does_not_return_gets_a_verdict(short_limit, student):
    v = run(student)
    assert v.passed is False
    assert v.message == (
        "case 1 ([0., 1.]): your function did not return within 0.2 s — is there a loop that "
        "never ends?"
    )


def test_the_time_limit_restores_the_previous_alarm_handler_and_timer(short_limit):
    fired = []

    def outer_handler(signum, frame):
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, outer_handler)
    signal.setitimer(signal.ITIMER_REAL, 30.0)
    try:
        assert run(forever).passed is False
        handler, (left, _) = signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert handler is outer_handler and 0 < left <= 30.0 and fired == []


def test_the_time_limit_ends_with_the_check():
    assert run(lambda x: 1.0 / np.cosh(x) ** 2).passed
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)


@pytest.mark.parametrize("kind", ["spins", "sleeps"])
def test_outside_the_main_thread_the_check_stops_waiting_and_says_so(short_limit, kind):
    stop = threading.Event()  # lets the abandoned student code end after the test

    def spins(x):
        while not stop.is_set():
            pass

    def waits(x):
        stop.wait(60)

    verdicts = []
    worker = threading.Thread(
        target=lambda: verdicts.append(run(spins if kind == "spins" else waits))
    )
    worker.start()
    worker.join(30)
    stop.set()
    assert verdicts[0].passed is False
    assert "did not return within 0.2 s" in verdicts[0].message
    assert "still running in the background" in verdicts[0].message


def test_the_check_itself_may_run_in_another_thread():
    verdicts = []
    worker = threading.Thread(target=lambda: verdicts.append(run(lambda x: 1 / np.cosh(x) ** 2)))
    worker.start()
    worker.join(30)
    assert verdicts[0].passed is True


@pytest.mark.parametrize(
    ("student", "says"),
    [
        (lambda x: exit(3), "raised SystemExit: 3"),
        (lambda: 1.0, "raised TypeError"),  # takes no argument
        (lambda x: x.no_such_attribute, "raised AttributeError"),
    ],
)
def test_whatever_the_student_code_raises_is_reported(student, says):
    v = run(student)
    assert v.passed is False and says in v.message


# --- the student's printing is capped ----------------------------------------------------------


def test_a_function_that_prints_megabytes_shows_a_few_thousand_characters(capsys, monkeypatch):
    monkeypatch.setattr(framework, "TIME_LIMIT", 60.0)  # printing 4 MB is slow on a busy machine
    lines = 50_000  # 2 MB per case: 50 000 lines of 40 characters and a newline

    def chatty(x):
        for _ in range(lines):
            print("x" * 40)
        return 1.0 / np.cosh(x) ** 2

    v = run(chatty)
    out = capsys.readouterr()
    assert v.passed is True  # printing is no mistake
    hidden = 2 * lines * 41 - framework.OUTPUT_LIMIT  # two cases, one budget for the check
    assert out.out == "x" * 40 + "\n" + out.out[41:]
    assert out.out.endswith(f"[… {hidden:,} more characters printed by your code are not shown]\n")
    assert len(out.out) < framework.OUTPUT_LIMIT + 100 and out.err == ""


def test_printing_to_stderr_shares_the_budget(capsys):
    import sys

    def chatty(x):
        print("e" * 10_000, file=sys.stderr)
        return 1.0 / np.cosh(x) ** 2

    assert run(chatty).passed
    out = capsys.readouterr()
    hidden = 2 * 10_001 - framework.OUTPUT_LIMIT
    assert out.err == "e" * framework.OUTPUT_LIMIT
    assert out.out == f"[… {hidden:,} more characters printed by your code are not shown]\n"


def test_a_short_print_passes_through_unchanged(capsys):
    def talks(x):
        print("debugging", x.shape)
        return 1.0 / np.cosh(x) ** 2

    assert run(talks).passed
    assert capsys.readouterr().out == "debugging (2,)\ndebugging (3,)\n"


# --- numbers: float32, floating noise, huge integers ----------------------------------------------


def test_a_float32_result_of_the_right_formula_passes():
    def tanh_grad32(x):
        return 1 / np.cosh(x.astype(np.float32)) ** 2

    assert check_function("tanh'", tanh_grad32, tanh_grad, CASES, rtol=1e-9, atol=1e-12).passed
    assert check_value("x", np.float32(0.1), 0.1, rtol=1e-9, atol=0.0).passed


def test_a_float32_result_of_a_wrong_formula_still_fails():
    v = check_function(
        "tanh'", lambda x: np.float32(1.0) - x.astype(np.float32) ** 2, tanh_grad, CASES
    )
    assert v.passed is False


def test_values_that_differ_beyond_four_digits_are_shown_with_the_digits_that_differ():
    v = check_function("π", lambda: 3.1416, lambda: math.pi, [()], rtol=1e-9)
    assert v.message == "case 1 (): expected 3.14159, got 3.1416."
    v = check_value("π", 3.1416, math.pi, rtol=1e-9)
    assert v.message == "3.1416 is not right."
    v = check_value("π", 3.14159265, math.pi, rtol=1e-12, atol=0.0)
    assert v.message == "3.14159265 is not right."  # not "3.142 is not right"


def test_floating_point_noise_passes():
    assert check_value("count", 300.99999999999994, 301, rtol=0.0, atol=1e-6).passed
    assert check_value("count", 0.1 + 0.2, 0.3, rtol=1e-12).passed
    assert check_function("sum", lambda: 0.1 + 0.2, lambda: 0.3, [()], rtol=1e-12).passed


def test_huge_integers_get_a_verdict():
    assert check_value("x", 10**400, 1.0).message == "1e+400 is not right."
    assert check_value("x", -(10**5000), 1.0).message == "-1e+5000 is not right."
    v = run(lambda x: 10**400)
    assert v.passed is False and "expected a number or an array, got int 1e+400" in v.message


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ("0.5", "expected a number, got str '0.5' — remove the quotes."),
        (True, "expected a number, got bool True."),
        ([0.5, 1.0], "expected one number, got list [0.5, 1]."),
        (np.array([0.5, 1.0]), "expected one number, got ndarray [0.5, 1. ]."),
        (1j, "expected a number, got complex 1j."),
        (float("nan"), "nan is not a number."),
    ],
)
def test_value_check_answers_that_are_not_one_number(answer, says):
    assert check_value("x", answer, 0.5).message == says


def test_a_one_element_array_stands_for_its_number():
    assert check_value("x", np.array([0.5]), 0.5).passed
    assert check_value("x", np.array(0.5), 0.5).passed


# --- inputs changed in place ---------------------------------------------------------------------


def add_one_in_place(x):
    x += 1
    return x


def test_changing_an_input_fails_where_the_exercise_forbids_it():
    cases = [(np.array([1.0, 2.0]),)]
    assert check_function("x + 1", add_one_in_place, lambda x: x + 1, cases).passed
    v = check_function("x + 1", add_one_in_place, lambda x: x + 1, cases, inputs_unchanged=True)
    assert v.passed is False
    assert v.message.startswith("case 1 ([1., 2.]): your function changed its argument x in place")
    assert cases[0][0].tolist() == [1.0, 2.0]  # the check's own data is untouched
    ok = check_function("x + 1", lambda x: x + 1, lambda x: x + 1, cases, inputs_unchanged=True)
    assert ok.passed


# --- the author's arguments are the author's mistakes ------------------------------------------


def test_no_cases_is_the_authors_mistake_not_a_pass():
    with pytest.raises(ValueError, match="cases must list at least one tuple"):
        check_function("tanh'", lambda x: x, tanh_grad, [])
    with pytest.raises(TypeError, match="cases must be a list of argument tuples"):
        check_function("tanh'", lambda x: x, tanh_grad, [np.array([0.0])])


def test_verdict_accepts_only_true_false_or_none():
    assert Verdict("x", np.True_, "m").passed is True
    with pytest.raises(TypeError, match="passed must be True, False or None"):
        Verdict("x", "yes", "m")


def test_describe_stays_short_for_anything():
    assert describe(10**400) == "1e+400" and describe(-(10**20)) == "-1e+20"
    assert describe("a" * 100) == repr("a" * 40) + "…"
    assert describe(list(range(100))) == "[0, 1, 2, 3, 4, 5, 6, 7, … (100 items)]"
    loop = []
    loop.append(loop)
    assert describe(loop) == "[[[[…]]]]"

    class Evil:
        def __repr__(self):
            raise RuntimeError("never called")

    assert describe(Evil()) == "Evil object"
    assert describe(np.array([Evil()])) == "array of object with shape (1,)"
    with pytest.raises(ValueError, match="precision must be an integer from 1 to 17"):
        describe(1.0, precision=0)
