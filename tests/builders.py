"""Builders with defaults for example tests: say only what the example is about."""

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from licensing import (
    AdjustmentKind,
    AdjustmentRequest,
    BillingCycle,
    Clinic,
    LicensePool,
    LicenseType,
    Organization,
    Permission,
    Reason,
    User,
    UserStatus,
    UserType,
)

#: A fixed "now" for examples; nothing reads the clock.
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

EXPLANATION = "Two assistants left in January and will not be replaced this year."


def user(
    id: str = "u1",  # noqa: A002
    *,
    user_type: UserType = UserType.PT,
    status: UserStatus = UserStatus.ACTIVE,
    permissions: Iterable[Permission] = (),
    clinic_access: Iterable[str] = (),
    system: bool = False,
    name: str | None = None,
    last_active_at: datetime | None = None,
    licensed_since: datetime | None = None,
) -> User:
    """A user with sensible defaults (an active PT)."""
    return User(
        id=id,
        name=name or f"User {id}",
        user_type=user_type,
        status=status,
        permissions=frozenset(permissions),
        clinic_access=frozenset(clinic_access),
        system=system,
        last_active_at=last_active_at,
        licensed_since=licensed_since,
    )


def manager(id: str = "mgr", *, clinic_access: Iterable[str] = ()) -> User:  # noqa: A002
    """An active clerical user with User Manager permission."""
    return user(
        id,
        user_type=UserType.CLERICAL,
        permissions=[Permission.USER_MANAGER],
        clinic_access=clinic_access,
    )


def clinic(
    id: str = "c1",  # noqa: A002
    *,
    purchased: Mapping[LicenseType, int] | None = None,
    unlimited: Iterable[LicenseType] = (),
    users: Iterable[User] = (),
    billing: BillingCycle | None = None,
) -> Clinic:
    """A clinic with the given purchased counts per license type."""
    pools = [LicensePool(license_type=t, purchased=n) for t, n in (purchased or {}).items()] + [
        LicensePool(license_type=t, unlimited=True) for t in unlimited
    ]
    return Clinic(id=id, name=f"Clinic {id}", pools=pools, users=list(users), billing=billing)


def organization(*clinics: Clinic, id: str = "org") -> Organization:  # noqa: A002
    """An organization of the given clinics."""
    return Organization(id=id, name=f"Org {id}", clinics=clinics)


def monthly(day: int = 21, *, hour: int = 0) -> BillingCycle:
    """A billing cycle anchored on ``day`` of January 2026, UTC, with the 24-hour cutoff."""
    return BillingCycle(anchor=datetime(2026, 1, day, hour, tzinfo=UTC), cutoff=timedelta(hours=24))


def request(
    *,
    clinic_id: str = "c1",
    requested_by: str = "mgr",
    kind: AdjustmentKind = AdjustmentKind.REMOVE,
    counts: Mapping[LicenseType, int] | None = None,
    reason: Reason = Reason.UNUSED_LICENSES,
    explanation: str | None = EXPLANATION,
    submitted_at: datetime = NOW,
) -> AdjustmentRequest:
    """An adjustment request with defaults: a REMOVE by ``mgr`` for clinic ``c1``."""
    return AdjustmentRequest(
        clinic_id=clinic_id,
        requested_by=requested_by,
        kind=kind,
        counts=counts if counts is not None else {LicenseType.ASSISTANT: 1},
        reason=reason,
        explanation=explanation,
        submitted_at=submitted_at,
    )
