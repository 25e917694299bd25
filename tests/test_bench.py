"""The benchmark harness (tools/bench.py): verdicts, results, arguments and the demo sweep.

No timing assertions: the numbers themselves belong to `make bench`, not to the tests.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import re
import sys
from pathlib import Path

import bench
import ipywidgets as w
import matplotlib.pyplot as plt
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers import widgets

M = bench.Measurement

# --- verdicts, the table, the JSON --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "budget", "ok"),
    [
        (15.0, 15.0, True),  # the budget itself is within budget
        (15.01, 15.0, False),
        (0.0, 100.0, True),
        (9.0, None, None),  # reported, no budget
        (None, 15.0, False),  # nothing measured
        (None, None, False),  # a failure is never ok, budget or not
    ],
)
def test_a_measurement_is_ok_within_its_budget(value, budget, ok):
    assert M("x", value, "s", budget=budget).ok is ok


def synthetic():
    return [
        M("floor: one-line move", 40.0, "ms", group="demos"),
        M("demo a: median", 60.0, "ms", 40.0, 100.0, group="demos"),
        M("demo a: worst", 300.0, "ms", 40.0, 250.0, "slowest of 7 moves: n = 3", "demos"),
        M("notebook 01_a", None, "s", 2.0, 15.0, "cell 1 raised ZeroDivisionError", "notebooks"),
    ]


def test_the_table_shows_each_group_value_ratio_budget_and_verdict():
    lines = bench.table(synthetic()).splitlines()
    row = {line.split("  ")[0]: line for line in lines if line.startswith(("demo", "note"))}
    median, worst, failed = row["demo a: median"], row["demo a: worst"], row["notebook 01_a"]
    assert median.endswith("ok") and "60.0 ms" in median and "1.50" in median  # 60 / 40
    assert worst.endswith("MISSED") and "≤ 250 ms" in worst and "7.50" in worst  # 300 / 40
    assert failed.endswith("FAILED") and "≤ 15 s" in failed and "—" in failed
    assert "    cell 1 raised ZeroDivisionError" in lines  # the reason under its row
    assert lines[2] == bench.GROUPS["demos"][0] + ":"
    assert bench.GROUPS["notebooks"][0] + ":" in lines


def test_the_results_json_holds_every_measurement(tmp_path):
    path = tmp_path / "deep" / "results.json"
    bench.write_results(synthetic(), path, {"cpus": 2})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["environment"] == {"cpus": 2}
    floor, median, worst, failed = data["results"]
    assert {"name", "value", "unit", "floor", "budget", "ok"} <= set(median)
    assert median == median | {"name": "demo a: median", "value": 60.0, "unit": "ms"}
    assert (median["floor"], median["budget"], median["ok"]) == (40.0, 100.0, True)
    assert floor["ok"] is None and worst["ok"] is False
    assert failed["value"] is None and failed["ok"] is False and "Zero" in failed["detail"]


# --- arguments and the command ------------------------------------------------------------------


def test_the_defaults_run_every_group_demos_first():
    args = bench.parse([])
    assert args.only == ["demos", "notebooks", "setup", "browser"]
    assert args.runs == 3 and args.out == bench.OUT
    args = bench.parse(["--only", " notebooks ", "--runs", "1", "--out", "x.json"])
    assert args.only == ["notebooks"] and args.runs == 1 and str(args.out) == "x.json"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--only", "notebooks,training"], "unknown group(s) ['training']"),
        (["--only", "optimizers"], "choose from demos, notebooks, setup, browser"),  # retired
        (["--only", ","], "unknown group"),
        (["--runs", "0"], "--runs must be at least 1, got 0"),
        (["--runs", "two"], "invalid int value"),
    ],
)
def test_bad_arguments_are_refused(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        bench.parse(argv)
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_main_writes_the_results_and_exits_1_on_a_missed_budget_or_a_crash(
    tmp_path, monkeypatch, capsys
):
    def crash():
        raise KeyError("oops")

    monkeypatch.setattr(bench, "bench_demos", crash)
    monkeypatch.setattr(bench, "bench_notebooks", lambda runs: [M("notebook 01", 4.0, "s", 1, 15)])
    monkeypatch.setattr(bench, "bench_setup", lambda: [M("make: build", 9.0, "s", budget=20)])
    monkeypatch.setattr(bench, "bench_browser", lambda: [M("browser normal: floor", 60.0, "ms")])
    out = tmp_path / "results.json"
    assert bench.main(["--out", str(out)]) == 1
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert [(r["name"], r["group"], r["ok"]) for r in results] == [
        ("demos", "demos", False),  # the crash is recorded, and the other groups still ran
        ("notebook 01", "notebooks", True),
        ("make: build", "setup", True),
        ("browser normal: floor", "browser", None),
    ]
    assert "KeyError: 'oops'" in results[0]["detail"]
    assert "Missed or failed: demos." in capsys.readouterr().out
    assert bench.main(["--only", "notebooks", "--out", str(out)]) == 0
    monkeypatch.setattr(bench, "bench_notebooks", lambda runs: [M("notebook 01", 16.0, "s", 1, 15)])
    assert bench.main(["--only", "notebooks", "--out", str(out)]) == 1


# --- notebooks: a scripted runner for the bookkeeping, a real kernel for a failing cell ---------


def write_notebook(path, *sources):
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


class Runner:
    """Scripted seconds per notebook ("floor": the imports-only one), or a failure."""

    def __init__(self, seconds, broken=()):
        self.seconds, self.broken, self.calls = {k: list(v) for k, v in seconds.items()}, broken, []

    def __call__(self, source, cwd):
        name = "floor" if isinstance(source, nbformat.NotebookNode) else source.stem
        self.calls.append(name)
        if name in self.broken:
            raise RuntimeError(f"cell 2 raised ValueError: bad {name}")
        return self.seconds[name].pop(0)


def test_notebooks_are_interleaved_with_the_floor_and_reported_by_median(tmp_path):
    write_notebook(tmp_path / "01_a.ipynb", "1")
    write_notebook(tmp_path / "02_b.ipynb", "2")
    runner = Runner({"floor": [9.0, 2.0, 3.0, 2.5], "01_a": [5.0, 4.0, 90.0], "02_b": [6, 6, 6]})
    found = bench.bench_notebooks(
        tmp_path, runs=3, expected=("01_a",), runner=runner, progress=lambda s: None
    )
    assert runner.calls == ["floor", *["floor", "01_a", "02_b"] * 3]  # a warm-up, then rounds
    by = {m.name: m for m in found}
    assert by["floor: imports only"].value == 2.5  # the warm-up (9 s) is not counted
    assert by["notebook 01_a"].value == 5.0 and by["notebook 01_a"].floor == 2.5
    assert by["notebook 02_b"].budget == 15.0 and by["notebook 02_b"].ok is True
    total = by["all notebooks"]
    assert (total.value, total.floor, total.budget, total.ok) == (11.0, 5.0, 60.0, True)


def test_a_failing_or_missing_notebook_fails_and_the_others_still_run(tmp_path):
    for name in ("01_a", "02_b"):
        write_notebook(tmp_path / f"{name}.ipynb", "1")
    runner = Runner({"floor": [1.0] * 3, "01_a": [16.0, 16.0]}, broken={"02_b"})
    said = []
    found = bench.bench_notebooks(
        tmp_path, runs=2, expected=("01_a", "02_b", "03_c"), runner=runner, progress=said.append
    )
    by = {m.name: m for m in found}
    assert by["notebook 01_a"].ok is False and by["notebook 01_a"].value == 16.0  # over 15 s
    assert by["notebook 02_b"].ok is False and by["notebook 02_b"].detail.startswith("cell 2")
    assert runner.calls.count("02_b") == 1  # a failed notebook is not run again
    assert by["notebook 03_c"].ok is False and "03_c.ipynb not in" in by["notebook 03_c"].detail
    assert by["all notebooks"].value is None and "02_b, 03_c" in by["all notebooks"].detail
    assert any("FAILED: cell 2 raised ValueError: bad 02_b" in s for s in said)


def test_without_a_notebook_folder_every_expected_notebook_is_missing(tmp_path):
    found = bench.bench_notebooks(tmp_path / "nowhere", runs=1, runner=Runner({"floor": [1.0]}))
    assert [m.name for m in found[1:-1]] == [f"notebook {n}" for n in bench.EXPECTED]
    assert all(m.ok is False for m in found[1:])


def test_a_real_kernel_names_the_cell_that_raised_and_writes_nothing(tmp_path):
    path = write_notebook(tmp_path / "01_bad.ipynb", "y = 2", "1 / 0", "print('never')")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"^cell 1 raised ZeroDivisionError: division by zero"):
        bench.run_notebook(path, tmp_path)
    assert path.read_text(encoding="utf-8") == before
    assert "plotting.use_style()" in bench.floor_notebook().cells[0].source


# --- the demo sweep -----------------------------------------------------------------------------


def moves_of(control, count=6):
    return [v for _, v in bench.sweep_values(control, count)]


def test_a_slider_is_swept_over_its_range_on_its_step_and_back():
    assert moves_of(widgets.int_slider(2, 1, 3, "degree")) == [1, 2, 3, 2]
    assert moves_of(widgets.int_slider(0, 0, 100, "n", step=7)) == [21, 42, 63, 77, 98, 0]
    float_moves = moves_of(widgets.slider(0.5, 0.0, 1.0, 0.1, "β"))
    assert float_moves == pytest.approx([0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 0.5])
    log = widgets.slider(1e-2, -4, 0, 0.25, "lr", log=True)  # spread in the exponent
    assert moves_of(log, 5) == pytest.approx([1e-4, 1e-3, 1e-2, 1e-1, 1.0, 1e-2])
    top = widgets.slider(0.999, 0.9, 0.999, 0.001, "β₂")  # starts where the sweep ends
    assert moves_of(top, 4) == pytest.approx([0.9, 0.933, 0.966, 0.999])


def test_a_drop_down_visits_its_options_and_returns():
    d = widgets.dropdown({"SGD": "sgd", "Adam": "adam", "RMSProp": "rms"}, "adam", "optimizer")
    assert bench.sweep_values(d) == [("index", 0), ("index", 2), ("index", 1)]
    many = widgets.dropdown(list("abcdefghij"), "a", "letter")  # 10 options, 6 values
    assert moves_of(many) == [2, 4, 5, 7, 9, 0]
    assert bench.sweep_values(widgets.dropdown(["only"], "only", "x")) == []
    with pytest.raises(ValueError, match="count must be at least 2, got 1"):
        bench.sweep_values(d, 1)


def tree(widget):
    """Every widget in a panel."""
    children = getattr(widget, "children", ())
    return [widget, *(x for child in children for x in tree(child))]


def notebook_demos():
    """The demo functions the notebooks call (``demos.sgd_demo()`` …)."""
    sources = (p.read_text(encoding="utf-8") for p in bench.NOTEBOOKS.glob("[0-9]*.ipynb"))
    return {name for s in sources for name in re.findall(r"\.(\w+_demo)\(\)", s)}


def test_the_sweep_moves_every_control_of_every_demo_the_notebooks_show():
    demos, errors = bench.discover_demos()
    assert errors == []
    assert {name.split(".")[1] for name, _ in demos} == notebook_demos() != set()
    with contextlib.redirect_stdout(io.StringIO()):  # outside a kernel, display() prints
        for name, make_panel in demos:
            panel = make_panel()
            plt.close("all")
            shown = (w.Box, w.Output, w.HTML, w.Label)  # everything else is a control
            controls = [x for x in tree(panel) if not isinstance(x, shown)]
            moves = bench.sweep(panel)
            assert controls, name
            assert {id(c) for c, _, _ in moves} == {id(c) for c in controls}, name
            for control in controls:
                values = [(a, v) for c, a, v in moves if c is control]
                assert len(values) >= 2, (name, control.description)
                attr = values[-1][0]
                assert values[-1][1] == pytest.approx(getattr(control, attr))  # back at the start


def drawing_demo(calls, fail_at=None):
    def draw(degree, kind):
        calls.append((degree, kind))
        if degree == fail_at:
            raise ValueError(f"degree {degree} is not allowed")
        fig, ax = plt.subplots()
        ax.plot([0, 1], [degree, degree])
        return fig

    def fit_demo():
        controls = {
            "degree": widgets.int_slider(2, 1, 4, "degree"),
            "kind": widgets.dropdown(["sgd", "adam"], "sgd", "kind"),
        }
        return widgets.live(draw, controls)

    return fit_demo


def test_a_demo_is_timed_once_per_move_of_every_control():
    calls = []
    median, worst = bench.time_demo("fit.fit_demo", drawing_demo(calls), floor=40.0)
    # the first draw (building the panel), then degree 1, 2, 3, 4, back to 2, kind adam, back
    assert calls == [*((d, "sgd") for d in (2, 1, 2, 3, 4, 2)), (2, "adam"), (2, "sgd")]
    assert (median.name, median.unit, median.floor) == ("demo fit.fit_demo: median", "ms", 40.0)
    assert median.budget == bench.DEMO_MEDIAN_BUDGET and worst.budget == bench.DEMO_WORST_BUDGET
    assert median.value > 0 and worst.value >= median.value
    assert worst.detail.startswith("slowest of 7 moves: ")
    assert plt.get_fignums() == []


def test_a_demo_that_raises_or_has_no_controls_fails():
    *_, moves = bench.time_demo("fit.fit_demo", drawing_demo([], fail_at=4))
    assert moves.ok is False and moves.detail == (
        "1 of 7 moves raised, first degree = 4: ValueError: degree 4 is not allowed"
    )
    (bare,) = bench.time_demo("x.bare_demo", lambda: w.VBox([w.HTML("text"), w.Output()]))
    assert bare.ok is False and bare.detail == "no sliders or drop-downs found"

    def broken_demo():
        raise RuntimeError("no data")

    (broken,) = bench.time_demo("x.broken_demo", broken_demo)
    assert broken.ok is False and broken.detail == "RuntimeError: no data"


@pytest.fixture
def fake_widgets(tmp_path, monkeypatch):
    """A package ``fakewidgets``: one topic module with a demo, one that fails to import."""
    (tmp_path / "fakewidgets").mkdir()
    (tmp_path / "fakewidgets" / "__init__.py").write_text("")
    (tmp_path / "fakewidgets" / "good.py").write_text(
        "import matplotlib.pyplot as plt\n"
        "from helpers import widgets\n"
        "from helpers.widgets import live as borrowed_demo  # not defined here: not a demo\n\n"
        "def line_demo():\n"
        "    draw = lambda a: plt.plot([0, 1], [0, a]) and None\n"
        "    return widgets.live(draw, {'a': widgets.slider(1.0, 0.0, 2.0, 0.5, 'a')})\n"
    )
    (tmp_path / "fakewidgets" / "broken.py").write_text("import helpers.no_such_module\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "fakewidgets"
    for name in [m for m in sys.modules if m.startswith("fakewidgets")]:
        del sys.modules[name]
    importlib.invalidate_caches()


def test_the_demos_group_reports_the_floor_each_demo_and_each_broken_module(fake_widgets):
    said = []
    found = bench.bench_demos(fake_widgets, count=3, progress=said.append)
    assert [m.name for m in found] == [
        "floor: one-line move",
        "demos in broken",
        "demo good.line_demo: median",
        "demo good.line_demo: worst",
    ]
    floor, broken, median, _ = found
    assert floor.ok is None and floor.value > 0 and median.floor == floor.value
    assert broken.ok is False and "No module named 'helpers.no_such_module'" in broken.detail
    assert any("good.line_demo" in s for s in said)


# --- setup: the student environment from nothing ------------------------------------------------


def test_the_builds_see_no_cache_no_machine_package_source_and_no_calling_make():
    env = bench.cold_environment(
        {"PATH": "/bin", "PIP_FIND_LINKS": "/opt/wheels", "UV_CACHE_DIR": "/c", "MAKEFLAGS": "s"}
    )
    assert env == {
        "PATH": "/bin",
        "PIP_CONFIG_FILE": os.devnull,  # no pip.conf: PyPI only, as for a newcomer
        "PIP_NO_CACHE_DIR": "1",
        "UV_NO_CACHE": "1",
    }


def test_megabytes_count_a_hard_linked_file_once(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 2**20)
    os.link(tmp_path / "a", tmp_path / "b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c").write_bytes(b"y" * 2**20)
    assert bench.megabytes(tmp_path) == pytest.approx(2.0, abs=0.02)  # 2 MiB and the folder


class Builder:
    """Scripted builds: make fills .venv with 3 MiB, pip's venv gets 5 MiB; ``copied`` is what
    make found in the folder it ran in."""

    def __init__(self, fail=None):
        self.commands, self.fail, self.copied = [], fail, []

    def __call__(self, command, cwd, env):
        self.commands.append([str(c) for c in command])
        if self.fail and self.fail in str(command):
            raise RuntimeError(f"{self.fail} failed")
        if command[0] == "make":
            self.copied = sorted(
                p.relative_to(cwd).as_posix() for p in cwd.rglob("*") if p.is_file()
            )
            (cwd / ".venv").mkdir()
            (cwd / ".venv" / "lib").write_bytes(b"x" * 3 * 2**20)
            (cwd / ".venv" / ".installed").write_text("python: /py 3.11.7\ninstaller: uv 0.13.10\n")
        elif command[1:3] == ["-m", "venv"]:
            Path(command[3]).mkdir()
            (Path(command[3]) / "lib").write_bytes(b"x" * 5 * 2**20)


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A two-file course in ``tmp_path/clone``, and builds that see no outside environment."""
    (tmp_path / "clone" / "helpers").mkdir(parents=True)
    (tmp_path / "clone" / "Makefile").write_text("all:\n")
    (tmp_path / "clone" / "helpers" / "data.py").write_text("x = 1\n")
    monkeypatch.setattr(bench, "course_files", lambda root: ["Makefile", "helpers/data.py"])
    monkeypatch.setattr(bench, "cold_environment", lambda: {"PATH": "/bin"})
    return tmp_path / "clone"


def test_setup_builds_with_make_then_pip_from_a_copy_of_the_course(course):
    builder = Builder()
    found = bench.bench_setup(course, python="/py", runner=builder, progress=lambda s: None)
    make, *pip = builder.commands
    assert make == ["make", ".venv/.installed", "PYTHON=/py"]
    assert builder.copied == ["Makefile", "helpers/data.py"]  # the course's files, copied
    assert pip[0][:3] == ["/py", "-m", "venv"]
    assert pip[1][1:] == ["-m", "pip", "install", "-r", "requirements.lock"]
    by = {m.name: m for m in found}
    assert list(by) == ["make: build", "make: size", "pip: build", "pip: size"]
    assert by["make: build"].budget == 20 and by["make: build"].detail == "uv 0.13.10"
    assert by["make: size"].value == pytest.approx(3.0, abs=0.02) and by["make: size"].budget == 450
    assert by["pip: size"].value == pytest.approx(5.0, abs=0.02) and by["pip: build"].ok is None


def test_a_failed_build_is_reported_and_the_other_still_runs(course):
    found = bench.bench_setup(
        course, python="/py", runner=Builder(fail="make"), progress=lambda s: None
    )
    assert [(m.name, m.ok) for m in found] == [
        ("make: build", False),
        ("pip: build", None),
        ("pip: size", None),
    ]
    assert found[0].detail == "RuntimeError: make failed"


@pytest.mark.skipif(not (bench.ROOT / ".git").exists(), reason="not a git checkout")
def test_the_copy_holds_what_a_clone_holds():
    files = bench.course_files()
    assert {"Makefile", "pyproject.toml", "requirements.lock", "helpers/data.py"} <= set(files)
    assert "helpers/datasets/digits.csv.gz" in files
    assert not any(f.startswith((".venv/", "build/")) for f in files)


# --- browser: the notebook it runs and the bookkeeping (the run itself is `make bench`'s) -------


def test_the_browser_notebook_has_the_style_the_floor_and_every_demo_the_course_shows():
    nb, names = bench.browser_notebook(presentation=True)
    demos = names[1:]
    shown = {  # every demo call the notebooks make, read from their code cells
        call
        for path in (bench.ROOT / "notebooks").glob("[0-9]*.ipynb")
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
        for call in re.findall(r"\b(\w+_demo)\(\)", cell.source)
    }
    assert names[0] == "floor" and {name.split(".")[1] for name in demos} >= shown
    assert len(nb.cells) == len(names) + 1
    assert "plotting.use_style(presentation=True)" in nb.cells[0].source
    assert nb.metadata.kernelspec.name == "python3"  # JupyterLab starts a kernel without asking
    for name, cell in zip(demos, nb.cells[2:], strict=True):
        module, function = name.split(".")
        assert cell.source.endswith(f"{module}.{function}()")


def test_the_browser_floor_cell_builds_a_live_panel_of_a_tiny_picture():
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(bench.BROWSER_SETUP.format(presentation=False), namespace)
        exec(bench.BROWSER_FLOOR.rsplit("\n\n", 1)[0], namespace)
        panel = widgets.live(namespace["tiny"], {"a": widgets.slider(1.0, 0.0, 2.0, 0.1, "a")})
    width, height = png_size(panel.png)
    assert (width, height) == (40, 40)  # 0.4 in at the house style's 100 dpi
    plt.close("all")


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (IHDR), read independently of PIL."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_each_mode_reports_the_floor_then_each_demos_median_and_worst_or_its_problems():
    swept = {
        "floor": ([60.0, 70.0, 80.0], []),
        "a.one_demo": ([90.0, 110.0, 100.0, 250.0], []),
        "b.two_demo": ([], ["'x' End: timeout"]),
    }
    found = bench.browser_measurements("normal", swept)
    assert [(m.name, m.value, m.floor, m.budget, m.ok) for m in found] == [
        ("browser normal: floor (tiny picture)", 70.0, None, None, None),
        ("browser normal: a.one_demo: median", 105.0, 70.0, 100.0, False),
        ("browser normal: a.one_demo: worst", 250.0, 70.0, 200.0, False),
        ("browser normal: b.two_demo: moves", None, None, None, False),
    ]
    assert found[-1].detail == "'x' End: timeout"
