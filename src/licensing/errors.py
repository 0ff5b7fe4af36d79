"""The errors `licensing` raises on purpose.

Every one derives from `LicensingError`, and each also inherits the builtin exception it refines,
so callers may catch either (`except ValueError` keeps working), as in `packaging`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - only for the annotation of `InvalidRequestError.report`
    from licensing.validation import ValidationReport

__all__ = [
    "InvalidRequestError",
    "InvalidTypeError",
    "InvalidValueError",
    "LicensingError",
    "MaximumLicensesReachedError",
    "PriceNotFoundError",
    "UnknownClinicError",
    "UnknownIdError",
    "UnknownUserError",
    "UserStatusError",
]


class LicensingError(Exception):
    """Base of every error the library raises on purpose."""


class _FieldError(LicensingError):
    """An error about one field's value: it records the field and the value."""

    def __init__(self, message: str, *, field: str, value: object) -> None:
        """Record the message, the field and the value."""
        super().__init__(message)
        self.field = field
        self.value = value


class InvalidValueError(_FieldError, ValueError):
    """A value object was built with a value that breaks one of its invariants.

    Attributes:
        field: The name of the offending field (for example ``"purchased"``).
        value: The offending value.
    """


class InvalidTypeError(_FieldError, TypeError):
    """A value object was built, or a function called, with a value of the wrong type.

    Attributes:
        field: The name of the offending field or argument.
        value: The offending value.
    """


class UnknownIdError(LicensingError, LookupError):
    """An id names no clinic or user where one was expected.

    Attributes:
        id: The id that was looked up.
    """

    def __init__(self, message: str, *, id: str) -> None:  # noqa: A002 - the domain's word
        """Record the message and the id."""
        super().__init__(message)
        self.id = id

    def __str__(self) -> str:
        """Return the message alone (`KeyError` would quote it)."""
        return str(self.args[0])


class UnknownClinicError(UnknownIdError):
    """No clinic has the given id."""


class UnknownUserError(UnknownIdError):
    """No user has the given id (in the clinic or organization searched)."""


class PriceNotFoundError(LicensingError, LookupError):
    """A price list has no price for a charged license type."""


class MaximumLicensesReachedError(LicensingError, ValueError):
    """The product's "Maximum Licenses Reached": no license is available to activate a user."""


class UserStatusError(LicensingError, ValueError):
    """A status change that the product's rules do not allow.

    Activating an active user or deactivating an inactive one; and, in a license share, the same
    user twice, users of different clinics, a system account (it holds no license to share), a
    giver who is not active, a taker who is not inactive, or users of different license types.
    A system account's own status may change: it never holds a license either way.
    """


class InvalidRequestError(LicensingError, ValueError):
    """An adjustment request with errors was applied.

    Attributes:
        report: The validation report listing every problem.
    """

    def __init__(self, report: ValidationReport) -> None:
        """Build the message from the report's errors.

        Raises:
            InvalidTypeError: ``report`` is not a `ValidationReport`.
        """
        # Imported here: validation builds on this module.
        from licensing._checks import check_argument  # noqa: PLC0415
        from licensing.validation import ValidationReport  # noqa: PLC0415

        check_argument(
            "InvalidRequestError", "report", report, ValidationReport, "a ValidationReport"
        )
        lines = "; ".join(f"{p.code.value} at {p.field}: {p.message}" for p in report.errors)
        super().__init__(f"the adjustment request has errors: {lines}")
        self.report = report
