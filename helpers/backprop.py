"""Backpropagation: the lecture's two algorithms on a scalar graph, then the same idea on layers.

Two levels, as in Milan Straka's NPFL114 lecture 2 ("Training Neural Networks", sections
*Backpropagation*, *Forward Propagation*, *Simple Variant of Backpropagation*, *Hidden Layers
Derivatives*):

* :class:`Graph` — scalar nodes ``u⁽¹⁾ … u⁽ⁿ⁾`` in topological order. :meth:`Graph.forward`
  is the lecture's forward propagation, :meth:`Graph.backward` its simple backpropagation
  (``g⁽ⁿ⁾ = 1``; ``g⁽ⁱ⁾ = Σ_{j: i ∈ P(u⁽ʲ⁾)} g⁽ʲ⁾ ∂u⁽ʲ⁾/∂u⁽ⁱ⁾``). :func:`worked_example` runs
  them on the lecture's small ReLU network and reproduces its table of 18 derivatives.
* :class:`MLP` — layers ``h = f(xW + b)`` (a row of ``x`` is one example, so the lecture's
  ``Wx`` becomes ``xW``) with matrix backpropagation, :func:`gradient_check` with centred
  differences, and :func:`train`, a minibatch loop driven by any optimizer with
  ``.step(params, grads)`` (``helpers.optimizers``).

Activations ``σ``, ``tanh``, ``ReLU`` come with their derivatives (``ReLU'(0) = 0``, the value
the lecture says is usually used).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from helpers import DivergenceError, Packed, check_rng
from helpers.data import minibatches
from helpers.losses import sigmoid, softmax_cross_entropy

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


def relu(x: np.ndarray) -> np.ndarray:
    """``ReLU(x) = max(x, 0)``, elementwise."""
    return np.maximum(x, 0.0)


def tanh(x: np.ndarray) -> np.ndarray:
    """``tanh(x)``, elementwise."""
    return np.tanh(x)


def _relu_grad_from_output(y: np.ndarray) -> np.ndarray:
    # ReLU(x) > 0 exactly when x > 0, so the mask can be read off the output; at x = 0 it is 0.
    return (y > 0).astype(np.float64)


def _tanh_grad_from_output(y: np.ndarray) -> np.ndarray:
    return 1.0 - y * y


def _sigmoid_grad_from_output(y: np.ndarray) -> np.ndarray:
    return y * (1.0 - y)


def relu_grad(x: np.ndarray) -> np.ndarray:
    """``dReLU/dx``: 1 where ``x > 0``, 0 where ``x < 0`` and — by the usual convention the
    lecture mentions — 0 at ``x = 0`` (where the derivative does not exist)."""
    return _relu_grad_from_output(relu(np.asarray(x, dtype=np.float64)))


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """``dtanh/dx = 1 − tanh(x)²``, elementwise."""
    return _tanh_grad_from_output(np.tanh(np.asarray(x, dtype=np.float64)))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """``dσ/dx = σ(x)·(1 − σ(x))``, elementwise (at most 1/4, at ``x = 0``)."""
    return _sigmoid_grad_from_output(sigmoid(x))


@dataclass(frozen=True)
class Activation:
    """An elementwise activation ``y = f(x)`` whose derivative is a function of its output.

    All three of the lecture's activations have that property (``σ' = σ(1 − σ)``,
    ``tanh' = 1 − tanh²``, ``ReLU' = [y > 0]``), so a layer only needs to remember ``y``.
    """

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    grad_from_output: Callable[[np.ndarray], np.ndarray]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.f(x)

    def grad(self, x: np.ndarray) -> np.ndarray:
        """``f'(x)``."""
        return self.grad_from_output(self.f(x))


ACTIVATIONS: dict[str, Activation] = {
    "relu": Activation("relu", relu, _relu_grad_from_output),
    "tanh": Activation("tanh", tanh, _tanh_grad_from_output),
    "sigmoid": Activation("sigmoid", sigmoid, _sigmoid_grad_from_output),
}


def _activation(name) -> Activation:
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]


# --- a dense layer ---------------------------------------------------------------------------


def dense_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pre-activations ``z = xW + b`` of a dense layer.

    ``x``: (batch, n_in), ``W``: (n_in, n_out), ``b``: (n_out,) → ``z``: (batch, n_out).
    """
    z = x @ W
    z += b
    return z


def dense_backward(
    dz: np.ndarray,
    x: np.ndarray,
    W: np.ndarray,
    *,
    input_grad: bool = True,
    out: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Backward pass of ``z = xW + b`` given ``dz = ∂L/∂z`` of shape (batch, n_out).

    Returns ``(∂L/∂x, ∂L/∂W, ∂L/∂b)``: ``dz Wᵀ`` (batch, n_in); ``xᵀ dz`` (n_in, n_out) — the
    sum over the batch of the outer products ``x_iᵀ dz_i``; ``Σ_i dz_i`` (n_out,).
    ``input_grad=False`` skips ``∂L/∂x`` (returned as None) for a network's first layer.
    ``out=(dW, db)``: arrays of those shapes to write ``∂L/∂W`` and ``∂L/∂b`` into.
    """
    dx = dz @ W.T if input_grad else None
    if out is None:
        return dx, x.T @ dz, dz.sum(axis=0)
    dW, db = out
    return dx, np.matmul(x.T, dz, out=dW), dz.sum(axis=0, out=db)


# --- the multilayer perceptron ---------------------------------------------------------------


class MLP:
    """A fully connected network: hidden layers ``h = f(hW + b)``, a linear output layer.

    ``layer_sizes``: at least two positive ints, e.g. ``[64, 100, 10]`` (inputs, hidden units,
    outputs). ``activation``: ``"relu"``, ``"tanh"`` or ``"sigmoid"`` for the hidden layers.
    ``rng``: the generator for the initial weights (None means ``default_rng(0)``).
    ``init_std``: None draws ``W ~ U(±sqrt(6/(n_in + n_out)))`` (Glorot uniform, Keras' default
    for ``Dense``); a number draws ``W ~ N(0, init_std²)`` (the lecture course's MNIST
    assignment uses 0.1). Biases start at 0.

    ``params`` is the tuple ``(W1, b1, W2, b2, …)`` with ``W_k`` of shape (n_in, n_out) and
    ``b_k`` of shape (n_out,). Optimizers update these arrays in place; the network always
    computes with whatever they hold. The arrays are :class:`helpers.Packed`: views into one
    flat vector ``params.flat``, and :meth:`backward` packs the gradients the same way, so an
    optimizer updates the whole network with a few NumPy calls instead of a few per array.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activation: str = "relu",
        rng: np.random.Generator | None = None,
        *,
        init_std: float | None = None,
    ):
        sizes = list(layer_sizes) if isinstance(layer_sizes, Sequence | np.ndarray) else None
        if sizes is None or len(sizes) < 2:
            raise ValueError(
                "layer_sizes must list at least two sizes (inputs and outputs), "
                f"got {layer_sizes!r}"
            )
        for size in sizes:
            if isinstance(size, bool) or not isinstance(size, int | np.integer) or size <= 0:
                raise ValueError(
                    f"layer_sizes must be positive integers, got {size!r} in {layer_sizes!r}"
                )
        self.activation = _activation(activation).name
        self._act = ACTIVATIONS[self.activation]
        rng = np.random.default_rng(0) if rng is None else check_rng(rng)
        if init_std is not None and not (isinstance(init_std, int | float) and init_std > 0):
            raise ValueError(f"init_std must be a positive number or None, got {init_std!r}")
        self.layer_sizes = tuple(int(s) for s in sizes)
        layers = list(zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True))
        self.params = Packed.zeros([shape for n, m in layers for shape in ((n, m), (m,))])
        for (n_in, n_out), W in zip(layers, self.params[::2], strict=True):  # biases stay 0
            if init_std is None:
                limit = math.sqrt(6.0 / (n_in + n_out))
                W[...] = rng.uniform(-limit, limit, size=(n_in, n_out))
            else:
                W[...] = init_std * rng.standard_normal((n_in, n_out))
        self._cache: list[np.ndarray] | None = None

    def __repr__(self) -> str:
        sizes = ", ".join(map(str, self.layer_sizes))
        return f"MLP([{sizes}], activation={self.activation!r})"

    @property
    def n_params(self) -> int:
        """The number of trainable numbers (weights and biases)."""
        return sum(p.size for p in self.params)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Logits of shape (batch, n_out) for inputs ``x`` of shape (batch, n_in).

        Remembers every layer's input (the activations ``h``) for :meth:`backward`.
        """
        h = np.asarray(x, dtype=np.float64)
        if h.ndim != 2 or h.shape[1] != self.layer_sizes[0]:
            raise ValueError(
                f"x must have shape (batch, {self.layer_sizes[0]}) for this network, got {h.shape}"
            )
        cache = [h]
        last = len(self.params) - 2
        for k in range(0, len(self.params), 2):
            z = dense_forward(h, self.params[k], self.params[k + 1])
            h = z if k == last else self._act.f(z)
            cache.append(h)
        self._cache = cache
        return h

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def backward(self, dlogits: np.ndarray, out: Packed | None = None) -> Packed:
        """Gradients ``(∂L/∂W1, ∂L/∂b1, …)`` (aligned with :attr:`params`, and packed like
        them) of a loss ``L`` whose gradient with respect to the last :meth:`forward`'s logits
        is ``dlogits``.

        Per layer, from the last: ``∂L/∂W = hᵀ·∂L/∂z``, ``∂L/∂b = Σ_batch ∂L/∂z``,
        ``∂L/∂h = ∂L/∂z·Wᵀ``, then through the activation ``∂L/∂z = ∂L/∂h ⊙ f'(z)``.

        ``out``: gradients from an earlier call (or ``params.empty_like()``) to overwrite, as a
        training loop that uses each step's gradients once can do; by default they are new.
        """
        if self._cache is None:
            raise RuntimeError("call forward(x) before backward(dlogits)")
        cache = self._cache
        dz = np.asarray(dlogits, dtype=np.float64)
        if dz.shape != cache[-1].shape:
            raise ValueError(
                f"dlogits must have the shape of the last logits {cache[-1].shape}, got {dz.shape}"
            )
        # (∂L/∂W1, ∂L/∂b1, …), packed like the parameters and filled from the top down
        grads = self.params.empty_like() if out is None else self._check_out(out)
        for layer in reversed(range(len(cache) - 1)):  # cache[layer] is that layer's input
            W, dW_db = self.params[2 * layer], grads[2 * layer : 2 * layer + 2]
            dh, _, _ = dense_backward(dz, cache[layer], W, input_grad=layer > 0, out=dW_db)
            if layer > 0:  # through the activation below: ∂L/∂z = ∂L/∂h ⊙ f′(z), in place
                dz = dh
                dz *= self._act.grad_from_output(cache[layer])
        return grads

    def _check_out(self, out) -> Packed:
        if not (isinstance(out, Packed) and out.shapes == self.params.shapes):
            raise ValueError(
                "out must be gradients packed like this network's params "
                f"(params.empty_like()), got {type(out).__name__}"
            )
        return out


def predict(model: MLP, x: np.ndarray) -> np.ndarray:
    """The most probable class of each row of ``x``: ``argmax`` of the logits, shape (batch,)."""
    return model.forward(x).argmax(axis=1)


def _check_labels(y, n: int, classes: int, name: str = "y") -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != n:
        raise ValueError(f"{name} must have shape ({n},), one label per example, got {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"{name} must hold integer class labels, got dtype {y.dtype}")
    bad = (y < 0) | (y >= classes)
    if bad.any():
        raise ValueError(
            f"{name} must lie in 0..{classes - 1} (the network has {classes} outputs); "
            f"got {int(y[bad][0])} at index {int(np.flatnonzero(bad)[0])}"
        )
    return y


def _check_data(model: MLP, x, y, names=("x", "y")) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != model.layer_sizes[0]:
        raise ValueError(
            f"{names[0]} must have shape (n, {model.layer_sizes[0]}) for this network, "
            f"got {x.shape}"
        )
    return x, _check_labels(y, len(x), model.layer_sizes[-1], names[1])


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

    Each epoch shuffles the training set with ``rng`` (``helpers.data.minibatches``); for each
    minibatch: forward, loss and ``∂L/∂logits``, :meth:`MLP.backward`, then
    ``optimizer.step(model.params, grads)`` — any object with that method (the
    ``helpers.optimizers`` classes) works; every step's ``grads`` are written into the same
    arrays, so an optimizer must copy what it wants to keep. Returns a :class:`History`.

    Raises :class:`helpers.DivergenceError` at the first step (counting from 0 over the whole
    run) whose loss is not finite; the history up to then is attached as ``error.history``.
    """
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer must have a step(params, grads) method, got {type(optimizer).__name__}"
        )
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value <= 0:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    check_rng(rng)
    x, y = _check_data(model, x, y)
    if (x_dev is None) != (y_dev is None):
        raise ValueError("give both x_dev and y_dev, or neither")
    if x_dev is not None:
        x_dev, y_dev = _check_data(model, x_dev, y_dev, ("x_dev", "y_dev"))

    history = History()
    last_loss = None
    grads = model.params.empty_like()  # each step's gradients overwrite the last ones
    # A diverging run overflows on its way to inf/NaN; that is reported below as a
    # DivergenceError with its step, so NumPy's own overflow warnings would only be noise.
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            loss_sum = correct = 0.0
            for batch in minibatches(len(x), batch_size, rng):
                xb, yb = x[batch], y[batch]
                logits = model.forward(xb)
                loss = math.nan
                if np.isfinite(logits).all():  # the loss refuses non-finite logits
                    loss, dlogits = softmax_cross_entropy(logits, yb)
                if not math.isfinite(loss):
                    err = DivergenceError(history.steps, last_loss)
                    err.history = history
                    raise err
                optimizer.step(model.params, model.backward(dlogits, out=grads))
                history.step_loss.append(loss)
                last_loss = loss
                loss_sum += loss * len(batch)
                correct += np.count_nonzero(logits.argmax(axis=1) == yb)
            history.train_loss.append(loss_sum / len(x))
            history.train_accuracy.append(correct / len(x))
            if x_dev is not None:
                dev_loss, dev_acc = evaluate(model, x_dev, y_dev)
                history.dev_loss.append(dev_loss)
                history.dev_accuracy.append(dev_acc)
    return history


# --- finite differences ----------------------------------------------------------------------


def numerical_derivative(f: Callable[[np.ndarray], np.ndarray], x, h: float = 1e-5) -> np.ndarray:
    """Centred difference ``(f(x + h) − f(x − h)) / 2h`` of an *elementwise* function ``f``
    at every point of ``x`` at once (error ``O(h²)`` where ``f`` is smooth)."""
    _check_step(h)
    x = np.asarray(x, dtype=np.float64)
    return (f(x + h) - f(x - h)) / (2.0 * h)


def _check_step(h) -> None:
    if not (isinstance(h, int | float) and h > 0):
        raise ValueError(f"h must be a positive step, got {h!r}")


def numerical_jacobian(
    f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Centred-difference Jacobian ``J[i, j] = ∂f_i/∂x_j`` of ``f`` at ``x``.

    ``x`` and ``f(x)`` are flattened: the result has shape (f(x).size, x.size). ``x`` is
    perturbed one element at a time and restored exactly.
    """
    _check_step(h)
    x = np.asarray(x, dtype=np.float64)
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
    x = np.asarray(x, dtype=np.float64)
    return numerical_jacobian(f, x, h).reshape(x.shape)


def _float64_array(a, name: str) -> np.ndarray:
    if not isinstance(a, np.ndarray) or a.dtype != np.float64:
        raise TypeError(
            f"{name} must be a float64 numpy array (it is perturbed in place), "
            f"got {type(a).__name__}" + (f" of {a.dtype}" if isinstance(a, np.ndarray) else "")
        )
    return a


def gradient_check(f: Callable, x, h: float = 1e-5) -> float:
    """The largest relative error between an analytic gradient and centred differences.

    ``f(x)`` returns ``(value, gradient)``: a scalar and its analytic gradient with respect to
    ``x``. ``x`` is a float64 array, or a list of them (e.g. ``MLP.params``; then ``gradient`` is
    a list aligned with it). Each array is perturbed in place by ``±h`` one element at a time
    (and restored), giving the numerical gradient ``n``; for each array the relative error
    ``‖a − n‖ / (‖a‖ + ‖n‖)`` is computed (0 when both are 0), and the largest is returned.

    In float64 a correct gradient gives about 1e-9 or less; 1e-7 and above means a bug — unless
    a ReLU input lies within ``h`` of its kink at 0, where the numerical gradient is meaningless.
    """
    _check_step(h)
    arrays = x if isinstance(x, list | tuple) else [x]
    for i, a in enumerate(arrays):
        _float64_array(a, f"x[{i}]" if isinstance(x, list | tuple) else "x")
    _, analytic = f(x)
    analytic = analytic if isinstance(x, list | tuple) else [analytic]
    if len(analytic) != len(arrays):
        raise ValueError(
            f"f must return one gradient per array of x: got {len(analytic)} for {len(arrays)}"
        )
    worst = 0.0
    for i, (a, g) in enumerate(zip(arrays, analytic, strict=True)):
        g = np.array(g, dtype=np.float64)  # a copy: f may reuse its buffers
        if g.shape != a.shape:
            raise ValueError(f"gradient {i} has shape {g.shape}, but x[{i}] has shape {a.shape}")
        numeric = numerical_gradient(lambda _a: f(x)[0], a, h)
        scale = np.linalg.norm(g) + np.linalg.norm(numeric)
        if scale > 0:
            worst = max(worst, float(np.linalg.norm(g - numeric) / scale))
    return worst


# --- the lecture's algorithms on a graph of scalar nodes -------------------------------------


@dataclass(frozen=True)
class Op:
    """A node's function ``f⁽ⁱ⁾`` of its predecessors' values ``a`` and its partial derivatives.

    ``f(a)`` returns the node's value; ``partials(a)`` returns ``∂f/∂a_k`` for every argument
    ``k``. For display, ``formula(names)`` writes the node in symbols (``w1·x1 + w2·x2``) and
    ``partial_formulas(names)`` its partial derivatives (``x1, w1, x2, w2``).
    ``arity(n)`` returns None when ``n`` arguments are allowed, else what is allowed.
    """

    name: str
    f: Callable[[Sequence[float]], float]
    partials: Callable[[Sequence[float]], tuple[float, ...]]
    formula: Callable[[Sequence[str]], str]
    partial_formulas: Callable[[Sequence[str]], tuple[str, ...]]
    arity: Callable[[int], str | None]


def _weighted_sum(a: Sequence[float]) -> float:
    return float(sum(a[k] * a[k + 1] for k in range(0, len(a), 2)))


def _swap_pairs(a: Sequence) -> tuple:
    # ∂(Σ w_k·v_k)/∂w_k = v_k and ∂/∂v_k = w_k: swap the members of each pair.
    return tuple(a[k + 1] if k % 2 == 0 else a[k - 1] for k in range(len(a)))


WEIGHTED_SUM = Op(
    "weighted sum",
    _weighted_sum,
    lambda a: tuple(float(v) for v in _swap_pairs(a)),
    lambda n: " + ".join(f"{n[k]}·{n[k + 1]}" for k in range(0, len(n), 2)),
    _swap_pairs,
    lambda n: None if n % 2 == 0 else "an even number of inputs (pairs w, v)",
)
"""``Σ_k w_k·v_k`` over the argument pairs ``(w_1, v_1, w_2, v_2, …)``."""

RELU = Op(
    "ReLU",
    lambda a: float(relu(a[0])),
    lambda a: (float(relu_grad(a[0])),),
    lambda n: f"ReLU({n[0]})",
    lambda n: (f"ReLU′({n[0]})",),
    lambda n: None if n == 1 else "exactly one input",
)
"""``max(a, 0)``; its partial derivative uses :func:`relu_grad` (0 at the kink)."""

SQUARED_ERROR = Op(
    "squared error",
    lambda a: (a[0] - a[1]) ** 2,
    lambda a: (2.0 * (a[0] - a[1]), -2.0 * (a[0] - a[1])),
    lambda n: f"({n[0]} − {n[1]})²",
    lambda n: (f"2({n[0]} − {n[1]})", f"−2({n[0]} − {n[1]})"),
    lambda n: None if n == 2 else "exactly two inputs (prediction, gold)",
)
"""``(prediction − gold)²`` with arguments ``(prediction, gold)``."""


@dataclass(frozen=True)
class _Node:
    name: str
    op: Op | None  # None for an input (a leaf)
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class BackwardStep:
    """One iteration of the simple backpropagation loop, for node ``node``.

    ``terms`` lists, for every successor ``j`` (a node that has ``node`` among its
    predecessors), the triple ``(j, g⁽ʲ⁾, ∂u⁽ʲ⁾/∂u⁽node⁾)``; ``g`` is their sum of products.
    """

    node: str
    terms: tuple[tuple[str, float, float], ...]
    g: float

    @property
    def successors(self) -> tuple[str, ...]:
        """The nodes ``j`` with ``node ∈ P(u⁽ʲ⁾)``, in topological order."""
        return tuple(t[0] for t in self.terms)


class Graph:
    """A computation graph of scalar nodes, numbered in topological order by construction.

    >>> g = Graph()
    >>> for name in ("w", "x"):
    ...     _ = g.input(name)
    >>> _ = g.add("i", WEIGHTED_SUM, "w", "x")
    >>> _ = g.add("h", RELU, "i")
    >>> values = g.forward({"w": 2.0, "x": 3.0})
    >>> values["h"], g.backward(values)["x"]
    (6.0, 2.0)

    Nodes are kept in a list (the order they were added), never in sets, so every loop visits
    them in the same order; both algorithms are plain loops, with no recursion.
    """

    def __init__(self):
        self._nodes: list[_Node] = []
        self._index: dict[str, int] = {}
        self._successors: list[list[int]] = []

    def _new(self, name: str, op: Op | None, inputs: tuple[str, ...]) -> str:
        if not isinstance(name, str) or not name:
            raise ValueError(f"name must be a non-empty string, got {name!r}")
        if name in self._index:
            raise ValueError(f"name {name!r} is already a node of this graph")
        for inp in inputs:
            if inp not in self._index:
                raise ValueError(
                    f"input {inp!r} of node {name!r} is not in the graph yet; add nodes in "
                    f"topological order (predecessors first)"
                )
        self._index[name] = len(self._nodes)
        self._nodes.append(_Node(name, op, inputs))
        self._successors.append([])
        for inp in dict.fromkeys(inputs):  # each successor once, even for f(a, a)
            self._successors[self._index[inp]].append(self._index[name])
        return name

    def input(self, name: str) -> str:
        """Add an input node (a leaf: an input, a weight, a target) and return its name."""
        return self._new(name, None, ())

    def add(self, name: str, op: Op, *inputs: str) -> str:
        """Add node ``name = op(*inputs)``; its predecessors must already be in the graph."""
        if not isinstance(op, Op):
            raise TypeError(f"op must be an Op (e.g. WEIGHTED_SUM), got {type(op).__name__}")
        if not inputs:
            raise ValueError(f"node {name!r} needs at least one input")
        problem = op.arity(len(inputs))
        if problem:
            raise ValueError(f"node {name!r}: {op.name} takes {problem}, got {len(inputs)}")
        return self._new(name, op, tuple(inputs))

    @property
    def names(self) -> list[str]:
        """Node names in topological order (the lecture's ``u⁽¹⁾ … u⁽ⁿ⁾``)."""
        return [n.name for n in self._nodes]

    @property
    def inputs(self) -> list[str]:
        """Names of the leaf nodes, which :meth:`forward` needs values for."""
        return [n.name for n in self._nodes if n.op is None]

    def predecessors(self, name: str) -> tuple[str, ...]:
        """``P(u)``: the arguments of node ``name``, in order."""
        return self._node(name).inputs

    def successors(self, name: str) -> tuple[str, ...]:
        """The nodes that take ``name`` as an argument, in topological order."""
        return tuple(self._nodes[j].name for j in self._successors[self._index_of(name)])

    def formula(self, name: str) -> str:
        """Node ``name`` in symbols, e.g. ``ReLU(i1)``; the name itself for an input."""
        node = self._node(name)
        return name if node.op is None else node.op.formula(node.inputs)

    def partial_formula(self, successor: str, name: str) -> str:
        """``∂u⁽successor⁾/∂u⁽name⁾`` in symbols, e.g. ``w7`` for ``("o", "h1")``."""
        node = self._node(successor)
        self._index_of(name)
        if node.op is None or name not in node.inputs:
            raise ValueError(f"{name!r} is not an input of {successor!r}")
        parts = node.op.partial_formulas(node.inputs)
        return " + ".join(f for inp, f in zip(node.inputs, parts, strict=True) if inp == name)

    def _index_of(self, name: str) -> int:
        if name not in self._index:
            raise ValueError(f"{name!r} is not a node of this graph; nodes are {self.names}")
        return self._index[name]

    def _node(self, name: str) -> _Node:
        return self._nodes[self._index_of(name)]

    def forward(self, inputs: Mapping[str, float]) -> dict[str, float]:
        """Forward propagation: for ``i = 1 … n``, ``u⁽ⁱ⁾ ← f⁽ⁱ⁾(values of P(u⁽ⁱ⁾))``.

        ``inputs`` gives a value to every leaf. Returns every node's value, in topological
        order; the last one is the output ``u⁽ⁿ⁾``.
        """
        missing = [n for n in self.inputs if n not in inputs]
        extra = [n for n in inputs if n not in self.inputs]
        if missing or extra:
            raise ValueError(
                f"inputs must give exactly the graph's inputs {self.inputs}; "
                f"missing {missing}, unknown {extra}"
            )
        values: dict[str, float] = {}
        for node in self._nodes:
            if node.op is None:
                values[node.name] = float(inputs[node.name])
            else:
                values[node.name] = float(node.op.f([values[p] for p in node.inputs]))
        return values

    def backward_steps(self, values: Mapping[str, float]) -> list[BackwardStep]:
        """The simple backpropagation algorithm, one :class:`BackwardStep` per node.

        ``g⁽ⁿ⁾ = 1`` for the output; then for ``i = n−1 … 1``:
        ``g⁽ⁱ⁾ = Σ_{j: i ∈ P(u⁽ʲ⁾)} g⁽ʲ⁾ · ∂u⁽ʲ⁾/∂u⁽ⁱ⁾``. ``values`` are the results of
        :meth:`forward`. The steps come in the order the algorithm visits the nodes (output first).
        """
        missing = [n for n in self.names if n not in values]
        if missing:
            raise ValueError(f"values lacks nodes {missing}; pass the result of forward()")
        if not self._nodes:
            raise ValueError("the graph is empty")
        # Local partial derivatives ∂u⁽ʲ⁾/∂u⁽ⁱ⁾, computed once per node j from its arguments.
        local: list[dict[int, float]] = []
        for node in self._nodes:
            partial: dict[int, float] = {}
            if node.op is not None:
                args = [values[p] for p in node.inputs]
                for p, d in zip(node.inputs, node.op.partials(args), strict=True):
                    i = self._index[p]
                    partial[i] = partial.get(i, 0.0) + float(d)  # f(a, a): both slots count
            local.append(partial)

        n = len(self._nodes)
        g = [0.0] * n
        g[n - 1] = 1.0
        steps = [BackwardStep(self._nodes[n - 1].name, (), 1.0)]
        for i in range(n - 2, -1, -1):
            terms = tuple((self._nodes[j].name, g[j], local[j][i]) for j in self._successors[i])
            g[i] = float(sum(gj * d for _, gj, d in terms))
            steps.append(BackwardStep(self._nodes[i].name, terms, g[i]))
        return steps

    def backward(self, values: Mapping[str, float]) -> dict[str, float]:
        """``g⁽ⁱ⁾ = ∂u⁽ⁿ⁾/∂u⁽ⁱ⁾`` for every node, keyed by name in topological order."""
        by_name = {s.node: s.g for s in self.backward_steps(values)}
        return {name: by_name[name] for name in self.names}


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


def lecture_graph() -> Graph:
    """The lecture's network as a :class:`Graph`, layer by layer in topological order.

    ``i_j = w·x1 + w·x2`` (``i1`` uses ``w1, w2``; ``i2`` ``w3, w4``; ``i3`` ``w5, w6``),
    ``h_j = ReLU(i_j)``, ``o = w7·h1 + w8·h2 + w9·h3``, ``L = (o − gold)²``; no biases.
    """
    g = Graph()
    for name in ("x1", "x2", "w1", "w2", "w3", "w4", "w5", "w6"):
        g.input(name)
    for j in (1, 2, 3):
        g.add(f"i{j}", WEIGHTED_SUM, f"w{2 * j - 1}", "x1", f"w{2 * j}", "x2")
    for j in (1, 2, 3):
        g.add(f"h{j}", RELU, f"i{j}")
    for name in ("w7", "w8", "w9"):
        g.input(name)
    g.add("o", WEIGHTED_SUM, "w7", "h1", "w8", "h2", "w9", "h3")
    g.input("gold")
    g.add("L", SQUARED_ERROR, "o", "gold")
    return g


_EXAMPLE_KEYS = (
    *("x1", "x2"),
    *(f"w{k}" for k in range(1, 10)),
    *("i1", "i2", "i3", "h1", "h2", "h3", "o"),
)


def worked_example(**changes: float) -> tuple[dict[str, float], dict[str, float]]:
    """The lecture's backpropagation example, computed by :class:`Graph`.

    Returns ``(values, gradients)``: ``values`` of every node (``x1, x2, w1 … w9, i1 … i3,
    h1 … h3, o, L, gold``) and ``gradients[name] = ∂L/∂name`` for the 18 names of the lecture's
    table (``x1, x2, w1 … w9, i1 … i3, h1 … h3, o``). Keyword arguments replace inputs of
    :data:`LECTURE_NETWORK`, e.g. ``worked_example(w4=1.0)`` or ``worked_example(gold=5.0)``.
    """
    unknown = [k for k in changes if k not in LECTURE_NETWORK]
    if unknown:
        raise ValueError(
            f"worked_example can change only {list(LECTURE_NETWORK)}, got {unknown[0]!r}"
        )
    for k, v in changes.items():
        if isinstance(v, bool) or not isinstance(v, int | float | np.number) or not np.isfinite(v):
            raise ValueError(f"{k} must be a finite number, got {v!r}")
    graph = lecture_graph()
    values = graph.forward({**LECTURE_NETWORK, **changes})
    g = graph.backward(values)
    return values, {name: g[name] for name in _EXAMPLE_KEYS}
