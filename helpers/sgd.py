"""Gradient descent and its stochastic versions, convexity, and loss landscapes (notebook 03).

Milan Straka, NPFL114 lecture 2 "Training Neural Networks", sections *Gradient Descent*,
*Stochastic Gradient Descent Convergence* and *Loss Function Visualization*.

- **Learning rates**: every function here takes a positive number or a schedule of
  :mod:`helpers.schedules`. The lecture's step sizes ``α_i = c/i^p`` are
  :class:`helpers.schedules.PowerDecay`; :func:`satisfies_robbins_monro` says for which ``p``
  they meet the Robbins–Monro conditions ``Σα = ∞``, ``Σα² < ∞``, and
  :func:`helpers.schedules.robbins_monro_sums` computes the partial sums.
- **Conditioning**: :func:`quadratic_rate` (how fast gradient descent shrinks the error of a
  quadratic) and :func:`optimal_step` (the best fixed rate, set by the condition number κ).
- **Training loops**, each :func:`helpers.optimizers.descend` (the course's one training loop,
  with its divergence check) driving :class:`helpers.optimizers.SGD` or the optimizer given:
  :func:`gradient_descent` on a known function (many starts at once); :func:`minibatch_sgd` on a
  finite training set — a model such as :class:`LeastSquares` (e.g. :func:`regression_2d`) or
  :class:`SoftmaxRegression` — with full batch, single example or minibatch, over many runs at
  once; :func:`train_deep_net` for :class:`DeepNet`.
- **Robbins–Monro**: :func:`streaming_least_squares` (SGD on an endless stream of examples,
  several learning rates side by side), :func:`expected_error` its exact expectation and
  :func:`noise_ball` where a constant rate leaves it; :func:`moving_noise_ball` the level a
  slowly decaying rate follows to 0 (the conditions are sufficient, not necessary).
- **Minibatch noise**: :func:`minibatch_gradients` and :func:`gradient_variance`.
- **Convexity**: :class:`Curve` (``x²``, ``eˣ``, ``−log x`` and a bumpy non-convex curve),
  :func:`convexity_gap`, :func:`convexity_check`, :func:`second_derivative`.
- **Loss landscapes** (Li et al. 2018): :func:`two_spirals`, :class:`DeepNet` (plain or
  residual), :func:`filter_normalized_direction`, :func:`loss_surface`, :func:`local_minima`.

Every diverging run raises :class:`helpers.DivergenceError` naming the first step where it
diverged by the course's one rule (:func:`helpers.check_loss`): a loss that is not finite, or
that exceeds ``10⁶ · max(|L₀|, 1)`` for the run's first loss ``L₀``. The exact expectations
(:func:`expected_error`) stop only where they overflow: they are formulas, not runs, and a
decaying rate may legitimately make them grow first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from helpers import DivergenceError, check_loss, schedules, validate
from helpers.backprop import dense_backward, dense_forward
from helpers.data import one_hot
from helpers.generalization import least_squares
from helpers.losses import binary_cross_entropy, log_softmax
from helpers.optimizers import SGD, descend

__all__ = [
    "ConvexityCheck",
    "Curve",
    "DeepNet",
    "LeastSquares",
    "Run",
    "SoftmaxRegression",
    "bumpy",
    "convexity_check",
    "convexity_gap",
    "curves",
    "expected_error",
    "filter_normalized_direction",
    "gradient_descent",
    "gradient_variance",
    "local_minima",
    "loss_surface",
    "minibatch_gradients",
    "minibatch_sgd",
    "moving_noise_ball",
    "noise_ball",
    "optimal_step",
    "quadratic_rate",
    "regression_2d",
    "satisfies_robbins_monro",
    "streaming_least_squares",
    "train_deep_net",
    "two_spirals",
]


def satisfies_robbins_monro(power: float) -> bool:
    """Whether ``α_i = c / i^p`` (any ``c > 0``) meets ``Σα = ∞`` and ``Σα² < ∞``.

    ``Σ 1/i^p`` diverges iff ``p ≤ 1`` and ``Σ 1/i^{2p}`` converges iff ``p > 1/2`` (the p-series
    test), so the conditions hold exactly for ``1/2 < p ≤ 1``. They are sufficient for
    convergence, not necessary: ``False`` means no guarantee, not divergence (``0.1/i^0.4``
    converges on :func:`streaming_least_squares`; see :func:`moving_noise_ball`).
    """
    p = validate.nonnegative("power", power)
    return 0.5 < p <= 1.0


def _record_steps(record, steps: int, default: np.ndarray) -> np.ndarray:
    """The sorted update counts at which a run is measured: ``record``, or ``default``."""
    when = default if record is None else np.unique(np.asarray(record))
    if when.dtype.kind not in "iu":
        raise TypeError(f"record must hold integer update counts, got {record!r}")
    if when.size == 0 or when[0] < 0 or when[-1] > steps:
        raise ValueError(
            f"record must be update counts between 0 and steps={steps}, got {record!r}"
        )
    return when


# --------------------------------------------------------------------------------------------
# gradient descent on a known function


def gradient_descent(fn, x0, learning_rate, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Gradient descent ``θ ← θ − α ∇f(θ)`` on a function with a known gradient.

    ``fn`` is callable (``fn(θ)``) and has ``fn.grad(θ)`` — a :class:`Curve` or a
    :class:`helpers.surfaces.Surface`; both work elementwise, so ``x0`` may hold many starting
    points at once (shape ``(starts,)`` for a curve, ``(starts, 2)`` for a surface).
    ``learning_rate``: a number or a schedule. Returns the points, shape
    ``(steps + 1, *x0.shape)``, and the values ``f``, shape ``(steps + 1, …)``. Raises
    :class:`helpers.DivergenceError` at the first step where the run diverged (the rule of
    :func:`helpers.optimizers.descend`, applied to the mean value over the starts).
    """
    if not (callable(fn) and callable(getattr(fn, "grad", None))):
        raise TypeError(f"fn must be callable and have a .grad method, got {type(fn).__name__}")
    steps = validate.integer("steps", steps, 0)
    theta = validate.array("x0", x0).copy()  # updated in place by the optimizer
    optimizer = SGD(learning_rate)
    points, values = [], []

    def objective(k: int):
        points.append(theta.copy())
        values.append(np.asarray(fn(theta), dtype=np.float64))
        # one loss for the divergence check: the mean over the starts is finite while all are
        return np.mean(values[-1]), np.asarray(fn.grad(theta))

    losses = descend(objective, theta, optimizer, steps)
    with np.errstate(over="ignore", invalid="ignore"):
        loss, _ = objective(steps)  # the point after the last update
    first, last = (losses[0], losses[-1]) if steps else (float(loss), None)
    check_loss(float(loss), steps, first, last)
    return np.array(points), np.array(values)


def _curvatures(curvatures) -> np.ndarray:
    lam = validate.array("curvatures", curvatures, ndim=1)
    if np.any(lam <= 0):
        raise ValueError(f"curvatures must be positive eigenvalues, got {curvatures!r}")
    return lam


def quadratic_rate(learning_rate: float, curvatures) -> float:
    """The factor by which one step of gradient descent shrinks the distance to the minimum of a
    quadratic whose Hessian has eigenvalues ``curvatures`` (``λ_j > 0``), in its worst direction:
    ``max_j |1 − α λ_j|`` (the direction ``j`` of the error is multiplied by ``1 − α λ_j``).
    Below 1 the run converges, geometrically; at 1 or above it does not."""
    alpha = validate.positive("learning_rate", learning_rate)
    lam = _curvatures(curvatures)
    return float(np.max(np.abs(1.0 - alpha * lam)))


def optimal_step(curvatures) -> tuple[float, float]:
    """The learning rate that minimises :func:`quadratic_rate`, ``α* = 2/(λ_min + λ_max)``, and
    that rate, ``(κ − 1)/(κ + 1)`` with the condition number ``κ = λ_max/λ_min``: at ``α*`` the
    steepest and the flattest direction shrink equally fast (Goh, "Why Momentum Really Works",
    Distill 2017)."""
    lam = _curvatures(curvatures)
    low, high = float(lam.min()), float(lam.max())
    kappa = high / low
    return 2.0 / (low + high), (kappa - 1.0) / (kappa + 1.0)


# --------------------------------------------------------------------------------------------
# models on a finite training set, and minibatch SGD


class LeastSquares:
    """Linear regression ``ŷ = xᵀw`` with the lecture's MSE ``J(w) = (1/N) Σ_i (x_iᵀw − y_i)²``.

    ``x``: (N, d), ``y``: (N,). Parameters ``w`` have shape ``(d,)`` or ``(runs, d)``; a batch is
    ``None`` (all N examples) or integer indices of shape ``(runs, m)``.
    """

    def __init__(self, x, y):
        self.x, self.y = validate.array("x", x, ndim=2), validate.array("y", y, ndim=1)
        if len(self.y) != len(self.x):
            raise ValueError(
                f"y must have one value per row of x, got {len(self.y)} for {len(self.x)} rows"
            )
        self.n, self.shape = len(self.x), (self.x.shape[1],)

    def minimum(self) -> np.ndarray:
        """The least-squares solution ``w*`` (shape ``(d,)``)."""
        return least_squares(self.x, self.y)

    def loss_and_grad(self, w, batch=None) -> tuple[np.ndarray, np.ndarray]:
        """Mean loss per run ``(runs,)`` and its gradient ``(2/m) Σ (x_iᵀw − y_i) x_i``."""
        w, single = _runs(w, self.shape)
        if batch is None:
            r = w @ self.x.T - self.y  # (runs, N)
            g = 2.0 * r @ self.x / self.n
        else:
            xb, yb = self.x[_batch(batch, self.n, len(w))], self.y[batch]  # (runs, m, d), …
            r = np.einsum("rmd,rd->rm", xb, w) - yb
            g = 2.0 * np.einsum("rm,rmd->rd", r, xb) / r.shape[1]
        loss = np.mean(r**2, axis=1)
        return (loss[0], g[0]) if single else (loss, g)

    def loss(self, w, batch=None):
        """Mean squared error per run (without the gradient); ``w`` may also be a grid of
        points of shape ``(…, d)`` when ``batch`` is None."""
        if batch is not None:
            return self.loss_and_grad(w, batch)[0]
        w = validate.array("w", w)
        if w.shape[-1:] != self.shape:
            raise ValueError(f"w must have shape (…, {self.shape[0]}), got {w.shape}")
        return np.mean((w @ self.x.T - self.y) ** 2, axis=-1)


class SoftmaxRegression:
    """Multinomial logistic regression: ``softmax(x̃ W)`` with ``x̃ = [x, 1]`` (a bias row in W).

    ``x``: (N, d), ``y``: (N,) ints in ``0 … classes − 1`` (``classes`` defaults to
    ``max(y) + 1``). Parameters ``W`` have shape ``(d + 1, classes)`` or
    ``(runs, d + 1, classes)``. The loss is the mean negative log-likelihood (cross-entropy); it
    is convex in ``W``.
    """

    def __init__(self, x, y, classes: int | None = None):
        x = validate.array("x", x, ndim=2)
        y = validate.labels("y", y, len(x))
        k = int(y.max()) + 1 if classes is None else classes
        k = validate.integer("classes", k, 1)
        self.y, self.classes = validate.labels("y", y, len(x), k), k
        self.x = np.hstack([x, np.ones((len(x), 1))])
        self.n, self.shape = len(x), (x.shape[1] + 1, k)
        self._onehot = one_hot(self.y, k)

    def _log_probs(self, w, batch):
        w, single = _runs(w, self.shape)
        if batch is None:
            xb, tb = self.x, self._onehot  # broadcast over runs
        else:
            batch = _batch(batch, self.n, len(w))
            xb, tb = self.x[batch], self._onehot[batch]  # (runs, m, d+1), (runs, m, K)
        logp = log_softmax(xb @ w)  # (runs, m, K)
        loss = -np.sum(logp * tb, axis=(-2, -1)) / logp.shape[-2]
        return xb, tb, logp, loss, single

    def loss_and_grad(self, w, batch=None) -> tuple[np.ndarray, np.ndarray]:
        """Mean cross-entropy per run and its gradient
        ``(1/m) Σ_i x̃_i (softmax(z_i) − onehot(y_i))ᵀ`` with ``z_i = x̃_iᵀ W``."""
        xb, tb, logp, loss, single = self._log_probs(w, batch)
        g = np.swapaxes(xb, -1, -2) @ (np.exp(logp) - tb) / logp.shape[-2]
        return (loss[0], g[0]) if single else (loss, g)

    def loss(self, w, batch=None):
        """Mean cross-entropy per run (without the cost of the gradient)."""
        *_, loss, single = self._log_probs(w, batch)
        return loss[0] if single else loss


def _runs(w, shape) -> tuple[np.ndarray, bool]:
    w = validate.array("w", w)
    if w.shape == shape:
        return w[None], True
    if w.shape[1:] != shape:
        raise ValueError(
            f"w must have shape {shape} or (runs, {', '.join(map(str, shape))}), got {w.shape}"
        )
    return w, False


def _batch(batch, n: int, runs: int) -> np.ndarray:
    """Minibatch indices: integers in ``0 … n − 1`` of shape ``(runs, m)``."""
    b = np.asarray(batch)
    if b.dtype.kind not in "iu":
        raise TypeError(f"batch must hold integer indices of examples, got dtype {b.dtype}")
    if b.ndim != 2 or len(b) != runs or b.shape[1] == 0:
        raise ValueError(f"batch must have shape ({runs}, m), one row per run, got {b.shape}")
    if b.min() < 0 or b.max() >= n:
        raise ValueError(f"batch must hold indices from 0 to {n - 1}, got {b.min()} … {b.max()}")
    return b


def _model(model):
    """``model`` when it is one :func:`minibatch_sgd` can train: ``n``, ``shape``, ``loss`` and
    ``loss_and_grad`` (a :class:`LeastSquares` or a :class:`SoftmaxRegression`)."""
    needs = ("n", "shape", "loss", "loss_and_grad")
    if not all(hasattr(model, a) for a in needs):
        raise TypeError(
            "model must be a LeastSquares or a SoftmaxRegression (with n, shape, loss and "
            f"loss_and_grad), got {type(model).__name__}"
        )
    return model


def regression_2d(rng: np.random.Generator, n: int = 100, noise: float = 0.5) -> LeastSquares:
    """A two-parameter least-squares problem whose loss is a tilted elliptical bowl.

    ``x₁ ~ N(0, 1)``, ``x₂ = 0.6·x₁ + 0.5·N(0, 1)`` (correlated features, condition number
    about 8), ``y = x₁ + x₂ + noise·N(0, 1)``, so ``w* ≈ (1, 1)``.
    """
    validate.rng(rng)
    n = validate.integer("n", n, 2)
    noise = validate.nonnegative("noise", noise)
    x1 = rng.standard_normal(n)
    x = np.stack([x1, 0.6 * x1 + 0.5 * rng.standard_normal(n)], axis=1)
    return LeastSquares(x, x.sum(axis=1) + noise * rng.standard_normal(n))


@dataclass(frozen=True)
class Run:
    """What :func:`minibatch_sgd` recorded: after ``steps[k]`` updates (``examples[k]`` examples
    seen) the full training loss of each run was ``loss[k]`` (shape ``(records, runs)``);
    ``params`` holds the parameters at those moments (``(records, runs, *shape)``) when asked
    for."""

    steps: np.ndarray
    examples: np.ndarray
    loss: np.ndarray
    params: np.ndarray | None = None

    def __post_init__(self):
        records = len(_counts("steps", self.steps))
        _counts("examples", self.examples, records)
        _records("loss", self.loss, records, ndim=2)  # (records, runs)
        if self.params is not None:
            _records("params", self.params, records)


def _counts(name: str, value, records: int | None = None) -> np.ndarray:
    """A 1-D array of integer counts (one per record, if ``records`` is given)."""
    c = np.asarray(value)
    if c.dtype.kind not in "iu" or c.ndim != 1:
        raise TypeError(f"{name} must be a 1-D array of integer counts, got {value!r}")
    if records is not None and len(c) != records:
        raise ValueError(f"{name} must have one entry per record ({records}), got {len(c)}")
    return c


def _records(name: str, value, records: int, ndim: int | None = None) -> None:
    """Finite numbers, one entry (along the first axis) per record."""
    if records == 0:  # a run that diverged before its first record
        return
    a = validate.array(name, value)
    if a.ndim == 0 or len(a) != records or (ndim is not None and a.ndim != ndim):
        shape = f"({records}, runs)" if ndim == 2 else f"({records}, …)"
        raise ValueError(f"{name} must have shape {shape}, one entry per record, got {a.shape}")


def minibatch_sgd(
    model,
    w0,
    learning_rate,
    batch_size: int,
    steps: int,
    rng: np.random.Generator,
    *,
    runs: int = 1,
    record=None,
    keep_params: bool = False,
) -> Run:
    """Minibatch stochastic gradient descent, ``θ ← θ − α g`` with ``g`` the mean gradient of a
    minibatch of ``m = batch_size`` examples drawn independently and uniformly (with
    replacement) for every update — the lecture's minibatch SGD; ``m = 1`` is stochastic
    (online) gradient descent and ``m = N`` (``model.n``) is batch gradient descent, which uses
    all examples every time.

    ``model`` has ``n``, ``shape``, ``loss(w)`` and ``loss_and_grad(w, batch)``
    (:class:`LeastSquares`, :class:`SoftmaxRegression`); ``learning_rate`` is a number or a
    schedule. ``runs`` independent runs start at ``w0`` and are computed at once, as one
    parameter array of shape ``(runs, *model.shape)``. ``record``: the update counts at which
    the full training loss is evaluated (default every one, ``0 … steps``). Raises
    :class:`helpers.DivergenceError` at the first update where the run diverged (the rule of
    :func:`helpers.optimizers.descend`, applied to the minibatch loss and to each recorded full
    training loss, both as the mean over the runs), with the records before it attached as
    ``error.run``.
    """
    model, optimizer = _model(model), SGD(learning_rate)
    m = validate.integer("batch_size", batch_size, 1, model.n)
    steps, runs = validate.integer("steps", steps, 0), validate.integer("runs", runs, 1)
    w = np.repeat(_start(model, w0)[None], runs, axis=0)  # row r: the parameters of run r
    validate.rng(rng)
    params = [] if validate.flag("keep_params", keep_params) else None
    when = _record_steps(record, steps, np.arange(steps + 1))
    recorded = set(when.tolist())
    first, losses = float(np.mean(model.loss(w))), []  # the full training loss at the start

    def measure(k: int) -> None:  # the full training loss after k updates
        losses.append(model.loss(w))
        if params is not None:
            params.append(w.copy())
        check_loss(float(np.mean(losses[-1])), k, first)

    def objective(k: int):
        if k in recorded:
            measure(k)
        batch = None if m == model.n else rng.integers(model.n, size=(runs, m))
        loss, g = model.loss_and_grad(w, batch)
        return np.mean(loss), g  # the divergence check needs one number: the mean over runs

    try:
        descend(objective, w, optimizer, steps)
        if steps in recorded:
            measure(steps)  # the parameters are finite: an update that overflowed has raised
    except DivergenceError as error:  # the finite part of the run goes with the error
        error.run = _run(when[when < error.step], m, runs, losses, params)
        raise
    return _run(when, m, runs, losses, params)


def _start(model, w0) -> np.ndarray:
    w0 = validate.array("w0", w0)
    if w0.shape != model.shape:
        raise ValueError(f"w0 must have shape {model.shape}, got {w0.shape}")
    return w0


def _run(when: np.ndarray, m: int, runs: int, losses: list, params: list | None) -> Run:
    """The :class:`Run` of the first ``len(when)`` records."""
    n = len(when)
    kept = None if params is None else np.array(params[:n])
    loss = np.array(losses[:n]).reshape(n, runs)
    return Run(steps=when, examples=when * m, loss=loss, params=kept)


def minibatch_gradients(
    model, w, batch_size: int, draws: int, rng: np.random.Generator
) -> np.ndarray:
    """``draws`` independent minibatch gradients at ``w``, each the mean over ``batch_size``
    examples drawn uniformly with replacement. Shape ``(draws, *model.shape)``."""
    model = _model(model)
    w = _runs(w, model.shape)[0][0]  # one point, shape model.shape
    m = validate.integer("batch_size", batch_size, 1, model.n)
    draws = validate.integer("draws", draws, 1)
    validate.rng(rng)
    chunk = max(1, 50_000 // m)  # bounds the memory of one gathered batch
    out = np.empty((draws, *model.shape))
    for start in range(0, draws, chunk):
        r = min(chunk, draws - start)
        batch = rng.integers(model.n, size=(r, m))
        out[start : start + r] = model.loss_and_grad(np.repeat(w[None], r, axis=0), batch)[1]
    return out


def gradient_variance(model, w) -> float:
    """``tr Σ = (1/N) Σ_i ‖∇L_i(w) − ∇J(w)‖²``: the total variance of a one-example gradient.

    A minibatch of ``m`` examples drawn independently has total variance ``tr Σ / m``.
    """
    model = _model(model)
    w = _runs(w, model.shape)[0][0]  # one point, shape model.shape
    full = model.loss_and_grad(w)[1]
    each = model.loss_and_grad(np.repeat(w[None], model.n, axis=0), np.arange(model.n)[:, None])[1]
    return float(np.mean(np.sum((each - full) ** 2, axis=tuple(range(1, each.ndim)))))


# --------------------------------------------------------------------------------------------
# Robbins–Monro: streaming least squares


def streaming_least_squares(
    learning_rates: Sequence,
    steps: int,
    rng: np.random.Generator,
    *,
    runs: int = 20,
    dim: int = 5,
    noise: float = 1.0,
    record=None,
) -> tuple[np.ndarray, np.ndarray]:
    """SGD with one fresh example per update on ``J(w) = ½ E(xᵀw − y)²``, where
    ``x ~ N(0, I_dim)``, ``y = xᵀw* + noise·ε`` with ``w* = (1, …, 1)``, from ``w = 0``.

    Every learning rate in ``learning_rates`` (numbers or schedules) runs ``runs`` times; all of
    them see the same examples. Returns the recorded update counts ``(T,)`` (default: about 60
    log-spaced ones from 0 to ``steps``) and ``‖w − w*‖²`` of shape
    ``(T, len(learning_rates), runs)``. Raises :class:`helpers.DivergenceError` at the first
    update where the run diverged: the rule of :func:`helpers.optimizers.descend` (a loss that
    is not finite or exceeds ``10⁶ · max(|J₀|, 1)``), applied to the loss
    ``J(w) = ½(‖w − w*‖² + noise²)`` as the mean over all rates and runs.
    """
    if not isinstance(learning_rates, list | tuple):
        raise TypeError(
            f"learning_rates must be a list of rates or schedules, got {learning_rates!r}"
        )
    if not learning_rates:
        raise ValueError("learning_rates must hold at least one learning rate or schedule, got []")
    steps = validate.integer("steps", steps, 0)
    alphas = np.stack(
        [
            schedules.learning_rates(a, steps, name=f"learning_rates[{j}]")
            for j, a in enumerate(learning_rates)
        ],
        axis=1,
    )
    validate.rng(rng)
    runs, dim = validate.integer("runs", runs, 1), validate.integer("dim", dim, 1)
    noise = validate.nonnegative("noise", noise)
    default = np.unique(np.r_[0, np.geomspace(1, max(steps, 1), 60).astype(int)])
    when = _record_steps(record, steps, default[default <= steps])
    return when, _stream(alphas, rng, runs, dim, noise, set(when.tolist()))


def _stream(alphas, rng, runs: int, dim: int, noise: float, when: set) -> np.ndarray:
    """The SGD loop of :func:`streaming_least_squares`, for all learning rates at once:
    ``alphas[k, j]`` is the rate of update ``k`` under learning rate ``j``.

    Written out here instead of running :func:`helpers.optimizers.descend` once per learning
    rate: descend drives one optimizer with one rate, and the rates of this experiment share one
    stream of examples. Notebook 03 runs five rates for 2·10⁴ updates each: about 0.5 s in this
    one loop, about 5 s as five descends (an optimizer step costs more than this update). The
    divergence check is descend's own, ``helpers.check_loss``.
    """
    w_star = np.ones(dim)
    w = np.zeros((alphas.shape[1], runs, dim))  # w[j, r]: learning rate j, run r
    errors, first, last = [], (dim + noise**2) / 2, None  # J at w = 0: ½(‖w*‖² + noise²)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(len(alphas) + 1):
            error = np.sum((w - w_star) ** 2, axis=-1)  # ‖w − w*‖², one per rate and run
            if k in when:
                errors.append(error)
            # the loss J(w) = ½E(xᵀw − y)² = ½(‖w − w*‖² + noise²); one number: the mean
            last = check_loss((float(np.mean(error)) + noise**2) / 2, k, first, last)
            if k == len(alphas):
                return np.array(errors)
            x = rng.standard_normal((runs, dim))  # a fresh example for every run …
            y = x @ w_star + noise * rng.standard_normal(runs)  # … the same for every rate
            r = np.einsum("jrd,rd->jr", w, x) - y  # the residual xᵀw − y
            w -= alphas[k][:, None, None] * r[..., None] * x  # w ← w − α_k (xᵀw − y) x


def expected_error(learning_rate, steps: int, *, dim: int = 5, noise: float = 1.0) -> np.ndarray:
    """The exact ``E‖w_t − w*‖²``, ``t = 0 … steps``, of :func:`streaming_least_squares`.

    With ``e = w − w*``, one update is ``e ← (I − αxxᵀ)e + α·noise·ε·x``; Gaussian ``x`` has
    ``E[xxᵀ] = I`` and ``E[‖x‖²xxᵀ] = (d + 2)I``, so
    ``E‖e'‖² = (1 − 2α + (d + 2)α²)·E‖e‖² + α²·noise²·d``, starting from ``‖e₀‖² = d``.
    Raises :class:`helpers.DivergenceError` when the expectation overflows.
    """
    alphas = schedules.learning_rates(learning_rate, steps).tolist()
    d = validate.integer("dim", dim, 1)
    s2 = validate.nonnegative("noise", noise) ** 2
    errors = [float(d)]  # ‖e₀‖² = ‖0 − w*‖² = d
    for t, a in enumerate(alphas):
        e = (1 - 2 * a + (d + 2) * a * a) * errors[-1] + a * a * s2 * d
        if not math.isfinite(e):  # an exact expectation: only an overflow stops it
            raise DivergenceError(t + 1, errors[-1], "the rate is too large for this problem")
        errors.append(e)
    return np.array(errors)


def noise_ball(alpha: float, *, dim: int = 5, noise: float = 1.0) -> float:
    """Where a constant rate ``α`` leaves :func:`streaming_least_squares`: the fixed point
    ``E‖w − w*‖² = α·noise²·d / (2 − (d + 2)α)`` of :func:`expected_error`'s recursion
    (``≈ α·noise²·d/2`` for small α). Needs ``α < 2/(d + 2)``; above it the error grows."""
    alpha = validate.positive("alpha", alpha)
    d = validate.integer("dim", dim, 1)
    s2 = validate.nonnegative("noise", noise) ** 2
    if alpha >= 2.0 / (d + 2):
        raise ValueError(f"alpha must be below 2/(dim + 2) = {2.0 / (d + 2):.4g}, got {alpha}")
    return alpha * s2 * d / (2.0 - (d + 2) * alpha)


def moving_noise_ball(learning_rate, steps: int, *, dim: int = 5, noise: float = 1.0):
    """The noise ball of each update's own rate, ``α_i·noise²·d / (2 − (d + 2)α_i)`` for
    ``i = 1 … steps`` (``≈ α_i σ² d / 2``; :func:`noise_ball` for one constant rate).

    A rate that decays slowly, such as ``c/i^p`` with ``p < 1``, changes little while
    :func:`expected_error` forgets its start (the contraction ``1 − 2α_i + (d + 2)α_i²`` acts
    about ``1/α_i`` times), so the error follows this level down to 0 — whether or not
    ``Σα² < ∞``. Entries where ``α_i ≥ 2/(d + 2)`` (no ball exists) are NaN.
    """
    alphas = schedules.learning_rates(learning_rate, steps)
    d = validate.integer("dim", dim, 1)
    s2 = validate.nonnegative("noise", noise) ** 2
    denominator = 2.0 - (d + 2) * alphas
    ball = alphas * s2 * d / np.where(denominator > 0, denominator, np.nan)
    return ball


# --------------------------------------------------------------------------------------------
# convexity


@dataclass(frozen=True)
class Curve:
    """A function ``f: R → R`` with its first and second derivatives, on a ``domain`` that
    shows its shape. ``f(x)``, ``f.grad(x)`` and ``f.second(x)`` work elementwise on arrays
    of finite numbers."""

    name: str
    _f: Callable[[np.ndarray], np.ndarray]
    _df: Callable[[np.ndarray], np.ndarray]
    _d2f: Callable[[np.ndarray], np.ndarray]
    domain: tuple[float, float]

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string, got {type(self.name).__name__}")
        for part in ("_f", "_df", "_d2f"):
            validate.function(part, getattr(self, part), "a function of x")
        object.__setattr__(self, "domain", validate.interval("domain", self.domain))

    def __call__(self, x):
        return self._f(validate.array("x", x))

    def grad(self, x):
        """``f'(x)``."""
        return self._df(validate.array("x", x))

    def second(self, x):
        """``f''(x)``."""
        return self._d2f(validate.array("x", x))


def bumpy() -> Curve:
    """``f(x) = x²/4 + sin 3x``: five local minima on [−5, 5], the global one near −0.50."""
    return Curve(
        "x²/4 + sin 3x",
        lambda x: x**2 / 4 + np.sin(3 * x),
        lambda x: x / 2 + 3 * np.cos(3 * x),
        lambda x: 0.5 - 9 * np.sin(3 * x),
        (-5.0, 5.0),
    )


def curves() -> dict[str, Curve]:
    """The lecture's convex examples ``x²``, ``eˣ``, ``−log x`` and the non-convex :func:`bumpy`."""
    out = [
        Curve("x²", lambda x: x**2, lambda x: 2 * x, lambda x: 2 + 0 * x, (-2.0, 2.0)),
        Curve("eˣ", np.exp, np.exp, np.exp, (-2.0, 2.0)),
        Curve("−log x", lambda x: -np.log(x), lambda x: -1 / x, lambda x: 1 / x**2, (0.2, 3.0)),
        bumpy(),
    ]
    return {c.name: c for c in out}


def convexity_gap(f: Callable, a, b, t):
    """``t·f(a) + (1 − t)·f(b) − f(t·a + (1 − t)·b)``: the height of the chord above the curve.

    ``f`` is convex exactly when this is ``≥ 0`` for all ``a``, ``b`` and ``0 ≤ t ≤ 1`` (the
    lecture's definition). Works elementwise on arrays (with NumPy broadcasting).
    """
    f = validate.function("f", f)
    a, b, t = validate.array("a", a), validate.array("b", b), validate.array("t", t)
    if np.any((t < 0) | (t > 1)):
        raise ValueError(f"t must lie in [0, 1], got values from {t.min():g} to {t.max():g}")
    return t * f(a) + (1 - t) * f(b) - f(t * a + (1 - t) * b)


@dataclass(frozen=True)
class ConvexityCheck:
    """The worst chord found by :func:`convexity_check`: ``gap`` at ``(a, b, t)``; ``convex`` is
    False when a chord lies below the curve by more than rounding error."""

    convex: bool
    gap: float
    a: float
    b: float
    t: float

    def __post_init__(self):
        validate.flag("convex", self.convex)
        for name in ("gap", "a", "b"):
            validate.real(name, getattr(self, name))
        validate.real("t", self.t, "a number in [0, 1]", lambda v: 0 <= v <= 1)


def convexity_check(
    f: Callable, low: float, high: float, rng: np.random.Generator, samples: int = 10_000
) -> ConvexityCheck:
    """Test the definition on ``samples`` random triples ``a, b ~ U(low, high)``, ``t ~ U(0, 1)``.

    A numerical check can prove a function non-convex (a counter-example) but only gives
    evidence for convexity. ``f`` must be finite on ``[low, high]``.
    """
    f = validate.function("f", f)
    low, high = validate.real("low", low), validate.real("high", high)
    if not low < high:
        raise ValueError(f"low must be below high, got low={low}, high={high}")
    validate.rng(rng)
    n = validate.integer("samples", samples, 1)
    a, b, t = rng.uniform(low, high, n), rng.uniform(low, high, n), rng.uniform(0, 1, n)
    with np.errstate(all="ignore"):  # a value outside f's domain is reported below
        gap = np.asarray(convexity_gap(f, a, b, t), dtype=np.float64)
    if gap.shape != a.shape or not np.isfinite(gap).all():
        raise ValueError(
            f"f must give a finite number for every x in [low, high] = [{low:g}, {high:g}] "
            "(choose low and high inside its domain)"
        )
    i = int(np.argmin(gap))
    scale = 1.0 + abs(float(f(a[i]))) + abs(float(f(b[i])))
    convex = bool(gap[i] >= -1e-12 * scale)
    return ConvexityCheck(convex, float(gap[i]), float(a[i]), float(b[i]), float(t[i]))


def second_derivative(f: Callable, x, h: float = 1e-4):
    """The central difference ``(f(x + h) − 2f(x) + f(x − h)) / h²`` (error ``O(h²)``)."""
    h = validate.positive("h", h)
    x = np.asarray(x, dtype=np.float64)
    return (f(x + h) - 2 * f(x) + f(x - h)) / h**2


# --------------------------------------------------------------------------------------------
# loss landscapes (Li et al. 2018): a deep plain network and its residual twin


def two_spirals(n: int, rng: np.random.Generator, *, turns: float = 1.5, noise: float = 0.0):
    """Two interleaved spirals in the plane: ``x`` of shape ``(n, 2)``, labels ``y`` (n,) 0/1.

    Class 0 lies on ``r(cos θ, sin θ)`` with ``r = θ / (2π·turns)`` for ``θ`` up to
    ``turns`` full turns (points uniform along the radius), class 1 is its mirror ``−x``;
    ``noise`` adds Gaussian jitter.
    """
    n = validate.integer("n", n, 2)
    if n % 2:
        raise ValueError(f"n must be even (two equal classes), got {n}")
    validate.rng(rng)
    turns = validate.positive("turns", turns)
    noise = validate.nonnegative("noise", noise)
    k = n // 2
    theta = np.sqrt(rng.uniform(0, 1, k)) * 2 * np.pi * turns
    r = theta / (2 * np.pi * turns)
    arm = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1)
    x = np.concatenate([arm, -arm]) + noise * rng.standard_normal((n, 2))
    return x, np.repeat(np.array([0, 1]), k)


class DeepNet:
    """A deep ReLU network for binary classification, plain or residual (``skip=True``).

    ``x (N, n_in) → h = relu(x W₀ + b₀)`` of width ``width``, then ``depth`` layers, each
    ``h ← relu(h W_l + b_l)`` (plain) or ``h ← h + relu(h W_l + b_l)`` (with a skip connection),
    then the logit ``h W_out + b_out``. ``params`` is the list
    ``[W₀ (n_in, w), b₀ (w,), W (depth, w, w), b (depth, w), W_out (w, 1), b_out (1,)]``
    (the hidden layers stacked: ``W[l]``, ``b[l]`` are layer ``l``'s).
    He initialisation; the residual branches are scaled by ``1/√depth`` at initialisation.
    """

    def __init__(self, depth: int, width: int, rng: np.random.Generator, *, skip=False, n_in=2):
        self.depth, self.width = (
            validate.integer("depth", depth, 1),
            validate.integer("width", width, 1),
        )
        validate.rng(rng)
        self.skip = validate.flag("skip", skip)
        n_in = validate.integer("n_in", n_in, 1)
        hidden = rng.standard_normal((depth, width, width)) * np.sqrt(2.0 / width)
        if self.skip:
            hidden /= np.sqrt(depth)
        self.params = [
            rng.standard_normal((n_in, width)) * np.sqrt(2.0 / n_in),
            np.zeros(width),
            hidden,
            np.zeros((depth, width)),
            rng.standard_normal((width, 1)) * np.sqrt(1.0 / width),
            np.zeros(1),
        ]

    def forward(self, x, params=None, *, keep=None) -> np.ndarray:
        """Logits ``(…, N)``; ``params`` may carry leading batch axes (many networks at once).

        ``keep``: a list that receives ``(input, z)`` of every dense layer, first to last — what
        backpropagation needs (:meth:`loss_and_grad`).
        """
        x = self._inputs(x)
        w0, b0, ws, bs, wo, bo = self.params if params is None else self._batched(params)
        if not (keep is None or isinstance(keep, list)):
            raise TypeError(f"keep must be a list (to receive each layer) or None, got {keep!r}")
        layers = [(w0, b0)] + [(ws[..., i, :, :], bs[..., i, :]) for i in range(self.depth)]
        h = x
        for i, (W, b) in enumerate(layers):
            z = dense_forward(h, W, b[..., None, :])  # the bias of each network, for all N
            if keep is not None:
                keep.append((h, z))
            branch = np.maximum(z, 0.0)  # ReLU
            h = h + branch if self.skip and i > 0 else branch  # the first layer has no skip
        z = dense_forward(h, wo, bo[..., None, :])
        if keep is not None:
            keep.append((h, z))
        return z[..., 0]

    def loss_and_grad(self, x, y) -> tuple[float, list[np.ndarray]]:
        """Mean logistic loss (:func:`helpers.losses.binary_cross_entropy`) and its gradient for
        each array in ``params``: backpropagation from the last layer to the first, each dense
        layer by :func:`helpers.backprop.dense_backward`. When the logits are not finite (a
        diverged run) the loss and the gradients are NaN: the training loop reports the step."""
        x, y = self._data(x, y)
        keep = []
        logits = self.forward(x, keep=keep)
        if not np.all(np.isfinite(logits)):
            return math.nan, [np.full_like(p, np.nan) for p in self.params]
        loss, dlogits = binary_cross_entropy(logits, y)
        w0, _, ws, bs, wo, _ = self.params
        h, _ = keep.pop()
        dh, g_wo, g_bo = dense_backward(dlogits[:, None], h, wo)  # the output layer
        g_ws, g_bs = np.empty_like(ws), np.empty_like(bs)
        for i in reversed(range(self.depth)):
            h, z = keep.pop()
            dx, g_ws[i], g_bs[i] = dense_backward(dh * (z > 0), h, ws[i])  # through the ReLU
            dh = dh + dx if self.skip else dx  # a skip connection passes dh on unchanged
        x, z = keep.pop()
        _, g_w0, g_b0 = dense_backward(dh * (z > 0), x, w0, input_grad=False)
        return loss, [g_w0, g_b0, g_ws, g_bs, g_wo, g_bo]

    @property
    def weights(self) -> tuple[int, ...]:
        """Indices in ``params`` of the weight matrices (the rest are biases)."""
        return (0, 2, 4)

    def _inputs(self, x) -> np.ndarray:
        x = validate.array("x", x, ndim=2)
        if x.shape[1] != len(self.params[0]):
            raise ValueError(f"x must have shape (N, {len(self.params[0])}), got {x.shape}")
        return x

    def _data(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Inputs ``x`` (N, n_in) and their 0/1 labels ``y`` (N,)."""
        x = self._inputs(x)
        return x, validate.labels("y", y, len(x), 2)

    def _batched(self, params, name: str = "params") -> list[np.ndarray]:
        """Parameter arrays shaped like :attr:`params`, with the same leading axes each."""
        if not isinstance(params, list | tuple) or len(params) != len(self.params):
            raise TypeError(
                f"{name} must be a list of {len(self.params)} arrays like net.params, "
                f"got {type(params).__name__}"
            )
        out, lead = [], None
        for i, (p, own) in enumerate(zip(params, self.params, strict=True)):
            p = validate.array(f"{name}[{i}]", p)
            axes = p.ndim - own.ndim  # the leading (batch) axes
            if axes < 0 or p.shape[axes:] != own.shape or lead not in (None, p.shape[:axes]):
                raise ValueError(
                    f"{name}[{i}] must have shape (…, {', '.join(map(str, own.shape))}) like "
                    f"net.params[{i}], with the same leading axes as the others, got {p.shape}"
                )
            out.append(p)
            lead = p.shape[:axes]
        return out


def train_deep_net(
    net: DeepNet, x, y, optimizer, steps: int, *, weight_decay: float = 0.0
) -> np.ndarray:
    """Full-batch training of a :class:`DeepNet`: ``steps`` updates
    ``optimizer.step(net.params, grads)`` by :func:`helpers.optimizers.descend`, where the
    gradient of each weight matrix includes ``weight_decay · W`` (L2 weight decay, the gradient
    of ``(weight_decay/2)·‖W‖²``).

    ``optimizer`` is any object with ``step(params, grads)`` updating in place, e.g.
    ``helpers.optimizers.Adam``. Returns the loss before each update, shape ``(steps,)``.
    Raises :class:`helpers.DivergenceError` at the first step where the run diverged (the rule
    of :func:`helpers.optimizers.descend`).
    """
    if not isinstance(net, DeepNet):
        raise TypeError(f"net must be a DeepNet, got {type(net).__name__}")
    x, y = net._data(x, y)
    steps = validate.integer("steps", steps, 0)
    weight_decay = validate.nonnegative("weight_decay", weight_decay)

    def objective(k: int):
        loss, grads = net.loss_and_grad(x, y)
        for i in net.weights:
            grads[i] = grads[i] + weight_decay * net.params[i]
        return loss, grads

    return np.array(descend(objective, net.params, optimizer, steps))


def filter_normalized_direction(params, weights, rng: np.random.Generator) -> list[np.ndarray]:
    """A random direction in parameter space, filter-normalised as in Li et al. (2018).

    For each weight array in ``params`` whose index is in ``weights``, a Gaussian direction is
    drawn and every filter — the incoming weights of one unit, i.e. one column ``W[…, :, j]`` of a
    ``(…, n_in, n_out)`` matrix — is rescaled to the norm of the same filter of the trained
    weights: ``d_j ← d_j / ‖d_j‖ · ‖θ_j‖``. Bias directions are zero. This makes the surface
    comparable between networks whose weights have different scales.
    """
    if not isinstance(params, list | tuple) or not params:
        raise TypeError(f"params must be a non-empty list of arrays (net.params), got {params!r}")
    params = [validate.array(f"params[{i}]", p) for i, p in enumerate(params)]
    weights = _weight_indices(weights, params)
    validate.rng(rng)
    out = []
    for i, p in enumerate(params):
        if i in weights:
            d = rng.standard_normal(p.shape)
            d *= np.linalg.norm(p, axis=-2, keepdims=True) / np.linalg.norm(
                d, axis=-2, keepdims=True
            )
        else:
            d = np.zeros_like(p)
        out.append(d)
    return out


def _weight_indices(weights, params: list) -> set[int]:
    """The indices (into ``params``) of weight matrices, each at least 2-D."""
    if not isinstance(weights, Sequence) or isinstance(weights, str) or not weights:
        raise TypeError(f"weights must be a non-empty list of indices into params, got {weights!r}")
    out = {validate.integer(f"weights[{j}]", i, 0, len(params) - 1) for j, i in enumerate(weights)}
    for i in out:
        if params[i].ndim < 2:
            raise ValueError(
                f"weights must index weight matrices (at least 2-D), but params[{i}] has shape "
                f"{params[i].shape}"
            )
    return out


def loss_surface(net: DeepNet, directions, x, y, *, span: float = 1.0, n: int = 31):
    """The loss ``L(θ + a·δ + b·η)`` on an ``n × n`` grid of ``a, b ∈ [−span, span]``.

    ``directions`` is ``(δ, η)`` from :func:`filter_normalized_direction`; ``θ`` is
    ``net.params``. One batched forward pass per grid row. Returns ``(a, b, Z)`` with ``Z[i, j]``
    the loss at ``(a[j], b[i])`` (rows follow ``b``, as ``contour`` expects); a point whose
    logits overflow has ``Z = inf``.
    """
    if not isinstance(net, DeepNet):
        raise TypeError(f"net must be a DeepNet, got {type(net).__name__}")
    if not isinstance(directions, list | tuple) or len(directions) != 2:
        raise TypeError(
            f"directions must be a pair (δ, η) of lists like net.params, got {directions!r}"
        )
    delta, eta = (net._batched(d, f"directions[{k}]") for k, d in enumerate(directions))
    x, y = net._data(x, y)
    span = validate.positive("span", span)
    n = validate.integer("n", n, 2, 1000)  # a finer grid than 1000 × 1000 no figure can show
    grid = np.linspace(-span, span, n)
    z = np.empty((n, n))
    for i, b in enumerate(grid):
        batch = [
            p[None] + grid.reshape((n,) + (1,) * p.ndim) * d[None] + b * e[None]
            for p, d, e in zip(net.params, delta, eta, strict=True)
        ]
        with np.errstate(over="ignore", invalid="ignore"):  # overflowing points are inf
            logits = net.forward(x, batch)  # (n, N)
        for j in range(n):
            z[i, j] = (
                binary_cross_entropy(logits[j], y)[0] if np.all(np.isfinite(logits[j])) else np.inf
            )
    return grid, grid, z


def local_minima(z) -> int:
    """The number of strict local minima of a grid ``z`` (interior points lower than all eight
    neighbours). ``z`` may hold ``inf`` (as :func:`loss_surface` marks overflowing points)."""
    z = validate.array("z", z, ndim=2, finite=False)
    if np.isnan(z).any() or min(z.shape) < 3:
        raise ValueError(
            f"z must be a 2-D grid of at least 3 × 3 numbers (no NaN), got shape {z.shape}"
        )
    centre = z[1:-1, 1:-1]
    rows, cols = z.shape
    lower = np.ones(centre.shape, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                lower &= centre < z[1 + di : rows - 1 + di, 1 + dj : cols - 1 + dj]
    return int(lower.sum())
