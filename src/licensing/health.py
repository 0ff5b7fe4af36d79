"""The health check as one call: usage, free and idle licenses, what to release, and alerts.

`health_check` answers, for an organization at a moment, everything an administrator asks the
week before an invoice: what each clinic uses and pays for (`licensing.usage`), which free
licenses to release and what that saves (`licensing.propose_removals`), which active users hold
a license they show no sign of using (`licensing.find_idle`), what could be released once those
users are deactivated, and what needs attention now (`Alert`). Its ``digest`` identifies the
inputs it was computed from (`licensing.digest`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from licensing import _wording as wording
from licensing._checks import (
    as_tuple,
    check_argument,
    check_aware,
    check_aware_value,
    check_id,
    check_instance,
    check_text,
    collection_check,
    fail_type,
    fail_value,
)
from licensing._tables import Row, cell, html_table
from licensing._version import __version__
from licensing.activation import deactivated
from licensing.billing import PriceList, instant
from licensing.bounds import MAX_VALID_EXPLANATION_LENGTH
from licensing.counting import ClinicUsage, MadePools, OrganizationUsage, clinic_usage, usage
from licensing.digest import HealthInputs, digest
from licensing.enums import Confidence, LicenseType, _Member
from licensing.idle import IdleReport, IdleUser, InactivityPolicy, find_idle
from licensing.model import Clinic, Organization
from licensing.policy import RetentionPolicy
from licensing.removals import (
    CYCLES_PER_YEAR,
    EXACT,
    Proposer,
    RemovalLine,
    RemovalProposal,
)

__all__ = ["ALERT_WINDOW", "Alert", "AlertCode", "HealthCheck", "health_check"]

#: How far ahead of "now" a removal cutoff raises `AlertCode.CUTOFF_SOON`: a week.
ALERT_WINDOW: Final = timedelta(days=7)

_HEALTH_CHECK: Final = "health_check"
_DIGEST: Final = re.compile(r"[0-9a-f]{64}")


class AlertCode(_Member):
    """What needs an administrator's attention: one member per kind of `Alert`.

    The value of each member is its name in lower case, and is stable: services may branch on it.
    Every alert names a clinic and a license type; each member below says when it is raised and
    what to do.

    Attributes:
        OVER_ASSIGNED: A pool has more active users than purchased licenses
            (``over_assigned > 0``): the clinic is billed for fewer licenses than it uses, which
            the product would not allow. Request the missing licenses (ADD), or deactivate users.
        BELOW_SPARE: A charged, limited pool with licenses purchased has fewer available than the
            retention policy's spare: the next hire or fill-in will meet "Maximum Licenses
            Reached". Request licenses (ADD) ahead of the need, or lower the spare.
        CUTOFF_MISSED: A line of ``removals`` whose cutoff is before "now": the next billing is
            charged for those licenses whatever is done, and the saving starts a cycle later.
            Request the removal now anyway, to make the following billing.
        CUTOFF_SOON: A line of ``removals`` whose cutoff is still ahead, within `ALERT_WINDOW`
            (seven days) of "now": request the removal before the cutoff, or the next billing
            charges for licenses nobody uses.
        UNPRICED: A line of ``removals`` whose license type the price list does not price (only
            when prices are given): its saving is unknown. Add the type's price.
        IDLE_LICENSES: A pool where active users of at least the health check's
            ``min_confidence`` hold licenses they show no sign of using (`licensing.find_idle`).
            Confirm they no longer work there, deactivate them, then request the removal by the
            cutoff (``after_deactivation`` says what that releases).
    """

    OVER_ASSIGNED = "over_assigned"
    BELOW_SPARE = "below_spare"
    CUTOFF_MISSED = "cutoff_missed"
    CUTOFF_SOON = "cutoff_soon"
    UNPRICED = "unpriced"
    IDLE_LICENSES = "idle_licenses"


_CODE_ORDER: Final = MappingProxyType({code: index for index, code in enumerate(AlertCode)})


def _check_message(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_text(instance, attribute.name, value, limit=MAX_VALID_EXPLANATION_LENGTH, what="message")


@attrs.frozen(kw_only=True)
class Alert:
    """Something in one clinic's pool of one license type that needs attention now.

    Attributes:
        code: What it is (`AlertCode`).
        clinic_id: The clinic.
        license_type: The license type.
        message: What happened and what to do, for a clinic administrator to read.
    """

    code: AlertCode = attrs.field(validator=check_instance(AlertCode, "an AlertCode"))
    clinic_id: str = attrs.field(validator=check_id)
    license_type: LicenseType = attrs.field(validator=check_instance(LicenseType, "a LicenseType"))
    message: str = attrs.field(validator=_check_message)

    def record(self) -> Row:
        """Return this alert as one flat, JSON-safe dict keyed by its field names."""
        return {name: cell(getattr(self, name)) for name in _ALERT_COLUMNS}


_ALERT_COLUMNS: Final = tuple(field.name for field in attrs.fields(Alert))
_check_alert_items = collection_check(Alert, tuple, "Alert")


def alert_order(alert: Alert, clinic_order: dict[str, int]) -> tuple[int, int, int]:
    """The order of alerts: by clinic (in ``clinic_order``), then license type, then code."""
    return (
        clinic_order.get(alert.clinic_id, len(clinic_order)),
        alert.license_type.rank,
        _CODE_ORDER[alert.code],
    )


def _as_alerts(value: Iterable[Alert]) -> tuple[Alert, ...]:
    return as_tuple(value)


def _check_alerts(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_alert_items(instance, attribute.name, value)
    assert isinstance(value, tuple)  # noqa: S101 - checked just above
    seen: set[tuple[AlertCode, str, LicenseType]] = set()
    for alert in value:
        key = (alert.code, alert.clinic_id, alert.license_type)
        if key in seen:
            raise fail_value(
                instance,
                attribute.name,
                alert,
                "must hold at most one alert per code, clinic and license type",
            )
        seen.add(key)


def _check_digest(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise fail_type(instance, attribute.name, value, "a string")
    if not _DIGEST.fullmatch(value):
        raise fail_value(
            instance, attribute.name, value, "must be 64 lowercase hexadecimal digits (SHA-256)"
        )


def _check_version(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_text(instance, attribute.name, value, limit=64, what="version")


@attrs.frozen(kw_only=True)
class HealthCheck:
    """The health check of an organization at a moment (`health_check`).

    Attributes:
        now: The moment of the check.
        usage: What each clinic uses and pays for (`licensing.usage`).
        removals: The licenses free now, to release (`licensing.propose_removals`).
        idle: The active users whose licenses look idle (`licensing.find_idle`).
        min_confidence: The least confidence of an idle user counted as deactivated in
            ``after_deactivation``.
        after_deactivation: What could be released once every idle user of at least
            ``min_confidence`` is deactivated: the proposal of the organization with them
            inactive, today's free licenses included.
        alerts: What needs attention now, at most one `Alert` per code, clinic and license type,
            by clinic (in the organization's order), then license type, then `AlertCode` order.
        digest: The lowercase hex SHA-256 of the canonical form of the inputs
            (`licensing.digest`).
        rules_version: The version of the package whose rules produced this check.
    """

    now: datetime = attrs.field(validator=check_aware)
    usage: OrganizationUsage = attrs.field(
        validator=check_instance(OrganizationUsage, "an OrganizationUsage")
    )
    removals: RemovalProposal = attrs.field(
        validator=check_instance(RemovalProposal, "a RemovalProposal")
    )
    idle: IdleReport = attrs.field(validator=check_instance(IdleReport, "an IdleReport"))
    min_confidence: Confidence = attrs.field(validator=check_instance(Confidence, "a Confidence"))
    after_deactivation: RemovalProposal = attrs.field(
        validator=check_instance(RemovalProposal, "a RemovalProposal")
    )
    alerts: tuple[Alert, ...] = attrs.field(converter=_as_alerts, validator=_check_alerts)
    digest: str = attrs.field(validator=_check_digest)
    rules_version: str = attrs.field(validator=_check_version)

    @property
    def to_deactivate(self) -> tuple[IdleUser, ...]:
        """The idle users ``after_deactivation`` counts as deactivated, in report order."""
        return self.idle.at_least(self.min_confidence)

    @property
    def extra_saving_per_cycle(self) -> Decimal | None:
        """What deactivating `to_deactivate` adds to today's saving per billing cycle, exactly.

        ``None`` when either proposal's total is unknown (some line is unpriced, or no prices
        were given).
        """
        today = self.removals.total_saving_per_cycle
        after = self.after_deactivation.total_saving_per_cycle
        if today is None or after is None:
            return None
        return EXACT.subtract(after, today)

    @property
    def extra_annual_saving(self) -> Decimal | None:
        """Twelve cycles of `extra_saving_per_cycle`; ``None`` when that is ``None``."""
        extra = self.extra_saving_per_cycle
        return None if extra is None else EXACT.multiply(Decimal(CYCLES_PER_YEAR), extra)

    def to_records(self) -> dict[str, list[Row]]:
        """Return one list of flat, JSON-safe records per section.

        Keys: ``usage`` (`licensing.OrganizationUsage.to_records`), ``removals`` and
        ``after_deactivation`` (`licensing.RemovalProposal.to_records`), ``idle``
        (`licensing.IdleReport.to_records`) and ``alerts`` (`Alert.record`).
        """
        return {
            "usage": self.usage.to_records(),
            "removals": self.removals.to_records(),
            "idle": self.idle.to_records(),
            "after_deactivation": self.after_deactivation.to_records(),
            "alerts": [alert.record() for alert in self.alerts],
        }

    def _repr_html_(self) -> str:
        from html import escape  # noqa: PLC0415 - only notebooks render HTML

        sections = [
            ("Usage", self.usage._repr_html_()),
            ("Free licenses to release now", self.removals._repr_html_()),
            ("Idle users", self.idle._repr_html_()),
            ("Releasable once idle users are deactivated", self.after_deactivation._repr_html_()),
            ("Alerts", html_table((a.record() for a in self.alerts), _ALERT_COLUMNS)),
        ]
        body = "".join(f"<h4>{escape(title)}</h4>{table}" for title, table in sections)
        return (
            f"<div><h3>Health check at {escape(self.now.isoformat())}</h3>{body}"
            f"<p>digest {escape(self.digest)}, rules {escape(self.rules_version)}</p></div>"
        )


# --- alerts -----------------------------------------------------------------------------------


def _pool_alerts(clinic: Clinic, counted: ClinicUsage, policy: RetentionPolicy) -> Iterable[Alert]:
    for pool in counted.pools:
        kind = pool.license_type
        if pool.over_assigned > 0:
            label = wording.clinic_label(clinic.id, clinic.name)
            yield Alert(
                code=AlertCode.OVER_ASSIGNED,
                clinic_id=clinic.id,
                license_type=kind,
                message=(
                    f"In {label}, {wording.number(pool.used)} active users hold "
                    f"{wording.a_license(kind)} but {_purchased(pool.purchased or 0)}: "
                    f"{wording.number(pool.over_assigned)} more than the clinic pays for. "
                    f"Request {wording.licenses(pool.over_assigned, kind)} (ADD), or deactivate "
                    f"{wording.number(pool.over_assigned)} of these users."
                ),
            )
        if not kind.charged or pool.available is None or not pool.purchased:
            continue
        spare = policy.spare(clinic.id, kind)
        if pool.available < spare:
            label = wording.clinic_label(clinic.id, clinic.name)
            yield Alert(
                code=AlertCode.BELOW_SPARE,
                clinic_id=clinic.id,
                license_type=kind,
                message=(
                    f"In {label}, {wording.number(pool.available)} of "
                    f"{wording.licenses(pool.purchased, kind)} are available, fewer than the "
                    f"{wording.number(spare)} the retention policy keeps as "
                    f"{'a spare' if spare == 1 else 'spares'}: the next "
                    f'activation may meet "Maximum Licenses Reached". Request '
                    f"{wording.licenses(spare - pool.available, kind)} (ADD) ahead of the need."
                ),
            )


def _purchased(count: int) -> str:
    """``"none is purchased"``, ``"only 1 is purchased"``, ``"only 2 are purchased"``."""
    if count == 0:
        return "none is purchased"
    return f"only {wording.number(count)} {'is' if count == 1 else 'are'} purchased"


def _cutoff_alert(
    line: RemovalLine, label: str, now: datetime, currency: str | None
) -> Alert | None:
    """`AlertCode.CUTOFF_MISSED` or `AlertCode.CUTOFF_SOON` for ``line``, or neither."""
    if line.cutoff is None or line.next_billing is None or line.first_saved_billing is None:
        return None
    missed = line.misses_next_billing
    if not missed and instant(line.cutoff) - instant(now) > ALERT_WINDOW:
        return None
    released = wording.licenses(line.remove, line.license_type)
    cutoff, billing, first = wording.moments(
        line.cutoff, line.next_billing, line.first_saved_billing
    )
    if missed:
        return Alert(
            code=AlertCode.CUTOFF_MISSED,
            clinic_id=line.clinic_id,
            license_type=line.license_type,
            message=(
                f"In {label}, the removal cutoff for the billing on {billing} passed at "
                f"{cutoff}: {released}, unused, will be billed once more. Request the "
                f"removal now to save from the billing on {first}."
            ),
        )
    saving = (
        f", saving {wording.money(line.saving_per_cycle, currency)} per cycle"
        if line.saving_per_cycle is not None and currency is not None
        else ""
    )
    return Alert(
        code=AlertCode.CUTOFF_SOON,
        clinic_id=line.clinic_id,
        license_type=line.license_type,
        message=(
            f"In {label}, request the removal of {released}, unused, by {cutoff} to "
            f"avoid {'it' if line.remove == 1 else 'them'} on the billing on "
            f"{billing}{saving}."
        ),
    )


def _line_alerts(
    line: RemovalLine, label: str, now: datetime, prices: PriceList | None, currency: str | None
) -> Iterable[Alert]:
    cutoff = _cutoff_alert(line, label, now, currency)
    if cutoff is not None:
        yield cutoff
    kind, released = line.license_type, wording.licenses(line.remove, line.license_type)
    if prices is not None and not prices.has_price(kind):
        yield Alert(
            code=AlertCode.UNPRICED,
            clinic_id=line.clinic_id,
            license_type=kind,
            message=(
                f"In {label}, {released} can be released, but the price list has no price for "
                f"{wording.type_name(kind)} licenses, so what that saves is unknown: add the "
                "price."
            ),
        )


def _idle_alerts(
    clinic: Clinic, counted: ClinicUsage, idle: Iterable[IdleUser], least: Confidence
) -> Iterable[Alert]:
    by_type: dict[LicenseType, list[IdleUser]] = {}
    for user in idle:
        by_type.setdefault(user.license_type, []).append(user)
    label = wording.clinic_label(clinic.id, clinic.name)
    for kind, users in by_type.items():
        names = wording.join(
            [wording.user_label(u.user_id, u.user_name or u.user_id) for u in users[:5]]
            + ([f"{wording.number(len(users) - 5)} more"] if len(users) > 5 else [])
        )
        over = counted.pool(kind).over_assigned
        act = (
            f"deactivate them: that first resolves the over-assignment of {wording.number(over)} "
            "in this pool, and only licenses beyond it can then be removed."
            if over
            else "deactivate them, then request the removal by the cutoff."
        )
        yield Alert(
            code=AlertCode.IDLE_LICENSES,
            clinic_id=clinic.id,
            license_type=kind,
            message=(
                f"In {label}, {wording.licenses(len(users), kind)} "
                + (
                    "is held by an active user who shows no sign of using it"
                    if len(users) == 1
                    else "are held by active users who show no sign of using them"
                )
                + f" ({least.value} confidence or more): {names}. If they no longer work "
                f"here, {act}"
            ),
        )


def _alerts(
    organization: Organization,
    check: OrganizationUsage,
    removals: RemovalProposal,
    idle: tuple[IdleUser, ...],
    inputs: HealthInputs,
) -> tuple[Alert, ...]:
    alerts: list[Alert] = []
    for clinic, counted in zip(organization.clinics, check.clinics, strict=True):
        alerts.extend(_pool_alerts(clinic, counted, inputs.policy))
    for line in removals.lines:
        label = wording.clinic_label(line.clinic_id, line.clinic_name)
        alerts.extend(_line_alerts(line, label, inputs.now, inputs.prices, removals.currency))
    idle_by_clinic: dict[str, list[IdleUser]] = {}
    for user in idle:
        idle_by_clinic.setdefault(user.clinic_id, []).append(user)
    for clinic_id, users in idle_by_clinic.items():
        clinic = organization.clinic(clinic_id)
        counted = check.clinic(clinic_id)
        alerts.extend(_idle_alerts(clinic, counted, users, inputs.min_confidence))
    order = {clinic.id: index for index, clinic in enumerate(organization.clinics)}
    return tuple(sorted(alerts, key=lambda alert: alert_order(alert, order)))


# --- the check --------------------------------------------------------------------------------


def _after(
    organization: Organization,
    removals: RemovalProposal,
    chosen: tuple[IdleUser, ...],
    proposer: Proposer,
) -> RemovalProposal:
    """The proposal of the organization with the ``chosen`` idle users deactivated.

    Only the clinics that hold one change, and only their users' statuses: each such clinic is
    counted again with its users as `licensing.deactivate` would leave them, and proposed under
    the same terms; the other clinics' lines are today's.
    """
    by_clinic: dict[str, list[str]] = {}
    for user in chosen:
        by_clinic.setdefault(user.clinic_id, []).append(user.user_id)
    made: MadePools = {}
    lines = [line for line in removals.lines if line.clinic_id not in by_clinic]
    for clinic_id, user_ids in by_clinic.items():
        clinic = organization.clinic(clinic_id)
        counted = clinic_usage(clinic, made, deactivated(clinic.users, user_ids))
        lines.extend(proposer.lines(clinic, counted))
    return proposer.proposal(lines)


def health_check(  # noqa: PLR0913 - the contract's keywords
    organization: Organization,
    *,
    now: datetime,
    policy: RetentionPolicy = RetentionPolicy(),
    inactivity: InactivityPolicy = InactivityPolicy(),
    prices: PriceList | None = None,
    min_confidence: Confidence = Confidence.MEDIUM,
) -> HealthCheck:
    """Check an organization's licenses at ``now``: usage, what to release, idle users, alerts.

    Args:
        organization: The organization to check.
        now: The moment of the check, timezone-aware.
        policy: The spare licenses each clinic keeps (default: none).
        inactivity: The thresholds, grace and exemptions of `licensing.find_idle`.
        prices: The price of a license per billing cycle; ``None`` leaves savings unknown.
        min_confidence: The least confidence of an idle user that ``after_deactivation``
            counts as deactivated (default `Confidence.MEDIUM`).

    Returns:
        The `HealthCheck`: ``usage`` is ``usage(organization)``; ``removals`` is
        ``propose_removals(organization, policy=policy, prices=prices, now=now)``; ``idle`` is
        ``find_idle(organization, now=now, policy=inactivity)``; ``after_deactivation`` is the
        proposal, with the same arguments, of the organization in which every idle user of at
        least ``min_confidence`` is deactivated; the alerts are those of `AlertCode`; the digest
        is of all the arguments (`licensing.digest`).

    Raises:
        InvalidTypeError: An argument has the wrong type.
        InvalidValueError: ``now`` is naive, or a clinic's next billing after ``now`` falls
            outside the calendar.
    """
    check_argument(_HEALTH_CHECK, "organization", organization, Organization, "an Organization")
    check_aware_value(_HEALTH_CHECK, "now", now)
    check_argument(_HEALTH_CHECK, "policy", policy, RetentionPolicy, "a RetentionPolicy")
    check_argument(_HEALTH_CHECK, "inactivity", inactivity, InactivityPolicy, "an InactivityPolicy")
    check_argument(_HEALTH_CHECK, "prices", prices, (PriceList, type(None)), "a PriceList or None")
    check_argument(_HEALTH_CHECK, "min_confidence", min_confidence, Confidence, "a Confidence")
    inputs = HealthInputs(
        organization=organization,
        policy=policy,
        inactivity=inactivity,
        prices=prices,
        now=now,
        min_confidence=min_confidence,
    )
    counted = usage(organization)
    # The proposal of the clinics just counted: `propose_removals` of the same inputs.
    proposer = Proposer(policy=policy, prices=prices, now=now)
    removals = proposer.proposal(
        line
        for clinic, clinic_counted in zip(organization.clinics, counted.clinics, strict=True)
        for line in proposer.lines(clinic, clinic_counted)
    )
    idle = find_idle(organization, now=now, policy=inactivity)
    chosen = idle.at_least(min_confidence)
    return HealthCheck(
        now=now,
        usage=counted,
        removals=removals,
        idle=idle,
        min_confidence=min_confidence,
        after_deactivation=_after(organization, removals, chosen, proposer),
        alerts=_alerts(organization, counted, removals, chosen, inputs),
        digest=digest(inputs),
        rules_version=__version__,
    )
