"""Backpropagation: the lecture's two algorithms on a scalar graph, then the same idea on layers.

Two levels, as in Milan Straka's NPFL114 lecture 2 ("Training Neural Networks", sections
*Backpropagation*, *Forward Propagation*, *Simple Variant of Backpropagation*, *Hidden Layers
Derivatives*):

* The scalar graph engine (:class:`Graph`, :func:`worked_example`; it lives in
  ``helpers.engine`` and is re-exported here): forward propagation and simple backpropagation
  over nodes ``u⁽¹⁾ … u⁽ⁿ⁾`` in topological order, on the lecture's small ReLU network.
* :class:`MLP` — layers ``h = f(hW + b)`` (a row of ``x`` is one example, so the lecture's
  ``Wx`` becomes ``xW``) with matrix backpropagation built on :func:`dense_backward`,
  :func:`gradient_check` with centred differences, and :func:`train`, minibatch training with
  any optimizer of ``helpers.optimizers`` (through ``optimizers.descend``).

Activations ``σ``, ``tanh``, ``ReLU`` come with their derivatives (``ReLU'(0) = 0``, the value
the lecture says is usually used).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from helpers import DivergenceError, validate
from helpers.data import minibatches
from helpers.engine import (
    LECTURE_NETWORK,
    RELU,
    SQUARED_ERROR,
    WEIGHTED_SUM,
    BackwardStep,
    Graph,
    Op,
    lecture_graph,
    worked_example,
)
from helpers.losses import sigmoid, softmax_cross_entropy
from helpers.optimizers import descend

__all__ = [
    "ACTIVATIONS",
    "LECTURE_NETWORK",
    "MLP",
    "RELU",
    "SQUARED_ERROR",
    "WEIGHTED_SUM",
    "Activation",
    "BackwardStep",
    "Graph",
    "History",
    "Op",
    "accuracy",
    "dense_backward",
    "dense_forward",
    "evaluate",
    "gradient_check",
    "lecture_graph",
    "numerical_derivative",
    "numerical_gradient",
    "numerical_jacobian",
    "predict",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "train",
    "worked_example",
]


# --- activations and their derivatives -------------------------------------------------------


# Each takes an array (or a number) of any shape; like NumPy's own functions they map NaN to NaN
# and ±∞ to their limits (a diverged network's NaN reaches the loss, where it is reported).


def relu(x: np.ndarray) -> np.ndarray:
    """``ReLU(x) = max(x, 0)``, elementwise."""
    return np.maximum(validate.array("x", x, finite=False), 0.0)


def tanh(x: np.ndarray) -> np.ndarray:
    """``tanh(x)``, elementwise."""
    return np.tanh(validate.array("x", x, finite=False))


def relu_grad(x: np.ndarray) -> np.ndarray:
    """``ReLU′(x)``: 1 where ``x > 0``, 0 where ``x < 0`` and — by the usual convention the
    lecture mentions — 0 at ``x = 0`` (where the derivative does not exist); NaN at NaN."""
    x = validate.array("x", x, finite=False)
    return np.where(np.isnan(x), np.nan, (x > 0).astype(np.float64))


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """``tanh′(x) = 1 − tanh(x)²``, elementwise."""
    return 1.0 - np.tanh(validate.array("x", x, finite=False)) ** 2


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """``σ′(x) = σ(x)·(1 − σ(x))``, elementwise (at most 1/4, at ``x = 0``)."""
    s = sigmoid(validate.array("x", x, finite=False))
    return s * (1.0 - s)


@dataclass(frozen=True)
class Activation:
    """An elementwise activation ``f`` (call it) and its derivative ``grad = f′``."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string, got {type(self.name).__name__}")
        validate.function("f", self.f, "a function of x")
        validate.function("grad", self.grad, "a function of x (the derivative of f)")

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.f(x)


ACTIVATIONS: dict[str, Activation] = {
    "relu": Activation("relu", relu, relu_grad),
    "tanh": Activation("tanh", tanh, tanh_grad),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_grad),
}


# --- a dense layer ---------------------------------------------------------------------------


def dense_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pre-activations ``z = xW + b`` of a dense layer.

    ``x``: (batch, n_in), ``W``: (n_in, n_out), ``b``: (n_out,) → ``z``: (batch, n_out). Leading
    axes broadcast (many networks at once: ``W`` of shape (…, n_in, n_out)). Like the
    activations, a layer passes NaN and ±∞ on.
    """
    x, W, b = _layer("x", x, 1), _layer("W", W, 2), _layer("b", b, 1)
    if x.shape[-1] != W.shape[-2]:
        raise ValueError(f"x has {x.shape[-1]} columns, but W has {W.shape[-2]} rows (n_in)")
    if b.shape[-1] != W.shape[-1]:
        raise ValueError(f"b has {b.shape[-1]} entries, but W has {W.shape[-1]} columns (n_out)")
    return x @ W + b


def dense_backward(
    dz: np.ndarray, x: np.ndarray, W: np.ndarray, *, input_grad: bool = True
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Backward pass of ``z = xW + b`` given ``dz = ∂L/∂z`` of shape (batch, n_out).

    Returns ``(∂L/∂x, ∂L/∂W, ∂L/∂b)``: ``dz·Wᵀ`` (batch, n_in); ``xᵀ·dz`` (n_in, n_out) — the
    sum over the batch of the outer products ``x_iᵀ dz_i``; ``Σ_i dz_i`` (n_out,).
    ``input_grad=False`` skips ``∂L/∂x`` (returned as None), as for a network's first layer.
    """
    dx = dz @ W.T if input_grad else None
    return dx, x.T @ dz, dz.sum(axis=0)


def _checked_dense_backward(backward):
    """``dense_backward`` with its arguments checked first: ``dz``, ``x`` and ``W`` 2-D arrays
    of numbers whose shapes agree, ``input_grad`` a flag. (Applied below, not as a decorator,
    so that ``inspect.getsource(dense_backward)``, which notebook 04 prints, stays the
    algorithm.)"""

    @functools.wraps(backward)
    def checked(dz, x, W, *, input_grad=True):
        dz, x, W = _layer("dz", dz, 2, 2), _layer("x", x, 2, 2), _layer("W", W, 2, 2)
        if x.shape[1] != W.shape[0] or dz.shape != (len(x), W.shape[1]):
            raise ValueError(
                f"dz (batch, n_out), x (batch, n_in) and W (n_in, n_out) must agree, got dz "
                f"{dz.shape}, x {x.shape} and W {W.shape}"
            )
        return backward(dz, x, W, input_grad=validate.flag("input_grad", input_grad))

    return checked


dense_backward = _checked_dense_backward(dense_backward)


def _layer(name: str, value, low: int, high: int | None = None) -> np.ndarray:
    """An array of numbers (NaN and ±∞ pass) with ``low`` to ``high`` dimensions."""
    a = validate.array(name, value, finite=False)
    if a.ndim < low or (high is not None and a.ndim > high):
        axes = f"{low}" if high == low else f"at least {low}"
        raise ValueError(f"{name} must have {axes} dimension(s), got shape {a.shape}")
    return a


# --- the multilayer perceptron ---------------------------------------------------------------


class MLP:
    """A fully connected network: hidden layers ``h = f(hW + b)``, a linear output layer.

    ``layer_sizes``: at least two positive ints, e.g. ``[64, 100, 10]`` (inputs, hidden units,
    outputs). ``activation``: ``"relu"``, ``"tanh"`` or ``"sigmoid"`` for the hidden layers.
    ``rng``: the generator for the initial weights (None means ``default_rng(0)``).
    ``init_std``: None draws ``W ~ U(±sqrt(6/(n_in + n_out)))`` (Glorot uniform, Keras' default
    for ``Dense``); a number draws ``W ~ N(0, init_std²)`` (the NPFL114 assignment
    ``sgd_backpropagation`` uses 0.1 on MNIST). Biases start at 0.

    ``params`` is the list ``[W1, b1, W2, b2, …]`` with ``W_k`` of shape (n_in, n_out) and
    ``b_k`` of shape (n_out,). Optimizers update these arrays in place; the network always
    computes with whatever they hold.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activation: str = "relu",
        rng: np.random.Generator | None = None,
        *,
        init_std: float | None = None,
    ):
        self.layer_sizes = _layer_sizes(layer_sizes)
        if not isinstance(activation, str) or activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        self.activation = activation
        self.f = ACTIVATIONS[activation]
        rng = np.random.default_rng(0) if rng is None else validate.rng(rng)
        if init_std is not None:
            init_std = validate.positive("init_std", init_std)
        self.params: list[np.ndarray] = []
        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True):
            if init_std is None:
                limit = math.sqrt(6.0 / (n_in + n_out))
                W = rng.uniform(-limit, limit, size=(n_in, n_out))
            else:
                W = init_std * rng.standard_normal((n_in, n_out))
            self.params += [W, np.zeros(n_out)]
        self._h: list[np.ndarray] = []  # each layer's input h (h_0 = x), kept by forward
        self._z: list[np.ndarray] = []  # each layer's pre-activation z = hW + b

    def __repr__(self) -> str:
        sizes = ", ".join(map(str, self.layer_sizes))
        return f"MLP([{sizes}], activation={self.activation!r})"

    @property
    def n_params(self) -> int:
        """The number of trainable numbers (weights and biases)."""
        return sum(p.size for p in self.params)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Logits of shape (batch, n_out) for inputs ``x`` of shape (batch, n_in).

        Remembers every layer's input ``h`` and pre-activation ``z`` for :meth:`backward`.
        """
        h = _inputs(self, x, "x", "batch")
        self._h, self._z = [], []
        layers = len(self.params) // 2
        for k in range(layers):
            z = dense_forward(h, self.params[2 * k], self.params[2 * k + 1])
            self._h.append(h)
            self._z.append(z)
            h = self.f(z) if k < layers - 1 else z  # the output layer is linear
        return h

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def backward(self, dlogits: np.ndarray) -> list[np.ndarray]:
        """Gradients ``[∂L/∂W1, ∂L/∂b1, …]``, aligned with :attr:`params`, of a loss ``L``
        whose gradient with respect to the last :meth:`forward`'s logits is ``dlogits``."""
        dz = self._check_dlogits(dlogits)  # ∂L/∂z of the top layer, whose z are the logits
        grads = []
        for k in reversed(range(len(self._z))):  # from the top layer down; layer k: z = h·W + b
            dh, dW, db = dense_backward(dz, self._h[k], self.params[2 * k], input_grad=k > 0)
            grads = [dW, db, *grads]  # dW = hᵀ·dz, db = Σ_batch dz
            if k > 0:  # dh = dz·Wᵀ is ∂L/∂h for the layer below, whose output is h = f(z)
                dz = dh * self.f.grad(self._z[k - 1])  # dz = dh ⊙ f′(z)
        return grads

    def _check_dlogits(self, dlogits) -> np.ndarray:
        if not self._z:
            raise RuntimeError("call forward(x) before backward(dlogits)")
        dz = validate.array("dlogits", dlogits)
        if dz.shape != self._z[-1].shape:
            raise ValueError(
                f"dlogits must have the shape of the last logits {self._z[-1].shape}, "
                f"got {dz.shape}"
            )
        return dz


def _layer_sizes(layer_sizes) -> tuple[int, ...]:
    if not isinstance(layer_sizes, Sequence | np.ndarray):
        raise TypeError(
            f"layer_sizes must be a list of sizes such as [64, 100, 10], got {layer_sizes!r}"
        )
    if len(layer_sizes) < 2:
        raise ValueError(
            f"layer_sizes must list at least two sizes (inputs and outputs), got {layer_sizes!r}"
        )
    return tuple(validate.integer(f"layer_sizes[{k}]", n, 1) for k, n in enumerate(layer_sizes))


def _inputs(model: MLP, x, name: str, rows: str) -> np.ndarray:
    x = validate.array(name, x)
    if x.ndim != 2 or x.shape[1] != model.layer_sizes[0]:
        raise ValueError(
            f"{name} must have shape ({rows}, {model.layer_sizes[0]}) for this network, "
            f"got {x.shape}"
        )
    return x


def _model(model) -> MLP:
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an MLP, got {type(model).__name__}")
    return model


def _check_data(model: MLP, x, y, names=("x", "y")) -> tuple[np.ndarray, np.ndarray]:
    x = _inputs(_model(model), x, names[0], "n")
    return x, validate.labels(names[1], y, len(x), model.layer_sizes[-1])


def predict(model: MLP, x: np.ndarray) -> np.ndarray:
    """The most probable class of each row of ``x``: ``argmax`` of the logits, shape (batch,)."""
    return _model(model).forward(x).argmax(axis=1)


def accuracy(model: MLP, x: np.ndarray, y: np.ndarray) -> float:
    """The fraction of examples whose predicted class equals the label ``y``."""
    x, y = _check_data(model, x, y)
    return float(np.mean(predict(model, x) == y))


def evaluate(model: MLP, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """``(mean softmax cross-entropy, accuracy)`` of ``model`` on the examples ``(x, y)``."""
    x, y = _check_data(model, x, y)
    logits = model.forward(x)
    loss, _ = softmax_cross_entropy(logits, y)
    return loss, float(np.mean(logits.argmax(axis=1) == y))


# --- training --------------------------------------------------------------------------------


@dataclass
class History:
    """What :func:`train` measured.

    Per epoch: ``train_loss`` and ``train_accuracy`` are averages over the epoch's minibatches,
    each measured just before its update (as Keras reports them); ``dev_loss`` and
    ``dev_accuracy`` are measured on the development set after the epoch (empty without one).
    ``step_loss`` holds the loss of every minibatch in order (one per optimizer step).
    """

    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    dev_loss: list[float] = field(default_factory=list)
    dev_accuracy: list[float] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)

    def __post_init__(self):
        for name in ("train_loss", "train_accuracy", "dev_loss", "dev_accuracy", "step_loss"):
            values = getattr(self, name)
            if not isinstance(values, list):
                raise TypeError(f"{name} must be a list of numbers, got {values!r}")
            for i, v in enumerate(values):
                validate.real(f"{name}[{i}]", v)

    @property
    def epochs(self) -> int:
        """The number of completed epochs."""
        return len(self.train_loss)

    @property
    def steps(self) -> int:
        """The number of optimizer steps taken."""
        return len(self.step_loss)


def train(
    model: MLP,
    optimizer,
    x: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    rng: np.random.Generator,
    x_dev: np.ndarray | None = None,
    y_dev: np.ndarray | None = None,
) -> History:
    """Minibatch training of ``model`` with the mean softmax cross-entropy loss.

    Each epoch shuffles the training set with ``rng`` (``helpers.data.minibatches``) and takes
    one ``optimizer.step(model.params, grads)`` per minibatch (``helpers.optimizers.descend``;
    any object with that method works). Returns a :class:`History`.

    Raises :class:`helpers.DivergenceError` at the first step (counting from 0 over the whole
    run) where the run diverged — its loss not finite, or above ``10⁶ · max(|L₀|, 1)`` for the
    first minibatch's loss ``L₀`` (the rule of ``descend``); the history up to then is attached
    as ``error.history``.
    """
    x, y = _check_data(model, x, y)
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer must have a step(params, grads) method, got {type(optimizer).__name__}"
        )
    epochs = validate.integer("epochs", epochs, 1)
    batch_size = validate.integer("batch_size", batch_size, 1)
    validate.rng(rng)
    if (x_dev is None) != (y_dev is None):
        raise ValueError("give both x_dev and y_dev, or neither")
    if x_dev is not None:
        x_dev, y_dev = _check_data(model, x_dev, y_dev, ("x_dev", "y_dev"))
    history = History()
    for _ in range(epochs):
        try:
            _epoch(model, optimizer, x, y, batch_size, rng, history)
        except DivergenceError as error:  # with the last loss of the run, not of the epoch
            del history.step_loss[error.step :]
            error.last_loss = history.step_loss[-1] if history.step_loss else None
            error.history = history
            raise
        if x_dev is not None:
            dev_loss, dev_accuracy = evaluate(model, x_dev, y_dev)
            history.dev_loss.append(dev_loss)
            history.dev_accuracy.append(dev_accuracy)
    return history


def _epoch(model: MLP, optimizer, x, y, batch_size: int, rng, history: History) -> None:
    """One pass over ``(x, y)`` in shuffled minibatches, step ``k`` on minibatch ``k``; adds
    each step's loss and the epoch's averages to ``history``."""
    batches = list(minibatches(len(x), batch_size, rng))
    first_loss = history.step_loss[0] if history.step_loss else None  # L₀ of the whole run
    correct = 0

    def objective(k: int):
        nonlocal correct
        xb, yb = x[batches[k]], y[batches[k]]
        logits = model.forward(xb)
        if not np.isfinite(logits).all():
            return math.nan, None  # the run diverged: descend raises a DivergenceError
        loss, dlogits = softmax_cross_entropy(logits, yb)
        history.step_loss.append(loss)
        correct += np.count_nonzero(logits.argmax(axis=1) == yb)
        return loss, model.backward(dlogits)

    steps, first = len(batches), history.steps
    losses = descend(
        objective, model.params, optimizer, steps, first_step=first, first_loss=first_loss
    )
    total = sum(loss * len(batch) for loss, batch in zip(losses, batches, strict=True))
    history.train_loss.append(total / len(x))  # each example's loss once
    history.train_accuracy.append(correct / len(x))


# --- finite differences ----------------------------------------------------------------------


def numerical_derivative(f: Callable[[np.ndarray], np.ndarray], x, h: float = 1e-5) -> np.ndarray:
    """Centred difference ``(f(x + h) − f(x − h)) / 2h`` of an *elementwise* function ``f``
    at every point of ``x`` at once (error ``O(h²)`` where ``f`` is smooth)."""
    f, x, h = validate.function("f", f), validate.array("x", x), validate.positive("h", h)
    return (f(x + h) - f(x - h)) / (2.0 * h)


def numerical_jacobian(
    f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Centred-difference Jacobian ``J[i, j] = ∂f_i/∂x_j`` of ``f`` at ``x``.

    ``x`` and ``f(x)`` are flattened: the result has shape (f(x).size, x.size). ``x`` is
    perturbed one element at a time and restored exactly.
    """
    f, x, h = validate.function("f", f), validate.array("x", x), validate.positive("h", h)
    columns = []
    for j in np.ndindex(x.shape):  # row-major, like x.reshape(-1); works for any strides
        keep = x[j]
        x[j] = keep + h
        plus = np.array(f(x), dtype=np.float64).reshape(-1)
        x[j] = keep - h
        minus = np.array(f(x), dtype=np.float64).reshape(-1)
        x[j] = keep
        columns.append((plus - minus) / (2.0 * h))
    return np.stack(columns, axis=1)


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5):
    """Centred-difference gradient of a scalar function ``f`` at ``x``; shape of ``x``.

    ``f`` receives ``x`` with one element moved by ``±h`` (a float64 array is perturbed in
    place and restored exactly; anything else is converted to one first).
    """
    x = validate.array("x", x)
    return numerical_jacobian(f, x, h).reshape(x.shape)


def _float64_array(a, name: str) -> np.ndarray:
    if not isinstance(a, np.ndarray) or a.dtype != np.float64:
        raise TypeError(
            f"{name} must be a float64 numpy array (it is perturbed in place), "
            f"got {type(a).__name__}" + (f" of {a.dtype}" if isinstance(a, np.ndarray) else "")
        )
    return validate.array(name, a)  # not empty, finite


def gradient_check(f: Callable, x, h: float = 1e-5) -> float:
    """The largest relative error between an analytic gradient and centred differences.

    ``f(x)`` returns ``(value, gradient)``: a scalar and its analytic gradient with respect to
    ``x``. ``x`` is a float64 array, or a list of them (e.g. ``MLP.params``; then ``gradient`` is
    a list aligned with it). Each array is perturbed in place by ``±h`` one element at a time
    (and restored), giving the numerical gradient ``n``; for each array the relative error
    ``‖a − n‖ / (‖a‖ + ‖n‖)`` is computed (0 when both are 0), and the largest is returned.

    In float64 a correct gradient gives about 1e-9 or less; 1e-7 and above means a bug — unless
    a ReLU input lies within ``h`` of its kink at 0, where the numerical gradient is meaningless.
    A value or gradient that is not finite cannot be checked: ``ValueError`` naming ``f``.
    """
    f, h = validate.function("f", f), validate.positive("h", h)
    listed = isinstance(x, list | tuple)
    arrays = x if listed else [x]
    if not arrays:
        raise ValueError("x must be a float64 array or a non-empty list of them, got []")
    for i, a in enumerate(arrays):
        _float64_array(a, f"x[{i}]" if listed else "x")
    analytic = _gradients(f, x, listed)
    worst = 0.0
    for i, (a, g) in enumerate(zip(arrays, analytic, strict=True)):
        if g.shape != a.shape:
            raise ValueError(f"f's gradient {i} has shape {g.shape}, but x[{i}] has {a.shape}")
        numeric = numerical_gradient(lambda _a: f(x)[0], a, h)
        if not np.isfinite(numeric).all():
            raise ValueError(f"f's value is not finite within h = {h:g} of x: nothing to compare")
        scale = np.linalg.norm(g) + np.linalg.norm(numeric)
        if scale > 0:
            worst = max(worst, float(np.linalg.norm(g - numeric) / scale))
    return worst


def _gradients(f: Callable, x, listed: bool) -> list[np.ndarray]:
    """The analytic gradients ``f(x)`` returns (copies: they may be views of ``x``), one per
    array of ``x``, after checking that the value and the gradients are finite."""
    result = f(x)
    if not (isinstance(result, tuple | list) and len(result) == 2):
        raise TypeError(f"f(x) must return (value, gradient), got {type(result).__name__}")
    value, gradient = result
    validate.real("f(x)'s value", value, "a finite number (a loss)")
    gradients = gradient if listed else [gradient]
    if not isinstance(gradients, list | tuple) or len(gradients) != len(x if listed else [x]):
        raise ValueError(f"f must return one gradient per array of x, got {gradient!r:.60}")
    return [validate.array(f"f(x)'s gradient {i}", g).copy() for i, g in enumerate(gradients)]
