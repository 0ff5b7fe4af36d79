"""How many licenses each clinic uses, per license type: what the User Manager shows.

`usage` counts a clinic or an organization. Its results validate their own shape when they are
built (as hostile JSON could build them): one pool per license type in order, counts that
balance, unique clinics, and totals that are exactly the sums of their clinics.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from operator import attrgetter
from types import MappingProxyType
from typing import Any, Final, overload

import attrs

from licensing._checks import (
    as_tuple,
    check_argument,
    check_id,
    check_instance,
    check_items,
    collection_check,
    fail_type,
    fail_value,
    look_up,
)
from licensing._tables import Cell, Row, html_table
from licensing._wording import number
from licensing.bounds import MAX_TALLY
from licensing.enums import LicenseType, UserStatus, UserType
from licensing.errors import UnknownClinicError
from licensing.model import Clinic, Organization, User, holds_license

__all__ = [
    "ClinicUsage",
    "OrganizationUsage",
    "PoolUsage",
    "Record",
    "clinic_usage",
    "usage",
    "used_per_type",
]

_CLINIC_USAGE_POOL: Final = "ClinicUsage.pool"

#: A JSON-safe scalar: what a cell of a record holds.
Scalar = Cell
#: One flat row of a ``to_records()`` result: column names to JSON-safe scalars, ready for
#: ``pandas.DataFrame`` and ``json.dumps``.
Record = Row

_LICENSE_TYPES: Final = tuple(LicenseType)
_RECORD_KEYS: Final = (
    "clinic_id",
    "license_type",
    "purchased",
    "used",
    "available",
    "over_assigned",
)
_COMBINE: Final = "OrganizationUsage.combine"
_check_ids = collection_check(str, tuple, "clinic ids")


def _check_tally(instance: object, field: str, value: object) -> None:
    if type(value) is not int:
        raise fail_type(instance, field, value, "an int (not a bool)")
    if not 0 <= value <= MAX_TALLY:
        raise fail_value(instance, field, value, f"must be between 0 and {number(MAX_TALLY)}")


def _certainly_valid(purchased: object, used: object, available: object, over: object) -> bool:
    """Whether these counts are certainly a valid `PoolUsage`'s: ints in range that balance.

    The common case, checked in one expression; anything else is judged field by field, so that
    the error names the field at fault.
    """
    if not (type(used) is int and type(over) is int and 0 <= used <= MAX_TALLY):
        return False
    if not 0 <= over <= MAX_TALLY:
        return False
    if purchased is None:
        return available is None
    return (
        type(purchased) is int
        and type(available) is int
        and 0 <= purchased <= MAX_TALLY
        and 0 <= available <= MAX_TALLY
        and available - over == purchased - used
    )


@attrs.frozen(kw_only=True)
class PoolUsage:
    """The usage of one license type in one clinic (or, in totals, across an organization).

    Attributes:
        license_type: The license type.
        purchased: Licenses paid for; ``None`` for an unlimited pool (in totals: when any clinic
            holds the type unlimited).
        used: Active, non-system users of this type homed in the clinic.
        available: For a clinic, ``max(0, purchased - used)``, the most that can be released; in
            totals, the sum of the clinics' own. ``None`` exactly when ``purchased`` is.
        over_assigned: For a clinic, ``max(0, used - purchased)``: users active beyond the
            licenses bought (as imported data can have), 0 for an unlimited pool; in totals,
            the sum of the clinics' own, whether or not another clinic holds the type unlimited.
    """

    license_type: LicenseType = attrs.field(validator=check_instance(LicenseType, "a LicenseType"))
    purchased: int | None
    used: int
    available: int | None
    over_assigned: int

    def __attrs_post_init__(self) -> None:
        """Refuse counts no clinic or organization can have (as hostile JSON could hold).

        Every count is an int (not a bool) between 0 and `licensing.MAX_TALLY`; ``purchased``
        and ``available`` are ``None`` together (unlimited); and a limited one balances:
        ``available - over_assigned == purchased - used`` (for a clinic one side is 0; totals
        add the clinics' own, so both may be positive).
        """
        if _certainly_valid(self.purchased, self.used, self.available, self.over_assigned):
            return
        for field in ("purchased", "used", "available", "over_assigned"):
            value = getattr(self, field)
            if value is not None or field in {"used", "over_assigned"}:
                _check_tally(self, field, value)
        if (self.purchased is None) != (self.available is None):
            raise fail_value(
                self, "available", self.available, "must be None exactly when purchased is"
            )
        # `_certainly_valid` is these checks at once: what is left to fail is the balance.
        raise fail_value(
            self,
            "available",
            self.available,
            "minus over_assigned must equal purchased minus used",
        )

    @classmethod
    def limited(cls, license_type: LicenseType, purchased: int, used: int) -> PoolUsage:
        """Return the usage of a clinic's limited pool from its purchased and used counts.

        Raises:
            InvalidTypeError: A count is not an int.
            InvalidValueError: A count is negative or above `licensing.MAX_TALLY`.
        """
        if type(purchased) is not int or type(used) is not int:  # before the arithmetic
            _check_tally("PoolUsage.limited", "purchased", purchased)
            _check_tally("PoolUsage.limited", "used", used)
        return cls(
            license_type=license_type,
            purchased=purchased,
            used=used,
            available=max(0, purchased - used),
            over_assigned=max(0, used - purchased),
        )

    @classmethod
    def unlimited(cls, license_type: LicenseType, used: int) -> PoolUsage:
        """Return the usage of a clinic's unlimited pool: nothing to count but the users."""
        return cls(
            license_type=license_type, purchased=None, used=used, available=None, over_assigned=0
        )

    @property
    def is_unlimited(self) -> bool:
        """Whether the pool is unlimited (``purchased`` is ``None``)."""
        return self.purchased is None

    @property
    def is_clinic_pool(self) -> bool:
        """Whether one clinic's pool could have these counts, not only a total.

        A clinic's limited pool is either over-assigned or has licenses available, never both,
        and its unlimited pool is never over-assigned.
        """
        if self.available is None:
            return self.over_assigned == 0
        return self.available == 0 or self.over_assigned == 0

    def record(self, clinic_id: str | None) -> Record:
        """Return this usage as one flat, JSON-safe row for ``clinic_id``.

        Raises:
            InvalidTypeError: ``clinic_id`` is neither a string nor ``None``.
        """
        check_argument(
            "PoolUsage.record", "clinic_id", clinic_id, (str, type(None)), "a string or None"
        )
        return {
            "clinic_id": clinic_id,
            "license_type": self.license_type.value,
            "purchased": self.purchased,
            "used": self.used,
            "available": self.available,
            "over_assigned": self.over_assigned,
        }


_check_pool_usages = collection_check(PoolUsage, tuple, "PoolUsage")


_TYPE_OF_POOL: Final = attrgetter("license_type")


def _check_pools_in_order(instance: object, field: str, pools: tuple[PoolUsage, ...]) -> None:
    """Require exactly one `PoolUsage` per license type, in `LicenseType` order."""
    _check_pool_usages(instance, field, pools)
    if tuple(map(_TYPE_OF_POOL, pools)) != _LICENSE_TYPES:
        expected = ", ".join(t.value for t in _LICENSE_TYPES)
        found = tuple(pool.license_type.value for pool in pools)
        raise fail_value(
            instance, field, found, f"must hold one pool per type, in order: {expected}"
        )


def _check_clinic_pools(
    instance: ClinicUsage, attribute: attrs.Attribute[Any], value: tuple[PoolUsage, ...]
) -> None:
    _check_pools_in_order(instance, attribute.name, value)
    for pool in value:
        if not pool.is_clinic_pool:
            raise fail_value(
                instance,
                f"{attribute.name}.{pool.license_type.value}",
                pool,
                "must be the usage of one clinic: available or over-assigned, never both, and "
                "never over-assigned when unlimited",
            )
    clerical = value[LicenseType.CLERICAL.rank]
    if not clerical.is_unlimited:
        raise fail_value(
            instance,
            f"{attribute.name}.clerical",
            clerical,
            "must be unlimited, as in every clinic",
        )


def _as_pool_usages(value: Iterable[PoolUsage]) -> tuple[PoolUsage, ...]:
    return as_tuple(value)


@attrs.frozen(kw_only=True)
class ClinicUsage:
    """The usage of every license type in one clinic.

    Attributes:
        clinic_id: The clinic.
        pools: One `PoolUsage` per license type, in `LicenseType` order; each a clinic's (never
            available and over-assigned at once), Clerical unlimited.
    """

    clinic_id: str = attrs.field(validator=check_id)
    pools: tuple[PoolUsage, ...] = attrs.field(
        converter=_as_pool_usages, validator=_check_clinic_pools
    )

    def pool(self, license_type: LicenseType) -> PoolUsage:
        """Return the usage of ``license_type``.

        Raises:
            InvalidTypeError: ``license_type`` is not a `LicenseType`.
        """
        if not isinstance(license_type, LicenseType):  # inline: a hot lookup
            raise fail_type(_CLINIC_USAGE_POOL, "license_type", license_type, "a LicenseType")
        return self.pools[license_type.rank]

    def to_records(self) -> list[Record]:
        """Return one flat dict per license type, ready for ``pandas.DataFrame`` and ``json.dumps``.

        Keys: ``clinic_id``, ``license_type`` (the enum's value), ``purchased``, ``used``,
        ``available``, ``over_assigned``; ``None`` where a pool is unlimited.
        """
        return [pool.record(self.clinic_id) for pool in self.pools]

    def _repr_html_(self) -> str:
        return html_table(self.to_records(), _RECORD_KEYS, none="unlimited")


#: One total's counts: purchased, used, available and over-assigned (``None``: unlimited).
_Counts = tuple[int | None, int, int | None, int]
_COUNTS_OF: Final = attrgetter("purchased", "used", "available", "over_assigned")


def _sums(clinics: tuple[ClinicUsage, ...]) -> list[_Counts]:
    """The organization's totals, per license type, from its clinics (the rule of `usage`).

    Each count is the sum of the clinics' own; a type that some clinic holds unlimited has no
    purchased or available total, and still the sum of the others' over-assignment.
    """
    used = [0] * len(_LICENSE_TYPES)
    purchased = [0] * len(_LICENSE_TYPES)
    available = [0] * len(_LICENSE_TYPES)
    over_assigned = [0] * len(_LICENSE_TYPES)
    unlimited = [False] * len(_LICENSE_TYPES)
    for clinic in clinics:
        for rank, pool in enumerate(clinic.pools):
            used[rank] += pool.used
            over_assigned[rank] += pool.over_assigned
            if pool.purchased is None or pool.available is None:
                unlimited[rank] = True
            else:
                purchased[rank] += pool.purchased
                available[rank] += pool.available
    return [
        (
            None if unlimited[rank] else purchased[rank],
            used[rank],
            None if unlimited[rank] else available[rank],
            over_assigned[rank],
        )
        for rank in range(len(_LICENSE_TYPES))
    ]


def _totals(clinics: tuple[ClinicUsage, ...]) -> tuple[PoolUsage, ...]:
    """The organization's totals as pool usages, in `LicenseType` order (see `_sums`)."""
    return tuple(
        PoolUsage(
            license_type=license_type,
            purchased=purchased,
            used=used,
            available=available,
            over_assigned=over,
        )
        for license_type, (purchased, used, available, over) in zip(
            _LICENSE_TYPES, _sums(clinics), strict=True
        )
    )


def _as_clinic_usages(value: Iterable[ClinicUsage]) -> tuple[ClinicUsage, ...]:
    return as_tuple(value)


def _check_totals(
    instance: OrganizationUsage, attribute: attrs.Attribute[Any], value: tuple[PoolUsage, ...]
) -> None:
    _check_pools_in_order(instance, attribute.name, value)
    for found, sums in zip(value, _sums(instance.clinics), strict=True):
        if _COUNTS_OF(found) != sums:
            purchased, used, available, over = sums
            raise fail_value(
                instance,
                attribute.name,
                found,
                f"must be the sums of the clinics' usage: for {found.license_type.value}, "
                f"purchased={purchased}, used={used}, available={available}, "
                f"over_assigned={over}",
            )


@attrs.frozen(kw_only=True)
class OrganizationUsage:
    """The usage of every clinic of an organization, and totals per license type.

    Attributes:
        clinics: One `ClinicUsage` per clinic, in the organization's order; clinic ids unique.
        totals: One `PoolUsage` per license type, in `LicenseType` order: exactly the sums of
            the clinics' (see `usage`).
    """

    clinics: tuple[ClinicUsage, ...] = attrs.field(
        converter=_as_clinic_usages, validator=check_items(ClinicUsage, tuple, "ClinicUsage")
    )
    totals: tuple[PoolUsage, ...] = attrs.field(converter=_as_pool_usages, validator=_check_totals)
    _index: Mapping[str, ClinicUsage] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        """Index the clinics by id, refusing a repeated one."""
        index: dict[str, ClinicUsage] = {}
        for clinic in self.clinics:
            if clinic.clinic_id in index:
                raise fail_value(self, "clinics", clinic.clinic_id, "must not repeat a clinic id")
            index[clinic.clinic_id] = clinic
        object.__setattr__(self, "_index", index)

    def clinic(self, clinic_id: str) -> ClinicUsage:
        """Return the usage of clinic ``clinic_id``.

        Raises:
            InvalidTypeError: ``clinic_id`` is not a string.
            UnknownClinicError: No clinic of that id.
        """
        return look_up(
            self._index,
            clinic_id,
            owner="OrganizationUsage.clinic",
            field="clinic_id",
            unknown=_no_usage,
        )

    @classmethod
    def of(cls, clinics: Iterable[ClinicUsage]) -> OrganizationUsage:
        """Return the usage of an organization of these clinics (in this order), with totals.

        Raises:
            InvalidTypeError: ``clinics`` is not a collection of `ClinicUsage`.
            InvalidValueError: Two clinics have the same id.
        """
        clinics = as_tuple(clinics)
        _check_clinic_usages("OrganizationUsage.of", "clinics", clinics)
        return cls(clinics=clinics, totals=_totals(clinics))

    @classmethod
    def combine(
        cls, parts: Iterable[OrganizationUsage], *, order: Iterable[str] | None = None
    ) -> OrganizationUsage:
        """Combine the usages of disjoint parts of an organization (shards by clinic).

        Clinics are independent, so an organization can be split by clinic across processes or a
        cluster, each part measured with `usage`, and the parts combined, with totals recomputed
        from the clinics. For any partition of the clinics, ``combine(usage(part) for part in
        parts, order=[c.id for c in whole.clinics])`` equals ``usage(whole)``, whatever order the
        parts come back in (a cluster's hash partitioning returns them in any order).

        Args:
            parts: The usages of the parts.
            order: The clinic ids of the result, in order: every clinic of the parts, once. Without
                it, the clinics come in the order of the parts.

        Raises:
            InvalidTypeError: A part is not an `OrganizationUsage`, or ``order`` is not a
                collection of ids.
            InvalidValueError: Two parts hold the same clinic id, or ``order`` does not name
                exactly the parts' clinics.
        """
        parts = as_tuple(parts)
        _check_parts(_COMBINE, "parts", parts)
        clinics = tuple(clinic for part in parts for clinic in part.clinics)
        seen: set[str] = set()
        for clinic in clinics:
            if clinic.clinic_id in seen:
                raise fail_value(_COMBINE, "parts", clinic.clinic_id, "must not repeat a clinic")
            seen.add(clinic.clinic_id)
        if order is not None:
            clinics = _in_order(clinics, order)
        return cls.of(clinics)

    def total(self, license_type: LicenseType) -> PoolUsage:
        """Return the organization's total for ``license_type``.

        Raises:
            InvalidTypeError: ``license_type`` is not a `LicenseType`.
        """
        check_argument(
            "OrganizationUsage.total", "license_type", license_type, LicenseType, "a LicenseType"
        )
        return self.totals[license_type.rank]

    def to_records(self) -> list[Record]:
        """Return one flat dict per clinic and license type (the clinics', not the totals).

        The keys are those of `ClinicUsage.to_records`.
        """
        return [record for clinic in self.clinics for record in clinic.to_records()]

    def _repr_html_(self) -> str:
        return html_table(self.to_records(), _RECORD_KEYS, none="unlimited")


_check_parts = collection_check(OrganizationUsage, tuple, "OrganizationUsage")
_check_clinic_usages = collection_check(ClinicUsage, tuple, "ClinicUsage")


def _no_usage(clinic_id: str) -> UnknownClinicError:
    return UnknownClinicError(f"no usage for clinic {clinic_id!r}", id=clinic_id)


def _in_order(clinics: tuple[ClinicUsage, ...], order: Iterable[str]) -> tuple[ClinicUsage, ...]:
    """``clinics`` in the order of the ids ``order``, which must name each of them once."""
    ids = as_tuple(order)
    _check_ids(_COMBINE, "order", ids)
    by_id = {clinic.clinic_id: clinic for clinic in clinics}
    if len(set(ids)) != len(ids) or set(ids) != set(by_id):
        missing = sorted(set(by_id) - set(ids))
        unknown = sorted(set(ids) - set(by_id))
        problem = (
            "must name every clinic of the parts exactly once"
            f" (missing: {missing}, not in the parts: {unknown})"
        )
        raise fail_value(_COMBINE, "order", ids, problem)
    return tuple(by_id[clinic_id] for clinic_id in ids)


# What decides whether and what a user counts: its type, status and system flag. The rank of the
# license each combination holds (or None) is read off `holds_license` once, for the 44
# combinations, so that counting a clinic is one lookup per user, in C, with the rule asked of the
# model and nowhere restated.
_COUNTED_BY: Final = attrgetter("user_type", "status", "system")
_HELD_RANK: Final = MappingProxyType(
    {
        (user_type, status, system): (
            user_type.license_type.rank if holds_license(status, system=system) else None
        )
        for user_type in UserType
        for status in UserStatus
        for system in (False, True)
    }
)


def used_per_type(users: Iterable[User]) -> tuple[int, ...]:
    """Count the users that hold a license (`licensing.model.holds_license`), per license type.

    Returns:
        One count per license type, in `LicenseType` order.
    """
    used = [0] * len(_LICENSE_TYPES)
    for key, count in Counter(map(_COUNTED_BY, users)).items():
        rank = _HELD_RANK[key]
        if rank is not None:
            used[rank] += count
    return tuple(used)


#: Pool usages already built during one organization's count, by (type, purchased, used).
MadePools = dict[tuple[LicenseType, int | None, int], PoolUsage]


def clinic_usage(
    clinic: Clinic, made: MadePools | None = None, users: Iterable[User] | None = None
) -> ClinicUsage:
    """Return the usage of one clinic; `usage` for a clinic.

    Args:
        clinic: The clinic.
        made: Pool usages built for other clinics of the same count. Pool usages are values, and
            most clinics' pools repeat the same few counts (at the chain scale, 328 distinct pool
            usages for 4,000 pools): each distinct one is built, and validated, once.
        users: The users to count instead of ``clinic.users`` (`licensing.health_check` counts
            a clinic's users as they would be once some are deactivated).
    """
    pools = []
    counted = used_per_type(clinic.users if users is None else users)
    for license_type, used in zip(_LICENSE_TYPES, counted, strict=True):
        pool = clinic.pool(license_type)
        key = (license_type, None if pool.unlimited else pool.purchased, used)
        found = made.get(key) if made is not None else None
        if found is None:
            if pool.unlimited:
                found = PoolUsage.unlimited(license_type, used)
            else:
                found = PoolUsage.limited(license_type, pool.purchased, used)
            if made is not None:
                made[key] = found
        pools.append(found)
    return ClinicUsage(clinic_id=clinic.id, pools=tuple(pools))


@overload
def usage(subject: Clinic) -> ClinicUsage: ...
@overload
def usage(subject: Organization) -> OrganizationUsage: ...
def usage(subject: Clinic | Organization) -> ClinicUsage | OrganizationUsage:
    """Count purchased, used and available licenses per license type.

    For a clinic, per license type: ``used`` counts the active, non-system users homed in the
    clinic (access to other clinics uses nothing there); a limited pool reports ``purchased``,
    ``available = max(0, purchased - used)`` and ``over_assigned = max(0, used - purchased)``, so
    over-assignment is shown and never turned into a negative available count; an unlimited pool
    (Clerical always) reports ``None`` for purchased and available, and no over-assignment.

    For an organization: every clinic's usage, in order, and totals per license type. A total sums
    the clinics' figures: ``used``, and ``available`` and ``over_assigned`` as sums of each
    clinic's own, since licenses are never pooled across clinics (one clinic's spare does not
    cover another's over-assignment). When any clinic holds a type unlimited, that type's total
    has ``purchased`` and ``available`` ``None`` (a limited count that silently left out some
    clinics would look complete and be wrong), and still the sum of the other clinics'
    over-assignment: totals never hide it.

    Args:
        subject: A `Clinic` or an `Organization`.

    Returns:
        A `ClinicUsage` for a clinic, an `OrganizationUsage` for an organization.

    Raises:
        InvalidTypeError: ``subject`` is neither.
    """
    check_argument(
        "usage", "subject", subject, (Clinic, Organization), "a Clinic or an Organization"
    )
    if isinstance(subject, Clinic):
        return clinic_usage(subject)
    made: MadePools = {}
    return OrganizationUsage.of(clinic_usage(clinic, made) for clinic in subject.clinics)
