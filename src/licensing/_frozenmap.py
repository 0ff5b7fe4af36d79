"""An immutable, hashable mapping, for the mapping fields of frozen value objects."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import TypeVar, overload

__all__ = ["FrozenMap"]

K = TypeVar("K", bound=Hashable)
V_co = TypeVar("V_co", covariant=True)
T = TypeVar("T")


class FrozenMap(Mapping[K, V_co]):
    """A read-only mapping that keeps its insertion order and hashes by content.

    The type of the mapping fields of the value objects (`AdjustmentRequest.counts`,
    `PriceList.prices`, `RetentionPolicy.keep` and ``clinic_keep``); build those with any mapping.

    It compares equal to any mapping with the same items (a plain ``dict`` included), so
    ``request.counts == {LicenseType.THERAPIST: 2}`` reads naturally.

    >>> m = FrozenMap({"a": 1})
    >>> m["a"], m == {"a": 1}, hash(m) == hash(FrozenMap({"a": 1}))
    (1, True, True)
    """

    __slots__ = ("_data",)

    _data: dict[K, V_co]

    def __init__(self, data: Mapping[K, V_co] | None = None) -> None:
        """Copy ``data`` (a mapping); ``None`` gives an empty map.

        Raises:
            InvalidTypeError: ``data`` is neither a mapping nor ``None``.
        """
        if data is None or type(data) is dict:
            items = dict(data) if data is not None else {}
        else:
            # Imported here: `licensing._checks` builds on this module.
            from licensing._checks import fail_type, is_mapping  # noqa: PLC0415

            if not is_mapping(data):
                owner = "FrozenMap"
                raise fail_type(owner, "data", data, "a mapping or None")
            items = dict(data)
        object.__setattr__(self, "_data", items)

    def __getitem__(self, key: K) -> V_co:
        """Return the value for ``key``; raise `KeyError` when absent."""
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` is a key (the dict's own lookup, not `Mapping`'s)."""
        try:
            return key in self._data
        except TypeError:  # an unhashable key is no key of the map
            return False

    @overload
    def get(self, key: K, /) -> V_co | None: ...
    @overload
    def get(self, key: K, default: V_co | T, /) -> V_co | T: ...
    def get(self, key: K, default: object = None, /) -> object:
        """Return the value for ``key``, or ``default`` (the dict's own lookup)."""
        try:
            return self._data.get(key, default)
        except TypeError:  # an unhashable key is no key of the map
            return default

    def __iter__(self) -> Iterator[K]:
        """Iterate the keys in insertion order."""
        return iter(self._data)

    def __len__(self) -> int:
        """Return the number of items."""
        return len(self._data)

    def __hash__(self) -> int:
        """Hash by content, independent of order."""
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        """Compare by content with any mapping."""
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __setattr__(self, name: str, value: object) -> None:
        """Refuse every assignment: the map is immutable."""
        msg = "FrozenMap is immutable"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[type[FrozenMap[K, V_co]], tuple[dict[K, V_co]]]:
        """Pickle as the class and a plain dict (for process pools)."""
        return (type(self), (self._data,))

    def __repr__(self) -> str:
        """Show the items like a dict."""
        return f"FrozenMap({self._data!r})"


# Public as `licensing.FrozenMap`: annotations and pickles name it there.
FrozenMap.__module__ = "licensing"
