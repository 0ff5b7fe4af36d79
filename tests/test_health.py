"""health_check: the whole check as one call, against the v0.1 functions and the contract."""

from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from builders import clinic, monthly, organization, user
from licensing import (
    Alert,
    AlertCode,
    Confidence,
    HealthCheck,
    InactivityPolicy,
    InvalidTypeError,
    InvalidValueError,
    LicenseType,
    Organization,
    PriceList,
    RemovalProposal,
    RetentionPolicy,
    UserType,
    __version__,
    deactivate,
    find_idle,
    health_check,
    propose_removals,
    usage,
)
from licensing.billing import instant
from licensing.strategies import price_lists, retention_policies
from test_idle import NOW, idle_cases

DAY = timedelta(days=1)
T, A, S = LicenseType.THERAPIST, LicenseType.ASSISTANT, LicenseType.STUDENT

Inputs = tuple[Organization, RetentionPolicy, InactivityPolicy, PriceList | None, Confidence]


@st.composite
def inputs(draw: st.DrawFn) -> Inputs:
    org, inactivity = draw(idle_cases())
    policy = draw(retention_policies(clinic_ids=[c.id for c in org.clinics]))
    prices = draw(st.none() | price_lists())
    return org, policy, inactivity, prices, draw(st.sampled_from(list(Confidence)))


def _check(case: Inputs) -> HealthCheck:
    org, policy, inactivity, prices, least = case
    return health_check(
        org, now=NOW, policy=policy, inactivity=inactivity, prices=prices, min_confidence=least
    )


@given(inputs())
def test_each_section_is_what_the_functions_of_its_rule_return(case: Inputs) -> None:
    org, policy, inactivity, prices, least = case
    check = _check(case)

    assert check.usage == usage(org)
    assert check.removals == propose_removals(org, policy=policy, prices=prices, now=NOW)
    assert check.idle == find_idle(org, now=NOW, policy=inactivity)
    assert check.min_confidence is least
    assert check.now == NOW
    assert check.rules_version == __version__


@given(inputs())
def test_after_deactivation_is_the_proposal_once_each_idle_user_is_deactivated(
    case: Inputs,
) -> None:
    org, policy, inactivity, prices, least = case
    check = _check(case)

    deactivated = org
    for idle in find_idle(org, now=NOW, policy=inactivity).users:
        if idle.confidence >= least:
            deactivated = deactivate(deactivated, idle.user_id)
    expected = propose_removals(deactivated, policy=policy, prices=prices, now=NOW)
    event(f"releases more after deactivation: {expected != check.removals}")
    assert check.after_deactivation == expected
    assert {u.user_id for u in check.to_deactivate} == {
        u.user_id for u in check.idle.users if u.confidence >= least
    }


@given(inputs())
def test_the_extra_saving_is_the_difference_of_the_two_totals(case: Inputs) -> None:
    check = _check(case)
    today = check.removals.total_saving_per_cycle
    after = check.after_deactivation.total_saving_per_cycle

    if today is None or after is None:
        assert check.extra_saving_per_cycle is None
        assert check.extra_annual_saving is None
    else:
        event("priced")
        assert check.extra_saving_per_cycle == after - today
        assert check.extra_saving_per_cycle >= 0
        assert check.extra_annual_saving == 12 * (after - today)


def _contract_alerts(case: Inputs) -> set[tuple[AlertCode, str, LicenseType]]:
    """The (code, clinic, type) of every alert, from the contract's sentences one by one."""
    org, policy, inactivity, prices, least = case
    counted = usage(org)
    removals = propose_removals(org, policy=policy, prices=prices, now=NOW)
    expected = set()
    for clinic_usage in counted.clinics:
        for pool in clinic_usage.pools:
            key = (clinic_usage.clinic_id, pool.license_type)
            if pool.over_assigned > 0:
                expected.add((AlertCode.OVER_ASSIGNED, *key))
            limited = pool.purchased is not None
            spare = policy.spare(clinic_usage.clinic_id, pool.license_type)
            if pool.license_type.charged and limited and pool.purchased:
                assert pool.available is not None
                if pool.available < spare:
                    expected.add((AlertCode.BELOW_SPARE, *key))
    expected |= _line_alerts(removals, prices)
    for idle in find_idle(org, now=NOW, policy=inactivity).users:
        if idle.confidence >= least:
            expected.add((AlertCode.IDLE_LICENSES, idle.clinic_id, idle.license_type))
    return expected


def _line_alerts(
    removals: RemovalProposal, prices: PriceList | None
) -> set[tuple[AlertCode, str, LicenseType]]:
    expected = set()
    for line in removals.lines:
        key = (line.clinic_id, line.license_type)
        if line.cutoff is not None and instant(line.cutoff) < instant(NOW):
            expected.add((AlertCode.CUTOFF_MISSED, *key))
        if line.cutoff is not None and timedelta(0) <= instant(line.cutoff) - instant(
            NOW
        ) <= timedelta(days=7):
            expected.add((AlertCode.CUTOFF_SOON, *key))
        if prices is not None and line.license_type not in prices.prices:
            expected.add((AlertCode.UNPRICED, *key))
    return expected


@given(inputs())
def test_the_alerts_are_exactly_those_the_contract_raises(case: Inputs) -> None:
    check = _check(case)
    for alert in check.alerts:
        event(f"alert {alert.code.value}")

    raised = [(a.code, a.clinic_id, a.license_type) for a in check.alerts]
    assert len(raised) == len(set(raised))
    assert set(raised) == _contract_alerts(case)


@given(inputs())
def test_alerts_are_by_clinic_then_license_type_then_code(case: Inputs) -> None:
    org = case[0]
    check = _check(case)
    position = {c.id: n for n, c in enumerate(org.clinics)}
    codes = list(AlertCode)

    keys = [(position[a.clinic_id], a.license_type.rank, codes.index(a.code)) for a in check.alerts]
    assert keys == sorted(keys)


def test_the_inputs_reach_every_alert_and_more_to_release_after_deactivation() -> None:
    seen: Counter[str] = Counter()

    @settings(max_examples=300, database=None, derandomize=True)
    @given(inputs())
    def count(case: Inputs) -> None:
        check = _check(case)
        seen.update(alert.code.value for alert in check.alerts)
        if check.after_deactivation != check.removals:
            seen["more after deactivation"] += 1
        if check.extra_saving_per_cycle:
            seen["a positive extra saving"] += 1

    count()
    wanted = {code.value for code in AlertCode} | {
        "more after deactivation",
        "a positive extra saving",
    }
    assert wanted <= set(seen), wanted - set(seen)


# --- an example with every section ------------------------------------------------------------

PRICES = PriceList(prices={T: Decimal("129.00"), A: Decimal("89.00"), S: Decimal("39.00")})


def _practice() -> Organization:
    old = NOW - 200 * DAY
    north = clinic(
        "north",
        purchased={T: 4, A: 2, S: 1},
        users=[
            user("pt-1", last_active_at=NOW - DAY),
            user("pt-2", name="Jordan Lee", last_active_at=old),
            user("pta-1", user_type=UserType.PTA, last_active_at=NOW),
            user("pta-2", user_type=UserType.PTA, last_active_at=NOW),
            user("pta-3", user_type=UserType.PTA, last_active_at=NOW),
        ],
        # Billed on the 4th: on 1 June the cutoff (3 June) is two days ahead.
        billing=monthly(4),
    )
    south = clinic(
        "south",
        purchased={T: 2},
        users=[user("pt-3", licensed_since=NOW - 10 * DAY)],
        # Billed on the 2nd at 11:00: on 1 June at noon the cutoff passed an hour ago.
        billing=monthly(2, hour=11),
    )
    return organization(north, south)


def test_a_practice_with_every_kind_of_finding() -> None:
    check = health_check(
        _practice(),
        now=NOW,
        policy=RetentionPolicy(keep={A: 1}),
        prices=PRICES,
    )

    assert [(line.clinic_id, line.license_type, line.remove) for line in check.removals.lines] == [
        ("north", T, 2),
        ("south", T, 1),
        ("north", S, 1),
    ]
    assert [u.user_id for u in check.idle.users] == ["pt-2"]
    assert [
        (line.clinic_id, line.license_type, line.remove) for line in check.after_deactivation.lines
    ] == [
        ("north", T, 3),
        ("south", T, 1),
        ("north", S, 1),
    ]
    assert check.removals.total_saving_per_cycle == Decimal("426.00")
    assert check.extra_saving_per_cycle == Decimal("129.00")
    assert check.extra_annual_saving == Decimal("1548.00")
    assert [(a.code, a.clinic_id, a.license_type) for a in check.alerts] == [
        (AlertCode.CUTOFF_SOON, "north", T),
        (AlertCode.IDLE_LICENSES, "north", T),
        (AlertCode.OVER_ASSIGNED, "north", A),
        (AlertCode.BELOW_SPARE, "north", A),
        (AlertCode.CUTOFF_SOON, "north", S),
        (AlertCode.CUTOFF_MISSED, "south", T),
    ]
    messages = {(a.code, a.license_type): a.message for a in check.alerts}
    assert messages[AlertCode.IDLE_LICENSES, T] == (
        "In clinic 'Clinic north' (north), 1 Therapist license is held by an active user who "
        "shows no sign of using it (medium confidence or more): 'Jordan Lee' (pt-2). If they no "
        "longer work here, deactivate them, then request the removal by the cutoff."
    )
    assert messages[AlertCode.OVER_ASSIGNED, A] == (
        "In clinic 'Clinic north' (north), 3 active users hold an Assistant license but only 2 "
        "are purchased: 1 more than the clinic pays for. Request 1 Assistant license (ADD), or "
        "deactivate 1 of these users."
    )
    assert messages[AlertCode.CUTOFF_MISSED, T] == (
        "In clinic 'Clinic south' (south), the removal cutoff for the billing on 2026-06-02 "
        "11:00+00:00 passed at 2026-06-01 11:00+00:00: 1 Therapist license, unused, will be "
        "billed once more. Request the removal now to save from the billing on 2026-07-02 "
        "11:00+00:00."
    )
    assert messages[AlertCode.CUTOFF_SOON, S] == (
        "In clinic 'Clinic north' (north), request the removal of 1 Student license, unused, by "
        "2026-06-03 00:00+00:00 to avoid it on the billing on 2026-06-04 00:00+00:00, saving "
        "39.00 USD per cycle."
    )
    assert messages[AlertCode.BELOW_SPARE, A] == (
        "In clinic 'Clinic north' (north), 0 of 2 Assistant licenses are available, fewer than "
        'the 1 the retention policy keeps as a spare: the next activation may meet "Maximum '
        'Licenses Reached". Request 1 Assistant license (ADD) ahead of the need.'
    )


def test_a_type_the_price_list_leaves_out_is_an_unpriced_alert_and_no_total() -> None:
    prices = PriceList(prices={T: Decimal("129.00")})
    check = health_check(_practice(), now=NOW, prices=prices)

    (unpriced,) = [a for a in check.alerts if a.code is AlertCode.UNPRICED]
    assert (unpriced.clinic_id, unpriced.license_type) == ("north", S)
    assert unpriced.message == (
        "In clinic 'Clinic north' (north), 1 Student license can be released, but the price "
        "list has no price for Student licenses, so what that saves is unknown: add the price."
    )
    assert check.removals.total_saving_per_cycle is None
    assert check.extra_saving_per_cycle is None
    assert not [
        a for a in health_check(_practice(), now=NOW).alerts if a.code is AlertCode.UNPRICED
    ]


def test_many_idle_users_are_named_five_at_a_time() -> None:
    old = NOW - 400 * DAY
    home = clinic(purchased={T: 9}, users=[user(f"pt-{n}", last_active_at=old) for n in range(7)])

    (alert,) = health_check(organization(home), now=NOW).alerts

    assert alert.code is AlertCode.IDLE_LICENSES
    assert "7 Therapist licenses are held by active users who show no sign of using them" in (
        alert.message
    )
    assert "'User pt-4' (pt-4) and 2 more." in alert.message


def test_records_have_one_list_per_section_and_html_renders_each() -> None:
    check = health_check(_practice(), now=NOW, policy=RetentionPolicy(keep={A: 1}), prices=PRICES)

    records = check.to_records()

    assert list(records) == ["usage", "removals", "idle", "after_deactivation", "alerts"]
    assert records["usage"] == check.usage.to_records()
    assert records["idle"] == check.idle.to_records()
    assert records["removals"][0] == {
        "clinic_id": "north",
        "license_type": "therapist",
        "available": 2,
        "keep": 0,
        "remove": 2,
        "saving_per_cycle": "258.00",
        "cutoff": "2026-06-03T00:00:00+00:00",
        "first_saved_billing": "2026-06-04T00:00:00+00:00",
        "next_billing": "2026-06-04T00:00:00+00:00",
        "clinic_name": "Clinic north",
    }
    assert len(records["after_deactivation"]) == 3
    assert records["alerts"][0]["code"] == "cutoff_soon"
    html = check._repr_html_()
    for title in ("Usage", "Free licenses to release now", "Idle users", "Alerts"):
        assert f"<h4>{title}</h4>" in html
    assert check.digest in html


def test_a_health_check_refuses_a_wrong_argument_naming_it() -> None:
    org = _practice()
    with pytest.raises(
        InvalidTypeError, match=r"health_check\.organization must be an Organization"
    ):
        health_check(org.clinics[0], now=NOW)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"health_check\.now must be timezone-aware"):
        health_check(org, now=datetime(2026, 6, 1))  # noqa: DTZ001
    with pytest.raises(InvalidTypeError, match=r"health_check\.inactivity must be"):
        health_check(org, now=NOW, inactivity=RetentionPolicy())  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"health_check\.min_confidence must be"):
        health_check(org, now=NOW, min_confidence="medium")  # type: ignore[arg-type]


def test_a_health_check_value_refuses_what_cannot_be() -> None:
    check = health_check(_practice(), now=NOW, prices=PRICES)
    fields = {f: getattr(check, f) for f in check.__slots__ if not f.startswith("__")}  # type: ignore[attr-defined]
    with pytest.raises(InvalidValueError, match="must be 64 lowercase hexadecimal digits"):
        HealthCheck(**{**fields, "digest": check.digest.upper()})
    with pytest.raises(InvalidTypeError, match=r"HealthCheck\.digest must be a string"):
        HealthCheck(**{**fields, "digest": None})
    alert = check.alerts[0]
    with pytest.raises(InvalidValueError, match="at most one alert per code, clinic and license"):
        HealthCheck(**{**fields, "alerts": [alert, alert]})
    with pytest.raises(InvalidValueError, match=r"Alert\.message must be a non-empty message"):
        Alert(code=alert.code, clinic_id="c", license_type=T, message=" ")
    assert HealthCheck(**fields) == check


def test_idle_users_in_an_over_assigned_pool_are_told_deactivation_resolves_it_first() -> None:
    old = NOW - 400 * DAY
    home = clinic(
        "north",
        purchased={A: 1},
        users=[
            user("a1", user_type=UserType.PTA, last_active_at=old),
            user("a2", user_type=UserType.PTA, last_active_at=NOW),
            user("a3", user_type=UserType.PTA, last_active_at=NOW),
        ],
    )

    check = health_check(organization(home), now=NOW)

    (idle,) = [a for a in check.alerts if a.code is AlertCode.IDLE_LICENSES]
    assert idle.message.endswith(
        "If they no longer work here, deactivate them: that first resolves the over-assignment "
        "of 2 in this pool, and only licenses beyond it can then be removed."
    )
    assert check.after_deactivation.lines == ()
