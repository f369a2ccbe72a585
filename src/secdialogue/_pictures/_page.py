"""One self-contained HTML page: the timeline, positions on every demand, outcomes, sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from secdialogue._pictures._draw import FONT, count, text
from secdialogue._pictures._positions import positions_svg
from secdialogue._pictures._timeline import meeting_label, timeline_svg

if TYPE_CHECKING:
    from collections.abc import Iterable

    from secdialogue._dossier import Dossier
    from secdialogue._model import Citation, Meeting, Outcome, Statement
    from secdialogue._time import When

__all__ = ["dossier_html"]

# Nothing may load from anywhere: no scripts, no fonts, no images, no frames.
_POLICY: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_STYLE: Final = f"""
body{{font-family:{FONT};margin:0 auto;max-width:1000px;padding:1rem;color:#111827;
line-height:1.45;background:#fff}}
h1{{font-size:1.6rem;margin:.5rem 0}} h2{{margin-top:2rem;border-bottom:1px solid #e5e7eb}}
h3{{margin-bottom:.2rem}} .sd-note{{color:#4b5563}}
figure{{margin:1rem 0;overflow-x:auto}} svg{{max-width:100%;height:auto}}
table{{border-collapse:collapse;width:100%;font-size:.9rem}}
th,td{{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #e5e7eb}}
code{{font-size:.85em;overflow-wrap:anywhere}} code.sd-when{{white-space:nowrap}}
"""


def _cites(citations: tuple[Citation, ...]) -> str:
    sources = dict.fromkeys(c.source for c in citations)
    return ", ".join(f"<code>{text(source)}</code>" for source in sources)


def _table(headers: list[str], body: Iterable[list[str]]) -> list[str]:
    """A table: a header row of ``headers`` (text), then rows of cells (already HTML)."""
    out = ["<table><thead><tr>", *(f"<th>{text(h)}</th>" for h in headers), "</tr></thead><tbody>"]
    out.extend("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in body)
    out.append("</tbody></table>")
    return out


def _when(when: When) -> str:
    return f"<code class=sd-when>{text(str(when))}</code>"


def _meetings(dossier: Dossier) -> list[str]:
    def row(meeting: Meeting) -> list[str]:
        where = "not recorded" if meeting.venue is None else str(meeting.venue)
        names = ", ".join(dossier.actor(p).name for p in meeting.participants)
        return [
            _when(meeting.when),
            f"{text(meeting_label(meeting))}<br><code>{text(meeting.id)}</code>",
            text(where),
            text(meeting.status.value.replace("_", " ")),
            text(names),
            _cites(meeting.sources),
        ]

    headers = ["When", "Meeting", "Where", "Status", "Parties", "Sources"]
    return _table(headers, map(row, dossier.meetings.by_time()))


def _statements(dossier: Dossier) -> list[str]:
    def row(statement: Statement) -> list[str]:
        stances = "<br>".join(
            f"{text(s.position.value)} <code>{text(s.demand)}</code>" for s in statement.stances
        )
        wording = statement.wording.value.replace("_", " ")
        return [
            _when(statement.when),
            text(", ".join(dossier.actor(s).name for s in statement.speakers)),
            (
                f"{text(statement.text)} <span class=sd-note>({wording},"
                f" <code>{text(statement.id)}</code>)</span>"
            ),
            stances or "none",
            _cites(statement.sources),
        ]

    headers = ["When", "Who", "Said", "Stances", "Sources"]
    return _table(headers, map(row, dossier.statements.by_time()))


def _outcomes(dossier: Dossier) -> list[str]:
    def row(outcome: Outcome) -> list[str]:
        kind = outcome.kind.value.replace("_", " ")
        if outcome.stage is not None:
            kind += f" ({outcome.stage.value.replace('_', ' ')})"
        signed = ", ".join(dossier.actor(a).name for a in outcome.signatories)
        return [
            _when(outcome.when),
            f"{text(kind)}<br><code>{text(outcome.id)}</code>",
            text(outcome.summary),
            text(", ".join(dossier.actor(p).name for p in outcome.parties)),
            text(signed) or "none",
            _cites(outcome.sources),
        ]

    if not dossier.outcomes:
        return ["<p>The dossier has no outcomes.</p>"]
    headers = ["When", "Outcome", "What", "Parties", "Signed by", "Sources"]
    return _table(headers, map(row, dossier.outcomes.by_time()))


def _demands(dossier: Dossier) -> list[str]:
    out: list[str] = []
    for demand in dossier.demands:
        to = ", ".join(dossier.actor(a).name for a in demand.to)
        out.append(f"<h3>{text(demand.summary)}</h3>")
        out.append(
            f'<p class="sd-note"><code>{text(demand.id)}</code>: by'
            f" {text(dossier.actor(demand.by).name)} to {text(to)}; status:"
            f" {text(str(dossier.status(demand)))}.</p>"
        )
        out.append(f"<figure>{positions_svg(dossier, demand.id)}</figure>")
    return out or ["<p>The dossier has no demands.</p>"]


def _sources(dossier: Dossier) -> list[str]:
    if not dossier.sources:
        return ["<p>The dossier has no sources.</p>"]
    out = ["<ul>"]
    for source in dossier.sources:
        parts = [f"<cite>{text(source.title)}</cite>", f"<code>{text(source.id)}</code>"]
        if source.publisher is not None:
            parts.append(text(source.publisher))
        if source.published is not None:
            parts.append(f"published <code>{text(str(source.published))}</code>")
        if source.url is not None:
            parts.append(f'<a href="{text(source.url)}" rel="noreferrer">{text(source.url)}</a>')
        out.append(f"<li>{', '.join(parts)}</li>")
    out.append("</ul>")
    return out


def dossier_html(dossier: Dossier, *, title: str = "secdialogue dossier") -> str:
    """The dossier as one self-contained HTML page, for reading in a browser.

    The page holds the timeline (see :func:`timeline_svg`), the meetings,
    each demand with its status and its positions chart (see
    :func:`positions_svg`), the statements, the outcomes, and the sources. Pictures are
    inline SVG, the style is inline CSS, and a content security policy
    forbids loading anything, so the page works offline and reaches no
    network. Every string from the data is escaped.

    Args:
        dossier: The dossier to show.
        title: The page's title.

    Returns:
        The HTML document, as text.
    """
    counts = ", ".join(
        count(len(items), noun)
        for items, noun in (
            (dossier.actors, "actor"),
            (dossier.meetings, "meeting"),
            (dossier.demands, "demand"),
            (dossier.statements, "statement"),
            (dossier.outcomes, "outcome"),
            (dossier.sources, "source"),
        )
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{text(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{text(title)}</h1>",
        f'<p class="sd-note">{counts}. Times are shown as recorded, with their zone.</p>',
        "<h2>Timeline</h2>",
        f"<figure>{timeline_svg(dossier)}</figure>",
        "<h2>Meetings</h2>",
        *_meetings(dossier),
        "<h2>Demands and positions</h2>",
        *_demands(dossier),
        "<h2>Statements</h2>",
        *_statements(dossier),
        "<h2>Outcomes</h2>",
        *_outcomes(dossier),
        "<h2>Sources</h2>",
        *_sources(dossier),
        "</body></html>",
        "",
    ]
    return "\n".join(parts)
