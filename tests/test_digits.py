"""The digits ship with the course (helpers/datasets) and load with NumPy alone.

The facts checked here do not come from the loader: the file's SHA-256 is that of the
``digits.csv.gz`` scikit-learn 1.9.1 ships (computed once with sha256sum), the label counts are
the test-set class distribution the UCI description (optdigits.names) lists and
``numpy.bincount(sklearn.datasets.load_digits().target)`` gave once, and the first image's top
row is the first line of the file, read with zcat.
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from helpers import data

ROOT = Path(__file__).resolve().parents[1]
DIGITS = ROOT / "helpers" / "datasets" / "digits.csv.gz"
SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
IMAGES_PER_LABEL = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]  # labels 0, 1, …, 9
FIRST_ROW = [0, 0, 5, 13, 9, 1, 0, 0]  # image 0 (a zero), counts 0–16


def test_the_shipped_file_is_the_one_scikit_learn_ships():
    assert hashlib.sha256(DIGITS.read_bytes()).hexdigest() == SHA256
    assert data._digits_file() == DIGITS


def test_the_licence_and_attribution_ship_beside_the_data():
    readme = (DIGITS.parent / "README.md").read_text(encoding="utf-8")
    for fact in ("Alpaydin", "Kaynak", "1998", "CC BY 4.0", "creativecommons.org/licenses/by/4.0"):
        assert fact in readme
    assert SHA256 in readme


def test_the_wheel_carries_the_data_and_its_licence():
    """pyproject's package-data names both files (setuptools puts nothing else in the wheel)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["helpers"]
    for name in ("datasets/digits.csv.gz", "datasets/README.md"):
        assert any(fnmatch.fnmatch(name, p) for p in patterns), name


def test_1797_images_of_64_values_with_labels_0_to_9():
    x, y = data.load_digits()
    assert x.shape == (1797, 64) and x.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    counts = x * 16  # the stored counts, 0–16
    assert np.array_equal(counts, np.round(counts))
    assert counts.min() == 0 and counts.max() == 16
    assert np.bincount(y, minlength=10).tolist() == IMAGES_PER_LABEL
    assert y[:10].tolist() == list(range(10))  # the file starts with one of each digit, in order
    assert (counts[0, :8] == FIRST_ROW).all()


def test_every_call_gives_a_fresh_copy():
    x, y = data.load_digits()
    x[:] = -1
    y[:] = -1
    x2, y2 = data.load_digits()
    assert x2.min() == 0 and y2.min() == 0


def damaged(tmp_path, content: bytes, monkeypatch) -> Path:
    path = tmp_path / "digits.csv.gz"
    path.write_bytes(content)
    monkeypatch.setattr(data, "_digits_file", lambda: path)
    return path


@pytest.mark.parametrize(
    "change",
    [
        lambda b: b[: len(b) // 2],  # cut short
        lambda b: b[:1000] + bytes([b[1000] ^ 1]) + b[1001:],  # one bit flipped
        lambda b: b"",  # emptied
        # valid gzip, one label changed: readable, but silently wrong if it were read
        lambda b: gzip.compress(gzip.decompress(b).replace(b",0\n", b",1\n", 1)),
    ],
    ids=["truncated", "bit-flip", "empty", "relabelled"],
)
def test_a_damaged_file_is_named_and_never_read(tmp_path, monkeypatch, change):
    path = damaged(tmp_path, change(DIGITS.read_bytes()), monkeypatch)
    with pytest.raises(OSError, match="damaged") as err:
        data.load_digits()
    assert str(path) in str(err.value) and "reinstall the course" in str(err.value)


def test_a_missing_file_is_named_with_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "gone" / "digits.csv.gz"
    monkeypatch.setattr(data, "_digits_file", lambda: path)
    with pytest.raises(FileNotFoundError) as err:
        data.load_digits()
    message = str(err.value)
    assert str(path) in message and "No such file" in message and "reinstall the course" in message


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_loading_imports_neither_scikit_learn_nor_scipy():
    done = run(
        "import sys\n"
        "from helpers import data\n"
        "x, y = data.load_digits()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'sklearn', 'scipy'}))\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_digits_load_where_scikit_learn_cannot_be_imported():
    done = run(
        "import sys\n"
        "sys.modules['sklearn'] = sys.modules['scipy'] = None  # import sklearn: ImportError\n"
        "from helpers import data\n"
        "x, y = data.load_digits()\n"
        "print(x.shape, y.shape)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1797, 64) (1797,)"
