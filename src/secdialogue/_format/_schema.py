"""The JSON Schema (draft 2020-12) of the file format, version 2.

Generated from the field table and the rules it holds (patterns, lengths,
ranges, which values are ids), the same objects the readers and the model
check with, so the schema cannot drift from them. The schema checks shape:
types, required and unknown keys, id and code patterns, lengths, the time
grammar. The loader checks more
(that references resolve, that a time exists in its zone, ...): a file that
validates may still be refused by :func:`secdialogue.loads`, never the other
way round.

Imported on the first call of :func:`secdialogue.json_schema`, not with the
package.
"""

from __future__ import annotations

from typing import Any, Final

from secdialogue._checks import (
    MAX_TEXT_LENGTH,
    Each,
    InRange,
    IsId,
    IsText,
    Matches,
    Maybe,
    Rule,
)
from secdialogue._format._table import COLLECTIONS, ENUMS, FORMAT, TABLES, VERSION, Field
from secdialogue._time import _MAX_TEXT, MAX_ZONE_LENGTH, IsZone

__all__ = ["schema", "text_pattern"]

SCHEMA_ID: Final = f"https://secdialogue.readthedocs.io/en/latest/schema/v{VERSION}.json"

# The time grammar of docs/format.md, piece by piece. A date may carry a
# qualifier; a part of the day may leave the zone out; a clock time may not.
_DAY: Final = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_CALENDAR: Final = (
    rf"([0-9]{{4}}(-[0-9]{{2}}(-[0-9]{{2}})?)?[~?%]?|{_DAY}T(morning|afternoon|evening|night))"
)
_CLOCK: Final = (
    rf"{_DAY}T[0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}})?([+-][0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}})?)?"
)
_ZONED: Final = rf"({_CALENDAR}|{_CLOCK})\[[^\]]{{1,{MAX_ZONE_LENGTH}}}\]"
_WHEN: Final = (
    rf"^({_ZONED}(/{_ZONED})?|{_CALENDAR}(/{_CALENDAR})?"
    rf"|\.\./({_ZONED}|{_CALENDAR})|({_ZONED}|{_CALENDAR})/\.\.)$"
)
"""A point; a span of two zoned or two zone-less points; or a point open on one side."""

_SPACE: Final = "".join(f"\\u{code:04x}" for code in range(0x10000) if chr(code).isspace())
"""Every character ``str.strip()`` removes, as a JSON Schema (ECMA-262) class body."""


def text_pattern() -> str:
    """The pattern of free text: no white space (as ``str.strip()`` sees it) at either end."""
    return f"^[^{_SPACE}]([\\s\\S]*[^{_SPACE}])?$"


def _name(rule: Rule) -> str:
    """The ``$defs`` name of a string rule's schema."""
    if isinstance(rule, IsId):
        return "id"
    if isinstance(rule, IsZone):
        return "zone"
    if isinstance(rule, IsText):
        return "text" if rule.max_length == MAX_TEXT_LENGTH else f"text{rule.max_length}"
    return "pattern-" + "".join(c for c in rule.pattern.pattern if c.isalnum())[:24]  # type: ignore[attr-defined]


def _string_schema(rule: Rule) -> dict[str, object]:
    if isinstance(rule, IsId):
        return {
            "type": "string",
            "pattern": f"^{rule.pattern.pattern}$",
            "maxLength": rule.max_length,
        }
    if isinstance(rule, IsZone):
        return {"type": "string", "minLength": 1, "maxLength": rule.max_length}
    if isinstance(rule, IsText):
        return {
            "type": "string",
            "minLength": 1,
            "maxLength": rule.max_length,
            "pattern": text_pattern(),
        }
    assert isinstance(rule, Matches)  # noqa: S101 -- the table refuses any other string rule
    return {"type": "string", "pattern": f"^{rule.pattern.pattern}$"}


def _value_schema(field: Field, defs: dict[str, object]) -> dict[str, object]:
    if field.shape == "string":
        name = _name(field.leaf)
        defs.setdefault(name, _string_schema(field.leaf))
        return {"$ref": f"#/$defs/{name}"}
    if field.shape == "integer":
        assert isinstance(field.leaf, InRange)  # noqa: S101 -- integers are ranges
        return {"type": "integer", "minimum": field.leaf.minimum, "maximum": field.leaf.maximum}
    if field.shape == "when":
        return {"$ref": "#/$defs/when"}
    assert field.cls is not None  # noqa: S101 -- set for choices and objects
    return {"$ref": f"#/$defs/{field.cls.__name__}"}


def _field_schema(field: Field, defs: dict[str, object]) -> dict[str, object]:
    one = _value_schema(field, defs)
    if not field.many:
        return one
    rule = field.rule.rule if isinstance(field.rule, Maybe) else field.rule
    assert isinstance(rule, Each)  # noqa: S101 -- tuples are Each
    array: dict[str, object] = {"type": "array", "items": one}
    if rule.duplicate is not None:
        array["uniqueItems"] = True
    if rule.min_items:
        array["minItems"] = rule.min_items
    if rule.max_items is not None:
        array["maxItems"] = rule.max_items
    return array


def _object_schema(cls: type[Any], defs: dict[str, object]) -> dict[str, object]:
    table = TABLES[cls]
    return {
        "type": "object",
        "description": (cls.__doc__ or "").split("\n", 1)[0],
        "properties": {f.key: _field_schema(f, defs) for f in table.fields},
        "required": [f.key for f in table.fields if f.required],
        "additionalProperties": False,
    }


def schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of the file format, version 2.

    Returns:
        A new dict each call, safe to change.

    .. versionadded:: 0.1.0
    """
    defs: dict[str, object] = {
        "when": {
            "type": "string",
            "maxLength": _MAX_TEXT,
            "pattern": _WHEN,
            "description": (
                "A time, its precision and IANA zone if known: 2022-01-09[Europe/Moscow],"
                " 2022-01-09, 2022-01-09~, ../2022-01-07, 2022-03-29/.."
            ),
        },
        **{kind.__name__: {"enum": [m.value for m in kind]} for kind in ENUMS},
    }
    for cls in TABLES:
        defs[cls.__name__] = _object_schema(cls, defs)
    properties: dict[str, object] = {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
    }
    for kind, _ in COLLECTIONS:
        properties[kind.key] = {"type": "array", "items": {"$ref": f"#/$defs/{kind.cls.__name__}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"secdialogue dossier, format version {VERSION}",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        "$defs": defs,
    }
