"""Tests of the Dossier: construction, integrity checks, look-ups and merging."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given

from fixtures import fictional
from secdialogue import (
    Actor,
    ActorKind,
    Citation,
    Demand,
    DemandLink,
    Dossier,
    IntegrityError,
    LinkKind,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Membership,
    NotFoundError,
    Outcome,
    OutcomeKind,
    Position,
    Source,
    Stance,
    Statement,
    ValidationError,
    When,
    Wording,
)
from secdialogue._kinds import KINDS
from strategies import WHOLE_DOSSIERS, dossiers

RUSSIA = Actor(id="russia", kind=ActorKind.STATE, name="Russia", iso3="RUS")
USA = Actor(id="usa", kind=ActorKind.STATE, name="United States", iso3="USA")
NATO = Actor(id="nato", kind=ActorKind.ORGANIZATION, name="NATO")
RYABKOV = Actor(
    id="ryabkov",
    kind=ActorKind.PERSON,
    name="Sergey Ryabkov",
    aliases=("Ryabukov",),
    memberships=(Membership(organization="russia", role="Deputy Foreign Minister"),),
)
SHERMAN = Actor(
    id="sherman",
    kind=ActorKind.PERSON,
    name="Wendy Sherman",
    memberships=(Membership(organization="usa"),),
)
ARTICLE = Source(id="article", title="Russia-US talks in Geneva")
TALKS = Meeting(
    id="geneva",
    participants=("russia", "usa"),
    heads=("ryabkov", "sherman"),
    when=When.parse("2022-01-10[Europe/Zurich]"),
    format=MeetingFormat.BILATERAL_TALKS,
    status=MeetingStatus.HELD,
    sources=(Citation(source="article"),),
)
GUARANTEES = Demand(
    id="guarantees",
    by="russia",
    to=("usa", "nato"),
    summary="Legal guarantees that NATO will not expand eastward.",
)
NO_CONCESSIONS = Statement(
    id="no-concessions",
    speakers=("ryabkov",),
    on_behalf_of=("russia",),
    when=When.parse("2022-01-09[Europe/Moscow]"),
    text="We will not make any concessions under pressure.",
    wording=Wording.QUOTE,
    meeting="geneva",
    stances=(Stance(demand="guarantees", position=Position.ADVANCES),),
    sources=(Citation(source="article", excerpt="no concessions"),),
)


def story(**changes: Any) -> Dossier:
    """The reference case in small, with some collections replaced."""
    values: dict[str, Any] = {
        "actors": [RUSSIA, USA, NATO, RYABKOV, SHERMAN],
        "meetings": [TALKS],
        "demands": [GUARANTEES],
        "statements": [NO_CONCESSIONS],
        "sources": [ARTICLE],
    }
    return Dossier(**{**values, **changes})


def problems(**changes: Any) -> list[tuple[str, str]]:
    """The (path, code) of every problem making the changed story raises."""
    with pytest.raises(IntegrityError) as info:
        story(**changes)
    return [(p.path, p.code) for p in info.value.problems]


def messages(**changes: Any) -> list[str]:
    """The message of every problem making the changed story raises."""
    with pytest.raises(IntegrityError) as info:
        story(**changes)
    return [p.message for p in info.value.problems]


class TestConstruction:
    def test_empty(self):
        """An empty dossier is valid."""
        expected = "<Dossier actors=0, meetings=0, demands=0, statements=0, outcomes=0, sources=0>"
        assert expected == repr(Dossier())

    def test_lists_become_tuples(self):
        """Collections given as lists or generators are kept as tuples, in order."""
        dossier = Dossier(actors=(a for a in [USA, RUSSIA]))
        assert Dossier(actors=(USA, RUSSIA)) == dossier

    def test_repr_counts(self):
        """The repr counts the entities of each kind."""
        expected = "<Dossier actors=5, meetings=1, demands=1, statements=1, outcomes=0, sources=1>"
        assert expected == repr(story())

    def test_equal_and_hashable(self):
        """Dossiers with equal contents are equal and hash alike."""
        assert (story(), hash(story())) == (story(), hash(story()))

    def test_frozen(self):
        """A dossier cannot be changed in place."""
        dossier = story()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            dossier._actors = ()  # type: ignore[misc]

    def test_evolve_checks_again(self):
        """A copy made with attrs.evolve is checked like a new dossier."""
        with pytest.raises(IntegrityError):
            attrs.evolve(story(), actors=[USA])

    def test_not_iterable(self):
        """A collection that is not iterable is refused at its field."""
        with pytest.raises(IntegrityError) as info:
            Dossier(actors=5)  # type: ignore[arg-type]
        assert [("$.actors", "wrong-type")] == [(p.path, p.code) for p in info.value.problems]

    def test_wrong_entity_type(self):
        """An entity in the wrong collection is refused at its index; other checks still run."""
        found = problems(actors=[RUSSIA, TALKS], sources=["article"])
        wrong = [p for p in found if p[1] == "wrong-type"]
        assert [("$.actors[1]", "wrong-type"), ("$.sources[0]", "wrong-type")] == wrong
        assert ("$.meetings[0].participants[1]", "unknown-reference") in found

    def test_wrong_entity_type_beside_a_bad_reference(self):
        """In a collection with an entity of the wrong type, a bad reference is still found."""
        lost = attrs.evolve(RYABKOV, id="lost", memberships=(Membership(organization="nowhere"),))
        found = problems(actors=[RUSSIA, TALKS, lost])
        assert [
            ("$.actors[1]", "wrong-type"),
            ("$.actors[2].memberships[0].organization", "unknown-reference"),
        ] == [p for p in found if p[0].startswith("$.actors")]

    @WHOLE_DOSSIERS
    @given(dossiers())
    def test_generated_dossiers_rebuild(self, dossier):
        """A valid dossier rebuilt from its own collections is equal to it."""
        rebuilt = Dossier(**{kind.key: dossier._entities(kind.key) for kind in KINDS})
        assert dossier == rebuilt


class TestDuplicateIds:
    def test_within_one_kind(self):
        """Two actors with one id are refused at the second."""
        twin = attrs.evolve(USA, name="USA")
        assert [("$.actors[2].id", "duplicate-id")] == problems(
            actors=[RUSSIA, USA, twin, NATO, RYABKOV, SHERMAN]
        )

    def test_across_kinds(self):
        """Ids are unique across kinds: a source may not reuse an actor's id."""
        clash = Source(id="nato", title="NATO press release")
        with pytest.raises(IntegrityError, match=r"already used by an? actor"):
            story(sources=[ARTICLE, clash])
        assert [("$.sources[1].id", "duplicate-id")] == problems(sources=[ARTICLE, clash])

    def test_equal_copies_are_duplicates(self):
        """An equal copy of an entity under the same id is still a duplicate."""
        copy = attrs.evolve(RUSSIA)
        assert [("$.actors[1].id", "duplicate-id")] == problems(
            actors=[RUSSIA, copy, USA, NATO, RYABKOV, SHERMAN]
        )

    def test_same_object_twice(self):
        """The same actor object listed twice is a duplicate id."""
        with pytest.raises(IntegrityError):
            Dossier(actors=[RUSSIA, RUSSIA])


class TestReferences:
    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            (
                {
                    "actors": [
                        RUSSIA,
                        USA,
                        NATO,
                        attrs.evolve(RYABKOV, memberships=(Membership(organization="rusia"),)),
                        SHERMAN,
                    ]
                },
                [("$.actors[3].memberships[0].organization", "unknown-reference")],
            ),
            (
                {"meetings": [attrs.evolve(TALKS, participants=("russia", "usa", "osce"))]},
                [("$.meetings[0].participants[2]", "unknown-reference")],
            ),
            (
                {"meetings": [attrs.evolve(TALKS, heads=("ryabkov", "blinken"))]},
                [("$.meetings[0].heads[1]", "unknown-reference")],
            ),
            (
                {"demands": [attrs.evolve(GUARANTEES, by="russian-federation")]},
                [("$.demands[0].by", "unknown-reference")],
            ),
            (
                {"demands": [attrs.evolve(GUARANTEES, to=("usa", "otan"))]},
                [("$.demands[0].to[1]", "unknown-reference")],
            ),
            (
                {"statements": [attrs.evolve(NO_CONCESSIONS, speakers=("ryabukov",))]},
                [("$.statements[0].speakers[0]", "unknown-reference")],
            ),
            (
                {"statements": [attrs.evolve(NO_CONCESSIONS, on_behalf_of=("kremlin",))]},
                [("$.statements[0].on_behalf_of[0]", "unknown-reference")],
            ),
            (
                {"statements": [attrs.evolve(NO_CONCESSIONS, meeting="geneva-2")]},
                [("$.statements[0].meeting", "unknown-reference")],
            ),
            (
                {
                    "statements": [
                        attrs.evolve(
                            NO_CONCESSIONS,
                            stances=(Stance(demand="no-expansion", position=Position.ADVANCES),),
                        )
                    ]
                },
                [("$.statements[0].stances[0].demand", "unknown-reference")],
            ),
            (
                {"sources": []},
                [
                    ("$.meetings[0].sources[0].source", "unknown-reference"),
                    ("$.statements[0].sources[0].source", "unknown-reference"),
                ],
            ),
            (
                {
                    "actors": [
                        RUSSIA,
                        USA,
                        NATO,
                        RYABKOV,
                        SHERMAN,
                        attrs.evolve(NATO, id="osce", sources=(Citation(source="pc"),)),
                    ]
                },
                [("$.actors[5].sources[0].source", "unknown-reference")],
            ),
            (
                {"demands": [attrs.evolve(GUARANTEES, sources=(Citation(source="tass"),))]},
                [("$.demands[0].sources[0].source", "unknown-reference")],
            ),
        ],
    )
    def test_dangling(self, changes, expected):
        """A reference to an id no entity has is reported where it is."""
        assert expected == problems(**changes)

    def test_did_you_mean(self):
        """An unknown id close to a known one of the right kind gets a suggestion."""
        changed = attrs.evolve(NO_CONCESSIONS, speakers=("ryabukov",))
        expected = [
            "no actor has the id 'ryabukov' (did you mean 'ryabkov'?): add it, or fix the id"
        ]
        assert expected == messages(statements=[changed])

    def test_no_suggestion_when_nothing_is_close(self):
        """An unknown id far from every known one gets no suggestion."""
        changed = attrs.evolve(NO_CONCESSIONS, speakers=("zzz",))
        assert ["no actor has the id 'zzz': add it, or fix the id"] == messages(
            statements=[changed]
        )

    def test_suggestion_of_the_right_kind(self):
        """The suggestion names an entity of the expected kind, not any close id."""
        changed = attrs.evolve(NO_CONCESSIONS, meeting="guarantee")
        assert ["no meeting has the id 'guarantee': add it, or fix the id"] == messages(
            statements=[changed]
        )

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            (
                {"statements": [attrs.evolve(NO_CONCESSIONS, speakers=("geneva",))]},
                [("$.statements[0].speakers[0]", "wrong-kind")],
            ),
            (
                {"statements": [attrs.evolve(NO_CONCESSIONS, meeting="guarantees")]},
                [("$.statements[0].meeting", "wrong-kind")],
            ),
            (
                {"meetings": [attrs.evolve(TALKS, sources=(Citation(source="russia"),))]},
                [("$.meetings[0].sources[0].source", "wrong-kind")],
            ),
            (
                {"demands": [attrs.evolve(GUARANTEES, to=("article",))]},
                [("$.demands[0].to[0]", "wrong-kind")],
            ),
        ],
    )
    def test_wrong_kind(self, changes, expected):
        """A reference to an entity of another kind is reported."""
        assert expected == problems(**changes)

    def test_wrong_kind_message(self):
        """The message says what the id names and what was expected."""
        changed = attrs.evolve(NO_CONCESSIONS, speakers=("geneva",))
        with pytest.raises(
            IntegrityError, match=r"'geneva' is a meeting, but an? actor is expected"
        ):
            story(statements=[changed])

    @pytest.mark.parametrize("head", ["russia", "nato"])
    def test_heads_must_be_persons(self, head):
        """A delegation head that is a state or organisation is refused."""
        changed = attrs.evolve(TALKS, heads=("ryabkov", head))
        assert [("$.meetings[0].heads[1]", "wrong-kind")] == problems(meetings=[changed])

    def test_heads_may_be_any_person(self):
        """A delegation head need not be a participant: any person will do."""
        pompeo = Actor(id="pompeo", kind=ActorKind.PERSON, name="Mike Pompeo")
        changed = attrs.evolve(TALKS, heads=("pompeo",))
        dossier = story(actors=[RUSSIA, USA, NATO, RYABKOV, SHERMAN, pompeo], meetings=[changed])
        assert ("pompeo",) == dossier.meeting("geneva").heads

    def test_all_problems_collected(self):
        """Every broken reference is reported in one error, in dossier order."""
        expected = [
            ("$.meetings[0].heads[1]", "wrong-kind"),
            ("$.demands[0].to[1]", "unknown-reference"),
            ("$.statements[0].speakers[0]", "unknown-reference"),
            ("$.statements[0].stances[0].demand", "wrong-kind"),
        ]
        assert expected == problems(
            meetings=[attrs.evolve(TALKS, heads=("ryabkov", "usa"))],
            demands=[attrs.evolve(GUARANTEES, to=("usa", "eu"))],
            statements=[
                attrs.evolve(
                    NO_CONCESSIONS,
                    speakers=("lavrov",),
                    stances=(Stance(demand="geneva", position=Position.REJECTS),),
                )
            ],
        )

    def test_duplicates_and_dangling_references_collected_together(self):
        """A duplicate id and a dangling reference are both reported in one error."""
        twin = attrs.evolve(USA, name="USA")
        changed = attrs.evolve(NO_CONCESSIONS, speakers=("lavrov",))
        expected = [
            ("$.actors[5].id", "duplicate-id"),
            ("$.statements[0].speakers[0]", "unknown-reference"),
        ]
        assert expected == problems(
            actors=[RUSSIA, USA, NATO, RYABKOV, SHERMAN, twin], statements=[changed]
        )


class TestMembershipCycles:
    def test_self_membership(self):
        """An actor that is a member of itself is a cycle."""
        body = Actor(
            id="mfa",
            kind=ActorKind.BODY,
            name="MFA",
            memberships=(Membership(organization="mfa"),),
        )
        with pytest.raises(IntegrityError, match="mfa -> mfa") as info:
            Dossier(actors=[body])
        assert [("$.actors[0].memberships[0].organization", "affiliation-cycle")] == [
            (p.path, p.code) for p in info.value.problems
        ]

    def test_longer_cycle_reported_once(self):
        """A cycle through three actors is reported once, at the first of them."""
        a = Actor(
            id="a", kind=ActorKind.BODY, name="A", memberships=(Membership(organization="b"),)
        )
        b = Actor(
            id="b", kind=ActorKind.BODY, name="B", memberships=(Membership(organization="c"),)
        )
        c = Actor(
            id="c", kind=ActorKind.GROUP, name="C", memberships=(Membership(organization="a"),)
        )
        with pytest.raises(IntegrityError, match="a -> b -> c -> a") as info:
            Dossier(actors=[a, b, c])
        assert [("$.actors[0].memberships[0].organization", "affiliation-cycle")] == [
            (p.path, p.code) for p in info.value.problems
        ]

    def test_chain_into_a_cycle(self):
        """An actor whose chain leads into a cycle is not itself reported."""
        a = Actor(
            id="a", kind=ActorKind.BODY, name="A", memberships=(Membership(organization="b"),)
        )
        b = Actor(
            id="b", kind=ActorKind.BODY, name="B", memberships=(Membership(organization="a"),)
        )
        lead_in = Actor(
            id="x", kind=ActorKind.PERSON, name="X", memberships=(Membership(organization="a"),)
        )
        for order in ([lead_in, a, b], [a, b, lead_in]):
            with pytest.raises(IntegrityError) as info:
                Dossier(actors=order)
            paths = [p.path for p in info.value.problems]
            assert [f"$.actors[{order.index(a)}].memberships[0].organization"] == paths

    def test_two_cycles(self):
        """Two separate cycles are both reported."""
        pairs = [
            Actor(
                id=i,
                kind=ActorKind.BODY,
                name=i.upper(),
                memberships=(Membership(organization=j),),
            )
            for i, j in (("a", "b"), ("b", "a"), ("c", "d"), ("d", "c"))
        ]
        with pytest.raises(IntegrityError) as info:
            Dossier(actors=pairs)
        assert [
            "$.actors[0].memberships[0].organization",
            "$.actors[2].memberships[0].organization",
        ] == [p.path for p in info.value.problems]

    def test_chains_are_fine(self):
        """A long chain of memberships without a loop is valid."""
        chain = [RUSSIA] + [
            Actor(
                id=f"b{n}",
                kind=ActorKind.BODY,
                name=f"B{n}",
                memberships=(Membership(organization=p),),
            )
            for n, p in enumerate(["russia", "b0", "b1", "b2"])
        ]
        assert "b3" in Dossier(actors=chain)


FICTION = fictional()
CARROW_1, CARROW_2, CALL = FICTION._meetings
PRINCIPLE, TRUCE = FICTION._outcomes


def fiction(**changes: Any) -> list[tuple[str, str]]:
    """The (path, code) of every problem the changed fictional dossier raises."""
    values = {kind.key: FICTION._entities(kind.key) for kind in KINDS}
    with pytest.raises(IntegrityError) as info:
        Dossier(**{**values, **changes})
    return [(p.path, p.code) for p in info.value.problems]


class TestMeetingReferences:
    @pytest.mark.parametrize(
        ("meeting", "expected"),
        [
            (
                attrs.evolve(CARROW_2, hosts=("dostnia",)),
                ("$.meetings[1].hosts[0]", "unknown-reference"),
            ),
            (
                attrs.evolve(CARROW_2, mediators=("carrow-1",)),
                ("$.meetings[1].mediators[0]", "wrong-kind"),
            ),
            (
                attrs.evolve(CARROW_2, observers=("concord", "truce")),
                ("$.meetings[1].observers[1]", "wrong-kind"),
            ),
            (
                attrs.evolve(CARROW_2, status=MeetingStatus.CANCELLED, rescheduled_as="carrow-3"),
                ("$.meetings[1].rescheduled_as", "unknown-reference"),
            ),
            (
                attrs.evolve(CARROW_2, status=MeetingStatus.CANCELLED, rescheduled_as="arvenia"),
                ("$.meetings[1].rescheduled_as", "wrong-kind"),
            ),
        ],
    )
    def test_roles_and_successor_must_exist(self, meeting, expected):
        """Hosts, mediators and observers are actors; a meeting is rescheduled as a meeting."""
        assert [expected] == fiction(meetings=[CARROW_1, meeting, CALL])

    def test_successor_suggested(self):
        """An unknown successor close to a meeting's id gets a did-you-mean hint."""
        moved = attrs.evolve(CARROW_1, rescheduled_as="carow-2")
        values = {kind.key: FICTION._entities(kind.key) for kind in KINDS}
        with pytest.raises(IntegrityError, match="did you mean 'carrow-2'"):
            Dossier(**{**values, "meetings": [moved, CARROW_2, CALL]})

    def test_referrers_of_a_host(self):
        """A host is a valid reference: the fictional dossier holds one."""
        assert ("dostania",) == FICTION.meeting("carrow-2").hosts


class TestRescheduleCycles:
    def test_two_meetings_rescheduled_as_each_other(self):
        """Two postponed meetings that each replace the other are one cycle, reported once."""
        back = attrs.evolve(CARROW_2, status=MeetingStatus.POSTPONED, rescheduled_as="carrow-1")

        assert [("$.meetings[0].rescheduled_as", "reschedule-cycle")] == fiction(
            meetings=[CARROW_1, back, CALL]
        )

    def test_cycle_message_shows_the_loop(self):
        """The message shows the loop from the meeting listed first."""
        meetings = [
            attrs.evolve(CARROW_1, id=f"m{n}", rescheduled_as=f"m{(n + 1) % 3}") for n in range(3)
        ]
        with pytest.raises(IntegrityError, match=r"cycle of 3: m2 -> m0 -> m1 -> m2;") as info:
            Dossier(
                actors=FICTION._actors, meetings=list(reversed(meetings)), sources=FICTION._sources
            )

        assert ["$.meetings[0].rescheduled_as"] == [p.path for p in info.value.problems]

    def test_long_cycle_shown_short(self):
        """A cycle of many meetings names its first five, then an ellipsis."""
        meetings = [
            attrs.evolve(CARROW_1, id=f"m{n:02d}", rescheduled_as=f"m{(n + 1) % 12:02d}")
            for n in range(12)
        ]
        with pytest.raises(
            IntegrityError, match=r"cycle of 12: m00 -> m01 -> m02 -> m03 -> m04 -> … -> m00;"
        ):
            Dossier(actors=FICTION._actors, meetings=meetings, sources=FICTION._sources)

    def test_chains_into_a_cycle_and_chains_are_fine(self):
        """A chain leading into a cycle is not reported; a chain without a loop is valid."""
        chain = [attrs.evolve(CARROW_1, id=f"c{n}", rescheduled_as=f"c{n + 1}") for n in range(4)]
        end = attrs.evolve(CARROW_2, id="c4")
        loop = [
            attrs.evolve(CARROW_1, id="x", rescheduled_as="y"),
            attrs.evolve(CARROW_1, id="y", rescheduled_as="x"),
            attrs.evolve(CARROW_1, id="lead-in", rescheduled_as="x"),
        ]
        kept = Dossier(actors=FICTION._actors, meetings=[*chain, end], sources=FICTION._sources)

        assert "c4" == kept.meeting("c3").rescheduled_as
        with pytest.raises(IntegrityError) as info:
            Dossier(
                actors=FICTION._actors, meetings=[*chain, end, *loop], sources=FICTION._sources
            )
        assert [("$.meetings[5].rescheduled_as", "reschedule-cycle")] == [
            (p.path, p.code) for p in info.value.problems
        ]


class TestOutcomes:
    def test_look_up(self):
        """outcome() finds an outcome by id; an id of another kind is not one."""
        assert TRUCE == FICTION.outcome("river-truce")
        assert TRUCE == FICTION.get("river-truce")
        with pytest.raises(NotFoundError, match="no outcome has the id 'truce'"):
            FICTION.outcome("truce")

    @pytest.mark.parametrize(
        ("outcome", "expected"),
        [
            (
                attrs.evolve(TRUCE, meeting="carrow-3"),
                ("$.outcomes[1].meeting", "unknown-reference"),
            ),
            (attrs.evolve(TRUCE, meeting="truce"), ("$.outcomes[1].meeting", "wrong-kind")),
            (
                attrs.evolve(TRUCE, parties=("arvenia", "x")),
                ("$.outcomes[1].parties[1]", "unknown-reference"),
            ),
            (
                attrs.evolve(TRUCE, signatories=("carrow-2",)),
                ("$.outcomes[1].signatories[0]", "wrong-kind"),
            ),
            (
                attrs.evolve(TRUCE, demands=("arvenia",)),
                ("$.outcomes[1].demands[0]", "wrong-kind"),
            ),
            (
                attrs.evolve(TRUCE, sources=(Citation(source="report"),)),
                ("$.outcomes[1].sources[0].source", "unknown-reference"),
            ),
        ],
    )
    def test_references(self, outcome, expected):
        """An outcome's meeting, parties, signatories, demands and citations must resolve."""
        assert [expected] == fiction(outcomes=[PRINCIPLE, outcome])

    def test_outcomes_are_merged_and_counted(self):
        """Merging keeps the outcomes of both; the same id with other content is a conflict."""
        without = attrs.evolve(FICTION, outcomes=())
        merged = without.merge(
            Dossier(
                actors=FICTION._actors,
                sources=FICTION._sources,
                meetings=FICTION._meetings,
                demands=FICTION._demands,
                outcomes=[TRUCE],
            )
        )
        changed = Dossier(
            actors=FICTION._actors,
            sources=FICTION._sources,
            demands=FICTION._demands,
            outcomes=[attrs.evolve(TRUCE, kind=OutcomeKind.JOINT_STATEMENT)],
        )

        assert (TRUCE,) == merged._outcomes
        with pytest.raises(IntegrityError) as info:
            FICTION.merge(changed)
        assert [("$.outcomes[0]", "merge-conflict")] == [
            (p.path, p.code) for p in info.value.problems
        ]

    def test_wrong_type_in_outcomes(self):
        """Something that is not an outcome among the outcomes is reported where it is."""
        assert [("$.outcomes[1]", "wrong-type")] == fiction(outcomes=[PRINCIPLE, CALL])

    def test_outcome_type_is_exported(self):
        """Outcome is a public class."""
        assert (
            "river-truce"
            == Outcome(
                id="river-truce",
                kind=OutcomeKind.AGREEMENT,
                summary="A truce.",
                when=TRUCE.when,
                parties=("arvenia",),
            ).id
        )


def _linked(id: str, *links: tuple[LinkKind, str]) -> Demand:  # noqa: A002
    return attrs.evolve(
        GUARANTEES, id=id, links=tuple(DemandLink(kind=k, demand=d) for k, d in links)
    )


class TestDemandLinks:
    def test_links_resolve(self):
        """Links name demands of the dossier: a part and its package, a price and its return."""
        package = attrs.evolve(GUARANTEES, id="package")
        part = _linked("part", (LinkKind.PART_OF, "package"))
        price = attrs.evolve(
            _linked("price", (LinkKind.IN_RETURN_FOR, "part")), by="usa", to=("russia",)
        )
        assert "price" in story(demands=[GUARANTEES, package, part, price])

    def test_dangling_and_wrong_kind(self):
        """A link to no demand, or to another kind of entity, is named where it is."""
        bad = _linked("bad", (LinkKind.ANSWERS, "nothing"), (LinkKind.PART_OF, "russia"))
        assert [
            ("$.demands[1].links[0].demand", "unknown-reference"),
            ("$.demands[1].links[1].demand", "wrong-kind"),
        ] == problems(demands=[GUARANTEES, bad])

    def test_package_cycle(self):
        """Demands that are parts of each other are refused once, at the link closing it."""
        demands = [
            _linked("a", (LinkKind.PART_OF, "b")),
            _linked("b", (LinkKind.PART_OF, "c"), (LinkKind.ANSWERS, "a")),
            _linked("c", (LinkKind.IN_RETURN_FOR, "b"), (LinkKind.PART_OF, "a")),
        ]
        with pytest.raises(IntegrityError, match="a -> b -> c -> a") as info:
            story(demands=[GUARANTEES, *demands])
        assert [("$.demands[3].links[1].demand", "package-cycle")] == [
            (p.path, p.code) for p in info.value.problems
        ]

    def test_long_cycle_shortened(self):
        """A cycle of many packages is shown by its first few, and reported once."""
        demands = [_linked(f"d{n}", (LinkKind.PART_OF, f"d{(n + 1) % 50}")) for n in range(50)]
        with pytest.raises(IntegrityError, match="cycle of 50 packages: d0 -> d1") as info:
            story(demands=[GUARANTEES, *demands])
        assert 1 == len(info.value.problems)
        assert "…" in info.value.problems[0].message

    def test_shared_parts_are_no_cycle(self):
        """A demand in two packages, and mutual conditions, are no cycle."""
        demands = [
            attrs.evolve(GUARANTEES, id="p1"),
            attrs.evolve(GUARANTEES, id="p2"),
            _linked("x", (LinkKind.PART_OF, "p1"), (LinkKind.PART_OF, "p2")),
            _linked("y", (LinkKind.PART_OF, "p1"), (LinkKind.IN_RETURN_FOR, "z")),
            _linked("z", (LinkKind.IN_RETURN_FOR, "y")),
        ]
        assert "z" in story(demands=[GUARANTEES, *demands])


def body(ident: str, *organizations: str, kind: ActorKind = ActorKind.BODY) -> Actor:
    """An actor of ``kind`` holding an undated membership in each of ``organizations``."""
    held = tuple(Membership(organization=o) for o in organizations)
    return Actor(id=ident, kind=kind, name=ident.upper(), memberships=held)


def period(text: str) -> Membership:
    """A membership in ``text``'s organization for its period: ``"nato 2014[UTC]/2022[UTC]"``."""
    organization, when = text.split(" ")
    return Membership(organization=organization, when=When.parse(when))


NORWAY = Actor(id="norway", kind=ActorKind.STATE, name="Norway")
STOLTENBERG = Actor(
    id="stoltenberg",
    kind=ActorKind.PERSON,
    name="Jens Stoltenberg",
    memberships=(period("norway 2005[UTC]/2013[UTC]"), period("nato 2014[UTC]/2024[UTC]")),
)


def said(when: str, **changes: Any) -> Statement:
    """Stoltenberg's rejection of the guarantees at ``when``, with some fields changed."""
    fields: dict[str, Any] = {
        "id": f"said-{when[:4]}",
        "speakers": ("stoltenberg",),
        "when": When.parse(when),
        "text": "No.",
        "wording": Wording.PARAPHRASE,
        "stances": (Stance(demand="guarantees", position=Position.REJECTS),),
        **changes,
    }
    return Statement(**fields)


def nato_story(*statements: Statement, **changes: Any) -> Dossier:
    """The small story with Norway and Stoltenberg, and these statements of his."""
    values: dict[str, Any] = {
        "actors": [RUSSIA, USA, NATO, NORWAY, STOLTENBERG],
        "demands": [GUARANTEES],
        "statements": list(statements),
    }
    return Dossier(**{**values, **changes})


class TestMemberships:
    def test_membership_citations_checked(self):
        """A membership's citations name sources, and a bad one is found where it is."""
        cited = attrs.evolve(
            RYABKOV,
            memberships=(
                Membership(organization="russia", sources=(Citation(source="article"),)),
                Membership(organization="usa", sources=(Citation(source="artcle"),)),
            ),
        )
        ((path, code),) = problems(actors=[RUSSIA, USA, NATO, cited, SHERMAN])
        assert ("$.actors[3].memberships[1].sources[0].source", "unknown-reference") == (
            path,
            code,
        )

    def test_cycle_through_one_of_several_memberships(self):
        """A cycle is found through any membership, not only an actor's first one."""
        actors = [RUSSIA, body("a", "russia"), body("b", "c"), body("c", "russia", "b")]
        with pytest.raises(IntegrityError) as info:
            Dossier(actors=actors)
        assert [
            ("$.actors[2].memberships[0].organization", "affiliation-cycle"),
            ("$.actors[3].memberships", "branching-membership"),
        ] == [(p.path, p.code) for p in info.value.problems]
        assert "b -> c -> b" in info.value.problems[0].message

    def test_long_cycle_shown_in_part(self):
        """A cycle of many actors names the first five and says how many there are."""
        actors = [body(f"a{n}", f"a{(n + 1) % 20}") for n in range(20)]
        with pytest.raises(IntegrityError) as info:
            Dossier(actors=actors)
        (problem,) = info.value.problems
        assert "a cycle of 20 actors: a0 -> a1 -> a2 -> a3 -> a4 -> … -> a0;" in problem.message

    def test_two_memberships_in_one_organization(self):
        """Two periods in one organization are two memberships, not a cycle."""
        both = attrs.evolve(
            STOLTENBERG, memberships=(period("nato 2014[UTC]"), period("nato 2016[UTC]"))
        )
        assert "stoltenberg" in Dossier(actors=[NATO, both])

    def test_branching_refused(self):
        """An actor others are members of holds one membership at most."""
        actors = [RUSSIA, USA, body("joint", "russia", "usa"), body("x", "joint")]
        with pytest.raises(IntegrityError) as info:
            Dossier(actors=actors)
        (problem,) = info.value.problems
        assert ("$.actors[2].memberships", "branching-membership") == (problem.path, problem.code)
        assert "'joint' holds 2 memberships, and others are members of it ('x' among" in (
            problem.message
        )

    def test_a_member_may_hold_several(self):
        """An actor that has no members holds as many memberships as it likes."""
        ryabkov = attrs.evolve(
            RYABKOV, memberships=(*RYABKOV.memberships, period("mfa 2022[UTC]"))
        )
        assert "ryabkov" in Dossier(actors=[RUSSIA, body("mfa", "russia"), ryabkov])

    def test_statement_with_one_top_level_actor_then(self):
        """A statement needs no on_behalf_of when its speaker has one top-level actor then."""
        d = nato_story(said("2012[UTC]"), said("2022[UTC]"))
        assert ("norway", "nato") == tuple(
            d.positions("guarantees", roll_up=True)[p].actor for p in ("norway", "nato")
        )

    @pytest.mark.parametrize("when", ["2013[UTC]/2014[UTC]", "2010[UTC]/2020[UTC]"])
    def test_statement_with_two_principals_refused(self, when):
        """A statement taking a stance when its speaker has two top-level actors is refused."""
        with pytest.raises(IntegrityError) as info:
            nato_story(said(when))
        (problem,) = info.value.problems
        assert ("$.statements[0].speakers[0]", "ambiguous-principal") == (
            problem.path,
            problem.code,
        )
        assert (
            f"'stoltenberg' belongs at {when} to 2 top-level actors through the memberships"
            " that hold then (nato, norway): say whom the statement speaks for in on_behalf_of"
        ) == problem.message

    def test_on_behalf_of_settles_it(self):
        """Naming the principal in on_behalf_of makes such a statement valid."""
        d = nato_story(said("2013[UTC]/2014[UTC]", on_behalf_of=("nato",)))
        assert ("nato",) == tuple(p.actor for p in d.positions("guarantees"))

    def test_on_behalf_of_with_two_principals_refused(self):
        """on_behalf_of naming an actor with two top-level actors then is refused too."""
        speaker = body("aide", kind=ActorKind.PERSON)
        with pytest.raises(IntegrityError) as info:
            nato_story(
                said(
                    "2013[UTC]/2014[UTC]",
                    speakers=("aide",),
                    on_behalf_of=("russia", "stoltenberg"),
                ),
                actors=[RUSSIA, USA, NATO, NORWAY, STOLTENBERG, speaker],
            )
        (problem,) = info.value.problems
        assert ("$.statements[0].on_behalf_of[1]", "ambiguous-principal") == (
            problem.path,
            problem.code,
        )
        assert problem.message.endswith("name the one the statement speaks for instead")

    def test_statement_without_stance_may_be_ambiguous(self):
        """A statement that takes no stance rolls up to nobody, so it needs no principal."""
        assert 1 == len(nato_story(said("2013[UTC]/2014[UTC]", stances=()))._statements)

    def test_demands_refused_with_two_top_level_actors(self):
        """A demand's maker and addressees need one top-level actor at its time (or always)."""
        made = Demand(id="d", by="stoltenberg", to=("russia",), summary="Talk.")
        asked = Demand(
            id="e",
            by="russia",
            to=("usa", "stoltenberg"),
            summary="Stop.",
            when=When.parse("2013[UTC]/2014[UTC]"),
        )
        fine = Demand(
            id="f", by="stoltenberg", to=("russia",), summary="Talk.", when=When.parse("2020[UTC]")
        )
        with pytest.raises(IntegrityError) as info:
            nato_story(demands=[made, asked, fine])
        assert [
            ("$.demands[0].by", "ambiguous-principal"),
            ("$.demands[1].to[1]", "ambiguous-principal"),
        ] == [(p.path, p.code) for p in info.value.problems]
        assert "(at no time given, so at every time)" in info.value.problems[0].message
        assert info.value.problems[0].message.endswith("make the demand by the one meant")
        assert info.value.problems[1].message.endswith("address the one meant")

    def test_top_level_of_an_actor(self):
        """top_level_of() follows the memberships that hold at the time asked, or all of them."""
        d = nato_story()
        assert ("norway",) == d.top_level_of("stoltenberg", "2010-05-01[Europe/Oslo]")
        assert ("nato",) == d.top_level_of(STOLTENBERG, When.parse("2022-01-07[UTC]"))
        assert ("stoltenberg",) == d.top_level_of("stoltenberg", "2000[UTC]")
        assert ("nato", "norway") == d.top_level_of("stoltenberg")
        assert ("russia",) == d.top_level_of("russia")

    def test_top_level_of_bad_arguments(self):
        """top_level_of() refuses an unknown actor, a wrong type and a clock time with no zone."""
        d = nato_story()
        with pytest.raises(NotFoundError, match="no actor has the id 'stoltenburg'"):
            d.top_level_of("stoltenburg")
        with pytest.raises(ValidationError) as info:
            d.top_level_of(5)  # type: ignore[arg-type]
        assert "wrong-type" == info.value.problems[0].code
        with pytest.raises(ValidationError):
            d.top_level_of("stoltenberg", "2022-01-07T10:00")

    def test_no_principal_check_when_memberships_are_broken(self):
        """A dangling membership is reported alone: top-level actors are not worked out over it."""
        lost = attrs.evolve(
            STOLTENBERG, memberships=(*STOLTENBERG.memberships, period("nowhere 2014[UTC]"))
        )
        with pytest.raises(IntegrityError) as info:
            nato_story(said("2014[UTC]"), actors=[RUSSIA, USA, NATO, NORWAY, lost])
        assert [("$.actors[4].memberships[2].organization", "unknown-reference")] == [
            (p.path, p.code) for p in info.value.problems
        ]


class TestLookUp:
    def test_typed_look_ups(self):
        """Each kind has its own look-up by id."""
        dossier = story()
        actual = (
            dossier.actor("ryabkov"),
            dossier.meeting("geneva"),
            dossier.demand("guarantees"),
            dossier.statement("no-concessions"),
            dossier.source("article"),
        )
        assert (RYABKOV, TALKS, GUARANTEES, NO_CONCESSIONS, ARTICLE) == actual

    @pytest.mark.parametrize(
        ("id", "expected"),
        [("usa", USA), ("geneva", TALKS), ("article", ARTICLE), ("guarantees", GUARANTEES)],
    )
    def test_get_any_kind(self, id, expected):  # noqa: A002
        """get() finds an entity of any kind."""
        assert expected == story().get(id)

    def test_contains(self):
        """`in` tells whether any entity has the id; non-strings are never in."""
        dossier = story()
        assert (True, False, False) == ("geneva" in dossier, "lavrov" in dossier, 1 in dossier)

    def test_not_found_is_a_key_error(self):
        """An unknown id raises NotFoundError, which `except KeyError` catches."""
        with pytest.raises(KeyError):
            story().actor("lavrov")

    @pytest.mark.parametrize(
        ("look_up", "id", "message"),
        [
            ("get", "ryabukov", "no entity has the id 'ryabukov' (did you mean 'ryabkov'?)"),
            ("actor", "ryabukov", "no actor has the id 'ryabukov' (did you mean 'ryabkov'?)"),
            ("actor", "geneva", "no actor has the id 'geneva'"),
            ("meeting", "genva", "no meeting has the id 'genva' (did you mean 'geneva'?)"),
            (
                "demand",
                "guarantee",
                "no demand has the id 'guarantee' (did you mean 'guarantees'?)",
            ),
            ("statement", "x", "no statement has the id 'x'"),
            ("source", "articles", "no source has the id 'articles' (did you mean 'article'?)"),
            ("get", 7, "no entity has the id 7"),
            ("get", ["geneva"], "no entity has the id ['geneva']"),
            ("actor", ["usa"], "no actor has the id ['usa']"),
        ],
    )
    def test_not_found_message(self, look_up, id, message):  # noqa: A002
        """The error names the kind looked for, the id, and a close id if there is one."""
        with pytest.raises(NotFoundError) as info:
            getattr(story(), look_up)(id)
        assert [("$", "not-found", message)] == [
            (p.path, p.code, p.message) for p in info.value.problems
        ]


class TestMerge:
    def test_disjoint(self):
        """Merging adds the other's new entities after this dossier's own."""
        left = story(meetings=[], statements=[])
        right = Dossier(actors=[RUSSIA, USA], meetings=[attrs.evolve(TALKS, heads=(), sources=())])
        merged = left.merge(right)
        assert story(statements=[], meetings=[attrs.evolve(TALKS, heads=(), sources=())]) == merged

    def test_overlap_kept_once(self):
        """An entity present in both with equal content is kept once."""
        dossier = story()
        assert dossier == dossier.merge(dossier)

    def test_with_empty(self):
        """Merging with an empty dossier changes nothing, either way round."""
        dossier = story()
        assert (dossier, dossier) == (dossier.merge(Dossier()), Dossier().merge(dossier))

    def test_conflicts_reported_in_the_other(self):
        """An id with different content in the two is a conflict, at its place in the other."""
        other = Dossier(
            actors=[RUSSIA, attrs.evolve(USA, name="USA")],
            sources=[attrs.evolve(ARTICLE, title="Talks in Geneva")],
        )
        with pytest.raises(IntegrityError, match="different content") as info:
            story().merge(other)
        assert [("$.actors[1]", "merge-conflict"), ("$.sources[0]", "merge-conflict")] == [
            (p.path, p.code) for p in info.value.problems
        ]

    def test_conflict_across_kinds(self):
        """An id that names an actor here and a source there is a conflict."""
        other = Dossier(sources=[Source(id="nato", title="NATO press release")])
        with pytest.raises(IntegrityError) as info:
            story().merge(other)
        assert [("$.sources[0]", "merge-conflict")] == [
            (p.path, p.code) for p in info.value.problems
        ]

    def test_references_across_the_two(self):
        """The other may refer to entities only this dossier has."""
        lavrov = Actor(
            id="lavrov",
            kind=ActorKind.PERSON,
            name="Sergey Lavrov",
            memberships=(Membership(organization="russia"),),
        )
        merged = story().merge(Dossier(actors=[RUSSIA, lavrov]))
        assert lavrov == merged.actor("lavrov")

    def test_merge_takes_a_dossier(self):
        """Merging with anything but a Dossier is a ValidationError naming the value."""
        with pytest.raises(ValidationError) as info:
            story().merge([RUSSIA])  # type: ignore[arg-type]
        assert [("$.other", "wrong-type")] == [(p.path, p.code) for p in info.value.problems]

    @WHOLE_DOSSIERS
    @given(dossiers())
    def test_merge_with_itself(self, dossier):
        """A dossier merged with itself is unchanged."""
        assert dossier == dossier.merge(dossier)

    @WHOLE_DOSSIERS
    @given(dossiers(max_entities=3), dossiers(max_entities=3))
    def test_merge_keeps_every_id_or_reports_conflicts(self, a, b):
        """A merge keeps the ids of both, or reports exactly the ids whose content differs."""
        conflicts = sorted(e.id for e in b._by_id.values() if e.id in a and a.get(e.id) != e)
        if conflicts:
            with pytest.raises(IntegrityError) as info:
                a.merge(b)
            reported = sorted(str(b.get(p.message.split("'")[1]).id) for p in info.value.problems)
            assert conflicts == reported
        else:
            assert set(a._by_id) | set(b._by_id) == set(a.merge(b)._by_id)
