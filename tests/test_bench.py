"""The benchmark harness (tools/bench.py): its statistics, verdicts, records and bad-input paths.

No timing assertions: the numbers themselves belong to `make bench`, not to the tests.
"""

from __future__ import annotations

import importlib
import itertools
import json
import math
import sys
import types

import bench
import ipywidgets as w
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers import Packed, widgets

# --- statistics --------------------------------------------------------------------------------


def test_summarize_reports_median_extremes_and_count():
    odd = bench.summarize([3.0, 1.0, 2.0])
    assert (odd.median, odd.low, odd.high, odd.n) == (2.0, 1.0, 3.0, 3)
    even = bench.summarize(x for x in [4.0, 1.0, 3.0, 2.0])  # any iterable, even length
    assert even.median == 2.5 and even.n == 4
    # one outlier (a neighbour's burst) moves the mean by 25 but the median not at all
    assert bench.summarize([1.0, 1.0, 1.0, 100.0]).median == 1.0


@pytest.mark.parametrize("samples", [[], [1.0, math.nan], [math.inf]])
def test_summarize_rejects_empty_or_non_finite_samples(samples):
    with pytest.raises(ValueError, match="samples"):
        bench.summarize(samples)


# --- verdicts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ratio", "budget", "of", "expected"),
    [
        (15.0, None, 15.0, "value", True),  # the budget itself is within budget
        (15.01, None, 15.0, "value", False),
        (9.0, 2.99, 3.0, "ratio", True),
        (9.0, 3.01, 3.0, "ratio", False),
        (1.0, None, 3.0, "ratio", False),  # a ratio budget without a floor cannot be met
        (None, None, 15.0, "value", False),  # nothing measured
        (math.nan, None, 15.0, "value", False),
        (500.0, 99.0, None, "value", None),  # reported, no budget
    ],
)
def test_verdict(value, ratio, budget, of, expected):
    assert bench.verdict(value, ratio, budget, of) is expected


def test_verdict_rejects_an_unknown_budget_kind():
    with pytest.raises(ValueError, match="budget_of must be 'value' or 'ratio', got 'mean'"):
        bench.verdict(1.0, None, 2.0, "mean")


def test_measured_divides_by_the_floor_and_judges_the_ratio():
    r = bench.measured("Adam: step", 12.0, "ms", floor=3.0, budget=5.0, budget_of="ratio")
    assert r.ratio == 4.0 and r.ok is True
    slow = bench.measured("Adam: step", 18.0, "ms", floor=3.0, budget=5.0, budget_of="ratio")
    assert slow.ratio == 6.0 and slow.ok is False
    assert bench.measured("x", 1.0, "s", floor=0.0).ratio is None  # no division by zero


def test_failed_is_never_ok_and_carries_its_reason():
    r = bench.failed("notebook 03", "s", "missing: notebooks/03.ipynb not found", budget=15.0)
    assert r.value is None and r.ok is False and "missing" in r.detail


def test_exit_code_is_one_when_any_budget_is_missed_or_anything_failed():
    ok = bench.measured("a", 1.0, "s", budget=2.0)
    info = bench.measured("b", 9.0, "s")
    missed = bench.measured("c", 3.0, "s", budget=2.0)
    broken = bench.failed("d", "s", "boom")
    assert bench.exit_code([ok, info]) == 0
    assert bench.exit_code([ok, info, missed]) == 1
    assert bench.exit_code([ok, broken]) == 1


# --- JSON records and the table ----------------------------------------------------------------

FIELDS = {"name", "value", "unit", "floor", "ratio", "budget", "ok"}


def test_results_json_has_one_record_per_measurement(tmp_path):
    records = [
        bench.measured("notebook 01", 4.123456789, "s", floor=2.0, budget=15.0),
        bench.failed("notebook 02", "s", "cell 3 raised ZeroDivisionError: division by zero"),
        bench.measured("odd", math.nan, "ms"),
    ]
    path = tmp_path / "deep" / "results.json"
    bench.write_results(records, path, {"cpus": 2})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["environment"] == {"cpus": 2}
    first, second, third = data["records"]
    assert FIELDS <= set(first)
    assert first["name"] == "notebook 01" and first["unit"] == "s"
    assert first["value"] == 4.12346  # six significant digits
    assert first["floor"] == 2.0 and first["ratio"] == pytest.approx(4.123456789 / 2.0, rel=1e-5)
    assert first["budget"] == 15.0 and first["ok"] is True
    assert second["value"] is None and second["ok"] is False
    assert "ZeroDivisionError" in second["detail"]
    assert third["value"] is None  # NaN is not JSON; it becomes null


def test_table_shows_groups_verdicts_and_reasons():
    records = [
        bench.measured("notebook 01", 4.2, "s", floor=2.1, budget=15.0, group="notebooks"),
        bench.measured("notebook 02", 16.0, "s", floor=2.1, budget=15.0, group="notebooks"),
        bench.failed("notebook 03", "s", "missing: notebooks/03.ipynb", group="notebooks"),
        bench.measured("step", 90.0, "us", floor=30.0, budget=3.0, budget_of="ratio"),
    ]
    records[-1].group = "training"
    lines = bench.table(records).splitlines()
    row = {line.split()[1]: line for line in lines if line.startswith("notebook")}
    assert row["01"].endswith("ok") and "4.20 s" in row["01"] and "2.00" in row["01"]
    assert row["02"].endswith("MISSED") and "≤ 15 s" in row["02"]
    assert row["03"].endswith("FAILED")
    assert "    missing: notebooks/03.ipynb" in lines
    assert any(line.startswith("Training step") for line in lines)
    step = next(line for line in lines if line.startswith("step"))
    assert "90.0 µs" in step and "≤ 3× floor" in step and step.endswith("ok")
    assert bench.summary(records).startswith("2 of 4 budgets missed or not measured (notebook 02")


# --- notebooks: a fake runner for the bookkeeping, a real kernel for the failure path ----------


def write_notebook(path, *sources):
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


class FakeRunner:
    """Returns scripted seconds per notebook (floor: the imports-only notebook) or raises."""

    def __init__(self, seconds: dict, broken=()):
        self.seconds = {k: list(v) for k, v in seconds.items()}
        self.broken = set(broken)
        self.calls = []

    def __call__(self, source, cwd):
        name = "floor" if isinstance(source, nbformat.NotebookNode) else source.stem
        self.calls.append(name)
        if name in self.broken:
            raise bench.NotebookFailed(f"cell 2 raised ValueError: bad {name}")
        seconds = self.seconds[name].pop(0)
        return seconds, {1: 0.1, 2: seconds / 2}  # cell 2 does half the work


def test_notebooks_report_medians_ratios_and_the_total(tmp_path):
    write_notebook(tmp_path / "01_a.ipynb", "1")
    write_notebook(tmp_path / "02_b.ipynb", "2")
    runner = FakeRunner(
        {"floor": [9.0, 2.0, 3.0, 2.5], "01_a": [5.0, 4.0, 90.0], "02_b": [6, 6, 6]}
    )
    records = bench.bench_notebooks(
        tmp_path, runs=3, expected=("01_a", "02_b"), runner=runner, progress=lambda s: None
    )
    by = {r.name: r for r in records}
    # the first floor run is a warm-up: the floor's median is over 2.0, 3.0, 2.5
    assert by["floor: imports only"].value == 2.5
    a = by["notebook 01_a"]
    assert a.value == 5.0 and a.ratio == 2.0 and a.ok is True and a.budget == 15.0
    # the spread of the runs, and the slowest cells by their median over the runs
    assert a.detail == "runs 4.00–90.00 s; slowest cells: 2 2.50 s, 1 0.10 s"
    total = by["all 2 notebooks"]
    assert total.value == 11.0 and total.floor == 5.0 and total.ok is True
    # runs are interleaved: floor, 01, 02, floor, 01, 02, …
    assert runner.calls[1:4] == ["floor", "01_a", "02_b"]


def test_a_slow_notebook_misses_its_budget(tmp_path):
    write_notebook(tmp_path / "01_a.ipynb", "1")
    runner = FakeRunner({"floor": [2.0, 2.0], "01_a": [15.5]})
    records = bench.bench_notebooks(
        tmp_path, runs=1, expected=("01_a",), runner=runner, progress=lambda s: None
    )
    assert [r.ok for r in records] == [None, False, True]  # floor, 01_a (15.5 s), total (≤ 60)
    assert bench.exit_code(records) == 1


def test_a_failing_or_missing_notebook_is_reported_and_the_rest_still_run(tmp_path):
    for name in ("01_a", "02_b", "04_d"):
        write_notebook(tmp_path / f"{name}.ipynb", "1")
    seconds = {"floor": [1.0] * 3, "01_a": [3.0, 3.0], "04_d": [4.0, 4.0]}
    runner = FakeRunner(seconds, broken={"02_b"})
    said = []
    records = bench.bench_notebooks(
        tmp_path,
        runs=2,
        expected=("01_a", "02_b", "03_c", "04_d"),
        runner=runner,
        progress=said.append,
    )
    by = {r.name: r for r in records}
    names = ["floor: imports only", *(f"notebook {n}" for n in ("01_a", "02_b", "03_c", "04_d"))]
    assert [r.name for r in records] == [*names, "all 4 notebooks"]  # in the course's order
    assert by["notebook 01_a"].ok is True and by["notebook 04_d"].value == 4.0
    assert (
        by["notebook 02_b"].ok is False and "cell 2 raised ValueError" in by["notebook 02_b"].detail
    )
    assert runner.calls.count("02_b") == 1  # a failing notebook is not retried
    assert by["notebook 03_c"].ok is False and "03_c.ipynb not found" in by["notebook 03_c"].detail
    total = by["all 4 notebooks"]
    assert total.ok is False and "02_b, 03_c" in total.detail and "7.0 s" in total.detail
    assert any("missing: 03_c.ipynb" in s for s in said)
    assert any("FAILED" in s and "02_b" in s for s in said)
    assert bench.exit_code(records) == 1


def test_a_checkout_without_notebooks_reports_each_one(tmp_path):
    runner = FakeRunner({"floor": [1.0]})
    records = bench.bench_notebooks(
        tmp_path / "nowhere", runs=1, runner=runner, progress=lambda s: None
    )
    missing = [r for r in records if r.name.startswith("notebook ")]
    assert [r.name[len("notebook ") :] for r in missing] == list(bench.EXPECTED)
    assert all(r.ok is False for r in missing) and records[-1].ok is False


def test_cell_seconds_reads_the_execution_timestamps():
    nb = new_notebook()
    nb.cells = [new_code_cell("a"), new_code_cell("b")]
    nb.cells[1].metadata["execution"] = {
        "iopub.execute_input": "2026-01-01T10:00:59.250000Z",
        "shell.execute_reply": "2026-01-01T10:01:00.750000Z",
    }
    assert bench.cell_seconds(nb) == {1: 1.5}


def test_a_real_kernel_runs_a_notebook_and_reports_the_cell_that_fails(tmp_path):
    ok = write_notebook(tmp_path / "01_ok.ipynb", "x = 1 + 1", "print(x)")
    bad = write_notebook(tmp_path / "02_bad.ipynb", "y = 2", "1 / 0", "print('never')")
    before, ok_before = bad.read_text(encoding="utf-8"), ok.read_text(encoding="utf-8")
    records = bench.bench_notebooks(
        tmp_path, runs=1, expected=("01_ok", "02_bad"), progress=lambda s: None
    )
    by = {r.name: r for r in records}
    assert by["floor: imports only"].value > 0  # the imports-only notebook ran
    assert by["notebook 01_ok"].ok is True and by["notebook 01_ok"].ratio is not None
    assert "slowest cells: " in by["notebook 01_ok"].detail  # cells 0 and 1 were timed
    assert by["notebook 02_bad"].ok is False
    assert by["notebook 02_bad"].detail.startswith("cell 1 raised ZeroDivisionError")
    assert bad.read_text(encoding="utf-8") == before  # the bench never writes a notebook
    assert ok.read_text(encoding="utf-8") == ok_before


# --- live demos ------------------------------------------------------------------------------


def steps_of(control, count=6):
    values = bench.sweep_values(control, count)
    return [v for _, v in values]


def test_sweep_spreads_an_int_slider_over_its_range_and_returns():
    s = widgets.int_slider(2, 1, 3, "degree")
    assert steps_of(s) == [1, 2, 3, 2]


def test_sweep_aligns_a_float_slider_to_its_step():
    s = widgets.slider(0.5, 0.0, 1.0, 0.1, "β")
    assert steps_of(s) == pytest.approx([0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 0.5])


def test_sweep_spreads_a_log_slider_in_its_exponent():
    s = widgets.slider(1e-2, -4, 0, 0.25, "lr", log=True)
    assert steps_of(s, 5) == pytest.approx([1e-4, 1e-3, 1e-2, 1e-1, 1.0, 1e-2])


def test_sweep_from_the_top_of_the_range_ends_with_a_real_change():
    s = widgets.slider(0.999, 0.9, 0.999, 0.001, "β₂")
    values = steps_of(s, 4)
    assert values == pytest.approx([0.9, 0.933, 0.966, 0.999])  # no repeated 0.999 at the end


def test_sweep_visits_drop_down_options_and_toggles_check_boxes():
    d = widgets.dropdown({"SGD": "sgd", "Adam": "adam", "RMSProp": "rms"}, "adam", "optimizer")
    assert bench.sweep_values(d) == [("index", 0), ("index", 2), ("index", 1)]
    c = w.Checkbox(value=True)
    assert steps_of(c) == [False, True]


@pytest.mark.parametrize(
    "make",
    [
        lambda: widgets.int_slider(0, 0, 100, "n", step=7),
        lambda: widgets.slider(0.3, 0.0, 2.0, 0.05, "lr"),
        lambda: widgets.slider(1e-3, -5, 1, 0.5, "lr", log=True),
        lambda: widgets.dropdown(list("abcdefghij"), "c", "letter"),
    ],
    ids=["int", "float", "log", "dropdown"],
)
def test_every_change_of_a_sweep_fires_the_callback_and_stays_in_range(make):
    control = make()
    attr = "index" if isinstance(control, w.Dropdown) else "value"
    start = getattr(control, attr)
    fired = []
    control.observe(fired.append, attr)
    values = bench.sweep_values(control, 6)
    for a, v in values:
        setattr(control, a, v)
    assert len(fired) == len(values) >= 3  # each set changed the value
    assert values[-1][1] == start
    if isinstance(control, w.Dropdown):
        low, high = 0, len(control.options) - 1
    elif isinstance(control, w.FloatLogSlider):
        low, high = control.base**control.min, control.base**control.max
    else:
        low, high = control.min, control.max
    assert all(low - 1e-12 <= v <= high + 1e-12 for _, v in values)


def test_sweep_needs_at_least_two_values():
    with pytest.raises(ValueError, match="count must be at least 2, got 1"):
        bench.sweep_values(widgets.int_slider(1, 0, 3, "n"), 1)


def make_demo(calls, fail_at=None):
    def draw(degree, kind):
        calls.append((degree, kind))
        if degree == fail_at:
            raise ValueError(f"degree {degree} is not allowed")
        fig, ax = plt.subplots()
        ax.plot([0, 1], [degree, degree])
        ax.set_title(kind)
        return fig

    def fit_demo():
        controls = {
            "degree": widgets.int_slider(2, 1, 4, "degree"),
            "kind": widgets.dropdown(["sgd", "adam"], "sgd", "kind"),
        }
        return widgets.live(draw, controls)

    return fit_demo


def test_controls_of_finds_the_panels_sliders_and_drop_downs():
    a = widgets.slider(0.5, 0, 1, 0.1, "a")
    b = widgets.dropdown(["x", "y"], "x", "b")
    panel = widgets.live(lambda a, b: plt.figure(), {"a": a, "b": b})
    assert bench.controls_of(panel) == [a, b]
    assert bench.controls_of(w.VBox([w.HTML("text"), w.Output()])) == []


def test_a_demo_is_timed_over_every_change_of_every_control():
    calls = []
    records = bench.time_demo("fit.fit_demo", make_demo(calls), floor=40.0)
    median, worst = records
    assert median.floor == 40.0 and worst.ratio == worst.value / 40.0
    assert median.name == "demo fit.fit_demo: median" and median.unit == "ms"
    assert median.budget == bench.DEMO_MEDIAN_BUDGET and worst.budget == bench.DEMO_WORST_BUDGET
    assert isinstance(median.ok, bool) and isinstance(worst.ok, bool)
    # the first draw (building the panel), then degree 1, 2, 3, 4, back to 2, kind adam, back
    degrees = [(d, "sgd") for d in (2, 1, 2, 3, 4, 2)]
    assert calls == [*degrees, (2, "adam"), (2, "sgd")]
    assert "7 changes" in median.detail and "callback" in median.detail and "PNG" in median.detail
    assert "degree" in median.detail and "kind" in median.detail
    assert worst.detail.startswith("slowest change: ")
    assert plt.get_fignums() == []  # every figure was rendered and closed


def test_a_demo_whose_callback_raises_is_reported_and_the_sweep_goes_on():
    calls = []
    records = bench.time_demo("fit.fit_demo", make_demo(calls, fail_at=4))
    by = {r.name.split(": ")[-1]: r for r in records}
    assert by["callback"].ok is False
    assert by["callback"].detail == "degree = 4: ValueError: degree 4 is not allowed"
    assert "6 changes" in by["median"].detail  # the other changes were still timed
    assert bench.exit_code(records) == 1


def test_a_change_that_draws_nothing_is_named():
    def draw(n):  # n = 3 shows the same picture as n = 2
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, min(n, 2)])
        ax.set_ylim(0, 3)
        return fig

    def lazy_demo():
        return widgets.live(draw, {"n": widgets.int_slider(1, 1, 3, "n")})

    median, _ = bench.time_demo("x.lazy_demo", lazy_demo)
    assert "1 left the picture unchanged (n = 3)" in median.detail


def test_a_demo_without_controls_or_that_cannot_be_built_fails():
    (r,) = bench.time_demo("x.bare_demo", lambda: w.VBox([w.Output()]))
    assert r.ok is False and "no sliders" in r.detail

    def broken_demo():
        raise RuntimeError("no data")

    (r,) = bench.time_demo("x.broken_demo", broken_demo)
    assert r.ok is False and r.detail == "building the panel raised RuntimeError: no data"


@pytest.fixture
def fake_widgets(tmp_path, monkeypatch):
    """A package ``fakewidgets`` with a good topic module and one that fails to import."""
    pkg = tmp_path / "fakewidgets"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "good.py").write_text(
        "import matplotlib.pyplot as plt\n"
        "from helpers import widgets\n"
        "from helpers.widgets import live as borrowed_demo  # not defined here: not a demo\n\n"
        "def draw_line(a):\n"
        "    fig, ax = plt.subplots()\n"
        "    ax.plot([0, 1], [0, a])\n"
        "    return fig\n\n"
        "def line_demo():\n"
        "    return widgets.live(draw_line, {'a': widgets.slider(1.0, 0.0, 2.0, 0.5, 'a')})\n"
    )
    (pkg / "broken.py").write_text("import helpers.no_such_module\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "fakewidgets"
    for name in [m for m in sys.modules if m.startswith("fakewidgets")]:
        del sys.modules[name]
    importlib.invalidate_caches()


def test_demos_are_discovered_and_a_broken_module_is_reported(fake_widgets):
    demos, errors = bench.discover_demos(fake_widgets)
    assert [name for name, _ in demos] == ["good.line_demo"]
    assert errors == [("broken", "ModuleNotFoundError: No module named 'helpers.no_such_module'")]
    said = []
    records = bench.bench_demos(fake_widgets, progress=said.append)
    names = [r.name for r in records]
    assert names == [
        "floor: one-line move",
        "demos in broken",
        "demo good.line_demo: median",
        "demo good.line_demo: worst",
    ]
    floor, broken, median, _ = records
    assert floor.ok is None and floor.unit == "ms"  # reported, no budget
    assert broken.ok is False and "import failed" in broken.detail
    assert median.floor == floor.value and median.ratio == median.value / floor.value
    assert any("good.line_demo" in s for s in said)


def test_no_demos_at_all_is_a_failure(tmp_path, monkeypatch):
    (tmp_path / "emptywidgets").mkdir()
    (tmp_path / "emptywidgets" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    _, r = bench.bench_demos("emptywidgets", progress=lambda s: None)
    assert r.ok is False and "no *_demo functions" in r.detail
    del sys.modules["emptywidgets"]


# --- the training step and the optimizer steps, with stand-ins for the course's modules ---------


class PlainSGD:
    def __init__(self, learning_rate, momentum=0.0):
        self.lr = learning_rate

    def step(self, params, grads):
        for p, g in zip(params, grads, strict=True):
            p -= self.lr * g


class Angry(PlainSGD):
    def step(self, params, grads):
        raise ValueError("params[0] and grads[0] differ in shape")


def test_optimizers_are_measured_against_the_plain_update(monkeypatch):
    fake = types.SimpleNamespace(SGD=PlainSGD, Adam=Angry)  # no AdaGrad
    monkeypatch.setitem(sys.modules, "fakeopt", fake)
    configs = [
        ("SGD", "SGD", {}, None),
        ("SGD, momentum 0.9", "SGD", {"momentum": 0.9}, None),
        ("AdaGrad", "AdaGrad", {}, None),
        ("Adam", "Adam", {}, 5.0),
    ]
    records = bench.bench_optimizers(
        size=2000, module="fakeopt", configs=configs, repeats=1, progress=lambda s: None
    )
    sgd, momentum, adagrad, adam = records
    assert sgd.unit == "ms" and sgd.floor > 0 and sgd.ratio == sgd.value / sgd.floor
    assert sgd.ok is None and momentum.ok is None  # reported without a budget
    assert adagrad.ok is False and adagrad.detail == "fakeopt.AdaGrad not found"
    assert adam.ok is False and "ValueError: params[0] and grads[0]" in adam.detail
    assert adam.budget == 5.0 and adam.budget_of == "ratio"


def test_a_missing_optimizer_module_fails_every_optimizer():
    records = bench.bench_optimizers(
        size=100, module="helpers.no_such_optimizers", repeats=1, progress=lambda s: None
    )
    assert len(records) == len(bench.OPTIMIZERS)
    assert all(r.ok is False and "No module named" in r.detail for r in records)


class TinyMLP:
    """Two dense layers with ReLU, enough of helpers.backprop.MLP's interface for the bench."""

    def __init__(self, sizes, rng):
        layers = list(itertools.pairwise(sizes))
        self.params = Packed.zeros([shape for n, m in layers for shape in ((n, m), (m,))])
        for W in self.params[::2]:
            W[...] = rng.normal(size=W.shape) * 0.1

    def forward(self, x):
        w1, b1, w2, b2 = self.params
        self.x, self.h = x, np.maximum(x @ w1 + b1, 0)
        return self.h @ w2 + b2

    def backward(self, d, out=None):
        w2 = self.params[2]
        dh = (d @ w2.T) * (self.h > 0)
        grads = self.params.empty_like() if out is None else out
        for g, value in zip(grads, [self.x.T @ dh, dh.sum(0), self.h.T @ d, d.sum(0)], strict=True):
            g[...] = value
        return grads


def test_the_training_step_is_measured_against_its_matrix_products(monkeypatch):
    monkeypatch.setitem(sys.modules, "helpers.backprop", types.SimpleNamespace(MLP=TinyMLP))
    monkeypatch.setitem(sys.modules, "helpers.optimizers", types.SimpleNamespace(Adam=PlainSGD))
    (r,) = bench.bench_training(repeats=1, progress=lambda s: None)
    assert r.name == "MLP 64-100-10, batch 50: step" and r.unit == "us"
    assert r.value > 0 and r.floor > 0 and r.ratio == r.value / r.floor
    assert r.budget == 3.0 and r.budget_of == "ratio" and isinstance(r.ok, bool)
    for part in ("forward", "loss", "backward", "Adam", "5 matrix products"):
        assert part in r.detail


def test_the_training_step_reports_what_is_missing_or_broken(monkeypatch):
    monkeypatch.setitem(sys.modules, "helpers.optimizers", None)  # import fails
    (r,) = bench.bench_training(repeats=1, progress=lambda s: None)
    assert r.ok is False and "cannot import" in r.detail and "helpers.optimizers" in r.detail

    class WrongShapes(TinyMLP):
        def backward(self, d, out=None):
            raise ValueError("dlogits must have shape (50, 10)")

    monkeypatch.setitem(sys.modules, "helpers.backprop", types.SimpleNamespace(MLP=WrongShapes))
    monkeypatch.setitem(sys.modules, "helpers.optimizers", types.SimpleNamespace(Adam=PlainSGD))
    (r,) = bench.bench_training(repeats=1, progress=lambda s: None)
    assert (
        r.ok is False and r.detail == "the step raised ValueError: dlogits must have shape (50, 10)"
    )


# --- the command -----------------------------------------------------------------------------


def test_main_writes_the_records_and_keeps_going_past_a_crash(tmp_path, monkeypatch, capsys):
    def crashing(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(bench, "bench_training", crashing)
    monkeypatch.setattr(
        bench, "bench_optimizers", lambda: [bench.measured("Adam: step", 1.0, "ms", budget=2.0)]
    )
    out = tmp_path / "results.json"
    code = bench.main(["--only", "training,optimizers", "--out", str(out)])
    records = json.loads(out.read_text(encoding="utf-8"))["records"]
    assert [(r["name"], r["ok"]) for r in records] == [("training", False), ("Adam: step", True)]
    assert "KeyError" in records[0]["detail"] and code == 1
    printed = capsys.readouterr().out
    assert "Adam: step" in printed and "1 of 2 budgets missed" in printed

    monkeypatch.setattr(bench, "bench_training", lambda: [])
    assert bench.main(["--only", "training,optimizers", "--out", str(out)]) == 0


@pytest.mark.parametrize(
    ("only", "pauses"),
    [("notebooks,demos", [bench.SETTLE]), ("demos,notebooks", [bench.SETTLE]), ("notebooks", [])],
)
def test_the_machine_settles_after_the_notebooks_before_anything_else(
    tmp_path, monkeypatch, only, pauses
):
    """The pause comes after the notebook group, and only when another group follows."""
    order, slept = [], []
    monkeypatch.setattr(bench, "bench_notebooks", lambda *a, **k: order.append("nb") or [])
    monkeypatch.setattr(bench, "bench_demos", lambda: order.append("demos") or [])
    monkeypatch.setattr(bench.time, "sleep", lambda s: (slept.append(s), order.append("sleep")))
    assert bench.main(["--only", only, "--out", str(tmp_path / "r.json")]) == 0
    assert slept == pauses
    assert order == (["nb", "sleep", "demos"] if pauses else ["nb"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--only", "notebooks,speed"], "unknown group"), (["--runs", "0"], "at least 1")],
)
def test_bad_arguments_are_refused(argv, message, capsys):
    with pytest.raises(SystemExit):
        bench.parse(argv)
    assert message in capsys.readouterr().err
