"""Derived views of a dossier: positions, demand status, timeline entries, changes.

Nothing here is stored in a dossier: every value is worked out from the
statements' stances, the meetings and the demands, as of a point in time. The
result types are immutable records; the functions that build them work on an
:class:`~secdialogue._index.Index`, never on the dossier itself.
"""

from __future__ import annotations

import enum
import functools
from typing import TYPE_CHECKING, ClassVar, Final, TypeAlias, cast

import attrs

from secdialogue._checks import excerpt
from secdialogue._index import Index, time_key
from secdialogue._model import Actor, Demand, Meeting, MeetingStatus, Outcome, Position, Statement
from secdialogue._time import utc_seconds
from secdialogue.exceptions import NotFoundError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterator

    from secdialogue._time import When

__all__ = [
    "ActorPosition",
    "Changes",
    "DemandEntry",
    "DemandState",
    "DemandStatus",
    "MeetingEntry",
    "OutcomeEntry",
    "PositionChange",
    "Positions",
    "StatementEntry",
    "TimelineEntry",
    "changes",
    "demand_status",
    "positions",
    "timeline_entries",
]


class DemandState(enum.Enum):
    """Where a :class:`~secdialogue.Demand` stands, as derived from the stances on it.

    A demand has no stored status: its state is worked out, as of a time,
    from the latest position of its maker and of the actors it is addressed
    to (each rolled up to its top-level actor through the memberships that
    hold at the demand's time).

    .. versionadded:: 0.1.0
    """

    OPEN = "open"
    """Neither withdrawn, nor rejected by any addressee, nor accepted by all of them."""
    ACCEPTED = "accepted"
    """Every addressee's latest position is :attr:`~secdialogue.Position.ACCEPTS`."""
    REJECTED = "rejected"
    """At least one addressee's latest position is :attr:`~secdialogue.Position.REJECTS`."""
    WITHDRAWN = "withdrawn"
    """The maker's latest position is :attr:`~secdialogue.Position.WITHDRAWS`; this wins."""


@attrs.frozen(kw_only=True)
class DemandStatus:
    """The derived status of one demand at one time.

    A DemandStatus is a finding, not a record: it is not stored and changes
    as statements are added. ``str()`` gives a short reading such as
    ``"rejected by nato"``.

    Args:
        demand: The id of the demand.
        state: The derived state.
        rejected_by: The top-level addressees whose latest position rejects
            it, sorted by id.
        accepted_by: The top-level addressees whose latest position accepts
            it, sorted by id (some may accept while the demand stays open).

    .. versionadded:: 0.1.0
    """

    demand: str
    state: DemandState
    rejected_by: tuple[str, ...] = ()
    accepted_by: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.state is DemandState.REJECTED:
            return f"rejected by {', '.join(self.rejected_by)}"
        if self.state is DemandState.ACCEPTED:
            return f"accepted by {', '.join(self.accepted_by)}"
        return str(self.state.value)


@attrs.frozen(kw_only=True)
class ActorPosition:
    """One actor's latest position on one demand, and what shows it.

    Args:
        actor: The id of the actor (the top-level actor when rolled up).
        position: Its latest position.
        statements: The statements that show this position, oldest first:
            the latest run of the actor's statements with this position,
            since its position last changed.
        made: For the demand's maker, advancing it: when the demand was made,
            if the run begins with its making (the demand's ``when``), which
            counts as advancing it before any statement does; else ``None``.
            ``statements`` may then be empty.

    .. versionadded:: 0.1.0
    """

    actor: str
    position: Position
    statements: tuple[Statement, ...]
    made: When | None = None

    @property
    def since(self) -> When:
        """When the actor first showed this position (in the latest run)."""
        return self.made if self.made is not None else self.statements[0].when


@attrs.frozen(kw_only=True)
class Positions:
    """Where each actor stands on one demand as of one time, and the demand's status.

    Iterate over it for the :class:`ActorPosition` of every actor that took a
    stance, sorted by actor id; index it by an actor or its id.

    Args:
        demand: The demand.
        as_of: The time it was worked out for; ``None`` for all statements.
        status: The demand's derived status.
        actors: The positions, one per actor, sorted by actor id.

    .. versionadded:: 0.1.0
    """

    demand: Demand
    as_of: When | None
    status: DemandStatus
    actors: tuple[ActorPosition, ...]

    def __iter__(self) -> Iterator[ActorPosition]:
        return iter(self.actors)

    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, actor: object) -> bool:
        return isinstance(actor, Actor | str) and self.get(actor) is not None

    @functools.cached_property
    def _by_actor(self) -> dict[str, ActorPosition]:
        return {found.actor: found for found in self.actors}

    def get(self, actor: Actor | str) -> ActorPosition | None:
        """The position of ``actor`` (an actor or its id), or ``None`` if it took none."""
        key = actor.id if isinstance(actor, Actor) else actor
        return self._by_actor.get(key)

    def __getitem__(self, actor: Actor | str) -> ActorPosition:
        found = self.get(actor)
        if found is None:
            key = actor.id if isinstance(actor, Actor) else actor
            known = ", ".join(p.actor for p in self.actors) or "none"
            msg = (
                f"actor {excerpt(key)} took no stance on demand {self.demand.id!r}"
                f" (actors with a stance: {known}); use .get() to allow for that"
            )
            raise NotFoundError([Problem(path="$", code="not-found", message=msg)])
        return found


# -- timeline entries -------------------------------------------------------------


@attrs.frozen
class MeetingEntry:
    """A meeting, as an entry of a timeline.

    .. versionadded:: 0.1.0
    """

    meeting: Meeting
    """The meeting."""
    kind: ClassVar[str] = "meeting"
    """What the entry is about, here ``"meeting"``."""

    @property
    def id(self) -> str:
        """The id of the meeting."""
        return self.meeting.id

    @property
    def when(self) -> When:
        """When the meeting happens."""
        return self.meeting.when


@attrs.frozen
class DemandEntry:
    """The making of a demand, as an entry of a timeline (only demands with a time).

    .. versionadded:: 0.1.0
    """

    demand: Demand
    """The demand."""
    kind: ClassVar[str] = "demand"
    """What the entry is about, here ``"demand"``."""

    @property
    def id(self) -> str:
        """The id of the demand."""
        return self.demand.id

    @property
    def when(self) -> When:
        """When the demand was made."""
        assert self.demand.when is not None  # noqa: S101 -- undated demands get no entry
        return self.demand.when


@attrs.frozen
class StatementEntry:
    """A statement, as an entry of a timeline.

    .. versionadded:: 0.1.0
    """

    statement: Statement
    """The statement."""
    kind: ClassVar[str] = "statement"
    """What the entry is about, here ``"statement"``."""

    @property
    def id(self) -> str:
        """The id of the statement."""
        return self.statement.id

    @property
    def when(self) -> When:
        """When the statement was made."""
        return self.statement.when


@attrs.frozen
class OutcomeEntry:
    """An outcome (an agreement, a joint statement, a declared result), as an entry of a timeline.

    .. versionadded:: 0.2.0
    """

    outcome: Outcome
    """The outcome."""
    kind: ClassVar[str] = "outcome"
    """What the entry is about, here ``"outcome"``."""

    @property
    def id(self) -> str:
        """The id of the outcome."""
        return self.outcome.id

    @property
    def when(self) -> When:
        """When the outcome was reached."""
        return self.outcome.when


TimelineEntry: TypeAlias = MeetingEntry | DemandEntry | StatementEntry | OutcomeEntry
"""One entry of a timeline: a meeting, the making of a demand, a statement, or an outcome."""


def timeline_entries(index: Index) -> list[TimelineEntry]:
    """Every meeting, dated demand, statement and outcome as an entry, in time order (by id)."""
    entries: list[TimelineEntry] = [MeetingEntry(m) for m in index.entities(Meeting)]
    entries.extend(DemandEntry(d) for d in index.entities(Demand) if d.when is not None)
    entries.extend(StatementEntry(s) for s in index.entities(Statement))
    entries.extend(OutcomeEntry(o) for o in index.entities(Outcome))
    entries.sort(key=lambda entry: time_key(entry.when, entry.id))
    return entries


# -- changes --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PositionChange:
    """An actor's position on a demand that moved between two times.

    Args:
        demand: The id of the demand.
        actor: The id of the top-level actor.
        before: Its position at the start (``None`` if it had taken none).
        after: Its position at the end.
        statements: The statements that show the new position.

    .. versionadded:: 0.1.0
    """

    demand: str
    actor: str
    before: Position | None
    after: Position
    statements: tuple[Statement, ...]


@attrs.frozen(kw_only=True)
class Changes:
    """What changed between two times: positions moved, meetings held, demands, outcomes.

    A meeting, demand or outcome is in the period when its time overlaps it:
    it happened in the period, or may have, as far as its time says (a
    demand made ``../2022-01-07`` may have been made in any period that
    begins before the 7th ends).

    Args:
        since: The start of the period (included).
        until: The end of the period (excluded).
        positions: The positions that moved, by demand id, then actor id.
        meetings: The meetings held (or ended early) in the period, in time
            order.
        demands: The demands made in the period, in time order.
        outcomes: The outcomes reached in the period, in time order.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``outcomes``.
    """

    since: When
    until: When
    positions: tuple[PositionChange, ...]
    meetings: tuple[Meeting, ...]
    demands: tuple[Demand, ...]
    outcomes: tuple[Outcome, ...]


# -- deriving -----------------------------------------------------------------------------

_HELD: Final = frozenset({MeetingStatus.HELD, MeetingStatus.ENDED_EARLY})


def latest_positions(
    index: Index, demand: str, cutoff: int | None, *, roll_up: bool = True
) -> tuple[ActorPosition, ...]:
    """Each actor's latest position on ``demand`` from statements over by ``cutoff``.

    A statement counts when its whole interval ends at or before ``cutoff``
    (POSIX seconds); with ``cutoff=None`` every statement counts. The making
    of the demand counts as a statement of its maker advancing it. The actors
    of a statement are its principals (those it was made on behalf of, else
    its speakers); with ``roll_up`` their top-level actors at the
    statement's time, each once.
    """
    runs: dict[str, list[Statement | None]] = {}
    current: dict[str, Position] = {}
    for _start, _stop, own, top, position, statement in index.stances_on(demand).until(cutoff):
        actor = top if roll_up else own
        if current.get(actor) is position:
            if runs[actor][-1] is not statement:  # two principals with one top-level actor
                runs[actor].append(statement)
        else:
            current[actor] = position
            runs[actor] = [statement]
    made = cast("Demand", index.by_id[demand]).when
    return tuple(
        ActorPosition(
            actor=actor,
            position=current[actor],
            statements=tuple(s for s in runs[actor] if s is not None),
            made=made if runs[actor][0] is None else None,
        )
        for actor in sorted(current)
    )


def _status(index: Index, demand: Demand, rolled: tuple[ActorPosition, ...]) -> DemandStatus:
    latest = {p.actor: p.position for p in rolled}
    maker = index.top(demand.by, demand.when)
    if latest.get(maker) is Position.WITHDRAWS:
        return DemandStatus(demand=demand.id, state=DemandState.WITHDRAWN)
    addressees = {index.top(actor, demand.when) for actor in demand.to} - {maker}
    rejected = tuple(sorted(a for a in addressees if latest.get(a) is Position.REJECTS))
    accepted = tuple(sorted(a for a in addressees if latest.get(a) is Position.ACCEPTS))
    if rejected:
        state = DemandState.REJECTED
    elif accepted and len(accepted) == len(addressees):
        state = DemandState.ACCEPTED
    else:
        state = DemandState.OPEN
    return DemandStatus(demand=demand.id, state=state, rejected_by=rejected, accepted_by=accepted)


def cutoff_of(as_of: When | None) -> int | None:
    """The cutoff for "as of": statements over by the *end* of ``as_of`` count."""
    return None if as_of is None else utc_seconds(as_of)[1]


def demand_status(index: Index, demand: Demand, as_of: When | None) -> DemandStatus:
    """The derived status of ``demand`` as of ``as_of`` (see :func:`positions`)."""
    rolled = latest_positions(index, demand.id, cutoff_of(as_of))
    return _status(index, demand, rolled)


def positions(index: Index, demand: Demand, as_of: When | None, *, roll_up: bool) -> Positions:
    """Each actor's latest position on ``demand`` as of ``as_of``, and its status."""
    cutoff = cutoff_of(as_of)
    rolled = latest_positions(index, demand.id, cutoff)
    shown = rolled if roll_up else latest_positions(index, demand.id, cutoff, roll_up=False)
    status = _status(index, demand, rolled)
    return Positions(demand=demand, as_of=as_of, status=status, actors=shown)


def changes(index: Index, since: When, until: When) -> Changes:
    """What changed from the start of ``since`` to the start of ``until``."""
    lo, hi = utc_seconds(since)[0], utc_seconds(until)[0]
    moved: list[PositionChange] = []
    for demand in sorted(index.entities(Demand), key=lambda d: d.id):
        before = {p.actor: p.position for p in latest_positions(index, demand.id, lo)}
        for after in latest_positions(index, demand.id, hi):
            if before.get(after.actor) is not after.position:
                change = PositionChange(
                    demand=demand.id,
                    actor=after.actor,
                    before=before.get(after.actor),
                    after=after.position,
                    statements=after.statements,
                )
                moved.append(change)

    def within(when: When) -> bool:
        start, stop = utc_seconds(when)
        return start < hi and lo < stop

    meetings = [m for m in index.entities(Meeting) if m.status in _HELD and within(m.when)]
    demands = [d for d in index.entities(Demand) if d.when is not None and within(d.when)]
    outcomes = [o for o in index.entities(Outcome) if within(o.when)]
    return Changes(
        since=since,
        until=until,
        positions=tuple(moved),
        meetings=tuple(sorted(meetings, key=lambda m: time_key(m.when, m.id))),
        demands=tuple(sorted(demands, key=lambda d: time_key(d.when, d.id))),
        outcomes=tuple(sorted(outcomes, key=lambda o: time_key(o.when, o.id))),
    )
