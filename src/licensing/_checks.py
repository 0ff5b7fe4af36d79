"""Field converters and validators shared by the value objects, and the documented bounds.

Converters only normalise what is clearly meant (a list to a tuple, a numpy integer to `int`) and
pass anything else through untouched; the validators then reject it with an error that names the
class, the field and the value. Converters cannot know the field's name; validators can.
"""

from __future__ import annotations

import operator
import re
import reprlib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Final, SupportsIndex, TypeVar, cast

import attrs

from licensing._frozenmap import FrozenMap
from licensing.errors import InvalidTypeError, InvalidValueError

__all__ = [
    "MAX_COUNT",
    "MAX_EXPLANATION_LENGTH",
    "MAX_ID_LENGTH",
    "MAX_MONEY_PLACES",
    "MAX_NAME_LENGTH",
    "MAX_PRICE",
    "as_frozenset",
    "as_int",
    "as_tuple",
    "check_aware",
    "check_bool",
    "check_count",
    "check_currency_value",
    "check_id",
    "check_instance",
    "check_name",
    "describe",
    "fail_type",
    "fail_value",
]

#: The largest count of licenses in one pool or in one request line.
MAX_COUNT: Final = 100_000
#: The longest id, in characters (UUIDs and vendor keys fit with room to spare).
MAX_ID_LENGTH: Final = 128
#: The longest clinic, user or organization name, in characters.
MAX_NAME_LENGTH: Final = 200
#: The longest explanation a request can even hold; `validate_request` has a stricter limit.
MAX_EXPLANATION_LENGTH: Final = 10_000
#: The highest price of one license per billing cycle, in any currency (a trillion).
MAX_PRICE: Final = Decimal(10) ** 12
#: The most decimal places a money amount (a price, a saving) may be written with. With
#: `MAX_PRICE`, it keeps every exact sum and product of money small: without these bounds one
#: price such as ``"1E+999999999"`` would make a saving's exact computation exhaust memory.
MAX_MONEY_PLACES: Final = 18

T = TypeVar("T")
K = TypeVar("K")
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


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


def fail_value(instance: object, field: str, value: object, problem: str) -> InvalidValueError:
    """Build the error for a value that breaks an invariant of ``field``."""
    owner = type(instance).__name__ if not isinstance(instance, str) else instance
    return InvalidValueError(
        f"{owner}.{field} {problem}, got {describe(value)}", field=field, value=value
    )


def fail_type(instance: object, field: str, value: object, expected: str) -> InvalidTypeError:
    """Build the error for a value of the wrong type in ``field``."""
    owner = type(instance).__name__ if not isinstance(instance, str) else instance
    return InvalidTypeError(
        f"{owner}.{field} must be {expected}, got {describe(value)}", field=field, value=value
    )


# --- converters -------------------------------------------------------------------------------


def as_int(value: SupportsIndex) -> int:
    """Turn any integer type (numpy's included) into `int`; pass anything else through.

    A `bool` is passed through so that the validator rejects it: a flag is not a count.
    """
    raw: object = value
    if type(raw) is int or isinstance(raw, bool):
        return raw
    try:
        return operator.index(value)
    except TypeError:
        return cast("int", value)  # not an integer: the validator names the field


def _is_collection(value: object) -> bool:
    return isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping)


def as_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Store a sequence as a tuple, in the given order; pass a non-collection through."""
    if isinstance(value, tuple):
        return value
    if _is_collection(value):
        return tuple(value)
    return cast("tuple[T, ...]", value)


def as_frozenset(value: Iterable[T]) -> frozenset[T]:
    """Store a collection as a frozenset; pass a non-collection through."""
    if isinstance(value, frozenset):
        return value
    if _is_collection(value):
        return frozenset(value)
    return cast("frozenset[T]", value)


def as_frozenmap(value: Mapping[Any, Any] | None) -> FrozenMap[Any, Any]:
    """Store a mapping (or ``None``, meaning empty) as a `FrozenMap`; pass others through."""
    raw: object = value
    if isinstance(raw, FrozenMap):
        return raw
    if raw is None:
        return FrozenMap()
    if isinstance(raw, Mapping):
        return FrozenMap(raw)
    return cast("FrozenMap[Any, Any]", raw)


# --- validators -------------------------------------------------------------------------------


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)


def _is_plain_text(value: object, limit: int) -> bool:
    """Whether ``value`` is certainly a valid text of at most ``limit`` characters.

    The fast path of `check_text`, for the common case: a printable string is free of control
    characters, and the only whitespace a printable string can hold is the ASCII space, so it is
    blank exactly when `str.isspace` says so. A value this refuses may still be valid;
    `check_text` then decides.
    """
    return (
        type(value) is str
        and 0 < len(value) <= limit
        and value.isprintable()
        and not value.isspace()
    )


def check_text(instance: object, field: str, value: object, *, limit: int, what: str) -> None:
    """Require a non-blank string of at most ``limit`` characters without control characters."""
    if _is_plain_text(value, limit):
        return
    if not isinstance(value, str):
        raise fail_type(instance, field, value, "a string")
    if not value.strip():
        raise fail_value(instance, field, value, f"must be a non-empty {what}")
    if len(value) > limit:
        raise fail_value(instance, field, value, f"must be at most {limit} characters")
    if _has_control(value):
        raise fail_value(instance, field, value, "must not contain control characters")


def check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate an id: a non-blank string of at most `MAX_ID_LENGTH` characters."""
    if not _is_plain_text(value, MAX_ID_LENGTH):
        check_text(instance, attribute.name, value, limit=MAX_ID_LENGTH, what="id")


def check_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a name: a non-blank string of at most `MAX_NAME_LENGTH` characters."""
    if not _is_plain_text(value, MAX_NAME_LENGTH):
        check_text(instance, attribute.name, value, limit=MAX_NAME_LENGTH, what="name")


def check_count_value(instance: object, field: str, value: object) -> None:
    """Require an `int` (not a `bool`) between 0 and `MAX_COUNT`."""
    if type(value) is not int:
        raise fail_type(instance, field, value, "an int (not a bool)")
    if value < 0:
        raise fail_value(instance, field, value, "must not be negative")
    if value > MAX_COUNT:
        raise fail_value(instance, field, value, f"must be at most {MAX_COUNT}")


def check_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a count: an `int` (not a `bool`) between 0 and `MAX_COUNT`."""
    check_count_value(instance, attribute.name, value)


def check_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a flag: exactly `True` or `False`."""
    if not isinstance(value, bool):
        raise fail_type(instance, attribute.name, value, "a bool")


def check_aware_value(instance: object, field: str, value: object) -> None:
    """Require a timezone-aware `datetime`."""
    if not isinstance(value, datetime):
        raise fail_type(instance, field, value, "a datetime")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise fail_value(instance, field, value, "must be timezone-aware")


def check_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a timezone-aware `datetime`."""
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
        raise fail_value(instance, field, value, f"must be at most {limit:,}")
    exponent = value.as_tuple().exponent  # an int: the value is finite
    if isinstance(exponent, int) and exponent < -MAX_MONEY_PLACES:
        raise fail_value(
            instance, field, value, f"must have at most {MAX_MONEY_PLACES} decimal places"
        )


def check_instance(kind: type[Any], expected: str) -> Validator:
    """Return a validator that requires an instance of ``kind``."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise fail_type(instance, attribute.name, value, expected)

    return validate


def check_optional_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate ``None`` or a timezone-aware `datetime`."""
    if value is not None:
        check_aware_value(instance, attribute.name, value)


def check_timedelta(instance: object, field: str, value: object) -> timedelta:
    """Require a `timedelta`; return it."""
    if not isinstance(value, timedelta):
        raise fail_type(instance, field, value, "a timedelta")
    return value


def check_items(kind: type[Any], container: type[Any], expected: str) -> Validator:
    """Return a validator for a tuple or frozenset whose items are all instances of ``kind``."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, container):
            raise fail_type(instance, attribute.name, value, f"a collection of {expected}")
        for item in value:
            if not isinstance(item, kind):
                raise fail_type(instance, attribute.name, item, f"made of {expected}")

    return validate


_CURRENCY: Final = re.compile(r"[A-Z]{3}")


def check_currency_value(
    instance: object, field: str, value: object, *, expected: str = "a string"
) -> None:
    """Require an ISO 4217 currency code: three upper-case letters, like ``"USD"``."""
    if not isinstance(value, str):
        raise fail_type(instance, field, value, expected)
    if not _CURRENCY.fullmatch(value):
        raise fail_value(instance, field, value, "must be an ISO 4217 code like 'USD'")
