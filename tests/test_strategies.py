"""The shipped strategies: valid objects only, across the whole space, and st.from_type."""

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from importlib.metadata import entry_points
from typing import Any

import attrs
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import licensing
from licensing import (
    MAX_INACTIVITY,
    AdjustmentRequest,
    Alert,
    AlertCode,
    BillingCycle,
    Clinic,
    ClinicUsage,
    HealthCheck,
    IdleReport,
    IdleUser,
    InactivityPolicy,
    LicensePool,
    LicenseType,
    Organization,
    OrganizationUsage,
    PoolUsage,
    PriceList,
    Problem,
    ProblemCode,
    RemovalLine,
    RemovalProposal,
    RetentionPolicy,
    User,
    UserStatus,
    ValidationReport,
    find_idle,
    usage,
)
from licensing._hypothesis import _hypothesis_setup_hook
from licensing.strategies import (
    IdleScenario,
    adjustment_requests,
    alerts,
    billing_cycles,
    clinics,
    explanations,
    health_checks,
    idle_reports,
    idle_scenarios,
    idle_users,
    inactivity_policies,
    moments_near,
    organizations,
    price_lists,
    retention_policies,
    users,
    validation_cases,
)

PUBLIC_TYPES: list[type] = [
    User,
    LicensePool,
    Clinic,
    Organization,
    AdjustmentRequest,
    BillingCycle,
    PriceList,
    RetentionPolicy,
    PoolUsage,
    ClinicUsage,
    OrganizationUsage,
    RemovalProposal,
    RemovalLine,
    ValidationReport,
    Problem,
    InactivityPolicy,
    IdleUser,
    IdleReport,
    Alert,
    HealthCheck,
]


def test_the_strategies_are_registered_through_hypothesis_entry_point() -> None:
    hooks = [e.value for e in entry_points(group="hypothesis")]

    assert "licensing._hypothesis:_hypothesis_setup_hook" in hooks


@pytest.mark.parametrize("kind", PUBLIC_TYPES, ids=lambda kind: kind.__name__)
def test_from_type_builds_valid_objects_of_every_public_type(kind: type) -> None:
    _hypothesis_setup_hook()

    converter = licensing.make_converter()

    # Generation only: a failure here is of the registration, not of a value worth shrinking
    # (Hypothesis' own objects for an unregistered type take minutes to shrink).
    @settings(max_examples=20, phases=[Phase.generate])
    @given(st.from_type(kind))
    def check(value: Any) -> None:
        copy = attrs.evolve(value)
        back: object = converter.structure(
            json.loads(json.dumps(converter.unstructure(value))), kind
        )

        assert isinstance(value, kind)
        assert copy is not value
        assert (copy, hash(copy)) == (value, hash(value))
        assert (back, hash(back)) == (value, hash(value))

    check()


def _exists(strategy: st.SearchStrategy[object], condition: Callable[[object], bool]) -> None:
    """Assert that ``strategy`` reaches ``condition`` within a few hundred examples."""
    seen: list[bool] = []

    @settings(max_examples=400, phases=[Phase.generate], derandomize=True, database=None)
    @given(strategy)
    def sample(value: object) -> None:
        if condition(value):
            seen.append(True)
            raise _Found

    with pytest.raises(_Found):
        sample()
    assert seen


class _Found(Exception):  # noqa: N818 - a signal, not an error
    """Raised to stop sampling once the condition is met."""


def test_the_space_includes_empty_clinics_and_organizations() -> None:
    _exists(clinics(), lambda c: isinstance(c, Clinic) and not c.users and not c.pools)
    _exists(organizations(), lambda o: isinstance(o, Organization) and not o.clinics)


def test_the_space_includes_unlimited_charged_pools_and_over_assigned_ones() -> None:
    _exists(
        clinics(),
        lambda c: isinstance(c, Clinic) and c.pool(LicenseType.THERAPIST).unlimited,
    )
    _exists(
        clinics(),
        lambda c: isinstance(c, Clinic) and any(p.over_assigned for p in usage(c).pools),
    )


def test_the_space_includes_system_inactive_and_shared_users() -> None:
    def users_of(o: object) -> list[User]:
        assert isinstance(o, Organization)
        return [u for c in o.clinics for u in c.users]

    _exists(organizations(), lambda o: any(u.system and u.active for u in users_of(o)))
    _exists(organizations(), lambda o: any(u.status is UserStatus.INACTIVE for u in users_of(o)))
    _exists(
        organizations(),
        lambda o: any(
            u.clinic_access and u.clinic_access <= {c.id for c in o.clinics}  # type: ignore[attr-defined]
            for u in users_of(o)
        ),
    )


def test_the_space_includes_month_end_anchors_and_far_offsets() -> None:
    _exists(billing_cycles(), lambda b: isinstance(b, BillingCycle) and b.anchor.day == 31)
    _exists(
        billing_cycles(),
        lambda b: (
            isinstance(b, BillingCycle)
            and abs(b.anchor.utcoffset() or timedelta(0)) >= timedelta(hours=14)
        ),
    )


def test_requests_often_name_the_organizations_own_clinics_and_users() -> None:
    org = Organization(
        id="o",
        name="O",
        clinics=[
            Clinic(
                id="c1", name="C", users=[User(id="u1", name="U", user_type=licensing.UserType.PT)]
            )
        ],
    )

    _exists(
        adjustment_requests(org),
        lambda r: (
            isinstance(r, AdjustmentRequest) and r.clinic_id == "c1" and r.requested_by == "u1"
        ),
    )
    _exists(explanations(), lambda e: e is None)


@pytest.mark.parametrize("codes", [[], ["below_spare"], [ProblemCode.BELOW_SPARE, None]])
def test_validation_cases_refuse_codes_that_are_not_problem_codes(codes: list[object]) -> None:
    with pytest.raises(
        InvalidArgument, match="codes must be a non-empty collection of ProblemCode"
    ):
        validation_cases(codes=codes)  # type: ignore[arg-type]


@given(price_lists(complete=True), organizations(min_clinics=1))
def test_complete_price_lists_price_every_charged_type(
    prices: PriceList, org: Organization
) -> None:
    assert all(prices.has_price(t) for t in LicenseType)
    assert org.clinics


@given(st.data())
def test_policies_override_the_clinics_they_are_given(data: st.DataObject) -> None:
    policy = data.draw(retention_policies(clinic_ids=["a", "b"]))

    assert set(policy.clinic_keep) <= {"a", "b"}


@pytest.mark.parametrize(
    "statement",
    ["import licensing.strategies", "import hypothesis, licensing.strategies", "import licensing"],
)
def test_the_strategies_import_in_a_fresh_interpreter_in_any_order(statement: str) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", statement], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr


# --- idle licenses and the health check -------------------------------------------------------


def test_every_public_value_type_is_in_the_from_type_list() -> None:
    found = (getattr(licensing, name) for name in licensing.__all__)
    value_types = {kind for kind in found if isinstance(kind, type) and attrs.has(kind)}

    assert value_types == set(PUBLIC_TYPES)


@given(st.data())
def test_policies_exempt_only_the_user_ids_they_are_given(data: st.DataObject) -> None:
    policy = data.draw(inactivity_policies(user_ids=["a", "b"]))
    free = data.draw(inactivity_policies())

    assert policy.exempt <= {"a", "b"}
    assert isinstance(free.exempt, frozenset)
    for chosen in (policy, free):
        durations = [chosen.threshold, chosen.grace, *chosen.thresholds.values()]
        assert all(timedelta(0) < duration <= MAX_INACTIVITY for duration in durations)


def test_users_sometimes_carry_a_date_of_licensing() -> None:
    _exists(users(), lambda u: isinstance(u, User) and u.licensed_since is not None)
    _exists(users(), lambda u: isinstance(u, User) and u.licensed_since is None)
    _exists(
        organizations(),
        lambda o: (
            isinstance(o, Organization)
            and any(u.licensed_since is not None for c in o.clinics for u in c.users)
        ),
    )


NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
TICK = timedelta(microseconds=1)
SPAN = timedelta(days=90)


@pytest.mark.parametrize(
    "edge",
    [NOW, NOW + TICK, NOW - SPAN, NOW - SPAN - TICK, NOW - SPAN + TICK],
    ids=["now", "just-after-now", "at-the-span", "just-over", "just-within"],
)
def test_moments_near_reach_each_edge_exactly(edge: datetime) -> None:
    _exists(moments_near(NOW, spans=[SPAN]), lambda moment: moment == edge)


def test_moments_near_reach_other_offsets_and_moments_off_the_edges() -> None:
    edges = {NOW, NOW + TICK, NOW - SPAN, NOW - SPAN - TICK, NOW - SPAN + TICK}

    _exists(
        moments_near(NOW, spans=[SPAN]),
        lambda m: isinstance(m, datetime) and m.utcoffset() != timedelta(0),
    )
    _exists(moments_near(NOW, spans=[SPAN]), lambda m: m not in edges)
    _exists(moments_near(NOW), lambda m: m not in edges)


@given(moments_near(NOW, spans=(SPAN, 2 * SPAN)))
def test_moments_near_stay_around_now(moment: datetime) -> None:
    assert moment.utcoffset() is not None
    assert NOW - 6 * SPAN - TICK <= moment <= NOW + 2 * SPAN


@given(st.data())
def test_moments_near_an_end_of_the_calendar_stay_in_it(data: st.DataObject) -> None:
    latest = datetime.max.replace(tzinfo=UTC)
    earliest = datetime.min.replace(tzinfo=timezone(timedelta(hours=14)))

    late = data.draw(moments_near(latest, spans=[timedelta.max]))
    early = data.draw(moments_near(earliest, spans=[timedelta(days=1)]))

    assert late <= latest
    assert early >= earliest


@pytest.mark.parametrize(
    ("now", "spans"),
    [
        (datetime(2026, 6, 1), ()),  # noqa: DTZ001 - naive on purpose
        ("2026-06-01T00:00:00+00:00", ()),
        (NOW, (timedelta(0),)),
        (NOW, (timedelta(days=-1),)),
        (NOW, (90,)),
    ],
)
def test_moments_near_refuse_a_naive_now_and_spans_that_are_not_positive_durations(
    now: Any, spans: Any
) -> None:
    with pytest.raises(InvalidArgument, match=r"must be (a timezone-aware|positive)"):
        moments_near(now, spans=spans)


@given(idle_scenarios())
def test_idle_scenarios_are_organizations_with_a_moment_and_a_policy_for_them(
    scenario: IdleScenario,
) -> None:
    organization, now, policy = scenario
    user_ids = {user.id for clinic in organization.clinics for user in clinic.users}

    assert 1 <= len(organization.clinics) <= 3
    assert now.utcoffset() is not None
    assert policy.exempt <= user_ids or not user_ids  # without users: ids of no one


def _reviewed(scenario: object) -> IdleReport:
    assert isinstance(scenario, IdleScenario)
    return find_idle(scenario.organization, now=scenario.now, policy=scenario.policy)


def _tied(scenario: object, *, grace: bool) -> bool:
    """Whether a user of ``scenario`` is active or licensed exactly at the edge of the policy."""
    assert isinstance(scenario, IdleScenario)
    now, policy = scenario.now, scenario.policy
    for clinic in scenario.organization.clinics:
        for user in clinic.users:
            moment = user.licensed_since if grace else user.last_active_at
            edge = policy.grace if grace else policy.threshold_for(user.license_type)
            if moment is not None and now - moment == edge:
                return True
    return False


def test_idle_scenarios_reach_ties_at_the_threshold_and_the_grace_and_empty_reviews() -> None:
    _exists(idle_scenarios(), lambda s: _tied(s, grace=False))
    _exists(idle_scenarios(), lambda s: _tied(s, grace=True))
    _exists(idle_scenarios(), lambda s: not _reviewed(s).users)
    _exists(idle_scenarios(), lambda s: len(_reviewed(s).users) >= 3)


@given(idle_reports())
def test_idle_reports_name_each_user_once(report: IdleReport) -> None:
    ids = [idle.user_id for idle in report.users]

    assert len(ids) == len(set(ids))


def test_idle_users_include_reviewed_users_and_built_ones_without_a_name() -> None:
    _exists(idle_users(), lambda u: isinstance(u, IdleUser) and u.user_name is not None)
    _exists(idle_users(), lambda u: isinstance(u, IdleUser) and u.user_name is None)


@given(health_checks())
def test_health_checks_hold_their_sections_and_a_digest(check: HealthCheck) -> None:
    assert check.idle.at_least(check.min_confidence) == check.to_deactivate
    assert set(check.to_records()) == {"usage", "removals", "idle", "after_deactivation", "alerts"}
    assert len(check.digest) == 64


def test_alerts_include_raised_ones_and_built_ones() -> None:
    _exists(alerts(), lambda a: isinstance(a, Alert) and a.message.startswith("In "))
    _exists(alerts(), lambda a: isinstance(a, Alert) and a.license_type is LicenseType.CLERICAL)
    _exists(alerts(), lambda a: isinstance(a, Alert) and a.code is AlertCode.IDLE_LICENSES)
