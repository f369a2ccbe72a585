"""Tests of the domain model (secdialogue._model) and its field checks (secdialogue._checks)."""

from __future__ import annotations

import pickle
import weakref
from typing import Any

import attrs
import pytest
from hypothesis import given

import secdialogue
from secdialogue import (
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
    ValidationError,
    When,
    Wording,
)
from secdialogue._checks import (
    MAX_ID_LENGTH,
    MAX_TEXT_LENGTH,
    check_id,
    check_ids,
    check_text,
    excerpt,
)
from secdialogue._model import MAX_MEMBERSHIPS
from strategies import (
    actors,
    citations,
    demands,
    meetings,
    memberships,
    outcomes,
    places,
    sources,
    statements,
)

GENEVA = Place(city="Geneva", country="CH", zone="Europe/Zurich", venue="US Mission")
TALKS = When.parse("2022-01-10T09:00+01:00[Europe/Zurich]")
MFA = Membership(organization="russian-mfa", role="Deputy Foreign Minister")


def problem(info: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    """The (path, code) of the one problem an error carries."""
    (only,) = info.value.problems
    return only.path, only.code


def refused(make: Any, **fields: Any) -> tuple[str, str]:
    """Build with these fields, expect a ValidationError, return its (path, code)."""
    with pytest.raises(ValidationError) as info:
        make(**fields)
    return problem(info)


def actor(**fields: Any) -> Actor:
    """A valid person, changed by ``fields``."""
    values: dict[str, Any] = {
        "id": "sergey-ryabkov",
        "kind": ActorKind.PERSON,
        "name": "Sergey Ryabkov",
        "aliases": ("Ryabukov",),
        "memberships": (MFA,),
        "wikidata": "Q4394526",
    }
    return Actor(**{**values, **fields})


def meeting(**fields: Any) -> Meeting:
    """A valid meeting, changed by ``fields``."""
    values: dict[str, Any] = {
        "id": "geneva-ssd",
        "participants": ("russia", "usa"),
        "when": TALKS,
        "format": MeetingFormat.BILATERAL_TALKS,
        "status": MeetingStatus.HELD,
        "heads": ("sergey-ryabkov", "wendy-sherman"),
        "venue": GENEVA,
        "series": "Strategic Stability Dialogue",
        "round": 1,
        "topics": ("security-guarantees",),
    }
    return Meeting(**{**values, **fields})


def demand(**fields: Any) -> Demand:
    """A valid demand, changed by ``fields``."""
    values: dict[str, Any] = {
        "id": "no-nato-expansion",
        "by": "russia",
        "to": ("usa", "nato"),
        "summary": "Legally binding guarantees that NATO will not expand eastward.",
        "when": When.parse("2021-12-17[Europe/Moscow]"),
    }
    return Demand(**{**values, **fields})


def statement(**fields: Any) -> Statement:
    """A valid statement, changed by ``fields``."""
    values: dict[str, Any] = {
        "id": "ryabkov-no-concessions",
        "speakers": ("sergey-ryabkov",),
        "when": When.parse("2022-01-09[Europe/Moscow]"),
        "text": "We will not make any concessions under pressure.",
        "wording": Wording.QUOTE,
        "on_behalf_of": ("russia",),
        "place": GENEVA,
        "meeting": "geneva-ssd",
        "channel": "Russian media",
        "stances": (Stance(demand="no-nato-expansion", position=Position.ADVANCES),),
    }
    return Statement(**{**values, **fields})


def outcome(**fields: Any) -> Outcome:
    """A valid outcome between two invented states, changed by ``fields``."""
    values: dict[str, Any] = {
        "id": "carrow-truce",
        "kind": OutcomeKind.AGREEMENT,
        "summary": "Arvenia and Belmora agree to a truce along the river.",
        "when": When.parse("2031-05-02[Europe/Vienna]"),
        "stage": OutcomeStage.CEASEFIRE,
        "meeting": "carrow-round-1",
        "parties": ("arvenia", "belmora"),
        "signatories": ("ada-arven", "bo-belm", "dostania"),
        "demands": ("truce",),
        "topics": ("truce",),
        "sources": (Citation(source="carrow-text"),),
    }
    return Outcome(**{**values, **fields})


def source(**fields: Any) -> Source:
    """A valid source, changed by ``fields``."""
    values: dict[str, Any] = {
        "id": "article",
        "title": "Russia-US talks in Geneva",
        "publisher": "Example News",
        "url": "https://example.org/geneva",
        "published": When.parse("2022-01-10[Europe/Zurich]"),
    }
    return Source(**{**values, **fields})


MODEL_CLASSES = sorted(
    (
        value
        for value in vars(secdialogue).values()
        if attrs.has(value) and value.__module__ in {"secdialogue._model", "secdialogue._time"}
    ),
    key=lambda cls: cls.__name__,
)


def test_model_classes():
    """The model's eleven classes and When."""
    assert len(MODEL_CLASSES) == 12


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_no_weak_references(cls):
    """Values hold no slot for weak references, which would cost each a pointer."""
    assert "__slots__" in vars(cls)
    assert not any("__weakref__" in vars(base) for base in cls.__mro__)


def test_weak_reference_refused():
    """So a weak reference to a value is refused."""
    with pytest.raises(TypeError, match="weak reference"):
        weakref.ref(When.parse("2022-01-10[Europe/Zurich]"))


class TestIds:
    @pytest.mark.parametrize(
        "value", ["a", "0", "sergey-ryabkov", "osce.pc_2022-01-13", "q" * MAX_ID_LENGTH]
    )
    def test_valid(self, value):
        """Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit."""
        check_id("id", value)

    @pytest.mark.parametrize(
        "value",
        [
            "",
            "Sergey",
            "-lead",
            ".hidden",
            "two words",
            "ryabkov\n",
            "q" * (MAX_ID_LENGTH + 1),
            "рябков",
            "a/b",
        ],
    )
    def test_invalid(self, value):
        """Empty, too long, capitalised, free text and other characters are refused."""
        with pytest.raises(ValidationError, match="is not a valid id") as info:
            check_id("speaker", value)
        assert ("$.speaker", "invalid-id") == problem(info)

    def test_not_a_string(self):
        """An int is not an id."""
        with pytest.raises(ValidationError, match="an id") as info:
            check_id("speaker", 7)
        assert ("$.speaker", "wrong-type") == problem(info)

    def test_tuple_items_named_by_index(self):
        """A bad id in a tuple is reported at its index."""
        with pytest.raises(ValidationError) as info:
            check_ids("participants", ("russia", "USA"))
        assert ("$.participants[1]", "invalid-id") == problem(info)

    def test_tuple_required(self):
        """Id lists are tuples, not lists or strings."""
        for value in (["russia"], "russia"):
            with pytest.raises(ValidationError) as info:
                check_ids("participants", value)
            assert ("$.participants", "wrong-type") == problem(info)

    def test_duplicates_named(self):
        """Repeated ids are refused, naming each one once."""
        with pytest.raises(ValidationError, match="lists nato, usa more than once") as info:
            check_ids("to", ("usa", "nato", "usa", "nato", "osce"))
        assert ("$.to", "duplicate") == problem(info)


class TestTexts:
    def test_valid(self):
        """Any non-blank text without outer white space passes, up to the limit."""
        check_text("text", "Мы не пойдём на уступки.")
        check_text("text", "x" * MAX_TEXT_LENGTH)

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("", "blank"),
            ("   ", "blank"),
            (" padded", "untrimmed"),
            ("padded\n", "untrimmed"),
            ("x" * (MAX_TEXT_LENGTH + 1), "too-long"),
            ("lone \ud800 surrogate", "invalid-unicode"),
            ("Женева \udfff", "invalid-unicode"),
            (b"bytes", "wrong-type"),
            (None, "wrong-type"),
        ],
    )
    def test_invalid(self, value, code):
        """Blank, padded, over-long, non-Unicode and non-string texts are refused."""
        with pytest.raises(ValidationError) as info:
            check_text("summary", value)
        assert ("$.summary", code) == problem(info)

    def test_text_tuples(self):
        """Text tuples hold distinct short texts."""
        check_texts = attrs.fields(Actor).aliases.validator.check  # the model's rule for them
        check_texts("aliases", ("Ryabukov", "S. Ryabkov"))
        cases = [
            (["Ryabukov"], ("$.aliases", "wrong-type")),
            (("Ryabukov", "Ryabukov"), ("$.aliases", "duplicate")),
            (("ok", "x" * 1001), ("$.aliases[1]", "too-long")),
        ]
        for value, expected in cases:
            with pytest.raises(ValidationError) as info:
                check_texts("aliases", value)
            assert expected == problem(info)


class TestExcerpt:
    def test_short_values_whole(self):
        """A short value is shown as its repr."""
        assert "'Ryabukov'" == excerpt("Ryabukov")

    def test_long_values_cut(self):
        """A long value is cut to the limit, with an ellipsis."""
        shown = excerpt("x" * 100, limit=10)
        assert ("'xxxxxxxx…", 10) == (shown, len(shown))


class TestCitation:
    def test_fields(self):
        """A citation names a source and optionally the exact passage."""
        cite = Citation(source="article", excerpt="no concessions")
        assert ("article", "no concessions") == (cite.source, cite.excerpt)
        assert Citation(source="article").excerpt is None

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"source": "An Article"}, ("$.source", "invalid-id")),
            ({"source": "article", "excerpt": " "}, ("$.excerpt", "blank")),
        ],
    )
    def test_invalid(self, fields, expected):
        """A bad source id or a blank excerpt is refused."""
        assert expected == refused(Citation, **fields)


class TestMembership:
    def test_fields(self):
        """A membership names its organization, and optionally a role, a period and sources."""
        period = When.parse("2022-01-10[Europe/Zurich]")
        held = Membership(
            organization="russian-delegation",
            role="head of delegation",
            when=period,
            sources=(Citation(source="article"),),
        )
        assert ("russian-delegation", "head of delegation", period, "article") == (
            held.organization,
            held.role,
            held.when,
            held.sources[0].source,
        )
        assert (None, None, ()) == (MFA.when, Membership(organization="x").role, MFA.sources)

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"organization": "Russia"}, ("$.organization", "invalid-id")),
            ({"organization": "russia", "role": " "}, ("$.role", "blank")),
            ({"organization": "russia", "when": "2022"}, ("$.when", "wrong-type")),
            ({"organization": "russia", "sources": ("a",)}, ("$.sources[0]", "wrong-type")),
        ],
    )
    def test_invalid(self, fields, expected):
        """A bad organization id, role, period or citation is refused."""
        assert expected == refused(Membership, **fields)

    @given(memberships())
    def test_generated_memberships_are_distinct(self, held):
        """Generated memberships are distinct and equal to their copies."""
        assert len(held) == len(set(held))
        assert held == tuple(Membership(**attrs.asdict(m, recurse=False)) for m in held)


class TestPlace:
    def test_fields(self):
        """A place keeps country, region, city, venue and zone name, in that order."""
        expected = ("CH", None, "Geneva", "US Mission", "Europe/Zurich")
        assert expected == attrs.astuple(GENEVA)

    def test_country_alone(self):
        """Only the country is required: a place may be a country, a region or a venue."""
        assert ("BY", None, None, None, None) == attrs.astuple(Place(country="BY"))
        assert "Gomel Region, BY" == str(Place(country="BY", region="Gomel Region"))

    @pytest.mark.parametrize(
        ("fields", "text", "label"),
        [
            ({}, "CH", "CH"),
            ({"region": "Vaud"}, "Vaud, CH", "Vaud"),
            (
                {"venue": "Château de Coppet", "region": "Vaud"},
                "Château de Coppet, Vaud, CH",
                "Château de Coppet",
            ),
            (
                {"city": "Geneva", "venue": "US Mission", "zone": "Europe/Zurich"},
                "US Mission, Geneva, CH",
                "Geneva",
            ),
        ],
    )
    def test_str_and_label(self, fields, text, label):
        """str() names the place finest part first; label is its city, venue, region or country."""
        place = Place(country="CH", **fields)

        assert (text, label) == (str(place), place.label)

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"city": ""}, ("$.city", "blank")),
            ({"region": "\tVaud"}, ("$.region", "untrimmed")),
            ({"country": "CHE"}, ("$.country", "invalid-format")),
            ({"country": "ch"}, ("$.country", "invalid-format")),
            ({"country": 41}, ("$.country", "wrong-type")),
            ({"zone": "Europe/Geneva"}, ("$.zone", "invalid-zone")),
            ({"zone": "+01:00"}, ("$.zone", "invalid-zone")),
            ({"venue": " US Mission"}, ("$.venue", "untrimmed")),
        ],
    )
    def test_invalid(self, fields, expected):
        """Blank or padded text, non-alpha-2 countries and unknown zones are refused."""
        values = {"city": "Geneva", "country": "CH", "zone": "Europe/Zurich", **fields}
        assert expected == refused(Place, **values)

    @given(places())
    def test_generated_places_are_equal_to_their_copies(self, place):
        """A place equals a field-by-field copy of itself."""
        assert place == Place(**attrs.asdict(place))


class TestActor:
    def test_person(self):
        """A person keeps name, aliases, memberships and Wikidata id."""
        person = actor()
        assert ("Sergey Ryabkov", ("Ryabukov",), (MFA,), "Q4394526") == (
            person.name,
            person.aliases,
            person.memberships,
            person.wikidata,
        )

    def test_several_memberships_at_once(self):
        """A person may hold several memberships at once, each with its own role and period."""
        delegation = Membership(
            organization="russian-delegation",
            role="head of delegation",
            when=When.parse("2022-01-10[Europe/Zurich]"),
        )
        assert (MFA, delegation) == actor(memberships=(MFA, delegation)).memberships

    def test_state_with_iso3(self):
        """A state may carry its ISO 3166-1 alpha-3 code."""
        russia = Actor(
            id="russia", kind=ActorKind.STATE, name="Russia", iso3="RUS", wikidata="Q159"
        )
        assert ("RUS", "Q159") == (russia.iso3, russia.wikidata)

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"id": "Sergey Ryabkov"}, ("$.id", "invalid-id")),
            ({"kind": "person"}, ("$.kind", "wrong-type")),
            ({"name": ""}, ("$.name", "blank")),
            ({"aliases": ["Ryabukov"]}, ("$.aliases", "wrong-type")),
            ({"aliases": ("Sergey Ryabkov",)}, ("$.aliases", "duplicate")),
            ({"memberships": [MFA]}, ("$.memberships", "wrong-type")),
            ({"memberships": ("russia",)}, ("$.memberships[0]", "wrong-type")),
            ({"memberships": (MFA, MFA)}, ("$.memberships", "duplicate")),
            ({"memberships": (MFA,) * 101}, ("$.memberships", "too-many-items")),
            ({"iso3": "RUS"}, ("$.iso3", "not-applicable")),
            ({"iso3": "RU"}, ("$.iso3", "invalid-format")),
            ({"wikidata": "Q0159"}, ("$.wikidata", "invalid-format")),
            ({"wikidata": "159"}, ("$.wikidata", "invalid-format")),
            ({"wikidata": "Q"}, ("$.wikidata", "invalid-format")),
            ({"sources": [Citation(source="a")]}, ("$.sources", "wrong-type")),
            ({"sources": ("a",)}, ("$.sources[0]", "wrong-type")),
            (
                {"sources": (Citation(source="a"), Citation(source="a"))},
                ("$.sources", "duplicate"),
            ),
            ({"kind": ActorKind.STATE}, ("$.memberships", "not-applicable")),
            ({"kind": ActorKind.ORGANIZATION}, ("$.memberships", "not-applicable")),
        ],
    )
    def test_invalid(self, fields, expected):
        """Each rule of an actor is checked, with the field as path."""
        assert expected == refused(actor, **fields)

    @pytest.mark.parametrize("kind", [ActorKind.PERSON, ActorKind.BODY, ActorKind.GROUP])
    def test_memberships_for_persons_bodies_groups(self, kind):
        """Persons, bodies and groups may hold memberships."""
        assert (MFA,) == actor(kind=kind).memberships

    def test_up_to_the_limit_of_memberships(self):
        """An actor holds up to MAX_MEMBERSHIPS memberships."""
        held = tuple(Membership(organization=f"body-{n}") for n in range(MAX_MEMBERSHIPS))
        assert held == actor(memberships=held).memberships

    def test_two_citations_of_one_source(self):
        """One source may be cited twice for different passages."""
        cites = (Citation(source="a", excerpt="one"), Citation(source="a", excerpt="two"))
        assert cites == actor(sources=cites).sources

    def test_frozen_and_evolve(self):
        """Actors cannot be changed in place; evolve makes a checked copy."""
        person = actor()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            person.name = "Ryabukov"  # type: ignore[misc]
        with pytest.raises(ValidationError):
            attrs.evolve(person, aliases=("Sergey Ryabkov",))

    def test_keyword_only(self):
        """Fields are given by name only."""
        with pytest.raises(TypeError):
            Actor("russia", ActorKind.STATE, "Russia")  # type: ignore[misc]

    @given(actors())
    def test_generated_actors_pickle(self, value):
        """An actor survives pickling, equal and with an equal hash."""
        again = pickle.loads(pickle.dumps(value))  # noqa: S301 -- our own data
        assert (value, hash(value)) == (again, hash(again))


class TestMeeting:
    def test_fields(self):
        """A meeting keeps who, when, where, how and in which series."""
        talks = meeting()
        expected = (("russia", "usa"), TALKS, GENEVA, "Strategic Stability Dialogue", 1)
        assert expected == (talks.participants, talks.when, talks.venue, talks.series, talks.round)

    def test_virtual_meeting_without_venue(self):
        """A call needs no venue."""
        call = meeting(format=MeetingFormat.CALL, venue=None, heads=(), round=None)
        assert (None, ()) == (call.venue, call.heads)

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"participants": ()}, ("$.participants", "empty")),
            ({"participants": ("russia", "russia")}, ("$.participants", "duplicate")),
            ({"participants": ("Russia",)}, ("$.participants[0]", "invalid-id")),
            ({"when": "2022-01-10[Europe/Zurich]"}, ("$.when", "wrong-type")),
            ({"format": "bilateral_talks"}, ("$.format", "wrong-type")),
            ({"status": MeetingFormat.CALL}, ("$.status", "wrong-type")),
            ({"heads": ["sergey-ryabkov"]}, ("$.heads", "wrong-type")),
            ({"venue": "Geneva"}, ("$.venue", "wrong-type")),
            ({"series": ""}, ("$.series", "blank")),
            ({"round": 0}, ("$.round", "invalid-round")),
            ({"round": 10_000}, ("$.round", "invalid-round")),
            ({"round": "1"}, ("$.round", "invalid-round")),
            ({"round": True}, ("$.round", "invalid-round")),
            ({"topics": ("Security Guarantees",)}, ("$.topics[0]", "invalid-id")),
            ({"sources": (Citation(source="x"),) * 2}, ("$.sources", "duplicate")),
        ],
    )
    def test_invalid(self, fields, expected):
        """Each rule of a meeting is checked, with the field as path."""
        assert expected == refused(meeting, **fields)

    @pytest.mark.parametrize("status", list(MeetingStatus))
    def test_every_status(self, status):
        """Planned, held, cancelled, postponed and ended-early meetings can be recorded."""
        assert status == meeting(status=status).status

    @given(meetings())
    def test_generated_meetings_have_participants(self, value):
        """Every meeting has at least one participant, all distinct."""
        assert len(set(value.participants)) == len(value.participants) >= 1

    def test_roles(self):
        """A host may be a party; mediators and observers are kept apart from the parties."""
        talks = meeting(hosts=("usa", "swiss"), mediators=("osce",), observers=("un",))

        assert (("usa", "swiss"), ("osce",), ("un",)) == (
            talks.hosts,
            talks.mediators,
            talks.observers,
        )

    def test_involved_in_every_role_or_some(self):
        """involved() lists each actor once, in field order; with roles, only those roles."""
        talks = meeting(hosts=("usa", "swiss"), mediators=("osce",), observers=("un",))

        assert ("russia", "usa", "swiss", "osce", "un", "sergey-ryabkov", "wendy-sherman") == (
            talks.involved()
        )
        assert ("usa", "swiss", "osce") == talks.involved(Role.MEDIATOR, Role.HOST)
        assert ("sergey-ryabkov", "wendy-sherman") == talks.involved(Role.HEAD)
        fields = ["participants", "hosts", "mediators", "observers", "heads"]
        assert fields == [r.field for r in Role]

    def test_involved_refuses_other_values(self):
        """involved() takes Role values only."""
        with pytest.raises(ValidationError, match=r"such as Role\.HOST, not 'host'"):
            meeting().involved("host")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"mediators": ("usa",)}, ("$.mediators[0]", "conflict")),
            ({"observers": ("osce", "russia")}, ("$.observers[1]", "conflict")),
            ({"mediators": ("osce",), "observers": ("osce",)}, ("$.observers[0]", "conflict")),
            ({"hosts": ("usa", "usa")}, ("$.hosts", "duplicate")),
            ({"mediators": ("OSCE",)}, ("$.mediators[0]", "invalid-id")),
            ({"observers": ["un"]}, ("$.observers", "wrong-type")),
        ],
    )
    def test_roles_refused(self, fields, expected):
        """A party cannot mediate or observe, nor a mediator observe; role lists are id lists."""
        assert expected == refused(meeting, **fields)

    @pytest.mark.parametrize("status", [MeetingStatus.POSTPONED, MeetingStatus.CANCELLED])
    def test_rescheduled(self, status):
        """A postponed or cancelled meeting may name the meeting that replaces it."""
        moved = meeting(status=status, rescheduled_as="geneva-ssd-later")

        assert "geneva-ssd-later" == moved.rescheduled_as

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"rescheduled_as": "later"}, ("$.rescheduled_as", "not-applicable")),
            (
                {"status": MeetingStatus.PLANNED, "rescheduled_as": "later"},
                ("$.rescheduled_as", "not-applicable"),
            ),
            (
                {"status": MeetingStatus.POSTPONED, "rescheduled_as": "geneva-ssd"},
                ("$.rescheduled_as", "reschedule-cycle"),
            ),
            (
                {"status": MeetingStatus.POSTPONED, "rescheduled_as": "Later"},
                ("$.rescheduled_as", "invalid-id"),
            ),
        ],
    )
    def test_rescheduled_refused(self, fields, expected):
        """Only a postponed or cancelled meeting is rescheduled, and never as itself."""
        assert expected == refused(meeting, **fields)

    def test_rescheduled_message_says_what_to_do(self):
        """The message names the status and says to leave the field out or change the status."""
        with pytest.raises(ValidationError, match="this one is ended early: leave it out"):
            meeting(status=MeetingStatus.ENDED_EARLY, rescheduled_as="later")


class TestOutcome:
    def test_fields(self):
        """An outcome keeps its kind, stage, time, meeting, parties, signatories and demands."""
        truce = outcome()

        assert (
            OutcomeKind.AGREEMENT,
            OutcomeStage.CEASEFIRE,
            "carrow-round-1",
            ("arvenia", "belmora"),
            ("ada-arven", "bo-belm", "dostania"),
            ("truce",),
        ) == (
            truce.kind,
            truce.stage,
            truce.meeting,
            truce.parties,
            truce.signatories,
            truce.demands,
        )

    def test_declared_result_minimal(self):
        """A declared result needs only its kind, summary, time and parties."""
        result = Outcome(
            id="no-truce",
            kind=OutcomeKind.DECLARED_RESULT,
            summary="No truce was agreed.",
            when=When.parse("2031-04[Europe/Vienna]"),
            parties=("arvenia", "belmora"),
        )

        assert (None, None, (), ()) == (
            result.stage,
            result.meeting,
            result.signatories,
            result.demands,
        )

    def test_involved(self):
        """involved() lists the parties, then signatories who are not parties, each once."""
        signed = outcome(signatories=("belmora", "ada-arven"))

        assert ("arvenia", "belmora", "ada-arven") == signed.involved()

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"parties": ()}, ("$.parties", "empty")),
            ({"parties": ("arvenia", "arvenia")}, ("$.parties", "duplicate")),
            ({"kind": "agreement"}, ("$.kind", "wrong-type")),
            ({"stage": "ceasefire"}, ("$.stage", "wrong-type")),
            ({"summary": " x"}, ("$.summary", "untrimmed")),
            ({"when": None}, ("$.when", "wrong-type")),
            ({"meeting": "Carrow"}, ("$.meeting", "invalid-id")),
            ({"signatories": ("x", "x")}, ("$.signatories", "duplicate")),
            ({"demands": ("Truce",)}, ("$.demands[0]", "invalid-id")),
            ({"sources": ("carrow-text",)}, ("$.sources[0]", "wrong-type")),
            (
                {"kind": OutcomeKind.DECLARED_RESULT},
                ("$.signatories", "not-applicable"),
            ),
        ],
    )
    def test_invalid(self, fields, expected):
        """Each rule of an outcome is checked; a declared result has no signatories."""
        assert expected == refused(outcome, **fields)

    def test_joint_statement_may_be_signed(self):
        """A joint statement may have signatories."""
        assert OutcomeKind.JOINT_STATEMENT == outcome(kind=OutcomeKind.JOINT_STATEMENT).kind

    @given(outcomes())
    def test_generated_outcomes_have_parties(self, value):
        """Every generated outcome has a party, and signatories only where it may."""
        assert value.parties
        assert not value.signatories or value.kind is not OutcomeKind.DECLARED_RESULT


class TestDemand:
    def test_fields(self):
        """A demand keeps who asks whom for what, and since when."""
        asked = demand()
        assert ("russia", ("usa", "nato")) == (asked.by, asked.to)

    def test_when_optional(self):
        """When a demand was first made may be unknown."""
        assert demand(when=None).when is None

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"by": "Russia"}, ("$.by", "invalid-id")),
            ({"to": ()}, ("$.to", "empty")),
            ({"to": ("usa", "russia")}, ("$.to", "self-addressed")),
            ({"to_described": ""}, ("$.to_described", "blank")),
            (
                {"links": [DemandLink(kind=LinkKind.PART_OF, demand="p")]},
                ("$.links", "wrong-type"),
            ),
            ({"links": ("p",)}, ("$.links[0]", "wrong-type")),
            (
                {"links": (DemandLink(kind=LinkKind.ANSWERS, demand="no-nato-expansion"),)},
                ("$.links[0].demand", "self-reference"),
            ),
            (
                {"links": (DemandLink(kind=LinkKind.ANSWERS, demand="p"),) * 2},
                ("$.links", "duplicate"),
            ),
            ({"summary": " x"}, ("$.summary", "untrimmed")),
            ({"when": "2021-12-17[Europe/Moscow]"}, ("$.when", "wrong-type")),
            ({"topics": "nato"}, ("$.topics", "wrong-type")),
        ],
    )
    def test_invalid(self, fields, expected):
        """Each rule of a demand is checked, with the field as path."""
        assert expected == refused(demand, **fields)

    def test_described_addressees(self):
        """Addressees the source does not name are described; then no id is needed."""
        asked = demand(to=(), to_described="the states that would guarantee its security")
        assert ((), "the states that would guarantee its security") == (
            asked.to,
            asked.to_described,
        )

    def test_links(self):
        """A demand links to a package it is part of, or to one it is made in return for."""
        asked = demand(
            links=(
                DemandLink(kind=LinkKind.PART_OF, demand="security-guarantees"),
                DemandLink(kind=LinkKind.IN_RETURN_FOR, demand="concessions"),
            )
        )
        assert [("part_of", "security-guarantees"), ("in_return_for", "concessions")] == [
            (link.kind.value, link.demand) for link in asked.links
        ]

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"kind": "part_of", "demand": "p"}, ("$.kind", "wrong-type")),
            ({"kind": LinkKind.PART_OF, "demand": "P"}, ("$.demand", "invalid-id")),
        ],
    )
    def test_invalid_link(self, fields, expected):
        """A link holds a LinkKind and a demand id."""
        assert expected == refused(DemandLink, **fields)

    def test_has_no_status(self):
        """A demand stores no status: it is derived from stances."""
        assert "status" not in attrs.fields_dict(Demand)

    @given(demands())
    def test_generated_demands_not_self_addressed(self, value):
        """No demand is addressed to its own maker."""
        assert value.by not in value.to


class TestStance:
    def test_fields(self):
        """A stance names a demand, a position and an optional note."""
        stance = Stance(demand="d", position=Position.CONDITIONAL, note="if Russia de-escalates")
        assert ("d", Position.CONDITIONAL) == (stance.demand, stance.position)

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"demand": "", "position": Position.REJECTS}, ("$.demand", "invalid-id")),
            ({"demand": "d", "position": "rejects"}, ("$.position", "wrong-type")),
            ({"demand": "d", "position": Position.REJECTS, "note": ""}, ("$.note", "blank")),
        ],
    )
    def test_invalid(self, fields, expected):
        """A bad demand id, position or note is refused."""
        assert expected == refused(Stance, **fields)


class TestPosition:
    @pytest.mark.parametrize(
        ("position", "plover"),
        [
            (Position.ADVANCES, "DEMAND"),
            (Position.SUPPORTS, "SUPPORT"),
            (Position.CONDITIONAL, "AGREE"),
            (Position.ACCEPTS, "AGREE"),
            (Position.REJECTS, "REJECT"),
            (Position.WITHDRAWS, "RETREAT"),
            (Position.NONCOMMITTAL, None),
        ],
    )
    def test_plover(self, position, plover):
        """Each position names its nearest PLOVER event category, if PLOVER has one."""
        assert plover == position.plover

    def test_required_values(self):
        """The vocabulary has at least advances, supports, accepts, conditional, rejects."""
        required = {"advances", "supports", "accepts", "conditional", "rejects"}
        assert required <= {p.value for p in Position}


class TestStatement:
    def test_fields(self):
        """A statement keeps speaker, principal, time, words and the stances they show."""
        said = statement()
        expected = (
            ("sergey-ryabkov",),
            ("russia",),
            ("russia",),
            Wording.QUOTE,
            "geneva-ssd",
            "Russian media",
        )
        assert expected == (
            said.speakers,
            said.on_behalf_of,
            said.principals,
            said.wording,
            said.meeting,
            said.channel,
        )

    def test_minimal(self):
        """Only id, speakers, when, text and wording are required; principals are the speakers."""
        said = Statement(
            id="s",
            speakers=("nato",),
            when=When.parse("2022-01-12[Europe/Brussels]"),
            text="The door stays open.",
            wording=Wording.PARAPHRASE,
        )
        assert ((), None, None, ("nato",)) == (
            said.stances,
            said.place,
            said.meeting,
            said.principals,
        )

    def test_joint(self):
        """A joint statement has several speakers, and may speak for several principals."""
        said = statement(speakers=("russia", "belarus"), on_behalf_of=("russia",))
        assert (("russia", "belarus"), ("russia",)) == (said.speakers, said.principals)

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"speakers": ("Ryabkov",)}, ("$.speakers[0]", "invalid-id")),
            ({"speakers": "ryabkov"}, ("$.speakers", "wrong-type")),
            ({"speakers": ()}, ("$.speakers", "empty")),
            ({"speakers": ("a", "a")}, ("$.speakers", "duplicate")),
            ({"when": None}, ("$.when", "wrong-type")),
            ({"text": ""}, ("$.text", "blank")),
            ({"wording": "quote"}, ("$.wording", "wrong-type")),
            ({"on_behalf_of": ("sergey-ryabkov",)}, ("$.on_behalf_of", "redundant")),
            ({"on_behalf_of": "russia"}, ("$.on_behalf_of", "wrong-type")),
            ({"place": "Geneva"}, ("$.place", "wrong-type")),
            ({"meeting": "Geneva talks"}, ("$.meeting", "invalid-id")),
            ({"channel": ""}, ("$.channel", "blank")),
            (
                {"stances": [Stance(demand="d", position=Position.REJECTS)]},
                ("$.stances", "wrong-type"),
            ),
            ({"stances": ("d",)}, ("$.stances[0]", "wrong-type")),
            (
                {
                    "stances": (
                        Stance(demand="d", position=Position.REJECTS),
                        Stance(demand="d", position=Position.ACCEPTS),
                    )
                },
                ("$.stances[1].demand", "duplicate"),
            ),
        ],
    )
    def test_invalid(self, fields, expected):
        """Each rule of a statement is checked, with the field as path."""
        assert expected == refused(statement, **fields)

    @given(statements())
    def test_generated_statements_one_stance_per_demand(self, value):
        """No statement takes two stances on one demand."""
        demands_seen = [s.demand for s in value.stances]
        assert len(set(demands_seen)) == len(demands_seen)


class TestSource:
    def test_fields(self):
        """A source keeps title, publisher, URL and publication time."""
        article = source()
        assert ("Example News", "https://example.org/geneva") == (article.publisher, article.url)

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"title": ""}, ("$.title", "blank")),
            ({"url": "example.org"}, ("$.url", "invalid-format")),
            ({"url": "ftp://example.org"}, ("$.url", "invalid-format")),
            ({"url": "https://exa mple.org"}, ("$.url", "invalid-format")),
            ({"published": "2022-01-10[Europe/Zurich]"}, ("$.published", "wrong-type")),
        ],
    )
    def test_invalid(self, fields, expected):
        """A blank title, a non-http URL or a non-When publication time is refused."""
        assert expected == refused(source, **fields)

    @given(sources())
    def test_generated_sources_pickle(self, value):
        """A source survives pickling, equal."""
        assert value == pickle.loads(pickle.dumps(value))  # noqa: S301 -- our own data

    @given(citations())
    def test_generated_citations_hash(self, value):
        """Equal citations hash alike."""
        assert hash(value) == hash(Citation(source=value.source, excerpt=value.excerpt))
