"""A demo's figure drawn again, move after move, must be the picture a new figure gives.

``helpers.widgets.live`` hands a drawing function the figure it returned on the last move, and
``plotting.figure(reuse=...)`` empties it instead of making new axes (the slow part of a small
figure). Each sequence below switches between the branches of its demo (a run that diverges
and one that does not, linear and log axes, legends that come and go), so state left over from
one move would show as different pixels on the next.
"""

import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from helpers import plotting, widgets
from helpers.widgets import backprop, generalization, mle, optimizers, schedules, sgd

MOVES = {
    "backward_walk": (
        backprop.draw_backward_walk,
        [{}, {"step": 1}, {"step": 12, "x1": -2.0}, {"step": 20, "x2": 3.0}, {"step": 0}, {}],
    ),
    "activation": (
        backprop.draw_activation,
        [{}, {"activation": "relu", "x0": 0.0}, {"activation": "sigmoid", "x0": -4.9}, {}],
    ),
    "sgd": (
        sgd.draw_sgd,
        [
            {},
            {"learning_rate": 3.16, "steps": 300},  # batch GD diverges, SGD is drawn
            {"learning_rate": 1.5, "batch_size": 100, "steps": 300},  # no curve: linear axes
            {"learning_rate": 0.05, "batch_size": 100},  # m = n: batch GD only
            {"rule": "α/i²", "steps": 10},
            {"learning_rate": 0.9, "batch_size": 5, "rule": "α/√i", "steps": 300},
            {},
        ],
    ),
    "robbins_monro": (
        sgd.draw_robbins_monro,
        [{}, {"c": 3.0, "power": 0.0}, {"power": 2.0}, {"c": 0.01, "power": 0.5}, {}],
    ),
    "polynomial": (
        generalization.draw_polynomial_fit,
        [
            {},
            {"degree": 15, "n": 5},
            {"degree": 0, "lam": 10.0, "noise": 0.0},
            {"degree": 9, "n": 100, "noise": 1.0},
            {},
        ],
    ),
    "sampling": (
        mle.draw_sampling,
        [{}, {"n": 2, "sigma": 0.5}, {"n": 200, "sigma": 3.0}, {}],
    ),
    "likelihood": (
        mle.draw_likelihood,
        [{}, {"n": 1, "theta": 0.05}, {"n": 200, "theta": 0.95}, {}],
    ),
    "designer": (
        schedules.draw_designer,
        [
            {},
            {"kind": "cosine", "initial": 0.01, "final": 0.5},  # cannot climb: a red message
            {"kind": "inverse sqrt", "initial": 1.5, "warmup": 100},
            {"kind": "constant", "initial": 1.58},  # the slider's largest rate
            {"kind": "exponential", "steps": 3000, "warmup": 500},
            {},
        ],
    ),
    "optimizer": (
        optimizers.draw_optimizer,
        [
            {},
            {"optimizer": "SGD", "learning_rate": 0.05},  # diverges on the banana
            {"optimizer": "Adam", "surface": "Beale", "learning_rate": 0.1},
            {"optimizer": "RMSProp", "surface": "saddle", "steps": 20},
            {"optimizer": "Nesterov", "surface": "bowl κ = 20", "learning_rate": 0.3},
            {},
        ],
    ),
}


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)))


@pytest.mark.parametrize("demo", MOVES)
def test_a_reused_figure_gives_the_picture_of_a_new_one(demo):
    plotting.use_style()
    draw, moves = MOVES[demo]
    fig = None
    for values in moves:
        again = draw(**values, fig=fig)
        assert fig is None or again is fig  # the same figure, drawn into again
        fig = again
        fresh = draw(**values)
        assert fresh is not fig
        np.testing.assert_array_equal(pixels(widgets.render(fig)), pixels(widgets.render(fresh)))
        plt.close(fresh)


def test_live_hands_draw_the_figure_it_returned_last_time():
    plotting.use_style()
    seen = []

    def draw(a, fig=None):
        seen.append(fig)
        fig, ax = plotting.figure(reuse=fig)
        ax.plot([0, 1], [0, a])
        return fig

    a = widgets.slider(0.2, 0.0, 1.0, 0.1, "a")
    panel = widgets.live(draw, {"a": a})
    first = panel.png
    a.value = 0.9
    a.value = 0.4
    assert seen[0] is None and seen[1] is not None and seen[2] is seen[1]
    assert panel.png != first
    assert plt.get_fignums() == []  # off pyplot's list: the widget never shows it twice


def test_render_draws_what_savefig_draws():
    plotting.use_style()

    def make():
        fig, ax = plotting.figure(ncols=2)
        ax[0].plot([1, 2, 3], [3, 1, 2], label="a line")
        ax[0].legend()
        ax[1].semilogy([1, 2, 3], [1e-3, 1, 1e3])
        ax[1].set_title("log axis")
        ax[1].yaxis.set_minor_locator(mpl.ticker.NullLocator())  # render() drops them too
        return fig

    saved = io.BytesIO()
    make().savefig(saved, format="png")
    np.testing.assert_array_equal(pixels(widgets.render(make())), pixels(saved.getvalue()))


def test_empty_returns_axes_to_a_new_state():
    plotting.use_style()
    fig, (left, right) = plotting.figure(ncols=2, layout="none")
    left.bar([1, 2], [3, 4], label="bars")
    left.plot([0, 1], [0, 1], label="line")
    left.legend()
    left.set(title="t", xlabel="x", ylabel="y", xscale="log", xlim=(1, 10))
    left.set_xticks([1, 10])
    left.grid(False)
    right.set_aspect("equal")
    fig.suptitle("a suptitle")
    again, (left2, right2) = plotting.figure(ncols=2, layout="none", reuse=fig)
    assert again is fig and left2 is left and right2 is right
    assert not left.lines and not left.patches and not left.containers
    assert left.get_legend() is None and left.get_title() == "" and left.get_xlabel() == ""
    assert left.get_xscale() == "linear" and left.get_autoscalex_on()
    assert isinstance(left.xaxis.get_major_locator(), mpl.ticker.AutoLocator)
    assert right.get_aspect() == "auto" and fig.get_suptitle() == ""
    (line,) = left.plot([0, 1], [0, 1])
    assert line.get_color() == plotting.PALETTE[0]  # the colour cycle starts again
    assert all(tick.gridline.get_visible() for tick in left.xaxis.get_major_ticks())


def test_reuse_makes_a_new_figure_when_the_grid_or_size_differs():
    plotting.use_style()
    fig, _ = plotting.figure(ncols=2)
    other, _ = plotting.figure(ncols=3, reuse=fig)
    assert other is not fig
    plotting.use_style(presentation=True)  # a new style: a new size
    try:
        bigger, _ = plotting.figure(ncols=2, reuse=fig)
        assert bigger is not fig
    finally:
        plotting.use_style()
