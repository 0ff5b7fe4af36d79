"""No data lost, none invented, and no request accepted that should be refused.

Every operation keeps every user, clinic and pool it does not mean to change, exactly, in
order; combining shards loses nothing; the converter's round trip is lossless. And authorization
as a property: a request validates only if its requester exists, is active, is a person (not a
system account), holds User Manager or Admin, and is homed in or has access to the clinic (a
table written out by hand); a request with errors changes nothing.
"""

import itertools
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import Phase, assume, event, given, settings
from hypothesis import strategies as st

from licensing import (
    AdjustmentKind,
    AdjustmentRequest,
    Clinic,
    InvalidRequestError,
    LicenseType,
    MaximumLicensesReachedError,
    Organization,
    OrganizationUsage,
    Permission,
    RemovalProposal,
    User,
    UserStatus,
    UserType,
    activate,
    apply_request,
    deactivate,
    make_converter,
    propose_removals,
    share_license,
    usage,
    validate_request,
)
from licensing.strategies import (
    ValidationCase,
    adjustment_requests,
    aware_datetimes,
    organizations,
    price_lists,
    requests_by_anyone,
    retention_policies,
    valid_requests,
    validation_cases,
)

# Longer than any generated id, so never a duplicate of one.
GIVER = "the-giving-user-id"
TAKER = "the-taking-user-id"

Key = tuple[Any, ...]


def inventory(org: Organization) -> dict[Key, object]:
    """Everything an organization holds, each piece under a key that names it."""
    found: dict[Key, object] = {("organization",): (org.id, org.name)}
    for position, clinic in enumerate(org.clinics):
        found["clinic", clinic.id] = (position, clinic.name, clinic.billing)
        for index, pool in enumerate(clinic.pools):
            found["pool", clinic.id, pool.license_type] = (index, pool)
        for index, member in enumerate(clinic.users):
            found["user", clinic.id, member.id] = (index, member)
    return found


def assert_only_changed(before: Organization, after: Organization, meant: set[Key]) -> None:
    """Everything but the pieces ``meant`` to change is still there, equal and in place.

    No piece is lost, none is invented but the ``meant`` ones, and the order of clinics, pools
    and users is kept.
    """
    old, new = inventory(before), inventory(after)

    assert {key for key in old if key not in meant} <= set(new)
    assert set(new) - set(old) <= meant
    for key, value in old.items():
        if key not in meant:
            assert new[key] == value, key


def user_key(org: Organization, user_id: str) -> Key:
    return ("user", org.home_clinic(user_id).id, user_id)


# --- activate, deactivate, share_license ---------------------------------------------------------


@given(organizations(min_clinics=1, max_clinics=3, max_users=4), st.data())
def test_activate_and_deactivate_change_only_the_users_status(
    org: Organization, data: st.DataObject
) -> None:
    members = [u for c in org.clinics for u in c.users]
    assume(members)
    target = data.draw(st.sampled_from(members))
    key = user_key(org, target.id)

    try:
        after = deactivate(org, target.id) if target.active else activate(org, target.id)
    except MaximumLicensesReachedError:
        return  # nothing returned, nothing changed: the organization is immutable

    assert_only_changed(org, after, {key})
    home = org.home_clinic(target.id).id
    assert [u.id for u in after.clinic(home).users] == [u.id for u in org.clinic(home).users]
    changed = after.user(target.id)
    assert attrs.evolve(changed, status=target.status) == target
    assert changed.active is not target.active


@st.composite
def with_a_share(draw: st.DrawFn) -> tuple[Organization, str, str]:
    """An organization where a giver and a taker of one license type share a home clinic."""
    org = draw(organizations(min_clinics=1, max_clinics=3, max_users=4))
    home = draw(st.sampled_from(org.clinics))
    license_type = draw(st.sampled_from(LicenseType))
    kinds = [t for t in UserType if t.license_type is license_type]
    giver = User(id=GIVER, name="Giver", user_type=draw(st.sampled_from(kinds)))
    taker = User(
        id=TAKER,
        name="Taker",
        user_type=draw(st.sampled_from(kinds)),
        status=UserStatus.INACTIVE,
    )
    users = draw(st.permutations([*home.users, giver, taker]))
    return org.replace_clinic(attrs.evolve(home, users=users)), GIVER, TAKER


@given(with_a_share())
def test_sharing_a_license_changes_only_the_two_users_statuses(
    case: tuple[Organization, str, str],
) -> None:
    org, giver, taker = case

    after = share_license(org, giver, taker)

    assert_only_changed(org, after, {user_key(org, giver), user_key(org, taker)})
    assert not after.user(giver).active
    assert after.user(taker).active
    assert usage(after) == usage(org)


# --- apply_request ------------------------------------------------------------------------------


@given(valid_requests())
def test_applying_a_request_changes_only_the_pools_it_names(case: ValidationCase) -> None:
    req, org, policy, _ = case
    assert validate_request(req, org, policy=policy).ok
    meant: set[Key] = {("pool", req.clinic_id, t) for t, n in req.counts.items() if n}

    after = apply_request(req, org)

    assert_only_changed(org, after, meant)
    sign = 1 if req.kind is AdjustmentKind.ADD else -1
    for license_type, count in req.counts.items():
        before_pool = org.clinic(req.clinic_id).pool(license_type)
        assert after.clinic(req.clinic_id).pool(license_type) == attrs.evolve(
            before_pool, purchased=before_pool.purchased + sign * count
        )


# --- authorization ------------------------------------------------------------------------------


# Whether a requester may submit, written out for every combination of what matters about them:
# is a user of the organization, is active, is a system account, holds User Manager or Admin, and
# is homed in the request's clinic or has access to it. Of an id no user has, nothing else is
# known. Only the active person with the permission who reaches the clinic may submit.
MAY_SUBMIT: dict[tuple[bool, bool | None, bool | None, bool | None, bool | None], bool] = {
    # (user, active, system, permission, reaches): may submit
    (False, None, None, None, None): False,
    (True, False, False, False, False): False,
    (True, False, False, False, True): False,
    (True, False, False, True, False): False,
    (True, False, False, True, True): False,
    (True, False, True, False, False): False,
    (True, False, True, False, True): False,
    (True, False, True, True, False): False,
    (True, False, True, True, True): False,
    (True, True, False, False, False): False,
    (True, True, False, False, True): False,
    (True, True, False, True, False): False,
    (True, True, False, True, True): True,
    (True, True, True, False, False): False,
    (True, True, True, False, True): False,
    (True, True, True, True, False): False,
    (True, True, True, True, True): False,
}
Row = tuple[bool, bool | None, bool | None, bool | None, bool | None]


def requester_row(req: AdjustmentRequest, org: Organization) -> Row:
    """What matters about the request's requester, as a key of `MAY_SUBMIT`."""
    homes = [clinic for clinic in org.clinics if clinic.has_user(req.requested_by)]
    if not homes:
        return (False, None, None, None, None)
    [home] = homes
    requester = home.user(req.requested_by)
    permission = bool(requester.permissions & {Permission.USER_MANAGER, Permission.ADMIN})
    reaches = home.id == req.clinic_id or req.clinic_id in requester.clinic_access
    return (True, requester.active, requester.system, permission, reaches)


def test_the_table_has_a_row_for_every_combination() -> None:
    combinations = {(True, *flags) for flags in itertools.product([False, True], repeat=4)}

    assert set(MAY_SUBMIT) == {(False, None, None, None, None), *combinations}


@given(requests_by_anyone())
def test_a_request_valid_but_for_its_requester_passes_exactly_when_the_requester_may_submit(
    case: ValidationCase,
) -> None:
    req, org, policy, _ = case
    row = requester_row(req, org)
    event(f"requester {row}: {'may' if MAY_SUBMIT[row] else 'may not'} submit")

    report = validate_request(req, org, policy=policy)

    assert report.ok is MAY_SUBMIT[row]


def test_the_requesters_drawn_meet_every_row_of_the_table() -> None:
    rows: set[Row] = set()

    @settings(max_examples=1000, derandomize=True, database=None, phases=[Phase.generate])
    @given(requests_by_anyone())
    def collect(case: ValidationCase) -> None:
        rows.add(requester_row(case.request, case.organization))

    collect()

    assert rows == set(MAY_SUBMIT)


def with_any_request(
    org: Organization,
) -> st.SearchStrategy[tuple[AdjustmentRequest, Organization]]:
    """Any generated request about ``org`` (by a member or not, for a clinic of it or not)."""
    return adjustment_requests(org).map(lambda req: (req, org))


def request_and_organization(case: ValidationCase) -> tuple[AdjustmentRequest, Organization]:
    return case.request, case.organization


any_requests = st.one_of(
    requests_by_anyone().map(request_and_organization),
    validation_cases().map(request_and_organization),
    organizations(max_clinics=3, max_users=4).flatmap(with_any_request),
)


@given(any_requests, st.none() | retention_policies())
def test_no_request_validates_unless_its_requester_may_submit_and_one_with_errors_changes_nothing(
    case: tuple[AdjustmentRequest, Organization], policy: Any
) -> None:
    req, org = case
    snapshot = json.dumps(make_converter().unstructure(org))

    report = validate_request(req, org, policy=policy)

    if report.ok:
        assert org.has_clinic(req.clinic_id)
        assert MAY_SUBMIT[requester_row(req, org)]
        return
    with pytest.raises(InvalidRequestError) as refused:
        apply_request(req, org, policy=policy)
    assert refused.value.report == report
    assert json.dumps(make_converter().unstructure(org)) == snapshot


# --- combining shards, and the converter ---------------------------------------------------------


def partitions(org: Organization) -> st.SearchStrategy[list[Organization]]:
    """The organization's clinics split into shards, in order, each an organization."""
    cuts = st.lists(st.integers(0, len(org.clinics)), max_size=3).map(sorted)
    return cuts.map(
        lambda found: [
            attrs.evolve(org, clinics=org.clinics[start:end])
            for start, end in zip([0, *found], [*found, len(org.clinics)], strict=True)
        ]
    )


@given(organizations(max_clinics=3, max_users=4), st.data())
def test_combining_shards_keeps_every_clinics_usage_and_every_removal_line(
    org: Organization, data: st.DataObject
) -> None:
    shards = data.draw(partitions(org))
    prices = data.draw(st.none() | price_lists())
    now = data.draw(st.none() | aware_datetimes())
    usages = [usage(shard) for shard in shards]
    proposals = [propose_removals(shard, prices=prices, now=now) for shard in shards]

    combined_usage = OrganizationUsage.combine(usages)
    combined_proposal = RemovalProposal.combine(proposals)

    assert combined_usage.clinics == tuple(c for part in usages for c in part.clinics)
    assert combined_usage == usage(org)
    lines = [line for part in proposals for line in part.lines]
    assert len(combined_proposal.lines) == len(lines)
    assert set(combined_proposal.lines) == set(lines)
    assert combined_proposal == propose_removals(org, prices=prices, now=now)


@given(organizations(max_clinics=3, max_users=4))
def test_the_converter_round_trip_loses_nothing(org: Organization) -> None:
    converter = make_converter()

    back = converter.structure(json.loads(json.dumps(converter.unstructure(org))), Organization)

    assert inventory(back) == inventory(org)
    assert [c.pools for c in back.clinics] == [c.pools for c in org.clinics]
    assert back == org


def test_the_inventory_sees_every_kind_of_change() -> None:
    org = Organization(
        id="o",
        name="O",
        clinics=[Clinic(id="c", name="C", users=[User(id="u", name="U", user_type=UserType.PT)])],
    )
    changes: list[Callable[[Organization], Organization]] = [
        lambda o: attrs.evolve(o, name="P"),
        lambda o: attrs.evolve(o, clinics=[]),
        lambda o: o.replace_clinic(attrs.evolve(o.clinics[0], users=[])),
        lambda o: deactivate(o, "u"),
    ]

    for change in changes:
        with pytest.raises(AssertionError):
            assert_only_changed(org, change(org), set())
