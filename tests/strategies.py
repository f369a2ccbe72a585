"""Hypothesis strategies for every secdialogue value.

Public, stable names: :func:`whens`, :func:`places`, :func:`citations`,
:func:`stances`, :func:`memberships`, :func:`actors`, :func:`meetings`,
:func:`demands`, :func:`statements`, :func:`outcomes`, :func:`sources`,
:func:`dossiers` and :func:`membership_dossiers`. Entity strategies make
entities whose references need not resolve; :func:`dossiers` makes whole
dossiers whose references all resolve. Other test modules import these.

For the edges of time intervals: :func:`touching` (one time ending where the
next begins), :func:`same_days` (a day without a zone and the same day in a
zone, sharing a bound at the ends of the Earth's offsets), :func:`open_at`
(a time open on one side and the times at its known bound) and
:func:`widened` (a qualified time and the units that bound its widening).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import zoneinfo
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import pendulum
from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st

from fixtures import walk_tops
from secdialogue import (
    Actor,
    ActorKind,
    Citation,
    Demand,
    DemandLink,
    Dossier,
    LinkKind,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Membership,
    Outcome,
    OutcomeKind,
    OutcomeStage,
    PartOfDay,
    Place,
    Position,
    Precision,
    Qualifier,
    Source,
    Stance,
    Statement,
    Unbounded,
    ValidationError,
    When,
    Wording,
)
from secdialogue._time import Precision as _Precision

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = [
    "actors",
    "citations",
    "demands",
    "dossiers",
    "ids",
    "meetings",
    "membership_dossiers",
    "memberships",
    "open_at",
    "outcomes",
    "places",
    "same_days",
    "sources",
    "spans",
    "stances",
    "statements",
    "texts",
    "touching",
    "whens",
    "widened",
    "zones",
]

# Zones that exercise the awkward cases: DST in both hemispheres, half-hour and
# 45-minute offsets, 30-minute DST shifts, midnight transitions, a skipped day
# (Pacific/Apia, 2011-12-30), and zones without DST.
INTERESTING_ZONES: Final = (
    "UTC",
    "Europe/Zurich",
    "Europe/Moscow",
    "Europe/Brussels",
    "Europe/Vienna",
    "America/New_York",
    "America/Toronto",
    "America/Sao_Paulo",
    "America/Havana",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tehran",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Africa/Casablanca",
)

_ALL_ZONES: Final = tuple(
    sorted(zoneinfo.available_timezones() - {"Factory", "localtime", "posixrules"})
)

# Wall-clock hours that occur twice (clocks go back), as (zone, y, m, d, h, m).
_REPEATED: Final = (
    ("Europe/Zurich", 2022, 10, 30, 2, 0),
    ("America/New_York", 2021, 11, 7, 1, 0),
    ("Europe/Moscow", 2014, 10, 26, 1, 0),
    ("Australia/Lord_Howe", 2022, 4, 3, 1, 30),
    ("America/Havana", 2021, 11, 7, 0, 0),
    ("Pacific/Chatham", 2022, 4, 3, 2, 45),
)


WHOLE_DOSSIERS: Final = settings(
    max_examples=100 if os.environ.get("CI") else settings.default.max_examples,
    suppress_health_check=[HealthCheck.too_slow],
)
"""Settings for properties over whole generated dossiers (0.1 to 0.2 s each to make).

Under CI they run 100 examples, as at the desk, not the CI profile's 300:
at 300 these properties alone would take most of CI's 20 minutes. Every
property that draws whole dossiers takes these settings; the properties
over single values (a time, an actor, a statement) keep 300.
"""


def zones() -> st.SearchStrategy[str]:
    """IANA zone names, mostly awkward ones, sometimes any zone at all."""
    return st.one_of(st.sampled_from(INTERESTING_ZONES), st.sampled_from(_ALL_ZONES))


_ID_FIRST: Final = "abcdefghijklmnopqrstuvwxyz0123456789"
_IDS: Final = st.builds(
    str.__add__,
    st.sampled_from(_ID_FIRST),
    st.one_of(
        st.text(_ID_FIRST + "._-", max_size=15),
        st.text(_ID_FIRST + "._-", min_size=63, max_size=63),
    ),
)


def ids() -> st.SearchStrategy[str]:
    """Valid ids, short and (rarely) of the maximal length 64."""
    return _IDS


_CHARS: Final = st.characters(codec="utf-8")
_TEXTS: dict[int, st.SearchStrategy[str]] = {}


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank text without outer white space, any Unicode but lone surrogates."""
    if max_size not in _TEXTS:
        text = st.text(_CHARS, min_size=1, max_size=max_size)
        _TEXTS[max_size] = text.map(str.strip).filter(bool)
    return _TEXTS[max_size]


def _years() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(1900, 2100), st.integers(1000, 9998))


_CALENDAR: Final = (Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.PART_OF_DAY)
"""The precisions a time without a zone may have."""
_QUALIFIABLE: Final = frozenset({Precision.YEAR, Precision.MONTH, Precision.DAY})

Where = Literal["any", "zoned", "none"]
"""Where a drawn time is: anywhere (a zone or none), in a zone, or in no zone."""


def _zone_for(draw: st.DrawFn, zone: str | None, precision: Precision, place: Where) -> str | None:
    """The zone of a drawn point: ``zone`` if given, else none for a third of calendar times."""
    if place == "none":
        return None
    if zone is not None:
        return zone
    if place == "any" and precision in _CALENDAR and draw(st.integers(0, 2)) == 0:
        return None
    return draw(zones())


@st.composite
def _points(
    draw: st.DrawFn,
    zone: str | None = None,
    year: int | None = None,
    precision: Precision | None = None,
    place: Where = "any",
) -> When:
    """A When without end, of any precision; exact times pick a fold where one exists.

    ``zone`` fixes the zone (``place="none"``: no zone); a third of the
    calendar times drawn freely have none. A year, month or day is
    sometimes qualified.
    """
    pool = _CALENDAR if place == "none" else tuple(Precision)
    precision = draw(st.sampled_from(pool)) if precision is None else precision
    zone = _zone_for(draw, zone, precision, place)
    year = draw(_years()) if year is None else year
    fields: dict[str, Any] = {"zone": zone, "year": year}
    if precision is not Precision.YEAR:
        fields["month"] = draw(st.integers(1, 12))
    if precision not in (Precision.YEAR, Precision.MONTH):
        last = pendulum.Date(year, fields["month"], 1).days_in_month
        fields["day"] = draw(st.integers(1, last))
    if precision is Precision.PART_OF_DAY:
        fields["part"] = draw(st.sampled_from(PartOfDay))
    if precision in (Precision.MINUTE, Precision.SECOND):
        fields["hour"] = draw(st.integers(0, 23))
        fields["minute"] = draw(st.integers(0, 59))
    if precision is Precision.SECOND:
        fields["second"] = draw(st.integers(0, 59))
    if precision in _QUALIFIABLE and draw(st.integers(0, 3)) == 0:
        fields["qualifier"] = draw(st.sampled_from(Qualifier))
    try:
        when = When(**fields)
    except ValidationError:  # a wall-clock time the clocks skip
        assume(False)
        raise  # pragma: no cover -- assume(False) never returns
    if when.hour is not None and draw(st.booleans()):
        with contextlib.suppress(ValidationError):  # the time occurs once: fold stays 0
            when = attrs.evolve(when, fold=1)
    return when


@st.composite
def _repeated(draw: st.DrawFn) -> When:
    """An exact time in an hour the clocks repeat, either occurrence."""
    zone, year, month, day, hour, minute = draw(st.sampled_from(_REPEATED))
    start = dt.datetime(year, month, day, hour, minute)  # noqa: DTZ001 -- wall-clock time
    local = start + dt.timedelta(minutes=draw(st.integers(0, 29)))
    second = draw(st.none() | st.integers(0, 59))
    return When(
        zone=zone,
        year=local.year,
        month=local.month,
        day=local.day,
        hour=local.hour,
        minute=local.minute,
        second=second,
        fold=draw(st.sampled_from([0, 1])),
    )


@st.composite
def _spans(draw: st.DrawFn) -> When:
    """A span: two points in one zone (or both in none), the second finishing later."""
    first = draw(_points())
    year = draw(st.integers(first.year, min(first.year + 3, 9998)))
    place: Where = "none" if first.zone is None else "zoned"
    second = draw(_points(zone=first.zone, year=year, place=place))
    for start, end in ((first, second), (second, first)):
        try:
            return start.until(end)
        except ValidationError:
            continue
    assume(False)
    raise AssertionError  # pragma: no cover -- assume(False) never returns


@st.composite
def _open(draw: st.DrawFn) -> When:
    """A point open on one side: ``../X`` or ``X/..``, with or without a zone."""
    point = draw(st.one_of(_points(), _repeated()))
    return attrs.evolve(point, unbounded=draw(st.sampled_from(Unbounded)))


def spans() -> st.SearchStrategy[When]:
    """Spans alone: a start and an end in one zone, or both without one."""
    return _spans()


def whens() -> st.SearchStrategy[When]:
    """Whens of every precision, with and without a zone, qualified, folded, spans and open."""
    return st.one_of(_points(), _repeated(), _spans(), _open())


# -- times at each other's edges ---------------------------------------------------

EAST: Final = "Etc/GMT-14"
"""A zone at UTC+14, the furthest ahead of UTC: its dates begin first."""
WEST: Final = "Etc/GMT+12"
"""A zone at UTC-12, the furthest behind UTC: its dates end last."""
_EDGE_ZONES: Final = (EAST, WEST, "UTC", "Europe/Zurich", "Pacific/Apia", "America/Havana")


# Zones whose local mean time lay beyond UTC+14 or UTC-12 until the date line
# moved past them (Alaska in 1867, the Philippines and Micronesia in 1844):
# their days then are the one case a day without a zone does not cover.
_BEYOND_THE_OFFSETS: Final = frozenset(
    (
        "America/Anchorage",
        "America/Juneau",
        "America/Metlakatla",
        "America/Sitka",
        "America/Yakutat",
        "US/Alaska",
        "Asia/Manila",
        "Pacific/Chuuk",
        "Pacific/Guam",
        "Pacific/Kosrae",
        "Pacific/Palau",
        "Pacific/Pohnpei",
        "Pacific/Saipan",
    )
)
_DATE_LINE_MOVED: Final = 1868
"""The first year in which every zone's offset lies from UTC-12 to UTC+14."""


def _edge_zones() -> st.SearchStrategy[str]:
    """Zones at the ends of the Earth's offsets, often, and any other zone."""
    return st.one_of(st.sampled_from(_EDGE_ZONES), zones())


def _dates(first: dt.date = dt.date(1000, 1, 1), last: dt.date = dt.date(9998, 12, 31)):
    """Dates, mostly from 1900 to 2100, and the first and last days a When has."""
    common = st.dates(max(first, dt.date(1900, 1, 1)), min(last, dt.date(2100, 12, 31)))
    return st.one_of(common, st.dates(first, last), st.sampled_from([first, last]))


def _day(zone: str | None, day: dt.date, **fields: Any) -> When:
    return When(zone=zone, year=day.year, month=day.month, day=day.day, **fields)


@st.composite
def _touching_days(draw: st.DrawFn, zone: str, day: dt.date) -> tuple[When, When]:
    """Two days, or two parts of a day, in a row."""
    after = day + dt.timedelta(days=1)
    index = draw(st.integers(-1, 3))
    parts = [*PartOfDay]
    if index < 0:
        return _day(zone, day), _day(zone, after)
    if index == len(parts) - 1:  # the night ends on the morning of the next day
        return _day(zone, day, part=parts[index]), _day(zone, after, part=parts[0])
    return _day(zone, day, part=parts[index]), _day(zone, day, part=parts[index + 1])


@st.composite
def _touching_clock(draw: st.DrawFn, day: dt.date) -> tuple[When, When]:
    """Two minutes, or two seconds, in a row."""
    zone = draw(st.sampled_from([EAST, WEST, "UTC", "Asia/Kathmandu"]))
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 58))
    if draw(st.booleans()):
        first = _day(zone, day, hour=hour, minute=minute)
        return first, _day(zone, day, hour=hour, minute=minute + 1)
    first = _day(zone, day, hour=hour, minute=minute, second=59)
    return first, _day(zone, day, hour=hour, minute=minute + 1, second=0)


@st.composite
def _touching_zone_less(draw: st.DrawFn, day: dt.date) -> tuple[When, When]:
    """A day without a zone, and the next day at UTC-12 or the day before at UTC+14."""
    if draw(st.booleans()):
        return _day(None, day), _day(WEST, day + dt.timedelta(days=1))
    return _day(EAST, day - dt.timedelta(days=1)), _day(None, day)


@st.composite
def _touching_open(draw: st.DrawFn, zone: str, day: dt.date) -> tuple[When, When]:
    """``../D`` and the next day, or a day and ``D/..`` from the next (at UTC-12 if zone-less)."""
    after = day + dt.timedelta(days=1)
    if draw(st.booleans()):
        return _day(zone, day, unbounded=Unbounded.BEFORE), _day(zone, after)
    if draw(
        st.booleans()
    ):  # the zone-less day ends last at UTC-12: the next one there begins then
        return _day(None, day), _day(WEST, after, unbounded=Unbounded.AFTER)
    return _day(zone, day), _day(zone, after, unbounded=Unbounded.AFTER)


@st.composite
def touching(draw: st.DrawFn) -> tuple[When, When]:
    """Two Whens, the first ending at the very instant the second begins.

    Consecutive days, parts of a day, minutes or seconds in one zone; a day
    in no zone and the next day at UTC-12 (or the day before at UTC+14);
    a span and the day after its end; ``../D`` and the day after ``D``, the
    day before ``D`` and ``D/..``.
    """
    zone = draw(_edge_zones())
    day = draw(_dates(first=dt.date(1000, 1, 4), last=dt.date(9998, 12, 30)))
    span_start = _day(zone, day - dt.timedelta(days=draw(st.integers(1, 3))))
    span = st.just((span_start.until(_day(zone, day)), _day(zone, day + dt.timedelta(days=1))))
    return draw(
        st.one_of(
            _touching_days(zone, day),
            _touching_clock(day),
            _touching_zone_less(day),
            span,
            _touching_open(zone, day),
        )
    )


@st.composite
def same_days(draw: st.DrawFn) -> tuple[When, When]:
    """A day (or part of one) without a zone, and the same day (or part) in some zone.

    The zone is often UTC+14 or UTC-12, where the zone-less day's interval
    begins or ends: the two then share that bound exactly.
    """
    zone = draw(_edge_zones())
    day = draw(_dates())
    if day.year < _DATE_LINE_MOVED and zone in _BEYOND_THE_OFFSETS:
        zone = EAST
    part = draw(st.none() | st.sampled_from(PartOfDay))
    return _day(None, day, part=part), _day(zone, day, part=part)


@st.composite
def open_at(draw: st.DrawFn) -> tuple[When, When, When]:
    """A time open on one side, the point that bounds it, and the time just beyond that bound.

    For ``../X``: X, and a time that begins where X ends. For ``X/..``: X,
    and a time that ends where X begins. Each in X's zone, or for a
    zone-less X, at the end of the Earth's offsets where X's bound lies.
    """
    side = draw(st.sampled_from(Unbounded))
    zone = draw(st.none() | _edge_zones())
    day = draw(_dates(first=dt.date(1000, 1, 4), last=dt.date(9998, 12, 28)))
    point = _day(zone, day, qualifier=draw(st.none() | st.sampled_from(Qualifier)))
    steps = 1 + (0 if point.qualifier is None else point.qualifier.widening)
    if side is Unbounded.BEFORE:
        beyond = _day(WEST if zone is None else zone, day + dt.timedelta(days=steps))
    else:
        beyond = _day(EAST if zone is None else zone, day - dt.timedelta(days=steps))
    return attrs.evolve(point, unbounded=side), point, beyond


@st.composite
def widened(draw: st.DrawFn) -> tuple[When, When, When]:
    """A qualified year, month or day, and the first and last units its interval covers.

    With ``~`` or ``?`` the unit before and the unit after; with ``%`` the
    second before and the second after; never beyond the years 1000 and 9998.
    """
    qualifier = draw(st.sampled_from(Qualifier))
    zone = draw(st.none() | _edge_zones())
    precision = draw(st.sampled_from(sorted(_QUALIFIABLE, key=list(Precision).index)))
    day = draw(_dates())
    steps = qualifier.widening
    if precision is Precision.DAY:
        first = max(day - dt.timedelta(days=steps), dt.date(1000, 1, 1))
        last = min(day + dt.timedelta(days=steps), dt.date(9998, 12, 31))
        return _day(zone, day, qualifier=qualifier), _day(zone, first), _day(zone, last)
    if precision is Precision.MONTH:
        months = day.year * 12 + day.month - 1
        low, high = max(months - steps, 1000 * 12), min(months + steps, 9998 * 12 + 11)
        point = When(zone=zone, year=day.year, month=day.month, qualifier=qualifier)
        first = When(zone=zone, year=low // 12, month=low % 12 + 1)
        return point, first, When(zone=zone, year=high // 12, month=high % 12 + 1)
    point = When(zone=zone, year=day.year, qualifier=qualifier)
    first = When(zone=zone, year=max(day.year - steps, 1000))
    return point, first, When(zone=zone, year=min(day.year + steps, 9998))


_UPPER2: Final = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
_UPPER3: Final = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
_QIDS: Final = st.integers(1, 10**9).map("Q{}".format)


def places() -> st.SearchStrategy[Place]:
    """Places at any level: a country alone, or with any of region, city, venue and zone."""
    return st.builds(
        Place,
        country=_UPPER2,
        region=st.none() | texts(),
        city=st.none() | texts(),
        venue=st.none() | texts(),
        zone=st.none() | zones(),
    )


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def citations(source_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Citation]:
    """Citations of the given source ids (any id by default)."""
    return st.builds(
        Citation,
        source=ids() if source_ids is None else source_ids,
        excerpt=_optional(texts(80)),
    )


def _citation_tuples(source_ids: Sequence[str] | None) -> st.SearchStrategy[tuple[Citation, ...]]:
    if source_ids is not None and not source_ids:
        return st.just(())
    pool = None if source_ids is None else st.sampled_from(source_ids)
    return st.lists(citations(pool), max_size=3, unique=True).map(tuple)


def _id_tuples(
    pool: Sequence[str] | None, *, min_size: int = 0, max_size: int = 4
) -> st.SearchStrategy[tuple[str, ...]]:
    elements = ids() if pool is None else st.sampled_from(pool)
    return st.lists(elements, min_size=min_size, max_size=max_size, unique=True).map(tuple)


def _topics() -> st.SearchStrategy[tuple[str, ...]]:
    return _id_tuples(None, max_size=3)


def stances(demand_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Stance]:
    """Stances on the given demand ids (any id by default)."""
    return st.builds(
        Stance,
        demand=ids() if demand_ids is None else demand_ids,
        position=st.sampled_from(Position),
        note=_optional(texts()),
    )


_MEMBERS: Final = (ActorKind.BODY, ActorKind.PERSON, ActorKind.GROUP)


def memberships(
    organizations: Sequence[str] | None = None,
    source_ids: Sequence[str] | None = None,
    periods: st.SearchStrategy[When | None] | None = None,
    max_size: int = 3,
) -> st.SearchStrategy[tuple[Membership, ...]]:
    """Distinct memberships in the given organizations (any ids by default).

    Periods are drawn from ``periods`` (any When or none by default).
    """
    if organizations is not None and not organizations:
        return st.just(())
    one = st.builds(
        Membership,
        organization=ids() if organizations is None else st.sampled_from(organizations),
        role=_optional(texts()),
        when=_optional(whens()) if periods is None else periods,
        sources=_citation_tuples(source_ids),
    )
    return st.lists(one, max_size=max_size, unique=True).map(tuple)


@st.composite
def _actor(
    draw: st.DrawFn,
    actor_id: str | None = None,
    parents: Sequence[str] | None = None,
    source_ids: Sequence[str] | None = None,
    kind: ActorKind | None = None,
) -> Actor:
    kind = draw(st.sampled_from(ActorKind)) if kind is None else kind
    name = draw(texts())
    held: tuple[Membership, ...] = ()
    if kind in _MEMBERS:
        held = draw(memberships(parents, source_ids))
    return Actor(
        id=draw(ids()) if actor_id is None else actor_id,
        kind=kind,
        name=name,
        aliases=tuple(
            draw(st.lists(texts(), max_size=3, unique=True).filter(lambda a: name not in a))
        ),
        memberships=held,
        iso3=draw(_optional(_UPPER3)) if kind is ActorKind.STATE else None,
        wikidata=draw(_optional(_QIDS)),
        sources=draw(_citation_tuples(source_ids)),
    )


def actors() -> st.SearchStrategy[Actor]:
    """Actors of every kind, with references to any ids."""
    return _actor()


_RESCHEDULABLE: Final = (MeetingStatus.POSTPONED, MeetingStatus.CANCELLED)


def _others(pool: Sequence[str] | None, taken: tuple[str, ...]) -> list[str] | None:
    """The ids of ``pool`` not in ``taken`` (``None``, any id, stays ``None``)."""
    return None if pool is None else [i for i in pool if i not in taken]


@st.composite
def _meeting(  # noqa: PLR0917 -- the pools of a consistent dossier
    draw: st.DrawFn,
    meeting_id: str | None = None,
    actor_ids: Sequence[str] | None = None,
    person_ids: Sequence[str] | None = None,
    source_ids: Sequence[str] | None = None,
    successor_ids: Sequence[str] | None = None,
) -> Meeting:
    """A meeting; mediators and observers are never parties, nor one another.

    ``successor_ids`` are the meetings a postponed or cancelled one may be
    rescheduled as (any id but its own by default).
    """
    meeting_id = draw(ids()) if meeting_id is None else meeting_id
    heads: tuple[str, ...] = ()
    if person_ids is None or person_ids:
        heads = draw(_id_tuples(person_ids, max_size=2))
    participants = draw(_id_tuples(actor_ids, min_size=1))
    roles: dict[str, tuple[str, ...]] = {"hosts": draw(_id_tuples(actor_ids, max_size=2))}
    taken = participants
    for field in ("mediators", "observers"):
        pool = _others(actor_ids, taken)
        found = draw(_id_tuples(pool, max_size=2)) if pool is None or pool else ()
        roles[field] = found = tuple(i for i in found if i not in taken)
        taken = (*taken, *found)
    status = draw(st.sampled_from(MeetingStatus))
    rescheduled_as = None
    successors = _others(successor_ids, (meeting_id,))
    if status in _RESCHEDULABLE and (successors is None or successors):
        pool = ids() if successors is None else st.sampled_from(successors)
        rescheduled_as = draw(_optional(pool.filter(lambda i: i != meeting_id)))
    return Meeting(
        id=meeting_id,
        participants=participants,
        when=draw(whens()),
        format=draw(st.sampled_from(MeetingFormat)),
        status=status,
        rescheduled_as=rescheduled_as,
        heads=heads,
        **roles,
        venue=draw(_optional(places())),
        series=draw(_optional(texts())),
        round=draw(_optional(st.integers(1, 9999))),
        topics=draw(_topics()),
        sources=draw(_citation_tuples(source_ids)),
    )


def meetings() -> st.SearchStrategy[Meeting]:
    """Meetings with references to any ids."""
    return _meeting()


def demand_links(demand_ids: Sequence[str] | None = None) -> st.SearchStrategy[DemandLink]:
    """Links to demands drawn from ``demand_ids`` (any ids if ``None``)."""
    pool = ids() if demand_ids is None else st.sampled_from(demand_ids)
    return st.builds(DemandLink, kind=st.sampled_from(LinkKind), demand=pool)


@st.composite
def _demand(  # noqa: PLR0917 -- the pools of a consistent dossier
    draw: st.DrawFn,
    demand_id: str | None = None,
    actor_ids: Sequence[str] | None = None,
    source_ids: Sequence[str] | None = None,
    earlier: Sequence[str] | None = None,
    later: Sequence[str] = (),
    times: st.SearchStrategy[When] | None = None,
) -> Demand:
    """A demand; with ``earlier``, its links go to those demands, and its links
    other than ``part_of`` also to ``later`` ones, so packages never form a cycle."""
    new_id = draw(ids()) if demand_id is None else demand_id
    by = draw(ids() if actor_ids is None else st.sampled_from(actor_ids))
    others = None if actor_ids is None else [a for a in actor_ids if a != by]
    described = draw(_optional(texts()))
    to = draw(_id_tuples(others, min_size=0 if described else 1).filter(lambda t: by not in t))
    links: list[DemandLink] = []
    if earlier is None or earlier:
        drawn = draw(st.lists(demand_links(earlier), max_size=2, unique=True))
        links = [link for link in drawn if link.demand != new_id]
    if later:
        after = draw(st.lists(demand_links(later), max_size=1))
        links += [x for x in after if x.kind is not LinkKind.PART_OF and x not in links]
    return Demand(
        id=new_id,
        by=by,
        to=to,
        to_described=described,
        summary=draw(texts(200)),
        when=draw(_optional(whens() if times is None else times)),
        links=tuple(links),
        topics=draw(_topics()),
        sources=draw(_citation_tuples(source_ids)),
    )


@st.composite
def _outcome(  # noqa: PLR0917 -- the pools of a consistent dossier
    draw: st.DrawFn,
    outcome_id: str | None = None,
    actor_ids: Sequence[str] | None = None,
    meeting_ids: Sequence[str] | None = None,
    demand_ids: Sequence[str] | None = None,
    source_ids: Sequence[str] | None = None,
) -> Outcome:
    kind = draw(st.sampled_from(OutcomeKind))
    signatories: tuple[str, ...] = ()
    if kind is not OutcomeKind.DECLARED_RESULT:
        signatories = draw(_id_tuples(actor_ids, max_size=3))
    meeting = None
    if meeting_ids is None or meeting_ids:
        meeting = draw(_optional(ids() if meeting_ids is None else st.sampled_from(meeting_ids)))
    demands: tuple[str, ...] = ()
    if demand_ids is None or demand_ids:
        demands = draw(_id_tuples(demand_ids, max_size=2))
    return Outcome(
        id=draw(ids()) if outcome_id is None else outcome_id,
        kind=kind,
        summary=draw(texts(200)),
        when=draw(whens()),
        stage=draw(_optional(st.sampled_from(OutcomeStage))),
        meeting=meeting,
        parties=draw(_id_tuples(actor_ids, min_size=1)),
        signatories=signatories,
        demands=demands,
        topics=draw(_topics()),
        sources=draw(_citation_tuples(source_ids)),
    )


def outcomes() -> st.SearchStrategy[Outcome]:
    """Outcomes of every kind and stage, with references to any ids."""
    return _outcome()


def demands() -> st.SearchStrategy[Demand]:
    """Demands with references to any ids."""
    return _demand()


@st.composite
def _statement(  # noqa: PLR0917 -- the pools of a consistent dossier
    draw: st.DrawFn,
    statement_id: str | None = None,
    actor_ids: Sequence[str] | None = None,
    meeting_ids: Sequence[str] | None = None,
    demand_ids: Sequence[str] | None = None,
    source_ids: Sequence[str] | None = None,
    times: st.SearchStrategy[When] | None = None,
) -> Statement:
    pool = ids() if actor_ids is None else st.sampled_from(actor_ids)
    speakers = tuple(draw(st.lists(pool, min_size=1, max_size=3, unique=True)))
    on_behalf_of = tuple(draw(st.lists(pool, max_size=2, unique=True)))
    if on_behalf_of and frozenset(on_behalf_of) == frozenset(speakers):
        on_behalf_of = ()
    meeting = None
    if meeting_ids is None or meeting_ids:
        meeting = draw(_optional(ids() if meeting_ids is None else st.sampled_from(meeting_ids)))
    stance_list: list[Stance] = []
    if demand_ids is None or demand_ids:
        pool = ids() if demand_ids is None else st.sampled_from(demand_ids)
        stance_list = draw(st.lists(stances(pool), max_size=3, unique_by=lambda s: s.demand))
    return Statement(
        id=draw(ids()) if statement_id is None else statement_id,
        speakers=speakers,
        when=draw(whens() if times is None else times),
        text=draw(texts(200)),
        wording=draw(st.sampled_from(Wording)),
        on_behalf_of=on_behalf_of,
        place=draw(_optional(places())),
        meeting=meeting,
        channel=draw(_optional(texts())),
        stances=tuple(stance_list),
        topics=draw(_topics()),
        sources=draw(_citation_tuples(source_ids)),
    )


def statements() -> st.SearchStrategy[Statement]:
    """Statements with references to any ids."""
    return _statement()


def _url() -> st.SearchStrategy[str]:
    return st.builds(
        "{}://{}.{}/{}".format,
        st.sampled_from(["http", "https"]),
        st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12),
        st.sampled_from(["org", "com", "ru", "int"]),
        st.text("ABCXYZabcxyz0123456789_~%/.?=&-", max_size=30),
    )


@st.composite
def _source(draw: st.DrawFn, source_id: str | None = None) -> Source:
    return Source(
        id=draw(ids()) if source_id is None else source_id,
        title=draw(texts(80)),
        publisher=draw(_optional(texts())),
        url=draw(_optional(_url())),
        published=draw(_optional(whens())),
    )


def sources() -> st.SearchStrategy[Source]:
    """Sources, with or without publisher, URL and publication time."""
    return _source()


def _speaking_for_one(statement: Statement, actors: dict[str, Actor]) -> Statement:
    """The statement, naming in ``on_behalf_of`` one top-level actor for each actor that needs one.

    A statement that takes a stance speaks, for each of its principals, for
    one top-level actor: a principal that belongs at the statement's time to
    several is replaced by the first of them (and ``on_behalf_of`` left out
    if that makes it the speakers).
    """
    if not statement.stances:
        return statement
    chosen = []
    for actor in statement.principals:
        found = walk_tops(actors, actor, statement.when)
        chosen.append(found[0] if len(found) > 1 else actor)
    if chosen == list(statement.principals):
        return statement
    behalf = tuple(dict.fromkeys(chosen))
    if frozenset(behalf) == frozenset(statement.speakers):
        behalf = ()
    return attrs.evolve(statement, on_behalf_of=behalf)


def _one_top_each(demand: Demand, actors: dict[str, Actor]) -> bool:
    """Whether the maker and each addressee of a demand have one top-level actor at its time."""
    return all(len(walk_tops(actors, a, demand.when)) == 1 for a in (demand.by, *demand.to))


@st.composite
def dossiers(draw: st.DrawFn, max_entities: int = 4) -> Dossier:
    """Whole dossiers whose references all resolve, ids unique across kinds.

    Memberships are only in earlier actors, so they never form a cycle, and
    never in an actor holding several, as the dossier requires; a statement
    taking a stance whose actor belongs then to several top-level actors
    names one in ``on_behalf_of``, and no demand names such an actor. A
    meeting is rescheduled only as a later one, so that forms no cycle
    either; delegation heads are persons.
    """
    counts = [draw(st.integers(0, max_entities)) for _ in range(5)]
    n_actors, n_meetings, n_demands, n_statements, n_sources = counts
    n_outcomes = draw(st.integers(0, max_entities))
    if n_meetings or n_demands or n_statements or n_outcomes:
        n_actors = max(n_actors, 2)
    size = sum((n_actors, *counts[1:], n_outcomes))
    pool = draw(st.lists(ids(), min_size=size, unique=True))
    take: Callable[[int], list[str]] = lambda n: [pool.pop() for _ in range(n)]  # noqa: E731
    actor_ids, meeting_ids = take(n_actors), take(n_meetings)
    demand_ids, statement_ids, source_ids = take(n_demands), take(n_statements), take(n_sources)
    outcome_ids = take(n_outcomes)
    actor_list: list[Actor] = []
    organizations: list[str] = []
    for actor_id in actor_ids:
        actor = draw(_actor(actor_id, organizations, source_ids))
        actor_list.append(actor)
        if len(actor.memberships) < 2:
            organizations.append(actor_id)
    persons = [a.id for a in actor_list if a.kind is ActorKind.PERSON]
    by_id = {a.id: a for a in actor_list}
    # Demands and statements often share a time, so that the edges of "as of"
    # (a stance over exactly when the cutoff falls) are met at once.
    shared = draw(st.lists(whens(), min_size=1, max_size=3))
    times = st.one_of(st.sampled_from(shared), whens())
    demand_list = [
        draw(_demand(i, actor_ids, source_ids, demand_ids[:n], demand_ids[n + 1 :], times))
        for n, i in enumerate(demand_ids)
    ]
    assume(all(_one_top_each(demand, by_id) for demand in demand_list))
    return Dossier(
        actors=actor_list,
        meetings=[
            draw(_meeting(i, actor_ids, persons, source_ids, meeting_ids[n + 1 :]))
            for n, i in enumerate(meeting_ids)
        ],
        demands=demand_list,
        statements=[
            _speaking_for_one(
                draw(_statement(i, actor_ids, meeting_ids, demand_ids, source_ids, times)),
                by_id,
            )
            for i in statement_ids
        ],
        outcomes=[
            draw(_outcome(i, actor_ids, meeting_ids, demand_ids, source_ids)) for i in outcome_ids
        ],
        sources=[draw(_source(i)) for i in source_ids],
    )


_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _second(seconds: int) -> When | None:
    """The second from ``seconds`` after 1970 (UTC), if it is in the years a When takes."""
    moment = _EPOCH + dt.timedelta(seconds=seconds)
    if not 1000 <= moment.year <= 9998:
        return None
    return When.from_datetime(moment, precision=_Precision.SECOND)


def _edges(when: When) -> list[When]:
    """Periods that touch or just overlap an edge of ``when``'s interval.

    The second just before it and the one just after (touching, not
    overlapping), its first and its last second, a day ending where it
    starts and a day starting where it ends, and ``when`` itself: an
    off-by-one in a comparison of intervals gets one of them wrong.
    """
    lo, hi = when.earliest.int_timestamp, when.latest.int_timestamp
    found = [when]
    for start, end in ((lo - 1, lo - 1), (lo, lo), (hi - 1, hi - 1), (hi, hi)):
        first, last = _second(start), _second(end)
        if first is not None and last is not None:
            found.append(first)
    for start, end in ((lo - 86_400, lo - 1), (hi, hi + 86_399)):
        first, last = _second(start), _second(end)
        if first is not None and last is not None:
            found.append(first.until(last))
    return found


@st.composite
def membership_dossiers(draw: st.DrawFn, max_entities: int = 5) -> Dossier:
    """Dossiers whose membership periods sit at the edges of their entities' times.

    A state and an organisation, then actors holding one to three
    memberships each in earlier actors (never in one holding several, as the
    dossier requires). The meetings, demands, statements and outcomes share
    one or two times; each membership's period is none, or a period at an edge of one of
    those times (see :func:`_edges`), so that whether it holds then is
    decided by a second. Statements and demands are made to need no choice
    of top-level actor, as in :func:`dossiers`.
    """
    n_members = draw(st.integers(1, max_entities))
    counts = [draw(st.integers(1, max_entities)) for _ in range(4)]
    pool = draw(st.lists(ids(), min_size=2 + n_members + sum(counts), unique=True))
    take: Callable[[int], list[str]] = lambda n: [pool.pop() for _ in range(n)]  # noqa: E731
    actor_ids = take(2 + n_members)
    meeting_ids, demand_ids, statement_ids, outcome_ids = (take(n) for n in counts)
    structure: list[Actor] = [
        Actor(id=actor_ids[0], kind=ActorKind.STATE, name="First"),
        Actor(id=actor_ids[1], kind=ActorKind.ORGANIZATION, name="Second"),
    ]
    organizations = list(actor_ids[:2])
    for actor_id in actor_ids[2:]:
        kind = draw(st.sampled_from(_MEMBERS))
        held = draw(memberships(organizations, [], periods=st.none()).filter(bool))
        structure.append(Actor(id=actor_id, kind=kind, name="Member", memberships=held))
        if len(held) < 2:
            organizations.append(actor_id)
    persons = [a.id for a in structure if a.kind is ActorKind.PERSON]
    times = draw(st.lists(whens(), min_size=1, max_size=2, unique=True))
    at = st.sampled_from(times)
    meeting_list = [
        attrs.evolve(draw(_meeting(i, actor_ids, persons, [], [])), when=draw(at))
        for i in meeting_ids
    ]
    demand_list = [
        draw(_demand(i, actor_ids, [], demand_ids[:n], demand_ids[n + 1 :], at))
        for n, i in enumerate(demand_ids)
    ]
    statement_list = [
        draw(_statement(i, actor_ids, meeting_ids, demand_ids, [], at)) for i in statement_ids
    ]
    outcome_list = [
        attrs.evolve(draw(_outcome(i, actor_ids, meeting_ids, demand_ids, [])), when=draw(at))
        for i in outcome_ids
    ]
    periods = st.sampled_from(sorted({p for when in times for p in _edges(when)})) | st.none()
    actor_list = [
        attrs.evolve(
            actor,
            memberships=tuple(
                dict.fromkeys(attrs.evolve(m, when=draw(periods)) for m in actor.memberships)
            ),
        )
        for actor in structure
    ]
    by_id = {a.id: a for a in actor_list}
    assume(all(_one_top_each(demand, by_id) for demand in demand_list))
    return Dossier(
        actors=actor_list,
        meetings=meeting_list,
        demands=demand_list,
        statements=[_speaking_for_one(s, by_id) for s in statement_list],
        outcomes=outcome_list,
    )
