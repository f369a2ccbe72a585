"""The dossier model written the way a user of msgspec or of pydantic would write it.

The same classes, fields, field order, defaults and enums as secdialogue's
model, with one difference: a time is a plain aware ``datetime`` (its start,
as RFC 3339 text with the UTC offset, such as ``"2022-01-10T10:00:00+01:00"``)
instead of a :class:`secdialogue.When`. That is what each library offers:
neither has a type for "a day in Moscow" or "the evening of the 9th in
Geneva", and neither keeps the zone's name. Both are strict where that is
cheap (unknown keys refused, no coercion in pydantic) and neither checks ids,
texts, zones or references between entities, which secdialogue does.

``rival_json(dossier)`` is the JSON both decode: the v1 document with each
time replaced by that datetime, compact (no indentation). ``to_rival`` makes
that change in place on an already parsed document, and ``rival_text`` writes
it, for data too large to hold twice.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 -- msgspec and pydantic resolve the annotations at run time
import json
from typing import Any

import msgspec
import pydantic

import secdialogue
from secdialogue import (
    ActorKind,
    MeetingFormat,
    MeetingStatus,
    OutcomeKind,
    OutcomeStage,
    Position,
    When,
    Wording,
)

# -- msgspec ----------------------------------------------------------------------------

_STRUCT = {"kw_only": True, "frozen": True, "forbid_unknown_fields": True, "omit_defaults": True}


class MCitation(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    source: str
    excerpt: str | None = None


class MPlace(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    country: str
    region: str | None = None
    city: str | None = None
    venue: str | None = None
    zone: str | None = None


class MStance(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    demand: str
    position: Position
    note: str | None = None


class MMembership(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    organization: str
    role: str | None = None
    when: dt.datetime | None = None
    sources: tuple[MCitation, ...] = ()


class MActor(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    id: str
    kind: ActorKind
    name: str
    aliases: tuple[str, ...] = ()
    memberships: tuple[MMembership, ...] = ()
    iso3: str | None = None
    wikidata: str | None = None
    sources: tuple[MCitation, ...] = ()


class MMeeting(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    id: str
    participants: tuple[str, ...]
    when: dt.datetime
    format: MeetingFormat
    status: MeetingStatus
    rescheduled_as: str | None = None
    heads: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    observers: tuple[str, ...] = ()
    venue: MPlace | None = None
    series: str | None = None
    round: int | None = None
    topics: tuple[str, ...] = ()
    sources: tuple[MCitation, ...] = ()


class MDemand(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    id: str
    by: str
    to: tuple[str, ...]
    summary: str
    when: dt.datetime | None = None
    topics: tuple[str, ...] = ()
    sources: tuple[MCitation, ...] = ()


class MStatement(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    id: str
    speakers: tuple[str, ...]
    when: dt.datetime
    text: str
    wording: Wording
    on_behalf_of: tuple[str, ...] = ()
    place: MPlace | None = None
    meeting: str | None = None
    channel: str | None = None
    stances: tuple[MStance, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[MCitation, ...] = ()


class MOutcome(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    id: str
    kind: OutcomeKind
    summary: str
    when: dt.datetime
    stage: OutcomeStage | None = None
    meeting: str | None = None
    parties: tuple[str, ...]
    signatories: tuple[str, ...] = ()
    demands: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[MCitation, ...] = ()


class MSource(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    published: dt.datetime | None = None


class MDossier(msgspec.Struct, **_STRUCT):  # type: ignore[call-arg]
    format: str
    version: int
    actors: tuple[MActor, ...]
    meetings: tuple[MMeeting, ...]
    demands: tuple[MDemand, ...]
    statements: tuple[MStatement, ...]
    outcomes: tuple[MOutcome, ...]
    sources: tuple[MSource, ...]


MSGSPEC_DECODER = msgspec.json.Decoder(MDossier)
MSGSPEC_ENCODER = msgspec.json.Encoder()

# -- pydantic ---------------------------------------------------------------------------


class _Model(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True, extra="forbid", strict=True)


class PCitation(_Model):
    source: str
    excerpt: str | None = None


class PPlace(_Model):
    country: str
    region: str | None = None
    city: str | None = None
    venue: str | None = None
    zone: str | None = None


class PStance(_Model):
    demand: str
    position: Position
    note: str | None = None


class PMembership(_Model):
    organization: str
    role: str | None = None
    when: dt.datetime | None = None
    sources: tuple[PCitation, ...] = ()


class PActor(_Model):
    id: str
    kind: ActorKind
    name: str
    aliases: tuple[str, ...] = ()
    memberships: tuple[PMembership, ...] = ()
    iso3: str | None = None
    wikidata: str | None = None
    sources: tuple[PCitation, ...] = ()


class PMeeting(_Model):
    id: str
    participants: tuple[str, ...]
    when: dt.datetime
    format: MeetingFormat
    status: MeetingStatus
    rescheduled_as: str | None = None
    heads: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    observers: tuple[str, ...] = ()
    venue: PPlace | None = None
    series: str | None = None
    round: int | None = None
    topics: tuple[str, ...] = ()
    sources: tuple[PCitation, ...] = ()


class PDemand(_Model):
    id: str
    by: str
    to: tuple[str, ...]
    summary: str
    when: dt.datetime | None = None
    topics: tuple[str, ...] = ()
    sources: tuple[PCitation, ...] = ()


class PStatement(_Model):
    id: str
    speakers: tuple[str, ...]
    when: dt.datetime
    text: str
    wording: Wording
    on_behalf_of: tuple[str, ...] = ()
    place: PPlace | None = None
    meeting: str | None = None
    channel: str | None = None
    stances: tuple[PStance, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[PCitation, ...] = ()


class POutcome(_Model):
    id: str
    kind: OutcomeKind
    summary: str
    when: dt.datetime
    stage: OutcomeStage | None = None
    meeting: str | None = None
    parties: tuple[str, ...]
    signatories: tuple[str, ...] = ()
    demands: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[PCitation, ...] = ()


class PSource(_Model):
    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    published: dt.datetime | None = None


class PDossier(_Model):
    format: str
    version: int
    actors: tuple[PActor, ...]
    meetings: tuple[PMeeting, ...]
    demands: tuple[PDemand, ...]
    statements: tuple[PStatement, ...]
    outcomes: tuple[POutcome, ...]
    sources: tuple[PSource, ...]


# -- the shared input -------------------------------------------------------------------

_TIME_KEYS = frozenset({"when", "published"})


def to_rival(document: dict[str, Any]) -> dict[str, Any]:
    """Turn a parsed v1 document into the rivals' document, in place, and return it.

    Each time (under a ``"when"`` or ``"published"`` key) becomes the RFC 3339
    text of its start. In place, so that a million-statement document is not
    held twice.
    """
    texts: dict[str, str] = {}

    def time_text(text: str) -> str:
        found = texts.get(text)
        if found is None:
            start = When.parse(text).local_start
            found = texts[text] = start.isoformat()
        return found

    def convert(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in _TIME_KEYS and isinstance(item, str):
                    value[key] = time_text(item)
                else:
                    convert(item)
        elif isinstance(value, list):
            for item in value:
                convert(item)

    convert(document)
    return document


def rival_text(document: dict[str, Any]) -> bytes:
    """The rivals' document (see ``to_rival``) as compact JSON."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def rival_json(dossier: secdialogue.Dossier) -> bytes:
    """The dossier as the JSON both rivals read: times as RFC 3339 datetimes, compact."""
    return rival_text(to_rival(json.loads(secdialogue.dumps(dossier))))
