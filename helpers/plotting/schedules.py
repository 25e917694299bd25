"""Figures of notebook 06: schedule curves, Robbins–Monro partial sums, training comparisons and
the schedule designer. Each function draws what ``helpers.schedules`` (or ``helpers.backprop``)
computed and returns what it drew on."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib import ticker
from matplotlib.legend import Legend

from helpers import validate
from helpers.backprop import History
from helpers.plotting import (
    COLORS,
    PALETTE,
    _check_curves,
    _check_panels,
    _check_values,
    axes,
    figure,
    fixed_margins,
)

__all__ = [
    "KIND_COLORS",
    "color_of",
    "curves",
    "designer",
    "expected_losses",
    "robbins_monro",
    "step_lengths",
    "training",
]

RATE = "learning rate α"
UPDATE = "update number k"

# One colour per kind of schedule in every figure of notebook 06. A curve's kind is the first of
# these words found in its label (so "warm-up + cosine" is warm-up, "cosine to 1 %" is cosine).
KIND_COLORS = {
    "constant": COLORS["truth"],  # grey, as the designer's constant baseline
    "inverse sqrt": PALETTE[5],  # sky blue
    "inverse time": PALETTE[4],  # orange
    "exponential": PALETTE[1],  # vermilion
    "step": PALETTE[6],  # black
    "warm-up + cosine": PALETTE[3],  # purple
    "cosine + warm-up": PALETTE[3],
    "linear": PALETTE[0],  # blue (polynomial decay)
    "polynomial": PALETTE[0],
    "cosine": PALETTE[2],  # green (restarts too: a cosine)
}
_DASHES = ("-", "--", ":", "-.")


def color_of(label: str, index: int = 0) -> str:
    """The colour of a curve labelled ``label``: its kind's (:data:`KIND_COLORS`), or the
    house palette's ``index``-th colour when the label names no kind."""
    text = validate.text("label", label).lower()
    index = validate.integer("index", index)
    for kind, color in KIND_COLORS.items():
        if kind in text:
            return color
    return PALETTE[index % len(PALETTE)]


def _styles(labels, kind: str | None) -> dict[str, dict]:
    """Colour (by kind) and line style for each label: curves of one colour get -, --, :, -."""
    styles, seen = {}, {}
    for i, label in enumerate(labels):
        color = KIND_COLORS[kind] if kind else color_of(label, i)
        n = seen[color] = seen.get(color, -1) + 1
        styles[label] = {"color": color, "linestyle": _DASHES[n % len(_DASHES)]}
    return styles


def curves(
    schedules: Mapping[str, Callable],
    steps: int | np.ndarray,
    ax=None,
    *,
    log: bool = False,
    title: str | None = None,
    marks: Sequence[int] = (),
    styles: Mapping[str, dict] | None = None,
    legend: str | None = "upper right",
    kind: str | None = None,
):
    """One line per schedule: ``α_k`` against ``k`` for ``k = 0 … steps − 1`` (or the given
    array of steps). Each curve has its kind's colour (:func:`color_of`; ``kind``, a key of
    :data:`KIND_COLORS`, gives every curve that colour), and curves of one colour differ in
    line style. ``marks`` draws dotted vertical lines (e.g. decay_steps, restarts); ``styles``
    maps a label to extra ``plot`` keywords; ``legend`` is its location (None: no legend).
    Returns ``(fig, ax)``."""
    validate.mapping("schedules", schedules, "label → schedule (a callable step → rate)")
    for label, schedule in schedules.items():
        validate.function(f"schedules[{label!r}]", schedule, "a schedule (a callable step → rate)")
    k = _steps("steps", steps)
    log = validate.flag("log", log)
    title = validate.text("title", title, optional=True)
    marks = _check_values("marks", marks, empty=True)
    styles = _check_styles("styles", styles)
    legend = None if legend is None else validate.choice("legend", legend, Legend.codes)
    kind = None if kind is None else validate.choice("kind", kind, KIND_COLORS)
    fig, ax = axes(ax)
    auto = _styles(schedules, kind)
    for label, schedule in schedules.items():
        ax.plot(k, schedule(k), label=label, **{**auto[label], **styles.get(label, {})})
    for m in marks:
        ax.axvline(m, color=COLORS["truth"], linestyle=":", linewidth=1)
    ax.set(xlabel=UPDATE, ylabel=RATE, title=title)
    if log:
        ax.set_yscale("log")
    if legend is not None:
        ax.legend(loc=legend)
    return fig, ax


def robbins_monro(sums: Mapping[str, tuple[np.ndarray, np.ndarray]], axs=None):
    """Partial sums ``Σα`` (left) and ``Σα²`` (right) against the number of updates, log–log:
    a sum that keeps climbing diverges, one that flattens converges. ``sums`` maps a label to
    the pair returned by :func:`helpers.schedules.robbins_monro_sums`. Returns ``(fig, axs)``."""
    checked = {}
    for label, pair in validate.mapping("sums", sums, "label → (Σα, Σα²)").items():
        s1, s2 = validate.parts(f"sums[{label!r}]", pair, 2, "(Σα, Σα²)")
        s1 = _check_values(f"sums[{label!r}]", s1, positive=True)
        checked[label] = (s1, _check_values(f"sums[{label!r}]", s2, n=len(s1), of="its Σα"))
    sums = checked
    _check_panels("axs", axs, 2)
    if axs is None:
        fig, axs = figure(2, sharex=True)
    fig = axs[0].figure
    for i, (label, (s1, s2)) in enumerate(sums.items()):
        # ~400 log-spaced points look the same on log axes as a million and draw at once
        n = np.unique(np.geomspace(1, len(s1), 400).astype(int))
        color = color_of(label, i)
        axs[0].plot(n, s1[n - 1], color=color, label=label)
        axs[1].plot(n, s2[n - 1], color=color, label=label)
    axs[0].set(title=r"$\Sigma_{k<n}\,\alpha_k$ (should grow without bound)", ylabel="partial sum")
    axs[1].set(title=r"$\Sigma_{k<n}\,\alpha_k^2$ (should stay finite)")
    for ax in axs:
        ax.set(xscale="log", yscale="log", xlabel="number of updates n")
        for axis in (ax.xaxis, ax.yaxis):  # decades are enough; minor ticks cost ~1 s here
            axis.set_minor_locator(ticker.NullLocator())
    axs[0].legend(loc="upper left")
    return fig, axs


def expected_losses(losses: Mapping[str, np.ndarray], ax=None, *, title: str | None = None):
    """Expected loss against the number of updates (log scale), one line per schedule; each
    array as returned by :func:`helpers.schedules.noisy_quadratic`. Returns ``(fig, ax)``."""
    losses = _check_curves("losses", losses)
    title = validate.text("title", title, optional=True)
    fig, ax = axes(ax)
    for i, (label, values) in enumerate(losses.items()):
        ax.plot(np.arange(len(values)), values, color=color_of(label, i), label=label)
    ax.set(xlabel="updates done", ylabel="expected loss", yscale="log", title=title)
    ax.legend(loc="lower left")  # an explicit place: "best" is slow on long curves
    return fig, ax


def training(
    runs: Mapping[str, Mapping[str, Sequence]],
    *,
    metric: str = "train_loss",
    ylabel: str = "training loss (mean over the epoch)",
    log: bool = True,
):
    """One panel per optimizer: ``metric`` of each schedule's ``History`` per epoch, the mean
    over repeated runs as a line and the spread (min–max) as a band.

    ``runs[optimizer][schedule]`` is a list of ``helpers.backprop.History`` (one per seed).
    Returns ``(fig, axs)``.
    """
    metric = validate.choice("metric", metric, _METRICS)
    ylabel = validate.text("ylabel", ylabel)
    log = validate.flag("log", log)
    runs = _check_runs("runs", runs, metric)
    fig, axs = figure(len(runs), sharey=True)
    axs = np.atleast_1d(axs)
    for ax, (name, by_schedule) in zip(axs, runs.items(), strict=True):
        for i, (label, histories) in enumerate(by_schedule.items()):
            values = np.array([getattr(h, metric) for h in histories])
            epochs = np.arange(1, values.shape[1] + 1)
            color = color_of(label, i)
            ax.plot(epochs, values.mean(axis=0), color=color, label=label)
            if len(values) > 1:
                ax.fill_between(epochs, values.min(0), values.max(0), color=color, alpha=0.15)
        ax.set(title=name, xlabel="epoch")
        if log:
            ax.set_yscale("log")
    axs[0].set_ylabel(ylabel)
    axs[0].legend(loc="lower left")
    return fig, axs


def step_lengths(
    lengths: Mapping[str, np.ndarray],
    ax=None,
    *,
    reference: tuple[str, np.ndarray] | None = None,
    title: str | None = None,
):
    """How far momentum SGD moves at each update, one line per convention (``lengths`` as
    returned by :func:`helpers.schedules.momentum_step_lengths`, or any label → array), and a
    grey dotted ``reference = (label, values)`` curve. Returns ``(fig, ax)``."""
    lengths = _check_curves("lengths", lengths)
    if len(lengths) > len(_DASHES):
        raise ValueError(f"lengths must hold at most {len(_DASHES)} curves, got {len(lengths)}")
    if reference is not None:
        label, values = validate.parts("reference", reference, 2, "(label, values)")
        reference = (validate.text("reference[0]", label), _check_values("reference[1]", values))
    title = validate.text("title", title, optional=True)
    fig, ax = axes(ax)
    for (label, values), dash in zip(lengths.items(), _DASHES, strict=False):
        ax.plot(np.arange(len(values)), values, color=PALETTE[6], linestyle=dash, label=label)
    top = max(np.max(v) for v in lengths.values())
    if reference is not None:
        label, values = reference
        ax.plot(np.arange(len(values)), values, color=COLORS["truth"], linestyle=":", label=label)
        top = max(top, np.max(values))
    ax.set(xlabel=UPDATE, ylabel="step length |Δθ| for g = 1", title=title, ylim=(0, 1.5 * top))
    ax.legend(loc="upper right")  # above the curves: the top third is left free for it
    return fig, ax


def _light_axes(ax) -> None:
    """Fewer artists for a figure that is redrawn on every slider move: at most five major ticks
    per axis, no minor ticks, and plain-text labels on a log axis (0.001, not 10^-3 laid out as
    mathematics). Tick objects and their texts are most of a redraw's cost."""
    ax.xaxis.set_major_locator(ticker.MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
    if ax.get_yscale() == "log":
        ax.yaxis.set_major_locator(ticker.LogLocator(numticks=6))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_locator(ticker.NullLocator())
    else:
        ax.yaxis.set_major_locator(ticker.MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))


def designer(
    k: np.ndarray,
    rates: np.ndarray,
    losses: np.ndarray | None,
    baseline_rates: np.ndarray,
    baseline_losses: np.ndarray | None,
    *,
    label: str,
    baseline_label: str,
    title: str = "",
    loss_title: str = "",
    suptitle: str = "",
    reuse=None,
):
    """The schedule designer: the designed curve beside a constant baseline (left) and the
    expected loss of SGD on the noisy quadratic with each of them (right, log scale). One
    legend (left) serves both panels. Drawn with few artists: it is redrawn on every control
    change.

    ``k``: update numbers; ``rates``/``baseline_rates``: ``α_k``; ``losses``/``baseline_losses``:
    expected losses after ``0 … len(k)`` updates (None for a run that diverged: nothing is
    drawn and ``loss_title`` says why); ``suptitle``: a (red) message above both panels.
    ``reuse``: the figure of the last move, drawn into again (``figure(reuse=)``).
    Returns ``(fig, axs)``.
    """
    _check_curves_of_designer(k, rates, losses, baseline_rates, baseline_losses)
    texts = (label, baseline_label, title, loss_title, suptitle)
    for name, text in zip(_TEXTS, texts, strict=True):
        validate.text(name, text)
    fig, (left, right) = figure(2, layout="none", reuse=reuse)
    lines = 1 + suptitle.count("\n") + bool(suptitle)
    fixed_margins(fig, right=0.8, bottom=3.4, top=0.9 + 1.5 * lines, ncols=2)
    if suptitle:
        fig.suptitle(suptitle, color="#b2182b")
    grey = {"color": COLORS["truth"], "linestyle": "--", "linewidth": 1.5}
    left.plot(k, baseline_rates, label=baseline_label, **grey)
    left.plot(k, rates, color=color_of(label), label=label)
    top = np.nanmax([np.nanmax(rates, initial=0.0), np.max(baseline_rates)])
    left.set(xlabel=UPDATE, ylabel=RATE, ylim=(0, 1.35 * top))  # room for the legend
    left.legend(loc="upper right")  # one legend: both panels use the same two styles
    n = np.arange(len(k) + 1)
    if baseline_losses is not None:
        right.plot(n, baseline_losses, label=baseline_label, **grey)
    if losses is not None:
        right.plot(n, losses, color=color_of(label), label=label)
    right.set(xlabel=UPDATE, ylabel="expected loss", yscale="log")
    for ax, text in ((left, title), (right, loss_title)):
        # an explicit y skips matplotlib's search for a title position clear of the ticks
        ax.set_title(text, y=1.0)
        _light_axes(ax)
    return fig, (left, right)


# --- argument checks -------------------------------------------------------------------------

_METRICS = ("train_loss", "train_accuracy", "dev_loss", "dev_accuracy")
_MAX_STEPS = 10**7  # update numbers drawn by curves()


def _steps(name: str, steps) -> np.ndarray:
    """Update numbers ``0 … steps − 1`` for a count, or the given array of update numbers."""
    if np.ndim(steps) == 0 and not isinstance(steps, float | np.floating):
        return np.arange(validate.integer(name, steps, 1, _MAX_STEPS))
    k = _check_values(name, steps)
    if (k < 0).any():
        raise ValueError(f"{name} must be update numbers ≥ 0, got {k.min():g}")
    return k


def _check_styles(name: str, styles) -> dict:
    """``styles``: None or a mapping of labels to dicts of ``plot`` keywords."""
    if styles is None:
        return {}
    validate.mapping(name, styles, "label → dict of plot keywords", empty=True)
    for label, style in styles.items():
        if not isinstance(style, dict):
            raise TypeError(f"{name}[{label!r}] must be a dict of plot keywords, got {style!r}")
    return styles


def _check_runs(name: str, runs, metric: str) -> dict:
    """``runs[optimizer][schedule]``: a non-empty list of ``History``, all with ``metric``
    measured in each of the same number (≥ 1) of epochs."""
    validate.mapping(name, runs, "optimizer → {schedule: list of History}")
    for optimizer, by_schedule in runs.items():
        validate.mapping(f"{name}[{optimizer!r}]", by_schedule, "schedule → list of History")
        for schedule, histories in by_schedule.items():
            what = f"{name}[{optimizer!r}][{schedule!r}]"
            if not isinstance(histories, list | tuple):
                raise TypeError(f"{what} must be a list of History, got {histories!r:.60}")
            for h in histories:
                validate.instance(what, h, History, "a list of History (backprop.train())")
            counts = {len(getattr(h, metric)) for h in histories} | {h.epochs for h in histories}
            if len(counts) != 1 or 0 in counts:
                raise ValueError(
                    f"{what} must hold runs with {metric} in each of the same number (≥ 1) of "
                    f"epochs, got {sorted(counts)}"
                )
    return runs


_TEXTS = ("label", "baseline_label", "title", "loss_title", "suptitle")


def _check_curves_of_designer(k, rates, losses, baseline_rates, baseline_losses) -> None:
    """The curves of :func:`designer`: rates, one per update ``k`` (NaN where a schedule could
    not be built: nothing drawn), and expected losses, one more (the start; None for a run
    that diverged)."""
    k = _check_values("k", k)
    rates = _check_values("rates", rates, n=len(k), of="k", finite=False)
    if np.isinf(rates).any():
        raise ValueError("rates must hold finite numbers (or NaN: nothing drawn), got ∞")
    _check_values("baseline_rates", baseline_rates, n=len(k), of="k")
    for name, values in (("losses", losses), ("baseline_losses", baseline_losses)):
        if values is not None:
            _check_values(name, values, n=len(k) + 1, of="k, plus one: the start,")
