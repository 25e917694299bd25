"""The setup guard at the top of every notebook: silent with this course's ``helpers``; with a
namesake or with none, one line saying what to run instead of a traceback."""

from __future__ import annotations

import tomllib
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook
from nbtools import guard

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# The file `python -m build` names (PEP 427: the name's dashes become underscores).
WHEEL = f"npfl114_training_nn-{PROJECT['version']}-py3-none-any.whl"


def run(cells: list[str], cwd: Path) -> list[list[nbformat.NotebookNode]]:
    """Each cell's outputs, run in order in a fresh kernel whose working directory is ``cwd``."""
    nb = new_notebook(cells=[new_code_cell(source) for source in cells])
    client = NotebookClient(
        nb, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return [cell.outputs for cell in nb.cells]


def the_one_line(outputs: list[nbformat.NotebookNode]) -> str:
    """The text a student sees: the guard's error, shown as a single line."""
    (error,) = outputs
    assert error.output_type == "error"
    (line,) = error.traceback
    return line


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_setup_cell_starts_with_the_guard(path):
    nb = nbformat.read(path, as_version=4)
    setup = next(cell for cell in nb.cells if cell.cell_type == "code")
    assert setup.source.startswith(guard()), "run: python tools/nbtools.py notebooks/*.ipynb"
    assert "%pip install -e .." in guard() and WHEEL in guard()


@pytest.mark.parametrize("namesake", ["helpers.py", "helpers/__init__.py"])
def test_a_namesake_beside_the_notebook_is_named_with_what_to_run(tmp_path, namesake):
    """A stray helpers.py, or a package of that name (as `pip install helpers` brings)."""
    (tmp_path / namesake).parent.mkdir(exist_ok=True)
    (tmp_path / namesake).write_text("def main():\n    pass\n")
    (outputs,) = run([guard()], cwd=tmp_path)
    line = the_one_line(outputs)
    found = tmp_path / namesake
    assert line.startswith(f"cannot import name '__course__' from 'helpers' ({found})")
    assert "%pip install -e .." in line and f"%pip install {WHEEL}" in line
    assert line.endswith("then restart the kernel.") and "\n" not in line


def test_a_missing_package_is_named_with_what_to_run(tmp_path):
    hide = "import sys\nsys.modules['helpers'] = None  # as if it were not installed"
    hidden, outputs = run([hide, guard()], cwd=tmp_path)
    assert hidden == []
    line = the_one_line(outputs)
    assert line.startswith("import of helpers halted")
    assert "%pip install -e .." in line and f"%pip install {WHEEL}" in line


def test_with_the_course_installed_the_guard_is_silent(tmp_path):
    assert run([guard() + "print(__course__)"], cwd=tmp_path) == [
        [nbformat.v4.new_output("stream", name="stdout", text="npfl114-training-nn\n")]
    ]
