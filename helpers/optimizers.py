"""The lecture's optimizers — SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam — in NumPy.

Each optimizer keeps its state in public attributes named as in the lecture (``v``, ``r``,
``s``, one array per parameter, created by the first step) and the number of updates done so far
in ``t``. ``opt.step(params, grads)`` changes every array of ``params`` in place, with in-place
NumPy operations on buffers allocated by the first step (no new arrays per step)::

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

import contextvars
import functools
import itertools
import math
import operator
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from numbers import Real

import numpy as np

from helpers import DivergenceError, Packed

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

# A parameter array with more elements than this is updated in place on its own; the smaller
# ones next to each other (biases, small layers) are gathered and updated together, so that a
# model with many small arrays costs a handful of NumPy calls per step, not a dozen per array.
SMALL = 1 << 14

# A stretch of more numbers than this is split between the CPU's cores (at most four): NumPy lets
# go of the interpreter lock inside its loops, so the pieces really run at the same time, and
# every number is computed exactly as it would be in one piece. Only big models get there; the
# course's networks and surfaces stay in one piece on one core.
PARALLEL = 1 << 17


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@functools.cache
def _pool() -> ThreadPoolExecutor:
    workers = max(1, min(4, _cores()) - 1)  # the calling thread works on a piece too
    return ThreadPoolExecutor(workers, thread_name_prefix="helpers.optimizers")


class Optimizer:
    """What every optimizer shares: the learning rate (or schedule), the step counter ``t``,
    argument checks, and the state, allocated on the first step.

    The state of each rule (``v``; ``r``; ``s`` and ``r``) lives in one flat buffer per name;
    ``opt.v`` (etc.) is a list of views into that buffer, one per parameter array, with the
    parameter's shape. The state starts at zero; to start from another state, assign it before
    a step (e.g. ``opt.v = [v0]``; ``opt.t`` may be set too, e.g. for Adam's bias correction);
    arrays assigned this way are copied into the buffer.

    For every stretch of the buffers the rule computes the change ``Δθ`` with
    ``_update(g, alpha, tmp, out, *state)`` — ``g`` the stretch's gradient, ``tmp`` and ``out``
    scratch buffers of its length, ``state`` its part of each state buffer (in the order of
    ``_state``) — which returns the array holding ``Δθ``; then ``θ ← θ + Δθ``. When ``params``
    and ``grads`` are both :class:`helpers.Packed` (an ``MLP``'s parameters and the gradients
    its ``backward`` returns), the whole model is one stretch. Otherwise the stretches
    are *segments*: a parameter array larger than :data:`SMALL` alone (its gradient read in
    place), or a run of smaller ones (their gradients gathered by one ``np.concatenate``).
    Stretches longer than :data:`PARALLEL` are split between the CPU's cores.
    """

    _state: tuple[str, ...] = ()

    def __init__(self, learning_rate):
        self.learning_rate = _check_learning_rate(learning_rate)
        self.t = 0
        for name in self._state:
            setattr(self, name, [])
        self._shapes: tuple | None = None  # set up by the first step

    # -- public ------------------------------------------------------------------------------

    def step(self, params, grads) -> None:
        """One update of every array in ``params`` (in place) with the matching ``grads``.

        ``params``: a float array or a list (or tuple) of them; ``grads``: the same shapes in
        the same order. Returns None.
        """
        if (
            isinstance(params, Packed)
            and isinstance(grads, Packed)
            and params.shapes == grads.shapes
        ):
            if params.flat.dtype.kind != "f":
                raise TypeError(f"params must be float arrays, got {params.flat.dtype}")
            self._prepare(params)
            alpha = self.rate(self.t)
            self._apply(grads.flat, params.flat, alpha, *self._whole)
            self.t += 1
            return
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
        self._prepare(params)
        alpha = self.rate(self.t)
        for members, gathered, tmp, out, state in self._segments:
            if gathered is None:  # one array: its gradient as it is
                i = members[0][0]
                p, g = params[i], grads[i].reshape(-1)
                if p.flags.c_contiguous:  # a flat view of it can be updated piece by piece
                    self._apply(g, p.reshape(-1), alpha, tmp, out, state)
                    continue
            else:
                g = gathered
                np.concatenate([grads[i].reshape(-1) for i, _, _ in members], out=g)
            delta = self._update(g, alpha, tmp, out, *state)
            for i, a, b in members:
                p = params[i]
                p += delta[a:b].reshape(p.shape)  # θ ← θ + Δθ
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

    # -- the flat state ----------------------------------------------------------------------

    def _prepare(self, params: Sequence[np.ndarray]) -> None:
        """Allocate the state on the first step; later, check the shapes and adopt state
        assigned by hand."""
        if self._shapes is None:
            self._allocate(params)
        else:
            shapes = params.shapes if isinstance(params, Packed) else tuple(p.shape for p in params)
            if shapes != self._shapes:
                raise ValueError(
                    f"this optimizer was set up for parameters of shapes {list(self._shapes)}, "
                    f"got {list(shapes)}; create a new optimizer for a different model"
                )
        self._adopt_assigned_state()

    def _allocate(self, params: Sequence[np.ndarray]) -> None:
        """One zero buffer per state name with per-parameter views, and the segments."""
        self._shapes = tuple(p.shape for p in params)
        sizes = [p.size for p in params]
        starts = np.cumsum([0, *sizes]).tolist()
        dtype = np.result_type(*params)
        self._buffers = [np.zeros(starts[-1], dtype) for _ in self._state]
        self._views = {}
        for name, buffer in zip(self._state, self._buffers, strict=True):
            views = [
                buffer[a : a + p.size].reshape(p.shape)
                for a, p in zip(starts, params, strict=False)
            ]
            self._views[name] = (views, tuple(views))
        runs: list[list[int]] = []  # the arrays of each segment
        for i, size in enumerate(sizes):
            if size > SMALL or not runs or sizes[runs[-1][-1]] > SMALL:
                runs.append([i])
            else:
                runs[-1].append(i)
        tmp, out, gathered = (np.empty(starts[-1], dtype) for _ in range(3))
        self._whole = (tmp, out, tuple(self._buffers))
        self._segments = []
        for run in runs:
            lo, hi = starts[run[0]], starts[run[-1] + 1]
            members = [(i, starts[i] - lo, starts[i + 1] - lo) for i in run]
            self._segments.append(
                (
                    members,
                    gathered[: hi - lo] if len(run) > 1 else None,
                    tmp[lo:hi],
                    out[lo:hi],
                    tuple(buffer[lo:hi] for buffer in self._buffers),
                )
            )

    def _adopt_assigned_state(self) -> None:
        """Copy state arrays assigned by hand (``opt.v = [...]``) into the flat buffers."""
        for name in self._state:
            views, same = self._views[name]
            given = getattr(self, name)
            if given is views and len(views) == len(same) and all(map(operator.is_, views, same)):
                continue
            if not len(given):  # never assigned: keep the buffer (zeros before the first step)
                setattr(self, name, views)
                continue
            if tuple(np.shape(a) for a in given) != self._shapes:
                raise ValueError(
                    f"opt.{name} holds arrays of shapes {[np.shape(a) for a in given]}, "
                    f"but the parameters have shapes {list(self._shapes)}"
                )
            for view, a in zip(same, given, strict=True):
                view[...] = a
            views[:] = same
            setattr(self, name, views)

    def _apply(self, g, p, alpha: float, tmp, out, state) -> None:
        """``θ ← θ + Δθ`` over one stretch: ``g``, ``p`` (a flat view of the parameters),
        ``tmp``, ``out`` and each array of ``state`` are 1-D and equally long. A stretch longer
        than :data:`PARALLEL` is cut into one piece per core (at most four); the pieces run on
        threads, each in a copy of the caller's context (so ``np.errstate`` still applies)."""
        n = len(g)
        if n <= PARALLEL or (k := min(4, _cores())) == 1:
            p += self._update(g, alpha, tmp, out, *state)
            return

        def piece(a: int, b: int) -> None:
            p[a:b] += self._update(g[a:b], alpha, tmp[a:b], out[a:b], *(x[a:b] for x in state))

        first, *rest = itertools.pairwise([n * j // k for j in range(k + 1)])
        others = [_pool().submit(contextvars.copy_context().run, piece, a, b) for a, b in rest]
        piece(*first)  # the first piece on this thread
        for job in others:
            job.result()  # re-raises what a piece raised

    # -- for subclasses ----------------------------------------------------------------------

    def _update(self, g, alpha: float, tmp, out, *state):  # pragma: no cover
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

    def _update(self, g, alpha, tmp, out, v):
        beta = self.momentum
        if beta == 0.0:
            np.multiply(g, -alpha, out=v)  # v ← −αg
            return v  # θ ← θ + v
        np.multiply(g, alpha, out=tmp)  # αg
        v *= beta
        v -= tmp  # v ← βv − αg
        if not self.nesterov:
            return v  # θ ← θ + v
        np.multiply(v, beta, out=out)
        out -= tmp
        return out  # θ ← θ + βv − αg  (params hold the next look-ahead point)

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

    def _update(self, g, alpha, tmp, out, r):
        np.square(g, out=tmp)
        r += tmp  # r ← r + g²
        _divide_by_root(g, r, self.epsilon, self.epsilon_inside_sqrt, out=tmp)  # g/sqrt(r + ε)
        tmp *= -alpha
        return tmp  # θ ← θ − α g/sqrt(r + ε)

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

    def _update(self, g, alpha, tmp, out, r):
        beta = self.beta
        np.square(g, out=tmp)
        tmp *= 1.0 - beta
        r *= beta
        r += tmp  # r ← βr + (1 − β)g²
        _divide_by_root(g, r, self.epsilon, self.epsilon_inside_sqrt, out=tmp)  # g/sqrt(r + ε)
        tmp *= -alpha
        return tmp  # θ ← θ − α g/sqrt(r + ε)

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

    def _update(self, g, alpha, tmp, out, s, r):
        b1, b2 = self.beta1, self.beta2
        t = self.t + 1  # t ← t + 1
        np.multiply(g, 1.0 - b1, out=tmp)
        s *= b1
        s += tmp  # s ← β₁s + (1 − β₁)g
        np.square(g, out=tmp)
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
        tmp *= -(alpha * math.sqrt(c2) / c1)
        return tmp  # Δθ = −α ŝ/sqrt(r̂ + ε)

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
