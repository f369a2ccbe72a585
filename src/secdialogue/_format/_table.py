"""The field table of the format: how each model field is read and written.

Derived once, at import, from the attrs fields of the model classes and the
rules they declare as validators (:mod:`secdialogue._checks`): a field's JSON
key is its attrs alias, what it holds follows from its rule (a string, an
integer, a choice of an enum, a time, a nested object; one, optional, or a
tuple of them), and its default is attrs' default. The readers, the writer
and the JSON Schema all loop over this table; none of them restates a key,
a pattern or a limit.

A field whose rule the table does not know is refused here, at import, with
an error that names it, instead of being read or written wrongly later.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from secdialogue._checks import Each, InRange, IsId, IsInstance, IsText, Matches, Maybe, Rule
from secdialogue._dossier import Dossier
from secdialogue._kinds import KINDS, NOUNS, VALUES, Kind, a
from secdialogue._time import IsZone, When

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "COLLECTIONS",
    "DOSSIER_KEYS",
    "ENUMS",
    "FORMAT",
    "TABLES",
    "VERSION",
    "Field",
    "Shape",
    "Table",
]

FORMAT: Final = "secdialogue"
"""The value of the ``"format"`` key that marks a dossier file."""

VERSION: Final = 2
"""The format version this code writes, and the newest it reads."""

Shape: TypeAlias = Literal["string", "integer", "choice", "when", "object"]
"""What one JSON value of a field is: a string, an integer, an enum's value, a
time string, or a nested object."""

_STRING_RULES: Final = (IsId, IsText, Matches, IsZone)


@attrs.frozen
class Field:
    """How one attrs field of a model class is read and written.

    Args:
        name: The attribute.
        key: The JSON key (the attrs alias).
        rule: The rule the model declares (the field's attrs validator).
        leaf: The rule of one value: ``rule`` without its ``Maybe`` or ``Each``.
        shape: What one value is.
        cls: For a choice, the enum; for an object, the model class.
        many: Whether the field holds a tuple of values.
        required: Whether the key must be present (the field has no default).
        default: The default value, if the field has one (a factory is called
            once, here).
        factory: The default's factory, if the default is made by one.
    """

    name: str
    key: str
    rule: Rule
    leaf: Rule
    shape: Shape
    cls: type[Any] | None
    many: bool
    required: bool
    default: object
    factory: Callable[[], object] | None

    def is_default(self, value: object) -> bool:
        """Whether ``value`` equals the default, and so is left out of a file."""
        return not self.required and (value is self.default or value == self.default)


@attrs.frozen
class Table:
    """How one model class is read and written: its fields in class order.

    Args:
        cls: The model class.
        noun: What one is called in messages: ``"statement"``.
        fields: Its fields, in class order (the order of a file's keys).
    """

    cls: type[Any]
    noun: str
    fields: tuple[Field, ...]
    by_key: dict[str, Field] = attrs.field(init=False)
    required: frozenset[str] = attrs.field(init=False)
    allowed: frozenset[str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "by_key", {f.key: f for f in self.fields})
        object.__setattr__(self, "required", frozenset(f.key for f in self.fields if f.required))
        object.__setattr__(self, "allowed", frozenset(self.by_key))

    @property
    def a(self) -> str:
        """The noun with its article, for messages: ``"a statement"``."""
        return a(self.noun)


def _leaf(cls: type[Any], name: str, rule: Rule) -> tuple[Shape, type[Any] | None]:
    if isinstance(rule, _STRING_RULES):
        return "string", None
    if isinstance(rule, InRange):
        return "integer", None
    if isinstance(rule, IsInstance):
        target = rule.cls
        if target is When:
            return "when", None
        if issubclass(target, enum.Enum):
            if not all(type(member.value) is str for member in target):
                msg = f"{cls.__name__}.{name}: the format writes enums by string value"
                raise TypeError(msg)
            return "choice", target
        if target in NOUNS:
            return "object", target
    msg = f"{cls.__name__}.{name}: the file format cannot hold a field with the rule {rule!r}"
    raise TypeError(msg)


def _field(cls: type[Any], attribute: attrs.Attribute[Any]) -> Field:
    rule = attribute.validator
    if not isinstance(rule, Rule):
        msg = f"{cls.__name__}.{attribute.name}: every field of a model class needs a rule"
        raise TypeError(msg)
    leaf, many = rule, False
    if isinstance(leaf, Maybe):
        leaf = leaf.rule
    if isinstance(leaf, Each):
        leaf, many = leaf.item, True
    shape, target = _leaf(cls, attribute.name, leaf)
    default: object = attribute.default
    factory = None
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:  # type: ignore[attr-defined]
            msg = f"{cls.__name__}.{attribute.name}: a default that takes self cannot be read"
            raise TypeError(msg)
        factory = default.factory  # type: ignore[attr-defined]
        default = factory()
    required = default is attrs.NOTHING
    if not required and default is not None and not many:
        msg = f"{cls.__name__}.{attribute.name}: only optional values and tuples have defaults"
        raise TypeError(msg)
    return Field(
        name=attribute.name,
        key=attribute.alias or attribute.name,
        rule=rule,
        leaf=leaf,
        shape=shape,
        cls=target,
        many=many,
        required=required,
        default=None if required else default,
        factory=factory,
    )


def _table(cls: type[Any]) -> Table:
    fields = tuple(_field(cls, attribute) for attribute in attrs.fields(cls))
    if not fields or not fields[0].required:
        msg = f"{cls.__name__}: the first field of a model class must be required"
        raise TypeError(msg)
    return Table(cls=cls, noun=NOUNS.get(cls, cls.__name__.lower()), fields=fields)


TABLES: Final[dict[type[Any], Table]] = {
    cls: _table(cls) for cls in (*VALUES, *(kind.cls for kind in KINDS))
}
"""The table of every model class, nested value objects first (each after those it holds)."""

COLLECTIONS: Final[tuple[tuple[Kind[Any], Table], ...]] = tuple(
    (kind, TABLES[kind.cls]) for kind in KINDS
)
"""The dossier's collections in file order: each kind with its table."""

DOSSIER_KEYS: Final = ("format", "version", *(kind.key for kind in KINDS))
"""The keys of a dossier file, in order."""

ENUMS: Final[tuple[type[enum.Enum], ...]] = tuple(
    {f.cls: None for t in TABLES.values() for f in t.fields if f.shape == "choice"}  # type: ignore[misc]
)
"""Every enum a file holds values of."""

if {attribute.alias for attribute in attrs.fields(Dossier) if attribute.init} != {
    kind.key for kind in KINDS
}:  # pragma: no cover -- a guard for whoever adds a kind
    msg = "the Dossier's collections and the registry of kinds disagree"
    raise TypeError(msg)
