"""A seeded generator of realistic synthetic dossiers, for the benchmarks.

``generate(statements, seed)`` builds a valid :class:`secdialogue.Dossier`
whose other collections grow in proportion to the number of statements:

* every state of a fixed list (real names, ISO codes, capitals and zones)
  and a handful of organisations, a foreign ministry per state, persons
  (one per 50 statements, at least 12) affiliated with a state or an
  organisation, and a few groups;
* one meeting per 20 statements (bilateral or multilateral talks, council
  sessions, calls, ...; some multi-day spans, some in a numbered series);
* one demand per 200 statements, one source per 100;
* statements spread over 2019 to 2023, a third of them at a meeting (same
  day, same place), with a mix of time precisions (about 45 % a day, 15 % a
  part of a day, 30 % a minute, 5 % a second, 4 % a month, 1 % a span),
  quotes with typographic apostrophes and accented names, 0 to 2 stances,
  0 to 2 topics and 1 or 2 citations with excerpts.

The same seed gives the same dossier, and so the same JSON text, on every
machine. ``bench/`` is not a package: import this file by path.
"""

from __future__ import annotations

import random
import unicodedata
from typing import TYPE_CHECKING, Final

import msgspec

import secdialogue
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
    PartOfDay,
    Place,
    Position,
    Source,
    Stance,
    Statement,
    When,
    Wording,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# Typographic quotes (U+2018, U+2019, U+201C, U+201D) on purpose: real reports use them.
# id, name, ISO 3166 alpha-2, alpha-3, Wikidata, capital, zone
STATES: Final = (
    ("russia", "Russia", "RU", "RUS", "Q159", "Moscow", "Europe/Moscow"),
    ("united-states", "United States", "US", "USA", "Q30", "Washington", "America/New_York"),
    ("ukraine", "Ukraine", "UA", "UKR", "Q212", "Kyiv", "Europe/Kyiv"),
    ("germany", "Germany", "DE", "DEU", "Q183", "Berlin", "Europe/Berlin"),
    ("france", "France", "FR", "FRA", "Q142", "Paris", "Europe/Paris"),
    ("united-kingdom", "United Kingdom", "GB", "GBR", "Q145", "London", "Europe/London"),
    ("poland", "Poland", "PL", "POL", "Q36", "Warsaw", "Europe/Warsaw"),
    ("belarus", "Belarus", "BY", "BLR", "Q184", "Minsk", "Europe/Minsk"),
    ("switzerland", "Switzerland", "CH", "CHE", "Q39", "Geneva", "Europe/Zurich"),
    ("austria", "Austria", "AT", "AUT", "Q40", "Vienna", "Europe/Vienna"),
    ("belgium", "Belgium", "BE", "BEL", "Q31", "Brussels", "Europe/Brussels"),
    ("china", "China", "CN", "CHN", "Q148", "Beijing", "Asia/Shanghai"),
    ("turkey", "Türkiye", "TR", "TUR", "Q43", "Ankara", "Europe/Istanbul"),
    ("finland", "Finland", "FI", "FIN", "Q33", "Helsinki", "Europe/Helsinki"),
    ("sweden", "Sweden", "SE", "SWE", "Q34", "Stockholm", "Europe/Stockholm"),
    ("estonia", "Estonia", "EE", "EST", "Q191", "Tallinn", "Europe/Tallinn"),
    ("latvia", "Latvia", "LV", "LVA", "Q211", "Riga", "Europe/Riga"),
    ("lithuania", "Lithuania", "LT", "LTU", "Q37", "Vilnius", "Europe/Vilnius"),
    ("kazakhstan", "Kazakhstan", "KZ", "KAZ", "Q232", "Astana", "Asia/Almaty"),
    ("japan", "Japan", "JP", "JPN", "Q17", "Tokyo", "Asia/Tokyo"),
    ("canada", "Canada", "CA", "CAN", "Q16", "Ottawa", "America/Toronto"),
    ("italy", "Italy", "IT", "ITA", "Q38", "Rome", "Europe/Rome"),
    ("georgia", "Georgia", "GE", "GEO", "Q230", "Tbilisi", "Asia/Tbilisi"),
    ("moldova", "Moldova", "MD", "MDA", "Q217", "Chișinău", "Europe/Chisinau"),
    ("hungary", "Hungary", "HU", "HUN", "Q28", "Budapest", "Europe/Budapest"),
    ("norway", "Norway", "NO", "NOR", "Q20", "Oslo", "Europe/Oslo"),
)

# id, name, alias, Wikidata, seat city, country, zone
ORGANIZATIONS: Final = (
    ("nato", "NATO", "North Atlantic Treaty Organization", "Q7184", "Brussels", "BE",
     "Europe/Brussels"),
    ("osce", "Organization for Security and Co-operation in Europe", "OSCE", "Q81299", "Vienna",
     "AT", "Europe/Vienna"),
    ("european-union", "European Union", "EU", "Q458", "Brussels", "BE", "Europe/Brussels"),
    ("united-nations", "United Nations", "UN", "Q1065", "New York", "US", "America/New_York"),
    ("csto", "Collective Security Treaty Organization", "CSTO", "Q188848", "Moscow", "RU",
     "Europe/Moscow"),
)  # fmt: skip

FIRST_NAMES: Final = (
    "Sergey", "Wendy", "Antony", "Jens", "Maria", "Olena", "Dmytro", "Annalena", "Jean-Yves",
    "Zbigniew", "Alexander", "Helga", "Karin", "Péter", "Mevlüt", "Wang", "Yoshimasa", "Mélanie",
    "Gabrielius", "Urmas", "Edgars", "Pekka", "Ann", "Josep", "Volker", "Nicu", "Ilir", "Sofía",
    "Tomáš", "Aleksandra",
)  # fmt: skip
LAST_NAMES: Final = (
    "Ryabkov", "Sherman", "Blinken", "Stoltenberg", "Zakharova", "Kuleba", "Grushko", "Baerbock",
    "Le Drian", "Rau", "Lukashevich", "Schmid", "Donnelly", "Szijjártó", "Çavuşoğlu", "Yi",
    "Hayashi", "Joly", "Landsbergis", "Reinsalu", "Rinkēvičs", "Haavisto", "Linde", "Borrell",
    "Türk", "Popescu", "Meta", "Núñez", "Petříček", "Kovačević",
)  # fmt: skip
ROLES: Final = (
    "Deputy Foreign Minister", "Foreign Minister", "Deputy Secretary of State",
    "Secretary-General", "Spokesperson", "Ambassador", "Permanent Representative",
    "Head of Delegation", "National Security Adviser", "Defence Minister",
)  # fmt: skip
TOPICS: Final = (
    "nato-expansion", "ukraine", "missile-deployment", "military-exercises", "arms-control",
    "sanctions", "energy", "cyber", "nuclear-weapons", "troop-movements", "confidence-building",
    "black-sea", "baltic-states", "inf-treaty", "humanitarian-corridors",
)  # fmt: skip
SERIES: Final = (
    "Strategic Stability Dialogue", "NATO-Russia Council", "OSCE Permanent Council",
    "Normandy Format", "Minsk Trilateral Contact Group",
)  # fmt: skip
CHANNELS: Final = (
    "Russian media", "TASS", "RIA Novosti", "Reuters", "AFP", "State Department briefing",
    "press conference", "Twitter", "Interfax", "Ukrinform",
)  # fmt: skip
PUBLISHERS: Final = (
    "TASS", "Reuters", "Associated Press", "Xinhua", "Deutsche Welle", "BBC News", "Le Monde",
    "Kommersant", "The Kyiv Independent", "NATO Public Diplomacy Division",
)  # fmt: skip
VERBS: Final = (
    "requires", "insists on", "will not accept", "is ready to discuss", "rejects",
    "welcomes", "calls for", "warns against", "cannot agree to", "would consider",
)  # fmt: skip
OBJECTS: Final = (
    "legal guarantees that rule out NATO\u2019s eastward expansion",
    "a halt to military exercises near its borders",
    "the withdrawal of forces to their 1997 positions",
    "a moratorium on intermediate-range missile deployments in Europe",
    "reciprocal transparency measures for large exercises",
    "talks on risk reduction in the Black Sea region",
    "the \u2018open door\u2019 policy of the Alliance",
    "a written answer to the draft treaties",
    "new confidence-building measures",
    "de-escalation along the line of contact",
)  # fmt: skip
QUALIFIERS: Final = (
    "", " \u201cwithout preconditions\u201d", ", provided that Russia also makes concessions",
    " as a matter of principle", " in the coming weeks", ", according to diplomats in Genève",
    ", and said the talks were \u201cfrank and useful\u201d",
    ", calling it a \u201cnon-starter\u201d",
)  # fmt: skip
DEMAND_SUMMARIES: Final = (
    "NATO provides legal guarantees that rule out its further eastward expansion.",
    "The United States does not deploy offensive strike weapons near Russia\u2019s borders.",
    "NATO does not admit {state} as a member.",
    "Russia withdraws its forces from the border of {state}.",
    "The parties agree on reciprocal limits to military exercises near {state}.",
    "{state} returns to the table of the Minsk agreements.",
    "The parties restore the military channels of communication.",
    "Sanctions against {state} are lifted.",
)  # fmt: skip
PARTS: Final = tuple(PartOfDay)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = "".join(c if c.isalnum() else "-" for c in ascii_text.lower())
    return "-".join(part for part in cleaned.split("-") if part)


class _Generator:
    """One run of the generator: the random stream, the entities made so far."""

    def __init__(self, statements: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.size = statements
        self.ids: set[str] = set()
        self.whens: dict[tuple[object, ...], When] = {}
        self.actors: list[Actor] = []
        self.persons: list[Actor] = []
        self.speakers: list[Actor] = []
        self.sources: list[Source] = []
        self.meetings: list[Meeting] = []
        self.demands: list[Demand] = []
        self.statements: list[Statement] = []
        self.zones: dict[str, tuple[str, str, str]] = {}  # actor id -> (city, country, zone)

    def unique(self, base: str) -> str:
        base = base[:56]
        candidate = base
        number = 2
        while candidate in self.ids:
            candidate = f"{base}-{number}"
            number += 1
        self.ids.add(candidate)
        return candidate

    def when(self, zone: str, *fields: int | PartOfDay | None) -> When:
        key = (zone, *fields)
        found = self.whens.get(key)
        if found is None:
            year, month, day, part, hour, minute, second = (*fields, *([None] * 7))[:7]
            found = When(
                zone=zone,
                year=year,  # type: ignore[arg-type]
                month=month,  # type: ignore[arg-type]
                day=day,  # type: ignore[arg-type]
                part=part,  # type: ignore[arg-type]
                hour=hour,  # type: ignore[arg-type]
                minute=minute,  # type: ignore[arg-type]
                second=second,  # type: ignore[arg-type]
            )
            self.whens[key] = found
        return found

    def date(self) -> tuple[int, int, int]:
        rng = self.rng
        year = rng.randint(2019, 2023)
        month = rng.randint(1, 12)
        return year, month, rng.randint(1, 25)

    def time_on(self, zone: str, year: int, month: int, day: int) -> When:
        """A time on a given local day, at a random precision."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return self.when(zone, year, month, day)
        if roll < 0.60:
            return self.when(zone, year, month, day, rng.choice(PARTS))
        # 08:00 to 20:59 local: no daylight-saving gap or fold in any of the zones.
        hour, minute = rng.randint(8, 20), rng.randrange(0, 60, rng.choice((1, 5, 15)))
        if roll < 0.90:
            return self.when(zone, year, month, day, None, hour, minute)
        if roll < 0.95:
            return self.when(zone, year, month, day, None, hour, minute, rng.randint(0, 59))
        if roll < 0.99:
            return self.when(zone, year, month)
        start = self.when(zone, year, month, day)
        # Days are 1 to 26 here: ending by the 28th keeps the span in any month.
        return start.until(self.when(zone, year, month, min(day + rng.randint(1, 3), 28)))

    def cite(self, count: int, said: str | None = None) -> tuple[Citation, ...]:
        """Citations of ``count`` sources; excerpts quote ``said`` where given."""
        rng = self.rng
        chosen = rng.sample(self.sources, count)
        out = []
        for source in chosen:
            if rng.random() < 0.7:
                words = said or f"the minister {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
                excerpt = f"{source.publisher or 'The source'} reported that {words}."
                out.append(Citation(source=source.id, excerpt=excerpt))
            else:
                out.append(Citation(source=source.id))
        return tuple(dict.fromkeys(out))

    # -- the collections -------------------------------------------------------------

    def make_sources(self) -> None:
        rng = self.rng
        for number in range(max(3, self.size // 100)):
            publisher = rng.choice(PUBLISHERS)
            title = f"{rng.choice(LAST_NAMES)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            year, month, day = self.date()
            ident = self.unique(f"{_slug(publisher)}-{year}-{month:02d}-{day:02d}-{number}")
            published = self.when("UTC", year, month, day) if rng.random() < 0.8 else None
            url = (
                f"https://news.example.org/{year}/{month:02d}/{ident}"
                if rng.random() < 0.6
                else None
            )
            source = Source(
                id=ident, title=title, publisher=publisher, url=url, published=published
            )
            self.sources.append(source)

    def make_actors(self) -> None:
        rng = self.rng
        for ident, name, iso2, iso3, qid, capital, zone in STATES:
            self.ids.add(ident)
            actor = Actor(
                id=ident, kind=ActorKind.STATE, name=name, iso3=iso3, wikidata=qid,
                sources=self.cite(1),
            )  # fmt: skip
            self.actors.append(actor)
            self.zones[ident] = (capital, iso2, zone)
        for ident, name, alias, qid, city, country, zone in ORGANIZATIONS:
            self.ids.add(ident)
            actor = Actor(
                id=ident, kind=ActorKind.ORGANIZATION, name=name, aliases=(alias,), wikidata=qid
            )
            self.actors.append(actor)
            self.zones[ident] = (city, country, zone)
        parties = [a.id for a in self.actors]
        for ident, name, *_ in STATES:
            body = Actor(
                id=self.unique(f"{ident}-mfa"), kind=ActorKind.BODY,
                name=f"Ministry of Foreign Affairs of {name}",
                memberships=(Membership(organization=ident),),
                aliases=(f"{name} Foreign Ministry",),
            )  # fmt: skip
            self.actors.append(body)
            self.zones[body.id] = self.zones[ident]
        for _ in range(max(12, self.size // 50)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            party = rng.choice(parties)
            person = Actor(
                id=self.unique(_slug(f"{first} {last}")), kind=ActorKind.PERSON,
                name=f"{first} {last}",
                memberships=(Membership(organization=party, role=rng.choice(ROLES)),),
                aliases=(f"{first[0]}. {last}",) if rng.random() < 0.3 else (),
                sources=self.cite(1) if rng.random() < 0.5 else (),
            )  # fmt: skip
            self.actors.append(person)
            self.persons.append(person)
            self.zones[person.id] = self.zones[party]
        for ident, _, _, _, _, _, _ in ORGANIZATIONS[:2]:
            group = Actor(
                id=self.unique(f"{ident}-foreign-ministers"), kind=ActorKind.GROUP,
                name=f"{ident.upper()} foreign ministers",
                memberships=(Membership(organization=ident),),
            )  # fmt: skip
            self.actors.append(group)
            self.zones[group.id] = self.zones[ident]
        self.speakers = [a for a in self.actors if a.kind is not ActorKind.BODY]

    def make_meetings(self) -> None:
        rng = self.rng
        formats = list(MeetingFormat)
        parties = [a.id for a in self.actors if not a.memberships]
        by_party: dict[str, list[str]] = {}
        for person in self.persons:
            by_party.setdefault(person.memberships[0].organization, []).append(person.id)
        rounds: dict[str, int] = {}
        for _ in range(max(5, self.size // 20)):
            participants = rng.sample(parties, rng.choice((2, 2, 2, 3, 4)))
            host = rng.choice(participants)
            city, country, zone = self.zones[host]
            year, month, day = self.date()
            fmt = rng.choice(formats)
            if fmt is MeetingFormat.CALL:
                when, venue = self.time_on(zone, year, month, day), None
            else:
                when = self.when(zone, year, month, day)
                if rng.random() < 0.1:
                    when = when.until(self.when(zone, year, month, day + 1))
                venue = Place(
                    city=city, country=country, zone=zone,
                    venue="Ministry of Foreign Affairs" if rng.random() < 0.3 else None,
                )  # fmt: skip
            series = rng.choice(SERIES) if rng.random() < 0.3 else None
            number = None
            if series is not None:
                number = rounds[series] = (
                    rounds.get(series, 0) % 9999 + 1
                )  # the format caps rounds
            heads = tuple(by_party[p][0] for p in participants if by_party.get(p))
            meeting = Meeting(
                id=self.unique(f"{'-'.join(sorted(participants)[:2])}-{year}-{month:02d}-{day:02d}"),
                participants=tuple(participants), when=when, format=fmt,
                status=rng.choices(list(MeetingStatus), weights=(10, 70, 8, 8, 4))[0],
                heads=heads, venue=venue, series=series, round=number,
                topics=tuple(rng.sample(TOPICS, rng.randint(0, 3))),
                sources=self.cite(rng.randint(1, 2)),
            )  # fmt: skip
            self.meetings.append(meeting)

    def make_demands(self) -> None:
        rng = self.rng
        parties = [a.id for a in self.actors if not a.memberships]
        names = {ident: name for ident, name, *_ in STATES}
        for number in range(max(4, self.size // 200)):
            by = rng.choice(parties)
            to = tuple(rng.sample([p for p in parties if p != by], rng.randint(1, 3)))
            summary = rng.choice(DEMAND_SUMMARIES).format(state=names[rng.choice(list(names))])
            year, month, day = self.date()
            demand = Demand(
                id=self.unique(f"{by}-demand-{number}-{_slug(summary)[:24].rstrip('-')}"),
                by=by, to=to, summary=summary,
                when=self.time_on(self.zones[by][2], year, month, day)
                if rng.random() < 0.7 else None,
                topics=tuple(rng.sample(TOPICS, rng.randint(1, 2))),
                sources=self.cite(1),
            )  # fmt: skip
            self.demands.append(demand)

    def make_statements(self) -> None:
        self.statements.extend(self.each_statement())

    def each_statement(self) -> Iterator[Statement]:
        """The statements, one at a time: a stream of any length holds none of them.

        Their ids are unique by their number, so they are checked against the
        other entities' ids but not kept: ten million of them would not fit.
        """
        rng = self.rng
        wordings = list(Wording)
        positions = list(Position)
        parties = [a.id for a in self.actors if not a.memberships]
        for number in range(self.size):
            speaker = rng.choice(self.speakers)
            meeting = rng.choice(self.meetings) if rng.random() < 0.35 else None
            place = None
            if meeting is not None:
                point = meeting.when if meeting.when.end is None else meeting.when.end
                year, month, day = point.year, point.month, point.day or 1
                zone = meeting.when.zone
                place = meeting.venue
            else:
                year, month, day = self.date()
                city, country, zone = self.zones[speaker.id]
                if rng.random() < 0.3:
                    place = Place(city=city, country=country, zone=zone)
            when = self.time_on(zone, year, month or 1, day or 1)
            wording = rng.choice(wordings)
            said = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(QUALIFIERS)}"
            if wording is Wording.QUOTE:
                text = f"We {said.replace('requires', 'require').replace('is ', 'are ')}."
            else:
                text = f"{speaker.name} {said}"
            count = rng.choices((0, 1, 2), weights=(40, 45, 15))[0]
            stances = tuple(
                Stance(
                    demand=demand.id,
                    position=rng.choice(positions),
                    note="Conditions apply; see the source." if rng.random() < 0.1 else None,
                )
                for demand in rng.sample(self.demands, count)
            )
            behalf = rng.choice(parties) if rng.random() < 0.1 else None
            ident = f"{speaker.id}-{year}-{month:02d}-{day:02d}-{number}"
            if ident in self.ids:  # pragma: no cover -- no other kind's id ends in a number
                msg = f"statement id {ident!r} is already taken"
                raise AssertionError(msg)
            yield Statement(
                id=ident,
                speakers=(speaker.id,), when=when, text=text, wording=wording,
                on_behalf_of=() if behalf in (None, speaker.id) else (behalf,),
                place=place, meeting=None if meeting is None else meeting.id,
                channel=rng.choice(CHANNELS) if rng.random() < 0.3 else None,
                stances=stances, topics=tuple(rng.sample(TOPICS, rng.randint(0, 2))),
                sources=self.cite(rng.choice((1, 1, 1, 2)), f"{speaker.name} {said}"),
            )  # fmt: skip

    def run(self) -> Dossier:
        self.make_sources()
        self.make_actors()
        self.make_meetings()
        self.make_demands()
        self.make_statements()
        return Dossier(
            actors=self.actors,
            meetings=self.meetings,
            demands=self.demands,
            statements=self.statements,
            sources=self.sources,
        )


def generate(statements: int, seed: int = 2022) -> Dossier:
    """A valid synthetic dossier with exactly ``statements`` statements.

    Args:
        statements: How many statements; the other collections scale with it.
        seed: The seed of the random stream: the same seed, the same dossier.
    """
    if statements < 1:
        msg = f"statements must be at least 1, not {statements!r}"
        raise ValueError(msg)
    return _Generator(statements, seed).run()


def _line(noun: str, entity: object) -> bytes:
    """One line of the JSON Lines form: the entity's canonical JSON, compact, under its noun."""
    compact = msgspec.json.format(secdialogue.dumps(entity).encode(), indent=-1)  # type: ignore[arg-type]
    return b'{"' + noun.encode() + b'":' + compact + b"}\n"


def write_lines(statements: int, path: Path, seed: int = 2022) -> None:
    """Write the dossier ``generate(statements, seed)`` would make as JSON Lines, streaming.

    Only the small collections are held in memory; each statement is made,
    written and dropped, so ten million statements take no more memory than
    ten thousand. The file holds the same entities, in the same order, as
    the dossier ``generate`` returns.
    """
    if statements < 1:
        msg = f"statements must be at least 1, not {statements!r}"
        raise ValueError(msg)
    run = _Generator(statements, seed)
    run.make_sources()
    run.make_actors()
    run.make_meetings()
    run.make_demands()
    with path.open("wb") as out:
        out.write(b'{"format":"secdialogue","version":2}\n')
        for noun, entities in (
            ("actor", run.actors), ("meeting", run.meetings), ("demand", run.demands)
        ):  # fmt: skip
            out.writelines(_line(noun, entity) for entity in entities)
        out.writelines(_line("statement", statement) for statement in run.each_statement())
        out.writelines(_line("source", source) for source in run.sources)


if __name__ == "__main__":
    import argparse
    import pathlib

    parser = argparse.ArgumentParser(description="Write a synthetic dossier as JSON Lines.")
    parser.add_argument("statements", type=int, help="how many statements")
    parser.add_argument("output", type=pathlib.Path, help="the .jsonl file to write")
    parser.add_argument("--seed", type=int, default=2022)
    arguments = parser.parse_args()
    write_lines(arguments.statements, arguments.output, arguments.seed)
