"""How far the shipped strategies reach into validate_request and find_idle: measured, with floors.

Each measurement draws a fixed number of values the way the property tests draw them, but
deterministically (derandomized, no example database, generation only): the figures are the same
on every run, whatever the Hypothesis profile. The floors are well below the measured figures,
which each assertion message states and the JUnit report records as properties of the suite:
``pytest tests/test_reach.py --junitxml=reach.xml`` lists them all.
"""

from collections import Counter
from collections.abc import Callable
from typing import NamedTuple, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck as Health
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from licensing import (
    AdjustmentKind,
    AdjustmentRequest,
    AlertCode,
    Clinic,
    Confidence,
    HealthCheck,
    IdleKind,
    IdleReport,
    Organization,
    Permission,
    ProblemCode,
    RetentionPolicy,
    User,
    ValidationReport,
    find_idle,
    validate_request,
)
from licensing.strategies import (
    IdleScenario,
    ValidationCase,
    adjustment_requests,
    health_checks,
    idle_scenarios,
    late_removals,
    organizations,
    retention_policies,
    valid_requests,
    validation_cases,
)

T = TypeVar("T")

DRAWS = 2000


def draw_many(strategy: st.SearchStrategy[T], count: int) -> list[T]:
    """``count`` values of ``strategy``, the same ones on every run."""
    drawn: list[T] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(Health),
    )
    @given(strategy)
    def collect(value: T) -> None:
        drawn.append(value)

    collect()
    assert len(drawn) == count
    return drawn


def validated(case: ValidationCase) -> ValidationReport:
    return validate_request(case.request, case.organization, policy=case.policy)


def share(values: list[T], condition: Callable[[T], bool]) -> float:
    return sum(map(condition, values)) / len(values)


@pytest.fixture(scope="module")
def reports() -> list[ValidationReport]:
    """The reports of `DRAWS` cases of `validation_cases()`, as the property tests draw them."""
    return [validated(case) for case in draw_many(validation_cases(), DRAWS)]


Record = Callable[[str, object], None]


def test_at_least_30_percent_of_the_drawn_cases_validate(
    reports: list[ValidationReport], record_testsuite_property: Record
) -> None:
    valid = share(reports, lambda report: report.ok)
    record_testsuite_property("validation_cases valid", f"{valid:.1%}")

    assert valid >= 0.30, f"{valid:.1%} of {DRAWS} cases validate"


@pytest.mark.parametrize("code", [ProblemCode.AFTER_REMOVAL_CUTOFF, ProblemCode.BELOW_SPARE])
def test_at_least_5_percent_are_late_removals_and_removals_below_the_spare(
    reports: list[ValidationReport], code: ProblemCode, record_testsuite_property: Record
) -> None:
    reached = share(reports, lambda report: code in report.codes)
    record_testsuite_property(f"validation_cases {code.value}", f"{reached:.1%}")

    assert reached >= 0.05, f"{reached:.1%} of {DRAWS} cases have {code.value}"


def test_every_problem_code_is_reached(
    reports: list[ValidationReport], record_testsuite_property: Record
) -> None:
    reached = Counter(code for report in reports for code in report.codes)
    least = min(ProblemCode, key=lambda code: reached[code])
    for code in ProblemCode:
        record_testsuite_property(f"validation_cases count {code.value}", reached[code])

    assert set(reached) == set(ProblemCode), f"not reached: {set(ProblemCode) - set(reached)}"
    assert reached[least] >= 10, f"the least reached, {least.value}, in {reached[least]} cases"


def test_at_least_5_percent_of_the_cases_have_problems_in_several_fields(
    reports: list[ValidationReport], record_testsuite_property: Record
) -> None:
    several = share(reports, lambda report: len({p.field for p in report.problems}) >= 2)
    record_testsuite_property("validation_cases several fields", f"{several:.1%}")

    assert several >= 0.05, f"{several:.1%} of {DRAWS} cases have problems in several fields"


def test_valid_requests_of_both_kinds_validate_and_often_have_no_problem_at_all(
    record_testsuite_property: Record,
) -> None:
    cases = draw_many(valid_requests(), 300)
    found = [validated(case) for case in cases]
    clean = share(found, lambda report: not report.problems)
    removals = share(cases, lambda case: case.request.kind is AdjustmentKind.REMOVE)
    record_testsuite_property("valid_requests clean", f"{clean:.1%}")
    record_testsuite_property("valid_requests removals", f"{removals:.1%}")

    assert all(report.ok for report in found)
    assert clean >= 0.25, f"{clean:.1%} of valid requests have no problem"
    assert 0.3 <= removals <= 0.7, f"{removals:.1%} of valid requests are removals"


def zoned(case: ValidationCase) -> bool:
    billing = case.organization.clinic(case.request.clinic_id).billing
    assert billing is not None
    return billing.zone is not None


def test_late_removals_are_late_in_clinics_with_and_without_a_zone(
    record_testsuite_property: Record,
) -> None:
    cases = draw_many(late_removals(), 200)
    in_zones = share(cases, zoned)
    record_testsuite_property("late_removals zoned", f"{in_zones:.1%}")

    assert all(validated(case).codes == {ProblemCode.AFTER_REMOVAL_CUTOFF} for case in cases)
    assert 0.1 <= in_zones <= 0.9, f"{in_zones:.1%} of late removals are in a zoned calendar"


RequestCase = tuple[AdjustmentRequest, Organization, RetentionPolicy]


@st.composite
def requests_for_generated_organizations(draw: st.DrawFn) -> RequestCase:
    """What the round-trip and authorization properties draw: any organization, and a request."""
    org = draw(organizations(max_clinics=3, max_users=5))
    policy = draw(retention_policies(clinic_ids=[c.id for c in org.clinics]))
    return draw(adjustment_requests(org, policy=policy)), org, policy


def someone_may_submit(case: RequestCase) -> bool:
    """Whether the request's clinic is known and has an active person with User Manager or Admin
    permission, homed in it or given access to it (the denominator of the valid share)."""
    req, org, _ = case
    return org.has_clinic(req.clinic_id) and any(
        user.active
        and not user.system
        and user.has_permission(Permission.USER_MANAGER)
        and (clinic.id == req.clinic_id or req.clinic_id in user.clinic_access)
        for clinic in org.clinics
        for user in clinic.users
    )


def test_requests_for_an_organization_name_its_clinics_and_users_and_mostly_validate(
    record_testsuite_property: Record,
) -> None:
    # `DRAWS`, not fewer: under a tenth of the draws have someone to submit, and the share that
    # validates moved by ten points with every change to what `organizations` draws when it was
    # measured over 500.
    cases = draw_many(requests_for_generated_organizations(), DRAWS)
    with_clinics = [c for c in cases if c[1].clinics]
    with_users = [c for c in cases if any(clinic.users for clinic in c[1].clinics)]
    with_a_manager = [c for c in cases if someone_may_submit(c)]
    own_clinic = share(with_clinics, lambda c: c[1].has_clinic(c[0].clinic_id))
    own_user = share(with_users, lambda c: any(k.has_user(c[0].requested_by) for k in c[1].clinics))
    valid = share(with_a_manager, lambda c: validate_request(c[0], c[1], policy=c[2]).ok)
    for name, figure in [("own clinic", own_clinic), ("own user", own_user), ("valid", valid)]:
        record_testsuite_property(f"adjustment_requests {name}", f"{figure:.1%}")
    record_testsuite_property("adjustment_requests with someone to submit", len(with_a_manager))

    assert own_clinic >= 0.7, f"{own_clinic:.1%} name a clinic of the organization"
    assert own_user >= 0.7, f"{own_user:.1%} name a user of the organization"
    assert len(with_a_manager) >= 100, f"{len(with_a_manager)} clinics with someone to submit"
    # Each of the five or six parts drawn to pass its rule does about five times in six: about
    # (5/6) ** 5, two in five, pass them all.
    assert valid >= 0.3, f"{valid:.1%} validate when the clinic has someone who may submit"


# --- idle_scenarios and health_checks -----------------------------------------------------------

IDLE_DRAWS = 1000


class Reviewed(NamedTuple):
    """One user of a drawn idle scenario, and what the review found of it."""

    user: User
    clinic: Clinic
    scenario: IdleScenario
    found: IdleReport


def candidate(item: Reviewed) -> bool:
    """Whether the user's deactivation would free a billed license, exemptions aside."""
    user, clinic = item.user, item.clinic
    kind = user.license_type
    limited = kind.charged and not clinic.pool(kind).unlimited
    return user.active and not user.system and limited


def flagged(item: Reviewed) -> bool:
    return any(idle.user_id == item.user.id for idle in item.found.users)


@pytest.fixture(scope="module")
def reviewed() -> list[Reviewed]:
    """Every user of `IDLE_DRAWS` idle scenarios, each with the review of its scenario."""
    found: list[Reviewed] = []
    for scenario in draw_many(idle_scenarios(), IDLE_DRAWS):
        report = find_idle(scenario.organization, now=scenario.now, policy=scenario.policy)
        for clinic in scenario.organization.clinics:
            found.extend(Reviewed(user, clinic, scenario, report) for user in clinic.users)
    return found


def test_a_good_share_of_the_users_that_could_be_flagged_is_and_of_the_rest_is_not(
    reviewed: list[Reviewed], record_testsuite_property: Record
) -> None:
    candidates = [item for item in reviewed if candidate(item)]
    of_candidates = share(candidates, flagged)
    of_all = share(reviewed, flagged)
    record_testsuite_property("idle_scenarios users", len(reviewed))
    record_testsuite_property("idle_scenarios candidates", f"{len(candidates) / len(reviewed):.1%}")
    record_testsuite_property("idle_scenarios candidates flagged", f"{of_candidates:.1%}")

    assert len(candidates) >= 0.4 * len(reviewed), f"{len(candidates)} of {len(reviewed)} users"
    assert 0.2 <= of_candidates <= 0.8, f"{of_candidates:.1%} of candidates flagged"
    assert of_all < of_candidates


#: What `licensing.idle.confidence_of` allows for each kind of evidence.
EVIDENCE = [
    (IdleKind.DORMANT, Confidence.MEDIUM),
    (IdleKind.DORMANT, Confidence.HIGH),
    (IdleKind.NEVER_ACTIVE, Confidence.LOW),
    (IdleKind.NEVER_ACTIVE, Confidence.MEDIUM),
    (IdleKind.NEVER_ACTIVE, Confidence.HIGH),
    (IdleKind.UNKNOWN, Confidence.LOW),
]


def test_every_kind_of_evidence_is_flagged_at_every_confidence_it_allows(
    reviewed: list[Reviewed], record_testsuite_property: Record
) -> None:
    reports = {id(item.found): item.found for item in reviewed}.values()
    found = Counter((idle.kind, idle.confidence) for report in reports for idle in report.users)
    for kind, confidence in EVIDENCE:
        figure = found[kind, confidence]
        record_testsuite_property(f"find_idle {kind.value} {confidence.value}", figure)
    least = min(EVIDENCE, key=lambda pair: found[pair])

    assert set(found) == set(EVIDENCE)
    assert found[least] >= 20, f"the least reached, {least}, in {found[least]} users"


def at_threshold(item: Reviewed) -> bool:
    last = item.user.last_active_at
    threshold = item.scenario.policy.threshold_for(item.user.license_type)
    return last is not None and item.scenario.now - last == threshold


def at_grace(item: Reviewed) -> bool:
    held = item.user.licensed_since
    return held is not None and item.scenario.now - held == item.scenario.policy.grace


def later(item: Reviewed) -> bool:
    last = item.user.last_active_at
    return last is not None and last > item.scenario.now


def exempt_but_idle(item: Reviewed) -> bool:
    """An exempt candidate that the review would flag without its exemption."""
    user, scenario = item.user, item.scenario
    if user.id not in scenario.policy.exempt or not candidate(item):
        return False
    policy = attrs.evolve(scenario.policy, exempt=frozenset())
    report = find_idle(item.clinic, now=scenario.now, policy=policy)
    return any(idle.user_id == user.id for idle in report.users)


@pytest.mark.parametrize(
    ("name", "condition"),
    [
        ("active exactly at the threshold", at_threshold),
        ("licensed exactly at the grace", at_grace),
        ("active after now", later),
        ("exempt but idle", exempt_but_idle),
    ],
)
def test_the_edges_of_the_rules_are_reached_by_candidates_and_never_flagged(
    reviewed: list[Reviewed],
    name: str,
    condition: Callable[[Reviewed], bool],
    record_testsuite_property: Record,
) -> None:
    reached = [item for item in reviewed if candidate(item) and condition(item)]
    record_testsuite_property(f"idle_scenarios {name}", len(reached))

    assert len(reached) >= 20, f"{len(reached)} candidates {name}"
    assert not any(map(flagged, reached)), f"a candidate {name} is flagged"


@pytest.fixture(scope="module")
def checks() -> list[HealthCheck]:
    """`DRAWS` // 4 health checks, as the property tests draw them."""
    return draw_many(health_checks(), DRAWS // 4)


def test_health_checks_raise_every_alert_code(
    checks: list[HealthCheck], record_testsuite_property: Record
) -> None:
    raised = Counter(alert.code for check in checks for alert in check.alerts)
    for code in AlertCode:
        record_testsuite_property(f"health_checks count {code.value}", raised[code])
    least = min(AlertCode, key=lambda code: raised[code])
    quiet = share(checks, lambda check: not check.alerts)
    record_testsuite_property("health_checks without alerts", f"{quiet:.1%}")

    assert set(raised) == set(AlertCode), f"not raised: {set(AlertCode) - set(raised)}"
    assert raised[least] >= 10, f"the least raised, {least.value}, in {raised[least]} checks"
    assert quiet >= 0.05, f"{quiet:.1%} of the checks raise no alert"
