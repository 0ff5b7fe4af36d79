"""Every refusal, exactly: the error class, the whole message, the field and the value it names.

A caller shows these messages to people and branches on ``field``; each is pinned here, for every
validator and every argument check of the library. (The bounds are in test_bounds.py.)
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

import attrs
import pytest

from builders import NOW, clinic, monthly, organization, request, user
from licensing import (
    MAX_CUTOFF,
    BillingCycle,
    Clinic,
    InvalidTypeError,
    InvalidValueError,
    LicensePool,
    LicenseType,
    Organization,
    OrganizationUsage,
    PoolUsage,
    PriceList,
    PriceNotFoundError,
    Problem,
    ProblemCode,
    RemovalLine,
    RemovalProposal,
    RetentionPolicy,
    UnknownClinicError,
    UnknownUserError,
    User,
    UserStatus,
    UserStatusError,
    UserType,
    ValidationReport,
    propose_removals,
    share_license,
    usage,
)

T, A, C = LicenseType.THERAPIST, LicenseType.ASSISTANT, LicenseType.CLERICAL
NAIVE = datetime(2026, 3, 10, 12)  # noqa: DTZ001 - naive on purpose
SHARING = organization(
    clinic(
        "c1",
        users=[
            user("giver"),
            user("clerk", user_type=UserType.CLERICAL, status=UserStatus.INACTIVE),
            user("assistant", user_type=UserType.PTA, status=UserStatus.INACTIVE),
        ],
    ),
    clinic("c2", users=[user("elsewhere", status=UserStatus.INACTIVE)]),
)
LINE = RemovalLine(clinic_id="c1", license_type=A, available=3, keep=1, remove=2)

REFUSALS = [
    pytest.param(
        lambda: user(5),  # type: ignore[arg-type]
        InvalidTypeError,
        "User.id must be a string, got 5 (int)",
        "id",
        "5",
        id="user-id-int",
    ),
    pytest.param(
        lambda: user(" "),
        InvalidValueError,
        "User.id must be a non-empty id, not only characters that render as nothing, got ' ' (str)",
        "id",
        "' '",
        id="user-id-blank",
    ),
    pytest.param(
        lambda: user("a\x00b"),
        InvalidValueError,
        ("User.id must not contain control characters or unpaired surrogates, got 'a\\x00b' (str)"),
        "id",
        "'a\\x00b'",
        id="user-id-control",
    ),
    pytest.param(
        lambda: User(id="u", name=None, user_type=UserType.PT),  # type: ignore[arg-type]
        InvalidTypeError,
        "User.name must be a string, got None (NoneType)",
        "name",
        "None",
        id="user-name-type",
    ),
    pytest.param(
        lambda: User(id="u", name="n", user_type="pt"),  # type: ignore[arg-type]
        InvalidTypeError,
        "User.user_type must be a UserType, got 'pt' (str)",
        "user_type",
        "'pt'",
        id="user-type",
    ),
    pytest.param(
        lambda: User(id="u", name="n", user_type=UserType.PT, status="active"),  # type: ignore[arg-type]
        InvalidTypeError,
        "User.status must be a UserStatus, got 'active' (str)",
        "status",
        "'active'",
        id="user-status",
    ),
    pytest.param(
        lambda: User(id="u", name="n", user_type=UserType.PT, permissions=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "User.permissions must be a collection of Permission values, got 3 (int)",
        "permissions",
        "3",
        id="user-perms-not-coll",
    ),
    pytest.param(
        lambda: User(id="u", name="n", user_type=UserType.PT, permissions=["admin"]),  # type: ignore[list-item]
        InvalidTypeError,
        "User.permissions must be made of Permission values, got 'admin' (str)",
        "permissions",
        "'admin'",
        id="user-perms-item",
    ),
    pytest.param(
        lambda: User(id="u", name="n", user_type=UserType.PT, clinic_access=[3]),  # type: ignore[list-item]
        InvalidTypeError,
        "User.clinic_access must be made of ids, got 3 (int)",
        "clinic_access",
        "3",
        id="user-access-item",
    ),
    pytest.param(
        lambda: User(id="u", name="n", user_type=UserType.PT, clinic_access=[""]),
        InvalidValueError,
        "User.clinic_access must be a non-empty clinic id, got '' (str)",
        "clinic_access",
        "''",
        id="user-access-blank",
    ),
    pytest.param(
        lambda: User(id="u", name="n", user_type=UserType.PT, clinic_access=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "User.clinic_access must be a collection of ids, got 3 (int)",
        "clinic_access",
        "3",
        id="user-access-not-coll",
    ),
    pytest.param(
        lambda: User(id="u", name="n", user_type=UserType.PT, last_active_at=NAIVE),
        InvalidValueError,
        (
            "User.last_active_at must be timezone-aware, "
            "got datetime.datetime(2026, 3, 10, 12, 0) (datetime)"
        ),
        "last_active_at",
        "datetime.datetime(2026, 3, 10, 12, 0)",
        id="user-last-naive",
    ),
    pytest.param(
        lambda: User(id="u", name="n", user_type=UserType.PT, last_active_at="2026"),  # type: ignore[arg-type]
        InvalidTypeError,
        "User.last_active_at must be a datetime, got '2026' (str)",
        "last_active_at",
        "'2026'",
        id="user-last-type",
    ),
    pytest.param(
        lambda: User(id="u", name="n", user_type=UserType.PT, system=1),  # type: ignore[arg-type]
        InvalidTypeError,
        "User.system must be a bool, got 1 (int)",
        "system",
        "1",
        id="user-system",
    ),
    pytest.param(
        lambda: LicensePool(license_type="therapist"),  # type: ignore[arg-type]
        InvalidTypeError,
        "LicensePool.license_type must be a LicenseType, got 'therapist' (str)",
        "license_type",
        "'therapist'",
        id="pool-type",
    ),
    pytest.param(
        lambda: LicensePool(license_type=T, purchased=-1),
        InvalidValueError,
        "LicensePool.purchased must not be negative, got -1 (int)",
        "purchased",
        "-1",
        id="pool-neg",
    ),
    pytest.param(
        lambda: LicensePool(license_type=T, purchased=True),
        InvalidTypeError,
        "LicensePool.purchased must be an int (not a bool), got True (bool)",
        "purchased",
        "True",
        id="pool-bool",
    ),
    pytest.param(
        lambda: LicensePool(license_type=T, purchased="3"),  # type: ignore[arg-type]
        InvalidTypeError,
        "LicensePool.purchased must be an int (not a bool), got '3' (str)",
        "purchased",
        "'3'",
        id="pool-str",
    ),
    pytest.param(
        lambda: LicensePool(license_type=C),
        InvalidValueError,
        "LicensePool.unlimited must be True: Clerical is always unlimited, got False (bool)",
        "unlimited",
        "False",
        id="pool-clerical",
    ),
    pytest.param(
        lambda: LicensePool(license_type=T, unlimited=1),  # type: ignore[arg-type]
        InvalidTypeError,
        "LicensePool.unlimited must be a bool, got 1 (int)",
        "unlimited",
        "1",
        id="pool-unlimited-type",
    ),
    pytest.param(
        lambda: Clinic(id="c", name="n", pools=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "Clinic.pools must be a collection of LicensePool, got 3 (int)",
        "pools",
        "3",
        id="clinic-pools-not-coll",
    ),
    pytest.param(
        lambda: Clinic(id="c", name="n", pools=["x"]),  # type: ignore[list-item]
        InvalidTypeError,
        "Clinic.pools must be made of LicensePool, got 'x' (str)",
        "pools",
        "'x'",
        id="clinic-pool-item",
    ),
    pytest.param(
        lambda: Clinic(
            id="c",
            name="n",
            pools=[LicensePool(license_type=T), LicensePool(license_type=T, purchased=1)],
        ),
        InvalidValueError,
        (
            "Clinic.pools must hold one pool per type, "
            "got <LicenseType.THERAPIST: 'therapist'> (LicenseType)"
        ),
        "pools",
        "<LicenseType.THERAPIST: 'therapist'>",
        id="clinic-two-pools",
    ),
    pytest.param(
        lambda: Clinic(id="c", name="n", users=[user("u1"), user("u1")]),
        InvalidValueError,
        "Clinic.users must not repeat an id, got 'u1' (str)",
        "users",
        "'u1'",
        id="clinic-dup-users",
    ),
    pytest.param(
        lambda: Clinic(id="c1", name="n", users=[user("u1", clinic_access=["c1"])]),
        InvalidValueError,
        "Clinic.users must not list the home clinic 'c1' in a user's clinic_access, got 'u1' (str)",
        "users",
        "'u1'",
        id="clinic-self-access",
    ),
    pytest.param(
        lambda: Clinic(id="c", name="n", billing="monthly"),  # type: ignore[arg-type]
        InvalidTypeError,
        "Clinic.billing must be a BillingCycle, got 'monthly' (str)",
        "billing",
        "'monthly'",
        id="clinic-billing",
    ),
    pytest.param(
        lambda: organization(clinic("c1"), clinic("c1")),
        InvalidValueError,
        "Organization.clinics must not repeat an id, got 'c1' (str)",
        "clinics",
        "'c1'",
        id="org-dup-clinic",
    ),
    pytest.param(
        lambda: organization(clinic("c1", users=[user("u1")]), clinic("c2", users=[user("u1")])),
        InvalidValueError,
        (
            "Organization.clinics must not repeat a user id across clinics ('c1' and 'c2'), "
            "got 'u1' (str)"
        ),
        "clinics",
        "'u1'",
        id="org-dup-user",
    ),
    pytest.param(
        lambda: Organization(id="o", name="n", clinics=[3]),  # type: ignore[list-item]
        InvalidTypeError,
        "Organization.clinics must be made of Clinic, got 3 (int)",
        "clinics",
        "3",
        id="org-clinics-item",
    ),
    pytest.param(
        lambda: request(counts=[1]),  # type: ignore[arg-type]
        InvalidTypeError,
        "AdjustmentRequest.counts must be a mapping of LicenseType to int, got [1] (list)",
        "counts",
        "[1]",
        id="req-counts-not-map",
    ),
    pytest.param(
        lambda: request(counts={"assistant": 1}),  # type: ignore[dict-item]
        InvalidTypeError,
        "AdjustmentRequest.counts must be keyed by LicenseType, got 'assistant' (str)",
        "counts",
        "'assistant'",
        id="req-counts-key",
    ),
    pytest.param(
        lambda: request(counts={A: -2}),
        InvalidValueError,
        "AdjustmentRequest.counts.assistant must not be negative, got -2 (int)",
        "counts.assistant",
        "-2",
        id="req-counts-neg",
    ),
    pytest.param(
        lambda: request(counts={A: 100_001}),
        InvalidValueError,
        "AdjustmentRequest.counts.assistant must be at most 100,000, got 100001 (int)",
        "counts.assistant",
        "100001",
        id="req-counts-big",
    ),
    pytest.param(
        lambda: request(explanation=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "AdjustmentRequest.explanation must be a string or None, got 3 (int)",
        "explanation",
        "3",
        id="req-expl-type",
    ),
    pytest.param(
        lambda: request(submitted_at=NAIVE),
        InvalidValueError,
        (
            "AdjustmentRequest.submitted_at must be timezone-aware, "
            "got datetime.datetime(2026, 3, 10, 12, 0) (datetime)"
        ),
        "submitted_at",
        "datetime.datetime(2026, 3, 10, 12, 0)",
        id="req-submitted-naive",
    ),
    pytest.param(
        lambda: request(kind="add"),  # type: ignore[arg-type]
        InvalidTypeError,
        "AdjustmentRequest.kind must be an AdjustmentKind, got 'add' (str)",
        "kind",
        "'add'",
        id="req-kind",
    ),
    pytest.param(
        lambda: attrs.evolve(request(), reason="other"),  # type: ignore[arg-type]
        InvalidTypeError,
        "AdjustmentRequest.reason must be a Reason, got 'other' (str)",
        "reason",
        "'other'",
        id="req-reason",
    ),
    pytest.param(
        lambda: clinic().user("x"),
        UnknownUserError,
        "no user 'x' is homed in clinic 'c1'",
        None,
        "'x'",
        id="clinic-user-unknown",
    ),
    pytest.param(
        lambda: clinic().user(["x"]),  # type: ignore[arg-type]
        InvalidTypeError,
        "Clinic.user.user_id must be a string, got ['x'] (list)",
        "user_id",
        "['x']",
        id="clinic-user-unhashable",
    ),
    pytest.param(
        lambda: organization().clinic("x"),
        UnknownClinicError,
        "no clinic 'x' in organization 'org'",
        None,
        "'x'",
        id="org-clinic-unknown",
    ),
    pytest.param(
        lambda: organization().home_clinic("x"),
        UnknownUserError,
        "no user 'x' in organization 'org'",
        None,
        "'x'",
        id="org-home-unknown",
    ),
    pytest.param(
        lambda: organization().user("x"),
        UnknownUserError,
        "no user 'x' in organization 'org'",
        None,
        "'x'",
        id="org-user-unknown",
    ),
    pytest.param(
        lambda: organization().replace_clinic(clinic("x")),
        UnknownClinicError,
        "no clinic 'x' in organization 'org'",
        None,
        "'x'",
        id="org-replace-unknown",
    ),
    pytest.param(
        lambda: BillingCycle(anchor=NAIVE),
        InvalidValueError,
        (
            "BillingCycle.anchor must be timezone-aware, "
            "got datetime.datetime(2026, 3, 10, 12, 0) (datetime)"
        ),
        "anchor",
        "datetime.datetime(2026, 3, 10, 12, 0)",
        id="cycle-anchor-naive",
    ),
    pytest.param(
        lambda: BillingCycle(anchor="2026"),  # type: ignore[arg-type]
        InvalidTypeError,
        "BillingCycle.anchor must be a datetime, got '2026' (str)",
        "anchor",
        "'2026'",
        id="cycle-anchor-type",
    ),
    pytest.param(
        lambda: BillingCycle(anchor=NOW, cutoff=timedelta(-1)),
        InvalidValueError,
        "BillingCycle.cutoff must not be negative, got datetime.timedelta(days=-1) (timedelta)",
        "cutoff",
        "datetime.timedelta(days=-1)",
        id="cycle-cutoff-neg",
    ),
    pytest.param(
        lambda: BillingCycle(anchor=NOW, cutoff=timedelta(days=28)),
        InvalidValueError,
        "BillingCycle.cutoff must be at most 27 days, got datetime.timedelta(days=28) (timedelta)",
        "cutoff",
        "datetime.timedelta(days=28)",
        id="cycle-cutoff-big",
    ),
    pytest.param(
        lambda: BillingCycle(anchor=NOW, cutoff=3600),  # type: ignore[arg-type]
        InvalidTypeError,
        "BillingCycle.cutoff must be a timedelta, got 3600 (int)",
        "cutoff",
        "3600",
        id="cycle-cutoff-type",
    ),
    pytest.param(
        lambda: monthly().next_billing(NAIVE),
        InvalidValueError,
        (
            "BillingCycle.next_billing.after must be timezone-aware, "
            "got datetime.datetime(2026, 3, 10, 12, 0) (datetime)"
        ),
        "after",
        "datetime.datetime(2026, 3, 10, 12, 0)",
        id="next-naive",
    ),
    pytest.param(
        lambda: monthly().next_billing("now"),  # type: ignore[arg-type]
        InvalidTypeError,
        "BillingCycle.next_billing.after must be a datetime, got 'now' (str)",
        "after",
        "'now'",
        id="next-type",
    ),
    pytest.param(
        lambda: monthly().removal_cutoff(NAIVE),
        InvalidValueError,
        (
            "BillingCycle.removal_cutoff.after must be timezone-aware, "
            "got datetime.datetime(2026, 3, 10, 12, 0) (datetime)"
        ),
        "after",
        "datetime.datetime(2026, 3, 10, 12, 0)",
        id="cutoff-naive",
    ),
    pytest.param(
        lambda: PriceList(prices=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "PriceList.prices must be a mapping of LicenseType to Decimal, got 3 (int)",
        "prices",
        "3",
        id="prices-not-map",
    ),
    pytest.param(
        lambda: PriceList(prices={"therapist": Decimal(1)}),  # type: ignore[dict-item]
        InvalidTypeError,
        "PriceList.prices must be keyed by LicenseType, got 'therapist' (str)",
        "prices",
        "'therapist'",
        id="prices-key",
    ),
    pytest.param(
        lambda: PriceList(prices={T: 1.5}),  # type: ignore[dict-item]
        InvalidTypeError,
        "PriceList.prices.therapist must be a Decimal (never a float), got 1.5 (float)",
        "prices.therapist",
        "1.5",
        id="prices-float",
    ),
    pytest.param(
        lambda: PriceList(prices={T: Decimal("NaN")}),
        InvalidValueError,
        "PriceList.prices.therapist must be finite, got Decimal('NaN') (Decimal)",
        "prices.therapist",
        "Decimal('NaN')",
        id="prices-nan",
    ),
    pytest.param(
        lambda: PriceList(prices={T: Decimal(-1)}),
        InvalidValueError,
        "PriceList.prices.therapist must not be negative, got Decimal('-1') (Decimal)",
        "prices.therapist",
        "Decimal('-1')",
        id="prices-neg",
    ),
    pytest.param(
        lambda: PriceList(prices={C: Decimal(1)}),
        InvalidValueError,
        (
            "PriceList.prices.clerical must be 0: Clerical licenses are free, "
            "got Decimal('1') (Decimal)"
        ),
        "prices.clerical",
        "Decimal('1')",
        id="prices-clerical",
    ),
    pytest.param(
        lambda: PriceList(prices={}, currency=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "PriceList.currency must be a string, got 3 (int)",
        "currency",
        "3",
        id="currency-type",
    ),
    pytest.param(
        lambda: PriceList(prices={}, currency="usd"),
        InvalidValueError,
        "PriceList.currency must be an ISO 4217 code like 'USD', got 'usd' (str)",
        "currency",
        "'usd'",
        id="currency-lower",
    ),
    pytest.param(
        lambda: PriceList(prices={}).price(T),
        PriceNotFoundError,
        "the price list has no price for therapist licenses",
        None,
        None,
        id="price-missing",
    ),
    pytest.param(
        lambda: RetentionPolicy(keep=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "RetentionPolicy.keep must be a mapping of LicenseType to int, got 3 (int)",
        "keep",
        "3",
        id="keep-not-map",
    ),
    pytest.param(
        lambda: RetentionPolicy(keep={"assistant": 1}),  # type: ignore[dict-item]
        InvalidTypeError,
        "RetentionPolicy.keep must be keyed by LicenseType, got 'assistant' (str)",
        "keep",
        "'assistant'",
        id="keep-key",
    ),
    pytest.param(
        lambda: RetentionPolicy(keep={A: -1}),
        InvalidValueError,
        "RetentionPolicy.keep.assistant must not be negative, got -1 (int)",
        "keep.assistant",
        "-1",
        id="keep-neg",
    ),
    pytest.param(
        lambda: RetentionPolicy(clinic_keep=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "RetentionPolicy.clinic_keep must be a mapping of clinic id to a keep mapping, got 3 (int)",
        "clinic_keep",
        "3",
        id="clinic_keep-not-map",
    ),
    pytest.param(
        lambda: RetentionPolicy(clinic_keep={"": {A: 1}}),
        InvalidValueError,
        "RetentionPolicy.clinic_keep must be a non-empty clinic id, got '' (str)",
        "clinic_keep",
        "''",
        id="clinic_keep-key",
    ),
    pytest.param(
        lambda: RetentionPolicy(clinic_keep={3: {A: 1}}),  # type: ignore[dict-item]
        InvalidTypeError,
        "RetentionPolicy.clinic_keep must be a string, got 3 (int)",
        "clinic_keep",
        "3",
        id="clinic_keep-key-type",
    ),
    pytest.param(
        lambda: RetentionPolicy(clinic_keep={"c1": 3}),  # type: ignore[dict-item]
        InvalidTypeError,
        "RetentionPolicy.clinic_keep.c1 must be a mapping of LicenseType to int, got 3 (int)",
        "clinic_keep.c1",
        "3",
        id="clinic_keep-value",
    ),
    pytest.param(
        lambda: attrs.evolve(LINE, license_type=C),
        InvalidValueError,
        (
            "RemovalLine.license_type must be a charged license type, "
            "got <LicenseType.CLERICAL: 'clerical'> (LicenseType)"
        ),
        "license_type",
        "<LicenseType.CLERICAL: 'clerical'>",
        id="line-clerical",
    ),
    pytest.param(
        lambda: attrs.evolve(LINE, license_type="assistant"),  # type: ignore[arg-type]
        InvalidTypeError,
        "RemovalLine.license_type must be a LicenseType, got 'assistant' (str)",
        "license_type",
        "'assistant'",
        id="line-type",
    ),
    pytest.param(
        lambda: attrs.evolve(LINE, keep=3, remove=0),
        InvalidValueError,
        "RemovalLine.remove must be at least 1: a line releases licenses, got 0 (int)",
        "remove",
        "0",
        id="line-remove-0",
    ),
    pytest.param(
        lambda: attrs.evolve(LINE, remove=1),
        InvalidValueError,
        "RemovalLine.remove must be available - keep = 3 - 1, got 1 (int)",
        "remove",
        "1",
        id="line-remove-wrong",
    ),
    pytest.param(
        lambda: attrs.evolve(LINE, saving_per_cycle=Decimal(-1)),
        InvalidValueError,
        "RemovalLine.saving_per_cycle must not be negative, got Decimal('-1') (Decimal)",
        "saving_per_cycle",
        "Decimal('-1')",
        id="line-saving-neg",
    ),
    pytest.param(
        lambda: attrs.evolve(LINE, first_saved_billing=NOW),
        InvalidValueError,
        (
            "RemovalLine.first_saved_billing must be given exactly when cutoff is, "
            "got datetime.datetime(2026, 3, 1...tzinfo=datetime.timezone.utc) (datetime)"
        ),
        "first_saved_billing",
        "datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.timezone.utc)",
        id="line-first-no-cutoff",
    ),
    pytest.param(
        lambda: attrs.evolve(LINE, cutoff=NOW),
        InvalidValueError,
        "RemovalLine.first_saved_billing must be given exactly when cutoff is, got None (NoneType)",
        "first_saved_billing",
        "None",
        id="line-cutoff-no-first",
    ),
    pytest.param(
        lambda: attrs.evolve(
            LINE, cutoff=NOW, next_billing=NOW, first_saved_billing=NOW - timedelta(seconds=1)
        ),
        InvalidValueError,
        (
            "RemovalLine.first_saved_billing must not be before next_billing, "
            "got datetime.datetime(2026, 3, 1...tzinfo=datetime.timezone.utc) (datetime)"
        ),
        "first_saved_billing",
        "datetime.datetime(2026, 3, 10, 11, 59, 59, tzinfo=datetime.timezone.utc)",
        id="line-first-before",
    ),
    pytest.param(
        lambda: attrs.evolve(
            LINE,
            cutoff=NOW - MAX_CUTOFF - timedelta(seconds=1),
            next_billing=NOW,
            first_saved_billing=NOW,
        ),
        InvalidValueError,
        (
            "RemovalLine.cutoff must be at most 27 days before next_billing, and not after it, "
            "got datetime.datetime(2026, 2, 1...tzinfo=datetime.timezone.utc) (datetime)"
        ),
        "cutoff",
        "datetime.datetime(2026, 2, 11, 11, 59, 59, tzinfo=datetime.timezone.utc)",
        id="line-cutoff-too-early",
    ),
    pytest.param(
        lambda: RemovalProposal(lines=[LINE, LINE]),
        InvalidValueError,
        (
            "RemovalProposal.lines must hold one line per clinic and license type, "
            "got ('c1', <LicenseType.ASSISTANT: 'assistant'>) (tuple)"
        ),
        "lines",
        "('c1', <LicenseType.ASSISTANT: 'assistant'>)",
        id="proposal-dup",
    ),
    pytest.param(
        lambda: RemovalProposal(lines=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "RemovalProposal.lines must be a collection of RemovalLine, got 3 (int)",
        "lines",
        "3",
        id="proposal-lines-type",
    ),
    pytest.param(
        lambda: RemovalProposal(lines=[3]),  # type: ignore[list-item]
        InvalidTypeError,
        "RemovalProposal.lines must be made of RemovalLine, got 3 (int)",
        "lines",
        "3",
        id="proposal-lines-item",
    ),
    pytest.param(
        lambda: RemovalProposal(lines=[attrs.evolve(LINE, saving_per_cycle=Decimal(1))]),
        InvalidValueError,
        "RemovalProposal.currency must be given when a line has a saving, got None (NoneType)",
        "currency",
        "None",
        id="proposal-currency-none",
    ),
    pytest.param(
        lambda: RemovalProposal(currency=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "RemovalProposal.currency must be a string or None, got 3 (int)",
        "currency",
        "3",
        id="proposal-currency-type",
    ),
    pytest.param(
        lambda: RemovalProposal(currency="usd"),
        InvalidValueError,
        "RemovalProposal.currency must be an ISO 4217 code like 'USD', got 'usd' (str)",
        "currency",
        "'usd'",
        id="proposal-currency-lower",
    ),
    pytest.param(
        lambda: RemovalProposal.combine([RemovalProposal(), 3]),  # type: ignore[list-item]
        InvalidTypeError,
        "RemovalProposal.combine.proposals must be made of RemovalProposal, got 3 (int)",
        "proposals",
        "3",
        id="combine-type",
    ),
    pytest.param(
        lambda: RemovalProposal.combine(
            [
                RemovalProposal(currency="USD"),
                RemovalProposal(currency="EUR"),
                RemovalProposal(currency="CAD"),
            ]
        ),
        InvalidValueError,
        (
            "RemovalProposal.combine cannot add savings in different currencies (CAD, EUR, USD): "
            "price every shard with the same price list"
        ),
        "currency",
        "('CAD', 'EUR', 'USD')",
        id="combine-currencies",
    ),
    pytest.param(
        lambda: propose_removals(3),  # type: ignore[arg-type]
        InvalidTypeError,
        "propose_removals.subject must be a Clinic or an Organization, got 3 (int)",
        "subject",
        "3",
        id="propose-subject",
    ),
    pytest.param(
        lambda: propose_removals(clinic(), policy=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "propose_removals.policy must be a RetentionPolicy, got 3 (int)",
        "policy",
        "3",
        id="propose-policy",
    ),
    pytest.param(
        lambda: propose_removals(clinic(), prices=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "propose_removals.prices must be a PriceList or None, got 3 (int)",
        "prices",
        "3",
        id="propose-prices",
    ),
    pytest.param(
        lambda: propose_removals(clinic(), now=NAIVE),
        InvalidValueError,
        (
            "propose_removals.now must be timezone-aware, "
            "got datetime.datetime(2026, 3, 10, 12, 0) (datetime)"
        ),
        "now",
        "datetime.datetime(2026, 3, 10, 12, 0)",
        id="propose-now",
    ),
    pytest.param(
        lambda: propose_removals(clinic(), now="now"),  # type: ignore[arg-type]
        InvalidTypeError,
        "propose_removals.now must be a datetime, got 'now' (str)",
        "now",
        "'now'",
        id="propose-now-type",
    ),
    pytest.param(
        lambda: Problem(code="no_counts", message="m", field="counts"),  # type: ignore[arg-type]
        InvalidTypeError,
        "Problem.code must be a ProblemCode, got 'no_counts' (str)",
        "code",
        "'no_counts'",
        id="problem-code",
    ),
    pytest.param(
        lambda: Problem(code=ProblemCode.NO_COUNTS, message=" ", field="counts"),
        InvalidValueError,
        "Problem.message must not be blank, got ' ' (str)",
        "message",
        "' '",
        id="problem-message-blank",
    ),
    pytest.param(
        lambda: Problem(code=ProblemCode.NO_COUNTS, message=3, field="counts"),  # type: ignore[arg-type]
        InvalidTypeError,
        "Problem.message must be a string, got 3 (int)",
        "message",
        "3",
        id="problem-message-type",
    ),
    pytest.param(
        lambda: Problem(code=ProblemCode.NO_COUNTS, message="m", field=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "Problem.field must be a string, got 3 (int)",
        "field",
        "3",
        id="problem-field-type",
    ),
    pytest.param(
        lambda: ValidationReport(errors=3),  # type: ignore[arg-type]
        InvalidTypeError,
        "ValidationReport.errors must be a collection of Problem, got 3 (int)",
        "errors",
        "3",
        id="report-errors-type",
    ),
    pytest.param(
        lambda: ValidationReport(errors=[3]),  # type: ignore[list-item]
        InvalidTypeError,
        "ValidationReport.errors must be made of Problem, got 3 (int)",
        "errors",
        "3",
        id="report-errors-item",
    ),
    pytest.param(
        lambda: ValidationReport(
            errors=[Problem(code=ProblemCode.BELOW_SPARE, message="m", field="counts")]
        ),
        InvalidValueError,
        (
            "ValidationReport.errors must hold only errors, "
            "got <ProblemCode.BELOW_SPARE: 'below_spare'> (ProblemCode)"
        ),
        "errors",
        "<ProblemCode.BELOW_SPARE: 'below_spare'>",
        id="report-warning-in-errors",
    ),
    pytest.param(
        lambda: ValidationReport(
            warnings=[Problem(code=ProblemCode.NO_COUNTS, message="m", field="counts")]
        ),
        InvalidValueError,
        (
            "ValidationReport.warnings must hold only warnings, "
            "got <ProblemCode.NO_COUNTS: 'no_counts'> (ProblemCode)"
        ),
        "warnings",
        "<ProblemCode.NO_COUNTS: 'no_counts'>",
        id="report-error-in-warnings",
    ),
    pytest.param(
        lambda: OrganizationUsage.combine(
            [usage(organization(clinic("c1"))), usage(organization(clinic("c1")))]
        ),
        InvalidValueError,
        "OrganizationUsage.combine.parts must not repeat a clinic, got 'c1' (str)",
        "parts",
        "'c1'",
        id="usage-combine-dup",
    ),
    pytest.param(
        lambda: PoolUsage(
            license_type=LicenseType.THERAPIST, purchased=3, used=1, available=None, over_assigned=0
        ),
        InvalidValueError,
        "PoolUsage.available must be None exactly when purchased is, got None (NoneType)",
        "available",
        "None",
        id="pool-usage-limited-without-available",
    ),
    pytest.param(
        lambda: PoolUsage(
            license_type=LicenseType.THERAPIST, purchased=None, used=1, available=2, over_assigned=0
        ),
        InvalidValueError,
        "PoolUsage.available must be None exactly when purchased is, got 2 (int)",
        "available",
        "2",
        id="pool-usage-unlimited-with-available",
    ),
    pytest.param(
        lambda: PoolUsage(
            license_type=LicenseType.THERAPIST, purchased=3, used=1, available=1, over_assigned=0
        ),
        InvalidValueError,
        "PoolUsage.available minus over_assigned must equal purchased minus used, got 1 (int)",
        "available",
        "1",
        id="pool-usage-unbalanced",
    ),
    pytest.param(
        lambda: usage(3),  # type: ignore[call-overload]
        InvalidTypeError,
        "usage.subject must be a Clinic or an Organization, got 3 (int)",
        "subject",
        "3",
        id="usage-type",
    ),
    pytest.param(
        lambda: usage(organization()).clinic("x"),
        UnknownClinicError,
        "no usage for clinic 'x'",
        None,
        "'x'",
        id="usage-clinic-unknown",
    ),
    pytest.param(
        lambda: User(id="u", name=" \t", user_type=UserType.PT),
        InvalidValueError,
        "User.name must be a non-empty name, not only characters that render as nothing, "
        "got ' \\t' (str)",
        "name",
        "' \\t'",
        id="user-name-blank",
    ),
    pytest.param(
        lambda: Clinic(id="c1", name="North\x07"),
        InvalidValueError,
        (
            "Clinic.name must not contain control characters or unpaired surrogates, "
            "got 'North\\x07' (str)"
        ),
        "name",
        "'North\\x07'",
        id="clinic-name-control",
    ),
    pytest.param(
        lambda: share_license(SHARING, "giver", "elsewhere"),
        UserStatusError,
        "Users 'User giver' (giver) and 'User elsewhere' (elsewhere) are homed in different "
        "clinics (clinic 'Clinic c1' (c1) and clinic 'Clinic c2' (c2)): licenses are "
        "clinic-specific and cannot be shared across clinics.",
        None,
        None,
        id="share-across-clinics",
    ),
    pytest.param(
        lambda: share_license(SHARING, "giver", "clerk"),
        UserStatusError,
        "In clinic 'Clinic c1' (c1): user 'User giver' (giver) holds a Therapist license but "
        "user 'User clerk' (clerk) needs a Clerical license (a Clerical license is never shared "
        "with a provider type).",
        None,
        None,
        id="share-clerical-with-a-provider",
    ),
    pytest.param(
        lambda: share_license(SHARING, "giver", "assistant"),
        UserStatusError,
        "In clinic 'Clinic c1' (c1): user 'User giver' (giver) holds a Therapist license but "
        "user 'User assistant' (assistant) needs an Assistant license.",
        None,
        None,
        id="share-between-provider-types",
    ),
    pytest.param(
        lambda: attrs.evolve(LINE, cutoff=NOW, first_saved_billing="2026"),  # type: ignore[arg-type]
        InvalidTypeError,
        "RemovalLine.first_saved_billing must be a datetime, got '2026' (str)",
        "first_saved_billing",
        "'2026'",
        id="line-first-saved-type",
    ),
    pytest.param(
        lambda: attrs.evolve(LINE, keep=4, remove=-1),
        InvalidValueError,
        "RemovalLine.remove must not be negative, got -1 (int)",
        "remove",
        "-1",
        id="line-remove-negative",
    ),
]


@pytest.mark.parametrize(("refused", "error", "message", "field", "value"), REFUSALS)
def test_a_refusal_names_the_field_and_the_value_in_its_message(
    refused: Callable[[], object],
    error: type[Exception],
    message: str,
    field: str | None,
    value: str | None,
) -> None:
    with pytest.raises(error) as info:
        refused()

    assert type(info.value) is error
    assert str(info.value) == message
    assert getattr(info.value, "field", None) == field
    shown = getattr(info.value, "value", getattr(info.value, "id", None))
    assert (repr(shown) if field is not None or shown is not None else None) == value
