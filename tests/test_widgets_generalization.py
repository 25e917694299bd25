"""The live demo of notebook 01, headless: the draw function's artists follow the sliders, and
the panel redraws when a control changes."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import generalization as gen
from helpers import plotting
from helpers.widgets import generalization as demos


def _fit_line(fig):
    left = fig.axes[0]
    return next(line for line in left.get_lines() if line.get_label().startswith("degree"))


def _training_points(fig):
    line = next(line for line in fig.axes[0].get_lines() if line.get_label() == "training set")
    return np.column_stack([line.get_xdata(), line.get_ydata()])


def test_draw_returns_two_panels_with_titles():
    fig = demos.draw_polynomial_fit(degree=3, lam=1e-8, n=15, noise=0.3)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "train MSE" in fig.axes[0].get_title() and "test MSE" in fig.axes[0].get_title()
    assert "n = 15" in fig.axes[1].get_title()


def test_fit_curve_is_the_ridge_fit_of_the_shown_points():
    fig = demos.draw_polynomial_fit(degree=4, lam=1e-3, n=20, noise=0.2)
    pts = _training_points(fig)
    line = _fit_line(fig)
    x, y = pts[:, 0], pts[:, 1]
    w = gen.ridge(gen.polynomial_features(x, 4), y, 1e-3, intercept=True)
    np.testing.assert_allclose(line.get_ydata(), gen.polynomial_features(line.get_xdata(), 4) @ w)


def test_sliders_change_what_is_drawn():
    base = demos.draw_polynomial_fit(degree=3, lam=1e-8, n=15, noise=0.3)
    curve = _fit_line(base).get_ydata()
    higher = demos.draw_polynomial_fit(degree=9, lam=1e-8, n=15, noise=0.3)
    assert not np.allclose(_fit_line(higher).get_ydata(), curve)
    assert _fit_line(higher).get_label() == "degree 9"
    stiff = demos.draw_polynomial_fit(degree=9, lam=10.0, n=15, noise=0.3)
    # a huge λ with a free constant flattens the curve
    assert np.ptp(_fit_line(stiff).get_ydata()) < 0.2 * np.ptp(_fit_line(higher).get_ydata())
    more = demos.draw_polynomial_fit(degree=3, lam=1e-8, n=40, noise=0.3)
    assert len(_training_points(more)) == 40 and len(_training_points(base)) == 15
    # the first 15 points are the same ones: only n changed
    np.testing.assert_array_equal(_training_points(more)[:15], _training_points(base))
    quiet = demos.draw_polynomial_fit(degree=3, lam=1e-8, n=15, noise=0.0)
    np.testing.assert_array_equal(_training_points(quiet)[:, 0], _training_points(base)[:, 0])
    np.testing.assert_allclose(
        _training_points(quiet)[:, 1], gen.wavy(_training_points(base)[:, 0])
    )


def test_error_panel_marks_the_chosen_degree_and_shows_all_degrees():
    fig = demos.draw_polynomial_fit(degree=7, lam=1e-8, n=30, noise=0.3)
    right = fig.axes[1]
    train, test = right.get_lines()[:2]
    np.testing.assert_array_equal(train.get_xdata(), np.arange(demos.MAX_DEGREE + 1))
    assert np.all(np.diff(train.get_ydata()) <= 1e-9)  # nested fits: training error falls
    assert test.get_label() == "test" and np.all(test.get_ydata() > 0.3**2 * 0.5)
    assert any(np.allclose(line.get_xdata(), 7) for line in right.get_lines()[2:])


def test_draw_rejects_settings_outside_the_sliders():
    with pytest.raises(ValueError, match="degree must be an integer from 0 to 15, got 16"):
        demos.draw_polynomial_fit(degree=16)
    with pytest.raises(ValueError, match="n must be an integer from 1 to 100, got 0"):
        demos.draw_polynomial_fit(n=0)
    with pytest.raises(TypeError, match="degree must be an integer"):
        demos.draw_polynomial_fit(degree=2.5)


def test_draw_in_presentation_style():
    plotting.use_style(presentation=True)
    try:
        fig = demos.draw_polynomial_fit(degree=5)
        assert fig.get_size_inches()[0] > 10
    finally:
        plotting.use_style()


def test_demo_panel_redraws_when_a_control_changes(monkeypatch):
    calls = []
    original = demos.draw_polynomial_fit

    def spy(**values):
        calls.append(values)
        return original(**values)

    monkeypatch.setattr(demos, "draw_polynomial_fit", spy)
    panel = demos.polynomial_demo()
    assert calls[-1] == {"degree": 3, "lam": pytest.approx(1e-8), "n": 15, "noise": 0.3}
    sliders = {c.description: c for row in panel.children[:-1] for c in row.children}
    assert set(sliders) == {"degree", "weight decay λ", "training points n", "noise σ"}
    sliders["degree"].value = 10
    assert calls[-1]["degree"] == 10
    sliders["training points n"].value = 60
    assert calls[-1]["n"] == 60 and calls[-1]["degree"] == 10
