"""The live demos of notebook 03, driven headlessly: each draw function is called directly and
its artists inspected; each panel is built and a control moved. Also the drawing helpers of
helpers.plotting.sgd that the demos and the notebook's figures rely on."""

from __future__ import annotations

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import sgd
from helpers.plotting import PALETTE
from helpers.plotting import sgd as draw
from helpers.schedules import PowerDecay
from helpers.widgets import sgd as demo


def _path(fig, label_index=0):
    """The (x, y) data of the ``label_index``-th path line on the left panel."""
    lines = [line for line in fig.axes[0].get_lines() if line.get_linestyle() == "-"]
    return np.column_stack([lines[label_index].get_xdata(), lines[label_index].get_ydata()])


def test_sgd_draw_shows_batch_gd_and_sgd_starting_at_the_same_point():
    fig = demo.draw_sgd(learning_rate=0.1, batch_size=1, steps=50)
    gd, stochastic = _path(fig, 0), _path(fig, 1)
    assert gd.shape == stochastic.shape == (51, 2)
    np.testing.assert_allclose(gd[0], demo.START)
    np.testing.assert_allclose(stochastic[0], demo.START)
    assert not np.allclose(gd, stochastic)  # minibatch noise
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert [label.split(":")[0] for label in labels] == ["batch GD", "SGD, m = 1"]


def test_sgd_draw_changes_with_the_learning_rate_and_the_rule():
    slow = _path(demo.draw_sgd(learning_rate=0.01, steps=30), 1)
    fast = _path(demo.draw_sgd(learning_rate=0.2, steps=30), 1)
    decaying = _path(demo.draw_sgd(learning_rate=0.2, rule="α/i", steps=30), 1)
    assert not np.allclose(slow, fast) and not np.allclose(fast, decaying)
    # smaller steps stay closer to the start
    assert np.linalg.norm(slow[-1] - slow[0]) < np.linalg.norm(fast[-1] - fast[0])


def test_full_batch_draws_only_gradient_descent():
    model, _, _ = demo._problem()
    fig = demo.draw_sgd(batch_size=model.n, steps=20)
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert len(labels) == 1 and labels[0].startswith("batch GD: ")


def test_fewer_updates_show_the_start_of_the_same_run():
    # the demo computes MAX_STEPS updates once per setting and shows a prefix: that prefix must
    # be exactly a fresh run of that many updates with the same seed
    model, _, _ = demo._problem()
    shown = _path(demo.draw_sgd(learning_rate=0.05, batch_size=3, rule="α/i", steps=40), 1)
    fresh = sgd.minibatch_sgd(
        model,
        demo.START,
        PowerDecay(0.05, 1.0),
        3,
        40,
        np.random.default_rng(demo.SEED),
        keep_params=True,
    )
    np.testing.assert_array_equal(shown, fresh.params[:, 0])
    with pytest.raises(ValueError, match="steps"):
        demo.draw_sgd(steps=demo.MAX_STEPS + 1)


def test_the_title_formats_the_learning_rate():
    fig = demo.draw_sgd(learning_rate=10**-0.9, rule="α/√i", steps=20)  # a log slider's value
    assert fig.axes[0].get_title().startswith("αᵢ = 0.126/√i,")
    assert demo._formula(10**-0.9, 1.5) == "0.126/i^1.5"  # three significant digits
    cases = [(0.05, 0.0), (1.0, 1.0), (0.25, 2.0), (0.1, 0.5)]
    assert [demo._formula(c, p) for c, p in cases] == ["0.05", "1/i", "0.25/i²", "0.1/√i"]


def test_a_diverging_setting_is_reported_in_the_title_not_raised():
    # batch GD at α = 0.7 > 2/λ_max multiplies the error along the steep axis by |1 − α·λ_max|
    # > 1 per update, and its loss grows a millionfold (diverged: helpers.DivergenceError)
    # within 300 updates; minibatches of 10 at this rate happen not to
    fig = demo.draw_sgd(learning_rate=0.7, batch_size=10, steps=300)
    assert "batch GD diverged at step" in fig.axes[1].get_title()
    # a shorter run stops before the divergence: nothing to report
    step = int(fig.axes[1].get_title().split("step ")[1].split(";")[0])
    shorter = demo.draw_sgd(learning_rate=0.7, batch_size=10, steps=step - 1)
    assert "diverged" not in shorter.axes[1].get_title()
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert len(labels) == 1 and labels[0].startswith("SGD, m = 10: ")  # the finite run stays
    (line,) = fig.axes[1].get_legend().get_lines()
    assert line.get_color() == PALETTE[1]  # in SGD's own colour, not promoted to the first


def test_sgd_draw_rejects_an_unknown_rule():
    with pytest.raises(ValueError, match="rule"):
        demo.draw_sgd(rule="cosine")


def test_robbins_monro_draw_reports_sums_and_the_verdict():
    fig = demo.draw_robbins_monro(c=1.0, power=1.0, steps=1000)
    assert "both conditions hold" in fig.axes[1].get_title()
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    harmonic = sum(1 / i for i in range(1, 1001))
    squares = sum(1 / i**2 for i in range(1, 1001))
    assert labels == [f"Σα = {harmonic:.3g}", f"Σα² = {squares:.3g}"]
    frozen = demo.draw_robbins_monro(c=0.25, power=2.0, steps=1000).axes[1].get_title()
    assert "Σα < ∞" in frozen and "no guarantee" in frozen


def test_robbins_monro_draw_does_not_call_a_converging_rule_a_failure():
    # p = 0.4 breaks Σα² < ∞ but converges: the conditions are sufficient, not necessary
    fig = demo.draw_robbins_monro(c=0.1, power=0.4, steps=10_000)
    verdict, outcome = fig.axes[1].get_title(), fig.axes[0].get_title()
    assert "Σα² = ∞" in verdict and "no guarantee" in verdict and "fail" not in verdict
    assert outcome == "E‖w − w*‖² = 0.00639 after 10,000 updates"
    (curve,) = [line for line in fig.axes[0].get_lines() if line.get_linestyle() == "-"]
    assert curve.get_color() == draw.rule_color(0.4)


def test_robbins_monro_draw_names_the_peak_of_a_blow_up():
    # at c = 1 the first steps are too large: the error climbs to ~3·10⁴ first, then falls
    outcome = demo.draw_robbins_monro(c=1.0, power=0.4, steps=10_000).axes[0].get_title()
    assert outcome == "peak 3.1e+04 at update 22, then 0.069 at 10,000"


def test_robbins_monro_draw_survives_an_overflowing_expectation():
    fig = demo.draw_robbins_monro(c=3.0, power=0.0, steps=10_000)
    assert "overflows at update" in fig.axes[0].get_title()
    (curve,) = [line for line in fig.axes[0].get_lines() if line.get_linestyle() == "-"]
    assert np.all(np.isfinite(curve.get_ydata())) and len(curve.get_ydata()) > 0


@pytest.mark.parametrize("build", [demo.sgd_demo, demo.robbins_monro_demo])
def test_panels_build_and_redraw_when_a_control_moves(build, monkeypatch):
    calls = []
    original = {demo.sgd_demo: "draw_sgd", demo.robbins_monro_demo: "draw_robbins_monro"}[build]
    real = getattr(demo, original)
    monkeypatch.setattr(demo, original, lambda **kw: calls.append(kw) or real(**kw))
    panel = build()
    assert isinstance(panel, w.VBox) and len(calls) == 1
    sliders = [
        c
        for row in panel.children[:-1]
        for c in row.children
        if isinstance(c, w.FloatSlider | w.FloatLogSlider)
    ]
    sliders[0].value = sliders[0].value / 2
    assert len(calls) == 2 and calls[1] != calls[0]


# --- the drawing functions behind the notebook's figures ---------------------------------------


def test_fast_ticks_write_powers_of_ten_without_mathtext():
    fig, ax = plt.subplots()
    ax.plot([1, 1e4], [1e-3, 10])
    ax.set_xscale("log")
    ax.set_yscale("log")
    draw.fast_ticks(fig)
    fig.canvas.draw()
    labels = {t.get_text() for t in ax.get_yticklabels()} - {""}
    assert {"10⁻²", "1", "10¹"} <= labels and not any("$" in t for t in labels)
    assert len(ax.yaxis.get_minorticklocs()) == 0


def test_fast_ticks_label_2_and_5_on_a_narrow_log_axis():
    fig, ax = plt.subplots()
    ax.plot([1, 2], [1, 9])
    ax.set_yscale("log")
    ax.set_ylim(1, 10)
    draw.fast_ticks(fig)
    fig.canvas.draw()
    labels = [
        t.get_text()
        for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)
        if 1 <= y <= 10
    ]
    assert labels == ["1", "2", "5", "10¹"]


def test_landscapes_share_levels_and_one_colour_bar():
    a = np.linspace(-1, 1, 7)
    bowl = 0.01 + np.add.outer(a**2, a**2)
    fig = draw.landscapes(
        {"one": (a, a, bowl), "two": (a, a, 2 * bowl)}, levels=np.geomspace(0.01, 4, 9)
    )
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[:2] == ["one", "two"] and len(fig.axes) == 3  # two panels and the colour bar


def test_robbins_monro_figure_colours_rules_by_their_power():
    steps = np.array([0, 1, 10, 100])
    errors = np.ones((4, 3, 2))
    exact = [np.linspace(5, 1, 101)] * 3
    ax = draw.robbins_monro(
        steps, errors, exact, ["0.05", "1/i", "0.005"], [0, 1, 0], guides={1: np.ones(100)}
    )
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["0.05"].get_color() == lines["0.005"].get_color() == draw.rule_color(0)
    assert lines["1/i"].get_color() == draw.rule_color(1) != draw.rule_color(0)
    assert lines["0.05"].get_linestyle() == "-" and lines["0.005"].get_linestyle() == "--"
    assert draw.rule_color(0.73) == PALETTE[6]  # a power without its own colour: black
    plt.close("all")


def test_step_factors_marks_each_rate_on_the_factor_curve():
    alphas = np.linspace(0, 1.1, 23)
    ax = draw.step_factors([0.3, 0.9], [0.4, 0.8], alphas, np.abs(1 - 2 * alphas))
    marks = [line for line in ax.get_lines() if line.get_marker() == "o"]
    np.testing.assert_allclose(marks[0].get_xydata(), [[0.3, 0.4], [0.9, 0.8]])
    assert [t.get_text() for t in ax.texts] == ["0.3", "0.9"]
    plt.close("all")


def test_convexity_panels_use_upright_labels_only():
    curve = sgd.curves()["x²"]
    ax = draw.second_derivative(curve, np.full(50, 2.0))
    found = sgd.convexity_check(curve, *curve.domain, np.random.default_rng(0), samples=100)
    other = draw.chord(curve, found)
    texts = [ax.get_xlabel(), ax.get_title(), other.get_xlabel(), other.get_title()]
    assert not any("$" in t for t in texts)
    plt.close("all")
