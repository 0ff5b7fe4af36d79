"""BillingCycle with a zone: the clinic's wall clock, across daylight-saving gaps and folds.

The expected moments are read without the library, with `zoneinfo` and `datetime` primitives
only: a billing's wall time has one candidate instant per UTC offset the zone uses around it,
kept when the zone's clock, read at that instant, shows the wall time. Two kept is a fold (the
first is the billing); none is a gap, and the wall time moves forward by the gap's length (the
offset after it less the offset before): the instant the wall time denotes with the offset
before the gap. Moments are compared as instants, in UTC, with their wall clock and offset
apart: two datetimes that share a tzinfo compare and subtract by their wall clocks, fold ignored.
"""

import calendar
import itertools
import json
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

import cattrs
import pytest
from cattrs.errors import AttributeValidationNote
from hypothesis import assume, given
from hypothesis import strategies as st

from licensing import (
    MAX_CUTOFF,
    BillingCycle,
    InvalidTypeError,
    InvalidValueError,
    error_messages,
    make_converter,
)

CONVERTER = make_converter()

NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # a 30-minute daylight-saving shift
SYDNEY = ZoneInfo("Australia/Sydney")
SANTIAGO = ZoneInfo("America/Santiago")  # its changes are at midnight
AUCKLAND = ZoneInfo("Pacific/Auckland")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")  # changes at midnight, until 2019
ST_JOHNS = ZoneInfo("America/St_Johns")  # a half-hour offset; changes at 00:01 until 2011
LONDON = ZoneInfo("Europe/London")
KOLKATA = ZoneInfo("Asia/Kolkata")  # no daylight saving, a half-hour offset
PHOENIX = ZoneInfo("America/Phoenix")  # no daylight saving since 1968
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
DENVER = ZoneInfo("America/Denver")
SINGAPORE = ZoneInfo("Asia/Singapore")

#: The zones with daylight saving in the years drawn: gaps and folds of an hour or half an hour,
#: at 02:00, 03:00, midnight or 00:01, in both hemispheres.
SHIFTING: Final = (NEW_YORK, LORD_HOWE, SYDNEY, SANTIAGO, AUCKLAND, SAO_PAULO, ST_JOHNS, LONDON)
ZONES: Final = (*SHIFTING, KOLKATA, PHOENIX)
#: The same zones as other `ZoneInfo` objects with the same key (as `ZoneInfo.no_cache` builds).
UNCACHED: Final = {zone.key: ZoneInfo.no_cache(zone.key) for zone in ZONES}

#: Anchors are drawn in these years; windows reach about three years either side.
FIRST_YEAR, LAST_YEAR = 1972, 2038
#: Wider than any UTC offset: the offsets in force this far either side of a wall time read as
#: UTC are the ones before and after any change near it (changes are months apart here).
SPAN: Final = timedelta(hours=26)
MICROSECOND: Final = timedelta(microseconds=1)
DAY: Final = timedelta(days=1)


# --- reading moments -----------------------------------------------------------------------------


def _offset(moment: datetime) -> timedelta:
    offset = moment.utcoffset()
    assert offset is not None
    return offset


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _wall(moment: datetime) -> datetime:
    """What the clock of ``moment``'s tzinfo reads at it, naive."""
    return moment.replace(tzinfo=None)


def _shown(moment: datetime) -> tuple[datetime, datetime, timedelta]:
    """A moment as it is, not as Python compares it: its instant, wall clock and offset."""
    return _utc(moment), _wall(moment), _offset(moment)


def _zone_key(moment: datetime) -> str | None:
    return moment.tzinfo.key if isinstance(moment.tzinfo, ZoneInfo) else None


def _schedule(cycle: BillingCycle, after: datetime, until: datetime) -> list[tuple[object, ...]]:
    """The billings of a window as they are: instants, wall clocks, offsets and zones."""
    return [(*_shown(b), _zone_key(b)) for b in cycle.billings(after, until)]


# --- the oracle: the calendar read with zoneinfo primitives --------------------------------------


class Reading(NamedTuple):
    """A cycle's calendar as the contract defines it, read off its anchor by the test."""

    zone: ZoneInfo | None
    offset: timedelta  # the anchor's: where the calendar is read without a zone
    day: int
    clock: time


def _reading(anchor: datetime, zone: ZoneInfo | None) -> Reading:
    local = anchor.astimezone(UTC).astimezone(zone) if zone is not None else anchor
    return Reading(zone, _offset(anchor), local.day, local.time().replace(fold=0))


def _key(cycle: BillingCycle) -> tuple[object, ...]:
    """What the contract says two cycles are equal by."""
    reading = _reading(cycle.anchor, cycle.zone)
    place = reading.offset if cycle.zone is None else cycle.zone.key
    return (cycle.cutoff, place, reading.day, reading.clock)


def _instant_of_wall(wall: datetime, zone: ZoneInfo) -> datetime:
    """The instant (in UTC) of a billing at the naive ``wall`` time on ``zone``'s clock."""
    near = wall.replace(tzinfo=UTC)
    offsets = {_offset((near + shift).astimezone(zone)) for shift in (-SPAN, timedelta(0), SPAN)}
    readings = sorted(near - offset for offset in offsets)
    readings = [moment for moment in readings if _wall(moment.astimezone(zone)) == wall]
    if readings:
        return readings[0]  # the one instant the clock shows it, or the first of a fold's two
    before = _offset((near - SPAN).astimezone(zone))
    gap = _offset((near + SPAN).astimezone(zone)) - before
    moved = near - before
    # The oracle's own check: the clock after the gap shows the wall time plus the gap.
    assert gap > timedelta(0)
    assert _wall(moved.astimezone(zone)) == wall + gap
    return moved


def _expected_billing(reading: Reading, year: int, month: int) -> datetime:
    """The billing of one month, as a moment in the calendar's zone (or offset)."""
    day = min(reading.day, calendar.monthrange(year, month)[1])
    wall = datetime.combine(date(year, month, day), reading.clock)
    if reading.zone is None:
        return wall.replace(tzinfo=timezone(reading.offset))
    return _instant_of_wall(wall, reading.zone).astimezone(reading.zone)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _months(start: datetime, stop: datetime) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (stop.year, stop.month):
        yield year, month
        year, month = _add_months(year, month, 1)


def _expected_billings(cycle: BillingCycle, after: datetime, until: datetime) -> list[datetime]:
    """Every billing ``b`` with ``after < b <= until``, month by month, by the oracle."""
    reading = _reading(cycle.anchor, cycle.zone)
    first, last = _utc(after), _utc(until)
    margin = timedelta(days=40)
    found = [_expected_billing(reading, *month) for month in _months(first - margin, last + margin)]
    return [b for b in found if first < _utc(b) <= last]


def _carries_its_zone(moment: datetime, cycle: BillingCycle) -> bool:
    if cycle.zone is not None:
        return moment.tzinfo is cycle.zone
    return moment.utcoffset() == cycle.anchor.utcoffset()


# --- strategies ----------------------------------------------------------------------------------


class Transition(NamedTuple):
    """A change of a zone's UTC offset: at ``at`` (UTC), from ``before`` to ``after``."""

    at: datetime
    before: timedelta
    after: timedelta


@cache
def _transitions(zone: ZoneInfo) -> tuple[Transition, ...]:
    """The zone's offset changes around the years drawn: a day's steps, then halving to a second."""
    found = []
    moment = datetime(FIRST_YEAR - 4, 1, 1, tzinfo=UTC)
    offset = _offset(moment.astimezone(zone))
    while moment.year <= LAST_YEAR + 4:
        later = moment + DAY
        if (new := _offset(later.astimezone(zone))) != offset:
            low, high = moment, later  # the offset is `offset` at low and `new` at high
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) // 2
                low, high = (
                    (middle, high) if _offset(middle.astimezone(zone)) == offset else (low, middle)
                )
            found.append(Transition(high, offset, new))
            offset = new
        moment = later
    return tuple(found)


CUTOFFS = st.one_of(
    st.just(timedelta(hours=24)), st.timedeltas(min_value=timedelta(0), max_value=MAX_CUTOFF)
)
FIXED_OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def _writers(zone: ZoneInfo | None) -> st.SearchStrategy[tzinfo]:
    """Where a moment may be written: its own zone, another zone, UTC, any fixed offset."""
    own: st.SearchStrategy[tzinfo] = st.nothing() if zone is None else st.just(zone)
    named: st.SearchStrategy[tzinfo] = st.sampled_from([UTC, LOS_ANGELES, *ZONES])
    uncached = st.nothing() if zone is None else st.just(UNCACHED[zone.key])
    return st.one_of(own, uncached, named, FIXED_OFFSETS)


class Case(NamedTuple):
    cycle: BillingCycle
    after: datetime
    until: datetime


@st.composite
def _plain_cases(draw: st.DrawFn) -> Case:
    """Any anchor (month ends often), read in a zone or in its own offset; any window."""
    zone = draw(st.sampled_from([*ZONES, None]))
    year = draw(st.integers(min_value=FIRST_YEAR, max_value=LAST_YEAR))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.one_of(st.integers(min_value=1, max_value=31), st.integers(28, 31)))
    wall = datetime.combine(
        date(year, month, min(day, calendar.monthrange(year, month)[1])), draw(st.times())
    )
    home = zone if zone is not None else draw(_writers(None))
    fold = draw(st.integers(min_value=0, max_value=1))
    anchor = wall.replace(tzinfo=home, fold=fold).astimezone(draw(_writers(zone)))
    cycle = BillingCycle(anchor=anchor, cutoff=draw(CUTOFFS), zone=zone)
    writer = draw(_writers(zone))
    shift = draw(st.timedeltas(min_value=-1100 * DAY, max_value=1100 * DAY))
    after = (_utc(anchor) + shift).astimezone(writer)
    length = draw(st.one_of(st.timedeltas(31 * DAY, 1100 * DAY), st.timedeltas(-31 * DAY, DAY)))
    until = (_utc(after) + length).astimezone(writer)
    return Case(cycle, after, until)


@st.composite
def _irregular_cases(draw: st.DrawFn) -> Case:
    """A calendar whose local time falls in a gap or fold in some month, and a window over it.

    The time is drawn in (or at the edges of) the wall times a change skips or repeats, on its
    day of the month (any day from it to the 31st when it is the month's last); the anchor is
    that day and time in a month up to three years away, where it is usually an ordinary time,
    or on the day of another change on the same day of the month (the second of two ambiguous
    times, say, whose calendar then meets the first change's gap or fold).
    """
    zone = draw(st.sampled_from(SHIFTING))
    change = draw(st.sampled_from(_transitions(zone)))
    low, high = sorted((change.before, change.after))
    length = high - low
    into = draw(
        st.one_of(
            st.sampled_from([timedelta(0), length - MICROSECOND, length]),
            st.timedeltas(min_value=timedelta(0), max_value=length),
        )
    )
    wall = _wall(change.at + low) + into  # among the wall times the change skips or repeats
    last_day = calendar.monthrange(wall.year, wall.month)[1]
    day = draw(st.integers(wall.day, 31)) if wall.day == last_day else wall.day
    starts = [_wall(other.at + min(other.before, other.after)) for other in _transitions(zone)]
    alike = [start for start in starts if start.day == day and start.date() != wall.date()]
    if draw(st.booleans()) and alike:
        on = draw(st.sampled_from(alike))  # another change on the same day of the month
        year, month = on.year, on.month
    else:
        months = draw(st.integers(min_value=-36, max_value=36))
        year, month = _add_months(wall.year, wall.month, months)
        while calendar.monthrange(year, month)[1] < day:
            year, month = _add_months(year, month, 1 if months >= 0 else -1)
    fold = draw(st.integers(min_value=0, max_value=1))
    anchor = datetime.combine(date(year, month, day), wall.time(), zone).replace(fold=fold)
    anchor = anchor.astimezone(draw(_writers(zone)))
    cycle = BillingCycle(anchor=anchor, cutoff=draw(CUTOFFS), zone=zone)
    writer = draw(_writers(zone))
    # Two days either side at least: the billing the change skips or repeats is in the window.
    after = change.at - 2 * DAY - draw(st.timedeltas(timedelta(0), 500 * DAY))
    until = change.at + 2 * DAY + draw(st.timedeltas(timedelta(0), 500 * DAY))
    return Case(cycle, after.astimezone(writer), until.astimezone(writer))


#: Two draws in three meet a gap or a fold, or a calendar whose time lies in one.
CASES = st.one_of(_plain_cases(), _irregular_cases(), _irregular_cases())


@st.composite
def _submissions(draw: st.DrawFn) -> tuple[BillingCycle, datetime]:
    """A cycle and a removal submitted at, around, or anywhere near one of its cutoffs."""
    cycle, after, until = draw(CASES)
    billings = _expected_billings(cycle, after - 40 * DAY, until)
    base = _utc(draw(st.sampled_from(billings))) if billings else _utc(cycle.anchor)
    delta = draw(
        st.one_of(
            st.sampled_from([timedelta(0), MICROSECOND, -MICROSECOND]),
            st.timedeltas(min_value=-40 * DAY, max_value=40 * DAY),
        )
    )
    submitted = (base - cycle.cutoff + delta).astimezone(draw(_writers(cycle.zone)))
    return cycle, submitted


class Pair(NamedTuple):
    first: BillingCycle
    second: BillingCycle
    after: datetime
    until: datetime


@st.composite
def _pairs(draw: st.DrawFn) -> Pair:
    """Two cycles, usually with the same calendar key written differently, sometimes not."""
    cycle, after, until = draw(CASES)
    zone, cutoff = cycle.zone, cycle.cutoff
    local = cycle.anchor.astimezone(UTC).astimezone(zone) if zone else cycle.anchor
    how = draw(st.sampled_from(["rewritten", "months apart", "other fold", "other zone", "other"]))
    if how == "rewritten":  # the same instant, in another tzinfo
        anchor = cycle.anchor.astimezone(draw(_writers(zone)))
    elif how == "months apart":  # the same local day and time, months or years away
        months = draw(st.integers(min_value=-60, max_value=60))
        year, month = _add_months(local.year, local.month, months)
        while calendar.monthrange(year, month)[1] < local.day:
            year, month = _add_months(year, month, 1)
        home = zone if zone is not None else timezone(_offset(local))
        anchor = datetime.combine(date(year, month, local.day), local.time(), home)
    elif how == "other fold":  # the other of two ambiguous times (or the same one)
        anchor = local.replace(fold=1 - local.fold)
    else:
        anchor = cycle.anchor if how == "other zone" else draw(CASES).cycle.anchor
        zone = draw(st.sampled_from([*ZONES, None]))
    if draw(st.booleans()) and zone is not None:  # the zone as another object with its key
        zone = UNCACHED[zone.key]
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        cutoff = draw(CUTOFFS)
    return Pair(cycle, BillingCycle(anchor=anchor, cutoff=cutoff, zone=zone), after, until)


# --- properties ----------------------------------------------------------------------------------


@given(CASES)
def test_billings_increase_and_each_is_the_next_billing_of_the_one_before(case: Case) -> None:
    cycle, after, until = case
    billings = cycle.billings(after, until)
    previous = [after, *billings][: len(billings)]

    assert all(_utc(a) < _utc(b) for a, b in zip(previous, billings, strict=True))
    assert [_shown(cycle.next_billing(p)) for p in previous] == [_shown(b) for b in billings]
    assert all(_utc(after) < _utc(b) <= _utc(until) for b in billings)
    assert not billings or _utc(cycle.next_billing(billings[-1])) > _utc(until)
    assert billings or _utc(until) <= _utc(after) or _utc(cycle.next_billing(after)) > _utc(until)


@given(CASES)
def test_each_billing_is_the_anchor_day_and_time_on_the_zone_clock_read_independently(
    case: Case,
) -> None:
    cycle, after, until = case
    billings = cycle.billings(after, until)
    expected = _expected_billings(cycle, after, until)

    assert [_shown(b) for b in billings] == [_shown(e) for e in expected]
    assert all(_carries_its_zone(b, cycle) for b in billings)


@given(CASES, st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=3))
def test_every_moment_from_a_billing_to_the_next_is_followed_by_the_next(
    case: Case, parts: list[int]
) -> None:
    # Moments from each billing up to just before the next, some of them a microsecond, a second
    # or a few minutes before it: a billing that a gap moves late in its month is not skipped.
    cycle, after, until = case
    billings = [_utc(b) for b in _expected_billings(cycle, after - 40 * DAY, until)]
    steps = [MICROSECOND, timedelta(seconds=1), timedelta(minutes=5), timedelta(minutes=45), DAY]
    moments = [
        (later - lag, later)
        for earlier, later in itertools.pairwise(billings)
        for lag in [*steps, *((later - earlier) * part / 10**6 for part in parts)]
        if earlier <= later - lag < later
    ]
    writer = cycle.zone or UTC

    assert [_utc(cycle.next_billing(m.astimezone(writer))) for m, _ in moments] == [
        b for _, b in moments
    ]


@given(CASES)
def test_the_cutoff_of_each_billing_is_the_cutoff_of_elapsed_time_before_it(case: Case) -> None:
    cycle, after, until = case
    billings = cycle.billings(after, until)
    cutoffs = [cycle.cutoff_of(b) for b in billings]

    assert [_utc(c) for c in cutoffs] == [_utc(b) - cycle.cutoff for b in billings]
    assert all(_carries_its_zone(c, cycle) for c in cutoffs)
    assert _utc(cycle.removal_cutoff(after)) == _utc(cycle.next_billing(after)) - cycle.cutoff


@given(_submissions())
def test_the_first_saved_billing_is_the_first_whose_cutoff_the_removal_meets(
    submission: tuple[BillingCycle, datetime],
) -> None:
    cycle, submitted = submission
    # Brute force: a cutoff is shorter than any month, so one of the next two billings is saved.
    billings = cycle.billings(submitted, submitted + timedelta(days=100))
    on_time = [_utc(submitted) <= _utc(b) - cycle.cutoff for b in billings]
    saved = [b for b, meets in zip(billings, on_time, strict=True) if meets]

    assert _shown(cycle.first_saved_billing(submitted)) == _shown(saved[0])
    assert [cycle.is_on_time(submitted, b) for b in billings] == on_time


@given(CASES)
def test_a_cycle_read_back_from_json_is_equal_hashes_alike_and_bills_alike(case: Case) -> None:
    cycle, after, until = case
    data = CONVERTER.unstructure(cycle)
    restored = CONVERTER.structure(json.loads(json.dumps(data)), BillingCycle)

    assert data["zone"] == (None if cycle.zone is None else cycle.zone.key)
    assert restored == cycle
    assert hash(restored) == hash(cycle)
    assert _schedule(restored, after, until) == _schedule(cycle, after, until)


@given(_pairs())
def test_two_cycles_are_equal_exactly_when_their_calendar_keys_are(pair: Pair) -> None:
    same = _key(pair.first) == _key(pair.second)

    assert (pair.first == pair.second) is same
    assert not same or hash(pair.first) == hash(pair.second)


@given(_pairs())
def test_equal_cycles_bill_at_the_same_moments_over_any_window(pair: Pair) -> None:
    assume(pair.first == pair.second)

    assert _schedule(pair.first, pair.after, pair.until) == _schedule(
        pair.second, pair.after, pair.until
    )


@given(
    st.datetimes(
        datetime(FIRST_YEAR, 1, 1),  # noqa: DTZ001 - naive bounds; the zone is drawn apart
        datetime(LAST_YEAR, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.tuples(FIXED_OFFSETS, FIXED_OFFSETS),
    st.sampled_from(ZONES),
    st.tuples(
        st.timedeltas(min_value=-400 * DAY, max_value=400 * DAY),
        st.timedeltas(min_value=70 * DAY, max_value=1100 * DAY),
    ),
)
def test_one_instant_in_two_offsets_is_two_calendars_without_a_zone_and_one_with(
    moment: datetime,
    offsets: tuple[timezone, timezone],
    zone: ZoneInfo,
    window: tuple[timedelta, timedelta],
) -> None:
    one, other = offsets
    assume(one.utcoffset(None) != other.utcoffset(None))
    after = moment + window[0]
    until = after + window[1]
    first, second = (
        BillingCycle(anchor=moment.astimezone(one)),
        BillingCycle(anchor=moment.astimezone(other)),
    )
    zoned = BillingCycle(anchor=moment.astimezone(one), zone=zone)
    zoned_too = BillingCycle(anchor=moment.astimezone(other), zone=zone)
    days_apart = moment.astimezone(one).day != moment.astimezone(other).day

    assert first != second
    assert not days_apart or [b.day for b in first.billings(after, until)] != [
        b.day for b in second.billings(after, until)
    ]
    assert zoned == zoned_too
    assert hash(zoned) == hash(zoned_too)
    assert _schedule(zoned, after, until) == _schedule(zoned_too, after, until)


# --- named examples ------------------------------------------------------------------------------


def _iso(moments: tuple[datetime, ...]) -> list[str]:
    return [moment.isoformat() for moment in moments]


def test_a_billing_in_a_gap_moves_forward_by_the_gap() -> None:
    # 02:30 on the 8th exists in February (EST). On 2026-03-08 New York's clocks jump from 02:00
    # EST to 03:00 EDT, so 02:30 does not exist: it moves forward by the gap's hour, to 03:30 EDT
    # (07:30 UTC, the instant 02:30 EST would be). April is back at 02:30, now EDT.
    cycle = BillingCycle(anchor=datetime(2026, 2, 8, 2, 30, tzinfo=NEW_YORK), zone=NEW_YORK)
    billings = cycle.billings(datetime(2026, 2, 9, tzinfo=UTC), datetime(2026, 4, 30, tzinfo=UTC))

    assert _iso(billings) == ["2026-03-08T03:30:00-04:00", "2026-04-08T02:30:00-04:00"]
    assert _utc(billings[0]) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert all(b.tzinfo is NEW_YORK for b in billings)


def test_an_ambiguous_billing_is_the_first_of_the_two() -> None:
    # On 2026-11-01 New York's clocks go back from 02:00 EDT to 01:00 EST: 01:30 happens twice,
    # first at 05:30 UTC (EDT), then at 06:30 UTC (EST). The billing is the first (fold=0).
    cycle = BillingCycle(anchor=datetime(2026, 10, 1, 1, 30, tzinfo=NEW_YORK), zone=NEW_YORK)
    billing = cycle.next_billing(datetime(2026, 10, 15, tzinfo=UTC))

    assert billing.isoformat() == "2026-11-01T01:30:00-04:00"
    assert billing.fold == 0
    assert _utc(billing) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_an_anchor_at_either_of_two_ambiguous_times_is_one_calendar() -> None:
    # The two 01:30s of 2026-11-01 in New York are an hour apart, but the same local day and time:
    # one calendar. November 1 is next the night the clocks go back in 2037, and its billing is
    # the first 01:30 (EDT), whichever 01:30 the anchor was.
    first = BillingCycle(anchor=datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK), zone=NEW_YORK)
    second_time = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)
    second = BillingCycle(anchor=second_time, zone=NEW_YORK)
    window = (datetime(2026, 11, 2, tzinfo=UTC), datetime(2037, 11, 2, tzinfo=UTC))

    assert _utc(second_time) - _utc(first.anchor) == timedelta(hours=1)
    assert first == second
    assert hash(first) == hash(second)
    assert _iso(first.billings(*window))[-1] == "2037-11-01T01:30:00-04:00"
    assert _schedule(first, *window) == _schedule(second, *window)


def test_a_calendar_read_at_the_second_of_two_ambiguous_times_moves_a_gap_forward() -> None:
    # London's clocks went back on 2026-10-25: 01:30 happened twice, the second time at 01:30 GMT.
    # A contract signed then is billed on the 25th at 01:30. On 2029-03-25 the clocks jump from
    # 01:00 GMT to 02:00 BST: 01:30 does not exist and moves forward by the hour, to 02:30 BST
    # (01:30 UTC), never back to 00:30 GMT.
    signed = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    cycle = BillingCycle(anchor=signed, zone=LONDON)
    march = cycle.billings(datetime(2029, 3, 1, tzinfo=UTC), datetime(2029, 3, 31, tzinfo=UTC))

    assert signed.astimezone(LONDON).fold == 1
    assert _iso(march) == ["2029-03-25T02:30:00+01:00"]
    assert _utc(march[0]) == datetime(2029, 3, 25, 1, 30, tzinfo=UTC)


def test_lord_howe_moves_a_billing_in_its_half_hour_gap_by_half_an_hour() -> None:
    # On 2025-10-05 Lord Howe's clocks go from 02:00 (+10:30) to 02:30 (+11:00): 02:15 does not
    # exist and moves forward by the 30-minute gap, to 02:45 (+11:00), 15:45 UTC on the 4th.
    cycle = BillingCycle(anchor=datetime(2025, 9, 5, 2, 15, tzinfo=LORD_HOWE), zone=LORD_HOWE)
    billings = cycle.billings(datetime(2025, 9, 6, tzinfo=UTC), datetime(2025, 11, 30, tzinfo=UTC))

    assert _iso(billings) == ["2025-10-05T02:45:00+11:00", "2025-11-05T02:15:00+11:00"]
    assert _utc(billings[0]) == datetime(2025, 10, 4, 15, 45, tzinfo=UTC)


def test_lord_howe_bills_at_the_first_of_its_half_hour_fold() -> None:
    # On 2026-04-05 Lord Howe's clocks go back from 02:00 (+11:00) to 01:30 (+10:30): 01:45
    # happens twice, 30 minutes apart. The billing is the first, at +11:00.
    cycle = BillingCycle(anchor=datetime(2026, 3, 5, 1, 45, tzinfo=LORD_HOWE), zone=LORD_HOWE)
    billings = cycle.billings(datetime(2026, 3, 6, tzinfo=UTC), datetime(2026, 5, 31, tzinfo=UTC))

    assert _iso(billings) == ["2026-04-05T01:45:00+11:00", "2026-05-05T01:45:00+10:30"]
    assert billings[0].fold == 0


def test_a_month_end_anchor_on_the_31st_in_a_gap_on_the_shorter_months_last_day() -> None:
    # Auckland, anchored on August 31 at 02:30 (NZST, +12:00). September has 30 days, so it bills
    # on the 30th; on 2018-09-30 the clocks jumped from 02:00 NZST to 03:00 NZDT, so 02:30 moves
    # forward by the hour: 03:30 NZDT. October returns to the 31st at 02:30 (NZDT).
    cycle = BillingCycle(anchor=datetime(2018, 8, 31, 2, 30, tzinfo=AUCKLAND), zone=AUCKLAND)
    billings = cycle.billings(datetime(2018, 9, 1, tzinfo=UTC), datetime(2018, 11, 15, tzinfo=UTC))

    assert _iso(billings) == ["2018-09-30T03:30:00+13:00", "2018-10-31T02:30:00+13:00"]


def test_a_southern_month_end_anchor_keeps_its_wall_time_while_the_offset_changes() -> None:
    # Sydney, anchored on January 31 at 09:00 in summer (AEDT, +11:00). Daylight saving ends on
    # April 5: the billings stay at 09:00 on the month's last day, and the offset becomes +10:00.
    cycle = BillingCycle(anchor=datetime(2026, 1, 31, 9, tzinfo=SYDNEY), zone=SYDNEY)
    billings = cycle.billings(datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC))

    assert _iso(billings) == [
        "2026-02-28T09:00:00+11:00",
        "2026-03-31T09:00:00+11:00",
        "2026-04-30T09:00:00+10:00",
        "2026-05-31T09:00:00+10:00",
    ]


def test_a_gap_at_midnight_keeps_the_billing_on_its_day() -> None:
    # Santiago's clocks go from 00:00 (-04:00) to 01:00 (-03:00) on 2026-09-06: 00:30 moves to
    # 01:30 the same day. On 2026-04-04 they went back from 24:00 (-03:00) to 23:00 (-04:00):
    # 23:30 on the 4th happened twice, and the billing is the first.
    gap = BillingCycle(anchor=datetime(2026, 8, 6, 0, 30, tzinfo=SANTIAGO), zone=SANTIAGO)
    fold = BillingCycle(anchor=datetime(2026, 3, 4, 23, 30, tzinfo=SANTIAGO), zone=SANTIAGO)

    assert gap.next_billing(datetime(2026, 8, 7, tzinfo=UTC)).isoformat() == (
        "2026-09-06T01:30:00-03:00"
    )
    assert fold.next_billing(datetime(2026, 3, 6, tzinfo=UTC)).isoformat() == (
        "2026-04-04T23:30:00-03:00"
    )


def test_a_zone_without_daylight_saving_bills_at_one_utc_time_all_year() -> None:
    # Phoenix keeps -07:00 all year: 00:00 on the 21st is 07:00 UTC in every month. Kolkata's
    # +05:30 likewise keeps 09:00 at 03:30 UTC.
    phoenix = BillingCycle(anchor=datetime(2026, 1, 21, tzinfo=PHOENIX), zone=PHOENIX)
    kolkata = BillingCycle(anchor=datetime(2026, 1, 21, 9, tzinfo=KOLKATA), zone=KOLKATA)
    year = (datetime(2026, 1, 22, tzinfo=UTC), datetime(2027, 1, 22, tzinfo=UTC))

    assert {_utc(b).time() for b in phoenix.billings(*year)} == {time(7)}
    assert {_utc(b).time() for b in kolkata.billings(*year)} == {time(3, 30)}
    assert len(phoenix.billings(*year)) == 12


def test_a_timestamptz_read_in_any_session_zone_builds_one_cycle_in_the_clinic_zone() -> None:
    # The red team's case: a Denver clinic's contract starts on January 31 at 00:00 MST (07:00
    # UTC), and the database hands the timestamptz back in the session's zone: 23:00 on the 30th
    # in Los Angeles, or 07:00 on the 31st in UTC. Read in Denver, both are the 31st at 00:00.
    in_los_angeles = datetime(2026, 1, 30, 23, tzinfo=LOS_ANGELES)
    in_utc = in_los_angeles.astimezone(UTC)
    from_los_angeles = BillingCycle(anchor=in_los_angeles, zone=DENVER)
    from_utc = BillingCycle(anchor=in_utc, zone=DENVER)
    year = (datetime(2026, 2, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))

    assert in_utc == datetime(2026, 1, 31, 7, tzinfo=UTC)
    assert from_los_angeles == from_utc
    assert hash(from_los_angeles) == hash(from_utc)
    assert _schedule(from_los_angeles, *year) == _schedule(from_utc, *year)
    assert _iso(from_los_angeles.billings(*year))[:3] == [
        "2026-02-28T00:00:00-07:00",
        "2026-03-31T00:00:00-06:00",
        "2026-04-30T00:00:00-06:00",
    ]


def test_without_the_clinic_zone_the_session_offset_is_the_calendar() -> None:
    # The same instant without a zone: each reading keeps its own offset. Los Angeles' reading
    # bills on the 30th at 23:00 -08:00, which in February is March 1 in Denver, a day late;
    # UTC's bills at 07:00 UTC, which after the change to daylight saving is 01:00 in Denver.
    in_los_angeles = datetime(2026, 1, 30, 23, tzinfo=LOS_ANGELES)
    from_los_angeles = BillingCycle(anchor=in_los_angeles)
    from_utc = BillingCycle(anchor=in_los_angeles.astimezone(UTC))
    spring = (datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))

    assert from_los_angeles != from_utc
    assert _iso(from_los_angeles.billings(*spring)) == [
        "2026-02-28T23:00:00-08:00",
        "2026-03-30T23:00:00-08:00",
    ]
    assert _iso(from_utc.billings(*spring)) == [
        "2026-02-28T07:00:00+00:00",
        "2026-03-31T07:00:00+00:00",
    ]


def test_a_billing_that_a_gap_pushes_into_the_next_month_is_not_skipped() -> None:
    # Singapore moved from +07:30 to +08:00 as 1981 ended: its clocks went from 23:30 on December
    # 31 straight to 00:00 on January 1, 1982. December's billing, the 31st at 23:45, does not
    # exist and moves forward by the 30-minute gap: 00:15 on January 1. At 00:05 that morning it
    # is still to come, and it is the next billing.
    cycle = BillingCycle(anchor=datetime(1981, 10, 31, 23, 45, tzinfo=SINGAPORE), zone=SINGAPORE)
    new_year = datetime(1982, 1, 1, 0, 5, tzinfo=SINGAPORE)
    december = cycle.billings(datetime(1981, 12, 1, tzinfo=UTC), datetime(1982, 1, 2, tzinfo=UTC))

    assert _iso(december) == ["1982-01-01T00:15:00+08:00"]
    assert cycle.next_billing(new_year).isoformat() == "1982-01-01T00:15:00+08:00"
    assert _iso(cycle.billings(new_year, datetime(1982, 1, 2, tzinfo=UTC))) == [
        "1982-01-01T00:15:00+08:00"
    ]


def test_a_billing_pushed_into_the_next_month_is_found_in_any_month_and_passed_once_met() -> None:
    # Berlin's first summer time began at 23:00 on April 30, 1916: the clocks read 00:00 on May 1.
    # April's billing, the 30th at 23:30, moves forward by the hour's gap to 00:30 on May 1; it is
    # the next billing of a moment of May 1 before it, and once it is met the next is May 30.
    berlin = ZoneInfo("Europe/Berlin")
    cycle = BillingCycle(anchor=datetime(1916, 3, 30, 23, 30, tzinfo=berlin), zone=berlin)
    pushed = datetime(1916, 5, 1, 0, 30, tzinfo=berlin)

    assert cycle.next_billing(datetime(1916, 5, 1, 0, 10, tzinfo=berlin)) == pushed
    assert cycle.next_billing(pushed).isoformat() == "1916-05-30T23:30:00+02:00"
    assert _iso(cycle.billings(datetime(1916, 4, 1, tzinfo=berlin), pushed)) == [
        "1916-05-01T00:30:00+02:00"
    ]


def test_one_wall_day_and_time_in_two_zones_or_two_offsets_is_two_calendars() -> None:
    # The same day and time on two clocks bill at two moments: the zone, or without one the
    # offset, is part of the calendar, and of its equality and hash.
    new_york, chicago = ZoneInfo("America/New_York"), ZoneInfo("America/Chicago")
    east = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=new_york), zone=new_york)
    central = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=chicago), zone=chicago)
    minus_5 = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=timezone(timedelta(hours=-5))))
    minus_6 = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=timezone(timedelta(hours=-6))))

    assert east != central
    assert minus_5 != minus_6
    assert east != minus_5  # New York's clock is not a fixed -05:00 all year
    assert len({east, central, minus_5, minus_6}) == 4


def test_an_anchor_that_cannot_be_read_in_its_zone_is_refused() -> None:
    first = datetime(1, 1, 1, tzinfo=UTC)
    new_york = ZoneInfo("America/New_York")

    with pytest.raises(InvalidValueError) as refused:
        BillingCycle(anchor=first, zone=new_york)

    assert str(refused.value).startswith(
        "BillingCycle.anchor cannot be read in America/New_York: it falls outside years 1 to "
        "9999, got "
    )
    assert (refused.value.field, refused.value.value) == ("anchor", first)


# --- refusals ------------------------------------------------------------------------------------


def _keyless(key: str) -> ZoneInfo:
    """The zone of ``key`` read from its file, as `ZoneInfo.from_file` does: it has no key."""
    for root in zoneinfo.TZPATH:
        if (path := Path(root) / key).is_file():
            with path.open("rb") as file:
                return ZoneInfo.from_file(file)
    with (resources.files("tzdata") / "zoneinfo" / key).open("rb") as file:  # no system database
        return ZoneInfo.from_file(file)


def test_a_zone_given_as_its_name_is_refused() -> None:
    with pytest.raises(InvalidTypeError, match=r"BillingCycle\.zone must be a zoneinfo\.ZoneInfo"):
        BillingCycle(anchor=datetime(2026, 1, 21, tzinfo=UTC), zone="America/Phoenix")  # type: ignore[arg-type]


def test_a_zone_without_a_key_is_refused() -> None:
    keyless = _keyless("America/Phoenix")
    key: object = keyless.key  # typeshed says str: from_file's zones are the exception

    assert key is None
    with pytest.raises(InvalidTypeError, match=r"BillingCycle\.zone must be .* with an IANA key"):
        BillingCycle(anchor=datetime(2026, 1, 21, tzinfo=UTC), zone=keyless)


_NOT_IN_THE_DATABASE: Final = (
    "ZoneInfo.key must be an IANA time zone key of the zone database, like 'America/Phoenix', "
    "got {!r} (str) @ $.zone"
)
_NOT_A_KEY: Final = (
    "expected an IANA time zone key (a string, like 'America/Phoenix'), got {!r} ({}) @ $.zone"
)


@pytest.mark.parametrize(
    ("zone", "message"),
    [
        ("Mars/Olympus_Mons", _NOT_IN_THE_DATABASE.format("Mars/Olympus_Mons")),
        ("../zoneinfo", _NOT_IN_THE_DATABASE.format("../zoneinfo")),
        ("America/Phoenix ", _NOT_IN_THE_DATABASE.format("America/Phoenix ")),
        ("", "ZoneInfo.key must be a non-empty IANA time zone key, got '' (str) @ $.zone"),
        (
            "A" * 129,
            f"ZoneInfo.key must be at most 128 characters, got '{'A' * 56}... (str) @ $.zone",
        ),
        (5, _NOT_A_KEY.format(5, "int")),
        (5.5, _NOT_A_KEY.format(5.5, "float")),
        (True, _NOT_A_KEY.format(True, "bool")),
        (["UTC"], _NOT_A_KEY.format(["UTC"], "list")),
        ({"key": "UTC"}, _NOT_A_KEY.format({"key": "UTC"}, "dict")),
    ],
)
def test_json_with_a_zone_that_is_no_known_key_is_refused_at_the_zone(
    zone: object, message: str
) -> None:
    data = {"anchor": "2026-01-21T00:00:00-07:00", "cutoff": 86400, "zone": zone}
    with pytest.raises(cattrs.BaseValidationError) as info:
        CONVERTER.structure(data, BillingCycle)

    assert error_messages(info.value) == [message]
    # One note locates the error, as cattrs writes it: at the field, not at the key's own name.
    [refused] = info.value.exceptions
    located = [note for note in refused.__notes__ if isinstance(note, AttributeValidationNote)]
    assert [(note.name, note.type) for note in located] == [("zone", ZoneInfo | None)]


def test_json_writes_the_zone_as_its_key_and_reads_it_back() -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 21, tzinfo=PHOENIX), zone=PHOENIX)
    data = CONVERTER.unstructure(cycle)

    assert data == {
        "anchor": "2026-01-21T00:00:00-07:00",
        "cutoff": 86400,
        "zone": "America/Phoenix",
    }
    assert CONVERTER.structure(data, BillingCycle).zone is PHOENIX
    assert CONVERTER.structure({**data, "zone": None}, BillingCycle).zone is None
