"""What every picture shares: safe text, a time axis with breaks, label rows, colours.

Pictures are SVG written as text. Every string from the data goes through
:func:`text`, which escapes it for XML and writes control and bidi characters
as visible escapes, so no data can add an element, an attribute or a script.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import html
import re
import unicodedata
from typing import TYPE_CHECKING, Final

import attrs

from secdialogue._escape import escape, escape_one
from secdialogue._model import Position
from secdialogue._time import FAR_FUTURE, FAR_PAST, Precision, Unbounded, utc_seconds

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from secdialogue._time import When

__all__ = [
    "COLOURS",
    "FONT",
    "OPACITY",
    "WIDTH",
    "Axis",
    "attr",
    "axis",
    "count",
    "frame",
    "legend",
    "open_side",
    "precision_of",
    "rows",
    "shorten",
    "text",
    "text_width",
    "wrap",
]

FONT: Final = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif'
"""The font stack of every picture: the reader's own, no web font (no network)."""

WIDTH: Final = 960
"""The width of every picture, in px."""

_STYLE: Final = """
.sd-bg{fill:#fff}
.sd-title{font-size:17px;font-weight:600;fill:#111827}
.sd-sub,.sd-legend{font-size:12px;fill:#374151}
.sd-tick{font-size:11px;fill:#374151;text-anchor:middle}
.sd-year,.sd-cut-label{font-size:10px;fill:#6b7280;text-anchor:middle}
.sd-grid{stroke:#e5e7eb;stroke-width:1}
.sd-cut{fill:#f3f4f6}
.sd-lane{fill:#f9fafb}
.sd-name{font-size:13px;font-weight:600;fill:#111827}
.sd-label{font-size:12px;fill:#111827}
.sd-ids{font-size:11px;fill:#374151}
.sd-meeting{fill:#1f2937;stroke:#1f2937;stroke-width:1.2}
.sd-planned{stroke-dasharray:4 3}
.sd-none{fill:#fff;stroke:#6b7280}
.sd-evidence{fill:none;stroke:#111827;stroke-width:1}
.sd-outcome{fill:#cc79a7;stroke:#111827;stroke-width:0.8}
.sd-open{fill:#374151}
"""


COLOURS: Final = {
    Position.ADVANCES: "#0072b2",
    Position.SUPPORTS: "#56b4e9",
    Position.CONDITIONAL: "#e69f00",
    Position.ACCEPTS: "#009e73",
    Position.REJECTS: "#d55e00",
    Position.WITHDRAWS: "#7f7f7f",
    Position.NONCOMMITTAL: "#f0e442",
}
"""A colour per position, from the Okabe-Ito palette (told apart with colour-blindness)."""

OPACITY: Final = {
    Precision.YEAR: 0.22,
    Precision.MONTH: 0.28,
    Precision.DAY: 0.45,
    Precision.PART_OF_DAY: 0.7,
    Precision.MINUTE: 1.0,
    Precision.SECOND: 1.0,
}
"""How opaque a mark is, by the precision of its time: the vaguer, the fainter."""

_RANK: Final = {precision: rank for rank, precision in enumerate(Precision)}

# Characters XML 1.0 does not allow at all, even as references, that
# secdialogue's escape() lets through (it handles the controls and surrogates).
_NOT_XML: Final = re.compile("[\ufffe\uffff]")


def text(value: str) -> str:
    r"""``value`` as XML or HTML character data or attribute value.

    Control, bidi and non-XML characters become visible escapes (``\r``,
    ``\u202e``), then ``&``, ``<``, ``>`` and both quotes become references.
    """
    return html.escape(_NOT_XML.sub(escape_one, escape(value)), quote=True)


def attr(value: float) -> str:
    """A coordinate or length as an attribute value: at most one decimal."""
    return f"{value:.1f}".removesuffix(".0")


def text_width(value: str, size: float) -> float:
    """About how wide ``value`` is at font ``size`` px: generous, so labels never touch."""
    wide = sum(1 for ch in value if unicodedata.east_asian_width(ch) in "WF")
    return (0.62 * (len(value) - wide) + 1.0 * wide) * size


def shorten(value: str, size: float, limit: float) -> str:
    """``value``, cut with an ellipsis to fit in ``limit`` px at font ``size``."""
    if text_width(value, size) <= limit:
        return value
    # No character is narrower than 0.62 em: a longer start cannot fit, whatever it holds.
    value = value[: int(limit / (0.62 * size)) + 1]
    while value and text_width(value + "…", size) > limit:
        value = value[:-1]
    return value.rstrip() + "…"


def frame(
    *, prefix: str, title: str, subtitle: str, desc: str, height: float, body: list[str]
) -> str:
    """A whole picture: an SVG with a title and description for screen readers."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {attr(height)}"'
        f' width="{WIDTH}" height="{attr(height)}" role="img"'
        f' aria-labelledby="{prefix}-title {prefix}-desc" class="sd-picture"'
        f' font-family="{text(FONT)}">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{prefix}-title">{text(title)}</title>',
            f'<desc id="{prefix}-desc">{text(desc)}</desc>',
            f"<style>{_STYLE}</style>",
            f'<rect class="sd-bg" width="{WIDTH}" height="{attr(height)}"/>',
            f'<text class="sd-title" x="16" y="26">{text(title)}</text>',
            f'<text class="sd-sub" x="16" y="45">{text(shorten(subtitle, 12, WIDTH - 32))}</text>',
            *body,
            "</svg>",
        ]
    )


def legend(top: float, lines: list[str], positions: list[Position | None]) -> list[str]:
    """Swatches for ``positions`` (None: no stance), then ``lines`` of text, from ``top``."""
    out: list[str] = []
    x = 16.0
    for position in positions:
        name = "no stance" if position is None else position.value
        fill = 'class="sd-none"' if position is None else f'fill="{COLOURS[position]}"'
        out.append(
            f'<rect x="{attr(x)}" y="{attr(top)}" width="14" height="10" {fill}/>'
            f'<text class="sd-legend" x="{attr(x + 19)}" y="{attr(top + 9.5)}">{name}</text>'
        )
        x += 19 + text_width(name, 12) + 18
    y = top + (30 if positions else 10)
    for line in lines:
        out.append(f'<text class="sd-legend" x="16" y="{attr(y)}">{text(line)}</text>')
        y += 17
    return out


def count(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural unless one: ``1 source``, ``6 meetings``."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def wrap(value: str, size: float, limit: float, lines: int) -> list[str]:
    """``value`` in at most ``lines`` lines of at most ``limit`` px, by words; the last cut."""
    out: list[str] = []
    words = value.split(" ")
    at = 0
    while at < len(words) and len(out) < lines - 1:
        line, at = words[at], at + 1
        while at < len(words) and text_width(f"{line} {words[at]}", size) <= limit:
            line, at = f"{line} {words[at]}", at + 1
        out.append(line)
    if at < len(words):
        out.append(" ".join(words[at:]))
    return [shorten(line, size, limit) for line in out]


_ARROW: Final = 7.0
"""The length of the arrowhead that marks an open side, in px."""
_OPEN_START: Final = int(FAR_PAST.timestamp())
_OPEN_STOP: Final = int(FAR_FUTURE.timestamp())


def open_side(when: When, x0: float, x1: float, top: float, height: float) -> str:
    """An arrowhead off the open side of a mark from ``x0`` to ``x1``; ``""`` if none is open.

    A time open on one side (``../2022-01-07``) is drawn to the edge of the
    axis, not to the year 1000: the arrowhead, just outside the edge, says
    that it goes on beyond it.
    """
    if when.unbounded is None:
        return ""
    base, tip = (x0, x0 - _ARROW) if when.unbounded is Unbounded.BEFORE else (x1, x1 + _ARROW)
    middle = top + height / 2
    points = (
        f"{attr(tip)},{attr(middle)} {attr(base)},{attr(top)} {attr(base)},{attr(top + height)}"
    )
    return f'<polygon class="sd-open" points="{points}"/>'


def precision_of(when: When) -> Precision:
    """The coarser of the precisions of a time's start and, for a span, of its end."""
    return min(when.precision, (when.end or when).precision, key=_RANK.__getitem__)


def rows(spans: Iterable[tuple[float, float]], gap: float = 6.0) -> list[int]:
    """A row for each ``(start, end)`` span, so that no two in a row come within ``gap``.

    Taken by start, each span goes to the lowest row free by then (whose last
    span ends ``gap`` before it starts), else to a new row: as few rows as
    the spans' overlaps need, in O(n log n) however many there are.
    """
    items = list(spans)
    found = [0] * len(items)
    busy: list[tuple[float, int]] = []  # (end of the last span, row)
    free: list[int] = []
    for index in sorted(range(len(items)), key=lambda i: items[i][0]):
        start, end = items[index]
        while busy and busy[0][0] + gap <= start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        row = heapq.heappop(free) if free else len(busy)
        heapq.heappush(busy, (end, row))
        found[index] = row
    return found


_DAY: Final = 86_400
_PAD: Final = _DAY // 2
"""Room around the marks on the time axis, in seconds."""
_JOIN: Final = 3 * _DAY
"""Stretches without marks shorter than this stay on the axis; longer ones are cut out."""
_BREAK: Final = 56.0
"""The width of a cut in the axis, in px."""
_STEPS: Final = (1, 2, 7, 14, 28, 91, 182, 364, 1820, 9100, 36400, 182000)
"""Candidate distances between ticks, in days."""
_MIN_TICK: Final = 64.0
"""The least room between two tick labels, in px."""


@attrs.frozen(kw_only=True)
class _Piece:
    start: int
    stop: int
    left: float


@attrs.frozen(kw_only=True)
class Axis:
    """A time axis in UTC from x ``left`` to ``right``, with long empty stretches cut out.

    Every piece has the same scale, so a mark is as wide as the time it
    covers; a cut is drawn as a break with the number of days left out.
    """

    left: float
    right: float
    scale: float
    """Pixels per second."""
    pieces: tuple[_Piece, ...]

    stops: tuple[int, ...]
    """The end of each piece, to find an instant's piece by bisection."""

    def x(self, seconds: int) -> float:
        """The x of an instant (POSIX seconds); in a cut, the start of the piece after it."""
        index = bisect.bisect_left(self.stops, seconds)
        if index == len(self.pieces):
            last = self.pieces[-1]
            return last.left + (last.stop - last.start) * self.scale
        piece = self.pieces[index]
        return piece.left + max(0, seconds - piece.start) * self.scale

    def span(self, when: When) -> tuple[float, float]:
        """The x of the start and of the end of the interval ``when`` covers."""
        start, stop = utc_seconds(when)
        return self.x(start), self.x(stop)

    def draw(self, top: float, bottom: float) -> list[str]:
        """The ticks, dates, grid lines from ``top`` to ``bottom`` and the cuts, as SVG."""
        out: list[str] = []
        step = next((d for d in _STEPS if d * _DAY * self.scale >= _MIN_TICK), _STEPS[-1])
        year = None
        for index, piece in enumerate(self.pieces):
            first = -(-piece.start // _DAY) * _DAY
            for tick in range(first, piece.stop + 1, step * _DAY):
                x = attr(self.x(tick))
                day = dt.datetime.fromtimestamp(tick, dt.UTC)
                y1, y2 = attr(top), attr(bottom)
                out.append(f'<line class="sd-grid" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"/>')
                out.append(
                    f'<text class="sd-tick" x="{x}" y="{attr(top - 18)}">{day.day} {day:%b}</text>'
                )
                if day.year != year:
                    year = day.year
                    out.append(f'<text class="sd-year" x="{x}" y="{attr(top - 5)}">{year}</text>')
            if index:
                out.extend(self._cut(self.pieces[index - 1], piece, top, bottom))
        return out

    def _cut(self, before: _Piece, after: _Piece, top: float, bottom: float) -> list[str]:
        middle = attr(after.left - _BREAK / 2)
        days = round((after.start - before.stop) / _DAY)
        return [
            (
                f'<rect class="sd-cut" x="{attr(after.left - _BREAK + 8)}" y="{attr(top)}"'
                f' width="{attr(_BREAK - 16)}" height="{attr(bottom - top)}"/>'
            ),
            f'<text class="sd-cut-label" x="{middle}" y="{attr(top - 18)}">≈</text>',
            f'<text class="sd-cut-label" x="{middle}" y="{attr(top - 5)}">{days} d</text>',
        ]


def axis(spans: Sequence[tuple[int, int]], left: float, right: float) -> Axis:
    """An axis over the intervals ``spans`` (POSIX seconds), from x ``left`` to ``right``.

    Each interval gets half a day of room on either side; intervals closer
    than three days share a piece of the axis, and longer empty stretches
    are cut out. An interval open on one side counts with its known bound
    only: the axis does not stretch to the far past or future, and the
    mark runs to its edge (see :func:`open_side`).
    """
    merged: list[list[int]] = []
    known = [
        (stop if start == _OPEN_START else start, start if stop == _OPEN_STOP else stop)
        for start, stop in spans
    ]
    for start, stop in sorted(known):
        if merged and start - _PAD <= merged[-1][1] + _JOIN:
            merged[-1][1] = max(merged[-1][1], stop + _PAD)
        else:
            merged.append([start - _PAD, stop + _PAD])
    covered = sum(stop - start for start, stop in merged)
    scale = (right - left - _BREAK * (len(merged) - 1)) / covered
    pieces: list[_Piece] = []
    x = left
    for start, stop in merged:
        pieces.append(_Piece(start=start, stop=stop, left=x))
        x += (stop - start) * scale + _BREAK
    stops = tuple(piece.stop for piece in pieces)
    return Axis(left=left, right=right, scale=scale, pieces=tuple(pieces), stops=stops)
