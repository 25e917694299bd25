"""Live demos for notebook 02 (maximum likelihood). Only wiring: :mod:`helpers.mle` computes,
:mod:`helpers.plotting.mle` draws.

- :func:`sampling_demo` — sample size N and noise σ: the sampling distributions of the mean and
  the median (estimating μ) and of the two variance estimators (estimating σ²).
- :func:`likelihood_demo` — sample size N and true θ of coin flips: the likelihood L(θ) and the
  mean NLL, their maximum/minimum at the MLE, and the area under L(θ) (not 1).
"""

from __future__ import annotations

import functools

import numpy as np

from helpers import mle, plotting, validate
from helpers.plotting import _check_figure
from helpers.plotting import mle as draw
from helpers.widgets import int_slider, live, slider

REPETITIONS = 2000  # simulated data sets per slider setting
SEED = 2  # the same random numbers for every setting, so a slider move changes only its effect
MAX_N = 200  # the sample-size slider's top
MAX_FLIPS = 200
_THETA = np.linspace(0.0, 1.0, 401)


@functools.lru_cache(maxsize=2)
def _datasets(sigma: float) -> np.ndarray:
    """``REPETITIONS`` data sets of ``MAX_N`` draws from N(0, σ²), from the same seed for every
    σ (so changing σ stretches the same draws). Cached: moving the N slider reuses them."""
    x = mle.gaussian_datasets(MAX_N, REPETITIONS, np.random.default_rng(SEED), sigma=sigma)
    x.setflags(write=False)  # shared between moves: nobody may change it
    return x


@functools.lru_cache(maxsize=64)
def _estimates(n: int, sigma: float) -> tuple[np.ndarray, ...]:
    """The four estimators on the first ``n`` draws of each data set of :func:`_datasets`:
    raising N adds draws to the same data sets. Cached, so returning to a setting (the
    instructor's back-and-forth) costs nothing.
    """
    x = _datasets(sigma)[:, :n]
    return (
        mle.sample_mean(x),
        mle.sample_median(x),
        mle.sample_variance(x, ddof=0),
        mle.sample_variance(x, ddof=1),
    )


def draw_sampling(n: int = 10, sigma: float = 1.0, *, fig=None):
    """Sampling distributions of four estimators over ``REPETITIONS`` Gaussian data sets.

    Left: estimates of μ = 0 by the sample mean (the MLE) and the sample median. Right: estimates
    of σ² by ``σ̂²`` (1/N, the MLE, biased) and ``s²`` (1/(N − 1), unbiased). Returns the Figure.
    ``fig``: the figure of the previous call, drawn into again (:func:`helpers.widgets.live`).
    """
    n = validate.integer("n", n, 2, MAX_N)
    sigma = validate.positive("sigma", sigma)
    fig = _check_figure("fig", fig, optional=True)
    mu_hat, median, biased, unbiased = _estimates(n, sigma)
    fig, (left, right) = draw.demo_panels(left=2.2, gap=2.6, reuse=fig)
    s_mean, s_median = mle.summarize(mu_hat, 0.0), mle.summarize(median, 0.0)
    ratio, _ = mle.mse_ratio(mu_hat, median, 0.0)
    draw.sampling_histograms(
        {
            f"mean (MLE): MSE {s_mean.mse:.3g}": mu_hat,
            f"median: MSE {s_median.mse:.3g}": median,
        },
        bins=np.linspace(-2.0 * sigma, 2.0 * sigma, 81),
        truth=0.0,
        ax=left,
    )
    left.set_xticks(sigma * np.arange(-2, 3))  # few ticks, at multiples of σ
    left.set_xlabel("estimate of μ (true μ = 0)")
    left.set_title(f"MSE ratio median/mean = {ratio:.2f}")

    s2 = sigma**2
    s_biased, s_unbiased = mle.summarize(biased, s2), mle.summarize(unbiased, s2)
    expectation, _, _ = mle.variance_estimator_moments(n, sigma, ddof=0)
    draw.sampling_histograms(
        {
            f"1/N (MLE): bias {s_biased.bias:+.3f}, MSE {s_biased.mse:.3g}": biased,
            f"1/(N−1): bias {s_unbiased.bias:+.3f}, MSE {s_unbiased.mse:.3g}": unbiased,
        },
        bins=np.linspace(0.0, 3.0 * s2, 81),
        truth=s2,
        markers={f"(1 − 1/N)·σ² = {expectation:.3g}": expectation},
        ax=right,
    )
    right.set_xticks(s2 * np.arange(4))
    right.set_xlabel(f"estimate of σ² (true σ² = {s2:.3g})")
    right.set_title(f"N = {n}: {REPETITIONS} simulated data sets")
    return fig


def sampling_demo():
    """Sliders for N and σ above :func:`draw_sampling`'s figure."""
    controls = {
        "n": int_slider(5, 2, MAX_N, "sample size N"),
        "sigma": slider(1.0, 0.5, 3.0, 0.1, "noise σ"),
    }
    return live(draw_sampling, controls)


def draw_likelihood(n: int = 10, theta: float = 0.7, *, fig=None):
    """The likelihood and the mean NLL of ``n`` coin flips with ``P(1) = theta``
    (:func:`helpers.mle.coin_flips` from the same seed every time, so raising ``n`` adds flips
    to the same data set). Returns the Figure.
    ``fig``: the figure of the previous call, drawn into again (:func:`helpers.widgets.live`)."""
    n = validate.integer("n", n, 1, MAX_FLIPS)
    theta = validate.real("theta", theta, "a probability in [0, 1]", lambda v: 0 <= v <= 1)
    fig = _check_figure("fig", fig, optional=True)
    flips = mle.coin_flips(n, theta, np.random.default_rng(SEED))
    likelihood = mle.bernoulli_likelihood(_THETA[:, None], flips)
    nll = mle.bernoulli_nll(_THETA[:, None], flips)
    area = mle.likelihood_area(_THETA, likelihood)
    fig, (left, right) = draw.demo_panels(top=3.0, reuse=fig)
    draw.likelihood_curve(_THETA, likelihood, ax=left)
    left.axvline(theta, color=plotting.COLORS["truth"], lw=1.5)
    draw.likelihood_curve(_THETA, -nll, ylabel="mean log-likelihood −NLL", ax=right)
    right.axvline(theta, color=plotting.COLORS["truth"], lw=1.5, label=f"true θ = {theta:.2f}")
    right.set_ylim(-3.0, 0.0)
    right.set_yticks([-3.0, -2.0, -1.0, 0.0])
    for ax in (left, right):
        ax.set_xticks([0.0, 0.25, 0.5, 0.75, 1.0])
    right.legend(loc="lower center")
    fig.suptitle(
        f"{int(flips.sum())} ones in N = {n} flips: MLE θ = {mle.sample_mean(flips):.3f} (dashed); "
        f"area under L(θ) = {area:.3g}, not 1"
    )
    return fig


def likelihood_demo():
    """Sliders for the number of flips N and the true θ above :func:`draw_likelihood`'s figure."""
    controls = {
        "n": int_slider(10, 1, MAX_FLIPS, "flips N"),
        "theta": slider(0.7, 0.05, 0.95, 0.05, "true θ"),
    }
    return live(draw_likelihood, controls)
