"""The error-collecting reader: JSON values to model values, every problem reported.

Strict: no coercion (``1`` is not ``"1"``, ``"false"`` is not ``False``),
unknown and missing keys reported, every problem collected with its JSON
path (``$.statements[3].speaker``) up to :data:`MAX_PROBLEMS`. Each field is
read as the field table says (:mod:`._table`); the model's own rules run in
the model's constructor, and where it refuses, every field is checked again
on its own so all of an object's problems are reported, not only the first.

This reader handles any input; :mod:`._fast` reads valid files faster and
hands everything else here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from secdialogue._checks import SURROGATE, shorten
from secdialogue._dossier import Dossier
from secdialogue._format._migrate import RETIRED, upgrade
from secdialogue._format._table import COLLECTIONS, DOSSIER_KEYS, FORMAT, TABLES, VERSION, Field
from secdialogue._format._text import Bad, DuplicateKeys, Unicode
from secdialogue._time import When
from secdialogue.exceptions import Code, LoadError, Problem, ValidationError

if TYPE_CHECKING:
    import enum
    from collections.abc import Callable

    from secdialogue._format._table import Table

__all__ = ["HEADER", "MAX_PROBLEMS", "ROOTS", "TOO_MANY", "choice_root", "read", "read_line"]

MAX_PROBLEMS: Final = 100
"""At most this many problems are reported; a final ``too-many-problems`` one says more exist."""

TOO_MANY: Final = Problem(
    path="$",
    code="too-many-problems",
    message=f"more problems were found; only the first {MAX_PROBLEMS} are reported",
)
"""The last problem of a report cut at :data:`MAX_PROBLEMS`, whichever reader cut it."""

MAX_SUGGESTED_KEY: Final = 64
"""Did-you-mean hints are looked for only for unknown keys up to this length."""

INVALID: Final[Any] = object()
"""What a hook returns for a value it reported a problem with."""


class Stop(Exception):  # noqa: N818 -- internal control flow, never escapes
    """Raised once the problem cap is reached."""


class Context:
    """One reading run: the problems found so far, and the times parsed."""

    __slots__ = ("problems", "whens")

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.whens: dict[str, When] = {}

    def add(self, path: str, code: Code, message: str) -> None:
        """Report a problem; stop reading once there are too many."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(TOO_MANY)
            raise Stop
        self.problems.append(Problem(path=path, code=code, message=message))

    def wrong_type(self, path: str, value: object, expected: str) -> None:
        """Report a value of the wrong JSON type, or one the parser refused."""
        if isinstance(value, Bad):
            self.add(path, value.code, f"{value.what}; expected {expected}")
        elif isinstance(value, DuplicateKeys):
            keys = ", ".join(quote(k) for k in value.duplicates[:5])
            more = len(value.duplicates) - 5
            if more > 0:
                keys += f" and {more:,} more"
            msg = f"the object repeats the key {keys}: give every key once"
            self.add(path, "duplicate-key", msg)
        else:
            self.add(path, "wrong-type", f"expected {expected}, not {show(value)}")

    def extend(self, path: str, error: ValidationError) -> None:
        """Report the problems of a model error, their paths put under ``path``."""
        for problem in error.problems:
            self.add(path + problem.path[1:], problem.code, problem.message)


def show(value: object) -> str:
    """Describe a JSON value briefly, as JSON, without walking into it."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {quote(value)}"
    if isinstance(value, int | float):
        return f"the number {shorten(repr(value))}"
    if isinstance(value, list):
        return f"an array of {len(value):,} item{'' if len(value) == 1 else 's'}"
    return "an object"


def quote(text: str, limit: int = 40) -> str:
    """A string as JSON, cut to about ``limit`` characters."""
    return json.dumps(shorten(text, limit))


def at(path: str, key: str | int | None) -> str:
    """The path of ``key`` inside the value at ``path``."""
    if key is None:
        return path
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


# -- hooks, one per field, derived from the field table ------------------------------

Hook: TypeAlias = "Callable[[Any, str, str | int | None, Context], Any]"
"""Turns the JSON value at ``path`` + ``key`` into a model value, or returns INVALID."""


def _string(value: Any, path: str, key: str | int | None, ctx: Context) -> Any:  # noqa: ANN401
    if type(value) is str:
        return value
    ctx.wrong_type(at(path, key), value, "a string")
    return INVALID


def _integer(value: Any, path: str, key: str | int | None, ctx: Context) -> Any:  # noqa: ANN401
    if type(value) is int:
        return value
    ctx.wrong_type(at(path, key), value, "an integer")
    return INVALID


def _when(value: Any, path: str, key: str | int | None, ctx: Context) -> Any:  # noqa: ANN401
    if type(value) is str:
        when = ctx.whens.get(value)
        if when is not None:
            return when
        try:
            when = When.parse(value)
        except ValidationError as error:
            problem = error.problems[0]
            ctx.add(at(path, key), problem.code, problem.message)
            return INVALID
        ctx.whens[value] = when
        return when
    ctx.wrong_type(at(path, key), value, "a time string such as '2022-01-09[Europe/Moscow]'")
    return INVALID


def choice_hook(kind: type[enum.Enum]) -> Hook:
    """The hook of a field holding a member of ``kind``, written as its value."""
    by_value = {member.value: member for member in kind}
    choices = ", ".join(json.dumps(v) for v in by_value)
    article = "an" if kind.__name__[0] in "AEIOU" else "a"

    def hook(value: Any, path: str, key: str | int | None, ctx: Context) -> Any:  # noqa: ANN401
        if type(value) is str:
            member = by_value.get(value)
            if member is not None:
                return member
            msg = f"{show(value)} is not {article} {kind.__name__}: use one of {choices}"
            ctx.add(at(path, key), "invalid-choice", msg)
        else:
            ctx.wrong_type(at(path, key), value, f"one of {choices}")
        return INVALID

    return hook


def _object_hook(table: Table) -> Hook:
    def hook(value: Any, path: str, key: str | int | None, ctx: Context) -> Any:  # noqa: ANN401
        return read_object(table, value, at(path, key), ctx)

    return hook


def _many(item: Hook) -> Hook:
    def hook(value: Any, path: str, key: str | int | None, ctx: Context) -> Any:  # noqa: ANN401
        here = at(path, key)
        if type(value) is not list:
            ctx.wrong_type(here, value, "an array")
            return INVALID
        items: list[Any] = value
        ok = True
        result = []
        for index, element in enumerate(items):
            structured = item(element, here, index, ctx)
            ok = ok and structured is not INVALID
            result.append(structured)
        return tuple(result) if ok else INVALID

    return hook


def hook_of(field: Field) -> Hook:
    """The reading hook of a field, from what the field table says it holds."""
    if field.shape == "string":
        one: Hook = _string
    elif field.shape == "integer":
        one = _integer
    elif field.shape == "when":
        one = _when
    elif field.shape == "choice":
        assert field.cls is not None  # noqa: S101 -- the table sets it for choices
        one = choice_hook(field.cls)
    else:
        assert field.cls is not None  # noqa: S101 -- the table sets it for objects
        one = _object_hook(TABLES[field.cls])
    return _many(one) if field.many else one


_HOOKS: Final[dict[tuple[type[Any], str], Hook]] = {}


def _check_keys(table: Table, obj: dict[str, Any], path: str, ctx: Context) -> None:
    for field in table.fields:
        if field.required and field.key not in obj:
            msg = f"{table.a} needs the key {field.key!r}"
            ctx.add(at(path, field.key), "missing-key", msg)
    known = ", ".join(repr(f.key) for f in table.fields)
    for key in obj:
        if key not in table.allowed:
            unknown_key(key, table.allowed, known, path, ctx, RETIRED.get(table.cls, {}).get(key))


def unknown_key(  # noqa: PLR0917 -- the key, what is known, where
    key: str,
    allowed: frozenset[str],
    known: str,
    path: str,
    ctx: Context,
    advice: str | None = None,
) -> None:
    """Report an unknown key, with a did-you-mean hint if it is short and close to a known one.

    A key an older format version had gets ``advice`` instead: what to
    write in its place.
    """
    if advice is not None:
        ctx.add(at(path, key), "unknown-key", f"unknown key {quote(key)}: {advice}")
        return
    hint = ""
    if len(key) <= MAX_SUGGESTED_KEY:
        import difflib  # noqa: PLC0415 -- only needed on the error path

        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
    msg = f"unknown key {quote(key)}{hint}: the keys are {known}"
    ctx.add(at(path, key), "unknown-key", msg)


def read_object(table: Table, obj: Any, path: str, ctx: Context) -> Any:  # noqa: ANN401
    """Read a JSON object into an instance of ``table.cls``, or report why not."""
    if type(obj) is not dict:
        ctx.wrong_type(path, obj, f"{table.a} (a JSON object)")
        return INVALID
    ok = table.required <= obj.keys() <= table.allowed
    if not ok:
        _check_keys(table, obj, path, ctx)
    kwargs: dict[str, Any] = {}
    hooks = _HOOKS
    cls = table.cls
    for key, value in obj.items():
        hook = hooks.get((cls, key))
        if hook is None:
            continue
        structured = hook(value, path, key, ctx)
        if structured is INVALID:
            ok = False
        else:
            kwargs[key] = structured
    if not ok:
        return INVALID
    try:
        return cls(**kwargs)
    except ValidationError as error:
        _model_problems(table, kwargs, path, error, ctx)
        return INVALID


def _model_problems(
    table: Table, kwargs: dict[str, Any], path: str, error: ValidationError, ctx: Context
) -> None:
    """Report every field the model refuses, not only the first one it raised for.

    Each field's rule is run on its own; if none refuses, the problem is one
    that spans fields (from ``__attrs_post_init__``) and is reported as raised.
    """
    found: list[Problem] = []
    for field in table.fields:
        if field.key not in kwargs:
            continue
        try:
            field.rule.check(field.key, kwargs[field.key])
        except ValidationError as field_error:
            found.extend(field_error.problems)
    ctx.extend(path, ValidationError(found) if found else error)


# -- the dossier ---------------------------------------------------------------------


def _check_marker(obj: dict[str, Any], path: str, ctx: Context, *, lines: bool = False) -> bool:
    """Check "format" and "version"; False if the rest cannot be read at all.

    A file of an older version is upgraded here, in place, to the current
    version's shape (:mod:`._migrate`), so the rest is read by today's rules.
    JSON Lines (``lines``) exist from the current version on: an older one
    is refused.
    """
    marker = obj.get("format", INVALID)
    if marker is INVALID:
        msg = f'a dossier file starts with "format": "{FORMAT}"; the key is missing'
        ctx.add(at(path, "format"), "missing-key", msg)
    elif marker != FORMAT or type(marker) is not str:
        msg = f'"format" must be "{FORMAT}", not {show(marker)}: this is not a dossier file'
        ctx.add(at(path, "format"), "not-a-dossier", msg)
        return False
    version = obj.get("version", INVALID)
    if version is INVALID:
        msg = f'a dossier file says which format version it uses: add "version": {VERSION}'
        ctx.add(at(path, "version"), "missing-key", msg)
    elif type(version) is not int:
        ctx.wrong_type(at(path, "version"), version, f"the integer {VERSION}")
    elif version > VERSION:
        msg = (
            f"the file is in format version {version:,}, but this secdialogue reads version"
            f" {VERSION} at most: upgrade secdialogue to read it"
        )
        ctx.add(at(path, "version"), "unsupported-version", msg)
        return False
    elif version < 1:
        msg = f"format version {version:,} does not exist; the first version is 1"
        ctx.add(at(path, "version"), "unsupported-version", msg)
        return False
    elif version < VERSION and lines:
        msg = (
            f"the header says format version {version:,}, but JSON Lines exist from version"
            f" {VERSION} on: write the header {HEADER_TEXT}"
        )
        ctx.add(at(path, "version"), "unsupported-version", msg)
        return False
    elif version < VERSION:
        upgrade(obj, version)
    return True


def read_dossier(obj: Any, path: str, ctx: Context) -> Any:  # noqa: ANN401
    """Read a whole dossier file's value, or report why not."""
    if type(obj) is not dict:
        ctx.wrong_type(path, obj, f'a dossier (a JSON object with "format": "{FORMAT}")')
        return INVALID
    if not _check_marker(obj, path, ctx):
        return INVALID
    known = ", ".join(DOSSIER_KEYS)
    allowed = frozenset(DOSSIER_KEYS)
    for key in obj:
        if key not in allowed:
            unknown_key(key, allowed, known, path, ctx)
    kwargs: dict[str, Any] = {}
    for kind, table in COLLECTIONS:
        key = kind.key
        here = at(path, key)
        items = obj.get(key, INVALID)
        if items is INVALID:
            msg = f'a dossier lists its {key}, even when there are none: add "{key}": []'
            ctx.add(here, "missing-key", msg)
            continue
        if type(items) is not list:
            ctx.wrong_type(here, items, "an array")
            continue
        kwargs[key] = [
            read_object(table, item, f"{here}[{n}]", ctx) for n, item in enumerate(items)
        ]
    if ctx.problems:
        return INVALID
    try:
        return Dossier(**kwargs)
    except ValidationError as error:
        ctx.extend(path, error)
        return INVALID


HEADER: Final[Any] = object()
"""What :func:`read_line` gives for a header line."""

HEADER_TEXT: Final = json.dumps({"format": FORMAT, "version": VERSION}, separators=(",", ":"))
"""The header line of a JSON Lines file, for messages."""

_BY_NOUN: Final = {kind.noun: (kind, table) for kind, table in COLLECTIONS}
_HEADER_KEYS: Final = frozenset(("format", "version"))


def read_line(obj: Any, path: str, ctx: Context) -> Any:  # noqa: ANN401
    """Read one line of a JSON Lines file: :data:`HEADER`, or its entity; or report why not.

    A line is a header, ``{"format": ..., "version": ...}``, or one entity
    as a one-key object under its kind's noun: ``{"actor": {...}}``.
    """
    if type(obj) is not dict:
        ctx.wrong_type(path, obj, 'a header or one entity (a JSON object such as {"actor": {}})')
        return INVALID
    if not obj.keys().isdisjoint(_HEADER_KEYS):
        for key in obj:
            if key not in _HEADER_KEYS:
                advice = f"a header line holds only the format and its version: {HEADER_TEXT}"
                unknown_key(key, _HEADER_KEYS, "", path, ctx, advice)
        if not _check_marker(obj, path, ctx, lines=True) or ctx.problems:
            return INVALID
        return HEADER
    if not obj:
        msg = 'a line holds a header or one entity under its kind: {"actor": {...}}'
        ctx.add(path, "missing-key", msg)
        return INVALID
    key, *others = obj
    for other in others:
        msg = f"unknown key {quote(other)}: a line holds one entity; put this one on its own line"
        ctx.add(at(path, other), "unknown-key", msg)
    found = _BY_NOUN.get(key)
    if found is None:
        nouns = frozenset(_BY_NOUN)
        unknown_key(key, nouns, ", ".join(repr(noun) for noun in _BY_NOUN), path, ctx)
        return INVALID
    kind, table = found
    entity = read_object(table, obj[key], at(path, key), ctx)
    return INVALID if others or entity is INVALID else (kind, entity)


def _report_surrogates(value: object, ctx: Context) -> None:
    msg = "the text holds a lone surrogate (an escape such as \\ud800 that is not half of a pair)"
    stack: list[tuple[str, object]] = [("$", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if SURROGATE.search(item):
                ctx.add(path, "invalid-unicode", f"{msg}: write the character itself")
        elif isinstance(item, dict):
            children: list[tuple[str, object]] = []
            for key, child in item.items():
                if SURROGATE.search(key):
                    ctx.add(path, "invalid-unicode", f"a key of this object: {msg}")
                children.append((at(path, key), child))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend(reversed([(f"{path}[{i}]", c) for i, c in enumerate(item)]))


Root: TypeAlias = "Callable[[Any, str, Context], Any]"
"""Reads a whole input's value of one type."""


def _object_root(table: Table) -> Root:
    def root(obj: Any, path: str, ctx: Context) -> Any:  # noqa: ANN401
        return read_object(table, obj, path, ctx)

    return root


def choice_root(kind: type[enum.Enum]) -> Root:
    """How a whole input holding a member of ``kind`` is read."""
    hook = choice_hook(kind)

    def root(obj: Any, path: str, ctx: Context) -> Any:  # noqa: ANN401
        return hook(obj, path, None, ctx)

    return root


def _when_root(obj: Any, path: str, ctx: Context) -> Any:  # noqa: ANN401
    return _when(obj, path, None, ctx)


def read(root: Root, value: object) -> Any:  # noqa: ANN401
    """Read a parsed input with ``root``; raise every problem found as one LoadError.

    Raises:
        LoadError: If the value is not valid.
    """
    ctx = Context()
    try:
        if isinstance(value, Unicode):
            _report_surrogates(value.value, ctx)
            value = value.value
        result = INVALID if ctx.problems else root(value, "$", ctx)
    except Stop:
        result = INVALID
    if result is INVALID:
        raise LoadError(ctx.problems)
    return result


for _table in TABLES.values():
    for _field in _table.fields:
        _HOOKS[_table.cls, _field.key] = hook_of(_field)

ROOTS: Final[dict[type[Any], Root]] = {
    **{cls: _object_root(table) for cls, table in TABLES.items()},
    When: _when_root,
    Dossier: read_dossier,
}
"""How a whole input of each readable type is read; enums are read by the converter only."""
