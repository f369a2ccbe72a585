"""Tests that keep the documentation honest: complete lists, and examples that fail when broken."""

from __future__ import annotations

import importlib
import pkgutil
import re
import shutil
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

import secdialogue
from secdialogue.exceptions import CODES

pytest_plugins = ["pytester"]

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
ERRORS_PAGE = DOCS / "reference" / "errors.md"


class _CodeTable(HTMLParser):
    """The body rows of the table of problem codes in a built page, as cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_table = self._in_body = self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and "problem-codes" in (dict(attrs).get("class") or "").split():
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self.rows[-1].append("")
            self._in_cell = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = False
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.rows[-1][-1] += data


class TestErrorCodes:
    def test_errors_page_generates_the_table(self):
        """The errors page has the generated table of codes, once, and no code row by hand."""
        text = ERRORS_PAGE.read_text(encoding="utf-8")
        by_hand = re.findall(r"^\| `[a-z0-9-]+` \|", text, flags=re.MULTILINE)
        assert (1, []) == (text.count("\n```{problem-codes}\n```\n"), by_hand)

    def test_built_table_lists_every_code(self, tmp_path):
        """Built by Sphinx, the errors page has a row for each code with its meaning, in order."""
        pytest.importorskip("sphinx", reason="the docs dependency group builds the table")
        pytest.importorskip("myst_parser", reason="the docs dependency group builds the table")
        source = tmp_path / "source"
        source.mkdir()
        shutil.copy(ERRORS_PAGE, source / "index.md")
        command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(DOCS)]
        subprocess.run(  # noqa: S603 -- our own interpreter and paths
            [*command, str(source), str(tmp_path / "html")], check=True, capture_output=True
        )
        table = _CodeTable()
        table.feed((tmp_path / "html" / "index.html").read_text(encoding="utf-8"))
        # The meaning shows backquoted text as code, without the backquotes, and
        # Sphinx makes quotes curly and three dots an ellipsis: undo that.
        plain = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
        built = [
            [" ".join(cell.translate(plain).replace("\u2026", "...").split()) for cell in row]
            for row in table.rows
        ]
        expected = [[code, meaning.replace("`", "")] for code, meaning in CODES.items()]
        assert expected == built


class TestToctree:
    def test_every_page_is_in_a_toctree(self):
        """Every Markdown page under docs/ is listed in a toctree (the index's or a section's)."""
        pages = {
            str(path.relative_to(DOCS).with_suffix("")): path
            for path in DOCS.rglob("*.md")
            if "_build" not in path.parts
        }
        listed = set()
        for name, path in pages.items():
            text = path.read_text(encoding="utf-8")
            toctrees = re.findall(r"^```\{toctree\}\n(.*?)^```$", text, re.DOTALL | re.MULTILINE)
            for toctree in toctrees:
                for entry in re.findall(r"^([a-z][\w/-]*)$", toctree, flags=re.MULTILINE):
                    listed.add(str(Path(name).parent / entry))
        assert set() == set(pages) - listed - {"index"}


class TestReadTheDocs:
    def test_builds_as_the_docs_session_does(self):
        """Read the Docs installs the package with the docs group and fails on a warning."""
        config = (ROOT / ".readthedocs.yaml").read_text(encoding="utf-8")
        assert (True, True, True) == (
            "- python -m pip install --group docs .\n" in config,
            "fail_on_warning: true\n" in config,
            "configuration: docs/conf.py\n" in config,
        )


BROKEN_PAGE = """\
# A page with examples

This one is right:

```python
>>> 1 + 1
2

```

This one prints the wrong answer:

```python
>>> 1 + 1
3

```

This one raises:

```python
raise RuntimeError("a broken example")
```

This command prints something else:

```console
$ secdialogue validate talks.json
talks.json: broken
```
"""


@pytest.fixture
def every_module_imported():
    """Import every module of the package before an in-process pytest run.

    pytester restores sys.modules after such a run, dropping the modules the
    run imported (the format's readers, the command line); imported again
    later, they are second copies beside the first, and a later example
    (docs/howto/embed.md's structuring errors) lost one of its two errors.
    With every module imported first, the restore drops none.
    """
    for module in pkgutil.walk_packages(secdialogue.__path__, "secdialogue."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


@pytest.mark.usefixtures("every_module_imported")
class TestBrokenExamplesFail:
    def test_broken_docs_examples_fail_the_suite(self, pytester):
        """The project's Sybil setup fails each broken example of a docs page, not a good one."""
        pytester.makeconftest((ROOT / "conftest.py").read_text(encoding="utf-8"))
        pytester.mkdir("docs")
        (pytester.path / "docs" / "page.md").write_text(BROKEN_PAGE, encoding="utf-8")
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rf", "docs")
        result.assert_outcomes(passed=1, failed=3)
        # In page order: the right example passes, each broken one fails.
        result.stdout.fnmatch_lines(["docs/page.md .FFF*", "*RuntimeError: a broken example*"])

    def test_broken_readme_example_fails_the_suite(self, pytester):
        """A README.md example that breaks fails the suite too."""
        pytester.makeconftest((ROOT / "conftest.py").read_text(encoding="utf-8"))
        readme = textwrap.dedent(
            """\
            # project

            ```python
            >>> from secdialogue import When
            >>> When.parse("2022-01-09T10:00")
            When.parse('2022-01-09T10:00')

            ```
            """
        )
        (pytester.path / "README.md").write_text(readme, encoding="utf-8")
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "README.md")
        result.assert_outcomes(passed=1, failed=1)
