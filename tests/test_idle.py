"""find_idle: inactivity as evidence, read against the contract.

The oracle here, `_contract_flags`, is a reading of the contract's sentences one by one, written
apart from `licensing.idle`: it counts through `licensing.usage` (not the pools), measures time as
POSIX timestamps in exact microseconds (not aware-datetime arithmetic), and lists the reasons a
user is left out before it decides.
"""

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from builders import clinic, organization, user
from licensing import (
    MAX_INACTIVITY,
    Clinic,
    Confidence,
    IdleKind,
    IdleReport,
    IdleUser,
    InactivityPolicy,
    InvalidTypeError,
    InvalidValueError,
    LicenseType,
    Organization,
    User,
    UserStatus,
    UserType,
    find_idle,
    usage,
)
from licensing.idle import confidence_of
from licensing.strategies import idle_scenarios, inactivity_policies

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
US = timedelta(microseconds=1)
T, A, S, C = LicenseType.THERAPIST, LicenseType.ASSISTANT, LicenseType.STUDENT, LicenseType.CLERICAL
ZONES = (UTC, timezone(timedelta(hours=-7)), ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"))


# --- the oracle -------------------------------------------------------------------------------


def _micros(moment: datetime) -> int:
    """Microseconds since the epoch, from the POSIX timestamp's parts (exact, no float)."""
    utc = moment.astimezone(UTC)
    seconds = int(utc.replace(microsecond=0).timestamp())
    return seconds * 1_000_000 + utc.microsecond


def _us(duration: timedelta) -> int:
    return (duration.days * 86_400 + duration.seconds) * 1_000_000 + duration.microseconds


def _left_out(user: User, limited: bool, policy: InactivityPolicy, now: datetime) -> list[str]:
    """Every reason the contract gives for not flagging ``user`` at ``now``."""
    reasons = []
    if user.status is not UserStatus.ACTIVE:
        reasons.append("inactive")
    if user.system:
        reasons.append("system")
    if user.id in policy.exempt:
        reasons.append("exempt")
    if user.user_type.license_type is C:
        reasons.append("clerical")
    if not limited:
        reasons.append("unlimited pool")
    threshold = policy.thresholds.get(user.user_type.license_type, policy.threshold)
    if user.last_active_at is not None:
        idle = _micros(now) - _micros(user.last_active_at)
        if idle <= _us(threshold):  # after "now" included: a negative idle time
            reasons.append("active within its threshold")
    if user.licensed_since is not None:
        held = _micros(now) - _micros(user.licensed_since)
        if held <= _us(policy.grace):
            reasons.append("licensed within grace")
    return reasons


def _contract_flags(
    subject: Clinic | Organization, policy: InactivityPolicy, now: datetime
) -> list[tuple[str, str, IdleKind, int | None]]:
    """(clinic, user, kind, idle microseconds) of every user the contract flags, in order."""
    clinics = [subject] if isinstance(subject, Clinic) else list(subject.clinics)
    flagged = []
    for home in clinics:
        for member in home.users:
            limited = usage(home).pool(member.user_type.license_type).purchased is not None
            if _left_out(member, limited, policy, now):
                continue
            if member.last_active_at is not None:
                kind, idle = IdleKind.DORMANT, _micros(now) - _micros(member.last_active_at)
            elif member.licensed_since is not None:
                kind, idle = IdleKind.NEVER_ACTIVE, _micros(now) - _micros(member.licensed_since)
            else:
                kind, idle = IdleKind.UNKNOWN, None
            flagged.append((home.id, member.id, kind, idle))
    return flagged


def _found(report: IdleReport) -> list[tuple[str, str, IdleKind, int | None]]:
    return [
        (u.clinic_id, u.user_id, u.kind, None if u.idle_for is None else _us(u.idle_for))
        for u in report.users
    ]


# --- scenarios that reach every case --------------------------------------------------------


@st.composite
def policies(draw: st.DrawFn, user_ids: list[str]) -> InactivityPolicy:
    """The shipped `inactivity_policies`, exempting some of ``user_ids``."""
    return draw(inactivity_policies(user_ids=user_ids))


def _moved(moment: datetime | None, shift: timedelta, zone: tzinfo) -> datetime | None:
    return None if moment is None else (moment + shift).astimezone(zone)


@st.composite
def idle_cases(draw: st.DrawFn) -> tuple[Organization, InactivityPolicy]:
    """The shipped `idle_scenarios`, moved to review at `NOW`, moments in zones with DST too.

    Every moment moves by the same elapsed time (the scenarios' moments carry fixed offsets),
    so each user's evidence keeps its place around the policy's edges; each is then written in
    a zone drawn from `ZONES`, New York's daylight saving included.
    """
    org, now, policy = draw(idle_scenarios())
    shift = NOW - now
    clinics = []
    for home in org.clinics:
        members = [
            attrs.evolve(
                member,
                last_active_at=_moved(member.last_active_at, shift, draw(st.sampled_from(ZONES))),
                licensed_since=_moved(member.licensed_since, shift, draw(st.sampled_from(ZONES))),
            )
            for member in home.users
        ]
        clinics.append(attrs.evolve(home, users=members))
    return attrs.evolve(org, clinics=clinics), policy


def _reach(report: IdleReport) -> None:
    for idle in report.users:
        event(f"flagged {idle.kind.value}, {idle.confidence.value}")
    if not report.users:
        event("nothing flagged")


# --- properties -------------------------------------------------------------------------------


@given(idle_cases())
def test_flagged_users_are_exactly_those_the_contract_flags(
    case: tuple[Organization, InactivityPolicy],
) -> None:
    org, policy = case
    report = find_idle(org, now=NOW, policy=policy)
    _reach(report)

    assert _found(report) == _contract_flags(org, policy, NOW)


@given(idle_cases())
def test_no_user_the_contract_leaves_out_is_ever_flagged(
    case: tuple[Organization, InactivityPolicy],
) -> None:
    org, policy = case
    flagged = {u.user_id for u in find_idle(org, now=NOW, policy=policy).users}

    for home in org.clinics:
        for member in home.users:
            limited = usage(home).pool(member.license_type).purchased is not None
            reasons = _left_out(member, limited, policy, NOW)
            for reason in reasons:
                event(f"left out: {reason}")
            if reasons:
                assert member.id not in flagged, reasons


@given(idle_cases(), st.timedeltas(min_value=timedelta(0), max_value=800 * DAY))
def test_moving_now_later_never_unflags_a_user(
    case: tuple[Organization, InactivityPolicy], later: timedelta
) -> None:
    org, policy = case
    before = find_idle(org, now=NOW, policy=policy)
    after = {u.user_id: u for u in find_idle(org, now=NOW + later, policy=policy).users}

    for idle in before.users:
        assert idle.user_id in after
        assert after[idle.user_id].kind is idle.kind
        assert after[idle.user_id].confidence >= idle.confidence


@given(idle_cases(), st.timedeltas(min_value=timedelta(0), max_value=800 * DAY))
def test_more_idle_time_never_lowers_confidence(
    case: tuple[Organization, InactivityPolicy], more: timedelta
) -> None:
    org, policy = case
    report = find_idle(org, now=NOW, policy=policy)
    # The same users, with their evidence pushed further into the past.
    older = attrs.evolve(
        org,
        clinics=[
            attrs.evolve(
                home,
                users=[
                    attrs.evolve(
                        m,
                        last_active_at=None
                        if m.last_active_at is None
                        else m.last_active_at - more,
                        licensed_since=None
                        if m.licensed_since is None
                        else m.licensed_since - more,
                    )
                    for m in home.users
                ],
            )
            for home in org.clinics
        ],
    )
    aged = {u.user_id: u for u in find_idle(older, now=NOW, policy=policy).users}

    for idle in report.users:
        assert aged[idle.user_id].confidence >= idle.confidence


@given(
    st.sampled_from(list(IdleKind)),
    st.timedeltas(min_value=US, max_value=3000 * DAY),
    st.timedeltas(min_value=timedelta(0), max_value=3000 * DAY),
    st.sampled_from([DAY, 30 * DAY, 90 * DAY]),
)
def test_confidence_never_falls_as_idle_time_grows(
    kind: IdleKind, idle_for: timedelta, more: timedelta, threshold: timedelta
) -> None:
    assert confidence_of(kind, idle_for + more, threshold) >= confidence_of(
        kind, idle_for, threshold
    )


@given(idle_cases())
def test_the_report_of_an_organization_is_its_clinics_reports_in_order(
    case: tuple[Organization, InactivityPolicy],
) -> None:
    org, policy = case
    whole = find_idle(org, now=NOW, policy=policy)

    parts = [u for home in org.clinics for u in find_idle(home, now=NOW, policy=policy).users]
    assert whole.users == tuple(parts)


@given(idle_cases())
def test_the_unknown_kind_is_always_low_and_dormant_never_low(
    case: tuple[Organization, InactivityPolicy],
) -> None:
    org, policy = case
    for idle in find_idle(org, now=NOW, policy=policy).users:
        if idle.kind is IdleKind.UNKNOWN:
            assert idle.confidence is Confidence.LOW
            assert idle.idle_for is None
        if idle.kind is IdleKind.DORMANT:
            assert idle.confidence >= Confidence.MEDIUM


def test_the_scenarios_reach_every_kind_and_confidence_and_every_reason_to_leave_out() -> None:
    seen: Counter[str] = Counter()

    @settings(max_examples=300, database=None, derandomize=True)
    @given(idle_cases())
    def count(case: tuple[Organization, InactivityPolicy]) -> None:
        org, policy = case
        for idle in find_idle(org, now=NOW, policy=policy).users:
            seen[f"{idle.kind.value}/{idle.confidence.value}"] += 1
        for home in org.clinics:
            for member in home.users:
                limited = usage(home).pool(member.license_type).purchased is not None
                for reason in _left_out(member, limited, policy, NOW):
                    seen[reason] += 1

    count()
    expected = {
        "dormant/medium",
        "dormant/high",
        "never_active/low",
        "never_active/medium",
        "never_active/high",
        "unknown/low",
        "inactive",
        "system",
        "exempt",
        "clerical",
        "unlimited pool",
        "active within its threshold",
        "licensed within grace",
    }
    assert expected <= set(seen), expected - set(seen)


# --- examples ---------------------------------------------------------------------------------


def _one(member: User, *, purchased: int = 3, **policy: object) -> IdleUser | None:
    home = clinic(purchased={member.license_type: purchased}, users=[member])
    users = find_idle(home, now=NOW, policy=InactivityPolicy(**policy)).users  # type: ignore[arg-type]
    return users[0] if users else None


def test_an_idle_time_equal_to_the_threshold_is_within_it() -> None:
    assert _one(user("u", last_active_at=NOW - 90 * DAY)) is None
    found = _one(user("u", last_active_at=NOW - 90 * DAY - US))
    assert found is not None
    assert found.kind is IdleKind.DORMANT
    assert found.idle_for == 90 * DAY + US
    assert found.confidence is Confidence.MEDIUM


def test_twice_the_threshold_idle_is_high_confidence() -> None:
    assert _one(user("u", last_active_at=NOW - 180 * DAY)).confidence is Confidence.MEDIUM  # type: ignore[union-attr]
    assert _one(user("u", last_active_at=NOW - 180 * DAY - US)).confidence is Confidence.HIGH  # type: ignore[union-attr]


def test_a_license_held_exactly_the_grace_is_within_it() -> None:
    assert _one(user("u", licensed_since=NOW - 30 * DAY)) is None
    found = _one(user("u", licensed_since=NOW - 30 * DAY - US))
    assert found is not None
    assert (found.kind, found.confidence) == (IdleKind.NEVER_ACTIVE, Confidence.LOW)
    assert found.licensed_since == NOW - 30 * DAY - US
    assert found.last_active_at is None


def test_a_new_hire_within_grace_is_not_flagged_even_with_an_old_activity() -> None:
    # Re-hired ten days ago; the last activity is from the previous employment.
    rehired = user("u", last_active_at=NOW - 400 * DAY, licensed_since=NOW - 10 * DAY)
    assert _one(rehired) is None


def test_a_never_active_license_grows_in_confidence_with_the_threshold() -> None:
    def confidence(days: int) -> Confidence:
        found = _one(user("u", licensed_since=NOW - days * DAY))
        assert found is not None
        return found.confidence

    assert confidence(60) is Confidence.LOW
    assert confidence(91) is Confidence.MEDIUM
    assert confidence(181) is Confidence.HIGH


def test_no_evidence_at_all_is_unknown_and_low() -> None:
    found = _one(user("u"))
    assert found is not None
    assert (found.kind, found.idle_for, found.confidence) == (
        IdleKind.UNKNOWN,
        None,
        Confidence.LOW,
    )


def test_a_last_activity_after_now_is_recent() -> None:
    assert _one(user("u", last_active_at=NOW + DAY, licensed_since=NOW - 400 * DAY)) is None


def test_exempt_system_inactive_clerical_and_unlimited_users_are_never_flagged() -> None:
    old = NOW - 400 * DAY
    home = clinic(
        purchased={T: 5},
        unlimited=[A],
        users=[
            user("leave", last_active_at=old),
            user("bot", last_active_at=old, system=True),
            user("gone", last_active_at=old, status=UserStatus.INACTIVE),
            user("desk", last_active_at=old, user_type=UserType.CLERICAL),
            user("pta", last_active_at=old, user_type=UserType.PTA),
            user("idle", last_active_at=old),
        ],
    )

    report = find_idle(home, now=NOW, policy=InactivityPolicy(exempt=["leave"]))

    assert [u.user_id for u in report.users] == ["idle"]


def test_an_over_assigned_pool_is_reviewed_too() -> None:
    old = NOW - 400 * DAY
    home = clinic(
        purchased={T: 1}, users=[user("a", last_active_at=old), user("b", last_active_at=NOW)]
    )

    assert [u.user_id for u in find_idle(home, now=NOW).users] == ["a"]


def test_a_type_override_replaces_the_threshold_for_that_type_only() -> None:
    student = user("spt", user_type=UserType.SPT, last_active_at=NOW - 20 * DAY)
    therapist = user("pt", last_active_at=NOW - 20 * DAY)
    home = clinic(purchased={T: 1, S: 1}, users=[student, therapist])
    policy = InactivityPolicy(thresholds={S: 14 * DAY})

    (idle,) = find_idle(home, now=NOW, policy=policy).users

    assert (idle.user_id, idle.license_type) == ("spt", S)
    assert policy.threshold_for(S) == 14 * DAY
    assert policy.threshold_for(T) == 90 * DAY


def test_idle_time_is_elapsed_time_across_a_daylight_saving_change() -> None:
    new_york = ZoneInfo("America/New_York")
    # 2026-03-08: clocks in New York go forward an hour at 02:00.
    now = datetime(2026, 3, 9, 12, 0, tzinfo=new_york)
    last = datetime(2026, 3, 7, 12, 0, tzinfo=new_york)
    home = clinic(purchased={T: 1}, users=[user("u", last_active_at=last)])

    (idle,) = find_idle(home, now=now, policy=InactivityPolicy(threshold=DAY)).users

    assert idle.idle_for == timedelta(days=2) - timedelta(hours=1)


def test_moments_at_the_ends_of_the_calendar_do_not_overflow() -> None:
    first = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
    home = clinic(purchased={T: 1}, users=[user("u", last_active_at=first)])
    now = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))

    (idle,) = find_idle(home, now=now).users

    assert idle.confidence is Confidence.HIGH


def test_the_report_is_in_organization_order() -> None:
    old = NOW - 400 * DAY
    north = clinic("north", purchased={T: 3}, users=[user("n2", last_active_at=old), user("n1")])
    south = clinic("south", purchased={T: 3}, users=[user("s1"), user("s2", last_active_at=old)])

    report = find_idle(organization(south, north), now=NOW)

    assert [(u.clinic_id, u.user_id) for u in report.users] == [
        ("south", "s1"),
        ("south", "s2"),
        ("north", "n2"),
        ("north", "n1"),
    ]
    assert [u.user_id for u in report.at_least(Confidence.MEDIUM)] == ["s2", "n2"]


def test_records_are_flat_and_json_safe() -> None:
    home = clinic(purchased={T: 1}, users=[user("u", name="Ann", last_active_at=NOW - 100 * DAY)])

    (record,) = find_idle(home, now=NOW).to_records()

    assert record == {
        "user_id": "u",
        "clinic_id": "c1",
        "license_type": "therapist",
        "kind": "dormant",
        "last_active_at": "2026-02-21T12:00:00+00:00",
        "idle_for": 100 * 86_400.0,
        "confidence": "medium",
        "licensed_since": None,
        "user_name": "Ann",
    }
    html = find_idle(home, now=NOW)._repr_html_()
    assert "<td>dormant</td>" in html
    assert "<th>idle_for</th>" in html


# --- the value objects refuse what cannot be -------------------------------------------------


def _idle(**changes: object) -> IdleUser:
    fields: dict[str, object] = {
        "user_id": "u",
        "clinic_id": "c",
        "license_type": T,
        "kind": IdleKind.DORMANT,
        "last_active_at": NOW - 100 * DAY,
        "idle_for": 100 * DAY,
        "confidence": Confidence.MEDIUM,
    }
    fields.update(changes)
    return IdleUser(**fields)  # type: ignore[arg-type]


def _refusals() -> Iterator[tuple[dict[str, object], type[Exception], str]]:
    unknown = {
        "kind": IdleKind.UNKNOWN,
        "last_active_at": None,
        "idle_for": None,
        "confidence": Confidence.LOW,
    }
    never = {"kind": IdleKind.NEVER_ACTIVE, "last_active_at": None, "licensed_since": NOW}
    yield {"license_type": C}, InvalidValueError, "must be a charged license type"
    yield {"license_type": "therapist"}, InvalidTypeError, "must be a LicenseType"
    yield {"last_active_at": None}, InvalidValueError, "must be a moment for a dormant user"
    yield {**never, "last_active_at": NOW}, InvalidValueError, "None unless the user is dormant"
    yield {**never, "licensed_since": None}, InvalidValueError, "a moment for a never-active"
    yield {**unknown, "licensed_since": NOW}, InvalidValueError, "None when the evidence is"
    yield {**unknown, "idle_for": DAY}, InvalidValueError, "None when the kind is unknown"
    yield {**unknown, "confidence": Confidence.MEDIUM}, InvalidValueError, "must be low"
    yield {"idle_for": timedelta(0)}, InvalidValueError, "idle_for must be positive"
    yield {"idle_for": None}, InvalidTypeError, "idle_for must be a timedelta"
    yield {"confidence": "low"}, InvalidTypeError, "must be a Confidence"
    yield {"user_name": " "}, InvalidValueError, "user_name must be a non-empty name"


@pytest.mark.parametrize(("changes", "error", "message"), list(_refusals()))
def test_an_idle_user_refuses_evidence_that_cannot_be(
    changes: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        _idle(**changes)


def test_a_report_refuses_a_user_twice() -> None:
    with pytest.raises(InvalidValueError, match="must not repeat a user id"):
        IdleReport(users=[_idle(), _idle()])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"threshold": timedelta(0)}, "InactivityPolicy.threshold must be positive"),
        ({"grace": -DAY}, "InactivityPolicy.grace must be positive"),
        ({"threshold": MAX_INACTIVITY + US}, "must be at most 3,653 days"),
        ({"thresholds": {S: timedelta(0)}}, r"InactivityPolicy\.thresholds\.student must be"),
        ({"exempt": [" "]}, "InactivityPolicy.exempt must be a non-empty user id"),
    ],
)
def test_a_policy_refuses_durations_and_ids_that_cannot_be(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidValueError, match=message):
        InactivityPolicy(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"threshold": 90}, "InactivityPolicy.threshold must be a timedelta"),
        ({"thresholds": [DAY]}, "InactivityPolicy.thresholds must be a mapping"),
        ({"thresholds": {"student": DAY}}, "keyed by LicenseType"),
        ({"exempt": "u1"}, "InactivityPolicy.exempt must be a collection of user ids"),
        ({"exempt": [1]}, "InactivityPolicy.exempt must be a string"),
    ],
)
def test_a_policy_refuses_the_wrong_types(fields: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidTypeError, match=message):
        InactivityPolicy(**fields)  # type: ignore[arg-type]


def test_a_policy_stores_any_collection_of_exempt_ids_as_a_frozenset() -> None:
    policy = InactivityPolicy(exempt=["a", "b", "a"])
    assert policy.exempt == frozenset({"a", "b"})
    assert policy == InactivityPolicy(exempt=("b", "a"))
    assert InactivityPolicy(exempt={"a": "on leave", "b": "PRN"}).exempt == {"a", "b"}
    assert InactivityPolicy(thresholds=None).thresholds == {}


def test_confidence_is_ordered_low_medium_high_and_only_against_itself() -> None:
    assert Confidence.LOW < Confidence.MEDIUM < Confidence.HIGH
    assert sorted([Confidence.HIGH, Confidence.LOW, Confidence.MEDIUM]) == list(Confidence)
    assert Confidence.MEDIUM >= Confidence.MEDIUM
    assert not Confidence.HIGH <= Confidence.MEDIUM
    with pytest.raises(TypeError):
        assert Confidence.LOW < "medium"
    assert [member.value for member in IdleKind] == ["dormant", "never_active", "unknown"]


@given(idle_cases())
def test_every_idle_user_found_passes_the_validators_it_was_built_without(
    case: tuple[Organization, InactivityPolicy],
) -> None:
    org, policy = case
    for idle in find_idle(org, now=NOW, policy=policy).users:
        rebuilt = IdleUser(**{f.name: getattr(idle, f.name) for f in attrs.fields(IdleUser)})
        assert rebuilt == idle
        assert hash(rebuilt) == hash(idle)
        assert repr(rebuilt) == repr(idle)


def test_confidence_of_takes_any_positive_durations_and_refuses_the_rest() -> None:
    huge = timedelta(days=600_000_000)
    assert confidence_of(IdleKind.DORMANT, DAY, huge) is Confidence.MEDIUM
    assert confidence_of(IdleKind.NEVER_ACTIVE, timedelta.max, huge) is Confidence.MEDIUM
    assert confidence_of(IdleKind.NEVER_ACTIVE, timedelta.max, huge // 2) is Confidence.HIGH
    assert confidence_of(IdleKind.UNKNOWN, None, DAY) is Confidence.LOW
    with pytest.raises(InvalidValueError, match=r"confidence_of\.idle_for must be positive"):
        confidence_of(IdleKind.DORMANT, timedelta(0), DAY)
    with pytest.raises(InvalidValueError, match=r"confidence_of\.threshold must be positive"):
        confidence_of(IdleKind.DORMANT, DAY, -DAY)


def test_an_unhashable_exempt_id_is_refused_as_a_value_of_the_library() -> None:
    with pytest.raises(InvalidTypeError, match=r"InactivityPolicy\.exempt must be a collection"):
        InactivityPolicy(exempt=[["amy"]])  # type: ignore[list-item]
    with pytest.raises(InvalidTypeError, match=r"User\.clinic_access must be a collection"):
        User(id="u", name="U", user_type=UserType.PT, clinic_access=[["x"]])  # type: ignore[list-item]


def test_a_threshold_reaching_before_year_one_measures_the_idle_time_itself() -> None:
    # "now" minus the threshold or the grace is before the calendar's first moment.
    now = datetime(1, 1, 1, 12, tzinfo=UTC)
    ahead = timezone(timedelta(hours=14))
    home = clinic(
        purchased={T: 3},
        users=[
            user("early", last_active_at=datetime(1, 1, 1, tzinfo=ahead)),  # 26 hours before
            user("recent", last_active_at=datetime(1, 1, 1, 6, tzinfo=UTC)),
            user("new", licensed_since=datetime(1, 1, 1, tzinfo=UTC)),
        ],
    )
    policy = InactivityPolicy(threshold=DAY, grace=DAY)

    (idle,) = find_idle(home, now=now, policy=policy).users

    assert (idle.user_id, idle.idle_for) == ("early", timedelta(hours=26))
