"""Hypothesis strategies for every public value type, for the project's tests and yours.

Install with the ``strategies`` extra (``pip install licensing[strategies]``). Every strategy
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
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Final, NamedTuple

from hypothesis import strategies as st

from licensing._checks import MAX_COUNT
from licensing.billing import MAX_CUTOFF, BillingCycle, PriceList
from licensing.enums import (
    AdjustmentKind,
    LicenseType,
    Permission,
    Reason,
    UserStatus,
    UserType,
)
from licensing.model import AdjustmentRequest, Clinic, LicensePool, Organization, User
from licensing.policy import RetentionPolicy
from licensing.removals import RemovalLine, RemovalProposal, propose_removals
from licensing.usage import ClinicUsage, OrganizationUsage, PoolUsage, usage
from licensing.validation import (
    EXPLANATION_MAX_LENGTH,
    EXPLANATION_MIN_LENGTH,
    Problem,
    ValidationReport,
    validate_request,
)

__all__ = [
    "adjustment_requests",
    "aware_datetimes",
    "billing_cycles",
    "clinic_usages",
    "clinics",
    "counts",
    "explanations",
    "ids",
    "license_pools",
    "names",
    "organization_usages",
    "organizations",
    "pool_usages",
    "price_lists",
    "prices",
    "problems",
    "removal_lines",
    "removal_proposals",
    "retention_policies",
    "users",
    "validation_reports",
]

_CHARGED: Final = tuple(t for t in LicenseType if t.charged)
_EARLIEST: Final = datetime(1990, 1, 1)  # noqa: DTZ001 - naive bounds, a timezone is drawn apart
_LATEST: Final = datetime(2200, 12, 31)  # noqa: DTZ001
_ID_ALPHABET: Final = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), max_codepoint=0x2FFF
)


def ids(*, max_size: int = 12) -> st.SearchStrategy[str]:
    """Ids: non-blank strings without control characters, mostly short ASCII, some Unicode."""
    ascii_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)
    unicode_ids = st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=max_size).filter(str.strip)
    return st.one_of(ascii_ids, unicode_ids)


def names() -> st.SearchStrategy[str]:
    """Names for people to read: non-blank, without control characters."""
    return st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=30).filter(str.strip)


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
    *, min_value: datetime = _EARLIEST, max_value: datetime = _LATEST
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes with fixed UTC offsets up to ±23:59, between naive bounds."""
    # fold only matters to zones with transitions; these are fixed offsets, and JSON drops it.
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=_offsets()).map(
        lambda moment: moment.replace(fold=0)
    )


def billing_cycles() -> st.SearchStrategy[BillingCycle]:
    """Billing cycles, often anchored on the 28th to 31st, with cutoffs from 0 to `MAX_CUTOFF`."""
    month_end = st.builds(_clamp_day, aware_datetimes(), st.integers(min_value=28, max_value=31))
    cutoffs = st.one_of(
        st.just(timedelta(hours=24)),
        st.timedeltas(min_value=timedelta(0), max_value=MAX_CUTOFF),
    )
    return st.builds(BillingCycle, anchor=st.one_of(aware_datetimes(), month_end), cutoff=cutoffs)


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
        id=user_id if user_id is not None else ids(),
        name=names(),
        user_type=st.sampled_from(UserType),
        status=st.sampled_from(UserStatus),
        permissions=st.frozensets(st.sampled_from(Permission)),
        clinic_access=access,
        last_active_at=st.none() | aware_datetimes(),
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
    system: bool


_USER_PARTS: Final = st.builds(
    _UserParts,
    names(),
    st.sampled_from(UserType),
    st.sampled_from(UserStatus),
    st.frozensets(st.sampled_from(Permission)),
    st.frozensets(st.integers(min_value=0, max_value=15), max_size=3),
    st.none() | aware_datetimes(),
    st.booleans(),
)
_CLINIC_PARTS: Final = st.tuples(names(), _POOL_CHOICE, st.none() | billing_cycles())


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
    own = draw(clinic_id if clinic_id is not None else ids())
    user_ids = draw(st.lists(ids(), unique=True, max_size=max_users))
    others = list(other_clinic_ids) or draw(st.lists(ids(), max_size=3))
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
    clinic_ids = draw(st.lists(ids(), unique=True, min_size=min_clinics, max_size=max_clinics))
    all_user_ids = draw(st.lists(ids(), unique=True, max_size=max_users * max(1, len(clinic_ids))))
    built = []
    for position, clinic_id in enumerate(clinic_ids):
        share = all_user_ids[position * max_users : (position + 1) * max_users]
        size = draw(st.integers(min_value=0, max_value=len(share)))
        others = [c for c in clinic_ids if c != clinic_id]
        built.append(draw(_clinic(clinic_id, share[:size], others)))
    return Organization(id=draw(ids()), name=draw(names()), clinics=built)


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
        overrides = draw(st.dictionaries(ids(), _keep_maps(), max_size=2))
    return RetentionPolicy(keep=draw(_keep_maps()), clinic_keep=overrides)


def explanations() -> st.SearchStrategy[str | None]:
    """Explanations of every kind: real ones, missing, blank, too short and too long."""
    real = st.text(
        alphabet=st.characters(codec="ascii", categories=("L", "N", "Zs")),
        min_size=EXPLANATION_MIN_LENGTH,
        max_size=200,
    ).filter(lambda text: sum(not c.isspace() for c in text) >= EXPLANATION_MIN_LENGTH)
    return st.one_of(
        real,
        st.sampled_from(
            [
                None,
                "",
                "   ",
                "short",
                "Two therapists left in May and will not be replaced.",
                "x" * (EXPLANATION_MAX_LENGTH + 1),
            ]
        ),
        st.text(max_size=50),
    )


@st.composite
def adjustment_requests(
    draw: st.DrawFn, organization: Organization | None = None
) -> AdjustmentRequest:
    """Adjustment requests, often naming a clinic and a user of ``organization`` when given.

    They are well-typed but not necessarily valid: unknown ids, zero counts, Clerical counts,
    blank explanations and late submissions all occur, for validation to find.
    """
    clinic_ids = [c.id for c in organization.clinics] if organization else []
    user_ids = [u.id for c in organization.clinics for u in c.users] if organization else []
    clinic_id = draw(st.sampled_from(clinic_ids) | ids()) if clinic_ids else draw(ids())
    requester = draw(st.sampled_from(user_ids) | ids()) if user_ids else draw(ids())
    return AdjustmentRequest(
        clinic_id=clinic_id,
        requested_by=requester,
        kind=draw(st.sampled_from(AdjustmentKind)),
        counts=draw(
            st.dictionaries(st.sampled_from(LicenseType), counts(max_value=25), max_size=4)
        ),
        reason=draw(st.sampled_from(Reason)),
        explanation=draw(explanations()),
        submitted_at=draw(aware_datetimes()),
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


@st.composite
def validation_reports(draw: st.DrawFn) -> ValidationReport:
    """Reports of validating generated requests against generated organizations."""
    organization = draw(organizations())
    request = draw(adjustment_requests(organization))
    policy = draw(st.none() | retention_policies(clinic_ids=[c.id for c in organization.clinics]))
    return validate_request(request, organization, policy=policy)


def problems() -> st.SearchStrategy[Problem]:
    """Problems found by validating generated requests."""
    return validation_reports().flatmap(
        lambda report: st.sampled_from(report.problems) if report.problems else st.nothing()
    )
