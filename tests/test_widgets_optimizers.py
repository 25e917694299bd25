"""The optimizer demo of notebook 05, headless: what it draws and how its controls are wired."""

import io

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from helpers import DivergenceError, plotting
from helpers import optimizers as opt
from helpers import surfaces as S
from helpers.plotting import optimizers as draw
from helpers.widgets import optimizers as demo


def _path(fig):
    """The trajectory line (the line with the most points)."""
    lines = [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata()) > 1]
    return max(lines, key=lambda ln: len(ln.get_xdata()))


def test_draw_shows_the_trajectory_and_the_loss_it_reached():
    fig = demo.draw_optimizer("Momentum", "banana (Distill)", 0.003, 0.74, 0.999, 150)
    path = _path(fig)
    assert len(path.get_xdata()) == 151
    assert (path.get_xdata()[0], path.get_ydata()[0]) == (-1.21, 0.853)
    surface, start = demo.SURFACES["banana (Distill)"]
    final = opt.minimize(surface, opt.SGD(0.003, momentum=0.74), start, 150).losses[-1]
    title = fig.axes[0].get_title()
    assert f"f − f* = {final - surface(surface.minimum):.3g} after 150 steps" in title
    assert "Momentum (α = 0.003, β = 0.74)" in title


def test_the_title_names_only_the_hyperparameters_in_use():
    """β₂ is Adam's alone and β is not read by SGD or AdaGrad: the title says what is used."""
    adam = demo.draw_optimizer("Adam", "Beale", 0.1, 0.8, 0.99, 5)
    assert "Adam (α = 0.1, β₁ = 0.8, β₂ = 0.99) on" in adam.axes[0].get_title()
    for name in ("SGD", "AdaGrad"):
        title = demo.draw_optimizer(name, "saddle", 0.01, 0.8, 0.99, 5).axes[0].get_title()
        assert f"{name} (α = 0.01) on" in title and "β" not in title
    title = demo.draw_optimizer("RMSProp", "saddle", 0.01, 0.8, 0.99, 5).axes[0].get_title()
    assert "(α = 0.01, β = 0.8) on" in title and "β₂" not in title


def test_unused_sliders_are_disabled():
    panel = demo.optimizer_demo()
    controls = {c.description: c for row in panel.children[:-1] for c in row.children}
    beta, beta2 = controls["β (β₁ for Adam)"], controls["β₂ (Adam)"]
    assert not beta.disabled and beta2.disabled  # Momentum is the default
    controls["optimizer"].value = "Adam"
    assert not beta.disabled and not beta2.disabled
    controls["optimizer"].value = "AdaGrad"
    assert beta.disabled and beta2.disabled
    controls["optimizer"].value = "RMSProp"
    assert not beta.disabled and beta2.disabled
    plt.close("all")


def test_the_figure_follows_the_controls():
    a = _path(demo.draw_optimizer("Momentum", "long valley", 0.02, 0.9, 0.999, 100))
    b = _path(demo.draw_optimizer("Momentum", "long valley", 0.02, 0.5, 0.999, 100))
    c = _path(demo.draw_optimizer("Adam", "long valley", 0.3, 0.9, 0.999, 100))
    d = _path(demo.draw_optimizer("Adam", "long valley", 0.3, 0.9, 0.99, 100))
    assert not np.allclose(a.get_ydata(), b.get_ydata())  # β matters for momentum
    assert not np.allclose(c.get_ydata(), d.get_ydata())  # β₂ matters for Adam
    assert len(_path(demo.draw_optimizer("SGD", "saddle", 0.05, 0.9, 0.999, 40)).get_xdata()) == 41


def test_the_path_is_the_optimizers_trajectory():
    surface, start = demo.SURFACES["Beale"]
    want = opt.minimize(surface, opt.Adam(0.1), start, 60).points
    path = _path(demo.draw_optimizer("Adam", "Beale", 0.1, 0.9, 0.999, 60))
    np.testing.assert_allclose(path.get_xdata(), want[:, 0])
    np.testing.assert_allclose(path.get_ydata(), want[:, 1])


def test_a_diverging_setting_is_reported_not_raised():
    fig = demo.draw_optimizer("SGD", "Beale", 3.0, 0.9, 0.999, 200)
    assert "diverged at step" in fig.axes[0].get_title()


def test_a_run_away_that_is_still_finite_is_called_diverging():
    # SGD on the valley (λ_max = 10) with α = 0.21 > 2/λ_max: |1 − 10α| = 1.1, so θ₂ grows by
    # 1.1× per step — after 60 steps 1.1⁶⁰ ≈ 300 times its start, its part of the loss ≈ 10⁵
    # times: finite, and short of the millionfold growth that counts as diverged
    # (helpers.DivergenceError), but clearly running away.
    title = demo.draw_optimizer("SGD", "long valley", 0.21, 0.0, 0.999, 60).axes[0].get_title()
    assert "diverging" in title and "diverged at step" not in title
    title = demo.draw_optimizer("SGD", "long valley", 0.15, 0.0, 0.999, 150).axes[0].get_title()
    assert "diverging" not in title


@pytest.mark.parametrize("name", opt.NAMES)
def test_every_optimizer_on_every_surface(name):
    for surface in demo.SURFACES:
        fig = demo.draw_optimizer(name, surface, 0.01, 0.9, 0.999, 20)
        assert fig.axes[0].get_title()
        plt.close(fig)


def test_bad_choices():
    with pytest.raises(ValueError, match="surface must be one of"):
        demo.draw_optimizer(surface="moon")
    with pytest.raises(ValueError, match="optimizer must be one of"):
        demo.draw_optimizer(optimizer="LBFGS")


def test_panel_controls_redraw(monkeypatch):
    calls = []
    original = demo.draw_optimizer

    def recording(**values):
        calls.append(values)
        return original(**values)

    monkeypatch.setattr(demo, "draw_optimizer", recording)
    panel = demo.optimizer_demo()
    controls = {c.description: c for row in panel.children[:-1] for c in row.children}
    assert {"optimizer", "surface", "learning rate α", "steps"} <= set(controls)
    assert isinstance(panel.children[-1], w.Output)
    assert calls[-1]["learning_rate"] == pytest.approx(0.003)  # drawn once when built
    controls["learning rate α"].value = 0.001
    assert calls[-1]["learning_rate"] == pytest.approx(0.001)
    controls["optimizer"].value = "Adam"
    controls["surface"].value = "saddle"
    assert calls[-1]["optimizer"] == "Adam" and calls[-1]["surface"] == "saddle"


# --- the drawing layer (helpers.plotting.optimizers) ---------------------------------------------


def test_rule_puts_pseudocode_beside_the_source():
    card = draw.rule("Adam")._repr_html_()
    assert "r ← β₂ r + (1 − β₂) g²" in card.replace("&#x27;", "'")
    assert "def update(self, i, theta, g, alpha):" in card
    assert "s_hat = s[i] / (1 - beta1**t)" in card and "r_hat = r[i] / (1 - beta2**t)" in card
    assert "Adam.update" in card and "Adam.root" in card and "def root(self, r):" in card
    assert "SGD.update" in draw.rule("Momentum")._repr_html_()
    assert "Adam.root" not in draw.rule("Momentum")._repr_html_()
    alone = draw.rule("Nesterov", code=False)._repr_html_()
    assert "look ahead" in alone and "def update" not in alone
    with pytest.raises(TypeError, match="code must be True or False"):
        draw.rule("Adam", code="no")
    with pytest.raises(ValueError, match="name must be one of"):
        draw.rule("LBFGS")


def _races():
    valley, start = S.valley(), (-10.0, 1.0)
    runs = {name: opt.minimize(valley, opt.make(name, 0.05), start, 40) for name in opt.NAMES}
    try:
        opt.minimize(valley, opt.SGD(5.0), start, 400)
    except DivergenceError as err:
        runs["SGD"] = err
    return {valley: runs}


def test_race_labels_steps_and_divergence():
    races = _races()
    (valley,) = races
    ax = draw.race(valley, races[valley], steps_to=dict.fromkeys(opt.NAMES, 7))
    labels = ax.get_legend_handles_labels()[1]
    assert labels[0].startswith("SGD (diverged at step")
    assert "Adam (7 steps)" in labels


def test_race_without_legend_and_one_shared_legend():
    races = _races()
    (valley,) = races
    fig, axs = plotting.figure(ncols=2)
    draw.race(valley, races[valley], legend=False, ax=axs[0])
    assert axs[0].get_legend() is None
    legend = draw.shared_legend(fig, axs[0])
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[0].startswith("SGD (diverged at step") and labels[1:] == list(opt.NAMES[1:])
    plt.close(fig)


def test_compared_optimizers_have_clearly_different_colours():
    colors = draw.OPTIMIZER_COLORS
    assert len(set(colors.values())) == len(opt.NAMES)
    for a, b in [("Momentum", "Nesterov"), ("RMSProp", "Adam")]:
        ra, rb = (np.array([int(colors[n][i : i + 2], 16) for i in (1, 3, 5)]) for n in (a, b))
        assert np.abs(ra - rb).sum() > 150, (a, b)


def test_titles_use_the_axes_symbols():
    ax = draw.contours(S.valley())
    assert ax.get_title() == "long valley: f = 0.05θ₁² + 5θ₂²"
    assert ax.get_xlabel() == "θ₁"
    plt.close(ax.figure)


def test_frame_ends_start_one_by_one_and_end_at_the_last_point():
    ends = draw.frame_ends(501, 60)
    assert ends[0] == 1 and ends[-1] == 501
    assert list(ends[:3]) == [1, 2, 3]  # the first steps one by one
    assert np.all(np.diff(ends) > 0) and np.diff(ends)[-1] > 10  # later ones faster
    assert len(ends) <= 60


def test_training_draws_one_or_several_seeds():
    from helpers.backprop import History

    def history(scale):
        h = History()
        h.train_loss, h.dev_loss = [1.0 * scale, 0.5 * scale], [0.9 * scale, 0.4 * scale]
        h.step_loss = [1.0 * scale, 0.8 * scale, 0.6 * scale, 0.4 * scale]
        return h

    left, right = draw.training({"SGD": history(1.0), "Adam": [history(1.0), history(2.0)]})
    assert len(right.get_lines()) == 3 and len(left.get_lines()) == 3
    assert [t.get_text() for t in right.get_legend().get_texts()] == ["SGD", "Adam"]
    plt.close(left.figure)


def test_animation_is_a_small_looping_gif():
    gif = draw.animation(_races(), frames=8, ncols=1)
    assert gif.data[:6] == b"GIF89a" and gif.frames == 8
    bundle = gif._repr_mimebundle_()
    assert set(bundle) == {"image/gif", "text/plain"}
    assert bundle["text/plain"] == "<animation: 8 frames>"
    assert len(gif.data) < 500_000
    image = Image.open(io.BytesIO(gif.data))
    assert image.n_frames == 8 and image.info.get("loop") == 0


def test_animation_lays_panels_out_in_rows_and_is_large():
    races = _races()
    (valley,) = races
    two = {valley: races[valley], S.rotated(valley, 45): races[valley]}
    gif = draw.animation(two, frames=6)  # two panels side by side
    image = Image.open(io.BytesIO(gif.data))
    assert image.size[0] >= 800 and image.n_frames == gif.frames


def test_figures_keep_working_in_presentation_mode():
    normal = demo.draw_optimizer("Adam", "Beale", 0.1, 0.9, 0.999, 50).get_size_inches()
    plotting.use_style(presentation=True)
    try:
        fig = demo.draw_optimizer("Adam", "Beale", 0.1, 0.9, 0.999, 50)
        assert fig.get_size_inches()[0] > normal[0]
        axs = draw.parabola_runs(
            {lr: opt.minimize(S.quadratic(), opt.SGD(lr), (1.8, 0.0), 10) for lr in (0.1, 2.1)}
        )
        assert "|x| = 4.67 after 10 steps" in axs[1].get_title()
    finally:
        plotting.use_style()
