"""Figures for notebook 01 (generalization): they draw what :mod:`helpers.generalization`
computes.

Every function takes an optional ``ax`` (a new figure in the house style when omitted) and
returns the ``Axes`` it drew on (:func:`double_descent` takes and returns several).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np

from helpers import validate
from helpers.generalization import FeatureSweep
from helpers.plotting import (
    _BIG,
    COLORS,
    PALETTE,
    _check_colors,
    _check_curves,
    _check_panels,
    _check_values,
    axes,
    figure,
)

# One colour per concept across notebook 01, besides the shared roles in COLORS (train, test,
# dev, truth/reference lines, highlight): the size of the weights, the effective parameter
# count, and the three learners of the no-free-lunch enumeration.
NORM = PALETTE[3]  # purple: ‖w‖, ‖a‖
EFFECTIVE = PALETTE[6]  # black: effective number of parameters
LEARNERS = (PALETTE[5], "#882255", "#999933")  # sky blue, wine, olive


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
    x_train = _check_values("x_train", x_train)
    y_train = _check_values("y_train", y_train, n=len(x_train), of="x_train")
    grid = _check_values("grid", grid)
    truth = _check_values("truth", truth, n=len(grid), of="grid")
    if prediction is not None:
        prediction = _check_values("prediction", prediction, n=len(grid), of="grid")
    x_test, y_test = _test_set(x_test, y_test)
    label = validate.text("label", label)
    ylim = None if ylim is None else validate.interval("ylim", ylim)
    _, ax = axes(ax)
    if x_test is not None:
        ax.plot(x_test, y_test, "o", ms=2.8, color=COLORS["test"], alpha=0.25, label="test set")
    thin = 0.75 * mpl.rcParams["lines.linewidth"]  # thinner than the fit, in either style
    ax.plot(grid, truth, color=COLORS["truth"], lw=thin, ls="--", label="true f(x)")
    if prediction is not None:
        ax.plot(grid, prediction, color=COLORS["highlight"], label=label)
    # markers on a Line2D draw faster than a scatter collection (the live demo redraws this)
    ax.plot(x_train, y_train, "o", color=COLORS["train"], zorder=3, label="training set")
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
    degrees, train, test, noise = _errors_by_degree(degrees, train, test, noise)
    _, ax = axes(ax)
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
    lams = _check_values("lams", lams, positive=True)
    curves = _check_curves("curves", curves, n=len(lams), of="lams")
    ylabel = validate.text("ylabel", ylabel)
    if mark is not None:
        mark = validate.mapping("mark", mark, "label → λ", empty=True)
        if len(mark) > 2:
            raise ValueError(f"mark must hold at most 2 lines (2 colours), got {len(mark)}")
        for label, lam in mark.items():
            validate.positive(f"mark[{label!r}]", lam)
    logy = validate.flag("logy", logy)
    _, ax = axes(ax)
    for label, values in curves.items():
        role = next((r for r in ("train", "dev", "test") if r in label), None)
        color = COLORS[role] if role else NORM  # the only other curve drawn here: ‖w‖
        ax.plot(lams, values, color=color, label=label)
    line_colors = (COLORS["highlight"], COLORS["truth"])
    for (label, lam), color in zip((mark or {}).items(), line_colors, strict=False):
        ax.axvline(lam, color=color, ls="--", lw=1.5, label=label)
    ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("weight decay λ")
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def effective_capacity(lams, counts, *, parameters: int, n: int, marks=(), ax=None):
    """Effective number of parameters against ``λ``, with the representational count
    (``parameters``) and the number of training examples ``n`` as horizontal lines."""
    lams = _check_values("lams", lams, positive=True)
    counts = _check_values("counts", counts, n=len(lams), of="lams")
    parameters = validate.integer("parameters", parameters, 1, _BIG)
    n = validate.integer("n", n, 1, _BIG)
    marks = _check_values("marks", marks, empty=True, positive=True)
    _, ax = axes(ax)
    ax.plot(lams, counts, color=EFFECTIVE, label="effective parameters (ridge)")
    ax.axhline(
        parameters,
        color=COLORS["truth"],
        ls="--",
        lw=1.5,
        label=f"representational: {parameters} weights",
    )
    ax.axhline(n, color=COLORS["truth"], ls=":", lw=1.5, label=f"training examples: {n}")
    for lam in marks:
        ax.axvline(lam, color=COLORS["highlight"], lw=1, ls="--")
    ax.set_xscale("log")
    ax.set_ylim(0, parameters + 1)
    ax.set_xlabel("weight decay λ")
    ax.set_ylabel("number of parameters")
    ax.legend(loc="lower left")
    return ax


def off_training_errors(smooth, errors: Mapping[str, np.ndarray], *, ax=None):
    """Average off-training-set error of each learner in groups of target functions with
    equal :func:`~helpers.generalization.smoothness`, and over all of them (dashed lines, and
    the title). The groups hold different numbers of worlds; each count is written above its
    group, and the overall averages (dashed) weight every world equally."""
    smooth = _check_values("smooth", smooth)
    errors = _check_curves("errors", errors, "learner → errors", n=len(smooth), of="smooth")
    if len(errors) > len(LEARNERS):
        raise ValueError(f"errors must hold at most {len(LEARNERS)} learners, got {len(errors)}")
    _, ax = axes(ax)
    levels, sizes = np.unique(smooth, return_counts=True)
    overall = []
    markers = ("o-", "s-", "^-")
    for (name, err), color, marker in zip(errors.items(), LEARNERS, markers, strict=False):
        err = np.asarray(err)
        means = [err[smooth == s].mean() for s in levels]
        ax.plot(levels, means, marker, color=color, label=name)
        ax.axhline(err.mean(), color=color, ls="--", lw=1)
        overall.append(f"{err.mean():.4f}")
    for level, size in zip(levels, sizes, strict=True):
        ax.text(level, 1.08, f"{size}", ha="center", va="bottom", color=COLORS["truth"])
    ax.text(-0.06, 1.08, "worlds:", ha="right", va="bottom", color=COLORS["truth"])
    ax.set_title("mean over all worlds (dashed): " + " / ".join(overall), pad=28)
    ax.set_xlabel("smoothness of the true labelling (neighbours sharing a label)")
    ax.set_ylabel("mean off-training-set error")
    ax.set_ylim(-0.03, 1.05)
    ax.set_xlim(-0.3, 1.05)
    ax.set_xticks(np.linspace(0.0, 1.0, 6))
    ax.legend(loc="upper center", ncols=len(errors), bbox_to_anchor=(0.5, -0.18))
    return ax


def double_descent(sweep, *, axes_=None):
    """Belkin et al. (2019) Fig 2, the errors: on the left the fit to the training set —
    squared loss (which reaches 0 only at the interpolation threshold ``N = n``) and 0-1 error
    (which reaches 0 much earlier) — on the right the test 0-1 error, against the number of
    random features ``N`` (log axis), the threshold marked. ``sweep`` is a
    :class:`~helpers.generalization.FeatureSweep`. Returns the two Axes."""
    sweep = validate.instance("sweep", sweep, FeatureSweep, "a FeatureSweep (feature_sweep())")
    _check_panels("axes_", axes_, 2)
    if axes_ is None:
        _, axes_ = figure(ncols=2)
    train_ax, test_ax = axes_
    N = sweep.sizes
    train_ax.plot(N, sweep.train_loss, "o-", color=COLORS["train"], label="squared loss")
    train_ax.plot(N, sweep.train_error, "s--", color=COLORS["train"], label="0-1 error")
    train_ax.set_ylabel("on the training set")
    train_ax.set_title(f"fit to the {sweep.n_train} training images")
    train_ax.legend(loc="upper right")
    test_ax.plot(N, 100 * sweep.test_error, "o-", color=COLORS["test"])
    test_ax.set_ylabel("test 0-1 error (%)")
    test_ax.set_title("test error")
    _mark_threshold(axes_, sweep.n_train)
    return axes_


def interpolation_cost(sweep, *, axes_=None):
    """Belkin et al. (2019) Fig 2, what happens at the threshold: the test squared loss and the
    norm ``‖a‖`` of the minimum-norm read-out against ``N`` (log axes). Returns the two Axes."""
    sweep = validate.instance("sweep", sweep, FeatureSweep, "a FeatureSweep (feature_sweep())")
    _check_panels("axes_", axes_, 2)
    if axes_ is None:
        _, axes_ = figure(ncols=2)
    loss_ax, norm_ax = axes_
    loss_ax.plot(sweep.sizes, sweep.test_loss, "o-", color=COLORS["test"])
    loss_ax.set_ylabel("test squared loss")
    loss_ax.set_title("squared loss on the test set")
    norm_ax.plot(sweep.sizes, sweep.norm, "o-", color=NORM)
    norm_ax.set_ylabel("weight norm ‖a‖")
    norm_ax.set_title("size of the fitted read-out")
    for ax in axes_:
        ax.set_yscale("log")
    _mark_threshold(axes_, sweep.n_train)
    return axes_


def _mark_threshold(axes_, n: int) -> None:
    """The interpolation threshold ``N = n`` as a dashed line, on a log axis of ``N``."""
    for ax in axes_:
        ax.axvline(n, color=COLORS["truth"], ls="--", lw=1.5)
        ax.set_xscale("log")
        ax.set_xlabel("random features N")
    axes_[0].text(n * 1.1, 0.5, f"N = n = {n}", transform=axes_[0].get_xaxis_transform())


def width_curve(parameters, train, test, *, threshold: float, clean=None, ax=None):
    """Nakkiran-style model-wise double descent: median train and test 0-1 error (%) against
    the number of parameters (log axis), the thin band showing the spread over seeds, and the
    interpolation threshold ``n·K`` as a dashed line. ``train``/``test``: (seeds, widths).

    ``clean`` (optional): ``(parameters, test)`` of the same networks trained on clean labels,
    drawn as a dashed median test curve for comparison."""
    parameters, train, test = _widths("parameters", parameters, "train", train, "test", test)
    threshold = validate.positive("threshold", threshold)
    if clean is not None:
        validate.parts("clean", clean, 2, "(parameters, test)")
        clean = _widths("clean[0]", clean[0], "clean[1]", clean[1])
    seeds = len(train)
    _, ax = axes(ax)
    for values, role in ((train, "train"), (test, "test")):
        values = 100 * np.asarray(values)
        band = f"{role}: min–max over {seeds} seeds"
        ax.fill_between(
            parameters, values.min(0), values.max(0), color=COLORS[role], alpha=0.2, label=band
        )
        label = f"{role}: median of {seeds}"
        ax.plot(parameters, np.median(values, 0), "o-", color=COLORS[role], label=label)
    if clean is not None:
        clean_parameters, clean_test = clean
        ax.plot(
            clean_parameters,
            100 * np.median(clean_test, 0),
            "^--",
            color=COLORS["test"],
            alpha=0.6,
            label="test, clean labels (median)",
        )
    ax.axvline(threshold, color=COLORS["truth"], ls="--", lw=1.5)
    ax.text(
        threshold * 1.08,
        0.97,
        f"n·K = {threshold:.0f}",
        transform=ax.get_xaxis_transform(),
        va="top",
    )
    ax.set_xscale("log")
    ax.set_xlabel("parameters of the network")
    ax.set_ylabel("zero-one error (%)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2)
    return ax


def _widths(name: str, parameters, *errors) -> tuple[np.ndarray, ...]:
    """The parameter counts (> 0: a log axis) and the ``(seeds, widths)`` error rates of
    :func:`width_curve`, given as ``name, value`` pairs after ``parameters``."""
    parameters = _check_values(name, parameters, positive=True)
    checked = [parameters]
    for key, value in zip(errors[::2], errors[1::2], strict=True):
        a = _check_values(key, value, ndim=2)
        if a.shape[1] != len(parameters):
            raise ValueError(
                f"{key} must have shape (seeds, {len(parameters)}): one column per entry of "
                f"{name}, got {a.shape}"
            )
        checked.append(a)
    return tuple(checked)


def against_steps(
    steps,
    curves: Mapping[str, np.ndarray],
    *,
    ylabel: str,
    xlabel: str = "gradient-descent step t",
    logx: bool = True,
    styles: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    ax=None,
):
    """Curves over training steps (log axis by default), one per label in ``curves``, drawn
    with ``styles`` and ``colors`` (default: solid, in the palette's order)."""
    logx = validate.flag("logx", logx)
    steps = _check_values("steps", steps, positive=logx)
    curves = _check_curves("curves", curves, n=len(steps), of="steps")
    ylabel, xlabel = validate.text("ylabel", ylabel), validate.text("xlabel", xlabel)
    if styles is not None and (
        not isinstance(styles, list | tuple) or not all(isinstance(x, str) for x in styles)
    ):
        raise TypeError(f"styles must be a list of line styles such as '-' or 'o-', got {styles!r}")
    if styles is not None and len(styles) != len(curves):
        raise ValueError(f"styles must hold one style per curve ({len(curves)}), got {styles}")
    colors = _check_colors("colors", colors, len(curves))
    _, ax = axes(ax)
    styles = styles or ["-"] * len(curves)
    colors = colors or PALETTE
    for (label, values), color, style in zip(curves.items(), colors, styles, strict=False):
        ax.plot(steps, values, style, color=color, label=label)
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def _test_set(x_test, y_test) -> tuple:
    """The optional test points of :func:`fit`: both arrays, of one length, or both None."""
    if (x_test is None) != (y_test is None):
        raise ValueError("x_test and y_test come together: give both or neither")
    if x_test is None:
        return None, None
    x_test = _check_values("x_test", x_test)
    return x_test, _check_values("y_test", y_test, n=len(x_test), of="x_test")


def _errors_by_degree(degrees, train, test, noise) -> tuple:
    """The degrees, for each the train and test errors (> 0: a log axis), and the noise level
    (or None) of :func:`capacity_curve`."""
    degrees = _check_values("degrees", degrees)
    train, test = (
        _check_values(k, v, n=len(degrees), of="degrees", positive=True)
        for k, v in (("train", train), ("test", test))
    )
    return degrees, train, test, None if noise is None else validate.nonnegative("noise", noise)
