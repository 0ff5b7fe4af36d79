"""How far the shipped strategies reach into validate_request: measured, with floors.

Each measurement draws a fixed number of values the way the property tests draw them, but
deterministically (derandomized, no example database, generation only): the figures are the same
on every run, whatever the Hypothesis profile. The floors are well below the measured figures,
which each assertion message states and the JUnit report records as properties of the suite:
``pytest tests/test_reach.py --junitxml=reach.xml`` lists them all.
"""

from collections import Counter
from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from licensing import (
    AdjustmentKind,
    AdjustmentRequest,
    Organization,
    Permission,
    ProblemCode,
    RetentionPolicy,
    ValidationReport,
    validate_request,
)
from licensing.strategies import (
    ValidationCase,
    adjustment_requests,
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
        suppress_health_check=list(HealthCheck),
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
    cases = draw_many(requests_for_generated_organizations(), 500)
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
    assert len(with_a_manager) >= 25, f"{len(with_a_manager)} clinics with someone to submit"
    assert valid >= 0.4, f"{valid:.1%} validate when the clinic has someone who may submit"
