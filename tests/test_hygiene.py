"""Every committed notebook is clean, executed top to bottom, mapped in the README and linked."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbtools import problems, strip

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def readme_map() -> list[str]:
    """Notebook file names in the order the README's map lists them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"\(notebooks/(\d\d_\w+\.ipynb)\)", text)


def test_readme_maps_every_notebook_in_order():
    assert readme_map() == [p.name for p in NOTEBOOKS]
    assert len(NOTEBOOKS) == 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert problems(nb) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_links_previous_and_next(path):
    nb = nbformat.read(path, as_version=4)
    title = nb.cells[0]
    assert title.cell_type == "markdown" and title.source.startswith("# ")
    names = [p.name for p in NOTEBOOKS]
    i = names.index(path.name)
    links = re.findall(r"\]\(([\w.]+\.ipynb)\)", title.source)
    expected = names[max(i - 1, 0) : i] + names[i + 1 : i + 2]
    assert links == expected, f"{path.name} should link {expected} in its title cell"


# --- the checker itself: it must catch what it claims to catch ------------------------------


def executed(counts, **metadata) -> nbformat.NotebookNode:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells.append(new_markdown_cell("# Title"))
    for n in counts:
        nb.cells.append(new_code_cell("1 + 1", execution_count=n))
    nb.metadata.update(metadata)
    return nb


def test_clean_notebook_has_no_problems():
    assert problems(executed([1, 2, 3])) == []


@pytest.mark.parametrize("counts", [[1, 3, 2], [2, 3, 4], [1, None, 3], [1, 1, 2]])
def test_out_of_order_execution_is_caught(counts):
    (problem,) = problems(executed(counts))
    assert "execution counts" in problem and "top to bottom" in problem


def test_error_output_is_caught():
    nb = executed([1, 2])
    nb.cells[1].outputs.append(
        new_output("error", ename="ZeroDivisionError", evalue="", traceback=[])
    )
    assert problems(nb) == ["cell 1 has an error output (ZeroDivisionError)"]


def test_widget_state_timestamps_and_foreign_kernels_are_caught():
    nb = executed([1], widgets={"application/vnd.jupyter.widget-state+json": {}})
    nb.cells[1].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    nb.metadata.kernelspec = {"name": "julia-1.10", "display_name": "Julia"}
    found = " | ".join(problems(nb))
    assert "widget state" in found and "run metadata" in found and "kernelspec" in found


def test_ignore_marker_needs_its_own_line_and_a_reason():
    nb = executed([1])
    nb.cells[1].source = "# NBVAL_IGNORE_OUTPUT\nprint(1)"
    assert any("reason on the next comment line" in p for p in problems(nb))
    nb.cells[1].source = "# NBVAL_IGNORE_OUTPUT — a widget\nprint(1)"  # nbval would not see it
    assert any("nbval ignores" in p for p in problems(nb))
    nb.cells[1].source = "# NBVAL_IGNORE_OUTPUT\n# a widget: its output never compares\nprint(1)"
    assert problems(nb) == []


def test_strip_removes_run_noise():
    nb = executed([1, 2], widgets={"state": {}}, vscode={"interpreter": "x"})
    nb.cells[1].metadata["execution"] = {"shell.execute_reply": "now"}
    nb.cells[2].metadata["scrolled"] = True
    nb.cells[2].metadata["tags"] = ["keep-me"]
    strip(nb)
    assert "widgets" not in nb.metadata and "vscode" not in nb.metadata
    assert "execution" not in nb.cells[1].metadata
    assert nb.cells[2].metadata == {"tags": ["keep-me"]}
    assert problems(nb) == []
