"""A committed notebook opened in JupyterLab is not marked unsaved, and saving it without an
edit writes the same bytes: git stays clean (the notebooks are stored as JupyterLab saves them,
see tools/nbtools.py)."""

from __future__ import annotations

import shutil
import time

import nbformat
from test_notebooks import fail, menu, open_notebook


def test_opening_and_saving_without_an_edit_changes_nothing(notebook, lab, page):
    target = lab.root / f"unedited-{notebook.name}"
    shutil.copyfile(notebook, target)
    before = target.read_bytes()
    cells = len(nbformat.reads(before.decode("utf-8"), as_version=4).cells)
    open_notebook(page, lab, target.name, cells)
    time.sleep(2)  # JupyterLab writes the kernel's metadata into the model once it is connected
    if page.locator(".lm-TabBar-tab.jp-mod-dirty").count():
        fail(f"{notebook.name} is marked unsaved right after opening, before any edit")
    written = target.stat().st_mtime_ns
    menu(page, "File", "docmanager:save")
    deadline = time.monotonic() + 30
    while target.stat().st_mtime_ns == written:
        if time.monotonic() > deadline:
            fail(f"{notebook.name}: saving from the browser did not finish within 30 s")
        time.sleep(0.2)
    time.sleep(0.5)  # the server writes atomically, but give a slow disk its moment
    if target.read_bytes() != before:
        fail(f"{notebook.name}: JupyterLab saved different bytes (run tools/nbtools.py on it)")
