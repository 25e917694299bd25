"""Benchmarks: how fast the course runs, each number measured beside its own floor (``make bench``).

Four groups, each timed with ``time.perf_counter`` after a warm-up, reported as medians:

- **notebooks**: every ``notebooks/NN_*.ipynb`` executed in a fresh kernel (nbclient), beside an
  imports-only notebook (the floor: kernel start and imports) in the same run. The runs are
  interleaved (floor, 01, …, 06, floor, 01, …) so that a noisy neighbour slows them alike.
  Budgets: each notebook ≤ 15 s, all six ≤ 60 s. Notebooks are read, never written.
- **demos**: every ``*_demo()`` panel in ``helpers.widgets.*`` built headless (Agg). Each
  slider or drop-down is set to several values across its range; one change is timed from
  setting ``.value`` (ipywidgets re-runs the drawing function synchronously) until the figure
  is rendered to PNG as the inline backend does. Budget per demo: median ≤ 100 ms, worst ≤ 250 ms.
- **training**: one step of ``MLP([64, 100, 10])`` at batch 50 (forward, softmax
  cross-entropy, backward, Adam) against the same step's matrix products alone. Budget ≤ 3×.
- **optimizers**: each optimizer updating 10⁶ parameters against one in-place ``p -= α·g``
  over the same arrays (the memory-traffic floor). Budget: Adam ≤ 5×.

A missing or failing notebook, demo or module is reported and the run goes on; the exit status
is 1 when any budget is missed or any measurement failed. The table goes to the terminal and
every record to ``build/bench/results.json``.

Usage: python tools/bench.py [--runs N] [--only GROUP[,GROUP]] [--out PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib
import inspect
import io
import json
import math
import os
import pkgutil
import platform
import statistics
import subprocess
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

# The same pinned threads as `make` exports, for runs outside make; numpy is imported lazily
# below, so these take effect in this process as well as in every kernel it starts.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "bench" / "results.json"

# The course's notebooks (DESIGN.md); a missing one is reported, not silently skipped.
EXPECTED = (
    "01_generalization",
    "02_maximum_likelihood",
    "03_sgd_convergence",
    "04_backpropagation",
    "05_optimizers",
    "06_learning_rate_schedules",
)
GROUPS = ("notebooks", "demos", "training", "optimizers")

NOTEBOOK_BUDGET = 15.0  # s, each
ALL_NOTEBOOKS_BUDGET = 60.0  # s, all six
DEMO_MEDIAN_BUDGET = 100.0  # ms per control change
DEMO_WORST_BUDGET = 250.0  # ms per control change
TRAINING_BUDGET = 3.0  # × the step's matrix products
ADAM_BUDGET = 5.0  # × one in-place p -= lr * g

# What the floor notebook does: the setup every notebook shares, nothing else.
FLOOR_SOURCE = """\
import ipywidgets
import matplotlib.pyplot as plt
import numpy as np

import helpers
from helpers import check, plotting, widgets

plotting.use_style()"""


# --- records, statistics, verdicts -------------------------------------------------------------


@dataclass
class Record:
    """One measurement: ``value`` in ``unit`` (None when it failed), its ``floor`` in the same
    unit, ``ratio = value / floor``, the ``budget`` limiting ``value`` or ``ratio`` (named by
    ``budget_of``) and the verdict ``ok`` (None when the number is reported without a budget)."""

    name: str
    value: float | None
    unit: str
    floor: float | None = None
    ratio: float | None = None
    budget: float | None = None
    budget_of: str = "value"
    ok: bool | None = None
    group: str = ""
    detail: str = ""


def verdict(value: float | None, ratio: float | None, budget: float | None, budget_of: str):
    """True when the budgeted number is within ``budget``, False when not (or when it is
    missing or not finite), None when there is no budget."""
    if budget_of not in ("value", "ratio"):
        raise ValueError(f"budget_of must be 'value' or 'ratio', got {budget_of!r}")
    if budget is None:
        return None
    x = value if budget_of == "value" else ratio
    return x is not None and math.isfinite(x) and x <= budget


def measured(
    name: str,
    value: float,
    unit: str,
    *,
    floor: float | None = None,
    budget: float | None = None,
    budget_of: str = "value",
    group: str = "",
    detail: str = "",
) -> Record:
    """A successful measurement, with its ratio to ``floor`` and its verdict."""
    ratio = value / floor if floor is not None and floor > 0 else None
    return Record(
        name,
        value,
        unit,
        floor,
        ratio,
        budget,
        budget_of,
        verdict(value, ratio, budget, budget_of),
        group,
        detail,
    )


def failed(
    name: str,
    unit: str,
    error: str,
    *,
    budget: float | None = None,
    budget_of: str = "value",
    group: str = "",
) -> Record:
    """A measurement that could not be taken (missing notebook, exception, …): never ok."""
    return Record(name, None, unit, None, None, budget, budget_of, False, group, error)


@dataclass(frozen=True)
class Stats:
    median: float
    low: float
    high: float
    n: int


def summarize(samples: Iterable[float]) -> Stats:
    """Median, minimum, maximum and count of ``samples`` (the median is what we report: on a
    shared machine the mean follows the worst interruption)."""
    xs = [float(x) for x in samples]
    if not xs:
        raise ValueError("samples is empty: nothing was measured")
    if not all(math.isfinite(x) for x in xs):
        raise ValueError(f"samples must be finite, got {xs}")
    return Stats(statistics.median(xs), min(xs), max(xs), len(xs))


def exit_code(records: Sequence[Record]) -> int:
    """1 when any budget is missed or any measurement failed, else 0."""
    return 1 if any(r.ok is False for r in records) else 0


def _rounded(x):
    return float(f"{x:.6g}") if isinstance(x, float) and math.isfinite(x) else None


def to_json(record: Record) -> dict:
    """The record as a JSON-ready dict (floats to 6 significant digits; NaN and ∞ as null)."""
    d = asdict(record)
    for key in ("value", "floor", "ratio", "budget"):
        if d[key] is not None:
            d[key] = _rounded(float(d[key]))
    return d


def write_results(records: Sequence[Record], path: Path, environment: dict | None = None) -> None:
    """Write ``{"environment": …, "records": [...]}`` to ``path`` (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"environment": environment or {}, "records": [to_json(r) for r in records]}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def describe_error(err: BaseException) -> str:
    """One line naming the exception and its message (first line only)."""
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0]}" if text else type(err).__name__


# --- the terminal table ------------------------------------------------------------------------

_UNITS = {"us": "µs"}
_TITLES = {
    "notebooks": "Notebook execution (fresh kernel, median of the runs; floor: imports only)",
    "demos": "Live demos (one control change: callback + PNG render, Agg; floor: simplest move)",
    "training": "Training step (floor: the step's matrix products alone)",
    "optimizers": "Optimizer step, 10⁶ parameters (floor: one in-place p -= α·g)",
}


def fmt_number(x: float | None, unit: str = "") -> str:
    if x is None:
        return "—"
    digits = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2
    text = f"{x:.{digits}f}"
    return f"{text} {_UNITS.get(unit, unit)}" if unit else text


def fmt_budget(r: Record) -> str:
    if r.budget is None:
        return ""
    if r.budget_of == "ratio":
        return f"≤ {r.budget:g}× floor"
    return f"≤ {r.budget:g} {_UNITS.get(r.unit, r.unit)}"


def fmt_verdict(r: Record) -> str:
    if r.ok is None:
        return ""
    if r.value is None:
        return "FAILED"
    return "ok" if r.ok else "MISSED"


def table(records: Sequence[Record]) -> str:
    """The records as an aligned text table, grouped, with details indented under their row."""
    width = max([len(r.name) for r in records] + [20])
    head = f"{'measurement':<{width}}  {'value':>10}  {'floor':>10}  {'ratio':>6}  "
    head += f"{'budget':<13} verdict"
    lines = [head, "-" * len(head)]
    group = None
    for r in records:
        if r.group != group:
            group = r.group
            lines.append(_TITLES.get(group, group) + ":")
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else ""
        lines.append(
            f"{r.name:<{width}}  {fmt_number(r.value, r.unit):>10}  "
            f"{fmt_number(r.floor, r.unit) if r.floor is not None else '':>10}  {ratio:>6}  "
            f"{fmt_budget(r):<13} {fmt_verdict(r)}".rstrip()
        )
        if r.detail:
            lines.append(f"{'':4}{r.detail}")
    return "\n".join(lines)


def summary(records: Sequence[Record]) -> str:
    budgeted = [r for r in records if r.ok is not None]
    bad = [r for r in budgeted if not r.ok]
    if not bad:
        return f"All {len(budgeted)} budgets met."
    names = ", ".join(r.name for r in bad[:4]) + (", …" if len(bad) > 4 else "")
    return f"{len(bad)} of {len(budgeted)} budgets missed or not measured ({names})"


def _say(message: str) -> None:
    print(message, flush=True)


# --- timing -----------------------------------------------------------------------------------


def _batch(fn: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def calls_per_batch(fn: Callable[[], object], min_seconds: float) -> int:
    """How many calls of ``fn`` take at least ``min_seconds`` (the doubling doubles as warm-up)."""
    n = 1
    while _batch(fn, n) * n < min_seconds and n < 1 << 24:
        n *= 2
    return n


def paired(
    fn: Callable[[], object],
    floor: Callable[[], object],
    *,
    repeats: int = 9,
    min_seconds: float = 0.05,
) -> tuple[Stats, Stats]:
    """Seconds per call of ``fn`` and of ``floor``, batches alternating so both see the same
    machine (a shared machine's load comes and goes)."""
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    n_fn = calls_per_batch(fn, min_seconds)
    n_floor = calls_per_batch(floor, min_seconds)
    a, b = [], []
    for _ in range(repeats):
        a.append(_batch(fn, n_fn))
        b.append(_batch(floor, n_floor))
    return summarize(a), summarize(b)


def per_call(fn: Callable[[], object], *, repeats: int = 5, min_seconds: float = 0.02) -> float:
    """Median seconds per call of ``fn``."""
    n = calls_per_batch(fn, min_seconds)
    return summarize(_batch(fn, n) for _ in range(repeats)).median


# --- notebooks --------------------------------------------------------------------------------


def floor_notebook():
    """The imports-only notebook: kernel start, the shared imports and the house style."""
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells.append(new_code_cell(FLOOR_SOURCE))
    return nb


class NotebookFailed(Exception):
    """A notebook that raised: names the cell and the exception."""


def cell_seconds(nb) -> dict[int, float]:
    """Seconds each code cell of an executed ``nb`` took (from nbclient's timing metadata),
    keyed by the cell's index in ``nb.cells``."""
    found = {}
    for i, cell in enumerate(nb.cells):
        timing = cell.get("metadata", {}).get("execution", {})
        begin, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if begin and end:
            delta = datetime.datetime.fromisoformat(end) - datetime.datetime.fromisoformat(begin)
            found[i] = delta.total_seconds()
    return found


def run_notebook(source, cwd: Path = NOTEBOOKS, timeout: int = 300) -> tuple[float, dict]:
    """Seconds to execute ``source`` (a path or a NotebookNode) top to bottom in a fresh kernel,
    kernel start and shutdown included, and the seconds of each code cell (see
    :func:`cell_seconds`). The notebook file is never written."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(source, as_version=4) if isinstance(source, str | Path) else source
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=30,  # the start-up kernel_info wait (see tools/execute.py); cells get `timeout`
        timeout_func=lambda cell: timeout,
        record_timing=True,
        resources={"metadata": {"path": str(cwd)}},
    )
    start = time.perf_counter()
    try:
        # The kernel's own stderr carries only start-up chatter (a cell's errors come back as
        # its outputs); keep it off the progress lines.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as err:
        cells = [
            i
            for i, c in enumerate(nb.cells)
            if any(o.get("output_type") == "error" for o in c.get("outputs", []))
        ]
        where = f"cell {cells[0]}" if cells else "a cell"
        raise NotebookFailed(f"{where} raised {err.ename}: {err.evalue}") from None
    except CellTimeoutError as err:
        raise NotebookFailed(f"timed out: {describe_error(err)}") from None
    return time.perf_counter() - start, cell_seconds(nb)


def bench_notebooks(
    folder: Path = NOTEBOOKS,
    *,
    runs: int = 3,
    expected: Sequence[str] = EXPECTED,
    runner: Callable[..., float] = run_notebook,
    progress: Callable[[str], None] = _say,
) -> list[Record]:
    """Records for the floor, every notebook in ``folder``, every ``expected`` one that is
    missing, and all of them together. ``runner(source, cwd)`` returns the seconds and the
    seconds per cell (a dict of cell index -> seconds), or raises."""
    if runs < 1:
        raise ValueError(f"runs must be at least 1, got {runs}")
    folder = Path(folder)
    paths = sorted(folder.glob("[0-9]*.ipynb")) if folder.is_dir() else []
    names = [p.stem for p in paths]
    missing = [n for n in expected if n not in names]
    if missing:
        progress(f"  missing: {', '.join(n + '.ipynb' for n in missing)} (not in {folder})")
    jobs = {"floor": floor_notebook, **{p.stem: p for p in paths}}
    times: dict[str, list[float]] = {name: [] for name in jobs}
    cells: dict[str, dict[int, list[float]]] = {name: {} for name in jobs}
    errors: dict[str, str] = {}

    def run(name):
        job = jobs[name]
        return runner(job() if callable(job) else job, folder)

    if paths:
        with contextlib.suppress(Exception):
            run("floor")  # warm-up: the first kernel start after a while pays for cold caches
    for i in range(1, runs + 1):
        for name in jobs:
            if name in errors:
                continue
            try:
                seconds, per_cell = run(name)
            except Exception as err:
                errors[name] = str(err) if isinstance(err, NotebookFailed) else describe_error(err)
                progress(f"  run {i}/{runs}  {name:<28} FAILED: {errors[name]}")
                continue
            times[name].append(seconds)
            for cell, t in per_cell.items():
                cells[name].setdefault(cell, []).append(t)
            progress(f"  run {i}/{runs}  {name:<28} {seconds:6.2f} s")

    group = "notebooks"
    floor = summarize(times["floor"]).median if "floor" not in errors else None
    if floor is None:
        records = [failed("floor: imports only", "s", errors["floor"], group=group)]
    else:
        records = [measured("floor: imports only", floor, "s", group=group)]
    medians = {}
    everything = [*expected, *(n for n in names if n not in expected)]
    for name in everything:
        label = f"notebook {name}"
        if name in missing:
            error = f"missing: {folder.name}/{name}.ipynb not found"
            records.append(failed(label, "s", error, budget=NOTEBOOK_BUDGET, group=group))
        elif name in errors:
            records.append(failed(label, "s", errors[name], budget=NOTEBOOK_BUDGET, group=group))
        else:
            stats = summarize(times[name])
            medians[name] = stats.median
            slowest = sorted(
                ((statistics.median(t), i) for i, t in cells[name].items()), reverse=True
            )[:3]
            notes = [f"runs {stats.low:.2f}–{stats.high:.2f} s"] if stats.n > 1 else []
            if slowest:
                notes.append("slowest cells: " + ", ".join(f"{i} {t:.2f} s" for t, i in slowest))
            records.append(
                measured(
                    label,
                    stats.median,
                    "s",
                    floor=floor,
                    budget=NOTEBOOK_BUDGET,
                    group=group,
                    detail="; ".join(notes),
                )
            )
    label = f"all {len(everything)} notebooks"
    absent = [n for n in everything if n not in medians]
    if absent:
        took = sum(medians.values())
        partial = f" (the {len(medians)} measured took {took:.1f} s)" if medians else ""
        error = f"not all measured: {', '.join(absent)} missing or failed" + partial
        records.append(failed(label, "s", error, budget=ALL_NOTEBOOKS_BUDGET, group=group))
    else:
        total_floor = floor * len(medians) if floor is not None else None
        total = sum(medians.values())
        records.append(
            measured(label, total, "s", floor=total_floor, budget=ALL_NOTEBOOKS_BUDGET, group=group)
        )
    return records


# --- live demos -------------------------------------------------------------------------------


def discover_demos(package: str = "helpers.widgets") -> tuple[list[tuple[str, Callable]], list]:
    """Every ``*_demo`` function defined in a submodule of ``package``, as (``module.name``,
    function) pairs, and a list of (module, error) for submodules that fail to import."""
    pkg = importlib.import_module(package)
    demos, errors = [], []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        name = f"{package}.{info.name}"
        try:
            module = importlib.import_module(name)
        except Exception as err:
            errors.append((info.name, describe_error(err)))
            continue
        for attr, fn in inspect.getmembers(module, inspect.isfunction):
            if attr.endswith("_demo") and fn.__module__ == name:
                demos.append((f"{info.name}.{attr}", fn))
    return demos, errors


def controls_of(widget) -> list:
    """The controls a user can change in a panel (sliders, drop-downs, check boxes), in order."""
    import ipywidgets as w

    if isinstance(widget, w.Output):
        return []
    if isinstance(widget, w.Box):
        return [c for child in widget.children for c in controls_of(child)]
    sweepable = (w.widgets.widget_selection._Selection, w.Checkbox, w.ToggleButton)
    numeric = hasattr(widget, "min") and hasattr(widget, "max")
    is_number = isinstance(getattr(widget, "value", None), int | float)
    if isinstance(widget, sweepable) or (numeric and is_number):
        return [widget]
    return []


def sweep_values(control, count: int = 6) -> list[tuple[str, object]]:
    """The changes to make to ``control``, as (attribute, value) pairs: ``count`` values spread
    over its range (ends included, aligned to its step; a log slider is spread in its exponent;
    a drop-down visits its options), then back to where it started. Each differs from the one
    before it, so each one triggers the callback."""
    import ipywidgets as w

    if count < 2:
        raise ValueError(f"count must be at least 2, got {count}")
    if isinstance(control, w.widgets.widget_selection._Selection):
        start = control.index
        n = len(control.options)
        picks = [round(x * (n - 1) / (count - 1)) for x in range(count)] if n > count else range(n)
        steps = [("index", i) for i in dict.fromkeys(picks) if i != start]
        return [*steps, ("index", start)] if steps else []
    if isinstance(control.value, bool):
        return [("value", not control.value), ("value", control.value)]
    start = control.value
    low, high = control.min, control.max
    step = getattr(control, "step", None) or 0
    log = isinstance(control, w.FloatLogSlider)
    values = []
    for k in range(count):
        x = low + (high - low) * k / (count - 1)
        if step:
            x = min(high, low + round((x - low) / step) * step)
        if log:
            x = control.base**x
        if isinstance(start, int) and not isinstance(start, bool):
            x = round(x)
        values.append(x)

    def close(a, b):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)

    out = []
    for x in values:
        previous = out[-1][1] if out else start
        if not close(x, previous) and not any(close(x, v) for _, v in out):
            out.append(("value", x))
    if out and not close(out[-1][1], start):
        out.append(("value", start))
    return out


def _label(control, attr: str, value) -> str:
    name = (getattr(control, "description", "") or type(control).__name__).rstrip(":")
    if attr == "index":
        value = control._options_labels[value]  # options may be a list, pairs or a dict
    shown = f"{value:.3g}" if isinstance(value, float) else str(value)
    return f"{name} = {shown}"


def render_figures() -> int:
    """Render every open pyplot figure to PNG as the inline backend does after a callback
    (``bbox_inches="tight"`` is matplotlib-inline's default ``print_figure_kwargs``), then close
    them all; the number of figures."""
    import matplotlib.pyplot as plt

    numbers = plt.get_fignums()
    for number in numbers:
        plt.figure(number).savefig(io.BytesIO(), format="png", bbox_inches="tight")
    plt.close("all")
    return len(numbers)


def figure_floor(repeats: int = 9) -> float:
    """Milliseconds for the simplest slider move: one Axes with one line, a title and axis
    labels (in the current style), drawn into the figure of the last move and rendered to PNG
    as ``helpers.widgets.live`` does — a demo's move minus its own computing and drawing."""
    import matplotlib.pyplot as plt

    from helpers import plotting, widgets

    last = {}

    def one():
        fig, ax = plotting.figure(reuse=last.get("fig"))
        ax.plot([0.0, 1.0], [0.0, 1.0])
        ax.set(title="floor", xlabel="x", ylabel="y")
        widgets.render(fig)
        plt.close(fig)
        last["fig"] = fig

    for _ in range(2):
        one()
    return summarize(_batch(one, 1) for _ in range(repeats)).median * 1e3


def time_demo(
    name: str, make_panel: Callable[[], object], count: int = 6, floor: float | None = None
) -> list[Record]:
    """Build the panel, sweep each of its controls (see :func:`sweep_values`) and time every
    change; records for the median and the worst change (and for any change that raised).
    ``floor``: :func:`figure_floor`, to show each number's ratio to it."""
    import matplotlib.pyplot as plt

    group = "demos"
    label = f"demo {name}"
    sink = io.StringIO()  # clear_output() writes escape codes to stdout outside a kernel
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(sink):
        warnings.simplefilter("always")
        plt.close("all")
        try:
            panel = make_panel()
            render_figures()  # the first draw: warm-up, not timed
        except Exception as err:
            plt.close("all")
            error = f"building the panel raised {describe_error(err)}"
            return [failed(f"{label}: median", "ms", error, budget=DEMO_MEDIAN_BUDGET, group=group)]
        controls = controls_of(panel)
        times, split, per_control, errors, blank = [], [], {}, [], []
        for control in controls:
            for attr, value in sweep_values(control, count):
                what = _label(control, attr, value)
                shown = getattr(panel, "png", None)
                start = time.perf_counter()
                try:
                    setattr(control, attr, value)  # the callback computes and draws
                    drawn = time.perf_counter()
                    # helpers.widgets.live renders the PNG inside the callback (panel.png);
                    # other panels leave figures open for the inline backend to render
                    figures = render_figures() or int(getattr(panel, "png", None) != shown)
                except Exception as err:
                    plt.close("all")
                    errors.append(f"{what}: {describe_error(err)}")
                    continue
                ms = (time.perf_counter() - start) * 1e3
                if not figures:
                    blank.append(what)
                times.append((ms, what))
                split.append(((drawn - start) * 1e3, ms - (drawn - start) * 1e3))
                key = what.split(" = ")[0]
                per_control.setdefault(key, []).append(ms)
        plt.close("all")
    if not controls:
        error = "no sliders or drop-downs found in the panel"
        return [failed(f"{label}: median", "ms", error, budget=DEMO_MEDIAN_BUDGET, group=group)]
    records = []
    if times:
        stats = summarize(t for t, _ in times)
        worst, worst_at = max(times)
        parts = [f"{k} {statistics.median(v):.0f}" for k, v in per_control.items()]
        compute, render = (statistics.median(x) for x in zip(*split, strict=True))
        where = (
            f"callback (compute, draw and PNG) {compute:.0f} ms"
            if render < 0.5
            else f"callback {compute:.0f} ms, render {render:.0f} ms"
        )
        notes = [f"{len(times)} changes; medians: {where}; per control (ms): " + ", ".join(parts)]
        if blank:
            notes.append(f"{len(blank)} left the picture unchanged ({', '.join(blank)})")
        problems = sorted({str(c.message).splitlines()[0] for c in caught})
        if problems:
            notes.append(f"{len(caught)} warnings, e.g. {problems[0]}")
        records.append(
            measured(
                f"{label}: median",
                stats.median,
                "ms",
                floor=floor,
                budget=DEMO_MEDIAN_BUDGET,
                group=group,
                detail="; ".join(notes),
            )
        )
        records.append(
            measured(
                f"{label}: worst",
                worst,
                "ms",
                floor=floor,
                budget=DEMO_WORST_BUDGET,
                group=group,
                detail=f"slowest change: {worst_at}",
            )
        )
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        records.append(failed(f"{label}: callback", "ms", errors[0] + more, group=group))
    return records


def bench_demos(
    package: str = "helpers.widgets",
    *,
    count: int = 6,
    progress: Callable[[str], None] = _say,
) -> list[Record]:
    """Time every ``*_demo`` panel of ``package``'s submodules (headless, Agg, house style)."""
    import matplotlib

    matplotlib.use("Agg")  # this process only; never exported to notebook kernels
    with matplotlib.rc_context():  # the house style is applied for the demos, then undone
        try:
            from helpers import plotting

            plotting.use_style()
        except Exception as err:
            progress(f"  (house style not applied: {describe_error(err)})")
        return _time_demos(package, count, progress)


def _time_demos(package: str, count: int, progress: Callable[[str], None]) -> list[Record]:
    group = "demos"
    try:
        demos, errors = discover_demos(package)
    except Exception as err:
        return [failed("live demos", "ms", f"{package}: {describe_error(err)}", group=group)]
    floor = figure_floor()
    records = [measured("floor: one-line move", floor, "ms", group=group)]
    progress(f"  {'floor: one-line move':<40} {floor:.0f} ms")
    for module, error in errors:
        progress(f"  {module}: import FAILED: {error}")
        records.append(failed(f"demos in {module}", "ms", f"import failed: {error}", group=group))
    if not demos:
        error = f"no *_demo functions found in {package}.*"
        records.append(failed("live demos", "ms", error, group=group))
    for name, fn in demos:
        found = time_demo(name, fn, count, floor)
        records += found
        shown = "; ".join(f"{r.name.split(': ')[-1]} {fmt_number(r.value, 'ms')}" for r in found)
        progress(f"  {name:<40} {shown}")
    return records


# --- the training step ------------------------------------------------------------------------


def bench_training(
    *,
    layers: Sequence[int] = (64, 100, 10),
    batch: int = 50,
    repeats: int = 9,
    progress: Callable[[str], None] = _say,
) -> list[Record]:
    """One training step of the notebook-04 network against its matrix products alone.

    The step is the one ``helpers.backprop.train`` takes for each minibatch: forward, loss,
    backward into the gradient buffer it keeps for the whole run, Adam."""
    import numpy as np

    group = "training"
    name = f"MLP {'-'.join(map(str, layers))}, batch {batch}: step"
    try:
        from helpers.backprop import MLP
        from helpers.losses import softmax_cross_entropy
        from helpers.optimizers import Adam
    except Exception as err:
        error = f"cannot import the step's parts: {describe_error(err)}"
        return [failed(name, "us", error, budget=TRAINING_BUDGET, budget_of="ratio", group=group)]

    rng = np.random.default_rng(0)
    x = rng.normal(size=(batch, layers[0]))
    labels = rng.integers(0, layers[-1], size=batch)
    try:
        mlp = MLP(list(layers), rng=np.random.default_rng(1))
        opt = Adam(0.001)
        grads = mlp.params.empty_like()

        def step():
            logits = mlp.forward(x)
            _, dlogits = softmax_cross_entropy(logits, labels)
            opt.step(mlp.params, mlp.backward(dlogits, out=grads))

        step()
    except Exception as err:
        error = f"the step raised {describe_error(err)}"
        return [failed(name, "us", error, budget=TRAINING_BUDGET, budget_of="ratio", group=group)]

    # The floor: the same products on arrays of the same shapes (forward a·W; backward aᵀ·δ for
    # each weight gradient and δ·Wᵀ for every layer but the first).
    weights = [p for p in mlp.params if p.ndim == 2]
    acts = [rng.normal(size=(batch, w.shape[0])) for w in weights]
    deltas = [rng.normal(size=(batch, w.shape[1])) for w in weights]

    def products():
        for a, w in zip(acts, weights, strict=True):
            a @ w
        for k in range(len(weights) - 1, -1, -1):
            acts[k].T @ deltas[k]
            if k:
                deltas[k] @ weights[k].T

    full, floor = paired(step, products, repeats=repeats)
    logits = mlp.forward(x)
    _, dlogits = softmax_cross_entropy(logits, labels)
    mlp.backward(dlogits, out=grads)
    parts = {
        "forward": lambda: mlp.forward(x),
        "loss": lambda: softmax_cross_entropy(logits, labels),
        "backward": lambda: mlp.backward(dlogits, out=grads),
        "Adam": lambda: opt.step(mlp.params, grads),
    }
    split = ", ".join(f"{k} {per_call(fn) * 1e6:.0f}" for k, fn in parts.items())
    record = measured(
        name,
        full.median * 1e6,
        "us",
        floor=floor.median * 1e6,
        budget=TRAINING_BUDGET,
        budget_of="ratio",
        group=group,
        detail=f"parts alone (µs): {split}; the floor is {3 * len(weights) - 1} matrix products",
    )
    progress(f"  {name}: {record.value:.0f} µs, {record.ratio:.2f}× the matrix products")
    return [record]


# --- optimizer steps --------------------------------------------------------------------------

OPTIMIZERS = (
    # label, class in helpers.optimizers, keyword arguments, budget (× floor)
    ("SGD", "SGD", {}, None),
    ("SGD, momentum 0.9", "SGD", {"momentum": 0.9}, None),
    ("SGD, Nesterov 0.9", "SGD", {"momentum": 0.9, "nesterov": True}, None),
    ("AdaGrad", "AdaGrad", {}, None),
    ("RMSProp", "RMSProp", {}, None),
    ("Adam", "Adam", {}, ADAM_BUDGET),
)


def bench_optimizers(
    *,
    size: int = 10**6,
    module: str = "helpers.optimizers",
    configs: Sequence[tuple] = OPTIMIZERS,
    repeats: int = 9,
    progress: Callable[[str], None] = _say,
) -> list[Record]:
    """Each optimizer's ``step`` over ``size`` parameters in two arrays (999‰ and 1‰ of them,
    like a layer's weights and biases) against one in-place ``p -= lr * g`` over the same
    shapes. ``configs``: (label, class name in ``module``, keyword arguments, budget)."""
    import numpy as np

    group = "optimizers"
    lr = 1e-3
    rng = np.random.default_rng(0)
    shapes = [(size * 999 // 1000,), (size - size * 999 // 1000,)]
    grads = [rng.normal(size=s) for s in shapes]
    floor_params = [rng.normal(size=s) for s in shapes]

    def plain():
        for p, g in zip(floor_params, grads, strict=True):
            p -= lr * g

    try:
        mod = importlib.import_module(module)
    except Exception as err:
        mod, missing = None, describe_error(err)
    records = []
    for label, cls_name, kwargs, budget in configs:
        name = f"{label}: step"
        cls = getattr(mod, cls_name, None)
        if cls is None:
            error = missing if mod is None else f"{module}.{cls_name} not found"
            records.append(failed(name, "ms", error, budget=budget, budget_of="ratio", group=group))
            progress(f"  {label:<20} FAILED: {error}")
            continue
        params = [p.copy() for p in floor_params]
        try:
            opt = cls(lr, **kwargs)
            stats, floor = paired(partial(opt.step, params, grads), plain, repeats=repeats)
        except Exception as err:
            error = f"raised {describe_error(err)}"
            records.append(failed(name, "ms", error, budget=budget, budget_of="ratio", group=group))
            progress(f"  {label:<20} FAILED: {error}")
            continue
        record = measured(
            name,
            stats.median * 1e3,
            "ms",
            floor=floor.median * 1e3,
            budget=budget,
            budget_of="ratio",
            group=group,
        )
        records.append(record)
        progress(f"  {label:<20} {record.value:.2f} ms, {record.ratio:.2f}× the floor")
    return records


# --- the command ------------------------------------------------------------------------------


def environment() -> dict:
    """What the numbers depend on: when, which commit, which software, how busy the machine."""
    import numpy as np

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git_commit": commit,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
    }


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh-kernel runs per notebook")
    parser.add_argument(
        "--only", default=",".join(GROUPS), help=f"comma-separated groups of {', '.join(GROUPS)}"
    )
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="the notebook folder")
    parser.add_argument("--out", type=Path, default=OUT, help="where the JSON records go")
    args = parser.parse_args(argv)
    args.only = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = sorted(set(args.only) - set(GROUPS))
    if unknown:
        parser.error(f"--only: unknown group(s) {unknown}; choose from {', '.join(GROUPS)}")
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    return args


# Seconds to wait after the notebook kernels have exited, before timing anything else. On this
# machine slider moves timed straight after the notebooks took up to 1.5× as long as the same
# moves a few seconds later (while the kernels' memory is being handed back), so without the
# pause the demo numbers would depend on what ran before them.
SETTLE = 8.0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    os.environ.pop("MPLBACKEND", None)  # kernels must keep their inline figures
    env = environment()
    load = env["load_average"][0]
    _say(f"make bench: {env['cpus']} CPUs, load average {load:.2f}, Python {env['python']}")
    if env["cpus"] and load > 0.5 * env["cpus"]:
        _say("  note: the machine is busy; every number below is inflated by the other work")
    steps = {
        "notebooks": lambda: bench_notebooks(args.notebooks, runs=args.runs),
        "demos": bench_demos,
        "training": bench_training,
        "optimizers": bench_optimizers,
    }
    records: list[Record] = []
    for group in GROUPS:
        if group not in args.only:
            continue
        _say(f"\n{_TITLES[group]} …")
        start = time.perf_counter()
        try:
            records += steps[group]()
        except Exception as err:  # a bug here must not hide the other groups' numbers
            traceback.print_exc()
            error = f"the benchmark crashed: {describe_error(err)}"
            records.append(failed(group, "", error, group=group))
        _say(f"  ({time.perf_counter() - start:.0f} s)")
        if group == "notebooks" and set(args.only) - {"notebooks"}:
            _say(f"  (letting the machine settle for {SETTLE:g} s after the kernels)")
            time.sleep(SETTLE)
    env["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    _say("\n" + table(records))
    write_results(records, args.out, env)
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    _say(f"\n{summary(records)}\nRecords: {shown}")
    return exit_code(records)


if __name__ == "__main__":
    sys.exit(main())
