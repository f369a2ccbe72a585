"""Sphinx configuration for the secdialogue documentation."""

from __future__ import annotations

import re
import sys
from importlib.metadata import version as _version
from pathlib import Path
from typing import TYPE_CHECKING

from pygments.lexers.shell import BashSessionLexer

if TYPE_CHECKING:
    from sphinx.application import Sphinx

project = "secdialogue"
author = "The secdialogue developers"
copyright = "2026, The secdialogue developers"
release = _version("secdialogue")
version = ".".join(release.split(".")[:2])

# Local extensions build tables from the package: problem_codes the codes of
# errors.md, format_fields the field tables of format.md.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

extensions = [
    "myst_parser",
    "dossier_pictures",
    "format_fields",
    "problem_codes",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# The build runs offline: no intersphinx inventories from remote sites.
nitpicky = True
nitpick_ignore = [
    ("py:class", "pendulum.DateTime"),
    ("py:class", "DateTime"),
    ("py:class", "cattrs.Converter"),
    ("py:class", "cattrs.converters.Converter"),
    ("py:class", "datetime.datetime"),
    ("py:class", "os.PathLike"),
    ("py:class", "attrs.Attribute"),
]

autodoc_member_order = "bysource"
# Show the closed set of problem codes by its name, not as a Literal of every code.
autodoc_type_aliases = {"Code": "secdialogue.exceptions.Code"}
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = "secdialogue"

# Names that autodoc shows in signatures but that have no page of their own:
# the standard library and pendulum (no intersphinx: the build runs offline),
# and private type variables and helpers.
nitpick_ignore += [
    ("py:class", "enum.Enum"),
    ("py:class", "zoneinfo.ZoneInfo"),
    ("py:class", "pendulum.datetime.DateTime"),
    ("py:class", "dt.datetime"),
    ("py:class", "SupportsRichComparison"),
    ("py:class", "_T"),
    ("py:class", "secdialogue._query._T"),
    ("py:obj", "secdialogue._query._T"),
    ("py:class", "secdialogue._format._api._T"),
    ("py:class", "Value"),
    ("py:class", "Index"),
    ("py:class", "_Filter"),
    ("py:class", "secdialogue._query._TopicalQuery"),
]


class _DollarSessionLexer(BashSessionLexer):
    """Console sessions whose only prompt is "$ ": output lines may start with "#"."""

    _ps1rgx = re.compile(r"^(\$ )(.*\n?)")


def setup(app: Sphinx) -> None:
    """Highlight ```console blocks with the "$ "-only session lexer."""
    app.add_lexer("console", _DollarSessionLexer)
