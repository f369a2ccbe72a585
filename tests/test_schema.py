"""Tests of the JSON Schema of format v1."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any, Final

import attrs
import jsonschema
import pytest
from hypothesis import find, given
from hypothesis import strategies as st

import secdialogue
import strategies
from fixtures import fictional, small_dossier
from secdialogue import DemandLink, Dossier, LinkKind, MeetingStatus, When, _checks
from secdialogue._checks import Each, InRange, IsId, IsText, Matches, Maybe
from secdialogue._format._table import TABLES, Field
from secdialogue._model import MAX_MEMBERSHIPS
from secdialogue._time import IsZone


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(secdialogue.json_schema())


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
            (("version",), 3),
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
            (("demands", 0, "links"), [{"kind": "part_of"}]),
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
        assert not validator().is_valid({"format": "secdialogue", "version": 2})

    def test_covers_every_model_field(self) -> None:
        """Every model field has a property, required exactly when it has no default."""
        defs: Any = secdialogue.json_schema()["$defs"]
        for cls in TABLES:
            fields = attrs.fields(cls)
            assert [f.alias for f in fields] == list(defs[cls.__name__]["properties"])
            required = [f.alias for f in fields if f.default is attrs.NOTHING]
            assert required == defs[cls.__name__]["required"]


_WHEN_PIECES: Final = (
    "2022", "-01", "-09", "T", "evening", "10:00", "+01:00", "~", "?", "%",
    "[UTC]", "[Europe/Moscow]", "/", "../", "/..", "..", "]", "[",
)  # fmt: skip


class TestWhenPattern:
    @pytest.mark.parametrize(
        ("text", "valid"),
        [
            ("2022-01-09", True),
            ("2022-01-09Tnight", True),
            ("2022-01~", True),
            ("2022%[Europe/Moscow]", True),
            ("2022-01-09~[UTC]/2022-01-12?[UTC]", True),
            ("2022-01-09/2022-01-12", True),
            ("../2022-01-07", True),
            ("../2022-01-07[Europe/Moscow]", True),
            ("2022-03-29/..", True),
            ("2022-03-29T10:00+03:00[Europe/Moscow]/..", True),
            ("../..", False),
            ("..", False),
            ("2022-01-09T10:00", False),
            ("2022-01-09T10:00+01:00", False),
            ("2022-01-09Tevening~", False),
            ("2022-01-09T10:00~[UTC]", False),
            ("2022-01-09[UTC]~", False),
            ("2022-01-09/2022-01-12[UTC]", False),
            ("2022-01-09[UTC]/2022-01-12", False),
            ("../2022/..", False),
        ],
    )
    def test_the_grammar(self, text: str, valid: bool) -> None:
        """The schema's time pattern takes the forms of the grammar, and the reader agrees."""
        schema = secdialogue.json_schema()["$defs"]["when"]  # type: ignore[index]
        try:
            When.parse(text)
        except secdialogue.ValidationError:
            reads = False
        else:
            reads = True
        assert (valid, valid) == (jsonschema.Draft202012Validator(schema).is_valid(text), reads)

    @given(st.lists(st.sampled_from(_WHEN_PIECES), max_size=8).map("".join))
    def test_never_refuses_what_the_reader_reads(self, text: str) -> None:
        """Any text the reader takes as a time matches the schema's time pattern."""
        schema = secdialogue.json_schema()["$defs"]["when"]  # type: ignore[index]
        try:
            When.parse(text)
        except secdialogue.ValidationError:
            return
        jsonschema.validate(text, schema)


def _bases() -> dict[type[Any], list[dict[str, Any]]]:
    """Valid instances of every model class, as JSON values, from two small dossiers."""
    dossier = small_dossier()
    meeting = dossier.meeting("geneva-ssd")
    statement = dossier.statement("ryabkov-no-trust")
    values: list[Any] = [
        *dossier.actors,
        meeting,
        attrs.evolve(meeting, status=MeetingStatus.POSTPONED, rescheduled_as="geneva-later"),
        *dossier.demands,
        statement,
        *dossier.sources,
        meeting.venue,
        *(membership for actor in dossier.actors for membership in actor.memberships),
        *statement.sources,
        *statement.stances,
        *fictional().outcomes,
        DemandLink(kind=LinkKind.PART_OF, demand="package"),
    ]
    bases: dict[type[Any], list[dict[str, Any]]] = {}
    for value in values:
        bases.setdefault(type(value), []).append(json.loads(secdialogue.dumps(value)))
    return bases


BASES: Final = _bases()


def _leaf_values(field: Field) -> list[tuple[object, bool]]:  # noqa: PLR0911 -- one per rule
    """Values of one item of ``field`` just inside (True) and just outside (False) its rule."""
    rule = field.leaf
    if isinstance(rule, IsId):
        top = rule.max_length
        return [("a" * top, True), ("a", True), ("a" * (top + 1), False), ("A", False)]
    if isinstance(rule, IsText):
        top = rule.max_length
        inside = [("x" * top, True), ("x", True), ("x\u3000y", True)]
        outside = [("x" * (top + 1), False), ("", False), (" x", False), ("x\x1c", False)]
        return inside + outside
    if isinstance(rule, Matches):
        example = find(st.from_regex(rule.pattern, fullmatch=True), lambda _: True)
        return [(example, True), (example + " ", False), ("", False)]
    if isinstance(rule, IsZone):
        return [("Europe/Zurich", True), ("E" * (rule.max_length + 1), False)]
    if isinstance(rule, InRange):
        low, high = rule.minimum, rule.maximum
        return [(low, True), (high, True), (low - 1, False), (high + 1, False)]
    if field.shape == "choice":
        assert field.cls is not None
        return [(m.value, True) for m in field.cls] + [("NOT-A-CHOICE", False)]
    return []  # times and nested objects have tests of their own


def _values(field: Field) -> list[tuple[object, bool]]:
    leaf = _leaf_values(field)
    if not field.many or not leaf:
        return leaf
    rule = field.rule.rule if isinstance(field.rule, Maybe) else field.rule
    assert isinstance(rule, Each)
    cases = [([value], inside) for value, inside in leaf]
    first = next(value for value, inside in leaf if inside)
    if rule.min_items:
        cases.append(([], False))
    if rule.duplicate is not None:
        cases.append(([first, first], False))
    return cases


BOUNDARIES: Final = [
    pytest.param(cls, field.key, value, inside, id=f"{cls.__name__}.{field.key}-{n}")
    for cls, table in TABLES.items()
    for field in table.fields
    for n, (value, inside) in enumerate(_values(field))
]


class TestSchemaAgreesWithLoader:
    @pytest.mark.parametrize(("count", "inside"), [(MAX_MEMBERSHIPS, True), (101, False)])
    def test_most_memberships(self, count: int, inside: bool) -> None:
        """Both accept an actor with the most memberships allowed, and both refuse one more."""
        whole = secdialogue.json_schema()
        check = jsonschema.Draft202012Validator({"$ref": "#/$defs/Actor", "$defs": whole["$defs"]})
        held = [{"organization": f"body-{n}"} for n in range(count)]
        data = {"id": "x", "kind": "person", "name": "X", "memberships": held}
        codes = []
        try:
            secdialogue.loads(json.dumps(data), secdialogue.Actor)
        except secdialogue.LoadError as error:
            codes = [p.code for p in error.problems]
        assert (inside, inside) == (check.is_valid(data), not codes)
        assert ([] if inside else ["too-many-items"]) == codes

    @pytest.mark.parametrize(("cls", "key", "value", "inside"), BOUNDARIES)
    def test_limits_and_patterns(
        self, cls: type[Any], key: str, value: object, inside: bool
    ) -> None:
        """Just inside each limit and pattern both accept; just outside both refuse."""
        whole = secdialogue.json_schema()
        schema = {"$ref": f"#/$defs/{cls.__name__}", "$defs": whole["$defs"]}
        check = jsonschema.Draft202012Validator(schema)
        accepted = []
        for base in BASES[cls]:
            data = {**base, key: value}
            valid = check.is_valid(data)
            try:
                secdialogue.loads(json.dumps(data), cls)
            except secdialogue.LoadError:
                loads = False
            else:
                loads = True
            assert valid or not loads, "the loader accepts what the schema refuses"
            if not inside:
                assert (False, False) == (valid, loads)
            accepted.append(valid and loads)
        assert inside == any(accepted)


class TestLazyImport:
    def test_not_imported_with_package(self) -> None:
        """import secdialogue does not import the schema module or jsonschema."""
        code = (
            "import sys, secdialogue;"
            " print('secdialogue._format._schema' in sys.modules, 'jsonschema' in sys.modules)"
        )
        result = subprocess.run(  # noqa: S603 -- our own interpreter
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )

        assert "False False\n" == result.stdout
