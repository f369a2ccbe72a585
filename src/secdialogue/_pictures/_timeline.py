"""The timeline picture: a lane per party, meetings as spans, statements and outcomes as marks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from secdialogue._model import MeetingStatus, Position
from secdialogue._pictures._draw import (
    COLOURS,
    OPACITY,
    WIDTH,
    attr,
    axis,
    count,
    frame,
    legend,
    open_side,
    precision_of,
    rows,
    shorten,
    text,
    text_width,
    wrap,
)
from secdialogue._time import utc_seconds

if TYPE_CHECKING:
    from collections.abc import Iterable

    from secdialogue._dossier import Dossier
    from secdialogue._model import Meeting, Outcome, Statement
    from secdialogue._pictures._draw import Axis
    from secdialogue._time import When

__all__ = ["HELD", "meeting_label", "timeline_svg"]

_LEFT: Final = 168.0
_RIGHT: Final = WIDTH - 28.0
_AXIS_TOP: Final = 78.0
_BAR: Final = 18.0
_MARK: Final = 9.0
_LABEL: Final = 12.0
_NAME: Final = 13.0
_LABEL_LIMIT: Final = 240.0
_DESCRIBED: Final = 20
"""How many meetings the description for screen readers names."""
_FAINT: Final = 0.5
"""The most opaque a bar may be for its label to go inside it, dark on light."""
HELD: Final = frozenset({MeetingStatus.HELD, MeetingStatus.ENDED_EARLY})
"""The statuses of meetings that took place, drawn with a solid outline."""


def meeting_label(meeting: Meeting) -> str:
    """A meeting's short name: its place's label, else its format, and its status if off.

    A place's label is its city, else its venue, else its region, else its
    country; a call has no place, and is labelled "call".
    """
    label = meeting.venue.label if meeting.venue is not None else meeting.format.value
    label = label.replace("_", " ")
    if meeting.status in {MeetingStatus.CANCELLED, MeetingStatus.POSTPONED}:
        label += f" ({meeting.status.value})"
    return label


@attrs.frozen(kw_only=True)
class _Lane:
    name: str
    meetings: list[Meeting]
    statements: list[Statement]
    outcomes: list[Outcome]


def _tops(dossier: Dossier, actors: Iterable[str], when: When) -> list[str]:
    """The top-level actors of these actors at ``when``, each once, in order."""
    return list(dict.fromkeys(top for a in actors for top in dossier.top_level_of(a, when)))


def _lanes(dossier: Dossier) -> dict[str, _Lane]:
    """A lane per top-level party, in order of its first meeting, statement or outcome.

    A meeting goes in the lane of each participant's top-level actor at the
    meeting's time, a statement in that of its actor's top-level actor at its
    time (in each, for an actor that then has several; a joint statement in
    that of each of its actors), an outcome in that of each party's.
    """
    found: dict[str, _Lane] = {}
    firsts: dict[str, tuple[int, str]] = {}

    def lane(top: str, seconds: int) -> _Lane:
        name = dossier.actor(top).name
        firsts[top] = min(firsts.get(top, (seconds, name)), (seconds, name))
        return found.setdefault(top, _Lane(name=name, meetings=[], statements=[], outcomes=[]))

    for meeting in dossier.meetings.by_time():
        start = utc_seconds(meeting.when)[0]
        for top in _tops(dossier, meeting.participants, meeting.when):
            lane(top, start).meetings.append(meeting)
    for statement in dossier.statements.by_time():
        start = utc_seconds(statement.when)[0]
        for top in _tops(dossier, statement.principals, statement.when):
            lane(top, start).statements.append(statement)
    for outcome in dossier.outcomes.by_time():
        start = utc_seconds(outcome.when)[0]
        for top in _tops(dossier, outcome.parties, outcome.when):
            lane(top, start).outcomes.append(outcome)
    return {key: found[key] for key in sorted(found, key=firsts.__getitem__)}


def _meeting_title(dossier: Dossier, meeting: Meeting) -> str:
    names = ", ".join(dossier.actor(p).name for p in meeting.participants)
    place = f", {meeting.venue}" if meeting.venue is not None else ""
    precision = precision_of(meeting.when).value.replace("_", " ")
    status = meeting.status.value.replace("_", " ")
    if meeting.rescheduled_as is not None:
        status += f" (rescheduled as {meeting.rescheduled_as})"
    others = [
        f"{field} {', '.join(dossier.actor(i).name for i in ids)}"
        for field, ids in (
            ("hosted by", meeting.hosts),
            ("mediated by", meeting.mediators),
            ("observed by", meeting.observers),
        )
        if ids
    ]
    return (
        f"{meeting.id}: {meeting.format.value.replace('_', ' ')}{place}, {meeting.when}"
        f" (known to the {precision}), {status}; {names}"
        + "".join(f"; {other}" for other in others)
    )


def _outcome_title(dossier: Dossier, outcome: Outcome) -> str:
    names = ", ".join(dossier.actor(p).name for p in outcome.parties)
    stage = "" if outcome.stage is None else f", {outcome.stage.value.replace('_', ' ')} stage"
    words = shorten(outcome.summary, 10, 600)
    return (
        f"{outcome.id}: {outcome.kind.value.replace('_', ' ')}{stage}, {outcome.when}; {names}:"
        f" {words}"
    )


def _draw_outcome(dossier: Dossier, outcome: Outcome, x0: float, x1: float, y: float) -> str:
    """An outcome: a thin bar over its interval, a diamond at its middle."""
    middle, half = (x0 + x1) / 2, _MARK / 2
    return (
        f"<g><title>{text(_outcome_title(dossier, outcome))}</title>"
        f'<rect class="sd-outcome" x="{attr(x0)}" y="{attr(y + half - 1)}"'
        f' width="{attr(max(x1 - x0, 1.0))}" height="2"/>'
        f'<path class="sd-outcome" d="M{attr(middle)} {attr(y)}l{attr(half)} {attr(half)}'
        f'l-{attr(half)} {attr(half)}l-{attr(half)} -{attr(half)}z"/>'
        f"{open_side(outcome.when, x0, max(x1, x0 + 1.0), y, _MARK)}</g>"
    )


def _statement_title(dossier: Dossier, statement: Statement) -> str:
    stances = "; ".join(f"{s.position.value} {s.demand}" for s in statement.stances)
    words = shorten(statement.text, 10, 600)
    speaker = ", ".join(dossier.actor(s).name for s in statement.speakers)
    return f"{statement.id}: {speaker}, {statement.when}, {statement.wording.value}: {words}" + (
        f" [{stances}]" if stances else " [no stance]"
    )


def _positions(statement: Statement) -> list[Position]:
    taken = {s.position for s in statement.stances}
    return [p for p in Position if p in taken]


def _draw_statement(dossier: Dossier, statement: Statement, x0: float, x1: float, y: float) -> str:
    width = max(x1 - x0, 3.0)
    shown = _positions(statement)
    parts = [f"<g><title>{text(_statement_title(dossier, statement))}</title>"]
    parts.append(open_side(statement.when, x0, x0 + width, y, _MARK))
    if not shown:
        parts.append(
            f'<rect class="sd-none" x="{attr(x0)}" y="{attr(y)}" width="{attr(width)}"'
            f' height="{attr(_MARK)}"/>'
        )
    stripe = _MARK / max(len(shown), 1)
    for index, position in enumerate(shown):
        parts.append(
            f'<rect x="{attr(x0)}" y="{attr(y + index * stripe)}" width="{attr(width)}"'
            f' height="{attr(stripe)}" fill="{COLOURS[position]}"/>'
        )
    parts.append("</g>")
    return "".join(parts)


def _place_label(x0: float, x1: float, width: float, opacity: float) -> tuple[float, float, float]:
    """Where a meeting's label goes: its x, and the stretch the bar and label take.

    Inside a wide, faint bar (dark text stays readable on it); else just
    after the bar; else, at the right edge, just before it.
    """
    if x1 - x0 >= width + 12 and opacity <= _FAINT:
        return x0 + 6, x0, x1
    if x1 + 4 + width <= _RIGHT:
        return x1 + 4, x0, x1 + 4 + width
    return x0 - 4 - width, x0 - 4 - width, x1


def _draw_lane(dossier: Dossier, lane: _Lane, scale: Axis, top: float) -> tuple[list[str], float]:
    """A lane's meetings with their labels and its statements, from ``top``; and its height."""
    out: list[str] = []
    placed: list[tuple[float, float, float, float, float]] = []
    for meeting in lane.meetings:
        x0, x1 = scale.span(meeting.when)
        x0, x1 = x0 + 1, x0 + 1 + max(x1 - x0 - 2, 3.0)  # a pixel apart from a neighbour
        width = text_width(shorten(meeting_label(meeting), _LABEL, _LABEL_LIMIT), _LABEL)
        label, start, end = _place_label(x0, x1, width, OPACITY[precision_of(meeting.when)])
        placed.append((x0, x1, label, start, end))
    meeting_rows = rows([(start, end) for _, _, _, start, end in placed], gap=8)
    y = top + 8
    for index, meeting in enumerate(lane.meetings):
        x0, x1, label, _, _ = placed[index]
        row_y = y + meeting_rows[index] * (_BAR + 6)
        dash = "" if meeting.status in HELD else " sd-planned"
        out.append(
            f"<g><title>{text(_meeting_title(dossier, meeting))}</title>"
            f'<rect class="sd-meeting{dash}" x="{attr(x0)}" y="{attr(row_y)}"'
            f' width="{attr(x1 - x0)}" height="{attr(_BAR)}" rx="3"'
            f' fill-opacity="{OPACITY[precision_of(meeting.when)]}"/>'
            f"{open_side(meeting.when, x0, x1, row_y, _BAR)}"
            f'<text class="sd-label" x="{attr(label)}" y="{attr(row_y + 13)}">'
            f"{text(shorten(meeting_label(meeting), _LABEL, _LABEL_LIMIT))}</text></g>"
        )
    y += (max(meeting_rows, default=-1) + 1) * (_BAR + 6) + (4 if meeting_rows else 0)
    marks = [scale.span(s.when) for s in lane.statements]
    mark_rows = rows(marks, gap=0)
    for index, statement in enumerate(lane.statements):
        x0, x1 = marks[index]
        out.append(_draw_statement(dossier, statement, x0, x1, y + mark_rows[index] * (_MARK + 3)))
    y += (max(mark_rows, default=-1) + 1) * (_MARK + 3)
    spans = [scale.span(o.when) for o in lane.outcomes]
    # A diamond is as wide as it is high: its row must leave room for it however short the span.
    wide = [(min(x0, (x0 + x1 - _MARK) / 2), max(x1, (x0 + x1 + _MARK) / 2)) for x0, x1 in spans]
    outcome_rows = rows(wide, gap=2)
    for index, outcome in enumerate(lane.outcomes):
        x0, x1 = spans[index]
        row_y = y + outcome_rows[index] * (_MARK + 3)
        out.append(_draw_outcome(dossier, outcome, x0, x1, row_y))
    y += (max(outcome_rows, default=-1) + 1) * (_MARK + 3)
    names = wrap(lane.name, _NAME, _LEFT - 24, 4)
    for line, name in enumerate(names):
        out.append(
            f'<text class="sd-name" x="16" y="{attr(top + 21 + line * 16)}">{text(name)}</text>'
        )
    return out, max(y + 6, top + 14 + 16 * len(names)) - top


def _summary(dossier: Dossier, lanes: dict[str, _Lane]) -> str:
    """The description for screen readers: the meetings in words (the first few), who spoke."""
    shown = dossier.meetings.by_time().ids()[:_DESCRIBED]
    meetings = [
        f"{meeting_label(m)}, {m.when}, {m.status.value.replace('_', ' ')}"
        for m in map(dossier.meeting, shown)
    ]
    if len(dossier.meetings) > len(shown):
        meetings.append(f"and {len(dossier.meetings) - len(shown):,} more")
    said = [f"{lane.name} {len(lane.statements)}" for lane in lanes.values() if lane.statements]
    return (
        f"A timeline with a lane for each of {len(lanes)} parties."
        f" Meetings: {'; '.join(meetings) or 'none'}."
        f" Statements by party: {', '.join(said) or 'none'}."
        f" Outcomes: {len(dossier.outcomes) or 'none'}."
    )


def timeline_svg(dossier: Dossier, *, prefix: str = "sd-timeline") -> str:
    """A timeline of the dossier as an SVG picture: a lane per party.

    Each meeting is a bar in the lane of every party taking part (an actor's
    lane is that of its top-level actor: Ryabkov speaks in Russia's lane),
    as wide as the interval its time really covers in UTC: a whole day for a
    meeting known to the day, four hours for an evening. The vaguer the time,
    the fainter the bar; a meeting not known to be held (planned, postponed,
    cancelled) has a dashed outline. Bars are at least 3 px wide, to be seen.

    Each statement is a mark over its own interval, coloured by the
    positions its stances take (a stripe each), hollow when it takes none.
    Each outcome (an agreement, a joint statement, a declared result) is a
    diamond in the lane of every party to it, on a thin line over its
    interval. The axis is in UTC and cuts out stretches of more than three
    days with nothing in them, saying how many days it left out; every piece
    has the same scale. A time open on one side (``../2022-01-07``) is drawn
    to the edge of the axis, with an arrowhead beyond it; the axis spans only
    the bounds that are known.

    Every string from the data is escaped; every mark has a tooltip with its
    id, time and precision; the picture has a title and a description for
    screen readers.

    Args:
        dossier: The dossier to draw.
        prefix: The start of the ids in the picture, to keep them unique
            when several pictures share a page.

    Returns:
        The SVG document, as text.
    """
    lanes = _lanes(dossier)
    title = "Timeline"
    spans = [utc_seconds(m.when) for m in dossier.meetings]
    spans += [utc_seconds(s.when) for s in dossier.statements]
    spans += [utc_seconds(o.when) for o in dossier.outcomes]
    if not spans:
        subtitle = "The dossier has no meetings, statements or outcomes: nothing to draw."
        return frame(
            prefix=prefix, title=title, subtitle=subtitle, desc=subtitle, height=60, body=[]
        )
    scale = axis(spans, _LEFT, _RIGHT)
    whens = [m.when for m in dossier.meetings] + [s.when for s in dossier.statements]
    whens += [o.when for o in dossier.outcomes]
    first = min(whens)
    last = max(whens, key=lambda when: (utc_seconds(when)[1], when))
    subtitle = (
        f"{count(len(dossier.meetings), 'meeting')},"
        f" {count(len(dossier.statements), 'statement')} and"
        f" {count(len(dossier.outcomes), 'outcome')}, from {first} to {last}."
        " The axis is in UTC."
    )
    body: list[str] = []
    top = _AXIS_TOP
    for index, lane in enumerate(lanes.values()):
        marks, height = _draw_lane(dossier, lane, scale, top)
        if index % 2 == 0:
            body.append(
                f'<rect class="sd-lane" x="8" y="{attr(top)}" width="{WIDTH - 16}"'
                f' height="{attr(height)}"/>'
            )
        body.extend(marks)
        top += height
    grid = scale.draw(_AXIS_TOP, top)
    lines = [
        "Bars: meetings, as wide as the time they are known to within (a day, an evening);",
        "fainter where that time is vaguer; dashed: planned, postponed or cancelled.",
        "Marks: statements, over the time they are known to within, coloured by the positions",
        "they take on demands (a stripe each); hollow: no stance.",
        "Diamonds: outcomes (agreements, joint statements, declared results), in the lane",
        "of each party, on a line over the time they are known to within.",
    ]
    if any(when.unbounded is not None for when in whens):
        lines.append(
            "Arrowheads: a time open on one side (before or from a date), cut at the edge."
        )
    shown: list[Position | None] = [*Position, None]
    foot = legend(top + 18, lines, shown)
    height = top + 18 + 30 + 17 * len(lines)
    desc = _summary(dossier, lanes)
    return frame(
        prefix=prefix,
        title=title,
        subtitle=subtitle,
        desc=desc,
        height=height,
        body=[*_behind(body, grid), *foot],
    )


def _behind(body: list[str], grid: list[str]) -> list[str]:
    """The lane backgrounds first, then the grid, then the marks on top."""
    backgrounds = [part for part in body if 'class="sd-lane"' in part]
    rest = [part for part in body if 'class="sd-lane"' not in part]
    return [*backgrounds, *grid, *rest]
