"""Tests for the query API: typed, immutable, lazy queries over a dossier."""

from __future__ import annotations

import array
import datetime as dt
import functools

import attrs
import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fixtures import (
    ARTICLE,
    TWO_STATES_AND_A_DIPLOMAT,
    fictional,
    holding,
    january_2022,
    meeting,
    walk_reaches,
    walk_tops,
)
from secdialogue import (
    Actor,
    ActorKind,
    ActorQuery,
    Demand,
    DemandQuery,
    DemandState,
    Dossier,
    LinkKind,
    Meeting,
    MeetingFormat,
    MeetingQuery,
    MeetingStatus,
    Membership,
    NotFoundError,
    Outcome,
    OutcomeEntry,
    OutcomeKind,
    OutcomeQuery,
    OutcomeStage,
    Position,
    Precision,
    Role,
    SourceQuery,
    Stance,
    Statement,
    StatementQuery,
    ValidationError,
    When,
    Wording,
)
from secdialogue._index import ALWAYS, Index, span_of
from secdialogue._kinds import BY_KEY
from secdialogue._time import utc_seconds
from secdialogue.examples import january_2022 as built_in_january_2022
from strategies import WHOLE_DOSSIERS, dossiers, membership_dossiers, whens


class TestMustShow:
    def test_meetings_of_the_week_are_geneva_brussels_vienna(self):
        """The meetings from 10 to 14 January 2022, in time order, are Geneva, Brussels, Vienna."""
        d = january_2022()

        found = d.meetings.between("2022-01-10[Europe/Zurich]", "2022-01-14[Europe/Zurich]")

        assert ["Geneva", "Brussels", "Vienna"] == [
            m.venue.city for m in found.by_time() if m.venue is not None
        ]
        assert 3 == len(found)

    def test_russias_statements_include_ryabkovs(self):
        """Statements by Russia with affiliates include Ryabkov's; without them, none."""
        d = january_2022()

        rolled = d.statements.by("russia", include_affiliated=True)

        assert {"ryabkov-disappointing", "ryabkov-naive", "ryabkov-no-compromise"} <= set(
            rolled.ids()
        )
        assert () == d.statements.by("russia").ids()


class TestQueryBasics:
    def test_iteration_follows_dossier_order(self):
        """An unordered query yields entities in dossier order."""
        d = january_2022()

        assert [m.id for m in d._meetings] == [m.id for m in d.meetings]

    def test_len_first_and_ids(self):
        """len(), first() and ids() answer the same question."""
        q = january_2022().demands.addressed_to("nato")

        assert 2 == len(q)
        assert "no-eastward-expansion" == getattr(q.first(), "id", None)
        assert ("no-eastward-expansion", "no-ukraine-membership") == q.ids()

    def test_first_of_empty_query_is_none(self):
        """first() is None when nothing matches."""
        assert None is january_2022().meetings.at("Paris").first()

    def test_one_returns_the_single_result(self):
        """one() returns the only result."""
        found = january_2022().actors.named("ryabukov").one()

        assert "sergey-ryabkov" == found.id

    @pytest.mark.parametrize(
        ("city", "code"), [("Paris", "no-result"), ("Geneva", "many-results")]
    )
    def test_one_refuses_zero_or_many(self, city, code):
        """one() raises a ValueError-compatible error unless there is exactly one result."""
        with pytest.raises(ValueError, match="exactly one") as info:
            january_2022().meetings.at(city).one()

        assert isinstance(info.value, ValidationError)
        assert code == info.value.problems[0].code

    def test_filters_return_new_queries(self):
        """A filter leaves the query it was called on unchanged."""
        base = january_2022().meetings

        narrowed = base.at("Geneva")

        assert 6 == len(base)
        assert 2 == len(narrowed)
        assert narrowed is not base

    def test_query_runs_once(self):
        """The answer is worked out on first use and kept."""
        calls: list[str] = []

        q = january_2022().actors.where(lambda a: calls.append(a.id) is None)
        first = len(q)
        second = len(list(q))

        assert first == second == len(calls)

    def test_query_is_lazy(self):
        """Building a query runs no predicate."""
        calls: list[str] = []

        january_2022().actors.where(lambda a: calls.append(a.id) is None)

        assert [] == calls

    def test_repr_shows_the_first_ids(self):
        """repr() shows up to five ids and the total."""
        d = january_2022()

        one = d.demands.made_by("russia").where(lambda x: x.id == "no-bases")

        assert "<DemandQuery [no-bases]>" == repr(one)
        assert repr(d.actors).endswith(", … (11 in all)]>")

    def test_order_by_breaks_ties_by_id(self):
        """order_by sorts by the key, then by id, so equal keys come out in id order."""
        d = january_2022()

        ordered = d.actors.order_by(lambda a: a.kind.value).ids()

        expected = [a.id for a in sorted(d._actors, key=lambda a: (a.kind.value, a.id))]
        assert expected == list(ordered)

    def test_order_by_reverse(self):
        """order_by(reverse=True) gives the exact reverse order."""
        d = january_2022()

        forward = d.actors.order_by(lambda a: a.name).ids()

        assert tuple(reversed(forward)) == d.actors.order_by(lambda a: a.name, reverse=True).ids()

    def test_by_time_puts_undated_last(self):
        """Sources without a publication time come after dated ones."""
        assert (ARTICLE, "other-report") == january_2022().sources.by_time().ids()

    def test_query_is_immutable(self):
        """A query's fields cannot be assigned."""
        q = january_2022().meetings

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            q._filters = ()  # type: ignore[misc]


class TestArguments:
    def test_entity_or_id(self):
        """A filter accepts an entity or its id alike."""
        d = january_2022()

        assert d.meetings.involving("osce").ids() == d.meetings.involving(d.actor("osce")).ids()

    def test_unknown_id_suggests(self):
        """An unknown id is a NotFoundError with a did-you-mean hint."""
        with pytest.raises(NotFoundError, match="did you mean 'russia'"):
            january_2022().statements.by("rusia")

    def test_unknown_id_without_suggestion(self):
        """An id close to nothing gets no hint."""
        with pytest.raises(NotFoundError, match=r"no demand has the id 'zzz' \[not-found\]$"):
            january_2022().statements.about("zzz")

    def test_wrong_kind_of_id(self):
        """A meeting id where an actor is expected is not found as an actor."""
        with pytest.raises(NotFoundError, match="no actor"):
            january_2022().meetings.involving("ssd-round-2")

    def test_wrong_type(self):
        """A value that is neither an entity nor an id is a ValidationError."""
        with pytest.raises(ValidationError, match="actor ids or Actor values, not 42") as info:
            january_2022().meetings.involving(42)  # type: ignore[arg-type]

        assert "wrong-type" == info.value.problems[0].code

    def test_no_actors(self):
        """A filter by actors needs at least one."""
        with pytest.raises(ValidationError, match="at least one actor"):
            january_2022().statements.by()

    def test_wrong_enum(self):
        """An enum filter refuses other values and names an example."""
        with pytest.raises(ValidationError, match=r"such as MeetingStatus\.PLANNED"):
            january_2022().meetings.with_status("held")  # type: ignore[arg-type]

    def test_no_enum(self):
        """An enum filter needs at least one value."""
        with pytest.raises(ValidationError, match="at least one ActorKind"):
            january_2022().actors.of_kind()

    def test_no_text(self):
        """A text filter needs at least one value."""
        with pytest.raises(ValidationError, match="at least one topic"):
            january_2022().meetings.on_topic()

    def test_text_wrong_type(self):
        """A text filter refuses non-strings."""
        with pytest.raises(ValidationError, match="must be a string"):
            january_2022().actors.named(3)  # type: ignore[arg-type]

    def test_where_needs_a_function(self):
        """where() refuses what is not callable."""
        with pytest.raises(ValidationError, match="function"):
            january_2022().actors.where(True)  # type: ignore[arg-type]

    def test_order_by_needs_a_function(self):
        """order_by() refuses what is not callable."""
        with pytest.raises(ValidationError, match="function"):
            january_2022().actors.order_by("name")  # type: ignore[arg-type]

    def test_at_needs_city_or_country(self):
        """at() needs a city or a country."""
        with pytest.raises(ValidationError, match="city, a country"):
            january_2022().meetings.at()

    def test_round_must_be_int(self):
        """in_series() refuses a round that is not an int."""
        with pytest.raises(ValidationError, match="round must be an int"):
            january_2022().meetings.in_series("x", round="2")  # type: ignore[arg-type]

    def test_of_type_refuses_other_types(self):
        """of_type() takes only entry types."""
        with pytest.raises(ValidationError, match="MeetingEntry"):
            january_2022().timeline().of_type(Meeting)  # type: ignore[arg-type]

    def test_of_type_needs_a_type(self):
        """of_type() needs at least one type."""
        with pytest.raises(ValidationError, match="MeetingEntry"):
            january_2022().timeline().of_type()


class TestBetween:
    def test_accepts_when_datetime_and_text(self):
        """between() takes Whens, aware datetimes and zoned strings alike."""
        d = january_2022()
        text = d.meetings.between("2022-01-10[Europe/Zurich]", "2022-01-14[Europe/Zurich]")
        start = pendulum.datetime(2022, 1, 10, tz="Europe/Zurich")
        aware = d.meetings.between(start, start.add(days=4))
        when = d.meetings.between(
            When.parse("2022-01-10[Europe/Zurich]"), When.parse("2022-01-14[Europe/Zurich]")
        )

        assert text.ids() == aware.ids() == when.ids()

    def test_refuses_naive_datetime(self):
        """A naive datetime is refused with a hint to give a zone."""
        with pytest.raises(ValidationError, match="naive"):
            january_2022().meetings.between(dt.datetime(2022, 1, 10), "2022-01-14[UTC]")  # noqa: DTZ001

    def test_refuses_zoneless_clock_time(self):
        """A clock time without a zone is refused (a date without one is a date anywhere)."""
        with pytest.raises(ValidationError, match="zone of the place in brackets"):
            january_2022().meetings.between("2022-01-10T10:00", "2022-01-14[UTC]")

    def test_refuses_empty_period(self):
        """An end that does not begin after the start is refused."""
        with pytest.raises(ValidationError, match="period is empty") as info:
            january_2022().meetings.between("2022-01-14[UTC]", "2022-01-10[UTC]")

        assert "empty-period" == info.value.problems[0].code

    def test_overlap_is_the_default(self):
        """A day-precise meeting across the period's edge overlaps it but is not contained."""
        d = january_2022()
        start = "2022-01-10T12:00+01:00[Europe/Zurich]"

        overlapping = d.meetings.between(start, "2022-01-11[Europe/Zurich]")
        contained = d.meetings.between(start, "2022-01-11[Europe/Zurich]", contains=True)

        assert ("geneva-talks-2022-01-10",) == overlapping.ids()
        assert () == contained.ids()

    def test_undated_never_match(self):
        """Demands without a time never match a period."""
        assert () == january_2022().demands.between("2000[UTC]", "3000[UTC]").ids()

    def test_two_periods_intersect(self):
        """Two between() calls keep what lies in both periods."""
        d = january_2022()

        found = d.meetings.between("2022-01[UTC]", "2022-02[UTC]").between(
            "2022-01-12[Europe/Brussels]", "2022-01-13[Europe/Brussels]"
        )

        assert ("brussels-nrc-2022-01-12",) == found.ids()


class TestMeetingFilters:
    def test_involving_any_and_all(self):
        """involving() matches any actor by default, every actor with require_all."""
        d = january_2022()

        anyone = d.meetings.involving("osce", "nato")
        everyone = d.meetings.involving("russia", "united-states", require_all=True)

        assert {"vienna-osce-2022-01-13", "brussels-nrc-2022-01-12"} == set(anyone.ids())
        assert 3 == len(everyone)

    def test_involving_twice_intersects(self):
        """Two involving() filters keep the meetings involving someone of each."""
        d = january_2022()

        both = d.meetings.involving("russia").involving("osce", "nato")

        assert ("vienna-osce-2022-01-13", "brussels-nrc-2022-01-12") == both.ids()

    def test_involving_heads(self):
        """A delegation head is involved in the meeting."""
        assert 3 == len(january_2022().meetings.involving("wendy-sherman"))

    def test_involving_affiliated(self):
        """With include_affiliated, NATO is involved through its foreign ministers."""
        d = january_2022()

        assert ("brussels-nrc-2022-01-12",) == d.meetings.involving("nato").ids()
        assert 2 == len(d.meetings.involving("nato", include_affiliated=True))

    def test_at_city_ignores_case_and_accents(self):
        """at() compares cities without case or accents."""
        assert 2 == len(january_2022().meetings.at("GENÈVA"))

    def test_at_country(self):
        """at(country=...) matches the venue's country code."""
        d = january_2022()

        assert ("vienna-osce-2022-01-13",) == d.meetings.at(country="at").ids()
        assert () == d.meetings.at("Geneva", country="AT").ids()

    def test_series_and_round(self):
        """in_series() matches the series, and the round if given."""
        d = january_2022()

        assert ("ssd-round-2",) == d.meetings.in_series("strategic stability dialogue").ids()
        assert () == d.meetings.in_series("Strategic Stability Dialogue", round=1).ids()
        assert 1 == len(d.meetings.in_series("Strategic Stability Dialogue", round=2))

    def test_involving_covers_every_role(self):
        """A state that only hosted a round is involved in it; so is a mediator or observer."""
        d = fictional()

        assert ("carrow-1", "carrow-2", "arvenia-dostania-call") == d.meetings.involving(
            "dostania"
        ).ids()
        assert ("carrow-1", "carrow-2") == d.meetings.involving("concord").ids()
        assert ("carrow-1", "carrow-2") == d.meetings.involving("dora-dost").ids()

    @pytest.mark.parametrize(
        ("actor", "role", "expected"),
        [
            ("dostania", Role.HOST, ("carrow-1", "carrow-2")),
            ("dostania", Role.PARTY, ("arvenia-dostania-call",)),
            ("dostania", {Role.MEDIATOR, Role.OBSERVER}, ()),
            ("dora-dost", [Role.MEDIATOR], ("carrow-1", "carrow-2")),
            ("dora-dost", (Role.HEAD, Role.PARTY), ()),
            ("concord", frozenset({Role.OBSERVER, Role.HOST}), ("carrow-1", "carrow-2")),
            ("ada-arven", Role.HEAD, ("carrow-1", "carrow-2")),
        ],
    )
    def test_involving_in_a_role(self, actor, role, expected):
        """role= keeps the meetings where the actor has that role, or one of those roles."""
        assert expected == fictional().meetings.involving(actor, role=role).ids()

    def test_involving_in_a_role_through_affiliates(self):
        """A state is a mediator where its minister mediates, with include_affiliated."""
        d = fictional()

        mediated = d.meetings.involving("dostania", role=Role.MEDIATOR, include_affiliated=True)
        both = d.meetings.involving(
            "arvenia", "dostania", require_all=True, role=Role.HOST, include_affiliated=True
        )

        assert ("carrow-1", "carrow-2") == mediated.ids()
        assert () == both.ids()
        assert ("carrow-1", "carrow-2") == d.meetings.involving(
            "arvenia", "belmora", require_all=True, role=Role.PARTY
        ).ids()

    @pytest.mark.parametrize(
        ("role", "code", "message"),
        [
            ("host", "wrong-type", "not 'host'"),
            (["host"], "wrong-type", r"not \['host'\]"),
            (3, "wrong-type", "not 3"),
            ((), "empty", "give at least one Role"),
            (set(), "empty", "give at least one Role"),
        ],
    )
    def test_role_refused(self, role, code, message):
        """A role that is no Role or collection of them, or an empty one, is refused."""
        with pytest.raises(ValidationError, match=message) as info:
            fictional().meetings.involving("dostania", role=role)

        assert code == info.value.problems[0].code

    def test_at_any_level_of_place(self):
        """at() finds a place by region; a place without a city matches no city."""
        d = fictional()

        assert ("carrow-2",) == d.meetings.at(region="LAKE PROVINCE").ids()
        assert ("carrow-1",) == d.meetings.at("carrow").ids()
        assert ("carrow-1", "carrow-2") == d.meetings.at(country="xd").ids()
        assert () == d.meetings.at("carrow", region="lake province").ids()

    def test_status_format_topic(self):
        """with_status, with_format and on_topic filter on those fields."""
        d = january_2022()

        assert 2 == len(d.meetings.with_status(MeetingStatus.HELD))
        assert 2 == len(d.meetings.with_format(MeetingFormat.COUNCIL_SESSION))
        assert ("geneva-talks-2022-01-10",) == d.meetings.on_topic("ukraine").ids()


class TestStatementFilters:
    def test_about_and_taking(self):
        """about() and taking() follow the stances."""
        d = january_2022()

        assert 4 == len(d.statements.about("no-eastward-expansion"))
        assert {"nato-ministers-reject", "stoltenberg-no-say"} == set(
            d.statements.taking(Position.REJECTS).ids()
        )
        on = d.statements.taking(Position.REJECTS, on="no-ukraine-membership")
        assert ("stoltenberg-no-say",) == on.ids()

    def test_quotes_citing_meeting_topic(self):
        """quotes(), citing(), at_meeting() and on_topic() filter on those fields."""
        d = january_2022()

        assert ("ryabkov-naive",) == d.statements.quotes().ids()
        assert 5 == len(d.statements.citing(ARTICLE))
        assert () == d.statements.citing("other-report").ids()
        at = d.statements.at_meeting("nato-foreign-ministers-2022-01-07")
        assert ("nato-ministers-reject",) == at.ids()
        assert () == d.statements.on_topic("ukraine").ids()

    def test_by_affiliated_includes_on_behalf_of(self):
        """A statement made on behalf of an actor counts as that actor's when rolled up."""
        d = january_2022()
        allies = Statement(
            id="blinken-for-allies",
            speakers=("antony-blinken",),
            on_behalf_of=("nato-foreign-ministers",),
            when=When.parse("2022-01-08[America/New_York]"),
            text="The allies will not accept a halt to NATO's enlargement.",
            wording=Wording.PARAPHRASE,
        )
        more = attrs.evolve(d, statements=(*d._statements, allies))

        assert 3 == len(d.statements.by("sergey-ryabkov"))
        assert ("blinken-concessions",) == d.statements.by(
            "united-states", include_affiliated=True
        ).ids()
        assert "blinken-for-allies" in more.statements.by("nato", include_affiliated=True).ids()
        assert "blinken-for-allies" not in more.statements.by("nato").ids()


class TestDemandFilters:
    def test_made_by_and_addressed_to(self):
        """made_by() and addressed_to() filter on the maker and addressees."""
        d = january_2022()

        assert 3 == len(d.demands.made_by("russia"))
        assert () == d.demands.made_by("sergey-ryabkov").ids()
        assert 2 == len(d.demands.addressed_to("united-states"))
        assert () == d.demands.addressed_to("us-state-department", include_affiliated=True).ids()

    def test_with_status(self):
        """with_status() filters by the derived status, as of a time."""
        d = january_2022()

        rejected = d.demands.with_status(DemandState.REJECTED)
        earlier = d.demands.with_status(DemandState.REJECTED, as_of="2022-01-06[UTC]")

        assert {"no-eastward-expansion", "no-ukraine-membership"} == set(rejected.ids())
        assert () == earlier.ids()
        assert ("no-bases",) == d.demands.with_status(DemandState.OPEN).ids()

    def test_on_topic(self):
        """on_topic() matches any of the topics."""
        assert 2 == len(january_2022().demands.on_topic("nato-enlargement"))

    def test_linked_to(self):
        """linked_to() finds a package's parts and the demand made in return for it."""
        demands = built_in_january_2022().demands
        package = "russia-security-guarantees"

        parts = demands.linked_to(package, kind=LinkKind.PART_OF)
        price = demands.linked_to(package, kind=LinkKind.IN_RETURN_FOR)

        assert 4 == len(parts)
        assert ("russia-to-make-concessions",) == price.ids()
        assert 5 == len(demands.linked_to(package))
        both = demands.linked_to(package, kind={LinkKind.PART_OF, LinkKind.IN_RETURN_FOR})
        assert 5 == len(both)
        assert () == demands.linked_to(package, kind=LinkKind.ANSWERS).ids()

    def test_linked_to_refuses_what_names_nothing(self):
        """An unknown demand is NotFoundError; no demand, or no LinkKind, is ValidationError."""
        demands = january_2022().demands
        with pytest.raises(NotFoundError):
            demands.linked_to("no-such-demand")
        with pytest.raises(ValidationError, match="kind must be a LinkKind"):
            demands.linked_to("no-bases", kind="part_of")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="give at least one LinkKind"):
            demands.linked_to("no-bases", kind=[])
        with pytest.raises(ValidationError, match="give at least one demand"):
            demands.linked_to()


class TestActorFilters:
    def test_of_kind(self):
        """of_kind() keeps actors of the kinds given."""
        assert 4 == len(january_2022().actors.of_kind(ActorKind.PERSON))

    def test_affiliated_with(self):
        """affiliated_with() is transitive unless direct is asked for."""
        d = january_2022()

        assert {"us-state-department", "wendy-sherman", "antony-blinken"} == set(
            d.actors.affiliated_with("united-states").ids()
        )
        assert ("us-state-department",) == d.actors.affiliated_with(
            "united-states", direct=True
        ).ids()

    def test_top_level(self):
        """top_level() keeps actors affiliated with nobody."""
        assert 5 == len(january_2022().actors.top_level())

    def test_at_a_time(self):
        """With at, only the memberships that hold then count; the edges are exact."""
        d = _shifting()

        def ids(**at: str) -> tuple[tuple[str, ...], ...]:
            return (
                d.actors.affiliated_with("russia", **at).ids(),
                d.actors.affiliated_with("mfa", direct=True, **at).ids(),
                d.actors.top_level(**at).ids(),
            )

        assert (("mfa", "envoy"), ("envoy",), ("russia", "nato")) == ids()
        assert (("mfa", "envoy"), ("envoy",), ("russia", "nato")) == ids(
            at="2021-12-31T23:59:59[UTC]"
        )
        assert (("mfa",), (), ("russia", "nato", "envoy")) == ids(at="2022-01-01T00:00[UTC]")
        assert (("mfa",), (), ("russia", "nato", "envoy")) == ids(at="2022-01[UTC]/2022-06[UTC]")
        assert (("mfa",), (), ("russia", "nato")) == ids(at="2022-07-01[UTC]")

    def test_at_must_be_aware(self):
        """at refuses a clock time without its zone, as between() does; a bare date is a time."""
        with pytest.raises(ValidationError):
            _shifting().actors.top_level(at="2022-01-01T00:00")
        assert ("russia", "nato", "envoy") == _shifting().actors.top_level(at="2022-01-05").ids()

    def test_named_by_alias_or_part(self):
        """named() finds names and aliases, whole or in part, ignoring case and accents."""
        d = january_2022()

        assert ("antony-blinken",) == d.actors.named("anthony brinken").ids()
        assert () == d.actors.named("blinken").ids()
        assert ("antony-blinken",) == d.actors.named("BLÍNKEN", partial=True).ids()

    @pytest.mark.parametrize(
        ("name", "query"),
        [
            ("Vladimir Medinsky", "Vladimir Medinskii"),
            ("Vladimir Medinsky", "Владимир Мединский"),
            ("Vladimir Medinskiy", "vladimir medinsky"),
            ("Sergey Lavrov", "Сергей Лавров"),
            ("Volodymyr Zelenskyy", "volodymyr zelenskyi"),
            ("İbrahim Kal\u0131n", "ibrahim kalin"),
            ("İbrahim Kal\u0131n", "IBRAHIM  KALIN"),
            ("Mevlüt Çavuşoğlu", "mevlut cavusoglu"),
        ],
    )
    def test_named_in_any_script_or_romanisation(self, name: str, query: str):
        """A name matches its spellings in other scripts and romanisations, whole."""
        actor = Actor(id="someone", kind=ActorKind.PERSON, name=name)
        d = Dossier(actors=[actor])

        assert ("someone",) == d.actors.named(query).ids()

    @pytest.mark.parametrize(
        ("name", "query"),
        [
            ("Vladimir Medinsky", "Vladimir Medin"),  # whole names only, without partial
            ("Vladimir Medinsky", "Vladislav Medinsky"),
            ("Sergey Lavrov", "Sergey Lavrova"),
        ],
    )
    def test_other_names_do_not_match(self, name: str, query: str):
        """Folding names does not make different names one."""
        actor = Actor(id="someone", kind=ActorKind.PERSON, name=name)

        assert () == Dossier(actors=[actor]).actors.named(query).ids()

    @given(
        st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30).filter(
            lambda t: t.strip() == t and t.strip()
        )
    )
    def test_any_name_finds_itself(self, name: str):
        """Whatever the name, it finds its actor, whole and in part."""
        actor = Actor(id="someone", kind=ActorKind.PERSON, name=name)
        d = Dossier(actors=[actor])

        assert ("someone",) == d.actors.named(name).ids()
        assert ("someone",) == d.actors.named(name, partial=True).ids()


class TestOutcomeFilters:
    def test_involving_parties_and_signatories(self):
        """involving() finds the parties and the signatories, affiliates if asked."""
        d = fictional()

        assert ("corridors-in-principle", "river-truce") == d.outcomes.involving("arvenia").ids()
        assert ("river-truce",) == d.outcomes.involving("dora-dost").ids()
        assert () == d.outcomes.involving("dostania").ids()
        assert ("river-truce",) == d.outcomes.involving("dostania", include_affiliated=True).ids()

    def test_meeting_kind_stage_and_time(self):
        """at_meeting(), of_kind(), at_stage() and between() filter on those fields."""
        d = fictional()

        assert ("corridors-in-principle",) == d.outcomes.at_meeting("carrow-2").ids()
        assert () == d.outcomes.at_meeting("carrow-1").ids()
        assert ("river-truce",) == d.outcomes.of_kind(OutcomeKind.AGREEMENT).ids()
        assert 2 == len(d.outcomes.at_stage(OutcomeStage.CEASEFIRE))
        assert () == d.outcomes.at_stage(OutcomeStage.OTHER).ids()
        april = d.outcomes.between("2031-04[UTC]", "2031-05[UTC]")
        assert ("river-truce",) == april.ids()
        assert ("river-truce",) == d.outcomes.on_topic("truce").ids()
        assert ("river-truce", "corridors-in-principle") == d.outcomes.by_time(reverse=True).ids()

    def test_outcomes_without_a_stage_never_match_one(self):
        """An outcome without a stage is at no stage."""
        d = fictional()
        undated = attrs.evolve(d.outcome("river-truce"), stage=None)
        changed = attrs.evolve(d, outcomes=(undated,))

        assert () == changed.outcomes.at_stage(*OutcomeStage).ids()

    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (lambda q: q.of_kind("agreement"), "such as OutcomeKind.AGREEMENT"),
            (lambda q: q.at_stage(), "at least one OutcomeStage"),
            (lambda q: q.at_meeting("arvenia"), "no meeting has the id 'arvenia'"),
            (lambda q: q.involving("carrow-2"), "no actor has the id 'carrow-2'"),
        ],
    )
    def test_refused(self, call, message):
        """Filters refuse values of the wrong kind, with what to give instead."""
        with pytest.raises((ValidationError, NotFoundError), match=message):
            call(fictional().outcomes)


class TestTimelineOutcomes:
    def test_outcomes_are_entries(self):
        """The timeline holds outcomes in time order, and of_type() picks them out."""
        d = fictional()

        entries = [(e.kind, e.id) for e in d.timeline()]
        only = d.timeline().of_type(OutcomeEntry)

        assert ("outcome", "corridors-in-principle") == entries[3]
        assert ("corridors-in-principle", "river-truce") == only.ids()
        last = only.by_time(reverse=True).first()
        assert isinstance(last, OutcomeEntry)
        assert (d.outcome("river-truce"), last.outcome.when) == (last.outcome, last.when)

    def test_involving_and_about(self):
        """An outcome involves its parties and signatories, and is about the demands it settles."""
        d = fictional()

        witnessed = d.timeline().involving("dora-dost")
        about = d.timeline().about("truce")

        assert ("carrow-1", "carrow-2", "river-truce") == witnessed.ids()
        assert ("truce", "river-truce") == about.ids()


class TestSourceFilters:
    def test_published_by_and_between(self):
        """published_by() and between() work on the publisher and publication time."""
        d = january_2022()

        assert (ARTICLE,) == d.sources.published_by("global times").ids()
        assert (ARTICLE,) == d.sources.between("2022-01[UTC]", "2022-02[UTC]").ids()


class TestIndexes:
    def test_indexed_query_tests_only_candidates(self):
        """A selective query runs its predicates on the matching bucket, not every entity."""
        d = january_2022()
        seen: list[str] = []

        found = d.statements.by("jens-stoltenberg").where(lambda s: seen.append(s.id) is None)

        assert ("stoltenberg-no-say",) == found.ids()
        assert ["stoltenberg-no-say"] == seen

    def test_time_window_narrows_candidates(self):
        """A period narrows a speaker's statements by binary search before testing."""
        d = january_2022()
        seen: list[str] = []

        found = (
            d.statements.by("sergey-ryabkov")
            .between("2022-01-01[UTC]", "2022-01-05[UTC]")
            .where(lambda s: seen.append(s.id) is None)
        )

        assert () == found.ids()
        assert [] == seen

    def test_smallest_bucket_is_used(self):
        """With two indexed filters, candidates come from the smaller bucket."""
        d = january_2022()
        seen: list[str] = []

        found = (
            d.statements.by("jens-stoltenberg")
            .about("no-ukraine-membership", "no-eastward-expansion")
            .where(lambda s: seen.append(s.id) is None)
        )

        assert ("stoltenberg-no-say",) == found.ids()
        assert ["stoltenberg-no-say"] == seen

    def test_filters_not_answered_by_the_index_are_tested(self):
        """Filters whose bucket was not chosen, and wider periods, are still applied."""
        d = january_2022()
        meeting = d.statements.at_meeting("nato-foreign-ministers-2022-01-07")

        rolled = meeting.by("nato", include_affiliated=True)
        strict = meeting.by("jens-stoltenberg")
        narrow = ("2022-01-07[UTC]", "2022-01-08[UTC]")
        wide = rolled.between("2022[UTC]", "2023[UTC]", contains=True).between(*narrow)
        late = rolled.between("2022-01-07[UTC]", "2023[UTC]", contains=True).between(*narrow)

        assert ("nato-ministers-reject",) == rolled.ids()
        assert () == strict.ids()
        assert ("nato-ministers-reject",) == wide.ids()
        assert () == late.ids()

    def test_untimed_bucket(self):
        """Entities without a time are in a bucket but in none of its time windows."""
        index = january_2022()._lookup()

        bucket = index.bucket("actors", "all", "")

        assert 11 == len(bucket)
        assert [] == list(bucket.window(0, 2**40))

    def test_indexes_do_not_change_equality(self):
        """A dossier that has built indexes equals and hashes like one that has not."""
        used = january_2022()
        len(used.statements.by("sergey-ryabkov").between("2022[UTC]", "2023[UTC]"))
        fresh = attrs.evolve(used)

        assert fresh == used
        assert hash(fresh) == hash(used)
        assert fresh._index is None

    def test_first_query_builds_only_what_it_asks(self):
        """A speaker's statements in a period group by speaker and time only that bucket."""
        d = attrs.evolve(january_2022())
        index = d._lookup()

        found = d.statements.by("sergey-ryabkov").between("2022[UTC]", "2023[UTC]")

        assert 3 == len(found)
        assert [("statements", "speaker")] == list(index._groups)
        assert [("statements", "speaker", "sergey-ryabkov")] == list(index._buckets)
        assert index._memberships is None
        assert {} == index._by_demand

    def test_window_alone_sorts_the_whole_collection(self):
        """A period with no other indexed filter windows the bucket of every entity."""
        d = attrs.evolve(january_2022())
        index = d._lookup()

        found = d.meetings.between("2022-01-12[UTC]", "2022-01-14[UTC]").ids()

        assert ("vienna-osce-2022-01-13", "brussels-nrc-2022-01-12") == found
        assert [("meetings", "all")] == list(index._groups)

    def test_open_times_are_kept_apart(self):
        """A time open on one side does not widen the window search; every window still sees it."""
        d = Dossier(
            actors=TWO_STATES_AND_A_DIPLOMAT,
            meetings=[
                meeting("day", "2022-01-10[UTC]"),
                meeting("before", "../2021-09-01"),
                meeting("after", "2022-01-13[UTC]/.."),
                meeting("evening", "2022-01-12Tevening"),
            ],
        )
        bucket = d._lookup().bucket("meetings", "all", "")

        early = d.meetings.between("2021-01[UTC]", "2021-02[UTC]").ids()
        late = d.meetings.between("2030[UTC]", "2031[UTC]").ids()
        within = d.meetings.between("../2021-12", "2022-01-14[UTC]", contains=True).ids()

        assert bucket._timing is not None
        assert 30 * 3600 == bucket._timing.max_span  # the zone-less evening
        assert [1, 2] == [row[0] for row in bucket._timing.open]
        assert (("before",), ("after",)) == (early, late)
        assert ("day", "before", "evening") == within

    def test_value_nobody_has_gets_an_empty_bucket(self):
        """A value no entity has gives an empty bucket, which is not kept."""
        index = attrs.evolve(january_2022())._lookup()

        bucket = index.bucket("statements", "on_behalf_of", "nato")

        assert 0 == len(bucket)
        assert [] == bucket.window(0, 2**40)
        assert {} == index._buckets

    def test_several_values_of_one_entity_count_it_once(self):
        """An entity naming a value twice (a head who also participates) is in its bucket once."""
        call = Meeting(
            id="call",
            participants=("russia", "sergey-ryabkov"),
            heads=("sergey-ryabkov",),
            when=When.parse("2022-01-11[UTC]"),
            format=MeetingFormat.CALL,
            status=MeetingStatus.HELD,
        )
        d = january_2022()
        d = attrs.evolve(d, meetings=(call, *d._meetings))
        bucket = d._lookup().bucket("meetings", "actor", "sergey-ryabkov")

        assert [0, 2, 3, 5] == list(bucket.positions)
        assert "call" == d.meetings.involving("sergey-ryabkov").ids()[0]

    def test_entities_by_class(self):
        """entities() gives one kind's collection, typed by its class."""
        d = january_2022()

        assert d._statements == d._lookup().entities(Statement)
        assert d._actors == d._lookup().collection("actors")

    def test_index_takes_every_kind_and_no_other(self):
        """An Index is refused a missing or unknown collection, with both named."""
        others = ", ".join(key for key in BY_KEY if key != "actors")

        with pytest.raises(TypeError, match=f"missing {others}; unknown none"):
            Index(by_id={}, actors=())
        with pytest.raises(TypeError, match="missing none; unknown extra"):
            Index(by_id={}, **dict.fromkeys(BY_KEY, ()), extra=())


def _shifting() -> Dossier:
    """An envoy of the Russian Foreign Ministry until 2021 and of NATO from July 2022."""
    until = When.parse("2021[UTC]")
    since = When.parse("2022-07[UTC]/2023[UTC]")
    return Dossier(
        actors=[
            Actor(id="russia", kind=ActorKind.STATE, name="Russia"),
            Actor(id="nato", kind=ActorKind.ORGANIZATION, name="NATO"),
            Actor(
                id="mfa",
                kind=ActorKind.BODY,
                name="Foreign Ministry",
                memberships=(Membership(organization="russia"),),
            ),
            Actor(
                id="envoy",
                kind=ActorKind.PERSON,
                name="Envoy",
                memberships=(
                    Membership(organization="mfa", when=until),
                    Membership(organization="nato", when=since),
                ),
            ),
        ]
    )


# -- memberships: the worst case is a long chain --------------------------------------------


@functools.cache
def chain_dossier(n: int) -> Dossier:
    """``n`` actors, each affiliated with the one before, each making a statement on one demand.

    Every tenth actor also meets the next one, and one more state stands apart.
    """
    day = When.parse("2022-01-10[UTC]")
    actors = [
        Actor(id="a0", kind=ActorKind.STATE, name="A 0"),
        Actor(id="apart", kind=ActorKind.STATE, name="Apart"),
        *(
            Actor(
                id=f"a{i}",
                kind=ActorKind.BODY,
                name=f"A {i}",
                memberships=(Membership(organization=f"a{i - 1}"),),
            )
            for i in range(1, n)
        ),
    ]
    meetings = [
        Meeting(
            id=f"m{i}",
            participants=(f"a{i}", f"a{i + 1}"),
            when=day,
            format=MeetingFormat.BILATERAL_TALKS,
            status=MeetingStatus.HELD,
        )
        for i in range(0, n - 1, 10)
    ]
    demand = Demand(id="d", by="apart", to=("a0",), summary="Something.")
    statements = [
        Statement(
            id=f"s{i}",
            speakers=(f"a{i}",),
            on_behalf_of=(f"a{i // 2}",) if i % 3 == 1 else (),
            when=day,
            text="Words.",
            wording=Wording.PARAPHRASE,
            stances=(Stance(demand="d", position=Position.REJECTS),),
        )
        for i in range(n)
    ]
    return Dossier(actors=actors, meetings=meetings, demands=[demand], statements=statements)


def _entries(value: object, seen: set[int]) -> int:
    """The entries of the containers reachable from ``value``, each container counted once.

    Entities and the collections already in ``seen`` count for nothing: this
    is the size of what the index built, not of what it was given.
    """
    if id(value) in seen or isinstance(value, str | int | Position | When | Statement):
        return 0
    seen.add(id(value))
    if isinstance(value, dict):
        return len(value) + sum(_entries(k, seen) + _entries(v, seen) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset | array.array | range):
        return len(value) + sum(_entries(item, seen) for item in value)
    slots = (name for cls in type(value).__mro__ for name in getattr(cls, "__slots__", ()))
    return sum(_entries(getattr(value, name, None), seen) for name in slots)


def _exercise(d: Dossier) -> int:
    """Ask every affiliation question of a dossier; the entries the index then holds."""
    index = d._lookup()
    everyone = [a.id for a in d._actors]
    assert len(everyone) - 2 == len(d.actors.affiliated_with("a0"))
    assert len(everyone) - 2 == len(d.actors.affiliated_with(*everyone))
    for actor in ("a0", "a1", everyone[-1]):
        d.statements.by(actor, include_affiliated=True).between("2022[UTC]", "2023[UTC]").ids()
        d.demands.addressed_to(actor, include_affiliated=True).ids()
    d.meetings.involving("a0", "a1", require_all=True, include_affiliated=True).ids()
    assert {"a0"} == {index.top(actor, None) for actor in everyone} - {"apart"}
    assert ("a0",) == tuple(p.actor for p in d.positions("d"))
    d.changes("2022-01-01[UTC]", "2022-02-01[UTC]")
    seen = {id(index.by_id), *(id(index.collection(kind)) for kind in BY_KEY)}
    return _entries(index, seen)


class TestMemberships:
    def test_chain_answers(self):
        """Membership questions on a chain of actors are answered along the whole chain."""
        d = chain_dossier(50)
        index = d._lookup()
        memberships = index.memberships
        reach = memberships.reach(["a10"])
        strict = memberships.reach(["a10"], strict=True)

        assert [f"a{i}" for i in range(11, 50)] == list(d.actors.affiliated_with("a10").ids())
        assert ("a11",) == d.actors.affiliated_with("a10", direct=True).ids()
        assert frozenset(f"a{i}" for i in range(10, 50)) == memberships.members(["a10", "a20"])
        assert frozenset(f"a{i}" for i in range(11, 50)) == memberships.members(
            ["a20", "a10"], strict=True
        )
        assert frozenset(f"a{i}" for i in range(20, 50)) | {"apart"} == memberships.members(
            ["a20", "apart", "a20"]
        )
        assert (True, True, False) == (
            reach("a10", ALWAYS),
            reach("a49", ALWAYS),
            reach("a9", ALWAYS),
        )
        assert (False, True) == (strict("a10", ALWAYS), strict("a49", ALWAYS))
        assert "a0" == index.top("a49", None)
        assert "apart" == index.top("apart", None)

    def test_dated_chain_cut_where_a_period_ends(self):
        """A chain is followed up to the first link whose period does not hold, to the second."""
        actors = [Actor(id="a0", kind=ActorKind.STATE, name="A 0")] + [
            Actor(
                id=f"a{i}",
                kind=ActorKind.BODY,
                name=f"A {i}",
                memberships=(
                    Membership(
                        organization=f"a{i - 1}", when=When.parse(f"{2021 - i}[UTC]/2030[UTC]")
                    ),
                ),
            )
            for i in range(1, 21)
        ]
        memberships = Dossier(actors=actors)._lookup().memberships
        in_2010 = When.parse("2010[UTC]")
        last_second = When.parse("2009-12-31T23:59:59[UTC]")

        assert ("a10",) == memberships.tops("a20", span_of(in_2010))
        assert ("a11",) == memberships.tops("a20", span_of(last_second))
        assert ("a20",) == memberships.tops("a20", span_of(When.parse("1999[UTC]")))
        assert ("a1",) == memberships.tops("a20", span_of(When.parse("2019[UTC]")))
        assert ("a0",) == memberships.tops("a20", span_of(When.parse("2020[UTC]")))
        assert ("a0",) == memberships.tops("a20")
        reach = memberships.reach(["a12", "a5"])
        assert reach("a20", span_of(in_2010))
        assert not reach("a11", span_of(in_2010))
        assert reach("a11", span_of(When.parse("2016[UTC]")))

    def test_involving_every_actor_through_affiliates(self):
        """require_all with include_affiliated needs each actor or an affiliate of it."""
        d = chain_dossier(50)

        both = d.meetings.involving("a10", "a21", require_all=True, include_affiliated=True)
        apart = d.meetings.involving("a10", "apart", require_all=True, include_affiliated=True)

        assert ("m20", "m30", "m40") == both.ids()
        assert () == apart.ids()
        assert () == d.meetings.involving("a10", "a21", require_all=True).ids()

    def test_index_size_is_linear_in_a_chain(self):
        """On a chain of 3,000 actors the index holds O(n) entries, not one per pair of actors."""
        half, full = _exercise(chain_dossier(1_500)), _exercise(chain_dossier(3_000))

        assert full < 2.2 * half
        assert full < 40 * 3_000

    @WHOLE_DOSSIERS
    @given(st.one_of(dossiers(), membership_dossiers()), st.data())
    def test_memberships_equal_naive_walks(self, d, data):
        """tops(), reach() and members() agree with walking the memberships that hold."""
        memberships = d._lookup().memberships
        actors = {a.id: a for a in d._actors}
        everyone = list(actors)
        times = [None, *(s.when for s in d._statements), *(m.when for m in d._meetings)]
        when = data.draw(st.sampled_from(times))
        given = data.draw(st.lists(st.sampled_from(everyone), max_size=4)) if everyone else []
        strict = data.draw(st.booleans())
        reach = memberships.reach(given, strict=strict)

        def member(actor: str) -> bool:
            above = holding(actors[actor], when)
            starts = above if strict else [actor]
            return any(walk_reaches(actors, a, given, when) for a in starts)

        def ever_member(actor: str) -> bool:
            above = [m.organization for m in actors[actor].memberships]
            starts = above if strict else [actor]
            return any(walk_reaches(actors, a, given, None) for a in starts)

        assert {a: walk_tops(actors, a, when) for a in everyone} == {
            a: memberships.tops(a, span_of(when)) for a in everyone
        }
        assert {a for a in everyone if member(a)} == {
            a for a in everyone if reach(a, span_of(when))
        }
        assert {a for a in everyone if ever_member(a)} == memberships.members(given, strict=strict)


# -- equivalence with naive list comprehensions over random dossiers --------------------


def _member(d: Dossier, actor: str, of: str, when: When | None) -> bool:
    """Whether ``actor`` is ``of`` or, at ``when``, a member of it, walked the slow way."""
    return walk_reaches({a.id: a for a in d._actors}, actor, [of], when)


_DOSSIERS = st.one_of(dossiers(), membership_dossiers())
"""Dossiers of every kind, and dossiers whose membership periods sit at their entities' edges."""


def _overlaps(when: When | None, lo: When, hi: When, contains: bool) -> bool:
    if when is None:
        return False
    if contains:
        return lo.earliest <= when.earliest and when.latest <= hi.earliest
    return when.earliest < hi.earliest and lo.earliest < when.latest


def _pick(data, values):
    return data.draw(st.sampled_from(sorted(values))) if values else None


def _edges(timed: list[When]) -> list[When]:
    """Seconds in UTC at the starts and ends of these times, where a When can name them."""
    found = []
    for when in timed:
        for seconds in utc_seconds(when):
            instant = pendulum.from_timestamp(seconds)
            if 1000 <= instant.year <= 9998:
                found.append(When.from_datetime(instant))
    return found


@st.composite
def _periods(draw, d: Dossier):
    """Two times bounding a window, often ``d``'s entities' own times or their very edges."""
    timed = [x.when for x in (*d._statements, *d._meetings, *d._outcomes)]
    timed += [x.when for x in d._demands if x.when is not None]
    timed += [x.published for x in d._sources if x.published is not None]
    timed += _edges(timed)
    pool = st.one_of(whens(), st.sampled_from(timed)) if timed else whens()
    lo, hi = sorted([draw(pool), draw(pool)], key=lambda w: w.earliest)
    assume(lo.earliest < hi.earliest)
    return lo, hi


@st.composite
def _edge_periods(draw, times):
    """A period whose bounds are on the edges of these times, or a second either side.

    An off-by-one at an interval's edge (an end taken as included, a start as
    excluded) changes the answer for such a period. Without times, any period.
    """
    if not times:
        return draw(_periods(Dossier()))

    def bound() -> pendulum.DateTime:
        when = draw(st.sampled_from(times))
        edge = draw(st.sampled_from([when.earliest, when.latest]))
        return edge.add(seconds=draw(st.sampled_from([-1, 0, 1])))

    first, second = sorted([bound(), bound()])
    assume(first < second and 1000 <= first.year and second.year <= 9998)
    return (
        When.from_datetime(first, precision=Precision.SECOND),
        When.from_datetime(second, precision=Precision.SECOND),
    )


class TestNaiveEquivalence:
    @WHOLE_DOSSIERS
    @given(_DOSSIERS, st.data())
    def test_statement_filters(self, d, data):
        """Every statement filter and ordering equals a naive comprehension."""
        everything = list(d._statements)
        actors = [a.id for a in d._actors]
        lo, hi = data.draw(_periods(d))
        contains = data.draw(st.booleans())
        assert sorted(
            (s for s in everything if _overlaps(s.when, lo, hi, contains)),
            key=lambda s: (s.when, s.id),
        ) == list(d.statements.between(lo, hi, contains=contains).by_time())
        actor = _pick(data, actors)
        if actor is None:
            return
        affiliated = data.draw(st.booleans())

        def by(s: Statement) -> bool:
            if not affiliated:
                return actor in s.speakers
            return any(_member(d, a, actor, s.when) for a in (*s.speakers, *s.on_behalf_of))

        q = d.statements.by(actor, include_affiliated=affiliated)
        assert [s for s in everything if by(s)] == list(q)
        timed = q.between(lo, hi, contains=contains)
        assert [s for s in everything if by(s) and _overlaps(s.when, lo, hi, contains)] == list(
            timed
        )
        demand = _pick(data, [x.id for x in d._demands])
        if demand is not None:
            position = data.draw(st.sampled_from(Position))
            about = [s for s in everything if any(t.demand == demand for t in s.stances)]
            assert about == list(d.statements.about(demand))
            taking = [
                s
                for s in everything
                if any(t.demand == demand and t.position is position for t in s.stances)
            ]
            assert taking == list(d.statements.taking(position, on=demand))
            combined = d.statements.about(demand).by(actor, include_affiliated=affiliated)
            assert [s for s in about if by(s)] == list(combined)
            first, last = When.parse("1000[UTC]"), When.parse("9998[UTC]")
            wide = combined.between(first, last, contains=True).between(lo, hi, contains=contains)
            assert [
                s
                for s in about
                if by(s)
                and _overlaps(s.when, first, last, True)
                and _overlaps(s.when, lo, hi, contains)
            ] == list(wide)
        source = _pick(data, [x.id for x in d._sources])
        if source is not None:
            citing = [s for s in everything if any(c.source == source for c in s.sources)]
            assert citing == list(d.statements.citing(source))
        meeting = _pick(data, [x.id for x in d._meetings])
        if meeting is not None:
            assert [s for s in everything if s.meeting == meeting] == list(
                d.statements.at_meeting(meeting)
            )
        assert [s for s in everything if s.wording is Wording.QUOTE] == list(d.statements.quotes())

    @WHOLE_DOSSIERS
    @given(_DOSSIERS, st.data())
    def test_meeting_filters(self, d, data):
        """Every meeting filter and ordering equals a naive comprehension, in any roles."""
        everything = list(d._meetings)
        actors = (
            data.draw(st.lists(st.sampled_from([a.id for a in d._actors]), min_size=1, max_size=3))
            if d._actors
            else []
        )
        assume(actors)
        require_all = data.draw(st.booleans())
        affiliated = data.draw(st.booleans())
        role = data.draw(
            st.none() | st.sampled_from(Role) | st.sets(st.sampled_from(Role), min_size=1)
        )
        roles = set(Role) if role is None else {role} if isinstance(role, Role) else role
        lo, hi = data.draw(_periods(d))

        def involves(m: Meeting, actor: str) -> bool:
            lists = {
                Role.PARTY: m.participants,
                Role.HOST: m.hosts,
                Role.MEDIATOR: m.mediators,
                Role.OBSERVER: m.observers,
                Role.HEAD: m.heads,
            }
            people = [p for r in roles for p in lists[r]]
            if affiliated:
                return any(_member(d, p, actor, m.when) for p in people)
            return actor in people

        def test(m: Meeting) -> bool:
            hits = [involves(m, a) for a in actors]
            return all(hits) if require_all else any(hits)

        q = d.meetings.involving(
            *actors, require_all=require_all, include_affiliated=affiliated, role=role
        )
        assert [m for m in everything if test(m)] == list(q)
        assert [m for m in everything if test(m) and _overlaps(m.when, lo, hi, False)] == list(
            q.between(lo, hi)
        )

    @WHOLE_DOSSIERS
    @given(_DOSSIERS, st.data())
    def test_outcome_filters(self, d, data):
        """Every outcome filter equals a naive comprehension, periods on the outcomes' edges."""
        everything = list(d._outcomes)
        lo, hi = data.draw(_edge_periods([o.when for o in everything]))
        contains = data.draw(st.booleans())
        assert sorted(
            (o for o in everything if _overlaps(o.when, lo, hi, contains)),
            key=lambda o: (o.when, o.id),
        ) == list(d.outcomes.between(lo, hi, contains=contains).by_time())
        kind = data.draw(st.sampled_from(OutcomeKind))
        stage = data.draw(st.sampled_from(OutcomeStage))
        assert [o for o in everything if o.kind is kind] == list(d.outcomes.of_kind(kind))
        assert [o for o in everything if o.stage is stage] == list(d.outcomes.at_stage(stage))
        meeting = _pick(data, [m.id for m in d._meetings])
        if meeting is not None:
            at = [o for o in everything if o.meeting == meeting]
            assert at == list(d.outcomes.at_meeting(meeting))
            assert [o for o in at if _overlaps(o.when, lo, hi, contains)] == list(
                d.outcomes.at_meeting(meeting).between(lo, hi, contains=contains)
            )
        actor = _pick(data, [a.id for a in d._actors])
        if actor is None:
            return
        affiliated = data.draw(st.booleans())

        def involves(o: Outcome) -> bool:
            people = (*o.parties, *o.signatories)
            if affiliated:
                return any(_member(d, p, actor, o.when) for p in people)
            return actor in people

        q = d.outcomes.involving(actor, include_affiliated=affiliated)
        assert [o for o in everything if involves(o)] == list(q)
        assert [o for o in everything if involves(o) and _overlaps(o.when, lo, hi, contains)] == (
            list(q.between(lo, hi, contains=contains))
        )
        entries = [e.id for e in d.timeline() if isinstance(e, OutcomeEntry)]
        assert [o.id for o in sorted(everything, key=lambda o: (o.when, o.id))] == entries

    @WHOLE_DOSSIERS
    @given(_DOSSIERS, st.data())
    def test_demand_filters(self, d, data):
        """Every demand filter and ordering equals a naive comprehension."""
        everything = list(d._demands)
        lo, hi = data.draw(_periods(d))
        assert [x for x in everything if _overlaps(x.when, lo, hi, False)] == list(
            d.demands.between(lo, hi)
        )
        dated = sorted((x for x in everything if x.when is not None), key=lambda x: (x.when, x.id))
        undated = sorted((x for x in everything if x.when is None), key=lambda x: x.id)
        assert dated + undated == list(d.demands.by_time())
        target = _pick(data, [x.id for x in everything])
        if target is not None:
            one = st.sampled_from(LinkKind)
            kind = data.draw(st.none() | one | st.sets(one, min_size=1))
            kinds = kind if isinstance(kind, set) else set(LinkKind) if kind is None else {kind}
            linked = [
                x
                for x in everything
                if any(link.demand == target and link.kind in kinds for link in x.links)
            ]
            assert linked == list(d.demands.linked_to(target, kind=kind))
        actor = _pick(data, [a.id for a in d._actors])
        if actor is None:
            return
        affiliated = data.draw(st.booleans())

        def member(x: str, when: When | None) -> bool:
            return _member(d, x, actor, when) if affiliated else x == actor

        by = d.demands.made_by(actor, include_affiliated=affiliated)
        assert [x for x in everything if member(x.by, x.when)] == list(by)
        to = d.demands.addressed_to(actor, include_affiliated=affiliated)
        assert [x for x in everything if any(member(t, x.when) for t in x.to)] == list(to)

    @WHOLE_DOSSIERS
    @given(_DOSSIERS, st.data())
    def test_actor_and_source_filters(self, d, data):
        """Actor and source filters equal naive comprehensions."""
        actor = _pick(data, [a.id for a in d._actors])
        if actor is not None:
            direct = data.draw(st.booleans())
            times = [*(s.when for s in d._statements), *(m.when for m in d._meetings)]
            at = data.draw(st.sampled_from([None, *times]))

            def affiliated(a: Actor) -> bool:
                above = holding(a, at)
                if direct:
                    return actor in above
                return any(_member(d, up, actor, at) for up in above)

            expected = [a for a in d._actors if affiliated(a)]
            assert expected == list(d.actors.affiliated_with(actor, direct=direct, at=at))
            top = [a for a in d._actors if not holding(a, at)]
            assert top == list(d.actors.top_level(at=at))
            kind = data.draw(st.sampled_from(ActorKind))
            assert [a for a in d._actors if a.kind is kind] == list(d.actors.of_kind(kind))
        lo, hi = data.draw(_periods(d))
        assert [s for s in d._sources if _overlaps(s.published, lo, hi, False)] == list(
            d.sources.between(lo, hi)
        )


class TestTypes:
    def test_entry_points_return_typed_queries(self):
        """Each entry point returns the query class of its kind."""
        d = january_2022()

        assert isinstance(d.actors, ActorQuery)
        assert isinstance(d.meetings, MeetingQuery)
        assert isinstance(d.demands, DemandQuery)
        assert isinstance(d.statements, StatementQuery)
        assert isinstance(d.sources, SourceQuery)
        assert isinstance(d.outcomes, OutcomeQuery)
