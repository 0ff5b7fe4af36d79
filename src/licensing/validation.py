"""STUB - replaced by the validation work (issue 4)."""

from __future__ import annotations

import enum

import attrs

EXPLANATION_MIN_LENGTH = 20
EXPLANATION_MAX_LENGTH = 2000


class Severity(enum.Enum):
    """Stub."""

    ERROR = "error"
    WARNING = "warning"


class ProblemCode(enum.Enum):
    """Stub."""

    UNKNOWN_CLINIC = "unknown_clinic"


@attrs.frozen(kw_only=True)
class Problem:
    """Stub."""

    code: ProblemCode
    message: str
    field: str


@attrs.frozen(kw_only=True)
class ValidationReport:
    """Stub."""

    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Stub."""
        return not self.errors


def validate_request(*args: object, **kwargs: object) -> ValidationReport:
    """Stub."""
    raise NotImplementedError
