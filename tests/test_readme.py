"""Every Python example in the README runs, in order, as one session."""

import re
from pathlib import Path

README = Path(__file__).parent.parent / "README.md"


def test_the_readme_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    namespace: dict[str, object] = {}

    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)  # noqa: S102 - our own README

    assert len(blocks) >= 3
    assert "proposal" in namespace
    assert "report" in namespace
