"""Reading old files: each older format version is upgraded, step by step, to the current one.

A file of an older version is parsed as usual, then its values are changed
in place into the current version's shape before the strict reader sees
them, so an old file is read by the same rules, and reports its problems with
the same codes, as a new one. The upgrade is stated as data:

* :data:`KEYS` lists the collections each older version's files hold; a
  collection a later version added is added to an old file as an empty
  list;
* :data:`STEPS` holds, for each version and each collection, the functions
  that change one entity of that version into the next version's shape;
* :data:`RETIRED` says, for each key an older version had and the current
  one has not, what to write instead, for the message of a key a step could
  not carry over.

A step changes only what it recognises: a value of an unexpected type is
left as it is, for the strict reader to report at its place in the new
version (``$.statements[3].speakers[0]``) with the usual message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeAlias

import msgspec

from secdialogue._format._table import COLLECTIONS, VERSION
from secdialogue._model import Actor

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["KEYS", "RETIRED", "STEPS", "file_version", "upgrade"]

Step: TypeAlias = "Callable[[dict[str, Any]], None]"
"""Changes one entity object (a parsed JSON object) into the next version's shape, in place."""


def _one_to_list(*keys: str) -> Step:
    """A step that turns each of ``keys``, where it holds one value, into a list of it."""

    def step(entity: dict[str, Any]) -> None:
        for key in keys:
            if key in entity and type(entity[key]) is not list:
                entity[key] = [entity[key]]

    return step


def _rename(old: str, new: str) -> Step:
    """A step that moves the value of key ``old`` to key ``new`` (where ``new`` is not set)."""

    def step(entity: dict[str, Any]) -> None:
        if old in entity and new not in entity:
            entity[new] = entity.pop(old)

    return step


def _membership(entity: dict[str, Any]) -> None:
    """A version-1 actor's ``affiliation`` (and ``role``) become its one membership.

    Done only where the actor has no ``memberships`` yet. A ``role`` without
    an ``affiliation`` names no actor to hold the role in, so it cannot
    become a membership: it is left, for the reader to report with what to
    do (see :data:`RETIRED`).
    """
    if "affiliation" in entity and "memberships" not in entity:
        membership = {"organization": entity.pop("affiliation")}
        if "role" in entity:
            membership["role"] = entity.pop("role")
        entity["memberships"] = [membership]


KEYS: Final[dict[int, tuple[str, ...]]] = {
    1: ("actors", "meetings", "demands", "statements", "sources"),
}
"""The collections each older version's files hold, in file order."""

STEPS: Final[dict[int, dict[str, tuple[Step, ...]]]] = {
    1: {
        # Version 2: joint statements. One speaker becomes a list of speakers,
        # one principal a list of principals.
        "statements": (_rename("speaker", "speakers"), _one_to_list("speakers", "on_behalf_of")),
        # Version 2: memberships over time. An affiliation, with its role, becomes
        # one membership, without a period.
        "actors": (_membership,),
    },
}
"""For each older version, by collection, the steps to the next version."""

RETIRED: Final[dict[type[Any], dict[str, str]]] = {
    Actor: {
        "affiliation": (
            "version 2 writes an affiliation as a membership:"
            ' "memberships": [{"organization": "..."}]'
        ),
        "role": (
            "version 2 keeps a role in a membership:"
            ' "memberships": [{"organization": "...", "role": "..."}], naming the actor'
            " the role is held in; a version-1 role without an affiliation names none, so"
            " give the membership's organization, or leave the role out"
        ),
    },
}
"""By model class, the keys older versions had that the current one has not, and what to
write instead: the reader says so when one of them is left in a file."""


def _keys(version: int) -> tuple[str, ...]:
    """The collections a file of ``version`` holds."""
    return KEYS.get(version) or tuple(kind.key for kind, _ in COLLECTIONS)


def upgrade(obj: dict[str, Any], version: int) -> None:
    """Change a parsed dossier file of ``version`` into the current version's shape, in place.

    Args:
        obj: The file's top-level object, whose ``"version"`` is ``version``.
        version: An older version, from 1 to the current version.
    """
    for old in range(version, VERSION):
        for key, steps in STEPS[old].items():
            items = obj.get(key)
            if type(items) is list:
                for item in items:
                    if type(item) is dict:
                        for step in steps:
                            step(item)
        added = [key for key in _keys(old + 1) if key not in _keys(old)]
        obj.update({key: [] for key in added if key not in obj})
        obj["version"] = old + 1


class _Marker(msgspec.Struct):
    version: int


def file_version(data: str | bytes) -> int:
    """The format version a valid dossier file's text says it is in (its other keys are skipped).

    Raises:
        msgspec.DecodeError: If the text is not a JSON object with an integer ``"version"``.
    """
    return msgspec.json.decode(data, type=_Marker).version
