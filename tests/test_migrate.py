"""Files of format version 1 still load, upgraded on read with no loss; `secdialogue upgrade`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given

import secdialogue
from secdialogue import Dossier, LoadError, Membership
from secdialogue._format._migrate import file_version, upgrade
from secdialogue._format._table import VERSION
from strategies import WHOLE_DOSSIERS, dossiers
from test_cli import run

if TYPE_CHECKING:
    from collections.abc import Iterator

V1 = Path(__file__).parent / "data" / "v1" / "january-2022.json"
"""The built-in dossier as the last release that wrote format version 1 wrote it."""


def as_v1(dossier: Dossier) -> dict[str, Any] | None:
    """The version-1 file of a dossier, or None if version 1 cannot hold it."""
    data = json.loads(secdialogue.dumps(dossier))
    data["version"] = 1
    if data.pop("outcomes"):  # version 1 has no outcomes, and no key for them
        return None
    for statement in data["statements"]:
        speakers = statement.pop("speakers")
        behalf = statement.pop("on_behalf_of", [])
        if len(speakers) > 1 or len(behalf) > 1:
            return None
        statement["speaker"] = speakers[0]
        if behalf:
            statement["on_behalf_of"] = behalf[0]
    for actor in data["actors"]:
        memberships = actor.pop("memberships", [])
        if len(memberships) > 1 or any(m.keys() - {"organization", "role"} for m in memberships):
            return None
        for membership in memberships:
            actor["affiliation"] = membership["organization"]
            if "role" in membership:
                actor["role"] = membership["role"]
    return data


def _statements_of(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from data["statements"]


class TestVersion1:
    def test_fixture_is_version_1(self) -> None:
        """The fixture is a real version-1 file: one speaker per statement."""
        data = json.loads(V1.read_text(encoding="utf-8"))
        assert 1 == data["version"] == file_version(V1.read_bytes())
        assert all("speaker" in s and "speakers" not in s for s in _statements_of(data))

    def test_loads(self) -> None:
        """A version-1 file loads; each speaker becomes a list of one."""
        dossier = secdialogue.load(V1)
        ryabkov = dossier.statements.by("sergey-ryabkov")
        assert ryabkov
        assert all(s.speakers == ("sergey-ryabkov",) for s in ryabkov)
        speakers = [s["speaker"] for s in json.loads(V1.read_text(encoding="utf-8"))["statements"]]
        assert [(s,) for s in speakers] == [s.speakers for s in dossier.statements]

    def test_validate(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`secdialogue validate` accepts the version-1 file."""
        code, out, err = run(capsys, "validate", str(V1))
        assert (0, "") == (code, err)
        assert out.startswith(f"{V1}: valid (")

    @WHOLE_DOSSIERS
    @given(dossiers())
    def test_no_loss(self, dossier: Dossier) -> None:
        """Every dossier version 1 can hold reads back from its version-1 file unchanged."""
        data = as_v1(dossier)
        if data is not None:
            assert dossier == secdialogue.loads(json.dumps(data))

    def test_problems_at_new_paths(self) -> None:
        """A problem in an old file is reported where the value now lives."""
        data = json.loads(V1.read_text(encoding="utf-8"))
        data["statements"][0]["speaker"] = "Not An Id"
        with pytest.raises(LoadError) as info:
            secdialogue.loads(json.dumps(data))
        assert [("$.statements[0].speakers[0]", "invalid-id")] == [
            (p.path, p.code) for p in info.value.problems
        ]

    def test_both_keys(self) -> None:
        """An old file holding the new key too keeps both: the old one is reported unknown."""
        data = json.loads(V1.read_text(encoding="utf-8"))
        data["statements"][0]["speakers"] = ["russia"]
        with pytest.raises(LoadError) as info:
            secdialogue.loads(json.dumps(data))
        assert [("$.statements[0].speaker", "unknown-key")] == [
            (p.path, p.code) for p in info.value.problems
        ]

    @pytest.mark.parametrize(
        ("statements", "expected"),
        [
            ({"not": "a list"}, {"not": "a list"}),
            ([7, None], [7, None]),
            ([], []),
            ([{"speaker": ["a", "b"]}], [{"speakers": ["a", "b"]}]),
            (
                [{"speaker": "a", "on_behalf_of": "b"}],
                [{"speakers": ["a"], "on_behalf_of": ["b"]}],
            ),
        ],
    )
    def test_upgrade_leaves_what_it_does_not_know(self, statements: Any, expected: Any) -> None:
        """The upgrade changes only what it recognises; the strict reader judges the rest."""
        data: dict[str, Any] = {"version": 1, "statements": statements}
        upgrade(data, 1)
        assert {"version": VERSION, "statements": expected, "outcomes": []} == data


class TestMemberships:
    def test_affiliations_become_memberships(self) -> None:
        """Each affiliation of the version-1 file, with its role, becomes one membership."""
        data = json.loads(V1.read_text(encoding="utf-8"))
        expected = {
            a["id"]: (Membership(organization=a["affiliation"], role=a.get("role")),)
            for a in data["actors"]
            if "affiliation" in a
        }
        dossier = secdialogue.load(V1)
        assert 6 == len(expected)
        assert expected == {a.id: a.memberships for a in dossier.actors if a.memberships}

    @pytest.mark.parametrize(
        ("actor", "expected"),
        [
            ({"affiliation": "a"}, {"memberships": [{"organization": "a"}]}),
            (
                {"affiliation": "a", "role": "Envoy"},
                {"memberships": [{"organization": "a", "role": "Envoy"}]},
            ),
            (
                {"affiliation": 7, "role": None},
                {"memberships": [{"organization": 7, "role": None}]},
            ),
            ({"role": "Envoy"}, {"role": "Envoy"}),
            (
                {"affiliation": "a", "memberships": []},
                {"affiliation": "a", "memberships": []},
            ),
        ],
    )
    def test_upgrade_step(self, actor: dict[str, Any], expected: dict[str, Any]) -> None:
        """An affiliation moves into a membership, its role with it, whatever their values."""
        data: dict[str, Any] = {"version": 1, "actors": [actor]}
        upgrade(data, 1)
        assert [expected] == data["actors"]

    def test_role_without_affiliation(self) -> None:
        """A version-1 role without an affiliation is refused, with what to write instead."""
        data = json.loads(V1.read_text(encoding="utf-8"))
        (person,) = (a for a in data["actors"] if a["id"] == "jens-stoltenberg")
        del person["affiliation"]
        with pytest.raises(LoadError) as info:
            secdialogue.loads(json.dumps(data))
        (problem,) = info.value.problems
        index = data["actors"].index(person)
        assert (f"$.actors[{index}].role", "unknown-key") == (problem.path, problem.code)
        assert problem.message.startswith(
            'unknown key "role": version 2 keeps a role in a membership: "memberships":'
            ' [{"organization": "...", "role": "..."}], naming the actor the role is held in;'
        )

    def test_wrong_values_reported_where_they_go(self) -> None:
        """A bad version-1 affiliation is reported at its version-2 place."""
        data = json.loads(V1.read_text(encoding="utf-8"))
        (index,) = (n for n, a in enumerate(data["actors"]) if a["id"] == "sergey-ryabkov")
        data["actors"][index]["affiliation"] = "Russia"
        with pytest.raises(LoadError) as info:
            secdialogue.loads(json.dumps(data))
        assert [(f"$.actors[{index}].memberships[0].organization", "invalid-id")] == [
            (p.path, p.code) for p in info.value.problems
        ]

    def test_affiliation_in_a_version_2_file(self) -> None:
        """An affiliation written in a version-2 file is refused with what to write instead."""
        data = {
            "id": "x",
            "kind": "person",
            "name": "X",
            "affiliation": "russia",
        }
        with pytest.raises(LoadError) as info:
            secdialogue.loads(json.dumps(data), secdialogue.Actor)
        (problem,) = info.value.problems
        assert ("$.affiliation", "unknown-key") == (problem.path, problem.code)
        assert problem.message.endswith('"memberships": [{"organization": "..."}]')


class TestUpgradeCommand:
    def test_upgrade_round_trips(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`upgrade` rewrites a version-1 file as version 2, which round-trips byte for byte."""
        path = tmp_path / "talks.json"
        path.write_bytes(V1.read_bytes())
        code, out, err = run(capsys, "upgrade", str(path))
        assert (0, "") == (code, err)
        assert f"{path}: written in format version {VERSION} (read as version 1)\n" == out
        text = path.read_text(encoding="utf-8")
        assert VERSION == json.loads(text)["version"]
        assert text == secdialogue.dumps(secdialogue.loads(text))
        assert secdialogue.load(V1) == secdialogue.loads(text)

    def test_current_file_left_alone(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file already in the current version is not rewritten."""
        path = tmp_path / "talks.json"
        path.write_text(secdialogue.dumps(secdialogue.load(V1)), encoding="utf-8")
        before = path.stat().st_mtime_ns, path.read_bytes()
        code, out, _ = run(capsys, "upgrade", str(path))
        assert 0 == code
        assert "already format version" in out
        assert before == (path.stat().st_mtime_ns, path.read_bytes())

    def test_output_kept_unless_forced(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`-o OUT` keeps what exists at OUT unless `--force`."""
        out_path = tmp_path / "new.json"
        out_path.write_text("keep", encoding="utf-8")
        code, _, err = run(capsys, "upgrade", str(V1), "-o", str(out_path))
        assert 1 == code
        assert "exists: choose another name, or pass --force" in err
        assert "keep" == out_path.read_text(encoding="utf-8")
        code, _, err = run(capsys, "upgrade", str(V1), "-o", str(out_path), "--force")
        assert (0, "") == (code, err)
        assert secdialogue.load(out_path) == secdialogue.load(V1)

    def test_stdin_to_stdout(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`upgrade -` reads standard input and writes the upgraded file to standard output."""
        code, out, _ = run(capsys, "upgrade", "-", stdin=V1.read_bytes(), monkeypatch=monkeypatch)
        assert 0 == code
        assert out == secdialogue.dumps(secdialogue.load(V1))

    def test_invalid_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An invalid file is not rewritten: each problem is one line."""
        path = tmp_path / "bad.json"
        path.write_text('{"format": "secdialogue", "version": 1}', encoding="utf-8")
        code, _, err = run(capsys, "upgrade", str(path))
        assert 1 == code
        assert f"{path}: $.actors:" in err
        assert '{"format": "secdialogue", "version": 1}' == path.read_text(encoding="utf-8")

    def test_unreadable(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that cannot be read (here a directory) is one line, no traceback."""
        code, _, err = run(capsys, "upgrade", str(tmp_path))
        assert 1 == code
        assert f"{tmp_path}: cannot read: " in err

    def test_unwritable(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A place that cannot be written (under a file, not a directory) is one line."""
        (tmp_path / "file").write_text("", encoding="utf-8")
        code, _, err = run(capsys, "upgrade", str(V1), "-o", str(tmp_path / "file" / "new.json"))
        assert 1 == code
        assert "cannot write: " in err
