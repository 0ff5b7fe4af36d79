"""STUB - replaced by the removals work (issue 5)."""


class RemovalLine:
    """Stub."""


class RemovalProposal:
    """Stub."""


def propose_removals(*args: object, **kwargs: object) -> object:
    """Stub."""
    raise NotImplementedError
