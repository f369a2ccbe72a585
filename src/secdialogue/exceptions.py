"""The errors secdialogue raises.

Every error is a :class:`SecDialogueError`. Each one also inherits the builtin
exception that fits it, so an existing ``except ValueError:`` or
``except KeyError:`` keeps working.

An error carries structured :class:`Problem` records, not only text: where the
problem is (a JSON-style path such as ``$.statements[3].speaker``), a stable
code that programs can branch on (one of :data:`~secdialogue.exceptions.Code`),
and a message for people.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import attrs

from secdialogue._escape import UNSAFE, escape, escape_one

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "CODES",
    "MAX_LISTED_PROBLEMS",
    "MAX_MESSAGE_LENGTH",
    "MAX_PATH_LENGTH",
    "Code",
    "IntegrityError",
    "LoadError",
    "NotFoundError",
    "Problem",
    "SecDialogueError",
    "ValidationError",
]

# -- codes ---------------------------------------------------------------------------
# To add a code: one line in Code and its description in CODES, both sorted. mypy
# rejects a description of a code Code lacks; the tests reject a code CODES does not
# describe; the docs table is generated from CODES.

Code: TypeAlias = Literal[
    "affiliation-cycle",
    "ambiguous-principal",
    "ambiguous-time",
    "blank",
    "bom",
    "branching-membership",
    "conflict",
    "duplicate",
    "duplicate-id",
    "duplicate-key",
    "empty",
    "empty-period",
    "end-before-start",
    "invalid-choice",
    "invalid-date",
    "invalid-fold",
    "invalid-format",
    "invalid-id",
    "invalid-json",
    "invalid-ordinal",
    "invalid-precision",
    "invalid-round",
    "invalid-time",
    "invalid-unicode",
    "invalid-utf8",
    "invalid-zone",
    "many-results",
    "merge-conflict",
    "missing-field",
    "missing-key",
    "naive-time",
    "nested-span",
    "no-result",
    "no-zone-name",
    "non-finite-number",
    "nonexistent-time",
    "not-a-dossier",
    "not-applicable",
    "not-found",
    "number-too-large",
    "offset-mismatch",
    "package-cycle",
    "precision-mismatch",
    "redundant",
    "reschedule-cycle",
    "self-addressed",
    "self-reference",
    "sub-second",
    "too-deep",
    "too-large",
    "too-long",
    "too-many-items",
    "too-many-problems",
    "unknown-key",
    "unknown-reference",
    "unreadable",
    "unsupported-version",
    "untrimmed",
    "wrong-kind",
    "wrong-type",
    "zone-mismatch",
]
"""Every kind of problem secdialogue reports, a closed set to branch on.

A code keeps its meaning forever; a later release may add codes.
:data:`~secdialogue.exceptions.CODES` says what each one means.

.. versionadded:: 0.1.0
"""

CODES: Final[Mapping[Code, str]] = MappingProxyType(
    {
        "affiliation-cycle": (
            "a chain of memberships leads back to where it started: an actor would be a"
            " member of itself"
        ),
        "ambiguous-principal": (
            "a statement that takes a stance (or a demand) names an actor who, at its time,"
            " belongs to several top-level actors: say whom it speaks for in `on_behalf_of`"
        ),
        "ambiguous-time": (
            "a clock time that occurs twice in its zone, written without a UTC offset to say which"
        ),
        "blank": "a text that is empty or only white space",
        "bom": "the input starts with a byte-order mark; save it as UTF-8 without one",
        "branching-membership": (
            "an actor that others are members of holds more than one membership; it may hold"
            " one, so that the actors above a member form one line"
        ),
        "conflict": (
            "two things that exclude each other: in a time, a part of the day and a clock"
            " time, a qualifier and a part of the day or clock time, or an open side and an"
            " end; an actor who is two of a meeting's party, mediator and observer"
        ),
        "duplicate": (
            "a list repeats an item: an id in `participants`, an alias (or the name as an"
            " alias), a citation, a membership, two stances of one statement on the same"
            " demand"
        ),
        "duplicate-id": "two entities share an id; ids are unique across all kinds",
        "duplicate-key": "a JSON object repeats a key",
        "empty": (
            "a list that needs at least one item is empty: a meeting's participants, a"
            " demand's addressees; also a query filter given nothing to filter by"
        ),
        "empty-period": (
            "the end of a period given to `between` or `Dossier.changes` does not come after"
            " its start"
        ),
        "end-before-start": (
            "the end of a span does not finish after its start, or begins before it"
        ),
        "invalid-choice": (
            "a string that is not one of the values of an enumeration (a kind, a format, a"
            " position, ...)"
        ),
        "invalid-date": (
            "a year outside 1000 to 9998, a month outside 1 to 12, or a day that the month"
            " does not have"
        ),
        "invalid-fold": "`fold` is not 0 or 1, or is 1 where the time does not occur twice",
        "invalid-format": (
            "a code of the wrong shape: a country (`CH`), an ISO 3166-1 alpha-3 code (`RUS`),"
            " a Wikidata id (`Q159`), a URL (`https://...`)"
        ),
        "invalid-id": (
            "an id that is not 1 to 64 characters from `a-z`, `0-9`, `.`, `_` and `-`,"
            " starting with a letter or digit"
        ),
        "invalid-json": "the text is not JSON; the message gives the line and column",
        "invalid-ordinal": (
            "the `ordinal`s of the rows of one tuple in a link table are not 0, 1, 2, ...:"
            " a row is repeated or missing"
        ),
        "invalid-precision": (
            "`When.from_datetime` asked for a precision other than minute or second"
        ),
        "invalid-round": "a meeting's round is not an integer from 1",
        "invalid-time": (
            "a time string that does not follow the grammar (for example a clock time without"
            " a zone in brackets, or `../..`), or an hour, minute or second out of range"
        ),
        "invalid-unicode": (
            "a string (or key) holds a lone surrogate, such as the escape `\\ud800`; also"
            " raised by `dump` for a value holding one"
        ),
        "invalid-utf8": "the bytes are not valid UTF-8",
        "invalid-zone": (
            "a zone name not in the IANA time-zone database, such as `Europe/Geneva` (Geneva"
            " keeps the time of `Europe/Zurich`), an abbreviation (`MSK`) or an offset"
        ),
        "many-results": "`Query.one()` found more than one result",
        "merge-conflict": (
            "`Dossier.merge` found one id with different content in the two dossiers"
        ),
        "missing-field": (
            "a time lacks a coarser field: a day without a month, a part of the day or a"
            " clock time without a day, minutes without an hour, an hour without minutes;"
            " or a clock time lacks its zone"
        ),
        "missing-key": "a JSON object lacks a required key",
        "naive-time": "a datetime without a zone (a naive datetime)",
        "nested-span": "the end of a span is a span itself",
        "no-result": "`Query.one()` found nothing",
        "no-zone-name": "a datetime with a fixed offset but no IANA zone name",
        "non-finite-number": "`NaN`, `Infinity` or `-Infinity`, which JSON does not have",
        "nonexistent-time": (
            "a clock time that the clocks skip in its zone (a daylight-saving gap); the"
            " message gives the time after the jump"
        ),
        "not-a-dossier": 'the `"format"` key is not `"secdialogue"`',
        "not-applicable": (
            "a field that does not apply to this kind of actor: memberships for a state or"
            " organization, an ISO 3166-1 alpha-3 code for anything but a state;"
            " `rescheduled_as` for a meeting neither postponed nor cancelled; signatories"
            " of a declared result"
        ),
        "not-found": (
            "no entity (of that kind) has the id looked up, or an actor took no stance; the"
            " code of every `NotFoundError`"
        ),
        "number-too-large": "an integer literal of more than 20 digits; it is refused unparsed",
        "offset-mismatch": "a UTC offset that does not match the zone at that time",
        "package-cycle": "demands that are parts of each other: a package cannot contain itself",
        "precision-mismatch": "a datetime with seconds given for minute precision",
        "redundant": "a statement's `on_behalf_of` repeats its speakers; leave it out",
        "reschedule-cycle": (
            "a chain of meetings rescheduled as one another leads back to where it started,"
            " or a meeting is rescheduled as itself"
        ),
        "self-addressed": "a demand is addressed to the actor who makes it",
        "self-reference": "a demand linked to itself",
        "sub-second": "a datetime with a fraction of a second; times are kept to the second",
        "too-deep": "the JSON nests too deeply to read (about 1,000 levels; a valid file nests 5)",
        "too-large": (
            "the input is longer than `max_size` (bytes for bytes and files, characters for `str`)"
        ),
        "too-long": (
            "a text over its limit: 100,000 characters for free text, 1,000 for an alias, 64"
            " for a zone name, 200 for a time string"
        ),
        "too-many-items": "a list over its limit: at most 100 memberships for one actor",
        "too-many-problems": (
            "more than 100 problems were found and the rest are not listed; always the last"
            " problem"
        ),
        "unknown-key": (
            "a JSON object has a key the format does not define; the message suggests the"
            " closest known key"
        ),
        "unknown-reference": (
            "a reference to an id that no entity of the expected kind has; the message"
            " suggests a close id"
        ),
        "unreadable": (
            "`load` could not read the file (missing, a directory, no permission); the"
            " message gives the reason"
        ),
        "unsupported-version": (
            'the `"version"` is not one this release reads: newer (upgrade secdialogue) or'
            " not a known version"
        ),
        "untrimmed": "a text with leading or trailing white space",
        "wrong-kind": (
            "a reference to an entity of the wrong kind: a speaker that is a meeting, a"
            " delegation head who is not a person"
        ),
        "wrong-type": (
            "a value of the wrong type: a number for a string, `null` in a file, a list for a"
            " `Place`, a query argument of the wrong type, a non-entity in a `Dossier`"
        ),
        "zone-mismatch": (
            "the end of a span is in another zone than its start, or has a zone the start"
            " has not (or the other way round)"
        ),
    }
)
"""What each :data:`~secdialogue.exceptions.Code` means, in one line for people, read-only.

Text in backquotes names something in code or in a file: `max_size`.

.. versionadded:: 0.1.0
"""

# -- bounds ----------------------------------------------------------------------------

MAX_PATH_LENGTH: Final[int] = 200
"""The most characters in the path of a :class:`~secdialogue.Problem`, after escaping.

A longer path keeps its start, "…", and its last 60 characters: the start says
in which part of the value, the end which field.

.. versionadded:: 0.1.0
"""

MAX_MESSAGE_LENGTH: Final[int] = 1000
"""The most characters in the message of a :class:`~secdialogue.Problem`, escaped.

A longer message keeps its start and ends with "…".

.. versionadded:: 0.1.0
"""

MAX_LISTED_PROBLEMS: Final[int] = 20
"""The most problems ``str(error)`` lists; it counts the rest.

:attr:`~secdialogue.SecDialogueError.problems` keeps them all.

.. versionadded:: 0.1.0
"""

_PATH_END: Final = 60
"""How many characters of its end a cut path keeps."""

_CUT: Final = "…"


def _fitting(text: str, width: int) -> int:
    """How many characters from the start of ``text`` fit in ``width`` once escaped."""
    # One pass over the characters to escape; escaped lengths add up, so for a
    # reversed text this measures an end.
    grown = 0  # how many characters the escapes so far have added
    for match in UNSAFE.finditer(text):
        at = match.start()
        if at + grown >= width:  # the characters before this one fill the room
            break
        size = len(escape_one(match))
        if at + grown + size > width:
            return at
        grown += size - 1
    return min(len(text), width - grown)


def _bounded(text: str, limit: int, end: int) -> str:
    """``text`` escaped and cut to ``limit`` characters, keeping up to ``end`` of its end."""
    if len(text) <= limit:
        escaped = escape(text)
        if len(escaped) <= limit:
            return escaped
    # Escaping never shortens a character, so a cut text shows no more than
    # `limit` characters of its start and `end` of its end: look at no others.
    # Head and tail cannot overlap: together they escape to less than the text.
    last = text[len(text) - end :] if end else ""
    tail = escape(last[len(last) - _fitting(last[::-1], end) :])
    first = text[:limit]
    head = escape(first[: _fitting(first, limit - len(_CUT) - len(tail))])
    return f"{head}{_CUT}{tail}"


def _bounded_path(path: str) -> str:
    return _bounded(path, MAX_PATH_LENGTH, _PATH_END)


def _bounded_message(message: str) -> str:
    return _bounded(message, MAX_MESSAGE_LENGTH, 0)


def _check_code(_problem: Problem, _attribute: attrs.Attribute[Code], code: Code) -> None:
    if code not in CODES:
        msg = (
            f"{_bounded(repr(code), 80, 0)} is not a problem code:"
            " add it to secdialogue.exceptions.Code and CODES"
        )
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Problem:
    r"""One thing that is wrong with a value, and where.

    A Problem is a record, not an exception: errors carry one or more of them.

    Its path and message are safe to print as they are, whatever data they
    quote:

    - Every control character (Unicode category Cc: C0, DEL and C1, line
      breaks and tabs included), bidirectional control (U+061C, U+200E,
      U+200F, U+202A to U+202E, U+2066 to U+2069), line or paragraph
      separator (U+2028, U+2029) and lone surrogate becomes the escape
      ``repr()`` writes for it: ``\n``, ``\x1b``, ``\u202e``, ``\udc80``.
      So a problem prints as one line, cannot move the cursor, colour the
      terminal or reorder text, and always encodes as UTF-8.
    - Backslashes stay as they are, so the escape ``\n`` looks like a
      backslash and an ``n`` in the data: escaping makes a problem safe to
      show, not reversible. Messages quote values with ``repr()`` where the
      difference matters.
    - The escaped path is cut to
      :data:`~secdialogue.exceptions.MAX_PATH_LENGTH` characters, keeping
      its start and its end around "…"; the escaped message to
      :data:`~secdialogue.exceptions.MAX_MESSAGE_LENGTH`, keeping its start
      before "…". A cut never splits an escape.

    Args:
        path: Where the problem is, as a JSON path from the value that was
            checked, for example ``$.statements[3].speaker``.
        code: The kind of problem, such as ``unknown-reference`` or
            ``invalid-zone``: one of :data:`~secdialogue.exceptions.Code`.
        message: What is wrong and what to do instead, for people.

    Raises:
        ValueError: If ``code`` is not one of
            :data:`~secdialogue.exceptions.Code`.

    .. versionadded:: 0.1.0
    """

    path: str = attrs.field(converter=_bounded_path)
    code: Code = attrs.field(validator=_check_code)
    message: str = attrs.field(converter=_bounded_message)

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.code}]"


class SecDialogueError(Exception):
    """The base of every error secdialogue raises.

    ``str(error)`` is the problem if there is one; otherwise it counts them
    and lists the first :data:`~secdialogue.exceptions.MAX_LISTED_PROBLEMS`, one a line.

    Args:
        problems: What is wrong, at least one.

    .. versionadded:: 0.1.0
    """

    problems: tuple[Problem, ...]
    """Every problem found, in the order they were found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        """Keep the problems; the message lists the first of them."""
        self.problems = tuple(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems):,} problems:"]
        lines.extend(f"  {p}" for p in self.problems[:MAX_LISTED_PROBLEMS])
        rest = len(self.problems) - MAX_LISTED_PROBLEMS
        if rest > 0:
            lines.append(f"  ... and {rest:,} more problem{'' if rest == 1 else 's'}")
        return "\n".join(lines)

    def __str__(self) -> str:
        # KeyError would show repr() of its argument; keep plain text for all.
        return self._summary()

    def __reduce__(self) -> tuple[object, ...]:
        # Unpickle through __init__ with the problems, not with the summary text.
        return (type(self), (self.problems,), self.__dict__)


class ValidationError(SecDialogueError, ValueError):
    """A value breaks one of the model's rules.

    Raised by the constructors of the model classes (for example an unknown
    time zone name, or a naive datetime), with the offending field as path.

    .. versionadded:: 0.1.0
    """


class IntegrityError(ValidationError):
    """The entities of a dossier do not fit together.

    Duplicate ids, references to ids that do not exist or name the wrong kind
    of entity, membership cycles, and statements whose speaker belongs to
    several top-level actors without saying for whom they speak. All problems
    are collected before this is raised.

    .. versionadded:: 0.1.0
    """


class LoadError(ValidationError):
    """Data could not be read into secdialogue values.

    Raised by :func:`secdialogue.loads` and :func:`secdialogue.load` for every
    kind of bad input: malformed JSON, wrong types, unknown keys, bad times,
    integrity problems, input over the size limits. It carries all problems
    found, up to a cap.

    .. versionadded:: 0.1.0
    """


class NotFoundError(SecDialogueError, KeyError):
    """No entity has the id that was looked up.

    .. versionadded:: 0.1.0
    """
