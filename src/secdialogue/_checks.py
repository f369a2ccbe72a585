"""Checks and field rules shared by the model's validators: ids, text, codes.

Each check raises :class:`~secdialogue.exceptions.ValidationError` with the
field as path, the bad value shown short, and what to write instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import attrs

from secdialogue.exceptions import Code, Problem, ValidationError

if TYPE_CHECKING:
    from collections.abc import Iterable

MAX_ID_LENGTH: Final = 64
"""The longest id accepted, in characters."""

MAX_TEXT_LENGTH: Final = 100_000
"""The longest free text (a statement, a summary) accepted, in characters."""

_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
SURROGATE: Final = re.compile("[\ud800-\udfff]")
"""A lone surrogate in a str: not Unicode text."""


SHOWN_LENGTH: Final = 40
"""The longest a value from data is shown in a message, in characters."""


def shorten(text: str, limit: int = SHOWN_LENGTH) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" if cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt(value: object, limit: int = SHOWN_LENGTH) -> str:
    """Show ``value`` as its ``repr``, cut to about ``limit`` characters.

    A long string is cut before its ``repr`` is made, so showing a value of
    any size costs little.
    """
    if isinstance(value, str) and len(value) > limit:
        value = value[:limit]
    return shorten(repr(value), limit)


def suggest(unknown: str, known: Iterable[str]) -> str:
    """A did-you-mean hint naming the known id closest to ``unknown``, or ``""``."""
    import difflib  # noqa: PLC0415 -- only needed on the error path

    close = difflib.get_close_matches(unknown, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def fail(field: str, code: Code, message: str) -> ValidationError:
    """Build the error for one bad field (the caller raises it)."""
    return ValidationError([Problem(path=f"$.{field}", code=code, message=message)])


def check_type(field: str, value: object, kind: type, expected: str) -> None:
    """Refuse ``value`` unless it is an instance of ``kind``."""
    if not isinstance(value, kind):
        msg = f"{field} must be {expected}, not {type(value).__name__} {excerpt(value)}"
        raise fail(field=field, code="wrong-type", message=msg)


def check_id(field: str, value: object) -> None:
    """Refuse ``value`` unless it is a valid id."""
    check_type(field, value, str, "an id (a string)")
    assert isinstance(value, str)  # noqa: S101 -- narrowed by check_type
    if len(value) > MAX_ID_LENGTH or _ID.fullmatch(value) is None:
        msg = (
            f"{field} {excerpt(value)} is not a valid id: use 1 to {MAX_ID_LENGTH} characters"
            " from a-z, 0-9, '.', '_' and '-', starting with a letter or digit,"
            " for example 'sergey-ryabkov'"
        )
        raise fail(field=field, code="invalid-id", message=msg)


def _is_id(value: object) -> bool:
    return type(value) is str and len(value) <= MAX_ID_LENGTH and _ID.fullmatch(value) is not None


def check_ids(field: str, value: object) -> None:
    """Refuse ``value`` unless it is a tuple of distinct valid ids."""
    check_type(field, value, tuple, "a tuple of ids")
    assert isinstance(value, tuple)  # noqa: S101 -- narrowed by check_type
    items: tuple[object, ...] = value
    for index, item in enumerate(items):
        if not _is_id(item):  # the path is built only for the error
            check_id(f"{field}[{index}]", item)
    if len(items) > 1 and len(set(items)) != len(items):
        msg = f"{field} lists {listing(sorted(repeated(items)))} more than once"
        raise fail(field=field, code="duplicate", message=msg)


MAX_LISTED: Final = 5
"""At most this many values are named in one message; the rest are counted."""


def repeated(items: Iterable[object]) -> list[str]:
    """The distinct values that occur more than once in ``items``, in order, in one pass."""
    seen: set[object] = set()
    found: dict[object, None] = {}
    for item in items:
        if item in seen:
            found[item] = None
        else:
            seen.add(item)
    return [str(item) for item in found]


def listing(values: list[str], limit: int = MAX_LISTED) -> str:
    """Name the first ``limit`` values (each shortened) and count the rest."""
    shown = ", ".join(shorten(value) for value in values[:limit])
    rest = len(values) - limit
    return f"{shown} and {rest:,} others" if rest > 0 else shown


def text_fits(value: str, limit: int) -> bool:
    """Whether a str is free text as :class:`IsText` has it, but for lone surrogates.

    Not empty, no white space at either end, at most ``limit`` characters.
    The fast reader checks text with this alone: what it reads cannot hold a
    lone surrogate.
    """
    return 0 < len(value) <= limit and not value[0].isspace() and not value[-1].isspace()


def check_text(field: str, value: object, *, limit: int = MAX_TEXT_LENGTH) -> None:
    """Refuse ``value`` unless it is a non-blank string without outer spaces."""
    if (
        type(value) is str
        and text_fits(value, limit)
        and (value.isascii() or SURROGATE.search(value) is None)
    ):
        return  # the common case, checked at once
    check_type(field, value, str, "a string")
    assert isinstance(value, str)  # noqa: S101 -- narrowed by check_type
    if not value.strip():
        msg = f"{field} must not be empty or blank"
        raise fail(field=field, code="blank", message=msg)
    if value != value.strip():
        msg = f"{field} {excerpt(value)} has leading or trailing white space: strip it"
        raise fail(field=field, code="untrimmed", message=msg)
    if len(value) > limit:
        msg = f"{field} is {len(value)} characters long; at most {limit} are accepted"
        raise fail(field=field, code="too-long", message=msg)
    # What is left, the quick check above refused for: a lone surrogate.
    at = SURROGATE.search(value).start()  # type: ignore[union-attr]
    msg = (
        f"{field} holds a lone surrogate ({excerpt(value[at])}) at {at},"
        " which is not Unicode text: decode the source with errors='replace'"
    )
    raise fail(field=field, code="invalid-unicode", message=msg)


def check_pattern(field: str, value: object, pattern: re.Pattern[str], expected: str) -> None:
    """Refuse ``value`` unless it is a string that matches ``pattern`` whole."""
    check_type(field, value, str, "a string")
    assert isinstance(value, str)  # noqa: S101 -- narrowed by check_type
    if pattern.fullmatch(value) is None:
        msg = f"{field} {excerpt(value)} is not {expected}"
        raise fail(field=field, code="invalid-format", message=msg)


# -- field rules ---------------------------------------------------------------------
#
# A rule is an attrs validator that carries its data, as attrs' own validators
# do (``matches_re`` keeps ``.pattern``). The model declares each field's rule
# once; the file format reads the same objects to decide how a field is read
# and written, and the JSON Schema and the docs' field table are derived from
# them, so no pattern or limit is written twice.


@attrs.frozen
class Rule:
    """The base of field rules: call it as an attrs validator, or :meth:`check` a value."""

    def check(self, field: str, value: object) -> None:
        """Refuse ``value`` for ``field`` with a ValidationError."""
        raise NotImplementedError

    def __call__(self, _instance: object, attribute: Any, value: Any) -> None:  # noqa: ANN401
        self.check(attribute.alias, value)


@attrs.frozen
class IsId(Rule):
    """An id: 1 to :data:`MAX_ID_LENGTH` characters of ``[a-z0-9._-]``, starting alphanumeric."""

    pattern: re.Pattern[str] = _ID
    max_length: int = MAX_ID_LENGTH

    def check(self, field: str, value: object) -> None:
        check_id(field, value)


@attrs.frozen
class IsText(Rule):
    """Free text: not blank, no white space at either end, at most ``max_length`` characters."""

    max_length: int = MAX_TEXT_LENGTH

    def check(self, field: str, value: object) -> None:
        check_text(field, value, limit=self.max_length)


@attrs.frozen
class Matches(Rule):
    """A string of a fixed shape, such as an ISO country code: ``pattern`` matches it whole."""

    pattern: re.Pattern[str]
    expected: str

    def check(self, field: str, value: object) -> None:
        check_pattern(field, value, self.pattern, self.expected)


@attrs.frozen
class InRange(Rule):
    """An integer (not a bool) from ``minimum`` to ``maximum``, both included."""

    minimum: int
    maximum: int
    code: Code

    def check(self, field: str, value: object) -> None:
        if type(value) is not int or not self.minimum <= value <= self.maximum:
            msg = (
                f"{field} must be an int from {self.minimum} to {self.maximum},"
                f" not {excerpt(value)}"
            )
            raise fail(field=field, code=self.code, message=msg)


@attrs.frozen
class IsInstance(Rule):
    """A value of the class ``cls`` (a model value, a When, an enum member)."""

    cls: type[Any]
    expected: str

    def check(self, field: str, value: object) -> None:
        check_type(field, value, self.cls, self.expected)


@attrs.frozen
class Maybe(Rule):
    """``None``, or what ``rule`` accepts."""

    rule: Rule

    def check(self, field: str, value: object) -> None:
        if value is not None:
            self.rule.check(field, value)


@attrs.frozen
class Each(Rule):
    """A tuple whose items ``item`` accepts, distinct, at least ``min_items`` of them.

    Args:
        item: The rule of each item.
        expected: What the tuple is, for messages: ``"a tuple of ids"``.
        min_items: The fewest items accepted.
        empty: The message when there are fewer than ``min_items``.
        duplicate: The message when an item repeats (``{field}`` is replaced);
            ``None`` lets items repeat.
        max_items: The most items accepted; ``None`` for no limit.
    """

    item: Rule
    expected: str
    min_items: int = 0
    empty: str = ""
    duplicate: str | None = "{field} lists the same item more than once"
    max_items: int | None = None

    def check(self, field: str, value: object) -> None:
        check_type(field, value, tuple, self.expected)
        assert isinstance(value, tuple)  # noqa: S101 -- narrowed by check_type
        items: tuple[object, ...] = value
        if self.max_items is not None and len(items) > self.max_items:
            msg = f"{field} holds {len(items):,} items; at most {self.max_items:,} are accepted"
            raise fail(field=field, code="too-many-items", message=msg)
        if isinstance(self.item, IsId):
            check_ids(field, items)
        else:
            for index, item in enumerate(items):
                self.item.check(f"{field}[{index}]", item)
            if self.duplicate is not None and len(items) > 1 and len(set(items)) != len(items):
                raise fail(
                    field=field, code="duplicate", message=self.duplicate.format(field=field)
                )
        if len(items) < self.min_items:
            raise fail(field=field, code="empty", message=self.empty)
