"""``secdialogue convert``: between a JSON document, JSON Lines and a Parquet directory."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import duckdb
import pytest

from secdialogue import dumps, dumps_lines
from secdialogue._cli import main
from secdialogue._cli_convert import form_of
from secdialogue.examples import january_2022

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def talks(tmp_path: Path) -> Path:
    path = tmp_path / "talks.json"
    path.write_text(dumps(january_2022()), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["convert", *argv])
    out, err = capsys.readouterr()
    return code, out, err


class TestRoundTrips:
    def test_every_way_gives_the_same_text(self, talks, tmp_path, capsys):
        """JSON -> JSONL -> Parquet (streamed) -> JSON -> JSON again: the bytes of the start."""
        lines, folder, back = tmp_path / "t.jsonl", tmp_path / "t.parquet", tmp_path / "b.json"
        assert _run(capsys, str(talks), str(lines))[0] == 0
        assert lines.read_text(encoding="utf-8") == dumps_lines(january_2022())
        code, out, _ = _run(capsys, str(lines), str(folder))
        assert code == 0
        assert out == (
            f"{folder}: written as parquet (11 actors, 6 meetings, 6 demands,"
            " 14 statements, 0 outcomes, 1 source)\n"
        )
        assert _run(capsys, str(folder), str(back))[0] == 0
        assert back.read_bytes() == talks.read_bytes()
        # and the other ways round: JSON to Parquet, Parquet to JSON Lines
        other = tmp_path / "other"
        assert _run(capsys, str(talks), str(other), "--to", "parquet")[0] == 0
        assert _run(capsys, str(other), str(tmp_path / "o.jsonl"))[0] == 0
        assert (tmp_path / "o.jsonl").read_bytes() == lines.read_bytes()

    def test_duckdb_reads_what_convert_wrote(self, talks, tmp_path, capsys):
        """Each table's rows as DuckDB counts them: the dossier's entities."""
        folder = tmp_path / "tables/"
        assert _run(capsys, str(talks), f"{folder}/")[0] == 0
        with duckdb.connect() as db:
            for key, count in (("statements", 14), ("meetings", 6), ("actors", 11)):
                path = folder / f"{key}.parquet"
                rows = db.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()  # noqa: S608
                assert rows == (count,)

    def test_standard_input_and_output(self, talks, monkeypatch, capsys):
        """``-`` reads standard input (a document, or lines with --from) and writes stdout."""
        lines = dumps_lines(january_2022()).encode()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(talks.read_bytes())))
        code, out, _ = _run(capsys, "-", "-", "--to", "jsonl")
        assert (code, out) == (0, lines.decode())
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
        code, out, _ = _run(capsys, "-", "-", "--from", "jsonl", "--to", "json")
        assert (code, out) == (0, talks.read_text(encoding="utf-8"))


class TestForms:
    @pytest.mark.parametrize(
        ("path", "form"),
        [("a.json", "json"), ("a.jsonl", "jsonl"), ("a.parquet", "parquet"), ("a/", "parquet")],
    )
    def test_by_name(self, path, form):
        assert form_of(path, None) == form

    def test_a_directory_that_exists(self, tmp_path):
        assert form_of(str(tmp_path), None) == "parquet"

    def test_given_wins(self):
        assert form_of("a.txt", "jsonl") == "jsonl"

    def test_unknown_name(self, talks, tmp_path, capsys):
        code, _, err = _run(capsys, str(talks), str(tmp_path / "talks.txt"))
        assert code == 1
        assert "cannot tell its form by its name" in err
        assert "--to" in err

    def test_parquet_to_stdout(self, talks, capsys):
        code, _, err = _run(capsys, str(talks), "-", "--to", "parquet")
        assert code == 1
        assert "nor written to standard output" in err
        code, _, err = _run(capsys, "-", str(talks.with_suffix(".jsonl")), "--from", "parquet")
        assert (code, err.count("\n")) == (1, 1)
        assert "not read from standard input" in err


class TestFailures:
    def test_bad_lines_write_nothing(self, tmp_path, capsys):
        """A reference to no entity: reported at its line; no directory, no hidden one left."""
        text = dumps_lines(january_2022()).replace(
            '"speakers":["jens-stoltenberg"]', '"speakers":["x"]', 1
        )
        assert '"x"' in text
        bad = tmp_path / "bad.jsonl"
        bad.write_text(text, encoding="utf-8")
        code, out, err = _run(capsys, str(bad), str(tmp_path / "out"), "--to", "parquet")
        assert code == 1
        assert out == ""
        assert f"{bad}: line 26: $.statement.speakers[0]: no actor has the id 'x'" in err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]

    def test_bad_document(self, tmp_path, capsys):
        bad = tmp_path / "bad.json"
        bad.write_text('{"format": "secdialogue"', encoding="utf-8")
        code, _, err = _run(capsys, str(bad), str(tmp_path / "out.jsonl"))
        assert code == 1
        assert f"{bad}: $" in err
        assert not (tmp_path / "out.jsonl").exists()

    def test_keeps_what_exists_without_force(self, talks, tmp_path, capsys):
        for target in (tmp_path / "there.jsonl", tmp_path / "there"):
            if target.suffix:
                target.write_text("mine", encoding="utf-8")
            else:
                target.mkdir()
            argv = [str(talks), str(target), "--to", "jsonl" if target.suffix else "parquet"]
            code, _, err = _run(capsys, *argv)
            assert code == 1
            assert "pass --force" in err
            assert _run(capsys, *argv, "--force")[0] == 0

    def test_never_removes_other_files(self, talks, tmp_path, capsys):
        """--force replaces a directory of tables, never one holding other files: here, IN."""
        folder = tmp_path / "o.parquet"
        folder.mkdir()
        source = folder / "talks.json"
        source.write_bytes(talks.read_bytes())
        code, _, err = _run(capsys, str(source), str(folder), "--force")
        assert code == 1
        assert "is not replaced; choose another directory" in err
        assert source.read_bytes() == talks.read_bytes()

    def test_names_escaped(self, talks, tmp_path, capsys):
        """The line that names OUT shows its control characters escaped, as errors do."""
        target = tmp_path / "x\x1b[31m.jsonl"
        code, out, _ = _run(capsys, str(talks), str(target))
        assert code == 0
        assert "\x1b" not in out
        assert "x\\x1b[31m.jsonl: written as jsonl" in out

    def test_cannot_write(self, talks, tmp_path, capsys):
        for target in (tmp_path / "no" / "t.jsonl", tmp_path / "no" / "t.parquet"):
            code, _, err = _run(capsys, str(talks), str(target))
            assert code == 1
            assert f"{target}: cannot write" in err

    def test_without_pyarrow(self, talks, tmp_path):
        """Parquet without pyarrow: the command says how to install it, and exits 1."""
        blocker = tmp_path / "sitecustomize.py"
        blocker.write_text(
            textwrap.dedent(
                """
                import sys

                class Blocker:
                    def find_spec(self, name, path=None, target=None):
                        if name == "pyarrow" or name.startswith("pyarrow."):
                            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

                sys.meta_path.insert(0, Blocker())
                """
            ),
            encoding="utf-8",
        )
        env = {**os.environ, "PYTHONPATH": str(tmp_path)}
        argv = [sys.executable, "-m", "secdialogue", "convert", str(talks), f"{tmp_path / 't'}/"]
        done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)  # noqa: S603
        assert done.returncode == 1, done.stderr
        assert "pip install 'secdialogue[arrow]'" in done.stderr
        # Lines need no pyarrow.
        argv[-1] = str(tmp_path / "t.jsonl")
        done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)  # noqa: S603
        assert done.returncode == 0, done.stderr
