"""The JSON edge of v0.2: idle licenses and the health check, as strict as the v0.1 types.

`tests/test_serialization.py` walks every public type generically (round trips, arbitrary JSON);
this file pins the shape of the new types and what structuring refuses in them, each problem with
the model's own message (or the strict hooks') at its path.
"""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import licensing
from builders import NOW, clinic, organization, user
from licensing import (
    MAX_INACTIVITY,
    Alert,
    AlertCode,
    Confidence,
    HealthCheck,
    IdleKind,
    IdleReport,
    IdleUser,
    InactivityPolicy,
    LicenseType,
    Organization,
    PriceList,
    UserStatus,
    UserType,
    health_check,
    make_converter,
)
from licensing.serialization import error_messages
from licensing.strategies import IdleScenario, idle_scenarios, retention_policies

CONVERTER = make_converter()


@pytest.fixture(autouse=True, scope="module")
def _converter_built_by_the_tests() -> None:
    """Build the converter again when this module's tests start (see test_serialization.py)."""
    global CONVERTER  # noqa: PLW0603 - rebinding the module's converter is the point
    CONVERTER = make_converter()


def problems(data: object, cl: Any) -> list[str]:
    """Structure ``data`` as ``cl``, expecting failure; return every problem with its path."""
    with pytest.raises(cattrs.BaseValidationError) as info:
        CONVERTER.structure(data, cl)
    return error_messages(info.value)


def models_message(build: Callable[[], object]) -> str:
    """The message the model gives, in Python, for what ``build`` builds."""
    with pytest.raises(licensing.LicensingError) as info:
        build()
    return str(info.value)


# --- the JSON shape ---------------------------------------------------------------------------

POLICY = InactivityPolicy(
    threshold=timedelta(days=60),
    thresholds={LicenseType.STUDENT: timedelta(days=30, seconds=1, microseconds=500_000)},
    grace=timedelta(days=14),
    exempt={"zed", "amy"},
)
POLICY_JSON: dict[str, Any] = {
    "threshold": 5184000,
    "thresholds": {"student": 2592001.5},
    "grace": 1209600,
    "exempt": ["amy", "zed"],
}


def test_an_inactivity_policy_travels_with_durations_in_seconds_and_sorted_exemptions() -> None:
    data = CONVERTER.unstructure(POLICY)

    assert data == POLICY_JSON
    assert CONVERTER.structure(data, InactivityPolicy) == POLICY


def test_an_inactivity_policy_may_leave_out_every_field() -> None:
    assert CONVERTER.structure({}, InactivityPolicy) == InactivityPolicy()
    assert CONVERTER.unstructure(InactivityPolicy()) == {
        "threshold": 7776000,
        "thresholds": {},
        "grace": 2592000,
        "exempt": [],
    }


#: North: Bo dormant for 200 days, Cy licensed 100 days ago and never active, Di without any
#: evidence; 3 Therapist licenses for 4 active users, 2 Assistant licenses unused, and a billing
#: in two days. Checked with every idle user deactivated in ``after_deactivation``.
NORTH = clinic(
    "north",
    purchased={LicenseType.THERAPIST: 3, LicenseType.ASSISTANT: 2},
    users=[
        user("ann", last_active_at=NOW),
        user("bo", name="Bo", last_active_at=NOW - timedelta(days=200)),
        user("cy", name="Cy", user_type=UserType.OT, licensed_since=NOW - timedelta(days=100)),
        user("di", name="Di"),
        user("ed", user_type=UserType.PTA, status=UserStatus.INACTIVE),
    ],
    billing=licensing.BillingCycle(anchor=NOW + timedelta(days=2)),
)
ORG = organization(NORTH)
CHECK = health_check(
    ORG,
    now=NOW,
    prices=PriceList(prices={LicenseType.THERAPIST: Decimal("99.00")}),
    min_confidence=Confidence.LOW,
)


def test_an_idle_report_travels_as_its_users_with_enums_by_value_and_idle_time_in_seconds() -> None:
    data = CONVERTER.unstructure(CHECK.idle)

    assert data == {
        "users": [
            {
                "user_id": "bo",
                "clinic_id": "north",
                "license_type": "therapist",
                "kind": "dormant",
                "last_active_at": "2025-08-22T12:00:00+00:00",
                "idle_for": 17280000,
                "confidence": "high",
                "licensed_since": None,
                "user_name": "Bo",
            },
            {
                "user_id": "cy",
                "clinic_id": "north",
                "license_type": "therapist",
                "kind": "never_active",
                "last_active_at": None,
                "idle_for": 8640000,
                "confidence": "medium",
                "licensed_since": "2025-11-30T12:00:00+00:00",
                "user_name": "Cy",
            },
            {
                "user_id": "di",
                "clinic_id": "north",
                "license_type": "therapist",
                "kind": "unknown",
                "last_active_at": None,
                "idle_for": None,
                "confidence": "low",
                "licensed_since": None,
                "user_name": "Di",
            },
        ]
    }
    assert CONVERTER.structure(data, IdleReport) == CHECK.idle


def test_an_idle_user_may_leave_out_its_date_of_licensing_and_its_name() -> None:
    data = {
        "user_id": "u1",
        "clinic_id": "c1",
        "license_type": "student",
        "kind": "unknown",
        "last_active_at": None,
        "idle_for": None,
        "confidence": "low",
    }

    idle = CONVERTER.structure(data, IdleUser)

    assert (idle.licensed_since, idle.user_name) == (None, None)


def test_a_fractional_idle_time_travels_as_a_float_of_seconds() -> None:
    idle = attrs.evolve(CHECK.idle.users[0], idle_for=timedelta(days=91, microseconds=250_000))

    data = CONVERTER.unstructure(idle)

    assert data["idle_for"] == 7862400.25
    assert CONVERTER.structure(data, IdleUser) == idle


def test_an_alert_travels_with_its_code_and_license_type_by_value() -> None:
    over = CHECK.alerts[0]

    data = CONVERTER.unstructure(over)

    assert data == {
        "code": "over_assigned",
        "clinic_id": "north",
        "license_type": "therapist",
        "message": over.message,
    }
    assert CONVERTER.structure(data, Alert) == over


def test_a_health_check_travels_as_its_sections_and_back() -> None:
    data = CONVERTER.unstructure(CHECK)
    through_json = json.loads(json.dumps(data))

    assert list(data) == [
        "now",
        "usage",
        "removals",
        "idle",
        "min_confidence",
        "after_deactivation",
        "alerts",
        "digest",
        "rules_version",
    ]
    assert data["now"] == "2026-03-10T12:00:00+00:00"
    assert data["min_confidence"] == "low"
    assert [(alert["code"], alert["license_type"]) for alert in data["alerts"]] == [
        ("over_assigned", "therapist"),
        ("idle_licenses", "therapist"),
        ("cutoff_soon", "assistant"),
        ("unpriced", "assistant"),
    ]
    assert [line["license_type"] for line in data["removals"]["lines"]] == ["assistant"]
    assert [line["remove"] for line in data["after_deactivation"]["lines"]] == [2, 2]
    assert data["digest"] == CHECK.digest
    assert CONVERTER.structure(through_json, HealthCheck) == CHECK


def test_a_users_date_of_licensing_travels_with_its_offset_and_defaults_to_null() -> None:
    member = user("u1", licensed_since=datetime(2026, 1, 5, 8, tzinfo=UTC))

    data = CONVERTER.unstructure(member)

    assert data["licensed_since"] == "2026-01-05T08:00:00+00:00"
    assert CONVERTER.structure(data, licensing.User) == member
    del data["licensed_since"]
    assert CONVERTER.structure(data, licensing.User).licensed_since is None


# --- strict structuring: every rejected input, with its path -----------------------------------


@pytest.mark.parametrize("path", [("threshold",), ("grace",), ("thresholds", "student")])
@pytest.mark.parametrize("bad", ["86400", True, None, [1]], ids=["string", "bool", "null", "list"])
def test_a_duration_must_be_a_number_of_seconds(path: tuple[str, ...], bad: object) -> None:
    data = json.loads(json.dumps(POLICY_JSON))
    place = data
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = bad

    assert problems(data, InactivityPolicy) == [
        (
            "expected a duration in seconds (a number, not a bool), got "
            f"{bad!r} ({type(bad).__name__}) @ $.{'.'.join(path)}"
        )
    ]


OUT_OF_RANGE = [0, -1, -0.5, MAX_INACTIVITY.total_seconds() + 1]


@pytest.mark.parametrize("seconds", OUT_OF_RANGE)
@pytest.mark.parametrize("field", ["threshold", "grace"])
def test_a_duration_out_of_range_is_reported_with_the_models_message(
    field: str, seconds: float
) -> None:
    data = {**POLICY_JSON, field: seconds}

    expected = models_message(
        lambda: InactivityPolicy(**{field: timedelta(seconds=seconds)})  # type: ignore[arg-type]
    )
    assert problems(data, InactivityPolicy) == [f"{expected} @ $.{field}"]


@pytest.mark.parametrize("seconds", OUT_OF_RANGE)
def test_an_override_out_of_range_is_reported_under_its_license_type(seconds: float) -> None:
    data = {**POLICY_JSON, "thresholds": {"student": seconds}}

    expected = models_message(
        lambda: InactivityPolicy(thresholds={LicenseType.STUDENT: timedelta(seconds=seconds)})
    )
    assert problems(data, InactivityPolicy) == [f"{expected} @ $.thresholds.student"]


def test_every_bad_override_is_reported_under_its_key() -> None:
    data = {**POLICY_JSON, "thresholds": {"nurse": 1, "student": "1", "therapist": 0}}

    assert problems(data, InactivityPolicy) == [
        (
            "expected one of 'therapist', 'assistant', 'student', 'clerical'; got 'nurse' (str) "
            "@ $.thresholds.nurse"
        ),
        (
            "expected a duration in seconds (a number, not a bool), got '1' (str) "
            "@ $.thresholds.student"
        ),
    ]


@pytest.mark.parametrize("bad", [[["student", 1]], "student=1", None])
def test_overrides_must_be_an_object(bad: object) -> None:
    data = {**POLICY_JSON, "thresholds": bad}

    assert problems(data, InactivityPolicy) == [
        f"expected an object (a dict), got {bad!r} ({type(bad).__name__}) @ $.thresholds"
    ]


@pytest.mark.parametrize("bad", ["amy", {"amy": True}, None])
def test_exemptions_must_be_a_list(bad: object) -> None:
    data = {**POLICY_JSON, "exempt": bad}

    assert problems(data, InactivityPolicy) == [
        f"expected a list, got {bad!r} ({type(bad).__name__}) @ $.exempt"
    ]


def test_exemptions_must_be_strings_and_must_not_repeat() -> None:
    assert problems({"exempt": ["amy", 7, None]}, InactivityPolicy) == [
        "expected a string, got 7 (int) @ $.exempt[1]",
        "expected a string, got None (NoneType) @ $.exempt[2]",
    ]
    assert problems({"exempt": ["amy", "zed", "amy"]}, InactivityPolicy) == [
        "must not repeat an item, got 'amy' (str) twice @ $.exempt[2]"
    ]


@pytest.mark.parametrize("bad", ["", " ", "\u200b", "x" * 1000])
def test_an_exempt_id_the_model_refuses_is_reported_with_its_message(bad: str) -> None:
    expected = models_message(lambda: InactivityPolicy(exempt={bad}))
    assert problems({"exempt": [bad]}, InactivityPolicy) == [f"{expected} @ $.exempt"]


def idle_json(index: int = 0) -> dict[str, Any]:
    """The JSON of one idle user of `CHECK` (0: dormant, 1: never active, 2: unknown)."""
    data: dict[str, Any] = CONVERTER.unstructure(CHECK.idle.users[index])
    return data


#: Changes to an idle user's JSON that the model refuses, the field it names, and the model's
#: own build of the same idle user.
INCONSISTENT: list[Any] = [
    pytest.param(0, {"last_active_at": None}, "last_active_at", id="dormant-without-activity"),
    pytest.param(1, {"last_active_at": NOW.isoformat()}, "last_active_at", id="never-with"),
    pytest.param(1, {"licensed_since": None}, "licensed_since", id="never-without-licensing"),
    pytest.param(2, {"licensed_since": NOW.isoformat()}, "licensed_since", id="unknown-with"),
    pytest.param(2, {"idle_for": 60}, "idle_for", id="unknown-with-idle-time"),
    pytest.param(0, {"idle_for": 0}, "idle_for", id="no-idle-time"),
    pytest.param(0, {"idle_for": -60}, "idle_for", id="negative-idle-time"),
    pytest.param(0, {"idle_for": None}, "idle_for", id="dormant-without-idle-time"),
    pytest.param(2, {"confidence": "medium"}, "confidence", id="unknown-not-low"),
    pytest.param(0, {"license_type": "clerical"}, "license_type", id="clerical"),
    pytest.param(0, {"user_name": " "}, "user_name", id="blank-name"),
    pytest.param(0, {"user_id": ""}, "user_id", id="empty-id"),
]


@pytest.mark.parametrize(("index", "change", "field"), INCONSISTENT)
def test_an_idle_user_the_model_refuses_is_reported_with_its_message_at_the_field(
    index: int, change: dict[str, Any], field: str
) -> None:
    data = {**idle_json(index), **change}

    expected = models_message(lambda: _built(CHECK.idle.users[index], change))
    assert problems(data, IdleUser) == [f"{expected} @ $.{field}"]


def _built(idle: IdleUser, change: dict[str, Any]) -> IdleUser:
    """``idle`` with the JSON ``change`` made in Python, where the model refuses it."""
    return attrs.evolve(idle, **{name: _value(raw) for name, raw in change.items()})


def _value(raw: object) -> Any:
    """The Python value of one JSON value of `INCONSISTENT`."""
    if raw is None:
        return None
    if isinstance(raw, int):
        return timedelta(seconds=raw)
    assert isinstance(raw, str)
    for kind in (LicenseType, Confidence):
        if raw in {member.value for member in kind}:
            return kind(raw)
    try:
        return datetime.fromisoformat(raw)
    except ValueError:  # an id or a name
        return raw


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        ("kind", "idle", "expected one of 'dormant', 'never_active', 'unknown'; got 'idle' (str)"),
        ("confidence", 2, "expected one of 'low', 'medium', 'high'; got 2 (int)"),
        (
            "last_active_at",
            "2026-03-10T12:00:00",
            "expected an ISO 8601 date and time with a UTC offset, got '2026-03-10T12:00:00' (str)",
        ),
        (
            "idle_for",
            "17280000",
            "expected a duration in seconds (a number, not a bool), got '17280000' (str)",
        ),
        ("user_name", 5, "expected a string, got 5 (int)"),
    ],
)
def test_a_wrong_json_value_of_an_idle_user_is_named_at_its_field(
    field: str, bad: object, message: str
) -> None:
    data = {**idle_json(), field: bad}

    assert problems(data, IdleUser) == [f"{message} @ $.{field}"]


def test_a_repeated_user_in_a_report_is_reported_at_the_reports_users() -> None:
    data = CONVERTER.unstructure(CHECK.idle)
    data["users"][2] = data["users"][0]

    expected = models_message(lambda: IdleReport(users=[CHECK.idle.users[0]] * 2))
    assert problems(data, IdleReport) == [f"{expected} @ $.users"]


def test_an_alert_must_have_a_known_code_and_a_message() -> None:
    data = CONVERTER.unstructure(CHECK.alerts[0])

    expected = models_message(lambda: attrs.evolve(CHECK.alerts[0], message="\u2800"))
    assert problems({**data, "code": "on_fire"}, Alert) == [
        (
            "expected one of 'over_assigned', 'below_spare', 'cutoff_missed', 'cutoff_soon', "
            "'unpriced', 'idle_licenses'; got 'on_fire' (str) @ $.code"
        )
    ]
    assert problems({**data, "message": "\u2800"}, Alert) == [f"{expected} @ $.message"]


def health_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(CONVERTER.unstructure(CHECK)))
    return data


@pytest.mark.parametrize("bad", ["ABC", "0" * 63, "g" * 64, CHECK.digest.upper()])
def test_a_digest_that_is_not_lowercase_sha_256_is_reported_with_the_models_message(
    bad: str,
) -> None:
    data = {**health_json(), "digest": bad}

    expected = models_message(lambda: attrs.evolve(CHECK, digest=bad))
    assert problems(data, HealthCheck) == [f"{expected} @ $.digest"]


def test_a_repeated_alert_is_reported_at_the_checks_alerts() -> None:
    data = health_json()
    data["alerts"].append(data["alerts"][0])

    expected = models_message(lambda: attrs.evolve(CHECK, alerts=[*CHECK.alerts, CHECK.alerts[0]]))
    assert problems(data, HealthCheck) == [f"{expected} @ $.alerts"]


def test_every_problem_in_a_health_check_is_reported_at_once_at_its_path() -> None:
    data = health_json()
    data["now"] = "2026-03-10"
    data["idle"]["users"][1]["kind"] = "never"
    data["idle"]["users"][2]["confidence"] = "high"
    data["alerts"][0]["license_type"] = None
    data["usage"]["clinics"][0]["pools"][0]["used"] = "4"
    data["min_confidence"] = "LOW"
    del data["rules_version"]
    data["extra"] = 1

    found = problems(data, HealthCheck)

    unknown = models_message(lambda: attrs.evolve(CHECK.idle.users[2], confidence=Confidence.HIGH))
    assert [message.rpartition(" @ ")[2] for message in found] == [
        "$.now",
        "$.usage.clinics[0].pools[0].used",
        "$.idle.users[1].kind",
        "$.idle.users[2].confidence",
        "$.min_confidence",
        "$.alerts[0].license_type",
        "$.rules_version",
        "$",
    ]
    assert f"{unknown} @ $.idle.users[2].confidence" in found
    assert "required field missing @ $.rules_version" in found


def test_a_naive_date_of_licensing_is_refused_at_its_users_path() -> None:
    data = CONVERTER.unstructure(ORG)
    data["clinics"][0]["users"][2]["licensed_since"] = "2026-03-10T12:00:00"
    data["clinics"][0]["users"][3]["licensed_since"] = 1773144000

    assert problems(data, Organization) == [
        (
            "expected an ISO 8601 date and time with a UTC offset, got '2026-03-10T12:00:00' "
            "(str) @ $.clinics[0].users[2].licensed_since"
        ),
        (
            "expected an ISO 8601 date and time with a UTC offset (a string), got 1773144000 "
            "(int) @ $.clinics[0].users[3].licensed_since"
        ),
    ]


# --- properties -------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


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


@given(scenario=idle_scenarios(), data=st.data())
def test_a_corrupted_health_check_is_refused_with_a_validation_error_only(
    scenario: IdleScenario, data: st.DataObject
) -> None:
    org, now, inactivity = scenario
    policy = data.draw(retention_policies(clinic_ids=[c.id for c in org.clinics]))
    check = health_check(org, now=now, policy=policy, inactivity=inactivity)
    document = CONVERTER.unstructure(check)
    place = data.draw(st.sampled_from(paths(document)[1:]))
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    parent[place[-1]] = data.draw(JSON)

    try:
        value = CONVERTER.structure(document, HealthCheck)
    except cattrs.BaseValidationError as error:
        found = error_messages(error)
        assert found
        assert all(" @ $" in message for message in found)
        event("refused")
    else:
        assert isinstance(value, HealthCheck)
        assert CONVERTER.structure(CONVERTER.unstructure(value), HealthCheck) == value
        event("accepted")


def test_an_alert_code_and_an_idle_kind_are_enums_of_values() -> None:
    assert CONVERTER.structure("cutoff_soon", AlertCode) is AlertCode.CUTOFF_SOON
    assert CONVERTER.structure("never_active", IdleKind) is IdleKind.NEVER_ACTIVE
