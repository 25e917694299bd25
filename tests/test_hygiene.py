"""Every committed notebook is clean, executed top to bottom, mapped in the README and linked,
and stored the way JupyterLab saves it."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbtools import keep_stored_timings, problems, strip, tag_ignored_outputs, write

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
def test_notebook_is_stored_as_jupyterlab_saves_it(path):
    """The kernel metadata JupyterLab writes for ipykernel (seen in a file it saved), and the
    bytes Jupyter's server writes (nbformat: indent 1, sorted keys, a final newline)."""
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec == {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    info = dict(nb.metadata.language_info)
    assert re.fullmatch(r"3\.\d+\.\d+", info.pop("version"))
    assert info == {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
    }
    text = path.read_text(encoding="utf-8")
    assert text == nbformat.writes(nb) + "\n"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_code_cell_has_an_nbval_comment(path):
    """Outputs that cannot be compared are marked by the cell tag nbval-ignore-output, which
    students do not see, not by a ``# NBVAL_...`` comment in the code."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert "NBVAL" not in cell.source.upper(), f"cell {i}: {cell.source[:80]!r}"
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert any("nbval-ignore-output" in t for t in tags), "no widget or timing cell is tagged"


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


KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11.7",
}


def executed(counts, **metadata) -> nbformat.NotebookNode:
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
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


@pytest.mark.parametrize("source", ["# NBVAL_IGNORE_OUTPUT\nprint(1)", "x = 1\n  # NBVAL_SKIP"])
def test_nbval_comment_is_caught(source):
    nb = executed([1])
    nb.cells[1].source = source
    (problem,) = problems(nb)
    assert "nbval comment" in problem and "nbval-ignore-output" in problem


def test_tagging_replaces_the_comment_and_its_reason():
    cell = new_code_cell("# NBVAL_IGNORE_OUTPUT\n# a widget: never compared\ndemo()")
    tag_ignored_outputs(cell)
    assert cell.source == "demo()" and cell.metadata.tags == ["nbval-ignore-output"]
    plain = new_code_cell("# a comment\nprint(1)")
    tag_ignored_outputs(plain)
    assert plain.source == "# a comment\nprint(1)" and "tags" not in plain.metadata


@pytest.mark.parametrize(
    "metadata, expected",
    [
        ({"kernelspec": {**KERNELSPEC, "display_name": "Python 3"}}, "kernelspec"),
        ({"language_info": {"name": "python"}}, "language_info"),
        ({"language_info": {**LANGUAGE_INFO, "version": "3.11"}}, "language_info"),
    ],
)
def test_metadata_jupyterlab_would_rewrite_is_caught(metadata, expected):
    nb = executed([1])
    nb.metadata.update(metadata)
    (problem,) = problems(nb)
    assert expected in problem


def widget(model_id: str) -> nbformat.NotebookNode:
    view = {"model_id": model_id, "version_major": 2, "version_minor": 0}
    data = {"application/vnd.jupyter.widget-view+json": view, "text/plain": "Demo(...)"}
    return new_output("display_data", data=data)


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


def test_strip_makes_a_rerun_identical():
    """Two runs differ in how prints were chunked and in the widgets' random model ids."""
    runs = []
    for ids, chunks in [
        (["9f" * 16, "a1" * 16], ["a\n", "b\n", "c\n"]),
        (["07" * 16, "c3" * 16], ["a\nb\n", "c\n"]),
    ]:
        nb = executed([1, 2])
        for k, cell in enumerate(nb.cells):
            cell.id = f"cell-{k}"  # new_notebook draws random ones
        nb.cells[1].outputs = [new_output("stream", name="stdout", text=t) for t in chunks]
        nb.cells[1].outputs.append(new_output("stream", name="stderr", text="warning\n"))
        nb.cells[2].outputs = [widget(ids[0]), widget(ids[1]), widget(ids[0])]
        assert len(problems(nb)) == 2  # unmerged prints, random ids
        runs.append(nbformat.writes(strip(nb)))
    assert runs[0] == runs[1]
    nb = nbformat.reads(runs[0], as_version=4)
    assert problems(nb) == []
    assert [o.get("text") for o in nb.cells[1].outputs] == ["a\nb\nc\n", "warning\n"]
    views = [o.data["application/vnd.jupyter.widget-view+json"] for o in nb.cells[2].outputs]
    assert [v["model_id"] for v in views] == ["0" * 31 + "1", "0" * 31 + "2", "0" * 31 + "1"]


def timing_cell(text: str, tags=("nbval-ignore-output",)) -> nbformat.NotebookNode:
    cell = new_code_cell("time_it()", execution_count=1, metadata={"tags": list(tags)})
    cell.outputs = [new_output("stream", name="stdout", text=text)]
    return new_notebook(cells=[cell])


def test_a_rerun_keeps_the_stored_timings_of_an_unchanged_timing_cell():
    stored = timing_cell("   m   µs\n   1   78\n  32   86.5\n")
    rerun = timing_cell("   m   µs\n   1  106\n  32  118.25\n")
    keep_stored_timings(stored, rerun)
    assert rerun.cells[0].outputs[0].text == "   m   µs\n   1   78\n  32   86.5\n"


@pytest.mark.parametrize(
    "change",
    ["new words", "an untagged cell", "a changed cell"],
)
def test_a_rerun_takes_new_output_that_is_more_than_new_timings(change):
    stored = timing_cell("   m   µs\n   1   78\n")
    text = {"new words": "   m   ms\n   1   78\n"}.get(change, "   m   µs\n   1  106\n")
    rerun = timing_cell(text, tags=() if change == "an untagged cell" else ("nbval-ignore-output",))
    if change == "a changed cell":
        rerun.cells[0].source = "time_it(repeat=3)"
    keep_stored_timings(stored, rerun)
    assert rerun.cells[0].outputs[0].text == text


def test_strip_keeps_the_stored_python_version():
    """Re-executing under another Python must not rewrite the stored version (git stays clean);
    a notebook without one gets the version passed in (the kernel's)."""
    nb = executed([1])
    nb.metadata.language_info = {**LANGUAGE_INFO, "version": "3.13.1"}  # as the kernel reports
    assert strip(nb, python_version="3.11.7").metadata.language_info == LANGUAGE_INFO
    assert strip(nb).metadata.language_info == LANGUAGE_INFO
    nb.metadata.language_info = {"name": "python"}
    assert strip(nb, python_version="3.12.4").metadata.language_info["version"] == "3.12.4"
    assert strip(nb).metadata.kernelspec == KERNELSPEC


def test_write_is_what_jupyters_server_writes(tmp_path):
    nb = executed([1])
    nb.cells[1].source = "print('α → β')\nx = 1"
    write(nb, tmp_path / "a.ipynb")
    text = (tmp_path / "a.ipynb").read_text(encoding="utf-8")
    assert text.endswith("}\n") and "α → β" in text and '\n "cells": [\n  {\n' in text
    assert text == nbformat.writes(nbformat.reads(text, as_version=4)) + "\n"
