"""Exports for other tools and for people: iCalendar, CSV, SVG and HTML.

:data:`FORMATS` lists every format ``secdialogue export --to`` offers, each
with a function from a dossier to text; :data:`CSV_TABLES` the tables the CSV
format can write. Imported by the command line only; ``import secdialogue``
does not load it, and it loads the optional icalendar library only when an
iCalendar file is asked for.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from typing import TYPE_CHECKING, Final

import attrs

from secdialogue._escape import escape
from secdialogue._model import (
    Actor,
    Demand,
    Meeting,
    MeetingStatus,
    Membership,
    Outcome,
    Place,
    Statement,
)
from secdialogue._pictures import dossier_html, timeline_svg
from secdialogue._time import Precision, Unbounded, When, wall_clock_bounds

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping
    from types import ModuleType

    import icalendar

    from secdialogue._dossier import Dossier
    from secdialogue._kinds import Entity

__all__ = [
    "CSV_TABLES",
    "FORMATS",
    "Format",
    "actors_csv",
    "demands_csv",
    "meetings_csv",
    "meetings_ics",
    "outcomes_csv",
    "statements_csv",
    "table_csv",
]

_PRODID: Final = "-//secdialogue//secdialogue//EN"
_STATUS: Final = {
    MeetingStatus.PLANNED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.ENDED_EARLY: "CONFIRMED",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CANCELLED: "CANCELLED",
}
_DAY_PRECISIONS: Final = frozenset({Precision.YEAR, Precision.MONTH, Precision.DAY})
_PERIOD_PRECISIONS: Final = frozenset({Precision.YEAR, Precision.MONTH})
"""Precisions whose all-day event covers far more than the meeting took."""
_EXACT_PRECISIONS: Final = frozenset({Precision.MINUTE, Precision.SECOND})


# -- iCalendar (RFC 5545) ---------------------------------------------------------

_ICS_EXTRA: Final = "ics"
_LAST_ZONE_DATE: Final = dt.date(dt.MAXYEAR, 9, 1)
"""The latest end icalendar can make a VTIMEZONE to without overflowing a date."""


def _icalendar() -> ModuleType:
    """The icalendar library, or an error that names the extra to install."""
    try:
        import icalendar  # noqa: PLC0415 -- an optional dependency, loaded on use
    except ModuleNotFoundError as error:
        msg = (
            "the iCalendar export needs the icalendar library:"
            f" pip install 'secdialogue[{_ICS_EXTRA}]'"
        )
        raise ModuleNotFoundError(msg, name="icalendar") from error
    return icalendar


def meetings_ics(dossier: Dossier, *, stamp: dt.datetime | None = None) -> str:
    """The dossier's meetings as an iCalendar file (RFC 5545), written by icalendar.

    Times keep their zone: each event names its IANA zone as ``TZID`` and the
    file carries a ``VTIMEZONE`` for it, made from the zone database, over
    the years of the meetings. Precision is kept, never made up:

    * a meeting known to the day is an all-day event (``VALUE=DATE``) over
      that day; a span of days runs to the day after its last;
    * a meeting known only to the month or the year is an all-day event over
      the whole month or year, marked ``TRANSP:TRANSPARENT`` (it does not
      make anyone busy for a month) and described as such;
    * an approximate or uncertain date (``2022-01-09~``) is an all-day event
      over the days it may mean (the 8th to the 10th), also transparent and
      described as such;
    * a part of a day is an event over its hours (an evening: 18:00 to 22:00);
    * an exact time is an event starting then (ending at the end of a span);
    * a time whose place is not recorded (no zone) has no ``TZID``: a day
      is an all-day event as above (dates float in RFC 5545), a part of a
      day a *floating* time, read on the wall clock wherever the calendar is;
    * a meeting whose time is open on one side (``../2022-01-07``) is left
      out: an event needs a start and an end, and either would be made up.

    Every text from the data has its control and bidi characters written as
    visible escapes (as the command line shows them), and icalendar escapes
    what RFC 5545 asks, so no value can forge a line or a property.

    Args:
        dossier: The dossier whose meetings to export.
        stamp: The ``DTSTAMP`` of every event (now, in UTC, by default).

    Raises:
        ModuleNotFoundError: If icalendar is not installed; the message names
            the extra that brings it, ``secdialogue[ics]``.
    """
    icalendar = _icalendar()
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    meetings = [m for m in dossier.meetings.by_time() if m.when.unbounded is None]
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", _PRODID)
    calendar.add("calscale", "GREGORIAN")
    for meeting in meetings:
        calendar.add_component(_vevent(icalendar.Event(), dossier, meeting, stamp))
    if meetings:
        # The years of the meetings and one on each side, as the zone's rules
        # were then (a zone database may hold several sets of rules over time).
        first = min(m.when.earliest.year for m in meetings) - 1
        last = max(m.when.latest.year for m in meetings) + 1
        # A time in 9998 may end in 9999, the last year a date can have; icalendar
        # steps up to 64 days past the end it is given, so stop short of the last.
        stop = min(dt.date(min(last + 1, dt.MAXYEAR), 1, 1), _LAST_ZONE_DATE)
        calendar.add_missing_timezones(dt.date(first, 1, 1), stop)
    text: str = calendar.to_ical().decode()
    return text


def _vevent(
    event: icalendar.Event, dossier: Dossier, meeting: Meeting, stamp: dt.datetime
) -> icalendar.Event:
    when = meeting.when
    event.add("uid", f"{meeting.id}@secdialogue")
    event.add("dtstamp", stamp)
    start, end = _event_times(when)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    if _vague(when) is not None or _qualified(when):
        event.add("transp", "TRANSPARENT")
    names = ", ".join(escape(dossier.actor(p).name) for p in meeting.participants)
    title = meeting.format.value.replace("_", " ").capitalize()
    if meeting.series is not None:
        title = escape(meeting.series)
        title += f", round {meeting.round}" if meeting.round is not None else ""
    event.add("summary", f"{title}: {names}")
    if meeting.venue is not None:
        event.add("location", escape(str(meeting.venue)))
    event.add("description", " ".join(_about(dossier, meeting)))
    event.add("status", _STATUS[meeting.status])
    return event


def _about(dossier: Dossier, meeting: Meeting) -> Iterator[str]:
    """The sentences of a meeting's description: its time as recorded, status, heads, topics."""
    when = meeting.when
    yield f"Time as recorded: {when} ({when.precision.value.replace('_', ' ')} precision)."
    vague = _vague(when)
    if vague is not None:
        yield f"Known only to the {vague.value}: the event covers the whole {vague.value}."
    if _qualified(when):
        yield "Approximate or uncertain: the event covers the days it may mean."
    if when.zone is None:
        yield "The place is not recorded: the times float (local wherever they are read)."
    yield f"Status: {meeting.status.value.replace('_', ' ')}."
    if meeting.rescheduled_as is not None:
        yield f"Rescheduled as: {escape(meeting.rescheduled_as)}."
    for label, ids in (
        ("Hosts", meeting.hosts),
        ("Mediators", meeting.mediators),
        ("Observers", meeting.observers),
    ):
        if ids:
            yield f"{label}: {', '.join(escape(dossier.actor(i).name) for i in ids)}."
    if meeting.heads:
        heads = ", ".join(escape(dossier.actor(h).name) for h in meeting.heads)
        yield f"Delegation heads: {heads}."
    if meeting.topics:
        yield f"Topics: {', '.join(meeting.topics)}."


def _vague(when: When) -> Precision | None:
    """The month or year a time (its start, or the end of its span) is known only to, if any."""
    return next(
        (p for p in (when.precision, (when.end or when).precision) if p in _PERIOD_PRECISIONS),
        None,
    )


def _qualified(when: When) -> bool:
    """Whether the start or the end of a time is approximate or uncertain."""
    return when.qualifier is not None or (when.end is not None and when.end.qualifier is not None)


def _event_times(when: When) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime | None]:
    """DTSTART and DTEND (None for an exact start with no end) of a meeting at ``when``.

    Dates, and the times of a When without a zone, are its wall-clock bounds
    as the calendar reads them; the times of a zoned When are its instants.
    """
    last = when.end or when
    if when.precision in _DAY_PRECISIONS and last.precision in _DAY_PRECISIONS:
        start, stop = wall_clock_bounds(when)
        return start.date(), stop.date()
    if when.zone is None:  # floating times (RFC 5545, 3.3.5): no zone, no instant
        return wall_clock_bounds(when)
    zone = zoneinfo.ZoneInfo(when.zone)
    start = dt.datetime.fromtimestamp(when.earliest.timestamp(), zone)
    if when.end is None and when.precision in _EXACT_PRECISIONS:
        return start, None
    return start, dt.datetime.fromtimestamp(last.latest.timestamp(), zone)


# -- CSV --------------------------------------------------------------------------------


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _time_columns(when: When) -> list[str]:
    """The time cells: empty for a zone not recorded and for the open side of a time."""
    open_start = when.unbounded is Unbounded.BEFORE
    return [
        str(when),
        when.precision.value,
        when.zone or "",
        "" if open_start else when.local_start.strftime("%Y-%m-%d %H:%M:%S"),
        "" if open_start else when.earliest.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "" if when.unbounded is Unbounded.AFTER else when.latest.strftime("%Y-%m-%dT%H:%M:%SZ"),
    ]


_TIME_HEADER: Final = ["when", "precision", "zone", "local_start", "earliest_utc", "latest_utc"]


def meetings_csv(meetings: Iterable[Meeting]) -> str:
    """Meetings as CSV, one row each, in the order given.

    Columns: id, the time (as recorded, its precision and zone, local start,
    and the UTC interval; the zone is empty where the place is not recorded,
    the local start and the UTC bound empty on a side that is open), format,
    status, series, round, city, country, venue, participants and heads (ids
    joined by ``;``), topics; then, after the older columns, region, hosts,
    mediators and observers (ids joined by ``;``) and rescheduled_as. A part
    of the place that is not recorded (a city, a region) is an empty cell.
    """
    header = ["id", *_TIME_HEADER, "format", "status", "series", "round", "city", "country"]
    header += ["venue", "participants", "heads", "topics", "region", "hosts", "mediators"]
    header += ["observers", "rescheduled_as"]
    rows = (
        [
            m.id,
            *_time_columns(m.when),
            m.format.value,
            m.status.value,
            m.series or "",
            "" if m.round is None else str(m.round),
            *_place_columns(m.venue),
            ";".join(m.participants),
            ";".join(m.heads),
            ";".join(m.topics),
            "" if m.venue is None else m.venue.region or "",
            ";".join(m.hosts),
            ";".join(m.mediators),
            ";".join(m.observers),
            m.rescheduled_as or "",
        ]
        for m in meetings
    )
    return _csv(header, rows)


def _place_columns(place: Place | None) -> list[str]:
    """The city, country and venue columns of a place (empty cells for what it lacks)."""
    if place is None:
        return ["", "", ""]
    return [place.city or "", place.country, place.venue or ""]


def outcomes_csv(outcomes: Iterable[Outcome]) -> str:
    """Outcomes as CSV, one row each, in the order given.

    Columns: id, the time columns, kind, stage, summary, meeting, parties,
    signatories, demands, topics and sources (ids joined by ``;``).
    """
    header = ["id", *_TIME_HEADER, "kind", "stage", "summary", "meeting", "parties"]
    header += ["signatories", "demands", "topics", "sources"]
    rows = (
        [
            o.id,
            *_time_columns(o.when),
            o.kind.value,
            "" if o.stage is None else o.stage.value,
            o.summary,
            o.meeting or "",
            ";".join(o.parties),
            ";".join(o.signatories),
            ";".join(o.demands),
            ";".join(o.topics),
            ";".join(dict.fromkeys(c.source for c in o.sources)),
        ]
        for o in outcomes
    )
    return _csv(header, rows)


def statements_csv(statements: Iterable[Statement], dossier: Dossier) -> str:
    """Statements of ``dossier`` as CSV, one row each, in the order given.

    Columns: id, the time columns, speakers (ids and names joined by ``;``),
    on_behalf_of (ids joined by ``;``),
    wording, text, channel, meeting, stances (``demand=position`` joined by
    ``;``), topics and sources (ids joined by ``;``).
    """
    header = ["id", *_TIME_HEADER, "speakers", "speaker_names", "on_behalf_of", "wording", "text"]
    header += ["channel", "meeting", "stances", "topics", "sources"]
    rows = (
        [
            s.id,
            *_time_columns(s.when),
            ";".join(s.speakers),
            ";".join(dossier.actor(a).name for a in s.speakers),
            ";".join(s.on_behalf_of),
            s.wording.value,
            s.text,
            s.channel or "",
            s.meeting or "",
            ";".join(f"{t.demand}={t.position.value}" for t in s.stances),
            ";".join(s.topics),
            ";".join(dict.fromkeys(c.source for c in s.sources)),
        ]
        for s in statements
    )
    return _csv(header, rows)


def _membership(membership: Membership) -> str:
    """A membership in one cell: ``mfa (Deputy Foreign Minister) 2031-03-29/..``."""
    text = membership.organization
    if membership.role is not None:
        text += f" ({membership.role})"
    if membership.when is not None:
        text += f" {membership.when}"
    return text


def actors_csv(actors: Iterable[Actor]) -> str:
    """Actors as CSV, one row each: id, kind, name, aliases, memberships, codes.

    Each membership is its organization's id, then its role in brackets and
    its period, where known; memberships are separated by ``;``.
    """
    header = ["id", "kind", "name", "aliases", "memberships", "iso3", "wikidata"]
    rows = (
        [
            a.id,
            a.kind.value,
            a.name,
            ";".join(a.aliases),
            ";".join(map(_membership, a.memberships)),
            a.iso3 or "",
            a.wikidata or "",
        ]
        for a in actors
    )
    return _csv(header, rows)


def demands_csv(demands: Iterable[Demand]) -> str:
    """Demands as CSV, one row each: id, maker, addressees, summary, time, topics."""
    header = ["id", "by", "to", "summary", "when", "topics"]
    rows = (
        [
            d.id,
            d.by,
            ";".join(d.to),
            d.summary,
            "" if d.when is None else str(d.when),
            ";".join(d.topics),
        ]
        for d in demands
    )
    return _csv(header, rows)


def table_csv(kind: str, entities: Iterable[Entity], dossier: Dossier) -> str:
    """The CSV table for ``kind`` (actors, meetings, demands, statements or outcomes)."""
    items = list(entities)
    if kind == "actors":
        return actors_csv(e for e in items if isinstance(e, Actor))
    if kind == "meetings":
        return meetings_csv(e for e in items if isinstance(e, Meeting))
    if kind == "demands":
        return demands_csv(e for e in items if isinstance(e, Demand))
    if kind == "outcomes":
        return outcomes_csv(e for e in items if isinstance(e, Outcome))
    return statements_csv((e for e in items if isinstance(e, Statement)), dossier)


# -- the formats, for the command line ------------------------------------------------

CSV_TABLES: Final[Mapping[str, Callable[[Dossier], str]]] = {
    "statements": lambda dossier: statements_csv(dossier.statements.by_time(), dossier),
    "meetings": lambda dossier: meetings_csv(dossier.meetings.by_time()),
    "actors": lambda dossier: actors_csv(dossier.actors),
    "demands": lambda dossier: demands_csv(dossier.demands),
    "outcomes": lambda dossier: outcomes_csv(dossier.outcomes.by_time()),
}
"""The CSV tables of a whole dossier by name; ``statements`` is the default."""


@attrs.frozen(kw_only=True)
class Format:
    """An export format: its name, what it holds, and how to write a dossier in it."""

    name: str
    """The name ``--to`` takes, such as ``"ics"``."""
    summary: str
    """What the file holds, in a few words, for ``--help``."""
    suffix: str
    """The usual file-name suffix, such as ``".ics"``."""
    write: Callable[[Dossier], str]
    """The whole dossier in this format, as text."""
    extra: str | None = None
    """The extra that brings an optional dependency it needs (``pip install secdialogue[...]``)."""


FORMATS: Final[Mapping[str, Format]] = {
    f.name: f
    for f in (
        Format(
            name="ics",
            summary="meetings as iCalendar events",
            suffix=".ics",
            write=meetings_ics,
            extra=_ICS_EXTRA,
        ),
        Format(
            name="csv",
            summary="a table as CSV (statements unless another table is asked for)",
            suffix=".csv",
            write=CSV_TABLES["statements"],
        ),
        Format(
            name="svg",
            summary="a timeline picture: a lane per party, meetings and statements",
            suffix=".svg",
            write=timeline_svg,
        ),
        Format(
            name="html",
            summary="one self-contained page: timeline, positions on each demand, sources",
            suffix=".html",
            write=dossier_html,
        ),
    )
}
"""Every format of ``secdialogue export --to``, by name, in the order to list them."""
