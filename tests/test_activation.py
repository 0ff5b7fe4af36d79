"""activate, deactivate, share_license: the User Manager's status rules."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from builders import clinic, organization, user
from licensing import (
    Clinic,
    LicensePool,
    LicenseType,
    LicensingError,
    MaximumLicensesReachedError,
    Organization,
    UnknownUserError,
    User,
    UserStatus,
    UserStatusError,
    UserType,
    activate,
    deactivate,
    share_license,
    usage,
)
from licensing.strategies import clinics, organizations

T = LicenseType.THERAPIST
INACTIVE = UserStatus.INACTIVE


def test_activating_a_user_uses_an_available_license() -> None:
    before = clinic(purchased={T: 2}, users=[user("u1"), user("u2", status=INACTIVE)])

    after = activate(before, "u2")

    assert after.user("u2").status is UserStatus.ACTIVE
    assert usage(after).pool(T).available == 0
    assert before.user("u2").status is INACTIVE


def test_maximum_licenses_reached() -> None:
    full = clinic("north", purchased={T: 1}, users=[user("u1"), user("u2", status=INACTIVE)])

    with pytest.raises(MaximumLicensesReachedError) as raised:
        activate(full, "u2")

    assert str(raised.value) == (
        "Maximum Licenses Reached: clinic 'Clinic north' (north) has 1 Therapist license "
        "purchased and 1 in use, so none is available for user 'User u2' (u2): request a "
        "license adjustment (ADD) first."
    )


def test_an_unlimited_pool_never_runs_out() -> None:
    c = clinic(users=[user("clerk", user_type=UserType.CLERICAL, status=INACTIVE)])

    assert activate(c, "clerk").user("clerk").active


def test_a_system_account_is_activated_without_a_license() -> None:
    c = clinic(purchased={T: 0}, users=[user("bot", system=True, status=INACTIVE)])

    assert activate(c, "bot").user("bot").active


def test_an_inactive_user_still_holds_a_purchased_license_after_deactivation() -> None:
    before = clinic(purchased={T: 3}, users=[user("u1")])

    after = deactivate(before, "u1")

    assert after.user("u1").status is INACTIVE
    assert after.pool(T).purchased == 3
    assert usage(after).pool(T).available == 3


def test_activating_an_active_user_or_deactivating_an_inactive_one_is_an_error() -> None:
    c = clinic(purchased={T: 3}, users=[user("on"), user("off", status=INACTIVE)])

    with pytest.raises(UserStatusError, match="already active"):
        activate(c, "on")
    with pytest.raises(UserStatusError, match="already inactive"):
        deactivate(c, "off")


def test_an_unknown_user_is_a_lookup_error_naming_the_id() -> None:
    with pytest.raises(UnknownUserError, match="'ghost'"):
        activate(clinic(), "ghost")
    with pytest.raises(UnknownUserError, match="'ghost'"):
        deactivate(organization(clinic()), "ghost")


def test_a_fill_in_therapist_shares_a_license_during_a_vacation() -> None:
    regular = user("regular", user_type=UserType.PT)
    fill_in = user("fill-in", user_type=UserType.OT, status=INACTIVE)
    c = clinic(purchased={T: 1}, users=[regular, fill_in])

    during = share_license(c, "regular", "fill-in")
    after = share_license(during, "fill-in", "regular")

    assert during.user("regular").status is INACTIVE
    assert during.user("fill-in").status is UserStatus.ACTIVE
    assert usage(during) == usage(c)
    assert after == c


@pytest.mark.parametrize(
    ("giver", "taker", "match"),
    [
        (
            user("a"),
            user("b", user_type=UserType.PTA, status=INACTIVE),
            "needs an Assistant license",
        ),
        (
            user("a", user_type=UserType.CLERICAL),
            user("b", status=INACTIVE),
            "Clerical license is never shared with a provider type",
        ),
        (
            user("a"),
            user("b", user_type=UserType.BILLER, status=INACTIVE),
            "Clerical license is never shared",
        ),
        (user("a", status=INACTIVE), user("b", status=INACTIVE), r"\(a\) is inactive"),
        (user("a"), user("b"), r"\(b\) is already active"),
        (user("a", system=True), user("b", status=INACTIVE), r"\(a\) is a system account"),
        (user("a"), user("b", system=True, status=INACTIVE), r"\(b\) is a system account"),
    ],
)
def test_sharing_refuses_what_the_product_refuses(giver: User, taker: User, match: str) -> None:
    c = clinic(purchased={T: 2}, users=[giver, taker])

    with pytest.raises(UserStatusError, match=match):
        share_license(c, "a", "b")


def test_a_user_cannot_share_with_itself() -> None:
    with pytest.raises(UserStatusError, match="to itself"):
        share_license(clinic(users=[user("a")]), "a", "a")


def test_sharing_across_clinics_is_refused() -> None:
    org = organization(
        clinic("c1", purchased={T: 1}, users=[user("a")]),
        clinic("c2", purchased={T: 1}, users=[user("b", status=INACTIVE)]),
    )

    with pytest.raises(UserStatusError, match="different clinics"):
        share_license(org, "a", "b")


def test_the_rules_apply_to_an_organization_through_the_home_clinic() -> None:
    org = organization(
        clinic("c1", purchased={T: 1}, users=[user("a"), user("b", status=INACTIVE)]),
        clinic("c2", purchased={T: 1}, users=[user("c", status=INACTIVE)]),
    )

    shared = share_license(org, "a", "b")
    activated = activate(org, "c")

    assert shared.clinic("c1").user("b").active
    assert shared.clinic("c2") == org.clinic("c2")
    assert activated.clinic("c2").user("c").active
    assert deactivate(activated, "c") == org
    with pytest.raises(MaximumLicensesReachedError):
        activate(attrs.evolve(org, clinics=[org.clinic("c1")]), "b")


def _others_unchanged(before: Clinic, after: Clinic, changed: set[str]) -> None:
    assert [u.id for u in after.users] == [u.id for u in before.users]
    for old, new in zip(before.users, after.users, strict=True):
        if old.id in changed:
            assert attrs.evolve(new, status=old.status) == old
        else:
            assert new == old
    assert after.pools == before.pools
    assert (after.id, after.name, after.billing) == (before.id, before.name, before.billing)


@given(clinics(), st.data())
def test_activate_and_deactivate_change_used_by_one_for_that_type_only(
    c: Clinic, data: st.DataObject
) -> None:
    candidates = [u for u in c.users if not u.system]
    assume(candidates)
    target = data.draw(st.sampled_from(candidates))
    pools = [p for p in c.pools if p.license_type is not target.license_type]
    roomy = attrs.evolve(
        c,
        pools=[*pools, LicensePool(license_type=target.license_type, unlimited=True)]
        if not target.license_type.charged
        else [*pools, LicensePool(license_type=target.license_type, purchased=len(c.users))],
    )
    off = deactivate(roomy, target.id) if target.active else roomy

    on = activate(off, target.id)

    for before, after in zip(usage(off).pools, usage(on).pools, strict=True):
        expected = 1 if before.license_type is target.license_type else 0
        assert after.used - before.used == expected
        assert after.purchased == before.purchased
    _others_unchanged(off, on, {target.id})


@given(clinics(), st.data())
def test_a_deactivate_then_activate_round_trip_restores_usage(
    c: Clinic, data: st.DataObject
) -> None:
    active = [u for u in c.users if u.active]
    assume(active)
    target = data.draw(st.sampled_from(active))
    # In an over-assigned pool a user made inactive cannot come back: no license is available.
    assume(target.system or usage(c).pool(target.license_type).over_assigned == 0)

    assert activate(deactivate(c, target.id), target.id) == c


CAPPABLE = [t for t in LicenseType if t is not LicenseType.CLERICAL]  # Clerical is unlimited


@given(clinics(), st.sampled_from(CAPPABLE), st.integers(1, 3), st.data())
def test_an_over_assigned_user_cannot_come_back_after_deactivation(
    c: Clinic, license_type: LicenseType, extra: int, data: st.DataObject
) -> None:
    # Built, not filtered for: the pool holds as many licenses as its users used before
    # `extra` more active users of its type arrived.
    kinds = [t for t in UserType if t.license_type is license_type]
    arrivals = [
        user(f"arrival-{n}", user_type=data.draw(st.sampled_from(kinds))) for n in range(extra)
    ]
    kept = [u for u in c.users if not u.id.startswith("arrival-")]
    in_use = sum(1 for u in kept if u.consumes_license and u.license_type is license_type)
    pools = [p for p in c.pools if p.license_type is not license_type]
    pools.append(LicensePool(license_type=license_type, purchased=in_use))
    c = attrs.evolve(c, pools=pools, users=[*kept, *arrivals])
    crowded = [u for u in c.users if u.consumes_license and u.license_type is license_type]
    assert usage(c).pool(license_type).over_assigned == extra
    target = data.draw(st.sampled_from(crowded))

    with pytest.raises(MaximumLicensesReachedError):
        activate(deactivate(c, target.id), target.id)


@given(clinics(), st.sampled_from(LicenseType), st.data())
def test_share_license_leaves_every_count_unchanged(
    c: Clinic, license_type: LicenseType, data: st.DataObject
) -> None:
    kinds = [t for t in UserType if t.license_type is license_type]
    giver = user("giver-x", user_type=data.draw(st.sampled_from(kinds)))
    taker = user("taker-x", user_type=data.draw(st.sampled_from(kinds)), status=INACTIVE)
    kept = [u for u in c.users if u.id not in {giver.id, taker.id}]
    c = attrs.evolve(c, users=data.draw(st.permutations([*kept, giver, taker])))

    after = share_license(c, giver.id, taker.id)

    assert usage(after) == usage(c)
    _others_unchanged(c, after, {giver.id, taker.id})


@given(clinics(), st.data())
def test_deactivate_never_releases_a_license(c: Clinic, data: st.DataObject) -> None:
    active = [u for u in c.users if u.active]
    assume(active)
    target = data.draw(st.sampled_from(active))

    after = deactivate(c, target.id)

    assert [p.purchased for p in usage(after).pools] == [p.purchased for p in usage(c).pools]
    _others_unchanged(c, after, {target.id})


@given(organizations(), st.data())
def test_an_operation_on_an_organization_touches_only_the_home_clinic(
    org: Organization, data: st.DataObject
) -> None:
    active = [u for c in org.clinics for u in c.users if u.active]
    assume(active)
    target = data.draw(st.sampled_from(active))

    after = deactivate(org, target.id)

    for old, new in zip(org.clinics, after.clinics, strict=True):
        if old.id == org.home_clinic(target.id).id:
            assert new == deactivate(old, target.id)
        else:
            assert new is old


# --- licensed_since: the `at=` stamp ------------------------------------------------------------

AT = datetime(2026, 4, 1, 9, 30, tzinfo=ZoneInfo("America/Denver"))
BEFORE = datetime(2025, 1, 1, tzinfo=UTC)


def test_activating_at_a_moment_stamps_licensed_since_on_that_user_only() -> None:
    before = clinic(
        purchased={T: 2},
        users=[user("u1", licensed_since=BEFORE), user("u2", status=INACTIVE)],
    )

    after = activate(before, "u2", at=AT)

    assert after.user("u2").licensed_since == AT
    assert after.user("u2").licensed_since.tzinfo is AT.tzinfo  # type: ignore[union-attr]
    assert after.user("u1") == before.user("u1")
    assert before.user("u2").licensed_since is None


def test_without_at_every_operation_leaves_licensed_since_as_it_was() -> None:
    before = clinic(
        purchased={T: 2},
        users=[
            user("u1", licensed_since=BEFORE),
            user("u2", status=INACTIVE, licensed_since=BEFORE),
        ],
    )

    assert activate(before, "u2").user("u2").licensed_since == BEFORE
    assert deactivate(before, "u1").user("u1").licensed_since == BEFORE
    shared = share_license(before, "u1", "u2")
    assert shared.user("u1").licensed_since == BEFORE
    assert shared.user("u2").licensed_since == BEFORE


def test_a_share_at_a_moment_stamps_the_taker_and_leaves_the_giver() -> None:
    before = clinic(
        purchased={T: 1},
        users=[user("giver", licensed_since=BEFORE), user("taker", status=INACTIVE)],
    )

    after = share_license(organization(before), "giver", "taker", at=AT)

    assert after.user("taker").licensed_since == AT
    assert after.user("giver").licensed_since == BEFORE
    assert not after.user("giver").active


def test_a_system_account_gains_no_license_so_activation_does_not_date_one() -> None:
    bot = user("bot", status=INACTIVE, system=True, user_type=UserType.CLERICAL)

    assert activate(clinic(users=[bot]), "bot", at=AT).user("bot").licensed_since is None


@pytest.mark.parametrize("at", [datetime(2026, 4, 1), "2026-04-01T00:00:00+00:00"])  # noqa: DTZ001
def test_at_must_be_an_aware_datetime(at: object) -> None:
    c = clinic(purchased={T: 2}, users=[user("u1"), user("u2", status=INACTIVE)])

    with pytest.raises(LicensingError, match=r"activate\.at must be") as activated:
        activate(c, "u2", at=at)  # type: ignore[call-overload]
    with pytest.raises(LicensingError, match=r"share_license\.at must be") as shared:
        share_license(c, "u1", "u2", at=at)  # type: ignore[call-overload]

    assert activated.value.field == shared.value.field == "at"  # type: ignore[attr-defined]


@given(organizations(max_clinics=2, max_users=6), st.data())
def test_a_deactivated_user_passes_the_validators_it_was_built_without(
    org: Organization, data: st.DataObject
) -> None:
    active = [u for c in org.clinics for u in c.users if u.active]
    assume(active)
    chosen = data.draw(st.sampled_from(active))

    after = deactivate(org, chosen.id).user(chosen.id)

    rebuilt = User(**{f.name: getattr(after, f.name) for f in attrs.fields(User)})
    assert rebuilt == after
    assert repr(rebuilt) == repr(after)
    assert attrs.evolve(chosen, status=INACTIVE) == after
