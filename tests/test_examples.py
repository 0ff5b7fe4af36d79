"""The main job, examples/health_check.py, prints the library's health check, whole.

The report's numbers, evidence, alerts and requests must be the library's: each test computes
the same `licensing.health_check` the example runs and looks for what it returned in the text.
"""

import importlib.util
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from licensing import (
    AlertCode,
    Confidence,
    HealthCheck,
    IdleKind,
    IdleUser,
    LicenseType,
    Organization,
    ProblemCode,
    find_idle,
    usage,
    validate_request,
)

EXAMPLE = Path(__file__).parent.parent / "examples" / "health_check.py"
SECTIONS = [
    "== Usage ==",
    "== Free licenses to release now ==",
    "== Idle users ==",
    "== Releasable once idle users of medium confidence or more are deactivated ==",
    "== Alerts ==",
    "== Drafted adjustment requests ==",
    "== Digest ==",
]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("health_check_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["health_check_example"] = module
    spec.loader.exec_module(module)
    return module


def _report(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    _load().main(list(argv))
    return capsys.readouterr().out


def _sample() -> tuple[ModuleType, Organization, HealthCheck]:
    """The example, its organization, and the health check it prints by default."""
    example = _load()
    org = example.sample_organization()
    check = example.run(org, example.DEFAULT_NOW)
    assert isinstance(check, HealthCheck)
    return example, org, check


def _section(out: str, heading: str) -> str:
    start = out.index(heading) + len(heading)
    later = [out.index(h) for h in SECTIONS if h in out and out.index(h) > start]
    return out[start : min(later, default=len(out))]


def _flat(text: str) -> str:
    """``text`` with every run of whitespace as one space: wrapped lines read as one."""
    return " ".join(text.split())


def _minute(moment: datetime | None) -> str:
    """A moment as every moment of the report is written: ``YYYY-MM-DD HH:MM+hh:mm``."""
    return "n/a" if moment is None else moment.isoformat(sep=" ", timespec="minutes")


def _money(amount: object) -> str:
    return f"{amount:,.2f} USD"


def _tables(section: str) -> list[list[list[str]]]:
    """The tables of ``section``: the cells of each row under a ``----`` rule, to a blank line."""
    tables: list[list[list[str]]] = []
    rows: list[list[str]] | None = None
    for line in section.splitlines():
        if line.startswith("---"):
            rows = []
            tables.append(rows)
        elif not line.strip():
            rows = None
        elif rows is not None:
            rows.append(re.split(r"\s{2,}", line.strip()))
    return tables


def _rows(section: str) -> list[list[str]]:
    return [row for table in _tables(section) for row in table]


def _row(section: str, *first: str) -> list[str]:
    """The cells, after ``first``, of the one row of ``section`` that starts with ``first``."""
    found = [row[len(first) :] for row in _rows(section) if tuple(row[: len(first)]) == first]
    assert len(found) == 1, (first, found)
    return found[0]


def _line(section: str, label: str) -> list[str]:
    """The cells after ``label`` of the line of ``section`` that starts with it."""
    (line,) = [line for line in section.splitlines() if line.startswith(label + "  ")]
    return re.split(r"\s{2,}", line[len(label) :].strip())


def test_the_report_prints_every_section_once_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    out = _report(capsys)

    positions = [out.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    assert [out.count(heading) for heading in SECTIONS] == [1] * len(SECTIONS)
    assert out.startswith("License health check for Bayside Physical Therapy, as of ")


def test_the_usage_is_the_libraries_for_every_clinic_and_the_totals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, org, check = _sample()
    out = _section(_report(capsys), "== Usage ==")
    blocks = out.strip().split("\n\n")

    assert [block.splitlines()[0] for block in blocks] == [
        *(f"{clinic.name} ({clinic.id})" for clinic in org.clinics),
        f"All clinics of {org.name}",
    ]
    for block, pools in zip(
        blocks, [*(c.pools for c in check.usage.clinics), check.usage.totals], strict=True
    ):
        for pool in pools:
            expected = [pool.purchased, pool.used, pool.available, pool.over_assigned]
            found = _row(block, pool.license_type.value)
            assert found == ["unlimited" if n is None else str(n) for n in expected]
    # The product's own example, in Downtown: 20 purchased, 2 used, 18 available.
    assert "assistant  20         2     18         0" in blocks[0]


def test_the_free_licenses_are_todays_removals_with_their_savings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, check = _sample()
    out = _section(_report(capsys), "== Free licenses to release now ==")

    assert check.removals.lines
    assert len(_rows(out)) == len(check.removals.lines)
    for line in check.removals.lines:
        cells = _row(out, line.clinic_id, line.license_type.value)
        assert cells[:4] == [
            str(line.available),
            str(line.keep),
            str(line.remove),
            _money(line.saving_per_cycle),
        ]
    assert f"Saving per cycle: {_money(check.removals.total_saving_per_cycle)}" in out
    assert f"Saving per year:  {_money(check.removals.annual_saving)}" in out
    assert "downtown   assistant  18         1     17      1,513.00 USD" in out  # keep 1, remove 17


def test_every_idle_user_is_listed_with_its_evidence_and_confidence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, check = _sample()
    out = _section(_report(capsys), "== Idle users ==")
    chosen = set(check.to_deactivate)

    assert check.idle.users
    for idle in check.idle.users:
        cells = _row(out, f"{idle.user_name} ({idle.user_id})")
        evidence = {
            IdleKind.DORMANT: f"last active {_minute(idle.last_active_at)}",
            IdleKind.NEVER_ACTIVE: f"licensed since {_minute(idle.licensed_since)}",
            IdleKind.UNKNOWN: "no activity or licensing date recorded",
        }[idle.kind]
        days = "unknown" if idle.idle_for is None else f"{idle.idle_for.days} days"
        assert cells == [
            idle.clinic_id,
            idle.license_type.value,
            idle.kind.value,
            evidence,
            days,
            idle.confidence.value,
            "yes" if idle in chosen else "no",
        ]
    assert len(_rows(out)) == len(check.idle.users)


def test_the_sample_has_idle_users_of_each_kind_and_the_policy_decides_who_is_deactivated() -> None:
    _, _, check = _sample()
    found = {(idle.kind, idle.confidence) for idle in check.idle.users}

    assert (IdleKind.DORMANT, Confidence.HIGH) in found
    assert (IdleKind.DORMANT, Confidence.MEDIUM) in found
    assert {kind for kind, _ in found} == set(IdleKind)
    assert (IdleKind.UNKNOWN, Confidence.LOW) in found
    # Some are counted as deactivated (medium or more), some need a closer look first.
    assert check.min_confidence is Confidence.MEDIUM
    assert 0 < len(check.to_deactivate) < len(check.idle.users)
    # The student's threshold is its own: 30 days flags a rotation the default 90 would not.
    (student,) = [idle for idle in check.idle.users if idle.license_type is LicenseType.STUDENT]
    assert student.idle_for is not None
    assert timedelta(days=30) < student.idle_for <= timedelta(days=90)


def _flagged(org: Organization, check: HealthCheck, **policy: object) -> set[str]:
    example = _load()
    inactivity = attrs.evolve(example.INACTIVITY, **policy)
    return {idle.user_id for idle in find_idle(org, now=check.now, policy=inactivity).users}


def test_the_exempt_user_the_new_hire_and_the_system_account_are_not_flagged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    example, org, check = _sample()
    out = _section(_report(capsys), "== Idle users ==")
    flagged = {idle.user_id for idle in check.idle.users}
    (exempt,) = example.INACTIVITY.exempt
    system = [u for c in org.clinics for u in c.users if u.system and u.license_type.charged]
    (hire,) = [u for c in org.clinics for u in c.users if u.id == "esme"]

    # Each is left out for its own reason: without it, the library would flag them.
    assert exempt not in flagged
    assert exempt in _flagged(org, check, exempt=frozenset())
    assert hire.licensed_since is not None
    assert check.now - hire.licensed_since <= example.INACTIVITY.grace
    assert hire.id not in flagged
    assert hire.id in _flagged(org, check, grace=timedelta(days=1))
    assert system
    assert not {u.id for u in system} & _flagged(org, check, threshold=timedelta(seconds=1))
    for user_id in [exempt, hire.id, *(u.id for u in system)]:
        assert f"({user_id})  " not in out
    assert f"exempt: {exempt} (" in _flat(out)


def test_after_deactivation_shows_todays_saving_the_saving_after_and_the_extra(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, check = _sample()
    out = _section(_report(capsys), SECTIONS[3])
    after, today = check.after_deactivation, check.removals

    assert len(_rows(out)) == len(after.lines)
    for line in after.lines:
        cells = _row(out, line.clinic_id, line.license_type.value)
        assert cells[:4] == [
            str(line.available),
            str(line.keep),
            str(line.remove),
            _money(line.saving_per_cycle),
        ]
    totals = {
        "Free licenses today": (today.total_saving_per_cycle, today.annual_saving),
        "After deactivation": (after.total_saving_per_cycle, after.annual_saving),
        "Extra saving": (check.extra_saving_per_cycle, check.extra_annual_saving),
    }
    for label, (per_cycle, per_year) in totals.items():
        assert _line(out, label) == [_money(per_cycle), _money(per_year)]
    assert check.extra_saving_per_cycle is not None
    assert check.extra_saving_per_cycle > 0


def test_every_alert_is_printed_with_its_code_clinic_type_and_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, check = _sample()
    out = _section(_report(capsys), "== Alerts ==")
    headers = [line for line in out.splitlines() if line.startswith("[")]

    assert headers == [
        f"[{alert.code.value}] {alert.clinic_id}, {alert.license_type.value}"
        for alert in check.alerts
    ]
    for alert in check.alerts:
        assert _flat(alert.message) in _flat(out)


def test_the_sample_raises_the_alerts_of_its_scenario() -> None:
    _, _, check = _sample()
    raised = {(alert.code, alert.clinic_id, alert.license_type) for alert in check.alerts}

    assert (AlertCode.OVER_ASSIGNED, "northside", LicenseType.ASSISTANT) in raised
    assert (AlertCode.CUTOFF_MISSED, "northside", LicenseType.THERAPIST) in raised
    assert (AlertCode.IDLE_LICENSES, "downtown", LicenseType.THERAPIST) in raised


def _active(org: Organization) -> set[str]:
    return {user.id for clinic in org.clinics for user in clinic.users if user.active}


def test_the_requests_release_what_deactivation_frees_and_are_valid_once_it_is_done(
    capsys: pytest.CaptureFixture[str],
) -> None:
    example, org, check = _sample()
    out = _section(_report(capsys), "== Drafted adjustment requests ==")
    drafts = example.drafts(check.after_deactivation, check.now)
    after = example.deactivated(org, check)

    assert [request.clinic_id for request in drafts] == list(check.after_deactivation.clinic_ids)
    # Exactly the idle users of at least medium confidence were deactivated, nothing else.
    assert _active(org) - _active(after) == {idle.user_id for idle in check.to_deactivate}
    assert _active(after) <= _active(org)
    for request in drafts:
        counts = ", ".join(f"{n} {t.value}" for t, n in request.counts.items())
        assert f"Remove from {request.clinic_id}: {counts} (submitted by " in out
        assert validate_request(request, after, policy=example.POLICY).ok
        assert request.explanation is not None
        assert _flat(request.explanation) in _flat(out)
    assert out.count(": OK: may be submitted") == len(drafts)
    # Downtown's request counts the licenses its idle users hold: as things stand, it is refused.
    (downtown,) = [request for request in drafts if request.clinic_id == "downtown"]
    refused = validate_request(downtown, org, policy=example.POLICY)
    assert ProblemCode.REMOVAL_EXCEEDS_AVAILABLE in refused.codes
    assert "validation as things stand: NOT OK" in out
    assert "deactivate first: Chloe Wu (chloe)" in out
    assert "warning after_removal_cutoff" in out  # Northside, past its cutoff


def test_the_digest_is_the_checks_and_follows_the_inputs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, check = _sample()
    out = _section(_report(capsys), "== Digest ==")
    later = _section(_report(capsys, "--now", "2026-12-24T10:00:00+00:00"), "== Digest ==")

    assert f"digest: {check.digest}" in out
    assert f"rules:  licensing {check.rules_version}" in out
    assert _section(_report(capsys), "== Digest ==") == out  # the same inputs, the same digest
    assert f"digest: {check.digest}" not in later


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
    assert "2026-11-30 12:00+00:00" in out  # Eastgate, London in winter: the 31st's last day
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
    eastgate = org.clinic("eastgate").billing
    assert eastgate is not None
    assert eastgate.next_billing(_load().DEFAULT_NOW).day == 30  # the 31st, in November


def test_the_health_check_takes_now_as_an_argument(capsys: pytest.CaptureFixture[str]) -> None:
    example = _load()
    later = example.DEFAULT_NOW + timedelta(days=28)

    out = _report(capsys, "--now", later.isoformat())

    assert f"as of {_minute(later)}" in out
    # A month later, more users are idle: the report is the check at that moment.
    check = example.run(example.sample_organization(), later)
    idle: list[IdleUser] = list(check.idle.users)
    assert len(idle) > len(_sample()[2].idle.users)
    assert all(f"{user.user_name} ({user.user_id})  " in out for user in idle)


def test_the_health_check_refuses_a_naive_now() -> None:
    with pytest.raises(SystemExit):
        _load().main(["--now", "2026-12-24T10:00:00"])
