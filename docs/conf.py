"""Sphinx configuration for the secdialogue documentation."""

from __future__ import annotations

import re
import sys
import typing
from importlib.metadata import version as _version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pygments.lexers.shell import BashSessionLexer

if TYPE_CHECKING:
    from sphinx.application import Sphinx

project = "secdialogue"
author = "The secdialogue developers"
copyright = "2026, The secdialogue developers"
release = _version("secdialogue")
version = ".".join(release.split(".")[:2])

# Local extensions build tables from the package: problem_codes the codes of
# errors.md, format_fields the field tables of format.md, table_layout the
# tables of reference/tables.md.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

extensions = [
    "myst_parser",
    "dossier_pictures",
    "format_fields",
    "problem_codes",
    "table_layout",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
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
    # pyarrow publishes no inventory that an offline build could read.
    ("py:class", "pa.Table"),
    ("py:class", "pa.Schema"),
    ("py:class", "pyarrow.Table"),
    ("py:class", "pyarrow.Schema"),
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
# Bases are shown where they say something (the builtin an error also is, a
# query's parent, Enum): each such directive asks for :show-inheritance:, so
# that no class shows "Bases: object".
autodoc_default_options = {"members": True}
# The API pages open with an autosummary table of names documented on the
# page itself: no stub pages.
autosummary_generate = False
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
]


def _public_bases(bases: list[Any]) -> list[Any]:
    """The bases worth showing: no ``object`` or ``Generic``, and no private class.

    A private base such as ``_TopicalQuery[Meeting]`` is replaced by its own
    public bases with the same type arguments (``TimedQuery[Meeting]``).
    """
    shown: list[Any] = []
    for base in bases:
        origin = typing.get_origin(base) or base
        if origin in {object, typing.Generic}:
            continue
        if getattr(origin, "__name__", "").startswith("_"):
            parents = list(getattr(origin, "__orig_bases__", origin.__bases__))
            args = typing.get_args(base)
            if args:
                parents = [
                    parent[args] if getattr(parent, "__parameters__", ()) else parent
                    for parent in parents
                ]
            shown.extend(_public_bases(parents))
            continue
        shown.append(base)
    return shown


# Type aliases have no docstring of their own (a union's is the one of its
# type): the summary tables and pages show these instead.
_ALIAS_DOCS = {
    "secdialogue.Entity": "Any entity a dossier holds.",
    "secdialogue.TimelineEntry": "An entry of a timeline: a meeting, a demand or a statement.",
}


def _alias_docstring(
    _app: Sphinx, _what: str, name: str, _obj: object, _options: object, lines: list[str]
) -> None:
    """Give the public type aliases a docstring."""
    if name in _ALIAS_DOCS:
        lines[:] = [_ALIAS_DOCS[name], ""]


def _process_bases(
    _app: Sphinx, _name: str, _obj: object, _options: object, bases: list[Any]
) -> None:
    """Show only public bases, without ``object`` or ``Generic``."""
    bases[:] = _public_bases(bases)


class _DollarSessionLexer(BashSessionLexer):
    """Console sessions whose only prompt is "$ ": output lines may start with "#"."""

    _ps1rgx = re.compile(r"^(\$ )(.*\n?)")


def setup(app: Sphinx) -> None:
    """Highlight ```console blocks with the "$ "-only lexer; trim bases, describe aliases."""
    app.add_lexer("console", _DollarSessionLexer)
    app.connect("autodoc-process-bases", _process_bases)
    app.connect("autodoc-process-docstring", _alias_docstring)
