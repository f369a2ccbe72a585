"""The docs draw their pictures from the built-in dossier while they are built."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"
EXTENSIONS = DOCS / "_ext"


class Figures(HTMLParser):
    """The inline SVG pictures of a built page: their titles and their texts."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self.words: list[str] = []
        self._depth = 0
        self._previous = ""
        self._in_title = False

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        self._depth += tag == "svg"
        # A picture's own title is the first element in it; marks have titles too.
        self._in_title = tag == "title" and self._previous == "svg"
        self._previous = tag

    def handle_endtag(self, tag: str) -> None:
        self._depth -= tag == "svg"
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles.append(data)
        if self._depth:
            self.words.append(data)


def build(tmp_path: Path, page: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("sphinx", reason="the docs dependency group builds the pictures")
    pytest.importorskip("myst_parser", reason="the docs dependency group builds the pictures")
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXTENSIONS)!r})\n"
        "extensions = ['myst_parser', 'dossier_pictures']\n",
        encoding="utf-8",
    )
    (source / "index.md").write_text(page, encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-q", "-n", "-W", "-b", "html"]
    return subprocess.run(  # noqa: S603 -- our own interpreter and paths
        [*command, str(source), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        check=False,
    )


class TestDossierPicture:
    def test_pictures_are_drawn_into_the_page(self, tmp_path):
        """The directive puts the timeline and a positions chart in the page, as SVG."""
        page = (
            "# Pictures\n\n```{dossier-picture} timeline\n```\n\n"
            "```{dossier-picture} positions nato-not-to-admit-ukraine\n```\n"
        )
        done = build(tmp_path, page)
        figures = Figures()
        figures.feed((tmp_path / "html" / "index.html").read_text(encoding="utf-8"))
        words = " ".join(figures.words)
        assert 0 == done.returncode, done.stderr
        assert ["Timeline", "Positions on nato-not-to-admit-ukraine"] == figures.titles
        for place in ("Geneva", "Brussels", "Vienna"):
            assert place in words
        assert "stoltenberg-2022-01-07-no-say" in words

    @pytest.mark.parametrize("arguments", ["calendar", "positions", "timeline extra"])
    def test_wrong_arguments_fail_the_build(self, tmp_path, arguments):
        """A picture the directive cannot draw is an error that names what it takes."""
        done = build(tmp_path, f"# Pictures\n\n```{{dossier-picture}} {arguments}\n```\n")
        assert 0 != done.returncode
        assert "takes 'timeline' or 'positions DEMAND_ID'" in done.stderr

    def test_landing_page_shows_the_timeline(self):
        """The landing page and the reference case draw the timeline, not an image file."""
        for page in (DOCS / "index.md", DOCS / "explanation" / "reference-case.md"):
            text = page.read_text(encoding="utf-8")
            assert 1 == text.count("\n```{dossier-picture} timeline\n```\n")
