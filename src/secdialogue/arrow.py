"""A dossier as Arrow tables and Parquet files, and the canonical questions on DuckDB.

The tables are one more form of the same model, normalized: one per kind of
entity and one per tuple field (participants, speakers, stances,
citations, memberships, ...), with the columns the table reference lists
(docs: *Tables*). A time becomes its text, zone, precision, first and last
instant as UTC timestamps and a sort key, so an engine can filter and order
without knowing secdialogue. JSON -> tables -> JSON gives the same text,
byte for byte.

This module needs pyarrow (``pip install 'secdialogue[arrow]'``);
:func:`ask` needs duckdb too. ``import secdialogue`` loads neither.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

try:
    import pyarrow as pa
except ModuleNotFoundError as _error:  # pragma: no cover -- tested in a subprocess
    _msg = (
        "secdialogue.arrow needs pyarrow, which is not installed: pip install 'secdialogue[arrow]'"
    )
    raise ModuleNotFoundError(_msg, name=_error.name) from _error

from typing import TYPE_CHECKING, Any, Final

from secdialogue._kinds import KINDS
from secdialogue._tables import _arrow, _ask, _parquet
from secdialogue._tables._ask import Question
from secdialogue._tables._layout import LAYOUTS
from secdialogue._tables._parquet import ParquetWriter

if TYPE_CHECKING:
    import os
    from collections.abc import Mapping

    from secdialogue._dossier import Dossier

__all__ = [
    "QUESTIONS",
    "SCHEMAS",
    "TABLES",
    "ParquetWriter",
    "Question",
    "ask",
    "from_arrow",
    "read_parquet",
    "sql",
    "to_arrow",
    "write_parquet",
]

TABLES: Final[tuple[str, ...]] = tuple(layout.name for layout in LAYOUTS)
"""The name of every table, each kind's table followed by its link tables.

.. versionadded:: 0.1.0
"""

QUESTIONS: Final[Mapping[Question, tuple[str, ...]]] = {
    question: tuple(parameter.name for parameter in parameters)
    for question, parameters in _ask.QUESTIONS.items()
}
"""The canonical questions :func:`ask` and :func:`sql` take, each with its arguments' names.

.. versionadded:: 0.1.0
"""

SCHEMAS: Final[Mapping[str, pa.Schema]] = _arrow.SCHEMAS
"""The Arrow schema of every table, by name.

.. versionadded:: 0.1.0
"""


def to_arrow(dossier: Dossier) -> dict[str, pa.Table]:
    """The dossier as Arrow tables, one per name of :data:`TABLES`, each with its schema.

    Every table is there, with no rows if the dossier has nothing for it.
    The rows of each kind's table come in dossier order; those of a link
    table by parent, then ``ordinal``.

    Args:
        dossier: The dossier.

    Returns:
        The tables by name.

    .. versionadded:: 0.1.0
    """
    rows = _arrow.Rows()
    for kind in KINDS:
        for entity in dossier._entities(kind.key):  # noqa: SLF001 -- in dossier order
            rows.add(entity)
    return {name: pa.Table.from_batches([rows.take(name)]) for name in TABLES}


def from_arrow(tables: Mapping[str, pa.Table]) -> Dossier:
    """The dossier the tables hold, read as strictly as a file.

    Every table of :data:`TABLES` must be given, with every column of its
    schema and no other; a string column may be dictionary-encoded or not,
    an integer column of any integer type. Only the columns that hold values
    are read: a time's zone, precision, instants and sort key follow from
    its text and are not read back. The rows of a link table may come in any
    order: each goes to the row of its parent's table whose id (and
    ``ordinal``, below a link table) it names, at the place its ``ordinal``
    says; a tuple's ordinals are 0, 1, 2, ... . The entities of each kind
    come in the order of their table's rows.

    A problem's path names the table, the row and the column:
    ``$.statement_speakers[7].actor``, ``$.statements[3].place_country``;
    ``$.statements.zone`` for a column, ``$.statements[3].speakers`` for a
    tuple as a whole (which is in its link table).

    Args:
        tables: The tables by name, such as :func:`to_arrow` gives.

    Returns:
        The dossier.

    Raises:
        LoadError: If a table or a column is missing, unknown or of the
            wrong type, a link row names no parent row, the ordinals of a
            tuple are not 0, 1, 2, ..., or the values do not make a valid
            dossier (with the problems and codes a file would get).

    .. versionadded:: 0.1.0
    """
    return _arrow.from_arrow(tables)


def write_parquet(dossier: Dossier, directory: str | os.PathLike[str]) -> None:
    """Write the dossier as a directory of Parquet files, one per table: ``statements.parquet``.

    The directory is written beside its place and renamed into it once
    every file is complete: a failure leaves no half directory, and an
    existing directory is replaced only then, and only if it holds nothing
    but the tables' files (a file or a link there is replaced, not what it
    points to). Files are written in row
    groups (:class:`ParquetWriter`), with the schemas of :data:`SCHEMAS`.

    Not partitioned: the ``statements`` table is one file, in dossier order,
    which a partitioned dataset would not keep (engines read partitions in
    any order), so the round trip would not be exact. Parquet's statistics
    on ``earliest`` and ``latest`` per row group let engines skip the row
    groups outside a period instead.

    Args:
        dossier: The dossier.
        directory: The directory to write.

    Raises:
        FileExistsError: If ``directory`` is a directory holding other files
            than the tables': it is left as it is.
        OSError: If the directory cannot be written; it is then unchanged.

    .. versionadded:: 0.1.0
    """
    _parquet.write_parquet(dossier, directory)


def read_parquet(directory: str | os.PathLike[str]) -> Dossier:
    """Read the dossier a directory of Parquet files holds (see :func:`from_arrow`).

    Only the files of :data:`TABLES` are read; other files (such as an
    engine's ``_SUCCESS`` marker) are left alone.

    Args:
        directory: A directory :func:`write_parquet` wrote, or one like it.

    Returns:
        The dossier.

    Raises:
        LoadError: If a table's file is missing (``missing-key``) or is not
            Parquet (``unreadable``), or for anything :func:`from_arrow`
            refuses.

    .. versionadded:: 0.1.0
    """
    return _parquet.read_parquet(directory)


def sql(question: Question, **arguments: Any) -> str:  # noqa: ANN401
    """The SQL of a canonical question, its placeholders filled in, for DuckDB or Spark SQL.

    The texts are shipped in ``secdialogue/sql/`` (``statements_by.sql``,
    ...); each begins with a comment saying what it answers, what it takes
    and the columns of its answer. They read the tables by name (make each
    a view of its Parquet file) and need the session's time zone set to
    UTC. The arguments are those :func:`ask` takes, checked, then written
    as literals.

    Raises:
        ValueError: If there is no such question.
        TypeError: If an argument is missing or unknown.
        ValidationError: If an argument is not an id, a time or a
            :class:`~secdialogue.Role` as the question needs, or
            ``statements_by``'s stop does not begin after its start.

    .. versionadded:: 0.1.0
    """
    return _ask.sql(question, **arguments)


def ask(
    directory: str | os.PathLike[str],
    question: Question,
    **arguments: Any,  # noqa: ANN401
) -> list[tuple[Any, ...]]:
    """Ask a canonical question of a Parquet directory, on DuckDB, and return its rows.

    The questions, their arguments and their answers' rows:

    * ``"statements_by"``, ``actor``, ``start``, ``stop``: the statements
      by the actor or its members at the time (``dossier.statements.by(actor,
      include_affiliated=True).between(start, stop).by_time()``), as
      ``(id,)`` rows in that order;
    * ``"meetings_involving"``, ``actor``, ``role=None``: the meetings the
      actor takes part in, in any role or in ``role``
      (``dossier.meetings.involving(actor, role=role).by_time()``), as
      ``(id,)`` rows;
    * ``"positions"``, ``demand``, ``as_of=None``: the evidence of each
      actor's latest position (``dossier.positions(demand, as_of)``), as
      ``(actor, position, statement_id, made)`` rows by actor, oldest
      first: ``statement_id`` is ``None`` and ``made`` 0 for the making of
      the demand, where the maker's run begins with it (``made`` of
      :class:`~secdialogue.ActorPosition`);
    * ``"status"``, ``demand``, ``as_of=None``: the demand's status
      (``dossier.status(demand, as_of)``), as ``(state, addressee,
      position)`` rows, one per top-level addressee, by id (one row with
      ``None`` if there is none).

    Ids no entity has give no rows, where the query API raises
    :class:`~secdialogue.NotFoundError`.

    Args:
        directory: A Parquet directory, as :func:`write_parquet` writes.
        question: The question's name.
        arguments: Its arguments: ids as strings, times as a When, an
            aware datetime or a time string.

    Returns:
        The rows of the answer.

    Raises:
        LoadError: If a table's file is missing, or DuckDB cannot read the
            files.
        ValueError: If there is no such question, or ``directory``'s path
            holds a character DuckDB reads as a pattern (``*?[]{}``).
        TypeError: If an argument is missing or unknown.
        ValidationError: If an argument is not what the question takes.

    .. versionadded:: 0.1.0
    """
    return _ask.ask(directory, question, **arguments)
