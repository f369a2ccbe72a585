"""The JSON Schema (draft 2020-12) of the file format, version 1.

Generated from the same field table the codec reads and writes with, so the
two cannot drift apart. The schema checks shape: types, required and unknown
keys, id and code patterns, lengths, the time grammar. The loader checks more
(that references resolve, that a time exists in its zone, ...): a file that
validates may still be refused by :func:`secdialogue.loads`, never the other
way round.

Imported on the first call of :func:`secdialogue.json_schema`, not with the
package.
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any, Final

from secdialogue._checks import MAX_ID_LENGTH, MAX_TEXT_LENGTH
from secdialogue._codec import _COLLECTIONS, _SPECS, FORMAT, VERSION
from secdialogue._model import MAX_ROUND
from secdialogue._time import _MAX_TEXT, MAX_ZONE_LENGTH, When

__all__ = ["schema"]

SCHEMA_ID: Final = "https://secdialogue.readthedocs.io/en/latest/schema/v1.json"

_POINT: Final = (
    r"[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T(morning|afternoon|evening|night"
    r"|[0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?))?)?)?"
    rf"\[[^\]]{{1,{MAX_ZONE_LENGTH}}}\]"
)

_ID: Final = {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$", "maxLength": MAX_ID_LENGTH}

# String fields are ids (references) unless listed here. A test checks that
# every string field of the model is an id by its validator or listed here.
_STRINGS: Final[dict[str, dict[str, object]]] = {
    "text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_LENGTH},
    "alias": {"type": "string", "minLength": 1, "maxLength": 1000},
    "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
    "iso3": {"type": "string", "pattern": "^[A-Z]{3}$"},
    "wikidata": {"type": "string", "pattern": "^Q[1-9][0-9]*$"},
    "url": {"type": "string", "pattern": r"^https?://[^\s/$.?#][^\s]*$"},
    "zone": {"type": "string", "minLength": 1, "maxLength": MAX_ZONE_LENGTH},
}

TEXT_FIELDS: Final = frozenset(
    {
        "city",
        "venue",
        "excerpt",
        "name",
        "role",
        "series",
        "summary",
        "note",
        "text",
        "channel",
        "title",
        "publisher",
    }
)
"""Fields whose strings are free text; every other plain string field is an id."""


def _string(name: str) -> dict[str, object]:
    if name in TEXT_FIELDS:
        return {"$ref": "#/$defs/text"}
    if name == "aliases":
        return {"$ref": "#/$defs/alias"}
    if name in _STRINGS:
        return {"$ref": f"#/$defs/{name}"}
    return {"$ref": "#/$defs/id"}


def _field_schema(name: str, tp: Any) -> dict[str, object]:  # noqa: ANN401
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (tp,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        origin = typing.get_origin(tp)
    if origin is tuple:
        items = _field_schema(name, typing.get_args(tp)[0])
        array: dict[str, object] = {"type": "array", "items": items, "uniqueItems": True}
        if name in ("participants", "to"):
            array["minItems"] = 1
        return array
    if tp is str:
        return _string(name)
    if tp is int:  # the only int field of the model is Meeting.round
        return {"type": "integer", "minimum": 1, "maximum": MAX_ROUND}
    if tp is When:
        return {"$ref": "#/$defs/when"}
    return {"$ref": f"#/$defs/{tp.__name__}"}  # an enum or a model class


def _object_schema(cls: type[Any]) -> dict[str, object]:
    spec = _SPECS[cls]
    hints = typing.get_type_hints(cls)
    properties = {f.key: _field_schema(f.key, hints[f.name]) for f in spec.fields}
    return {
        "type": "object",
        "description": (cls.__doc__ or "").split("\n", 1)[0],
        "properties": properties,
        "required": [f.key for f in spec.fields if f.key in spec.required],
        "additionalProperties": False,
    }


def _enums() -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for spec in _SPECS.values():
        for tp in typing.get_type_hints(spec.cls).values():
            for kind in (tp, *typing.get_args(tp)):
                if isinstance(kind, type) and issubclass(kind, enum.Enum):
                    found[kind.__name__] = {"enum": [m.value for m in kind]}
    return found


def schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of the file format, version 1.

    Returns:
        A new dict each call, safe to change.

    .. versionadded:: 0.1.0
    """
    defs: dict[str, object] = {
        "id": dict(_ID),
        **{name: dict(rule) for name, rule in _STRINGS.items()},
        "when": {
            "type": "string",
            "maxLength": _MAX_TEXT,
            "pattern": f"^{_POINT}(/{_POINT})?$",
            "description": "A time, its precision and IANA zone: 2022-01-09[Europe/Moscow].",
        },
        **_enums(),
        **{cls.__name__: _object_schema(cls) for cls in _SPECS},
    }
    properties: dict[str, object] = {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
    }
    for _, key, spec in _COLLECTIONS:
        properties[key] = {"type": "array", "items": {"$ref": f"#/$defs/{spec.cls.__name__}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "secdialogue dossier, format version 1",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        "$defs": defs,
    }
