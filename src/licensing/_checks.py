"""Field converters and validators shared by the value objects, and the checks of arguments.

Converters only normalise what is clearly meant (a list to a tuple, a numpy integer to `int`) and
pass anything else through untouched; the validators then reject it with an error that names the
class, the field and the value. Converters cannot know the field's name; validators can.

Values reach this module from callers that may not follow the static types (JSON, tables, code
that is not type-checked), so the converters and checks test what they are given at run time with
`is_collection` and `is_mapping`, which take any object and do not narrow its static type.
"""

from __future__ import annotations

import operator
import re
import reprlib
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any, Final, SupportsIndex, TypeVar, cast

import attrs

from licensing._frozenmap import FrozenMap
from licensing._text import is_blank
from licensing._wording import number
from licensing.bounds import MAX_COUNT, MAX_ID_LENGTH, MAX_MONEY_PLACES, MAX_NAME_LENGTH
from licensing.enums import LicenseType
from licensing.errors import InvalidTypeError, InvalidValueError

__all__ = [
    "ValueCheck",
    "as_frozenset",
    "as_int",
    "as_tuple",
    "as_type_map",
    "check_argument",
    "check_aware",
    "check_aware_value",
    "check_bool",
    "check_count",
    "check_count_value",
    "check_currency_value",
    "check_id",
    "check_instance",
    "check_items",
    "check_money_value",
    "check_name",
    "check_optional_aware",
    "check_text",
    "check_timedelta",
    "check_type_map",
    "collection_check",
    "describe",
    "fail_type",
    "fail_value",
    "is_collection",
    "is_mapping",
    "look_up",
]

T = TypeVar("T")
V = TypeVar("V")
W = TypeVar("W")
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
#: A check of one value that names where it is: ``check(owner, field, value)``.
ValueCheck = Callable[[object, str, object], None]


#: The most characters of a value's repr that an error message shows.
_SHOWN: Final = 60
#: Ints with more bits than this are described by their size: Python refuses to write an int of
#: more than 4,300 digits, and writing one takes time that grows with the square of its length.
_SHOWN_INT_BITS: Final = 10_000


class _Shortener(reprlib.Repr):
    """A `reprlib.Repr` that also describes huge ints by their size, however deeply nested."""

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > _SHOWN_INT_BITS:
            return f"<an int of {x.bit_length()} bits>"
        return super().repr_int(x, level)


def describe(value: object) -> str:
    """Describe a value for an error message: its repr (shortened) and its type.

    The work is bounded whatever the value: a long string is cut before it is quoted, nested
    lists and dicts are cut at a small depth and length (a 10,000-deep list cannot exhaust the
    stack), and a huge int is described by its size.
    """
    if isinstance(value, str):
        text = repr(value[: _SHOWN + 1])
    else:
        shortener = _Shortener()
        shortener.maxlevel = 3
        shortener.maxstring = shortener.maxother = _SHOWN
        text = shortener.repr(value)
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 3] + "..."
    return f"{text} ({type(value).__name__})"


def _owner(instance: object) -> str:
    """The class of ``instance``, or ``instance`` itself when it names a function."""
    return instance if isinstance(instance, str) else type(instance).__name__


def fail_value(instance: object, field: str, value: object, problem: str) -> InvalidValueError:
    """Build the error for a value that breaks an invariant of ``field``."""
    return InvalidValueError(
        f"{_owner(instance)}.{field} {problem}, got {describe(value)}", field=field, value=value
    )


def fail_type(instance: object, field: str, value: object, expected: str) -> InvalidTypeError:
    """Build the error for a value of the wrong type in ``field``."""
    return InvalidTypeError(
        f"{_owner(instance)}.{field} must be {expected}, got {describe(value)}",
        field=field,
        value=value,
    )


def check_argument(
    owner: str, field: str, value: object, kind: type | tuple[type, ...], expected: str
) -> None:
    """Refuse an argument of a public function that is not an instance of ``kind``.

    Raises:
        InvalidTypeError: Naming the function (``owner``), the argument and the value.
    """
    if not isinstance(value, kind):
        raise fail_type(owner, field, value, expected)


def look_up(
    index: Mapping[str, T],
    key: object,
    *,
    owner: str,
    field: str,
    unknown: Callable[[str], Exception],
) -> T:
    """The item of ``index`` with the id ``key``: the one rule of every lookup by id.

    Raises:
        InvalidTypeError: ``key`` is not a string.
        Exception: What ``unknown(key)`` builds when no item has that id (the library's
            `licensing.UnknownIdError`, a `LookupError`).
    """
    if not isinstance(key, str):
        raise fail_type(owner, field, key, "a string")
    try:
        return index[key]
    except KeyError:
        raise unknown(key) from None


# --- what a caller passed ---------------------------------------------------------------------


_NEW: Final = object.__new__
_SET: Final = object.__setattr__


def trusted(cls: type[T], values: dict[str, object]) -> T:
    """An instance of the frozen, slotted attrs class ``cls`` holding ``values``, unvalidated.

    Only for values the library builds by its own rules out of values already validated, where
    the validators would cost most of the time (a platform's proposal builds a hundred thousand
    lines): every field is given, and a property test rebuilds each kind through its validators.
    """
    instance: T = _NEW(cls)
    for name, value in values.items():
        _SET(instance, name, value)
    return instance


def is_collection(value: object) -> bool:
    """Whether ``value`` is a collection of items (not a string, bytes or a mapping)."""
    return isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping)


def is_mapping(value: object) -> bool:
    """Whether ``value`` is a mapping."""
    return isinstance(value, Mapping)


# --- converters -------------------------------------------------------------------------------


def as_int(value: SupportsIndex) -> int:
    """Turn any integer type (numpy's included) into `int`; pass anything else through.

    A `bool` is passed through so that the validator rejects it: a flag is not a count.
    """
    if type(value) is int or isinstance(value, bool):
        return value
    try:
        return operator.index(value)
    except TypeError:
        return cast("int", value)  # not an integer: the validator names the field


def as_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Store a sequence as a tuple, in the given order; pass a non-collection through."""
    if isinstance(value, tuple):
        return value
    if is_collection(value):
        return tuple(value)
    return cast("tuple[T, ...]", value)  # not a collection: the validator names the field


#: The one empty frozenset every empty set field shares: most users have no access to other
#: clinics, and a million users read from JSON would otherwise hold a million empty sets (216
#: bytes each).
_EMPTY: Final[frozenset[Any]] = frozenset()


def as_frozenset(value: Iterable[T]) -> frozenset[T]:
    """Store a collection as a frozenset (an empty one shared); pass a non-collection through.

    A collection holding an unhashable item (a list in a list) is passed through as it is too:
    it is not a set of ids, which the validator then says.
    """
    if isinstance(value, frozenset):
        return value or _EMPTY
    if is_collection(value):
        try:
            return frozenset(value) or _EMPTY
        except TypeError:
            return cast("frozenset[T]", value)
    return cast("frozenset[T]", value)  # not a collection: the validator names the field


def as_type_map(
    value: Mapping[LicenseType, V] | None, convert: Callable[[V], W]
) -> FrozenMap[LicenseType, W]:
    """Store a mapping keyed by `LicenseType` (``None``: empty) with each value converted.

    Anything that is not a mapping is passed through for the validator (`check_type_map`).
    """
    if value is None:
        return FrozenMap()
    if not is_mapping(value):
        return cast("FrozenMap[LicenseType, W]", value)  # the validator names the field
    return FrozenMap({key: convert(item) for key, item in value.items()})


# --- validators -------------------------------------------------------------------------------


def _is_plain_text(value: object, limit: int) -> bool:
    """Whether ``value`` is certainly a valid text of at most ``limit`` characters.

    The fast path of `check_text`. A printable string holds no control character, no unpaired
    surrogate and no whitespace but the ASCII space, so it is valid when it holds a character that
    is seen: for ASCII text, any character but the space. A value this refuses may still be
    valid; `check_text` then decides.
    """
    if type(value) is not str or not 0 < len(value) <= limit or not value.isprintable():
        return False
    return not value.isspace() if value.isascii() else not is_blank(value)


def check_text(instance: object, field: str, value: object, *, limit: int, what: str) -> None:
    """Require a string of at most ``limit`` characters that a reader can see.

    Refused: a blank string (empty, or made only of characters that render as nothing, the
    rule of `licensing._text`), one longer than ``limit``, and one holding a control character
    or an unpaired surrogate (which no text encoding can write).
    """
    if _is_plain_text(value, limit):
        return
    if not isinstance(value, str):
        raise fail_type(instance, field, value, "a string")
    if is_blank(value):
        blank = ", not only characters that render as nothing" if value else ""
        raise fail_value(instance, field, value, f"must be a non-empty {what}{blank}")
    if len(value) > limit:
        raise fail_value(instance, field, value, f"must be at most {number(limit)} characters")
    if not value.isprintable() and any(
        char < " " or char == "\x7f" or "\x80" <= char <= "\x9f" or "\ud800" <= char <= "\udfff"
        for char in value
    ):
        raise fail_value(
            instance, field, value, "must not contain control characters or unpaired surrogates"
        )


def check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate an id: a string of at most `MAX_ID_LENGTH` characters that is not blank."""
    if not _is_plain_text(value, MAX_ID_LENGTH):  # a million users: the common case first
        check_text(instance, attribute.name, value, limit=MAX_ID_LENGTH, what="id")


def check_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a name: a string of at most `MAX_NAME_LENGTH` characters that is not blank."""
    if not _is_plain_text(value, MAX_NAME_LENGTH):
        check_text(instance, attribute.name, value, limit=MAX_NAME_LENGTH, what="name")


def check_count_value(instance: object, field: str, value: object) -> None:
    """Require an `int` (not a `bool`) between 0 and `MAX_COUNT`."""
    if type(value) is not int:
        raise fail_type(instance, field, value, "an int (not a bool)")
    if value < 0:
        raise fail_value(instance, field, value, "must not be negative")
    if value > MAX_COUNT:
        raise fail_value(instance, field, value, f"must be at most {number(MAX_COUNT)}")


def check_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a count: an `int` (not a `bool`) between 0 and `MAX_COUNT`."""
    check_count_value(instance, attribute.name, value)


def check_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a flag: exactly `True` or `False`."""
    if not isinstance(value, bool):
        raise fail_type(instance, attribute.name, value, "a bool")


def check_aware_value(instance: object, field: str, value: object) -> None:
    """Require a timezone-aware `datetime` whose UTC offset is a whole number of seconds.

    Every real time zone's offset is (the zone database records local mean times to the second);
    a fraction of a second cannot travel through ISO 8601 text unchanged, so it is refused.
    """
    if not isinstance(value, datetime):
        raise fail_type(instance, field, value, "a datetime")
    offset = value.utcoffset() if value.tzinfo is not None else None
    if offset is None:
        raise fail_value(instance, field, value, "must be timezone-aware")
    if offset.microseconds:
        raise fail_value(
            instance, field, value, "must have a UTC offset of a whole number of seconds"
        )


def check_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a timezone-aware `datetime` (see `check_aware_value`)."""
    check_aware_value(instance, attribute.name, value)


def check_optional_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate ``None`` or a timezone-aware `datetime`."""
    if value is not None:
        check_aware_value(instance, attribute.name, value)


def check_money_value(instance: object, field: str, value: object, *, limit: Decimal) -> None:
    """Require a finite `Decimal` (never a float) from 0 to ``limit``, with few decimal places.

    At most `MAX_MONEY_PLACES` decimal places, as written (``Decimal("1.50")`` has 2).
    """
    if not isinstance(value, Decimal):
        raise fail_type(instance, field, value, "a Decimal (never a float)")
    if not value.is_finite():
        raise fail_value(instance, field, value, "must be finite")
    if value < 0:
        raise fail_value(instance, field, value, "must not be negative")
    if value > limit:
        raise fail_value(instance, field, value, f"must be at most {number(limit)}")
    exponent = value.as_tuple().exponent  # an int: the value is finite
    if isinstance(exponent, int) and exponent < -MAX_MONEY_PLACES:
        raise fail_value(
            instance, field, value, f"must have at most {MAX_MONEY_PLACES} decimal places"
        )


# The checks below that depend on a kind or a wording are module-level functions bound with
# `functools.partial` rather than closures: one definition each, and visible to tools that
# replace a module's functions (mutation testing), which a closure built at import is not.


def _instance_of(
    kind: type[Any], expected: str, instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    if not isinstance(value, kind):
        raise fail_type(instance, attribute.name, value, expected)


def check_instance(kind: type[Any], expected: str) -> Validator:
    """Return a validator that requires an instance of ``kind``."""
    return partial(_instance_of, kind, expected)


def check_timedelta(instance: object, field: str, value: object) -> timedelta:
    """Require a `timedelta`; return it."""
    if not isinstance(value, timedelta):
        raise fail_type(instance, field, value, "a timedelta")
    return value


def _collection_of(
    shape: tuple[type[Any], type[Any]], expected: str, instance: object, field: str, value: object
) -> None:
    container, kind = shape
    if not isinstance(value, container):
        raise fail_type(instance, field, value, f"a collection of {expected}")
    for item in value:
        if not isinstance(item, kind):
            raise fail_type(instance, field, item, f"made of {expected}")


def collection_check(kind: type[Any], container: type[Any], expected: str) -> ValueCheck:
    """Return the check of a ``container`` (tuple or frozenset) of instances of ``kind``."""
    return partial(_collection_of, (container, kind), expected)


def _items_of(
    check: ValueCheck, instance: object, attribute: attrs.Attribute[Any], value: object
) -> None:
    check(instance, attribute.name, value)


def check_items(kind: type[Any], container: type[Any], expected: str) -> Validator:
    """Return a validator for a tuple or frozenset whose items are all instances of ``kind``."""
    return partial(_items_of, collection_check(kind, container, expected))


def _type_map_of(
    check_value: ValueCheck, expected: str, instance: object, field: str, value: object
) -> None:
    if not isinstance(value, FrozenMap):
        raise fail_type(instance, field, value, expected)
    for license_type, item in value.items():
        if not isinstance(license_type, LicenseType):
            raise fail_type(instance, field, license_type, "keyed by LicenseType")
        check_value(instance, f"{field}.{license_type.value}", item)


def check_type_map(check_value: ValueCheck, expected: str) -> ValueCheck:
    """Return the check of a `FrozenMap` keyed by `LicenseType`, each value by ``check_value``.

    The field of a value's error is ``<field>.<license type value>`` (``counts.assistant``).

    Args:
        check_value: Checks one value, given the owner, its field path and the value.
        expected: What the map holds, for the error of a value that is not such a map
            (``"a mapping of LicenseType to int"``).
    """
    return partial(_type_map_of, check_value, expected)


_CURRENCY: Final = re.compile(r"[A-Z]{3}")


def check_currency_value(
    instance: object, field: str, value: object, *, expected: str = "a string"
) -> None:
    """Require an ISO 4217 currency code: three upper-case letters, like ``"USD"``."""
    if not isinstance(value, str):
        raise fail_type(instance, field, value, expected)
    if not _CURRENCY.fullmatch(value):
        raise fail_value(instance, field, value, "must be an ISO 4217 code like 'USD'")
