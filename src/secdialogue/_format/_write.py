"""The canonical writer: model values to JSON text, the same value always the same text.

The text is what ``json.dumps(value, ensure_ascii=False, indent=2)`` gives
for the unstructured value, with keys in class order and fields equal to
their default left out. For each model class and indentation, a function is
generated from the field table that writes an instance with its keys,
brackets and indentation as constants (its source registered in
:mod:`linecache`); :func:`unstructure` gives the same value as plain dicts
and lists, for the cattrs converter.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

from secdialogue._format._generate import generate
from secdialogue._format._table import COLLECTIONS, FORMAT, TABLES, VERSION

if TYPE_CHECKING:
    from collections.abc import Callable

    from secdialogue._dossier import Dossier
from secdialogue._format._table import Field, Table

__all__ = ["encode_string", "unstructure", "write_dossier", "writer"]

encode_string: Final[Callable[[str], str]] = json.encoder.encode_basestring
"""A str as a JSON string, non-ASCII kept: as ``json.dumps(text, ensure_ascii=False)``."""

_Writer = "Callable[[Any, dict[int, str]], str]"
_WRITERS: Final[dict[tuple[type[Any], str], Any]] = {}


def writer(cls: type[Any], pad: str) -> Callable[[Any, dict[int, str]], str]:
    """The writer of ``cls`` values indented by ``pad``, generated on first use."""
    write = _WRITERS.get((cls, pad))
    if write is None:
        write = _WRITERS[cls, pad] = _generate(TABLES[cls], pad)
    return write  # type: ignore[no-any-return]


def _value_text(field: Field, v: str, n: int, ns: dict[str, Any], item: str) -> str:
    """The expression giving the text of one value ``v`` of ``field``."""
    if field.shape == "when":
        return f"_when({v}, memo)"
    if field.shape == "string":
        return f"_enc({v})"
    if field.shape == "integer":
        return f"_int({v})"
    if field.shape == "choice":
        return f"_enc({v}._value_)"
    ns[f"_W{n}"] = writer(field.cls, item)  # type: ignore[arg-type]
    return f"_W{n}({v}, memo)"


def _when_text(when: object, memo: dict[int, str]) -> str:
    text = memo.get(id(when))
    if text is None:
        text = memo[id(when)] = encode_string(str(when))
    return text


def _generate(table: Table, pad: str) -> Any:  # noqa: ANN401
    """Generate a function giving the text of a ``table.cls`` value indented by ``pad``.

    Each run of required fields is one f-string; an optional field is added
    when it differs from its default; an optional tuple only when not empty,
    a required one as ``[]`` when empty.
    """
    inner, item = pad + "  ", pad + "    "
    ns: dict[str, Any] = {"_enc": encode_string, "_int": int.__repr__, "_when": _when_text}
    ns["_EMPTY"] = "[]"
    lines = ["def write(value, memo):"]
    pending = ""  # the f-string of the required fields not yet written
    started = False
    for n, field in enumerate(table.fields):
        v = f"v{n}"
        lines.append(f"    {v} = value.{field.name}")
        literal = ("{" if n == 0 else ",") + f"\n{inner}{encode_string(field.key)}: "
        literal = literal.replace("{", "{{").replace("}", "}}")
        if field.many:
            ns[f"_SEP{n}"], ns[f"_OPEN{n}"], ns[f"_CLOSE{n}"] = (
                ",\n" + item,
                "[\n" + item,
                "\n" + inner + "]",
            )
            one = _value_text(field, "e", n, ns, item)
            items = f"[{one} for e in {v}]"
            text = (
                f"{{_OPEN{n} + _SEP{n}.join({items}) + _CLOSE{n} if {v} else _EMPTY}}"
                if field.required
                else f"[\n{item}{{_SEP{n}.join({items})}}\n{inner}]"
            )
        else:
            text = "{" + _value_text(field, v, n, ns, inner) + "}"
        piece = literal + text
        if field.required:
            pending += piece
            continue
        if pending or not started:
            lines.append(f"    text {'+=' if started else '='} f{pending!r}")
        pending, started = "", True
        ns[f"_D{n}"] = field.default
        lines.append(f"    if not ({v} is _D{n} or {v} == _D{n}):")
        lines.append(f"        text += f{piece!r}")
    closing = pending + f"\n{pad}}}}}"
    lines.append(f"    return {'text + ' if started else ''}f{closing!r}")
    return generate(lines, f"<secdialogue writer {table.cls.__name__} {len(pad)}>", ns, "write")


def write_dossier(dossier: Dossier) -> str:
    """The dossier's canonical text, joined once to copy the large text as little as possible."""
    memo: dict[int, str] = {}
    out = [f'{{\n  "format": {encode_string(FORMAT)},\n  "version": {VERSION}']
    for kind, _ in COLLECTIONS:
        entities = dossier._entities(kind.key)  # noqa: SLF001 -- the format sits beside the Dossier
        key = encode_string(kind.key)
        if not entities:
            out.append(f",\n  {key}: []")
            continue
        write = writer(kind.cls, "    ")
        out.append(f",\n  {key}: [\n    ")
        out += [text for entity in entities for text in (write(entity, memo), ",\n    ")]
        out[-1] = "\n  ]"
    out.append("\n}\n")
    return "".join(out)


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
