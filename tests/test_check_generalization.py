"""The exercises of notebook 01: reference solutions pass, typical mistakes get their specific
feedback, unfinished answers are reported as unfinished, and no value check reveals its answer."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import data
from helpers import generalization as gen
from helpers.check import generalization as check

# --- reference solutions (what a student should write) --------------------------------------


def ridge_solution(X, y, lam):
    n, p = X.shape
    return np.linalg.solve(X.T @ X + n * lam * np.eye(p), X.T @ y)


def n_parameters(d, width, k):
    return width * d + width + k * width + k


def unfinished(*args): ...  # the notebook's template: a body of `...` returns None


@pytest.fixture
def split():
    rng = np.random.default_rng(2022)
    x, y = data.regression_1d(gen.wavy, 50, rng, noise=0.3)
    return data.train_dev_test(x, y, rng)


def best_degree_by(split, name):
    """The student's computation, written independently of the check."""
    errors = []
    for d in range(13):
        V = np.polynomial.legendre.legvander(split.x_train, d)
        w = np.linalg.lstsq(V, split.y_train, rcond=None)[0]
        x_eval, y_eval = getattr(split, f"x_{name}"), getattr(split, f"y_{name}")
        errors.append(np.mean((np.polynomial.legendre.legvander(x_eval, d) @ w - y_eval) ** 2))
    return int(np.argmin(errors))


# --- ridge -------------------------------------------------------------------------------------


def test_ridge_accepts_the_reference_and_inverse_based_solutions():
    assert check.ridge_solution(ridge_solution).passed is True

    def with_inverse(X, y, lam):
        return np.linalg.inv(X.T @ X + len(y) * lam * np.eye(X.shape[1])) @ X.T @ y

    assert check.ridge_solution(with_inverse).passed is True


@pytest.mark.parametrize(
    ("wrong", "phrase"),
    [
        (lambda X, y, lam: np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y), "nλ"),
        (lambda X, y, lam: np.linalg.solve(X.T @ X + len(y) * lam, X.T @ y), "diagonal only"),
        (
            lambda X, y, lam: np.linalg.solve(X.T @ X - len(y) * lam * np.eye(X.shape[1]), X.T @ y),
            "sign is flipped",
        ),
        (lambda X, y, lam: np.linalg.lstsq(X, y, rcond=None)[0], "λ has no effect"),
    ],
)
def test_ridge_names_typical_mistakes(wrong, phrase):
    verdict = check.ridge_solution(wrong)
    assert verdict.passed is False
    assert phrase in verdict.message


def test_ridge_reports_other_errors_with_the_case():
    verdict = check.ridge_solution(lambda X, y, lam: np.zeros(X.shape[1]))
    assert verdict.passed is False and "case 1" in verdict.message and "expected" in verdict.message
    crash = check.ridge_solution(lambda X, y, lam: X @ X)
    assert crash.passed is False and "raised ValueError" in crash.message


def test_ridge_unfinished():
    assert check.ridge_solution(unfinished).unfinished
    assert check.ridge_solution(...).unfinished


# --- validation degree -----------------------------------------------------------------------


def test_validation_degree_accepts_the_dev_choice(split):
    assert check.validation_degree(best_degree_by(split, "dev"), split).passed is True


def test_validation_degree_explains_train_and_test_choices(split):
    dev, test, train = (best_degree_by(split, name) for name in ("dev", "test", "train"))
    assert train == 12 and train != dev  # the training set always wants the most capacity
    verdict = check.validation_degree(train, split)
    assert verdict.passed is False and "training" in verdict.message
    if test != dev:
        verdict = check.validation_degree(test, split)
        assert verdict.passed is False and "test" in verdict.message
    other = next(d for d in range(13) if d not in (dev, test, train))
    verdict = check.validation_degree(other, split)
    assert verdict.passed is False
    assert verdict.message.startswith(f"{other} is too")  # a direction, not the answer


def test_validation_degree_test_mistake_on_a_split_where_test_and_dev_disagree():
    # search seeds for a split whose test set prefers a different degree than its dev set
    for seed in range(50):
        rng = np.random.default_rng(seed)
        x, y = data.regression_1d(gen.wavy, 50, rng, noise=0.3)
        s = data.train_dev_test(x, y, rng)
        dev, test = best_degree_by(s, "dev"), best_degree_by(s, "test")
        if dev != test and test != 12:
            verdict = check.validation_degree(test, s)
            assert verdict.passed is False and "*test* set" in verdict.message
            return
    pytest.fail("no split with different dev and test choices in 50 seeds")


def test_validation_degree_unfinished(split):
    assert check.validation_degree(..., split).unfinished


# --- interpolation threshold ----------------------------------------------------------------


def test_threshold_accepts_n_and_explains_the_usual_confusions():
    assert check.interpolation_threshold(200).passed is True
    assert check.interpolation_threshold(200.0).passed is True
    for wrong, phrase in ((2000, "n·K"), (64, "pixels"), (300, "300 training images")):
        verdict = check.interpolation_threshold(wrong)
        assert verdict.passed is False and phrase in verdict.message
    verdict = check.interpolation_threshold(150)
    assert verdict.passed is False and "too small" in verdict.message
    assert "200" not in verdict.message  # never reveal the answer
    assert check.interpolation_threshold(...).unfinished


# --- parameter count -------------------------------------------------------------------------


def test_parameter_count_accepts_the_reference():
    assert check.parameter_count(n_parameters).passed is True


@pytest.mark.parametrize(
    ("wrong", "phrase"),
    [
        (lambda d, h, k: h * (d + k), "biases are missing"),
        (lambda d, h, k: h * (d + 1) + k * h, "output layer"),
        (lambda d, h, k: h * d + k * (h + 1), "hidden layer"),
        (lambda d, h, k: (d + 1) * (h + 1) * (k + 1), "add up"),
    ],
)
def test_parameter_count_names_typical_mistakes(wrong, phrase):
    verdict = check.parameter_count(wrong)
    assert verdict.passed is False and phrase in verdict.message


def test_parameter_count_unfinished():
    assert check.parameter_count(unfinished).unfinished


# --- width at the threshold ------------------------------------------------------------------


def test_threshold_width_accepts_the_hand_derived_answer():
    # 16 inputs, 10 outputs: 17·h + 10·(h + 1) = 27h + 10 >= 1000  =>  h >= 36.67, so 37
    assert check.threshold_width(37).passed is True


@pytest.mark.parametrize(
    ("wrong", "phrase"),
    [(36, "one short"), (100, "training examples"), (39, "biases")],  # 26·39 >= 1000 > 26·38
)
def test_threshold_width_names_typical_mistakes(wrong, phrase):
    verdict = check.threshold_width(wrong)
    assert verdict.passed is False and phrase in verdict.message
    assert "37" not in verdict.message  # never reveal the answer


def test_threshold_width_unfinished():
    assert check.threshold_width(...).unfinished
