"""The Dossier: a checked, immutable collection of entities that refer to each other."""

from __future__ import annotations

import itertools
import operator
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from secdialogue import _views
from secdialogue._checks import excerpt, fail, suggest
from secdialogue._index import Index, span_of
from secdialogue._integrity import check_dossier, duplicate_id
from secdialogue._kinds import BY_CLASS, KINDS, Entity, Key
from secdialogue._model import Actor, Demand, Meeting, Outcome, Source, Statement
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
    from collections.abc import Iterable

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
        problems.extend(check_dossier(by_id, self._entities, lambda: self._lookup().memberships))
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
                problems.append(duplicate_id(path, entity.id, type(known)))
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
