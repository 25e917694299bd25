"""Notebook 04's live demos, headless: the draw functions show what the engine computes, and the
panels redraw when a control moves."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import backprop
from helpers.plotting import backprop as pb
from helpers.widgets import backprop as wb


def texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_backward_walk_starts_with_values_only():
    fig = wb.draw_backward_walk(0)
    shown = texts(fig)
    assert "x₁ = 1" in shown and "o = 6" in shown and "w₄ = −2" in shown
    assert "i₂ = −3\nh₂ = 0" in shown
    assert not any(t.startswith("∂L/∂") for t in shown)
    assert "L = 9" in fig.axes[0].get_title()


def test_backward_walk_reveals_one_node_per_step():
    graph = backprop.lecture_graph()
    order = [s.node for s in graph.backward_steps(graph.forward(backprop.LECTURE_NETWORK))]
    assert wb.STEPS == len(order) == 20
    counts = []
    for step in range(wb.STEPS + 1):
        fig = wb.draw_backward_walk(step)
        lines = [line for t in texts(fig) for line in t.splitlines()]
        counts.append(sum(line.startswith("∂L/∂") for line in lines))
        plt.close(fig)
    assert counts == list(range(wb.STEPS + 1))  # one more gradient shown per step


def test_backward_walk_titles_spell_out_the_sum():
    fig = wb.draw_backward_walk(9)  # the ninth node visited is h1: g(h1) = g(o)·w7
    assert fig.axes[0].get_title() == "step 9/20:  g(h₁) = g(o)·w₇ = 6·(−1) = −6"
    last = wb.draw_backward_walk(20).axes[0].get_title()
    assert last.endswith("g(x₁) = g(i₁)·w₁ + g(i₂)·w₃ + g(i₃)·w₅ = (−6)·2 + 0·1 + 12·1 = 0")
    shown = texts(wb.draw_backward_walk(20))
    for name, value in [("w₁", "−6"), ("w₉", "30"), ("x₂", "18"), ("gold", "−6")]:
        assert f"∂L/∂{name} = {value}" in shown


def test_backward_walk_follows_the_input_sliders():
    before = texts(wb.draw_backward_walk(20, x1=1.0, x2=2.0))
    after = texts(wb.draw_backward_walk(20, x1=1.0, x2=0.0))
    assert before != after
    # x2 = 0: i = (2, 1, 1), h = (2, 1, 1), o = −2 + 3 + 2 = 3 = gold, so every gradient is 0.
    assert "o = 3" in after
    assert all(t.endswith("= 0") for t in after if t.startswith("∂L/∂") and "∂L/∂L" not in t)


def test_backward_walk_rejects_a_step_out_of_range():
    with pytest.raises(ValueError, match=r"step must be an integer from 0 to 20, got 21"):
        wb.draw_backward_walk(21)


def test_backward_walk_panel_redraws_on_a_slider_move():
    panel = wb.backward_walk_demo()
    step, _, x2 = panel.children[0].children
    assert (step.min, step.max, step.value) == (0, 20, 0)
    first = panel.png
    step.value = 5
    after_step = panel.png
    x2.value = 0.5
    assert first != after_step != panel.png  # each move showed a new picture


def test_activation_demo_draws_the_tangent():
    fig = wb.draw_activation("tanh", 0.0)
    ax = fig.axes[0]
    assert ax.get_title().startswith("tanh′(0) = 1.000")
    tangent = next(line for line in ax.lines if line.get_label() == "tangent")
    x, y = tangent.get_data()
    assert np.allclose(np.diff(y) / np.diff(x), 1.0)  # slope tanh′(0) = 1
    relu = wb.draw_activation("relu", -1.0)
    assert relu.axes[0].get_title().startswith("ReLU′(−1) = 0.000")
    sig = wb.draw_activation("sigmoid", 0.0)
    assert sig.axes[0].get_title().startswith("σ′(0) = 0.250")  # σ(0)(1 − σ(0)) = 1/4
    # the curves drawn are the function and its derivative, typed here independently
    x, dy = sig.axes[0].lines[1].get_data()
    assert np.allclose(dy, np.exp(-x) / (1 + np.exp(-x)) ** 2)
    x, dy = relu.axes[0].lines[1].get_data()
    assert np.array_equal(dy, (x > 0).astype(float))
    with pytest.raises(ValueError, match="activation must be one of"):
        wb.draw_activation("softplus", 0.0)


def test_activation_demo_panel(monkeypatch):
    titles, original = [], wb.draw_activation

    def spy(**values):
        fig = original(**values)
        titles.append(fig.axes[0].get_title())
        return fig

    monkeypatch.setattr(wb, "draw_activation", spy)
    panel = wb.activation_demo()
    dropdown, x0 = panel.children[0].children
    assert dropdown.value == "tanh"
    dropdown.value = "relu"
    x0.value = 2.0
    assert titles[-1].startswith("ReLU′(2) = 1.000")
    first = panel.png
    x0.value = -3.0
    assert panel.png != first  # the new picture is shown


# --- the figures and the table behind them ----------------------------------------------------


def test_backward_table_lists_the_algorithm_in_order():
    graph = backprop.lecture_graph()
    table = pb.backward_table(graph, graph.forward(backprop.LECTURE_NETWORK))
    assert len(table.rows) == 20
    assert table.rows[0][1] == "L" and table.rows[0][-1] == "1"
    by_node = {row[1]: row for row in table.rows}
    assert by_node["x₂"][2] == "i₁, i₂, i₃"
    assert by_node["x₂"][3] == "g(i₁)·w₂ + g(i₂)·w₄ + g(i₃)·w₆"
    assert by_node["x₂"][4] == "(−6)·1 + 0·(−2) + 12·2"
    assert by_node["x₂"][5] == "18"
    assert by_node["gold"][3] == "g(L)·(−2(o − gold))"
    html = table._repr_html_()
    assert html.count("<tr>") == 21 and "(−6)·1 + 0·(−2) + 12·2" in html
    assert repr(table).splitlines()[1].startswith("----")


def test_nodes_and_partial_derivatives_in_symbols():
    graph = backprop.lecture_graph()
    assert pb.formula(graph, "i1") == "w1·x1 + w2·x2"
    assert pb.formula(graph, "o") == "w7·h1 + w8·h2 + w9·h3"
    assert pb.formula(graph, "h3") == "ReLU(i3)"
    assert pb.formula(graph, "L") == "(o − gold)²"
    assert pb.formula(graph, "x1") == "x1"
    assert pb.partial_formula(graph, "o", "h1") == "w7"
    assert pb.partial_formula(graph, "o", "w8") == "h2"
    assert pb.partial_formula(graph, "i1", "w2") == "x2"
    assert pb.partial_formula(graph, "i3", "x1") == "w5"
    assert pb.partial_formula(graph, "h2", "i2") == "ReLU′(i2)"
    assert pb.partial_formula(graph, "L", "o") == "2(o − gold)"
    with pytest.raises(
        ValueError, match=r"i must be one of \['w7', 'w8', 'w9', 'h1', 'h2', 'h3'\], got 'x1'"
    ):
        pb.partial_formula(graph, "o", "x1")
    square = backprop.Graph()
    square.input("x")
    square.add("y", backprop.WEIGHTED_SUM, "x", "x")
    assert pb.formula(square, "y") == "x·x"
    assert pb.partial_formula(square, "y", "x") == "x + x"


def test_an_op_added_later_is_written_by_its_name():
    leaky = backprop.Op(
        "LeakyReLU", lambda a: max(a, 0.1 * a), lambda a: (1.0 if a > 0 else 0.1,), 1
    )
    graph = backprop.lecture_graph(activation=leaky)
    assert pb.formula(graph, "h2") == "LeakyReLU(i2)"
    assert pb.partial_formula(graph, "h2", "i2") == "LeakyReLU′(i2)"
    by_node = {
        row[1]: row
        for row in pb.backward_table(graph, graph.forward(backprop.LECTURE_NETWORK)).rows
    }
    assert by_node["i₂"][3] == "g(h₂)·LeakyReLU′(i₂)"
    assert by_node["i₂"][4] == "12.6·0.1"  # g(h2) = 2(o − gold)·w8 = 2·2.1·3, by hand
    product = backprop.Op("mul", lambda a, b: a * b, lambda a, b: (b, a), arity=2)
    pair = backprop.Graph()
    pair.input("a")
    pair.input("b")
    pair.add("c", product, "a", "b")
    assert pb.formula(pair, "c") == "mul(a, b)"
    assert pb.partial_formula(pair, "c", "b") == "∂mul/∂b"


def test_network_figure_explains_only_the_colours_it_shows():
    values, gradients = backprop.worked_example()
    forward = texts(pb.draw_network(values)[0])
    assert any("black: values" in t and "vermilion" not in t for t in forward)
    both = texts(pb.draw_network(values, gradients)[0])
    assert any("vermilion: ∂L/∂·" in t for t in both)
    assert "∂L/∂w₅ = 12" in both and "∂L/∂i₁ = −6\n∂L/∂h₁ = −6" in both
    plt.close("all")


def test_number_formatting():
    assert pb.number(6.0) == "6" and pb.number(-6.0) == "−6" and pb.number(-0.0) == "0"
    assert pb.number(0.25) == "0.25" and pb.number(1e7) == "1e+07"
    assert pb.symbol("ReLU′(i2) + w12") == "ReLU′(i₂) + w₁₂"


def test_history_and_digits_figures():
    history = backprop.History(
        train_loss=[1.0, 0.5],
        train_accuracy=[0.6, 0.8],
        dev_loss=[1.1, 0.7],
        dev_accuracy=[0.5, 0.7],
    )
    fig, axs = pb.plot_history(history)
    assert [line.get_label() for line in axs[0].lines] == ["train", "dev"]
    assert list(axs[1].lines[1].get_ydata()) == [0.5, 0.7]
    images = np.random.default_rng(0).random((3, 64))
    fig = pb.show_digits(images, [1, 2, 3], [7, 2, 8])
    assert [ax.get_title() for ax in fig.axes[:3]] == ["1 → 7", "2 → 2", "3 → 8"]
    with pytest.raises(ValueError, match="images is empty"):
        pb.show_digits(np.zeros((0, 64)), [])


def test_matrix_text_is_aligned_and_never_prints_minus_zero():
    text = pb.matrix_text(np.array([[-6.0, -1e-9, 12.0], [-12.0, 0.0, 24.0]]), 0)
    assert text.splitlines() == ["[  −6    0   12 ]", "[ −12    0   24 ]"]
    assert pb.matrix_text([0.5, -0.25]) == "[  0.500  −0.250 ]"


def test_plot_activations_draws_function_derivative_and_dots():
    x = np.linspace(-2, 2, 41)
    act = backprop.ACTIVATIONS["tanh"]
    _, axs = pb.plot_activations(x, {"tanh": (act(x), act.grad(x), act.grad(x))}, every=10)
    lines = axs[0].lines
    assert np.allclose(lines[1].get_ydata(), 1 - np.tanh(x) ** 2)
    assert len(lines[2].get_xdata()) == 5  # every 10th of 41 points
