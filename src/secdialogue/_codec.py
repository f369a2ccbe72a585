"""The JSON codec, format version 1: a converter, ``dumps``/``loads`` and ``dump``/``load``.

The codec sits beside the dossier: it knows the model and the Dossier, not the
queries. Every model class has a hand-built pair of hooks derived from its
attrs fields: unstructuring writes the fields in class order and leaves out
those equal to their default; structuring is strict (no coercion, no unknown
keys) and collects every problem with its JSON path instead of stopping at
the first. ``loads`` and ``load`` raise nothing but
:class:`~secdialogue.exceptions.LoadError`, whatever the input.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import json
import os
import re
import stat
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeAlias, TypeVar, overload

import attrs
import cattrs

from secdialogue._checks import excerpt
from secdialogue._dossier import Dossier
from secdialogue._model import (
    Actor,
    Citation,
    Demand,
    Meeting,
    Place,
    Source,
    Stance,
    Statement,
)
from secdialogue._time import When
from secdialogue.exceptions import LoadError, Problem, ValidationError

__all__ = [
    "DEFAULT_MAX_SIZE",
    "FORMAT",
    "MAX_INT_DIGITS",
    "MAX_PROBLEMS",
    "VERSION",
    "dump",
    "dumps",
    "load",
    "loads",
    "make_converter",
    "write_atomically",
]

FORMAT: Final = "secdialogue"
"""The value of the ``"format"`` key that marks a dossier file."""

VERSION: Final = 1
"""The format version this code writes, and the newest it reads."""

MAX_PROBLEMS: Final = 100
"""At most this many problems are reported; a final ``too-many-problems`` one says more exist."""

DEFAULT_MAX_SIZE: Final = 256 * 1024 * 1024
"""The default input-size cap of :func:`loads` and :func:`load`: 256 MiB."""

MAX_INT_DIGITS: Final = 20
"""The longest integer literal accepted, in digits; longer ones are refused unparsed."""

Value: TypeAlias = (
    Actor | Meeting | Demand | Statement | Source | Place | Citation | Stance | When | Dossier
)
"""Any value the codec reads and writes."""

_T = TypeVar("_T", bound=Value)

_OBJECT_CLASSES: Final = (Actor, Meeting, Demand, Statement, Source, Place, Citation, Stance)
_ENTITY_NAMES: Final = {
    Actor: "an actor",
    Meeting: "a meeting",
    Demand: "a demand",
    Statement: "a statement",
    Source: "a source",
    Place: "a place",
    Citation: "a citation",
    Stance: "a stance",
}

# -- problems ------------------------------------------------------------------


class _Stop(Exception):  # noqa: N818 -- internal control flow, never escapes
    """Raised once the problem cap is reached."""


class _Bad:
    """A JSON value the parser refused to turn into a Python value."""

    __slots__ = ("code", "what")

    def __init__(self, code: str, what: str) -> None:
        self.code = code
        self.what = what


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that repeats a key; never a valid value."""

    duplicates: list[str]


_INVALID: Final[Any] = object()


class _Context:
    """One structuring run: the problems found so far, parsed times, values known valid."""

    __slots__ = ("problems", "valid", "whens")

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.whens: dict[str, When] = {}
        self.valid: list[set[object]] = [set() for _ in range(_validator_slots())]

    def add(self, path: str, code: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            msg = f"more problems were found; only the first {MAX_PROBLEMS} are reported"
            self.problems.append(Problem(path="$", code="too-many-problems", message=msg))
            raise _Stop
        self.problems.append(Problem(path=path, code=code, message=message))

    def wrong_type(self, path: str, value: object, expected: str) -> None:
        if isinstance(value, _Bad):
            self.add(path, value.code, f"{value.what}; expected {expected}")
        elif isinstance(value, _DuplicateKeys):
            keys = ", ".join(repr(k) for k in value.duplicates[:5])
            msg = f"the object repeats the key {keys}: give every key once"
            self.add(path, "duplicate-key", msg)
        else:
            self.add(path, "wrong-type", f"expected {expected}, not {_show(value)}")

    def extend(self, path: str, error: ValidationError) -> None:
        for problem in error.problems:
            self.add(path + problem.path[1:], problem.code, problem.message)


def _show(value: object) -> str:
    """Describe a JSON value briefly, as JSON, without walking into it."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {_quote(value)}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'' if len(value) == 1 else 's'}"
    return "an object"


def _quote(text: str, limit: int = 40) -> str:
    """A string as JSON, cut to about ``limit`` characters."""
    return json.dumps(text if len(text) <= limit else text[: limit - 1] + "…")


def _at(path: str, key: str | int | None) -> str:
    if key is None:
        return path
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


# -- structuring hooks -----------------------------------------------------------

_Hook: TypeAlias = Callable[[Any, str, "str | int | None", _Context], Any]
"""Turns the JSON value at ``path`` + ``key`` into a model value, or returns _INVALID."""


def _int_hook(value: Any, path: str, key: str | int | None, ctx: _Context) -> Any:  # noqa: ANN401
    if type(value) is int:
        return value
    ctx.wrong_type(_at(path, key), value, "an integer")
    return _INVALID


def _when_hook(value: Any, path: str, key: str | int | None, ctx: _Context) -> Any:  # noqa: ANN401
    if type(value) is str:
        when = ctx.whens.get(value)
        if when is not None:
            return when
        try:
            when = When.parse(value)
        except ValidationError as error:
            problem = error.problems[0]
            ctx.add(_at(path, key), problem.code, problem.message)
            return _INVALID
        ctx.whens[value] = when
        return when
    ctx.wrong_type(_at(path, key), value, "a time string such as '2022-01-09[Europe/Moscow]'")
    return _INVALID


def _enum_hook(kind: type[enum.Enum]) -> _Hook:
    by_value = {member.value: member for member in kind}
    choices = ", ".join(json.dumps(v) for v in by_value)

    def hook(value: Any, path: str, key: str | int | None, ctx: _Context) -> Any:  # noqa: ANN401
        if type(value) is str:
            member = by_value.get(value)
            if member is not None:
                return member
            article = "an" if kind.__name__[0] in "AEIOU" else "a"
            msg = f"{_show(value)} is not {article} {kind.__name__}: use one of {choices}"
            ctx.add(_at(path, key), "invalid-choice", msg)
        else:
            ctx.wrong_type(_at(path, key), value, f"one of {choices}")
        return _INVALID

    return hook


def _tuple_hook(item: _Hook | None) -> _Hook:
    def hook(value: Any, path: str, key: str | int | None, ctx: _Context) -> Any:  # noqa: ANN401
        here = _at(path, key)
        if type(value) is not list:
            ctx.wrong_type(here, value, "an array")
            return _INVALID
        items: list[Any] = value
        ok = True
        if item is None:
            for index, element in enumerate(items):
                if type(element) is not str:
                    ctx.wrong_type(f"{here}[{index}]", element, "a string")
                    ok = False
            return tuple(items) if ok else _INVALID
        result = []
        for index, element in enumerate(items):
            structured = item(element, here, index, ctx)
            ok = ok and structured is not _INVALID
            result.append(structured)
        return tuple(result) if ok else _INVALID

    return hook


@attrs.frozen
class _Field:
    """How one attrs field of a model class is read and written."""

    name: str
    key: str
    hook: _Hook | None  # None: a plain JSON string
    dump: Callable[[Any], Any] | None  # None: written as it is
    has_default: bool
    default: Any


@attrs.frozen
class _Spec:
    """How one model class is read and written."""

    cls: type[Any]
    fields: tuple[_Field, ...]
    by_key: dict[str, _Field]
    required: frozenset[str]
    allowed: frozenset[str]


def _hooks_for(tp: Any) -> tuple[_Hook | None, Callable[[Any], Any] | None]:  # noqa: ANN401, PLR0911
    """The structuring hook and the unstructuring function for a field type."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):  # X | None: None is written by omission
        (tp,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        origin = typing.get_origin(tp)
    if origin is tuple:
        item, item_dump = _hooks_for(typing.get_args(tp)[0])
        if item_dump is None:
            return _tuple_hook(item), list
        return _tuple_hook(item), lambda values: [item_dump(v) for v in values]
    if tp is str:
        return None, None
    if tp is int:
        return _int_hook, None
    if tp is When:
        return _when_hook, str
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum_hook(tp), _enum_value
    spec = _SPECS[tp]
    return _object_hook(spec), lambda value: _unstructure_object(spec, value)


def _enum_value(member: enum.Enum) -> Any:  # noqa: ANN401
    return member._value_  # the plain attribute: faster than the .value property


def _object_hook(spec: _Spec) -> _Hook:
    def hook(value: Any, path: str, key: str | int | None, ctx: _Context) -> Any:  # noqa: ANN401
        return _structure_object(spec, value, _at(path, key), ctx)

    return hook


def _make_spec(cls: type[Any]) -> _Spec:
    hints = typing.get_type_hints(cls)
    fields = []
    for field in attrs.fields(cls):
        hook, dump = _hooks_for(hints[field.name])
        has_default = field.default is not attrs.NOTHING
        fields.append(_Field(field.name, field.alias, hook, dump, has_default, field.default))
    by_key = {f.key: f for f in fields}
    required = frozenset(f.key for f in fields if not f.has_default)
    return _Spec(cls, tuple(fields), by_key, required, frozenset(by_key))


_SPECS: Final[dict[Any, _Spec]] = {}
for _cls in (Place, Citation, Stance, Actor, Meeting, Demand, Statement, Source):
    _SPECS[_cls] = _make_spec(_cls)


# -- fast paths ------------------------------------------------------------------------
#
# Reading and writing a large dossier spends most of its time in per-field
# bookkeeping. For each model class, the code below compiles (as attrs and
# cattrs do) one straight-line function that reads a valid JSON object into
# an instance, and one that writes an instance as canonical JSON text.
#
# A reader handles only the valid case. At the first thing it does not like
# (a wrong type, a missing or unknown key, a bad time, a field the model
# refuses) it returns _SLOW having reported nothing, and the caller reads the
# same object again with _structure_object, which reports every problem. So
# the fast path changes the speed, never the result nor the errors.
#
# A reader builds the instance as the attrs __init__ would (set every field,
# run the validators in field order, then __attrs_post_init__), except that
# a validator is not run again on a string or a tuple of strings it already
# accepted in this run: the model's validators depend on the value alone
# (the attribute only names the field in messages), and ids, zones, topics
# and references repeat across thousands of entities.

_SLOW: Final[Any] = object()
"""Returned by a fast reader: "not handled here; read it the reporting way"."""

_Reader: TypeAlias = Callable[[Any, "_Context"], Any]
_Writer: TypeAlias = Callable[[Any, dict[int, str]], str]

_READERS: Final[dict[type[Any], _Reader]] = {}
_WRITERS: Final[dict[tuple[type[Any], str], _Writer]] = {}
_CACHED_VALIDATORS: Final[dict[Any, int]] = {}
"""Validators of strings and string tuples, numbered: their slot in _Context.valid."""


def _read_when(text: str, whens: dict[str, When]) -> When | None:
    """The When of ``text`` (cached in ``whens``), or None if it is not one."""
    try:
        when = When.parse(text)
    except ValidationError:
        return None
    whens[text] = when
    return when


def _kind_of(tp: Any) -> tuple[str, Any]:  # noqa: ANN401
    """What a field of type ``tp`` holds: (kind, detail) for the code generators."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        (tp,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
    if typing.get_origin(tp) is tuple:
        item = typing.get_args(tp)[0]
        return ("strings", None) if item is str else ("objects", item)
    if tp in (str, int, When):
        return tp.__name__.lower(), None
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "enum", {member.value: member for member in tp}
    return "object", tp


def _compile(name: str, cls: type[Any], lines: list[str], namespace: dict[str, Any]) -> Any:  # noqa: ANN401
    filename = f"<secdialogue generated {name} {cls.__name__}>"
    code = compile("\n".join(lines), filename, "exec")
    exec(code, namespace)  # noqa: S102 -- our own generated source, as attrs does
    return namespace[name]


def _reader_for(spec: _Spec) -> _Reader:  # noqa: C901, PLR0912 -- one branch per kind of field
    cls = spec.cls
    hints = typing.get_type_hints(cls)
    ns: dict[str, Any] = {
        "_SLOW": _SLOW,
        "_MISSING": _INVALID,
        "_REQUIRED": spec.required,
        "_ALLOWED": spec.allowed,
        "_new": object.__new__,
        "_cls": cls,
        "_read_when": _read_when,
        "ValidationError": ValidationError,
    }
    body = [
        "    if type(obj) is not dict or not _REQUIRED <= obj.keys() <= _ALLOWED:",
        "        return _SLOW",
        "    valid = ctx.valid",
        "    whens = ctx.whens",
    ]
    checks = []
    for n, (field, attribute) in enumerate(zip(spec.fields, attrs.fields(cls), strict=True)):
        kind, detail = _kind_of(hints[field.name])
        value = f"v{n}"
        if field.has_default:
            ns[f"_D{n}"] = field.default
            body += [
                f"    {value} = obj.get({field.key!r}, _MISSING)",
                f"    if {value} is _MISSING:",
                f"        {value} = _D{n}",
                "    else:",
            ]
            pad = "        "
        else:
            body.append(f"    {value} = obj[{field.key!r}]")
            pad = "    "
        if kind in ("str", "int"):
            body += [f"{pad}if type({value}) is not {kind}:", f"{pad}    return _SLOW"]
        elif kind == "when":
            body += [
                f"{pad}if type({value}) is not str:",
                f"{pad}    return _SLOW",
                f"{pad}{value} = whens.get({value}) or _read_when({value}, whens)",
                f"{pad}if {value} is None:",
                f"{pad}    return _SLOW",
            ]
        elif kind == "enum":
            ns[f"_E{n}"] = detail
            body += [
                f"{pad}if type({value}) is not str:",
                f"{pad}    return _SLOW",
                f"{pad}{value} = _E{n}.get({value})",
                f"{pad}if {value} is None:",
                f"{pad}    return _SLOW",
            ]
        elif kind == "strings":
            body += [
                f"{pad}if type({value}) is not list:",
                f"{pad}    return _SLOW",
                f"{pad}for item in {value}:",
                f"{pad}    if type(item) is not str:",
                f"{pad}        return _SLOW",
                f"{pad}{value} = tuple({value})",
            ]
        elif kind == "objects":
            ns[f"_R{n}"] = _reader(detail)
            body += [
                f"{pad}if type({value}) is not list:",
                f"{pad}    return _SLOW",
                f"{pad}items = []",
                f"{pad}for item in {value}:",
                f"{pad}    item = _R{n}(item, ctx)",
                f"{pad}    if item is _SLOW:",
                f"{pad}        return _SLOW",
                f"{pad}    items.append(item)",
                f"{pad}{value} = tuple(items)",
            ]
        else:
            ns[f"_R{n}"] = _reader(detail)
            body += [f"{pad}{value} = _R{n}({value}, ctx)", f"{pad}if {value} is _SLOW:"]
            body.append(f"{pad}    return _SLOW")
        ns[f"_S{n}"] = cls.__dict__[field.name].__set__
        if attribute.validator is not None:
            ns[f"_V{n}"], ns[f"_A{n}"] = attribute.validator, attribute
            if kind in ("str", "strings"):
                slot = _CACHED_VALIDATORS.setdefault(attribute.validator, len(_CACHED_VALIDATORS))
                checks += [
                    f"        if {value} not in valid[{slot}]:",
                    f"            _V{n}(self, _A{n}, {value})",
                    f"            valid[{slot}].add({value})",
                ]
            else:
                checks.append(f"        _V{n}(self, _A{n}, {value})")
    setters = [f"    _S{n}(self, v{n})" for n in range(len(spec.fields))]
    if hasattr(cls, "__attrs_post_init__"):
        checks.append("        self.__attrs_post_init__()")
    lines = [
        "def read(obj, ctx):",
        *body,
        "    self = _new(_cls)",
        *setters,
        "    try:",
        *checks,
        "    except ValidationError:",
        "        return _SLOW",
        "    return self",
    ]
    return typing.cast("_Reader", _compile("read", cls, lines, ns))


def _writer(cls: type[Any], pad: str) -> _Writer:
    """The writer of ``cls`` values indented by ``pad``, compiled on first use."""
    write = _WRITERS.get((cls, pad))
    if write is None:
        write = _WRITERS[cls, pad] = _writer_for(_SPECS[cls], pad)
    return write


def _writer_for(spec: _Spec, pad: str) -> _Writer:
    """Compile a function giving the text of a ``spec.cls`` value indented by ``pad``.

    The text is what ``json.dumps(value, ensure_ascii=False, indent=2)``
    gives for the unstructured value; keys, brackets and indentation are
    constants in the code, and each run of required fields is one f-string.
    """
    hints = typing.get_type_hints(spec.cls)
    inner, item = pad + "  ", pad + "    "
    ns: dict[str, Any] = {"_enc": _encode_string, "_int": int.__repr__, "_str": str, "_id": id}
    ns["_EMPTY"] = "[]"
    lines = ["def write(value, memo):"]
    assert not spec.fields[0].has_default  # noqa: S101 -- every model class starts with a required field
    pending = ""  # the f-string of the required fields not yet written
    started = False
    for n, field in enumerate(spec.fields):
        kind, detail = _kind_of(hints[field.name])
        value = f"v{n}"
        lines.append(f"    {value} = value.{field.name}")
        if kind == "when":
            lines += [
                f"    t{n} = memo.get(_id({value}))",
                f"    if t{n} is None:",
                f"        t{n} = memo[_id({value})] = _enc(_str({value}))",
            ]
            text = f"t{n}"
        elif kind == "str":
            text = f"_enc({value})"
        elif kind == "int":
            text = f"_int({value})"
        elif kind == "enum":
            text = f"_enc({value}._value_)"
        elif kind in ("strings", "objects"):
            # An optional array is written only when not empty; a required one may be empty.
            ns[f"_SEP{n}"], ns[f"_OPEN{n}"], ns[f"_CLOSE{n}"] = (
                ",\n" + item,
                "[\n" + item,
                "\n" + inner + "]",
            )
            if kind == "strings":
                items = f"map(_enc, {value})"
            else:
                ns[f"_W{n}"] = _writer(detail, item)
                items = f"[_W{n}(e, memo) for e in {value}]"
            text = (
                f"[\n{item}{{_SEP{n}.join({items})}}\n{inner}]"
                if field.has_default
                else f"{{_OPEN{n} + _SEP{n}.join({items}) + _CLOSE{n} if {value} else _EMPTY}}"
            )
        else:
            ns[f"_W{n}"] = _writer(detail, inner)
            text = f"_W{n}({value}, memo)"
        literal = ("{" if n == 0 else ",") + f"\n{inner}{_encode_string(field.key)}: "
        piece = literal.replace("{", "{{").replace("}", "}}") + (
            text if kind in ("strings", "objects") else "{" + text + "}"
        )
        if not field.has_default:
            pending += piece
            continue
        flush = f"    text {'+=' if started else '='} f{pending!r}"
        lines += [flush] if pending or not started else []
        pending, started = "", True
        if field.default is None:
            lines.append(f"    if {value} is not None:")
        else:
            ns[f"_D{n}"] = field.default
            lines.append(f"    if not ({value} is _D{n} or {value} == _D{n}):")
        lines.append(f"        text += f{piece!r}")
    closing = pending + f"\n{pad}}}}}"
    lines.append(f"    return {'text + ' if started else ''}f{closing!r}")
    return typing.cast("_Writer", _compile("write", spec.cls, lines, ns))


_encode_string: Final[Callable[[str], str]] = json.encoder.encode_basestring


def _validator_slots() -> int:
    """How many validators readers cache results of, once every reader is compiled."""
    for cls in _SPECS:
        _reader(cls)
    return len(_CACHED_VALIDATORS)


def _reader(cls: type[Any]) -> _Reader:
    """The reader of ``cls`` values, compiled on first use (keeps the import light)."""
    read = _READERS.get(cls)
    if read is None:
        read = _READERS[cls] = _reader_for(_SPECS[cls])
    return read


def _check_keys(spec: _Spec, obj: dict[str, Any], path: str, ctx: _Context) -> None:
    import difflib  # noqa: PLC0415 -- only needed on the error path

    for field in spec.fields:
        if field.key in spec.required and field.key not in obj:
            msg = f"{_ENTITY_NAMES.get(spec.cls, 'the object')} needs the key {field.key!r}"
            ctx.add(_at(path, field.key), "missing-key", msg)
    for key in obj:
        if key not in spec.allowed:
            close = difflib.get_close_matches(key, spec.allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            known = ", ".join(repr(f.key) for f in spec.fields)
            msg = f"unknown key {_quote(key)}{hint}: the keys are {known}"
            ctx.add(_at(path, key), "unknown-key", msg)


def _structure_object(spec: _Spec, obj: Any, path: str, ctx: _Context) -> Any:  # noqa: ANN401
    if type(obj) is not dict:
        ctx.wrong_type(path, obj, f"{_ENTITY_NAMES[spec.cls]} (a JSON object)")
        return _INVALID
    keys = obj.keys()
    ok = spec.required <= keys <= spec.allowed
    if not ok:
        _check_keys(spec, obj, path, ctx)
    kwargs: dict[str, Any] = {}
    by_key = spec.by_key
    for key, value in obj.items():
        field = by_key.get(key)
        if field is None:
            continue
        hook = field.hook
        if hook is None:
            if type(value) is not str:
                ctx.wrong_type(_at(path, key), value, "a string")
                ok = False
                continue
            kwargs[key] = value
            continue
        structured = hook(value, path, key, ctx)
        if structured is _INVALID:
            ok = False
        else:
            kwargs[key] = structured
    if not ok:
        return _INVALID
    try:
        return spec.cls(**kwargs)
    except ValidationError as error:
        _model_problems(spec, kwargs, path, error, ctx)
        return _INVALID


def _model_problems(
    spec: _Spec, kwargs: dict[str, Any], path: str, error: ValidationError, ctx: _Context
) -> None:
    """Report every field the model refuses, not only the first one it raised for."""
    found: list[Problem] = []
    for field in attrs.fields(spec.cls):
        if field.validator is None or field.alias not in kwargs:
            continue
        try:
            field.validator(None, field, kwargs[field.alias])
        except ValidationError as field_error:
            found.extend(field_error.problems)
    ctx.extend(path, ValidationError(found) if found else error)


# -- the dossier -------------------------------------------------------------------

_COLLECTIONS: Final = tuple(
    (field.name, field.alias or field.name, _SPECS[typing.get_args(hint)[0]])
    for field in attrs.fields(Dossier)
    if field.init
    for hint in (typing.get_type_hints(Dossier)[field.name],)
)
"""The dossier's collections: attribute name, JSON key and entity spec, in file order."""
_DOSSIER_KEYS: Final = ("format", "version", *(key for _, key, _ in _COLLECTIONS))


def _check_marker(obj: dict[str, Any], path: str, ctx: _Context) -> bool:
    """Check "format" and "version"; False if the rest cannot be read at all."""
    marker = obj.get("format", _INVALID)
    if marker is _INVALID:
        msg = f'a dossier file starts with "format": "{FORMAT}"; the key is missing'
        ctx.add(_at(path, "format"), "missing-key", msg)
    elif marker != FORMAT or type(marker) is not str:
        msg = f'"format" must be "{FORMAT}", not {_show(marker)}: this is not a dossier file'
        ctx.add(_at(path, "format"), "not-a-dossier", msg)
        return False
    version = obj.get("version", _INVALID)
    if version is _INVALID:
        msg = f'a dossier file says which format version it uses: add "version": {VERSION}'
        ctx.add(_at(path, "version"), "missing-key", msg)
    elif type(version) is not int:
        ctx.wrong_type(_at(path, "version"), version, f"the integer {VERSION}")
    elif version > VERSION:
        msg = (
            f"the file is in format version {version}, but this secdialogue reads version"
            f" {VERSION} at most: upgrade secdialogue to read it"
        )
        ctx.add(_at(path, "version"), "unsupported-version", msg)
        return False
    elif version < VERSION:
        msg = f"format version {version} does not exist; the first version is 1"
        ctx.add(_at(path, "version"), "unsupported-version", msg)
        return False
    return True


def _structure_entities(spec: _Spec, items: list[Any], path: str, ctx: _Context) -> list[Any]:
    """Each item read the fast way, or else the reporting way."""
    read = _reader(spec.cls)
    entities = []
    for index, item in enumerate(items):
        entity = read(item, ctx)
        if entity is _SLOW:
            entity = _structure_object(spec, item, f"{path}[{index}]", ctx)
        entities.append(entity)
    return entities


def _structure_dossier(obj: Any, path: str, ctx: _Context) -> Any:  # noqa: ANN401
    if type(obj) is not dict:
        ctx.wrong_type(path, obj, f'a dossier (a JSON object with "format": "{FORMAT}")')
        return _INVALID
    if not _check_marker(obj, path, ctx):
        return _INVALID
    import difflib  # noqa: PLC0415 -- only needed on the error path

    for key in obj:
        if key not in _DOSSIER_KEYS:
            close = difflib.get_close_matches(key, _DOSSIER_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            msg = f"unknown key {_quote(key)}{hint}: the keys are {', '.join(_DOSSIER_KEYS)}"
            ctx.add(_at(path, key), "unknown-key", msg)
    kwargs: dict[str, Any] = {}
    for _, key, spec in _COLLECTIONS:
        here = _at(path, key)
        items = obj.get(key, _INVALID)
        if items is _INVALID:
            msg = f'a dossier lists its {key}, even when there are none: add "{key}": []'
            ctx.add(here, "missing-key", msg)
            continue
        if type(items) is not list:
            ctx.wrong_type(here, items, "an array")
            continue
        kwargs[key] = _structure_entities(spec, items, here, ctx)
    if ctx.problems:
        return _INVALID
    try:
        return Dossier(**kwargs)
    except ValidationError as error:
        ctx.extend(path, error)
        return _INVALID


# -- unstructuring ------------------------------------------------------------------


def _unstructure_object(spec: _Spec, value: Any) -> dict[str, Any]:  # noqa: ANN401
    out: dict[str, Any] = {}
    for field in spec.fields:
        item = getattr(value, field.name)
        if field.has_default and (item is field.default or item == field.default):
            continue
        out[field.key] = item if field.dump is None else field.dump(item)
    return out


def _unstructure_dossier(dossier: Dossier) -> dict[str, Any]:
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for name, key, spec in _COLLECTIONS:
        out[key] = [_unstructure_object(spec, entity) for entity in getattr(dossier, name)]
    return out


def _write_dossier(dossier: Dossier) -> str:
    """The dossier's text, joined once to copy the large text as little as possible."""
    memo: dict[int, str] = {}
    out = [f'{{\n  "format": {_encode_string(FORMAT)},\n  "version": {VERSION}']
    for name, key, spec in _COLLECTIONS:
        entities = getattr(dossier, name)
        if not entities:
            out.append(f",\n  {_encode_string(key)}: []")
            continue
        write = _writer(spec.cls, "    ")
        out.append(f",\n  {_encode_string(key)}: [\n    ")
        out += [text for entity in entities for text in (write(entity, memo), ",\n    ")]
        out[-1] = "\n  ]"
    out.append("\n}\n")
    return "".join(out)


_DUMPERS: Final[dict[type[Any], Callable[[Any], Any]]] = {
    **{cls: _hooks_for(cls)[1] for cls in _OBJECT_CLASSES},  # type: ignore[misc]
    When: str,
    Dossier: _unstructure_dossier,
}

_Root: TypeAlias = Callable[[Any, str, _Context], Any]


def _object_root(spec: _Spec) -> _Root:
    def structure(obj: Any, path: str, ctx: _Context) -> Any:  # noqa: ANN401
        value = _reader(spec.cls)(obj, ctx)
        return _structure_object(spec, obj, path, ctx) if value is _SLOW else value

    return structure


def _when_root(obj: Any, path: str, ctx: _Context) -> Any:  # noqa: ANN401
    return _when_hook(obj, path, None, ctx)


_ROOTS: Final[dict[type[Any], _Root]] = {
    **{cls: _object_root(_SPECS[cls]) for cls in _OBJECT_CLASSES},
    When: _when_root,
    Dossier: _structure_dossier,
}


def _structure_root(structure: _Root, obj: Any) -> Any:  # noqa: ANN401
    ctx = _Context()
    try:
        if isinstance(obj, _Unicode):
            _report_surrogates(obj.value, ctx)
            value = _INVALID
        else:
            value = structure(obj, "$", ctx)
    except _Stop:
        value = _INVALID
    if value is _INVALID:
        raise LoadError(ctx.problems)
    return value


# -- parsing ---------------------------------------------------------------------------

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE: Final = re.compile(r"\\u[dD][89a-fA-F]")


class _Unicode:
    """Parsed JSON whose strings hold lone surrogates, from escapes of U+D800 to U+DFFF."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def _report_surrogates(value: object, ctx: _Context) -> None:
    msg = "the text holds a lone surrogate (an escape such as \\ud800 that is not half of a pair)"
    stack: list[tuple[str, object]] = [("$", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                ctx.add(path, "invalid-unicode", f"{msg}: write the character itself")
        elif isinstance(item, dict):
            children: list[tuple[str, object]] = []
            for key, child in item.items():
                if _SURROGATE.search(key):
                    ctx.add(path, "invalid-unicode", f"a key of this object: {msg}")
                children.append((_at(path, key), child))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend(reversed([(f"{path}[{i}]", c) for i, c in enumerate(item)]))


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    duplicate = _DuplicateKeys(obj)
    seen: set[str] = set()
    duplicate.duplicates = []
    for key, _ in pairs:
        if key in seen and key not in duplicate.duplicates:
            duplicate.duplicates.append(key)
        seen.add(key)
    return duplicate


def _parse_int(text: str) -> int | _Bad:
    digits = len(text) - text.startswith("-")
    if digits > MAX_INT_DIGITS:
        what = f"a number of {digits} digits (at most {MAX_INT_DIGITS} are read)"
        return _Bad("number-too-large", what)
    return int(text)


def _parse_constant(name: str) -> _Bad:
    return _Bad("non-finite-number", f"{name} is not a JSON number")


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_object_pairs, parse_int=_parse_int, parse_constant=_parse_constant
)


def _fail(message: str, code: str) -> LoadError:
    return LoadError([Problem(path="$", code=code, message=message)])


def _text(data: object, max_size: int) -> str:
    """The JSON text of ``data``, checked for size and encoding."""
    if isinstance(data, bytes | bytearray):
        if len(data) > max_size:
            msg = f"the input is {len(data)} bytes; at most {max_size} are read (see max_size)"
            raise _fail(msg, "too-large")
        if data.startswith(b"\xef\xbb\xbf"):
            msg = "the input starts with a byte-order mark: save it as UTF-8 without one"
            raise _fail(msg, "bom")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            msg = f"the input is not UTF-8: byte {error.start} is invalid ({error.reason})"
            raise _fail(msg, "invalid-utf8") from None
    if isinstance(data, str):
        if len(data) > max_size:
            msg = (
                f"the input is {len(data)} characters; at most {max_size} are read (see max_size)"
            )
            raise _fail(msg, "too-large")
        if data.startswith("\ufeff"):
            msg = "the text starts with a byte-order mark (U+FEFF): remove it"
            raise _fail(msg, "bom")
        if not data.isascii():
            match = _SURROGATE.search(data)
            if match is not None:
                msg = f"character {match.start()} is a lone surrogate, which is not text"
                raise _fail(msg, "invalid-unicode")
        return data
    msg = f"expected JSON text as str or bytes, not {type(data).__name__}"
    raise _fail(msg, "wrong-type")


def _check_max_size(max_size: object) -> None:
    if type(max_size) is not int or max_size < 0:
        msg = f"max_size must be a non-negative int, not {excerpt(max_size)}"
        raise _fail(msg, "invalid-argument")


def _parse(data: object, max_size: int) -> object:
    """The JSON value of ``data``; refuses what no valid file contains."""
    _check_max_size(max_size)
    text = _text(data, max_size)
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        msg = f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        raise _fail(msg, "invalid-json") from None
    except RecursionError:
        msg = "the JSON is nested too deeply to read (no dossier nests more than 5 levels)"
        raise _fail(msg, "too-deep") from None
    if _ESCAPED_SURROGATE.search(text):
        probe = _Context()
        with contextlib.suppress(_Stop):
            _report_surrogates(value, probe)
        if probe.problems:
            return _Unicode(value)
    return value


# -- the public API ------------------------------------------------------------------------


def make_converter() -> cattrs.Converter:
    """A new cattrs converter configured for every secdialogue type.

    It is independent of cattrs' global converter, so configuring one never
    changes another. It holds:

    * unstructure hooks for :class:`~secdialogue.Dossier`, every entity and
      value object (:class:`~secdialogue.Place`, :class:`~secdialogue.Citation`,
      :class:`~secdialogue.Stance`) and :class:`~secdialogue.When`: dicts whose
      keys follow the class's field order, leaving out fields equal to their
      default; times as ``str(when)``; enums by value; tuples as lists;
    * strict structure hooks for the same types and every enum: no coercion,
      unknown keys rejected, all problems collected with JSON paths and raised
      as one :class:`~secdialogue.LoadError`.

    :func:`dumps` and :func:`loads` use such a converter; use your own to
    embed secdialogue values in larger documents.

    Returns:
        A new :class:`cattrs.Converter`.

    .. versionadded:: 0.1.0
    """
    converter = cattrs.Converter()
    for cls, unstructure in _DUMPERS.items():
        converter.register_unstructure_hook(cls, unstructure)
    for cls, root in _ROOTS.items():
        converter.register_structure_hook(cls, _cattrs_hook(root))
    for kind in _ENUMS:
        converter.register_unstructure_hook(kind, _enum_value)
        converter.register_structure_hook(kind, _cattrs_hook(_enum_root(kind)))
    return converter


_ENUMS: Final = tuple(
    {
        kind: None
        for spec in _SPECS.values()
        for tp in typing.get_type_hints(spec.cls).values()
        for kind in (tp, *typing.get_args(tp))
        if isinstance(kind, type) and issubclass(kind, enum.Enum)
    }
)


def _enum_root(kind: type[enum.Enum]) -> _Root:
    hook = _enum_hook(kind)

    def structure(obj: Any, path: str, ctx: _Context) -> Any:  # noqa: ANN401
        return hook(obj, path, None, ctx)

    return structure


def _cattrs_hook(root: _Root) -> Callable[[Any, Any], Any]:
    def hook(obj: Any, _type: Any) -> Any:  # noqa: ANN401
        return _structure_root(root, obj)

    return hook


_CONVERTER: Final = make_converter()


def dumps(value: Value) -> str:
    """Encode a value as canonical JSON text.

    The same value always gives the same text: UTF-8 characters unescaped,
    two-space indents, keys in the documented order, a final newline. A
    :class:`~secdialogue.Dossier` starts with ``"format": "secdialogue"`` and
    ``"version": 1``; any other value (an entity, a place, a time) is
    written on its own, without the marker.

    Args:
        value: A Dossier, an entity, a Place, Citation or Stance, or a When.

    Returns:
        The JSON text.

    Raises:
        ValidationError: If ``value`` is of no such type.

    .. versionadded:: 0.1.0
    """
    if type(value) not in _DUMPERS:
        kind = type(value).__name__
        msg = f"dumps writes secdialogue values (a Dossier, an entity, a When), not {kind}"
        raise ValidationError([Problem(path="$", code="wrong-type", message=msg)])
    if type(value) is When:
        return _encode_string(str(value)) + "\n"
    if type(value) is Dossier:
        return _write_dossier(value)
    return _writer(type(value), "")(value, {}) + "\n"


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
    and limits. Every problem found is reported, up to 100 (then a last ``too-many-problems``).

    Args:
        data: JSON text, as str or as UTF-8 bytes (without a byte-order mark).
        type: The type to read: :class:`~secdialogue.Dossier`, an entity
            class, :class:`~secdialogue.Place`, :class:`~secdialogue.Citation`,
            :class:`~secdialogue.Stance` or :class:`~secdialogue.When`.
        max_size: The largest input accepted, in bytes (characters for str).

    Returns:
        The value read.

    Raises:
        LoadError: For any input that is not a valid value of ``type``, and
            for a ``type`` the codec does not read. No other exception escapes.

    .. versionadded:: 0.1.0
    """
    root = _ROOTS.get(type)
    if root is None:
        msg = f"loads reads secdialogue values (a Dossier, an entity, a When), not {type!r}"
        raise _fail(msg, "unsupported-type")
    enabled = gc.isenabled()
    gc.disable()  # building many objects at once: cyclic GC would only slow it down
    try:
        value: _T | Dossier = _CONVERTER.structure(_parse(data, max_size), type)
    finally:
        if enabled:
            gc.enable()
    return value


def dump(value: Value, path: str | os.PathLike[str]) -> None:
    """Write a value to ``path`` as canonical JSON, atomically.

    The text of :func:`dumps` is written, as UTF-8, to a temporary file in
    the same directory, flushed to disk and moved over ``path`` in one step:
    readers see the old file or the new one, never a part. A file that
    already exists keeps its permission bits; a new one gets the default
    ones (subject to the umask). On Linux the temporary file has no name
    until it is complete, so a crash leaves nothing behind; elsewhere a crash
    may leave a hidden ``.NAME.*.tmp`` file next to ``path``.

    Args:
        value: What :func:`dumps` accepts.
        path: The file to write.

    Raises:
        ValidationError: If ``value`` cannot be written as JSON.
        OSError: If the file cannot be written; ``path`` is then unchanged.

    .. versionadded:: 0.1.0
    """
    try:
        data = dumps(value).encode("utf-8")
    except UnicodeEncodeError as error:
        msg = f"the value holds text that is not Unicode (a lone surrogate at {error.start})"
        raise ValidationError([Problem(path="$", code="invalid-unicode", message=msg)]) from None
    write_atomically(path, data)


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` so readers see old or new, never a part.

    For :func:`dump` and the command line. Keeps an existing file's mode.

    Raises:
        OSError: If the file cannot be written; ``path`` is then unchanged.
    """
    target = Path(path)
    directory = target.absolute().parent
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    temp = directory / f".{target.name}.{os.urandom(6).hex()}.tmp"
    if not _write_unnamed(str(directory), str(temp), data):
        _write_named(str(temp), data)
    try:
        if mode is not None:
            temp.chmod(mode)
        temp.replace(target)
    except BaseException:
        _remove(str(temp))
        raise
    _sync_directory(str(directory))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def _write_unnamed(directory: str, temp: str, data: bytes) -> bool:
    """Write to an unnamed file (Linux O_TMPFILE), naming it ``temp`` once complete."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return False
    try:
        fd = os.open(directory, flag | os.O_WRONLY, 0o666)
    except OSError:  # the file system cannot make unnamed files
        return False
    try:
        _write_all(fd, data)
        try:
            os.link(f"/proc/self/fd/{fd}", temp)
        except OSError:  # no /proc to name the file through
            return False
    finally:
        os.close(fd)
    return True


def _write_named(temp: str, data: bytes) -> None:
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        _write_all(fd, data)
    except BaseException:
        os.close(fd)
        _remove(temp)
        raise
    os.close(fd)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        Path(path).unlink()


def _sync_directory(directory: str) -> None:
    """Make the rename durable; some systems (Windows) cannot open a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
            too large, or does not hold a valid value. No other exception
            escapes.

    .. versionadded:: 0.1.0
    """
    _check_max_size(max_size)
    try:
        with open(os.fspath(path), "rb") as file:  # noqa: PTH123 -- a plain path is all we need
            data = file.read(max_size + 1)
    except (OSError, TypeError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        msg = f"cannot read {path!r}: {reason}"
        raise _fail(msg, "unreadable") from None
    return loads(data, type, max_size=max_size)
