"""The lecture's optimizers — SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam — in NumPy.

Each optimizer is a small class whose ``update`` method is the lecture's pseudocode for one
parameter array, line by line. Its state is public and named as in the lecture (``v``, ``r``,
``s``: plain lists with one array per parameter, made by the first step) and ``t`` counts the
updates done so far::

    opt = Adam(learning_rate=0.001)
    for x, y in batches:
        grads = model.gradients(x, y)     # a list aligned with model.params
        opt.step(model.params, grads)     # updates every array of model.params in place

``learning_rate`` is a positive number or a schedule: any callable ``step -> float``
(``helpers.schedules``); update number ``t`` (0 for the first) uses ``learning_rate(t)``.
:func:`descend` is the training loop every helper of the course runs.

Reference: Milan Straka, NPFL114 lecture 2 "Training Neural Networks" (the pseudocode of each
rule); the framework conventions (PyTorch, Keras) are spelled out in each class's docstring
and in the course's REFERENCE notes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from helpers import DivergenceError, ensure_finite, validate

__all__ = [
    "NAMES",
    "SGD",
    "AdaGrad",
    "Adam",
    "Optimizer",
    "RMSProp",
    "Trajectory",
    "convergence_rate",
    "descend",
    "make",
    "minimize",
    "momentum_lookahead",
    "steps_to",
    "updates",
]


def _as_list(arrays, name: str) -> list:
    if isinstance(arrays, np.ndarray):
        return [arrays]
    if isinstance(arrays, list | tuple):
        return list(arrays)
    raise TypeError(
        f"{name} must be a NumPy array or a list of arrays, got {type(arrays).__name__}"
    )


class Optimizer:
    """What every optimizer shares: the learning rate (or schedule), the step counter ``t``,
    the argument checks, and the state (zeros, made by the first step).

    A subclass names its state in ``_state`` and writes one update of one parameter array in
    ``update(i, theta, g, alpha)``: ``theta`` is ``params[i]`` (changed in place), ``g`` its
    gradient, ``alpha`` this step's learning rate; its state is ``self.v[i]`` (etc.).

    To start from another state, assign it before a step (e.g. ``opt.v = [v0]``, and ``opt.t``
    for Adam's bias correction); later steps check that it matches the parameters' shapes.
    """

    _state: tuple[str, ...] = ()

    def __init__(self, learning_rate):
        self.learning_rate = validate.learning_rate(learning_rate)
        self.t = 0
        for name in self._state:
            setattr(self, name, [])

    def step(self, params, grads) -> None:
        """One update of every array in ``params`` (in place) with the matching ``grads``.

        ``params``: a float array or a list (or tuple) of them; ``grads``: the same shapes in
        the same order. Returns None.
        """
        params, grads = self._check(params, grads)
        for name in self._state:
            if not getattr(self, name):  # the first step: every state array starts at zero
                setattr(self, name, [np.zeros_like(p) for p in params])
            self._check_state(name, params)
        alpha = self.rate(self.t)
        for i, (theta, g) in enumerate(zip(params, grads, strict=True)):
            self.update(i, theta, g, alpha)
        self.t += 1

    def update(self, i: int, theta: np.ndarray, g: np.ndarray, alpha: float) -> None:
        raise NotImplementedError  # pragma: no cover

    def rate(self, step: int) -> float:
        """The learning rate that update number ``step`` (0 for the first) uses."""
        if not callable(self.learning_rate):
            return self.learning_rate
        alpha = float(self.learning_rate(step))
        if not (math.isfinite(alpha) and alpha >= 0):
            raise ValueError(
                f"the schedule learning_rate({step}) returned {alpha!r}; "
                "a schedule must return a finite learning rate ≥ 0"
            )
        return alpha

    def __repr__(self) -> str:
        lr = self.learning_rate
        text = f"learning_rate={lr:g}" if not callable(lr) else f"learning_rate={lr!r}"
        return f"{type(self).__name__}({text}{self._describe()})"

    def _describe(self) -> str:
        return ""

    def _check(self, params, grads) -> tuple[list, list]:
        params, grads = _as_list(params, "params"), _as_list(grads, "grads")
        if len(grads) != len(params):
            raise ValueError(f"got {len(params)} parameter arrays but {len(grads)} gradients")
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise TypeError(
                    f"params[{i}] must be a float NumPy array (it is updated in place), "
                    f"got {type(p).__name__} of {getattr(p, 'dtype', '?')}"
                )
            grads[i] = g = np.asarray(g, dtype=p.dtype)
            if g.shape != p.shape:
                raise ValueError(
                    f"grads[{i}] has shape {g.shape} but params[{i}] has shape {p.shape}"
                )
        return params, grads

    def _check_state(self, name: str, params: list) -> None:
        state = getattr(self, name)
        shapes = [np.shape(a) for a in state]
        if shapes != [p.shape for p in params]:
            raise ValueError(
                f"opt.{name} holds arrays of shapes {shapes}, but the parameters have shapes "
                f"{[p.shape for p in params]}; create a new optimizer for a different model"
            )
        for i, p in enumerate(params):  # a state assigned by hand may hold lists or ints
            state[i] = np.asarray(state[i], dtype=p.dtype)


class SGD(Optimizer):
    """Minibatch SGD, with (Nesterov) momentum when ``momentum > 0`` (lecture defaults).

    - plain (``β = 0``): ``θ ← θ − αg`` (then ``v`` holds the last step ``−αg``);
    - momentum: ``v ← βv − αg;  θ ← θ + v`` (the same as Keras; PyTorch keeps the buffer
      ``b = −v/α``, which is the same thing for a constant α);
    - Nesterov: the lecture evaluates the gradient at the look-ahead point ``θ + βv``. Here, as in
      Keras and PyTorch, ``params`` *are* that look-ahead point, so one update is
      ``v ← βv − αg;  θ ← θ + βv − αg`` with the new ``v`` (REFERENCE.md has the mapping).

    State: ``v``, one array per parameter.
    """

    _state = ("v",)

    def __init__(self, learning_rate, momentum: float = 0.0, nesterov: bool = False):
        super().__init__(learning_rate)
        self.momentum = validate.unit_interval("momentum", momentum)
        self.nesterov = validate.flag("nesterov", nesterov)

    def update(self, i, theta, g, alpha):
        beta, v = self.momentum, self.v
        v[i] = beta * v[i] - alpha * g  # v ← βv − αg   (β = 0: plain SGD, v = −αg)
        if self.nesterov:
            theta += beta * v[i] - alpha * g  # θ ← θ + βv − αg  (θ is the look-ahead point)
        else:
            theta += v[i]  # θ ← θ + v

    def _describe(self):
        extra = f", momentum={self.momentum:g}" if self.momentum else ""
        return extra + (", nesterov=True" if self.nesterov else "")


class _Adaptive(Optimizer):
    """AdaGrad, RMSProp and Adam divide by a root of their second moment ``r``, with ``ε``
    inside it (the lecture, Keras) or outside (PyTorch)."""

    def __init__(self, learning_rate, epsilon: float, epsilon_inside_sqrt: bool):
        super().__init__(learning_rate)
        self.epsilon = validate.nonnegative("epsilon", epsilon)
        self.epsilon_inside_sqrt = validate.flag("epsilon_inside_sqrt", epsilon_inside_sqrt)

    def root(self, r):
        """``sqrt(r + ε)``, or ``sqrt(r) + ε`` with ``epsilon_inside_sqrt=False``."""
        return np.sqrt(r + self.epsilon) if self.epsilon_inside_sqrt else np.sqrt(r) + self.epsilon

    def _describe(self):
        where = "" if self.epsilon_inside_sqrt else ", epsilon_inside_sqrt=False"
        return f", epsilon={self.epsilon:g}{where}"


class AdaGrad(_Adaptive):
    """AdaGrad (Duchi et al. 2011): ``r ← r + g²;  θ ← θ − αg / sqrt(r + ε)``, ``r`` from 0.

    ``epsilon_inside_sqrt=False`` divides by ``sqrt(r) + ε`` instead (PyTorch, with its default
    ``eps=1e-10``). Keras puts ε inside like the lecture but starts ``r`` at 0.1.
    State: ``r``.
    """

    _state = ("r",)

    def __init__(self, learning_rate, epsilon: float = 1e-7, epsilon_inside_sqrt: bool = True):
        super().__init__(learning_rate, epsilon, epsilon_inside_sqrt)

    def update(self, i, theta, g, alpha):
        r = self.r
        r[i] = r[i] + g**2  # r ← r + g²
        theta -= alpha * g / self.root(r[i])  # θ ← θ − αg/√(r + ε)


class RMSProp(_Adaptive):
    """RMSProp (Hinton 2012): ``r ← βr + (1−β)g²;  θ ← θ − αg / sqrt(r + ε)``, ``r`` from 0.

    ``β`` is Keras's ``rho`` (0.9) and PyTorch's ``alpha`` (0.99); ``epsilon_inside_sqrt=False``
    is PyTorch's form. State: ``r``. Because ``r`` starts at 0, the first step is
    ``α/sqrt(1−β)`` long — about 3.16α for β = 0.9 — the problem Adam's bias correction fixes.
    """

    _state = ("r",)

    def __init__(
        self,
        learning_rate,
        beta: float = 0.9,
        epsilon: float = 1e-7,
        epsilon_inside_sqrt: bool = True,
    ):
        super().__init__(learning_rate, epsilon, epsilon_inside_sqrt)
        self.beta = validate.unit_interval("beta", beta)

    def update(self, i, theta, g, alpha):
        beta, r = self.beta, self.r
        r[i] = beta * r[i] + (1 - beta) * g**2  # r ← βr + (1 − β)g²
        theta -= alpha * g / self.root(r[i])  # θ ← θ − αg/√(r + ε)

    def _describe(self):
        return f", beta={self.beta:g}" + super()._describe()


class Adam(_Adaptive):
    """Adam (Kingma & Ba 2014), the lecture's pseudocode::

        t ← t + 1
        s ← β₁s + (1−β₁)g            (first moment)
        r ← β₂r + (1−β₂)g²           (second moment)
        ŝ ← s/(1−β₁ᵗ),  r̂ ← r/(1−β₂ᵗ)  (bias correction)
        θ ← θ − α ŝ / sqrt(r̂ + ε)

    ``epsilon_inside_sqrt=False`` gives PyTorch's ``θ ← θ − α ŝ / (sqrt(r̂) + ε)``;
    ``bias_correction=False`` uses ``s`` and ``r`` themselves (to see why the correction exists).
    State: ``s``, ``r``; ``t`` counts the updates done (the pseudocode's ``t`` after the step).
    """

    _state = ("s", "r")

    def __init__(
        self,
        learning_rate=0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float = 1e-7,
        epsilon_inside_sqrt: bool = True,
        bias_correction: bool = True,
    ):
        super().__init__(learning_rate, epsilon, epsilon_inside_sqrt)
        self.beta1 = validate.unit_interval("beta1", beta1)
        self.beta2 = validate.unit_interval("beta2", beta2)
        self.bias_correction = validate.flag("bias_correction", bias_correction)

    def update(self, i, theta, g, alpha):
        beta1, beta2, s, r = self.beta1, self.beta2, self.s, self.r
        t = self.t + 1  # t ← t + 1  (self.t counts the updates already done)
        s[i] = beta1 * s[i] + (1 - beta1) * g  # s ← β₁s + (1 − β₁)g
        r[i] = beta2 * r[i] + (1 - beta2) * g**2  # r ← β₂r + (1 − β₂)g²
        if self.bias_correction:
            s_hat = s[i] / (1 - beta1**t)  # ŝ ← s/(1 − β₁ᵗ)
            r_hat = r[i] / (1 - beta2**t)  # r̂ ← r/(1 − β₂ᵗ)
        else:
            s_hat, r_hat = s[i], r[i]
        theta -= alpha * s_hat / self.root(r_hat)  # θ ← θ − αŝ/√(r̂ + ε)

    def _describe(self):
        text = f", beta1={self.beta1:g}, beta2={self.beta2:g}" + super()._describe()
        return text + ("" if self.bias_correction else ", bias_correction=False")


NAMES = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")

# The hyper-parameters each of the six takes, as keyword arguments of make().
OPTIONS = {
    "SGD": (),
    "Momentum": ("momentum",),
    "Nesterov": ("momentum",),
    "AdaGrad": ("epsilon", "epsilon_inside_sqrt"),
    "RMSProp": ("beta", "epsilon", "epsilon_inside_sqrt"),
    "Adam": ("beta1", "beta2", "epsilon", "epsilon_inside_sqrt", "bias_correction"),
}


def make(name: str, learning_rate, **options) -> Optimizer:
    """One of the six optimizers of the lecture by ``name`` (one of :data:`NAMES`).

    ``options`` are that optimizer's own hyper-parameters by their own names (:data:`OPTIONS`):
    ``make("Momentum", 0.01, momentum=0.9)``, ``make("Adam", 0.001, beta2=0.99)``.
    ``"Momentum"`` and ``"Nesterov"`` default to ``momentum=0.9``; the rest keep the class
    defaults. An option the optimizer does not have raises ``TypeError``.
    """
    if name not in NAMES:
        raise ValueError(f"name must be one of {', '.join(NAMES)}, got {name!r}")
    unknown = [key for key in options if key not in OPTIONS[name]]
    if unknown:
        allowed = ", ".join(OPTIONS[name]) or "none"
        extra = "; for momentum use 'Momentum' or 'Nesterov'" if unknown[0] == "momentum" else ""
        raise TypeError(f"{name} has no option {unknown[0]!r} (its options: {allowed}){extra}")
    if name in ("Momentum", "Nesterov"):
        momentum = options.get("momentum", 0.9)
        return SGD(learning_rate, momentum, nesterov=name == "Nesterov")
    classes = {"SGD": SGD, "AdaGrad": AdaGrad, "RMSProp": RMSProp, "Adam": Adam}
    return classes[name](learning_rate, **options)


# ---------------------------------------------------------------------------------------------
# running optimizers


def descend(
    objective: Callable[[int], tuple[float, list]],
    params,
    optimizer: Optimizer,
    steps: int,
    *,
    first_step: int = 0,
    hint: str = "",
) -> list[float]:
    """The training loop: ``steps`` updates of ``params`` by ``optimizer``.

    For ``k = 0 … steps − 1``: ``loss, grads = objective(k)`` — the loss at the current
    ``params`` and its gradients (on minibatch ``k``, if the objective draws batches) — then
    ``optimizer.step(params, grads)``. Returns the losses, one per update.

    The first non-finite loss raises :class:`helpers.DivergenceError` naming its step
    (``first_step + k``: give ``first_step`` when one run calls this several times, e.g. once
    an epoch) and the last finite loss; ``hint`` is its advice (default: a smaller rate).
    """
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer must have a step(params, grads) method, got {type(optimizer).__name__}"
        )
    validate.integer("steps", steps)
    losses: list[float] = []
    # A diverging run overflows on its way to inf/NaN; that is reported as a DivergenceError
    # naming the step, so NumPy's own overflow warnings would only be noise.
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            loss, grads = objective(k)
            last = losses[-1] if losses else None
            losses.append(ensure_finite(float(loss), first_step + k, last, hint))
            optimizer.step(params, grads)
    return losses


@dataclass(frozen=True)
class Trajectory:
    """The points an optimizer visited and the loss at each.

    ``points``: shape ``(n + 1, *start.shape)``, ``points[0]`` the start, ``points[k]`` the
    parameters after ``k`` updates (for Nesterov: the look-ahead points, where gradients are
    evaluated). ``losses``: shape ``(n + 1,)``, ``losses[k] = f(points[k])``.
    """

    points: np.ndarray
    losses: np.ndarray

    @property
    def steps(self) -> int:
        """The number of updates ``n``."""
        return len(self.losses) - 1


def minimize(surface, optimizer: Optimizer, start, steps: int) -> Trajectory:
    """Run ``optimizer`` on ``surface`` (a ``helpers.surfaces.Surface``) for ``steps`` updates.

    Starts at ``start`` (shape ``(2,)``) and returns the :class:`Trajectory`. If the loss stops
    being finite, raises ``helpers.DivergenceError`` for the first such step; the finite part of
    the run is attached to the error as ``error.trajectory`` (so a figure can still draw it).
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be one of SGD, AdaGrad, RMSProp, Adam, got {type(optimizer).__name__}"
        )
    steps = validate.integer("steps", steps)
    theta = validate.array("start", start).copy()
    points, losses = [], []

    def objective(k: int):
        points.append(theta.copy())
        losses.append(float(surface(theta)))
        return losses[-1], surface.grad(theta)

    hint = f"try a learning rate below {_rate_text(optimizer)}"
    try:
        descend(objective, theta, optimizer, steps, hint=hint)
        with np.errstate(over="ignore", invalid="ignore"):
            objective(steps)  # the point after the last update, and its loss
        ensure_finite(losses[-1], steps, losses[-2] if steps else None, hint)
    except DivergenceError as error:
        k = error.step
        error.trajectory = Trajectory(np.array(points[:k]), np.array(losses[:k]))
        raise
    return Trajectory(np.array(points), np.array(losses))


def _rate_text(optimizer: Optimizer) -> str:
    lr = optimizer.learning_rate
    return f"{lr:.3g}" if not callable(lr) else "the schedule's"


def steps_to(condition) -> int | None:
    """The number of updates until ``condition`` first holds (the first index where the boolean
    array is true), or None if it never does.

    E.g. ``steps_to(trajectory.losses < 1e-4)``.
    """
    c = np.asarray(condition, dtype=bool)
    if c.ndim != 1:
        raise ValueError(f"condition must be a 1-D boolean array, got shape {c.shape}")
    hits = np.flatnonzero(c)
    return int(hits[0]) if hits.size else None


def updates(optimizer: Optimizer, grads, start=0.0) -> np.ndarray:
    """The updates ``Δθ`` an optimizer makes when fed a given sequence of gradients.

    ``grads`` has shape ``(steps, ...)``: row ``k`` is the gradient of update ``k``. One
    parameter array of shape ``grads.shape[1:]`` starts at ``start`` and receives them in turn.
    Every rule works element by element, so e.g. a row of four different gradients gives four
    independent runs at once. Returns ``Δθ`` of the same shape as ``grads``.
    """
    g = np.asarray(grads, dtype=np.float64)
    if g.ndim < 1 or g.shape[0] == 0:
        raise ValueError(f"grads must have shape (steps, ...) with steps ≥ 1, got {g.shape}")
    theta = np.broadcast_to(np.asarray(start, dtype=np.float64), g.shape[1:]).copy()
    out = np.empty_like(g)
    for k in range(g.shape[0]):
        before = theta.copy()
        optimizer.step(theta, g[k])
        out[k] = theta - before
    return out


def momentum_lookahead(surface, theta, v, learning_rate: float, momentum: float) -> dict:
    """One momentum step and one Nesterov step from the same state, in the lecture's form.

    From parameters ``theta`` and velocity ``v`` (shape ``(2,)`` each):

    - ``"momentum"``: ``θ + βv − α∇f(θ)`` (gradient taken where we stand);
    - ``"lookahead"``: ``θ + βv`` (where momentum alone would carry us);
    - ``"nesterov"``: ``θ + βv − α∇f(θ + βv)`` (gradient taken at the look-ahead point).

    Returns a dict of these points and ``"theta"``; used to draw the lecture's Nesterov picture.
    """
    alpha = validate.positive("learning_rate", learning_rate)
    beta = validate.unit_interval("momentum", momentum)
    theta = np.asarray(theta, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    ahead = theta + beta * v
    return {
        "theta": theta,
        "momentum": ahead - alpha * surface.grad(theta),
        "lookahead": ahead,
        "nesterov": ahead - alpha * surface.grad(ahead),
    }


def convergence_rate(learning_rate: float, curvature, momentum: float = 0.0, nesterov=False):
    """How fast (Nesterov) momentum converges along one eigendirection of a quadratic.

    Along an eigenvector with curvature ``λ`` the gradient is ``λx``, so one step maps the
    error ``x`` and the velocity ``v`` (the lecture's form) linearly:

    - momentum: ``v ← βv − αλx;  x ← x + v`` → matrix ``[[1 − αλ, β], [−αλ, β]]``;
    - Nesterov (gradient at ``x + βv``): ``v ← β(1 − αλ)v − αλx;  x ← x + v``
      → matrix ``[[1 − αλ, β(1 − αλ)], [−αλ, β(1 − αλ)]]``.

    The error shrinks asymptotically by the larger ``|z|`` of the matrix's two eigenvalues per
    step (its spectral radius); that is returned, one value per entry of ``curvature``. With
    ``momentum=0`` it is plain gradient descent's ``|1 − αλ|``. Above 1 the run diverges.
    (Nesterov's look-ahead form, which ``SGD`` stores, is the same run shifted by ``βv``: it has
    the same rate.)
    """
    alpha = validate.positive("learning_rate", learning_rate)
    beta = validate.unit_interval("momentum", momentum)
    lam = np.atleast_1d(np.asarray(curvature, dtype=np.float64))
    nesterov = validate.flag("nesterov", nesterov)
    rates = []
    for a_lam in alpha * lam:
        keep = 1 - a_lam if nesterov else 1.0  # Nesterov: the gradient at x + βv shrinks βv too
        step = np.array([[1 - a_lam, beta * keep], [-a_lam, beta * keep]])  # (x, v) → (x, v)
        rates.append(float(np.abs(np.linalg.eigvals(step)).max()))
    return np.array(rates) if np.ndim(curvature) else float(rates[0])
