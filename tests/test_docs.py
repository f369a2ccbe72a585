"""Tests that keep the documentation honest: complete lists, and examples that fail when broken."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import secdialogue

pytest_plugins = ["pytester"]

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
PACKAGE = Path(secdialogue.__file__).parent

# A problem code: lowercase words joined by hyphens, such as "unknown-reference".
CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def _callee(call: ast.Call) -> str | None:
    """The name a call is made through: ``fail(...)``, ``ctx.add(...)``."""
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _code_parameter(function: ast.FunctionDef) -> int | None:
    """The position of a ``code`` parameter among the positional ones, ``self`` not counted."""
    names = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    if names and names[0] in {"self", "cls"}:
        names = names[1:]
    return names.index("code") if "code" in names else None


def _code_takers(trees: list[ast.Module]) -> dict[str, int]:
    """Every function, method or class (by its __init__) taking ``code``, and where."""
    takers: dict[str, int] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        position = _code_parameter(item)
                        if position is not None:
                            takers[node.name] = position
            elif isinstance(node, ast.FunctionDef) and not node.name.startswith("__"):
                position = _code_parameter(node)
                if position is not None:
                    takers[node.name] = position
    return takers


def _strings(node: ast.expr, assigned: dict[str, list[ast.expr]]) -> set[str]:
    """The string constants an expression can give, following names assigned in its function."""
    found: set[str] = set()
    for part in ast.walk(node):
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            found.add(part.value)
        elif isinstance(part, ast.Name):
            for value in assigned.get(part.id, []):
                found |= _strings(value, {})
    return found


def _function_assignments(function: ast.AST) -> dict[str, list[ast.expr]]:
    assigned: dict[str, list[ast.expr]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
    return assigned


def emitted_codes() -> set[str]:
    """Every problem code in the installed package's source.

    A code is what a call in a function or method passes as ``code=...``, or
    by position where the called function, method or class takes a parameter
    named ``code`` (``fail(field, code, message)``, ``ctx.add(path, code,
    message)``); a name passed there is followed to the strings assigned to
    it in its function.
    """
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py")]
    takers = _code_takers(trees)
    codes: set[str] = set()
    for tree in trees:
        scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for scope in scopes:
            assigned = _function_assignments(scope)
            for call in ast.walk(scope):
                if not isinstance(call, ast.Call):
                    continue
                given = [k.value for k in call.keywords if k.arg == "code"]
                position = takers.get(_callee(call) or "")
                if position is not None and position < len(call.args):
                    given.append(call.args[position])
                for expression in given:
                    codes |= _strings(expression, assigned)
    return {code for code in codes if CODE.fullmatch(code)}


def documented_codes() -> set[str]:
    """The codes in the first column of the tables of docs/reference/errors.md."""
    text = (DOCS / "reference" / "errors.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.MULTILINE))


class TestErrorCodes:
    def test_extractor_finds_each_way_of_emitting(self):
        """The scan finds codes given by keyword, by position, via a class and via a name."""
        codes = emitted_codes()
        expected = {
            "unknown-reference",  # Problem(code="...")
            "wrong-type",  # fail(field=..., code="...")
            "too-large",  # _fail(msg, "...")
            "duplicate-key",  # ctx.add(path, "...", msg)
            "non-finite-number",  # _Bad("...", what)
            "many-results",  # code = "..." if ... else "..."; Problem(code=code)
        }
        assert expected == expected & codes
        assert len(codes) >= 50

    def test_every_emitted_code_is_documented(self):
        """Every problem code the package can emit has a row in docs/reference/errors.md."""
        assert set() == emitted_codes() - documented_codes()

    def test_every_documented_code_is_emitted(self):
        """docs/reference/errors.md lists no code the package never emits."""
        assert set() == documented_codes() - emitted_codes()

    def test_each_code_documented_once(self):
        """Each code has exactly one row, so its meaning is stated in one place."""
        text = (DOCS / "reference" / "errors.md").read_text(encoding="utf-8")
        rows = re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.MULTILINE)
        assert sorted(set(rows)) == sorted(rows)


class TestApiReference:
    def test_every_public_name_has_an_entry(self):
        """Every name in secdialogue.__all__ has an autodoc or py: entry in the API reference."""
        text = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
        entries = set(
            re.findall(
                r"^\.\. (?:auto(?:class|function|data)|py:data):: secdialogue\.(\w+)(?:\(\))?$",
                text,
                flags=re.MULTILINE,
            )
        )
        assert set() == set(secdialogue.__all__) - entries

    def test_every_page_is_in_a_toctree(self):
        """Every Markdown page under docs/ is listed in a toctree of the index."""
        index = (DOCS / "index.md").read_text(encoding="utf-8")
        listed = set(re.findall(r"^([a-z][\w/-]*)$", index, flags=re.MULTILINE))
        pages = {
            str(path.relative_to(DOCS).with_suffix(""))
            for path in DOCS.rglob("*.md")
            if "_build" not in path.parts and path.name != "index.md"
        }
        assert set() == pages - listed


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
            >>> When.parse("2022-01-09")
            When.parse('2022-01-09')

            ```
            """
        )
        (pytester.path / "README.md").write_text(readme, encoding="utf-8")
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "README.md")
        result.assert_outcomes(passed=1, failed=1)
