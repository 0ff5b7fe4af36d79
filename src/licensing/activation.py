"""The product's status rules: activate, deactivate, and share a license between two users.

Each takes a `Clinic` (or an `Organization`, acting on the user's home clinic) and returns a new
one; the input is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Final, overload

import attrs

from licensing import _wording as wording
from licensing._checks import check_argument, check_aware_value, trusted
from licensing.counting import clinic_usage
from licensing.enums import LicenseType, UserStatus
from licensing.errors import MaximumLicensesReachedError, UserStatusError
from licensing.model import Clinic, Organization, User

__all__ = ["activate", "deactivate", "share_license"]

_SUBJECT: Final = "a Clinic or an Organization"


def _with_users(clinic: Clinic, changed: dict[str, User]) -> Clinic:
    users = tuple(changed.get(user.id, user) for user in clinic.users)
    return attrs.evolve(clinic, users=users)


def _home(owner: str, subject: Clinic | Organization, user_id: str, field: str) -> Clinic:
    check_argument(owner, "subject", subject, (Clinic, Organization), _SUBJECT)
    check_argument(owner, field, user_id, str, "a string")
    return subject if isinstance(subject, Clinic) else subject.home_clinic(user_id)


def _put(subject: Clinic | Organization, clinic: Clinic) -> Clinic | Organization:
    if isinstance(subject, Clinic):
        return clinic
    return subject.replace_clinic(clinic)


def _label(user: User) -> str:
    return wording.user_label(user.id, user.name)


def _clinic(clinic: Clinic) -> str:
    return wording.clinic_label(clinic.id, clinic.name)


def _check_at(owner: str, at: datetime | None) -> None:
    if at is not None:
        check_aware_value(owner, "at", at)


def _licensed(user: User, at: datetime | None) -> User:
    """The user made active; stamped ``licensed_since=at`` when given and it gains a license."""
    if at is None or user.system:  # a system account holds no license to date
        return attrs.evolve(user, status=UserStatus.ACTIVE)
    return attrs.evolve(user, status=UserStatus.ACTIVE, licensed_since=at)


@overload
def activate(subject: Clinic, user_id: str, *, at: datetime | None = None) -> Clinic: ...
@overload
def activate(
    subject: Organization, user_id: str, *, at: datetime | None = None
) -> Organization: ...
def activate(
    subject: Clinic | Organization, user_id: str, *, at: datetime | None = None
) -> Clinic | Organization:
    """Make an inactive user active, if a license of its type is available in its home clinic.

    The product's rule: activating needs at least one available license (purchased minus used)
    of the user's license type in the user's home clinic, or it refuses with "Maximum Licenses
    Reached". Unlimited pools (Clerical always) never run out, and a system account consumes no
    license, so neither needs one.

    Args:
        subject: The user's home `Clinic`, or an `Organization` holding the user.
        user_id: The user to activate.
        at: When the activation happens, timezone-aware: stamped as the user's
            `User.licensed_since` (a system account, which gains no license, is left as it was).
            ``None`` (the default) leaves ``licensed_since`` unchanged.

    Returns:
        The clinic (or organization) with that user active, everything else unchanged.

    Raises:
        InvalidTypeError: ``subject`` is neither a `Clinic` nor an `Organization`, ``user_id``
            is not a string, or ``at`` is neither a datetime nor ``None``.
        InvalidValueError: ``at`` is naive.
        UnknownUserError: No such user (homed in the clinic, or in the organization).
        UserStatusError: The user is already active.
        MaximumLicensesReachedError: No license of the user's type is available; the message
            names the clinic, the license type and the counts.
    """
    clinic = _home("activate", subject, user_id, "user_id")
    _check_at("activate", at)
    user = clinic.user(user_id)
    if user.active:
        msg = f"User {_label(user)} is already active in {_clinic(clinic)}."
        raise UserStatusError(msg)
    if not user.system:
        pool = clinic_usage(clinic).pool(user.license_type)  # unlimited pools never run out
        if pool.purchased is not None and pool.available == 0:
            msg = (
                f"Maximum Licenses Reached: {_clinic(clinic)} has "
                f"{wording.licenses(pool.purchased, user.license_type)} purchased and "
                f"{wording.number(pool.used)} in use, so none is available for user "
                f"{_label(user)}: request a license adjustment (ADD) first."
            )
            raise MaximumLicensesReachedError(msg)
    return _put(subject, _with_users(clinic, {user_id: _licensed(user, at)}))


@overload
def deactivate(subject: Clinic, user_id: str) -> Clinic: ...
@overload
def deactivate(subject: Organization, user_id: str) -> Organization: ...
def deactivate(subject: Clinic | Organization, user_id: str) -> Clinic | Organization:
    """Make an active user inactive. The license stays purchased, and billed.

    The product's rule: making a user inactive does not release the license; the clinic keeps
    paying for it until a REMOVE adjustment is processed (see `propose_removals`). A system
    account may be deactivated (an integration retired) like any user; it held no license.

    Args:
        subject: The user's home `Clinic`, or an `Organization` holding the user.
        user_id: The user to deactivate.

    Returns:
        The clinic (or organization) with that user inactive, everything else unchanged.

    Raises:
        InvalidTypeError: ``subject`` is neither a `Clinic` nor an `Organization`, or ``user_id``
            is not a string.
        UnknownUserError: No such user.
        UserStatusError: The user is already inactive.
    """
    clinic = _home("deactivate", subject, user_id, "user_id")
    user = clinic.user(user_id)
    if not user.active:
        msg = f"User {_label(user)} is already inactive in {_clinic(clinic)}."
        raise UserStatusError(msg)
    return _put(subject, _with_users(clinic, {user_id: _inactive(user)}))


_USER_FIELDS: Final = tuple(field.name for field in attrs.fields(User))


def _inactive(user: User) -> User:
    """What deactivating changes: the status, and nothing else (the license stays billed).

    A copy of a validated user with a valid status is valid: it is not validated again.
    """
    values: dict[str, object] = {name: getattr(user, name) for name in _USER_FIELDS}
    values["status"] = UserStatus.INACTIVE
    return trusted(User, values)


def deactivated(users: Iterable[User], user_ids: Iterable[str]) -> list[User]:
    """The users with each active one of ``user_ids`` deactivated, as `deactivate` does.

    For `licensing.health_check`, which deactivates idle users in bulk; ids of no user, or of
    users already inactive, change nothing.
    """
    chosen = set(user_ids)
    return [_inactive(user) if user.id in chosen and user.active else user for user in users]


@overload
def share_license(
    subject: Clinic, from_user_id: str, to_user_id: str, *, at: datetime | None = None
) -> Clinic: ...
@overload
def share_license(
    subject: Organization, from_user_id: str, to_user_id: str, *, at: datetime | None = None
) -> Organization: ...
def share_license(
    subject: Clinic | Organization,
    from_user_id: str,
    to_user_id: str,
    *,
    at: datetime | None = None,
) -> Clinic | Organization:
    """Hand an active user's license to an inactive user of the same license type, atomically.

    The product's license share (a fill-in therapist while the regular one is on leave): the first
    user becomes inactive and the second active, in one step, so every count is unchanged and no
    available license is needed. Both users must be homed in the same clinic, must not be system
    accounts (they hold no license to share), and must consume the same license type; a Clerical
    license is never shared with a provider type.

    Args:
        subject: The users' home `Clinic`, or an `Organization` holding them.
        from_user_id: The active user who gives up the license.
        to_user_id: The inactive user who takes it.
        at: When the share happens, timezone-aware: stamped as the taker's
            `User.licensed_since`. The giver's is left as it was, and so is the taker's when
            ``at`` is ``None`` (the default).

    Returns:
        The clinic (or organization) with the two statuses swapped, everything else unchanged.

    Raises:
        InvalidTypeError: ``subject`` is neither a `Clinic` nor an `Organization`, a user id is
            not a string, or ``at`` is neither a datetime nor ``None``.
        InvalidValueError: ``at`` is naive.
        UnknownUserError: Either user is unknown (or, given a clinic, not homed there).
        UserStatusError: The same user twice, users homed in different clinics, a system account,
            a giver who is not active, a taker who is not inactive, or different license types.
    """
    clinic = _home("share_license", subject, from_user_id, "from_user_id")
    check_argument("share_license", "to_user_id", to_user_id, str, "a string")
    _check_at("share_license", at)
    giver = clinic.user(from_user_id)
    if isinstance(subject, Organization) and subject.home_clinic(to_user_id) is not clinic:
        taker_home = subject.home_clinic(to_user_id)
        msg = (
            f"Users {_label(giver)} and {_label(taker_home.user(to_user_id))} are homed in "
            f"different clinics ({_clinic(clinic)} and {_clinic(taker_home)}): licenses are "
            "clinic-specific and cannot be shared across clinics."
        )
        raise UserStatusError(msg)
    taker = clinic.user(to_user_id)
    _check_share(clinic, giver, taker)
    changed = {
        giver.id: _inactive(giver),
        taker.id: _licensed(taker, at),
    }
    return _put(subject, _with_users(clinic, changed))


def _check_share(clinic: Clinic, giver: User, taker: User) -> None:
    problem = None
    if giver.id == taker.id:
        problem = f"cannot share a license from user {_label(giver)} to itself"
    elif giver.system or taker.system:
        system = giver if giver.system else taker
        problem = f"user {_label(system)} is a system account: it holds no license to share"
    elif not giver.active:
        problem = f"user {_label(giver)} is inactive: only an active user's license can be shared"
    elif taker.active:
        problem = f"user {_label(taker)} is already active: a license is shared to an inactive user"
    elif giver.license_type is not taker.license_type:
        clerical = LicenseType.CLERICAL in {giver.license_type, taker.license_type}
        rule = " (a Clerical license is never shared with a provider type)" if clerical else ""
        problem = (
            f"user {_label(giver)} holds {wording.a_license(giver.license_type)} but user "
            f"{_label(taker)} needs {wording.a_license(taker.license_type)}{rule}"
        )
    if problem is not None:
        msg = f"In {_clinic(clinic)}: {problem}."
        raise UserStatusError(msg)
