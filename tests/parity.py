"""The canonical questions asked of an engine, against the query API's answers.

``check_questions`` is the parity property's body, shared by the DuckDB tests
(tests/test_arrow.py, in CI) and the Spark ones (tests/engines/spark_parity.py,
``nox -s spark``): the same questions, the same expected answers, whichever
engine answers them.
"""

from __future__ import annotations

import tempfile
from typing import TYPE_CHECKING, Any, Protocol

from hypothesis import strategies as st

from secdialogue import Role, arrow
from strategies import whens

if TYPE_CHECKING:
    from secdialogue import Dossier, When


class Ask(Protocol):
    """An engine's answer to a question about a Parquet directory: its rows."""

    def __call__(
        self, directory: str, question: Any, /, **arguments: Any
    ) -> list[tuple[Any, ...]]: ...


def positions(dossier: Dossier, demand: str, as_of: When | None) -> list[tuple[object, ...]]:
    """The rows the ``positions`` question should give, from the query API."""
    rows: list[tuple[object, ...]] = []
    for found in dossier.positions(demand, as_of=as_of):
        if found.made is not None:
            rows.append((found.actor, found.position.value, None, 0))
        rows.extend((found.actor, found.position.value, s.id, 1) for s in found.statements)
    return rows


def status_agrees(
    dossier: Dossier, demand: str, as_of: When | None, rows: list[tuple[Any, ...]]
) -> bool:
    """Whether the rows of the ``status`` question say what ``dossier.status`` says."""
    status = dossier.status(demand, as_of=as_of)
    states = {row[0] for row in rows}
    rejected = tuple(row[1] for row in rows if row[2] == "rejects")
    accepted = tuple(row[1] for row in rows if row[2] == "accepts")
    if status.state.value == "withdrawn":
        rejected = accepted = ()
    return {status.state.value} == states and (status.rejected_by, status.accepted_by) == (
        rejected,
        accepted,
    )


def check_questions(dossier: Dossier, data: st.DataObject, ask: Ask) -> None:
    """Write ``dossier`` as Parquet; each question ``ask`` answers must be the query API's."""
    with tempfile.TemporaryDirectory() as folder:
        arrow.write_parquet(dossier, folder)
        times = [s.when for s in dossier.statements] + [None]
        if dossier.actors:
            actor = data.draw(st.sampled_from(tuple(dossier.actors))).id
            start, stop = sorted(data.draw(st.lists(whens(), min_size=2, max_size=2)))
            if start.earliest < stop.earliest:
                expected = (
                    dossier.statements.by(actor, include_affiliated=True)
                    .between(start, stop)
                    .by_time()
                    .ids()
                )
                found = ask(folder, "statements_by", actor=actor, start=start, stop=stop)
                assert expected == tuple(row[0] for row in found)
            role = data.draw(st.none() | st.sampled_from(Role))
            expected = dossier.meetings.involving(actor, role=role).by_time().ids()
            found = ask(folder, "meetings_involving", actor=actor, role=role)
            assert expected == tuple(row[0] for row in found)
        if dossier.demands:
            demand = data.draw(st.sampled_from(tuple(dossier.demands))).id
            as_of = data.draw(st.sampled_from(times) | whens())
            found = ask(folder, "positions", demand=demand, as_of=as_of)
            assert positions(dossier, demand, as_of) == found
            rows = ask(folder, "status", demand=demand, as_of=as_of)
            assert status_agrees(dossier, demand, as_of, rows)
