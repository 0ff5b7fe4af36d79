# Without the bench extra (as in `make test`), msgspec and pydantic are unknown to mypy and their
# classes are Any: these errors follow from that alone. With the extra, none of them occurs.
# mypy: disable-error-code="import-not-found, misc, call-arg, no-any-return, untyped-decorator"
"""The same organization as `msgspec.Struct` classes and as pydantic v2 models, for comparison.

Only the benchmark imports this module, and only when the ``bench`` extra is installed: neither
library is a dependency of `licensing`.

Both sets of classes have the JSON shape of `licensing.make_converter` (field names, enums by
value, sets as lists, datetimes as ISO 8601 strings) and check what `licensing` checks, each in its
library's own idiom, so that the comparison is of equal work:

- per field: ids of 1 to 128 and names of 1 to 200 characters, not blank and without control
  characters (a regular expression); counts between 0 and 100,000, never a bool or a string;
  enums from their values only; timezone-aware datetimes from strings only; no unknown keys;
- across fields, in a post-init hook (msgspec) or an "after" model validator (pydantic): a
  Clerical pool is unlimited, a billing cutoff is between 0 and 27 days, one pool per license
  type, user ids unique in a clinic and across the organization, clinic ids unique, no user
  naming its home clinic in ``clinic_access``.

Differences that remain, none of which changes the work much: msgspec cannot read a duration
from a number of seconds, so its billing ``cutoff`` stays a number (there are 25 users per
billing cycle in the benchmark's data); both libraries drop repeated items of a set where
`licensing` rejects them; and neither builds the lookup indexes that `licensing`'s `Clinic` and
`Organization` keep (``org.clinic``, ``org.home_clinic``, ``clinic.user``), though their
uniqueness checks build the same sets.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Annotated, Any, Final, Self

import msgspec
import pydantic
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt

from licensing import LicenseType, Permission, UserStatus, UserType

# One visible character at least, no C0/C1 control characters (Unicode category Cc).
_TEXT: Final = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
_MAX_COUNT: Final = 100_000
_MAX_CUTOFF: Final = timedelta(days=27)


def _unique(ids: Iterable[str], what: str) -> set[str]:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            msg = f"{what} must not repeat an id, got {item!r}"
            raise ValueError(msg)
        seen.add(item)
    return seen


def _check_pools(pools: Iterable[Any]) -> None:
    types = set()
    for pool in pools:
        if pool.license_type in types:
            msg = f"pools must hold one pool per type, got {pool.license_type} twice"
            raise ValueError(msg)
        types.add(pool.license_type)


def _check_home(clinic_id: str, users: Iterable[Any]) -> None:
    for user in users:
        if clinic_id in user.clinic_access:
            msg = f"user {user.id!r} must not list its home clinic in clinic_access"
            raise ValueError(msg)


def _check_clinics(clinics: Iterable[Any]) -> None:
    clinics = tuple(clinics)
    _unique((clinic.id for clinic in clinics), "clinics")
    _unique((user.id for clinic in clinics for user in clinic.users), "users across clinics")


# --- msgspec ----------------------------------------------------------------------------------

MId = Annotated[str, msgspec.Meta(min_length=1, max_length=128, pattern=_TEXT)]
MName = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=_TEXT)]
MCount = Annotated[int, msgspec.Meta(ge=0, le=_MAX_COUNT)]
MAware = Annotated[datetime, msgspec.Meta(tz=True)]
MSeconds = Annotated[float, msgspec.Meta(ge=0, le=_MAX_CUTOFF.total_seconds())]


class MUser(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`licensing.User` as a msgspec Struct."""

    id: MId
    name: MName
    user_type: UserType
    status: UserStatus = UserStatus.ACTIVE
    permissions: frozenset[Permission] = frozenset()
    clinic_access: frozenset[MId] = frozenset()
    last_active_at: MAware | None = None
    licensed_since: MAware | None = None
    system: bool = False


class MLicensePool(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`licensing.LicensePool` as a msgspec Struct."""

    license_type: LicenseType
    purchased: MCount = 0
    unlimited: bool = False

    def __post_init__(self) -> None:
        """Refuse a limited Clerical pool."""
        if not self.unlimited and not self.license_type.charged:
            msg = "unlimited must be True: Clerical is always unlimited"
            raise ValueError(msg)


def _known_zone(key: str | None) -> str | None:
    """Refuse a key the zone database does not know, as `licensing` does (one cached lookup)."""
    if key is not None:
        zoneinfo.ZoneInfo(key)
    return key


class MBillingCycle(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`licensing.BillingCycle` as a msgspec Struct (the cutoff in seconds, the zone's key)."""

    anchor: MAware
    cutoff: MSeconds = 86_400.0
    zone: str | None = None

    def __post_init__(self) -> None:
        """Refuse an unknown zone key."""
        _known_zone(self.zone)


class MClinic(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`licensing.Clinic` as a msgspec Struct."""

    id: MId
    name: MName
    pools: tuple[MLicensePool, ...] = ()
    users: tuple[MUser, ...] = ()
    billing: MBillingCycle | None = None

    def __post_init__(self) -> None:
        """Refuse two pools of a type, repeated user ids and users naming this clinic."""
        _check_pools(self.pools)
        _unique((user.id for user in self.users), "users")
        _check_home(self.id, self.users)


class MOrganization(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`licensing.Organization` as a msgspec Struct."""

    id: MId
    name: MName
    clinics: tuple[MClinic, ...] = ()

    def __post_init__(self) -> None:
        """Refuse repeated clinic ids and user ids repeated across clinics."""
        _check_clinics(self.clinics)


def msgspec_structure(data: object) -> MOrganization:
    """Structure JSON-ready data as an `MOrganization` (strict: no coercion)."""
    return msgspec.convert(data, MOrganization)


def msgspec_unstructure(org: MOrganization) -> Any:  # noqa: ANN401 - JSON-ready data
    """Unstructure an `MOrganization` to JSON-ready data, sets sorted."""
    return msgspec.to_builtins(org, order="deterministic")


# --- pydantic ---------------------------------------------------------------------------------

PId = Annotated[str, Field(strict=True, min_length=1, max_length=128, pattern=_TEXT)]
PName = Annotated[str, Field(strict=True, min_length=1, max_length=200, pattern=_TEXT)]
PCount = Annotated[StrictInt, Field(ge=0, le=_MAX_COUNT)]


def _iso_text(value: object) -> object:
    # Lax datetimes also read numbers as Unix times; `licensing` reads only ISO 8601 strings.
    if not isinstance(value, str | datetime):
        msg = "expected an ISO 8601 string"
        raise TypeError(msg)
    return value


def _within_cutoff(value: timedelta) -> timedelta:
    if not timedelta(0) <= value <= _MAX_CUTOFF:
        msg = "cutoff must be between 0 and 27 days"
        raise ValueError(msg)
    return value


PAware = Annotated[pydantic.AwareDatetime, BeforeValidator(_iso_text)]
PCutoff = Annotated[timedelta, AfterValidator(_within_cutoff)]
_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")


class PUser(pydantic.BaseModel):
    """`licensing.User` as a pydantic model."""

    model_config = _CONFIG

    id: PId
    name: PName
    user_type: UserType
    status: UserStatus = UserStatus.ACTIVE
    permissions: frozenset[Permission] = frozenset()
    clinic_access: frozenset[PId] = frozenset()
    last_active_at: PAware | None = None
    licensed_since: PAware | None = None
    system: StrictBool = False


class PLicensePool(pydantic.BaseModel):
    """`licensing.LicensePool` as a pydantic model."""

    model_config = _CONFIG

    license_type: LicenseType
    purchased: PCount = 0
    unlimited: StrictBool = False

    @pydantic.model_validator(mode="after")
    def _clerical_unlimited(self) -> Self:
        if not self.unlimited and not self.license_type.charged:
            msg = "unlimited must be True: Clerical is always unlimited"
            raise ValueError(msg)
        return self


class PBillingCycle(pydantic.BaseModel):
    """`licensing.BillingCycle` as a pydantic model."""

    model_config = _CONFIG

    anchor: PAware
    cutoff: PCutoff = timedelta(hours=24)
    zone: Annotated[pydantic.StrictStr | None, AfterValidator(_known_zone)] = None

    @pydantic.field_serializer("cutoff")
    def _seconds(self, cutoff: timedelta) -> float:
        # licensing's shape: seconds, a number (pydantic would write an ISO 8601 duration).
        return cutoff.total_seconds()


class PClinic(pydantic.BaseModel):
    """`licensing.Clinic` as a pydantic model."""

    model_config = _CONFIG

    id: PId
    name: PName
    pools: tuple[PLicensePool, ...] = ()
    users: tuple[PUser, ...] = ()
    billing: PBillingCycle | None = None

    @pydantic.model_validator(mode="after")
    def _consistent(self) -> Self:
        _check_pools(self.pools)
        _unique((user.id for user in self.users), "users")
        _check_home(self.id, self.users)
        return self


class POrganization(pydantic.BaseModel):
    """`licensing.Organization` as a pydantic model."""

    model_config = _CONFIG

    id: PId
    name: PName
    clinics: tuple[PClinic, ...] = ()

    @pydantic.model_validator(mode="after")
    def _consistent(self) -> Self:
        _check_clinics(self.clinics)
        return self


PYDANTIC_ADAPTER: Final = pydantic.TypeAdapter(POrganization)


def pydantic_structure(data: object) -> POrganization:
    """Validate JSON-ready data as a `POrganization` with a `pydantic.TypeAdapter`."""
    return PYDANTIC_ADAPTER.validate_python(data)


def pydantic_unstructure(org: POrganization) -> Any:  # noqa: ANN401 - JSON-ready data
    """Dump a `POrganization` to JSON-ready data (``mode="json"``)."""
    return PYDANTIC_ADAPTER.dump_python(org, mode="json")
