"""The ``secdialogue`` command line, on the standard library's argparse.

Exit codes: 0 success (an empty result too), 1 invalid data or an unknown id,
2 usage error. Errors go to standard error in plain words, never as a
traceback. What is printed for people fits the terminal and shows characters
from the data escaped (:mod:`secdialogue._cli_output`); ``--json`` and
``--csv`` print complete, structured data.
"""

from __future__ import annotations

import argparse
import collections
import json
import pathlib
import re
import sys
from typing import TYPE_CHECKING, Any, Final, NoReturn, TextIO, TypeVar

from secdialogue._cli_output import (
    Progress,
    counted,
    counts_text,
    fit,
    heading,
    problem_lines,
    sizes,
    width,
)
from secdialogue._escape import escape
from secdialogue._format._table import VERSION
from secdialogue._kinds import KINDS
from secdialogue._model import (
    Actor,
    ActorKind,
    Demand,
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
from secdialogue._query import Query, TimedQuery
from secdialogue._time import Unbounded, When, check_zone, wall_clock_text
from secdialogue._views import DemandState
from secdialogue.exceptions import SecDialogueError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from secdialogue._cli_output import Row
    from secdialogue._dossier import Dossier
    from secdialogue._kinds import Entity, Kind
    from secdialogue._views import TimelineEntry

__all__ = ["main", "parse_time", "show_time"]

OK: Final = 0
INVALID: Final = 1
USAGE: Final = 2

_EXIT_CODES: Final = (
    "Exit codes: 0 success (an empty result too), 1 invalid data or an unknown id,\n2 usage error."
)

_EXAMPLES: Final = (
    "secdialogue timeline",
    "secdialogue timeline --since 2022-01-10 --tz Europe/Zurich",
    "secdialogue timeline talks.json --actor russia --json",
    "secdialogue positions no-nato-eastward-expansion --as-of 2022-01-08",
    "secdialogue query statements --speaker russia --affiliated --quotes",
    "secdialogue query meetings --status held --csv",
    "secdialogue query meetings --role host",
    "secdialogue show russia-us-geneva-2022-01-10",
    "secdialogue example > talks.json && secdialogue validate talks.json",
    "secdialogue convert talks.json talks.parquet",
    "secdialogue export --to ics -o talks.ics",
)
"""The examples ``--help`` shows; the tests run each of them."""

_EPILOG: Final = (
    "examples:\n"
    + "".join(f"  {example}\n" for example in _EXAMPLES)
    + """
FILE is a dossier in secdialogue's JSON format; '-' reads standard input;
without FILE the built-in January 2022 dossier is used. A time T is a bare
year, month, date or date-time (2022, 2022-01, 2022-01-10, 2022-01-10T10:00),
read in the zone --tz names (default UTC), or any other string of the
format, as the format reads it: 2022-01-10[Europe/Zurich], or
2022-01-09Tevening with no zone (that evening anywhere on Earth).
"""
    + _EXIT_CODES
)

_SINCE_HELP: Final = "keep what ends after the start of T (as between() in Python)"
_UNTIL_HELP: Final = "keep what begins before the start of T: T itself is left out"
_AS_OF_HELP: Final = "count only the statements over by the end of T (default: all)"
_TZ_HELP: Final = "the IANA zone a bare year, month, date or date-time is read in (default: UTC)"

# The widest period a When can fall in: every When begins at or after _FIRST
# (its zone has the largest offset east of UTC in the year 1000), and only a
# When of the very second _LAST, in a zone twelve hours west of UTC, begins at
# or after _LAST. A one-sided --since or --until is closed with them.
_FIRST: Final = When(zone="America/Metlakatla", year=1000)
_LAST: Final = When(zone="Etc/GMT+12", year=9998, month=12, day=31, hour=23, minute=59, second=59)


class _CommandError(Exception):
    """A failure to report in plain words, with its exit code."""

    def __init__(self, lines: Sequence[str], code: int = INVALID) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit 2 with a message of one line."""

    def error(self, message: str) -> NoReturn:
        hint = f"; `{self.prog} --help` shows the usage"
        self.exit(USAGE, f"{self.prog}: error: {escape(message)}{hint}\n")


# -- times on the command line --------------------------------------------------------

_BARE: Final = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?)?)?",
    re.ASCII,
)


def parse_time(text: str, zone: str) -> When:
    """Read a time given on the command line.

    A bare year, month, date or date-time (``2022``, ``2022-01``,
    ``2022-01-10``, ``2022-01-10T10:00``) is read in ``zone``; any other
    string of the JSON format (a zone in brackets, an open bound) is read as
    such.

    Raises:
        ValidationError: If the text is neither.
    """
    match = _BARE.fullmatch(text)
    if match is None:
        return When.parse(text)
    parts = {k: None if v is None else int(v) for k, v in match.groupdict().items()}
    return When(
        zone=zone,
        year=parts["year"] or 0,
        month=parts["month"],
        day=parts["day"],
        hour=parts["hour"],
        minute=parts["minute"],
        second=parts["second"],
    )


def _time_option(args: argparse.Namespace, name: str) -> When | None:
    text: str | None = getattr(args, name, None)
    if text is None:
        return None
    option = "--" + name.replace("_", "-")
    try:
        return parse_time(text, args.tz)
    except SecDialogueError as error:
        from secdialogue._checks import excerpt  # noqa: PLC0415 -- the error path

        if "[" in text or _BARE.fullmatch(text) is not None:
            message = error.problems[0].message
        else:
            message = (
                f"not a time: write a date or date-time such as 2022-01-10 or"
                f" 2022-01-10T10:00 (read in --tz {args.tz}), or one with its"
                " zone, such as 2022-01-10[Europe/Zurich]"
            )
        raise _CommandError([f"{option} {excerpt(text)}: {message}"], USAGE) from None


def _check_tz(args: argparse.Namespace) -> None:
    try:
        check_zone("tz", args.tz)
    except SecDialogueError as error:
        raise _CommandError([f"--tz: {error.problems[0].message}"], USAGE) from None


_Q = TypeVar("_Q", bound="TimedQuery[Any]")


def _within(query: _Q, args: argparse.Namespace) -> _Q:
    """The query narrowed by --since and --until, which mean what between() means."""
    since: When | None = args.since_when
    until: When | None = args.until_when
    if since is None and until is None:
        return query
    start, end = since or _FIRST, until or _LAST
    if end.earliest <= start.earliest:
        msg = f"nothing can match: the period from {start} up to {end} is empty"
        raise _CommandError([msg], USAGE)
    return query.between(start, end)


# -- reading dossiers --------------------------------------------------------------------


def _read(file: str | None) -> tuple[str, Dossier]:
    """The dossier named on the command line, and the name to show for it."""
    import secdialogue  # noqa: PLC0415 -- loaded when a command runs

    if file is None:
        from secdialogue.examples import january_2022  # noqa: PLC0415

        return "the built-in January 2022 dossier", january_2022()
    name = "<stdin>" if file == "-" else file
    try:
        with Progress(f"reading {name}", sys.stderr):
            if file == "-":
                return name, secdialogue.loads(sys.stdin.buffer.read())
            return name, secdialogue.load(file)
    except secdialogue.LoadError as error:
        raise _CommandError(problem_lines(name, error.problems)) from None


def _need(dossier: Dossier, ids: Iterable[str] | None, cls: type[Entity], option: str) -> None:
    """Refuse an id given for ``option`` that names no entity of ``cls``, naming close ones."""
    from secdialogue._cli_show import unknown_id  # noqa: PLC0415

    for key in ids or ():
        if not isinstance(dossier.get(key) if key in dossier else None, cls):
            raise _CommandError([f"{option}: {unknown_id(dossier, key, cls)}"])


# -- example, schema, validate ------------------------------------------------------------


def _cmd_example(args: argparse.Namespace, out: TextIO) -> int:
    del args
    import secdialogue  # noqa: PLC0415
    from secdialogue.examples import january_2022  # noqa: PLC0415

    out.write(secdialogue.dumps(january_2022()))
    return OK


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    del args
    import secdialogue  # noqa: PLC0415

    out.write(json.dumps(secdialogue.json_schema(), indent=2, ensure_ascii=False) + "\n")
    return OK


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    failures: list[str] = []
    for file in args.files:
        try:
            name, counts = _counts(file)
        except _CommandError as failure:
            failures.extend(failure.lines)
            continue
        out.write(f"{escape(name)}: valid ({counts_text(counts)})\n")
    # One line per problem, as `FILE: $.path: message`, for editors and grep.
    sys.stderr.writelines(f"{escape(line)}\n" for line in failures)
    return INVALID if failures else OK


def _counts(file: str) -> tuple[str, dict[Kind[Any], int]]:
    """The name to show for a file to validate, and how many entities of each kind it holds.

    A ``.jsonl`` file is read as JSON Lines, a line at a time; any other as
    a document.
    """
    if not file.endswith(".jsonl"):
        name, dossier = _read(file)
        return name, sizes(dossier)
    import secdialogue  # noqa: PLC0415 -- loaded when a command runs

    counts: dict[Kind[Any], int] = dict.fromkeys(KINDS, 0)
    try:
        with Progress(f"reading {file}", sys.stderr):
            collections.deque(counted(secdialogue.iter_lines(file), counts), maxlen=0)
    except secdialogue.LoadError as error:
        raise _CommandError(problem_lines(file, error.problems)) from None
    return file, counts


def _cmd_upgrade(args: argparse.Namespace, out: TextIO) -> int:
    import secdialogue  # noqa: PLC0415
    from secdialogue._format._migrate import file_version  # noqa: PLC0415

    file: str = args.file
    name = "<stdin>" if file == "-" else file
    try:
        data = sys.stdin.buffer.read() if file == "-" else pathlib.Path(file).read_bytes()
    except OSError as error:
        raise _CommandError([f"{name}: cannot read: {error.strerror or error}"]) from None
    try:
        dossier = secdialogue.loads(data)
    except secdialogue.LoadError as error:
        raise _CommandError(problem_lines(name, error.problems)) from None
    version = file_version(data)
    target = args.output or ("-" if file == "-" else file)
    if target == "-":
        out.write(secdialogue.dumps(dossier))
        return OK
    if target == file and version == VERSION:
        out.write(f"{name}: already format version {VERSION}; left as it is\n")
        return OK
    _write(
        target, secdialogue.dumps(dossier).encode(), exclusive=target != file and not args.force
    )
    out.write(f"{target}: written in format version {VERSION} (read as version {version})\n")
    return OK


def _cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    from secdialogue._cli_convert import ConvertError, convert, form_of  # noqa: PLC0415

    try:
        line = convert(
            args.source,
            args.target,
            source_form=form_of(args.source, args.source_form),
            target_form=form_of(args.target, args.target_form),
            force=args.force,
            write=lambda path, data: _write(path, data, exclusive=not args.force),
            text_out=out.write,
        )
    except ConvertError as failure:
        raise _CommandError(failure.lines) from None
    if line:
        out.write(f"{escape(line)}\n")  # it names the file as given: escaped, as errors are
    return OK


# -- showing times and entities ---------------------------------------------------------------


def show_time(when: When) -> str:
    """A When as people read it: local date and time as known, without the zone.

    A qualifier stays as EDTF writes it (``2022-01-09~``); a time open on one
    side reads ``by 2022-01-07`` (at some time no later than then) or
    ``from 2022-03-29 on``.
    """
    text = wall_clock_text(when, " ")
    if when.end is not None:
        return f"{text} to {wall_clock_text(when.end, ' ')}"
    if when.unbounded is Unbounded.BEFORE:
        return f"by {text}"
    if when.unbounded is Unbounded.AFTER:
        return f"from {text} on"
    return text


def _since(when: When) -> str:
    """Since when a position holds: ``since 2022-01-07``; an open time as show_time() says."""
    text = show_time(when)
    return text if when.unbounded is not None else f"since {text}"


def _zone_cell(when: When) -> str:
    """The zone column of a table for people: empty for a time whose place is not known."""
    return when.zone or ""


def _names(dossier: Dossier, ids: Sequence[str]) -> str:
    return ", ".join(dossier.actor(i).name for i in ids)


def _describe_meeting(dossier: Dossier, meeting: Meeting) -> str:
    title = meeting.format.value.replace("_", " ").capitalize()
    if meeting.series is not None:
        title = meeting.series + ("" if meeting.round is None else f", round {meeting.round}")
    where = "" if meeting.venue is None else f" in {meeting.venue.label}"
    status = meeting.status.value.replace("_", " ")
    if meeting.rescheduled_as is not None:
        status += f", rescheduled as {meeting.rescheduled_as}"
    return f"{title}: {_names(dossier, meeting.participants)}{where} [{status}]"


def _describe_outcome(dossier: Dossier, outcome: Outcome) -> str:
    kind = outcome.kind.value.replace("_", " ").capitalize()
    if outcome.stage is not None:
        kind += f" ({outcome.stage.value.replace('_', ' ')})"
    return f"{kind}: {_names(dossier, outcome.parties)}: {outcome.summary}"


def _describe_demand(dossier: Dossier, demand: Demand) -> str:
    maker = dossier.actor(demand.by).name
    return f"{maker} demands of {_names(dossier, demand.to)}: {demand.summary}"


def _describe_statement(dossier: Dossier, statement: Statement) -> str:
    who = _names(dossier, statement.speakers)
    if statement.on_behalf_of:
        who += f" (for {_names(dossier, statement.on_behalf_of)})"
    said = statement.text
    if statement.wording is Wording.QUOTE:
        said = f"\u201c{said}\u201d"
    text = f"{who}: {said}"
    if statement.channel is not None:
        text += f" (via {statement.channel})"
    stances = ", ".join(f"{t.position.value} {t.demand}" for t in statement.stances)
    return text + (f" [{stances}]" if stances else "")


def _describe(dossier: Dossier, entity: Entity) -> str:
    if isinstance(entity, Actor):
        roles = dict.fromkeys(m.role for m in entity.memberships if m.role is not None)
        return f"{entity.name} ({', '.join([entity.kind.value, *roles])})"
    if isinstance(entity, Meeting):
        return _describe_meeting(dossier, entity)
    if isinstance(entity, Demand):
        return _describe_demand(dossier, entity)
    if isinstance(entity, Outcome):
        return _describe_outcome(dossier, entity)
    assert isinstance(entity, Statement)  # noqa: S101 -- the kinds shown in lists
    return _describe_statement(dossier, entity)


def _time_fields(when: When) -> dict[str, str | None]:
    """A time as JSON fields: null for a zone not known and for the open side of a time."""
    return {
        "when": str(when),
        "precision": when.precision.value,
        "zone": when.zone,
        "earliest": None
        if when.unbounded is Unbounded.BEFORE
        else when.earliest.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "latest": None
        if when.unbounded is Unbounded.AFTER
        else when.latest.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _print_json(out: TextIO, value: object) -> None:
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def _print(out: TextIO, lines: Iterable[str]) -> None:
    out.writelines(f"{line}\n" for line in lines)


def _header(out: TextIO, text: str, args: argparse.Namespace) -> None:
    bounds = [
        f"{flag} {when}"
        for flag, when in (("--since", args.since_when), ("--until", args.until_when))
        if when is not None
    ]
    shown = f" ({', '.join(bounds)})" if bounds else ""
    _print(out, heading(text + shown, width()))


# -- timeline, positions, query, show ------------------------------------------------------


def _entity_of(entry: TimelineEntry) -> Meeting | Demand | Statement | Outcome:
    from secdialogue._views import DemandEntry, MeetingEntry, OutcomeEntry  # noqa: PLC0415

    if isinstance(entry, MeetingEntry):
        return entry.meeting
    if isinstance(entry, DemandEntry):
        return entry.demand
    if isinstance(entry, OutcomeEntry):
        return entry.outcome
    return entry.statement


def _roles(entity: Meeting | Demand | Statement | Outcome) -> dict[str, list[str]]:
    """The ids of the actors an entity involves, by their role in it."""
    if isinstance(entity, Meeting):
        return {role.field: list(entity.involved(role)) for role in Role}
    if isinstance(entity, Outcome):
        return {"parties": list(entity.parties), "signatories": list(entity.signatories)}
    if isinstance(entity, Demand):
        return {"by": [entity.by], "to": list(entity.to)}
    return {"speakers": list(entity.speakers), "on_behalf_of": list(entity.on_behalf_of)}


def _entry_json(entry: TimelineEntry, unstructure: Callable[[object], object]) -> object:
    entity = _entity_of(entry)
    stances = entity.stances if isinstance(entity, Statement) else ()
    return {
        "kind": entry.kind,
        "id": entry.id,
        **_time_fields(entry.when),
        "actors": _roles(entity),
        "stances": [{"demand": t.demand, "position": t.position.value} for t in stances],
        entry.kind: unstructure(entity),
    }


def _cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    name, dossier = _read(args.file)
    _need(dossier, args.actor, Actor, "--actor")
    entries = _within(dossier.timeline(), args)
    if args.actor:
        entries = entries.involving(*args.actor, include_affiliated=True)
    if args.json:
        import secdialogue  # noqa: PLC0415

        unstructure = secdialogue.make_converter().unstructure
        _print_json(out, [_entry_json(e, unstructure) for e in entries])
        return OK
    _header(out, f"timeline of {name}; times are local to each entry's zone", args)
    rows: list[Row] = []
    for entry in entries:
        fixed = (show_time(entry.when), _zone_cell(entry.when), entry.kind)
        rows.append((fixed, _describe(dossier, _entity_of(entry))))
    _print(out, fit(rows, width()))
    return OK


def _cmd_positions(args: argparse.Namespace, out: TextIO) -> int:
    import secdialogue  # noqa: PLC0415

    _, dossier = _read(args.file)
    _need(dossier, [args.demand], Demand, "DEMAND_ID")
    as_of: When | None = args.as_of_when
    result = dossier.positions(args.demand, as_of)
    if args.json:
        status = result.status
        _print_json(
            out,
            {
                "demand": secdialogue.make_converter().unstructure(result.demand),
                "as_of": None if as_of is None else str(as_of),
                "status": {
                    "state": status.state.value,
                    "rejected_by": list(status.rejected_by),
                    "accepted_by": list(status.accepted_by),
                },
                "positions": [
                    {
                        "actor": p.actor,
                        "position": p.position.value,
                        "since": str(p.since),
                        "made": None if p.made is None else str(p.made),
                        "evidence": [s.id for s in p.statements],
                    }
                    for p in result.actors
                ],
            },
        )
        return OK
    columns = width()
    moment = "latest" if as_of is None else f"as of {as_of}"
    _print(out, heading(f"{result.demand.summary} ({result.demand.id})", columns))
    _print(out, heading(f"{moment}: {result.status}", columns))
    rows: list[Row] = [
        (
            (dossier.actor(p.actor).name, p.position.value, _since(p.since)),
            ", ".join([*(["made it"] * (p.made is not None)), *(s.id for s in p.statements)]),
        )
        for p in result.actors
    ]
    _print(out, fit(rows, columns, breakable=False))
    return OK


def _cmd_query(args: argparse.Namespace, out: TextIO) -> int:
    _, dossier = _read(args.file)
    results: Sequence[Entity] = list(args.query(dossier, args))
    if args.json:
        import secdialogue  # noqa: PLC0415

        converter = secdialogue.make_converter()
        _print_json(out, [converter.unstructure(r) for r in results])
        return OK
    if args.csv:
        from secdialogue import _export  # noqa: PLC0415

        out.write(_export.table_csv(args.kind, results, dossier))
        return OK
    rows: list[Row] = []
    for entity in results:
        when = getattr(entity, "when", None)
        times = () if when is None else (show_time(when), _zone_cell(when))
        rows.append(((entity.id, *times), _describe(dossier, entity)))
    _print(out, fit(rows, width()))
    return OK


def _query_actors(dossier: Dossier, args: argparse.Namespace) -> Iterable[Entity]:
    _need(dossier, args.affiliated_with, Actor, "--affiliated-with")
    query = dossier.actors
    if args.kind_of:
        query = query.of_kind(*(ActorKind(k) for k in args.kind_of))
    if args.affiliated_with:
        query = query.affiliated_with(*args.affiliated_with)
    if args.name is not None:
        query = query.named(args.name, partial=True)
    return query.order_by(lambda a: a.id)


def _query_meetings(dossier: Dossier, args: argparse.Namespace) -> Iterable[Entity]:
    _need(dossier, args.involving, Actor, "--involving")
    if args.all and not args.involving:
        raise _CommandError(["--all narrows --involving: give --involving too"], USAGE)
    if args.round is not None and args.series is None:
        raise _CommandError(["--round narrows --series: give --series too"], USAGE)
    query = _within(dossier.meetings, args)
    roles = tuple(Role(r) for r in args.role or ())
    if args.involving:
        query = query.involving(
            *args.involving,
            require_all=args.all,
            include_affiliated=args.affiliated,
            role=roles or None,
        )
    elif roles:
        query = query.where(lambda m: bool(m.involved(*roles)))
    if args.city is not None or args.country is not None or args.region is not None:
        query = query.at(args.city, country=args.country, region=args.region)
    if args.series is not None:
        query = query.in_series(args.series, round=args.round)
    if args.status:
        query = query.with_status(*(MeetingStatus(s) for s in args.status))
    if args.format:
        query = query.with_format(*(MeetingFormat(f) for f in args.format))
    return query.by_time()


def _query_demands(dossier: Dossier, args: argparse.Namespace) -> Iterable[Entity]:
    _need(dossier, args.by, Actor, "--by")
    _need(dossier, args.to, Actor, "--to")
    query = dossier.demands
    if args.by:
        query = query.made_by(*args.by, include_affiliated=args.affiliated)
    if args.to:
        query = query.addressed_to(*args.to, include_affiliated=args.affiliated)
    if args.status:
        states = (DemandState(s) for s in args.status)
        query = query.with_status(*states, as_of=args.as_of_when)
    return query.by_time()


def _query_statements(dossier: Dossier, args: argparse.Namespace) -> Iterable[Entity]:
    _need(dossier, args.speaker, Actor, "--speaker")
    _need(dossier, args.about, Demand, "--about")
    _need(dossier, args.citing, Source, "--citing")
    query = _within(dossier.statements, args)
    if args.speaker:
        query = query.by(*args.speaker, include_affiliated=args.affiliated)
    if args.about:
        query = query.about(*args.about)
    if args.position:
        query = query.taking(*(Position(p) for p in args.position))
    if args.quotes:
        query = query.quotes()
    if args.citing:
        query = query.citing(*args.citing)
    return query.by_time()


def _query_outcomes(dossier: Dossier, args: argparse.Namespace) -> Iterable[Entity]:
    _need(dossier, args.involving, Actor, "--involving")
    _need(dossier, args.meeting, Meeting, "--meeting")
    query = _within(dossier.outcomes, args)
    if args.involving:
        query = query.involving(*args.involving, include_affiliated=args.affiliated)
    if args.meeting:
        query = query.at_meeting(*args.meeting)
    if args.kind_of:
        query = query.of_kind(*(OutcomeKind(k) for k in args.kind_of))
    if args.stage:
        query = query.at_stage(*(OutcomeStage(s) for s in args.stage))
    return query.by_time()


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    from secdialogue._cli_show import entity_rows, noun_of, unknown_id  # noqa: PLC0415

    _, dossier = _read(args.file)
    if args.id not in dossier:
        raise _CommandError([unknown_id(dossier, args.id, None)])
    entity = dossier.get(args.id)
    fields, citations, referrers = entity_rows(dossier, entity)
    columns = width()
    _print(out, heading(f"{noun_of(entity)} {entity.id}", columns))
    _print(out, fit(fields, columns))
    if citations:
        out.write("\n# citations\n")
        _print(out, fit(citations, columns))
    if referrers:
        out.write("\n# referred to by\n")
        _print(out, fit(referrers, columns))
    return OK


# -- export ----------------------------------------------------------------------------------


def _export_text(dossier: Dossier, args: argparse.Namespace) -> str:
    """The dossier in the format ``--to`` names; for CSV, the ``--table`` asked for."""
    from secdialogue import _export  # noqa: PLC0415

    if args.to == "csv":
        query: Query[Entity] = getattr(dossier, args.table)
        if isinstance(query, TimedQuery):
            query = query.by_time()
        return _export.table_csv(args.table, query, dossier)
    try:
        return _export.FORMATS[args.to].write(dossier)
    except (
        ModuleNotFoundError
    ) as error:  # an optional dependency: its message says what to install
        raise _CommandError([str(error)]) from None


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    _, dossier = _read(args.file)
    text = _export_text(dossier, args)
    if args.output is None or args.output == "-":
        out.write(text)
        return OK
    _write(args.output, text.encode(), exclusive=not args.force)
    return OK


def _write(path: str, data: bytes, *, exclusive: bool) -> None:
    """Write ``data`` to ``path`` atomically; with ``exclusive``, keep what exists there."""
    from secdialogue._files import write_atomically  # noqa: PLC0415

    try:
        write_atomically(path, data, exclusive=exclusive)
    except FileExistsError:
        msg = f"{path} exists: choose another name, or pass --force to replace it"
        raise _CommandError([msg]) from None
    except OSError as error:
        raise _CommandError([f"{path}: cannot write: {error.strerror or error}"]) from None


# -- the parser ----------------------------------------------------------------------------------


def _dossier_file(sub: _Parser) -> None:
    sub.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a dossier file, or - for standard input (default: the built-in dossier)",
    )


def _times(sub: _Parser, *names: str) -> None:
    helps = {"since": _SINCE_HELP, "until": _UNTIL_HELP, "as_of": _AS_OF_HELP}
    for name in names:
        sub.add_argument(f"--{name.replace('_', '-')}", metavar="T", dest=name, help=helps[name])
    sub.add_argument("--tz", default="UTC", metavar="ZONE", help=_TZ_HELP)


def _output(sub: _Parser, *, csv: bool = False) -> None:
    group = sub.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help="print JSON")
    if csv:
        group.add_argument("--csv", action="store_true", help="print CSV")


def _ids(sub: _Parser, flag: str, help_text: str, metavar: str = "ID") -> None:
    sub.add_argument(flag, action="append", metavar=metavar, help=f"{help_text} (repeatable)")


def _choice(sub: _Parser, flag: str, values: Iterable[str], help_text: str) -> None:
    """An option taking one of ``values`` (repeatable), listed in its help, where they wrap."""
    choices = list(values)
    sub.add_argument(
        flag,
        action="append",
        choices=choices,
        metavar=flag.removeprefix("--").upper(),
        help=f"{help_text} (repeatable): {', '.join(choices)}",
    )


def _affiliated(sub: _Parser) -> None:
    sub.add_argument(
        "--affiliated",
        action="store_true",
        help="let each actor stand for its members, by the memberships that hold at the time",
    )


def _query_parsers(query: _Parser) -> None:
    kinds = query.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser)
    kinds.required = True

    def kind(name: str, run: Callable[[Dossier, argparse.Namespace], Iterable[Entity]]) -> _Parser:
        text = f"list the {name} that pass every filter given"
        sub: _Parser = kinds.add_parser(
            name, help=f"list {name}", description=text, epilog=_EXIT_CODES
        )
        sub.set_defaults(query=run)
        _dossier_file(sub)
        _output(sub, csv=True)
        return sub

    actors = kind("actors", _query_actors)
    _choice(actors, "--kind-of", (k.value for k in ActorKind), "actors of this kind")
    _ids(actors, "--affiliated-with", "actors affiliated with this one")
    actors.add_argument("--name", help="actors whose name or an alias contains this")

    meetings = kind("meetings", _query_meetings)
    _ids(meetings, "--involving", "meetings this actor takes part in")
    meetings.add_argument(
        "--all", action="store_true", help="meetings involving every --involving"
    )
    _affiliated(meetings)
    _choice(
        meetings,
        "--role",
        (r.value for r in Role),
        "an --involving actor in this role, or without --involving anyone in it",
    )
    meetings.add_argument("--city", help="meetings in this city")
    meetings.add_argument("--region", help="meetings in this region")
    meetings.add_argument("--country", metavar="CC", help="meetings in this country (ISO code)")
    meetings.add_argument("--series", help="meetings of this series")
    meetings.add_argument("--round", type=int, help="with --series: only this round")
    _choice(meetings, "--status", (s.value for s in MeetingStatus), "meetings with this status")
    _choice(meetings, "--format", (f.value for f in MeetingFormat), "meetings of this format")
    _times(meetings, "since", "until")

    demands = kind("demands", _query_demands)
    _ids(demands, "--by", "demands this actor makes")
    _ids(demands, "--to", "demands addressed to this actor")
    _affiliated(demands)
    _choice(
        demands,
        "--status",
        (s.value for s in DemandState),
        "demands with this status, derived from the stances as of --as-of",
    )
    _times(demands, "as_of")

    statements = kind("statements", _query_statements)
    _ids(statements, "--speaker", "statements this actor makes")
    _affiliated(statements)
    _ids(statements, "--about", "statements taking a stance on this demand", "DEMAND_ID")
    _choice(
        statements, "--position", (p.value for p in Position), "statements taking this position"
    )
    statements.add_argument("--quotes", action="store_true", help="direct quotes only")
    _ids(statements, "--citing", "statements citing this source", "SOURCE_ID")
    _times(statements, "since", "until")

    outcomes = kind("outcomes", _query_outcomes)
    _ids(outcomes, "--involving", "outcomes this actor is a party to or signed")
    _affiliated(outcomes)
    _ids(outcomes, "--meeting", "outcomes of this meeting", "MEETING_ID")
    _choice(outcomes, "--kind-of", (k.value for k in OutcomeKind), "outcomes of this kind")
    _choice(outcomes, "--stage", (s.value for s in OutcomeStage), "outcomes at this stage")
    _times(outcomes, "since", "until")


def _parser() -> _Parser:
    from importlib.metadata import version  # noqa: PLC0415

    parser = _Parser(
        prog="secdialogue",
        description="Timelines, positions and queries over diplomatic security dialogues.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=version("secdialogue"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def command(name: str, help_text: str, run: Callable[..., int]) -> _Parser:
        sub: _Parser = commands.add_parser(
            name, help=help_text, description=help_text, epilog=_EXIT_CODES
        )
        sub.set_defaults(run=run)
        return sub

    timeline = command("timeline", "the chronological timeline of a dossier", _cmd_timeline)
    _dossier_file(timeline)
    timeline.add_argument(
        "--actor",
        action="append",
        metavar="ID",
        help="only entries involving this actor or its members at the time (repeatable)",
    )
    _times(timeline, "since", "until")
    _output(timeline)

    positions = command("positions", "each actor's stance on a demand", _cmd_positions)
    positions.add_argument(
        "demand", metavar="DEMAND_ID", help="the demand (`secdialogue query demands` lists them)"
    )
    _dossier_file(positions)
    _times(positions, "as_of")
    _output(positions)

    query = command("query", "list actors, meetings, demands, statements or outcomes", _cmd_query)
    _query_parsers(query)

    show = command("show", "one entity in full: fields, citations, references", _cmd_show)
    show.add_argument("id", metavar="ID", help="the id of an actor, meeting, demand, ...")
    _dossier_file(show)

    command("example", "print the built-in dossier as canonical JSON", _cmd_example)
    command("schema", "print the JSON Schema of the file format", _cmd_schema)
    validate = command("validate", "check dossier files; one line per problem", _cmd_validate)
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a dossier file (.jsonl: JSON Lines, read a line at a time), or - for stdin",
    )

    upgrade = command(
        "upgrade", f"rewrite a dossier file in format version {VERSION}", _cmd_upgrade
    )
    upgrade.add_argument(
        "file", metavar="FILE", help="a dossier file of any version, or - for standard input"
    )
    upgrade.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to OUT (- for stdout), not over FILE; what exists there is kept",
    )
    upgrade.add_argument("--force", action="store_true", help="replace what exists at OUT")

    from secdialogue._cli_convert import FORMS  # noqa: PLC0415 -- the command line only

    convert = command(
        "convert",
        "convert a dossier between a JSON document, JSON Lines and a Parquet directory",
        _cmd_convert,
    )
    convert.add_argument(
        "source", metavar="IN", help="a .json, .jsonl or Parquet directory; - for stdin"
    )
    convert.add_argument(
        "target",
        metavar="OUT",
        help="a .json or .jsonl file, or a directory (.parquet, or ending in /); - for stdout",
    )
    forms = ", ".join(FORMS)
    convert.add_argument(
        "--from",
        dest="source_form",
        choices=FORMS,
        metavar="FORM",
        help=f"IN's form, where its name does not tell: {forms}",
    )
    convert.add_argument(
        "--to",
        dest="target_form",
        choices=FORMS,
        metavar="FORM",
        help=f"OUT's form, where its name does not tell: {forms}",
    )
    convert.add_argument("--force", action="store_true", help="replace what exists at OUT")

    from secdialogue._export import FORMATS  # noqa: PLC0415 -- the command line only

    export = command(
        "export", "export to iCalendar, CSV, an SVG timeline or an HTML page", _cmd_export
    )
    _dossier_file(export)
    export.add_argument(
        "--to",
        choices=tuple(FORMATS),
        required=True,
        help="the format: " + "; ".join(f"{f.name}, {f.summary}" for f in FORMATS.values()),
    )
    tables = [kind.key for kind in KINDS if kind.cls is not Source]
    export.add_argument(
        "--table",
        choices=tables,
        default="statements",
        metavar="TABLE",
        help=f"which table --to csv writes: {', '.join(tables)} (default: statements)",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to OUT, not stdout; what exists there (a file, a link) is kept",
    )
    export.add_argument(
        "--force", action="store_true", help="replace what exists at OUT (a link: not its target)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` by default).

    Returns:
        The exit code: 0 success (an empty result too), 1 invalid data or an
        unknown id, 2 usage error.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else USAGE
    try:
        if hasattr(args, "tz"):
            _check_tz(args)
            args.since_when = _time_option(args, "since")
            args.until_when = _time_option(args, "until")
            args.as_of_when = _time_option(args, "as_of")
        code: int = args.run(args, sys.stdout)
    except _CommandError as failure:
        for line in failure.lines:  # paths and values from the command line, escaped too
            sys.stderr.write(f"secdialogue: {escape(line)}\n")
        return failure.code
    except (
        SecDialogueError
    ) as error:  # pragma: no cover -- a safety net: ids and times are checked first
        for problem in error.problems:
            sys.stderr.write(f"secdialogue: {problem.message}\n")
        return INVALID
    except BrokenPipeError:  # pragma: no cover -- e.g. `secdialogue timeline | head`
        return OK
    return code
