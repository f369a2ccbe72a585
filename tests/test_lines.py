"""The JSON Lines form: writing, reading, streaming, and the same problems as a document."""

from __future__ import annotations

import gc
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import secdialogue
import strategies
from fixtures import collector, fictional, january_2022, small_dossier
from secdialogue import (
    Actor,
    ActorKind,
    Demand,
    Dossier,
    LoadError,
    Membership,
    Position,
    Stance,
    Statement,
    ValidationError,
    When,
    Wording,
)
from secdialogue._cli import main
from secdialogue._kinds import BY_CLASS, KINDS

if TYPE_CHECKING:
    from collections.abc import Iterable

HEADER = '{"format":"secdialogue","version":2}'


def compact(value: Any) -> str:
    """``value`` as compact JSON, UTF-8 characters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def as_lines(document: dict[str, Any]) -> str:
    """The JSON Lines text of a parsed document, whatever it holds: header, then objects."""
    header = {k: document[k] for k in ("format", "version") if k in document}
    lines = [compact(header)]
    for kind in KINDS:
        lines += [compact({kind.noun: obj}) for obj in document.get(kind.key, [])]
    return "\n".join(lines) + "\n"


def problems_of(read: Any, *args: Any) -> set[tuple[str, str]]:
    """The (path, code) of every problem ``read(*args)`` raises; empty if it reads."""
    try:
        read(*args)
    except LoadError as error:
        return {(p.path, p.code) for p in error.problems}
    return set()


def codes(problems: Iterable[tuple[str, str]]) -> set[str]:
    return {code for _, code in problems}


def stream(path: Path) -> list[Any]:
    return list(secdialogue.iter_lines(path))


class TestWrite:
    def test_header_then_one_entity_a_line(self) -> None:
        """The first line is the header; each other holds one entity's compact canonical JSON."""
        dossier = january_2022()

        lines = secdialogue.dumps_lines(dossier).split("\n")

        assert HEADER == lines[0]
        assert "" == lines[-1]  # a final newline
        entities = [e for kind in KINDS for e in getattr(dossier, kind.key)]
        expected = [
            compact({BY_CLASS[type(e)].noun: json.loads(secdialogue.dumps(e))}) for e in entities
        ]
        assert expected == lines[1:-1]

    def test_only_dossiers(self) -> None:
        """dumps_lines and dump_lines write a Dossier, nothing else."""
        with pytest.raises(TypeError, match="writes a Dossier, not Actor"):
            secdialogue.dumps_lines(small_dossier().actor("russia"))  # type: ignore[arg-type]

    def test_lone_surrogate(self, tmp_path: Path) -> None:
        """A dossier changed past its checks to hold a lone surrogate is refused, as by dumps."""
        dossier = small_dossier()
        actor = dossier.actor("usa")
        object.__setattr__(actor, "name", "bad \ud800")

        with pytest.raises(ValidationError) as caught:
            secdialogue.dump_lines(dossier, tmp_path / "x.jsonl")
        assert ["invalid-unicode"] == [p.code for p in caught.value.problems]
        assert not (tmp_path / "x.jsonl").exists()

    def test_dump_and_load(self, tmp_path: Path) -> None:
        """dump_lines writes the text of dumps_lines; load_lines reads it back."""
        dossier = fictional()
        path = tmp_path / "f.jsonl"

        secdialogue.dump_lines(dossier, path)

        assert secdialogue.dumps_lines(dossier).encode() == path.read_bytes()
        assert dossier == secdialogue.load_lines(path) == secdialogue.load_lines(str(path))


class TestRoundTrip:
    @pytest.mark.parametrize("make", [january_2022, fictional, small_dossier, Dossier])
    def test_byte_identical(self, make: Any, tmp_path: Path) -> None:
        """JSON -> JSON Lines -> JSON gives the same bytes, read whole or streamed."""
        dossier = make()
        text = secdialogue.dumps_lines(dossier)
        path = tmp_path / "d.jsonl"
        path.write_text(text, encoding="utf-8")

        assert secdialogue.dumps(dossier) == secdialogue.dumps(secdialogue.loads_lines(text))
        assert dossier == secdialogue.loads_lines(text.encode())
        assert [e for k in KINDS for e in getattr(dossier, k.key)] == stream(path)

    @strategies.WHOLE_DOSSIERS
    @given(strategies.dossiers())
    def test_generated(self, dossier: Dossier) -> None:
        """Every generated dossier goes through JSON Lines to the same canonical JSON."""
        text = secdialogue.dumps_lines(dossier)

        back = secdialogue.loads_lines(text)

        assert secdialogue.dumps(dossier) == secdialogue.dumps(back)
        strategies_types_hold = all(
            type(a) is type(b)
            for kind in KINDS
            for a, b in zip(getattr(dossier, kind.key), getattr(back, kind.key), strict=True)
        )
        assert strategies_types_hold

    def test_any_order(self) -> None:
        """Lines of any kinds in any order read to the dossier; each kind keeps its order."""
        dossier = january_2022()
        header, *lines = secdialogue.dumps_lines(dossier).splitlines()

        shuffled = "\n".join([header, *reversed(lines)])

        back = secdialogue.loads_lines(shuffled)
        for kind in KINDS:
            expected = list(reversed(list(getattr(dossier, kind.key))))
            assert expected == list(getattr(back, kind.key))


class TestLineForm:
    def test_no_final_newline(self) -> None:
        """The last line may lack its newline; CRLF line ends read too."""
        text = secdialogue.dumps_lines(small_dossier())

        assert small_dossier() == secdialogue.loads_lines(text[:-1])
        assert small_dossier() == secdialogue.loads_lines(text.replace("\n", "\r\n"))

    def test_blank_lines_refused(self) -> None:
        """A blank line, even at the end, is a problem at its line."""
        text = secdialogue.dumps_lines(small_dossier())

        found = problems_of(secdialogue.loads_lines, text.replace("\n", "\n\n", 1) + " \n")

        assert {("line 2: $", "invalid-json"), ("line 10: $", "invalid-json")} == found

    def test_header_first(self) -> None:
        """A file that does not start with a header says so at line 1; so does an empty one."""
        text = secdialogue.dumps_lines(small_dossier())

        headless = text.split("\n", 1)[1]

        assert {("line 1: $.format", "missing-key")} == problems_of(
            secdialogue.loads_lines, headless
        )
        assert {("line 1: $.format", "missing-key")} == problems_of(secdialogue.loads_lines, "")

    @pytest.mark.parametrize(
        ("line", "expected"),
        [
            ('{"format":"secdialogue"}', {("line 1: $.version", "missing-key")}),
            ('{"version":2}', {("line 1: $.format", "missing-key")}),
            ('{"format":"other","version":2}', {("line 1: $.format", "not-a-dossier")}),
            (
                '{"format":"secdialogue","version":3}',
                {("line 1: $.version", "unsupported-version")},
            ),
            (
                '{"format":"secdialogue","version":1}',
                {("line 1: $.version", "unsupported-version")},
            ),
            (
                '{"format":"secdialogue","version":0}',
                {("line 1: $.version", "unsupported-version")},
            ),
            ('{"format":"secdialogue","version":"2"}', {("line 1: $.version", "wrong-type")}),
            (
                '{"format":"secdialogue","version":2,"actors":[]}',
                {("line 1: $.actors", "unknown-key")},
            ),
            ('{"format":"secdialogue",', {("line 1: $", "invalid-json")}),
            ("[]", {("line 1: $", "wrong-type")}),
        ],
    )
    def test_bad_header(self, line: str, expected: set[tuple[str, str]]) -> None:
        """A bad header is reported at line 1 with the code a document's marker gets."""
        text = line + "\n" + secdialogue.dumps_lines(small_dossier()).split("\n", 1)[1]

        assert expected == problems_of(secdialogue.loads_lines, text)

    def test_bad_header_later(self) -> None:
        """A header may come again; a bad one is a problem at its line."""
        text = secdialogue.dumps_lines(small_dossier())

        again = text + HEADER + "\n"
        bad = text + HEADER.replace("2", "3") + "\n"

        assert small_dossier() == secdialogue.loads_lines(again)
        assert {("line 9: $.version", "unsupported-version")} == problems_of(
            secdialogue.loads_lines, bad
        )

    @pytest.mark.parametrize(
        ("line", "expected"),
        [
            ("{}", {("line 2: $", "missing-key")}),
            ('{"actors":{}}', {("line 2: $.actors", "unknown-key")}),
            ('{"source":{"id":"x","title":"X"},"actor":1}', {("line 2: $.actor", "unknown-key")}),
            (
                '{"source":{"id":"x","title":"X"},"source":{"id":"y","title":"Y"}}',
                {("line 2: $", "duplicate-key")},
            ),
            (
                '{"source":{"id":"x","title":"X","title":"Y"}}',
                {("line 2: $.source", "duplicate-key")},
            ),
            (
                '{"source":{"id":"x","title":"X:Y","title":"Y"}}',
                {("line 2: $.source", "duplicate-key")},
            ),
            ('{"source":{"id":"x","title":"X\\u003aY"}}', set()),
            (
                '{"source":{"id":"x","title":"\\ud800"}}',
                {("line 2: $.source.title", "invalid-unicode")},
            ),
            (b'{"source":{"id":"x","title":"\xff"}}', {("line 2: $", "invalid-utf8")}),
            ('{"source":{"id":"x","title":"X"}', {("line 2: $", "invalid-json")}),
        ],
    )
    def test_bad_line(self, line: str | bytes, expected: set[tuple[str, str]]) -> None:
        """A line that is no one entity is reported at its line; the other lines still read."""
        start = HEADER.encode() + b"\n"
        text = start + (line if isinstance(line, bytes) else line.encode())

        assert expected == problems_of(secdialogue.loads_lines, text)

    def test_reporting_reader_reads_headers(self) -> None:
        """The error-collecting reader reads a header line as the fast reader does."""
        from secdialogue._format import _fast, _read  # noqa: PLC0415

        value = json.loads(HEADER)

        assert _read.HEADER is _read.read(_read.read_line, value)
        assert _fast.Lines(stream=False).read(HEADER) is None

    def test_invalid_json_column(self) -> None:
        """Malformed JSON on a line is placed by its column in that line."""
        text = HEADER + "\n" + '{"source":{"id":"x" "title":"X"}}\n'

        with pytest.raises(LoadError) as caught:
            secdialogue.loads_lines(text)

        (problem,) = caught.value.problems
        assert problem.message.startswith("not valid JSON at column 21:")

    def test_too_many_problems(self, tmp_path: Path) -> None:
        """At most 100 problems are reported, then one saying there are more, as for a document."""
        text = HEADER + "\n" + '{"source":{"id":"Bad"}}\n' * 200
        path = tmp_path / "many.jsonl"
        path.write_text(text, encoding="utf-8")

        for read, arg in ((secdialogue.loads_lines, text), (stream, path)):
            with pytest.raises(LoadError) as caught:
                read(arg)
            problems = caught.value.problems
            assert 101 == len(problems)
            assert "too-many-problems" == problems[-1].code

    def test_many_unknown_references(self, tmp_path: Path) -> None:
        """Every unknown reference is reported; did-you-mean hints for the first 20 only."""
        statement = json.loads(secdialogue.dumps(small_dossier().statement("ryabkov-no-trust")))
        del statement["meeting"], statement["stances"]
        lines = [HEADER, *secdialogue.dumps_lines(small_dossier()).splitlines()[1:]]
        bad = [{**statement, "id": f"s{n}", "speakers": ["ryabkof"]} for n in range(25)]
        lines += [compact({"statement": one}) for one in bad]
        path = tmp_path / "refs.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

        with pytest.raises(LoadError) as caught:
            stream(path)

        hinted = ["did you mean" in p.message for p in caught.value.problems]
        assert [True] * 20 + [False] * 5 == hinted

    def test_too_many_integrity_problems(self, tmp_path: Path) -> None:
        """The problems of the whole are capped alike."""
        sources = [compact({"source": {"id": "s", "title": "S"}})] * 150
        text = "\n".join([HEADER, *sources]) + "\n"
        path = tmp_path / "dup.jsonl"
        path.write_text(text, encoding="utf-8")

        for read, arg in ((secdialogue.loads_lines, text), (stream, path)):
            with pytest.raises(LoadError) as caught:
                read(arg)
            assert 101 == len(caught.value.problems)
            assert "too-many-problems" == caught.value.problems[-1].code

    def test_limits(self) -> None:
        """max_size is checked before any work, and caps the input, as for loads."""
        text = secdialogue.dumps_lines(small_dossier())

        with pytest.raises(TypeError, match="max_size must be an int"):
            secdialogue.loads_lines(text, max_size="1")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="max_size must be 0 or more"):
            secdialogue.loads_lines(text, max_size=-1)
        assert {("$", "too-large")} == problems_of(
            lambda: secdialogue.loads_lines(text, max_size=len(text) - 1)
        )
        assert {("$", "bom")} == problems_of(secdialogue.loads_lines, "\ufeff" + text)
        assert {("$", "wrong-type")} == problems_of(secdialogue.loads_lines, 1)


class TestCollector:
    @pytest.mark.parametrize("enabled", [True, False])
    def test_gc_state_restored(self, enabled: bool) -> None:
        """loads_lines and dumps_lines leave the garbage collector as they found it."""
        with collector(enabled=enabled):
            secdialogue.loads_lines(secdialogue.dumps_lines(small_dossier()))
            with pytest.raises(LoadError):
                secdialogue.loads_lines("{")

            assert enabled == gc.isenabled()


class TestLoadLines:
    def test_file_limits(self, tmp_path: Path) -> None:
        """load_lines refuses a file too large or unreadable, with the codes load uses."""
        path = tmp_path / "d.jsonl"
        secdialogue.dump_lines(small_dossier(), path)

        assert {("$", "too-large")} == problems_of(
            lambda: secdialogue.load_lines(path, max_size=10)
        )
        assert {("$", "unreadable")} == problems_of(secdialogue.load_lines, tmp_path / "none")
        with pytest.raises(TypeError, match="max_size"):
            secdialogue.load_lines(path, max_size=1.5)  # type: ignore[arg-type]


class TestIterLines:
    def test_arguments_checked_at_the_call(self, tmp_path: Path) -> None:
        """Bad arguments raise at the call, before any reading; a missing file when iterated."""
        with pytest.raises(TypeError, match="path must be"):
            secdialogue.iter_lines(1)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="max_line must be an int"):
            secdialogue.iter_lines(tmp_path, max_line=None)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="max_line must be 0 or more"):
            secdialogue.iter_lines(tmp_path, max_line=-1)
        entities = secdialogue.iter_lines(tmp_path / "none.jsonl")
        with pytest.raises(LoadError) as caught:
            next(entities)
        assert ["unreadable"] == [p.code for p in caught.value.problems]

    def test_unreadable_while_reading(self, tmp_path: Path) -> None:
        """A file that cannot be read (a directory) is an unreadable problem."""
        assert {("$", "unreadable")} == problems_of(stream, tmp_path)

    @pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="Linux only")
    def test_read_error_midway(self) -> None:
        """A file that opens but fails to read is an unreadable problem."""
        assert {("$", "unreadable")} == problems_of(stream, "/proc/self/mem")

    def test_many_times_forgotten(self, tmp_path: Path) -> None:
        """A long stream forgets the times it shares, and still reads every one right."""
        sources = [
            {
                "source": {
                    "id": f"s{n}",
                    "title": "S",
                    "published": f"{1000 + n // 12}-{n % 12 + 1:02}",
                }
            }
            for n in range(20_000)
        ]
        path = tmp_path / "many.jsonl"
        path.write_text("\n".join([HEADER, *map(compact, sources)]) + "\n", encoding="utf-8")

        read = stream(path)

        assert [s["source"]["published"] for s in sources] == [str(s.published) for s in read]

    def test_long_line_skipped(self, tmp_path: Path) -> None:
        """A line longer than max_line is a problem at its line, and is not read whole."""
        dossier = small_dossier()
        text = secdialogue.dumps_lines(dossier)
        long = compact({"source": {"id": "long", "title": "x" * 3_000_000}})
        path = tmp_path / "long.jsonl"
        path.write_text(text + long + "\n" + text.split("\n", 1)[1], encoding="utf-8")

        found = problems_of(lambda: list(secdialogue.iter_lines(path, max_line=1000)))

        assert ("line 9: $", "too-large") in found
        assert "too-large" == min(codes(found))  # and the duplicates after it are its own lines

    def test_exact_max_line(self, tmp_path: Path) -> None:
        """A line of exactly max_line bytes, its newline aside, is read."""
        text = secdialogue.dumps_lines(small_dossier())
        path = tmp_path / "d.jsonl"
        path.write_text(text, encoding="utf-8")
        longest = max(len(line.encode()) for line in text.splitlines())

        assert 7 == len(list(secdialogue.iter_lines(path, max_line=longest)))
        assert {"too-large"} <= codes(
            problems_of(lambda: list(secdialogue.iter_lines(path, max_line=longest - 1)))
        )

    def test_entities_before_the_verdict(self, tmp_path: Path) -> None:
        """Entities are given as read; the problems of the whole come when the file ends."""
        dossier = small_dossier()
        text = secdialogue.dumps_lines(dossier).replace('"source":"tass"', '"source":"tas"')
        path = tmp_path / "d.jsonl"
        path.write_text(text, encoding="utf-8")
        seen: list[Any] = []

        with pytest.raises(LoadError) as caught:
            seen.extend(secdialogue.iter_lines(path))

        assert 7 == len(seen)
        assert [("line 7: $.statement.sources[0].source", "unknown-reference")] == [
            (p.path, p.code) for p in caught.value.problems
        ]
        assert "(did you mean 'tass'?)" in caught.value.problems[0].message

    def test_bad_line_not_given(self, tmp_path: Path) -> None:
        """A line with a problem is not given; the others are, and the problems come at the end."""
        text = secdialogue.dumps_lines(small_dossier()).replace('"name":"Russia"', '"name":""')
        path = tmp_path / "d.jsonl"
        path.write_text(text, encoding="utf-8")
        seen: list[Any] = []

        with pytest.raises(LoadError) as caught:
            seen.extend(secdialogue.iter_lines(path))

        assert "russia" not in [e.id for e in seen]
        assert 6 == len(seen)
        assert [("line 2: $.actor.name", "blank")] == [
            (p.path, p.code) for p in caught.value.problems
        ]


# -- the same problems as a document ---------------------------------------------------------


def all_three(document: dict[str, Any] | str, lines: str, tmp_path: Path) -> list[set[str]]:
    """The problem codes of a document, of its lines read whole, and of its lines streamed."""
    path = tmp_path / "x.jsonl"
    path.write_text(lines, encoding="utf-8")
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    whole, streamed = problems_of(secdialogue.loads_lines, lines), problems_of(stream, path)
    assert whole == streamed  # the same paths too
    return [codes(problems_of(secdialogue.loads, text)), codes(whole), codes(streamed)]


def _ids(document: dict[str, Any]) -> list[str]:
    return [obj["id"] for kind in KINDS for obj in document[kind.key]]


def broken(document: dict[str, Any]) -> st.SearchStrategy[tuple[dict[str, Any], str | None]]:
    """A document with one thing broken, and the key repeated in an object's text, if any."""
    objects = [(kind.key, i) for kind in KINDS for i in range(len(document[kind.key]))]

    @st.composite
    def edit(draw: st.DrawFn) -> tuple[dict[str, Any], str | None]:
        key, index = draw(st.sampled_from(objects))
        obj = dict(document[key][index])
        field = draw(st.sampled_from(sorted(obj)))
        how = draw(st.sampled_from(["null", "unknown", "number", "string", "drop", "dup", "id"]))
        repeated = None
        if how == "null":
            obj[field] = None
        elif how == "unknown":
            obj[field + "x"] = 1
        elif how == "number":
            obj[field] = draw(st.sampled_from([0, 10**30, -1, True]))
        elif how == "string":
            obj[field] = draw(st.sampled_from(["", " x", "Bad Id", "x" * 65, "unknown-id"]))
        elif how == "drop":
            del obj[field]
        elif how == "dup":
            repeated = compact({field: obj[field]})[1:-1]
        else:  # another entity's id, or a reference to one that is not there
            obj["id"] = draw(st.sampled_from(_ids(document)))
        edited = {k: list(v) if k == key else v for k, v in document.items()}
        edited[key][index] = obj
        return edited, (None if repeated is None else compact(obj) + "\0" + repeated)

    return edit()


def texts(edited: dict[str, Any], repeated: str | None) -> tuple[str, str]:
    """The document text and the lines text of an edited document, a key repeated if asked."""
    document, lines = compact(edited), as_lines(edited)
    if repeated is not None:
        inner, extra = repeated.split("\0")
        again = inner[:-1] + "," + extra + "}"
        document, lines = document.replace(inner, again, 1), lines.replace(inner, again, 1)
    return document, lines


def in_each_other(first: dict[str, Any], second: dict[str, Any]) -> None:
    """Make two actors (parsed) members of each other only."""
    first["memberships"] = [{"organization": second["id"]}]
    second["memberships"] = [{"organization": first["id"]}]


class TestSameProblems:
    @strategies.WHOLE_DOSSIERS
    @given(strategies.dossiers(), st.data())
    def test_generated(self, dossier: Dossier, data: st.DataObject) -> None:
        """A generated dossier with one thing broken has the same problem codes in both forms."""
        document = json.loads(secdialogue.dumps(dossier))
        if not _ids(document):
            return
        edited, repeated = data.draw(broken(document))
        text, lines = texts(edited, repeated)

        whole, read, streamed = all_three(text, lines, _tmp())

        assert whole == read == streamed

    @pytest.mark.parametrize(
        ("edit", "expected"),
        [
            (lambda d: d["actors"][0].update(name=""), {"blank"}),
            (lambda d: d["actors"][0].update(nmae="Russia"), {"unknown-key"}),
            (lambda d: d["meetings"][0].update(when="2022-01-10T10:00"), {"invalid-time"}),
            (lambda d: d["statements"][0].update(speakers=["nobody"]), {"unknown-reference"}),
            (lambda d: d["statements"][0].update(meeting="russia"), {"wrong-kind"}),
            (lambda d: d["sources"].append(dict(d["sources"][0])), {"duplicate-id"}),
            (lambda d: d["sources"][0].update(id="russia"), {"duplicate-id", "unknown-reference"}),
            (lambda d: in_each_other(d["actors"][5], d["actors"][6]), {"affiliation-cycle"}),
            (lambda d: d.update(version=3), {"unsupported-version"}),
            (lambda d: d.update(format="other"), {"not-a-dossier"}),
        ],
    )
    def test_hand_written(self, edit: Any, expected: set[str], tmp_path: Path) -> None:
        """Each broken case gives the same codes in a document, its lines and its stream."""
        document = json.loads(secdialogue.dumps(january_2022()))
        edit(document)

        found = all_three(document, as_lines(document), tmp_path)

        assert [expected] * 3 == found

    def test_duplicate_key(self, tmp_path: Path) -> None:
        """A key repeated in an entity is a duplicate-key problem in both forms."""
        document = json.loads(secdialogue.dumps(january_2022()))
        edited, repeated = document, compact(document["demands"][0]) + '\0"by":"russia"'

        found = all_three(*texts(edited, repeated), tmp_path)

        assert [{"duplicate-key"}] * 3 == found

    def test_malformed_line(self, tmp_path: Path) -> None:
        """Malformed JSON in one entity is invalid-json in both forms."""
        document = json.loads(secdialogue.dumps(january_2022()))
        text, lines = texts(document, None)
        inner = compact(document["meetings"][1])

        found = all_three(
            text.replace(inner, inner[:-1], 1), lines.replace(inner, inner[:-1], 1), tmp_path
        )

        assert [{"invalid-json"}] * 3 == found

    @pytest.mark.parametrize("reverse", [False, True])
    def test_ambiguous_principal(self, reverse: bool, tmp_path: Path) -> None:
        """A stance statement of an actor in two states is refused, whatever the order of lines."""
        actors = [
            Actor(id="arvenia", kind=ActorKind.STATE, name="Arvenia"),
            Actor(id="belmora", kind=ActorKind.STATE, name="Belmora"),
            Actor(
                id="envoy",
                kind=ActorKind.PERSON,
                name="An Envoy",
                memberships=(
                    Membership(organization="arvenia"),
                    Membership(organization="belmora"),
                ),
            ),
        ]
        demand = Demand(id="corridor", by="arvenia", to=("belmora",), summary="A corridor.")
        stance = Stance(demand="corridor", position=Position.ADVANCES)
        statement = Statement(
            id="said",
            speakers=("envoy",),
            when=When.parse("2031-03-10[UTC]"),
            text="Open it.",
            wording=Wording.PARAPHRASE,
            stances=(stance,),
        )
        valid = Dossier(actors=actors, demands=[demand])
        document = json.loads(secdialogue.dumps(valid))
        document["statements"] = [json.loads(secdialogue.dumps(statement))]
        header, *lines = as_lines(document).splitlines()
        if reverse:
            lines.reverse()

        found = all_three(document, "\n".join([header, *lines]), tmp_path)

        assert [{"ambiguous-principal"}] * 3 == found

    def test_rescheduled_in_a_cycle(self, tmp_path: Path) -> None:
        """Meetings rescheduled as each other are a cycle in both forms."""
        document = json.loads(secdialogue.dumps(fictional()))
        ids = [m["id"] for m in document["meetings"]]
        document["meetings"][0]["rescheduled_as"] = ids[1]
        document["meetings"][1]["rescheduled_as"] = ids[0]
        document["meetings"][0]["status"] = document["meetings"][1]["status"] = "postponed"

        found = all_three(document, as_lines(document), tmp_path)

        assert found[0] == found[1] == found[2]
        assert "reschedule-cycle" in found[0]

    def test_package_cycle_and_person(self, tmp_path: Path) -> None:
        """Demands parts of each other, and a head who is no person, alike in both forms."""
        document = json.loads(secdialogue.dumps(january_2022()))
        first, second = document["demands"][0], document["demands"][1]
        first["links"] = [{"kind": "part_of", "demand": second["id"]}]
        second["links"] = [{"kind": "part_of", "demand": first["id"]}]
        meeting = next(m for m in document["meetings"] if "heads" in m)
        meeting["heads"] = [*meeting["heads"][:-1], "russia"]

        found = all_three(document, as_lines(document), tmp_path)

        assert [{"package-cycle", "wrong-kind"}] * 3 == found


def _tmp() -> Path:
    """A fresh directory for one hypothesis example (tmp_path is one per test, not per example)."""
    return Path(tempfile.mkdtemp(prefix="secdialogue-lines-"))


class TestConcatenate:
    def test_two_files_are_their_merge(self, tmp_path: Path) -> None:
        """Two files of disjoint dossiers joined end to end read as the merge of the two."""
        first, second = small_dossier(), fictional()
        joined = secdialogue.dumps_lines(first) + secdialogue.dumps_lines(second)
        path = tmp_path / "joined.jsonl"
        path.write_text(joined, encoding="utf-8")

        merged = first.merge(second)

        assert merged == secdialogue.loads_lines(joined)
        assert secdialogue.dumps(merged) == secdialogue.dumps(secdialogue.load_lines(path))
        assert sorted(e.id for e in stream(path)) == sorted(
            e.id for k in KINDS for e in getattr(merged, k.key)
        )

    def test_appended_lines(self, tmp_path: Path) -> None:
        """Lines appended to a file add their entities; a repeated id is a duplicate-id."""
        dossier = small_dossier()
        path = tmp_path / "d.jsonl"
        secdialogue.dump_lines(dossier, path)
        extra = attrs.evolve(dossier.source("tass"), id="interfax", title="Interfax")
        with path.open("a", encoding="utf-8") as file:
            file.write(compact({"source": json.loads(secdialogue.dumps(extra))}) + "\n")

        assert extra == secdialogue.load_lines(path).source("interfax")
        with path.open("a", encoding="utf-8") as file:
            file.write(compact({"source": json.loads(secdialogue.dumps(extra))}) + "\n")
        assert {("line 10: $.source.id", "duplicate-id")} == problems_of(stream, path)
        assert {("line 10: $.source.id", "duplicate-id")} == problems_of(
            secdialogue.load_lines, path
        )


class TestValidateCommand:
    def test_jsonl(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """validate reads a .jsonl file as JSON Lines and reports it as it does a document."""
        good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
        secdialogue.dump_lines(small_dossier(), good)
        bad.write_text(
            secdialogue.dumps_lines(small_dossier()).replace('"by":"russia"', '"by":"rusia"'),
            encoding="utf-8",
        )

        code = main(["validate", str(good), str(bad)])

        out, err = capsys.readouterr()
        assert 1 == code
        assert (
            f"{good}: valid (3 actors, 1 meeting, 1 demand, 1 statement, 0 outcomes, 1 source)\n"
            == out
        )
        assert f"{bad}: line 6: $.demand.by: no actor has the id 'rusia'" in err
