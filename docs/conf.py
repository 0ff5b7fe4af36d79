"""Sphinx configuration of the `emr-licensing` documentation (the import name is `licensing`).

Pages are Markdown (MyST); the API reference is generated from the docstrings (autodoc with
Napoleon for the Google-style sections). Build with ``make docs``, which passes ``-W`` so that any
warning fails the build; ``tests/test_docs.py`` builds it too, and runs every example.
"""

# ruff: noqa: INP001 - Sphinx reads this file by path: docs/ is not a package.

import licensing

# The distribution's name (what `pip install` takes); the import name stays `licensing`.
project = "emr-licensing"
author = "The licensing developers"
copyright = "the licensing developers"  # noqa: A001 - the name Sphinx reads
release = licensing.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# Single backquotes in docstrings (`LicenseType`) are cross-references to Python objects.
default_role = "py:obj"

# MyST: `{directive}` fences, `:::` fences for admonitions, anchors for `page.md#section` links.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Autodoc: members in source order, signatures without the module prefix, type hints in the
# description so that long signatures stay readable.
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True, "show-inheritance": False}
add_module_names = False

# Napoleon: Google style only. `Attributes:` sections become fields of the class (`:ivar:`), not
# attribute entries that would duplicate autodoc's.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True
napoleon_use_rtype = False

html_theme = "furo"
html_title = f"emr-licensing {release}"
html_static_path: list[str] = []
