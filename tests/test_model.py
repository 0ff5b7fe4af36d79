"""The value objects: construction, invariants, lookups, equality."""

import unicodedata
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import licensing
from builders import clinic, organization, request, user
from licensing import (
    MAX_COUNT,
    MAX_ID_LENGTH,
    MAX_NAME_LENGTH,
    AdjustmentKind,
    AdjustmentRequest,
    Clinic,
    InvalidTypeError,
    InvalidValueError,
    LicensePool,
    LicenseType,
    LicensingError,
    Organization,
    Permission,
    Reason,
    RetentionPolicy,
    UnknownClinicError,
    UnknownUserError,
    User,
    UserStatus,
    UserType,
)
from licensing._frozenmap import FrozenMap
from licensing.strategies import clinics, organizations, users


class NumpyLikeInt:
    """Stands in for numpy.int64: an integer type that is not `int` but has `__index__`."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


def test_enum_values_are_lower_case_names() -> None:
    for enum in (
        LicenseType,
        UserType,
        UserStatus,
        Permission,
        AdjustmentKind,
        Reason,
        licensing.ProblemCode,
    ):
        assert all(member.value == member.name.lower() for member in enum)


def test_only_clerical_is_free() -> None:
    assert [t for t in LicenseType if not t.charged] == [LicenseType.CLERICAL]


@pytest.mark.parametrize(
    ("user_type", "license_type"),
    [
        (UserType.PT, LicenseType.THERAPIST),
        (UserType.OT, LicenseType.THERAPIST),
        (UserType.SLP, LicenseType.THERAPIST),
        (UserType.PTA, LicenseType.ASSISTANT),
        (UserType.COTA, LicenseType.ASSISTANT),
        (UserType.SLPA, LicenseType.ASSISTANT),
        (UserType.SPT, LicenseType.STUDENT),
        (UserType.SOT, LicenseType.STUDENT),
        (UserType.SSLP, LicenseType.STUDENT),
        (UserType.CLERICAL, LicenseType.CLERICAL),
        (UserType.BILLER, LicenseType.CLERICAL),
    ],
)
def test_each_user_type_maps_to_its_license_type(
    user_type: UserType, license_type: LicenseType
) -> None:
    assert user_type.license_type is license_type


def test_every_reason_fits_at_least_one_kind_and_other_fits_both() -> None:
    assert all(reason.kinds for reason in Reason)
    assert Reason.OTHER.kinds == frozenset(AdjustmentKind)


def test_lists_are_stored_as_tuples_and_sets_as_frozensets() -> None:
    u = User(id="u", name="U", user_type=UserType.PT, permissions=[Permission.ADMIN])
    c = Clinic(id="c", name="C", pools=[LicensePool(license_type=LicenseType.STUDENT)], users=[u])

    assert isinstance(c.pools, tuple)
    assert isinstance(c.users, tuple)
    assert u.permissions == frozenset({Permission.ADMIN})
    assert isinstance(u.permissions, frozenset)
    assert isinstance(Organization(id="o", name="O", clinics=[c]).clinics, tuple)


def test_any_integer_type_is_accepted_as_a_count_and_stored_as_int() -> None:
    pool = LicensePool(license_type=LicenseType.THERAPIST, purchased=NumpyLikeInt(3))
    req = request(counts={LicenseType.ASSISTANT: NumpyLikeInt(2)})  # type: ignore[dict-item]

    assert pool.purchased == 3
    assert type(pool.purchased) is int
    assert type(req.counts[LicenseType.ASSISTANT]) is int


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (True, InvalidTypeError, r"LicensePool\.purchased must be an int \(not a bool\), got True"),
        (-1, InvalidValueError, r"LicensePool\.purchased must not be negative, got -1"),
        (MAX_COUNT + 1, InvalidValueError, f"must be at most {MAX_COUNT:,}"),
        (2.0, InvalidTypeError, "must be an int"),
        ("3", InvalidTypeError, "must be an int"),
        (None, InvalidTypeError, "must be an int"),
    ],
)
def test_a_pool_refuses_a_count_that_is_not_a_non_negative_int(
    value: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match) as raised:
        LicensePool(license_type=LicenseType.THERAPIST, purchased=value)  # type: ignore[arg-type]
    assert isinstance(raised.value, LicensingError)
    assert raised.value.field == "purchased"  # type: ignore[attr-defined]


def test_a_pool_accepts_the_maximum_count() -> None:
    assert (
        LicensePool(license_type=LicenseType.THERAPIST, purchased=MAX_COUNT).purchased == MAX_COUNT
    )


def test_a_limited_clerical_pool_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="Clerical is always unlimited"):
        LicensePool(license_type=LicenseType.CLERICAL, unlimited=False)


def test_a_clinic_always_has_an_unlimited_clerical_pool_and_zero_of_a_missing_type() -> None:
    c = clinic(purchased={LicenseType.THERAPIST: 3})

    assert c.pool(LicenseType.CLERICAL).unlimited
    assert c.pool(LicenseType.ASSISTANT) == LicensePool(license_type=LicenseType.ASSISTANT)
    assert c.pool(LicenseType.THERAPIST).purchased == 3


def test_a_clinic_refuses_two_pools_of_one_type() -> None:
    pools = [LicensePool(license_type=LicenseType.THERAPIST)] * 2

    with pytest.raises(InvalidValueError, match="one pool per type"):
        Clinic(id="c", name="C", pools=pools)


def test_a_clinic_refuses_duplicate_user_ids() -> None:
    with pytest.raises(InvalidValueError, match=r"Clinic\.users must not repeat an id, got 'u1'"):
        clinic(users=[user("u1"), user("u1")])


def test_a_clinic_refuses_a_user_whose_access_names_the_clinic_itself() -> None:
    with pytest.raises(InvalidValueError, match="home clinic 'c1'"):
        clinic("c1", users=[user("u1", clinic_access=["c1"])])


def test_an_organization_refuses_duplicate_clinic_ids() -> None:
    with pytest.raises(InvalidValueError, match="must not repeat an id, got 'c1'"):
        organization(clinic("c1"), clinic("c1"))


def test_an_organization_refuses_a_user_id_in_two_clinics() -> None:
    with pytest.raises(InvalidValueError, match="user id across clinics"):
        organization(clinic("c1", users=[user("u1")]), clinic("c2", users=[user("u1")]))


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"id": ""}, InvalidValueError, "id"),
        ({"id": "   "}, InvalidValueError, "id"),
        ({"id": "x" * (MAX_ID_LENGTH + 1)}, InvalidValueError, "id"),
        ({"id": "a\x00b"}, InvalidValueError, "id"),
        ({"id": 7}, InvalidTypeError, "id"),
        ({"name": ""}, InvalidValueError, "name"),
        ({"name": "n" * (MAX_NAME_LENGTH + 1)}, InvalidValueError, "name"),
        ({"user_type": "pt"}, InvalidTypeError, "user_type"),
        ({"status": "active"}, InvalidTypeError, "status"),
        ({"permissions": ["admin"]}, InvalidTypeError, "permissions"),
        ({"permissions": "admin"}, InvalidTypeError, "permissions"),
        ({"clinic_access": [""]}, InvalidValueError, "clinic_access"),
        ({"clinic_access": [3]}, InvalidTypeError, "clinic_access"),
        ({"last_active_at": datetime(2026, 1, 1)}, InvalidValueError, "last_active_at"),  # noqa: DTZ001
        ({"last_active_at": "2026-01-01"}, InvalidTypeError, "last_active_at"),
        ({"system": 1}, InvalidTypeError, "system"),
    ],
)
def test_a_user_refuses_bad_fields_naming_the_field(
    kwargs: dict[str, Any], error: type[Exception], field: str
) -> None:
    base: dict[str, Any] = {"id": "u", "name": "U", "user_type": UserType.PT}

    with pytest.raises(error, match=rf"User\.{field}") as raised:
        User(**(base | kwargs))
    assert raised.value.field == field  # type: ignore[attr-defined]


def test_the_longest_id_and_name_are_accepted() -> None:
    u = User(id="i" * MAX_ID_LENGTH, name="n" * MAX_NAME_LENGTH, user_type=UserType.PT)

    assert len(u.id) == MAX_ID_LENGTH


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"counts": {LicenseType.THERAPIST: -1}}, InvalidValueError, "counts.therapist"),
        ({"counts": {LicenseType.THERAPIST: False}}, InvalidTypeError, "counts.therapist"),
        ({"counts": {"therapist": 1}}, InvalidTypeError, "counts"),
        ({"counts": [1]}, InvalidTypeError, "counts"),
        ({"submitted_at": datetime(2026, 1, 1)}, InvalidValueError, "submitted_at"),  # noqa: DTZ001
        ({"explanation": 5}, InvalidTypeError, "explanation"),
        ({"explanation": "x" * 10_001}, InvalidValueError, "explanation"),
        ({"kind": "remove"}, InvalidTypeError, "kind"),
        ({"reason": "other"}, InvalidTypeError, "reason"),
        ({"clinic_id": ""}, InvalidValueError, "clinic_id"),
    ],
)
def test_a_request_refuses_bad_fields_naming_the_field(
    kwargs: dict[str, Any], error: type[Exception], field: str
) -> None:
    base: dict[str, Any] = {
        "clinic_id": "c1",
        "requested_by": "mgr",
        "kind": AdjustmentKind.REMOVE,
        "counts": {LicenseType.ASSISTANT: 1},
        "reason": Reason.OTHER,
        "explanation": None,
        "submitted_at": datetime(2026, 1, 1, tzinfo=UTC),
    }

    with pytest.raises(error) as raised:
        AdjustmentRequest(**(base | kwargs))
    assert raised.value.field == field  # type: ignore[attr-defined]


def test_a_request_reads_a_missing_count_as_zero() -> None:
    req = request(counts={LicenseType.THERAPIST: 2})

    assert req.count(LicenseType.THERAPIST) == 2
    assert req.count(LicenseType.STUDENT) == 0
    assert req.counts == {LicenseType.THERAPIST: 2}


def test_a_retention_policy_override_replaces_only_the_types_it_names() -> None:
    policy = RetentionPolicy(
        keep={LicenseType.ASSISTANT: 1, LicenseType.THERAPIST: 2},
        clinic_keep={"north": {LicenseType.ASSISTANT: 0}},
    )

    assert policy.spare("north", LicenseType.ASSISTANT) == 0
    assert policy.spare("north", LicenseType.THERAPIST) == 2
    assert policy.spare("south", LicenseType.ASSISTANT) == 1
    assert policy.spare("south", LicenseType.STUDENT) == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"keep": {LicenseType.ASSISTANT: -1}}, "keep.assistant"),
        ({"keep": {"assistant": 1}}, "keep"),
        ({"keep": [1]}, "keep"),
        ({"clinic_keep": {"north": {LicenseType.ASSISTANT: True}}}, "clinic_keep.north.assistant"),
        ({"clinic_keep": {"": {}}}, "clinic_keep"),
        ({"clinic_keep": {"north": 3}}, "clinic_keep.north"),
        ({"clinic_keep": 3}, "clinic_keep"),
    ],
)
def test_a_retention_policy_refuses_bad_spares(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(LicensingError) as raised:
        RetentionPolicy(**kwargs)
    assert raised.value.field == field  # type: ignore[attr-defined]


def test_lookups_find_clinics_and_users_and_name_what_is_missing() -> None:
    org = organization(clinic("c1", users=[user("u1")]), clinic("c2", users=[user("u2")]))

    assert org.clinic("c2").id == "c2"
    assert org.user("u2").id == "u2"
    assert org.home_clinic("u1").id == "c1"
    assert org.clinic("c1").user("u1").id == "u1"
    with pytest.raises(UnknownClinicError, match="no clinic 'c9'") as clinic_error:
        org.clinic("c9")
    assert clinic_error.value.id == "c9"
    with pytest.raises(UnknownUserError, match="no user 'u9'"):
        org.user("u9")
    with pytest.raises(UnknownUserError, match="no user 'u2' is homed in clinic 'c1'"):
        org.clinic("c1").user("u2")
    assert issubclass(UnknownClinicError, LookupError)


def test_replacing_a_clinic_keeps_the_order_and_refuses_an_unknown_one() -> None:
    org = organization(clinic("c1"), clinic("c2"), clinic("c3"))
    renamed = attrs.evolve(org.clinic("c2"), name="Renamed")

    assert [c.name for c in org.replace_clinic(renamed).clinics][1] == "Renamed"
    with pytest.raises(UnknownClinicError):
        org.replace_clinic(clinic("c9"))


def test_clinics_equal_in_meaning_are_equal_whatever_their_pool_listing() -> None:
    listed = Clinic(
        id="c",
        name="C",
        pools=[
            LicensePool(license_type=LicenseType.STUDENT, purchased=2),
            LicensePool(license_type=LicenseType.THERAPIST, purchased=0),
            LicensePool(license_type=LicenseType.CLERICAL, unlimited=True),
        ],
    )
    bare = Clinic(
        id="c", name="C", pools=[LicensePool(license_type=LicenseType.STUDENT, purchased=2)]
    )

    assert listed == bare
    assert hash(listed) == hash(bare)
    assert listed != attrs.evolve(bare, pools=[])


@given(organizations())
def test_every_value_object_is_frozen_and_hashable(org: Organization) -> None:
    assert hash(org) == hash(attrs.evolve(org))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        org.name = "x"  # type: ignore[misc]
    for c in org.clinics:
        assert org.clinic(c.id) is c
        for u in c.users:
            assert org.home_clinic(u.id) is c
            assert c.id not in u.clinic_access


@given(clinics())
def test_a_clinic_rebuilt_from_its_fields_is_equal(c: Clinic) -> None:
    rebuilt = Clinic(
        id=c.id, name=c.name, pools=list(c.pools), users=list(c.users), billing=c.billing
    )

    assert rebuilt == c
    assert hash(rebuilt) == hash(c)


@given(users())
def test_a_user_consumes_a_license_exactly_when_active_and_not_a_system_account(u: User) -> None:
    assert u.consumes_license == (u.status is UserStatus.ACTIVE and not u.system)
    assert u.has_permission(Permission.USER_MANAGER) == bool(u.permissions)


def test_a_frozen_map_answers_for_a_key_it_cannot_hold() -> None:
    m = FrozenMap({LicenseType.THERAPIST: 1})

    unhashable: object = []
    assert unhashable not in m  # no key of the map, not a TypeError
    assert m.get(unhashable, 5) == 5  # type: ignore[call-overload]
    assert m.get(LicenseType.THERAPIST) == 1
    assert m.get(LicenseType.ASSISTANT) is None


def test_a_frozen_map_is_built_from_any_mapping_and_refuses_anything_else() -> None:
    source = {LicenseType.THERAPIST: 1}

    assert FrozenMap(MappingProxyType(source)) == FrozenMap(FrozenMap(source)) == source
    with pytest.raises(InvalidTypeError, match=r"FrozenMap\.data must be a mapping or None"):
        FrozenMap([(LicenseType.THERAPIST, 1)])  # type: ignore[arg-type]


def test_a_frozen_map_is_immutable_and_compares_with_dicts() -> None:
    m = FrozenMap({LicenseType.THERAPIST: 1})

    assert m == {LicenseType.THERAPIST: 1}
    assert m != [1]
    assert repr(m) == "FrozenMap({<LicenseType.THERAPIST: 'therapist'>: 1})"
    with pytest.raises(AttributeError):
        m.x = 1
    assert len(m) == 1
    assert list(m) == [LicenseType.THERAPIST]


# --- the text rule, and its fast path ---------------------------------------------------------


#: The contract's characters that render as nothing beyond whitespace and categories Cc and Cf:
#: variation selectors, the Hangul fillers, the braille blank, and the other default-ignorable
#: marks (U+034F, U+17B4, U+17B5, U+180B to U+180F).
INVISIBLE = {
    *range(0xFE00, 0xFE10),
    *range(0xE0100, 0xE01F0),
    0x115F,
    0x1160,
    0x3164,
    0xFFA0,
    0x2800,
    0x034F,
    0x17B4,
    0x17B5,
    *range(0x180B, 0x1810),
}


def renders_as_nothing(char: str) -> bool:
    """The contract's rule of a character a reader does not see, stated with `unicodedata`."""
    return char.isspace() or unicodedata.category(char) in {"Cc", "Cf"} or ord(char) in INVISIBLE


def follows_the_text_rule(value: str, limit: int) -> bool:
    """The documented rule for ids and names, stated plainly: the reference for the validators.

    A reader sees at least one character, it is at most ``limit`` long, and it holds no control
    character and no unpaired surrogate.
    """
    return (
        not all(renders_as_nothing(c) for c in value)
        and len(value) <= limit
        and not any(unicodedata.category(c) in {"Cc", "Cs"} for c in value)
    )


# Text that reaches every branch: printable, spaces only, other whitespace, controls, format
# characters, every kind of character that renders as nothing, surrogates, separators; short
# and long.
RENDERS_AS_NOTHING = (
    "\u200b\ufeff\u202e\u00ad\u2060\ufe0f\U000e0100\U000e0020"
    "\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u180b"
)
TEXTS = st.one_of(
    st.text(max_size=8),
    st.text(alphabet=" \u00a0\u2028\u200b\t\x00\x7fa\u00e9\U0001f600\ud800", max_size=6),
    st.text(alphabet=RENDERS_AS_NOTHING + " \t", min_size=1, max_size=5),
    st.text(alphabet=RENDERS_AS_NOTHING + "a", min_size=1, max_size=5),
    st.text(min_size=MAX_ID_LENGTH - 1, max_size=MAX_ID_LENGTH + 1),
)


@given(TEXTS)
def test_an_id_and_a_name_are_accepted_exactly_when_they_follow_the_text_rule(text: str) -> None:
    a_user = User(id="u", name="n", user_type=UserType.PT)
    for field, limit in (("id", MAX_ID_LENGTH), ("name", MAX_NAME_LENGTH)):
        change: dict[str, Any] = {field: text}
        if follows_the_text_rule(text, limit):
            assert getattr(attrs.evolve(a_user, **change), field) == text
        else:
            with pytest.raises(InvalidValueError) as raised:
                attrs.evolve(a_user, **change)
            assert raised.value.field == field


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        pytest.param("Ann\u00a0Lee", True, id="no-break space inside: unprintable but valid"),
        pytest.param("Ann\u2028", True, id="line separator: not a control character"),
        pytest.param("\u00a0\u3000", False, id="only unprintable spaces: blank"),
        pytest.param("   ", False, id="only spaces: printable and blank"),
        pytest.param("Ann\u0085", False, id="next line: a control character"),
        pytest.param("\u200b", False, id="a zero-width space alone: blank"),
        pytest.param("\u3164\u3164", False, id="Hangul fillers: printable, and blank"),
        pytest.param("\u2800", False, id="the braille blank: printable, and blank"),
        pytest.param("\ufe0f\U000e0100", False, id="variation selectors alone: blank"),
        pytest.param("Ann\u200b", True, id="a zero-width space beside letters"),
        pytest.param("Ann\ud800", False, id="an unpaired surrogate: no encoding writes it"),
    ],
)
def test_unprintable_text_is_judged_by_the_full_rule(name: str, *, valid: bool) -> None:
    if valid:
        assert User(id="u", name=name, user_type=UserType.PT).name == name
    else:
        with pytest.raises(InvalidValueError, match=r"User\.name must"):
            User(id="u", name=name, user_type=UserType.PT)


class Text(str):
    """A `str` subclass: it skips the fast path, and is judged like any string."""

    __slots__ = ()


def test_a_string_subclass_is_judged_like_a_string() -> None:
    assert User(id=Text("u"), name=Text("Ann"), user_type=UserType.PT).id == "u"
    with pytest.raises(InvalidValueError, match="control characters"):
        User(id=Text("u\x00"), name="Ann", user_type=UserType.PT)


@given(users())
def test_a_user_keeps_the_shared_sets_of_its_permissions_and_access(member: User) -> None:
    rebuilt = User(
        id=member.id,
        name=member.name,
        user_type=member.user_type,
        permissions=set(member.permissions),
        clinic_access=list(member.clinic_access),
    )

    assert rebuilt.permissions == member.permissions
    assert rebuilt.permissions is member.permissions  # one shared set per set of permissions
    assert rebuilt.clinic_access == member.clinic_access


def test_permissions_merely_equal_to_members_are_refused_even_as_a_frozenset() -> None:
    with pytest.raises(InvalidTypeError, match="Permission values"):
        User(id="u", name="n", user_type=UserType.PT, permissions=frozenset({"admin"}))  # type: ignore[arg-type]
