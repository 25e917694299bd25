"""The "check yourself" exercises of notebook 01 (generalization).

Each function takes what the student wrote and returns a :class:`~helpers.check.Verdict`; the
reference is :mod:`helpers.generalization`, and ``mistakes`` turn typical errors into specific
feedback. Value checks never print the expected value.
"""

from __future__ import annotations

import numpy as np

from helpers import generalization as gen
from helpers.check import Verdict, check_function, check_value

__all__ = [
    "ridge_solution",
    "validation_degree",
    "validation_optimism",
    "weight_decay_peak",
]


def _ridge_cases():
    rng = np.random.default_rng(101)
    X1, y1 = rng.standard_normal((6, 3)), rng.standard_normal(6)
    X2, y2 = rng.standard_normal((12, 4)), rng.standard_normal(12)
    X3, y3 = rng.standard_normal((4, 7)), rng.standard_normal(4)  # more features than examples
    return [(X1, y1, 0.5), (X2, y2, 0.05), (X3, y3, 0.2)]


def _solve(X, y, matrix):
    return np.linalg.solve(matrix, X.T @ y)


def _gram(X):
    return X.T @ X


def _n(X):
    return X.shape[0]


def _eye(X):
    return np.eye(X.shape[1])


def ridge_solution(fn) -> Verdict:
    """Exercise: ``fn(X, y, lam)`` = the weights minimising ``(1/n)‖Xw − y‖² + λ‖w‖²``
    (every weight penalised), for ``X`` (n, p), ``y`` (n,) and ``lam > 0``."""
    return check_function(
        "ridge (L2-regularized) least squares",
        fn,
        lambda X, y, lam: gen.ridge(X, y, lam),
        _ridge_cases(),
        mistakes=[
            (
                lambda X, y, lam: _solve(X, y, _gram(X) + lam * _eye(X)),
                "this minimises the *sum* ‖Xw − y‖² + λ‖w‖². With the mean (1/n)‖Xw − y‖² "
                "the penalty enters the normal equations as nλ.",
            ),
            (
                lambda X, y, lam: _solve(X, y, _gram(X) + _n(X) * lam),
                "you added nλ to every entry of XᵀX; add it to the diagonal only (nλ·I).",
            ),
            (
                lambda X, y, lam: _solve(X, y, _gram(X) - _n(X) * lam * _eye(X)),
                "the sign is flipped: the penalty makes XᵀX larger (XᵀX + nλI), not smaller.",
            ),
            (
                lambda X, y, lam: np.linalg.lstsq(X, y, rcond=None)[0],
                "λ has no effect in your answer: that is plain least squares.",
            ),
        ],
        hint="Set the gradient (2/n)Xᵀ(Xw − y) + 2λw to zero and solve for w.",
    )


def validation_degree(answer, split, degrees=range(13)) -> Verdict:
    """Exercise: the polynomial degree (least squares, Legendre features on [−1, 1]) with the
    smallest MSE on the validation set ``split.x_dev, split.y_dev`` after fitting on the
    training set; ``split`` is a :class:`helpers.data.Split`."""
    degrees = list(degrees)
    errors = {}
    for name in ("train", "dev", "test"):
        x_eval, y_eval = getattr(split, f"x_{name}"), getattr(split, f"y_{name}")
        errors[name] = []
        for d in degrees:
            w = gen.ridge(gen.polynomial_features(split.x_train, d), split.y_train, 0.0)
            errors[name].append(float(gen.mse(gen.polynomial_features(x_eval, d) @ w, y_eval)))
    pick = {name: degrees[int(np.argmin(e))] for name, e in errors.items()}
    return check_value(
        "degree chosen on the validation set",
        answer,
        pick["dev"],
        atol=0.5,
        rtol=0.0,
        mistakes=[
            (
                pick["test"],
                "that degree is best on the *test* set. Choosing with the test set spends it: "
                "its error is then no longer an honest estimate. Use split.x_dev / split.y_dev.",
            ),
            (
                pick["train"],
                "that degree is best on the *training* set, which always prefers more "
                "capacity. Compare the errors on the validation set instead.",
            ),
        ],
        hint="Fit each degree on the training set and compare the MSE on split.x_dev, split.y_dev.",
    )


def weight_decay_peak(answer, features, split, sizes, lam: float = 1e-3) -> Verdict:
    """Exercise: the test 0-1 error at the interpolation threshold ``N = n`` of the random-feature
    classifier of Section 8.1 when the read-out is fitted with weight decay ``lam`` instead of
    the minimum-norm solution. ``split = (x_train, labels_train, x_test, labels_test)``."""
    exercise = "weight decay at the interpolation threshold"
    if answer is None or answer is Ellipsis:  # not answered: no need to run the experiment
        return check_value(exercise, answer, 0.0)
    try:
        n, sizes = len(split[0]), list(sizes)  # split = (x_train, labels_train, …)
        ridge = gen.feature_sweep(features, *split, sizes, lam=lam)
        plain = gen.feature_sweep(features, *split, [n])
        j = sizes.index(n)
    except (TypeError, ValueError) as err:  # the notebook's objects were changed
        return Verdict(exercise, False, f"could not recompute the experiment: {err}")
    mistakes = [
        (
            float(plain.test_error[0]),
            "that is the peak of the minimum-norm read-out (lam = 0). Run feature_sweep again "
            f"with lam={lam:g}.",
        ),
        (
            float(ridge.train_error[j]),
            "that is the error on the training set; the question is about the test set.",
        ),
        (
            float(ridge.test_loss[j]),
            "that is the test squared loss; the question asks for the 0-1 error (test_error).",
        ),
        (
            float(ridge.test_error.max()),
            "that is the largest test error over all N, reached by a tiny model that underfits. "
            "Read the entry at N = n.",
        ),
        (100 * float(ridge.test_error[j]), "give the error as a fraction, not in percent."),
    ]
    return check_value(
        exercise,
        answer,
        float(ridge.test_error[j]),
        rtol=0.0,
        atol=5e-4,
        mistakes=mistakes,
        hint="Take test_error of the sweep with weight decay at the index of N = n in sizes.",
    )


def validation_optimism(
    answer, *, seed: int = 4, sizes=(30, 40, 10), trials: int = 500, degree: int = 9
) -> Verdict:
    """Exercise: the mean over ``trials`` studies of (the winning validation MSE − the winner's
    true generalization error) when λ is chosen among 33 values (10⁻³ … 10) on a validation
    set, in :func:`~helpers.generalization.selection_trials` with ``sizes`` and
    ``np.random.default_rng(seed)``."""
    exercise = "optimism of the winning validation error"
    if answer is None or answer is Ellipsis:  # not answered: no need to run the study
        return check_value(exercise, answer, 0.0)
    lams = np.logspace(-3, 1, 33)

    def optimism(sizes_):
        study = gen.selection_trials(
            gen.wavy,
            np.random.default_rng(seed),
            lams=lams,
            degree=degree,
            sizes=sizes_,
            trials=trials,
        )
        chosen, reported, true = study.pick("dev")
        winner = study.dev[np.arange(chosen.size), chosen]
        return np.mean(winner - true), np.mean(winner - reported), np.mean(reported - true)

    expected, against_test, test_gap = optimism(tuple(sizes))
    small, _, _ = optimism((sizes[0], 10, sizes[2]))
    return check_value(
        exercise,
        answer,
        float(expected),
        rtol=0.0,
        atol=5e-4,
        mistakes=[
            (float(-expected), "the sign is flipped: compute validation MSE − true error."),
            (
                float(against_test),
                "you compared with the reported test MSE, itself a noisy 10-point estimate; "
                "compare with the true error (the third value of study.pick).",
            ),
            (
                float(test_gap),
                "that is the bias of the reported *test* MSE; the question is about the "
                "validation MSE that won (study.dev at the chosen index).",
            ),
            (
                float(small),
                "that is the value for a validation set of 10 points: change sizes.",
            ),
        ],
        hint="Winning validation MSE: study.dev[np.arange(trials), chosen]; subtract the true "
        "error of the chosen model and average.",
    )
