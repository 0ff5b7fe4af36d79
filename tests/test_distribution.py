"""The installed distribution: `emr-licensing`, whose import package is `licensing`.

These read the metadata of whatever is installed (the editable install of a checkout, or the sdist
installed by `make dist-check`, which runs this suite from the unpacked sdist), so they say what
`pip install emr-licensing` gives: its name, its license, its URLs, its dependencies. The sdist
and the wheel themselves are built and checked (`twine check`, check-wheel-contents) by
`make dist-check`, which CI runs after `make test`.
"""

import json
import os
import re
from importlib.metadata import Distribution, PackageMetadata, distribution, metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

import licensing

NAME = "emr-licensing"
ROOT = Path(__file__).parent.parent
REPOSITORY = "https://github.com/emr-licensing/emr-licensing"

# `make mutation` runs the suite in mutmut's copy (mutants/), which imports its own mutated
# package rather than the installed distribution and lacks LICENSE; mutants change no metadata.
pytestmark = pytest.mark.skipif(
    "MUTANT_UNDER_TEST" in os.environ, reason="under mutmut: the distribution is not under test"
)


@pytest.fixture(scope="module")
def meta() -> PackageMetadata:
    return metadata(NAME)


@pytest.fixture(scope="module")
def dist() -> Distribution:
    return distribution(NAME)


def _requirements(meta: PackageMetadata) -> list[Requirement]:
    return [Requirement(line) for line in meta.get_all("Requires-Dist") or []]


def _runtime(meta: PackageMetadata) -> list[Requirement]:
    """The requirements outside every extra: what `pip install emr-licensing` installs."""
    return [req for req in _requirements(meta) if not req.marker or "extra" not in str(req.marker)]


def _extra(meta: PackageMetadata, extra: str) -> list[Requirement]:
    return [
        req
        for req in _requirements(meta)
        if req.marker and req.marker.evaluate({"extra": extra}) and "extra" in str(req.marker)
    ]


def _installs(meta: PackageMetadata, extra: str) -> set[str]:
    """The projects an extra installs, its self-references (`emr-licensing[test]`) expanded."""
    names = set()
    for req in _extra(meta, extra):
        if req.name == NAME:
            for inner in req.extras:
                names |= _installs(meta, inner)
        else:
            names.add(req.name)
    return names


def test_the_distribution_is_named_emr_licensing(meta: PackageMetadata) -> None:
    assert meta["Name"] == NAME
    assert meta["Version"] == licensing.__version__


def test_the_license_is_an_spdx_expression_with_its_file(
    meta: PackageMetadata, dist: Distribution
) -> None:
    version = tuple(int(part) for part in meta["Metadata-Version"].split("."))
    assert version >= (2, 4)  # the first core metadata with License-Expression (PEP 639)
    assert meta["License-Expression"] == "Apache-2.0"
    assert "LICENSE" in (meta.get_all("License-File") or [])
    assert meta.get_all("License") is None  # the legacy field is not written beside it
    installed = dist.read_text("licenses/LICENSE")
    assert installed is not None
    assert installed == (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_the_license_file_is_the_whole_apache_license() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert [line.strip() for line in lines[1:4]] == [
        "Apache License",
        "Version 2.0, January 2004",
        "http://www.apache.org/licenses/",
    ]
    assert "END OF TERMS AND CONDITIONS" in text
    assert "APPENDIX: How to apply the Apache License to your work." in text
    assert len(lines) == 202


def test_the_project_urls_are_published(meta: PackageMetadata) -> None:
    urls = dict(entry.split(", ", 1) for entry in meta.get_all("Project-URL") or [])
    assert urls == {
        "Homepage": REPOSITORY,
        "Documentation": f"{REPOSITORY}/tree/main/docs",
        "Source": REPOSITORY,
        "Changelog": f"{REPOSITORY}/blob/main/CHANGELOG.md",
        "Issues": f"{REPOSITORY}/issues",
    }


def test_the_runtime_dependencies_are_attrs_cattrs_and_tzdata_on_windows(
    meta: PackageMetadata,
) -> None:
    runtime = {req.name: req for req in _runtime(meta)}
    assert sorted(runtime) == ["attrs", "cattrs", "tzdata"]
    assert runtime["attrs"].marker is None
    assert runtime["cattrs"].marker is None
    assert runtime["tzdata"].marker == Marker('sys_platform == "win32"')
    for platform, needed in [("win32", True), ("linux", False), ("darwin", False)]:
        assert runtime["tzdata"].marker.evaluate({"sys_platform": platform}) is needed


def test_the_extras_name_the_distribution_not_the_old_name(meta: PackageMetadata) -> None:
    extras = set(meta.get_all("Provides-Extra") or [])
    assert {"strategies", "test", "lint", "docs", "release", "dev"} <= extras
    names = {req.name for req in _requirements(meta)}
    assert "licensing" not in names  # an unrelated project on the public index
    for req in _requirements(meta):
        if req.name == NAME:  # a self-reference (hatchling writes them out flat): extras only
            assert req.extras <= extras, req
    assert _installs(meta, "release") == {"build", "twine", "check-wheel-contents"}
    assert _installs(meta, "strategies") == {"hypothesis"}
    # `make test` installs `dev`: the test, lint, docs and release tools, all of them.
    for extra in ["test", "lint", "docs", "release"]:
        assert _installs(meta, extra) <= _installs(meta, "dev"), extra


def _installed_from(dist: Distribution) -> list[Path]:
    """The folders the distribution puts `licensing` in: site-packages, or an editable source."""
    url = json.loads(dist.read_text("direct_url.json") or "{}")
    if not url.get("dir_info", {}).get("editable"):
        return [Path(str(dist.locate_file("")))]
    folders = []
    for file in dist.files or []:
        if file.name.endswith(".pth"):
            text = file.read_text(encoding="utf-8")
            folders += [
                Path(line)
                for line in text.splitlines()
                if line and not line.startswith(("#", "import ", "import\t"))
            ]
    return folders


def test_the_distribution_provides_the_imported_package(dist: Distribution) -> None:
    package = Path(licensing.__file__).resolve().parent
    assert package.name == "licensing"
    assert package.parent in [folder.resolve() for folder in _installed_from(dist)]
    url = json.loads(dist.read_text("direct_url.json") or "{}")
    if not url.get("dir_info", {}).get("editable"):
        # From a wheel: every module imported is a file the distribution installed.
        files = {str(file) for file in dist.files or []}
        assert "licensing/__init__.py" in files
        assert "licensing/py.typed" in files
        assert {f"licensing/{path.name}" for path in package.glob("*.py")} <= files


# A lookup of the distribution by its old name: `metadata("licensing")`, `version('licensing')`.
# In notebooks the quotes are escaped (`\"licensing\"`).
OLD_LOOKUP = re.compile(
    r"\b(?:metadata|version|distribution|requires|files|packages_distributions)"
    r"""\(\s*\\?["']licensing\\?["']"""
)
# An install line of the old name: `pip install licensing`, `pip install 'licensing[strategies]'`.
OLD_INSTALL = re.compile(r"""pip install\s+\\?["']?licensing\b""")
SCANNED = ["src", "tests", "benchmarks", "docs", "examples", "tools"]
SUFFIXES = {".py", ".md", ".ipynb", ".sh", ".toml", ".txt"}


def _repository_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml"]
    for folder in SCANNED:
        files += [
            path
            for path in sorted((ROOT / folder).rglob("*"))
            if path.suffix in SUFFIXES
            and path.is_file()
            and "_build" not in path.parts
            and path != Path(__file__)
        ]
    return [path for path in files if path.exists()]


def test_no_lookup_or_install_line_names_the_old_distribution() -> None:
    files = _repository_files()
    assert len(files) > 20  # the tree is there (a checkout, or the unpacked sdist)
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OLD_LOOKUP.search(line) or OLD_INSTALL.search(line)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("line", "old"),
    [
        ('importlib.metadata.version("licensing")', True),
        ("metadata('licensing')", True),
        ('"source": ["print(version(\\"licensing\\"))"]', True),
        ("pip install licensing", True),
        ("pip install 'licensing[strategies]'", True),
        ('importlib.metadata.version("emr-licensing")', False),
        ("pip install 'emr-licensing[strategies]'", False),
        ("import licensing", False),
        ('importlib.metadata.version("attrs")', False),
    ],
)
def test_the_scan_recognizes_the_old_name(line: str, old: bool) -> None:
    assert bool(OLD_LOOKUP.search(line) or OLD_INSTALL.search(line)) is old
