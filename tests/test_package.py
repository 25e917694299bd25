"""The course's package as others get it: its distribution name, licence, citation and build
backend. (Building and installing the wheel: ``make dist-check``, tools/dist_check.py.)"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

import helpers

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]


def test_the_distribution_has_a_name_of_its_own_and_the_package_marks_it():
    """Not `helpers`: that name on PyPI is an unrelated package. The import name stays."""
    assert PROJECT["name"] == "npfl114-training-nn"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", PROJECT["name"])  # normalised (PEP 503)
    assert helpers.__course__ == PROJECT["name"]


def test_the_licence_is_mit_as_declared_and_ships_in_the_wheel():
    assert PROJECT["license"] == "MIT"  # an SPDX expression (PEP 639), not a table
    assert PROJECT["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in text
    assert "Milan Straka" in text  # the lecture the notebooks follow is not covered


def test_the_build_backend_is_pinned_to_a_tested_range():
    """setuptools 76 rejects `license = "MIT"`; 77.0.3 to 84.2.1 were tried without a warning;
    a new major release is let in only after `make dist-check` passes with it."""
    (requirement,) = PYPROJECT["build-system"]["requires"]
    assert requirement == "setuptools>=77.0.3,<85"
    assert PYPROJECT["build-system"]["build-backend"] == "setuptools.build_meta"


def test_the_citation_is_valid_cff_and_credits_the_lecture():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= set(cff)  # what CFF 1.2.0 requires
    assert cff["version"] == PROJECT["version"] and cff["license"] == "MIT"
    (lecture,) = cff["references"]
    assert lecture["title"] == "Training Neural Networks"
    assert lecture["authors"] == [{"family-names": "Straka", "given-names": "Milan"}]
    assert "NPFL114" in lecture["collection-title"]
    assert "Charles University" in lecture["institution"]["name"]
