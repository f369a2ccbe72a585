"""The API reference: pages by topic, each public name once, each page with a table of names."""

from __future__ import annotations

import ast
import itertools
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import secdialogue
import secdialogue.arrow
import secdialogue.examples
import secdialogue.exceptions

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
API = DOCS / "reference" / "api"
# The topics, in the order a reader meets them.
PAGES = ["dossier", "model", "time", "queries", "exceptions", "arrow"]

_DIRECTIVE = re.compile(r"^\.\. ([\w:-]+)::\s*(\S*)")
# The directives that document a name (members and nested methods aside).
_DOCUMENTING = {
    "autoclass",
    "autodata",
    "autoexception",
    "autofunction",
    "py:class",
    "py:data",
    "py:function",
}


def _public_names() -> set[str]:
    """Every public name, by the dotted name it is documented under."""
    names = {f"secdialogue.{name}" for name in secdialogue.__all__}
    names |= {f"secdialogue.arrow.{name}" for name in secdialogue.arrow.__all__}
    for module in (secdialogue.exceptions, secdialogue.examples):
        for name in module.__all__:
            # Names re-exported by the package are documented there.
            if getattr(secdialogue, name, None) is not getattr(module, name):
                names.add(f"{module.__name__}.{name}")
    return names


def _read(page: Path) -> tuple[list[str], list[str]]:
    """The names a page documents and the names its summary tables list, in order."""
    documented: list[str] = []
    summarized: list[str] = []
    module = ""
    in_summary = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if in_summary:
            if line.startswith("   ") and not line.strip().startswith(":"):
                summarized.append(f"{module}.{line.strip()}" if module else line.strip())
                continue
            if line.strip() and not line.startswith("   "):
                in_summary = False
        match = _DIRECTIVE.match(line)
        if match is None:
            continue
        directive, name = match.groups()
        name = name.removesuffix("()")
        if directive in {"currentmodule", "py:currentmodule", "automodule"}:
            module = name
        elif directive == "autosummary":
            in_summary = True
        elif directive in _DOCUMENTING:
            # autodoc takes a dotted name as it is; py: directives prefix the module.
            absolute = directive.startswith("auto") and name.startswith("secdialogue.")
            documented.append(name if absolute or not module else f"{module}.{name}")
    return documented, summarized


class TestPages:
    def test_api_reference_is_split_by_topic(self):
        """The API overview's toctree lists the topic pages, dossier first, and nothing else."""
        text = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
        toctree = text.split("```{toctree}", 1)[1].split("```", 1)[0]
        listed = re.findall(r"^(api/[\w-]+)$", toctree, flags=re.MULTILINE)
        on_disk = sorted(path.stem for path in API.glob("*.md"))
        assert ([f"api/{page}" for page in PAGES], sorted(PAGES)) == (listed, on_disk)

    def test_every_public_name_is_documented_once(self):
        """Each public name has exactly one entry in the API pages or the errors page."""
        pages = [API / f"{page}.md" for page in PAGES] + [DOCS / "reference" / "errors.md"]
        counts = Counter(name for page in pages for name in _read(page)[0])
        expected = _public_names()
        assert ({}, set(), set()) == (
            {name: count for name, count in counts.items() if count != 1},
            expected - set(counts),
            set(counts) - expected,
        )

    @pytest.mark.parametrize("page", PAGES)
    def test_each_page_has_a_table_of_its_names(self, page):
        """Each API page opens with a summary table of exactly the names it documents."""
        documented, summarized = _read(API / f"{page}.md")
        assert (sorted(documented), len(summarized)) == (sorted(summarized), len(set(summarized)))
        assert documented


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The documentation, built by Sphinx as the docs session builds it (warnings aside)."""
    pytest.importorskip("sphinx", reason="the docs dependency group builds the site")
    pytest.importorskip("myst_parser", reason="the docs dependency group builds the site")
    pytest.importorskip("furo", reason="the docs dependency group builds the site")
    out = tmp_path_factory.mktemp("html")
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(DOCS), str(out)]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 -- our own paths
    return out


class TestBuiltPages:
    def test_built_pages_exist(self, built):
        """The built site has one page per topic."""
        assert sorted(PAGES) == sorted(path.stem for path in (built / "reference/api").iterdir())

    @pytest.mark.parametrize("page", PAGES)
    def test_no_object_or_private_bases(self, page, built):
        """A built API page shows bases where asked, never empty, object, Generic or private."""
        html = (built / "reference" / "api" / f"{page}.html").read_text(encoding="utf-8")
        bases = [
            " ".join(re.sub(r"<[^>]+>", "", found).split())
            for found in re.findall(r"Bases:(.*?)</p>", html, flags=re.DOTALL)
        ]
        noise = [
            shown
            for shown in bases
            if shown in {"", "object"}
            or "Generic" in shown
            or re.search(r"(?<![\w.])_\w{2,}", shown)
        ]
        asked = (API / f"{page}.md").read_text(encoding="utf-8").count(":show-inheritance:")
        assert ([], 0, asked) == (noise, html.count("_TopicalQuery"), len(bases))


def _attribute_docstrings() -> list[tuple[str, str]]:
    """``(where, first line)`` of each docstring under an assignment in a public class.

    Sphinx finds these by reading the source (enum members, class
    variables); Python keeps none of them at run time.
    """
    found = []
    for path in sorted(Path(secdialogue.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                continue
            for before, after in itertools.pairwise(node.body):
                if not isinstance(before, ast.Assign | ast.AnnAssign):
                    continue
                if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                    first = str(after.value.value).strip().splitlines()[0]
                    found.append((f"{path.name}:{after.lineno} {node.name}", first))
    return found


class TestAttributeDocstrings:
    def test_some_are_found(self) -> None:
        """The scan finds the enum members' docstrings, so the next test can fail."""
        assert len(_attribute_docstrings()) > 30

    def test_no_first_line_reads_as_a_type(self) -> None:
        """No attribute docstring's first line has "text: more", which Sphinx reads as a type."""
        roles = re.compile(r"``[^`]*``|:\w+:`[^`]*`")
        typed = [
            (where, first)
            for where, first in _attribute_docstrings()
            if re.search(r":\s*\S", roles.sub("", first))
        ]
        assert [] == typed
