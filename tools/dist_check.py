"""Build the course's wheel and sdist, install the wheel anew, run one notebook alone from it.

What ``make dist-check`` (and CI) runs; it is not part of ``make test``: it builds a virtual
environment and may need the package index.

1. ``python -m build`` (the sdist, then the wheel from the sdist) in an isolated environment
   with the build backend that pyproject.toml pins: it must print no warning.
2. The wheel has the name the notebooks' setup guard tells students to install, the licence,
   ``License-Expression: MIT`` and every file of the ``helpers`` package; the sdist has the
   licence, the README and pyproject.toml.
3. A fresh virtual environment gets the wheel (its dependencies at the versions
   requirements.lock pins) and ipykernel and nbclient to run a notebook, from the wheelhouse
   ``build/dist-check/wheelhouse`` when it holds them all, else from the package index (which
   fills the wheelhouse for the next time).
4. One notebook, copied alone into an empty folder, runs there top to bottom without an error,
   in a kernel of that environment, which imports ``helpers`` from the installed wheel.

Usage: python tools/dist_check.py [--notebook notebooks/04_backpropagation.ipynb]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import venv
import zipfile
from pathlib import Path

from nbtools import guard

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "dist-check"
WHEELHOUSE = WORK / "wheelhouse"
PIP = ["-m", "pip", "--disable-pip-version-check"]
# Runs in the fresh environment: the notebook, then one cell that says where `helpers` came from.
RUNNER = """
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

path = Path(sys.argv[1])
nb = nbformat.read(path, as_version=4)
where = "import sys, helpers; print(sys.prefix, helpers.__file__)"
nb.cells.append(nbformat.v4.new_code_cell(where))
client = NotebookClient(nb, kernel_name="python3", timeout=600,
                        resources={"metadata": {"path": str(path.parent)}})
client.execute()
print(nb.cells[-1].outputs[0].text.strip())
"""


class Failed(Exception):
    """A check that did not pass; its message says which and why."""


def build(out: Path) -> tuple[Path, Path]:
    """Build the sdist and the wheel into ``out``; fail on an error or any warning."""
    shutil.rmtree(out, ignore_errors=True)
    # With PYTHONDONTWRITEBYTECODE set, setuptools warns that it skips byte-compiling: a
    # warning about this shell, not about the project.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    log = done.stdout + done.stderr
    (WORK / "build.log").write_text(log, encoding="utf-8")
    if done.returncode:
        raise Failed(f"python -m build failed (log: {WORK / 'build.log'}):\n{log[-3000:]}")
    warnings = [line for line in log.splitlines() if "warn" in line.lower()]
    if warnings:
        raise Failed("python -m build warned:\n" + "\n".join(warnings))
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return wheel, sdist


def check_archives(wheel: Path, sdist: Path) -> None:
    """The names, the licence and the package's files (see the module's docstring)."""
    named = re.search(r"%pip install (\S+\.whl)", guard()).group(1)
    if wheel.name != named:
        raise Failed(f"the wheel is {wheel.name}, but the notebooks' setup guard names {named}")
    with zipfile.ZipFile(wheel) as archive:
        files = set(archive.namelist())
        info = next(n for n in files if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(info).decode("utf-8").splitlines()
    package = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "helpers").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    missing = sorted(package - files)
    if not any(n.endswith(".dist-info/licenses/LICENSE") for n in files):
        missing.append("*.dist-info/licenses/LICENSE")
    if "License-Expression: MIT" not in metadata:
        missing.append("License-Expression: MIT (in METADATA)")
    with tarfile.open(sdist) as archive:
        top = {Path(name).name for name in archive.getnames() if name.count("/") == 1}
    sdist_files = ("LICENSE", "README.md", "pyproject.toml")
    missing += [f"{name} (in the sdist)" for name in sdist_files if name not in top]
    if missing:
        raise Failed(f"{wheel.name} / {sdist.name} lack: {', '.join(missing)}")


def install(python: Path, wheel: Path) -> str:
    """Install the wheel, ipykernel and nbclient; say where from."""
    wanted = [str(wheel), "ipykernel", "nbclient", "-c", str(ROOT / "requirements.lock")]
    offline = [python, *PIP, "install", "--no-index", "--find-links", str(WHEELHOUSE), *wanted]
    if WHEELHOUSE.is_dir() and subprocess.run(offline, capture_output=True).returncode == 0:
        return f"from the wheelhouse {WHEELHOUSE.relative_to(ROOT)}"
    print(f"==> filling {WHEELHOUSE.relative_to(ROOT)} from the package index", flush=True)
    download = [python, *PIP, "download", "--only-binary", ":all:", "-d", str(WHEELHOUSE)]
    subprocess.run([*download, "--quiet", *wanted], check=True)
    (WHEELHOUSE / wheel.name).unlink(missing_ok=True)  # the wheel under test is never cached
    subprocess.run([*offline, "--quiet"], check=True)
    return "from the package index"


def run_alone(python: Path, notebook: Path) -> str:
    """Execute a copy of ``notebook`` alone in an empty folder; return the runner's last line."""
    alone = WORK / "alone"
    shutil.rmtree(alone, ignore_errors=True)
    alone.mkdir(parents=True)
    shutil.copy(notebook, alone)
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "JUPYTER_PATH")}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_DATA_DIR"] = str(WORK / "jupyter-data")  # no user kernelspec takes over
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [python, "-c", RUNNER, str(alone / notebook.name)],
        cwd=alone,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise Failed(f"{notebook.name}, alone in {alone}, failed:\n{done.stderr[-4000:]}")
    prefix, helpers_file = done.stdout.split()[-2:]
    environment = python.parent.parent
    if Path(prefix) != environment or not Path(helpers_file).is_relative_to(environment):
        raise Failed(f"the kernel was not the fresh environment's: {done.stdout.strip()}")
    return helpers_file


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", default="notebooks/04_backpropagation.ipynb")
    notebook = ROOT / parser.parse_args(argv).notebook
    WORK.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        wheel, sdist = build(WORK / "dist")
        check_archives(wheel, sdist)
        print(f"built {sdist.name} and {wheel.name} without a warning; licence and files in")
        environment = WORK / "venv"
        shutil.rmtree(environment, ignore_errors=True)
        venv.create(environment, with_pip=True)
        python = environment / "bin" / "python"
        print(f"installed {wheel.name} into a fresh {environment.relative_to(ROOT)}", end=" ")
        print(install(python, wheel), flush=True)
        helpers_file = run_alone(python, notebook)
    except (Failed, subprocess.CalledProcessError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"{notebook.name}, alone in an empty folder, ran without an error, helpers from")
    print(f"  {helpers_file}  ({time.perf_counter() - start:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
