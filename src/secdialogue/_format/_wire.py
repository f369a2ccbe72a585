"""The wire structs: the format's objects as msgspec structs, made from the field table.

One struct per model class, with the class's JSON keys in order, the types
of their values, and the limits of the rules that msgspec checks cheaply; an
optional key is ``UNSET`` when absent. The fast reader decodes a file into
them (:mod:`._fast`), and the writer encodes values through them
(:mod:`._write`), so the two agree on every key and its place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Final

import msgspec

from secdialogue._checks import Each, InRange, IsId, IsText, Maybe, Rule
from secdialogue._format._table import COLLECTIONS, TABLES
from secdialogue._model import Place, Stance

if TYPE_CHECKING:
    from secdialogue._format._table import Field

__all__ = ["DOSSIER", "SHARED", "STRUCTS", "WireDossier"]


def _constrained(one: Any, rule: Rule) -> Any:  # noqa: ANN401
    """``one`` with the limits of ``rule`` that msgspec checks cheaply, as constraints.

    Taken from the rule's data: a string's length limit, a number's range.
    Patterns are left to the fast reader's builders, which run each once per
    distinct value: msgspec would run them once per value, through :mod:`re`.
    """
    if isinstance(rule, IsId | IsText):
        return Annotated[one, msgspec.Meta(max_length=rule.max_length)]
    if isinstance(rule, InRange):
        return Annotated[one, msgspec.Meta(ge=rule.minimum, le=rule.maximum)]
    return one


def _tuple_of(item: Any) -> Any:  # noqa: ANN401
    return tuple[item, ...]


def _wire_type(field: Field, structs: dict[type[Any], type[msgspec.Struct]]) -> Any:  # noqa: ANN401
    if field.shape in ("string", "when"):
        one: Any = str
    elif field.shape == "integer":
        one = int
    elif field.shape == "choice":
        one = field.cls
    else:
        one = structs[field.cls]  # type: ignore[index]
    one = _constrained(one, field.leaf)
    if not field.many:
        return one
    rule = field.rule.rule if isinstance(field.rule, Maybe) else field.rule
    assert isinstance(rule, Each)  # noqa: S101 -- tuples are Each
    many = _tuple_of(one)
    if not rule.min_items and rule.max_items is None:
        return many
    return Annotated[
        many, msgspec.Meta(min_length=rule.min_items or None, max_length=rule.max_items)
    ]


def _wire_structs() -> dict[type[Any], type[msgspec.Struct]]:
    """A msgspec struct per model class, with the class's JSON keys and value types.

    Frozen, so that equal nested values (two places, two stances) can be
    looked up by their struct; untracked by the cyclic collector
    (``gc=False``), since they hold only strings, numbers, enum members and
    other wire structs, which never form a cycle.
    """
    structs: dict[type[Any], type[msgspec.Struct]] = {}
    for cls, table in TABLES.items():  # nested value objects come first
        fields = [
            (f.key, _wire_type(f, structs))
            if f.required
            else (f.key, _wire_type(f, structs) | msgspec.UnsetType, msgspec.UNSET)
            for f in table.fields
        ]
        structs[cls] = msgspec.defstruct(
            f"Wire{cls.__name__}",
            fields,
            forbid_unknown_fields=True,
            kw_only=True,
            frozen=True,
            gc=False,
        )
    return structs


STRUCTS: Final = _wire_structs()
"""The wire struct of each model class."""

SHARED: Final = frozenset({Place, Stance})
"""The nested values that repeat across entities (a capital's place, a stance on a
demand). The fast reader builds each distinct one once per load and shares it;
the writer makes the wire struct of each shared object once per write. A
citation's excerpt is its own, so citations are neither."""


class WireDossier(msgspec.Struct, forbid_unknown_fields=True):
    """The marker of a dossier file, which its wire struct begins with."""

    format: str
    version: int


DOSSIER: Final = msgspec.defstruct(
    "WireDossier",
    [(kind.key, _tuple_of(STRUCTS[kind.cls])) for kind, _ in COLLECTIONS],
    bases=(WireDossier,),
    forbid_unknown_fields=True,
)
"""The wire struct of a dossier file: its marker, then one tuple per kind."""
