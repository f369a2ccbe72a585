"""The Dossier: a checked, immutable collection of entities that refer to each other."""

from __future__ import annotations

import itertools
import operator
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

import attrs

from secdialogue import _views
from secdialogue._checks import excerpt, fail, listing, suggest
from secdialogue._index import Index, span_of
from secdialogue._kinds import BY_CLASS, KINDS, Entity, Key, Kind, a
from secdialogue._model import (
    Actor,
    ActorKind,
    Demand,
    LinkKind,
    Meeting,
    Outcome,
    Source,
    Statement,
)
from secdialogue._query import (
    ActorQuery,
    DemandQuery,
    MeetingQuery,
    OutcomeQuery,
    SourceQuery,
    StatementQuery,
    TimelineQuery,
)
from secdialogue._time import When, to_when
from secdialogue.exceptions import IntegrityError, NotFoundError, Problem

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Iterator, Sequence

__all__ = ["Dossier", "Entity"]

_E = TypeVar("_E", Actor, Meeting, Demand, Statement, Outcome, Source)


def _as_tuple(value: Iterable[_E], field: str) -> tuple[_E, ...]:
    if isinstance(value, tuple):
        return value
    try:
        return tuple(value)
    except TypeError:
        msg = f"{field} must be a tuple or list, not {excerpt(value)}"
        raise IntegrityError(
            [Problem(path=f"$.{field}", code="wrong-type", message=msg)]
        ) from None


def _actors(value: Iterable[Actor]) -> tuple[Actor, ...]:
    return _as_tuple(value, "actors")


def _meetings(value: Iterable[Meeting]) -> tuple[Meeting, ...]:
    return _as_tuple(value, "meetings")


def _demands(value: Iterable[Demand]) -> tuple[Demand, ...]:
    return _as_tuple(value, "demands")


def _statements(value: Iterable[Statement]) -> tuple[Statement, ...]:
    return _as_tuple(value, "statements")


def _outcomes(value: Iterable[Outcome]) -> tuple[Outcome, ...]:
    return _as_tuple(value, "outcomes")


def _sources(value: Iterable[Source]) -> tuple[Source, ...]:
    return _as_tuple(value, "sources")


@attrs.frozen(kw_only=True, repr=False)
class Dossier:
    """An immutable, checked collection of the entities that tell one story.

    A Dossier is the unit you save, load, merge and ask questions of. Making
    one checks that its entities fit together and collects *all* problems
    before raising a single :class:`~secdialogue.exceptions.IntegrityError`:

    * every id is used once in the whole dossier;
    * every reference names an existing entity of the right kind (a
      speaker is an actor, a delegation head is a person, a stance names a
      demand, a meeting is rescheduled as a meeting, a citation names a
      source), with a did-you-mean suggestion when an unknown id is close
      to a known one;
    * no chain of memberships leads back to where it started, and an actor
      that others are members of holds one membership at most; no chain of
      rescheduled meetings leads back to where it started either;
    * a statement that takes a stance, and a demand, name no actor that
      belongs at their time to several top-level actors (through the
      memberships that hold then): such a statement says whom it speaks
      for in ``on_behalf_of``.

    A Dossier is not a database: it does not change. Make a new one with
    :meth:`merge` or ``attrs.evolve``.

    Ask it questions through typed, lazy queries (:attr:`actors`,
    :attr:`meetings`, :attr:`demands`, :attr:`statements`, :attr:`outcomes`,
    :attr:`sources`, :meth:`timeline`) and derived views (:meth:`positions`, :meth:`status`,
    :meth:`changes`). The indexes they use are built on first use and kept
    with the dossier; they take no part in equality or hashing.

    Args:
        actors: The parties.
        meetings: The meetings.
        demands: The demands.
        statements: The statements.
        outcomes: What meetings and processes produced.
        sources: The sources cited.

    Raises:
        IntegrityError: If the entities do not fit together.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``outcomes``.
    """

    _actors: tuple[Actor, ...] = attrs.field(default=(), converter=_actors, alias="actors")
    _meetings: tuple[Meeting, ...] = attrs.field(default=(), converter=_meetings, alias="meetings")
    _demands: tuple[Demand, ...] = attrs.field(default=(), converter=_demands, alias="demands")
    _statements: tuple[Statement, ...] = attrs.field(
        default=(), converter=_statements, alias="statements"
    )
    _outcomes: tuple[Outcome, ...] = attrs.field(default=(), converter=_outcomes, alias="outcomes")
    _sources: tuple[Source, ...] = attrs.field(default=(), converter=_sources, alias="sources")
    _by_id: dict[str, Entity] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _index: Index | None = attrs.field(init=False, default=None, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        by_id = _ids_at_once(self)
        if by_id is None:  # some entity of the wrong type, or an id used twice: say where
            by_id, problems = self._ids_one_by_one()
        else:
            problems = []
        object.__setattr__(self, "_by_id", by_id)
        problems.extend(_Checker(by_id).check(self))
        if problems:
            raise IntegrityError(problems)

    def _ids_one_by_one(self) -> tuple[dict[str, Entity], list[Problem]]:
        """The entities by id, and a problem for each entity of the wrong type and repeated id."""
        problems: list[Problem] = []
        by_id: dict[str, Entity] = {}
        for kind in KINDS:
            for index, entity in enumerate(self._entities(kind.key)):
                path = f"$.{kind.key}[{index}]"
                if not isinstance(entity, kind.cls):
                    msg = f"expected {kind.cls.__name__}, not {excerpt(entity)}"
                    problems.append(Problem(path=path, code="wrong-type", message=msg))
                    continue
                known = by_id.get(entity.id)
                if known is None:
                    by_id[entity.id] = entity
                    continue
                msg = (
                    f"id {entity.id!r} is already used by {BY_CLASS[type(known)].a}:"
                    " every id in a dossier must be unique"
                )
                problems.append(Problem(path=f"{path}.id", code="duplicate-id", message=msg))
        return by_id, problems

    def _entities(self, key: Key) -> tuple[Any, ...]:
        """The entities of the kind whose JSON key is ``key``, in order (for the format)."""
        entities: tuple[Any, ...] = getattr(self, f"_{key}")
        return entities

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind.key}={len(self._entities(kind.key))}" for kind in KINDS)
        return f"<Dossier {counts}>"

    # -- look-up ---------------------------------------------------------------

    def __contains__(self, id: object) -> bool:  # noqa: A002 -- the natural name
        return isinstance(id, str) and id in self._by_id

    def get(self, id: str) -> Entity:  # noqa: A002 -- the natural name
        """The entity with this id, of whatever kind.

        Raises:
            NotFoundError: If no entity has this id (a :class:`KeyError`).
        """
        try:
            return self._by_id[id]
        except (KeyError, TypeError):
            raise self._not_found(id, None) from None

    def _get(self, id: str, kind: type[_E]) -> _E:  # noqa: A002 -- the natural name
        try:
            entity = self._by_id.get(id)
        except TypeError:  # an unhashable "id"
            entity = None
        if isinstance(entity, kind):
            return entity
        raise self._not_found(id, kind)

    def _not_found(self, id: object, kind: type[Entity] | None) -> NotFoundError:  # noqa: A002
        what = "entity" if kind is None else BY_CLASS[kind].noun
        msg = f"no {what} has the id {excerpt(id)}"
        if isinstance(id, str):
            msg += suggest(id, self._ids_of(kind))
        return NotFoundError([Problem(path="$", code="not-found", message=msg)])

    def _ids_of(self, kind: type[Entity] | None) -> list[str]:
        return [i for i, e in self._by_id.items() if kind is None or isinstance(e, kind)]

    def actor(self, id: str) -> Actor:  # noqa: A002 -- the natural name
        """The actor with this id.

        Raises:
            NotFoundError: If no actor has this id.
        """
        return self._get(id, Actor)

    def meeting(self, id: str) -> Meeting:  # noqa: A002 -- the natural name
        """The meeting with this id.

        Raises:
            NotFoundError: If no meeting has this id.
        """
        return self._get(id, Meeting)

    def demand(self, id: str) -> Demand:  # noqa: A002 -- the natural name
        """The demand with this id.

        Raises:
            NotFoundError: If no demand has this id.
        """
        return self._get(id, Demand)

    def statement(self, id: str) -> Statement:  # noqa: A002 -- the natural name
        """The statement with this id.

        Raises:
            NotFoundError: If no statement has this id.
        """
        return self._get(id, Statement)

    def outcome(self, id: str) -> Outcome:  # noqa: A002 -- the natural name
        """The outcome with this id.

        Raises:
            NotFoundError: If no outcome has this id.

        .. versionadded:: 0.2.0
        """
        return self._get(id, Outcome)

    def source(self, id: str) -> Source:  # noqa: A002 -- the natural name
        """The source with this id.

        Raises:
            NotFoundError: If no source has this id.
        """
        return self._get(id, Source)

    # -- queries -----------------------------------------------------------------

    def _lookup(self) -> Index:
        index = self._index
        if index is None:
            index = Index(
                actors=self._actors,
                meetings=self._meetings,
                demands=self._demands,
                statements=self._statements,
                outcomes=self._outcomes,
                sources=self._sources,
                by_id=self._by_id,
            )
            object.__setattr__(self, "_index", index)
        return index

    @property
    def actors(self) -> ActorQuery:
        """A query over all actors, in dossier order.

        .. versionadded:: 0.1.0
        """
        return ActorQuery(self._lookup())

    @property
    def meetings(self) -> MeetingQuery:
        """A query over all meetings, in dossier order.

        .. versionadded:: 0.1.0
        """
        return MeetingQuery(self._lookup())

    @property
    def demands(self) -> DemandQuery:
        """A query over all demands, in dossier order.

        .. versionadded:: 0.1.0
        """
        return DemandQuery(self._lookup())

    @property
    def statements(self) -> StatementQuery:
        """A query over all statements, in dossier order.

        .. versionadded:: 0.1.0
        """
        return StatementQuery(self._lookup())

    @property
    def outcomes(self) -> OutcomeQuery:
        """A query over all outcomes, in dossier order.

        .. versionadded:: 0.2.0
        """
        return OutcomeQuery(self._lookup())

    @property
    def sources(self) -> SourceQuery:
        """A query over all sources, in dossier order.

        .. versionadded:: 0.1.0
        """
        return SourceQuery(self._lookup())

    def timeline(self) -> TimelineQuery:
        """Meetings, dated demands, statements and outcomes as one sequence, in time order.

        Each entry is a :class:`~secdialogue.MeetingEntry`,
        :class:`~secdialogue.DemandEntry`, :class:`~secdialogue.StatementEntry`
        or :class:`~secdialogue.OutcomeEntry`. Entries sort by
        :class:`~secdialogue.When`, ties broken by id; demands without a time
        are left out. Filter it like the other queries.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           Outcomes.
        """
        return TimelineQuery(self._lookup()).by_time()

    def top_level_of(
        self, actor: Actor | str, at: When | dt.datetime | str | None = None
    ) -> tuple[str, ...]:
        """The top-level actors an actor belongs to at a time: whom it speaks for then.

        Follows the actor's memberships that hold at ``at`` (those without a
        period, and those whose period overlaps it), then theirs, up to
        actors with no membership that holds then. While a minister is in a
        foreign ministry that is a member of a state, the minister's
        top-level actor is the state; an actor with no membership that holds
        is its own. These are
        the actors a statement's position rolls up to in :meth:`positions`.
        An actor holding several memberships at once may have several
        top-level actors; a statement of its that takes a stance names the
        one it speaks for in ``on_behalf_of`` (the dossier refuses it
        otherwise).

        Args:
            actor: The actor or its id.
            at: A When, an aware datetime or a time string; ``None``
                follows every membership, whatever its period.

        Returns:
            The ids of the top-level actors, sorted.

        Raises:
            NotFoundError: If no actor has this id.
            ValidationError: If ``at`` is a naive datetime, a clock time
                without a zone, or no time at all.

        .. versionadded:: 0.2.0
        """
        if isinstance(actor, Actor):
            actor = actor.id
        if not isinstance(actor, str):
            msg = f"actor must be an Actor or an actor id, not {excerpt(actor)}"
            raise fail(field="actor", code="wrong-type", message=msg)
        found = self.actor(actor)
        span = span_of(None if at is None else to_when(at))
        return self._lookup().memberships.tops(found.id, span)

    def _demand_arg(self, demand: Demand | str) -> Demand:
        if isinstance(demand, Demand):
            demand = demand.id
        if not isinstance(demand, str):
            msg = f"demand must be a Demand or a demand id, not {excerpt(demand)}"
            raise fail(field="demand", code="wrong-type", message=msg)
        return self.demand(demand)

    def positions(
        self,
        demand: Demand | str,
        as_of: When | dt.datetime | str | None = None,
        *,
        roll_up: bool = True,
    ) -> _views.Positions:
        """Where each actor stands on a demand as of a time, and the demand's status.

        For each actor that took a stance on the demand, its latest position
        and the statements that show it. A statement speaks for the actors it
        was made on behalf of, else for its speakers; with ``roll_up`` (the
        default) each is replaced by its top-level actor at the statement's
        time (see :meth:`top_level_of`), so Ryabkov's statements count as
        Russia's and Stoltenberg's as NATO's. A demand's maker and addressees
        are rolled up likewise, at the demand's time. "Latest" follows the
        order of :class:`~secdialogue.When` (ties broken by id).

        *As of* a time means: counting only the statements known to be over
        by the *end* of ``as_of``, that is whose whole interval ends at or
        before it. As of ``2022-01-08[Europe/Brussels]`` a statement of the
        8th counts; one dated only ``2022-01[...]`` does not, since it may be
        from later in January.

        The status (:class:`~secdialogue.DemandStatus`) is always worked out
        from rolled-up positions: *withdrawn* if the maker's latest position
        withdraws it; else *rejected* if any addressee's latest position
        rejects it; else *accepted* if every addressee's accepts it; else
        *open*.

        Args:
            demand: The demand or its id.
            as_of: A When, an aware datetime or a time string (a date
                without a zone counts what is said by its end anywhere on
                Earth); ``None`` counts every statement.
            roll_up: Report top-level actors; ``False`` reports each
                statement's own actors (its speakers, or those it was made
                on behalf of).

        Raises:
            NotFoundError: If no demand has this id.
            ValidationError: If ``as_of`` is a naive datetime, a clock time
                without a zone, or no time at all.

        .. versionadded:: 0.1.0
        """
        found = self._demand_arg(demand)
        when = None if as_of is None else to_when(as_of)
        return _views.positions(self._lookup(), found, when, roll_up=roll_up)

    def status(
        self, demand: Demand | str, as_of: When | dt.datetime | str | None = None
    ) -> _views.DemandStatus:
        """The derived status of a demand as of a time (see :meth:`positions`).

        Raises:
            NotFoundError: If no demand has this id.
            ValidationError: If ``as_of`` is a naive datetime, a clock time
                without a zone, or no time at all.

        .. versionadded:: 0.1.0
        """
        found = self._demand_arg(demand)
        when = None if as_of is None else to_when(as_of)
        return _views.demand_status(self._lookup(), found, when)

    def changes(
        self, since: When | dt.datetime | str, until: When | dt.datetime | str
    ) -> _views.Changes:
        """What changed from the start of ``since`` up to the start of ``until``.

        The positions that moved (each top-level actor's latest position on
        each demand, as of the two instants, compared), and the meetings held
        or ended early, the demands made and the outcomes reached whose time
        overlaps the period (see :class:`~secdialogue.Changes`). A statement
        counts at an instant once its whole interval is over.

        Raises:
            ValidationError: If a time is a naive datetime, a clock time
                without a zone or no time at all, or ``until`` does not
                begin after ``since``.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           Outcomes too.
        """
        start, end = to_when(since), to_when(until)
        if end.earliest <= start.earliest:
            msg = (
                f"the period is empty: until {excerpt(str(end))} must begin after"
                f" since {excerpt(str(start))}"
            )
            raise fail(field="until", code="empty-period", message=msg)
        return _views.changes(self._lookup(), start, end)

    # -- combining ---------------------------------------------------------------

    def merge(self, other: Dossier) -> Dossier:
        """Combine two dossiers, as when records of one story come from two sources.

        An entity present in both with equal content is kept once. Entities
        of this dossier come first, in order, then the new ones of ``other``.

        Raises:
            IntegrityError: If an id names different content in the two, or
                the combination does not fit together; paths point into
                ``other``.
        """
        if not isinstance(other, Dossier):
            msg = f"merge() takes a Dossier, not {excerpt(other)}"
            raise fail(field="other", code="wrong-type", message=msg)
        problems: list[Problem] = []

        def combine(field: str, mine: tuple[_E, ...], theirs: tuple[_E, ...]) -> list[_E]:
            result = list(mine)
            for index, entity in enumerate(theirs):
                known = self._by_id.get(entity.id)
                if known is None:
                    result.append(entity)
                elif known != entity:
                    msg = (
                        f"id {entity.id!r} names different content in the two dossiers:"
                        " rename one, or make them agree"
                    )
                    path = f"$.{field}[{index}]"
                    problems.append(Problem(path=path, code="merge-conflict", message=msg))
            return result

        combined = {
            kind.key: combine(kind.key, self._entities(kind.key), other._entities(kind.key))
            for kind in KINDS
        }
        if problems:
            raise IntegrityError(problems)
        return Dossier(**combined)


_GET_ID: Final = operator.attrgetter("id")


def _ids_at_once(dossier: Dossier) -> dict[str, Entity] | None:
    """The entities by id, or None if one is of the wrong type or an id repeats.

    The common case, a valid dossier, is checked in a few passes that run in
    C; only a dossier with a problem is walked entity by entity, to say where.
    """
    by_id: dict[str, Entity] = {}
    count = 0
    for kind in KINDS:
        entities = dossier._entities(kind.key)  # noqa: SLF001 -- same module
        if not all(map(isinstance, entities, itertools.repeat(kind.cls))):
            return None
        by_id.update(zip(map(_GET_ID, entities), entities, strict=True))
        count += len(entities)
    return by_id if len(by_id) == count else None


def _typed_only(items: tuple[object, ...], kind: type[Any]) -> tuple[Any, ...]:
    """The items of the right kind (others are reported already)."""
    if all(map(isinstance, items, itertools.repeat(kind))):
        return items
    return tuple(item for item in items if isinstance(item, kind))


def _typed(items: tuple[object, ...], kind: type[_E]) -> Iterator[tuple[int, _E]]:
    """The items of the right kind, with their positions (others are reported already)."""
    for index, item in enumerate(items):
        if isinstance(item, kind):
            yield index, item


_MAX_SUGGESTIONS: Final = 20
"""Did-you-mean hints are looked for in the first this many unknown references only."""

_MAX_CANDIDATES: Final = 10_000
"""Did-you-mean hints are looked for only among at most this many ids of a kind."""

_MAX_CYCLE_SHOWN: Final = 10
"""A cycle longer than this is shown by its first few members."""


def _loop(cycle: Sequence[str]) -> str:
    """A cycle for messages, back to its start: ``a -> b -> a``; a long one by its first five."""
    shown = cycle if len(cycle) <= _MAX_CYCLE_SHOWN else [*cycle[:5], "…"]
    return " -> ".join([*shown, cycle[0]])


@attrs.frozen
class _Reference:
    """A field of an entity that names other entities by id.

    Args:
        field: The entity's attribute.
        target: The kind of entity it names.
        many: The field holds a tuple.
        inner: For a tuple of value objects, the attribute of each that holds
            the id (a stance's ``demand``, a citation's ``source``).
        deeper: For a tuple of value objects whose ``inner`` is a tuple of
            value objects in turn, the attribute of each of those that holds
            the id (a membership's citations' ``source``).
        person: The target must be an actor who is a person.
    """

    field: str
    target: type[Entity]
    many: bool = False
    inner: str | None = None
    deeper: str | None = None
    person: bool = False

    def ids(self, entity: object) -> list[tuple[str, str]]:
        """The ids the field of ``entity`` holds, each with its path from the entity."""
        value = getattr(entity, self.field)  # never None: the check skips those
        if not self.many:
            return [(f".{self.field}", value)]
        if self.inner is None:
            return [(f".{self.field}[{n}]", ref) for n, ref in enumerate(value)]
        if self.deeper is None:
            return [
                (f".{self.field}[{n}].{self.inner}", getattr(item, self.inner))
                for n, item in enumerate(value)
            ]
        return [
            (f".{self.field}[{n}].{self.inner}[{m}].{self.deeper}", getattr(one, self.deeper))
            for n, item in enumerate(value)
            for m, one in enumerate(getattr(item, self.inner))
        ]

    def values(self, value: Any) -> Iterable[str]:  # noqa: ANN401 -- any field's value
        """The ids a value of the field holds (a value that is not None)."""
        if not self.many:
            return (value,)
        if self.inner is None:
            return cast("Iterable[str]", value)
        if self.deeper is None:
            return [getattr(item, self.inner) for item in value]
        return [getattr(one, self.deeper) for item in value for one in getattr(item, self.inner)]


_CITES: Final = _Reference("sources", Source, many=True, inner="source")

_ORGANIZATIONS: Final = _Reference("memberships", Actor, many=True, inner="organization")

_REFERENCES: Final[dict[type[Entity], tuple[_Reference, ...]]] = {
    Actor: (
        _ORGANIZATIONS,
        _Reference("memberships", Source, many=True, inner="sources", deeper="source"),
        _CITES,
    ),
    Meeting: (
        _Reference("participants", Actor, many=True),
        _Reference("rescheduled_as", Meeting),
        _Reference("heads", Actor, many=True, person=True),
        _Reference("hosts", Actor, many=True),
        _Reference("mediators", Actor, many=True),
        _Reference("observers", Actor, many=True),
        _CITES,
    ),
    Demand: (
        _Reference("by", Actor),
        _Reference("to", Actor, many=True),
        _Reference("links", Demand, many=True, inner="demand"),
        _CITES,
    ),
    Statement: (
        _Reference("speakers", Actor, many=True),
        _Reference("on_behalf_of", Actor, many=True),
        _Reference("meeting", Meeting),
        _Reference("stances", Demand, many=True, inner="demand"),
        _CITES,
    ),
    Outcome: (
        _Reference("meeting", Meeting),
        _Reference("parties", Actor, many=True),
        _Reference("signatories", Actor, many=True),
        _Reference("demands", Demand, many=True),
        _CITES,
    ),
    Source: (),
}
"""Every reference between entities, by the kind of entity that holds it."""


class _Checker:
    """Checks the references of a dossier whose ids are unique.

    Each entity is first checked the quick way, without building a path;
    only an entity with a bad reference is checked again, naming each one.
    """

    def __init__(self, by_id: dict[str, Entity]) -> None:
        self.by_id = by_id
        self.problems: list[Problem] = []
        self.suggested = 0
        self._known: dict[type[Entity], list[str]] = {}

    def known(self, kind: type[Entity]) -> list[str]:
        """The ids of the entities of ``kind`` (at most :data:`_MAX_CANDIDATES`), listed once."""
        found = self._known.get(kind)
        if found is None:
            found = [i for i, e in self.by_id.items() if isinstance(e, kind)]
            found = self._known[kind] = found if len(found) <= _MAX_CANDIDATES else []
        return found

    def check(self, dossier: Dossier) -> list[Problem]:
        for kind in KINDS:
            entities = dossier._entities(kind.key)  # noqa: SLF001 -- same module
            if not all(
                self.all_found(reference, _typed_only(entities, kind.cls))
                for reference in _REFERENCES[kind.cls]
            ):
                self.check_each(kind, entities)
        actors = list(_typed(dossier._actors, Actor))  # noqa: SLF001 -- same module
        sound = len(actors) == len(dossier._actors) and self.all_found(  # noqa: SLF001
            _ORGANIZATIONS, tuple(actor for _, actor in actors)
        )
        cycles, branching = self.cycles(actors), self.branching(actors)
        self.packages(list(_typed(dossier._demands, Demand)))  # noqa: SLF001 -- same module
        self.reschedules(list(_typed(dossier._meetings, Meeting)))  # noqa: SLF001 -- same module
        if sound and not cycles and not branching:
            self.top_levels(dossier)
        return self.problems

    def all_found(self, reference: _Reference, entities: tuple[Any, ...]) -> bool:
        """Whether every id ``reference`` holds in ``entities`` names an entity it may name.

        Each distinct id is looked up once: a dossier of 100,000 statements
        names a few thousand speakers.
        """
        values: Iterable[Any] = map(operator.attrgetter(reference.field), entities)
        if reference.many:
            values = itertools.chain.from_iterable(values)
            if reference.inner is not None:
                values = map(operator.attrgetter(reference.inner), values)
            if reference.deeper is not None:
                values = itertools.chain.from_iterable(values)
                values = map(operator.attrgetter(reference.deeper), values)
        ids = set(values)
        ids.discard(None)
        get, target = self.by_id.get, reference.target
        for ref in ids:
            found = get(ref)
            if type(found) is not target or (
                reference.person and found.kind is not ActorKind.PERSON  # type: ignore[union-attr]
            ):
                return False
        return True

    def check_each(self, kind: Kind[Any], entities: tuple[object, ...]) -> None:
        """Check each entity of ``kind`` in turn, naming each bad reference where it is."""
        get = self.by_id.get
        references = _REFERENCES[kind.cls]
        for index, entity in enumerate(entities):
            if not isinstance(entity, kind.cls):
                continue  # reported already
            for reference in references:
                value = getattr(entity, reference.field)
                if value is None:
                    continue
                target = reference.target
                for ref in reference.values(value):
                    found = get(ref)
                    if type(found) is not target or (
                        reference.person and found.kind is not ActorKind.PERSON  # type: ignore[union-attr]
                    ):
                        self.report(f"$.{kind.key}[{index}]", entity, reference)
                        break

    def report(self, path: str, entity: object, reference: _Reference) -> None:
        """Report each bad id of one reference of ``entity``, at ``path``."""
        for where, ref in reference.ids(entity):
            self.ref(path + where, ref, reference.target, person=reference.person)

    def ref(self, path: str, ref: str, kind: type[Entity], *, person: bool = False) -> None:
        target = self.by_id.get(ref)
        name = BY_CLASS[kind].noun
        if target is None:
            hint = ""
            if self.suggested < _MAX_SUGGESTIONS:
                self.suggested += 1
                hint = suggest(ref, self.known(kind))
            msg = f"no {name} has the id {ref!r}{hint}: add it, or fix the id"
            self.problems.append(Problem(path=path, code="unknown-reference", message=msg))
        elif not isinstance(target, kind):
            msg = f"{ref!r} is {BY_CLASS[type(target)].a}, but {a(name)} is expected here"
            self.problems.append(Problem(path=path, code="wrong-kind", message=msg))
        elif person and isinstance(target, Actor) and target.kind is not ActorKind.PERSON:
            msg = f"{ref!r} is a {target.kind.value}, but a delegation head is a person"
            self.problems.append(Problem(path=path, code="wrong-kind", message=msg))

    def cycles(self, actors: list[tuple[int, Actor]]) -> bool:
        """Report each cycle of memberships once, in time linear in the actors and memberships.

        Each actor :func:`_toward_cycles` leaves holds a membership in
        another actor left, so following the first such membership from each
        (:func:`_cycles`, every actor walked once) comes back to an actor of
        the walk: that loop is a cycle. A cycle is reported at its member
        listed first. Whether any cycle was found.
        """
        position = {actor.id: index for index, actor in actors}
        parent = _toward_cycles(actors, position)
        for cycle in _cycles(list(parent), lambda actor: parent[actor][1], position.__getitem__):
            loop = _loop(cycle)
            msg = (
                f"memberships form a cycle of {len(cycle):,} actors: {loop};"
                " an actor cannot be a member of itself, directly or through others"
            )
            where = parent[cycle[0]][0]
            path = f"$.actors[{position[cycle[0]]}].memberships[{where}].organization"
            self.problems.append(Problem(path=path, code="affiliation-cycle", message=msg))
        return bool(parent)

    def branching(self, actors: list[tuple[int, Actor]]) -> bool:
        """Report each actor that others are members of and that holds several memberships.

        Whether any was found.
        """
        first_member: dict[str, str] = {}
        for _, actor in actors:
            for membership in actor.memberships:
                first_member.setdefault(membership.organization, actor.id)
        found = False
        for index, actor in actors:
            member = first_member.get(actor.id)
            if member is None or len(actor.memberships) < 2:  # noqa: PLR2004 -- one is fine
                continue
            found = True
            msg = (
                f"{actor.id!r} holds {len(actor.memberships):,} memberships, and others are"
                f" members of it ({member!r} among them): an actor that has members holds"
                " one membership at most, so that the actors above a member form one line;"
                f" give its members the memberships of {actor.id!r} they share, or keep one"
            )
            path = f"$.actors[{index}].memberships"
            self.problems.append(Problem(path=path, code="branching-membership", message=msg))
        return found

    def top_levels(self, dossier: Dossier) -> None:
        """Report the statements with a stance, and the demands, that need a principal chosen.

        A statement taking a stance shows the position of its actor's
        top-level actor at its time, and a demand's maker and addressees count
        through theirs at its time: an actor that then belongs to several
        top-level actors must be replaced by the one meant. Only actors
        holding several memberships can; if none does, nothing is walked.
        """
        several = {actor.id for actor in dossier._actors if len(actor.memberships) > 1}  # noqa: SLF001
        if not several:
            return
        memberships = dossier._lookup().memberships  # noqa: SLF001 -- same module

        def report(path: str, actor: str, when: When | None, advice: str) -> None:
            found = memberships.tops(actor, span_of(when))
            if len(found) < 2:  # noqa: PLR2004 -- one is what is needed
                return
            at = f"at {when}" if when is not None else "(at no time given, so at every time)"
            msg = (
                f"{actor!r} belongs {at} to {len(found):,} top-level actors through the"
                f" memberships that hold then ({listing(list(found))}): {advice}"
            )
            self.problems.append(Problem(path=path, code="ambiguous-principal", message=msg))

        _speakers(dossier, several, report)
        for index, demand in _typed(dossier._demands, Demand):  # noqa: SLF001
            path = f"$.demands[{index}]"
            if demand.by in several:
                report(f"{path}.by", demand.by, demand.when, "make the demand by the one meant")
            for n, actor in enumerate(demand.to):
                if actor in several:
                    report(f"{path}.to[{n}]", actor, demand.when, "address the one meant")

    def packages(self, demands: list[tuple[int, Demand]]) -> None:
        """Report each cycle of demands that are parts of each other, in one walk.

        A depth-first walk over the ``part_of`` links meets each demand and
        each link once; a link back to a demand still on the walk closes a
        cycle, reported at the link that closes it, naming only its first few
        demands (so many cycles in one file cost no more than the walk).
        """
        position = {demand.id: index for index, demand in demands}
        parts_of = {
            demand.id: [
                (n, link.demand)
                for n, link in enumerate(demand.links)
                if link.kind is LinkKind.PART_OF and link.demand in position
            ]
            for _, demand in demands
        }
        done: set[str] = set()
        for _, root in demands:
            if root.id in done:
                continue
            depth = {root.id: 0}  # the demands on the walk, by their place on it
            walk: list[tuple[str, Iterator[tuple[int, str]]]]
            walk = [(root.id, iter(parts_of[root.id]))]
            while walk:
                here, links = walk[-1]
                step = next(links, None)
                if step is None:
                    done.add(here)
                    del depth[here]
                    walk.pop()
                    continue
                n, there = step
                if there in done:
                    continue
                if there not in depth:
                    depth[there] = len(walk)
                    walk.append((there, iter(parts_of[there])))
                else:  # back to a demand on the walk: only its first few are looked at
                    first, size = depth[there], len(walk) - depth[there]
                    shown = [node for node, _ in walk[first : first + _MAX_CYCLE_SHOWN + 1]]
                    msg = (
                        f"demands form a cycle of {size:,} packages: {_loop(shown)};"
                        " a demand cannot be part of itself"
                    )
                    path = f"$.demands[{position[here]}].links[{n}].demand"
                    self.problems.append(Problem(path=path, code="package-cycle", message=msg))

    def reschedules(self, meetings: list[tuple[int, Meeting]]) -> None:
        """Report each cycle of rescheduled meetings once, at its meeting listed first."""
        successor = {m.id: m.rescheduled_as for _, m in meetings if m.rescheduled_as is not None}
        if not successor:
            return
        position = {meeting.id: index for index, meeting in meetings}
        for cycle in _cycles(list(successor), successor.get, position.__getitem__):
            loop = _loop(cycle)
            msg = (
                f"rescheduled meetings form a cycle of {len(cycle):,}: {loop};"
                " a meeting cannot be replaced by one it replaces"
            )
            path = f"$.meetings[{position[cycle[0]]}].rescheduled_as"
            self.problems.append(Problem(path=path, code="reschedule-cycle", message=msg))


def _cycles(
    starts: Iterable[str], successor: Callable[[str], str | None], rank: Callable[[str], int]
) -> Iterator[list[str]]:
    """Each cycle of a graph where every node has at most one successor, once.

    One walk over the nodes: a walk follows successors until it meets a node
    already walked (no cycle there) or one on the walk itself (a cycle), so
    each node is visited once. A cycle is given from its node of least
    ``rank``, which is asked of the nodes of cycles only.
    """
    done: set[str] = set()
    for start in starts:
        walk: dict[str, int] = {}  # the nodes of this walk, in order
        step: str | None = start
        while step is not None and step not in done and step not in walk:
            walk[step] = len(walk)
            step = successor(step)
        if step is not None and step in walk:
            cycle = list(walk)[walk[step] :]
            first = min(range(len(cycle)), key=lambda n: rank(cycle[n]))
            yield cycle[first:] + cycle[:first]
        done.update(walk)


def _speakers(
    dossier: Dossier, several: set[str], report: Callable[[str, str, When | None, str], None]
) -> None:
    """Report, through ``report``, each statement with a stance whose actors are in ``several``.

    The actors a statement speaks for: those it was made on behalf of, else
    its speakers.
    """
    for index, statement in _typed(dossier._statements, Statement):  # noqa: SLF001
        if not statement.stances:
            continue
        if statement.on_behalf_of:
            field, advice = "on_behalf_of", "name the one the statement speaks for instead"
        else:
            field, advice = "speakers", "say whom the statement speaks for in on_behalf_of"
        for n, actor in enumerate(statement.principals):
            if actor in several:
                report(f"$.statements[{index}].{field}[{n}]", actor, statement.when, advice)


def _toward_cycles(
    actors: list[tuple[int, Actor]], position: dict[str, int]
) -> dict[str, tuple[int, str]]:
    """The actors that lead to a cycle of memberships, each with one membership to follow.

    The actors that lead to no cycle are set aside, from the top down: those
    holding no membership in an actor of the dossier, then those whose
    memberships are all in actors set aside, and so on; each membership is
    counted once. Each actor left gets its first membership in another
    actor left: its position in the actor's memberships, and that actor.
    """
    links = {
        actor.id: [
            (n, m.organization)
            for n, m in enumerate(actor.memberships)
            if m.organization in position
        ]
        for _, actor in actors
    }
    left = {actor: len(found) for actor, found in links.items()}
    members: dict[str, list[str]] = {}
    for actor, found in links.items():
        for _, organization in found:
            members.setdefault(organization, []).append(actor)
    settled = [actor for actor, count in left.items() if count == 0]
    while settled:
        for member in members.get(settled.pop(), ()):
            left[member] -= 1
            if left[member] == 0:
                settled.append(member)
    return {
        actor: next(link for link in found if left[link[1]])
        for actor, found in links.items()
        if left[actor]
    }
