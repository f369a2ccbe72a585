"""Typed, immutable, lazy queries over the entities of a dossier.

A query is a description of a question, not its answer: each filter returns a
new query, and nothing is looked at until the query is iterated, counted or
asked for its :meth:`~Query.first` item. The answer is then worked out once,
using the lazily built indexes of :mod:`secdialogue._index`, and kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections import abc
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, Protocol, Self, TypeVar

import attrs

from secdialogue._checks import excerpt, fail, suggest
from secdialogue._index import (
    ALWAYS,
    ROLE_FIELDS,
    Bucket,
    Field,
    Index,
    holds,
    span_of,
    time_key,
)
from secdialogue._kinds import BY_CLASS, Key
from secdialogue._model import (
    Actor,
    ActorKind,
    Demand,
    LinkKind,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Outcome,
    OutcomeKind,
    OutcomeStage,
    Position,
    Role,
    Source,
    Statement,
    Wording,
)
from secdialogue._time import When, to_when, utc_seconds
from secdialogue._views import (
    DemandEntry,
    DemandState,
    MeetingEntry,
    OutcomeEntry,
    StatementEntry,
    TimelineEntry,
    demand_status,
    timeline_entries,
)
from secdialogue.exceptions import NotFoundError, Problem, ValidationError

if TYPE_CHECKING:
    import datetime as dt
    import enum
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from _typeshed import SupportsRichComparison

__all__ = [
    "ActorQuery",
    "DemandQuery",
    "MeetingQuery",
    "OutcomeQuery",
    "Query",
    "SourceQuery",
    "StatementQuery",
    "TimedQuery",
    "TimelineQuery",
]


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_Identified)

_REPR_ITEMS = 5


def _fold(text: str) -> str:
    """Text compared ignoring case, accents and script: "Ryabkóv" and "Рябков" fold to "ryabkov".

    Every character is written in ASCII letters by anyascii (a
    transliteration library: Cyrillic, Greek, Arabic, Chinese and the rest
    to Latin, accents dropped, the Turkish dotless i, U+0131, as "i"), then
    case-folded, with runs of white space made one space.
    """
    from anyascii import anyascii  # noqa: PLC0415 -- loaded on the first search by text

    return " ".join(anyascii(unicodedata.normalize("NFC", text)).casefold().split())


_NAME_ENDING: Final = re.compile(r"(?:iy|ii|yi|yy|y)\b")
"""The word endings that romanisations of one name disagree on: "Medinskiy",
"Medinskii", "Medinsky", and "Zelenskyy" or "Zelenskyi", all end in "i" once
folded."""


def _fold_name(text: str) -> str:
    """A name compared as :func:`_fold` compares text, its words' "iy"/"ii"/"y" endings as "i"."""
    return _NAME_ENDING.sub("i", _fold(text))


@attrs.frozen
class _Filter:
    """One condition of a query.

    ``test`` decides. ``lookups`` (index buckets whose union holds every
    match; ``exact`` if it holds nothing else) and ``window`` (POSIX seconds
    ``lo, hi, contains``) let an index find the candidates; a filter the
    index answered exactly is not tested again.
    """

    test: Callable[[Any], bool]
    lookups: tuple[tuple[Field, str], ...] = ()
    exact: bool = False
    window: tuple[int, int, bool] | None = None


def _width(window: tuple[int, int, bool] | None) -> int:
    assert window is not None  # noqa: S101 -- called for windows only
    return window[1] - window[0]


@attrs.frozen(eq=False, repr=False)
class Query(Generic[_T]):
    """An immutable, lazy, chainable question about the entities of a dossier.

    Get one from a :class:`~secdialogue.Dossier` (``dossier.meetings``,
    ``dossier.statements``, ...), never by calling the class. Every filter
    returns a new query; the query runs when it is first iterated, counted
    or asked for an item, and keeps its answer. Results come in dossier
    order unless an ordering is asked for.

    A query is not a list: it has no indexing or slicing. Use
    ``list(query)`` or ``tuple(query)`` for that.

    .. versionadded:: 0.1.0
    """

    _index: Index
    _filters: tuple[_Filter, ...] = ()
    _order: tuple[Callable[[Any], Any], bool] | None = None
    _answer: tuple[_T, ...] | None = attrs.field(default=None, init=False)

    _kind: ClassVar[Key | None] = None

    # -- running -----------------------------------------------------------------

    def _entities(self) -> Sequence[Any]:
        assert self._kind is not None  # noqa: S101 -- subclasses without a kind override this
        return self._index.collection(self._kind)

    def _candidates(self) -> tuple[Sequence[int] | None, frozenset[int]]:
        """The positions worth testing, ascending (``None``: all of them).

        Also the filters the index answered exactly, which need no test.
        """
        best: list[Bucket] | None = None
        best_size = 0
        chosen = window = -1
        for number, condition in enumerate(self._filters):
            if condition.lookups:
                assert self._kind is not None  # noqa: S101 -- only indexed kinds have lookups
                kind = self._kind
                buckets = [self._index.bucket(kind, f, key) for f, key in condition.lookups]
                size = sum(len(b) for b in buckets)
                if best is None or size < best_size:
                    best, best_size, chosen = buckets, size, number
            if condition.window is not None and (
                window < 0 or _width(condition.window) < _width(self._filters[window].window)
            ):
                window = number
        exact = {chosen} if chosen >= 0 and self._filters[chosen].exact else set()
        if best is None:
            if window < 0:
                return None, frozenset()
            assert self._kind is not None  # noqa: S101 -- only indexed kinds have windows
            best = [self._index.bucket(self._kind, "all", "")]
        if window < 0:
            parts = [b.positions for b in best]
        else:
            spec = self._filters[window].window
            assert spec is not None  # noqa: S101 -- chosen for having one
            lo, hi, contains = spec
            parts = [b.window(lo, hi, contains=contains) for b in best]
            exact.add(window)
        if len(parts) == 1:
            return parts[0], frozenset(exact)
        return sorted({p for part in parts for p in part}), frozenset(exact)

    def _run(self) -> tuple[_T, ...]:
        if self._answer is not None:
            return self._answer
        entities = self._entities()
        positions, exact = self._candidates()
        candidates = entities if positions is None else [entities[p] for p in positions]
        tests = [c.test for n, c in enumerate(self._filters) if n not in exact]
        found = [e for e in candidates if all(test(e) for test in tests)]
        if self._order is not None:
            key, reverse = self._order
            found.sort(key=lambda e: (key(e), e.id), reverse=reverse)
        answer = tuple(found)
        object.__setattr__(self, "_answer", answer)
        return answer

    def __iter__(self) -> Iterator[_T]:
        return iter(self._run())

    def __len__(self) -> int:
        return len(self._run())

    def __repr__(self) -> str:
        ids = [item.id for item in self._run()]
        shown = ", ".join(ids[:_REPR_ITEMS])
        more = f", … ({len(ids)} in all)" if len(ids) > _REPR_ITEMS else ""
        return f"<{type(self).__name__} [{shown}{more}]>"

    # -- answers -------------------------------------------------------------------

    def first(self) -> _T | None:
        """The first result, or ``None`` if there is none.

        .. versionadded:: 0.1.0
        """
        answer = self._run()
        return answer[0] if answer else None

    def one(self) -> _T:
        """The only result.

        Raises:
            ValidationError: If there is no result, or more than one (a
                :class:`ValueError`).

        .. versionadded:: 0.1.0
        """
        answer = self._run()
        if len(answer) != 1:
            ids = ", ".join(repr(item.id) for item in answer[:_REPR_ITEMS])
            found = f"{len(answer)} results ({ids})" if answer else "no result"
            msg = f"expected exactly one result but the query found {found}: narrow it down"
            problem = Problem(
                path="$", code="many-results" if answer else "no-result", message=msg
            )
            raise ValidationError([problem])
        return answer[0]

    def ids(self) -> tuple[str, ...]:
        """The ids of the results, in order.

        .. versionadded:: 0.1.0
        """
        return tuple(item.id for item in self._run())

    # -- building ------------------------------------------------------------------

    def _with(self, condition: _Filter) -> Self:
        return type(self)(self._index, (*self._filters, condition), self._order)

    def where(self, predicate: Callable[[_T], bool]) -> Self:
        """Keep the results for which ``predicate`` returns true.

        .. versionadded:: 0.1.0
        """
        if not callable(predicate):
            msg = f"where() takes a function of one result, not {excerpt(predicate)}"
            raise fail(field="predicate", code="wrong-type", message=msg)
        return self._with(_Filter(predicate))

    def order_by(
        self, key: Callable[[_T], SupportsRichComparison], *, reverse: bool = False
    ) -> Self:
        """Sort the results by ``key``; ties are broken by id, so the order is total.

        Args:
            key: A function of one result giving a value to sort by.
            reverse: Sort from the largest key (and id) down.

        .. versionadded:: 0.1.0
        """
        if not callable(key):
            msg = f"order_by() takes a function of one result, not {excerpt(key)}"
            raise fail(field="key", code="wrong-type", message=msg)
        return type(self)(self._index, self._filters, (key, bool(reverse)))

    # -- helpers for filters ---------------------------------------------------

    def _ref(
        self, value: object, kind: type[Actor | Meeting | Demand | Source], field: str
    ) -> str:
        """The id of ``value``, an entity of ``kind`` in the dossier or its id."""
        name = BY_CLASS[kind].noun
        if isinstance(value, kind):
            key = value.id
        elif isinstance(value, str):
            key = value
        else:
            shown = excerpt(value)
            msg = f"{field} must be given as {name} ids or {kind.__name__} values, not {shown}"
            raise fail(field, "wrong-type", msg)
        if isinstance(self._index.by_id.get(key), kind):
            return key
        known = [entity.id for entity in self._index.entities(kind)]
        msg = f"no {name} has the id {excerpt(key)}{suggest(key, known)}"
        raise NotFoundError([Problem(path=f"$.{field}", code="not-found", message=msg)])

    def _refs(
        self, values: tuple[object, ...], kind: type[Actor | Meeting | Demand | Source], field: str
    ) -> tuple[str, ...]:
        if not values:
            name = BY_CLASS[kind].noun
            raise fail(field, "empty", f"give at least one {name} (or its id) to filter by")
        return tuple(self._ref(value, kind, field) for value in values)

    def _members(self, actors: tuple[str, ...], *, include_affiliated: bool) -> frozenset[str]:
        """The actors an entity may name to match: these, and all their members if asked.

        Periods aside: the index looks up the entities naming any of them,
        and a filter with ``include_affiliated`` then tests each at its time.
        """
        if not include_affiliated:
            return frozenset(actors)
        return self._index.memberships.members(actors)

    def _reach(self, actors: Iterable[str]) -> Callable[[str, When | None], bool]:
        """A test of whether an actor is one of ``actors`` or their member at a time.

        Through the memberships that hold at the time given (at every time
        for ``None``), directly or through others.
        """
        test = self._index.memberships.reach(actors)
        return lambda actor, when: test(actor, span_of(when))


def _enums(values: tuple[object, ...], kind: type[enum.Enum], field: str) -> frozenset[Any]:
    if not values:
        raise fail(field, "empty", f"give at least one {kind.__name__} to filter by")
    for value in values:
        if not isinstance(value, kind):
            example = next(iter(kind))
            msg = f"{field} must be a {kind.__name__}, such as {example}, not {excerpt(value)}"
            raise fail(field, "wrong-type", msg)
    return frozenset(values)


def _texts(values: tuple[object, ...], field: str) -> frozenset[str]:
    if not values:
        raise fail(field, "empty", f"give at least one {field} to filter by")
    for value in values:
        if not isinstance(value, str):
            raise fail(field, "wrong-type", f"{field} must be a string, not {excerpt(value)}")
    return frozenset(str(value) for value in values)


_E = TypeVar("_E", bound="enum.Enum")


def _choice(value: object, kind: type[_E], field: str, example: str) -> tuple[_E, ...] | None:
    """The members ``value`` names (one, or a collection of them), in ``kind``'s order.

    ``None`` (the argument left out) is ``None``: every member counts.
    """
    if value is None:
        return None
    if isinstance(value, kind):
        return (value,)
    items = list(value) if isinstance(value, abc.Iterable) and not isinstance(value, str) else None
    name = kind.__name__
    if items is None or not all(isinstance(item, kind) for item in items):
        msg = (
            f"{field} must be a {name}, such as {example}, or a collection of them,"
            f" not {excerpt(value)}"
        )
        raise fail(field=field, code="wrong-type", message=msg)
    if not items:
        msg = f"give at least one {name} to filter by, or leave {field} out to count every {field}"
        raise fail(field=field, code="empty", message=msg)
    return tuple(member for member in kind if member in items)


@attrs.frozen(eq=False, repr=False)
class TimedQuery(Query[_T]):
    """A query over things that happen at a time: adds time filters and time order.

    .. versionadded:: 0.1.0
    """

    def _when(self, item: _T) -> When | None:
        return _time_of(item)

    def between(
        self,
        start: When | dt.datetime | str,
        end: When | dt.datetime | str,
        *,
        contains: bool = False,
    ) -> Self:
        """Keep the results whose time overlaps ``[start, end)``.

        The period runs from the first instant of ``start`` up to, not
        including, the first instant of ``end``: ``between("2022-01-10[UTC]",
        "2022-01-14[UTC]")`` covers the 10th to the 13th. A result's time is
        the whole interval its :class:`~secdialogue.When` may mean, so a
        meeting known only to the day matches a period that shares an hour
        with that day. Results without a time never match.

        A bound without a zone (``"2022-01-10"``) is that date anywhere on
        Earth, so it begins at its earliest: the 10th at UTC+14.

        Args:
            start: A When, an aware datetime or a time string.
            end: Likewise; it must begin after ``start`` begins.
            contains: Keep only results whose whole interval lies in the
                period, instead of those overlapping it.

        Raises:
            ValidationError: For a naive datetime, a clock time without a
                zone, no time at all, or an ``end`` that does not begin after
                ``start``.

        .. versionadded:: 0.1.0
        """
        lo = utc_seconds(to_when(start))[0]
        hi = utc_seconds(to_when(end))[0]
        if hi <= lo:
            msg = (
                f"the period is empty: end {excerpt(str(end))} must begin after"
                f" start {excerpt(str(start))}"
            )
            raise fail(field="end", code="empty-period", message=msg)
        when = self._when

        def within(first: int, stop: int) -> bool:
            if contains:
                return lo <= first and stop <= hi
            return first < hi and lo < stop

        def test(item: _T) -> bool:
            found = when(item)
            return found is not None and within(*utc_seconds(found))

        window = None if self._kind is None else (lo, hi, contains)
        return self._with(_Filter(test, window=window))

    def by_time(self, *, reverse: bool = False) -> Self:
        """Sort the results by time (by :class:`~secdialogue.When`), ties broken by id.

        The order is total and the same on every machine: Whens sort by their
        first instant, then their last, then their fields. Results without
        a time come last (first with ``reverse``).

        .. versionadded:: 0.1.0
        """
        when = self._when
        return self.order_by(lambda item: time_key(when(item), item.id), reverse=reverse)


def _time_of(item: object) -> When | None:
    if isinstance(item, Source):
        return item.published
    assert isinstance(  # noqa: S101 -- the timed kinds
        item,
        Meeting
        | Demand
        | Statement
        | Outcome
        | MeetingEntry
        | DemandEntry
        | StatementEntry
        | OutcomeEntry,
    )
    return item.when


def _lookups(field: Field, keys: Iterable[str]) -> tuple[tuple[Field, str], ...]:
    return tuple((field, key) for key in sorted(keys))


_Topical = TypeVar("_Topical", Meeting, Statement, Demand, Outcome)


@attrs.frozen(eq=False, repr=False)
class _TopicalQuery(TimedQuery[_Topical]):
    """A timed query over entities that have topics."""

    def on_topic(self, *topics: str) -> Self:
        """Keep results about any of these topics.

        .. versionadded:: 0.1.0
        """
        wanted = _texts(topics, "topic")
        return self._with(_Filter(lambda item: not wanted.isdisjoint(item.topics)))


@attrs.frozen(eq=False, repr=False)
class ActorQuery(Query[Actor]):
    """A query yielding :class:`~secdialogue.Actor` values.

    .. versionadded:: 0.1.0
    """

    _kind: ClassVar[Key | None] = BY_CLASS[Actor].key

    def of_kind(self, *kinds: ActorKind) -> Self:
        """Keep actors of any of these kinds.

        .. versionadded:: 0.1.0
        """
        wanted = _enums(kinds, ActorKind, "kind")
        return self._with(_Filter(lambda a: a.kind in wanted))

    def affiliated_with(
        self,
        *actors: Actor | str,
        direct: bool = False,
        at: When | dt.datetime | str | None = None,
    ) -> Self:
        """Keep actors that are members of any of these, directly or through others.

        A minister who is a member of a foreign ministry, which is a member
        of a state, is affiliated with both. An actor is not affiliated with
        itself.

        Args:
            actors: Actors or their ids.
            direct: Count only actors holding a membership in one of them.
            at: Count only the memberships that hold at this time (a When,
                an aware datetime or a time string): those without a period
                and those whose period overlaps it. ``None`` counts every
                membership, whatever its period.

        Raises:
            ValidationError: If ``at`` is a naive datetime, a clock time
                without a zone, or no time at all.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           ``at``; memberships in place of affiliations.
        """
        ids = frozenset(self._refs(actors, Actor, "actors"))
        span = ALWAYS if at is None else utc_seconds(to_when(at))
        if direct:

            def test(actor: Actor) -> bool:
                return any(
                    m.organization in ids and holds(m.when, span) for m in actor.memberships
                )

            return self._with(_Filter(test))
        below = self._index.memberships.members(ids, strict=True)
        reach = self._index.memberships.reach(ids, strict=True)
        return self._with(_Filter(lambda actor: actor.id in below and reach(actor.id, span)))

    def top_level(self, *, at: When | dt.datetime | str | None = None) -> Self:
        """Keep actors that are members of no other actor.

        Args:
            at: Count only the memberships that hold at this time, as in
                :meth:`affiliated_with`: an actor whose memberships all lie
                outside it is top-level then. ``None`` keeps only the
                actors without memberships.

        Raises:
            ValidationError: If ``at`` is a naive datetime, a clock time
                without a zone, or no time at all.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           ``at``.
        """
        span = ALWAYS if at is None else utc_seconds(to_when(at))
        return self._with(
            _Filter(lambda actor: not any(holds(m.when, span) for m in actor.memberships))
        )

    def named(self, name: str, *, partial: bool = False) -> Self:
        """Keep actors with this name or alias, ignoring case, accents and script.

        Names are compared as they read in Latin letters (transliterated by
        anyascii), whatever their case, accents and spacing, and with the
        word endings that romanisations disagree on ("-iy", "-ii", "-y")
        taken as one: "Medinsky", "Medinskii" and "Мединский" are one name,
        and "kalin" finds "Kal\u0131n", with a dotless i (U+0131).

        Args:
            name: The name to look for: ``"ryabkov"`` finds "Sergey Ryabkov"
                with ``partial``; ``"Ryabukov"`` finds him by an alias.
            partial: Match any part of the name or alias, not the whole.

        .. versionadded:: 0.1.0
        """
        (folded,) = (_fold_name(text) for text in _texts((name,), "name"))

        def test(actor: Actor) -> bool:
            names = [_fold_name(actor.name), *(_fold_name(alias) for alias in actor.aliases)]
            if partial:
                return any(folded in text for text in names)
            return folded in names

        return self._with(_Filter(test))


@attrs.frozen(eq=False, repr=False)
class MeetingQuery(_TopicalQuery[Meeting]):
    """A query yielding :class:`~secdialogue.Meeting` values.

    .. versionadded:: 0.1.0
    """

    _kind: ClassVar[Key | None] = BY_CLASS[Meeting].key

    def involving(
        self,
        *actors: Actor | str,
        require_all: bool = False,
        include_affiliated: bool = False,
        role: Role | Iterable[Role] | None = None,
    ) -> Self:
        """Keep meetings any of these actors take part in, in any role or in the roles given.

        By default every :class:`~secdialogue.Role` counts: a party, a host,
        a mediator, an observer, the head of a delegation. Turkey is involved
        in a round it only hosted.

        Args:
            actors: Actors or their ids.
            require_all: Keep only meetings that involve every one of them.
            include_affiliated: Let an actor be represented by its members,
                directly or not, through the memberships that hold at the
                meeting's time: a state is involved where its minister heads
                a delegation while the minister's membership in it holds.
            role: Count only this role, or these roles: ``role=Role.HOST``,
                ``role={Role.MEDIATOR, Role.OBSERVER}``.

        Raises:
            ValidationError: If ``role`` is not a Role or a collection of
                them, or is an empty collection.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           Every role counts, hosts, mediators and observers too; ``role``;
           members count through the memberships that hold at the meeting's
           time.
        """
        ids = self._refs(actors, Actor, "actors")
        roles = _choice(role, Role, "role", "Role.HOST")
        chosen = ids[:1] if require_all else ids
        members = self._members(chosen, include_affiliated=include_affiliated)
        chosen_roles = () if roles is None else roles
        fields: tuple[Field, ...] = tuple(ROLE_FIELDS[r] for r in chosen_roles) or ("actor",)
        lookups: tuple[tuple[Field, str], ...] = tuple(
            (f, m) for m in sorted(members) for f in fields
        )
        if not include_affiliated:
            wanted = frozenset(ids)
            if not require_all:

                def test(meeting: Meeting) -> bool:
                    return not members.isdisjoint(meeting.involved(*chosen_roles))

                return self._with(_Filter(test, lookups=lookups, exact=True))

            def test_all(meeting: Meeting) -> bool:
                return wanted.issubset(meeting.involved(*chosen_roles))

            return self._with(_Filter(test_all, lookups=lookups))
        groups = [(actor,) for actor in dict.fromkeys(ids)] if require_all else [ids]
        reaches = [self._reach(group) for group in groups]

        def test_members(meeting: Meeting) -> bool:
            present = meeting.involved(*chosen_roles)
            when = meeting.when
            return all(any(reach(p, when) for p in present) for reach in reaches)

        return self._with(_Filter(test_members, lookups=lookups))

    def at(
        self, city: str | None = None, *, country: str | None = None, region: str | None = None
    ) -> Self:
        """Keep meetings at a place in this city, region and/or country.

        A meeting whose place does not name a city (a place in a region, a
        venue outside a city) matches no ``city``, and likewise for
        ``region``.

        Args:
            city: The city, ignoring case and accents: ``"geneva"``.
            country: The ISO 3166-1 alpha-2 code, ignoring case: ``"CH"``.
            region: The region, ignoring case and accents: ``"gomel region"``.

        Raises:
            ValidationError: If none is given.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           ``region``.
        """
        if city is None and country is None and region is None:
            msg = "give a city, a country, a region, or several of them"
            raise fail(field="city", code="empty", message=msg)
        folded_city = None if city is None else _fold(next(iter(_texts((city,), "city"))))
        folded_region = None if region is None else _fold(next(iter(_texts((region,), "region"))))
        code = None if country is None else next(iter(_texts((country,), "country"))).upper()

        def same(wanted: str | None, found: str | None) -> bool:
            return wanted is None or (found is not None and _fold(found) == wanted)

        def test(meeting: Meeting) -> bool:
            venue = meeting.venue
            if venue is None:
                return False
            if not (same(folded_city, venue.city) and same(folded_region, venue.region)):
                return False
            return code is None or venue.country == code

        return self._with(_Filter(test))

    def in_series(self, series: str, *, round: int | None = None) -> Self:  # noqa: A002
        """Keep meetings of this series (ignoring case and accents), optionally one round.

        .. versionadded:: 0.1.0
        """
        folded = _fold(next(iter(_texts((series,), "series"))))
        if round is not None and type(round) is not int:
            msg = f"round must be an int, not {excerpt(round)}"
            raise fail(field="round", code="wrong-type", message=msg)

        def test(meeting: Meeting) -> bool:
            if meeting.series is None or _fold(meeting.series) != folded:
                return False
            return round is None or meeting.round == round

        return self._with(_Filter(test))

    def with_status(self, *statuses: MeetingStatus) -> Self:
        """Keep meetings with any of these statuses.

        .. versionadded:: 0.1.0
        """
        wanted = _enums(statuses, MeetingStatus, "status")
        return self._with(_Filter(lambda m: m.status in wanted))

    def with_format(self, *formats: MeetingFormat) -> Self:
        """Keep meetings of any of these formats.

        .. versionadded:: 0.1.0
        """
        wanted = _enums(formats, MeetingFormat, "format")
        return self._with(_Filter(lambda m: m.format in wanted))


@attrs.frozen(eq=False, repr=False)
class StatementQuery(_TopicalQuery[Statement]):
    """A query yielding :class:`~secdialogue.Statement` values.

    .. versionadded:: 0.1.0
    """

    _kind: ClassVar[Key | None] = BY_CLASS[Statement].key

    def by(self, *actors: Actor | str, include_affiliated: bool = False) -> Self:
        """Keep statements spoken by any of these actors.

        Args:
            actors: Actors or their ids.
            include_affiliated: Count, for each actor, the statements of its
                members (directly or not, through the memberships that hold
                at the statement's time), and those made on behalf of it or
                of them: Ryabkov's statements count as Russia's while his
                membership in Russia holds.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           With ``include_affiliated``, members count at the statement's time.
        """
        ids = self._refs(actors, Actor, "actors")
        members = self._members(ids, include_affiliated=include_affiliated)
        if include_affiliated:
            reach = self._reach(ids)

            def test(statement: Statement) -> bool:
                when = statement.when
                return any(reach(a, when) for a in statement.speakers) or any(
                    reach(a, when) for a in statement.on_behalf_of
                )

            fields: tuple[Field, ...] = ("speaker", "on_behalf_of")
        else:

            def test(statement: Statement) -> bool:
                return not members.isdisjoint(statement.speakers)

            fields = ("speaker",)
        lookups: tuple[tuple[Field, str], ...] = tuple(
            (f, m) for m in sorted(members) for f in fields
        )
        return self._with(_Filter(test, lookups=lookups, exact=not include_affiliated))

    def about(self, *demands: Demand | str) -> Self:
        """Keep statements taking a stance on any of these demands.

        .. versionadded:: 0.1.0
        """
        ids = frozenset(self._refs(demands, Demand, "demands"))
        lookups = _lookups("demand", ids)
        return self._with(
            _Filter(lambda s: any(t.demand in ids for t in s.stances), lookups=lookups, exact=True)
        )

    def taking(self, *positions: Position, on: Demand | str | None = None) -> Self:
        """Keep statements showing any of these positions (on one demand, if given).

        .. versionadded:: 0.1.0
        """
        wanted = _enums(positions, Position, "position")
        demand = None if on is None else self._ref(on, Demand, "on")

        def test(statement: Statement) -> bool:
            return any(
                t.position in wanted and (demand is None or t.demand == demand)
                for t in statement.stances
            )

        lookups: tuple[tuple[Field, str], ...] = () if demand is None else (("demand", demand),)
        return self._with(_Filter(test, lookups=lookups))

    def quotes(self) -> Self:
        """Keep direct quotes only (:attr:`~secdialogue.Wording.QUOTE`).

        .. versionadded:: 0.1.0
        """
        return self._with(_Filter(lambda s: s.wording is Wording.QUOTE))

    def citing(self, *sources: Source | str) -> Self:
        """Keep statements citing any of these sources.

        .. versionadded:: 0.1.0
        """
        ids = frozenset(self._refs(sources, Source, "sources"))
        lookups = _lookups("source", ids)
        return self._with(
            _Filter(lambda s: any(c.source in ids for c in s.sources), lookups=lookups, exact=True)
        )

    def at_meeting(self, *meetings: Meeting | str) -> Self:
        """Keep statements made at any of these meetings.

        .. versionadded:: 0.1.0
        """
        ids = frozenset(self._refs(meetings, Meeting, "meetings"))
        lookups = _lookups("meeting", ids)
        return self._with(_Filter(lambda s: s.meeting in ids, lookups=lookups, exact=True))


@attrs.frozen(eq=False, repr=False)
class DemandQuery(_TopicalQuery[Demand]):
    """A query yielding :class:`~secdialogue.Demand` values.

    .. versionadded:: 0.1.0
    """

    _kind: ClassVar[Key | None] = BY_CLASS[Demand].key

    def made_by(self, *actors: Actor | str, include_affiliated: bool = False) -> Self:
        """Keep demands made by any of these actors (or, if asked, any of their members).

        With ``include_affiliated``, a member counts through the memberships
        that hold at the demand's time (every membership for a demand
        without a time).

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           With ``include_affiliated``, members count at the demand's time.
        """
        ids = self._refs(actors, Actor, "actors")
        members = self._members(ids, include_affiliated=include_affiliated)
        lookups = _lookups("by", members)
        if not include_affiliated:
            return self._with(_Filter(lambda d: d.by in members, lookups=lookups, exact=True))
        reach = self._reach(ids)
        return self._with(_Filter(lambda d: reach(d.by, d.when), lookups=lookups))

    def addressed_to(self, *actors: Actor | str, include_affiliated: bool = False) -> Self:
        """Keep demands addressed to any of these actors (or, if asked, any of their members).

        With ``include_affiliated``, a member counts as in :meth:`made_by`.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           With ``include_affiliated``, members count at the demand's time.
        """
        ids = self._refs(actors, Actor, "actors")
        members = self._members(ids, include_affiliated=include_affiliated)
        lookups = _lookups("to", members)
        if not include_affiliated:
            return self._with(
                _Filter(lambda d: not members.isdisjoint(d.to), lookups=lookups, exact=True)
            )
        reach = self._reach(ids)
        return self._with(_Filter(lambda d: any(reach(a, d.when) for a in d.to), lookups=lookups))

    def linked_to(
        self, *demands: Demand | str, kind: LinkKind | Iterable[LinkKind] | None = None
    ) -> Self:
        """Keep demands that link to any of these demands, by a link of ``kind`` or any kind.

        The parts of a package: ``linked_to(package, kind=LinkKind.PART_OF)``;
        what was asked in return for a demand: ``kind=LinkKind.IN_RETURN_FOR``;
        the counter-proposals answering it: ``kind=LinkKind.ANSWERS``. A link
        runs from the demand that holds it (see :class:`~secdialogue.DemandLink`),
        so this finds the demands pointing *to* the ones given, one step: the
        parts of a package that is itself part of another are not parts of
        that other.

        Args:
            demands: Demands or their ids.
            kind: Count only links of this kind, or of these kinds; ``None``
                counts every kind.

        Raises:
            NotFoundError: If no demand has one of the ids.
            ValidationError: If no demand is given, a demand is neither a
                Demand nor a string, or ``kind`` is not a LinkKind or a
                collection of them.

        .. versionadded:: 0.2.0
        """
        ids = frozenset(self._refs(demands, Demand, "demands"))
        kinds = frozenset(_choice(kind, LinkKind, "kind", "LinkKind.PART_OF") or LinkKind)
        return self._with(
            _Filter(lambda d: any(x.demand in ids and x.kind in kinds for x in d.links))
        )

    def with_status(
        self, *states: DemandState, as_of: When | dt.datetime | str | None = None
    ) -> Self:
        """Keep demands whose derived status is any of these states, as of a time.

        See :meth:`~secdialogue.Dossier.positions` for how the status is
        derived and what "as of" means.

        .. versionadded:: 0.1.0
        """
        wanted = _enums(states, DemandState, "state")
        when = None if as_of is None else to_when(as_of)
        index = self._index
        return self._with(_Filter(lambda d: demand_status(index, d, when).state in wanted))


@attrs.frozen(eq=False, repr=False)
class OutcomeQuery(_TopicalQuery[Outcome]):
    """A query yielding :class:`~secdialogue.Outcome` values.

    .. versionadded:: 0.2.0
    """

    _kind: ClassVar[Key | None] = BY_CLASS[Outcome].key

    def involving(self, *actors: Actor | str, include_affiliated: bool = False) -> Self:
        """Keep outcomes any of these actors is a party to or signed.

        Args:
            actors: Actors or their ids.
            include_affiliated: Let an actor be represented by its members,
                directly or not, through the memberships that hold at the
                outcome's time: a state is a party where its foreign
                minister signed.

        .. versionadded:: 0.2.0
        """
        ids = self._refs(actors, Actor, "actors")
        members = self._members(ids, include_affiliated=include_affiliated)
        lookups = _lookups("actor", members)
        if not include_affiliated:
            return self._with(
                _Filter(
                    lambda o: not members.isdisjoint(o.involved()), lookups=lookups, exact=True
                )
            )
        reach = self._reach(ids)
        return self._with(
            _Filter(lambda o: any(reach(a, o.when) for a in o.involved()), lookups=lookups)
        )

    def at_meeting(self, *meetings: Meeting | str) -> Self:
        """Keep outcomes of any of these meetings.

        .. versionadded:: 0.2.0
        """
        ids = frozenset(self._refs(meetings, Meeting, "meetings"))
        lookups = _lookups("meeting", ids)
        return self._with(_Filter(lambda o: o.meeting in ids, lookups=lookups, exact=True))

    def of_kind(self, *kinds: OutcomeKind) -> Self:
        """Keep outcomes of any of these kinds, such as :attr:`~secdialogue.OutcomeKind.AGREEMENT`.

        .. versionadded:: 0.2.0
        """
        wanted = _enums(kinds, OutcomeKind, "kind")
        return self._with(_Filter(lambda o: o.kind in wanted))

    def at_stage(self, *stages: OutcomeStage) -> Self:
        """Keep outcomes at any of these stages; outcomes without a stage never match.

        .. versionadded:: 0.2.0
        """
        wanted = _enums(stages, OutcomeStage, "stage")
        return self._with(_Filter(lambda o: o.stage in wanted))


@attrs.frozen(eq=False, repr=False)
class SourceQuery(TimedQuery[Source]):
    """A query yielding :class:`~secdialogue.Source` values; their time is ``published``.

    .. versionadded:: 0.1.0
    """

    _kind: ClassVar[Key | None] = BY_CLASS[Source].key

    def published_by(self, *publishers: str) -> Self:
        """Keep sources from any of these publishers, ignoring case and accents.

        .. versionadded:: 0.1.0
        """
        wanted = frozenset(_fold(p) for p in _texts(publishers, "publisher"))
        return self._with(
            _Filter(lambda s: s.publisher is not None and _fold(s.publisher) in wanted)
        )


@attrs.frozen(eq=False, repr=False)
class TimelineQuery(TimedQuery[TimelineEntry]):
    """A query yielding timeline entries, in time order (ties broken by id).

    The entries are the dossier's meetings (:class:`MeetingEntry`), its
    demands that have a time (:class:`DemandEntry`), its statements
    (:class:`StatementEntry`) and its outcomes (:class:`OutcomeEntry`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Outcomes.
    """

    def _entities(self) -> Sequence[Any]:
        return timeline_entries(self._index)

    def of_type(self, *types: type[TimelineEntry]) -> Self:
        """Keep entries of any of these types, such as :class:`MeetingEntry`.

        .. versionadded:: 0.1.0
        """
        allowed = (MeetingEntry, DemandEntry, StatementEntry, OutcomeEntry)
        if not types or not all(t in allowed for t in types):
            msg = (
                "of_type() takes MeetingEntry, DemandEntry, StatementEntry or OutcomeEntry,"
                f" not {excerpt(types)}"
            )
            raise fail(field="types", code="wrong-type", message=msg)
        return self._with(_Filter(lambda e: isinstance(e, types)))

    def involving(self, *actors: Actor | str, include_affiliated: bool = False) -> Self:
        """Keep entries involving any of these actors.

        A meeting involves the actors in every :class:`~secdialogue.Role`
        (parties, hosts, mediators, observers, heads); a demand its maker and
        addressees; a statement its speakers and whom it was made on behalf
        of; an outcome its parties and signatories. With
        ``include_affiliated``, an actor is also involved through its
        members, directly or not, by the memberships that hold at the
        entry's time.

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           Every role at a meeting counts; outcomes; with
           ``include_affiliated``, members count at the entry's time.
        """
        ids = self._refs(actors, Actor, "actors")
        if not include_affiliated:
            wanted = frozenset(ids)
            return self._with(_Filter(lambda e: not wanted.isdisjoint(_actors_of(e))))
        members = self._members(ids, include_affiliated=include_affiliated)
        reach = self._reach(ids)

        def test(entry: TimelineEntry) -> bool:
            when = entry.when
            return any(actor in members and reach(actor, when) for actor in _actors_of(entry))

        return self._with(_Filter(test))

    def about(self, *demands: Demand | str) -> Self:
        """Keep what concerns these demands: their making, the stances on them, outcomes on them.

        An outcome concerns the demands it settles or answers (its ``demands``).

        .. versionadded:: 0.1.0
        .. versionchanged:: 0.2.0
           Outcomes.
        """
        ids = frozenset(self._refs(demands, Demand, "demands"))

        def test(entry: TimelineEntry) -> bool:
            if isinstance(entry, StatementEntry):
                return any(t.demand in ids for t in entry.statement.stances)
            if isinstance(entry, OutcomeEntry):
                return not ids.isdisjoint(entry.outcome.demands)
            return isinstance(entry, DemandEntry) and entry.id in ids

        return self._with(_Filter(test))


def _actors_of(entry: TimelineEntry) -> Iterable[str]:
    if isinstance(entry, MeetingEntry):
        return entry.meeting.involved()
    if isinstance(entry, OutcomeEntry):
        return entry.outcome.involved()
    if isinstance(entry, DemandEntry):
        return (entry.demand.by, *entry.demand.to)
    return (*entry.statement.speakers, *entry.statement.on_behalf_of)
