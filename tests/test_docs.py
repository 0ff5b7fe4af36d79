"""The documentation builds without a warning, and every example in it runs.

- The Sphinx site in docs/ builds with warnings as errors, as `make docs` does; every reference
  from a guide to the API resolves, and the API reference documents every public name.
- Every Python example in docs/*.md and README.md runs, in order, one session per page (Sybil):
  code blocks are executed and ``>>>`` blocks are checked as doctests.
- The domain rules list every `ProblemCode` and `Reason`.
- Every doctest in the package's docstrings (which the API reference shows) passes.
- The how-to on idle licenses quotes the rule of confidence exactly as the code states it, and
  the API reference shows the digest's canonical form and every alert code.
- The notebook in examples/ runs headless from top to bottom, draws its charts and shows the idle
  users as a table, and is committed without outputs.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbclient import NotebookClient
from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser

import licensing
from licensing import AlertCode, ProblemCode, Reason
from licensing.idle import confidence_of

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
NOTEBOOK = ROOT / "examples" / "health_check.ipynb"
PAGES = sorted([*DOCS.glob("*.md"), ROOT / "README.md"])
#: Pages without examples of their own: the API reference shows the docstrings' (tested below),
#: the changelog includes CHANGELOG.md. Every other page must show runnable examples.
PROSE = frozenset({"api.md", "changelog.md", "performance.md", "testing.md"})
#: Outputs are shown exactly as Python prints them; an example may ask for more with a directive.
DOCTEST_FLAGS = doctest.ELLIPSIS
#: The pages whose references to the API are checked: every one must link.
GUIDES = [
    "index",
    "tutorial",
    "howto-services",
    "howto-notebooks",
    "howto-idle",
    "domain",
    "design",
]
XREF = re.compile(r'<code class="xref py[^"]*"><span class="pre">([^<]*)</span>')
LINKED_XREF = re.compile(
    r'<a class="reference internal" href="[^"]*"(?: title="[^"]*")?>' + XREF.pattern
)
SYBIL = Sybil(parsers=[PythonCodeBlockParser(doctest_optionflags=DOCTEST_FLAGS)], path=str(ROOT))


def _read_notebook() -> nbformat.NotebookNode:
    notebook: nbformat.NotebookNode = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call] # nbformat's API is untyped
    return notebook


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once, with warnings as errors, as `make docs` does; return the HTML dir."""
    out = tmp_path_factory.mktemp("docs")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]

    build = subprocess.run(  # noqa: S603 - our own fixed command line
        [*command, "-d", str(out / "doctrees"), str(DOCS), str(out / "html")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert build.returncode == 0, build.stderr
    assert build.stderr == ""
    return out / "html"


def test_the_documentation_builds_without_warnings_with_a_page_per_source(site: Path) -> None:
    assert {page.stem for page in DOCS.glob("*.md")} <= {page.stem for page in site.glob("*.html")}


@pytest.mark.parametrize("page", GUIDES)
def test_every_reference_from_the_page_to_the_api_resolves(site: Path, page: str) -> None:
    # Sphinx does not warn about an unresolved `{py:obj}` role (outside nitpicky mode, which the
    # docstrings' references to the standard library would flood): it renders it unlinked.
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    references = XREF.findall(html)
    linked = LINKED_XREF.findall(html)

    assert sorted(references) == sorted(linked)


def test_the_api_reference_documents_every_public_name(site: Path) -> None:
    html = (site / "api.html").read_text(encoding="utf-8")

    missing = [name for name in licensing.__all__ if name != "__version__"]
    missing = [name for name in missing if f'id="licensing.{name}"' not in html]

    assert missing == []


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_example_on_the_page_runs(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")  # no display: charts are drawn off screen
    examples = list(SYBIL.parse(page))

    try:
        for example in examples:
            example.evaluate()
    finally:
        if "matplotlib.pyplot" in sys.modules:  # the page drew figures: do not pile them up
            sys.modules["matplotlib.pyplot"].close("all")

    assert examples or page.name in PROSE, f"{page.name} shows no runnable example"


def _words(text: str) -> str:
    """``text`` as words: whitespace runs as one space, RST's double backquotes as Markdown's."""
    return " ".join(text.replace("``", "`").split())


def test_the_idle_how_to_quotes_the_rule_of_confidence_as_the_code_states_it() -> None:
    page = (DOCS / "howto-idle.md").read_text(encoding="utf-8")
    quoted = [line for line in page.splitlines() if line == ">" or line.startswith("> ")]
    docstring = confidence_of.__doc__
    assert docstring is not None
    rule = docstring.split("\n\n", 1)[1].split("Raises:")[0]

    assert _words("\n".join(line.removeprefix(">") for line in quoted)) == _words(rule)


def test_the_api_reference_shows_the_digests_canonical_form_and_every_alert_code(
    site: Path,
) -> None:
    html = (site / "api.html").read_text(encoding="utf-8")
    alert_codes = html[html.index('id="licensing.AlertCode"') :]
    alert_codes = alert_codes[: alert_codes.index(' id="licensing.', 1)]  # to the next entry

    assert 'id="module-licensing.digest"' in html
    assert "The canonical form is JSON, defined so that another language can compute it" in html
    assert 'id="licensing.idle.confidence_of"' in html
    assert [
        code.name for code in AlertCode if f"<strong>{code.name}</strong>" not in alert_codes
    ] == []


def test_the_domain_rules_list_every_problem_code_and_reason() -> None:
    rules = (DOCS / "domain.md").read_text(encoding="utf-8")

    missing = [m.value for m in [*ProblemCode, *Reason] if f"| `{m.value}` |" not in rules]

    assert missing == []


def _modules() -> Iterator[ModuleType]:
    yield licensing
    for info in pkgutil.walk_packages(licensing.__path__, "licensing."):
        yield importlib.import_module(info.name)


@pytest.mark.parametrize("module", list(_modules()), ids=lambda module: module.__name__)
def test_the_docstring_examples_of_the_module_pass(module: ModuleType) -> None:
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=DOCTEST_FLAGS)
    report: list[str] = []

    for test in finder.find(module, module.__name__):
        runner.run(test, out=report.append)

    assert runner.failures == 0, "".join(report)


def test_the_notebook_runs_headless_and_draws_its_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel inherits the environment: make sure figures are shown inline, whatever it says.
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = _read_notebook()
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )

    client.execute()

    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert [output for output in outputs if output["output_type"] == "error"] == []
    charts = [output for output in outputs if "image/png" in output.get("data", {})]
    tables = [
        output["data"]["text/html"] for output in outputs if "text/html" in output.get("data", {})
    ]
    # Unused licenses by clinic, and the saving before and after deactivating idle users.
    assert len(charts) == 2
    # The idle users' table: one row per kind of evidence the sample holds.
    (idle,) = [table for table in tables if "never_active" in table]
    assert all(kind in idle for kind in ("dormant", "never_active", "unknown"))


def test_the_notebook_is_committed_without_outputs() -> None:
    code = [cell for cell in _read_notebook().cells if cell.cell_type == "code"]

    assert code
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


SERVICES = DOCS / "howto-services.md"
CODE_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_the_services_how_to_code_passes_mypy_strict(tmp_path: Path) -> None:
    # The handler a backend copies must type-check as its code does: every plain code block of
    # the page, in order, as one module (the `>>>` sessions are examples, run by Sybil above).
    blocks = [
        block
        for block in CODE_BLOCK.findall(SERVICES.read_text(encoding="utf-8"))
        if not block.lstrip().startswith(">>>")
    ]
    module = tmp_path / "howto_services.py"
    module.write_text("\n\n".join(blocks), encoding="utf-8")
    (tmp_path / "none.toml").write_text("", encoding="utf-8")

    check = subprocess.run(  # noqa: S603 - our own interpreter, a fixed command line
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--config-file",
            str(tmp_path / "none.toml"),  # no project settings: the page stands on its own
            "--cache-dir",
            str(tmp_path / "cache"),
            str(module),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert "def submit_adjustment(" in module.read_text(encoding="utf-8")
    assert check.returncode == 0, check.stdout


DEFAULT_VALUE = re.compile(r'<span class="default_value"><span class="pre">([^<]*)</span>')


def test_no_rendered_signature_shows_a_private_name(site: Path) -> None:
    html = (site / "api.html").read_text(encoding="utf-8")
    defaults = DEFAULT_VALUE.findall(html)

    private = [value for value in defaults if re.search(r"(^|[^A-Za-z0-9_.])_[A-Za-z]", value)]

    assert "RetentionPolicy()" in defaults  # propose_removals' policy, as the contract writes it
    assert private == []
