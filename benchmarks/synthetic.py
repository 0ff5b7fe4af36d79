"""Deterministic synthetic organizations for the benchmarks, at the issue's three scales.

Every organization is a pure function of its `Shape` and seed: the same arguments build equal
organizations on any machine. The mix follows what a vendor's platform holds:

- about 85% of users active, about 1% system accounts (active, never counted);
- every user type (so every license type), Clerical and Biller about a third;
- about 10% of users with access to two or three clinics (a frozenset of one or two other clinic
  ids besides the home clinic), about 4% User Managers and 1% Admins;
- every clinic with a billing calendar (anchor days 1 to 31, so month ends are exercised);
- pools: most limited with a few spare licenses (something to release), about 6% over-assigned,
  about 4% of clinics with an unlimited Therapist contract, and empty pools that are not listed;
- the evidence of activity (`Evidence`), spread over the year before `NOW`: of the active users,
  about 89.8% were active within the last 90 days, 7.5% are dormant (last active 90 to 365 days
  ago), 0.5% came back within the last 30 days after months away (dormant-looking, within the
  default grace), 2% were never active (licensed 0 to 365 days ago: about 8% of them within
  the grace) and 0.2% have no evidence at all; inactive users have none either.

The evidence is drawn from a stream of its own, so every other field of every user is what it was
before ``licensed_since`` existed: the figures of `usage` and `propose_removals` stay comparable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Final
from zoneinfo import ZoneInfo

import attrs

from licensing import (
    AdjustmentKind,
    AdjustmentRequest,
    BillingCycle,
    Clinic,
    LicensePool,
    LicenseType,
    Organization,
    Permission,
    PriceList,
    Reason,
    RetentionPolicy,
    User,
    UserStatus,
    UserType,
    usage,
)

#: The moment every benchmark runs "at": nothing reads the clock.
NOW: Final = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SEED: Final = 20260310

# Relative weights of the user types: PTs dominate, students are few, a third are clerical.
_TYPE_WEIGHTS: Final = {
    UserType.PT: 24,
    UserType.OT: 8,
    UserType.SLP: 4,
    UserType.PTA: 14,
    UserType.COTA: 5,
    UserType.SLPA: 2,
    UserType.SPT: 4,
    UserType.SOT: 2,
    UserType.SSLP: 1,
    UserType.CLERICAL: 24,
    UserType.BILLER: 12,
}
_TYPES: Final = tuple(_TYPE_WEIGHTS)
_CUMULATIVE: Final = tuple(
    sum(tuple(_TYPE_WEIGHTS.values())[: i + 1]) for i in range(len(_TYPE_WEIGHTS))
)
_CHARGED: Final = tuple(t for t in LicenseType if t.charged)


@dataclass(frozen=True)
class Shape:
    """The size of a synthetic organization.

    Attributes:
        name: How the benchmark's table names it.
        clinics: How many clinics.
        users_per_clinic: How many users each clinic homes.
    """

    name: str
    clinics: int
    users_per_clinic: int

    @property
    def users(self) -> int:
        """The number of users in the whole organization."""
        return self.clinics * self.users_per_clinic


#: The issue's three scales: one clinic, a chain, the platform.
FULL: Final = (
    Shape("clinic", 1, 200),
    Shape("chain", 1_000, 40),
    Shape("platform", 25_000, 40),
)
#: The same three, small enough for the test suite.
SMALL: Final = (
    Shape("clinic", 1, 200),
    Shape("chain", 10, 40),
    Shape("platform", 25, 40),
)


def clinic_id(number: int) -> str:
    """Return the id of clinic ``number``."""
    return f"c{number:05d}"


def _user_type(rng: random.Random) -> UserType:
    draw = rng.randrange(_CUMULATIVE[-1])
    for user_type, bound in zip(_TYPES, _CUMULATIVE, strict=True):
        if draw < bound:
            return user_type
    raise AssertionError  # pragma: no cover - the last bound is the total


def _access(rng: random.Random, home: int, clinic_ids: tuple[str, ...]) -> frozenset[str]:
    """One or two clinics besides the home one, for about 10% of users; else none."""
    if rng.random() >= 0.10:
        return frozenset()
    count = len(clinic_ids)
    others = rng.choice((1, 2))
    if count > others:
        picks = {(home + rng.randrange(1, count)) % count for _ in range(others)}
        return frozenset(clinic_ids[n] for n in picks)
    # A one-clinic organization: access to sister clinics outside it grants nothing here.
    return frozenset(clinic_id(count + n) for n in range(others))


class Evidence(Enum):
    """What an active user's activity record shows at `NOW` (what `evidence` drew for it)."""

    RECENT = "active within the last 90 days"
    DORMANT = "last active 90 to 365 days ago"
    RETURNED = "licensed again within the last 30 days, last active 90 to 365 days ago"
    NEVER_ACTIVE = "no activity recorded, licensed 0 to 365 days ago"
    UNKNOWN = "neither an activity nor a date of licensing"


#: The share of active users of each kind of `Evidence` but `Evidence.RECENT` (the rest).
EVIDENCE_SHARES: Final = {
    Evidence.UNKNOWN: 0.002,
    Evidence.NEVER_ACTIVE: 0.02,
    Evidence.DORMANT: 0.075,
    Evidence.RETURNED: 0.005,
}
_MINUTES_PER_DAY: Final = 60 * 24
_YEAR: Final = 365 * _MINUTES_PER_DAY
_RECENT: Final = 90 * _MINUTES_PER_DAY  # the default threshold of `InactivityPolicy`
_GRACE: Final = 30 * _MINUTES_PER_DAY  # the default grace of `InactivityPolicy`
# The activity drawn from the main stream, as before `licensed_since`: 0 to 120 days ago.
_OLD_SPAN: Final = 120 * _MINUTES_PER_DAY


def _ago(minutes: int) -> datetime:
    return NOW - timedelta(minutes=minutes)


def _kind(draw: float) -> Evidence:
    for kind, share in EVIDENCE_SHARES.items():
        if draw < share:
            return kind
        draw -= share
    return Evidence.RECENT


def evidence(rng: random.Random, recent: int) -> tuple[datetime | None, datetime | None]:
    """Draw an active user's evidence: its ``last_active_at`` and ``licensed_since``.

    Args:
        rng: The stream of the evidence (not the organization's main stream).
        recent: A number of minutes in ``[0, 120 days)`` drawn from the main stream, as every
            active user's activity was before ``licensed_since``; a recent activity is that
            many minutes scaled to ``[0, 90 days)``.

    Returns:
        The last activity and the moment of licensing, each ``None`` when absent (the kind of
        `Evidence` drawn decides which). A license is held since before the last activity,
        except by a returning user.
    """
    kind = _kind(rng.random())
    if kind is Evidence.UNKNOWN:
        return None, None
    if kind is Evidence.NEVER_ACTIVE:
        return None, _ago(rng.randrange(_YEAR))
    if kind is Evidence.RETURNED:
        return _ago(rng.randrange(_RECENT + 1, _YEAR)), _ago(rng.randrange(_GRACE))
    idle = (
        recent * _RECENT // _OLD_SPAN
        if kind is Evidence.RECENT
        else rng.randrange(_RECENT + 1, _YEAR)
    )
    return _ago(idle), _ago(rng.randrange(idle, _YEAR))


def _user(
    rng: random.Random,
    evidence_rng: random.Random,
    number: int,
    home: int,
    clinic_ids: tuple[str, ...],
) -> User:
    user_type = _user_type(rng)
    roll = rng.random()
    system = roll < 0.01
    active = system or rng.random() < 0.85
    permissions = (
        frozenset({Permission.ADMIN})
        if 0.01 <= roll < 0.02
        else frozenset({Permission.USER_MANAGER})
        if 0.02 <= roll < 0.06
        else frozenset()
    )
    last_active = held = None
    if active:  # the main stream draws one number per active user, as it always did
        last_active, held = evidence(evidence_rng, rng.randrange(_OLD_SPAN))
    return User(
        id=f"u{number:07d}",
        name=f"{user_type.name.title()} {number}",
        user_type=user_type,
        status=UserStatus.ACTIVE if active else UserStatus.INACTIVE,
        permissions=permissions,
        clinic_access=_access(rng, home, clinic_ids),
        last_active_at=last_active,
        licensed_since=held,
        system=system,
    )


def _pools(rng: random.Random, users: list[User]) -> list[LicensePool]:
    used = dict.fromkeys(_CHARGED, 0)
    for user in users:
        if user.consumes_license and user.license_type.charged:
            used[user.license_type] += 1
    pools = []
    unlimited_therapists = rng.random() < 0.04
    for license_type in _CHARGED:
        if license_type is LicenseType.THERAPIST and unlimited_therapists:
            pools.append(LicensePool(license_type=license_type, unlimited=True))
            continue
        roll = rng.random()
        # Over-assigned (an import), exactly full, or a few spare licenses (the usual case).
        extra = -rng.randint(1, 2) if roll < 0.06 else 0 if roll < 0.2 else rng.randint(1, 6)
        purchased = max(0, used[license_type] + extra)
        if purchased or rng.random() < 0.5:  # an empty pool is often not listed at all
            pools.append(LicensePool(license_type=license_type, purchased=purchased))
    if rng.random() < 0.3:  # some exports list the implied Clerical pool
        pools.append(LicensePool.unlimited_of(LicenseType.CLERICAL))
    return pools


def organization(shape: Shape, seed: int = SEED) -> Organization:
    """Build the organization of ``shape``, deterministically from ``seed``.

    Args:
        shape: How many clinics and users per clinic.
        seed: The seed of the pseudo-random choices.

    Returns:
        A valid `Organization` with ``shape.clinics`` clinics of ``shape.users_per_clinic``
        users each, numbered in order.
    """
    rng = random.Random(f"{seed}-{shape.clinics}-{shape.users_per_clinic}")
    evidence_rng = random.Random(f"{seed}-{shape.clinics}-{shape.users_per_clinic}-evidence")
    clinic_ids = tuple(clinic_id(n) for n in range(shape.clinics))
    clinics = []
    number = 0
    for home, cid in enumerate(clinic_ids):
        users = []
        for _ in range(shape.users_per_clinic):
            users.append(_user(rng, evidence_rng, number, home, clinic_ids))
            number += 1
        clinics.append(
            Clinic(
                id=cid,
                name=f"Clinic {home}",
                pools=_pools(rng, users),
                users=users,
                # January has every day of the month: anchors on the 29th to 31st test month ends.
                billing=BillingCycle(anchor=datetime(2025, 1, 1 + home % 31, 9, tzinfo=UTC)),
            )
        )
    return Organization(id=f"org-{shape.name}", name=f"Synthetic {shape.name}", clinics=clinics)


#: The zones of the platform's clinics when their calendars are local (`with_zones`): the
#: continental United States, two without daylight saving.
ZONE_KEYS: Final = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "Pacific/Honolulu",
)


def with_zones(org: Organization) -> Organization:
    """``org`` with each clinic's calendar read in a zone of `ZONE_KEYS`, in turn.

    Each anchor stays the same instant; the zone makes the calendar follow its wall clock.
    """
    zones = [ZoneInfo(key) for key in ZONE_KEYS]
    return attrs.evolve(
        org,
        clinics=[
            attrs.evolve(clinic, billing=attrs.evolve(clinic.billing, zone=zones[n % len(zones)]))
            if clinic.billing is not None
            else clinic
            for n, clinic in enumerate(org.clinics)
        ],
    )


def policy() -> RetentionPolicy:
    """Keep one spare Assistant everywhere, and two Therapists in the first clinics."""
    return RetentionPolicy(
        keep={LicenseType.ASSISTANT: 1},
        clinic_keep={clinic_id(n): {LicenseType.THERAPIST: 2} for n in range(0, 100, 7)},
    )


def prices() -> PriceList:
    """A price for every charged license type."""
    return PriceList(
        prices={
            LicenseType.THERAPIST: Decimal("99.00"),
            LicenseType.ASSISTANT: Decimal("89.00"),
            LicenseType.STUDENT: Decimal("19.50"),
        }
    )


def request_for(org: Organization) -> tuple[AdjustmentRequest, Organization]:
    """A valid Remove request by a User Manager, and the organization of just the two clinics.

    The requester is homed in one clinic and manages another through ``clinic_access`` when the
    organization has one (else the request is for the home clinic). The small organization holds
    only the request's clinic and the requester's home clinic.

    Returns:
        The request and the small organization.
    """
    for clinic in org.clinics[len(org.clinics) // 2 :] + org.clinics:
        for user in clinic.users:
            if not user.consumes_license or not user.has_permission(Permission.USER_MANAGER):
                continue
            targets = [c for c in sorted(user.clinic_access) if org.has_clinic(c)]
            target = org.clinic(targets[0]) if targets else clinic
            removable = [(p.license_type, p.available) for p in usage(target).pools if p.available]
            if not removable:
                continue
            license_type, count = removable[0]
            request = AdjustmentRequest(
                clinic_id=target.id,
                requested_by=user.id,
                kind=AdjustmentKind.REMOVE,
                counts={license_type: count},
                reason=Reason.UNUSED_LICENSES,
                explanation="Two providers left in January and will not be replaced this year.",
                submitted_at=NOW,
            )
            homes = [clinic] if target is clinic else [clinic, target]
            return request, Organization(id=org.id, name=org.name, clinics=homes)
    msg = "no User Manager with a clinic to remove from"  # pragma: no cover
    raise LookupError(msg)  # pragma: no cover
