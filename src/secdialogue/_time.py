"""Time as a record knows it: :class:`When`, its precision, its zone (if known) and its bounds.

The layer everything else builds on. It knows nothing of meetings or actors.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import zoneinfo
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs
import pendulum

from secdialogue._checks import Rule, excerpt, fail

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

    from secdialogue.exceptions import ValidationError

__all__ = [
    "FAR_FUTURE",
    "FAR_PAST",
    "MAX_ZONE_LENGTH",
    "IsZone",
    "PartOfDay",
    "Precision",
    "Qualifier",
    "Unbounded",
    "When",
    "check_zone",
    "format_offset",
    "order_text",
    "to_when",
    "utc_seconds",
    "wall_clock_bounds",
    "wall_clock_text",
]

MAX_ZONE_LENGTH: Final = 64
"""The longest time-zone name accepted, in characters."""

MIN_YEAR: Final = 1000
"""The earliest year a :class:`When` accepts."""

MAX_YEAR: Final = 9998
"""The latest year a :class:`When` accepts (its end must still be a valid date)."""

# Names in the zone database that are not places: they depend on the machine
# ("localtime") or mean "no zone" ("Factory").
_NOT_ZONES: Final = frozenset({"Factory", "localtime", "posixrules"})


class Precision(enum.Enum):
    """How precisely a :class:`When` knows its time, coarsest first.

    .. versionadded:: 0.1.0
    """

    YEAR = "year"
    """Only the year is known, as in ``2022[Europe/Moscow]``."""
    MONTH = "month"
    """Year and month, as in ``2022-01[Europe/Moscow]``."""
    DAY = "day"
    """A calendar day in the zone, as in ``2022-01-09[Europe/Moscow]``."""
    PART_OF_DAY = "part_of_day"
    """A part of a calendar day (see :class:`PartOfDay`), as in
    ``2022-01-09Tevening[Europe/Zurich]``."""
    MINUTE = "minute"
    """A wall-clock time to the minute, as in ``2022-01-10T10:00+01:00[Europe/Zurich]``."""
    SECOND = "second"
    """A wall-clock time to the second, as in ``2022-01-10T10:00:30+01:00[Europe/Zurich]``."""


class PartOfDay(enum.Enum):
    """A named part of a day, with fixed local hour bounds.

    ========= ========================================
    part      local hours covered
    ========= ========================================
    morning   06:00 to 12:00
    afternoon 12:00 to 18:00
    evening   18:00 to 22:00
    night     22:00 to 06:00 of the *next* day
    ========= ========================================

    The hours from 00:00 to 06:00 belong to the night of the day before: "the
    night of the 9th" runs from 22:00 on the 9th to 06:00 on the 10th.

    .. versionadded:: 0.1.0
    """

    MORNING = "morning"
    """From ``06:00`` to ``12:00`` local time."""
    AFTERNOON = "afternoon"
    """From ``12:00`` to ``18:00`` local time."""
    EVENING = "evening"
    """From ``18:00`` to ``22:00`` local time."""
    NIGHT = "night"
    """From ``22:00`` to ``06:00`` local time on the next day."""

    @property
    def hours(self) -> tuple[int, int]:
        """The local hours it covers, as (start, end); 30 means ``06:00`` the next day."""
        return _PART_HOURS[self]


_PART_HOURS: Final = {
    PartOfDay.MORNING: (6, 12),
    PartOfDay.AFTERNOON: (12, 18),
    PartOfDay.EVENING: (18, 22),
    PartOfDay.NIGHT: (22, 30),
}
_DAY_ENDS: Final[dict[PartOfDay | None, dt.timedelta]] = {
    None: dt.timedelta(days=1),
    **{part: dt.timedelta(hours=end) for part, (_, end) in _PART_HOURS.items()},
}
"""How long after its day's midnight a day (None) or a part of a day ends."""


class Qualifier(enum.Enum):
    """How sure the record is of a year, month or day: EDTF's qualifiers (ISO 8601-2).

    The value is the character the text form writes right after the date,
    as EDTF does: ``2022-01-09~``, ``2022-01?[Europe/Moscow]``, ``2022%``. A
    qualified time covers more than its date: its interval is widened by
    whole units of its precision on each side (see :attr:`widening`), so
    that "about the 9th" overlaps the 8th and the 10th, and is not *surely*
    before or after either. Qualifiers apply to years, months and days only:
    a part of a day or a clock time is already as vague or as exact as the
    record says.

    .. versionadded:: 0.2.0
    """

    APPROXIMATE = "~"
    """EDTF ``~``, "about", for an estimate (the source says "around the 9th")."""
    UNCERTAIN = "?"
    """EDTF ``?``, "perhaps", for a date that may be wrong (the source is unsure of it)."""
    APPROXIMATE_AND_UNCERTAIN = "%"
    """EDTF ``%``, both at once, widened twice as far."""

    @property
    def widening(self) -> int:
        """The units of the precision the interval grows by on each side (1, 1 or 2)."""
        return 2 if self is Qualifier.APPROXIMATE_AND_UNCERTAIN else 1


class Unbounded(enum.Enum):
    """Which side of a one-sided When is open: EDTF's open intervals (``..``).

    The When's own fields give the known bound. The open side reaches a
    fixed instant just beyond every time a bounded When can mean, which
    :attr:`~secdialogue.When.earliest` or :attr:`~secdialogue.When.latest`
    returns for it: into the
    past, 0999-12-31T00:00:00Z (before the year 1000 begins anywhere, even
    at UTC+14 or in a local mean time further east); into the future,
    9999-01-02T00:00:00Z (after the year 9998 ends anywhere, even at
    UTC-12). So an open When orders, overlaps and contains like any other.

    .. versionadded:: 0.2.0
    """

    BEFORE = "before"
    """Open into the past, as ``../2022-01-07`` (at some time up to the end of the 7th)."""
    AFTER = "after"
    """Open into the future, as ``2022-03-29/..`` (at some time from the 29th on)."""


_PART_RANK: Final = {part: rank for rank, part in enumerate(PartOfDay)}
_QUALIFIER_RANK: Final = {qualifier: rank for rank, qualifier in enumerate(Qualifier)}
_QUALIFIER_BY_CHAR: Final = {qualifier.value: qualifier for qualifier in Qualifier}
_UNBOUNDED_RANK: Final = {side: rank for rank, side in enumerate(Unbounded)}
_PART_BY_NAME: Final = {part.value: part for part in PartOfDay}
_PRECISION_RANK: Final = {precision: rank for rank, precision in enumerate(Precision)}


@functools.cache
def _known_zones() -> AbstractSet[str]:
    """The zone names ``check_zone`` accepts (none is longer than the limit)."""
    names = zoneinfo.available_timezones() - _NOT_ZONES
    return frozenset(name for name in names if len(name) <= MAX_ZONE_LENGTH)


@functools.cache
def _zone(name: str) -> dt.tzinfo:
    return pendulum.timezone(name)


def check_zone(field: str, value: object) -> None:
    """Refuse ``value`` unless it names a zone in the IANA time-zone database."""
    if not isinstance(value, str):
        msg = (
            f"{field} must be an IANA time-zone name such as 'Europe/Zurich', not {excerpt(value)}"
        )
        raise fail(field=field, code="wrong-type", message=msg)
    if len(value) > MAX_ZONE_LENGTH:
        msg = f"{field} is {len(value)} characters long; zone names have at most {MAX_ZONE_LENGTH}"
        raise fail(field=field, code="too-long", message=msg)
    if value not in _known_zones():
        msg = (
            f"{field} {excerpt(value)} is not a zone in the IANA time-zone database:"
            " use a name such as 'Europe/Zurich' or 'UTC' (not an offset or abbreviation)"
        )
        raise fail(field=field, code="invalid-zone", message=msg)


@attrs.frozen
class IsZone(Rule):
    """A field rule: the name of a zone in the IANA time-zone database (see :func:`check_zone`)."""

    max_length: int = MAX_ZONE_LENGTH

    def check(self, field: str, value: object) -> None:
        check_zone(field, value)


_EPOCH: Final = dt.datetime(1970, 1, 1)  # noqa: DTZ001 -- naive: POSIX seconds count from it
_SECOND: Final = dt.timedelta(seconds=1)
_MINUTE: Final = dt.timedelta(minutes=1)

# A date without a zone may mean any of Earth's local dates: it begins first
# where clocks are furthest ahead of UTC (+14:00, Kiribati's Line Islands)
# and ends last where they are furthest behind (-12:00, Baker Island).
_EAST: Final = dt.timedelta(hours=14)
_WEST: Final = dt.timedelta(hours=-12)
_EAST_ZONE: Final = pendulum.FixedTimezone(14 * 3600)

_CALENDAR_START: Final = dt.datetime(MIN_YEAR, 1, 1)  # noqa: DTZ001 -- wall-clock time
_CALENDAR_STOP: Final = dt.datetime(MAX_YEAR + 1, 1, 1)  # noqa: DTZ001 -- wall-clock time
"""The first and last wall-clock instants of the calendar a When names; a widening stops there."""

_OPEN_START: Final = (dt.datetime(999, 12, 31) - _EPOCH) // _SECOND  # noqa: DTZ001 -- UTC
_OPEN_STOP: Final = (dt.datetime(9999, 1, 2) - _EPOCH) // _SECOND  # noqa: DTZ001 -- UTC
# Every bounded When lies strictly within these: the start of the year 1000
# is at the earliest 0999-12-31T08:46:18Z (America/Metlakatla's local mean
# time was +15:13:42), the end of 9998 at the latest 9999-01-01T18:00Z (the
# night of 31 December read at -12:00).

FAR_PAST: Final = pendulum.from_timestamp(_OPEN_START)
"""0999-12-31T00:00:00Z: the ``earliest`` of a When open into the past.

Before every instant a bounded When can mean.
"""

FAR_FUTURE: Final = pendulum.from_timestamp(_OPEN_STOP)
"""9999-01-02T00:00:00Z: the ``latest`` of a When open into the future.

After every instant a bounded When can mean.
"""


_Wall: TypeAlias = tuple[int, int, int, int, int, int]
"""A wall-clock time: year, month, day, hour, minute and second."""

_Offsets: TypeAlias = tuple[dt.timedelta, dt.timedelta]
"""A zone's UTC offsets at one wall-clock time, with fold 0 and with fold 1."""


def _offsets(zone: dt.tzinfo, wall: _Wall) -> _Offsets:
    """The zone's UTC offsets at a wall-clock time, read with fold 0 and with fold 1.

    They differ only where the clocks change around that time: in a gap or in
    a repeated hour; where they are equal the time occurs exactly once. (A
    zone reads a naive datetime's fields and fold as its wall clock: no aware
    datetime and no ``replace()`` need be made, and those are the costly
    parts.)
    """
    first = zone.utcoffset(dt.datetime(*wall))  # noqa: DTZ001 -- a wall-clock time
    second = zone.utcoffset(dt.datetime(*wall, fold=1))  # noqa: DTZ001
    assert first is not None  # noqa: S101 -- a zone has an offset at every time
    assert second is not None  # noqa: S101
    pair = (first, second)
    return _OFFSET_PAIRS.setdefault(pair, pair)


_OFFSET_PAIRS: Final[dict[_Offsets, _Offsets]] = {}
"""Each pair of offsets ``_offsets`` has given, as its own key: the exact Whens of a load
keep one tuple per distinct pair (a few hundred at most), not one each."""


def _wall(local: dt.datetime) -> _Wall:
    """A naive datetime's year, month, day, hour, minute and second."""
    return local.year, local.month, local.day, local.hour, local.minute, local.second


def _posix_seconds(local: dt.datetime, offset: dt.timedelta) -> int:
    """The POSIX seconds of a naive wall-clock time read with a UTC offset."""
    return (local - offset - _EPOCH) // _SECOND


def _utc_seconds(local: dt.datetime, zone: dt.tzinfo) -> int:
    """The instant a local wall-clock time names, in POSIX seconds, taking the first occurrence.

    A wall-clock time in a gap (the clocks jumped over it) names the end of
    the gap: the instant of the jump.
    """
    first, second = _offsets(zone, _wall(local))
    if first == second:  # the time occurs once: either offset reads it
        return _posix_seconds(local, first)
    aware = local.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)
    if aware.astimezone(zone).replace(tzinfo=None) != local:
        aware = _jump(local, zone)
    return int(aware.timestamp())


def _jump(local: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The instant (in UTC) at which the clocks jump over ``local``, a time in a gap.

    Read with the offset after the jump, ``local`` lands before the jump;
    read with the offset before it, after the jump. Between the two lies the
    jump, found to the second (the zone database counts in whole seconds).
    """
    low = local.replace(tzinfo=zone, fold=1).astimezone(dt.UTC)
    high = local.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)
    after = high.astimezone(zone).utcoffset()
    while (seconds := int((high - low).total_seconds())) > 1:
        middle = low + dt.timedelta(seconds=seconds // 2)
        if middle.astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    return high


_LAST_HOUR: Final = 23
_LAST_MINUTE: Final = 59
_LAST_SECOND: Final = 59  # leap seconds have no place in a zone's wall clock


def _out_of_range(*, field: str, value: object, top: int) -> ValidationError:
    """The error for a clock field that is not an int from 0 to ``top``."""
    msg = f"{field} must be an int from 0 to {top}, not {excerpt(value)}"
    return fail(field=field, code="invalid-time", message=msg)


# The days of each month (index 1 to 12) in a common year; February has 29 in a leap year.
_MONTH_DAYS: Final = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    """The number of days in a month of the (proleptic) Gregorian calendar."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):  # noqa: PLR2004
        return 29
    return _MONTH_DAYS[month]


@functools.total_ordering
@attrs.frozen(kw_only=True, repr=False, weakref_slot=False)
class When:
    """A point or span of time, as precisely as the record knows it, in a named zone or none.

    A When is *not* a datetime: it keeps what is known and no more. "On the
    9th, Moscow time" is a day; "the evening of the 9th, Geneva time" is a part
    of a day; "10:00 in Geneva" is a minute; "on the 9th", with no place
    given, is a day without a zone (``zone=None``). Fields finer than the
    precision are ``None``. With ``end``, the When is a span from its own
    start to the end of ``end``; with ``unbounded``, it is open on one side
    ("before the 7th", "from the 29th on"); a ``qualifier`` marks a year,
    month or day as approximate or uncertain ("about the 9th").

    Every When covers an interval of real time, ``[earliest, latest)`` in UTC:
    a day covers the 23, 24 or 25 hours of that local day, a minute covers 60
    seconds. A day without a zone covers every instant that is that date
    somewhere on Earth: 50 hours, from its start at UTC+14 to its end at
    UTC-12. A qualifier widens the interval by whole units of the precision
    (:attr:`Qualifier.widening`); an open side reaches a fixed instant
    beyond every bounded time (see :class:`Unbounded`). Any two Whens can
    therefore be compared, whatever their zones: they sort by ``earliest``,
    then ``latest``, then by their fields (a When without a zone before one
    with a zone), so the order is total and the same on every machine.
    :meth:`overlaps` and :meth:`contains` compare the intervals.

    Daylight-saving time: an exact time that falls in a gap (skipped by the
    clocks) is refused. An exact time that occurs twice is the first
    occurrence unless ``fold=1``. Calendar bounds (the start or end of a day
    or part of a day) that fall in a gap move to the end of the gap, the
    instant of the jump: a day the clocks skip entirely (Samoa, 30 December
    2011) covers no time, ``earliest == latest``.

    Args:
        zone: The IANA time-zone name the time is given in, such as
            ``"Europe/Zurich"``. The name is kept, not just an offset.
            ``None`` says the record names no place: allowed for a year,
            month, day or part of a day, never for a clock time. Required,
            so that leaving the place out is always a decision.
        year: The year, from 1000 to 9998.
        month: The month, 1 to 12.
        day: The day of the month.
        part: A part of the day; excludes ``hour``.
        hour: The hour, 0 to 23; needs ``minute``.
        minute: The minute, 0 to 59.
        second: The second, 0 to 59.
        fold: 1 to pick the second occurrence of an ambiguous exact time.
        end: The end of a span: a When in the same zone (or also without
            one), neither a span nor open itself, that finishes after this one
            starts and ends.
        qualifier: The EDTF qualifier of a year, month or day (not of a part
            of the day or a clock time).
        unbounded: Which side is open, if one is; the fields give the other
            bound. Excludes ``end``.

    Raises:
        ValidationError: If the fields do not form a valid time.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``zone`` may be ``None``; ``qualifier`` and ``unbounded`` were added.
    """

    zone: str | None
    year: int
    month: int | None = None
    day: int | None = None
    part: PartOfDay | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    fold: int = 0
    end: When | None = None
    qualifier: Qualifier | None = None
    unbounded: Unbounded | None = None

    # The checks run for every When made, so the common case is kept short:
    # `type(x) is int` (a bool is not a year) inline, messages built on failure only.

    def __attrs_post_init__(self) -> None:
        if self.zone is not None:
            check_zone("zone", self.zone)
        self._check_calendar()
        if self.hour is None:
            self._check_no_clock()
        else:
            self._check_clock()
        if self.qualifier is not None or self.unbounded is not None:
            self._check_marks()
        if self.end is not None:
            self._check_end(self.end)

    def _check_calendar(self) -> None:
        year, month, day = self.year, self.month, self.day
        if type(year) is not int or not MIN_YEAR <= year <= MAX_YEAR:
            msg = f"year must be an int from {MIN_YEAR} to {MAX_YEAR}, not {excerpt(year)}"
            raise fail(field="year", code="invalid-date", message=msg)
        if month is not None and (type(month) is not int or not 1 <= month <= 12):  # noqa: PLR2004
            msg = f"month must be an int from 1 to 12, not {excerpt(month)}"
            raise fail(field="month", code="invalid-date", message=msg)
        if day is not None:
            if month is None:
                msg = "a day needs a month: give month= too"
                raise fail(field="day", code="missing-field", message=msg)
            if type(day) is not int or not 1 <= day <= _days_in_month(year, month):
                msg = f"day {excerpt(day)} is not a day of {year}-{month:02d}"
                raise fail(field="day", code="invalid-date", message=msg)
        if self.part is not None:
            if day is None:
                msg = "a part of the day needs a day: give day= too"
                raise fail(field="part", code="missing-field", message=msg)
            if not isinstance(self.part, PartOfDay):
                msg = f"part must be a PartOfDay, not {excerpt(self.part)}"
                raise fail(field="part", code="wrong-type", message=msg)

    def _check_clock(self) -> None:
        if self.day is None:
            msg = "an exact time needs a day: give day= too"
            raise fail(field="hour", code="missing-field", message=msg)
        if self.part is not None:
            msg = "give either part= or an exact time, not both"
            raise fail(field="part", code="conflict", message=msg)
        if self.zone is None:
            msg = (
                "a clock time needs the zone of the place, such as zone='Europe/Zurich':"
                " only a year, month, day or part of a day may have zone=None"
            )
            raise fail(field="zone", code="missing-field", message=msg)
        hour, minute, second, fold = self.hour, self.minute, self.second, self.fold
        if minute is None:
            msg = "an exact time needs minute= (to the minute at least)"
            raise fail(field="minute", code="missing-field", message=msg)
        if type(hour) is not int or not 0 <= hour <= _LAST_HOUR:
            raise _out_of_range(field="hour", value=hour, top=_LAST_HOUR)
        if type(minute) is not int or not 0 <= minute <= _LAST_MINUTE:
            raise _out_of_range(field="minute", value=minute, top=_LAST_MINUTE)
        if second is not None and (type(second) is not int or not 0 <= second <= _LAST_SECOND):
            raise _out_of_range(field="second", value=second, top=_LAST_SECOND)
        if type(fold) is not int or fold not in (0, 1):
            msg = f"fold must be 0 or 1, not {excerpt(fold)}"
            raise fail(field="fold", code="invalid-fold", message=msg)
        self._check_exists()

    def _check_no_clock(self) -> None:
        if self.minute is not None or self.second is not None:
            name = "minute" if self.minute is not None else "second"
            msg = f"{name} needs hour= too"
            raise fail(field=name, code="missing-field", message=msg)
        if type(self.fold) is not int or self.fold != 0:
            msg = f"fold only applies to exact times: leave it at 0, not {excerpt(self.fold)}"
            raise fail(field="fold", code="invalid-fold", message=msg)

    def _check_marks(self) -> None:
        """Check the qualifier and the open side, where either is given."""
        qualifier, unbounded = self.qualifier, self.unbounded
        if qualifier is not None:
            if not isinstance(qualifier, Qualifier):
                msg = f"qualifier must be a Qualifier, not {excerpt(qualifier)}"
                raise fail(field="qualifier", code="wrong-type", message=msg)
            if self.part is not None or self.hour is not None:
                msg = (
                    f"a qualifier ({qualifier.value}) applies to a year, month or day only,"
                    " not to a part of the day or a clock time: leave it out, or qualify the"
                    " day alone (2022-01-09~)"
                )
                raise fail(field="qualifier", code="conflict", message=msg)
        if unbounded is not None:
            if not isinstance(unbounded, Unbounded):
                msg = f"unbounded must be an Unbounded, not {excerpt(unbounded)}"
                raise fail(field="unbounded", code="wrong-type", message=msg)
            if self.end is not None:
                msg = (
                    "a time open on one side has no end: give either unbounded= (one"
                    " bound known) or end= (both known), not both"
                )
                raise fail(field="unbounded", code="conflict", message=msg)

    def _check_exists(self) -> None:
        first, second = self._wall_offsets
        if first == second:
            if self.fold:
                local = self._naive_start()
                msg = f"{local.isoformat()} occurs only once in {self.zone}: leave fold at 0"
                raise fail(field="fold", code="invalid-fold", message=msg)
            return
        # Two offsets: the wall clock lies in a gap or in a repeated hour. It
        # exists if reading it with the first offset and back gives it again.
        zone = _zone(self.zone)
        local = self._naive_start()
        aware = local.replace(tzinfo=zone, fold=0)
        if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != local:
            after = _jump(local, zone).astimezone(zone).replace(tzinfo=None)
            msg = (
                f"{local.isoformat()} does not exist in {self.zone}: the clocks jump over it"
                f" (daylight-saving time or a change of offset) to {after.isoformat()};"
                " give a time before the jump, or from then on"
            )
            raise fail(field="hour", code="nonexistent-time", message=msg)

    def _check_end(self, end: object) -> None:
        if not isinstance(end, When):
            msg = f"end must be a When, not {excerpt(end)}"
            raise fail(field="end", code="wrong-type", message=msg)
        if end.end is not None:
            msg = "the end of a span cannot have an end of its own"
            raise fail(field="end", code="nested-span", message=msg)
        if end.unbounded is not None:
            msg = (
                "the end of a span cannot be open: give the span's known bound with"
                " unbounded= instead of an end"
            )
            raise fail(field="end", code="conflict", message=msg)
        if end.zone != self.zone:
            msg = (
                f"end is {_where(end.zone)} but the start is {_where(self.zone)}:"
                " give both in one zone"
            )
            if end.zone is None or self.zone is None:
                msg += ", or both without one"
            raise fail(field="end", code="zone-mismatch", message=msg)
        start_earliest, start_latest = self._own_span()
        end_earliest, end_latest = end._span  # noqa: SLF001 -- same class
        if end_earliest < start_earliest or end_latest <= start_latest:
            start = attrs.evolve(self, end=None)
            msg = f"the end {end} must finish after the start {start} and not begin before it"
            if start.qualifier is not None or end.qualifier is not None:
                msg += " (a qualified time covers the units around it too)"
            raise fail(field="end", code="end-before-start", message=msg)

    # -- what the When knows -------------------------------------------------

    @property
    def precision(self) -> Precision:
        """How precisely the start is known (the end may differ)."""
        if self.second is not None:
            return Precision.SECOND
        if self.minute is not None:
            return Precision.MINUTE
        if self.part is not None:
            return Precision.PART_OF_DAY
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def is_span(self) -> bool:
        """Whether this When has an ``end``."""
        return self.end is not None

    def _naive_start(self) -> dt.datetime:
        hour = self.hour if self.hour is not None else 0
        if self.part is not None:
            hour = _PART_HOURS[self.part][0]
        return dt.datetime(  # noqa: DTZ001 -- a wall-clock time, made aware by the caller
            self.year,
            self.month or 1,
            self.day or 1,
            hour,
            self.minute or 0,
            self.second or 0,
        )

    def _naive_stop(self) -> dt.datetime:
        """The wall-clock time at which a year, month, day or part of a day ends."""
        if self.month is None:
            return dt.datetime(self.year + 1, 1, 1)  # noqa: DTZ001 -- wall-clock time
        if self.day is None:
            year, month = divmod(self.year * 12 + self.month, 12)  # the next month, 0-based
            return dt.datetime(year, month + 1, 1)  # noqa: DTZ001 -- wall-clock time
        day = dt.datetime(self.year, self.month, self.day)  # noqa: DTZ001 -- wall-clock time
        return day + _DAY_ENDS[self.part]

    @functools.cached_property
    def _wall_offsets(self) -> _Offsets:
        """The zone's UTC offsets at the start's wall-clock time, with fold 0 and fold 1.

        Found once, when an exact time is checked, and reused to read and
        print its offset and to find its instant.
        """
        return _offsets(_zone(self.zone), _wall(self._naive_start()))

    def _offset(self) -> dt.timedelta:
        """The UTC offset of an exact time's wall clock."""
        return self._wall_offsets[self.fold]

    def _naive_bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The wall-clock start and stop of a calendar point, widened by its qualifier."""
        start, stop = self._naive_start(), self._naive_stop()
        qualifier = self.qualifier
        if qualifier is None:
            return start, stop
        steps = qualifier.widening
        if self.day is not None:
            steps_back = dt.timedelta(days=steps)
            return max(start - steps_back, _CALENDAR_START), min(stop + steps_back, _CALENDAR_STOP)
        unit = 12 if self.month is None else 1  # whole years or whole months
        first = self.year * 12 + (self.month or 1) - 1  # the months since the year 0
        after = first + unit
        first = max(first - steps * unit, MIN_YEAR * 12)
        after = min(after + steps * unit, (MAX_YEAR + 1) * 12)
        return _month_start(first), _month_start(after)

    @functools.cached_property
    def _span(self) -> tuple[int, int]:
        """The interval ``[earliest, latest)`` in POSIX seconds (fast to compare)."""
        if self.end is not None:
            return self._own_span()[0], self.end._span[1]  # noqa: SLF001 -- same class
        if self.unbounded is None:
            return self._own_span()
        if self.unbounded is Unbounded.BEFORE:
            return _OPEN_START, self._own_span()[1]
        return self._own_span()[0], _OPEN_STOP

    def _own_span(self) -> tuple[int, int]:
        """The interval of the point alone (``end`` and ``unbounded`` aside), in POSIX seconds."""
        if self.hour is not None:
            start = _posix_seconds(self._naive_start(), self._offset())
            return start, start + (1 if self.second is not None else 60)
        local, stop = self._naive_bounds()
        if self.zone is None:
            return _posix_seconds(local, _EAST), _posix_seconds(stop, _WEST)
        zone = _zone(self.zone)
        return _utc_seconds(local, zone), _utc_seconds(stop, zone)

    # earliest and latest are properties over cached slots: attrs turns a
    # cached_property of a slotted class into a bare slot, which has no
    # docstring for the API reference to show.

    @property
    def earliest(self) -> pendulum.DateTime:
        """The first instant this When may mean, in UTC.

        0999-12-31T00:00:00Z for a When open into the past (:attr:`Unbounded.BEFORE`).
        """
        return self._earliest

    @property
    def latest(self) -> pendulum.DateTime:
        """The first instant after this When (the interval is half-open), in UTC.

        9999-01-02T00:00:00Z for a When open into the future (:attr:`Unbounded.AFTER`).
        """
        return self._latest

    @functools.cached_property
    def _earliest(self) -> pendulum.DateTime:
        return pendulum.from_timestamp(self._span[0])

    @functools.cached_property
    def _latest(self) -> pendulum.DateTime:
        return pendulum.from_timestamp(self._span[1])

    @property
    def local_start(self) -> pendulum.DateTime:
        """The first instant this When may mean, as a wall-clock time in its zone.

        A When without a zone has no wall clock of its own: its first instant
        is shown at UTC+14, where its date begins first, so the clock reads
        the start of the date (``2022-01-09T00:00:00+14:00`` for the 9th).
        """
        zone = _EAST_ZONE if self.zone is None else self.zone
        return self.earliest.in_timezone(zone)

    @functools.cached_property
    def _key(self) -> tuple[object, ...]:
        end_key = () if self.end is None else self.end._key  # noqa: SLF001 -- same class
        return (
            *self._span,
            self.zone or "",  # no IANA name is empty: zone-less times sort first
            _PRECISION_RANK[self.precision],
            self.month or 0,
            self.day or 0,
            -1 if self.part is None else _PART_RANK[self.part],
            self.fold,
            -1 if self.qualifier is None else _QUALIFIER_RANK[self.qualifier],
            -1 if self.unbounded is None else _UNBOUNDED_RANK[self.unbounded],
            end_key,
            # Implied by the interval and the fields before, but kept so that the
            # order agrees with == by construction, not by argument.
            self.year,
            -1 if self.hour is None else self.hour,
            -1 if self.minute is None else self.minute,
            -1 if self.second is None else self.second,
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, When):
            return NotImplemented
        return self._key < other._key

    # -- relations -----------------------------------------------------------

    def overlaps(self, other: When) -> bool:
        """Whether the two intervals share any instant."""
        start, stop = self._span
        other_start, other_stop = other._span
        return start < other_stop and other_start < stop

    def contains(self, other: When) -> bool:
        """Whether ``other``'s whole interval lies within this one's."""
        start, stop = self._span
        other_start, other_stop = other._span
        return start <= other_start and other_stop <= stop

    def until(self, end: When) -> When:
        """A span from the start of this When to the end of ``end``.

        Raises:
            ValidationError: If ``end`` is in another zone, or does not finish
                after this When, or either is open.
        """
        return attrs.evolve(self, end=end)

    # -- text ----------------------------------------------------------------

    def __str__(self) -> str:
        return self._text

    @functools.cached_property
    def _text(self) -> str:
        text = self._format_point()
        if self.end is not None:
            return f"{text}/{self.end._format_point()}"  # noqa: SLF001 -- same class
        if self.unbounded is None:
            return text
        return f"../{text}" if self.unbounded is Unbounded.BEFORE else f"{text}/.."

    def __repr__(self) -> str:
        return f"When.parse({str(self)!r})"

    def _format_point(self) -> str:
        text = wall_clock_text(self, "T")
        if self.hour is not None:
            text += format_offset(self._offset())
        return text if self.zone is None else f"{text}[{self.zone}]"

    @classmethod
    def parse(cls, text: str) -> When:
        """Read a When from its text form.

        The forms, one per precision: ``2022[Europe/Moscow]``,
        ``2022-01[Europe/Moscow]``, ``2022-01-09[Europe/Moscow]``,
        ``2022-01-09Tevening[Europe/Zurich]``,
        ``2022-01-10T10:00+01:00[Europe/Zurich]`` and
        ``2022-01-10T10:00:30+01:00[Europe/Zurich]``. A year, month, day or
        part of a day may leave out the zone (``2022-01-09``: the place is
        not known); a clock time needs it. A year, month or day may carry an
        EDTF qualifier right after the date (``2022-01-09~``,
        ``2022-01?[Europe/Moscow]``). A span joins two points with ``/``;
        ``../2022-01-07`` and ``2022-03-29/..`` are open on one side. An
        exact time's offset may be left out where the wall-clock time occurs
        once; where given, it must match the zone and picks the occurrence.

        Raises:
            ValidationError: If the text is not such a time.
        """
        if not isinstance(text, str):
            msg = (
                f"a time must be a string such as '2022-01-09[Europe/Moscow]', not {excerpt(text)}"
            )
            raise fail(field="when", code="wrong-type", message=msg)
        if len(text) > _MAX_TEXT:
            msg = f"a time string has at most {_MAX_TEXT} characters"
            raise fail(field="when", code="too-long", message=msg)
        # One point, the common case, is read at once; "]/" is a zoned span's mark.
        match = None if "]/" in text else _POINT.fullmatch(text)
        if match is not None:
            when, canonical = _read_point(match, text)
        else:
            when, canonical = _parse_pair(text)
        if canonical:  # keep the text as str() would write it: no need to write it again
            _set_text(when, text)
        return when

    @classmethod
    def _unchecked(
        cls,
        zone: str | None,
        year: int,
        month: int | None,
        day: int | None,
        part: PartOfDay | None = None,
        *,
        clock: _Clock | None = None,
        qualifier: Qualifier | None = None,
    ) -> When:
        """A When (at fold 0, without end, closed) of fields known to pass every check.

        The checks are skipped, not changed: the reader of the text form calls
        this only for fields it has found to pass them (see ``_calendar_point``
        and ``_exact_point``). Each slot is set through its own descriptor, as
        ``object.__setattr__`` in attrs' own ``__init__`` would set it, only
        without looking the name up; an exact time's ``clock`` brings the
        offsets it was checked with, to fill the cached ``_wall_offsets``. The
        setters come in the order of the fields, so a field added to When
        fails here until it is set too (and the tests compare these Whens
        with the constructor's).
        """
        (
            set_zone,
            set_year,
            set_month,
            set_day,
            set_part,
            set_hour,
            set_minute,
            set_second,
            set_fold,
            set_end,
            set_qualifier,
            set_unbounded,
        ) = _FIELD_SETTERS
        self = _new_object(cls)
        set_zone(self, zone)
        set_year(self, year)
        set_month(self, month)
        set_day(self, day)
        set_part(self, part)
        set_fold(self, 0)
        set_end(self, None)
        set_qualifier(self, qualifier)
        set_unbounded(self, None)
        if clock is None:
            set_hour(self, None)
            set_minute(self, None)
            set_second(self, None)
        else:
            hour, minute, second, wall_offsets = clock
            set_hour(self, hour)
            set_minute(self, minute)
            set_second(self, second)
            _set_wall_offsets(self, wall_offsets)
        return self

    @classmethod
    def from_datetime(cls, value: dt.datetime, *, precision: Precision = Precision.SECOND) -> When:
        """The exact When of an aware datetime whose zone has an IANA name.

        Args:
            value: An aware datetime whose ``tzinfo`` is a
                :class:`zoneinfo.ZoneInfo` (pendulum's zones are), or UTC.
            precision: :attr:`Precision.SECOND` (the default) or
                :attr:`Precision.MINUTE`.

        Raises:
            ValidationError: For a naive datetime, a fixed offset or a zone
                without an IANA name, a wall-clock time the clocks skip,
                sub-second parts, seconds at minute precision, or another
                precision.
        """
        if not isinstance(value, dt.datetime):
            msg = f"expected a datetime, not {excerpt(value)}"
            raise fail(field="when", code="wrong-type", message=msg)
        zone = _zone_name(value)
        if value.microsecond:
            msg = "times are kept to the second: drop the fraction with .replace(microsecond=0)"
            raise fail(field="when", code="sub-second", message=msg)
        if precision is Precision.MINUTE:
            if value.second:
                msg = f"{value.isoformat()} has seconds, but minute precision was asked for"
                raise fail(field="when", code="precision-mismatch", message=msg)
            second = None
        elif precision is Precision.SECOND:
            second = value.second
        else:
            msg = (
                "a datetime is an exact time: use Precision.MINUTE or Precision.SECOND,"
                f" not {excerpt(precision)}"
            )
            raise fail(field="precision", code="invalid-precision", message=msg)
        return cls(
            zone=zone,
            year=value.year,
            month=value.month,
            day=value.day,
            hour=value.hour,
            minute=value.minute,
            second=second,
            fold=value.fold if _ambiguous(value) else 0,
        )


_MAX_TEXT: Final = 200

_Clock: TypeAlias = tuple[int, int, int | None, _Offsets]
"""An exact time's hour, minute, second (or None) and its wall clock's offsets at fold 0 and 1."""

_TWO_DIGITS: Final = {f"{number:02d}": number for number in range(100)}
"""The two-digit fields of the text form, read by look-up (faster than int())."""

_new_object: Final = object.__new__
_SLOTS: Final = When.__dict__
"""The class's slot descriptors (and methods), by name: a slot's ``__set__`` fills it."""
_FIELD_SETTERS: Final = tuple(_SLOTS[field.name].__set__ for field in attrs.fields(When))
"""The setter of each field's slot, in the order of the fields (see ``When._unchecked``)."""
_set_text: Final = _SLOTS["_text"].__set__
_set_wall_offsets: Final = _SLOTS["_wall_offsets"].__set__

# The pattern admits a qualifier after a part of the day or a clock time, and
# a clock time without a zone, which the grammar does not: the constructor
# and _parse_point refuse them with a message that says what to write.
_POINT = re.compile(
    r"(?P<year>\d{4})"
    r"(?:-(?P<month>\d{2})"
    r"(?:-(?P<day>\d{2})"
    r"(?:T(?:(?P<part>morning|afternoon|evening|night)"
    r"|(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?P<offset>[+-]\d{2}:\d{2}(?::\d{2})?)?))?)?)?"
    r"(?P<qualifier>[~?%])?"
    r"(?:\[(?P<zone>[^\]]*)\])?",
    re.ASCII,
)

_OPEN: Final = ".."
"""The open side of a one-sided When in the text form, as in EDTF."""


def _parse_pair(text: str) -> tuple[When, bool]:
    """The When of a text that is not one point: a span, or a point open on one side.

    The ``/`` between the two sides follows a zone (``]/``), else comes
    before any zone: zone names hold ``/`` themselves (``Europe/Moscow``).
    """
    if "]/" in text:
        start, _, stop = text.partition("]/")
        start += "]"
    else:
        bracket = text.find("[")
        slash = text.find("/", 0, len(text) if bracket < 0 else bracket)
        if slash < 0:
            return _parse_point(text)  # not a time: refused, saying what to write
        start, stop = text[:slash], text[slash + 1 :]
    if start == _OPEN:
        if stop == _OPEN:
            msg = (
                "'../..' is open on both sides: no time is known, so leave the field out"
                " (a time must know at least one bound)"
            )
            raise fail(field="when", code="invalid-time", message=msg)
        point, canonical = _parse_point(stop)
        return attrs.evolve(point, unbounded=Unbounded.BEFORE), canonical
    first, canonical = _parse_point(start)
    if stop == _OPEN:
        return attrs.evolve(first, unbounded=Unbounded.AFTER), canonical
    end, end_canonical = _parse_point(stop)
    return first.until(end), canonical and end_canonical


def _parse_point(text: str) -> tuple[When, bool]:
    """The When of one point's text, and whether the text is the canonical one.

    Every text the pattern admits is canonical but an exact time's without
    its offset, which the canonical text always gives.
    """
    match = _POINT.fullmatch(text)
    if match is None:
        msg = (
            f"{excerpt(text)} is not a time: write it like '2022-01-09',"
            " '2022-01-09[Europe/Moscow]', '2022-01-09Tevening[Europe/Zurich]' or"
            " '2022-01-10T10:00+01:00[Europe/Zurich]' (a clock time needs the zone in brackets)"
        )
        raise fail(field="when", code="invalid-time", message=msg)
    return _read_point(match, text)


_YEARS: Final[dict[str, int]] = {}
"""The year of each four digits read so far (at most 10,000): the Whens read from text
share one int object per year, where ``int()`` would keep one each."""


def _read_point(match: re.Match[str], text: str) -> tuple[When, bool]:
    """The When of one point's text that ``_POINT`` matched, and whether it is canonical."""
    # The groups in the order _POINT names them. It admits only ASCII digits
    # where numbers go, and a part of the day or a clock time only after a
    # day: the types are right, the ranges and the zone remain to be checked.
    year, month, day, part, hour, minute, second, offset, qualifier, zone = match.groups()
    number = _YEARS.setdefault(year, int(year))
    if hour is None:
        return _calendar_point(
            zone,
            number,
            None if month is None else _TWO_DIGITS[month],
            None if day is None else _TWO_DIGITS[day],
            None if part is None else _PART_BY_NAME[part],
            None if qualifier is None else _QUALIFIER_BY_CHAR[qualifier],
        ), True
    if zone is None:
        msg = (
            f"{excerpt(text)} is a clock time without a zone: add the zone of the place in"
            " brackets, as in '2022-01-10T10:00+01:00[Europe/Zurich]' (only a year, month,"
            " day or part of a day may leave the zone out)"
        )
        raise fail(field="when", code="invalid-time", message=msg)
    when = _exact_point(
        zone,
        number,
        _TWO_DIGITS[month],
        _TWO_DIGITS[day],
        hour=_TWO_DIGITS[hour],
        minute=_TWO_DIGITS[minute],
        second=None if second is None else _TWO_DIGITS[second],
        qualifier=None if qualifier is None else _QUALIFIER_BY_CHAR[qualifier],
    )
    first, later = when._wall_offsets  # noqa: SLF001 -- module-private helper
    if offset is None:
        # The constructor refused times in a gap, so two offsets mean the time occurs twice.
        if first != later:
            msg = f"{excerpt(text)} occurs twice in {when.zone}: add the UTC offset to say which"
            raise fail(field="when", code="ambiguous-time", message=msg)
        return when, False
    expected = _offset_text(first)
    if offset == expected:
        return when, True
    if offset == _offset_text(later):
        return attrs.evolve(when, fold=1), True
    msg = (
        f"{excerpt(text)}: the offset {offset} does not match {when.zone} at that time"
        f" ({expected}); correct the offset or the zone"
    )
    raise fail(field="when", code="offset-mismatch", message=msg)


# Reading the common forms fast: the fields of most time strings plainly pass
# the constructor's checks (a known zone, a date of the calendar, a clock time
# that occurs once), and the reader knows their types, which the constructor
# must check. Such fields make a When directly; all others go through the
# constructor, which says what is wrong or handles a time near a change of
# offset. The result is the same When either way, only sooner.


def _calendar_point(  # noqa: PLR0917 -- the fields of the text, in their order
    zone: str | None,
    year: int,
    month: int | None,
    day: int | None,
    part: PartOfDay | None,
    qualifier: Qualifier | None,
) -> When:
    """A year, month, day or part of a day, read from text."""
    if (
        (zone is None or zone in _known_zones())
        and _is_date(year, month, day)
        and (qualifier is None or part is None)
    ):
        return When._unchecked(zone, year, month, day, part, qualifier=qualifier)  # noqa: SLF001
    return When(zone=zone, year=year, month=month, day=day, part=part, qualifier=qualifier)


def _exact_point(
    zone: str,
    year: int,
    month: int,
    day: int,
    *,
    hour: int,
    minute: int,
    second: int | None,
    qualifier: Qualifier | None = None,
) -> When:
    """An exact time at fold 0, read from text (a qualifier, which it may not have, refused)."""
    if (
        qualifier is None
        and zone in _known_zones()
        and _is_date(year, month, day)
        and hour <= _LAST_HOUR
        and minute <= _LAST_MINUTE
        and (second is None or second <= _LAST_SECOND)
    ):
        offsets = _offsets(_zone(zone), (year, month, day, hour, minute, second or 0))
        if offsets[0] == offsets[1]:  # the time occurs once: neither skipped nor repeated
            clock = (hour, minute, second, offsets)
            return When._unchecked(zone, year, month, day, clock=clock)  # noqa: SLF001
    return When(
        zone=zone,
        year=year,
        month=month,
        day=day,
        hour=hour,
        minute=minute,
        second=second,
        qualifier=qualifier,
    )


def _is_date(year: int, month: int | None, day: int | None) -> bool:
    """Whether fields read from text name a year, month or day that a When accepts."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:  # noqa: PLR2004
        return False
    # Every month has 28 days: most days need no look at the calendar.
    return day is None or 1 <= day <= 28 or 1 <= day <= _days_in_month(year, month)  # noqa: PLR2004


@functools.cache
def _offset_text(offset: dt.timedelta) -> str:
    """``format_offset(offset)``, remembered: a zone database has few offsets."""
    return format_offset(offset)


def format_offset(offset: dt.timedelta | None, separator: str = ":") -> str:
    """A UTC offset as ``+01:00`` (with ``separator=""``: ``+0100``); seconds only if any."""
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}{separator}{minutes:02d}"
    return f"{text}{separator}{secs:02d}" if secs else text


def _ambiguous(value: dt.datetime) -> bool:
    """Whether an aware datetime's wall-clock time occurs twice in its zone."""
    first = value.replace(fold=0)
    return first.utcoffset() != value.replace(fold=1).utcoffset() and (
        first.astimezone(dt.UTC).astimezone(value.tzinfo).replace(tzinfo=None)
        == value.replace(tzinfo=None)
    )


def _zone_name(value: dt.datetime) -> str:
    tz = value.tzinfo
    if tz is None or value.utcoffset() is None:
        msg = (
            f"{value.isoformat()} is a naive datetime: say which zone it is in, for example"
            " pendulum.datetime(2022, 1, 10, 10, tz='Europe/Zurich'),"
            " or write '2022-01-10T10:00+01:00[Europe/Zurich]'"
        )
        raise fail(field="when", code="naive-time", message=msg)
    if isinstance(tz, zoneinfo.ZoneInfo) and tz.key is not None:
        return tz.key
    if tz is dt.UTC:
        return "UTC"
    msg = (
        f"{value.isoformat()} has a fixed offset ({tz!r}) but no zone name: use a zone such as"
        " ZoneInfo('Europe/Zurich') or pendulum's tz='Europe/Zurich', so the zone is kept"
    )
    raise fail(field="when", code="no-zone-name", message=msg)


def _where(zone: str | None) -> str:
    """A zone as a message names it: ``in 'Europe/Zurich'`` or ``without a zone``."""
    return "without a zone" if zone is None else f"in {zone!r}"


def _month_start(months: int) -> dt.datetime:
    """The first instant (wall clock) of a month counted from January of the year 0."""
    year, month = divmod(months, 12)
    return dt.datetime(year, month + 1, 1)  # noqa: DTZ001 -- wall-clock time


def wall_clock_bounds(when: When) -> tuple[dt.datetime, dt.datetime]:
    """The wall-clock start and stop of a bounded When as its calendar reads, without a zone.

    A qualifier's widening is included; a span runs from its start to the
    stop of its end. The caller leaves out open Whens (``unbounded``), which
    have no wall-clock bound on their open side.
    """
    if when.hour is not None:
        start = when._naive_start()  # noqa: SLF001 -- the module's own accessor
        return start, start + (_SECOND if when.second is not None else _MINUTE)
    start, stop = when._naive_bounds()  # noqa: SLF001
    if when.end is not None:
        stop = wall_clock_bounds(when.end)[1]
    return start, stop


def wall_clock_text(when: When, separator: str) -> str:
    """The start of a When as its calendar and clock read, as far as known, without the zone.

    ``separator`` comes before a part of the day or a clock time: ``"T"`` for
    the text form (``2022-01-09Tevening``), ``" "`` for people
    (``2022-01-09 evening``). A qualifier follows the date (``2022-01-09~``).
    """
    text = f"{when.year:04d}"
    if when.month is not None:
        text += f"-{when.month:02d}"
    if when.day is not None:
        text += f"-{when.day:02d}"
    if when.part is not None:
        text += f"{separator}{when.part.value}"
    if when.hour is not None:
        text += f"{separator}{when.hour:02d}:{when.minute:02d}"
        if when.second is not None:
            text += f":{when.second:02d}"
    if when.qualifier is not None:
        text += when.qualifier.value
    return text


def utc_seconds(when: When) -> tuple[int, int]:
    """A When's interval ``[earliest, latest)`` in POSIX seconds, for indexes and sorting."""
    return when._span  # noqa: SLF001 -- the module's own accessor


_ORDER_SHIFT: Final = 10**12
"""Added to POSIX seconds in :func:`order_text`, so every bound is positive (13 digits)."""


def _order_fields(key: tuple[object, ...]) -> str:
    """The text of one ``When._key``: fixed-width numbers, the zone ended by a space."""
    start, stop, zone, *small, end_key, year, hour, minute, second = key
    numbers = "".join(f"{n + 1:02d}" for n in (*small, hour, minute, second))  # type: ignore[operator]
    end = "0" if not end_key else "1" + _order_fields(end_key)  # type: ignore[arg-type]
    return f"{start + _ORDER_SHIFT:013d}{stop + _ORDER_SHIFT:013d}{zone} {numbers}{end}{year}"  # type: ignore[operator]


def order_text(when: When) -> str:
    """A text whose order (by code point, as engines compare strings) is the order of Whens.

    For tables read by engines that do not know a When: sorting by it sorts
    as ``sorted()`` sorts Whens. Every part has a fixed width but the zone
    name, which a space ends (no zone name holds one, and a space sorts
    before every character a name has), so the texts compare as the Whens'
    keys do, part by part.
    """
    return _order_fields(when._key)  # noqa: SLF001 -- the module's own accessor


def to_when(value: When | dt.datetime | str) -> When:
    """Accept a When, an aware datetime with a named zone, or a time string.

    Raises:
        ValidationError: For a naive datetime, a clock time without a zone,
            or any other value.
    """
    if isinstance(value, When):
        return value
    if isinstance(value, dt.datetime):
        return When.from_datetime(value.replace(microsecond=0))
    return When.parse(value)
