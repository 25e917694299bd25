"""The live demos of notebook 02, headless: the draw functions draw what the sliders ask for, and
the panels redraw when a slider moves."""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import pytest
from matplotlib.patches import StepPatch

from helpers import plotting
from helpers.widgets import mle as demos


def steps(ax):
    """The histograms (StepPatch) on ``ax``."""
    return [p for p in ax.patches if isinstance(p, StepPatch)]


def vertical_lines(ax):
    return {
        line.get_linestyle(): line.get_xdata()[0]
        for line in ax.lines
        if len(line.get_xdata()) == 2 and line.get_xdata()[0] == line.get_xdata()[1]
    }


def test_sampling_figure_has_both_panels_with_two_histograms_each():
    fig = demos.draw_sampling(n=5, sigma=1.0)
    left, right = fig.axes
    assert len(steps(left)) == 2 and len(steps(right)) == 2
    labels = [t.get_text() for t in right.get_legend().get_texts()]
    assert any(label.startswith("1/N (MLE): bias") for label in labels)
    assert "N = 5" in right.get_title()


@pytest.mark.parametrize(("n", "sigma"), [(2, 1.0), (5, 2.0), (50, 0.5)])
def test_sampling_marks_the_lecture_expectation_of_the_biased_estimator(n, sigma):
    fig = demos.draw_sampling(n=n, sigma=sigma)
    _, right = fig.axes
    marks = vertical_lines(right)
    assert marks[":"] == pytest.approx((1 - 1 / n) * sigma**2, rel=1e-12)  # dotted: (1 − 1/N)σ²
    assert marks["-"] == pytest.approx(sigma**2)  # solid: the truth


def test_histogram_areas_are_one_when_all_values_fit_the_range():
    fig = demos.draw_sampling(n=100, sigma=1.0)  # the mean's sd is 0.1: all inside ±2σ
    left, _ = fig.axes
    for patch in steps(left):
        heights, edges = patch.get_data().values, patch.get_data().edges
        assert np.sum(heights * np.diff(edges)) == pytest.approx(1.0, rel=1e-12)


def test_larger_samples_concentrate_the_estimates():
    def spread(n):
        left, _ = demos.draw_sampling(n=n, sigma=1.0).axes
        data = steps(left)[0].get_data()
        centres = (data.edges[:-1] + data.edges[1:]) / 2
        return np.sqrt(np.sum(data.values * np.diff(data.edges) * centres**2))

    small, large = spread(4), spread(100)
    # the sample mean's sd is σ/√N: 0.5 and 0.1 (up to binning and simulation noise)
    assert small == pytest.approx(0.5, rel=0.1) and large == pytest.approx(0.1, rel=0.25)


def test_sigma_scales_the_axes():
    left1, right1 = demos.draw_sampling(n=10, sigma=1.0).axes
    left3, right3 = demos.draw_sampling(n=10, sigma=3.0).axes
    assert left3.get_xlim()[1] == pytest.approx(3 * left1.get_xlim()[1])
    assert right3.get_xlim()[1] == pytest.approx(9 * right1.get_xlim()[1])


def test_likelihood_figure_peaks_at_the_fraction_of_ones():
    fig = demos.draw_likelihood(n=10, theta=0.7)
    left, _ = fig.axes
    flips = (np.random.default_rng(demos.SEED).random(demos.MAX_FLIPS)[:10] < 0.7).astype(float)
    curve = left.lines[0]
    peak = curve.get_xdata()[np.argmax(curve.get_ydata())]
    assert peak == pytest.approx(flips.mean(), abs=1.5e-3)  # grid step 0.0025
    title = fig.get_suptitle()
    assert f"{int(flips.sum())} ones in N = 10 flips" in title and "not 1" in title
    assert f"MLE θ = {flips.mean():.3f}" in title


def test_likelihood_adds_flips_to_the_same_sequence():
    a = demos.draw_likelihood(n=10, theta=0.5).axes[0].lines[0].get_ydata()
    b = demos.draw_likelihood(n=11, theta=0.5).axes[0].lines[0].get_ydata()
    # one more flip multiplies L(θ) by θ or by 1 − θ
    theta = np.linspace(0, 1, len(a))
    inner = slice(1, -1)
    ratio = b[inner] / a[inner]
    assert np.allclose(ratio, theta[inner]) or np.allclose(ratio, 1 - theta[inner])


@pytest.mark.parametrize(("n", "theta"), [(10, 0.7), (40, 0.3), (200, 0.5)])
def test_likelihood_area_in_the_title_is_the_beta_function(n, theta):
    """The area under θ^k (1 − θ)^(N − k) is k! (N − k)! / (N + 1)! (a Beta function)."""
    import math

    title = demos.draw_likelihood(n=n, theta=theta).get_suptitle()
    k = int(title.split(" ones in")[0])
    exact = math.factorial(k) * math.factorial(n - k) / math.factorial(n + 1)
    shown = float(title.split("area under L(θ) = ")[1].split(",")[0])
    assert shown == pytest.approx(exact, rel=5e-3)  # printed with 3 digits, trapezoid rule


def test_likelihood_rejects_bad_n():
    with pytest.raises(ValueError, match="n must be an integer from 1 to 200, got 0"):
        demos.draw_likelihood(n=0, theta=0.5)


def test_demos_look_right_in_presentation_mode():
    plotting.use_style(presentation=True)
    try:
        fig = demos.draw_sampling(n=5, sigma=1.0)
        assert fig.get_size_inches()[0] > 10  # the presentation figure is larger
        fig.canvas.draw()  # lays out without error
    finally:
        plotting.use_style()


def sliders(panel):
    found = []
    for child in panel.children:
        if isinstance(child, w.HBox):
            found.extend(child.children)
    return {s.description: s for s in found}


@pytest.mark.parametrize(
    ("build", "draw", "name", "value"),
    [
        ("sampling_demo", "draw_sampling", "sample size N", 40),
        ("likelihood_demo", "draw_likelihood", "flips N", 60),
    ],
)
def test_panels_redraw_when_a_slider_moves(monkeypatch, build, draw, name, value):
    titles = []
    original = getattr(demos, draw)

    def recording(**values):
        fig = original(**values)
        titles.append(" ".join([fig.get_suptitle()] + [ax.get_title() for ax in fig.axes]))
        return fig

    monkeypatch.setattr(demos, draw, recording)
    panel = getattr(demos, build)()
    first = panel.png
    assert len(titles) == 1 and first.startswith(b"\x89PNG")  # drawn once when built
    sliders(panel)[name].value = value
    assert len(titles) == 2 and f"N = {value}" in titles[-1]
    assert panel.png != first and panel.png.startswith(b"\x89PNG")


def test_panels_pass_slider_values_to_the_draw_function(monkeypatch):
    calls = []
    monkeypatch.setattr(demos, "draw_sampling", lambda **kw: calls.append(kw))
    panel = demos.sampling_demo()
    sliders(panel)["noise σ"].value = 2.5
    assert calls[0] == {"n": 5, "sigma": 1.0} and calls[-1] == {"n": 5, "sigma": 2.5}


def texts_outside_the_figure(fig):
    """The visible texts (titles, labels, tick labels, legends) that stick out of ``fig``."""
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    texts = [fig._suptitle] if fig._suptitle else []
    for ax in fig.axes:
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label, ax.yaxis.offsetText]
        lo, hi = ax.get_xlim()
        texts += [
            t for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True) if lo <= x <= hi
        ]
        lo, hi = ax.get_ylim()
        texts += [
            t for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True) if lo <= y <= hi
        ]
        if ax.get_legend():
            texts += ax.get_legend().get_texts()
    box = fig.bbox
    outside = []
    for t in texts:
        if not (t.get_visible() and t.get_text()):
            continue
        e = t.get_window_extent(renderer)
        if e.x0 < box.x0 - 1 or e.x1 > box.x1 + 1 or e.y0 < box.y0 - 1 or e.y1 > box.y1 + 1:
            outside.append(t.get_text())
    return outside


@pytest.mark.parametrize("presentation", [False, True])
@pytest.mark.parametrize(
    ("draw", "values"),
    [
        ("draw_sampling", {"n": 2, "sigma": 3.0}),
        ("draw_sampling", {"n": 200, "sigma": 0.5}),
        ("draw_likelihood", {"n": 200, "theta": 0.5}),
        ("draw_likelihood", {"n": 1, "theta": 0.05}),
    ],
)
def test_fixed_margins_keep_every_label_inside_the_figure(presentation, draw, values):
    plotting.use_style(presentation=presentation)
    try:
        fig = getattr(demos, draw)(**values)
        assert fig.get_layout_engine() is None  # fixed margins, no layout pass per redraw
        assert texts_outside_the_figure(fig) == []
    finally:
        plotting.use_style()


def test_texts_outside_the_figure_can_fail():
    fig = demos.draw_likelihood(n=10, theta=0.5)
    fig.axes[0].set_ylabel("a label far too long " * 10)  # runs off the top and bottom
    assert texts_outside_the_figure(fig) != []


def test_sigma_stretches_the_same_data_sets():
    # The bins scale with σ, so the same draws give the same counts per bin at any σ; only the
    # axes (and the numbers) change.
    for ax1, ax3 in zip(
        demos.draw_sampling(n=7, sigma=1.0).axes,
        demos.draw_sampling(n=7, sigma=3.0).axes,
        strict=True,
    ):
        for h1, h3 in zip(steps(ax1), steps(ax3), strict=True):
            d1, d3 = h1.get_data(), h3.get_data()
            assert np.allclose(d3.edges, 9 * d1.edges) or np.allclose(d3.edges, 3 * d1.edges)
            counts1 = d1.values * np.diff(d1.edges)
            counts3 = d3.values * np.diff(d3.edges)
            assert np.allclose(counts1, counts3)


def test_sampling_rejects_bad_n():
    with pytest.raises(ValueError, match="n must be an integer from 2 to 200, got 1"):
        demos.draw_sampling(n=1, sigma=1.0)
