"""Malformed input: each case names the error code and path loads must report.

Every case also checks that nothing but LoadError escapes.
"""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

import pytest

import secdialogue
from fixtures import small_dossier
from secdialogue import Actor, Citation, Dossier, LoadError, Place, Stance, When

if TYPE_CHECKING:
    from collections.abc import Callable

GOOD: dict[str, Any] = json.loads(secdialogue.dumps(small_dossier()))


def edit(change: Callable[[dict[str, Any]], object]) -> str:
    """The good dossier, changed in place by ``change``, as JSON text."""
    data = copy.deepcopy(GOOD)
    change(data)
    return json.dumps(data, ensure_ascii=False)


def setting(path: str, value: object) -> str:
    """The good dossier with the value at a dotted path replaced."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return edit(change)


def dropping(path: str) -> str:
    """The good dossier without the key at a dotted path."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return edit(change)


def replacing(old: str, new: str) -> str:
    """The good dossier text with one piece of text replaced."""
    text = json.dumps(GOOD, ensure_ascii=False)
    assert old in text
    return text.replace(old, new, 1)


TIME = "statements.0.when"

CASES: list[tuple[str, str | bytes, type[Any], str, str]] = [
    # -- not JSON, or not text ---------------------------------------------------
    ("empty", "", Dossier, "invalid-json", "$"),
    ("whitespace", "  \n", Dossier, "invalid-json", "$"),
    ("truncated", secdialogue.dumps(small_dossier())[:-20], Dossier, "invalid-json", "$"),
    ("trailing-garbage", secdialogue.dumps(Dossier()) + "x", Dossier, "invalid-json", "$"),
    ("single-quotes", "{'format': 'secdialogue'}", Dossier, "invalid-json", "$"),
    ("trailing-comma", '{"format": "secdialogue",}', Dossier, "invalid-json", "$"),
    ("comment", '// dossier\n{"format": "secdialogue"}', Dossier, "invalid-json", "$"),
    ("invalid-utf8", b'{"format": "secdialogue\xff"}', Dossier, "invalid-utf8", "$"),
    ("latin-1", '{"x": "Genève"}'.encode("latin-1"), Dossier, "invalid-utf8", "$"),
    ("utf16", '{"format": "secdialogue"}'.encode("utf-16"), Dossier, "invalid-utf8", "$"),
    (
        "utf8-bom-bytes",
        b"\xef\xbb\xbf" + secdialogue.dumps(Dossier()).encode(),
        Dossier,
        "bom",
        "$",
    ),
    ("bom-str", "\ufeff" + secdialogue.dumps(Dossier()), Dossier, "bom", "$"),
    ("raw-surrogate", '"\ud800"', When, "invalid-unicode", "$"),
    (
        "escaped-surrogate",
        replacing('"Russia"', '"\\ud800x"'),
        Dossier,
        "invalid-unicode",
        "$.actors[0].name",
    ),
    ("nul-byte", b"\x00", Dossier, "invalid-json", "$"),
    ("deep-arrays", "[" * 10_000 + "]" * 10_000, Dossier, "too-deep", "$"),
    ("deep-objects", '{"a":' * 10_000 + "1" + "}" * 10_000, Dossier, "too-deep", "$"),
    ("deep-unclosed", "[" * 100_000, Dossier, "too-deep", "$"),
    # -- numbers -------------------------------------------------------------------
    (
        "nan",
        setting("meetings.0.round", "NaN").replace('"NaN"', "NaN"),
        Dossier,
        "non-finite-number",
        "$.meetings[0].round",
    ),
    ("infinity", "Infinity", Dossier, "non-finite-number", "$"),
    (
        "minus-infinity",
        replacing('"version": 2', '"version": -Infinity'),
        Dossier,
        "non-finite-number",
        "$.version",
    ),
    (
        "huge-int",
        replacing('"round": 1', '"round": ' + "9" * 5000),
        Dossier,
        "number-too-large",
        "$.meetings[0].round",
    ),
    ("huge-negative-int", "-" + "1" * 5000, Dossier, "number-too-large", "$"),
    (
        "float-round",
        setting("meetings.0.round", 1.0),
        Dossier,
        "wrong-type",
        "$.meetings[0].round",
    ),
    (
        "bool-round",
        setting("meetings.0.round", True),
        Dossier,
        "wrong-type",
        "$.meetings[0].round",
    ),
    (
        "string-round",
        setting("meetings.0.round", "1"),
        Dossier,
        "wrong-type",
        "$.meetings[0].round",
    ),
    (
        "zero-round",
        setting("meetings.0.round", 0),
        Dossier,
        "invalid-round",
        "$.meetings[0].round",
    ),
    # -- top level -----------------------------------------------------------------
    ("top-array", "[]", Dossier, "wrong-type", "$"),
    ("top-number", "4", Dossier, "wrong-type", "$"),
    ("top-null", "null", Dossier, "wrong-type", "$"),
    ("top-string", '"secdialogue"', Dossier, "wrong-type", "$"),
    ("top-true", "true", Dossier, "wrong-type", "$"),
    ("missing-format", dropping("format"), Dossier, "missing-key", "$.format"),
    ("other-format", setting("format", "geojson"), Dossier, "not-a-dossier", "$.format"),
    ("format-not-string", setting("format", 1), Dossier, "not-a-dossier", "$.format"),
    ("missing-version", dropping("version"), Dossier, "missing-key", "$.version"),
    ("newer-version", setting("version", 3), Dossier, "unsupported-version", "$.version"),
    ("version-zero", setting("version", 0), Dossier, "unsupported-version", "$.version"),
    ("version-string", setting("version", "1"), Dossier, "wrong-type", "$.version"),
    ("version-bool", setting("version", True), Dossier, "wrong-type", "$.version"),
    ("missing-array", dropping("sources"), Dossier, "missing-key", "$.sources"),
    ("array-is-object", setting("actors", {}), Dossier, "wrong-type", "$.actors"),
    ("array-is-null", setting("meetings", None), Dossier, "wrong-type", "$.meetings"),
    ("unknown-top-key", setting("comment", "hi"), Dossier, "unknown-key", "$.comment"),
    (
        "misspelt-top-key",
        replacing('"statements"', '"statement"'),
        Dossier,
        "unknown-key",
        "$.statement",
    ),
    (
        "duplicate-top-key",
        replacing('"version": 2', '"version": 2, "version": 2'),
        Dossier,
        "duplicate-key",
        "$",
    ),
    # -- entities: types and keys --------------------------------------------------
    ("entity-is-string", setting("actors.0", "russia"), Dossier, "wrong-type", "$.actors[0]"),
    ("entity-is-null", setting("sources.0", None), Dossier, "wrong-type", "$.sources[0]"),
    ("id-number", setting("actors.1.id", 7), Dossier, "wrong-type", "$.actors[1].id"),
    ("name-null", setting("actors.0.name", None), Dossier, "wrong-type", "$.actors[0].name"),
    (
        "enum-unknown",
        setting("actors.0.kind", "country"),
        Dossier,
        "invalid-choice",
        "$.actors[0].kind",
    ),
    (
        "enum-by-name",
        setting("statements.0.wording", "PARAPHRASE"),
        Dossier,
        "invalid-choice",
        "$.statements[0].wording",
    ),
    (
        "enum-number",
        setting("meetings.0.status", 1),
        Dossier,
        "wrong-type",
        "$.meetings[0].status",
    ),
    (
        "bool-as-string",
        setting("meetings.0.venue.city", False),
        Dossier,
        "wrong-type",
        "$.meetings[0].venue.city",
    ),
    (
        "string-for-list",
        setting("meetings.0.participants", "russia"),
        Dossier,
        "wrong-type",
        "$.meetings[0].participants",
    ),
    (
        "number-in-list",
        setting("demands.0.to", ["usa", 5]),
        Dossier,
        "wrong-type",
        "$.demands[0].to[1]",
    ),
    (
        "list-in-list",
        setting("actors.2.aliases", [["x"]]),
        Dossier,
        "wrong-type",
        "$.actors[2].aliases[0]",
    ),
    (
        "object-for-place",
        setting("meetings.0.venue", "Geneva"),
        Dossier,
        "wrong-type",
        "$.meetings[0].venue",
    ),
    (
        "stances-object",
        setting("statements.0.stances", {"demand": "x"}),
        Dossier,
        "wrong-type",
        "$.statements[0].stances",
    ),
    (
        "stance-is-string",
        setting("statements.0.stances", ["no-expansion"]),
        Dossier,
        "wrong-type",
        "$.statements[0].stances[0]",
    ),
    (
        "missing-speaker",
        dropping("statements.0.speakers"),
        Dossier,
        "missing-key",
        "$.statements[0].speakers",
    ),
    (
        "missing-nested",
        dropping("meetings.0.venue.country"),
        Dossier,
        "missing-key",
        "$.meetings[0].venue.country",
    ),
    (
        "unknown-key",
        setting("actors.0.capital", "Moscow"),
        Dossier,
        "unknown-key",
        "$.actors[0].capital",
    ),
    (
        "misspelt-key",
        replacing('"speakers"', '"speakrs"'),
        Dossier,
        "unknown-key",
        "$.statements[0].speakrs",
    ),
    ("private-name", replacing('"actors"', '"_actors"'), Dossier, "unknown-key", "$._actors"),
    (
        "duplicate-entity-key",
        replacing('"id": "usa"', '"id": "usa", "id": "usa"'),
        Dossier,
        "duplicate-key",
        "$.actors[1]",
    ),
    (
        "null-optional",
        setting("actors.2.memberships.0.role", None),
        Dossier,
        "wrong-type",
        "$.actors[2].memberships[0].role",
    ),
    # -- model rules ---------------------------------------------------------------
    ("bad-id", setting("actors.1.id", "United States"), Dossier, "invalid-id", "$.actors[1].id"),
    ("long-id", setting("sources.0.id", "a" * 65), Dossier, "invalid-id", "$.sources[0].id"),
    (
        "huge-string",
        setting("demands.0.summary", "x" * 200_000),
        Dossier,
        "too-long",
        "$.demands[0].summary",
    ),
    ("blank-text", setting("statements.0.text", "   "), Dossier, "blank", "$.statements[0].text"),
    (
        "country-lower",
        setting("meetings.0.venue.country", "ch"),
        Dossier,
        "invalid-format",
        "$.meetings[0].venue.country",
    ),
    (
        "bad-url",
        setting("sources.0.url", "ftp://x"),
        Dossier,
        "invalid-format",
        "$.sources[0].url",
    ),
    (
        "empty-participants",
        setting("meetings.0.participants", []),
        Dossier,
        "empty",
        "$.meetings[0].participants",
    ),
    (
        "self-addressed",
        setting("demands.0.to", ["russia"]),
        Dossier,
        "self-addressed",
        "$.demands[0].to",
    ),
    (
        "iso3-for-person",
        setting("actors.2.iso3", "RUS"),
        Dossier,
        "not-applicable",
        "$.actors[2].iso3",
    ),
    (
        "two-stances",
        setting("statements.0.stances", [{"demand": "no-expansion", "position": "rejects"}] * 2),
        Dossier,
        "duplicate",
        "$.statements[0].stances[1].demand",
    ),
    # -- times ---------------------------------------------------------------------
    ("time-number", setting(TIME, 20220110), Dossier, "wrong-type", "$.statements[0].when"),
    ("time-now", setting(TIME, "now"), Dossier, "invalid-time", "$.statements[0].when"),
    ("time-duration", setting(TIME, "P1D"), Dossier, "invalid-time", "$.statements[0].when"),
    (
        "time-naive",
        setting(TIME, "2022-01-10T10:00"),
        Dossier,
        "invalid-time",
        "$.statements[0].when",
    ),
    (
        "time-offset-only",
        setting(TIME, "2022-01-10T10:00+01:00"),
        Dossier,
        "invalid-time",
        "$.statements[0].when",
    ),
    (
        "time-z",
        setting(TIME, "2022-01-10T10:00Z"),
        Dossier,
        "invalid-time",
        "$.statements[0].when",
    ),
    (
        "time-unknown-zone",
        setting(TIME, "2022-01-10[Mars/Olympus_Mons]"),
        Dossier,
        "invalid-zone",
        "$.statements[0].when",
    ),
    (
        "time-abbreviation",
        setting(TIME, "2022-01-10[MSK]"),
        Dossier,
        "invalid-zone",
        "$.statements[0].when",
    ),
    (
        "time-long-zone",
        setting(TIME, f"2022-01-10[{'Europe/' + 'x' * 80}]"),
        Dossier,
        "too-long",
        "$.statements[0].when",
    ),
    ("time-huge", setting(TIME, "2022" * 10_000), Dossier, "too-long", "$.statements[0].when"),
    (
        "time-wrong-offset",
        setting(TIME, "2022-01-10T10:00+03:00[Europe/Zurich]"),
        Dossier,
        "offset-mismatch",
        "$.statements[0].when",
    ),
    (
        "time-skipped",
        setting(TIME, "2022-03-27T02:30[Europe/Zurich]"),
        Dossier,
        "nonexistent-time",
        "$.statements[0].when",
    ),
    (
        "time-ambiguous",
        setting(TIME, "2022-10-30T02:30[Europe/Zurich]"),
        Dossier,
        "ambiguous-time",
        "$.statements[0].when",
    ),
    (
        "time-bad-date",
        setting(TIME, "2022-02-30[Europe/Zurich]"),
        Dossier,
        "invalid-date",
        "$.statements[0].when",
    ),
    (
        "time-end-first",
        setting(TIME, "2022-01-10[Europe/Zurich]/2022-01-09[Europe/Zurich]"),
        Dossier,
        "end-before-start",
        "$.statements[0].when",
    ),
    (
        "time-two-zones",
        setting(TIME, "2022-01-10[Europe/Zurich]/2022-01-11[Europe/Moscow]"),
        Dossier,
        "zone-mismatch",
        "$.statements[0].when",
    ),
    (
        "venue-zone",
        setting("meetings.0.venue.zone", "Europe/Genf"),
        Dossier,
        "invalid-zone",
        "$.meetings[0].venue.zone",
    ),
    (
        "localtime-zone",
        setting("meetings.0.venue.zone", "localtime"),
        Dossier,
        "invalid-zone",
        "$.meetings[0].venue.zone",
    ),
    # -- integrity -----------------------------------------------------------------
    (
        "dangling-speaker",
        setting("statements.0.speakers.0", "lavrov"),
        Dossier,
        "unknown-reference",
        "$.statements[0].speakers[0]",
    ),
    (
        "dangling-citation",
        setting("statements.0.sources.0.source", "reuters"),
        Dossier,
        "unknown-reference",
        "$.statements[0].sources[0].source",
    ),
    (
        "wrong-kind-ref",
        setting("statements.0.meeting", "russia"),
        Dossier,
        "wrong-kind",
        "$.statements[0].meeting",
    ),
    (
        "head-not-person",
        setting("meetings.0.heads", ["usa"]),
        Dossier,
        "wrong-kind",
        "$.meetings[0].heads[0]",
    ),
    (
        "duplicate-id",
        setting("sources.0.id", "russia"),
        Dossier,
        "duplicate-id",
        "$.sources[0].id",
    ),
    (
        "affiliation-cycle",
        setting("actors.2.memberships.0.organization", "ryabkov"),
        Dossier,
        "affiliation-cycle",
        "$.actors[2].memberships[0].organization",
    ),
    # -- single values -------------------------------------------------------------
    ("place-array", "[]", Place, "wrong-type", "$"),
    ("place-missing-country", '{"city": "Geneva"}', Place, "missing-key", "$.country"),
    ("citation-unknown-key", '{"source": "s", "page": 3}', Citation, "unknown-key", "$.page"),
    (
        "stance-null-position",
        '{"demand": "d", "position": null}',
        Stance,
        "wrong-type",
        "$.position",
    ),
    (
        "citation-with-marker",
        '{"source": "s", "version": 1}',
        Citation,
        "unknown-key",
        "$.version",
    ),
    ("when-object", '{"zone": "UTC", "year": 2022}', When, "wrong-type", "$"),
    ("actor-dossier-file", secdialogue.dumps(Dossier()), Actor, "unknown-key", "$.format"),
]


@pytest.mark.parametrize(
    ("data", "kind", "code", "path"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input(data: str | bytes, kind: type[Any], code: str, path: str) -> None:
    """The input is refused with a LoadError naming the expected code at the expected path."""
    with pytest.raises(LoadError) as info:
        secdialogue.loads(data, kind)

    assert (path, code) in [(p.path, p.code) for p in info.value.problems]
    assert all(len(p.message) < 400 for p in info.value.problems)


def test_enough_cases() -> None:
    """The suite holds at least 60 distinct malformed inputs."""
    assert len({(c[1], c[2]) for c in CASES}) >= 60


class TestAllProblems:
    def test_collects_across_entities(self) -> None:
        """Problems in several entities are all reported, in document order."""
        data = copy.deepcopy(GOOD)
        data["actors"][0]["kind"] = "country"
        data["statements"][0]["when"] = "now"
        data["sources"][0]["id"] = 5

        with pytest.raises(LoadError) as info:
            secdialogue.loads(json.dumps(data))

        expected = [
            ("$.actors[0].kind", "invalid-choice"),
            ("$.statements[0].when", "invalid-time"),
            ("$.sources[0].id", "wrong-type"),
        ]
        assert expected == [(p.path, p.code) for p in info.value.problems]

    def test_integrity_after_shape(self) -> None:
        """Integrity is checked only once every entity reads; dangling ids are then all listed."""
        data = copy.deepcopy(GOOD)
        data["statements"][0]["speakers"] = ["lavrov"]
        data["demands"][0]["by"] = "putin"

        with pytest.raises(LoadError) as info:
            secdialogue.loads(json.dumps(data))

        expected = [
            ("$.demands[0].by", "unknown-reference"),
            ("$.statements[0].speakers[0]", "unknown-reference"),
        ]
        assert expected == [(p.path, p.code) for p in info.value.problems]

    def test_newer_version_names_both(self) -> None:
        """A newer version is refused naming the file's version and the supported one."""
        with pytest.raises(LoadError) as info:
            secdialogue.loads(setting("version", 7))

        message = info.value.problems[0].message
        assert "version 7" in message
        assert "version 2" in message

    def test_excerpt_short(self) -> None:
        """A huge bad value is quoted only in part."""
        with pytest.raises(LoadError) as info:
            secdialogue.loads(setting("actors.0.kind", "k" * 100_000))

        assert 200 > len(info.value.problems[0].message)

    def test_did_you_mean(self) -> None:
        """A misspelt key gets a suggestion."""
        with pytest.raises(LoadError) as info:
            secdialogue.loads(replacing('"speakers"', '"speakrs"'))

        unknown = [p for p in info.value.problems if p.code == "unknown-key"]
        assert "did you mean 'speakers'?" in unknown[0].message

    def test_missing_and_unknown_together(self) -> None:
        """Missing and unknown keys of one object are both reported."""
        with pytest.raises(LoadError) as info:
            secdialogue.loads('{"demand": "d", "stance": "rejects"}', Stance)

        assert [("$.position", "missing-key"), ("$.stance", "unknown-key")] == [
            (p.path, p.code) for p in info.value.problems
        ]

    def test_surrogate_in_key(self) -> None:
        """A lone surrogate in a key is reported at the object holding it."""
        with pytest.raises(LoadError) as info:
            secdialogue.loads('{"source": "s", "\\udc00": 1}', Citation)

        assert [("$", "invalid-unicode")] == [(p.path, p.code) for p in info.value.problems]

    def test_surrogate_pair_is_text(self) -> None:
        """An escaped surrogate pair is one character, not an error."""
        citation = secdialogue.loads('{"source": "s", "excerpt": "\\ud83d\\ude00"}', Citation)

        assert "\U0001f600" == citation.excerpt

    def test_many_surrogates_capped(self) -> None:
        """Lone surrogates beyond the problem cap end in too-many-problems."""
        text = json.dumps(["\ud800"] * 150)

        with pytest.raises(LoadError) as info:
            secdialogue.loads(text)

        assert "too-many-problems" == info.value.problems[-1].code
        assert 101 == len(info.value.problems)

    def test_load_error_is_value_error(self) -> None:
        """LoadError is caught by an existing except ValueError."""
        with pytest.raises(ValueError, match="invalid-json"):
            secdialogue.loads("{")


class TestArguments:
    @pytest.mark.parametrize("data", [None, 4, ["{}"], memoryview(b"{}")])
    def test_data_type(self, data: Any) -> None:
        """Input that is neither str nor bytes is a LoadError."""
        with pytest.raises(LoadError) as info:
            secdialogue.loads(data)

        assert "wrong-type" == info.value.problems[0].code

    @pytest.mark.parametrize("data", ["x" * 11, b"x" * 11])
    def test_too_large(self, data: str | bytes) -> None:
        """Input over max_size is refused before parsing."""
        with pytest.raises(LoadError) as info:
            secdialogue.loads(data, max_size=10)

        assert ("$", "too-large") == (info.value.problems[0].path, info.value.problems[0].code)
