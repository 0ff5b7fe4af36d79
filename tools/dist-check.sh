#!/usr/bin/env bash
# `make dist-check`: build the distributions and prove that they can be published.
#
#   1. build the sdist, then the wheel from that sdist (python -m build), into a temporary folder;
#   2. check them: `twine check --strict` (metadata and README), check-wheel-contents, and that
#      the sdist carries what its own test suite reads and none of the local clutter;
#   3. install the sdist with its `dev` extra into a fresh virtualenv, unpack the sdist elsewhere
#      and run ITS test suite there, against the installed package (fast Hypothesis profile, no
#      coverage);
#   4. on success, copy the checked sdist and wheel into dist/, ready for `twine upload dist/*`.
#
# The tools (the `release` extra of pyproject.toml) get a virtualenv of their own: the
# repository's .venv is never used or changed. PYTHON names the interpreter (python3 by default);
# KEEP=1 keeps the temporary folder for a post-mortem.
set -euo pipefail

PYTHON=${PYTHON:-python3}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

work=$(mktemp -d "${TMPDIR:-/tmp}/emr-licensing-dist-check.XXXXXX")
if [[ "${KEEP:-0}" == 1 ]]; then
    echo "dist-check: keeping $work"
else
    trap 'rm -rf "$work"' EXIT
fi
step() { printf '\n== dist-check: %s (%ds)\n' "$1" "$SECONDS"; }

step "the release tools, in a virtualenv of their own"
"$PYTHON" -m venv "$work/tools"
mapfile -t release < <("$PYTHON" -c '
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["release"]))
')
"$work/tools/bin/python" -m pip install --quiet --disable-pip-version-check "${release[@]}"

step "build the sdist, then the wheel from it"
"$work/tools/bin/python" -m build --outdir "$work/dist" .
sdists=("$work"/dist/*.tar.gz)
wheels=("$work"/dist/*.whl)
if [[ ${#sdists[@]} != 1 || ${#wheels[@]} != 1 ]]; then
    echo "dist-check: expected one sdist and one wheel, got: ${sdists[*]} ${wheels[*]}" >&2
    exit 1
fi
sdist=${sdists[0]}
wheel=${wheels[0]}

step "twine check, check-wheel-contents"
"$work/tools/bin/twine" check --strict "$sdist" "$wheel"
"$work/tools/bin/check-wheel-contents" "$wheel"

step "what the sdist carries"
"$work/tools/bin/python" - "$sdist" <<'EOF'
import sys
import tarfile

with tarfile.open(sys.argv[1]) as archive:
    names = archive.getnames()
top = names[0].split("/")[0]
paths = {name.removeprefix(top + "/") for name in names}
required = ["LICENSE", "README.md", "CHANGELOG.md", "Makefile", "pyproject.toml", "PKG-INFO",
            "src/licensing/__init__.py", "src/licensing/py.typed", "tests/conftest.py",
            "docs/conf.py", "docs/changelog.md", "examples/health_check.py",
            "examples/health_check.ipynb", "benchmarks/run.py"]
missing = [path for path in required if path not in paths]
caches = {"__pycache__", ".hypothesis", ".mypy_cache", ".ruff_cache", ".pytest_cache",
          ".ipynb_checkpoints"}


def clutter(path: str) -> bool:
    parts = path.split("/")
    return (
        parts[0] in {"mutants", ".venv", "dist", "build", "htmlcov"}
        or parts[:2] == ["docs", "_build"]
        or not caches.isdisjoint(parts)
        or parts[-1].startswith(".coverage")
        or parts[-1].endswith(".pyc")
    )


unwanted = sorted(filter(clutter, paths))
print(f"{len(paths)} entries under {top}/; missing: {missing or 'none'}; unwanted: {unwanted or 'none'}")
sys.exit(1 if missing or unwanted else 0)
EOF

step "install the sdist with its dev extra into a fresh virtualenv"
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$sdist[dev]"

step "run the sdist's own test suite against the installed package"
mkdir "$work/unpacked"
tar -xzf "$sdist" -C "$work/unpacked"
tree=("$work"/unpacked/*)
cd "${tree[0]}"
located=$("$work/venv/bin/python" -c 'import licensing; print(licensing.__file__)')
case "$located" in
    "$work/venv/"*) echo "licensing is imported from $located" ;;
    *) echo "dist-check: licensing is imported from $located, not the installed sdist" >&2; exit 1 ;;
esac
HYPOTHESIS_PROFILE=fast "$work/venv/bin/python" -m pytest -q -p no:cacheprovider
cd "$root"

step "copy the checked distributions into dist/"
mkdir -p dist
cp "$sdist" "$wheel" dist/
ls -l dist/"$(basename "$sdist")" dist/"$(basename "$wheel")"
step "passed"
