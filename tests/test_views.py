"""Tests for the derived views: positions, demand status, timeline and changes."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fixtures import fictional, january_2022, walk_tops
from secdialogue import (
    ActorPosition,
    DemandEntry,
    DemandState,
    DemandStatus,
    Dossier,
    MeetingEntry,
    NotFoundError,
    Position,
    Stance,
    Statement,
    StatementEntry,
    ValidationError,
    When,
    Wording,
)
from strategies import WHOLE_DOSSIERS, dossiers, membership_dossiers

EXPANSION = "no-eastward-expansion"


def _with(d: Dossier, *statements: Statement) -> Dossier:
    return attrs.evolve(d, statements=(*d._statements, *statements))


def _say(id: str, speaker: str, when: str, demand: str, position: Position, **kw) -> Statement:  # noqa: A002
    return Statement(
        id=id,
        speakers=(speaker,),
        when=When.parse(when),
        text="Words.",
        wording=Wording.PARAPHRASE,
        stances=(Stance(demand=demand, position=position),),
        **kw,
    )


class TestPositions:
    def test_nato_rejects_expansion_demand_as_of_jan_8(self):
        """As of 8 January 2022, NATO rejects the no-eastward-expansion demand."""
        found = january_2022().positions(EXPANSION, as_of="2022-01-08[Europe/Brussels]")

        assert Position.REJECTS is found["nato"].position
        assert ("nato-ministers-reject",) == tuple(s.id for s in found["nato"].statements)
        assert DemandState.REJECTED is found.status.state
        assert ("nato",) == found.status.rejected_by
        assert "rejected by nato" == str(found.status)

    def test_rolled_up_positions_per_top_level_actor(self):
        """Positions are reported per top-level actor, sorted by id, with their evidence."""
        found = january_2022().positions(EXPANSION)

        assert ["nato", "russia", "united-states"] == [p.actor for p in found]
        assert Position.CONDITIONAL is found["united-states"].position
        assert ["ryabkov-disappointing", "ryabkov-no-compromise"] == [
            s.id for s in found["russia"].statements
        ]
        assert When.parse("2022-01-09[Europe/Moscow]") == found["russia"].since

    def test_without_roll_up(self):
        """roll_up=False reports the speaking actor, or whom it spoke for."""
        found = january_2022().positions(EXPANSION, roll_up=False)

        assert ["antony-blinken", "nato-foreign-ministers", "russia", "sergey-ryabkov"] == [
            p.actor for p in found
        ]
        assert ("nato",) == found.status.rejected_by

    def test_as_of_before_any_stance(self):
        """Before any statement is over, nobody has a position and the demand is open."""
        found = january_2022().positions(EXPANSION, as_of="2022-01-06[UTC]")

        assert 0 == len(found)
        assert DemandState.OPEN is found.status.state
        assert "open" == str(found.status)
        assert When.parse("2022-01-06[UTC]") == found.as_of

    def test_as_of_counts_only_statements_known_to_be_over(self):
        """A statement known only to the month does not count as of a day inside that month."""
        d = _with(
            january_2022(),
            _say("us-month", "united-states", "2022-02[UTC]", EXPANSION, Position.ACCEPTS),
        )

        early = d.positions(EXPANSION, as_of="2022-02-10[UTC]")
        late = d.positions(EXPANSION, as_of="2022-02-28[UTC]")

        assert Position.CONDITIONAL is early["united-states"].position
        assert Position.ACCEPTS is late["united-states"].position

    def test_latest_position_wins_and_run_restarts(self):
        """A changed position replaces the old one, and its evidence starts afresh."""
        d = _with(
            january_2022(),
            _say("us-yes", "united-states", "2022-01-20[UTC]", EXPANSION, Position.ACCEPTS),
            _say("us-yes-2", "wendy-sherman", "2022-01-21[UTC]", EXPANSION, Position.ACCEPTS),
        )

        found = d.positions(EXPANSION)["united-states"]

        assert Position.ACCEPTS is found.position
        assert ("us-yes", "us-yes-2") == tuple(s.id for s in found.statements)

    def test_lookup_by_actor_and_absent_actor(self):
        """Positions can be looked up by actor or id; an actor without a stance is absent."""
        d = january_2022()
        found = d.positions(d.demand(EXPANSION))

        assert found[d.actor("nato")] == found["nato"]
        assert "nato" in found
        assert "osce" not in found
        assert 42 not in found
        assert None is found.get("osce")
        with pytest.raises(NotFoundError, match="took no stance"):
            found["osce"]

    def test_lookup_leaves_equality_alone(self):
        """Looking an actor up does not change how Positions compare, hash or print."""
        d = january_2022()
        used, fresh = d.positions(EXPANSION), d.positions(EXPANSION)

        used.get("nato")

        assert fresh == used
        assert hash(fresh) == hash(used)
        assert repr(fresh) == repr(used)
        assert attrs.evolve(used) == used

    def test_unknown_demand(self):
        """An unknown demand id is a NotFoundError."""
        with pytest.raises(NotFoundError, match="no demand"):
            january_2022().positions("no-such-demand")

    def test_wrong_demand_type(self):
        """A value that is neither a demand nor an id is a ValidationError."""
        with pytest.raises(ValidationError, match="Demand or a demand id"):
            january_2022().positions(7)  # type: ignore[arg-type]

    def test_naive_as_of_refused(self):
        """as_of must be an aware time: a clock time without a zone is refused."""
        with pytest.raises(ValidationError, match="zone"):
            january_2022().positions(EXPANSION, as_of="2022-01-08T12:00")


def _made(d: Dossier, when: str) -> Dossier:
    """``d`` with the no-expansion demand made at ``when``."""
    demands = [
        attrs.evolve(x, when=When.parse(when)) if x.id == EXPANSION else x for x in d._demands
    ]
    return attrs.evolve(d, demands=demands)


class TestMaking:
    def test_maker_advances_from_the_making(self):
        """From when a demand is made its maker advances it, before any statement says so."""
        d = _made(january_2022(), "2021-12-17[Europe/Moscow]")
        found = d.positions(EXPANSION, as_of="2021-12-18[UTC]")
        russia = found["russia"]
        assert (Position.ADVANCES, (), When.parse("2021-12-17[Europe/Moscow]")) == (
            russia.position,
            russia.statements,
            russia.made,
        )
        assert russia.made == russia.since
        assert not d.positions(EXPANSION, as_of="2021-12-16[UTC]")

    def test_statements_continue_the_run(self):
        """Later statements advancing it join the run that the making began."""
        d = _made(january_2022(), "2021-12-17[Europe/Moscow]")
        russia = d.positions(EXPANSION)["russia"]
        assert russia.made is not None
        assert russia.statements
        assert str(russia.since) == "2021-12-17[Europe/Moscow]"

    def test_a_change_ends_the_run(self):
        """Once the maker changes position, the making no longer shows."""
        d = _with(
            _made(january_2022(), "2021-12-17[Europe/Moscow]"),
            _say("ru-drop", "sergey-ryabkov", "2022-02-01[UTC]", EXPANSION, Position.WITHDRAWS),
        )
        russia = d.positions(EXPANSION)["russia"]
        assert (Position.WITHDRAWS, None) == (russia.position, russia.made)

    def test_making_comes_first_at_one_time(self):
        """A statement at the very time of the making comes after it."""
        d = _with(
            _made(january_2022(), "2022-02-01[UTC]"),
            _say("ru-drop", "sergey-ryabkov", "2022-02-01[UTC]", EXPANSION, Position.WITHDRAWS),
        )
        assert DemandState.WITHDRAWN is d.status(EXPANSION).state


class TestNoncommittalAndJoint:
    def test_noncommittal_rejects_nothing(self):
        """A noncommittal comment replaces an addressee's position but never rejects."""
        d = _with(
            january_2022(),
            _say("us-meh", "united-states", "2022-01-02[UTC]", "no-bases", Position.NONCOMMITTAL),
        )
        found = d.positions("no-bases", as_of="2022-01-03[UTC]")
        assert Position.NONCOMMITTAL is found["united-states"].position
        assert DemandState.OPEN is found.status.state

    def test_joint_statement_counts_for_each(self):
        """A joint statement shows each of its principals' position, once per top-level actor."""
        joint = _say("joint", "jens-stoltenberg", "2022-02-01[UTC]", "no-bases", Position.REJECTS)
        joint = attrs.evolve(joint, speakers=("jens-stoltenberg", "united-states", "nato"))
        found = _with(january_2022(), joint).positions("no-bases")
        assert (joint,) == found["nato"].statements
        assert Position.REJECTS is found["united-states"].position
        own = _with(january_2022(), joint).positions("no-bases", roll_up=False)
        assert {"jens-stoltenberg", "united-states", "nato"} <= {p.actor for p in own}


class TestStatus:
    def test_withdrawn_wins(self):
        """A demand its maker withdraws is withdrawn, whatever the addressees say."""
        d = _with(
            january_2022(),
            _say("ru-drop", "sergey-ryabkov", "2022-02-01[UTC]", EXPANSION, Position.WITHDRAWS),
        )

        status = d.status(EXPANSION)

        assert DemandStatus(demand=EXPANSION, state=DemandState.WITHDRAWN) == status
        assert "withdrawn" == str(status)

    def test_accepted_by_every_addressee(self):
        """A demand every addressee accepts is accepted."""
        d = _with(
            january_2022(),
            _say("us-ok", "united-states", "2022-02-01[UTC]", "no-bases", Position.ACCEPTS),
        )

        status = d.status("no-bases")

        assert DemandState.ACCEPTED is status.state
        assert "accepted by united-states" == str(status)

    def test_partly_accepted_stays_open(self):
        """A demand some addressees accept and others have not answered stays open."""
        d = _with(
            january_2022(),
            _say("us-ok", "united-states", "2022-01-02[UTC]", EXPANSION, Position.ACCEPTS),
        )

        status = d.status(EXPANSION, as_of="2022-01-03[UTC]")

        assert DemandState.OPEN is status.state
        assert ("united-states",) == status.accepted_by

    def test_third_parties_do_not_decide(self):
        """A rejection by an actor the demand is not addressed to leaves it open."""
        d = _with(
            january_2022(),
            _say("osce-no", "osce", "2022-02-01[UTC]", "no-bases", Position.REJECTS),
        )

        assert DemandState.OPEN is d.status("no-bases").state


class TestTimeline:
    def test_entries_in_time_order(self):
        """The timeline mixes meetings and statements, in time order, ties by id."""
        d = january_2022()

        entries = list(d.timeline().between("2022-01-07[UTC]", "2022-01-10[UTC]"))

        whens = [(e.when, e.id) for e in entries]
        assert sorted(whens) == whens
        assert {"meeting", "statement"} == {e.kind for e in entries}

    def test_dated_demands_appear(self):
        """A demand with a time is an entry; an undated one is not."""
        d = january_2022()
        dated = attrs.evolve(d.demand("no-bases"), when=When.parse("2021-12-17[Europe/Moscow]"))
        more = attrs.evolve(
            d, demands=tuple(dated if x.id == "no-bases" else x for x in d._demands)
        )

        demands = more.timeline().of_type(DemandEntry)

        assert ["no-bases"] == [e.demand.id for e in demands]
        assert dated.when == demands.one().when
        assert "no-bases" in more.timeline().involving("united-states").ids()

    def test_of_type_and_entry_fields(self):
        """of_type() keeps entries of the given types, each exposing its entity."""
        d = january_2022()

        meetings = d.timeline().of_type(MeetingEntry)
        statements = d.timeline().of_type(StatementEntry)

        assert ["ssd-round-2"] == [e.meeting.id for e in meetings][:1]
        assert 6 == len(meetings)
        assert {s.id for s in d._statements} == {e.statement.id for e in statements}

    def test_involving_and_about(self):
        """involving() and about() filter the entries like the queries do."""
        d = january_2022()

        nato = d.timeline().involving("nato", include_affiliated=True)
        about = d.timeline().about("no-ukraine-membership")

        assert {
            "brussels-nrc-2022-01-12",
            "nato-foreign-ministers-2022-01-07",
            "nato-ministers-reject",
            "stoltenberg-no-say",
        } == set(nato.ids())
        assert ("stoltenberg-no-say",) == about.ids()


class TestChanges:
    def test_week_of_the_talks(self):
        """Between 7 and 10 January: NATO moved to rejecting, a ministerial was held."""
        d = january_2022()

        found = d.changes("2022-01-07[Europe/Brussels]", "2022-01-10[Europe/Brussels]")

        moved = {(c.demand, c.actor): (c.before, c.after) for c in found.positions}
        assert (None, Position.REJECTS) == moved[EXPANSION, "nato"]
        assert (None, Position.ADVANCES) == moved[EXPANSION, "russia"]
        assert ("nato-foreign-ministers-2022-01-07",) == tuple(m.id for m in found.meetings)
        assert () == found.demands

    def test_unmoved_positions_are_left_out(self):
        """A position that is the same at both ends is not a change."""
        d = january_2022()

        found = d.changes("2022-01-11[UTC]", "2022-01-20[UTC]")

        assert () == found.positions

    def test_changed_position_and_new_demand(self):
        """A position that turns is reported with before and after; dated demands show up."""
        d = january_2022()
        dated = attrs.evolve(d.demand("no-bases"), when=When.parse("2022-01-15[UTC]"))
        more = _with(
            attrs.evolve(d, demands=tuple(dated if x.id == "no-bases" else x for x in d._demands)),
            _say("us-ok", "united-states", "2022-01-16[UTC]", "no-bases", Position.ACCEPTS),
        )

        found = more.changes("2022-01-11[UTC]", "2022-01-20[UTC]")

        (change,) = found.positions
        assert ("no-bases", "united-states") == (change.demand, change.actor)
        assert (Position.CONDITIONAL, Position.ACCEPTS) == (change.before, change.after)
        assert ("us-ok",) == tuple(s.id for s in change.statements)
        assert ("no-bases",) == tuple(x.id for x in found.demands)

    def test_outcomes_reached_in_the_period(self):
        """Outcomes whose time overlaps the period are listed, in time order; others are not."""
        d = fictional()

        spring = d.changes("2031-03-20[UTC]", "2031-04-10[UTC]")
        march = d.changes("2031-03-01[UTC]", "2031-03-29[UTC]")

        assert ("corridors-in-principle", "river-truce") == tuple(o.id for o in spring.outcomes)
        assert () == march.outcomes

    def test_a_demand_made_by_a_date_may_fall_in_any_earlier_period(self):
        """A demand made ../2022-01-07 overlaps a period long before the 7th: it may be then."""
        d = january_2022()
        made_by = attrs.evolve(d.demand("no-bases"), when=When.parse("../2022-01-07"))
        more = attrs.evolve(
            d, demands=tuple(made_by if x.id == "no-bases" else x for x in d._demands)
        )

        found = more.changes("2021-06-01[UTC]", "2021-06-02[UTC]")

        assert ("no-bases",) == tuple(x.id for x in found.demands)

    def test_empty_period_refused(self):
        """until must begin after since."""
        with pytest.raises(ValidationError, match="period is empty"):
            january_2022().changes("2022-01-10[UTC]", "2022-01-10[UTC]")


def _top(d: Dossier, actor: str, when: When | None) -> str:
    """The one top-level actor of ``actor`` at ``when``, walked the slow way."""
    (found,) = walk_tops({a.id: a for a in d._actors}, actor, when)
    return found


def _naive_positions(d: Dossier, demand: str, cutoff) -> dict[str, Position]:
    made = d.demand(demand)
    events = [(s.when, 1, s.id, s) for s in d._statements]
    if made.when is not None:
        events.append((made.when, 0, "", None))
    latest: dict[str, Position] = {}
    for when, _, _, s in sorted(events, key=lambda e: e[:3]):
        if cutoff is not None and when.latest > cutoff:
            continue
        if s is None:
            latest[_top(d, made.by, made.when)] = Position.ADVANCES
            continue
        for stance in s.stances:
            if stance.demand == demand:
                for actor in s.on_behalf_of or s.speakers:
                    latest[_top(d, actor, s.when)] = stance.position
    return latest


def _naive_state(d: Dossier, demand: str, latest: dict[str, Position]) -> DemandState:
    made = d.demand(demand)
    maker = _top(d, made.by, made.when)
    addressees = {_top(d, a, made.when) for a in made.to} - {maker}
    if latest.get(maker) is Position.WITHDRAWS:
        return DemandState.WITHDRAWN
    if any(latest.get(a) is Position.REJECTS for a in addressees):
        return DemandState.REJECTED
    if addressees and all(latest.get(a) is Position.ACCEPTS for a in addressees):
        return DemandState.ACCEPTED
    return DemandState.OPEN


class TestNaiveEquivalence:
    @WHOLE_DOSSIERS
    @given(st.one_of(dossiers(), membership_dossiers()), st.data())
    def test_positions_equal_a_naive_scan(self, d, data):
        """positions() and status() equal a naive scan of all statements in time order.

        Each statement's actor rolled up through the memberships that hold at
        its time, the maker and addressees through those at the demand's.
        """
        if not d._demands:
            return
        demand = data.draw(st.sampled_from([x.id for x in d._demands]))
        times = [s.when for s in d._statements] + [x.when for x in d._demands if x.when]
        as_of = data.draw(st.sampled_from([None, *times]))

        found = d.positions(demand, as_of=as_of)

        cutoff = None if as_of is None else as_of.latest
        latest = _naive_positions(d, demand, cutoff)
        assert latest == {p.actor: p.position for p in found}
        assert _naive_state(d, demand, latest) is found.status.state
        for p in found:
            assert isinstance(p, ActorPosition)
            assert all(p.position in {t.position for t in s.stances} for s in p.statements)
