"""How many licenses each clinic uses, per license type: what the User Manager shows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from operator import attrgetter
from types import MappingProxyType
from typing import Final, overload

import attrs

from licensing._checks import fail_type, fail_value
from licensing.enums import LicenseType, UserStatus, UserType
from licensing.model import Clinic, Organization, User

__all__ = ["ClinicUsage", "OrganizationUsage", "PoolUsage", "Record", "usage"]

#: One flat row of `to_records`: JSON-safe scalars only.
Record = dict[str, str | int | None]

#: The largest count a usage result may hold: a platform's totals (25,000 clinics of up to
#: `licensing.MAX_COUNT` licenses each) fit with room to spare.
MAX_TALLY: Final = 10**12

_RECORD_KEYS = ("clinic_id", "license_type", "purchased", "used", "available", "over_assigned")


@attrs.frozen(kw_only=True)
class PoolUsage:
    """The usage of one license type in one clinic (or, in totals, across an organization).

    Attributes:
        license_type: The license type.
        purchased: Licenses paid for; ``None`` for an unlimited pool.
        used: Active, non-system users of this type homed in the clinic.
        available: For a clinic, ``max(0, purchased - used)``, the most that can be released; in
            totals, the sum of the clinics' own. ``None`` for an unlimited pool.
        over_assigned: For a clinic, ``max(0, used - purchased)``: users active beyond the
            licenses bought (as imported data can have); in totals, the sum of the clinics' own.
            Always 0 for an unlimited pool.
    """

    license_type: LicenseType
    purchased: int | None
    used: int
    available: int | None
    over_assigned: int

    def __attrs_post_init__(self) -> None:
        """Refuse counts no clinic or organization can have (as hostile JSON could hold).

        Every count is an int (not a bool) between 0 and `MAX_TALLY`; ``purchased`` and
        ``available`` are ``None`` together (an unlimited pool), which has no over-assignment;
        and a limited one balances: ``available - over_assigned == purchased - used`` (for a
        clinic one side is 0; totals add the clinics' own, so both may be positive).
        """
        if not isinstance(self.license_type, LicenseType):
            raise fail_type(self, "license_type", self.license_type, "a LicenseType")
        for field in ("purchased", "used", "available", "over_assigned"):
            value = getattr(self, field)
            if value is None and field in {"purchased", "available"}:
                continue
            if type(value) is not int:
                raise fail_type(self, field, value, "an int (not a bool)")
            if not 0 <= value <= MAX_TALLY:
                raise fail_value(self, field, value, f"must be between 0 and {MAX_TALLY}")
        if (self.purchased is None) != (self.available is None):
            raise fail_value(
                self, "available", self.available, "must be None exactly when unlimited"
            )
        if self.purchased is None:
            if self.over_assigned:
                raise fail_value(
                    self, "over_assigned", self.over_assigned, "must be 0 when unlimited"
                )
        elif self.available - self.over_assigned != self.purchased - self.used:  # type: ignore[operator]
            raise fail_value(
                self,
                "available",
                self.available,
                "minus over_assigned must equal purchased minus used",
            )

    @classmethod
    def limited(cls, license_type: LicenseType, purchased: int, used: int) -> PoolUsage:
        """Return the usage of a limited pool from its purchased and used counts."""
        return cls(
            license_type=license_type,
            purchased=purchased,
            used=used,
            available=max(0, purchased - used),
            over_assigned=max(0, used - purchased),
        )

    @classmethod
    def unlimited(cls, license_type: LicenseType, used: int) -> PoolUsage:
        """Return the usage of an unlimited pool: nothing to count but the users."""
        return cls(
            license_type=license_type, purchased=None, used=used, available=None, over_assigned=0
        )

    @property
    def is_unlimited(self) -> bool:
        """Whether the pool is unlimited (``purchased`` is ``None``)."""
        return self.purchased is None

    def record(self, clinic_id: str | None) -> Record:
        """Return this usage as one flat, JSON-safe row for ``clinic_id``."""
        return {
            "clinic_id": clinic_id,
            "license_type": self.license_type.value,
            "purchased": self.purchased,
            "used": self.used,
            "available": self.available,
            "over_assigned": self.over_assigned,
        }


def _pool_of(pools: tuple[PoolUsage, ...], license_type: LicenseType) -> PoolUsage:
    for pool in pools:
        if pool.license_type is license_type:
            return pool
    msg = f"no usage for license type {license_type!r}"  # pragma: no cover - always complete
    raise LookupError(msg)  # pragma: no cover


def _cell(key: str, value: str | int | None) -> str:
    return "unlimited" if value is None and key != "clinic_id" else str(value)


def _html_table(records: Iterable[Record]) -> str:
    # Imported here: only notebooks render HTML, and `import licensing` stays lighter without it.
    from html import escape  # noqa: PLC0415

    head = "".join(f"<th>{escape(key)}</th>" for key in _RECORD_KEYS)
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{escape(_cell(key, value))}</td>" for key, value in record.items())
        + "</tr>"
        for record in records
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


@attrs.frozen(kw_only=True)
class ClinicUsage:
    """The usage of every license type in one clinic.

    Attributes:
        clinic_id: The clinic.
        pools: One `PoolUsage` per license type, in `LicenseType` order.
    """

    clinic_id: str
    pools: tuple[PoolUsage, ...]

    def pool(self, license_type: LicenseType) -> PoolUsage:
        """Return the usage of ``license_type``."""
        return _pool_of(self.pools, license_type)

    def to_records(self) -> list[Record]:
        """Return one flat dict per license type, ready for ``pandas.DataFrame`` and ``json.dumps``.

        Keys: ``clinic_id``, ``license_type`` (the enum's value), ``purchased``, ``used``,
        ``available``, ``over_assigned``; ``None`` where a pool is unlimited.
        """
        return [pool.record(self.clinic_id) for pool in self.pools]

    def _repr_html_(self) -> str:
        return _html_table(self.to_records())


@attrs.frozen(kw_only=True)
class OrganizationUsage:
    """The usage of every clinic of an organization, and totals per license type.

    Attributes:
        clinics: One `ClinicUsage` per clinic, in the organization's order.
        totals: One `PoolUsage` per license type, in `LicenseType` order; see `usage` for how
            totals treat a type that some clinics hold unlimited.
    """

    clinics: tuple[ClinicUsage, ...]
    totals: tuple[PoolUsage, ...]

    def clinic(self, clinic_id: str) -> ClinicUsage:
        """Return the usage of clinic ``clinic_id``.

        Raises:
            LookupError: No clinic of that id.
        """
        for clinic in self.clinics:
            if clinic.clinic_id == clinic_id:
                return clinic
        msg = f"no usage for clinic {clinic_id!r}"
        raise LookupError(msg)

    @classmethod
    def combine(cls, parts: Iterable[OrganizationUsage]) -> OrganizationUsage:
        """Combine the usages of disjoint parts of an organization (shards by clinic).

        Clinics are independent, so an organization can be split by clinic across processes or a
        cluster, each part measured with `usage`, and the parts combined: the clinics in the
        order of the parts, and totals recomputed from them. For any partition of the clinics,
        ``combine(usage(part) for part in parts)`` equals ``usage(whole)`` with the clinics in
        the parts' order.

        Raises:
            InvalidValueError: Two parts hold the same clinic id.
        """
        clinics = tuple(clinic for part in parts for clinic in part.clinics)
        seen: set[str] = set()
        for clinic in clinics:
            if clinic.clinic_id in seen:
                raise fail_value(cls.__name__, "clinics", clinic.clinic_id, "must not repeat")
            seen.add(clinic.clinic_id)
        return organization_usage(clinics)

    def total(self, license_type: LicenseType) -> PoolUsage:
        """Return the organization's total for ``license_type``."""
        return _pool_of(self.totals, license_type)

    def to_records(self) -> list[Record]:
        """Return one flat dict per clinic and license type (the clinics', not the totals).

        The keys are those of `ClinicUsage.to_records`.
        """
        return [record for clinic in self.clinics for record in clinic.to_records()]

    def _repr_html_(self) -> str:
        return _html_table(self.to_records())


# What decides whether and what a user counts, read in C for each user: attrgetter, map and
# Counter make no Python-level call per user. Enum values (strings) rather than the members
# themselves are the keys, because an enum member's hash is a Python-level call. A clinic's users
# collapse into at most 44 keys (11 user types, 2 statuses, system or not), which are then sorted
# out in Python. This keeps `usage` near the floor of one pass over the user objects.
_COUNTING_KEY: Final = attrgetter("user_type._value_", "status._value_", "system")
_LICENSE_TYPES: Final = tuple(LicenseType)
_RANK_OF_USER_TYPE: Final = MappingProxyType(
    {user_type.value: _LICENSE_TYPES.index(user_type.license_type) for user_type in UserType}
)
_ACTIVE: Final = UserStatus.ACTIVE.value


def _used(users: tuple[User, ...]) -> list[int]:
    """Count the active, non-system users per license type, in `LicenseType` order."""
    used = [0] * len(_LICENSE_TYPES)
    for (user_type, status, system), count in Counter(map(_COUNTING_KEY, users)).items():
        if status == _ACTIVE and not system:
            used[_RANK_OF_USER_TYPE[user_type]] += count
    return used


def clinic_usage(clinic: Clinic) -> ClinicUsage:
    """Return the usage of one clinic; `usage` for a clinic."""
    pools = []
    for license_type, used in zip(_LICENSE_TYPES, _used(clinic.users), strict=True):
        pool = clinic.pool(license_type)
        if pool.unlimited:
            pools.append(PoolUsage.unlimited(license_type, used))
        else:
            pools.append(PoolUsage.limited(license_type, pool.purchased, used))
    return ClinicUsage(clinic_id=clinic.id, pools=tuple(pools))


def _totals(clinics: tuple[ClinicUsage, ...]) -> tuple[PoolUsage, ...]:
    # One pass over the clinics sums every type's figures by position: `clinic_usage` lists one
    # pool per license type in LicenseType order (a hand-built ClinicUsage may not: look it up).
    types = _LICENSE_TYPES
    purchased = [0] * len(types)
    used = [0] * len(types)
    available = [0] * len(types)
    over_assigned = [0] * len(types)
    unlimited = [False] * len(types)
    for clinic in clinics:
        pools = clinic.pools
        if len(pools) != len(types) or any(
            pool.license_type is not license_type
            for pool, license_type in zip(pools, types, strict=True)
        ):
            pools = tuple(clinic.pool(license_type) for license_type in types)
        for index, pool in enumerate(pools):
            used[index] += pool.used
            if pool.purchased is None:
                unlimited[index] = True
            else:
                purchased[index] += pool.purchased
                available[index] += pool.available or 0
                over_assigned[index] += pool.over_assigned
    return tuple(
        PoolUsage.unlimited(license_type, used[index])
        if unlimited[index]
        else PoolUsage(
            license_type=license_type,
            purchased=purchased[index],
            used=used[index],
            available=available[index],
            over_assigned=over_assigned[index],
        )
        for index, license_type in enumerate(types)
    )


def organization_usage(clinics: tuple[ClinicUsage, ...]) -> OrganizationUsage:
    """Combine clinic usages (in the given order) into an `OrganizationUsage` with totals."""
    return OrganizationUsage(clinics=clinics, totals=_totals(clinics))


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
    (Clerical always) reports ``None`` for purchased and available.

    For an organization: every clinic's usage, in order, and totals per license type. A total sums
    the clinics' figures, per clinic: ``available`` and ``over_assigned`` are sums of each clinic's
    own, since licenses are never pooled across clinics (one clinic's spare does not cover another's
    over-assignment). When any clinic holds a type unlimited, that type's total is unlimited
    (``purchased`` and ``available`` are ``None``, ``over_assigned`` 0, ``used`` the sum): a limited
    count that silently left out some clinics would look complete and be wrong.

    Args:
        subject: A `Clinic` or an `Organization`.

    Returns:
        A `ClinicUsage` for a clinic, an `OrganizationUsage` for an organization.

    Raises:
        TypeError: ``subject`` is neither.
    """
    if isinstance(subject, Clinic):
        return clinic_usage(subject)
    raw: object = subject
    if isinstance(raw, Organization):
        return organization_usage(tuple(clinic_usage(clinic) for clinic in raw.clinics))
    msg = f"usage() takes a Clinic or an Organization, got {type(raw).__name__}"
    raise TypeError(msg)
