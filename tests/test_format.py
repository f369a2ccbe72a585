"""Tests of the file format: round trips, canonical text, the converter, dump and load."""

from __future__ import annotations

import gc
import json
import sys
from typing import TYPE_CHECKING, Any

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import secdialogue
import strategies
from fixtures import assert_same_types, collector, small_dossier
from secdialogue import (
    Actor,
    ActorKind,
    Dossier,
    LoadError,
    Meeting,
    Position,
    Source,
    Stance,
    ValidationError,
    When,
)
from secdialogue._format import _read

if TYPE_CHECKING:
    from pathlib import Path

VALUES = st.one_of(
    strategies.whens(),
    strategies.places(),
    strategies.citations(),
    strategies.stances(),
    strategies.actors(),
    strategies.meetings(),
    strategies.demands(),
    strategies.statements(),
    strategies.sources(),
)


class TestRoundTrip:
    @given(VALUES)
    def test_values(self, value: Any) -> None:
        """Every model value reads back equal, with the same runtime types."""
        loaded = secdialogue.loads(secdialogue.dumps(value), type(value))

        assert value == loaded
        assert_same_types(value, loaded)

    @strategies.WHOLE_DOSSIERS
    @given(strategies.dossiers())
    def test_dossiers(self, dossier: Dossier) -> None:
        """A dossier reads back equal, with the same runtime types in every entity."""
        loaded = secdialogue.loads(secdialogue.dumps(dossier))

        assert dossier == loaded
        for field in attrs.fields(Dossier):
            if field.init:
                assert_same_types(getattr(dossier, field.name), getattr(loaded, field.name))

    @strategies.WHOLE_DOSSIERS
    @given(st.one_of(VALUES, strategies.dossiers()))
    def test_canonical(self, value: Any) -> None:
        """Dumping what was loaded gives the same bytes again."""
        text = secdialogue.dumps(value)

        assert text == secdialogue.dumps(secdialogue.loads(text, type(value)))

    @given(strategies.whens())
    def test_when_keeps_zone_and_precision(self, when: When) -> None:
        """A time keeps its zone name, precision, fold and end."""
        loaded = secdialogue.loads(secdialogue.dumps(when).encode(), When)

        assert (when.zone, when.precision, when.fold, when.end) == (
            loaded.zone,
            loaded.precision,
            loaded.fold,
            loaded.end,
        )

    def test_bytes_and_str(self) -> None:
        """UTF-8 bytes and str read the same."""
        text = secdialogue.dumps(small_dossier())

        assert secdialogue.loads(text) == secdialogue.loads(text.encode("utf-8"))

    def test_bytearray(self) -> None:
        """A bytearray reads like bytes."""
        text = secdialogue.dumps(small_dossier())

        assert small_dossier() == secdialogue.loads(bytearray(text.encode()))

    def test_empty_lists_accepted(self) -> None:
        """An empty array for a tuple field reads as the default empty tuple."""
        text = '{"id": "x", "kind": "state", "name": "X", "aliases": [], "sources": []}'

        assert Actor(id="x", kind=ActorKind.STATE, name="X") == secdialogue.loads(text, Actor)


class TestCanonicalText:
    def test_matches_json_dumps(self) -> None:
        """The text is json.dumps with indent=2 and ensure_ascii=False, plus a newline."""
        dossier = small_dossier()
        expected = json.dumps(
            secdialogue.make_converter().unstructure(dossier), ensure_ascii=False, indent=2
        )

        assert expected + "\n" == secdialogue.dumps(dossier)

    @strategies.WHOLE_DOSSIERS
    @given(st.one_of(VALUES, strategies.dossiers()))
    def test_matches_json_dumps_always(self, value: Any) -> None:
        """The fast writer agrees with json.dumps for every value."""
        plain = secdialogue.make_converter().unstructure(value)

        assert json.dumps(plain, ensure_ascii=False, indent=2) + "\n" == secdialogue.dumps(value)

    def test_key_order(self) -> None:
        """Dossier keys come in the documented order, entity keys in field order."""
        data = json.loads(secdialogue.dumps(small_dossier()))

        assert [
            "format",
            "version",
            "actors",
            "meetings",
            "demands",
            "statements",
            "outcomes",
            "sources",
        ] == list(data)
        assert [
            "id",
            "participants",
            "when",
            "format",
            "status",
            "heads",
            "venue",
            "round",
        ] == list(data["meetings"][0])

    def test_defaults_left_out(self) -> None:
        """Fields equal to their default are not written; required ones always are."""
        actor = Actor(id="nato", kind=ActorKind.ORGANIZATION, name="NATO")

        assert {"id": "nato", "kind": "organization", "name": "NATO"} == json.loads(
            secdialogue.dumps(actor)
        )

    def test_utf8_unescaped(self) -> None:
        """Non-ASCII text is written as itself, not as escapes."""
        text = secdialogue.dumps(small_dossier())

        assert "«Мы не доверяем»" in text

    def test_marker_first(self) -> None:
        """A dossier file starts with the format marker and version, and ends with a newline."""
        text = secdialogue.dumps(Dossier())

        expected = (
            '{\n  "format": "secdialogue",\n  "version": 2,\n  "actors": [],\n'
            '  "meetings": [],\n  "demands": [],\n  "statements": [],\n  "outcomes": [],\n'
            '  "sources": []\n}\n'
        )
        assert expected == text

    def test_when_text(self) -> None:
        """A time is written as its text form, with zone and precision."""
        expected = '"2022-01-09Tevening[Europe/Zurich]"\n'

        assert expected == secdialogue.dumps(When.parse("2022-01-09Tevening[Europe/Zurich]"))

    def test_dumps_refuses_other_types(self) -> None:
        """dumps refuses anything but a secdialogue value, with a TypeError."""
        with pytest.raises(TypeError, match="not dict"):
            secdialogue.dumps({"id": "x"})  # type: ignore[arg-type]


class TestConverter:
    def test_new_each_time(self) -> None:
        """make_converter returns a new converter, never cattrs' global one."""
        first, second = secdialogue.make_converter(), secdialogue.make_converter()

        assert first is not second
        assert first is not cattrs.global_converter

    def test_structure_dossier(self) -> None:
        """The converter structures a dossier from plain data."""
        converter = secdialogue.make_converter()
        plain = converter.unstructure(small_dossier())

        assert small_dossier() == converter.structure(plain, Dossier)

    def test_structure_refuses_with_load_error(self) -> None:
        """The converter's hooks raise LoadError with a path."""
        converter = secdialogue.make_converter()

        with pytest.raises(LoadError) as info:
            converter.structure({"demand": "d", "position": "maybe"}, Stance)

        assert ("$.position", "invalid-choice") == (
            info.value.problems[0].path,
            info.value.problems[0].code,
        )

    def test_enums(self) -> None:
        """Enums unstructure to their value and structure strictly from it."""
        converter = secdialogue.make_converter()

        assert "rejects" == converter.unstructure(Position.REJECTS)
        assert Position.REJECTS == converter.structure("rejects", Position)
        with pytest.raises(LoadError):
            converter.structure("REJECTS", Position)

    def test_when(self) -> None:
        """Times unstructure to text and structure back to a When, not a datetime."""
        converter = secdialogue.make_converter()
        when = When.parse("2022-01-10T10:00+01:00[Europe/Zurich]")

        assert "2022-01-10T10:00+01:00[Europe/Zurich]" == converter.unstructure(when)
        assert when == converter.structure(converter.unstructure(when), When)


class TestLoadsBehaviour:
    def test_typed_result(self) -> None:
        """loads returns a value of the asked type."""
        text = secdialogue.dumps(small_dossier().meeting("geneva-ssd"))

        assert Meeting is type(secdialogue.loads(text, Meeting))

    @pytest.mark.parametrize("enabled", [True, False])
    def test_gc_state_restored(self, enabled: bool) -> None:
        """loads pauses the garbage collector and restores its prior state, also on errors."""
        with collector(enabled=enabled):
            secdialogue.loads(secdialogue.dumps(small_dossier()))
            with pytest.raises(LoadError):
                secdialogue.loads("{")

            assert enabled == gc.isenabled()

    def test_no_collector_debt(self) -> None:
        """After loads, the young generations hold nothing it made: no collection is owed."""
        dossier = Dossier(
            actors=[Actor(id=f"a{i}", kind=ActorKind.STATE, name=f"A{i}") for i in range(3000)]
        )
        text = secdialogue.dumps(dossier)
        was = gc.isenabled()
        gc.enable()
        try:
            secdialogue.loads(text)
            young = gc.get_count()[0]
        finally:
            if not was:
                gc.disable()

        assert young < 3000

    def test_when_cache_shares(self) -> None:
        """Equal time strings in one file read as one When object."""
        text = secdialogue.dumps(small_dossier()).replace(
            "2022-01-10Tevening[Europe/Zurich]", "2022-01-10T10:00+01:00[Europe/Zurich]"
        )
        dossier = secdialogue.loads(text)

        assert dossier.meeting("geneva-ssd").when is dossier.statement("ryabkov-no-trust").when

    def test_problem_cap(self) -> None:
        """At most MAX_PROBLEMS problems are listed, then one too-many-problems."""
        bad = {"format": "secdialogue", "version": 2, "actors": [1] * 500}
        bad.update({k: [] for k in ("meetings", "demands", "statements", "sources")})

        with pytest.raises(LoadError) as info:
            secdialogue.loads(json.dumps(bad))

        problems = info.value.problems
        assert _read.MAX_PROBLEMS + 1 == len(problems)
        assert "too-many-problems" == problems[-1].code

    def test_size_limit_configurable(self) -> None:
        """A larger max_size lets a larger input through."""
        text = secdialogue.dumps(small_dossier())

        with pytest.raises(LoadError):
            secdialogue.loads(text, max_size=len(text) - 1)
        assert small_dossier() == secdialogue.loads(text, max_size=len(text))

    def test_model_problems_all_fields(self) -> None:
        """All fields the model refuses in one object are reported, with their paths."""
        text = '{"id": "Bad Id", "kind": "state", "name": " padded", "wikidata": "159"}'

        with pytest.raises(LoadError) as info:
            secdialogue.loads(text, Actor)

        expected = [
            ("$.id", "invalid-id"),
            ("$.name", "untrimmed"),
            ("$.wikidata", "invalid-format"),
        ]
        assert expected == [(p.path, p.code) for p in info.value.problems]

    def test_model_problem_after_validators(self) -> None:
        """A rule checked after the fields (name among aliases) is reported with its path."""
        text = '{"id": "x", "kind": "state", "name": "X", "aliases": ["X"]}'

        with pytest.raises(LoadError) as info:
            secdialogue.loads(text, Actor)

        assert [("$.aliases", "duplicate")] == [(p.path, p.code) for p in info.value.problems]


class TestDumpLoad:
    def test_round_trip(self, tmp_path: Path) -> None:
        """dump then load gives the value back; the file is the dumps text in UTF-8."""
        path = tmp_path / "dossier.json"
        secdialogue.dump(small_dossier(), path)

        assert secdialogue.dumps(small_dossier()).encode("utf-8") == path.read_bytes()
        assert small_dossier() == secdialogue.load(path)
        assert small_dossier().source("tass") == secdialogue.load(
            _write(tmp_path, secdialogue.dumps(small_dossier().source("tass"))), Source
        )

    def test_str_path(self, tmp_path: Path) -> None:
        """A path may be a plain string."""
        path = str(tmp_path / "d.json")
        secdialogue.dump(Dossier(), path)

        assert Dossier() == secdialogue.load(path)

    def test_unencodable_text(self, tmp_path: Path) -> None:
        """A value holding a lone surrogate is refused with a ValidationError, writing nothing."""
        source = Source(id="s", title="ok")
        object.__setattr__(source, "title", "bad \ud800")

        with pytest.raises(ValidationError) as info:
            secdialogue.dump(source, tmp_path / "s.json")

        assert "invalid-unicode" == info.value.problems[0].code
        assert [] == names(tmp_path)
        with pytest.raises(ValidationError) as info:
            secdialogue.dumps(source)
        assert ("$", "invalid-unicode") == (
            info.value.problems[0].path,
            info.value.problems[0].code,
        )

    def test_load_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a LoadError with code unreadable."""
        with pytest.raises(LoadError) as info:
            secdialogue.load(tmp_path / "nope.json")

        assert ("$", "unreadable") == (info.value.problems[0].path, info.value.problems[0].code)

    def test_load_bad_path(self) -> None:
        """A path the system refuses (a NUL byte in it) is a LoadError with code unreadable."""
        with pytest.raises(LoadError) as info:
            secdialogue.load("bad\0name")

        assert "unreadable" == info.value.problems[0].code

    @pytest.mark.parametrize("path", [3, None, b"bytes"])
    def test_load_not_a_path(self, path: Any) -> None:
        """Something that is no path (nor a file descriptor) is a TypeError, before any work."""
        with pytest.raises(TypeError, match=r"path must be a str or os\.PathLike"):
            secdialogue.load(path)

    def test_load_directory(self, tmp_path: Path) -> None:
        """A directory is a LoadError with code unreadable."""
        with pytest.raises(LoadError) as info:
            secdialogue.load(tmp_path)

        assert "unreadable" == info.value.problems[0].code

    def test_load_too_large(self, tmp_path: Path) -> None:
        """A file over max_size is refused without reading it all."""
        path = _write(tmp_path, secdialogue.dumps(small_dossier()))

        with pytest.raises(LoadError) as info:
            secdialogue.load(path, max_size=100)

        assert "too-large" == info.value.problems[0].code

    @pytest.mark.parametrize(
        ("max_size", "error"),
        [(-1, ValueError), (1.5, TypeError), (True, TypeError), ("10", TypeError)],
    )
    def test_bad_max_size(self, tmp_path: Path, max_size: Any, error: type[Exception]) -> None:
        """A max_size that is not a non-negative int is refused before any work, by both."""
        path = _write(tmp_path, "{}")
        with pytest.raises(error, match="max_size"):
            secdialogue.load(path, max_size=max_size)
        with pytest.raises(error, match="max_size"):
            secdialogue.loads("{}", max_size=max_size)

    @pytest.mark.parametrize("max_size", [sys.maxsize, 10**11, 2**70])
    def test_huge_max_size(self, tmp_path: Path, max_size: int) -> None:
        """A huge max_size reads the file as it is, asking for no more memory than it holds."""
        path = _write(tmp_path, secdialogue.dumps(small_dossier()))

        assert small_dossier() == secdialogue.load(path, max_size=max_size)
        assert small_dossier() == secdialogue.loads(path.read_bytes(), max_size=max_size)

    @pytest.mark.parametrize("kind", [[], dict, int, "Dossier", None, secdialogue.Entity])
    def test_bad_type(self, kind: Any) -> None:
        """A type the format does not read is a TypeError, before any work."""
        with pytest.raises(TypeError, match="loads reads secdialogue values"):
            secdialogue.loads("{}", kind)


def names(directory: Path) -> list[str]:
    """The names in a directory, sorted."""
    return sorted(path.name for path in directory.iterdir())


def _write(directory: Path, text: str) -> Path:
    path = directory / "value.json"
    path.write_text(text, encoding="utf-8")
    return path
