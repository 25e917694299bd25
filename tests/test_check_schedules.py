"""Notebook 06's exercises: the reference solutions pass, typical mistakes get specific feedback,
unfinished drafts are reported as unfinished."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.check import schedules as check
from helpers.schedules import ExponentialDecay

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


def test_decay_rate_other_wrong_answers_say_which_way_and_never_reveal_the_value():
    v = check.exponential_decay_rate(0.7)
    assert v.passed is False and "too large" in v.message and "0.631" not in v.message
    assert "too small" in check.exponential_decay_rate(0.6).message
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


# --- exercise 3: the piecewise boundary -----------------------------------------------------------


def test_piecewise_reference_solution_passes():
    assert check.piecewise_first_step(301).passed is True  # values[1] is used for k > 300
    assert check.piecewise_first_step(301.0).passed is True


@pytest.mark.parametrize(
    ("answer", "phrase"), [(300, "MultiStepLR"), (302, "count from 0"), (600, "too large")]
)
def test_piecewise_mistakes_are_explained(answer, phrase):
    v = check.piecewise_first_step(answer)
    assert v.passed is False and phrase in v.message and "301" not in v.message


def test_piecewise_unfinished_and_non_integers():
    assert check.piecewise_first_step(...).unfinished
    v = check.piecewise_first_step(300.5)
    assert v.passed is False and "not an update number" in v.message


# --- exercise 4: Robbins–Monro --------------------------------------------------------------------


def test_robbins_monro_reference_solution_passes():
    assert check.robbins_monro("C").passed is True
    assert check.robbins_monro(" c ").passed is True


@pytest.mark.parametrize(
    ("letter", "phrase"),
    [("A", "Σα² = ∞"), ("B", "finite sum"), ("D", "harmonic"), ("E", "Σα is finite")],
)
def test_robbins_monro_wrong_choices_say_which_condition_fails(letter, phrase):
    v = check.robbins_monro(letter)
    assert v.passed is False and phrase in v.message


def test_robbins_monro_unfinished_and_invalid():
    assert check.robbins_monro(...).unfinished
    assert "not one of" in check.robbins_monro("F").message


def test_robbins_monro_explanations_agree_with_the_partial_sums():
    """The feedback's claims, seen numerically: partial sums over 10⁶ updates."""
    from helpers.schedules import robbins_monro_sums

    n = 10**6
    sums = {k: robbins_monro_sums(s, n) for k, s in check.ROBBINS_MONRO_OPTIONS.items()}
    half = n // 2
    for letter, (s1, s2) in sums.items():
        grows1 = s1[-1] - s1[half] > 1e-3 * s1[-1]  # still growing over the second half
        grows2 = s2[-1] - s2[half] > 1e-3 * s2[-1]
        expected = {"A": (True, True), "B": (False, False), "C": (True, False)}
        expected |= {"D": (True, True), "E": (False, False)}
        assert (grows1, grows2) == expected[letter], letter
