"""Tests of secdialogue._time: When, Precision, PartOfDay, Qualifier, Unbounded, check_zone."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import pickle
import re
import zoneinfo
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from secdialogue import PartOfDay, Precision, Qualifier, Unbounded, ValidationError, When
from secdialogue._time import (
    FAR_FUTURE,
    FAR_PAST,
    MAX_ZONE_LENGTH,
    check_zone,
    to_when,
    wall_clock_bounds,
)
from strategies import EAST, WEST, open_at, same_days, spans, touching, whens, widened, zones

UTC = dt.UTC


def utc(*args: int) -> pendulum.DateTime:
    """An instant in UTC, for expected values."""
    return pendulum.datetime(*args, tz="UTC")


def problem(info: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    """The (path, code) of the one problem an error carries."""
    (only,) = info.value.problems
    return only.path, only.code


def local(when: When) -> dt.datetime:
    """The naive wall-clock time at which a When starts."""
    return when.local_start.naive()


def clock(*fields: int) -> dt.datetime:
    """A wall-clock time, read in no zone."""
    return dt.datetime(*fields)  # noqa: DTZ001 -- a wall-clock time, on purpose


def wall(instant: dt.datetime, zone: str) -> dt.datetime:
    """The naive wall-clock time an instant shows in a zone."""
    return instant.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)


@st.composite
def calendar_days(draw: st.DrawFn) -> tuple[str, dt.date]:
    """A zone and a calendar day from 1900 to 2040 in it."""
    zone = draw(zones())
    day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2040, 12, 30)))
    return zone, day


def day_of(zone: str, day: dt.date, part: PartOfDay | None = None) -> When:
    """The When of a calendar day, or of a part of it."""
    return When(zone=zone, year=day.year, month=day.month, day=day.day, part=part)


class TestPrecision:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2022[Europe/Moscow]", Precision.YEAR),
            ("2022-01[Europe/Moscow]", Precision.MONTH),
            ("2022-01-09[Europe/Moscow]", Precision.DAY),
            ("2022-01-09Tevening[Europe/Zurich]", Precision.PART_OF_DAY),
            ("2022-01-10T10:00+01:00[Europe/Zurich]", Precision.MINUTE),
            ("2022-01-10T10:00:00+01:00[Europe/Zurich]", Precision.SECOND),
            ("2022-01-10T10:00:30+01:00[Europe/Zurich]", Precision.SECOND),
            ("2022-01-09[Europe/Moscow]/2022-01-10T10:00+03:00[Europe/Moscow]", Precision.DAY),
        ],
    )
    def test_derived_from_the_finest_field(self, text, expected):
        """The precision is that of the finest field given, and of the start of a span."""
        assert expected == When.parse(text).precision

    def test_coarsest_first(self):
        """The members run from the coarsest to the finest precision."""
        expected = ["year", "month", "day", "part_of_day", "minute", "second"]
        assert expected == [p.value for p in Precision]


class TestPartOfDay:
    @pytest.mark.parametrize(
        ("part", "expected"),
        [
            (PartOfDay.MORNING, (6, 12)),
            (PartOfDay.AFTERNOON, (12, 18)),
            (PartOfDay.EVENING, (18, 22)),
            (PartOfDay.NIGHT, (22, 30)),
        ],
    )
    def test_hours(self, part, expected):
        """Each part names its documented local hours; the night ends at 06:00 next day."""
        assert expected == part.hours

    @pytest.mark.parametrize(
        ("part", "start", "stop"),
        [
            (PartOfDay.MORNING, utc(2022, 1, 9, 5), utc(2022, 1, 9, 11)),
            (PartOfDay.AFTERNOON, utc(2022, 1, 9, 11), utc(2022, 1, 9, 17)),
            (PartOfDay.EVENING, utc(2022, 1, 9, 17), utc(2022, 1, 9, 21)),
            (PartOfDay.NIGHT, utc(2022, 1, 9, 21), utc(2022, 1, 10, 5)),
        ],
    )
    def test_bounds_in_zurich(self, part, start, stop):
        """A part of a day covers its local hours, the night crossing midnight."""
        when = When(zone="Europe/Zurich", year=2022, month=1, day=9, part=part)
        assert (start, stop) == (when.earliest, when.latest)

    def test_night_of_the_last_day_of_the_year(self):
        """The night of 31 December ends on the morning of 1 January."""
        when = When.parse("2021-12-31Tnight[Europe/Moscow]")
        assert (utc(2021, 12, 31, 19), utc(2022, 1, 1, 3)) == (when.earliest, when.latest)

    def test_small_hours_belong_to_the_night_before(self):
        """02:00 on the 10th lies in the night of the 9th, not in any part of the 10th."""
        two = When.parse("2022-01-10T02:00+01:00[Europe/Zurich]")
        night = When.parse("2022-01-09Tnight[Europe/Zurich]")
        parts = [day_of("Europe/Zurich", dt.date(2022, 1, 10), p) for p in PartOfDay]
        assert night.contains(two)
        assert [] == [p for p in parts if p.overlaps(two)]

    @given(calendar_days())
    def test_parts_tile_the_days(self, zone_day):
        """Morning, afternoon, evening and night follow each other without gap or overlap."""
        zone, day = zone_day
        parts = [day_of(zone, day, p) for p in PartOfDay]
        tomorrow = day_of(zone, day + dt.timedelta(days=1), PartOfDay.MORNING)
        bounds = [(p.earliest, p.latest) for p in [*parts, tomorrow]]
        assert [b[1] for b in bounds[:-1]] == [b[0] for b in bounds[1:]]


class TestCheckZone:
    @pytest.mark.parametrize("zone", ["UTC", "Europe/Zurich", "America/Argentina/Buenos_Aires"])
    def test_accepts_iana_names(self, zone):
        """Names in the zone database pass."""
        check_zone("zone", zone)

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            (1, "wrong-type"),
            (None, "wrong-type"),
            ("x" * (MAX_ZONE_LENGTH + 1), "too-long"),
            ("Europe/Atlantis", "invalid-zone"),
            ("CET+1", "invalid-zone"),
            ("+01:00", "invalid-zone"),
            ("EDT", "invalid-zone"),
            ("europe/zurich", "invalid-zone"),
            ("localtime", "invalid-zone"),
            ("Factory", "invalid-zone"),
            ("", "invalid-zone"),
        ],
    )
    def test_refuses_the_rest(self, value, code):
        """Anything that is not an IANA zone name is refused, naming the field."""
        with pytest.raises(ValidationError) as info:
            check_zone("venue.zone", value)
        assert ("$.venue.zone", code) == problem(info)

    def test_message_says_what_to_write(self):
        """The message shows the bad value and an example of a good one."""
        with pytest.raises(ValidationError, match=r"'EDT'.*'Europe/Zurich'"):
            check_zone("zone", "EDT")


class TestConstruction:
    def test_fields_kept(self):
        """A When keeps the fields it was given, the zone as a name."""
        when = When(zone="Europe/Zurich", year=2022, month=1, day=10, hour=10, minute=0)
        expected = ("Europe/Zurich", 2022, 1, 10, None, 10, 0, None, 0, None, None, None)
        assert expected == attrs.astuple(when, recurse=False)

    @pytest.mark.parametrize(
        ("fields", "path", "code"),
        [
            ({"year": 999}, "$.year", "invalid-date"),
            ({"year": 9999}, "$.year", "invalid-date"),
            ({"year": "2022"}, "$.year", "invalid-date"),
            ({"year": 2022.0}, "$.year", "invalid-date"),
            ({"year": True}, "$.year", "invalid-date"),
            ({"month": 0}, "$.month", "invalid-date"),
            ({"month": 13}, "$.month", "invalid-date"),
            ({"month": "1"}, "$.month", "invalid-date"),
            ({"day": 9}, "$.day", "missing-field"),
            ({"month": 2, "day": 29}, "$.day", "invalid-date"),
            ({"month": 4, "day": 31}, "$.day", "invalid-date"),
            ({"month": 1, "day": 0}, "$.day", "invalid-date"),
            ({"month": 1, "day": "9"}, "$.day", "invalid-date"),
            ({"month": 1, "part": PartOfDay.NIGHT}, "$.part", "missing-field"),
            ({"month": 1, "day": 9, "part": "evening"}, "$.part", "wrong-type"),
            ({"month": 1, "day": 9, "minute": 0}, "$.minute", "missing-field"),
            ({"month": 1, "day": 9, "second": 0}, "$.second", "missing-field"),
            ({"month": 1, "day": 9, "fold": 1}, "$.fold", "invalid-fold"),
            ({"month": 1, "day": 9, "fold": False}, "$.fold", "invalid-fold"),
            ({"month": 1, "hour": 10, "minute": 0}, "$.hour", "missing-field"),
            (
                {"month": 1, "day": 9, "part": PartOfDay.MORNING, "hour": 10, "minute": 0},
                "$.part",
                "conflict",
            ),
            ({"month": 1, "day": 9, "hour": 10}, "$.minute", "missing-field"),
            ({"month": 1, "day": 9, "hour": 24, "minute": 0}, "$.hour", "invalid-time"),
            ({"month": 1, "day": 9, "hour": -1, "minute": 0}, "$.hour", "invalid-time"),
            ({"month": 1, "day": 9, "hour": "10", "minute": 0}, "$.hour", "invalid-time"),
            ({"month": 1, "day": 9, "hour": 10, "minute": 60}, "$.minute", "invalid-time"),
            (
                {"month": 1, "day": 9, "hour": 10, "minute": 0, "second": 60},
                "$.second",
                "invalid-time",
            ),
            (
                {"month": 1, "day": 9, "hour": 10, "minute": 0, "second": 1.5},
                "$.second",
                "invalid-time",
            ),
            ({"month": 1, "day": 9, "hour": 10, "minute": 0, "fold": 2}, "$.fold", "invalid-fold"),
            (
                {"month": 1, "day": 9, "hour": 10, "minute": 0, "fold": True},
                "$.fold",
                "invalid-fold",
            ),
            ({"month": 1, "day": 9, "hour": 10, "minute": 0, "fold": 1}, "$.fold", "invalid-fold"),
            ({"zone": "Europe/Geneva"}, "$.zone", "invalid-zone"),
            ({"zone": "+01:00"}, "$.zone", "invalid-zone"),
        ],
    )
    def test_invalid_fields(self, fields, path, code):
        """Each broken rule is refused with the field as path and a stable code."""
        values: dict[str, Any] = {"zone": "Europe/Zurich", "year": 2022, **fields}
        with pytest.raises(ValidationError) as info:
            When(**values)
        assert (path, code) == problem(info)

    def test_error_is_a_value_error(self):
        """A bad When raises an error that existing `except ValueError` clauses catch."""
        with pytest.raises(ValueError, match=r"\$\.month: month must be an int from 1 to 12"):
            When(zone="UTC", year=2022, month=13)

    def test_frozen(self):
        """A When cannot be changed after it is made."""
        when = When.parse("2022[UTC]")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            when.year = 2023  # type: ignore[misc]

    def test_evolve_checks_again(self):
        """A changed copy is checked like a new When."""
        with pytest.raises(ValidationError):
            attrs.evolve(When.parse("2022-02-28[UTC]"), day=30)

    def test_hashable_and_picklable(self):
        """Equal Whens hash alike and survive pickling."""
        when = When.parse("2022-10-30T02:30+01:00[Europe/Zurich]")
        assert {when} == {pickle.loads(pickle.dumps(when))}  # noqa: S301 -- our own data

    def test_leap_day(self):
        """29 February exists in leap years."""
        assert 29 == When(zone="UTC", year=2024, month=2, day=29).day

    @pytest.mark.parametrize("year", [1000, 9998])
    def test_year_limits(self, year):
        """The first and last accepted years have a whole interval."""
        when = When(zone="Pacific/Kiritimati", year=year, month=12, day=31, part=PartOfDay.NIGHT)
        assert when.earliest < when.latest


class TestInterval:
    @pytest.mark.parametrize(
        ("text", "start", "stop"),
        [
            ("2022[Europe/Moscow]", utc(2021, 12, 31, 21), utc(2022, 12, 31, 21)),
            ("2022-01[Europe/Moscow]", utc(2021, 12, 31, 21), utc(2022, 1, 31, 21)),
            ("2021-12[Europe/Moscow]", utc(2021, 11, 30, 21), utc(2021, 12, 31, 21)),
            ("2022-01-09[Europe/Moscow]", utc(2022, 1, 8, 21), utc(2022, 1, 9, 21)),
            ("2022-01-09Tevening[Europe/Zurich]", utc(2022, 1, 9, 17), utc(2022, 1, 9, 21)),
            (
                "2022-01-10T10:00+01:00[Europe/Zurich]",
                utc(2022, 1, 10, 9),
                utc(2022, 1, 10, 9, 1),
            ),
            (
                "2022-01-10T10:00:30+01:00[Europe/Zurich]",
                utc(2022, 1, 10, 9, 0, 30),
                utc(2022, 1, 10, 9, 0, 31),
            ),
            ("2022-01-09[Asia/Kathmandu]", utc(2022, 1, 8, 18, 15), utc(2022, 1, 9, 18, 15)),
            (
                "2022-01-09[Europe/Moscow]/2022-01-13[Europe/Moscow]",
                utc(2022, 1, 8, 21),
                utc(2022, 1, 13, 21),
            ),
        ],
    )
    def test_utc_interval(self, text, start, stop):
        """Each precision covers its whole local period, as a half-open UTC interval."""
        when = When.parse(text)
        assert (start, stop) == (when.earliest, when.latest)

    def test_bounds_are_utc_pendulum_datetimes(self):
        """The bounds are pendulum DateTimes in UTC."""
        when = When.parse("2022-01-09[Europe/Moscow]")
        expected = (pendulum.DateTime, "UTC", pendulum.DateTime, "UTC")
        actual = (type(when.earliest), when.earliest.timezone_name)
        actual += (type(when.latest), when.latest.timezone_name)
        assert expected == actual

    def test_local_start(self):
        """The local start is the first instant as a wall-clock time in the zone."""
        start = When.parse("2022-01-09Tevening[Europe/Zurich]").local_start
        expected = ("2022-01-09T18:00:00+01:00", "Europe/Zurich")
        assert expected == (start.isoformat(), start.timezone_name)

    @pytest.mark.parametrize(
        ("text", "hours"),
        [
            ("2022-03-27[Europe/Zurich]", 23),
            ("2022-10-30[Europe/Zurich]", 25),
            ("2022-03-13[America/Toronto]", 23),
            ("2022-11-06[America/Toronto]", 25),
            ("2022-04-03[Australia/Lord_Howe]", 24.5),
            ("2022-01-10[Europe/Zurich]", 24),
        ],
    )
    def test_days_of_23_and_25_hours(self, text, hours):
        """A day covers the real hours of that local day, short or long with DST."""
        when = When.parse(text)
        assert hours * 3600 == (when.latest - when.earliest).in_seconds()

    def test_night_across_a_dst_change(self):
        """The night into a spring change is an hour short, into an autumn one an hour long."""
        spring = When.parse("2022-03-26Tnight[Europe/Zurich]")
        autumn = When.parse("2022-10-29Tnight[Europe/Zurich]")
        actual = [(w.latest - w.earliest).in_hours() for w in (spring, autumn)]
        assert [7, 9] == actual

    @given(calendar_days())
    def test_days_tile(self, zone_day):
        """Each day ends where the next begins, and no interval runs backwards."""
        zone, day = zone_day
        today = day_of(zone, day)
        tomorrow = day_of(zone, day + dt.timedelta(days=1))
        assert today.latest == tomorrow.earliest
        assert today.earliest <= today.latest

    @given(whens())
    def test_never_backwards(self, when):
        """Every When's interval is well-formed: earliest never after latest."""
        assert when.earliest <= when.latest

    @given(calendar_days(), st.sampled_from([None, *PartOfDay]))
    def test_calendar_bounds_are_first_instants(self, zone_day, part):
        """A calendar bound is the first instant whose wall clock reads that time or later."""
        zone, day = zone_day
        when = day_of(zone, day, part)
        start = dt.datetime.combine(day, dt.time())
        start += dt.timedelta(hours=0 if part is None else part.hours[0])
        stop = start + dt.timedelta(hours=24 if part is None else part.hours[1] - part.hours[0])
        second = dt.timedelta(seconds=1)
        for bound, naive in ((when.earliest, start), (when.latest, stop)):
            assert wall(bound, zone) >= naive
            assert wall(bound - second, zone) < naive


class TestGaps:
    @pytest.mark.parametrize(
        ("text", "jump"),
        [
            ("2022-03-27T02:30[Europe/Zurich]", "2022-03-27T03:00:00"),
            ("2022-03-27T02:00[Europe/Zurich]", "2022-03-27T03:00:00"),
            ("2022-03-13T02:59:59[America/Toronto]", "2022-03-13T03:00:00"),
            ("2022-10-02T02:15[Australia/Lord_Howe]", "2022-10-02T02:30:00"),
            ("2011-12-30T12:00[Pacific/Apia]", "2011-12-31T00:00:00"),
            ("1919-03-31T00:10[America/Toronto]", "1919-03-31T00:30:00"),
        ],
    )
    def test_nonexistent_exact_times_refused(self, text, jump):
        """An exact time the clocks skip is refused, and the message says where they land."""
        with pytest.raises(ValidationError, match=f"to {jump}") as info:
            When.parse(text)
        assert ("$.hour", "nonexistent-time") == problem(info)

    def test_just_before_and_at_the_jump(self):
        """The last second before a jump and the jump itself exist."""
        before = When.parse("2022-03-27T01:59:59[Europe/Zurich]")
        after = When.parse("2022-03-27T03:00[Europe/Zurich]")
        assert utc(2022, 3, 27, 1) == before.latest == after.earliest

    @pytest.mark.parametrize(
        ("text", "start"),
        [
            # Cuba moves its clocks from 00:00 to 01:00: the day starts at 01:00.
            ("2022-03-13[America/Havana]", "2022-03-13T01:00:00-04:00"),
            # Toronto, 1919: 23:30 to 00:30, so the day starts at 00:30.
            ("1919-03-31[America/Toronto]", "1919-03-31T00:30:00-04:00"),
            # Casey, 2018: 04:00 to 07:00, so the morning starts at 07:00.
            ("2018-10-07Tmorning[Antarctica/Casey]", "2018-10-07T07:00:00+11:00"),
            # Samoa skipped 30 December 2011 entirely.
            ("2011-12-30Tnight[Pacific/Apia]", "2011-12-31T00:00:00+14:00"),
        ],
    )
    def test_calendar_bounds_move_to_the_gap_end(self, text, start):
        """A day or part of a day whose start the clocks skip starts at the end of the gap."""
        assert start == When.parse(text).local_start.isoformat()

    def test_day_before_a_midnight_gap_ends_at_the_jump(self):
        """The day before a gap at midnight ends at the jump, where the next one starts."""
        day = When.parse("1919-03-30[America/Toronto]")
        next_day = When.parse("1919-03-31[America/Toronto]")
        assert (utc(1919, 3, 31, 4, 30), 23.5 * 3600) == (
            next_day.earliest,
            (day.latest - day.earliest).in_seconds(),
        )

    def test_a_skipped_day_covers_no_time(self):
        """A day the clocks skip entirely is an empty interval at the jump."""
        day = When.parse("2011-12-30[Pacific/Apia]")
        morning = When.parse("2011-12-30Tmorning[Pacific/Apia]")
        jump = utc(2011, 12, 30, 10)
        assert [(jump, jump), (jump, jump)] == [(w.earliest, w.latest) for w in (day, morning)]
        assert not day.overlaps(When.parse("2011-12-31[Pacific/Apia]"))

    def test_night_before_a_skipped_day_ends_at_the_jump(self):
        """The night of 29 December 2011 in Samoa lasts two hours, to the jump."""
        night = When.parse("2011-12-29Tnight[Pacific/Apia]")
        assert (utc(2011, 12, 30, 8), utc(2011, 12, 30, 10)) == (night.earliest, night.latest)


class TestFolds:
    def test_fold_picks_the_occurrence(self):
        """fold=0 is the first occurrence of a repeated wall-clock time, fold=1 the second."""
        fields: dict[str, Any] = {"zone": "Europe/Zurich", "year": 2022, "month": 10, "day": 30}
        first = When(**fields, hour=2, minute=30)
        second = When(**fields, hour=2, minute=30, fold=1)
        actual = [(w.earliest, str(w)) for w in (first, second)]
        expected = [
            (utc(2022, 10, 30, 0, 30), "2022-10-30T02:30+02:00[Europe/Zurich]"),
            (utc(2022, 10, 30, 1, 30), "2022-10-30T02:30+01:00[Europe/Zurich]"),
        ]
        assert expected == actual
        assert first < second

    @pytest.mark.parametrize(
        ("text", "fold"),
        [
            ("2022-10-30T02:30+02:00[Europe/Zurich]", 0),
            ("2022-10-30T02:30+01:00[Europe/Zurich]", 1),
            ("2022-11-06T01:00:15-04:00[America/Toronto]", 0),
            ("2022-11-06T01:00:15-05:00[America/Toronto]", 1),
            ("2022-04-03T01:45+11:00[Australia/Lord_Howe]", 0),
            ("2022-04-03T01:45+10:30[Australia/Lord_Howe]", 1),
        ],
    )
    def test_offset_in_text_picks_the_fold(self, text, fold):
        """The offset written in a repeated time says which occurrence it is."""
        when = When.parse(text)
        assert (fold, text) == (when.fold, str(when))

    def test_repeated_time_without_offset_refused(self):
        """A repeated wall-clock time without offset is ambiguous and refused."""
        with pytest.raises(ValidationError, match=r"occurs twice.*add the UTC offset") as info:
            When.parse("2022-10-30T02:30[Europe/Zurich]")
        assert ("$.when", "ambiguous-time") == problem(info)

    @pytest.mark.parametrize(
        "text",
        [
            "2022-10-30T02:30+03:00[Europe/Zurich]",
            "2022-01-10T10:00+02:00[Europe/Zurich]",
            "2022-01-10T10:00+01:00[Europe/Moscow]",
        ],
    )
    def test_offset_mismatch_refused(self, text):
        """An offset the zone does not have at that time is refused."""
        with pytest.raises(ValidationError, match="does not match") as info:
            When.parse(text)
        assert ("$.when", "offset-mismatch") == problem(info)

    def test_fold_where_nothing_repeats_refused(self):
        """fold=1 on a time that occurs once is refused."""
        with pytest.raises(ValidationError, match="leave fold at 0"):
            When(zone="Europe/Zurich", year=2022, month=10, day=30, hour=4, minute=0, fold=1)

    def test_day_containing_a_fold_starts_at_the_first_occurrence(self):
        """A day whose midnight repeats starts at its first occurrence."""
        day = When.parse("2021-11-07[America/Havana]")
        assert ("2021-11-07T00:00:00-04:00", 25) == (
            day.local_start.isoformat(),
            (day.latest - day.earliest).in_hours(),
        )

    def test_both_occurrences_lie_in_the_day(self):
        """Both occurrences of a repeated time lie within their day."""
        day = When.parse("2022-10-30[Europe/Zurich]")
        first = When.parse("2022-10-30T02:30+02:00[Europe/Zurich]")
        second = When.parse("2022-10-30T02:30+01:00[Europe/Zurich]")
        assert day.contains(first)
        assert day.contains(second)
        assert not first.overlaps(second)


class TestOrdering:
    def test_across_zones(self):
        """Whens in different zones sort by the real time they cover."""
        moscow_day = When.parse("2022-01-09[Europe/Moscow]")  # from 21:00 UTC on the 8th
        geneva_evening = When.parse("2022-01-09Tevening[Europe/Zurich]")  # 17:00 UTC
        geneva_talks = When.parse("2022-01-10T09:00+01:00[Europe/Zurich]")
        new_york = When.parse("2022-01-09T10:00-05:00[America/New_York]")  # 15:00 UTC
        shuffled = [geneva_talks, geneva_evening, new_york, moscow_day]
        assert [moscow_day, new_york, geneva_evening, geneva_talks] == sorted(shuffled)

    def test_ties_broken_by_latest_then_fields(self):
        """Equal starts sort the shorter first; equal intervals sort by zone name."""
        month = When.parse("2022-01[UTC]")
        day = When.parse("2022-01-01[UTC]")
        midnight = When.parse("2022-01-01T00:00+00:00[UTC]")
        london = When.parse("2022-01-01T00:00+00:00[Europe/London]")
        assert [london, midnight, day, month] == sorted([month, london, day, midnight])

    def test_comparison_with_other_types(self):
        """A When is not equal to, nor ordered with, other values."""
        when = When.parse("2022[UTC]")
        assert when != "2022[UTC]"
        with pytest.raises(TypeError):
            _ = when < "2022[UTC]"  # type: ignore[operator]

    @given(whens(), whens())
    def test_total_and_consistent_with_equality(self, a, b):
        """Exactly one of a < b, a == b, a > b holds, and == agrees with the hash."""
        assert 1 == [a < b, a == b, a > b].count(True)
        assert (a <= b) == (a < b or a == b)
        if a == b:
            assert hash(a) == hash(b)

    @given(whens())
    def test_equal_to_a_copy(self, a):
        """A When equals an identical copy and is neither before nor after it."""
        copy = When.parse(str(a))
        assert (a, False, False, True) == (copy, a < copy, copy < a, a <= copy)

    @given(st.lists(whens(), min_size=3, max_size=3))
    def test_transitive(self, trio):
        """Sorting orders every pair, so a <= b and b <= c give a <= c."""
        a, b, c = sorted(trio)
        assert a <= b <= c
        assert a <= c

    @given(whens(), whens())
    def test_earlier_start_sorts_first(self, a, b):
        """The order follows the interval first: an earlier start sorts first."""
        assume(a.earliest != b.earliest)
        assert (a.earliest < b.earliest) == (a < b)

    @given(st.lists(whens(), max_size=5), st.randoms())
    def test_order_does_not_depend_on_input_order(self, items, random):
        """Sorting gives the same list whatever order the Whens came in."""
        shuffled = list(items)
        random.shuffle(shuffled)
        assert sorted(items) == sorted(shuffled)


class TestRelations:
    def test_overlap_across_zones(self):
        """The Moscow 9th and the Geneva evening of the 9th overlap; Moscow's 10th does not."""
        moscow_9 = When.parse("2022-01-09[Europe/Moscow]")
        moscow_10 = When.parse("2022-01-10[Europe/Moscow]")
        geneva_evening = When.parse("2022-01-09Tevening[Europe/Zurich]")
        assert (True, True, False) == (
            moscow_9.overlaps(geneva_evening),
            geneva_evening.overlaps(moscow_9),
            moscow_10.overlaps(geneva_evening),
        )

    def test_containment_across_zones(self):
        """The Geneva evening of the 9th (17:00-21:00 UTC) lies within the Moscow 9th."""
        moscow_9 = When.parse("2022-01-09[Europe/Moscow]")
        geneva_evening = When.parse("2022-01-09Tevening[Europe/Zurich]")
        geneva_night = When.parse("2022-01-09Tnight[Europe/Zurich]")
        assert (True, False, False) == (
            moscow_9.contains(geneva_evening),
            geneva_evening.contains(moscow_9),
            moscow_9.contains(geneva_night),
        )

    def test_touching_intervals_do_not_overlap(self):
        """Half-open intervals that meet at one instant do not overlap."""
        evening = When.parse("2022-01-09Tevening[Europe/Zurich]")
        night = When.parse("2022-01-09Tnight[Europe/Zurich]")
        assert evening.latest == night.earliest
        assert not evening.overlaps(night)

    @given(whens(), whens())
    def test_overlap_symmetric(self, a, b):
        """Overlap does not depend on the order of the two."""
        assert a.overlaps(b) == b.overlaps(a)

    @given(whens(), whens())
    def test_containment_implies_overlap(self, a, b):
        """Containing a non-empty When implies overlap; mutual containment, equal intervals."""
        if a.contains(b) and b.earliest < b.latest:
            assert a.overlaps(b)
        if a.contains(b) and b.contains(a):
            assert (a.earliest, a.latest) == (b.earliest, b.latest)

    @given(whens())
    def test_contains_itself(self, a):
        """Every When contains itself and overlaps itself unless it is empty."""
        assert a.contains(a)
        assert a.overlaps(a) == (a.earliest < a.latest)

    @given(spans())
    def test_span_contains_its_ends(self, a):
        """A span contains its start and its end."""
        assert a.end is not None
        assert a.contains(attrs.evolve(a, end=None))
        assert a.contains(a.end)


class TestSpans:
    def test_until(self):
        """until() makes a span from this start to the other's end."""
        start = When.parse("2022-01-10[Europe/Zurich]")
        end = When.parse("2022-01-12Tafternoon[Europe/Zurich]")
        span = start.until(end)
        assert (True, False, end, utc(2022, 1, 12, 17)) == (
            span.is_span,
            start.is_span,
            span.end,
            span.latest,
        )

    def test_end_may_overlap_the_start(self):
        """The end may begin inside the start, as long as it finishes after it."""
        span = When.parse("2022-01[UTC]").until(When.parse("2022-01-31Tnight[UTC]"))
        assert utc(2022, 2, 1, 6) == span.latest

    @pytest.mark.parametrize(
        ("start", "end", "code"),
        [
            ("2022-01-10[UTC]", "2022-01-09[UTC]", "end-before-start"),
            ("2022-01[UTC]", "2022-01-15[UTC]", "end-before-start"),
            ("2022-01-10[UTC]", "2022-01-10[UTC]", "end-before-start"),
            ("2022-01-10[UTC]", "2022-01-09Tnight[UTC]", "end-before-start"),
            ("2022-01-10[Europe/Zurich]", "2022-01-11[Europe/Vienna]", "zone-mismatch"),
        ],
    )
    def test_invalid_ends(self, start, end, code):
        """An end that does not finish after the start, or is in another zone, is refused."""
        with pytest.raises(ValidationError) as info:
            When.parse(start).until(When.parse(end))
        assert ("$.end", code) == problem(info)

    def test_nested_span_refused(self):
        """The end of a span has no end of its own."""
        inner = When.parse("2022-01-11[UTC]/2022-01-12[UTC]")
        with pytest.raises(ValidationError) as info:
            When.parse("2022-01-10[UTC]").until(inner)
        assert ("$.end", "nested-span") == problem(info)

    def test_end_of_wrong_type_refused(self):
        """An end that is not a When is refused."""
        with pytest.raises(ValidationError) as info:
            When(zone="UTC", year=2022, end="2023[UTC]")  # type: ignore[arg-type]
        assert ("$.end", "wrong-type") == problem(info)


class TestText:
    @pytest.mark.parametrize(
        "text",
        [
            "2022[Europe/Moscow]",
            "2022-01[Europe/Moscow]",
            "2022-01-09[Europe/Moscow]",
            "2022-01-09Tmorning[Europe/Zurich]",
            "2022-01-09Tafternoon[Europe/Zurich]",
            "2022-01-09Tevening[Europe/Zurich]",
            "2022-01-09Tnight[Europe/Zurich]",
            "2022-01-10T10:00+01:00[Europe/Zurich]",
            "2022-01-10T10:00:30+01:00[Europe/Zurich]",
            "2022-01-10T10:00:00+01:00[Europe/Zurich]",
            "2022-01-10T10:00-05:00[America/New_York]",
            "2022-01-10T10:00+05:45[Asia/Kathmandu]",
            "2022-10-30T02:30+01:00[Europe/Zurich]",
            "1850-01-01T00:00+00:34:08[Europe/Zurich]",
            "1880-01-01T00:00-00:25:21[Europe/Dublin]",
            "1000-01-01[UTC]",
            "9998-12-31Tnight[Pacific/Kiritimati]",
            "2022-01-09[Europe/Moscow]/2022-01-13[Europe/Moscow]",
            "2022-01-09Tevening[Europe/Zurich]/2022-01-10T17:30+01:00[Europe/Zurich]",
            "2022-01-12T10:00+01:00[Europe/Vienna]/2022-01-12T14:00+01:00[Europe/Vienna]",
            "2022[UTC]/2023-06[UTC]",
            "2022",
            "2022-01",
            "2022-01-09",
            "2022-01-09Tevening",
            "2022-01-09/2022-01-13",
            "2022-01-09Tnight/2022-01-10Tmorning",
            "2022-01-09~",
            "2022-01?[Europe/Moscow]",
            "2022%",
            "2022-01-09~[Europe/Moscow]/2022-01-13?[Europe/Moscow]",
            "2022-01-09%/2022-02",
            "../2022-01-07",
            "2022-03-29/..",
            "../2022-01-07[Europe/Moscow]",
            "2022-03-29[Europe/Moscow]/..",
            "../2022-01-10T10:00+01:00[Europe/Zurich]",
            "2022-03-29Tmorning/..",
            "../2022-01~",
            "1000~",
            "9998-12-31%/..",
        ],
    )
    def test_round_trip(self, text):
        """Every form reads back to the same When and prints as it was written."""
        when = When.parse(text)
        fresh = attrs.evolve(when)  # made by the constructor: its text is written, not kept
        assert (text, text, when) == (str(when), str(fresh), When.parse(str(when)))

    def test_offset_optional_where_unambiguous(self):
        """An exact time that occurs once may leave its offset out; str adds it."""
        assert "2022-01-10T10:00+01:00[Europe/Zurich]" == str(
            When.parse("2022-01-10T10:00[Europe/Zurich]")
        )

    def test_repr_evaluates_to_an_equal_when(self):
        """The repr is a parse call that gives the same When back."""
        when = When.parse("2022-10-30T02:30+01:00[Europe/Zurich]")
        assert when == eval(repr(when), {"When": When})  # noqa: S307 -- our own repr

    @given(whens())
    def test_round_trip_property(self, when):
        """Every When prints to text that parses back to an equal When."""
        again = When.parse(str(when))
        assert (when, str(when)) == (again, str(again))

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("2022-01-09T10:00", "invalid-time"),
            ("2022-01-09T10:00+01:00", "invalid-time"),
            ("2022-01-09T10:00Z", "invalid-time"),
            ("now", "invalid-time"),
            ("P1D", "invalid-time"),
            ("", "invalid-time"),
            ("22-01-09[UTC]", "invalid-time"),
            ("2022-1-9[UTC]", "invalid-time"),
            ("2022-01-09Tdusk[UTC]", "invalid-time"),
            ("2022-01-09T10[UTC]", "invalid-time"),
            ("2022-01-09T10:00:00.5[UTC]", "invalid-time"),
            ("٢٠٢٢[UTC]", "invalid-time"),
            ("2022[UTC] ", "invalid-time"),
            ("2022[UTC]/2023[UTC]/2024[UTC]", "invalid-time"),
            ("2022[UTC]/", "invalid-time"),
            ("../..", "invalid-time"),
            ("../", "invalid-time"),
            ("/..", "invalid-time"),
            ("2022/../2023", "invalid-time"),
            ("../2022/..", "invalid-time"),
            ("2022~~", "invalid-time"),
            ("2022-01-09T10:00~[UTC]", "conflict"),
            ("2022-01-09Tevening?", "conflict"),
            ("2022-01-09[UTC]~", "invalid-time"),
            ("2022-01-09/2022-01-10[UTC]", "zone-mismatch"),
            ("2022-01-09[UTC]/2022-01-10", "zone-mismatch"),
            ("../2022-01-09T10:00", "invalid-time"),
            ("x" * 201, "too-long"),
            ("2022[Mars/Olympus]", "invalid-zone"),
            ("2022-02-30[UTC]", "invalid-date"),
        ],
    )
    def test_bad_text(self, text, code):
        """Text that is not a When is refused with a stable code."""
        with pytest.raises(ValidationError) as info:
            When.parse(text)
        assert code == problem(info)[1]

    def test_zone_less_clock_time_says_how_to_fix(self):
        """A clock time without zone is refused with an example that has one."""
        with pytest.raises(
            ValidationError, match=r"zone of the place in brackets.*\[Europe/Zurich\]"
        ):
            When.parse("2022-01-10T10:00+01:00")

    def test_open_on_both_sides_says_leave_it_out(self):
        """'../..' knows no time: the message says to leave the field out."""
        with pytest.raises(ValidationError, match="no time is known, so leave the field out"):
            When.parse("../..")

    def test_not_a_string(self):
        """Only strings are parsed."""
        with pytest.raises(ValidationError) as info:
            When.parse(20220109)  # type: ignore[arg-type]
        assert ("$.when", "wrong-type") == problem(info)


class TestFromDatetime:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (
                dt.datetime(2022, 1, 10, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Zurich")),
                "2022-01-10T10:00:00+01:00[Europe/Zurich]",
            ),
            (
                pendulum.datetime(2022, 1, 10, 10, 0, 30, tz="Europe/Zurich"),
                "2022-01-10T10:00:30+01:00[Europe/Zurich]",
            ),
            (dt.datetime(2022, 1, 10, 9, tzinfo=UTC), "2022-01-10T09:00:00+00:00[UTC]"),
            (pendulum.datetime(2022, 1, 10, 9), "2022-01-10T09:00:00+00:00[UTC]"),
        ],
    )
    def test_named_zones(self, value, expected):
        """An aware datetime with a named zone becomes an exact When in that zone."""
        assert expected == str(When.from_datetime(value))

    def test_minute_precision(self):
        """Minute precision drops the (zero) seconds."""
        value = pendulum.datetime(2022, 1, 10, 10, tz="Europe/Zurich")
        when = When.from_datetime(value, precision=Precision.MINUTE)
        assert (Precision.MINUTE, None) == (when.precision, when.second)

    def test_same_instant(self):
        """The When starts at the instant of the datetime."""
        value = pendulum.datetime(2022, 1, 10, 10, 0, 30, tz="Asia/Kathmandu")
        assert value == When.from_datetime(value).earliest

    def test_fold_kept_where_time_repeats(self):
        """The datetime's fold picks the occurrence of a repeated time."""
        zone = zoneinfo.ZoneInfo("Europe/Zurich")
        first = dt.datetime(2022, 10, 30, 2, 30, tzinfo=zone)
        second = first.replace(fold=1)
        actual = [When.from_datetime(v).fold for v in (first, second)]
        assert [0, 1] == actual

    def test_pendulum_picks_the_later_occurrence(self):
        """pendulum.datetime gives a repeated time fold=1 by default; the When keeps it."""
        value = pendulum.datetime(2022, 10, 30, 2, 30, tz="Europe/Zurich")
        assert "2022-10-30T02:30:00+01:00[Europe/Zurich]" == str(When.from_datetime(value))

    def test_fold_ignored_where_time_occurs_once(self):
        """A fold of 1 on a time that occurs once is dropped, as datetime itself ignores it."""
        value = dt.datetime(2022, 1, 10, 10, fold=1, tzinfo=zoneinfo.ZoneInfo("Europe/Zurich"))
        assert 0 == When.from_datetime(value).fold

    def test_naive_refused_with_a_fix(self):
        """A naive datetime is refused with an example of an aware one."""
        with pytest.raises(ValidationError, match=r"naive.*tz='Europe/Zurich'") as info:
            When.from_datetime(dt.datetime(2022, 1, 10, 10))  # noqa: DTZ001 -- the case under test
        assert ("$.when", "naive-time") == problem(info)

    @pytest.mark.parametrize(
        "value",
        [
            dt.datetime(2022, 1, 10, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            dt.datetime(2022, 1, 10, 10, tzinfo=dt.timezone(dt.timedelta(hours=1), "CET")),
            pendulum.datetime(2022, 1, 10, 10, tz=pendulum.fixed_timezone(3600)),
            pendulum.parse("2022-01-10T10:00:00+01:00"),
        ],
    )
    def test_fixed_offsets_refused(self, value):
        """A datetime with only an offset is refused: the zone name would be lost."""
        with pytest.raises(ValidationError, match="no zone name") as info:
            When.from_datetime(value)
        assert ("$.when", "no-zone-name") == problem(info)

    def test_zone_without_a_key_refused(self):
        """A ZoneInfo read from a file has no name and is refused like a fixed offset."""
        data = importlib.resources.files("tzdata.zoneinfo.Europe").joinpath("Zurich")
        with data.open("rb") as handle:
            zone = zoneinfo.ZoneInfo.from_file(handle)
        value = dt.datetime(2022, 1, 10, 10, tzinfo=zone)
        with pytest.raises(ValidationError) as info:
            When.from_datetime(value)
        assert ("$.when", "no-zone-name") == problem(info)

    def test_gap_time_refused(self):
        """A datetime whose wall-clock time the clocks skip is refused."""
        value = dt.datetime(2022, 3, 27, 2, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Zurich"))
        with pytest.raises(ValidationError) as info:
            When.from_datetime(value)
        assert ("$.hour", "nonexistent-time") == problem(info)

    @pytest.mark.parametrize(
        ("value", "precision", "code"),
        [
            (pendulum.datetime(2022, 1, 10, 10, 0, 0, 5), Precision.SECOND, "sub-second"),
            (pendulum.datetime(2022, 1, 10, 10, 0, 5), Precision.MINUTE, "precision-mismatch"),
            (pendulum.datetime(2022, 1, 10, 10), Precision.DAY, "invalid-precision"),
            (pendulum.datetime(2022, 1, 10, 10), "minute", "invalid-precision"),
            (pendulum.date(2022, 1, 10), Precision.SECOND, "wrong-type"),
            ("2022-01-10T10:00[UTC]", Precision.SECOND, "wrong-type"),
        ],
    )
    def test_refused(self, value, precision, code):
        """Fractions, seconds at minute precision, calendar precisions, non-datetimes: refused."""
        with pytest.raises(ValidationError) as info:
            When.from_datetime(value, precision=precision)
        assert code == problem(info)[1]


class TestToWhen:
    def test_when_passes_through(self):
        """A When is returned as it is."""
        when = When.parse("2022[UTC]")
        assert when is to_when(when)

    def test_string(self):
        """A string is parsed."""
        assert When.parse("2022-01-09[Europe/Moscow]") == to_when("2022-01-09[Europe/Moscow]")

    def test_datetime_drops_the_fraction(self):
        """An aware datetime becomes an exact When to the second."""
        value = pendulum.datetime(2022, 1, 10, 10, 0, 30, 999_999, tz="Europe/Zurich")
        assert "2022-01-10T10:00:30+01:00[Europe/Zurich]" == str(to_when(value))

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            (dt.datetime(2022, 1, 10, 10), "naive-time"),  # noqa: DTZ001 -- the case under test
            ("2022-01-10T10:00", "invalid-time"),
            (20220110, "wrong-type"),
            (None, "wrong-type"),
            (dt.date(2022, 1, 10), "wrong-type"),
        ],
    )
    def test_refused(self, value, code):
        """Naive datetimes, zone-less strings and other values are refused."""
        with pytest.raises(ValidationError) as info:
            to_when(value)
        assert code == problem(info)[1]


# -- reading the text form: the same outcomes, whichever way a When is made ----

OUTCOMES = Path(__file__).parent / "data" / "when_parse_outcomes.json"


def outcome(make: Any) -> When | tuple[str, str, str]:
    """What calling ``make()`` gives: a When, or the (path, code, message) of its one problem."""
    try:
        return make()  # type: ignore[no-any-return]
    except ValidationError as error:
        (only,) = error.problems
        return only.path, only.code, only.message


def zone_database_version() -> str | None:
    """The version of the zone database zoneinfo reads, if it can be told."""
    for root in zoneinfo.TZPATH:
        if Path(root, "UTC").is_file():
            index = Path(root, "tzdata.zi")
            if not index.is_file():
                return None
            with index.open(encoding="utf-8") as lines:
                return lines.readline().strip().removeprefix("# version ")
    import tzdata  # noqa: PLC0415 -- zoneinfo's fallback, only asked when no system zones

    return str(tzdata.IANA_VERSION)


# Days on which the clocks change: a gap (Zurich, Havana at midnight, St John's),
# a repeated hour (Zurich, Lord Howe by 30 minutes) and a day skipped whole (Apia).
CHANGE_DAYS = (
    ("Europe/Zurich", 2022, 3, 27),
    ("Europe/Zurich", 2022, 10, 30),
    ("America/Havana", 2022, 3, 13),
    ("America/St_Johns", 2022, 3, 13),
    ("Australia/Lord_Howe", 2022, 4, 3),
    ("Pacific/Apia", 2011, 12, 30),
)


@st.composite
def point_texts(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A point in the text form without offset, and the constructor's fields it names.

    The numbers lie on and just past their limits as often as within them,
    the zone is sometimes unknown, too long or left out, the time sometimes
    qualified (where it may be or not), and the day sometimes one on which
    the clocks change.
    """
    digits = st.integers(0, 99)
    if draw(st.integers(0, 4)) == 0:
        zone, year, month, day = draw(st.sampled_from(CHANGE_DAYS))
        fields: dict[str, Any] = {"zone": zone, "year": year, "month": month, "day": day}
    else:
        bad_zones = st.sampled_from(["Mars/Olympus", "utc", "", "Etc/" + "x" * MAX_ZONE_LENGTH])
        years = st.sampled_from([0, 999, 1000, 2000, 2023, 2024, 2100, 9998, 9999])
        fields = {
            "zone": draw(zones() | bad_zones | st.none()),
            "year": draw(years | st.integers(1000, 9999)),
        }
        if draw(st.booleans()):
            fields["month"] = draw(st.sampled_from([0, 1, 2, 4, 12, 13]) | digits)
            if draw(st.booleans()):
                fields["day"] = draw(st.sampled_from([0, 1, 28, 29, 30, 31, 32]) | digits)
    text = f"{fields['year']:04d}"
    if "month" in fields:
        text += f"-{fields['month']:02d}"
    if "day" in fields:
        text += f"-{fields['day']:02d}"
        if draw(st.booleans()):
            fields["part"] = draw(st.sampled_from(PartOfDay))
            text += f"T{fields['part'].value}"
        elif draw(st.booleans()):
            fields["hour"] = draw(st.sampled_from([0, 1, 2, 3, 23, 24]) | digits)
            fields["minute"] = draw(st.sampled_from([0, 30, 59, 60]) | digits)
            text += f"T{fields['hour']:02d}:{fields['minute']:02d}"
            if draw(st.booleans()):
                fields["second"] = draw(st.sampled_from([0, 59, 60]) | digits)
                text += f":{fields['second']:02d}"
    if draw(st.integers(0, 3)) == 0:
        fields["qualifier"] = draw(st.sampled_from(Qualifier))
        text += fields["qualifier"].value
    return text if fields["zone"] is None else f"{text}[{fields['zone']}]", fields


PIECES = (
    "2022", "0999", "9999", "-", "01", "02", "13", "29", "30", "T", "00", "24", ":", "59", "60",
    "morning", "night", "dusk", "+01:00", "-05:00", "+00:34:08", "+02:00", "+01:00:00",
    "[", "]", "Europe/Zurich", "UTC", "Mars/Olympus", "]/", "/", " ", "\n",
    "~", "?", "%", "..", "../", "/..",
)  # fmt: skip


class TestParseOutcomes:
    @pytest.mark.parametrize(
        ("text", "valid"),
        [
            ("2024-02-29[UTC]", True),
            ("2000-02-29[UTC]", True),
            ("2023-02-29[UTC]", False),
            ("1900-02-29[UTC]", False),
            ("2100-02-29[UTC]", False),
            ("2022-02-28[UTC]", True),
            ("2022-04-30[UTC]", True),
            ("2022-04-31[UTC]", False),
            ("2022-12-31[UTC]", True),
            ("2022-12-32[UTC]", False),
            ("2022-01-00[UTC]", False),
            ("2022-00[UTC]", False),
            ("2022-13[UTC]", False),
            ("1000-01-01[UTC]", True),
            ("0999-12-31[UTC]", False),
            ("9998-12-31[UTC]", True),
            ("9999-01-01[UTC]", False),
            ("2022-01-10T23:59:59[UTC]", True),
            ("2022-01-10T24:00[UTC]", False),
            ("2022-01-10T23:60[UTC]", False),
            ("2022-01-10T23:59:60[UTC]", False),
        ],
    )
    def test_calendar_and_clock_limits(self, text, valid):
        """Text and fields agree on month ends, leap years and the limits of years and clocks."""
        numbers = [int(number) for number in re.findall(r"\d+", text)]
        names = ("year", "month", "day", "hour", "minute", "second")[: len(numbers)]
        fields = dict(zip(names, numbers, strict=True))
        by_text = outcome(lambda: When.parse(text))
        by_fields = outcome(lambda: When(zone="UTC", **fields))
        assert (valid, by_fields) == (isinstance(by_text, When), by_text)

    def test_recorded_outcomes(self):
        """Parsing gives, for thousands of texts, what it gave before it was made faster.

        The outcomes (the printed When, or the path, code and message of the
        error) were recorded from the earlier reader: gaps and repeated hours
        in many zones, wrong and second-occurrence offsets, impossible dates,
        unknown zones, malformed text and spans. Times near a change of
        offset depend on the zone database, so the check needs the same one.
        """
        recorded = json.loads(OUTCOMES.read_text(encoding="utf-8"))
        version = zone_database_version()
        if version != recorded["zone_database"]:
            pytest.skip(f"recorded with zone database {recorded['zone_database']}, not {version}")
        differences = []
        for case in recorded["cases"]:
            expected = case["str"] if "str" in case else tuple(case["error"])
            result = outcome(lambda text=case["text"]: When.parse(text))
            actual = str(result) if isinstance(result, When) else result
            if expected != actual:
                differences.append((case["text"], expected, actual))
        assert [] == differences

    @given(point_texts())
    def test_parse_agrees_with_the_constructor(self, text_fields):
        """Text reads as its fields build: the same When, or the same problem.

        The differences are the text's: a time that occurs twice needs the
        offset that says which, where the constructor takes the first; a
        clock time without a zone does not follow the grammar of the text,
        whatever else is wrong with it.
        """
        text, fields = text_fields
        expected = outcome(lambda: When(**fields))
        actual = outcome(lambda: When.parse(text))
        if fields["zone"] is None and "hour" in fields:
            assert (tuple, "$.when", "invalid-time") == (type(expected), *actual[:2])
        elif isinstance(expected, When) and isinstance(actual, tuple):
            clock = [fields[name] for name in ("year", "month", "day", "hour", "minute")]
            wall = dt.datetime(
                *clock, fields.get("second") or 0, tzinfo=zoneinfo.ZoneInfo(fields["zone"])
            )
            occurs_twice = wall.utcoffset() != wall.replace(fold=1).utcoffset()
            assert ("$.when", "ambiguous-time", True) == (*actual[:2], occurs_twice)
        elif isinstance(expected, When):
            # The text parse keeps, where it keeps one, is the one str() writes.
            assert (expected, str(expected)) == (actual, str(actual))
        else:
            assert expected == actual

    @given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join) | st.text(max_size=40))
    def test_any_text_reads_back_or_is_refused(self, text):
        """Any text parses to a When that prints to itself read again, or is refused."""
        when = outcome(lambda: When.parse(text))
        if isinstance(when, When):
            again = When.parse(str(when))
            assert (when, str(when)) == (again, str(again))


# -- format v2: times without a zone, open bounds, qualifiers, and their edges ---------


class TestWithoutZone:
    @pytest.mark.parametrize(
        ("text", "start", "stop"),
        [
            ("2022-01-09", utc(2022, 1, 8, 10), utc(2022, 1, 10, 12)),
            ("2022-01", utc(2021, 12, 31, 10), utc(2022, 2, 1, 12)),
            ("2022", utc(2021, 12, 31, 10), utc(2023, 1, 1, 12)),
            ("2022-01-09Tevening", utc(2022, 1, 9, 4), utc(2022, 1, 10, 10)),
            ("2022-01-09Tnight", utc(2022, 1, 9, 8), utc(2022, 1, 10, 18)),
            ("2022-01-09/2022-01-13", utc(2022, 1, 8, 10), utc(2022, 1, 14, 12)),
            ("1000-01-01", utc(999, 12, 31, 10), utc(1000, 1, 2, 12)),
            ("9998-12-31Tnight", utc(9998, 12, 31, 8), utc(9999, 1, 1, 18)),
        ],
    )
    def test_widest_interval_on_earth(self, text, start, stop):
        """A date without a zone runs from its start at UTC+14 to its end at UTC-12."""
        when = When.parse(text)
        assert (start, stop, None) == (when.earliest, when.latest, when.zone)

    def test_a_day_covers_50_hours(self):
        """The 24 hours of a day, 14 before it at the date line's east and 12 after at its west."""
        day = When(zone=None, year=2022, month=1, day=9)
        assert 50 == (day.latest - day.earliest).in_hours()

    def test_zone_is_required(self):
        """Leaving the place out is said with zone=None, never by omission."""
        with pytest.raises(TypeError, match="zone"):
            When(year=2022)  # type: ignore[call-arg]

    @pytest.mark.parametrize(
        "fields",
        [
            {"hour": 10, "minute": 0},
            {"hour": 10, "minute": 0, "second": 30},
        ],
    )
    def test_clock_time_needs_a_zone(self, fields):
        """A clock time without a zone is refused, saying to give the zone of the place."""
        with pytest.raises(ValidationError, match="zone of the place") as info:
            When(zone=None, year=2022, month=1, day=10, **fields)
        assert ("$.zone", "missing-field") == problem(info)

    def test_local_start_is_read_at_utc_plus_14(self):
        """Without a zone, the local start is the first instant at UTC+14: the date's midnight."""
        start = When.parse("2022-01-09Tevening").local_start
        assert "2022-01-09T18:00:00+14:00" == start.isoformat()

    def test_not_a_naive_time(self):
        """A zone-less date is not read in the machine's zone: its interval is the same anyway."""
        expected = (utc(2022, 1, 8, 10), utc(2022, 1, 10, 12))
        day = When.parse("2022-01-09")
        assert expected == (day.earliest, day.latest)

    @given(same_days())
    def test_covers_the_same_day_in_every_zone(self, pair):
        """A day without a zone contains that day in any zone, sharing a bound at UTC+14 or -12."""
        anywhere, there = pair
        assert anywhere.contains(there)
        if there.zone == EAST:
            assert anywhere.earliest == there.earliest
        if there.zone == WEST:
            assert anywhere.latest == there.latest

    @given(same_days())
    def test_order_at_a_shared_start(self, pair):
        """Sharing its start with a day at UTC+14, the zone-less day sorts after it, as longer."""
        anywhere, there = pair
        assert (there.earliest == anywhere.earliest) == (there < anywhere)
        assert anywhere != there

    @given(calendar_days())
    def test_days_two_apart_overlap_three_apart_do_not(self, zone_day):
        """For two hours a day it is three dates on Earth at once; never four."""
        _, day = zone_day
        dates = [day + dt.timedelta(days=n) for n in range(4)]
        days = [When(zone=None, year=d.year, month=d.month, day=d.day) for d in dates]
        overlap = days[0]._span[1] - days[2]._span[0]
        assert (True, 2 * 3600, False) == (
            days[0].overlaps(days[1]),
            overlap,
            days[0].overlaps(days[3]),
        )


class TestQualifiers:
    def test_values_are_the_edtf_characters(self):
        """Each qualifier's value is the character EDTF writes after the date."""
        assert ["~", "?", "%"] == [q.value for q in Qualifier]

    @pytest.mark.parametrize(
        ("text", "start", "stop"),
        [
            ("2022-01-09~[UTC]", utc(2022, 1, 8), utc(2022, 1, 11)),
            ("2022-01-09?[UTC]", utc(2022, 1, 8), utc(2022, 1, 11)),
            ("2022-01-09%[UTC]", utc(2022, 1, 7), utc(2022, 1, 12)),
            ("2022-01~[UTC]", utc(2021, 12, 1), utc(2022, 3, 1)),
            ("2022-12%[UTC]", utc(2022, 10, 1), utc(2023, 3, 1)),
            ("2022?[UTC]", utc(2021, 1, 1), utc(2024, 1, 1)),
            ("2022-01-09~", utc(2022, 1, 7, 10), utc(2022, 1, 11, 12)),
            ("1000-01-01%[UTC]", utc(1000, 1, 1), utc(1000, 1, 4)),
            ("9998%[UTC]", utc(9996, 1, 1), utc(9999, 1, 1)),
            ("9998-12~[UTC]", utc(9998, 11, 1), utc(9999, 1, 1)),
        ],
    )
    def test_widened_by_units_of_the_precision(self, text, start, stop):
        """~ and ? widen by one unit on each side, % by two; never beyond 1000 and 9998."""
        when = When.parse(text)
        assert (start, stop) == (when.earliest, when.latest)

    @given(widened())
    def test_widening_reaches_exactly_the_bounding_units(self, trio):
        """A qualified time begins as its first unit begins and ends as its last unit ends."""
        qualified, first, last = trio
        assert (first.earliest, last.latest) == (qualified.earliest, qualified.latest)
        assert qualified.contains(first)
        assert qualified.contains(last)
        unqualified = attrs.evolve(qualified, qualifier=None)
        assert qualified.contains(unqualified)

    @pytest.mark.parametrize(
        "fields",
        [
            {"month": 1, "day": 9, "part": PartOfDay.EVENING},
            {"month": 1, "day": 9, "hour": 10, "minute": 0},
        ],
    )
    def test_only_years_months_and_days(self, fields):
        """A qualifier on a part of the day or a clock time is refused, saying why."""
        with pytest.raises(ValidationError, match="year, month or day only") as info:
            When(zone="UTC", year=2022, qualifier=Qualifier.APPROXIMATE, **fields)
        assert ("$.qualifier", "conflict") == problem(info)

    def test_wrong_type(self):
        """A qualifier must be a Qualifier, not its character."""
        with pytest.raises(ValidationError) as info:
            When(zone="UTC", year=2022, qualifier="~")  # type: ignore[arg-type]
        assert ("$.qualifier", "wrong-type") == problem(info)

    def test_both_ends_of_a_span(self):
        """The start and the end of a span each keep their qualifier."""
        span = When.parse("2022-01-09~/2022-01-13?")
        assert span.end is not None
        assert (Qualifier.APPROXIMATE, Qualifier.UNCERTAIN) == (span.qualifier, span.end.qualifier)

    def test_span_end_must_finish_after_the_widened_start(self):
        """About the 9th until the 10th is refused: the 9th~ may mean up to the end of the 10th."""
        with pytest.raises(ValidationError, match="qualified time covers") as info:
            When.parse("2022-01-09~/2022-01-10")
        assert ("$.end", "end-before-start") == problem(info)


class TestOpen:
    @pytest.mark.parametrize(
        ("text", "side", "start", "stop"),
        [
            ("../2022-01-07[Europe/Moscow]", Unbounded.BEFORE, FAR_PAST, utc(2022, 1, 7, 21)),
            ("2022-03-29[Europe/Moscow]/..", Unbounded.AFTER, utc(2022, 3, 28, 21), FAR_FUTURE),
            ("../2022-01-07", Unbounded.BEFORE, FAR_PAST, utc(2022, 1, 8, 12)),
            ("2022-03-29/..", Unbounded.AFTER, utc(2022, 3, 28, 10), FAR_FUTURE),
        ],
    )
    def test_one_bound_known(self, text, side, start, stop):
        """The fields give the known bound; the open side reaches a fixed far instant."""
        when = When.parse(text)
        assert (side, start, stop) == (when.unbounded, when.earliest, when.latest)

    def test_far_instants(self):
        """The far past and far future are fixed, documented instants in UTC."""
        assert ("0999-12-31T00:00:00+00:00", "9999-01-02T00:00:00+00:00") == (
            FAR_PAST.isoformat(),
            FAR_FUTURE.isoformat(),
        )

    @pytest.mark.parametrize(
        "text",
        ["1000-01-01T00:00+15:13:42[America/Metlakatla]", "1000-01-01", "1000~", "1000-01-01%"],
    )
    def test_far_past_is_before_every_bounded_time(self, text):
        """Even the earliest bounded time begins after the far past."""
        assert FAR_PAST < When.parse(text).earliest

    @pytest.mark.parametrize(
        "text", ["9998-12-31Tnight[Etc/GMT+12]", "9998-12-31Tnight", "9998%", "9998-12-31%"]
    )
    def test_far_future_is_after_every_bounded_time(self, text):
        """Even the latest bounded time ends before the far future."""
        assert When.parse(text).latest < FAR_FUTURE

    def test_open_bound_has_no_end(self):
        """unbounded= and end= exclude each other."""
        with pytest.raises(ValidationError, match="not both") as info:
            When(
                zone=None,
                year=2022,
                unbounded=Unbounded.BEFORE,
                end=When(zone=None, year=2023),
            )
        assert ("$.unbounded", "conflict") == problem(info)

    def test_end_cannot_be_open(self):
        """A span's end is a closed point."""
        with pytest.raises(ValidationError) as info:
            When.parse("2022").until(When.parse("2023/.."))
        assert ("$.end", "conflict") == problem(info)

    def test_wrong_type(self):
        """unbounded must be an Unbounded, not a string."""
        with pytest.raises(ValidationError) as info:
            When(zone=None, year=2022, unbounded="before")  # type: ignore[arg-type]
        assert ("$.unbounded", "wrong-type") == problem(info)

    def test_local_start_of_an_open_start(self):
        """The local start of a time open into the past is the far past, in its zone."""
        assert FAR_PAST == When.parse("../2022[Europe/Moscow]").local_start

    @given(open_at())
    def test_edges(self, trio):
        """An open time holds its bound, overlaps it, and stops short of what lies beyond it."""
        open_when, point, beyond = trio
        assert open_when.contains(point)
        assert open_when.overlaps(point)
        assert not open_when.overlaps(beyond)
        assert not beyond.overlaps(open_when)
        if open_when.unbounded is Unbounded.BEFORE:
            assert (open_when.latest, beyond.earliest) == (point.latest, open_when.latest)
            assert open_when < point < beyond
        else:
            assert (open_when.earliest, beyond.latest) == (point.earliest, open_when.earliest)
            assert beyond < point < open_when
        again = [When.parse(str(w)) for w in trio]
        assert [open_when, point, beyond] == again

    @given(whens())
    def test_open_times_bound_everything(self, when):
        """Every When lies within the far past and far future, open ones reaching them."""
        assert FAR_PAST <= when.earliest <= when.latest <= FAR_FUTURE
        assert (when.unbounded is Unbounded.BEFORE) == (when.earliest == FAR_PAST)
        assert (when.unbounded is Unbounded.AFTER) == (when.latest == FAR_FUTURE)


class TestEdges:
    @given(touching())
    def test_touching_times_neither_overlap_nor_contain(self, pair):
        """A time that ends where the next begins shares no instant with it."""
        first, second = pair
        assert first.latest == second.earliest
        assert (False, False) == (first.overlaps(second), second.overlaps(first))
        assert (False, False) == (first.contains(second), second.contains(first))

    @given(touching())
    def test_touching_times_sort_in_order(self, pair):
        """The earlier of two touching times sorts first."""
        first, second = pair
        assert (True, False) == (first < second, second < first)
        assert [first, second] == sorted([second, first])

    @given(touching())
    def test_touching_times_round_trip(self, pair):
        """Times at each other's edges print and read back unchanged."""
        assert list(pair) == [When.parse(str(w)) for w in pair]

    @given(touching(), st.integers(-1, 1))
    def test_one_second_over_overlaps(self, pair, shift):
        """Moving the boundary by a second one way overlaps, the other way leaves a gap."""
        first, second = pair
        start, stop = first._span
        moved = (start, stop + shift)
        other = second._span
        overlap = moved[0] < other[1] and other[0] < moved[1]
        assert (shift > 0) == overlap


class TestWallClockBounds:
    @pytest.mark.parametrize(
        ("text", "start", "stop"),
        [
            ("2022-01-09", clock(2022, 1, 9), clock(2022, 1, 10)),
            ("2022-01-09~", clock(2022, 1, 8), clock(2022, 1, 11)),
            ("2022-01-09Tnight", clock(2022, 1, 9, 22), clock(2022, 1, 10, 6)),
            ("2022-01/2022-03~", clock(2022, 1, 1), clock(2022, 5, 1)),
            (
                "2022-01-10T10:00+01:00[Europe/Zurich]",
                clock(2022, 1, 10, 10),
                clock(2022, 1, 10, 10, 1),
            ),
            (
                "2022-01-10T10:00:30+01:00[Europe/Zurich]",
                clock(2022, 1, 10, 10, 0, 30),
                clock(2022, 1, 10, 10, 0, 31),
            ),
        ],
    )
    def test_as_the_calendar_reads(self, text, start, stop):
        """The wall-clock bounds are the calendar's, widened by a qualifier, without a zone."""
        assert (start, stop) == wall_clock_bounds(When.parse(text))
