"""secdialogue: a typed model of diplomatic security dialogues.

Who met whom, where and when (:class:`Meeting`); who asked what of whom
(:class:`Demand`); who said what, and which position it shows
(:class:`Statement`); what came of it (:class:`Outcome`); and the parties
themselves (:class:`Actor`), kept together and checked in a :class:`Dossier`.
"""

from __future__ import annotations

from secdialogue._dossier import Dossier
from secdialogue._format._api import (
    dump,
    dump_lines,
    dumps,
    dumps_lines,
    iter_lines,
    load,
    load_lines,
    loads,
    loads_lines,
    make_converter,
)
from secdialogue._kinds import Entity
from secdialogue._model import (
    Actor,
    ActorKind,
    Citation,
    Demand,
    DemandLink,
    LinkKind,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Membership,
    Outcome,
    OutcomeKind,
    OutcomeStage,
    Place,
    Position,
    Role,
    Source,
    Stance,
    Statement,
    Wording,
)
from secdialogue._query import (
    ActorQuery,
    DemandQuery,
    MeetingQuery,
    OutcomeQuery,
    Query,
    SourceQuery,
    StatementQuery,
    TimedQuery,
    TimelineQuery,
)
from secdialogue._time import PartOfDay, Precision, Qualifier, Unbounded, When
from secdialogue._views import (
    ActorPosition,
    Changes,
    DemandEntry,
    DemandState,
    DemandStatus,
    MeetingEntry,
    OutcomeEntry,
    PositionChange,
    Positions,
    StatementEntry,
    TimelineEntry,
)
from secdialogue.exceptions import (
    IntegrityError,
    LoadError,
    NotFoundError,
    Problem,
    SecDialogueError,
    ValidationError,
)

__all__ = [
    "Actor",
    "ActorKind",
    "ActorPosition",
    "ActorQuery",
    "Changes",
    "Citation",
    "Demand",
    "DemandEntry",
    "DemandLink",
    "DemandQuery",
    "DemandState",
    "DemandStatus",
    "Dossier",
    "Entity",
    "IntegrityError",
    "LinkKind",
    "LoadError",
    "Meeting",
    "MeetingEntry",
    "MeetingFormat",
    "MeetingQuery",
    "MeetingStatus",
    "Membership",
    "NotFoundError",
    "Outcome",
    "OutcomeEntry",
    "OutcomeKind",
    "OutcomeQuery",
    "OutcomeStage",
    "PartOfDay",
    "Place",
    "Position",
    "PositionChange",
    "Positions",
    "Precision",
    "Problem",
    "Qualifier",
    "Query",
    "Role",
    "SecDialogueError",
    "Source",
    "SourceQuery",
    "Stance",
    "Statement",
    "StatementEntry",
    "StatementQuery",
    "TimedQuery",
    "TimelineEntry",
    "TimelineQuery",
    "Unbounded",
    "ValidationError",
    "When",
    "Wording",
    "dump",
    "dump_lines",
    "dumps",
    "dumps_lines",
    "iter_lines",
    "json_schema",
    "load",
    "load_lines",
    "loads",
    "loads_lines",
    "make_converter",
]


def json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of the secdialogue file format, version 2.

    Every file :func:`dumps` writes validates against it. The schema code is
    imported on the first call, not with the package.

    .. versionadded:: 0.1.0
    """
    from secdialogue._format._schema import schema  # noqa: PLC0415 -- keep the import light

    return schema()


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 -- keep the import light

        return version("secdialogue")
    msg = f"module 'secdialogue' has no attribute {name!r}"
    raise AttributeError(msg)
