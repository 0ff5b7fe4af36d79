"""The digest of a health check's inputs: equal for equal inputs anywhere, changed by any change."""

import hashlib
import json
import pickle
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from builders import clinic, organization, user
from licensing import (
    BillingCycle,
    Clinic,
    Confidence,
    InactivityPolicy,
    LicensePool,
    LicenseType,
    LicensingError,
    Organization,
    PriceList,
    RetentionPolicy,
    User,
    health_check,
    make_converter,
)
from licensing.digest import (
    FORM,
    HealthInputs,
    _chunks,
    _clinic_text,
    _user_text,
    canonical,
    canonical_text,
    clinic_digest,
    digest,
    health_check_document,
)
from licensing.strategies import clinics, organizations, price_lists, retention_policies, users
from test_health import Inputs, inputs
from test_idle import NOW, policies

T, A = LicenseType.THERAPIST, LicenseType.ASSISTANT


def _inputs(case: Inputs, now: datetime = NOW) -> HealthInputs:
    org, policy, inactivity, prices, least = case
    return HealthInputs(
        organization=org,
        policy=policy,
        inactivity=inactivity,
        prices=prices,
        now=now,
        min_confidence=least,
    )


# --- the canonical text, independently ------------------------------------------------------


def test_the_digest_of_a_small_practice_is_the_sha256_of_the_text_the_reference_defines() -> None:
    # The canonical text written out by hand from the rules of `licensing.digest`.
    anchor = datetime(2026, 1, 31, 12, tzinfo=ZoneInfo("Europe/London"))
    # A day after the epoch, written an hour ahead of UTC.
    member = user(
        "ann",
        name="Ann Lee",
        last_active_at=datetime(1970, 1, 2, 1, tzinfo=timezone(timedelta(hours=1))),
    )
    home = Clinic(
        id="north",
        name="North",
        pools=[
            LicensePool(license_type=A, purchased=0),
            LicensePool(license_type=T, purchased=3),
            LicensePool.unlimited_of(LicenseType.CLERICAL),
        ],
        users=[member],
        billing=BillingCycle(anchor=anchor, zone=ZoneInfo("Europe/London")),
    )
    inputs_ = HealthInputs(
        organization=Organization(id="org", name="Bayside", clinics=[home]),
        policy=RetentionPolicy(keep={A: 1}, clinic_keep={"north": {T: 2}}),
        inactivity=InactivityPolicy(
            exempt=["bo", "al"], thresholds={LicenseType.STUDENT: timedelta(days=1)}
        ),
        prices=PriceList(prices={T: Decimal("129.50"), A: Decimal("1E+2")}),
        now=datetime(1970, 1, 1, 0, 0, 1, 500, tzinfo=UTC),
        min_confidence=Confidence.MEDIUM,
    )
    day = 86_400_000_000
    clinic_text = (
        "{"
        f'"billing":{{"cutoff":{day},"day":31,"place":"Europe/London",'
        f'"time_of_day":{12 * 3_600_000_000}}},'
        '"id":"north","name":"North",'
        '"pools":[{"license_type":"therapist","purchased":3,"unlimited":false}],'
        '"users":[{"clinic_access":[],"id":"ann",'
        f'"last_active_at":{day},"licensed_since":null,"name":"Ann Lee","permissions":[],'
        '"status":"active","system":false,"user_type":"pt"}]'
        "}"
    )
    clinic_sha = hashlib.sha256(clinic_text.encode("utf-8")).hexdigest()
    text = (
        '{"form":"licensing.health_check/1","inputs":{'
        f'"inactivity":{{"exempt":["al","bo"],"grace":{30 * day},"threshold":{90 * day},'
        f'"thresholds":{{"student":{day}}}}},'
        '"min_confidence":"medium",'
        '"now":1000500,'
        f'"organization":{{"clinics":["{clinic_sha}"],"id":"org","name":"Bayside"}},'
        '"policy":{"clinic_keep":{"north":{"therapist":2}},"keep":{"assistant":1}},'
        '"prices":{"currency":"USD","prices":{"assistant":"100","therapist":"129.5"}}'
        "}}"
    )

    assert canonical_text(home) == clinic_text
    assert clinic_digest(home) == clinic_sha
    assert "".join(_chunks(inputs_)) == text
    assert digest(inputs_) == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("129.50"), "129.5"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.000"), "0"),
        (Decimal("-0"), "0"),
        (Decimal("0.05"), "0.05"),
        (Decimal("12.3400E-3"), "0.01234"),
        (Decimal(1000000000000), "1000000000000"),
    ],
)
def test_a_decimal_is_its_exact_value_without_exponent_or_trailing_zeros(
    value: Decimal, text: str
) -> None:
    assert canonical(value) == text


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=None)
    | st.decimals(min_value=0, max_value=10**12, places=18)
)
def test_equal_decimals_have_one_text_which_reads_back_as_the_value(value: Decimal) -> None:
    text = canonical(value)
    assert Decimal(text) == value
    assert canonical(Decimal(text)) == text
    assert "E" not in text
    assert "e" not in text


def test_set_items_and_keys_sort_by_utf16_code_units() -> None:
    # U+FF61 is one UTF-16 unit; U+1F600 is two (a surrogate pair starting 0xD83D), so UTF-16
    # puts the emoji first where code points would put it last.
    policy = RetentionPolicy(clinic_keep={"\uff61": {T: 1}, "\U0001f600": {T: 1}, "a": {T: 1}})
    assert list(canonical(policy)["clinic_keep"]) == ["a", "\U0001f600", "\uff61"]
    assert canonical(InactivityPolicy(exempt=["\uff61", "\U0001f600", "b"]))["exempt"] == [
        "b",
        "\U0001f600",
        "\uff61",
    ]


@given(inputs())
def test_a_user_and_a_clinic_written_field_by_field_are_their_canonical_text(
    case: Inputs,
) -> None:
    for home in case[0].clinics:
        assert _clinic_text(home, {}) == canonical_text(home)
        for member in home.users:
            assert _user_text(member, {}) == canonical_text(member)
            assert list(canonical(member)) == sorted(f.name for f in attrs.fields(User))


@given(inputs())
def test_the_streamed_text_is_the_whole_document_written_at_once(case: Inputs) -> None:
    whole = json.dumps(
        health_check_document(_inputs(case)), ensure_ascii=False, separators=(",", ":")
    )
    assert "".join(_chunks(_inputs(case))) == whole
    assert json.loads(whole)["form"] == FORM


# --- equal inputs, equal digests; any change, another -------------------------------------------


@given(inputs())
def test_inputs_read_back_from_json_give_the_same_digest(case: Inputs) -> None:
    converter = make_converter()
    org, policy, inactivity, prices, least = case
    again = (
        converter.structure(converter.unstructure(org), Organization),
        converter.structure(converter.unstructure(policy), RetentionPolicy),
        inactivity,
        prices if prices is None else converter.structure(converter.unstructure(prices), PriceList),
        least,
    )
    assert again == case
    assert digest(_inputs(again)) == digest(_inputs(case))


@given(inputs(), st.sampled_from([UTC, timezone(timedelta(hours=-7)), ZoneInfo("Asia/Tokyo")]))
def test_now_written_in_another_zone_gives_the_same_digest(case: Inputs, zone: Any) -> None:
    assert digest(_inputs(case, NOW.astimezone(zone))) == digest(_inputs(case))


def test_equal_calendars_with_anchors_a_month_apart_give_the_same_digest() -> None:
    def practice(anchor: datetime) -> HealthInputs:
        home = clinic(purchased={T: 1}, billing=BillingCycle(anchor=anchor))
        return _inputs(
            (organization(home), RetentionPolicy(), InactivityPolicy(), None, Confidence.LOW)
        )

    january, march = datetime(2026, 1, 21, tzinfo=UTC), datetime(2026, 3, 21, tzinfo=UTC)
    assert digest(practice(january)) == digest(practice(march))
    assert digest(practice(january)) != digest(practice(datetime(2026, 1, 22, tzinfo=UTC)))


def _fields(cls: type) -> list[str]:
    return [f"{cls.__name__}.{f.name}" for f in attrs.fields(cls) if f.init and f.name != "users"]


#: Every field a change may touch, drawn uniformly: the users' fields are as likely as the rest.
TARGETS = [
    "policy",
    "prices",
    "least",
    *_fields(Organization),
    *_fields(Clinic),
    *_fields(User),
    *_fields(InactivityPolicy),
]


def _evolve(value: Any, name: str, fresh: Any) -> Any:
    return attrs.evolve(value, **{name: getattr(fresh, name)})


def _changed_organization(draw: st.DrawFn, org: Organization, target: str) -> Organization:
    cls, name = target.split(".")
    if cls == "Organization":
        fresh: Organization = _evolve(org, name, draw(organizations(max_clinics=2, max_users=2)))
        return fresh
    peopled = [n for n, c in enumerate(org.clinics) if c.users or cls != "User"]
    if not peopled:
        return org  # no user to change: the same inputs
    position = draw(st.sampled_from(peopled))
    home = org.clinics[position]
    if cls == "Clinic":
        home = _evolve(home, name, draw(clinics(max_users=0)))
    else:
        others = [c.id for c in org.clinics if c.id != home.id] or ["elsewhere"]
        spot = draw(st.integers(0, len(home.users) - 1))
        members = list(home.users)
        members[spot] = _evolve(members[spot], name, draw(users(other_clinic_ids=others)))
        home = attrs.evolve(home, users=members)
    return (
        org.replace_clinic(home)
        if home.id == org.clinics[position].id
        else attrs.evolve(
            org, clinics=[*org.clinics[:position], home, *org.clinics[position + 1 :]]
        )
    )


@st.composite
def changed_inputs(draw: st.DrawFn, target: str) -> tuple[Inputs, Inputs]:
    """Inputs, and the same with the field ``target`` of one input (or part) drawn afresh."""
    case = draw(inputs())
    org, policy, inactivity, prices, least = case
    try:
        if target == "policy":
            fresh = draw(retention_policies(clinic_ids=[c.id for c in org.clinics]))
            changed = (org, fresh, inactivity, prices, least)
        elif target == "prices":
            changed = (org, policy, inactivity, draw(st.none() | price_lists()), least)
        elif target == "least":
            changed = (org, policy, inactivity, prices, draw(st.sampled_from(list(Confidence))))
        elif target.startswith("InactivityPolicy."):
            fresh_policy = draw(policies(["u0", "u1", "someone"]))
            changed = (
                org,
                policy,
                _evolve(inactivity, target.split(".")[1], fresh_policy),
                prices,
                least,
            )
        else:
            changed = (_changed_organization(draw, org, target), policy, inactivity, prices, least)
    except LicensingError:  # a field the rest refuses: a repeated id, access to its own clinic
        event("refused")
        return case, case
    return case, changed


@pytest.mark.parametrize("target", TARGETS)
# A hundred examples per field at most: over all fields, several thousand changes in all.
@settings(max_examples=min(settings().max_examples, 100))
@given(data=st.data())
def test_a_change_that_makes_an_input_unequal_changes_the_digest(
    target: str, data: st.DataObject
) -> None:
    before, after = data.draw(changed_inputs(target))
    event("unequal" if before != after else "equal")
    if before == after:
        assert digest(_inputs(after)) == digest(_inputs(before))
    else:
        assert digest(_inputs(after)) != digest(_inputs(before))


@pytest.mark.parametrize("target", TARGETS)
def test_the_changes_reach_another_value_of_every_field(target: str) -> None:
    unequal = []

    @settings(max_examples=30, database=None, derandomize=True)
    @given(changed_inputs(target))
    def count(pair: tuple[Inputs, Inputs]) -> None:
        unequal.append(pair[0] != pair[1])

    count()
    assert any(unequal)
    assert set(TARGETS) >= {"policy", "prices", "least", "User.licensed_since", "Clinic.pools"}


@given(inputs(), st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=400)))
def test_another_moment_is_another_digest(case: Inputs, later: timedelta) -> None:
    assert digest(_inputs(case, NOW + later)) != digest(_inputs(case))


def test_the_digest_is_the_same_in_processes_with_other_hash_seeds() -> None:
    program = (
        "import sys; sys.path[:0] = ['tests', 'examples']\n"
        "from health_check import sample_organization, POLICY, PRICES, DEFAULT_NOW\n"
        "from licensing import health_check\n"
        "org = sample_organization()\n"
        "check = health_check(org, now=DEFAULT_NOW, policy=POLICY, prices=PRICES)\n"
        "print(check.digest)\n"
    )
    seen = {
        subprocess.run(  # noqa: S603 - our own interpreter, a fixed program
            [sys.executable, "-c", program],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("0", "1", "12345")
    }
    assert len(seen) == 1
    (found,) = seen
    assert len(found) == 64


def test_a_health_check_carries_the_digest_of_its_inputs() -> None:
    home = clinic(purchased={T: 2}, users=[user("u", last_active_at=NOW - timedelta(days=200))])
    org = organization(home)
    check = health_check(org, now=NOW)
    assert check.digest == digest(
        HealthInputs(
            organization=org,
            policy=RetentionPolicy(),
            inactivity=InactivityPolicy(),
            prices=None,
            now=NOW,
            min_confidence=Confidence.MEDIUM,
        )
    )
    assert health_check(org, now=NOW, min_confidence=Confidence.HIGH).digest != check.digest


def test_a_value_the_library_never_holds_has_no_canonical_form() -> None:
    with pytest.raises(
        TypeError, match=r"licensing\.digest\.canonical\.value must be a value of the library"
    ):
        canonical_text(object())


def test_a_clinic_is_digested_once_and_a_changed_one_again() -> None:
    home = clinic("north", purchased={T: 2}, users=[user("u", last_active_at=NOW)])
    org = organization(home, clinic("south"))
    first = health_check(org, now=NOW).digest

    assert home._digest == (FORM, clinic_digest(home))  # kept on the clinic
    assert health_check(org, now=NOW).digest == first
    changed = org.replace_clinic(attrs.evolve(home, name="North side"))
    assert changed.clinic("north")._digest is None  # a new clinic: not digested yet
    assert changed.clinic("south")._digest is not None  # the same clinic object, kept
    assert health_check(changed, now=NOW).digest != first
    # A copy equal to the first, digested afresh, gives the first digest.
    again = organization(attrs.evolve(home), clinic("south"))
    assert health_check(again, now=NOW).digest == first


def test_a_digest_kept_in_another_form_is_written_again() -> None:
    home = clinic("north", purchased={T: 2})
    fresh = clinic_digest(home)
    object.__setattr__(home, "_digest", ("licensing.health_check/0", "0" * 64))

    assert clinic_digest(home) == fresh
    assert pickle.loads(pickle.dumps(home)) == home  # noqa: S301 - our own bytes
    assert clinic_digest(pickle.loads(pickle.dumps(home))) == fresh  # noqa: S301
