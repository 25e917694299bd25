"""The schedule designer: its draw function wires the controls to the right schedule and run."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plotting
from helpers.schedules import Constant, CosineDecay, PolynomialDecay, noisy_quadratic
from helpers.widgets import schedules as demo


def lines(fig):
    left, right = fig.axes[:2]
    return {ln.get_label(): ln for ln in left.lines}, {ln.get_label(): ln for ln in right.lines}


def test_the_default_draws_keras_cosine_decay_and_its_run():
    fig = demo.draw_designer()  # cosine 0.5 → 0.005 over 1000 updates
    rates, runs = lines(fig)
    k = np.arange(1000)
    want = CosineDecay(0.5, 1000, alpha=0.01)(k)  # built here with the Keras arguments
    np.testing.assert_allclose(rates["cosine"].get_ydata(), want, rtol=1e-12)
    np.testing.assert_allclose(rates["constant 0.5"].get_ydata(), 0.5)
    expected = noisy_quadratic(CosineDecay(0.5, 1000, alpha=0.01), 1000)
    np.testing.assert_allclose(runs["cosine"].get_ydata(), expected, rtol=1e-12)
    constant = noisy_quadratic(Constant(0.5), 1000)[-1]
    title = fig.axes[1].get_title()
    assert title == f"final loss {expected[-1]:.2g} (constant: {constant:.2g})"
    assert expected[-1] < constant / 10  # the decayed run ends well below the noise floor


def test_changing_the_controls_changes_the_drawing():
    linear = demo.draw_designer(kind="linear", initial=0.2, final=0.002, steps=500, warmup=100)
    rates, _ = lines(linear)
    y = rates["linear + 100 warm-up"].get_ydata()
    assert len(y) == 600 and y[0] == 0.0 and y[100] == pytest.approx(0.2)
    k = np.arange(100, 600)
    np.testing.assert_allclose(y[100:], PolynomialDecay(0.2, 500, 0.002)(k - 100), rtol=1e-12)
    assert linear.axes[0].get_title() == "linear: 0.2 → 0.002 in 500 updates"
    other = lines(demo.draw_designer(kind="exponential", initial=0.2, final=0.002, steps=500))[0]
    assert not np.allclose(other["exponential"].get_ydata(), y[100:])


def test_a_diverging_run_is_reported_on_the_figure_not_raised():
    fig = demo.draw_designer(kind="constant", initial=2.5, steps=1000)
    assert fig.axes[1].get_title().startswith("constant: diverged at step")
    assert fig.axes[1].get_lines() == []  # nothing non-finite is drawn
    fig = demo.draw_designer(kind="cosine", initial=2.5, steps=1000)
    assert "constant: diverged at step" in fig.axes[1].get_title()
    assert all(np.all(np.isfinite(ln.get_ydata())) for ln in fig.axes[1].get_lines())


def test_an_impossible_schedule_shows_the_reason():
    fig = demo.draw_designer(kind="cosine", initial=0.1, final=0.5)
    assert fig.axes[0].get_title() == "cannot build this schedule"
    assert "final_learning_rate <= initial_learning_rate" in fig._suptitle.get_text()


@pytest.mark.parametrize("kind", ["constant", "cosine restarts", "inverse time", "inverse sqrt"])
def test_every_kind_draws(kind):
    fig = demo.draw_designer(kind=kind, warmup=50)
    rates, runs = lines(fig)
    assert len(rates) == 2 and len(runs) == 2
    final = runs[next(iter(set(runs) - {"constant 0.5"}))].get_ydata()[-1]
    assert math.isfinite(final) and f"{final:.2g}" in fig.axes[1].get_title()


def test_presentation_style_enlarges_the_figure():
    small = demo.draw_designer().get_size_inches()
    plotting.use_style(presentation=True)
    try:
        big = demo.draw_designer().get_size_inches()
    finally:
        plotting.use_style()
    assert big[0] > small[0] and big[1] > small[1]


def test_the_panel_redraws_when_a_control_changes(monkeypatch):
    calls = []

    def spy(**values):
        calls.append(values)
        return plt.figure()

    monkeypatch.setattr(demo, "draw_designer", spy)
    panel = demo.designer_demo()
    controls = [c for row in panel.children[:-1] for c in row.children]
    by_name = {c.description: c for c in controls}
    names = {"schedule", "initial rate", "final rate", "decay steps", "warm-up steps"}
    assert set(by_name) == names
    assert calls[-1] == dict(kind="cosine", initial=0.5, final=0.005, steps=1000, warmup=0)
    by_name["schedule"].value = "linear"
    by_name["warm-up steps"].value = 200
    assert calls[-1]["kind"] == "linear" and calls[-1]["warmup"] == 200 and len(calls) == 3
    assert by_name["initial rate"].max < math.log10(2.0)  # never past the stability limit


# --- the drawing functions behind the notebook's figures ----------------------------------------


def test_curves_draws_each_schedule_over_the_steps():
    from helpers.plotting import schedules as draw

    course = {"linear": PolynomialDecay(0.1, 1000, 0.001), "cosine": CosineDecay(0.1, 1000)}
    _, ax = draw.curves(course, 1201, marks=[1000], log=True, title="course")
    linear, cosine, mark = ax.lines
    assert linear.get_label() == "linear" and len(linear.get_xdata()) == 1201
    assert linear.get_ydata()[500] == pytest.approx(0.0505) and cosine.get_ydata()[1000] == 0.0
    assert list(mark.get_xdata()) == [1000, 1000] and ax.get_yscale() == "log"
    _, ax = draw.curves({"x": Constant(0.2)}, np.arange(5, 10), legend=None)
    assert ax.get_legend() is None and list(ax.lines[0].get_xdata()) == [5, 6, 7, 8, 9]


def test_robbins_monro_plots_the_partial_sums_at_log_spaced_points():
    from helpers.plotting import schedules as draw
    from helpers.schedules import robbins_monro_sums

    sums = {"constant": robbins_monro_sums(Constant(0.5), 10**5)}
    _, (left, right) = draw.robbins_monro(sums)
    n, s1 = left.lines[0].get_data()
    assert n[0] == 1 and n[-1] == 10**5 and len(n) <= 400
    np.testing.assert_allclose(s1, 0.5 * n)  # Σ of n constant rates
    np.testing.assert_allclose(right.lines[0].get_ydata(), 0.25 * n)


def test_training_draws_the_mean_and_the_spread_of_repeated_runs():
    from helpers.backprop import History
    from helpers.plotting import schedules as draw

    runs = {
        "SGD": {"constant": [History(train_loss=[1.0, 0.5]), History(train_loss=[3.0, 1.5])]},
        "Adam": {"constant": [History(train_loss=[2.0, 1.0])]},
    }
    _, axs = draw.training(runs)
    assert [ax.get_title() for ax in axs] == ["SGD", "Adam"]
    assert list(axs[0].lines[0].get_ydata()) == [2.0, 1.0]  # the mean over the two runs
    assert len(axs[0].collections) == 1 and len(axs[1].collections) == 0  # a band needs 2 runs


def test_expected_losses_draws_one_line_per_run():
    from helpers.plotting import schedules as draw

    _, ax = draw.expected_losses({"a": np.array([1.0, 0.5, 0.25])}, title="t")
    assert list(ax.lines[0].get_ydata()) == [1.0, 0.5, 0.25] and ax.get_yscale() == "log"


def test_the_constant_run_is_computed_once_per_rate_and_length(monkeypatch):
    from helpers import schedules as sch

    real = sch.noisy_quadratic
    calls = []

    def spy(learning_rate, steps, **kw):
        calls.append(learning_rate)
        return real(learning_rate, steps, **kw)

    monkeypatch.setattr(sch, "noisy_quadratic", spy)
    demo._baseline.cache_clear()
    demo.draw_designer(kind="linear", initial=0.3, steps=700)
    demo.draw_designer(kind="exponential", initial=0.3, final=0.01, steps=700)
    assert [type(c).__name__ for c in calls] == ["Constant", "PolynomialDecay", "ExponentialDecay"]
    demo.draw_designer(kind="linear", initial=0.3, steps=800)  # a new length: a new baseline
    assert type(calls[-2]).__name__ == "Constant"


def test_one_legend_serves_both_panels_and_the_log_axis_has_no_minor_ticks():
    fig = demo.draw_designer()
    left, right = fig.axes
    assert left.get_legend() is not None and right.get_legend() is None
    assert [ln.get_label() for ln in right.lines] == [ln.get_label() for ln in left.lines]
    assert right.yaxis.get_minorticklocs().size == 0


def test_each_kind_of_schedule_keeps_one_colour_in_every_figure():
    from helpers.plotting import schedules as draw

    assert draw.color_of("exponential to 0.1 %") == draw.color_of("exponential")
    assert draw.color_of("warm-up + cosine") != draw.color_of("cosine to 1 %")
    assert draw.color_of("cosine + 50 warm-up") == draw.color_of("cosine")
    losses = {"constant": np.ones(5), "exponential to 0.1 %": np.ones(5)}
    _, ax = draw.expected_losses(losses)
    _, curves_ax = draw.curves({"exponential": Constant(0.1), "constant": Constant(0.2)}, 10)
    for axes in (ax, curves_ax):
        colours = {ln.get_label().split()[0]: ln.get_color() for ln in axes.lines}
        assert colours["exponential"] == draw.KIND_COLORS["exponential"]
        assert colours["constant"] == draw.KIND_COLORS["constant"]
    for fig in (ax.figure, curves_ax.figure):
        plt.close(fig)


def test_curves_of_one_kind_share_its_colour_and_differ_in_line_style():
    from helpers.plotting import schedules as draw

    cosines = {f"alpha={a}": CosineDecay(0.1, 100, alpha=a) for a in (0.0, 0.1, 0.5)}
    fig, ax = draw.curves(cosines, 101, kind="cosine")
    assert {ln.get_color() for ln in ax.lines} == {draw.KIND_COLORS["cosine"]}
    assert len({ln.get_linestyle() for ln in ax.lines}) == 3
    plt.close(fig)


def test_step_lengths_draws_both_conventions_and_the_reference():
    from helpers.plotting import schedules as draw
    from helpers.schedules import momentum_step_lengths

    lengths = momentum_step_lengths(PolynomialDecay(0.1, 50), 60, 0.9)
    fig, ax = draw.step_lengths(lengths, reference=("α/(1 − β)", np.ones(60)))
    assert [ln.get_label() for ln in ax.lines] == ["keras", "pytorch", "α/(1 − β)"]
    np.testing.assert_allclose(ax.lines[1].get_ydata(), lengths["pytorch"])
    assert ax.get_ylim()[1] == pytest.approx(1.5)  # room above the curves for the legend
    plt.close(fig)
