"""Type checks of the query API (pyright strict; never executed)."""

from __future__ import annotations

from typing import assert_type

from secdialogue import (
    Actor,
    ActorPosition,
    ActorQuery,
    Changes,
    Demand,
    DemandQuery,
    DemandState,
    DemandStatus,
    Dossier,
    LinkKind,
    Meeting,
    MeetingEntry,
    MeetingQuery,
    MeetingStatus,
    Outcome,
    OutcomeEntry,
    OutcomeKind,
    OutcomeQuery,
    OutcomeStage,
    Position,
    Positions,
    Role,
    Source,
    SourceQuery,
    Statement,
    StatementQuery,
    TimelineEntry,
    TimelineQuery,
)


def check(dossier: Dossier) -> None:
    # entry points are typed by what they yield
    assert_type(dossier.actors, ActorQuery)
    assert_type(dossier.meetings, MeetingQuery)
    assert_type(dossier.demands, DemandQuery)
    assert_type(dossier.statements, StatementQuery)
    assert_type(dossier.sources, SourceQuery)
    assert_type(dossier.timeline(), TimelineQuery)
    assert_type(dossier.outcomes, OutcomeQuery)

    # answers
    assert_type(dossier.meetings.first(), Meeting | None)
    assert_type(dossier.meetings.one(), Meeting)
    assert_type(dossier.statements.first(), Statement | None)
    assert_type(dossier.demands.one(), Demand)
    assert_type(dossier.actors.one(), Actor)
    assert_type(dossier.sources.first(), Source | None)
    assert_type(dossier.meetings.ids(), tuple[str, ...])
    assert_type(list(dossier.meetings), list[Meeting])
    assert_type(len(dossier.statements), int)
    assert_type(dossier.timeline().first(), TimelineEntry | None)

    # filters keep the query's type, so chains stay typed
    assert_type(
        dossier.meetings.at("Geneva").between("2022-01-10[UTC]", "2022-01-14[UTC]"), MeetingQuery
    )
    assert_type(dossier.meetings.with_status(MeetingStatus.HELD).by_time(), MeetingQuery)
    assert_type(dossier.statements.by("russia", include_affiliated=True).quotes(), StatementQuery)
    assert_type(dossier.statements.where(lambda s: s.wording.value == "quote"), StatementQuery)
    assert_type(dossier.actors.order_by(lambda a: a.name), ActorQuery)
    assert_type(dossier.demands.with_status(DemandState.OPEN).first(), Demand | None)
    assert_type(dossier.demands.linked_to("package", kind=LinkKind.PART_OF), DemandQuery)
    assert_type(dossier.timeline().of_type(MeetingEntry), TimelineQuery)
    assert_type(dossier.actors.affiliated_with("russia", at="2022-01-10[UTC]"), ActorQuery)
    assert_type(dossier.actors.top_level(at="2022-01-10[UTC]"), ActorQuery)
    assert_type(dossier.top_level_of("sergey-ryabkov", at="2022-01-10[UTC]"), tuple[str, ...])
    assert_type(dossier.timeline().of_type(OutcomeEntry, MeetingEntry), TimelineQuery)
    assert_type(dossier.meetings.involving("dostania", role=Role.HOST), MeetingQuery)
    assert_type(
        dossier.meetings.involving("dostania", role={Role.MEDIATOR, Role.OBSERVER}), MeetingQuery
    )
    assert_type(dossier.meetings.at(region="Gomel Region"), MeetingQuery)
    assert_type(
        dossier.outcomes.involving("russia", include_affiliated=True)
        .at_meeting("istanbul-2")
        .of_kind(OutcomeKind.AGREEMENT)
        .at_stage(OutcomeStage.CEASEFIRE)
        .between("2022-03[UTC]", "2022-04[UTC]")
        .on_topic("corridors"),
        OutcomeQuery,
    )
    assert_type(dossier.outcomes.first(), Outcome | None)
    assert_type(dossier.outcomes.by_time().one(), Outcome)

    # derived views
    positions = dossier.positions("no-eastward-expansion", as_of="2022-01-08[Europe/Brussels]")
    assert_type(positions, Positions)
    assert_type(positions["nato"], ActorPosition)
    assert_type(positions.get("nato"), ActorPosition | None)
    assert_type(positions["nato"].position, Position)
    assert_type(positions.status, DemandStatus)
    assert_type(dossier.status("no-bases"), DemandStatus)
    assert_type(dossier.changes("2022-01-07[UTC]", "2022-01-10[UTC]"), Changes)
    assert_type(
        dossier.changes("2022-01-07[UTC]", "2022-01-10[UTC]").meetings, tuple[Meeting, ...]
    )
    assert_type(
        dossier.changes("2022-01-07[UTC]", "2022-01-10[UTC]").outcomes, tuple[Outcome, ...]
    )


def misuse(dossier: Dossier) -> None:
    # a meeting is not a statement
    statement: Statement = dossier.meetings.one()  # type: ignore[assignment]
    # first() may be None
    first = dossier.meetings.first().id  # type: ignore[union-attr]
    # filters take entities of the right kind or ids
    dossier.statements.by(42)  # type: ignore[arg-type]
    dossier.meetings.with_status("held")  # type: ignore[arg-type]
    dossier.statements.taking("rejects")  # type: ignore[arg-type]
    dossier.demands.linked_to("package", kind="part_of")  # type: ignore[arg-type]
    # the predicate of where() takes what the query yields
    dossier.meetings.where(lambda m: m.speaker == "x")  # type: ignore[attr-defined]
    # meetings have no speaker filter, actors no time filter
    dossier.meetings.by("russia")  # type: ignore[attr-defined]
    dossier.actors.between("2022[UTC]", "2023[UTC]")  # type: ignore[attr-defined]
    # as_of must be a time
    dossier.positions("no-bases", as_of=2022)  # type: ignore[arg-type]
    # at must be a time too, and top_level takes it by keyword only
    dossier.actors.affiliated_with("russia", at=2022)  # type: ignore[arg-type]
    dossier.actors.top_level("2022[UTC]")  # type: ignore[call-arg]
    dossier.top_level_of(42)  # type: ignore[arg-type]
    # roles are Role values, kinds and stages their enums
    dossier.meetings.involving("dostania", role="host")  # type: ignore[arg-type]
    dossier.outcomes.of_kind("agreement")  # type: ignore[arg-type]
    dossier.outcomes.at_stage(OutcomeKind.AGREEMENT)  # type: ignore[arg-type]
    dossier.outcomes.by("russia")  # type: ignore[attr-defined]
    del statement, first
