"""The defects found when v0.1 was tried from outside, each reproduced, each now refused or right.

The red team's list, in its order: (1) equal-but-different billing cycles; (2) invisible
explanations; (3) totals hiding over-assignment; (4) impossible usage objects from JSON; (5)
errors that are not `LicensingError` (walked over the whole API in test_wrong_types.py); (6)
zero-width ids; (7) a cutoff warning that read "09:00, after the removal cutoff of 09:00"; (8)
sub-second UTC offsets lost in a JSON round trip; (9) the `UserStatusError` docstring promising a
refusal the code did not make. Then what the embedding backends met: an unlimited pool with a
count, drafted requests that named clinics by id only and needed one requester for every clinic,
private names in `dir(licensing)`. Each test below failed on v0.1.
"""

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import cattrs
import pytest

import licensing
from builders import EXPLANATION, NOW, clinic, manager, monthly, organization, request, user
from licensing import (
    BillingCycle,
    Clinic,
    ClinicUsage,
    InvalidValueError,
    LicensePool,
    LicenseType,
    OrganizationUsage,
    PoolUsage,
    ProblemCode,
    Reason,
    User,
    UserStatus,
    UserStatusError,
    UserType,
    activate,
    deactivate,
    error_messages,
    make_converter,
    propose_removals,
    usage,
    validate_request,
)

A, T = LicenseType.ASSISTANT, LicenseType.THERAPIST
PACIFIC = timezone(timedelta(hours=-8))


# --- (1) equal-but-different billing cycles ------------------------------------------------------


def test_one_instant_in_two_offsets_is_two_calendars_and_they_compare_unequal() -> None:
    # 00:00 UTC on the 21st is 16:00 on the 20th in Los Angeles: v0.1 compared them equal.
    in_utc = BillingCycle(anchor=datetime(2026, 1, 21, tzinfo=UTC))
    in_pacific = BillingCycle(anchor=datetime(2026, 1, 20, 16, tzinfo=PACIFIC))
    after = datetime(2026, 2, 1, tzinfo=UTC)

    assert in_utc.next_billing(after).day != in_pacific.next_billing(after).day
    assert in_utc != in_pacific


def test_with_the_clinics_zone_the_offset_an_anchor_carries_no_longer_matters() -> None:
    # A timestamptz read in a Los Angeles session or a UTC one: the same instant, one calendar.
    zone = ZoneInfo("America/Denver")
    read_in_utc = BillingCycle(anchor=datetime(2026, 1, 21, 7, tzinfo=UTC), zone=zone)
    read_in_pacific = BillingCycle(anchor=datetime(2026, 1, 20, 23, tzinfo=PACIFIC), zone=zone)
    window = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))

    assert read_in_utc == read_in_pacific
    assert hash(read_in_utc) == hash(read_in_pacific)
    assert read_in_utc.billings(*window) == read_in_pacific.billings(*window)


# --- (2) invisible explanations ------------------------------------------------------------------


@pytest.mark.parametrize(
    "explanation",
    [
        "\u200b" * 40,  # zero-width spaces (format characters)
        "\u3164" * 40,  # Hangul fillers: printable, and blank
        "\u2800" * 40,  # the braille blank
        "\ufe0f\U000e0100" * 20,  # variation selectors
        "\u115f\u1160\uffa0 \u202e\ufeff" * 10,
    ],
)
def test_an_explanation_that_renders_as_nothing_is_missing(explanation: str) -> None:
    org = organization(clinic(purchased={A: 3}, users=[manager()]))

    report = validate_request(request(explanation=explanation), org)

    assert [p.code for p in report.errors] == [ProblemCode.EXPLANATION_MISSING]


def test_characters_that_render_as_nothing_do_not_count_towards_a_real_explanation() -> None:
    org = organization(clinic(purchased={A: 3}, users=[manager()]))
    padded = "Two left." + "\u3164\u2800\u200b" * 20  # 8 visible characters

    report = validate_request(request(explanation=padded), org)

    assert [p.code for p in report.errors] == [ProblemCode.EXPLANATION_TOO_SHORT]
    assert report.errors[0].message.startswith("The explanation has 8 visible characters")


# --- (3) totals hiding over-assignment -----------------------------------------------------------


def test_an_unlimited_clinic_no_longer_hides_another_clinics_over_assignment() -> None:
    # c1 has three Therapists on one license; c2 holds Therapists unlimited. v0.1's total said 0.
    org = organization(
        clinic("c1", purchased={T: 1}, users=[user("u1"), user("u2"), user("u3")]),
        clinic("c2", unlimited=[T], users=[user("u4")]),
    )

    assert usage(org).total(T) == PoolUsage(
        license_type=T, purchased=None, used=4, available=None, over_assigned=2
    )


# --- (4) impossible usage objects from JSON ------------------------------------------------------


def test_a_clinic_usage_without_its_pools_is_refused_when_read_not_when_used() -> None:
    # v0.1 built it, and `.pool(...)` failed later with a LookupError.
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure({"clinic_id": "x", "pools": []}, ClinicUsage)

    [message] = error_messages(info.value)
    assert message.startswith("ClinicUsage.pools must hold one pool per type, in order")
    assert message.endswith(" @ $.pools")


def test_an_organization_usage_whose_totals_lie_is_refused_when_read() -> None:
    converter = make_converter()
    data = converter.unstructure(usage(organization(clinic("c1", purchased={T: 2}))))
    data["totals"][0]["purchased"] = data["totals"][0]["available"] = 5
    data["clinics"].append(data["clinics"][0])

    with pytest.raises(cattrs.BaseValidationError) as info:
        converter.structure(data, OrganizationUsage)

    [message] = error_messages(info.value)
    assert "OrganizationUsage.totals must be the sums of the clinics' usage" in message
    assert message.endswith(" @ $.totals")


def test_an_organization_usage_with_a_repeated_clinic_is_refused_so_lookups_cannot_mislead() -> (
    None
):
    converter = make_converter()
    twins = OrganizationUsage.of(
        [usage(clinic("a", purchased={T: 2})), usage(clinic("b", purchased={T: 2}))]
    )
    data = converter.unstructure(twins)  # totals that match two such clinics
    for part in data["clinics"]:
        part["clinic_id"] = "c1"

    with pytest.raises(cattrs.BaseValidationError) as info:
        converter.structure(data, OrganizationUsage)

    assert error_messages(info.value) == [
        "OrganizationUsage.clinics must not repeat a clinic id, got 'c1' (str) @ $.clinics"
    ]


# --- (6) zero-width ids -------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["\u200b", "\ufeff\u200d", "\u3164", "\u2800", "\u00ad"])
def test_an_id_or_a_name_made_only_of_characters_that_render_as_nothing_is_refused(
    blank: str,
) -> None:
    with pytest.raises(InvalidValueError, match=r"User\.id must be a non-empty id"):
        User(id=blank, name="Ann", user_type=UserType.PT)
    with pytest.raises(InvalidValueError, match=r"Clinic\.name must be a non-empty name"):
        Clinic(id="c1", name=blank)


def test_a_zero_width_id_is_refused_at_the_json_edge_with_its_path() -> None:
    data = {"id": "\u200b", "name": "Ann", "user_type": "pt"}

    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure(data, User)

    [message] = error_messages(info.value)
    assert message.startswith("User.id must be a non-empty id, not only characters that render")
    assert message.endswith(" @ $.id")


# --- (7) a cutoff warning that says "09:00, after the cutoff of 09:00" ---------------------------


def test_a_submission_seconds_after_the_cutoff_is_written_with_its_seconds() -> None:
    # Billed on the 21st at 09:00 UTC: the cutoff is the 20th at 09:00. Submitted 30 s later.
    org = organization(clinic(purchased={A: 3}, users=[manager()], billing=monthly(21, hour=9)))
    late = request(submitted_at=datetime(2026, 3, 20, 9, 0, 30, tzinfo=UTC))

    [warning] = validate_request(late, org).warnings

    assert warning.code is ProblemCode.AFTER_REMOVAL_CUTOFF
    assert warning.message.startswith(
        "Submitted 2026-03-20 09:00:30+00:00, after the removal cutoff of "
        "2026-03-20 09:00:00+00:00 for the billing of 2026-03-21 09:00:00+00:00"
    )


def test_a_submission_a_microsecond_after_the_cutoff_is_written_to_the_microsecond() -> None:
    org = organization(clinic(purchased={A: 3}, users=[manager()], billing=monthly(21, hour=9)))
    late = request(submitted_at=datetime(2026, 3, 20, 9, 0, 0, 1, tzinfo=UTC))

    [warning] = validate_request(late, org).warnings

    assert warning.message.startswith(
        "Submitted 2026-03-20 09:00:00.000001+00:00, after the removal cutoff of "
        "2026-03-20 09:00:00.000000+00:00"
    )


def test_the_cutoff_warning_writes_its_moments_in_the_clinics_billing_zone() -> None:
    zone = ZoneInfo("America/Los_Angeles")
    billing = BillingCycle(anchor=datetime(2026, 1, 21, tzinfo=zone), zone=zone)
    org = organization(clinic(purchased={A: 3}, users=[manager()], billing=billing))
    late = request(submitted_at=datetime(2026, 3, 20, 12, tzinfo=UTC))  # 05:00 in Los Angeles

    [warning] = validate_request(late, org).warnings

    assert warning.message.startswith(
        "Submitted 2026-03-20 05:00-07:00, after the removal cutoff of 2026-03-20 00:00-07:00 "
        "for the billing of 2026-03-21 00:00-07:00"
    )
    assert "the saving starts with the billing of 2026-04-21 00:00-07:00" in warning.message


# --- (8) sub-second UTC offsets ------------------------------------------------------------------


def test_a_utc_offset_with_a_fraction_of_a_second_is_refused_not_lost() -> None:
    # Python's ISO 8601 reader drops "+00:00:00.5" to "+00:00": v0.1 read back another moment.
    half = timezone(timedelta(microseconds=500_000))

    moment = datetime(2026, 1, 1, tzinfo=half)
    with pytest.raises(InvalidValueError) as refused:
        User(id="u", name="Ann", user_type=UserType.PT, last_active_at=moment)
    assert str(refused.value).startswith(
        "User.last_active_at must have a UTC offset of a whole number of seconds, got "
    )
    assert (refused.value.field, refused.value.value) == ("last_active_at", moment)
    with pytest.raises(cattrs.BaseValidationError) as info:
        make_converter().structure("2026-01-01T00:00:00+00:00:00.500000", datetime)
    assert isinstance(info.value, cattrs.ClassValidationError)
    assert info.value.cl is datetime  # what was being structured, as cattrs records it
    assert error_messages(info.value) == [
        (
            "expected a UTC offset of a whole number of seconds, got "
            "'2026-01-01T00:00:00+00:00:00.500000' (str) @ $"
        )
    ]


def test_a_utc_offset_of_whole_seconds_travels_unchanged() -> None:
    # Local mean times in the zone database have seconds (New York's was -4:56:02).
    lmt = timezone(-timedelta(hours=4, minutes=56, seconds=2))
    moment = datetime(1880, 1, 1, tzinfo=lmt)
    converter = make_converter()

    back = converter.structure(converter.unstructure(moment), datetime)

    assert back == moment
    assert back.utcoffset() == lmt.utcoffset(None)


# --- (9) the status rules of system accounts ------------------------------------------------------


def test_a_system_account_may_be_activated_and_deactivated_as_the_docstring_says() -> None:
    bot = user("bot", system=True, status=UserStatus.INACTIVE)
    c = clinic(users=[bot])  # no license at all: a system account needs none

    active = activate(c, "bot")

    assert active.user("bot").active
    assert not deactivate(active, "bot").user("bot").active
    assert "A system account's own status may change" in (UserStatusError.__doc__ or "")


# --- what the embedding backends met --------------------------------------------------------------


def test_an_unlimited_pool_with_a_count_is_refused() -> None:
    with pytest.raises(InvalidValueError) as info:
        LicensePool(license_type=T, unlimited=True, purchased=5)

    assert info.value.field == "purchased"
    assert str(info.value) == (
        "LicensePool.purchased must be 0 for an unlimited pool: it has no count to purchase, "
        "got 5 (int)"
    )


def test_two_clinics_with_equal_meaning_compare_and_hash_equal() -> None:
    plain = Clinic(id="c1", name="C", pools=[LicensePool(license_type=A, purchased=2)])
    spelled_out = Clinic(
        id="c1",
        name="C",
        pools=[
            LicensePool(license_type=LicenseType.CLERICAL, unlimited=True),
            LicensePool(license_type=T, purchased=0),
            LicensePool(license_type=A, purchased=2),
        ],
    )

    assert plain == spelled_out
    assert hash(plain) == hash(spelled_out)
    assert plain != Clinic(id="c1", name="C", pools=[LicensePool(license_type=A, purchased=3)])


def _two_clinic_proposal() -> licensing.RemovalProposal:
    zone = ZoneInfo("America/Los_Angeles")
    downtown = clinic("downtown", purchased={A: 3}, users=[manager("maria")])
    northside = clinic(
        "northside",
        purchased={T: 2},
        users=[manager("sam")],
        billing=BillingCycle(anchor=datetime(2025, 7, 27, tzinfo=zone), zone=zone),
    )
    org = organization(downtown, northside)
    return propose_removals(org, now=NOW)


def test_drafted_requests_name_the_clinic_and_write_moments_in_its_billing_zone() -> None:
    proposal = _two_clinic_proposal()

    drafted = proposal.requests(
        requested_by={"downtown": "maria", "northside": "sam", "elsewhere": "x"},
        submitted_at=NOW,
        reason=Reason.UNUSED_LICENSES,
    )

    by_clinic = {r.clinic_id: r for r in drafted}
    assert (by_clinic["downtown"].requested_by, by_clinic["northside"].requested_by) == (
        "maria",
        "sam",
    )
    explanation = by_clinic["northside"].explanation or ""
    assert explanation.startswith("License health check for clinic 'Clinic northside' (northside)")
    # Los Angeles is on daylight time in March: -07:00, in the format the contract pins.
    assert (
        "Processed by 2026-03-26 00:00-07:00, it avoids the billing on 2026-03-27 00:00-07:00."
        in (explanation)
    )


def test_a_requester_mapping_must_name_every_clinic_of_the_proposal() -> None:
    proposal = _two_clinic_proposal()

    with pytest.raises(InvalidValueError) as info:
        proposal.requests(
            requested_by={"downtown": "maria"}, submitted_at=NOW, reason=Reason.UNUSED_LICENSES
        )

    assert info.value.field == "requested_by"
    assert info.value.value == {"downtown": "maria"}
    assert str(info.value) == (
        "RemovalProposal.requests.requested_by must name the requester of every clinic that gets "
        "a request; it names none for 'northside'"
    )
    with pytest.raises(InvalidValueError) as empty:
        proposal.requests(requested_by={}, submitted_at=NOW, reason=Reason.UNUSED_LICENSES)
    assert str(empty.value).endswith("it names none for 'downtown', 'northside'")


def test_one_requester_still_submits_for_every_clinic() -> None:
    drafted = _two_clinic_proposal().requests(
        requested_by="maria",
        submitted_at=NOW,
        reason=Reason.UNUSED_LICENSES,
        explanation=EXPLANATION,
    )

    assert [r.requested_by for r in drafted] == ["maria", "maria"]


def test_a_requester_that_is_neither_an_id_nor_a_mapping_is_refused() -> None:
    with pytest.raises(licensing.InvalidTypeError) as info:
        _two_clinic_proposal().requests(
            requested_by=["maria"],  # type: ignore[arg-type]
            submitted_at=NOW,
            reason=Reason.UNUSED_LICENSES,
        )

    assert info.value.field == "requested_by"


def test_dir_of_the_package_lists_only_its_public_names() -> None:
    assert dir(licensing) == sorted(licensing.__all__)


def test_importing_the_strategies_without_hypothesis_says_which_extra_to_install() -> None:
    script = "import sys; sys.modules['hypothesis'] = None; import licensing.strategies"

    run = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )

    assert run.returncode != 0
    assert (
        "licensing.strategies needs Hypothesis: install the package's `strategies` extra "
        "(pip install 'emr-licensing[strategies]')"
    ) in run.stderr
