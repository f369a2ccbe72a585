"""The canonical questions, shipped as SQL, asked of a Parquet directory on DuckDB.

Each question is one text in ``secdialogue/sql`` that runs on DuckDB and on
Spark SQL alike, with named placeholders (``:actor``) that :func:`sql`
replaces by literals: an id as a quoted string, a time as a UTC timestamp
literal (the engine's session time zone must be UTC), nothing as a typed
NULL. The values are checked before they are written into the text.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from secdialogue._checks import check_id, excerpt, fail
from secdialogue._model import Role
from secdialogue._tables._layout import LAYOUTS
from secdialogue._tables._parquet import SUFFIX, missing_file
from secdialogue._time import Unbounded, to_when, utc_seconds
from secdialogue.exceptions import LoadError, Problem

if TYPE_CHECKING:
    import os

__all__ = ["QUESTIONS", "Question", "ask", "sql"]

Question: TypeAlias = Literal["statements_by", "meetings_involving", "positions", "status"]
"""The name of a canonical question, which is also the name of its SQL file.

.. versionadded:: 0.1.0
"""

_Kind: TypeAlias = Literal["id", "start", "stop", "cutoff", "role"]


@attrs.frozen
class _Parameter:
    name: str
    kind: _Kind
    required: bool = True


QUESTIONS: Final[dict[Question, tuple[_Parameter, ...]]] = {
    "statements_by": (
        _Parameter("actor", "id"),
        _Parameter("start", "start"),
        _Parameter("stop", "stop"),
    ),
    "meetings_involving": (_Parameter("actor", "id"), _Parameter("role", "role", required=False)),
    "positions": (_Parameter("demand", "id"), _Parameter("as_of", "cutoff", required=False)),
    "status": (_Parameter("demand", "id"), _Parameter("as_of", "cutoff", required=False)),
}
"""Each question with the arguments it takes."""

_PLACEHOLDER: Final = re.compile(r"(?<![:\w]):([a-z_]+)\b")
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NULL_TIME: Final = "CAST(NULL AS TIMESTAMP)"


_PATTERN: Final = re.compile(r"[*?\[\]{}]")

_INCLUDE: Final = re.compile(r"^--@include (\S+)\n", re.MULTILINE)


def _file(name: str) -> str:
    return resources.files("secdialogue").joinpath("sql", name).read_text("utf-8")


def text(question: Question) -> str:
    """The SQL text of ``question``, with its placeholders.

    A line ``--@include NAME`` of a shipped file stands for the text of the
    file ``NAME`` beside it: the part two questions share is written once.
    """
    return _INCLUDE.sub(lambda match: _file(match.group(1)), _file(f"{question}.sql"))


def _timestamp(seconds: int) -> str:
    moment = _EPOCH + dt.timedelta(seconds=seconds)
    return (
        f"TIMESTAMP '{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f" {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}'"
    )


def _literals(question: Question, arguments: dict[str, Any]) -> dict[str, str]:
    """The SQL literal of each placeholder, from the arguments, checked."""
    parameters = QUESTIONS[question]
    known = {p.name for p in parameters}
    unknown = sorted(arguments.keys() - known)
    if unknown:
        msg = f"{question} takes {', '.join(sorted(known))}, not {', '.join(unknown)}"
        raise TypeError(msg)
    found: dict[str, str] = {}
    for parameter in parameters:
        value = arguments.get(parameter.name)
        if value is None and parameter.required:
            msg = f"{question} needs {parameter.name}"
            raise TypeError(msg)
        found.update(_literal(parameter, value))
    if question == "statements_by" and found["stop"] <= found["start"]:
        msg = (
            f"the period is empty: stop {excerpt(str(arguments['stop']))} must begin after"
            f" start {excerpt(str(arguments['start']))}"
        )
        raise fail(field="stop", code="empty-period", message=msg)
    return found


def _literal(parameter: _Parameter, value: Any) -> dict[str, str]:  # noqa: ANN401, PLR0911 -- one answer per kind
    name = parameter.name
    if parameter.kind == "id":
        check_id(name, value)
        return {name: f"'{value}'"}  # an id holds no quote: [a-z0-9._-]
    if parameter.kind == "role":
        if value is None:
            return {name: "CAST(NULL AS STRING)"}
        if not isinstance(value, Role):
            msg = f"role must be a Role, such as Role.HOST, or None, not {excerpt(value)}"
            raise fail(field=name, code="wrong-type", message=msg)
        return {name: f"'{value.value}'"}
    if parameter.kind == "cutoff":
        if value is None:
            return {"cutoff": _NULL_TIME}
        when = to_when(value)
        # Open into the future, as of it every statement counts, as with none.
        if when.unbounded is Unbounded.AFTER:
            return {"cutoff": _NULL_TIME}
        return {"cutoff": _timestamp(utc_seconds(when)[1])}
    return {name: _timestamp(utc_seconds(to_when(value))[0])}


def sql(question: Question, **arguments: Any) -> str:  # noqa: ANN401 -- each question's own
    """The SQL text of ``question`` with its placeholders replaced by the arguments' literals."""
    if question not in QUESTIONS:
        msg = f"no question {excerpt(question)}: ask one of {', '.join(QUESTIONS)}"
        raise ValueError(msg)
    literals = _literals(question, arguments)
    return _PLACEHOLDER.sub(lambda match: literals[match.group(1)], text(question))


def ask(
    directory: str | os.PathLike[str],
    question: Question,
    **arguments: Any,  # noqa: ANN401 -- each question's own
) -> list[tuple[Any, ...]]:
    """Ask ``question`` of a Parquet directory on DuckDB (see :func:`secdialogue.arrow.ask`)."""
    query = sql(question, **arguments)
    import duckdb  # noqa: PLC0415 -- an optional dependency, loaded on use

    folder = Path(directory)
    if _PATTERN.search(str(folder)):
        # DuckDB reads *, ?, [...] and {...} in a path as a pattern, even quoted.
        msg = (
            f"{str(folder)!r:.200} holds *, ?, [, ], {{ or }}, which DuckDB reads as a pattern"
            " of file names: rename the directory, or move it"
        )
        raise ValueError(msg)
    missing = [
        missing_file(folder, layout.name)
        for layout in LAYOUTS
        if not (folder / f"{layout.name}{SUFFIX}").is_file()
    ]
    if missing:
        raise LoadError(missing)
    with duckdb.connect() as connection:
        try:
            connection.execute("SET TimeZone = 'UTC'")
            for layout in LAYOUTS:
                path = str(folder / f"{layout.name}{SUFFIX}").replace("'", "''")
                # The names come from the layout, the path is quoted.
                view = f"CREATE VIEW {layout.name} AS SELECT * FROM read_parquet('{path}')"  # noqa: S608
                connection.execute(view)
            return connection.execute(query).fetchall()
        except duckdb.Error as error:
            msg = f"DuckDB could not answer {question} from {str(folder)!r}: {error}"
            raise LoadError([Problem(path="$", code="unreadable", message=msg)]) from None
