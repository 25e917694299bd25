"""The environments: requirements.lock (make), environment.yml and environment-test.yml (conda,
Binder) agree; the student environment is lean; the Makefile rebuilds .venv for another Python.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge's name for a PyPI package where they differ
CONDA_NAMES = {"matplotlib-base": "matplotlib"}


def canonical(name: str) -> str:
    name = re.sub(r"[-_.]+", "-", name).lower()
    return CONDA_NAMES.get(name, name)


def lock_versions(text: str) -> dict[str, set[str]]:
    """``name -> versions`` of a pip lock's ``name==version [; marker]`` lines (a package may
    have one version per Python or platform)."""
    pins: dict[str, set[str]] = {}
    for line in text.splitlines():
        line = line.split("#")[0].split(";")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins.setdefault(canonical(name), set()).add(version.strip())
    return pins


def conda_versions(text: str) -> dict[str, str]:
    """``name -> version`` for every conda dependency of an environment file (pip section aside)."""
    pins = {}
    for dep in yaml.safe_load(text)["dependencies"]:
        if isinstance(dep, str):
            name, _, version = dep.partition("=")
            pins[canonical(name)] = version.lstrip("=")
    return pins


def minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def disagreements(env_text: str, lock_text: str, required: list[str]) -> list[str]:
    """What keeps an environment file from matching the lock: a pin that is not the lock's
    major.minor version, packages the lock lacks, required packages missing."""
    conda, pip = conda_versions(env_text), lock_versions(lock_text)
    found = []
    for name in sorted(set(conda) - {"python", "pip"}):
        if name not in pip:
            found.append(f"{name} is in the environment file but not in requirements.lock")
        elif {conda[name]} != {minor(v) for v in pip[name]}:
            locked = ", ".join(sorted(pip[name]))
            found.append(f"{name}: the environment file has {conda[name]}, the lock {locked}")
    found += [
        f"{name} is missing from the environment file" for name in required if name not in conda
    ]
    return found


def requirements(*groups: str) -> list[str]:
    """The names pyproject.toml asks for: "" for [project] dependencies, else an extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = [
        s
        for g in groups
        for s in (project["optional-dependencies"].get(g, []) if g else project["dependencies"])
    ]
    return sorted({canonical(re.split(r"[<>=!~;\[ ]", s)[0]) for s in specs})


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    names = ("environment.yml", "environment-test.yml", "requirements.lock")
    return {name: (ROOT / name).read_text(encoding="utf-8") for name in names}


def test_environment_yml_has_what_a_student_needs_at_the_locked_versions(texts):
    needed = requirements("", "lab")
    assert disagreements(texts["environment.yml"], texts["requirements.lock"], needed) == []


def test_the_test_tools_are_a_separate_file_at_the_locked_versions(texts):
    student = set(conda_versions(texts["environment.yml"]))
    tools = [name for name in requirements("test") if name not in student]
    assert disagreements(texts["environment-test.yml"], texts["requirements.lock"], tools) == []
    assert student.isdisjoint({"pytest", "nbval", "ruff", "nbclient", "pyyaml"})


def test_environment_yml_installs_the_project_and_the_right_python(texts):
    env = yaml.safe_load(texts["environment.yml"])
    assert env["channels"][0] == "conda-forge"
    assert {"pip": ["-e ."]} in env["dependencies"]
    assert "matplotlib-base=3.11" in env["dependencies"]  # not the Qt-based matplotlib package
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11" and "python=3.11" in env["dependencies"]


def test_a_differing_version_is_caught(texts):
    env, lock = texts["environment.yml"], texts["requirements.lock"]
    bumped = env.replace("numpy=2.4", "numpy=2.3")
    assert bumped != env
    assert disagreements(bumped, lock, requirements("")) == [
        "numpy: the environment file has 2.3, the lock 2.4.6"
    ]
    patch = env.replace("numpy=2.4", "numpy=2.4.6")  # a patch-level pin is too fragile
    assert disagreements(patch, lock, []) == [
        "numpy: the environment file has 2.4.6, the lock 2.4.6"
    ]


def test_a_missing_package_is_caught(texts):
    env, lock = texts["environment.yml"], texts["requirements.lock"]
    without = "\n".join(line for line in env.splitlines() if "matplotlib" not in line)
    assert disagreements(without, lock, requirements("")) == [
        "matplotlib is missing from the environment file"
    ]


def test_the_lock_parses_markers_and_versions_per_python():
    lock = (
        "numpy==2.4.6\n    # via x\n"
        "soupsieve==2.10 ; python_full_version < '3.11.5'\n"
        "soupsieve==4.1.3 ; python_full_version >= '3.11.5'\n"
    )
    assert lock_versions(lock) == {"numpy": {"2.4.6"}, "soupsieve": {"2.10", "4.1.3"}}


def test_the_student_environment_has_neither_scikit_learn_nor_scipy(texts):
    """The digits ship with the course (helpers/datasets): nothing installs scikit-learn."""
    gone = {"scikit-learn", "scipy", "joblib", "threadpoolctl"}
    assert gone.isdisjoint(lock_versions(texts["requirements.lock"]))
    assert gone.isdisjoint(conda_versions(texts["environment.yml"]))


def test_the_course_s_dependencies_declare_their_floors():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = dict(re.match(r"([\w-]+)>=([\d.]+)", s).groups() for s in project["dependencies"])
    assert floors["numpy"] == "2.0"  # np.trapezoid is new in NumPy 2.0
    assert tuple(map(int, floors["matplotlib"].split("."))) >= (3, 8)  # Figure.get_suptitle


# --- the Makefile: which interpreter built .venv ----------------------------------------------


def dry_run(tmp_path, stamp: str) -> str:
    """The commands ``make .venv/.installed`` would run (``make -n``: printed, not run) in a
    folder with the course's Makefile, a lock, pyproject.toml and a newer stamp holding
    ``stamp``."""
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / ".installed").write_text(stamp)
    done = subprocess.run(
        ["make", "-n", ".venv/.installed", f"PYTHON={sys.executable}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def this_python() -> str:
    """How the Makefile names the interpreter: its real path and version."""
    return f"{os.path.realpath(sys.executable)} {platform.python_version()}"


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@needs_make
def test_a_venv_built_by_this_python_is_kept(tmp_path):
    said = dry_run(tmp_path, f"python: {this_python()}\ninstaller: uv 0.13.10\n")
    assert "rm -rf .venv" not in said and "pip sync" not in said


@needs_make
def test_a_venv_built_by_another_python_is_built_anew(tmp_path):
    said = dry_run(tmp_path, "python: /opt/python3.12/bin/python3.12 3.12.1\ninstaller: uv\n")
    assert "was built by /opt/python3.12/bin/python3.12 3.12.1" in said
    assert f"building it anew with {this_python()}" in said and "pip sync" in said


@needs_make
def test_a_venv_whose_stamp_names_no_python_is_built_anew(tmp_path):
    said = dry_run(tmp_path, "")  # a stamp from before the interpreter was recorded
    assert "was built by another or an unrecorded Python" in said and "pip sync" in said
