"""A Sphinx directive that builds the format's field tables from the package.

``format-fields`` (in MyST: a ```{format-fields} fence with no content)
becomes one table per model class, in file order, with a row per field: its
JSON key, what it holds (with the limits and patterns of its rule), and
whether it is required. The rows come from the same field table the readers,
the writer and the JSON Schema use, so the page cannot drift from them.
"""

# ruff: noqa: INP001 -- a Sphinx extension loaded by path from docs/conf.py, not a package

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from problem_codes import _row, _with_code
from sphinx.util.docutils import SphinxDirective

from secdialogue._checks import Each, InRange, IsId, IsText, Matches, Maybe
from secdialogue._format import _table
from secdialogue._time import IsZone

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def _one(field: _table.Field) -> str:  # noqa: PLR0911 -- one answer per kind of rule
    """What one value of ``field`` is, with its rule's limits, backquoting code."""
    rule = field.leaf
    if isinstance(rule, IsId):
        return f"an id: 1 to {rule.max_length} of `a-z 0-9 . _ -`, starting with a letter or digit"
    if isinstance(rule, IsText):
        return f"text: 1 to {rule.max_length:,} characters, no white space at either end"
    if isinstance(rule, Matches):
        return f"a string matching `{rule.pattern.pattern}`"
    if isinstance(rule, IsZone):
        return f"an IANA time-zone name, at most {rule.max_length} characters"
    if isinstance(rule, InRange):
        return f"an integer from {rule.minimum} to {rule.maximum:,}"
    if field.shape == "when":
        return "a time string (see Times)"
    assert field.cls is not None  # noqa: S101 -- set for choices and objects
    if field.shape == "choice":
        return "one of " + ", ".join(f'`"{member.value}"`' for member in field.cls)
    return f"{_table.TABLES[field.cls].a} object"


def _holds(field: _table.Field) -> str:
    if not field.many:
        return _one(field)
    rule = field.rule.rule if isinstance(field.rule, Maybe) else field.rule
    assert isinstance(rule, Each)  # noqa: S101 -- tuples are Each
    notes = [f"at least {rule.min_items}"] if rule.min_items else []
    notes += [f"at most {rule.max_items:,}"] if rule.max_items is not None else []
    notes += ["distinct"] if rule.duplicate is not None else []
    extra = f" ({', '.join(notes)})" if notes else ""
    return f"an array{extra} of: {_one(field)}"


class FormatFields(SphinxDirective):
    """The field tables of every entity and value object."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Build one titled table per model class from the format's field table."""
        self.env.note_dependency(_table.__file__)
        found: list[nodes.Node] = []
        for cls, table in _table.TABLES.items():
            group = nodes.tgroup(cols=3)
            for width in (2, 6, 1):
                group += nodes.colspec(colwidth=width)
            header = _row([nodes.Text("key")], [nodes.Text("holds")], [nodes.Text("required")])
            group += nodes.thead("", header)
            body = nodes.tbody()
            for field in table.fields:
                key = f'"{field.key}"'
                required = "yes" if field.required else "no"
                body += _row(
                    [nodes.literal(key, key)], _with_code(_holds(field)), [nodes.Text(required)]
                )
            group += body
            title = nodes.title(cls.__name__, cls.__name__)
            found.append(nodes.table("", title, group, classes=["format-fields"]))
        return found


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``format-fields`` directive."""
    app.add_directive("format-fields", FormatFields)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
