"""The health check: which unused licenses to release, what that saves, and by when.

Inactive users keep their licenses billed until a Remove adjustment is processed, so paid-for,
unused licenses pile up. `propose_removals` finds them in a clinic or across an organization,
keeps the spare licenses the `RetentionPolicy` asks for, prices the rest with a `PriceList`, and
times each removal against the clinic's `BillingCycle`. `RemovalProposal.requests` then drafts the
Remove requests, one per clinic.

The product's own example: 20 Assistant licenses, 2 used, so 18 available; the clinic keeps 1 as a
spare and releases 17.

>>> from datetime import datetime, timezone
>>> from decimal import Decimal
>>> from licensing import BillingCycle, Clinic, LicensePool, LicenseType, PriceList
>>> from licensing import RetentionPolicy, User, UserType
>>> clinic = Clinic(
...     id="north",
...     name="North",
...     pools=[LicensePool(license_type=LicenseType.ASSISTANT, purchased=20)],
...     users=[User(id=f"a{n}", name=f"Assistant {n}", user_type=UserType.PTA) for n in (1, 2)],
...     billing=BillingCycle(anchor=datetime(2026, 1, 21, tzinfo=timezone.utc)),
... )
>>> proposal = propose_removals(
...     clinic,
...     policy=RetentionPolicy(keep={LicenseType.ASSISTANT: 1}),
...     prices=PriceList(prices={LicenseType.ASSISTANT: Decimal("45.00")}),
...     now=datetime(2026, 3, 10, 12, tzinfo=timezone.utc),
... )
>>> (line,) = proposal.lines
>>> line.available, line.keep, line.remove, line.saving_per_cycle
(18, 1, 17, Decimal('765.00'))
>>> print(line.cutoff)
2026-03-20 00:00:00+00:00
>>> print(line.first_saved_billing)
2026-03-21 00:00:00+00:00
>>> proposal.annual_saving, proposal.currency
(Decimal('9180.00'), 'USD')
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Final, NamedTuple, SupportsIndex  # noqa: F401 - read by typing.get_type_hints

import attrs

from licensing import _wording as wording
from licensing._checks import (
    as_int,
    as_tuple,
    check_argument,
    check_aware_value,
    check_count,
    check_currency_value,
    check_id,
    check_money_value,
    check_name,
    check_optional_aware,
    collection_check,
    fail_type,
    fail_value,
    is_collection,
    trusted,
)
from licensing._tables import Row, cell, html_table
from licensing.adjustments import requesters
from licensing.billing import BillingCycle, PriceList, instant
from licensing.bounds import (
    MAX_COUNT,
    MAX_CUTOFF,
    MAX_PRICE,
    MAX_VALID_EXPLANATION_LENGTH,
    MIN_VALID_EXPLANATION_LENGTH,
)
from licensing.counting import ClinicUsage, MadePools, clinic_usage
from licensing.enums import AdjustmentKind, LicenseType, Reason
from licensing.errors import InvalidValueError
from licensing.model import AdjustmentRequest, Clinic, Organization
from licensing.policy import RetentionPolicy

__all__ = ["RemovalLine", "RemovalProposal", "propose_removals", "removal_order"]

# Billing cycles in a year: `RemovalProposal.annual_saving` is 12 cycles' saving.
CYCLES_PER_YEAR: Final = 12

# Money is summed and multiplied exactly, whatever the thread's decimal context says (its default
# precision of 28 digits would round large sums silently). Only exact operations are done here.
EXACT: Final = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow],
)
_ZERO: Final = Decimal(0)
# The most a line can save: every license of the largest pool at the highest price.
_MAX_SAVING: Final = MAX_COUNT * MAX_PRICE
_PROPOSE: Final = "propose_removals"
_COMBINE: Final = "RemovalProposal.combine"
_REQUESTS: Final = "RemovalProposal.requests"


def _check_charged(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, LicenseType):
        raise fail_type(instance, attribute.name, value, "a LicenseType")
    if not value.charged:
        raise fail_value(instance, attribute.name, value, "must be a charged license type")


def _check_remove(instance: RemovalLine, attribute: attrs.Attribute[Any], value: int) -> None:
    check_count(instance, attribute, value)
    if value < 1:
        raise fail_value(
            instance, attribute.name, value, "must be at least 1: a line releases licenses"
        )
    if instance.keep + value != instance.available:
        raise fail_value(
            instance,
            attribute.name,
            value,
            f"must be available - keep = {instance.available} - {instance.keep}",
        )


def _check_saving(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_money_value(instance, attribute.name, value, limit=_MAX_SAVING)


def _check_clinic_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_name(instance, attribute, value)


def _check_timing(
    instance: RemovalLine, attribute: attrs.Attribute[Any], value: datetime | None
) -> None:
    """A line's three moments are given together, in the calendar's order.

    ``cutoff <= next_billing <= first_saved_billing``, and the cutoff at most
    `licensing.MAX_CUTOFF` before its billing.
    """
    check_optional_aware(instance, attribute, value)
    cutoff = instance.cutoff
    for name in ("first_saved_billing", "next_billing"):
        moment = getattr(instance, name)
        if (moment is None) is not (cutoff is None):
            raise fail_value(instance, name, moment, "must be given exactly when cutoff is")
    if cutoff is None or instance.next_billing is None or instance.first_saved_billing is None:
        return
    billing = instant(instance.next_billing)
    if not billing - MAX_CUTOFF <= instant(cutoff) <= billing:
        raise fail_value(
            instance,
            "cutoff",
            cutoff,
            f"must be at most {MAX_CUTOFF.days} days before next_billing, and not after it",
        )
    if instant(instance.first_saved_billing) < billing:
        raise fail_value(
            instance,
            "first_saved_billing",
            instance.first_saved_billing,
            "must not be before next_billing",
        )


@attrs.frozen(kw_only=True)
class RemovalLine:
    """Licenses of one charged type that one clinic pays for, does not use, and can release.

    Attributes:
        clinic_id: The clinic.
        license_type: A charged license type (never Clerical).
        available: Purchased minus used: the most that could be released.
        keep: The spare licenses kept available, ``min(available, policy's spare)``.
        remove: ``available - keep``; at least 1 (a pool with nothing to release has no line).
        saving_per_cycle: ``remove * price`` per billing cycle, in the proposal's currency;
            ``None`` when no price is known for the type. At most `licensing.MAX_COUNT` times
            the highest price, with at most 18 decimal places, like a price.
        cutoff: The last moment to request the removal so that it avoids ``next_billing`` (that
            billing minus the cycle's cutoff). It may lie before "now": the next billing can no
            longer be avoided. ``None`` without "now" or a billing cycle.
        first_saved_billing: The first billing the removal saves: ``next_billing`` when "now" is
            at or before ``cutoff``, else a later one. ``None`` exactly when ``cutoff`` is.
        next_billing: The clinic's next billing after "now", whose cutoff ``cutoff`` is.
            ``None`` exactly when ``cutoff`` is.
        clinic_name: The clinic's name, when the line was proposed from the clinic (drafted
            requests name the clinic by it); ``None`` when not known.
    """

    clinic_id: str = attrs.field(validator=check_id)
    license_type: LicenseType = attrs.field(validator=_check_charged)
    available: int = attrs.field(converter=as_int, validator=check_count)
    keep: int = attrs.field(converter=as_int, validator=check_count)
    remove: int = attrs.field(converter=as_int, validator=_check_remove)
    saving_per_cycle: Decimal | None = attrs.field(default=None, validator=_check_saving)
    cutoff: datetime | None = attrs.field(default=None, validator=check_optional_aware)
    first_saved_billing: datetime | None = attrs.field(default=None, validator=check_optional_aware)
    next_billing: datetime | None = attrs.field(default=None, validator=_check_timing)
    clinic_name: str | None = attrs.field(default=None, validator=_check_clinic_name)

    def record(self) -> Row:
        """Return this line as one flat, JSON-safe dict keyed by its field names.

        ``license_type`` is the enum's value, ``saving_per_cycle`` exact decimal text (or
        ``None``), moments ISO 8601 text in the zone they carry (or ``None``).
        """
        return {name: cell(getattr(self, name)) for name in _LINE_COLUMNS}

    @property
    def misses_next_billing(self) -> bool | None:
        """Whether "now" was past the cutoff, so the next billing is still charged in full.

        ``None`` when the line has no timing; otherwise whether the first billing saved is a
        later one than the next billing.
        """
        if self.next_billing is None or self.first_saved_billing is None:
            return None
        return instant(self.first_saved_billing) > instant(self.next_billing)


_LINE_COLUMNS: Final = tuple(field.name for field in attrs.fields(RemovalLine))


def removal_order(line: RemovalLine) -> tuple[bool, Decimal, int, str, int]:
    """Sort key of the lines of a `RemovalProposal`: what matters most comes first.

    1. Lines with a known saving, largest saving first; lines without a saving (no price) after
       them all.
    2. Then (equal or unknown savings) the most licenses removed first.
    3. Then by clinic id (code point order), then by license type in `LicenseType` order.

    Clinic id and license type tell lines of one proposal apart, so the order is total.

    Raises:
        InvalidTypeError: ``line`` is not a `RemovalLine`.
    """
    check_argument("removal_order", "line", line, RemovalLine, "a RemovalLine")
    saving = line.saving_per_cycle
    # copy_negate is exact; unary minus would round to the thread's decimal context.
    largest_first = saving.copy_negate() if saving is not None else _ZERO
    return (
        saving is None,
        largest_first,
        -line.remove,
        line.clinic_id,
        line.license_type.rank,
    )


def _as_lines(value: Iterable[RemovalLine]) -> tuple[RemovalLine, ...]:
    lines = as_tuple(value)
    if is_collection(lines) and all(isinstance(line, RemovalLine) for line in lines):
        return tuple(sorted(lines, key=removal_order))
    return lines  # not a collection of lines: the validator names the field


_check_line_items = collection_check(RemovalLine, tuple, "RemovalLine")


def _check_lines(
    instance: RemovalProposal, attribute: attrs.Attribute[Any], value: tuple[RemovalLine, ...]
) -> None:
    _check_line_items(instance, attribute.name, value)
    seen: set[tuple[str, LicenseType]] = set()
    for line in value:
        key = (line.clinic_id, line.license_type)
        if key in seen:
            raise fail_value(
                instance,
                attribute.name,
                key,
                "must hold one line per clinic and license type",
            )
        seen.add(key)


def _check_currency(
    instance: RemovalProposal, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is None:
        if any(line.saving_per_cycle is not None for line in instance.lines):
            raise fail_value(
                instance, attribute.name, value, "must be given when a line has a saving"
            )
        return
    check_currency_value(instance, attribute.name, value, expected="a string or None")


@attrs.frozen(kw_only=True)
class RemovalProposal:
    """What to release across one or more clinics, what it saves and by when.

    Build one with `propose_removals`, or merge several with `combine`. The lines are stored in
    `removal_order` whatever order they are given in, so two proposals with the same lines are
    equal.

    Attributes:
        lines: One `RemovalLine` per clinic and license type with something to release, in
            `removal_order`.
        currency: The ISO 4217 code of every saving: the price list's currency when prices were
            given, else ``None`` (and then no line has a saving).
    """

    lines: tuple[RemovalLine, ...] = attrs.field(
        default=(), converter=_as_lines, validator=_check_lines
    )
    currency: str | None = attrs.field(default=None, validator=_check_currency)

    @classmethod
    def combine(cls, proposals: Iterable[RemovalProposal]) -> RemovalProposal:
        """Merge proposals of disjoint clinics (shards of an organization) into one.

        The result is the proposal of the union: its lines are all the proposals' lines, in
        `removal_order`, and its currency the one currency among them (``None`` when none has
        one). Combining the per-clinic proposals of an organization, in any grouping and order,
        gives the organization's proposal.

        Args:
            proposals: The proposals to merge; none at all gives an empty proposal.

        Returns:
            The merged proposal.

        Raises:
            InvalidTypeError: An item is not a `RemovalProposal`.
            InvalidValueError: The proposals carry different currencies (convert the prices
                first), or two of them have a line for the same clinic and license type.
        """
        parts = as_tuple(proposals)
        _check_proposals(_COMBINE, "proposals", parts)
        currencies = sorted({part.currency for part in parts if part.currency is not None})
        if len(currencies) > 1:
            msg = (
                "RemovalProposal.combine cannot add savings in different currencies "
                f"({', '.join(currencies)}): price every shard with the same price list"
            )
            raise InvalidValueError(msg, field="currency", value=tuple(currencies))
        return cls(
            lines=[line for part in parts for line in part.lines],
            currency=currencies[0] if currencies else None,
        )

    @property
    def total_saving_per_cycle(self) -> Decimal | None:
        """The sum of the lines' savings per billing cycle, exactly, in `currency`.

        ``None`` when any line has no saving (a partial sum would look complete and be wrong),
        and for an empty proposal without a currency (no prices were given). An empty proposal
        priced in a currency saves ``Decimal(0)``.
        """
        if self.currency is None:
            return None
        return _sum_savings(self.lines)

    @property
    def annual_saving(self) -> Decimal | None:
        """Twelve cycles of `total_saving_per_cycle`, exactly; ``None`` when that is ``None``."""
        total = self.total_saving_per_cycle
        return None if total is None else EXACT.multiply(Decimal(CYCLES_PER_YEAR), total)

    @property
    def earliest_cutoff(self) -> datetime | None:
        """The earliest `RemovalLine.cutoff` of the lines that have one, else ``None``.

        It may lie in the past of the "now" the proposal was made at, when some clinic has
        already missed its next billing: for the next deadline, see `earliest_open_cutoff`.
        """
        return _earliest(line.cutoff for line in self.lines)

    @property
    def earliest_open_cutoff(self) -> datetime | None:
        """The earliest cutoff still ahead: of the lines that can make their next billing.

        Lines whose cutoff had passed when the proposal was made (`RemovalLine.misses_next_billing`)
        are left out: their next billing is charged whatever is done. ``None`` when no line has a
        cutoff still ahead.
        """
        return _earliest(line.cutoff for line in self.lines if line.misses_next_billing is False)

    @property
    def clinic_ids(self) -> tuple[str, ...]:
        """The clinics with something to release, in the order they first appear in `lines`."""
        return tuple(dict.fromkeys(line.clinic_id for line in self.lines))

    def to_records(self) -> list[Row]:
        """Return one flat, JSON-safe dict per line (`RemovalLine.record`), in order."""
        return [line.record() for line in self.lines]

    def _repr_html_(self) -> str:
        return html_table(self.to_records(), _LINE_COLUMNS)

    def requests(
        self,
        *,
        requested_by: str | Mapping[str, str],
        submitted_at: datetime,
        reason: Reason,
        explanation: str | None = None,
    ) -> tuple[AdjustmentRequest, ...]:
        """Draft the Remove requests that carry out this proposal: one per clinic.

        Each request names, per license type, the `RemovalLine.remove` count of that clinic's
        line. Whether a request may be processed (the requester's permission and access, the
        timing) is for `licensing.validate_request` to say.

        Args:
            requested_by: The id of the user who submits every request, or a mapping of clinic
                id to the id of the user who submits that clinic's request (each clinic may have
                its own User Manager). A mapping must name every clinic of the proposal; extra
                keys are ignored.
            submitted_at: When they are submitted; timezone-aware.
            reason: The reason of every request (`Reason.UNUSED_LICENSES` fits a health check).
            explanation: The explanation of every request. ``None`` (the default) writes a
                specific one per clinic: the clinic by its name, the licenses released, the
                spares the retention policy keeps, the saving per cycle and from which billing,
                and the cutoff, with moments in the clinic's billing zone. A written one is
                between `licensing.MIN_VALID_EXPLANATION_LENGTH` and
                `licensing.MAX_VALID_EXPLANATION_LENGTH` characters long.

        Returns:
            One `AdjustmentRequest` of kind `AdjustmentKind.REMOVE` per clinic, in the order of
            `clinic_ids`; none for an empty proposal.

        Raises:
            InvalidTypeError: An argument has the wrong type.
            InvalidValueError: ``requested_by`` misses a clinic, or an argument breaks an
                invariant of `AdjustmentRequest`.
        """
        check_aware_value(_REQUESTS, "submitted_at", submitted_at)
        check_argument(_REQUESTS, "reason", reason, Reason, "a Reason")
        check_argument(_REQUESTS, "explanation", explanation, (str, type(None)), "a string or None")
        by_clinic: dict[str, list[RemovalLine]] = {}
        for line in self.lines:
            by_clinic.setdefault(line.clinic_id, []).append(line)
        who = requesters(requested_by, by_clinic, owner=_REQUESTS)
        drafted = []
        for clinic_id, lines in by_clinic.items():
            ordered = sorted(lines, key=lambda line: line.license_type.rank)
            drafted.append(
                AdjustmentRequest(
                    clinic_id=clinic_id,
                    requested_by=who[clinic_id],
                    kind=AdjustmentKind.REMOVE,
                    counts={line.license_type: line.remove for line in ordered},
                    reason=reason,
                    explanation=(
                        explanation
                        if explanation is not None
                        else _explain(clinic_id, ordered, self.currency)
                    ),
                    submitted_at=submitted_at,
                )
            )
        return tuple(drafted)


def _earliest(moments: Iterable[datetime | None]) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return min(known, key=instant) if known else None


# --- explanations -----------------------------------------------------------------------------


def _explain(clinic_id: str, lines: Sequence[RemovalLine], currency: str | None) -> str:
    """Write the explanation of the Remove request of one clinic, from its lines (type order)."""
    name = next((line.clinic_name for line in lines if line.clinic_name is not None), None)
    released = wording.join([wording.licenses(line.remove, line.license_type) for line in lines])
    opening = (
        f"License health check for {wording.clinic_label(clinic_id, name)}: please remove "
        f"{released}, paid for but not used by any active user."
    )
    kept = [line for line in lines if line.keep]
    if kept:
        spares = wording.join(
            [
                f"{wording.number(line.keep)} of the {wording.number(line.available)} available "
                f"{wording.type_name(line.license_type)}"
                for line in kept
            ]
        )
        one = sum(line.keep for line in kept) == 1
        spare = (
            f"The clinic's retention policy keeps {spares} licenses as "
            f"{'a spare' if one else 'spares'} for its workflow, so "
            f"{'it stays' if one else 'they stay'} available."
        )
    else:
        spare = "The retention policy keeps no spare of these license types, so none stays."
    sentences = [opening, spare]
    # Lines of one clinic share its calendar: the same cutoff and billings.
    timed = next((line for line in lines if line.cutoff is not None), None)
    total = _sum_savings(lines)
    if total is not None and currency is not None:
        annual = EXACT.multiply(Decimal(CYCLES_PER_YEAR), total)
        saving = (
            f"This saves {wording.money(total, currency)} per billing cycle "
            f"({wording.money(annual, currency)} a year)"
        )
        if timed is not None and timed.first_saved_billing is not None:
            saving += f", from the billing on {wording.moment(timed.first_saved_billing)}"
        sentences.append(saving + ".")
    if timed is not None and timed.cutoff is not None and timed.first_saved_billing is not None:
        cutoff, first_saved = (
            wording.moment(timed.cutoff),
            wording.moment(timed.first_saved_billing),
        )
        if timed.misses_next_billing:
            sentences.append(
                f"The cutoff for the coming billing passed at {cutoff}, so the first billing "
                f"saved is the one on {first_saved}."
            )
        else:
            sentences.append(f"Processed by {cutoff}, it avoids the billing on {first_saved}.")
    text = " ".join(sentences)
    # Bounded ids, names, counts and money (`MAX_PRICE`, `MAX_MONEY_PLACES`) keep it under 1,100.
    assert MIN_VALID_EXPLANATION_LENGTH <= len(text) <= MAX_VALID_EXPLANATION_LENGTH  # noqa: S101
    return text


def _sum_savings(lines: Iterable[RemovalLine]) -> Decimal | None:
    total = _ZERO
    for line in lines:
        if line.saving_per_cycle is None:
            return None
        total = EXACT.add(total, line.saving_per_cycle)
    return total


# --- the proposal -----------------------------------------------------------------------------


_Timing = tuple[datetime | None, datetime | None, datetime | None]
#: The timing of each calendar met during one proposal: clinics share a few calendars.
_Timings = dict[BillingCycle, _Timing]


def _timing(billing: BillingCycle | None, now: datetime | None, timings: _Timings) -> _Timing:
    """The cutoff of the next billing after ``now``, that billing, and the first one saved."""
    if billing is None or now is None:
        return None, None, None
    found = timings.get(billing)  # equal cycles bill at the same moments (their calendar)
    if found is None:
        timing = billing.removal_timing(now)
        found = timings[billing] = (timing.cutoff, timing.next_billing, timing.first_saved_billing)
    return found


class _Terms(NamedTuple):
    """What one proposal is made under, and the timings of the calendars it has met."""

    policy: RetentionPolicy
    prices: PriceList | None
    now: datetime | None
    timings: _Timings


def _clinic_lines(clinic: Clinic, counted: ClinicUsage, terms: _Terms) -> list[RemovalLine]:
    policy, prices, now, timings = terms
    lines = []
    timing: _Timing | None = None
    for pool in counted.pools:
        # Unlimited pools (Clerical always) have no available count and are never released.
        if pool.available is None:
            continue
        keep = min(pool.available, policy.spare(clinic.id, pool.license_type))
        remove = pool.available - keep
        if remove == 0:
            continue
        saving = (
            EXACT.multiply(Decimal(remove), prices.price(pool.license_type))
            if prices is not None and prices.has_price(pool.license_type)
            else None
        )
        if timing is None:
            timing = _timing(clinic.billing, now, timings)
        cutoff, next_billing, first_saved = timing
        # Valid by construction: a validated clinic and usage, `keep + remove == available`, a
        # validated price and timing (tests rebuild every line through the validators).
        lines.append(
            trusted(
                RemovalLine,
                {
                    "clinic_id": clinic.id,
                    "license_type": pool.license_type,
                    "available": pool.available,
                    "keep": keep,
                    "remove": remove,
                    "saving_per_cycle": saving,
                    "cutoff": cutoff,
                    "first_saved_billing": first_saved,
                    "next_billing": next_billing,
                    "clinic_name": clinic.name,
                },
            )
        )
    return lines


class Proposer:
    """Proposals made under one set of terms, sharing the timings of the calendars they meet.

    `propose_removals` makes one; `licensing.health_check` makes one for two proposals of the
    same organization (today's, and once idle users are deactivated), so that each calendar's
    timing is computed once for both.
    """

    __slots__ = ("_terms",)

    def __init__(
        self, *, policy: RetentionPolicy, prices: PriceList | None, now: datetime | None
    ) -> None:
        """Make proposals with ``policy``, ``prices`` and ``now``, as `propose_removals` does."""
        self._terms = _Terms(policy, prices, now, {})

    def lines(self, clinic: Clinic, counted: ClinicUsage) -> list[RemovalLine]:
        """The lines of ``clinic``, whose usage is ``counted`` (`counting.clinic_usage`)."""
        return _clinic_lines(clinic, counted, self._terms)

    def proposal(self, lines: Iterable[RemovalLine]) -> RemovalProposal:
        """The proposal of ``lines``, in the currency of the prices."""
        prices = self._terms.prices
        return RemovalProposal(
            lines=lines, currency=prices.currency if prices is not None else None
        )


def propose_removals(
    subject: Clinic | Organization,
    *,
    policy: RetentionPolicy = RetentionPolicy(),
    prices: PriceList | None = None,
    now: datetime | None = None,
) -> RemovalProposal:
    """Propose the removals that release every unused license but the spares a clinic keeps.

    For each clinic and each charged, limited license type, from `licensing.usage`:
    ``keep = min(available, policy.spare(clinic.id, type))`` and ``remove = available - keep``;
    a `RemovalLine` is proposed when ``remove`` is at least 1. Clerical and unlimited pools have
    nothing to release and never appear; nor do over-assigned pools (their available count is 0).
    Only available licenses are released, never one an active user holds, and licenses are never
    pooled across clinics. Releasing exactly ``remove`` is optimal: it is the most that the
    product accepts (at most the available count) while keeping each spare.

    Savings: ``remove * prices.price(type)`` per billing cycle, computed exactly, when ``prices``
    is given and prices the type; else ``None``.

    Timing: with ``now`` and the clinic's `BillingCycle`, ``next_billing`` is the clinic's next
    billing after ``now``, ``cutoff`` its removal cutoff, and ``first_saved_billing`` the first
    billing a removal requested at ``now`` avoids (`BillingCycle.first_saved_billing`): the next
    one when ``now`` is at or before the cutoff, else the one after it. Without either, all three
    are ``None``. Each line also carries its clinic's name, which drafted requests use.

    Args:
        subject: A `Clinic`, or an `Organization` (every clinic is reviewed).
        policy: The spare licenses each clinic keeps (default: none).
        prices: The price of a license per billing cycle; ``None`` leaves savings unknown.
        now: The moment of the health check, timezone-aware; ``None`` leaves timing unknown.

    Returns:
        The `RemovalProposal`, its lines in `removal_order`, its currency that of ``prices``.
        The proposal of an organization equals `RemovalProposal.combine` of its clinics'.

    Raises:
        InvalidTypeError: ``subject`` is neither a `Clinic` nor an `Organization`, ``policy`` is
            not a `RetentionPolicy`, ``prices`` not a `PriceList` or ``None``, or ``now`` not a
            datetime or ``None`` (a `TypeError`).
        InvalidValueError: ``now`` is naive (a `ValueError`), or a clinic's next billing after
            ``now`` (or its cutoff) falls outside the calendar (years 1 to 9999).
    """
    check_argument(
        _PROPOSE, "subject", subject, (Clinic, Organization), "a Clinic or an Organization"
    )
    check_argument(_PROPOSE, "policy", policy, RetentionPolicy, "a RetentionPolicy")
    check_argument(_PROPOSE, "prices", prices, (PriceList, type(None)), "a PriceList or None")
    if now is not None:
        check_aware_value(_PROPOSE, "now", now)
    clinics = (subject,) if isinstance(subject, Clinic) else subject.clinics
    made: MadePools = {}  # the pool usages of this count, each distinct one built once
    proposer = Proposer(policy=policy, prices=prices, now=now)
    return proposer.proposal(
        line for clinic in clinics for line in proposer.lines(clinic, clinic_usage(clinic, made))
    )


_check_proposals = collection_check(RemovalProposal, tuple, "RemovalProposal")
