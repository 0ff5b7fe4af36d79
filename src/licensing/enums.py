"""The enumerations of the domain.

Each member's value is its name in lower case: that is what travels in JSON, so values are pinned.
"""

from __future__ import annotations

import enum
import functools
from types import MappingProxyType

__all__ = [
    "AdjustmentKind",
    "Confidence",
    "IdleKind",
    "LicenseType",
    "Permission",
    "Reason",
    "UserStatus",
    "UserType",
]


class _Member(enum.Enum):
    """The enumerations' base: a member hashes by identity.

    Members are singletons compared by identity, so an identity hash agrees with equality, and
    CPython computes it in C; `enum.Enum` hashes a member's name with a Python-level call, which a
    count over a million users' types and statuses would pay twice per user.
    """

    __hash__ = object.__hash__


class LicenseType(_Member):
    """The four kinds of license a clinic holds, in their canonical order.

    Every count in the library is per (clinic, license type); iteration order is the order in which
    results list license types.
    """

    THERAPIST = "therapist"
    ASSISTANT = "assistant"
    STUDENT = "student"
    CLERICAL = "clerical"

    @property
    def rank(self) -> int:
        """The position of this type in the canonical order (Therapist 0, ..., Clerical 3).

        >>> LicenseType.STUDENT.rank
        2
        """
        return _RANK_OF_LICENSE_TYPE[self]

    @property
    def charged(self) -> bool:
        """Whether licenses of this type are billed (every type but Clerical).

        >>> LicenseType.CLERICAL.charged, LicenseType.STUDENT.charged
        (False, True)
        """
        return self is not LicenseType.CLERICAL


_RANK_OF_LICENSE_TYPE = MappingProxyType({member: rank for rank, member in enumerate(LicenseType)})


class UserType(_Member):
    """The role on a user profile; each maps to exactly one `LicenseType`."""

    PT = "pt"
    OT = "ot"
    SLP = "slp"
    PTA = "pta"
    COTA = "cota"
    SLPA = "slpa"
    SPT = "spt"
    SOT = "sot"
    SSLP = "sslp"
    CLERICAL = "clerical"
    BILLER = "biller"

    @property
    def license_type(self) -> LicenseType:
        """The license type a user of this type consumes.

        PT, OT and SLP are Therapists; PTA, COTA and SLPA Assistants; SPT, SOT and SSLP Students;
        Clerical and Biller are Clerical.

        >>> UserType.COTA.license_type
        <LicenseType.ASSISTANT: 'assistant'>
        """
        return _LICENSE_TYPE_OF[self]


#: Which license type each user type consumes (the table of the domain's "User types").
_LICENSE_TYPE_OF = MappingProxyType(
    {
        UserType.PT: LicenseType.THERAPIST,
        UserType.OT: LicenseType.THERAPIST,
        UserType.SLP: LicenseType.THERAPIST,
        UserType.PTA: LicenseType.ASSISTANT,
        UserType.COTA: LicenseType.ASSISTANT,
        UserType.SLPA: LicenseType.ASSISTANT,
        UserType.SPT: LicenseType.STUDENT,
        UserType.SOT: LicenseType.STUDENT,
        UserType.SSLP: LicenseType.STUDENT,
        UserType.CLERICAL: LicenseType.CLERICAL,
        UserType.BILLER: LicenseType.CLERICAL,
    }
)


class UserStatus(_Member):
    """Whether a user can log in. Users are never deleted, only made inactive."""

    ACTIVE = "active"
    INACTIVE = "inactive"


class Permission(_Member):
    """Permissions on a user profile that matter to licensing. `ADMIN` implies every permission."""

    USER_MANAGER = "user_manager"
    ADMIN = "admin"


class AdjustmentKind(_Member):
    """Whether an adjustment request adds licenses or removes them."""

    ADD = "add"
    REMOVE = "remove"


class Reason(_Member):
    """Why a clinic asks for a license adjustment (the form's "Reason" drop-down).

    The product's exact list is not public; this one covers the cases clinics meet. Each value
    says which kind of request it usually goes with; `OTHER` goes with either and, like every
    reason, needs a real explanation.

    Attributes:
        NEW_HIRE: ADD. A provider joins the clinic and needs a license.
        STUDENT_PLACEMENT: ADD. A student begins a clinical rotation.
        SEASONAL_DEMAND: ADD or REMOVE. Staffing follows seasonal caseloads (PRN, summer).
        CLINIC_EXPANSION: ADD. The clinic grows: new rooms, services or hours.
        STAFF_DEPARTURE: REMOVE. A provider left and will not be replaced.
        LEAVE_OF_ABSENCE: REMOVE. A provider is on extended leave with no fill-in.
        UNUSED_LICENSES: REMOVE. Licenses are paid for but unused (the health check's reason).
        CLINIC_DOWNSIZING: REMOVE. The clinic shrinks or closes services.
        BILLING_CORRECTION: ADD or REMOVE. Purchased counts do not match the contract.
        OTHER: ADD or REMOVE. Anything else, described in the explanation.
    """

    NEW_HIRE = "new_hire"
    STUDENT_PLACEMENT = "student_placement"
    SEASONAL_DEMAND = "seasonal_demand"
    CLINIC_EXPANSION = "clinic_expansion"
    STAFF_DEPARTURE = "staff_departure"
    LEAVE_OF_ABSENCE = "leave_of_absence"
    UNUSED_LICENSES = "unused_licenses"
    CLINIC_DOWNSIZING = "clinic_downsizing"
    BILLING_CORRECTION = "billing_correction"
    OTHER = "other"

    @property
    def kinds(self) -> frozenset[AdjustmentKind]:
        """The kinds of request this reason fits.

        >>> sorted(k.value for k in Reason.NEW_HIRE.kinds)
        ['add']
        """
        match self:
            case Reason.NEW_HIRE | Reason.STUDENT_PLACEMENT | Reason.CLINIC_EXPANSION:
                return frozenset({AdjustmentKind.ADD})
            case (
                Reason.STAFF_DEPARTURE
                | Reason.LEAVE_OF_ABSENCE
                | Reason.UNUSED_LICENSES
                | Reason.CLINIC_DOWNSIZING
            ):
                return frozenset({AdjustmentKind.REMOVE})
            case _:
                return frozenset(AdjustmentKind)


class IdleKind(_Member):
    """What the evidence of an idle license is (`licensing.find_idle`).

    Attributes:
        DORMANT: A last activity is recorded, more than the threshold before "now".
        NEVER_ACTIVE: No activity is recorded, and the license is held since more than the
            grace before "now".
        UNKNOWN: No activity and no ``licensed_since``: the evidence is missing.
    """

    DORMANT = "dormant"
    NEVER_ACTIVE = "never_active"
    UNKNOWN = "unknown"


@functools.total_ordering
class Confidence(_Member):
    """How strong the evidence of an idle license is, ordered ``LOW < MEDIUM < HIGH``.

    The rule is `licensing.idle.confidence_of`.

    >>> Confidence.LOW < Confidence.MEDIUM < Confidence.HIGH
    True
    >>> max([Confidence.MEDIUM, Confidence.HIGH, Confidence.LOW])
    <Confidence.HIGH: 'high'>
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """The position in the order: LOW 0, MEDIUM 1, HIGH 2."""
        return _RANK_OF_CONFIDENCE[self]

    def __lt__(self, other: object) -> bool:
        """Whether this confidence is lower than ``other``.

        `functools.total_ordering` adds the other comparisons; comparing with anything but a
        `Confidence` is a `TypeError`.
        """
        if not isinstance(other, Confidence):
            return NotImplemented
        return self.rank < other.rank


_RANK_OF_CONFIDENCE = MappingProxyType({member: rank for rank, member in enumerate(Confidence)})
