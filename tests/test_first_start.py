"""A clean first start: the Makefile's messages about the Python it is given, JupyterLab without
the news pop-up, and a lab started as root that says so and has no terminals."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "jupyter-config" / "labconfig" / "default_setting_overrides.json"
SCHEMAS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    """``make ARGUMENTS`` with the course's Makefile in an empty folder whose .venv is built
    and up to date (a stamp naming this Python), so that nothing is installed."""
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    stamp = tmp_path / ".venv" / ".installed"
    stamp.parent.mkdir(exist_ok=True)
    stamp.write_text(f"python: {os.path.realpath(sys.executable)} {platform.python_version()}\n")
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(tmp_path)},
    )


def fake_python(tmp_path: Path, name: str, script: str) -> Path:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    return path


# --- check-python: "not found", "cannot run" and "too old" are three different messages ------


@needs_make
def test_a_python_that_cannot_run_says_so_and_is_not_suggested(tmp_path):
    shim = "echo 'pyenv: python3.13: command not found' >&2\nexit 127\n"
    broken = fake_python(tmp_path, "python3.13", shim)
    done = make(tmp_path, "check-python", f"PYTHON={broken}")
    assert done.returncode != 0
    assert f"error: '{broken}' is there but cannot run" in done.stderr
    assert "pyenv: python3.13: command not found" in done.stderr  # what it said, passed on
    assert "too old" not in done.stderr and f"PYTHON={broken}" not in done.stderr
    assert "(e.g. make PYTHON=python3" in done.stderr  # one on PATH that runs (this Python)


@needs_make
def test_a_python_that_is_too_old_says_which_version_it_is(tmp_path):
    old = fake_python(
        tmp_path,
        "python3.10",
        'case "$2" in *version_info*) exit 1;; *platform*) echo 3.10.13;; esac\n',
    )
    done = make(tmp_path, "check-python", f"PYTHON={old}")
    assert done.returncode != 0
    assert f"error: '{old}' is Python 3.10.13, too old: this course needs 3.11" in done.stderr
    assert "cannot run" not in done.stderr and f"PYTHON={old}" not in done.stderr


@needs_make
def test_a_missing_python_is_reported_as_not_found(tmp_path):
    done = make(tmp_path, "check-python", "PYTHON=python2.99")
    assert done.returncode != 0
    assert "error: 'python2.99' not found" in done.stderr and "PYTHON=python2.99" not in done.stderr


@needs_make
def test_this_python_passes(tmp_path):
    done = make(tmp_path, "check-python", f"PYTHON={sys.executable}")
    assert done.returncode == 0 and done.stderr == ""


# --- make lab: the course's own JupyterLab settings, and root ---------------------------------


def test_the_lab_settings_turn_the_news_question_and_the_update_check_off():
    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    assert overrides == {
        "@jupyterlab/apputils-extension:notification": {
            "checkForUpdates": False,
            "fetchNews": "false",  # the answer "no" to "get notified about Jupyter news?"
        }
    }


def test_the_lab_settings_are_valid_for_the_installed_jupyterlab():
    for plugin, values in json.loads(OVERRIDES.read_text(encoding="utf-8")).items():
        package, name = plugin.split(":")
        schema = json.loads((SCHEMAS / package / f"{name}.json").read_text(encoding="utf-8"))
        for key, value in values.items():
            jsonschema.validate(value, schema["properties"][key])


def test_jupyterlab_reads_the_settings_from_the_config_path_make_lab_sets(monkeypatch, tmp_path):
    from jupyterlab_server.settings_utils import _get_overrides  # how its settings API reads them

    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(OVERRIDES.parents[1]))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path))  # no user configuration
    overrides, error = _get_overrides(str(tmp_path))
    assert not error
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


@needs_make
def test_make_lab_uses_the_settings_and_as_root_warns_and_has_no_terminals(tmp_path):
    done = make(tmp_path, "-n", "lab", f"PYTHON={sys.executable}")
    assert done.returncode == 0, done.stderr
    assert f'JUPYTER_CONFIG_PATH="{tmp_path}/jupyter-config' in done.stdout
    as_root = os.geteuid() == 0
    assert ("--allow-root --ServerApp.terminals_enabled=False" in done.stdout) == as_root
    assert ("make lab is running as root" in done.stdout) == as_root
    assert "whoever holds the login token" in done.stdout or not as_root
