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

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real

import numpy as np

from helpers import DivergenceError, check_loss, validate

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


class Optimizer:
    """What every optimizer shares: the learning rate (or schedule), the step counter ``t``,
    the argument checks, and the state (zeros, made by the first step).

    A subclass names its state in ``_state`` and writes one update of one parameter array in
    ``update(i, theta, g, alpha)``: ``theta`` is ``params[i]`` (changed in place), ``g`` its
    gradient, ``alpha`` this step's learning rate; its state is ``self.v[i]`` (etc.). ``step``
    checks its arguments once and calls that rule for every array; ``opt.update(…)`` called on
    its own checks its arguments first (``__init_subclass__`` wraps the rule, whose source stays
    the lecture's pseudocode).

    To start from another state, assign it before a step (e.g. ``opt.v = [v0]``, and ``opt.t``
    for Adam's bias correction); later steps check that it matches the parameters' shapes.
    """

    _state: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "update" in vars(cls):  # the subclass's rule: step calls it as it is
            cls._rule = vars(cls)["update"]
            cls.update = _checked(cls._rule)

    def __init__(self, learning_rate):
        self.learning_rate = validate.learning_rate(learning_rate)
        self.t = 0
        for name in self._state:
            setattr(self, name, [])

    def step(self, params, grads) -> None:
        """One update of every array in ``params`` (in place) with the matching ``grads``.

        ``params``: a float array or a list (or tuple) of them; ``grads``: the same shapes in
        the same order (for a single array, its gradient: an array or a list of numbers).
        Parameters and gradients must be finite. Returns None. An update whose result is not
        finite (the numbers overflowed) raises :class:`helpers.DivergenceError` naming ``t``.
        """
        params, grads = self._check(params, grads)
        for name in self._state:
            if not getattr(self, name):  # the first step: every state array starts at zero
                setattr(self, name, [np.zeros_like(p) for p in params])
            self._check_state(name, params)
        alpha = self.rate(self.t)
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported below
            for i, (theta, g) in enumerate(zip(params, grads, strict=True)):
                self._rule(i, theta, g, alpha)
        for i, theta in enumerate(params):
            if not np.isfinite(theta).all():
                raise DivergenceError(self.t, hint=self._overflow_hint(), what=f"params[{i}]")
        self.t += 1

    def _overflow_hint(self) -> str:
        if getattr(self, "epsilon", None) == 0:
            return "try a smaller learning rate, or epsilon > 0 (0/0 for a zero gradient)"
        return "try a smaller learning rate"

    def update(self, i: int, theta: np.ndarray, g: np.ndarray, alpha: float) -> None:
        """One update of ``params[i]``: each optimizer writes its own rule."""
        self._check_update(i, theta, g, alpha)
        raise NotImplementedError(f"{type(self).__name__} has no update rule; use SGD, Adam, …")

    _rule = update

    def rate(self, step: int) -> float:
        """The learning rate that update number ``step`` (0 for the first) uses."""
        step = validate.integer("step", step, 0)
        if not callable(self.learning_rate):
            return self.learning_rate
        alpha = self.learning_rate(step)
        allowed = "a schedule must return a finite learning rate ≥ 0"
        if isinstance(alpha, bool | np.bool_) or not isinstance(alpha, Real):
            raise TypeError(f"learning_rate({step}) returned {alpha!r}; {allowed}")
        if not (math.isfinite(alpha) and alpha >= 0):
            raise ValueError(f"the schedule learning_rate({step}) returned {alpha!r}; {allowed}")
        return float(alpha)

    def __repr__(self) -> str:
        lr = self.learning_rate
        text = f"learning_rate={lr:g}" if not callable(lr) else f"learning_rate={lr!r}"
        return f"{type(self).__name__}({text}{self._describe()})"

    def _describe(self) -> str:
        return ""

    def _check(self, params, grads) -> tuple[list, list]:
        if isinstance(params, np.ndarray):  # one array: grads is its gradient
            params, grads = [params], [grads]
        params, grads = _as_list(params, "params"), _as_list(grads, "grads")
        if len(grads) != len(params):
            raise ValueError(
                f"grads must hold one gradient per array of params: got {len(grads)} "
                f"gradients for {len(params)} parameter arrays"
            )
        for i, p in enumerate(params):
            validate.array(f"params[{i}]", p, in_place=True)
            grads[i] = _gradient(f"grads[{i}]", grads[i], p, f"params[{i}]")
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

    def _check_update(self, i, theta, g, alpha) -> tuple:
        """The arguments of ``update`` called on its own: ``i`` indexes a parameter whose state
        ``step`` has made, ``theta`` is a float array of that shape (updated in place), ``g``
        its gradient, ``alpha`` ≥ 0."""
        i, theta = validate.integer("i", i), validate.array("theta", theta, in_place=True)
        g, alpha = _gradient("g", g, theta, "theta"), validate.nonnegative("alpha", alpha)
        if not self._state:  # the base class: no rule, so no state either
            return i, theta, g, alpha
        state = getattr(self, self._state[0])
        if i >= len(state):
            raise ValueError(
                f"i = {i}, but the optimizer's state holds {len(state)} parameter arrays; "
                "update(i, theta, g, alpha) continues the state that step(params, grads) makes"
            )
        if theta.shape != np.shape(state[i]):
            raise ValueError(
                f"theta has shape {theta.shape}, but parameter {i} of the optimizer's state has "
                f"shape {np.shape(state[i])}"
            )
        return i, theta, g, alpha


def _checked(rule):
    """``rule`` (an optimizer's ``update``) with its arguments checked first."""

    @functools.wraps(rule)
    def update(self, i, theta, g, alpha):
        return rule(self, *self._check_update(i, theta, g, alpha))

    return update


def _as_list(arrays, name: str) -> list:
    if isinstance(arrays, np.ndarray):
        return [arrays]
    if isinstance(arrays, list | tuple):
        return list(arrays)
    raise TypeError(
        f"{name} must be a float NumPy array or a list of them, got {type(arrays).__name__}"
    )


def _gradient(name: str, g, p: np.ndarray, p_name: str) -> np.ndarray:
    """The gradient of parameter ``p``: finite numbers of ``p``'s shape, in ``p``'s dtype."""
    g = validate.array(name, g)
    if g.shape != p.shape:
        raise ValueError(f"{name} has shape {g.shape}, but {p_name} has shape {p.shape}")
    return g.astype(p.dtype, copy=False)


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
    if not isinstance(name, str):
        raise TypeError(f"name must be one of {', '.join(NAMES)}, got {type(name).__name__}")
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
    first_loss: float | None = None,
    hint: str = "",
) -> list[float]:
    """The training loop: ``steps`` updates of ``params`` by ``optimizer``.

    For ``k = 0 … steps − 1``: ``loss, grads = objective(k)`` — the loss at the current
    ``params`` and its gradients (on minibatch ``k``, if the objective draws batches) — then
    ``optimizer.step(params, grads)``. Returns the losses, one per update.

    **Divergence** (the course's one rule, :func:`helpers.check_loss`): a loss that is not
    finite, or that exceeds ``10⁶ · max(|L₀|, 1)`` for the run's first loss ``L₀``, raises
    :class:`helpers.DivergenceError` naming its step (``first_step + k``), the loss and the one
    before it; ``hint`` is its advice (default: a smaller rate). A run that calls this several
    times (e.g. once an epoch) gives ``first_step`` and, after its first call, ``first_loss``
    (``L₀``; default: this call's first loss). An update that makes the parameters overflow is
    reported for the step after it, whose loss could not be finite.

    A loss that is not finite at step 0, before any update, is not divergence — no learning
    rate has acted yet — but a problem of the data or the starting parameters: ``ValueError``.
    """
    if not callable(objective):
        raise TypeError(f"objective must be a function k -> (loss, grads), got {objective!r}")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer must have a step(params, grads) method, got {type(optimizer).__name__}"
        )
    steps = validate.integer("steps", steps, 0)
    first_step = validate.integer("first_step", first_step, 0)
    if first_loss is not None:
        first_loss = validate.real("first_loss", first_loss)
    if not isinstance(hint, str):
        raise TypeError(f"hint must be a string (advice for the error), got {hint!r}")
    losses: list[float] = []
    # A diverging run overflows on its way to inf/NaN; that is reported as a DivergenceError
    # naming the step, so NumPy's own overflow warnings would only be noise.
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            loss, grads = _evaluate(objective, k, first_step + k)
            first_loss = loss if first_loss is None else first_loss
            last = losses[-1] if losses else None
            losses.append(check_loss(loss, first_step + k, first_loss, last, hint))
            try:
                optimizer.step(params, grads)
            except DivergenceError:  # the update overflowed: the next loss cannot be finite
                step = first_step + k + 1
                raise DivergenceError(step, loss, hint, what="the parameters") from None
    return losses


def _evaluate(objective, k: int, step: int) -> tuple[float, object]:
    """``objective(k)`` as ``(loss, grads)`` with a float loss; a loss that is not finite at
    the run's step 0 is a problem of the data or the start (see :func:`descend`)."""
    result = objective(k)
    try:
        loss, grads = result
        loss = float(loss)
    except (TypeError, ValueError):
        raise TypeError(
            f"objective({k}) must return (loss, grads) with a number loss, got "
            f"{type(result).__name__} {str(result)[:60]}"
        ) from None
    if step == 0 and not math.isfinite(loss):
        raise ValueError(
            f"the loss is {loss} at step 0, before any update: no learning rate has acted yet, "
            "so the data or the starting parameters give a loss that is not finite "
            "(the objective returned it)"
        )
    return loss, grads


@dataclass(frozen=True)
class Trajectory:
    """The points an optimizer visited and the loss at each.

    ``points``: shape ``(n + 1, *start.shape)``, ``points[0]`` the start, ``points[k]`` the
    parameters after ``k`` updates (for Nesterov: the look-ahead points, where gradients are
    evaluated). ``losses``: shape ``(n + 1,)``, ``losses[k] = f(points[k])``.
    """

    points: np.ndarray
    losses: np.ndarray

    def __post_init__(self):
        points = validate.array("points", self.points)
        losses = validate.array("losses", self.losses, ndim=1)
        if points.ndim < 1 or len(points) != len(losses):
            raise ValueError(
                f"points and losses must hold one entry per visited point, got shapes "
                f"{points.shape} and {losses.shape}"
            )
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "losses", losses)

    @property
    def steps(self) -> int:
        """The number of updates ``n``."""
        return len(self.losses) - 1


def _surface(surface):
    """``surface`` when it can be minimised: callable, with a ``grad`` method."""
    if not (callable(surface) and callable(getattr(surface, "grad", None))):
        raise TypeError(
            "surface must be a helpers.surfaces.Surface (callable, with a .grad method), "
            f"got {type(surface).__name__}"
        )
    return surface


def _point(name: str, value) -> np.ndarray:
    """A point of a surface: two finite numbers ``(x, y)``."""
    p = validate.array(name, value)
    if p.shape != (2,):
        raise ValueError(f"{name} must be a point (x, y) of shape (2,), got shape {p.shape}")
    return p


def minimize(surface, optimizer: Optimizer, start, steps: int) -> Trajectory:
    """Run ``optimizer`` on ``surface`` (a ``helpers.surfaces.Surface``) for ``steps`` updates.

    Starts at ``start`` (shape ``(2,)``) and returns the :class:`Trajectory`. Each call is a new
    run, so ``optimizer`` must be fresh (``opt.t == 0``): one that has already made updates
    carries their state (velocity, moments, ``t``), and continuing from it would silently give
    another answer for the same call — a ``ValueError`` asks for a new optimizer instead. If
    the run diverges (:func:`descend`'s rule), raises ``helpers.DivergenceError`` for the first
    such step; the finite part of the run is attached to the error as ``error.trajectory`` (so a
    figure can still draw it).
    """
    _surface(surface)
    _fresh(optimizer, "minimize")
    steps = validate.integer("steps", steps, 0)
    theta = _point("start", start).copy()
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
        check_loss(losses[-1], steps, losses[0], losses[-2] if steps else None, hint)
    except DivergenceError as error:
        k = error.step
        error.trajectory = Trajectory(np.array(points[:k]), np.array(losses[:k]))
        raise
    return Trajectory(np.array(points), np.array(losses))


def _fresh(optimizer, caller: str) -> Optimizer:
    """``optimizer`` when it has made no update yet: ``caller`` starts a new run, and the state
    of earlier updates (velocity, moments, ``t``) would silently carry into it."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be one of SGD, AdaGrad, RMSProp, Adam, got {type(optimizer).__name__}"
        )
    if optimizer.t:
        raise ValueError(
            f"optimizer has already made {optimizer.t} updates, and its state would carry into "
            f"this run; {caller} starts a new run: pass a new optimizer (e.g. {optimizer!r})"
        )
    return optimizer


def _rate_text(optimizer: Optimizer) -> str:
    lr = optimizer.learning_rate
    return f"{lr:.3g}" if not callable(lr) else "the schedule's"


def steps_to(condition) -> int | None:
    """The number of updates until ``condition`` first holds (the first index where the boolean
    array is true), or None if it never does.

    E.g. ``steps_to(trajectory.losses < 1e-4)``.
    """
    c = np.asarray(condition)
    if c.dtype != bool:
        raise TypeError(
            "condition must be a boolean array such as trajectory.losses < 1e-4, "
            f"got {type(condition).__name__} of dtype {c.dtype}"
        )
    if c.ndim != 1:
        raise ValueError(f"condition must be a 1-D boolean array, got shape {c.shape}")
    hits = np.flatnonzero(c)
    return int(hits[0]) if hits.size else None


def updates(optimizer: Optimizer, grads, start=0.0) -> np.ndarray:
    """The updates ``Δθ`` an optimizer makes when fed a given sequence of gradients.

    ``grads`` has shape ``(steps, ...)``: row ``k`` is the gradient of update ``k``. One
    parameter array of shape ``grads.shape[1:]`` starts at ``start`` and receives them in turn.
    Every rule works element by element, so e.g. a row of four different gradients gives four
    independent runs at once. Returns ``Δθ`` of the same shape as ``grads``. An update that
    overflows raises :class:`helpers.DivergenceError` naming it. Like :func:`minimize`, each
    call is a new run: ``optimizer`` must not have made updates yet.
    """
    _fresh(optimizer, "updates")
    g = validate.array("grads", grads)
    if g.ndim < 1:
        raise ValueError(f"grads must have shape (steps, ...), one row per update, got {g.shape}")
    start = validate.array("start", start)
    try:
        theta = np.broadcast_to(start, g.shape[1:]).copy()
    except ValueError:
        raise ValueError(
            f"start must be a number or an array of shape {g.shape[1:]} (one row of grads), "
            f"got shape {start.shape}"
        ) from None
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
    _surface(surface)
    theta, v = _point("theta", theta), _point("v", v)
    alpha = validate.positive("learning_rate", learning_rate)
    beta = validate.unit_interval("momentum", momentum)
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
    lam = validate.array("curvature", curvature)
    if lam.ndim > 1:
        raise ValueError(f"curvature must be a number or a 1-D array, got shape {lam.shape}")
    lam = np.atleast_1d(lam)
    nesterov = validate.flag("nesterov", nesterov)
    rates = []
    for a_lam in alpha * lam:
        keep = 1 - a_lam if nesterov else 1.0  # Nesterov: the gradient at x + βv shrinks βv too
        step = np.array([[1 - a_lam, beta * keep], [-a_lam, beta * keep]])  # (x, v) → (x, v)
        rates.append(float(np.abs(np.linalg.eigvals(step)).max()))
    return np.array(rates) if np.ndim(curvature) else float(rates[0])
