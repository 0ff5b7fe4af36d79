"""The health check: `propose_removals`, `RemovalProposal` and the requests it drafts."""

import itertools
import random
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from builders import NOW, clinic, manager, monthly, organization, request, user
from licensing import (
    MAX_COUNT,
    MAX_ID_LENGTH,
    MAX_MONEY_PLACES,
    MAX_PRICE,
    MAX_VALID_EXPLANATION_LENGTH,
    MIN_VALID_EXPLANATION_LENGTH,
    AdjustmentKind,
    BillingCycle,
    Clinic,
    InvalidTypeError,
    InvalidValueError,
    LicenseType,
    LicensingError,
    Organization,
    PriceList,
    ProblemCode,
    Reason,
    RemovalLine,
    RemovalProposal,
    RetentionPolicy,
    User,
    UserStatus,
    UserType,
    apply_request,
    deactivate,
    propose_removals,
    usage,
    validate_request,
)
from licensing.removals import removal_order
from licensing.strategies import aware_datetimes, organizations, price_lists, retention_policies

A, T, S, C = (
    LicenseType.ASSISTANT,
    LicenseType.THERAPIST,
    LicenseType.STUDENT,
    LicenseType.CLERICAL,
)
CHARGED = (T, A, S)
USD = PriceList(prices={T: Decimal("99.00"), A: Decimal("45.00"), S: Decimal("10.50")})


def assistants(count: int, *, prefix: str = "a") -> list[User]:
    return [user(f"{prefix}{n}", user_type=UserType.PTA) for n in range(count)]


def line_of(proposal: RemovalProposal, clinic_id: str, license_type: LicenseType) -> RemovalLine:
    (found,) = (
        line
        for line in proposal.lines
        if line.clinic_id == clinic_id and line.license_type is license_type
    )
    return found


def removals(proposal: RemovalProposal) -> dict[tuple[str, LicenseType], int]:
    return {(line.clinic_id, line.license_type): line.remove for line in proposal.lines}


# --- examples ---------------------------------------------------------------------------------


def test_the_products_example_keeps_one_of_eighteen_available_and_removes_seventeen() -> None:
    north = clinic(purchased={A: 20}, users=[*assistants(2), manager()], billing=monthly(21))
    policy = RetentionPolicy(keep={A: 1})

    proposal = propose_removals(north, policy=policy, prices=USD, now=NOW)

    (line,) = proposal.lines
    expected = RemovalLine(
        clinic_id="c1",
        license_type=A,
        available=18,
        keep=1,
        remove=17,
        saving_per_cycle=17 * Decimal("45.00"),
        cutoff=datetime(2026, 3, 20, tzinfo=UTC),
        first_saved_billing=datetime(2026, 3, 21, tzinfo=UTC),
        next_billing=datetime(2026, 3, 21, tzinfo=UTC),
        clinic_name="Clinic c1",
    )
    assert expected == line
    assert proposal.total_saving_per_cycle == Decimal("765.00")
    assert proposal.annual_saving == Decimal("9180.00")
    assert proposal.currency == "USD"
    assert line.misses_next_billing is False


def test_three_clinics_get_their_own_cutoffs_and_the_late_one_saves_a_cycle_later() -> None:
    # NOW is 2026-03-10 12:00 UTC.
    on_time = clinic("east", purchased={T: 3}, users=[user("e1")], billing=monthly(21))
    late = clinic("west", purchased={A: 4}, users=assistants(1, prefix="w"), billing=monthly(11))
    month_end = clinic("south", purchased={S: 2}, billing=monthly(31, hour=9))
    org = organization(on_time, late, month_end)

    proposal = propose_removals(org, prices=USD, now=NOW)

    east, west, south = (
        line_of(proposal, c, t) for c, t in [("east", T), ("west", A), ("south", S)]
    )
    assert (east.cutoff, east.first_saved_billing) == (
        datetime(2026, 3, 20, tzinfo=UTC),
        datetime(2026, 3, 21, tzinfo=UTC),
    )
    # West bills on 2026-03-11 00:00; its cutoff passed at 03-10 00:00, so April's is saved first.
    assert (west.cutoff, west.first_saved_billing) == (
        datetime(2026, 3, 10, tzinfo=UTC),
        datetime(2026, 4, 11, tzinfo=UTC),
    )
    assert (south.cutoff, south.first_saved_billing) == (
        datetime(2026, 3, 30, 9, tzinfo=UTC),
        datetime(2026, 3, 31, 9, tzinfo=UTC),
    )
    assert [east.misses_next_billing, west.misses_next_billing, south.misses_next_billing] == [
        False,
        True,
        False,
    ]
    assert proposal.earliest_cutoff == datetime(2026, 3, 10, tzinfo=UTC)  # West's, passed
    # The next deadline still ahead is East's: a passed cutoff is never shown as one.
    assert proposal.earliest_open_cutoff == datetime(2026, 3, 20, tzinfo=UTC)
    assert propose_removals(org, prices=USD).earliest_open_cutoff is None
    assert [line.clinic_id for line in proposal.lines] == ["east", "west", "south"]
    assert proposal.total_saving_per_cycle == Decimal("354.00")  # 3 x 99 + 3 x 45 + 2 x 10.50


def test_clerical_and_unlimited_pools_are_never_proposed() -> None:
    staff = [user("c1", user_type=UserType.CLERICAL), user("b1", user_type=UserType.BILLER)]
    unlimited = clinic(purchased={A: 5}, unlimited=[T, S], users=staff)

    proposal = propose_removals(unlimited, prices=USD)

    assert [(line.license_type, line.remove) for line in proposal.lines] == [(A, 5)]


def test_without_prices_savings_and_totals_are_unknown() -> None:
    org = organization(clinic("c1", purchased={T: 2, A: 1}), clinic("c2", purchased={S: 3}))

    proposal = propose_removals(org)

    assert [line.saving_per_cycle for line in proposal.lines] == [None, None, None]
    assert proposal.currency is None
    assert proposal.total_saving_per_cycle is None
    assert proposal.annual_saving is None
    # Without savings, the most licenses removed come first.
    assert [(line.clinic_id, line.remove) for line in proposal.lines] == [
        ("c2", 3),
        ("c1", 2),
        ("c1", 1),
    ]


def test_a_type_without_a_price_leaves_the_totals_unknown_rather_than_partial() -> None:
    therapists_only = PriceList(prices={T: Decimal(99)}, currency="EUR")

    proposal = propose_removals(clinic(purchased={T: 2, A: 1}), prices=therapists_only)

    assert [line.saving_per_cycle for line in proposal.lines] == [Decimal(198), None]
    assert proposal.total_saving_per_cycle is None
    assert proposal.annual_saving is None


def test_over_assigned_pools_and_pools_within_their_spare_are_not_proposed() -> None:
    over = clinic(purchased={T: 1, A: 2}, users=[user("t1"), user("t2"), *assistants(1)])

    proposal = propose_removals(over, policy=RetentionPolicy(keep={A: 1}))

    assert proposal.lines == ()
    assert proposal.total_saving_per_cycle is None


def test_inactive_and_system_users_hold_no_license_so_theirs_are_proposed() -> None:
    users = [
        user("t1"),
        user("t2", status=UserStatus.INACTIVE),
        user("bot", system=True),
    ]

    proposal = propose_removals(clinic(purchased={T: 3}, users=users))

    assert [(line.available, line.remove) for line in proposal.lines] == [(2, 2)]


def test_an_empty_proposal_saves_zero_when_priced_and_drafts_no_request() -> None:
    proposal = propose_removals(organization(), prices=USD, now=NOW)

    assert proposal == RemovalProposal(lines=(), currency="USD")
    assert proposal.total_saving_per_cycle == Decimal(0)
    assert proposal.annual_saving == Decimal(0)
    assert proposal.earliest_cutoff is None
    assert proposal.clinic_ids == ()
    assert proposal.requests(requested_by="mgr", submitted_at=NOW, reason=Reason.OTHER) == ()


def test_without_now_or_a_billing_cycle_there_is_no_timing() -> None:
    billed = clinic("billed", purchased={T: 1}, billing=monthly())
    unbilled = clinic("unbilled", purchased={T: 1})

    without_now = propose_removals(organization(billed, unbilled))
    with_now = propose_removals(organization(billed, unbilled), now=NOW)

    assert {(line.cutoff, line.first_saved_billing) for line in without_now.lines} == {(None, None)}
    assert line_of(with_now, "unbilled", T).cutoff is None
    assert line_of(with_now, "billed", T).cutoff is not None
    assert line_of(with_now, "unbilled", T).misses_next_billing is None
    assert with_now.earliest_cutoff == line_of(with_now, "billed", T).cutoff


def test_now_exactly_at_the_cutoff_still_saves_the_next_billing() -> None:
    at_cutoff = datetime(2026, 3, 20, tzinfo=UTC)

    (line,) = propose_removals(clinic(purchased={T: 1}, billing=monthly(21)), now=at_cutoff).lines

    assert line.first_saved_billing == datetime(2026, 3, 21, tzinfo=UTC)


def test_timing_is_in_the_billing_anchors_offset_whatever_nows() -> None:
    plus_two = timezone(timedelta(hours=2))
    billing = BillingCycle(anchor=datetime(2026, 1, 15, 8, tzinfo=plus_two))
    now = datetime(2026, 3, 14, 5, 30, tzinfo=UTC)  # 07:30 at +02:00: past the 03-14 08:00 cutoff

    (line,) = propose_removals(clinic(purchased={T: 1}, billing=billing), now=now).lines

    assert line.cutoff == datetime(2026, 3, 14, 8, tzinfo=plus_two)
    assert line.first_saved_billing == datetime(2026, 3, 15, 8, tzinfo=plus_two)
    assert line.misses_next_billing is False


def test_lines_are_ordered_by_saving_then_count_then_clinic_then_license_type() -> None:
    prices = PriceList(prices={T: Decimal(10), A: Decimal(5)})
    org = organization(
        clinic("b", purchased={T: 1, A: 2, S: 4}),
        clinic("a", purchased={T: 1, A: 2, S: 1}),
        clinic("c", purchased={A: 1}),
    )

    proposal = propose_removals(org, prices=prices)

    assert [(line.clinic_id, line.license_type) for line in proposal.lines] == [
        ("a", A),  # saves 10 with 2 removed
        ("b", A),
        ("a", T),  # saves 10 with 1 removed
        ("b", T),
        ("c", A),  # saves 5
        ("b", S),  # unpriced: the most removed first
        ("a", S),
    ]
    assert removal_order(proposal.lines[0]) < removal_order(proposal.lines[1])


def test_exact_arithmetic_does_not_round_to_the_decimal_context() -> None:
    # The highest price and the most decimal places money may have: the total needs 31 digits,
    # more than the default context's 28.
    price = Decimal("1.000000000000000001")
    prices = PriceList(prices={T: price, A: Decimal("1E+12")})

    proposal = propose_removals(clinic(purchased={T: 99_999, A: 1}), prices=prices)

    assert line_of(proposal, "c1", T).saving_per_cycle == Decimal("99999.000000000000099999")
    assert proposal.total_saving_per_cycle == Decimal("1000000099999.000000000000099999")
    assert proposal.annual_saving == Decimal("12000001199988.000000000001199988")


def test_drafted_requests_are_one_remove_per_clinic_with_the_lines_counts() -> None:
    org = organization(
        clinic("c1", purchased={T: 2, A: 20}, users=[*assistants(2), manager()]),
        clinic("c2", purchased={S: 1}),
    )
    proposal = propose_removals(org, policy=RetentionPolicy(keep={A: 1}), prices=USD)

    drafted = proposal.requests(requested_by="mgr", submitted_at=NOW, reason=Reason.UNUSED_LICENSES)

    assert [(r.clinic_id, dict(r.counts), r.kind) for r in drafted] == [
        ("c1", {T: 2, A: 17}, AdjustmentKind.REMOVE),
        ("c2", {S: 1}, AdjustmentKind.REMOVE),
    ]
    assert list(drafted[0].counts) == [T, A]
    assert {(r.requested_by, r.submitted_at, r.reason) for r in drafted} == {
        ("mgr", NOW, Reason.UNUSED_LICENSES)
    }


def test_the_generated_explanation_says_what_is_released_what_is_kept_and_what_it_saves() -> None:
    org = organization(
        clinic(purchased={A: 20}, users=[*assistants(2), manager()], billing=monthly(21))
    )
    proposal = propose_removals(org, policy=RetentionPolicy(keep={A: 1}), prices=USD, now=NOW)

    (drafted,) = proposal.requests(
        requested_by="mgr", submitted_at=NOW, reason=Reason.UNUSED_LICENSES
    )

    text = drafted.explanation
    assert text is not None
    for fact in [
        "clinic 'Clinic c1' (c1)",
        "remove 17 Assistant licenses",
        "keeps 1 of the 18 available Assistant licenses as a spare",
        "retention policy",
        "765.00 USD per billing cycle",
        "9,180.00 USD a year",
        "from the billing on 2026-03-21 00:00+00:00",
        "Processed by 2026-03-20 00:00+00:00",
    ]:
        assert fact in text
    assert validate_request(drafted, org).ok


def test_the_explanation_of_a_late_clinic_says_which_billing_is_saved_first() -> None:
    org = organization(clinic(purchased={T: 1}, users=[manager()], billing=monthly(11)))
    proposal = propose_removals(org, now=NOW)

    (drafted,) = proposal.requests(
        requested_by="mgr", submitted_at=NOW, reason=Reason.UNUSED_LICENSES
    )

    assert drafted.explanation is not None
    assert "remove 1 Therapist license," in drafted.explanation
    assert "keeps no spare" in drafted.explanation
    assert "passed at 2026-03-10 00:00+00:00" in drafted.explanation
    assert "the one on 2026-04-11 00:00+00:00" in drafted.explanation
    assert "USD" not in drafted.explanation
    report = validate_request(drafted, org)
    assert report.ok
    assert report.codes == {ProblemCode.AFTER_REMOVAL_CUTOFF}


def test_an_explanation_with_the_largest_ids_counts_and_amounts_still_fits() -> None:
    # Every bound at once: the longest id, the most licenses, the highest price written with the
    # most decimal places, spares kept of every type, and timing.
    huge = Decimal("999999999999." + "9" * MAX_MONEY_PLACES)
    assert huge < MAX_PRICE
    clinic_id = "c" * MAX_ID_LENGTH
    pools = {T: MAX_COUNT, A: MAX_COUNT, S: MAX_COUNT}
    subject = attrs.evolve(clinic(clinic_id, purchased=pools), billing=monthly())
    proposal = propose_removals(
        subject,
        policy=RetentionPolicy(keep={T: 1, A: 2, S: 3}),
        prices=PriceList(prices={T: huge, A: huge, S: huge}),
        now=NOW,
    )

    (drafted,) = proposal.requests(requested_by="mgr", submitted_at=NOW, reason=Reason.OTHER)

    assert drafted.explanation is not None
    assert MIN_VALID_EXPLANATION_LENGTH <= len(drafted.explanation) <= MAX_VALID_EXPLANATION_LENGTH
    # One number format everywhere: the drafted explanation writes counts as validation does.
    assert "remove 99,999 Therapist licenses, 99,998 Assistant licenses and 99,997" in (
        drafted.explanation
    )
    assert "299,993,999,999,999,999.999999999999700006 USD per billing cycle" in (
        drafted.explanation
    )


def test_a_given_explanation_is_used_for_every_request() -> None:
    proposal = propose_removals(
        organization(clinic("c1", purchased={T: 1}), clinic("c2", purchased={A: 1}))
    )

    drafted = proposal.requests(
        requested_by="mgr", submitted_at=NOW, reason=Reason.OTHER, explanation="Our own words here."
    )

    assert [r.explanation for r in drafted] == ["Our own words here."] * 2


def test_subject_must_be_a_clinic_or_an_organization() -> None:
    bad: Any = usage(clinic())

    with pytest.raises(TypeError, match="subject"):
        propose_removals(bad)


@pytest.mark.parametrize(
    ("arguments", "error", "field"),
    [
        ({"now": datetime(2026, 3, 10)}, InvalidValueError, "now"),  # noqa: DTZ001 - naive on purpose
        ({"now": "2026-03-10"}, InvalidTypeError, "now"),
        ({"policy": {A: 1}}, InvalidTypeError, "policy"),
        ({"prices": {A: Decimal(1)}}, InvalidTypeError, "prices"),
    ],
)
def test_bad_arguments_are_refused_with_an_error_naming_them(
    arguments: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error, match=f"propose_removals.{field}") as raised:
        propose_removals(clinic(), **arguments)

    assert isinstance(raised.value, LicensingError)


def test_combining_proposals_priced_in_different_currencies_is_refused() -> None:
    dollars = propose_removals(clinic("c1", purchased={T: 1}), prices=USD)
    euros = propose_removals(
        clinic("c2", purchased={T: 1}), prices=PriceList(prices={T: Decimal(1)}, currency="EUR")
    )

    with pytest.raises(InvalidValueError, match=r"currencies \(EUR, USD\)") as raised:
        RemovalProposal.combine([dollars, euros])

    assert isinstance(raised.value, ValueError)
    assert raised.value.field == "currency"


def test_combining_adopts_the_one_currency_and_leaves_unpriced_lines_unknown() -> None:
    dollars = propose_removals(clinic("c1", purchased={T: 1}), prices=USD)
    unpriced = propose_removals(clinic("c2", purchased={T: 1}))

    combined = RemovalProposal.combine([unpriced, dollars])

    assert combined.currency == "USD"
    assert combined.total_saving_per_cycle is None
    assert RemovalProposal.combine([]) == RemovalProposal()


def test_combining_overlapping_proposals_is_refused() -> None:
    proposal = propose_removals(clinic(purchased={T: 1}))

    with pytest.raises(InvalidValueError, match="one line per clinic and license type"):
        RemovalProposal.combine([proposal, proposal])


def test_combining_something_else_than_proposals_is_refused() -> None:
    bad: Any = [propose_removals(clinic()), "proposal"]

    with pytest.raises(InvalidTypeError, match=r"RemovalProposal\.combine\.proposals"):
        RemovalProposal.combine(bad)


def test_lines_given_in_any_order_are_stored_in_removal_order() -> None:
    lines = propose_removals(clinic(purchased={T: 1, A: 5}), prices=USD).lines

    assert RemovalProposal(lines=list(reversed(lines)), currency="USD").lines == lines


def good_line(**changes: Any) -> RemovalLine:
    fields: dict[str, Any] = {
        "clinic_id": "c1",
        "license_type": A,
        "available": 18,
        "keep": 1,
        "remove": 17,
        "saving_per_cycle": Decimal(765),
        "cutoff": datetime(2026, 3, 20, tzinfo=UTC),
        "first_saved_billing": datetime(2026, 3, 21, tzinfo=UTC),
        "next_billing": datetime(2026, 3, 21, tzinfo=UTC),
    }
    return RemovalLine(**(fields | changes))


@pytest.mark.parametrize(
    ("changes", "error", "words"),
    [
        ({"remove": 0, "keep": 18}, InvalidValueError, "remove must be at least 1"),
        ({"remove": 16}, InvalidValueError, "remove must be available - keep"),
        ({"license_type": C}, InvalidValueError, "license_type must be a charged"),
        ({"license_type": "assistant"}, InvalidTypeError, "license_type must be a LicenseType"),
        ({"available": -1}, InvalidValueError, "available must not be negative"),
        ({"keep": True}, InvalidTypeError, "keep must be an int"),
        ({"saving_per_cycle": 765.0}, InvalidTypeError, "saving_per_cycle must be a Decimal"),
        ({"saving_per_cycle": Decimal(-1)}, InvalidValueError, "saving_per_cycle must not be"),
        ({"first_saved_billing": None}, InvalidValueError, "exactly when cutoff is"),
        ({"cutoff": None}, InvalidValueError, "exactly when cutoff is"),
        ({"cutoff": datetime(2026, 3, 22, tzinfo=UTC)}, InvalidValueError, "and not after it"),
        (
            {"first_saved_billing": datetime(2026, 3, 20, tzinfo=UTC)},
            InvalidValueError,
            "first_saved_billing must not be before next_billing",
        ),
        ({"next_billing": None}, InvalidValueError, "next_billing must be given exactly when"),
        ({"clinic_name": " "}, InvalidValueError, "clinic_name must be a non-empty name"),
        ({"cutoff": datetime(2026, 3, 20)}, InvalidValueError, "cutoff must be timezone-aware"),  # noqa: DTZ001
        ({"clinic_id": " "}, InvalidValueError, "clinic_id must be a non-empty id"),
    ],
)
def test_a_removal_line_that_breaks_an_invariant_is_refused(
    changes: dict[str, Any], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        good_line(**changes)


def test_a_removal_line_accepts_any_integer_type_for_counts() -> None:
    class Index:
        def __index__(self) -> int:
            return 17

    assert good_line(remove=Index()) == good_line()


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ({"lines": [good_line()]}, InvalidValueError, "currency must be given when a line has"),
        ({"lines": [good_line()], "currency": "usd"}, InvalidValueError, "ISO 4217"),
        ({"lines": [good_line()], "currency": 840}, InvalidTypeError, "currency must be a string"),
        ({"lines": ["line"]}, InvalidTypeError, "lines must be made of RemovalLine"),
        ({"lines": good_line()}, InvalidTypeError, "lines must be a collection"),
    ],
)
def test_a_removal_proposal_that_breaks_an_invariant_is_refused(
    arguments: dict[str, Any], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        RemovalProposal(**arguments)


def test_a_line_misses_its_next_billing_exactly_when_it_saves_a_later_one() -> None:
    # With the longest cutoff, an on-time line's first saved billing is 27 days after its
    # cutoff and a late one's 28 days after (February): no gap between dates tells them apart.
    on_time = good_line(
        cutoff=datetime(2026, 2, 1, tzinfo=UTC),
        next_billing=datetime(2026, 2, 28, tzinfo=UTC),
        first_saved_billing=datetime(2026, 2, 28, tzinfo=UTC),
    )
    late = good_line(
        cutoff=datetime(2026, 1, 4, tzinfo=UTC),
        next_billing=datetime(2026, 1, 31, tzinfo=UTC),
        first_saved_billing=datetime(2026, 2, 28, tzinfo=UTC),
    )

    assert (on_time.misses_next_billing, late.misses_next_billing) == (False, True)
    assert (
        good_line(cutoff=None, next_billing=None, first_saved_billing=None).misses_next_billing
        is None
    )


# --- properties -------------------------------------------------------------------------------

#: Drawing an organization costs tens of milliseconds, so these properties run a quarter of the
#: profile's examples (75 in the thorough profile): the file's thorough run stays near a minute.


def _fewer() -> settings:
    profile = settings.default
    assert profile is not None  # conftest loads a profile
    return settings(max_examples=max(10, profile.max_examples // 4))


fewer = _fewer()


class Case(NamedTuple):
    """A generated health check: an organization, a policy, prices and a moment."""

    org: Organization
    policy: RetentionPolicy
    prices: PriceList | None
    now: datetime | None

    def propose(self, subject: Clinic | Organization | None = None) -> RemovalProposal:
        return propose_removals(
            self.org if subject is None else subject,
            policy=self.policy,
            prices=self.prices,
            now=self.now,
        )


def _small(org: Organization, most: int) -> Organization:
    """``org`` with every limited pool's purchased count brought down to at most ``most``."""
    return attrs.evolve(
        org,
        clinics=[
            attrs.evolve(
                c,
                pools=[
                    p if p.unlimited else attrs.evolve(p, purchased=p.purchased % (most + 1))
                    for p in c.pools
                ],
            )
            for c in org.clinics
        ],
    )


@st.composite
def cases(
    draw: st.DrawFn,
    *,
    max_clinics: int = 4,
    small: bool = False,
    complete_prices: bool = False,
    min_clinics: int = 0,
) -> Case:
    """Health checks of generated organizations (for ``small``: at most 3 of a type purchased)."""
    org = draw(organizations(min_clinics=min_clinics, max_clinics=max_clinics, max_users=6))
    if small:
        org = _small(org, 3)
    policy = draw(retention_policies(clinic_ids=[c.id for c in org.clinics]))
    prices = draw(price_lists(complete=True) if complete_prices else st.none() | price_lists())
    now = draw(st.none() | aware_datetimes())
    return Case(org=org, policy=policy, prices=prices, now=now)


def unused_user_id(org: Organization) -> str:
    """An id no user of ``org`` has."""
    user_id = "NEW"
    while any(c.has_user(user_id) for c in org.clinics):
        user_id += "!"
    return user_id


def with_manager(org: Organization) -> tuple[Organization, str]:
    """``org`` plus an active User Manager homed in its first clinic with access to all others."""
    manager_id = unused_user_id(org)
    first, *others = org.clinics
    boss = manager(manager_id, clinic_access=[c.id for c in others])
    return org.replace_clinic(attrs.evolve(first, users=(*first.users, boss))), manager_id


def applied(org: Organization, case: Case) -> tuple[Organization, RemovalProposal]:
    """Apply every request drafted from ``case``'s proposal (by a manager added to ``org``)."""
    org, manager_id = with_manager(org)
    proposal = case.propose(org)
    submitted_at = case.now if case.now is not None else NOW
    for drafted in proposal.requests(
        requested_by=manager_id, submitted_at=submitted_at, reason=Reason.UNUSED_LICENSES
    ):
        org = apply_request(drafted, org, policy=case.policy)
    return org, proposal


def saving(counts: Mapping[LicenseType, int], prices: PriceList) -> Decimal:
    return sum((n * prices.price(t) for t, n in counts.items()), Decimal(0))


def same_clinics(org: Organization, clinics: Iterable[Clinic]) -> Organization:
    return attrs.evolve(org, clinics=list(clinics))


def releasable_by_hand(case: Case) -> dict[tuple[str, LicenseType], tuple[int, int]]:
    """(clinic, type) to (available, keep), counted from the raw model and the policy's maps.

    The contract's rule: one line per charged, limited pool with licenses to release, where
    available is purchased minus the active, non-system users of the type homed in the clinic
    (never below 0), and the clinic keeps the smaller of that and the policy's spare (the clinic's
    override for the type if it names one, else the default, else 0).
    """
    expected = {}
    for c in case.org.clinics:
        for license_type in LicenseType:
            pools = [p for p in c.pools if p.license_type is license_type]
            if not license_type.charged or any(p.unlimited for p in pools):
                continue
            holders = sum(
                1
                for u in c.users
                if u.user_type.license_type is license_type
                and u.status is UserStatus.ACTIVE
                and not u.system
            )
            available = max(0, sum(p.purchased for p in pools) - holders)
            override: Mapping[LicenseType, int] = case.policy.clinic_keep.get(c.id, {})
            spare = override.get(license_type, case.policy.keep.get(license_type, 0))
            keep = min(available, spare)
            if available > keep:
                expected[c.id, license_type] = (available, keep)
    return expected


@fewer
@given(cases())
def test_every_line_releases_exactly_the_available_licenses_beyond_the_spare(case: Case) -> None:
    proposal = case.propose()

    assert releasable_by_hand(case) == {
        (line.clinic_id, line.license_type): (line.available, line.keep) for line in proposal.lines
    }
    assert all(line.remove == line.available - line.keep for line in proposal.lines)


@fewer
@given(cases())
def test_savings_are_the_removed_count_times_the_price_when_priced(case: Case) -> None:
    proposal = case.propose()
    table = case.prices.prices if case.prices is not None else {}

    expected = {
        key: (available - keep) * table[key[1]] if key[1] in table else None
        for key, (available, keep) in releasable_by_hand(case).items()
    }

    assert expected == {
        (line.clinic_id, line.license_type): line.saving_per_cycle for line in proposal.lines
    }
    known = [saving for saving in expected.values() if saving is not None]
    if case.prices is not None and len(known) == len(expected):
        assert proposal.total_saving_per_cycle == sum(known, Decimal(0))
    else:
        assert proposal.total_saving_per_cycle is None
    assert proposal.currency == (case.prices.currency if case.prices is not None else None)


@fewer
@given(cases())
def test_timing_follows_the_clinics_billing_calendar(case: Case) -> None:
    proposal = case.propose()

    for line in proposal.lines:
        billing = case.org.clinic(line.clinic_id).billing
        if billing is None or case.now is None:
            assert (line.cutoff, line.next_billing, line.first_saved_billing) == (None,) * 3
            continue
        # The contract's words: the cutoff of the next billing after now, which is saved when
        # now is at or before that cutoff, else the one after. Elapsed time is read in UTC.
        upcoming, after_that = billing.billings(case.now, case.now + timedelta(days=64))[:2]
        cutoff = upcoming.astimezone(UTC) - billing.cutoff
        on_time = case.now <= cutoff
        assert (line.next_billing, line.cutoff) == (upcoming, cutoff)
        assert line.first_saved_billing == (upcoming if on_time else after_that)
        assert line.misses_next_billing is (not on_time)
    open_cutoffs = [
        line.cutoff
        for line in proposal.lines
        if line.misses_next_billing is False and line.cutoff is not None
    ]
    assert proposal.earliest_open_cutoff == (min(open_cutoffs) if open_cutoffs else None)


@fewer
@given(cases())
def test_lines_come_in_removal_order(case: Case) -> None:
    lines = case.propose().lines

    assert list(lines) == sorted(lines, key=removal_order)
    keys = [removal_order(line) for line in lines]
    assert all(a < b for a, b in itertools.pairwise(keys))


@fewer
@given(cases(), st.randoms(use_true_random=False))
def test_the_order_of_users_and_clinics_does_not_change_the_proposal(
    case: Case, rng: random.Random
) -> None:
    shuffled = []
    for found in case.org.clinics:
        users = list(found.users)
        rng.shuffle(users)
        shuffled.append(attrs.evolve(found, users=users))
    rng.shuffle(shuffled)

    assert case.propose(same_clinics(case.org, shuffled)) == case.propose()


@fewer
@given(cases())
def test_line_savings_sum_to_the_total_and_a_year_is_twelve_cycles(case: Case) -> None:
    proposal = case.propose()

    savings = [line.saving_per_cycle for line in proposal.lines]
    if case.prices is None or None in savings:
        assert proposal.total_saving_per_cycle is None
        assert proposal.annual_saving is None
    else:
        total = sum((s for s in savings if s is not None), Decimal(0))
        assert proposal.total_saving_per_cycle == total
        assert proposal.annual_saving == 12 * total


@fewer
@given(cases(), st.data())
def test_the_organization_proposal_combines_its_clinics_proposals_in_any_grouping(
    case: Case, data: st.DataObject
) -> None:
    whole = case.propose()
    groups = data.draw(
        st.lists(
            st.integers(min_value=0, max_value=3),
            min_size=len(case.org.clinics),
            max_size=len(case.org.clinics),
        )
    )
    shards = [
        same_clinics(case.org, [c for c, g in zip(case.org.clinics, groups, strict=True) if g == n])
        for n in range(4)
    ]

    if case.org.clinics:  # no clinic, no proposal to take the currency from
        assert RemovalProposal.combine(case.propose(c) for c in case.org.clinics) == whole
    assert RemovalProposal.combine(case.propose(shard) for shard in reversed(shards)) == whole
    assert RemovalProposal.combine([RemovalProposal.combine([p]) for p in [whole]]) == whole


@fewer
@given(cases(min_clinics=1))
def test_applying_the_drafted_requests_leaves_exactly_the_spares_and_touches_no_users_license(
    case: Case,
) -> None:
    org, manager_id = with_manager(case.org)
    proposal = case.propose(org)
    submitted_at = case.now if case.now is not None else NOW
    drafted = proposal.requests(
        requested_by=manager_id, submitted_at=submitted_at, reason=Reason.UNUSED_LICENSES
    )
    after = org
    for each in drafted:
        report = validate_request(each, after, policy=case.policy)
        assert report.ok, report.errors
        late = any(
            line.misses_next_billing for line in proposal.lines if line.clinic_id == each.clinic_id
        )
        assert report.codes <= {ProblemCode.AFTER_REMOVAL_CUTOFF}
        if case.now is not None:
            assert (ProblemCode.AFTER_REMOVAL_CUTOFF in report.codes) is late
        assert each.explanation is not None
        assert MIN_VALID_EXPLANATION_LENGTH <= len(each.explanation) <= MAX_VALID_EXPLANATION_LENGTH
        after = apply_request(each, after, policy=case.policy)

    before_usage, after_usage = usage(org), usage(after)
    for found_before, found_after in zip(before_usage.clinics, after_usage.clinics, strict=True):
        assert [c.users for c in org.clinics if c.id == found_before.clinic_id] == [
            c.users for c in after.clinics if c.id == found_after.clinic_id
        ]
        for pool_before, pool_after in zip(found_before.pools, found_after.pools, strict=True):
            assert pool_after.used == pool_before.used
            assert pool_after.over_assigned == pool_before.over_assigned
            if pool_before.available is None:
                assert pool_after == pool_before
                continue
            keep = min(
                pool_before.available,
                case.policy.spare(found_before.clinic_id, pool_before.license_type),
            )
            assert pool_after.available == keep


@fewer
@given(cases(min_clinics=1))
def test_proposing_again_after_applying_proposes_nothing(case: Case) -> None:
    after, _ = applied(case.org, case)

    assert case.propose(after).lines == ()


@fewer
@given(cases(max_clinics=2, small=True, complete_prices=True, min_clinics=1))
def test_no_valid_removal_that_keeps_the_spares_releases_or_saves_more_than_the_proposal(
    case: Case,
) -> None:
    org, manager_id = with_manager(case.org)
    proposal = case.propose(org)
    assert case.prices is not None
    for found in org.clinics:
        proposed = {
            line.license_type: line.remove for line in proposal.lines if line.clinic_id == found.id
        }
        available = {t: usage(found).pool(t).available or 0 for t in CHARGED}
        ranges = [range(available[t] + 2) for t in CHARGED]
        accepted = []
        for vector in itertools.product(*ranges):
            counts = dict(zip(CHARGED, vector, strict=True))
            report = validate_request(
                request(clinic_id=found.id, requested_by=manager_id, counts=counts),
                org,
                policy=case.policy,
            )
            keeps_spares = all(
                n <= max(0, available[t] - case.policy.spare(found.id, t))
                for t, n in counts.items()
            )
            assert (ProblemCode.BELOW_SPARE not in report.codes) or not keeps_spares
            if report.ok and keeps_spares:
                accepted.append({t: n for t, n in counts.items() if n})
        if not proposed:
            assert accepted == []
            continue
        assert proposed in accepted
        for counts in accepted:
            assert all(n <= proposed.get(t, 0) for t, n in counts.items())
            assert saving(counts, case.prices) <= saving(proposed, case.prices)


@st.composite
def raised_spares(draw: st.DrawFn, case: Case) -> RetentionPolicy:
    """``case.policy`` with one clinic's spare of one type raised."""
    clinic_id = draw(st.sampled_from([c.id for c in case.org.clinics]))
    license_type = draw(st.sampled_from(CHARGED))
    raised = case.policy.spare(clinic_id, license_type) + draw(st.integers(1, 5))
    overrides = {k: dict(v) for k, v in case.policy.clinic_keep.items()}
    overrides.setdefault(clinic_id, {})[license_type] = raised
    return RetentionPolicy(keep=case.policy.keep, clinic_keep=overrides)


@fewer
@given(cases(min_clinics=1, complete_prices=True), st.data())
def test_raising_a_spare_never_raises_a_removal(case: Case, data: st.DataObject) -> None:
    policy = data.draw(raised_spares(case))

    before, after = case.propose(), case._replace(policy=policy).propose()

    for key, count in removals(after).items():
        assert count <= removals(before)[key]
    assert after.total_saving_per_cycle is not None
    assert before.total_saving_per_cycle is not None
    assert after.total_saving_per_cycle <= before.total_saving_per_cycle


@fewer
@given(cases(min_clinics=1, complete_prices=True), st.data())
def test_deactivating_a_user_never_lowers_a_removal_or_the_saving(
    case: Case, data: st.DataObject
) -> None:
    # One more active user somewhere, so that there is always someone to deactivate.
    home = data.draw(st.sampled_from(case.org.clinics))
    newcomer = user(unused_user_id(case.org), user_type=data.draw(st.sampled_from(UserType)))
    org = case.org.replace_clinic(attrs.evolve(home, users=(*home.users, newcomer)))
    active = [u.id for c in org.clinics for u in c.users if u.active and not u.system]
    user_id = data.draw(st.sampled_from(active))

    before = case._replace(org=org).propose()
    after = case._replace(org=deactivate(org, user_id)).propose()

    for key, count in removals(before).items():
        assert count <= removals(after)[key]
    assert after.total_saving_per_cycle is not None
    assert before.total_saving_per_cycle is not None
    assert after.total_saving_per_cycle >= before.total_saving_per_cycle


def purchase_one_more(found: Clinic, license_type: LicenseType) -> Clinic:
    pool = found.pool(license_type)
    more = attrs.evolve(pool, purchased=pool.purchased + 1)
    return attrs.evolve(
        found,
        pools=[p for p in found.pools if p.license_type is not license_type] + [more],
    )


@fewer
@given(cases(min_clinics=1, complete_prices=True), st.data())
def test_purchasing_one_more_license_never_lowers_a_removal_or_the_saving(
    case: Case, data: st.DataObject
) -> None:
    found = data.draw(st.sampled_from(case.org.clinics))
    license_type = data.draw(st.sampled_from(CHARGED))
    assume(not found.pool(license_type).unlimited)
    assume(found.pool(license_type).purchased < MAX_COUNT)

    before = case.propose()
    after = case._replace(org=case.org.replace_clinic(purchase_one_more(found, license_type)))
    proposed = after.propose()

    for key, count in removals(before).items():
        assert count <= removals(proposed)[key]
    assert proposed.total_saving_per_cycle is not None
    assert before.total_saving_per_cycle is not None
    assert proposed.total_saving_per_cycle >= before.total_saving_per_cycle


@fewer
@given(cases())
def test_proposing_for_a_clinic_equals_proposing_for_an_organization_of_it_alone(
    case: Case,
) -> None:
    for found in case.org.clinics:
        assert case.propose(found) == case.propose(same_clinics(case.org, [found]))


@fewer
@given(cases(), aware_datetimes())
def test_drafted_requests_carry_out_the_lines_one_clinic_each(case: Case, when: datetime) -> None:
    proposal = case.propose()

    drafted = proposal.requests(requested_by="mgr", submitted_at=when, reason=Reason.OTHER)

    assert [r.clinic_id for r in drafted] == list(proposal.clinic_ids)
    assert {(r.clinic_id, t): n for r in drafted for t, n in r.counts.items()} == removals(proposal)
    assert all(r.kind is AdjustmentKind.REMOVE for r in drafted)
    for r in drafted:
        assert r.explanation is not None
        assert (
            MIN_VALID_EXPLANATION_LENGTH
            <= len(r.explanation.strip())
            <= MAX_VALID_EXPLANATION_LENGTH
        )


def _line_with_cutoff(clinic_id: str, cutoff: datetime) -> RemovalLine:
    return RemovalLine(
        clinic_id=clinic_id,
        license_type=LicenseType.ASSISTANT,
        available=1,
        keep=0,
        remove=1,
        cutoff=cutoff,
        next_billing=cutoff + timedelta(days=1),
        first_saved_billing=cutoff + timedelta(days=1),
    )


def test_the_earliest_cutoff_is_the_earliest_instant_even_in_a_repeated_hour() -> None:
    # New York's clocks went back at 2:00 on 2026-11-01: 1:45 EDT (05:45 UTC) comes before
    # 1:15 EST (06:15 UTC), though its wall clock reads later. Python compares two datetimes of
    # one zone by wall clock, ignoring `fold`; the earliest cutoff is the instant that comes first.
    new_york = ZoneInfo("America/New_York")
    first = datetime(2026, 11, 1, 1, 45, tzinfo=new_york)
    second = datetime(2026, 11, 1, 1, 15, fold=1, tzinfo=new_york)
    assert first.astimezone(UTC) < second.astimezone(UTC)
    proposal = RemovalProposal(
        lines=[_line_with_cutoff("c1", second), _line_with_cutoff("c2", first)]
    )

    assert proposal.earliest_cutoff is first


def test_a_request_drafted_for_a_line_without_a_clinic_name_names_the_clinic_by_its_id() -> None:
    proposal = RemovalProposal(lines=[_line_with_cutoff("c1", NOW)])

    [drafted] = proposal.requests(
        requested_by="maria", submitted_at=NOW, reason=Reason.UNUSED_LICENSES
    )

    assert drafted.explanation is not None
    assert drafted.explanation.startswith(
        "License health check for clinic c1: please remove 1 Assistant license,"
    )


@given(
    organizations(max_clinics=3, max_users=6),
    st.none() | price_lists(),
    st.none() | aware_datetimes(),
    st.data(),
)
def test_every_line_proposed_passes_the_validators_it_was_built_without(
    org: Organization, prices: PriceList | None, now: datetime | None, data: st.DataObject
) -> None:
    policy = data.draw(retention_policies(clinic_ids=[c.id for c in org.clinics]))
    proposal = propose_removals(org, policy=policy, prices=prices, now=now)
    for line in proposal.lines:
        rebuilt = RemovalLine(**{f.name: getattr(line, f.name) for f in attrs.fields(RemovalLine)})
        assert rebuilt == line
        assert hash(rebuilt) == hash(line)
        assert repr(rebuilt) == repr(line)
