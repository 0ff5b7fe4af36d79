"""How many spare licenses a clinic wants to keep available."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, SupportsIndex, cast

import attrs

from licensing._checks import (
    as_int,
    as_type_map,
    check_count_value,
    check_text,
    check_type_map,
    fail_type,
    is_mapping,
)
from licensing._frozenmap import FrozenMap
from licensing.bounds import MAX_ID_LENGTH
from licensing.enums import LicenseType

__all__ = ["NO_SPARES", "RetentionPolicy"]

_RETENTION_POLICY_SPARE: Final = "RetentionPolicy.spare"

_KEEP: Final = "a mapping of LicenseType to int"
_check_keep_map = check_type_map(check_count_value, _KEEP)


def _as_keep(value: Mapping[LicenseType, SupportsIndex] | None) -> FrozenMap[LicenseType, int]:
    return as_type_map(value, as_int)


def _as_clinic_keep(
    value: Mapping[str, Mapping[LicenseType, SupportsIndex]] | None,
) -> FrozenMap[str, FrozenMap[LicenseType, int]]:
    if value is None:
        return FrozenMap()
    if not is_mapping(value):
        return cast("FrozenMap[str, FrozenMap[LicenseType, int]]", value)  # the validator names it
    return FrozenMap({clinic_id: _as_keep(keep) for clinic_id, keep in value.items()})


def _check_keep(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_keep_map(instance, attribute.name, value)


def _check_clinic_keep(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, FrozenMap):
        raise fail_type(instance, attribute.name, value, "a mapping of clinic id to a keep mapping")
    for clinic_id, keep in value.items():
        check_text(instance, attribute.name, clinic_id, limit=MAX_ID_LENGTH, what="clinic id")
        _check_keep_map(instance, f"{attribute.name}.{clinic_id}", keep)


@attrs.frozen(kw_only=True)
class RetentionPolicy:
    """Spare licenses to keep available per license type, with per-clinic overrides.

    Some clinics deliberately keep an available license for their workflow (the product's own
    example keeps 1 of 18 available Assistant licenses). A removal proposal never releases these.

    Attributes:
        keep: `LicenseType` to the spare count every clinic keeps (absent: 0).
        clinic_keep: Clinic id to a `LicenseType` to spare count mapping; for a clinic, it
            replaces ``keep`` for the license types it names, and only those.

    >>> policy = RetentionPolicy(
    ...     keep={LicenseType.ASSISTANT: 1},
    ...     clinic_keep={"north": {LicenseType.ASSISTANT: 3}},
    ... )
    >>> policy.spare("north", LicenseType.ASSISTANT), policy.spare("south", LicenseType.ASSISTANT)
    (3, 1)
    """

    keep: FrozenMap[LicenseType, int] = attrs.field(
        default=None, converter=_as_keep, validator=_check_keep
    )
    clinic_keep: FrozenMap[str, FrozenMap[LicenseType, int]] = attrs.field(
        default=None, converter=_as_clinic_keep, validator=_check_clinic_keep
    )

    def spare(self, clinic_id: str, license_type: LicenseType) -> int:
        """Return how many available licenses of ``license_type`` clinic ``clinic_id`` keeps.

        The clinic's override for the type if it names one, else the default ``keep`` of the
        type, else 0.

        Raises:
            InvalidTypeError: ``clinic_id`` is not a string or ``license_type`` not a
                `LicenseType`.
        """
        if not isinstance(clinic_id, str):  # inline: a hot lookup
            raise fail_type(_RETENTION_POLICY_SPARE, "clinic_id", clinic_id, "a string")
        if not isinstance(license_type, LicenseType):
            raise fail_type(_RETENTION_POLICY_SPARE, "license_type", license_type, "a LicenseType")
        override = self.clinic_keep.get(clinic_id)
        if override is not None and license_type in override:
            return override[license_type]
        return self.keep.get(license_type, 0)


#: The policy that keeps no spare anywhere: the default of every function that takes a policy.
NO_SPARES: Final = RetentionPolicy()
