r"""The fast reader: valid dossier files into model values, with msgspec.

msgspec decodes the JSON straight into "wire" structs made from the field
table (types, required and unknown keys checked in C); a function generated
per model class then builds the model value from a wire struct, running the
model's rules, as the attrs ``__init__`` would. A rule that depends on the
value alone (an id, a text, a zone) is run once per distinct value in a load,
since ids, zones and topics repeat across thousands of entities.

This reader only ever answers with a valid :class:`~secdialogue.Dossier`:
at the first thing it does not accept it raises :class:`Fallback`, and the
caller reads the same input again with the error-collecting reader
(:mod:`._read`), which reports every problem. So the fast path changes the
speed, never the result nor the errors; the tests check both readers agree.

One rule of the format has no msgspec counterpart: an object must not repeat
a key (msgspec keeps the last value). The reader counts instead: outside
strings, a colon in JSON text only ever ends a key, so the text's colons are
the keys of all its objects plus the colons inside its strings. Each wire
struct tells which keys were present, and each string read tells its colons;
if the sums differ from the text's count, some object repeated a key (or the
text escaped a colon as ``\u003a``, which this count cannot see), and the
input goes to the error-collecting reader.

Generated functions are compiled with their source registered in
:mod:`linecache`, so tracebacks and debuggers show their lines, as attrs and
cattrs do with theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs
import msgspec

from secdialogue._checks import Each, IsId, Maybe
from secdialogue._dossier import Dossier
from secdialogue._format._generate import generate
from secdialogue._format._table import COLLECTIONS, FORMAT, TABLES, VERSION
from secdialogue._time import IsZone, When
from secdialogue.exceptions import ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable

from secdialogue._format._table import Field, Table

__all__ = ["Fallback", "read_dossier"]

_DOSSIER_KEYS: Final = 2 + len(COLLECTIONS)  # "format", "version" and one list per kind


class Fallback(Exception):  # noqa: N818 -- control flow: "read this the reporting way"
    """The fast reader does not accept this input; the error-collecting reader will say why."""


class _Tally:
    """One load's bookkeeping: keys and string colons seen, times parsed, values known valid."""

    __slots__ = ("colons", "keys", "valid", "whens")

    def __init__(self, slots: int) -> None:
        self.keys = 0
        self.colons = 0
        self.whens: dict[str, When] = {}
        self.valid: list[set[object]] = [set() for _ in range(slots)]


def _parse_when(text: str, whens: dict[str, When]) -> When:
    when = whens[text] = When.parse(text)
    return when


# -- wire structs ------------------------------------------------------------------------


def _wire_type(field: Field, structs: dict[type[Any], type[msgspec.Struct]]) -> Any:  # noqa: ANN401
    if field.shape in ("string", "when"):
        one: Any = str
    elif field.shape == "integer":
        one = int
    elif field.shape == "choice":
        one = field.cls
    else:
        one = structs[field.cls]  # type: ignore[index]
    return _tuple_of(one) if field.many else one


def _tuple_of(item: Any) -> Any:  # noqa: ANN401
    return tuple[item, ...]


def _wire_structs() -> dict[type[Any], type[msgspec.Struct]]:
    structs: dict[type[Any], type[msgspec.Struct]] = {}
    for cls, table in TABLES.items():  # nested value objects come first
        fields = [
            (f.key, _wire_type(f, structs))
            if f.required
            else (f.key, _wire_type(f, structs) | msgspec.UnsetType, msgspec.UNSET)
            for f in table.fields
        ]
        structs[cls] = msgspec.defstruct(
            f"Wire{cls.__name__}", fields, forbid_unknown_fields=True, kw_only=True
        )
    return structs


# -- generated builders ------------------------------------------------------------------


def _may_hold_colons(field: Field) -> bool:
    """Whether a valid value of ``field`` may hold a colon, which the key census must count.

    Ids and zone names never do: their rules refuse a colon, so a value with
    one fails its rule below and the input goes the reporting way anyway.
    """
    if field.shape == "when":
        return True
    return field.shape == "string" and not isinstance(field.leaf, IsId | IsZone)


def _check(field: Field, n: int, slots: dict[object, int]) -> list[str]:
    """The lines that run the rule of field ``n`` on its value ``v{n}``.

    A string rule's verdict depends on the value alone, so it is kept per
    distinct value in the load's ``valid`` sets; an integer's rule always
    runs. A time, a choice or a nested object was made here of the right
    class (a When, a member of the enum, an instance built from its struct),
    so what its rule checks first holds already; a tuple of them still has
    its count and repeats to check.
    """
    v = f"v{n}"
    if field.shape == "string":
        slot = slots.setdefault(field.rule, len(slots))
        return [
            f"    if {v} not in valid[{slot}]:",
            f"        _V{n}(self, _A{n}, {v})",
            f"        valid[{slot}].add({v})",
        ]
    if field.shape == "integer":
        return [f"    _V{n}(self, _A{n}, {v})"]
    if not field.many:
        return []
    rule = field.rule.rule if isinstance(field.rule, Maybe) else field.rule
    assert isinstance(rule, Each)  # noqa: S101 -- tuples are Each
    if rule.min_items:
        return [f"    _V{n}(self, _A{n}, {v})"]
    if rule.duplicate is None:
        return []
    return [f"    if len({v}) > 1:", f"        _V{n}(self, _A{n}, {v})"]


def _builder(table: Table, builders: dict[type[Any], Any], slots: dict[object, int]) -> Any:  # noqa: ANN401
    """Generate the function that builds a ``table.cls`` value from its wire struct."""
    cls = table.cls
    attributes = attrs.fields(cls)
    ns: dict[str, Any] = {
        "_UNSET": msgspec.UNSET,
        "_new": object.__new__,
        "_cls": cls,
        "_parse_when": _parse_when,
    }
    required = sum(1 for f in table.fields if f.required)
    body = [
        "def build(w, tally):",
        f"    keys = {required}",
        "    colons = 0",
        "    valid = tally.valid",
        "    whens = tally.whens",
    ]
    checks: list[str] = []
    for n, (field, attribute) in enumerate(zip(table.fields, attributes, strict=True)):
        v = f"v{n}"
        body.append(f"    {v} = w.{field.key}")
        pad = "    "
        if not field.required:
            ns[f"_D{n}"] = field.default
            body += [
                f"    if {v} is _UNSET:",
                f"        {v} = _D{n}",
                "    else:",
                "        keys += 1",
            ]
            pad = "        "
        if _may_hold_colons(field) and not field.many:
            body.append(f"{pad}colons += {v}.count(':')")
        elif _may_hold_colons(field):
            body.append(f"{pad}colons += ''.join({v}).count(':')")
        if field.shape == "when":
            body.append(f"{pad}{v} = whens.get({v}) or _parse_when({v}, whens)")
        elif field.shape == "object":
            ns[f"_B{n}"] = builders[field.cls]  # type: ignore[index]
            if field.many:
                body.append(f"{pad}{v} = tuple([_B{n}(item, tally) for item in {v}])")
            else:
                body.append(f"{pad}{v} = _B{n}({v}, tally)")
        ns[f"_S{n}"] = cls.__dict__[field.name].__set__
        ns[f"_V{n}"], ns[f"_A{n}"] = field.rule, attribute
        checks += _check(field, n, slots)
    lines = [
        *body,
        "    self = _new(_cls)",
        *(f"    _S{n}(self, v{n})" for n in range(len(table.fields))),
        *checks,
    ]
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("    self.__attrs_post_init__()")
    lines += ["    tally.keys += keys", "    tally.colons += colons", "    return self"]
    return generate(lines, f"<secdialogue fast reader {cls.__name__}>", ns, "build")


def _builders() -> tuple[dict[type[Any], Any], int]:
    builders: dict[type[Any], Any] = {}
    slots: dict[object, int] = {}
    for cls, table in TABLES.items():  # nested value objects come first
        builders[cls] = _builder(table, builders, slots)
    return builders, len(slots)


_WIRE: Final = _wire_structs()
_BUILDERS, _SLOTS = _builders()


class _WireDossier(msgspec.Struct, forbid_unknown_fields=True):
    format: str
    version: int


_DOSSIER: Final = msgspec.defstruct(
    "WireDossier",
    [(kind.key, _tuple_of(_WIRE[kind.cls])) for kind, _ in COLLECTIONS],
    bases=(_WireDossier,),
    forbid_unknown_fields=True,
)
_DECODER: Final = msgspec.json.Decoder(_DOSSIER)


def read_dossier(text: str | bytes) -> Dossier:
    """The Dossier of a valid file's text.

    Raises:
        Fallback: If the input is not a valid dossier file, or this reader
            cannot be sure it is (see the module's notes on duplicate keys).
    """
    try:
        wire: Any = _DECODER.decode(text)
    except msgspec.MsgspecError:
        raise Fallback from None
    if wire.format != FORMAT or wire.version != VERSION:
        raise Fallback
    tally = _Tally(_SLOTS)
    collections: dict[str, tuple[Any, ...]] = {}
    try:
        for kind, _ in COLLECTIONS:
            build: Callable[[Any, _Tally], Any] = _BUILDERS[kind.cls]
            collections[kind.key] = tuple([build(item, tally) for item in getattr(wire, kind.key)])
    except ValidationError:
        raise Fallback from None
    colon, escaped = (
        (":", ("\\u003a", "\\u003A"))
        if isinstance(text, str)
        else (b":", (b"\\u003a", b"\\u003A"))
    )
    if (
        text.count(colon) != _DOSSIER_KEYS + tally.keys + tally.colons  # type: ignore[arg-type]
        or escaped[0] in text  # type: ignore[operator]
        or escaped[1] in text  # type: ignore[operator]
    ):
        raise Fallback
    try:
        return Dossier(**collections)
    except ValidationError:
        raise Fallback from None
