"""Live demo for notebook 05 (optimizers), in the spirit of Distill's "Why Momentum Really
Works" (Goh 2017). Only wiring: :mod:`helpers.optimizers` computes, :mod:`helpers.plotting.
optimizers` draws.

- :func:`optimizer_demo` — the optimizer, the surface, the learning rate, β (momentum, RMSProp's
  β or Adam's β₁), Adam's β₂ and the number of steps: the trajectory on the contour plot,
  redrawn at once, titled with the hyper-parameters in use and the loss reached (or the step at
  which the run diverged). A slider the chosen optimizer does not use is disabled.
"""

from __future__ import annotations

import math

from helpers import DivergenceError, plotting, validate
from helpers import optimizers as opt
from helpers import surfaces as S
from helpers.plotting import _check_figure
from helpers.plotting import optimizers as draw
from helpers.widgets import dropdown, int_slider, live, slider

# name -> (surface, start). The banana and its start are Distill's first figure; the others
# are the races of the notebook.
SURFACES = {
    "banana (Distill)": (S.banana(), (-1.21, 0.853)),
    "long valley": (S.valley(), (-10.0, 1.0)),
    # the same valley and start, turned by 45°: (−10, 1) becomes (−11, −9)/√2
    "long valley, turned 45°": (S.rotated(S.valley(), 45), (-11 / math.sqrt(2), -9 / math.sqrt(2))),
    "Beale": (S.beale(), (1.0, 1.5)),
    "saddle": (S.saddle(), (1.5, 1e-6)),
    "bowl κ = 20": (S.quadratic(0.5, 10.0, bounds=((-10.0, 2.0), (-2.5, 2.5))), (-9.0, 1.5)),
}

# The sliders each optimizer reads, and the option of optimizers.make() each one sets (the
# other sliders are disabled in the panel and left out of the title): the β slider is the
# momentum of Momentum/Nesterov, RMSProp's β and Adam's β₁.
USES = {
    "SGD": {},
    "Momentum": {"beta": "momentum"},
    "Nesterov": {"beta": "momentum"},
    "AdaGrad": {},
    "RMSProp": {"beta": "beta"},
    "Adam": {"beta": "beta1", "beta2": "beta2"},
}
_SYMBOL = {"Adam": {"beta": "β₁", "beta2": "β₂"}}
MAX_STEPS = 10_000  # updates of one run (the slider goes to 500)


def draw_optimizer(
    optimizer="Momentum",
    surface="banana (Distill)",
    learning_rate=0.003,
    beta=0.74,
    beta2=0.999,
    steps=150,
    *,
    fig=None,
):
    """``optimizer`` (one of ``helpers.optimizers.NAMES``) on ``surface`` (a key of
    :data:`SURFACES`) for ``steps`` updates. ``beta`` is the momentum of Momentum/Nesterov,
    RMSProp's β and Adam's β₁; ``beta2`` is Adam's β₂; the optimizers that do not use them
    ignore them (see :data:`USES`). Returns the Figure: one panel, the trajectory on the
    contours, titled with the hyper-parameters in use and ``f − f*`` after the last step.
    ``fig``: the figure of the previous call, drawn into again (:func:`helpers.widgets.live`)."""
    optimizer = validate.choice("optimizer", optimizer, USES)
    surface = validate.choice("surface", surface, SURFACES)
    learning_rate = validate.positive("learning_rate", learning_rate)
    beta, beta2 = validate.unit_interval("beta", beta), validate.unit_interval("beta2", beta2)
    steps = validate.integer("steps", steps, 1, MAX_STEPS)
    fig = _check_figure("fig", fig, optional=True)
    f, start = SURFACES[surface]
    values = {"beta": beta, "beta2": beta2}
    options = {option: values[name] for name, option in USES[optimizer].items()}
    method = opt.make(optimizer, learning_rate, **options)
    try:
        traj = opt.minimize(f, method, start, steps)
        gap_start, gap = traj.losses[[0, -1]] - f(f.minimum)
        note = f"f − f* = {gap:.3g} after {steps} steps"
        if gap > 10 * gap_start:  # still finite, but running away
            note += " — diverging"
    except DivergenceError as err:
        traj = err.trajectory
        note = f"diverged at step {err.step}"
    symbols = _SYMBOL.get(optimizer, {"beta": "β"})
    used = "".join(f", {symbols[k]} = {values[k]:.3g}" for k in USES[optimizer])
    fig, ax = plotting.figure(reuse=fig)
    draw.contours(f, ax=ax)
    draw.path(traj.points, color=draw.OPTIMIZER_COLORS[optimizer], ax=ax)
    ax.set_title(f"{optimizer} (α = {learning_rate:.3g}{used}) on {f.name}\n{note}")
    return fig


def optimizer_demo():
    """Drop-downs and sliders for :func:`draw_optimizer` (defaults: Distill's first figure).
    Choosing an optimizer disables the β sliders it does not use."""
    controls = {
        "optimizer": dropdown(list(opt.NAMES), "Momentum", "optimizer"),
        "surface": dropdown(list(SURFACES), "banana (Distill)", "surface"),
        "learning_rate": slider(0.003, -4, 1, 0.05, "learning rate α", log=True),
        "beta": slider(0.74, 0.0, 0.99, 0.01, "β (β₁ for Adam)"),
        "beta2": slider(0.999, 0.9, 0.999, 0.001, "β₂ (Adam)", fmt=".3f"),
        "steps": int_slider(150, 10, 500, "steps", step=10),
    }

    def enable(change=None):
        uses = USES[controls["optimizer"].value]
        for name in ("beta", "beta2"):
            controls[name].disabled = name not in uses

    controls["optimizer"].observe(enable, names="value")
    enable()
    return live(draw_optimizer, controls)
