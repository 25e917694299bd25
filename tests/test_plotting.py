"""The house style and the presentation switch."""

import matplotlib as mpl
import pytest

from helpers import plotting


def test_style_applies_and_presentation_enlarges():
    plotting.use_style()
    small = mpl.rcParams["font.size"], tuple(mpl.rcParams["figure.figsize"])
    assert not plotting.is_presentation()
    plotting.use_style(presentation=True)
    large = mpl.rcParams["font.size"], tuple(mpl.rcParams["figure.figsize"])
    assert plotting.is_presentation()
    assert large[0] >= 1.4 * small[0] and large[1][0] > small[1][0]
    plotting.use_style()
    assert (mpl.rcParams["font.size"], tuple(mpl.rcParams["figure.figsize"])) == small


def test_colour_cycle_is_the_palette():
    plotting.use_style()
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == list(plotting.PALETTE)


def test_figure_and_axes_helpers():
    plotting.use_style()
    fig, axs = plotting.figure(3)
    assert len(axs) == 3 and fig.get_size_inches()[0] > mpl.rcParams["figure.figsize"][0]
    fig1, ax1 = plotting.axes()
    assert plotting.axes(ax1) == (fig1, ax1)


def test_presentation_must_be_a_bool():
    with pytest.raises(TypeError, match="presentation must be True or False"):
        plotting.use_style(presentation="yes")


@pytest.mark.parametrize("presentation", [False, True])
def test_fixed_margins_are_measured_in_font_sizes(presentation):
    plotting.use_style(presentation=presentation)
    fig, (left, right) = plotting.figure(2, layout="none")
    plotting.fixed_margins(fig, left=5.0, right=1.0, bottom=3.0, top=2.0, gap=6.0, ncols=2)
    fig.canvas.draw()
    em = mpl.rcParams["font.size"] / 72
    w, h = fig.get_size_inches()
    a, b = left.get_position(), right.get_position()
    assert a.x0 * w == pytest.approx(5.0 * em) and (1 - b.x1) * w == pytest.approx(1.0 * em)
    assert (b.x0 - a.x1) * w == pytest.approx(6.0 * em)  # the gap between the panels
    assert a.y0 * h == pytest.approx(3.0 * em) and (1 - a.y1) * h == pytest.approx(2.0 * em)
    assert a.width == pytest.approx(b.width)
    plotting.use_style()


def test_fixed_margins_refuse_a_constrained_figure():
    fig, _ = plotting.figure()
    with pytest.raises(ValueError, match="layout='none'"):
        plotting.fixed_margins(fig)
