"""JSON Lines: a dossier as a header line, then one entity a line.

Each line is read on its own, by the fast reader (:class:`._fast.Lines`)
and, for a line it does not accept, by the error-collecting reader
(:func:`._read.read_line`), whose problems get the line in front of their
path: ``line 7: $.statement.speakers[0]``.

The checks over the whole dossier run two ways, with the same problems:

* :func:`read_lines` (``loads_lines``, ``load_lines``) keeps every entity
  and makes a :class:`~secdialogue.Dossier` of them; the Dossier's problems
  (``$.statements[3].speakers[0]``) are put at the line each entity came
  from;
* :func:`stream` (``iter_lines``) gives each entity as it is read and keeps
  only what :class:`~secdialogue._integrity.Stream` needs, checking the
  whole once the file ends.
"""

from __future__ import annotations

import os
import re
from array import array
from typing import TYPE_CHECKING, Any, Final

from secdialogue._dossier import Dossier
from secdialogue._format import _read
from secdialogue._format._fast import Fallback, Lines
from secdialogue._format._read import HEADER, HEADER_TEXT, MAX_PROBLEMS, TOO_MANY
from secdialogue._format._text import parse, unreadable
from secdialogue._integrity import Stream
from secdialogue._kinds import BY_CLASS, BY_KEY, KINDS
from secdialogue.exceptions import Code, IntegrityError, LoadError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from secdialogue._kinds import Entity, Key

__all__ = ["line_path", "read_lines", "stream"]

_SKIP: Final = 1 << 20
"""A line too long is skipped in chunks of this many bytes."""

_HEADER: Final = ("format", "version")

_INDEX_PATH: Final = re.compile(r"\$\.([a-z]+)\[([0-9]+)\]")


def line_path(key: Key, line: int) -> str:
    """The path of the entity of a kind on a line: ``line 7: $.statement``."""
    return f"line {line:,}: $.{BY_KEY[key].noun}"


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most :data:`MAX_PROBLEMS` problems, then one saying more were found, as a reader does."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], TOO_MANY]


class _Reader:
    """Reads the lines of one input in turn: each one's entity, every problem at its line."""

    __slots__ = ("count", "fast", "header", "problems")

    def __init__(self, *, stream: bool) -> None:
        self.fast = Lines(stream=stream)
        self.problems: list[Problem] = []
        self.count = 0
        self.header = False  # whether the line read is meant as a header

    def add(self, path: str, code: Code, message: str) -> None:
        """Report a problem on the current line; stop at the problem cap, as a reader does.

        Raises:
            LoadError: Once there are more than :data:`MAX_PROBLEMS` problems.
        """
        where = f"line {self.count:,}: {path}"
        self.problems.append(Problem(path=where, code=code, message=message))
        if len(self.problems) > MAX_PROBLEMS:
            raise LoadError(_capped(self.problems))

    def read(self, line: bytes | str) -> Entity | None:
        """The entity of the next line, or None for a header or a line with problems."""
        self.count += 1
        if not line.strip():
            msg = "the line is blank: a lines file holds one JSON object a line; remove it"
            self.add("$", "invalid-json", msg)
            return None
        self.header = False
        try:
            found = self.fast.read(line)
        except Fallback:
            found = self._report(line)
        else:
            found = HEADER if found is None else found
        if self.count == 1 and found is not HEADER and not self.header:
            self.missing_header()
        return None if found is HEADER else found

    def _report(self, line: bytes | str) -> Any:  # noqa: ANN401
        """Read a line the fast reader did not accept: HEADER, an entity, or None with problems.

        Whether the line is meant as a header is kept in ``header``: a value
        that is not a JSON object holding "format" or "version" (or no JSON
        at all) is.
        """
        self.header = True
        try:
            value = parse(line, line=True)
            self.header = not isinstance(value, dict) or not value.keys().isdisjoint(_HEADER)
            found = _read.read(_read.read_line, value)
        except LoadError as error:
            for problem in error.problems:
                self.add(problem.path, problem.code, problem.message)
            return None
        return found if found is HEADER else found[1]

    def missing_header(self) -> None:
        """Report that the input does not start with a header."""
        msg = f"a lines file starts with the header line {HEADER_TEXT}: add it"
        self.problems.insert(0, Problem(path="line 1: $.format", code="missing-key", message=msg))

    def finish(self) -> None:
        """Check the input as a whole once read: it had a header.

        Raises:
            LoadError: If any line had a problem.
        """
        if self.count == 0:
            self.missing_header()
        if self.problems:
            raise LoadError(self.problems)


def _pieces(text: Any) -> Iterator[Any]:  # noqa: ANN401 -- str or bytes alike
    """The lines of ``text`` one at a time, without their line ends; no last empty one."""
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    start, size = 0, len(text)
    while start < size:
        end = text.find(newline, start)
        if end < 0:
            end = size
        yield text[start:end]
        start = end + 1


def read_lines(text: str | bytes) -> Dossier:
    """The Dossier of JSON Lines text (checked by ``text_of``).

    Raises:
        LoadError: With every problem, at its line.
    """
    reader = _Reader(stream=False)
    entities: dict[str, list[Entity]] = {kind.key: [] for kind in KINDS}
    lines: dict[str, array[int]] = {kind.key: array("q") for kind in KINDS}
    for line in _pieces(text):
        entity = reader.read(line)
        if entity is not None:
            key = BY_CLASS[type(entity)].key
            entities[key].append(entity)
            lines[key].append(reader.count)
    reader.finish()
    try:
        return Dossier(**entities)  # type: ignore[arg-type]
    except IntegrityError as error:
        raise LoadError(_capped([_at_line(p, lines) for p in error.problems])) from None


def _at_line(problem: Problem, lines: dict[str, array[int]]) -> Problem:
    """A Dossier's problem (``$.statements[3]...``) at the line its entity came from."""
    match = _INDEX_PATH.match(problem.path)
    assert match is not None  # noqa: S101 -- a Dossier's problems are all about an entity
    key, index = match.groups()
    path = f"{line_path(key, lines[key][int(index)])}{problem.path[match.end() :]}"  # type: ignore[arg-type]
    return Problem(path=path, code=problem.code, message=problem.message)


def stream(path: str | os.PathLike[str], max_line: int) -> Iterator[Entity]:
    """Each entity of a JSON Lines file in turn, then the checks of the whole (``iter_lines``).

    Raises:
        LoadError: Once the file is read, with every problem at its line; at
            once if it cannot be read, or has too many problems.
    """
    reader = _Reader(stream=True)
    checks = Stream(line_path)
    try:
        file = open(os.fspath(path), "rb")  # noqa: PTH123, SIM115 -- closed below
    except (OSError, ValueError) as error:
        raise unreadable(path, error) from None
    with file:
        for line in _lines_of(file, max_line, reader):
            entity = reader.read(line)
            if entity is None:
                continue
            if not reader.problems:  # else the whole is not checked, as in a document
                checks.add(reader.count, entity)
            yield entity
    reader.finish()
    problems = checks.finish()
    if problems:
        raise LoadError(_capped(problems))


def _lines_of(file: Any, max_line: int, reader: _Reader) -> Iterable[bytes]:  # noqa: ANN401
    """The lines of an open file, each read whole only if at most ``max_line`` bytes long.

    A longer line is reported and skipped in chunks, so memory stays bounded.
    """
    path = file.name
    try:
        while line := file.readline(max_line + 1):
            if len(line) <= max_line or line.endswith(b"\n"):
                yield line
                continue
            while (rest := file.readline(_SKIP)) and not rest.endswith(b"\n"):
                pass
            reader.count += 1
            msg = f"the line is longer than {max_line:,} bytes, the most read (see max_line)"
            reader.add("$", "too-large", msg)
    except OSError as error:
        raise unreadable(path, error) from None
