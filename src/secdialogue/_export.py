"""Exports for other tools: meetings as iCalendar, meetings and statements as CSV.

Imported by the command line only; ``import secdialogue`` does not load it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from typing import TYPE_CHECKING, Final

from secdialogue._model import Actor, Demand, Meeting, MeetingStatus, Statement
from secdialogue._time import Precision, When, format_offset

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from secdialogue._dossier import Dossier
    from secdialogue._kinds import Entity

__all__ = [
    "actors_csv",
    "demands_csv",
    "meetings_csv",
    "meetings_ics",
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
_LINE_OCTETS: Final = 75  # RFC 5545, 3.1
_UTF8_CONTINUATION: Final = 0x80  # the top bits of a byte inside a UTF-8 sequence
_DAY_PRECISIONS: Final = frozenset({Precision.YEAR, Precision.MONTH, Precision.DAY})


# -- iCalendar (RFC 5545) ---------------------------------------------------------


def meetings_ics(dossier: Dossier, *, stamp: dt.datetime | None = None) -> str:
    """The dossier's meetings as an iCalendar file.

    Times keep their zone: each event names its IANA zone as ``TZID`` and the
    file carries a ``VTIMEZONE`` for it with the transitions around the
    meetings. A meeting known to the day, month or year becomes an all-day
    event over those days; a part of a day becomes an event over its hours;
    an exact time becomes an event starting then.

    Args:
        dossier: The dossier whose meetings to export.
        stamp: The ``DTSTAMP`` of every event (now, in UTC, by default).
    """
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    meetings = list(dossier.meetings.by_time())
    years: dict[str, set[int]] = {}
    for meeting in meetings:
        zone_years = years.setdefault(meeting.when.zone, set())
        zone_years.update(range(meeting.when.earliest.year - 1, meeting.when.latest.year + 2))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_PRODID}", "CALSCALE:GREGORIAN"]
    for zone in sorted(years):
        lines.extend(_vtimezone(zone, min(years[zone]), max(years[zone])))
    for meeting in meetings:
        lines.extend(_vevent(dossier, meeting, stamp))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _vevent(dossier: Dossier, meeting: Meeting, stamp: dt.datetime) -> Iterator[str]:
    when = meeting.when
    yield "BEGIN:VEVENT"
    yield f"UID:{meeting.id}@secdialogue"
    yield f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}"
    yield from _event_times(when)
    names = ", ".join(dossier.actor(p).name for p in meeting.participants)
    title = meeting.format.value.replace("_", " ").capitalize()
    if meeting.series is not None:
        title = meeting.series + (f", round {meeting.round}" if meeting.round is not None else "")
    yield f"SUMMARY:{_text(f'{title}: {names}')}"
    if meeting.venue is not None:
        venue = meeting.venue
        parts = [p for p in (venue.venue, venue.city, venue.country) if p is not None]
        yield f"LOCATION:{_text(', '.join(parts))}"
    about = [f"Time as recorded: {when} ({when.precision.value.replace('_', ' ')} precision)."]
    about.append(f"Status: {meeting.status.value.replace('_', ' ')}.")
    if meeting.heads:
        heads = ", ".join(dossier.actor(h).name for h in meeting.heads)
        about.append(f"Delegation heads: {heads}.")
    if meeting.topics:
        about.append(f"Topics: {', '.join(meeting.topics)}.")
    yield f"DESCRIPTION:{_text(' '.join(about))}"
    yield f"STATUS:{_STATUS[meeting.status]}"
    yield "END:VEVENT"


def _event_times(when: When) -> Iterator[str]:
    last = when.end or when
    if when.precision in _DAY_PRECISIONS and last.precision in _DAY_PRECISIONS:
        first_day = when.local_start.date()
        stop_day = last.latest.in_timezone(when.zone).date()
        yield f"DTSTART;VALUE=DATE:{first_day:%Y%m%d}"
        yield f"DTEND;VALUE=DATE:{stop_day:%Y%m%d}"
        return
    yield f"DTSTART;TZID={when.zone}:{when.local_start:%Y%m%dT%H%M%S}"
    exact = {Precision.MINUTE, Precision.SECOND}
    if when.end is not None or when.precision not in exact:
        yield f"DTEND;TZID={when.zone}:{last.latest.in_timezone(when.zone):%Y%m%dT%H%M%S}"


def _vtimezone(name: str, first_year: int, last_year: int) -> Iterator[str]:
    """A VTIMEZONE listing the zone's transitions in the given years, one by one."""
    zone = zoneinfo.ZoneInfo(name)
    start = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    stop = dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC)
    yield "BEGIN:VTIMEZONE"
    yield f"TZID:{name}"
    before = start.astimezone(zone)
    found = False
    for instant in _transitions(zone, start, stop):
        found = True
        old = (instant - dt.timedelta(seconds=1)).astimezone(zone)
        new = instant.astimezone(zone)
        yield from _observance(new, old.utcoffset(), local_start=instant + _offset(old))
    if not found:
        yield from _observance(before, before.utcoffset(), local_start=start + _offset(before))
    yield "END:VTIMEZONE"


def _offset(value: dt.datetime) -> dt.timedelta:
    offset = value.utcoffset()
    return offset if offset is not None else dt.timedelta(0)


def _observance(
    new: dt.datetime, offset_from: dt.timedelta | None, *, local_start: dt.datetime
) -> Iterator[str]:
    kind = "DAYLIGHT" if new.dst() else "STANDARD"
    yield f"BEGIN:{kind}"
    yield f"DTSTART:{local_start.replace(tzinfo=None):%Y%m%dT%H%M%S}"
    yield f"TZOFFSETFROM:{_ics_offset(offset_from)}"
    yield f"TZOFFSETTO:{_ics_offset(new.utcoffset())}"
    yield f"TZNAME:{_text(new.tzname() or _ics_offset(new.utcoffset()))}"
    yield f"END:{kind}"


def _transitions(zone: dt.tzinfo, start: dt.datetime, stop: dt.datetime) -> Iterator[dt.datetime]:
    """The instants in [start, stop) at which the zone's offset or name changes."""
    step = dt.timedelta(days=1)
    here = start
    while here < stop:
        nxt = min(here + step, stop)
        if _state(zone, here) != _state(zone, nxt):
            low, high = here, nxt
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(zone, middle) == _state(zone, low):
                    low = middle
                else:
                    high = middle
            yield high.replace(microsecond=0)
        here = nxt


def _state(zone: dt.tzinfo, instant: dt.datetime) -> tuple[object, ...]:
    local = instant.astimezone(zone)
    return (local.utcoffset(), local.dst(), local.tzname())


def _ics_offset(offset: dt.timedelta | None) -> str:
    """An offset as iCalendar writes it: ``+0100``, seconds only if any (RFC 5545, 3.3.14)."""
    return format_offset(offset, separator="")


def _text(value: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (RFC 5545, 3.1)."""
    data = line.encode()
    if len(data) <= _LINE_OCTETS:
        return line
    pieces: list[str] = []
    limit = _LINE_OCTETS
    while data:
        cut = min(limit, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == _UTF8_CONTINUATION:
            cut -= 1
        pieces.append(data[:cut].decode())
        data = data[cut:]
        limit = 74  # continuation lines start with a space
    return "\r\n ".join(pieces)


# -- CSV --------------------------------------------------------------------------------


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _time_columns(when: When) -> list[str]:
    return [
        str(when),
        when.precision.value,
        when.zone,
        when.local_start.strftime("%Y-%m-%d %H:%M:%S"),
        when.earliest.strftime("%Y-%m-%dT%H:%M:%SZ"),
        when.latest.strftime("%Y-%m-%dT%H:%M:%SZ"),
    ]


_TIME_HEADER: Final = ["when", "precision", "zone", "local_start", "earliest_utc", "latest_utc"]


def meetings_csv(meetings: Iterable[Meeting]) -> str:
    """Meetings as CSV, one row each, in the order given.

    Columns: id, the time (as recorded, its precision and zone, local start,
    and the UTC interval), format, status, series, round, city, country,
    venue, participants and heads (ids joined by ``;``), topics.
    """
    header = ["id", *_TIME_HEADER, "format", "status", "series", "round", "city", "country"]
    header += ["venue", "participants", "heads", "topics"]
    rows = (
        [
            m.id,
            *_time_columns(m.when),
            m.format.value,
            m.status.value,
            m.series or "",
            "" if m.round is None else str(m.round),
            m.venue.city if m.venue else "",
            m.venue.country if m.venue else "",
            (m.venue.venue or "") if m.venue else "",
            ";".join(m.participants),
            ";".join(m.heads),
            ";".join(m.topics),
        ]
        for m in meetings
    )
    return _csv(header, rows)


def statements_csv(statements: Iterable[Statement], dossier: Dossier) -> str:
    """Statements of ``dossier`` as CSV, one row each, in the order given.

    Columns: id, the time columns, speaker (id and name), on_behalf_of,
    wording, text, channel, meeting, stances (``demand=position`` joined by
    ``;``), topics and sources (ids joined by ``;``).
    """
    header = ["id", *_TIME_HEADER, "speaker", "speaker_name", "on_behalf_of", "wording", "text"]
    header += ["channel", "meeting", "stances", "topics", "sources"]
    rows = (
        [
            s.id,
            *_time_columns(s.when),
            s.speaker,
            dossier.actor(s.speaker).name,
            s.on_behalf_of or "",
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


def actors_csv(actors: Iterable[Actor]) -> str:
    """Actors as CSV, one row each: id, kind, name, aliases, affiliation, role, codes."""
    header = ["id", "kind", "name", "aliases", "affiliation", "role", "iso3", "wikidata"]
    rows = (
        [
            a.id,
            a.kind.value,
            a.name,
            ";".join(a.aliases),
            a.affiliation or "",
            a.role or "",
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
    """The CSV table for ``kind`` (actors, meetings, demands or statements)."""
    items = list(entities)
    if kind == "actors":
        return actors_csv(e for e in items if isinstance(e, Actor))
    if kind == "meetings":
        return meetings_csv(e for e in items if isinstance(e, Meeting))
    if kind == "demands":
        return demands_csv(e for e in items if isinstance(e, Demand))
    return statements_csv((e for e in items if isinstance(e, Statement)), dossier)
