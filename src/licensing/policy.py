"""How many spare licenses a clinic wants to keep available."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, SupportsIndex, cast

import attrs

from licensing._checks import MAX_ID_LENGTH, as_int, check_count_value, check_text, fail_type
from licensing._frozenmap import FrozenMap
from licensing.enums import LicenseType

__all__ = ["RetentionPolicy"]


def _as_keep(value: Mapping[LicenseType, SupportsIndex] | None) -> FrozenMap[LicenseType, int]:
    raw: object = value
    if raw is None:
        return FrozenMap()
    if isinstance(raw, Mapping):
        return FrozenMap({k: as_int(v) for k, v in raw.items()})
    return cast("FrozenMap[LicenseType, int]", raw)  # the validator names the field


def _as_clinic_keep(
    value: Mapping[str, Mapping[LicenseType, SupportsIndex]] | None,
) -> FrozenMap[str, FrozenMap[LicenseType, int]]:
    raw: object = value
    if raw is None:
        return FrozenMap()
    if isinstance(raw, Mapping):
        return FrozenMap({k: _as_keep(v) if isinstance(v, Mapping) else v for k, v in raw.items()})
    return cast("FrozenMap[str, FrozenMap[LicenseType, int]]", raw)  # the validator names it


def _check_keep_map(instance: object, field: str, value: object) -> None:
    if not isinstance(value, FrozenMap):
        raise fail_type(instance, field, value, "a mapping of LicenseType to int")
    for license_type, count in value.items():
        if not isinstance(license_type, LicenseType):
            raise fail_type(instance, field, license_type, "keyed by LicenseType")
        check_count_value(instance, f"{field}.{license_type.value}", count)


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
        """Return how many available licenses of ``license_type`` clinic ``clinic_id`` keeps."""
        override = self.clinic_keep.get(clinic_id)
        if override is not None and license_type in override:
            return override[license_type]
        return self.keep.get(license_type, 0)
