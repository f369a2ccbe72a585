"""Type checks of the model, When and Dossier look-ups (pyright strict and mypy; never executed).

Lines ending in an ignore comment prove that the type checkers catch the misuse:
with warn_unused_ignores (mypy) and reportUnnecessaryTypeIgnoreComment
(pyright), an ignore that is no longer needed fails the check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import assert_type

import pendulum

from secdialogue import (
    Actor,
    ActorKind,
    Citation,
    Demand,
    Dossier,
    Entity,
    IntegrityError,
    LoadError,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Membership,
    NotFoundError,
    Outcome,
    OutcomeKind,
    OutcomeStage,
    PartOfDay,
    Place,
    Position,
    Precision,
    Problem,
    Qualifier,
    Role,
    SecDialogueError,
    Source,
    Stance,
    Statement,
    Unbounded,
    ValidationError,
    When,
    Wording,
    dump_lines,
    dumps_lines,
    iter_lines,
    load_lines,
    loads_lines,
)
from secdialogue.exceptions import Code

# -- When ----------------------------------------------------------------------

day = When(zone="Europe/Moscow", year=2022, month=1, day=9)
evening = When(zone="Europe/Zurich", year=2022, month=1, day=9, part=PartOfDay.EVENING)
talks = When.parse("2022-01-10T10:00+01:00[Europe/Zurich]")
assert_type(day, When)
assert_type(When.parse("2022[UTC]"), When)
assert_type(When.from_datetime(pendulum.now("Europe/Zurich")), When)
assert_type(When.from_datetime(dt.datetime.now(dt.UTC), precision=Precision.MINUTE), When)
assert_type(day.until(evening), When)
assert_type(day.zone, str | None)
assert_type(day.year, int)
assert_type(day.month, int | None)
assert_type(day.day, int | None)
assert_type(day.part, PartOfDay | None)
assert_type(day.hour, int | None)
assert_type(day.minute, int | None)
assert_type(day.second, int | None)
assert_type(day.fold, int)
assert_type(day.end, When | None)
assert_type(day.qualifier, Qualifier | None)
assert_type(day.unbounded, Unbounded | None)
somewhere = When(zone=None, year=2022, month=1, day=9, qualifier=Qualifier.APPROXIMATE)
before = When(zone=None, year=2022, month=1, day=7, unbounded=Unbounded.BEFORE)
assert_type(somewhere, When)
assert_type(before, When)
assert_type(Qualifier.UNCERTAIN.widening, int)
assert_type(day.precision, Precision)
assert_type(day.is_span, bool)
assert_type(day.earliest, pendulum.DateTime)
assert_type(day.latest, pendulum.DateTime)
assert_type(day.local_start, pendulum.DateTime)
assert_type(day.overlaps(evening), bool)
assert_type(day.contains(evening), bool)
assert_type(day < evening, bool)
assert_type(day <= evening, bool)
assert_type(sorted([day, evening, talks]), list[When])
assert_type(str(day), str)
assert_type(PartOfDay.NIGHT.hours, tuple[int, int])

day.year = 2023  # type: ignore[misc]
When(zone="Europe/Zurich", year="2022")  # type: ignore[arg-type]
When(zone="Europe/Zurich", year=2022, part="evening")  # type: ignore[arg-type]
When("Europe/Zurich", 2022)  # type: ignore[call-arg]
When.parse(20220109)  # type: ignore[arg-type]
day.until("2022-01-10[Europe/Moscow]")  # type: ignore[arg-type]
When.from_datetime(talks)  # type: ignore[arg-type]
When(year=2022)  # type: ignore[call-arg]
When(zone=None, year=2022, qualifier="~")  # type: ignore[arg-type]
When(zone=None, year=2022, unbounded="before")  # type: ignore[arg-type]

# -- the model -------------------------------------------------------------------

geneva = Place(city="Geneva", country="CH", zone="Europe/Zurich")
cite = Citation(source="article", excerpt="no concessions")
mfa = Membership(organization="russia", role="Deputy Foreign Minister", when=day)
ryabkov = Actor(
    id="sergey-ryabkov",
    kind=ActorKind.PERSON,
    name="Sergey Ryabkov",
    aliases=("Ryabukov",),
    memberships=(mfa,),
    wikidata="Q4394526",
    sources=(cite,),
)
meeting = Meeting(
    id="geneva-ssd",
    participants=("russia", "usa"),
    when=talks,
    format=MeetingFormat.BILATERAL_TALKS,
    status=MeetingStatus.HELD,
    heads=("sergey-ryabkov",),
    venue=geneva,
    series="Strategic Stability Dialogue",
    round=1,
)
demand = Demand(id="guarantees", by="russia", to=("usa", "nato"), summary="No expansion.")
stance = Stance(demand="guarantees", position=Position.ADVANCES, note=None)
statement = Statement(
    id="no-concessions",
    speakers=("sergey-ryabkov",),
    when=day,
    text="No concessions.",
    wording=Wording.QUOTE,
    stances=(stance,),
)
source = Source(id="article", title="Talks", url="https://example.org", published=day)
region = Place(country="BY", region="Gomel Region")
postponed = Meeting(
    id="istanbul-1",
    participants=("arvenia", "belmora"),
    when=day,
    format=MeetingFormat.MULTILATERAL_TALKS,
    status=MeetingStatus.POSTPONED,
    rescheduled_as="istanbul-2",
    hosts=("dostania",),
    mediators=("dora-dost",),
    observers=("concord",),
    venue=region,
)
truce = Outcome(
    id="truce",
    kind=OutcomeKind.AGREEMENT,
    summary="A truce.",
    when=day,
    stage=OutcomeStage.CEASEFIRE,
    meeting="istanbul-2",
    parties=("arvenia", "belmora"),
    signatories=("ada-arven",),
    demands=("guarantees",),
)

assert_type(geneva.zone, str | None)
assert_type(geneva.venue, str | None)
assert_type(geneva.country, str)
assert_type(region.region, str | None)
assert_type(region.city, str | None)
assert_type(region.label, str)
assert_type(str(region), str)
assert_type(postponed.rescheduled_as, str | None)
assert_type(postponed.hosts, tuple[str, ...])
assert_type(postponed.mediators, tuple[str, ...])
assert_type(postponed.observers, tuple[str, ...])
assert_type(postponed.involved(), tuple[str, ...])
assert_type(postponed.involved(Role.HOST, Role.MEDIATOR), tuple[str, ...])
assert_type(Role.HOST.field, str)
assert_type(truce.kind, OutcomeKind)
assert_type(truce.stage, OutcomeStage | None)
assert_type(truce.when, When)
assert_type(truce.meeting, str | None)
assert_type(truce.parties, tuple[str, ...])
assert_type(truce.signatories, tuple[str, ...])
assert_type(truce.demands, tuple[str, ...])
assert_type(truce.involved(), tuple[str, ...])
assert_type(cite.excerpt, str | None)
assert_type(ryabkov.id, str)
assert_type(ryabkov.kind, ActorKind)
assert_type(ryabkov.aliases, tuple[str, ...])
assert_type(ryabkov.memberships, tuple[Membership, ...])
assert_type(mfa.organization, str)
assert_type(mfa.role, str | None)
assert_type(mfa.when, When | None)
assert_type(mfa.sources, tuple[Citation, ...])
assert_type(ryabkov.iso3, str | None)
assert_type(ryabkov.sources, tuple[Citation, ...])
assert_type(meeting.participants, tuple[str, ...])
assert_type(meeting.when, When)
assert_type(meeting.format, MeetingFormat)
assert_type(meeting.status, MeetingStatus)
assert_type(meeting.venue, Place | None)
assert_type(meeting.round, int | None)
assert_type(meeting.topics, tuple[str, ...])
assert_type(demand.by, str)
assert_type(demand.to, tuple[str, ...])
assert_type(demand.when, When | None)
assert_type(stance.position, Position)
assert_type(stance.note, str | None)
assert_type(Position.REJECTS.plover, str | None)
assert_type(statement.speakers, tuple[str, ...])
assert_type(statement.principals, tuple[str, ...])
assert_type(statement.wording, Wording)
assert_type(statement.stances, tuple[Stance, ...])
assert_type(statement.on_behalf_of, tuple[str, ...])
assert_type(statement.place, Place | None)
assert_type(source.published, When | None)

ryabkov.name = "Ryabukov"  # type: ignore[misc]
meeting.when = evening  # type: ignore[misc]
Statement(
    id=7,  # type: ignore[arg-type]
    speakers=("sergey-ryabkov",),
    when=day,
    text="No concessions.",
    wording=Wording.QUOTE,
)
Statement(
    id="s",
    speakers=("sergey-ryabkov",),
    when="2022-01-09[Europe/Moscow]",  # type: ignore[arg-type]
    text="No concessions.",
    wording=Wording.QUOTE,
)
Meeting(
    id="m",
    participants=("russia",),
    when=talks,
    format=MeetingFormat.CALL,
    status=MeetingFormat.CALL,  # type: ignore[arg-type]
)
Demand(id="d", by=1, to=("usa",), summary="x")  # type: ignore[arg-type]
Demand(id="d", by="russia", to=["usa"], summary="x")  # type: ignore[arg-type]
Stance(demand="d", position="rejects")  # type: ignore[arg-type]
Actor(id="x", kind=ActorKind.STATE)  # type: ignore[call-arg]
Actor(id="x", kind=ActorKind.PERSON, name="X", memberships=("russia",))  # type: ignore[arg-type]
Membership(organization="russia", when="2022[UTC]")  # type: ignore[arg-type]
Place("Geneva", "CH", "Europe/Zurich")  # type: ignore[call-arg]
Place(city="Geneva")  # type: ignore[call-arg]
postponed.involved("host")  # type: ignore[arg-type]
Outcome(id="o", kind="agreement", summary="x", when=day, parties=("a",))  # type: ignore[arg-type]
Outcome(id="o", kind=OutcomeKind.AGREEMENT, summary="x", when=day)  # type: ignore[call-arg]

# -- the dossier -------------------------------------------------------------------

dossier = Dossier(actors=[ryabkov], meetings=(meeting,), statements=[statement])
assert_type(dossier, Dossier)
assert_type(dossier.get("geneva-ssd"), Entity)
assert_type(dossier.actor("sergey-ryabkov"), Actor)
assert_type(dossier.meeting("geneva-ssd"), Meeting)
assert_type(dossier.demand("guarantees"), Demand)
assert_type(dossier.statement("no-concessions"), Statement)
assert_type(dossier.source("article"), Source)
assert_type(dossier.outcome("truce"), Outcome)
assert_type(dossier.merge(dossier), Dossier)
assert_type("geneva-ssd" in dossier, bool)

dossier.actor(7)  # type: ignore[arg-type]
dossier.merge([ryabkov])  # type: ignore[arg-type]
Dossier(actors=[meeting])  # type: ignore[list-item]

# -- JSON Lines --------------------------------------------------------------------

assert_type(dumps_lines(dossier), str)
assert_type(loads_lines(b"", max_size=1024), Dossier)
assert_type(load_lines("d.jsonl"), Dossier)
assert_type(dump_lines(dossier, "d.jsonl"), None)
assert_type(iter_lines("d.jsonl", max_line=1024), Iterator[Entity])
dumps_lines(ryabkov)  # type: ignore[arg-type]
loads_lines(b"", 1024)  # type: ignore[call-arg]
iter_lines("d.jsonl", max_line="1")  # type: ignore[arg-type]

# -- errors ------------------------------------------------------------------------


def handle(error: SecDialogueError) -> None:
    assert_type(error.problems, tuple[Problem, ...])
    assert_type(error.problems[0].path, str)
    assert_type(error.problems[0].code, Code)


problem = Problem(path="$.when", code="invalid-zone", message="unknown zone")
assert_type(ValidationError([problem]), ValidationError)
assert_type(IntegrityError([problem]), IntegrityError)
assert_type(LoadError([problem]), LoadError)
assert_type(NotFoundError([problem]), NotFoundError)
problem.code = "x"  # type: ignore[misc, assignment]
