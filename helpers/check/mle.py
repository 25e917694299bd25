"""The "check yourself" exercises of notebook 02 (maximum likelihood).

Each function takes what the student wrote and returns a :class:`~helpers.check.Verdict`; the
reference is :mod:`helpers.mle`, and ``mistakes`` turn typical errors into specific feedback.
"""

from __future__ import annotations

import math

import numpy as np

from helpers import mle
from helpers.check import Verdict, check_function, check_value

__all__ = ["bernoulli_nll", "biased_variance_expectation", "kl_divergence", "median_sample_size"]

_LN2 = math.log(2.0)


def bernoulli_nll(fn) -> Verdict:
    """Exercise: ``fn(theta, x)`` = the mean negative log-likelihood of 0/1 data ``x`` under
    ``p(1) = θ``, for a float ``theta`` in (0, 1) and a 1-D array ``x``."""
    cases = [
        (0.5, np.array([1.0, 0.0, 1.0, 1.0])),
        (0.7, np.array([1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0])),
        (0.2, np.array([0.0, 0.0, 0.0, 1.0, 0.0])),
    ]
    ref = mle.bernoulli_nll
    return check_function(
        "Bernoulli negative log-likelihood",
        fn,
        ref,
        cases,
        mistakes=[
            (
                lambda t, x: -ref(t, x),
                "the sign is flipped: that is the mean log-likelihood; the loss is its negative.",
            ),
            (
                lambda t, x: len(x) * ref(t, x),
                "that is the sum over the examples; take the mean (divide by N).",
            ),
            (
                lambda t, x: ref(1.0 - t, x),
                "θ and 1 − θ are swapped: a 1 has probability θ, a 0 has probability 1 − θ.",
            ),
            (
                lambda t, x: ref(t, x) / _LN2,
                "that is in bits (log base 2); use the natural logarithm np.log.",
            ),
            (
                lambda t, x: -np.mean(x * np.log(t)),
                "the zeros are missing: each 0 contributes −log(1 − θ).",
            ),
        ],
        hint="Per example the loss is −[x log θ + (1 − x) log(1 − θ)]; average it over x.",
    )


def _reverse_kl(p, q):
    return mle.kl_divergence(q, p)


def _naive_kl(p, q):
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(p * np.log(p / q)))


def kl_divergence(fn) -> Verdict:
    """Exercise: ``fn(p, q)`` = ``D_KL(p‖q)`` in nats for two probability vectors, with
    ``0 · log 0 = 0`` and ``inf`` when q is 0 where p is not."""
    cases = [
        (np.array([0.5, 0.5]), np.array([0.5, 0.5])),
        (np.array([0.7, 0.2, 0.1]), np.array([0.4, 0.4, 0.2])),
        (np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.25, 0.5])),
        (np.array([0.5, 0.5, 0.0]), np.array([1.0, 0.0, 0.0])),
    ]
    return check_function(
        "KL divergence",
        fn,
        mle.kl_divergence,
        cases,
        mistakes=[
            (_reverse_kl, "that is D_KL(q‖p): the divergence is not symmetric; weight by p."),
            (
                lambda p, q: mle.kl_divergence(p, q) / _LN2,
                "that is in bits (log base 2); use the natural logarithm np.log.",
            ),
            (
                mle.cross_entropy,
                "that is the cross-entropy H(p, q) = D_KL(p‖q) + H(p); subtract the entropy.",
            ),
            (
                _naive_kl,
                "an outcome with p = 0 must contribute 0 (0·log 0 = 0), not NaN: "
                "sum only where p > 0 (e.g. with a mask or np.where).",
            ),
        ],
        hint="D_KL(p‖q) = Σ p(x) (log p(x) − log q(x)), summed over the x with p(x) > 0.",
    )


def biased_variance_expectation(answer) -> Verdict:
    """Exercise: the expected value of ``σ̂² = (1/N) Σ (x_i − μ̂)²`` for N = 5 draws of a
    distribution with variance σ² = 10."""
    n, s2 = 5, 10.0
    expected, _, _ = mle.variance_estimator_moments(n, math.sqrt(s2), ddof=0)
    return check_value(
        "E[σ̂²] for N = 5, σ² = 10",
        answer,
        expected,
        mistakes=[
            (s2, "that would make σ̂² unbiased; the 1/N version is biased."),
            (
                s2 * n / (n - 1),
                "the bias goes the other way: μ̂ sits closer to the data than the true μ does, "
                "so the spread around μ̂ is too small.",
            ),
            (s2 / n, "σ²/N is the variance of the sample mean μ̂, not the expectation of σ̂²."),
        ],
        hint="Use the lecture's factor (1 − 1/N).",
    )


def median_sample_size(answer) -> Verdict:
    """Exercise: how many Gaussian samples the sample median needs to estimate μ as precisely
    (same mean squared error) as the sample mean of N = 100 samples, for large N."""
    n = 100
    expected = n * math.pi / 2  # MSE(median) ≈ (π/2) σ²/N against σ²/N for the mean
    return check_value(
        "sample size for the median",
        answer,
        expected,
        rtol=0.02,
        mistakes=[
            (n, "the median is less efficient than the mean: it needs more data, not the same."),
            (
                n * 2 / math.pi,
                "that is fewer samples than the mean needs: the median is the less efficient one.",
            ),
            (
                n * math.sqrt(math.pi / 2),
                "π/2 is a ratio of variances, and both variances fall like 1/N: scale N by the "
                "ratio itself, not by its square root.",
            ),
        ],
        hint="Set (π/2)·σ²/N_median equal to σ²/100 and solve for N_median.",
    )
