"""The instructor's deck (``make demos``): demos/deck.ipynb served by Voilà, opened in Chromium.

Voilà runs on 127.0.0.1 (a free port, a token) in its own process group, as ``make demos`` runs
it. The page must show no code, one panel per demo call of the deck, each with a figure; one
slider of each panel, moved with an arrow key, must bring a new figure and no error. Afterwards
Voilà, its kernel included, must be gone.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import psutil
import pytest
from conftest import REPO, free_port
from test_notebooks import FIGURE_JS, REDRAWN_JS, STDERR_MIME, move

pytestmark = pytest.mark.e2e

DECK = REPO / "demos" / "deck.ipynb"
PANELS_JS = r"""() => {
    const panels = Array.from(document.querySelectorAll('.widget-vbox'))
        .filter(b => Array.from(b.children).some(ch => ch.classList.contains('widget-output'))
                     && b.querySelector('.widget-slider'));
    panels.forEach((b, k) => b.setAttribute('data-e2e-demo', String(k)));
    return panels.length;
}"""


def demo_calls() -> list[str]:
    """The ``*_demo()`` calls of the deck's code cells, read from the file."""
    nb = nbformat.read(DECK, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    return [call for source in cells for call in re.findall(r"\b\w+\.\w+_demo\(\)", source)]


@pytest.fixture
def voila(artifacts: Path):
    """Voilà serving the deck; stopped with its whole process tree, which must leave nothing."""
    port, token = free_port(), secrets.token_hex(16)
    command = [
        str(Path(sys.executable).with_name("voila")),
        str(DECK),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--Voila.port={port}",
        f"--Voila.token={token}",
    ]
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    with (artifacts / "voila.log").open("wb") as log:
        proc = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    url, seen = f"http://127.0.0.1:{port}/?token={token}", {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:  # any answer will do: Voilà refuses this path, but it answers
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"Voilà did not start: see {artifacts / 'voila.log'}", pytrace=False
                    )
                time.sleep(0.3)
        yield (
            url,
            lambda: seen.update(
                {
                    p.pid: p
                    for p in [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(True)]
                }
            ),
        )
    finally:
        with_children = list(seen.values())
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
                proc.wait(timeout=15)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        time.sleep(1)
        left = [p for p in with_children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        for p in left:
            p.kill()
        if left:
            pytest.fail(f"processes outlived Voilà: {[p.pid for p in left]}", pytrace=False)


def test_the_deck_shows_every_demo_without_code_and_each_answers_a_slider(
    voila, browser, artifacts
):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    url, remember = voila
    calls = demo_calls()
    assert len(calls) >= 9, calls  # every live demo of the six notebooks
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(url, timeout=180_000)  # Voilà runs the whole deck before it answers
        page.wait_for_function(f"() => ({PANELS_JS})() === {len(calls)}", timeout=120_000)
        remember()
        text = page.inner_text("body")
        shown = [call for call in [*calls, "use_style("] if call in text]
        assert not shown, f"the deck shows code: {shown}"
        assert "Traceback" not in text and "Error" not in text
        for k in range(len(calls)):
            demo = page.locator(f'[data-e2e-demo="{k}"]')
            demo.scroll_into_view_if_needed()
            page.wait_for_function(f"async () => (await ({FIGURE_JS})({k})) !== null")
            slider = demo.locator(".widget-slider").first
            assert move(slider) is not None, f"{calls[k]}: the arrow key did not move a slider"
            try:
                outcome = page.wait_for_function(
                    REDRAWN_JS, arg=[k, STDERR_MIME], timeout=20_000
                ).json_value()
            except PlaywrightTimeout:
                pytest.fail(f"{calls[k]}: no new figure after a slider move", pytrace=False)
            assert outcome == "redrawn", f"{calls[k]}: {outcome}"
        type_out_of_range(page, calls)
        page.screenshot(path=artifacts / "deck.png", full_page=True)
    finally:
        context.close()


def type_out_of_range(page, calls: list[str]) -> None:
    """A value outside the first slider's range, or no number at all, typed into its readout:
    the slider clamps it (or keeps its value) and the figure answers without an error."""
    demo = page.locator('[data-e2e-demo="0"]')
    slider = demo.locator(".widget-slider").first
    readout = slider.locator(".widget-readout")
    top = slider.locator(".noUi-handle").first.get_attribute("aria-valuemax")
    for typed, expected in (("99999", float(top)), ("abc", float(top))):
        page.evaluate(f"async () => ({FIGURE_JS})(0)")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "([el, want]) => parseFloat(el.innerText) === want",
            arg=[readout.element_handle(), expected],
            timeout=10_000,
        )
        if typed == "99999":  # a new value: the figure must answer it
            outcome = page.wait_for_function(
                REDRAWN_JS, arg=[0, STDERR_MIME], timeout=20_000
            ).json_value()
            assert outcome == "redrawn", f"{calls[0]} after typing {typed}: {outcome}"
        assert "Traceback" not in page.inner_text("body")
