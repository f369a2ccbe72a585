"""Pictures made from a dossier: a timeline, positions charts, and a page with both.

Written as SVG and HTML text by this package, with no drawing library and
nothing fetched from the network. Imported by the exports only;
``import secdialogue`` does not load it.
"""

from __future__ import annotations

from secdialogue._pictures._page import dossier_html
from secdialogue._pictures._positions import positions_svg
from secdialogue._pictures._timeline import timeline_svg

__all__ = ["dossier_html", "positions_svg", "timeline_svg"]
