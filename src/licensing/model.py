"""The value objects of the domain: users, license pools, clinics, organizations, requests.

All are frozen, slotted, keyword-only attrs classes, validated on construction: an object that
exists is valid. Errors name the class, the field and the value.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final, SupportsIndex, cast

import attrs

from licensing._checks import (
    as_frozenset,
    as_int,
    as_tuple,
    as_type_map,
    check_argument,
    check_aware,
    check_bool,
    check_count,
    check_count_value,
    check_id,
    check_instance,
    check_items,
    check_name,
    check_optional_aware,
    check_text,
    check_type_map,
    fail_type,
    fail_value,
    is_mapping,
    look_up,
)
from licensing._frozenmap import FrozenMap
from licensing._wording import number
from licensing.billing import BillingCycle
from licensing.bounds import MAX_ID_LENGTH, MAX_STORED_EXPLANATION_LENGTH
from licensing.enums import (
    AdjustmentKind,
    LicenseType,
    Permission,
    Reason,
    UserStatus,
    UserType,
)
from licensing.errors import UnknownClinicError, UnknownUserError

__all__ = [
    "AdjustmentRequest",
    "Clinic",
    "LicensePool",
    "Organization",
    "User",
    "holds_license",
]

_CLINIC_POOL: Final = "Clinic.pool"


# The few permission sets there are repeat across users: every user shares the one frozenset
# equal to its permissions rather than keep its own (216 bytes each: a million users read from
# JSON would otherwise hold a million copies of the same few sets). CPython shares the empty
# frozenset already.
_PERMISSION_SETS: Final = MappingProxyType(
    {
        permissions: permissions
        for permissions in (
            frozenset(chosen)
            for size in range(len(Permission) + 1)
            for chosen in itertools.combinations(Permission, size)
        )
    }
)


# Converters typed per field: the attrs mypy plugin takes a converter's parameter type as the
# __init__ parameter's type, and cannot solve a generic one.
def _as_permissions(value: Iterable[Permission]) -> frozenset[Permission]:
    permissions = as_frozenset(value)
    if not permissions:  # most users: the one shared empty set
        return permissions
    # Only sets of real members are shared: anything else stays for the validator to refuse.
    if type(permissions) is frozenset and all(type(item) is Permission for item in permissions):
        return _PERMISSION_SETS[permissions]
    return permissions


def _as_access(value: Iterable[str]) -> frozenset[str]:
    return as_frozenset(value)


def _as_pools(value: Iterable[LicensePool]) -> tuple[LicensePool, ...]:
    return as_tuple(value)


def _as_users(value: Iterable[User]) -> tuple[User, ...]:
    return as_tuple(value)


def _as_clinics(value: Iterable[Clinic]) -> tuple[Clinic, ...]:
    return as_tuple(value)


_check_access_items = check_items(str, frozenset, "ids")
_check_permission_items = check_items(Permission, frozenset, "Permission values")


def _check_permissions(instance: User, attribute: attrs.Attribute[Any], value: object) -> None:
    if value or type(value) is not frozenset:  # an empty set holds nothing to check
        _check_permission_items(instance, attribute, value)


def _check_access(instance: User, attribute: attrs.Attribute[Any], value: object) -> None:
    if not value and type(value) is frozenset:  # most users: no access to other clinics
        return
    _check_access_items(instance, attribute, value)
    assert isinstance(value, frozenset)  # noqa: S101 - checked just above
    for clinic_id in value:
        check_text(instance, attribute.name, clinic_id, limit=MAX_ID_LENGTH, what="clinic id")


def holds_license(status: UserStatus, *, system: bool) -> bool:
    """Whether a user of this status holds a license of its type in its home clinic.

    The rule of who counts against a license: an active user does, and a system (automation)
    account never does, active or not. Inactive users hold none, though the license they held
    stays purchased, and billed, until a removal is processed. Access to other clinics counts
    nowhere. `User.consumes_license` and `licensing.usage` both ask this.
    """
    return status is UserStatus.ACTIVE and not system


@attrs.frozen(kw_only=True)
class User:
    """A user profile, homed in exactly one clinic (the clinic whose ``users`` hold it).

    An active, non-system user consumes one license of its license type in its home clinic, and
    nothing in the other clinics it may open.

    Attributes:
        id: Unique across the organization.
        name: For people to read.
        user_type: The role, which fixes the license type.
        status: Active users can log in and consume a license; users are never deleted.
        permissions: `Permission` values; `ADMIN` implies every permission.
        clinic_access: Ids of the other clinics this user may open, besides the home clinic.
        last_active_at: The last activity seen, if known; timezone-aware.
        licensed_since: When the user last became active holding a license (created active,
            activated, or handed a license by a share), if known; timezone-aware. The
            inactivity rules of `licensing.find_idle` read it: a license held for less than the
            policy's grace is never flagged.
        system: An automation account: it may stay active but never counts against a license.
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_name)
    user_type: UserType = attrs.field(validator=check_instance(UserType, "a UserType"))
    status: UserStatus = attrs.field(
        default=UserStatus.ACTIVE, validator=check_instance(UserStatus, "a UserStatus")
    )
    permissions: frozenset[Permission] = attrs.field(
        default=frozenset(),
        converter=_as_permissions,
        validator=_check_permissions,
    )
    clinic_access: frozenset[str] = attrs.field(
        default=frozenset(), converter=_as_access, validator=_check_access
    )
    last_active_at: datetime | None = attrs.field(default=None, validator=check_optional_aware)
    licensed_since: datetime | None = attrs.field(default=None, validator=check_optional_aware)
    system: bool = attrs.field(default=False, validator=check_bool)

    @property
    def license_type(self) -> LicenseType:
        """The license type this user consumes (from `user_type`)."""
        return self.user_type.license_type

    @property
    def active(self) -> bool:
        """Whether the user's status is `UserStatus.ACTIVE`."""
        return self.status is UserStatus.ACTIVE

    @property
    def consumes_license(self) -> bool:
        """Whether this user uses a license in its home clinic (the rule of `holds_license`)."""
        return holds_license(self.status, system=self.system)

    def has_permission(self, permission: Permission) -> bool:
        """Whether the user holds ``permission``, directly or through `Permission.ADMIN`.

        Raises:
            InvalidTypeError: ``permission`` is not a `Permission`.
        """
        check_argument("User.has_permission", "permission", permission, Permission, "a Permission")
        return permission in self.permissions or Permission.ADMIN in self.permissions


def _check_pool(instance: LicensePool, attribute: attrs.Attribute[Any], value: bool) -> None:  # noqa: FBT001
    check_bool(instance, attribute, value)
    if not value and not instance.license_type.charged:
        raise fail_value(instance, "unlimited", value, "must be True: Clerical is always unlimited")
    if value and instance.purchased != 0:
        raise fail_value(
            instance,
            "purchased",
            instance.purchased,
            "must be 0 for an unlimited pool: it has no count to purchase",
        )


@attrs.frozen(kw_only=True)
class LicensePool:
    """Licenses of one license type that one clinic pays for.

    An unlimited pool (every Clerical pool, and any type a contract leaves uncapped) has no count
    to manage: its ``purchased`` is 0, and any other count is refused.

    Attributes:
        license_type: The type of license.
        purchased: Licenses bought; an int between 0 and `licensing.MAX_COUNT` (0 when
            unlimited).
        unlimited: The contract puts no cap on this type (always true for Clerical).
    """

    license_type: LicenseType = attrs.field(validator=check_instance(LicenseType, "a LicenseType"))
    purchased: int = attrs.field(default=0, converter=as_int, validator=check_count)
    unlimited: bool = attrs.field(default=False, validator=_check_pool)

    @classmethod
    def unlimited_of(cls, license_type: LicenseType) -> LicensePool:
        """Return an unlimited pool of ``license_type``."""
        return cls(license_type=license_type, unlimited=True)


def _index_by_id(items: tuple[Any, ...], owner: object, field: str) -> dict[str, Any]:
    index: dict[str, Any] = {}
    for item in items:
        if item.id in index:
            raise fail_value(owner, field, item.id, "must not repeat an id")
        index[item.id] = item
    return index


def _pools_meaning(pools: tuple[LicensePool, ...]) -> frozenset[LicensePool]:
    """What a clinic's pools mean, for equality and hashing: order and implied pools do not matter.

    A charged type without a pool has 0 purchased and Clerical is always unlimited, so listing
    ``LicensePool(THERAPIST, purchased=0)`` or the unlimited Clerical pool changes nothing: two
    clinics that differ only so, or only in the order of their pools, are equal.
    """
    return frozenset(
        pool for pool in pools if (pool.unlimited and pool.license_type.charged) or pool.purchased
    )


@attrs.frozen(kw_only=True)
class Clinic:
    """A location of an organization, with its license pools and the users homed in it.

    Attributes:
        id: Unique in the organization.
        name: For people to read.
        pools: At most one `LicensePool` per license type, in the given order. A charged type
            without a pool has 0 purchased; Clerical is always unlimited, listed or not.
        users: The users whose home clinic this is, in the given order; ids are unique.
        billing: The clinic's billing calendar, when known.
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_name)
    pools: tuple[LicensePool, ...] = attrs.field(
        default=(),
        converter=_as_pools,
        validator=check_items(LicensePool, tuple, "LicensePool"),
        eq=False,
    )
    users: tuple[User, ...] = attrs.field(
        default=(), converter=_as_users, validator=check_items(User, tuple, "User")
    )
    billing: BillingCycle | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(check_instance(BillingCycle, "a BillingCycle")),
    )
    _pools_meaning: frozenset[LicensePool] = attrs.field(init=False, repr=False)
    _pool_index: Mapping[LicenseType, LicensePool] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _user_index: Mapping[str, User] = attrs.field(init=False, repr=False, eq=False, hash=False)
    # The SHA-256 of the clinic's canonical text, once `licensing.digest` has written it: a
    # clinic is immutable, so a health check of an organization of unchanged clinics, or one
    # clinic changed (`Organization.replace_clinic`), rewrites only the clinics it has not seen.
    # Kept with the name of the form it was written in: a pickled clinic may come from another
    # version of the package.
    _digest: tuple[str, str] | None = attrs.field(
        init=False, default=None, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        """Index pools by type and users by id, refusing duplicates and self-access."""
        pools: dict[LicenseType, LicensePool] = {}
        for pool in self.pools:
            if pool.license_type in pools:
                raise fail_value(self, "pools", pool.license_type, "must hold one pool per type")
            pools[pool.license_type] = pool
        pools.setdefault(LicenseType.CLERICAL, LicensePool.unlimited_of(LicenseType.CLERICAL))
        users = _index_by_id(self.users, self, "users")
        for user in self.users:
            if self.id in user.clinic_access:
                raise fail_value(
                    self,
                    "users",
                    user.id,
                    f"must not list the home clinic {self.id!r} in a user's clinic_access",
                )
        object.__setattr__(self, "_pools_meaning", _pools_meaning(self.pools))
        object.__setattr__(self, "_pool_index", pools)
        object.__setattr__(self, "_user_index", users)

    def pool(self, license_type: LicenseType) -> LicensePool:
        """Return the pool of ``license_type``.

        A charged type with no listed pool is an empty limited pool (0 purchased); Clerical is
        always unlimited.

        Raises:
            InvalidTypeError: ``license_type`` is not a `LicenseType`.
        """
        if not isinstance(license_type, LicenseType):  # inline: a hot lookup
            raise fail_type(_CLINIC_POOL, "license_type", license_type, "a LicenseType")
        found = self._pool_index.get(license_type)
        return found if found is not None else LicensePool(license_type=license_type)

    def user(self, user_id: str) -> User:
        """Return the user homed here with id ``user_id``.

        Raises:
            InvalidTypeError: ``user_id`` is not a string.
            UnknownUserError: No user with that id is homed in this clinic.
        """
        return look_up(
            self._user_index, user_id, owner="Clinic.user", field="user_id", unknown=self._unknown
        )

    def _unknown(self, user_id: str) -> UnknownUserError:
        return UnknownUserError(f"no user {user_id!r} is homed in clinic {self.id!r}", id=user_id)

    def has_user(self, user_id: str) -> bool:
        """Whether a user with id ``user_id`` is homed in this clinic.

        Raises:
            InvalidTypeError: ``user_id`` is not a string.
        """
        check_argument("Clinic.has_user", "user_id", user_id, str, "a string")
        return user_id in self._user_index


@attrs.frozen(kw_only=True)
class Organization:
    """A company and its clinics.

    Clinic ids are unique, and user ids are unique across all clinics. A user's ``clinic_access``
    may name clinics that are not in this organization (a shard of a larger one, say): such
    access grants nothing here.

    Attributes:
        id: The organization's id.
        name: For people to read.
        clinics: The clinics, in the given order.
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_name)
    clinics: tuple[Clinic, ...] = attrs.field(
        default=(), converter=_as_clinics, validator=check_items(Clinic, tuple, "Clinic")
    )
    _clinic_index: Mapping[str, Clinic] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _home_index: Mapping[str, Clinic] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        """Index clinics by id and users by id, refusing duplicates of either."""
        clinics = _index_by_id(self.clinics, self, "clinics")
        homes: dict[str, Clinic] = {}
        for clinic in self.clinics:
            for user in clinic.users:
                if homes.setdefault(user.id, clinic) is not clinic:
                    raise fail_value(
                        self,
                        "clinics",
                        user.id,
                        f"must not repeat a user id across clinics ({homes[user.id].id!r} and "
                        f"{clinic.id!r})",
                    )
        object.__setattr__(self, "_clinic_index", clinics)
        object.__setattr__(self, "_home_index", homes)

    def clinic(self, clinic_id: str) -> Clinic:
        """Return the clinic with id ``clinic_id``.

        Raises:
            InvalidTypeError: ``clinic_id`` is not a string.
            UnknownClinicError: No clinic has that id.
        """
        return look_up(
            self._clinic_index,
            clinic_id,
            owner="Organization.clinic",
            field="clinic_id",
            unknown=self._unknown_clinic,
        )

    def _unknown_clinic(self, clinic_id: str) -> UnknownClinicError:
        msg = f"no clinic {clinic_id!r} in organization {self.id!r}"
        return UnknownClinicError(msg, id=clinic_id)

    def has_clinic(self, clinic_id: str) -> bool:
        """Whether a clinic with id ``clinic_id`` is in the organization.

        Raises:
            InvalidTypeError: ``clinic_id`` is not a string.
        """
        check_argument("Organization.has_clinic", "clinic_id", clinic_id, str, "a string")
        return clinic_id in self._clinic_index

    def home_clinic(self, user_id: str) -> Clinic:
        """Return the clinic where the user ``user_id`` is homed.

        Raises:
            InvalidTypeError: ``user_id`` is not a string.
            UnknownUserError: No clinic holds that user.
        """
        return self._home_of(user_id, "Organization.home_clinic")

    def _home_of(self, user_id: str, owner: str) -> Clinic:
        return look_up(
            self._home_index, user_id, owner=owner, field="user_id", unknown=self._unknown_user
        )

    def _unknown_user(self, user_id: str) -> UnknownUserError:
        return UnknownUserError(f"no user {user_id!r} in organization {self.id!r}", id=user_id)

    def user(self, user_id: str) -> User:
        """Return the user ``user_id``, wherever homed.

        Raises:
            InvalidTypeError: ``user_id`` is not a string.
            UnknownUserError: No clinic holds that user.
        """
        return self._home_of(user_id, "Organization.user").user(user_id)

    def replace_clinic(self, clinic: Clinic) -> Organization:
        """Return the organization with the clinic of the same id replaced by ``clinic``.

        Raises:
            InvalidTypeError: ``clinic`` is not a `Clinic`.
            UnknownClinicError: No clinic has ``clinic.id``.
        """
        check_argument("Organization.replace_clinic", "clinic", clinic, Clinic, "a Clinic")
        self.clinic(clinic.id)
        clinics = tuple(clinic if c.id == clinic.id else c for c in self.clinics)
        return attrs.evolve(self, clinics=clinics)


def _as_counts(value: Mapping[LicenseType, SupportsIndex]) -> FrozenMap[LicenseType, int]:
    if not is_mapping(value):  # None included: a request names its counts
        return cast("FrozenMap[LicenseType, int]", value)  # the validator names the field
    return as_type_map(value, as_int)


_check_count_map = check_type_map(check_count_value, "a mapping of LicenseType to int")


def _check_counts(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_count_map(instance, attribute.name, value)


def _check_explanation(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # Blank or short explanations are business problems that `validate_request` reports; here only
    # the type and a hard size bound are enforced, so that no request is huge.
    if value is None:
        return
    if not isinstance(value, str):
        raise fail_type(instance, attribute.name, value, "a string or None")
    if len(value) > MAX_STORED_EXPLANATION_LENGTH:
        raise fail_value(
            instance,
            attribute.name,
            value,
            f"must be at most {number(MAX_STORED_EXPLANATION_LENGTH)} characters",
        )


@attrs.frozen(kw_only=True)
class AdjustmentRequest:
    """A "Request License Adjustment" for one clinic: add or remove licenses, per license type.

    Construction checks only the shape; whether the request may be processed is the job of
    `licensing.validate_request`, which reports every problem.

    Attributes:
        clinic_id: The clinic whose purchased counts change.
        requested_by: The id of the submitting user.
        kind: `AdjustmentKind.ADD` or `AdjustmentKind.REMOVE`; one kind per request, as on the form.
        counts: `LicenseType` to a count between 0 and `licensing.MAX_COUNT`.
        reason: The reason chosen from the fixed list.
        explanation: The "Please explain" text; ``None`` when missing (an error on validation).
        submitted_at: When it was submitted; timezone-aware.
    """

    clinic_id: str = attrs.field(validator=check_id)
    requested_by: str = attrs.field(validator=check_id)
    kind: AdjustmentKind = attrs.field(
        validator=check_instance(AdjustmentKind, "an AdjustmentKind")
    )
    counts: FrozenMap[LicenseType, int] = attrs.field(converter=_as_counts, validator=_check_counts)
    reason: Reason = attrs.field(validator=check_instance(Reason, "a Reason"))
    explanation: str | None = attrs.field(validator=_check_explanation)
    submitted_at: datetime = attrs.field(validator=check_aware)

    def count(self, license_type: LicenseType) -> int:
        """Return the requested count for ``license_type`` (0 when not named).

        Raises:
            InvalidTypeError: ``license_type`` is not a `LicenseType`.
        """
        check_argument(
            "AdjustmentRequest.count", "license_type", license_type, LicenseType, "a LicenseType"
        )
        return self.counts.get(license_type, 0)
