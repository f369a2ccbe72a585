"""Code in the docs and the README fits its box: no line over 88 columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
# What a code box shows without a scroll bar on the docs' theme, and the
# width ruff would give examples in the project's own style.
MAX_COLUMNS = 88
PAGES = sorted(
    [ROOT / "README.md"]
    + [path for path in (ROOT / "docs").rglob("*.md") if "_build" not in path.parts]
)
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\S*)")


def _code_lines(text: str) -> list[tuple[int, str]]:
    """The lines of a Markdown page's code blocks, with their line numbers.

    MyST directives in fences (``{toctree}``, ``{eval-rst}``...) are markup,
    not code a reader sees, and are left out; ``{code-block}`` is code.
    """
    lines: list[tuple[int, str]] = []
    fence = ""
    is_code = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not fence:
            match = _FENCE.match(line)
            if match:
                fence, info = match.groups()
                is_code = not info.startswith("{") or info in {"{code-block}", "{code}"}
        elif set(line.strip()) == {fence[0]} and len(line.strip()) >= len(fence):
            fence = ""  # a closing fence is at least as long as the opening one
        elif is_code:
            lines.append((number, line))
    return lines


class TestCodeWidth:
    def test_code_lines_are_found(self):
        """The fence parser finds code, skips directives and ends a block at its own fence."""
        page = "```python\nx = 1\n```\n```{toctree}\nintro\n```\n~~~~\n```\ny\n~~~~~\nz\n"
        assert [(2, "x = 1"), (8, "```"), (9, "y")] == _code_lines(page)

    @pytest.mark.parametrize(
        "page", [pytest.param(page, id=str(page.relative_to(ROOT))) for page in PAGES]
    )
    def test_no_code_line_is_too_wide(self, page):
        """No line of a code block in the page is longer than 88 characters."""
        wide = [
            f"{number}: {len(line)} columns"
            for number, line in _code_lines(page.read_text(encoding="utf-8"))
            if len(line) > MAX_COLUMNS
        ]
        assert [] == wide
