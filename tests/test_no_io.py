"""The package does no I/O and reads no clock, randomness or environment."""

import ast
from pathlib import Path

import pytest

import licensing

PACKAGE = Path(licensing.__file__).parent
SOURCES = sorted(PACKAGE.glob("*.py"))

FORBIDDEN_MODULES = {
    "asyncio",
    "ftplib",
    "glob",
    "http",
    "io",
    "logging",
    "os",
    "pathlib",
    "random",
    "secrets",
    "select",
    "shutil",
    "socket",
    "sqlite3",
    "ssl",
    "subprocess",
    "sys",
    "tempfile",
    "threading",
    "time",
    "urllib",
    "uuid",
}
FORBIDDEN_CALLS = {"open", "print", "input", "exec", "eval", "breakpoint", "__import__"}
FORBIDDEN_ATTRIBUTES = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today")}
FORBIDDEN_ATTRIBUTES |= {("date", "today"), ("os", "environ"), ("time", "time")}


def _violations(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in FORBIDDEN_MODULES:
                found.append(node.module)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in FORBIDDEN_CALLS:
                found.append(f"{node.func.id}()")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) in FORBIDDEN_ATTRIBUTES
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_the_package_has_sources_to_inspect() -> None:
    names = {path.name for path in SOURCES}

    assert {"__init__.py", "model.py", "usage.py"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_no_module_does_io_or_reads_the_clock(path: Path) -> None:
    violations = _violations(path.read_text(encoding="utf-8"))

    assert violations == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import os", ["os"]),
        ("from time import monotonic", ["time"]),
        ("import urllib.request", ["urllib.request"]),
        ("print('x')", ["print()"]),
        ("open('f')", ["open()"]),
        ("datetime.now()", ["datetime.now"]),
        ("date.today()", ["date.today"]),
        ("import random", ["random"]),
        ("import attrs", []),
    ],
)
def test_the_inspection_catches_each_kind_of_violation(source: str, expected: list[str]) -> None:
    assert _violations(source) == expected
