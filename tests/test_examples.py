"""The main job, examples/health_check.py, produces the whole report."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from licensing import usage

EXAMPLE = Path(__file__).parent.parent / "examples" / "health_check.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("health_check", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["health_check"] = module
    spec.loader.exec_module(module)
    return module


def _report(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    _load().main(list(argv))
    return capsys.readouterr().out


def test_the_health_check_prints_usage_removals_savings_and_validated_requests(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _report(capsys)

    assert "== Usage ==" in out
    assert "Bayside PT Downtown (downtown)" in out
    assert "assistant  20         2     18         0" in out
    assert "downtown   assistant  18         1     17      1,513.00 USD" in out
    assert "Saving per cycle: 2,197.00 USD" in out
    assert "Saving per year:  26,364.00 USD" in out
    assert "Remove from downtown: 2 therapist, 17 assistant, 1 student (submitted by maria)" in out
    assert out.count("validation: OK: may be submitted") == 3
    assert "warning after_removal_cutoff" in out


def test_the_report_never_shows_a_past_cutoff_as_a_deadline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # On 2026-11-26 09:00 UTC Northside's cutoff (the 26th, 00:00 in Denver) has just passed.
    out = _report(capsys)

    assert "Earliest cutoff" not in out
    assert "northside  therapist  2          0     2       258.00 USD    passed" in out
    assert (
        "Too late for the next billing; the saving starts with the one after:\n"
        "  northside: the billing of 2026-11-27 00:00-07:00 is charged; saving from "
        "2026-12-27 00:00-07:00"
    ) in out
    assert "  downtown: by 2026-12-20 00:00-08:00, saving from 2026-12-21 00:00-08:00" in out


def test_the_totals_show_the_over_assignment_an_unlimited_clinic_used_to_hide(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Northside has 3 assistants on 2 licenses; Eastgate holds Assistants unlimited.
    out = _report(capsys)
    totals = out[out.index("All clinics of Bayside Physical Therapy") :]

    assert "assistant  unlimited  9     unlimited  1" in totals


def test_every_moment_is_written_one_way_in_its_clinics_zone_and_no_line_ends_in_spaces(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _report(capsys)

    assert "T00:00" not in out  # no ISO "T" form beside the "YYYY-MM-DD HH:MM+hh:mm" one
    assert "2026-12-21 00:00-08:00" in out  # Downtown, Los Angeles
    assert "2026-12-27 00:00-07:00" in out  # Northside, Denver
    assert "2026-11-30 12:00+00:00" in out  # Eastgate, London in winter
    assert [line for line in out.splitlines() if line != line.rstrip()] == []


def test_the_sample_organization_shows_each_documented_situation() -> None:
    org = _load().sample_organization()
    result = usage(org)

    assert len(org.clinics) == 3
    assert any(p.over_assigned for c in result.clinics for p in c.pools)
    assert any(
        p.purchased is None and p.license_type.charged for c in result.clinics for p in c.pools
    )
    assert any(u.system for c in org.clinics for u in c.users)


def test_the_health_check_takes_now_as_an_argument(capsys: pytest.CaptureFixture[str]) -> None:
    _load().main(["--now", "2026-12-24T10:00:00+00:00"])

    assert "as of 2026-12-24 10:00+00:00" in capsys.readouterr().out


def test_the_health_check_refuses_a_naive_now() -> None:
    with pytest.raises(SystemExit):
        _load().main(["--now", "2026-12-24T10:00:00"])
