"""The exercise-feedback framework: right answers pass, wrong ones are named, drafts are drafts."""

from __future__ import annotations

import numpy as np
import pytest

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
    assert run(3).message == "expected a function, got int."


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


def test_value_check_never_reveals_the_answer():
    v = check_value("∂L/∂w7", 20.0, 24.0, hint="Use h1 from the forward pass.")
    assert v.passed is False and "24" not in v.message
    assert v.message == "20 is too small. Use h1 from the forward pass."
    assert "too large" in check_value("x", 30, 24.0).message


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
