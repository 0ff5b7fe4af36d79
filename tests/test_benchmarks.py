"""The benchmark command and the scale-out example run at small scale, and their results hold.

Only results are asserted (counts, round trips, combinations, memory per user), never durations:
timings depend on the machine, and belong in docs/performance.md.
"""

import contextlib
import importlib
import importlib.util
import io
import json
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing import OrganizationUsage, RemovalProposal

ROOT = Path(__file__).parent.parent
BENCHMARKS = ROOT / "benchmarks"
EXAMPLES = ROOT / "examples"

#: What every run measures, whatever is installed.
OWN_TARGETS = {
    "usage(org) <= 1.5x floor",
    "propose_removals(org) <= 2.0x floor",
    "propose_removals(org), zoned calendars <= 2.0x floor",
    "find_idle(org) <= 1.5x floor",
    "health_check(org) <= 5.0x floor",
    "health_check(org), first check <= 5.0x floor",
    "validate_request on the whole <= 2x on two clinics",
}
SCALES = ("clinic", "chain", "platform")
#: The checks of what find_idle and health_check return, at every scale.
IDLE_CHECKS = (
    "find_idle flags exactly the users the rule names",
    "health_check's usage, removals and idle are the calls'",
    "health_check's digest is the same on two calls",
    "after_deactivation is the proposal with the idle deactivated",
    "a first check of an equal organization is the same check",
)
#: The steps of health_check timed on their own, on the platform.
HEALTH_PARTS = (
    "health_check part: digest, first check",
    "health_check part: digest, kept on the clinics",
    "health_check part: removals, from the usage",
    "health_check part: after_deactivation",
    "health_check part: alerts",
)
RIVAL_TARGETS = {
    "structure <= 1.5x msgspec",
    "unstructure <= 1.5x msgspec",
    "structure faster than pydantic",
    "unstructure faster than pydantic",
}


@pytest.fixture(scope="module")
def benchmarks() -> Iterator[ModuleType]:
    """The benchmark command's module, with benchmarks/ importable as it is when run."""
    name = "licensing_benchmarks_run"
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCHMARKS))
        spec = importlib.util.spec_from_file_location(name, BENCHMARKS / "run.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        patch.setitem(sys.modules, name, module)  # dataclasses look their module up
        spec.loader.exec_module(module)
        yield module
        for imported in ("synthetic", "rivals"):
            sys.modules.pop(imported, None)


@pytest.fixture(scope="module")
def own_run(
    benchmarks: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, Any], str]:
    """One small run without msgspec and pydantic: its JSON results and its printed report."""
    out = tmp_path_factory.mktemp("bench") / "results.json"
    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        benchmarks.main(["--scale", "small", "--repeat", "1", "--no-rivals", "--json", str(out)])
    results: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return results, report.getvalue()


@pytest.fixture
def scale_out(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """examples/scale_out.py, importable by name so that worker processes can find it."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    return importlib.import_module("scale_out")


def test_the_benchmark_runs_at_small_scale_and_checks_its_results(
    own_run: tuple[dict[str, Any], str],
) -> None:
    results, report = own_run

    assert results["checks"]
    assert all(results["checks"].values()), results["checks"]
    assert {t["name"] for t in results["targets"]} == OWN_TARGETS
    assert {(t["name"], t["scale"]) for t in results["timings"]} >= {
        ("floor", "platform"),
        ("usage(org)", "platform"),
        ("propose_removals(org)", "platform"),
        ("propose_removals(org), zoned calendars", "platform"),
        *(("structure: licensing", scale) for scale in ("clinic", "chain", "platform")),
        ("constructors only: licensing", "platform"),
        ("unstructure: licensing", "platform"),
    }
    assert results["checks"]["platform: constructors only: licensing gives the expected result"]
    assert {(t["name"], t["scale"]) for t in results["timings"]} >= {
        (name, scale)
        for name in ("find_idle(org)", "health_check(org)", "health_check(org), first check")
        for scale in SCALES
    } | {(part, "platform") for part in HEALTH_PARTS}
    assert all(len(runs) == 1 for t in results["timings"] for runs in t["runs"].values())
    assert set(results["imports"]) == {"import licensing", "import attrs, cattrs", "ratio"}
    assert "| target |" in report
    assert "msgspec and pydantic not measured" in report


def test_the_benchmark_checks_what_find_idle_and_health_check_return(
    own_run: tuple[dict[str, Any], str],
) -> None:
    results, report = own_run
    checks = results["checks"]

    for scale in SCALES:
        for check in IDLE_CHECKS:
            assert checks[f"{scale}: {check}"], (scale, check)
    assert checks["platform: the health check's steps give its own results"]
    assert not any("private steps" in note for note in results["notes"])
    assert "| health_check(org) at platform: step |" in report
    assert "| the rest of a first check (arguments, the result, collections) |" in report


def test_the_synthetic_users_are_idle_dormant_and_never_active_some_within_the_grace(
    own_run: tuple[dict[str, Any], str],
) -> None:
    idle = own_run[0]["idle"]

    assert set(idle) == set(SCALES)
    for tally in idle.values():
        assert 0 < tally["idle"] < tally["candidates"]
        assert tally["idle"] == sum(
            tally.get(kind, 0) for kind in ("dormant", "never_active", "unknown")
        )
    platform = idle["platform"]
    assert platform["dormant"] > platform["never_active"] > 0
    assert sum(tally.get("within grace", 0) for tally in idle.values()) > 0


def test_only_measures_the_floor_and_the_groups_it_names(
    benchmarks: ModuleType, tmp_path: Path
) -> None:
    out = tmp_path / "results.json"
    benchmarks.main(
        ["--scale", "small", "--repeat", "1", "--only", "find_idle", "--json", str(out)]
    )
    results = json.loads(out.read_text(encoding="utf-8"))

    assert {t["name"] for t in results["timings"]} == {"floor", "find_idle(org)"}
    assert {t["name"] for t in results["targets"]} == {"find_idle(org) <= 1.5x floor"}
    assert all(results["checks"].values()), results["checks"]
    assert {name.split(": ", 1)[1] for name in results["checks"]} == {
        "the floor counts every active user",
        "find_idle flags exactly the users the rule names",
    }
    assert not results["imports"]
    assert not results["memory"]


def test_only_refuses_a_group_it_does_not_know(benchmarks: ModuleType) -> None:
    with pytest.raises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
        benchmarks.main(["--scale", "small", "--only", "find_idle,nothing"])


def test_a_user_of_the_benchmarks_shape_fits_in_the_memory_target(
    benchmarks: ModuleType, own_run: tuple[dict[str, Any], str]
) -> None:
    memory = own_run[0]["memory"]

    assert memory["User graph, built in Python"] <= benchmarks.USER_BYTES_TARGET
    assert memory["User graph, structured from JSON"] <= benchmarks.USER_BYTES_TARGET


def test_the_benchmark_compares_with_msgspec_and_pydantic_on_the_same_data(
    benchmarks: ModuleType, tmp_path: Path
) -> None:
    pytest.importorskip("msgspec")
    pytest.importorskip("pydantic")

    out = tmp_path / "results.json"
    benchmarks.main(["--scale", "small", "--repeat", "1", "--json", str(out)])
    results = json.loads(out.read_text(encoding="utf-8"))

    assert all(results["checks"].values()), results["checks"]
    assert results["checks"]["chain: msgspec reads and writes the same organization"]
    assert results["checks"]["chain: pydantic reads and writes the same organization"]
    assert {t["name"] for t in results["targets"]} == OWN_TARGETS | RIVAL_TARGETS
    assert "whole organization from JSON: msgspec" in results["memory"]
    assert any(note.startswith("the constructors alone (no JSON)") for note in results["notes"])


@pytest.mark.usefixtures("benchmarks")  # for benchmarks/ on the path
def test_the_rival_classes_refuse_what_licensing_refuses() -> None:
    pytest.importorskip("msgspec")
    pytest.importorskip("pydantic")
    rivals = importlib.import_module("rivals")
    synthetic = importlib.import_module("synthetic")
    from licensing import make_converter  # noqa: PLC0415

    data = make_converter().unstructure(synthetic.organization(synthetic.SMALL[1]))
    broken = [
        ("pools", 0, "purchased", "3"),  # a string for an int
        ("pools", 0, "purchased", True),  # a bool for an int
        ("users", 0, "user_type", "nurse"),  # not a value of the enum
        ("users", 0, "last_active_at", "2026-01-01T00:00:00"),  # naive
        ("users", 0, "id", " "),  # blank
        ("users", 1, "id", data["clinics"][0]["users"][0]["id"]),  # repeated in the clinic
    ]

    for field, index, key, value in broken:
        bad = json.loads(json.dumps(data))
        bad["clinics"][0][field][index][key] = value
        for structure in (rivals.msgspec_structure, rivals.pydantic_structure):
            with pytest.raises(ValueError):  # noqa: PT011 - each library's own error type
                structure(bad)


def test_the_scale_out_example_combines_shards_checked_in_processes(
    scale_out: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    combined_usage, combined_proposal = scale_out.main(
        ["--clinics", "30", "--shards", "4", "--workers", "2"]
    )
    whole_usage, whole_proposal = scale_out.check_shard(scale_out.export(30))

    assert combined_usage == whole_usage
    assert combined_proposal == whole_proposal
    assert len(combined_usage.clinics) == 30
    assert "combined shards equal the whole organization: True" in capsys.readouterr().out


@cache
def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scale_out_in_process", EXAMPLES / "scale_out.py")
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    return example


@given(clinics=st.integers(min_value=0, max_value=12), shards=st.integers(min_value=1, max_value=6))
def test_combining_the_example_shards_equals_the_whole(clinics: int, shards: int) -> None:
    example = _example()
    export = example.export(clinics)

    parts = [example.check_shard(part) for part in example.shard(export, shards)]

    assert sum(len(part) for part in example.shard(export, shards)) == clinics
    assert OrganizationUsage.combine(u for u, _ in parts) == example.check_shard(export)[0]
    assert RemovalProposal.combine(p for _, p in parts) == example.check_shard(export)[1]
