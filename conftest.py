"""Run every example in README.md and docs/ as a test (Sybil).

A ```python block whose lines start with ``>>>`` is checked as a doctest; any
other ```python block is executed. Examples in one file share a namespace, in
order, so a page can build on its earlier blocks.

A ```console block holds command lines (``$ secdialogue ...``), each followed
by the output it must print (doctest's ``...`` matches anything). They run
in-process, in a scratch directory that holds ``talks.json``, the built-in
dossier. Lines of other programs (``$ pip ...``) are shown, not run.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import tempfile
import time
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE, OutputChecker
from pathlib import Path

from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

# The same pinned zone as tests/conftest.py: examples must not depend on it.
os.environ["TZ"] = "America/Toronto"
time.tzset()

_SCRATCH = Path(tempfile.mkdtemp(prefix="secdialogue-docs-"))


def _commands(source: str) -> list[tuple[str, str]]:
    """Split a console block into (command, expected output) pairs."""
    pairs: list[tuple[str, list[str]]] = []
    for line in source.splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:], []))
        elif pairs:
            pairs[-1][1].append(line)
    return [(command, "\n".join(out).strip("\n") + "\n") for command, out in pairs]


def _run_console(example: Example) -> str | None:
    from secdialogue import dumps  # noqa: PLC0415 -- the installed package, at test time
    from secdialogue._cli import main  # noqa: PLC0415
    from secdialogue.examples import january_2022  # noqa: PLC0415

    talks = _SCRATCH / "talks.json"
    if not talks.exists():
        talks.write_text(dumps(january_2022()), encoding="utf-8")
    checker = OutputChecker()
    for command, want in _commands(str(example.parsed)):
        argv = shlex.split(command)
        if argv[0] != "secdialogue":
            continue
        out = io.StringIO()
        here = Path.cwd()
        os.chdir(_SCRATCH)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                code = main(argv[1:])
        finally:
            os.chdir(here)
        got = out.getvalue()
        if code not in (0, 1):
            return f"$ {command}: exit code {code}"
        if want.strip() and not checker.check_output(want, got, ELLIPSIS | NORMALIZE_WHITESPACE):
            return f"$ {command}\nexpected:\n{want}\ngot:\n{got}"
    return None


pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        CodeBlockParser(language="console", evaluator=_run_console),
        SkipParser(),
    ],
    patterns=["README.md", "docs/**/*.md", "docs/*.md"],
    excludes=["docs/_build/**"],
).pytest()
