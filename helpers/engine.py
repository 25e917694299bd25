"""The lecture's two algorithms on a graph of scalar nodes.

Milan Straka's NPFL114 lecture 2 ("Training Neural Networks", sections *Forward Propagation* and
*Simple Variant of Backpropagation*) numbers the nodes ``u⁽¹⁾ … u⁽ⁿ⁾`` of a network in
topological order; node ``i`` computes ``u⁽ⁱ⁾ = f⁽ⁱ⁾(A⁽ⁱ⁾)`` from the values ``A⁽ⁱ⁾`` of its
predecessors ``P(u⁽ⁱ⁾)``. A :class:`Graph` is such a list of nodes (in the order they are
added); an :class:`Op` is one ``f⁽ⁱ⁾``: its value and its local derivatives, all the two
algorithms need.

* :meth:`Graph.forward` — forward propagation: for ``i = 1 … n``, ``u⁽ⁱ⁾ ← f⁽ⁱ⁾(A⁽ⁱ⁾)``.
* :meth:`Graph.backward_steps` — simple backpropagation: ``g⁽ⁿ⁾ = 1``, then for
  ``i = n−1 … 1``, ``g⁽ⁱ⁾ ← Σ_{j: i ∈ P(u⁽ʲ⁾)} g⁽ʲ⁾ ∂u⁽ʲ⁾/∂u⁽ⁱ⁾``.
* :func:`worked_example` — both on the lecture's small ReLU network (:func:`lecture_graph`),
  reproducing its table of 18 derivatives.

How a node is written in symbols (``w1·x1 + w2·x2``) is the business of the notebook's table and
figure, ``helpers.plotting.backprop``. Everything here is re-exported by ``helpers.backprop``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from helpers import validate

__all__ = [
    "LECTURE_NETWORK",
    "RELU",
    "SQUARED_ERROR",
    "WEIGHTED_SUM",
    "BackwardStep",
    "Graph",
    "Op",
    "lecture_graph",
    "weights_and_values",
    "worked_example",
]


def _name(argument: str, value) -> str:
    """A node's name: a string."""
    if not isinstance(value, str):
        raise TypeError(
            f"{argument} must be a string (a node's name), got {type(value).__name__} {value!r}"
        )
    return value


# --- operations: a value and its local derivatives -------------------------------------------


@dataclass(frozen=True)
class Op:
    """A node's function ``f``: ``value(*a)`` is the node's value for its arguments' values
    ``a = (a_1, …, a_k)``, ``partials(*a)`` the local derivatives ``(∂f/∂a_1, …, ∂f/∂a_k)``.
    ``arity`` is how many arguments ``f`` takes (None: any number)."""

    name: str
    value: Callable[..., float]
    partials: Callable[..., tuple[float, ...]]
    arity: int | None = None

    def __post_init__(self):
        _name("name", self.name)
        validate.function("value", self.value, "a function of the arguments' values")
        validate.function("partials", self.partials, "a function giving the local derivatives")
        if self.arity is not None:
            validate.integer("arity", self.arity, 1)


def weights_and_values(a: tuple) -> tuple[tuple, tuple]:
    """The arguments ``(w_1, …, w_k, x_1, …, x_k)`` of a weighted sum, split into the weights
    ``(w_1, …, w_k)`` and the values ``(x_1, …, x_k)``."""
    allowed = "the weights w_1 … w_k, then the values x_1 … x_k (an even number, at least 2)"
    if not isinstance(a, tuple | list):
        raise TypeError(f"a must be a tuple of {allowed}, got {type(a).__name__}")
    if len(a) % 2 or not a:
        raise ValueError(f"a must be {allowed}, got {len(a)} arguments")
    k = len(a) // 2
    return a[:k], a[k:]


def _weighted_sum(*a: float) -> float:
    w, x = weights_and_values(a)
    return sum((w_k * x_k for w_k, x_k in zip(w, x, strict=True)), start=0.0)


def _weighted_sum_partials(*a: float) -> tuple[float, ...]:
    w, x = weights_and_values(a)
    return (*x, *w)  # ∂/∂w_k = x_k and ∂/∂x_k = w_k


WEIGHTED_SUM = Op("weighted sum", _weighted_sum, _weighted_sum_partials)
"""``w_1·x_1 + … + w_k·x_k`` of the arguments ``(w_1, …, w_k, x_1, …, x_k)``: the lecture's
``i_1 = w_1·x_1 + w_2·x_2`` is ``WEIGHTED_SUM`` of ``(w1, w2, x1, x2)``."""

RELU = Op("ReLU", lambda a: max(a, 0.0), lambda a: (1.0 if a > 0 else 0.0,), arity=1)
"""``max(a, 0)``; its derivative is 1 for ``a > 0`` and 0 otherwise (0 at the kink, the value
the lecture says is usually used)."""

SQUARED_ERROR = Op(
    "squared error",
    lambda o, gold: (o - gold) ** 2,
    lambda o, gold: (2.0 * (o - gold), -2.0 * (o - gold)),
    arity=2,
)
"""``(o − gold)²`` of the arguments ``(prediction o, gold)``."""


# --- the graph -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackwardStep:
    """One iteration of the simple backpropagation loop: node ``node`` receives
    ``g = Σ_j g⁽ʲ⁾·∂u⁽ʲ⁾/∂u⁽node⁾``; ``terms`` holds one ``(j, g⁽ʲ⁾, ∂u⁽ʲ⁾/∂u⁽node⁾)`` per
    successor ``j`` (a node with ``node`` among its predecessors)."""

    node: str
    terms: tuple[tuple[str, float, float], ...]
    g: float

    def __post_init__(self):
        _name("node", self.node)
        if not isinstance(self.terms, tuple | list) or not all(
            isinstance(t, tuple | list) and len(t) == 3 for t in self.terms
        ):
            raise TypeError(f"terms must be a tuple of (j, g_j, ∂u_j/∂u_node), got {self.terms!r}")
        validate.real("g", self.g)

    @property
    def successors(self) -> tuple[str, ...]:
        """The nodes ``j`` with ``node ∈ P(u⁽ʲ⁾)``, in topological order."""
        return tuple(j for j, _, _ in self.terms)


class Graph:
    """Scalar nodes in topological order: each node is added after its predecessors.

    >>> g = Graph()
    >>> for name in ("w", "x"):
    ...     _ = g.input(name)
    >>> _ = g.add("i", WEIGHTED_SUM, "w", "x")
    >>> _ = g.add("h", RELU, "i")
    >>> u = g.forward({"w": 2.0, "x": 3.0})
    >>> u["h"], g.backward(u)["x"]
    (6.0, 2.0)

    Both algorithms are plain loops over the nodes in the order they were added.
    """

    def __init__(self):
        self._op: dict[str, Op | None] = {}  # f⁽ⁱ⁾ of each node i, in order; None: an input
        self._args: dict[str, tuple[str, ...]] = {}  # P(u⁽ⁱ⁾): the arguments of f⁽ⁱ⁾, in order
        self._successors: dict[str, list[str]] = {}  # the nodes j with i ∈ P(u⁽ʲ⁾)

    def input(self, name: str) -> str:
        """Add an input node (a leaf: an input, a weight, a target); returns its name."""
        return self._add(name, None, ())

    def add(self, name: str, op: Op, *args: str) -> str:
        """Add node ``name = op(*args)``; its arguments must already be nodes. Returns ``name``."""
        if not isinstance(op, Op):
            raise TypeError(f"op must be an Op (e.g. WEIGHTED_SUM), got {type(op).__name__}")
        if not args:
            raise ValueError(f"args: node {name!r} needs at least one argument")
        if op.arity is not None and len(args) != op.arity:
            raise ValueError(f"args: {op.name} takes {op.arity} argument(s), got {args}")
        return self._add(name, op, args)

    def _add(self, name: str, op: Op | None, args: tuple[str, ...]) -> str:
        _name("name", name)
        if not name or name in self._op:
            raise ValueError(f"name must be new and non-empty, got {name!r}; nodes: {self.names}")
        for j in args:
            if not isinstance(j, str) or j not in self._op:
                raise ValueError(
                    f"args of node {name!r} must be nodes already in the graph, but {j!r} is "
                    "not; add nodes in topological order (predecessors first)"
                )
        self._op[name], self._args[name], self._successors[name] = op, tuple(args), []
        for j in dict.fromkeys(args):  # each successor once, even for f(a, a)
            self._successors[j].append(name)
        return name

    @property
    def names(self) -> list[str]:
        """Node names in topological order (the lecture's ``u⁽¹⁾ … u⁽ⁿ⁾``)."""
        return list(self._op)

    @property
    def inputs(self) -> list[str]:
        """The input nodes (leaves), which :meth:`forward` needs values for."""
        return [i for i, op in self._op.items() if op is None]

    def op(self, i: str) -> Op | None:
        """The :class:`Op` of node ``i`` (None for an input)."""
        return self._op[self._known(i)]

    def predecessors(self, i: str) -> tuple[str, ...]:
        """``P(u⁽ⁱ⁾)``: the arguments of node ``i``, in order."""
        return self._args[self._known(i)]

    def successors(self, i: str) -> tuple[str, ...]:
        """The nodes ``j`` with ``i ∈ P(u⁽ʲ⁾)``, in topological order."""
        return tuple(self._successors[self._known(i)])

    def _known(self, i: str, name: str = "i") -> str:
        _name(name, i)
        if i not in self._op:
            raise ValueError(f"{name} must be a node of this graph {self.names}, got {i!r}")
        return i

    def forward(self, inputs: Mapping[str, float]) -> dict[str, float]:
        """Forward propagation: for ``i = 1 … n``, ``u⁽ⁱ⁾ ← f⁽ⁱ⁾(A⁽ⁱ⁾)`` with ``A⁽ⁱ⁾`` the values
        of ``P(u⁽ⁱ⁾)``. ``inputs`` gives every input node a value; returns every node's value
        ``u``, in topological order (the last one is the output ``u⁽ⁿ⁾``)."""
        self._check(inputs, self.inputs, "inputs", "the graph's inputs")
        u: dict[str, float] = {}
        for i, f in self._op.items():
            if f is None:
                u[i] = float(inputs[i])  # checked above: a finite number
            else:
                u[i] = float(f.value(*(u[j] for j in self._args[i])))
        return u

    def partial(self, j: str, i: str, u: Mapping[str, float]) -> float:
        """``∂u⁽ʲ⁾/∂u⁽ⁱ⁾``: the local derivative of node ``j`` with respect to its argument ``i``
        at the values ``u`` (summed over every place ``i`` fills, as in ``f(a, a)``)."""
        args = self._args[j]
        d = self._op[j].partials(*(u[k] for k in args))
        return float(sum(d_k for k, d_k in zip(args, d, strict=True) if k == i))

    def backward_steps(self, u: Mapping[str, float]) -> list[BackwardStep]:
        """Simple backpropagation at the values ``u`` from :meth:`forward`: ``g⁽ⁿ⁾ = 1``, then
        for ``i = n−1 … 1``: ``g⁽ⁱ⁾ ← Σ_{j: i ∈ P(u⁽ʲ⁾)} g⁽ʲ⁾ ∂u⁽ʲ⁾/∂u⁽ⁱ⁾``.

        Returns the loop's iterations in the order they run (the output first), each with the
        terms of its sum; ``g⁽ⁱ⁾ = ∂u⁽ⁿ⁾/∂u⁽ⁱ⁾``."""
        self._check(u, self.names, "u", "every node (pass the result of forward())")
        *rest, n = self.names
        g = {n: 1.0}
        steps = [BackwardStep(n, (), g[n])]
        for i in reversed(rest):
            terms = tuple((j, g[j], self.partial(j, i, u)) for j in self._successors[i])
            g[i] = float(sum(g_j * d for _, g_j, d in terms))
            steps.append(BackwardStep(i, terms, g[i]))
        return steps

    def backward(self, u: Mapping[str, float]) -> dict[str, float]:
        """``g⁽ⁱ⁾ = ∂u⁽ⁿ⁾/∂u⁽ⁱ⁾`` of every node ``i`` (:meth:`backward_steps`), in topological
        order."""
        g = {step.node: step.g for step in self.backward_steps(u)}
        return {i: g[i] for i in self.names}

    def _check(self, given, needed: list[str], name: str, what: str, exact=True) -> None:
        """``given`` maps every node of ``needed`` (and, if ``exact``, no other) to a finite
        number."""
        if not isinstance(given, Mapping):
            raise TypeError(f"{name} must be a dict of node values, got {type(given).__name__}")
        missing = [i for i in needed if i not in given]
        unknown = [i for i in given if i not in needed] if exact else []
        if missing or unknown or not needed:
            raise ValueError(
                f"{name} must give a value to {'exactly ' if exact else ''}{what}: {needed}; "
                f"missing {missing}, unknown {unknown}"
            )
        for i in needed:
            validate.real(f"{name}[{i!r}]", given[i])


def _checked_partial(partial):
    """``Graph.partial`` with its arguments checked first: ``j`` a node, ``i`` one of its
    arguments, ``u`` values for them. (Applied below the class, not as a decorator, so that
    ``inspect.getsource(Graph.partial)``, which notebook 04 prints, stays the algorithm.)"""

    @functools.wraps(partial)
    def checked(self, j: str, i: str, u: Mapping[str, float]) -> float:
        args = self._args[self._known(j, "j")]
        if self._known(i) not in args:
            raise ValueError(f"i must be an argument of node j = {j!r}, one of {args}, got {i!r}")
        self._check(u, list(args), "u", f"the arguments of {j!r}", exact=False)
        return partial(self, j, i, u)

    return checked


Graph.partial = _checked_partial(Graph.partial)


# --- the lecture's example -------------------------------------------------------------------

LECTURE_NETWORK: dict[str, float] = {
    "x1": 1.0,
    "x2": 2.0,
    "w1": 2.0,
    "w2": 1.0,
    "w3": 1.0,
    "w4": -2.0,
    "w5": 1.0,
    "w6": 2.0,
    "w7": -1.0,
    "w8": 3.0,
    "w9": 2.0,
    "gold": 3.0,
}
"""The lecture's example: inputs, weights and gold value (its appendix; ``gold`` follows from
the printed ``∂L/∂o = 6``)."""


def lecture_graph(activation: Op = RELU) -> Graph:
    """The lecture's network as a :class:`Graph`, layer by layer in topological order.

    ``i_j = w·x1 + w·x2`` (``i1`` uses ``w1, w2``; ``i2`` ``w3, w4``; ``i3`` ``w5, w6``),
    ``h_j = ReLU(i_j)``, ``o = w7·h1 + w8·h2 + w9·h3``, ``L = (o − gold)²``; no biases.
    ``activation``: another one-argument :class:`Op` to use instead of ReLU for ``h_j``.
    """
    if not isinstance(activation, Op) or activation.arity != 1:
        raise TypeError(f"activation must be an Op with arity=1 (like RELU), got {activation!r}")
    g = Graph()
    for name in ("x1", "x2", "w1", "w2", "w3", "w4", "w5", "w6"):
        g.input(name)
    for j in (1, 2, 3):
        g.add(f"i{j}", WEIGHTED_SUM, f"w{2 * j - 1}", f"w{2 * j}", "x1", "x2")
    for j in (1, 2, 3):
        g.add(f"h{j}", activation, f"i{j}")
    for name in ("w7", "w8", "w9"):
        g.input(name)
    g.add("o", WEIGHTED_SUM, "w7", "w8", "w9", "h1", "h2", "h3")
    g.input("gold")
    g.add("L", SQUARED_ERROR, "o", "gold")
    return g


# The 18 derivatives in the lecture's table.
_TABLE = ("x1", "x2", *(f"w{k}" for k in range(1, 10)), "i1", "i2", "i3", "h1", "h2", "h3", "o")


def worked_example(**changes: float) -> tuple[dict[str, float], dict[str, float]]:
    """The lecture's backpropagation example, computed by :class:`Graph`.

    Returns ``(values, gradients)``: ``values`` of every node (``x1, x2, w1 … w9, i1 … i3,
    h1 … h3, o, L, gold``) and ``gradients[name] = ∂L/∂name`` for the 18 names of the lecture's
    table (``x1, x2, w1 … w9, i1 … i3, h1 … h3, o``). Keyword arguments replace inputs of
    :data:`LECTURE_NETWORK`, e.g. ``worked_example(w4=1.0)`` or ``worked_example(gold=5.0)``.
    """
    unknown = [k for k in changes if k not in LECTURE_NETWORK]
    if unknown:
        raise TypeError(
            f"worked_example can change only {list(LECTURE_NETWORK)}, got {unknown[0]!r}"
        )
    changes = {name: validate.real(name, value) for name, value in changes.items()}
    graph = lecture_graph()
    values = graph.forward({**LECTURE_NETWORK, **changes})
    g = graph.backward(values)
    return values, {name: g[name] for name in _TABLE}
