"""STUB - replaced by the adjustments work (issue 4)."""


def apply_request(*args: object, **kwargs: object) -> object:
    """Stub."""
    raise NotImplementedError
