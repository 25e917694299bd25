"""Generalization: capacity, regularization, validation and double descent, in NumPy.

The first part of Milan Straka's NPFL114 lecture 2 "Training Neural Networks": a model is fitted
on a training set drawn from a data-generating distribution and judged on a test set drawn from
the same distribution. This module holds the models and fits that notebook 01 uses to show it.

- Models: :func:`polynomial_features` (degree = capacity), :class:`RandomFourierFeatures`
  (Rahimi & Recht 2007; Belkin et al. 2019) and a two-layer ReLU network (:func:`width_sweep`).
- Fits of a linear model ``ŷ = Xw``: :func:`least_squares` (one solution, ``p ≤ n``),
  :func:`min_norm_least_squares` (the smallest-norm solution, any ``p``), :func:`ridge`
  (L2 regularization / weight decay) and :func:`gradient_descent_path` (gradient descent in
  closed form); :func:`effective_parameters` measures effective capacity;
  :func:`weight_decay_step` is one gradient step of weight decay and
  :func:`early_stopping_lambda` the weight decay that early stopping mimics.
- Experiments: :func:`capacity_sweep` (DL book Fig 5.3), :func:`bias_variance` and
  :func:`selection_trials` (validation vs test set), each vectorised over many random draws;
  :func:`feature_sweep`
  (Belkin's double descent); :func:`width_sweep` (Nakkiran's model-wise double descent: networks
  trained by :func:`helpers.optimizers.descend`); the no-free-lunch enumeration
  :func:`off_training_set_errors`.

Shapes: ``X`` is ``(..., n, p)`` — ``n`` examples, ``p`` features, optional leading batch axes
(independent problems solved at once); ``y`` is ``(..., n)`` or ``(..., n, k)`` for ``k``
outputs. Symbols follow the lecture and the DL book (Goodfellow, Bengio & Courville 2016, ch. 5):
the regularized objective is ``J(w) = MSE_train(w) + λ‖w‖²`` (DL book eq. 5.18).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from helpers import backprop, data, losses, validate
from helpers.optimizers import Adam, descend

__all__ = [
    "CapacitySweep",
    "FeatureSweep",
    "RandomFourierFeatures",
    "SelectionTrials",
    "WidthSweep",
    "bias_variance",
    "binary_vectors",
    "capacity_sweep",
    "contrarian",
    "early_stopping_lambda",
    "effective_parameters",
    "feature_sweep",
    "generalization_error",
    "gradient_descent_path",
    "least_squares",
    "majority_vote",
    "min_norm_least_squares",
    "mlp_parameter_count",
    "mse",
    "nearest_neighbour",
    "off_training_set_errors",
    "pca",
    "polynomial_errors",
    "polynomial_features",
    "population_mse",
    "ridge",
    "ridge_path",
    "selection_trials",
    "smoothness",
    "squared_loss",
    "true_quadratic",
    "wavy",
    "weight_decay_step",
    "width_sweep",
    "zero_one_error",
]


# ---------------------------------------------------------------------------------------------
# The two data-generating functions of the notebook


def true_quadratic(x):
    """``f(x) = 1 − 0.5x + 0.75x²``: the true function behind DL book Fig 5.2 and 5.5."""
    x = validate.array("x", x)
    return 1.0 - 0.5 * x + 0.75 * x**2


def wavy(x):
    """``f(x) = sin(πx) + 0.5x``: a target no low-degree polynomial fits (used for Fig 5.3)."""
    x = validate.array("x", x)
    return np.sin(np.pi * x) + 0.5 * x


# ---------------------------------------------------------------------------------------------
# Argument checks (the generic ones are in helpers.validate)


def _design(X, y) -> tuple[np.ndarray, np.ndarray, bool]:
    """Validate ``X`` (..., n, p) and ``y`` (..., n) or (..., n, k); return y with a k axis."""
    X, y = validate.array("X", X), validate.array("y", y)
    if X.ndim < 2:
        raise ValueError(f"X must have shape (..., n, p), got {X.shape}")
    vector = y.ndim == X.ndim - 1
    if not vector and y.ndim != X.ndim:
        raise ValueError(
            f"y must have shape (..., n) or (..., n, k) to match X of shape (..., n, p) = "
            f"{X.shape}, got {y.shape}"
        )
    Y = y[..., None] if vector else y
    if Y.shape[-2] != X.shape[-2]:
        raise ValueError(
            f"X and y must have the same number of examples n, got {X.shape[-2]} rows in X "
            f"and {Y.shape[-2]} in y"
        )
    return X, Y, vector


def _classification_data(x_train, labels_train, x_test, labels_test):
    """Validate a training and a test set of inputs (n, d) with integer labels.

    The classes are ``0 … k − 1``, each of them in the training labels. Returns the four as
    arrays and the number of classes ``k``."""
    x_train = validate.array("x_train", x_train, ndim=2)
    x_test = validate.array("x_test", x_test, ndim=2)
    if x_test.shape[1] != x_train.shape[1]:
        raise ValueError(
            f"x_test must have d = {x_train.shape[1]} columns like x_train, got shape "
            f"{x_test.shape}"
        )
    labels_train = validate.labels("labels_train", labels_train, len(x_train))
    classes = np.unique(labels_train)
    k = len(classes)
    if classes[-1] != k - 1:  # some class below the largest label never occurs
        missing = int(np.flatnonzero(classes != np.arange(k))[0])
        raise ValueError(
            f"labels_train must use each class 0, 1, …, k − 1 at least once (k = "
            f"{int(classes[-1]) + 1}, one more than the largest label); class {missing} "
            "never occurs"
        )
    labels_test = validate.labels("labels_test", labels_test, len(x_test), k)
    return x_train, labels_train, x_test, labels_test, k


def _counts(name: str, values, low: int, high: int | None = None) -> np.ndarray:
    """A non-empty list of integers in ``low … high`` (degrees, widths, sizes) as an array."""
    values = np.ravel(values).tolist()  # Python ints (and floats, bools… which are refused)
    counts = np.array([validate.integer(name, v, low, high) for v in values], dtype=int)
    if counts.size == 0:
        raise ValueError(f"{name} is empty: give at least one")
    return counts


def _done(w: np.ndarray, vector: bool) -> np.ndarray:
    return w[..., 0] if vector else w


def _lams(lams) -> np.ndarray:
    """A non-empty list of weight decays λ ≥ 0."""
    lams = validate.array("lams", lams, ndim=1)
    if np.any(lams < 0):
        raise ValueError(f"lams must be weight decays λ ≥ 0, got {lams[lams < 0][0]:g}")
    return lams


# ---------------------------------------------------------------------------------------------
# Polynomial models


def polynomial_features(x, degree: int, *, interval=(-1.0, 1.0), basis: str = "legendre"):
    """Features ``φ_j(x)``, ``j = 0..degree``, of a polynomial model ``ŷ = Σ_j w_j φ_j(x)``.

    ``x``: any shape ``(...)``; returns shape ``(..., degree + 1)``. ``x`` is first mapped
    linearly from ``interval = (low, high)`` to ``u ∈ [−1, 1]``; ``basis="legendre"`` gives the
    Legendre polynomials ``P_j(u)`` (well conditioned, so degree 12 or more stays exact),
    ``"monomial"`` gives ``u^j``. Both span the same functions (polynomials of the given degree),
    so a least-squares fit is the same curve in either basis; the minimum-norm and ridge
    solutions are not, since they measure ``‖w‖`` in the chosen basis. Column 0 is constant.
    Features of a lower degree are the first columns of a higher one.
    """
    degree = validate.integer("degree", degree, 0)
    if basis not in ("legendre", "monomial"):
        raise ValueError(f"basis must be 'legendre' or 'monomial', got {basis!r}")
    low, high = validate.interval("interval", interval)
    x = validate.array("x", x)
    u = (2.0 * x - (low + high)) / (high - low)
    if basis == "legendre":
        return np.polynomial.legendre.legvander(u, degree)
    return np.polynomial.polynomial.polyvander(u, degree)


# ---------------------------------------------------------------------------------------------
# Fits of a linear model ŷ = Xw


def least_squares(X, y) -> np.ndarray:
    """The weights ``w`` minimising ``‖Xw − y‖²`` when they are unique (QR decomposition).

    ``X``: (..., n, p) with ``p ≤ n`` and full column rank; ``y``: (..., n) or (..., n, k).
    Returns ``w`` of shape (..., p) or (..., p, k). With more features than examples
    (``p > n``) infinitely many ``w`` fit the data exactly; this raises ``ValueError`` and
    points to :func:`min_norm_least_squares` (which picks the smallest one) or :func:`ridge`.
    """
    X, Y, vector = _design(X, y)
    n, p = X.shape[-2:]
    if p > n:
        raise ValueError(
            f"X has p = {p} features (columns) but only n = {n} examples (rows): infinitely "
            "many weight vectors fit the data exactly, so least_squares has no unique answer. "
            "Use min_norm_least_squares(X, y) for the smallest of them, or ridge(X, y, lam) "
            "with lam > 0."
        )
    Q, R = np.linalg.qr(X)
    diag = np.abs(np.diagonal(R, axis1=-2, axis2=-1))
    if np.any(diag <= 1e-12 * np.maximum(diag.max(axis=-1, keepdims=True), 1e-300)):
        raise ValueError(
            "X does not have full column rank (some features are linear combinations of "
            "others, e.g. repeated x values with a high degree): least_squares has no unique "
            "answer. Use min_norm_least_squares(X, y) or ridge(X, y, lam) with lam > 0."
        )
    w = np.linalg.solve(R, np.swapaxes(Q, -1, -2) @ Y)
    return _done(w, vector)


def min_norm_least_squares(X, y, *, method: str = "svd") -> np.ndarray:
    """The minimum-norm least-squares weights ``w = X⁺y`` (Moore–Penrose pseudo-inverse).

    Among all ``w`` minimising ``‖Xw − y‖²`` it is the one with the smallest ``‖w‖``. With
    ``p ≤ n`` and full column rank that is the unique least-squares solution; with ``p ≥ n``
    and full row rank it *interpolates* the training data (``Xw = y``) — the solution that
    Belkin et al. (2019) follow past the interpolation threshold, and the limit of
    :func:`ridge` as ``λ → 0⁺``. ``X``: (..., n, p), any ``p``; ``y``: (..., n) or (..., n, k).

    ``method="svd"`` (default) uses ``numpy.linalg.pinv``: robust, also for rank-deficient
    ``X``. ``method="gram"`` solves with the smaller Gram matrix — ``(XᵀX)⁻¹Xᵀy`` for
    ``p < n``, ``X⁻¹y`` for ``p = n``, ``Xᵀ(XXᵀ)⁻¹y`` for ``p > n`` — several times faster for
    wide ``X`` but it needs full rank and squares the condition number; it raises
    ``ValueError`` when the Gram matrix is singular.
    """
    if method not in ("svd", "gram"):
        raise ValueError(f"method must be 'svd' or 'gram', got {method!r}")
    X, Y, vector = _design(X, y)
    if method == "svd":
        return _done(np.linalg.pinv(X) @ Y, vector)
    n, p = X.shape[-2:]
    Xt = np.swapaxes(X, -1, -2)
    try:
        if p < n:
            w = np.linalg.solve(Xt @ X, Xt @ Y)
        elif p == n:
            w = np.linalg.solve(X, Y)
        else:
            w = Xt @ np.linalg.solve(X @ Xt, Y)
    except np.linalg.LinAlgError:
        raise ValueError(
            "X does not have full rank, so its Gram matrix is singular: use "
            "method='svd' (the default) or ridge(X, y, lam) with lam > 0"
        ) from None
    return _done(w, vector)


def ridge(X, y, lam: float, *, intercept: bool = False) -> np.ndarray:
    """L2-regularized least squares (weight decay): ``argmin_w (1/n)‖Xw − y‖² + λ‖w‖²``.

    The DL book's eq. 5.18 (``J(w) = MSE_train + λ wᵀw``); setting the gradient
    ``(2/n)Xᵀ(Xw − y) + 2λw`` to zero gives ``w = (XᵀX + nλI)⁻¹ Xᵀy``. With ``p > n`` the
    equivalent ``w = Xᵀ(XXᵀ + nλI)⁻¹ y`` (a smaller system) is used. ``intercept=True`` leaves
    ``w_0`` (the constant column 0) unpenalised, so a large ``λ`` shrinks the fit towards a
    constant instead of towards 0. ``lam = 0`` returns :func:`min_norm_least_squares`.

    ``X``: (..., n, p); ``y``: (..., n) or (..., n, k); ``lam ≥ 0``. Returns (..., p[, k]).
    """
    lam = validate.nonnegative("lam", lam)
    intercept = validate.flag("intercept", intercept)
    if lam == 0.0:
        return min_norm_least_squares(X, y)
    X, Y, vector = _design(X, y)
    n, p = X.shape[-2:]
    Xt = np.swapaxes(X, -1, -2)
    if p > n and not intercept:
        w = Xt @ np.linalg.solve(X @ Xt + n * lam * np.eye(n), Y)
    else:
        penalty = np.eye(p)
        if intercept:
            penalty[0, 0] = 0.0
        w = np.linalg.solve(Xt @ X + n * lam * penalty, Xt @ Y)
    return _done(w, vector)


def ridge_path(X, y, lams, *, intercept: bool = False) -> np.ndarray:
    """:func:`ridge` for each ``λ`` in ``lams``: an array of shape ``(len(lams), ..., p[, k])``."""
    lams = _lams(lams)
    return np.stack([ridge(X, y, float(lam), intercept=intercept) for lam in lams])


def effective_parameters(X, lam: float, *, intercept: bool = False) -> float:
    """Effective number of parameters of a :func:`ridge` fit: ``tr(X (XᵀX + nλD)⁻¹ Xᵀ)``.

    The trace of the "hat" matrix mapping training targets to fitted values (Hastie,
    Tibshirani & Friedman, *Elements of Statistical Learning*, eq. 3.50): with SVD singular
    values ``s_i`` of ``X`` (and every weight penalised) it is ``Σ_i s_i² / (s_i² + nλ)``.
    It equals the rank of ``X`` (at most ``p``, the *representational* count) at ``λ = 0``
    and falls towards 0 (towards 1 with ``intercept=True``) as ``λ`` grows. ``X``: (n, p).
    """
    lam = validate.nonnegative("lam", lam)
    intercept = validate.flag("intercept", intercept)
    X = validate.array("X", X, ndim=2)
    if lam == 0.0:
        return float(np.linalg.matrix_rank(X))
    n, p = X.shape
    penalty = np.eye(p)
    if intercept:
        penalty[0, 0] = 0.0
    gram = X.T @ X
    return float(np.trace(np.linalg.solve(gram + n * lam * penalty, gram)))


# ---------------------------------------------------------------------------------------------
# Errors


def mse(predictions, targets, axis=-1) -> np.ndarray:
    """The lecture's mean squared error ``(1/n) Σ_i (ŷ_i − y_i)²``, averaged along ``axis``.

    Batched: ``predictions`` (..., n) against ``targets`` broadcastable to it gives (...) —
    many fits scored at once. (:func:`helpers.losses.mean_squared_error` is the same loss for
    one batch, with its gradient, for training.)
    """
    predictions = validate.array("predictions", predictions)
    targets = validate.array("targets", targets)
    if validate.broadcast("predictions", predictions, "targets", targets) != predictions.shape:
        raise ValueError(
            f"targets of shape {targets.shape} must broadcast to the shape of predictions, "
            f"{predictions.shape}"
        )
    if axis is not None:
        axis = validate.integer("axis", axis, -predictions.ndim, predictions.ndim - 1)
    return np.mean((predictions - targets) ** 2, axis=axis)


def squared_loss(outputs, labels) -> np.ndarray:
    """Mean over examples of ``‖f(x) − e_y‖²``, the squared loss of ``k`` outputs against the
    one-hot vector ``e_y`` of the label (Belkin et al. 2019). ``outputs`` (..., n, k), ``labels``
    (n,) ints; returns (...)."""
    outputs, labels = _scored(outputs, labels)
    onehot = data.one_hot(labels, outputs.shape[-1])
    return np.mean(np.sum((outputs - onehot) ** 2, axis=-1), axis=-1)


def zero_one_error(outputs, labels) -> np.ndarray:
    """Classification error: the fraction of examples whose largest output is not the label.

    ``outputs`` (..., n, k), ``labels`` (n,) ints; returns (...)."""
    outputs, labels = _scored(outputs, labels)
    return np.mean(np.argmax(outputs, axis=-1) != labels, axis=-1)


def _scored(outputs, labels) -> tuple[np.ndarray, np.ndarray]:
    """Outputs (..., n, k) of a classifier and the n labels, each in 0 … k − 1."""
    outputs = validate.array("outputs", outputs)
    if outputs.ndim < 2:
        raise ValueError(f"outputs must have shape (..., n, k), got {outputs.shape}")
    n, k = outputs.shape[-2:]
    if np.ndim(labels) == 1 and len(labels) != n:
        raise ValueError(
            f"labels must hold one label per example: n = {n} for outputs of shape "
            f"(..., n, k) = {outputs.shape}, got {len(labels)} labels"
        )
    return outputs, validate.labels("labels", labels, n, k)


# ---------------------------------------------------------------------------------------------
# Capacity sweep (DL book Fig 5.3)


@dataclass(frozen=True)
class CapacitySweep:
    """Train and test MSE of polynomial fits: ``train``/``test`` of shape (draws, degrees).

    Each row is one training set drawn from the data-generating distribution; ``noise`` is the
    noise standard deviation, so ``noise²`` is the smallest test MSE any model can reach.
    """

    degrees: np.ndarray
    train: np.ndarray
    test: np.ndarray
    noise: float

    def medians(self) -> tuple[np.ndarray, np.ndarray]:
        """Median train and test MSE per degree (robust to the rare wild fit at high degree)."""
        return np.median(self.train, axis=0), np.median(self.test, axis=0)

    @property
    def best_degree(self) -> int:
        """The degree with the smallest median test error: the optimal capacity."""
        return int(self.degrees[_smallest(self.medians()[1], "median test error")])


def _smallest(errors: np.ndarray, what: str, axis: int = -1) -> np.ndarray:
    """The index of the smallest error along ``axis``, NaN never chosen (``np.argmin`` would
    pick a NaN); ``ValueError`` when no error along it is a number."""
    if np.isnan(errors).all(axis=axis).any():
        raise ValueError(f"no candidate has a {what} that is a number: nothing to choose")
    return np.argmin(np.where(np.isnan(errors), np.inf, errors), axis=axis)


def capacity_sweep(
    f: Callable,
    degrees: Sequence[int],
    n: int,
    rng: np.random.Generator,
    *,
    noise: float,
    draws: int = 200,
    n_test: int = 2000,
    interval=(-1.0, 1.0),
    lam: float = 0.0,
    basis: str = "legendre",
) -> CapacitySweep:
    """Fit polynomials of each degree to ``draws`` independent training sets of ``n`` points.

    Training sets and one test set of ``n_test`` points come from the same distribution:
    ``x ~ U(interval)``, ``y = f(x) + noise·N(0, 1)`` (:func:`helpers.data.regression_1d`).
    Fits are :func:`ridge` with ``lam`` (``lam = 0``: least squares, minimum-norm once
    ``degree + 1 > n``) on :func:`polynomial_features` of the given ``basis``, solved for all
    draws at once.
    """
    degrees = _counts("degrees", degrees, 0)
    n, draws = validate.integer("n", n, 1), validate.integer("draws", draws, 1)
    n_test = validate.integer("n_test", n_test, 1)
    low, high = validate.interval("interval", interval)
    x, y = data.regression_1d(f, n * draws, rng, noise=noise, low=low, high=high)
    x, y = x.reshape(draws, n), y.reshape(draws, n)
    x_test, y_test = data.regression_1d(f, n_test, rng, noise=noise, low=low, high=high)
    train, test, _ = polynomial_errors(
        x, y, x_test, y_test, degrees, lam=lam, interval=interval, basis=basis
    )
    return CapacitySweep(degrees, train, test, float(noise))


def polynomial_errors(
    x,
    y,
    x_test,
    y_test,
    degrees: Sequence[int],
    *,
    lam: float = 0.0,
    intercept: bool = False,
    interval=(-1.0, 1.0),
    basis: str = "legendre",
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Fit a polynomial of each degree to ``(x, y)`` with :func:`ridge` and score it.

    ``x``, ``y``: (..., n), leading axes being independent training sets fitted at once;
    ``x_test``, ``y_test``: (m,). Returns ``train`` and ``test`` MSE of shape
    (..., len(degrees)) and the weights of each degree, a list of (..., degree + 1) arrays.
    """
    degrees = _counts("degrees", degrees, 0)
    x, y = validate.array("x", x), validate.array("y", y)
    x_test, y_test = validate.array("x_test", x_test, ndim=1), validate.array("y_test", y_test)
    for name, a, like, b in (("y", y, "x", x), ("y_test", y_test, "x_test", x_test)):
        if a.shape != b.shape or a.ndim == 0:
            raise ValueError(
                f"{name} must have the shape of {like}, one target per input: {b.shape}, "
                f"got {a.shape}"
            )
    top = max(degrees)
    phi, phi_test = (
        polynomial_features(v, top, interval=interval, basis=basis) for v in (x, x_test)
    )
    train = np.empty((*y.shape[:-1], len(degrees)))
    test = np.empty((*y.shape[:-1], len(degrees)))
    weights = []
    for j, d in enumerate(degrees):
        w = ridge(phi[..., : d + 1], y, lam, intercept=intercept)  # (..., d + 1)
        train[..., j] = mse(np.einsum("...np,...p->...n", phi[..., : d + 1], w), y)
        test[..., j] = mse(w @ phi_test[:, : d + 1].T, y_test)
        weights.append(w)
    return train, test, weights


def bias_variance(
    f: Callable,
    degrees: Sequence[int],
    n: int,
    rng: np.random.Generator,
    *,
    noise: float,
    draws: int = 2000,
    interval=(-1.0, 1.0),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The bias–variance decomposition of the expected test MSE of least-squares polynomials.

    Over ``draws`` training sets of ``n`` points (as in :func:`capacity_sweep`) the prediction
    ``ŷ(x)`` of a degree-``d`` fit varies; with ``ȳ(x)`` its mean over training sets,
    ``E[(ŷ(x) − y)²] = (ȳ(x) − f(x))² + Var ŷ(x) + σ²`` at every ``x`` (DL book §5.4.4).
    Returns ``bias²`` = E_x[(ȳ − f)²], ``variance`` = E_x[Var ŷ] (each (len(degrees),),
    averaged over ``x ~ U(interval)`` by Gauss–Legendre quadrature) and the mean exact
    :func:`generalization_error` over the draws, which equals ``bias² + variance + σ²``.
    """
    degrees = _counts("degrees", degrees, 0)
    n, draws = validate.integer("n", n, 1), validate.integer("draws", draws, 2)
    low, high = validate.interval("interval", interval)
    x, y = data.regression_1d(f, n * draws, rng, noise=noise, low=low, high=high)
    nodes, weights = np.polynomial.legendre.leggauss(64)
    u = 0.5 * (low + high) + 0.5 * (high - low) * nodes  # quadrature nodes in the interval
    f_u = validate.returned("f", f(u), u.shape)
    bias2, variance, error = (np.empty(degrees.size) for _ in range(3))
    for j, d in enumerate(degrees):
        phi = polynomial_features(x.reshape(draws, n), d, interval=interval)
        w = ridge(phi, y.reshape(draws, n), 0.0)  # (draws, d + 1)
        pred = w @ polynomial_features(u, d, interval=interval).T  # (draws, 64)
        bias2[j] = ((pred.mean(axis=0) - f_u) ** 2) @ weights / 2.0
        variance[j] = pred.var(axis=0) @ weights / 2.0
        error[j] = np.mean(((pred - f_u) ** 2) @ weights / 2.0) + float(noise) ** 2
    return bias2, variance, error


# ---------------------------------------------------------------------------------------------
# Choosing a hyperparameter: validation set vs test set


@dataclass(frozen=True)
class SelectionTrials:
    """Errors of every candidate ``λ`` in many independent repetitions of one study.

    ``dev``, ``test``: MSE on the small validation and test sets, shape (trials, len(lams));
    ``true``: the generalization error each fitted candidate actually has (computed exactly).
    """

    lams: np.ndarray
    dev: np.ndarray
    test: np.ndarray
    true: np.ndarray

    def pick(self, by: str = "dev") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Choose ``λ`` in each trial by the smallest ``by`` error (``"dev"`` or ``"test"``).

        Returns the chosen index, the *reported* test error of the chosen model, and its
        *true* generalization error, each of shape (trials,).
        """
        if by not in ("dev", "test"):
            raise ValueError(f"by must be 'dev' or 'test', got {by!r}")
        chosen = _smallest(self.dev if by == "dev" else self.test, f"{by} error", axis=1)
        rows = np.arange(len(chosen))
        return chosen, self.test[rows, chosen], self.true[rows, chosen]


def generalization_error(predict: Callable, f: Callable, noise: float, interval=(-1.0, 1.0)):
    """The exact expected test MSE ``E[(ŷ(x) − y)²] = E_x[(ŷ(x) − f(x))²] + noise²`` for
    ``x ~ U(interval)``, ``y = f(x) + noise·N(0, 1)``.

    ``predict`` maps an array of inputs (m,) to predictions (..., m); the average over ``x`` is
    a 64-node Gauss–Legendre quadrature, exact for polynomial ``ŷ − f`` up to degree 63 and
    accurate to rounding error for smooth ``f`` such as :func:`wavy`. Returns shape (...).
    """
    predict = validate.function("predict", predict, "a function of x")
    f = validate.function("f", f, "a function of x")
    noise = validate.nonnegative("noise", noise)
    low, high = validate.interval("interval", interval)
    nodes, weights = np.polynomial.legendre.leggauss(64)
    x = 0.5 * (low + high) + 0.5 * (high - low) * nodes
    predictions = validate.returned("predict", predict(x), x.shape, batched=True)
    return (predictions - validate.returned("f", f(x), x.shape)) ** 2 @ (weights / 2.0) + noise**2


def selection_trials(
    f: Callable,
    rng: np.random.Generator,
    *,
    lams: Sequence[float],
    degree: int,
    sizes: tuple[int, int, int] = (30, 10, 10),
    noise: float = 0.3,
    trials: int = 1000,
    interval=(-1.0, 1.0),
) -> SelectionTrials:
    """Repeat ``trials`` times: draw train/dev/test sets of ``sizes`` points from the same
    distribution as :func:`capacity_sweep`, fit a degree-``degree`` ridge model (Legendre
    features, unpenalised intercept) for every ``λ`` in ``lams``, and record each candidate's
    dev and test MSE and its exact :func:`generalization_error`. Vectorised over trials."""
    lams = _lams(lams)
    trials = validate.integer("trials", trials, 1)
    sizes = _counts("sizes", sizes, 1)
    if sizes.size != 3:
        raise ValueError(f"sizes must be (n_train, n_dev, n_test), got {sizes.tolist()}")
    n_train, n_dev, n_test = sizes.tolist()
    total = n_train + n_dev + n_test
    low, high = validate.interval("interval", interval)
    x, y = data.regression_1d(f, trials * total, rng, noise=noise, low=low, high=high)
    x, y = x.reshape(trials, total), y.reshape(trials, total)
    phi = polynomial_features(x, degree, interval=interval)
    dev_end = n_train + n_dev
    W = ridge_path(phi[:, :n_train], y[:, :n_train], lams, intercept=True)  # (L, trials, p)
    pred = np.einsum("tnp,ltp->tln", phi, W)  # (trials, L, total)
    dev = mse(pred[..., n_train:dev_end], y[:, None, n_train:dev_end])
    test = mse(pred[..., dev_end:], y[:, None, dev_end:])

    def predict(u):
        return np.swapaxes(W, 0, 1) @ polynomial_features(u, degree, interval=interval).T

    return SelectionTrials(lams, dev, test, generalization_error(predict, f, noise, interval))


# ---------------------------------------------------------------------------------------------
# Random features and double descent (Belkin et al. 2019)


@dataclass(frozen=True)
class RandomFourierFeatures:
    """Random Fourier features ``φ(x) = sqrt(2/N)·cos(xV + b)`` (Rahimi & Recht 2007).

    ``weights`` V: (d, N_max) with entries ``N(0, 1/σ²)``; ``offsets`` b: (N_max,) uniform on
    ``[0, 2π)``. For large ``N``, ``φ(x)·φ(x')`` approaches the Gaussian kernel
    ``exp(−‖x − x'‖² / 2σ²)``. Calling with ``n_features = N`` uses the first ``N`` columns, so
    smaller models are nested in larger ones, as in Belkin et al. (2019), Fig 2.
    """

    weights: np.ndarray
    offsets: np.ndarray

    def __post_init__(self):
        weights = validate.array("weights", self.weights, ndim=2)
        offsets = validate.array("offsets", self.offsets, ndim=1)
        if offsets.shape != weights.shape[1:]:
            raise ValueError(
                f"offsets must hold one offset per feature, {weights.shape[1]}, got {offsets.size}"
            )
        object.__setattr__(self, "weights", weights)  # a frozen dataclass: set once, here
        object.__setattr__(self, "offsets", offsets)

    @classmethod
    def draw(
        cls, n_inputs: int, n_features: int, rng: np.random.Generator, *, bandwidth: float = 2.0
    ) -> RandomFourierFeatures:
        """Draw ``V`` and ``b`` for inputs of dimension ``n_inputs`` and up to ``n_features``."""
        n_inputs = validate.integer("n_inputs", n_inputs, 1)
        n_features = validate.integer("n_features", n_features, 1)
        bandwidth = validate.positive("bandwidth", bandwidth)
        rng = validate.rng(rng)
        weights = rng.standard_normal((n_inputs, n_features)) / bandwidth
        return cls(weights, rng.uniform(0.0, 2.0 * np.pi, n_features))

    @property
    def max_features(self) -> int:
        return self.weights.shape[1]

    def __call__(self, x, n_features: int | None = None) -> np.ndarray:
        """Features of ``x`` (n, d): shape (n, n_features), default all ``N_max``."""
        N = self.max_features
        if n_features is not None:  # at most the number of features drawn
            N = validate.integer("n_features", n_features, 1, self.max_features)
        x = validate.array("x", x, ndim=2)
        if x.shape[-1] != self.weights.shape[0]:
            raise ValueError(
                f"x must have {self.weights.shape[0]} input dimensions, got shape {x.shape}"
            )
        return np.sqrt(2.0 / N) * np.cos(x @ self.weights[:, :N] + self.offsets[:N])


@dataclass(frozen=True)
class FeatureSweep:
    """Results of :func:`feature_sweep`, one entry per number of features ``N`` in ``sizes``:
    0-1 ``*_error``, squared ``*_loss`` (:func:`squared_loss`) and the weight norm ``‖a‖``."""

    sizes: np.ndarray
    n_train: int
    train_error: np.ndarray
    test_error: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray
    norm: np.ndarray


def feature_sweep(
    features: RandomFourierFeatures,
    x_train,
    labels_train,
    x_test,
    labels_test,
    sizes: Sequence[int],
    *,
    lam: float = 0.0,
) -> FeatureSweep:
    """Fit a random-feature classifier with ``N`` features for every ``N`` in ``sizes``.

    Each class gets a linear read-out ``a`` of the first ``N`` features, fitted to one-hot
    targets by :func:`ridge` (``lam = 0``: the minimum-norm solution, which interpolates the
    training set once ``N ≥ n``). The test error peaks at the interpolation threshold
    ``N = n`` and falls again beyond it: double descent (Belkin et al. 2019, Fig 2).
    The labels are classes ``0 … k − 1``, each of which occurs in ``labels_train``.
    """
    if not isinstance(features, RandomFourierFeatures):
        raise TypeError(
            "features must be RandomFourierFeatures (RandomFourierFeatures.draw(d, N, rng)), "
            f"got {type(features).__name__}"
        )
    lam = validate.nonnegative("lam", lam)
    x_train, labels_train, x_test, labels_test, k = _classification_data(
        x_train, labels_train, x_test, labels_test
    )
    if x_train.shape[1] != features.weights.shape[0]:
        raise ValueError(
            f"x_train must have the {features.weights.shape[0]} input dimensions the features "
            f"were drawn for, got shape {x_train.shape}"
        )
    sizes = _counts("sizes", sizes, 1, features.max_features)  # at most the features drawn
    targets = data.one_hot(labels_train, k)
    top = int(sizes.max())
    phi, phi_test = features(x_train, top), features(x_test, top)
    fits = [_fit_read_out(phi, phi_test, N, targets, lam) for N in sizes]  # (a, fit, pred)
    return FeatureSweep(
        sizes,
        len(x_train),
        train_error=np.array([zero_one_error(fit, labels_train) for _, fit, _ in fits]),
        test_error=np.array([zero_one_error(pred, labels_test) for _, _, pred in fits]),
        train_loss=np.array([squared_loss(fit, labels_train) for _, fit, _ in fits]),
        test_loss=np.array([squared_loss(pred, labels_test) for _, _, pred in fits]),
        norm=np.array([np.linalg.norm(a) for a, _, _ in fits]),
    )


def _fit_read_out(phi, phi_test, N: int, targets, lam: float):
    """The read-out ``a`` (N, k) of the first ``N`` random features fitted to ``targets`` (n, k),
    and the outputs ``φ(x)a`` on the training and the test inputs.

    ``phi``, ``phi_test``: the features of a larger model, scaled by ``sqrt(2/N_max)``; their
    first ``N`` columns times ``sqrt(N_max/N)`` are the features ``sqrt(2/N)·cos(xV + b)`` of
    the model with ``N``.
    """
    rescale = np.sqrt(phi.shape[1] / N)
    train, test = phi[:, :N] * rescale, phi_test[:, :N] * rescale
    if lam > 0:
        a = ridge(train, targets, lam)
    else:  # random features are well conditioned: the fast Gram path is accurate
        a = min_norm_least_squares(train, targets, method="gram")
    return a, train @ a, test @ a


# ---------------------------------------------------------------------------------------------
# Model-wise double descent in a trained network (Nakkiran et al. 2019)


def pca(x, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The mean (d,) and the top-``k`` principal directions (d, k) of ``x`` (n, d).

    Project any data onto them with ``(x − mean) @ directions``."""
    x = validate.array("x", x, ndim=2)
    k = validate.integer("k", k, 1, min(x.shape))  # at most min(n, d) directions exist
    mean = x.mean(axis=0)
    _, _, vt = np.linalg.svd(x - mean, full_matrices=False)
    return mean, vt[:k].T


def mlp_parameter_count(n_inputs: int, width: int, n_outputs: int) -> int:
    """Weights and biases of a network ``d → width → k``: ``width·(d + 1) + k·(width + 1)``."""
    d, h = validate.integer("n_inputs", n_inputs, 1), validate.integer("width", width, 1)
    k = validate.integer("n_outputs", n_outputs, 1)
    return h * (d + 1) + k * (h + 1)


def _two_layer_init(d: int, h: int, k: int, rng, output_scale: float) -> list[np.ndarray]:
    """Parameters ``[W₁, b₁, W₂, b₂]`` of a network ``d → h → k``: He-normal ``W₁`` (d, h),
    ``W₂ ~ output_scale·N(0, 1/h)`` (h, k) and zero biases."""
    W1 = rng.standard_normal((d, h)) * np.sqrt(2.0 / d)
    W2 = rng.standard_normal((h, k)) * output_scale / np.sqrt(h)
    return [W1, np.zeros(h), W2, np.zeros(k)]


def _two_layer(x, params) -> np.ndarray:
    """Outputs ``relu(xW₁ + b₁)W₂ + b₂`` (n, k) of the network ``params = [W₁, b₁, W₂, b₂]``
    for inputs ``x`` (n, d)."""
    W1, b1, W2, b2 = params
    return backprop.dense_forward(backprop.relu(backprop.dense_forward(x, W1, b1)), W2, b2)


def _two_layer_gradients(x, targets, params) -> tuple[float, list[np.ndarray]]:
    """Backpropagation for :func:`_two_layer` with the loss ``mean((output − targets)²)`` (mean
    over the n·k entries). Returns the loss and its gradients, aligned with ``params``."""
    W1, b1, W2, b2 = params
    z = backprop.dense_forward(x, W1, b1)  # hidden pre-activations
    h = backprop.relu(z)
    output = backprop.dense_forward(h, W2, b2)
    loss, d_output = losses.mean_squared_error(output, targets)
    dh, dW2, db2 = backprop.dense_backward(d_output, h, W2)
    dz = dh * backprop.relu_grad(z)
    _, dW1, db1 = backprop.dense_backward(dz, x, W1, input_grad=False)
    return loss, [dW1, db1, dW2, db2]


def _train_two_layer(params, x, targets, steps, learning_rate, record, x_test, labels_test):
    """Train ``params`` in place by full-batch Adam for ``steps`` steps; return the test error
    after each of the ``record`` steps (sorted, each ≤ ``steps``)."""
    optimizer = Adam(learning_rate)

    def objective(step):
        return _two_layer_gradients(x, targets, params)

    done, history = 0, []
    for stop in [*record, steps]:  # train up to each recorded step, then measure
        descend(objective, params, optimizer, stop - done, first_step=done)
        done = stop
        history.append(zero_one_error(_two_layer(x_test, params), labels_test))
    return history[:-1]


@dataclass(frozen=True)
class WidthSweep:
    """Results of :func:`width_sweep`: errors of shape (seeds, widths) after the last step,
    and ``history`` of test errors at ``record_steps``, shape (seeds, widths, len(record_steps))."""

    widths: np.ndarray
    parameters: np.ndarray
    train_error: np.ndarray
    test_error: np.ndarray
    train_loss: np.ndarray
    record_steps: np.ndarray
    history: np.ndarray


def width_sweep(
    x_train,
    labels_train,
    x_test,
    labels_test,
    widths: Sequence[int],
    rng: np.random.Generator,
    *,
    seeds: int = 3,
    steps: int = 1000,
    learning_rate: float = 0.01,
    output_scale: float = 0.1,
    record_steps: Sequence[int] = (),
) -> WidthSweep:
    """Train two-layer ReLU networks ``x → relu(xW₁ + b₁)W₂ + b₂`` of each width.

    Squared loss on one-hot targets (mean over examples and outputs), full-batch Adam
    (:class:`helpers.optimizers.Adam`) on every layer, ``seeds`` independent initialisations
    per width (He-normal ``W₁``; ``W₂ ~ output_scale·N(0, 1/width)``; zero biases), each
    network trained on its own by :func:`helpers.optimizers.descend`, which raises
    :class:`helpers.DivergenceError` if a loss stops being finite. ``record_steps`` lists steps
    (after that many updates) at which the test error of every network is recorded. The labels
    are classes ``0 … k − 1``, each of which occurs in ``labels_train``.
    """
    x_train, labels_train, x_test, labels_test, k = _classification_data(
        x_train, labels_train, x_test, labels_test
    )
    widths, rng = _counts("widths", widths, 1), validate.rng(rng)
    seeds, steps = validate.integer("seeds", seeds, 1), validate.integer("steps", steps, 1)
    learning_rate = validate.learning_rate(learning_rate)
    output_scale = validate.positive("output_scale", output_scale)
    record = sorted({validate.integer("record_steps", t, 0, steps) for t in np.ravel(record_steps)})
    targets = data.one_hot(labels_train, k)
    d = x_train.shape[1]
    shape = (seeds, widths.size)
    train_error, test_error, train_loss = np.empty(shape), np.empty(shape), np.empty(shape)
    history = np.empty((*shape, len(record)))
    for j, h in enumerate(widths):
        for s in range(seeds):
            params = _two_layer_init(d, h, k, rng, output_scale)
            history[s, j] = _train_two_layer(
                params, x_train, targets, steps, learning_rate, record, x_test, labels_test
            )
            outputs = _two_layer(x_train, params)
            train_error[s, j] = zero_one_error(outputs, labels_train)
            test_error[s, j] = zero_one_error(_two_layer(x_test, params), labels_test)
            train_loss[s, j] = mse(outputs, targets, axis=None)
    parameters = np.array([mlp_parameter_count(d, int(h), k) for h in widths])
    record = np.array(record, dtype=int)
    return WidthSweep(widths, parameters, train_error, test_error, train_loss, record, history)


# ---------------------------------------------------------------------------------------------
# Epoch-wise double descent: its mechanism in a linear model


def gradient_descent_path(X, y, steps, learning_rate: float | None = None) -> np.ndarray:
    """Weights after ``t`` steps of gradient descent on the MSE ``(1/n)‖Xw − y‖²`` from ``w = 0``.

    With ``H = (2/n)XᵀX = Σ_i h_i v_i v_iᵀ`` and ``g = (2/n)Xᵀy``, the update
    ``w ← w − α(Hw − g)`` has the closed form ``w_t = Σ_i (1 − (1 − αh_i)^t)·(v_iᵀg / h_i)·v_i``:
    each eigendirection is learned at its own speed ``αh_i`` — large-scale features first,
    small-scale ones much later. ``X``: (n, p); ``y``: (n,); ``steps``: step counts ``t ≥ 0``.
    ``learning_rate`` α defaults to ``1/h_max`` and must lie in ``(0, 2/h_max)``, where plain
    gradient descent converges. Returns ``W`` of shape (len(steps), p).
    """
    X, Y, vector = _design(X, y)
    if X.ndim != 2 or not vector:
        raise ValueError(f"X must be (n, p) and y (n,), got {X.shape} and {np.shape(y)}")
    t = _counts("steps", steps, 0)
    n = X.shape[0]
    h, V = np.linalg.eigh(2.0 / n * X.T @ X)
    h_max = float(h[-1])
    alpha = 1.0 / h_max
    if learning_rate is not None:
        converges = (
            f"a number in (0, 2/h_max) = (0, {2.0 / h_max:.4g}), where gradient descent "
            f"converges (h_max = {h_max:.4g}, the largest curvature)"
        )
        alpha = validate.real(
            "learning_rate", learning_rate, converges, lambda a: 0 < a < 2 / h_max
        )
    g = V.T @ (2.0 / n * X.T @ Y[:, 0])
    live = h > 1e-12 * h_max
    safe = np.where(live, h, 1.0)
    shrink = 1.0 - (1.0 - alpha * h[None, :]) ** t[:, None].astype(float)
    coef = np.where(live, shrink * g / safe, alpha * t[:, None] * g)  # h → 0: α·t·g
    return coef @ V.T


def weight_decay_step(w, X, y, lam: float, learning_rate: float) -> np.ndarray:
    """One gradient-descent step on ``J(w) = (1/n)‖Xw − y‖² + λ‖w‖²``, written as
    ``w ← (1 − 2αλ)·w − α·∇MSE(w)`` with ``∇MSE(w) = (2/n)Xᵀ(Xw − y)``: before the usual step
    the weights are multiplied by ``1 − 2αλ`` — they *decay* (DL book §7.1.1).
    ``w``: (p,); ``X``: (n, p); ``y``: (n,)."""
    X, y, vector = _design(X, y)
    if X.ndim != 2 or not vector:
        raise ValueError(f"X must be (n, p) and y (n,), got {X.shape} and {np.shape(y)}")
    y = y[:, 0]
    w = validate.array("w", w, ndim=1)
    if w.shape != X.shape[1:]:
        raise ValueError(f"w must hold one weight per column of X, {X.shape[1]}, got {w.size}")
    lam = validate.nonnegative("lam", lam)
    learning_rate = validate.positive("learning_rate", learning_rate)
    grad_mse = 2.0 / len(y) * X.T @ (X @ w - y)
    return (1.0 - 2.0 * learning_rate * lam) * w - learning_rate * grad_mse


def early_stopping_lambda(steps, learning_rate: float) -> np.ndarray:
    """The weight decay ``λ ≈ 1/(2αt)`` that early stopping after ``t`` gradient steps of size
    ``α`` mimics (DL book §7.8, eq. 7.44 ``α_L² ≈ 1/(τε)`` with their ``α_L²/2·‖w‖²`` written
    as ``λ‖w‖²``). Along an eigendirection of curvature ``h`` both keep a fraction of the
    least-squares weight: ``1 − (1 − αh)^t`` for early stopping, ``h/(h + 2λ)`` for weight
    decay. With ``λ = 1/(2αt)`` both keep nearly all of the directions with ``h ≫ 1/(αt)``,
    about ``αht`` of those with ``h ≪ 1/(αt)``, and switch in between. ``steps``: t ≥ 1."""
    t = validate.array("steps", steps)
    if np.any(t <= 0):
        raise ValueError(f"steps must be step counts t > 0, got {t[t <= 0].flat[0]:g}")
    return 1.0 / (2.0 * validate.positive("learning_rate", learning_rate) * t)


def population_mse(W, w_true, scales, noise: float) -> np.ndarray:
    """Expected test MSE of linear weights ``W`` (..., p) on fresh data ``x ~ N(0, diag(s²))``,
    ``y = x·w* + noise·N(0, 1)``: ``Σ_j s_j²(w_j − w*_j)² + noise²`` (an exact expectation)."""
    W = validate.array("W", W)
    w_true = validate.array("w_true", w_true, ndim=1)
    scales = validate.array("scales", scales, ndim=1)
    for name, v in (("w_true", w_true), ("scales", scales)):
        if W.ndim == 0 or v.shape != W.shape[-1:]:
            raise ValueError(
                f"{name} must hold one number per column of W (shape {W.shape}), got shape "
                f"{v.shape}"
            )
    if np.any(scales <= 0):
        raise ValueError(f"scales must be positive, got {scales[scales <= 0][0]:g}")
    noise = validate.nonnegative("noise", noise)
    return np.sum(scales**2 * (W - w_true) ** 2, axis=-1) + noise**2


# ---------------------------------------------------------------------------------------------
# No free lunch (Wolpert 1996): an exact enumeration over a tiny input space


def binary_vectors(m: int) -> np.ndarray:
    """All ``2^m`` vectors in ``{0, 1}^m`` as rows of an int array (2**m, m), in binary order."""
    m = validate.integer("m", m, 1, 20)  # 2^m rows
    return (np.arange(2**m)[:, None] >> np.arange(m - 1, -1, -1)) & 1


def _learner_data(x_train, y_train, x_query):
    """Training inputs (n, d) with their labels 0 or 1 (n,), and query inputs (q, d)."""
    x_train = validate.array("x_train", x_train, ndim=2)
    y_train = validate.labels("y_train", y_train, len(x_train), 2)
    x_query = validate.array("x_query", x_query, ndim=2)
    if x_query.shape[1] != x_train.shape[1]:
        raise ValueError(
            f"x_query must have d = {x_train.shape[1]} columns like x_train, got shape "
            f"{x_query.shape}"
        )
    return x_train, y_train, x_query


def majority_vote(x_train, y_train, x_query) -> np.ndarray:
    """Predict the most common training label everywhere (label 0 on a tie)."""
    x_train, y_train, x_query = _learner_data(x_train, y_train, x_query)
    label = int(2 * np.sum(y_train) > len(y_train))
    return np.full(len(x_query), label)


def contrarian(x_train, y_train, x_query) -> np.ndarray:
    """Predict the *least* common training label everywhere: a deliberately odd learner."""
    return 1 - majority_vote(x_train, y_train, x_query)  # which checks the arguments


def nearest_neighbour(x_train, y_train, x_query) -> np.ndarray:
    """Predict by a majority vote of the closest training inputs (Hamming distance).

    Every training input at the smallest distance votes, so no input is preferred for its
    position in the list; only an even split of the votes is a tie, and it gives label 0.
    """
    x_train, y_train, x_query = _learner_data(x_train, y_train, x_query)
    dist = np.abs(x_query[:, None, :] - x_train[None, :, :]).sum(-1)
    nearest = dist == dist.min(axis=1, keepdims=True)  # (queries, training inputs)
    votes_for_1 = nearest @ y_train
    return (2 * votes_for_1 > nearest.sum(axis=1)).astype(int)


def off_training_set_errors(learner: Callable, inputs, train) -> np.ndarray:
    """Off-training-set error of ``learner`` for every possible labelling of ``inputs``.

    ``inputs``: (m, d), the whole (finite) input space; ``train``: indices of the inputs in
    the training set. For each of the ``2^m`` target functions ``f: inputs → {0, 1}`` the
    learner sees ``(inputs[train], f(inputs[train]))`` and predicts the other inputs via
    ``learner(x_train, y_train, x_query)``; the error is the fraction of those it gets wrong.
    Returns shape (2**m,), in the order of :func:`binary_vectors`.
    """
    learner = validate.function("learner", learner, "a function (x_train, y_train, x_query)")
    m = len(validate.array("inputs", inputs, ndim=2))
    if m > 20:
        raise ValueError(f"inputs must have at most 20 rows (2**m labellings), got {m}")
    inputs = np.asarray(inputs)  # the learner sees them as given (0/1 integers, say)
    train = _counts("train", train, 0, m - 1)
    if len(set(train.tolist())) != train.size:
        raise ValueError(f"train must list distinct indices, got {train.tolist()}")
    query = np.setdiff1d(np.arange(m), train)
    if query.size == 0:
        raise ValueError("train covers every input: no off-training-set input is left")
    labellings = binary_vectors(m)
    errors = np.empty(len(labellings))
    for i, labels in enumerate(labellings):
        guess = learner(inputs[train], labels[train], inputs[query])
        errors[i] = np.mean(validate.returned("learner", guess, query.shape) != labels[query])
    return errors


def smoothness(inputs, labellings) -> np.ndarray:
    """For each labelling, the fraction of neighbouring input pairs (Hamming distance 1) that
    share a label: 1 for a constant function, 0 for parity. ``inputs`` (m, d) of 0/1,
    ``labellings`` (L, m); returns (L,)."""
    inputs = validate.array("inputs", inputs, ndim=2)
    if np.any((inputs != 0) & (inputs != 1)):
        raise ValueError("inputs must hold only 0s and 1s (points of {0, 1}^d)")
    labellings = validate.array("labellings", labellings, ndim=2)
    if labellings.shape[1] != len(inputs):
        raise ValueError(
            f"labellings must have one column per input, {len(inputs)}, got shape "
            f"{labellings.shape}"
        )
    dist = np.abs(inputs[:, None, :] - inputs[None, :, :]).sum(-1)
    i, j = np.nonzero(np.triu(dist == 1))
    if i.size == 0:
        raise ValueError("inputs has no pair of neighbours at Hamming distance 1")
    return np.mean(labellings[:, i] == labellings[:, j], axis=1)
