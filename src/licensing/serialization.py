"""The JSON edge: one strict cattrs converter for every public type.

`make_converter` returns a new `cattrs.Converter` that turns every value object and result of the
library into JSON-ready data (``dict``, ``list``, ``str``, ``int``, ``float``, ``bool``,
``None``) and back, losslessly, rejecting anything that is not exactly the documented shape. The
model knows nothing of JSON; this module is the only place that does.

The JSON shape:

- A value object (any attrs class: `User`, `LicensePool`, `Clinic`, `Organization`,
  `AdjustmentRequest`, `BillingCycle`, `PriceList`, `RetentionPolicy`, and the results) is an
  object whose keys are its field names, every field present. Private indexes (fields that are
  not constructor arguments) are left out. On input, a field with a default may be omitted.
- A tuple (``pools``, ``users``, ``clinics``, ``lines``, ...) is a list, in order.
- A frozenset (``permissions``, ``clinic_access``) is a list sorted by the items' JSON values
  (enum values and ids lexicographically); it must not repeat an item.
- A mapping (``counts``, ``prices``, ``keep``, ``clinic_keep``) is an object whose keys are the
  enum values or the ids, and whose values have the shape of their type.
- An enum member is its value (``"therapist"``, ``"user_manager"``).
- A `decimal.Decimal` is ``str(d)`` (``"99.00"``, ``"1E+2"``), never a number: a JSON number
  would be read back as a float.
- A `datetime.datetime` is an ISO 8601 string with its UTC offset, as `datetime.isoformat`
  writes it (``"2026-03-10T12:00:00+00:00"``); the offset is kept, the zone's name is not.
- A `datetime.timedelta` (``BillingCycle.cutoff``) is its total seconds, a number: an int when
  whole (``86400``), else a float (exact to the microsecond for durations under a few decades).
- ``None`` is ``null``.

Structuring is strict, never coercing: a string only from a string; an int only from an int (not
a bool, a float or ``"3"``); a bool only from a bool; a Decimal only from a numeric string (not a
float or an int, not ``"NaN"`` or ``"Infinity"``); a datetime only from an ISO 8601 string with a
UTC offset; a timedelta only from a finite number (not a bool); an enum only from one of its
values; a tuple or frozenset only from a list; a mapping or value object only from a dict.
Unknown keys and missing required keys are errors, and so is every invariant the model enforces
(a negative count, a limited Clerical pool, a repeated user id...), reported with the model's own
message.

Errors: `Converter.structure` raises only `cattrs.BaseValidationError` (an exception group: a
`cattrs.ClassValidationError` or `cattrs.IterableValidationError`) for bad input, whatever the
input, and collects every problem rather than stopping at the first. Catch that one class.
`cattrs.transform_error` lists the problems with their paths (``$.clinics[0].pools[1].purchased``);
pass it this module's `format_exception` (or call `error_messages`) to read the library's own
messages rather than cattrs' generic ones. Unstructuring a valid object never fails.

>>> import cattrs
>>> from licensing import Clinic, LicensePool, LicenseType, Organization, User, UserType
>>> converter = make_converter()
>>> org = Organization(
...     id="acme",
...     name="Acme PT",
...     clinics=[
...         Clinic(
...             id="north",
...             name="North",
...             pools=[LicensePool(license_type=LicenseType.THERAPIST, purchased=2)],
...             users=[User(id="u1", name="Ann", user_type=UserType.PT)],
...         )
...     ],
... )
>>> data = converter.unstructure(org)
>>> data["clinics"][0]["pools"]
[{'license_type': 'therapist', 'purchased': 2, 'unlimited': False}]
>>> converter.structure(data, Organization) == org
True
>>> data["clinics"][0]["pools"][0]["purchased"] = "2"
>>> data["clinics"][0]["users"][0]["user_type"] = "nurse"
>>> data["clinics"][0]["billing"] = {"anchor": "2026-01-31T09:00:00"}
>>> try:
...     converter.structure(data, Organization)
... except cattrs.BaseValidationError as error:
...     for message in error_messages(error):
...         print(message)
expected an int (not a bool), got '2' (str) @ $.clinics[0].pools[0].purchased
expected one of 'pt', 'ot', 'slp', 'pta', 'cota', 'slpa', 'spt', 'sot', 'sslp', 'clerical', \
'biller'; got 'nurse' (str) @ $.clinics[0].users[0].user_type
expected an ISO 8601 date and time with a UTC offset, got '2026-01-31T09:00:00' (str) \
@ $.clinics[0].billing.anchor
>>> data = converter.unstructure(org)
>>> data["clinics"][0]["pools"][0]["purchased"] = -1
>>> try:
...     converter.structure(data, Organization)
... except cattrs.BaseValidationError as error:
...     print(cattrs.transform_error(error, format_exception=format_exception))
['LicensePool.purchased must not be negative, got -1 (int) @ $.clinics[0].pools[0].purchased']
"""

from __future__ import annotations

import enum
import math
import operator
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial
from types import NoneType, UnionType
from typing import Any, Final, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
    StructureHandlerNotFoundError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from licensing._checks import describe
from licensing._frozenmap import FrozenMap
from licensing.errors import InvalidTypeError, InvalidValueError, LicensingError

__all__ = ["error_messages", "format_exception", "make_converter"]

_T = TypeVar("_T")
_StructureHook = Callable[[Any, Any], Any]
_UnstructureHook = Callable[[Any], Any]

# A plain decimal number in ASCII digits: no spaces, underscores, NaN, Infinity or non-ASCII
# digits (`Decimal()` accepts all five).
_DECIMAL: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SECONDS_PER_DAY: Final = 86_400
_MICROSECONDS: Final = 1_000_000


class _Rejected(Exception):  # noqa: N818 - a mixin marking this module's own errors
    """Marks the errors the strict hooks raise, whose messages `format_exception` keeps."""


class _WrongTypeError(_Rejected, TypeError):
    """A JSON value of the wrong type for its field."""


class _BadValueError(_Rejected, ValueError):
    """A JSON value of the right type that does not denote a value of the field's type."""


def format_exception(exc: BaseException, type_: type | None) -> str:
    """Describe one structuring problem, for `cattrs.transform_error`'s ``format_exception``.

    The library's own errors (broken invariants, reported with the model's message) and the
    strict hooks' errors (``expected an int (not a bool), got '3' (str)``) keep their messages;
    anything else gets cattrs' default description (``required field missing``, ``extra fields
    found (x)``).

    Args:
        exc: A leaf exception of a `cattrs.BaseValidationError`.
        type_: The type that was being structured, when known.

    Returns:
        A one-line description, without the path (`cattrs.transform_error` appends it).
    """
    if isinstance(exc, LicensingError | _Rejected):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def error_messages(error: BaseException, path: str = "$") -> list[str]:
    """List every problem in a structuring error, each as ``"<message> @ <path>"``.

    It is `cattrs.transform_error` with this module's `format_exception`.

    Args:
        error: What `Converter.structure` raised (normally a `cattrs.BaseValidationError`).
        path: The name of the root in the paths.

    Returns:
        One message per problem, in the order the data lists them.
    """
    return cattrs.transform_error(error, path, format_exception=format_exception)


# --- scalars ----------------------------------------------------------------------------------


def _structure_str(data: object, _: object) -> str:
    if isinstance(data, str):
        return data
    msg = f"expected a string, got {describe(data)}"
    raise _WrongTypeError(msg)


def _number(data: object) -> int | float | None:
    """Return ``data`` if it is a JSON number (an int or a float, not a bool), else ``None``."""
    if isinstance(data, int | float) and not isinstance(data, bool):
        return data
    return None


def _structure_int(data: object, _: object) -> int:
    if isinstance(data, int) and not isinstance(data, bool):
        return int(data)
    msg = f"expected an int (not a bool), got {describe(data)}"
    raise _WrongTypeError(msg)


def _structure_float(data: object, _: object) -> float:
    number = _number(data)
    if number is None:
        msg = f"expected a number (not a bool), got {describe(data)}"
        raise _WrongTypeError(msg)
    try:
        if math.isfinite(number):
            return float(number)
    except OverflowError:  # an int too large for a float
        pass
    msg = f"expected a finite number, got {describe(data)}"
    raise _BadValueError(msg)


def _structure_bool(data: object, _: object) -> bool:
    if isinstance(data, bool):
        return data
    msg = f"expected true or false, got {describe(data)}"
    raise _WrongTypeError(msg)


def _structure_decimal(data: object, _: object) -> Decimal:
    if not isinstance(data, str):
        msg = f"expected a decimal number as a string (like '99.00'), got {describe(data)}"
        raise _WrongTypeError(msg)
    if not _DECIMAL.fullmatch(data):
        msg = f"expected a finite decimal number (like '99.00'), got {describe(data)}"
        raise _BadValueError(msg)
    try:
        return Decimal(data)
    except InvalidOperation:  # an exponent beyond Decimal's limits: 1E+9999999999999999999
        msg = f"expected a finite decimal number (like '99.00'), got {describe(data)}"
        raise _BadValueError(msg) from None


def _unstructure_decimal(value: Decimal) -> str:
    return str(value)


def _structure_datetime(data: object, _: object) -> datetime:
    expected = "expected an ISO 8601 date and time with a UTC offset"
    if not isinstance(data, str):
        msg = f"{expected} (a string), got {describe(data)}"
        raise _WrongTypeError(msg)
    try:
        moment = datetime.fromisoformat(data)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        msg = f"{expected}, got {describe(data)}"
        raise _BadValueError(msg)
    return moment


def _structure_timedelta(data: object, _: object) -> timedelta:
    seconds = _number(data)
    if seconds is None:
        msg = f"expected a duration in seconds (a number, not a bool), got {describe(data)}"
        raise _WrongTypeError(msg)
    try:
        if math.isfinite(seconds):
            return timedelta(seconds=seconds)
    except OverflowError:  # beyond a float, or beyond `timedelta.max`
        pass
    msg = f"expected a finite duration in seconds, within 999999999 days, got {describe(data)}"
    raise _BadValueError(msg)


def _unstructure_timedelta(value: timedelta) -> int | float:
    whole = value.days * _SECONDS_PER_DAY + value.seconds
    if value.microseconds == 0:
        return whole
    return whole + value.microseconds / _MICROSECONDS


# --- enums ------------------------------------------------------------------------------------


def _is_enum(type_: object) -> bool:
    return isinstance(type_, type) and issubclass(type_, enum.Enum)


def _enum_structure(type_: type[enum.Enum]) -> _StructureHook:
    members = {member.value: member for member in type_}
    kinds = {type(value) for value in members}
    allowed = ", ".join(repr(value) for value in members)

    def structure(data: object, _: object) -> enum.Enum:
        # Compare types first: `True == 1`, and an unhashable value cannot be looked up.
        if type(data) in kinds and data in members:
            return members[data]
        msg = f"expected one of {allowed}; got {describe(data)}"
        raise _BadValueError(msg)

    return structure


# `Enum.value` is a Python-level property; the attribute behind it is read in C.
_unstructure_enum: Final[_UnstructureHook] = operator.attrgetter("_value_")


def _enum_unstructure(_: object) -> _UnstructureHook:
    return _unstructure_enum


# --- optional values --------------------------------------------------------------------------


def _is_optional(type_: object) -> bool:
    args = get_args(type_)
    return get_origin(type_) in (Union, UnionType) and len(args) == 2 and NoneType in args


def _optional_structure(type_: object, converter: cattrs.Converter) -> _StructureHook:
    # cattrs' own hook looks the other type's hook up on every call; this looks it up once.
    (other,) = (arg for arg in get_args(type_) if arg is not NoneType)
    hook = converter.get_structure_hook(other)
    return lambda data, _: None if data is None else hook(data, other)


# --- collections ------------------------------------------------------------------------------


def _name(type_: object) -> str:
    return getattr(type_, "__name__", None) or repr(type_)


def _failure(
    kind: type[ClassValidationError | IterableValidationError],
    type_: object,
    errors: list[Exception],
) -> cattrs.BaseValidationError:
    """The validation error cattrs would raise for ``type_``, holding ``errors``."""
    # cattrs records type forms such as `tuple[User, ...]` as the "class" too.
    return kind(f"While structuring {_name(type_)}", errors, cast("type[Any]", type_))


def _is_homogeneous_tuple(type_: object) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_frozenset(type_: object) -> bool:
    return type_ is frozenset or get_origin(type_) is frozenset


def _item_type(type_: object) -> object:
    args = get_args(type_)
    return args[0] if args else Any


def _structure_items(
    data: object, type_: object, converter: cattrs.Converter, *, unique: bool
) -> list[object]:
    """Structure a JSON list item by item, collecting every failure with its index."""
    if not isinstance(data, list):
        problem = _WrongTypeError(f"expected a list, got {describe(data)}")
        raise _failure(IterableValidationError, type_, [problem])
    item_type = _item_type(type_)
    item_hook = converter.get_structure_hook(item_type)
    items: list[object] = []
    seen: set[object] = set()  # a set, not the list: a check per item in constant time
    errors: list[Exception] = []
    for index, raw in enumerate(data):
        try:
            item = item_hook(raw, item_type)
            if unique:
                if item in seen:
                    msg = f"must not repeat an item, got {describe(raw)} twice"
                    raise _BadValueError(msg)  # noqa: TRY301 - reported like any item's error
                seen.add(item)
            items.append(item)
        except Exception as exc:  # noqa: BLE001 - every item's failure is collected, as cattrs does
            note = f"Structuring {_name(type_)} @ index {index}"
            exc.add_note(IterableValidationNote(note, index, item_type))
            errors.append(exc)
    if errors:
        raise _failure(IterableValidationError, type_, errors)
    return items


# Every container's and value object's hook first tries a fast path that stops at the first
# problem (any exception), and only then the detailed path, which collects every problem with its
# path. Both call the same item, field and constructor hooks on the same values, so the fast path
# accepts exactly what the detailed one accepts and gives the same value (a property test checks
# this against a converter without fast paths, on valid and corrupted data); a bad value costs one
# more, detailed, pass over its own part of the data.


def _items_structure(
    type_: object, converter: cattrs.Converter, *, fast: bool, unique: bool
) -> _StructureHook:
    """The hook of a tuple (``unique=False``) or a frozenset (``unique=True``) of ``type_``."""
    item_type = _item_type(type_)
    item_hook = converter.get_structure_hook(item_type)
    build: Callable[[Iterable[object]], tuple[object, ...] | frozenset[object]]
    build = frozenset if unique else tuple

    def detailed(data: object, _: object) -> object:
        return build(_structure_items(data, type_, converter, unique=unique))

    def structure(data: object, _: object) -> object:
        if isinstance(data, list):
            if not data:  # most users' permissions and access: no loop to set up
                return build(())
            try:
                items = [item_hook(raw, item_type) for raw in data]
            except Exception:  # noqa: BLE001, S110 - the detailed pass below reports it
                pass
            else:
                result = build(items)
                if len(result) == len(items):  # else an item repeats: reported below
                    return result
        return detailed(data, type_)

    return structure if fast else detailed


def _tuple_unstructure(type_: object, converter: cattrs.Converter) -> _UnstructureHook:
    item_hook = converter.get_unstructure_hook(_item_type(type_))
    return lambda value: [item_hook(item) for item in value]


def _sorted_json(items: list[Any]) -> list[Any]:
    """Sort JSON values: in their natural order when they have one, else by their repr."""
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


def _frozenset_unstructure(type_: object, converter: cattrs.Converter) -> _UnstructureHook:
    item_type = _item_type(type_)
    if item_type is str:  # ids: written as they are, in order; `sorted` runs in C
        return sorted
    item_hook = converter.get_unstructure_hook(item_type)
    return lambda value: _sorted_json([item_hook(item) for item in value]) if value else []


def _is_frozenmap(type_: object) -> bool:
    return type_ is FrozenMap or get_origin(type_) is FrozenMap


def _map_types(type_: object) -> tuple[object, object]:
    args = get_args(type_)
    return (args[0], args[1]) if args else (Any, Any)


def _frozenmap_structure(type_: object, converter: cattrs.Converter) -> _StructureHook:
    key_type, value_type = _map_types(type_)
    key_hook = converter.get_structure_hook(key_type)
    value_hook = converter.get_structure_hook(value_type)

    def structure(data: object, _: object) -> FrozenMap[Any, Any]:
        # A mapping reads like an object whose fields are its keys, so a problem's path is
        # `$.counts.assistant`: the path the model's own errors name.
        if not isinstance(data, dict):
            problem = _WrongTypeError(f"expected an object (a dict), got {describe(data)}")
            raise _failure(ClassValidationError, type_, [problem])
        items: dict[object, object] = {}
        errors: list[Exception] = []
        for raw_key, raw_value in data.items():
            name = raw_key if isinstance(raw_key, str) else repr(raw_key)
            try:
                key = key_hook(raw_key, key_type)
                items[key] = value_hook(raw_value, value_type)
            except Exception as exc:  # noqa: BLE001 - every entry's failure is collected
                note = f"Structuring {_name(type_)} @ key {name}"
                exc.add_note(AttributeValidationNote(note, name, value_type))
                errors.append(exc)
        if errors:
            raise _failure(ClassValidationError, type_, errors)
        return FrozenMap(items)

    return structure


def _frozenmap_unstructure(type_: object, converter: cattrs.Converter) -> _UnstructureHook:
    key_type, value_type = _map_types(type_)
    key_hook = converter.get_unstructure_hook(key_type)
    value_hook = converter.get_unstructure_hook(value_type)
    return lambda value: {key_hook(k): value_hook(v) for k, v in value.items()}


# --- value objects ----------------------------------------------------------------------------


def _locate_model_errors(error: ClassValidationError, cl: type[Any]) -> None:
    """Attach a field note to the errors the class's own constructor raised.

    cattrs structures each field inside its own ``try`` and notes which field failed, but it
    calls the constructor (where the model checks its invariants) after that, and reports what
    the constructor raises at the class's level. The library's errors say which field they are
    about (``purchased``, or a sub-path such as ``counts.assistant``): give them that path.
    """
    types = {field.name: field.type for field in attrs.fields(cl)}
    for exc in error.exceptions:
        # Only the constructor raises the model's errors, and cattrs calls it only when every
        # field was structured: these errors are never mixed with (noted) field errors.
        if isinstance(exc, InvalidValueError | InvalidTypeError):
            note = f"Structuring class {cl.__qualname__} @ attribute {exc.field}"
            exc.add_note(AttributeValidationNote(note, exc.field, types.get(exc.field)))


def _attrs_structure(cl: type[Any], converter: cattrs.Converter, *, fast: bool) -> _StructureHook:
    base = make_dict_structure_fn(cl, converter)
    # cattrs' lean variant of the same function: the same hooks and constructor, no bookkeeping.
    lean = make_dict_structure_fn(
        cl, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=False
    )

    def detailed(data: object, _: object) -> object:
        if not isinstance(data, dict):
            problem = _WrongTypeError(
                f"expected an object (a dict) for {cl.__name__}, got {describe(data)}"
            )
            raise _failure(ClassValidationError, cl, [problem])
        try:
            return base(data, cl)
        except ClassValidationError as error:
            _locate_model_errors(error, cl)
            raise

    def structure(data: object, _: object) -> object:
        if isinstance(data, dict):
            try:
                return lean(data, cl)
            except Exception:  # noqa: BLE001, S110 - the detailed pass below reports it
                pass
        return detailed(data, cl)

    return structure if fast else detailed


def _attrs_unstructure(cl: type[Any], converter: cattrs.Converter) -> _UnstructureHook:
    return make_dict_unstructure_fn(cl, converter)


class _StrictConverter(cattrs.Converter):
    """A `cattrs.Converter` whose `structure` raises only validation errors for bad data."""

    def structure(self, obj: object, cl: type[_T]) -> _T:
        """Structure ``obj`` as ``cl``.

        Raises:
            cattrs.BaseValidationError: ``obj`` is not valid data for ``cl``; every problem is
                listed, with its path.
        """
        try:
            return super().structure(obj, cl)
        except (cattrs.BaseValidationError, StructureHandlerNotFoundError):
            raise
        except Exception as exc:  # noqa: BLE001 - a scalar's hook failed at the top level
            raise _failure(ClassValidationError, cl, [exc]) from None


def make_converter() -> cattrs.Converter:
    """Return a new, strict converter between every public type and JSON-ready data.

    Each call builds a new converter (never cattrs' global one), so callers may register hooks of
    their own without affecting anyone else. Every attrs class is handled the same way, so result
    types need no registration. See the module's documentation for the JSON shape and the errors.

    Returns:
        A `cattrs.Converter`: ``converter.unstructure(value)`` gives JSON-ready data, and
        ``converter.structure(data, Type)`` the value back, or raises
        `cattrs.BaseValidationError` listing every problem with its path.
    """
    return _make_converter(fast=True)


def _make_converter(*, fast: bool) -> cattrs.Converter:
    """Build the converter `make_converter` returns, or (for tests) one without fast paths."""
    converter = _StrictConverter(forbid_extra_keys=True, detailed_validation=True)
    for kind, structure in (
        (str, _structure_str),
        (int, _structure_int),
        (float, _structure_float),
        (bool, _structure_bool),
        (Decimal, _structure_decimal),
        (datetime, _structure_datetime),
        (timedelta, _structure_timedelta),
    ):
        converter.register_structure_hook(kind, structure)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_unstructure_hook(datetime, datetime.isoformat)  # a C call, not a Python one
    converter.register_unstructure_hook(timedelta, _unstructure_timedelta)
    # Later factories take precedence over cattrs' own (lenient) ones for the same types.
    for predicate, structure_factory, unstructure_factory in (
        (_is_enum, _enum_structure, _enum_unstructure),
        (_is_optional, _optional_structure, None),
        (
            _is_homogeneous_tuple,
            partial(_items_structure, fast=fast, unique=False),
            _tuple_unstructure,
        ),
        (_is_frozenset, partial(_items_structure, fast=fast, unique=True), _frozenset_unstructure),
        (_is_frozenmap, _frozenmap_structure, _frozenmap_unstructure),
        (attrs.has, partial(_attrs_structure, fast=fast), _attrs_unstructure),
    ):
        converter.register_structure_hook_factory(predicate, structure_factory)
        if unstructure_factory is not None:  # cattrs' own is right for optional values
            converter.register_unstructure_hook_factory(predicate, unstructure_factory)
    return converter
