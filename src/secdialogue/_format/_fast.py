r"""The fast reader: valid dossier files into model values, with msgspec.

msgspec decodes the JSON straight into "wire" structs made from the field
table (types, lengths, ranges, required and unknown keys checked in C); a
function generated per model class then builds the model value from a wire
struct, running the rest of the model's rules, as the attrs ``__init__``
would. A rule on a value that repeats (an id, a zone, a code, the topics) is
run once per distinct value in a load, and equal values share one object, as
do equal places and stances: a loaded dossier keeps one copy of each.

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

import msgspec

from secdialogue._checks import Each, IsId, IsText, Maybe, Rule, text_fits
from secdialogue._dossier import Dossier
from secdialogue._format._generate import generate
from secdialogue._format._table import COLLECTIONS, FORMAT, TABLES, VERSION
from secdialogue._format._wire import SHARED, STRUCTS, WireDossier
from secdialogue._kinds import BY_CLASS
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
    """One load's bookkeeping: keys and string colons seen, and the values already read.

    ``known`` holds, per rule, the values read so far that passed it (a dict
    of each value to itself), and, per nested class, the values built so far
    from each wire struct with their keys and colons. Ids, zones, topics,
    places and stances repeat across thousands of entities: each is checked
    once, and every entity holding it holds the same object, so a loaded
    dossier keeps one copy of each in memory.
    """

    __slots__ = ("colons", "keys", "known", "whens")

    def __init__(self, slots: int) -> None:
        self.keys = 0
        self.colons = 0
        self.whens: dict[str, When] = {}
        self.known: list[dict[Any, Any]] = [{} for _ in range(slots)]


def _parse_when(text: str, whens: dict[str, When]) -> When:
    when = whens[text] = When.parse(text)
    return when


# -- generated builders ------------------------------------------------------------------


def _may_hold_colons(field: Field) -> bool:
    """Whether a valid value of ``field`` may hold a colon, which the key census must count.

    Ids and zone names never do: their rules refuse a colon, so a value with
    one fails its rule below and the input goes the reporting way anyway.
    """
    if field.shape == "when":
        return True
    return field.shape == "string" and not isinstance(field.leaf, IsId | IsZone)


def _keeper(rule: Rule, name: str) -> Callable[[Any, dict[Any, Any]], Any]:
    """A function that checks a value not seen before with ``rule`` and keeps it.

    The value is kept in the load's dict for the rule, as its own key, so
    that the next equal value is found there, unchecked, and replaced by the
    object kept.
    """
    check = rule.check

    def keep(value: Any, known: dict[Any, Any]) -> Any:  # noqa: ANN401
        check(name, value)
        known[value] = value
        return value

    return keep


def _first(build: Callable[[Any, _Tally], Any], slot: int) -> Callable[[Any, _Tally], Any]:
    """Build a shared nested value seen for the first time, and keep it with its census.

    The load's dict for the class keeps, by wire struct, the value with the
    keys and colons it counted, which each repeat counts again, as read.
    """

    def read(wire: Any, tally: _Tally) -> Any:  # noqa: ANN401
        keys, colons = tally.keys, tally.colons
        value = build(wire, tally)
        tally.known[slot][wire] = (value, tally.keys - keys, tally.colons - colons)
        return value

    return read


class _Generator:
    """Generates the builder of each model class, and numbers the load's dicts of known values."""

    def __init__(self) -> None:
        self.slots: dict[object, int] = {}
        self.builders: dict[type[Any], Any] = {}

    def slot(self, key: object) -> int:
        return self.slots.setdefault(key, len(self.slots))

    def _read(self, table: Table, field: Field, n: int, ns: dict[str, Any], pad: str) -> list[str]:
        """The lines that read value ``v{n}`` of ``field`` from the wire and check it.

        msgspec has checked the types, lengths and ranges (see
        ``_wire._constrained``): a number and a choice need nothing more. A text is
        checked in place (msgspec reads no lone surrogate); an id, a code, a
        zone or a tuple of them is checked the first time it is seen, and
        kept; a time is parsed once per distinct text; a nested object is
        built once per distinct wire struct. On any failure a rule raises,
        and the input goes the reporting way.
        """
        v, rule = f"v{n}", field.rule.rule if isinstance(field.rule, Maybe) else field.rule
        if field.shape == "when":
            return [f"{pad}{v} = whens.get({v}) or _parse_when({v}, whens)"]
        if field.shape == "object":
            return self._read_object(field, rule, n, ns, pad)
        if field.shape in ("integer", "choice"):
            return []  # checked by msgspec: its type and range
        if isinstance(field.leaf, IsText) and not field.many:
            ns[f"_C{n}"], ns[f"_L{n}"] = rule.check, field.leaf.max_length
            return [f"{pad}if not text_fits({v}, _L{n}):", f"{pad}    _C{n}({field.key!r}, {v})"]
        if field.name == "id" and table.cls in BY_CLASS:
            # An entity's own id is unique: checked, but not kept for others to share.
            assert isinstance(rule, IsId)  # noqa: S101 -- the id of an entity is an IsId
            ns[f"_C{n}"], ns[f"_M{n}"] = rule.check, rule.pattern.fullmatch
            return [f"{pad}if _M{n}({v}) is None:", f"{pad}    _C{n}({field.key!r}, {v})"]
        # An id, a code, a zone or a tuple of them: checked the first time it is
        # seen, and kept, so that equal values share one object.
        slot = self.slot(rule)
        ns[f"_K{n}"] = _keeper(rule, field.key)
        return [f"{pad}{v} = known[{slot}].get({v}) or _K{n}({v}, known[{slot}])"]

    @staticmethod
    def _shared(wire: str, put: str, n: int, pad: str) -> list[str]:
        """The lines that put the value of entry ``e``, or build it from ``wire``, and count it."""
        close = ")" if put.endswith("(") else ""
        return [
            f"{pad}if e is None:",
            f"{pad}    {put}_B{n}({wire}, tally){close}",
            f"{pad}else:",
            f"{pad}    keys += e[1]",
            f"{pad}    colons += e[2]",
            f"{pad}    {put}e[0]{close}",
        ]

    def _read_object(
        self, field: Field, rule: Rule, n: int, ns: dict[str, Any], pad: str
    ) -> list[str]:
        """The lines that build nested object ``v{n}`` (or a tuple of them), and check the tuple.

        A tuple of built objects is checked only for what building does not
        ensure: its count, and repeats.
        """
        v, cls = f"v{n}", field.cls
        build = self.builders[cls]  # type: ignore[index]
        if cls not in SHARED:
            ns[f"_B{n}"] = build
            if not field.many:
                return [f"{pad}{v} = _B{n}({v}, tally)"]
            lines = [f"{pad}{v} = tuple([_B{n}(item, tally) for item in {v}])"]
        else:
            slot = self.slot(cls)
            ns[f"_B{n}"] = _first(build, slot)
            if not field.many:
                return [
                    f"{pad}e = known[{slot}].get({v})",
                    *self._shared(v, f"{v} = ", n, pad),
                ]
            lines = [
                f"{pad}items = []",
                f"{pad}for item in {v}:",
                f"{pad}    e = known[{slot}].get(item)",
                *self._shared("item", "items.append(", n, pad + "    "),
                f"{pad}{v} = tuple(items)",
            ]
        assert isinstance(rule, Each)  # noqa: S101 -- tuples are Each
        ns[f"_C{n}"] = rule.check
        if rule.min_items:  # a count to check
            lines.append(f"{pad}_C{n}({field.key!r}, {v})")
        elif rule.duplicate is not None:  # repeats to check
            lines += [
                f"{pad}if len({v}) > 1 and len(set({v})) < len({v}):",
                f"{pad}    _C{n}({field.key!r}, {v})",
            ]
        return lines

    def generate(self, table: Table) -> None:
        """Generate the function that builds a ``table.cls`` value from its wire struct."""
        cls = table.cls
        ns: dict[str, Any] = {
            "_UNSET": msgspec.UNSET,
            "_new": object.__new__,
            "_cls": cls,
            "_parse_when": _parse_when,
            "text_fits": text_fits,
        }
        required = sum(1 for f in table.fields if f.required)
        body = [
            "def build(w, tally):",
            f"    keys = {required}",
            "    colons = 0",
            "    known = tally.known",
            "    whens = tally.whens",
        ]
        for n, field in enumerate(table.fields):
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
            body += self._read(table, field, n, ns, pad)
            ns[f"_S{n}"] = cls.__dict__[field.name].__set__
        lines = [
            *body,
            "    self = _new(_cls)",
            *(f"    _S{n}(self, v{n})" for n in range(len(table.fields))),
        ]
        if hasattr(cls, "__attrs_post_init__"):
            lines.append("    self.__attrs_post_init__()")
        lines += ["    tally.keys += keys", "    tally.colons += colons", "    return self"]
        name = f"<secdialogue fast reader {cls.__name__}>"
        self.builders[cls] = generate(lines, name, ns, "build")


def _builders() -> tuple[dict[type[Any], Any], int]:
    generator = _Generator()
    for table in TABLES.values():  # nested value objects come first
        generator.generate(table)
    return generator.builders, len(generator.slots)


_BUILDERS, _SLOTS = _builders()

# The file is decoded in two steps: first the dossier, each entity left as
# its raw text; then each entity into its wire struct, built at once into
# its model value. An entity's raw text and wire struct, and the strings of
# its ids that repeat others, are freed before the next is read, so a load
# never holds the whole file twice over.
_DECODER: Final = msgspec.json.Decoder(
    msgspec.defstruct(
        "RawDossier",
        [(kind.key, list[msgspec.Raw]) for kind, _ in COLLECTIONS],
        bases=(WireDossier,),
        forbid_unknown_fields=True,
    )
)
_ENTITY_DECODERS: Final = tuple(
    (kind.key, msgspec.json.Decoder(STRUCTS[kind.cls]).decode, _BUILDERS[kind.cls])
    for kind, _ in COLLECTIONS
)


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
    collections, counted = _build(wire)
    colon, escaped = (
        (":", ("\\u003a", "\\u003A"))
        if isinstance(text, str)
        else (b":", (b"\\u003a", b"\\u003A"))
    )
    if (
        text.count(colon) != _DOSSIER_KEYS + counted  # type: ignore[arg-type]
        or escaped[0] in text  # type: ignore[operator]
        or escaped[1] in text  # type: ignore[operator]
    ):
        raise Fallback
    try:
        return Dossier(**collections)
    except ValidationError:
        raise Fallback from None


def _build(wire: Any) -> tuple[dict[str, tuple[Any, ...]], int]:  # noqa: ANN401 -- a RawDossier
    """The entities of a decoded dossier, by key, and the keys and string colons they counted.

    Each entity's raw text is freed once it is built, and the load's values
    known so far (``_Tally``) once all are: before the dossier's own maps
    are made, at the peak of a load's memory.
    """
    tally = _Tally(_SLOTS)
    collections: dict[str, tuple[Any, ...]] = {}
    try:
        for key, decode, build in _ENTITY_DECODERS:
            raws = getattr(wire, key)
            raws.reverse()  # taken from the end, so each is freed once built
            take = raws.pop
            collections[key] = tuple([build(decode(take()), tally) for _ in range(len(raws))])
    except (msgspec.MsgspecError, ValidationError):
        raise Fallback from None
    return collections, tally.keys + tally.colons


# -- JSON Lines ----------------------------------------------------------------------------

_LINE: Final = msgspec.json.Decoder(
    msgspec.defstruct(
        "WireLine",
        [
            ("format", str | msgspec.UnsetType, msgspec.UNSET),
            ("version", int | msgspec.UnsetType, msgspec.UNSET),
            *(
                (kind.noun, msgspec.Raw | msgspec.UnsetType, msgspec.UNSET)
                for kind, _ in COLLECTIONS
            ),
        ],
        forbid_unknown_fields=True,
    )
)
_LINE_DECODERS: Final = tuple(
    (kind.noun, decode, build)
    for (kind, _), (_, decode, build) in zip(COLLECTIONS, _ENTITY_DECODERS, strict=True)
)

_MAX_REMEMBERED: Final = 1 << 14
"""A stream forgets the values it shares once it holds this many of a kind (see :class:`Lines`)."""


class Lines:
    """The fast reader of the lines of a JSON Lines file, one at a time.

    A line is a header (``{"format": ..., "version": ...}``) or one entity
    under its kind's noun; anything else, and anything this reader cannot
    be sure of (as :func:`read_dossier`), raises :class:`Fallback`. Equal
    values read on different lines share one object, as in a document; a
    reader made with ``stream`` true forgets the values it shares once it
    holds many of a kind (times, or stances with their notes, ...), so a
    long stream does not keep one of each.
    """

    __slots__ = ("stream", "tally")

    def __init__(self, *, stream: bool) -> None:
        self.tally = _Tally(_SLOTS)
        self.stream = stream

    def read(self, line: bytes | str) -> Any | None:  # noqa: ANN401 -- an entity
        """The entity of an entity line, or None for the current header.

        Raises:
            Fallback: If the line is neither, or this reader cannot be sure.
        """
        try:
            wire: Any = _LINE.decode(line)
        except msgspec.MsgspecError:
            raise Fallback from None
        tally = self.tally
        if self.stream and (
            len(tally.whens) > _MAX_REMEMBERED
            or any(len(known) > _MAX_REMEMBERED for known in tally.known)
        ):
            tally.whens.clear()
            for known in tally.known:
                known.clear()
        keys, colons = tally.keys, tally.colons
        found = [
            (decode, build, raw)
            for noun, decode, build in _LINE_DECODERS
            if (raw := getattr(wire, noun)) is not msgspec.UNSET
        ]
        if (
            len(found) != 1
            or wire.format is not msgspec.UNSET
            or wire.version is not msgspec.UNSET
        ):
            if found or wire.format != FORMAT or wire.version != VERSION:
                raise Fallback
            entity, expected = None, 2  # the header's two keys
        else:
            ((decode, build, raw),) = found
            try:
                entity = build(decode(raw), tally)
            except (msgspec.MsgspecError, ValidationError):
                raise Fallback from None
            expected = 1 + tally.keys - keys + tally.colons - colons
        colon, escaped = (
            (":", ("\\u003a", "\\u003A"))
            if isinstance(line, str)
            else (b":", (b"\\u003a", b"\\u003A"))
        )
        if (
            line.count(colon) != expected  # type: ignore[arg-type]
            or escaped[0] in line  # type: ignore[operator]
            or escaped[1] in line  # type: ignore[operator]
        ):
            raise Fallback
        return entity
