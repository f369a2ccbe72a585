"""Tests of the JSON codec: round trips, canonical text, the converter, dump and load."""

from __future__ import annotations

import gc
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import secdialogue
import strategies
from secdialogue import (
    Actor,
    ActorKind,
    Citation,
    Demand,
    Dossier,
    LoadError,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Place,
    Position,
    Source,
    Stance,
    Statement,
    ValidationError,
    When,
    Wording,
    _codec,
)

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


def assert_same_types(expected: object, actual: object) -> None:
    """Fail unless both values have the same runtime types all the way down."""
    assert type(expected) is type(actual)
    if isinstance(expected, tuple):
        assert isinstance(actual, tuple)
        for left, right in zip(expected, actual, strict=True):
            assert_same_types(left, right)
    elif attrs.has(type(expected)):
        for field in attrs.fields(type(expected)):
            if field.init:
                assert_same_types(getattr(expected, field.name), getattr(actual, field.name))


def small_dossier() -> Dossier:
    """Two states, a person, a meeting, a demand, a statement and a source."""
    geneva = Place(city="Geneva", country="CH", zone="Europe/Zurich", venue="US Mission")
    return Dossier(
        actors=[
            Actor(id="russia", kind=ActorKind.STATE, name="Russia", iso3="RUS"),
            Actor(id="usa", kind=ActorKind.STATE, name="United States"),
            Actor(
                id="ryabkov",
                kind=ActorKind.PERSON,
                name="Sergey Ryabkov",
                aliases=("Sergei Ryabkov",),
                affiliation="russia",
                role="Deputy Foreign Minister",
            ),
        ],
        meetings=[
            Meeting(
                id="geneva-ssd",
                participants=("russia", "usa"),
                when=When.parse("2022-01-10T10:00+01:00[Europe/Zurich]"),
                format=MeetingFormat.BILATERAL_TALKS,
                status=MeetingStatus.HELD,
                heads=("ryabkov",),
                venue=geneva,
                round=1,
            )
        ],
        demands=[
            Demand(
                id="no-expansion",
                by="russia",
                to=("usa",),
                summary="Legal guarantees that NATO will not expand eastward.",
            )
        ],
        statements=[
            Statement(
                id="ryabkov-no-trust",
                speaker="ryabkov",
                when=When.parse("2022-01-10Tevening[Europe/Zurich]"),
                text='«Мы не доверяем» — "we do not trust"\nend',
                wording=Wording.PARAPHRASE,
                meeting="geneva-ssd",
                stances=(Stance(demand="no-expansion", position=Position.ADVANCES),),
                sources=(Citation(source="tass", excerpt="Ryabkov said"),),
            )
        ],
        sources=[Source(id="tass", title="Ryabkov on Geneva", url="https://tass.com/1")],
    )


class TestRoundTrip:
    @given(VALUES)
    def test_values(self, value: Any) -> None:
        """Every model value reads back equal, with the same runtime types."""
        loaded = secdialogue.loads(secdialogue.dumps(value), type(value))

        assert value == loaded
        assert_same_types(value, loaded)

    @given(strategies.dossiers())
    def test_dossiers(self, dossier: Dossier) -> None:
        """A dossier reads back equal, with the same runtime types in every entity."""
        loaded = secdialogue.loads(secdialogue.dumps(dossier))

        assert dossier == loaded
        for field in attrs.fields(Dossier):
            if field.init:
                assert_same_types(getattr(dossier, field.name), getattr(loaded, field.name))

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
            '{\n  "format": "secdialogue",\n  "version": 1,\n  "actors": [],\n'
            '  "meetings": [],\n  "demands": [],\n  "statements": [],\n  "sources": []\n}\n'
        )
        assert expected == text

    def test_when_text(self) -> None:
        """A time is written as its text form, with zone and precision."""
        expected = '"2022-01-09Tevening[Europe/Zurich]"\n'

        assert expected == secdialogue.dumps(When.parse("2022-01-09Tevening[Europe/Zurich]"))

    def test_dumps_refuses_other_types(self) -> None:
        """dumps refuses anything but a secdialogue value, with a ValidationError."""
        with pytest.raises(ValidationError) as info:
            secdialogue.dumps({"id": "x"})  # type: ignore[arg-type]

        assert "wrong-type" == info.value.problems[0].code


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
        was = gc.isenabled()
        try:
            if enabled:
                gc.enable()
            else:
                gc.disable()
            secdialogue.loads(secdialogue.dumps(small_dossier()))
            with pytest.raises(LoadError):
                secdialogue.loads("{")

            assert enabled == gc.isenabled()
        finally:
            if was:
                gc.enable()

    def test_when_cache_shares(self) -> None:
        """Equal time strings in one file read as one When object."""
        text = secdialogue.dumps(small_dossier()).replace(
            "2022-01-10Tevening[Europe/Zurich]", "2022-01-10T10:00+01:00[Europe/Zurich]"
        )
        dossier = secdialogue.loads(text)

        assert dossier.meeting("geneva-ssd").when is dossier.statement("ryabkov-no-trust").when

    def test_problem_cap(self) -> None:
        """At most MAX_PROBLEMS problems are listed, then one too-many-problems."""
        bad = {"format": "secdialogue", "version": 1, "actors": [1] * 500}
        bad.update({k: [] for k in ("meetings", "demands", "statements", "sources")})

        with pytest.raises(LoadError) as info:
            secdialogue.loads(json.dumps(bad))

        problems = info.value.problems
        assert _codec.MAX_PROBLEMS + 1 == len(problems)
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

    def test_keeps_mode(self, tmp_path: Path) -> None:
        """Replacing a file keeps its permission bits."""
        path = tmp_path / "d.json"
        path.write_text("old")
        path.chmod(0o640)
        secdialogue.dump(Dossier(), path)

        assert 0o640 == stat.S_IMODE(path.stat().st_mode)

    def test_new_file_mode_follows_umask(self, tmp_path: Path) -> None:
        """A new file gets the default mode under the umask, not a temp file's private mode."""
        old = os.umask(0o022)
        try:
            secdialogue.dump(Dossier(), tmp_path / "d.json")
        finally:
            os.umask(old)

        assert 0o644 == stat.S_IMODE((tmp_path / "d.json").stat().st_mode)

    def test_no_temp_left(self, tmp_path: Path) -> None:
        """After a dump the directory holds only the target file."""
        secdialogue.dump(Dossier(), tmp_path / "d.json")
        secdialogue.dump(small_dossier(), tmp_path / "d.json")

        assert ["d.json"] == names(tmp_path)

    @pytest.mark.parametrize("unnamed", [True, False])
    def test_failed_write_keeps_old(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
    ) -> None:
        """A write that fails leaves the old file as it was and no temp file."""
        path = tmp_path / "d.json"
        path.write_text("old")
        if not unnamed:
            monkeypatch.delattr(os, "O_TMPFILE", raising=False)

        def full(_fd: int, _data: object) -> int:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "write", full)
        with pytest.raises(OSError, match="No space"):
            secdialogue.dump(small_dossier(), path)

        assert "old" == path.read_text()
        assert ["d.json"] == names(tmp_path)

    def test_failed_replace_removes_temp(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If the final rename fails, the temp file is removed and the old file kept."""
        path = tmp_path / "d.json"
        path.write_text("old")

        def refuse(_src: object, _dst: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(os, "replace", refuse)
        with pytest.raises(PermissionError):
            secdialogue.dump(small_dossier(), path)

        assert "old" == path.read_text()
        assert ["d.json"] == names(tmp_path)

    def test_remove_tolerates_missing(self, tmp_path: Path) -> None:
        """Cleaning up a temp file that is already gone is not an error."""
        _codec._remove(str(tmp_path / "gone"))

        assert [] == names(tmp_path)

    @pytest.mark.parametrize("case", ["no-flag", "unsupported", "no-proc"])
    def test_named_fallback(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
    ) -> None:
        """Without unnamed temp files, a named temp file is used and nothing is left over."""
        if case == "no-flag":
            monkeypatch.delattr(os, "O_TMPFILE", raising=False)
        elif case == "unsupported":
            real_open = os.open

            def no_tmpfile(path: str, flags: int, mode: int = 0o777) -> int:
                if flags & getattr(os, "O_TMPFILE", 0) == getattr(os, "O_TMPFILE", -1):
                    raise OSError(95, "Operation not supported")
                return real_open(path, flags, mode)

            monkeypatch.setattr(os, "open", no_tmpfile)
        else:

            def no_proc(_src: str, _dst: str, **_kw: object) -> None:
                raise FileNotFoundError(2, "No such file or directory")

            monkeypatch.setattr(os, "link", no_proc)
        path = tmp_path / "d.json"
        secdialogue.dump(small_dossier(), path)

        assert small_dossier() == secdialogue.load(path)
        assert ["d.json"] == names(tmp_path)

    def test_directory_sync_optional(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Where a directory cannot be opened (Windows), the write still succeeds."""
        real_open = os.open

        def no_dirs(path: str, flags: int, mode: int = 0o777) -> int:
            if flags == os.O_RDONLY and Path(path).is_dir():
                raise PermissionError(13, "Permission denied")
            return real_open(path, flags, mode)

        monkeypatch.setattr(os, "open", no_dirs)
        secdialogue.dump(Dossier(), tmp_path / "d.json")

        assert Dossier() == secdialogue.load(tmp_path / "d.json")

    def test_unencodable_text(self, tmp_path: Path) -> None:
        """A value holding a lone surrogate is refused with a ValidationError, writing nothing."""
        source = Source(id="s", title="ok")
        object.__setattr__(source, "title", "bad \ud800")

        with pytest.raises(ValidationError) as info:
            secdialogue.dump(source, tmp_path / "s.json")

        assert "invalid-unicode" == info.value.problems[0].code
        assert [] == names(tmp_path)

    def test_load_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a LoadError with code unreadable."""
        with pytest.raises(LoadError) as info:
            secdialogue.load(tmp_path / "nope.json")

        assert ("$", "unreadable") == (info.value.problems[0].path, info.value.problems[0].code)

    @pytest.mark.parametrize("path", [3, None, "bad\0name"])
    def test_load_bad_path(self, path: Any) -> None:
        """A path that is no path (not a file descriptor either) is a LoadError."""
        with pytest.raises(LoadError) as info:
            secdialogue.load(path)

        assert "unreadable" == info.value.problems[0].code

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

    def test_load_bad_max_size(self, tmp_path: Path) -> None:
        """A max_size that is not a non-negative int is a LoadError."""
        with pytest.raises(LoadError) as info:
            secdialogue.load(_write(tmp_path, "{}"), max_size=-1)

        assert "invalid-argument" == info.value.problems[0].code


def names(directory: Path) -> list[str]:
    """The names in a directory, sorted."""
    return sorted(path.name for path in directory.iterdir())


def _write(directory: Path, text: str) -> Path:
    path = directory / "value.json"
    path.write_text(text, encoding="utf-8")
    return path


_KILL_CHILD = textwrap.dedent(
    """
    import os, sys, time
    import secdialogue
    from secdialogue import Actor, ActorKind, Dossier

    if sys.argv[2] == "named":
        del os.O_TMPFILE
    def stall(fd):
        print("writing", flush=True)
        time.sleep(60)
    os.fsync = stall
    actors = [Actor(id=f"a{i}", kind=ActorKind.STATE, name=f"State {i}") for i in range(2000)]
    secdialogue.dump(Dossier(actors=actors), sys.argv[1])
    """
)


class TestKillDuringWrite:
    @pytest.mark.parametrize("mode", ["unnamed", "named"])
    def test_previous_file_intact(self, tmp_path: Path, mode: str) -> None:
        """A process killed while writing leaves the previous file whole."""
        if mode == "unnamed" and not hasattr(os, "O_TMPFILE"):
            pytest.skip("O_TMPFILE is Linux-only")
        path = tmp_path / "d.json"
        secdialogue.dump(small_dossier(), path)
        before = path.read_bytes()
        child = subprocess.Popen(  # noqa: S603 -- our own interpreter and script
            [sys.executable, "-c", _KILL_CHILD, str(path), mode],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        try:
            assert "writing\n" == child.stdout.readline()
        finally:
            child.kill()
            child.wait()
            child.stdout.close()

        assert before == path.read_bytes()
        assert small_dossier() == secdialogue.load(path)
        leftovers = sorted(set(names(tmp_path)) - {"d.json"})
        if mode == "unnamed":
            assert [] == leftovers
        else:  # a named temp file may remain; it is hidden and never the target
            assert all(name.startswith(".d.json.") for name in leftovers)


class TestUnnamedTempFile:
    def test_named_through_proc(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Where /proc can name an unnamed file, no named temp file is ever created."""
        if not hasattr(os, "O_TMPFILE"):
            pytest.skip("O_TMPFILE is Linux-only")
        real_link = os.link
        created: list[str] = []

        def link(src: str, dst: str, **kwargs: object) -> None:
            created.append(dst)
            try:
                real_link(src, dst, **kwargs)  # type: ignore[arg-type]
            except OSError:  # sandboxes refuse linkat through /proc: copy instead
                with open(src, "rb") as source, open(dst, "xb") as target:  # noqa: PTH123
                    target.write(source.read())

        def no_named(*_args: object, **_kwargs: object) -> None:
            raise AssertionError

        monkeypatch.setattr(os, "link", link)
        monkeypatch.setattr(_codec, "_write_named", no_named)
        path = tmp_path / "d.json"
        secdialogue.dump(small_dossier(), path)

        assert small_dossier() == secdialogue.load(path)
        assert 1 == len(created)
        assert ["d.json"] == names(tmp_path)
