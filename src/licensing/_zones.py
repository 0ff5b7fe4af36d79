"""The one lookup of system data the package makes: an IANA time zone key to its `ZoneInfo`.

A billing calendar is a local one, so a `licensing.BillingCycle` may carry a
`zoneinfo.ZoneInfo`. The model only ever receives zones; reading the zone database (the system's,
or the `tzdata` package where the platform has none) happens here, and this module is called
only from the edges that read data from outside: the JSON converter
(`licensing.serialization`). `tests/test_no_io.py` holds the package to that.
"""

from __future__ import annotations

import zoneinfo

from licensing._checks import check_text, fail_value
from licensing.bounds import MAX_ID_LENGTH

__all__ = ["zone_from_key"]

_WHERE = "ZoneInfo"


def zone_from_key(key: str) -> zoneinfo.ZoneInfo:
    """Return the `zoneinfo.ZoneInfo` of an IANA key such as ``"America/Phoenix"``.

    Raises:
        InvalidTypeError: ``key`` is not a string.
        InvalidValueError: ``key`` is blank, too long, or names no zone of the zone database.
    """
    check_text(_WHERE, "key", key, limit=MAX_ID_LENGTH, what="IANA time zone key")
    try:
        return zoneinfo.ZoneInfo(key)
    # Not found, not a normalized relative path, a directory, a name the file system refuses.
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        problem = "must be an IANA time zone key of the zone database, like 'America/Phoenix'"
        raise fail_value(_WHERE, "key", key, problem) from None
