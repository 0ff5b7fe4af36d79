"""The main job, examples/health_check.py, produces the whole report."""

import importlib.util
import sys
from datetime import UTC, datetime
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


def test_the_health_check_prints_usage_removals_savings_and_validated_requests(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _load().main([])
    out = capsys.readouterr().out

    assert "== Usage ==" in out
    assert "Bayside PT Downtown (downtown)" in out
    assert "assistant  20         2     18         0" in out
    assert "downtown   assistant  18         1     17      1,513.00 USD" in out
    assert "Saving per cycle: 2,197.00 USD" in out
    assert "Saving per year:  26,364.00 USD" in out
    assert "Remove from downtown: 2 therapist, 17 assistant, 1 student" in out
    assert out.count("validation: OK: may be submitted") == 3
    assert "warning after_removal_cutoff" in out


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

    assert datetime(2026, 12, 24, 10, tzinfo=UTC).isoformat() in capsys.readouterr().out


def test_the_health_check_refuses_a_naive_now() -> None:
    with pytest.raises(SystemExit):
        _load().main(["--now", "2026-12-24T10:00:00"])
