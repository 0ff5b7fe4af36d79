"""When a clinic is billed, and what a license costs.

The billing calendar is a local one: "the 21st of each month" at the contract's time of day, in
the clinic's time zone. `BillingCycle` is the one home of every rule about it: when the next
billing falls (`BillingCycle.next_billing`), every billing of a window (`BillingCycle.billings`),
the last moment a removal avoids a billing (`BillingCycle.cutoff_of`) and the first billing a
removal submitted at a moment saves (`BillingCycle.removal_timing`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any, Final, NamedTuple
from zoneinfo import ZoneInfo

import attrs

from licensing._checks import (
    as_type_map,
    check_aware,
    check_aware_value,
    check_currency_value,
    check_money_value,
    check_timedelta,
    check_type_map,
    fail_type,
    fail_value,
)
from licensing._frozenmap import FrozenMap
from licensing.bounds import MAX_CUTOFF, MAX_PRICE
from licensing.enums import LicenseType
from licensing.errors import PriceNotFoundError

__all__ = ["BillingCycle", "PriceList", "RemovalTiming", "instant"]

_PRICE_LIST_HAS_PRICE: Final = "PriceList.has_price"
_PRICE_LIST_PRICE: Final = "PriceList.price"

_ZERO: Final = Decimal(0)
_CYCLE: Final = "BillingCycle"
_OUTSIDE: Final = "has no next billing within the calendar (years 1 to 9999)"
_LAST_YEAR: Final = 9999
_EPOCH: Final = datetime(1970, 1, 1)  # noqa: DTZ001 - naive: `instant` subtracts naive wall times
_EPOCH_UTC: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _check_cutoff(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    cutoff = check_timedelta(instance, attribute.name, value)
    if cutoff < timedelta(0):
        raise fail_value(instance, attribute.name, value, "must not be negative")
    if cutoff > MAX_CUTOFF:
        raise fail_value(instance, attribute.name, value, f"must be at most {MAX_CUTOFF.days} days")


def _check_zone(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not (isinstance(value, ZoneInfo) and value.key is not None):
        expected = "a zoneinfo.ZoneInfo with an IANA key (like ZoneInfo('America/Phoenix')) or None"
        raise fail_type(instance, attribute.name, value, expected)


def _days_in(year: int, month: int) -> int:
    """The number of days of a month (the day before the next month's first)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def instant(moment: datetime) -> timedelta:
    """The time from the epoch to ``moment``, exactly: what orders moments, whatever their zone.

    Python compares two datetimes that share a tzinfo by their wall clocks, which is wrong
    across a daylight-saving change; read in UTC they compare as moments. At the calendar's ends,
    where UTC would overflow, the offset is subtracted from the wall clock instead (a timedelta is
    exact and never overflows there).
    """
    try:
        return moment.astimezone(UTC) - _EPOCH_UTC
    except OverflowError:
        offset = moment.utcoffset()
        assert offset is not None  # noqa: S101 - only aware moments reach here
        return moment.replace(tzinfo=None) - _EPOCH - offset


@attrs.frozen(kw_only=True)
class BillingCycle:
    """A clinic's monthly billing calendar: charged licenses are billed in advance, every month.

    The rule: a billing falls every month on the anchor's day of the month at the anchor's time
    of day, read on the wall clock of ``zone``. In a month that has no such day (the 29th to 31st
    in shorter months) it falls on that month's last day, and the next month returns to the
    anchor's day (an anchor on January 31 bills on February 28 or 29, then March 31). The
    calendar runs both ways from the anchor, and the anchor's own month bills at the anchor (but
    for an anchor given as the second of two ambiguous wall times, which bills at the first).

    With a ``zone``, the anchor is read as ``anchor.astimezone(zone)`` (the instant it denotes,
    even when given as a wall time the zone skips) and every billing falls on that local day and
    time, daylight saving included: a local time that does not exist (in the
    gap of a spring-forward change) moves forward by the gap, and an ambiguous one (repeated by a
    fall-back change) is the first of the two. Without a zone, the calendar is read in the
    anchor's own UTC offset, as in version 0.1. Returned moments carry ``zone`` as their tzinfo
    (without one, the anchor's fixed offset).

    A removal avoids a billing only when it is processed at least ``cutoff`` (elapsed time)
    before it; the product asks for 24 hours.

    Two cycles are equal exactly when they have the same cutoff and the same calendar: with a
    zone, its key and the anchor's local day and time of day in it; without, the anchor's UTC
    offset and its day and time in it. So the same instant written in two offsets is two
    calendars (they bill on different days), while anchors a month apart on the same day and
    time are one.

    Attributes:
        anchor: A billing moment, usually the contract's start; timezone-aware.
        cutoff: How long before a billing a removal must be requested to avoid it; between zero
            and `licensing.MAX_CUTOFF`.
        zone: The clinic's time zone, whose wall clock the calendar follows; ``None`` reads it
            in the anchor's UTC offset.

    >>> from datetime import datetime, timezone
    >>> from zoneinfo import ZoneInfo
    >>> cycle = BillingCycle(
    ...     anchor=datetime(2026, 1, 21, tzinfo=timezone.utc), zone=ZoneInfo("America/New_York")
    ... )
    >>> for billing in cycle.billings(cycle.anchor, datetime(2026, 4, 1, tzinfo=timezone.utc)):
    ...     print(billing)
    2026-02-20 19:00:00-05:00
    2026-03-20 19:00:00-04:00
    """

    anchor: datetime = attrs.field(validator=check_aware, eq=False)
    cutoff: timedelta = attrs.field(default=timedelta(hours=24), validator=_check_cutoff)
    zone: ZoneInfo | None = attrs.field(default=None, validator=_check_zone, eq=False)
    # The calendar, which equality and hashing compare: where its wall clock is read (the zone's
    # key, or the fixed offset of a cycle without a zone), and its day and time of day.
    _place: str | timedelta = attrs.field(init=False, repr=False)
    _day: int = attrs.field(init=False, repr=False)
    _time_of_day: time = attrs.field(init=False, repr=False)
    _tz: tzinfo = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        """Read the calendar off the anchor: its place, day and time of day."""
        place: str | timedelta
        if self.zone is not None:
            try:
                # Through UTC: `astimezone` returns a datetime that already has the zone as it
                # is, even a wall time the zone skips; the calendar reads the instant it denotes.
                local = self.anchor.astimezone(UTC).astimezone(self.zone)
            except (OverflowError, ValueError):  # the zone moves it past year 1 or 9999
                problem = f"cannot be read in {self.zone.key}: it falls outside years 1 to 9999"
                raise fail_value(self, "anchor", self.anchor, problem) from None
            tz: tzinfo = self.zone
            place = str(self.zone.key)
        else:
            offset = self.anchor.utcoffset()
            assert offset is not None  # noqa: S101 - the validator requires an aware anchor
            local = self.anchor
            tz = timezone(offset)
            place = offset
        # The wall clock's time of day. Its fold is dropped: an anchor given as the second of two
        # ambiguous times is one calendar with the first, and every billing is read with fold 0.
        time_of_day = local.time().replace(fold=0)
        object.__setattr__(self, "_place", place)
        object.__setattr__(self, "_day", local.day)
        object.__setattr__(self, "_time_of_day", time_of_day)
        object.__setattr__(self, "_tz", tz)

    # --- the calendar itself ---------------------------------------------------------------

    def _month_billing(self, year: int, month: int) -> datetime:
        """The billing of one calendar month, on the wall clock of the calendar's zone."""
        day = min(self._day, _days_in(year, month))
        wall = datetime.combine(date(year, month, day), self._time_of_day, self._tz)
        if self.zone is None:
            return wall
        # A wall time in a gap has fold 0, which a zone reads with the offset before the gap: in
        # UTC, the moment lands the gap's length later, on a wall time that exists.
        return wall.astimezone(UTC).astimezone(self.zone)

    def _next(self, after: datetime) -> datetime | None:
        """The first billing after ``after``, or ``None`` past the calendar's last (9999)."""
        local = after.astimezone(self._tz)
        moment = instant(after)
        # A gap at a month's end can push that month's billing into the next month: the zone
        # database's gaps are at most a day long, so only the first two days need the look back.
        if local.day <= 2 and (local.year, local.month) != (1, 1):
            year, month = (
                (local.year - 1, 12) if local.month == 1 else (local.year, local.month - 1)
            )
            previous = self._month_billing(year, month)
            if instant(previous) > moment:
                return previous
        candidate = self._month_billing(local.year, local.month)
        if instant(candidate) > moment:
            return candidate
        if (local.year, local.month) == (_LAST_YEAR, 12):
            return None
        year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
        return self._month_billing(year, month)

    def _before(self, moment: datetime, elapsed: timedelta) -> datetime:
        """``elapsed`` of real time before ``moment``, in the calendar's zone."""
        if self.zone is None:  # a fixed offset: its wall clock is elapsed time
            return moment.astimezone(self._tz) - elapsed
        return (moment.astimezone(UTC) - elapsed).astimezone(self.zone)

    # --- what the library asks of it ---------------------------------------------------------

    def next_billing(self, after: datetime) -> datetime:
        """Return the first billing moment strictly after ``after``.

        Args:
            after: Any timezone-aware moment.

        Returns:
            The billing of ``after``'s month (as the calendar's wall clock reads it) if that is
            later than ``after``, else the next month's; in the calendar's zone.

        Raises:
            InvalidTypeError: ``after`` is not a datetime.
            InvalidValueError: ``after`` is naive, or its next billing would fall outside the
                calendar (after December 9999, or before year 1).
        """
        where = f"{_CYCLE}.next_billing"
        check_aware_value(where, "after", after)
        return self._next_billing(after, where, "after", after)

    def _next_billing(self, after: datetime, where: str, field: str, given: object) -> datetime:
        """`next_billing`, its refusal naming the method called, its argument and its value."""
        try:
            found = self._next(after)
        except (OverflowError, ValueError):  # a conversion past year 1 or 9999
            found = None
        if found is None:
            raise fail_value(where, field, given, _OUTSIDE)
        return found

    def billings(self, after: datetime, until: datetime) -> tuple[datetime, ...]:
        """Return every billing moment ``b`` with ``after < b <= until``, in order.

        The result is empty when ``until <= after``; billings after December 9999 do not exist.

        Raises:
            InvalidTypeError: ``after`` or ``until`` is not a datetime.
            InvalidValueError: Either is naive, or a billing of the window cannot be written in
                the calendar's zone (at year 1 or 9999).
        """
        where = f"{_CYCLE}.billings"
        check_aware_value(where, "after", after)
        check_aware_value(where, "until", until)
        end = instant(until)
        found: list[datetime] = []
        moment: datetime | None = after
        try:
            while moment is not None and (moment := self._next(moment)) is not None:
                if instant(moment) > end:
                    break
                found.append(moment)
        except (OverflowError, ValueError):
            raise fail_value(where, "after", after, _OUTSIDE) from None
        return tuple(found)

    def cutoff_of(self, billing: datetime) -> datetime:
        """Return the last moment a removal can be submitted to avoid ``billing``.

        It is ``billing`` minus the cycle's ``cutoff`` of elapsed time, in the calendar's zone
        (24 hours before a billing the day after a daylight-saving change is 25 or 23 hours of
        the wall clock earlier).

        Raises:
            InvalidTypeError: ``billing`` is not a datetime.
            InvalidValueError: It is naive, or its cutoff falls before the calendar's first day.
        """
        where = f"{_CYCLE}.cutoff_of"
        check_aware_value(where, "billing", billing)
        return self._cutoff_of(billing, where, "billing", billing)

    def _cutoff_of(self, billing: datetime, where: str, field: str, given: object) -> datetime:
        """`cutoff_of`, its refusal naming the method called, its argument and its value."""
        try:
            return self._before(billing, self.cutoff)
        except (OverflowError, ValueError):
            problem = (
                f"minus the cutoff of {self.cutoff} falls before the calendar's first day (year 1)"
            )
            if given is not billing:  # reached from another moment: say which billing it met
                problem = f"leads to the billing {billing.isoformat()}, which {problem}"
            raise fail_value(where, field, given, problem) from None

    def removal_cutoff(self, after: datetime) -> datetime:
        """Return the last moment to request a removal that avoids the next billing after ``after``.

        It is ``cutoff_of(next_billing(after))``; it may lie before ``after``, when ``after`` is
        already past the cutoff of its next billing.

        Raises:
            InvalidTypeError: ``after`` is not a datetime.
            InvalidValueError: ``after`` is naive, or the next billing or its cutoff would fall
                outside the calendar.
        """
        where = f"{_CYCLE}.removal_cutoff"
        check_aware_value(where, "after", after)
        return self._cutoff_of(
            self._next_billing(after, where, "after", after), where, "after", after
        )

    def removal_timing(self, submitted_at: datetime) -> RemovalTiming:
        """Return when a removal submitted at ``submitted_at`` takes effect, and why.

        The next billing after ``submitted_at``, its cutoff, and the first billing the removal
        avoids: the first billing after ``submitted_at`` whose cutoff is at or after it (the next
        billing when the removal is on time, else a later one: the one after, since a cutoff is
        shorter than any month).

        Raises:
            InvalidTypeError: ``submitted_at`` is not a datetime.
            InvalidValueError: It is naive, or a billing would fall outside the calendar.
        """
        return self._removal_timing(submitted_at, f"{_CYCLE}.removal_timing")

    def _removal_timing(self, submitted_at: datetime, where: str) -> RemovalTiming:
        check_aware_value(where, "submitted_at", submitted_at)
        refused = (where, "submitted_at", submitted_at)  # what a refusal names
        next_billing = self._next_billing(submitted_at, *refused)
        cutoff = self._cutoff_of(next_billing, *refused)
        submitted = instant(submitted_at)
        billing, billing_cutoff = next_billing, cutoff
        while submitted > instant(billing_cutoff):
            billing = self._next_billing(billing, *refused)
            billing_cutoff = self._cutoff_of(billing, *refused)
        return RemovalTiming(next_billing=next_billing, cutoff=cutoff, first_saved_billing=billing)

    def first_saved_billing(self, submitted_at: datetime) -> datetime:
        """Return the first billing that a removal submitted at ``submitted_at`` avoids.

        It is ``removal_timing(submitted_at).first_saved_billing``.

        Raises:
            InvalidTypeError: ``submitted_at`` is not a datetime.
            InvalidValueError: It is naive, or the billing would fall outside the calendar.
        """
        return self._removal_timing(
            submitted_at, f"{_CYCLE}.first_saved_billing"
        ).first_saved_billing

    def is_on_time(self, submitted_at: datetime, billing: datetime) -> bool:
        """Whether a removal submitted at ``submitted_at`` avoids ``billing``: by its cutoff.

        Raises:
            InvalidTypeError: Either is not a datetime.
            InvalidValueError: Either is naive, or the cutoff falls outside the calendar.
        """
        where = f"{_CYCLE}.is_on_time"
        check_aware_value(where, "submitted_at", submitted_at)
        check_aware_value(where, "billing", billing)
        return instant(submitted_at) <= instant(self._cutoff_of(billing, where, "billing", billing))


class RemovalTiming(NamedTuple):
    """When a removal takes effect (`BillingCycle.removal_timing`).

    Attributes:
        next_billing: The next billing after the removal's submission.
        cutoff: The last moment a removal avoids ``next_billing``.
        first_saved_billing: The first billing the removal avoids: ``next_billing`` when it was
            submitted by ``cutoff``, else a later one.
    """

    next_billing: datetime
    cutoff: datetime
    first_saved_billing: datetime


def _check_prices_value(instance: object, field: str, price: object) -> None:
    check_money_value(instance, field, price, limit=MAX_PRICE)
    if field.endswith(f".{LicenseType.CLERICAL.value}") and price != _ZERO:
        raise fail_value(instance, field, price, "must be 0: Clerical licenses are free")


_check_price_map = check_type_map(_check_prices_value, "a mapping of LicenseType to Decimal")


def _check_prices(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_price_map(instance, attribute.name, value)


def _check_currency(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_currency_value(instance, attribute.name, value)


def _as_prices(
    value: Mapping[LicenseType, Decimal] | None,
) -> FrozenMap[LicenseType, Decimal]:
    return as_type_map(value, _same)


def _same(value: Decimal) -> Decimal:
    return value


@attrs.frozen(kw_only=True)
class PriceList:
    """The price of one license per billing cycle, per charged license type.

    Attributes:
        prices: `LicenseType` to a `Decimal` from 0 to `licensing.MAX_PRICE` (a trillion), with
            at most `licensing.MAX_MONEY_PLACES` (18) decimal places. Clerical, if listed, must
            be 0.
        currency: The ISO 4217 code every price is in.

    >>> from decimal import Decimal
    >>> prices = PriceList(prices={LicenseType.THERAPIST: Decimal("99.00")})
    >>> prices.price(LicenseType.THERAPIST), prices.price(LicenseType.CLERICAL)
    (Decimal('99.00'), Decimal('0'))
    """

    prices: FrozenMap[LicenseType, Decimal] = attrs.field(
        converter=_as_prices, validator=_check_prices
    )
    currency: str = attrs.field(default="USD", validator=_check_currency)

    def price(self, license_type: LicenseType) -> Decimal:
        """Return the price of one license of ``license_type`` per billing cycle.

        Clerical licenses are free: their price is ``Decimal(0)`` whether listed or not.

        Raises:
            InvalidTypeError: ``license_type`` is not a `LicenseType`.
            PriceNotFoundError: The list does not price this charged type.
        """
        if not isinstance(license_type, LicenseType):  # inline: a hot lookup
            raise fail_type(_PRICE_LIST_PRICE, "license_type", license_type, "a LicenseType")
        if not license_type.charged:
            return self.prices.get(license_type, _ZERO)
        try:
            return self.prices[license_type]
        except KeyError:
            msg = f"the price list has no price for {license_type.value} licenses"
            raise PriceNotFoundError(msg) from None

    def has_price(self, license_type: LicenseType) -> bool:
        """Whether `price` would return a price for ``license_type`` rather than raise.

        Raises:
            InvalidTypeError: ``license_type`` is not a `LicenseType`.
        """
        if not isinstance(license_type, LicenseType):  # inline: a hot lookup
            raise fail_type(_PRICE_LIST_HAS_PRICE, "license_type", license_type, "a LicenseType")
        return not license_type.charged or license_type in self.prices
