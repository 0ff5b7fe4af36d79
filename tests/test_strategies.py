"""The shipped strategies: valid objects only, across the whole space, and st.from_type."""

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from importlib.metadata import entry_points
from typing import Any

import attrs
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import licensing
from licensing import (
    AdjustmentRequest,
    BillingCycle,
    Clinic,
    ClinicUsage,
    LicensePool,
    LicenseType,
    Organization,
    OrganizationUsage,
    PoolUsage,
    PriceList,
    Problem,
    ProblemCode,
    RemovalLine,
    RemovalProposal,
    RetentionPolicy,
    User,
    UserStatus,
    ValidationReport,
    usage,
)
from licensing._hypothesis import _hypothesis_setup_hook
from licensing.strategies import (
    adjustment_requests,
    billing_cycles,
    clinics,
    explanations,
    organizations,
    price_lists,
    retention_policies,
    validation_cases,
)

PUBLIC_TYPES: list[type] = [
    User,
    LicensePool,
    Clinic,
    Organization,
    AdjustmentRequest,
    BillingCycle,
    PriceList,
    RetentionPolicy,
    PoolUsage,
    ClinicUsage,
    OrganizationUsage,
    RemovalProposal,
    RemovalLine,
    ValidationReport,
    Problem,
]


def test_the_strategies_are_registered_through_hypothesis_entry_point() -> None:
    hooks = [e.value for e in entry_points(group="hypothesis")]

    assert "licensing._hypothesis:_hypothesis_setup_hook" in hooks


@pytest.mark.parametrize("kind", PUBLIC_TYPES, ids=lambda kind: kind.__name__)
def test_from_type_builds_valid_objects_of_every_public_type(kind: type) -> None:
    _hypothesis_setup_hook()

    converter = licensing.make_converter()

    @settings(max_examples=20)
    @given(st.from_type(kind))
    def check(value: Any) -> None:
        copy = attrs.evolve(value)
        back: object = converter.structure(
            json.loads(json.dumps(converter.unstructure(value))), kind
        )

        assert isinstance(value, kind)
        assert copy is not value
        assert (copy, hash(copy)) == (value, hash(value))
        assert (back, hash(back)) == (value, hash(value))

    check()


def _exists(strategy: st.SearchStrategy[object], condition: Callable[[object], bool]) -> None:
    """Assert that ``strategy`` reaches ``condition`` within a few hundred examples."""
    seen: list[bool] = []

    @settings(max_examples=400, phases=[Phase.generate], derandomize=True, database=None)
    @given(strategy)
    def sample(value: object) -> None:
        if condition(value):
            seen.append(True)
            raise _Found

    with pytest.raises(_Found):
        sample()
    assert seen


class _Found(Exception):  # noqa: N818 - a signal, not an error
    """Raised to stop sampling once the condition is met."""


def test_the_space_includes_empty_clinics_and_organizations() -> None:
    _exists(clinics(), lambda c: isinstance(c, Clinic) and not c.users and not c.pools)
    _exists(organizations(), lambda o: isinstance(o, Organization) and not o.clinics)


def test_the_space_includes_unlimited_charged_pools_and_over_assigned_ones() -> None:
    _exists(
        clinics(),
        lambda c: isinstance(c, Clinic) and c.pool(LicenseType.THERAPIST).unlimited,
    )
    _exists(
        clinics(),
        lambda c: isinstance(c, Clinic) and any(p.over_assigned for p in usage(c).pools),
    )


def test_the_space_includes_system_inactive_and_shared_users() -> None:
    def users_of(o: object) -> list[User]:
        assert isinstance(o, Organization)
        return [u for c in o.clinics for u in c.users]

    _exists(organizations(), lambda o: any(u.system and u.active for u in users_of(o)))
    _exists(organizations(), lambda o: any(u.status is UserStatus.INACTIVE for u in users_of(o)))
    _exists(
        organizations(),
        lambda o: any(
            u.clinic_access and u.clinic_access <= {c.id for c in o.clinics}  # type: ignore[attr-defined]
            for u in users_of(o)
        ),
    )


def test_the_space_includes_month_end_anchors_and_far_offsets() -> None:
    _exists(billing_cycles(), lambda b: isinstance(b, BillingCycle) and b.anchor.day == 31)
    _exists(
        billing_cycles(),
        lambda b: (
            isinstance(b, BillingCycle)
            and abs(b.anchor.utcoffset() or timedelta(0)) >= timedelta(hours=14)
        ),
    )


def test_requests_often_name_the_organizations_own_clinics_and_users() -> None:
    org = Organization(
        id="o",
        name="O",
        clinics=[
            Clinic(
                id="c1", name="C", users=[User(id="u1", name="U", user_type=licensing.UserType.PT)]
            )
        ],
    )

    _exists(
        adjustment_requests(org),
        lambda r: (
            isinstance(r, AdjustmentRequest) and r.clinic_id == "c1" and r.requested_by == "u1"
        ),
    )
    _exists(explanations(), lambda e: e is None)


@pytest.mark.parametrize("codes", [[], ["below_spare"], [ProblemCode.BELOW_SPARE, None]])
def test_validation_cases_refuse_codes_that_are_not_problem_codes(codes: list[object]) -> None:
    with pytest.raises(
        InvalidArgument, match="codes must be a non-empty collection of ProblemCode"
    ):
        validation_cases(codes=codes)  # type: ignore[arg-type]


@given(price_lists(complete=True), organizations(min_clinics=1))
def test_complete_price_lists_price_every_charged_type(
    prices: PriceList, org: Organization
) -> None:
    assert all(prices.has_price(t) for t in LicenseType)
    assert org.clinics


@given(st.data())
def test_policies_override_the_clinics_they_are_given(data: st.DataObject) -> None:
    policy = data.draw(retention_policies(clinic_ids=["a", "b"]))

    assert set(policy.clinic_keep) <= {"a", "b"}


@pytest.mark.parametrize(
    "statement",
    ["import licensing.strategies", "import hypothesis, licensing.strategies", "import licensing"],
)
def test_the_strategies_import_in_a_fresh_interpreter_in_any_order(statement: str) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", statement], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
