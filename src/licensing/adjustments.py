"""Processing a license adjustment request: the organization after the vendor applies it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from licensing._checks import check_argument, fail_type, is_mapping
from licensing.enums import AdjustmentKind, LicenseType
from licensing.errors import InvalidRequestError, InvalidValueError
from licensing.model import AdjustmentRequest, Clinic, LicensePool, Organization
from licensing.policy import RetentionPolicy
from licensing.validation import validate_request

__all__ = ["apply_request", "requesters"]

_APPLY: Final = "apply_request"


def requesters(
    requested_by: str | Mapping[str, str], clinic_ids: Iterable[str], *, owner: str
) -> dict[str, str]:
    """Who submits each drafted request: one user id for every clinic, or one per clinic.

    Args:
        requested_by: A user id, or a mapping of clinic id to user id that names every clinic
            of ``clinic_ids`` (extra keys are ignored).
        clinic_ids: The clinics that get a request.
        owner: The function that drafts the requests, for the errors.

    Returns:
        Clinic id to the id of its requester, for each of ``clinic_ids``.

    Raises:
        InvalidTypeError: ``requested_by`` is neither a string nor a mapping.
        InvalidValueError: The mapping names no requester for some of ``clinic_ids``.
    """
    ids = tuple(clinic_ids)
    if isinstance(requested_by, str):
        return dict.fromkeys(ids, requested_by)
    if not is_mapping(requested_by):
        raise fail_type(
            owner, "requested_by", requested_by, "a user id or a mapping of clinic id to user id"
        )
    missing = [clinic_id for clinic_id in ids if clinic_id not in requested_by]
    if missing:
        msg = (
            f"{owner}.requested_by must name the requester of every clinic that gets a "
            f"request; it names none for {', '.join(repr(clinic_id) for clinic_id in missing)}"
        )
        raise InvalidValueError(msg, field="requested_by", value=requested_by)
    return {clinic_id: requested_by[clinic_id] for clinic_id in ids}


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
        InvalidTypeError: An argument is not of its documented type.
        InvalidRequestError: The request has errors; its ``report`` lists every problem.
    """
    check_argument(_APPLY, "request", request, AdjustmentRequest, "an AdjustmentRequest")
    check_argument(_APPLY, "organization", organization, Organization, "an Organization")
    check_argument(
        _APPLY, "policy", policy, (RetentionPolicy, type(None)), "a RetentionPolicy or None"
    )
    report = validate_request(request, organization, policy=policy)
    if not report.ok:
        raise InvalidRequestError(report)
    clinic = organization.clinic(request.clinic_id)
    return organization.replace_clinic(_adjusted(clinic, request))
