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
# Adam after g = +1, −1 (α = 0.1, β₁ = 0.9, β₂ = 0.999): s₂ = 0.9·0.1 − 0.1 = −0.01,
# r₂ = 0.999·0.001 + 0.001 = 0.001999; ŝ = −0.01/0.19, r̂ = 0.001999/0.001999 = 1.
ADAM_SECOND_ANSWER = -0.1 * (-0.01 / 0.19) / 1.0
ADAM_NO_CORRECTION = -0.1 * -0.01 / math.sqrt(0.001999)


def _adagrad_count():
    """Steps α/√t with α = 0.1: the first T whose sum reaches 1, counted by hand."""
    total, t = 0.0, 0
    while total < 1.0:
        t += 1
        total += 0.1 / math.sqrt(t)
    return t


ADAGRAD_ANSWER = _adagrad_count()


def test_reference_solutions_pass():
    for verdict in (
        ex.momentum_update(momentum_solution),
        ex.adam_update(adam_solution),
        ex.rmsprop_first_step(RMSPROP_ANSWER),
        ex.adam_second_step(ADAM_SECOND_ANSWER),
        ex.adagrad_distance(ADAGRAD_ANSWER),
    ):
        assert verdict.passed is True, str(verdict)


def test_rounded_answers_pass():
    assert ex.rmsprop_first_step(0.0447).passed
    assert ADAGRAD_ANSWER == 33  # 1 + 1/√2 + … + 1/√33 = 10.12 ≥ 10 > the sum up to 32
    assert ex.adam_second_step(0.00526).passed
    assert ex.adam_second_step(0.1 / 19).passed  # −α·ŝ with ŝ = −1/19, written out
    assert ex.rmsprop_first_step(0.01 / math.sqrt(0.05)).passed  # α/√(1 − β) written out


def test_unfinished_answers_are_reported_as_unfinished():
    def unfinished(*args): ...

    for check in (ex.momentum_update, ex.adam_update):
        assert check(unfinished).unfinished
        assert check(...).unfinished
        assert "not answered yet" in str(check(unfinished))
    for check in (ex.rmsprop_first_step, ex.adam_second_step, ex.adagrad_distance):
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
        (ex.adam_second_step, -ADAM_SECOND_ANSWER, "check the sign"),
        (ex.adam_second_step, ADAM_NO_CORRECTION, "bias correction is missing"),
        (ex.adam_second_step, -0.1 * (-0.01 / 0.19) / math.sqrt(0.001999), "r needs its bias"),
        (ex.adam_second_step, 0.1, "remembers g₁"),
        (ex.adagrad_distance, 10, "constant length"),
        (ex.adagrad_distance, 25, "from 0 to T"),  # 2√T = 10
        (ex.adagrad_distance, 36, "from 1 to T"),  # 2√T − 2 = 10
        (ex.adagrad_distance, 100, "α√T = 1"),  # 0.1·√T = 1
        (ex.adagrad_distance, ADAGRAD_ANSWER - 1, "0-based"),  # np.argmax without + 1
        (ex.adagrad_distance, ADAGRAD_ANSWER + 1, "after the step that reached 1"),
    ]
    for check, answer, words in cases:
        verdict = check(answer)
        assert verdict.passed is False and words in verdict.message, str(verdict)


def test_value_checks_never_reveal_the_answer():
    for check, answer, secret in [
        (ex.rmsprop_first_step, 0.5, "0.0447"),
        (ex.adam_second_step, 0.05, "0.00526"),
        (ex.adagrad_distance, 50, "33"),
    ]:
        verdict = check(answer)
        assert verdict.passed is False
        assert secret not in str(verdict) and secret not in verdict._repr_html_()
        assert "is not right" in verdict.message and "too" not in verdict.message


def test_value_checks_reject_non_numbers():
    assert ex.adam_second_step("a lot").passed is False
    assert ex.adagrad_distance("a lot").passed is False


def test_momentum_that_changes_its_inputs_fails_as_the_exercise_forbids():
    def in_place(theta, v, g, alpha, beta):
        v *= beta
        v -= alpha * g
        theta += v
        return theta, v

    verdict = ex.momentum_update(in_place)
    assert verdict.passed is False
    assert "changed its argument theta in place" in verdict.message

    def copies_first(theta, v, g, alpha, beta):
        theta, v = theta.copy(), v.copy()
        v *= beta
        v -= alpha * g
        theta += v
        return theta, v

    assert ex.momentum_update(copies_first).passed is True


def test_adagrad_count_with_floating_point_noise_passes():
    assert ex.adagrad_distance(ADAGRAD_ANSWER + 1e-12).passed
    assert ex.adagrad_distance(float(ADAGRAD_ANSWER)).passed
    assert ex.adagrad_distance(np.float32(ADAGRAD_ANSWER)).passed
