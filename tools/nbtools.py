"""Notebook hygiene: what a committed notebook must look like, and how to strip run noise.

Used by ``tools/execute.py`` (which writes notebooks) and ``tests/test_hygiene.py`` (which checks
them), so that writing and checking follow one definition. A committed notebook is stored the
way JupyterLab saves it (its kernelspec and ipykernel's ``language_info``; written by
:func:`write`, as Jupyter's server writes), so opening and saving it changes nothing.

``python tools/nbtools.py NOTEBOOK ...`` brings notebooks to that form without executing them:
the setup guard at the top of the first code cell, ``nbval-ignore-output`` tags instead of
``# NBVAL_IGNORE_OUTPUT`` comments, and :func:`strip`.
"""

from __future__ import annotations

import platform
import re
import sys
import tomllib
from itertools import pairwise
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
# Cell metadata keys that record a particular run or a particular editor, not the content.
RUN_NOISE = ("execution", "collapsed", "scrolled", "ExecuteTime", "jp-MarkdownHeadingCollapsed")
# What JupyterLab stores for ipykernel's python3 kernel; "version" (the Python that ran the
# notebook) is added by strip(), which keeps the stored one so that re-running on another
# Python does not rewrite it.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
IGNORE_OUTPUT = "nbval-ignore-output"  # the cell tag with which nbval skips comparing outputs
NBVAL_COMMENT = re.compile(r"^\s*#\s*NBVAL_", re.MULTILINE)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# The first lines of every notebook's setup cell: without this course's `helpers` installed,
# one line saying what to run instead of a traceback (IPython shows `_render_traceback_()`).
GUARD = """\
try:  # the course's own `helpers`, not a namesake (a PyPI package, a stray helpers.py)
    from helpers import __course__  # noqa: F401
except ImportError as error:
    fix = (
        f"{{error}}. Install the course's helpers: %pip install -e .. (in a clone's notebooks "
        "folder) or %pip install {wheel} (beside the course's "
        "wheel), then restart the kernel."
    )
    error._render_traceback_ = lambda: [fix]  # Jupyter shows this line, not a traceback
    raise

"""


def guard() -> str:
    """The setup guard, naming the wheel that ``make dist`` builds from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name = re.sub(r"[-_.]+", "_", project["name"]).lower()  # a wheel's file name (PEP 427)
    return GUARD.format(wheel=f"{name}-{project['version']}-py3-none-any.whl")


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write ``nb`` byte for byte as Jupyter's server saves it (indent 1, sorted keys, UTF-8)."""
    nbformat.write(nb, path, version=nbformat.NO_CONVERT)


def strip(nb: nbformat.NotebookNode, python_version: str | None = None) -> nbformat.NotebookNode:
    """Store ``nb`` as JupyterLab saves it, without run noise; in place, and return it.

    Removes widget state, timestamps and editor state; sets the kernelspec and language_info
    (``python_version``, else the stored one, else this Python's); merges consecutive stream
    outputs (as JupyterLab does when it runs a cell; how a kernel's prints are split in chunks
    varies) and numbers widget views' random model ids in order, so that re-executing an
    unchanged notebook leaves it unchanged.
    """
    stored = nb.metadata.get("language_info", {}).get("version")
    for key in set(nb.metadata) - {"kernelspec", "language_info"}:
        del nb.metadata[key]  # widget state, editor and platform metadata
    nb.metadata.kernelspec = dict(KERNELSPEC)
    version = python_version or stored or platform.python_version()
    nb.metadata.language_info = {**LANGUAGE_INFO, "version": version}
    model_ids: dict[str, str] = {}
    for cell in nb.cells:
        for key in RUN_NOISE:
            cell.metadata.pop(key, None)
        if "outputs" not in cell:
            continue
        cell.outputs = merge_streams(cell.outputs)
        for output in cell.outputs:
            output.get("metadata", {}).pop("execution", None)
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                if view["model_id"] not in model_ids:
                    model_ids[view["model_id"]] = f"{len(model_ids) + 1:032x}"
                view["model_id"] = model_ids[view["model_id"]]
    return nb


def merge_streams(outputs: list) -> list:
    """``outputs`` with each run of stream outputs to the same stream joined into one."""
    merged: list = []
    for output in outputs:
        last = merged[-1] if merged else {}
        if output.output_type == "stream" == last.get("output_type") and output.name == last.name:
            last.text += output.text
        else:
            merged.append(output)
    return merged


def keep_stored_timings(stored: nbformat.NotebookNode, nb: nbformat.NotebookNode) -> None:
    """In the cells of ``nb`` tagged IGNORE_OUTPUT, keep a print's ``stored`` text when the new
    one differs only in its numbers: a timing, which differs on every run. So re-executing an
    unchanged notebook leaves it unchanged; a changed cell or a changed layout takes the new."""

    def shape(text: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"\d[\d.,]*", "#", text))

    for old_cell, cell in zip(stored.cells, nb.cells, strict=True):
        outputs = old_cell.get("outputs", [])
        tagged = IGNORE_OUTPUT in cell.metadata.get("tags", [])
        if not tagged or old_cell.source != cell.source or len(outputs) != len(cell.outputs):
            continue
        for old, new in zip(outputs, cell.outputs, strict=True):
            same_stream = new.output_type == "stream" == old.output_type and new.name == old.name
            if same_stream and shape(new.text) == shape(old.text):
                new.text = old.text


def tag_ignored_outputs(cell: nbformat.NotebookNode) -> None:
    """Turn a leading ``# NBVAL_IGNORE_OUTPUT`` comment (and its reason line) into the tag."""
    lines = cell.source.splitlines()
    if not lines or lines[0].strip() != "# NBVAL_IGNORE_OUTPUT":
        return
    del lines[0]
    if lines and lines[0].lstrip().startswith("#"):  # the reason: test plumbing, not course text
        del lines[0]
    cell.source = "\n".join(lines)
    tags = cell.metadata.setdefault("tags", [])
    if IGNORE_OUTPUT not in tags:
        tags.append(IGNORE_OUTPUT)


def add_guard(nb: nbformat.NotebookNode) -> None:
    """Put :func:`guard` at the top of the first code cell (replacing an older guard)."""
    setup = next(c for c in nb.cells if c.cell_type == "code")
    head, raised, body = setup.source.partition("\n    raise\n")
    if not (raised and "from helpers import __course__" in head):
        body = setup.source  # no guard yet
    setup.source = guard() + body.lstrip("\n")


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Everything that keeps ``nb`` from being a clean, top-to-bottom executed notebook."""
    found = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as err:
        found.append(f"not valid nbformat: {err.message}")
    if nb.metadata.get("kernelspec") != KERNELSPEC:
        found.append(f"kernelspec is not JupyterLab's {KERNELSPEC}")
    info = dict(nb.metadata.get("language_info", {}))
    if not re.fullmatch(r"3\.\d+\.\d+", str(info.pop("version", ""))) or info != LANGUAGE_INFO:
        found.append("language_info is not ipykernel's (as JupyterLab saves it): run strip()")
    if "widgets" in nb.metadata:
        found.append("carries widget state (metadata.widgets)")
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.get("execution_count") for c in code]
    if counts != list(range(1, len(code) + 1)):
        found.append(f"execution counts are {counts}, not 1..{len(code)} (run top to bottom)")
    extra = sorted(set(nb.metadata) - {"kernelspec", "language_info"})
    if extra:
        found.append(f"stale notebook metadata {extra}")
    data = [output.get("data", {}) for cell in code for output in cell.outputs]
    ids = list(dict.fromkeys(d[WIDGET_VIEW]["model_id"] for d in data if WIDGET_VIEW in d))
    if ids != [f"{k:032x}" for k in range(1, len(ids) + 1)]:
        found.append("widget model ids are random, not numbered in order (strip() numbers them)")
    for i, cell in enumerate(nb.cells):
        found += cell_problems(i, cell)
    return found


def cell_problems(i: int, cell: nbformat.NotebookNode) -> list[str]:
    found = []
    if cell.cell_type == "code" and NBVAL_COMMENT.search(cell.source):
        found.append(
            f"cell {i}: an nbval comment students would see; tag the cell {IGNORE_OUTPUT!r} "
            "(or nbval-skip) instead"
        )
    noise = [k for k in RUN_NOISE if k in cell.metadata]
    if noise:
        found.append(f"cell {i} has run metadata {noise}")
    outputs = cell.get("outputs", [])
    streams = [(o.output_type, o.get("name")) for o in outputs]
    if any(a == b and a[0] == "stream" for a, b in pairwise(streams)):
        found.append(f"cell {i} has consecutive outputs to one stream (strip() merges them)")
    for output in outputs:
        if output.get("output_type") == "error":
            found.append(f"cell {i} has an error output ({output.get('ename')})")
    return found


def main(paths: list[str]) -> int:
    """Bring the notebooks at ``paths`` to the committed form, without executing them."""
    for name in paths:
        nb = nbformat.read(name, as_version=4)
        add_guard(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                tag_ignored_outputs(cell)
        write(strip(nb), Path(name))
        print(f"{name}: {'; '.join(problems(nb)) or 'ok'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
