"""Maximum likelihood: empirical distributions, likelihoods, entropies and estimators.

The lecture's symbols: the data-generating distribution ``p_data``, the empirical distribution
``p̂_data``, a model family ``p_model(x; θ)``, the likelihood ``L(θ) = Π_i p_model(x_i; θ)``,
entropy ``H(p)``, cross-entropy ``H(p, q)``, Kullback–Leibler divergence ``D_KL(p‖q)``, and the
estimators ``μ̂`` and ``σ̂²`` (Milan Straka, NPFL114 lecture 2 "Training Neural Networks";
Goodfellow, Bengio & Courville, *Deep Learning*, sections 3.13, 5.4 and 5.5).

Conventions:

- Logarithms are natural (nats).
- A probability vector runs along the **last** axis; leading axes broadcast, so a whole grid of
  models (say one per value of θ) is evaluated in one call.
- ``0 · log 0 = 0``, while ``log 0 = −∞``: a model that gives probability 0 to something that
  happens has an infinite negative log-likelihood, cross-entropy and KL divergence. Results are
  ``inf`` in that case, never NaN.
- The negative log-likelihoods are **means** over the examples (as losses are); the likelihood of
  ``N`` examples is ``exp(−N · nll)`` (:func:`bernoulli_likelihood`, :func:`gaussian_likelihood`).
- Argument checks are :mod:`helpers.validate`'s: a wrong kind of value raises ``TypeError``, a
  value outside what is allowed ``ValueError``.
- Estimator simulations put the repetitions on the first axis and the examples of one data set on
  the last, so one matrix ``(repetitions, n)`` holds thousands of independent data sets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from helpers import validate

__all__ = [
    "EstimatorSummary",
    "bernoulli_likelihood",
    "bernoulli_nll",
    "binomial_probs",
    "categorical_nll",
    "coin_flips",
    "cramer_rao_bound",
    "cross_entropy",
    "empirical_distribution",
    "entropy",
    "exceed_probability",
    "gaussian_datasets",
    "gaussian_likelihood",
    "gaussian_mean_exceed_probability",
    "gaussian_nll",
    "kl_divergence",
    "laplace_nll",
    "likelihood_area",
    "mse_ratio",
    "sample_mean",
    "sample_median",
    "sample_variance",
    "summarize",
    "variance_estimator_moments",
]

_SUM_TOLERANCE = 1e-6
_GRID_HINT = "; for a grid of values against one data set of shape (N,) pass {0}[:, None]"


# --- checks specific to probabilities (the generic ones are helpers.validate) ---------------------


def _probabilities(name: str, p) -> np.ndarray:
    """``p`` as a float array of probability vectors along the last axis (≥ 0, summing to 1)."""
    arr = validate.array(name, p)
    if arr.ndim == 0:
        raise ValueError(f"{name} must be a probability vector (at least 1-D), got a scalar {p!r}")
    if np.any(arr < 0):
        raise ValueError(f"{name} must have entries in [0, 1]; got {arr[arr < 0].flat[0]:.6g}")
    sums = arr.sum(axis=-1)
    off = np.abs(sums - 1.0) > _SUM_TOLERANCE
    if np.any(off):
        raise ValueError(
            f"{name} must sum to 1 along its last axis (a probability distribution); "
            f"got a sum of {sums[off].flat[0]:.6g}"
        )
    return arr


def _theta(name: str, theta) -> np.ndarray:
    """Parameters θ of a Bernoulli or binomial model: probabilities in [0, 1], any shape."""
    t = validate.array(name, theta)
    outside = (t < 0) | (t > 1)
    if np.any(outside):
        raise ValueError(f"{name} must be a probability in [0, 1], got {t[outside].flat[0]:.6g}")
    return t


def _sample_sizes(name: str, m) -> np.ndarray:
    """Sample sizes (numbers ≥ 1, any shape)."""
    m = validate.array(name, m)
    if np.any(m < 1):
        raise ValueError(f"{name} must be sample sizes >= 1, got {m[m < 1].flat[0]:.6g}")
    return m


def _examples(name: str, x) -> np.ndarray:
    """Data with the examples along the last axis (at least one)."""
    arr = validate.array(name, x)
    if arr.ndim == 0:
        raise ValueError(f"{name} must hold at least one example along its last axis, got a scalar")
    return arr


def _truth(truth, estimates: np.ndarray) -> np.ndarray:
    """The value being estimated: it broadcasts to one repetition, ``estimates[0]``."""
    truth = validate.array("truth", truth)
    if validate.broadcast("truth", truth, "estimates[0]", estimates[0]) != estimates.shape[1:]:
        raise ValueError(
            f"truth must broadcast to the shape of one repetition, estimates[0]: "
            f"{estimates.shape[1:]}, got {truth.shape}"
        )
    return truth


def _scalar_or_array(a: np.ndarray) -> float | np.ndarray:
    return float(a) if np.ndim(a) == 0 else a


# --- the empirical distribution ------------------------------------------------------------------


def empirical_distribution(samples, support) -> np.ndarray:
    """The lecture's ``p̂_data(x) = |{i : x_i = x}| / N`` for every value ``x`` of ``support``.

    ``samples``: (N,) observed values; ``support``: (K,) distinct possible values (e.g.
    ``np.arange(6)`` for a die). Returns (K,) frequencies that sum to 1. A sample that is not in
    ``support`` raises ``ValueError``.
    """
    x = validate.array("samples", samples).ravel()
    values = validate.array("support", support, ndim=1)
    if len(np.unique(values)) < len(values):
        raise ValueError("support must list distinct values; it has repeats")
    equal = x[:, None] == values  # (N, K): is x_i = x?
    outside = ~equal.any(axis=1)
    if np.any(outside):
        raise ValueError(
            f"samples must lie in support; got {x[outside][0]:.6g}, which is not one of "
            f"the {len(values)} support values"
        )
    return equal.sum(axis=0) / len(x)


# --- entropy, cross-entropy, KL ------------------------------------------------------------------


def _pair(p, q) -> tuple[np.ndarray, np.ndarray]:
    p = _probabilities("p", p)
    q = _probabilities("q", q)
    if p.shape[-1] != q.shape[-1]:
        raise ValueError(
            f"p and q must have the same number of outcomes (last axis), got {p.shape[-1]} "
            f"and {q.shape[-1]}"
        )
    validate.broadcast("p", p, "q", q)
    return p, q


def entropy(p) -> float | np.ndarray:
    """``H(p) = −Σ_x p(x) log p(x)`` (nats) along the last axis, with ``0 · log 0 = 0``.

    ``p``: (..., K) probability vectors. Returns shape (...,); a float for one vector.
    """
    p = _probabilities("p", p)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(p), 0.0)
    return _scalar_or_array(terms.sum(axis=-1))


def cross_entropy(p, q) -> float | np.ndarray:
    """``H(p, q) = −Σ_x p(x) log q(x)`` (nats): the expected NLL of the model ``q`` under ``p``.

    ``p``, ``q``: (..., K) probability vectors that broadcast against each other. Outcomes with
    ``p(x) = 0`` contribute 0 whatever ``q(x)`` is; ``q(x) = 0`` where ``p(x) > 0`` gives ``inf``.
    """
    p, q = _pair(p, q)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(q), 0.0)
    return _scalar_or_array(terms.sum(axis=-1))


def kl_divergence(p, q) -> float | np.ndarray:
    """``D_KL(p‖q) = Σ_x p(x) (log p(x) − log q(x)) = H(p, q) − H(p) ≥ 0`` (nats).

    Summed term by term (no cancellation between two large entropies). ``p``, ``q``: (..., K)
    probability vectors that broadcast; ``p(x) = 0`` terms are 0, and ``q(x) = 0`` where
    ``p(x) > 0`` gives ``inf``. Not symmetric: ``D_KL(p‖q) ≠ D_KL(q‖p)`` in general.
    """
    p, q = _pair(p, q)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    return _scalar_or_array(terms.sum(axis=-1))


# --- negative log-likelihoods and likelihoods of three model families ---------------------------


def bernoulli_nll(theta, x) -> float | np.ndarray:
    """Mean negative log-likelihood of 0/1 data under ``p(1; θ) = θ``, ``p(0; θ) = 1 − θ``.

    ``−(1/N) Σ_i [x_i log θ + (1 − x_i) log(1 − θ)]`` over the **last** axis of the broadcast of
    ``theta`` and ``x``: for a grid of θ against one data set pass ``theta[:, None]`` and ``x`` of
    shape (N,). ``theta`` in [0, 1]; θ = 0 with a 1 in the data (or θ = 1 with a 0) gives ``inf``.
    Its minimum (the likelihood's maximum) is at the mean of x.
    """
    theta = _theta("theta", theta)
    x = _examples("x", x)
    if np.any((x != 0) & (x != 1)):
        raise ValueError(f"x must contain only 0 and 1, got {x[(x != 0) & (x != 1)].flat[0]:.6g}")
    validate.broadcast("theta", theta, "x", x, _GRID_HINT.format("theta"))
    theta, x = np.broadcast_arrays(theta, x)
    with np.errstate(divide="ignore"):
        per_example = np.where(x == 1, -np.log(theta), -np.log1p(-theta))  # −log p(x_i; θ)
    return _scalar_or_array(per_example.mean(axis=-1))


def bernoulli_likelihood(theta, x) -> float | np.ndarray:
    """The likelihood ``L(θ) = Π_i p(x_i; θ) = θ^k (1 − θ)^(N − k)`` of 0/1 data with k ones.

    Computed as ``exp(−N · bernoulli_nll(θ, x))`` (the log turns the product into N times the
    mean NLL). Broadcasts as :func:`bernoulli_nll` does: for a grid of θ pass ``theta[:, None]``.
    """
    nll = bernoulli_nll(theta, x)
    n = np.broadcast_shapes(np.shape(theta), np.shape(x))[-1]
    return np.exp(-n * nll)


def categorical_nll(q, labels) -> float | np.ndarray:
    """Mean negative log-likelihood ``−(1/N) Σ_i log q(y_i)`` of labels under a categorical model.

    ``q``: (..., K) probability vectors (a grid of models is fine); ``labels``: (N,) integers in
    ``0..K−1``. Returns shape (...,). Equals ``cross_entropy(p̂_data, q)`` with ``p̂_data`` the
    labels' empirical distribution. A label with ``q(y) = 0`` gives ``inf``.
    """
    q = _probabilities("q", q)
    y = np.asarray(labels)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array of class indices, got {y.shape}")
    y = validate.labels("labels", y, y.size, q.shape[-1])
    with np.errstate(divide="ignore"):
        return _scalar_or_array(-np.log(q[..., y]).mean(axis=-1))


def gaussian_nll(y, mean, sigma: float) -> float | np.ndarray:
    """Mean negative log-likelihood of ``y`` under ``N(mean, σ²)``:

    ``(1/N) Σ_i [½ log(2πσ²) + (y_i − mean_i)² / (2σ²)]`` over the **last** axis of the broadcast
    of ``y`` and ``mean``. For regression ``mean`` is the prediction ``ŷ(x; θ)``, and this is
    ``½ log(2πσ²) + MSE / (2σ²)``: minimising it over θ is least squares, for every ``σ > 0``.
    For a grid of candidate means against one sample pass ``mean[:, None]``.
    """
    y = _examples("y", y)
    mean = validate.array("mean", mean)
    sigma = validate.positive("sigma", sigma)
    validate.broadcast("y", y, "mean", mean, _GRID_HINT.format("mean"))
    y, mean = np.broadcast_arrays(y, mean)
    per_example = 0.5 * np.log(2 * np.pi * sigma**2) + (y - mean) ** 2 / (2 * sigma**2)
    return _scalar_or_array(per_example.mean(axis=-1))


def laplace_nll(y, mean, b: float) -> float | np.ndarray:
    """Mean negative log-likelihood of ``y`` under Laplace noise, ``exp(−|y − mean|/b) / (2b)``:

    ``(1/N) Σ_i [log(2b) + |y_i − mean_i| / b]`` over the **last** axis of the broadcast of ``y``
    and ``mean``: a constant plus the mean absolute error over ``b``, so for a constant ``mean``
    its minimiser is a median of ``y``, for every scale ``b > 0``. Broadcasts as
    :func:`gaussian_nll` does.
    """
    y = _examples("y", y)
    mean = validate.array("mean", mean)
    b = validate.positive("b", b)
    validate.broadcast("y", y, "mean", mean, _GRID_HINT.format("mean"))
    y, mean = np.broadcast_arrays(y, mean)
    return _scalar_or_array((np.log(2 * b) + np.abs(y - mean) / b).mean(axis=-1))


def gaussian_likelihood(y, mean, sigma: float) -> float | np.ndarray:
    """The likelihood ``L = Π_i N(y_i; mean_i, σ²)`` of ``y``, as ``exp(−N · gaussian_nll)``.

    Broadcasts as :func:`gaussian_nll` does: for a grid of means pass ``mean[:, None]``.
    """
    nll = gaussian_nll(y, mean, sigma)
    n = np.broadcast_shapes(np.shape(y), np.shape(mean))[-1]
    return np.exp(-n * nll)


def likelihood_area(theta, likelihood) -> float:
    """``∫ L(θ) dθ`` over a grid of parameter values, by the trapezoid rule.

    A probability density over θ would give 1; a likelihood, a function of θ for fixed data,
    in general does not. ``theta``: (G,) increasing grid; ``likelihood``: (G,) values of L on it.
    """
    theta = validate.array("theta", theta, ndim=1)
    likelihood = validate.array("likelihood", likelihood, ndim=1)
    if likelihood.shape != theta.shape:
        raise ValueError(
            f"likelihood must have one value per θ, got shapes {likelihood.shape} and {theta.shape}"
        )
    if np.any(np.diff(theta) <= 0):
        raise ValueError("theta must be an increasing grid of parameter values")
    if np.any(likelihood < 0):
        raise ValueError(f"likelihood must be ≥ 0, got {likelihood[likelihood < 0][0]:.6g}")
    return float(np.trapezoid(likelihood, theta))


def binomial_probs(trials: int, theta) -> np.ndarray:
    """The binomial family ``p(k; θ) = C(n, k) θ^k (1 − θ)^(n − k)`` for ``k = 0..n``.

    A one-parameter model on the outcomes ``0..n`` (``n = trials``). ``theta`` in [0, 1], any
    shape; returns shape ``theta.shape + (n + 1,)``. Its MLE from samples ``k_i`` is
    ``θ = mean(k) / n``.
    """
    n = validate.integer("trials", trials, low=1)
    theta = _theta("theta", theta)[..., None]
    k = np.arange(n + 1)
    comb = np.array([math.comb(n, int(i)) for i in k], dtype=np.float64)
    return comb * theta**k * (1.0 - theta) ** (n - k)


# --- data: coin flips and Gaussian data sets ------------------------------------------------------


def coin_flips(n: int, theta: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` flips ``x_i ∈ {0, 1}`` of a coin with ``p(1) = θ``: ``x_i = 1`` when ``u_i < θ`` for
    uniform draws ``u_i`` from ``rng``. Returns an integer array of shape (n,).

    A generator seeded alike gives the same first flips for every ``n`` (more flips extend the
    same sequence), and for a larger θ the same draws only turn zeros into ones.
    """
    validate.rng(rng)
    n = validate.integer("n", n, low=1)
    theta = validate.real("theta", theta, "a probability in [0, 1]", lambda t: 0 <= t <= 1)
    u = rng.random(n)
    return (u < theta).astype(np.int64)


def gaussian_datasets(
    n: int, repetitions: int, rng: np.random.Generator, *, mean: float = 0.0, sigma: float = 1.0
) -> np.ndarray:
    """``repetitions`` independent data sets of ``n`` draws from ``N(mean, σ²)``, as one matrix.

    Returns shape (repetitions, n): row ``r`` is data set ``r``. Apply an estimator along the last
    axis (``sample_mean(x)``, ``sample_variance(x)`` …) to get its sampling distribution.
    The draws are ``mean + σ·z`` for the same standard normal ``z`` whatever ``mean`` and ``σ``.
    """
    validate.rng(rng)
    n = validate.integer("n", n, low=1)
    repetitions = validate.integer("repetitions", repetitions, low=1)
    mean = validate.real("mean", mean)
    sigma = validate.positive("sigma", sigma)
    return mean + sigma * rng.standard_normal((repetitions, n))


# --- estimators and their sampling distributions ------------------------------------------------


def sample_mean(x) -> float | np.ndarray:
    """``μ̂ = (1/N) Σ_i x_i`` along the last axis: the MLE of a Gaussian's (or Bernoulli's) mean.

    Unbiased, with variance ``σ²/N`` — exactly the Cramér–Rao bound for a Gaussian mean.
    """
    return _scalar_or_array(_examples("x", x).mean(axis=-1))


def sample_median(x) -> float | np.ndarray:
    """The sample median along the last axis: another consistent estimator of a Gaussian's mean.

    For Gaussian data its variance is about ``(π/2) σ²/N`` for large N: less efficient than μ̂.
    """
    return _scalar_or_array(np.median(_examples("x", x), axis=-1))


def sample_variance(x, ddof: int = 0) -> float | np.ndarray:
    """``σ̂² = (1/(N − ddof)) Σ_i (x_i − μ̂)²`` along the last axis.

    ``ddof = 0`` is the lecture's ``σ̂²`` and the Gaussian MLE: biased, ``E[σ̂²] = (1 − 1/N) σ²``.
    ``ddof = 1`` (Bessel's correction) is unbiased; ``ddof = −1`` has the smallest mean squared
    error for Gaussian data. Needs ``N > ddof``.
    """
    x = _examples("x", x)
    ddof = validate.integer("ddof", ddof, low=None)
    n = x.shape[-1]
    if n - ddof <= 0:
        raise ValueError(
            f"ddof must be below the number of examples N = {n} (the last axis of x, shape "
            f"{x.shape}), got ddof = {ddof}"
        )
    mu_hat = x.mean(axis=-1, keepdims=True)
    return _scalar_or_array(((x - mu_hat) ** 2).sum(axis=-1) / (n - ddof))


def variance_estimator_moments(n: int, sigma: float, ddof: int = 0) -> tuple[float, float, float]:
    """Exact ``(E[σ̂²], Var[σ̂²], MSE)`` of ``sample_variance(x, ddof)`` for ``N`` Gaussian draws.

    ``Σ (x_i − μ̂)² / σ²`` follows a χ² law with ``N − 1`` degrees of freedom (mean ``N − 1``,
    variance ``2(N − 1)``), so ``E = (N − 1) σ² / (N − ddof)``, ``Var = 2(N − 1) σ⁴ / (N − ddof)²``
    and ``MSE = Var + (E − σ²)²``. For ``ddof = 0``: ``E = (1 − 1/N) σ²``.
    """
    n = validate.integer("n", n, low=2)
    s2 = validate.positive("sigma", sigma) ** 2
    ddof = validate.integer("ddof", ddof, low=None)
    if ddof >= n:
        raise ValueError(f"ddof must be below the number of examples N = {n}, got ddof = {ddof}")
    expectation = (n - 1) * s2 / (n - ddof)
    variance = 2 * (n - 1) * s2**2 / (n - ddof) ** 2
    return expectation, variance, variance + (expectation - s2) ** 2


@dataclass(frozen=True)
class EstimatorSummary:
    """How an estimator's values ``θ_r`` (one per simulated data set) scatter around ``truth``.

    ``mean`` = average of θ_r, ``bias`` = mean − truth, ``variance`` = average of (θ_r − mean)²,
    ``mse`` = average of (θ_r − truth)² (= variance + bias²), ``stderr`` = the Monte-Carlo standard
    error of ``mean`` (sqrt(variance / R)), so ``mean ± 2·stderr`` brackets the true expectation
    in about 95 % of simulations.
    """

    mean: float | np.ndarray
    bias: float | np.ndarray
    variance: float | np.ndarray
    mse: float | np.ndarray
    stderr: float | np.ndarray


def summarize(estimates, truth) -> EstimatorSummary:
    """Summarise estimates along the **first** axis (repetitions): bias, variance, MSE.

    ``estimates``: (R,) or (R, ...) values of one estimator on R independent data sets;
    ``truth``: the value being estimated (broadcast against ``estimates[0]``).
    """
    e = validate.array("estimates", estimates)
    if e.ndim == 0 or e.shape[0] < 2:
        raise ValueError(f"estimates must hold at least 2 repetitions along axis 0, got {e.shape}")
    truth = _truth(truth, e)
    mean = e.mean(axis=0)
    variance = e.var(axis=0)
    mse = ((e - truth) ** 2).mean(axis=0)
    stderr = np.sqrt(variance / e.shape[0])
    return EstimatorSummary(
        *(_scalar_or_array(np.asarray(v)) for v in (mean, mean - truth, variance, mse, stderr))
    )


def mse_ratio(estimates_a, estimates_b, truth: float) -> tuple[float, float]:
    """``MSE(b) / MSE(a)`` of two estimators on the **same** R data sets, and its standard error.

    ``estimates_a``, ``estimates_b``: (R,) values of the two estimators. The standard error comes
    from the delta method, ``sd(log ratio) ≈ sd(u)/√R`` with ``u_r = e_b,r²/MSE(b) − e_a,r²/MSE(a)``
    (``e`` the errors), which accounts for the two estimators' correlation. The ratio > 1 means
    ``a`` is the more efficient one; for the Gaussian mean (a) and median (b) it tends to π/2.
    """
    a = validate.array("estimates_a", estimates_a, ndim=1)
    b = validate.array("estimates_b", estimates_b, ndim=1)
    if a.shape != b.shape or a.size < 2:
        raise ValueError(
            f"estimates_a and estimates_b must have the same length >= 2, got {a.shape} "
            f"and {b.shape}"
        )
    truth = validate.real("truth", truth)
    sq_a, sq_b = (a - truth) ** 2, (b - truth) ** 2
    mse_a, mse_b = sq_a.mean(), sq_b.mean()
    if mse_a == 0:
        raise ValueError("estimates_a are all exactly equal to truth: the ratio is undefined")
    ratio = mse_b / mse_a
    u = sq_b / mse_b - sq_a / mse_a if mse_b > 0 else -sq_a / mse_a
    return float(ratio), float(ratio * u.std() / math.sqrt(a.size))


def exceed_probability(estimates, truth, eps: float) -> float | np.ndarray:
    """The fraction of repetitions with ``|θ_m − θ| > ε``: a Monte-Carlo estimate of the
    probability that consistency says goes to 0 as the sample size m grows.

    ``estimates``: (R,) or (R, ...) along the first axis; ``eps > 0``.
    """
    e = validate.array("estimates", estimates)
    if e.ndim == 0:
        raise ValueError("estimates must hold repetitions along axis 0, got a scalar")
    truth = _truth(truth, e)
    eps = validate.positive("eps", eps)
    return _scalar_or_array((np.abs(e - truth) > eps).mean(axis=0))


def gaussian_mean_exceed_probability(m, eps: float, sigma: float = 1.0) -> float | np.ndarray:
    """Exact ``P(|μ̂_m − μ| > ε) = erfc(ε √m / (σ √2))`` for the mean of m Gaussian draws.

    ``m`` sample sizes (≥ 1, any shape), ``eps > 0``, ``sigma > 0``; it goes to 0 as m grows.
    """
    m = _sample_sizes("m", m)
    eps = validate.positive("eps", eps)
    sigma = validate.positive("sigma", sigma)
    z = eps * np.sqrt(m) / (sigma * math.sqrt(2.0))
    return _scalar_or_array(np.vectorize(math.erfc, otypes=[float])(z))


def cramer_rao_bound(n, fisher_information: float) -> float | np.ndarray:
    """The Cramér–Rao lower bound ``1 / (N · I(θ))`` on the variance of an unbiased estimator.

    ``I(θ) = E[(∂/∂θ log p(x; θ))²]`` is the Fisher information of one example: ``1/σ²`` for a
    Gaussian mean, ``1/(θ(1 − θ))`` for a Bernoulli θ. The MLE reaches the bound as N grows.
    """
    n = _sample_sizes("n", n)
    info = validate.positive("fisher_information", fisher_information)
    return _scalar_or_array(1.0 / (n * info))
