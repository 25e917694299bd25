"""Exercises of notebook 06 (learning-rate schedules), checked against ``helpers.schedules``."""

from __future__ import annotations

import functools

import numpy as np

from helpers import schedules
from helpers.check import Verdict, check_function, check_value

__all__ = [
    "BUDGET",
    "PORT",
    "cosine_decay",
    "exponential_decay_rate",
    "port_multistep",
    "power_decay_budget",
]

# Exercise 1: ExponentialDecay(0.1, decay_steps=100, decay_rate=?) reaches 0.001 at update 1000.
_EXP = {"initial": 0.1, "target": 0.001, "decay_steps": 100, "at": 1000}


def exponential_decay_rate(answer) -> Verdict:
    """The ``decay_rate`` that makes ``ExponentialDecay(0.1, decay_steps=100, decay_rate)``
    reach 0.001 at update 1000."""
    lr0, target, ds, n = _EXP["initial"], _EXP["target"], _EXP["decay_steps"], _EXP["at"]
    # α_n = α₀·rate^(n/ds) = target  ⇔  rate = (target/α₀)^(ds/n)
    expected = (target / lr0) ** (ds / n)
    return check_value(
        "decay_rate for 0.1 → 0.001 in 1000 updates",
        answer,
        expected,
        rtol=1e-3,
        mistakes=[
            (target / lr0, "that ratio is reached after decay_steps updates, not after 1000."),
            ((target / lr0) ** (1 / n), "that is the factor per update (decay_steps=1)."),
            (target ** (ds / n), "the rate multiplies α₀: use the ratio target / initial."),
            ((lr0 / target) ** (ds / n), "a decay_rate above 1 makes the rate grow."),
        ],
        hint="Write α₁₀₀₀ = 0.1·decay_rate^(1000/100) and solve for decay_rate.",
    )


def _cosine_reference(step, initial_learning_rate, decay_steps, alpha):
    return schedules.CosineDecay(initial_learning_rate, decay_steps, alpha=alpha)(step)


def _cos(step, lr0, ds, alpha, *, clamp=True, half=0.5, pi=np.pi, scale_alpha=True):
    k = min(step, ds) if clamp else step
    shape = half * (1 + np.cos(pi * k / ds))
    return lr0 * ((1 - alpha) * shape + alpha) if scale_alpha else lr0 * (1 - alpha) * shape + alpha


def cosine_decay(fn) -> Verdict:
    """``fn(step, initial_learning_rate, decay_steps, alpha)`` must equal Keras' CosineDecay."""
    cases = [
        (0, 0.1, 1000, 0.0),
        (500, 0.1, 1000, 0.0),
        (250, 0.1, 1000, 0.01),
        (1000, 0.1, 1000, 0.01),
        (137, 2.0, 400, 0.5),
        (1500, 0.1, 1000, 0.01),
        (5000, 2.0, 400, 0.5),
    ]
    return check_function(
        "cosine decay",
        fn,
        _cosine_reference,
        cases,
        rtol=1e-9,
        atol=1e-12,
        mistakes=[
            (
                lambda *a: _cos(*a, half=1.0),
                "½(1 + cos) runs from 1 to 0; without the ½ the rate starts at twice α₀.",
            ),
            (
                lambda *a: _cos(*a, pi=1.0),
                "the argument of cos must run from 0 to π: multiply step/decay_steps by π.",
            ),
            (
                lambda *a: _cos(*a[:3], 0.0),
                "alpha is missing: the rate must end at alpha·α₀, not at 0.",
            ),
            (
                lambda *a: _cos(*a, scale_alpha=False),
                "alpha is a fraction of the initial rate: the floor is alpha·α₀, not alpha.",
            ),
            (
                lambda *a: _cos(*a, clamp=False),
                "after decay_steps the rate must stay at alpha·α₀ — use min(step, decay_steps) "
                "(PyTorch's CosineAnnealingLR climbs back up; Keras' CosineDecay does not).",
            ),
        ],
        hint="α = α₀·((1 − alpha)·½(1 + cos(π·min(step, T)/T)) + alpha).",
    )


# Exercise 3: port a PyTorch recipe whose MultiStepLR steps once per epoch to Keras.
PORT = {"lr": 0.1, "gamma": 0.1, "milestones": (30, 45), "epochs": 60, "batches_per_epoch": 100}


def _pytorch_rates() -> np.ndarray:
    """The rate of every update of the PyTorch recipe: ``MultiStepLR`` counts epochs, since its
    ``step()`` is called once per epoch; epoch ``e`` uses ``lr·gamma^(milestones ≤ e)``."""
    n = PORT["epochs"] * PORT["batches_per_epoch"]
    epoch = np.arange(n) // PORT["batches_per_epoch"]
    drops = (epoch[:, None] >= np.array(PORT["milestones"])).sum(axis=1)
    return PORT["lr"] * PORT["gamma"] ** drops


def _rates_of(schedule, n: int):
    """``schedule(0 … n − 1)`` as an array, or the text of what went wrong."""
    try:
        rates = np.asarray(schedule(np.arange(n)), dtype=float)
        if rates.shape != (n,):
            rates = np.array([float(schedule(k)) for k in range(n)])
    except Exception as err:  # the student's schedule may fail in any way
        return f"calling your schedule raised {type(err).__name__}: {err}"
    return rates


def _drops(rates: np.ndarray) -> np.ndarray:
    """The first update of each new rate."""
    return np.flatnonzero(~np.isclose(np.diff(rates), 0.0, rtol=0.0, atol=1e-15)) + 1


_LATE = {
    1: "each drop comes one update late: Keras keeps values[i] through the boundary update "
    "itself (k ≤ boundary, section 8), while PyTorch's new epoch starts with the new rate.",
    2: "each drop comes two updates late: the +1 of section 8 is for the other direction "
    "(Keras → PyTorch), and here it is added on top of Keras' own k ≤ boundary.",
    -1: "each drop comes one update early: Keras already switches after the boundary update.",
}


def _port_feedback(rates: np.ndarray, want: np.ndarray) -> str:
    """Why ``rates`` differ from the recipe's ``want``, naming the typical mistake."""
    got_drops, want_drops = _drops(rates), _drops(want)
    if np.isin(got_drops, want_drops).all():  # flat wherever the recipe is: wrong values
        return (
            "your rate is flat where the recipe's is, but not at the same values: values are the "
            "rates themselves, lr·gamma^i, not the factor gamma."
        )
    if len(got_drops) == len(want_drops):
        plateaus_match = np.allclose(rates[np.r_[0, got_drops]], want[np.r_[0, want_drops]])
        late = set((got_drops - want_drops).tolist())
        if plateaus_match and np.all(got_drops < PORT["batches_per_epoch"]):
            return (
                "your rate drops within the first epoch: Keras boundaries count updates, and "
                f"one epoch here is {PORT['batches_per_epoch']} updates."
            )
        if plateaus_match and len(late) == 1 and next(iter(late)) in _LATE:
            return _LATE[next(iter(late))]
    wrong = np.flatnonzero(~np.isclose(rates, want, rtol=1e-9, atol=0.0))
    k = int(wrong[0])
    return (
        f"your schedule gives another rate than the recipe at {len(wrong)} of {len(want)} "
        f"updates, the first at update {k} (epoch {k // PORT['batches_per_epoch']})."
    )


def port_multistep(schedule) -> Verdict:
    """A Keras schedule (any callable ``k -> rate``) that gives each update of the PyTorch
    recipe of :data:`PORT` (``MultiStepLR`` stepped once per epoch) the same rate."""
    exercise = "PyTorch → Keras"
    if schedule is None or schedule is ...:
        return Verdict(exercise, None, "not answered yet — replace ... with a schedule.")
    if not callable(schedule):
        return Verdict(exercise, False, f"expected a schedule (a callable), got {schedule!r}.")
    want = _pytorch_rates()
    rates = _rates_of(schedule, len(want))
    if isinstance(rates, str):
        return Verdict(exercise, False, rates)
    if np.allclose(rates, want, rtol=1e-9, atol=0.0):
        return Verdict(exercise, True, f"correct — all {len(want)} updates get PyTorch's rate.")
    return Verdict(exercise, False, _port_feedback(rates, want))


# Exercise 4: α_k = 0.5/(k + 1)^p — Robbins–Monro, and the best p within a budget.
BUDGET = {"initial_learning_rate": 0.5, "power": 0.75, "steps": 1000}
_POWERS = np.round(np.arange(0.0, 1.501, 0.01), 2)


@functools.cache
def _budget_losses() -> np.ndarray:
    """The expected loss of the noisy quadratic after the budget, for each of :data:`_POWERS`."""
    return np.array([_budget_loss(p) for p in _POWERS])


def _budget_loss(power: float) -> float:
    schedule = schedules.PowerDecay(BUDGET["initial_learning_rate"], power)
    return float(schedules.noisy_quadratic(schedule, BUDGET["steps"])[-1])


def _robbins_monro_feedback(satisfies) -> str | None:
    """None when ``satisfies`` is right, else why not."""
    if not isinstance(satisfies, bool | np.bool_):
        return f"(a) answer True or False, not {satisfies!r}."
    if bool(satisfies) == (0.5 < BUDGET["power"] <= 1):
        return None
    return (
        "(a) is not right: Σα and Σα² are p-series, and Σ 1/i^q converges exactly when q > 1; "
        f"compare q = {BUDGET['power']} and q = {2 * BUDGET['power']} with 1."
    )


def _power_feedback(power) -> str | None:
    """None when ``power`` ends within 10 % of the best loss, else why not."""
    if isinstance(power, bool) or not _is_number(power) or not 0 <= float(power) <= 1.5:
        return f"(b) expected an exponent p between 0 and 1.5, got {power!r}."
    losses = _budget_losses()
    best, loss = float(losses.min()), _budget_loss(float(power))
    if loss <= 1.1 * best:
        return None
    mine = f"(b) p = {float(power):g} ends at {loss:.3g}, {loss / best:.1f}× the best loss"
    if 0.5 < float(power) <= 1:
        return (
            f"{mine}. It meets Robbins–Monro — but the conditions are about the limit, not "
            "about a budget of 1000 updates: try exponents outside (1/2, 1] too."
        )
    if float(power) > 1:
        return f"{mine}: for p > 1 even Σα is finite — the rate stops moving early."
    if float(power) > float(_POWERS[losses.argmin()]):
        return f"{mine}: too large — the rate falls before the flat directions have moved."
    return f"{mine}: too small — the rate stays high and ends at its noise floor."


def power_decay_budget(satisfies, best_power) -> Verdict:
    """(a) whether ``α_k = 0.5/(k + 1)^0.75`` meets both Robbins–Monro conditions; (b) an
    exponent ``p`` whose ``PowerDecay(0.5, p)`` ends the noisy quadratic's 1000 updates within
    10 % of the lowest expected loss any ``p`` reaches."""
    exercise = "Robbins–Monro within a budget"
    parts = [(satisfies, _robbins_monro_feedback), (best_power, _power_feedback)]
    problems = [feedback(a) for a, feedback in parts if not _unanswered(a)]
    problems = [p for p in problems if p is not None]
    if problems:
        return Verdict(exercise, False, " ".join(problems))
    if all(_unanswered(a) for a, _ in parts):
        return Verdict(exercise, None, "not answered yet — replace both ... with your answers.")
    if any(_unanswered(a) for a, _ in parts):
        return Verdict(
            exercise, None, "not finished — answer both parts (what you have answered is right)."
        )
    best = float(_budget_losses().min())
    return Verdict(
        exercise,
        True,
        f"correct — (a) and (b): p = {float(best_power):g} ends at {_budget_loss(best_power):.3g}"
        f" (the best p on a grid of 0.01 reaches {best:.3g}).",
    )


def _unanswered(x) -> bool:
    return x is None or x is ...


def _is_number(x) -> bool:
    try:
        return np.isfinite(float(x))
    except (TypeError, ValueError, OverflowError):
        return False
