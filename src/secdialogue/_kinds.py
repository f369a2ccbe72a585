"""The registry of entity kinds: the one place that lists them.

A dossier holds six kinds of entity. Everything that treats them alike (the
Dossier's collections, the indexes and queries, the file format, its schema,
the exports and the command line) loops over :data:`KINDS` instead of naming
the kinds again, so adding a kind, or renaming one's JSON key, is one change.

The value objects kept inside entities (:class:`~secdialogue.Place`,
:class:`~secdialogue.Citation`, :class:`~secdialogue.Membership`,
:class:`~secdialogue.Stance`, ...) are no kind of entity: :data:`VALUES`
lists them, and :data:`NOUNS` has a noun for every model class, for
messages.
"""

from __future__ import annotations

from typing import Any, Final, Generic, Literal, TypeAlias, TypeVar

import attrs

from secdialogue._model import (
    Actor,
    Citation,
    Demand,
    DemandLink,
    Meeting,
    Membership,
    Outcome,
    Place,
    Source,
    Stance,
    Statement,
)

__all__ = [
    "BY_CLASS",
    "BY_KEY",
    "KINDS",
    "NOUNS",
    "VALUES",
    "Entity",
    "Key",
    "Kind",
    "a",
]

Entity: TypeAlias = Actor | Meeting | Demand | Statement | Outcome | Source
"""Any entity a dossier holds: each has an ``id``."""

Key: TypeAlias = Literal["actors", "meetings", "demands", "statements", "outcomes", "sources"]
"""The JSON key of a kind, which is also the Dossier's attribute and query name."""

_E = TypeVar("_E", bound=Entity)


def a(noun: str) -> str:
    """The noun with its indefinite article: ``"an actor"``, ``"a meeting"``."""
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


@attrs.frozen
class Kind(Generic[_E]):
    """One kind of entity: its class and the words for it.

    Args:
        cls: The model class.
        key: The JSON key of its list in a file, and the Dossier's
            attribute: ``"statements"``.
        noun: One of them, in messages: ``"statement"``.
    """

    cls: type[_E]
    key: Key
    noun: str

    @property
    def plural(self) -> str:
        """The noun for several: ``"statements"``."""
        return self.key

    @property
    def a(self) -> str:
        """The noun with its article: ``"an actor"``."""
        return a(self.noun)


KINDS: Final[
    tuple[
        Kind[Actor],
        Kind[Meeting],
        Kind[Demand],
        Kind[Statement],
        Kind[Outcome],
        Kind[Source],
    ]
] = (
    Kind(Actor, "actors", "actor"),
    Kind(Meeting, "meetings", "meeting"),
    Kind(Demand, "demands", "demand"),
    Kind(Statement, "statements", "statement"),
    Kind(Outcome, "outcomes", "outcome"),
    Kind(Source, "sources", "source"),
)
"""Every kind of entity, in the order a file lists them."""

BY_CLASS: Final[dict[type[Any], Kind[Any]]] = {kind.cls: kind for kind in KINDS}
"""The kind of each entity class."""

BY_KEY: Final[dict[str, Kind[Any]]] = {kind.key: kind for kind in KINDS}
"""The kind of each JSON key."""

VALUES: Final[dict[type[Any], str]] = {
    Place: "place",
    Citation: "citation",
    Membership: "membership",
    Stance: "stance",
    DemandLink: "demand link",
}
"""The value objects kept inside entities, each with its noun for messages."""

NOUNS: Final[dict[type[Any], str]] = {**{kind.cls: kind.noun for kind in KINDS}, **VALUES}
"""The noun of every model class, for messages: ``NOUNS[Place] == "place"``."""
