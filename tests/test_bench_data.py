"""Tests of the benchmarks' data generator (bench/data.py): valid, sized, deterministic."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import secdialogue
from secdialogue import Dossier, Statement, Wording

BENCH_DATA = Path(__file__).resolve().parents[1] / "bench" / "data.py"


def load_generator():
    """Import bench/data.py by path: bench/ is not a package."""
    spec = importlib.util.spec_from_file_location("secdialogue_bench_data", BENCH_DATA)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data():
    return load_generator()


class TestGenerate:
    def test_size(self, data) -> None:
        """The dossier holds exactly the number of statements asked for."""
        for size in (1, 37, 250):
            assert size == len(data.generate(size, seed=1).statements)

    def test_valid_round_trip(self, data) -> None:
        """The dossier is valid and survives dumps and loads unchanged."""
        dossier = data.generate(300, seed=5)

        assert isinstance(dossier, Dossier)
        assert dossier == secdialogue.loads(secdialogue.dumps(dossier))

    def test_deterministic(self, data) -> None:
        """The same seed gives the same JSON text."""
        first = secdialogue.dumps(data.generate(120, seed=42))

        assert first == secdialogue.dumps(data.generate(120, seed=42))

    def test_seed_matters(self, data) -> None:
        """Another seed gives another dossier."""
        assert secdialogue.dumps(data.generate(120, seed=1)) != secdialogue.dumps(
            data.generate(120, seed=2)
        )

    def test_collections_grow_with_size(self, data) -> None:
        """Actors, meetings, demands and sources grow with the number of statements."""
        small, large = data.generate(100, seed=3), data.generate(2000, seed=3)

        for kind in ("actors", "meetings", "demands", "sources"):
            assert len(getattr(small, kind)) < len(getattr(large, kind)), kind

    def test_realistic_mix(self, data) -> None:
        """Statements mix time precisions, wordings, stances, meetings and citations."""
        statements: tuple[Statement, ...] = tuple(data.generate(1000, seed=9).statements)

        assert 5 <= len({s.when.precision for s in statements})
        assert set(Wording) == {s.wording for s in statements}
        assert any(s.when.is_span for s in statements)
        assert any(len(s.stances) == 2 for s in statements)
        assert any(not s.stances for s in statements)
        assert any(s.meeting is not None for s in statements)
        assert all(s.sources for s in statements)
        assert any(not s.text.isascii() for s in statements)

    def test_refuses_no_statements(self, data) -> None:
        """Asking for fewer than one statement is an error."""
        with pytest.raises(ValueError, match="at least 1"):
            data.generate(0)


class TestWriteLines:
    def test_the_same_as_dumps_lines(self, data, tmp_path) -> None:
        """The streamed file is, byte for byte, dumps_lines of the dossier generate makes."""
        path = tmp_path / "made.jsonl"
        data.write_lines(300, path, seed=5)
        assert path.read_text(encoding="utf-8") == secdialogue.dumps_lines(data.generate(300, 5))

    def test_size_checked(self, data, tmp_path) -> None:
        with pytest.raises(ValueError, match="at least 1"):
            data.write_lines(0, tmp_path / "none.jsonl")
        assert not (tmp_path / "none.jsonl").exists()
