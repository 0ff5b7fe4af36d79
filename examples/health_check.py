"""The clinic health check, run on a sample three-clinic practice.

    python examples/health_check.py [--now 2026-11-26T09:00:00+00:00]

It prints each clinic's license usage, the removals worth requesting before the next invoices
(keeping the spares the practice wants), what they save, and the drafted Remove requests with their
validation. "Now" is fixed by default so that the report is reproducible; pass ``--now`` to check
another moment. The library itself never reads the clock.
"""

from __future__ import annotations

import argparse
import re
import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from licensing import (
    BillingCycle,
    Clinic,
    LicensePool,
    LicenseType,
    Organization,
    Permission,
    PriceList,
    Reason,
    RemovalLine,
    RemovalProposal,
    RetentionPolicy,
    User,
    UserStatus,
    UserType,
    ValidationReport,
    propose_removals,
    usage,
    validate_request,
)

#: The moment the sample report is computed for, unless --now says otherwise.
DEFAULT_NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
# Each clinic's billing calendar is read in its own zone (from the clinic's zone column, in a real
# backend): the example may read the zone database; the library only receives the zones.
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
DENVER = ZoneInfo("America/Denver")
LONDON = ZoneInfo("Europe/London")
#: Who submits each clinic's requests: its own User Manager, or the director who can open it.
REQUESTERS = {"downtown": "maria", "northside": "sam", "eastgate": "sam"}


def _staff(prefix: str, user_type: UserType, active: int, inactive: int = 0) -> list[User]:
    people = [
        User(id=f"{prefix}-{n}", name=f"{user_type.name} {prefix} {n}", user_type=user_type)
        for n in range(1, active + 1)
    ]
    people += [
        User(
            id=f"{prefix}-{n}",
            name=f"{user_type.name} {prefix} {n}",
            user_type=user_type,
            status=UserStatus.INACTIVE,
        )
        for n in range(active + 1, active + inactive + 1)
    ]
    return people


def sample_organization() -> Organization:
    """A three-clinic practice with unused licenses, a fill-in swap, and three billing days."""
    downtown = Clinic(
        id="downtown",
        name="Bayside PT Downtown",
        pools=[
            LicensePool(license_type=LicenseType.THERAPIST, purchased=8),
            LicensePool(license_type=LicenseType.ASSISTANT, purchased=20),
            LicensePool(license_type=LicenseType.STUDENT, purchased=2),
        ],
        users=[
            User(
                id="maria",
                name="Maria Lopez (office manager)",
                user_type=UserType.CLERICAL,
                permissions=[Permission.USER_MANAGER],
            ),
            User(id="front-1", name="Front desk", user_type=UserType.CLERICAL),
            User(id="fax-bot", name="Fax integration", user_type=UserType.CLERICAL, system=True),
            *_staff("pt-dt", UserType.PT, active=5, inactive=1),
            *_staff("pta-dt", UserType.PTA, active=2, inactive=3),
            *_staff("spt-dt", UserType.SPT, active=1),
        ],
        # The contract was signed on the 21st: invoiced on the 21st at midnight, Los Angeles time.
        billing=BillingCycle(anchor=datetime(2025, 3, 21, tzinfo=LOS_ANGELES), zone=LOS_ANGELES),
    )
    northside = Clinic(
        id="northside",
        name="Bayside PT Northside",
        pools=[
            LicensePool(license_type=LicenseType.THERAPIST, purchased=4),
            LicensePool(license_type=LicenseType.ASSISTANT, purchased=2),
        ],
        users=[
            User(
                id="sam",
                name="Sam Okafor (clinic director)",
                user_type=UserType.PT,
                permissions=[Permission.ADMIN],
                clinic_access=["downtown", "eastgate"],
            ),
            *_staff("pt-ns", UserType.OT, active=1, inactive=2),
            # Imported data: three active assistants on two licenses (over-assigned).
            *_staff("pta-ns", UserType.COTA, active=3),
        ],
        # Billed on the 27th, Denver time: on the sample date its cutoff has just passed.
        billing=BillingCycle(anchor=datetime(2024, 7, 27, tzinfo=DENVER), zone=DENVER),
    )
    eastgate = Clinic(
        id="eastgate",
        name="Bayside PT Eastgate",
        pools=[
            LicensePool(license_type=LicenseType.THERAPIST, purchased=3),
            LicensePool(license_type=LicenseType.ASSISTANT, unlimited=True),
        ],
        users=[
            *_staff("pt-eg", UserType.SLP, active=2, inactive=1),
            *_staff("pta-eg", UserType.SLPA, active=4),
        ],
        # Anchored on the 31st at noon in London: billed on the last day of shorter months.
        billing=BillingCycle(anchor=datetime(2025, 1, 31, 12, tzinfo=LONDON), zone=LONDON),
    )
    return Organization(
        id="bayside", name="Bayside Physical Therapy", clinics=[downtown, northside, eastgate]
    )


PRICES = PriceList(
    prices={
        LicenseType.THERAPIST: Decimal("129.00"),
        LicenseType.ASSISTANT: Decimal("89.00"),
        LicenseType.STUDENT: Decimal("39.00"),
    }
)

#: Keep one spare Assistant license everywhere (the product's own example); Downtown also keeps
#: one spare Therapist license for its PRN staff.
POLICY = RetentionPolicy(
    keep={LicenseType.ASSISTANT: 1},
    clinic_keep={"downtown": {LicenseType.THERAPIST: 1}},
)


def _cell(value: object) -> str:
    return "unlimited" if value is None else str(value)


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _money(amount: Decimal | None, currency: str | None) -> str:
    return "n/a" if amount is None else f"{amount:,.2f} {currency or ''}".strip()


def _moment(when: datetime | None) -> str:
    """One format for every moment: to the minute, in the zone it carries (the clinic's)."""
    return "n/a" if when is None else when.isoformat(sep=" ", timespec="minutes")


_MOMENT = re.compile(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d)")


def _wrapped(label: str, text: str) -> list[str]:
    """``text`` wrapped under ``label``, never breaking a moment across lines."""
    kept = _MOMENT.sub("\\1\N{NO-BREAK SPACE}\\2", text)
    lines = textwrap.wrap(kept, width=96, initial_indent=f"  {label}: ", subsequent_indent="    ")
    return [line.replace("\N{NO-BREAK SPACE}", " ") for line in lines]


def usage_section(org: Organization) -> str:
    """Each clinic's usage table, then the organization's totals."""
    result = usage(org)
    out = []
    for clinic, clinic_usage in zip(org.clinics, result.clinics, strict=True):
        rows = [
            (p.license_type.value, p.purchased, p.used, p.available, p.over_assigned)
            for p in clinic_usage.pools
        ]
        out.append(f"{clinic.name} ({clinic.id})")
        out.append(_table(["license", "purchased", "used", "available", "over"], rows))
        out.append("")
    totals = [
        (p.license_type.value, p.purchased, p.used, p.available, p.over_assigned)
        for p in result.totals
    ]
    out.append(f"All clinics of {org.name}")
    out.append(_table(["license", "purchased", "used", "available", "over"], totals))
    return "\n".join(out)


def _deadline(line: RemovalLine) -> str:
    """When to request the removal by; a cutoff that has passed is not a deadline."""
    if line.misses_next_billing is None:
        return "n/a"
    if line.misses_next_billing:
        return "passed"
    return _moment(line.cutoff)


def proposal_section(proposal: RemovalProposal) -> str:
    """The proposed removals, with savings, deadlines and the first billing each saves."""
    rows = [
        (
            line.clinic_id,
            line.license_type.value,
            line.available,
            line.keep,
            line.remove,
            _money(line.saving_per_cycle, proposal.currency),
            _deadline(line),
            _moment(line.first_saved_billing),
        )
        for line in proposal.lines
    ]
    headers = [
        "clinic",
        "license",
        "available",
        "keep",
        "remove",
        "saving/cycle",
        "request by",
        "saves from",
    ]
    out = [
        _table(headers, rows),
        "",
        f"Saving per cycle: {_money(proposal.total_saving_per_cycle, proposal.currency)}",
        f"Saving per year:  {_money(proposal.annual_saving, proposal.currency)}",
    ]
    on_time = {line.clinic_id: line for line in proposal.lines if line.misses_next_billing is False}
    late = {line.clinic_id: line for line in proposal.lines if line.misses_next_billing}
    if on_time:
        out.append("Can still avoid the next billing, if requested by the deadline:")
        out += [
            f"  {clinic_id}: by {_moment(line.cutoff)}, saving from {_moment(line.next_billing)}"
            for clinic_id, line in on_time.items()
        ]
    if late:
        out.append("Too late for the next billing; the saving starts with the one after:")
        out += [
            f"  {clinic_id}: the billing of {_moment(line.next_billing)} is charged; saving from "
            f"{_moment(line.first_saved_billing)}"
            for clinic_id, line in late.items()
        ]
    return "\n".join(out)


def _report_lines(report: ValidationReport) -> list[str]:
    verdict = "OK: may be submitted" if report.ok else "NOT OK: fix the errors first"
    lines = [f"  validation: {verdict}"]
    for severity, problems in (("error", report.errors), ("warning", report.warnings)):
        for p in problems:
            lines += _wrapped(f"{severity} {p.code.value} ({p.field})", p.message)
    return lines


def requests_section(org: Organization, proposal: RemovalProposal, now: datetime) -> str:
    """The drafted Remove requests, one per clinic, each with its validation report."""
    out = []
    drafts = proposal.requests(
        requested_by=REQUESTERS, submitted_at=now, reason=Reason.UNUSED_LICENSES
    )
    for request in drafts:
        counts = ", ".join(f"{n} {t.value}" for t, n in request.counts.items())
        out.append(
            f"Remove from {request.clinic_id}: {counts} (submitted by {request.requested_by})"
        )
        out.extend(_wrapped("explanation", request.explanation or ""))
        out.extend(_report_lines(validate_request(request, org, policy=POLICY)))
        out.append("")
    return "\n".join(out).rstrip()


def health_check(org: Organization, now: datetime) -> str:
    """The whole report, as text."""
    proposal = propose_removals(org, policy=POLICY, prices=PRICES, now=now)
    sections = [
        f"License health check for {org.name}, as of {_moment(now)}",
        "",
        "== Usage ==",
        usage_section(org),
        "",
        "== Proposed removals ==",
        proposal_section(proposal),
        "",
        "== Drafted adjustment requests ==",
        requests_section(org, proposal, now),
    ]
    return "\n".join(sections)


def main(argv: Sequence[str] | None = None) -> None:
    """Print the health check of the sample organization."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--now",
        type=datetime.fromisoformat,
        default=DEFAULT_NOW,
        help="the moment to check, ISO 8601 with a UTC offset (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    now: datetime = args.now
    if now.tzinfo is None:
        parser.error("--now needs a UTC offset, for example 2026-11-26T09:00:00+00:00")
    print(health_check(sample_organization(), now))


if __name__ == "__main__":
    main()
