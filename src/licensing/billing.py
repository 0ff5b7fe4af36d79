"""When a clinic is billed, and what a license costs."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Final

import attrs

from licensing._checks import (
    MAX_PRICE,
    as_frozenmap,
    check_aware,
    check_aware_value,
    check_currency_value,
    check_money_value,
    check_timedelta,
    fail_type,
    fail_value,
)
from licensing._frozenmap import FrozenMap
from licensing.enums import LicenseType
from licensing.errors import PriceNotFoundError

__all__ = ["MAX_CUTOFF", "BillingCycle", "PriceList"]

#: The longest removal cutoff: a cutoff of four weeks or more would reach back past the
#: previous billing in February.
MAX_CUTOFF: Final = timedelta(days=27)

_ZERO: Final = Decimal(0)
_NEXT_BILLING: Final = "BillingCycle.next_billing"
_REMOVAL_CUTOFF: Final = "BillingCycle.removal_cutoff"
_OUTSIDE: Final = "has no next billing within the calendar (years 1 to 9999)"


def _check_cutoff(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    cutoff = check_timedelta(instance, attribute.name, value)
    if cutoff < timedelta(0):
        raise fail_value(instance, attribute.name, value, "must not be negative")
    if cutoff > MAX_CUTOFF:
        raise fail_value(instance, attribute.name, value, f"must be at most {MAX_CUTOFF.days} days")


def _month_billing(anchor: datetime, year: int, month: int) -> datetime:
    """The billing moment of one calendar month: the anchor's day (or the month's last day)."""
    day = min(anchor.day, calendar.monthrange(year, month)[1])
    return anchor.replace(year=year, month=month, day=day)


@attrs.frozen(kw_only=True)
class BillingCycle:
    """A clinic's monthly billing calendar: charged licenses are billed in advance, every month.

    The rule: a billing falls every month on the anchor's day of the month, at the anchor's time of
    day, in the anchor's UTC offset. In a month that has no such day (the 29th to 31st in shorter
    months) it falls on that month's last day, and the next month returns to the anchor's day (an
    anchor on January 31 bills on February 28 or 29, then March 31). The calendar runs both ways
    from the anchor; the anchor itself is one of its billings.

    A removal avoids a billing only when it is processed at least ``cutoff`` before it (the product
    asks for 24 hours).

    Attributes:
        anchor: A billing moment, usually the contract's start; timezone-aware.
        cutoff: How long before a billing a removal must be requested to avoid it; between zero
            and `MAX_CUTOFF`.

    >>> from datetime import datetime, timezone
    >>> cycle = BillingCycle(anchor=datetime(2026, 1, 31, 9, tzinfo=timezone.utc))
    >>> cycle.next_billing(datetime(2026, 2, 1, tzinfo=timezone.utc)).date()
    datetime.date(2026, 2, 28)
    """

    anchor: datetime = attrs.field(validator=check_aware)
    cutoff: timedelta = attrs.field(default=timedelta(hours=24), validator=_check_cutoff)

    def _fixed_anchor(self) -> datetime:
        # A fixed offset: comparing datetimes that share a zone-aware tzinfo would ignore DST.
        offset = self.anchor.utcoffset()
        assert offset is not None  # noqa: S101 - guaranteed by the validator
        return self.anchor.replace(tzinfo=timezone(offset))

    def next_billing(self, after: datetime) -> datetime:
        """Return the first billing moment strictly after ``after``, in the anchor's UTC offset.

        Args:
            after: Any timezone-aware moment.

        Returns:
            The billing on the anchor's day of ``after``'s month (as seen in the anchor's offset)
            if that is later than ``after``, else the next month's.

        Raises:
            InvalidTypeError: ``after`` is not a datetime.
            InvalidValueError: ``after`` is naive, or its next billing would fall outside the
                calendar (after December 9999, or before year 1 in the anchor's offset).
        """
        check_aware_value(_NEXT_BILLING, "after", after)
        anchor = self._fixed_anchor()
        try:
            local = after.astimezone(anchor.tzinfo)
            candidate = _month_billing(anchor, local.year, local.month)
            if candidate > after:
                return candidate
            year, month = (
                (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
            )
            return _month_billing(anchor, year, month)
        except (OverflowError, ValueError):  # year 0 or 10000: beyond `datetime`
            raise fail_value(_NEXT_BILLING, "after", after, _OUTSIDE) from None

    def removal_cutoff(self, after: datetime) -> datetime:
        """Return the last moment to request a removal that avoids the next billing after ``after``.

        It is ``next_billing(after) - cutoff``; it may lie before ``after``, when ``after`` is
        already past the cutoff of its next billing.

        Raises:
            InvalidTypeError: ``after`` is not a datetime.
            InvalidValueError: ``after`` is naive, or the next billing or its cutoff would fall
                outside the calendar.
        """
        return cutoff_before(self.next_billing(after), self.cutoff)


def cutoff_before(billing: datetime, cutoff: timedelta) -> datetime:
    """Return the removal cutoff of ``billing``: ``billing - cutoff``.

    Raises:
        InvalidValueError: The cutoff would fall before the calendar's first day (year 1).
    """
    try:
        return billing - cutoff
    except OverflowError:
        problem = f"minus the cutoff of {cutoff} falls before the calendar's first day (year 1)"
        raise fail_value(_REMOVAL_CUTOFF, "billing", billing, problem) from None


def _check_prices(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, FrozenMap):
        raise fail_type(instance, attribute.name, value, "a mapping of LicenseType to Decimal")
    for license_type, price in value.items():
        if not isinstance(license_type, LicenseType):
            raise fail_type(instance, attribute.name, license_type, "keyed by LicenseType")
        field = f"{attribute.name}.{license_type.value}"
        check_money_value(instance, field, price, limit=MAX_PRICE)
        if not license_type.charged and price != _ZERO:
            raise fail_value(instance, field, price, "must be 0: Clerical licenses are free")


def _check_currency(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_currency_value(instance, attribute.name, value)


@attrs.frozen(kw_only=True)
class PriceList:
    """The price of one license per billing cycle, per charged license type.

    Attributes:
        prices: `LicenseType` to a `Decimal` from 0 to `licensing._checks.MAX_PRICE` (a
            trillion), with at most `licensing._checks.MAX_MONEY_PLACES` (18) decimal places.
            Clerical, if listed, must be 0.
        currency: The ISO 4217 code every price is in.

    >>> from decimal import Decimal
    >>> prices = PriceList(prices={LicenseType.THERAPIST: Decimal("99.00")})
    >>> prices.price(LicenseType.THERAPIST), prices.price(LicenseType.CLERICAL)
    (Decimal('99.00'), Decimal('0'))
    """

    prices: FrozenMap[LicenseType, Decimal] = attrs.field(
        converter=as_frozenmap, validator=_check_prices
    )
    currency: str = attrs.field(default="USD", validator=_check_currency)

    def price(self, license_type: LicenseType) -> Decimal:
        """Return the price of one license of ``license_type`` per billing cycle.

        Clerical licenses are free: their price is ``Decimal(0)`` whether listed or not.

        Raises:
            PriceNotFoundError: The list does not price this charged type.
        """
        if not license_type.charged:
            return self.prices.get(license_type, _ZERO)
        try:
            return self.prices[license_type]
        except KeyError:
            msg = f"the price list has no price for {license_type.value} licenses"
            raise PriceNotFoundError(msg) from None

    def has_price(self, license_type: LicenseType) -> bool:
        """Whether `price` would return a price for ``license_type`` rather than raise."""
        return not license_type.charged or license_type in self.prices
