"""Notebook hygiene: what a committed notebook must look like, and how to strip run noise.

Used by ``tools/execute.py`` (which writes notebooks) and ``tests/test_hygiene.py`` (which checks
them), so that writing and checking follow one definition.
"""

from __future__ import annotations

from itertools import pairwise

import nbformat

# Cell metadata keys that record a particular run or a particular editor, not the content.
# nbval recognises a marker only when it is the whole comment (nbval 0.11, find_comment_markers).
NBVAL_MARKERS = ("# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP", "# NBVAL_RAISES_EXCEPTION")
RUN_NOISE = ("execution", "collapsed", "scrolled", "ExecuteTime", "jp-MarkdownHeadingCollapsed")


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove widget state, timestamps and editor state from ``nb`` in place; return it."""
    for key in set(nb.metadata) - {"kernelspec", "language_info"}:
        del nb.metadata[key]  # widget state, editor and platform metadata
    nb.metadata.kernelspec = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata.language_info = {"name": "python"}
    for cell in nb.cells:
        for key in RUN_NOISE:
            cell.metadata.pop(key, None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
    return nb


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Everything that keeps ``nb`` from being a clean, top-to-bottom executed notebook."""
    found = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as err:
        found.append(f"not valid nbformat: {err.message}")
    if nb.metadata.get("kernelspec", {}).get("name") != "python3":
        found.append("kernelspec is not 'python3'")
    if "widgets" in nb.metadata:
        found.append("carries widget state (metadata.widgets)")
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.get("execution_count") for c in code]
    if counts != list(range(1, len(code) + 1)):
        found.append(f"execution counts are {counts}, not 1..{len(code)} (run top to bottom)")
    extra = sorted(set(nb.metadata) - {"kernelspec", "language_info"})
    if extra:
        found.append(f"stale notebook metadata {extra}")
    for i, cell in enumerate(nb.cells):
        lines = [line.strip() for line in "".join(cell.source).splitlines()] + [""]
        for marker, after in pairwise(lines):
            if marker.startswith("# NBVAL_") and marker not in NBVAL_MARKERS:
                found.append(
                    f"cell {i}: nbval ignores {marker!r}; put the marker alone on its line "
                    "and the reason on the next comment line"
                )
            elif marker in NBVAL_MARKERS and not (after.startswith("#") and len(after) > 3):
                found.append(f"cell {i}: {marker} needs its reason on the next comment line")
        noise = [k for k in RUN_NOISE if k in cell.metadata]
        if noise:
            found.append(f"cell {i} has run metadata {noise}")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {i} has an error output ({output.get('ename')})")
    return found
