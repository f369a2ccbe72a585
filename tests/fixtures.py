"""Shared test fixtures: small dossiers, a meeting maker, a deep type comparison, and
naive walks of memberships to check the indexes against.

Test modules import these from here, never from each other.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from typing import TYPE_CHECKING, Any, Final

import attrs

from secdialogue import (
    Actor,
    ActorKind,
    Citation,
    Demand,
    Dossier,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Membership,
    Outcome,
    OutcomeKind,
    OutcomeStage,
    Place,
    Position,
    Source,
    Stance,
    Statement,
    When,
    Wording,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping


def small_dossier() -> Dossier:
    """Two states, a person, a meeting, a demand, a statement and a source."""
    geneva = Place(city="Geneva", country="CH", zone="Europe/Zurich", venue="US Mission")
    return Dossier(
        actors=[
            Actor(id="russia", kind=ActorKind.STATE, name="Russia", iso3="RUS"),
            Actor(id="usa", kind=ActorKind.STATE, name="United States"),
            Actor(
                id="ryabkov",
                kind=ActorKind.PERSON,
                name="Sergey Ryabkov",
                aliases=("Sergei Ryabkov",),
                memberships=(Membership(organization="russia", role="Deputy Foreign Minister"),),
            ),
        ],
        meetings=[
            Meeting(
                id="geneva-ssd",
                participants=("russia", "usa"),
                when=When.parse("2022-01-10T10:00+01:00[Europe/Zurich]"),
                format=MeetingFormat.BILATERAL_TALKS,
                status=MeetingStatus.HELD,
                heads=("ryabkov",),
                venue=geneva,
                round=1,
            )
        ],
        demands=[
            Demand(
                id="no-expansion",
                by="russia",
                to=("usa",),
                summary="Legal guarantees that NATO will not expand eastward.",
            )
        ],
        statements=[
            Statement(
                id="ryabkov-no-trust",
                speakers=("ryabkov",),
                when=When.parse("2022-01-10Tevening[Europe/Zurich]"),
                text='«Мы не доверяем» — "we do not trust"\nend',
                wording=Wording.PARAPHRASE,
                meeting="geneva-ssd",
                stances=(Stance(demand="no-expansion", position=Position.ADVANCES),),
                sources=(Citation(source="tass", excerpt="Ryabkov said"),),
            )
        ],
        sources=[Source(id="tass", title="Ryabkov on Geneva", url="https://tass.com/1")],
    )


def assert_same_types(expected: object, actual: object) -> None:
    """Fail unless both values have the same runtime types all the way down."""
    assert type(expected) is type(actual)
    if isinstance(expected, tuple):
        assert isinstance(actual, tuple)
        for left, right in zip(expected, actual, strict=True):
            assert_same_types(left, right)
    elif attrs.has(type(expected)):
        for field in attrs.fields(type(expected)):
            if field.init:
                assert_same_types(getattr(expected, field.name), getattr(actual, field.name))


ARTICLE = "security-dialogue-imminent"


def _cite(excerpt: str | None = None) -> tuple[Citation, ...]:
    return (Citation(source=ARTICLE, excerpt=excerpt),)


@functools.cache
def january_2022() -> Dossier:
    """The January 2022 case from the seed article, its meetings deliberately out of order.

    A copy of the queries' own, kept apart from the built-in dossier
    (``secdialogue.examples.january_2022``) so that the query tests do not
    change when the built-in data does.
    """
    w = When.parse
    geneva = Place(city="Geneva", country="CH", zone="Europe/Zurich")
    actors = [
        Actor(id="russia", kind=ActorKind.STATE, name="Russia", iso3="RUS"),
        Actor(id="united-states", kind=ActorKind.STATE, name="United States", iso3="USA"),
        Actor(id="ukraine", kind=ActorKind.STATE, name="Ukraine", iso3="UKR"),
        Actor(id="nato", kind=ActorKind.ORGANIZATION, name="NATO"),
        Actor(
            id="osce",
            kind=ActorKind.ORGANIZATION,
            name="OSCE",
            aliases=("Organization for Security and Cooperation in Europe",),
        ),
        Actor(
            id="us-state-department",
            kind=ActorKind.BODY,
            name="US State Department",
            memberships=(Membership(organization="united-states"),),
        ),
        Actor(
            id="nato-foreign-ministers",
            kind=ActorKind.GROUP,
            name="NATO foreign ministers",
            memberships=(Membership(organization="nato"),),
        ),
        Actor(
            id="sergey-ryabkov",
            kind=ActorKind.PERSON,
            name="Sergey Ryabkov",
            aliases=("Ryabukov",),
            memberships=(Membership(organization="russia", role="Deputy Foreign Minister"),),
        ),
        Actor(
            id="wendy-sherman",
            kind=ActorKind.PERSON,
            name="Wendy Sherman",
            memberships=(
                Membership(organization="us-state-department", role="Deputy Secretary of State"),
            ),
        ),
        Actor(
            id="antony-blinken",
            kind=ActorKind.PERSON,
            name="Antony Blinken",
            aliases=("Anthony Brinken",),
            memberships=(
                Membership(organization="us-state-department", role="Secretary of State"),
            ),
        ),
        Actor(
            id="jens-stoltenberg",
            kind=ActorKind.PERSON,
            name="Jens Stoltenberg",
            memberships=(Membership(organization="nato", role="Secretary General"),),
        ),
    ]
    talks = ("russia", "united-states")
    heads = ("sergey-ryabkov", "wendy-sherman")
    meetings = [
        Meeting(
            id="vienna-osce-2022-01-13",
            participants=("russia", "osce"),
            when=w("2022-01-13[Europe/Vienna]"),
            format=MeetingFormat.COUNCIL_SESSION,
            status=MeetingStatus.PLANNED,
            venue=Place(city="Vienna", country="AT", zone="Europe/Vienna"),
            sources=_cite(),
        ),
        Meeting(
            id="geneva-talks-2022-01-10",
            participants=talks,
            heads=heads,
            when=w("2022-01-10[Europe/Zurich]"),
            format=MeetingFormat.BILATERAL_TALKS,
            status=MeetingStatus.PLANNED,
            venue=geneva,
            topics=("ukraine",),
            sources=_cite(),
        ),
        Meeting(
            id="ssd-round-2",
            participants=talks,
            heads=heads,
            when=w("2021-09-30[Europe/Zurich]"),
            format=MeetingFormat.BILATERAL_TALKS,
            status=MeetingStatus.HELD,
            venue=geneva,
            series="Strategic Stability Dialogue",
            round=2,
            sources=_cite(),
        ),
        Meeting(
            id="nato-foreign-ministers-2022-01-07",
            participants=("nato-foreign-ministers",),
            when=w("2022-01-07[Europe/Brussels]"),
            format=MeetingFormat.MINISTERIAL,
            status=MeetingStatus.HELD,
            sources=_cite(),
        ),
        Meeting(
            id="working-meal-2022-01-09",
            participants=talks,
            heads=heads,
            when=w("2022-01-09Tevening[Europe/Zurich]"),
            format=MeetingFormat.WORKING_MEAL,
            status=MeetingStatus.PLANNED,
            sources=_cite(),
        ),
        Meeting(
            id="brussels-nrc-2022-01-12",
            participants=("russia", "nato"),
            when=w("2022-01-12[Europe/Brussels]"),
            format=MeetingFormat.COUNCIL_SESSION,
            status=MeetingStatus.PLANNED,
            venue=Place(city="Brussels", country="BE", zone="Europe/Brussels"),
            sources=_cite(),
        ),
    ]
    demands = [
        Demand(
            id="no-eastward-expansion",
            by="russia",
            to=("united-states", "nato"),
            summary="Legal guarantees ruling out NATO's eastward expansion.",
            topics=("nato-enlargement",),
            sources=_cite(),
        ),
        Demand(
            id="no-bases",
            by="russia",
            to=("united-states",),
            summary="No US military bases in former Soviet republics outside NATO.",
            sources=_cite(),
        ),
        Demand(
            id="no-ukraine-membership",
            by="russia",
            to=("nato",),
            summary="NATO promises not to bring Ukraine into NATO.",
            topics=("ukraine", "nato-enlargement"),
            sources=_cite(),
        ),
    ]
    moscow = w("2022-01-09[Europe/Moscow]")
    statements = [
        Statement(
            id="ryabkov-disappointing",
            speakers=("sergey-ryabkov",),
            when=moscow,
            text="the signals sent by the United States and NATO are disappointing",
            wording=Wording.PARTIAL_QUOTE,
            stances=(Stance(demand="no-eastward-expansion", position=Position.ADVANCES),),
            sources=_cite(),
        ),
        Statement(
            id="ryabkov-naive",
            speakers=("sergey-ryabkov",),
            when=moscow,
            text=(
                "I think the idea that (dialogue) will make progress is naive."
                " Not to mention rapid progress."
            ),
            wording=Wording.QUOTE,
            channel="Russian media",
            sources=_cite(),
        ),
        Statement(
            id="ryabkov-no-compromise",
            speakers=("sergey-ryabkov",),
            on_behalf_of=("russia",),
            when=moscow,
            text="Russia will not make any compromises under pressure and threats.",
            wording=Wording.PARTIAL_QUOTE,
            stances=(
                Stance(demand="no-eastward-expansion", position=Position.ADVANCES),
                Stance(demand="no-bases", position=Position.ADVANCES),
            ),
            sources=_cite(),
        ),
        Statement(
            id="blinken-concessions",
            speakers=("antony-blinken",),
            when=w("2022-01-07[America/New_York]"),
            place=Place(city="Washington", country="US", zone="America/New_York"),
            text=(
                "The United States and its allies are willing to listen to Russia's reasonable"
                " concerns, provided that Russia also makes concessions."
            ),
            wording=Wording.PARAPHRASE,
            stances=(
                Stance(demand="no-eastward-expansion", position=Position.CONDITIONAL),
                Stance(demand="no-bases", position=Position.CONDITIONAL),
            ),
            sources=_cite(),
        ),
        Statement(
            id="nato-ministers-reject",
            speakers=("nato-foreign-ministers",),
            when=w("2022-01-07[Europe/Brussels]"),
            meeting="nato-foreign-ministers-2022-01-07",
            text="NATO will not accept Russia's request that NATO no longer expand eastward.",
            wording=Wording.PARAPHRASE,
            stances=(Stance(demand="no-eastward-expansion", position=Position.REJECTS),),
            sources=_cite(),
        ),
        Statement(
            id="stoltenberg-no-say",
            speakers=("jens-stoltenberg",),
            when=w("2022-01-07[Europe/Brussels]"),
            text="Russia has no say in who can join NATO.",
            wording=Wording.PARAPHRASE,
            stances=(Stance(demand="no-ukraine-membership", position=Position.REJECTS),),
        ),
    ]
    sources = [
        Source(
            id=ARTICLE,
            title=(
                'Security Dialogue Is Imminent! Russia "Proclaims" To The United States And NATO'
            ),
            publisher="Global Times",
            published=w("2022-01-09[Asia/Shanghai]"),
        ),
        Source(id="other-report", title="Another report"),
    ]
    return Dossier(
        actors=actors,
        meetings=meetings,
        demands=demands,
        statements=statements,
        sources=sources,
    )


@functools.cache
def fictional() -> Dossier:
    """Invented states at invented talks: roles at meetings, a postponed round, outcomes.

    Arvenia and Belmora meet in Carrow, in Dostania (XD, a code ISO 3166
    leaves for private use): Dostania hosts, its foreign minister Dora Dost
    mediates, the Concord of Nine observes. The round of 10 March 2031 is
    postponed to 29 March, at a lodge in the Lake Province; there the
    parties declare an agreement in principle on corridors; on 2 April they
    sign a truce, which Dora Dost signs as witness. Nothing here is about
    any real party.
    """
    w = When.parse
    carrow = Place(country="XD", city="Carrow", zone="UTC")
    lakeside = Place(country="XD", region="Lake Province", venue="Lakeside Lodge")
    roles: dict[str, Any] = {
        "participants": ("arvenia", "belmora"),
        "heads": ("ada-arven", "bo-belm"),
        "hosts": ("dostania",),
        "mediators": ("dora-dost",),
        "observers": ("concord",),
        "format": MeetingFormat.MULTILATERAL_TALKS,
        "series": "Carrow talks",
    }
    return Dossier(
        actors=[
            Actor(id="arvenia", kind=ActorKind.STATE, name="Arvenia"),
            Actor(id="belmora", kind=ActorKind.STATE, name="Belmora"),
            Actor(id="dostania", kind=ActorKind.STATE, name="Dostania"),
            Actor(id="concord", kind=ActorKind.ORGANIZATION, name="Concord of Nine"),
            Actor(
                id="ada-arven",
                kind=ActorKind.PERSON,
                name="Ada Arven",
                memberships=(Membership(organization="arvenia"),),
            ),
            Actor(
                id="bo-belm",
                kind=ActorKind.PERSON,
                name="Bo Belm",
                memberships=(Membership(organization="belmora"),),
            ),
            Actor(
                id="dora-dost",
                kind=ActorKind.PERSON,
                name="Dora Dost",
                memberships=(Membership(organization="dostania", role="Foreign Minister"),),
            ),
        ],
        meetings=[
            Meeting(
                id="carrow-1",
                when=w("2031-03-10[UTC]"),
                status=MeetingStatus.POSTPONED,
                rescheduled_as="carrow-2",
                venue=carrow,
                round=1,
                **roles,
            ),
            Meeting(
                id="carrow-2",
                when=w("2031-03-29[UTC]"),
                status=MeetingStatus.HELD,
                venue=lakeside,
                round=1,
                **roles,
            ),
            Meeting(
                id="arvenia-dostania-call",
                participants=("arvenia", "dostania"),
                when=w("2031-04-01Tevening[UTC]"),
                format=MeetingFormat.CALL,
                status=MeetingStatus.HELD,
            ),
        ],
        demands=[
            Demand(
                id="truce",
                by="arvenia",
                to=("belmora",),
                summary="A truce along the river.",
                when=w("2031-03-01[UTC]"),
            )
        ],
        outcomes=[
            Outcome(
                id="corridors-in-principle",
                kind=OutcomeKind.DECLARED_RESULT,
                summary="Agreement in principle on humanitarian corridors.",
                when=w("2031-03-29[UTC]"),
                stage=OutcomeStage.CEASEFIRE,
                meeting="carrow-2",
                parties=("arvenia", "belmora"),
                sources=(Citation(source="carrow-report"),),
            ),
            Outcome(
                id="river-truce",
                kind=OutcomeKind.AGREEMENT,
                summary="A truce along the river, from noon on 3 April.",
                when=w("2031-04-02[UTC]"),
                stage=OutcomeStage.CEASEFIRE,
                parties=("arvenia", "belmora"),
                signatories=("ada-arven", "bo-belm", "dora-dost"),
                demands=("truce",),
                topics=("truce",),
                sources=(Citation(source="carrow-report", excerpt="signed a truce"),),
            ),
        ],
        sources=[Source(id="carrow-report", title="Talks in Carrow (invented for the tests)")],
    )


TWO_STATES_AND_A_DIPLOMAT: Final = (
    Actor(id="russia", kind=ActorKind.STATE, name="Russia"),
    Actor(id="usa", kind=ActorKind.STATE, name="United States"),
    Actor(
        id="ryabkov",
        kind=ActorKind.PERSON,
        name="Sergey Ryabkov",
        memberships=(Membership(organization="russia"),),
    ),
)
"""Russia, the United States and a Russian diplomat: the parties of :func:`meeting`."""


def meeting(id: str, when: str, **kwargs: Any) -> Meeting:  # noqa: A002
    """A held bilateral meeting of Russia and the United States at ``when``; fields overridable."""
    fields: dict[str, Any] = {
        "participants": ("russia", "usa"),
        "format": MeetingFormat.BILATERAL_TALKS,
        "status": MeetingStatus.HELD,
    }
    fields.update(kwargs)
    return Meeting(id=id, when=When.parse(when), **fields)


# -- memberships, the slow and obvious way --------------------------------------------


def holding(actor: Actor, when: When | None) -> list[str]:
    """The organizations of the memberships of ``actor`` that hold at ``when``.

    A membership holds if it has no period, or its period overlaps ``when``;
    at no time (``None``: every time), every membership holds.
    """
    return [
        m.organization
        for m in actor.memberships
        if m.when is None or when is None or m.when.overlaps(when)
    ]


def walk_tops(actors: Mapping[str, Actor], actor: str, when: When | None) -> tuple[str, ...]:
    """The top-level actors of ``actor`` at ``when``, by a walk of every membership that holds."""
    found: set[str] = set()
    seen: set[str] = set()
    stack = [actor]
    while stack:
        here = stack.pop()
        if here in seen:
            continue
        seen.add(here)
        above = holding(actors[here], when)
        if not above:
            found.add(here)
        stack.extend(above)
    return tuple(sorted(found))


def walk_reaches(
    actors: Mapping[str, Actor], actor: str, targets: Iterable[str], when: When | None
) -> bool:
    """Whether ``actor`` is one of ``targets`` or, at ``when``, a member of one (or theirs)."""
    wanted = set(targets)
    seen: set[str] = set()
    stack = [actor]
    while stack:
        here = stack.pop()
        if here in wanted:
            return True
        if here not in seen:
            seen.add(here)
            stack.extend(holding(actors[here], when))
    return False


@contextlib.contextmanager
def collector(*, enabled: bool) -> Iterator[None]:
    """Run the block with the garbage collector on or off, then as it was before."""
    was = gc.isenabled()
    try:
        if enabled:
            gc.enable()
        else:
            gc.disable()
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()
