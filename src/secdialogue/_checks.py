"""Checks shared by the model's validators: ids, text, codes.

Each check raises :class:`~secdialogue.exceptions.ValidationError` with the
field as path, the bad value shown short, and what to write instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from secdialogue.exceptions import Problem, ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

MAX_ID_LENGTH: Final = 64
"""The longest id accepted, in characters."""

MAX_TEXT_LENGTH: Final = 100_000
"""The longest free text (a statement, a summary) accepted, in characters."""

_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_ISO2 = re.compile(r"[A-Z]{2}")
_ISO3 = re.compile(r"[A-Z]{3}")
_QID = re.compile(r"Q[1-9][0-9]*")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")


def excerpt(value: object, limit: int = 40) -> str:
    """Show ``value`` as its ``repr``, cut to about ``limit`` characters."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def suggest(unknown: str, known: Iterable[str]) -> str:
    """A did-you-mean hint naming the known id closest to ``unknown``, or ``""``."""
    import difflib  # noqa: PLC0415 -- only needed on the error path

    close = difflib.get_close_matches(unknown, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def fail(field: str, code: str, message: str) -> ValidationError:
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
        dupes = sorted({str(i) for i in items if items.count(i) > 1})
        msg = f"{field} lists {', '.join(dupes)} more than once"
        raise fail(field=field, code="duplicate", message=msg)


def check_text(field: str, value: object, *, limit: int = MAX_TEXT_LENGTH) -> None:
    """Refuse ``value`` unless it is a non-blank string without outer spaces."""
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
    if not value.isascii():
        try:
            value.encode()
        except UnicodeEncodeError as error:
            lone = value[error.start]
            msg = (
                f"{field} holds a lone surrogate ({excerpt(lone)}) at {error.start},"
                " which is not Unicode text: decode the source with errors='replace'"
            )
            raise fail(field=field, code="invalid-unicode", message=msg) from None


def check_texts(field: str, value: object) -> None:
    """Refuse ``value`` unless it is a tuple of distinct texts."""
    check_type(field, value, tuple, "a tuple of strings")
    assert isinstance(value, tuple)  # noqa: S101 -- narrowed by check_type
    items: tuple[object, ...] = value
    for index, item in enumerate(items):
        check_text(f"{field}[{index}]", item, limit=1000)
    if len(items) > 1 and len(set(items)) != len(items):
        msg = f"{field} lists the same text more than once"
        raise fail(field=field, code="duplicate", message=msg)


def check_pattern(field: str, value: object, pattern: re.Pattern[str], expected: str) -> None:
    """Refuse ``value`` unless it is a string that matches ``pattern`` whole."""
    check_type(field, value, str, "a string")
    assert isinstance(value, str)  # noqa: S101 -- narrowed by check_type
    if pattern.fullmatch(value) is None:
        msg = f"{field} {excerpt(value)} is not {expected}"
        raise fail(field=field, code="invalid-format", message=msg)


def optional(check: Callable[[str, Any], None]) -> Callable[[str, Any], None]:
    """Let a check pass ``None`` through."""

    def check_optional(field: str, value: object) -> None:
        if value is not None:
            check(field, value)

    return check_optional


def validator(check: Callable[[str, Any], None]) -> Callable[[Any, Any, Any], None]:
    """Turn a ``check(field, value)`` into an attrs validator."""

    def run(_instance: object, attribute: Any, value: object) -> None:  # noqa: ANN401
        check(attribute.alias, value)

    return run


def check_country2(field: str, value: object) -> None:
    """Refuse anything but an ISO 3166-1 alpha-2 shape, such as ``CH``."""
    check_pattern(field, value, _ISO2, "an ISO 3166-1 alpha-2 code such as 'CH'")


def check_country3(field: str, value: object) -> None:
    """Refuse anything but an ISO 3166-1 alpha-3 shape, such as ``RUS``."""
    check_pattern(field, value, _ISO3, "an ISO 3166-1 alpha-3 code such as 'RUS'")


def check_qid(field: str, value: object) -> None:
    """Refuse anything but a Wikidata item id, such as ``Q159``."""
    check_pattern(field, value, _QID, "a Wikidata item id such as 'Q159' (Q, then digits)")


def check_url(field: str, value: object) -> None:
    """Refuse anything but an absolute http(s) URL."""
    check_pattern(field, value, _URL, "an absolute http:// or https:// URL")
