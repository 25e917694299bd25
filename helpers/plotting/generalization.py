"""Figures for notebook 01 (generalization): they draw what :mod:`helpers.generalization`
computes.

Every function takes an optional ``ax`` (a new figure in the house style when omitted) and
returns the ``Axes`` it drew on (:func:`double_descent` takes and returns several).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from helpers.plotting import COLORS, PALETTE, axes, figure


def fit(
    x_train,
    y_train,
    grid,
    truth,
    prediction=None,
    *,
    x_test=None,
    y_test=None,
    label: str = "fit",
    ylim=None,
    ax=None,
):
    """Training points, the true function ``truth`` (on ``grid``) and a fitted curve.

    ``x_test``/``y_test`` (optional) are drawn as faint dots. Curves are clipped to ``ylim``
    (default: the data's range with a margin), so a wild fit cannot hide the data.
    """
    _, ax = axes(ax)
    if x_test is not None:
        ax.plot(x_test, y_test, "o", ms=2.8, color=COLORS["test"], alpha=0.25, label="test set")
    ax.plot(grid, truth, color=COLORS["truth"], lw=1.5, ls="--", label="true f(x)")
    if prediction is not None:
        ax.plot(grid, prediction, color=COLORS["highlight"], label=label)
    # markers on a Line2D draw faster than a scatter collection (the live demo redraws this)
    ax.plot(x_train, y_train, "o", ms=6, color=COLORS["train"], zorder=3, label="training set")
    if ylim is None:
        values = np.concatenate([np.ravel(y_train), np.ravel(truth)])
        low, high = values.min(), values.max()
        ylim = (low - 0.3 * (high - low), high + 0.3 * (high - low))
    ax.set_ylim(*ylim)
    ax.set_xlabel("x")  # plain text, not mathtext: the live demo redraws faster
    ax.set_ylabel("y")
    return ax


def capacity_curve(degrees, train, test, *, noise: float | None = None, ax=None):
    """Train and test error against capacity (polynomial degree), DL book Fig 5.3 style.

    Marks the optimal capacity (smallest test error), the underfitting and overfitting zones
    and the generalization gap at the highest degree; ``noise`` draws the ``noise²`` floor.
    """
    _, ax = axes(ax)
    degrees, train, test = (np.asarray(a, dtype=float) for a in (degrees, train, test))
    best = int(np.argmin(test))
    ax.plot(degrees, train, "o-", color=COLORS["train"], label="training error")
    ax.plot(degrees, test, "s-", color=COLORS["test"], label="test (generalization) error")
    if noise is not None:
        floor = f"noise floor σ² = {noise**2:.3g}"
        ax.axhline(noise**2, color=COLORS["truth"], lw=1, ls=":", label=floor)
    ax.axvline(degrees[best], color=COLORS["highlight"], ls="--", lw=1.5)
    ax.annotate(
        f"optimal capacity\n(degree {degrees[best]:.0f})",
        (degrees[best], test[best]),
        xytext=(8, 40),
        textcoords="offset points",
        color=COLORS["highlight"],
        arrowprops={"arrowstyle": "->", "color": COLORS["highlight"]},
    )
    ax.set_yscale("log")
    low, high = min(train.min(), test.min()), max(train.max(), test.max())
    ax.set_ylim(low / 5.0, high * 4.0)  # room for the zone labels above, the legend below
    ax.text(degrees[best] - 0.3, high * 3.5, "← underfitting zone", ha="right", va="top")
    ax.text(degrees[best] + 0.3, high * 3.5, "overfitting zone →", ha="left", va="top")
    ax.annotate(
        "",
        (degrees[-1] + 0.4, train[-1]),
        xytext=(degrees[-1] + 0.4, test[-1]),
        arrowprops={"arrowstyle": "<->", "color": COLORS["truth"]},
    )
    gap_y = np.sqrt(max(train[-1], 1e-12) * test[-1])
    ax.text(
        degrees[-1] + 0.6,
        gap_y,
        "generalization\ngap",
        ha="left",
        va="center",
        color=COLORS["truth"],
    )
    ax.set_xlim(degrees[0] - 0.5, degrees[-1] + 3.5)
    ax.set_xlabel("capacity: polynomial degree")
    ax.set_ylabel("MSE (median over training sets)")
    ax.legend(loc="lower left")
    return ax


def against_lambda(
    lams,
    curves: Mapping[str, np.ndarray],
    *,
    ylabel: str = "MSE",
    mark: Mapping[str, float] | None = None,
    logy: bool = True,
    ax=None,
):
    """Curves over the regularization strength ``λ`` (log axis), e.g. train and dev error.

    ``curves`` maps a label to one value per ``λ``; labels containing "train", "dev" or "test"
    get those colours. ``mark`` maps a label to a ``λ`` drawn as a vertical line.
    """
    _, ax = axes(ax)
    lams = np.asarray(lams, dtype=float)
    others = iter(PALETTE[3:])
    for label, values in curves.items():
        role = next((r for r in ("train", "dev", "test") if r in label), None)
        color = COLORS[role] if role else next(others)
        ax.plot(lams, values, color=color, label=label)
    line_colors = (COLORS["highlight"], PALETTE[6])
    for (label, lam), color in zip((mark or {}).items(), line_colors, strict=False):
        ax.axvline(lam, color=color, ls="--", lw=1.5, label=label)
    ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("weight decay $λ$")
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def effective_capacity(lams, counts, *, parameters: int, n: int, marks=(), ax=None):
    """Effective number of parameters against ``λ``, with the representational count
    (``parameters``) and the number of training examples ``n`` as horizontal lines."""
    _, ax = axes(ax)
    ax.plot(lams, counts, color=COLORS["train"], label="effective parameters (ridge)")
    ax.axhline(
        parameters,
        color=COLORS["test"],
        ls="--",
        lw=1.5,
        label=f"representational: {parameters} weights",
    )
    ax.axhline(n, color=COLORS["truth"], ls=":", lw=1.5, label=f"training examples: {n}")
    for lam in marks:
        ax.axvline(lam, color=COLORS["highlight"], lw=1, ls="--")
    ax.set_xscale("log")
    ax.set_ylim(0, parameters + 1)
    ax.set_xlabel("weight decay $λ$")
    ax.set_ylabel("number of parameters")
    ax.legend(loc="lower left")
    return ax


def off_training_errors(smooth, errors: Mapping[str, np.ndarray], *, ax=None):
    """Average off-training-set error of each learner in groups of target functions with
    equal :func:`~helpers.generalization.smoothness`, and over all of them (dashed lines, and
    the title)."""
    _, ax = axes(ax)
    smooth = np.asarray(smooth)
    levels = np.unique(smooth)
    overall = []
    for (name, err), color in zip(errors.items(), PALETTE, strict=False):
        err = np.asarray(err)
        means = [err[smooth == s].mean() for s in levels]
        ax.plot(levels, means, "o-", color=color, label=name)
        ax.axhline(err.mean(), color=color, ls="--", lw=1)
        overall.append(f"{err.mean():.4f}")
    ax.set_title("average over all worlds (dashed): " + " / ".join(overall))
    ax.set_xlabel("smoothness of the true labelling (neighbours sharing a label)")
    ax.set_ylabel("average off-training-set error")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(loc="upper center", ncols=len(errors), bbox_to_anchor=(0.5, -0.18))
    return ax


def double_descent(sweep, *, axes_=None):
    """Belkin et al. (2019) Fig 2: 0-1 error (test and train), test squared loss and ``‖a‖``
    against the number of random features ``N`` (log axis), the threshold ``N = n`` marked.
    ``sweep`` is a :class:`~helpers.generalization.FeatureSweep`. Returns the three Axes."""
    if axes_ is None:
        _, axes_ = figure(ncols=3, width=2.0)
    err_ax, loss_ax, norm_ax = axes_
    N = sweep.sizes
    err_ax.plot(N, 100 * sweep.test_error, "o-", ms=3, color=COLORS["test"], label="test")
    err_ax.plot(N, 100 * sweep.train_error, "o-", ms=3, color=COLORS["train"], label="train")
    err_ax.set_ylabel("zero-one error (%)")
    loss_ax.plot(N, sweep.test_loss, "o-", ms=3, color=COLORS["test"])
    loss_ax.set_yscale("log")
    loss_ax.set_ylabel("test squared loss")
    norm_ax.plot(N, sweep.norm, "o-", ms=3, color=PALETTE[3])
    norm_ax.set_yscale("log")
    norm_ax.set_ylabel("weight norm $\\|a\\|$")
    for ax in axes_:
        ax.axvline(sweep.n_train, color=COLORS["truth"], ls="--", lw=1.5)
        ax.set_xscale("log")
        ax.set_xlabel("number of random features $N$")
    err_ax.text(
        sweep.n_train * 1.1,
        0.95,
        f"$N = n = {sweep.n_train}$",
        transform=err_ax.get_xaxis_transform(),
        va="top",
    )
    err_ax.legend(loc="center right")
    err_ax.set_title("classification error")
    loss_ax.set_title("squared loss on the test set")
    norm_ax.set_title("size of the fitted read-out")
    return axes_


def width_curve(parameters, train, test, *, threshold: float, clean=None, ax=None):
    """Nakkiran-style model-wise double descent: median train and test 0-1 error (%) against
    the number of parameters (log axis), the thin band showing the spread over seeds, and the
    interpolation threshold ``n·K`` as a dashed line. ``train``/``test``: (seeds, widths).

    ``clean`` (optional): ``(parameters, test)`` of the same networks trained on clean labels,
    drawn as a dashed median test curve for comparison."""
    _, ax = axes(ax)
    parameters = np.asarray(parameters)
    for values, role, label in ((train, "train", "train"), (test, "test", "test")):
        values = 100 * np.asarray(values)
        ax.fill_between(parameters, values.min(0), values.max(0), color=COLORS[role], alpha=0.2)
        ax.plot(parameters, np.median(values, 0), "o-", color=COLORS[role], label=label)
    if clean is not None:
        clean_parameters, clean_test = clean
        ax.plot(
            clean_parameters,
            100 * np.median(clean_test, 0),
            "^--",
            color=PALETTE[2],
            label="test, trained on clean labels",
        )
    ax.axvline(threshold, color=COLORS["truth"], ls="--", lw=1.5)
    ax.text(
        threshold * 1.08,
        0.97,
        f"$n·K = {threshold:.0f}$",
        transform=ax.get_xaxis_transform(),
        va="top",
    )
    ax.set_xscale("log")
    ax.set_xlabel("parameters of the network")
    ax.set_ylabel("zero-one error (%)")
    ax.legend(loc="lower left")
    return ax


def against_steps(
    steps,
    curves: Mapping[str, np.ndarray],
    *,
    ylabel: str,
    xlabel: str = "gradient-descent step $t$",
    logx: bool = True,
    styles: Sequence[str] | None = None,
    ax=None,
):
    """Curves over training steps (log axis by default), one per label in ``curves``."""
    _, ax = axes(ax)
    styles = styles or ["-"] * len(curves)
    for (label, values), color, style in zip(curves.items(), PALETTE, styles, strict=False):
        ax.plot(steps, values, style, color=color, label=label)
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax
