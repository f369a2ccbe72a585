"""The ``secdialogue`` command line, on the standard library's argparse.

Exit codes: 0 success, 1 invalid data or nothing found, 2 usage error.
Errors go to standard error in plain words, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import TYPE_CHECKING, Final, NoReturn, TextIO

from secdialogue._escape import escape
from secdialogue._kinds import KINDS
from secdialogue._model import (
    Actor,
    ActorKind,
    Demand,
    Meeting,
    MeetingStatus,
    Position,
    Statement,
    Wording,
)
from secdialogue._time import When, check_zone, wall_clock_text
from secdialogue._views import DemandState
from secdialogue.exceptions import SecDialogueError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from secdialogue._dossier import Dossier
    from secdialogue._kinds import Entity
    from secdialogue._views import TimelineEntry

__all__ = ["main"]

OK: Final = 0
INVALID: Final = 1
USAGE: Final = 2

_EPILOG: Final = """\
examples:
  secdialogue timeline                          the built-in January 2022 dossier
  secdialogue timeline --since 2022-01-10       times without a zone are read in --tz (UTC)
  secdialogue timeline talks.json --actor russia --json
  secdialogue positions nato-no-expansion --as-of 2022-01-08
  secdialogue query statements --speaker russia --affiliated --quotes --csv
  secdialogue example > talks.json && secdialogue validate talks.json
  secdialogue export talks.json --to ics -o talks.ics

FILE is a dossier in secdialogue's JSON format; '-' reads standard input; without
FILE the built-in January 2022 dossier is used. Times take the format's strings,
such as 2022-01-10[Europe/Zurich] or 2022-01-10T10:00+01:00[Europe/Zurich], or a
bare date or date-time (2022-01-10, 2022-01-10T10:00), read in the zone --tz names.
Exit codes: 0 success, 1 invalid data or nothing found, 2 usage error.
"""


class _CommandError(Exception):
    """A failure to report in plain words, with its exit code."""

    def __init__(self, lines: Sequence[str], code: int = INVALID) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors exit 2 with a short message."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: error: {message}\n")


# -- times on the command line --------------------------------------------------------

_BARE: Final = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?",
    re.ASCII,
)


def parse_time(text: str, zone: str) -> When:
    """Read a time given on the command line.

    A string of the JSON format (with its zone in brackets) is read as such;
    a bare date or date-time is read in ``zone``.

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
    try:
        return parse_time(text, args.tz)
    except SecDialogueError as error:
        message = error.problems[0].message
        option = "--" + name.replace("_", "-")
        raise _CommandError([f"{option} {text!r}: {message}"], USAGE) from None


def _check_tz(args: argparse.Namespace) -> None:
    try:
        check_zone("tz", args.tz)
    except SecDialogueError as error:
        raise _CommandError([f"--tz: {error.problems[0].message}"], USAGE) from None


# -- reading dossiers --------------------------------------------------------------------


def _read(file: str | None, stdin: TextIO) -> tuple[str, Dossier]:
    """The dossier named on the command line, and the name to show for it."""
    import secdialogue  # noqa: PLC0415 -- loaded when a command runs

    if file is None:
        from secdialogue.examples import january_2022  # noqa: PLC0415

        return "built-in January 2022 dossier", january_2022()
    try:
        if file == "-":
            return "<stdin>", secdialogue.loads(stdin.buffer.read())
        return file, secdialogue.load(file)
    except secdialogue.LoadError as error:
        name = "<stdin>" if file == "-" else file
        raise _CommandError([f"{name}: {p.path}: {p.message}" for p in error.problems]) from None


# -- commands -------------------------------------------------------------------------------


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
            name, dossier = _read(file, sys.stdin)
        except _CommandError as failure:
            failures.extend(failure.lines)
            continue
        sizes = ((len(getattr(dossier, kind.key)), kind) for kind in KINDS)
        counts = ", ".join(f"{n} {kind.plural if n != 1 else kind.noun}" for n, kind in sizes)
        out.write(f"{name}: valid ({counts})\n")
    # One line per problem, as `FILE: $.path: message`, for editors and grep.
    sys.stderr.writelines(f"{line}\n" for line in failures)
    return INVALID if failures else OK


# -- showing times and entities ---------------------------------------------------------------


def show_time(when: When) -> str:
    """A When as people read it: local date and time as known, without the zone."""
    text = wall_clock_text(when, " ")
    if when.end is not None:
        text += " to " + wall_clock_text(when.end, " ")
    return text


def _names(dossier: Dossier, ids: Sequence[str]) -> str:
    return ", ".join(dossier.actor(i).name for i in ids)


def _describe_meeting(dossier: Dossier, meeting: Meeting) -> str:
    title = meeting.format.value.replace("_", " ").capitalize()
    if meeting.series is not None:
        title = meeting.series + ("" if meeting.round is None else f", round {meeting.round}")
    where = "" if meeting.venue is None else f" in {meeting.venue.city}"
    status = meeting.status.value.replace("_", " ")
    return f"{title}: {_names(dossier, meeting.participants)}{where} [{status}]"


def _describe_demand(dossier: Dossier, demand: Demand) -> str:
    maker = dossier.actor(demand.by).name
    return f"{maker} demands of {_names(dossier, demand.to)}: {demand.summary}"


def _describe_statement(dossier: Dossier, statement: Statement) -> str:
    who = dossier.actor(statement.speaker).name
    if statement.on_behalf_of is not None:
        who += f" (for {dossier.actor(statement.on_behalf_of).name})"
    said = statement.text
    if statement.wording is Wording.QUOTE:
        said = f"\u201c{said}\u201d"
    text = f"{who}: {said}"
    if statement.channel is not None:
        text += f" (via {statement.channel})"
    stances = ", ".join(f"{t.position.value} {t.demand}" for t in statement.stances)
    return text + (f" [{stances}]" if stances else "")


def _describe(dossier: Dossier, entry: TimelineEntry) -> str:
    from secdialogue._views import MeetingEntry, StatementEntry  # noqa: PLC0415

    if isinstance(entry, MeetingEntry):
        return _describe_meeting(dossier, entry.meeting)
    if isinstance(entry, StatementEntry):
        return _describe_statement(dossier, entry.statement)
    return _describe_demand(dossier, entry.demand)


def _time_fields(when: When) -> dict[str, str]:
    return {
        "when": str(when),
        "precision": when.precision.value,
        "zone": when.zone,
        "earliest": when.earliest.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "latest": when.latest.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _print_json(out: TextIO, value: object) -> None:
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def _header(out: TextIO, name: str, args: argparse.Namespace, extra: str = "") -> None:
    bounds = [
        f"{flag} {when}"
        for flag, when in (("--since", args.since_when), ("--until", args.until_when))
        if when is not None
    ]
    read = f"; bare times read in {args.tz}" if bounds else ""
    shown = f" ({', '.join(bounds)}{read})" if bounds else ""
    out.write(f"# {name}{shown}{extra}\n")


def _period(args: argparse.Namespace) -> Callable[[When], bool]:
    """A test for times overlapping from --since (its start) to --until (its end)."""
    since: When | None = args.since_when
    until: When | None = args.until_when
    if since is not None and until is not None and until.latest <= since.earliest:
        msg = f"--until {until} ends before --since {since} begins: nothing can match"
        raise _CommandError([msg], USAGE)

    def test(when: When) -> bool:
        if since is not None and when.latest <= since.earliest:
            return False
        return until is None or when.earliest < until.latest

    return test


# -- timeline, positions, query ----------------------------------------------------------------


def _cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    name, dossier = _read(args.file, sys.stdin)
    in_period = _period(args)
    entries = dossier.timeline().where(lambda e: in_period(e.when))
    if args.actor:
        entries = entries.involving(*args.actor, include_affiliated=True)
    if args.json:
        _print_json(
            out,
            [
                {"kind": e.kind, "id": e.id, **_time_fields(e.when), "text": _describe(dossier, e)}
                for e in entries
            ],
        )
        return OK
    _header(out, f"timeline of the {name}", args, "; times are local to each entry's zone")
    for entry in entries:
        when = entry.when
        out.write(
            f"{show_time(when):<22} {when.zone:<17} {entry.kind:<9}"
            f" {escape(_describe(dossier, entry))}\n"
        )
    return OK


def _cmd_positions(args: argparse.Namespace, out: TextIO) -> int:
    _, dossier = _read(args.file, sys.stdin)
    as_of = _time_option(args, "as_of")
    result = dossier.positions(args.demand, as_of)
    if args.json:
        _print_json(
            out,
            [
                {
                    "actor": p.actor,
                    "position": p.position.value,
                    "since": str(p.since),
                    "evidence": [s.id for s in p.statements],
                }
                for p in result.actors
            ],
        )
        return OK
    moment = "latest" if as_of is None else f"as of {as_of}"
    out.write(f"# {escape(result.demand.summary)} ({result.demand.id})\n")
    out.write(f"# {moment}: {result.status}\n")
    for position in result.actors:
        evidence = ", ".join(s.id for s in position.statements)
        name = escape(dossier.actor(position.actor).name)
        out.write(
            f"{name:<24} {position.position.value:<12} since {show_time(position.since):<16}"
            f" {evidence}\n"
        )
    return OK


def _cmd_query(args: argparse.Namespace, out: TextIO) -> int:
    _, dossier = _read(args.file, sys.stdin)
    results: Sequence[Entity] = list(_QUERIES[args.kind](dossier, args))
    if args.json:
        import secdialogue  # noqa: PLC0415

        converter = secdialogue.make_converter()
        _print_json(out, [converter.unstructure(r) for r in results])
        return OK
    if args.csv:
        from secdialogue import _export  # noqa: PLC0415

        out.write(_export.table_csv(args.kind, results, dossier))
        return OK
    out.writelines(f"{entity.id:<40} {escape(_summary(dossier, entity))}\n" for entity in results)
    return OK


def _summary(dossier: Dossier, entity: Entity) -> str:
    if isinstance(entity, Actor):
        role = "" if entity.role is None else f", {entity.role}"
        return f"{entity.name} ({entity.kind.value}{role})"
    if isinstance(entity, Meeting):
        return f"{show_time(entity.when)} {entity.when.zone}: {_describe_meeting(dossier, entity)}"
    if isinstance(entity, Demand):
        return _describe_demand(dossier, entity)
    assert isinstance(entity, Statement)  # noqa: S101 -- the four query kinds
    return f"{show_time(entity.when)} {entity.when.zone}: {_describe_statement(dossier, entity)}"


def _query_actors(dossier: Dossier, args: argparse.Namespace) -> Iterable[Entity]:
    query = dossier.actors
    if args.kind_of:
        query = query.of_kind(*(ActorKind(k) for k in args.kind_of))
    if args.affiliated_with:
        query = query.affiliated_with(*args.affiliated_with)
    if args.name is not None:
        query = query.named(args.name, partial=True)
    return query.order_by(lambda a: a.id)


def _query_meetings(dossier: Dossier, args: argparse.Namespace) -> Iterable[Entity]:
    in_period = _period(args)
    query = dossier.meetings.where(lambda m: in_period(m.when))
    if args.involving:
        query = query.involving(
            *args.involving, require_all=args.all, include_affiliated=args.affiliated
        )
    if args.city is not None or args.country is not None:
        query = query.at(args.city, country=args.country)
    if args.series is not None:
        query = query.in_series(args.series, round=args.round)
    if args.status:
        query = query.with_status(*(MeetingStatus(s) for s in args.status))
    return query.by_time()


def _query_demands(dossier: Dossier, args: argparse.Namespace) -> Iterable[Entity]:
    query = dossier.demands
    if args.by:
        query = query.made_by(*args.by, include_affiliated=args.affiliated)
    if args.to:
        query = query.addressed_to(*args.to, include_affiliated=args.affiliated)
    if args.status:
        as_of = _time_option(args, "as_of")
        query = query.with_status(*(DemandState(s) for s in args.status), as_of=as_of)
    return query.by_time()


def _query_statements(dossier: Dossier, args: argparse.Namespace) -> Iterable[Entity]:
    in_period = _period(args)
    query = dossier.statements.where(lambda s: in_period(s.when))
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


_QUERIES: Final[dict[str, Callable[[Dossier, argparse.Namespace], Iterable[Entity]]]] = {
    "actors": _query_actors,
    "meetings": _query_meetings,
    "demands": _query_demands,
    "statements": _query_statements,
}


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from secdialogue import _export  # noqa: PLC0415

    _, dossier = _read(args.file, sys.stdin)
    if args.to == "ics":
        text = _export.meetings_ics(dossier)
    elif args.table == "meetings":
        text = _export.meetings_csv(dossier.meetings.by_time())
    else:
        text = _export.statements_csv(dossier.statements.by_time(), dossier)
    if args.output is None or args.output == "-":
        out.write(text)
        return OK
    _write_new(args.output, text, overwrite=args.force)
    return OK


def _write_new(path: str, text: str, *, overwrite: bool) -> None:
    from secdialogue._files import write_atomically  # noqa: PLC0415

    try:
        write_atomically(path, text.encode(), exclusive=not overwrite)
    except FileExistsError:
        msg = f"{path} exists: choose another name, or pass --force to replace it"
        raise _CommandError([msg]) from None
    except OSError as error:
        raise _CommandError([f"{path}: cannot write: {error.strerror or error}"]) from None


# -- the parser ----------------------------------------------------------------------------------


def _query_filters(query: _Parser) -> None:
    filters = query.add_argument_group("filters (each may be repeated where it takes an ID)")
    filters.add_argument("--kind-of", action="append", choices=[k.value for k in ActorKind])
    filters.add_argument("--affiliated-with", action="append", metavar="ID")
    filters.add_argument("--name", help="actors whose name or alias contains this")
    filters.add_argument("--involving", action="append", metavar="ID")
    filters.add_argument("--all", action="store_true", help="meetings involving all --involving")
    filters.add_argument("--city")
    filters.add_argument("--country", metavar="CC")
    filters.add_argument("--series")
    filters.add_argument("--round", type=int)
    filters.add_argument(
        "--status",
        action="append",
        choices=sorted({s.value for s in MeetingStatus} | {s.value for s in DemandState}),
    )
    filters.add_argument("--by", action="append", metavar="ID", help="demands made by")
    filters.add_argument("--to", action="append", metavar="ID", help="demands addressed to")
    filters.add_argument("--speaker", action="append", metavar="ID")
    filters.add_argument(
        "--affiliated",
        action="store_true",
        help="let an actor stand for everyone affiliated with it",
    )
    filters.add_argument("--about", action="append", metavar="DEMAND_ID")
    filters.add_argument("--position", action="append", choices=[p.value for p in Position])
    filters.add_argument("--quotes", action="store_true", help="direct quotes only")
    filters.add_argument("--citing", action="append", metavar="SOURCE_ID")


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
        sub: _Parser = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(run=run)
        return sub

    def times(sub: _Parser, *names: str) -> None:
        for name in names:
            sub.add_argument(f"--{name.replace('_', '-')}", metavar="T", dest=name)
        sub.add_argument(
            "--tz",
            default="UTC",
            metavar="ZONE",
            help="the IANA zone in which times without one are read (default: UTC)",
        )

    def dossier_file(sub: _Parser) -> None:
        sub.add_argument(
            "file",
            nargs="?",
            metavar="FILE",
            help="a dossier file, or - for standard input (default: the built-in dossier)",
        )

    def output(sub: _Parser, *, csv: bool = False) -> None:
        group = sub.add_mutually_exclusive_group()
        group.add_argument("--json", action="store_true", help="print JSON")
        if csv:
            group.add_argument("--csv", action="store_true", help="print CSV")

    timeline = command("timeline", "the chronological timeline of a dossier", _cmd_timeline)
    dossier_file(timeline)
    timeline.add_argument(
        "--actor",
        action="append",
        metavar="ID",
        help="only entries involving this actor or anyone affiliated with it (repeatable)",
    )
    times(timeline, "since", "until")
    output(timeline)

    positions = command("positions", "each actor's stance on a demand", _cmd_positions)
    positions.add_argument("demand", metavar="DEMAND_ID")
    dossier_file(positions)
    times(positions, "as_of")
    output(positions)

    query = command("query", "list actors, meetings, demands or statements", _cmd_query)
    query.add_argument("kind", choices=tuple(_QUERIES), metavar="{" + ",".join(_QUERIES) + "}")
    dossier_file(query)
    times(query, "since", "until", "as_of")
    output(query, csv=True)
    _query_filters(query)

    command("example", "print the built-in dossier as canonical JSON", _cmd_example)
    command("schema", "print the JSON Schema of the file format", _cmd_schema)
    validate = command("validate", "check dossier files; one line per problem", _cmd_validate)
    validate.add_argument("files", nargs="+", metavar="FILE")
    export = command("export", "export meetings as iCalendar, or a table as CSV", _cmd_export)
    export.add_argument("file", metavar="FILE")
    export.add_argument("--to", choices=("ics", "csv"), required=True)
    export.add_argument(
        "--table",
        choices=("meetings", "statements"),
        default="statements",
        help="which table --to csv writes (default: statements)",
    )
    export.add_argument("-o", "--output", metavar="OUT", help="write to OUT, not stdout")
    export.add_argument("--force", action="store_true", help="replace OUT if it exists")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` by default).

    Returns:
        The exit code: 0 success, 1 invalid data or nothing found, 2 usage error.
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
        code: int = args.run(args, sys.stdout)
    except _CommandError as failure:
        for line in failure.lines:
            sys.stderr.write(f"secdialogue: {line}\n")
        return failure.code
    except SecDialogueError as error:
        for problem in error.problems:
            sys.stderr.write(f"secdialogue: {problem.message}\n")
        return INVALID
    except BrokenPipeError:  # pragma: no cover -- e.g. `secdialogue timeline | head`
        return OK
    return code
