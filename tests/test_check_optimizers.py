"""The exercises of notebook 05: reference solutions pass, typical mistakes get their specific
feedback, unfinished answers are reported as unfinished, and no value check leaks its answer."""

import math

import numpy as np

from helpers.check import optimizers as ex

# --- reference solutions (what a student should write) -----------------------------------------


def momentum_solution(theta, v, g, alpha, beta):
    v = beta * v - alpha * g
    return theta + v, v


def adam_solution(theta, s, r, g, t, alpha, beta1, beta2, epsilon):
    s = beta1 * s + (1 - beta1) * g
    r = beta2 * r + (1 - beta2) * g**2
    s_hat = s / (1 - beta1**t)
    r_hat = r / (1 - beta2**t)
    return theta - alpha * s_hat / np.sqrt(r_hat + epsilon), s, r


RMSPROP_ANSWER = 0.01 / math.sqrt(1 - 0.95)  # r = (1 − β)g², step = α|g|/√r
WEIGHT_SUM_ANSWER = 1 - 0.9**10
ADAGRAD_ANSWER = 10.0  # step_t = α/√t, so step_1 / step_100 = √100


def test_reference_solutions_pass():
    for verdict in (
        ex.momentum_update(momentum_solution),
        ex.adam_update(adam_solution),
        ex.rmsprop_first_step(RMSPROP_ANSWER),
        ex.weight_sum(WEIGHT_SUM_ANSWER),
        ex.adagrad_slowdown(ADAGRAD_ANSWER),
    ):
        assert verdict.passed is True, str(verdict)


def test_rounded_answers_pass():
    assert ex.rmsprop_first_step(0.0447).passed
    assert ex.weight_sum(0.6513).passed
    assert ex.weight_sum(0.65).passed
    assert ex.rmsprop_first_step(0.01 / math.sqrt(0.05)).passed  # α/√(1 − β) written out


def test_unfinished_answers_are_reported_as_unfinished():
    def unfinished(*args): ...

    for check in (ex.momentum_update, ex.adam_update):
        assert check(unfinished).unfinished
        assert check(...).unfinished
        assert "not answered yet" in str(check(unfinished))
    for check in (ex.rmsprop_first_step, ex.weight_sum, ex.adagrad_slowdown):
        verdict = check(...)
        assert verdict.unfinished and "not answered yet" in verdict.message


def test_momentum_mistakes_get_specific_feedback():
    def plus_gradient(theta, v, g, alpha, beta):
        v = beta * v + alpha * g
        return theta + v, v

    def old_velocity(theta, v, g, alpha, beta):
        return theta + v, beta * v - alpha * g

    def no_beta(theta, v, g, alpha, beta):
        v = v - alpha * g
        return theta + v, v

    def minus_v(theta, v, g, alpha, beta):
        v = beta * v - alpha * g
        return theta - v, v

    for fn, words in [
        (plus_gradient, "against it"),
        (old_velocity, "old velocity"),
        (no_beta, "β is missing"),
        (minus_v, "θ ← θ + v"),
    ]:
        verdict = ex.momentum_update(fn)
        assert verdict.passed is False and words in verdict.message, str(verdict)


def test_momentum_solution_must_not_rely_on_the_first_case_only():
    """A solution that ignores v passes the first case (v = 0) but not the second."""

    def ignores_v(theta, v, g, alpha, beta):
        return theta - alpha * g, -alpha * g

    verdict = ex.momentum_update(ignores_v)
    assert verdict.passed is False and "case 2" in verdict.message


def test_adam_mistakes_get_specific_feedback():
    def no_correction(theta, s, r, g, t, alpha, b1, b2, eps):
        s = b1 * s + (1 - b1) * g
        r = b2 * r + (1 - b2) * g**2
        return theta - alpha * s / np.sqrt(r + eps), s, r

    def eps_outside(theta, s, r, g, t, alpha, b1, b2, eps):
        s = b1 * s + (1 - b1) * g
        r = b2 * r + (1 - b2) * g**2
        return theta - alpha * (s / (1 - b1**t)) / (np.sqrt(r / (1 - b2**t)) + eps), s, r

    def next_t(theta, s, r, g, t, alpha, b1, b2, eps):
        return adam_solution(theta, s, r, g, t + 1, alpha, b1, b2, eps)

    for fn, words in [
        (no_correction, "bias correction is missing"),
        (eps_outside, "inside the square root"),
        (next_t, "β^t"),
    ]:
        verdict = ex.adam_update(fn)
        assert verdict.passed is False and words in verdict.message, str(verdict)


def test_adam_that_crashes_is_reported_not_raised():
    def broken(theta, s, r, g, t, alpha, b1, b2, eps):
        raise KeyError("oops")

    verdict = ex.adam_update(broken)
    assert verdict.passed is False and "KeyError" in verdict.message


def test_value_mistakes_get_specific_feedback():
    cases = [
        (ex.rmsprop_first_step, 0.01 * math.sqrt(0.05), "divides by √r"),
        (ex.rmsprop_first_step, 0.01 / 0.05, "square root is missing"),
        (ex.rmsprop_first_step, 0.01, "no bias correction"),
        (ex.rmsprop_first_step, 1 / math.sqrt(0.05), "units of α"),
        (ex.weight_sum, 0.9**10, "missing"),
        (ex.weight_sum, 1.0, "infinite sum"),
        (ex.weight_sum, 1 - 0.9**9, "off by one"),
        (ex.adagrad_slowdown, 100, "1/t decay"),
        (ex.adagrad_slowdown, 1, "keeps growing"),
    ]
    for check, answer, words in cases:
        verdict = check(answer)
        assert verdict.passed is False and words in verdict.message, str(verdict)


def test_value_checks_never_reveal_the_answer():
    for check, answer, secret in [
        (ex.rmsprop_first_step, 0.5, "0.0447"),
        (ex.weight_sum, 0.2, "0.651"),
        (ex.adagrad_slowdown, 3.0, "10"),
    ]:
        verdict = check(answer)
        assert verdict.passed is False
        assert secret not in str(verdict) and secret not in verdict._repr_html_()
        assert "too small" in verdict.message or "too large" in verdict.message


def test_value_checks_reject_non_numbers():
    assert ex.weight_sum("a lot").passed is False
