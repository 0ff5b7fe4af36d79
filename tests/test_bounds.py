"""Every documented bound: exactly at the limit is accepted, one past it is refused by name.

The bounds keep any single value from making a call slow or huge (docs/testing.md lists them).
Each is checked twice: building the value object in Python, and structuring JSON through the
converter, where the error's path names the field.
"""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import cattrs
import pytest

import licensing
from builders import NOW, clinic, manager, organization, request, user
from licensing import (
    MAX_COUNT,
    MAX_CUTOFF,
    MAX_ID_LENGTH,
    MAX_MONEY_PLACES,
    MAX_NAME_LENGTH,
    MAX_PRICE,
    MAX_STORED_EXPLANATION_LENGTH,
    MAX_VALID_EXPLANATION_LENGTH,
    MIN_VALID_EXPLANATION_LENGTH,
    AdjustmentKind,
    BillingCycle,
    InvalidValueError,
    LicensePool,
    LicenseType,
    PriceList,
    ProblemCode,
    Reason,
    RemovalLine,
    RetentionPolicy,
    User,
    UserType,
    error_messages,
    make_converter,
    propose_removals,
    validate_request,
)
from licensing.billing import instant

A = LicenseType.ASSISTANT
T = LicenseType.THERAPIST
ONE_CENT = Decimal("0.01")
MAX_SAVING = MAX_COUNT * MAX_PRICE


@attrs.frozen
class Bound:
    """A limit of one field: a valid object, the value at the limit and one just past it."""

    example: Any
    field: str  # the constructor argument
    at_limit: Any
    past_limit: Any
    reported: str  # the field the error names (``counts.assistant`` for a mapping's entry)
    problem: str
    offending: Any = None  # the value the error names, when not ``past_limit`` itself

    def __str__(self) -> str:
        return f"{type(self.example).__name__}.{self.reported}"


def line(**changes: Any) -> RemovalLine:
    fields: dict[str, Any] = {
        "clinic_id": "c1",
        "license_type": A,
        "available": 3,
        "keep": 1,
        "remove": 2,
    }
    return RemovalLine(**(fields | changes))


LONGEST_ID = "i" * MAX_ID_LENGTH
TOO_LONG_ID = "i" * (MAX_ID_LENGTH + 1)
ID_PROBLEM = f"must be at most {MAX_ID_LENGTH:,} characters"
NAME_PROBLEM = f"must be at most {MAX_NAME_LENGTH:,} characters"
COUNT_PROBLEM = f"must be at most {MAX_COUNT:,}"
A_POOL = LicensePool(license_type=A, purchased=1)

BOUNDS = [
    # ids: MAX_ID_LENGTH characters
    *(
        Bound(example, "id", LONGEST_ID, TOO_LONG_ID, "id", ID_PROBLEM)
        for example in (user(), clinic(), organization())
    ),
    Bound(
        user(),
        "clinic_access",
        frozenset({LONGEST_ID}),
        frozenset({TOO_LONG_ID}),
        "clinic_access",
        ID_PROBLEM,
        TOO_LONG_ID,
    ),
    Bound(request(), "clinic_id", LONGEST_ID, TOO_LONG_ID, "clinic_id", ID_PROBLEM),
    Bound(request(), "requested_by", LONGEST_ID, TOO_LONG_ID, "requested_by", ID_PROBLEM),
    Bound(
        RetentionPolicy(),
        "clinic_keep",
        {LONGEST_ID: {A: 1}},
        {TOO_LONG_ID: {A: 1}},
        "clinic_keep",
        ID_PROBLEM,
        TOO_LONG_ID,
    ),
    Bound(line(), "clinic_id", LONGEST_ID, TOO_LONG_ID, "clinic_id", ID_PROBLEM),
    Bound(
        line(),
        "clinic_name",
        "n" * MAX_NAME_LENGTH,
        "n" * (MAX_NAME_LENGTH + 1),
        "clinic_name",
        NAME_PROBLEM,
    ),
    # names: MAX_NAME_LENGTH characters
    *(
        Bound(
            example,
            "name",
            "n" * MAX_NAME_LENGTH,
            "n" * (MAX_NAME_LENGTH + 1),
            "name",
            NAME_PROBLEM,
        )
        for example in (user(), clinic(), organization())
    ),
    # the explanation a request can hold at all: MAX_STORED_EXPLANATION_LENGTH characters
    Bound(
        request(),
        "explanation",
        "e" * MAX_STORED_EXPLANATION_LENGTH,
        "e" * (MAX_STORED_EXPLANATION_LENGTH + 1),
        "explanation",
        f"must be at most {MAX_STORED_EXPLANATION_LENGTH:,} characters",
    ),
    # counts: licenses in one pool, in one request line, spares kept, lines of a proposal
    Bound(A_POOL, "purchased", MAX_COUNT, MAX_COUNT + 1, "purchased", COUNT_PROBLEM),
    Bound(
        request(), "counts", {A: MAX_COUNT}, {A: MAX_COUNT + 1}, "counts.assistant", COUNT_PROBLEM
    ),
    Bound(
        RetentionPolicy(),
        "keep",
        {A: MAX_COUNT},
        {A: MAX_COUNT + 1},
        "keep.assistant",
        COUNT_PROBLEM,
    ),
    Bound(
        RetentionPolicy(),
        "clinic_keep",
        {"c1": {A: MAX_COUNT}},
        {"c1": {A: MAX_COUNT + 1}},
        "clinic_keep.c1.assistant",
        COUNT_PROBLEM,
    ),
    Bound(
        line(available=MAX_COUNT, keep=0, remove=MAX_COUNT),
        "available",
        MAX_COUNT,
        MAX_COUNT + 1,
        "available",
        COUNT_PROBLEM,
    ),
    # the billing cutoff: MAX_CUTOFF
    Bound(
        BillingCycle(anchor=NOW),
        "cutoff",
        MAX_CUTOFF,
        MAX_CUTOFF + timedelta(microseconds=1),
        "cutoff",
        f"must be at most {MAX_CUTOFF.days} days",
    ),
    # money: MAX_PRICE per license and cycle, MAX_COUNT times that per line, MAX_MONEY_PLACES
    Bound(
        PriceList(prices={}),
        "prices",
        {T: MAX_PRICE},
        {T: MAX_PRICE + ONE_CENT},
        "prices.therapist",
        f"must be at most {MAX_PRICE:,}",
    ),
    Bound(
        PriceList(prices={}),
        "prices",
        {T: Decimal("0." + "0" * (MAX_MONEY_PLACES - 1) + "1")},
        {T: Decimal("0." + "0" * MAX_MONEY_PLACES + "1")},
        "prices.therapist",
        f"must have at most {MAX_MONEY_PLACES} decimal places",
    ),
    Bound(
        line(),
        "saving_per_cycle",
        MAX_SAVING,
        MAX_SAVING + ONE_CENT,
        "saving_per_cycle",
        f"must be at most {MAX_SAVING:,}",
    ),
]


def offending(bound: Bound) -> Any:
    """The value the error names: the entry of a mapping, else the value past the limit."""
    if bound.offending is not None:
        return bound.offending
    value = bound.past_limit
    while isinstance(value, dict):
        (value,) = value.values()
    return value


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_a_value_at_the_limit_is_accepted(bound: Bound) -> None:
    built = attrs.evolve(bound.example, **{bound.field: bound.at_limit})

    assert getattr(built, bound.field) == bound.at_limit


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_a_value_one_past_the_limit_is_refused_naming_the_field_and_the_limit(
    bound: Bound,
) -> None:
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(bound.example, **{bound.field: bound.past_limit})

    owner = type(bound.example).__name__
    assert info.value.field == bound.reported
    assert info.value.value == offending(bound)
    assert str(info.value).startswith(f"{owner}.{bound.reported} {bound.problem}, got ")


@pytest.mark.parametrize("bound", BOUNDS, ids=str)
def test_json_one_past_the_limit_is_refused_at_the_fields_path(bound: Bound) -> None:
    converter = make_converter()
    kind = type(bound.example)
    data = converter.unstructure(attrs.evolve(bound.example, **{bound.field: bound.at_limit}))
    assert converter.structure(data, kind) == attrs.evolve(
        bound.example, **{bound.field: bound.at_limit}
    )
    data[bound.field] = converter.unstructure(bound.past_limit)

    with pytest.raises(cattrs.BaseValidationError) as info:
        converter.structure(data, kind)

    [message] = error_messages(info.value)
    assert bound.problem in message
    assert message.endswith(f" @ $.{bound.reported}")


#: The table of bounds in the testing guide: what the documentation promises is bounded.
TESTING_GUIDE = Path(__file__).parent.parent / "docs" / "testing.md"


def documented_bounds() -> set[str]:
    """Every ``Class.field`` the guide's table of bounds names in its "Applies to" column."""
    text = TESTING_GUIDE.read_text(encoding="utf-8")
    table = text[text.index("| Bound | Limit | Applies to |") : text.index("What is not bounded")]
    rows = [row for row in table.splitlines()[2:] if row.startswith("|")]
    return {
        name
        for row in rows
        for name in re.findall(r"`([A-Z][A-Za-z]+\.[a-z_]+)`", row.rsplit("|", 2)[-2])
    }


def test_every_bound_the_testing_guide_documents_is_tested_at_its_limit() -> None:
    tested = {f"{type(bound.example).__name__}.{bound.reported.split('.')[0]}" for bound in BOUNDS}
    documented = documented_bounds()

    assert documented, "the guide's table of bounds was not found"
    assert documented - tested == set()


# --- the limits validation applies to a request -------------------------------------------------

ORG = organization(clinic("c1", purchased={A: 5}, users=[manager()]))


def codes(**changes: Any) -> set[ProblemCode]:
    return set(validate_request(request(**changes), ORG).codes)


def test_an_explanation_of_exactly_the_minimum_visible_length_is_real() -> None:
    assert codes(explanation="e" * MIN_VALID_EXPLANATION_LENGTH) == set()
    assert codes(explanation="e" * (MIN_VALID_EXPLANATION_LENGTH - 1)) == {
        ProblemCode.EXPLANATION_TOO_SHORT
    }


def test_an_explanation_of_exactly_the_maximum_length_is_not_too_long() -> None:
    assert codes(explanation="e" * MAX_VALID_EXPLANATION_LENGTH) == set()
    assert codes(explanation="e" * (MAX_VALID_EXPLANATION_LENGTH + 1)) == {
        ProblemCode.EXPLANATION_TOO_LONG
    }


def test_an_addition_up_to_the_most_a_pool_holds_is_accepted_and_one_more_is_refused() -> None:
    room = MAX_COUNT - 5
    add: dict[str, Any] = {"kind": AdjustmentKind.ADD, "reason": Reason.NEW_HIRE}

    assert ProblemCode.ADDITION_EXCEEDS_MAXIMUM not in codes(counts={A: room}, **add)
    report = validate_request(request(counts={A: room + 1}, **add), ORG)
    [problem] = [p for p in report.errors if p.code is ProblemCode.ADDITION_EXCEEDS_MAXIMUM]
    assert problem.field == "counts.assistant"
    assert f"add at most {room:,}" in problem.message


# --- the ends of the calendar -------------------------------------------------------------------


def test_a_next_billing_past_the_year_9999_is_a_documented_error() -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=UTC))
    last = datetime(9999, 12, 14, tzinfo=UTC)

    assert cycle.next_billing(last) == datetime(9999, 12, 15, tzinfo=UTC)
    with pytest.raises(InvalidValueError) as info:
        cycle.next_billing(last + timedelta(days=1))

    assert str(info.value) == (
        "BillingCycle.next_billing.after has no next billing within the calendar (years 1 to "
        "9999), got datetime.datetime(9999, 12, ...tzinfo=datetime.timezone.utc) (datetime)"
    )
    assert info.value.field == "after"


def test_a_moment_whose_local_time_is_before_year_1_is_a_documented_error() -> None:
    west = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=timezone(timedelta(hours=-5))))

    with pytest.raises(InvalidValueError, match="no next billing within the calendar"):
        west.next_billing(datetime(1, 1, 1, 1, tzinfo=UTC))


def test_a_removal_cutoff_before_year_1_is_a_documented_error() -> None:
    cycle = BillingCycle(anchor=datetime(1, 1, 1, 12, tzinfo=UTC), cutoff=timedelta(hours=24))
    first = datetime(1, 1, 1, tzinfo=UTC)

    assert cycle.next_billing(first) == datetime(1, 1, 1, 12, tzinfo=UTC)
    with pytest.raises(InvalidValueError) as info:
        cycle.removal_cutoff(first)

    # The refusal names the method called and its argument, and says which billing it reached.
    assert str(info.value) == (
        "BillingCycle.removal_cutoff.after leads to the billing 0001-01-01T12:00:00+00:00, which "
        "minus the cutoff of 1 day, 0:00:00 falls before the calendar's first day (year 1), got "
        "datetime.datetime(1, 1, 1, 0...tzinfo=datetime.timezone.utc) (datetime)"
    )
    assert info.value.field == "after"
    assert info.value.value == first
    with pytest.raises(InvalidValueError) as direct:
        cycle.cutoff_of(datetime(1, 1, 1, 12, tzinfo=UTC))
    assert str(direct.value) == (
        "BillingCycle.cutoff_of.billing minus the cutoff of 1 day, 0:00:00 falls before the "
        "calendar's first day (year 1), got datetime.datetime(1, 1, 1, 1...tzinfo=datetime."
        "timezone.utc) (datetime)"
    )
    for method in (cycle.removal_timing, cycle.first_saved_billing):
        with pytest.raises(InvalidValueError) as derived:
            method(first)
        assert str(derived.value).startswith(
            f"BillingCycle.{method.__name__}.submitted_at leads to the billing "
        )
        assert derived.value.field == "submitted_at"
    with pytest.raises(InvalidValueError, match="first day"):
        propose_removals(
            clinic(purchased={A: 1}, billing=cycle),
            now=first,
        )


def test_the_billings_of_a_window_stop_at_the_calendars_last_billing() -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=UTC))

    found = cycle.billings(datetime(9999, 11, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC))

    assert found == (datetime(9999, 11, 15, tzinfo=UTC), datetime(9999, 12, 15, tzinfo=UTC))
    assert (
        cycle.billings(datetime(9999, 12, 20, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)) == ()
    )


def test_a_window_that_starts_before_the_calendar_can_be_read_is_a_documented_error() -> None:
    west = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=timezone(timedelta(hours=-5))))

    with pytest.raises(InvalidValueError) as info:
        west.billings(datetime(1, 1, 1, 1, tzinfo=UTC), datetime(1, 6, 1, tzinfo=UTC))

    assert info.value.field == "after"
    assert "has no next billing within the calendar" in str(info.value)


def test_an_anchor_that_its_zone_cannot_read_is_refused() -> None:
    with pytest.raises(InvalidValueError) as info:
        BillingCycle(anchor=datetime(1, 1, 1, tzinfo=UTC), zone=ZoneInfo("America/New_York"))

    assert info.value.field == "anchor"
    assert "cannot be read in America/New_York" in str(info.value)


def test_a_validation_near_the_ends_of_the_calendar_skips_the_cutoff_warning() -> None:
    late = organization(
        clinic("c1", purchased={A: 5}, users=[manager()], billing=BillingCycle(anchor=NOW))
    )

    report = validate_request(request(submitted_at=datetime(9999, 12, 31, tzinfo=UTC)), late)

    assert report.ok
    assert ProblemCode.AFTER_REMOVAL_CUTOFF not in report.codes


def test_a_price_list_built_from_none_is_empty() -> None:
    assert PriceList(prices=None).prices == {}


def test_a_first_saved_billing_may_be_the_cutoff_itself_but_not_before_its_billing() -> None:
    # With a cutoff of zero, the next billing is the cutoff moment itself.
    line = RemovalLine(
        clinic_id="c1",
        license_type=A,
        available=1,
        keep=0,
        remove=1,
        cutoff=NOW,
        next_billing=NOW,
        first_saved_billing=NOW,
    )

    assert line.first_saved_billing == line.cutoff
    assert line.misses_next_billing is False
    with pytest.raises(InvalidValueError, match="must not be before next_billing"):
        attrs.evolve(line, first_saved_billing=NOW - timedelta(microseconds=1))


def test_a_line_cutoff_is_at_most_the_longest_cutoff_before_its_billing() -> None:
    fields: dict[str, Any] = {
        "clinic_id": "c1",
        "license_type": A,
        "available": 1,
        "keep": 0,
        "remove": 1,
        "next_billing": NOW,
        "first_saved_billing": NOW,
    }

    assert RemovalLine(cutoff=NOW - MAX_CUTOFF, **fields).cutoff == NOW - MAX_CUTOFF
    with pytest.raises(InvalidValueError, match="at most 27 days before next_billing"):
        RemovalLine(cutoff=NOW - MAX_CUTOFF - timedelta(microseconds=1), **fields)
    with pytest.raises(InvalidValueError, match="and not after it"):
        RemovalLine(cutoff=NOW + timedelta(microseconds=1), **fields)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("MAX_EXPLANATION_LENGTH", "MAX_STORED_EXPLANATION_LENGTH"),
        ("EXPLANATION_MIN_LENGTH", "MIN_VALID_EXPLANATION_LENGTH"),
        ("EXPLANATION_MAX_LENGTH", "MAX_VALID_EXPLANATION_LENGTH"),
    ],
)
def test_the_old_names_of_the_explanation_bounds_still_work_and_name_their_replacement(
    old: str, new: str
) -> None:
    with pytest.warns(DeprecationWarning, match=f"use licensing.{new}") as warned:
        value = getattr(licensing, old)

    assert value == getattr(licensing, new)
    assert str(warned[0].message) == (
        f"licensing.{old} is deprecated: use licensing.{new}, the same limit under a name that "
        "says which limit it is"
    )
    assert old not in licensing.__all__


def test_the_explanation_bounds_are_told_apart_by_their_names() -> None:
    assert (
        licensing.MIN_VALID_EXPLANATION_LENGTH,
        licensing.MAX_VALID_EXPLANATION_LENGTH,
        licensing.MAX_STORED_EXPLANATION_LENGTH,
    ) == (20, 2_000, 10_000)


def test_a_moment_outside_the_calendar_is_refused_naming_the_method_called() -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=UTC))
    late = datetime(9999, 12, 20, tzinfo=UTC)
    early = datetime(1, 1, 1, 1, tzinfo=UTC)
    west = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=timezone(timedelta(hours=-5))))
    first = BillingCycle(anchor=datetime(1, 1, 1, 12, tzinfo=UTC))
    billing = datetime(1, 1, 1, 12, tzinfo=UTC)
    outside = "has no next billing within the calendar (years 1 to 9999)"
    refused: list[tuple[Callable[[], object], str, str, datetime, str]] = [
        (lambda: cycle.removal_cutoff(late), "removal_cutoff", "after", late, outside),
        (
            lambda: west.billings(early, early + timedelta(days=400)),
            "billings",
            "after",
            early,
            outside,
        ),
        (
            lambda: first.is_on_time(datetime(1, 1, 1, tzinfo=UTC), billing),
            "is_on_time",
            "billing",
            billing,
            "minus the cutoff of 1 day, 0:00:00 falls before the calendar's first day (year 1)",
        ),
    ]
    for call, method, field, value, problem in refused:
        with pytest.raises(InvalidValueError) as info:
            call()
        assert str(info.value).startswith(f"BillingCycle.{method}.{field} {problem}, got ")
        assert (info.value.field, info.value.value) == (field, value)


def test_the_billings_of_a_window_are_the_anchor_days_inside_it() -> None:
    cycle = BillingCycle(anchor=datetime(2026, 1, 15, tzinfo=UTC))

    assert cycle.billings(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 3, 15, tzinfo=UTC)) == (
        datetime(2026, 1, 15, tzinfo=UTC),
        datetime(2026, 2, 15, tzinfo=UTC),
        datetime(2026, 3, 15, tzinfo=UTC),
    )
    assert cycle.billings(datetime(2026, 3, 15, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)) == ()


def test_moments_at_the_calendars_end_are_ordered_by_their_instants() -> None:
    # 23:00 at -05:00 on the last day of 9999 is 04:00 UTC in the year 10000, which a datetime
    # cannot hold; it still comes 4 hours 30 minutes after 23:30 UTC that day.
    west = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
    utc = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
    east = datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))  # 23:30 UTC, year 0

    assert instant(west) - instant(utc) == timedelta(hours=4, minutes=30)
    assert instant(datetime(1, 1, 1, tzinfo=UTC)) - instant(east) == timedelta(minutes=30)


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x1f", "\x7f", "\x80", "\x9f", chr(0xD800), chr(0xDFFF)],
    ids=lambda char: f"U+{ord(char):04X}",
)
def test_an_id_with_a_control_character_or_a_lone_surrogate_at_either_end_of_a_range_is_refused(
    char: str,
) -> None:
    with pytest.raises(InvalidValueError) as refused:
        User(id=f"a{char}b", name="Ann", user_type=UserType.PT)

    assert str(refused.value).startswith(
        "User.id must not contain control characters or unpaired surrogates, got "
    )


def test_an_id_of_the_longest_length_is_accepted_with_an_invisible_character_in_it() -> None:
    # A zero-width joiner is not printable: the id takes the character-by-character path.
    longest = "a" * (MAX_ID_LENGTH - 1) + "\u200d"

    assert User(id=longest, name="Ann", user_type=UserType.PT).id == longest
    with pytest.raises(InvalidValueError, match="must be at most 128 characters"):
        User(id=longest + "a", name="Ann", user_type=UserType.PT)
