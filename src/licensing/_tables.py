"""How results become tables: JSON-safe cells, and the HTML a notebook renders.

Every ``to_records()`` writes a moment, a duration, a money amount and an enum one way, and every
``_repr_html_`` renders its records with `html_table`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

__all__ = ["Cell", "Row", "cell", "html_table"]

#: A JSON-safe scalar: what a cell of a record holds.
Cell = str | int | float | bool | None
#: One flat row of a ``to_records()`` result: column names to JSON-safe scalars.
Row = dict[str, Cell]


def cell(value: object) -> Cell:
    """One value as a JSON-safe cell.

    An enum is its value, a moment ISO 8601 text in the zone it carries, a duration its seconds
    (a float), money its exact decimal text (``"765.00"``); ``None``, strings, ints, floats and
    bools are themselves.
    """
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    assert value is None or isinstance(value, str | int | float | bool)  # noqa: S101 - by caller
    return value


def html_table(
    records: Iterable[Mapping[str, Cell]], columns: Sequence[str], *, none: str = ""
) -> str:
    """An HTML table of ``records`` under ``columns``, every cell escaped; ``None`` as ``none``."""
    # Imported here: only notebooks render HTML, and `import licensing` stays lighter without it.
    from html import escape  # noqa: PLC0415

    head = "".join(f"<th>{escape(column)}</th>" for column in columns)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(none if record[column] is None else str(record[column]))}</td>"
            for column in columns
        )
        + "</tr>"
        for record in records
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
