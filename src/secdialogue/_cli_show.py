"""``secdialogue show ID``: one entity in full, its citations and what refers to it.

Also the look-up of ids given on the command line: an id that is not in the
dossier is refused with a bounded list of the closest ids that are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, cast

from secdialogue._checks import excerpt
from secdialogue._kinds import BY_CLASS, KINDS
from secdialogue._model import Source

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from secdialogue._cli_output import Row
    from secdialogue._dossier import Dossier
    from secdialogue._kinds import Entity

__all__ = ["MAX_CLOSE", "closest", "entity_rows", "noun_of", "referrers", "unknown_id"]

MAX_CLOSE: Final = 5
"""At most this many close ids are named when an id is not found."""


def closest(unknown: str, known: Iterable[str]) -> list[str]:
    """The known ids closest to ``unknown``, best first, at most :data:`MAX_CLOSE`."""
    import difflib  # noqa: PLC0415 -- only needed on the error path

    return difflib.get_close_matches(unknown, list(known), n=MAX_CLOSE, cutoff=0.5)


def unknown_id(dossier: Dossier, unknown: str, cls: type[Entity] | None) -> str:
    """The message for an id that names no entity (of ``cls``, if given) in ``dossier``."""
    kinds = [kind for kind in KINDS if cls is None or kind.cls is cls]
    noun = "entity" if cls is None else kinds[0].noun
    close = closest(unknown, (e.id for kind in kinds for e in getattr(dossier, kind.key)))
    msg = f"no {noun} has the id {excerpt(unknown)}"
    if close:  # ids are at most 64 characters: named whole, never cut
        return f"{msg}; the closest: {', '.join(close)}"
    plural = "KIND" if cls is None else kinds[0].plural
    return f"{msg}; `secdialogue query {plural}` lists the ids"


def _value(value: object) -> str:
    """A value as the converter gives it (JSON's types), on one line."""
    if isinstance(value, dict):
        items = cast("dict[str, object]", value).items()
        return "; ".join(f"{key}: {_value(item)}" for key, item in items)
    if isinstance(value, list):
        return ", ".join(_value(item) for item in cast("list[object]", value))
    return str(value)


def _records(value: object) -> list[object]:
    """The items of a list of objects (stances), or ``[]`` for any other value."""
    items = cast("list[object]", value) if isinstance(value, list) else []
    return items if items and isinstance(items[0], dict) else []


def _field_rows(entity: Entity) -> Iterator[Row]:
    import secdialogue  # noqa: PLC0415 -- the converter is loaded when the command runs

    fields = cast("dict[str, object]", secdialogue.make_converter().unstructure(entity))
    for name, value in fields.items():
        if name == "sources" and not isinstance(entity, Source):
            continue  # the citations come below, with their sources
        records = _records(value)
        if records:
            yield from (((name,), _value(record)) for record in records)  # one a line
        else:
            yield (name,), _value(value)


def _citation_rows(dossier: Dossier, entity: Entity) -> Iterator[Row]:
    if isinstance(entity, Source):
        return
    for number, citation in enumerate(entity.sources, start=1):
        source = dossier.source(citation.source)
        about = source.title
        if source.publisher is not None:
            about += f", {source.publisher}"
        if source.published is not None:
            about += f", {source.published}"
        if source.url is not None:
            about += f", {source.url}"
        quoted = "" if citation.excerpt is None else f": \u201c{citation.excerpt}\u201d"
        yield (f"[{number}]", citation.source), f"{about}{quoted}"


def referrers(dossier: Dossier, target: str) -> list[tuple[str, str, str]]:
    """Every reference to ``target``: the referring entity's noun and id, and the field."""
    # The one table of references between entities, kept by the integrity checks.
    from secdialogue._integrity import REFERENCES  # noqa: PLC0415

    found: list[tuple[str, str, str]] = []
    for kind in KINDS:
        references = REFERENCES[kind.cls]
        for entity in getattr(dossier, kind.key):
            for reference in references:
                if getattr(entity, reference.field) is None:
                    continue
                found.extend(
                    (kind.noun, entity.id, path.lstrip("."))
                    for path, ref in reference.ids(entity)
                    if ref == target
                )
    return found


def entity_rows(dossier: Dossier, entity: Entity) -> tuple[list[Row], list[Row], list[Row]]:
    """The rows ``show`` prints: the fields, the citations, and what refers to the entity."""
    refs: list[Row] = [(found, "") for found in referrers(dossier, entity.id)]
    return list(_field_rows(entity)), list(_citation_rows(dossier, entity)), refs


def noun_of(entity: Entity) -> str:
    """The noun of the entity's kind: ``"meeting"``."""
    noun: str = BY_CLASS[type(entity)].noun
    return noun
