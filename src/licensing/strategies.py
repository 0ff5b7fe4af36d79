"""Hypothesis strategies for every public value type, for the project's tests and yours.

Install with the ``strategies`` extra (``pip install 'emr-licensing[strategies]'``). Every strategy
produces only valid objects, across the whole space the model allows: empty clinics, unlimited
pools, over-assigned pools, system users, users with access to other clinics, inactive users,
month-end billing anchors and far UTC offsets.

Hypothesis loads ``licensing._hypothesis`` through its entry point, so ``st.from_type`` works
for the public types without importing this module:

>>> from hypothesis import given, strategies as st
>>> import licensing
>>> @given(st.from_type(licensing.Clinic))
... def test_usage_is_never_negative(clinic):
...     assert all(pool.used >= 0 for pool in licensing.usage(clinic).pools)
>>> test_usage_is_never_negative()

Generated values are valid objects, but a generated request is rarely one its organization
accepts, and a generated user is rarely active just at the edge of a threshold. To test what
validation and processing do, draw cases built to reach each rule:
`validation_cases` (clean requests, requests with one chosen problem, with several),
`valid_requests` (requests that validate, ready for `licensing.apply_request`),
`late_removals` and `requests_by_anyone` (valid but for who submits them). Each is a
`ValidationCase`: the request, the organization and policy it is for, and the problem codes
`licensing.validate_request` reports for it. `adjustment_requests` given an organization also
mostly draws requests the organization accepts. To test `licensing.find_idle` and
`licensing.health_check`, draw `idle_scenarios`: an organization, a "now" and an
`licensing.InactivityPolicy`, with activity and licensing dates at, just before and just after
the thresholds and the grace (`moments_near` draws such moments around any "now").
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from types import MappingProxyType
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

import attrs

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as missing:  # pragma: no cover - the test suite runs with Hypothesis
    msg = (
        "licensing.strategies needs Hypothesis: install the package's `strategies` extra "
        "(pip install 'emr-licensing[strategies]')"
    )
    raise ImportError(msg, name=missing.name) from None

from licensing._text import is_blank
from licensing.billing import BillingCycle, PriceList
from licensing.bounds import (
    MAX_COUNT,
    MAX_CUTOFF,
    MAX_INACTIVITY,
    MAX_STORED_EXPLANATION_LENGTH,
    MAX_VALID_EXPLANATION_LENGTH,
    MIN_VALID_EXPLANATION_LENGTH,
)
from licensing.counting import ClinicUsage, OrganizationUsage, PoolUsage, clinic_usage, usage
from licensing.enums import (
    AdjustmentKind,
    Confidence,
    IdleKind,
    LicenseType,
    Permission,
    Reason,
    UserStatus,
    UserType,
)
from licensing.health import Alert, AlertCode, HealthCheck, health_check
from licensing.idle import IdleReport, IdleUser, InactivityPolicy, confidence_of, find_idle
from licensing.model import AdjustmentRequest, Clinic, LicensePool, Organization, User
from licensing.policy import RetentionPolicy
from licensing.removals import RemovalLine, RemovalProposal, propose_removals
from licensing.validation import Problem, ProblemCode, ValidationReport, validate_request

__all__ = [
    "IdleScenario",
    "ValidationCase",
    "adjustment_requests",
    "alerts",
    "aware_datetimes",
    "billing_cycles",
    "clinic_usages",
    "clinics",
    "counts",
    "explanations",
    "health_checks",
    "idle_reports",
    "idle_scenarios",
    "idle_users",
    "ids",
    "inactivity_policies",
    "late_removals",
    "license_pools",
    "moments_near",
    "names",
    "organization_usages",
    "organizations",
    "pool_usages",
    "price_lists",
    "prices",
    "problems",
    "removal_lines",
    "removal_proposals",
    "requests_by_anyone",
    "retention_policies",
    "users",
    "valid_requests",
    "validation_cases",
    "validation_reports",
]

_CHARGED: Final = tuple(t for t in LicenseType if t.charged)
_ID_ALPHABET: Final = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), max_codepoint=0x2FFF
)


def _seen(text: str) -> bool:
    """Whether a reader sees something of ``text`` (ids and names must show a character)."""
    return not is_blank(text)


def ids(*, max_size: int = 12) -> st.SearchStrategy[str]:
    """Ids: strings a reader can see, without control characters, mostly short ASCII, some Unicode.

    Some hold characters that render as nothing (zero-width spaces, variation selectors) beside
    visible ones, as real data can.
    """
    ascii_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)
    unicode_ids = st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=max_size).filter(_seen)
    return st.one_of(ascii_ids, unicode_ids)


def names() -> st.SearchStrategy[str]:
    """Names for people to read: non-blank, without control characters."""
    return st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=30).filter(_seen)


# Built once: building a strategy per draw (and Hypothesis analysing its filter) is the slow part.
_IDS: Final = ids()
_NAMES: Final = names()


def counts(*, max_value: int = 40) -> st.SearchStrategy[int]:
    """Counts of licenses: mostly small, sometimes 0 or the documented maximum."""
    return st.one_of(
        st.integers(min_value=0, max_value=max_value), st.sampled_from([0, 1, MAX_COUNT])
    )


def _offsets() -> st.SearchStrategy[timezone]:
    minutes = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59)
    return st.one_of(
        st.just(UTC),
        st.sampled_from([-14 * 60, -12 * 60, -5 * 60, 5 * 60 + 30, 14 * 60]).map(
            lambda m: timezone(timedelta(minutes=m))
        ),
        minutes.map(lambda m: timezone(timedelta(minutes=m))),
    )


def aware_datetimes(
    *,
    min_value: datetime = datetime(1990, 1, 1),  # noqa: DTZ001 - naive: a zone is drawn apart
    max_value: datetime = datetime(2200, 12, 31),  # noqa: DTZ001
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes with fixed UTC offsets up to ±23:59, between naive bounds."""
    # fold only matters to zones with transitions; these are fixed offsets, and JSON drops it.
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=_offsets()).map(
        lambda moment: moment.replace(fold=0)
    )


def billing_cycles(
    *, zones: st.SearchStrategy[ZoneInfo | None] | None = None
) -> st.SearchStrategy[BillingCycle]:
    """Billing cycles, often anchored on the 28th to 31st, with cutoffs from 0 to `MAX_CUTOFF`.

    Args:
        zones: Where the cycle's zone comes from. By default, half the cycles have none (the
            anchor's offset is the calendar) and half a zone of the zone database, drawn by
            Hypothesis' own `hypothesis.strategies.timezones` (which reads the database; this
            module does not).
    """
    month_end = st.builds(_clamp_day, aware_datetimes(), st.integers(min_value=28, max_value=31))
    cutoffs = st.one_of(
        st.just(timedelta(hours=24)),
        st.timedeltas(min_value=timedelta(0), max_value=MAX_CUTOFF),
    )
    return st.builds(
        BillingCycle,
        anchor=st.one_of(aware_datetimes(), month_end),
        cutoff=cutoffs,
        zone=zones if zones is not None else st.none() | st.timezones(),
    )


def _clamp_day(moment: datetime, day: int) -> datetime:
    """``moment`` moved to ``day`` of its month, or the month's last day."""
    while True:
        try:
            return moment.replace(day=day)
        except ValueError:
            day -= 1


def users(
    *,
    user_id: st.SearchStrategy[str] | None = None,
    other_clinic_ids: Sequence[str] = (),
) -> st.SearchStrategy[User]:
    """Users of every type and status, some system accounts, some with access elsewhere.

    Each may have a last activity and a date of licensing (`licensing.User.licensed_since`),
    drawn independently: either, both or neither.

    Args:
        user_id: Where the id comes from (default: `ids`).
        other_clinic_ids: Clinic ids the user may be given access to (never the home clinic's:
            leave it out of this list).
    """
    access = (
        st.frozensets(st.sampled_from(list(other_clinic_ids)), max_size=3)
        if other_clinic_ids
        else st.just(frozenset[str]())
    )
    return st.builds(
        User,
        id=user_id if user_id is not None else _IDS,
        name=_NAMES,
        user_type=st.sampled_from(UserType),
        status=st.sampled_from(UserStatus),
        permissions=st.frozensets(st.sampled_from(Permission)),
        clinic_access=access,
        last_active_at=st.none() | aware_datetimes(),
        licensed_since=st.none() | aware_datetimes(),
        system=st.booleans(),
    )


def license_pools(license_type: LicenseType | None = None) -> st.SearchStrategy[LicensePool]:
    """License pools: Clerical always unlimited, charged types limited or (sometimes) unlimited."""
    if license_type is None:
        return st.sampled_from(LicenseType).flatmap(license_pools)
    if not license_type.charged:
        return st.just(LicensePool(license_type=license_type, unlimited=True))
    return st.one_of(
        st.builds(LicensePool, license_type=st.just(license_type), purchased=counts()),
        st.just(LicensePool(license_type=license_type, unlimited=True)),
    )


# Built once: drawing from a prebuilt strategy is far cheaper than building one per draw.
_POOLS_BY_TYPE: Final = tuple((t, license_pools(t)) for t in LicenseType)
_POOL_CHOICE: Final = st.tuples(*(st.none() | pools for _, pools in _POOLS_BY_TYPE))


class _UserParts(NamedTuple):
    """Everything of a user but its id; ``access`` indexes the other clinics' ids."""

    name: str
    user_type: UserType
    status: UserStatus
    permissions: frozenset[Permission]
    access: frozenset[int]
    last_active_at: datetime | None
    licensed_since: datetime | None
    system: bool


_USER_PARTS: Final = st.builds(
    _UserParts,
    _NAMES,
    st.sampled_from(UserType),
    st.sampled_from(UserStatus),
    st.frozensets(st.sampled_from(Permission)),
    st.frozensets(st.integers(min_value=0, max_value=15), max_size=3),
    st.none() | aware_datetimes(),
    st.none() | aware_datetimes(),
    st.booleans(),
)
_CLINIC_PARTS: Final = st.tuples(_NAMES, _POOL_CHOICE, st.none() | billing_cycles())


def _user(user_id: str, parts: _UserParts, others: Sequence[str]) -> User:
    access = frozenset(others[i % len(others)] for i in parts.access) if others else frozenset()
    return User(
        id=user_id,
        name=parts.name,
        user_type=parts.user_type,
        status=parts.status,
        permissions=parts.permissions,
        clinic_access=access,
        last_active_at=parts.last_active_at,
        licensed_since=parts.licensed_since,
        system=parts.system,
    )


@st.composite
def _clinic(
    draw: st.DrawFn,
    clinic_id: str,
    user_ids: Sequence[str],
    other_clinic_ids: Sequence[str],
) -> Clinic:
    members = [_user(uid, draw(_USER_PARTS), other_clinic_ids) for uid in user_ids]
    name, pools, billing = draw(_CLINIC_PARTS)
    return Clinic(
        id=clinic_id,
        name=name,
        pools=draw(st.permutations([pool for pool in pools if pool is not None])),
        users=members,
        billing=billing,
    )


@st.composite
def clinics(
    draw: st.DrawFn,
    *,
    clinic_id: st.SearchStrategy[str] | None = None,
    max_users: int = 12,
    other_clinic_ids: Sequence[str] = (),
) -> Clinic:
    """Clinics with up to ``max_users`` users (possibly none) and any set of pools.

    Args:
        clinic_id: Where the id comes from (default: `ids`).
        max_users: The most users homed in the clinic.
        other_clinic_ids: Clinic ids users may be given access to.
    """
    own = draw(clinic_id if clinic_id is not None else _IDS)
    user_ids = draw(st.lists(_IDS, unique=True, max_size=max_users))
    others = list(other_clinic_ids) or draw(st.lists(_IDS, max_size=3))
    return draw(_clinic(own, user_ids, [c for c in others if c != own]))


@st.composite
def organizations(
    draw: st.DrawFn, *, min_clinics: int = 0, max_clinics: int = 4, max_users: int = 8
) -> Organization:
    """Organizations of up to ``max_clinics`` clinics with unique clinic and user ids.

    Users get access to other clinics of the organization (never their own).

    Args:
        min_clinics: The fewest clinics.
        max_clinics: The most clinics.
        max_users: The most users per clinic.
    """
    clinic_ids = draw(st.lists(_IDS, unique=True, min_size=min_clinics, max_size=max_clinics))
    all_user_ids = draw(st.lists(_IDS, unique=True, max_size=max_users * max(1, len(clinic_ids))))
    built = []
    for position, clinic_id in enumerate(clinic_ids):
        share = all_user_ids[position * max_users : (position + 1) * max_users]
        size = draw(st.integers(min_value=0, max_value=len(share)))
        others = [c for c in clinic_ids if c != clinic_id]
        built.append(draw(_clinic(clinic_id, share[:size], others)))
    return Organization(id=draw(_IDS), name=draw(_NAMES), clinics=built)


def prices() -> st.SearchStrategy[Decimal]:
    """Prices per license per cycle: exact Decimals with up to two places, 0 to 1,000."""
    return st.decimals(min_value=Decimal(0), max_value=Decimal(1000), places=2, allow_nan=False)


@st.composite
def price_lists(draw: st.DrawFn, *, complete: bool = False) -> PriceList:
    """Price lists for some (or, with ``complete``, all) charged types; Clerical at 0 at most."""
    types = list(_CHARGED) if complete else draw(st.lists(st.sampled_from(_CHARGED), unique=True))
    table = {t: draw(prices()) for t in types}
    if draw(st.booleans()):
        table[LicenseType.CLERICAL] = Decimal(0)
    return PriceList(prices=table, currency=draw(st.sampled_from(["USD", "EUR", "CAD"])))


def _keep_maps() -> st.SearchStrategy[dict[LicenseType, int]]:
    return st.dictionaries(
        st.sampled_from(LicenseType), st.integers(min_value=0, max_value=6), max_size=4
    )


@st.composite
def retention_policies(draw: st.DrawFn, *, clinic_ids: Sequence[str] = ()) -> RetentionPolicy:
    """Retention policies with default spares and overrides for some of ``clinic_ids``."""
    overrides = {}
    if clinic_ids:
        for clinic_id in draw(st.lists(st.sampled_from(list(clinic_ids)), unique=True)):
            overrides[clinic_id] = draw(_keep_maps())
    else:
        overrides = draw(st.dictionaries(_IDS, _keep_maps(), max_size=2))
    return RetentionPolicy(keep=draw(_keep_maps()), clinic_keep=overrides)


_MOMENTS: Final = aware_datetimes()
_OFFSETS: Final = _offsets()
#: About five draws in six: how often `adjustment_requests` draws a part to pass its rule.
_MOSTLY: Final = st.sampled_from((True, True, True, True, True, False))
_PERMITTED: Final = st.sampled_from(
    (
        frozenset({Permission.USER_MANAGER}),
        frozenset({Permission.ADMIN}),
        frozenset(Permission),
    )
)
_REAL_EXPLANATIONS: Final = st.one_of(
    st.text(
        alphabet=st.characters(codec="ascii", categories=("L", "N", "Zs")),
        min_size=MIN_VALID_EXPLANATION_LENGTH,
        max_size=200,
    ).filter(lambda text: sum(not c.isspace() for c in text) >= MIN_VALID_EXPLANATION_LENGTH),
    st.sampled_from(
        (
            "Two therapists left in May and will not be replaced.",
            "a" * MIN_VALID_EXPLANATION_LENGTH,
            "  " + "a" * MAX_VALID_EXPLANATION_LENGTH + "\n",
        )
    ),
)
_MISSING_EXPLANATIONS: Final = st.one_of(
    st.sampled_from((None, "", "   ", "\n\t ", "\u200b\u200b", "\u2800", "\u3164", "\ufe0f")),
    st.text(alphabet=" \t\n\u200b\u2060", max_size=20),
)
_SHORT_EXPLANATIONS: Final = st.builds(
    lambda before, text, after: before + text + after,
    st.sampled_from(("", " ", "\t", "\u200b")),
    st.text(
        alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?'-/",
        min_size=1,
        max_size=MIN_VALID_EXPLANATION_LENGTH - 1,
    ),
    st.sampled_from(("", " ", "\n", "\u200b")),
)


def _long_text(length: int, unit: str) -> str:
    """``unit`` repeated to ``length`` characters, the last a full stop: nothing to strip."""
    return (unit * (length // len(unit) + 1))[: length - 1] + "."


_LONG_EXPLANATIONS: Final = st.builds(
    _long_text,
    st.integers(
        min_value=MAX_VALID_EXPLANATION_LENGTH + 1, max_value=MAX_STORED_EXPLANATION_LENGTH
    ),
    st.sampled_from(("x", "Two therapists left in May. ")),
)


def explanations() -> st.SearchStrategy[str | None]:
    """Explanations of every kind: real ones, missing, blank, too short and too long."""
    return st.one_of(
        _REAL_EXPLANATIONS,
        _MISSING_EXPLANATIONS,
        _SHORT_EXPLANATIONS,
        _LONG_EXPLANATIONS,
        st.text(max_size=50),
    )


def _reasons(kind: AdjustmentKind, *, fits: bool) -> st.SearchStrategy[Reason]:
    """The reasons that fit ``kind`` (or, without ``fits``, those that do not)."""
    return st.sampled_from(tuple(reason for reason in Reason if (kind in reason.kinds) is fits))


def _fresh_id(draw: st.DrawFn, taken: Collection[str]) -> str:
    """An id that is none of ``taken``: a drawn one, primed until it is new."""
    candidate = draw(_IDS)
    while candidate in taken:
        candidate += "'"
    return candidate


def _user_ids(organization: Organization) -> set[str]:
    return {user.id for clinic in organization.clinics for user in clinic.users}


def _on_time(billing: BillingCycle, moment: datetime) -> datetime:
    """``moment``, or when a removal then would be late for its next billing, that one's cutoff."""
    billing_at = billing.next_billing(moment)
    if billing.is_on_time(moment, billing_at):
        return moment
    return billing.cutoff_of(billing_at)


def _may_submit(user: User, home: Clinic, clinic_id: str) -> bool:
    """Whether ``user``, homed in ``home``, is an active person who may submit for ``clinic_id``."""
    reaches = home.id == clinic_id or clinic_id in user.clinic_access
    person = user.active and not user.system
    return person and user.has_permission(Permission.USER_MANAGER) and reaches


def _room(clinic: Clinic, kind: AdjustmentKind, policy: RetentionPolicy) -> dict[LicenseType, int]:
    """The most of each charged type a request may add or remove without a problem.

    A removal keeps the policy's spare; an addition goes to a type with no license available and
    none over-assigned, up to `MAX_COUNT`. Types without room are left out.
    """
    room = {}
    for pool in clinic_usage(clinic).pools:
        if pool.purchased is None or pool.available is None or not pool.license_type.charged:
            continue
        if kind is AdjustmentKind.REMOVE:
            most = pool.available - policy.spare(clinic.id, pool.license_type)
        else:
            most = MAX_COUNT - pool.purchased if pool.purchased == pool.used else 0
        if most > 0:
            room[pool.license_type] = most
    return room


def _between(low: int, high: int) -> st.SearchStrategy[int]:
    """Integers from ``low`` to ``high``, the two ends often."""
    return st.one_of(st.sampled_from((low, high)), st.integers(min_value=low, max_value=high))


@st.composite
def _counts_within(draw: st.DrawFn, room: dict[LicenseType, int]) -> dict[LicenseType, int]:
    """Counts for one or more of the types of ``room``, each from 1 to its room."""
    chosen = draw(st.lists(st.sampled_from(sorted(room, key=_rank)), min_size=1, unique=True))
    return {
        t: draw(st.integers(min_value=1, max_value=min(room[t], 40)) | st.just(room[t]))
        for t in chosen
    }


def _rank(license_type: LicenseType) -> int:
    return license_type.rank


_ANY_COUNTS: Final = st.dictionaries(st.sampled_from(LicenseType), counts(max_value=25), max_size=4)


@st.composite
def adjustment_requests(
    draw: st.DrawFn,
    organization: Organization | None = None,
    *,
    policy: RetentionPolicy | None = None,
) -> AdjustmentRequest:
    """Adjustment requests, for ``organization`` mostly ones it accepts.

    Without an organization every part is drawn freely: well-typed, rarely valid together. With
    one, each part is drawn, about five times in six, to pass its rule: a clinic of the
    organization; a requester who may submit for it (an active person with User Manager or Admin
    permission, homed in it or given access to it) when the organization has one, else one of its
    users; counts within what the clinic can remove (keeping ``policy``'s spares) or add (to a
    type with none available); a reason that fits the kind; a real explanation; and, for a
    removal from a clinic with a billing calendar, a moment on time for its next billing.
    Otherwise the part is drawn freely, so unknown ids, zero, Clerical and excessive counts, blank
    explanations and late removals all occur, for validation to find. For requests built to
    reach each rule, whatever the organization, see `validation_cases`.

    Args:
        organization: The organization the requests are for; ``None`` for free requests.
        policy: The retention policy whose spares the removals mostly keep (default: none).
    """
    clinics_ = organization.clinics if organization is not None else ()
    own = draw(_MOSTLY) if clinics_ else False
    clinic = draw(st.sampled_from(clinics_)) if own else None
    clinic_id = clinic.id if clinic is not None else draw(_IDS)
    members = [(home, user) for home in clinics_ for user in home.users]
    managers = [u.id for home, u in members if _may_submit(u, home, clinic_id)]
    candidates = managers or [user.id for _, user in members]
    member = draw(_MOSTLY) if candidates else False
    requester = draw(st.sampled_from(candidates) if member else _IDS)
    kind = draw(st.sampled_from(AdjustmentKind))
    room = _room(clinic, kind, policy or RetentionPolicy()) if clinic is not None else {}
    within = draw(_MOSTLY) if room else False
    counts_ = draw(_counts_within(room) if within else _ANY_COUNTS)
    fits = draw(_MOSTLY) if organization is not None else False
    reason = draw(_reasons(kind, fits=True) if fits else st.sampled_from(Reason))
    real = draw(_MOSTLY) if organization is not None else False
    submitted_at = draw(_MOMENTS)
    billing = clinic.billing if clinic is not None else None
    if kind is AdjustmentKind.REMOVE and billing is not None and draw(_MOSTLY):
        submitted_at = _on_time(billing, submitted_at)
    return AdjustmentRequest(
        clinic_id=clinic_id,
        requested_by=requester,
        kind=kind,
        counts=counts_,
        reason=reason,
        explanation=draw(_REAL_EXPLANATIONS if real else explanations()),
        submitted_at=submitted_at,
    )


def clinic_usages() -> st.SearchStrategy[ClinicUsage]:
    """Usage of generated clinics."""
    return clinics().map(usage)


def organization_usages() -> st.SearchStrategy[OrganizationUsage]:
    """Usage of generated organizations."""
    return organizations().map(usage)


def pool_usages() -> st.SearchStrategy[PoolUsage]:
    """Usage of single pools, limited, unlimited and over-assigned."""
    return clinic_usages().flatmap(lambda found: st.sampled_from(found.pools))


def removal_proposals() -> st.SearchStrategy[RemovalProposal]:
    """Proposals for generated organizations, policies, prices and moments."""
    return st.builds(
        propose_removals,
        organizations(),
        policy=retention_policies(),
        prices=st.none() | price_lists(),
        now=st.none() | aware_datetimes(),
    )


def removal_lines() -> st.SearchStrategy[RemovalLine]:
    """Lines of generated proposals."""
    return removal_proposals().flatmap(
        lambda proposal: st.sampled_from(proposal.lines) if proposal.lines else st.nothing()
    )


# --- idle licenses and the health check ---------------------------------------------------------

_TICK: Final = timedelta(microseconds=1)
_DAY: Final = timedelta(days=1)
#: The durations of an inactivity policy: usual ones, the ends of the range, and any between.
_DURATIONS: Final = st.one_of(
    st.sampled_from((timedelta(days=30), timedelta(days=90), _TICK, MAX_INACTIVITY)),
    st.timedeltas(min_value=_TICK, max_value=MAX_INACTIVITY),
)
_THRESHOLD_MAPS: Final = st.none() | st.dictionaries(
    st.sampled_from(LicenseType), _DURATIONS, max_size=3
)
#: The evidence a user of an idle scenario carries: a last activity, a date of licensing, both
#: or neither. Half have no activity but a date of licensing: the never active users flagged at
#: low confidence are those licensed longer than the grace and at most the threshold, the rarest.
_EVIDENCE: Final = st.sampled_from(
    ((True, True), (True, False), (False, True), (False, True), (False, True), (False, False))
)
#: The longest idle time `idle_users` gives a user it builds: within the span that JSON carries
#: to the microsecond (`licensing.make_converter` writes a duration as a float of seconds).
_LONGEST_IDLE: Final = timedelta(days=200 * 365)


@st.composite
def inactivity_policies(draw: st.DrawFn, *, user_ids: Sequence[str] = ()) -> InactivityPolicy:
    """Inactivity policies: thresholds, overrides per license type, grace and exemptions.

    Every duration is from a microsecond to `licensing.MAX_INACTIVITY`, often 30 or 90 days or
    one of the two ends; the grace is as often longer than the threshold as shorter.

    Args:
        user_ids: The ids exemptions are drawn from (default: any ids).
    """
    exempt = (
        st.frozensets(st.sampled_from(list(user_ids)), max_size=3)
        if user_ids
        else st.frozensets(_IDS, max_size=3)
    )
    return InactivityPolicy(
        threshold=draw(_DURATIONS),
        thresholds=draw(_THRESHOLD_MAPS),
        grace=draw(_DURATIONS),
        exempt=draw(exempt),
    )


def moments_near(now: datetime, *, spans: Iterable[timedelta] = ()) -> st.SearchStrategy[datetime]:
    """Moments at and around ``now``, and at, just before and just after ``now`` minus each span.

    These are the edges of an inactivity rule: with a threshold as a span, ``now - threshold`` is
    a last activity exactly at the threshold (within it), a microsecond earlier one just over it.
    Each moment is one of: for each span ``s``, ``now - s`` or a microsecond either side of it
    (the first span's edges the most often); ``now`` itself; a microsecond after it; or any moment
    from three times the longest span (a day without spans) before ``now`` to that span after it.
    It is written in a drawn UTC offset (the same instant: the durations between moments are
    elapsed time, whatever their offsets). A moment beyond either end of the calendar is ``now``
    instead.

    Args:
        now: The moment the others are around; timezone-aware.
        spans: Positive durations before ``now`` whose edges to draw (thresholds, the grace).

    Raises:
        hypothesis.errors.InvalidArgument: ``now`` is not a timezone-aware datetime, or a span
            is not a positive timedelta.

    >>> from datetime import datetime, timedelta, timezone
    >>> from hypothesis import given
    >>> now = datetime(2026, 6, 1, tzinfo=timezone.utc)
    >>> @given(moments_near(now, spans=[timedelta(days=90)]))
    ... def test_a_moment_near_now_is_aware(moment):
    ...     assert moment.utcoffset() is not None
    >>> test_a_moment_near_now_is_aware()
    """
    moment: object = now  # checked: callers may pass anything
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        msg = f"now must be a timezone-aware datetime, got {now!r}"
        raise InvalidArgument(msg)
    chosen = tuple(spans)
    given: tuple[object, ...] = chosen
    if not all(isinstance(span, timedelta) and span > timedelta(0) for span in given):
        msg = f"spans must be positive timedeltas, got {chosen!r}"
        raise InvalidArgument(msg)
    return _moments_near(moment, chosen)


@st.composite
def _moments_near(draw: st.DrawFn, now: datetime, spans: tuple[timedelta, ...]) -> datetime:
    return _near(draw, now, spans)


def _near(draw: st.DrawFn, now: datetime, spans: tuple[timedelta, ...]) -> datetime:
    """One moment of `moments_near`: an edge of a span, ``now``, just after it, or anywhere."""
    edges = 3 * len(spans)
    choice = draw(st.integers(min_value=0, max_value=edges + 2))
    try:
        if choice < edges:  # now - span - tick, now - span, now - span + tick
            shift = (choice % 3 - 1) * _TICK - spans[choice // 3]
        elif choice < edges + 2:  # now, and a microsecond after it
            shift = (choice - edges) * _TICK
        else:
            reach = max(spans, default=_DAY) // _TICK
            shift = timedelta(microseconds=draw(st.integers(min_value=-3 * reach, max_value=reach)))
        return (now.astimezone(UTC) + shift).astimezone(draw(_OFFSETS))
    except OverflowError:  # beyond an end of the calendar, or of timedelta
        return now


class IdleScenario(NamedTuple):
    """An organization to review for idle licenses, the moment of the review and the policy.

    Attributes:
        organization: The organization, its users' activity and licensing dates near ``now``.
        now: The moment of the review.
        policy: The inactivity policy to review with; its exemptions name some of the users.
    """

    organization: Organization
    now: datetime
    policy: InactivityPolicy


#: A user of an idle scenario but for its id and dates: its name, user type, status, whether
#: it is a system account, and whether it is made an active person (about five in six).
_IDLE_USER_PARTS: Final = st.tuples(
    _NAMES, st.sampled_from(UserType), st.sampled_from(UserStatus), st.booleans(), _MOSTLY
)


def _idle_user(draw: st.DrawFn, user_id: str, now: datetime, policy: InactivityPolicy) -> User:
    """A user, mostly an active person, with dates drawn at the edges of ``policy``."""
    name, user_type, status, system, person = draw(_IDLE_USER_PARTS)
    threshold = policy.threshold_for(user_type.license_type)
    active, licensed = draw(_EVIDENCE)
    return User(
        id=user_id,
        name=name,
        user_type=user_type,
        status=UserStatus.ACTIVE if person else status,
        system=system and not person,
        # The longest span first: Hypothesis draws the first edge (just over it) most often.
        last_active_at=_near(draw, now, (2 * threshold, threshold)) if active else None,
        licensed_since=(
            _near(draw, now, (2 * threshold, threshold, policy.grace)) if licensed else None
        ),
    )


@st.composite
def idle_scenarios(draw: st.DrawFn) -> IdleScenario:
    """Organizations, a "now" and a policy that reach every rule of `licensing.find_idle`.

    The organization has one to three clinics of up to six users each, with any pools and
    billing calendars, as `clinics` draws them. About five in six users are active people (not
    system accounts), so most hold a billed license wherever their pool is limited; about a third
    have a last activity and two in three a date of licensing (one in six has neither), each
    drawn by `moments_near` "now" with the user's threshold and twice it as spans (and the
    grace, for the date of licensing): exactly at an edge (within it), a microsecond either
    side, at "now", after it, or anywhere around. The policy (`inactivity_policies`) exempts
    some of the organization's users (without users, ids of no one). So reviews of these flag
    users of every `licensing.IdleKind` and `licensing.Confidence`, and leave others unflagged
    for each reason the rules give (``tests/test_reach.py`` measures the mix). Users have no
    permissions and no access to other clinics: `licensing.find_idle` reads neither.

    >>> from hypothesis import given
    >>> from licensing import find_idle
    >>> @given(idle_scenarios())
    ... def test_an_exempt_user_is_never_flagged(scenario):
    ...     report = find_idle(scenario.organization, now=scenario.now, policy=scenario.policy)
    ...     assert not {idle.user_id for idle in report.users} & scenario.policy.exempt
    >>> test_an_exempt_user_is_never_flagged()
    """
    now = draw(_MOMENTS)
    clinic_ids = draw(st.lists(_IDS, unique=True, min_size=1, max_size=3))
    sizes = [draw(st.integers(min_value=0, max_value=6)) for _ in clinic_ids]
    user_ids = draw(st.lists(_IDS, unique=True, min_size=sum(sizes), max_size=sum(sizes)))
    policy = draw(inactivity_policies(user_ids=user_ids))
    built = []
    for clinic_id, size in zip(clinic_ids, sizes, strict=True):
        members, user_ids = user_ids[:size], user_ids[size:]
        name, pools, billing = draw(_CLINIC_PARTS)
        built.append(
            Clinic(
                id=clinic_id,
                name=name,
                pools=draw(st.permutations([pool for pool in pools if pool is not None])),
                users=[_idle_user(draw, user_id, now, policy) for user_id in members],
                billing=billing,
            )
        )
    organization = Organization(id=draw(_IDS), name=draw(_NAMES), clinics=built)
    return IdleScenario(organization, now, policy)


def _review(scenario: IdleScenario) -> IdleReport:
    return find_idle(scenario.organization, now=scenario.now, policy=scenario.policy)


def idle_reports() -> st.SearchStrategy[IdleReport]:
    """Reports of `licensing.find_idle` on `idle_scenarios`, empty or not.

    Their idle users are of every kind and confidence, each user at most once.
    """
    return idle_scenarios().map(_review)


@st.composite
def _built_idle_users(draw: st.DrawFn) -> IdleUser:
    """An idle user built from drawn parts: the whole space the model allows."""
    kind = draw(st.sampled_from(IdleKind))
    last: datetime | None = None
    held: datetime | None = draw(st.none() | _MOMENTS)
    idle_for: timedelta | None = draw(st.timedeltas(min_value=_TICK, max_value=_LONGEST_IDLE))
    if kind is IdleKind.DORMANT:
        last = draw(_MOMENTS)
    elif kind is IdleKind.NEVER_ACTIVE:
        held = held or draw(_MOMENTS)
    else:
        held = idle_for = None
    return IdleUser(
        user_id=draw(_IDS),
        clinic_id=draw(_IDS),
        license_type=draw(st.sampled_from(_CHARGED)),
        kind=kind,
        last_active_at=last,
        idle_for=idle_for,
        confidence=confidence_of(kind, idle_for, draw(_DURATIONS)),
        licensed_since=held,
        user_name=draw(st.none() | _NAMES),
    )


@st.composite
def idle_users(draw: st.DrawFn) -> IdleUser:
    """Idle users: those `idle_reports` flag, and (when a report flags none) any the model allows.

    A user built from parts may have no name, and a duration and moments that no review would
    put together; its confidence follows `licensing.idle.confidence_of` for a drawn threshold.
    """
    report = draw(idle_reports())
    if report.users:
        return draw(st.sampled_from(report.users))
    return draw(_built_idle_users())


@st.composite
def health_checks(draw: st.DrawFn) -> HealthCheck:
    """Health checks (`licensing.health_check`) of `idle_scenarios`.

    Each with a retention policy for the organization's clinics, prices or none (complete or
    not), and any least confidence: alerts of every `licensing.AlertCode` occur.
    """
    scenario = draw(idle_scenarios())
    organization = scenario.organization
    return health_check(
        organization,
        now=scenario.now,
        policy=draw(retention_policies(clinic_ids=[clinic.id for clinic in organization.clinics])),
        inactivity=scenario.policy,
        prices=draw(st.none() | price_lists(complete=True) | price_lists()),
        min_confidence=draw(st.sampled_from(Confidence)),
    )


_BUILT_ALERTS: Final = st.builds(
    Alert,
    code=st.sampled_from(AlertCode),
    clinic_id=_IDS,
    license_type=st.sampled_from(LicenseType),
    message=_NAMES,
)


@st.composite
def alerts(draw: st.DrawFn) -> Alert:
    """Alerts of `health_checks`, and (when a check raises none) any the model allows."""
    check = draw(health_checks())
    if check.alerts:
        return draw(st.sampled_from(check.alerts))
    return draw(_BUILT_ALERTS)


# --- cases that reach every rule of validate_request -------------------------------------------


class ValidationCase(NamedTuple):
    """A request, the organization and policy to validate it with, and what validation finds.

    Attributes:
        request: The adjustment request.
        organization: The organization as it stands before the request.
        policy: The retention policy to validate with; its spares decide
            `licensing.ProblemCode.BELOW_SPARE`.
        codes: The problems the case was built to carry: exactly the codes
            `licensing.validate_request` reports for it (none for a request without any problem).
    """

    request: AdjustmentRequest
    organization: Organization
    policy: RetentionPolicy
    codes: frozenset[ProblemCode]


# How a case is built: a plan says what each part of the request is to be (`_Plan`), `_codes`
# says which problems that makes, and `_cases` builds a request and an organization to the plan.


class _Line(enum.Enum):
    """What a request's count of one charged type is built to be, against the clinic's pool."""

    ZERO = "zero"  # 0, or not named
    FINE = "fine"  # no problem: within available minus the spare (REMOVE), to a full pool (ADD)
    UNLIMITED = "unlimited"  # of a type the clinic holds unlimited
    EXCEEDS = "exceeds"  # REMOVE: more than available, from a pool not over-assigned
    OVER = "over"  # of a type with more active users than purchased
    BELOW = "below"  # REMOVE: within available, leaving fewer than the spare
    MAXIMUM = "maximum"  # ADD: past MAX_COUNT, to a pool with none available
    AVAILABLE = "available"  # ADD: to a pool with licenses available


#: The lines a request of each kind can hold.
_LINES: Final = MappingProxyType(
    {
        AdjustmentKind.REMOVE: (
            _Line.ZERO,
            _Line.FINE,
            _Line.UNLIMITED,
            _Line.EXCEEDS,
            _Line.OVER,
            _Line.BELOW,
        ),
        AdjustmentKind.ADD: (
            _Line.ZERO,
            _Line.FINE,
            _Line.UNLIMITED,
            _Line.MAXIMUM,
            _Line.AVAILABLE,
            _Line.OVER,
        ),
    }
)
#: The problem each line carries; OVER in a REMOVE carries REMOVAL_EXCEEDS_AVAILABLE as well,
#: since nothing is available where users are over-assigned.
_LINE_CODE: Final = MappingProxyType(
    {
        _Line.UNLIMITED: ProblemCode.UNLIMITED_POOL_COUNT,
        _Line.EXCEEDS: ProblemCode.REMOVAL_EXCEEDS_AVAILABLE,
        _Line.OVER: ProblemCode.OVER_ASSIGNED,
        _Line.BELOW: ProblemCode.BELOW_SPARE,
        _Line.MAXIMUM: ProblemCode.ADDITION_EXCEEDS_MAXIMUM,
        _Line.AVAILABLE: ProblemCode.ADD_WITH_AVAILABLE,
    }
)
_LINE_OF: Final = MappingProxyType({code: line for line, code in _LINE_CODE.items()})


class _Shape(NamedTuple):
    """How a pool is shaped for a line, from its purchased count, used count and spare.

    ``fits`` tells whether a limited pool fits as it is; ``remake`` draws a purchased count that
    fits; ``span`` is the range of the line's count, once the pool's purchased count is known.
    ``holders`` and ``spare`` say whether the line needs a license in use, or a spare.
    """

    fits: Callable[[int, int, int], bool]
    remake: Callable[[int, int], st.SearchStrategy[int]]
    span: Callable[[int, int, int], tuple[int, int]]
    holders: bool = False
    spare: bool = False


def _plus(base: int, low: int, high: int) -> st.SearchStrategy[int]:
    return _between(base + low, base + high)


_FULL: Final = _Shape(  # none available and none over-assigned
    fits=lambda purchased, used, _: purchased == used,
    remake=lambda used, _: st.just(used),
    span=lambda purchased, _used, _spare: (1, MAX_COUNT - purchased),
)
_SHORT_POOL: Final = _Shape(  # fewer purchased than used
    fits=lambda purchased, used, _: purchased < used,
    remake=lambda used, _: _between(0, used - 1),
    span=lambda purchased, _used, _spare: (1, MAX_COUNT - purchased),
    holders=True,
)
#: The shape of the pool of each line, in each kind of request.
_SHAPES: Final = MappingProxyType(
    {
        (_Line.FINE, AdjustmentKind.REMOVE): _Shape(
            fits=lambda purchased, used, spare: purchased - used - spare >= 1,
            remake=lambda used, spare: _plus(used + spare, 1, 5),
            span=lambda purchased, used, spare: (1, purchased - used - spare),
        ),
        (_Line.FINE, AdjustmentKind.ADD): _FULL,
        (_Line.EXCEEDS, AdjustmentKind.REMOVE): _Shape(
            fits=lambda purchased, used, _: used <= purchased < used + MAX_COUNT,
            remake=lambda used, _: _plus(used, 0, 5),
            span=lambda purchased, used, _: (purchased - used + 1, MAX_COUNT),
        ),
        (_Line.OVER, AdjustmentKind.REMOVE): _SHORT_POOL._replace(
            span=lambda _purchased, _used, _spare: (1, MAX_COUNT)
        ),
        (_Line.OVER, AdjustmentKind.ADD): _SHORT_POOL,
        (_Line.BELOW, AdjustmentKind.REMOVE): _Shape(
            fits=lambda purchased, used, _: purchased - used >= 1,
            remake=lambda used, _: _plus(used, 1, 8),
            span=lambda purchased, used, spare: (
                max(1, purchased - used - spare + 1),
                purchased - used,
            ),
            spare=True,
        ),
        (_Line.MAXIMUM, AdjustmentKind.ADD): _FULL._replace(
            span=lambda purchased, _used, _spare: (MAX_COUNT - purchased + 1, MAX_COUNT),
            holders=True,
        ),
        (_Line.AVAILABLE, AdjustmentKind.ADD): _Shape(
            fits=lambda purchased, used, _: used < purchased < MAX_COUNT,
            remake=lambda used, _: _plus(used, 1, 8),
            span=lambda purchased, _used, _spare: (1, MAX_COUNT - purchased),
        ),
    }
)

#: The problems only one kind of request can carry alone.
_REMOVE_ONLY: Final = frozenset(
    {
        ProblemCode.REMOVAL_EXCEEDS_AVAILABLE,
        ProblemCode.BELOW_SPARE,
        ProblemCode.AFTER_REMOVAL_CUTOFF,
    }
)
_ADD_ONLY: Final = frozenset(
    {
        ProblemCode.ADDITION_EXCEEDS_MAXIMUM,
        ProblemCode.ADD_WITH_AVAILABLE,
        ProblemCode.OVER_ASSIGNED,
    }
)
_EXPLANATION_CODES: Final = (
    ProblemCode.EXPLANATION_MISSING,
    ProblemCode.EXPLANATION_TOO_SHORT,
    ProblemCode.EXPLANATION_TOO_LONG,
)


def _kinds_of(code: ProblemCode | None) -> tuple[AdjustmentKind, ...]:
    """The kinds of request that can carry ``code`` as their one problem."""
    if code in _REMOVE_ONLY:
        return (AdjustmentKind.REMOVE,)
    if code in _ADD_ONLY:
        return (AdjustmentKind.ADD,)
    return tuple(AdjustmentKind)


class _Who(NamedTuple):
    """Who submits a case's request: a user of the organization or not, and what matters of them.

    ``reach`` is where the requester stands to the request's clinic: ``"homed"`` in it,
    ``"access"``: homed in another clinic with access to it, ``"none"``: in another without.
    """

    known: bool = True
    active: bool = True
    system: bool = False
    permitted: bool = True
    reach: str = "homed"


#: Every kind of requester, each about as often (those without access twice, to be as many as
#: those with), and an authorized one (the first two) in about a third of the draws.
_ANYONE: Final = st.sampled_from(
    (
        *(_Who(reach="homed"), _Who(reach="access")) * 8,
        *(_Who(known=False),) * 2,
        *(
            _Who(active=active, system=system, permitted=permitted, reach=reach)
            for active, system, permitted in itertools.product((True, False), repeat=3)
            for reach in ("homed", "access", "none", "none")
        ),
    )
)


class _Plan(NamedTuple):
    """What a case is built to be, part by part; `_codes` says what validation finds in it."""

    kind: AdjustmentKind
    lines: tuple[_Line, ...]  # one per charged type, in `_CHARGED` order
    clinic_known: bool = True
    who: _Who = _Who()
    clerical: bool = False
    reason_fits: bool = True
    explanation: ProblemCode | None = None
    late: bool = False


def _requester_codes(plan: _Plan) -> set[ProblemCode]:
    who = plan.who
    if not who.known:
        return {ProblemCode.UNKNOWN_REQUESTER}  # and no other requester check
    found = {
        ProblemCode.REQUESTER_INACTIVE: not who.active,
        ProblemCode.REQUESTER_SYSTEM_ACCOUNT: who.system,
        ProblemCode.REQUESTER_NOT_AUTHORIZED: not who.permitted,
        # Access is checked only against a clinic of the organization.
        ProblemCode.REQUESTER_NO_CLINIC_ACCESS: who.reach == "none" and plan.clinic_known,
    }
    return {code for code, applies in found.items() if applies}


def _codes(plan: _Plan) -> frozenset[ProblemCode]:
    """The problems a case built to ``plan`` carries, as `validate_request` documents them."""
    codes = _requester_codes(plan)
    if not plan.clinic_known:
        codes.add(ProblemCode.UNKNOWN_CLINIC)
    else:  # the pools are checked only in a clinic of the organization
        codes.update(_LINE_CODE[line] for line in plan.lines if line in _LINE_CODE)
        if plan.kind is AdjustmentKind.REMOVE and _Line.OVER in plan.lines:
            codes.add(ProblemCode.REMOVAL_EXCEEDS_AVAILABLE)
    if plan.clerical:
        codes.add(ProblemCode.CLERICAL_COUNT)
    elif all(line is _Line.ZERO for line in plan.lines):
        codes.add(ProblemCode.NO_COUNTS)
    if not plan.reason_fits:
        codes.add(ProblemCode.REASON_MISMATCH)
    if plan.explanation is not None:
        codes.add(plan.explanation)
    if plan.late:
        codes.add(ProblemCode.AFTER_REMOVAL_CUTOFF)
    return frozenset(codes)


#: How a clean plan changes to carry each problem that is neither a count's nor an explanation's.
_WITH_PROBLEM: Final[MappingProxyType[ProblemCode, Callable[[_Plan], _Plan]]] = MappingProxyType(
    {
        ProblemCode.UNKNOWN_CLINIC: lambda plan: plan._replace(clinic_known=False),
        ProblemCode.UNKNOWN_REQUESTER: lambda plan: plan._replace(
            who=plan.who._replace(known=False)
        ),
        ProblemCode.REQUESTER_INACTIVE: lambda plan: plan._replace(
            who=plan.who._replace(active=False)
        ),
        ProblemCode.REQUESTER_SYSTEM_ACCOUNT: lambda plan: plan._replace(
            who=plan.who._replace(system=True)
        ),
        ProblemCode.REQUESTER_NOT_AUTHORIZED: lambda plan: plan._replace(
            who=plan.who._replace(permitted=False)
        ),
        ProblemCode.REQUESTER_NO_CLINIC_ACCESS: lambda plan: plan._replace(
            who=plan.who._replace(reach="none")
        ),
        ProblemCode.NO_COUNTS: lambda plan: plan._replace(lines=(_Line.ZERO,) * len(_CHARGED)),
        ProblemCode.CLERICAL_COUNT: lambda plan: plan._replace(clerical=True),
        ProblemCode.REASON_MISMATCH: lambda plan: plan._replace(reason_fits=False),
        ProblemCode.AFTER_REMOVAL_CUTOFF: lambda plan: plan._replace(late=True),
    }
)


class _Mix(enum.Enum):
    """A choice of `_plans` that is not one problem: a case with several."""

    SEVERAL = "several"


_Choice = ProblemCode | _Mix | None

#: The default mix of `validation_cases`: clean requests (None), cases with several problems,
#: and each problem alone, the removal cutoff and the spare three times as often: each is then in
#: about a tenth of the cases, the rules around them being the subtlest.
_DEFAULT_MIX: Final[tuple[_Choice, ...]] = (
    *(None,) * 6,
    *(_Mix.SEVERAL,) * 3,
    *ProblemCode,
    *(ProblemCode.AFTER_REMOVAL_CUTOFF, ProblemCode.BELOW_SPARE) * 2,
)
#: The mix of `valid_requests`: clean requests, and each warning alone.
_VALID_MIX: Final[tuple[ProblemCode | None, ...]] = (
    None,
    None,
    None,
    ProblemCode.AFTER_REMOVAL_CUTOFF,
    ProblemCode.BELOW_SPARE,
    ProblemCode.ADD_WITH_AVAILABLE,
    ProblemCode.REASON_MISMATCH,
    ProblemCode.OVER_ASSIGNED,
)


@st.composite
def _clean_plan(draw: st.DrawFn, kind: AdjustmentKind) -> _Plan:
    """A plan without any problem: an authorized requester, and at least one fine count."""
    fine = draw(st.integers(min_value=0, max_value=len(_CHARGED) - 1))
    lines = tuple(
        _Line.FINE if index == fine else draw(st.sampled_from((_Line.FINE, _Line.ZERO)))
        for index in range(len(_CHARGED))
    )
    who = _Who(reach=draw(st.sampled_from(("homed", "access"))))
    return _Plan(kind=kind, lines=lines, who=who)


@st.composite
def _one_problem_plan(draw: st.DrawFn, code: ProblemCode | None, kind: AdjustmentKind) -> _Plan:
    """A clean plan with one part changed to carry ``code`` (none: the clean plan)."""
    plan = draw(_clean_plan(kind))
    if code is None:
        return plan
    if code in _LINE_OF:
        lines = list(plan.lines)
        lines[draw(st.integers(min_value=0, max_value=len(lines) - 1))] = _LINE_OF[code]
        return plan._replace(lines=tuple(lines))
    if code in _EXPLANATION_CODES:
        return plan._replace(explanation=code)
    return _WITH_PROBLEM[code](plan)


@st.composite
def _several_problems_plan(draw: st.DrawFn, kind: AdjustmentKind) -> _Plan:
    """A plan whose every part is drawn freely: most carry several problems, in several fields."""
    clinic_known = draw(st.sampled_from((True, True, True, True, False)))
    lines = tuple(draw(st.sampled_from(_LINES[kind])) for _ in _CHARGED)
    if not clinic_known:  # the pools are not checked: a count is fine or zero
        lines = tuple(_Line.ZERO if line is _Line.ZERO else _Line.FINE for line in lines)
    return _Plan(
        kind=kind,
        lines=lines,
        clinic_known=clinic_known,
        who=draw(_ANYONE),
        clerical=draw(st.sampled_from((False, False, True))),
        reason_fits=draw(st.booleans()),
        explanation=draw(st.sampled_from((None, *_EXPLANATION_CODES))),
        late=clinic_known and kind is AdjustmentKind.REMOVE and draw(st.booleans()),
    )


@st.composite
def _plans(draw: st.DrawFn, choices: tuple[_Choice, ...], kind: AdjustmentKind | None) -> _Plan:
    """A plan for one of ``choices``, of ``kind`` (default: any kind the choice allows)."""
    choice = draw(st.sampled_from(choices))
    if isinstance(choice, _Mix):
        chosen = kind if kind is not None else draw(st.sampled_from(AdjustmentKind))
        return draw(_several_problems_plan(chosen))
    chosen = kind if kind is not None else draw(st.sampled_from(_kinds_of(choice)))
    return draw(_one_problem_plan(choice, chosen))


@st.composite
def _anyone_plan(draw: st.DrawFn) -> _Plan:
    """A clean plan but for its requester, drawn freely."""
    plan = draw(_clean_plan(draw(st.sampled_from(AdjustmentKind))))
    return plan._replace(who=draw(_ANYONE))


# --- building a case to its plan ------------------------------------------------------------------

_BASE_ORGANIZATIONS: Final = organizations(min_clinics=1, max_clinics=3, max_users=4)
_BILLING_CYCLES: Final = billing_cycles()
#: The shortest cutoff a late removal is built against: there must be time between the cutoff
#: and the billing to submit in.
_LATE_CUTOFF: Final = timedelta(minutes=1)


def _with_user(organization: Organization, home: Clinic, user: User, position: int) -> Organization:
    """The organization with ``user`` homed in ``home`` (added when not one of its clinics)."""
    if not organization.has_clinic(home.id):
        clinics_ = [*organization.clinics, attrs.evolve(home, users=[user])]
        return attrs.evolve(organization, clinics=clinics_)
    users_ = list(home.users)
    users_.insert(position, user)
    return organization.replace_clinic(attrs.evolve(home, users=users_))


def _place_requester(
    draw: st.DrawFn, organization: Organization, target: str, clinic_id: str, who: _Who
) -> tuple[Organization, str]:
    """Add the requester ``who`` describes to the organization; return it and the id to submit as.

    The request is for ``clinic_id``: ``target`` when it is a clinic of the organization, else an
    unknown id (the requester is then homed in ``target``).
    """
    requester_id = _fresh_id(draw, _user_ids(organization))
    if not who.known:
        return organization, requester_id
    clinic_ids = [clinic.id for clinic in organization.clinics]
    others = [clinic for clinic in organization.clinics if clinic.id != target]
    if who.reach == "homed" or clinic_id != target:
        home = organization.clinic(target)
    elif others:
        home = draw(st.sampled_from(others))
    else:  # a one-clinic organization: the requester's home is a new clinic
        home = Clinic(id=_fresh_id(draw, clinic_ids), name=draw(_NAMES))
    elsewhere = [c for c in clinic_ids if c not in {home.id, clinic_id}]
    access = set(draw(st.frozensets(st.sampled_from(elsewhere), max_size=2)) if elsewhere else ())
    # Sometimes access to a clinic outside the organization, which grants nothing here.
    if draw(st.booleans()):
        access.add(_fresh_id(draw, [*clinic_ids, home.id, clinic_id]))
    if who.reach == "access":
        access.add(clinic_id)
    requester = User(
        id=requester_id,
        name=draw(_NAMES),
        user_type=draw(st.sampled_from(UserType)),
        status=UserStatus.ACTIVE if who.active else UserStatus.INACTIVE,
        permissions=draw(_PERMITTED) if who.permitted else frozenset(),
        clinic_access=access,
        last_active_at=draw(st.none() | _MOMENTS),
        licensed_since=draw(st.none() | _MOMENTS),
        system=who.system,
    )
    position = draw(st.integers(min_value=0, max_value=len(home.users)))
    return _with_user(organization, home, requester, position), requester_id


def _with_pool(clinic: Clinic, pool: LicensePool) -> Clinic:
    """The clinic with ``pool`` in place of its pool of that type (or after its pools)."""
    pools = [pool if p.license_type is pool.license_type else p for p in clinic.pools]
    if pool not in pools:
        pools.append(pool)
    return attrs.evolve(clinic, pools=pools)


class _Draft(NamedTuple):
    """The request's clinic and the policy while a case is built, and the user ids taken."""

    clinic: Clinic
    policy: RetentionPolicy
    taken: frozenset[str]


@st.composite
def _holders(draw: st.DrawFn, license_type: LicenseType, taken: frozenset[str]) -> list[User]:
    """One or two active people who hold a license of ``license_type``, with fresh ids."""
    kinds = [user_type for user_type in UserType if user_type.license_type is license_type]
    found: list[User] = []
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        user_id = _fresh_id(draw, taken | {user.id for user in found})
        found.append(User(id=user_id, name=draw(_NAMES), user_type=draw(st.sampled_from(kinds))))
    return found


def _line(
    draw: st.DrawFn, draft: _Draft, kind: AdjustmentKind, line: tuple[LicenseType, _Line]
) -> tuple[_Draft, int]:
    """Shape the clinic's pool of a charged type for its line; return the draft and the count.

    A limited pool that fits is kept; any other gets a purchased count that does, and the clinic
    gets license holders (or the policy a spare) where the line needs them.
    """
    license_type, built_as = line
    clinic, policy, taken = draft
    if built_as is _Line.ZERO:
        return draft, 0
    if built_as is _Line.UNLIMITED:
        pool = LicensePool.unlimited_of(license_type)
        return draft._replace(clinic=_with_pool(clinic, pool)), draw(_between(1, MAX_COUNT))
    shape = _SHAPES[built_as, kind]
    if shape.holders and not clinic_usage(clinic).pool(license_type).used:
        holders = draw(_holders(license_type, taken))
        clinic = attrs.evolve(clinic, users=[*clinic.users, *holders])
        taken |= {user.id for user in holders}
    if shape.spare and not policy.spare(clinic.id, license_type):
        keep = {**policy.clinic_keep.get(clinic.id, {}), license_type: draw(_between(1, 6))}
        policy = attrs.evolve(policy, clinic_keep={**policy.clinic_keep, clinic.id: keep})
    used = clinic_usage(clinic).pool(license_type).used
    spare = policy.spare(clinic.id, license_type)
    pool = clinic.pool(license_type)
    purchased = pool.purchased
    if pool.unlimited or not shape.fits(purchased, used, spare):
        purchased = draw(shape.remake(used, spare))
    clinic = _with_pool(clinic, LicensePool(license_type=license_type, purchased=purchased))
    low, high = shape.span(purchased, used, spare)
    return _Draft(clinic, policy, taken), draw(_between(low, high))


def _late(draw: st.DrawFn, billing: BillingCycle, moment: datetime) -> datetime:
    """A moment after the cutoff of the next billing after ``moment``, before that billing.

    Computed in UTC (a zone's wall clock is not elapsed time), then written in a drawn offset.
    """
    cutoff = billing.cutoff_of(billing.next_billing(moment)).astimezone(UTC)
    tick = timedelta(microseconds=1)
    after = draw(st.just(tick) | st.timedeltas(min_value=tick, max_value=billing.cutoff - tick))
    return (cutoff + after).astimezone(draw(_OFFSETS))


def _submission(draw: st.DrawFn, billing: BillingCycle | None, plan: _Plan) -> datetime:
    """When the plan's request is submitted: a removal is late only when the plan says so."""
    moment = draw(_MOMENTS)
    if plan.kind is AdjustmentKind.ADD or billing is None:
        return moment
    submitted = _late(draw, billing, moment) if plan.late else _on_time(billing, moment)
    # The calendar has the last word: a zone whose clock jumps by a day may leave no window.
    assume(billing.is_on_time(submitted, billing.next_billing(submitted)) is not plan.late)
    return submitted


def _late_billing(draw: st.DrawFn, billing: BillingCycle | None) -> BillingCycle:
    """``billing``, or a drawn one, with a cutoff long enough to submit a removal after it."""
    billing = billing if billing is not None else draw(_BILLING_CYCLES)
    if billing.cutoff < _LATE_CUTOFF:
        cutoff = draw(st.timedeltas(min_value=_LATE_CUTOFF, max_value=MAX_CUTOFF))
        billing = attrs.evolve(billing, cutoff=cutoff)
    return billing


def _explanation(code: ProblemCode | None) -> st.SearchStrategy[str | None]:
    """Explanations that carry ``code`` (an explanation problem), or real ones."""
    match code:
        case ProblemCode.EXPLANATION_MISSING:
            return _MISSING_EXPLANATIONS
        case ProblemCode.EXPLANATION_TOO_SHORT:
            return _SHORT_EXPLANATIONS
        case ProblemCode.EXPLANATION_TOO_LONG:
            return _LONG_EXPLANATIONS
        case _:
            return _REAL_EXPLANATIONS


@st.composite
def _cases(draw: st.DrawFn, plans: st.SearchStrategy[_Plan]) -> ValidationCase:
    """A case built to a drawn plan, in a generated organization made to hold what it needs."""
    plan = draw(plans)
    organization = draw(_BASE_ORGANIZATIONS)
    clinic_ids = [clinic.id for clinic in organization.clinics]
    policy = draw(retention_policies(clinic_ids=clinic_ids))
    target = draw(st.sampled_from(clinic_ids))
    clinic_id = target if plan.clinic_known else _fresh_id(draw, clinic_ids)
    organization, requester = _place_requester(draw, organization, target, clinic_id, plan.who)
    counts_: dict[LicenseType, int] = {}
    if plan.clinic_known:
        taken = frozenset({requester, *_user_ids(organization)})  # an unknown requester too
        draft = _Draft(organization.clinic(target), policy, taken)
        for line in zip(_CHARGED, plan.lines, strict=True):
            draft, counts_[line[0]] = _line(draw, draft, plan.kind, line)
        clinic, policy = draft.clinic, draft.policy
        if plan.late:
            clinic = attrs.evolve(clinic, billing=_late_billing(draw, clinic.billing))
        organization = organization.replace_clinic(clinic)
        submitted_at = _submission(draw, clinic.billing, plan)
    else:  # nothing of the clinic is checked: any count is fine
        for license_type, built_as in zip(_CHARGED, plan.lines, strict=True):
            counts_[license_type] = 0 if built_as is _Line.ZERO else draw(_between(1, 40))
        submitted_at = draw(_MOMENTS)
    counts_[LicenseType.CLERICAL] = draw(_between(1, MAX_COUNT)) if plan.clerical else 0
    named = draw(st.frozensets(st.sampled_from(LicenseType)))  # zero counts named, or left out
    request = AdjustmentRequest(
        clinic_id=clinic_id,
        requested_by=requester,
        kind=plan.kind,
        counts={t: n for t, n in counts_.items() if n or t in named},
        reason=draw(_reasons(plan.kind, fits=plan.reason_fits)),
        explanation=draw(_explanation(plan.explanation)),
        submitted_at=submitted_at,
    )
    return ValidationCase(request, organization, policy, _codes(plan))


# --- the public strategies of cases -----------------------------------------------------------


def validation_cases(
    *, codes: Iterable[ProblemCode] | None = None
) -> st.SearchStrategy[ValidationCase]:
    """Cases that reach every rule of `licensing.validate_request`, each knowing what it finds.

    Each case is built in a generated organization made to hold what its request needs: the
    requester (a User Manager or Admin homed in the clinic or given access to it, or one that is
    inactive, a system account, without the permission or without access, or an id no user has),
    pools with licenses to remove beyond the policy's spare, full ones to add to, unlimited and
    over-assigned ones and license holders, a spare in the policy, a billing calendar whose cutoff
    a removal misses. The rest of the organization is anything `organizations` draws.

    By default about a fifth of the cases have no problem at all, a tenth carry several problems
    at once (in several fields, errors and warnings) and the others exactly one, every
    `licensing.ProblemCode` in turn, with late removals and removals below the spare three times
    as often: over two requests in five validate (``tests/test_reach.py`` measures the mix).

    Args:
        codes: Draw only cases that carry exactly one of these problems, and nothing else.

    Raises:
        hypothesis.errors.InvalidArgument: ``codes`` is empty or holds something other than a
            `licensing.ProblemCode`.

    >>> from hypothesis import given
    >>> from licensing import ProblemCode, validate_request
    >>> @given(validation_cases(codes=[ProblemCode.BELOW_SPARE]))
    ... def test_a_removal_below_the_spare_is_only_a_warning(case):
    ...     report = validate_request(case.request, case.organization, policy=case.policy)
    ...     assert report.ok and report.codes == case.codes == {ProblemCode.BELOW_SPARE}
    >>> test_a_removal_below_the_spare_is_only_a_warning()
    """
    if codes is None:
        return _cases(_plans(_DEFAULT_MIX, None))
    chosen = tuple(codes)
    if not chosen or not all(isinstance(code, ProblemCode) for code in chosen):
        msg = f"codes must be a non-empty collection of ProblemCode, got {chosen!r}"
        raise InvalidArgument(msg)
    return _cases(_plans(chosen, None))


def valid_requests(*, kind: AdjustmentKind | None = None) -> st.SearchStrategy[ValidationCase]:
    """Cases whose request validates (`licensing.ValidationReport.ok`): ready to apply.

    About three in eight (half, for one ``kind``) carry no problem at all; the others exactly one
    warning: a removal after the cutoff or below the spare, an addition while licenses are
    available or to an over-assigned type, or a reason that does not fit.

    Args:
        kind: Draw only requests of this kind (default: both).
    """
    choices = tuple(c for c in _VALID_MIX if kind is None or kind in _kinds_of(c))
    return _cases(_plans(choices, kind))


def late_removals() -> st.SearchStrategy[ValidationCase]:
    """Removals submitted after the removal cutoff of their clinic's next billing, else valid.

    The clinic has a billing calendar (drawn, zoned or not, when the generated clinic has none;
    its cutoff at least a minute), and the moment lies after the cutoff of the next billing and
    before that billing, written in a drawn UTC offset: `licensing.ProblemCode.AFTER_REMOVAL_CUTOFF`
    is the one problem.
    """
    return validation_cases(codes=[ProblemCode.AFTER_REMOVAL_CUTOFF])


def requests_by_anyone() -> st.SearchStrategy[ValidationCase]:
    """Cases whose request has no problem but, perhaps, who submits it.

    The requester is of any kind, each combination about as often: active or not, a person or a
    system account, with or without User Manager or Admin permission, homed in the request's
    clinic, or in another with or without access to it; or an id no user of the organization has.
    About a third may submit: an active person with the permission, homed in the clinic or with
    access to it.
    """
    return _cases(_anyone_plan())


@st.composite
def validation_reports(draw: st.DrawFn) -> ValidationReport:
    """Reports of validating `validation_cases`: clean, with one problem or with several."""
    case = draw(validation_cases())
    return validate_request(case.request, case.organization, policy=case.policy)


def problems() -> st.SearchStrategy[Problem]:
    """Problems found by validating `validation_cases`: every `licensing.ProblemCode` occurs."""
    return validation_cases(codes=tuple(ProblemCode)).flatmap(_problems_of)


def _problems_of(case: ValidationCase) -> st.SearchStrategy[Problem]:
    report = validate_request(case.request, case.organization, policy=case.policy)
    return st.sampled_from(report.problems) if report.problems else st.nothing()
