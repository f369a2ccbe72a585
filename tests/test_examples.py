"""Tests for secdialogue.examples: the built-in January 2022 dossier."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.resources import files

import pytest

import secdialogue
from secdialogue import (
    Actor,
    ActorKind,
    Dossier,
    MeetingFormat,
    MeetingStatus,
    Position,
    Precision,
    Statement,
    Wording,
)
from secdialogue.examples import january_2022

SOURCE = "security-dialogue-imminent"


def packaged_text() -> str:
    return (files("secdialogue") / "data" / "january-2022.json").read_text(encoding="utf-8")


def ids(collection: str) -> list[str]:
    """The ids of one collection, in file order, read from the packaged file without the codec."""
    return [entity["id"] for entity in json.loads(packaged_text())[collection]]


def statements() -> list[Statement]:
    dossier = january_2022()
    return [dossier.statement(i) for i in ids("statements")]


def actors() -> list[Actor]:
    dossier = january_2022()
    return [dossier.actor(i) for i in ids("actors")]


class TestPackaging:
    def test_data_file_is_package_data(self):
        """The dossier file ships inside the installed package."""
        assert (files("secdialogue") / "data" / "january-2022.json").is_file()

    def test_file_is_canonical_json(self):
        """The file is written as canonical JSON: two-space indent, UTF-8 text, a final newline."""
        text = packaged_text()

        expected = json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"

        assert expected == text

    def test_file_header(self):
        """The file declares format v1 and has the six collections in order."""
        data = json.loads(packaged_text())
        expected = {
            "keys": [
                "format",
                "version",
                "actors",
                "meetings",
                "demands",
                "statements",
                "outcomes",
                "sources",
            ],
            "format": "secdialogue",
            "version": 2,
        }

        assert expected == {
            "keys": list(data),
            "format": data["format"],
            "version": data["version"],
        }

    def test_import_secdialogue_does_not_load_examples(self):
        """`import secdialogue` leaves the examples module unloaded."""
        code = "import sys, secdialogue; print('secdialogue.examples' in sys.modules)"
        result = subprocess.run(  # noqa: S603 -- a fixed command
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        expected = "False"

        assert expected == result.stdout.strip()


class TestLoading:
    def test_loads_a_dossier_with_every_part(self):
        """The dossier loads with 11 actors, 6 meetings, 6 demands, 14 statements and 1 source."""
        dossier = january_2022()
        expected = (
            "<Dossier actors=11, meetings=6, demands=6, statements=14, outcomes=0, sources=1>"
        )

        assert isinstance(dossier, Dossier)
        assert expected == repr(dossier)

    def test_shared_between_calls(self):
        """Repeated calls return the same immutable dossier."""
        assert january_2022() is january_2022()

    def test_round_trips_byte_for_byte(self):
        """Dumping the loaded dossier gives back the packaged file exactly."""
        text = packaged_text()

        assert text == secdialogue.dumps(secdialogue.loads(text))


class TestActors:
    @pytest.mark.parametrize(
        ("actor", "alias"),
        [
            ("sergey-ryabkov", "Ryabukov"),
            ("antony-blinken", "Anthony Brinken"),
            ("nato", "North Atlantic Treaty Organization"),
            ("osce", "Organization for Security and Cooperation in Europe"),
            ("us-state-department", "US State Department"),
        ],
    )
    def test_source_spellings_are_aliases(self, actor, alias):
        """Names as the article spells them are kept as aliases of the correct name."""
        assert alias in january_2022().actor(actor).aliases

    def test_states_have_iso_codes(self):
        """Each state carries its ISO 3166-1 alpha-3 code."""
        expected = {"russia": "RUS", "united-states": "USA", "ukraine": "UKR"}

        assert expected == {a.id: a.iso3 for a in actors() if a.kind is ActorKind.STATE}

    def test_people_belong_to_their_party(self):
        """Each person and group is a member of its party, with the role the article gives."""
        expected = {
            "sergey-ryabkov": ("russia", "Deputy Foreign Minister"),
            "wendy-sherman": ("us-state-department", "Deputy Secretary of State"),
            "antony-blinken": ("us-state-department", "Secretary of State"),
            "jens-stoltenberg": ("nato", "Secretary-General"),
            "nato-foreign-ministers": ("nato", "Foreign ministers of the NATO member states"),
        }

        assert expected == {
            a.id: (m.organization, m.role)
            for a in actors()
            if a.kind in {ActorKind.PERSON, ActorKind.GROUP}
            for m in a.memberships
        }

    def test_reporting_channel_is_not_an_actor(self):
        """Russian media is a channel on statements, not a party."""
        assert "Russian media" not in {a.name for a in actors()}


class TestMeetings:
    def test_from_september_2021_to_january_13(self):
        """The meetings run from 2021-09-30 in Geneva to 2022-01-13 in Vienna, in this order."""
        dossier = january_2022()
        meetings = sorted((dossier.meeting(i) for i in ids("meetings")), key=lambda m: m.when)
        expected = [
            "2021-09-30[Europe/Zurich]",
            "2022-01-07",
            "2022-01-09Tevening",
            "2022-01-10[Europe/Zurich]",
            "2022-01-12[Europe/Brussels]",
            "2022-01-13[Europe/Vienna]",
        ]

        assert expected == [str(m.when) for m in meetings]

    def test_status_as_the_article_saw_it(self):
        """Past meetings are held; the ones the article announces are planned."""
        dossier = january_2022()
        expected = {
            "ssd-geneva-2021-09-30": MeetingStatus.HELD,
            "nato-foreign-ministers-2022-01-07": MeetingStatus.HELD,
            "ryabkov-sherman-meal-2022-01-09": MeetingStatus.PLANNED,
            "russia-us-geneva-2022-01-10": MeetingStatus.PLANNED,
            "russia-nato-brussels-2022-01-12": MeetingStatus.PLANNED,
            "russia-osce-vienna-2022-01-13": MeetingStatus.PLANNED,
        }

        assert expected == {i: dossier.meeting(i).status for i in ids("meetings")}

    def test_venues_only_where_the_article_names_them(self):
        """Only places the article names are venues: not the ministers' meeting, not the meal."""
        dossier = january_2022()
        expected = {
            "ssd-geneva-2021-09-30": ("Geneva", "CH", "Europe/Zurich"),
            "nato-foreign-ministers-2022-01-07": None,
            "ryabkov-sherman-meal-2022-01-09": None,
            "russia-us-geneva-2022-01-10": ("Geneva", "CH", "Europe/Zurich"),
            "russia-nato-brussels-2022-01-12": ("Brussels", "BE", "Europe/Brussels"),
            "russia-osce-vienna-2022-01-13": ("Vienna", "AT", "Europe/Vienna"),
        }

        assert expected == {
            i: None if (v := dossier.meeting(i).venue) is None else (v.city, v.country, v.zone)
            for i in ids("meetings")
        }

    def test_second_round_of_the_strategic_stability_dialogue(self):
        """The September meeting is round 2 of its series, led by Ryabkov and Sherman."""
        meeting = january_2022().meeting("ssd-geneva-2021-09-30")
        expected = ("Strategic Stability Dialogue", 2, ("sergey-ryabkov", "wendy-sherman"))

        assert expected == (meeting.series, meeting.round, meeting.heads)

    def test_working_meal_on_the_evening_of_the_9th(self):
        """The working meal is known to the part of the day, no finer."""
        meal = january_2022().meeting("ryabkov-sherman-meal-2022-01-09")
        expected = (MeetingFormat.WORKING_MEAL, Precision.PART_OF_DAY)

        assert expected == (meal.format, meal.when.precision)


class TestDemands:
    def test_each_demand_is_addressed_as_the_article_says(self):
        """Russia's demands and the US counter-demand go to whom the article names."""
        dossier = january_2022()
        expected = {
            "russia-security-guarantees": ("russia", ("united-states", "nato")),
            "russia-to-make-concessions": ("united-states", ("russia",)),
            "no-nato-eastward-expansion": ("russia", ("united-states", "nato")),
            "no-us-bases-in-former-soviet-states": ("russia", ("united-states",)),
            "no-us-military-cooperation-with-former-soviet-states": (
                "russia",
                ("united-states",),
            ),
            "nato-not-to-admit-ukraine": ("russia", ("nato",)),
        }

        assert expected == {
            i: (dossier.demand(i).by, dossier.demand(i).to) for i in ids("demands")
        }

    def test_no_invented_dates(self):
        """Russia's demands were made by the 7th, no date given; the counter-demand on the 7th."""
        dossier = january_2022()
        expected = dict.fromkeys(ids("demands"), "../2022-01-07")
        expected["russia-to-make-concessions"] = "2022-01-07[America/New_York]"

        assert expected == {i: str(dossier.demand(i).when) for i in ids("demands")}

    def test_the_package_and_the_counter_demand(self):
        """Russia's four requirements are parts of one package; the US demand answers it."""
        dossier = january_2022()
        parts = {
            d.id
            for d in dossier.demands
            if [(x.kind.value, x.demand) for x in d.links]
            == [("part_of", "russia-security-guarantees")]
        }
        (price,) = dossier.demand("russia-to-make-concessions").links

        assert 4 == len(parts)
        assert ("in_return_for", "russia-security-guarantees") == (price.kind.value, price.demand)


class TestStatements:
    def test_nato_rejects_no_expansion_on_the_7th(self):
        """NATO's foreign ministers reject the no-expansion demand on 2022-01-07."""
        dossier = january_2022()
        statement = dossier.statement("nato-ministers-2022-01-07-no-halt-to-expansion")
        expected = (
            "2022-01-07",
            "nato",
            [("no-nato-eastward-expansion", Position.REJECTS)],
        )

        assert expected == (
            str(statement.when),
            *dossier.top_level_of(statement.speakers[0], statement.when),
            [(s.demand, s.position) for s in statement.stances],
        )

    def test_ryabkov_speaks_on_the_9th(self):
        """Seven statements are Ryabkov's, each on 2022-01-09, where is not said."""
        expected = ["2022-01-09"] * 7

        assert expected == [str(s.when) for s in statements() if s.speakers == ("sergey-ryabkov",)]

    def test_direct_quotes(self):
        """Exactly the article's direct quotes are marked as quotes, word for word."""
        expected = {
            (
                "I think the idea that (dialogue) will make progress is naive."
                " Not to mention rapid progress."
            ),
            "I don't rule out any possibility, it's possible",
            "Americans don't have illusions.",
        }

        assert expected == {s.text for s in statements() if s.wording is Wording.QUOTE}

    def test_text_is_in_the_cited_passage(self):
        """Each statement's text appears verbatim in the first passage it cites."""
        expected: list[str] = []

        assert expected == [
            s.id for s in statements() if s.text not in (s.sources[0].excerpt or "")
        ]

    def test_russian_media_channel(self):
        """The channel is recorded only where the article names Russian media."""
        expected = {"ryabkov-2022-01-09-pragmatic", "ryabkov-2022-01-09-naive"}

        assert expected == {s.id for s in statements() if s.channel == "Russian media"}

    def test_no_invented_precision(self):
        """No meeting or statement is timed finer than the article gives: a day or part of one."""
        dossier = january_2022()
        whens = [dossier.meeting(i).when for i in ids("meetings")]
        whens += [s.when for s in statements()]
        expected = {Precision.DAY, Precision.PART_OF_DAY}

        assert expected == {w.precision for w in whens}

    def test_blinken_in_washington(self):
        """Blinken's statements are placed in Washington, on the 7th in its zone."""
        blinken = [s for s in statements() if s.speakers == ("antony-blinken",)]
        expected = [("Washington", "2022-01-07[America/New_York]")] * 2

        assert expected == [(s.place.city if s.place else None, str(s.when)) for s in blinken]


class TestCitations:
    def test_every_entity_cites_the_article_with_a_passage(self):
        """Every actor, meeting, demand and statement cites the article with an excerpt."""
        dossier = january_2022()
        cited = [
            *(dossier.actor(i) for i in ids("actors")),
            *(dossier.meeting(i) for i in ids("meetings")),
            *(dossier.demand(i) for i in ids("demands")),
            *(dossier.statement(i) for i in ids("statements")),
        ]
        expected: list[str] = []

        assert expected == [
            e.id
            for e in cited
            if not e.sources or any(c.source != SOURCE or not c.excerpt for c in e.sources)
        ]

    def test_source_is_the_article(self):
        """The one source is the article, titled by its headline, with nothing invented."""
        source = january_2022().source(SOURCE)
        expected = (
            'Security Dialogue Is Imminent! Russia "Proclaims" To The United States And NATO',
            None,
            None,
            None,
        )

        assert expected == (source.title, source.publisher, source.url, source.published)
