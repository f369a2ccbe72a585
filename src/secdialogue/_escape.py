"""Showing text from data to people: control and bidi characters escaped.

Text in a dossier may hold anything Unicode allows. Printed raw, a carriage
return or an ANSI escape rewrites a terminal line, a newline forges one, a
right-to-left override reorders what follows. Everything that shows data
(problem paths and messages, the command line) passes it through
:func:`escape` first.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["UNSAFE", "escape", "escape_one"]

UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""C0 and C1 controls and DEL (category Cc), the bidirectional controls (the
property Bidi_Control), the line and paragraph separators, and lone surrogates."""


def escape_one(match: re.Match[str]) -> str:
    r"""The escape ``repr()`` gives the one character matched: ``\t``, ``\xNN``, ``\uNNNN``."""
    return repr(match.group())[1:-1]


def escape(text: str) -> str:
    """``text`` with every :data:`UNSAFE` character written as its escape."""
    return UNSAFE.sub(escape_one, text)
