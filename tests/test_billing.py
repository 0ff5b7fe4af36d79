"""BillingCycle: monthly billing in advance, clamped to month ends; PriceList."""

import calendar
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing import (
    BillingCycle,
    InvalidTypeError,
    InvalidValueError,
    LicenseType,
    PriceList,
    PriceNotFoundError,
)
from licensing.strategies import aware_datetimes, billing_cycles

EST = timezone(timedelta(hours=-5))


def test_an_order_signed_on_the_21st_is_invoiced_on_the_21st() -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 21, tzinfo=UTC))

    assert cycle.next_billing(datetime(2026, 3, 10, tzinfo=UTC)) == datetime(
        2026, 3, 21, tzinfo=UTC
    )


def test_the_next_billing_is_strictly_after_a_billing_moment() -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 21, tzinfo=UTC))

    assert cycle.next_billing(datetime(2026, 3, 21, tzinfo=UTC)) == datetime(
        2026, 4, 21, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 2, 28, 9, tzinfo=UTC)),
        (datetime(2028, 2, 1, tzinfo=UTC), datetime(2028, 2, 29, 9, tzinfo=UTC)),
        (datetime(2026, 2, 28, 10, tzinfo=UTC), datetime(2026, 3, 31, 9, tzinfo=UTC)),
        (datetime(2026, 4, 2, tzinfo=UTC), datetime(2026, 4, 30, 9, tzinfo=UTC)),
        (datetime(2026, 12, 31, 10, tzinfo=UTC), datetime(2027, 1, 31, 9, tzinfo=UTC)),
    ],
)
def test_a_month_without_the_anchor_day_bills_on_its_last_day(
    after: datetime, expected: datetime
) -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 31, 9, tzinfo=UTC))

    assert cycle.next_billing(after) == expected


def test_billing_is_computed_in_the_anchor_offset() -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 1, 0, 30, tzinfo=EST))
    # 03:00 UTC on March 1 is still February 28 in EST: the next billing is March 1, 00:30 EST.
    after = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)

    result = cycle.next_billing(after)

    assert result == datetime(2026, 3, 1, 0, 30, tzinfo=EST)
    assert result.utcoffset() == timedelta(hours=-5)


def test_the_removal_cutoff_is_24_hours_before_the_next_billing_by_default() -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 21, 8, tzinfo=UTC))

    assert cycle.removal_cutoff(datetime(2026, 3, 1, tzinfo=UTC)) == datetime(
        2026, 3, 20, 8, tzinfo=UTC
    )


def test_a_billing_cycle_refuses_a_naive_anchor() -> None:
    with pytest.raises(InvalidValueError, match=r"BillingCycle\.anchor must be timezone-aware"):
        BillingCycle(anchor=datetime(2026, 1, 1))  # noqa: DTZ001 - the point of the test


@pytest.mark.parametrize("cutoff", [timedelta(seconds=-1), timedelta(days=28)])
def test_a_billing_cycle_refuses_a_cutoff_out_of_range(cutoff: timedelta) -> None:
    with pytest.raises(InvalidValueError, match="cutoff"):
        BillingCycle(anchor=datetime(2026, 1, 1, tzinfo=UTC), cutoff=cutoff)


def test_a_billing_cycle_refuses_a_cutoff_that_is_not_a_timedelta() -> None:
    with pytest.raises(InvalidTypeError, match="cutoff must be a timedelta"):
        BillingCycle(anchor=datetime(2026, 1, 1, tzinfo=UTC), cutoff=24)  # type: ignore[arg-type]


def test_next_billing_refuses_a_naive_moment() -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 1, tzinfo=UTC))

    with pytest.raises(InvalidValueError, match="after must be timezone-aware"):
        cycle.next_billing(datetime(2026, 1, 1))  # noqa: DTZ001 - the point of the test


#: Cycles that read the calendar in the anchor's fixed offset: version 0.1's rule, which these
#: properties state (tests/test_billing_zones.py states the zones' rule).
FIXED = billing_cycles(zones=st.none())


@given(FIXED, aware_datetimes())
def test_the_next_billing_is_after_and_within_a_month(cycle: BillingCycle, after: datetime) -> None:
    result = cycle.next_billing(after)

    assert after < result <= after + timedelta(days=31)


@given(FIXED, aware_datetimes())
def test_the_next_billing_falls_on_the_anchor_day_or_a_shorter_month_end(
    cycle: BillingCycle, after: datetime
) -> None:
    result = cycle.next_billing(after)
    last_day = calendar.monthrange(result.year, result.month)[1]

    assert result.day == min(cycle.anchor.day, last_day)
    assert result.time() == cycle.anchor.time()
    assert result.utcoffset() == cycle.anchor.utcoffset()


@given(
    billing_cycles(),
    aware_datetimes(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
)
def test_the_next_billing_is_monotone(cycle: BillingCycle, t: datetime, delta: timedelta) -> None:
    later = t + delta

    assert cycle.next_billing(t) <= cycle.next_billing(later)


@given(FIXED, aware_datetimes())
def test_no_billing_lies_between_a_moment_and_its_next_billing(
    cycle: BillingCycle, after: datetime
) -> None:
    result = cycle.next_billing(after)
    # The billing just before `result` is at or before `after`.
    previous = cycle.next_billing(result - timedelta(days=32))

    assert previous == result or previous <= after


@given(billing_cycles(), aware_datetimes())
def test_the_cutoff_is_the_next_billing_less_the_cutoff(
    cycle: BillingCycle, after: datetime
) -> None:
    # Elapsed time: in UTC, where a day has 24 hours whatever the zone's clocks do.
    assert cycle.removal_cutoff(after) == cycle.next_billing(after).astimezone(UTC) - cycle.cutoff


@given(FIXED)
def test_the_anchor_itself_is_a_billing(cycle: BillingCycle) -> None:
    # With a zone, an anchor given as the second of two ambiguous times bills at the first
    # (tests/test_billing_zones.py); in a fixed offset every anchor is one of its billings.
    assert cycle.next_billing(cycle.anchor - timedelta(microseconds=1)) == cycle.anchor


def test_a_price_list_prices_each_charged_type_and_clerical_at_zero() -> None:
    prices = PriceList(prices={LicenseType.THERAPIST: Decimal("99.00")})

    assert prices.price(LicenseType.THERAPIST) == Decimal("99.00")
    assert prices.price(LicenseType.CLERICAL) == Decimal(0)
    assert prices.has_price(LicenseType.CLERICAL)
    assert not prices.has_price(LicenseType.ASSISTANT)


def test_a_price_list_without_a_charged_type_raises_a_lookup_error() -> None:
    prices = PriceList(prices={})

    with pytest.raises(PriceNotFoundError, match="assistant"):
        prices.price(LicenseType.ASSISTANT)
    assert issubclass(PriceNotFoundError, LookupError)


@pytest.mark.parametrize(
    ("prices", "error", "match"),
    [
        ({LicenseType.THERAPIST: 9.99}, InvalidTypeError, r"prices\.therapist must be a Decimal"),
        ({LicenseType.THERAPIST: Decimal("NaN")}, InvalidValueError, "must be finite"),
        ({LicenseType.THERAPIST: Decimal("Infinity")}, InvalidValueError, "must be finite"),
        ({LicenseType.THERAPIST: Decimal(-1)}, InvalidValueError, "must not be negative"),
        ({LicenseType.CLERICAL: Decimal(1)}, InvalidValueError, "Clerical licenses are free"),
        ({"therapist": Decimal(1)}, InvalidTypeError, "keyed by LicenseType"),
        ([Decimal(1)], InvalidTypeError, "a mapping"),
    ],
)
def test_a_price_list_refuses_bad_prices(
    prices: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        PriceList(prices=prices)  # type: ignore[arg-type]


@pytest.mark.parametrize("currency", ["usd", "US", "", "DOLLARS", 840])
def test_a_price_list_refuses_a_currency_that_is_not_an_iso_code(currency: object) -> None:
    with pytest.raises((InvalidValueError, InvalidTypeError), match="currency"):
        PriceList(prices={}, currency=currency)  # type: ignore[arg-type]


def test_a_clerical_price_of_zero_is_accepted() -> None:
    prices = PriceList(prices={LicenseType.CLERICAL: Decimal("0.00")}, currency="EUR")

    assert prices.price(LicenseType.CLERICAL) == Decimal(0)
