"""apply_request: a valid request changes exactly the purchased counts it names, nothing else."""

import attrs
import pytest
from hypothesis import event, given

from builders import clinic, manager, organization, request, user
from licensing import (
    AdjustmentKind,
    AdjustmentRequest,
    InvalidRequestError,
    LicensePool,
    LicenseType,
    LicensingError,
    Organization,
    ProblemCode,
    Reason,
    RetentionPolicy,
    UserType,
    apply_request,
    usage,
    validate_request,
)
from licensing.strategies import ValidationCase, valid_requests, validation_cases

A = LicenseType.ASSISTANT
T = LicenseType.THERAPIST
S = LicenseType.STUDENT


def add(counts: dict[LicenseType, int], *, clinic_id: str = "c1") -> AdjustmentRequest:
    return request(
        kind=AdjustmentKind.ADD, reason=Reason.NEW_HIRE, counts=counts, clinic_id=clinic_id
    )


def remove(counts: dict[LicenseType, int], *, clinic_id: str = "c1") -> AdjustmentRequest:
    return request(kind=AdjustmentKind.REMOVE, counts=counts, clinic_id=clinic_id)


def two_clinics() -> Organization:
    """``c1``: 3 Therapist (1 used) and 20 Assistant (2 used) licenses; ``c2``: 4 Students."""
    return organization(
        clinic(
            "c1",
            purchased={T: 3, A: 20},
            users=[
                manager(),
                user("pt"),
                user("a1", user_type=UserType.PTA),
                user("a2", user_type=UserType.COTA),
            ],
        ),
        clinic("c2", purchased={S: 4}, users=[user("s1", user_type=UserType.SPT)]),
    )


def purchased(org: Organization, clinic_id: str, license_type: LicenseType) -> int:
    return org.clinic(clinic_id).pool(license_type).purchased


# --- examples ---------------------------------------------------------------------------------


def test_adding_increases_the_purchased_count_of_that_type() -> None:
    org = two_clinics()

    after = apply_request(add({T: 2}), org)

    assert purchased(after, "c1", T) == 5


def test_removing_decreases_the_purchased_count_of_that_type() -> None:
    org = two_clinics()

    after = apply_request(remove({A: 17, T: 2}), org)

    assert purchased(after, "c1", A) == 3
    assert purchased(after, "c1", T) == 1


def test_removing_17_of_18_available_assistant_licenses_leaves_one_available() -> None:
    after = apply_request(remove({A: 17}), two_clinics(), policy=RetentionPolicy(keep={A: 1}))

    assert usage(after.clinic("c1")).pool(A).available == 1


def test_removing_19_of_18_available_assistant_licenses_is_refused_with_the_report() -> None:
    org = two_clinics()
    req = remove({A: 19})

    with pytest.raises(InvalidRequestError) as caught:
        apply_request(req, org)

    assert caught.value.report == validate_request(req, org)
    assert caught.value.report.codes == {ProblemCode.REMOVAL_EXCEEDS_AVAILABLE}
    assert "removal_exceeds_available at counts.assistant" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, LicensingError)


def test_adding_a_type_the_clinic_has_no_pool_for_appends_a_limited_pool() -> None:
    org = two_clinics()

    after = apply_request(add({S: 2}), org)

    before_pools = org.clinic("c1").pools
    assert after.clinic("c1").pools == (*before_pools, LicensePool(license_type=S, purchased=2))


def test_new_pools_are_appended_in_license_type_order_whatever_the_counts_order() -> None:
    org = organization(clinic("c1", users=[manager()]))

    after = apply_request(add({S: 1, A: 2, T: 3}), org)

    assert [pool.license_type for pool in after.clinic("c1").pools] == [T, A, S]


def test_a_zero_count_leaves_its_type_untouched_and_adds_no_pool() -> None:
    org = two_clinics()

    after = apply_request(add({T: 1, S: 0}), org)

    assert [p.license_type for p in after.clinic("c1").pools] == [T, A]
    assert purchased(after, "c1", A) == 20


def test_users_other_pools_and_other_clinics_are_untouched() -> None:
    org = two_clinics()

    after = apply_request(remove({A: 5}), org)

    assert after.clinic("c1").users == org.clinic("c1").users
    assert after.clinic("c1").pool(T) == org.clinic("c1").pool(T)
    assert after.clinic("c2") is org.clinic("c2")
    assert (after.id, after.name) == (org.id, org.name)


def test_applying_returns_a_new_organization_and_leaves_the_given_one_alone() -> None:
    org = two_clinics()

    apply_request(remove({A: 5}), org)

    assert org == two_clinics()


def test_warnings_do_not_block_a_request() -> None:
    org = two_clinics()
    req = attrs.evolve(remove({A: 18}), reason=Reason.NEW_HIRE)
    policy = RetentionPolicy(keep={A: 2})

    after = apply_request(req, org, policy=policy)

    assert validate_request(req, org, policy=policy).codes == {
        ProblemCode.BELOW_SPARE,
        ProblemCode.REASON_MISMATCH,
    }
    assert purchased(after, "c1", A) == 2


def test_a_request_for_another_clinic_changes_only_that_clinic() -> None:
    org = organization(
        clinic("c1", users=[manager(clinic_access=["c2"])]),
        clinic("c2", purchased={S: 4}),
    )

    after = apply_request(remove({S: 4}, clinic_id="c2"), org)

    assert purchased(after, "c2", S) == 0
    assert after.clinic("c1") is org.clinic("c1")


def test_adding_then_removing_the_same_counts_restores_the_organization() -> None:
    org = two_clinics()

    after = apply_request(remove({S: 2}), apply_request(add({S: 2}), org))

    assert after == org


def test_an_unknown_clinic_is_refused_not_looked_up() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        apply_request(remove({A: 1}, clinic_id="nowhere"), two_clinics())

    assert ProblemCode.UNKNOWN_CLINIC in caught.value.report.codes


# --- properties -------------------------------------------------------------------------------


def opposite(req: AdjustmentRequest) -> AdjustmentRequest:
    kind = AdjustmentKind.REMOVE if req.kind is AdjustmentKind.ADD else AdjustmentKind.ADD
    return attrs.evolve(req, kind=kind, reason=Reason.OTHER)


@given(valid_requests())
def test_applying_changes_exactly_the_named_counts_of_one_clinic(case: ValidationCase) -> None:
    req, org, _, _ = case
    sign = 1 if req.kind is AdjustmentKind.ADD else -1

    after = apply_request(req, org)

    assert (after.id, after.name) == (org.id, org.name)
    assert [c.id for c in after.clinics] == [c.id for c in org.clinics]
    for before_clinic, after_clinic in zip(org.clinics, after.clinics, strict=True):
        if before_clinic.id != req.clinic_id:
            assert after_clinic == before_clinic
            assert after_clinic.pools == before_clinic.pools
            continue
        assert after_clinic.users == before_clinic.users
        assert (after_clinic.name, after_clinic.billing) == (
            before_clinic.name,
            before_clinic.billing,
        )
        for license_type in LicenseType:
            old, new = before_clinic.pool(license_type), after_clinic.pool(license_type)
            assert new.unlimited == old.unlimited
            assert new.purchased == old.purchased + sign * req.count(license_type)
        kept = after_clinic.pools[: len(before_clinic.pools)]
        appended = after_clinic.pools[len(before_clinic.pools) :]
        assert [p.license_type for p in kept] == [p.license_type for p in before_clinic.pools]
        assert all(req.count(p.license_type) for p in appended)


@given(valid_requests(kind=AdjustmentKind.REMOVE))
def test_a_valid_removal_lowers_available_by_its_count_and_leaves_nothing_it_touched_over_assigned(
    case: ValidationCase,
) -> None:
    # What is proved: a valid REMOVE never creates over-assignment. A type it removes from ends
    # with none, and its available count drops by exactly the count; types it does not touch
    # (which may have been over-assigned before, as imported data can be) keep their usage.
    req, org, _, _ = case

    after = apply_request(req, org)

    before_usage, after_usage = usage(org.clinic(req.clinic_id)), usage(after.clinic(req.clinic_id))
    for old, new in zip(before_usage.pools, after_usage.pools, strict=True):
        count = req.count(old.license_type)
        if count:
            assert old.available is not None
            assert new.available == old.available - count
            assert new.used == old.used
            assert new.over_assigned == 0
        else:
            assert new == old


def touches_over_assigned(req: AdjustmentRequest, org: Organization) -> bool:
    found = usage(org.clinic(req.clinic_id))
    return any(pool.over_assigned for pool in found.pools if req.count(pool.license_type))


@given(valid_requests())
def test_applying_a_request_then_its_opposite_restores_the_organization(
    case: ValidationCase,
) -> None:
    # A REMOVE then the same ADD always restores the organization. An ADD then the same REMOVE
    # does too, unless the ADD touched an over-assigned type: added licenses first cover the
    # users already active beyond the purchased count, so fewer than the count become available
    # and the same REMOVE is refused for exceeding them.
    req, org, _, _ = case
    spent = req.kind is AdjustmentKind.ADD and touches_over_assigned(req, org)
    after = apply_request(req, org)
    back = opposite(req)

    report = validate_request(back, after)

    if spent:
        assert {p.code for p in report.errors} == {ProblemCode.REMOVAL_EXCEEDS_AVAILABLE}
    else:
        assert report.ok
        assert apply_request(back, after) == org


@given(validation_cases())
def test_applying_succeeds_exactly_when_the_request_validates(case: ValidationCase) -> None:
    req, org, policy, _ = case
    report = validate_request(req, org, policy=policy)
    event("validates" if report.ok else "refused")

    if report.ok:
        after = apply_request(req, org, policy=policy)
        assert [c.id for c in after.clinics] == [c.id for c in org.clinics]
    else:
        with pytest.raises(InvalidRequestError) as caught:
            apply_request(req, org, policy=policy)
        assert caught.value.report == report
