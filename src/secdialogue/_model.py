"""The domain model: actors, places, meetings, demands, statements, sources.

Every class is an immutable value object: frozen, slotted, keyword-only, and
checked when it is made. Entities refer to each other by id; whether those ids
exist is the :class:`~secdialogue.Dossier`'s concern, not the entity's.
"""

from __future__ import annotations

import enum
import re
from typing import Final

import attrs

from secdialogue._checks import (
    Each,
    InRange,
    IsId,
    IsInstance,
    IsText,
    Matches,
    Maybe,
    excerpt,
    fail,
)
from secdialogue._time import IsZone, When

__all__ = [
    "Actor",
    "ActorKind",
    "Citation",
    "Demand",
    "DemandLink",
    "LinkKind",
    "Meeting",
    "MeetingFormat",
    "MeetingStatus",
    "Membership",
    "Outcome",
    "OutcomeKind",
    "OutcomeStage",
    "Place",
    "Position",
    "Role",
    "Source",
    "Stance",
    "Statement",
    "Wording",
]

_ID: Final = IsId()
_OPTIONAL_ID: Final = Maybe(_ID)
_IDS: Final = Each(_ID, "a tuple of ids")
_TOPICS: Final = _IDS  # topics are slugs like ids, so that they can be queried exactly
_TEXT: Final = IsText()
_OPTIONAL_TEXT: Final = Maybe(_TEXT)
_WHEN: Final = IsInstance(When, "a When, such as When.parse('2022-01-09[Europe/Moscow]')")
_OPTIONAL_WHEN: Final = Maybe(IsInstance(When, "a When or None"))
_ISO2: Final = Matches(re.compile(r"[A-Z]{2}"), "an ISO 3166-1 alpha-2 code such as 'CH'")
_ISO3: Final = Matches(re.compile(r"[A-Z]{3}"), "an ISO 3166-1 alpha-3 code such as 'RUS'")
_QID: Final = Matches(
    re.compile(r"Q[1-9][0-9]*"), "a Wikidata item id such as 'Q159' (Q, then digits)"
)
_URL: Final = Matches(
    re.compile(r"https?://[^\s/$.?#][^\s]*"), "an absolute http:// or https:// URL"
)


def _choice(kind: type[enum.Enum]) -> IsInstance:
    article = "an" if kind.__name__[0] in "AEIOU" else "a"
    return IsInstance(kind, f"{article} {kind.__name__}")


# -- enums --------------------------------------------------------------------


class ActorKind(enum.Enum):
    """What kind of party an :class:`Actor` is.

    .. versionadded:: 0.1.0
    """

    STATE = "state"
    """A sovereign state, such as Russia or the United States."""
    ORGANIZATION = "organization"
    """An alliance or international organisation, such as NATO or the OSCE."""
    BODY = "body"
    """A government body or office, such as the US State Department."""
    PERSON = "person"
    """One person, such as Sergey Ryabkov."""
    GROUP = "group"
    """A collective of people acting together, such as NATO foreign ministers."""


MAX_ROUND: Final = 9999
"""The highest round number a meeting accepts."""

MAX_MEMBERSHIPS: Final = 100
"""The most memberships one actor holds: a career of posts, and more."""

_MEMBERS: Final = frozenset({ActorKind.BODY, ActorKind.PERSON, ActorKind.GROUP})


class MeetingFormat(enum.Enum):
    """The shape of a :class:`Meeting`.

    .. versionadded:: 0.1.0
    """

    BILATERAL_TALKS = "bilateral_talks"
    """Two parties negotiate, as in the Russia-US talks in Geneva."""
    MULTILATERAL_TALKS = "multilateral_talks"
    """Several parties negotiate at one table."""
    COUNCIL_SESSION = "council_session"
    """A session of a standing council, such as the NATO-Russia Council."""
    MINISTERIAL = "ministerial"
    """A meeting of the ministers of one organisation, such as NATO foreign ministers."""
    SUMMIT = "summit"
    """Heads of state or government meet."""
    WORKING_MEAL = "working_meal"
    """A working lunch or dinner, such as Ryabkov and Sherman's on the eve of Geneva."""
    CALL = "call"
    """A telephone or video call; usually without a venue."""


class MeetingStatus(enum.Enum):
    """Where a :class:`Meeting` stands, as far as the record knows.

    .. versionadded:: 0.1.0
    """

    PLANNED = "planned"
    """Announced, not yet held."""
    HELD = "held"
    """Took place."""
    CANCELLED = "cancelled"
    """Called off; will not take place."""
    POSTPONED = "postponed"
    """Moved to a later, perhaps unknown, time."""
    ENDED_EARLY = "ended_early"
    """Began but broke off before its planned end."""


_RESCHEDULABLE: Final = frozenset({MeetingStatus.POSTPONED, MeetingStatus.CANCELLED})


class Role(enum.Enum):
    """The part an actor plays at a :class:`Meeting`.

    Each role is one field of a meeting that lists actors; an actor may be
    listed in several (a host that is also a party), but a party, a mediator
    and an observer are three different actors.

    .. versionadded:: 0.2.0
    """

    PARTY = "party"
    """One of the sides that meet, listed in ``participants``."""
    HOST = "host"
    """Receives the meeting on its soil or in its building, as a state hosts a round
    in its capital, listed in ``hosts``. It may also be a party or a mediator."""
    MEDIATOR = "mediator"
    """Helps the parties talk without being one of them, listed in ``mediators``.
    A foreign minister who chairs talks between two other states mediates."""
    OBSERVER = "observer"
    """Attends without being a party or a mediator, listed in ``observers``."""
    HEAD = "head"
    """Leads a delegation, listed in ``heads``; always a person."""

    @property
    def field(self) -> str:
        """The :class:`Meeting` field that lists the actors in this role, such as ``"hosts"``."""
        return _ROLE_FIELDS[self]


_ROLE_FIELDS: Final = {
    Role.PARTY: "participants",
    Role.HOST: "hosts",
    Role.MEDIATOR: "mediators",
    Role.OBSERVER: "observers",
    Role.HEAD: "heads",
}
_ROLES: Final = tuple(Role)


class Position(enum.Enum):
    """An actor's stance toward a :class:`Demand`, as a statement shows it.

    Each value names its nearest PLOVER event category (the ontology behind
    POLECAT) in :attr:`plover`, for users who code events.

    .. versionadded:: 0.1.0
    """

    ADVANCES = "advances"
    """Puts the demand forward or insists on it. "Russia requires legal guarantees
    that NATO will not expand eastward." PLOVER: DEMAND."""
    SUPPORTS = "supports"
    """Backs a demand made by another party. "Dostania backs Arvenia's call for a
    truce" (the invented parties of the docs' Carrow talks). PLOVER: SUPPORT."""
    CONDITIONAL = "conditional"
    """Open to it, on conditions. "Belmora would sign a truce once its pilots are
    released." PLOVER: AGREE (CAMEO's "express intent to cooperate", which
    PLOVER folds into AGREE)."""
    ACCEPTS = "accepts"
    """Agrees to what is asked. "Belmora agrees to the truce."
    PLOVER: AGREE (CONCEDE where it yields under pressure)."""
    REJECTS = "rejects"
    """Refuses what is asked. "NATO will not accept a halt to its eastward
    expansion." PLOVER: REJECT."""
    WITHDRAWS = "withdraws"
    """The maker drops its own demand.
    "Arvenia no longer asks for the corridor." PLOVER: RETREAT."""
    NONCOMMITTAL = "noncommittal"
    """Comments without taking a side (sceptical, pessimistic or evasive), neither
    yes nor no. "Nothing very promising, no breakthroughs." It never makes a
    demand rejected or accepted. PLOVER: none (such comments were CAMEO's
    "make public statement", which PLOVER dropped)."""

    @property
    def plover(self) -> str | None:
        """The nearest PLOVER event category, such as ``"REJECT"``; ``None`` if PLOVER has none."""
        return _PLOVER[self]


_PLOVER: Final[dict[Position, str | None]] = {
    Position.ADVANCES: "DEMAND",
    Position.SUPPORTS: "SUPPORT",
    Position.CONDITIONAL: "AGREE",
    Position.ACCEPTS: "AGREE",
    Position.REJECTS: "REJECT",
    Position.WITHDRAWS: "RETREAT",
    Position.NONCOMMITTAL: None,
}


class Wording(enum.Enum):
    """How a :class:`Statement`'s text relates to what was said.

    .. versionadded:: 0.1.0
    """

    QUOTE = "quote"
    """The speaker's own words, verbatim (in the language reported)."""
    PARTIAL_QUOTE = "partial_quote"
    """A report in the reporter's words with some of the speaker's words quoted."""
    PARAPHRASE = "paraphrase"
    """The reporter's account of what was said, no words quoted."""


class LinkKind(enum.Enum):
    """How one :class:`Demand` relates to another (see :class:`DemandLink`).

    .. versionadded:: 0.1.0
    """

    PART_OF = "part_of"
    """It is one part of a package, the other demand. "No NATO expansion" is part
    of Russia's proposals on security guarantees. A stance on the package is
    about the set, not about each part."""
    IN_RETURN_FOR = "in_return_for"
    """It is asked in return for the other demand, as its condition or price, as in
    "provided that Russia also makes concessions" or "the pilots' release in
    exchange for a truce"."""
    ANSWERS = "answers"
    """It is a counter-proposal answering the other demand, made instead of
    accepting it as asked."""


class OutcomeKind(enum.Enum):
    """What an :class:`Outcome` is.

    .. versionadded:: 0.2.0
    """

    AGREEMENT = "agreement"
    """A text the parties signed, initialled or adopted, such as a ceasefire or a
    memorandum. What the peace-agreement databases, such as PA-X, record."""
    JOINT_STATEMENT = "joint_statement"
    """A communiqué or declaration several parties issued together, which binds no one.
    What it says, and the stances it takes, are a :class:`Statement`."""
    DECLARED_RESULT = "declared_result"
    """A result the parties or a mediator declared, with no text of its own, such as
    "agreement in principle on humanitarian corridors" or "no ceasefire agreed"."""


class OutcomeStage(enum.Enum):
    """How far along a peace or security process an :class:`Outcome` stands.

    The stages of agreements in the PA-X peace agreements database, which
    splits its framework stage in two.

    .. versionadded:: 0.2.0
    """

    PRE_NEGOTIATION = "pre_negotiation"
    """About the process itself (who talks, where, about what, on which terms).
    In PA-X, the pre-negotiation/process stage."""
    CEASEFIRE = "ceasefire"
    """A ceasefire or what goes with one, such as a truce, humanitarian corridors or
    an exchange of prisoners. In PA-X, the ceasefire/related stage."""
    FRAMEWORK_PARTIAL = "framework_partial"
    """Settles some of the substantive issues.
    In PA-X, the framework-substantive, partial stage."""
    FRAMEWORK_COMPREHENSIVE = "framework_comprehensive"
    """Means to settle all of the substantive issues.
    In PA-X, the framework-substantive, comprehensive stage."""
    IMPLEMENTATION = "implementation"
    """Carries out, renews or extends an earlier agreement.
    In PA-X, the implementation/renewal stage."""
    OTHER = "other"
    """None of these. In PA-X, the other stage."""


# -- value objects ---------------------------------------------------------------


@attrs.frozen(kw_only=True, weakref_slot=False)
class Citation:
    """A reference to a :class:`Source`, optionally to an exact passage of it.

    A Citation is not the source itself: many entities cite one source, each
    with its own excerpt.

    Args:
        source: The id of the cited :class:`Source`.
        excerpt: The exact words of the source that support the citing
            entity; for a quote, the passage that contains it.

    .. versionadded:: 0.1.0
    """

    source: str = attrs.field(validator=_ID)
    excerpt: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)


_CITATIONS: Final = Each(
    IsInstance(Citation, "a Citation"),
    "a tuple of Citation",
    duplicate="{field} cites the same passage more than once",
)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Place:
    """Where something happened, at the level the source gives: a country, then finer parts.

    Only the country is required: a place may be a whole country, a region
    ("Gomel Region"), a city, or a named venue inside or outside a city,
    each with what else the source says. A Place is not an actor and has no
    id: it is a value, kept inside the meeting or statement that happened
    there. ``str(place)`` names it, finest part first:
    ``"US Mission, Geneva, CH"``.

    Args:
        country: ISO 3166-1 alpha-2 code of the country: ``"CH"``.
        region: The region, province or oblast, in English: ``"Gomel Region"``.
        city: The city, in English: ``"Geneva"``.
        venue: The building or site: ``"US Mission"``.
        zone: The IANA time-zone name of the place: ``"Europe/Zurich"``;
            ``None`` where the source gives no finer place than a country
            with several zones, or you would rather not say.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Only ``country`` is required; ``region`` is new, ``city`` and
       ``zone`` may be left out; ``country`` comes first in a file.
    """

    country: str = attrs.field(validator=_ISO2)
    region: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    city: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    venue: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    zone: str | None = attrs.field(default=None, validator=Maybe(IsZone()))

    def __str__(self) -> str:
        parts = (self.venue, self.city, self.region, self.country)
        return ", ".join(part for part in parts if part is not None)

    @property
    def label(self) -> str:
        """The place in a word or two, its finest well-known part.

        Its city, else its venue, else its region, else its country code.

        .. versionadded:: 0.2.0
        """
        return self.city or self.venue or self.region or self.country


_PLACE: Final = IsInstance(Place, "a Place or None")
_ALIASES: Final = Each(
    IsText(max_length=1000),
    "a tuple of strings",
    duplicate="{field} lists the same text more than once",
)
_PARTICIPANTS: Final = Each(
    _ID, "a tuple of ids", min_items=1, empty="a meeting needs at least one participant"
)
_SPEAKERS: Final = Each(
    _ID, "a tuple of ids", min_items=1, empty="a statement has at least one speaker"
)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Membership:
    """An actor's place in another actor for a time: a post, a seat, a delegation.

    A Membership says that its holder (the :class:`Actor` that lists it)
    belongs to, or acts for, ``organization`` during ``when``: a deputy
    foreign minister in a foreign ministry, and for a few days in a
    delegation to a round of talks. It is not an actor and has no
    id: it is a value kept inside its holder. Nor is it a part in a meeting
    (a head of delegation at one meeting is a meeting's ``heads``), though a
    role such as "head of delegation" may be its ``role`` when a source names
    it so. One actor may hold several memberships at once, and several in
    turn.

    Args:
        organization: The id of the actor the holder belongs to or acts for.
        role: The post or part held, as the source names it:
            ``"Deputy Foreign Minister"``, ``"head of delegation"``.
        when: The period it holds; ``None`` if the record gives none, which
            means it holds, as far as the record says, at every time.
        sources: Citations.

    .. versionadded:: 0.2.0
    """

    organization: str = attrs.field(validator=_ID)
    role: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    when: When | None = attrs.field(default=None, validator=_OPTIONAL_WHEN)
    sources: tuple[Citation, ...] = attrs.field(default=(), validator=_CITATIONS)


_MEMBERSHIPS: Final = Each(
    IsInstance(Membership, "a Membership"),
    "a tuple of Membership",
    max_items=MAX_MEMBERSHIPS,
    duplicate="{field} lists the same membership more than once",
)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Actor:
    """A party that can meet, make demands or speak.

    An Actor is a state, an organisation, a government body, a person or a
    group of people. It is not a role: Sergey Ryabkov is a person, and
    "Deputy Foreign Minister" is the role of his :class:`Membership` in
    Russia. Misspellings found in sources are aliases, never the name.

    Args:
        id: Stable id, such as ``"sergey-ryabkov"``.
        kind: What kind of party it is.
        name: The display name, correctly spelled.
        aliases: Other spellings and names found in sources.
        memberships: For persons, bodies and groups: the actors they belong
            to or act for, each with its role and period, if known.
        iso3: For states: the ISO 3166-1 alpha-3 code.
        wikidata: The Wikidata item id, such as ``"Q159"``.
        sources: Citations for what is recorded.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``memberships`` replace ``affiliation`` and ``role``.
    """

    id: str = attrs.field(validator=_ID)
    kind: ActorKind = attrs.field(validator=_choice(ActorKind))
    name: str = attrs.field(validator=_TEXT)
    aliases: tuple[str, ...] = attrs.field(default=(), validator=_ALIASES)
    memberships: tuple[Membership, ...] = attrs.field(default=(), validator=_MEMBERSHIPS)
    iso3: str | None = attrs.field(default=None, validator=Maybe(_ISO3))
    wikidata: str | None = attrs.field(default=None, validator=Maybe(_QID))
    sources: tuple[Citation, ...] = attrs.field(default=(), validator=_CITATIONS)

    def __attrs_post_init__(self) -> None:
        if self.name in self.aliases:
            msg = f"aliases repeat the name {self.name!r}"
            raise fail(field="aliases", code="duplicate", message=msg)
        if self.memberships and self.kind not in _MEMBERS:
            msg = (
                f"memberships are for persons, bodies and groups, not a {self.kind.value}:"
                f" a {self.kind.value} belongs to no other actor"
            )
            raise fail(field="memberships", code="not-applicable", message=msg)
        if self.iso3 is not None and self.kind is not ActorKind.STATE:
            msg = f"iso3 is for states; {self.id!r} is a {self.kind.value}"
            raise fail(field="iso3", code="not-applicable", message=msg)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Meeting:
    """A meeting of two or more parties at a time, usually at a place.

    A Meeting is not a statement about it, nor a series: rounds of a track
    are separate meetings sharing a ``series``. Who takes part, and how, is
    said by :class:`Role`: the parties meet; a host receives them (and may
    be a party or a mediator too); mediators and observers attend without
    being parties, and an actor is at most one of party, mediator and
    observer; heads lead the delegations.

    Args:
        id: Stable id.
        participants: Ids of the parties that meet, at least one.
        when: When it happens (or was planned to).
        format: The shape of the meeting.
        status: Whether it is planned, held, cancelled, postponed or ended early.
        rescheduled_as: For a postponed or cancelled meeting: the id of the
            meeting that replaces it.
        heads: Ids of the persons who lead the delegations.
        hosts: Ids of the actors who host it.
        mediators: Ids of the actors who mediate, none of them a party.
        observers: Ids of the actors who observe, none of them a party or a
            mediator.
        venue: Where; ``None`` for a call or where unknown.
        series: The track it belongs to: ``"Strategic Stability Dialogue"``.
        round: Its round number within the series, from 1 to 9999.
        topics: Slugs of what was discussed: ``"ukraine"``.
        sources: Citations.

    Raises:
        ValidationError: If an actor is both a party and a mediator or
            observer, or both a mediator and an observer (``conflict``); if
            ``rescheduled_as`` is given for a meeting that is neither
            postponed nor cancelled (``not-applicable``), or names the
            meeting itself (``reschedule-cycle``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``hosts``, ``mediators``, ``observers`` and ``rescheduled_as``.
    """

    id: str = attrs.field(validator=_ID)
    participants: tuple[str, ...] = attrs.field(validator=_PARTICIPANTS)
    when: When = attrs.field(validator=_WHEN)
    format: MeetingFormat = attrs.field(validator=_choice(MeetingFormat))
    status: MeetingStatus = attrs.field(validator=_choice(MeetingStatus))
    rescheduled_as: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    heads: tuple[str, ...] = attrs.field(default=(), validator=_IDS)
    hosts: tuple[str, ...] = attrs.field(default=(), validator=_IDS)
    mediators: tuple[str, ...] = attrs.field(default=(), validator=_IDS)
    observers: tuple[str, ...] = attrs.field(default=(), validator=_IDS)
    venue: Place | None = attrs.field(default=None, validator=Maybe(_PLACE))
    series: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    round: int | None = attrs.field(
        default=None, validator=Maybe(InRange(1, MAX_ROUND, code="invalid-round"))
    )
    topics: tuple[str, ...] = attrs.field(default=(), validator=_TOPICS)
    sources: tuple[Citation, ...] = attrs.field(default=(), validator=_CITATIONS)

    def __attrs_post_init__(self) -> None:
        if self.mediators or self.observers:
            self._check_roles()
        if self.rescheduled_as is not None:
            if self.status not in _RESCHEDULABLE:
                msg = (
                    "rescheduled_as names what replaces a postponed or cancelled meeting, but"
                    f" this one is {self.status.value.replace('_', ' ')}: leave it out, or"
                    " change the status"
                )
                raise fail(field="rescheduled_as", code="not-applicable", message=msg)
            if self.rescheduled_as == self.id:
                msg = f"meeting {self.id!r} cannot be rescheduled as itself: name its successor"
                raise fail(field="rescheduled_as", code="reschedule-cycle", message=msg)

    def _check_roles(self) -> None:
        """Refuse an actor listed as two of party, mediator and observer."""
        seen = dict.fromkeys(self.participants, "participants")
        for field in ("mediators", "observers"):
            for index, actor in enumerate(getattr(self, field)):
                other = seen.setdefault(actor, field)
                if other != field:
                    msg = (
                        f"{actor!r} is in {other} and in {field}: a party, a mediator and an"
                        " observer are different actors; keep it in one of them"
                    )
                    raise fail(field=f"{field}[{index}]", code="conflict", message=msg)

    def involved(self, *roles: Role) -> tuple[str, ...]:
        """The ids of the actors in any of these roles (in every role if none is given).

        Each id comes once, in the order of the fields (participants, hosts,
        mediators, observers, heads), then of the ids in each.

        Raises:
            ValidationError: If a role is not a :class:`Role`.

        .. versionadded:: 0.2.0
        """
        for role in roles:
            if not isinstance(role, Role):
                msg = f"roles must be Role values, such as Role.HOST, not {excerpt(role)}"
                raise fail(field="roles", code="wrong-type", message=msg)
        wanted = frozenset(roles) if roles else _ROLES
        found: dict[str, None] = {}
        for role in _ROLES:
            if role in wanted:
                found.update(dict.fromkeys(getattr(self, _ROLE_FIELDS[role])))
        return tuple(found)


@attrs.frozen(kw_only=True, weakref_slot=False)
class DemandLink:
    """A link from one :class:`Demand` to another: part of it, in return for it, or answering it.

    A DemandLink is kept inside the demand it links from; it is not a demand.

    Args:
        kind: How the demands relate.
        demand: The id of the other demand.

    .. versionadded:: 0.1.0
    """

    kind: LinkKind = attrs.field(validator=_choice(LinkKind))
    demand: str = attrs.field(validator=_ID)


_LINKS: Final = Each(
    IsInstance(DemandLink, "a DemandLink"),
    "a tuple of DemandLink",
    duplicate="{field} lists the same link more than once",
)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Demand:
    """Something one actor asks of others, followed across meetings.

    A Demand is not a statement: statements *take stances* on it. It has no
    stored status; its status is derived from the stances taken on it and
    from its making: from ``when`` on, its maker counts as advancing it.
    A package of demands is a Demand too, whose parts link to it
    (:attr:`LinkKind.PART_OF`).

    Args:
        id: Stable id.
        by: Id of the actor who makes it.
        to: Ids of the actors it is addressed to.
        to_described: The addressees the source describes without naming
            them: ``"the states that would guarantee the truce"``.
            A demand needs ``to``, ``to_described`` or both.
        summary: What is asked, in one sentence.
        when: When it was made, as far as known: ``../2022-01-07`` for "made
            on the 7th or before".
        links: Its links to other demands: a package it is part of, a demand
            it is made in return for, a demand it answers.
        topics: Slugs.
        sources: Citations.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_ID)
    by: str = attrs.field(validator=_ID)
    to: tuple[str, ...] = attrs.field(default=(), validator=_IDS)
    to_described: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    summary: str = attrs.field(validator=_TEXT)
    when: When | None = attrs.field(default=None, validator=_OPTIONAL_WHEN)
    links: tuple[DemandLink, ...] = attrs.field(default=(), validator=_LINKS)
    topics: tuple[str, ...] = attrs.field(default=(), validator=_TOPICS)
    sources: tuple[Citation, ...] = attrs.field(default=(), validator=_CITATIONS)

    def __attrs_post_init__(self) -> None:
        if self.by in self.to:
            msg = f"{self.by!r} cannot address a demand to itself"
            raise fail(field="to", code="self-addressed", message=msg)
        if not self.to and self.to_described is None:
            msg = (
                "a demand is addressed to someone: give the ids of the actors in to=,"
                " or describe unnamed addressees in to_described="
            )
            raise fail(field="to", code="empty", message=msg)
        for index, link in enumerate(self.links):
            if link.demand == self.id:
                msg = f"demand {self.id!r} cannot link to itself"
                raise fail(field=f"links[{index}].demand", code="self-reference", message=msg)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Stance:
    """The position one statement shows toward one demand.

    A Stance belongs to a :class:`Statement`; it is not a statement itself.

    Args:
        demand: Id of the :class:`Demand`.
        position: The position shown.
        note: What qualifies it, such as the conditions of a conditional yes.

    .. versionadded:: 0.1.0
    """

    demand: str = attrs.field(validator=_ID)
    position: Position = attrs.field(validator=_choice(Position))
    note: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)


_STANCES: Final = Each(IsInstance(Stance, "a Stance"), "a tuple of Stance", duplicate=None)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Statement:
    """Something an actor said or wrote, and the stances it shows.

    A Statement is not a demand, even when it voices one: it *takes a
    stance* (:attr:`Position.ADVANCES`) on the demand. A joint statement (a
    communiqué issued by several parties) is one Statement with several
    speakers.

    Args:
        id: Stable id.
        speakers: Ids of the actors who spoke or issued it, at least one:
            several for a joint statement or communiqué.
        when: When it was said.
        text: What was said: the words for a quote, the report otherwise.
        wording: Whether ``text`` is a quote, a partial quote or a paraphrase.
        on_behalf_of: Ids of the actors the speakers spoke for, if not implied:
            ``("russia",)`` for Ryabkov's remarks.
        place: Where it was said, if known.
        meeting: Id of the meeting it was said at, if any.
        channel: Who reported it, as the source names them: ``"Russian media"``.
        stances: The positions it shows toward demands, one per demand.
        topics: Slugs.
        sources: Citations.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_ID)
    speakers: tuple[str, ...] = attrs.field(validator=_SPEAKERS)
    when: When = attrs.field(validator=_WHEN)
    text: str = attrs.field(validator=_TEXT)
    wording: Wording = attrs.field(validator=_choice(Wording))
    on_behalf_of: tuple[str, ...] = attrs.field(default=(), validator=_IDS)
    place: Place | None = attrs.field(default=None, validator=Maybe(_PLACE))
    meeting: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    channel: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    stances: tuple[Stance, ...] = attrs.field(default=(), validator=_STANCES)
    topics: tuple[str, ...] = attrs.field(default=(), validator=_TOPICS)
    sources: tuple[Citation, ...] = attrs.field(default=(), validator=_CITATIONS)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for index, stance in enumerate(self.stances):
            if stance.demand in seen:
                msg = (
                    f"two stances on demand {stance.demand!r}:"
                    " a statement takes one stance per demand"
                )
                raise fail(field=f"stances[{index}].demand", code="duplicate", message=msg)
            seen.add(stance.demand)
        if self.on_behalf_of and frozenset(self.on_behalf_of) == frozenset(self.speakers):
            msg = "on_behalf_of repeats the speakers: leave it out"
            raise fail(field="on_behalf_of", code="redundant", message=msg)

    @property
    def principals(self) -> tuple[str, ...]:
        """The ids of the actors it speaks for, ``on_behalf_of`` or else the speakers."""
        return self.on_behalf_of or self.speakers


_SIGNED: Final = frozenset({OutcomeKind.AGREEMENT, OutcomeKind.JOINT_STATEMENT})
_OUTCOME_PARTIES: Final = Each(
    _ID, "a tuple of ids", min_items=1, empty="an outcome has at least one party"
)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Outcome:
    """What a meeting or a process produced: an agreement, a joint statement, a declared result.

    An Outcome is not a statement: a joint communiqué is an outcome (it was
    issued) and a :class:`Statement` (what it says, with its stances). Nor is
    it a stance: a demand it settles or answers is listed in ``demands``, and
    the parties' positions on that demand still come from their statements.
    Its fields follow what the peace-agreement databases (PA-X) record of an
    agreement: stage, parties, signatories, date, text and source.

    Args:
        id: Stable id.
        kind: An agreement, a joint statement or a declared result.
        summary: What was agreed or declared, in a sentence.
        when: When it was reached, signed or announced, as precisely as the
            source says (a month will do).
        stage: How far along the process it stands, if the source lets you say.
        meeting: Id of the meeting that produced it, if any.
        parties: Ids of the actors it is between or declared by, at least one.
        signatories: Ids of the actors (persons, usually) who signed it, for
            an agreement or a joint statement; witnesses and guarantors who
            signed too, though not parties.
        demands: Ids of the demands it settles or answers.
        topics: Slugs.
        sources: Citations: the text of an agreement, the report of a result.

    Raises:
        ValidationError: If a declared result has signatories
            (``not-applicable``).

    .. versionadded:: 0.2.0
    """

    id: str = attrs.field(validator=_ID)
    kind: OutcomeKind = attrs.field(validator=_choice(OutcomeKind))
    summary: str = attrs.field(validator=_TEXT)
    when: When = attrs.field(validator=_WHEN)
    stage: OutcomeStage | None = attrs.field(default=None, validator=Maybe(_choice(OutcomeStage)))
    meeting: str | None = attrs.field(default=None, validator=_OPTIONAL_ID)
    parties: tuple[str, ...] = attrs.field(validator=_OUTCOME_PARTIES)
    signatories: tuple[str, ...] = attrs.field(default=(), validator=_IDS)
    demands: tuple[str, ...] = attrs.field(default=(), validator=_IDS)
    topics: tuple[str, ...] = attrs.field(default=(), validator=_TOPICS)
    sources: tuple[Citation, ...] = attrs.field(default=(), validator=_CITATIONS)

    def __attrs_post_init__(self) -> None:
        if self.signatories and self.kind not in _SIGNED:
            msg = (
                "signatories are for an agreement or a joint statement; a declared result"
                " has no text to sign: leave them out, or record the signed text as an agreement"
            )
            raise fail(field="signatories", code="not-applicable", message=msg)

    def involved(self) -> tuple[str, ...]:
        """The ids of its parties, then of its signatories who are not parties, each once.

        .. versionadded:: 0.2.0
        """
        return tuple(dict.fromkeys((*self.parties, *self.signatories)))


@attrs.frozen(kw_only=True, weakref_slot=False)
class Source:
    """Where information comes from: an article, a transcript, a communiqué.

    A Source is not a quote: entities cite it through :class:`Citation`,
    each with the exact excerpt that supports it.

    Args:
        id: Stable id.
        title: The title.
        publisher: Who published it.
        url: Where to read it, if online.
        published: When it was published, if known.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_ID)
    title: str = attrs.field(validator=_TEXT)
    publisher: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    url: str | None = attrs.field(default=None, validator=Maybe(_URL))
    published: When | None = attrs.field(default=None, validator=_OPTIONAL_WHEN)
