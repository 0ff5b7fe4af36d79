"""Who may submit an adjustment request: every combination of status, permission and access."""

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import clinic, manager, organization, request, user
from licensing import (
    AdjustmentRequest,
    LicenseType,
    Organization,
    Permission,
    ProblemCode,
    User,
    UserStatus,
    UserType,
    validate_request,
)
from licensing.strategies import adjustment_requests, aware_datetimes, explanations, organizations

INACTIVE = ProblemCode.REQUESTER_INACTIVE
SYSTEM = ProblemCode.REQUESTER_SYSTEM_ACCOUNT
NOT_AUTHORIZED = ProblemCode.REQUESTER_NOT_AUTHORIZED
NO_ACCESS = ProblemCode.REQUESTER_NO_CLINIC_ACCESS

# Each dimension of the table: a value, and the problems it contributes on its own. The rules are
# independent, so a combination's expected problems are the union of its dimensions' problems.
STATUSES = [
    pytest.param((UserStatus.ACTIVE, set()), id="active"),
    pytest.param((UserStatus.INACTIVE, {INACTIVE}), id="inactive"),
]
ACCOUNTS = [
    pytest.param((False, set()), id="person"),
    pytest.param((True, {SYSTEM}), id="system-account"),
]
PERMISSIONS = [
    pytest.param((frozenset(), {NOT_AUTHORIZED}), id="no-permission"),
    pytest.param((frozenset({Permission.USER_MANAGER}), set()), id="user-manager"),
    pytest.param((frozenset({Permission.ADMIN}), set()), id="admin"),
    pytest.param((frozenset(Permission), set()), id="user-manager-and-admin"),
]
# Where the requester is homed, and which other clinics it may open; the request is for c1.
ACCESS = [
    pytest.param(("c1", frozenset(), set()), id="homed-in-the-clinic"),
    pytest.param(("c1", frozenset({"c2"}), set()), id="homed-in-it-with-access-elsewhere"),
    pytest.param(("c2", frozenset({"c1"}), set()), id="access-to-the-clinic"),
    pytest.param(("c2", frozenset({"c1", "c3"}), set()), id="access-to-it-and-another"),
    pytest.param(("c2", frozenset({"c3"}), {NO_ACCESS}), id="access-to-another-clinic-only"),
    pytest.param(("c2", frozenset({"elsewhere"}), {NO_ACCESS}), id="access-outside-the-org"),
    pytest.param(("c2", frozenset(), {NO_ACCESS}), id="no-access"),
]


def organization_with(requester: User, home: str) -> Organization:
    """Clinics c1 (5 Assistant licenses, the request's clinic), c2 and c3; requester in ``home``."""

    def members(clinic_id: str) -> list[User]:
        return [requester] if clinic_id == home else []

    return organization(
        clinic("c1", purchased={LicenseType.ASSISTANT: 5}, users=members("c1")),
        clinic("c2", users=members("c2")),
        clinic("c3", users=members("c3")),
    )


@pytest.mark.parametrize("access", ACCESS)
@pytest.mark.parametrize("permissions", PERMISSIONS)
@pytest.mark.parametrize("account", ACCOUNTS)
@pytest.mark.parametrize("status", STATUSES)
def test_only_an_active_person_with_user_manager_or_admin_and_access_may_submit(
    status: tuple[UserStatus, set[ProblemCode]],
    account: tuple[bool, set[ProblemCode]],
    permissions: tuple[frozenset[Permission], set[ProblemCode]],
    access: tuple[str, frozenset[str], set[ProblemCode]],
) -> None:
    home, clinic_access, access_problems = access
    requester = user(
        "req",
        user_type=UserType.CLERICAL,
        status=status[0],
        permissions=permissions[0],
        clinic_access=clinic_access,
        system=account[0],
    )
    expected = status[1] | account[1] | permissions[1] | access_problems

    report = validate_request(request(requested_by="req"), organization_with(requester, home))

    assert report.codes == expected
    assert all(problem.field == "requested_by" for problem in report.problems)
    assert report.ok is (not expected)


@pytest.mark.parametrize("user_type", list(UserType), ids=lambda user_type: user_type.value)
def test_a_user_manager_of_any_user_type_may_submit(user_type: UserType) -> None:
    requester = user("req", user_type=user_type, permissions=[Permission.USER_MANAGER])

    report = validate_request(request(requested_by="req"), organization_with(requester, "c1"))

    assert report.ok


def test_the_requester_messages_name_the_user_and_the_clinics() -> None:
    requester = user("req", name="Dana", clinic_access=["c3"])

    report = validate_request(request(requested_by="req"), organization_with(requester, "c2"))

    messages = {problem.code: problem.message for problem in report.errors}
    assert "'Dana' (req)" in messages[NOT_AUTHORIZED]
    assert "homed in clinic 'Clinic c2' (c2)" in messages[NO_ACCESS]
    assert "no access to clinic 'Clinic c1' (c1)" in messages[NO_ACCESS]


def test_access_to_an_unknown_clinic_reports_only_the_unknown_clinic() -> None:
    org = organization(clinic("c2", users=[manager(clinic_access=["c9"])]))

    report = validate_request(request(clinic_id="c9"), org)

    assert report.codes == {ProblemCode.UNKNOWN_CLINIC}


def test_an_unknown_requester_is_reported_once_whatever_else_is_wrong() -> None:
    report = validate_request(request(requested_by="ghost"), organization_with(manager(), "c1"))

    assert report.codes == {ProblemCode.UNKNOWN_REQUESTER}


@st.composite
def requests_by_members(draw: st.DrawFn) -> tuple[AdjustmentRequest, Organization]:
    """A generated request, by a user of the organization, for any of its clinics or none."""
    org = draw(organizations(min_clinics=1, max_clinics=3, max_users=5))
    users = [u for c in org.clinics for u in c.users]
    member = draw(st.sampled_from(users)) if users else manager("the-only-manager-here")
    if not users:
        org = org.replace_clinic(attrs.evolve(org.clinics[0], users=[member]))
    req = draw(adjustment_requests(org))
    return attrs.evolve(req, requested_by=member.id), org


@given(requests_by_members(), st.data())
def test_the_requester_problems_depend_on_the_requester_and_the_clinic_only(
    case: tuple[AdjustmentRequest, Organization], data: st.DataObject
) -> None:
    req, org = case
    other = attrs.evolve(
        req,
        counts=data.draw(st.dictionaries(st.sampled_from(LicenseType), st.integers(0, 50))),
        explanation=data.draw(explanations()),
        submitted_at=data.draw(aware_datetimes()),
    )

    def requester_problems(r: AdjustmentRequest) -> list[ProblemCode]:
        report = validate_request(r, org)
        return [p.code for p in report.errors if p.field == "requested_by"]

    assert requester_problems(other) == requester_problems(req)
