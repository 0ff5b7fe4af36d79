"""Scale-out by clinic: check an organization in shards across processes, then combine.

    python examples/scale_out.py [--clinics 2000] [--shards 8] [--workers 2]

Licenses are never pooled across clinics, so a clinic's usage and its removals depend on nothing
outside it. An organization too large for one process (or one machine) can therefore be split by
clinic, each shard read and checked on its own, and the parts combined:

- `OrganizationUsage.combine` merges the shards' usages: the clinics in the shards' order, the
  totals recomputed (it refuses a clinic that appears in two shards);
- `RemovalProposal.combine` merges the shards' proposals: every line, in removal order.

For any partition of the clinics, the combination equals the result on the whole organization;
this script checks it. The same two functions are the reduce step on a cluster engine: with Dask,
``dask.bag.from_sequence(shards).map(check_shard)`` then combine; with Spark, ``mapPartitions``.

Each worker reads its shard from JSON-ready data (what a service reads from one file or one
database query per shard), so parsing is parallel too and only the small results travel back.
User ids are unique within each shard's organization; across shards that is the export's job
(a shard cannot see the others). Nothing here reads the clock: "now" is fixed.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final

from licensing import (
    LicenseType,
    Organization,
    OrganizationUsage,
    PriceList,
    RemovalProposal,
    RetentionPolicy,
    make_converter,
    propose_removals,
    usage,
)

NOW: Final = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
POLICY: Final = RetentionPolicy(keep={LicenseType.ASSISTANT: 1})
PRICES: Final = PriceList(
    prices={
        LicenseType.THERAPIST: Decimal("99.00"),
        LicenseType.ASSISTANT: Decimal("89.00"),
        LicenseType.STUDENT: Decimal("19.50"),
    }
)
_USER_TYPES: Final = ("pt", "pta", "ot", "clerical", "spt", "cota", "biller", "slp")
_CHARGED: Final = {
    "pt": "therapist",
    "ot": "therapist",
    "slp": "therapist",
    "pta": "assistant",
    "cota": "assistant",
    "spt": "student",
}

#: JSON-ready data, as `make_converter().unstructure` writes it and a service reads it.
Data = dict[str, Any]


def export(clinics: int) -> list[Data]:
    """Return a deterministic export of ``clinics`` clinics of 12 users each, as JSON-ready data.

    Every fifth user is inactive (their license stays purchased: something to release), and each
    clinic bought two licenses more of each charged type than it uses.
    """
    result = []
    for number in range(clinics):
        users = [
            {
                "id": f"u{number}-{n}",
                "name": f"User {number}-{n}",
                "user_type": _USER_TYPES[(number + n) % len(_USER_TYPES)],
                "status": "inactive" if n % 5 == 4 else "active",
            }
            for n in range(12)
        ]
        used = {"therapist": 0, "assistant": 0, "student": 0}
        for user in users:
            license_type = _CHARGED.get(str(user["user_type"]))
            if license_type is not None and user["status"] == "active":
                used[license_type] += 1
        result.append(
            {
                "id": f"c{number:05d}",
                "name": f"Clinic {number}",
                "pools": [
                    {"license_type": license_type, "purchased": count + 2}
                    for license_type, count in used.items()
                ],
                "users": users,
                "billing": {"anchor": f"2025-01-{1 + number % 28:02d}T09:00:00+00:00"},
            }
        )
    return result


def shard(clinics: Sequence[Data], shards: int) -> list[list[Data]]:
    """Split the clinics into at most ``shards`` contiguous runs (at least one), in order."""
    if not clinics:
        return [[]]
    size = -(-len(clinics) // shards)  # ceiling division
    return [list(clinics[start : start + size]) for start in range(0, len(clinics), size)]


def check_shard(clinics: list[Data]) -> tuple[OrganizationUsage, RemovalProposal]:
    """Read one shard and check it: its usage and its removal proposal (runs in a worker)."""
    converter = make_converter()
    part = converter.structure({"id": "acme", "name": "Acme PT", "clinics": clinics}, Organization)
    return usage(part), propose_removals(part, policy=POLICY, prices=PRICES, now=NOW)


def check_in_shards(
    clinics: Sequence[Data], shards: int, workers: int
) -> tuple[OrganizationUsage, RemovalProposal]:
    """Check every shard in a process pool, and combine the parts."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(check_shard, shard(clinics, shards)))
    return (
        OrganizationUsage.combine(part_usage for part_usage, _ in parts),
        RemovalProposal.combine(proposal for _, proposal in parts),
    )


def main(argv: Sequence[str] | None = None) -> tuple[OrganizationUsage, RemovalProposal]:
    """Check the export in shards, compare with the whole, print a summary; return the parts.

    Raises:
        SystemExit: With status 1 if the combination differs from the whole (it never should).
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clinics", type=int, default=2000)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    clinics = export(args.clinics)
    combined_usage, combined_proposal = check_in_shards(clinics, args.shards, args.workers)
    whole_usage, whole_proposal = check_shard(clinics)

    users = sum(len(clinic["users"]) for clinic in clinics)
    print(f"{args.clinics} clinics, {users} users, in {args.shards} shards on {args.workers}")
    for total in combined_usage.totals:
        purchased = "unlimited" if total.purchased is None else total.purchased
        print(f"  {total.license_type.value:<10} purchased {purchased:>9}  used {total.used:>7}")
    print(
        f"  {len(combined_proposal.lines)} removals save "
        f"{combined_proposal.total_saving_per_cycle} {combined_proposal.currency} per cycle"
    )
    same = combined_usage == whole_usage and combined_proposal == whole_proposal
    print("combined shards equal the whole organization:", same)
    if not same:
        raise SystemExit(1)
    return combined_usage, combined_proposal


if __name__ == "__main__":
    main()
