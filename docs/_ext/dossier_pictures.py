"""A Sphinx directive that draws pictures of the built-in dossier during the build.

``dossier-picture`` (in MyST: a ```{dossier-picture} fence) takes the picture
to draw: ``timeline``, or ``positions`` and a demand's id. It becomes the SVG
itself, inline in the page (so its title and description reach screen
readers and its text can be searched), drawn from
:func:`secdialogue.examples.january_2022` by the package's own picture code.
Nothing is checked in as an image: the pictures always show the data as it is.
Builders other than HTML leave the picture out.
"""

# ruff: noqa: INP001 -- a Sphinx extension loaded by path from docs/conf.py, not a package

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from secdialogue import _pictures, examples

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


class DossierPicture(SphinxDirective):
    """A picture of the built-in dossier: ``timeline`` or ``positions DEMAND_ID``."""

    required_arguments = 1
    optional_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Draw the picture named by the arguments, as raw HTML."""
        # Rebuild the page when the picture code or the data change.
        for module in (_pictures, examples):
            self.env.note_dependency(module.__file__ or "")
        dossier = examples.january_2022()
        kind, *rest = self.arguments
        if kind == "timeline" and not rest:
            svg = _pictures.timeline_svg(dossier)
        elif kind == "positions" and len(rest) == 1:
            svg = _pictures.positions_svg(dossier, rest[0])
        else:
            msg = "dossier-picture takes 'timeline' or 'positions DEMAND_ID'"
            raise self.error(msg)
        # The picture shrinks to the width of the page, keeping its proportions.
        svg = svg.replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
        html = f'<figure class="sd-figure" style="margin:1.5rem 0">{svg}</figure>'
        return [nodes.raw("", html, format="html")]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``dossier-picture`` directive."""
    app.add_directive("dossier-picture", DossierPicture)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
