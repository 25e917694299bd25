"""Learning-rate schedules: a learning rate as a function of the update number.

A schedule is a callable object, ``schedule(k)``, that returns the learning rate ``α_k`` used by
update number ``k`` (0 for the first update, as in Keras, PyTorch and optax). ``k`` may be an
``int`` or an integer NumPy array, so a whole curve is one call::

    >>> from helpers.schedules import CosineDecay
    >>> cosine = CosineDecay(0.1, decay_steps=1000, alpha=0.01)
    >>> cosine(0), cosine(1000)
    (0.1, 0.001)
    >>> curve = cosine(np.arange(1001))          # shape (1001,)

The classes, their arguments, defaults and values are those of ``tf.optimizers.schedules``
(Keras 3), which the lecture names; ``InverseSquareRootDecay``, ``PowerDecay`` (the lecture's
``c/i^p``), ``Constant`` and ``Warmup`` are additions. Every schedule is accepted as the
``learning_rate`` of every ``helpers.optimizers`` class; wherever the course asks for "a rate or
a schedule", it means a positive number or one of these objects. Notebook 06 (section 9) lists
the PyTorch schedulers that give the same rates; :class:`PyTorchMomentum` is SGD with momentum
stored as PyTorch stores it, which under a schedule is not the same as Keras' (and
``helpers.optimizers.SGD``'s) velocity (:func:`momentum_step_lengths` shows by how much).

Lecture: Milan Straka, NPFL114 lecture 2 "Training Neural Networks", section "Learning Rate
Schedules"; the Robbins–Monro conditions are in "Stochastic Gradient Descent Convergence".
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real

import numpy as np

from helpers import DivergenceError, optimizers, validate

__all__ = [
    "KINDS",
    "Constant",
    "CosineDecay",
    "CosineDecayRestarts",
    "ExponentialDecay",
    "InverseSquareRootDecay",
    "InverseTimeDecay",
    "PiecewiseConstantDecay",
    "PolynomialDecay",
    "PowerDecay",
    "PyTorchMomentum",
    "Schedule",
    "Warmup",
    "design",
    "learning_rates",
    "momentum_step_lengths",
    "noisy_quadratic",
    "robbins_monro_sums",
]


# --- the schedules ------------------------------------------------------------------------------


class Schedule:
    """Base class: ``schedule(step)`` checks the update numbers, then evaluates the formula.

    Subclasses implement ``_rate(k)`` for a float64 array ``k`` of update numbers (already
    checked to be whole numbers >= 0), returning an array of the same shape.
    """

    def __call__(self, step):
        """The learning rate of update ``step`` (0 for the first): a float for an int, an
        array of the same shape for an integer array."""
        k, scalar = _steps(step)
        values = np.asarray(self._rate(k), dtype=np.float64)
        return float(values) if scalar else values

    def _rate(self, k: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError


def _steps(step, name: str = "step") -> tuple[np.ndarray, bool]:
    """The update numbers ``step`` as a float array, and whether a single number was given."""
    k = np.asarray(step)
    integral = k.dtype.kind in "iu" or (
        k.dtype.kind == "f" and bool(np.all(np.isfinite(k))) and bool(np.all(k == np.floor(k)))
    )
    if not integral or isinstance(step, bool | np.bool_):
        raise TypeError(
            f"{name} must be an int or an array of ints (the number of updates already done), "
            f"got {type(step).__name__} {step!r}"
        )
    if k.size and k.min() < 0:
        raise ValueError(
            f"{name} must be >= 0 (0 is the first update), got {int(k.min())}"
            + ("" if k.ndim == 0 else " in the array")
        )
    return k.astype(np.float64), k.ndim == 0


def _check(schedule: Schedule, check: Callable, *arguments: str) -> None:
    """Apply ``check`` (a :mod:`helpers.validate` function) to each named argument of
    ``schedule``; a bad one raises with both names, e.g. ``CosineDecay: decay_steps must be a
    finite number > 0, got 0``."""
    for argument in arguments:
        check(f"{type(schedule).__name__}: {argument}", getattr(schedule, argument))


def _fraction(name: str, value) -> float:
    allowed = "a number in [0, 1] (the final fraction of the rate)"
    return validate.real(name, value, allowed, lambda v: 0 <= v <= 1)


def _cosine(fraction, alpha: float, height=1.0):
    """One cosine arc from ``height`` down to 0, lifted to end at ``alpha``:
    ``(1 − alpha)·height·½(1 + cos(π·fraction)) + alpha``."""
    return (1 - alpha) * (height * 0.5 * (1 + np.cos(np.pi * fraction))) + alpha


@dataclass(frozen=True)
class Constant(Schedule):
    """The same learning rate for every update: ``α_k = learning_rate``."""

    learning_rate: float

    def __post_init__(self):
        _check(self, validate.positive, "learning_rate")

    def _rate(self, k):
        return np.full_like(k, self.learning_rate)


@dataclass(frozen=True)
class PowerDecay(Schedule):
    """The lecture's step sizes ``α_i = c/i^p``, ``i = 1, 2, …``: update ``k`` uses
    ``α_k = initial_learning_rate / (k + 1)^power``.

    ``power=0`` is a constant rate (:class:`Constant`), ``power=0.5`` the inverse square root
    decay (:class:`InverseSquareRootDecay`) and ``power=1`` the harmonic ``c/i``. The
    Robbins–Monro conditions hold exactly for ``1/2 < power ≤ 1``
    (:func:`helpers.sgd.satisfies_robbins_monro`).
    """

    initial_learning_rate: float
    power: float

    def __post_init__(self):
        _check(self, validate.positive, "initial_learning_rate")
        _check(self, validate.nonnegative, "power")

    def _rate(self, k):
        i = k + 1  # the lecture counts updates from i = 1
        return self.initial_learning_rate / i**self.power


@dataclass(frozen=True)
class PolynomialDecay(Schedule):
    """``α_k = (α₀ − α_end)·(1 − min(k, T)/T)^power + α_end`` with ``T = decay_steps``.

    ``power=1`` is the lecture's **linear decay** ``α₀·(1 − t/max steps)`` (with
    ``end_learning_rate=0``). After ``T`` steps the rate stays at ``end_learning_rate``. With
    ``cycle=True``, ``T`` is replaced by the first multiple of ``decay_steps`` that is ``>= k``
    (``decay_steps`` itself at ``k = 0``): the rate jumps back up but never to ``α₀``.
    """

    initial_learning_rate: float
    decay_steps: float
    end_learning_rate: float = 0.0001
    power: float = 1.0
    cycle: bool = False

    def __post_init__(self):
        _check(self, validate.positive, "initial_learning_rate", "decay_steps", "power")
        _check(self, validate.nonnegative, "end_learning_rate")
        _check(self, validate.flag, "cycle")

    def _rate(self, k):
        lr0, end, T = self.initial_learning_rate, self.end_learning_rate, self.decay_steps
        if self.cycle:
            T = T * np.maximum(np.ceil(k / T), 1)  # the first multiple of decay_steps >= k
        else:
            k = np.minimum(k, T)
        return (lr0 - end) * (1 - k / T) ** self.power + end


@dataclass(frozen=True)
class ExponentialDecay(Schedule):
    """``α_k = α₀·decay_rate^(k / decay_steps)``; with ``staircase=True`` the exponent is
    ``floor(k / decay_steps)``, so the rate drops by ``decay_rate`` once every ``decay_steps``.

    The lecture's ``α₀·c^t`` is ``decay_steps=1, decay_rate=c``.
    """

    initial_learning_rate: float
    decay_steps: float
    decay_rate: float
    staircase: bool = False

    def __post_init__(self):
        _check(self, validate.positive, "initial_learning_rate", "decay_steps", "decay_rate")
        _check(self, validate.flag, "staircase")

    def _rate(self, k):
        p = k / self.decay_steps
        if self.staircase:
            p = np.floor(p)
        return self.initial_learning_rate * self.decay_rate**p


@dataclass(frozen=True)
class InverseTimeDecay(Schedule):
    """``α_k = α₀ / (1 + decay_rate·k / decay_steps)`` (``floor(k / decay_steps)`` with
    ``staircase=True``). For large ``k`` it falls like ``1/k``: the classic schedule that meets
    the Robbins–Monro conditions."""

    initial_learning_rate: float
    decay_steps: float
    decay_rate: float
    staircase: bool = False

    def __post_init__(self):
        _check(self, validate.positive, "initial_learning_rate", "decay_steps")
        _check(self, validate.nonnegative, "decay_rate")
        _check(self, validate.flag, "staircase")

    def _rate(self, k):
        p = k / self.decay_steps
        if self.staircase:
            p = np.floor(p)
        return self.initial_learning_rate / (1 + self.decay_rate * p)


@dataclass(frozen=True)
class CosineDecay(Schedule):
    """Half a cosine from ``α₀`` down to ``alpha·α₀`` over ``decay_steps`` updates, then flat:
    ``α_k = α₀·((1 − alpha)·½(1 + cos(π·min(k, T)/T)) + alpha)`` with ``T = decay_steps``.

    **Warm-up** (``warmup_target`` given): for ``k < W = warmup_steps`` the rate rises linearly,
    ``α₀ + (warmup_target − α₀)·k/W``; from ``k = W`` on it is the cosine above started from
    ``warmup_target`` and evaluated at ``k − W``. ``initial_learning_rate`` may then be 0 (the
    usual choice). Keras silently ignores ``warmup_steps`` without a ``warmup_target``; here that
    combination is an error.
    """

    initial_learning_rate: float
    decay_steps: float
    alpha: float = 0.0
    warmup_target: float | None = None
    warmup_steps: float = 0

    def __post_init__(self):
        _check(self, validate.positive, "decay_steps")
        _check(self, _fraction, "alpha")
        _check(self, validate.nonnegative, "warmup_steps")
        if self.warmup_target is not None:
            _check(self, validate.nonnegative, "initial_learning_rate")  # the warm-up's start
            _check(self, validate.positive, "warmup_target")
            return
        _check(self, validate.positive, "initial_learning_rate")
        if self.warmup_steps != 0:
            raise ValueError(
                f"CosineDecay: warmup_steps={self.warmup_steps!r} needs warmup_target (the rate "
                "the warm-up climbs to); give warmup_target, or leave warmup_steps=0"
            )

    def _rate(self, k):
        T, alpha = self.decay_steps, self.alpha
        if self.warmup_target is None:
            return self.initial_learning_rate * _cosine(np.minimum(k, T) / T, alpha)
        lr0, target, W = self.initial_learning_rate, self.warmup_target, self.warmup_steps
        decay = target * _cosine(np.minimum(np.maximum(k - W, 0), T) / T, alpha)
        if W == 0:
            return decay
        warmup = lr0 + (target - lr0) * k / W  # used for k < W only
        return np.where(k < W, warmup, decay)


@dataclass(frozen=True)
class CosineDecayRestarts(Schedule):
    """Cosine decay with warm restarts (SGDR, Loshchilov & Hutter 2017).

    Cycle ``i = 0, 1, 2, …`` lasts ``T₀·t_mulⁱ`` updates (``T₀ = first_decay_steps``); inside
    it, at fraction ``f`` of the cycle, ``α = α₀·((1 − alpha)·m_mulⁱ·½(1 + cos(πf)) + alpha)``.
    At the first update of a cycle the rate jumps back up to ``α₀·((1 − alpha)·m_mulⁱ + alpha)``.

    The cycle is found as Keras does (``i = floor(log(1 − (k/T₀)(1 − t_mul)) / log t_mul)``)
    and then corrected when rounding put ``k`` on the wrong side of a restart, so restarts
    happen at exactly the right update.
    """

    initial_learning_rate: float
    first_decay_steps: float
    t_mul: float = 2.0
    m_mul: float = 1.0
    alpha: float = 0.0

    def __post_init__(self):
        _check(self, validate.positive, "initial_learning_rate", "first_decay_steps")
        _check(self, _at_least_one, "t_mul")
        _check(self, validate.nonnegative, "m_mul")
        _check(self, _fraction, "alpha")

    def cycles(self, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For update numbers ``k`` (an int or an integer array): the cycle index ``i`` and the
        fraction ``f ∈ [0, 1)`` of that cycle already done."""
        f = _steps(k, "k")[0] / self.first_decay_steps
        t = self.t_mul
        if t == 1:
            i = np.floor(f)
            return i, f - i
        i = np.floor(np.log1p(f * (t - 1)) / math.log(t))

        def start(i):  # where cycle i starts, in units of T₀: 1 + t + … + t^(i−1)
            return (t**i - 1) / (t - 1)

        i = np.where(f < start(i), i - 1, i)  # rounding put k after a restart it has not reached
        i = np.where(f >= start(i + 1), i + 1, i)  # … or before one it has reached
        return i, (f - start(i)) / t**i

    def _rate(self, k):
        i, f = self.cycles(k)
        return self.initial_learning_rate * _cosine(f, self.alpha, height=self.m_mul**i)


def _at_least_one(name: str, value) -> float:
    return validate.real(name, value, "a number >= 1 (cycles never get shorter)", lambda v: v >= 1)


@dataclass(frozen=True)
class PiecewiseConstantDecay(Schedule):
    """Constant pieces: ``values[0]`` for ``k <= boundaries[0]``, ``values[i]`` for
    ``boundaries[i−1] < k <= boundaries[i]``, ``values[-1]`` for ``k > boundaries[-1]``.

    Note the ``<=``: the new value is first used at update ``boundary + 1`` (Keras). PyTorch's
    ``MultiStepLR`` and optax switch one update earlier, at ``k = boundary``.
    """

    boundaries: tuple
    values: tuple

    def __post_init__(self):
        name = "PiecewiseConstantDecay"
        try:
            b, v = list(self.boundaries), list(self.values)
        except TypeError:
            raise TypeError(
                f"{name}: boundaries and values must be lists of numbers, "
                f"got {self.boundaries!r} and {self.values!r}"
            ) from None
        for i, x in enumerate(b):
            validate.real(f"{name}: boundaries[{i}]", x)
        for i, x in enumerate(v):
            validate.nonnegative(f"{name}: values[{i}]", x)
        if not b:
            raise ValueError(f"{name}: boundaries must list at least one step, got {b!r}")
        if any(x >= y for x, y in itertools.pairwise(b)):
            raise ValueError(f"{name}: boundaries must be strictly increasing, got {b!r}")
        if len(v) != len(b) + 1:
            raise ValueError(
                f"{name}: values must have len(boundaries) + 1 = {len(b) + 1} entries "
                f"(one per piece), got {len(v)}: {v!r}"
            )
        object.__setattr__(self, "boundaries", tuple(b))
        object.__setattr__(self, "values", tuple(v))

    def _rate(self, k):
        piece = np.searchsorted(self.boundaries, k, side="left")  # boundaries[piece − 1] < k
        return np.asarray(self.values, dtype=np.float64)[piece]


@dataclass(frozen=True)
class InverseSquareRootDecay(Schedule):
    """The lecture's inverse square root decay ``α = α_initial / sqrt(t)`` with ``t = k + 1``.

    With ``warmup_steps = W > 0`` it is ``α_initial·min(t/W, sqrt(W/t))``: a linear warm-up
    that peaks at ``α_initial`` at ``t = W``, then ``1/sqrt(t)`` — the schedule of the
    Transformer (Vaswani et al. 2017), up to how the peak is scaled.
    """

    initial_learning_rate: float
    warmup_steps: float = 0

    def __post_init__(self):
        _check(self, validate.positive, "initial_learning_rate")
        _check(self, validate.nonnegative, "warmup_steps")

    def _rate(self, k):
        t, lr0, W = k + 1, self.initial_learning_rate, self.warmup_steps
        if W == 0:
            return lr0 / np.sqrt(t)
        return lr0 * np.minimum(t / W, np.sqrt(W / t))


@dataclass(frozen=True)
class Warmup(Schedule):
    """A linear warm-up in front of any schedule: for ``k < W = warmup_steps`` the rate rises
    from ``initial_learning_rate`` to ``schedule(0)``, then it is ``schedule(k − W)``.

    ``Warmup(CosineDecay(target, T, alpha), W)`` equals
    ``CosineDecay(0.0, T, alpha, warmup_target=target, warmup_steps=W)``.
    """

    schedule: Schedule
    warmup_steps: float
    initial_learning_rate: float = 0.0

    def __post_init__(self):
        if not isinstance(self.schedule, Schedule):
            raise TypeError(
                f"Warmup: schedule must be a helpers.schedules schedule, got {self.schedule!r}"
            )
        _check(self, validate.nonnegative, "warmup_steps", "initial_learning_rate")

    def _rate(self, k):
        lr0, W = self.initial_learning_rate, self.warmup_steps
        after = self.schedule._rate(np.maximum(k - W, 0))
        if W == 0:
            return after
        peak = self.schedule._rate(np.zeros(()))
        warmup = lr0 + (peak - lr0) * k / W  # used for k < W only
        return np.where(k < W, warmup, after)


# --- building, analysing and trying out schedules ----------------------------------------------

KINDS = (
    "constant",
    "linear",
    "exponential",
    "cosine",
    "cosine restarts",
    "inverse time",
    "inverse sqrt",
)


def design(
    kind: str,
    initial_learning_rate: float,
    final_learning_rate: float,
    steps: int,
    warmup_steps: int = 0,
) -> Schedule:
    """A schedule of the given ``kind`` that falls from ``initial_learning_rate`` to
    ``final_learning_rate`` over ``steps`` updates, after ``warmup_steps`` of linear warm-up
    from 0: update ``warmup_steps`` uses the initial rate, update ``warmup_steps + steps`` the
    final one.

    Kinds (:data:`KINDS`): ``"constant"`` (ignores the final rate), ``"linear"``
    (:class:`PolynomialDecay`, power 1), ``"exponential"``, ``"cosine"`` (Keras' own warm-up),
    ``"cosine restarts"`` (three cycles of 1, 2 and 4 sevenths of ``steps``, each falling to the
    final rate; a fourth begins at update ``warmup_steps + steps``), ``"inverse time"`` and
    ``"inverse sqrt"`` (``α₀/sqrt(t)`` with its own warm-up peaking at
    ``initial_learning_rate``; it does not use the final rate).
    """
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    lr0 = validate.positive("initial_learning_rate", initial_learning_rate)
    end = validate.positive("final_learning_rate", final_learning_rate)
    n = validate.integer("steps", steps, 1)
    w = validate.integer("warmup_steps", warmup_steps, 0)
    if kind in ("cosine", "cosine restarts") and end > lr0:
        raise ValueError(
            f"a {kind} schedule needs final_learning_rate <= initial_learning_rate, "
            f"got {end!r} > {lr0!r}"
        )
    if kind == "inverse sqrt":
        return InverseSquareRootDecay(lr0, warmup_steps=w)
    if kind == "cosine":
        if w == 0:
            return CosineDecay(lr0, n, alpha=end / lr0)
        return CosineDecay(0.0, n, alpha=end / lr0, warmup_target=lr0, warmup_steps=w)
    schedule = {
        "constant": lambda: Constant(lr0),
        "linear": lambda: PolynomialDecay(lr0, n, end_learning_rate=end, power=1.0),
        "exponential": lambda: ExponentialDecay(lr0, n, decay_rate=end / lr0),
        "cosine restarts": lambda: CosineDecayRestarts(lr0, n / 7, t_mul=2.0, alpha=end / lr0),
        "inverse time": lambda: InverseTimeDecay(lr0, n, decay_rate=lr0 / end - 1.0),
    }[kind]()
    return Warmup(schedule, w) if w else schedule


def learning_rates(learning_rate, steps: int, *, name: str = "learning_rate") -> np.ndarray:
    """The rates ``α_0 … α_{steps−1}`` that updates ``0 … steps − 1`` use, shape ``(steps,)``.

    ``learning_rate`` is what every optimizer takes: a positive number (the same rate for every
    update) or a schedule (a callable ``step -> rate``, such as the classes above). Every rate
    must be a finite number ``>= 0``; otherwise ``ValueError`` names the first offending step.
    ``name`` is the argument's name in error messages (e.g. ``"learning_rates[2]"``).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be the argument's name (a string), got {name!r}")
    learning_rate = validate.learning_rate(learning_rate, name)
    k = np.arange(validate.integer("steps", steps, 0))
    if isinstance(learning_rate, Schedule):
        rates = learning_rate(k)
    elif callable(learning_rate):
        rates = np.array([_rate(learning_rate, int(step), name) for step in k], dtype=np.float64)
    else:
        rates = np.full(len(k), learning_rate)
    bad = np.flatnonzero(~(np.isfinite(rates) & (rates >= 0)))
    if bad.size:
        k = int(bad[0])
        raise ValueError(
            f"the schedule {name}({k}) returned {float(rates[k])!r}; "
            "a schedule must return a finite learning rate ≥ 0"
        )
    return rates


def _rate(schedule: Callable, step: int, name: str) -> float:
    """``schedule(step)``, which must be a real number."""
    alpha = schedule(step)
    if isinstance(alpha, bool | np.bool_) or not isinstance(alpha, Real):
        raise TypeError(
            f"the schedule {name}({step}) returned {type(alpha).__name__} {alpha!r}; "
            "a schedule must return a finite learning rate ≥ 0"
        )
    return float(alpha)


# --- momentum under a schedule: two ways to store the velocity ----------------------------------


class PyTorchMomentum(optimizers.Optimizer):
    """SGD with momentum as PyTorch's ``torch.optim.SGD(momentum=μ)`` stores it (dampening 0)::

        b ← μb + g            (a buffer of raw gradients)
        θ ← θ − α_k b         (the whole buffer scaled by *this* update's rate)

    ``helpers.optimizers.SGD`` stores Keras' velocity ``v ← βv − α_k g; θ ← θ + v`` instead, in
    which every past gradient keeps the rate of the update that added it. For a constant rate
    ``b = −v/α`` and the two are the same; under a schedule they differ. State: ``b``.
    """

    _state = ("b",)

    def __init__(self, learning_rate, momentum: float = 0.9):
        super().__init__(learning_rate)
        self.momentum = validate.unit_interval("momentum", momentum)

    def update(self, i, theta, g, alpha):
        mu, b = self.momentum, self.b
        b[i] = mu * b[i] + g  # b ← μb + g
        theta -= alpha * b[i]  # θ ← θ − α_k b

    def _describe(self):
        return f", momentum={self.momentum:g}"


def momentum_step_lengths(learning_rate, steps: int, momentum: float) -> dict[str, np.ndarray]:
    """How far momentum SGD moves at each of updates ``0 … steps − 1`` when every gradient is
    ``g = 1``, in the two conventions (arrays of shape ``(steps,)``):

    - ``"keras"`` (``helpers``, Keras): ``|v_k| = Σ_{j≤k} β^{k−j} α_j`` — old rates are kept;
    - ``"pytorch"``: ``α_k |b_k| = α_k Σ_{j≤k} β^{k−j}`` — the current rate rescales all.

    Both are the optimizers themselves (``optimizers.SGD`` and :class:`PyTorchMomentum`) fed
    ``steps`` gradients of 1, not a second copy of their update rules.
    """
    ones = np.ones((validate.integer("steps", steps, 1), 1))
    runs = {
        "keras": optimizers.SGD(learning_rate, momentum=momentum),
        "pytorch": PyTorchMomentum(learning_rate, momentum=momentum),
    }
    return {name: -optimizers.updates(opt, ones)[:, 0] for name, opt in runs.items()}


def robbins_monro_sums(learning_rate, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Partial sums ``Σ_{k<n} α_k`` and ``Σ_{k<n} α_k²`` for ``n = 1 … steps``, two arrays of
    shape ``(steps,)``; ``learning_rate`` is a number or a schedule.

    Robbins & Monro (1951): SGD on a convex loss converges when ``Σα = ∞`` and ``Σα² < ∞``.
    Partial sums over a long run show which way each sum goes.
    """
    alphas = learning_rates(learning_rate, validate.integer("steps", steps, 1))
    return np.cumsum(alphas), np.cumsum(alphas**2)


def noisy_quadratic(
    learning_rate,
    steps: int,
    *,
    curvatures=(1.0, 0.3, 0.1, 0.03, 0.01),
    noise: float = 0.1,
    start: float = 1.0,
) -> np.ndarray:
    """The expected loss of SGD on a noisy quadratic, after each of ``steps`` updates.

    A small model of the end of training (Zhang et al. 2019, "Which algorithmic choices matter
    at which batch sizes? Insights from a noisy quadratic model"): the loss is
    ``L(θ) = ½ Σ_i h_i θ_i²`` with curvatures ``h_i``, and each update sees the gradient
    ``h_i θ_i + ξ_i`` with independent noise ``ξ_i ~ N(0, noise²·h_i)``. SGD
    ``θ ← θ − α_k (hθ + ξ)`` then moves ``m_i = E[θ_i²]`` exactly by
    ``m_i ← (1 − α_k h_i)² m_i + α_k² noise² h_i``, so no sampling is needed.

    A constant rate ``α`` stalls at a noise floor of about ``α·noise²·Σh/4``; a decaying rate
    gets below it, but only if ``Σα_k`` stays large enough for the flat directions (small
    ``h_i``) to reach the minimum.

    ``learning_rate`` is a number or a schedule; every ``θ_i`` starts at ``start``. Returns
    ``E[L]`` of shape ``(steps + 1,)`` (index 0 is the start). Raises
    :class:`helpers.DivergenceError` when the loss overflows (``α h_i > 2`` for too long).
    """
    steps = validate.integer("steps", steps, 1)
    h = validate.array("curvatures", curvatures, ndim=1)
    if np.any(h <= 0):
        raise ValueError(f"curvatures must all be > 0, got {curvatures!r}")
    noise = validate.nonnegative("noise", noise)
    start = validate.real("start", start)
    alphas = learning_rates(learning_rate, steps)
    a = (1 - np.outer(alphas, h)) ** 2  # m_{k+1} = a_k·m_k + b_k, one row per update
    b = np.outer(alphas**2, noise**2 * h)
    m = np.empty((steps + 1, h.size))  # m[k] = E[θ²] after k updates, one column per h_i
    m[0] = start**2
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            m[k + 1] = a[k] * m[k] + b[k]
        loss = 0.5 * m @ h
    bad = np.flatnonzero(~np.isfinite(loss))
    if bad.size:
        first = int(bad[0])
        raise DivergenceError(
            first,
            float(loss[first - 1]),
            f"the rate exceeded 2/h = {2 / h.max():.3g} on the steepest direction for too long",
        )
    return loss
