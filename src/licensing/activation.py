"""The product's status rules: activate, deactivate, and share a license between two users.

Each takes a `Clinic` (or an `Organization`, acting on the user's home clinic) and returns a new
one; the input is never changed.
"""

from __future__ import annotations

from typing import overload

import attrs

from licensing.enums import LicenseType, UserStatus
from licensing.errors import MaximumLicensesReachedError, UserStatusError
from licensing.model import Clinic, Organization, User

__all__ = ["activate", "deactivate", "share_license"]


def _with_users(clinic: Clinic, changed: dict[str, User]) -> Clinic:
    users = tuple(changed.get(user.id, user) for user in clinic.users)
    return attrs.evolve(clinic, users=users)


def _home(subject: Clinic | Organization, user_id: str) -> Clinic:
    return subject if isinstance(subject, Clinic) else subject.home_clinic(user_id)


def _put(subject: Clinic | Organization, clinic: Clinic) -> Clinic | Organization:
    if isinstance(subject, Clinic):
        return clinic
    return subject.replace_clinic(clinic)


def _used(clinic: Clinic, license_type: LicenseType) -> int:
    return sum(
        1 for user in clinic.users if user.consumes_license and user.license_type is license_type
    )


@overload
def activate(subject: Clinic, user_id: str) -> Clinic: ...
@overload
def activate(subject: Organization, user_id: str) -> Organization: ...
def activate(subject: Clinic | Organization, user_id: str) -> Clinic | Organization:
    """Make an inactive user active, if a license of its type is available in its home clinic.

    The product's rule: activating needs at least one available license (purchased minus used)
    of the user's license type in the user's home clinic, or it refuses with "Maximum Licenses
    Reached". Unlimited pools (Clerical always) never run out, and a system account consumes no
    license, so neither needs one.

    Args:
        subject: The user's home `Clinic`, or an `Organization` holding the user.
        user_id: The user to activate.

    Returns:
        The clinic (or organization) with that user active, everything else unchanged.

    Raises:
        UnknownUserError: No such user (homed in the clinic, or in the organization).
        UserStatusError: The user is already active.
        MaximumLicensesReachedError: No license of the user's type is available; the message
            names the clinic, the license type and the counts.
    """
    clinic = _home(subject, user_id)
    user = clinic.user(user_id)
    if user.active:
        msg = f"user {user_id!r} is already active in clinic {clinic.id!r}"
        raise UserStatusError(msg)
    pool = clinic.pool(user.license_type)
    if not user.system and not pool.unlimited:
        used = _used(clinic, user.license_type)
        if used >= pool.purchased:
            msg = (
                f"Maximum Licenses Reached: clinic {clinic.id!r} has {pool.purchased} "
                f"{user.license_type.value} license(s) purchased and {used} in use, so none is "
                f"available for user {user_id!r}; request a license adjustment (ADD) first"
            )
            raise MaximumLicensesReachedError(msg)
    active = attrs.evolve(user, status=UserStatus.ACTIVE)
    return _put(subject, _with_users(clinic, {user_id: active}))


@overload
def deactivate(subject: Clinic, user_id: str) -> Clinic: ...
@overload
def deactivate(subject: Organization, user_id: str) -> Organization: ...
def deactivate(subject: Clinic | Organization, user_id: str) -> Clinic | Organization:
    """Make an active user inactive. The license stays purchased, and billed.

    The product's rule: making a user inactive does not release the license; the clinic keeps
    paying for it until a REMOVE adjustment is processed (see `propose_removals`).

    Args:
        subject: The user's home `Clinic`, or an `Organization` holding the user.
        user_id: The user to deactivate.

    Returns:
        The clinic (or organization) with that user inactive, everything else unchanged.

    Raises:
        UnknownUserError: No such user.
        UserStatusError: The user is already inactive.
    """
    clinic = _home(subject, user_id)
    user = clinic.user(user_id)
    if not user.active:
        msg = f"user {user_id!r} is already inactive in clinic {clinic.id!r}"
        raise UserStatusError(msg)
    inactive = attrs.evolve(user, status=UserStatus.INACTIVE)
    return _put(subject, _with_users(clinic, {user_id: inactive}))


@overload
def share_license(subject: Clinic, from_user_id: str, to_user_id: str) -> Clinic: ...
@overload
def share_license(subject: Organization, from_user_id: str, to_user_id: str) -> Organization: ...
def share_license(
    subject: Clinic | Organization, from_user_id: str, to_user_id: str
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

    Returns:
        The clinic (or organization) with the two statuses swapped, everything else unchanged.

    Raises:
        UnknownUserError: Either user is unknown (or, given a clinic, not homed there).
        UserStatusError: The same user twice, users homed in different clinics, a system account,
            a giver who is not active, a taker who is not inactive, or different license types.
    """
    clinic = _home(subject, from_user_id)
    giver = clinic.user(from_user_id)
    if isinstance(subject, Organization) and subject.home_clinic(to_user_id) is not clinic:
        msg = (
            f"users {from_user_id!r} and {to_user_id!r} are homed in different clinics; "
            "licenses are clinic-specific and cannot be shared across clinics"
        )
        raise UserStatusError(msg)
    taker = clinic.user(to_user_id)
    _check_share(clinic, giver, taker)
    changed = {
        giver.id: attrs.evolve(giver, status=UserStatus.INACTIVE),
        taker.id: attrs.evolve(taker, status=UserStatus.ACTIVE),
    }
    return _put(subject, _with_users(clinic, changed))


def _check_share(clinic: Clinic, giver: User, taker: User) -> None:
    problem = None
    if giver.id == taker.id:
        problem = f"cannot share a license from user {giver.id!r} to itself"
    elif giver.system or taker.system:
        system = giver if giver.system else taker
        problem = f"user {system.id!r} is a system account: it holds no license to share"
    elif not giver.active:
        problem = f"user {giver.id!r} is inactive: only an active user's license can be shared"
    elif taker.active:
        problem = f"user {taker.id!r} is already active: a license is shared to an inactive user"
    elif giver.license_type is not taker.license_type:
        clerical = LicenseType.CLERICAL in {giver.license_type, taker.license_type}
        rule = " (a Clerical license is never shared with a provider type)" if clerical else ""
        problem = (
            f"user {giver.id!r} holds {_a_license(giver.license_type)} but user "
            f"{taker.id!r} needs {_a_license(taker.license_type)}{rule}"
        )
    if problem is not None:
        msg = f"in clinic {clinic.id!r}: {problem}"
        raise UserStatusError(msg)


def _a_license(license_type: LicenseType) -> str:
    """``"a therapist license"``, ``"an assistant license"``."""
    article = "an" if license_type.value[0] in "aeiou" else "a"
    return f"{article} {license_type.value} license"
