"""The positions chart: each party's position on one demand over time, as steps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from secdialogue._model import Position, Statement
from secdialogue._pictures._draw import (
    COLOURS,
    WIDTH,
    attr,
    axis,
    frame,
    legend,
    open_side,
    rows,
    shorten,
    text,
    text_width,
    wrap,
)
from secdialogue._time import utc_seconds

if TYPE_CHECKING:
    from secdialogue._dossier import Dossier
    from secdialogue._model import Demand
    from secdialogue._pictures._draw import Axis
    from secdialogue._time import When

__all__ = ["positions_svg"]

_LEFT: Final = 168.0
_RIGHT: Final = WIDTH - 28.0
_AXIS_TOP: Final = 96.0
_BAND: Final = 20.0
_THIN: Final = 6.0
_LINE: Final = 14.0
_NAME: Final = 13.0
_IDS: Final = 11.0

_Run = tuple[Position, list["Statement | Demand"]]
"""A run of one position, and its evidence: statements, and the demand itself for its making."""


def _runs(dossier: Dossier, demand: Demand) -> dict[str, tuple[str, list[_Run]]]:
    """For each top-level party, its name and its runs of one position, in time order.

    A statement speaks for the actors it was made on behalf of, else for its
    speakers, each rolled up to its top-level actor at the statement's time,
    and the making of the demand (at its ``when``) shows its maker, rolled up
    at that time, advancing it, as in :meth:`~secdialogue.Dossier.positions`.
    """
    found: dict[str, tuple[str, list[_Run]]] = {}
    events: list[tuple[When, int, str, Statement | Demand]] = [
        (s.when, 1, s.id, s) for s in dossier.statements.about(demand.id)
    ]
    if demand.when is not None:
        events.append((demand.when, 0, "", demand))
    for when, _, _, evidence in sorted(events, key=lambda event: event[:3]):
        if isinstance(evidence, Statement):
            position = next(s.position for s in evidence.stances if s.demand == demand.id)
            principals = evidence.principals
        else:
            position, principals = Position.ADVANCES, (demand.by,)
        # Each has one top-level actor then: the dossier makes sure.
        tops = (dossier.top_level_of(actor, when)[0] for actor in principals)
        for top in dict.fromkeys(tops):
            runs = found.setdefault(top, (dossier.actor(top).name, []))[1]
            if runs and runs[-1][0] is position:
                runs[-1][1].append(evidence)
            else:
                runs.append((position, [evidence]))
    return found


def _evidence_id(evidence: Statement | Demand) -> str:
    """A statement's id, or "made" for the making of the demand."""
    return evidence.id if isinstance(evidence, Statement) else "made"


def _time_of(evidence: Statement | Demand) -> When:
    """When a statement was made, or the demand (only a demand with a time is evidence)."""
    assert evidence.when is not None  # noqa: S101 -- see _runs
    return evidence.when


def _draw_row(name: str, runs: list[_Run], scale: Axis, top: float) -> tuple[list[str], float]:
    """A party's steps, statements and evidence ids from ``top``; and the row's height."""
    out: list[str] = []
    band = top + 8
    blocks: list[list[str]] = []
    starts: list[float] = []
    for index, (position, statements) in enumerate(runs):
        first = statements[0]
        x0, known = scale.span(_time_of(first))
        end = scale.span(_time_of(runs[index + 1][1][0]))[0] if index + 1 < len(runs) else _RIGHT
        colour = COLOURS[position]
        # Thin while the statement may not have been made yet, full once it is over:
        # thin, not faint, so the colour of the position stays the same.
        out.append(
            f'<rect x="{attr(x0)}" y="{attr(band + (_BAND - _THIN) / 2)}"'
            f' width="{attr(max(known - x0, 2.0))}" height="{attr(_THIN)}" fill="{colour}"/>'
        )
        out.append(
            f'<rect x="{attr(known)}" y="{attr(band)}" width="{attr(max(end - known, 0.0))}"'
            f' height="{attr(_BAND)}" fill="{colour}"/>'
        )
        for statement in statements:
            s0, s1 = scale.span(_time_of(statement))
            s1 = max(s1, s0 + 2.0)
            out.append(
                f"<g><title>{text(f'{_evidence_id(statement)}: {statement.when},')}"
                f" {text(position.value)}"
                f'</title><rect class="sd-evidence" x="{attr(s0)}" y="{attr(band - 3)}"'
                f' width="{attr(s1 - s0)}" height="{attr(_BAND + 6)}"/>'
                f"{open_side(_time_of(statement), s0, s1, band - 3, _BAND + 6)}</g>"
            )
        lines = [position.value, *(_evidence_id(s) for s in statements)]
        blocks.append(lines)
        widths = max(text_width(line, _IDS) for line in lines)
        starts.append(min(x0, _RIGHT - widths))
    tiers = rows(
        [
            (x, x + max(text_width(line, _IDS) for line in block))
            for x, block in zip(starts, blocks, strict=True)
        ],
        gap=12,
    )
    tier_top: dict[int, float] = {}
    y = band + _BAND + 6
    for tier in range(max(tiers) + 1):
        tier_top[tier] = y
        y += _LINE * max(len(b) for b, t in zip(blocks, tiers, strict=True) if t == tier) + 6
    for x, block, tier in zip(starts, blocks, tiers, strict=True):
        for line, value in enumerate(block):
            kind = "sd-label" if line == 0 else "sd-ids"
            at = attr(tier_top[tier] + 11 + line * _LINE)
            out.append(f'<text class="{kind}" x="{attr(x)}" y="{at}">{text(value)}</text>')
    names = wrap(name, _NAME, _LEFT - 24, 4)
    for line, value in enumerate(names):
        out.append(
            f'<text class="sd-name" x="16" y="{attr(top + 23 + line * 16)}">{text(value)}</text>'
        )
    return out, max(y, top + 14 + 16 * len(names)) - top


def positions_svg(dossier: Dossier, demand: str, *, prefix: str | None = None) -> str:
    """Each party's position on one demand over time, as an SVG picture of steps.

    A row per top-level party that took a stance on the demand. Each time
    its position changes a new step begins, coloured by the position, at
    the statement that shows it: thin across the interval the statement is
    known to within (the step is certain only once that is over, as "as of"
    counts it), then full until the next change or the right edge. Every
    statement is outlined on its step, and under each step are the position
    and the ids of the statements that show it: the evidence. A statement
    whose time is open on one side is outlined to the edge of the axis, with
    an arrowhead beyond it.

    Args:
        dossier: The dossier.
        demand: The id of the demand.
        prefix: The start of the ids in the picture (``sd-positions-`` and
            the demand's id by default), to keep them unique on a page.

    Returns:
        The SVG document, as text.

    Raises:
        NotFoundError: If no demand has this id.
    """
    found = dossier.demand(demand)
    prefix = prefix or f"sd-positions-{found.id}"
    title = f"Positions on {found.id}"
    status = dossier.status(found)
    subtitle = f"{found.summary} Status: {status}."
    parties = _runs(dossier, found)
    if not parties:
        desc = f"{subtitle} No statement takes a stance on it."
        empty = ['<text class="sd-legend" x="16" y="70">No statement takes a stance on it.</text>']
        return frame(
            prefix=prefix, title=title, subtitle=subtitle, desc=desc, height=90, body=empty
        )
    spans = [
        utc_seconds(_time_of(s))
        for _, runs in parties.values()
        for _, group in runs
        for s in group
    ]
    scale = axis(spans, _LEFT, _RIGHT)
    body: list[str] = []
    top = _AXIS_TOP
    for name, runs in parties.values():
        marks, height = _draw_row(name, runs, scale, top)
        body.extend(marks)
        top += height
    grid = scale.draw(_AXIS_TOP, top)
    lines = [
        "A step begins at the statement that shows a new position: thin across the time the",
        "statement is known to within, full from when it is over. Under each step: the ids of",
        "the statements that show it.",
    ]
    used = [p for p in Position if any(r[0] is p for _, runs in parties.values() for r in runs)]
    desc = f"{subtitle} " + " ".join(
        f"{name}: "
        + ", then ".join(
            f"{position.value} from {group[0].when} ({', '.join(s.id for s in group)})"
            for position, group in runs
        )
        + "."
        for name, runs in parties.values()
    )
    foot = legend(top + 18, lines, list(used))
    return frame(
        prefix=prefix,
        title=title,
        subtitle=shorten(subtitle, 12, WIDTH - 32),
        desc=desc,
        height=top + 18 + 30 + 17 * len(lines),
        body=[*grid, *body, *foot],
    )
