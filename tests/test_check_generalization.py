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
    assert verdict.message.startswith(f"{other} is not right. Fit each degree")  # the method
    assert "too" not in verdict.message  # no direction: guesses must not bracket the answer


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


# --- weight decay at the interpolation threshold -----------------------------------------------


@pytest.fixture(scope="module")
def small_features():
    """A small random-feature problem: 3 classes, 5 inputs, n = 30 training examples."""
    rng = np.random.default_rng(11)
    features = gen.RandomFourierFeatures.draw(5, 80, rng, bandwidth=2.0)
    centres = rng.standard_normal((3, 5))
    labels_train, labels_test = rng.integers(0, 3, 30), rng.integers(0, 3, 200)
    x_train = centres[labels_train] + rng.standard_normal((30, 5))
    x_test = centres[labels_test] + rng.standard_normal((200, 5))
    return features, (x_train, labels_train, x_test, labels_test), [5, 10, 20, 30, 40, 80]


def _read_out(features, split, N, lam):
    """Outputs on training and test inputs of the read-out of N features, by hand."""
    x_train, labels_train, x_test, _ = split
    V, b = features.weights[:, :N], features.offsets[:N]
    phi, phi_test = (np.sqrt(2.0 / N) * np.cos(x @ V + b) for x in (x_train, x_test))
    Y = np.eye(3)[labels_train]
    if lam == 0:
        a = np.linalg.pinv(phi) @ Y
    else:
        a = np.linalg.solve(phi.T @ phi + len(Y) * lam * np.eye(N), phi.T @ Y)
    return phi @ a, phi_test @ a


def _errors(features, split, N, lam):
    fit, pred = _read_out(features, split, N, lam)
    _, labels_train, _, labels_test = split
    loss = np.mean(np.sum((pred - np.eye(3)[labels_test]) ** 2, axis=1))
    train = np.mean(fit.argmax(1) != labels_train)
    return train, np.mean(pred.argmax(1) != labels_test), loss


def test_weight_decay_peak_accepts_the_reference(small_features):
    features, split, sizes = small_features
    _, test, _ = _errors(features, split, 30, 1e-3)
    assert check.weight_decay_peak(test, features, split, sizes).passed is True


def test_weight_decay_peak_names_typical_mistakes(small_features):
    features, split, sizes = small_features
    train, test, loss = _errors(features, split, 30, 1e-3)
    _, plain, _ = _errors(features, split, 30, 0.0)
    largest = max(_errors(features, split, N, 1e-3)[1] for N in sizes)
    assert len({round(v, 4) for v in (train, test, loss, plain, largest, 100 * test)}) == 6
    for wrong, phrase in (
        (plain, "lam = 0"),
        (train, "training set"),
        (loss, "squared loss"),
        (largest, "all N"),
        (100 * test, "fraction"),
    ):
        verdict = check.weight_decay_peak(wrong, features, split, sizes)
        assert verdict.passed is False and phrase in verdict.message
        explanation = verdict.message.split(":", 1)[1]  # after the student's own value
        assert f"{test:.4g}" not in explanation  # never reveal the answer
    verdict = check.weight_decay_peak(test + 0.2, features, split, sizes)
    assert verdict.passed is False and "is not right. Take test_error" in verdict.message


def test_weight_decay_peak_unfinished_and_broken_inputs(small_features):
    features, split, sizes = small_features
    assert check.weight_decay_peak(..., features, split, sizes).unfinished
    verdict = check.weight_decay_peak(0.1, features, split, [5, 10])  # N = n not in sizes
    assert verdict.passed is False and "recompute" in verdict.message


# --- validation optimism -------------------------------------------------------------------------


def _optimism(n_dev):
    """The student's computation: winning validation MSE minus the winner's true error."""
    study = gen.selection_trials(
        gen.wavy,
        np.random.default_rng(4),
        lams=np.logspace(-3, 1, 33),
        degree=9,
        sizes=(30, n_dev, 10),
        trials=500,
    )
    best = np.argmin(study.dev, axis=1)[:, None]
    winner = np.take_along_axis(study.dev, best, axis=1)[:, 0]
    true = np.take_along_axis(study.true, best, axis=1)[:, 0]
    test = np.take_along_axis(study.test, best, axis=1)[:, 0]
    return winner.mean() - true.mean(), (winner - test).mean(), (test - true).mean()


def test_validation_optimism_accepts_the_reference():
    optimism, _, _ = _optimism(40)
    assert optimism < 0  # the winner's validation error is optimistic
    assert check.validation_optimism(optimism).passed is True


def test_validation_optimism_names_typical_mistakes():
    optimism, against_test, test_gap = _optimism(40)
    small, _, _ = _optimism(10)
    assert abs(optimism) < abs(small)  # a larger validation set is less optimistic
    for wrong, phrase in (
        (-optimism, "sign"),
        (against_test, "reported test MSE"),
        (test_gap, "*test* MSE"),
        (small, "10 points"),
    ):
        verdict = check.validation_optimism(wrong)
        assert verdict.passed is False and phrase in verdict.message
        assert f"{optimism:.4g}" not in verdict.message.split(":", 1)[1]
    verdict = check.validation_optimism(optimism - 0.05)
    assert verdict.passed is False and "is not right. Winning validation MSE" in verdict.message


def test_validation_optimism_unfinished_and_not_a_number():
    assert check.validation_optimism(...).unfinished
    verdict = check.validation_optimism("small")
    assert verdict.passed is False and "number" in verdict.message


@pytest.mark.parametrize("bad", [None, "split", (1, 2), 3.0])
def test_validation_degree_answers_a_bad_split_with_a_verdict(split, bad):
    verdict = check.validation_degree(3, bad)
    assert (
        verdict.passed is False and "split must be the data.Split of Section 7" in verdict.message
    )


def test_validation_degree_answers_a_broken_split_with_a_verdict(split):
    broken = data.Split(**{**vars(split), "y_train": split.y_train[:-2]})
    verdict = check.validation_degree(3, broken)
    assert verdict.passed is False and "could not recompute the exercise" in verdict.message


def test_validation_degree_takes_whole_numbers_with_floating_noise(split):
    dev = best_degree_by(split, "dev")
    assert check.validation_degree(dev + 4e-16, split).passed is True
    assert check.validation_degree(dev + 0.5, split).passed is False  # half a degree is no degree


def test_weight_decay_peak_answers_bad_notebook_objects_with_verdicts(small_features):
    features, split, sizes = small_features
    for args in [(None, split, sizes), (features, None, sizes), (features, split, "sizes")]:
        verdict = check.weight_decay_peak(0.1, *args)
        assert verdict.passed is False and "could not recompute the exercise" in verdict.message
