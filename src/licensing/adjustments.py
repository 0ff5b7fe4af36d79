"""Processing a license adjustment request: the organization after the vendor applies it."""

from __future__ import annotations

import attrs

from licensing.enums import AdjustmentKind, LicenseType
from licensing.errors import InvalidRequestError
from licensing.model import AdjustmentRequest, Clinic, LicensePool, Organization
from licensing.policy import RetentionPolicy
from licensing.validation import validate_request

__all__ = ["apply_request"]


def _adjusted(clinic: Clinic, request: AdjustmentRequest) -> Clinic:
    """The clinic with the request's counts added to (ADD) or taken from (REMOVE) its pools.

    Pools keep their order; a type the request names that has no pool gets a new limited pool,
    appended in `LicenseType` order. Types the request does not name (or names with 0) are left
    exactly as they are.
    """
    sign = 1 if request.kind is AdjustmentKind.ADD else -1
    changes = {t: sign * n for t, n in request.counts.items() if n}
    pools = [
        attrs.evolve(pool, purchased=pool.purchased + changes.pop(pool.license_type))
        if pool.license_type in changes
        else pool
        for pool in clinic.pools
    ]
    pools.extend(
        LicensePool(license_type=license_type, purchased=changes[license_type])
        for license_type in LicenseType
        if license_type in changes
    )
    return attrs.evolve(clinic, pools=pools)


def apply_request(
    request: AdjustmentRequest,
    organization: Organization,
    *,
    policy: RetentionPolicy | None = None,
) -> Organization:
    """Return the organization after the request is processed.

    The request is validated first (`licensing.validate_request`); a request with errors is
    refused, whatever its warnings. Otherwise exactly the purchased counts it names change, in its
    one clinic: an ADD adds each count to its type's pool (creating a limited pool for a type the
    clinic had none of), a REMOVE subtracts it. Users, other pools, other clinics and the order of
    everything are untouched, so applying an ADD and then the same REMOVE gives back an equal
    organization.

    Args:
        request: The request to process.
        organization: The organization as it stands before the request.
        policy: Passed to `licensing.validate_request`; it only affects warnings, never whether
            the request is processed.

    Returns:
        A new organization; the given one is not changed.

    Raises:
        InvalidRequestError: The request has errors; its ``report`` lists every problem.
    """
    report = validate_request(request, organization, policy=policy)
    if not report.ok:
        raise InvalidRequestError(report)
    clinic = organization.clinic(request.clinic_id)
    return organization.replace_clinic(_adjusted(clinic, request))
