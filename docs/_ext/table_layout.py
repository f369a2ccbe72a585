"""A Sphinx directive that builds the reference of the Arrow and Parquet tables from the package.

``table-layout`` (in MyST: a ```{table-layout} fence with no content) becomes
one table per table of :data:`secdialogue._tables._layout.LAYOUTS`, in order,
with a row per column: its name, its type, whether it may be null, and what it
holds. The rows come from the same layout the writer and the reader loop
over, so the page cannot drift from them.
"""

# ruff: noqa: INP001 -- a Sphinx extension loaded by path from docs/conf.py, not a package

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from docutils import nodes
from format_fields import _one
from problem_codes import _row, _with_code
from sphinx.util.docutils import SphinxDirective

from secdialogue._tables import _layout

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

_TYPES: Final = {
    "string": "string",
    "int64": "int64",
    "int32": "int32",
    "dictionary": "dictionary<int32, string>",
    "timestamp": "timestamp[us, tz=UTC]",
}
_TIMES: Final = {
    "text": "`{source}` as written, a time string (see Times)",
    "zone": "the IANA zone name of `{source}`; null for a time without a zone",
    "precision": "how precisely the start of `{source}` is known: `year` to `second`",
    "earliest": "the first instant `{source}` may mean; null if open into the past",
    "latest": "the first instant after `{source}`; null if open into the future",
    "sort_key": "a text that sorts as the times of `{source}` sort (ties then by id)",
}


def _meaning(layout: _layout.Layout, column: _layout.Column) -> str:
    """What ``column`` holds, in words, from the layout alone."""
    if column.part == "ordinal":
        assert layout.field is not None  # noqa: S101 -- link tables have their field
        return f"its position in `{layout.field.key}`, from 0"
    if column.part == "key":
        return f"the `{column.source}` of the row of `{layout.parent}` it belongs to"
    if column.part in _TIMES:
        return _TIMES[column.part].format(source=column.source)
    field = column.path[-1] if column.path else layout.field
    assert field is not None  # noqa: S101 -- a value comes from a field
    where = f"`{column.source}`: " if column.source else ""
    return where + _one(field)


class TableLayout(SphinxDirective):
    """The reference of every table and column."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Build one titled table per table of the layout."""
        self.env.note_dependency(_layout.__file__)
        found: list[nodes.Node] = []
        for layout in _layout.LAYOUTS:
            group = nodes.tgroup(cols=4)
            for width in (2, 2, 1, 6):
                group += nodes.colspec(colwidth=width)
            header = _row(
                [nodes.Text("column")],
                [nodes.Text("type")],
                [nodes.Text("null")],
                [nodes.Text("holds")],
            )
            group += nodes.thead("", header)
            body = nodes.tbody()
            for column in layout.columns:
                kind = _TYPES[column.type]
                body += _row(
                    [nodes.literal(column.name, column.name)],
                    [nodes.literal(kind, kind)],
                    [nodes.Text("yes" if column.nullable else "no")],
                    _with_code(_meaning(layout, column)),
                )
            group += body
            title = nodes.title(layout.name, layout.name)
            table = nodes.table("", title, group, classes=["table-layout"])
            table["ids"].append(f"table-{layout.name}")
            found.append(table)
        return found


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``table-layout`` directive."""
    app.add_directive("table-layout", TableLayout)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
