"""The helpers a student opens stay readable: short functions, no performance machinery.

The compute modules (``helpers/*.py``) are what the notebooks print and point to. A function
there longer than 40 lines of code (docstrings, comments and blank lines not counted) is a sign
that the lecture's formula is buried in plumbing; threads, flat buffers and a frozen garbage
collector are machinery a teaching package does not need (issue #15).
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPUTE = sorted((ROOT / "helpers").glob("*.py"))
PACKAGE = sorted((ROOT / "helpers").rglob("*.py"))
MAX_LINES = 40


def code_lines(source: str, node: ast.FunctionDef) -> int:
    """Lines of ``node`` that hold code: not blank, not only a comment, not its docstring."""
    skip = set()
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant):
        if isinstance(first.value.value, str):
            skip = set(range(first.lineno, first.end_lineno + 1))
    lines = set()
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for tok in tokens:
        if tok.type in (
            tokenize.COMMENT,
            tokenize.NL,
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
            tokenize.ENDMARKER,
        ):
            continue
        for line in range(tok.start[0], tok.end[0] + 1):
            if node.lineno <= line <= node.end_lineno and line not in skip:
                lines.add(line)
    return len(lines)


def long_functions(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            n = code_lines(source, node)
            if n > MAX_LINES:
                found.append(f"{path.name}:{node.lineno} {node.name} has {n} lines of code")
    return found


def test_the_counter_counts_code_lines_only():
    source = (
        "def f(x):\n"
        '    """A docstring\n\n    over three lines."""\n'
        "    # a comment\n"
        "\n"
        "    y = (x +\n"
        "         1)  # a continued expression: two lines\n"
        "    return y\n"
    )
    node = ast.parse(source).body[0]
    assert code_lines(source, node) == 4  # def, y = (x +, 1), return


@pytest.mark.parametrize("path", COMPUTE, ids=lambda p: p.name)
def test_compute_functions_are_short(path):
    assert long_functions(path) == []


@pytest.mark.parametrize("word", ["ThreadPoolExecutor", "gc.freeze", "Packed", "PARALLEL"])
def test_no_performance_machinery(word):
    users = [p.relative_to(ROOT).as_posix() for p in PACKAGE if word in p.read_text("utf-8")]
    assert users == []
