"""The benchmark of `licensing` at platform scale, with its targets, in one reproducible command.

    python benchmarks/run.py                 # the three scales; about 15 minutes on 2 cores
    python benchmarks/run.py --scale small   # the same measurements on tiny organizations
    python benchmarks/run.py --repeat 7 --json results.json

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
- at every scale: structuring the organization from its JSON-ready form with ``make_converter()``
  and unstructuring it, beside msgspec and pydantic doing the same into equivalent classes
  (`rivals`);
- on the platform: ``validate_request`` against the platform and against an organization of just
  the two clinics the request involves;
- memory per `licensing.User` and the time of ``import licensing`` in a fresh interpreter.

It prints Markdown tables (figures, then the targets as ratios measured in the same run) and, with
``--json``, writes every figure. It also checks the results it times (usage against a direct
count, combined shards against the whole, round trips, the same report on both organizations)
and exits with status 1 if any check fails. Timings are never checked: they depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
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
from functools import partial
from pathlib import Path
from typing import Any, Final

import attrs
import synthetic

from licensing import (
    BillingCycle,
    Clinic,
    LicensePool,
    LicenseType,
    Organization,
    OrganizationUsage,
    RemovalProposal,
    User,
    UserStatus,
    make_converter,
    propose_removals,
    usage,
    validate_request,
)

#: How long one repetition of a fast call should last at least: the call is repeated within it.
MIN_REPETITION: Final = 0.05
#: The issue's target for memory per user, in bytes.
USER_BYTES_TARGET: Final = 520
_ACTIVE: Final = UserStatus.ACTIVE
_MODES: Final = ("gc on", "gc off")


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
    checks: dict[str, bool] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def timing(self, name: str, scale: str) -> Timing:
        """Return the timing ``name`` at ``scale``."""
        for timing in self.timings:
            if (timing.name, timing.scale) == (name, scale):
                return timing
        raise LookupError((name, scale))


# --- timing -----------------------------------------------------------------------------------


def _once(call: Callable[[], object], number: int, *, collect: bool) -> float:
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


def measure(
    results: Results,
    scale: str,
    calls: Mapping[str, Callable[[], object]],
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
    recorded in `Results.checks`); the result is freed before the repetitions.
    """
    timings = {}
    for name, call in calls.items():
        gc.collect()
        start = time.perf_counter()
        result = call()
        warm = time.perf_counter() - start
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


def bench_scale(results: Results, org: Organization, scale: str, repeat: int) -> None:
    """Time the floor, usage and the removal proposal on ``org``, and check their results."""
    policy, prices = synthetic.policy(), synthetic.prices()

    def removals() -> RemovalProposal:
        return propose_removals(org, policy=policy, prices=prices, now=synthetic.NOW)

    zoned = synthetic.with_zones(org)

    def zoned_removals() -> RemovalProposal:
        return propose_removals(zoned, policy=policy, prices=prices, now=synthetic.NOW)

    calls: dict[str, Callable[[], object]] = {
        "floor": partial(floor, org),
        "usage(org)": partial(usage, org),
        "propose_removals(org)": removals,
        "propose_removals(org), zoned calendars": zoned_removals,
    }
    measure(results, scale, calls, repeat)
    target(
        results,
        "propose_removals(org), zoned calendars <= 2.0x floor",
        "propose_removals(org), zoned calendars",
        "floor",
        scale=scale,
        limit=2.0,
    )
    target(results, "usage(org) <= 1.5x floor", "usage(org)", "floor", scale=scale, limit=1.5)
    target(
        results,
        "propose_removals(org) <= 2.0x floor",
        "propose_removals(org)",
        "floor",
        scale=scale,
        limit=2.0,
    )

    result, expected = usage(org), _direct_count(org)
    results.checks[f"{scale}: usage equals a direct count"] = all(
        pool.used == expected[clinic.clinic_id, pool.license_type]
        for clinic in result.clinics
        for pool in clinic.pools
    ) and sum(floor(org).values()) == sum(
        1 for clinic in org.clinics for user in clinic.users if user.active
    )
    proposal = removals()
    results.checks[f"{scale}: removals never exceed available"] = all(
        line.remove <= line.available for line in proposal.lines
    ) and bool(proposal.lines)
    zoned_lines = zoned_removals().lines
    results.checks[f"{scale}: zoned calendars bill on their local day"] = bool(zoned_lines) and all(
        line.next_billing is not None
        and line.next_billing.tzinfo is zoned.clinic(line.clinic_id).billing.zone  # type: ignore[union-attr]
        for line in zoned_lines
    )
    shards = list(_shards(org, 3))
    results.checks[f"{scale}: combined shard usages equal the whole"] = OrganizationUsage.combine(
        usage(shard) for shard in shards
    ).totals == result.totals and sorted(
        OrganizationUsage.combine(usage(shard) for shard in shards).to_records(),
        key=lambda record: (str(record["clinic_id"]), str(record["license_type"])),
    ) == sorted(
        result.to_records(),
        key=lambda record: (str(record["clinic_id"]), str(record["license_type"])),
    )
    results.checks[f"{scale}: combined shard proposals equal the whole"] = (
        RemovalProposal.combine(
            propose_removals(shard, policy=policy, prices=prices, now=synthetic.NOW)
            for shard in shards
        )
        == proposal
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

    A user's graph: the `User` itself, its id and name, its ``last_active_at``, its
    ``permissions`` and ``clinic_access`` frozensets and the clinic ids in them. Objects shared
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
            if user.last_active_at is not None:
                parts.append(user.last_active_at)
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
    if value >= 1:
        return f"{value:.3f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.2f} ms"
    return f"{value * 1e6:.1f} µs"


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
        "python": sys.version.replace("\n", " "),
        "platform": platform.platform(),
        **versions,
        # Other work on the machine slows every timing; alternation keeps the ratios fair.
        "load average at start": " ".join(f"{load:.1f}" for load in os.getloadavg()),
    }


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


def run(scale: str, repeat: int, *, rivals_wanted: bool, command: str) -> Results:
    """Build the organizations of ``scale`` and measure everything; return the results."""
    results = Results(command=command, machine=machine())
    rivals = _rivals(wanted=rivals_wanted)
    shapes = {"all": synthetic.FULL, "small": synthetic.SMALL}[scale]
    sample: Organization | None = None
    for shape in shapes:
        print(
            f"building {shape.name}: {shape.clinics} clinics, {shape.users} users", file=sys.stderr
        )
        org = synthetic.organization(shape)
        bench_scale(results, org, shape.name, repeat)
        if shape is shapes[1]:
            sample = org  # the chain: small enough for tracemalloc and the rivals' checks
            if rivals is not None:
                check_rivals(results, org, shape.name, rivals=rivals)
        # Services structure small payloads far more often than a whole platform: every scale.
        bench_json(results, org, shape.name, repeat, rivals=rivals)
        if shape is shapes[-1]:
            bench_validation(results, org, shape.name, repeat)
            assert sample is not None  # noqa: S101 - the chain comes before the platform
            bench_memory(results, org, sample, rivals=rivals)
        del org
    bench_import(results, max(2 * repeat + 1, 5))
    results.machine["load average at end"] = " ".join(f"{load:.1f}" for load in os.getloadavg())
    return results


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
    args = parser.parse_args(argv)
    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    results = run(
        args.scale, max(1, args.repeat), rivals_wanted=not args.no_rivals, command=command.strip()
    )
    print(report(results))
    if args.json is not None:
        args.json.write_text(json.dumps(asdict(results), indent=2) + "\n", encoding="utf-8")
    if not all(results.checks.values()):
        raise SystemExit(1)
    return results


if __name__ == "__main__":
    main()
