"""The table layout of a dossier, as data: every table, every column, and where it comes from.

Derived once, at import, from the format's field table
(:data:`~secdialogue._format._table.COLLECTIONS`), never restated by hand:

* one table per kind of entity, named by the kind's key (``statements``):
  ``id`` first, then a column per field that holds one value, in field order;
* a string as ``string``, an integer as ``int64``, an enum's value as a
  dictionary-encoded string;
* a single nested object (a statement's ``place``) flattened into columns
  named with its key as prefix (``place_country``, ``place_city``, ...), all
  null when there is none; its first field, which is required, says whether
  it is there;
* a time (:class:`~secdialogue.When`) as six columns: its text, zone,
  precision, first and last instant (UTC timestamps, null on an open side)
  and a text that sorts as Whens sort; for the field ``when`` they are
  ``when``, ``zone``, ``precision``, ``earliest``, ``latest``, ``sort_key``,
  for any other field prefixed with its key (``published_zone``, ...);
* every tuple as a link table named ``<noun>_<key>`` (``statement_speakers``):
  the parent's id as ``<noun>_id``, the position in the tuple as ``ordinal``,
  then the item: an id of an entity in a column named for that entity's
  noun (``actor``, ``demand``), another string in ``value``, a nested object
  flattened as above. A tuple inside a nested object gets its own table
  (``actor_membership_sources``: ``actor_id``, ``membership_ordinal``,
  ``ordinal``, ...).

No pyarrow here: the docs and the SQL's checks read this module without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from secdialogue._format._table import COLLECTIONS, TABLES, Field
from secdialogue._integrity import REFERENCES
from secdialogue._kinds import BY_CLASS, NOUNS, Kind

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["BY_NAME", "FAMILIES", "LAYOUTS", "Column", "ColumnType", "Layout", "Part"]

ColumnType: TypeAlias = Literal["string", "int64", "int32", "dictionary", "timestamp"]
"""The type of a column: a string, an integer, a dictionary-encoded string, or a UTC
timestamp to the microsecond."""

Part: TypeAlias = Literal[
    "key", "ordinal", "value", "text", "zone", "precision", "earliest", "latest", "sort_key"
]
"""What a column holds of its field: the parent's key or the position in a tuple (the
reference columns), the value itself, or one of the six columns of a time."""

_TIME_PARTS: Final[tuple[tuple[Part, ColumnType], ...]] = (
    ("text", "string"),
    ("zone", "string"),
    ("precision", "dictionary"),
    ("earliest", "timestamp"),
    ("latest", "timestamp"),
    ("sort_key", "string"),
)
_TYPES: Final[dict[str, ColumnType]] = {
    "string": "string",
    "integer": "int64",
    "choice": "dictionary",
}
_READ: Final = frozenset({"key", "ordinal", "value", "text"})


@attrs.frozen
class Column:
    """One column of a table.

    Args:
        name: Its name.
        type: Its type.
        nullable: Whether it may hold nulls.
        part: What it holds of its field.
        path: The fields from the row's object to the value (empty for a
            reference column and for the item of a tuple of strings).
        source: Where the value is in a file, as a path of keys from the
            row's object (``place.country``; ``when``; ``[]`` for an item).
    """

    name: str
    type: ColumnType
    nullable: bool
    part: Part
    path: tuple[Field, ...] = ()
    source: str = ""

    @property
    def read(self) -> bool:
        """Whether :func:`from_arrow` reads it (the others are derived from those it reads)."""
        return self.part in _READ


@attrs.frozen
class Layout:
    """One table: its name, its columns, and the rows it holds.

    Args:
        name: The table's name: ``statements``, ``statement_speakers``.
        noun: What one row's object is called in the names of the tables
            below it: ``statement``, ``actor_membership``.
        kind: For the table of a kind of entity, the kind.
        field: For a link table, the tuple field of the parent's object whose
            items are its rows.
        parent: For a link table, the name of the table of the objects that
            hold the tuple.
        item: The model class of the rows' objects; ``None`` for a tuple of
            strings.
        refs: How many reference columns come first: ``id`` alone for an
            entity's table; the parent's, then ``ordinal``, for a link table.
        columns: Its columns, in order.
    """

    name: str
    noun: str
    kind: Kind[Any] | None
    field: Field | None
    parent: str | None
    item: type[Any] | None
    refs: int
    columns: tuple[Column, ...]

    @property
    def by_name(self) -> dict[str, Column]:
        """Its columns by name."""
        return {column.name: column for column in self.columns}


def _time_names(prefix: str, key: str) -> Iterator[str]:
    if not prefix and key == "when":
        yield from ("when", "zone", "precision", "earliest", "latest", "sort_key")
        return
    yield f"{prefix}{key}"
    for part, _ in _TIME_PARTS[1:]:
        yield f"{prefix}{key}_{part}"


def _flat(
    cls: type[Any], prefix: str, above: tuple[Field, ...], *, optional: bool
) -> Iterator[Column]:
    """The columns of the fields of ``cls`` that hold one value, nested objects flattened."""
    for field in TABLES[cls].fields:
        if field.many:
            if above:  # pragma: no cover -- a guard for whoever adds such a field
                msg = (
                    f"{cls.__name__}.{field.name}: no table layout for a tuple in a nested object"
                )
                raise TypeError(msg)
            continue
        path = (*above, field)
        nullable = optional or not field.required
        source = ".".join(f.key for f in path)
        if field.shape == "object":
            assert field.cls is not None  # noqa: S101 -- the table sets it for objects
            yield from _flat(field.cls, f"{prefix}{field.key}_", path, optional=nullable)
        elif field.shape == "when":
            names = _time_names(prefix, field.key)
            for name, (part, kind) in zip(names, _TIME_PARTS, strict=True):
                # The text of a When is there whenever the When is; the zone of a
                # When without one, and the instant of an open side, are null.
                empty = nullable or part in ("zone", "earliest", "latest")
                yield Column(name, kind, nullable=empty, part=part, path=path, source=source)
        else:
            yield Column(
                f"{prefix}{field.key}", _TYPES[field.shape], nullable, "value", path, source
            )


def _item_name(holder: type[Any], field: Field) -> str:
    """The column of a string in a tuple: the noun of the kind its ids refer to, else value."""
    for reference in REFERENCES.get(holder, ()):
        if reference.field == field.name and reference.inner is None:
            return BY_CLASS[reference.target].noun
    return "value"


def _links(
    parent: Layout, holder: type[Any], refs: tuple[Column, ...], found: list[Layout]
) -> None:
    """Add the link tables of the tuple fields of ``holder``, and those below them."""
    for field in TABLES[holder].fields:
        if not field.many:
            continue
        name = f"{parent.noun}_{field.key}"
        ordinal = Column("ordinal", "int32", nullable=False, part="ordinal")
        if field.shape == "object":
            assert field.cls is not None  # noqa: S101 -- the table sets it for objects
            values = tuple(_flat(field.cls, "", (), optional=False))
            item: type[Any] | None = field.cls
        elif field.shape == "string":
            column = Column(_item_name(holder, field), "string", nullable=False, part="value")
            values, item = (column,), None
        else:  # pragma: no cover -- a guard for whoever adds such a field
            msg = f"{holder.__name__}.{field.name}: no table layout for a tuple of {field.shape}s"
            raise TypeError(msg)
        noun = f"{parent.noun}_{NOUNS[item].replace(' ', '_')}" if item is not None else name
        layout = Layout(
            name=name,
            noun=noun,
            kind=None,
            field=field,
            parent=parent.name,
            item=item,
            refs=len(refs) + 1,
            columns=(*refs, ordinal, *values),
        )
        found.append(layout)
        if item is not None:
            below_name = f"{noun.split('_', 1)[1]}_ordinal"
            below = Column(below_name, "int32", nullable=False, part="key", source="ordinal")
            _links(layout, item, (*refs, below), found)


def _layouts() -> tuple[Layout, ...]:
    found: list[Layout] = []
    for kind, table in COLLECTIONS:
        own = tuple(_flat(kind.cls, "", (), optional=False))
        entity = Layout(
            name=kind.key,
            noun=kind.noun,
            kind=kind,
            field=None,
            parent=None,
            item=kind.cls,
            refs=1,
            columns=own,
        )
        if own[0].name != "id" or table.fields[0].shape != "string":  # pragma: no cover
            msg = f"{kind.cls.__name__}: the table of a kind needs its id first"
            raise TypeError(msg)
        found.append(entity)
        ref = Column(f"{kind.noun}_id", "string", nullable=False, part="key", source="id")
        _links(entity, kind.cls, (ref,), found)
    for layout in found:
        names = [column.name for column in layout.columns]
        if len(set(names)) != len(names):  # pragma: no cover -- a guard for whoever adds a field
            msg = f"the table {layout.name} would have two columns of one name: {names}"
            raise TypeError(msg)
    return tuple(found)


LAYOUTS: Final[tuple[Layout, ...]] = _layouts()
"""Every table, each kind's table followed by its link tables, in file order."""

BY_NAME: Final[dict[str, Layout]] = {layout.name: layout for layout in LAYOUTS}
"""Every table by name."""


def _families() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    family: list[str] = []
    for layout in LAYOUTS:  # each kind's table, then the link tables below it
        if layout.kind is not None:
            family = found[layout.kind.key] = []
        family.append(layout.name)
    return {key: tuple(names) for key, names in found.items()}


FAMILIES: Final[dict[str, tuple[str, ...]]] = _families()
"""The tables an entity of each kind has rows in, by the kind's key: its own and its links."""
