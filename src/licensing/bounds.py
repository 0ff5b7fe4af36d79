"""The documented bounds: the largest (or smallest) value each field and result may hold.

Every value that comes from outside is bounded, so that no single value can make a call slow or
its result huge. Each bound is enforced when the value object is built (and so through the JSON
converter too), with an `licensing.InvalidValueError` that names the class, the field and the
limit. All of them are importable from `licensing` as well.

Two limits apply to an explanation, and their names say which is which: a request can *store*
up to `MAX_STORED_EXPLANATION_LENGTH` characters, and `licensing.validate_request` accepts as
*valid* one of `MIN_VALID_EXPLANATION_LENGTH` to `MAX_VALID_EXPLANATION_LENGTH` characters.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Final

__all__ = [
    "MAX_COUNT",
    "MAX_CUTOFF",
    "MAX_ID_LENGTH",
    "MAX_INACTIVITY",
    "MAX_MONEY_PLACES",
    "MAX_NAME_LENGTH",
    "MAX_PRICE",
    "MAX_STORED_EXPLANATION_LENGTH",
    "MAX_TALLY",
    "MAX_VALID_EXPLANATION_LENGTH",
    "MIN_VALID_EXPLANATION_LENGTH",
]

#: The largest count of licenses in one pool, one request line or one spare.
MAX_COUNT: Final = 100_000
#: The longest id, in characters (UUIDs and vendor keys fit with room to spare).
MAX_ID_LENGTH: Final = 128
#: The longest clinic, user or organization name, in characters.
MAX_NAME_LENGTH: Final = 200
#: The most characters an `licensing.AdjustmentRequest` can store in its explanation at all.
#: Whether an explanation is a real one is `validate_request`'s question, with the two bounds
#: below.
MAX_STORED_EXPLANATION_LENGTH: Final = 10_000
#: The fewest visible characters a valid explanation has ("Two PTAs left in May." has 17, so a
#: sentence that names who or what and why clears it; "n/a", "see email" or "unused" do not).
#: Characters that render as nothing (whitespace, format characters, ...) do not count.
MIN_VALID_EXPLANATION_LENGTH: Final = 20
#: The most characters (leading and trailing whitespace aside) a valid explanation has: a long
#: paragraph is about 1,000; more than 2,000 is a pasted document, not an explanation.
MAX_VALID_EXPLANATION_LENGTH: Final = 2_000
#: The highest price of one license per billing cycle, in any currency (a trillion).
MAX_PRICE: Final = Decimal(10) ** 12
#: The most decimal places a money amount (a price, a saving) may be written with. With
#: `MAX_PRICE`, it keeps every exact sum and product of money small: without these bounds one
#: price such as ``"1E+999999999"`` would make a saving's exact computation exhaust memory.
MAX_MONEY_PLACES: Final = 18
#: The longest removal cutoff of a `licensing.BillingCycle`: a cutoff of four weeks or more
#: would reach back past the previous billing in February.
MAX_CUTOFF: Final = timedelta(days=27)
#: The longest duration of a `licensing.InactivityPolicy` (a threshold or the grace): ten years.
#: Any longer flags nobody a clinic still pays for.
MAX_INACTIVITY: Final = timedelta(days=3653)
#: The largest count a usage result may hold: a platform's totals (25,000 clinics of up to
#: `MAX_COUNT` licenses each) fit with room to spare.
MAX_TALLY: Final = 10**12
