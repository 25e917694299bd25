"""Execute notebooks top to bottom in a fresh kernel and store their outputs (``make execute``).

Stored as JupyterLab saves them, with the run's noise stripped (``nbtools.strip``) and the timings
of an unchanged timing cell kept (``nbtools.keep_stored_timings``): executing an unchanged
notebook again leaves its file unchanged.

Usage: python tools/execute.py NOTEBOOK [NOTEBOOK ...]
"""

from __future__ import annotations

import copy
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbtools import keep_stored_timings, problems, strip, write

KERNEL_INFO_TIMEOUT = 30  # seconds
CELL_TIMEOUT = 600  # seconds


def execute(path: Path) -> list[str]:
    stored = strip(nbformat.read(path, as_version=4))
    nb = copy.deepcopy(stored)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        # nbclient waits `timeout` for the reply to its start-up kernel_info request and, if
        # that reply is lost (seen under heavy load), carries on after the wait; keep that wait
        # short and give each cell its own generous limit through timeout_func.
        timeout=KERNEL_INFO_TIMEOUT,
        timeout_func=lambda cell: CELL_TIMEOUT,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    strip(nb, python_version=stored.metadata.language_info.version)  # kept, see nbtools.strip
    keep_stored_timings(stored, nb)
    write(nb, path)
    return problems(nb)


def main(paths: list[str]) -> int:
    if not paths:
        print("no notebooks given", file=sys.stderr)
        return 2
    failed = 0
    for name in paths:
        path = Path(name)
        start = time.perf_counter()
        try:
            found = execute(path)
        except CellExecutionError as err:
            print(f"FAILED {path}:\n{err}", file=sys.stderr)
            failed += 1
            continue
        status = "ok" if not found else "; ".join(found)
        print(f"{path}: {time.perf_counter() - start:.1f} s, {status}")
        failed += bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
