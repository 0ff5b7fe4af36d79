"""What people and tracebacks read, exactly: explanations, HTML tables, errors and their notes."""

import pickle
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any, cast

import attrs
import cattrs
import pytest
from cattrs.errors import StructureHandlerNotFoundError

from builders import NOW, clinic, manager, monthly, organization, request, user
from licensing import (
    AdjustmentKind,
    BillingCycle,
    ClinicUsage,
    InvalidRequestError,
    InvalidTypeError,
    InvalidValueError,
    LicensePool,
    LicenseType,
    Organization,
    Permission,
    PoolUsage,
    PriceList,
    ProblemCode,
    Reason,
    RetentionPolicy,
    Severity,
    User,
    UserType,
    ValidationReport,
    apply_request,
    error_messages,
    make_converter,
    propose_removals,
    usage,
    validate_request,
)
from licensing._checks import check_instance, check_items, check_type_map, describe, fail_value
from licensing._frozenmap import FrozenMap
from licensing.validation import Problem, _check_problems
from test_examples import _report

T, A, S = LicenseType.THERAPIST, LicenseType.ASSISTANT, LicenseType.STUDENT
PRICES = PriceList(prices={T: Decimal("99.00"), A: Decimal("45.50"), S: Decimal(0)})


# --- the explanations drafted for removal requests -----------------------------------------------


def explanation(org: Organization, **options: Any) -> str | None:
    proposal = propose_removals(org, **options)
    (drafted,) = proposal.requests(requested_by="mgr", submitted_at=NOW, reason=Reason.OTHER)
    return drafted.explanation


def test_the_explanation_of_one_spare_on_time() -> None:
    org = organization(
        clinic(
            purchased={A: 20, T: 2},
            users=[user("a1", user_type=UserType.PTA)],
            billing=monthly(21),
        )
    )

    found = explanation(org, policy=RetentionPolicy(keep={A: 1}), prices=PRICES, now=NOW)

    assert found == (
        "License health check for clinic 'Clinic c1' (c1): please remove 2 Therapist licenses "
        "and 18 Assistant licenses, paid for but not used by any active user. The clinic's "
        "retention policy keeps 1 of the 19 available Assistant licenses as a spare for its "
        "workflow, so it stays available. This saves 1,017.00 USD per billing cycle (12,204.00 "
        "USD a year), from the billing on 2026-03-21 00:00+00:00. Processed by 2026-03-20 "
        "00:00+00:00, it avoids the billing on 2026-03-21 00:00+00:00."
    )


def test_the_explanation_of_several_spares_after_the_cutoff() -> None:
    org = organization(clinic(purchased={A: 5, T: 4, S: 3}, billing=monthly(11)))

    found = explanation(org, policy=RetentionPolicy(keep={A: 2, T: 1}), prices=PRICES, now=NOW)

    assert found == (
        "License health check for clinic 'Clinic c1' (c1): please remove 3 Therapist licenses, "
        "3 Assistant licenses and 3 Student licenses, paid for but not used by any active "
        "user. The clinic's retention policy keeps 1 of the 4 available Therapist and 2 of the "
        "5 available Assistant licenses as spares for its workflow, so they stay available. "
        "This saves 433.50 USD per billing cycle (5,202.00 USD a year), from the billing on "
        "2026-04-11 00:00+00:00. The cutoff for the coming billing passed at 2026-03-10 "
        "00:00+00:00, so the first billing saved is the one on 2026-04-11 00:00+00:00."
    )


def test_the_explanation_without_spares_prices_or_timing() -> None:
    found = explanation(organization(clinic(purchased={S: 1})))

    assert found == (
        "License health check for clinic 'Clinic c1' (c1): please remove 1 Student license, "
        "paid for but not used by any active user. The retention policy keeps no spare of "
        "these license types, so none stays."
    )


def test_the_explanation_of_a_partly_priced_clinic_names_no_saving() -> None:
    org = organization(clinic(purchased={S: 1, T: 1}))

    found = explanation(org, prices=PriceList(prices={T: Decimal(1)}, currency="EUR"))

    assert found is not None
    assert "saves" not in found


def test_a_free_license_saves_zero_and_says_so() -> None:
    found = explanation(organization(clinic(purchased={S: 2})), prices=PRICES)

    assert found is not None
    assert "This saves 0 USD per billing cycle (0 USD a year)." in found


# --- usage as an HTML table -------------------------------------------------------------------


def test_usage_renders_as_exactly_this_html_table() -> None:
    found = usage(clinic("c<1>", purchased={A: 2}, users=[user("a", user_type=UserType.PTA)]))

    assert found._repr_html_() == (
        "<table><thead><tr><th>clinic_id</th><th>license_type</th><th>purchased</th>"
        "<th>used</th><th>available</th><th>over_assigned</th></tr></thead><tbody>"
        "<tr><td>c&lt;1&gt;</td><td>therapist</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"
        "<tr><td>c&lt;1&gt;</td><td>assistant</td><td>2</td><td>1</td><td>1</td><td>0</td></tr>"
        "<tr><td>c&lt;1&gt;</td><td>student</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"
        "<tr><td>c&lt;1&gt;</td><td>clerical</td><td>unlimited</td><td>0</td><td>unlimited</td>"
        "<td>0</td></tr></tbody></table>"
    )
    assert usage(organization(clinic("c<1>")))._repr_html_().count("<tr>") == 5


def test_a_hand_built_clinic_usage_must_list_one_pool_per_type_in_order() -> None:
    limited = PoolUsage.limited(A, purchased=3, used=1)
    others = (
        PoolUsage.limited(S, purchased=0, used=0),
        PoolUsage.unlimited(LicenseType.CLERICAL, 0),
    )
    therapists = PoolUsage.unlimited(T, used=2)

    with pytest.raises(InvalidValueError) as info:
        ClinicUsage(clinic_id="x", pools=(limited, *others, therapists))

    assert str(info.value) == (
        "ClinicUsage.pools must hold one pool per type, in order: therapist, assistant, "
        "student, clerical, got ('assistant', 'student', 'clerical', 'therapist') (tuple)"
    )
    assert ClinicUsage(clinic_id="x", pools=(therapists, limited, *others)).pool(T) == therapists


# --- errors -------------------------------------------------------------------------------------


def test_an_invalid_request_error_lists_every_error_with_its_code_and_field() -> None:
    org = organization(clinic(purchased={A: 1}, users=[manager()]))
    req = request(counts={A: 2, LicenseType.CLERICAL: 1}, explanation=None)

    with pytest.raises(InvalidRequestError) as refused:
        apply_request(req, org)

    assert str(refused.value) == (
        "the adjustment request has errors: removal_exceeds_available at counts.assistant: "
        "Cannot remove 2 Assistant licenses from clinic 'Clinic c1' (c1): only 1 available (1 "
        "purchased, 0 in use). Remove at most 1, or deactivate users first.; clerical_count at "
        "counts.clerical: Clerical licenses are unlimited and free in every clinic, so there is "
        "nothing to remove: set the Clerical count (1) to 0.; explanation_missing at "
        "explanation: The explanation is missing: say in a sentence or two why the clinic needs "
        "the change (at least 20 characters)."
    )


def test_a_refused_request_carries_the_report_made_with_the_given_policy() -> None:
    org = organization(clinic(purchased={A: 3}, users=[manager()]))
    req = request(counts={A: 2}, explanation="short")
    policy = RetentionPolicy(keep={A: 2})

    with pytest.raises(InvalidRequestError) as refused:
        apply_request(req, org, policy=policy)

    assert refused.value.report == validate_request(req, org, policy=policy)
    assert ProblemCode.BELOW_SPARE in refused.value.report.codes


ROOT_REFUSED = "expected one of 'user_manager', 'admin'; got 'root' (str)"


def test_a_structuring_error_lists_every_problem_at_its_path_in_the_order_of_the_data() -> None:
    converter = make_converter()
    data = converter.unstructure(organization(clinic(users=[user()])))
    data["clinics"][0]["users"][0]["permissions"] = ["root"]
    data["clinics"][0]["pools"] = {"0": 1}

    with pytest.raises(cattrs.BaseValidationError) as info:
        converter.structure(data, Organization)

    assert error_messages(info.value) == [
        "expected a list, got {'0': 1} (dict) @ $.clinics[0].pools",
        f"{ROOT_REFUSED} @ $.clinics[0].users[0].permissions[0]",
    ]


def test_a_bad_mapping_entry_is_reported_under_its_key() -> None:
    converter = make_converter()
    data = converter.unstructure(request())
    data["counts"] = {"assistant": "1", "nurse": 2}

    with pytest.raises(cattrs.BaseValidationError) as info:
        converter.structure(data, type(request()))

    assert error_messages(info.value) == [
        "expected an int (not a bool), got '1' (str) @ $.counts.assistant",
        (
            "expected one of 'therapist', 'assistant', 'student', 'clerical'; got 'nurse' (str) "
            "@ $.counts.nurse"
        ),
    ]


def test_a_model_error_is_reported_at_its_field_with_the_models_message() -> None:
    converter = make_converter()
    data = converter.unstructure(request())
    data["counts"] = {"assistant": -1}
    data["clinic_id"] = " "

    with pytest.raises(cattrs.BaseValidationError) as info:
        converter.structure(data, type(request()))

    # The constructor stops at its first broken invariant, in field order.
    assert error_messages(info.value) == [
        (
            "AdjustmentRequest.clinic_id must be a non-empty id, not only characters that render "
            "as nothing, got ' ' (str) @ $.clinic_id"
        )
    ]


# --- the validators' builders, called directly ---------------------------------------------------
# The classes call these when they are defined; these tests call them again, so that what they
# build is checked by what it does.


@attrs.frozen
class Holder:
    things: Any


THINGS = attrs.fields(Holder).things


def test_an_instance_check_names_the_owner_the_field_and_what_is_expected() -> None:
    validate = check_instance(int, "an int")
    validate(Holder(1), THINGS, 3)

    with pytest.raises(InvalidTypeError) as info:
        validate(Holder(1), THINGS, "3")

    assert str(info.value) == "Holder.things must be an int, got '3' (str)"
    assert (info.value.field, info.value.value) == ("things", "3")


def test_an_items_check_refuses_the_wrong_container_and_a_wrong_item() -> None:
    validate = check_items(int, tuple, "ints")
    validate(Holder(1), THINGS, (1, 2))

    with pytest.raises(InvalidTypeError) as container:
        validate(Holder(1), THINGS, [1, 2])
    with pytest.raises(InvalidTypeError) as item:
        validate(Holder(1), THINGS, (1, "2"))

    assert str(container.value) == "Holder.things must be a collection of ints, got [1, 2] (list)"
    assert container.value.value == [1, 2]
    assert str(item.value) == "Holder.things must be made of ints, got '2' (str)"
    assert (item.value.field, item.value.value) == ("things", "2")


def test_a_type_map_check_refuses_a_non_map_a_foreign_key_and_a_bad_value() -> None:
    def check_small(instance: object, field: str, value: object) -> None:
        if value != 1:
            raise fail_value(instance, field, value, "must be 1")

    check = check_type_map(check_small, "a mapping of LicenseType to 1")
    check(Holder(1), "things", FrozenMap({LicenseType.ASSISTANT: 1}))

    with pytest.raises(InvalidTypeError) as not_a_map:
        check(Holder(1), "things", {LicenseType.ASSISTANT: 1})
    with pytest.raises(InvalidTypeError) as foreign:
        check(Holder(1), "things", FrozenMap({"assistant": 1}))
    with pytest.raises(InvalidValueError) as bad:
        check(Holder(1), "things", FrozenMap({LicenseType.ASSISTANT: 2}))

    assert str(not_a_map.value) == (
        "Holder.things must be a mapping of LicenseType to 1, got "
        "{<LicenseType.ASSISTANT: 'assistant'>: 1} (dict)"
    )
    assert str(foreign.value) == "Holder.things must be keyed by LicenseType, got 'assistant' (str)"
    assert str(bad.value) == "Holder.things.assistant must be 1, got 2 (int)"
    assert (bad.value.field, bad.value.value) == ("things.assistant", 2)


def test_a_problems_check_refuses_anything_but_problems_of_its_severity() -> None:
    validate = _check_problems(Severity.WARNING)
    report = ValidationReport()
    warning = Problem(code=ProblemCode.BELOW_SPARE, message="m", field="counts.assistant")
    error = Problem(code=ProblemCode.NO_COUNTS, message="m", field="counts")
    validate(report, THINGS, (warning,))

    refusals = []
    for bad in ([warning], (warning, "x"), (warning, error)):
        with pytest.raises((InvalidTypeError, InvalidValueError)) as info:
            validate(report, THINGS, bad)
        refused = info.value
        assert isinstance(refused, InvalidTypeError | InvalidValueError)
        refusals.append((str(refused), refused.field, refused.value))

    assert refusals == [
        (
            (
                "ValidationReport.things must be a collection of Problem, got "
                "[Problem(code=<ProblemCode.BE...m', field='counts.assista... (list)"
            ),
            "things",
            [warning],
        ),
        ("ValidationReport.things must be made of Problem, got 'x' (str)", "things", "x"),
        (
            (
                "ValidationReport.things must hold only warnings, got "
                "<ProblemCode.NO_COUNTS: 'no_counts'> (ProblemCode)"
            ),
            "things",
            ProblemCode.NO_COUNTS,
        ),
    ]


# --- small things that are easy to get wrong ------------------------------------------------------


def test_a_frozen_map_hashes_its_items_and_pickles_as_itself() -> None:
    frozen = FrozenMap({1: 2, 3: 4})

    copied = pickle.loads(pickle.dumps(frozen))  # noqa: S301 - our own data

    assert hash(frozen) == hash(frozenset({(1, 2), (3, 4)}))
    assert hash(FrozenMap({1: 2})) != hash(FrozenMap({1: 3}))
    assert type(copied) is FrozenMap
    assert copied == frozen


def test_a_listed_clerical_price_keeps_how_it_was_written() -> None:
    prices = PriceList(prices={LicenseType.CLERICAL: Decimal("0.00")})

    assert str(prices.price(LicenseType.CLERICAL)) == "0.00"
    assert str(PriceList(prices={}).price(LicenseType.CLERICAL)) == "0"


def test_a_clinic_knows_which_users_are_homed_in_it() -> None:
    north = clinic(users=[user("u1")])

    assert north.has_user("u1")
    assert not north.has_user("u2")
    assert organization(north).has_clinic("c1")
    assert not organization(north).has_clinic("c2")


class Unregistered:
    """A class no hook of the converter knows: neither attrs nor a registered type."""

    def __init__(self, value: object = None) -> None:
        self.value = value


def test_the_strict_converter_refuses_a_type_it_has_no_hook_for_but_structures_others() -> None:
    converter = make_converter()

    # A programming error, not bad data: cattrs' own error, never a silent call of the class.
    with pytest.raises(StructureHandlerNotFoundError, match="Unregistered"):
        converter.structure({"value": 1}, Unregistered)

    assert converter.structure("2026-03-10T12:00:00+00:00", datetime) == datetime(
        2026, 3, 10, 12, tzinfo=UTC
    )
    assert converter.structure(["admin"], frozenset[str]) == frozenset({"admin"})
    assert converter.unstructure(frozenset({"b", "a"}), frozenset[str]) == ["a", "b"]
    assert converter.unstructure((NOW,), tuple[datetime, ...]) == ["2026-03-10T12:00:00+00:00"]
    assert converter.structure({"a": "1.5"}, FrozenMap[str, Decimal]) == {"a": Decimal("1.5")}
    assert converter.unstructure(
        FrozenMap({T: Decimal("1.5")}), FrozenMap[LicenseType, Decimal]
    ) == {"therapist": "1.5"}
    assert converter.structure([1, 2], tuple[int, int]) == (1, 2)
    assert User is type(user())
    assert AdjustmentKind("add") is AdjustmentKind.ADD


def test_a_hand_built_clinic_usage_without_its_pools_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"must hold one pool per type, in order"):
        ClinicUsage(clinic_id="x", pools=())


def test_a_value_of_a_type_without_a_name_is_described_by_its_repr() -> None:
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure(3, cast("Any", str | None))

    assert error_messages(info.value) == ["expected a string, got 3 (int) @ $"]


def test_a_repeated_item_of_a_set_is_refused_not_dropped() -> None:
    data = {"id": "u1", "name": "Ann", "user_type": "pt", "permissions": ["admin", "admin"]}

    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure(data, User)

    assert error_messages(info.value) == [
        "must not repeat an item, got 'admin' (str) twice @ $.permissions[1]"
    ]


def test_a_mapping_that_is_not_an_object_is_refused_as_such() -> None:
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure(["therapist", 1], FrozenMap[LicenseType, int])

    assert error_messages(info.value) == [
        "expected an object (a dict), got ['therapist', 1] (list) @ $"
    ]


def test_a_mapping_key_that_is_not_a_string_is_noted_by_its_repr() -> None:
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure({Decimal(1): "a"}, FrozenMap[str, int])

    assert error_messages(info.value) == [
        "expected a string, got Decimal('1') (Decimal) @ $.Decimal('1')"
    ]


def test_an_int_is_written_out_up_to_ten_thousand_bits_then_described_by_its_size() -> None:
    assert describe(2**9999) == "997531558440379192...0887152396298354688 (int)"
    assert describe(2**10000) == "<an int of 10001 bits> (int)"
    assert describe([2**10000]) == "[<an int of 10001 bits>] (list)"


def test_a_long_strings_quotes_are_chosen_from_its_first_61_characters() -> None:
    # A quote among them makes Python quote the repr with double quotes; one after them does not.
    assert describe("x" * 59 + "'") == '"' + "x" * 56 + "... (str)"
    assert describe("x" * 60 + "'") == '"' + "x" * 56 + "... (str)"
    assert describe("x" * 61 + "'") == "'" + "x" * 56 + "... (str)"
    assert describe("x" * 58) == "'" + "x" * 58 + "' (str)"


def test_a_fresh_converter_refuses_unknown_keys_and_collects_every_problem() -> None:
    data = {"license_type": "therapist", "purchased": "2", "unlimited": 0, "colour": "red"}

    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure(data, LicensePool)

    *ours, unknown = error_messages(info.value)
    assert ours == [
        "expected an int (not a bool), got '2' (str) @ $.purchased",
        "expected true or false, got 0 (int) @ $.unlimited",
    ]
    # cattrs words the unknown key; the library promises that it is refused, named, at the root.
    assert "colour" in unknown
    assert unknown.endswith(" @ $")


def test_a_fresh_converter_refuses_a_bad_duration_naming_it() -> None:
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure(
            {"anchor": "2026-01-31T09:00:00+00:00", "cutoff": 1e300}, BillingCycle
        )

    assert error_messages(info.value) == [
        (
            "expected a finite duration in seconds, within 999999999 days, got 1e+300 (float) "
            "@ $.cutoff"
        )
    ]


def test_sets_are_sorted_by_their_values_not_by_their_reprs() -> None:
    # repr("b'") starts with a double quote, which sorts before every single-quoted repr.
    member = user(clinic_access=["b'", "a"])

    assert make_converter().unstructure(member)["clinic_access"] == ["a", "b'"]


def test_totals_add_up_every_clinics_over_assignment() -> None:
    crowded = [user(f"{clinic_id}-pt", user_type=UserType.PT) for clinic_id in ("c1", "c2")]
    org = organization(
        clinic("c1", users=[crowded[0]]),
        clinic("c2", users=[crowded[1]]),
    )

    assert usage(org).total(T) == PoolUsage(
        license_type=T, purchased=0, used=2, available=0, over_assigned=2
    )


@pytest.mark.parametrize("data", [[], "acme", None])
def test_a_fresh_converter_refuses_what_is_not_an_object_at_the_root(data: object) -> None:
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure(data, Organization)

    assert error_messages(info.value) == [
        f"expected an object (a dict) for Organization, got {data!r} ({type(data).__name__}) @ $"
    ]


def test_a_fresh_converter_wraps_a_bad_scalar_at_the_root_in_a_validation_error() -> None:
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure("3", int)

    assert error_messages(info.value) == ["expected an int (not a bool), got '3' (str) @ $"]


def test_only_a_homogeneous_tuple_is_read_item_by_item() -> None:
    converter = make_converter()

    assert converter.structure([1, "a"], tuple[int, str]) == (1, "a")
    assert converter.structure([1, 2, 3], tuple[int, ...]) == (1, 2, 3)


def test_a_sequence_may_repeat_an_item_where_a_set_may_not() -> None:
    problem = {"code": "no_counts", "message": "Nothing to do.", "field": "counts"}

    report = make_converter().structure({"errors": [problem, problem]}, ValidationReport)

    assert len(report.errors) == 2


def test_users_share_one_set_per_distinct_set_of_permissions_and_one_empty_access() -> None:
    # A million users read from JSON must not hold two million small sets of their own.
    first = User(id="a", name="A", user_type=UserType.PT, permissions=[Permission.ADMIN])
    second = User(id="b", name="B", user_type=UserType.PT, permissions={Permission.ADMIN})
    third = User(id="c", name="C", user_type=UserType.PT, clinic_access=[])

    assert first.permissions is second.permissions
    assert first.clinic_access is second.clinic_access is third.clinic_access
    assert User(id="d", name="D", user_type=UserType.PT, clinic_access=["x"]).clinic_access == {"x"}


class ShiftingZone(tzinfo):
    """A zone whose offset depends on the moment, as real zones' do: none without one."""

    def utcoffset(self, moment: datetime | None) -> timedelta | None:
        return None if moment is None else timedelta(hours=-5)

    def dst(self, _moment: datetime | None) -> timedelta | None:
        return None

    def tzname(self, _moment: datetime | None) -> str | None:
        return "Shifting"


class NoOffsetZone(ShiftingZone):
    """A zone that never says its offset: Python counts its datetimes as naive."""

    def utcoffset(self, _moment: datetime | None) -> timedelta | None:
        return None


def test_a_datetime_is_aware_when_its_zone_gives_its_offset_at_that_moment() -> None:
    moment = datetime(2026, 3, 10, 12, tzinfo=ShiftingZone())

    assert request(submitted_at=moment).submitted_at is moment
    with pytest.raises(InvalidValueError, match="must be timezone-aware"):
        request(submitted_at=datetime(2026, 3, 10, 12, tzinfo=NoOffsetZone()))


# --- the main job's idle users and savings, as an administrator reads them ----------------------


def test_the_main_job_prints_exactly_these_idle_users_and_savings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _report(capsys)
    idle = out[out.index("user  ") : out.index("\n\ndeactivate: yes")]
    savings = out[out.index("                             per cycle") : out.index("\n\n== Alerts")]

    assert idle.splitlines() == [
        (
            "user                  clinic     license    kind          evidence  "
            "                              idle for  confidence  deactivate"
        ),
        (
            "--------------------  ---------  ---------  ------------"
            "  --------------------------------------  --------  ----------  ----------"
        ),
        (
            "Chloe Wu (chloe)      downtown   therapist  dormant     "
            "  last active 2026-03-02 08:30+00:00      269 days  high        yes"
        ),
        (
            "Gita Rao (gita)       downtown   therapist  never_active"
            "  licensed since 2026-09-21 08:30+00:00   66 days   low         no"
        ),
        (
            "Dev Shah (dev)        downtown   assistant  dormant     "
            "  last active 2026-07-20 08:30+00:00      129 days  medium      yes"
        ),
        (
            "Hana Sato (hana)      downtown   student    dormant     "
            "  last active 2026-10-12 08:30+00:00      45 days   medium      yes"
        ),
        (
            "Nadia Rahman (nadia)  northside  assistant  never_active"
            "  licensed since 2026-06-15 08:30+00:00   164 days  medium      yes"
        ),
        (
            "Priya Nair (priya)    eastgate   therapist  unknown     "
            "  no activity or licensing date recorded  unknown   low         no"
        ),
    ]
    assert savings.splitlines() == [
        "                             per cycle        per year",
        "Free licenses today       2,197.00 USD   26,364.00 USD",
        "After deactivation        2,454.00 USD   29,448.00 USD",
        "Extra saving                257.00 USD    3,084.00 USD",
    ]
