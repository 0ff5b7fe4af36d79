"""The package does no I/O and reads no clock, randomness or environment.

The one read of system data allowed is the zone database, behind an IANA key: only
`licensing._zones` may look a key up (`zoneinfo.ZoneInfo(key)`), and only the edges that read data
from outside may call it: the JSON converter. Everything else is refused everywhere, that module
included.
"""

import ast
from pathlib import Path

import pytest

import licensing

PACKAGE = Path(licensing.__file__).parent
SOURCES = sorted(PACKAGE.glob("*.py"))

#: The module that reads the zone database, and the edges allowed to import it.
ZONE_LOOKUP = "_zones.py"
EDGES = {"serialization.py"}

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
    "tzdata",
    "urllib",
    "uuid",
}
FORBIDDEN_CALLS = {"open", "print", "input", "exec", "eval", "breakpoint", "__import__"}
FORBIDDEN_ATTRIBUTES = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today")}
FORBIDDEN_ATTRIBUTES |= {("date", "today"), ("os", "environ"), ("time", "time")}
#: What reads the zone database: a `ZoneInfo` built from a key, a file or its search path.
ZONE_READS = {"ZoneInfo", "no_cache", "from_file", "available_timezones", "reset_tzpath"}


def _zone_read(node: ast.Call) -> str | None:
    """The name of the zone database read ``node`` makes, if it makes one."""
    func = node.func
    if isinstance(func, ast.Name) and func.id in ZONE_READS:
        return func.id
    if isinstance(func, ast.Attribute) and func.attr in ZONE_READS:
        return func.attr
    return None


def _violations(source: str, *, zones: bool = False) -> list[str]:
    """Every forbidden import, call and attribute in ``source``.

    Args:
        source: A module's text.
        zones: Whether the module may read the zone database (only `licensing._zones`).
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in FORBIDDEN_MODULES:
                found.append(node.module)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                found.append(f"{node.func.id}()")
            read = _zone_read(node)
            if read is not None and not zones:
                found.append(f"{read}() reads the zone database")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) in FORBIDDEN_ATTRIBUTES
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def _imports_of_the_zone_lookup(source: str) -> bool:
    return any(
        (isinstance(node, ast.ImportFrom) and node.module == "licensing._zones")
        or (isinstance(node, ast.Import) and any(a.name == "licensing._zones" for a in node.names))
        for node in ast.walk(ast.parse(source))
    )


def test_the_package_has_sources_to_inspect() -> None:
    names = {path.name for path in SOURCES}

    assert {"__init__.py", "model.py", "counting.py", ZONE_LOOKUP, *EDGES} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_no_module_does_io_or_reads_the_clock(path: Path) -> None:
    violations = _violations(path.read_text(encoding="utf-8"), zones=path.name == ZONE_LOOKUP)

    assert violations == []


def test_only_the_edges_import_the_zone_lookup() -> None:
    importers = {
        path.name
        for path in SOURCES
        if _imports_of_the_zone_lookup(path.read_text(encoding="utf-8"))
    }

    assert importers == EDGES


def test_the_zone_lookup_reads_the_zone_database() -> None:
    source = (PACKAGE / ZONE_LOOKUP).read_text(encoding="utf-8")

    # As a set: mutation testing's copy of the module holds the function once per mutant.
    assert set(_violations(source)) == {"ZoneInfo() reads the zone database"}
    assert _violations(source, zones=True) == []


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
        ("import tzdata", ["tzdata"]),
        ("zoneinfo.ZoneInfo('UTC')", ["ZoneInfo() reads the zone database"]),
        ("ZoneInfo('America/Phoenix')", ["ZoneInfo() reads the zone database"]),
        ("ZoneInfo.no_cache('UTC')", ["no_cache() reads the zone database"]),
        ("ZoneInfo.from_file(f)", ["from_file() reads the zone database"]),
        ("zoneinfo.available_timezones()", ["available_timezones() reads the zone database"]),
        ("from zoneinfo import ZoneInfo", []),
        ("isinstance(zone, ZoneInfo)", []),
        ("import attrs", []),
    ],
)
def test_the_inspection_catches_each_kind_of_violation(source: str, expected: list[str]) -> None:
    assert _violations(source) == expected


def test_the_zone_lookup_may_read_the_zone_database_and_nothing_else() -> None:
    assert _violations("ZoneInfo('UTC')\nopen('f')\nimport os", zones=True) == ["os", "open()"]
