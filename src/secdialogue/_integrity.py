"""The integrity checks of a dossier: ids, references, cycles, principals.

One set of checks, two ways to feed it:

* a :class:`~secdialogue.Dossier` checks all its entities at once
  (:func:`check_dossier`), knowing each id's entity (:class:`EntityIds`);
* a stream of entities read one at a time, as from a JSON Lines file, is
  checked as it goes (:class:`Stream`): it keeps compact id sets
  (:class:`CompactIds`), the references not yet resolved, and what the
  whole-dossier checks need of the small kinds (actors, demands, the
  rescheduled meetings), and runs those checks when the stream ends.

Either way each problem comes from the same :class:`Checker` method, with
the same code and message; only the start of its path differs: a dossier's
``$.statements[3]`` is a stream's ``line 7: $.statement`` (``at`` in
:class:`Checker`).
"""

from __future__ import annotations

import itertools
import operator
from array import array
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeAlias, TypeVar, cast

import attrs

from secdialogue._checks import listing, suggest
from secdialogue._index import Memberships, span_of
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
from secdialogue.exceptions import Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from secdialogue._time import When

__all__ = [
    "REFERENCES",
    "At",
    "Checker",
    "CompactIds",
    "EntityIds",
    "Stream",
    "check_dossier",
    "duplicate_id",
]

_T = TypeVar("_T")

At: TypeAlias = "Callable[[Key, int], str]"
"""The path of an entity from its kind's key and its place: an index, or a line number."""

Speech: TypeAlias = "tuple[int, str, tuple[str, ...], When | None, str]"
"""A statement with a stance, as the principal check needs it: its place, the field
naming whom it speaks for, those actors, its time, and the advice if one is ambiguous."""


class Ids(Protocol):
    """What the checks know of the entities of a dossier: each id's kind, each actor's kind."""

    def kind(self, id: str) -> type[Entity] | None:  # noqa: A002 -- the natural name
        """The class of the entity with this id, or None if no entity has it."""
        ...

    def actor_kind(self, id: str) -> ActorKind:  # noqa: A002 -- the natural name
        """The kind of the actor with this id (an id :meth:`kind` says is an actor's)."""
        ...

    def of(self, kind: type[Entity]) -> list[str]:
        """The ids of the entities of ``kind``."""
        ...


class EntityIds:
    """The ids of a dossier's entities, from the entities themselves (``by_id``)."""

    __slots__ = ("by_id",)

    def __init__(self, by_id: dict[str, Entity]) -> None:
        self.by_id = by_id

    def kind(self, id: str) -> type[Entity] | None:  # noqa: A002 -- the natural name
        found = self.by_id.get(id)
        return None if found is None else type(found)

    def actor_kind(self, id: str) -> ActorKind:  # noqa: A002 -- the natural name
        return cast("Actor", self.by_id[id]).kind

    def of(self, kind: type[Entity]) -> list[str]:
        return [i for i, e in self.by_id.items() if isinstance(e, kind)]


class CompactIds:
    """The ids of entities read one at a time: each id with its class, each actor's kind.

    The class objects are shared, so the cost of an entity is its id string
    and one dict entry; an actor's kind is kept too (the actors are few).
    """

    __slots__ = ("actors", "kinds")

    def __init__(self) -> None:
        self.kinds: dict[str, type[Entity]] = {}
        self.actors: dict[str, ActorKind] = {}

    def kind(self, id: str) -> type[Entity] | None:  # noqa: A002 -- the natural name
        return self.kinds.get(id)

    def actor_kind(self, id: str) -> ActorKind:  # noqa: A002 -- the natural name
        return self.actors[id]

    def of(self, kind: type[Entity]) -> list[str]:
        return [i for i, k in self.kinds.items() if k is kind]


def duplicate_id(path: str, id: str, known: type[Entity]) -> Problem:  # noqa: A002
    """The problem of an entity at ``path`` whose id an entity of class ``known`` has already."""
    msg = f"id {id!r} is already used by {BY_CLASS[known].a}: every id in a dossier must be unique"
    return Problem(path=f"{path}.id", code="duplicate-id", message=msg)


def _typed_only(items: tuple[object, ...], kind: type[Any]) -> tuple[Any, ...]:
    """The items of the right kind (others are reported already)."""
    if all(map(isinstance, items, itertools.repeat(kind))):
        return items
    return tuple(item for item in items if isinstance(item, kind))


def _typed(items: tuple[object, ...], kind: type[_T]) -> Iterator[tuple[int, _T]]:
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
class Reference:
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


_CITES: Final = Reference("sources", Source, many=True, inner="source")

_ORGANIZATIONS: Final = Reference("memberships", Actor, many=True, inner="organization")

REFERENCES: Final[dict[type[Entity], tuple[Reference, ...]]] = {
    Actor: (
        _ORGANIZATIONS,
        Reference("memberships", Source, many=True, inner="sources", deeper="source"),
        _CITES,
    ),
    Meeting: (
        Reference("participants", Actor, many=True),
        Reference("rescheduled_as", Meeting),
        Reference("heads", Actor, many=True, person=True),
        Reference("hosts", Actor, many=True),
        Reference("mediators", Actor, many=True),
        Reference("observers", Actor, many=True),
        _CITES,
    ),
    Demand: (
        Reference("by", Actor),
        Reference("to", Actor, many=True),
        Reference("links", Demand, many=True, inner="demand"),
        _CITES,
    ),
    Statement: (
        Reference("speakers", Actor, many=True),
        Reference("on_behalf_of", Actor, many=True),
        Reference("meeting", Meeting),
        Reference("stances", Demand, many=True, inner="demand"),
        _CITES,
    ),
    Outcome: (
        Reference("meeting", Meeting),
        Reference("parties", Actor, many=True),
        Reference("signatories", Actor, many=True),
        Reference("demands", Demand, many=True),
        _CITES,
    ),
    Source: (),
}
"""Every reference between entities, by the kind of entity that holds it."""


def index_path(key: Key, index: int) -> str:
    """The path of a dossier's entity: ``$.statements[3]``."""
    return f"$.{key}[{index}]"


def speech(index: int, statement: Statement) -> Speech | None:
    """What the principal check needs of a statement: None if it takes no stance.

    The actors a statement speaks for: those it was made on behalf of, else
    its speakers.
    """
    if not statement.stances:
        return None
    if statement.on_behalf_of:
        field, advice = "on_behalf_of", "name the one the statement speaks for instead"
    else:
        field, advice = "speakers", "say whom the statement speaks for in on_behalf_of"
    return index, field, statement.principals, statement.when, advice


class Checker:
    """Checks the references and the structure of a dossier's entities.

    Each entity is first checked the quick way, without building a path;
    only an entity with a bad reference is checked again, naming each one.

    Args:
        ids: What is known of every entity's id.
        at: The path of an entity.
    """

    def __init__(self, ids: Ids, at: At = index_path) -> None:
        self.ids = ids
        self.at = at
        self.problems: list[Problem] = []
        self.suggested = 0
        self._known: dict[type[Entity], list[str]] = {}

    def known(self, kind: type[Entity]) -> list[str]:
        """The ids of the entities of ``kind`` (at most :data:`_MAX_CANDIDATES`), listed once."""
        found = self._known.get(kind)
        if found is None:
            found = self.ids.of(kind)
            found = self._known[kind] = found if len(found) <= _MAX_CANDIDATES else []
        return found

    def fits(self, ref: str, reference: Reference) -> bool:
        """Whether ``ref`` names an entity ``reference`` may name."""
        return self.ids.kind(ref) is reference.target and (
            not reference.person or self.ids.actor_kind(ref) is ActorKind.PERSON
        )

    def all_found(self, reference: Reference, entities: tuple[Any, ...]) -> bool:
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
        fits = self.fits
        return all(fits(ref, reference) for ref in ids)

    def check_each(self, kind: Kind[Any], entities: Iterable[tuple[int, object]]) -> None:
        """Check each entity of ``kind`` in turn, naming each bad reference where it is."""
        references = REFERENCES[kind.cls]
        fits = self.fits
        for index, entity in entities:
            for reference in references:
                value = getattr(entity, reference.field)
                if value is None:
                    continue
                if not all(fits(ref, reference) for ref in reference.values(value)):
                    self.report(self.at(kind.key, index), entity, reference)

    def report(self, path: str, entity: object, reference: Reference) -> None:
        """Report each bad id of one reference of ``entity``, at ``path``."""
        for where, ref in reference.ids(entity):
            self.ref(path + where, ref, reference.target, person=reference.person)

    def ref(self, path: str, ref: str, kind: type[Entity], *, person: bool = False) -> None:
        """Report ``ref`` at ``path`` if it names no entity of ``kind`` (a person, if asked)."""
        target = self.ids.kind(ref)
        name = BY_CLASS[kind].noun
        if target is None:
            hint = ""
            if self.suggested < _MAX_SUGGESTIONS:
                self.suggested += 1
                hint = suggest(ref, self.known(kind))
            msg = f"no {name} has the id {ref!r}{hint}: add it, or fix the id"
            self.problems.append(Problem(path=path, code="unknown-reference", message=msg))
        elif target is not kind:
            msg = f"{ref!r} is {BY_CLASS[target].a}, but {a(name)} is expected here"
            self.problems.append(Problem(path=path, code="wrong-kind", message=msg))
        elif person and self.ids.actor_kind(ref) is not ActorKind.PERSON:
            actor_kind = self.ids.actor_kind(ref).value
            msg = f"{ref!r} is a {actor_kind}, but a delegation head is a person"
            self.problems.append(Problem(path=path, code="wrong-kind", message=msg))

    def structure(
        self,
        actors: list[tuple[int, Actor]],
        demands: list[tuple[int, Demand]],
        meetings: list[tuple[int, Meeting]],
        speeches: Callable[[], Iterable[Speech]],
        memberships: Callable[[], Memberships],
        *,
        typed: bool = True,
    ) -> None:
        """The checks over the whole dossier: cycles, packages, reschedules, principals.

        Args:
            actors: Every actor, with its place.
            demands: Every demand, with its place.
            meetings: The meetings that were rescheduled (others make no cycle).
            speeches: The statements taking a stance (see :func:`speech`).
            memberships: Who belongs to whom, asked only if the principals
                are checked.
            typed: No actor is of the wrong type (one that is is reported
                already, and the principals are not checked).
        """
        sound = typed and self.all_found(_ORGANIZATIONS, tuple(actor for _, actor in actors))
        cycles, branching = self.cycles(actors), self.branching(actors)
        self.packages(demands)
        self.reschedules(meetings)
        if sound and not cycles and not branching:
            self.top_levels(actors, demands, speeches, memberships)

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
            path = f"{self.at('actors', position[cycle[0]])}.memberships[{where}].organization"
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
            path = f"{self.at('actors', index)}.memberships"
            self.problems.append(Problem(path=path, code="branching-membership", message=msg))
        return found

    def top_levels(
        self,
        actors: list[tuple[int, Actor]],
        demands: list[tuple[int, Demand]],
        speeches: Callable[[], Iterable[Speech]],
        memberships: Callable[[], Memberships],
    ) -> None:
        """Report the statements with a stance, and the demands, that need a principal chosen.

        A statement taking a stance shows the position of its actor's
        top-level actor at its time, and a demand's maker and addressees count
        through theirs at its time: an actor that then belongs to several
        top-level actors must be replaced by the one meant. Only actors
        holding several memberships can; if none does, nothing is walked.
        """
        several = {actor.id for _, actor in actors if len(actor.memberships) > 1}
        if not several:
            return
        tops = memberships().tops

        def report(path: str, actor: str, when: When | None, advice: str) -> None:
            found = tops(actor, span_of(when))
            if len(found) < 2:  # noqa: PLR2004 -- one is what is needed
                return
            at = f"at {when}" if when is not None else "(at no time given, so at every time)"
            msg = (
                f"{actor!r} belongs {at} to {len(found):,} top-level actors through the"
                f" memberships that hold then ({listing(list(found))}): {advice}"
            )
            self.problems.append(Problem(path=path, code="ambiguous-principal", message=msg))

        for path, actor, when, advice in _principals(speeches(), demands, several, self.at):
            report(path, actor, when, advice)

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
                    path = f"{self.at('demands', position[here])}.links[{n}].demand"
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
            path = f"{self.at('meetings', position[cycle[0]])}.rescheduled_as"
            self.problems.append(Problem(path=path, code="reschedule-cycle", message=msg))


def check_dossier(
    by_id: dict[str, Entity],
    entities: Callable[[Key], tuple[Any, ...]],
    memberships: Callable[[], Memberships],
) -> list[Problem]:
    """Every problem of a dossier's references and structure (its ids are checked already).

    Args:
        by_id: The entities by id (the first of each id).
        entities: The entities of each kind, by the kind's key, in order.
        memberships: The dossier's memberships, built on demand.
    """
    checker = Checker(EntityIds(by_id))
    for kind in KINDS:
        items = entities(kind.key)
        if not all(
            checker.all_found(reference, _typed_only(items, kind.cls))
            for reference in REFERENCES[kind.cls]
        ):
            checker.check_each(kind, _typed(items, kind.cls))
    actors = list(_typed(entities("actors"), Actor))
    statements = entities("statements")

    def speeches() -> Iterator[Speech]:
        for index, statement in _typed(statements, Statement):
            found = speech(index, statement)
            if found is not None:
                yield found

    checker.structure(
        actors,
        list(_typed(entities("demands"), Demand)),
        list(_typed(entities("meetings"), Meeting)),
        speeches,
        memberships,
        typed=len(actors) == len(entities("actors")),
    )
    return checker.problems


class Stream:
    """The integrity checks of entities read one at a time, in bounded memory.

    :meth:`add` takes each entity with its place (a line number) as it is
    read and checks what it can at once: its id against those seen, each
    reference against the entities seen. What it keeps is compact: every id
    with its kind (:class:`CompactIds`); each reference not yet resolved, as
    the id and, per place, the line and an index into the few distinct
    paths, in arrays (the references to sources, which a file lists last,
    are most of them); the actors, demands and rescheduled meetings, which
    the structural checks need whole; and, of each statement taking a
    stance, its principals and time only while some principal is not yet
    known to hold one membership at most. No statement's text is kept.
    (One case this loses: an actor's id used again, by a later line holding
    several memberships, after statements naming it were let go. The file
    has a ``duplicate-id`` problem then; the ``ambiguous-principal`` ones a
    Dossier would add for those statements are not reported.)

    :meth:`finish` resolves what is left and runs the checks over the whole
    dossier, with the same :class:`Checker` as a Dossier: the same problems,
    their paths starting ``line N: $.noun`` instead of ``$.key[i]``.

    Args:
        at: The path of an entity from its kind's key and its line.
    """

    def __init__(self, at: At) -> None:
        self.ids = CompactIds()
        self.at = at
        self.checker = Checker(self.ids, at)
        self.problems = self.checker.problems
        self.actors: list[tuple[int, Actor]] = []
        self.demands: list[tuple[int, Demand]] = []
        self.meetings: list[tuple[int, Meeting]] = []
        self.speeches: list[Speech] = []
        self.single: set[str] = set()  # actors seen holding one membership at most
        # A reference not yet resolved: its id and reference -> (line, where number) pairs,
        # where the where number is that of the kind and the path from the entity.
        self.pending: dict[tuple[str, Reference], array[int]] = {}
        self.wheres: dict[tuple[Key, str], int] = {}

    def add(self, line: int, entity: Entity) -> None:
        """Check an entity read at ``line`` against those seen, and keep what the checks need."""
        kind = BY_CLASS[type(entity)]
        ids = self.ids
        known = ids.kinds.get(entity.id)
        if known is not None:
            self.problems.append(duplicate_id(self.at(kind.key, line), entity.id, known))
        else:
            ids.kinds[entity.id] = kind.cls
            if isinstance(entity, Actor):
                ids.actors[entity.id] = entity.kind
        if isinstance(entity, Actor):
            self.actors.append((line, entity))
            if len(entity.memberships) < 2:  # noqa: PLR2004 -- several make a principal ambiguous
                self.single.add(entity.id)
            else:
                self.single.discard(entity.id)
        elif isinstance(entity, Demand):
            self.demands.append((line, entity))
        elif isinstance(entity, Meeting):
            if entity.rescheduled_as is not None:
                self.meetings.append((line, entity))
        elif isinstance(entity, Statement):
            found = speech(line, entity)
            if found is not None and not self.single.issuperset(found[2]):
                self.speeches.append(found)
        self._references(kind, line, entity)

    def _references(self, kind: Kind[Any], line: int, entity: Entity) -> None:
        fits = self.checker.fits
        for reference in REFERENCES[kind.cls]:
            value = getattr(entity, reference.field)
            if value is None or all(fits(ref, reference) for ref in reference.values(value)):
                continue
            for where, ref in reference.ids(entity):
                if not fits(ref, reference):
                    number = self.wheres.setdefault((kind.key, where), len(self.wheres))
                    self.pending.setdefault((ref, reference), array("q")).extend((line, number))

    def finish(self) -> list[Problem]:
        """Every problem found, once all entities are added."""
        checker = self.checker
        wheres = list(self.wheres)
        for (ref, reference), places in self.pending.items():
            if checker.fits(ref, reference):
                continue
            for line, number in zip(places[::2], places[1::2], strict=True):
                key, where = wheres[number]
                path = self.at(key, line) + where
                checker.ref(path, ref, reference.target, person=reference.person)
        checker.structure(
            self.actors,
            self.demands,
            self.meetings,
            lambda: self.speeches,
            lambda: Memberships([actor for _, actor in self.actors]),
        )
        return checker.problems


def _principals(
    speeches: Iterable[Speech], demands: list[tuple[int, Demand]], several: set[str], at: At
) -> Iterator[tuple[str, str, When | None, str]]:
    """Each actor in ``several`` whom a statement with a stance or a demand counts through.

    With the path where it is named, the time, and the advice if it is ambiguous then.
    """
    for index, field, principals, when, advice in speeches:
        for n, actor in enumerate(principals):
            if actor in several:
                yield f"{at('statements', index)}.{field}[{n}]", actor, when, advice
    for index, demand in demands:
        path = at("demands", index)
        if demand.by in several:
            yield f"{path}.by", demand.by, demand.when, "make the demand by the one meant"
        for n, actor in enumerate(demand.to):
            if actor in several:
                yield f"{path}.to[{n}]", actor, demand.when, "address the one meant"


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
