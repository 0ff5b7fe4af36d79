"""The design page's table of rules stays true: each row names functions that exist, where it says.

`docs/design.md` tells a newcomer where every rule lives ("One home per rule"). A rule moved or
renamed without the table is a failure here.
"""

import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

DESIGN = Path(__file__).parent.parent / "docs" / "design.md"


def _rows() -> list[tuple[str, list[str], list[str]]]:
    """The table's rows: the rule, the names in its function column and its modules."""
    text = DESIGN.read_text(encoding="utf-8")
    table = text[text.index("| rule | function | module |") :].split("\n\n", 1)[0]
    rows = []
    for line in table.splitlines()[2:]:
        rule, functions, modules = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append((rule, re.findall(r"`([^`]+)`", functions), re.findall(r"`([^`]+)`", modules)))
    return rows


ROWS = _rows()


def _find(modules: list[ModuleType], dotted: str) -> object | None:
    for module in modules:
        found: object = module
        for part in dotted.split("."):
            found = getattr(found, part, None)
            if found is None:
                break
        if found is not None:
            return found
    return None


def test_the_table_of_rules_is_there_and_covers_the_rules_the_issue_names() -> None:
    rules = " ".join(rule for rule, _, _ in ROWS)

    assert len(ROWS) >= 20
    for words in ("holds a license", "first billing it saves", "spare", "written", "maps keyed"):
        assert words in rules


@pytest.mark.parametrize(("rule", "functions", "modules"), ROWS, ids=[row[0][:40] for row in ROWS])
def test_each_rule_names_functions_that_live_in_its_modules(
    rule: str, functions: list[str], modules: list[str]
) -> None:
    loaded = [importlib.import_module(f"licensing.{name}") for name in modules]

    missing = [name for name in functions if _find(loaded, name) is None]

    assert modules, f"no module for {rule!r}"
    assert missing == [], f"{rule!r} names what its modules do not define"
