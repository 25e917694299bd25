"""helpers.backprop: the lecture's worked example, the graph engine, activations, MLP, training.

Expected values come from the lecture (typed in below), from hand derivations, or from
independent finite differences and re-implementations written in this file.
"""

from __future__ import annotations

import math
import sys
import warnings

import numpy as np
import pytest

from helpers import DivergenceError
from helpers import backprop as bp
from helpers.losses import mean_squared_error, softmax_cross_entropy

# --- the lecture's worked example ------------------------------------------------------------

# Typed from the lecture's slides "Backpropagation Example" (and its appendix for the values).
LECTURE_VALUES = {"i1": 4, "i2": -3, "i3": 5, "h1": 4, "h2": 0, "h3": 5, "o": 6, "L": 9, "gold": 3}
LECTURE_GRADIENTS = {
    "o": 6,
    "w7": 24,
    "w8": 0,
    "w9": 30,
    "w1": -6,
    "w2": -12,
    "w3": 0,
    "w4": 0,
    "w5": 12,
    "w6": 24,
    "h1": -6,
    "h2": 18,
    "h3": 12,
    "i1": -6,
    "i2": 0,
    "i3": 12,
    "x1": 0,
    "x2": 18,
}


def test_worked_example_reproduces_the_lecture_table_exactly():
    values, grads = bp.worked_example()
    assert len(LECTURE_GRADIENTS) == 18
    assert set(grads) == set(LECTURE_GRADIENTS)
    for name, expected in LECTURE_GRADIENTS.items():
        assert grads[name] == expected, name  # small integers: exact in floating point
    for name, expected in LECTURE_VALUES.items():
        assert values[name] == expected, name
    assert values["x1"] == 1 and values["x2"] == 2
    assert [values[f"w{k}"] for k in range(1, 10)] == [2, 1, 1, -2, 1, 2, -1, 3, 2]
    assert all(isinstance(v, float) for v in (*values.values(), *grads.values()))


def test_worked_example_with_w4_changed_matches_a_hand_derivation():
    # w4 = 1: i2 = 1·1 + 1·2 = 3 > 0, so h2 = 3 and o = −4 + 9 + 10 = 15, ∂L/∂o = 2·12 = 24.
    values, grads = bp.worked_example(w4=1.0)
    assert values["h2"] == 3 and values["o"] == 15 and values["L"] == 144
    assert grads["o"] == 24
    assert grads["w3"] == 24 * 3 * 1 * 1  # ∂L/∂o · w8 · ReLU'(i2) · x1
    assert grads["w8"] == 24 * 3  # ∂L/∂o · h2
    # ∂L/∂x1 = Σ_j ∂L/∂i_j · w(j, x1) = (24·−1)·2 + (24·3)·1 + (24·2)·1
    assert grads["x1"] == -48 + 72 + 48


def test_worked_example_matches_finite_differences_of_an_independent_formula():
    def loss(p):
        i = np.array(
            [
                p["w1"] * p["x1"] + p["w2"] * p["x2"],
                p["w3"] * p["x1"] + p["w4"] * p["x2"],
                p["w5"] * p["x1"] + p["w6"] * p["x2"],
            ]
        )
        h = np.maximum(i, 0)
        return (p["w7"] * h[0] + p["w8"] * h[1] + p["w9"] * h[2] - p["gold"]) ** 2

    point = dict(bp.LECTURE_NETWORK, x1=0.7, x2=-1.3, w4=0.4)
    _, grads = bp.worked_example(x1=0.7, x2=-1.3, w4=0.4)
    for name in ["x1", "x2", *(f"w{k}" for k in range(1, 10))]:
        up, down = dict(point), dict(point)
        up[name] += 1e-6
        down[name] -= 1e-6
        numeric = (loss(up) - loss(down)) / 2e-6
        assert grads[name] == pytest.approx(numeric, rel=1e-6, abs=1e-6), name


def test_worked_example_rejects_unknown_or_bad_changes():
    with pytest.raises(TypeError, match="w10"):
        bp.worked_example(w10=1.0)
    with pytest.raises(ValueError, match="x1 must be a finite number"):
        bp.worked_example(x1=float("nan"))
    with pytest.raises(TypeError, match="x1 must be a finite number"):
        bp.worked_example(x1="1")


def test_worked_example_does_not_change_the_lecture_network():
    bp.worked_example(w1=-5.0)
    assert bp.worked_example()[1] == bp.worked_example()[1]
    assert bp.LECTURE_NETWORK["w1"] == 2.0


# --- the graph engine ------------------------------------------------------------------------


def test_backward_steps_follow_the_lecture_algorithm():
    graph = bp.lecture_graph()
    values = graph.forward(bp.LECTURE_NETWORK)
    steps = graph.backward_steps(values)
    order = [s.node for s in steps]
    assert order == graph.names[::-1]  # i = n, n−1, …, 1
    assert steps[0].node == "L" and steps[0].g == 1 and steps[0].terms == ()
    by_node = {s.node: s for s in steps}
    assert by_node["h1"].terms == (("o", 6.0, -1.0),)  # g(o)·∂o/∂h1 = 6·w7
    assert by_node["x1"].successors == ("i1", "i2", "i3")
    assert [d for _, _, d in by_node["x1"].terms] == [2.0, 1.0, 1.0]  # w1, w3, w5
    assert by_node["i2"].terms == (("h2", 18.0, 0.0),)  # ReLU'(−3) = 0
    assert by_node["gold"].g == -6.0


def test_lecture_graph_takes_another_activation():
    # identity "activation": the network is linear, o = Σ_j w_{6+j}(w_{2j−1}x1 + w_{2j}x2)
    identity = bp.Op("identity", lambda a: a, lambda a: (1.0,), arity=1)
    graph = bp.lecture_graph(activation=identity)
    assert [graph.op(f"h{j}") for j in (1, 2, 3)] == [identity] * 3
    values = graph.forward(bp.LECTURE_NETWORK)
    assert values["h2"] == -3.0 and values["o"] == -4.0 - 9.0 + 10.0  # o = −3
    g = graph.backward(values)
    # ∂L/∂w3 = 2(o − gold)·w8·x1 = 2·(−6)·3·1, by hand
    assert g["w3"] == -36.0
    assert bp.lecture_graph().op("h1") is bp.RELU  # the default is unchanged
    with pytest.raises(TypeError, match="arity=1"):
        bp.lecture_graph(activation=bp.SQUARED_ERROR)
    with pytest.raises(TypeError, match="activation must be an Op"):
        bp.lecture_graph(activation=np.tanh)


def test_graph_orders_nodes_as_added_and_lists_neighbours():
    graph = bp.lecture_graph()
    assert graph.names[:2] == ["x1", "x2"] and graph.names[-1] == "L"
    assert graph.inputs == list(bp.LECTURE_NETWORK)
    assert graph.predecessors("o") == ("w7", "w8", "w9", "h1", "h2", "h3")
    assert graph.predecessors("i2") == ("w3", "w4", "x1", "x2")
    assert graph.successors("h2") == ("o",)
    assert graph.op("h3") is bp.RELU and graph.op("L") is bp.SQUARED_ERROR
    assert graph.op("x1") is None


def test_a_node_used_twice_by_one_successor_counts_twice():
    graph = bp.Graph()
    graph.input("x")
    graph.add("y", bp.WEIGHTED_SUM, "x", "x")  # y = x·x
    values = graph.forward({"x": 3.0})
    assert values["y"] == 9.0
    assert graph.backward(values)["x"] == 6.0
    assert graph.successors("x") == ("y",)


def test_deep_graphs_need_no_recursion():
    depth = 3 * sys.getrecursionlimit()
    graph = bp.Graph()
    graph.input("x")
    graph.input("w")
    previous = "x"
    for k in range(depth):
        previous = graph.add(f"u{k}", bp.WEIGHTED_SUM, "w", previous)
    values = graph.forward({"x": 2.0, "w": 1.0})
    grads = graph.backward(values)
    assert values[previous] == 2.0
    assert grads["x"] == 1.0
    assert grads["w"] == depth * 2.0  # each of the `depth` products contributes its input, 2


def test_graph_backward_on_a_random_graph_matches_finite_differences(rng):
    graph = bp.Graph()
    names = [graph.input(f"a{k}") for k in range(4)]
    for k in range(12):
        picks = rng.choice(len(names), size=4)
        names.append(graph.add(f"n{k}", bp.WEIGHTED_SUM, *(names[p] for p in picks)))
        if k % 3 == 2:
            names.append(graph.add(f"r{k}", bp.RELU, names[-1]))
    point = {f"a{k}": float(v) for k, v in enumerate(rng.uniform(0.5, 1.5, 4))}
    grads = graph.backward(graph.forward(point))
    for name in point:
        up, down = dict(point), dict(point)
        up[name] += 1e-6
        down[name] -= 1e-6
        out = graph.names[-1]
        numeric = (graph.forward(up)[out] - graph.forward(down)[out]) / 2e-6
        assert grads[name] == pytest.approx(numeric, rel=1e-6), name


def test_graph_validates_its_input():
    graph = bp.Graph()
    graph.input("x")
    with pytest.raises(ValueError, match="name must be new and non-empty, got 'x'"):
        graph.input("x")
    with pytest.raises(
        ValueError, match="args of node 'z' must be nodes already in the graph, but 'y' is not"
    ):
        graph.add("z", bp.RELU, "y")
    with pytest.raises(ValueError, match="needs at least one argument"):
        graph.add("z", bp.RELU)
    with pytest.raises(TypeError, match="op must be an Op"):
        graph.add("z", max, "x")
    graph.add("z", bp.RELU, "x")
    with pytest.raises(ValueError, match=r"missing \['x'\]"):
        graph.forward({})
    with pytest.raises(ValueError, match=r"unknown \['q'\]"):
        graph.forward({"x": 1.0, "q": 2.0})
    with pytest.raises(
        ValueError, match=r"u must give a value to exactly every node.*missing \['z'\]"
    ):
        graph.backward({"x": 1.0})
    with pytest.raises(ValueError, match=r"i must be a node of this graph \['x', 'z'\], got 'q'"):
        graph.successors("q")
    with pytest.raises(ValueError, match="name must be new and non-empty, got ''"):
        graph.input("")
    with pytest.raises(TypeError, match=r"name must be a string \(a node.s name\), got int 3"):
        graph.input(3)
    with pytest.raises(TypeError, match=r"inputs\['x'\] must be a finite number"):
        graph.forward({"x": True})


# --- activations -----------------------------------------------------------------------------

GRID = np.linspace(-4, 4, 161)


def test_activations_match_their_definitions():
    assert np.array_equal(bp.relu(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0])
    assert np.allclose(bp.sigmoid(GRID), 1 / (1 + np.exp(-GRID)))
    assert np.allclose(
        bp.tanh(GRID), (np.exp(GRID) - np.exp(-GRID)) / (np.exp(GRID) + np.exp(-GRID))
    )


def test_relu_derivative_is_a_step_with_zero_at_the_kink():
    grad = bp.relu_grad(np.array([-1.0, -1e-12, 0.0, 1e-12, 2.0]))
    assert np.array_equal(grad, [0.0, 0.0, 0.0, 1.0, 1.0])
    assert grad.dtype == np.float64


@pytest.mark.parametrize(
    ("grad", "f"),
    [
        (bp.tanh_grad, np.tanh),
        (bp.sigmoid_grad, lambda x: 1 / (1 + np.exp(-x))),
        (bp.relu_grad, lambda x: np.maximum(x, 0)),
    ],
)
def test_activation_derivatives_match_centred_differences(grad, f):
    x = GRID[np.abs(GRID) > 1e-3]  # away from ReLU's kink
    h = 1e-6
    numeric = (f(x + h) - f(x - h)) / (2 * h)
    assert np.allclose(grad(x), numeric, rtol=1e-7, atol=1e-9)


def test_activation_derivatives_have_their_closed_forms():
    # Independent formulas: σ'(x) = e^{−x}/(1 + e^{−x})², tanh'(x) = 1/cosh²(x).
    assert np.allclose(bp.sigmoid_grad(GRID), np.exp(-GRID) / (1 + np.exp(-GRID)) ** 2)
    assert np.allclose(bp.tanh_grad(GRID), 1 / np.cosh(GRID) ** 2)
    assert bp.sigmoid_grad(np.array(0.0)) == 0.25 and bp.tanh_grad(np.array(0.0)) == 1.0
    assert bp.sigmoid_grad(GRID).max() == 0.25


def test_activation_table_and_numerical_derivative():
    assert sorted(bp.ACTIVATIONS) == ["relu", "sigmoid", "tanh"]
    act = bp.ACTIVATIONS["tanh"]
    assert np.allclose(act.grad(GRID), 1 - np.tanh(GRID) ** 2)
    assert np.allclose(bp.numerical_derivative(np.tanh, GRID), 1 - np.tanh(GRID) ** 2, atol=1e-9)
    # At the kink a centred difference sees half of each side.
    assert bp.numerical_derivative(bp.relu, np.array([0.0]))[0] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="h must be a finite number > 0, got 0"):
        bp.numerical_derivative(np.tanh, GRID, h=0)


# --- dense layers and Jacobians --------------------------------------------------------------


def test_dense_backward_is_a_sum_of_outer_products(rng):
    x, W = rng.standard_normal((5, 3)), rng.standard_normal((3, 4))
    dz = rng.standard_normal((5, 4))
    dx, dW, db = bp.dense_backward(dz, x, W)
    assert np.allclose(dW, sum(np.outer(x[i], dz[i]) for i in range(5)))
    assert np.allclose(db, [sum(dz[i, j] for i in range(5)) for j in range(4)])
    for i in range(5):
        assert np.allclose(dx[i], [sum(dz[i, j] * W[k, j] for j in range(4)) for k in range(3)])
    assert bp.dense_backward(dz, x, W, input_grad=False)[0] is None


def test_numerical_jacobian_of_a_dense_layer_is_w_transposed(rng):
    x, W, b = rng.standard_normal(3), rng.standard_normal((3, 2)), rng.standard_normal(2)
    assert np.allclose(bp.dense_forward(x, W, b), [x @ W[:, 0] + b[0], x @ W[:, 1] + b[1]])
    J = bp.numerical_jacobian(lambda v: v @ W + b, x)
    assert J.shape == (2, 3)
    assert np.allclose(J, W.T, atol=1e-9)
    # The Jacobian of an elementwise activation is diagonal.
    Jt = bp.numerical_jacobian(np.tanh, x)
    assert np.allclose(Jt, np.diag(1 - np.tanh(x) ** 2), atol=1e-9)


def test_numerical_gradient_restores_a_non_contiguous_input(rng):
    base = rng.standard_normal((4, 3))
    x = base.T  # a view with unusual strides
    keep = x.copy()
    grad = bp.numerical_gradient(lambda v: float(np.sum(v**3)), x)
    assert np.allclose(grad, 3 * keep**2, rtol=1e-8)
    assert np.array_equal(x, keep)


# --- the MLP ---------------------------------------------------------------------------------


def reference_logits(params, x, f):
    """An independent forward pass: h = f(hW + b) for hidden layers, linear output."""
    h = x
    for k in range(0, len(params) - 2, 2):
        h = f(h @ params[k] + params[k + 1])
    return h @ params[-2] + params[-1]


def test_mlp_parameters_have_the_documented_shapes_and_init(rng):
    mlp = bp.MLP([64, 100, 10], rng=rng)
    assert [p.shape for p in mlp.params] == [(64, 100), (100,), (100, 10), (10,)]
    assert mlp.n_params == 64 * 100 + 100 + 100 * 10 + 10
    limit = math.sqrt(6 / (64 + 100))
    assert np.abs(mlp.params[0]).max() <= limit
    assert np.abs(mlp.params[0]).max() > 0.9 * limit  # uniform on the whole interval
    assert np.all(mlp.params[1] == 0)
    normal = bp.MLP([64, 100, 10], "tanh", np.random.default_rng(1), init_std=0.1)
    assert normal.params[0].std() == pytest.approx(0.1, rel=0.05)
    assert repr(normal) == "MLP([64, 100, 10], activation='tanh')"


def test_mlp_parameters_and_gradients_are_plain_lists_of_new_arrays(rng):
    """``params`` is a list of separate arrays; each ``backward`` returns a new list of new
    arrays aligned with it (an earlier result is never overwritten)."""
    mlp = bp.MLP([4, 5, 3], rng=rng)
    assert type(mlp.params) is list and len(mlp.params) == 4
    assert not any(np.shares_memory(p, q) for p in mlp.params for q in mlp.params if p is not q)
    x, y = rng.standard_normal((6, 4)), rng.integers(0, 3, 6)
    _, d = softmax_cross_entropy(mlp.forward(x), y)
    first = mlp.backward(d)
    kept = [g.copy() for g in first]
    second = mlp.backward(2 * d)
    assert type(first) is list and [g.shape for g in first] == [p.shape for p in mlp.params]
    for g, k, g2 in zip(first, kept, second, strict=True):
        assert not np.shares_memory(g, g2)
        np.testing.assert_array_equal(g, k)
        np.testing.assert_allclose(g2, 2 * k, rtol=1e-13)  # backward is linear in dlogits


def test_mlp_initialisation_is_seeded():
    a = bp.MLP([3, 4, 2], rng=np.random.default_rng(7))
    b = bp.MLP([3, 4, 2], rng=np.random.default_rng(7))
    c = bp.MLP([3, 4, 2])  # rng=None is a fixed generator too, never the global state
    d = bp.MLP([3, 4, 2])
    assert all(np.array_equal(p, q) for p, q in zip(a.params, b.params, strict=True))
    assert all(np.array_equal(p, q) for p, q in zip(c.params, d.params, strict=True))


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_mlp_forward_matches_an_independent_implementation(rng, activation):
    f = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh}.get(
        activation, lambda z: 1 / (1 + np.exp(-z))
    )
    mlp = bp.MLP([5, 7, 6, 3], activation, rng)
    for p in mlp.params[1::2]:
        p[:] = rng.standard_normal(p.shape)  # non-zero biases, so they are tested too
    x = rng.standard_normal((4, 5))
    assert np.allclose(mlp.forward(x), reference_logits(mlp.params, x, f))
    assert np.allclose(mlp(x), mlp.forward(x))


def finite_difference_grads(params, loss):
    """Independent centred differences over every parameter (no helpers code)."""
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            keep = p[idx]
            p[idx] = keep + 1e-6
            up = loss()
            p[idx] = keep - 1e-6
            down = loss()
            p[idx] = keep
            g[idx] = (up - down) / 2e-6
        grads.append(g)
    return grads


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_mlp_backward_matches_finite_differences(rng, activation):
    mlp = bp.MLP([4, 6, 5, 3], activation, rng)
    for p in mlp.params[1::2]:
        p[:] = 0.1 * rng.standard_normal(p.shape)
    x, y = rng.standard_normal((7, 4)), rng.integers(0, 3, 7)

    def loss():
        logits = mlp.forward(x)
        z = logits - logits.max(axis=1, keepdims=True)
        return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(7), y]))

    _, dlogits = softmax_cross_entropy(mlp.forward(x), y)
    grads = mlp.backward(dlogits)
    numeric = finite_difference_grads(mlp.params, loss)
    assert len(grads) == len(mlp.params)
    for g, n, p in zip(grads, numeric, mlp.params, strict=True):
        assert g.shape == p.shape
        assert np.allclose(g, n, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_gradient_check_is_below_1e7_on_random_networks(activation):
    for seed in range(3):
        rng = np.random.default_rng(seed)
        mlp = bp.MLP([6, 8, 7, 4], activation, rng)
        x, y = rng.standard_normal((10, 6)), rng.integers(0, 4, 10)

        def f(params, mlp=mlp, x=x, y=y):
            loss, dlogits = softmax_cross_entropy(mlp.forward(x), y)
            return loss, mlp.backward(dlogits)

        assert bp.gradient_check(f, mlp.params) < 1e-7


def test_gradient_check_with_mean_squared_error(rng):
    mlp = bp.MLP([3, 5, 2], "tanh", rng)
    x, t = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))

    def f(params):
        loss, dpred = mean_squared_error(mlp.forward(x), t)
        return loss, mlp.backward(dpred)

    assert bp.gradient_check(f, mlp.params) < 1e-7


def test_gradient_check_catches_wrong_gradients(rng):
    mlp = bp.MLP([4, 6, 3], "relu", rng)
    x, y = rng.standard_normal((8, 4)), rng.integers(0, 3, 8)

    def no_relu_mask(params):
        loss, dlogits = softmax_cross_entropy(mlp.forward(x), y)
        W1, _, W2, _ = params
        h = np.maximum(x @ W1 + params[1], 0)
        dh = dlogits @ W2.T  # the ReLU mask is missing
        return loss, [x.T @ dh, dh.sum(0), h.T @ dlogits, dlogits.sum(0)]

    assert bp.gradient_check(no_relu_mask, mlp.params) > 1e-2

    def doubled(params):
        loss, dlogits = softmax_cross_entropy(mlp.forward(x), y)
        return loss, [2 * g for g in mlp.backward(dlogits)]

    assert bp.gradient_check(doubled, mlp.params) == pytest.approx(1 / 3, rel=1e-4)


def test_gradient_check_on_a_single_array():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([0.5, -1.0])
    assert bp.gradient_check(lambda v: (0.5 * v @ A @ v, A @ v), x) < 1e-9
    assert np.array_equal(x, [0.5, -1.0])  # restored
    assert bp.gradient_check(lambda v: (0.5 * v @ A @ v, v), x) > 0.1
    with pytest.raises(ValueError, match="gradient 0 has shape"):
        bp.gradient_check(lambda v: (0.0, np.zeros(3)), x)
    with pytest.raises(TypeError, match="x must be a float64 numpy array"):
        bp.gradient_check(lambda v: (0.0, v), [1.0, 2.0][0])
    with pytest.raises(TypeError, match=r"x\[1\] must be a float64"):
        bp.gradient_check(lambda v: (0.0, v), [x, np.array([1, 2])])
    with pytest.raises(ValueError, match="one gradient per array"):
        bp.gradient_check(lambda v: (0.0, [x]), [x, x.copy()])


def test_mlp_rejects_bad_arguments(rng):
    with pytest.raises(ValueError, match="layer_sizes must list at least two sizes"):
        bp.MLP([64])
    with pytest.raises(TypeError, match="layer_sizes must be a list of sizes"):
        bp.MLP(64)
    with pytest.raises(ValueError, match=r"layer_sizes\[1\] must be an integer ≥ 1, got 0"):
        bp.MLP([64, 0, 10])
    with pytest.raises(TypeError, match=r"layer_sizes\[1\] must be an integer ≥ 1, got float 2.5"):
        bp.MLP([64, 2.5, 10])
    with pytest.raises(ValueError, match=r"activation must be one of .*'relu'.*got 'softmax'"):
        bp.MLP([64, 10], "softmax")
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        bp.MLP([2, 2], rng=42)
    with pytest.raises(ValueError, match="init_std must be a finite number > 0, got 0"):
        bp.MLP([2, 2], init_std=0)
    with pytest.raises(TypeError, match="init_std must be a finite number > 0"):
        bp.MLP([2, 2], init_std="0.1")
    mlp = bp.MLP([3, 4, 2], rng=rng)
    with pytest.raises(RuntimeError, match="call forward"):
        mlp.backward(np.zeros((1, 2)))
    with pytest.raises(ValueError, match=r"x must have shape \(batch, 3\).*got \(5, 4\)"):
        mlp.forward(np.zeros((5, 4)))
    with pytest.raises(ValueError, match=r"x must have shape \(batch, 3\).*got \(3,\)"):
        mlp.forward(np.zeros(3))
    mlp.forward(np.zeros((5, 3)))
    with pytest.raises(
        ValueError, match=r"dlogits must have the shape of the last logits \(5, 2\)"
    ):
        mlp.backward(np.zeros((4, 2)))


def test_backward_leaves_dlogits_untouched(rng):
    mlp = bp.MLP([3, 4, 2], rng=rng)
    mlp.forward(rng.standard_normal((5, 3)))
    d = rng.standard_normal((5, 2))
    keep = d.copy()
    mlp.backward(d)
    assert np.array_equal(d, keep)


# --- losses at the network's output (helpers.losses, used by train) ------------------------


def test_softmax_cross_entropy_gradient_and_extreme_logits(rng):
    z, y = rng.standard_normal((4, 5)), np.array([0, 4, 2, 2])

    def f(v):
        return softmax_cross_entropy(v, y)

    assert bp.gradient_check(f, z) < 1e-7
    big = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0]])
    loss, grad = softmax_cross_entropy(big, np.array([1, 1]))
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
    assert loss == pytest.approx(0.5 * 2e4)  # first example: −log softmax = 2e4; second: 0
    assert np.allclose(grad, [[0.5, -0.5, 0.0], [0.0, 0.0, 0.0]])


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.uint64])
def test_softmax_cross_entropy_takes_any_integer_labels(dtype):
    # uniform logits over 4 classes: loss ln 4; gradient (1/4 − onehot) / 2, by hand
    loss, grad = softmax_cross_entropy(np.zeros((2, 4)), np.array([3, 0], dtype=dtype))
    assert loss == pytest.approx(math.log(4.0), rel=1e-15)
    assert np.allclose(grad, [[0.125, 0.125, 0.125, -0.375], [-0.375, 0.125, 0.125, 0.125]])


@pytest.mark.parametrize(
    ("logits", "labels", "match"),
    [
        (np.zeros((3, 4)), np.array([0, 4, 1]), r"labels must lie in 0\.\.3; got 4 at index 1"),
        (np.zeros((3, 4)), np.array([0, 1, -1]), r"labels must lie in 0\.\.3; got -1 at index 2"),
        (np.array([[0.0, np.inf]]), np.array([0]), "logits contains NaN or infinite"),
        (np.array([[0.0, -np.inf]]), np.array([0]), "logits contains NaN or infinite"),
    ],
)
def test_softmax_cross_entropy_names_what_is_wrong(logits, labels, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clear ValueError, not a RuntimeWarning on the way
        with pytest.raises(ValueError, match=match):
            softmax_cross_entropy(logits, labels)


def test_softmax_cross_entropy_rejects_labels_that_are_not_integers():
    with pytest.raises(TypeError, match="labels must hold integer class labels, got dtype bool"):
        softmax_cross_entropy(np.zeros((3, 4)), np.array([True, False, True]))


def test_softmax_cross_entropy_leaves_its_logits_untouched(rng):
    z = rng.standard_normal((3, 4))
    keep = z.copy()
    softmax_cross_entropy(z, np.array([0, 1, 2]))
    assert np.array_equal(z, keep)


def test_mean_squared_error_gradient(rng):
    p, t = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    assert bp.gradient_check(lambda v: mean_squared_error(v, t), p) < 1e-7


# --- prediction, accuracy and training -------------------------------------------------------


def hand_network():
    """1 input → 2 ReLU units → 2 logits; class 1 wins exactly for x > 0."""
    mlp = bp.MLP([1, 2, 2])
    mlp.params[0][:] = [[1.0, -1.0]]
    mlp.params[1][:] = 0.0
    mlp.params[2][:] = [[0.0, 1.0], [1.0, 0.0]]
    mlp.params[3][:] = [0.0, 0.0]
    return mlp


def test_predict_accuracy_and_evaluate_on_a_hand_built_network():
    mlp = hand_network()
    x = np.array([[-2.0], [-1.0], [1.0], [3.0]])
    assert np.array_equal(bp.predict(mlp, x), [0, 0, 1, 1])
    assert bp.accuracy(mlp, x, np.array([0, 0, 1, 0])) == 0.75
    loss, acc = bp.evaluate(mlp, x, np.array([0, 0, 1, 1]))
    # logits (|x|, 0) or (0, |x|): loss = mean log(1 + e^{−|x|})
    assert loss == pytest.approx(np.mean(np.log1p(np.exp(-np.array([2.0, 1.0, 1.0, 3.0])))))
    assert acc == 1.0
    with pytest.raises(ValueError, match=r"y must lie in 0\.\.1; got 2 at index 1"):
        bp.accuracy(mlp, x, np.array([0, 2, 1, 1]))
    with pytest.raises(ValueError, match=r"y must have shape \(4,\)"):
        bp.accuracy(mlp, x, np.array([0, 1]))
    with pytest.raises(TypeError, match="y must hold integer class labels"):
        bp.accuracy(mlp, x, np.array([0.0, 1.0, 1.0, 0.0]))


class PlainSGD:
    """θ ← θ − αg, written here so that the training loop is tested on its own."""

    def __init__(self, learning_rate):
        self.learning_rate = learning_rate
        self.calls = 0

    def step(self, params, grads):
        self.calls += 1
        for p, g in zip(params, grads, strict=True):
            p -= self.learning_rate * g


def blobs(rng, n=120):
    centres = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.5]])
    y = rng.integers(0, 3, n)
    return centres[y] + 0.5 * rng.standard_normal((n, 2)), y


def test_train_learns_separable_blobs_and_records_history(rng):
    x, y = blobs(rng)
    x_dev, y_dev = blobs(rng, 60)
    mlp = bp.MLP([2, 16, 3], "tanh", rng)
    opt = PlainSGD(0.1)
    history = bp.train(mlp, opt, x, y, epochs=15, batch_size=32, rng=rng, x_dev=x_dev, y_dev=y_dev)
    assert isinstance(history, bp.History)
    assert history.epochs == 15 and len(history.dev_accuracy) == 15
    assert history.steps == opt.calls == 15 * 4  # ceil(120 / 32) = 4 batches per epoch
    assert history.train_loss[-1] < 0.5 * history.train_loss[0]
    assert history.dev_accuracy[-1] >= 0.95
    assert history.dev_loss[-1] == pytest.approx(bp.evaluate(mlp, x_dev, y_dev)[0])
    # The epoch's train loss is the size-weighted mean of its minibatch losses.
    sizes = [32, 32, 32, 24]
    first = np.dot(history.step_loss[:4], sizes) / 120
    assert history.train_loss[0] == pytest.approx(first)
    assert 0 <= min(history.train_accuracy) and max(history.train_accuracy) <= 1


def test_train_takes_the_steps_of_a_hand_written_sgd_loop():
    """The lecture's loop written out: shuffle, and per minibatch forward, loss, backward,
    θ ← θ − αg; the softmax cross-entropy and its gradient typed in here."""
    x, y = blobs(np.random.default_rng(1), 50)
    trained, by_hand = (bp.MLP([2, 6, 3], "tanh", np.random.default_rng(2)) for _ in range(2))
    history = bp.train(
        trained, PlainSGD(0.2), x, y, epochs=2, batch_size=16, rng=np.random.default_rng(5)
    )
    rng, losses = np.random.default_rng(5), []
    for _ in range(2):
        order = rng.permutation(50)
        for start in range(0, 50, 16):
            batch = order[start : start + 16]
            z = by_hand.forward(x[batch])
            p = np.exp(z - z.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            n = len(batch)
            losses.append(-np.mean(np.log(p[np.arange(n), y[batch]])))
            p[np.arange(n), y[batch]] -= 1
            for theta, g in zip(by_hand.params, by_hand.backward(p / n), strict=True):
                theta -= 0.2 * g
    assert history.step_loss == pytest.approx(losses, rel=1e-12)
    for a, b in zip(trained.params, by_hand.params, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_train_is_reproducible_from_the_seed():
    runs = []
    for _ in range(2):
        rng = np.random.default_rng(3)
        x, y = blobs(rng)
        mlp = bp.MLP([2, 8, 3], "relu", rng)
        runs.append(bp.train(mlp, PlainSGD(0.05), x, y, epochs=3, batch_size=10, rng=rng))
    assert runs[0].step_loss == runs[1].step_loss
    assert runs[0].dev_loss == []


def test_train_reports_the_step_where_the_loss_diverged(rng):
    x, y = blobs(rng)
    x = x * 100.0
    mlp = bp.MLP([2, 16, 3], "relu", rng)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warnings on the way: the error says it all
        with pytest.raises(DivergenceError, match="the run diverged") as info:
            bp.train(mlp, PlainSGD(1e6), x, y, epochs=50, batch_size=8, rng=rng)
    err = info.value
    assert err.step > 0 and f"at step {err.step}" in str(err)
    assert err.loss > 1e6 * max(err.history.step_loss[0], 1.0)  # the rule, still finite
    assert np.all(np.array(err.history.step_loss) <= 1e6 * max(err.history.step_loss[0], 1.0))
    assert err.history.steps == err.step  # every step before it completed
    assert np.all(np.isfinite(err.history.step_loss))
    assert err.last_loss == err.history.step_loss[-1]


class BreaksAfter(PlainSGD):
    """Plain SGD that puts NaN into the first weight matrix at its ``n``-th step."""

    def __init__(self, learning_rate, n):
        super().__init__(learning_rate)
        self.n = n

    def step(self, params, grads):
        super().step(params, grads)
        if self.calls == self.n:
            params[0][...] = np.nan


def test_train_divergence_at_the_start_of_an_epoch_names_the_last_finite_loss(rng):
    x, y = blobs(rng)  # 120 examples in batches of 32: 4 steps per epoch
    mlp = bp.MLP([2, 8, 3], "tanh", rng)
    with pytest.raises(DivergenceError) as info:
        bp.train(mlp, BreaksAfter(0.1, 4), x, y, epochs=3, batch_size=32, rng=rng)
    err = info.value
    assert err.step == 4 and err.history.steps == 4 and err.history.epochs == 1
    assert err.last_loss == err.history.step_loss[-1]
    assert f"the last finite loss was {err.last_loss:.4g}" in str(err)


def test_train_rejects_bad_arguments(rng):
    x, y = blobs(rng, 20)
    mlp = bp.MLP([2, 4, 3], rng=rng)
    opt = PlainSGD(0.1)
    kw = {"epochs": 1, "batch_size": 5, "rng": rng}
    with pytest.raises(ValueError, match=r"y must lie in 0\.\.2"):
        bp.train(mlp, opt, x, y + 1, **kw)
    with pytest.raises(ValueError, match=r"x must have shape \(n, 2\)"):
        bp.train(mlp, opt, np.zeros((20, 3)), y, **kw)
    with pytest.raises(ValueError, match=r"y must have shape \(20,\)"):
        bp.train(mlp, opt, x, y[:10], **kw)
    with pytest.raises(ValueError, match="epochs must be an integer ≥ 1, got 0"):
        bp.train(mlp, opt, x, y, epochs=0, batch_size=5, rng=rng)
    with pytest.raises(TypeError, match=r"batch_size must be an integer ≥ 1, got float 2\.5"):
        bp.train(mlp, opt, x, y, epochs=1, batch_size=2.5, rng=rng)
    with pytest.raises(TypeError, match="optimizer must have a step"):
        bp.train(mlp, object(), x, y, **kw)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        bp.train(mlp, opt, x, y, epochs=1, batch_size=5, rng=0)
    with pytest.raises(ValueError, match="give both x_dev and y_dev"):
        bp.train(mlp, opt, x, y, x_dev=x, **kw)
    with pytest.raises(ValueError, match=r"y_dev must lie in 0\.\.2"):
        bp.train(mlp, opt, x, y, x_dev=x, y_dev=y + 5, **kw)


def test_ops_check_their_number_of_arguments():
    graph = bp.Graph()
    for name in "abc":
        graph.input(name)
    with pytest.raises(ValueError, match="ReLU takes 1 argument"):
        graph.add("r", bp.RELU, "a", "b")
    with pytest.raises(ValueError, match="squared error takes 2 argument"):
        graph.add("e", bp.SQUARED_ERROR, "a")
    graph.add("s", bp.WEIGHTED_SUM, "a", "b", "c")  # an odd count is found when it is evaluated
    with pytest.raises(
        ValueError, match="a must be the weights w_1 … w_k, then the values x_1 … x_k"
    ):
        graph.forward({"a": 1.0, "b": 2.0, "c": 3.0})


def test_ops_are_their_values_and_local_derivatives():
    # by hand: 2·5 + 3·7 = 31; ∂/∂w = (5, 7), ∂/∂x = (2, 3)
    assert bp.WEIGHTED_SUM.value(2.0, 3.0, 5.0, 7.0) == 31.0
    assert bp.WEIGHTED_SUM.partials(2.0, 3.0, 5.0, 7.0) == (5.0, 7.0, 2.0, 3.0)
    assert bp.RELU.value(-2.0) == 0.0 and bp.RELU.value(3.0) == 3.0
    assert bp.RELU.partials(-2.0) == (0.0,) and bp.RELU.partials(0.0) == (0.0,)
    assert bp.RELU.partials(3.0) == (1.0,)
    assert bp.SQUARED_ERROR.value(6.0, 3.0) == 9.0
    assert bp.SQUARED_ERROR.partials(6.0, 3.0) == (6.0, -6.0)
