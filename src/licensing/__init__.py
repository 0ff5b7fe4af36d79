"""Typed, side-effect-free license decisions for multi-clinic physical-therapy practices.

Build the model (`Organization`, `Clinic`, `User`, `LicensePool`), then ask: `usage` (what each
clinic uses and pays for), `propose_removals` (what to release before the next invoice, and what
it saves), `validate_request` and `apply_request` (is an adjustment valid; process it), and
`activate`, `deactivate`, `share_license` (the product's status rules). Nothing here reads the
clock, files, network, environment or randomness: "now" is always an argument.
"""

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from licensing._frozenmap import FrozenMap
from licensing.activation import activate, deactivate, share_license
from licensing.adjustments import apply_request
from licensing.billing import BillingCycle, PriceList, RemovalTiming
from licensing.bounds import (
    MAX_COUNT,
    MAX_CUTOFF,
    MAX_ID_LENGTH,
    MAX_INACTIVITY,
    MAX_MONEY_PLACES,
    MAX_NAME_LENGTH,
    MAX_PRICE,
    MAX_STORED_EXPLANATION_LENGTH,
    MAX_TALLY,
    MAX_VALID_EXPLANATION_LENGTH,
    MIN_VALID_EXPLANATION_LENGTH,
)
from licensing.counting import ClinicUsage, OrganizationUsage, PoolUsage, Record, usage
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
from licensing.errors import (
    InvalidRequestError,
    InvalidTypeError,
    InvalidValueError,
    LicensingError,
    MaximumLicensesReachedError,
    PriceNotFoundError,
    UnknownClinicError,
    UnknownIdError,
    UnknownUserError,
    UserStatusError,
)
from licensing.health import ALERT_WINDOW, Alert, AlertCode, HealthCheck, health_check
from licensing.idle import IdleReport, IdleUser, InactivityPolicy, find_idle
from licensing.model import AdjustmentRequest, Clinic, LicensePool, Organization, User
from licensing.policy import RetentionPolicy
from licensing.removals import RemovalLine, RemovalProposal, propose_removals, removal_order
from licensing.validation import (
    Problem,
    ProblemCode,
    Severity,
    ValidationReport,
    validate_request,
)

if TYPE_CHECKING:
    from licensing.serialization import error_messages, format_exception, make_converter

    #: Deprecated: `MAX_STORED_EXPLANATION_LENGTH`.
    MAX_EXPLANATION_LENGTH: Final = MAX_STORED_EXPLANATION_LENGTH
    #: Deprecated: `MIN_VALID_EXPLANATION_LENGTH`.
    EXPLANATION_MIN_LENGTH: Final = MIN_VALID_EXPLANATION_LENGTH
    #: Deprecated: `MAX_VALID_EXPLANATION_LENGTH`.
    EXPLANATION_MAX_LENGTH: Final = MAX_VALID_EXPLANATION_LENGTH

from licensing._version import __version__

# The JSON edge loads cattrs, a third of the import's time, which code that never converts does not
# need: `licensing.make_converter` and its two helpers load `licensing.serialization` on first use.
_LAZY: Final = frozenset({"error_messages", "format_exception", "make_converter"})

# Names of version 0.1 that read alike but meant different limits: each still works, with a
# DeprecationWarning that names its replacement.
_DEPRECATED: Final = MappingProxyType(
    {
        "MAX_EXPLANATION_LENGTH": "MAX_STORED_EXPLANATION_LENGTH",
        "EXPLANATION_MIN_LENGTH": "MIN_VALID_EXPLANATION_LENGTH",
        "EXPLANATION_MAX_LENGTH": "MAX_VALID_EXPLANATION_LENGTH",
    }
)


# Hidden from type checkers, which would otherwise take any name of the module as valid: they see
# the names declared above instead.
if not TYPE_CHECKING:  # pragma: no branch - always true when the code runs

    def __getattr__(name: str) -> Any:  # noqa: ANN401 - the attribute's own type
        """Load the JSON edge on first use, and answer the deprecated names with a warning."""
        if name in _LAZY:
            from licensing import serialization  # noqa: PLC0415 - deferred on purpose

            return getattr(serialization, name)
        if name in _DEPRECATED:
            import warnings  # noqa: PLC0415 - only for the deprecated names

            replacement = _DEPRECATED[name]
            warnings.warn(
                f"licensing.{name} is deprecated: use licensing.{replacement}, the same limit "
                "under a name that says which limit it is",
                DeprecationWarning,
                stacklevel=2,
            )
            return globals()[replacement]
        msg = f"module 'licensing' has no attribute {name!r}"
        raise AttributeError(msg)


def __dir__() -> list[str]:
    """List the module's public names (the lazily loaded ones included)."""
    return sorted(__all__)


__all__ = [
    "ALERT_WINDOW",
    "MAX_COUNT",
    "MAX_CUTOFF",
    "MAX_ID_LENGTH",
    "MAX_INACTIVITY",
    "MAX_MONEY_PLACES",
    "MAX_NAME_LENGTH",
    "MAX_PRICE",
    "MAX_STORED_EXPLANATION_LENGTH",
    "MAX_TALLY",
    "MAX_VALID_EXPLANATION_LENGTH",
    "MIN_VALID_EXPLANATION_LENGTH",
    "AdjustmentKind",
    "AdjustmentRequest",
    "Alert",
    "AlertCode",
    "BillingCycle",
    "Clinic",
    "ClinicUsage",
    "Confidence",
    "FrozenMap",
    "HealthCheck",
    "IdleKind",
    "IdleReport",
    "IdleUser",
    "InactivityPolicy",
    "InvalidRequestError",
    "InvalidTypeError",
    "InvalidValueError",
    "LicensePool",
    "LicenseType",
    "LicensingError",
    "MaximumLicensesReachedError",
    "Organization",
    "OrganizationUsage",
    "Permission",
    "PoolUsage",
    "PriceList",
    "PriceNotFoundError",
    "Problem",
    "ProblemCode",
    "Reason",
    "Record",
    "RemovalLine",
    "RemovalProposal",
    "RemovalTiming",
    "RetentionPolicy",
    "Severity",
    "UnknownClinicError",
    "UnknownIdError",
    "UnknownUserError",
    "User",
    "UserStatus",
    "UserStatusError",
    "UserType",
    "ValidationReport",
    "__version__",
    "activate",
    "apply_request",
    "deactivate",
    "error_messages",
    "find_idle",
    "format_exception",
    "health_check",
    "make_converter",
    "propose_removals",
    "removal_order",
    "share_license",
    "usage",
    "validate_request",
]
