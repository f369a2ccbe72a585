"""A Sphinx directive that builds the table of problem codes from the package.

``problem-codes`` (in MyST: a ```{problem-codes} fence with no content)
becomes a table with one row per :data:`secdialogue.exceptions.CODES` entry,
in its order: the code, and what it means. Text in backquotes in a
description is shown as code. Each row has the anchor ``code-<code>``.

The table is generated, never written by hand, so it lists exactly the codes
the package can emit.
"""

# ruff: noqa: INP001 -- a Sphinx extension loaded by path from docs/conf.py, not a package

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from secdialogue import exceptions

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def _with_code(text: str) -> list[nodes.Node]:
    """``text`` as inline nodes, each backquoted part as a literal."""
    parts = text.split("`")
    return [
        nodes.literal(part, part) if odd else nodes.Text(part)
        for odd, part in ((i % 2 == 1, part) for i, part in enumerate(parts))
        if part
    ]


def _row(*cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", nodes.paragraph("", "", *cell))
    return row


class ProblemCodes(SphinxDirective):
    """The table of every problem code and its meaning."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Build the table from secdialogue.exceptions.CODES."""
        # Rebuild the page when the codes change.
        self.env.note_dependency(exceptions.__file__)
        group = nodes.tgroup(cols=2)
        group += nodes.colspec(colwidth=1)
        group += nodes.colspec(colwidth=4)
        group += nodes.thead("", _row([nodes.Text("code")], [nodes.Text("meaning")]))
        body = nodes.tbody()
        for code, meaning in exceptions.CODES.items():
            row = _row([nodes.literal(code, code)], _with_code(meaning))
            row["ids"].append(f"code-{code}")
            body += row
        group += body
        return [nodes.table("", group, classes=["problem-codes"])]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``problem-codes`` directive."""
    app.add_directive("problem-codes", ProblemCodes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
