"""How the library words counts, license types, clinics, users, money and moments.

Every message and every drafted explanation goes through these functions, so one thing is always
written one way: counts with thousands separators (``"99,999"``), license types by their name
(``"Assistant"``), clinics by name and id (``"clinic 'North' (north)"``), moments as
``YYYY-MM-DD HH:MM+hh:mm`` in the time zone they carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Final

from licensing.enums import LicenseType

__all__ = [
    "a_license",
    "clinic_label",
    "join",
    "licenses",
    "moment",
    "moments",
    "money",
    "number",
    "type_name",
    "user_label",
]

#: The precisions a moment is written at, coarsest first.
_TIMESPECS: Final = ("minutes", "seconds", "microseconds")


def number(count: int | Decimal) -> str:
    """A count (or a bound on an amount), with thousands separators: ``"99,999"``."""
    return f"{count:,}"


def type_name(license_type: LicenseType) -> str:
    """A license type as a reader names it: ``"Assistant"``."""
    return license_type.value.capitalize()


def licenses(count: int, license_type: LicenseType) -> str:
    """``"1 Assistant license"``, ``"17 Assistant licenses"``."""
    return f"{number(count)} {type_name(license_type)} license{'' if count == 1 else 's'}"


def a_license(license_type: LicenseType) -> str:
    """``"a Therapist license"``, ``"an Assistant license"``."""
    name = type_name(license_type)
    article = "an" if name[0] in "AEIOU" else "a"
    return f"{article} {name} license"


def clinic_label(clinic_id: str, name: str | None = None) -> str:
    """``"clinic 'North' (north)"``, or ``"clinic north"`` when the name is not known."""
    return f"clinic {name!r} ({clinic_id})" if name is not None else f"clinic {clinic_id}"


def user_label(user_id: str, name: str) -> str:
    """``"'Morgan Lee' (mgr)"``."""
    return f"{name!r} ({user_id})"


def join(parts: Sequence[str]) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"``."""
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def money(amount: Decimal, currency: str) -> str:
    """``"1,513.00 USD"``, exactly as many decimal places as the amount has."""
    # Money is never negative; `copy_abs` turns the 0 of a -0 price into "0".
    return f"{amount.copy_abs():,f} {currency}"


def moment(when: datetime) -> str:
    """``"2026-03-20 00:00-08:00"``: to the minute, in the time zone ``when`` carries."""
    return when.isoformat(sep=" ", timespec="minutes")


def moments(*whens: datetime) -> tuple[str, ...]:
    """Write moments at one precision, the coarsest that tells apart any two that differ.

    Two moments a few seconds apart are both written with seconds, so that a message never says
    "submitted at 09:00, after the cutoff of 09:00".
    """
    full = tuple(when.isoformat(sep=" ", timespec="microseconds") for when in whens)
    for timespec in _TIMESPECS[:-1]:
        written = tuple(when.isoformat(sep=" ", timespec=timespec) for when in whens)
        if all(
            (written[i] != written[j]) == (full[i] != full[j])
            for i in range(len(whens))
            for j in range(i)
        ):
            return written
    return full
