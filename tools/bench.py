"""Benchmarks: how fast the course runs, each number beside a floor measured in the same run.

- **demos**: every ``*_demo()`` panel of ``helpers.widgets`` built headless (Agg, house style);
  every slider and drop-down set to several values across its range, each move timed from the
  new value to the rendered PNG. Floor: the same sweep of a one-line demo. Budget per demo:
  median ≤ 100 ms, worst ≤ 250 ms.
- **notebooks**: each ``notebooks/NN_*.ipynb`` executed in a fresh kernel, interleaved with an
  imports-only notebook (the floor), median of ``--runs`` runs. Budgets: 15 s each, 60 s all.
- **setup**: the student environment built from nothing as ``make`` builds it (a copy of the
  course in a temporary folder, no download cache, no machine-wide package sources): seconds
  and megabytes, beside plain pip installing the same lock in the same run. Budgets: 20 s,
  450 MB.
- **browser**: every demo in JupyterLab driven by Chromium (the e2e tests' server, browser and
  settings), normal and presentation style; each slider swept with End, Home and Page Up, each
  move timed in the page from the key's keydown to the frame after the new picture has loaded.
  Floor: the same round trip for a demo that swaps a 40 × 40 picture. Budgets per demo and
  style: median ≤ 100 ms, worst ≤ 200 ms. Needs playwright (``make e2e`` adds it) and Chromium.

The demos run first: moves timed straight after the notebook kernels exit were up to 1.5×
slower, while a notebook and its interleaved floor are slowed alike by what ran before. Prints
a table, writes ``build/bench/results.json``, exits 1 when a budget is missed or a measurement
failed. Usage: python tools/bench.py [--only GROUP[,GROUP]] [--runs N] [--out PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import importlib
import inspect
import io
import json
import math
import os
import pkgutil
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

# The threads `make` pins, for runs outside make (in this process and every kernel it starts).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "bench" / "results.json"
# The course's notebooks: a missing one is a failure, not a skip.
EXPECTED = tuple(
    "01_generalization 02_maximum_likelihood 03_sgd_convergence 04_backpropagation"
    " 05_optimizers 06_learning_rate_schedules".split()
)
# What every notebook does first, and nothing else.
FLOOR_SOURCE = """import ipywidgets, matplotlib.pyplot as plt, numpy as np
from helpers import check, plotting, widgets
plotting.use_style()"""

DEMO_MEDIAN_BUDGET = 100.0  # ms per move
DEMO_WORST_BUDGET = 250.0  # ms per move
NOTEBOOK_BUDGET = 15.0  # s, each
ALL_NOTEBOOKS_BUDGET = 60.0  # s, all of them
SETUP_BUDGET = 20.0  # s, the student environment from nothing
SETUP_SIZE_BUDGET = 450.0  # MB


@dataclass
class Measurement:
    """``value`` in ``unit`` (None: it could not be measured, ``detail`` says why), beside its
    ``floor`` in the same unit and under its ``budget`` (None: reported only)."""

    name: str
    value: float | None
    unit: str
    floor: float | None = None
    budget: float | None = None
    detail: str = ""
    group: str = ""

    @property
    def ok(self) -> bool | None:
        """Within budget; False when nothing was measured; None when there is no budget."""
        if self.value is None:
            return False
        return None if self.budget is None else self.value <= self.budget


say = functools.partial(print, flush=True)


def describe(err: BaseException) -> str:
    """The exception's type and the first line of its message."""
    return f"{type(err).__name__}: {str(err).strip()}".splitlines()[0]


# --- demos --------------------------------------------------------------------------------------
def discover_demos(package: str = "helpers.widgets") -> tuple[list, list]:
    """(``module.name``, function) for every ``*_demo`` defined in a submodule of ``package``,
    and (module, error) for every submodule that fails to import."""
    demos, errors = [], []
    for info in pkgutil.iter_modules(importlib.import_module(package).__path__):
        name = f"{package}.{info.name}"
        try:
            module = importlib.import_module(name)
        except Exception as err:
            errors.append((info.name, describe(err)))
            continue
        for attr, fn in inspect.getmembers(module, inspect.isfunction):
            if attr.endswith("_demo") and fn.__module__ == name:
                demos.append((f"{info.name}.{attr}", fn))
    return sorted(demos), sorted(errors)


def controls_of(widget) -> list:
    """The sliders and drop-downs of a panel, in order."""
    import ipywidgets as w

    if isinstance(widget, w.Box):
        return [c for child in widget.children for c in controls_of(child)]
    slider = hasattr(widget, "max") and isinstance(getattr(widget, "value", None), int | float)
    return [widget] if hasattr(widget, "options") or slider else []


def sweep_values(control, count: int = 6) -> list[tuple[str, object]]:
    """The moves of one control as (attribute, value): ``count`` values spread over its range
    (ends included, on its step; a log slider's spread in the exponent; a drop-down's options),
    then back to where it started. Each differs from the one before, so each redraws."""
    if count < 2:
        raise ValueError(f"count must be at least 2, got {count}")
    if hasattr(control, "options"):
        start, n = control.index, len(control.options)
        picks = dict.fromkeys(round(k * (n - 1) / (count - 1)) for k in range(count))
        moves = [i for i in picks if i != start]
        return [("index", i) for i in [*moves, start]] if moves else []
    start, near = control.value, functools.partial(math.isclose, abs_tol=1e-12)
    low, high, step = control.min, control.max, getattr(control, "step", 0) or 0
    moves = []
    for k in range(count):
        x = low + (high - low) * k / (count - 1)
        x = min(high, low + round((x - low) / step) * step) if step else x
        x = control.base**x if hasattr(control, "base") else x  # FloatLogSlider
        x = round(x) if isinstance(start, int) else x
        if not any(near(x, y) for y in moves or [start]):  # new, and not where it starts
            moves.append(x)
    if moves and not near(moves[-1], start):
        moves.append(start)
    return [("value", x) for x in moves]


def sweep(panel, count: int = 6) -> list[tuple[object, str, object]]:
    """Every move of every control of ``panel``: (control, attribute, value)."""
    return [(c, attr, v) for c in controls_of(panel) for attr, v in sweep_values(c, count)]


def shown(control) -> str:
    """``description = value`` of a control as it is now."""
    name = (control.description or type(control).__name__).rstrip(":")
    value = control.label if hasattr(control, "options") else control.value
    return f"{name} = {value:.3g}" if isinstance(value, float) else f"{name} = {value}"


def time_moves(make_panel: Callable, count: int = 6) -> tuple[list[tuple[float, str]], list]:
    """Build a panel (its first draw is not a move) and time each move of :func:`sweep`, from
    the new value to the PNG: (milliseconds, move) pairs, and the moves that raised. Figures
    left on pyplot's list are rendered as the inline backend does."""
    import matplotlib.pyplot as plt

    times, errors = [], []
    with contextlib.redirect_stdout(io.StringIO()):  # outside a kernel, display() prints
        panel = make_panel()
        plt.close("all")
        for control, attr, value in sweep(panel, count):
            start = time.perf_counter()
            try:
                setattr(control, attr, value)  # ipywidgets calls the drawing function at once
                if getattr(panel, "error", ""):  # live() shows the error instead of the figure
                    raise RuntimeError(panel.error)
                for n in plt.get_fignums():
                    plt.figure(n).savefig(io.BytesIO(), format="png", bbox_inches="tight")
                times.append(((time.perf_counter() - start) * 1e3, shown(control)))
            except Exception as err:
                error = panel.error if getattr(panel, "error", "") else describe(err)
                errors.append(f"{shown(control)}: {error.splitlines()[0]}")
            plt.close("all")
    return times, errors


def floor_demo():
    """The simplest move, made as the demos make theirs: one line, a title and axis labels,
    drawn into the last move's figure and rendered by ``helpers.widgets.live``."""
    from helpers import plotting, widgets

    def draw(a, fig=None):
        fig, ax = plotting.figure(reuse=fig)
        ax.plot([0.0, 1.0], [0.0, a])
        ax.set(title="floor", xlabel="x", ylabel="y")
        return fig

    return widgets.live(draw, {"a": widgets.slider(1.0, 0.0, 2.0, 0.1, "a")})


def time_demo(name: str, make_panel: Callable, floor: float | None = None, count: int = 6):
    """The median and the worst move of the panel ``make_panel()``, and the moves that raised."""
    label = f"demo {name}"
    try:
        times, errors = time_moves(make_panel, count)
    except Exception as err:
        return [Measurement(label, None, "ms", detail=describe(err))]
    if not times and not errors:
        return [Measurement(label, None, "ms", detail="no sliders or drop-downs found")]
    found = []
    if times:
        worst, at = max(times)
        median = statistics.median(ms for ms, _ in times)
        found.append(Measurement(f"{label}: median", median, "ms", floor, DEMO_MEDIAN_BUDGET))
        detail = f"slowest of {len(times)} moves: {at}"
        found.append(Measurement(f"{label}: worst", worst, "ms", floor, DEMO_WORST_BUDGET, detail))
    if errors:
        detail = f"{len(errors)} of {len(times) + len(errors)} moves raised, first {errors[0]}"
        found.append(Measurement(f"{label}: moves", None, "ms", detail=detail))
    return found


def bench_demos(package: str = "helpers.widgets", *, count: int = 6, progress=say) -> list:
    """The floor, then every demo of ``package``, in the house style on Agg."""
    import matplotlib

    matplotlib.use("Agg")  # this process only; never exported to the notebook kernels
    from helpers import plotting

    with matplotlib.rc_context():
        plotting.use_style()
        floor = statistics.median(ms for ms, _ in time_moves(floor_demo, count)[0])
        found = [Measurement("floor: one-line move", floor, "ms")]
        progress(f"  floor: one-line move {floor:.0f} ms")
        demos, errors = discover_demos(package)
        found += [Measurement(f"demos in {m}", None, "ms", detail=e) for m, e in errors]
        if not demos:
            found.append(Measurement("demos", None, "ms", detail=f"none found in {package}"))
        for name, make_panel in demos:
            mine = time_demo(name, make_panel, floor, count)
            line = "; ".join(f"{m.name.split(': ')[-1]} {number(m.value, 'ms')}" for m in mine)
            progress(f"  {name:<36} {line}")
            found += mine
    return found


# --- notebooks ----------------------------------------------------------------------------------
def floor_notebook():
    """The imports-only notebook: kernel start, the shared imports and the house style."""
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells.append(new_code_cell(FLOOR_SOURCE))
    return nb


def run_notebook(source, cwd: Path = NOTEBOOKS, timeout: int = 300) -> float:
    """Seconds to execute ``source`` (a path or a notebook) in a fresh kernel, start and
    shutdown included; RuntimeError naming the cell that raised. Nothing is written."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(source, as_version=4) if isinstance(source, str | Path) else source
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=30,  # the start-up kernel_info wait (tools/execute.py); cells get `timeout`
        timeout_func=lambda cell: timeout,
        resources={"metadata": {"path": str(cwd)}},
    )
    start = time.perf_counter()
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up chatter
    except CellExecutionError as err:
        kinds = [[o.get("output_type") for o in c.get("outputs", [])] for c in nb.cells]
        where = next((f"cell {i}" for i, k in enumerate(kinds) if "error" in k), "a cell")
        raise RuntimeError(f"{where} raised {err.ename}: {err.evalue}") from None
    return time.perf_counter() - start


def bench_notebooks(
    folder: Path = NOTEBOOKS, *, runs: int = 3, expected=EXPECTED, runner=run_notebook, progress=say
) -> list:
    """The floor, each notebook (the ``expected`` ones and any other in ``folder``) and their
    total. ``runner(source, cwd)`` returns seconds or raises; a failed notebook is not rerun."""
    if runs < 1:
        raise ValueError(f"runs must be at least 1, got {runs}")
    paths = {p.stem: p for p in sorted(Path(folder).glob("[0-9]*.ipynb"))}
    names = sorted(set(expected) | set(paths))
    times = {name: [] for name in ["floor", *paths]}
    errors = {name: f"missing: {name}.ipynb not in {folder}" for name in names if name not in paths}
    if paths:
        with contextlib.suppress(Exception):
            runner(floor_notebook(), folder)  # warm-up: the first kernel start meets cold caches
    for run in range(1, runs + 1):
        for name in [n for n in times if n not in errors]:  # floor, 01, 02, …, floor, 01, …
            try:
                times[name].append(runner(paths.get(name) or floor_notebook(), folder))
                result = f"{times[name][-1]:.2f} s"
            except Exception as err:
                errors[name] = str(err) if isinstance(err, RuntimeError) else describe(err)
                result = f"FAILED: {errors[name]}"
            progress(f"  run {run}/{runs}  {name:<28} {result}")
    floor = statistics.median(times["floor"]) if times["floor"] else None
    found = [Measurement("floor: imports only", floor, "s", detail=errors.get("floor", ""))]
    for name in names:
        median = statistics.median(times[name]) if name not in errors else None
        detail = errors.get(name, "")
        found.append(Measurement(f"notebook {name}", median, "s", floor, NOTEBOOK_BUDGET, detail))
    failed = [name for name in names if name in errors]
    total = None if failed else sum(m.value for m in found[1:])
    detail = f"not measured: {', '.join(failed)}" if failed else ""
    floors = floor * len(names) if floor is not None else None
    found.append(Measurement("all notebooks", total, "s", floors, ALL_NOTEBOOKS_BUDGET, detail))
    return found


# --- setup --------------------------------------------------------------------------------------
def course_files(root: Path = ROOT) -> list[str]:
    """The files a clone of the course holds (and new ones git does not ignore)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [name for name in listed if (root / name).is_file()]


def cold_environment(environ=os.environ) -> dict[str, str]:
    """``environ`` as a newcomer's: no download cache, no package source or setting of this
    machine's pip or uv, and none of the calling make's state."""
    mine = ("PIP_", "UV_", "MAKE", "MFLAGS", "VIRTUAL_ENV")
    env = {k: v for k, v in environ.items() if not k.startswith(mine)}
    return env | {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_CACHE_DIR": "1", "UV_NO_CACHE": "1"}


def megabytes(folder: Path) -> float:
    """Disk space of the files under ``folder`` (a hard-linked file once), in MB as du counts
    them (2^20 bytes)."""
    seen, total = set(), 0
    for path in Path(folder).rglob("*"):
        info = path.lstat()
        if (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            total += info.st_blocks * 512
    return total / 2**20


def run_command(command: Sequence[str], cwd: Path, env: dict) -> None:
    """Run ``command``; RuntimeError with the last line it printed when it fails."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode:
        said = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
        raise RuntimeError(f"{' '.join(map(str, command[:4]))} … exited {done.returncode}: {said}")


def base_python() -> str:
    """The interpreter this process's virtual environment was made from (itself outside one)."""
    return os.path.realpath(getattr(sys, "_base_executable", sys.executable))


def build_seconds(steps, cwd: Path, env: dict, runner) -> float:
    """Seconds to run the commands ``steps`` one after another with ``runner``."""
    start = time.perf_counter()
    for command in steps:
        runner(command, cwd, env)
    return time.perf_counter() - start


def bench_setup(root: Path = ROOT, *, python=None, runner=run_command, progress=say) -> list:
    """The student environment built by ``make`` in a copy of the course, then plain pip
    installing the same lock; each from nothing, no download cache."""
    python, env = python or base_python(), cold_environment()
    found = []
    with tempfile.TemporaryDirectory(prefix="bench-setup-") as tmp:
        course, plain = Path(tmp) / "course", Path(tmp) / "pip"
        for name in course_files(root):
            (course / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / name, course / name)
        builds = {
            "make": [["make", ".venv/.installed", f"PYTHON={python}"]],
            "pip": [
                [python, "-m", "venv", str(plain)],
                [plain / "bin" / "python", "-m", "pip", "install", "-r", "requirements.lock"],
                [plain / "bin" / "python", "-m", "pip", "install", "--no-deps", "-e", "."],
            ],
        }
        for name, steps in builds.items():
            progress(f"  building with {name} …")
            try:
                seconds = build_seconds(steps, course, env, runner)
            except Exception as err:
                found.append(Measurement(f"{name}: build", None, "s", detail=describe(err)))
                continue
            size = megabytes(course / ".venv" if name == "make" else plain)
            progress(f"  {name}: {seconds:.1f} s, {size:.0f} MB")
            found += setup_measurements(name, seconds, size, course / ".venv" / ".installed")
    return found


def setup_measurements(name: str, seconds: float, size: float, stamp: Path) -> list:
    """The time and size of one build: make's against the budgets (with the installer its stamp
    records), pip's beside them."""
    if name == "make":
        lines = stamp.read_text().splitlines() if stamp.is_file() else []
        installer = next((x.split(": ", 1)[1] for x in lines if x.startswith("installer: ")), "?")
        return [
            Measurement("make: build", seconds, "s", budget=SETUP_BUDGET, detail=installer),
            Measurement("make: size", size, "MB", budget=SETUP_SIZE_BUDGET),
        ]
    how = "the same lock: python -m venv, pip install -r requirements.lock, pip install -e ."
    return [
        Measurement(f"{name}: build", seconds, "s", detail=how),
        Measurement(f"{name}: size", size, "MB"),
    ]


# --- browser ------------------------------------------------------------------------------------
# A notebook of every live demo, run in JupyterLab and driven by Chromium as the e2e tests drive
# the course (tests/e2e: the same server, browser and settings).
BROWSER_SETUP = """import matplotlib.pyplot as plt
from helpers import plotting, widgets
plotting.use_style(presentation={presentation})"""
# The floor: the same round trip (key press → kernel → new picture painted) for a picture of
# 40 × 40 pixels and nothing to draw.
BROWSER_FLOOR = """def tiny(a, fig=None):
    fig = fig or plt.figure(figsize=(0.4, 0.4))
    fig.set_facecolor(plt.cm.gray(a / 2))
    return fig

widgets.live(tiny, {"a": widgets.slider(1.0, 0.0, 2.0, 0.1, "a")})"""
# The keys of one slider's sweep: both ends, then across the range in page steps (noUiSlider's
# Page Up moves 5 steps), each a release that redraws.
BROWSER_KEYS = ("End", "Home", "PageUp", "PageUp", "PageUp", "PageUp")
BROWSER_MOVE_TIMEOUT = 5.0  # s without a new picture: the move did not redraw
BROWSER_MEDIAN_BUDGET = 100.0  # ms, key release → new figure painted
BROWSER_WORST_BUDGET = 200.0  # ms

# Arm demo cell ``i`` for the next key press on its slider ``j``: the time from the key's
# keydown to the frame after the new picture (a new <img> or a new src) has loaded.
BROWSER_ARM_JS = r"""([i, j, limit]) => {
    const cell = document.querySelectorAll('.jp-NotebookPanel .jp-Cell')[i];
    const area = cell.querySelector('.jp-Cell-outputArea');
    const handle = cell.querySelectorAll('.widget-slider')[j].querySelector('.noUi-handle');
    const old = area.querySelector('img'), oldSrc = old && old.src;
    let t0 = null, settle;
    window.__benchMove = new Promise(resolve => { settle = resolve; });
    const finish = result => { observer.disconnect(); clearTimeout(timer); settle(result); };
    window.__benchCancel = () => finish('unmoved');
    const check = () => {
        const error = area.querySelector('[data-mime-type="application/vnd.jupyter.stderr"]');
        if (error) return finish('error: ' + error.innerText.trim().slice(-300));
        const img = area.querySelector('img');
        if (t0 === null || !img || (img === old && img.src === oldSrc)) return;
        observer.disconnect();
        const painted = () => requestAnimationFrame(
            () => setTimeout(() => finish(performance.now() - t0), 0));
        if (img.complete && img.naturalWidth) painted();
        else img.addEventListener('load', painted, {once: true});
    };
    const observer = new MutationObserver(check);
    observer.observe(area, {subtree: true, childList: true, attributes: true,
                            attributeFilter: ['src']});
    const timer = setTimeout(() => finish('timeout'), limit);
    handle.addEventListener('keydown', () => { t0 = performance.now(); }, {once: true,
                                                                           capture: true});
}"""


def browser_notebook(presentation: bool):
    """The floor cell, then one cell per ``*_demo()`` of ``helpers.widgets``."""
    from nbformat.v4 import new_code_cell, new_notebook

    demos, errors = discover_demos()
    if errors:
        raise RuntimeError(f"demo modules fail to import: {errors}")
    cells = [BROWSER_SETUP.format(presentation=presentation), BROWSER_FLOOR]
    for name, _ in demos:
        module, function = name.split(".")
        cells.append(f"from helpers.widgets import {module}\n{module}.{function}()")
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nb = new_notebook(cells=[new_code_cell(c) for c in cells], metadata=kernel)
    return nb, ["floor", *(n for n, _ in demos)]


def browser_move(page, cell: int, slider: int, key: str) -> float | str:
    """Press ``key`` on slider ``slider`` of ``cell``; milliseconds to the painted picture, or
    why there is none ("unmoved": the slider stood at that end already)."""
    handle = page.locator(".jp-NotebookPanel .jp-Cell").nth(cell)
    handle = handle.locator(".widget-slider").nth(slider).locator(".noUi-handle").first
    before = handle.get_attribute("aria-valuenow")
    page.evaluate(BROWSER_ARM_JS, [cell, slider, BROWSER_MOVE_TIMEOUT * 1000])
    handle.press(key)
    deadline = time.monotonic() + 1.0
    while handle.get_attribute("aria-valuenow") == before:
        if time.monotonic() > deadline:
            page.evaluate("() => window.__benchCancel()")
            break
        time.sleep(0.01)
    return page.evaluate("() => window.__benchMove")


def browser_sweep(page, cell: int) -> tuple[list[float], list[str]]:
    """Every enabled slider of demo ``cell`` swept with :data:`BROWSER_KEYS`: the times (ms)
    and the moves that did not redraw."""
    sliders = page.locator(".jp-NotebookPanel .jp-Cell").nth(cell).locator(".widget-slider")
    page.locator(".jp-NotebookPanel .jp-Cell").nth(cell).scroll_into_view_if_needed()
    times, problems = [], []
    for j in range(sliders.count()):
        if sliders.nth(j).locator("[disabled]").count():
            continue  # greyed out: the demo's current setting does not read it
        label = sliders.nth(j).locator(".widget-label").first.inner_text().strip()
        for key in BROWSER_KEYS:
            result = browser_move(page, cell, j, key)
            if isinstance(result, float | int):
                times.append(float(result))
            elif result != "unmoved":
                problems.append(f"{label!r} {key}: {result}")
    return times, problems


def browser_run(page, lab, presentation: bool) -> dict[str, tuple[list[float], list[str]]]:
    """Run the demo notebook in JupyterLab; each demo's sweep, by name."""
    import nbformat
    from test_notebooks import menu, open_notebook, wait_until_executed

    nb, names = browser_notebook(presentation)
    name = f"browser-{'presentation' if presentation else 'normal'}.ipynb"
    nbformat.write(nb, lab.root / name)
    sources = [c.source for c in nb.cells]
    open_notebook(page, lab, name, len(sources))
    menu(page, "Run", "runmenu:run-all")
    wait_until_executed(page, lab, name, sources, timeout=300)
    page.wait_for_function(
        "n => Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-Cell')).slice(1)"
        ".every(c => { const i = c.querySelector('.jp-Cell-outputArea img');"
        " return i && i.complete && i.naturalWidth > 0; })",
        arg=len(sources),
        timeout=60_000,
    )
    page.wait_for_timeout(1000)  # let the first pictures settle
    return {names[k]: browser_sweep(page, k + 1) for k in range(len(names))}


def browser_measurements(mode: str, swept: dict) -> list:
    """Median and worst per demo of one mode, the floor's median beside them."""
    floor_times, _ = swept["floor"]
    floor = statistics.median(floor_times) if floor_times else None
    found = [Measurement(f"browser {mode}: floor (tiny picture)", floor, "ms")]
    if floor_times:
        found[0].detail = f"{len(floor_times)} moves, worst {max(floor_times):.0f} ms"
    for name, (times, problems) in swept.items():
        if name == "floor":
            continue
        label = f"browser {mode}: {name}"
        if times:
            found.append(
                Measurement(
                    f"{label}: median",
                    statistics.median(times),
                    "ms",
                    floor,
                    BROWSER_MEDIAN_BUDGET,
                    f"{len(times)} moves",
                )
            )
            found.append(
                Measurement(f"{label}: worst", max(times), "ms", floor, BROWSER_WORST_BUDGET)
            )
        if problems or not times:
            detail = "; ".join(problems[:3]) or "no slider moved"
            found.append(Measurement(f"{label}: moves", None, "ms", detail=detail))
    return found


def bench_browser(progress=say) -> list:
    """Every live demo in JupyterLab + Chromium, normal then presentation style: key release
    → new figure painted, beside the floor. The server and its kernels are stopped at the end."""
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    import conftest as e2e
    from playwright.sync_api import sync_playwright

    e2e.ARTIFACTS = OUT.parent  # the server's log: build/bench/server.log
    OUT.parent.mkdir(parents=True, exist_ok=True)
    try:
        chromium = e2e.chromium_path()
    except e2e.pytest.fail.Exception as err:  # pytest.fail's, a BaseException
        raise RuntimeError(str(err)) from None
    home = Path(tempfile.mkdtemp(prefix="bench-jupyter-"))
    found = []
    try:
        lab = e2e.Lab(home, timeout=60)
    except e2e.pytest.fail.Exception as err:
        raise RuntimeError(f"JupyterLab did not start: {err}") from None
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium, headless=True, args=e2e.CHROMIUM_ARGS
            )
            try:
                for presentation in (False, True):
                    mode = "presentation" if presentation else "normal"
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    page.set_default_timeout(30_000)
                    try:
                        swept = browser_run(page, lab, presentation)
                    except e2e.pytest.fail.Exception as err:
                        raise RuntimeError(f"{mode}: {err}") from None
                    finally:
                        context.close()
                        lab.shut_down_sessions()
                    mine = browser_measurements(mode, swept)
                    for m in mine:
                        progress(f"  {m.name:<56} {number(m.value, 'ms')}")
                    found += mine
            finally:
                browser.close()
    finally:
        survivors = lab.stop()
        shutil.rmtree(home, ignore_errors=True)
    if survivors:
        found.append(Measurement("browser: processes left", None, "", detail="; ".join(survivors)))
    return found


# --- the command --------------------------------------------------------------------------------
GROUPS = {  # name: (title, how to measure it from the parsed arguments), in the order they run
    "demos": ("Live demos (one move: new value → PNG)", lambda args: bench_demos()),
    "notebooks": ("Notebooks (fresh kernel)", lambda args: bench_notebooks(runs=args.runs)),
    "setup": ("Student environment from nothing (no download cache)", lambda args: bench_setup()),
    "browser": (
        "Live demos in the browser (JupyterLab + Chromium: key release → new figure painted)",
        lambda args: bench_browser(),
    ),
}


def number(x: float | None, unit: str = "") -> str:
    """``x`` to about three significant figures, with its unit; a dash for nothing."""
    if x is None:
        return "—"
    return f"{x:.{0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2}f} {unit}".strip()


def table(found: Sequence[Measurement]) -> str:
    """An aligned text table, a heading per group, each reason or remark under its row."""
    width = max([len(m.name) for m in found] + [24])
    head = f"{'measurement':<{width}} {'value':>9} {'floor':>9} {'×floor':>6}  {'budget':<10} "
    lines, group = [head + "verdict", "-" * (len(head) + 7)], None
    for m in found:
        if m.group != group:
            group = m.group
            lines.append(GROUPS.get(group, (group,))[0] + ":")
        floor = number(m.floor, m.unit) if m.floor is not None else ""
        ratio = f"{m.value / m.floor:.2f}" if m.value is not None and m.floor else ""
        budget = f"≤ {m.budget:g} {m.unit}" if m.budget is not None else ""
        verdict = {True: "ok", False: "MISSED" if m.value is not None else "FAILED", None: ""}
        row = f"{m.name:<{width}} {number(m.value, m.unit):>9} {floor:>9} {ratio:>6}  {budget:<10}"
        lines.append(f"{row} {verdict[m.ok]}".rstrip())
        if m.detail:
            lines.append(f"    {m.detail}")
    return "\n".join(lines)


def write_results(found: Sequence[Measurement], path: Path, environment: dict) -> None:
    """``{"environment": …, "results": [{name, value, unit, floor, budget, ok, …}, …]}``."""
    results = [{**asdict(m), "ok": m.ok} for m in found]
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"environment": environment, "results": results}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(GROUPS), help=f"groups of {', '.join(GROUPS)}")
    parser.add_argument("--runs", type=int, default=3, help="fresh-kernel runs per notebook")
    parser.add_argument("--out", type=Path, default=OUT, help="where the JSON results go")
    args = parser.parse_args(argv)
    args.only = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [g for g in args.only if g not in GROUPS]
    if unknown or not args.only:
        parser.error(f"--only: unknown group(s) {unknown}; choose from {', '.join(GROUPS)}")
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    os.environ.pop("MPLBACKEND", None)  # the kernels must keep their inline figures
    env = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    say(f"make bench: {env['cpus']} CPUs, load average {env['load_average'][0]:.2f}")
    found: list[Measurement] = []
    for group, (title, measure) in GROUPS.items():
        if group in args.only:
            say(f"\n{title} …")
            try:
                measured = measure(args)
            except Exception as err:  # a bug here must not hide the other groups' numbers
                traceback.print_exc()
                measured = [Measurement(group, None, "", detail=describe(err))]
            for m in measured:
                m.group = group
            found += measured
    env["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    write_results(found, args.out, env)
    missed = [m.name for m in found if m.ok is False]
    verdict = f"Missed or failed: {', '.join(missed)}." if missed else "All budgets met."
    say(f"\n{table(found)}\n\n{verdict}\nResults: {args.out}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
