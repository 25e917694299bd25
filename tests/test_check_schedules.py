"""Notebook 06's exercises: the reference solutions pass, typical mistakes get specific feedback,
unfinished drafts are reported as unfinished."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.check import schedules as check
from helpers.schedules import ExponentialDecay, PiecewiseConstantDecay

# --- exercise 1: decay_rate ---------------------------------------------------------------------


def test_decay_rate_reference_solution_passes_and_really_reaches_the_target():
    answer = 0.01 ** (100 / 1000)  # 0.1·r^(1000/100) = 0.001  ⇔  r = 0.01^(1/10)
    assert check.exponential_decay_rate(answer).passed is True
    assert ExponentialDecay(0.1, 100, answer)(1000) == pytest.approx(0.001, rel=1e-12)
    assert check.exponential_decay_rate(round(answer, 4)).passed is True  # 4 digits are enough


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (0.01, "after decay_steps updates"),
        (0.01 ** (1 / 1000), "factor per update"),
        (0.001**0.1, "ratio target / initial"),
        (100**0.1, "makes the rate grow"),
    ],
)
def test_decay_rate_typical_mistakes_are_explained(answer, phrase):
    v = check.exponential_decay_rate(answer)
    assert v.passed is False and phrase in v.message


def test_decay_rate_other_wrong_answers_get_the_method_never_the_value_or_a_direction():
    v = check.exponential_decay_rate(0.7)
    assert v.passed is False and "0.631" not in v.message
    assert v.message == "0.7 is not right. " + (
        "Write α₁₀₀₀ = 0.1·decay_rate^(1000/100) and solve for decay_rate."
    )
    assert "too" not in check.exponential_decay_rate(0.6).message
    assert check.exponential_decay_rate(...).unfinished
    assert check.exponential_decay_rate("zero").passed is False


# --- exercise 2: cosine decay ---------------------------------------------------------------------


def reference_cosine(step, initial_learning_rate, decay_steps, alpha):
    k = min(step, decay_steps)
    decayed = 0.5 * (1 + math.cos(math.pi * k / decay_steps))
    return initial_learning_rate * ((1 - alpha) * decayed + alpha)


def test_cosine_reference_solution_passes():
    v = check.cosine_decay(reference_cosine)
    assert v.passed is True and "all 7 cases" in v.message


def test_a_numpy_solution_passes_too():
    def cosine(step, lr0, ds, alpha):
        return lr0 * ((1 - alpha) * 0.5 * (1 + np.cos(np.pi * np.minimum(step, ds) / ds)) + alpha)

    assert check.cosine_decay(cosine).passed is True


def mistake(**change):
    def cosine(step, lr0, ds, alpha):
        k = step if change.get("no_clamp") else min(step, ds)
        half = 1.0 if change.get("no_half") else 0.5
        pi = 1.0 if change.get("no_pi") else math.pi
        shape = half * (1 + math.cos(pi * k / ds))
        if change.get("no_alpha"):
            return lr0 * shape
        if change.get("raw_alpha"):
            return lr0 * (1 - alpha) * shape + alpha
        return lr0 * ((1 - alpha) * shape + alpha)

    return cosine


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        ("no_clamp", "min(step, decay_steps)"),
        ("no_half", "without the ½"),
        ("no_pi", "from 0 to π"),
        ("no_alpha", "alpha is missing"),
        ("raw_alpha", "fraction of the initial rate"),
    ],
)
def test_cosine_typical_mistakes_are_explained(change, phrase):
    v = check.cosine_decay(mistake(**{change: True}))
    assert v.passed is False and phrase in v.message, v.message


def test_cosine_unfinished_and_broken_drafts():
    def draft(step, initial_learning_rate, decay_steps, alpha): ...

    assert check.cosine_decay(draft).unfinished
    assert check.cosine_decay(...).unfinished
    v = check.cosine_decay(lambda *a: 1 / 0)
    assert v.passed is False and "ZeroDivisionError" in v.message
    v = check.cosine_decay(lambda step, lr0, ds, alpha: lr0)  # never decays
    assert v.passed is False and v.message.startswith("case 2")


# --- exercise 3: port a PyTorch MultiStepLR stepped once per epoch ------------------------------


def _torch_multistep(k):
    """The PyTorch recipe written out independently: 100 updates per epoch, lr 0.1, ×0.1 at the
    start of epochs 30 and 45 (scheduler.step() after each epoch)."""
    epoch = np.asarray(k) // 100
    return 0.1 * np.where(epoch >= 45, 0.01, np.where(epoch >= 30, 0.1, 1.0))


def test_port_reference_solution_passes_and_matches_the_recipe():
    answer = PiecewiseConstantDecay([2999, 4499], [0.1, 0.01, 0.001])
    k = np.arange(6000)
    np.testing.assert_allclose(answer(k), _torch_multistep(k), rtol=1e-12)
    assert check.port_multistep(answer).passed is True
    assert check.port_multistep(lambda k: _torch_multistep(k)).passed is True  # any callable


@pytest.mark.parametrize(
    ("boundaries", "values", "phrase"),
    [
        ([3000, 4500], [0.1, 0.01, 0.001], "last update of the old rate"),
        ([3001, 4501], [0.1, 0.01, 0.001], "other direction"),
        ([2998, 4498], [0.1, 0.01, 0.001], "before its epoch is over"),
        ([30, 45], [0.1, 0.01, 0.001], "count updates"),
        ([29, 44], [0.1, 0.01, 0.001], "count updates"),
        ([2999, 4499], [0.1, 0.1, 0.1], "not the factor gamma"),
        ([2999, 4599], [0.1, 0.01, 0.001], "first differ from the recipe's in epoch 45"),
    ],
)
def test_port_mistakes_are_explained_without_the_boundaries(boundaries, values, phrase):
    v = check.port_multistep(PiecewiseConstantDecay(boundaries, values))
    assert v.passed is False and phrase in v.message
    assert "2999" not in v.message and "4499" not in v.message


def test_port_unfinished_and_broken_answers_never_raise():
    assert check.port_multistep(...).unfinished
    assert check.port_multistep(0.1).passed is False
    v = check.port_multistep(lambda k: 1 / 0)
    assert v.passed is False and "ZeroDivisionError" in v.message
    v = check.port_multistep(lambda k: "a")
    assert v.passed is False and "must return numbers" in v.message


# --- exercise 4: Robbins–Monro within a budget ----------------------------------------------------


def _loss_after_budget(p, sigma=0.1, start=1.0):
    """The noisy quadratic written out independently: E[θ_i²] ← (1 − αh)²E + α²σ²h."""
    h = np.array([1.0, 0.3, 0.1, 0.03, 0.01])
    m = np.full_like(h, start**2)
    for k in range(1000):
        alpha = 0.5 / (k + 1) ** p
        m = (1 - alpha * h) ** 2 * m + alpha**2 * sigma**2 * h
    return 0.5 * m @ h


def test_budget_reference_solution_passes():
    powers = np.round(np.arange(0.0, 1.01, 0.05), 2)
    best = powers[np.argmin([_loss_after_budget(p) for p in powers])]
    assert 0.15 <= best <= 0.25  # far outside Robbins–Monro's (1/2, 1]
    assert check.power_decay_budget(True, float(best)).passed is True
    assert check.power_decay_budget(np.True_, 0.2).passed is True


@pytest.mark.parametrize(
    ("satisfies", "power", "phrase"),
    [
        (False, 0.2, "p-series"),
        (True, 0.75, "about the limit"),
        (True, 1.0, "about the limit"),
        (True, 0.0, "noise floor"),
        (True, 0.45, "left of the start"),
        (True, 1.3, "Σα is finite"),
        ("yes", 0.2, "True or False"),
        (True, "p", "between 0 and 1.5"),
        (True, math.nan, "between 0 and 1.5"),
    ],
)
def test_budget_mistakes_are_explained(satisfies, power, phrase):
    v = check.power_decay_budget(satisfies, power)
    assert v.passed is False and phrase in v.message
    assert "0.19" not in v.message and "0.2 " not in v.message


def test_budget_feedback_numbers_agree_with_an_independent_computation():
    v = check.power_decay_budget(True, 0.75)
    assert f"{_loss_after_budget(0.75):.3g}" in v.message


def test_budget_unfinished():
    assert check.power_decay_budget(..., ...).unfinished
    assert check.power_decay_budget(True, ...).unfinished
    assert check.power_decay_budget(..., 0.2).unfinished
    assert check.power_decay_budget(False, ...).passed is False


@pytest.mark.parametrize("power", [0.0, 0.05, 0.4, 0.45])
def test_budget_diagnosis_names_what_dominates_the_loss_not_a_direction(power):
    left = float(_loss_after_budget(power, sigma=0.0))  # what is left of the start
    noise = float(_loss_after_budget(power, start=0.0))  # the noise floor
    assert left + noise == pytest.approx(_loss_after_budget(power), rel=1e-9)
    v = check.power_decay_budget(True, power)
    assert v.passed is False and "too large" not in v.message and "too small" not in v.message
    assert ("left of the start" in v.message) is (left > noise)
    assert ("noise floor" in v.message) is (noise >= left)


def test_a_float32_cosine_decay_passes():
    def cosine32(step, lr0, ds, alpha):
        k = np.float32(min(step, ds))
        decayed = np.float32(0.5) * (1 + np.cos(np.float32(np.pi) * k / np.float32(ds)))
        return np.float32(lr0) * ((1 - np.float32(alpha)) * decayed + np.float32(alpha))

    assert check.cosine_decay(cosine32).passed is True


def test_a_float32_schedule_passes_the_port():
    def schedule32(k):
        return _torch_multistep(k).astype(np.float32)

    assert check.port_multistep(schedule32).passed is True


def test_port_draft_and_a_schedule_for_one_update_at_a_time():
    assert check.port_multistep(lambda k: None).unfinished

    def one_at_a_time(k):  # if on an array raises; the check then asks update by update
        return 0.1 if k < 3000 else (0.01 if k < 4500 else 0.001)

    assert check.port_multistep(one_at_a_time).passed is True
