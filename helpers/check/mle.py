"""The "check yourself" exercises of notebook 02 (maximum likelihood).

Each function takes what the student wrote and returns a :class:`~helpers.check.Verdict`; the
reference is :mod:`helpers.mle`, and ``mistakes`` turn typical errors into specific feedback.
"""

from __future__ import annotations

import math

import numpy as np

from helpers import mle
from helpers.check import (
    Verdict,
    call,
    check_function,
    check_value,
    describe,
    limited_output,
)

__all__ = ["bernoulli_nll", "kl_divergence", "laplace_mle", "median_variance"]

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


def _mean_abs(x, centre) -> float:
    return float(np.mean(np.abs(x - centre)))


def _laplace_reference(x):
    mu = float(np.median(x))
    return mu, _mean_abs(x, mu)


_LAPLACE_CASES = [
    (np.array([0.0, 1.0, 5.0]),),
    (np.array([-2.0, 0.5, 0.0, 3.0, 10.0]),),
    (np.array([1.0, 4.0, 2.0, 8.0, 2.5, -3.0, 0.0]),),
]
_LAPLACE_HINT = (
    "Return a pair (μ̂, b̂). Write the mean NLL log(2b) + (1/N) Σ|x_i − μ|/b, minimise it in μ "
    "(where does its slope change sign?), then set its derivative in b to 0."
)


def _pair(fn, x) -> tuple[float, float]:
    mu, b = (float(v) for v in fn(x))
    return mu, b


def _laplace_parts(fn) -> str:
    """Which of μ̂ and b̂ is off on the first failing case — without their values."""
    for number, (x,) in enumerate(_LAPLACE_CASES, start=1):
        run = call(_pair, fn, np.copy(x))  # the student's code again, so within the time limit
        if run.failure() is not None:  # not a pair of numbers
            return "return a pair of two numbers (μ̂, b̂)."
        mu, b = run.value
        want_mu, want_b = _laplace_reference(x)
        parts = [
            f"{name} is {'right' if math.isclose(got, want, rel_tol=1e-6) else 'off'}"
            for name, got, want in [("μ̂", mu, want_mu), ("b̂", b, want_b)]
        ]
        if "off" in " ".join(parts):
            return f"case {number} ({describe(x)}): {', '.join(parts)}."
    return "not right on every case."


def laplace_mle(fn) -> Verdict:
    """Exercise: ``fn(x)`` = the maximum likelihood estimate ``(μ̂, b̂)`` of the Laplace law
    ``p(x; μ, b) = exp(−|x − μ|/b) / (2b)`` from a 1-D array ``x`` of odd length."""
    with limited_output():  # one budget for the student's printing in both parts
        return _laplace_verdict(fn)


_LAPLACE_MISTAKES = [
    (
        lambda x: (float(np.mean(x)), float(np.std(x))),
        "those are the Gaussian MLEs; the Laplace NLL has |x − μ|/b where the Gaussian "
        "one has (x − μ)²/(2σ²), so redo both derivatives.",
    ),
    (
        lambda x: (float(np.mean(x)), _mean_abs(x, np.mean(x))),
        "μ̂: the mean minimises a sum of *squared* deviations. Which point minimises "
        "Σ|x_i − μ|? Count how many x_i lie on each side of μ where the slope is 0.",
    ),
    (
        lambda x: (float(np.median(x)), _mean_abs(x, np.mean(x))),
        "μ̂ is right, but b̂ measures the deviations from the mean; in the NLL they are "
        "deviations from μ, and at the maximum μ = μ̂.",
    ),
    (
        lambda x: (float(np.median(x)), float(np.sqrt(np.mean((x - np.median(x)) ** 2)))),
        "μ̂ is right; b̂ is a root mean *square*, the Gaussian answer. Differentiate "
        "log(2b) + (1/N) Σ|x_i − μ̂|/b with respect to b instead.",
    ),
    (
        lambda x: (float(np.median(x)), float(np.sum(np.abs(x - np.median(x))))),
        "μ̂ is right; b̂ is N times too large: the log(2b) term appears once per example.",
    ),
    (
        lambda x: (float(np.median(x)), float(np.median(np.abs(x - np.median(x))))),
        "μ̂ is right; b̂ is the median absolute deviation, a robust scale estimate but not "
        "the maximiser of the likelihood: set ∂NLL/∂b = 0 and solve.",
    ),
]


def _laplace_verdict(fn) -> Verdict:
    verdict = check_function(
        "Laplace MLE (μ̂, b̂)",
        fn,
        _laplace_reference,
        _LAPLACE_CASES,
        mistakes=_LAPLACE_MISTAKES,
        hint=_LAPLACE_HINT,
    )
    if (
        verdict.passed is False
        and "expected" in verdict.message
        and "raised" not in verdict.message
    ):
        # an unknown mistake: say which estimate is off, not what the right values are
        return Verdict(verdict.exercise, False, f"{_laplace_parts(fn)} {_LAPLACE_HINT}")
    return verdict


# Var[median of 100 draws of N(0, 4)], from 200 000 simulated data sets (standard error 0.3 %);
# the large-N formula (π/2) σ²/m = 0.0628 is within the tolerance too.
_MEDIAN_VARIANCE_M100_SIGMA2 = 0.0619


def median_variance(answer) -> Verdict:
    """Exercise: the variance of the sample median of m = 100 draws from ``N(0, σ² = 4)`` —
    predicted from section 8 and confirmed by a simulation of about 10 000 data sets."""
    m, s2 = 100, 4.0
    ratio = math.pi / 2
    return check_value(
        "variance of the median (m = 100, σ² = 4)",
        answer,
        _MEDIAN_VARIANCE_M100_SIGMA2,
        rtol=0.06,  # wide enough for a 10 000-repetition simulation and the large-N formula
        mistakes=[
            (s2 / m, "that is the variance of the sample *mean*; the median is less efficient."),
            (
                (1 / ratio) * s2 / m,
                "smaller than the mean's variance? The median is the less efficient estimator: "
                "its variance is the larger one.",
            ),
            (
                ratio * math.sqrt(s2) / m,
                "that uses σ where σ² belongs: a variance scales with the square of the data's "
                "scale.",
            ),
            (
                math.sqrt(ratio) * s2 / m,
                "section 8's factor is a ratio of mean squared errors (variances), not of standard "
                "deviations: do not take its square root.",
            ),
            (
                math.sqrt(ratio * s2 / m),
                "that is a standard deviation; the exercise asks for the variance.",
            ),
            (
                ratio * s2 * m,
                "a variance of an average-like estimator falls with m, it does not grow.",
            ),
        ],
        hint="How does N·MSE of the median compare with σ² in section 8? Check your prediction "
        "with mle.gaussian_datasets and mle.sample_median.",
    )
