"""The "check yourself" exercises of notebook 01 (generalization).

Each function takes what the student wrote and returns a :class:`~helpers.check.Verdict`; the
reference is :mod:`helpers.generalization`, and ``mistakes`` turn typical errors into specific
feedback. Value checks never print the expected value.
"""

from __future__ import annotations

import numpy as np

from helpers import data
from helpers import generalization as gen
from helpers.check import Verdict, call, check_function, check_value, typed

__all__ = [
    "DEGREES",
    "OPTIMISM",
    "WEIGHT_DECAY",
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


# The degrees exercise 2 compares (least squares on Legendre features).
DEGREES = range(13)

# The time the recomputation of an experiment from the notebook's objects may take (the
# notebook's own objects need well under a second).
RECOMPUTE_LIMIT = 30.0


def _recomputed(experiment, *args) -> tuple | str:
    """``experiment(*args)``, run on the notebook's objects, or what went wrong, in words."""
    run = call(experiment, *args, limit=RECOMPUTE_LIMIT)
    if run.late:
        return f"could not recompute the exercise within {RECOMPUTE_LIMIT:g} s"
    if run.error is not None:
        return f"could not recompute the exercise: {type(run.error).__name__}: {run.error}"
    return run.value


def _degree_choices(split) -> dict[str, int]:
    """The degree with the smallest MSE on each of the training, validation and test sets, each
    polynomial fitted on the training set."""
    picks = {}
    for name in ("train", "dev", "test"):
        x_eval, y_eval = getattr(split, f"x_{name}"), getattr(split, f"y_{name}")
        errors = []
        for d in DEGREES:
            w = gen.ridge(gen.polynomial_features(split.x_train, d), split.y_train, 0.0)
            errors.append(float(gen.mse(gen.polynomial_features(x_eval, d) @ w, y_eval)))
        if not np.all(np.isfinite(errors)):
            raise ValueError(f"the {name} errors are not finite numbers: {errors}")
        picks[name] = DEGREES[int(np.argmin(errors))]
    return picks


def validation_degree(answer, split) -> Verdict:
    """Exercise: the polynomial degree (least squares, Legendre features on [−1, 1], degrees 0 to
    12) with the smallest MSE on the validation set ``split.x_dev, split.y_dev`` after fitting on
    the training set; ``split`` is the notebook's :class:`helpers.data.Split`."""
    exercise = "degree chosen on the validation set"
    if answer is None or answer is Ellipsis:  # not answered: no need to fit anything
        return check_value(exercise, answer, 0.0)
    if not isinstance(split, data.Split):
        return Verdict(
            exercise,
            False,
            f"split must be the data.Split of Section 7 (data.train_dev_test), got {typed(split)}.",
        )
    pick = _recomputed(_degree_choices, split)
    if isinstance(pick, str):
        return Verdict(exercise, False, f"{pick}. Is split still the one of Section 7?")
    return check_value(
        exercise,
        answer,
        pick["dev"],
        atol=1e-6,  # a whole number: only the exact degree passes
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


# Exercise 3 fits the read-out with this weight decay.
WEIGHT_DECAY = 1e-3


def _peak_sweeps(features, split, sizes) -> tuple:
    """The sweep with weight decay, the minimum-norm read-out at N = n, and the index of N = n."""
    if not isinstance(split, tuple | list) or len(split) != 4:
        raise TypeError(
            "split must be (x_train, labels_train, x_test, labels_test), like belkin_split, "
            f"got {typed(split)}"
        )
    if not isinstance(sizes, list | tuple | range | np.ndarray):
        raise TypeError(f"sizes must be a list of feature counts, got {typed(sizes)}")
    n, sizes = len(split[0]), [int(N) if isinstance(N, int | np.integer) else N for N in sizes]
    if n not in sizes:
        raise ValueError(f"sizes must include N = n = {n}, the interpolation threshold")
    ridge = gen.feature_sweep(features, *split, sizes, lam=WEIGHT_DECAY)
    plain = gen.feature_sweep(features, *split, [n])
    return ridge, plain, sizes.index(n)


def weight_decay_peak(answer, features, split, sizes) -> Verdict:
    """Exercise: the test 0-1 error at the interpolation threshold ``N = n`` of the random-feature
    classifier of Section 8.1 when the read-out is fitted with weight decay ``λ = 10⁻³``
    (:data:`WEIGHT_DECAY`) instead of the minimum-norm solution. ``features``, ``split =
    (x_train, labels_train, x_test, labels_test)`` and ``sizes`` are the notebook's."""
    exercise = "weight decay at the interpolation threshold"
    if answer is None or answer is Ellipsis:  # not answered: no need to run the experiment
        return check_value(exercise, answer, 0.0)
    sweeps = _recomputed(_peak_sweeps, features, split, sizes)
    if isinstance(sweeps, str):
        return Verdict(exercise, False, f"{sweeps}. Are rff, belkin_split and sizes unchanged?")
    ridge, plain, j = sweeps
    mistakes = [
        (
            float(plain.test_error[0]),
            "that is the peak of the minimum-norm read-out (lam = 0). Run feature_sweep again "
            f"with lam={WEIGHT_DECAY:g}.",
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


# Exercise 4: the study of Section 7 with 40 validation points instead of 10.
OPTIMISM = {"seed": 4, "sizes": (30, 40, 10), "trials": 500, "degree": 9}


def _optimism(n_dev: int) -> tuple[float, float, float]:
    """Means over the study of :data:`OPTIMISM` with ``n_dev`` validation points: winning
    validation MSE − true error, − reported test MSE, and reported test MSE − true error."""
    n_train, _, n_test = OPTIMISM["sizes"]
    study = gen.selection_trials(
        gen.wavy,
        np.random.default_rng(OPTIMISM["seed"]),
        lams=np.logspace(-3, 1, 33),
        degree=OPTIMISM["degree"],
        sizes=(n_train, n_dev, n_test),
        trials=OPTIMISM["trials"],
    )
    chosen, reported, true = study.pick("dev")
    winner = study.dev[np.arange(chosen.size), chosen]
    return (
        float(np.mean(winner - true)),
        float(np.mean(winner - reported)),
        float(np.mean(reported - true)),
    )


def validation_optimism(answer) -> Verdict:
    """Exercise: the mean over the trials of :data:`OPTIMISM` of (the winning validation MSE −
    the winner's true generalization error) when λ is chosen among 33 values (10⁻³ … 10) on a
    validation set, in :func:`~helpers.generalization.selection_trials` with the sizes of
    :data:`OPTIMISM` and ``np.random.default_rng(seed)``."""
    exercise = "optimism of the winning validation error"
    if answer is None or answer is Ellipsis:  # not answered: no need to run the study
        return check_value(exercise, answer, 0.0)
    expected, against_test, test_gap = _optimism(OPTIMISM["sizes"][1])
    small, _, _ = _optimism(10)
    return check_value(
        exercise,
        answer,
        expected,
        rtol=0.0,
        atol=5e-4,
        mistakes=[
            (-expected, "the sign is flipped: compute validation MSE − true error."),
            (
                against_test,
                "you compared with the reported test MSE, itself a noisy 10-point estimate; "
                "compare with the true error (the third value of study.pick).",
            ),
            (
                test_gap,
                "that is the bias of the reported *test* MSE; the question is about the "
                "validation MSE that won (study.dev at the chosen index).",
            ),
            (small, "that is the value for a validation set of 10 points: change sizes."),
        ],
        hint="Winning validation MSE: study.dev[np.arange(trials), chosen]; subtract the true "
        "error of the chosen model and average.",
    )
