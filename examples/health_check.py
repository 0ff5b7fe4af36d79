"""The clinic health check, run on a sample three-clinic practice.

    python examples/health_check.py [--now 2026-11-26T09:00:00+00:00]

It runs `licensing.health_check` once and prints what it found: each clinic's license usage, the
free licenses worth releasing before the next invoices (keeping the spares the practice wants),
the active users whose licenses look idle with their evidence and confidence, what deactivating
them would release and the extra saving, the alerts, the drafted Remove requests with their
validation, and the digest of the inputs. Every number comes from the library; this script only
builds the sample data and lays the results out.

"Now" is fixed by default so that the report is reproducible; pass ``--now`` to check another
moment. The library itself never reads the clock.
"""

from __future__ import annotations

import argparse
import re
import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from licensing import (
    AdjustmentRequest,
    BillingCycle,
    Clinic,
    HealthCheck,
    IdleKind,
    IdleUser,
    InactivityPolicy,
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
    deactivate,
    health_check,
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
#: Why some users are exempt from the inactivity rules (what an HR system would say).
EXEMPT = {"dmitri": "on parental leave until January"}


def _seen(year: int, month: int, day: int) -> datetime:
    """A moment of the EMR's activity feed, which records in UTC."""
    return datetime(year, month, day, 8, 30, tzinfo=UTC)


RECENT = _seen(2026, 11, 25)


def _user(  # noqa: PLR0913 - a user's fields, by keyword
    user_id: str,
    name: str,
    user_type: UserType,
    *,
    last_active_at: datetime | None = None,
    licensed_since: datetime | None = None,
    permissions: Sequence[Permission] = (),
    clinic_access: Sequence[str] = (),
    system: bool = False,
) -> User:
    return User(
        id=user_id,
        name=name,
        user_type=user_type,
        last_active_at=last_active_at,
        licensed_since=licensed_since,
        permissions=frozenset(permissions),
        clinic_access=frozenset(clinic_access),
        system=system,
    )


def _inactive(user_id: str, name: str, user_type: UserType) -> User:
    return User(id=user_id, name=name, user_type=user_type, status=UserStatus.INACTIVE)


def sample_organization() -> Organization:
    """A three-clinic practice with unused and idle licenses, and three billing calendars.

    Downtown has free licenses, a long-dormant therapist, a dormant assistant, a student whose
    rotation ended, a therapist licensed two months ago who never logged in, one on leave
    (exempt) and a hire of last week (within the grace). Northside is over-assigned (an import
    left three active assistants on two licenses, one of whom never logged in), has a system
    account of a provider type, and its cutoff has just passed. Eastgate is billed on the 31st
    (the last day of shorter months), holds Assistants unlimited, and has a therapist of whom the
    EMR knows neither an activity nor a licensing date.
    """
    downtown = Clinic(
        id="downtown",
        name="Bayside PT Downtown",
        pools=[
            LicensePool(license_type=LicenseType.THERAPIST, purchased=9),
            LicensePool(license_type=LicenseType.ASSISTANT, purchased=20),
            LicensePool(license_type=LicenseType.STUDENT, purchased=2),
        ],
        users=[
            _user(
                "maria",
                "Maria Lopez (office manager)",
                UserType.CLERICAL,
                permissions=[Permission.USER_MANAGER],
                last_active_at=RECENT,
            ),
            _user("front-dt", "Jo Martin", UserType.CLERICAL, last_active_at=RECENT),
            _user("fax-bot", "Fax integration", UserType.CLERICAL, system=True),
            _user("ana", "Ana Ruiz", UserType.PT, last_active_at=RECENT),
            _user("ben", "Ben Cole", UserType.PT, last_active_at=_seen(2026, 11, 20)),
            _user("chloe", "Chloe Wu", UserType.PT, last_active_at=_seen(2026, 3, 2)),
            _user("dmitri", "Dmitri Ivanov", UserType.OT, last_active_at=_seen(2026, 5, 1)),
            _user("esme", "Esme Grant", UserType.SLP, licensed_since=_seen(2026, 11, 16)),
            _user("gita", "Gita Rao", UserType.OT, licensed_since=_seen(2026, 9, 21)),
            _inactive("farid", "Farid Haddad", UserType.PT),
            _user("cara", "Cara Diaz", UserType.PTA, last_active_at=RECENT),
            _user("dev", "Dev Shah", UserType.COTA, last_active_at=_seen(2026, 7, 20)),
            _inactive("eli", "Eli Park", UserType.PTA),
            _inactive("fay", "Fay Morgan", UserType.PTA),
            _inactive("gus", "Gus Olsen", UserType.SLPA),
            _user("hana", "Hana Sato", UserType.SPT, last_active_at=_seen(2026, 10, 12)),
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
            _user(
                "sam",
                "Sam Okafor (clinic director)",
                UserType.PT,
                permissions=[Permission.ADMIN],
                clinic_access=["downtown", "eastgate"],
                last_active_at=RECENT,
            ),
            # The home exercise program's integration: a system account, never counted or flagged.
            _user("hep-sync", "Home exercise sync", UserType.PT, system=True),
            _user("ines", "Ines Costa", UserType.OT, last_active_at=RECENT),
            _inactive("jonah", "Jonah Reed", UserType.OT),
            _inactive("kim", "Kim Tran", UserType.PT),
            # Imported data: three active assistants on two licenses (over-assigned).
            _user("lena", "Lena Fischer", UserType.COTA, last_active_at=RECENT),
            _user("marco", "Marco Bianchi", UserType.COTA, last_active_at=_seen(2026, 11, 24)),
            _user("nadia", "Nadia Rahman", UserType.PTA, licensed_since=_seen(2026, 6, 15)),
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
            _user("omar", "Omar Aziz", UserType.SLP, last_active_at=RECENT),
            # Created before the activity feed existed: the EMR knows nothing of her use.
            _user("priya", "Priya Nair", UserType.SLP),
            _inactive("quinn", "Quinn Avery", UserType.PT),
            _user("rosa", "Rosa Vega", UserType.SLPA, last_active_at=RECENT),
            _user("saul", "Saul Levin", UserType.SLPA, last_active_at=_seen(2026, 11, 23)),
            _user("tara", "Tara Boyd", UserType.PTA, last_active_at=RECENT),
            _user("uma", "Uma Patel", UserType.PTA, last_active_at=_seen(2026, 11, 19)),
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

#: Idle after 90 days without activity, students after 30 (their rotations are short); a license
#: held for 30 days or less is never flagged; staff on leave are exempt.
INACTIVITY = InactivityPolicy(
    threshold=timedelta(days=90),
    thresholds={LicenseType.STUDENT: timedelta(days=30)},
    grace=timedelta(days=30),
    exempt=frozenset(EXEMPT),
)


def run(org: Organization, now: datetime) -> HealthCheck:
    """The health check of ``org`` at ``now``, with the sample's policies and prices."""
    return health_check(org, now=now, policy=POLICY, inactivity=INACTIVITY, prices=PRICES)


# --- laying results out ---------------------------------------------------------------------


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


def _wrapped(label: str, text: str, indent: str = "  ") -> list[str]:
    """``text`` wrapped under ``label``, never breaking a moment across lines."""
    kept = _MOMENT.sub("\\1\N{NO-BREAK SPACE}\\2", text)
    first = f"{indent}{label}: " if label else indent
    lines = textwrap.wrap(kept, width=96, initial_indent=first, subsequent_indent=indent + "  ")
    return [line.replace("\N{NO-BREAK SPACE}", " ") for line in lines]


def _paragraph(text: str) -> list[str]:
    return textwrap.wrap(text, width=96)


def usage_section(org: Organization, check: HealthCheck) -> str:
    """Each clinic's usage table, then the organization's totals."""
    out = []
    for clinic, clinic_usage in zip(org.clinics, check.usage.clinics, strict=True):
        rows = [
            (p.license_type.value, p.purchased, p.used, p.available, p.over_assigned)
            for p in clinic_usage.pools
        ]
        out.append(f"{clinic.name} ({clinic.id})")
        out.append(_table(["license", "purchased", "used", "available", "over"], rows))
        out.append("")
    totals = [
        (p.license_type.value, p.purchased, p.used, p.available, p.over_assigned)
        for p in check.usage.totals
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


def _lines_table(proposal: RemovalProposal) -> str:
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
    return _table(headers, rows)


def proposal_section(proposal: RemovalProposal) -> str:
    """The proposed removals, with savings, deadlines and the first billing each saves."""
    out = [
        _lines_table(proposal),
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


def _days(delta: timedelta) -> str:
    return f"{delta.days} day{'' if delta.days == 1 else 's'}"


def _evidence(idle: IdleUser) -> str:
    """What the idle time is measured from: the last activity, the licensing date, or nothing."""
    if idle.kind is IdleKind.DORMANT:
        return f"last active {_moment(idle.last_active_at)}"
    if idle.kind is IdleKind.NEVER_ACTIVE:
        return f"licensed since {_moment(idle.licensed_since)}"
    return "no activity or licensing date recorded"


def _policy_lines() -> list[str]:
    thresholds = ", ".join(
        f"{license_type.value} {_days(days)}"
        for license_type, days in INACTIVITY.thresholds.items()
    )
    exempt = "; ".join(f"{user_id} ({why})" for user_id, why in EXEMPT.items())
    return _paragraph(
        f"Inactivity policy: idle after {_days(INACTIVITY.threshold)} without activity "
        f"({thresholds}); a license held for {_days(INACTIVITY.grace)} or less is never flagged; "
        f"exempt: {exempt}. System accounts, Clerical and unlimited pools are never flagged: "
        "deactivating them frees no billed license."
    )


def idle_section(check: HealthCheck) -> str:
    """Every idle user with its evidence and confidence, and which ones count as deactivated."""
    chosen = {idle.user_id for idle in check.to_deactivate}
    rows = [
        (
            f"{idle.user_name} ({idle.user_id})",
            idle.clinic_id,
            idle.license_type.value,
            idle.kind.value,
            _evidence(idle),
            "unknown" if idle.idle_for is None else _days(idle.idle_for),
            idle.confidence.value,
            "yes" if idle.user_id in chosen else "no",
        )
        for idle in check.idle.users
    ]
    headers = [
        "user",
        "clinic",
        "license",
        "kind",
        "evidence",
        "idle for",
        "confidence",
        "deactivate",
    ]
    least = check.min_confidence.value
    out = [
        *_policy_lines(),
        "",
        _table(headers, rows) if rows else "No idle users.",
        "",
        *(_paragraph(_legend(len(chosen), len(rows), least)) if rows else []),
    ]
    return "\n".join(out)


def _legend(chosen: int, listed: int, least: str) -> str:
    users = "idle user" if chosen == 1 else "idle users"
    legend = (
        f"deactivate: yes for the {chosen} {users} of {least} confidence or more, whom the next "
        "section counts as deactivated"
    )
    if chosen == listed:
        return legend + "."
    return (
        f"{legend}; the others need a closer look first (a missing record may be a missing feed, "
        "not a missing person)."
    )


def _savings_row(label: str, per_cycle: str, per_year: str) -> str:
    return f"{label:<24}{per_cycle:>14}{per_year:>16}".rstrip()


def after_section(check: HealthCheck) -> str:
    """What becomes releasable once the idle users are deactivated, and the extra saving."""
    after, today = check.after_deactivation, check.removals
    currency = after.currency
    return "\n".join(
        [
            _lines_table(after),
            "",
            _savings_row("", "per cycle", "per year"),
            _savings_row(
                "Free licenses today",
                _money(today.total_saving_per_cycle, currency),
                _money(today.annual_saving, currency),
            ),
            _savings_row(
                "After deactivation",
                _money(after.total_saving_per_cycle, currency),
                _money(after.annual_saving, currency),
            ),
            _savings_row(
                "Extra saving",
                _money(check.extra_saving_per_cycle, currency),
                _money(check.extra_annual_saving, currency),
            ),
        ]
    )


def alerts_section(check: HealthCheck) -> str:
    """Each alert, with its code, clinic and license type, and its message."""
    if not check.alerts:
        return "No alerts."
    out = []
    for alert in check.alerts:
        out.append(f"[{alert.code.value}] {alert.clinic_id}, {alert.license_type.value}")
        out.extend(_wrapped("", alert.message))
    return "\n".join(out)


def _verdict(report: ValidationReport) -> str:
    return "OK: may be submitted" if report.ok else "NOT OK: fix the errors first"


def _report_lines(label: str, report: ValidationReport) -> list[str]:
    lines = [f"  {label}: {_verdict(report)}"]
    for severity, problems in (("error", report.errors), ("warning", report.warnings)):
        for p in problems:
            lines += _wrapped(f"{severity} {p.code.value} ({p.field})", p.message, indent="    ")
    return lines


def _codes(report: ValidationReport) -> str:
    """A report in one line: the verdict, then each problem's code and field."""
    parts = [_verdict(report)]
    for severity, problems in (("errors", report.errors), ("warnings", report.warnings)):
        if problems:
            parts.append(
                f"{severity} " + ", ".join(f"{p.code.value} ({p.field})" for p in problems)
            )
    return "; ".join(parts)


def deactivated(org: Organization, check: HealthCheck) -> Organization:
    """``org`` with the idle users that ``after_deactivation`` counts deactivated, one by one."""
    for idle in check.to_deactivate:
        org = deactivate(org, idle.user_id)
    return org


def drafts(proposal: RemovalProposal, now: datetime) -> tuple[AdjustmentRequest, ...]:
    """The Remove requests of ``proposal``, one per clinic, each by the clinic's requester."""
    return proposal.requests(
        requested_by=REQUESTERS, submitted_at=now, reason=Reason.UNUSED_LICENSES
    )


def requests_section(org: Organization, check: HealthCheck, now: datetime) -> str:
    """The drafted Remove requests, each validated against the organization it will meet."""
    after = deactivated(org, check)
    today = {request.clinic_id: request.counts for request in drafts(check.removals, now)}
    by_clinic: dict[str, list[IdleUser]] = {}
    for idle in check.to_deactivate:
        by_clinic.setdefault(idle.clinic_id, []).append(idle)
    out = [
        *_paragraph(
            "Drafted from the proposal after deactivation: one request per clinic, releasing its "
            "free licenses and those its idle users hold. So the order is: confirm that they no "
            "longer work there, deactivate them, then submit the request by the cutoff. Each is "
            "validated against the organization with them deactivated, which is what the vendor "
            "will meet; as things stand, the licenses they hold are in use. A clinic that cannot "
            "confirm its idle users in time submits today's request for its free licenses "
            "instead (the first proposal above)."
        ),
        "",
    ]
    for request in drafts(check.after_deactivation, now):
        counts = ", ".join(f"{n} {t.value}" for t, n in request.counts.items())
        out.append(
            f"Remove from {request.clinic_id}: {counts} (submitted by {request.requested_by})"
        )
        names = ", ".join(
            f"{user.user_name} ({user.user_id})" for user in by_clinic.get(request.clinic_id, [])
        )
        # Whether the request counts licenses the deactivations free: today's draft differs.
        waits = today.get(request.clinic_id) != request.counts
        if names and waits:
            out.extend(_wrapped("deactivate first", names))
        elif names:
            out.extend(
                _wrapped(
                    "deactivate too",
                    f"{names}; it releases nothing more here, so this request does not wait",
                )
            )
        out.extend(_wrapped("explanation", request.explanation or ""))
        label = "validation once they are deactivated" if waits else "validation"
        out.extend(_report_lines(label, validate_request(request, after, policy=POLICY)))
        if waits:
            as_is = validate_request(request, org, policy=POLICY)
            out.extend(_wrapped("validation as things stand", _codes(as_is)))
        out.append("")
    return "\n".join(out).rstrip()


def digest_section(check: HealthCheck) -> str:
    """The digest of the inputs, and the version of the rules."""
    return "\n".join(
        [
            f"digest: {check.digest}",
            f"rules:  licensing {check.rules_version}",
            *_paragraph(
                "The digest is the SHA-256 of the canonical form of the inputs (the organization, "
                "both policies, the prices, now and the least confidence): the same inputs give "
                "the same digest on any machine, and any change to them changes it. Store it "
                "with the report, to tell later which facts it was decided on."
            ),
        ]
    )


def report(org: Organization, now: datetime) -> str:
    """The whole report, as text."""
    check = run(org, now)
    least = check.min_confidence.value
    sections = [
        f"License health check for {org.name}, as of {_moment(now)}",
        "",
        "== Usage ==",
        usage_section(org, check),
        "",
        "== Free licenses to release now ==",
        proposal_section(check.removals),
        "",
        "== Idle users ==",
        idle_section(check),
        "",
        f"== Releasable once idle users of {least} confidence or more are deactivated ==",
        after_section(check),
        "",
        "== Alerts ==",
        alerts_section(check),
        "",
        "== Drafted adjustment requests ==",
        requests_section(org, check, now),
        "",
        "== Digest ==",
        digest_section(check),
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
    print(report(sample_organization(), now))


if __name__ == "__main__":
    main()
