"""The JSON edge: one strict cattrs converter for every public type.

`make_converter` returns a new `cattrs.Converter` that turns every value object and result of the
library into JSON-ready data (``dict``, ``list``, ``str``, ``int``, ``float``, ``bool``,
``None``) and back, losslessly, rejecting anything that is not exactly the documented shape. The
model knows nothing of JSON; this module is the only place that does.

The JSON shape:

- A value object (any attrs class: `User`, `LicensePool`, `Clinic`, `Organization`,
  `AdjustmentRequest`, `BillingCycle`, `PriceList`, `RetentionPolicy`, `InactivityPolicy`, and
  the results, `IdleReport` and `HealthCheck` among them) is an object whose keys are its field
  names, every field present. Private indexes (fields that are not constructor arguments) are
  left out. On input, a field with a default may be omitted.
- A tuple (``pools``, ``users``, ``clinics``, ``lines``, ...) is a list, in order.
- A frozenset (``permissions``, ``clinic_access``, ``exempt``) is a list sorted by the items'
  JSON values (enum values and ids lexicographically); it must not repeat an item.
- A mapping (``counts``, ``prices``, ``keep``, ``clinic_keep``, ``thresholds``) is an object
  whose keys are the enum values or the ids, and whose values have the shape of their type.
- An enum member is its value (``"therapist"``, ``"user_manager"``).
- A `decimal.Decimal` is ``str(d)`` (``"99.00"``, ``"1E+2"``), never a number: a JSON number
  would be read back as a float.
- A `datetime.datetime` is an ISO 8601 string with its UTC offset, as `datetime.isoformat`
  writes it (``"2026-03-10T12:00:00+00:00"``); the offset is kept, the zone's name is not. An
  offset with a fraction of a second is refused (the model refuses it too: no real zone has one,
  and Python's ISO 8601 reader loses it).
- A `zoneinfo.ZoneInfo` (``BillingCycle.zone``) is its IANA key (``"America/Phoenix"``).
  Reading a key back looks it up in the zone database: the one read of system data the package
  makes (see `licensing._zones`).
- A `datetime.timedelta` (``BillingCycle.cutoff``, the durations of an `InactivityPolicy`,
  ``IdleUser.idle_for``) is its total seconds, a number: an int when whole (``86400``), else a
  float (exact to the microsecond for durations under a century).
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

Valid data does not pay for the error report it does not need: the converter first structures a
document with cattrs' lean hooks, which stop at the first problem; only when that fails does a
detailed copy of the same converter (the same hooks, including any you register) read the
document again and collect every problem with its path. That is the converter's one fast path.
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
from types import NoneType, UnionType
from typing import Any, Final, TypeVar, Union, cast, get_args, get_origin
from zoneinfo import ZoneInfo

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from licensing._checks import check_argument, describe
from licensing._frozenmap import FrozenMap
from licensing._zones import zone_from_key
from licensing.errors import InvalidTypeError, InvalidValueError, LicensingError

__all__ = ["error_messages", "format_exception", "make_converter"]

_T = TypeVar("_T")
_StructureHook = Callable[[Any, Any], Any]
_UnstructureHook = Callable[[Any], Any]

# A plain decimal number in ASCII digits: no spaces, underscores, NaN, Infinity or non-ASCII
# digits (`Decimal()` accepts all five).
_DECIMAL: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# A UTC offset with a fraction of a second at the end of an ISO 8601 string.
_FRACTIONAL_OFFSET: Final = re.compile(r"[+-][0-9:]+[.,][0-9]*$")
_SECONDS_PER_DAY: Final = 86_400
_MICROSECONDS: Final = 1_000_000


class _Rejected(Exception):  # noqa: N818 - a mixin marking this module's own errors
    """Marks the errors the strict hooks raise, whose messages `format_exception` keeps."""


class _WrongTypeError(_Rejected, TypeError):
    """A JSON value of the wrong type for its field."""


class _BadValueError(_Rejected, ValueError):
    """A JSON value of the right type that does not denote a value of the field's type."""


#: What structuring bad data raises in the lean mode, which stops at the first problem: the
#: strict hooks' errors and the model's (`TypeError`, `ValueError` and `LookupError` subclasses),
#: a missing required key (`KeyError`) and an unknown key. Any of them sends the document to the
#: detailed mode, which reports every problem.
_LEAN_FAILURES: Final = (TypeError, ValueError, LookupError, ForbiddenExtraKeysError)


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

    Raises:
        InvalidTypeError: ``exc`` is not an exception.
    """
    check_argument("format_exception", "exc", exc, BaseException, "an exception")
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

    Raises:
        InvalidTypeError: ``error`` is not an exception, or ``path`` not a string.
    """
    check_argument("error_messages", "error", error, BaseException, "an exception")
    check_argument("error_messages", "path", path, str, "a string")
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


def _finite(number: float) -> bool:
    """Whether ``number`` is finite; an int too large for a float is not."""
    try:
        return math.isfinite(number)
    except OverflowError:
        return False


def _finite_number(data: object, *, wrong: str, bad: str) -> int | float:
    """Return ``data`` if it is a finite JSON number (not a bool); else refuse it.

    Args:
        data: The JSON value.
        wrong: What the error of a value that is not a number says was expected.
        bad: What the error of a number that is not finite says was expected.
    """
    number = _number(data)
    if number is None:
        msg = f"expected {wrong}, got {describe(data)}"
        raise _WrongTypeError(msg)
    if not _finite(number):
        msg = f"expected {bad}, got {describe(data)}"
        raise _BadValueError(msg)
    return number


def _structure_float(data: object, _: object) -> float:
    return float(_finite_number(data, wrong="a number (not a bool)", bad="a finite number"))


def _structure_bool(data: object, _: object) -> bool:
    if isinstance(data, bool):
        return data
    msg = f"expected true or false, got {describe(data)}"
    raise _WrongTypeError(msg)


def _structure_decimal(data: object, _: object) -> Decimal:
    if not isinstance(data, str):
        msg = f"expected a decimal number as a string (like '99.00'), got {describe(data)}"
        raise _WrongTypeError(msg)
    if _DECIMAL.fullmatch(data):
        try:
            return Decimal(data)
        except InvalidOperation:  # an exponent beyond Decimal's limits: 1E+9999999999999999999
            pass
    msg = f"expected a finite decimal number (like '99.00'), got {describe(data)}"
    raise _BadValueError(msg)


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
    # A fractional offset ends the text ("+00:00:00.5"): look for one only when a "." is there.
    if "." in data[-9:] and _FRACTIONAL_OFFSET.search(data):
        msg = f"expected a UTC offset of a whole number of seconds, got {describe(data)}"
        raise _BadValueError(msg)
    return moment


_DURATION: Final = "a finite duration in seconds, within 999999999 days"


def _structure_timedelta(data: object, _: object) -> timedelta:
    seconds = _finite_number(
        data, wrong="a duration in seconds (a number, not a bool)", bad=_DURATION
    )
    try:
        return timedelta(seconds=seconds)
    except OverflowError:  # beyond `timedelta.max`
        msg = f"expected {_DURATION}, got {describe(data)}"
        raise _BadValueError(msg) from None


def _unstructure_timedelta(value: timedelta) -> int | float:
    whole = value.days * _SECONDS_PER_DAY + value.seconds
    if value.microseconds == 0:
        return whole
    return whole + value.microseconds / _MICROSECONDS


def _structure_zone(data: object, _: object) -> ZoneInfo:
    if not isinstance(data, str):
        expected = "expected an IANA time zone key (a string, like 'America/Phoenix')"
        msg = f"{expected}, got {describe(data)}"
        raise _WrongTypeError(msg)
    return zone_from_key(data)  # the zone database: an InvalidValueError names a bad key


def _unstructure_zone(zone: ZoneInfo) -> str:
    return str(zone.key)  # `BillingCycle` holds only zones with a key


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


# An enum member is written as its value. `Enum.value` is a property, a Python call per member;
# `_value_`, the attribute the enum documentation names behind it, is read in C. This edge is the
# one place the library reads it.
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


def _items_structure(type_: object, converter: cattrs.Converter, *, unique: bool) -> _StructureHook:
    """The hook of a tuple (``unique=False``) or a frozenset (``unique=True``) of ``type_``.

    It takes only a JSON list, and a frozenset's items must not repeat. In the lean mode the
    first failure is raised; in the detailed mode every item's failure is collected, with its
    index and, for a repeated item, the item.
    """
    item_type = _item_type(type_)
    item_hook = converter.get_structure_hook(item_type)
    detailed = converter.detailed_validation
    build: Callable[[Iterable[object]], tuple[object, ...] | frozenset[object]]
    build = frozenset if unique else tuple
    empty: tuple[object, ...] | frozenset[object] = build(())

    def structure(data: object, _: object) -> object:
        if not isinstance(data, list):
            problem = _WrongTypeError(f"expected a list, got {describe(data)}")
            raise _failure(IterableValidationError, type_, [problem]) if detailed else problem
        if not data:  # most users' permissions and access
            return empty
        if detailed:
            return build(_each_item(data, type_, item_hook, item_type, unique=unique))
        built = build([item_hook(raw, item_type) for raw in data])  # stops at the first problem
        if len(built) == len(data):
            return built
        msg = "an item repeats"  # a frozenset shorter than its list: the detailed mode says which
        raise _BadValueError(msg)

    return structure


def _each_item(
    data: list[object],
    type_: object,
    item_hook: _StructureHook,
    item_type: object,
    *,
    unique: bool,
) -> list[object]:
    """Structure a JSON list item by item, collecting every failure with its index."""
    items: list[object] = []
    seen: set[object] = set()  # a set, not the list: a check per item in constant time
    errors: list[Exception] = []
    for index, raw in enumerate(data):
        try:
            item = item_hook(raw, item_type)
            if unique:
                if item in seen:
                    msg = f"must not repeat an item, got {describe(raw)} twice"
                    raise _BadValueError(msg)
                seen.add(item)
            items.append(item)
        except (*_LEAN_FAILURES, cattrs.BaseValidationError) as exc:
            note = f"Structuring {_name(type_)} @ index {index}"
            exc.add_note(IterableValidationNote(note, index, item_type))
            errors.append(exc)
    if errors:
        raise _failure(IterableValidationError, type_, errors)
    return items


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
    detailed = converter.detailed_validation

    def structure(data: object, _: object) -> FrozenMap[Any, Any]:
        # A mapping reads like an object whose fields are its keys, so a problem's path is
        # `$.counts.assistant`: the path the model's own errors name.
        if not isinstance(data, dict):
            problem = _WrongTypeError(f"expected an object (a dict), got {describe(data)}")
            raise _failure(ClassValidationError, type_, [problem]) if detailed else problem
        items: dict[object, object] = {}
        errors: list[Exception] = []
        for raw_key, raw_value in data.items():
            try:
                key = key_hook(raw_key, key_type)
                items[key] = value_hook(raw_value, value_type)
            except (*_LEAN_FAILURES, cattrs.BaseValidationError) as exc:
                if not detailed:
                    raise
                name = raw_key if isinstance(raw_key, str) else repr(raw_key)
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
        # A field's hook may raise the model's errors too (a time zone key); cattrs has noted
        # those with their field already.
        located = any(isinstance(note, AttributeValidationNote) for note in _notes(exc))
        if isinstance(exc, InvalidValueError | InvalidTypeError) and not located:
            note = f"Structuring class {cl.__qualname__} @ attribute {exc.field}"
            exc.add_note(AttributeValidationNote(note, exc.field, types.get(exc.field)))


def _notes(exc: BaseException) -> list[str]:
    notes: list[str] = getattr(exc, "__notes__", [])
    return notes


def _attrs_structure(cl: type[Any], converter: cattrs.Converter) -> _StructureHook:
    """The hook of a value object: cattrs' generated function, behind a check for a dict."""
    generated = make_dict_structure_fn(cl, converter)  # lean or detailed, as the converter is
    detailed = converter.detailed_validation

    def structure(data: object, _: object) -> object:
        if not isinstance(data, dict):
            problem = _WrongTypeError(
                f"expected an object (a dict) for {cl.__name__}, got {describe(data)}"
            )
            raise _failure(ClassValidationError, cl, [problem]) if detailed else problem
        if not detailed:
            return generated(data, cl)
        try:
            return generated(data, cl)
        except ClassValidationError as error:
            _locate_model_errors(error, cl)
            raise

    return structure


def _attrs_unstructure(cl: type[Any], converter: cattrs.Converter) -> _UnstructureHook:
    return make_dict_unstructure_fn(cl, converter)


class _StrictConverter(cattrs.Converter):
    """A `cattrs.Converter` whose `structure` raises only validation errors for bad data.

    Built lean (``detailed_validation=False``), it structures through a detailed copy of itself
    only to explain a failure; built detailed, it is such a copy.
    """

    _explainer: _StrictConverter | None = None

    def structure(self, obj: object, cl: type[_T]) -> _T:
        """Structure ``obj`` as ``cl``.

        Raises:
            cattrs.BaseValidationError: ``obj`` is not valid data for ``cl``; every problem is
                listed, with its path.
        """
        if self.detailed_validation:
            return self._structure_in_detail(obj, cl)
        try:
            return super().structure(obj, cl)
        except _LEAN_FAILURES:
            explainer = self._explainer
        # The detailed copy reads the document again and says what is wrong. It is built on the
        # first failure, and dropped when a hook is registered (below).
        if explainer is None:
            explainer = self._explainer = self.copy(detailed_validation=True)
        return explainer.structure(obj, cl)

    def _structure_in_detail(self, obj: object, cl: type[_T]) -> _T:
        try:
            return super().structure(obj, cl)
        except _LEAN_FAILURES as exc:  # a top-level scalar's hook failed: no class to note it
            raise _failure(ClassValidationError, cl, [exc]) from None

    # A hook registered after the detailed copy was made must reach it too: drop the copy.

    def register_structure_hook(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - cattrs'
        """Register a structure hook, as `cattrs.Converter` does."""
        self._explainer = None
        return super().register_structure_hook(*args, **kwargs)

    def register_structure_hook_func(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        """Register a structure hook for a predicate, as `cattrs.Converter` does."""
        self._explainer = None
        return super().register_structure_hook_func(*args, **kwargs)

    def register_structure_hook_factory(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        """Register a structure hook factory, as `cattrs.Converter` does."""
        self._explainer = None
        return super().register_structure_hook_factory(*args, **kwargs)


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
    return _make_converter(detailed=False)


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    """Build the converter `make_converter` returns, or (for tests) its detailed mode alone."""
    converter = _StrictConverter(forbid_extra_keys=True, detailed_validation=detailed)
    for kind, structure in (
        (str, _structure_str),
        (int, _structure_int),
        (float, _structure_float),
        (bool, _structure_bool),
        (Decimal, _structure_decimal),
        (datetime, _structure_datetime),
        (timedelta, _structure_timedelta),
        (ZoneInfo, _structure_zone),
    ):
        converter.register_structure_hook(kind, structure)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_unstructure_hook(datetime, datetime.isoformat)  # a C call, not a Python one
    converter.register_unstructure_hook(timedelta, _unstructure_timedelta)
    converter.register_unstructure_hook(ZoneInfo, _unstructure_zone)
    # Later factories take precedence over cattrs' own (lenient) ones for the same types.
    for predicate, structure_factory, unstructure_factory in (
        (_is_enum, _enum_structure, _enum_unstructure),
        (_is_optional, _optional_structure, None),
        (_is_homogeneous_tuple, _tuple_structure, _tuple_unstructure),
        (_is_frozenset, _frozenset_structure, _frozenset_unstructure),
        (_is_frozenmap, _frozenmap_structure, _frozenmap_unstructure),
        (attrs.has, _attrs_structure, _attrs_unstructure),
    ):
        converter.register_structure_hook_factory(predicate, structure_factory)
        if unstructure_factory is not None:  # cattrs' own is right for optional values
            converter.register_unstructure_hook_factory(predicate, unstructure_factory)
    return converter


def _tuple_structure(type_: object, converter: cattrs.Converter) -> _StructureHook:
    return _items_structure(type_, converter, unique=False)


def _frozenset_structure(type_: object, converter: cattrs.Converter) -> _StructureHook:
    return _items_structure(type_, converter, unique=True)
