"""Look-up structures over one dossier's entities, built lazily on first use.

An :class:`Index` is what queries and derived views run against. It holds the
entity tuples of a dossier and builds, only when a query first needs one:

* *buckets*: for one field of one kind of entity (statements by speaker,
  meetings by participant, ...), the positions of the entities with each
  value, together with their start times sorted for binary search, so that a
  selective query ("Ryabkov's statements in January") touches only the
  entities it returns;
* the affiliation chains of actors (who belongs to whom, transitively);
* per demand, the statements taking a stance on it, in time order.

Nothing here changes an entity or decides what a query means: an index only
narrows down candidates, and every candidate is still checked against the
full filter. Results are therefore the same with or without an index.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Final, Literal, TypeAlias, cast

from secdialogue._model import Actor, Demand, Meeting, Position, Source, Statement
from secdialogue._time import utc_seconds

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from secdialogue._time import When

__all__ = ["Bucket", "Field", "Index", "Kind", "StanceRows", "time_key"]

Kind: TypeAlias = Literal["actors", "meetings", "demands", "statements", "sources"]
"""The name of one collection of a dossier."""

Field: TypeAlias = Literal[
    "actor", "by", "to", "speaker", "on_behalf_of", "demand", "source", "meeting", "all"
]
"""The name of a field an index groups entities by."""

_Entity: TypeAlias = Actor | Meeting | Demand | Statement | Source


def time_key(when: When | None, id: str) -> tuple[int, When, str] | tuple[int, str]:  # noqa: A002
    """The chronological sort key: by When (undated last), ties broken by id."""
    if when is None:
        return (1, id)
    return (0, when, id)


def _when_of(entity: _Entity) -> When | None:
    if isinstance(entity, Source):
        return entity.published
    if isinstance(entity, Actor):
        return None
    return entity.when


def _keys_of(entity: Meeting | Demand | Statement, field: Field) -> Iterable[str]:  # noqa: PLR0911
    """The values of ``field`` in ``entity``, which an index groups it under."""
    if isinstance(entity, Demand):
        return (entity.by,) if field == "by" else entity.to
    if isinstance(entity, Statement):
        if field == "speaker":
            return (entity.speaker,)
        if field == "on_behalf_of":
            return () if entity.on_behalf_of is None else (entity.on_behalf_of,)
        if field == "demand":
            return [stance.demand for stance in entity.stances]
        if field == "source":
            return [citation.source for citation in entity.sources]
        return () if entity.meeting is None else (entity.meeting,)
    return (*entity.participants, *entity.heads)


class Bucket:
    """The entities of one collection that share one value of one field.

    Args:
        positions: Their positions in the collection, ascending.
        starts: The start times (POSIX seconds) of those that have a time,
            ascending.
        stops: Their end times (first second after), in the order of ``starts``.
        timed: Their positions, in the order of ``starts``.
    """

    __slots__ = ("max_span", "positions", "starts", "stops", "timed")

    def __init__(
        self, positions: list[int], starts: list[int], stops: list[int], timed: list[int]
    ) -> None:
        self.positions: Final = positions
        self.starts: Final = starts
        self.stops: Final = stops
        self.timed: Final = timed
        self.max_span: Final = max((b - a for a, b in zip(starts, stops, strict=True)), default=0)

    def __len__(self) -> int:
        return len(self.positions)

    def window(self, lo: int, hi: int, *, contains: bool = False) -> list[int]:
        """The positions of the timed entities overlapping ``[lo, hi)``, ascending.

        With ``contains``, of those lying wholly within it. Binary search
        finds the entities starting in range: an entity overlaps only if it
        starts before ``hi`` and, lasting at most ``max_span``, after
        ``lo - max_span``; only those are looked at.
        """
        if contains:
            first = bisect.bisect_left(self.starts, lo)
        else:
            first = bisect.bisect_right(self.starts, lo - self.max_span)
        last = bisect.bisect_left(self.starts, hi, lo=first)
        rows = zip(self.timed[first:last], self.stops[first:last], strict=True)
        if contains:
            return sorted(position for position, stop in rows if stop <= hi)
        return sorted(position for position, stop in rows if stop > lo)


_EMPTY: Final = Bucket([], [], [], [])


def _build(entities: Sequence[_Entity], field: Field) -> dict[str, Bucket]:
    members: dict[str, list[int]] = {}
    timed: dict[str, list[tuple[int, int, int]]] = {}
    for position, entity in enumerate(entities):
        when = _when_of(entity)
        interval = None if when is None else utc_seconds(when)
        keys = (
            ("",)
            if field == "all"
            else _keys_of(cast("Meeting | Demand | Statement", entity), field)
        )
        for key in dict.fromkeys(keys):
            members.setdefault(key, []).append(position)
            if interval is not None:
                start, stop = interval
                timed.setdefault(key, []).append((start, position, stop))
    buckets: dict[str, Bucket] = {}
    for key, positions in members.items():
        rows = sorted(timed.get(key, ()))
        buckets[key] = Bucket(
            positions, [row[0] for row in rows], [row[2] for row in rows], [row[1] for row in rows]
        )
    return buckets


class Index:
    """Lazily built look-up structures over the entities of one dossier.

    Args:
        actors: The dossier's actors, in order.
        meetings: Its meetings.
        demands: Its demands.
        statements: Its statements.
        sources: Its sources.
        by_id: Every entity by id.
    """

    __slots__ = (
        "_buckets",
        "_by_demand",
        "_chains",
        "_members",
        "actors",
        "by_id",
        "demands",
        "meetings",
        "sources",
        "statements",
    )

    def __init__(
        self,
        *,
        actors: tuple[Actor, ...],
        meetings: tuple[Meeting, ...],
        demands: tuple[Demand, ...],
        statements: tuple[Statement, ...],
        sources: tuple[Source, ...],
        by_id: dict[str, _Entity],
    ) -> None:
        self.actors: Final = actors
        self.meetings: Final = meetings
        self.demands: Final = demands
        self.statements: Final = statements
        self.sources: Final = sources
        self.by_id: Final = by_id
        self._buckets: dict[tuple[Kind, Field], dict[str, Bucket]] = {}
        self._chains: dict[str, tuple[str, ...]] | None = None
        self._members: dict[str, tuple[str, ...]] | None = None
        self._by_demand: dict[str, StanceRows] = {}

    def collection(self, kind: Kind) -> Sequence[_Entity]:
        """The entities of one kind, in dossier order."""
        collections: dict[Kind, Sequence[_Entity]] = {
            "actors": self.actors,
            "meetings": self.meetings,
            "demands": self.demands,
            "statements": self.statements,
            "sources": self.sources,
        }
        return collections[kind]

    def bucket(self, kind: Kind, field: Field, key: str) -> Bucket:
        """The entities of ``kind`` whose ``field`` has the value ``key``."""
        buckets = self._buckets.get((kind, field))
        if buckets is None:
            buckets = _build(self.collection(kind), field)
            self._buckets[kind, field] = buckets
        return buckets.get(key, _EMPTY)

    # -- affiliations ------------------------------------------------------------

    def chain(self, actor: str) -> tuple[str, ...]:
        """The actor, then what it is affiliated with, up to its top-level actor."""
        if self._chains is None:
            parent = {a.id: a.affiliation for a in self.actors}
            chains: dict[str, tuple[str, ...]] = {}
            for start, first in parent.items():
                links = [start]
                step = first
                while step is not None:  # the dossier refuses cycles
                    links.append(step)
                    step = parent[step]
                chains[start] = tuple(links)
            self._chains = chains
        return self._chains[actor]

    def top(self, actor: str) -> str:
        """The top-level actor ``actor`` belongs to (itself if it belongs to none)."""
        return self.chain(actor)[-1]

    def members(self, actor: str) -> tuple[str, ...]:
        """The actor and every actor affiliated with it, directly or not, in dossier order."""
        if self._members is None:
            members: dict[str, list[str]] = {a.id: [] for a in self.actors}
            for a in self.actors:
                for link in self.chain(a.id):
                    members[link].append(a.id)
            self._members = {key: tuple(value) for key, value in members.items()}
        return self._members[actor]

    # -- stances -------------------------------------------------------------------

    def stances_on(self, demand: str) -> StanceRows:
        """The stances taken on ``demand``, in the time order of their statements (ties by id).

        Each row holds the statement's start and end (POSIX seconds), the
        actor it speaks for (``on_behalf_of``, else the speaker), that
        actor's top-level actor, the position, and the statement.
        """
        found = self._by_demand.get(demand)
        if found is None:
            positions = self.bucket("statements", "demand", demand).positions
            chosen = sorted((self.statements[p] for p in positions), key=_statement_key)
            rows: list[tuple[int, int, str, str, Position, Statement]] = []
            for statement in chosen:
                actor = statement.on_behalf_of or statement.speaker
                position = next(t.position for t in statement.stances if t.demand == demand)
                start, stop = utc_seconds(statement.when)
                rows.append((start, stop, actor, self.top(actor), position, statement))
            found = StanceRows([row[0] for row in rows], rows)
            self._by_demand[demand] = found
        return found


class StanceRows:
    """The stances on one demand, in time order, with their start times for binary search."""

    __slots__ = ("rows", "starts")

    def __init__(
        self, starts: list[int], rows: list[tuple[int, int, str, str, Position, Statement]]
    ) -> None:
        self.starts: Final = starts
        self.rows: Final = rows

    def until(self, cutoff: int | None) -> list[tuple[int, int, str, str, Position, Statement]]:
        """The rows of the statements over by ``cutoff`` (all with ``None``), in order."""
        if cutoff is None:
            return self.rows
        last = bisect.bisect_left(self.starts, cutoff)
        return [row for row in self.rows[:last] if row[1] <= cutoff]


def _statement_key(statement: Statement) -> tuple[When, str]:
    return (statement.when, statement.id)
