"""Shared test fixtures: a small dossier and a deep type comparison.

Test modules import these from here, never from each other.
"""

from __future__ import annotations

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
    Place,
    Position,
    Source,
    Stance,
    Statement,
    When,
    Wording,
)


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
                affiliation="russia",
                role="Deputy Foreign Minister",
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
                speaker="ryabkov",
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
