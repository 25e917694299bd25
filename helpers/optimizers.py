"""The lecture's optimizers — SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam — in NumPy.

Each optimizer keeps its state in public attributes named as in the lecture (``v``, ``r``,
``s``, one array per parameter, created by the first step) and the number of updates done so far
in ``t``. ``opt.step(params, grads)`` changes every array of ``params`` in place, with in-place
NumPy operations on preallocated buffers (no new arrays per step)::

    opt = Adam(learning_rate=0.001)
    for x, y in batches:
        grads = model.gradients(x, y)     # a list aligned with model.params
        opt.step(model.params, grads)

``learning_rate`` is a positive number or a schedule: any callable ``step -> float``
(``helpers.schedules``); update number ``t`` (0 for the first) uses ``learning_rate(t)``.

Reference: Milan Straka, NPFL114 lecture 2 "Training Neural Networks" (the pseudocode of each
rule); the framework conventions (PyTorch, Keras) are spelled out in each class's docstring.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Real

import numpy as np

from helpers import DivergenceError

__all__ = [
    "NAMES",
    "SGD",
    "AdaGrad",
    "Adam",
    "Optimizer",
    "RMSProp",
    "Trajectory",
    "first_step",
    "make",
    "minimize",
    "momentum_lookahead",
    "updates",
]


# ---------------------------------------------------------------------------------------------
# argument checks


def _check_learning_rate(learning_rate):
    if callable(learning_rate):
        return learning_rate
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, Real):
        raise TypeError(
            "learning_rate must be a positive number or a schedule (a callable step -> float), "
            f"got {type(learning_rate).__name__} {learning_rate!r}"
        )
    if not (math.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(
            f"learning_rate must be a finite number > 0 (or a schedule), got {learning_rate!r}"
        )
    return float(learning_rate)


def _check_unit(name: str, value) -> float:
    """A decay rate in [0, 1): momentum, beta, beta1, beta2."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number in [0, 1), got {type(value).__name__}")
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1) (0 ≤ {name} < 1), got {value!r}")
    return float(value)


def _check_epsilon(value) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"epsilon must be a number ≥ 0, got {type(value).__name__}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"epsilon must be a finite number ≥ 0, got {value!r}")
    return float(value)


def _check_bool(name: str, value) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _as_list(arrays, name: str) -> list:
    if isinstance(arrays, np.ndarray):
        return [arrays]
    if isinstance(arrays, list | tuple):
        return list(arrays)
    raise TypeError(
        f"{name} must be a NumPy array or a list of arrays, got {type(arrays).__name__}"
    )


# ---------------------------------------------------------------------------------------------
# the optimizers


class Optimizer:
    """What every optimizer shares: the learning rate (or schedule), the step counter ``t``,
    argument checks, and state arrays allocated once, on the first step.

    The state starts at zero; to start from another state, assign it before the first step
    (e.g. ``opt.v = [v0]``; ``opt.t`` may be set too, e.g. for Adam's bias correction).

    Subclasses name their state arrays in ``_state`` and implement ``_update`` for one
    parameter array ``theta`` with gradient ``g``, learning rate ``alpha`` and a scratch
    buffer ``tmp`` of the same shape.
    """

    _state: tuple[str, ...] = ()

    def __init__(self, learning_rate):
        self.learning_rate = _check_learning_rate(learning_rate)
        self.t = 0
        for name in self._state:
            setattr(self, name, [])
        self._tmp: list[np.ndarray] = []

    # -- public ------------------------------------------------------------------------------

    def step(self, params, grads) -> None:
        """One update of every array in ``params`` (in place) with the matching ``grads``.

        ``params``: a float array or a list of them; ``grads``: the same shapes in the same
        order. Returns None.
        """
        params = _as_list(params, "params")
        grads = _as_list(grads, "grads")
        if len(grads) != len(params):
            raise ValueError(f"got {len(params)} parameter arrays but {len(grads)} gradients")
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise TypeError(
                    f"params[{i}] must be a float NumPy array (it is updated in place), "
                    f"got {type(p).__name__} of {getattr(p, 'dtype', '?')}"
                )
            if not isinstance(g, np.ndarray):
                grads[i] = g = np.asarray(g, dtype=p.dtype)
            if g.shape != p.shape:
                raise ValueError(
                    f"grads[{i}] has shape {g.shape} but params[{i}] has shape {p.shape}"
                )
        if not self._tmp:
            self._allocate(params)
        elif len(params) != len(self._tmp) or any(
            p.shape != b.shape for p, b in zip(params, self._tmp, strict=True)
        ):
            before = [b.shape for b in self._tmp]
            now = [p.shape for p in params]
            raise ValueError(
                f"this optimizer was set up for parameters of shapes {before}, got {now}; "
                "create a new optimizer for a different model"
            )
        alpha = self.rate(self.t)
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            self._update(i, p, g, alpha, self._tmp[i])
        self.t += 1

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
        return f"{type(self).__name__}({self._describe()})"

    # -- for subclasses ----------------------------------------------------------------------

    def _allocate(self, params: Sequence[np.ndarray]) -> None:
        shapes = [p.shape for p in params]
        for name in self._state:
            given = getattr(self, name)
            if not len(given):
                setattr(self, name, [np.zeros_like(p) for p in params])
            elif [np.shape(a) for a in given] == shapes:  # a state set by hand: start from it
                start = [np.array(a, dtype=p.dtype) for a, p in zip(given, params, strict=True)]
                setattr(self, name, start)
            else:
                raise ValueError(
                    f"opt.{name} holds arrays of shapes {[np.shape(a) for a in given]}, "
                    f"but the parameters have shapes {shapes}"
                )
        self._tmp = [np.empty_like(p) for p in params]

    def _update(self, i: int, theta, g, alpha: float, tmp) -> None:  # pragma: no cover
        raise NotImplementedError

    def _describe(self) -> str:
        lr = self.learning_rate
        return f"learning_rate={lr:g}" if not callable(lr) else f"learning_rate={lr!r}"


def _divide_by_root(numerator, r, epsilon: float, inside: bool, out) -> None:
    """``out ← numerator / sqrt(r + ε)`` (inside) or ``numerator / (sqrt(r) + ε)`` (outside)."""
    if inside:
        np.add(r, epsilon, out=out)
        np.sqrt(out, out=out)
    else:
        np.sqrt(r, out=out)
        out += epsilon
    np.divide(numerator, out, out=out)


class SGD(Optimizer):
    """Minibatch SGD, with (Nesterov) momentum when ``momentum > 0`` (lecture defaults).

    - plain: ``θ ← θ − αg``
    - momentum: ``v ← βv − αg;  θ ← θ + v`` (the same as Keras; PyTorch keeps the buffer
      ``b = −v/α``, which is the same thing for a constant α).
    - Nesterov: the lecture evaluates the gradient at the look-ahead point ``θ + βv``. Here, as in
      Keras and PyTorch, ``params`` *are* that look-ahead point, so one update is
      ``v ← βv − αg;  θ ← θ + βv − αg`` with the new ``v`` (see REFERENCE.md for the mapping).

    State: ``v`` (one array per parameter; with ``momentum = 0`` it holds the last step ``−αg``).
    """

    _state = ("v",)

    def __init__(self, learning_rate, momentum: float = 0.0, nesterov: bool = False):
        super().__init__(learning_rate)
        self.momentum = _check_unit("momentum", momentum)
        self.nesterov = _check_bool("nesterov", nesterov)

    def _update(self, i, theta, g, alpha, tmp):
        v, beta = self.v[i], self.momentum
        if beta == 0.0:
            np.multiply(g, -alpha, out=v)  # v ← −αg
            theta += v  # θ ← θ + v
            return
        np.multiply(g, alpha, out=tmp)  # αg
        v *= beta
        v -= tmp  # v ← βv − αg
        if self.nesterov:
            theta -= tmp  # θ ← θ − αg ...
            np.multiply(v, beta, out=tmp)
            theta += tmp  # ... + βv  (params hold the next look-ahead point)
        else:
            theta += v  # θ ← θ + v

    def _describe(self):
        extra = f", momentum={self.momentum:g}" if self.momentum else ""
        return super()._describe() + extra + (", nesterov=True" if self.nesterov else "")


class AdaGrad(Optimizer):
    """AdaGrad (Duchi et al. 2011): ``r ← r + g²;  θ ← θ − αg / sqrt(r + ε)``, ``r`` from 0.

    ``epsilon_inside_sqrt=False`` divides by ``sqrt(r) + ε`` instead (PyTorch, with its default
    ``eps=1e-10``). Keras puts ε inside like the lecture but starts ``r`` at 0.1.
    State: ``r``.
    """

    _state = ("r",)

    def __init__(self, learning_rate, epsilon: float = 1e-7, epsilon_inside_sqrt: bool = True):
        super().__init__(learning_rate)
        self.epsilon = _check_epsilon(epsilon)
        self.epsilon_inside_sqrt = _check_bool("epsilon_inside_sqrt", epsilon_inside_sqrt)

    def _update(self, i, theta, g, alpha, tmp):
        r = self.r[i]
        np.multiply(g, g, out=tmp)
        r += tmp  # r ← r + g²
        _divide_by_root(g, r, self.epsilon, self.epsilon_inside_sqrt, out=tmp)  # g / sqrt(r + ε)
        tmp *= alpha
        theta -= tmp  # θ ← θ − α g / sqrt(r + ε)

    def _describe(self):
        return super()._describe() + _eps(self)


class RMSProp(Optimizer):
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
        super().__init__(learning_rate)
        self.beta = _check_unit("beta", beta)
        self.epsilon = _check_epsilon(epsilon)
        self.epsilon_inside_sqrt = _check_bool("epsilon_inside_sqrt", epsilon_inside_sqrt)

    def _update(self, i, theta, g, alpha, tmp):
        r, beta = self.r[i], self.beta
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - beta
        r *= beta
        r += tmp  # r ← βr + (1 − β)g²
        _divide_by_root(g, r, self.epsilon, self.epsilon_inside_sqrt, out=tmp)  # g / sqrt(r + ε)
        tmp *= alpha
        theta -= tmp  # θ ← θ − α g / sqrt(r + ε)

    def _describe(self):
        return super()._describe() + f", beta={self.beta:g}" + _eps(self)


class Adam(Optimizer):
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
        super().__init__(learning_rate)
        self.beta1 = _check_unit("beta1", beta1)
        self.beta2 = _check_unit("beta2", beta2)
        self.epsilon = _check_epsilon(epsilon)
        self.epsilon_inside_sqrt = _check_bool("epsilon_inside_sqrt", epsilon_inside_sqrt)
        self.bias_correction = _check_bool("bias_correction", bias_correction)

    def _update(self, i, theta, g, alpha, tmp):
        s, r, b1, b2 = self.s[i], self.r[i], self.beta1, self.beta2
        t = self.t + 1  # t ← t + 1
        np.multiply(g, 1.0 - b1, out=tmp)
        s *= b1
        s += tmp  # s ← β₁s + (1 − β₁)g
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - b2
        r *= b2
        r += tmp  # r ← β₂r + (1 − β₂)g²
        c1, c2 = (1.0 - b1**t, 1.0 - b2**t) if self.bias_correction else (1.0, 1.0)
        # θ ← θ − α ŝ/sqrt(r̂ + ε) with ŝ = s/c1, r̂ = r/c2. The corrections are scalars, so they
        # are folded into the step and ε instead of dividing whole arrays:
        #   ŝ/sqrt(r̂ + ε) = (sqrt(c2)/c1) · s/sqrt(r + c2·ε)
        #   ŝ/(sqrt(r̂) + ε) = (sqrt(c2)/c1) · s/(sqrt(r) + sqrt(c2)·ε)
        inside = self.epsilon_inside_sqrt
        eps = self.epsilon * (c2 if inside else math.sqrt(c2))
        _divide_by_root(s, r, eps, inside, out=tmp)
        tmp *= alpha * math.sqrt(c2) / c1
        theta -= tmp

    def _describe(self):
        text = super()._describe() + f", beta1={self.beta1:g}, beta2={self.beta2:g}" + _eps(self)
        return text + ("" if self.bias_correction else ", bias_correction=False")


def _eps(opt) -> str:
    where = "" if opt.epsilon_inside_sqrt else ", epsilon_inside_sqrt=False"
    return f", epsilon={opt.epsilon:g}{where}"


NAMES = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam")


def make(name: str, learning_rate, beta: float | None = None, beta2: float | None = None):
    """One of the six optimizers of the lecture by ``name`` (one of :data:`NAMES`).

    ``beta`` is the momentum of ``"Momentum"``/``"Nesterov"`` (default 0.9), RMSProp's ``β``
    and Adam's ``β₁``; ``beta2`` is Adam's ``β₂``. ``None`` keeps each class's default.
    """
    if name not in NAMES:
        raise ValueError(f"name must be one of {', '.join(NAMES)}, got {name!r}")
    b = {} if beta is None else {"beta": beta}
    if name == "SGD":
        return SGD(learning_rate)
    if name in ("Momentum", "Nesterov"):
        return SGD(learning_rate, b.get("beta", 0.9), nesterov=name == "Nesterov")
    if name == "AdaGrad":
        return AdaGrad(learning_rate)
    if name == "RMSProp":
        return RMSProp(learning_rate, **b)
    extra = {} if beta2 is None else {"beta2": beta2}
    return Adam(learning_rate, **({"beta1": beta} if beta is not None else {}), **extra)


# ---------------------------------------------------------------------------------------------
# running optimizers


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
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 0:
        raise ValueError(f"steps must be an integer ≥ 0, got {steps!r}")
    theta = np.array(start, dtype=np.float64)
    if not np.all(np.isfinite(theta)):
        raise ValueError(f"start must be finite, got {theta.tolist()}")
    points = np.empty((steps + 1, *theta.shape))
    losses = np.empty(steps + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            loss = float(surface(theta))
            if not (math.isfinite(loss) and np.all(np.isfinite(theta))):
                error = DivergenceError(
                    k,
                    float(losses[k - 1]) if k else None,
                    f"try a learning rate below {_rate_text(optimizer)}",
                )
                error.trajectory = Trajectory(points[:k].copy(), losses[:k].copy())
                raise error
            points[k] = theta
            losses[k] = loss
            if k < steps:
                optimizer.step(theta, surface.grad(theta))
    return Trajectory(points, losses)


def _rate_text(optimizer: Optimizer) -> str:
    lr = optimizer.learning_rate
    return f"{lr:.3g}" if not callable(lr) else "the schedule's"


def first_step(condition) -> int | None:
    """The first index where the boolean array ``condition`` holds, or None if it never does.

    E.g. ``first_step(trajectory.losses < 1e-4)``: the number of updates needed to get there.
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
        np.subtract(theta, before, out=out[k])
    return out


def momentum_lookahead(surface, theta, v, learning_rate: float, momentum: float) -> dict:
    """One momentum step and one Nesterov step from the same state, in the lecture's form.

    From parameters ``theta`` and velocity ``v`` (shape ``(2,)`` each):

    - ``"momentum"``: ``θ + βv − α∇f(θ)`` (gradient taken where we stand);
    - ``"lookahead"``: ``θ + βv`` (where momentum alone would carry us);
    - ``"nesterov"``: ``θ + βv − α∇f(θ + βv)`` (gradient taken at the look-ahead point).

    Returns a dict of these points and ``"theta"``; used to draw the lecture's Nesterov picture.
    """
    alpha = _check_learning_rate(learning_rate)
    if callable(alpha):
        raise TypeError("learning_rate must be a number here, not a schedule")
    beta = _check_unit("momentum", momentum)
    theta = np.asarray(theta, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    ahead = theta + beta * v
    return {
        "theta": theta,
        "momentum": ahead - alpha * surface.grad(theta),
        "lookahead": ahead,
        "nesterov": ahead - alpha * surface.grad(ahead),
    }
