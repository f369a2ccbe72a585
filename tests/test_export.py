"""Tests for the iCalendar and CSV exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

import icalendar
import pytest

from secdialogue import (
    Actor,
    ActorKind,
    Demand,
    Dossier,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Place,
    Position,
    Stance,
    Statement,
    When,
    Wording,
)
from secdialogue._export import (
    _fold,
    _ics_offset,
    _text,
    actors_csv,
    demands_csv,
    meetings_csv,
    meetings_ics,
    statements_csv,
    table_csv,
)
from secdialogue.examples import january_2022

STAMP = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def calendar(dossier: Dossier) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(meetings_ics(dossier, stamp=STAMP))


def events(dossier: Dossier) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar(dossier).walk("VEVENT")}


def meeting(id: str, when: str, **kwargs) -> Meeting:  # noqa: A002
    fields = {
        "participants": ("russia", "usa"),
        "format": MeetingFormat.BILATERAL_TALKS,
        "status": MeetingStatus.HELD,
    }
    fields.update(kwargs)
    return Meeting(id=id, when=When.parse(when), **fields)


ACTORS = (
    Actor(id="russia", kind=ActorKind.STATE, name="Russia"),
    Actor(id="usa", kind=ActorKind.STATE, name="United States"),
    Actor(id="ryabkov", kind=ActorKind.PERSON, name="Sergey Ryabkov", affiliation="russia"),
)


class TestIcs:
    def test_built_in_dossier_parses_back(self):
        """The built-in dossier's meetings come back as six events with their times."""
        found = events(january_2022())
        geneva = found["russia-us-geneva-2022-01-10@secdialogue"]
        meal = found["ryabkov-sherman-meal-2022-01-09@secdialogue"]
        assert 6 == len(found)
        assert dt.date(2022, 1, 10) == geneva.decoded("DTSTART")
        assert dt.date(2022, 1, 11) == geneva.decoded("DTEND")
        assert "Bilateral talks: Russia, United States" == str(geneva["SUMMARY"])
        assert "Geneva, CH" == str(geneva["LOCATION"])
        zurich = zoneinfo.ZoneInfo("Europe/Zurich")
        assert dt.datetime(2022, 1, 9, 18, tzinfo=zurich) == meal.decoded("DTSTART")
        assert dt.datetime(2022, 1, 9, 22, tzinfo=zurich) == meal.decoded("DTEND")
        assert "Europe/Zurich" == meal["DTSTART"].params["TZID"]

    def test_every_tzid_has_a_vtimezone(self):
        """Each TZID used by an event is defined by a VTIMEZONE (RFC 5545, 3.6.5)."""
        cal = calendar(january_2022())
        defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
        used = {
            e["DTSTART"].params["TZID"]
            for e in cal.walk("VEVENT")
            if "TZID" in e["DTSTART"].params
        }
        assert used <= defined
        assert {"Europe/Brussels", "Europe/Vienna", "Europe/Zurich"} == defined

    def test_vtimezone_lists_the_transitions(self):
        """The VTIMEZONE's observances follow the zone's daylight-saving changes."""
        dossier = Dossier(
            actors=ACTORS, meetings=[meeting("m", "2022-07-01T10:00+02:00[Europe/Zurich]")]
        )
        (tz,) = calendar(dossier).walk("VTIMEZONE")
        starts = sorted(
            (o.decoded("DTSTART"), o.name, o.decoded("TZOFFSETTO")) for o in tz.subcomponents
        )
        # VTIMEZONE start times are local wall-clock times, without a zone.
        march_2022 = (dt.datetime(2022, 3, 27, 2, 0), "DAYLIGHT", dt.timedelta(hours=2))  # noqa: DTZ001
        october_2022 = (dt.datetime(2022, 10, 30, 3, 0), "STANDARD", dt.timedelta(hours=1))  # noqa: DTZ001
        assert march_2022 in starts
        assert october_2022 in starts
        assert 6 == len(starts)

    def test_zone_without_transitions(self):
        """A zone with no changes gets one STANDARD observance."""
        dossier = Dossier(actors=ACTORS, meetings=[meeting("m", "2022-01-10T10:00+00:00[UTC]")])
        (tz,) = calendar(dossier).walk("VTIMEZONE")
        (observance,) = tz.subcomponents
        assert "STANDARD" == observance.name
        assert dt.timedelta(0) == observance.decoded("TZOFFSETTO")

    def test_exact_time_has_no_end(self):
        """An exact start with no end becomes an event starting then, without DTEND."""
        dossier = Dossier(
            actors=ACTORS, meetings=[meeting("m", "2022-01-10T10:00+01:00[Europe/Zurich]")]
        )
        event = events(dossier)["m@secdialogue"]
        assert dt.datetime(2022, 1, 10, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Zurich")) == (
            event.decoded("DTSTART")
        )
        assert "DTEND" not in event

    def test_spans(self):
        """A span of days is all-day to the day after its end; a timed span ends at its end."""
        dossier = Dossier(
            actors=ACTORS,
            meetings=[
                meeting("days", "2022-01-10[Europe/Vienna]/2022-01-13[Europe/Vienna]"),
                meeting("month", "2022-01[Europe/Vienna]"),
                meeting(
                    "hours",
                    "2022-01-10T10:00+01:00[Europe/Vienna]/2022-01-10T17:30+01:00[Europe/Vienna]",
                ),
            ],
        )
        found = events(dossier)
        vienna = zoneinfo.ZoneInfo("Europe/Vienna")
        assert (dt.date(2022, 1, 10), dt.date(2022, 1, 14)) == (
            found["days@secdialogue"].decoded("DTSTART"),
            found["days@secdialogue"].decoded("DTEND"),
        )
        assert dt.date(2022, 2, 1) == found["month@secdialogue"].decoded("DTEND")
        assert dt.datetime(2022, 1, 10, 17, 31, tzinfo=vienna) == (
            found["hours@secdialogue"].decoded("DTEND")
        )

    def test_series_status_heads_and_no_venue(self):
        """Series and round name the event; a cancelled call has no location."""
        dossier = Dossier(
            actors=ACTORS,
            meetings=[
                meeting(
                    "call",
                    "2022-01-10[UTC]",
                    series="Strategic; Stability, Dialogue",
                    round=3,
                    status=MeetingStatus.CANCELLED,
                    format=MeetingFormat.CALL,
                    heads=("ryabkov",),
                    topics=("arms-control",),
                ),
                meeting(
                    "at",
                    "2022-01-11[Europe/Zurich]",
                    venue=Place(
                        city="Geneva", country="CH", zone="Europe/Zurich", venue="US Mission"
                    ),
                    status=MeetingStatus.POSTPONED,
                ),
            ],
        )
        found = events(dossier)
        call = found["call@secdialogue"]
        assert "Strategic; Stability, Dialogue, round 3: Russia, United States" == str(
            call["SUMMARY"]
        )
        assert "CANCELLED" == str(call["STATUS"])
        assert "LOCATION" not in call
        assert "Delegation heads: Sergey Ryabkov." in str(call["DESCRIPTION"])
        assert "Topics: arms-control." in str(call["DESCRIPTION"])
        assert "US Mission, Geneva, CH" == str(found["at@secdialogue"]["LOCATION"])
        assert "TENTATIVE" == str(found["at@secdialogue"]["STATUS"])

    def test_lines_are_folded_and_crlf(self):
        """Every content line is at most 75 octets and ends with CRLF."""
        text = meetings_ics(january_2022(), stamp=STAMP)
        lines = text.split("\r\n")
        assert "" == lines[-1]
        assert all(len(line.encode()) <= 75 for line in lines)
        assert "\n" not in text.replace("\r\n", "")

    def test_default_stamp_is_now(self):
        """Without a stamp, DTSTAMP is the current UTC time."""
        before = dt.datetime.now(dt.UTC).replace(microsecond=0)
        text = meetings_ics(january_2022())
        stamp = icalendar.Calendar.from_ical(text).walk("VEVENT")[0].decoded("DTSTAMP")
        assert before <= stamp <= dt.datetime.now(dt.UTC)


class TestIcsHelpers:
    def test_fold_keeps_utf8_sequences_whole(self):
        """Folding never cuts a multi-byte character and unfolds to the original."""
        line = "SUMMARY:" + "Женева " * 20
        folded = _fold(line)
        pieces = folded.split("\r\n ")
        assert line == "".join(pieces)
        assert all(len(p.encode()) <= 75 for p in pieces)

    def test_text_escapes(self):
        """Backslashes, semicolons, commas and newlines are escaped."""
        assert "a\\\\b\\;c\\,d\\ne\\nf" == _text("a\\b;c,d\r\ne\nf")

    @pytest.mark.parametrize(
        ("offset", "expected"),
        [
            (dt.timedelta(hours=1), "+0100"),
            (dt.timedelta(hours=-5, minutes=-30), "-0530"),
            (dt.timedelta(minutes=34, seconds=8), "+003408"),
            (None, "+0000"),
        ],
    )
    def test_offsets(self, offset, expected):
        """Offsets are written as +HHMM, with seconds only when there are any."""
        assert expected == _ics_offset(offset)


class TestCsv:
    def test_meetings(self):
        """Each meeting is one row with its time columns and venue."""
        dossier = january_2022()
        rows = list(csv.DictReader(io.StringIO(meetings_csv(dossier.meetings.by_time()))))
        first = rows[0]
        assert 6 == len(rows)
        assert "ssd-geneva-2021-09-30" == first["id"]
        assert "2021-09-30[Europe/Zurich]" == first["when"]
        assert "2021-09-29T22:00:00Z" == first["earliest_utc"]
        assert "2" == first["round"]
        assert "russia;united-states" == first["participants"]
        assert "" == rows[1]["city"]

    def test_statements(self):
        """Each statement is one row with speaker name, wording and stances."""
        dossier = january_2022()
        text = statements_csv(dossier.statements.by_time(), dossier)
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
        row = rows["ryabkov-2022-01-09-abrupt-end"]
        assert 11 == len(rows)
        assert "Sergey Ryabkov" == row["speaker_name"]
        assert "paraphrase" == row["wording"]
        assert row["stances"].startswith("no-nato-eastward-expansion=advances;")
        assert "security-dialogue-imminent" == row["sources"]

    def test_statement_with_all_fields(self):
        """Optional columns are filled when the statement has them."""
        dossier = Dossier(
            actors=ACTORS,
            meetings=[meeting("m", "2022-01-10[UTC]")],
            demands=[Demand(id="d", by="russia", to=("usa",), summary="Guarantees.")],
            statements=[
                Statement(
                    id="s",
                    speaker="ryabkov",
                    on_behalf_of="russia",
                    when=When.parse("2022-01-10[UTC]"),
                    text="=1+1",
                    wording=Wording.QUOTE,
                    meeting="m",
                    channel="TASS",
                    topics=("ukraine",),
                    stances=(Stance(demand="d", position=Position.ADVANCES),),
                )
            ],
        )
        (row,) = csv.DictReader(io.StringIO(statements_csv(dossier.statements, dossier)))
        assert ("russia", "m", "TASS", "ukraine", "d=advances") == (
            row["on_behalf_of"],
            row["meeting"],
            row["channel"],
            row["topics"],
            row["stances"],
        )

    def test_actors_and_demands(self):
        """Actors and demands have tables of their own."""
        dossier = january_2022()
        actors = list(csv.DictReader(io.StringIO(actors_csv(dossier.actors))))
        demands = list(csv.DictReader(io.StringIO(demands_csv(dossier.demands))))
        ryabkov = next(a for a in actors if a["id"] == "sergey-ryabkov")
        assert "Ryabukov" == ryabkov["aliases"]
        assert "russia" == ryabkov["affiliation"]
        assert 4 == len(demands)
        assert "united-states;nato" == demands[0]["to"]

    def test_demand_with_time(self):
        """A demand's time and topics are written when known."""
        demand = Demand(
            id="d",
            by="russia",
            to=("usa",),
            summary="Guarantees.",
            when=When.parse("2021-12-17[Europe/Moscow]"),
            topics=("nato", "ukraine"),
        )
        (row,) = csv.DictReader(io.StringIO(demands_csv([demand])))
        assert ("2021-12-17[Europe/Moscow]", "nato;ukraine") == (row["when"], row["topics"])

    @pytest.mark.parametrize("kind", ["actors", "meetings", "demands", "statements"])
    def test_table_csv_picks_the_table(self, kind):
        """table_csv writes the table of the kind asked for."""
        dossier = january_2022()
        entities = list(getattr(dossier, kind))
        rows = list(csv.reader(io.StringIO(table_csv(kind, entities, dossier))))
        assert len(entities) == len(rows) - 1
