"""The fast reader and the field table: the fast path changes the speed, never the result."""

from __future__ import annotations

import enum
import json
import linecache
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import secdialogue
import strategies
from fixtures import small_dossier
from secdialogue import Citation, Dossier, LoadError, Source
from secdialogue._checks import Each, IsId, IsInstance, IsText, Maybe, Rule
from secdialogue._format import _fast, _read, _table
from secdialogue._format._text import parse, text_of


def slow(text: str | bytes) -> Any:
    """What the error-collecting reader makes of ``text``: a value, or the problems."""
    try:
        return _read.read(_read.ROOTS[Dossier], parse(text_of(text, 1 << 30)))
    except LoadError as error:
        return error.problems


def both(text: str | bytes) -> Any:
    """What loads makes of ``text`` (fast path first): a value, or the problems."""
    try:
        return secdialogue.loads(text)
    except LoadError as error:
        return error.problems


class TestSameResult:
    @strategies.WHOLE_DOSSIERS
    @given(strategies.dossiers())
    def test_valid_dossiers(self, dossier: Dossier) -> None:
        """The fast reader reads every valid dossier to what the reporting reader reads."""
        text = secdialogue.dumps(dossier)

        if "\\u003a" in text.lower():  # the census's one blind spot: it hands these over
            with pytest.raises(_fast.Fallback):
                _fast.read_dossier(text)
        else:
            assert dossier == _fast.read_dossier(text) == _fast.read_dossier(text.encode())
        assert dossier == slow(text) == secdialogue.loads(text)

    @strategies.WHOLE_DOSSIERS
    @given(strategies.dossiers(), st.data())
    def test_mutated_dossiers(self, dossier: Dossier, data: st.DataObject) -> None:
        """Whatever an edit does to a file, loads answers as the reporting reader does."""
        value = json.loads(secdialogue.dumps(dossier))
        edited = data.draw(edits(value))
        text = edited if isinstance(edited, str) else json.dumps(edited, ensure_ascii=False)

        assert slow(text) == both(text)


def edits(value: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Edits of a parsed dossier file: of one object, or of its text."""
    objects = [
        (key, i) for key in value if isinstance(value[key], list) for i in range(len(value[key]))
    ]
    if not objects:
        return st.just(value)

    @st.composite
    def edit(draw: st.DrawFn) -> Any:
        key, index = draw(st.sampled_from(objects))
        obj = value[key][index]
        field = draw(st.sampled_from(sorted(obj)))
        how = draw(
            st.sampled_from(["null", "unknown", "number", "string", "drop", "dup", "colon"])
        )
        if how == "dup":  # the same key again, last: text only, json.dumps cannot repeat a key
            text = json.dumps(value, ensure_ascii=False)
            inner = json.dumps(obj, ensure_ascii=False)
            extra = json.dumps({field: draw(st.sampled_from([obj[field], "a:b", 1]))})[1:-1]
            return text.replace(inner, inner[:-1] + ", " + extra + "}", 1)
        if how == "colon":  # an escaped colon the census cannot count
            text = json.dumps(value, ensure_ascii=False)
            return text.replace(":", "\\u003a", draw(st.integers(1, 3)))
        obj = dict(obj)
        if how == "null":
            obj[field] = None
        elif how == "unknown":
            obj[field + "x"] = 1
        elif how == "number":
            obj[field] = draw(st.sampled_from([0, 10**30, -1, 1.5, True]))
        elif how == "string":
            obj[field] = draw(st.sampled_from(["", " x", "a:b", "Bad Id", "x" * 65]))
        else:
            del obj[field]
        edited = dict(value)
        edited[key] = [*value[key][:index], obj, *value[key][index + 1 :]]
        return edited

    return edit()


class TestDuplicateKeys:
    def test_repeated_key_refused(self) -> None:
        """A repeated key is refused even where both values are valid, as the other reader does."""
        text = secdialogue.dumps(small_dossier())
        text = text.replace('"id": "usa",', '"id": "usa",\n      "name": "USA",', 1)

        with pytest.raises(_fast.Fallback):
            _fast.read_dossier(text)
        with pytest.raises(LoadError) as info:
            secdialogue.loads(text)

        assert ["duplicate-key"] == [p.code for p in info.value.problems]

    def test_text_that_looks_like_an_escaped_colon(self) -> None:
        """A text holding a backslash and u003a goes the reporting way and loads all the same."""
        dossier = Dossier(sources=[Source(id="a", title="0", publisher="\\u003A")])
        text = secdialogue.dumps(dossier)

        with pytest.raises(_fast.Fallback):
            _fast.read_dossier(text)
        assert dossier == secdialogue.loads(text)

    def test_escaped_colon_still_loads(self) -> None:
        """A colon written as an escape goes the reporting way and loads all the same."""
        text = secdialogue.dumps(small_dossier()).replace("https:", "https\\u003a")

        with pytest.raises(_fast.Fallback):
            _fast.read_dossier(text)
        assert small_dossier() == secdialogue.loads(text)

    def test_key_census_counts_strings(self) -> None:
        """Colons inside texts, times and tuples of strings do not upset the count."""
        dossier = small_dossier()
        actor = attrs.evolve(dossier.actor("russia"), aliases=("a:b", "c::d"))
        edited = Dossier(actors=[actor, *dossier.actors.where(lambda a: a.id != "russia")])

        assert edited == _fast.read_dossier(secdialogue.dumps(edited))


class TestGeneratedCode:
    def test_source_in_linecache(self) -> None:
        """The generated readers' and writers' source is in linecache, for tracebacks."""
        secdialogue.dumps(small_dossier())
        names = [name for name in linecache.cache if name.startswith("<secdialogue ")]

        assert any("fast reader Statement" in name for name in names)
        assert any("writer Statement" in name for name in names)
        assert all(linecache.getline(name, 1).startswith("def ") for name in names)


@attrs.frozen(kw_only=True)
class _Fine:
    id: str = attrs.field(validator=IsId())
    tags: tuple[str, ...] = attrs.field(factory=tuple, validator=Each(IsText(), "a tuple"))


class _Number(enum.Enum):
    ONE = 1


class TestTable:
    def test_factory_default(self) -> None:
        """A default made by a factory is the factory's value, not the Factory object."""
        fields = {f.name: f for f in _table._table(_Fine).fields}

        assert () == fields["tags"].default
        assert fields["tags"].factory is tuple
        assert fields["tags"].is_default(())

    @pytest.mark.parametrize(
        ("field", "message"),
        [
            (attrs.field(), "needs a rule"),
            (attrs.field(validator=attrs.validators.instance_of(str)), "needs a rule"),
            (attrs.field(validator=Rule()), "cannot hold a field with the rule"),
            (attrs.field(validator=IsInstance(dict, "a dict")), "cannot hold a field"),
            (attrs.field(validator=IsInstance(_Number, "a number")), "by string value"),
            (
                attrs.field(
                    default=attrs.Factory(lambda _self: (), takes_self=True),
                    validator=Each(IsId(), "ids"),
                ),
                "takes self",
            ),
            (attrs.field(default="x", validator=IsId()), "only optional values and tuples"),
        ],
    )
    def test_refused_shapes(self, field: Any, message: str) -> None:
        """A field shape the format cannot read or write is refused when the table is made."""
        cls = attrs.make_class(
            "Bad", {"id": attrs.field(validator=IsId()), "x": field}, kw_only=True
        )

        with pytest.raises(TypeError, match=message):
            _table._table(cls)

    def test_first_field_required(self) -> None:
        """A class whose first field has a default is refused (the writer opens with it)."""
        cls = attrs.make_class("Bad", {"x": attrs.field(default=None, validator=Maybe(IsId()))})

        with pytest.raises(TypeError, match="first field"):
            _table._table(cls)


class TestRuleChecks:
    def test_base_rule_checks_nothing(self) -> None:
        """The base Rule is abstract: checking with it is an error of the program."""
        with pytest.raises(NotImplementedError):
            Rule().check("x", 1)

    def test_one_object_built_each_time(self) -> None:
        """A single nested value of a class that is not shared is built where it is read."""
        rule = IsInstance(Citation, "a citation")
        field = _table.Field(
            name="x",
            key="x",
            rule=rule,
            leaf=rule,
            shape="object",
            cls=Citation,
            many=False,
            required=True,
            default=None,
            factory=None,
        )
        generator = _fast._Generator()
        generator.builders[Citation] = Citation
        namespace: dict[str, object] = {}

        lines = generator._read(_fast.TABLES[Citation], field, 0, namespace, "    ")

        assert (["    v0 = _B0(v0, tally)"], Citation) == (lines, namespace["_B0"])

    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            (Each(IsInstance(dict, "a dict"), "dicts", duplicate=None), []),
            (
                Each(IsInstance(dict, "a dict"), "dicts", min_items=1, duplicate=None),
                ["    _C0('x', v0)"],
            ),
            (
                Each(IsInstance(dict, "a dict"), "dicts"),
                ["    if len(v0) > 1 and len(set(v0)) < len(v0):", "        _C0('x', v0)"],
            ),
        ],
    )
    def test_tuples_of_objects(self, rule: Each, expected: list[str]) -> None:
        """A tuple of built objects is checked only for what building does not ensure."""
        field = _table.Field(
            name="x",
            key="x",
            rule=rule,
            leaf=rule.item,
            shape="object",
            cls=dict,
            many=True,
            required=False,
            default=(),
            factory=None,
        )
        generator = _fast._Generator()
        generator.builders[dict] = dict
        namespace: dict[str, object] = {}

        lines = generator._read(_fast.TABLES[Citation], field, 0, namespace, "    ")

        assert ["    v0 = tuple([_B0(item, tally) for item in v0])", *expected] == lines
        assert rule.check == namespace["_C0"]


class TestManyDuplicateKeys:
    def test_listed_briefly(self) -> None:
        """An object repeating many keys names five of them and counts the rest."""
        keys = ", ".join(f'"k{i}": 1, "k{i}": 2' for i in range(8))
        with pytest.raises(LoadError) as info:
            secdialogue.loads("{" + keys + "}", secdialogue.Place)

        (problem,) = info.value.problems
        assert "duplicate-key" == problem.code
        assert '"k4" and 3 more: give every key once' in problem.message
