"""environment.yml (conda, Binder) and requirements.lock (pip) describe the same environment."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_versions(text: str) -> dict[str, str]:
    """``name -> version`` for every ``name==version`` line of a pip lock."""
    pins = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonical(name)] = version.strip()
    return pins


def conda_versions(text: str) -> dict[str, str]:
    """``name -> version`` for every conda dependency of an environment.yml (pip section aside)."""
    pins = {}
    for dep in yaml.safe_load(text)["dependencies"]:
        if isinstance(dep, str):
            name, _, version = dep.partition("=")
            pins[canonical(name)] = version.lstrip("=")
    return pins


def disagreements(env_text: str, lock_text: str, required: list[str]) -> list[str]:
    """What keeps environment.yml from matching the lock: versions that differ, packages missing."""
    conda, pip = conda_versions(env_text), lock_versions(lock_text)
    found = []
    for name in sorted(set(conda) - {"python", "pip"}):
        if name not in pip:
            found.append(f"{name} is in environment.yml but not in requirements.lock")
        elif conda[name] != pip[name]:
            found.append(
                f"{name}: environment.yml has {conda[name]}, requirements.lock {pip[name]}"
            )
    found += [f"{name} is missing from environment.yml" for name in required if name not in conda]
    return found


def direct_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    for extra in ("lab", "test"):
        names += project["optional-dependencies"][extra]
    return sorted({canonical(re.split(r"[<>=!~;\[ ]", n)[0]) for n in names})


@pytest.fixture(scope="module")
def texts() -> tuple[str, str]:
    env = (ROOT / "environment.yml").read_text()
    lock = (ROOT / "requirements.lock").read_text()
    return env, lock


def test_environment_yml_agrees_with_the_lock(texts):
    assert disagreements(*texts, direct_requirements()) == []


def test_environment_yml_installs_the_project_and_the_right_python(texts):
    env = yaml.safe_load(texts[0])
    assert env["channels"][0] == "conda-forge"
    assert {"pip": ["-e ."]} in env["dependencies"]
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11" and "python=3.11" in env["dependencies"]


def test_a_differing_version_is_caught(texts):
    env, lock = texts
    bumped = env.replace("numpy=2.4.6", "numpy=2.3.0")
    assert bumped != env
    assert disagreements(bumped, lock, direct_requirements()) == [
        "numpy: environment.yml has 2.3.0, requirements.lock 2.4.6"
    ]


def test_a_missing_package_is_caught(texts):
    env, lock = texts
    without = "\n".join(line for line in env.splitlines() if "matplotlib" not in line)
    assert disagreements(without, lock, direct_requirements()) == [
        "matplotlib is missing from environment.yml"
    ]
