"""The JSON edge: the shape of every type, strict structuring, error paths, lossless round trips."""

import enum
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
import pytest
from cattrs.errors import AttributeValidationNote, IterableValidationNote
from hypothesis import event, given
from hypothesis import strategies as st

import licensing
from builders import NOW, clinic, manager, monthly, organization, request, user
from licensing import (
    AdjustmentRequest,
    Alert,
    BillingCycle,
    Clinic,
    ClinicUsage,
    HealthCheck,
    IdleReport,
    IdleUser,
    InactivityPolicy,
    InvalidValueError,
    LicensePool,
    LicenseType,
    Organization,
    OrganizationUsage,
    Permission,
    PoolUsage,
    PriceList,
    Problem,
    RemovalLine,
    RemovalProposal,
    RetentionPolicy,
    User,
    UserStatus,
    UserType,
    ValidationReport,
    health_check,
    make_converter,
    propose_removals,
    usage,
    validate_request,
)
from licensing._frozenmap import FrozenMap
from licensing.serialization import error_messages, format_exception
from licensing.strategies import (
    IdleScenario,
    adjustment_requests,
    alerts,
    aware_datetimes,
    billing_cycles,
    clinics,
    idle_scenarios,
    idle_users,
    inactivity_policies,
    license_pools,
    organizations,
    price_lists,
    retention_policies,
    users,
)

CONVERTER = make_converter()


@pytest.fixture(autouse=True, scope="module")
def _converter_built_by_the_tests() -> None:
    """Build the converter again when this module's tests start, not only on import.

    Mutation testing runs the tests in forks of a process that imported this module with the
    original code; a converter built here, in the fork, is built by the mutated code.
    """
    global CONVERTER  # noqa: PLW0603 - rebinding the module's converter is the point
    CONVERTER = make_converter()


def problems(data: object, cl: Any) -> list[str]:
    """Structure ``data`` as ``cl``, expecting failure; return every problem with its path."""
    with pytest.raises(cattrs.BaseValidationError) as info:
        CONVERTER.structure(data, cl)
    return error_messages(info.value)


# --- the JSON shape ---------------------------------------------------------------------------


def small_organization() -> Organization:
    bo = User(
        id="u2",
        name="Bo",
        user_type=UserType.PTA,
        status=UserStatus.INACTIVE,
        permissions={Permission.USER_MANAGER, Permission.ADMIN},
        clinic_access={"west", "south"},
        last_active_at=datetime(2026, 3, 1, 8, 30, tzinfo=timezone(timedelta(hours=-5))),
        licensed_since=datetime(2025, 9, 1, tzinfo=UTC),
    )
    bot = User(id="bot", name="Sync", user_type=UserType.BILLER, system=True)
    north = Clinic(
        id="north",
        name="North",
        pools=[
            LicensePool(license_type=LicenseType.THERAPIST, purchased=3),
            LicensePool(license_type=LicenseType.CLERICAL, unlimited=True),
        ],
        users=[bo, bot],
        billing=BillingCycle(
            anchor=datetime(2026, 1, 31, 9, tzinfo=UTC), cutoff=timedelta(hours=36)
        ),
    )
    return Organization(id="acme", name="Acme PT", clinics=[north, Clinic(id="south", name="S")])


SMALL_ORGANIZATION_JSON: dict[str, Any] = {
    "id": "acme",
    "name": "Acme PT",
    "clinics": [
        {
            "id": "north",
            "name": "North",
            "pools": [
                {"license_type": "therapist", "purchased": 3, "unlimited": False},
                {"license_type": "clerical", "purchased": 0, "unlimited": True},
            ],
            "users": [
                {
                    "id": "u2",
                    "name": "Bo",
                    "user_type": "pta",
                    "status": "inactive",
                    "permissions": ["admin", "user_manager"],
                    "clinic_access": ["south", "west"],
                    "last_active_at": "2026-03-01T08:30:00-05:00",
                    "licensed_since": "2025-09-01T00:00:00+00:00",
                    "system": False,
                },
                {
                    "id": "bot",
                    "name": "Sync",
                    "user_type": "biller",
                    "status": "active",
                    "permissions": [],
                    "clinic_access": [],
                    "last_active_at": None,
                    "licensed_since": None,
                    "system": True,
                },
            ],
            "billing": {"anchor": "2026-01-31T09:00:00+00:00", "cutoff": 129600, "zone": None},
        },
        {"id": "south", "name": "S", "pools": [], "users": [], "billing": None},
    ],
}


def test_an_organization_unstructures_to_the_documented_json_shape() -> None:
    data = CONVERTER.unstructure(small_organization())

    assert data == SMALL_ORGANIZATION_JSON


def test_the_documented_json_shape_structures_to_the_organization() -> None:
    structured = CONVERTER.structure(SMALL_ORGANIZATION_JSON, Organization)

    assert structured == small_organization()


def test_private_indexes_are_not_part_of_the_json() -> None:
    data = CONVERTER.unstructure(small_organization())

    assert "_clinic_index" not in data
    assert "_home_index" not in data
    assert "_pool_index" not in data["clinics"][0]
    assert "_user_index" not in data["clinics"][0]


def test_fields_with_defaults_may_be_left_out() -> None:
    data = {"id": "u1", "name": "Ann", "user_type": "pt"}

    assert CONVERTER.structure(data, User) == User(id="u1", name="Ann", user_type=UserType.PT)


def test_a_request_travels_with_counts_keyed_by_license_type_value() -> None:
    req = request(counts={LicenseType.ASSISTANT: 2, LicenseType.STUDENT: 0}, explanation=None)

    data = CONVERTER.unstructure(req)

    assert data == {
        "clinic_id": "c1",
        "requested_by": "mgr",
        "kind": "remove",
        "counts": {"assistant": 2, "student": 0},
        "reason": "unused_licenses",
        "explanation": None,
        "submitted_at": "2026-03-10T12:00:00+00:00",
    }


def test_prices_travel_as_decimal_strings_keeping_their_exponent() -> None:
    prices = PriceList(
        prices={LicenseType.THERAPIST: Decimal("99.00"), LicenseType.ASSISTANT: Decimal("1E+2")},
        currency="EUR",
    )

    data = CONVERTER.unstructure(prices)

    assert data == {"prices": {"therapist": "99.00", "assistant": "1E+2"}, "currency": "EUR"}
    assert (
        CONVERTER.structure(data, PriceList).price(LicenseType.THERAPIST).as_tuple().exponent == -2
    )


def test_a_retention_policy_travels_as_nested_objects() -> None:
    policy = RetentionPolicy(
        keep={LicenseType.ASSISTANT: 1}, clinic_keep={"north": {LicenseType.THERAPIST: 2}}
    )

    data = CONVERTER.unstructure(policy)

    assert data == {"keep": {"assistant": 1}, "clinic_keep": {"north": {"therapist": 2}}}
    assert CONVERTER.structure(data, RetentionPolicy) == policy


def test_a_whole_timedelta_travels_as_int_seconds_and_a_fractional_one_as_float() -> None:
    whole = BillingCycle(anchor=NOW, cutoff=timedelta(hours=24))
    fractional = BillingCycle(anchor=NOW, cutoff=timedelta(seconds=90, microseconds=500_000))

    assert CONVERTER.unstructure(whole)["cutoff"] == 86400
    assert type(CONVERTER.unstructure(whole)["cutoff"]) is int
    assert CONVERTER.unstructure(fractional)["cutoff"] == 90.5
    assert CONVERTER.unstructure(timedelta(seconds=-1.5)) == -1.5


def test_a_float_number_structures_as_a_timedelta() -> None:
    data = {"anchor": "2026-01-31T09:00:00+00:00", "cutoff": 90.5}

    cycle = CONVERTER.structure(data, BillingCycle)

    assert cycle.cutoff == timedelta(seconds=90, microseconds=500_000)


def test_datetimes_keep_their_utc_offset() -> None:
    moment = datetime(2026, 3, 10, 12, 0, 0, 250, tzinfo=timezone(timedelta(hours=5, minutes=30)))

    text = CONVERTER.unstructure(moment)

    assert text == "2026-03-10T12:00:00.000250+05:30"
    assert CONVERTER.structure(text, datetime).utcoffset() == timedelta(hours=5, minutes=30)


def test_a_utc_designator_is_read_as_an_offset() -> None:
    assert CONVERTER.structure("2026-03-10T12:00:00Z", datetime) == NOW


def test_unlimited_usage_travels_as_null() -> None:
    data = CONVERTER.unstructure(usage(clinic()).pool(LicenseType.CLERICAL))

    assert data == {
        "license_type": "clerical",
        "purchased": None,
        "used": 0,
        "available": None,
        "over_assigned": 0,
    }


def test_a_removal_proposal_travels_with_its_savings_and_timing() -> None:
    org = organization(clinic("c1", purchased={LicenseType.ASSISTANT: 3}, billing=monthly()))
    prices = PriceList(prices={LicenseType.ASSISTANT: Decimal("45.50")})
    proposal = propose_removals(org, prices=prices, now=NOW)

    data = CONVERTER.unstructure(proposal)

    assert data == {
        "lines": [
            {
                "clinic_id": "c1",
                "license_type": "assistant",
                "available": 3,
                "keep": 0,
                "remove": 3,
                "saving_per_cycle": "136.50",
                "cutoff": "2026-03-20T00:00:00+00:00",
                "first_saved_billing": "2026-03-21T00:00:00+00:00",
                "next_billing": "2026-03-21T00:00:00+00:00",
                "clinic_name": "Clinic c1",
            }
        ],
        "currency": "USD",
    }
    assert CONVERTER.structure(data, RemovalProposal) == proposal


def test_a_validation_report_travels_with_codes_by_value() -> None:
    org = organization(clinic("c1", users=[manager()]))
    report = validate_request(request(counts={LicenseType.CLERICAL: 1}), org)

    data = CONVERTER.unstructure(report)

    assert data["errors"][0]["code"] == report.errors[0].code.value
    assert data["errors"][0]["field"] == "counts.clerical"
    assert CONVERTER.structure(data, ValidationReport) == report


def test_sets_are_sorted_by_their_json_values() -> None:
    member = user(permissions=[Permission.USER_MANAGER, Permission.ADMIN], clinic_access="zyxa")

    data = CONVERTER.unstructure(member)

    assert data["permissions"] == ["admin", "user_manager"]
    assert data["clinic_access"] == ["a", "x", "y", "z"]


def test_items_without_an_order_are_sorted_by_their_repr() -> None:
    assert CONVERTER.unstructure(frozenset({1, "1"})) == ["1", 1]  # "'1'" < "1"


def test_a_bare_frozen_map_travels_as_is() -> None:
    assert CONVERTER.unstructure(FrozenMap({"a": 1})) == {"a": 1}
    assert CONVERTER.structure({"a": [1]}, FrozenMap) == {"a": [1]}


def test_every_call_returns_a_new_converter_of_its_own() -> None:
    first, second = make_converter(), make_converter()
    first.register_unstructure_hook(Decimal, float)

    assert first is not second
    assert first is not cattrs.global_converter
    assert second.unstructure(Decimal("1.5")) == "1.5"


# --- strict structuring: every rejected input, with its path -----------------------------------


def organization_json() -> dict[str, Any]:
    """Valid data for an organization of two clinics, the first with two pools, to corrupt."""
    org = organization(
        clinic("c1", users=[manager()]),
        clinic(
            "c2",
            purchased={LicenseType.THERAPIST: 2, LicenseType.ASSISTANT: 5},
            users=[user("u1"), user("u2")],
            billing=monthly(),
        ),
    )
    data: dict[str, Any] = CONVERTER.unstructure(org)
    data["clinics"].reverse()
    return data


def test_the_corruptible_organization_is_valid() -> None:
    data = organization_json()

    assert CONVERTER.unstructure(CONVERTER.structure(data, Organization)) == data


@pytest.mark.parametrize(
    "bad",
    ["3", True, 3.0, None, [3]],
    ids=["string", "bool", "float", "null", "list"],
)
def test_a_count_must_be_an_int(bad: object) -> None:
    data = organization_json()
    data["clinics"][0]["pools"][1]["purchased"] = bad

    assert problems(data, Organization) == [
        (
            f"expected an int (not a bool), got {bad!r} ({type(bad).__name__}) "
            "@ $.clinics[0].pools[1].purchased"
        )
    ]


def models_message(build: Callable[[], object]) -> str:
    """The message the model gives, in Python, for what ``build`` builds (test_refusals.py pins
    each one): the JSON edge must report exactly that message, at the field's path."""
    with pytest.raises(licensing.LicensingError) as info:
        build()
    return str(info.value)


def test_a_negative_count_is_reported_with_the_models_message() -> None:
    data = organization_json()
    data["clinics"][0]["pools"][1]["purchased"] = -1

    expected = models_message(lambda: LicensePool(license_type=LicenseType.ASSISTANT, purchased=-1))
    assert problems(data, Organization) == [f"{expected} @ $.clinics[0].pools[1].purchased"]


def test_cattrs_default_formatting_still_names_the_path() -> None:
    data = organization_json()
    data["clinics"][0]["pools"][1]["purchased"] = "3"

    with pytest.raises(cattrs.BaseValidationError) as info:
        CONVERTER.structure(data, Organization)

    # cattrs words the problem its own way; the library promises the path.
    (message,) = cattrs.transform_error(info.value)
    assert message.endswith(" @ $.clinics[0].pools[1].purchased")


@pytest.mark.parametrize(("field", "bad"), [("id", 5), ("name", None), ("id", ["c1"])])
def test_a_string_must_be_a_string(field: str, bad: object) -> None:
    data = organization_json()
    data["clinics"][1][field] = bad

    assert problems(data, Organization) == [
        f"expected a string, got {bad!r} ({type(bad).__name__}) @ $.clinics[1].{field}"
    ]


@pytest.mark.parametrize("bad", [0, 1, "false", None])
def test_a_flag_must_be_a_bool(bad: object) -> None:
    data = organization_json()
    data["clinics"][0]["users"][1]["system"] = bad

    assert problems(data, Organization) == [
        f"expected true or false, got {bad!r} ({type(bad).__name__}) @ $.clinics[0].users[1].system"
    ]


def test_an_enum_must_be_one_of_its_values_and_the_message_lists_them() -> None:
    data = CONVERTER.unstructure(request())
    data["kind"] = "ADD"
    data["reason"] = 1

    assert problems(data, AdjustmentRequest) == [
        "expected one of 'add', 'remove'; got 'ADD' (str) @ $.kind",
        (
            "expected one of 'new_hire', 'student_placement', 'seasonal_demand', "
            "'clinic_expansion', 'staff_departure', 'leave_of_absence', 'unused_licenses', "
            "'clinic_downsizing', 'billing_correction', 'other'; got 1 (int) @ $.reason"
        ),
    ]


def test_an_unhashable_value_is_not_an_enum_value() -> None:
    assert problems(["pt"], UserType) == [
        (
            "expected one of 'pt', 'ot', 'slp', 'pta', 'cota', 'slpa', 'spt', 'sot', 'sslp', "
            "'clerical', 'biller'; got ['pt'] (list) @ $"
        )
    ]


@pytest.mark.parametrize("bad", [99.0, 99, True, None])
def test_money_must_be_a_string_never_a_number(bad: object) -> None:
    data = {"prices": {"therapist": bad}, "currency": "USD"}

    assert problems(data, PriceList) == [
        (
            "expected a decimal number as a string (like '99.00'), got "
            f"{bad!r} ({type(bad).__name__}) @ $.prices.therapist"
        )
    ]


@pytest.mark.parametrize(
    "bad",
    ["NaN", "Infinity", "-inf", "sNaN", "abc", "", " 1", "1_000", "1,00", "0x10", "1e", "\u0663"],
)
def test_money_must_be_a_finite_decimal_number(bad: str) -> None:
    data = {"prices": {"therapist": bad}}

    assert problems(data, PriceList) == [
        f"expected a finite decimal number (like '99.00'), got {bad!r} (str) @ $.prices.therapist"
    ]


@pytest.mark.parametrize("text", ["99", "99.00", "+1", ".5", "5.", "1E+2", "0E-8", "-0"])
def test_money_reads_every_plain_decimal_notation(text: str) -> None:
    assert CONVERTER.structure(text, Decimal) == Decimal(text)


def test_negative_money_is_reported_with_the_models_message() -> None:
    expected = models_message(lambda: PriceList(prices={LicenseType.ASSISTANT: Decimal("-1.00")}))
    assert problems({"prices": {"assistant": "-1.00"}}, PriceList) == [
        f"{expected} @ $.prices.assistant"
    ]


@pytest.mark.parametrize(
    "bad", ["2026-03-10T12:00:00", "2026-03-10", "next tuesday", "2026-02-30T00:00:00+00:00"]
)
def test_a_datetime_must_be_iso_8601_with_an_offset(bad: str) -> None:
    data = CONVERTER.unstructure(request())
    data["submitted_at"] = bad

    assert problems(data, AdjustmentRequest) == [
        f"expected an ISO 8601 date and time with a UTC offset, got {bad!r} (str) @ $.submitted_at"
    ]


@pytest.mark.parametrize("bad", [1773144000, None, {"iso": "2026-03-10T12:00:00+00:00"}])
def test_a_datetime_must_be_a_string(bad: object) -> None:
    data = CONVERTER.unstructure(request())
    data["submitted_at"] = bad

    assert problems(data, AdjustmentRequest) == [
        (
            "expected an ISO 8601 date and time with a UTC offset (a string), got "
            f"{bad!r} ({type(bad).__name__}) @ $.submitted_at"
        )
    ]


@pytest.mark.parametrize("bad", [True, "86400", None, [1]])
def test_a_timedelta_must_be_a_number_of_seconds(bad: object) -> None:
    data = {"anchor": "2026-01-31T09:00:00+00:00", "cutoff": bad}

    assert problems(data, BillingCycle) == [
        (
            "expected a duration in seconds (a number, not a bool), got "
            f"{bad!r} ({type(bad).__name__}) @ $.cutoff"
        )
    ]


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), 1e300, 10**30, 10**400])
def test_a_timedelta_must_be_finite_and_in_range(bad: float) -> None:
    data = {"anchor": "2026-01-31T09:00:00+00:00", "cutoff": bad}

    [message] = problems(data, BillingCycle)

    assert message.startswith("expected a finite duration in seconds, within 999999999 days")
    assert message.endswith(" @ $.cutoff")


def test_a_negative_cutoff_is_reported_with_the_models_message() -> None:
    data = {"anchor": "2026-01-31T09:00:00+00:00", "cutoff": -1}

    expected = models_message(lambda: BillingCycle(anchor=NOW, cutoff=timedelta(seconds=-1)))
    assert problems(data, BillingCycle) == [f"{expected} @ $.cutoff"]


def test_a_float_is_read_only_from_a_finite_number() -> None:
    assert CONVERTER.structure(2, float) == 2.0
    assert type(CONVERTER.structure(2, float)) is float
    assert problems("1.5", float) == ["expected a number (not a bool), got '1.5' (str) @ $"]
    assert problems(True, float) == ["expected a number (not a bool), got True (bool) @ $"]
    assert problems(float("nan"), float) == ["expected a finite number, got nan (float) @ $"]
    [message] = problems(10**400, float)
    assert message.startswith("expected a finite number, got 1000")


@pytest.mark.parametrize("bad", [{"0": {"license_type": "therapist"}}, "pools", None])
def test_a_sequence_must_be_a_list(bad: object) -> None:
    data = organization_json()
    data["clinics"][0]["pools"] = bad

    assert problems(data, Organization) == [
        f"expected a list, got {bad!r} ({type(bad).__name__}) @ $.clinics[0].pools"
    ]


def test_a_set_must_be_a_list() -> None:
    data = organization_json()
    data["clinics"][0]["users"][0]["clinic_access"] = "c1"

    assert problems(data, Organization) == [
        "expected a list, got 'c1' (str) @ $.clinics[0].users[0].clinic_access"
    ]


def test_a_set_must_not_repeat_an_item() -> None:
    data = organization_json()
    data["clinics"][0]["users"][0]["permissions"] = ["admin", "user_manager", "admin"]

    assert problems(data, Organization) == [
        "must not repeat an item, got 'admin' (str) twice @ $.clinics[0].users[0].permissions[2]"
    ]


def test_every_bad_item_of_a_set_is_reported_with_its_index() -> None:
    data = organization_json()
    data["clinics"][0]["users"][0]["permissions"] = ["admin", "root", 7]

    assert problems(data, Organization) == [
        (
            "expected one of 'user_manager', 'admin'; got 'root' (str) "
            "@ $.clinics[0].users[0].permissions[1]"
        ),
        (
            "expected one of 'user_manager', 'admin'; got 7 (int) "
            "@ $.clinics[0].users[0].permissions[2]"
        ),
    ]


@pytest.mark.parametrize("bad", [[["assistant", 1]], "assistant=1", None])
def test_a_mapping_must_be_an_object(bad: object) -> None:
    data = CONVERTER.unstructure(request())
    data["counts"] = bad

    assert problems(data, AdjustmentRequest) == [
        f"expected an object (a dict), got {bad!r} ({type(bad).__name__}) @ $.counts"
    ]


def test_every_bad_entry_of_a_mapping_is_reported_under_its_key() -> None:
    data = CONVERTER.unstructure(request())
    data["counts"] = {"nurse": 1, "assistant": "3", "therapist": 1}

    assert problems(data, AdjustmentRequest) == [
        (
            "expected one of 'therapist', 'assistant', 'student', 'clerical'; got 'nurse' (str) "
            "@ $.counts.nurse"
        ),
        "expected an int (not a bool), got '3' (str) @ $.counts.assistant",
    ]


def test_a_mapping_key_that_is_not_a_string_is_named_by_its_repr() -> None:
    assert problems({1: 2}, FrozenMap[str, int]) == ["expected a string, got 1 (int) @ $.1"]


def test_a_negative_count_in_a_mapping_is_reported_with_the_models_message() -> None:
    data = CONVERTER.unstructure(request())
    data["counts"] = {"assistant": -2}

    expected = models_message(lambda: request(counts={LicenseType.ASSISTANT: -2}))
    assert problems(data, AdjustmentRequest) == [f"{expected} @ $.counts.assistant"]


def test_a_bad_override_is_reported_under_its_clinic_and_license_type() -> None:
    data = {"keep": {}, "clinic_keep": {"north": {"assistant": True, "student": -1}}}

    assert problems(data, RetentionPolicy) == [
        "expected an int (not a bool), got True (bool) @ $.clinic_keep.north.assistant"
    ]
    data["clinic_keep"]["north"]["assistant"] = 1
    expected = models_message(
        lambda: RetentionPolicy(clinic_keep={"north": {LicenseType.STUDENT: -1}})
    )
    assert problems(data, RetentionPolicy) == [f"{expected} @ $.clinic_keep.north.student"]


def test_unknown_keys_are_rejected() -> None:
    data = organization_json()
    data["clinics"][1]["region"] = "east"
    data["clinics"][1]["Name"] = "x"

    # cattrs words the problem; the library promises both keys named, at the clinic's path.
    (found,) = problems(data, Organization)
    assert "Name" in found
    assert "region" in found
    assert found.endswith(" @ $.clinics[1]")


def test_missing_required_keys_are_rejected() -> None:
    data = organization_json()
    del data["clinics"][0]["pools"][1]["license_type"]
    del data["clinics"][1]["name"]

    # cattrs words the problem; the library promises each missing key at its own path.
    found = problems(data, Organization)
    assert [message.rpartition(" @ ")[2] for message in found] == [
        "$.clinics[0].pools[1].license_type",
        "$.clinics[1].name",
    ]


def test_every_problem_in_the_data_is_reported_at_once() -> None:
    data = organization_json()
    data["id"] = ""
    data["clinics"][0]["billing"]["anchor"] = "2026-01-21T00:00:00"
    data["clinics"][0]["users"][0]["user_type"] = "nurse"
    data["clinics"][0]["pools"][0]["purchased"] = "2"
    data["clinics"][1]["pools"] = [{"license_type": "clerical", "purchased": 0}]

    found = problems(data, Organization)

    assert found == [
        "expected an int (not a bool), got '2' (str) @ $.clinics[0].pools[0].purchased",
        (
            "expected one of 'pt', 'ot', 'slp', 'pta', 'cota', 'slpa', 'spt', 'sot', 'sslp', "
            "'clerical', 'biller'; got 'nurse' (str) @ $.clinics[0].users[0].user_type"
        ),
        (
            "expected an ISO 8601 date and time with a UTC offset, got '2026-01-21T00:00:00' (str) "
            "@ $.clinics[0].billing.anchor"
        ),
        models_message(lambda: LicensePool(license_type=LicenseType.CLERICAL))
        + " @ $.clinics[1].pools[0].unlimited",
    ]


def test_an_empty_id_is_reported_with_the_models_message() -> None:
    data = organization_json()
    data["id"] = " "

    expected = models_message(lambda: Organization(id=" ", name="Acme"))
    assert problems(data, Organization) == [f"{expected} @ $.id"]


def test_a_duplicate_user_id_in_a_clinic_is_reported_at_the_clinics_users() -> None:
    data = organization_json()
    data["clinics"][0]["users"][1]["id"] = "u1"

    expected = models_message(lambda: Clinic(id="c", name="C", users=[user("u1"), user("u1")]))
    assert problems(data, Organization) == [f"{expected} @ $.clinics[0].users"]


def test_a_duplicate_pool_is_reported_at_the_clinics_pools() -> None:
    data = organization_json()
    data["clinics"][0]["pools"][1]["license_type"] = "therapist"

    [message] = problems(data, Organization)

    assert message.startswith("Clinic.pools must hold one pool per type")
    assert message.endswith(" @ $.clinics[0].pools")


def test_a_user_id_repeated_across_clinics_is_reported_at_the_organizations_clinics() -> None:
    data = organization_json()
    data["clinics"][1]["users"][0]["id"] = "u1"

    [message] = problems(data, Organization)

    assert message.startswith("Organization.clinics must not repeat a user id across clinics")
    assert message.endswith(" @ $.clinics")


def test_a_user_with_access_to_its_own_clinic_is_reported_at_the_clinics_users() -> None:
    data = organization_json()
    data["clinics"][0]["users"][0]["clinic_access"] = ["c2"]

    [message] = problems(data, Organization)

    assert message.startswith("Clinic.users must not list the home clinic 'c2'")
    assert message.endswith(" @ $.clinics[0].users")


@pytest.mark.parametrize("bad", [[], "acme", None, 3, ["id", "name"]])
def test_data_that_is_not_an_object_is_a_validation_error_at_the_root(bad: object) -> None:
    assert problems(bad, Organization) == [
        f"expected an object (a dict) for Organization, got {bad!r} ({type(bad).__name__}) @ $"
    ]


def test_a_bad_scalar_at_the_root_is_a_validation_error_too() -> None:
    with pytest.raises(cattrs.ClassValidationError) as info:
        CONVERTER.structure("3", int)

    assert error_messages(info.value, path="count") == [
        "expected an int (not a bool), got '3' (str) @ count"
    ]


def test_a_type_the_converter_cannot_handle_is_a_programming_error_not_a_data_error() -> None:
    class Opaque:
        pass

    with pytest.raises(cattrs.StructureHandlerNotFoundError):
        CONVERTER.structure({}, Opaque)


def test_other_errors_get_cattrs_default_description() -> None:
    # What cattrs itself says, whatever its words: the library adds nothing to other errors.
    for error, type_ in ((KeyError("id"), None), (ValueError("boom"), int)):
        assert format_exception(error, type_) == cattrs.v.format_exception(error, type_)


def test_the_models_errors_keep_their_message() -> None:
    error = licensing.InvalidValueError("Clinic.users is wrong", field="users", value=1)

    assert format_exception(error, None) == "Clinic.users is wrong"


# --- properties: lossless round trips for every public type ------------------------------------


def assert_round_trips(value: object, kind: type[Any]) -> None:
    """``structure(unstructure(value))`` gives ``value`` back, through JSON text, unchanged."""
    unstructured = CONVERTER.unstructure(value)
    through_json = json.loads(json.dumps(unstructured))
    structured = CONVERTER.structure(through_json, kind)

    assert list(unstructured) == [field.name for field in attrs.fields(kind) if field.init]
    assert through_json == unstructured
    assert structured == value
    assert CONVERTER.unstructure(structured) == unstructured


# Types with a cheap strategy of their own get a property each.
STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    User: users(),
    LicensePool: license_pools(),
    Clinic: clinics(max_users=4),
    AdjustmentRequest: adjustment_requests(),
    BillingCycle: billing_cycles(),
    PriceList: price_lists(),
    RetentionPolicy: retention_policies(),
    InactivityPolicy: inactivity_policies(),
    IdleUser: idle_users(),
    Alert: alerts(),
}


@pytest.mark.parametrize("kind", list(STRATEGIES), ids=lambda kind: kind.__name__)
@given(data=st.data())
def test_structure_inverts_unstructure_through_json(kind: type[Any], data: st.DataObject) -> None:
    assert_round_trips(data.draw(STRATEGIES[kind]), kind)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Organization, AdjustmentRequest, RetentionPolicy, Any]:
    """An organization, a request about it, a policy, and (maybe) prices and a "now"."""
    org = draw(organizations(max_clinics=3, max_users=5))
    policy = draw(retention_policies(clinic_ids=[c.id for c in org.clinics]))
    return (
        org,
        draw(adjustment_requests(org)),
        policy,
        (
            draw(st.none() | price_lists(complete=True) | price_lists()),
            draw(st.none() | aware_datetimes()),
        ),
    )


# Everything else is computed from one generated organization, by the library's own functions:
# those are the results it really produces, and generating an organization is the slow part.
DERIVED = (
    Organization,
    PoolUsage,
    ClinicUsage,
    OrganizationUsage,
    Problem,
    ValidationReport,
    RemovalLine,
    RemovalProposal,
)
# And from one idle scenario (an organization, a "now" and an inactivity policy), by find_idle
# and health_check.
DERIVED_FROM_IDLE = (IdleReport, HealthCheck)


@given(scenarios())
def test_an_organization_and_every_result_about_it_round_trip_through_json(
    scenario: tuple[Organization, AdjustmentRequest, RetentionPolicy, Any],
) -> None:
    org, req, policy, (prices, now) = scenario
    found = usage(org)
    report = validate_request(req, org, policy=policy)
    proposal = propose_removals(org, policy=policy, prices=prices, now=now)
    values: list[tuple[object, type[Any]]] = [
        (org, Organization),
        (found, OrganizationUsage),
        *((clinic_usage, ClinicUsage) for clinic_usage in found.clinics),
        *((pool, PoolUsage) for pool in found.totals),
        *((pool, PoolUsage) for clinic_usage in found.clinics for pool in clinic_usage.pools),
        (report, ValidationReport),
        *((problem, Problem) for problem in report.problems),
        (proposal, RemovalProposal),
        *((line, RemovalLine) for line in proposal.lines),
    ]

    for value, kind in values:
        assert_round_trips(value, kind)


def public_value_types() -> list[type[Any]]:
    """Every attrs class exported by the package."""
    found = (getattr(licensing, name) for name in licensing.__all__)
    return [kind for kind in found if isinstance(kind, type) and attrs.has(kind)]


@given(scenario=idle_scenarios(), data=st.data())
def test_an_idle_scenario_and_its_health_check_round_trip_through_json(
    scenario: IdleScenario, data: st.DataObject
) -> None:
    org, now, inactivity = scenario
    check = health_check(
        org,
        now=now,
        policy=data.draw(retention_policies(clinic_ids=[c.id for c in org.clinics])),
        inactivity=inactivity,
        prices=data.draw(st.none() | price_lists()),
        min_confidence=data.draw(st.sampled_from(licensing.Confidence)),
    )
    values: list[tuple[object, type[Any]]] = [
        (org, Organization),
        (inactivity, InactivityPolicy),
        (check, HealthCheck),
        (check.idle, IdleReport),
        *((idle, IdleUser) for idle in check.idle.users),
        *((alert, Alert) for alert in check.alerts),
        (check.after_deactivation, RemovalProposal),
        *((line, RemovalLine) for line in check.after_deactivation.lines),
    ]

    for value, kind in values:
        assert_round_trips(value, kind)


def test_every_public_value_type_has_a_round_trip_property() -> None:
    assert set(public_value_types()) == set(STRATEGIES) | set(DERIVED) | set(DERIVED_FROM_IDLE)


def public_enums() -> list[type[enum.Enum]]:
    found = (getattr(licensing, name) for name in licensing.__all__)
    return [kind for kind in found if isinstance(kind, type) and issubclass(kind, enum.Enum)]


@pytest.mark.parametrize(
    "member",
    [m for kind in public_enums() for m in kind],
    ids=lambda m: f"{type(m).__name__}.{m.name}",
)
def test_every_enum_member_travels_as_its_value_and_back(member: enum.Enum) -> None:
    data = CONVERTER.unstructure(member)

    assert data == member.value
    assert CONVERTER.structure(json.loads(json.dumps(data)), type(member)) is member


@given(users())
def test_sets_travel_as_sorted_lists_without_repeats(member: User) -> None:
    data = CONVERTER.unstructure(member)

    assert data["permissions"] == sorted({p.value for p in member.permissions})
    assert data["clinic_access"] == sorted(member.clinic_access)


def refusals(data: object, kind: Any) -> list[str]:
    """Structure ``data``: the problems when it is refused, none when it is accepted.

    Accepted data must give a valid value of ``kind`` that writes back to the same JSON, so that
    a property using this passes only when the converter is right either way. Any exception other
    than a validation error escapes.
    """
    try:
        value = CONVERTER.structure(data, kind)
    except cattrs.BaseValidationError as error:
        found = error_messages(error)
        assert found, "a refusal lists at least one problem"
        return found
    assert isinstance(value, kind)
    assert CONVERTER.structure(CONVERTER.unstructure(value), kind) == value
    return []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


@given(kind=st.sampled_from([*STRATEGIES, *DERIVED, *DERIVED_FROM_IDLE]), data=JSON)
def test_arbitrary_json_is_refused_with_a_validation_error_only(
    kind: type[Any], data: object
) -> None:
    found = refusals(data, kind)

    assert all(" @ $" in message for message in found)
    event("refused" if found else "accepted")


def paths(data: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document, as the keys and indices that lead to it."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


@given(org=organizations(max_clinics=2, max_users=3), data=st.data())
def test_a_corrupted_organization_is_refused_with_a_validation_error_only(
    org: Organization, data: st.DataObject
) -> None:
    document = CONVERTER.unstructure(org)
    place = data.draw(st.sampled_from(paths(document)[1:]))
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    parent[place[-1]] = data.draw(JSON)

    found = refusals(document, Organization)

    assert all(" @ $" in message for message in found)
    event("refused" if found else "accepted")


# --- the JSON edge loads on first use ---------------------------------------------------------


def test_importing_the_library_does_not_load_cattrs_until_the_json_edge_is_used() -> None:
    script = (
        "import sys, licensing\n"
        "assert 'cattrs' not in sys.modules, 'cattrs loaded by import licensing'\n"
        "from licensing import make_converter\n"
        "assert 'cattrs' in sys.modules\n"
        "print(make_converter.__module__)\n"
    )
    run = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "licensing.serialization"


def test_the_lazily_loaded_names_are_listed_and_others_are_still_missing() -> None:
    assert {"error_messages", "format_exception", "make_converter"} <= set(dir(licensing))
    assert set(licensing.__all__) <= set(dir(licensing))
    assert licensing.make_converter is licensing.serialization.make_converter
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        _ = licensing.no_such_name  # type: ignore[attr-defined]


# --- the one fast path: a detailed copy explains failures, with every hook -----------------------


class Badge:
    """A caller's own type, structured by a hook the caller registers."""

    def __init__(self, code: str) -> None:
        self.code = code


def _badge(data: object, _: object) -> Badge:
    if not isinstance(data, str) or not data.startswith("B-"):
        msg = f"expected a badge like 'B-1', got {data!r}"
        raise ValueError(msg)
    return Badge(data)


def _badge_factory(_: object) -> Callable[[object, object], Badge]:
    return _badge


def _is_badge(type_: object) -> bool:
    return type_ is Badge


_REGISTRATIONS: dict[str, Callable[[cattrs.Converter], object]] = {
    "hook": lambda converter: converter.register_structure_hook(Badge, _badge),
    "predicate": lambda converter: converter.register_structure_hook_func(_is_badge, _badge),
    "factory": lambda converter: converter.register_structure_hook_factory(
        _is_badge, _badge_factory
    ),
    # By keyword, as cattrs' signatures allow: the library passes them on.
    "hook-by-keyword": lambda converter: converter.register_structure_hook(Badge, func=_badge),
    "predicate-by-keyword": lambda converter: converter.register_structure_hook_func(
        check_func=_is_badge, func=_badge
    ),
    "factory-by-keyword": lambda converter: converter.register_structure_hook_factory(
        _is_badge, factory=_badge_factory
    ),
}


@pytest.mark.parametrize("how", list(_REGISTRATIONS))
def test_a_hook_registered_after_a_failure_is_used_to_explain_the_next_one(how: str) -> None:
    converter = make_converter()
    with pytest.raises(cattrs.BaseValidationError):
        converter.structure({"id": "u1"}, User)  # the detailed copy is made here
    _REGISTRATIONS[how](converter)

    good = converter.structure(["B-1", "B-2"], tuple[Badge, ...])
    with pytest.raises(cattrs.BaseValidationError) as info:
        converter.structure(["B-1", "X"], tuple[Badge, ...])

    assert [badge.code for badge in good] == ["B-1", "B-2"]
    # The caller's hook ran in the detailed pass too: its ValueError is the item's problem.
    assert error_messages(info.value) == ["invalid value for type, expected Badge @ $[1]"]
    assert str(info.value.exceptions[0]) == "expected a badge like 'B-1', got 'X'"


Note = TypeVar("Note", AttributeValidationNote, IterableValidationNote)


def _noted(error: BaseException, kind: type[Note]) -> list[Note]:
    """The notes of ``kind`` that cattrs (or the library, as cattrs does) attached to ``error``."""
    return [note for note in getattr(error, "__notes__", []) if isinstance(note, kind)]


def test_a_map_that_fails_fails_as_a_tree_cattrs_reads() -> None:
    """A bad key or value of a map fails as cattrs' own failures do, so its tools read ours.

    The map's failure is a `ClassValidationError` for the map's type holding one error per bad
    entry, each noted with the key (`AttributeValidationNote`: what `cattrs.transform_error`
    reads for the path, and what a traceback prints); a map that is no object fails the same way.
    """
    converter = make_converter()  # its hooks built in this test, which mutation testing sees
    data = {"currency": "USD", "prices": {"bogus": "1.00", "therapist": "x", "student": "2"}}
    with pytest.raises(cattrs.ClassValidationError) as info:
        converter.structure(data, PriceList)

    (prices,) = info.value.exceptions
    assert isinstance(prices, cattrs.ClassValidationError)
    assert prices.cl == FrozenMap[LicenseType, Decimal]
    assert prices.message == "While structuring FrozenMap"
    notes = [entry.__notes__ for entry in prices.exceptions]
    assert notes == [
        ["Structuring FrozenMap @ key bogus"],
        ["Structuring FrozenMap @ key therapist"],
    ]
    keyed = [note for entry in prices.exceptions for note in _noted(entry, AttributeValidationNote)]
    assert [(note.name, note.type) for note in keyed] == [
        ("bogus", Decimal),
        ("therapist", Decimal),
    ]
    paths = ["$.prices.bogus", "$.prices.therapist"]
    assert [message.rsplit(" @ ", 1)[1] for message in cattrs.transform_error(info.value)] == paths
    assert [message.rsplit(" @ ", 1)[1] for message in error_messages(info.value)] == paths

    with pytest.raises(cattrs.ClassValidationError) as listed:
        converter.structure({"currency": "USD", "prices": ["therapist"]}, PriceList)
    (not_an_object,) = listed.value.exceptions
    assert isinstance(not_an_object, cattrs.ClassValidationError)
    assert not_an_object.cl == FrozenMap[LicenseType, Decimal]
    assert [str(error) for error in not_an_object.exceptions] == [
        "expected an object (a dict), got ['therapist'] (list)"
    ]


def test_a_list_that_fails_fails_as_a_tree_cattrs_reads() -> None:
    """A bad item of a list fails as cattrs' own failures do: one error per bad item, each
    noted with its index (`IterableValidationNote`), under an `IterableValidationError` for the
    tuple's type; a value that is no list fails the same way."""
    converter = make_converter()  # its hooks built in this test, which mutation testing sees
    good = converter.unstructure(user("u1"))
    data = {"id": "c1", "name": "C", "users": [good, 5, {"id": 3}]}
    with pytest.raises(cattrs.ClassValidationError) as info:
        converter.structure(data, Clinic)

    assert info.value.cl is Clinic
    (users,) = info.value.exceptions
    assert isinstance(users, cattrs.IterableValidationError)
    # Each bad user fails as a class of its own: a number where an object belongs, too.
    assert [(type(entry), getattr(entry, "cl", None)) for entry in users.exceptions] == [
        (cattrs.ClassValidationError, User),
        (cattrs.ClassValidationError, User),
    ]
    assert users.cl == tuple[User, ...]
    assert users.message == "While structuring tuple"
    notes = [entry.__notes__ for entry in users.exceptions]
    assert notes == [["Structuring tuple @ index 1"], ["Structuring tuple @ index 2"]]
    indexed = [note for entry in users.exceptions for note in _noted(entry, IterableValidationNote)]
    assert [(note.index, note.type) for note in indexed] == [(1, User), (2, User)]
    assert [message.rsplit(" @ ", 1)[1] for message in cattrs.transform_error(info.value)] == [
        message.rsplit(" @ ", 1)[1] for message in error_messages(info.value)
    ]

    with pytest.raises(cattrs.ClassValidationError) as text:
        converter.structure({**data, "users": "nope"}, Clinic)
    (not_a_list,) = text.value.exceptions
    assert isinstance(not_a_list, cattrs.IterableValidationError)
    assert not_a_list.cl == tuple[User, ...]
    assert [str(error) for error in not_a_list.exceptions] == ["expected a list, got 'nope' (str)"]


def test_an_invariant_the_constructor_refuses_is_noted_at_its_field_as_cattrs_notes_it() -> None:
    data = {"license_type": "assistant", "purchased": 5, "unlimited": True}
    with pytest.raises(cattrs.ClassValidationError) as info:
        make_converter().structure(data, LicensePool)

    [refused] = info.value.exceptions
    assert isinstance(refused, InvalidValueError)
    assert refused.__notes__ == ["Structuring class LicensePool @ attribute purchased"]
    [note] = _noted(refused, AttributeValidationNote)
    assert (note.name, note.type) == ("purchased", int)
    assert [message.rsplit(" @ ", 1)[1] for message in cattrs.transform_error(info.value)] == [
        "$.purchased"
    ]
