"""The enumerations of the domain.

Each member's value is its name in lower case: that is what travels in JSON, so values are pinned.
"""

from __future__ import annotations

import enum

__all__ = ["AdjustmentKind", "LicenseType", "Permission", "Reason", "UserStatus", "UserType"]


class LicenseType(enum.Enum):
    """The four kinds of license a clinic holds, in their canonical order.

    Every count in the library is per (clinic, license type); iteration order is the order in which
    results list license types.
    """

    THERAPIST = "therapist"
    ASSISTANT = "assistant"
    STUDENT = "student"
    CLERICAL = "clerical"

    @property
    def charged(self) -> bool:
        """Whether licenses of this type are billed (every type but Clerical).

        >>> LicenseType.CLERICAL.charged, LicenseType.STUDENT.charged
        (False, True)
        """
        return self is not LicenseType.CLERICAL


class UserType(enum.Enum):
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
        match self:
            case UserType.PT | UserType.OT | UserType.SLP:
                return LicenseType.THERAPIST
            case UserType.PTA | UserType.COTA | UserType.SLPA:
                return LicenseType.ASSISTANT
            case UserType.SPT | UserType.SOT | UserType.SSLP:
                return LicenseType.STUDENT
            case _:
                return LicenseType.CLERICAL


class UserStatus(enum.Enum):
    """Whether a user can log in. Users are never deleted, only made inactive."""

    ACTIVE = "active"
    INACTIVE = "inactive"


class Permission(enum.Enum):
    """Permissions on a user profile that matter to licensing. `ADMIN` implies every permission."""

    USER_MANAGER = "user_manager"
    ADMIN = "admin"


class AdjustmentKind(enum.Enum):
    """Whether an adjustment request adds licenses or removes them."""

    ADD = "add"
    REMOVE = "remove"


class Reason(enum.Enum):
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
