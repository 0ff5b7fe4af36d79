"""Wrong-typed arguments anywhere in the public API raise only `LicensingError`s (issue 12).

The contract: every error the library raises on purpose is a `licensing.LicensingError`; a wrong
argument type is an `InvalidTypeError` (a `LicensingError` and a `TypeError`), an unknown id the
library's lookup error (`UnknownIdError`). No bare `TypeError`, `AttributeError` or `KeyError`
may escape from a call that merely got the wrong kind of value.

How the walk works, so that a function or method added later is walked without editing this file:

1. `_public_api` enumerates every name of `licensing.__all__`: each function, each class's
   constructor, and each public method, classmethod, staticmethod and property that a class of
   the library defines (through its MRO). Everything left out is left out by one of the rules of
   `EXCLUSION_RULES`, and lands in `EXCLUDED` with its reason (see
   `test_everything_public_is_walked_or_excluded_with_a_reason`).
2. `inspect.signature` gives each callable's parameters and `typing.get_type_hints` their
   annotations. `EXAMPLES` holds valid example values per parameter name: the first candidate
   that the annotation accepts is used, so a name with several meanings (``cutoff``, a timedelta
   for `BillingCycle` and a datetime for `RemovalLine`) has one candidate per type.
   `OVERRIDES` gives the few parameters whose valid value depends on the callable (the user to
   `activate` must be inactive). `test_every_parameter_has_a_valid_example` fails for a
   parameter that has none, so no parameter is skipped silently, and `test_valid_call_returns`
   checks that the valid arguments really are valid (each call returns normally), so that every
   wrong-typed call below reaches the parameter it is about.
3. Each parameter in turn is replaced by each of `WRONG_VALUES` (a str, None, a dict, an int, a
   list, a float, a Clinic, an Organization, an object()), except the values that its annotation
   accepts (`accepts`): the call must raise a `LicensingError` and nothing else, unless the
   parameter takes a value of any type (`TAKES_ANYTHING`, each with its reason: an exception's
   message). Each case is its own test, with an id like ``usage-subject-str``.
4. A refusal also says what was refused
   (`test_a_refusal_names_the_call_the_argument_and_the_value`): its message starts with the
   callable the caller called and the argument (``PriceList.price.license_type``), its ``field``
   is that argument (or a path into it), its ``value`` is what was passed (or the item of it that
   is wrong), and a wrong type's message reads ``must be <what is expected>, got <the value>
   (<its type>)`` in the library's spelling of every type it names.
"""

import enum
import inspect
import re
import traceback
import types
import typing
from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import attrs
import cattrs
import pytest

import licensing
from licensing import (
    AdjustmentKind,
    AdjustmentRequest,
    Alert,
    AlertCode,
    BillingCycle,
    Clinic,
    ClinicUsage,
    Confidence,
    HealthCheck,
    IdleKind,
    IdleReport,
    IdleUser,
    InactivityPolicy,
    InvalidTypeError,
    InvalidValueError,
    LicensePool,
    LicenseType,
    LicensingError,
    Organization,
    OrganizationUsage,
    Permission,
    PoolUsage,
    PriceList,
    Problem,
    ProblemCode,
    Reason,
    RemovalLine,
    RemovalProposal,
    RetentionPolicy,
    UnknownClinicError,
    UnknownIdError,
    UnknownUserError,
    User,
    UserStatus,
    UserType,
    ValidationReport,
    activate,
    apply_request,
    deactivate,
    find_idle,
    health_check,
    propose_removals,
    share_license,
    usage,
    validate_request,
)
from licensing.idle import confidence_of

T, A = LicenseType.THERAPIST, LicenseType.ASSISTANT

# --- a small world of valid library values ------------------------------------------------------

NOW: Final = datetime(2026, 3, 10, 12, tzinfo=UTC)
ZONE: Final = ZoneInfo("America/Phoenix")
CYCLE: Final = BillingCycle(
    anchor=datetime(2026, 1, 21, tzinfo=UTC), cutoff=timedelta(hours=24), zone=ZONE
)
EXPLANATION: Final = "Two assistants left in January and will not be replaced this year."
MANAGER: Final = User(
    id="mgr",
    name="Morgan",
    user_type=UserType.CLERICAL,
    permissions=frozenset({Permission.USER_MANAGER}),
    clinic_access=frozenset({"south"}),
    last_active_at=NOW - timedelta(days=1),
)
#: North: 2 Therapist licenses (pt1 active, pt2 inactive: one to activate or share), 3 Assistant
#: licenses (1 used: 2 available, of which the policy keeps 1).
NORTH: Final = Clinic(
    id="north",
    name="North",
    pools=(LicensePool(license_type=T, purchased=2), LicensePool(license_type=A, purchased=3)),
    users=(
        MANAGER,
        User(id="pt1", name="Pat", user_type=UserType.PT),
        User(id="pt2", name="Robin", user_type=UserType.PT, status=UserStatus.INACTIVE),
        User(id="pta1", name="Sam", user_type=UserType.PTA),
    ),
    billing=CYCLE,
)
SOUTH: Final = Clinic(
    id="south",
    name="South",
    pools=(LicensePool(license_type=T, purchased=1),),
    users=(User(id="pt3", name="Alex", user_type=UserType.OT),),
)
ORG: Final = Organization(id="acme", name="Acme", clinics=(NORTH, SOUTH))
PRICE_MAP: Final = {T: Decimal("99.00"), A: Decimal("45.00")}
PRICES: Final = PriceList(prices=PRICE_MAP, currency="USD")
KEEP: Final = {A: 1}
CLINIC_KEEP: Final = {"south": {T: 0}}
POLICY: Final = RetentionPolicy(keep=KEEP, clinic_keep=CLINIC_KEEP)
REQUEST: Final = AdjustmentRequest(
    clinic_id="north",
    requested_by="mgr",
    kind=AdjustmentKind.REMOVE,
    counts={A: 1},
    reason=Reason.UNUSED_LICENSES,
    explanation=EXPLANATION,
    submitted_at=NOW,
)
PROPOSAL: Final = propose_removals(ORG, policy=POLICY, prices=PRICES, now=NOW)
#: North's Assistant line: available 2, keep 1, remove 1, with a saving and a timing.
LINE: Final = next(line for line in PROPOSAL.lines if line.license_type is A)
ORG_USAGE: Final = usage(ORG)
CLINIC_USAGE: Final = usage(NORTH)
#: North's Assistant usage: purchased 3, used 1, available 2, over-assigned 0.
POOL_USAGE: Final = CLINIC_USAGE.pool(A)
ERROR_PROBLEM: Final = Problem(code=ProblemCode.NO_COUNTS, message="Nothing to do.", field="counts")
WARNING_PROBLEM: Final = Problem(
    code=ProblemCode.BELOW_SPARE, message="Below the spare.", field="counts.assistant"
)
REPORT: Final = ValidationReport(errors=(ERROR_PROBLEM,), warnings=(WARNING_PROBLEM,))
#: Students are idle after 30 days; South's OT is exempt.
INACTIVITY: Final = InactivityPolicy(
    thresholds={LicenseType.STUDENT: timedelta(days=30)}, exempt=frozenset({"pt3"})
)
#: The idle users of the organization: pt1 and pta1, who show no activity (UNKNOWN, LOW).
IDLE_REPORT: Final = find_idle(ORG, now=NOW, policy=INACTIVITY)
#: A dormant user, built: active last 200 days ago, licensed a year ago.
IDLE_USER: Final = IdleUser(
    user_id="pt1",
    clinic_id="north",
    license_type=T,
    kind=IdleKind.DORMANT,
    last_active_at=NOW - timedelta(days=200),
    idle_for=timedelta(days=200),
    confidence=Confidence.HIGH,
    licensed_since=NOW - timedelta(days=365),
    user_name="Pat",
)
HEALTH: Final = health_check(
    ORG, now=NOW, policy=POLICY, inactivity=INACTIVITY, prices=PRICES, min_confidence=Confidence.LOW
)
ALERT: Final = Alert(
    code=AlertCode.OVER_ASSIGNED, clinic_id="north", license_type=T, message="Two too many."
)


def _structuring_error() -> Exception:
    """A real error of `make_converter().structure`, for `error_messages`."""
    try:
        licensing.make_converter().structure({"license_type": "nope"}, LicensePool)
    except cattrs.BaseValidationError as error:
        return error
    pytest.fail("structuring bad data did not fail")  # pragma: no cover


#: Valid examples per parameter name. For each parameter, the first candidate its annotation
#: accepts is used: where a name means different things, there is one candidate per type.
EXAMPLES: Final[Mapping[str, tuple[object, ...]]] = {
    # functions
    "subject": (ORG,),
    "user_id": ("pt1",),  # active, homed in North (the Clinic whose methods are walked)
    "from_user_id": ("pt1",),
    "to_user_id": ("pt2",),
    "request": (REQUEST,),
    "organization": (ORG,),
    "policy": (POLICY, INACTIVITY),  # RetentionPolicy; find_idle(policy=) an InactivityPolicy
    "inactivity": (INACTIVITY,),
    "min_confidence": (Confidence.LOW,),
    "prices": (PRICE_MAP, PRICES),  # PriceList.prices; propose_removals(prices=)
    "now": (NOW,),
    "at": (NOW,),  # activate and share_license: when the license is gained
    "line": (LINE,),
    "key": (LicenseType.THERAPIST,),  # FrozenMap.get: a key of the map walked
    "default": (None,),
    "error": (_structuring_error(),),
    "path": ("$",),
    "exc": (ValueError("bad value"),),  # not the library's: format_exception reads type_ then
    "type_": (LicensePool,),
    # value objects
    "id": ("north",),
    "name": ("North",),
    "user_type": (UserType.PT,),
    "status": (UserStatus.ACTIVE,),
    "permissions": (frozenset({Permission.USER_MANAGER}),),
    "permission": (Permission.USER_MANAGER,),
    "clinic_access": (frozenset({"south"}),),
    "last_active_at": (NOW,),
    "licensed_since": (IDLE_USER.licensed_since,),
    "system": (False,),
    "license_type": (A,),
    "purchased": (POOL_USAGE.purchased,),
    "unlimited": (False,),
    "used": (POOL_USAGE.used,),
    "available": (POOL_USAGE.available,),  # equal to LINE.available
    "over_assigned": (POOL_USAGE.over_assigned,),
    "pools": (NORTH.pools, CLINIC_USAGE.pools),  # Clinic.pools; ClinicUsage.pools
    "users": (NORTH.users, IDLE_REPORT.users),  # Clinic.users; IdleReport.users
    "billing": (CYCLE, LINE.next_billing),  # Clinic.billing; BillingCycle.cutoff_of(billing)
    "clinics": (ORG.clinics, ORG_USAGE.clinics),  # Organization; OrganizationUsage
    "clinic": (NORTH,),
    "clinic_id": ("north",),
    "requested_by": ("mgr",),
    "kind": (AdjustmentKind.REMOVE, IdleKind.DORMANT),  # AdjustmentRequest; IdleUser
    "counts": ({A: 1},),
    "reason": (Reason.UNUSED_LICENSES,),
    "explanation": (EXPLANATION,),
    "submitted_at": (NOW,),
    "anchor": (CYCLE.anchor,),
    "cutoff": (CYCLE.cutoff, LINE.cutoff),  # BillingCycle.cutoff; RemovalLine.cutoff
    "zone": (ZONE,),
    "after": (NOW,),
    "until": (NOW + timedelta(days=90),),
    "currency": ("USD",),
    "keep": (KEEP, LINE.keep),  # RetentionPolicy.keep; RemovalLine.keep
    "clinic_keep": (CLINIC_KEEP,),
    "remove": (LINE.remove,),
    "saving_per_cycle": (LINE.saving_per_cycle,),
    "first_saved_billing": (LINE.first_saved_billing,),
    "next_billing": (LINE.next_billing,),
    "clinic_name": ("North",),
    "lines": (PROPOSAL.lines,),
    "proposals": ((PROPOSAL,),),
    "totals": (ORG_USAGE.totals,),
    "parts": (
        tuple(usage(Organization(id="acme", name="Acme", clinics=(c,))) for c in ORG.clinics),
    ),
    "order": (("north", "south"),),
    "code": (ProblemCode.NO_COUNTS, AlertCode.OVER_ASSIGNED),  # Problem; Alert
    "message": ("Nothing to do.",),
    "field": ("counts",),
    "errors": ((ERROR_PROBLEM,),),
    "warnings": ((WARNING_PROBLEM,),),
    # idle licenses and the health check
    "threshold": (timedelta(days=90),),
    "thresholds": ({LicenseType.STUDENT: timedelta(days=30)},),
    "grace": (timedelta(days=30),),
    "exempt": (frozenset({"pt3"}),),
    "user_name": ("Pat",),
    "idle_for": (IDLE_USER.idle_for,),
    "confidence": (Confidence.HIGH,),
    "usage": (HEALTH.usage,),
    "removals": (HEALTH.removals,),
    "idle": (HEALTH.idle,),
    "after_deactivation": (HEALTH.after_deactivation,),
    "alerts": (HEALTH.alerts,),
    "digest": (HEALTH.digest,),
    "rules_version": (HEALTH.rules_version,),
    # errors and helpers
    "report": (REPORT,),
    "value": (7,),
    "data": ({"north": 1},),
}

#: Parameters whose valid value depends on the callable, keyed ``"<callable>.<parameter>"``.
OVERRIDES: Final[Mapping[str, object]] = {
    "activate.user_id": "pt2",  # inactive, with a Therapist license available in North
}

#: The instance whose methods and properties are walked, per class (enums: their first member;
#: other classes: built from `EXAMPLES` by their constructor).
INSTANCES: Final[Mapping[type, object]] = {
    AdjustmentRequest: REQUEST,
    Alert: ALERT,
    BillingCycle: CYCLE,
    Clinic: NORTH,
    ClinicUsage: CLINIC_USAGE,
    LicensePool: NORTH.pool(A),
    Organization: ORG,
    OrganizationUsage: ORG_USAGE,
    HealthCheck: HEALTH,
    IdleReport: IDLE_REPORT,
    IdleUser: IDLE_USER,
    InactivityPolicy: INACTIVITY,
    PoolUsage: POOL_USAGE,
    PriceList: PRICES,
    Problem: ERROR_PROBLEM,
    RemovalLine: LINE,
    RemovalProposal: PROPOSAL,
    RetentionPolicy: POLICY,
    User: MANAGER,
    ValidationReport: REPORT,
}

#: The wrong-typed replacements, built afresh for each call (no case can see another's list).
WRONG_VALUES: Final[Mapping[str, Callable[[], object]]] = {
    "str": lambda: "x",
    "None": lambda: None,
    "dict": lambda: {"a": 1},
    "int": lambda: 7,
    "list": lambda: [1],
    "float": lambda: 1.5,
    "Clinic": lambda: NORTH,  # where an Organization (or anything but a Clinic) belongs
    "Organization": lambda: ORG,  # where a Clinic (or anything but an Organization) belongs
    "object": object,
}

#: Why something public is not walked. Each exclusion names its rule.
EXCLUSION_RULES: Final[Mapping[str, str]] = {
    "data": "not callable (a constant or the version string): there is nothing to call",
    "alias": "a type alias of a builtin generic: calling it builds the builtin, no library code",
    "enum": (
        "an enum.Enum's constructor looks a member up by value, Python's own protocol (ValueError"
        " for an unknown value); its own methods and properties are walked"
    ),
    "member": "an enum member: a value, not a callable",
    "field": "a field of a value object: data, walked through the constructor's parameter",
    "builtin-init": (
        "the constructor is BaseException's: any positional arguments, stored as args, never "
        "refused"
    ),
    "foreign": "inherited from a class outside the library: Python's own protocol",
    "var-args": "a *args or **kwargs parameter without annotation: any value is valid",
    "mutant": (
        "a copy of a method that mutation testing adds to the class (mutmut's trampolines): "
        "the method itself is walked"
    ),
}


# --- the enumeration --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One callable of the public API: a function, a constructor, a method or a property."""

    name: str
    resolve: Callable[[], Callable[..., object]]
    parameters: tuple[inspect.Parameter, ...]
    hints: Mapping[str, object]


EXCLUDED: dict[str, str] = {}
UNCLASSIFIED: list[str] = []


def _hints(function: Callable[..., object]) -> dict[str, object]:
    """The resolved annotations of ``function``.

    Names are looked up in its module, then in the public namespace (names a module imports only
    for type checkers), then in `typing` (attrs copies a converter's annotation, such as
    `as_int`'s ``SupportsIndex``, into an ``__init__`` whose module never imported it).
    """
    module = getattr(inspect.unwrap(function), "__globals__", {})
    names = ChainMap(module, vars(licensing), vars(typing))
    return dict(typing.get_type_hints(function, localns=names))


def _walked(owner: str, signature: inspect.Signature) -> tuple[inspect.Parameter, ...]:
    parameters = []
    for parameter in signature.parameters.values():
        if parameter.kind in {parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD}:
            if parameter.annotation is not parameter.empty:  # pragma: no cover - none so far
                UNCLASSIFIED.append(f"{owner}: annotated *{parameter.name} is not walked yet")
            EXCLUDED[f"{owner}.{parameter.name}"] = EXCLUSION_RULES["var-args"]
            continue
        parameters.append(parameter)
    return tuple(parameters)


def _instance(cls: type) -> object:
    if cls in INSTANCES:
        return INSTANCES[cls]
    if issubclass(cls, enum.Enum):
        return next(iter(cls))
    constructor = next(target for target in TARGETS if target.name == cls.__name__)
    return _call(constructor, _valid_arguments(constructor))


def _function_target(name: str, function: Callable[..., object]) -> Target:
    return Target(
        name, lambda: function, _walked(name, inspect.signature(function)), _hints(function)
    )


def _constructor_target(name: str, cls: type) -> Target | None:
    if issubclass(cls, enum.Enum):
        EXCLUDED[f"{name}()"] = EXCLUSION_RULES["enum"]
        return None
    try:
        signature = inspect.signature(cls)
    except ValueError:  # BaseException's own __init__ has no signature
        EXCLUDED[f"{name}()"] = EXCLUSION_RULES["builtin-init"]
        return None
    return Target(name, lambda: cls, _walked(name, signature), _hints(cls.__init__))


def _member_target(cls: type, name: str, raw: object) -> Target | None:
    qualified = f"{cls.__name__}.{name}"
    if isinstance(raw, property):
        return Target(qualified, lambda: lambda: getattr(_instance(cls), name), (), {})
    if isinstance(raw, classmethod):
        bound = getattr(cls, name)
        return Target(
            qualified,
            lambda: bound,
            _walked(qualified, inspect.signature(bound)),
            _hints(raw.__func__),
        )
    if isinstance(raw, staticmethod):
        function = raw.__func__
        return Target(
            qualified,
            lambda: function,
            _walked(qualified, inspect.signature(function)),
            _hints(function),
        )
    if issubclass(cls, tuple) and name in getattr(cls, "_fields", ()):
        EXCLUDED[qualified] = EXCLUSION_RULES["field"]  # a NamedTuple's field
        return None
    if inspect.isfunction(raw):
        parameters = tuple(inspect.signature(raw).parameters.values())[1:]  # without self
        return Target(
            qualified,
            lambda: getattr(_instance(cls), name),
            _walked(qualified, inspect.Signature(parameters)),
            _hints(raw),
        )
    UNCLASSIFIED.append(f"{qualified}: {type(raw).__name__}")
    return None


def _class_targets(name: str, cls: type) -> list[Target]:
    targets = []
    constructor = _constructor_target(name, cls)
    if constructor is not None:
        targets.append(constructor)
    fields = {field.name for field in attrs.fields(cls)} if attrs.has(cls) else set()
    seen: set[str] = set()
    for owner in cls.__mro__:
        for member, raw in vars(owner).items():
            if member.startswith("_") or member in seen:
                continue
            seen.add(member)
            qualified = f"{name}.{member}"
            if "__mutmut_" in member:
                EXCLUDED[qualified] = EXCLUSION_RULES["mutant"]
            elif issubclass(cls, enum.Enum) and member in cls.__members__:
                EXCLUDED[qualified] = EXCLUSION_RULES["member"]
            elif member in fields:
                EXCLUDED[qualified] = EXCLUSION_RULES["field"]
            elif not owner.__module__.startswith("licensing"):
                EXCLUDED[qualified] = (
                    f"{EXCLUSION_RULES['foreign']} ({owner.__module__}.{owner.__qualname__})"
                )
            else:
                target = _member_target(cls, member, raw)
                if target is not None:
                    targets.append(target)
    return targets


#: Public callables that `licensing.__all__` does not list (their module's `__all__` does),
#: walked by the name a refusal gives them.
ALSO_WALKED: Final[Mapping[str, Callable[..., object]]] = {
    "confidence_of": confidence_of,  # licensing.idle: the one rule of Confidence
}


def _public_api() -> list[Target]:
    targets = [_function_target(name, function) for name, function in ALSO_WALKED.items()]
    for name in licensing.__all__:
        obj = getattr(licensing, name)
        if isinstance(obj, types.GenericAlias):
            EXCLUDED[name] = f"{EXCLUSION_RULES['alias']} ({obj})"
        elif not callable(obj):
            EXCLUDED[name] = f"{EXCLUSION_RULES['data']} ({type(obj).__name__})"
        elif inspect.isclass(obj):
            targets.extend(_class_targets(name, obj))
        else:
            targets.append(_function_target(name, obj))
    return targets


TARGETS: Final = _public_api()


# --- which values an annotation accepts ---------------------------------------------------------


def _items_accepted(origin: type, args: tuple[object, ...], value: object) -> bool:
    """Whether the items of ``value`` (an instance of ``origin``) are of the types ``args``."""
    if not args:
        return True
    if issubclass(origin, Mapping) and isinstance(value, Mapping):
        key, item = args
        return all(accepts(key, k) and accepts(item, v) for k, v in value.items())
    if origin is tuple and isinstance(value, tuple) and args[-1] is not Ellipsis:
        return len(value) == len(args) and all(map(accepts, args, value))
    if isinstance(value, Iterable):
        return all(accepts(args[0], item) for item in value)
    return True


def _accepts_generic(hint: object, value: object) -> bool | None:
    """`accepts` for a subscripted or special form; ``None`` when ``hint`` is a plain class."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is None:
        return None
    if origin is typing.Union or origin is types.UnionType:
        return any(accepts(arg, value) for arg in args)
    if origin is typing.Literal:
        return value in args
    if origin is type:
        return isinstance(value, type) and all(
            isinstance(arg, type) and issubclass(value, arg) for arg in args
        )
    if origin is Callable:
        return callable(value)
    if isinstance(origin, type):
        return isinstance(value, origin) and _items_accepted(origin, args, value)
    msg = f"no rule for the annotation {hint!r}"
    raise TypeError(msg)


def accepts(hint: object, value: object) -> bool:
    """Whether ``value`` is of the type ``hint`` (a resolved annotation), items included."""
    if hint is Any or hint is object:
        return True
    if isinstance(hint, typing.TypeVar):
        return hint.__bound__ is None or accepts(hint.__bound__, value)
    if hint is None or hint is type(None):
        return value is None
    generic = _accepts_generic(hint, value)
    if generic is not None:
        return generic
    if hint is float:  # PEP 484: an int is acceptable where a float is
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    msg = f"no rule for the annotation {hint!r}"
    raise TypeError(msg)


# --- calling --------------------------------------------------------------------------------

MISSING: Final = object()


def _valid_example(target: Target, parameter: inspect.Parameter) -> object:
    key = f"{target.name}.{parameter.name}"
    if key in OVERRIDES:
        return OVERRIDES[key]
    hint = target.hints.get(parameter.name, Any)
    return next(
        (value for value in EXAMPLES.get(parameter.name, ()) if accepts(hint, value)), MISSING
    )


def _valid_arguments(target: Target) -> dict[str, object]:
    arguments = {}
    for parameter in target.parameters:
        value = _valid_example(target, parameter)
        if value is MISSING:
            pytest.fail(f"no valid example for {target.name}({parameter.name}=...)")
        arguments[parameter.name] = value
    return arguments


def _call(target: Target, arguments: Mapping[str, object]) -> object:
    positional = [arguments[p.name] for p in target.parameters if p.kind is p.POSITIONAL_ONLY]
    keywords = {
        p.name: arguments[p.name] for p in target.parameters if p.kind is not p.POSITIONAL_ONLY
    }
    return target.resolve()(*positional, **keywords)


LIBRARY: Final = Path(licensing.__file__).resolve().parent


def _where(exc: BaseException) -> str:
    """The last frame of the library in the traceback, and the frame that raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if Path(f.filename).resolve().is_relative_to(LIBRARY)]
    shown = [f"last library frame: {_frame(ours[-1])}" if ours else "no library frame"]
    if frames and (not ours or frames[-1] is not ours[-1]):
        shown.append(f"raised at: {_frame(frames[-1])}")
    return "; ".join(shown)


def _frame(frame: traceback.FrameSummary) -> str:
    path = Path(frame.filename).resolve()
    where = path.relative_to(LIBRARY.parent) if path.is_relative_to(LIBRARY.parent) else path
    return f"{where}:{frame.lineno} in {frame.name}: {frame.line}"


def _cases() -> list[Any]:
    cases = []
    for target in TARGETS:
        for parameter in target.parameters:
            hint = target.hints.get(parameter.name, Any)
            for label, make in WRONG_VALUES.items():
                if not accepts(hint, make()):
                    cases.append(
                        pytest.param(
                            target,
                            parameter.name,
                            label,
                            id=f"{target.name}-{parameter.name}-{label}",
                        )
                    )
    return cases


CASES: Final = _cases()


# --- the enumeration is complete ----------------------------------------------------------------

#: What issue 12 names: the walk must reach each of them (a guard against a broken walk).
NAMED: Final = {
    "usage",
    "propose_removals",
    "validate_request",
    "apply_request",
    "activate",
    "deactivate",
    "share_license",
    "removal_order",
    "error_messages",
    "format_exception",
    "make_converter",
    "Clinic",
    "Organization",
    "User",
    "LicensePool",
    "AdjustmentRequest",
    "BillingCycle",
    "PriceList",
    "RetentionPolicy",
    "Clinic.pool",
    "Clinic.user",
    "Clinic.has_user",
    "Organization.clinic",
    "Organization.has_clinic",
    "Organization.home_clinic",
    "Organization.user",
    "Organization.replace_clinic",
    "PriceList.price",
    "PriceList.has_price",
    "RetentionPolicy.spare",
    "BillingCycle.next_billing",
    "BillingCycle.billings",
    "BillingCycle.cutoff_of",
    "BillingCycle.removal_cutoff",
    "BillingCycle.first_saved_billing",
    "BillingCycle.is_on_time",
    "ClinicUsage.pool",
    "OrganizationUsage.clinic",
    "OrganizationUsage.total",
    "OrganizationUsage.of",
    "OrganizationUsage.combine",
    "RemovalProposal.combine",
    "RemovalProposal.requests",
    "User.has_permission",
    "AdjustmentRequest.count",
    "PoolUsage.limited",
    "PoolUsage.unlimited",
    "PoolUsage.record",
    "LicensePool.unlimited_of",
    "find_idle",
    "health_check",
    "confidence_of",
    "InactivityPolicy",
    "InactivityPolicy.threshold_for",
    "IdleUser",
    "IdleUser.record",
    "IdleReport",
    "IdleReport.at_least",
    "IdleReport.to_records",
    "Alert",
    "Alert.record",
    "HealthCheck",
    "HealthCheck.to_deactivate",
    "HealthCheck.extra_saving_per_cycle",
    "HealthCheck.extra_annual_saving",
    "HealthCheck.to_records",
    "Confidence.rank",
}


def test_the_walk_reaches_the_public_api() -> None:
    walked = {target.name for target in TARGETS}
    assert walked >= NAMED, f"not walked: {sorted(NAMED - walked)}"
    assert len(CASES) > len(TARGETS)


def test_everything_public_is_walked_or_excluded_with_a_reason() -> None:
    assert not UNCLASSIFIED, f"public attributes of no known kind: {UNCLASSIFIED}"
    walked = {target.name for target in TARGETS}
    for name in licensing.__all__:
        assert name in walked or name in EXCLUDED or f"{name}()" in EXCLUDED, name
    reasons = tuple(EXCLUSION_RULES.values())
    for name, reason in EXCLUDED.items():
        assert reason.startswith(reasons), f"{name}: {reason}"
    # The exclusions of whole names of `__all__`: data, type aliases and enum constructors only.
    top = {name for name in EXCLUDED if "." not in name}
    for name in top:
        obj = getattr(licensing, name.removesuffix("()"))
        if name.endswith("()"):
            assert issubclass(obj, enum.Enum | BaseException), name
        else:
            assert not callable(obj) or isinstance(obj, types.GenericAlias), name


def test_every_parameter_has_a_valid_example() -> None:
    missing = [
        f"{target.name}({parameter.name}: {target.hints.get(parameter.name, Any)})"
        for target in TARGETS
        for parameter in target.parameters
        if _valid_example(target, parameter) is MISSING
    ]
    assert not missing, f"add a valid example to EXAMPLES (or OVERRIDES) for: {missing}"


def test_overrides_name_walked_parameters() -> None:
    parameters = {f"{t.name}.{p.name}" for t in TARGETS for p in t.parameters}
    assert set(OVERRIDES) <= parameters


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
def test_valid_call_returns(target: Target) -> None:
    """The valid arguments are valid: the call returns, so each wrong one below is what fails."""
    _call(target, _valid_arguments(target))


# --- the walk -----------------------------------------------------------------------------------


def _call_with_wrong(target: Target, parameter: str, label: str) -> tuple[object, Exception | None]:
    """Call ``target`` with the wrong value ``label`` for ``parameter``: the value, its error."""
    arguments = _valid_arguments(target)
    value = WRONG_VALUES[label]()
    arguments[parameter] = value
    try:
        _call(target, arguments)
    except Exception as exc:  # noqa: BLE001 - what was raised is what the tests look at
        return value, exc
    return value, None


@pytest.mark.parametrize(("target", "parameter", "label"), CASES)
def test_wrong_type_raises_only_licensing_errors(
    target: Target, parameter: str, label: str
) -> None:
    value, exc = _call_with_wrong(target, parameter, label)
    if exc is not None and not isinstance(exc, LicensingError):
        shown = repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        pytest.fail(
            f"{target.name}({parameter}={shown}) raised {type(exc).__name__}: {exc} "
            f"(not a LicensingError); {_where(exc)}",
            pytrace=False,
        )


#: The parameters that take a value of any type, and why; every other refuses a wrong type.
TAKES_ANYTHING: Final[Mapping[str, str]] = {
    **{
        f"{error}.{parameter}": "an error is built whatever it is given: it must never fail"
        for error, parameters in (
            ("InvalidTypeError", ("message", "field")),
            ("InvalidValueError", ("message", "field")),
            ("UnknownClinicError", ("message", "id")),
            ("UnknownIdError", ("message", "id")),
            ("UnknownUserError", ("message", "id")),
        )
        for parameter in parameters
    },
    "FrozenMap.get.key": "a mapping's get: a key it does not hold gives the default",
    "format_exception.type_": "the type an exception was about, written whatever it is",
}


def test_each_parameter_said_to_take_anything_is_walked() -> None:
    walked = {
        f"{target.name}.{parameter.name}" for target in TARGETS for parameter in target.parameters
    }
    assert set(TAKES_ANYTHING) <= walked, sorted(set(TAKES_ANYTHING) - walked)


@pytest.mark.parametrize(("target", "parameter", "label"), CASES)
def test_a_wrong_type_is_refused_unless_the_parameter_takes_anything(
    target: Target, parameter: str, label: str
) -> None:
    _, error = _call_with_wrong(target, parameter, label)

    assert error is not None or f"{target.name}.{parameter}" in TAKES_ANYTHING, (
        f"{target.name}({parameter}=<{label}>) accepted a wrong type"
    )


#: The spelling of each type a message may name: the library's classes, and Python's own.
SPELLED: Final = frozenset(licensing.__all__) | {"None", "int", "bool", "datetime", "timedelta"}
_SPELLINGS: Final = {name.lower(): name for name in SPELLED}
#: How a wrong type's message says what was expected.
_EXPECTED_OPENINGS: Final = ("a ", "an ", "made of ", "keyed by ")
_WRONG_TYPE_MESSAGE: Final = re.compile(
    r"(?P<where>\S+) must be (?P<expected>.+), got .+ \((?P<kind>\w+)\)"
)


def _owners(target: Target) -> set[str]:
    """Who a refusal may name: the callable, or for an alternative constructor its class."""
    owners = {target.name}
    function = target.resolve()
    if inspect.ismethod(function) and isinstance(function.__self__, type):
        owners.add(function.__self__.__name__)  # a classmethod refusing its class's own field
    return owners


def _parts(value: object) -> list[object]:
    """What a container holds (items, or keys and values): the wrong part of a wrong value."""
    if isinstance(value, Mapping):
        return [*value.keys(), *value.values()]
    return list(value) if isinstance(value, list | tuple | set | frozenset) else []


def _spelling_problems(expected: str) -> list[str]:
    problems = []
    if not expected.startswith(_EXPECTED_OPENINGS):
        problems.append(f"{expected!r} does not open with one of {_EXPECTED_OPENINGS}")
    article, _, rest = expected.partition(" ")
    # "an" before a vowel; every type name that starts with a U reads "you" (a User).
    if article in {"a", "an"} and rest and (article == "an") != (rest[0].lower() in "aeio"):
        problems.append(f"{expected!r} takes the other article")
    # The words that name a type: a whole noun phrase after the opening or after "or" (in "a
    # user id" the noun is "id"; in "a string or None", "string" and "None").
    named = re.findall(r"(?:^(?:an?|made of|keyed by)| or) (\w+)(?=$| or | \()", expected)
    for word in named:
        spelled = _SPELLINGS.get(word.lower(), word)
        if word != spelled:
            problems.append(f"{word!r} is spelled {spelled!r}")
    return problems


@pytest.mark.parametrize(("target", "parameter", "label"), CASES)
def test_a_refusal_names_the_call_the_argument_and_the_value(
    target: Target, parameter: str, label: str
) -> None:
    value, error = _call_with_wrong(target, parameter, label)
    if not isinstance(error, InvalidTypeError | InvalidValueError):
        return  # accepted (a value the call can use), or a lookup error, which names the id
    assert error.field == parameter or error.field.startswith(f"{parameter}."), error.field
    message = str(error)
    assert any(message.startswith(f"{owner}.{error.field} ") for owner in _owners(target)), (
        f"{message!r} does not name {sorted(_owners(target))} and {error.field!r}"
    )
    assert error.value is value or any(error.value is part for part in _parts(value))
    if isinstance(error, InvalidTypeError):
        matched = _WRONG_TYPE_MESSAGE.fullmatch(message)
        assert matched, message
        assert matched["kind"] == type(error.value).__name__
        assert not _spelling_problems(matched["expected"]), message


NAIVE: Final = datetime(2026, 3, 10, 12, 0)  # noqa: DTZ001 - naive on purpose

#: Every datetime parameter of the public API, given a naive datetime (a value, not a type, error).
NAIVE_PARAMETERS: Final = [
    (target, parameter.name)
    for target in TARGETS
    for parameter in target.parameters
    if accepts(target.hints.get(parameter.name, Any), NOW)
    and not accepts(target.hints.get(parameter.name, Any), "x")
]
NAIVE_CASES: Final = [
    pytest.param(target, name, id=f"{target.name}-{name}-naive")
    for target, name in NAIVE_PARAMETERS
]


@pytest.mark.parametrize(("target", "parameter"), NAIVE_CASES)
def test_a_naive_moment_is_refused_naming_the_call_and_the_argument(
    target: Target, parameter: str
) -> None:
    arguments = _valid_arguments(target)
    arguments[parameter] = NAIVE
    with pytest.raises(InvalidValueError) as refused:
        _call(target, arguments)

    assert refused.value.field == parameter
    assert refused.value.value is NAIVE
    assert any(
        str(refused.value).startswith(f"{owner}.{parameter} must be timezone-aware")
        for owner in _owners(target)
    ), str(refused.value)


def test_every_datetime_parameter_is_walked_with_a_naive_moment() -> None:
    walked = {(target.name, parameter) for target, parameter in NAIVE_PARAMETERS}
    assert {
        ("BillingCycle.billings", "after"),
        ("BillingCycle.billings", "until"),
        ("BillingCycle.is_on_time", "billing"),
        ("propose_removals", "now"),
        ("RemovalProposal.requests", "submitted_at"),
        ("find_idle", "now"),
        ("health_check", "now"),
        ("activate", "at"),
        ("share_license", "at"),
        ("User", "licensed_since"),
        ("IdleUser", "last_active_at"),
        ("IdleUser", "licensed_since"),
        ("HealthCheck", "now"),
    } <= walked


def test_the_spelling_check_finds_each_kind_of_misspelling() -> None:
    assert _spelling_problems("a LicenseType") == []
    assert _spelling_problems("an int (not a bool)") == []
    assert _spelling_problems("a string or None") == []
    assert _spelling_problems("made of Permission values") == []
    assert _spelling_problems("a collection of clinic ids") == []
    assert _spelling_problems("a user id or a mapping of clinic id to user id") == []
    assert _spelling_problems("a UserStatus") == []
    assert _spelling_problems("an organization") == ["'organization' is spelled 'Organization'"]
    assert _spelling_problems("A STRING")
    assert _spelling_problems("XXa stringXX")
    assert _spelling_problems("a licensetype") == ["'licensetype' is spelled 'LicenseType'"]
    assert _spelling_problems("a string or none") == ["'none' is spelled 'None'"]
    assert _spelling_problems("an LicenseType") == ["'an LicenseType' takes the other article"]


# --- the exact classes --------------------------------------------------------------------------


def _any(value: object) -> Any:
    """``value``, typed as anything: these calls pass wrong types on purpose."""
    return value


WRONG_TYPES = [
    pytest.param(lambda: usage(_any("x")), "subject", id="usage-subject-str"),
    pytest.param(lambda: usage(_any(None)), "subject", id="usage-subject-None"),
    pytest.param(
        lambda: propose_removals(ORG, policy=_any({"a": 1})), "policy", id="propose-policy-dict"
    ),
    pytest.param(
        lambda: validate_request(REQUEST, _any(NORTH)),
        "organization",
        id="validate-organization-Clinic",
    ),
    pytest.param(
        lambda: apply_request(REQUEST, ORG, policy=_any("x")), "policy", id="apply-policy-str"
    ),
    pytest.param(lambda: activate(NORTH, _any(7)), "user_id", id="activate-user_id-int"),
    pytest.param(lambda: deactivate(_any(object()), "pt1"), "subject", id="deactivate-object"),
    pytest.param(
        lambda: share_license(ORG, "pt1", _any(None)), "to_user_id", id="share-to_user_id-None"
    ),
    pytest.param(lambda: NORTH.pool(_any("therapist")), "license_type", id="Clinic.pool-str"),
    pytest.param(lambda: ORG.clinic(_any(7)), "clinic_id", id="Organization.clinic-int"),
    pytest.param(
        lambda: ORG.replace_clinic(_any(ORG)), "clinic", id="Organization.replace_clinic-Org"
    ),
    pytest.param(lambda: PRICES.price(_any(None)), "license_type", id="PriceList.price-None"),
    pytest.param(lambda: POLICY.spare(_any(7), T), "clinic_id", id="RetentionPolicy.spare-int"),
    pytest.param(
        lambda: BillingCycle(anchor=NOW, zone=_any("America/Phoenix")),
        "zone",
        id="BillingCycle-zone-str",
    ),
    pytest.param(lambda: CYCLE.next_billing(_any("2026-03-10")), "after", id="next_billing-str"),
    pytest.param(lambda: Clinic(id="c", name="C", users=_any([1])), "users", id="Clinic-users"),
    pytest.param(lambda: Organization(id="o", name="O", clinics=_any(NORTH)), "clinics", id="org"),
]


@pytest.mark.parametrize(("call", "field"), WRONG_TYPES)
def test_a_wrong_type_is_an_invalid_type_error(call: Callable[[], object], field: str) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        call()
    assert type(caught.value) is InvalidTypeError
    assert isinstance(caught.value, TypeError)
    assert caught.value.field == field


UNKNOWN_IDS = [
    pytest.param(lambda: usage(ORG).clinic("nope"), UnknownClinicError, id="usage.clinic"),
    pytest.param(lambda: ORG.clinic("nope"), UnknownClinicError, id="Organization.clinic"),
    pytest.param(lambda: NORTH.user("nope"), UnknownUserError, id="Clinic.user"),
    pytest.param(lambda: ORG.home_clinic("nope"), UnknownUserError, id="Organization.home_clinic"),
    pytest.param(lambda: ORG.user("nope"), UnknownUserError, id="Organization.user"),
    pytest.param(lambda: activate(ORG, "nope"), UnknownUserError, id="activate"),
    pytest.param(lambda: deactivate(NORTH, "nope"), UnknownUserError, id="deactivate"),
    pytest.param(lambda: share_license(ORG, "pt1", "nope"), UnknownUserError, id="share_license"),
    pytest.param(
        lambda: ORG.replace_clinic(Clinic(id="nope", name="Nope")),
        UnknownClinicError,
        id="Organization.replace_clinic",
    ),
]


@pytest.mark.parametrize(("call", "kind"), UNKNOWN_IDS)
def test_an_unknown_id_is_the_lookup_error(
    call: Callable[[], object], kind: type[UnknownIdError]
) -> None:
    with pytest.raises(UnknownIdError) as caught:
        call()
    assert type(caught.value) is kind
    assert isinstance(caught.value, LookupError)
    assert caught.value.id == "nope"
