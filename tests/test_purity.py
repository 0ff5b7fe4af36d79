"""No hidden state: no module-level mutable state, frozen hashable values, pure results."""

import importlib
import pkgutil
from types import ModuleType

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import licensing
from licensing import Organization, usage

MUTABLE = (dict, list, set, bytearray)


def _modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"licensing.{info.name}")
        for info in pkgutil.iter_modules(licensing.__path__)
    ] + [licensing]


@pytest.mark.parametrize("module", _modules(), ids=lambda module: module.__name__)
def test_no_module_holds_mutable_state(module: ModuleType) -> None:
    mutable = [
        name
        for name, value in vars(module).items()
        if not name.startswith("__") and isinstance(value, MUTABLE)
    ]

    assert mutable == []


PUBLIC_CLASSES = [
    value
    for name in licensing.__all__
    if attrs.has(value := getattr(licensing, name)) and isinstance(value, type)
]


def test_there_are_public_value_classes_to_check() -> None:
    names = {cls.__name__ for cls in PUBLIC_CLASSES}

    assert {"User", "Clinic", "Organization", "AdjustmentRequest", "PoolUsage"} <= names


@pytest.mark.parametrize("cls", PUBLIC_CLASSES, ids=lambda cls: cls.__name__)
def test_every_public_value_class_is_frozen_slotted_and_hashable(cls: type) -> None:
    assert "__slots__" in vars(cls)
    assert cls.__hash__ is not None
    assert "__setattr__" in vars(cls)  # attrs installs the frozen guard


@given(st.from_type(licensing.Organization), st.from_type(licensing.AdjustmentRequest))
def test_results_are_identical_for_identical_inputs(
    org: Organization, request: licensing.AdjustmentRequest
) -> None:
    twin = licensing.make_converter().structure(
        licensing.make_converter().unstructure(org), Organization
    )

    assert usage(org) == usage(twin)
    assert licensing.propose_removals(org) == licensing.propose_removals(twin)
    assert licensing.validate_request(request, org) == licensing.validate_request(request, twin)
    assert hash(usage(org)) == hash(usage(twin))
