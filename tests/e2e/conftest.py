"""A real JupyterLab and a real Chromium for the end-to-end tests (``make e2e``).

The server is the project's own JupyterLab (the Python running pytest, i.e. ``.venv``) on
127.0.0.1 with a random free port, a random token and isolated config, data, runtime, settings
and workspace directories under ``build/e2e/jupyter``. It runs in its own process group and is
always stopped at the end of the session, kernels included, also when a test fails; a process
it leaves behind fails the run.

The browser is the system Chromium (Debian's ``chromium``, or ``$CHROMIUM``) driven by the
``playwright`` package; no browser is ever downloaded. Screenshots and logs go to ``build/e2e``.

Environment knobs: ``E2E_NOTEBOOKS`` (space-separated notebook paths; default
``notebooks/[0-9]*.ipynb``), ``CHROMIUM``, ``E2E_TIMEOUT`` (seconds for one notebook to run,
default 180), ``E2E_SERVER_TIMEOUT`` (seconds for the server to answer, default 60).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "build" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# JupyterLab user settings for a quiet, deterministic page: no news or update pop-ups, and
# every cell attached to the DOM (the default windowing detaches cells outside the viewport).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
INSTALL_HINT = (
    "On Debian or Ubuntu: sudo apt-get install chromium  (`make e2e` does this itself when it "
    "runs as root), or set CHROMIUM=/path/to/chromium."
)


def seconds(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


def notebooks() -> list[Path]:
    """The notebooks under test: ``$E2E_NOTEBOOKS``, else every ``notebooks/[0-9]*.ipynb``."""
    listed = os.environ.get("E2E_NOTEBOOKS", "").split()
    if listed:
        return [(REPO / name).resolve() for name in listed]
    return sorted((REPO / "notebooks").glob("[0-9]*.ipynb"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "notebook" in metafunc.fixturenames:
        paths = notebooks()
        metafunc.parametrize("notebook", paths, ids=[p.stem for p in paths])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed  # read by the page fixture to keep a failure screenshot
    return report


# --------------------------------------------------------------------------------------------
# The server


class Lab:
    """A running JupyterLab server: its address, token, root directory and log."""

    def __init__(self, home: Path, timeout: float):
        self.home = home
        self.root = home / "root"  # the server's root: stripped copies of the notebooks
        self.log_path = ARTIFACTS / "server.log"
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.seen: dict[int, psutil.Process] = {}  # every process of ours ever observed
        try:
            self._start(timeout)
        except BaseException:  # a failed or interrupted start leaves nothing running
            self.stop()
            raise

    # ---- lifecycle
    def _start(self, timeout: float) -> None:
        dirs = {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
            "IPYTHONDIR": "ipython",
        }
        env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "JUPYTER_PATH")}
        for var, sub in dirs.items():
            (self.home / sub).mkdir(parents=True, exist_ok=True)
            env[var] = str(self.home / sub)
        for name, value in LAB_SETTINGS.items():
            path = self.home / "settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        # The same reproducibility settings as the Makefile, when pytest is run directly.
        for var, value in {
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYTHONHASHSEED": "0",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "JUPYTER_PLATFORM_DIRS": "1",
        }.items():
            env.setdefault(var, value)
        env["PYTHONUNBUFFERED"] = "1"  # the log is complete when a test reads it
        self.root.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.terminals_enabled=False",
            # A safety net should this process be killed before it can stop the server.
            "--ServerApp.shutdown_no_activity_timeout=900",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=self.root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped as a whole
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                pytest.fail(
                    f"JupyterLab exited with code {self.proc.returncode} before answering on "
                    f"{self.url}.\n{self.log_tail()}",
                    pytrace=False,
                )
            try:
                self.api("GET", "/api/status", timeout=2)
                break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"JupyterLab did not answer on {self.url} within {timeout:g} s "
                    f"(E2E_SERVER_TIMEOUT).\n{self.log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.2)
        self.remember_processes()

    def remember_processes(self) -> None:
        """Note the server's process tree (kernels run in their own sessions, not its group)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            server = psutil.Process(self.proc.pid)
            for p in [server, *server.children(recursive=True)]:
                self.seen.setdefault(p.pid, p)
        except psutil.NoSuchProcess:
            pass

    def stop(self) -> list[str]:
        """Stop the server, its process group and every kernel it started; return survivors."""
        if self.proc is None:
            return []
        self.remember_processes()
        if self.proc.poll() is None:
            try:  # the graceful way: the server shuts its kernels down, then exits
                self.api("POST", "/api/shutdown", timeout=5)
                self.proc.wait(timeout=15)
            except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
                pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                continue
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        survivors = []
        for p in self.seen.values():
            if p.is_running():  # psutil compares creation times, so a reused pid is not ours
                survivors.append(f"pid {p.pid}: {' '.join(p.cmdline())[:200]}")
                p.kill()
        return survivors

    # ---- helpers
    def api(self, method: str, path: str, body=None, timeout: float = 10):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
        return json.loads(text) if text else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            text = []
        return f"Last lines of the server log {self.log_path}:\n" + (
            "\n".join(text) if text else "(empty: the server wrote nothing yet)"
        )

    def log_lines(self, *needles: str | None, lines: int = 10) -> str:
        """The last server-log lines that mention one of ``needles``; "" when none does."""
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "(no server log)"
        hits = [t for t in text if any(n and n in t for n in needles)][-lines:]
        return f"From the server log {self.log_path}:\n" + "\n".join(hits) if hits else ""

    def shut_down_sessions(self) -> None:
        """Shut down every kernel of this server (after each notebook)."""
        self.remember_processes()
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


STATS: dict[str, dict] = {}


@pytest.fixture(scope="session")
def stats() -> dict[str, dict]:
    """Per notebook copy: ``run`` (seconds from Run All to idle) and ``moves`` (seconds from a
    slider key press to the new figure in the browser), for the terminal summary."""
    return STATS


@pytest.fixture(scope="session")
def figure_widths() -> dict[str, list[int]]:
    """Pixel widths of each demo's figure per notebook (normal style), to compare with
    the presentation style."""
    return {}


def pytest_terminal_summary(terminalreporter) -> None:
    if not STATS:
        return
    terminalreporter.section("in the browser: Run All -> idle; slider key press -> new figure")
    for name, st in STATS.items():
        moves = st.get("moves", [])
        line = f"{name}: Run All {st['run']:.1f} s" if "run" in st else f"{name}:"
        if moves:
            line += (
                f"; {len(moves)} slider moves, median {statistics.median(moves) * 1000:.0f} ms, "
                f"max {max(moves) * 1000:.0f} ms"
            )
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"screenshots and logs: {ARTIFACTS.relative_to(REPO)}/")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``build/e2e``, emptied at the start of the session."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def lab(artifacts: Path) -> Iterator[Lab]:
    server = Lab(artifacts / "jupyter", timeout=seconds("E2E_SERVER_TIMEOUT", 60))
    try:
        yield server
    finally:
        survivors = server.stop()
        if survivors:
            pytest.fail(
                "processes outlived the JupyterLab server and were killed:\n"
                + "\n".join(survivors),
                pytrace=False,
            )


# --------------------------------------------------------------------------------------------
# The browser


def chromium_path() -> str:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        if not (os.path.isfile(explicit) and os.access(explicit, os.X_OK)):
            pytest.fail(
                f"CHROMIUM={explicit} is not an executable file. {INSTALL_HINT}", pytrace=False
            )
        return explicit
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(f"Chromium is not installed (no `chromium` on PATH). {INSTALL_HINT}", pytrace=False)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "the playwright package is missing from this environment; `make e2e` installs it "
            "(pinned by requirements-e2e.lock).",
            pytrace=False,
        )
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        except Exception as err:
            pytest.fail(f"could not start Chromium at {executable}: {err}", pytrace=False)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(request, browser, lab: Lab, artifacts: Path):
    """A fresh browser tab (own context, 1400×1000); on failure a screenshot is kept.

    Afterwards every kernel of the server is shut down, so each notebook starts clean.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    console: list[str] = []
    tab.on(
        "console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None
    )
    tab.on("pageerror", lambda e: console.append(f"page error: {e}"))
    try:
        yield tab
    finally:
        name = request.node.name.replace("/", "_")
        if getattr(request.node, "e2e_failed", False):
            try:
                tab.screenshot(path=artifacts / f"FAILED-{name}.png")
            except Exception:  # a screenshot must not hide the real failure
                pass
        if console:
            (artifacts / f"console-{name}.log").write_text("\n".join(console) + "\n")
        context.close()
        lab.shut_down_sessions()
