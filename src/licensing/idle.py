"""Idle licenses: active users who hold a billed license and show no sign of using it.

`licensing.propose_removals` finds licenses that are already free. The larger waste is a license
held by an *active* user who left or never started: the product flags nobody, so it stays billed.
`find_idle` reads the evidence there is (the last activity, and since when the license is held)
against an `InactivityPolicy`, and reports each idle user as an `IdleUser` with its kind of
evidence and a `Confidence`. Inactivity is evidence, not a verdict: people on leave, PRN staff and
new hires who have not logged in yet look idle too, which is what thresholds, grace and
exemptions are for.

>>> from datetime import UTC, datetime, timedelta, timezone
>>> from licensing import Clinic, LicensePool, LicenseType, User, UserType
>>> now = datetime(2026, 6, 1, tzinfo=timezone.utc)
>>> clinic = Clinic(
...     id="north",
...     name="North",
...     pools=[LicensePool(license_type=LicenseType.THERAPIST, purchased=3)],
...     users=[
...         User(id="ann", name="Ann", user_type=UserType.PT, last_active_at=now),
...         User(
...             id="bo",
...             name="Bo",
...             user_type=UserType.PT,
...             last_active_at=now - timedelta(days=200),
...         ),
...         User(
...             id="cy",
...             name="Cy",
...             user_type=UserType.OT,
...             licensed_since=now - timedelta(days=100),
...         ),
...     ],
... )
>>> for idle in find_idle(clinic, now=now).users:
...     print(idle.user_id, idle.kind.value, idle.idle_for.days, idle.confidence.value)
bo dormant 200 high
cy never_active 100 medium
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final, overload

import attrs

from licensing._checks import (
    as_frozenset,
    as_tuple,
    as_type_map,
    check_argument,
    check_aware_value,
    check_id,
    check_instance,
    check_optional_aware,
    check_text,
    check_timedelta,
    check_type_map,
    collection_check,
    fail_type,
    fail_value,
    is_mapping,
    trusted,
)
from licensing._frozenmap import FrozenMap
from licensing._tables import Row, cell, html_table
from licensing.bounds import MAX_ID_LENGTH, MAX_INACTIVITY, MAX_NAME_LENGTH
from licensing.enums import Confidence, IdleKind, LicenseType, UserStatus, UserType
from licensing.model import Clinic, Organization, User

__all__ = ["IdleReport", "IdleUser", "InactivityPolicy", "confidence_of", "find_idle"]

_FIND_IDLE: Final = "find_idle"
_THRESHOLD_FOR: Final = "InactivityPolicy.threshold_for"
_CONFIDENCE_OF: Final = "confidence_of"
_ZERO: Final = timedelta(0)


# --- the policy -------------------------------------------------------------------------------


def _check_duration_value(instance: object, field: str, value: object) -> None:
    duration = check_timedelta(instance, field, value)
    if duration <= _ZERO:
        raise fail_value(instance, field, value, "must be positive")
    if duration > MAX_INACTIVITY:
        raise fail_value(instance, field, value, f"must be at most {MAX_INACTIVITY.days:,} days")


def _check_duration(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_duration_value(instance, attribute.name, value)


def _as_duration(value: timedelta) -> timedelta:
    return value  # the validator checks it


def _as_thresholds(
    value: Mapping[LicenseType, timedelta] | None,
) -> FrozenMap[LicenseType, timedelta]:
    return as_type_map(value, _as_duration)


_check_threshold_map = check_type_map(
    _check_duration_value, "a mapping of LicenseType to timedelta"
)


def _check_thresholds(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_threshold_map(instance, attribute.name, value)


def _as_exempt(value: Iterable[str]) -> frozenset[str]:
    # A mapping gives its keys (id to the reason); anything else the validator names.
    return as_frozenset(value.keys() if is_mapping(value) else value)  # type: ignore[attr-defined]


def _check_exempt(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, frozenset):
        raise fail_type(instance, attribute.name, value, "a collection of user ids")
    for user_id in value:
        check_text(instance, attribute.name, user_id, limit=MAX_ID_LENGTH, what="user id")


@attrs.frozen(kw_only=True)
class InactivityPolicy:
    """How long a user may show no activity before its license counts as idle.

    Attributes:
        threshold: A user whose last activity is more than this before "now" is dormant
            (default 90 days, GitHub's and GitLab's dormancy).
        thresholds: `LicenseType` to a threshold that replaces ``threshold`` for that type
            (students on short rotations, say); ``None`` or empty: none.
        grace: A license held for at most this long is never flagged, whatever the activity
            says (a new hire who has not logged in yet; default 30 days).
        exempt: Ids of users never flagged (on leave, PRN, seasonal staff); any iterable of ids
            but a single string (a mapping gives its keys: ids to the reason of each), stored as
            a frozenset.

    Every duration is positive and at most `licensing.MAX_INACTIVITY`.

    >>> from datetime import timedelta
    >>> policy = InactivityPolicy(thresholds={LicenseType.STUDENT: timedelta(days=30)})
    >>> policy.threshold_for(LicenseType.STUDENT).days
    30
    >>> policy.threshold_for(LicenseType.THERAPIST).days
    90
    """

    threshold: timedelta = attrs.field(default=timedelta(days=90), validator=_check_duration)
    thresholds: FrozenMap[LicenseType, timedelta] = attrs.field(
        default=None, converter=_as_thresholds, validator=_check_thresholds
    )
    grace: timedelta = attrs.field(default=timedelta(days=30), validator=_check_duration)
    exempt: frozenset[str] = attrs.field(
        default=frozenset(), converter=_as_exempt, validator=_check_exempt
    )

    def threshold_for(self, license_type: LicenseType) -> timedelta:
        """Return the threshold of ``license_type``: its override, else ``threshold``.

        Raises:
            InvalidTypeError: ``license_type`` is not a `LicenseType`.
        """
        check_argument(_THRESHOLD_FOR, "license_type", license_type, LicenseType, "a LicenseType")
        return self.thresholds.get(license_type, self.threshold)


# --- the evidence -----------------------------------------------------------------------------


def confidence_of(kind: IdleKind, idle_for: timedelta | None, threshold: timedelta) -> Confidence:
    """How strong the evidence of an idle license is: the one rule of `Confidence`.

    - `IdleKind.UNKNOWN` (no activity and no date of licensing): always `Confidence.LOW`.
    - `IdleKind.DORMANT` (a recorded activity, more than ``threshold`` ago): `Confidence.HIGH`
      once the idle time is more than twice the threshold, else `Confidence.MEDIUM`. A recorded
      activity that stopped is the strongest evidence there is.
    - `IdleKind.NEVER_ACTIVE` (no activity recorded, the license held longer than the grace):
      one step weaker at each length, since a missing record may be a missing feed (an account
      used only through an integration): `Confidence.LOW` while the license has been held at
      most ``threshold``, `Confidence.MEDIUM` up to twice it, `Confidence.HIGH` beyond.

    So more idle time never lowers the confidence.

    Raises:
        InvalidTypeError: An argument has the wrong type.
        InvalidValueError: ``idle_for`` or ``threshold`` is not positive.
    """
    check_argument(_CONFIDENCE_OF, "kind", kind, IdleKind, "an IdleKind")
    check_argument(
        _CONFIDENCE_OF, "idle_for", idle_for, (timedelta, type(None)), "a timedelta or None"
    )
    check_argument(_CONFIDENCE_OF, "threshold", threshold, timedelta, "a timedelta")
    if idle_for is not None and idle_for <= _ZERO:
        raise fail_value(_CONFIDENCE_OF, "idle_for", idle_for, "must be positive or None")
    if threshold <= _ZERO:
        raise fail_value(_CONFIDENCE_OF, "threshold", threshold, "must be positive")
    return _confidence(kind, idle_for, threshold)


def _confidence(kind: IdleKind, idle_for: timedelta | None, threshold: timedelta) -> Confidence:
    """`confidence_of`, without the checks of its arguments (`find_idle` passes its own)."""
    if kind is IdleKind.UNKNOWN or idle_for is None:
        return Confidence.LOW
    # ``idle_for - threshold > threshold``: twice a long threshold could overflow a timedelta,
    # the difference of two positive durations never does.
    beyond = idle_for - threshold
    if kind is IdleKind.DORMANT:
        return Confidence.HIGH if beyond > threshold else Confidence.MEDIUM
    if beyond > threshold:
        return Confidence.HIGH
    return Confidence.MEDIUM if beyond > _ZERO else Confidence.LOW


def _check_idle_type(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, LicenseType):
        raise fail_type(instance, attribute.name, value, "a LicenseType")
    if not value.charged:
        raise fail_value(
            instance, attribute.name, value, "must be a charged license type: Clerical is free"
        )


def _check_last_active(instance: IdleUser, attribute: attrs.Attribute[Any], value: object) -> None:
    check_optional_aware(instance, attribute, value)
    if (value is None) == (instance.kind is IdleKind.DORMANT):
        need = "a moment for a dormant user" if value is None else "None unless the user is dormant"
        raise fail_value(instance, attribute.name, value, f"must be {need}")


def _check_licensed_since(
    instance: IdleUser, attribute: attrs.Attribute[Any], value: object
) -> None:
    check_optional_aware(instance, attribute, value)
    if value is None and instance.kind is IdleKind.NEVER_ACTIVE:
        raise fail_value(
            instance, attribute.name, value, "must be a moment for a never-active user"
        )
    if value is not None and instance.kind is IdleKind.UNKNOWN:
        raise fail_value(
            instance, attribute.name, value, "must be None when the evidence is unknown"
        )


def _check_idle_for(instance: IdleUser, attribute: attrs.Attribute[Any], value: object) -> None:
    if instance.kind is IdleKind.UNKNOWN:
        if value is not None:
            raise fail_value(
                instance, attribute.name, value, "must be None when the kind is unknown"
            )
        return
    idle_for = check_timedelta(instance, attribute.name, value)
    if idle_for <= _ZERO:
        raise fail_value(instance, attribute.name, value, "must be positive")


def _check_confidence(instance: IdleUser, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Confidence):
        raise fail_type(instance, attribute.name, value, "a Confidence")
    if instance.kind is IdleKind.UNKNOWN and value is not Confidence.LOW:
        raise fail_value(
            instance, attribute.name, value, "must be low when the evidence is unknown"
        )


def _check_user_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_text(instance, attribute.name, value, limit=MAX_NAME_LENGTH, what="name")


@attrs.frozen(kw_only=True)
class IdleUser:
    """An active user whose billed license shows no sign of use, and the evidence of it.

    Attributes:
        user_id: The user.
        clinic_id: The user's home clinic, whose license it holds.
        license_type: The charged license type it holds.
        kind: What the evidence is (`IdleKind`).
        last_active_at: The last activity recorded: a moment when `IdleKind.DORMANT`, else
            ``None``.
        idle_for: How long the license has gone unused: ``now - last_active_at`` when dormant,
            ``now - licensed_since`` when never active (both positive), ``None`` when unknown.
        confidence: How strong the evidence is (`confidence_of`); always `Confidence.LOW` when
            unknown.
        licensed_since: Since when the user holds the license, when known (always for a
            never-active user, never for an unknown one).
        user_name: The user's name, for people to read; ``None`` when not known.
    """

    user_id: str = attrs.field(validator=check_id)
    clinic_id: str = attrs.field(validator=check_id)
    license_type: LicenseType = attrs.field(validator=_check_idle_type)
    kind: IdleKind = attrs.field(validator=check_instance(IdleKind, "an IdleKind"))
    last_active_at: datetime | None = attrs.field(validator=_check_last_active)
    idle_for: timedelta | None = attrs.field(validator=_check_idle_for)
    confidence: Confidence = attrs.field(validator=_check_confidence)
    licensed_since: datetime | None = attrs.field(default=None, validator=_check_licensed_since)
    user_name: str | None = attrs.field(default=None, validator=_check_user_name)

    def record(self) -> Row:
        """Return this idle user as one flat, JSON-safe dict keyed by its field names.

        Enums are their values, moments ISO 8601 text, ``idle_for`` seconds (a float) or
        ``None``.
        """
        return {field.name: cell(getattr(self, field.name)) for field in _IDLE_USER_FIELDS}


_IDLE_USER_FIELDS: Final = attrs.fields(IdleUser)
_IDLE_USER_COLUMNS: Final = tuple(field.name for field in _IDLE_USER_FIELDS)
_check_idle_users = collection_check(IdleUser, tuple, "IdleUser")


def _as_idle_users(value: Iterable[IdleUser]) -> tuple[IdleUser, ...]:
    return as_tuple(value)


def _check_report_users(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_idle_users(instance, attribute.name, value)
    assert isinstance(value, tuple)  # noqa: S101 - checked just above
    seen: set[str] = set()
    for idle in value:
        if idle.user_id in seen:
            raise fail_value(instance, attribute.name, idle.user_id, "must not repeat a user id")
        seen.add(idle.user_id)


@attrs.frozen(kw_only=True)
class IdleReport:
    """The idle users of a clinic or an organization (`find_idle`).

    Attributes:
        users: The idle users (`IdleUser`), in organization order: by clinic, then by the
            clinic's order of users; a user id appears at most once.
    """

    users: tuple[IdleUser, ...] = attrs.field(
        default=(), converter=_as_idle_users, validator=_check_report_users
    )

    def at_least(self, confidence: Confidence) -> tuple[IdleUser, ...]:
        """Return the idle users whose confidence is at least ``confidence``, in order.

        Raises:
            InvalidTypeError: ``confidence`` is not a `Confidence`.
        """
        check_argument("IdleReport.at_least", "confidence", confidence, Confidence, "a Confidence")
        return tuple(idle for idle in self.users if idle.confidence >= confidence)

    def to_records(self) -> list[Row]:
        """Return one flat, JSON-safe dict per idle user (`IdleUser.record`), in order."""
        return [idle.record() for idle in self.users]

    def _repr_html_(self) -> str:
        return html_table(self.to_records(), _IDLE_USER_COLUMNS)


# --- finding them -----------------------------------------------------------------------------


_CHARGED: Final = tuple(t for t in LicenseType if t.charged)


#: A candidate user type's license type, threshold, and the moment ``threshold`` before "now"
#: (``None`` where that is before the calendar's first moment).
_Candidate = tuple[LicenseType, timedelta, datetime | None]


def _before(now: datetime, duration: timedelta) -> datetime | None:
    """``now - duration``, or ``None`` when that is before year 1."""
    try:
        return now - duration
    except OverflowError:
        return None


def _candidates(clinic: Clinic, review: _Review) -> dict[UserType, _Candidate]:
    """The license type and threshold of each user type whose deactivation here frees a license.

    Those of a charged license type whose pool in ``clinic`` is limited; no other type is in it.
    Clinics share a few patterns of limited types: each pattern's map is built once a review.
    """
    limited = tuple(not clinic.pool(license_type).unlimited for license_type in _CHARGED)
    found = review.candidates.get(limited)
    if found is None:
        kinds = {t for t, is_limited in zip(_CHARGED, limited, strict=True) if is_limited}
        found = {
            u: (
                u.license_type,
                review.thresholds[u.license_type],
                _before(review.now, review.thresholds[u.license_type]),
            )
            for u in UserType
            if u.license_type in kinds
        }
        review.candidates[limited] = found
    return found


@attrs.frozen
class _Review:
    """One review: "now" in UTC (or at its own offset), the policy, each type's threshold.

    Durations are differences of aware moments: elapsed time whatever zones they carry. Python
    subtracts two moments that share a tzinfo by their wall clocks, which is an hour off across a
    change of daylight saving time in that zone, so "now" is read in UTC: the zone moments read
    from a database carry, which Python subtracts fastest. At the calendar's ends, where UTC
    would overflow, it keeps its own fixed offset: the same moment, in no daylight-saving zone.
    """

    now: datetime
    policy: InactivityPolicy
    thresholds: Mapping[LicenseType, timedelta]
    # Which charged types a clinic holds limited, to the threshold of each candidate user type.
    candidates: dict[tuple[bool, ...], dict[UserType, _Candidate]] = attrs.field(factory=dict)

    @classmethod
    def of(cls, now: datetime, policy: InactivityPolicy) -> _Review:
        thresholds = {t: policy.threshold_for(t) for t in LicenseType}
        try:
            fixed = now.astimezone(UTC)
        except OverflowError:
            offset = now.utcoffset()
            assert offset is not None  # noqa: S101 - an aware moment
            fixed = now.replace(tzinfo=timezone(offset), fold=0)
        return cls(fixed, policy, thresholds)


def _clinic_idle(clinic: Clinic, review: _Review, found: list[IdleUser]) -> None:
    """Append the idle users of ``clinic`` to ``found``, in the clinic's order of users."""
    candidates = _candidates(clinic, review)
    if not candidates:
        return
    now, grace, exempt = review.now, review.policy.grace, review.policy.exempt
    graced = _before(now, grace)
    active = UserStatus.ACTIVE
    # ``last >= now - threshold`` is ``now - last <= threshold``, without a subtraction per user;
    # where ``now - threshold`` is before year 1, the subtraction is made.
    for user in clinic.users:
        if user.status is not active or user.system:
            continue
        candidate = candidates.get(user.user_type)
        if candidate is None:
            continue  # Clerical, or a type this clinic holds unlimited
        license_type, threshold, recent = candidate
        last = user.last_active_at
        if last is not None and (now - last <= threshold if recent is None else last >= recent):
            continue  # active within the threshold (or after "now")
        held = user.licensed_since
        if held is not None and (now - held <= grace if graced is None else held >= graced):
            continue  # licensed within the grace (or after "now")
        if user.id in exempt:
            continue
        found.append(_evidence(user, clinic.id, license_type, now, threshold))


_NEW: Final = object.__new__
_SET: Final = object.__setattr__


def _evidence(
    user: User, clinic_id: str, license_type: LicenseType, now: datetime, threshold: timedelta
) -> IdleUser:
    """The `IdleUser` of a user `_clinic_idle` flags: its kind, idle time and confidence.

    Built without `IdleUser`'s validators (`licensing._checks.trusted`): every field comes from
    a user and a clinic validated when built, by the rules above, which give exactly the shapes
    the validators require. A platform's review flags tens of thousands of users.
    """
    last, held = user.last_active_at, user.licensed_since
    if last is not None:
        kind, idle_for = IdleKind.DORMANT, now - last
    elif held is not None:
        kind, idle_for = IdleKind.NEVER_ACTIVE, now - held
    else:
        kind, idle_for = IdleKind.UNKNOWN, None
    # `licensing._checks.trusted`, unrolled: a platform's review builds fifty thousand.
    idle: IdleUser = _NEW(IdleUser)
    _SET(idle, "user_id", user.id)
    _SET(idle, "clinic_id", clinic_id)
    _SET(idle, "license_type", license_type)
    _SET(idle, "kind", kind)
    _SET(idle, "last_active_at", last)
    _SET(idle, "idle_for", idle_for)
    _SET(idle, "confidence", _confidence(kind, idle_for, threshold))
    _SET(idle, "licensed_since", held)
    _SET(idle, "user_name", user.name)
    return idle


@overload
def find_idle(subject: Clinic, *, now: datetime, policy: InactivityPolicy = ...) -> IdleReport: ...
@overload
def find_idle(
    subject: Organization, *, now: datetime, policy: InactivityPolicy = ...
) -> IdleReport: ...
def find_idle(
    subject: Clinic | Organization,
    *,
    now: datetime,
    policy: InactivityPolicy = InactivityPolicy(),
) -> IdleReport:
    """Find the active users who hold a billed license and show no sign of using it.

    Only users whose deactivation would free a billed license are considered: active, not a
    system account, not in ``policy.exempt``, of a charged license type whose pool in their home
    clinic is limited (over-assigned pools included: there, deactivating first resolves the
    over-assignment). Such a user is idle when, with ``threshold = policy.threshold_for(type)``:

    - it has a last activity, more than ``threshold`` before ``now``: `IdleKind.DORMANT`, idle
      for ``now - last_active_at``;
    - it has none, and a ``licensed_since`` more than ``policy.grace`` before ``now``:
      `IdleKind.NEVER_ACTIVE`, idle for ``now - licensed_since``;
    - it has neither: `IdleKind.UNKNOWN` (the evidence is missing), idle for ``None``;

    and in every case it is not licensed within the grace: a user whose ``licensed_since`` is at
    most ``policy.grace`` before ``now`` (or after it) is never flagged. An idle time equal to the
    threshold is within it, and a last activity after ``now`` is recent. Durations are elapsed
    time, whatever zones the moments carry. The confidence of each is `confidence_of`.

    Args:
        subject: A `Clinic`, or an `Organization` (every clinic is reviewed).
        now: The moment of the review, timezone-aware.
        policy: The thresholds, grace and exemptions (default: 90 days, 30 days, none).

    Returns:
        The `IdleReport`, in organization order (by clinic, then by user). The report of an
        organization is its clinics' reports, one after the other.

    Raises:
        InvalidTypeError: ``subject`` is neither a `Clinic` nor an `Organization`, ``now`` is not
            a datetime, or ``policy`` is not an `InactivityPolicy`.
        InvalidValueError: ``now`` is naive.
    """
    check_argument(
        _FIND_IDLE, "subject", subject, (Clinic, Organization), "a Clinic or an Organization"
    )
    check_aware_value(_FIND_IDLE, "now", now)
    check_argument(_FIND_IDLE, "policy", policy, InactivityPolicy, "an InactivityPolicy")
    clinics = (subject,) if isinstance(subject, Clinic) else subject.clinics
    review = _Review.of(now, policy)
    found: list[IdleUser] = []
    for clinic in clinics:
        _clinic_idle(clinic, review, found)
    # User ids are unique in a clinic and an organization: the report is not checked again.
    return trusted(IdleReport, {"users": tuple(found)})
