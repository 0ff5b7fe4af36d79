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

import enum
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Final

import attrs

from licensing._checks import (
    MAX_COUNT,
    Validator,
    as_tuple,
    check_instance,
    fail_type,
    fail_value,
)
from licensing.enums import AdjustmentKind, LicenseType, Permission
from licensing.errors import UnknownUserError
from licensing.model import AdjustmentRequest, Clinic, Organization, User
from licensing.policy import RetentionPolicy
from licensing.usage import PoolUsage, clinic_usage

__all__ = [
    "EXPLANATION_MAX_LENGTH",
    "EXPLANATION_MIN_LENGTH",
    "Problem",
    "ProblemCode",
    "Severity",
    "ValidationReport",
    "validate_request",
]

#: The fewest visible characters a real explanation has ("Two PTAs left in May." has 17, so a
#: sentence that names who or what and why clears it; "n/a", "see email" or "unused" do not).
#: Whitespace and invisible control or format characters do not count.
EXPLANATION_MIN_LENGTH: Final = 20
#: The most characters (leading and trailing whitespace aside) a real explanation needs: a long
#: paragraph is about 1,000; more than 2,000 is a pasted document, not an explanation.
EXPLANATION_MAX_LENGTH: Final = 2000


class Severity(enum.Enum):
    """How much a problem matters: an error blocks the request, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


class ProblemCode(enum.Enum):
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
        EXPLANATION_MISSING: Error, field ``explanation``. No explanation, or one with no visible
            character. Explain in a sentence or two why the clinic needs the change.
        EXPLANATION_TOO_SHORT: Error, field ``explanation``. Fewer than `EXPLANATION_MIN_LENGTH`
            visible characters (whitespace and invisible characters do not count): too short to
            say who or what changed and why. Write a real explanation.
        EXPLANATION_TOO_LONG: Error, field ``explanation``. More than `EXPLANATION_MAX_LENGTH`
            characters once leading and trailing whitespace is removed. Shorten it to the facts
            the vendor needs.
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
    if not value.strip():
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


# --- wording ----------------------------------------------------------------------------------


def _n(count: int) -> str:
    return f"{count:,}"


def _licenses(count: int, license_type: LicenseType) -> str:
    """``"1 Assistant license"``, ``"17 Assistant licenses"``."""
    return f"{_n(count)} {_type_name(license_type)} license{'' if count == 1 else 's'}"


def _type_name(license_type: LicenseType) -> str:
    return license_type.value.title()


def _clinic_name(clinic: Clinic) -> str:
    return f"clinic {clinic.name!r} ({clinic.id})"


def _user_name(user: User) -> str:
    return f"{user.name!r} ({user.id})"


def _when(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="minutes")


def _visible_length(text: str) -> int:
    """The characters a reader sees: not whitespace, not control or format characters."""
    return sum(1 for c in text if not c.isspace() and unicodedata.category(c) not in {"Cc", "Cf"})


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

_NO_SPARE: Final = RetentionPolicy()


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
    who = _user_name(user)
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
            f"User {who} is homed in {_clinic_name(home)} and has no access to "
            f"{_clinic_name(clinic)}: have a User Manager of that clinic submit it, or grant "
            "access first.",
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
            f"{verb}: set the Clerical count ({_n(clerical)}) to 0.",
        )


def _pool_problems(
    request: AdjustmentRequest, clinic: Clinic, pool: PoolUsage, spare: int
) -> Iterator[Problem]:
    """The problems of one charged type's non-zero count, against the clinic's usage of it."""
    license_type = pool.license_type
    field = f"counts.{license_type.value}"
    count = request.count(license_type)
    where = _clinic_name(clinic)
    where_first = where[0].upper() + where[1:]  # at the start of a sentence
    if pool.purchased is None or pool.available is None:
        yield _problem(
            ProblemCode.UNLIMITED_POOL_COUNT,
            field,
            f"{where_first} holds {_type_name(license_type)} licenses unlimited under its "
            f"contract, so there is no count to change: set the count ({_n(count)}) to 0.",
        )
        return
    if pool.over_assigned:
        yield _problem(
            ProblemCode.OVER_ASSIGNED,
            field,
            f"{where_first} has {_n(pool.used)} active {_type_name(license_type)} users but "
            f"{_licenses(pool.purchased, license_type)} purchased: "
            f"{_n(pool.over_assigned)} over-assigned. Add licenses to cover them or deactivate "
            "users; none of this type can be removed until then.",
        )
    state = f"{_n(pool.purchased)} purchased, {_n(pool.used)} in use"
    if request.kind is AdjustmentKind.REMOVE:
        if count > pool.available:
            yield _problem(
                ProblemCode.REMOVAL_EXCEEDS_AVAILABLE,
                field,
                f"Cannot remove {_licenses(count, license_type)} from {where}: only "
                f"{_n(pool.available)} available ({state}). Remove at most "
                f"{_n(pool.available)}, or deactivate users first.",
            )
        elif pool.available - count < spare:
            yield _problem(
                ProblemCode.BELOW_SPARE,
                field,
                f"Removing {_licenses(count, license_type)} leaves {_n(pool.available - count)} "
                f"available in {where}, fewer than the {_n(spare)} spare the clinic keeps: "
                f"remove at most {_n(max(0, pool.available - spare))} to keep them.",
            )
        return
    if pool.purchased + count > MAX_COUNT:
        yield _problem(
            ProblemCode.ADDITION_EXCEEDS_MAXIMUM,
            field,
            f"Adding {_licenses(count, license_type)} to the {_n(pool.purchased)} purchased in "
            f"{where} exceeds the maximum of {_n(MAX_COUNT)} per license type: add at most "
            f"{_n(MAX_COUNT - pool.purchased)}.",
        )
    if pool.available:
        yield _problem(
            ProblemCode.ADD_WITH_AVAILABLE,
            field,
            f"{where_first} still has {_licenses(pool.available, license_type)} available "
            f"({state}): assign those before paying for {_n(count)} more.",
        )


def _cutoff_problems(request: AdjustmentRequest, clinic: Clinic) -> Iterator[Problem]:
    """The removal-cutoff warning: a REMOVE after the cutoff saves nothing on the next billing."""
    billing = clinic.billing
    if request.kind is not AdjustmentKind.REMOVE or billing is None:
        return
    try:
        missed = billing.next_billing(request.submitted_at)
        cutoff = missed - billing.cutoff
        if request.submitted_at <= cutoff:
            return
        saved = billing.next_billing(missed)
    except (OverflowError, ValueError):
        # A billing beyond the calendar's range (year 1 or 9999): no date to warn about.
        return
    yield _problem(
        ProblemCode.AFTER_REMOVAL_CUTOFF,
        "submitted_at",
        f"Submitted {_when(request.submitted_at)}, after the removal cutoff of {_when(cutoff)} "
        f"for the billing of {_when(missed)} in {_clinic_name(clinic)}: that billing still "
        f"charges the removed licenses, and the saving starts with the billing of {_when(saved)}.",
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
    visible = _visible_length(text)
    if visible == 0:
        yield _problem(
            ProblemCode.EXPLANATION_MISSING,
            field,
            "The explanation is missing: say in a sentence or two why the clinic needs the change "
            f"(at least {EXPLANATION_MIN_LENGTH} characters).",
        )
        return
    if visible < EXPLANATION_MIN_LENGTH:
        yield _problem(
            ProblemCode.EXPLANATION_TOO_SHORT,
            field,
            f"The explanation has {_n(visible)} visible characters; a real one has at least "
            f"{EXPLANATION_MIN_LENGTH}: say who or what changed, and why.",
        )
    length = len(text.strip())
    if length > EXPLANATION_MAX_LENGTH:
        yield _problem(
            ProblemCode.EXPLANATION_TOO_LONG,
            field,
            f"The explanation has {_n(length)} characters; keep it to at most "
            f"{_n(EXPLANATION_MAX_LENGTH)}, with the facts the vendor needs.",
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

    It never raises for a well-typed request, whatever the organization holds. Its cost does not
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
    policy = policy if policy is not None else _NO_SPARE
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
