"""Every notebook, run the way an instructor runs it: JupyterLab in Chromium, Run All, sliders.

For each notebook a copy with outputs and widget state stripped is opened in the server, run
through the menu (Run ▸ Run All Cells), and checked as a person would see it: every code cell got
an execution number, the kernel is idle, no cell shows an error (or anything on stderr), every
widget rendered, and every slider of every live demo (a panel of controls above an Output that
shows a figure) redraws the figure without an error when moved, at least one per demo changing
it. Screenshots of each demo before and after the slider moves go to ``build/e2e``; a second
run of each notebook has the presentation switch on, and its demos' figures must be larger.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from pathlib import Path

import nbformat
import pytest
from nbtools import strip

pytestmark = pytest.mark.e2e

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STDERR_MIME = "application/vnd.jupyter.stderr"
STYLE_CALL = re.compile(r"\buse_style\(\s*\)")
# Seconds a redraw may take after a slider move before it counts as "the figure did not change".
FIGURE_TIMEOUT = 20.0


# --------------------------------------------------------------------------------------------
# The notebook copy


def stage(notebook: Path, lab, *, presentation: bool = False) -> tuple[str, list[str]]:
    """Write a stripped copy of ``notebook`` into the server root; return its name and sources.

    With ``presentation``, the setup cell's ``use_style()`` gets ``presentation=True``.
    """
    nb = nbformat.read(notebook, as_version=4)
    strip(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    name = notebook.name
    if presentation:
        setup = [c for c in nb.cells if c.cell_type == "code" and STYLE_CALL.search(c.source)]
        if not setup:
            fail(f"{notebook.name}: no code cell calls use_style() (the setup cell should)")
        setup[0].source = STYLE_CALL.sub("use_style(presentation=True)", setup[0].source, count=1)
        name = f"{notebook.stem}-presentation.ipynb"
    nbformat.write(nb, lab.root / name)
    return name, [c.source if c.cell_type == "code" else "" for c in nb.cells]


def fail(message: str) -> None:
    """Fail the test with ``message`` alone (a traceback of this module would only add noise)."""
    pytest.fail(message, pytrace=False)


def describe(sources: list[str], index: int) -> str:
    first = next((line for line in sources[index].splitlines() if line.strip()), "")
    return f"cell {index + 1} ({first[:70]!r})"


# --------------------------------------------------------------------------------------------
# Driving JupyterLab


def open_notebook(page, lab, name: str, cells: int, timeout: float = 60) -> None:
    """Open ``name`` in a fresh workspace; wait until its cells are shown and its kernel idles."""
    # A workspace of its own, so that no tab from an earlier test is restored next to it.
    workspace = re.sub(r"[^A-Za-z0-9-]", "-", Path(name).stem)
    page.goto(f"{lab.url}/lab/workspaces/e2e-{workspace}/tree/{name}?token={lab.token}")
    page.locator(".jp-NotebookPanel .jp-Cell").nth(cells - 1).wait_for(state="attached")
    # Run All before the kernel is connected runs nothing: wait for the server's kernel state
    # and the notebook toolbar's indicator (which says "idle" once before the kernel starts).
    deadline = time.monotonic() + timeout
    while True:
        kernel = kernel_of(lab, name)
        shown = page.evaluate(KERNEL_INDICATOR_JS)
        if kernel and kernel["execution_state"] == "idle" and shown == "idle":
            return
        if time.monotonic() > deadline:
            state = kernel["execution_state"] if kernel else "no kernel"
            fail(
                f"{name}: the kernel was not ready after {timeout:g} s (server: {state}, "
                f"notebook toolbar: {shown!r}).\n{lab.log_tail(15)}"
            )
        time.sleep(0.2)


KERNEL_INDICATOR_JS = r"""() => {
    const el = document.querySelector('.jp-NotebookPanel-toolbar [data-status]');
    return el ? el.getAttribute('data-status') : null;
}"""


def kernel_of(lab, name: str) -> dict | None:
    for session in lab.api("GET", "/api/sessions"):
        if session.get("path") == name and session.get("kernel"):
            return session["kernel"]
    return None


def menu(page, title: str, command: str) -> None:
    """Click ``title`` in the menu bar, then the item that runs ``command``."""
    page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile(f"^{title}$")).click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


PROMPTS_JS = r"""() => Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-Cell')).map(
    c => (c.querySelector('.jp-InputPrompt') || {textContent: ''}).textContent.trim())"""
DIED_JS = r"""() => Array.from(document.querySelectorAll('.jp-Dialog')).map(d => d.innerText)
    .filter(t => /died|restarting/i.test(t)).join(' | ').replace(/\s+/g, ' ')"""
CELL_ERRORS_JS = r"""([i, stderr]) => Array.from(
    document.querySelectorAll('.jp-NotebookPanel .jp-Cell')[i]
        .querySelectorAll(`[data-mime-type="${stderr}"]`))
    .map(o => o.innerText.trim().slice(-800)).join('\n')"""
NUMBERED = re.compile(r"\[\d+\]:")


def wait_until_executed(page, lab, name: str, sources: list[str], timeout: float) -> None:
    """Wait until every non-empty code cell shows an execution number and the kernel is idle.

    Fails naming the notebook and the cell when the kernel dies or time runs out.
    """
    code = [i for i, s in enumerate(sources) if s.strip()]
    deadline = time.monotonic() + timeout
    kernel_id, idle_polls, started = None, 0, time.monotonic()
    while True:
        prompts = page.evaluate(PROMPTS_JS)
        prompts += [""] * (len(sources) - len(prompts))
        running = [i for i in code if prompts[i] == "[*]:"]
        numbered = [i for i in code if NUMBERED.fullmatch(prompts[i])]
        kernel = kernel_of(lab, name)
        lab.remember_processes()
        died = page.evaluate(DIED_JS)
        if kernel_id is None and kernel is not None:
            kernel_id = kernel["id"]
        gone = kernel_id is not None and (kernel is None or kernel["id"] != kernel_id)
        state = kernel["execution_state"] if kernel else "gone"
        if died or gone or state in ("dead", "restarting", "autorestarting"):
            # The culprit is the first cell without a number: a cell that finished just before
            # may have lost its reply with the process, so name the last numbered one too.
            pending = [i for i in code if i not in numbered]
            where = describe(sources, pending[0]) if pending else "the last cell"
            after = f"; the last cell that finished: {describe(sources, numbered[-1])}"
            said = f"JupyterLab says: {died}" if died else f"kernel state {state!r}"
            for _ in range(20):  # the server's restarter notices within ~3 s; show its words
                log = lab.log_lines("restart", "died", "dead")
                if log:
                    break
                time.sleep(0.25)
            fail(
                f"{name}: the kernel died while running {where} or the next cell"
                + (after if numbered else "")
                + f" ({said}).\n{log}"
            )
        idle_polls = idle_polls + 1 if not running and state == "idle" else 0
        if idle_polls >= 2 and len(numbered) == len(code):
            return
        if idle_polls >= 8 and numbered:  # idle for 2 s, cells left: Run All stopped at an error
            last = numbered[-1]
            shown = page.evaluate(CELL_ERRORS_JS, [last, STDERR_MIME])
            fail(
                f"{name}: Run All stopped after {describe(sources, last)}"
                + (f", which shows:\n{shown}" if shown else " (no error shown)")
            )
        if not numbered and idle_polls >= 8 and time.monotonic() - started > 15:
            fail(f"{name}: Run All started no cell within 15 s.")
        if time.monotonic() > deadline:
            pending = running or [i for i in code if i not in numbered]
            where = describe(sources, pending[0]) if pending else "no cell (kernel never idle)"
            fail(
                f"{name}: not finished after {timeout:g} s (E2E_TIMEOUT); still waiting for "
                f"{where}; kernel state {state!r}."
            )
        time.sleep(0.25)


def save_and_read(page, lab, name: str, sources: list[str], timeout: float = 30):
    """Save the notebook through the menu and read back what the browser's model holds."""
    path = lab.root / name
    code = [i for i, s in enumerate(sources) if s.strip()]
    menu(page, "File", "docmanager:save")
    deadline = time.monotonic() + timeout
    while True:
        try:
            nb = nbformat.read(path, as_version=4)
            if all(nb.cells[i].get("execution_count") for i in code):
                return nb
        except (OSError, ValueError, IndexError):  # mid-write or not yet saved
            pass
        if time.monotonic() > deadline:
            fail(f"{name}: saving from the browser did not finish within {timeout:g} s")
        time.sleep(0.2)


def assert_no_error_outputs(nb, name: str, sources: list[str]) -> None:
    """No error output and nothing on stderr in any cell (as saved from the browser)."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"{describe(sources, i)}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                found.append(f"{describe(sources, i)} wrote to stderr: {out.text.strip()[:300]}")
    if found:
        fail(f"{name}: cells with errors:\n" + "\n".join(found))


OUTPUTS_JS = r"""(stderr) => Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-Cell'))
  .map(c => {
    const outs = Array.from(c.querySelectorAll('.jp-OutputArea-output'));
    return {
        // everything red on the page, including tracebacks inside a widget's Output
        errors: outs.filter(o => o.getAttribute('data-mime-type') === stderr)
                    .map(o => o.innerText.trim().slice(0, 600)),
        // top-level widget views: the renderer's node holds the view or a status text
        widgets: Array.from(c.querySelectorAll(':scope .jp-Cell-outputArea > .jp-OutputArea-child'
                                               + ' > .jp-OutputArea-output'))
            .filter(o => !o.hasAttribute('data-mime-type'))
            .map(o => ({
                rendered: Array.from(o.children).some(
                    ch => ch.classList.contains('jupyter-widgets')),
                text: o.innerText.slice(0, 300),
            })),
    };
})"""


def assert_nothing_red(page, name: str, sources: list[str], when: str) -> None:
    cells = page.evaluate(OUTPUTS_JS, STDERR_MIME)
    shown = [f"{describe(sources, i)}:\n{t}" for i, c in enumerate(cells) for t in c["errors"]]
    if shown:
        fail(f"{name}: {when}, the page shows errors:\n" + "\n\n".join(shown))


def wait_for_widgets(page, nb, name: str, sources: list[str], timeout: float = 30) -> int:
    """Every widget view the kernel sent is rendered; none says "Error displaying widget"."""
    expected = {
        i: sum(WIDGET_MIME in out.get("data", {}) for out in cell.get("outputs", []))
        for i, cell in enumerate(nb.cells)
    }
    deadline = time.monotonic() + timeout
    while True:
        cells = page.evaluate(OUTPUTS_JS, STDERR_MIME)
        broken = [
            f"{describe(sources, i)}: {w['text'].strip()[:200]}"
            for i, cell in enumerate(cells)
            for w in cell["widgets"]
            if "Error displaying widget" in w["text"]
        ]
        if broken:
            fail(f"{name}: a widget failed to render:\n" + "\n".join(broken))
        missing = [
            f"{describe(sources, i)} ({sum(w['rendered'] for w in cells[i]['widgets'])} of {n})"
            for i, n in expected.items()
            if n
            and sum(
                w["rendered"] and "Loading widget" not in w["text"] for w in cells[i]["widgets"]
            )
            < n
        ]
        if not missing:
            return sum(expected.values())
        if time.monotonic() > deadline:
            fail(f"{name}: widgets not rendered after {timeout:g} s in: " + ", ".join(missing))
        time.sleep(0.25)


# A live demo: a box whose direct children include an Output widget and which holds sliders.
# Each gets a data-e2e-demo number so that Python can address it.
MARK_DEMOS_JS = r"""() => {
    const demos = Array.from(document.querySelectorAll('.jp-NotebookPanel .widget-vbox'))
        .filter(b => Array.from(b.children).some(ch => ch.classList.contains('widget-output'))
                     && b.querySelector('.widget-slider'));
    demos.forEach((b, k) => b.setAttribute('data-e2e-demo', String(k)));
    return demos.length;
}"""
# The figure of demo k: its <img> (a data: URL shown by the Output, or the blob: URL of the
# ipywidgets.Image that live() keeps in it). Its src and the bytes behind it are remembered, so
# that a redraw (a new <img> or a new src) can be told from no redraw at all, and a redraw with
# new pixels from one with the same pixels.
FIGURE_JS = r"""async (k) => {
    const out = Array.from(document.querySelector(`[data-e2e-demo="${k}"]`).children)
        .find(ch => ch.classList.contains('widget-output'));
    const img = out && out.querySelector('img');
    if (!img || !img.complete || img.naturalWidth === 0) return null;
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    window.__e2eFigures = window.__e2eFigures || {};
    const seen = window.__e2eFigures[k];
    const same = seen !== undefined && seen.length === bytes.length
                 && seen.every((b, i) => b === bytes[i]);
    window.__e2eFigures[k] = bytes;
    img.dataset.e2eSeen = img.src;
    return {src: img.src, width: img.naturalWidth, same};
}"""
REDRAWN_JS = r"""([k, stderr]) => {
    const out = Array.from(document.querySelector(`[data-e2e-demo="${k}"]`).children)
        .find(ch => ch.classList.contains('widget-output'));
    const error = out && out.querySelector(`[data-mime-type="${stderr}"]`);
    if (error) return 'error:\n' + error.innerText.trim().slice(-600);
    const img = out && out.querySelector('img');
    if (!img || img.dataset.e2eSeen === img.src || !img.complete || img.naturalWidth === 0)
        return false;
    return 'redrawn';
}"""


def wait_for_figure(page, name: str, k: int, timeout: float = 30) -> dict:
    """The first figure of demo ``k`` (its ``src`` and pixel width), once it has loaded."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(f"() => ({FIGURE_JS})({k}) !== null", timeout=timeout * 1000)
    except PlaywrightTimeout:
        fail(f"{name}: demo {k + 1} shows no figure after {timeout:g} s")
    return page.evaluate(FIGURE_JS, k)


def move(slider) -> tuple[str, str] | None:
    """Press an arrow key on the slider's handle, as a person would after clicking it; moves
    left when the slider stands at its maximum. Returns the readout before and after, or None
    when the slider did not move."""
    handle = slider.locator(".noUi-handle").first
    # noUiSlider rounds aria-valuenow to one decimal; the readout is rounded too: watch both.
    state = (
        "e => [e.getAttribute('aria-valuenow'), e.getAttribute('aria-valuetext'), "
        "e.closest('.widget-slider').querySelector('.widget-readout').innerText]"
    )
    before = handle.evaluate(state)
    at_top = float(before[0]) >= float(handle.get_attribute("aria-valuemax"))
    handle.press("ArrowLeft" if at_top else "ArrowRight")
    deadline = time.monotonic() + 3
    while (after := handle.evaluate(state)) == before:
        if time.monotonic() > deadline:
            return None
        time.sleep(0.02)
    return before[2], after[2]


def exercise_demos(page, name, artifacts: Path, tag: str, moves: list, first_only=False):
    """Move the sliders of every live demo; screenshots before/after; return figure widths.

    Every slider is moved once (``first_only``: only until one changed the figure). Each move
    must redraw the figure without an error, and in each demo at least one move must change
    it; a redraw with identical pixels (a slider that matters only with another setting, e.g.
    Adam's β₂ while momentum is chosen) is only a warning.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    count = page.evaluate(MARK_DEMOS_JS)
    if not count:
        fail(f"{name}: no live demo found (a panel of sliders above an Output with a figure)")
    widths, problems, unchanged = [], [], []
    for k in range(count):
        demo = page.locator(f'[data-e2e-demo="{k}"]')
        demo.scroll_into_view_if_needed()
        figure = wait_for_figure(page, name, k)
        widths.append(figure["width"])
        demo.screenshot(path=artifacts / f"{tag}-demo{k + 1}-before.png")
        sliders = demo.locator(".widget-slider")
        changed = 0
        for j in range(sliders.count()):
            slider = sliders.nth(j)
            label = slider.locator(".widget-label").first.inner_text().strip() or f"#{j + 1}"
            if slider.locator("[disabled]").count():
                continue  # a demo greys out a slider its current setting does not use
            start = time.perf_counter()
            moved = move(slider)
            if moved is None:
                problems.append(f"demo {k + 1}, slider {label!r}: the arrow keys did not move it")
                continue
            what = f"demo {k + 1}, slider {label!r} ({moved[0]} → {moved[1]})"
            try:
                outcome = page.wait_for_function(
                    REDRAWN_JS, arg=[k, STDERR_MIME], timeout=FIGURE_TIMEOUT * 1000
                ).json_value()
            except PlaywrightTimeout:
                problems.append(f"{what}: no new figure within {FIGURE_TIMEOUT:g} s")
                continue
            if outcome.startswith("error"):
                problems.append(f"{what}: the demo shows an {outcome}")
                changed = None  # the error says it all
                break
            figure = page.evaluate(FIGURE_JS, k)
            if figure is None or figure["same"]:
                unchanged.append(what)
                continue
            moves.append(time.perf_counter() - start)
            changed += 1
            if first_only:
                break
        demo.screenshot(path=artifacts / f"{tag}-demo{k + 1}-after.png")
        if changed == 0:
            problems.append(f"demo {k + 1}: no slider move changed its figure")
    if problems:
        fail(f"{name}: live demos:\n" + "\n".join(problems + unchanged))
    for what in unchanged:
        warnings.warn(f"{name}: {what}: redrawn, but the figure is identical", stacklevel=1)
    return widths


def run_notebook(page, lab, notebook: Path, artifacts: Path, stats, presentation=False):
    """Run a stripped copy of ``notebook`` in the browser and exercise its demos."""
    name, sources = stage(notebook, lab, presentation=presentation)
    open_notebook(page, lab, name, len(sources))
    st = stats.setdefault(name, {"moves": []})
    start = time.perf_counter()
    menu(page, "Run", "runmenu:run-all")
    timeout = float(os.environ.get("E2E_TIMEOUT") or 180)
    wait_until_executed(page, lab, name, sources, timeout)
    st["run"] = time.perf_counter() - start
    nb = save_and_read(page, lab, name, sources)
    assert_no_error_outputs(nb, name, sources)
    assert_nothing_red(page, name, sources, "after Run All")
    wait_for_widgets(page, nb, name, sources)
    widths = exercise_demos(page, name, artifacts, Path(name).stem, st["moves"], presentation)
    assert_nothing_red(page, name, sources, "after the slider moves")
    return widths


# --------------------------------------------------------------------------------------------
# The tests


def test_run_all_and_move_sliders(notebook, lab, page, artifacts, stats, figure_widths):
    figure_widths[notebook.stem] = run_notebook(page, lab, notebook, artifacts, stats)


def test_presentation_switch(notebook, lab, page, artifacts, stats, figure_widths):
    widths = run_notebook(page, lab, notebook, artifacts, stats, presentation=True)
    page.locator(".jp-NotebookPanel").screenshot(
        path=artifacts / f"{notebook.stem}-presentation.png"
    )
    normal = figure_widths.get(notebook.stem)
    if normal and len(normal) == len(widths):
        smaller = [k + 1 for k, (a, b) in enumerate(zip(normal, widths, strict=True)) if b <= a]
        if smaller:
            fail(
                f"{notebook.name}: with use_style(presentation=True) the figure of demo(s) "
                f"{smaller} is not larger ({widths} px wide vs {normal} px without)"
            )
