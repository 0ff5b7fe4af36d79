"""STUB - replaced by the activation work (issue 3)."""


def activate(*args: object, **kwargs: object) -> object:
    """Stub."""
    raise NotImplementedError


def deactivate(*args: object, **kwargs: object) -> object:
    """Stub."""
    raise NotImplementedError


def share_license(*args: object, **kwargs: object) -> object:
    """Stub."""
    raise NotImplementedError
