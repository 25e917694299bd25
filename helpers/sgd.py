"""Gradient descent and its stochastic versions, convexity, and loss landscapes (notebook 03).

Milan Straka, NPFL114 lecture 2 "Training Neural Networks", sections *Gradient Descent*,
*Stochastic Gradient Descent Convergence* and *Loss Function Visualization*.

- **Step-size rules** are functions of the update number (optax's "a schedule is a function of
  the step"): :class:`PowerRate` is the lecture's ``α_i = c / i^p``; update ``step = 0, 1, …``
  uses ``i = step + 1``. :func:`satisfies_robbins_monro` and :func:`partial_sums` test the
  Robbins–Monro conditions ``Σα = ∞``, ``Σα² < ∞``.
- **Loops**: :func:`gradient_descent` on a known function (many starts at once);
  :func:`sgd` on a finite training set — a model such as :class:`LeastSquares` (e.g.
  :func:`regression_2d`) or :class:`SoftmaxRegression` — with full batch, single example or
  minibatch, vectorised over repeated runs; :func:`streaming_least_squares` for the
  Robbins–Monro experiment, :func:`expected_error` its exact expectation and :func:`noise_ball`
  where a constant rate leaves it.
- **Minibatch noise**: :func:`minibatch_gradients` and :func:`gradient_variance`.
- **Convexity**: :class:`Curve` (``x²``, ``eˣ``, ``−log x`` and a bumpy non-convex curve),
  :func:`convexity_gap`, :func:`convexity_check`, :func:`second_derivative`.
- **Loss landscapes** (Li et al. 2018): :func:`two_spirals`, :class:`DeepNet` (plain or
  residual), :func:`train`, :func:`filter_normalized_direction`, :func:`loss_surface`,
  :func:`local_minima`.

Every diverging loop raises :class:`helpers.DivergenceError` naming the first step whose loss was
not finite.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from helpers import DivergenceError, validate
from helpers.losses import binary_cross_entropy, log_softmax

__all__ = [
    "ConvexityCheck",
    "Curve",
    "DeepNet",
    "LeastSquares",
    "PowerRate",
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
    "noise_ball",
    "partial_sums",
    "regression_2d",
    "satisfies_robbins_monro",
    "sgd",
    "step_sizes",
    "streaming_least_squares",
    "train",
    "two_spirals",
]


# --------------------------------------------------------------------------------------------
# argument checks


def _positive(name: str, value) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive, finite number, got {value!r}") from None
    if not (math.isfinite(x) and x > 0):
        raise ValueError(f"{name} must be a positive, finite number, got {value!r}")
    return x


def _count(name: str, value, low: int = 0, high: int | None = None) -> int:
    ok = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if not ok or value < low or (high is not None and value > high):
        allowed = f"an integer >= {low}" if high is None else f"an integer from {low} to {high}"
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return int(value)


# --------------------------------------------------------------------------------------------
# step-size rules


@dataclass(frozen=True)
class PowerRate:
    """The step-size sequence ``α_i = c / i^p`` (``p = 0``: a constant learning rate).

    Called with the update number ``step`` (0 for the first update; an int or an integer array)
    it returns ``c / (step + 1)^p``, so ``step = 0`` is the lecture's ``i = 1``.
    """

    c: float
    power: float = 0.0

    def __post_init__(self):
        _positive("c", self.c)
        p = float(self.power)
        if not (math.isfinite(p) and p >= 0):
            raise ValueError(f"power must be a finite number >= 0, got {self.power!r}")

    def __call__(self, step):
        i = np.asarray(step, dtype=np.float64) + 1.0
        if np.any(i < 1):
            raise ValueError(f"step must be >= 0 (0 is the first update), got {step!r}")
        value = self.c / i**self.power
        return float(value) if np.ndim(value) == 0 else value

    def __str__(self) -> str:
        c = f"{self.c:.3g}"
        p = float(self.power)
        if p == 0:
            return c
        i = {0.5: "√i", 1.0: "i", 2.0: "i²"}.get(p, f"i^{p:g}")
        return f"{c}/{i}"


def _rule(learning_rate) -> Callable:
    """A step-size rule from a positive number (a constant) or a callable ``step -> rate``."""
    if callable(learning_rate):
        return learning_rate
    if isinstance(learning_rate, int | float | np.integer | np.floating) and not isinstance(
        learning_rate, bool
    ):
        return PowerRate(_positive("learning_rate", learning_rate))
    raise ValueError(
        "learning_rate must be a positive number or a step-size rule (a callable "
        f"step -> rate, e.g. PowerRate(1.0, power=1)), got {learning_rate!r}"
    )


def step_sizes(learning_rate, steps: int) -> np.ndarray:
    """The rates ``α`` of updates ``0 … steps − 1``, shape ``(steps,)``.

    ``learning_rate`` is a positive number or a callable ``step -> rate``. Every rate must be
    positive and finite (the first condition of Robbins–Monro); otherwise ``ValueError`` names
    the first offending step.
    """
    rule = _rule(learning_rate)
    steps = _count("steps", steps)
    index = np.arange(steps)
    try:
        rates = np.broadcast_to(np.asarray(rule(index), dtype=np.float64), (steps,)).copy()
    except (TypeError, ValueError):  # a rule written for one int at a time
        rates = np.array([float(rule(int(s))) for s in index], dtype=np.float64)
    bad = ~(np.isfinite(rates) & (rates > 0))
    if np.any(bad):
        s = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"learning_rate must give a positive, finite rate at every step; "
            f"step {s} gave {rates[s]!r}"
        )
    return rates


def partial_sums(learning_rate, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """``Σ_{i≤t} α_i`` and ``Σ_{i≤t} α_i²`` after ``t = 1 … steps`` updates (two arrays)."""
    rates = step_sizes(learning_rate, steps)
    return np.cumsum(rates), np.cumsum(rates**2)


def satisfies_robbins_monro(power: float) -> bool:
    """Whether ``α_i = c / i^p`` (any ``c > 0``) meets ``Σα = ∞`` and ``Σα² < ∞``.

    ``Σ 1/i^p`` diverges iff ``p ≤ 1`` and ``Σ 1/i^{2p}`` converges iff ``p > 1/2`` (the p-series
    test), so the conditions hold exactly for ``1/2 < p ≤ 1``.
    """
    p = float(power)
    if not (math.isfinite(p) and p >= 0):
        raise ValueError(f"power must be a finite number >= 0, got {power!r}")
    return 0.5 < p <= 1.0


# --------------------------------------------------------------------------------------------
# gradient descent on a known function


def gradient_descent(fn, x0, learning_rate, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Gradient descent ``θ ← θ − α_t ∇f(θ)`` on a function with a known gradient.

    ``fn`` is callable (``fn(θ)``) and has ``fn.grad(θ)`` — a :class:`Curve` or a
    :class:`helpers.surfaces.Surface`; both work elementwise, so ``x0`` may hold many starting
    points at once (shape ``(starts,)`` for a curve, ``(starts, 2)`` for a surface).
    Returns the points, shape ``(steps + 1, *x0.shape)``, and the values ``f``, shape
    ``(steps + 1, …)``. Raises :class:`helpers.DivergenceError` at the first step where a value
    is not finite.
    """
    if not (callable(fn) and callable(getattr(fn, "grad", None))):
        raise ValueError(f"fn must be callable and have a .grad method, got {fn!r}")
    rates = step_sizes(learning_rate, steps)
    x = np.array(x0, dtype=np.float64)
    points = np.empty((len(rates) + 1, *x.shape))
    values = None
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(len(rates) + 1):
            value = np.asarray(fn(x), dtype=np.float64)
            if values is None:
                values = np.empty((len(rates) + 1, *value.shape))
            if not np.all(np.isfinite(value)):
                last = values[t - 1][~np.isfinite(value)].flat[0] if t else None
                raise DivergenceError(t, None if last is None else float(last))
            points[t], values[t] = x, value
            if t < len(rates):
                x = x - rates[t] * fn.grad(x)
    return points, values


# --------------------------------------------------------------------------------------------
# models on a finite training set, and minibatch SGD


class LeastSquares:
    """Linear regression ``ŷ = xᵀw`` with the lecture's MSE ``J(w) = (1/N) Σ_i (x_iᵀw − y_i)²``.

    ``x``: (N, d), ``y``: (N,). Parameters ``w`` have shape ``(d,)`` or ``(runs, d)``; a batch is
    ``None`` (all N examples) or integer indices of shape ``(runs, m)``.
    """

    def __init__(self, x, y):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if x.ndim != 2 or y.shape != (len(x),) or len(x) == 0:
            raise ValueError(f"x must be (N, d) and y (N,), got {x.shape} and {y.shape}")
        self.x, self.y = x, y
        self.n, self.shape = len(x), (x.shape[1],)

    def minimum(self) -> np.ndarray:
        """The least-squares solution ``w*`` (shape ``(d,)``)."""
        return np.linalg.lstsq(self.x, self.y, rcond=None)[0]

    def loss_and_grad(self, w, batch=None) -> tuple[np.ndarray, np.ndarray]:
        """Mean loss per run ``(runs,)`` and its gradient ``(2/m) Σ (x_iᵀw − y_i) x_i``."""
        w, single = _runs(w, self.shape)
        if batch is None:
            r = w @ self.x.T - self.y  # (runs, N)
            g = 2.0 * r @ self.x / self.n
        else:
            xb, yb = self.x[batch], self.y[batch]  # (runs, m, d), (runs, m)
            r = np.einsum("rmd,rd->rm", xb, w) - yb
            g = 2.0 * np.einsum("rm,rmd->rd", r, xb) / r.shape[1]
        loss = np.mean(r**2, axis=1)
        return (loss[0], g[0]) if single else (loss, g)

    def loss(self, w, batch=None):
        """Mean squared error per run (without the gradient); ``w`` may also be a grid of
        points of shape ``(…, d)`` when ``batch`` is None."""
        w = np.asarray(w, dtype=np.float64)
        if batch is not None:
            return self.loss_and_grad(w, batch)[0]
        if w.shape[-1:] != self.shape:
            raise ValueError(f"w must have shape (…, {self.shape[0]}), got {w.shape}")
        return np.mean((w @ self.x.T - self.y) ** 2, axis=-1)


class SoftmaxRegression:
    """Multinomial logistic regression: ``softmax(x̃ W)`` with ``x̃ = [x, 1]`` (a bias row in W).

    ``x``: (N, d), ``y``: (N,) ints in ``0 … classes − 1``. Parameters ``W`` have shape
    ``(d + 1, classes)`` or ``(runs, d + 1, classes)``. The loss is the mean negative
    log-likelihood (cross-entropy); it is convex in ``W``.
    """

    def __init__(self, x, y, classes: int | None = None):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y)
        if x.ndim != 2 or y.shape != (len(x),) or len(x) == 0:
            raise ValueError(f"x must be (N, d) and y (N,), got {x.shape} and {y.shape}")
        if not np.issubdtype(y.dtype, np.integer) or y.min() < 0:
            raise ValueError("y must hold integer class indices >= 0")
        k = int(y.max()) + 1 if classes is None else classes
        self.x = np.hstack([x, np.ones((len(x), 1))])
        self.y, self.classes = y, k
        self.n, self.shape = len(x), (x.shape[1] + 1, k)
        self._onehot = np.eye(k)[y]

    def _log_probs(self, w, batch):
        w, single = _runs(w, self.shape)
        if batch is None:
            xb, tb = self.x, self._onehot  # broadcast over runs
        else:
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
    w = np.asarray(w, dtype=np.float64)
    if w.shape == shape:
        return w[None], True
    if w.shape[1:] != shape:
        raise ValueError(
            f"w must have shape {shape} or (runs, {', '.join(map(str, shape))}), got {w.shape}"
        )
    return w, False


def regression_2d(rng: np.random.Generator, n: int = 100, noise: float = 0.5) -> LeastSquares:
    """A two-parameter least-squares problem whose loss is a tilted elliptical bowl.

    ``x₁ ~ N(0, 1)``, ``x₂ = 0.6·x₁ + 0.5·N(0, 1)`` (correlated features, condition number
    about 8), ``y = x₁ + x₂ + noise·N(0, 1)``, so ``w* ≈ (1, 1)``.
    """
    validate.rng(rng)
    n = _count("n", n, 2)
    x1 = rng.standard_normal(n)
    x = np.stack([x1, 0.6 * x1 + 0.5 * rng.standard_normal(n)], axis=1)
    return LeastSquares(x, x.sum(axis=1) + float(noise) * rng.standard_normal(n))


@dataclass(frozen=True)
class Run:
    """What :func:`sgd` recorded: after ``steps[k]`` updates (``examples[k]`` examples seen)
    the full training loss of each run was ``loss[k]`` (shape ``(records, runs)``); ``params``
    holds the parameters at those moments (``(records, runs, *shape)``) when asked for."""

    steps: np.ndarray
    examples: np.ndarray
    loss: np.ndarray
    params: np.ndarray | None = None


def sgd(
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
    """Minibatch stochastic gradient descent, ``θ ← θ − α_t g`` with ``g`` the mean gradient of a
    minibatch of ``m = batch_size`` examples drawn independently and uniformly (with
    replacement) for every update — the lecture's minibatch SGD; ``m = 1`` is stochastic
    (online) gradient descent and ``m = N`` (``model.n``) is batch gradient descent, which uses
    all examples every time.

    ``model`` has ``n``, ``shape``, ``loss(w)`` and ``loss_and_grad(w, batch)``
    (:class:`LeastSquares`, :class:`SoftmaxRegression`). ``runs`` independent runs start at
    ``w0`` and are computed at once. ``record``: the update counts at which the full training
    loss is evaluated (default every one, ``0 … steps``). Raises
    :class:`helpers.DivergenceError` at the first update whose minibatch loss is not finite.
    """
    validate.rng(rng)
    rates = step_sizes(learning_rate, steps)
    m = _count("batch_size", batch_size, 1, model.n)
    runs = _count("runs", runs, 1)
    w0 = np.asarray(w0, dtype=np.float64)
    if w0.shape != model.shape:
        raise ValueError(f"w0 must have shape {model.shape}, got {w0.shape}")
    when = np.arange(len(rates) + 1) if record is None else np.unique(np.asarray(record))
    if when.size == 0 or when[0] < 0 or when[-1] > len(rates) or when.dtype.kind not in "iu":
        raise ValueError(f"record must be update counts between 0 and steps={len(rates)}")
    w = np.repeat(w0[None], runs, axis=0)
    losses, params, previous = [], [], None
    k = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(len(rates) + 1):
            if k < len(when) and when[k] == t:
                full = model.loss(w)
                if not np.all(np.isfinite(full)):
                    raise DivergenceError(t, _worst(previous))
                losses.append(full)
                if keep_params:
                    params.append(w.copy())
                k += 1
            if t == len(rates):
                break
            batch = None if m == model.n else rng.integers(model.n, size=(runs, m))
            loss, g = model.loss_and_grad(w, batch)
            if not np.isfinite(loss.sum()):
                raise DivergenceError(t, _worst(previous))
            previous = loss
            w -= rates[t] * g
    return Run(
        steps=when,
        examples=when * m,
        loss=np.array(losses),
        params=np.array(params) if keep_params else None,
    )


def _worst(loss) -> float | None:
    """The largest finite loss of the runs at the last good step (None before the first)."""
    return None if loss is None else float(np.max(loss))


# --------------------------------------------------------------------------------------------
# the noise of a minibatch gradient


def minibatch_gradients(
    model, w, batch_size: int, draws: int, rng: np.random.Generator
) -> np.ndarray:
    """``draws`` independent minibatch gradients at ``w``, each the mean over ``batch_size``
    examples drawn uniformly with replacement. Shape ``(draws, *model.shape)``."""
    validate.rng(rng)
    m = _count("batch_size", batch_size, 1, model.n)
    draws = _count("draws", draws, 1)
    w = np.asarray(w, dtype=np.float64)
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
    w = np.asarray(w, dtype=np.float64)
    full = model.loss_and_grad(w)[1]
    each = model.loss_and_grad(np.repeat(w[None], model.n, axis=0), np.arange(model.n)[:, None])[1]
    return float(np.mean(np.sum((each - full) ** 2, axis=tuple(range(1, each.ndim)))))


# --------------------------------------------------------------------------------------------
# Robbins–Monro: streaming least squares


def streaming_least_squares(
    rules: Sequence,
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

    Every rule in ``rules`` (a number or a callable ``step -> rate``) runs ``runs`` times; all
    rules see the same examples. Returns the recorded update counts ``(T,)`` (default: about 60
    log-spaced ones from 0 to ``steps``) and ``‖w − w*‖²`` of shape ``(T, len(rules), runs)``.
    """
    validate.rng(rng)
    if len(rules) == 0:
        raise ValueError("rules must hold at least one learning rate or step-size rule")
    rates = np.stack([step_sizes(r, steps) for r in rules], axis=1)  # (steps, K)
    runs, dim = _count("runs", runs, 1), _count("dim", dim, 1)
    noise = float(noise)
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    if record is None:
        record = np.r_[0, np.geomspace(1, max(steps, 1), 60).astype(int)]
    when = np.unique(np.asarray(record, dtype=int))
    if when.size == 0 or when[0] < 0 or when[-1] > steps:
        raise ValueError(f"record must be update counts between 0 and steps={steps}")
    w_star = np.ones(dim)
    w = np.zeros((len(rules), runs, dim))
    errors = np.empty((len(when), len(rules), runs))
    k = 0
    chunk = min(8192, max(16, 2**20 // (runs * dim)))  # examples drawn at once, ≤ 8 MB
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, steps + 1, chunk):
            stop = min(start + chunk, steps + 1)
            # whole chunks, so that a shorter run sees a prefix of the same examples
            x = rng.standard_normal((chunk, runs, dim))
            y = x @ w_star + noise * rng.standard_normal((chunk, runs))
            saved = w.copy()
            for t in range(start, stop):
                while k < len(when) and when[k] == t:
                    errors[k] = np.sum((w - w_star) ** 2, axis=-1)
                    k += 1
                if t < steps:
                    xt = x[t - start]
                    r = np.einsum("krd,rd->kr", w, xt) - y[t - start]
                    r *= rates[t][:, None]
                    w -= r[..., None] * xt
            if not np.all(np.isfinite(np.sum((w - w_star) ** 2, axis=-1))):
                _replay(saved, x, y, rates, start, w_star)
    return when, errors


def _replay(w, x, y, rates, start, w_star) -> None:
    """Redo a chunk update by update to name the first step whose error is not finite."""
    last = float(np.max(np.sum((w - w_star) ** 2, axis=-1)))
    for j in range(min(len(x), len(rates) - start)):
        r = (np.einsum("krd,rd->kr", w, x[j]) - y[j]) * rates[start + j][:, None]
        w = w - r[..., None] * x[j]
        error = np.sum((w - w_star) ** 2, axis=-1)
        if not np.all(np.isfinite(error)):
            raise DivergenceError(start + j + 1, last)
        last = float(np.max(error))


def expected_error(learning_rate, steps: int, *, dim: int = 5, noise: float = 1.0) -> np.ndarray:
    """The exact ``E‖w_t − w*‖²``, ``t = 0 … steps``, of :func:`streaming_least_squares`.

    With ``e = w − w*``, one update is ``e ← (I − αxxᵀ)e + α·noise·ε·x``; Gaussian ``x`` has
    ``E[xxᵀ] = I`` and ``E[‖x‖²xxᵀ] = (d + 2)I``, so
    ``E‖e'‖² = (1 − 2α + (d + 2)α²)·E‖e‖² + α²·noise²·d``, starting from ``‖e₀‖² = d``.
    Raises :class:`helpers.DivergenceError` when the expectation overflows.
    """
    rates = step_sizes(learning_rate, steps).tolist()
    d = _count("dim", dim, 1)
    s2 = float(noise) ** 2
    out = [float(d)]
    s = float(d)
    for t, a in enumerate(rates):
        s = (1.0 - 2.0 * a + (d + 2) * a * a) * s + a * a * s2 * d
        if not math.isfinite(s):
            raise DivergenceError(t + 1, out[-1], "the rate is too large for this problem")
        out.append(s)
    return np.array(out)


def noise_ball(alpha: float, *, dim: int = 5, noise: float = 1.0) -> float:
    """Where a constant rate ``α`` leaves :func:`streaming_least_squares`: the fixed point
    ``E‖w − w*‖² = α·noise²·d / (2 − (d + 2)α)`` of :func:`expected_error`'s recursion
    (``≈ α·noise²·d/2`` for small α). Needs ``α < 2/(d + 2)``; above it the error grows."""
    alpha = _positive("alpha", alpha)
    d = _count("dim", dim, 1)
    if alpha >= 2.0 / (d + 2):
        raise ValueError(f"alpha must be below 2/(dim + 2) = {2.0 / (d + 2):.4g}, got {alpha}")
    return alpha * float(noise) ** 2 * d / (2.0 - (d + 2) * alpha)


# --------------------------------------------------------------------------------------------
# convexity


@dataclass(frozen=True)
class Curve:
    """A function ``f: R → R`` with its first and second derivatives, on a ``domain`` that
    shows its shape. ``f(x)``, ``f.grad(x)`` and ``f.second(x)`` work elementwise on arrays."""

    name: str
    _f: Callable[[np.ndarray], np.ndarray]
    _df: Callable[[np.ndarray], np.ndarray]
    _d2f: Callable[[np.ndarray], np.ndarray]
    domain: tuple[float, float]

    def __call__(self, x):
        return self._f(np.asarray(x, dtype=np.float64))

    def grad(self, x):
        """``f'(x)``."""
        return self._df(np.asarray(x, dtype=np.float64))

    def second(self, x):
        """``f''(x)``."""
        return self._d2f(np.asarray(x, dtype=np.float64))


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
    lecture's definition). Works elementwise on arrays.
    """
    a, b, t = (np.asarray(v, dtype=np.float64) for v in (a, b, t))
    if np.any((t < 0) | (t > 1)):
        raise ValueError("t must lie in [0, 1]")
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


def convexity_check(
    f: Callable, low: float, high: float, rng: np.random.Generator, samples: int = 10_000
) -> ConvexityCheck:
    """Test the definition on ``samples`` random triples ``a, b ~ U(low, high)``, ``t ~ U(0, 1)``.

    A numerical check can prove a function non-convex (a counter-example) but only gives
    evidence for convexity.
    """
    validate.rng(rng)
    low, high = float(low), float(high)
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"low must be below high (both finite), got low={low}, high={high}")
    n = _count("samples", samples, 1)
    a, b, t = rng.uniform(low, high, n), rng.uniform(low, high, n), rng.uniform(0, 1, n)
    gap = convexity_gap(f, a, b, t)
    i = int(np.argmin(gap))
    scale = 1.0 + abs(float(f(a[i]))) + abs(float(f(b[i])))
    convex = bool(gap[i] >= -1e-12 * scale)
    return ConvexityCheck(convex, float(gap[i]), float(a[i]), float(b[i]), float(t[i]))


def second_derivative(f: Callable, x, h: float = 1e-4):
    """The central difference ``(f(x + h) − 2f(x) + f(x − h)) / h²`` (error ``O(h²)``)."""
    h = _positive("h", h)
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
    validate.rng(rng)
    n = _count("n", n, 2)
    if n % 2:
        raise ValueError(f"n must be even (two equal classes), got {n}")
    _positive("turns", turns)
    k = n // 2
    theta = np.sqrt(rng.uniform(0, 1, k)) * 2 * np.pi * turns
    r = theta / (2 * np.pi * turns)
    arm = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1)
    x = np.concatenate([arm, -arm]) + float(noise) * rng.standard_normal((n, 2))
    return x, np.repeat(np.array([0, 1]), k)


class DeepNet:
    """A deep ReLU network for binary classification, plain or residual (``skip=True``).

    ``x (N, n_in) → h = relu(x W₀ + b₀)`` of width ``width``, then ``depth`` layers, each
    ``h ← relu(h W_l + b_l)`` (plain) or ``h ← h + relu(h W_l + b_l)`` (with a skip connection),
    then the logit ``h W_out + b_out``. ``params`` is the list
    ``[W₀ (n_in, w), b₀ (w,), W (depth, w, w), b (depth, w), W_out (w, 1), b_out (1,)]``
    (the hidden layers stacked, so that an optimizer updates six arrays, not 2·depth + 4).
    He initialisation; the residual branches are scaled by ``1/√depth`` at initialisation.
    """

    def __init__(self, depth: int, width: int, rng: np.random.Generator, *, skip=False, n_in=2):
        validate.rng(rng)
        self.depth, self.width = _count("depth", depth, 1), _count("width", width, 1)
        self.skip = bool(skip)
        n_in = _count("n_in", n_in, 1)
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

    def forward(self, x, params=None) -> np.ndarray:
        """Logits ``(…, N)``; ``params`` may carry leading batch axes (many networks at once)."""
        w0, b0, ws, bs, wo, bo = self.params if params is None else params
        h = np.maximum(x @ w0 + b0[..., None, :], 0.0)
        for layer in range(self.depth):
            branch = np.maximum(h @ ws[..., layer, :, :] + bs[..., layer, None, :], 0.0)
            h = h + branch if self.skip else branch
        return (h @ wo)[..., 0] + bo

    def loss_and_grad(self, x, y) -> tuple[float, list[np.ndarray]]:
        """Mean logistic loss (:func:`helpers.losses.binary_cross_entropy`) and its gradient
        for each array in ``params`` (backpropagation through every layer); ``(nan, [])`` when
        the logits are not finite."""
        w0, b0, ws, bs, wo, bo = self.params
        a0 = x @ w0 + b0
        h = np.maximum(a0, 0.0)
        # every layer's input and ReLU mask, stacked so that the weight gradients of all hidden
        # layers come out of one batched product
        inputs = np.empty((self.depth, *h.shape))
        active = np.empty((self.depth, *h.shape), dtype=bool)
        for layer in range(self.depth):
            inputs[layer] = h
            z = h @ ws[layer]
            z += bs[layer]
            np.greater(z, 0.0, out=active[layer])
            branch = np.maximum(z, 0.0, out=z)
            h = h + branch if self.skip else branch
        logits = (h @ wo)[:, 0] + bo
        if not np.all(np.isfinite(logits)):  # diverged: the caller reports the step
            return math.nan, []
        loss, dlogits = binary_cross_entropy(logits, y)
        dout = dlogits[:, None]
        g_wo, g_bo = h.T @ dout, dout.sum(axis=0)
        dh = dout @ wo.T
        dz = np.empty_like(inputs)  # ∂L/∂z of every hidden layer
        transposed = np.ascontiguousarray(np.swapaxes(ws, 1, 2))
        for layer in reversed(range(self.depth)):
            np.multiply(dh, active[layer], out=dz[layer])
            step = dz[layer] @ transposed[layer]
            dh = dh + step if self.skip else step
        g_ws = np.swapaxes(inputs, 1, 2) @ dz
        g_bs = np.ones(len(x)) @ dz  # the sum over examples, as one product
        da0 = dh * (a0 > 0)
        return loss, [x.T @ da0, da0.sum(axis=0), g_ws, g_bs, g_wo, g_bo]

    @property
    def weights(self) -> tuple[int, ...]:
        """Indices in ``params`` of the weight matrices (the rest are biases)."""
        return (0, 2, 4)


def train(net: DeepNet, x, y, optimizer, steps: int, *, weight_decay: float = 0.0) -> np.ndarray:
    """Full-batch training: ``steps`` updates ``optimizer.step(net.params, grads)`` where the
    gradient of the weight matrices includes ``weight_decay · W`` (L2 weight decay).

    ``optimizer`` is any object with ``step(params, grads)`` updating in place, e.g.
    ``helpers.optimizers.Adam``. Returns the loss before each update, shape ``(steps,)``.
    Raises :class:`helpers.DivergenceError` at the first non-finite loss.
    """
    steps = _count("steps", steps)
    weight_decay = float(weight_decay)
    if not (math.isfinite(weight_decay) and weight_decay >= 0):
        raise ValueError(f"weight_decay must be a finite number >= 0, got {weight_decay!r}")
    losses = np.empty(steps)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            loss, grads = net.loss_and_grad(x, y)
            if not math.isfinite(loss):
                raise DivergenceError(t, float(losses[t - 1]) if t else None)
            losses[t] = loss
            for i in net.weights:
                grads[i] = grads[i] + weight_decay * net.params[i]
            optimizer.step(net.params, grads)
    return losses


def filter_normalized_direction(params, weights, rng: np.random.Generator) -> list[np.ndarray]:
    """A random direction in parameter space, filter-normalised as in Li et al. (2018).

    For each weight array in ``params`` whose index is in ``weights``, a Gaussian direction is
    drawn and every filter — the incoming weights of one unit, i.e. one column ``W[…, :, j]`` of a
    ``(…, n_in, n_out)`` matrix — is rescaled to the norm of the same filter of the trained
    weights: ``d_j ← d_j / ‖d_j‖ · ‖θ_j‖``. Bias directions are zero. This makes the surface
    comparable between networks whose weights have different scales.
    """
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


def loss_surface(net: DeepNet, directions, x, y, *, span: float = 1.0, n: int = 31):
    """The loss ``L(θ + a·δ + b·η)`` on an ``n × n`` grid of ``a, b ∈ [−span, span]``.

    ``directions`` is ``(δ, η)`` from :func:`filter_normalized_direction`; ``θ`` is
    ``net.params``. One batched forward pass per grid row. Returns ``(a, b, Z)`` with ``Z[i, j]``
    the loss at ``(a[j], b[i])`` (rows follow ``b``, as ``contour`` expects).
    """
    span = _positive("span", span)
    n = _count("n", n, 2)
    delta, eta = directions
    grid = np.linspace(-span, span, n)
    z = np.empty((n, n))
    for i, b in enumerate(grid):
        batch = [
            p[None] + grid.reshape((n,) + (1,) * p.ndim) * d[None] + b * e[None]
            for p, d, e in zip(net.params, delta, eta, strict=True)
        ]
        logits = net.forward(x, batch)  # (n, N)
        for j in range(n):
            z[i, j] = (
                binary_cross_entropy(logits[j], y)[0] if np.all(np.isfinite(logits[j])) else np.inf
            )
    return grid, grid, z


def local_minima(z) -> int:
    """The number of strict local minima of a grid ``z`` (interior points lower than all eight
    neighbours)."""
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 2 or min(z.shape) < 3:
        raise ValueError(f"z must be a 2-D grid of at least 3 × 3, got shape {z.shape}")
    centre = z[1:-1, 1:-1]
    rows, cols = z.shape
    lower = np.ones(centre.shape, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                lower &= centre < z[1 + di : rows - 1 + di, 1 + dj : cols - 1 + dj]
    return int(lower.sum())
