"""Run every Python example in README.md and docs/ as a test (Sybil).

A ```python block whose lines start with ``>>>`` is checked as a doctest; any
other ```python block is executed. Examples in one file share a namespace, in
order, so a page can build on its earlier blocks.
"""

from __future__ import annotations

import os
import time
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

# The same pinned zone as tests/conftest.py: examples must not depend on it.
os.environ["TZ"] = "America/Toronto"
time.tzset()

pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
    ],
    patterns=["README.md", "docs/**/*.md", "docs/*.md"],
    excludes=["docs/_build/**"],
).pytest()
