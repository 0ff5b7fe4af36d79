r"""The canonical form of the library's values, and the digest of a health check's inputs.

A `licensing.HealthCheck` carries a ``digest``: the lowercase hex SHA-256 of the canonical form
of everything it was computed from. Inputs that compare equal have one canonical form, in any
process, on any machine, on any supported Python (nothing in it depends on hash seeds, dict order,
locale or platform), and any change that makes an input compare unequal changes it. So a stored
health check can be matched to its inputs, and two services can tell whether they decided on the
same facts, without either keeping the inputs.

The canonical form is JSON, defined so that another language can compute it:

- A value object is a JSON object of the fields its equality compares, keyed by field name:
  every field of `User`, `LicensePool`, `Organization`, `RetentionPolicy`, `PriceList` and
  `InactivityPolicy`; a `Clinic`'s ``id``, ``name``, ``users``, ``billing`` and ``pools``, where
  ``pools`` holds only the pools that change what the clinic means (a limited pool with a
  purchased count, or an unlimited charged one: an empty limited pool, the unlimited Clerical pool
  and the order of pools change nothing); a `BillingCycle`'s calendar, not its anchor:
  ``cutoff``, ``place`` (the zone's IANA key, or the fixed UTC offset of a cycle without a
  zone), ``day`` (the anchor's day of the month there) and ``time_of_day``.
- A string is a JSON string; an enum member its value; ``None`` is ``null``; a bool ``true`` or
  ``false``; an int its decimal digits, in full (also beyond 2**53, where this form differs from
  RFC 8785, which would round it).
- A `decimal.Decimal` is a string of its exact value without exponent or trailing zeros:
  ``Decimal("129.50")`` is ``"129.5"``, ``Decimal("1E+2")`` is ``"100"``, zero is ``"0"``.
- A moment (`datetime.datetime`) is the integer number of microseconds from
  1970-01-01T00:00:00Z to it, whatever zone it carries; a duration (`datetime.timedelta`) and a
  time of day (microseconds after midnight) are integers of microseconds too.
- A tuple is an array in its order; a set (a frozenset) an array sorted by the canonical text of
  its items; a mapping an object keyed by its keys (an enum's value, or the string).
- Object keys are sorted by their UTF-16 code units, as RFC 8785 sorts them (the field names
  are ASCII, where that is plain byte order; clinic ids in a `RetentionPolicy` may not be), and
  set items are sorted by their canonical text the same way.
- The text has no whitespace between tokens; a string escapes only ``"`` and ``\`` as ``\"``
  and ``\\`` (the values refuse the control characters JSON would escape otherwise, and
  unpaired surrogates), and every other character is written as itself. The text is encoded as
  UTF-8.

The health check's document is the object
``{"form": "licensing.health_check/1", "inputs": {...}}`` whose inputs are ``inactivity``,
``min_confidence``, ``now``, ``organization``, ``policy`` and ``prices`` (``null`` when not
given), with one difference from the rules above: in the organization, each clinic is written as
the lowercase hex SHA-256 of its own canonical text (a string), so that a clinic already digested
is not written again, and shards of an organization digest their clinics apart. The digest is the
SHA-256 of that document's text.

>>> from datetime import datetime, timezone
>>> from decimal import Decimal
>>> from licensing import LicenseType, PriceList
>>> canonical_text(PriceList(prices={LicenseType.ASSISTANT: Decimal("45.50")}))
'{"currency":"USD","prices":{"assistant":"45.5"}}'
>>> canonical_text(datetime(1970, 1, 1, 0, 0, 1, tzinfo=timezone.utc))
'1000000'

One difference from Python's own equality: two moments of one zone that share a wall-clock time
in the hour a clock is set back (``fold=0`` and ``fold=1``) compare equal in Python, which then
reads the wall clock, but are different moments, and get different canonical forms.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, cast

import attrs

from licensing._checks import fail_type
from licensing.billing import PriceList
from licensing.enums import Confidence, UserStatus, UserType
from licensing.idle import InactivityPolicy
from licensing.model import Clinic, Organization, User
from licensing.policy import RetentionPolicy

__all__ = [
    "FORM",
    "HealthInputs",
    "canonical",
    "canonical_text",
    "clinic_digest",
    "digest",
    "health_check_document",
]

#: The name and version of the health check's canonical document.
FORM: Final = "licensing.health_check/1"

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)
# Private fields that equality compares, by the name the canonical form gives them.
_NAMES: Final = MappingProxyType({"_pools_meaning": "pools"})
_json: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_dumps: Final = _json.encode


def _utf16(text: str) -> bytes:
    """The sort key of RFC 8785: UTF-16 code units (big-endian bytes compare the same way)."""
    return text.encode("utf-16-be")


def _decimal(value: Decimal) -> str:
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - money is finite
    text = "".join(map(str, digits)).lstrip("0") or "0"
    if text == "0":
        return "0"
    if exponent >= 0:
        text += "0" * exponent
    else:
        text = text.rjust(-exponent + 1, "0")
        text = f"{text[:exponent]}.{text[exponent:]}".rstrip("0").rstrip(".")
    return f"-{text}" if sign else text


def _moment(value: datetime) -> int:
    return (value - _EPOCH) // _MICROSECOND


def _object(items: Mapping[str, Any]) -> dict[str, Any]:
    return {key: items[key] for key in sorted(items, key=_utf16)}


def canonical(value: object) -> Any:  # noqa: ANN401 - JSON of any shape
    """The canonical form of ``value`` as JSON-ready Python values (see the module's rules).

    Raises:
        InvalidTypeError: ``value`` holds something the library's values never hold.
    """
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, tuple):
        return [canonical(item) for item in value]
    if isinstance(value, frozenset):
        items = [canonical(item) for item in value]
        return [item for _, item in sorted((_utf16(_dumps(i)), i) for i in items)]
    if isinstance(value, Mapping):
        return _object({str(canonical(key)): canonical(item) for key, item in value.items()})
    if attrs.has(type(value)):
        return _object(
            {
                _NAMES.get(field.name, field.name.lstrip("_")): canonical(
                    getattr(value, field.name)
                )
                for field in attrs.fields(cast("Any", type(value)))
                if field.eq
            }
        )
    return _scalar(value)


def _scalar(value: object) -> str | int:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, timedelta):
        return value // _MICROSECOND
    if isinstance(value, time):
        seconds = (value.hour * 60 + value.minute) * 60 + value.second
        return seconds * 1_000_000 + value.microsecond
    owner = "licensing.digest.canonical"
    raise fail_type(owner, "value", value, "a value of the library")


_quote: Final = json.encoder.encode_basestring  # a JSON string, only `"`, `\\` and controls escaped
_STATUS: Final = MappingProxyType({status: _quote(status.value) for status in UserStatus})
_USER_TYPE: Final = MappingProxyType({kind: _quote(kind.value) for kind in UserType})
_BOOL: Final = MappingProxyType({True: "true", False: "false"})


def _moment_text(moment: datetime | None) -> str:
    return "null" if moment is None else str((moment - _EPOCH) // _MICROSECOND)


def _memo_text(memo: dict[Any, str], value: object) -> str:
    """``canonical_text(value)``, written once per value met: equal values have one text."""
    text = memo.get(value)
    if text is None:
        text = memo[value] = canonical_text(value)
    return text


def _user_text(user: User, memo: dict[Any, str]) -> str:
    """The canonical text of a user, written field by field: a platform has a million.

    Equal to ``canonical_text(user)`` (a property test holds it to that); ``memo`` keeps the
    text of each set of permissions, calendar and set of pools met (clinics share a few).
    """
    access = user.clinic_access
    permitted = _memo_text(memo, user.permissions)
    return (
        f'{{"clinic_access":{canonical_text(access) if access else "[]"},'
        f'"id":{_quote(user.id)},'
        f'"last_active_at":{_moment_text(user.last_active_at)},'
        f'"licensed_since":{_moment_text(user.licensed_since)},'
        f'"name":{_quote(user.name)},'
        f'"permissions":{permitted},'
        f'"status":{_STATUS[user.status]},'
        f'"system":{_BOOL[user.system]},'
        f'"user_type":{_USER_TYPE[user.user_type]}}}'
    )


def _clinic_text(clinic: Clinic, memo: dict[Any, str]) -> str:
    """The canonical text of a clinic (``canonical_text(clinic)``), its users field by field."""
    users = ",".join([_user_text(user, memo) for user in clinic.users])
    pools = _memo_text(memo, clinic._pools_meaning)  # noqa: SLF001 - what equality compares
    return (
        f'{{"billing":{_memo_text(memo, clinic.billing)},"id":{_quote(clinic.id)},'
        f'"name":{_quote(clinic.name)},"pools":{pools},"users":[{users}]}}'
    )


def canonical_text(value: object) -> str:
    """The canonical JSON text of ``value``."""
    return _dumps(canonical(value))


@attrs.frozen(kw_only=True)
class HealthInputs:
    """Everything a `licensing.health_check` is computed from: what its digest is of.

    Attributes:
        organization: The organization checked.
        policy: The `RetentionPolicy`.
        inactivity: The `InactivityPolicy`.
        prices: The `PriceList`, or ``None``.
        now: The moment of the check.
        min_confidence: The least `Confidence` of an idle user deactivated in
            ``after_deactivation``.
    """

    organization: Organization
    policy: RetentionPolicy
    inactivity: InactivityPolicy
    prices: PriceList | None
    now: datetime
    min_confidence: Confidence


def clinic_digest(clinic: Clinic) -> str:
    """The lowercase hex SHA-256 of ``canonical_text(clinic)``, written once per clinic.

    A clinic is immutable: its digest is kept on it, so that later health checks of the same
    clinic (an organization of unchanged clinics, or with one replaced) do not write it again.
    """
    return _clinic_digest(clinic, {})


def _clinic_digest(clinic: Clinic, memo: dict[Any, str]) -> str:
    kept = clinic._digest  # noqa: SLF001 - the clinic's own cache, kept by this module only
    if kept is not None and kept[0] == FORM:
        return kept[1]
    found = hashlib.sha256(_clinic_text(clinic, memo).encode("utf-8")).hexdigest()
    object.__setattr__(clinic, "_digest", (FORM, found))
    return found


def health_check_document(inputs: HealthInputs) -> dict[str, Any]:
    """The canonical document of a health check's inputs: what `digest` hashes the text of.

    Each clinic of the organization is its `clinic_digest`; everything else is `canonical`.
    """
    written = canonical(inputs)
    written["organization"]["clinics"] = [
        hashlib.sha256(canonical_text(clinic).encode("utf-8")).hexdigest()
        for clinic in inputs.organization.clinics
    ]
    return {"form": FORM, "inputs": written}


def _chunks(inputs: HealthInputs) -> Iterator[str]:
    """The text of `health_check_document`, written a clinic at a time."""
    organization = inputs.organization
    yield (
        f'{{"form":{_dumps(FORM)},"inputs":{{"inactivity":{canonical_text(inputs.inactivity)},'
        f'"min_confidence":{canonical_text(inputs.min_confidence)},'
        f'"now":{canonical_text(inputs.now)},"organization":{{"clinics":['
    )
    memo: dict[Any, str] = {}
    yield ",".join([f'"{_clinic_digest(clinic, memo)}"' for clinic in organization.clinics])
    yield (
        f'],"id":{_dumps(organization.id)},"name":{_dumps(organization.name)}}},'
        f'"policy":{canonical_text(inputs.policy)},"prices":{canonical_text(inputs.prices)}}}}}'
    )


def digest(inputs: HealthInputs) -> str:
    """The lowercase hex SHA-256 of the UTF-8 text of `health_check_document` of ``inputs``."""
    hasher = hashlib.sha256()
    for chunk in _chunks(inputs):
        hasher.update(chunk.encode("utf-8"))
    return hasher.hexdigest()
