"""Build the course as a static website (``make site``): build/site/index.html, offline.

The six notebooks are shown as they are committed, with their stored outputs (strict nbval
compares their printed output with a fresh run); nothing is re-executed. Copies are prepared
in ``build/site-work`` and rendered by Sphinx with MyST-NB and the book theme (configured in
``site/conf.py``):

* a **live demo** (a cell that calls ``helpers.widgets``) cannot run without a kernel, so its
  widget output becomes the demo's first picture, drawn now by the same code at the demo's
  starting values, under a line naming its controls and how to run it live;
* an **exercise** (a cell that calls ``helpers.check``) keeps its code; its output becomes a line
  saying that the check's verdict appears when the notebook runs;
* nbval markers (``# NBVAL_...`` and the reason on the next line) and the setup cell's guard
  against a missing ``helpers`` are machinery for running a notebook, not course text, and are
  left out of the shown code;
* a box under each notebook's title links the lecture it follows and says how to run it.

A notebook whose code cells were not executed stops the build with a message naming it. Sphinx
runs with warnings as errors; afterwards every page is scanned for a resource loaded from
another host, which would break the site offline.

Usage: python tools/website.py [--out build/site]
"""

from __future__ import annotations

import argparse
import ast
import base64
import contextlib
import html
import importlib
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "site"  # conf.py, index.md, _static/, _templates/
WIDGET = "application/vnd.jupyter.widget-view+json"
LIVE = "`make lab`"  # how a reader runs the course (README: "Two commands")
LIVE_HTML = "<code>make lab</code>"

# The lecture: Milan Straka, "Training Neural Networks", lecture 2 of NPFL114 Deep Learning,
# Charles University, summer 2021/22 (the slides of 2022-02-21 that the notebooks follow).
COURSE_URL = "https://ufal.mff.cuni.cz/courses/npfl114/2122-summer"
SLIDES_URL = "https://ufal.mff.cuni.cz/~straka/courses/npfl114/2122/slides/?02"
PDF_URL = "https://ufal.mff.cuni.cz/~straka/courses/npfl114/2122/slides.pdf/npfl114-02.pdf"


class SiteError(Exception):
    """A notebook the site cannot show faithfully; the message says which and what to do."""


# --------------------------------------------------------------------------------------------
# Reading a notebook


def unexecuted_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indices of code cells with code but no execution count (never run, or outputs cleared)."""
    return [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and cell.source.strip() and cell.get("execution_count") is None
    ]


def require_outputs(nb: nbformat.NotebookNode, name: str) -> None:
    """Raise :class:`SiteError` unless every code cell of ``nb`` was executed."""
    missing = unexecuted_cells(nb)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    if missing or (code and not any(c.get("outputs") for c in code)):
        shown = ", ".join(map(str, missing[:8])) + (" …" if len(missing) > 8 else "")
        detail = f"cells {shown} were never executed" if missing else "it has no outputs at all"
        raise SiteError(
            f"{name} has no stored outputs ({detail}), so its page would be empty. "
            f"Run `make execute NB={name}` (or `make execute` for all notebooks) first."
        )


def helper_aliases(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Every name the notebook's imports bind to something in ``helpers``, as a dotted path.

    ``from helpers.widgets import sgd as demos`` gives ``{"demos": "helpers.widgets.sgd"}``.
    """
    names: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers"):
                for a in node.names:
                    names[a.asname or a.name] = f"{node.module}.{a.name}"
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("helpers") and a.asname:
                        names[a.asname] = a.name
    return names


def dotted(node: ast.AST, aliases: dict[str, str]) -> str | None:
    """The full dotted path of a called name such as ``demos.sgd_demo``, if it is a helper."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in aliases:
        return None
    return ".".join([aliases[node.id], *reversed(parts)])


def final_call(source: str, aliases: dict[str, str], package: str) -> ast.Call | None:
    """The cell's last statement when it is a call of a function inside ``package`` (such as
    ``helpers.check``): the call whose value the cell shows as its output."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    last = body[-1] if body else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)):
        return None
    path = dotted(last.value.func, aliases) or ""
    return last.value if path.startswith(package + ".") else None


def demo_call(source: str, aliases: dict[str, str]) -> tuple[str, list, dict] | None:
    """``(dotted function, args, kwargs)`` when the cell's last statement calls a live demo."""
    call = final_call(source, aliases, "helpers.widgets")
    if call is None:
        return None
    path = dotted(call.func, aliases)
    try:
        args = [ast.literal_eval(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    except ValueError:
        raise SiteError(
            f"the demo call {ast.unparse(call)} has an argument that is not a literal, so its "
            "first picture cannot be drawn without running the notebook"
        ) from None
    return path, args, kwargs


# --------------------------------------------------------------------------------------------
# Live demos: their first picture


def still_frame(path: str, args: list, kwargs: dict) -> tuple[bytes, list[str]]:
    """The PNG that demo ``path`` (e.g. ``helpers.widgets.sgd.sgd_demo``) shows first, and a
    description of each control at its starting value, drawn in the notebooks' house style."""
    from helpers import plotting

    module, _, function = path.rpartition(".")
    plotting.use_style()
    with contextlib.redirect_stdout(io.StringIO()):  # outside a kernel, display() prints
        panel = getattr(importlib.import_module(module), function)(*args, **kwargs)
    if not getattr(panel, "png", b""):
        raise SiteError(f"{path}() drew no picture")
    controls = [c for row in panel.children[:-1] for c in getattr(row, "children", [row])]
    return panel.png, [describe(c) for c in controls]


def describe(control) -> str:
    """``<b>learning rate α</b>: 0.1 (from 0.001 to 3.16)`` for a slider, and for a drop-down
    its value and the other choices."""
    name = html.escape(control.description)
    if hasattr(control, "options"):  # a drop-down: its labels (the keys of a dict of options)
        options = control.options
        labels = (
            list(options)
            if isinstance(options, dict)
            else [o[0] if isinstance(o, tuple) else o for o in options]
        )
        others = ", ".join(html.escape(str(label)) for label in labels if label != control.label)
        return f"<b>{name}</b>: {html.escape(control.label)} (or {others})"
    fmt = control.readout_format
    low, high = control.min, control.max
    if type(control).__name__ == "FloatLogSlider":  # its min and max are powers of its base
        low, high = control.base**low, control.base**high
    value, low, high = (format(v, fmt) for v in (control.value, low, high))
    return f"<b>{name}</b>: {value} (from {low} to {high})"


def demo_outputs(path: str, args: list, kwargs: dict) -> list[nbformat.NotebookNode]:
    """The outputs that replace a demo's widget: how to run it live, then its first picture."""
    png, controls = still_frame(path, args, kwargs)
    items = "".join(f"<li>{c}</li>" for c in controls)
    note = (
        '<div class="site-demo"><p>▶ <b>Live demo</b>, here as its first picture. Run the '
        f"notebook ({LIVE_HTML}) and the figure answers its controls:</p><ul>{items}</ul></div>"
    )
    name = path.rpartition(".")[2]
    return [
        nbformat.v4.new_output("display_data", {"text/html": note, "text/plain": name}),
        nbformat.v4.new_output(
            "display_data",
            {"image/png": base64.b64encode(png).decode(), "text/plain": f"<{name}: first picture>"},
        ),
    ]


EXERCISE_NOTE = (
    '<div class="site-exercise"><p>✏️ <b>Exercise.</b> Write your answer in the notebook and run '
    f"this cell ({LIVE_HTML}): the check's verdict appears here.</p></div>"
)


# --------------------------------------------------------------------------------------------
# Preparing a page


def without_nbval_markers(source: str) -> str:
    """``source`` without ``# NBVAL_...`` marker lines and the reason comment that follows each."""
    lines, kept, skip_reason = source.splitlines(), [], False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("# NBVAL_"):
            skip_reason = True
            continue
        if skip_reason and stripped.startswith("#"):
            skip_reason = False
            continue
        skip_reason = False
        kept.append(line)
    return "\n".join(kept)


def without_setup_guard(source: str) -> str:
    """``source`` without the setup cell's guard, if it has one: the ``try: from helpers import
    __course__ ... raise`` block that explains a missing ``helpers`` to someone running the
    notebook (tools/nbtools.py writes it). A reader of the page has nothing to install."""
    head, raised, body = source.partition("\n    raise\n")
    if raised and head.startswith("try:") and "from helpers import __course__" in head:
        return body.lstrip("\n")
    return source


def lecture_box(stem: str) -> nbformat.NotebookNode:
    """The box under a page's title: what the page is, how to run it, the lecture's slides.
    (The notebook's own introduction names the lecture sections it follows.)"""
    return nbformat.v4.new_markdown_cell(
        "```{admonition} Read here, run in JupyterLab\n"
        ":class: tip site-lecture\n"
        f"This page is `{stem}.ipynb` with the outputs stored when it was last executed. To "
        f"change the code, move the live demos and get your exercises checked, run it: {LIVE} "
        "([how](../index.md#run-the-course)). The lecture it follows: Milan Straka, *Training "
        f"Neural Networks*, [NPFL114]({COURSE_URL}) lecture 2 — [slides]({SLIDES_URL}), "
        f"[PDF]({PDF_URL}).\n"
        "```"
    )


def prepare(nb: nbformat.NotebookNode, stem: str) -> tuple[nbformat.NotebookNode, dict]:
    """A copy of ``nb`` made into a page, and counts of what was changed."""
    nb = nbformat.from_dict(nb)  # a deep copy: the committed notebook is never touched
    aliases = helper_aliases(nb)
    counts = {"demos": 0, "exercises": 0}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        cell.source = without_setup_guard(without_nbval_markers(cell.source))
        demo = demo_call(cell.source, aliases)
        widgets = any(WIDGET in o.get("data", {}) for o in cell.outputs)
        if demo:
            cell.outputs = demo_outputs(*demo)
            counts["demos"] += 1
        elif widgets:
            raise SiteError(f"{stem}.ipynb cell {i} shows a widget that is not a helpers demo")
        elif final_call(cell.source, aliases, "helpers.check"):
            cell.outputs = [
                nbformat.v4.new_output(
                    "display_data", {"text/html": EXERCISE_NOTE, "text/plain": "exercise"}
                )
            ]
            counts["exercises"] += 1
    nb.cells.insert(1, lecture_box(stem))
    return nb, counts


# --------------------------------------------------------------------------------------------
# Building


def prepare_sources(notebooks: list[Path], src: Path) -> dict[str, dict]:
    """Fill ``src`` with the site's pages: site/'s sources and the prepared notebook copies."""
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(SITE, src, ignore=shutil.ignore_patterns("conf.py", "_static", "_templates"))
    (src / "notebooks").mkdir()
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        require_outputs(nb, display_name(path))
    report = {}
    for path in notebooks:
        page, report[path.stem] = prepare(nbformat.read(path, as_version=4), path.stem)
        nbformat.write(page, src / "notebooks" / path.name)
    return report


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc=["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref=["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//""",
    re.IGNORECASE,
)


def external_resources(out: Path) -> list[str]:
    """Files of the built site that load something from another host (links are fine)."""
    found = []
    for path in sorted(out.rglob("*")):
        if path.suffix in (".html", ".css") and EXTERNAL.search(path.read_text(errors="replace")):
            found.append(str(path.relative_to(out)))
    return found


def build(out: Path, notebooks: list[Path]) -> int:
    """Prepare the pages, run Sphinx (warnings are errors), check the site is self-contained.

    Sphinx works in ``build/site-work`` (the prepared pages, its caches, MyST-NB's extracted
    images); only a finished, checked site is moved to ``out``. An old site is removed first,
    so a failed build never leaves one that looks current.
    """
    start = time.perf_counter()
    work = out.parent / "site-work"
    for stale in (out, work):
        shutil.rmtree(stale, ignore_errors=True)
    report = prepare_sources(notebooks, work / "src")
    for stem, counts in report.items():
        print(f"  {stem}: live demos {counts['demos']}, exercises {counts['exercises']}")
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", "-c"]
    command += [str(SITE), "-d", str(work / "doctrees"), str(work / "src"), str(work / "html")]
    if subprocess.run(command, cwd=REPO).returncode:
        print("error: Sphinx reported the warnings above; no site was written", file=sys.stderr)
        return 1
    loading = external_resources(work / "html")
    if loading:
        print(f"error: these pages load from another host: {', '.join(loading)}", file=sys.stderr)
        return 1
    (work / "html").rename(out)
    pages = len([p for p in out.rglob("*.html") if not p.name.endswith("macros.html")])
    print(
        f"site: {display_name(out / 'index.html')} ({pages} pages, "
        f"{time.perf_counter() - start:.0f} s)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "site")
    args = parser.parse_args(argv)
    notebooks = sorted((REPO / "notebooks").glob("[0-9]*.ipynb"))
    import matplotlib

    matplotlib.use("Agg")  # the demos' first pictures are drawn here, without a display
    try:
        return build(args.out.resolve(), [p.resolve() for p in notebooks])
    except SiteError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
