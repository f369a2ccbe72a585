"""Look-up structures over one dossier's entities, each built on first use.

An :class:`Index` is what queries and derived views run against. It holds the
entity collections of a dossier and builds a structure only when a query or
view first needs it, and only the one needed. What is built when, and what it
cost with the 100,000-statement benchmark dossier (2,059 actors, 5,000
meetings; one busy 2-CPU machine, so read them as orders of magnitude):

* *groups* of one field of one collection (statements by ``speaker``,
  meetings by ``actor`` or by the actors of one role, ...): the positions
  of the entities with each value, ascending, in arrays the garbage
  collector does not track. Built on the first lookup in that field, in one
  pass over that collection only: 30-60 ms
  for statements by speaker or by ``on_behalf_of``, about 150 ms by demand or
  source (several values each), 15 ms for meetings by actor.
* the *timing* of one group (a :class:`Bucket`): its entities' intervals
  (POSIX seconds) sorted by start, for binary search. Built on the first time
  window applied to that bucket, for its entities only; each interval costs
  10-20 µs the first time any index asks for it (a time-zone conversion in
  :func:`~secdialogue._time.utc_seconds`). A speaker's 72 statements: under
  2 ms; the 4,490 statements by or for a state and its 86 members: about
  80 ms. A time window with no indexed filter beside it times the bucket of
  the whole collection: 1.2 s for 100,000 statements, once.
* the *memberships* (:class:`Memberships`): every actor's memberships as
  links with their periods, the top-level actor of each actor whose chain
  has no dated link, and, on the first walk up a chain with dated links, jumps of
  1, 2, 4, ... links. Built on the first membership question (an
  ``include_affiliated`` filter, ``affiliated_with``, a position rolled up to
  top-level actors): linear in the number of actors and memberships, however deep
  the chains go (the jumps: times the logarithm of the longest chain).
* per demand, the stances taken on it in time order (:class:`StanceRows`).
  Built on the first look at that demand's positions or status, from its
  group of statements (the first one groups statements by demand).

So the first selective query of a freshly loaded dossier, a speaker's
statements in a period, pays for one pass over the statements and the timing
of that speaker's statements: about 50 ms, against 2-3 s when every index of
the collection was built at once. Every structure is linear in what it
covers: nothing holds a row per pair of entities.

Nothing here changes an entity or decides what a query means: an index only
narrows down candidates, and every candidate is still checked against the
full filter. Results are therefore the same with or without an index.
"""

from __future__ import annotations

import bisect
import functools
import operator
from array import array
from collections import defaultdict
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypeVar, cast

from secdialogue._kinds import BY_CLASS, BY_KEY, KINDS, Entity, Key
from secdialogue._model import Actor, Demand, Position, Role, Source, Statement
from secdialogue._time import utc_seconds

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from secdialogue._time import When

__all__ = [
    "ALWAYS",
    "NEVER",
    "ROLE_FIELDS",
    "Bucket",
    "Field",
    "Index",
    "Memberships",
    "StanceRow",
    "StanceRows",
    "holds",
    "span_of",
    "time_key",
]

Field: TypeAlias = Literal[
    "actor",
    "party",
    "host",
    "mediator",
    "observer",
    "head",
    "by",
    "to",
    "speaker",
    "on_behalf_of",
    "demand",
    "source",
    "meeting",
    "all",
]
"""The name of a field an index groups entities by (``"all"``: one group of every entity).

``"actor"`` groups meetings and outcomes by every actor they involve; the
names of the meeting roles (``"host"``, ...) group meetings by the actors in
one role (see :data:`ROLE_FIELDS`)."""

_E = TypeVar("_E", bound=Entity)

StanceRow: TypeAlias = "tuple[int, int, str, str, Position, Statement | None]"
"""A stance on a demand: start and end (POSIX seconds), the actor, its top-level
actor, the position, and the statement (``None`` for the demand's own making)."""

_ONE: Final[dict[Field, Callable[[Any], str | None]]] = {
    "by": attrgetter("by"),
    "meeting": attrgetter("meeting"),
}
"""The fields holding at most one value, and how to read it."""

ROLE_FIELDS: Final[dict[Role, Field]] = {
    Role.PARTY: "party",
    Role.HOST: "host",
    Role.MEDIATOR: "mediator",
    Role.OBSERVER: "observer",
    Role.HEAD: "head",
}
"""The field that groups meetings by the actors in each role."""

_MANY: Final[dict[Field, Callable[[Any], Iterable[str]]]] = {
    "to": attrgetter("to"),
    "speaker": attrgetter("speakers"),
    "on_behalf_of": attrgetter("on_behalf_of"),
    "actor": operator.methodcaller("involved"),
    **{field: operator.methodcaller("involved", role) for role, field in ROLE_FIELDS.items()},
    "demand": lambda statement: [stance.demand for stance in statement.stances],
    "source": lambda statement: [citation.source for citation in statement.sources],
}
"""The fields holding several values, and how to read them."""


def time_key(when: When | None, id: str) -> tuple[int, When, str] | tuple[int, str]:  # noqa: A002
    """The chronological sort key: by When (undated last), ties broken by id."""
    if when is None:
        return (1, id)
    return (0, when, id)


def _when_of(entity: Entity) -> When | None:
    if isinstance(entity, Source):
        return entity.published
    if isinstance(entity, Actor):
        return None
    return entity.when


def _group(entities: Sequence[Entity], field: Field) -> Mapping[str | None, Sequence[int]]:
    """The positions of the entities with each value of ``field``, ascending.

    Positions are kept in arrays of machine integers, which the cyclic
    garbage collector need not track.
    """
    groups: defaultdict[str | None, array[int]] = defaultdict(functools.partial(array, "q"))
    one = _ONE.get(field)
    if one is not None:
        for position, key in enumerate(map(one, entities)):
            groups[key].append(position)
        groups.pop(None, None)
        return groups
    for position, keys in enumerate(map(_MANY[field], entities)):
        for key in dict.fromkeys(keys):
            groups[key].append(position)
    return groups


class _Timing:
    """The timed entities of a bucket: bounded ones sorted by start, open ones apart.

    A time open on one side (``../2022-01-07``) reaches a bound far beyond
    every other time; among the sorted intervals it would make ``max_span``,
    and so every window's search, span the whole calendar. Such times are
    few and kept in a list of their own that every window checks in full.
    """

    __slots__ = ("max_span", "open", "starts", "stops", "timed")

    def __init__(self, entities: Sequence[Entity], positions: Sequence[int]) -> None:
        starts, stops, timed = array("q"), array("q"), array("q")
        open_rows: list[tuple[int, int, int]] = []
        for position in positions:
            when = _when_of(entities[position])
            if when is None:
                continue
            start, stop = utc_seconds(when)
            if when.unbounded is not None:
                open_rows.append((position, start, stop))
                continue
            starts.append(start)
            stops.append(stop)
            timed.append(position)
        order = sorted(range(len(starts)), key=starts.__getitem__)  # stable: ties by position
        self.starts: Final = array("q", [starts[n] for n in order])
        self.stops: Final = array("q", [stops[n] for n in order])
        self.timed: Final = array("q", [timed[n] for n in order])
        self.max_span: Final = max(map(operator.sub, stops, starts), default=0)
        self.open: Final = tuple(open_rows)
        """The positions, starts and stops of the entities whose time is open on one side."""


class Bucket:
    """The entities of one collection that share one value of one field.

    Their times are sorted for binary search only when a time window is first
    applied to the bucket (see :meth:`window`).

    Args:
        entities: The whole collection.
        positions: The positions of the bucket's entities in it, ascending.
    """

    __slots__ = ("_entities", "_timing", "positions")

    def __init__(self, entities: Sequence[Entity], positions: Sequence[int]) -> None:
        self._entities: Final = entities
        self.positions: Final = positions
        self._timing: _Timing | None = None

    def __len__(self) -> int:
        return len(self.positions)

    def window(self, lo: int, hi: int, *, contains: bool = False) -> list[int]:
        """The positions of the timed entities overlapping ``[lo, hi)``, ascending.

        With ``contains``, of those lying wholly within it. Binary search
        finds the entities starting in range: an entity overlaps only if it
        starts before ``hi`` and, lasting at most ``max_span``, after
        ``lo - max_span``; only those are looked at, and the few whose time
        is open on one side, which are kept apart. The first call sorts the
        bucket's entities by time.
        """
        timing = self._timing
        if timing is None:
            timing = self._timing = _Timing(self._entities, self.positions)
        if contains:
            first = bisect.bisect_left(timing.starts, lo)
        else:
            first = bisect.bisect_right(timing.starts, lo - timing.max_span)
        last = bisect.bisect_left(timing.starts, hi, lo=first)
        rows = zip(timing.timed[first:last], timing.stops[first:last], strict=True)
        if contains:
            found = [position for position, stop in rows if stop <= hi]
            found += [p for p, start, stop in timing.open if lo <= start and stop <= hi]
        else:
            found = [position for position, stop in rows if stop > lo]
            found += [p for p, start, stop in timing.open if start < hi and stop > lo]
        return sorted(found)


_EMPTY: Final = Bucket((), ())
"""The bucket of a value no entity has."""


NEVER: Final = 1 << 62
"""Further from 1970 than any time, in seconds: ``(-NEVER, NEVER)`` is every time."""

ALWAYS: Final = (-NEVER, NEVER)
"""The span of something without a time: every membership overlaps it."""


def span_of(when: When | None) -> tuple[int, int]:
    """The interval ``[earliest, latest)`` of ``when`` in POSIX seconds; every time for None."""
    return ALWAYS if when is None else utc_seconds(when)


def holds(when: When | None, span: tuple[int, int]) -> bool:
    """Whether a membership of period ``when`` holds at ``span``: no period, or one overlapping."""
    if when is None:
        return True
    start, stop = utc_seconds(when)
    return start < span[1] and span[0] < stop


class Memberships:
    """Who belongs to whom, and when: every actor's top-level actors at any time.

    An actor's *top-level actors* at a time are those at the top of its
    chains of memberships, following only the memberships that hold then
    (no period, or one overlapping that time): a state for a minister while
    the minister is in its foreign ministry, the actor itself when none holds.

    The dossier makes sure that an actor others are members of holds one
    membership at most, so the actors above any member form one line: the
    chain of a member's membership is walked in jumps of 1, 2, 4, ... links,
    each jump knowing the latest start and earliest end of the periods it
    crosses, and stops at the first link that does not hold. A question
    costs a look-up for an actor whose chain has no dated link, the logarithm
    of the chain's length otherwise, and one such walk per membership for
    an actor that holds several. The structure is linear in the number of
    actors and memberships, the jumps ``log2`` of the longest chain times it;
    they are built on the first walk that needs them.

    Args:
        actors: Every actor of a dossier; memberships name only these actors,
            form no cycle, and an actor others are members of holds one
            membership at most (the dossier refuses anything else).
    """

    __slots__ = (
        "_depth",
        "_ids",
        "_jumps",
        "_members",
        "_multi",
        "_number",
        "_parent",
        "_start",
        "_static",
        "_stop",
    )

    def __init__(self, actors: Sequence[Actor]) -> None:
        ids = [actor.id for actor in actors]
        number = {actor_id: n for n, actor_id in enumerate(ids)}
        count = len(ids)
        # An actor's one membership: its organization and period; itself and
        # (NEVER, -NEVER), a link that never holds, for an actor with none.
        parent = list(range(count))
        start = [NEVER] * count
        stop = [-NEVER] * count
        multi: dict[int, tuple[tuple[int, int, int], ...]] = {}
        members: defaultdict[int, list[int]] = defaultdict(list)
        for n, actor in enumerate(actors):
            links = []
            for membership in actor.memberships:
                organization = number[membership.organization]
                links.append((organization, *span_of(membership.when)))
                members[organization].append(n)
            if len(links) == 1:
                parent[n], start[n], stop[n] = links[0]
            elif links:
                multi[n] = tuple(links)
        self._ids: Final = ids
        self._number: Final = number
        self._parent: Final = parent
        self._start: Final = start
        self._stop: Final = stop
        self._multi: Final = multi
        self._members: Final = dict(members)
        # Each actor's depth in its chain, and its top-level actor at every time if
        # no link up its chain has a period (-1 if one has).
        depth = [-1] * count
        static = [-1] * count
        for n in range(count):
            path = []
            above = n
            while depth[above] < 0:
                if parent[above] == above:
                    depth[above], static[above] = 0, above
                    break
                path.append(above)
                above = parent[above]
            for below in reversed(path):
                up = parent[below]
                depth[below] = depth[up] + 1
                timeless = start[below] == -NEVER and stop[below] == NEVER
                static[below] = static[up] if timeless else -1
        self._depth: Final = depth
        self._static: Final = static
        self._jumps: tuple[list[list[int]], list[list[int]], list[list[int]]] | None = None

    def _build_jumps(self) -> tuple[list[list[int]], list[list[int]], list[list[int]]]:
        """The jumps of 2**k links from each actor: where to, latest start, earliest end."""
        ups, starts, stops = [self._parent], [self._start], [self._stop]
        for _ in range(1, max(self._depth, default=0).bit_length()):
            up, start, stop = ups[-1], starts[-1], stops[-1]
            ups.append([up[above] for above in up])
            starts.append(
                [a if a > (b := start[n]) else b for a, n in zip(start, up, strict=True)]
            )
            stops.append([a if a < (b := stop[n]) else b for a, n in zip(stop, up, strict=True)])
        self._jumps = (ups, starts, stops)
        return self._jumps

    def _walk(self, actor: int, lo: int, hi: int) -> int:
        """The last actor reached from ``actor`` up links that hold at ``[lo, hi)``."""
        found = self._static[actor]
        if found >= 0:
            return found
        ups, starts, stops = self._jumps or self._build_jumps()
        for level in range(len(ups) - 1, -1, -1):
            if starts[level][actor] < hi and stops[level][actor] > lo:
                actor = ups[level][actor]
                found = self._static[actor]
                if found >= 0:
                    return found
        return actor

    def tops(self, actor: str, span: tuple[int, int] = ALWAYS) -> tuple[str, ...]:
        """The top-level actors of ``actor`` at ``span`` (POSIX seconds), sorted by id.

        ``actor`` itself if none of its memberships holds then; several only
        for an actor holding several memberships, when they lead to
        different actors. Every time (:data:`ALWAYS`) by default.
        """
        number = self._number[actor]
        links = self._multi.get(number)
        lo, hi = span
        if links is None:
            return (self._ids[self._walk(number, lo, hi)],)
        found = {self._walk(up, lo, hi) for up, start, stop in links if start < hi and stop > lo}
        if not found:
            return (actor,)
        return tuple(sorted(self._ids[n] for n in found))

    def reach(
        self, actors: Iterable[str], *, strict: bool = False
    ) -> Callable[[str, tuple[int, int]], bool]:
        """A test of whether an actor is one of ``actors`` or a member of one, at a time.

        The test takes an actor's id and a span (POSIX seconds): true if the
        actor is one of them or, through memberships that hold at that span,
        directly or not, a member of one. With ``strict``, being one of them
        is not enough. Each actor's nearest one of ``actors`` up its chain is
        found once, however many times the test is asked.
        """
        wanted = {self._number[actor] for actor in actors}
        parent, depth, multi = self._parent, self._depth, self._multi
        nearest: dict[int, int] = {}

        def near(actor: int) -> int:
            path = []
            while actor not in nearest:
                if actor in wanted or parent[actor] == actor:
                    nearest[actor] = actor if actor in wanted else -1
                    break
                path.append(actor)
                actor = parent[actor]
            found = nearest[actor]
            for below in path:
                nearest[below] = found
            return found

        def hits(actor: int, lo: int, hi: int) -> bool:
            found = near(actor)
            return found >= 0 and depth[found] >= depth[self._walk(actor, lo, hi)]

        def test(actor: str, span: tuple[int, int]) -> bool:
            number = self._number[actor]
            if not strict and number in wanted:
                return True
            lo, hi = span
            links = multi.get(number)
            if links is None:
                up = parent[number]
                held = up != number and self._start[number] < hi and self._stop[number] > lo
                return held and hits(up, lo, hi)
            return any(start < hi and stop > lo and hits(up, lo, hi) for up, start, stop in links)

        return test

    def members(self, actors: Iterable[str], *, strict: bool = False) -> frozenset[str]:
        """These actors and every actor that is or was a member of one, directly or not.

        Periods aside: every membership counts. With ``strict``, only the
        members: an actor given is then included only if it is a member of
        another one given. Each actor is looked at once.
        """
        wanted = {self._number[actor] for actor in actors}
        expanded = set(wanted)
        queue = list(wanted)
        found: set[int] = set()
        members = self._members
        while queue:
            for member in members.get(queue.pop(), ()):
                found.add(member)
                if member not in expanded:
                    expanded.add(member)
                    queue.append(member)
        if not strict:
            found |= wanted
        return frozenset(self._ids[n] for n in found)


class Index:
    """Look-up structures over the entities of one dossier, each built on first use.

    Args:
        by_id: Every entity by id.
        collections: The entities of each kind, in dossier order, by the
            kind's key: ``actors=(...), meetings=(...), ...``. Every kind of
            :data:`~secdialogue._kinds.KINDS` must be given, and no other.

    Raises:
        TypeError: If a kind is missing or unknown.
    """

    __slots__ = ("_buckets", "_by_demand", "_collections", "_groups", "_memberships", "by_id")

    def __init__(self, *, by_id: Mapping[str, Entity], **collections: Sequence[Entity]) -> None:
        unknown = sorted(collections.keys() - BY_KEY.keys())
        missing = [kind.key for kind in KINDS if kind.key not in collections]
        if unknown or missing:
            msg = (
                f"Index() takes by_id and the collections {', '.join(BY_KEY)}:"
                f" missing {', '.join(missing) or 'none'}; unknown {', '.join(unknown) or 'none'}"
            )
            raise TypeError(msg)
        self.by_id: Final = by_id
        self._collections: Final = {kind.key: collections[kind.key] for kind in KINDS}
        self._groups: dict[tuple[Key, Field], Mapping[str | None, Sequence[int]]] = {}
        self._buckets: dict[tuple[Key, Field, str], Bucket] = {}
        self._memberships: Memberships | None = None
        self._by_demand: dict[str, StanceRows] = {}

    def collection(self, kind: Key) -> Sequence[Entity]:
        """The entities of one kind, by its key, in dossier order."""
        return self._collections[kind]

    def entities(self, cls: type[_E]) -> Sequence[_E]:
        """The entities of one class, in dossier order: ``index.entities(Statement)``."""
        return cast("Sequence[_E]", self._collections[BY_CLASS[cls].key])

    def bucket(self, kind: Key, field: Field, key: str) -> Bucket:
        """The entities of ``kind`` whose ``field`` has the value ``key``.

        The first look-up in a field groups the whole collection by it.
        """
        found = self._buckets.get((kind, field, key))
        if found is not None:
            return found
        entities = self._collections[kind]
        groups = self._groups.get((kind, field))
        if groups is None:
            everything: dict[str | None, Sequence[int]] = {"": range(len(entities))}
            groups = everything if field == "all" else _group(entities, field)
            self._groups[kind, field] = groups
        positions = groups.get(key)
        if positions is None:  # no entity has it: nothing to keep
            return _EMPTY
        found = self._buckets[kind, field, key] = Bucket(entities, positions)
        return found

    # -- memberships -------------------------------------------------------------

    @property
    def memberships(self) -> Memberships:
        """Who belongs to whom, and when, worked out on first use."""
        found = self._memberships
        if found is None:
            found = self._memberships = Memberships(self.entities(Actor))
        return found

    def top(self, actor: str, when: When | None) -> str:
        """The one top-level actor of ``actor`` at ``when`` (at every time for None).

        Only for what the dossier makes sure has one: the actor a statement
        with a stance speaks for, the maker and the addressees of a demand.
        """
        (found,) = self.memberships.tops(actor, span_of(when))
        return found

    # -- stances -------------------------------------------------------------------

    def stances_on(self, demand: str) -> StanceRows:
        """The stances taken on ``demand``, in the time order of their statements (ties by id).

        Each row holds the statement's start and end (POSIX seconds), an
        actor it speaks for (one row for each of its principals), that
        actor's top-level actor at the statement's time, the position, and
        the statement. A demand whose time is known has one more row, for its
        making: its maker (rolled up at that time) advances it from then,
        with ``None`` for the statement; it comes before the statements of
        the same time.
        """
        found = self._by_demand.get(demand)
        if found is None:
            statements = self.entities(Statement)
            positions = self.bucket("statements", "demand", demand).positions
            made = cast("Demand", self.by_id[demand])
            chosen: list[tuple[When, int, str, Statement | None]] = [
                (s.when, 1, s.id, s) for s in (statements[p] for p in positions)
            ]
            if made.when is not None:
                chosen.append((made.when, 0, "", None))
            chosen.sort(key=_evidence_key)
            rows: list[StanceRow] = []
            for when, _, _, statement in chosen:
                start, stop = utc_seconds(when)
                if statement is None:
                    top = self.top(made.by, when)
                    rows.append((start, stop, made.by, top, Position.ADVANCES, None))
                    continue
                position = next(t.position for t in statement.stances if t.demand == demand)
                rows.extend(
                    (start, stop, actor, self.top(actor, when), position, statement)
                    for actor in statement.principals
                )
            found = StanceRows([row[0] for row in rows], rows)
            self._by_demand[demand] = found
        return found


class StanceRows:
    """The stances on one demand, in time order, with their start times for binary search."""

    __slots__ = ("rows", "starts")

    def __init__(self, starts: list[int], rows: list[StanceRow]) -> None:
        self.starts: Final = starts
        self.rows: Final = rows

    def until(self, cutoff: int | None) -> list[StanceRow]:
        """The rows of the statements over by ``cutoff`` (all with ``None``), in order."""
        if cutoff is None:
            return self.rows
        last = bisect.bisect_left(self.starts, cutoff)
        return [row for row in self.rows[:last] if row[1] <= cutoff]


def _evidence_key(item: tuple[When, int, str, Statement | None]) -> tuple[When, int, str]:
    return item[:3]
