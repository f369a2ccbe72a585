"""Output of the command line for people: fitted to the terminal, escaped, with progress.

Everything a command prints for people goes through :func:`fit` or
:func:`heading`: each escapes what it is given (data may hold control and
bidi characters) and keeps every line within the width, wrapping only the
text column and never an id or a time. Machine output (JSON, CSV) does not
come here.
"""

from __future__ import annotations

import itertools
import shutil
import threading
import time
import unicodedata
from typing import TYPE_CHECKING, Any, Final, Self, TextIO, TypeAlias

from secdialogue._checks import shorten
from secdialogue._escape import escape
from secdialogue._kinds import BY_CLASS, KINDS

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence
    from types import TracebackType

    from secdialogue._dossier import Dossier
    from secdialogue._kinds import Entity, Kind
    from secdialogue.exceptions import Problem

__all__ = [
    "MIN_TEXT",
    "MIN_WIDTH",
    "PROGRESS_AFTER",
    "Progress",
    "Row",
    "counted",
    "counts_text",
    "fit",
    "heading",
    "problem_lines",
    "sizes",
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
_ZERO_WIDTH: Final = frozenset({"Mn", "Me", "Cf"})  # combining marks, format characters
_WIDE: Final = frozenset({"W", "F"})  # East Asian wide and full-width

Row: TypeAlias = "tuple[Sequence[str], str]"
"""A row: the fixed cells (ids, times, zones: never cut), then the text (wrapped)."""


def width() -> int:
    """The width to fit output to: the terminal's (or ``COLUMNS``), 80 if unknown."""
    return max(MIN_WIDTH, shutil.get_terminal_size().columns)


def columns_of(text: str) -> int:
    """The columns ``text`` takes on a terminal.

    Wide and full-width characters (CJK, most emoji) take two; combining
    marks and other zero-width characters none; the rest one.
    """
    if text.isascii():
        return len(text)
    return sum(_columns_of_char(char) for char in text)


def _columns_of_char(char: str) -> int:
    if unicodedata.category(char) in _ZERO_WIDTH:
        return 0
    return 2 if unicodedata.east_asian_width(char) in _WIDE else 1


def _cut(word: str, size: int) -> int:
    """How many leading characters of ``word`` fit in ``size`` columns (at least one)."""
    totals = itertools.accumulate(_columns_of_char(char) for char in word)
    return max(1, sum(1 for total in totals if total <= size))


def wrap(text: str, size: int, *, breakable: bool = True) -> list[str]:
    """``text`` in lines of at most ``size`` columns, broken at white space.

    Runs of white space become one space. A word wider than ``size`` is
    split across lines if ``breakable``, else it stays whole on a line of its
    own. Greedy, like :func:`textwrap.wrap`, and several times faster, which
    counts for a timeline of a million rows; unlike it, wide characters count
    as two columns. Empty text gives one empty line.
    """
    return _fill(text.split(), size, " ", breakable=breakable)


def _fill(words: Iterable[str], size: int, sep: str, *, breakable: bool) -> list[str]:
    """``words`` joined by ``sep`` in lines of at most ``size`` columns, greedily."""
    size = max(size, 1)
    gap = columns_of(sep)
    lines: list[str] = []
    line, used = "", 0
    for whole in words:
        word, need = whole, columns_of(whole)
        if breakable:
            while need > size:
                room = size - used - gap if line else size
                if room <= 0:
                    lines.append(line)
                    line, used = "", 0
                    continue
                cut = _cut(word, room)
                if line and columns_of(word[:cut]) > room:  # a wide first character
                    lines.append(line)
                    line, used = "", 0
                    continue
                lines.append(f"{line}{sep}{word[:cut]}" if line else word[:cut])
                line, used = "", 0
                word = word[cut:]
                need = columns_of(word)
        if not line:
            line, used = word, need
        elif used + gap + need <= size:
            line, used = f"{line}{sep}{word}", used + gap + need
        else:
            lines.append(line)
            line, used = word, need
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
    each row is stacked instead: its fixed cells on a line (still aligned if
    they fit), its text on indented lines below.
    """
    table = [([escape(cell) for cell in cells], escape(text)) for cells, text in rows]
    widths = [[columns_of(cell) for cell in cells] for cells, _ in table]
    sizes = [max(column) for column in zip(*widths, strict=True)]
    lead = sum(sizes) + len(_GAP) * len(sizes)
    room = columns - lead
    longest = max((columns_of(word) for _, text in table for word in text.split()), default=0)
    if any(text for _, text in table):
        aligned = room >= MIN_TEXT and (breakable or longest <= room)
    else:
        aligned = room >= -len(_GAP)  # the fixed cells alone fit
    heads = [
        _GAP.join(
            cell + " " * (size - used) for cell, size, used in zip(cells, sizes, row, strict=True)
        )
        for (cells, _), row in zip(table, widths, strict=True)
    ]
    if aligned:
        for head, (_, text) in zip(heads, table, strict=True):
            first, *rest = wrap(text, room, breakable=breakable)
            yield (head + _GAP + first).rstrip()
            yield from (" " * lead + line for line in rest)
        return
    stacked = lead - len(_GAP) <= columns  # the fixed cells still fit aligned
    for head, (cells, text) in zip(heads, table, strict=True):
        if stacked:
            yield head.rstrip()
        else:
            for line in _fill(cells, columns, _GAP, breakable=False):
                fits = columns_of(line) <= columns
                yield from [line] if fits else wrap(line, columns, breakable=False)
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

    def __init__(self, what: str, stream: TextIO) -> None:
        self._what = shorten(escape(what), _SHOWN_WHAT)
        self._stream = stream
        self._after = PROGRESS_AFTER
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


def problem_lines(name: str, problems: Iterable[Problem]) -> list[str]:
    """One line per problem of the file shown as ``name``: ``FILE: $.path: message``."""
    return [f"{name}: {p.path}: {p.message}" for p in problems]


def counted(entities: Iterable[Entity], counts: dict[Kind[Any], int]) -> Iterator[Entity]:
    """Each entity as it comes, counted by its kind in ``counts`` (which holds every kind)."""
    for entity in entities:
        counts[BY_CLASS[type(entity)]] += 1
        yield entity


def sizes(dossier: Dossier) -> dict[Kind[Any], int]:
    """How many entities of each kind ``dossier`` holds."""
    return {kind: len(getattr(dossier, kind.key)) for kind in KINDS}


def counts_text(counts: Mapping[Kind[Any], int]) -> str:
    """How many entities of each kind, as people read it: ``11 actors, 6 meetings, ...``."""
    sizes = ((counts[kind], kind) for kind in KINDS)
    return ", ".join(f"{n} {kind.plural if n != 1 else kind.noun}" for n, kind in sizes)
