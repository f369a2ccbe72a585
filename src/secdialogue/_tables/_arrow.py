"""Entities into Arrow record batches, and Arrow tables back into a Dossier.

Both directions loop over the layout (:mod:`._layout`). Writing, each
entity's rows go to its kind's table and to the link tables below it; a
table's pending rows become one record batch when asked for, so a writer
can flush them in row groups (:mod:`._parquet`). Reading, the columns that
hold values (not the derived ones: a time's zone, precision, instants and
sort key follow from its text) are put back into the JSON shape of a dossier
and read by the format's readers, so a table is held to every rule a file
is, and a problem is reported at its table, row and column.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import msgspec
import pyarrow as pa

from secdialogue._dossier import Dossier
from secdialogue._format import _fast, _read
from secdialogue._format._table import FORMAT, VERSION
from secdialogue._kinds import BY_CLASS
from secdialogue._tables._layout import BY_NAME, LAYOUTS, Column, Layout
from secdialogue._time import Unbounded, When, order_text, utc_seconds
from secdialogue.exceptions import LoadError, Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from secdialogue._kinds import Entity

__all__ = ["SCHEMAS", "Rows", "from_arrow"]

_MICRO: Final = 1_000_000

_ARROW: Final[dict[str, pa.DataType]] = {
    "string": pa.string(),
    "int64": pa.int64(),
    "int32": pa.int32(),
    "dictionary": pa.dictionary(pa.int32(), pa.string()),
    "timestamp": pa.timestamp("us", tz="UTC"),
}


def _schema(layout: Layout) -> pa.Schema:
    return pa.schema(
        [pa.field(c.name, _ARROW[c.type], nullable=c.nullable) for c in layout.columns]
    )


SCHEMAS: Final[dict[str, pa.Schema]] = {layout.name: _schema(layout) for layout in LAYOUTS}
"""The Arrow schema of every table, by name."""


# -- writing ---------------------------------------------------------------------------


def _earliest(when: When) -> int | None:
    return None if when.unbounded is Unbounded.BEFORE else utc_seconds(when)[0] * _MICRO


def _latest(when: When) -> int | None:
    return None if when.unbounded is Unbounded.AFTER else utc_seconds(when)[1] * _MICRO


_PARTS: Final[dict[str, Callable[[Any], Any]]] = {
    "text": str,
    "zone": lambda when: when.zone,
    "precision": lambda when: when.precision.value,
    "earliest": _earliest,
    "latest": _latest,
    "sort_key": order_text,
}


def _member_value(member: Any) -> Any:  # noqa: ANN401 -- an enum's value
    return member.value


def _getter(column: Column) -> Callable[[Any], Any]:
    """The function giving ``column``'s value from a row's object."""
    names = tuple(field.name for field in column.path)
    convert = _PARTS.get(column.part)
    if column.type == "dictionary" and column.part == "value":
        convert = _member_value

    def get(obj: Any) -> Any:  # noqa: ANN401
        value = obj
        for name in names:
            value = getattr(value, name)
            if value is None:
                return None
        return value if convert is None else convert(value)

    return get


class _Pending:
    """The rows of one table not yet taken, column by column, and the tables below it."""

    __slots__ = ("children", "columns", "getters", "layout", "refs")

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.refs = layout.refs if layout.kind is None else 0
        self.columns: list[list[Any]] = [[] for _ in layout.columns]
        self.getters = [_getter(c) for c in layout.columns[self.refs :]]
        self.children: list[_Pending] = []

    def add(self, obj: Any, keys: tuple[Any, ...]) -> None:  # noqa: ANN401
        """Add the row of ``obj``, whose reference columns hold ``keys``, and its items' rows."""
        columns = self.columns
        for n, key in enumerate(keys):
            columns[n].append(key)
        refs = self.refs
        for n, get in enumerate(self.getters, refs):
            columns[n].append(get(obj))
        if not self.children:
            return
        below = keys if self.layout.kind is None else (obj.id,)
        for child in self.children:
            field = child.layout.field
            assert field is not None  # noqa: S101 -- a link table has its field
            for ordinal, item in enumerate(getattr(obj, field.name)):
                child.add(item, (*below, ordinal))

    def take(self) -> pa.RecordBatch:
        """The pending rows as a record batch; none are pending afterwards."""
        schema = SCHEMAS[self.layout.name]
        arrays = []
        for column, values in zip(self.layout.columns, self.columns, strict=True):
            if column.type == "dictionary":
                arrays.append(pa.array(values, pa.string()).dictionary_encode())
            else:
                arrays.append(pa.array(values, _ARROW[column.type]))
        self.columns = [[] for _ in self.layout.columns]
        return pa.RecordBatch.from_arrays(arrays, schema=schema)

    def __len__(self) -> int:
        return len(self.columns[0])


class Rows:
    """The rows of entities added one by one, by table, taken as record batches.

    Entities of each kind keep the order they were added in; a dossier's
    entities, added in its order, come back in it from :func:`from_arrow`.
    """

    def __init__(self) -> None:
        self.tables: Final = {layout.name: _Pending(layout) for layout in LAYOUTS}
        for layout in LAYOUTS:
            if layout.parent is not None:
                self.tables[layout.parent].children.append(self.tables[layout.name])
        self._kinds: Final = {
            layout.kind.cls: self.tables[layout.name] for layout in LAYOUTS if layout.kind
        }

    def add(self, entity: Entity) -> None:
        """Add an entity's rows.

        Raises:
            TypeError: If ``entity`` is not an entity.
        """
        table = self._kinds.get(type(entity))
        if table is None:
            kinds = ", ".join(kind.cls.__name__ for kind in BY_CLASS.values())
            msg = f"tables hold entities ({kinds}), not {type(entity).__name__}"
            raise TypeError(msg)
        table.add(entity, ())

    def pending(self, name: str) -> int:
        """How many rows of table ``name`` wait to be taken."""
        return len(self.tables[name])

    def take(self, name: str) -> pa.RecordBatch:
        """The rows of table ``name`` added since it was last taken."""
        return self.tables[name].take()


# -- reading ---------------------------------------------------------------------------

_KINDS_OF_TYPE: Final[dict[str, tuple[Callable[[pa.DataType], bool], str]]] = {
    "string": (lambda t: pa.types.is_string(t) or pa.types.is_large_string(t), "strings"),
    "dictionary": (
        lambda t: (
            pa.types.is_string(t)
            or pa.types.is_large_string(t)
            or (pa.types.is_dictionary(t) and pa.types.is_string(t.value_type))
        ),
        "strings (dictionary-encoded or not)",
    ),
    "int64": (pa.types.is_integer, "integers"),
    "int32": (pa.types.is_integer, "integers"),
    "timestamp": (pa.types.is_timestamp, "timestamps"),
}


class _Problems:
    """The problems found in the tables, up to the reader's cap."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, path: str, code: Any, message: str) -> None:  # noqa: ANN401 -- a Code
        if len(self.found) < _read.MAX_PROBLEMS:
            self.found.append(Problem(path=path, code=code, message=message))
        elif len(self.found) == _read.MAX_PROBLEMS:  # one more, to say there are more
            self.found.append(_read.TOO_MANY)

    def raise_any(self) -> None:
        if self.found:
            raise LoadError(self.found)


def _check_tables(tables: Mapping[str, Any], problems: _Problems) -> None:
    """Report unknown and missing tables, and missing, unknown or mistyped columns."""
    known = ", ".join(BY_NAME)
    for name, table in tables.items():
        if name not in BY_NAME:
            msg = f"unknown table {_read.quote(str(name))}: the tables are {known}"
            problems.add(f"$.{name}", "unknown-key", msg)
        elif not isinstance(table, pa.Table):
            msg = f"expected a pyarrow.Table, not {type(table).__name__}"
            problems.add(f"$.{name}", "wrong-type", msg)
    for layout in LAYOUTS:
        table = tables.get(layout.name)
        if table is None:
            msg = f"the table {layout.name} is missing: give it, with no rows if there are none"
            problems.add(f"$.{layout.name}", "missing-key", msg)
        elif isinstance(table, pa.Table):
            _check_arrow(layout, table, problems)


def _check_arrow(layout: Layout, table: pa.Table, problems: _Problems) -> None:
    """Check that a table is sound Arrow data (its strings UTF-8), then its columns.

    A Parquet file with a damaged string (or a table made from raw buffers)
    reads into Arrow without complaint; Arrow's full validation, linear in
    the data, finds it before any value is taken out.
    """
    try:
        table.validate(full=True)
        names = table.schema.names
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        msg = f"the table is not sound Arrow data (its text must be UTF-8): {error}"
        problems.add(f"$.{layout.name}", "invalid-unicode", msg)
        return
    _check_columns(layout, names, table.schema, problems)


def _check_columns(
    layout: Layout, names: list[str], schema: pa.Schema, problems: _Problems
) -> None:
    """Report the missing, repeated, unknown or mistyped columns of one table."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    columns = layout.by_name
    for name, count in counts.items():
        if count > 1:
            msg = f"the table has {count} columns named {name!r}: keep one"
            problems.add(f"$.{layout.name}.{name}", "duplicate-key", msg)
        elif name not in columns:
            listed = ", ".join(columns)
            msg = f"unknown column {_read.quote(name)}: the columns are {listed}"
            problems.add(f"$.{layout.name}.{name}", "unknown-key", msg)
    for column in layout.columns:
        where = f"$.{layout.name}.{column.name}"
        if column.name not in counts:
            msg = f"the table {layout.name} needs the column {column.name!r}"
            problems.add(where, "missing-key", msg)
            continue
        if counts[column.name] > 1:
            continue
        accepts, what = _KINDS_OF_TYPE[column.type]
        found = schema.field(column.name).type
        if not accepts(found):
            msg = f"the column {column.name!r} holds {found}; expected {what}"
            problems.add(where, "wrong-type", msg)


class _Assembly:
    """The tables put back into the JSON shape of a dossier, in one pass over each.

    With ``record``, each row's path in that shape is kept with its path in
    the tables, so that the problems the readers find can be put in terms of
    tables, rows and columns.
    """

    def __init__(
        self, tables: Mapping[str, pa.Table], problems: _Problems, *, record: bool
    ) -> None:
        self.problems = problems
        self.paths: dict[str, str] | None = {} if record else None
        self.values = {
            layout.name: {
                c.name: tables[layout.name].column(c.name).to_pylist()
                for c in layout.columns
                if c.read
            }
            for layout in LAYOUTS
        }
        self.counts = {layout.name: tables[layout.name].num_rows for layout in LAYOUTS}
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.keys: dict[str, dict[tuple[Any, ...], int]] = {}
        self.json: dict[str, list[str]] = {}
        self.dossier: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        for layout in LAYOUTS:
            if layout.kind is not None:
                self._entities(layout)
            else:
                self._links(layout)

    def _object(self, layout: Layout, row: int) -> dict[str, Any]:
        values = self.values[layout.name]
        obj: dict[str, Any] = {}
        for column in layout.columns[layout.refs if layout.kind is None else 0 :]:
            if not column.read:
                continue
            value = values[column.name][row]
            if value is None:
                continue
            place = obj
            for field in column.path[:-1]:
                place = place.setdefault(field.key, {})
            place[column.path[-1].key] = value
        return obj

    def _entities(self, layout: Layout) -> None:
        assert layout.kind is not None  # noqa: S101 -- called for the tables of kinds
        count = self.counts[layout.name]
        rows = [self._object(layout, row) for row in range(count)]
        self.rows[layout.name] = rows
        self.dossier[layout.kind.key] = rows
        keys: dict[tuple[Any, ...], int] = {}
        for row, entity_id in enumerate(self.values[layout.name]["id"]):
            keys.setdefault((entity_id,), row)
        self.keys[layout.name] = keys
        paths = [f"$.{layout.name}[{row}]" for row in range(count)]
        self.json[layout.name] = paths
        if self.paths is not None:
            self.paths.update((path, path) for path in paths)

    def _links(self, layout: Layout) -> None:
        assert layout.field is not None  # noqa: S101 -- a link table has its field
        values = self.values[layout.name]
        refs = layout.columns[: layout.refs - 1]
        groups = self._groups(layout)
        scalar = layout.item is None
        value_name = layout.columns[-1].name
        parent = str(layout.parent)
        parent_rows = self.rows[parent]
        parent_paths = self.json[parent]
        rows: list[dict[str, Any]] = [{} for _ in range(0 if scalar else self.counts[layout.name])]
        paths = [""] * len(rows)
        keys: dict[tuple[Any, ...], int] = {}
        key = layout.field.key
        for owner, items in groups.items():
            items.sort()
            self._check_ordinals(layout, items)
            if scalar:
                parent_rows[owner][key] = [values[value_name][row] for _, row in items]
            else:
                for _, row in items:
                    rows[row] = self._object(layout, row)
                parent_rows[owner][key] = [rows[row] for _, row in items]
            if self.paths is None and scalar:
                continue
            for n, (ordinal, row) in enumerate(items):
                path = f"{parent_paths[owner]}.{key}[{n}]"
                where = f"$.{layout.name}[{row}]"
                if self.paths is not None:
                    self.paths[path] = f"{where}.{value_name}" if scalar else where
                if not scalar:
                    paths[row] = path
                    keys[(*(values[c.name][row] for c in refs), ordinal)] = row
        self.rows[layout.name] = rows
        self.keys[layout.name] = keys
        self.json[layout.name] = paths

    def _groups(self, layout: Layout) -> dict[int, list[tuple[int, int]]]:
        """The rows of a link table by the row of their parent, each with its ordinal."""
        assert layout.parent is not None  # noqa: S101 -- link tables have a parent
        values = self.values[layout.name]
        refs = layout.columns[: layout.refs - 1]
        parent_keys = self.keys[layout.parent]
        ordinals = values["ordinal"]
        groups: dict[int, list[tuple[int, int]]] = {}
        for row in range(self.counts[layout.name]):
            parent_key = tuple(values[c.name][row] for c in refs)
            found = parent_keys.get(parent_key)
            if found is None:
                self._orphan(layout, row, parent_key)
                continue
            ordinal = ordinals[row]
            if ordinal is None:
                msg = "expected the position of the item in its tuple (0, 1, ...), not null"
                self.problems.add(f"$.{layout.name}[{row}].ordinal", "wrong-type", msg)
                continue
            groups.setdefault(found, []).append((ordinal, row))
        return groups

    def _orphan(self, layout: Layout, row: int, key: tuple[Any, ...]) -> None:
        refs = layout.columns[: layout.refs - 1]
        names = ", ".join(c.name for c in refs)
        shown = ", ".join(_read.quote(str(k)) if k is not None else "null" for k in key)
        msg = (
            f"no row of {layout.parent} has the {names} {shown}: every row of {layout.name}"
            " belongs to one of its rows"
        )
        self.problems.add(f"$.{layout.name}[{row}].{refs[-1].name}", "unknown-reference", msg)

    def _check_ordinals(self, layout: Layout, items: list[tuple[int, int]]) -> None:
        for expected, (ordinal, row) in enumerate(items):
            if ordinal != expected:
                msg = (
                    f"the ordinals of one tuple are 0, 1, 2, ... in order, each once; here"
                    f" {expected:,} is expected, not {ordinal:,}: a row is repeated or missing"
                )
                self.problems.add(f"$.{layout.name}[{row}].ordinal", "invalid-ordinal", msg)
                return


_SEGMENT: Final = re.compile(r"\.[^.\[]+|\[\d+\]")


def _in_tables(path: str, paths: dict[str, str]) -> str:
    """A problem's path in the JSON shape, as the path of its table, row and column."""
    segments = _SEGMENT.findall(path[1:])
    for cut in range(len(segments), 0, -1):
        found = paths.get("$" + "".join(segments[:cut]))
        if found is None:
            continue
        rest = segments[cut:]
        if rest and all(s.startswith(".") for s in rest):
            return f"{found}.{'_'.join(s[1:] for s in rest)}"
        return found + "".join(rest)
    return path


def from_arrow(tables: Mapping[str, pa.Table]) -> Dossier:
    """The dossier the tables hold (see :func:`secdialogue.arrow.from_arrow`)."""
    problems = _Problems()
    _check_tables(tables, problems)
    problems.raise_any()
    assembly = _Assembly(tables, problems, record=False)
    problems.raise_any()
    text = msgspec.json.encode(assembly.dossier)
    try:
        return _fast.read_dossier(text)
    except _fast.Fallback:
        pass
    try:
        dossier: Dossier = _read.read(_read.ROOTS[Dossier], assembly.dossier)
    except LoadError as error:
        paths = _Assembly(tables, _Problems(), record=True).paths
        assert paths is not None  # noqa: S101 -- recorded
        found = [
            Problem(path=_in_tables(p.path, paths), code=p.code, message=p.message)
            for p in error.problems
        ]
        raise LoadError(found) from None
    return dossier  # pragma: no cover -- the fast reader takes every valid dossier
