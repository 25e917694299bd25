"""Figures for notebook 02 (maximum likelihood): they draw what :mod:`helpers.mle` computes.

Every function takes an optional ``ax`` (a new figure in the house style when omitted) and
returns the ``Axes`` it drew on.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import StepPatch

from helpers import validate
from helpers.plotting import (
    COLORS,
    PALETTE,
    _check_color,
    _check_curves,
    _check_values,
    axes,
    figure,
    fixed_margins,
)


def demo_panels(*, left: float = 5.5, gap: float = 6.5, top: float = 2.4, reuse=None):
    """A 1×2 figure for a live demo with fixed margins, returned as ``(fig, (left, right))``.

    The house style's constrained layout measures every label on each redraw (about a third of
    a demo's time); fixed margins skip that. They are given in units of the current font size
    (``left``: room for the left panel's tick labels and y label, ``gap``: the same for the right
    panel, ``top``: titles), so they fit in the notebook and the presentation style alike.
    ``reuse``: the figure of the demo's last move, emptied and returned (``figure(reuse=)``).
    """
    fig, panels = figure(ncols=2, layout="none", reuse=reuse)
    fixed_margins(fig, left=left, right=1.2, bottom=3.2, top=top, gap=gap, ncols=2)
    return fig, panels


def empirical_vs_true(support, p_data, p_hat, *, n: int | None = None, ax=None):
    """Bars of the empirical distribution ``p̂_data`` with the true ``p_data`` as black ticks."""
    support = _check_values("support", support)
    p_data, p_hat = (
        _probabilities(k, v, n=len(support), of="support")
        for k, v in (("p_data", p_data), ("p_hat", p_hat))
    )
    n = None if n is None else validate.integer("n", n, 1)
    _, ax = axes(ax)
    ax.bar(support, p_hat, width=0.7, color=COLORS["train"], alpha=0.8, label=r"$\hat p_{data}$")
    ax.scatter(support, p_data, marker="_", s=900, linewidths=3, color=COLORS["truth"], zorder=3)
    ax.plot([], [], color=COLORS["truth"], lw=3, label=r"$p_{data}$ (true)")
    ax.set_xticks(support)
    ax.set_xlabel("outcome $x$")
    ax.set_ylabel("probability")
    if n is not None:
        ax.set_title(f"$N = {n}$ samples")
    ax.legend(loc="upper left")
    return ax


def likelihood_curve(theta, values, *, label=None, color=None, ylabel="likelihood L(θ)", ax=None):
    """``values`` against ``theta`` with the maximum marked by a dot and a dashed line.
    ``values`` may hold −∞ (a log-likelihood where the likelihood is 0)."""
    theta = _check_values("theta", theta)
    values = _check_values("values", values, n=len(theta), of="theta", finite=False)
    if np.isnan(values).any() or np.isposinf(values).any() or np.isneginf(values).all():
        raise ValueError("values must be finite numbers or −∞ (the log of 0), some finite")
    label = validate.text("label", label, optional=True)
    color = _check_color("color", color, optional=True) or COLORS["train"]
    ylabel = validate.text("ylabel", ylabel)
    _, ax = axes(ax)
    ax.plot(theta, values, color=color, label=label)
    best = int(np.argmax(values))
    ax.axvline(theta[best], color=color, ls="--", lw=1)
    ax.plot(theta[best], values[best], "o", color=color)
    ax.set_xlabel("parameter θ")
    ax.set_ylabel(ylabel)
    return ax


def nll_decomposition(theta, nll, cross_entropy, kl, entropy: float, ax=None):
    """The chain NLL = H(p̂, q_θ) = D_KL(p̂‖q_θ) + H(p̂) as curves over θ, with their minima."""
    theta = _check_values("theta", theta)
    nll, cross_entropy, kl = (
        _check_values(k, v, n=len(theta), of="theta")
        for k, v in (("nll", nll), ("cross_entropy", cross_entropy), ("kl", kl))
    )
    entropy = validate.nonnegative("entropy", entropy)
    _, ax = axes(ax)
    curves = [
        (nll, "mean NLL  $-\\frac{1}{N}\\sum_i \\log q_θ(x_i)$", PALETTE[0], "-", 6),
        (cross_entropy, "cross-entropy $H(\\hat p, q_θ)$", PALETTE[4], "--", 2.5),
        (np.asarray(kl) + entropy, "$D_{KL}(\\hat p \\| q_θ) + H(\\hat p)$", PALETTE[6], ":", 2),
        (kl, "$D_{KL}(\\hat p \\| q_θ)$", PALETTE[1], "-", 2),
    ]
    for values, label, color, style, width in curves:
        ax.plot(theta, values, ls=style, lw=width, color=color, label=label)
        best = int(np.argmin(values))
        ax.plot(theta[best], values[best], "o", color=color, ms=8)
    ax.axhline(entropy, color=COLORS["truth"], lw=1)
    ax.annotate(
        f"$H(\\hat p) = {entropy:.3f}$",
        (theta[-1], entropy),
        xytext=(0, 4),
        textcoords="offset points",
        ha="right",
        va="bottom",
        color=COLORS["truth"],
    )
    ax.axvline(theta[int(np.argmin(nll))], color=COLORS["truth"], ls="--", lw=1)
    ax.set_xlabel("model parameter $θ$")
    ax.set_ylabel("nats")
    ax.legend(loc="upper center")
    return ax


def logistic_loss(z, losses: Mapping[str, np.ndarray], ax=None):
    """Per-example losses against the logit ``z`` (one curve per label)."""
    z = _check_values("z", z)
    losses = _colored("losses", _check_curves("losses", losses, n=len(z), of="z"))
    _, ax = axes(ax)
    for (label, values), color in zip(losses.items(), PALETTE, strict=False):
        ax.plot(z, values, label=label, color=color)
    ax.set_xlabel("logit $z$ (model: $p(y = 1 \\mid x) = σ(z)$)")
    ax.set_ylabel("$-\\log p(y \\mid x)$")
    ax.legend()
    return ax


def bias_vs_n(n, means, stderrs, n_curve, expected, truth: float, ax=None):
    """Monte-Carlo averages of an estimator (± 2 standard errors) at sample sizes ``n`` against
    its exact expectation ``expected`` at sizes ``n_curve``, and the true value ``truth``."""
    n = _check_values("n", n, positive=True)
    means = _check_values("means", means, n=len(n), of="n")
    stderrs = _stderrs("stderrs", stderrs, len(n))
    n_curve = _check_values("n_curve", n_curve, positive=True)
    expected = _check_values("expected", expected, n=len(n_curve), of="n_curve")
    truth = validate.real("truth", truth)
    _, ax = axes(ax)
    ax.axhline(truth, color=COLORS["truth"], lw=1.5, label=f"true $σ^2 = {truth:g}$")
    ax.plot(n_curve, expected, color=COLORS["highlight"], label="$(1 - 1/N)\\,σ^2$")
    ax.errorbar(
        n,
        means,
        yerr=2 * stderrs,
        fmt="o",
        color=COLORS["train"],
        capsize=4,
        label="simulated average of $\\hat σ^2$ (± 2 s.e.)",
    )
    ax.set_xscale("log")
    ax.set_xlabel("sample size $N$")
    ax.set_ylabel("$\\mathbb{E}[\\hat σ^2]$")
    ax.legend(loc="lower right")
    return ax


def exceed_curves(m, simulated: Mapping, exact=(), ax=None):
    """``P(|θ_m − θ| > ε)`` against the sample size ``m``: simulated points, exact thin lines.

    ``simulated`` maps a label (e.g. ``"mean, ε = 0.1"``; labels containing "median" are dashed)
    to one probability per ``m``; ``exact`` is a sequence of exact curves over ``m`` for the
    sample mean, drawn thin and grey under one legend entry.
    """
    m = _check_values("m", m, positive=True)
    simulated = _colored("simulated", _probability_curves("simulated", simulated, m))
    if not isinstance(exact, list | tuple):
        raise TypeError(f"exact must be a list of curves over m, got {type(exact).__name__}")
    exact = [_probabilities(f"exact[{k}]", c, n=len(m), of="m") for k, c in enumerate(exact)]
    _, ax = axes(ax)
    for (label, probs), color in zip(simulated.items(), PALETTE, strict=False):
        style = "s--" if "median" in label else "o-"
        ax.plot(m, probs, style, color=color, label=label, lw=1.5)
    for i, probs in enumerate(exact):
        label = "exact, sample mean" if i == 0 else None
        ax.plot(m, probs, color=COLORS["truth"], lw=1, label=label)
    ax.set_xscale("log")
    ax.set_xlabel("sample size $m$")
    ax.set_ylabel("$P(|θ_m - θ| > ε)$")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(fontsize="small")
    return ax


def mse_vs_n(n, mses: Mapping, bound, ax=None):
    """Mean squared errors of estimators against ``N`` (log–log) with the Cramér–Rao bound."""
    n = _check_values("n", n, positive=True)
    mses = _colored("mses", _check_curves("mses", mses, n=len(n), of="n", positive=True))
    bound = _check_values("bound", bound, n=len(n), of="n", positive=True)
    _, ax = axes(ax)
    for (label, values), color in zip(mses.items(), PALETTE, strict=False):
        ax.plot(n, values, "o-", color=color, label=label)
    ax.plot(n, bound, color=COLORS["truth"], ls="--", zorder=3, label="Cramér–Rao bound $σ^2/N$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("sample size $N$")
    ax.set_ylabel("mean squared error")
    ax.legend()
    return ax


def efficiency_ratio(n, ratio, stderr, limit: float, ax=None):
    """A ratio of mean squared errors (± 2 standard errors) against ``N``, with its large-N
    ``limit`` as a dashed line and 1 (equally efficient) as a thin one."""
    n = _check_values("n", n, positive=True)
    ratio = _check_values("ratio", ratio, n=len(n), of="n")
    stderr = _stderrs("stderr", stderr, len(n))
    limit = validate.real("limit", limit)
    _, ax = axes(ax)
    ax.errorbar(
        n,
        ratio,
        yerr=2 * stderr,
        fmt="o-",
        capsize=4,
        color=COLORS["test"],
        label="MSE(median) / MSE(mean) (± 2 s.e.)",
    )
    ax.axhline(limit, color=COLORS["truth"], ls="--", label=f"$π/2 = {limit:.4f}$")
    ax.axhline(1.0, color=COLORS["truth"], lw=1)
    ax.set_xscale("log")
    ax.set_xlabel("sample size $N$")
    ax.set_ylabel("ratio of MSEs")
    ax.set_ylim(0.9, 1.8)
    ax.legend(loc="center right")
    return ax


def regression_fits(x, y, lines: Mapping, ax=None):
    """Data points and fitted lines ``θ₀ + θ₁x``; ``lines`` maps a label to ``(θ₀, θ₁)``."""
    x = _check_values("x", x)
    y = _check_values("y", y, n=len(x), of="x")
    checked = {}
    for label, line in validate.mapping("lines", lines, "label → (θ₀, θ₁)").items():
        parts = validate.parts(f"lines[{label!r}]", line, 2, "(θ₀, θ₁)")
        checked[label] = tuple(validate.real(f"lines[{label!r}]", v) for v in parts)
    lines = checked
    _, ax = axes(ax)
    ax.scatter(x, y, color=COLORS["truth"], s=25, label="data", zorder=3)
    grid = np.linspace(np.min(x), np.max(x), 2)
    styles = ["-", "--", ":", "-."]
    for i, (label, (b, w)) in enumerate(lines.items()):
        ax.plot(
            grid,
            b + w * grid,
            ls=styles[i % len(styles)],
            color=PALETTE[i % len(PALETTE)],
            lw=4 - i * 0.7,
            label=label,
        )
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend()
    return ax


def nll_profiles(theta, curves: Mapping, best: float, *, xlabel="slope $θ_1$", ax=None):
    """Curves over one parameter (one per σ), their minima as dots, and ``best`` as a line."""
    theta = _check_values("theta", theta)
    curves = _colored("curves", _check_curves("curves", curves, n=len(theta), of="theta"))
    best = validate.real("best", best)
    xlabel = validate.text("xlabel", xlabel)
    _, ax = axes(ax)
    for (label, values), color in zip(curves.items(), PALETTE, strict=False):
        values = np.asarray(values)
        ax.plot(theta, values, color=color, label=label)
        i = int(np.argmin(values))
        ax.plot(theta[i], values[i], "o", color=color, ms=8)
    ax.axvline(best, color=COLORS["truth"], ls="--", lw=1, label="least squares")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("mean Gaussian NLL")
    ax.legend()
    return ax


def sampling_histograms(
    estimates: Mapping, *, bins, truth: float, markers: Mapping | None = None, ax=None
):
    """Histograms (outlined and lightly filled) of estimators' values over repeated data sets.

    ``estimates`` maps a legend label to the values; ``truth`` is drawn as a solid line and each
    of ``markers`` (label → position) as a dotted one. The y axis (density) has no ticks: only
    the shapes matter.
    """
    estimates = _colored("estimates", _check_curves("estimates", estimates, "label → values"))
    bins = _check_values("bins", bins)
    if len(bins) < 2 or not (np.diff(bins) > 0).all():
        raise ValueError(f"bins must be at least 2 increasing bin edges, got {bins}")
    truth = validate.real("truth", truth)
    markers = _markers("markers", markers)
    _, ax = axes(ax)
    width = bins[1] - bins[0]
    top = 0.0
    for (label, values), color in zip(estimates.items(), PALETTE, strict=False):
        counts, _ = np.histogram(values, bins=bins)
        density = counts / (len(values) * width)
        top = max(top, density.max())
        # added as an artist, not by ax.stairs: the limits are set below, and autoscaling
        # would walk every step of the outline (a few ms per histogram on each redraw)
        ax.add_artist(
            StepPatch(
                density,
                bins,
                fill=True,
                facecolor=to_rgba(color, 0.15),
                edgecolor=color,
                lw=2,
                label=label,
            )
        )
    ax.set_ylim(0.0, 1.4 * top if top > 0 else 1.0)  # room for the legend
    ax.axvline(truth, color=COLORS["truth"], lw=2)
    for (label, position), color in zip((markers or {}).items(), PALETTE[4:], strict=False):
        ax.axvline(position, color=color, ls=":", lw=2, label=label)
    ax.set_xlim(bins[0], bins[-1])
    ax.set_ylabel("density")
    ax.set_yticks([])
    ax.legend(fontsize="small", loc="upper right")
    return ax


# --- argument checks ---------------------------------------------------------------------------


def _colored(name: str, curves: dict) -> dict:
    """``curves`` when each can have a colour of its own (at most one per palette colour)."""
    if len(curves) > len(PALETTE):
        raise ValueError(f"{name} must hold at most {len(PALETTE)} curves, got {len(curves)}")
    return curves


def _probabilities(name: str, value, **options) -> np.ndarray:
    """Probabilities to draw: finite numbers in [0, 1]."""
    p = _check_values(name, value, **options)
    if not ((p >= 0) & (p <= 1)).all():
        raise ValueError(f"{name} must hold probabilities in [0, 1], got {p}")
    return p


def _probability_curves(name: str, curves, m: np.ndarray) -> dict:
    """A mapping of labels to probabilities, one per entry of ``m``."""
    validate.mapping(name, curves)
    return {k: _probabilities(f"{name}[{k!r}]", v, n=len(m), of="m") for k, v in curves.items()}


def _stderrs(name: str, value, n: int) -> np.ndarray:
    """``n`` standard errors: finite numbers ≥ 0."""
    errors = _check_values(name, value, n=n, of="n")
    if (errors < 0).any():
        raise ValueError(f"{name} must hold standard errors ≥ 0, got {errors}")
    return errors


def _markers(name: str, markers) -> dict | None:
    """None, or label → position of at most 4 dotted lines (the palette's last colours)."""
    if markers is None:
        return None
    validate.mapping(name, markers, "label → position", empty=True)
    for label, position in markers.items():
        validate.real(f"{name}[{label!r}]", position)
    if len(markers) > len(PALETTE) - 4:
        raise ValueError(f"{name} must hold at most {len(PALETTE) - 4} lines, got {markers}")
    return markers
