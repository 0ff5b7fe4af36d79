"""Hostile input through the converter: every public type, corrupted one place at a time.

Whatever a caller hands `Converter.structure`, the answer is one of two things:

- a valid object: every value object in it rebuilds (``attrs.evolve``) without error, it travels
  through the converter and back unchanged, and the library's functions given it raise nothing
  but their documented `licensing.LicensingError` subclasses; or
- a `cattrs.BaseValidationError`, and nothing else, whose problems (``error_messages``) each
  name where they are: the corrupted place itself, a place inside it, a place that holds it, or
  another field of an object that holds it (a cross-field invariant: ``remove`` when ``keep``
  was corrupted).

Valid documents come from the library's own values (``unstructure`` of generated or example
values), then one place is corrupted: its value replaced by each hostile value below, its key
removed, a key added beside it, or a list item repeated (duplicate ids).
"""

import copy
import math
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from functools import partial
from types import FrameType
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import licensing
from builders import NOW, clinic, manager, monthly, organization, request, user
from licensing import (
    AdjustmentKind,
    AdjustmentRequest,
    Alert,
    BillingCycle,
    Clinic,
    ClinicUsage,
    HealthCheck,
    IdleKind,
    IdleReport,
    IdleUser,
    InactivityPolicy,
    LicensePool,
    LicenseType,
    LicensingError,
    Organization,
    OrganizationUsage,
    Permission,
    PoolUsage,
    PriceList,
    Problem,
    Reason,
    RemovalLine,
    RemovalProposal,
    RetentionPolicy,
    User,
    UserStatus,
    UserType,
    ValidationReport,
    error_messages,
    health_check,
    make_converter,
    propose_removals,
    serialization,
    usage,
    validate_request,
)
from licensing.strategies import (
    adjustment_requests,
    alerts,
    billing_cycles,
    clinic_usages,
    clinics,
    health_checks,
    idle_reports,
    idle_users,
    inactivity_policies,
    license_pools,
    organization_usages,
    organizations,
    pool_usages,
    price_lists,
    problems,
    removal_lines,
    removal_proposals,
    retention_policies,
    users,
    validation_reports,
)

Path = tuple[str | int, ...]


def deeply_nested(depth: int) -> list[Any]:
    """A list nested ``depth`` levels deep: deeper than the interpreter's recursion limit."""
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


DEEP = deeply_nested(10_000)

#: Every kind of hostile value the issue lists, and a few more.
HOSTILE: list[Any] = [
    # wrong JSON types
    None,
    [],
    {},
    [1, 2],
    {"id": "x"},
    # bools for ints, huge and negative ints
    True,
    False,
    0,
    -1,
    -(10**30),
    10**30,
    10**5000,  # more digits than Python will write
    # floats, where ints and money are expected
    1.5,
    -0.0,
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    # "NaN" and "Infinity" for money, and money that is too large or too precise
    "NaN",
    "Infinity",
    "-Infinity",
    "sNaN",
    "-1",
    "1E+999999999999999999",
    "1E+9999999999999999999",  # beyond Decimal's exponent limit
    "0.0000000000000000000000001",
    "99.00",
    # naive and malformed datetimes, and the ends of the calendar
    "2026-03-10T12:00:00",
    "2026-02-30T00:00:00+00:00",
    "2026-03-10T12:00:00+25:00",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59-23:59",
    "next tuesday",
    # unknown enum values, and another enum's values
    "nurse",
    "THERAPIST",
    "clerical",
    "admin",
    # empty, blank, very long strings and control characters
    "",
    " ",
    "x" * 10_000,
    "a\x00b",
    "\x1b[31mred",
    "line\nbreak",
    "\u202eevil",
    "\ud800",
    # deeply nested lists
    DEEP,
    {"x": DEEP},
]

#: Keys added beside a valid one: unknown fields, a repeated field name, an enum value.
EXTRA_KEYS = ["extra", "id", "therapist", ""]


# --- corrupting a document ----------------------------------------------------------------------


def places(document: object, prefix: Path = ()) -> Iterator[Path]:
    """Every place in a JSON document below the root, as the keys and indices leading to it."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield (*prefix, key)
            yield from places(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield (*prefix, index)
            yield from places(value, (*prefix, index))


def at(document: Any, path: Path) -> Any:
    for step in path:
        document = document[step]
    return document


def text(path: Path) -> str:
    """A path as cattrs writes it: ``$.clinics[0].pools[1].purchased``."""
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)


@attrs.frozen
class Corruption:
    """One change to a valid document, and the place it is about."""

    path: Path
    action: str
    value: Any = None

    def apply(self, document: Any) -> tuple[Any, Path]:
        """Return a corrupted copy of ``document`` and the corrupted place."""
        corrupted = copy.deepcopy(document)
        if self.action == "add":
            at(corrupted, self.path)[self.value] = 1
            return corrupted, (*self.path, self.value)
        if self.action == "repeat":  # a list item twice (duplicate ids)
            items = at(corrupted, self.path)
            items.append(copy.deepcopy(items[self.value]))
            return corrupted, self.path
        if not self.path:
            return self.value, ()
        parent = at(corrupted, self.path[:-1])
        if self.action == "delete":
            del parent[self.path[-1]]
        else:
            parent[self.path[-1]] = self.value
        return corrupted, self.path

    def __str__(self) -> str:
        shown = repr(self.value)[:40]
        return f"{self.action} {text(self.path)} {shown}"


def corruptions(document: object) -> Iterator[Corruption]:
    """Every single corruption of ``document``: each place, each hostile value or change."""
    yield from changes_at(document, ())
    for path in places(document):
        for value in HOSTILE:
            yield Corruption(path, "replace", value)
        if isinstance(path[-1], str):
            yield Corruption(path, "delete")
        yield from changes_at(document, path)


def changes_at(document: object, path: Path) -> Iterator[Corruption]:
    """At the root, every hostile value; anywhere, an extra key or a repeated list item."""
    if not path:
        yield from (Corruption((), "replace", value) for value in HOSTILE)
    target = at(document, path)
    if isinstance(target, dict):
        yield from (Corruption(path, "add", key) for key in EXTRA_KEYS if key not in target)
    if isinstance(target, list) and target:
        yield Corruption(path, "repeat", 0)


def corruptions_of(document: object) -> st.SearchStrategy[Corruption]:
    """One corruption of ``document``, drawn by Hypothesis."""
    return st.sampled_from(list(corruptions(document)))


# --- what a structuring call may answer ----------------------------------------------------------


def located(problem_path: str, corrupted: Path) -> bool:
    """Whether a problem reported at ``problem_path`` is about the place ``corrupted``.

    It is if it is the corrupted place, a place inside it or one that holds it, or another field
    of an object that holds it.
    """
    holders = [text(corrupted[:size]) for size in range(len(corrupted) + 1)]
    place = text(corrupted)
    if problem_path in holders or problem_path.startswith((f"{place}.", f"{place}[")):
        return True
    for holder in holders[:-1]:
        rest = problem_path.removeprefix(f"{holder}.")
        if rest != problem_path and "." not in rest and "[" not in rest:
            return True
    return False


def assert_valid(value: Any) -> None:
    """Every value object in ``value`` rebuilds from its fields without error, and equal."""
    if attrs.has(type(value)):
        assert attrs.evolve(value) == value
        for field in attrs.fields(type(value)):
            if field.init:
                assert_valid(getattr(value, field.name))
    elif isinstance(value, tuple | frozenset):
        for item in value:
            assert_valid(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            assert_valid(item)


EXTREME_NOWS = [
    NOW,
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-23, minutes=-59))),
]
PRICES = PriceList(prices={t: Decimal("12.34") for t in LicenseType if t.charged})
A_CLINIC = clinic("c1", purchased={LicenseType.ASSISTANT: 5}, billing=monthly())


def may_raise_documented(value: object) -> list[Callable[[], object]]:
    """Calls of the library on ``value`` that may raise only `LicensingError` subclasses."""
    calls: list[Callable[[], object]] = []
    if isinstance(value, Organization | Clinic):
        calls += [partial(propose_removals, value, prices=PRICES, now=now) for now in EXTREME_NOWS]
    if isinstance(value, BillingCycle):
        calls += [partial(value.removal_cutoff, now) for now in EXTREME_NOWS]
        calls += [partial(value.next_billing, now) for now in EXTREME_NOWS]
    if isinstance(value, PriceList):
        calls += [partial(value.price, t) for t in LicenseType]
    return calls


def never_raise(value: object) -> list[Callable[[], object]]:
    """Calls of the library on ``value`` that must not raise at all."""
    calls: list[Callable[[], object]] = []
    if isinstance(value, Organization | Clinic):
        calls.append(lambda: usage(value).to_records())
    if isinstance(value, Organization):
        first = value.clinics[0].id if value.clinics else "c1"
        calls.append(lambda: validate_request(request(clinic_id=first), value))
    if isinstance(value, AdjustmentRequest):
        calls += [partial(validate_request, value, org) for org in (ORG, organization())]
    if isinstance(value, RetentionPolicy):
        calls.append(lambda: propose_removals(A_CLINIC, policy=value, prices=PRICES, now=NOW))
    if isinstance(value, RemovalProposal):
        calls += [
            lambda: (value.total_saving_per_cycle, value.annual_saving, value.earliest_cutoff),
            lambda: value.requests(requested_by="mgr", submitted_at=NOW, reason=Reason.OTHER),
            lambda: RemovalProposal.combine([value, RemovalProposal()]),
        ]
    if isinstance(value, RemovalLine):
        calls.append(lambda: value.misses_next_billing)
    # Not the usage results' `to_records` and `_repr_html_`: see
    # `test_a_usage_result_refuses_counts_no_clinic_can_have`.
    if isinstance(value, ValidationReport):
        calls.append(lambda: (value.ok, value.codes))
    return calls


def check(converter: cattrs.Converter, document: object, kind: type[Any], place: Path) -> None:
    """Structure ``document``, corrupted at ``place``: a valid object, or errors located there."""
    try:
        value = converter.structure(document, kind)
    except cattrs.BaseValidationError as error:
        found = error_messages(error)
        assert found
        for message in found:
            problem_path = message.rsplit(" @ ", 1)[1]
            assert located(problem_path, place), (message, text(place))
        return
    assert_valid(value)
    assert converter.structure(converter.unstructure(value), kind) == value
    for call in never_raise(value):
        call()
    for call in may_raise_documented(value):
        with suppress(LicensingError):
            call()


# --- the values to corrupt --------------------------------------------------------------------


def rich_organization() -> Organization:
    """Two clinics with every kind of field filled in: pools, billing, access, permissions."""
    bo = User(
        id="u2",
        name="Bo",
        user_type=UserType.PTA,
        status=UserStatus.INACTIVE,
        permissions={Permission.USER_MANAGER, Permission.ADMIN},
        clinic_access={"c2", "elsewhere"},
        last_active_at=datetime(2026, 3, 1, 8, 30, tzinfo=timezone(timedelta(hours=-5))),
        licensed_since=datetime(2025, 9, 1, 8, tzinfo=UTC),
    )
    north = Clinic(
        id="c1",
        name="North",
        pools=[
            LicensePool(license_type=LicenseType.ASSISTANT, purchased=3),
            LicensePool(license_type=LicenseType.STUDENT, unlimited=True),
        ],
        users=[manager(clinic_access=["c2"]), bo, user("bot", system=True)],
        billing=BillingCycle(anchor=datetime(2026, 1, 31, 9, tzinfo=UTC)),
    )
    south = clinic(
        "c2",
        purchased={LicenseType.THERAPIST: 3},
        users=[
            user("u3"),
            user("u4", last_active_at=NOW - timedelta(days=400)),
            user("u5", licensed_since=NOW - timedelta(days=100)),
        ],
    )
    return organization(north, south)


ORG = rich_organization()
POLICY = RetentionPolicy(
    keep={LicenseType.ASSISTANT: 1}, clinic_keep={"c2": {LicenseType.THERAPIST: 1}}
)
PROPOSAL = propose_removals(ORG, policy=POLICY, prices=PRICES, now=NOW)
INACTIVITY = InactivityPolicy(
    threshold=timedelta(days=60),
    thresholds={LicenseType.STUDENT: timedelta(days=20)},
    grace=timedelta(days=10),
    exempt={"u2"},
)
HEALTH = health_check(ORG, now=NOW, policy=POLICY, inactivity=INACTIVITY, prices=PRICES)
REPORT = validate_request(
    request(
        kind=AdjustmentKind.REMOVE,
        counts={LicenseType.ASSISTANT: 9, LicenseType.CLERICAL: 1},
        reason=Reason.NEW_HIRE,
        explanation="short",
    ),
    ORG,
    policy=POLICY,
)

#: One example of every public value type, with as many fields filled in as it can have.
EXAMPLES: dict[type[Any], object] = {
    User: ORG.user("u2"),
    LicensePool: LicensePool(license_type=LicenseType.ASSISTANT, purchased=3),
    Clinic: ORG.clinic("c1"),
    Organization: ORG,
    AdjustmentRequest: request(counts={LicenseType.ASSISTANT: 2, LicenseType.STUDENT: 0}),
    BillingCycle: BillingCycle(anchor=NOW, cutoff=timedelta(hours=36)),
    PriceList: PriceList(
        prices={LicenseType.THERAPIST: Decimal("99.00"), LicenseType.CLERICAL: Decimal(0)}
    ),
    RetentionPolicy: POLICY,
    PoolUsage: usage(ORG).clinics[0].pool(LicenseType.ASSISTANT),
    ClinicUsage: usage(ORG).clinics[0],
    OrganizationUsage: usage(ORG),
    RemovalLine: PROPOSAL.lines[0],
    RemovalProposal: PROPOSAL,
    Problem: REPORT.errors[0],
    ValidationReport: REPORT,
    InactivityPolicy: INACTIVITY,
    IdleUser: HEALTH.idle.users[0],
    IdleReport: HEALTH.idle,
    Alert: HEALTH.alerts[0],
    HealthCheck: HEALTH,
}

#: A strategy of every public value type.
STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    User: users(),
    LicensePool: license_pools(),
    Clinic: clinics(max_users=3),
    Organization: organizations(max_clinics=2, max_users=3),
    AdjustmentRequest: adjustment_requests(),
    BillingCycle: billing_cycles(),
    PriceList: price_lists(),
    RetentionPolicy: retention_policies(),
    PoolUsage: pool_usages(),
    ClinicUsage: clinic_usages(),
    OrganizationUsage: organization_usages(),
    RemovalLine: removal_lines(),
    RemovalProposal: removal_proposals(),
    Problem: problems(),
    ValidationReport: validation_reports(),
    InactivityPolicy: inactivity_policies(),
    IdleUser: idle_users(),
    IdleReport: idle_reports(),
    Alert: alerts(),
    HealthCheck: health_checks(),
}


def public_value_types() -> set[type[Any]]:
    found = (getattr(licensing, name) for name in licensing.__all__)
    return {kind for kind in found if isinstance(kind, type) and attrs.has(kind)}


def test_every_public_value_type_is_corrupted() -> None:
    assert set(EXAMPLES) == set(STRATEGIES) == public_value_types()
    assert REPORT.errors
    assert REPORT.warnings
    assert PROPOSAL.lines
    assert {idle.kind for idle in HEALTH.idle.users} == set(IdleKind)
    assert HEALTH.alerts


def test_every_kind_of_hostile_value_is_tried() -> None:
    kinds = {type(value) for value in HOSTILE}

    assert kinds == {type(None), list, dict, bool, int, float, str}
    assert any(isinstance(value, list) and value is DEEP for value in HOSTILE)


# --- the properties ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(EXAMPLES), ids=lambda kind: kind.__name__)
def test_every_corruption_of_an_example_is_refused_where_it_is_or_gives_a_valid_object(
    kind: type[Any],
) -> None:
    converter = make_converter()
    document = converter.unstructure(EXAMPLES[kind])
    tried = 0

    for corruption in corruptions(document):
        corrupted, place = corruption.apply(document)
        check(converter, corrupted, kind, place)
        tried += 1

    assert tried >= len(HOSTILE) * 2


@pytest.mark.parametrize("kind", list(STRATEGIES), ids=lambda kind: kind.__name__)
def test_a_corrupted_generated_value_is_refused_where_it_is_or_gives_a_valid_object(
    kind: type[Any],
) -> None:
    converter = make_converter()  # built in the test: its hooks are part of what is tested

    # A tenth of the profile's examples per type: the sweep above is the exhaustive part.
    @settings(max_examples=max(10, settings().max_examples // 10))
    @given(data=st.data())
    def corrupt(data: st.DataObject) -> None:
        document = converter.unstructure(data.draw(STRATEGIES[kind]))
        corruption = data.draw(corruptions_of(document))
        corrupted, place = corruption.apply(document)
        check(converter, corrupted, kind, place)

    corrupt()


# --- examples of what the properties found ------------------------------------------------------


def test_a_deeply_nested_list_is_described_without_exhausting_the_stack() -> None:
    data = {"id": DEEP, "name": "Ann", "user_type": "pt", "clinic_access": [DEEP]}

    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure(data, User)

    assert error_messages(info.value) == [
        "expected a string, got [[[[...]]]] (list) @ $.id",
        "expected a string, got [[[[...]]]] (list) @ $.clinic_access[0]",
    ]


def test_an_int_too_long_to_write_is_described_by_its_size() -> None:
    data = {"license_type": "therapist", "purchased": 10**5000}

    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure(data, LicensePool)

    assert error_messages(info.value) == [
        (
            "LicensePool.purchased must be at most 100,000, got <an int of 16610 bits> (int) "
            "@ $.purchased"
        )
    ]


def test_a_very_long_string_is_shown_shortened() -> None:
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure({"id": "x" * 10_000, "name": "N", "user_type": "pt"}, User)

    assert error_messages(info.value) == [
        f"User.id must be at most 128 characters, got '{'x' * 56}... (str) @ $.id"
    ]


class CountingId(str):
    """An id that counts how often it is compared for equality."""

    __slots__ = ()
    comparisons = 0

    def __eq__(self, other: object) -> bool:
        CountingId.comparisons += 1
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        return str.__hash__(self)


def test_checking_a_set_for_repeats_takes_one_lookup_per_item_not_a_scan() -> None:
    # Comparing each item with every earlier one made 100,000 clinic ids take minutes.
    ids = [CountingId(f"clinic-{n}") for n in range(2_000)]
    CountingId.comparisons = 0

    found = make_converter().structure(
        {"id": "u1", "name": "Ann", "user_type": "pt", "clinic_access": ids}, User
    )

    assert len(found.clinic_access) == 2_000
    assert CountingId.comparisons < 2_000


@pytest.mark.parametrize(
    ("price", "problem"),
    [
        ("1E+999999999999999999", "must be at most 1,000,000,000,000"),
        ("0.0000000000000000001", "must have at most 18 decimal places"),
    ],
)
def test_a_price_too_large_or_too_precise_is_refused_before_any_arithmetic(
    price: str, problem: str
) -> None:
    # Either, summed exactly with an ordinary price, would need more memory than there is.
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure({"prices": {"therapist": price}}, PriceList)

    assert error_messages(info.value) == [
        (
            f"PriceList.prices.therapist {problem}, got {Decimal(price)!r} (Decimal) "
            "@ $.prices.therapist"
        )
    ]


def test_a_billing_anchor_at_the_end_of_the_calendar_gives_a_documented_error() -> None:
    data = {"anchor": "9999-12-31T23:59:59+00:00", "cutoff": 0}
    cycle = make_converter().structure(data, BillingCycle)
    late = clinic("c1", purchased={LicenseType.ASSISTANT: 1}, billing=cycle)

    with pytest.raises(licensing.InvalidValueError, match="within the calendar"):
        propose_removals(late, now=datetime(9999, 12, 31, 23, 59, 59, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    "changes",
    [
        {"used": -1},
        {"purchased": 10**5000},  # `to_records` then `_repr_html_` cannot even write it
        {"available": 7},  # not max(0, purchased - used)
    ],
)
def test_a_usage_result_refuses_counts_no_clinic_can_have(changes: dict[str, int]) -> None:
    converter = make_converter()
    data = converter.unstructure(EXAMPLES[PoolUsage]) | changes

    with pytest.raises(cattrs.BaseValidationError):
        converter.structure(data, PoolUsage)


def test_a_decimal_beyond_decimals_own_exponent_limit_is_refused_like_any_bad_number() -> None:
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure({"prices": {"student": "1E+9999999999999999999"}}, PriceList)

    assert error_messages(info.value) == [
        (
            "expected a finite decimal number (like '99.00'), got '1E+9999999999999999999' (str) "
            "@ $.prices.student"
        )
    ]


# --- the fast paths give the detailed paths' answers ------------------------------------------


def detailed_converter() -> cattrs.Converter:
    """A converter like `make_converter`'s, but always on the detailed, error-collecting path."""
    return serialization._make_converter(detailed=True)


def answer(converter: cattrs.Converter, document: object, kind: type[Any]) -> tuple[Any, list[str]]:
    """The value ``document`` gives and its JSON, or ``None`` and the messages of its refusal."""
    try:
        value = converter.structure(document, kind)
    except cattrs.BaseValidationError as error:
        return None, error_messages(error)
    return (value, converter.unstructure(value)), []


def assert_same_answer(
    fast: cattrs.Converter, detailed: cattrs.Converter, document: object, kind: type[Any]
) -> None:
    """Both converters give equal values, or both refuse with the same messages and paths."""
    assert answer(fast, document, kind) == answer(detailed, document, kind)


@pytest.mark.parametrize("kind", list(EXAMPLES), ids=lambda kind: kind.__name__)
def test_the_fast_path_answers_every_corruption_of_an_example_as_the_detailed_path_does(
    kind: type[Any],
) -> None:
    fast, detailed = make_converter(), detailed_converter()
    document = fast.unstructure(EXAMPLES[kind])
    assert_same_answer(fast, detailed, document, kind)

    for corruption in corruptions(document):
        corrupted, _ = corruption.apply(document)
        assert_same_answer(fast, detailed, corrupted, kind)


@pytest.mark.parametrize("kind", list(STRATEGIES), ids=lambda kind: kind.__name__)
def test_the_fast_path_answers_generated_and_corrupted_values_as_the_detailed_path_does(
    kind: type[Any],
) -> None:
    fast, detailed = make_converter(), detailed_converter()

    @settings(max_examples=max(10, settings().max_examples // 10))
    @given(data=st.data())
    def compare(data: st.DataObject) -> None:
        document = fast.unstructure(data.draw(STRATEGIES[kind]))
        assert_same_answer(fast, detailed, document, kind)
        corruption = data.draw(corruptions_of(document))
        corrupted, _ = corruption.apply(document)
        assert_same_answer(fast, detailed, corrupted, kind)

    compare()


def called_in_serialization(call: Callable[[], object]) -> set[str]:
    """The names of the functions of `licensing.serialization` that ``call`` runs."""
    names: set[str] = set()

    def trace(frame: FrameType, event: str, _: object) -> None:
        if event == "call" and frame.f_code.co_filename == serialization.__file__:
            names.add(frame.f_code.co_name)

    sys.setprofile(trace)
    try:
        with suppress(cattrs.BaseValidationError):
            call()
    finally:
        sys.setprofile(None)
    return names


def test_valid_data_never_takes_a_detailed_path() -> None:
    converter = make_converter()
    document = converter.unstructure(EXAMPLES[Organization])

    valid = called_in_serialization(lambda: converter.structure(document, Organization))
    document["clinics"][0]["users"][0]["clinic_access"] = ["c9", "c9"]
    corrupted = called_in_serialization(lambda: converter.structure(document, Organization))

    # By name inside the function's own (mutmut's copies rename methods around it).
    assert "structure" in valid
    assert not any("_structure_in_detail" in name for name in valid)
    assert any("_structure_in_detail" in name for name in corrupted)
