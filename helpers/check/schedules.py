"""Exercises of notebook 06 (learning-rate schedules), checked against ``helpers.schedules``."""

from __future__ import annotations

import functools

import numpy as np

from helpers import schedules
from helpers.check import (
    Verdict,
    as_number,
    call,
    check_function,
    check_value,
    tolerances,
    typed,
)

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


_COSINE_CASES = [
    (0, 0.1, 1000, 0.0),
    (500, 0.1, 1000, 0.0),
    (250, 0.1, 1000, 0.01),
    (1000, 0.1, 1000, 0.01),
    (137, 2.0, 400, 0.5),
    (1500, 0.1, 1000, 0.01),
    (5000, 2.0, 400, 0.5),
]
_COSINE_MISTAKES = [
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
]


def cosine_decay(fn) -> Verdict:
    """``fn(step, initial_learning_rate, decay_steps, alpha)`` must equal Keras' CosineDecay."""
    return check_function(
        "cosine decay",
        fn,
        _cosine_reference,
        _COSINE_CASES,
        rtol=1e-9,
        atol=1e-12,
        mistakes=_COSINE_MISTAKES,
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


def _rates(schedule, n: int) -> np.ndarray | str | None:
    """``schedule(k)`` for the updates ``k = 0 … n − 1`` as an array (its float type kept) —
    called once on all of them, or one by one for a schedule written for one number — what is
    wrong with what it returned, or None for a draft that returns None."""
    try:
        rates = np.asarray(schedule(np.arange(n)))
    except Exception:  # a schedule written for one update at a time: called one by one below
        rates = None
    if rates is None or rates.shape != (n,):
        rates = []
        for k in range(n):
            rate = schedule(k)
            if rate is None:
                return None
            if np.size(rate) != 1:
                return (
                    f"your schedule must give one rate per update, got {typed(rate)} for k = {k}."
                )
            rates.append(np.asarray(rate).reshape(()))
        rates = np.array(rates)
    if rates.dtype.kind not in "biuf":
        return f"your schedule must return numbers; for k = 0: {typed(rates[0])}."
    return rates


def _drops(rates: np.ndarray) -> np.ndarray:
    """The first update of each new rate."""
    with np.errstate(invalid="ignore"):  # inf − inf in a student's rates: a change, too
        return np.flatnonzero(~np.isclose(np.diff(rates), 0.0, rtol=0.0, atol=1e-15)) + 1


_SHIFTED = {
    1: "Keras keeps values[i] through the boundary update itself (k ≤ boundary, section 8), "
    "while PyTorch's new epoch starts with the new rate: a boundary is the last update of the "
    "old rate, not the first update of the new one.",
    2: "the +1 of section 8 is for the other direction (Keras → PyTorch), and here it comes on "
    "top of Keras' own k ≤ boundary.",
    -1: "with k ≤ boundary (section 8) the boundary update itself still gets the old rate, and "
    "updates count from 0: your boundaries end the old rate before its epoch is over.",
}


def _port_feedback(rates: np.ndarray, want: np.ndarray, rtol: float) -> str:
    """Why ``rates`` differ from the recipe's ``want``, naming the typical mistake."""
    got_drops, want_drops = _drops(rates), _drops(want)
    if np.isin(got_drops, want_drops).all():  # flat wherever the recipe is: wrong values
        return (
            "your rate is flat where the recipe's is, but not at the same values: values are the "
            "rates themselves, lr·gamma^i, not the factor gamma."
        )
    if len(got_drops) == len(want_drops):
        plateaus_match = np.allclose(rates[np.r_[0, got_drops]], want[np.r_[0, want_drops]])
        shifts = set((got_drops - want_drops).tolist())
        if plateaus_match and np.all(got_drops < PORT["batches_per_epoch"]):
            return (
                "your rate drops within the first epoch: Keras boundaries count updates, and "
                f"one epoch here is {PORT['batches_per_epoch']} updates."
            )
        if plateaus_match and len(shifts) == 1 and next(iter(shifts)) in _SHIFTED:
            return _SHIFTED[next(iter(shifts))]
    first = int(np.flatnonzero(~np.isclose(rates, want, rtol=rtol, atol=0.0))[0])
    return (
        f"your rates first differ from the recipe's in epoch {first // PORT['batches_per_epoch']}."
        " Write down the update k at which each of the recipe's rates starts, and what your "
        "schedule gives at k − 1 and at k."
    )


def port_multistep(schedule) -> Verdict:
    """A Keras schedule (any callable ``k -> rate``) that gives each update of the PyTorch
    recipe of :data:`PORT` (``MultiStepLR`` stepped once per epoch) the same rate."""
    exercise = "PyTorch → Keras"
    if schedule is None or schedule is ...:
        return Verdict(exercise, None, "not answered yet — replace ... with a schedule.")
    if not callable(schedule):
        return Verdict(exercise, False, f"expected a schedule (a callable), got {typed(schedule)}.")
    want = _pytorch_rates()
    run = call(_rates, schedule, len(want))  # the student's schedule, time-limited
    if run.failure() is not None:
        return Verdict(exercise, False, f"calling your schedule {run.failure()}")
    if run.value is None:
        return Verdict(exercise, None, "not answered yet — your schedule returns None (finish it).")
    if isinstance(run.value, str):
        return Verdict(exercise, False, run.value)
    rtol, _ = tolerances(run.value.dtype, 1e-9, 0.0, 1.0)  # a float32 schedule: its precision
    rates = run.value.astype(np.float64)
    if np.allclose(rates, want, rtol=rtol, atol=0.0):
        return Verdict(exercise, True, f"correct — all {len(want)} updates get PyTorch's rate.")
    return Verdict(exercise, False, _port_feedback(rates, want, rtol))


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
        return f"(a) answer True or False, not {typed(satisfies)}."
    if bool(satisfies) == (0.5 < BUDGET["power"] <= 1):
        return None
    return (
        "(a) is not right: Σα and Σα² are p-series, and Σ 1/i^q converges exactly when q > 1; "
        f"compare q = {BUDGET['power']} and q = {2 * BUDGET['power']} with 1."
    )


def _loss_parts(power: float) -> tuple[float, float]:
    """The expected loss after the budget split into what is left of the start (the run without
    noise) and the noise floor (the run that starts at the minimum); they add up to the loss."""
    schedule = schedules.PowerDecay(BUDGET["initial_learning_rate"], power)
    left = schedules.noisy_quadratic(schedule, BUDGET["steps"], noise=0.0)[-1]
    noise = schedules.noisy_quadratic(schedule, BUDGET["steps"], start=0.0)[-1]
    return float(left), float(noise)


def _power_feedback(power) -> str | None:
    """None when ``power`` ends within 10 % of the best loss, else what the run shows."""
    p = as_number(power)
    if isinstance(p, str) or not 0 <= p <= 1.5:
        return f"(b) expected an exponent p between 0 and 1.5, got {typed(power)}."
    loss = _budget_loss(p)
    if loss <= 1.1 * float(_budget_losses().min()):
        return None
    mine = f"(b) p = {p:g} ends at {loss:.3g}, more than 10 % above the lowest loss a p reaches"
    if 0.5 < p <= 1:
        return (
            f"{mine}. It meets Robbins–Monro — but the conditions are about the limit, not "
            "about a budget of 1000 updates: try exponents outside (1/2, 1] too."
        )
    if p > 1:
        return f"{mine}: for p > 1 even Σα is finite — the rate stops moving early."
    left, noise = _loss_parts(p)
    if left > noise:
        return (
            f"{mine}. Most of it is what is left of the start: the rate falls before the flat "
            "directions (small curvature) have moved."
        )
    return f"{mine}. Most of it is noise: the rate stays high, and the loss sits at a noise floor."


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
    p, best = as_number(best_power), float(_budget_losses().min())
    return Verdict(
        exercise,
        True,
        f"correct — (a) and (b): p = {p:g} ends at {_budget_loss(p):.3g}"
        f" (the best p on a grid of 0.01 reaches {best:.3g}).",
    )


def _unanswered(x) -> bool:
    return x is None or x is ...
