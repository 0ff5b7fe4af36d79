"""validate_request: every rule of the adjustment form, every problem reported, never a crash."""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import event, given, target
from hypothesis import strategies as st

from builders import EXPLANATION, clinic, manager, monthly, organization, request, user
from licensing import (
    MAX_COUNT,
    MAX_VALID_EXPLANATION_LENGTH,
    MIN_VALID_EXPLANATION_LENGTH,
    AdjustmentKind,
    AdjustmentRequest,
    BillingCycle,
    InvalidTypeError,
    InvalidValueError,
    LicenseType,
    Organization,
    Permission,
    Problem,
    ProblemCode,
    Reason,
    RetentionPolicy,
    Severity,
    User,
    UserStatus,
    UserType,
    ValidationReport,
    usage,
    validate_request,
)
from licensing.strategies import ValidationCase, valid_requests, validation_cases

A = LicenseType.ASSISTANT
T = LicenseType.THERAPIST

WARNINGS = {
    ProblemCode.AFTER_REMOVAL_CUTOFF,
    ProblemCode.BELOW_SPARE,
    ProblemCode.ADD_WITH_AVAILABLE,
    ProblemCode.REASON_MISMATCH,
    ProblemCode.OVER_ASSIGNED,
}


def pta(id: str) -> User:  # noqa: A002
    return user(id, user_type=UserType.PTA)


def north(
    *,
    purchased: dict[LicenseType, int] | None = None,
    users: tuple[User, ...] = (),
    billing: BillingCycle | None = None,
    unlimited: tuple[LicenseType, ...] = (),
) -> Organization:
    """One clinic ``c1`` (5 Assistant licenses, none used, by default) with its manager ``mgr``."""
    return organization(
        clinic(
            "c1",
            purchased=purchased if purchased is not None else {A: 5},
            users=[manager(), *users],
            billing=billing,
            unlimited=unlimited,
        )
    )


def codes_at(report: ValidationReport) -> set[tuple[ProblemCode, str]]:
    return {(problem.code, problem.field) for problem in report.problems}


# --- one example per problem code ---------------------------------------------------------------

Example = Callable[[], tuple[AdjustmentRequest, Organization, RetentionPolicy | None]]

#: The problems an example cannot avoid besides its own: a pool near the maximum has licenses
#: available, so adding to it is also an addition while licenses are available.
ALSO = {
    ProblemCode.ADDITION_EXCEEDS_MAXIMUM: {(ProblemCode.ADD_WITH_AVAILABLE, "counts.therapist")},
}

EXAMPLES: dict[ProblemCode, tuple[str, Example]] = {
    ProblemCode.UNKNOWN_CLINIC: (
        "clinic_id",
        lambda: (request(clinic_id="nowhere"), north(), None),
    ),
    ProblemCode.UNKNOWN_REQUESTER: (
        "requested_by",
        lambda: (request(requested_by="ghost"), north(), None),
    ),
    ProblemCode.REQUESTER_INACTIVE: (
        "requested_by",
        lambda: (
            request(requested_by="old"),
            north(users=(user("old", status=UserStatus.INACTIVE, permissions=[Permission.ADMIN]),)),
            None,
        ),
    ),
    ProblemCode.REQUESTER_SYSTEM_ACCOUNT: (
        "requested_by",
        lambda: (
            request(requested_by="bot"),
            north(users=(user("bot", system=True, permissions=[Permission.USER_MANAGER]),)),
            None,
        ),
    ),
    ProblemCode.REQUESTER_NOT_AUTHORIZED: (
        "requested_by",
        lambda: (request(requested_by="pt"), north(users=(user("pt"),)), None),
    ),
    ProblemCode.REQUESTER_NO_CLINIC_ACCESS: (
        "requested_by",
        lambda: (
            request(requested_by="south-mgr"),
            organization(*north().clinics, clinic("c2", users=[manager("south-mgr")])),
            None,
        ),
    ),
    ProblemCode.NO_COUNTS: ("counts", lambda: (request(counts={A: 0, T: 0}), north(), None)),
    ProblemCode.CLERICAL_COUNT: (
        "counts.clerical",
        lambda: (request(counts={A: 1, LicenseType.CLERICAL: 2}), north(), None),
    ),
    ProblemCode.UNLIMITED_POOL_COUNT: (
        "counts.therapist",
        lambda: (
            request(counts={A: 1, T: 2}),
            north(purchased={A: 5}, unlimited=(T,)),
            None,
        ),
    ),
    ProblemCode.REMOVAL_EXCEEDS_AVAILABLE: (
        "counts.assistant",
        lambda: (request(counts={A: 3}), north(purchased={A: 3}, users=(pta("a1"),)), None),
    ),
    ProblemCode.ADDITION_EXCEEDS_MAXIMUM: (
        "counts.therapist",
        lambda: (
            request(kind=AdjustmentKind.ADD, reason=Reason.NEW_HIRE, counts={T: 2}),
            north(purchased={T: MAX_COUNT - 1}),
            None,
        ),
    ),
    ProblemCode.EXPLANATION_MISSING: (
        "explanation",
        lambda: (request(explanation=None), north(), None),
    ),
    ProblemCode.EXPLANATION_TOO_SHORT: (
        "explanation",
        lambda: (request(explanation="See the email."), north(), None),
    ),
    ProblemCode.EXPLANATION_TOO_LONG: (
        "explanation",
        lambda: (request(explanation="x" * (MAX_VALID_EXPLANATION_LENGTH + 1)), north(), None),
    ),
    ProblemCode.AFTER_REMOVAL_CUTOFF: (
        "submitted_at",
        lambda: (
            request(submitted_at=datetime(2026, 3, 20, 12, tzinfo=UTC)),
            north(billing=monthly(21)),
            None,
        ),
    ),
    ProblemCode.BELOW_SPARE: (
        "counts.assistant",
        lambda: (request(counts={A: 5}), north(), RetentionPolicy(keep={A: 1})),
    ),
    ProblemCode.ADD_WITH_AVAILABLE: (
        "counts.assistant",
        lambda: (request(kind=AdjustmentKind.ADD, reason=Reason.NEW_HIRE), north(), None),
    ),
    ProblemCode.REASON_MISMATCH: (
        "reason",
        lambda: (request(reason=Reason.NEW_HIRE), north(), None),
    ),
    ProblemCode.OVER_ASSIGNED: (
        "counts.assistant",
        lambda: (
            request(kind=AdjustmentKind.ADD, reason=Reason.NEW_HIRE, counts={A: 1}),
            north(purchased={A: 1}, users=(pta("a1"), pta("a2"))),
            None,
        ),
    ),
}


def test_every_problem_code_has_an_example() -> None:
    assert set(EXAMPLES) == set(ProblemCode)


def test_the_default_example_request_has_no_problem_at_all() -> None:
    report = validate_request(request(), north())

    assert report == ValidationReport()


@pytest.mark.parametrize("code", list(ProblemCode), ids=lambda code: code.value)
def test_each_example_reports_its_problem_alone_at_its_field(code: ProblemCode) -> None:
    field, example = EXAMPLES[code]
    req, org, policy = example()

    report = validate_request(req, org, policy=policy)

    assert codes_at(report) == {(code, field), *ALSO.get(code, ())}
    assert report.ok is (code in WARNINGS)


# --- the product's example and the messages ---------------------------------------------------


def eighteen_available() -> Organization:
    """The product's example: 20 Assistant licenses, 2 in use, so 18 available."""
    return north(purchased={A: 20}, users=(pta("a1"), pta("a2")))


def test_removing_17_of_18_available_assistant_licenses_is_ok() -> None:
    org = eighteen_available()
    req = request(counts={A: 17}, reason=Reason.UNUSED_LICENSES, explanation=EXPLANATION)

    report = validate_request(req, org, policy=RetentionPolicy(keep={A: 1}))

    assert usage(org.clinic("c1")).pool(A).available == 18
    assert report == ValidationReport()


def test_removing_19_of_18_available_assistant_licenses_is_an_error_naming_the_numbers() -> None:
    report = validate_request(request(counts={A: 19}), eighteen_available())

    assert not report.ok
    [problem] = report.errors
    assert problem.code is ProblemCode.REMOVAL_EXCEEDS_AVAILABLE
    assert problem.field == "counts.assistant"
    assert "19 Assistant licenses" in problem.message
    assert "only 18 available (20 purchased, 2 in use)" in problem.message


def test_removing_all_18_when_the_clinic_keeps_one_spare_is_a_warning() -> None:
    report = validate_request(
        request(counts={A: 18}), eighteen_available(), policy=RetentionPolicy(keep={A: 1})
    )

    assert report.ok
    [problem] = report.warnings
    assert problem.code is ProblemCode.BELOW_SPARE
    assert "leaves 0 available" in problem.message
    assert "the 1 spare" in problem.message
    assert "remove at most 17" in problem.message


def test_a_spare_overridden_for_another_clinic_does_not_apply() -> None:
    policy = RetentionPolicy(clinic_keep={"c2": {A: 3}})

    report = validate_request(request(counts={A: 5}), north(), policy=policy)

    assert report == ValidationReport()


def test_a_removal_after_the_cutoff_names_the_billing_missed_and_the_first_saved() -> None:
    req = request(submitted_at=datetime(2026, 3, 20, 12, tzinfo=UTC))

    report = validate_request(req, north(billing=monthly(21)))

    [problem] = report.warnings
    assert "cutoff of 2026-03-20 00:00+00:00" in problem.message
    assert "billing of 2026-03-21 00:00+00:00" in problem.message
    assert "saving starts with the billing of 2026-04-21 00:00+00:00" in problem.message


@pytest.mark.parametrize(
    "submitted_at",
    [datetime(2026, 3, 19, 23, 59, tzinfo=UTC), datetime(2026, 3, 20, 0, 0, tzinfo=UTC)],
    ids=["before", "exactly-at"],
)
def test_a_removal_up_to_the_cutoff_gets_no_cutoff_warning(submitted_at: datetime) -> None:
    report = validate_request(request(submitted_at=submitted_at), north(billing=monthly(21)))

    assert report == ValidationReport()


def test_a_removal_on_the_billing_moment_itself_is_on_time_for_the_next_one() -> None:
    req = request(submitted_at=datetime(2026, 3, 21, 0, 0, tzinfo=UTC))

    report = validate_request(req, north(billing=monthly(21)))

    assert report == ValidationReport()


def test_an_addition_after_the_cutoff_gets_no_cutoff_warning() -> None:
    req = request(
        kind=AdjustmentKind.ADD,
        reason=Reason.NEW_HIRE,
        counts={A: 1},
        submitted_at=datetime(2026, 3, 20, 12, tzinfo=UTC),
    )
    org = north(purchased={A: 1}, users=(pta("a1"),), billing=monthly(21))

    report = validate_request(req, org)

    assert report == ValidationReport()


def test_a_clinic_without_a_billing_calendar_gets_no_cutoff_warning() -> None:
    req = request(submitted_at=datetime(2026, 3, 20, 23, 59, tzinfo=UTC))

    report = validate_request(req, north())

    assert report == ValidationReport()


@pytest.mark.parametrize(
    ("anchor", "submitted_at"),
    [
        (datetime(9999, 12, 31, tzinfo=UTC), datetime(9999, 12, 30, 12, tzinfo=UTC)),
        (datetime(9999, 11, 30, tzinfo=UTC), datetime(9999, 12, 29, 12, tzinfo=UTC)),
        (
            datetime(1, 1, 1, tzinfo=timezone(-timedelta(hours=14))),
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
        ),
    ],
    ids=["no-billing-after-year-9999", "no-saved-billing-after-year-9999", "before-year-1"],
)
def test_a_billing_beyond_the_calendar_range_skips_the_cutoff_warning(
    anchor: datetime, submitted_at: datetime
) -> None:
    org = north(billing=BillingCycle(anchor=anchor))

    report = validate_request(request(submitted_at=submitted_at), org)

    assert report == ValidationReport()


def test_adding_while_licenses_are_available_names_the_available_count() -> None:
    org = north(purchased={A: 5}, users=(pta("a1"), pta("a2")))
    req = request(kind=AdjustmentKind.ADD, reason=Reason.NEW_HIRE, counts={A: 4})

    [problem] = validate_request(req, org).warnings

    assert problem.code is ProblemCode.ADD_WITH_AVAILABLE
    assert "3 Assistant licenses available (5 purchased, 2 in use)" in problem.message
    assert "4 more" in problem.message


def test_an_over_assigned_type_is_reported_with_its_removal_error() -> None:
    org = north(purchased={A: 1}, users=(pta("a1"), pta("a2"), pta("a3")))

    report = validate_request(request(counts={A: 1}), org)

    assert codes_at(report) == {
        (ProblemCode.REMOVAL_EXCEEDS_AVAILABLE, "counts.assistant"),
        (ProblemCode.OVER_ASSIGNED, "counts.assistant"),
    }
    [warning] = report.warnings
    assert "3 active Assistant users but 1 Assistant license purchased" in warning.message
    assert "2 over-assigned" in warning.message


def test_an_over_assigned_type_the_request_does_not_touch_is_not_reported() -> None:
    org = north(purchased={A: 5, T: 0}, users=(user("pt1"),))

    report = validate_request(request(counts={A: 1, T: 0}), org)

    assert report == ValidationReport()


def test_an_addition_up_to_the_maximum_is_not_an_error() -> None:
    org = north(purchased={T: MAX_COUNT - 2})
    req = request(kind=AdjustmentKind.ADD, reason=Reason.NEW_HIRE, counts={T: 2})

    report = validate_request(req, org)

    assert report.ok
    assert report.codes == {ProblemCode.ADD_WITH_AVAILABLE}


def test_exceeding_the_maximum_says_how_many_may_still_be_added() -> None:
    req, org, _ = EXAMPLES[ProblemCode.ADDITION_EXCEEDS_MAXIMUM][1]()

    [problem] = validate_request(req, org).errors

    assert f"to the {MAX_COUNT - 1:,} purchased" in problem.message
    assert "add at most 1." in problem.message
    assert f"maximum of {MAX_COUNT:,}" in problem.message


def test_a_clerical_count_is_an_error_even_in_an_unknown_clinic() -> None:
    report = validate_request(request(clinic_id="x", counts={LicenseType.CLERICAL: 3}), north())

    assert codes_at(report) == {
        (ProblemCode.UNKNOWN_CLINIC, "clinic_id"),
        (ProblemCode.CLERICAL_COUNT, "counts.clerical"),
    }


def test_a_zero_clerical_count_is_no_problem() -> None:
    report = validate_request(request(counts={A: 1, LicenseType.CLERICAL: 0}), north())

    assert report == ValidationReport()


@pytest.mark.parametrize("counts", [{}, {A: 0}, {LicenseType.CLERICAL: 0, T: 0}])
def test_a_request_without_a_non_zero_count_is_an_error(counts: dict[LicenseType, int]) -> None:
    report = validate_request(request(counts=counts), north())

    assert codes_at(report) == {(ProblemCode.NO_COUNTS, "counts")}


# --- explanations -----------------------------------------------------------------------------


@pytest.mark.parametrize("explanation", [None, "", "   ", "\n\t ", "\u200b\u200b"])
def test_a_missing_or_blank_explanation_is_missing(explanation: str | None) -> None:
    report = validate_request(request(explanation=explanation), north())

    assert report.codes == {ProblemCode.EXPLANATION_MISSING}


def test_an_explanation_padded_with_spaces_is_still_too_short() -> None:
    padded = "  " + " ".join("unused") + "  "

    [problem] = validate_request(request(explanation=padded), north()).errors

    assert problem.code is ProblemCode.EXPLANATION_TOO_SHORT
    assert "6 visible characters" in problem.message
    assert f"at least {MIN_VALID_EXPLANATION_LENGTH}" in problem.message


def test_an_explanation_of_exactly_the_minimum_is_real() -> None:
    text = "a" * MIN_VALID_EXPLANATION_LENGTH

    assert validate_request(request(explanation=text), north()).ok
    assert not validate_request(request(explanation=text[1:]), north()).ok


def test_an_explanation_of_exactly_the_maximum_is_not_too_long() -> None:
    text = "  " + "a" * MAX_VALID_EXPLANATION_LENGTH + "\n"

    assert validate_request(request(explanation=text), north()).ok


def test_a_too_long_explanation_names_its_length_and_the_limit() -> None:
    text = "a" * (MAX_VALID_EXPLANATION_LENGTH + 345)

    [problem] = validate_request(request(explanation=text), north()).errors

    assert "2,345 characters" in problem.message
    assert "at most 2,000" in problem.message


# --- reasons ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", list(Reason), ids=lambda reason: reason.value)
@pytest.mark.parametrize("kind", list(AdjustmentKind), ids=lambda kind: kind.value)
def test_a_reason_that_does_not_fit_the_kind_is_a_warning(
    reason: Reason, kind: AdjustmentKind
) -> None:
    report = validate_request(request(kind=kind, reason=reason), north())

    assert (ProblemCode.REASON_MISMATCH in report.codes) is (kind not in reason.kinds)
    assert ProblemCode.REASON_MISMATCH not in {p.code for p in report.errors}


def test_the_reason_mismatch_message_says_what_the_reason_is_for() -> None:
    [problem] = validate_request(request(reason=Reason.NEW_HIRE), north()).warnings

    assert "'new hire' is for adding licenses, but this request removes them" in problem.message


# --- every problem, in order ------------------------------------------------------------------


def test_every_problem_is_reported_not_just_the_first() -> None:
    org = organization(
        clinic("c1", purchased={A: 1}, users=[pta("a1"), pta("a2")], billing=monthly(21)),
        clinic("c2", users=[user("pt", status=UserStatus.INACTIVE, system=True)]),
    )
    req = request(
        requested_by="pt",
        counts={A: 2, T: 1, LicenseType.CLERICAL: 1},
        reason=Reason.NEW_HIRE,
        explanation="short",
        submitted_at=datetime(2026, 3, 20, 12, tzinfo=UTC),
    )

    report = validate_request(req, org)

    assert [(p.code, p.field) for p in report.errors] == [
        (ProblemCode.REQUESTER_INACTIVE, "requested_by"),
        (ProblemCode.REQUESTER_SYSTEM_ACCOUNT, "requested_by"),
        (ProblemCode.REQUESTER_NOT_AUTHORIZED, "requested_by"),
        (ProblemCode.REQUESTER_NO_CLINIC_ACCESS, "requested_by"),
        (ProblemCode.REMOVAL_EXCEEDS_AVAILABLE, "counts.therapist"),
        (ProblemCode.REMOVAL_EXCEEDS_AVAILABLE, "counts.assistant"),
        (ProblemCode.CLERICAL_COUNT, "counts.clerical"),
        (ProblemCode.EXPLANATION_TOO_SHORT, "explanation"),
    ]
    assert [(p.code, p.field) for p in report.warnings] == [
        (ProblemCode.OVER_ASSIGNED, "counts.assistant"),
        (ProblemCode.REASON_MISMATCH, "reason"),
        (ProblemCode.AFTER_REMOVAL_CUTOFF, "submitted_at"),
    ]


def test_problems_are_listed_field_by_field_as_the_form_reads_then_by_code() -> None:
    org = organization(clinic("c1", users=[user("old", status=UserStatus.INACTIVE), manager()]))
    req = request(
        clinic_id="c9",
        requested_by="old",
        counts={},
        reason=Reason.CLINIC_EXPANSION,
        explanation="x" * (MAX_VALID_EXPLANATION_LENGTH + 1),
    )

    report = validate_request(req, org)

    assert [(p.code, p.field) for p in report.errors] == [
        (ProblemCode.UNKNOWN_CLINIC, "clinic_id"),
        (ProblemCode.REQUESTER_INACTIVE, "requested_by"),
        (ProblemCode.REQUESTER_NOT_AUTHORIZED, "requested_by"),
        (ProblemCode.NO_COUNTS, "counts"),
        (ProblemCode.EXPLANATION_TOO_LONG, "explanation"),
    ]
    assert [(p.code, p.field) for p in report.warnings] == [
        (ProblemCode.REASON_MISMATCH, "reason"),
    ]


def test_count_problems_follow_the_license_types_whatever_the_order_of_the_counts() -> None:
    org = north(
        purchased={A: 1, LicenseType.STUDENT: 3},
        unlimited=(T,),
        users=(pta("a1"),),
        billing=monthly(21),
    )
    counts = {LicenseType.CLERICAL: 1, LicenseType.STUDENT: 3, A: 2, T: 1}
    req = request(counts=counts, submitted_at=datetime(2026, 3, 20, 12, tzinfo=UTC))

    report = validate_request(req, org, policy=RetentionPolicy(keep={LicenseType.STUDENT: 1}))

    assert [(p.code, p.field) for p in report.errors] == [
        (ProblemCode.UNLIMITED_POOL_COUNT, "counts.therapist"),
        (ProblemCode.REMOVAL_EXCEEDS_AVAILABLE, "counts.assistant"),
        (ProblemCode.CLERICAL_COUNT, "counts.clerical"),
    ]
    assert [(p.code, p.field) for p in report.warnings] == [
        (ProblemCode.BELOW_SPARE, "counts.student"),
        (ProblemCode.AFTER_REMOVAL_CUTOFF, "submitted_at"),
    ]


def test_an_unknown_clinic_skips_the_checks_that_need_the_clinic() -> None:
    org = organization(clinic("c1", purchased={A: 0}, users=[manager()], billing=monthly(21)))
    req = request(
        clinic_id="c9", counts={A: 50}, submitted_at=datetime(2026, 3, 20, 12, tzinfo=UTC)
    )

    report = validate_request(req, org)

    assert codes_at(report) == {(ProblemCode.UNKNOWN_CLINIC, "clinic_id")}
    assert "'c9'" in report.errors[0].message


def test_an_unknown_requester_skips_the_other_requester_checks() -> None:
    report = validate_request(request(requested_by="ghost", clinic_id="c9"), north())

    assert codes_at(report) == {
        (ProblemCode.UNKNOWN_CLINIC, "clinic_id"),
        (ProblemCode.UNKNOWN_REQUESTER, "requested_by"),
    }


def test_an_empty_organization_reports_the_clinic_and_the_requester_unknown() -> None:
    report = validate_request(request(), organization())

    assert report.codes == {ProblemCode.UNKNOWN_CLINIC, ProblemCode.UNKNOWN_REQUESTER}


# --- the report and problem types -------------------------------------------------------------


def test_problem_codes_are_lower_case_names_with_their_documented_severity() -> None:
    doc = ProblemCode.__doc__ or ""

    for code in ProblemCode:
        assert code.value == code.name.lower()
        assert code.severity is (Severity.WARNING if code in WARNINGS else Severity.ERROR)
        documented = re.search(rf"^ +{code.name}: (Error|Warning),", doc, re.MULTILINE)
        assert documented is not None, code
        assert documented.group(1).lower() == code.severity.value


def test_a_report_lists_errors_then_warnings_and_their_codes() -> None:
    error = Problem(code=ProblemCode.NO_COUNTS, message="No counts.", field="counts")
    warning = Problem(code=ProblemCode.REASON_MISMATCH, message="Mismatch.", field="reason")

    report = ValidationReport(errors=[error], warnings=[warning])

    assert report.errors == (error,)
    assert report.problems == (error, warning)
    assert report.codes == {ProblemCode.NO_COUNTS, ProblemCode.REASON_MISMATCH}
    assert not report.ok
    assert error.severity is Severity.ERROR
    assert warning.severity is Severity.WARNING


def test_a_report_refuses_a_warning_among_its_errors_and_an_error_among_its_warnings() -> None:
    error = Problem(code=ProblemCode.NO_COUNTS, message="No counts.", field="counts")
    warning = Problem(code=ProblemCode.REASON_MISMATCH, message="Mismatch.", field="reason")

    with pytest.raises(InvalidValueError, match=r"errors must hold only errors"):
        ValidationReport(errors=[warning])
    with pytest.raises(InvalidValueError, match=r"warnings must hold only warnings"):
        ValidationReport(warnings=[error])


def test_a_report_refuses_anything_but_problems() -> None:
    with pytest.raises(InvalidTypeError, match=r"errors must be made of Problem"):
        ValidationReport(errors=["oops"])  # type: ignore[list-item]
    with pytest.raises(InvalidTypeError, match=r"warnings must be a collection of Problem"):
        ValidationReport(warnings=3)  # type: ignore[arg-type]


def test_a_problem_refuses_a_blank_message_and_a_wrong_code() -> None:
    with pytest.raises(InvalidValueError, match=r"Problem.message must not be blank"):
        Problem(code=ProblemCode.NO_COUNTS, message=" ", field="counts")
    with pytest.raises(InvalidTypeError, match=r"Problem.message must be a string"):
        Problem(code=ProblemCode.NO_COUNTS, message=None, field="counts")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"Problem.code must be a ProblemCode"):
        Problem(code="no_counts", message="x", field="counts")  # type: ignore[arg-type]


# --- properties -------------------------------------------------------------------------------


#: The request's fields as `AdjustmentRequest` declares them: the order a report follows.
DECLARED = tuple(field.name for field in attrs.fields(AdjustmentRequest))
TYPE_VALUES = tuple(license_type.value for license_type in LicenseType)


def form_position(field: str) -> tuple[int, int]:
    """Where a problem's field is met on the form: the request's field, then the license type."""
    name, _, license_type = field.partition(".")
    return DECLARED.index(name), TYPE_VALUES.index(license_type) + 1 if license_type else 0


def reported(case: ValidationCase) -> ValidationReport:
    return validate_request(case.request, case.organization, policy=case.policy)


@given(validation_cases())
def test_validation_never_raises_and_reports_exactly_the_problems_the_case_was_built_with(
    case: ValidationCase,
) -> None:
    report = reported(case)
    event("validates" if report.ok else "refused")

    assert report.codes == case.codes
    assert report.ok is (not report.errors)
    assert all(p.severity is Severity.ERROR for p in report.errors)
    assert all(p.severity is Severity.WARNING for p in report.warnings)
    assert all(p.message.strip() for p in report.problems)


@given(validation_cases())
def test_every_problem_names_a_field_of_the_request_or_one_of_its_counts(
    case: ValidationCase,
) -> None:
    report = reported(case)

    for problem in report.problems:
        name, dot, license_type = problem.field.partition(".")
        assert name in DECLARED
        assert not dot or (name == "counts" and license_type in TYPE_VALUES)


@given(validation_cases())
def test_problems_follow_the_fields_in_declaration_order_then_the_codes_in_enum_order(
    case: ValidationCase,
) -> None:
    report = reported(case)
    target(float(len(report.problems)), label="problems in the report")
    codes = list(ProblemCode)

    for problems in (report.errors, report.warnings):
        keys = [(form_position(p.field), codes.index(p.code)) for p in problems]
        assert keys == sorted(keys)


@given(validation_cases(), st.data())
def test_the_report_is_the_same_whatever_the_order_of_the_counts_clinics_and_users(
    case: ValidationCase, data: st.DataObject
) -> None:
    req, org, policy, _ = case
    counts = dict(data.draw(st.permutations(list(req.counts.items()))))
    clinics = [
        attrs.evolve(c, users=data.draw(st.permutations(c.users)), pools=c.pools[::-1])
        for c in data.draw(st.permutations(org.clinics))
    ]
    reordered = attrs.evolve(org, clinics=clinics)

    report = validate_request(attrs.evolve(req, counts=counts), reordered, policy=policy)

    assert report == reported(case)


@given(validation_cases())
def test_the_report_depends_only_on_the_requests_clinic_and_the_requesters_home(
    case: ValidationCase,
) -> None:
    req, org, policy, _ = case
    homes = [c for c in org.clinics if c.has_user(req.requested_by)]
    relevant = {req.clinic_id, *(c.id for c in homes)}
    alone = attrs.evolve(org, clinics=[c for c in org.clinics if c.id in relevant])

    assert validate_request(req, alone, policy=policy) == validate_request(req, org, policy=policy)


_FULL_RANGE = st.datetimes(
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=14)), timezone(-timedelta(hours=14, minutes=59))]
    )
)


@given(anchor=_FULL_RANGE, submitted_at=_FULL_RANGE, cutoff=st.sampled_from([0, 24, 27 * 24]))
def test_validation_never_raises_for_any_moment_and_billing_anchor(
    anchor: datetime, submitted_at: datetime, cutoff: int
) -> None:
    org = north(billing=BillingCycle(anchor=anchor, cutoff=timedelta(hours=cutoff)))

    report = validate_request(request(submitted_at=submitted_at), org)

    assert report.ok
    assert report.codes <= {ProblemCode.AFTER_REMOVAL_CUTOFF}


@given(valid_requests(kind=AdjustmentKind.REMOVE), st.data())
def test_an_authorized_removal_is_ok_exactly_up_to_the_available_count(
    case: ValidationCase, data: st.DataObject
) -> None:
    req, org, policy, _ = case
    pools = usage(org.clinic(req.clinic_id))
    # A count can exceed the available count only when that is below the most a request holds.
    limited = [
        p
        for p in pools.pools
        if p.available is not None and p.available < MAX_COUNT and p.license_type.charged
    ]
    pool = data.draw(st.sampled_from(limited)) if limited else None

    report = validate_request(req, org, policy=policy)

    assert report.errors == ()
    if pool is not None:
        assert pool.available is not None
        over = data.draw(st.integers(min_value=pool.available + 1, max_value=MAX_COUNT))
        too_many = attrs.evolve(req, counts={**req.counts, pool.license_type: over})
        refused = validate_request(too_many, org, policy=policy)
        field = f"counts.{pool.license_type.value}"
        assert {(p.code, p.field) for p in refused.errors} == {
            (ProblemCode.REMOVAL_EXCEEDS_AVAILABLE, field)
        }


#: The message of each example's problem, exactly: what a clinic administrator reads.
MESSAGES: dict[ProblemCode, str] = {
    ProblemCode.UNKNOWN_CLINIC: (
        "No clinic with id 'nowhere' is in organization 'Org org': choose one of its clinics."
    ),
    ProblemCode.UNKNOWN_REQUESTER: (
        "No user with id 'ghost' is in organization 'Org org': submit the request as an "
        "existing User Manager."
    ),
    ProblemCode.REQUESTER_INACTIVE: (
        "User 'User old' (old) is inactive and cannot submit requests: have an active User "
        "Manager submit it, or reactivate the user first."
    ),
    ProblemCode.REQUESTER_SYSTEM_ACCOUNT: (
        "User 'User bot' (bot) is a system account: a person must submit and answer for a "
        "change to what the clinic pays. Have a User Manager submit it under their own "
        "name."
    ),
    ProblemCode.REQUESTER_NOT_AUTHORIZED: (
        "User 'User pt' (pt) has neither User Manager nor Admin permission: have a User "
        "Manager or an Admin submit it, or grant the permission first."
    ),
    ProblemCode.REQUESTER_NO_CLINIC_ACCESS: (
        "User 'User south-mgr' (south-mgr) is homed in clinic 'Clinic c2' (c2) and has no "
        "access to clinic 'Clinic c1' (c1): have a User Manager of that clinic submit it, "
        "or grant access first."
    ),
    ProblemCode.NO_COUNTS: (
        "The request names no licenses to remove: every count is 0. Enter how many licenses "
        "of which type to remove."
    ),
    ProblemCode.CLERICAL_COUNT: (
        "Clerical licenses are unlimited and free in every clinic, so there is nothing to "
        "remove: set the Clerical count (2) to 0."
    ),
    ProblemCode.UNLIMITED_POOL_COUNT: (
        "Clinic 'Clinic c1' (c1) holds Therapist licenses unlimited under its contract, so "
        "there is no count to change: set the count (2) to 0."
    ),
    ProblemCode.REMOVAL_EXCEEDS_AVAILABLE: (
        "Cannot remove 3 Assistant licenses from clinic 'Clinic c1' (c1): only 2 available "
        "(3 purchased, 1 in use). Remove at most 2, or deactivate users first."
    ),
    ProblemCode.ADDITION_EXCEEDS_MAXIMUM: (
        "Adding 2 Therapist licenses to the 99,999 purchased in clinic 'Clinic c1' (c1) "
        "exceeds the maximum of 100,000 per license type: add at most 1."
    ),
    ProblemCode.EXPLANATION_MISSING: (
        "The explanation is missing: say in a sentence or two why the clinic needs the "
        "change (at least 20 characters)."
    ),
    ProblemCode.EXPLANATION_TOO_SHORT: (
        "The explanation has 12 visible characters; a real one has at least 20: say who or "
        "what changed, and why."
    ),
    ProblemCode.EXPLANATION_TOO_LONG: (
        "The explanation has 2,001 characters; keep it to at most 2,000, with the facts the "
        "vendor needs."
    ),
    ProblemCode.AFTER_REMOVAL_CUTOFF: (
        "Submitted 2026-03-20 12:00+00:00, after the removal cutoff of 2026-03-20 "
        "00:00+00:00 for the billing of 2026-03-21 00:00+00:00 in clinic 'Clinic c1' (c1): "
        "that billing still charges the removed licenses, and the saving starts with the "
        "billing of 2026-04-21 00:00+00:00."
    ),
    ProblemCode.BELOW_SPARE: (
        "Removing 5 Assistant licenses leaves 0 available in clinic 'Clinic c1' (c1), fewer "
        "than the 1 spare the clinic keeps: remove at most 4 to keep them."
    ),
    ProblemCode.ADD_WITH_AVAILABLE: (
        "Clinic 'Clinic c1' (c1) still has 5 Assistant licenses available (5 purchased, 0 "
        "in use): assign those before paying for 1 more."
    ),
    ProblemCode.REASON_MISMATCH: (
        "The reason 'new hire' is for adding licenses, but this request removes them: "
        "choose a reason that fits, or 'other'."
    ),
    ProblemCode.OVER_ASSIGNED: (
        "Clinic 'Clinic c1' (c1) has 2 active Assistant users but 1 Assistant license "
        "purchased: 1 over-assigned. Add licenses to cover them or deactivate users; none "
        "of this type can be removed until then."
    ),
}


@pytest.mark.parametrize("code", list(ProblemCode), ids=lambda code: code.value)
def test_each_examples_problem_has_exactly_its_message(code: ProblemCode) -> None:
    _, example = EXAMPLES[code]
    req, org, policy = example()

    report = validate_request(req, org, policy=policy)

    assert [p.message for p in report.problems if p.code is code] == [MESSAGES[code]]


def test_a_clinics_own_spare_overrides_the_default_one() -> None:
    policy = RetentionPolicy(keep={A: 0}, clinic_keep={"c1": {A: 2}})

    report = validate_request(request(counts={A: 4}), north(), policy=policy)

    assert [p.message for p in report.warnings] == [
        (
            "Removing 4 Assistant licenses leaves 1 available in clinic 'Clinic c1' (c1), fewer "
            "than the 2 spare the clinic keeps: remove at most 3 to keep them."
        )
    ]


def test_a_spare_larger_than_what_is_available_leaves_nothing_to_remove() -> None:
    report = validate_request(request(counts={A: 1}), north(), policy=RetentionPolicy(keep={A: 7}))

    assert [p.message for p in report.warnings] == [
        (
            "Removing 1 Assistant license leaves 4 available in clinic 'Clinic c1' (c1), fewer "
            "than the 7 spare the clinic keeps: remove at most 0 to keep them."
        )
    ]


@pytest.mark.parametrize("invisible", ["\x00" * 5, "\u200b" * 3, " \t\n"])
def test_control_format_and_space_characters_are_not_visible(invisible: str) -> None:
    report = validate_request(request(explanation="x" * 19 + invisible), north())

    assert [p.message for p in report.errors] == [
        (
            "The explanation has 19 visible characters; a real one has at least 20: say who or "
            "what changed, and why."
        )
    ]


def test_an_addition_without_counts_and_a_reason_for_removing_say_adding() -> None:
    req = request(kind=AdjustmentKind.ADD, reason=Reason.STAFF_DEPARTURE, counts={})

    report = validate_request(req, north())

    assert [p.message for p in report.problems] == [
        (
            "The request names no licenses to add: every count is 0. Enter how many licenses of "
            "which type to add."
        ),
        (
            "The reason 'staff departure' is for removing licenses, but this request adds them: "
            "choose a reason that fits, or 'other'."
        ),
    ]
