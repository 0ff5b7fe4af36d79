"""The benchmark of `licensing` at platform scale, with its targets, in one reproducible command.

    python benchmarks/run.py                 # the three scales; about 20 minutes on 2 cores
    python benchmarks/run.py --scale small   # the same measurements on tiny organizations
    python benchmarks/run.py --repeat 7 --json results.json
    python benchmarks/run.py --only usage,find_idle,health_check   # the floor and these only

``make bench`` installs the ``bench`` extra (msgspec and pydantic, the libraries the JSON edge is
compared with) into ``.venv`` and runs the first line. Without them (or with ``--no-rivals``)
those comparisons are left out and everything else runs.

It builds deterministic organizations (`synthetic`): one clinic (200 users), a chain (1,000 clinics,
40,000 users) and the platform (25,000 clinics, 1,000,000 users), and measures, each as the median
of ``--repeat`` repetitions after a warm-up, once with the garbage collector enabled (as a service
runs) and once disabled, alternating:

- the floor: `collections.Counter` over (home clinic, license type) of the active users;
- ``usage(org)`` and ``propose_removals(org, policy=..., prices=..., now=...)``;
- the same proposal with every clinic's calendar in its own time zone (`synthetic.with_zones`);
- ``find_idle(org, now=...)`` and ``health_check(org, now=..., policy=..., prices=...)``, with the
  default `InactivityPolicy`; the health check both repeated on the same organization and as a
  first check (on an organization built anew before each call: `Fresh`, `anew`), and on the
  platform its steps on their own (`health_parts`: its digest, first and repeated, its proposal,
  its ``after_deactivation`` and its alerts, beside ``usage`` and ``find_idle``);
- at every scale: structuring the organization from its JSON-ready form with ``make_converter()``
  and unstructuring it, beside msgspec and pydantic doing the same into equivalent classes
  (`rivals`);
- on the platform: ``validate_request`` against the platform and against an organization of just
  the two clinics the request involves;
- memory per `licensing.User` and the time of ``import licensing`` in a fresh interpreter.

It prints Markdown tables (figures, then the targets as ratios measured in the same run) and, with
``--json``, writes every figure. It also checks the results it times (usage against a direct
count, the idle users against the inactivity rule applied here, the health check's parts against
the calls they stand for and its digest across two calls, combined shards against the whole,
round trips, the same report on both organizations) and exits with status 1 if any check fails.
Timings are never checked: they depend on the machine. ``--only`` measures the floor and the
groups of `GROUPS` it names, and leaves the rest out.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Final

import attrs
import synthetic

import licensing
from licensing import (
    BillingCycle,
    Clinic,
    Confidence,
    HealthCheck,
    IdleKind,
    IdleReport,
    InactivityPolicy,
    LicensePool,
    LicenseType,
    Organization,
    OrganizationUsage,
    RemovalProposal,
    User,
    UserStatus,
    find_idle,
    health_check,
    make_converter,
    propose_removals,
    usage,
    validate_request,
)
from licensing import health as health_module
from licensing.digest import HealthInputs, digest

#: How long one repetition of a fast call should last at least: the call is repeated within it.
MIN_REPETITION: Final = 0.05
#: The issue's target for memory per user, in bytes.
USER_BYTES_TARGET: Final = 520
_ACTIVE: Final = UserStatus.ACTIVE
_MODES: Final = ("gc on", "gc off")
#: What ``--only`` selects from; the floor is always measured: every target is a ratio to it.
GROUPS: Final = (
    "usage",
    "propose_removals",  # with zoned calendars
    "find_idle",
    "health_check",  # with its parts on the platform
    "json",
    "validation",
    "memory",
    "import",
)
#: The prefix of the names of the health check's parts, timed on their own on the platform.
PART: Final = "health_check part: "


@dataclass
class Timing:
    """The seconds per call of one measurement, per garbage-collector mode.

    Attributes:
        name: What was timed.
        scale: The organization it ran on.
        number: Calls per repetition (fast calls are repeated to be measurable).
        runs: Per mode (``"gc on"``, ``"gc off"``), the seconds per call of each repetition.
    """

    name: str
    scale: str
    number: int
    runs: dict[str, list[float]] = field(default_factory=dict)

    def median(self, mode: str) -> float:
        """Return the median seconds per call in ``mode``."""
        return statistics.median(self.runs[mode])


@dataclass
class Target:
    """A target of the issue: a ratio of two timings of the same run, at most ``limit``.

    Attributes:
        name: The target, as the issue states it.
        numerator: The name of the timing divided.
        denominator: The name of the timing it is divided by.
        scale: The scale of both timings.
        limit: The largest ratio that meets the target.
        ratios: Per mode, the measured ratio of the medians.
    """

    name: str
    numerator: str
    denominator: str
    scale: str
    limit: float
    ratios: dict[str, float] = field(default_factory=dict)

    def met(self, mode: str) -> bool:
        """Whether the ratio in ``mode`` meets the target."""
        ratio = self.ratios[mode]
        return ratio < self.limit if self.limit == 1.0 else ratio <= self.limit


@dataclass
class Results:
    """Everything one run measured and checked."""

    command: str
    machine: dict[str, str]
    timings: list[Timing] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    memory: dict[str, float] = field(default_factory=dict)
    imports: dict[str, float] = field(default_factory=dict)
    idle: dict[str, dict[str, int]] = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def timing(self, name: str, scale: str) -> Timing:
        """Return the timing ``name`` at ``scale``."""
        for timing in self.timings:
            if (timing.name, timing.scale) == (name, scale):
                return timing
        raise LookupError((name, scale))


# --- timing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fresh:
    """A call timed on a new subject each time: ``make()`` builds it (not timed), then ``call``.

    For what keeps results on its inputs (`licensing.digest` keeps each clinic's digest on the
    clinic): the first call on a subject is timed, never one that finds its own earlier work.
    """

    make: Callable[[], Any]
    call: Callable[[Any], object]


#: What `measure` times: a call, or a call on a subject made anew each time.
Call = Callable[[], object] | Fresh


def _timed(call: Callable[[], object], number: int, *, collect: bool) -> float:
    """Run ``call`` ``number`` times, the collector on or off; return seconds per call."""
    result: object = None
    gc.collect()
    if not collect:
        gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            result = call()
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    del result  # freed outside the timed region: deallocation is not measured
    return elapsed / number


def _once(call: Call, number: int, *, collect: bool) -> float:
    """Seconds per call of ``number`` calls; a `Fresh` call's subject made before each."""
    if not isinstance(call, Fresh):
        return _timed(call, number, collect=collect)
    total = 0.0
    for _ in range(number):
        subject = call.make()
        total += _timed(partial(call.call, subject), 1, collect=collect)
        del subject
    return total / number


def _warm_up(call: Call) -> tuple[object, float]:
    """Run ``call`` once, after a collection; return its result and its seconds."""
    subject = call.make() if isinstance(call, Fresh) else None
    gc.collect()
    start = time.perf_counter()
    result = call() if not isinstance(call, Fresh) else call.call(subject)
    return result, time.perf_counter() - start


def measure(
    results: Results,
    scale: str,
    calls: Mapping[str, Call],
    repeat: int,
    *,
    checks: Mapping[str, Callable[[Any], bool]] | None = None,
) -> None:
    """Time each of ``calls``: a warm-up each, then ``repeat`` rounds of repetitions.

    A round runs every call once with the collector on and once with it off, in turn: timings
    whose ratio is a target are measured under the same load, even on a busy machine. Before each
    repetition the collector runs, so every repetition starts from the same heap; with the
    collector on, the collections the call's own allocations trigger are measured. A check in
    ``checks`` judges the warm-up's result of the call of the same name (a check of the results,
    recorded in `Results.checks`); the result is freed before the repetitions. A `Fresh` call is
    timed on a subject made before each call, outside the timed region.
    """
    timings = {}
    for name, call in calls.items():
        result, warm = _warm_up(call)
        check = (checks or {}).get(name)
        if check is not None:
            results.checks[f"{scale}: {name} gives the expected result"] = check(result)
        del result
        number = max(1, int(MIN_REPETITION / warm)) if warm < MIN_REPETITION else 1
        timings[name] = Timing(name=name, scale=scale, number=number)
        timings[name].runs = {mode: [] for mode in _MODES}
    for _ in range(repeat):
        for mode in _MODES:
            for name, call in calls.items():
                timing = timings[name]
                timing.runs[mode].append(_once(call, timing.number, collect=mode == "gc on"))
    for timing in timings.values():
        results.timings.append(timing)
        print(
            f"  {timing.name} @ {scale}: "
            + ", ".join(f"{mode} {_seconds(timing.median(mode))}" for mode in _MODES),
            file=sys.stderr,
        )


def target(
    results: Results, name: str, numerator: str, denominator: str, *, scale: str, limit: float
) -> None:
    """Record the ratio of two timings of this run against the target ``limit``."""
    top, bottom = results.timing(numerator, scale), results.timing(denominator, scale)
    results.targets.append(
        Target(
            name=name,
            numerator=numerator,
            denominator=denominator,
            scale=scale,
            limit=limit,
            ratios={mode: top.median(mode) / bottom.median(mode) for mode in _MODES},
        )
    )


# --- what is timed ----------------------------------------------------------------------------


def floor(org: Organization) -> Counter[tuple[str, LicenseType]]:
    """The floor: count the active users per (home clinic, license type), in one pass."""
    return Counter(
        (clinic.id, user.user_type.license_type)
        for clinic in org.clinics
        for user in clinic.users
        if user.status is _ACTIVE
    )


def _direct_count(org: Organization) -> Counter[tuple[str, LicenseType]]:
    """What usage must find: active, non-system users per (home clinic, license type)."""
    return Counter(
        (clinic.id, user.license_type)
        for clinic in org.clinics
        for user in clinic.users
        if user.consumes_license
    )


def _shards(org: Organization, parts: int) -> Iterator[Organization]:
    """Split ``org`` by clinic into ``parts`` organizations (round robin)."""
    for part in range(parts):
        yield Organization(id=org.id, name=org.name, clinics=org.clinics[part::parts])


def idle_by_rule(
    org: Organization, now: datetime, policy: InactivityPolicy
) -> tuple[list[tuple[str, str, IdleKind, timedelta | None]], Counter[str]]:
    """The idle users of ``org`` at ``now``, by the rule of the contract, applied here.

    Only users whose deactivation frees a billed license count: active, not a system account,
    not exempt, of a charged license type whose pool in the home clinic is limited. Such a user
    is idle unless it was active within its threshold, or licensed within the grace (equal is
    within, and a moment after ``now`` is recent): dormant with a last activity, never active
    with only a date of licensing, unknown with neither.

    Returns:
        One ``(user id, clinic id, kind, idle for)`` per idle user, in organization order, and
        a tally: ``candidates``, each kind's value, and ``within grace`` (users the grace
        alone keeps from being flagged).
    """
    rows: list[tuple[str, str, IdleKind, timedelta | None]] = []
    tally: Counter[str] = Counter()
    for clinic in org.clinics:
        limited = {t for t in LicenseType if t.charged and not clinic.pool(t).unlimited}
        for user in clinic.users:
            if (
                not user.active
                or user.system
                or user.id in policy.exempt
                or user.license_type not in limited
            ):
                continue
            tally["candidates"] += 1
            last, held = user.last_active_at, user.licensed_since
            if last is not None and now - last <= policy.threshold_for(user.license_type):
                continue
            if held is not None and now - held <= policy.grace:
                tally["within grace"] += 1
                continue
            row: tuple[str, str, IdleKind, timedelta | None]
            if last is not None:
                row = (user.id, clinic.id, IdleKind.DORMANT, now - last)
            elif held is not None:
                row = (user.id, clinic.id, IdleKind.NEVER_ACTIVE, now - held)
            else:
                row = (user.id, clinic.id, IdleKind.UNKNOWN, None)
            tally[row[2].value] += 1
            rows.append(row)
    return rows, tally


def _idle_rows(report: IdleReport) -> list[tuple[str, str, IdleKind, timedelta | None]]:
    return [(idle.user_id, idle.clinic_id, idle.kind, idle.idle_for) for idle in report.users]


def _deactivated(org: Organization, user_ids: set[str]) -> Organization:
    """``org`` with the users ``user_ids`` inactive: built here, not by the library's helper."""
    inactive = UserStatus.INACTIVE
    return attrs.evolve(
        org,
        clinics=[
            attrs.evolve(
                clinic,
                users=[
                    attrs.evolve(user, status=inactive) if user.id in user_ids else user
                    for user in clinic.users
                ],
            )
            if any(user.id in user_ids for user in clinic.users)
            else clinic
            for clinic in org.clinics
        ],
    )


def anew(org: Organization) -> Organization:
    """An organization equal to ``org`` of new clinics, holding the same users.

    Nothing that a computation kept on ``org`` or its clinics (each clinic's digest) is on it: a
    health check of it is a first check, as after reading an organization from its source.
    """
    return attrs.evolve(org, clinics=[attrs.evolve(clinic) for clinic in org.clinics])


def health_parts(org: Organization, inputs: HealthInputs, notes: list[str]) -> dict[str, Call]:
    """The steps of `licensing.health_check` that no other measurement times, each as a call.

    Its usage and idle report are ``usage(org)`` and ``find_idle(org)``, timed beside it. Its
    digest is the public `licensing.digest.digest`, timed on ``org`` (each clinic's digest kept
    from the warm-up, as in a repeated check) and on `anew` of it (a first check). The other
    steps mirror this version of `licensing.health.health_check`, through its private helpers,
    each from the results of the steps before it, computed here once: the proposal from the
    usage counted (`licensing.removals.Proposer`, made anew as each check makes one), the
    proposal after deactivation and the alerts. When the library's steps change, the mirrored
    ones are left out with a note in ``notes`` instead of failing the run.
    """
    policy, prices, now = inputs.policy, inputs.prices, inputs.now
    counted = usage(org)
    chosen = find_idle(org, now=now, policy=inputs.inactivity).at_least(inputs.min_confidence)

    def fresh_inputs() -> HealthInputs:
        return attrs.evolve(inputs, organization=anew(org))

    calls: dict[str, Call] = {
        f"{PART}digest, first check": Fresh(fresh_inputs, digest),
        f"{PART}digest, kept on the clinics": partial(digest, inputs),
    }
    try:
        from licensing.removals import Proposer  # noqa: PLC0415 - what health_check proposes with

        def removals_from_usage() -> RemovalProposal:
            proposer = Proposer(policy=policy, prices=prices, now=now)
            return proposer.proposal(
                line
                for clinic, clinic_counted in zip(org.clinics, counted.clinics, strict=True)
                for line in proposer.lines(clinic, clinic_counted)
            )

        proposer = Proposer(policy=policy, prices=prices, now=now)
        removals = proposer.proposal(
            line
            for clinic, clinic_counted in zip(org.clinics, counted.clinics, strict=True)
            for line in proposer.lines(clinic, clinic_counted)
        )
        after = health_module._after  # noqa: SLF001 - the step, on its own
        alerts = health_module._alerts  # noqa: SLF001
        mirrored: dict[str, Call] = {
            f"{PART}removals, from the usage": removals_from_usage,
            f"{PART}after_deactivation": partial(after, org, removals, chosen, proposer),
            f"{PART}alerts": partial(alerts, org, counted, removals, chosen, inputs),
        }
        for call in mirrored.values():
            assert not isinstance(call, Fresh)  # noqa: S101 - for the type checker
            call()
    except (ImportError, AttributeError, TypeError, ValueError) as error:
        notes.append(
            "health_check's private steps not timed apart: licensing.health changed "
            f"({type(error).__name__}: {error}); update health_parts in benchmarks/run.py"
        )
        return calls
    return calls | mirrored


def bench_scale(  # noqa: C901 - one scale's measurements and their checks, by group
    results: Results,
    org: Organization,
    scale: str,
    repeat: int,
    *,
    groups: frozenset[str] = frozenset(GROUPS),
    parts: bool = False,
) -> None:
    """Time the floor and the library's computations on ``org``, and check their results.

    Args:
        results: Where the timings, targets and checks go.
        org: The organization.
        scale: Its name in the tables.
        repeat: Repetitions per garbage-collector mode.
        groups: The groups of `GROUPS` to measure (the floor always is).
        parts: Whether to time the health check's parts too (on the platform).
    """
    policy, prices = synthetic.policy(), synthetic.prices()
    inactivity, now = InactivityPolicy(), synthetic.NOW

    def removals() -> RemovalProposal:
        return propose_removals(org, policy=policy, prices=prices, now=now)

    def idle() -> IdleReport:
        return find_idle(org, now=now)

    def check() -> HealthCheck:
        return health_check(org, now=now, policy=policy, prices=prices)

    zoned = synthetic.with_zones(org) if "propose_removals" in groups else org

    def zoned_removals() -> RemovalProposal:
        return propose_removals(zoned, policy=policy, prices=prices, now=now)

    calls: dict[str, Call] = {"floor": partial(floor, org)}
    if "usage" in groups:
        calls["usage(org)"] = partial(usage, org)
    if "propose_removals" in groups:
        calls["propose_removals(org)"] = removals
        calls["propose_removals(org), zoned calendars"] = zoned_removals
    if "find_idle" in groups:
        calls["find_idle(org)"] = idle
    inputs = HealthInputs(
        organization=org,
        policy=policy,
        inactivity=inactivity,
        prices=prices,
        now=now,
        min_confidence=Confidence.MEDIUM,
    )
    if "health_check" in groups:
        calls["health_check(org)"] = check
        calls["health_check(org), first check"] = Fresh(
            partial(anew, org),
            partial(health_check, now=now, policy=policy, prices=prices),
        )
        if parts:  # beside the calls it makes, so that every step is timed alike
            calls |= {"usage(org)": partial(usage, org), "find_idle(org)": idle}
            calls |= health_parts(org, inputs, results.notes)
    measure(results, scale, calls, repeat)
    for name, limit in (
        ("propose_removals(org), zoned calendars", 2.0),
        ("usage(org)", 1.5),
        ("propose_removals(org)", 2.0),
        ("find_idle(org)", 1.5),
        ("health_check(org)", 5.0),
        ("health_check(org), first check", 5.0),
    ):
        if name in calls:
            target(results, f"{name} <= {limit}x floor", name, "floor", scale=scale, limit=limit)

    results.checks[f"{scale}: the floor counts every active user"] = sum(
        floor(org).values()
    ) == sum(1 for clinic in org.clinics for user in clinic.users if user.active)
    shards = list(_shards(org, 3))
    if "usage" in groups:
        result, expected = usage(org), _direct_count(org)
        results.checks[f"{scale}: usage equals a direct count"] = all(
            pool.used == expected[clinic.clinic_id, pool.license_type]
            for clinic in result.clinics
            for pool in clinic.pools
        )
        results.checks[f"{scale}: combined shard usages equal the whole"] = (
            OrganizationUsage.combine(usage(shard) for shard in shards).totals == result.totals
            and sorted(
                OrganizationUsage.combine(usage(shard) for shard in shards).to_records(),
                key=lambda record: (str(record["clinic_id"]), str(record["license_type"])),
            )
            == sorted(
                result.to_records(),
                key=lambda record: (str(record["clinic_id"]), str(record["license_type"])),
            )
        )
    if "propose_removals" in groups:
        proposal = removals()
        results.checks[f"{scale}: removals never exceed available"] = all(
            line.remove <= line.available for line in proposal.lines
        ) and bool(proposal.lines)
        zoned_lines = zoned_removals().lines
        results.checks[f"{scale}: zoned calendars bill on their local day"] = bool(
            zoned_lines
        ) and all(
            line.next_billing is not None
            and line.next_billing.tzinfo is zoned.clinic(line.clinic_id).billing.zone  # type: ignore[union-attr]
            for line in zoned_lines
        )
        results.checks[f"{scale}: combined shard proposals equal the whole"] = (
            RemovalProposal.combine(
                propose_removals(shard, policy=policy, prices=prices, now=now) for shard in shards
            )
            == proposal
        )
    if "find_idle" in groups or "health_check" in groups:
        rows, tally = idle_by_rule(org, now, inactivity)
        results.idle[scale] = {"idle": len(rows), **tally}
        report = idle()
        results.checks[f"{scale}: find_idle flags exactly the users the rule names"] = (
            bool(rows) and _idle_rows(report) == rows
        )
    if "health_check" in groups:
        bench_health(results, scale, inputs, check(), check(), parts=parts)


def bench_health(
    results: Results,
    scale: str,
    inputs: HealthInputs,
    first: HealthCheck,
    second: HealthCheck,
    *,
    parts: bool,
) -> None:
    """Check two health checks of ``inputs`` against the calls they stand for."""
    org, policy, prices, now = inputs.organization, inputs.policy, inputs.prices, inputs.now
    removals = propose_removals(org, policy=policy, prices=prices, now=now)
    idle = find_idle(org, now=now, policy=inputs.inactivity)
    results.checks[f"{scale}: health_check's usage, removals and idle are the calls'"] = (
        first.usage == usage(org) and first.removals == removals and first.idle == idle
    )
    results.checks[f"{scale}: health_check's digest is the same on two calls"] = (
        first.digest == second.digest == digest(inputs) and first == second
    )
    chosen = {user.user_id for user in first.to_deactivate}
    after = propose_removals(_deactivated(org, chosen), policy=policy, prices=prices, now=now)
    results.checks[f"{scale}: after_deactivation is the proposal with the idle deactivated"] = (
        bool(chosen) and first.after_deactivation == after
    )
    if parts:
        steps = health_parts(org, inputs, [])
        expected = {
            "digest, first check": first.digest,
            "digest, kept on the clinics": first.digest,
            "removals, from the usage": first.removals,
            "after_deactivation": first.after_deactivation,
            "alerts": first.alerts,
        }
        results.checks[f"{scale}: the health check's steps give its own results"] = all(
            _warm_up(call)[0] == expected[name.removeprefix(PART)] for name, call in steps.items()
        )
    fresh = anew(org)
    results.checks[f"{scale}: a first check of an equal organization is the same check"] = (
        health_check(fresh, now=now, policy=policy, prices=prices) == first
        and fresh == org
        and fresh.clinics[0] is not org.clinics[0]
    )


def bench_validation(results: Results, org: Organization, scale: str, repeat: int) -> None:
    """Time `validate_request` on ``org`` and on the two clinics the request involves."""
    request, small = synthetic.request_for(org)
    measure(
        results,
        scale,
        {
            "validate_request: whole": partial(validate_request, request, org),
            "validate_request: two clinics": partial(validate_request, request, small),
        },
        repeat,
    )
    target(
        results,
        "validate_request on the whole <= 2x on two clinics",
        "validate_request: whole",
        "validate_request: two clinics",
        scale=scale,
        limit=2.0,
    )
    whole, part = validate_request(request, org), validate_request(request, small)
    results.checks[f"{scale}: the request is valid, with the same report on both"] = (
        whole.ok and whole == part
    )


def _rivals(*, wanted: bool) -> Any:  # noqa: ANN401 - the module, or None
    if not wanted:
        return None
    try:
        import rivals  # noqa: PLC0415 - optional: only with the bench extra
    except ImportError:
        return None
    return rivals


def _init_arguments(value: Any) -> dict[str, Any]:  # noqa: ANN401 - any attrs instance
    """The constructor arguments that build ``value`` again (its fields, by their aliases)."""
    return {f.alias: getattr(value, f.name) for f in attrs.fields(type(value)) if f.init}


def constructors_only(org: Organization) -> Callable[[], Organization]:
    """A call that builds ``org`` again from typed field values: the constructors, no JSON.

    Every object the converter builds from JSON is built here too, by the same constructors with
    the same validation, from values that are already of the right types. It is the least any
    structuring into these classes costs: what the converter adds is reading the JSON types.
    """
    plan = [
        (
            _init_arguments(clinic) | {"pools": (), "users": (), "billing": None},
            [_init_arguments(pool) for pool in clinic.pools],
            None if clinic.billing is None else _init_arguments(clinic.billing),
            [_init_arguments(user) for user in clinic.users],
        )
        for clinic in org.clinics
    ]
    top = _init_arguments(org) | {"clinics": ()}

    def build() -> Organization:
        clinics = [
            Clinic(
                **{
                    **fields,
                    "pools": [LicensePool(**pool) for pool in pools],
                    "users": [User(**user) for user in users],
                    "billing": None if billing is None else BillingCycle(**billing),
                }
            )
            for fields, pools, billing, users in plan
        ]
        return Organization(**{**top, "clinics": clinics})

    return build


def bench_json(
    results: Results,
    org: Organization,
    scale: str,
    repeat: int,
    *,
    rivals: Any,  # noqa: ANN401
) -> None:
    """Time structuring and unstructuring ``org``, beside msgspec and pydantic when present.

    The libraries take turns (see `measure`); while they unstructure, the values of all three are
    alive, so each pays the same collections of the same heap.
    """
    converter = make_converter()
    data = converter.unstructure(org)
    libraries = ("msgspec", "pydantic") if rivals is not None else ()
    structure: dict[str, Callable[[], object]] = {
        "structure: licensing": partial(converter.structure, data, Organization),
        "constructors only: licensing": constructors_only(org),
    }
    for library in libraries:
        structure[f"structure: {library}"] = partial(getattr(rivals, f"{library}_structure"), data)
    measure(
        results,
        scale,
        structure,
        repeat,
        checks={  # a lossless round trip; the same organization built again
            "structure: licensing": lambda value: value == org,
            "constructors only: licensing": lambda value: value == org,
        },
    )
    unstructure: dict[str, Callable[[], object]] = {
        "unstructure: licensing": partial(converter.unstructure, org)
    }
    for library in libraries:
        value = getattr(rivals, f"{library}_structure")(data)
        unstructure[f"unstructure: {library}"] = partial(
            getattr(rivals, f"{library}_unstructure"), value
        )
    measure(
        results,
        scale,
        unstructure,
        repeat,
        checks={"unstructure: licensing": lambda again: again == data},
    )
    del unstructure
    if rivals is None:
        results.notes.append("msgspec and pydantic not measured (no `bench` extra, or --no-rivals)")
    if "msgspec" in libraries:
        built = results.timing("constructors only: licensing", scale)
        fastest = results.timing("structure: msgspec", scale)
        ratios = (f"{built.median(mode) / fastest.median(mode):.2f}x ({mode})" for mode in _MODES)
        results.notes.append(
            "the constructors alone (no JSON) take "
            + " and ".join(ratios)
            + " the time of msgspec's whole structuring"
        )
    for library in libraries:
        for way in ("structure", "unstructure"):
            mine, theirs = f"{way}: licensing", f"{way}: {library}"
            if library == "msgspec":
                target(results, f"{way} <= 1.5x msgspec", mine, theirs, scale=scale, limit=1.5)
            else:
                target(results, f"{way} faster than pydantic", mine, theirs, scale=scale, limit=1.0)


def check_rivals(results: Results, org: Organization, scale: str, *, rivals: Any) -> None:  # noqa: ANN401
    """Check that msgspec and pydantic read ``org``'s data into the same organization.

    Each rival structures the data and unstructures its value; the strict converter then reads
    that back (through JSON text: msgspec writes tuples, which it refuses as lists) into an
    organization equal to ``org``. Done on the chain, where it is cheap.
    """
    converter = make_converter()
    data = converter.unstructure(org)
    for library in ("msgspec", "pydantic"):
        value = getattr(rivals, f"{library}_structure")(data)
        again = json.loads(json.dumps(getattr(rivals, f"{library}_unstructure")(value)))
        results.checks[f"{scale}: {library} reads and writes the same organization"] = (
            converter.structure(again, Organization) == org
        )


# --- memory and import time -------------------------------------------------------------------


def user_graph_bytes(org: Organization) -> float:
    """Bytes per user of the users' own object graphs, each object counted once.

    A user's graph: the `User` itself, its id and name, its ``last_active_at`` and
    ``licensed_since``, its ``permissions`` and ``clinic_access`` frozensets and the clinic ids in
    them. Objects shared
    between users (the one empty frozenset, a clinic id string the organization also holds) count
    once in total; enum members, ``None`` and booleans belong to no user and are left out.
    """
    seen: set[int] = set()
    total = 0
    count = 0
    for clinic in org.clinics:
        for user in clinic.users:
            count += 1
            parts: list[object] = [user, user.id, user.name, user.permissions, user.clinic_access]
            parts.extend(user.clinic_access)
            parts.extend(
                moment
                for moment in (user.last_active_at, user.licensed_since)
                if moment is not None
            )
            for part in parts:
                if id(part) not in seen:
                    seen.add(id(part))
                    total += sys.getsizeof(part)
    return total / count


def retained_bytes(text: str, structure: Callable[[object], object], users: int) -> float:
    """Bytes per user of what ``structure(json.loads(text))`` keeps allocated (tracemalloc).

    Everything the organization holds is counted, its strings included (they come from the
    JSON text, as in a service), and the parsed JSON-ready data is freed before measuring.
    """
    gc.collect()
    tracemalloc.start()
    try:
        data = json.loads(text)
        value = structure(data)
        del data
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del value
    return retained / users


def bench_memory(
    results: Results,
    org: Organization,
    sample: Organization,
    *,
    rivals: Any,  # noqa: ANN401
) -> None:
    """Measure bytes per user: users built in Python on ``org``, read from JSON on ``sample``.

    The users' own graphs do not depend on the organization's size; tracemalloc, which slows
    everything down, runs on the smaller ``sample`` (the chain).
    """
    converter = make_converter()
    results.memory["User graph, built in Python"] = user_graph_bytes(org)
    # Through JSON text, as a service reads it: every string is the user's own.
    text = json.dumps(converter.unstructure(sample))
    structured = converter.structure(json.loads(text), Organization)
    results.memory["User graph, structured from JSON"] = user_graph_bytes(structured)
    del structured
    users = sum(len(clinic.users) for clinic in sample.clinics)
    results.memory["whole organization from JSON: licensing"] = retained_bytes(
        text, partial(converter.structure, cl=Organization), users
    )
    if rivals is not None:
        for library in ("msgspec", "pydantic"):
            structure: Callable[[object], object] = getattr(rivals, f"{library}_structure")
            results.memory[f"whole organization from JSON: {library}"] = retained_bytes(
                text, structure, users
            )
    results.checks["memory: the users' graphs were measured"] = all(
        value > 0 for value in results.memory.values()
    )


def import_seconds(statement: str, runs: int) -> list[float]:
    """Time ``statement`` (an import) in ``runs`` fresh interpreters, after one to warm caches.

    The interpreters may write bytecode caches (``PYTHONDONTWRITEBYTECODE`` is dropped from their
    environment), and the warm-up run writes them: pip compiles attrs and cattrs when it installs
    them, but an editable install of this project is compiled only when imported, and without
    this every run would compile `licensing` from source.
    """
    code = (
        f"import time; start = time.perf_counter(); {statement}; print(time.perf_counter() - start)"
    )
    command = [sys.executable, "-c", code]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, capture_output=True, env=env)  # noqa: S603 - our own interpreter
    return [
        float(subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout)  # noqa: S603
        for _ in range(runs)
    ]


def bench_import(results: Results, runs: int) -> None:
    """Time ``import licensing`` against ``import attrs, cattrs``, alternating."""
    mine: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        mine += import_seconds("import licensing", 1)
        base += import_seconds("import attrs, cattrs", 1)
    results.imports = {
        "import licensing": statistics.median(mine),
        "import attrs, cattrs": statistics.median(base),
        "ratio": statistics.median(mine) / statistics.median(base),
    }
    results.checks["import: licensing imports in a fresh interpreter"] = len(mine) == runs


# --- report -----------------------------------------------------------------------------------


def _seconds(value: float) -> str:
    if abs(value) >= 1:
        return f"{value:.3f} s"
    if abs(value) >= 1e-3:
        return f"{value * 1e3:.2f} ms"
    return f"{value * 1e6:.1f} µs"


def _source() -> str:
    """The code measured: the commit, and the SHA-256 of the package's modules as they are.

    The second tells apart runs of uncommitted code, which the commit alone does not.
    """
    package = Path(licensing.__file__).parent
    hasher = hashlib.sha256()
    for module in sorted(package.glob("*.py")):
        hasher.update(module.name.encode() + b"\0" + module.read_bytes())
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git on the PATH
            check=True,
            capture_output=True,
            text=True,
            cwd=package,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "no git"
    return f"commit {commit}, modules sha256 {hasher.hexdigest()[:12]}"


def machine() -> dict[str, str]:
    """Describe the machine: processor, cores, Python and the libraries' versions."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for name in ("attrs", "cattrs", "msgspec", "pydantic"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "licensing source": _source(),
        "python": sys.version.replace("\n", " "),
        "platform": platform.platform(),
        **versions,
        # Other work on the machine slows every timing; alternation keeps the ratios fair.
        "load average at start": " ".join(f"{load:.1f}" for load in os.getloadavg()),
    }


def _idle_table(results: Results) -> list[str]:
    """The idle users of the data, by the benchmark's own rule, per scale."""
    if not results.idle:
        return []
    columns = ("candidates", "idle", *(kind.value for kind in IdleKind), "within grace")
    lines = [
        "",
        "| idle users (default policy) | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    lines += [
        f"| {scale} | " + " | ".join(f"{tally.get(c, 0):,}" for c in columns) + " |"
        for scale, tally in results.idle.items()
    ]
    return lines


def _parts_table(results: Results) -> list[str]:
    """Where `health_check`'s time goes: its steps, timed beside it, as shares of it."""
    parts = {t.name.removeprefix(PART): t for t in results.timings if t.name.startswith(PART)}
    if not parts:
        return []
    scale = next(iter(parts.values())).scale
    wholes = {
        "first": results.timing("health_check(org), first check", scale),
        "repeated": results.timing("health_check(org)", scale),
    }
    own = {"first": "digest, first check", "repeated": "digest, kept on the clinics"}
    rows = [(name, results.timing(name, scale)) for name in ("usage(org)", "find_idle(org)")]
    rows += sorted(parts.items(), key=lambda item: item[0].startswith("digest"))

    def share(seconds: dict[str, float], check: str) -> str:
        return " / ".join(f"{seconds[m] / wholes[check].median(m):.0%}" for m in _MODES)

    lines = [
        "",
        (
            f"| health_check(org) at {scale}: step | GC on | GC off "
            "| share of a first check (on / off) | share of a repeated check (on / off) |"
        ),
        "|---|---:|---:|---|---|",
    ]
    spent = {check: dict.fromkeys(_MODES, 0.0) for check in wholes}
    for name, timing in rows:
        seconds = {mode: timing.median(mode) for mode in _MODES}
        cells = []
        for check in wholes:
            if name.startswith("digest") and name != own[check]:
                cells.append("-")
                continue
            cells.append(share(seconds, check))
            for mode in _MODES:
                spent[check][mode] += seconds[mode]
        lines.append(
            f"| {name} | {_seconds(seconds['gc on'])} | {_seconds(seconds['gc off'])} | "
            + " | ".join(cells)
            + " |"
        )
    for check, whole in wholes.items():
        rest = {mode: whole.median(mode) - spent[check][mode] for mode in _MODES}
        cells = [share(rest, check) if other == check else "-" for other in wholes]
        lines.append(
            f"| the rest of a {check} check (arguments, the result, collections) | "
            f"{_seconds(rest['gc on'])} | {_seconds(rest['gc off'])} | " + " | ".join(cells) + " |"
        )
    for check, whole in wholes.items():
        cells = ["100% / 100%" if other == check else "-" for other in wholes]
        lines.append(
            f"| {whole.name} | {_seconds(whole.median('gc on'))} | "
            f"{_seconds(whole.median('gc off'))} | " + " | ".join(cells) + " |"
        )
    return lines


def report(results: Results) -> str:
    """Render the results as Markdown tables."""
    lines = [
        f"Command: `{results.command}`",
        "",
        "Machine: " + "; ".join(f"{key} {value}" for key, value in results.machine.items()),
        "",
        "| measurement | scale | GC on (median) | GC off (median) | calls per repetition |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [
        f"| {t.name} | {t.scale} | {_seconds(t.median('gc on'))} | "
        f"{_seconds(t.median('gc off'))} | {t.number} |"
        for t in results.timings
    ]
    lines += [
        "",
        "| target | scale | ratio, GC on | ratio, GC off | met (on / off) |",
        "|---|---|---:|---:|---|",
    ]
    lines += [
        f"| {t.name} | {t.scale} | {t.ratios['gc on']:.2f} | {t.ratios['gc off']:.2f} | "
        f"{'yes' if t.met('gc on') else 'no'} / {'yes' if t.met('gc off') else 'no'} |"
        for t in results.targets
    ]
    lines += _idle_table(results) + _parts_table(results)
    if results.memory:
        lines += ["", "| memory | bytes per user |", "|---|---:|"]
        lines += [f"| {name} | {value:.0f} |" for name, value in results.memory.items()]
        lines += [f"| target for a User | {USER_BYTES_TARGET} |"]
    if results.imports:
        imports = results.imports
        lines += [
            "",
            "| import (fresh interpreter, median) | time |",
            "|---|---:|",
            f"| import licensing | {_seconds(imports['import licensing'])} |",
            f"| import attrs, cattrs | {_seconds(imports['import attrs, cattrs'])} |",
            f"| ratio (target <= 1.5) | {imports['ratio']:.2f} |",
        ]
    lines += [
        "",
        "Checks: "
        + ", ".join(f"{k}: {'ok' if v else 'FAILED'}" for k, v in results.checks.items()),
    ]
    lines += [f"Note: {note}" for note in results.notes]
    return "\n".join(lines)


def run(
    scale: str,
    repeat: int,
    *,
    rivals_wanted: bool,
    command: str,
    groups: frozenset[str] = frozenset(GROUPS),
) -> Results:
    """Build the organizations of ``scale`` and measure ``groups``; return the results."""
    results = Results(command=command, machine=machine())
    rivals = _rivals(wanted=rivals_wanted and "json" in groups)
    shapes = {"all": synthetic.FULL, "small": synthetic.SMALL}[scale]
    sample: Organization | None = None
    for shape in shapes:
        print(
            f"building {shape.name}: {shape.clinics} clinics, {shape.users} users", file=sys.stderr
        )
        org = synthetic.organization(shape)
        last = shape is shapes[-1]
        bench_scale(results, org, shape.name, repeat, groups=groups, parts=last)
        if shape is shapes[1]:
            sample = org  # the chain: small enough for tracemalloc and the rivals' checks
            if rivals is not None:
                check_rivals(results, org, shape.name, rivals=rivals)
        # Services structure small payloads far more often than a whole platform: every scale.
        if "json" in groups:
            bench_json(results, org, shape.name, repeat, rivals=rivals)
        if last and "validation" in groups:
            bench_validation(results, org, shape.name, repeat)
        if last and "memory" in groups:
            assert sample is not None  # noqa: S101 - the chain comes before the platform
            bench_memory(results, org, sample, rivals=rivals)
        del org
    if "import" in groups:
        bench_import(results, max(2 * repeat + 1, 5))
    results.machine["load average at end"] = " ".join(f"{load:.1f}" for load in os.getloadavg())
    return results


def _groups(text: str) -> frozenset[str]:
    """The groups ``--only`` names, comma-separated."""
    names = frozenset(name.strip() for name in text.split(",") if name.strip())
    unknown = sorted(names - set(GROUPS))
    if unknown or not names:
        msg = f"expected some of {', '.join(GROUPS)}; got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return names


def main(argv: Sequence[str] | None = None) -> Results:
    """Run the benchmark from the command line; return the results.

    Raises:
        SystemExit: With status 1 when a check of the results fails.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", choices=("all", "small"), default="all")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per measurement")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--no-rivals", action="store_true", help="leave msgspec and pydantic out")
    parser.add_argument(
        "--only",
        type=_groups,
        default=frozenset(GROUPS),
        help="measure the floor and only these groups, comma-separated: " + ", ".join(GROUPS),
    )
    args = parser.parse_args(argv)
    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    results = run(
        args.scale,
        max(1, args.repeat),
        rivals_wanted=not args.no_rivals,
        command=command.strip(),
        groups=args.only,
    )
    print(report(results))
    if args.json is not None:
        args.json.write_text(json.dumps(asdict(results), indent=2) + "\n", encoding="utf-8")
    if not all(results.checks.values()):
        raise SystemExit(1)
    return results


if __name__ == "__main__":
    main()
