"""Sphinx configuration for the secdialogue documentation."""

from __future__ import annotations

from importlib.metadata import version as _version

project = "secdialogue"
author = "The secdialogue developers"
copyright = "2026, The secdialogue developers"
release = _version("secdialogue")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
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
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = "secdialogue"
