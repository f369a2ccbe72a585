"""The canonical writer: model values to JSON text, the same value always the same text.

The text is what ``json.dumps(value, ensure_ascii=False, indent=2)`` gives
for the unstructured value, with keys in class order and fields equal to
their default left out. A function generated per model class from the field
table turns a value into its wire struct (:mod:`._wire`), a default field
left ``UNSET``; msgspec encodes the structs and lays the text out with
two-space indents, both in C. :func:`unstructure` gives the same value as
plain dicts and lists, for the cattrs converter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeAlias

import msgspec

from secdialogue._dossier import Dossier
from secdialogue._format._generate import generate
from secdialogue._format._table import COLLECTIONS, FORMAT, TABLES, VERSION
from secdialogue._format._wire import DOSSIER, SHARED, STRUCTS
from secdialogue._time import When

if TYPE_CHECKING:
    from collections.abc import Callable

from secdialogue._format._table import Field, Table

__all__ = ["HEADER", "encode", "encode_lines", "unstructure", "unstructure_dossier"]

_ENCODE: Final = msgspec.json.Encoder().encode


def _wire_value(field: Field, v: str, n: int, ns: dict[str, Any]) -> str:
    """The expression giving the wire form of ``v``, a value of ``field`` (or one of its items)."""
    if field.shape == "when":
        return f"_str({v})"
    if field.shape == "object":
        ns[f"_W{n}"] = _WIRING[field.cls]  # type: ignore[index]  # nested classes come first
        if field.cls in SHARED:  # one wire struct per shared object, made on first sight
            return f"(memo.get(id({v})) or _W{n}({v}, memo))"
        return f"_W{n}({v}, memo)"
    return v  # a string, an int, or an enum member, which msgspec writes by its value


_Wiring: TypeAlias = "Callable[[Any, dict[int, msgspec.Struct]], msgspec.Struct]"


def _generate(table: Table) -> _Wiring:
    """Generate the function that gives a ``table.cls`` value's wire struct.

    ``memo`` holds, for one write, the wire struct of each shared object
    already seen, by ``id``: the objects live as long as the write.
    """
    ns: dict[str, Any] = {"_Wire": STRUCTS[table.cls], "_UNSET": msgspec.UNSET, "_str": str}
    lines = ["def wire(value, memo):"]
    arguments = []
    for n, field in enumerate(table.fields):
        v = f"v{n}"
        lines.append(f"    {v} = value.{field.name}")
        if field.many:
            one = _wire_value(field, "e", n, ns)
            wired = v if one == "e" else f"[{one} for e in {v}]"
        else:
            wired = _wire_value(field, v, n, ns)
        if field.required:
            arguments.append(f"{field.key}={wired}")
            continue
        # As Field.is_default: the default itself, or equal to it. No model value
        # equals None, so that default is asked for by identity alone.
        ns[f"_D{n}"] = field.default
        absent = f"{v} is None" if field.default is None else f"{v} is _D{n} or {v} == _D{n}"
        arguments.append(f"{field.key}=_UNSET if {absent} else {wired}")
    lines.append(f"    wired = _Wire({', '.join(arguments)})")
    if table.cls in SHARED:
        lines.append("    memo[id(value)] = wired")
    lines.append("    return wired")
    name = f"<secdialogue writer {table.cls.__name__}>"
    wire: _Wiring = generate(lines, name, ns, "wire")
    return wire


_WIRING: Final[dict[type[Any], _Wiring]] = {}
for _table in TABLES.values():  # nested value objects come first
    _WIRING[_table.cls] = _generate(_table)


def _wire_dossier(dossier: Dossier) -> msgspec.Struct:
    memo: dict[int, msgspec.Struct] = {}
    collections = {
        kind.key: [_WIRING[kind.cls](e, memo) for e in dossier._entities(kind.key)]  # noqa: SLF001
        for kind, _ in COLLECTIONS
    }
    return DOSSIER(format=FORMAT, version=VERSION, **collections)


def encode(value: object) -> bytes:
    """The canonical text of a Dossier, a model value or a When, as UTF-8, with a final newline.

    Raises:
        UnicodeEncodeError: If the value holds a lone surrogate.
        KeyError: If ``value`` is of no such type.
    """
    kind = type(value)
    if kind is When:
        return _ENCODE(str(value)) + b"\n"
    wire = _wire_dossier(value) if kind is Dossier else _WIRING[kind](value, {})  # type: ignore[arg-type]
    return msgspec.json.format(_ENCODE(wire), indent=2) + b"\n"


HEADER: Final = _ENCODE({"format": FORMAT, "version": VERSION}) + b"\n"
"""The first line of a JSON Lines file: ``{"format":"secdialogue","version":2}``."""


def encode_lines(dossier: Dossier) -> bytes:
    """The JSON Lines text of a dossier, as UTF-8: its header, then one entity a line.

    Each entity's line is ``{"noun":`` its canonical JSON, compact, ``}``;
    the kinds come in file order, each in the dossier's order.

    Raises:
        UnicodeEncodeError: If the dossier holds a lone surrogate.
    """
    memo: dict[int, msgspec.Struct] = {}
    lines = [HEADER]
    for kind, _ in COLLECTIONS:
        wire, start = _WIRING[kind.cls], b'{"' + kind.noun.encode() + b'":'
        lines.extend(
            start + _ENCODE(wire(e, memo)) + b"}\n"
            for e in dossier._entities(kind.key)  # noqa: SLF001
        )
    return b"".join(lines)


def _plain(field: Field, value: Any) -> Any:  # noqa: ANN401
    if field.shape == "when":
        return str(value)
    if field.shape == "choice":
        return value._value_
    if field.shape == "object":
        return unstructure(value)
    return value


def unstructure(value: Any) -> dict[str, Any]:  # noqa: ANN401
    """A model value as a dict of JSON values, in the order and form of its canonical text."""
    table = TABLES[type(value)]
    out: dict[str, Any] = {}
    for field in table.fields:
        item = getattr(value, field.name)
        if field.is_default(item):
            continue
        out[field.key] = [_plain(field, e) for e in item] if field.many else _plain(field, item)
    return out


def unstructure_dossier(dossier: Dossier) -> dict[str, Any]:
    """A dossier as a dict of JSON values, in the order and form of its canonical text."""
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for kind, _ in COLLECTIONS:
        out[kind.key] = [unstructure(e) for e in dossier._entities(kind.key)]  # noqa: SLF001
    return out
