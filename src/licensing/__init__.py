"""Typed, side-effect-free license decisions for multi-clinic physical-therapy practices.

Build the model (`Organization`, `Clinic`, `User`, `LicensePool`), then ask: `usage` (what each
clinic uses and pays for), `propose_removals` (what to release before the next invoice, and what
it saves), `validate_request` and `apply_request` (is an adjustment valid; process it), and
`activate`, `deactivate`, `share_license` (the product's status rules). Nothing here reads the
clock, files, network, environment or randomness: "now" is always an argument.
"""

from typing import TYPE_CHECKING, Any

from licensing._checks import (
    MAX_COUNT,
    MAX_EXPLANATION_LENGTH,
    MAX_ID_LENGTH,
    MAX_MONEY_PLACES,
    MAX_NAME_LENGTH,
    MAX_PRICE,
)
from licensing.activation import activate, deactivate, share_license
from licensing.adjustments import apply_request
from licensing.billing import MAX_CUTOFF, BillingCycle, PriceList
from licensing.enums import AdjustmentKind, LicenseType, Permission, Reason, UserStatus, UserType
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
from licensing.model import AdjustmentRequest, Clinic, LicensePool, Organization, User
from licensing.policy import RetentionPolicy
from licensing.removals import RemovalLine, RemovalProposal, propose_removals, removal_order
from licensing.usage import ClinicUsage, OrganizationUsage, PoolUsage, usage
from licensing.validation import (
    EXPLANATION_MAX_LENGTH,
    EXPLANATION_MIN_LENGTH,
    Problem,
    ProblemCode,
    Severity,
    ValidationReport,
    validate_request,
)

if TYPE_CHECKING:
    from licensing.serialization import error_messages, format_exception, make_converter

__version__ = "0.1.0"

# The JSON edge loads cattrs, a third of the import's time, which code that never converts does not
# need: `licensing.make_converter` and its two helpers load `licensing.serialization` on first use.
_LAZY = frozenset({"error_messages", "format_exception", "make_converter"})


# Hidden from type checkers, which would otherwise take any name of the module as valid: they see
# the three names imported above instead.
if not TYPE_CHECKING:  # pragma: no branch - always true when the code runs

    def __getattr__(name: str) -> Any:  # noqa: ANN401 - the attribute's own type
        """Load the JSON edge (`licensing.serialization`) when one of its names is first read."""
        if name in _LAZY:
            from licensing import serialization  # noqa: PLC0415 - deferred on purpose

            return getattr(serialization, name)
        msg = f"module 'licensing' has no attribute {name!r}"
        raise AttributeError(msg)


def __dir__() -> list[str]:
    """List the module's names, the lazily loaded ones included."""
    return sorted({*globals(), *_LAZY})


__all__ = [
    "EXPLANATION_MAX_LENGTH",
    "EXPLANATION_MIN_LENGTH",
    "MAX_COUNT",
    "MAX_CUTOFF",
    "MAX_EXPLANATION_LENGTH",
    "MAX_ID_LENGTH",
    "MAX_MONEY_PLACES",
    "MAX_NAME_LENGTH",
    "MAX_PRICE",
    "AdjustmentKind",
    "AdjustmentRequest",
    "BillingCycle",
    "Clinic",
    "ClinicUsage",
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
    "RemovalLine",
    "RemovalProposal",
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
    "format_exception",
    "make_converter",
    "propose_removals",
    "removal_order",
    "share_license",
    "usage",
    "validate_request",
]
