"""Tests for the pictures: the timeline, the positions charts and the HTML page."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import fixtures
from fixtures import TWO_STATES_AND_A_DIPLOMAT as ACTORS
from fixtures import fictional, meeting
from secdialogue import (
    Actor,
    ActorKind,
    Demand,
    Dossier,
    MeetingFormat,
    MeetingStatus,
    Membership,
    NotFoundError,
    Place,
    Position,
    Source,
    Stance,
    Statement,
    When,
    Wording,
)
from secdialogue._escape import escape
from secdialogue._export import CSV_TABLES, FORMATS
from secdialogue._pictures import _draw, _timeline, dossier_html, positions_svg, timeline_svg
from secdialogue._pictures._draw import (
    COLOURS,
    OPACITY,
    axis,
    rows,
    shorten,
    text,
    text_width,
    wrap,
)
from secdialogue._time import Precision, utc_seconds
from secdialogue.examples import january_2022
from strategies import WHOLE_DOSSIERS, dossiers

SVG = "{http://www.w3.org/2000/svg}"
DAY = 86_400


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 -- our own output, under test


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def marks(root: ET.Element) -> dict[str, list[ET.Element]]:
    """The shapes of each mark with a tooltip, by the id its tooltip starts with."""
    found: dict[str, list[ET.Element]] = {}
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        assert title is not None
        key = (title.text or "").split(":", 1)[0]
        found.setdefault(key, []).extend(group.iter(f"{SVG}rect"))
    return found


DEMAND = Demand(id="d", by="russia", to=("usa",), summary="Guarantees.")


def statement(id: str, when: str, *positions: Position, speaker: str = "ryabkov") -> Statement:  # noqa: A002
    return Statement(
        id=id,
        speakers=(speaker,),
        when=When.parse(when),
        text="Words.",
        wording=Wording.PARAPHRASE,
        stances=tuple(Stance(demand=f"d{i or ''}", position=p) for i, p in enumerate(positions)),
    )


class TestText:
    @given(st.text())
    def test_any_text_is_safe_xml(self, value):
        """Any string becomes XML character data and attribute value that read back escaped."""
        safe = text(value)
        element = parse(f'<a b="{safe}">{safe}</a>')
        expected = escape(value).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
        assert expected == element.text or (expected == "" and element.text is None)
        assert expected == element.get("b")

    def test_markup_stays_text(self):
        """Markup and controls from the data are shown, never obeyed."""
        assert "&lt;/text&gt;&lt;script&gt;\\x1b&amp;&quot;&#x27;" == text(
            "</text><script>\x1b&\"'"
        )

    def test_shorten_and_wrap(self):
        """Long labels are cut with an ellipsis; names wrap by words within the lines allowed."""
        assert "Geneva" == shorten("Geneva", 12, 100)
        assert shorten("Organization for Security", 12, 60).endswith("…")
        name = "Organization for Security and Co-operation in Europe"
        lines = wrap(name, 12, 120, 3)
        assert 3 == len(lines)
        assert all(text_width(line, 12) <= 120 for line in lines)
        assert lines[-1].endswith("…")
        assert name.startswith(" ".join(lines)[:-1])
        assert [name] == wrap(name, 12, 1000, 2)
        assert ["Russia"] == wrap("Russia", 12, 120, 3)

    @given(
        st.lists(
            st.tuples(st.integers(0, 50), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1]))
        ),
        st.sampled_from([0, 6]),
    )
    def test_rows_never_overlap(self, spans, gap):
        """In any order, spans in one row stay ``gap`` apart, and no row is wasted."""
        found = rows(spans, gap=gap)
        by_row: dict[int, list[tuple[int, int]]] = {}
        for span, row in zip(spans, found, strict=True):
            by_row.setdefault(row, []).append(span)
        for row_spans in by_row.values():
            ordered = sorted(row_spans)
            assert all(a[1] + gap <= b[0] for a, b in itertools.pairwise(ordered))
        assert sorted(by_row) == list(range(len(by_row)))
        # As many rows as the most spans that reach within the gap of one's start.
        ordered = sorted(spans, key=lambda span: span[0])
        deepest = max(
            (1 + sum(b[0] < a[1] + gap for a in ordered[:k]) for k, b in enumerate(ordered)),
            default=0,
        )
        assert deepest == len(by_row)

    def test_shorten_a_huge_text_measures_little(self, monkeypatch):
        """Cutting a megabyte of text to a label measures only about a label's worth."""
        calls = []

        def counting(value: str, size: float) -> float:
            calls.append(len(value))
            return text_width(value, size)

        monkeypatch.setattr(_draw, "text_width", counting)
        cut = _draw.shorten("word " * 200_000, 10, 600)
        assert cut.endswith("…")
        assert text_width(cut, 10) <= 600
        assert len(calls) < 10
        assert sum(calls) < 1_100_000

    def test_rows_put_overlaps_apart(self):
        """Spans that overlap go to different rows; one that fits goes to the first row."""
        assert [0, 1, 0, 2] == rows([(0, 10), (5, 15), (16, 20), (6, 30)])
        assert [0, 0] == rows([(0, 10), (10, 20)], gap=0)


class TestAxis:
    def test_long_gaps_are_cut_with_one_scale(self):
        """A stretch without marks longer than three days is cut; both pieces share a scale."""
        spans = [(0, DAY), (100 * DAY, 101 * DAY)]
        scale = axis(spans, 100, 900)
        first, second = scale.pieces
        assert 2 == len(scale.pieces)
        assert scale.x(DAY) - scale.x(0) == pytest.approx(scale.x(101 * DAY) - scale.x(100 * DAY))
        # In the cut, an instant is drawn at the start of the piece after it.
        assert second.left == scale.x(50 * DAY) > scale.x(first.stop) + 50
        assert pytest.approx(900) == scale.x(second.stop) == scale.x(200 * DAY)
        drawn = "".join(scale.draw(50, 200))
        assert '">98 d</text>' in drawn

    def test_close_marks_share_a_piece(self):
        """Marks under three days apart stay on one continuous piece."""
        assert 1 == len(axis([(0, DAY), (3 * DAY, 4 * DAY)], 0, 800).pieces)

    def test_ticks_thin_out(self):
        """Over a long span the ticks are farther apart than a day, and each year is named."""
        year = When.parse("2022[UTC]").until(When.parse("2023[UTC]"))
        drawn = "".join(axis([utc_seconds(year)], 0, 800).draw(50, 200))
        ticks = re.findall(r'class="sd-tick"', drawn)
        assert 3 <= len(ticks) <= 13
        assert ">2022<" in drawn
        assert ">2023<" in drawn


class TestTimeline:
    def test_built_in_dossier(self):
        """The reference case: a lane per party, every meeting and statement, title and desc."""
        dossier = january_2022()
        root = parse(timeline_svg(dossier))
        shown = texts(root)
        found = marks(root)
        title = root.find(f"{SVG}title")
        desc = root.find(f"{SVG}desc")
        assert title is not None
        assert desc is not None
        assert f"{title.get('id')} {desc.get('id')}" == root.get("aria-labelledby")
        assert "img" == root.get("role")
        assert {"Russia", "United States", "NATO", "Organization for"} <= set(shown)
        assert {"Geneva", "Brussels", "Vienna", "working meal", "ministerial"} <= set(shown)
        assert {m.id for m in dossier.meetings} | {s.id for s in dossier.statements} == set(found)
        assert "Geneva, 2022-01-10[Europe/Zurich], planned" in (desc.text or "")

    def test_spans_are_as_wide_as_their_time(self):
        """A zoned day is 24 hours wide; an evening with no zone 30 (4 hours, widened by 26).

        Both are faded, the day more.
        """
        root = parse(timeline_svg(january_2022()))
        found = marks(root)
        (day, *_) = found["russia-us-geneva-2022-01-10"]
        (evening, *_) = found["ryabkov-sherman-meal-2022-01-09"]
        # Bars are inset by a pixel on each side, to keep neighbours apart.
        day_width = float(day.get("width", "")) + 2
        evening_width = float(evening.get("width", "")) + 2
        assert pytest.approx(24 / 30, rel=0.01) == day_width / evening_width
        assert str(OPACITY[Precision.DAY]) == day.get("fill-opacity")
        assert str(OPACITY[Precision.PART_OF_DAY]) == evening.get("fill-opacity")
        assert OPACITY[Precision.DAY] < OPACITY[Precision.PART_OF_DAY]

    def test_status_shows_as_outline(self):
        """Held meetings have a solid outline; planned ones a dashed one."""
        found = marks(parse(timeline_svg(january_2022())))
        held = found["ssd-geneva-2021-09-30"][0].get("class", "")
        planned = found["russia-nato-brussels-2022-01-12"][0].get("class", "")
        assert ("sd-meeting", "sd-meeting sd-planned") == (held, planned)

    def test_lanes_follow_memberships_at_their_time(self):
        """An envoy's statements go to the lane of the party the envoy belongs to then."""
        envoy = Actor(
            id="envoy",
            kind=ActorKind.PERSON,
            name="Envoy",
            memberships=(
                Membership(organization="russia", when=When.parse("2021[UTC]")),
                Membership(organization="usa", when=When.parse("2022[UTC]")),
            ),
        )
        said = [
            Statement(
                id=ident,
                speakers=("envoy",),
                when=When.parse(when),
                text="Words.",
                wording=Wording.PARAPHRASE,
            )
            for ident, when in (
                ("early", "2021-06-01[UTC]"),
                ("late", "2022-06-01[UTC]"),
                ("between", "2021-12[UTC]/2022-01[UTC]"),
            )
        ]
        talks = meeting("talks", "2022-03-01[UTC]", participants=("envoy", "russia"))
        dossier = Dossier(actors=[*ACTORS[:2], envoy], meetings=[talks], statements=said)
        lanes = _timeline._lanes(dossier)
        assert {
            "russia": (["talks"], ["early", "between"]),
            "usa": (["talks"], ["between", "late"]),
        } == {
            top: ([m.id for m in lane.meetings], [s.id for s in lane.statements])
            for top, lane in lanes.items()
        }

    def test_statements_are_coloured_by_position(self):
        """A statement takes its position's colour, a stripe per position; none is hollow."""
        dossier = Dossier(
            actors=ACTORS,
            demands=[DEMAND, Demand(id="d1", by="russia", to=("usa",), summary="More.")],
            statements=[
                statement("one", "2022-01-10[Europe/Moscow]", Position.ADVANCES),
                statement("two", "2022-01-10[Europe/Moscow]", Position.REJECTS, Position.ACCEPTS),
                statement("none", "2022-01-10T10:00+03:00[Europe/Moscow]"),
            ],
        )
        found = marks(parse(timeline_svg(dossier)))
        assert [COLOURS[Position.ADVANCES]] == [r.get("fill") for r in found["one"]]
        assert [COLOURS[Position.ACCEPTS], COLOURS[Position.REJECTS]] == [
            r.get("fill") for r in found["two"]
        ]
        assert ["sd-none"] == [r.get("class") for r in found["none"]]
        # A minute is drawn 3 px wide, so that it can be seen.
        assert "3" == found["none"][0].get("width")

    def test_labels_do_not_overlap(self):
        """Meeting labels in a lane never share a row where they would overlap."""
        dossier = Dossier(
            actors=ACTORS,
            meetings=[
                meeting("a", "2022-01-10T10:00+01:00[Europe/Zurich]", format=MeetingFormat.CALL),
                meeting("b", "2022-01-10T10:30+01:00[Europe/Zurich]", format=MeetingFormat.SUMMIT),
                meeting(
                    "c",
                    "2022-01-10T11:00+01:00[Europe/Zurich]",
                    status=MeetingStatus.CANCELLED,
                    venue=Place(city="Geneva", country="CH", zone="Europe/Zurich"),
                ),
                meeting("d", "2022-01-11T10:00+01:00[Europe/Zurich]", format=MeetingFormat.CALL),
            ],
        )
        root = parse(timeline_svg(dossier))
        boxes: dict[str | None, list[tuple[float, float, str]]] = {}
        names = []
        for group in root.iter(f"{SVG}g"):
            bar, label = group.find(f"{SVG}rect"), group.find(f"{SVG}text")
            if bar is None or label is None:
                continue
            x, width = float(bar.get("x", "")), float(bar.get("width", ""))
            at = float(label.get("x", ""))
            row = boxes.setdefault(bar.get("y"), [])
            row.append((x, x + width, "bar"))
            row.append((at, at + text_width(label.text or "", 12), "label"))
            names.append(label.text)
            # Each label is just after its bar.
            assert x + width < at < x + width + 5
        assert ["call", "summit", "Geneva (cancelled)", "call"] * 2 == names
        # Half an hour apart, bars and labels would overlap: each takes a row of its
        # own; the next day's call fits in the first row, after the first label.
        assert [4, 2, 2] * 2 == [len(row) for row in boxes.values()]
        for row in boxes.values():
            ordered = sorted(row)
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(ordered))

    def test_labels_go_inside_wide_faint_bars_and_left_at_the_edge(self):
        """A label fits inside a faint bar wide enough; at the right edge it goes before it."""
        dossier = Dossier(
            actors=ACTORS,
            meetings=[
                meeting("month", "2022-01[Europe/Zurich]"),
                meeting(
                    "last", "2022-02-01T10:00+01:00[Europe/Zurich]", format=MeetingFormat.CALL
                ),
            ],
        )
        found = {}
        for group in parse(timeline_svg(dossier)).iter(f"{SVG}g"):
            bar, label = group.find(f"{SVG}rect"), group.find(f"{SVG}text")
            if label is not None:
                found[label.text] = (bar, label)
        month_bar, month_label = found["bilateral talks"]
        assert float(month_bar.get("x", "")) + 6 == float(month_label.get("x", ""))
        assert float(month_bar.get("width", "")) > 100
        last_bar, last_label = found["call"]
        label_end = float(last_label.get("x", "")) + text_width("call", 12)
        assert float(last_bar.get("x", "")) - 5 < label_end <= float(last_bar.get("x", ""))

    def test_month_is_wide_and_faint_and_gaps_are_cut(self):
        """A month-long meeting spans a month, faintly; the months between are cut out."""
        dossier = Dossier(
            actors=ACTORS,
            meetings=[
                meeting("month", "2022-01[Europe/Zurich]"),
                meeting("day", "2022-06-01[Europe/Zurich]", status=MeetingStatus.POSTPONED),
            ],
        )
        svg = timeline_svg(dossier)
        found = marks(parse(svg))
        month, day = found["month"][0], found["day"][0]
        ratio = (float(month.get("width", "")) + 2) / (float(day.get("width", "")) + 2)
        assert pytest.approx(31, rel=0.01) == ratio
        assert str(OPACITY[Precision.MONTH]) == month.get("fill-opacity")
        assert "≈" in svg
        assert "bilateral talks (postponed)" in texts(parse(svg))

    def test_hostile_text_is_inert(self):
        """Markup, controls and bidi overrides in the data stay text in the picture."""
        evil = '</text><script>alert(1)</script>\x1b[2J\u202e"'
        dossier = Dossier(
            actors=[*ACTORS, Actor(id="x", kind=ActorKind.STATE, name=evil)],
            meetings=[
                meeting(
                    "m",
                    "2022-01-10[Europe/Zurich]",
                    participants=("russia", "x"),
                    venue=Place(city=evil, country="CH", zone="Europe/Zurich"),
                )
            ],
        )
        svg = timeline_svg(dossier)
        root = parse(svg)
        assert [] == list(root.iter(f"{SVG}script"))
        assert "\x1b" not in svg
        assert "\u202e" not in svg
        assert "\\x1b[2J\\u202e" in "".join(root.itertext())

    def test_description_names_the_first_meetings(self):
        """The description names twenty meetings, then counts the rest."""
        dossier = Dossier(
            actors=ACTORS,
            meetings=[meeting(f"m{day:02d}", f"2022-01-{day:02d}[UTC]") for day in range(1, 31)],
        )
        desc = parse(timeline_svg(dossier)).find(f"{SVG}desc")
        assert desc is not None
        assert 20 == (desc.text or "").count("bilateral talks, 2022-01-")
        assert "2022-01-20[UTC]" in (desc.text or "")
        assert "and 10 more" in (desc.text or "")

    def test_labels_fit_the_place(self):
        """A label is the place's city, else its venue, region or country; a call's, "call"."""
        svg = timeline_svg(fictional())
        shown = texts(parse(svg))
        assert "Carrow (postponed)" in shown
        assert "Lakeside Lodge" in shown
        assert "call" in shown
        assert "multilateral talks, Lakeside Lodge, Lake Province, XD, 2031-03-29[UTC]" in svg

    def test_meeting_tooltip_names_roles_and_successor(self):
        """A meeting's tooltip names its hosts, mediators, observers and successor."""
        svg = timeline_svg(fictional())
        assert "postponed (rescheduled as carrow-2)" in svg
        assert "hosted by Dostania; mediated by Dora Dost; observed by Concord of Nine" in svg

    def test_outcomes_are_diamonds_in_each_partys_lane(self):
        """Each outcome is a diamond on a line over its time, in the lane of each party."""
        dossier = fictional()
        svg = timeline_svg(dossier)
        root = parse(svg)
        shown = texts(root)
        found = marks(root)
        diamonds = [p for p in root.iter(f"{SVG}path") if p.get("class") == "sd-outcome"]
        # Arvenia's lane and Belmora's: each outcome twice.
        assert 4 == len(diamonds)
        assert 2 == len(found["river-truce"])
        (line, *_) = found["river-truce"]
        assert "sd-outcome" == line.get("class")
        assert pytest.approx(DAY * _axis_scale(dossier), abs=0.2) == float(line.get("width", ""))
        assert any(t.startswith("Diamonds: outcomes") for t in shown)
        assert not any("not recorded" in t for t in shown)
        assert "3 meetings, 0 statements and 2 outcomes, from" in " ".join(shown)
        assert "agreement, ceasefire stage, 2031-04-02[UTC]; Arvenia, Belmora: A truce" in svg
        assert "Outcomes: 2." in (root.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]

    def test_outcomes_alone_draw(self):
        """A dossier with only an outcome draws it."""
        dossier = fictional()
        only = Dossier(
            actors=dossier.actors,
            demands=dossier.demands,
            outcomes=[dossier.outcome("river-truce")],
            sources=dossier.sources,
        )
        root = parse(timeline_svg(only))
        assert {"river-truce"} == set(marks(root))

    def test_open_outcome_is_marked_open(self):
        """An outcome known only to come after a date runs to the edge, with an arrowhead."""
        dossier = fictional()
        truce = dossier.outcome("river-truce")
        later = attrs.evolve(truce, when=When.parse(f"{truce.when}/.."))
        only = Dossier(
            actors=dossier.actors,
            demands=dossier.demands,
            outcomes=[later],
            sources=dossier.sources,
        )
        root = parse(timeline_svg(only))
        tips = [float(p.get("points", "").split(",", 1)[0]) for p in root.iter(f"{SVG}polygon")]
        # One outcome in the lanes of its two parties, each open past the right edge.
        assert 2 == len(tips)
        assert all(tip > _draw.WIDTH - 30 for tip in tips)

    def test_open_times_are_cut_at_the_edge_with_an_arrowhead(self):
        """An open time runs to the edge of the axis, marked past it; the axis spans the known."""
        dossier = Dossier(
            actors=ACTORS,
            meetings=[
                meeting("before", "../2022-01-07[Europe/Brussels]"),
                meeting("known", "2022-01-10[UTC]"),
            ],
            demands=[DEMAND],
            statements=[statement("after", "2022-01-12/..", Position.ADVANCES)],
        )
        svg = timeline_svg(dossier)
        root = parse(svg)
        arrows = [p.get("points", "") for p in root.iter(f"{SVG}polygon")]
        tips = sorted(float(points.split(",", 1)[0]) for points in arrows)
        drawn = "".join(root.itertext())
        before = marks(root)["before"][0]
        known = marks(root)["known"][0]
        # The axis covers 7 to 13 January only: the open meeting starts at its left edge
        # (in the lanes of both parties), the open statement ends at the right edge.
        assert 3 == len(arrows)
        assert tips[0] < float(before.get("x", "")) <= 170
        assert tips[-1] > _draw.WIDTH - 30
        assert float(before.get("width", "")) < 3 * float(known.get("width", ""))
        assert "Arrowheads: a time open on one side" in drawn
        assert ">2022<" in svg
        assert [">2022<"] == re.findall(r">\d{3,4}<", svg)

    def test_closed_times_have_no_arrowheads(self):
        """Without open times, nothing is marked open and the legend does not mention it."""
        root = parse(timeline_svg(fixtures.january_2022()))
        assert [] == list(root.iter(f"{SVG}polygon"))
        assert "Arrowheads" not in "".join(root.itertext())

    def test_nothing_to_draw(self):
        """A dossier without meetings or statements is a picture that says so."""
        root = parse(timeline_svg(Dossier(actors=ACTORS)))
        assert any("nothing to draw" in t for t in texts(root))

    @WHOLE_DOSSIERS
    @given(dossiers())
    def test_any_dossier_draws(self, dossier):
        """Every valid dossier gives well-formed pictures and a page."""
        parse(timeline_svg(dossier))
        for demand in dossier.demands:
            parse(positions_svg(dossier, demand.id))
        page = Page.read(dossier_html(dossier))
        assert [] == page.scripts


def _axis_scale(dossier: Dossier) -> float:
    """Pixels per second of the timeline of ``dossier``."""
    spans = [utc_seconds(e.when) for e in dossier.timeline() if e.kind != "demand"]
    return axis(spans, 168.0, 960 - 28.0).scale


class TestPositions:
    def test_built_in_demand(self):
        """Each party's steps, coloured by position, with the ids of the evidence."""
        dossier = january_2022()
        root = parse(positions_svg(dossier, "no-nato-eastward-expansion"))
        package = texts(parse(positions_svg(dossier, "russia-security-guarantees")))
        shown = texts(root)
        fills = {r.get("fill") for r in root.iter(f"{SVG}rect")}
        assert {"NATO", "Russia", "rejects", "advances", "made"} <= set(shown)
        assert "nato-ministers-2022-01-07-no-halt-to-expansion" in shown
        assert "stoltenberg-2022-01-07-no-say" in shown
        assert {COLOURS[Position.REJECTS], COLOURS[Position.ADVANCES]} <= fills
        assert any("Status: rejected by nato." in t for t in shown)
        assert {"United States", "blinken-2022-01-07-cannot-be-fulfilled"} <= set(package)
        assert "ryabkov-2022-01-09-abrupt-end" in package

    def test_the_making_starts_the_makers_step(self):
        """A demand with a time shows its maker advancing from then, marked "made"."""
        made = attrs.evolve(DEMAND, when=When.parse("2022-01-05[Europe/Moscow]"))
        dossier = Dossier(
            actors=ACTORS,
            demands=[made],
            statements=[statement("later", "2022-01-20[Europe/Moscow]", Position.ADVANCES)],
        )
        root = parse(positions_svg(dossier, "d", prefix="p"))
        shown = texts(root)
        assert ["advances", "made", "later"] == shown[shown.index("advances") :][:3]
        titles = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
        assert "made: 2022-01-05[Europe/Moscow], advances" in titles

    def test_a_change_starts_a_new_step(self):
        """A new position starts a step where its statement is; the old step ends there."""
        dossier = Dossier(
            actors=ACTORS,
            demands=[DEMAND],
            statements=[
                statement("first", "2022-01-10[Europe/Moscow]", Position.ADVANCES),
                statement("again", "2022-01-11[Europe/Moscow]", Position.ADVANCES),
                statement("later", "2022-01-20[Europe/Moscow]", Position.WITHDRAWS),
            ],
        )
        root = parse(positions_svg(dossier, "d", prefix="p"))
        shown = texts(root)
        bands = [r for r in root.iter(f"{SVG}rect") if r.get("fill") in COLOURS.values()]
        advances = [r for r in bands if r.get("fill") == COLOURS[Position.ADVANCES]]
        withdraws = [r for r in bands if r.get("fill") == COLOURS[Position.WITHDRAWS]]
        solid_end = float(advances[1].get("x", "")) + float(advances[1].get("width", ""))
        assert ["advances", "first", "again"] == shown[shown.index("advances") :][:3]
        assert ["withdraws", "later"] == shown[shown.index("withdraws") :][:2]
        assert pytest.approx(solid_end) == float(withdraws[0].get("x", ""))
        # Thin across the day the first statement is known to within, full from its end.
        thin, full = advances[0], advances[1]
        assert float(thin.get("height", "")) < float(full.get("height", ""))
        thin_end = float(thin.get("x", "")) + float(thin.get("width", ""))
        assert pytest.approx(thin_end) == float(full.get("x", ""))
        title = root.find(f"{SVG}title")
        assert title is not None
        assert "p-title" == title.get("id")
        assert "Status: withdrawn" in shown[1]

    def test_open_statement_is_marked_open(self):
        """A stance from a time open on one side is outlined to the edge, with an arrowhead."""
        dossier = Dossier(
            actors=ACTORS,
            demands=[DEMAND],
            statements=[
                statement("made-before", "../2022-01-07", Position.ADVANCES),
                statement("later", "2022-01-20[Europe/Moscow]", Position.ADVANCES),
            ],
        )
        root = parse(positions_svg(dossier, "d"))
        (arrow,) = root.iter(f"{SVG}polygon")
        (outline,) = marks(root)["made-before"]
        tip = float(arrow.get("points", "").split(",", 1)[0])
        assert tip < float(outline.get("x", "")) <= 170

    def test_other_demands_stances_are_left_out(self):
        """Only stances on the demand drawn count; a demand without any says so."""
        dossier = Dossier(
            actors=ACTORS,
            demands=[DEMAND, Demand(id="d1", by="russia", to=("usa",), summary="More.")],
            statements=[statement("s", "2022-01-10[Europe/Moscow]", Position.ADVANCES)],
        )
        empty = texts(parse(positions_svg(dossier, "d1")))
        assert "No statement takes a stance on it." in empty

    def test_unknown_demand(self):
        """An id that names no demand is a NotFoundError."""
        with pytest.raises(NotFoundError):
            positions_svg(january_2022(), "no-such-demand")


class Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.links: list[str] = []
        self.svgs = 0
        self.policy = ""

    @classmethod
    def read(cls, html: str) -> Page:
        page = cls()
        page.feed(html)
        page.close()
        return page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(tag)
        if tag == "svg":
            self.svgs += 1
        if tag in {"a", "link", "img", "iframe"}:
            self.links.append(found.get("href") or found.get("src") or "")
        if found.get("http-equiv") == "Content-Security-Policy":
            self.policy = found.get("content") or ""

    def handle_data(self, data: str) -> None:
        self.text.append(data)


class TestPage:
    def test_built_in_dossier(self):
        """The page has the timeline, a chart per demand, the meetings, statements and source."""
        dossier = january_2022()
        page = Page.read(dossier_html(dossier))
        words = " ".join(page.text)
        assert 1 + len(dossier.demands) == page.svgs
        assert [] == page.scripts
        assert "default-src 'none'" in page.policy
        assert [] == page.links  # the article has no address
        for place in ("Geneva", "Brussels", "Vienna"):
            assert place in words
        assert "Security Dialogue Is Imminent!" in words
        assert "ryabkov-2022-01-09-naive" in words

    def test_empty_dossier_and_source_details(self):
        """Without demands the page says so; a source's publisher, date and address are shown."""
        source = Source(
            id="src",
            title="<b>Report</b>",
            publisher="Agency",
            url="https://example.org/a?b=1&c=2",
            published=When.parse("2022-01-10[UTC]"),
        )
        page = Page.read(dossier_html(Dossier(actors=ACTORS, sources=[source]), title="Mine"))
        words = " ".join(page.text)
        assert ["https://example.org/a?b=1&c=2"] == page.links
        assert "The dossier has no demands." in words
        assert "<b>Report</b>" in words
        assert "Agency" in words
        assert "2022-01-10[UTC]" in words
        assert "Mine" in words

    def test_outcomes(self):
        """The page lists the outcomes, their kind, stage, parties and signatories."""
        words = " ".join(Page.read(dossier_html(fictional())).text)
        assert "agreement (ceasefire) river-truce" in words
        assert "Ada Arven, Bo Belm, Dora Dost" in words
        assert "2 outcomes" in words
        assert "Lakeside Lodge, Lake Province, XD" in words

    def test_no_outcomes(self):
        """A dossier without outcomes says so."""
        words = " ".join(Page.read(dossier_html(Dossier(actors=ACTORS))).text)
        assert "The dossier has no outcomes." in words

    def test_places_at_any_level(self):
        """The page names each meeting's place at the levels recorded."""
        words = " ".join(Page.read(dossier_html(fictional())).text)
        assert "Lakeside Lodge, Lake Province, XD" in words
        assert "Carrow, XD" in words

    def test_no_sources(self):
        """A dossier without sources says so."""
        words = " ".join(Page.read(dossier_html(Dossier(actors=ACTORS))).text)
        assert "The dossier has no sources." in words


class TestFormats:
    def test_every_format_writes_the_dossier(self):
        """Each export format turns the built-in dossier into its kind of text."""
        dossier = january_2022()
        written = {name: f.write(dossier) for name, f in FORMATS.items()}
        assert ["ics", "csv", "svg", "html"] == list(FORMATS)
        assert written["ics"].startswith("BEGIN:VCALENDAR\r\n")
        assert written["csv"].startswith("id,when,")
        assert "statements" in FORMATS["csv"].summary
        assert "ics" == FORMATS["ics"].extra
        assert {".ics", ".csv", ".svg", ".html"} == {f.suffix for f in FORMATS.values()}
        parse(written["svg"])
        assert written["html"].startswith("<!DOCTYPE html>")

    @pytest.mark.parametrize("table", ["statements", "meetings", "actors", "demands", "outcomes"])
    def test_csv_tables(self, table):
        """Each CSV table has a header and a row per entity of its kind."""
        dossier = fictional()
        lines = CSV_TABLES[table](dossier).splitlines()
        assert len(getattr(dossier, table)) + 1 == len(lines)


class TestImports:
    def test_light(self):
        """`import secdialogue` loads no export or picture code; the exports load no icalendar."""
        code = (
            "import json, sys, secdialogue; before = sorted(sys.modules);"
            " import secdialogue._export; print(json.dumps([before, sorted(sys.modules)]))"
        )
        done = subprocess.run(  # noqa: S603 -- our own interpreter and code
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        before, after = json.loads(done.stdout)
        assert set() == {"secdialogue._export", "secdialogue._pictures"} & set(before)
        assert {"secdialogue._export", "secdialogue._pictures"} <= set(after)
        assert "icalendar" not in after
