"""``dumps``/``loads``, ``dump``/``load`` and ``make_converter``: the format's public face."""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypeVar, overload

import cattrs

from secdialogue._dossier import Dossier
from secdialogue._format._text import (
    DEFAULT_MAX_LINE,
    DEFAULT_MAX_SIZE,
    check_max_size,
    check_path,
    read_file,
    text_of,
)
from secdialogue._kinds import NOUNS, Entity
from secdialogue._model import (
    Actor,
    Citation,
    Demand,
    DemandLink,
    Meeting,
    Membership,
    Outcome,
    Place,
    Source,
    Stance,
    Statement,
)
from secdialogue._time import When
from secdialogue.exceptions import Problem, ValidationError

if TYPE_CHECKING:
    import enum
    import os
    from collections.abc import Callable, Iterator

__all__ = [
    "Value",
    "dump",
    "dump_lines",
    "dumps",
    "dumps_lines",
    "iter_lines",
    "load",
    "load_lines",
    "loads",
    "loads_lines",
    "make_converter",
]

Value: TypeAlias = (
    Actor
    | Meeting
    | Demand
    | Statement
    | Outcome
    | Source
    | Place
    | Citation
    | Membership
    | Stance
    | DemandLink
    | When
    | Dossier
)
"""Any value the format reads and writes."""

_T = TypeVar("_T", bound=Value)

_TYPES: Final = frozenset((*NOUNS, When, Dossier))
"""The types :func:`loads` reads and :func:`dumps` writes (their code is imported on first use)."""


def make_converter() -> cattrs.Converter:
    """A new cattrs converter configured for every secdialogue type.

    It is independent of cattrs' global converter, so configuring one never
    changes another. It holds:

    * unstructure hooks for :class:`~secdialogue.Dossier`, every entity and
      value object (:class:`~secdialogue.Place`, :class:`~secdialogue.Citation`,
      :class:`~secdialogue.Membership`, :class:`~secdialogue.Stance`) and
      :class:`~secdialogue.When`: dicts whose keys follow the class's field
      order, leaving out fields equal to their default; times as
      ``str(when)``; enums by value; tuples as lists;
    * strict structure hooks for the same types and every enum: no coercion,
      unknown keys rejected, all problems collected with JSON paths and raised
      as one :class:`~secdialogue.LoadError`.

    :func:`dumps` and :func:`loads` read and write the same way; use your own
    converter to embed secdialogue values in larger documents.

    Returns:
        A new :class:`cattrs.Converter`.

    .. versionadded:: 0.1.0
    """
    from secdialogue._format import _read  # noqa: PLC0415 -- keep the import light
    from secdialogue._format._table import ENUMS, TABLES  # noqa: PLC0415
    from secdialogue._format._write import unstructure, unstructure_dossier  # noqa: PLC0415

    converter = cattrs.Converter()
    for cls in TABLES:
        converter.register_unstructure_hook(cls, unstructure)
    converter.register_unstructure_hook(When, str)
    converter.register_unstructure_hook(Dossier, unstructure_dossier)
    for cls, root in _read.ROOTS.items():
        converter.register_structure_hook(cls, _structure_hook(root))
    for kind in ENUMS:
        converter.register_unstructure_hook(kind, _enum_value)
        converter.register_structure_hook(kind, _structure_hook(_read.choice_root(kind)))
    return converter


def _enum_value(member: enum.Enum) -> Any:  # noqa: ANN401
    return member.value


def _structure_hook(root: Callable[[Any, str, Any], Any]) -> Callable[[Any, Any], Any]:
    from secdialogue._format._read import read  # noqa: PLC0415 -- keep the import light

    def hook(obj: Any, _type: Any) -> Any:  # noqa: ANN401
        return read(root, obj)

    return hook


def dumps(value: Value) -> str:
    """Encode a value as canonical JSON text.

    The same value always gives the same text: UTF-8 characters unescaped,
    two-space indents, keys in the documented order, a final newline. A
    :class:`~secdialogue.Dossier` starts with ``"format": "secdialogue"`` and
    ``"version": 1``; any other value (an entity, a place, a time) is
    written on its own, without the marker.

    Args:
        value: A Dossier, an entity, a Place, Citation, Membership or Stance, or a
            When.

    Returns:
        The JSON text.

    Raises:
        TypeError: If ``value`` is of no such type.
        ValidationError: If ``value`` holds text that is not Unicode (a lone
            surrogate, which only a value changed past its checks can hold).

    .. versionadded:: 0.1.0
    """
    return _encode(value).decode("utf-8")


def _encode(value: object) -> bytes:
    """The canonical text of ``value`` as UTF-8 (see :func:`dumps`)."""
    from secdialogue._format._write import encode  # noqa: PLC0415 -- keep the import light

    if type(value) not in _TYPES:
        msg = (
            "dumps writes secdialogue values (a Dossier, an entity, a When),"
            f" not {type(value).__name__}"
        )
        raise TypeError(msg)
    try:
        with _collector_paused():  # the wire structs it makes are freed before it returns
            return encode(value)
    except UnicodeEncodeError as error:
        msg = f"the value holds text that is not Unicode: a lone surrogate ({error.reason})"
        raise ValidationError([Problem(path="$", code="invalid-unicode", message=msg)]) from None


def _check_type(type: object) -> None:  # noqa: A002 -- the argument's name
    try:
        readable = type in _TYPES
    except TypeError:  # unhashable
        readable = False
    if not readable:
        msg = (
            "loads reads secdialogue values: give Dossier, an entity class, Place, Citation,"
            f" Membership, Stance or When as type, not {type!r:.60}"
        )
        raise TypeError(msg)


@overload
def loads(data: str | bytes, *, max_size: int = ...) -> Dossier: ...
@overload
def loads(data: str | bytes, type: type[_T], *, max_size: int = ...) -> _T: ...
def loads(
    data: str | bytes,
    type: type[_T | Dossier] = Dossier,  # noqa: A002 -- mirrors cattrs' structure(obj, type)
    *,
    max_size: int = DEFAULT_MAX_SIZE,
) -> _T | Dossier:
    """Decode JSON text into a value of ``type``, a Dossier by default.

    The input is read strictly: see the format documentation for the rules
    and limits. Every problem found is reported, up to 100 (then a last
    ``too-many-problems``). A valid dossier is read by a fast reader; any
    other input by a reader that reports every problem, with the same
    result.

    Args:
        data: JSON text, as str or as UTF-8 bytes (without a byte-order mark).
        type: The type to read: :class:`~secdialogue.Dossier`, an entity
            class, :class:`~secdialogue.Place`, :class:`~secdialogue.Citation`,
            :class:`~secdialogue.Membership`, :class:`~secdialogue.Stance` or
            :class:`~secdialogue.When`.
        max_size: The largest input accepted, in bytes (characters for str).

    Returns:
        The value read.

    Raises:
        LoadError: For any input that is not a valid value of ``type``.
        TypeError: If ``type`` is not one of those above, or ``max_size`` is
            not an int.
        ValueError: If ``max_size`` is negative.

    .. versionadded:: 0.1.0
    """
    _check_type(type)
    max_size = check_max_size(max_size)
    return _read_text(text_of(data, max_size), type)


def _read_text(text: str | bytes, type: type[_T | Dossier]) -> _T | Dossier:  # noqa: A002
    """Read checked text (from ``text_of``) as a value of ``type``, a type ``loads`` reads."""
    with _collector_paused() as enabled:
        value = _read_value(text, type)
    # Once the objects are built, the young generations are walked once, so
    # the next allocations of the caller do not pay for what this call made.
    if enabled:
        gc.collect(1)
    return value


def _read_value(text: str | bytes, type: type[_T | Dossier]) -> _T | Dossier:  # noqa: A002
    """Read a dossier the fast way if it is valid; anything else with the reporting reader."""
    from secdialogue._format import _fast, _read  # noqa: PLC0415 -- keep the import light
    from secdialogue._format._text import parse  # noqa: PLC0415

    if type is Dossier:
        with contextlib.suppress(_fast.Fallback):
            return _fast.read_dossier(text)
    value: _T | Dossier = _read.read(_read.ROOTS[type], parse(text))
    return value


@contextlib.contextmanager
def _collector_paused() -> Iterator[bool]:
    """Pause the cyclic garbage collector, if it runs, and say whether it did.

    Reading or writing a dossier makes many objects, none in a cycle: the
    collector would walk them again and again as they pile up, and find
    nothing to free. It runs again as before when the block ends, however
    it ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield enabled
    finally:
        if enabled:
            gc.enable()


def dump(value: Value, path: str | os.PathLike[str]) -> None:
    """Write a value to ``path`` as canonical JSON, atomically.

    The text of :func:`dumps` is written, as UTF-8, so that readers of
    ``path`` see the old file or the new one, never a part, even if the
    process is killed while writing. A file that already exists keeps its
    permission bits; a new one gets the default ones (subject to the umask).
    On Linux the data goes to an unnamed file that gets a name only once it
    is complete; where that cannot be done, to a hidden
    ``.NAME.PID.HEX.tmp`` file. A writer killed before its rename may leave
    such a file; the next write of the same target removes it.

    Args:
        value: What :func:`dumps` accepts.
        path: The file to write.

    Raises:
        TypeError: If ``value`` is not a secdialogue value.
        ValidationError: If ``value`` holds text that is not Unicode.
        OSError: If the file cannot be written; ``path`` is then unchanged.

    .. versionadded:: 0.1.0
    """
    data = _encode(value)
    from secdialogue._files import write_atomically  # noqa: PLC0415 -- keep the import light

    write_atomically(path, data)


@overload
def load(path: str | os.PathLike[str], *, max_size: int = ...) -> Dossier: ...
@overload
def load(
    path: str | os.PathLike[str],
    type: type[_T],
    *,
    max_size: int = ...,
) -> _T: ...
def load(
    path: str | os.PathLike[str],
    type: type[_T | Dossier] = Dossier,  # noqa: A002 -- as in loads
    *,
    max_size: int = DEFAULT_MAX_SIZE,
) -> _T | Dossier:
    """Read a value of ``type``, a Dossier by default, from a JSON file.

    Args:
        path: The file to read.
        type: As for :func:`loads`.
        max_size: The largest file accepted, in bytes.

    Returns:
        The value read.

    Raises:
        LoadError: For a file that cannot be read (code ``unreadable``), is
            too large, or does not hold a valid value.
        TypeError: If ``path`` is not a path, or ``type`` or ``max_size``
            are not what :func:`loads` takes.
        ValueError: If ``max_size`` is negative.

    .. versionadded:: 0.1.0
    """
    _check_type(type)
    max_size = check_max_size(max_size)
    return _read_text(text_of(read_file(path, max_size), max_size), type)


# -- JSON Lines -----------------------------------------------------------------------------


def _encode_lines(dossier: object) -> bytes:
    """The JSON Lines text of a dossier as UTF-8 (see :func:`dumps_lines`)."""
    from secdialogue._format._write import encode_lines  # noqa: PLC0415 -- keep the import light

    if type(dossier) is not Dossier:
        msg = f"dumps_lines writes a Dossier, not {type(dossier).__name__}"
        raise TypeError(msg)
    try:
        with _collector_paused():
            return encode_lines(dossier)
    except UnicodeEncodeError as error:
        msg = f"the value holds text that is not Unicode: a lone surrogate ({error.reason})"
        raise ValidationError([Problem(path="$", code="invalid-unicode", message=msg)]) from None


def dumps_lines(dossier: Dossier) -> str:
    r"""Encode a dossier as JSON Lines: a header line, then one entity a line.

    The first line is ``{"format":"secdialogue","version":2}``; each other
    line holds one entity under its kind's noun, ``{"actor":{...}}``, whose
    value is the entity's canonical JSON (as :func:`dumps` writes it) on one
    line. Actors come first, then meetings, demands, statements, outcomes
    and sources, each in the dossier's order; every line ends with ``\n``.
    :func:`loads_lines` reads it back to an equal dossier, whose
    :func:`dumps` is the same text as the original's.

    Args:
        dossier: The dossier to write.

    Returns:
        The JSON Lines text.

    Raises:
        TypeError: If ``dossier`` is not a Dossier.
        ValidationError: If it holds text that is not Unicode.

    .. versionadded:: 0.2.0
    """
    return _encode_lines(dossier).decode("utf-8")


def dump_lines(dossier: Dossier, path: str | os.PathLike[str]) -> None:
    """Write a dossier to ``path`` as JSON Lines, atomically, as :func:`dump` does.

    Args:
        dossier: The dossier to write.
        path: The file to write.

    Raises:
        TypeError: If ``dossier`` is not a Dossier.
        ValidationError: If it holds text that is not Unicode.
        OSError: If the file cannot be written; ``path`` is then unchanged.

    .. versionadded:: 0.2.0
    """
    data = _encode_lines(dossier)
    from secdialogue._files import write_atomically  # noqa: PLC0415 -- keep the import light

    write_atomically(path, data)


def _read_lines(text: str | bytes) -> Dossier:
    from secdialogue._format._lines import read_lines  # noqa: PLC0415 -- keep the import light

    with _collector_paused() as enabled:
        dossier = read_lines(text)
    if enabled:
        gc.collect(1)
    return dossier


def loads_lines(data: str | bytes, *, max_size: int = DEFAULT_MAX_SIZE) -> Dossier:
    r"""Decode JSON Lines text into a Dossier.

    The lines are read as :func:`dumps_lines` writes them, with these
    freedoms: the entity lines may come in any order (each kind keeps the
    order of its lines); a header line may come again later, so two files
    joined end to end are one file, the merge of both; the last line may
    lack its ``\n``. Blank lines are refused. Each line is read as strictly
    as :func:`loads` reads a document, and every problem is reported at its
    line: ``line 7: $.statement.speakers[0]``, with the code the same
    problem has in a document.

    Args:
        data: JSON Lines text, as str or as UTF-8 bytes (without a byte-order
            mark).
        max_size: The largest input accepted, in bytes (characters for str).

    Returns:
        The dossier.

    Raises:
        LoadError: For any input that is not a valid dossier.
        TypeError: If ``max_size`` is not an int.
        ValueError: If ``max_size`` is negative.

    .. versionadded:: 0.2.0
    """
    max_size = check_max_size(max_size)
    return _read_lines(text_of(data, max_size))


def load_lines(path: str | os.PathLike[str], *, max_size: int = DEFAULT_MAX_SIZE) -> Dossier:
    """Read a Dossier from a JSON Lines file, as :func:`loads_lines` reads text.

    The whole file is read; :func:`iter_lines` reads a file of any size in
    bounded memory.

    Args:
        path: The file to read.
        max_size: The largest file accepted, in bytes.

    Returns:
        The dossier.

    Raises:
        LoadError: For a file that cannot be read (code ``unreadable``), is
            too large, or does not hold a valid dossier.
        TypeError: If ``path`` is not a path, or ``max_size`` not an int.
        ValueError: If ``max_size`` is negative.

    .. versionadded:: 0.2.0
    """
    max_size = check_max_size(max_size)
    return _read_lines(text_of(read_file(path, max_size), max_size))


def iter_lines(
    path: str | os.PathLike[str], *, max_line: int = DEFAULT_MAX_LINE
) -> Iterator[Entity]:
    """Read a JSON Lines file one entity at a time, in bounded memory.

    Each entity is given as its line is read, checked on its own (as
    :func:`loads_lines` checks it), in file order; a line with a problem is
    not given. The file is read a line at a time, never whole. What the
    checks over the whole dossier need (references, unique ids, cycles,
    principals) is kept in compact form: each id with its kind, the
    references not yet resolved, the actors and demands; never a
    statement's text. Once the last line is read those checks run, and if
    anything is wrong a :class:`~secdialogue.LoadError` is raised with every
    problem at its line, as :func:`loads_lines` reports it.

    So the input is valid only if the iteration **ends without an error**:
    a consumer that must not keep a part of an invalid file keeps what it
    was given until then.

    Args:
        path: The file to read.
        max_line: The longest line accepted, in bytes; a longer one is a
            ``too-large`` problem, skipped without being read whole.

    Returns:
        An iterator of the entities.

    Raises:
        LoadError: From the iteration: when the file cannot be read (code
            ``unreadable``), once more than 100 problems are found, or at
            its end.
        TypeError: If ``path`` is not a path, or ``max_line`` not an int;
            raised by the call, before any reading.
        ValueError: If ``max_line`` is negative.

    .. versionadded:: 0.2.0
    """
    from secdialogue._format._lines import stream  # noqa: PLC0415 -- keep the import light

    path = check_path(path)
    max_line = check_max_size(max_line, "max_line")
    return stream(path, max_line)
