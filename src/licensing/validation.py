"""Whether a license adjustment request may be processed: every problem, as data.

`validate_request` checks an `AdjustmentRequest` against the organization it is for and returns a
`ValidationReport` listing every problem it finds, each with a stable `ProblemCode`, a message
written for a clinic administrator and the path of the offending field of the request. Errors
block the request (`licensing.apply_request` refuses it); warnings are worth reading but do not.

>>> from datetime import datetime, timezone
>>> from licensing import (AdjustmentKind, AdjustmentRequest, Clinic, LicensePool, LicenseType,
...     Organization, Permission, Reason, User, UserType)
>>> manager = User(id="mgr", name="Morgan", user_type=UserType.CLERICAL,
...     permissions={Permission.USER_MANAGER})
>>> north = Clinic(id="north", name="North", users=[manager],
...     pools=[LicensePool(license_type=LicenseType.ASSISTANT, purchased=18)])
>>> request = AdjustmentRequest(clinic_id="north", requested_by="mgr",
...     kind=AdjustmentKind.REMOVE, counts={LicenseType.ASSISTANT: 19},
...     reason=Reason.UNUSED_LICENSES, explanation="Two assistants left; not replaced this year.",
...     submitted_at=datetime(2026, 3, 10, tzinfo=timezone.utc))
>>> report = validate_request(request, Organization(id="acme", name="Acme", clinics=[north]))
>>> report.ok, [(problem.code.value, problem.field) for problem in report.errors]
(False, [('removal_exceeds_available', 'counts.assistant')])
>>> report.errors[0].message.split(":")[0]
"Cannot remove 19 Assistant licenses from clinic 'North' (north)"
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final

import attrs

from licensing import _wording as wording
from licensing._checks import (
    Validator,
    as_tuple,
    check_argument,
    check_instance,
    fail_type,
    fail_value,
)
from licensing._text import is_blank, visible_length
from licensing.bounds import MAX_COUNT, MAX_VALID_EXPLANATION_LENGTH, MIN_VALID_EXPLANATION_LENGTH
from licensing.counting import PoolUsage, clinic_usage
from licensing.enums import AdjustmentKind, LicenseType, Permission, _Member
from licensing.errors import InvalidValueError, UnknownUserError
from licensing.model import AdjustmentRequest, Clinic, Organization
from licensing.policy import NO_SPARES, RetentionPolicy

__all__ = [
    "Problem",
    "ProblemCode",
    "Severity",
    "ValidationReport",
    "validate_request",
]

_VALIDATE: Final = "validate_request"


class Severity(_Member):
    """How much a problem matters: an error blocks the request, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


class ProblemCode(_Member):
    """What is wrong with an adjustment request: one member per rule `validate_request` checks.

    The value of each member is its name in lower case, and is stable: services may branch on it.
    Each member below says what triggers it, whether it is an error (the request cannot be
    processed) or a warning (it can, but the administrator should look), and what to do.

    Attributes:
        UNKNOWN_CLINIC: Error, field ``clinic_id``. No clinic of the organization has the
            request's clinic id. Every check that needs the clinic (access, pools, billing) is
            skipped. Choose one of the organization's clinics.
        UNKNOWN_REQUESTER: Error, field ``requested_by``. No clinic of the organization holds a
            user with that id. The other requester checks are skipped. Submit the request as an
            existing user.
        REQUESTER_INACTIVE: Error, field ``requested_by``. The requester is inactive and cannot
            log in. Have an active User Manager submit it, or reactivate the requester.
        REQUESTER_SYSTEM_ACCOUNT: Error, field ``requested_by``. The requester is a system
            (automation) account: a request changes what the clinic pays, so a person must
            submit it and answer for it. Have a User Manager submit it under their own name.
        REQUESTER_NOT_AUTHORIZED: Error, field ``requested_by``. The requester has neither User
            Manager nor Admin permission. Have a User Manager or an Admin submit it, or grant the
            permission first.
        REQUESTER_NO_CLINIC_ACCESS: Error, field ``requested_by``. The requester is neither homed
            in the request's clinic nor given access to it. Have a User Manager of that clinic
            submit it, or grant the requester access to the clinic first.
        NO_COUNTS: Error, field ``counts``. The request names no license type, or every count is
            0: there is nothing to process. Enter how many licenses of which type to add or
            remove.
        CLERICAL_COUNT: Error, field ``counts.clerical``. A non-zero count for Clerical licenses,
            which are unlimited and free in every clinic. Set the Clerical count to 0.
        UNLIMITED_POOL_COUNT: Error, field ``counts.<type>``. A non-zero count for a charged type
            the clinic's contract leaves unlimited: it has no count to change. Set the count to 0.
        REMOVAL_EXCEEDS_AVAILABLE: Error, field ``counts.<type>``. A REMOVE count larger than the
            type's available count (purchased minus active users, never below 0): licenses that
            users hold cannot be released. Lower the count to at most the available count, or
            deactivate users first.
        ADDITION_EXCEEDS_MAXIMUM: Error, field ``counts.<type>``. An ADD that would take the
            type's purchased count above `licensing.MAX_COUNT`, the most a pool can hold. Lower
            the count, or contact the vendor about the contract.
        EXPLANATION_MISSING: Error, field ``explanation``. No explanation, or a blank one: made
            only of characters that render as nothing (whitespace, zero-width and other format
            characters, variation selectors, Hangul fillers, the braille blank). Explain in a
            sentence or two why the clinic needs the change.
        EXPLANATION_TOO_SHORT: Error, field ``explanation``. Fewer than
            `licensing.MIN_VALID_EXPLANATION_LENGTH` visible characters (characters that render
            as nothing do not count): too short to say who or what changed and why. Write a
            real explanation.
        EXPLANATION_TOO_LONG: Error, field ``explanation``. More than
            `licensing.MAX_VALID_EXPLANATION_LENGTH` characters once leading and trailing
            whitespace is removed. Shorten it to the facts the vendor needs.
        AFTER_REMOVAL_CUTOFF: Warning, field ``submitted_at``. A REMOVE submitted after the
            removal cutoff of the clinic's next billing (only when the clinic's billing calendar
            is known): that billing still charges the removed licenses, and the saving starts one
            cycle later. The message names the billing missed and the first billing saved.
            Nothing to fix; submit removals earlier next time.
        BELOW_SPARE: Warning, field ``counts.<type>``. A REMOVE, within the available count, that
            leaves fewer available licenses than the retention policy's spare for that clinic and
            type. Lower the count if the clinic still wants its spare licenses.
        ADD_WITH_AVAILABLE: Warning, field ``counts.<type>``. An ADD of a type that still has
            available (paid, unassigned) licenses. Assign those first, or confirm that the clinic
            needs more than it has.
        REASON_MISMATCH: Warning, field ``reason``. The reason does not fit the request's kind
            (for example "new hire" on a REMOVE; see `licensing.Reason.kinds`). Choose a reason
            that fits, or "other".
        OVER_ASSIGNED: Warning, field ``counts.<type>``. The clinic already has more active users
            of a type the request touches than it purchased (as imported data can have). Add
            licenses to cover them, or deactivate users: no license of that type can be removed
            while it lasts.
    """

    UNKNOWN_CLINIC = "unknown_clinic"
    UNKNOWN_REQUESTER = "unknown_requester"
    REQUESTER_INACTIVE = "requester_inactive"
    REQUESTER_SYSTEM_ACCOUNT = "requester_system_account"
    REQUESTER_NOT_AUTHORIZED = "requester_not_authorized"
    REQUESTER_NO_CLINIC_ACCESS = "requester_no_clinic_access"
    NO_COUNTS = "no_counts"
    CLERICAL_COUNT = "clerical_count"
    UNLIMITED_POOL_COUNT = "unlimited_pool_count"
    REMOVAL_EXCEEDS_AVAILABLE = "removal_exceeds_available"
    ADDITION_EXCEEDS_MAXIMUM = "addition_exceeds_maximum"
    EXPLANATION_MISSING = "explanation_missing"
    EXPLANATION_TOO_SHORT = "explanation_too_short"
    EXPLANATION_TOO_LONG = "explanation_too_long"
    AFTER_REMOVAL_CUTOFF = "after_removal_cutoff"
    BELOW_SPARE = "below_spare"
    ADD_WITH_AVAILABLE = "add_with_available"
    REASON_MISMATCH = "reason_mismatch"
    OVER_ASSIGNED = "over_assigned"

    @property
    def severity(self) -> Severity:
        """Whether this problem is an error (blocks the request) or a warning.

        >>> ProblemCode.BELOW_SPARE.severity, ProblemCode.NO_COUNTS.severity
        (<Severity.WARNING: 'warning'>, <Severity.ERROR: 'error'>)
        """
        return Severity.WARNING if self in _WARNINGS else Severity.ERROR


_WARNINGS: Final = frozenset(
    {
        ProblemCode.AFTER_REMOVAL_CUTOFF,
        ProblemCode.BELOW_SPARE,
        ProblemCode.ADD_WITH_AVAILABLE,
        ProblemCode.REASON_MISMATCH,
        ProblemCode.OVER_ASSIGNED,
    }
)


def _check_message(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise fail_type(instance, attribute.name, value, "a string")
    if is_blank(value):
        raise fail_value(instance, attribute.name, value, "must not be blank")


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with an adjustment request.

    Attributes:
        code: Which rule it breaks; fixes the severity.
        message: What is wrong and what to do, for a clinic administrator, with the numbers.
        field: The path of the offending part of the request: ``"clinic_id"``,
            ``"requested_by"``, ``"kind"``, ``"counts"``, ``"counts.<license type value>"`` (for
            example ``"counts.assistant"``), ``"reason"``, ``"explanation"`` or
            ``"submitted_at"``.
    """

    code: ProblemCode = attrs.field(validator=check_instance(ProblemCode, "a ProblemCode"))
    message: str = attrs.field(validator=_check_message)
    field: str = attrs.field(validator=check_instance(str, "a string"))

    @property
    def severity(self) -> Severity:
        """The severity of the problem's code."""
        return self.code.severity


def _as_problems(value: Iterable[Problem]) -> tuple[Problem, ...]:
    return as_tuple(value)


def _check_problems(severity: Severity) -> Validator:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise fail_type(instance, attribute.name, value, "a collection of Problem")
        for problem in value:
            if not isinstance(problem, Problem):
                raise fail_type(instance, attribute.name, problem, "made of Problem")
            if problem.severity is not severity:
                raise fail_value(
                    instance, attribute.name, problem.code, f"must hold only {severity.value}s"
                )

    return validate


@attrs.frozen(kw_only=True)
class ValidationReport:
    """Every problem `validate_request` found in an adjustment request.

    Attributes:
        errors: Problems that block the request; each code's severity is `Severity.ERROR`.
        warnings: Problems worth reading that do not block it; each is a `Severity.WARNING`.

    >>> ValidationReport().ok
    True
    """

    errors: tuple[Problem, ...] = attrs.field(
        default=(), converter=_as_problems, validator=_check_problems(Severity.ERROR)
    )
    warnings: tuple[Problem, ...] = attrs.field(
        default=(), converter=_as_problems, validator=_check_problems(Severity.WARNING)
    )

    @property
    def ok(self) -> bool:
        """Whether the request may be processed: True exactly when there are no errors."""
        return not self.errors

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem: the errors, then the warnings."""
        return self.errors + self.warnings

    @property
    def codes(self) -> frozenset[ProblemCode]:
        """The codes of every problem, errors and warnings alike."""
        return frozenset(problem.code for problem in self.problems)


# --- ordering ---------------------------------------------------------------------------------

#: The request's fields in the order of `AdjustmentRequest`; ``counts.<type>`` follow ``counts``.
_FIELDS: Final = (
    "clinic_id",
    "requested_by",
    "kind",
    "counts",
    *(f"counts.{license_type.value}" for license_type in LicenseType),
    "reason",
    "explanation",
    "submitted_at",
)
_CODES: Final = tuple(ProblemCode)


def _report_order(problem: Problem) -> tuple[int, int]:
    """Sort key of problems in a report: by field, in request order, then by code, in enum order.

    Fields come in the order `AdjustmentRequest` declares them, with ``counts.<type>`` right after
    ``counts`` in `LicenseType` order; for one field, codes come in `ProblemCode` order. So a
    report lists problems as a reader meets the fields on the form, and is deterministic.
    """
    return _FIELDS.index(problem.field), _CODES.index(problem.code)


# --- the checks -------------------------------------------------------------------------------


def _problem(code: ProblemCode, field: str, message: str) -> Problem:
    return Problem(code=code, message=message, field=field)


def _requester_problems(
    request: AdjustmentRequest, organization: Organization, clinic: Clinic | None
) -> Iterator[Problem]:
    field = "requested_by"
    try:
        home = organization.home_clinic(request.requested_by)
    except UnknownUserError:
        yield _problem(
            ProblemCode.UNKNOWN_REQUESTER,
            field,
            f"No user with id {request.requested_by!r} is in organization {organization.name!r}: "
            "submit the request as an existing User Manager.",
        )
        return
    user = home.user(request.requested_by)
    who = wording.user_label(user.id, user.name)
    if not user.active:
        yield _problem(
            ProblemCode.REQUESTER_INACTIVE,
            field,
            f"User {who} is inactive and cannot submit requests: have an active User Manager "
            "submit it, or reactivate the user first.",
        )
    if user.system:
        yield _problem(
            ProblemCode.REQUESTER_SYSTEM_ACCOUNT,
            field,
            f"User {who} is a system account: a person must submit and answer for a change to "
            "what the clinic pays. Have a User Manager submit it under their own name.",
        )
    if not user.has_permission(Permission.USER_MANAGER):
        yield _problem(
            ProblemCode.REQUESTER_NOT_AUTHORIZED,
            field,
            f"User {who} has neither User Manager nor Admin permission: have a User Manager or "
            "an Admin submit it, or grant the permission first.",
        )
    if clinic is not None and home.id != clinic.id and clinic.id not in user.clinic_access:
        yield _problem(
            ProblemCode.REQUESTER_NO_CLINIC_ACCESS,
            field,
            f"User {who} is homed in {_clinic(home)} and has no access to {_clinic(clinic)}: "
            "have a User Manager of that clinic submit it, or grant access first.",
        )


def _count_problems(request: AdjustmentRequest) -> Iterator[Problem]:
    """The problems of the counts that need no clinic: none at all, and Clerical."""
    verb = "add" if request.kind is AdjustmentKind.ADD else "remove"
    if not any(request.counts.values()):
        yield _problem(
            ProblemCode.NO_COUNTS,
            "counts",
            f"The request names no licenses to {verb}: every count is 0. Enter how many licenses "
            f"of which type to {verb}.",
        )
    clerical = request.count(LicenseType.CLERICAL)
    if clerical:
        yield _problem(
            ProblemCode.CLERICAL_COUNT,
            f"counts.{LicenseType.CLERICAL.value}",
            f"Clerical licenses are unlimited and free in every clinic, so there is nothing to "
            f"{verb}: set the Clerical count ({wording.number(clerical)}) to 0.",
        )


def _clinic(clinic: Clinic) -> str:
    return wording.clinic_label(clinic.id, clinic.name)


def _pool_problems(
    request: AdjustmentRequest, clinic: Clinic, pool: PoolUsage, spare: int
) -> Iterator[Problem]:
    """The problems of one charged type's non-zero count, against the clinic's usage of it."""
    n = wording.number
    license_type = pool.license_type
    field = f"counts.{license_type.value}"
    count = request.count(license_type)
    type_name = wording.type_name(license_type)
    where = _clinic(clinic)
    where_first = where[0].upper() + where[1:]  # at the start of a sentence
    if pool.purchased is None or pool.available is None:
        yield _problem(
            ProblemCode.UNLIMITED_POOL_COUNT,
            field,
            f"{where_first} holds {type_name} licenses unlimited under its contract, so there is "
            f"no count to change: set the count ({n(count)}) to 0.",
        )
        return
    if pool.over_assigned:
        yield _problem(
            ProblemCode.OVER_ASSIGNED,
            field,
            f"{where_first} has {n(pool.used)} active {type_name} users but "
            f"{wording.licenses(pool.purchased, license_type)} purchased: "
            f"{n(pool.over_assigned)} over-assigned. Add licenses to cover them or deactivate "
            "users; none of this type can be removed until then.",
        )
    state = f"{n(pool.purchased)} purchased, {n(pool.used)} in use"
    if request.kind is AdjustmentKind.REMOVE:
        if count > pool.available:
            yield _problem(
                ProblemCode.REMOVAL_EXCEEDS_AVAILABLE,
                field,
                f"Cannot remove {wording.licenses(count, license_type)} from {where}: only "
                f"{n(pool.available)} available ({state}). Remove at most "
                f"{n(pool.available)}, or deactivate users first.",
            )
        elif pool.available - count < spare:
            yield _problem(
                ProblemCode.BELOW_SPARE,
                field,
                f"Removing {wording.licenses(count, license_type)} leaves "
                f"{n(pool.available - count)} available in {where}, fewer than the {n(spare)} "
                f"spare the clinic keeps: remove at most {n(max(0, pool.available - spare))} to "
                "keep them.",
            )
        return
    if pool.purchased + count > MAX_COUNT:
        yield _problem(
            ProblemCode.ADDITION_EXCEEDS_MAXIMUM,
            field,
            f"Adding {wording.licenses(count, license_type)} to the {n(pool.purchased)} "
            f"purchased in {where} exceeds the maximum of {n(MAX_COUNT)} per license type: add "
            f"at most {n(MAX_COUNT - pool.purchased)}.",
        )
    if pool.available:
        yield _problem(
            ProblemCode.ADD_WITH_AVAILABLE,
            field,
            f"{where_first} still has {wording.licenses(pool.available, license_type)} "
            f"available ({state}): assign those before paying for {n(count)} more.",
        )


def _cutoff_problems(request: AdjustmentRequest, clinic: Clinic) -> Iterator[Problem]:
    """The removal-cutoff warning: a REMOVE after the cutoff saves nothing on the next billing."""
    billing = clinic.billing
    if request.kind is not AdjustmentKind.REMOVE or billing is None:
        return
    try:
        timing = billing.removal_timing(request.submitted_at)
    except InvalidValueError:
        # A billing beyond the calendar's range (year 1 or 9999): no date to warn about.
        return
    missed, cutoff, saved = timing.next_billing, timing.cutoff, timing.first_saved_billing
    if saved == missed:  # on time: the next billing is the first one saved
        return
    # In the clinic's billing zone, at a precision that tells the submission from the cutoff.
    submitted, cutoff_at, missed_at, saved_at = wording.moments(
        request.submitted_at.astimezone(missed.tzinfo), cutoff, missed, saved
    )
    yield _problem(
        ProblemCode.AFTER_REMOVAL_CUTOFF,
        "submitted_at",
        f"Submitted {submitted}, after the removal cutoff of {cutoff_at} for the billing of "
        f"{missed_at} in {_clinic(clinic)}: that billing still charges the removed licenses, and "
        f"the saving starts with the billing of {saved_at}.",
    )


def _clinic_problems(
    request: AdjustmentRequest, clinic: Clinic, policy: RetentionPolicy
) -> Iterator[Problem]:
    usage = clinic_usage(clinic)
    for license_type in LicenseType:
        if license_type.charged and request.count(license_type):
            spare = policy.spare(clinic.id, license_type)
            yield from _pool_problems(request, clinic, usage.pool(license_type), spare)
    yield from _cutoff_problems(request, clinic)


def _explanation_problems(request: AdjustmentRequest) -> Iterator[Problem]:
    field = "explanation"
    text = request.explanation or ""  # missing or empty: the same problem
    if is_blank(text):
        yield _problem(
            ProblemCode.EXPLANATION_MISSING,
            field,
            "The explanation is missing: say in a sentence or two why the clinic needs the change "
            f"(at least {MIN_VALID_EXPLANATION_LENGTH} characters).",
        )
        return
    visible = visible_length(text)
    if visible < MIN_VALID_EXPLANATION_LENGTH:
        yield _problem(
            ProblemCode.EXPLANATION_TOO_SHORT,
            field,
            f"The explanation has {wording.number(visible)} visible characters; a real one has "
            f"at least {MIN_VALID_EXPLANATION_LENGTH}: say who or what changed, and why.",
        )
    length = len(text.strip())
    if length > MAX_VALID_EXPLANATION_LENGTH:
        yield _problem(
            ProblemCode.EXPLANATION_TOO_LONG,
            field,
            f"The explanation has {wording.number(length)} characters; keep it to at most "
            f"{wording.number(MAX_VALID_EXPLANATION_LENGTH)}, with the facts the vendor needs.",
        )


def _reason_problems(request: AdjustmentRequest) -> Iterator[Problem]:
    if request.kind not in request.reason.kinds:
        fits = "adding" if request.kind is AdjustmentKind.REMOVE else "removing"
        does = "removes" if request.kind is AdjustmentKind.REMOVE else "adds"
        reason = request.reason.value.replace("_", " ")
        yield _problem(
            ProblemCode.REASON_MISMATCH,
            "reason",
            f"The reason {reason!r} is for {fits} licenses, but this request {does} them: "
            "choose a reason that fits, or 'other'.",
        )


def validate_request(
    request: AdjustmentRequest,
    organization: Organization,
    *,
    policy: RetentionPolicy | None = None,
) -> ValidationReport:
    """Check an adjustment request against its organization and report every problem.

    The rules are those of the product's "Request License Adjustment" form, one `ProblemCode`
    each (its docstring lists them): the clinic and the requester must exist; the requester must
    be an active person (not a system account) with User Manager or Admin permission, homed in
    the clinic or given access to it; at least one count must be non-zero, never for Clerical or
    for a type the clinic holds unlimited; a REMOVE takes at most the type's available count (so
    no license a user holds is released) and an ADD stays within `licensing.MAX_COUNT`; the
    explanation must be a real one. Warnings flag a REMOVE past the billing cutoff, a REMOVE
    below the policy's spare, an ADD while licenses are available, a reason that does not fit the
    kind, and an over-assigned type.

    Every problem is reported, not just the first. When the clinic is unknown, the checks that
    need it (access, pools, billing) are skipped; when the requester is unknown, so are the other
    requester checks. Problems are ordered by field, in the order `AdjustmentRequest` declares
    its fields (``counts.<type>`` after ``counts``, in `LicenseType` order), then by code in
    `ProblemCode` order: the same request always gives the same report.

    It never raises for a well-typed request, whatever the organization holds; arguments of the
    wrong type are an `licensing.InvalidTypeError`. Its cost does not
    grow with the organization: clinics and users are found through the organization's indexes,
    and usage is counted for the request's clinic only.

    Args:
        request: The request to check.
        organization: The organization it is for, as it stands before the request.
        policy: Spare licenses to keep available (for `ProblemCode.BELOW_SPARE`); no spare when
            ``None``.

    Returns:
        The report: errors and warnings, each in the order above. ``report.ok`` tells whether the
        request may be processed.
    """
    check_argument(_VALIDATE, "request", request, AdjustmentRequest, "an AdjustmentRequest")
    check_argument(_VALIDATE, "organization", organization, Organization, "an Organization")
    check_argument(
        _VALIDATE, "policy", policy, (RetentionPolicy, type(None)), "a RetentionPolicy or None"
    )
    policy = policy if policy is not None else NO_SPARES
    clinic = (
        organization.clinic(request.clinic_id)
        if organization.has_clinic(request.clinic_id)
        else None
    )
    problems: list[Problem] = []
    if clinic is None:
        problems.append(
            _problem(
                ProblemCode.UNKNOWN_CLINIC,
                "clinic_id",
                f"No clinic with id {request.clinic_id!r} is in organization "
                f"{organization.name!r}: choose one of its clinics.",
            )
        )
    problems.extend(_requester_problems(request, organization, clinic))
    problems.extend(_count_problems(request))
    if clinic is not None:
        problems.extend(_clinic_problems(request, clinic, policy))
    problems.extend(_reason_problems(request))
    problems.extend(_explanation_problems(request))
    problems.sort(key=_report_order)
    return ValidationReport(
        errors=tuple(p for p in problems if p.severity is Severity.ERROR),
        warnings=tuple(p for p in problems if p.severity is Severity.WARNING),
    )
