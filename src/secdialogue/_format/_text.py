"""JSON text and the limits on it, and the checks of the readers' arguments.

Everything here is linear in the size of the input: the size is checked
before anything is decoded, duplicate keys are found with one dict per
object, integers are refused unparsed past :data:`MAX_INT_DIGITS` digits, and
a file is read in chunks, never by asking for ``max_size`` bytes at once.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, Final, cast

from secdialogue._checks import SURROGATE, excerpt
from secdialogue.exceptions import Code, LoadError, Problem

__all__ = [
    "DEFAULT_MAX_LINE",
    "DEFAULT_MAX_SIZE",
    "MAX_INT_DIGITS",
    "Bad",
    "DuplicateKeys",
    "Unicode",
    "check_max_size",
    "check_path",
    "failure",
    "parse",
    "read_file",
    "text_of",
    "unreadable",
]

DEFAULT_MAX_LINE: Final = 16 * 1024 * 1024
"""The default longest line :func:`~secdialogue.iter_lines` reads: 16 MiB."""

DEFAULT_MAX_SIZE: Final = 256 * 1024 * 1024
"""The default input-size cap of :func:`~secdialogue.loads` and ``load``: 256 MiB."""

MAX_INT_DIGITS: Final = 20
"""The longest integer literal accepted, in digits; longer ones are refused unparsed."""

_CHUNK: Final = 1 << 20

_ESCAPED_SURROGATE: Final = re.compile(r"\\u[dD][89a-fA-F]")


class Bad:
    """A JSON value the parser refused to make a Python value of (a huge or non-finite number)."""

    __slots__ = ("code", "what")

    def __init__(self, code: Code, what: str) -> None:
        self.code: Code = code
        self.what = what


class DuplicateKeys(dict[str, Any]):
    """A JSON object that repeats a key; never a valid value.

    ``duplicates`` lists each repeated key once, in order of first repetition.
    """

    duplicates: list[str]


class Unicode:
    """Parsed JSON whose text escapes a surrogate (U+D800 to U+DFFF).

    Its strings may hold lone surrogates, which the reader looks for first.
    """

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def failure(message: str, code: Code) -> LoadError:
    """A LoadError of one problem about the whole input."""
    return LoadError([Problem(path="$", code=code, message=message)])


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    duplicate = DuplicateKeys(obj)
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for key, _ in pairs:
        if key in seen:
            repeated[key] = None
        seen.add(key)
    duplicate.duplicates = list(repeated)
    return duplicate


def _parse_int(text: str) -> int | Bad:
    digits = len(text) - text.startswith("-")
    if digits > MAX_INT_DIGITS:
        what = f"a number of {digits} digits (at most {MAX_INT_DIGITS} are read)"
        return Bad("number-too-large", what)
    return int(text)


def _parse_constant(name: str) -> Bad:
    return Bad("non-finite-number", f"{name} is not a JSON number")


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_object_pairs, parse_int=_parse_int, parse_constant=_parse_constant
)


def check_max_size(max_size: object, name: str = "max_size") -> int:
    """``max_size`` if it is a whole number of bytes, else a TypeError or ValueError.

    Args:
        max_size: The argument.
        name: The argument's name, for messages.

    Raises:
        TypeError: If ``max_size`` is not an int (a bool is not one).
        ValueError: If it is negative.
    """
    if type(max_size) is not int:
        msg = f"{name} must be an int (a number of bytes), not {excerpt(max_size)}"
        raise TypeError(msg)
    if max_size < 0:
        msg = f"{name} must be 0 or more bytes, not {max_size}"
        raise ValueError(msg)
    return max_size


def text_of(data: object, max_size: int) -> str | bytes:
    """The JSON text of ``data``, checked for type, size and byte-order mark.

    Bytes are returned as they are (their UTF-8 is checked as they are
    parsed); a str is returned when it holds no lone surrogate.

    Raises:
        LoadError: If the input is too large, starts with a byte-order mark,
            holds a lone surrogate, or is neither str nor bytes.
    """
    if isinstance(data, bytes | bytearray):
        unit, bom = "bytes", data.startswith(b"\xef\xbb\xbf")
    elif isinstance(data, str):
        unit, bom = "characters", data.startswith("\ufeff")
    else:
        msg = f"expected JSON text as str or bytes, not {type(data).__name__}"
        raise failure(msg, "wrong-type")
    if len(data) > max_size:
        msg = f"the input is {len(data):,} {unit}; at most {max_size:,} are read (see max_size)"
        raise failure(msg, "too-large")
    if bom:
        msg = "the input starts with a byte-order mark (U+FEFF): save it without one"
        raise failure(msg, "bom")
    if isinstance(data, bytearray):
        return bytes(data)
    if isinstance(data, str) and not data.isascii():
        match = SURROGATE.search(data)
        if match is not None:
            msg = f"character {match.start():,} is a lone surrogate, which is not text"
            raise failure(msg, "invalid-unicode")
    return data


def parse(text: str | bytes, *, line: bool = False) -> object:
    """The JSON value of ``text`` (from :func:`text_of`), strictly.

    For one ``line`` of JSON Lines, a syntax error is placed by its column alone.

    Duplicate keys give a :class:`DuplicateKeys` object, numbers that are too
    large or not finite a :class:`Bad` value, and text that escapes surrogates
    a :class:`Unicode` wrapper: the reader reports each lone one where it is.

    Raises:
        LoadError: If the text is not UTF-8 or not JSON, or nests too deeply
            to read.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            msg = f"the input is not UTF-8: byte {error.start:,} is invalid ({error.reason})"
            raise failure(msg, "invalid-utf8") from None
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        where = "" if line else f"line {error.lineno:,}, "
        msg = f"not valid JSON at {where}column {error.colno:,}: {error.msg}"
        raise failure(msg, "invalid-json") from None
    except RecursionError:
        msg = "the JSON is nested too deeply to read (no dossier nests more than 5 levels)"
        raise failure(msg, "too-deep") from None
    return Unicode(value) if _ESCAPED_SURROGATE.search(text) else value


def check_path(path: object) -> str | os.PathLike[str]:
    """``path`` if it is a path (a str or path-like object), else a TypeError.

    Raises:
        TypeError: If ``path`` is not a str or path-like object.
    """
    if not isinstance(path, str | os.PathLike):
        msg = f"path must be a str or os.PathLike, not {excerpt(path)}"
        raise TypeError(msg)
    return cast("str | os.PathLike[str]", path)


def unreadable(path: str | os.PathLike[str], error: OSError | ValueError) -> LoadError:
    """The LoadError of a file that cannot be read, saying why."""
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    msg = f"cannot read {excerpt(os.fspath(path), 200)}: {reason}"
    return failure(msg, "unreadable")


def read_file(path: object, max_size: int) -> bytes:
    """The bytes of the file at ``path``, at most ``max_size`` of them.

    The file is read in chunks of 1 MiB, so a large ``max_size`` costs
    nothing until the bytes are there.

    Raises:
        TypeError: If ``path`` is not a str or path-like object.
        LoadError: If the file cannot be read (code ``unreadable``) or is
            larger than ``max_size`` (code ``too-large``).
    """
    path = check_path(path)
    chunks: list[bytes] = []
    size = 0
    try:
        with open(os.fspath(path), "rb") as file:  # noqa: PTH123 -- a plain path is all we need
            while size <= max_size:
                chunk = file.read(min(_CHUNK, max_size + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except (OSError, ValueError) as error:
        raise unreadable(path, error) from None
    if size > max_size:
        msg = f"the file is larger than {max_size:,} bytes, the most that is read (see max_size)"
        raise failure(msg, "too-large")
    return b"".join(chunks)
