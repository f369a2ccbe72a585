"""Output of the command line for people: fitted to the terminal, escaped, with progress.

Everything a command prints for people goes through :func:`fit` or
:func:`heading`: each escapes what it is given (data may hold control and
bidi characters) and keeps every line within the width, wrapping only the
text column and never an id or a time. Machine output (JSON, CSV) does not
come here.
"""

from __future__ import annotations

import shutil
import threading
import time
from typing import TYPE_CHECKING, Final, Self, TextIO, TypeAlias

from secdialogue._checks import shorten
from secdialogue._escape import escape

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from types import TracebackType

__all__ = [
    "MIN_TEXT",
    "MIN_WIDTH",
    "PROGRESS_AFTER",
    "Progress",
    "Row",
    "fit",
    "heading",
    "width",
    "wrap",
]

MIN_WIDTH: Final = 40
"""The narrowest width output is fitted to, whatever the terminal says."""

MIN_TEXT: Final = 40
"""The narrowest text column beside the fixed ones; below it, rows are stacked."""

PROGRESS_AFTER: Final = 1.0
"""Seconds of work after which progress shows on a terminal's standard error."""

_GAP: Final = "  "
_INDENT: Final = "    "
_SHOWN_WHAT: Final = MIN_WIDTH

Row: TypeAlias = "tuple[Sequence[str], str]"
"""A row: the fixed cells (ids, times, zones: never cut), then the text (wrapped)."""


def width() -> int:
    """The width to fit output to: the terminal's (or ``COLUMNS``), 80 if unknown."""
    return max(MIN_WIDTH, shutil.get_terminal_size().columns)


def wrap(text: str, size: int, *, breakable: bool = True) -> list[str]:
    """``text`` in lines of at most ``size`` characters, broken at white space.

    Runs of white space become one space. A word longer than ``size`` is
    split across lines if ``breakable``, else it stays whole on a line of its
    own. Greedy, like :func:`textwrap.wrap`, and several times faster, which
    counts for a timeline of a million rows. Empty text gives one empty line.
    """
    return _fill(text.split(), size, " ", breakable=breakable)


def _fill(words: Iterable[str], size: int, sep: str, *, breakable: bool) -> list[str]:
    """``words`` joined by ``sep`` in lines of at most ``size`` characters, greedily."""
    size = max(size, 1)
    lines: list[str] = []
    line = ""
    for whole in words:
        word = whole
        if breakable:
            while len(word) > size:
                cut = size - len(line) - len(sep) if line else size
                if cut <= 0:
                    lines.append(line)
                    line = ""
                    continue
                lines.append(f"{line}{sep}{word[:cut]}" if line else word[:cut])
                line, word = "", word[cut:]
        if not line:
            line = word
        elif len(line) + len(sep) + len(word) <= size:
            line = f"{line}{sep}{word}"
        else:
            lines.append(line)
            line = word
    lines.append(line)  # the last line; "" if there were no words
    return lines


def heading(text: str, columns: int) -> Iterator[str]:
    """``text`` escaped as a heading: ``# `` before it, wrapped to ``columns``.

    Lines after the first are indented by two spaces, so that a heading reads
    the same whether or not it is wrapped (the docs compare output with
    white space normalised). Words are not broken: an id stays whole.
    """
    first, *rest = wrap(escape(text), columns - 2, breakable=False)
    yield f"# {first}"
    yield from (f"  {line}" for line in rest)


def fit(rows: Sequence[Row], columns: int, *, breakable: bool = True) -> Iterator[str]:
    """The lines showing ``rows`` within ``columns``, everything escaped.

    The fixed cells are aligned in columns and the text fills the rest of
    the line, wrapped onto lines of its own indented under it. When the
    fixed cells leave less than :data:`MIN_TEXT` columns, or a word of the
    text that must not be broken (``breakable=False``, for lists of ids) is
    wider than what is left (or, without text, the fixed cells do not fit),
    each row is stacked instead: its fixed cells on
    one line, its text on indented lines below.
    """
    table = [([escape(cell) for cell in cells], escape(text)) for cells, text in rows]
    sizes = [
        max(len(cell) for cell in column) for column in zip(*(c for c, _ in table), strict=True)
    ]
    lead = sum(sizes) + len(_GAP) * len(sizes)
    room = columns - lead
    longest = max((len(word) for _, text in table for word in text.split()), default=0)
    if any(text for _, text in table):
        aligned = room >= MIN_TEXT and (breakable or longest <= room)
    else:
        aligned = room >= -len(_GAP)  # the fixed cells alone fit
    if aligned:
        for cells, text in table:
            head = _GAP.join(cell.ljust(size) for cell, size in zip(cells, sizes, strict=True))
            first, *rest = wrap(text, room, breakable=breakable)
            yield (head + _GAP + first).rstrip()
            yield from (" " * lead + line for line in rest)
        return
    for cells, text in table:
        for line in _fill(cells, columns, _GAP, breakable=False):
            yield from [line] if len(line) <= columns else wrap(line, columns, breakable=False)
        if text:
            yield from (
                _INDENT + line for line in wrap(text, columns - len(_INDENT), breakable=breakable)
            )


class Progress:
    """Shows that long work goes on: on standard error, only if it is a terminal.

    Used as a context manager around work that may take long (reading a
    large file). If the work lasts over :data:`PROGRESS_AFTER` seconds and
    ``stream`` is a terminal, a line ``secdialogue: WHAT… N s`` shows and is
    updated every second; it is cleared when the work ends. Piped or
    redirected, nothing is written.
    """

    def __init__(self, what: str, stream: TextIO, after: float | None = None) -> None:
        self._what = shorten(escape(what), _SHOWN_WHAT)
        self._stream = stream
        self._after = PROGRESS_AFTER if after is None else after
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = 0

    def __enter__(self) -> Self:
        if self._stream.isatty():
            self._thread = threading.Thread(target=self._report, daemon=True)
            self._thread.start()
        return self

    def _report(self) -> None:
        start = time.monotonic()
        wait = self._after
        while not self._done.wait(wait):
            seconds = time.monotonic() - start
            line = f"\rsecdialogue: {self._what}\u2026 {seconds:.0f} s"
            self._stream.write(line)
            self._stream.flush()
            self._shown = len(line)
            wait = 1.0

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:
            self._stream.write("\r" + " " * self._shown + "\r")
            self._stream.flush()
