"""usage(): purchased, used, available and over-assigned per clinic and license type."""

import json
from collections import Counter

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import clinic, organization, user
from licensing import (
    MAX_TALLY,
    Clinic,
    ClinicUsage,
    InvalidTypeError,
    InvalidValueError,
    LicenseType,
    LicensingError,
    Organization,
    OrganizationUsage,
    PoolUsage,
    UnknownClinicError,
    UserStatus,
    UserType,
    usage,
)
from licensing.strategies import clinics, organizations

A = LicenseType.ASSISTANT
T = LicenseType.THERAPIST


def test_eighteen_assistant_licenses_available() -> None:
    assistants = [user(f"pta{i}", user_type=UserType.PTA) for i in range(2)]

    result = usage(clinic(purchased={A: 20}, users=assistants)).pool(A)

    assert result == PoolUsage(license_type=A, purchased=20, used=2, available=18, over_assigned=0)


def test_clerical_is_unlimited_and_free() -> None:
    clerks = [user(f"c{i}", user_type=UserType.CLERICAL) for i in range(5)]

    result = usage(clinic(users=[*clerks, user("b", user_type=UserType.BILLER)]))

    assert result.pool(LicenseType.CLERICAL) == PoolUsage(
        license_type=LicenseType.CLERICAL,
        purchased=None,
        used=6,
        available=None,
        over_assigned=0,
    )
    assert not LicenseType.CLERICAL.charged


def test_an_inactive_user_still_holds_a_purchased_license() -> None:
    result = usage(clinic(purchased={T: 2}, users=[user("u1", status=UserStatus.INACTIVE)]))

    assert result.pool(T).purchased == 2
    assert result.pool(T).used == 0
    assert result.pool(T).available == 2


def test_a_user_with_access_to_three_clinics_counts_only_at_home() -> None:
    roaming = user("u1", clinic_access=["c2", "c3", "c4"])
    org = organization(
        clinic("c1", purchased={T: 1}, users=[roaming]),
        clinic("c2", purchased={T: 1}),
        clinic("c3", purchased={T: 1}),
        clinic("c4", purchased={T: 1}),
    )

    result = usage(org)

    assert [c.pool(T).used for c in result.clinics] == [1, 0, 0, 0]
    assert result.total(T).used == 1


def test_a_system_account_never_counts() -> None:
    result = usage(clinic(purchased={T: 1}, users=[user("bot", system=True)]))

    assert result.pool(T).used == 0


def test_over_assignment_is_reported_never_a_negative_available_count() -> None:
    result = usage(clinic(purchased={T: 1}, users=[user("u1"), user("u2"), user("u3")]))

    assert result.pool(T) == PoolUsage(
        license_type=T, purchased=1, used=3, available=0, over_assigned=2
    )


def test_an_unlimited_charged_pool_reports_no_purchased_or_available_count() -> None:
    result = usage(clinic(unlimited=[T], users=[user("u1")])).pool(T)

    assert result.purchased is None
    assert result.available is None
    assert result.over_assigned == 0
    assert result.used == 1


def test_totals_never_mix_an_unlimited_pool_into_limited_counts() -> None:
    org = organization(
        clinic("c1", purchased={T: 3}, users=[user("u1")]),
        clinic("c2", unlimited=[T], users=[user("u2")]),
    )

    total = usage(org).total(T)

    assert total.purchased is None
    assert total.available is None
    assert total.used == 2


def test_totals_sum_available_and_over_assignment_per_clinic() -> None:
    org = organization(
        clinic("c1", purchased={T: 3}, users=[user("u1")]),
        clinic("c2", purchased={T: 1}, users=[user("u2"), user("u3")]),
    )

    total = usage(org).total(T)

    # c1 has 2 spare, c2 is over by 1: licenses are not pooled across clinics.
    assert total == PoolUsage(license_type=T, purchased=4, used=3, available=2, over_assigned=1)


def test_records_are_flat_json_safe_rows_one_per_clinic_and_type() -> None:
    org = organization(clinic("c1", purchased={T: 2}, users=[user("u1")]), clinic("c2"))

    records = usage(org).to_records()

    assert len(records) == 2 * len(LicenseType)
    assert records[0] == {
        "clinic_id": "c1",
        "license_type": "therapist",
        "purchased": 2,
        "used": 1,
        "available": 1,
        "over_assigned": 0,
    }
    assert records[3]["purchased"] is None
    assert json.loads(json.dumps(records)) == records


def test_usage_renders_as_an_html_table_with_escaped_ids() -> None:
    html = usage(clinic("<c&1>", purchased={T: 2}))._repr_html_()

    assert html.startswith("<table>")
    assert "&lt;c&amp;1&gt;" in html
    assert "<td>unlimited</td>" in html
    assert html.count("<tr>") == 1 + len(LicenseType)
    assert usage(organization(clinic("c1")))._repr_html_().count("<tr>") == 1 + len(LicenseType)


def test_organization_usage_finds_a_clinic_by_id() -> None:
    result = usage(organization(clinic("c1"), clinic("c2")))

    assert result.clinic("c2").clinic_id == "c2"
    with pytest.raises(UnknownClinicError, match="c9"):
        result.clinic("c9")


def test_usage_refuses_anything_but_a_clinic_or_an_organization() -> None:
    with pytest.raises(InvalidTypeError, match=r"got 'c1' \(str\)"):
        usage("c1")  # type: ignore[call-overload]


def _expected_used(c: Clinic) -> Counter[LicenseType]:
    return Counter(
        u.license_type for u in c.users if u.status is UserStatus.ACTIVE and not u.system
    )


@given(clinics())
def test_usage_is_never_negative_and_matches_a_direct_count(c: Clinic) -> None:
    result = usage(c)

    assert [p.license_type for p in result.pools] == list(LicenseType)
    for pool in result.pools:
        assert pool.used == _expected_used(c)[pool.license_type]
        assert pool.used >= 0
        assert pool.over_assigned >= 0
        assert pool.available is None or pool.available >= 0
        assert (pool.purchased is None) == c.pool(pool.license_type).unlimited


@given(clinics())
def test_used_plus_available_is_purchased_unless_over_assigned(c: Clinic) -> None:
    for pool in usage(c).pools:
        if pool.purchased is None:
            continue
        assert pool.available is not None
        if pool.over_assigned == 0:
            assert pool.used + pool.available == pool.purchased
        else:
            assert pool.available == 0
            assert pool.used - pool.over_assigned == pool.purchased


@given(clinics(), st.data())
def test_usage_is_independent_of_the_order_of_users(c: Clinic, data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(c.users))

    assert usage(attrs.evolve(c, users=shuffled)) == usage(c)


@given(organizations(), st.data())
def test_totals_are_independent_of_the_order_of_clinics(
    org: Organization, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(org.clinics))

    assert usage(attrs.evolve(org, clinics=shuffled)).totals == usage(org).totals


def _by_hand(org: Organization, license_type: LicenseType) -> PoolUsage:
    """The organization's total of one type, counted from the clinics' pools and users alone."""
    used = over = purchased = available = 0
    unlimited = False
    for c in org.clinics:
        holders = sum(
            1
            for u in c.users
            if u.user_type.license_type is license_type
            and u.status is UserStatus.ACTIVE
            and not u.system
        )
        used += holders
        pools = [p for p in c.pools if p.license_type is license_type]
        if license_type is LicenseType.CLERICAL or any(p.unlimited for p in pools):
            unlimited = True
            continue
        bought = sum(p.purchased for p in pools)
        purchased += bought
        available += max(0, bought - holders)
        over += max(0, holders - bought)
    return PoolUsage(
        license_type=license_type,
        purchased=None if unlimited else purchased,
        used=used,
        available=None if unlimited else available,
        over_assigned=over,
    )


@given(organizations())
def test_organization_totals_are_what_a_count_by_hand_of_the_clinics_gives(
    org: Organization,
) -> None:
    result = usage(org)

    assert result.totals == tuple(_by_hand(org, license_type) for license_type in LicenseType)
    assert [c.clinic_id for c in result.clinics] == [c.id for c in org.clinics]


@given(clinics(), st.data())
def test_a_system_user_never_changes_usage(c: Clinic, data: st.DataObject) -> None:
    # Any user of the clinic (or a new one) made a system account, of any status.
    extra = user("system-extra", user_type=data.draw(st.sampled_from(UserType)))
    target = data.draw(st.sampled_from([*c.users, extra]))
    flipped = attrs.evolve(target, system=True, status=data.draw(st.sampled_from(UserStatus)))
    without = attrs.evolve(c, users=[u for u in c.users if u.id != target.id])

    with_system = attrs.evolve(c, users=[*without.users, flipped])

    assert usage(with_system) == usage(without)


@given(organizations())
def test_records_have_one_row_per_clinic_and_license_type(org: Organization) -> None:
    result: OrganizationUsage = usage(org)
    records = result.to_records()

    assert len(records) == len(org.clinics) * len(LicenseType)
    assert json.loads(json.dumps(records)) == records
    per_clinic: list[ClinicUsage] = list(result.clinics)
    assert records == [r for c in per_clinic for r in c.to_records()]


@given(organizations(), st.data())
def test_combining_the_usages_of_any_partition_equals_the_usage_of_the_whole(
    org: Organization, data: st.DataObject
) -> None:
    labels = data.draw(
        st.lists(st.integers(0, 3), min_size=len(org.clinics), max_size=len(org.clinics))
    )
    parts = [
        attrs.evolve(
            org, clinics=[c for c, label in zip(org.clinics, labels, strict=True) if label == part]
        )
        for part in range(4)
    ]
    ordered = attrs.evolve(org, clinics=[c for part in parts for c in part.clinics])

    combined = OrganizationUsage.combine(usage(part) for part in parts)

    assert combined == usage(ordered)
    assert combined.totals == usage(org).totals


def test_combining_refuses_a_clinic_in_two_parts() -> None:
    part = usage(organization(clinic("c1")))

    with pytest.raises(InvalidValueError, match="'c1'"):
        OrganizationUsage.combine([part, part])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"license_type": "therapist"}, "license_type"),
        ({"used": -1}, "used"),
        ({"used": True}, "used"),
        ({"over_assigned": 10**13}, "over_assigned"),
        ({"purchased": None}, "available"),
        ({"available": None}, "available"),
        ({"available": 7}, "available"),
    ],
)
def test_a_pool_usage_refuses_counts_no_clinic_can_have(
    changes: dict[str, object], field: str
) -> None:
    fields: dict[str, object] = {
        "license_type": T,
        "purchased": 3,
        "used": 1,
        "available": 2,
        "over_assigned": 0,
    }

    with pytest.raises(LicensingError) as raised:
        PoolUsage(**(fields | changes))  # type: ignore[arg-type]
    assert raised.value.field == field  # type: ignore[attr-defined]


def _clinic_pools(**pools: PoolUsage) -> tuple[PoolUsage, ...]:
    """A clinic's four pools, each 0 purchased and unused unless given."""
    default = {
        "therapist": PoolUsage.limited(T, purchased=0, used=0),
        "assistant": PoolUsage.limited(A, purchased=0, used=0),
        "student": PoolUsage.limited(LicenseType.STUDENT, purchased=0, used=0),
        "clerical": PoolUsage.unlimited(LicenseType.CLERICAL, used=0),
    }
    return tuple((default | pools).values())


@pytest.mark.parametrize(
    ("pools", "field"),
    [
        (  # a total's counts, not one clinic's: spare and over-assigned at once
            {
                "therapist": PoolUsage(
                    license_type=T, purchased=4, used=3, available=2, over_assigned=1
                )
            },
            "pools.therapist",
        ),
        (  # an unlimited pool is never over-assigned in a clinic
            {
                "therapist": PoolUsage(
                    license_type=T, purchased=None, used=1, available=None, over_assigned=1
                )
            },
            "pools.therapist",
        ),
        (  # Clerical is unlimited in every clinic
            {"clerical": PoolUsage.limited(LicenseType.CLERICAL, purchased=3, used=0)},
            "pools.clerical",
        ),
    ],
)
def test_a_clinic_usage_refuses_pools_no_clinic_can_have(
    pools: dict[str, PoolUsage], field: str
) -> None:
    with pytest.raises(InvalidValueError) as raised:
        ClinicUsage(clinic_id="c1", pools=_clinic_pools(**pools))

    [refused] = pools.values()
    one_clinic = (
        "must be the usage of one clinic: available or over-assigned, never both, and never "
        "over-assigned when unlimited"
    )
    problem = "must be unlimited, as in every clinic" if field == "pools.clerical" else one_clinic
    assert str(raised.value).startswith(f"ClinicUsage.{field} {problem}, got PoolUsage(")
    assert (raised.value.field, raised.value.value) == (field, refused)


def test_an_organization_usage_refuses_totals_that_are_not_its_clinics_sums() -> None:
    real = usage(organization(clinic("c1", purchased={T: 2}, users=[user("u1")])))
    lying = (PoolUsage.limited(T, purchased=2, used=0), *real.totals[1:])

    with pytest.raises(InvalidValueError) as raised:
        OrganizationUsage(clinics=real.clinics, totals=lying)

    assert raised.value.field == "totals"
    assert raised.value.value is lying[0]
    assert str(raised.value).startswith(
        "OrganizationUsage.totals must be the sums of the clinics' usage: for therapist, "
        "purchased=2, used=1, available=1, over_assigned=0, got PoolUsage("
    )


def test_an_organization_usage_refuses_a_repeated_clinic() -> None:
    one = usage(clinic("c1"))

    with pytest.raises(InvalidValueError, match="must not repeat a clinic id"):
        OrganizationUsage.of([one, one])


@given(organizations(), st.data())
def test_parts_combined_in_any_order_with_the_clinic_order_equal_the_whole(
    org: Organization, data: st.DataObject
) -> None:
    # Spark's hash partitioning hands the parts back in any order, each in any order.
    labels = data.draw(
        st.lists(st.integers(0, 3), min_size=len(org.clinics), max_size=len(org.clinics))
    )
    parts = [
        attrs.evolve(
            org,
            clinics=data.draw(
                st.permutations(
                    [c for c, label in zip(org.clinics, labels, strict=True) if label == part]
                )
            ),
        )
        for part in data.draw(st.permutations(range(4)))
    ]

    combined = OrganizationUsage.combine(
        (usage(part) for part in parts), order=[c.id for c in org.clinics]
    )

    assert combined == usage(org)


@pytest.mark.parametrize(
    ("order", "missing", "unknown"),
    [
        (["c1"], ["c2"], []),
        (["c1", "c2", "c3"], [], ["c3"]),
        (["c1", "c1", "c2"], [], []),
    ],
)
def test_combining_refuses_an_order_that_does_not_name_each_clinic_once(
    order: list[str], missing: list[str], unknown: list[str]
) -> None:
    parts = [usage(organization(clinic("c1"))), usage(organization(clinic("c2")))]

    with pytest.raises(InvalidValueError) as raised:
        OrganizationUsage.combine(parts, order=order)

    assert str(raised.value) == (
        "OrganizationUsage.combine.order must name every clinic of the parts exactly once "
        f"(missing: {missing}, not in the parts: {unknown}), got {tuple(order)!r} (tuple)"
    )
    assert raised.value.field == "order"
    assert raised.value.value == tuple(order)


@pytest.mark.parametrize("used", [-1, MAX_TALLY + 1])
def test_a_tally_outside_its_bounds_is_refused_in_words(used: int) -> None:
    with pytest.raises(InvalidValueError) as raised:
        PoolUsage.unlimited(LicenseType.CLERICAL, used=used)

    assert str(raised.value) == (
        f"PoolUsage.used must be between 0 and 1,000,000,000,000, got {used} (int)"
    )
    assert (raised.value.field, raised.value.value) == ("used", used)


def test_a_tally_at_its_bounds_is_accepted() -> None:
    for used in (0, MAX_TALLY):
        assert PoolUsage.unlimited(LicenseType.CLERICAL, used=used).used == used
    full = PoolUsage.limited(LicenseType.THERAPIST, purchased=MAX_TALLY, used=MAX_TALLY)
    assert (full.available, full.over_assigned) == (0, 0)


def test_a_refused_usage_names_the_field_at_fault_not_a_tally_at_its_bound() -> None:
    with pytest.raises(InvalidValueError) as raised:
        PoolUsage(
            license_type=LicenseType.THERAPIST,
            purchased=MAX_TALLY,
            used=MAX_TALLY,
            available=0,
            over_assigned=-1,
        )

    assert (raised.value.field, raised.value.value) == ("over_assigned", -1)


def test_a_record_for_a_clinic_id_that_is_no_string_is_refused() -> None:
    pool = PoolUsage.unlimited(LicenseType.CLERICAL, used=1)

    with pytest.raises(InvalidTypeError) as raised:
        pool.record(7)  # type: ignore[arg-type]

    assert str(raised.value) == "PoolUsage.record.clinic_id must be a string or None, got 7 (int)"
    assert pool.record(None)["clinic_id"] is None
