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
    "interpolation_threshold",
    "parameter_count",
    "ridge_solution",
    "threshold_width",
    "validation_degree",
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


def interpolation_threshold(answer) -> Verdict:
    """Exercise: the number of random features ``N`` at which the test error of minimum-norm
    random-feature regression on ``n = 200`` training digits (10 classes, one-hot targets)
    peaks."""
    return check_value(
        "interpolation threshold",
        answer,
        200.0,
        rtol=0.0,
        atol=0.5,
        mistakes=[
            (
                2000.0,
                "that is n·K. Each of the K outputs has its own read-out of the same N "
                "features and must fit n targets; all K can fit exactly once N reaches n.",
            ),
            (
                64.0,
                "that is the number of pixels, the input dimension. The random features are "
                "a new representation whose size N we choose freely.",
            ),
            (
                300.0,
                "that is the threshold of the example with 300 training images; here n differs.",
            ),
        ],
        hint="At the threshold the read-out has just enough weights to fit every training "
        "target exactly.",
    )


def parameter_count(fn) -> Verdict:
    """Exercise: ``fn(d, width, k)`` = the number of weights and biases of a network with
    ``d`` inputs, one hidden layer of ``width`` units and ``k`` outputs."""
    return check_function(
        "parameters of a two-layer network",
        fn,
        gen.mlp_parameter_count,
        [(16, 48, 10), (64, 100, 10), (2, 5, 1)],
        mistakes=[
            (
                lambda d, h, k: h * (d + k),
                "the biases are missing: each hidden unit and each output has one.",
            ),
            (
                lambda d, h, k: h * (d + 1) + k * h,
                "the output layer's k biases are missing.",
            ),
            (
                lambda d, h, k: h * d + k * (h + 1),
                "the hidden layer's biases are missing (one per hidden unit).",
            ),
            (
                lambda d, h, k: (d + 1) * (h + 1) * (k + 1),
                "parameters of consecutive layers add up; they do not multiply.",
            ),
        ],
        hint="Layer d → h has a d×h weight matrix and h biases; then h → k.",
    )


def threshold_width(answer, *, d: int = 16, k: int = 10, n: int = 100) -> Verdict:
    """Exercise: the smallest hidden width at which a network ``d → width → k`` has at least
    ``n·k`` parameters (the interpolation threshold of Section 8.2)."""
    target = n * k
    widths = np.arange(1, target + 1)
    counts = np.array([gen.mlp_parameter_count(d, h, k) for h in widths])
    width = int(widths[np.argmax(counts >= target)])
    without_biases = int(widths[np.argmax(widths * (d + k) >= target)])
    mistakes = [
        (width - 1, "one short: that width still has fewer than n·K parameters."),
        (n, "that is the number of training examples n, not a width."),
    ]
    if without_biases != width:
        mistakes.append(
            (without_biases, "that ignores the biases; count them too (your n_parameters).")
        )
    return check_value(
        "width at the interpolation threshold",
        answer,
        width,
        rtol=0.0,
        atol=0.5,
        mistakes=mistakes,
        hint=f"Find the smallest width with n_parameters({d}, width, {k}) >= {target}.",
    )
