"""Tests of the JSON Schema of format v1."""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given

import secdialogue
import strategies
from secdialogue import Dossier, When, _checks, _schema
from secdialogue._codec import _SPECS
from test_codec import small_dossier


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(secdialogue.json_schema())


_NOT_IDS = frozenset({"aliases", "country", "iso3", "wikidata", "url", "zone"})


class TestSchema:
    def test_is_valid_draft_2020_12(self) -> None:
        """The schema is itself a valid draft 2020-12 schema."""
        schema = secdialogue.json_schema()

        jsonschema.Draft202012Validator.check_schema(schema)
        assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]

    def test_fresh_copy(self) -> None:
        """Each call returns a new dict, so changing one does not change the next."""
        first = secdialogue.json_schema()
        first["$defs"]["id"]["maxLength"] = 1  # type: ignore[index]

        assert _checks.MAX_ID_LENGTH == secdialogue.json_schema()["$defs"]["id"]["maxLength"]  # type: ignore[index]

    @strategies.WHOLE_DOSSIERS
    @given(strategies.dossiers())
    def test_every_dumped_dossier_validates(self, dossier: Dossier) -> None:
        """Whatever dumps writes for a dossier validates against the schema."""
        validator().validate(json.loads(secdialogue.dumps(dossier)))

    @given(strategies.whens())
    def test_every_when_matches(self, when: When) -> None:
        """Every time's text form matches the schema's time pattern."""
        schema = secdialogue.json_schema()["$defs"]["when"]  # type: ignore[index]

        jsonschema.validate(str(when), schema)

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (("format",), "geojson"),
            (("version",), 2),
            (("actors", 0, "id"), "Russia"),
            (("actors", 0, "kind"), "country"),
            (("actors", 0, "iso3"), "RU"),
            (("meetings", 0, "round"), 0),
            (("meetings", 0, "participants"), []),
            (("meetings", 0, "venue", "country"), "che"),
            (("statements", 0, "when"), "2022-01-10T10:00"),
            (("statements", 0, "when"), "now"),
            (("statements", 0, "text"), ""),
            (("statements", 0, "extra"), 1),
            (("sources", 0, "url"), "ftp://x"),
            (("demands", 0, "to"), ["usa", "usa"]),
            (("unknown",), []),
        ],
    )
    def test_refuses(self, path: tuple[str | int, ...], value: object) -> None:
        """Typical mistakes fail the schema, as they fail loads."""
        data: Any = json.loads(secdialogue.dumps(small_dossier()))
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

        assert not validator().is_valid(data)
        with pytest.raises(secdialogue.LoadError):
            secdialogue.loads(json.dumps(data))

    def test_required_keys(self) -> None:
        """A dossier without its arrays fails the schema."""
        assert not validator().is_valid({"format": "secdialogue", "version": 1})

    def test_covers_every_model_field(self) -> None:
        """Every model field has a property, required exactly when it has no default."""
        defs: Any = secdialogue.json_schema()["$defs"]
        for cls in _SPECS:
            fields = attrs.fields(cls)
            assert [f.alias for f in fields] == list(defs[cls.__name__]["properties"])
            required = [f.alias for f in fields if f.default is attrs.NOTHING]
            assert required == defs[cls.__name__]["required"]

    def test_string_fields_classified(self) -> None:
        """Every plain string field is free text by the table, or an id by the model's rules."""
        for cls in _SPECS:
            hints = typing.get_type_hints(cls)
            for field in attrs.fields(cls):
                hint = hints[field.name]
                if str not in (hint, *typing.get_args(hint)):
                    continue
                if field.alias in _schema.TEXT_FIELDS | _NOT_IDS:
                    continue
                bad = ("Not An Id",) if typing.get_origin(hint) is tuple else "Not An Id"
                with pytest.raises(secdialogue.ValidationError) as info:
                    field.validator(None, field, bad)  # type: ignore[misc]
                assert "invalid-id" == info.value.problems[0].code


class TestLazyImport:
    def test_not_imported_with_package(self) -> None:
        """import secdialogue does not import the schema module or jsonschema."""
        code = (
            "import sys, secdialogue;"
            " print('secdialogue._schema' in sys.modules, 'jsonschema' in sys.modules)"
        )
        result = subprocess.run(  # noqa: S603 -- our own interpreter
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )

        assert "False False\n" == result.stdout
