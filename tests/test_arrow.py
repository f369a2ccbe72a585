"""secdialogue.arrow: Arrow tables, Parquet directories and the canonical questions on DuckDB."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import attrs
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures import small_dossier
from parity import check_questions
from secdialogue import (
    Actor,
    ActorKind,
    Dossier,
    LoadError,
    Role,
    ValidationError,
    When,
    arrow,
    dumps,
)
from secdialogue._tables._layout import BY_NAME, FAMILIES, LAYOUTS
from secdialogue._time import order_text
from secdialogue.examples import january_2022
from strategies import WHOLE_DOSSIERS, dossiers, membership_dossiers, whens

PARITY = settings(WHOLE_DOSSIERS, max_examples=25)
"""The parity properties write Parquet and start DuckDB for each example: fewer of them."""


def _codes(error: pytest.ExceptionInfo[LoadError]) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in error.value.problems]


def _with_column(table: pa.Table, name: str, values: list[object]) -> pa.Table:
    index = table.schema.get_field_index(name)
    field = table.schema.field(index)
    return table.set_column(index, field, pa.array(values, field.type))


class TestLayout:
    def test_names(self):
        """The tables are named by kind, and links as noun_key, nested links below them."""
        for name in (
            "statements",
            "meeting_participants",
            "meeting_hosts",
            "statement_speakers",
            "statement_stances",
            "statement_sources",
            "actor_memberships",
            "actor_aliases",
            "demand_links",
            "demand_topics",
            "actor_membership_sources",
        ):
            assert name in arrow.TABLES
        assert ("actor_id", "membership_ordinal", "ordinal", "source", "excerpt") == tuple(
            c.name for c in BY_NAME["actor_membership_sources"].columns
        )

    def test_statement_columns(self):
        """A statement's time gives six columns after its id; its place is flattened."""
        names = [c.name for c in BY_NAME["statements"].columns]
        assert ["id", "when", "zone", "precision", "earliest", "latest", "sort_key"] == names[:7]
        assert "place_country" in names
        assert "published_earliest" in [c.name for c in BY_NAME["sources"].columns]

    def test_item_columns(self):
        """An id in a tuple is named after the kind it refers to; other strings are value."""
        assert "actor" == BY_NAME["meeting_participants"].columns[-1].name
        assert "demand" == BY_NAME["outcome_demands"].columns[-1].name
        assert "value" == BY_NAME["statement_topics"].columns[-1].name

    def test_families(self):
        """Every table belongs to the family of one kind."""
        assert sorted(arrow.TABLES) == sorted(n for names in FAMILIES.values() for n in names)

    def test_schemas(self):
        """Times are UTC microsecond timestamps, choices dictionary-encoded strings."""
        schema = arrow.SCHEMAS["statements"]
        assert pa.timestamp("us", tz="UTC") == schema.field("earliest").type
        assert pa.dictionary(pa.int32(), pa.string()) == schema.field("precision").type
        assert not schema.field("id").nullable


class TestOrderText:
    @given(whens(), whens())
    def test_sorts_as_whens(self, first, second):
        """Sort keys compare as the Whens they come from."""
        assert (first < second) == (order_text(first) < order_text(second))
        assert (first == second) == (order_text(first) == order_text(second))


class TestRoundTrip:
    def test_builtin(self):
        """The built-in dossier comes back from its tables as the same text."""
        dossier = january_2022()
        assert dumps(dossier) == dumps(arrow.from_arrow(arrow.to_arrow(dossier)))

    def test_builtin_parquet(self, tmp_path):
        """The built-in dossier comes back from Parquet as the same text."""
        dossier = january_2022()
        arrow.write_parquet(dossier, tmp_path / "out")
        assert dumps(dossier) == dumps(arrow.read_parquet(tmp_path / "out"))

    @WHOLE_DOSSIERS
    @given(dossiers())
    def test_tables(self, dossier):
        """Any dossier comes back from its tables as the same text."""
        assert dumps(dossier) == dumps(arrow.from_arrow(arrow.to_arrow(dossier)))

    @PARITY
    @given(st.one_of(dossiers(), membership_dossiers()))
    def test_parquet(self, dossier):
        """Any dossier comes back from Parquet as the same text."""
        with tempfile.TemporaryDirectory() as folder:
            arrow.write_parquet(dossier, Path(folder) / "out")
            assert dumps(dossier) == dumps(arrow.read_parquet(Path(folder) / "out"))

    def test_link_rows_in_any_order(self):
        """The rows of a link table may come in any order: ordinals place them."""
        dossier = january_2022()
        tables = arrow.to_arrow(dossier)
        tables = {
            name: t.take(pa.array(range(t.num_rows), pa.int64())[::-1])
            for name, t in tables.items()
        }
        tables |= {name: arrow.to_arrow(dossier)[name] for name in FAMILIES}
        assert dumps(dossier) == dumps(arrow.from_arrow(tables))

    def test_plain_strings_accepted(self):
        """A choice column may hold plain strings instead of dictionary-encoded ones."""
        dossier = january_2022()
        tables = arrow.to_arrow(dossier)
        statements = tables["statements"]
        index = statements.schema.get_field_index("wording")
        plain = statements.column("wording").cast(pa.string())
        tables["statements"] = statements.set_column(index, "wording", plain)
        assert dumps(dossier) == dumps(arrow.from_arrow(tables))


class TestMustShow:
    def test_duckdb_reads_every_table(self, tmp_path):
        """DuckDB reads every table; counts match; statements have UTC times, zone, precision."""
        dossier = january_2022()
        arrow.write_parquet(dossier, tmp_path)
        tables = arrow.to_arrow(dossier)
        with duckdb.connect() as connection:
            for name in arrow.TABLES:
                path = tmp_path / f"{name}.parquet"
                (count,) = connection.execute(f"SELECT COUNT(*) FROM '{path}'").fetchone()  # noqa: S608
                assert tables[name].num_rows == count
            for layout in LAYOUTS:
                if layout.kind is not None:
                    path = tmp_path / f"{layout.name}.parquet"
                    (count,) = connection.execute(f"SELECT COUNT(*) FROM '{path}'").fetchone()  # noqa: S608
                    assert len(getattr(dossier, layout.kind.key)) == count
            path = tmp_path / "statements.parquet"
            described = connection.execute(f"DESCRIBE SELECT * FROM '{path}'")  # noqa: S608
            types = {row[0]: row[1] for row in described.fetchall()}
        assert "VARCHAR" == types["id"]
        assert "TIMESTAMP WITH TIME ZONE" == types["earliest"]
        assert "TIMESTAMP WITH TIME ZONE" == types["latest"]
        assert "VARCHAR" == types["zone"]
        assert "VARCHAR" == types["precision"]

    def test_open_times_are_null(self):
        """An open start is a null earliest; a zone-less time a null zone."""
        dossier = january_2022()
        dated = [d for d in dossier.demands if d.when is not None and d.when.unbounded]
        assert dated
        table = arrow.to_arrow(dossier)["demands"].to_pylist()
        row = next(r for r in table if r["id"] == dated[0].id)
        assert row["earliest"] is None
        assert row["latest"] is not None

    def test_import_error_names_the_extra(self, tmp_path):
        """Without pyarrow, importing secdialogue.arrow says how to install it."""
        code = textwrap.dedent(
            """
            import sys
            class NoArrow:
                def find_spec(self, name, path=None, target=None):
                    if name == "pyarrow" or name.startswith("pyarrow."):
                        raise ModuleNotFoundError("No module named 'pyarrow'", name="pyarrow")
            sys.meta_path.insert(0, NoArrow())
            try:
                import secdialogue.arrow
            except ImportError as error:
                print(error)
            """
        )
        result = subprocess.run(  # noqa: S603 -- our own interpreter and code
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        assert "pip install 'secdialogue[arrow]'" in result.stdout


class TestBadTables:
    def test_missing_and_unknown_tables(self):
        """A missing table, an unknown one and a non-table are reported by name."""
        tables: dict[str, object] = dict(arrow.to_arrow(small_dossier()))
        del tables["statements"]
        tables["speeches"] = tables["actors"]
        tables["actors"] = [1, 2]
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)  # type: ignore[arg-type]
        assert [
            ("$.actors", "wrong-type"),
            ("$.speeches", "unknown-key"),
            ("$.statements", "missing-key"),
        ] == sorted(_codes(error))

    def test_columns(self):
        """Missing, unknown, repeated and mistyped columns are reported by table and column."""
        tables = arrow.to_arrow(small_dossier())
        tables["statements"] = tables["statements"].drop_columns(["zone"])
        tables["actors"] = tables["actors"].append_column("extra", pa.array([1, 2, 3]))
        meetings = tables["meetings"]
        tables["meetings"] = meetings.set_column(
            meetings.schema.get_field_index("round"), "round", pa.array(["1"] * len(meetings))
        )
        sources = tables["sources"]
        tables["sources"] = sources.append_column("title", sources.column("title"))
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert [
            ("$.actors.extra", "unknown-key"),
            ("$.meetings.round", "wrong-type"),
            ("$.sources.title", "duplicate-key"),
            ("$.statements.zone", "missing-key"),
        ] == sorted(_codes(error))

    def test_value_paths(self):
        """A bad value is reported at its table, row and column, in a link table or flattened."""
        tables = arrow.to_arrow(small_dossier())
        tables["statement_speakers"] = _with_column(
            tables["statement_speakers"], "actor", ["Not An Id"]
        )
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert [("$.statement_speakers[0].actor", "invalid-id")] == _codes(error)
        tables = arrow.to_arrow(small_dossier())
        tables["statements"] = _with_column(tables["statements"], "place_country", ["ch"])
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert [("$.statements[0].place_country", "invalid-format")] == _codes(error)

    def test_integrity_paths(self):
        """A reference to no entity is reported at the link row that holds it."""
        tables = arrow.to_arrow(small_dossier())
        tables["statement_speakers"] = _with_column(
            tables["statement_speakers"], "actor", ["nobody"]
        )
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert [("$.statement_speakers[0].actor", "unknown-reference")] == _codes(error)

    def test_nested_paths(self):
        """A bad value in a nested link table is reported there."""
        dossier = january_2022()
        tables = arrow.to_arrow(dossier)
        actor = next(a for a in dossier.actors if a.memberships)
        table = pa.table(
            {
                "actor_id": [actor.id],
                "membership_ordinal": pa.array([0], pa.int32()),
                "ordinal": pa.array([0], pa.int32()),
                "source": ["no-such-source"],
                "excerpt": pa.array([None], pa.string()),
            },
            schema=arrow.SCHEMAS["actor_membership_sources"],
        )
        tables["actor_membership_sources"] = table
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert [("$.actor_membership_sources[0].source", "unknown-reference")] == _codes(error)

    def test_orphans_and_ordinals(self):
        """Link rows that name no parent, and ordinals that are not 0, 1, 2, are refused."""
        tables = arrow.to_arrow(january_2022())
        speakers = tables["statement_speakers"]
        ids = speakers.column("statement_id").to_pylist()
        ids[0] = "no-such-statement"
        speakers = _with_column(speakers, "statement_id", ids)
        ordinals = speakers.column("ordinal").to_pylist()
        ordinals[1] = 5
        ordinals[2] = None
        tables["statement_speakers"] = _with_column(speakers, "ordinal", ordinals)
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert [
            ("$.statement_speakers[0].statement_id", "unknown-reference"),
            ("$.statement_speakers[1].ordinal", "invalid-ordinal"),
            ("$.statement_speakers[2].ordinal", "wrong-type"),
        ] == sorted(_codes(error))

    def test_missing_required_tuple(self):
        """A statement without speaker rows is reported at its row."""
        tables = arrow.to_arrow(small_dossier())
        tables["statement_speakers"] = tables["statement_speakers"].slice(0, 0)
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert [("$.statements[0].speakers", "missing-key")] == _codes(error)

    def test_too_many_problems(self):
        """Past the reader's cap, the last problem says so, for the whole input."""
        tables = arrow.to_arrow(Dossier())
        rows = 150
        names = pa.array(["A"] * rows)
        tables["actors"] = pa.table(
            {
                "id": [f"Bad {n}" for n in range(rows)],
                "kind": names.cast(pa.string()).dictionary_encode(),
                "name": names,
                "iso3": pa.nulls(rows, pa.string()),
                "wikidata": pa.nulls(rows, pa.string()),
            },
            schema=arrow.SCHEMAS["actors"],
        )
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert ("$.actors[0].kind", "invalid-choice") == _codes(error)[0]
        assert ("$", "too-many-problems") == _codes(error)[-1]

    def test_problems_capped(self):
        """However many rows are bad, at most the reader's cap of problems is reported."""
        tables = arrow.to_arrow(small_dossier())
        rows = 300
        tables["actor_aliases"] = pa.table(
            {
                "actor_id": ["nobody"] * rows,
                "ordinal": pa.array(range(rows), pa.int32()),
                "value": ["x"] * rows,
            },
            schema=arrow.SCHEMAS["actor_aliases"],
        )
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert 101 == len(error.value.problems)
        assert ("$", "too-many-problems") == _codes(error)[-1]

    def test_text_that_is_not_utf8(self, tmp_path):
        """A string column with bytes that are not UTF-8: a problem at its table, from
        the tables and from a Parquet file alike, never a UnicodeDecodeError."""
        tables = arrow.to_arrow(january_2022())
        rows = tables["actor_aliases"].num_rows
        bad = pa.Array.from_buffers(
            pa.string(), rows, pa.array([b"\xff\xfe"] * rows, pa.binary()).buffers()
        )
        tables["actor_aliases"] = tables["actor_aliases"].set_column(
            2, arrow.SCHEMAS["actor_aliases"].field(2), bad
        )
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert [("$.actor_aliases", "invalid-unicode")] == _codes(error)
        arrow.write_parquet(january_2022(), tmp_path / "t")
        pq.write_table(tables["actor_aliases"], tmp_path / "t" / "actor_aliases.parquet")
        with pytest.raises(LoadError) as error:
            arrow.read_parquet(tmp_path / "t")
        assert [("$.actor_aliases", "invalid-unicode")] == _codes(error)

    def test_a_column_name_that_is_not_utf8(self):
        """pyarrow takes a name as bytes as they are: a problem, not a UnicodeDecodeError."""
        tables = arrow.to_arrow(january_2022())
        names = [b"actor_id", b"ordinal", b"value\xff"]
        tables["actor_aliases"] = tables["actor_aliases"].rename_columns(names)
        with pytest.raises(LoadError) as error:
            arrow.from_arrow(tables)
        assert [("$.actor_aliases", "invalid-unicode")] == _codes(error)


class TestParquet:
    def test_row_groups(self, tmp_path):
        """The writer writes a row group each time a table has enough rows."""
        dossier = january_2022()
        with arrow.ParquetWriter(tmp_path / "out", row_group_size=4) as writer:
            writer.write(dossier.statements)
        metadata = pq.ParquetFile(tmp_path / "out" / "statements.parquet").metadata
        assert 4 == metadata.num_row_groups
        assert len(dossier.statements) == metadata.num_rows

    def test_failure_leaves_nothing(self, tmp_path):
        """A block that fails leaves no directory, and no hidden one beside it."""

        def fail():
            with arrow.ParquetWriter(tmp_path / "out") as writer:
                writer.write(january_2022().actors)
                raise RuntimeError

        with pytest.raises(RuntimeError):
            fail()
        assert [] == list(tmp_path.iterdir())

    def test_replaces(self, tmp_path):
        """Writing again replaces a directory of tables whole."""
        arrow.write_parquet(january_2022(), tmp_path / "out")
        arrow.write_parquet(small_dossier(), tmp_path / "out")
        assert dumps(small_dossier()) == dumps(arrow.read_parquet(tmp_path / "out"))
        assert ["out"] == [p.name for p in tmp_path.iterdir()]

    def test_keeps_a_directory_of_other_files(self, tmp_path):
        """A directory holding anything but the tables is not replaced, nor touched."""
        arrow.write_parquet(january_2022(), tmp_path / "out")
        (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
        (tmp_path / "mixed" / "sub").mkdir(parents=True)
        for folder in (tmp_path / "out", tmp_path / "mixed"):
            with pytest.raises(FileExistsError, match="not a table's file"):
                arrow.write_parquet(small_dossier(), folder)
        assert (tmp_path / "out" / "notes.txt").read_text(encoding="utf-8") == "mine"
        assert dumps(january_2022()) == dumps(arrow.read_parquet(tmp_path / "out"))
        assert (tmp_path / "mixed" / "sub").is_dir()
        assert ["mixed", "out"] == sorted(p.name for p in tmp_path.iterdir())

    def test_replaces_a_file_or_a_link(self, tmp_path):
        """A file, or a link (not what it points to), is replaced; nothing is left aside."""
        (tmp_path / "plain").write_text("hi", encoding="utf-8")
        (tmp_path / "real").mkdir()
        (tmp_path / "link").symlink_to(tmp_path / "real")
        for name in ("plain", "link"):
            arrow.write_parquet(small_dossier(), tmp_path / name)
            assert not (tmp_path / name).is_symlink()
            assert dumps(small_dossier()) == dumps(arrow.read_parquet(tmp_path / name))
        assert ["link", "plain", "real"] == sorted(p.name for p in tmp_path.iterdir())
        assert [] == list((tmp_path / "real").iterdir())

    def test_permissions_follow_the_umask(self, tmp_path):
        """The directory gets a new directory's mode, not mkdtemp's 0700."""
        mask = os.umask(0o027)
        try:
            arrow.write_parquet(small_dossier(), tmp_path / "out")
        finally:
            os.umask(mask)
        assert 0o750 == (tmp_path / "out").stat().st_mode & 0o777

    def test_reads_only_a_directory(self, tmp_path):
        """A file or nothing where the directory should be: one problem saying so."""
        (tmp_path / "file.parquet").write_text("hi", encoding="utf-8")
        for path, what in ((tmp_path / "file.parquet", "not a"), (tmp_path / "none", "no such")):
            with pytest.raises(LoadError) as error:
                arrow.read_parquet(path)
            assert [("$", "unreadable")] == _codes(error)
            assert f"{what} directory" in error.value.problems[0].message

    def test_failed_close_keeps_the_old(self, tmp_path):
        """If the new directory cannot be put in place, the old one stays as it was."""
        arrow.write_parquet(small_dossier(), tmp_path / "out")
        writer = arrow.ParquetWriter(tmp_path / "out")
        writer.write(january_2022().actors)
        (hidden,) = [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
        shutil.rmtree(hidden)  # as another process might
        with pytest.raises(FileNotFoundError):
            writer.close()
        assert dumps(small_dossier()) == dumps(arrow.read_parquet(tmp_path / "out"))
        assert ["out"] == [p.name for p in tmp_path.iterdir()]

    def test_closed_then_failed(self, tmp_path):
        """A block that closed its writer, then failed, keeps what was written."""

        def fail():
            with arrow.ParquetWriter(tmp_path / "out") as writer:
                writer.write(small_dossier().actors)
                writer.close()
                raise RuntimeError

        with pytest.raises(RuntimeError):
            fail()
        assert 3 == pq.read_metadata(tmp_path / "out" / "actors.parquet").num_rows

    def test_closed(self, tmp_path):
        """A closed writer takes nothing more."""
        writer = arrow.ParquetWriter(tmp_path / "out")
        writer.close()
        with pytest.raises(ValueError, match="closed"):
            writer.add(january_2022().actors.first())
        with pytest.raises(ValueError, match="closed"):
            writer.close()

    def test_refuses_non_entities(self, tmp_path):
        """Only entities are written."""
        with arrow.ParquetWriter(tmp_path / "out") as writer, pytest.raises(TypeError):
            writer.add(When.parse("2022[UTC]"))  # type: ignore[arg-type]

    def test_row_group_size(self, tmp_path):
        """A row group holds at least one row."""
        with pytest.raises(ValueError, match="row_group_size"):
            arrow.ParquetWriter(tmp_path / "out", row_group_size=0)

    def test_missing_and_unreadable_files(self, tmp_path):
        """A missing file and one that is not Parquet are reported by table."""
        arrow.write_parquet(small_dossier(), tmp_path)
        (tmp_path / "actors.parquet").unlink()
        (tmp_path / "statements.parquet").write_text("not parquet", encoding="utf-8")
        with pytest.raises(LoadError) as error:
            arrow.read_parquet(tmp_path)
        assert [("$.actors", "missing-key"), ("$.statements", "unreadable")] == _codes(error)


class TestQuestions:
    @PARITY
    @given(st.one_of(dossiers(), membership_dossiers()), st.data())
    def test_parity(self, dossier, data):
        """Each question asked of Parquet on DuckDB answers as the query API does."""
        check_questions(dossier, data, arrow.ask)

    def test_builtin(self, tmp_path):
        """On the built-in dossier, Russia's statements in January are those of the API."""
        dossier = january_2022()
        arrow.write_parquet(dossier, tmp_path)
        found = arrow.ask(
            tmp_path, "statements_by", actor="russia", start="2022-01-01", stop="2022-02-01"
        )
        expected = (
            dossier.statements.by("russia", include_affiliated=True)
            .between("2022-01-01", "2022-02-01")
            .by_time()
            .ids()
        )
        assert expected == tuple(row[0] for row in found)
        assert len(expected) > 1

    def test_patterns_in_the_path_refused(self, tmp_path):
        """DuckDB would read [1] in a path as a pattern, and so another directory."""
        arrow.write_parquet(january_2022(), tmp_path / "g[1]")
        arrow.write_parquet(Dossier(), tmp_path / "g1")
        with pytest.raises(ValueError, match="pattern"):
            arrow.ask(tmp_path / "g[1]", "positions", demand="no-nato-eastward-expansion")

    def test_open_as_of_counts_everything(self, tmp_path):
        """As of a time open into the future, every statement counts."""
        dossier = january_2022()
        arrow.write_parquet(dossier, tmp_path)
        demand = dossier.demands.ids()[0]
        everything = arrow.ask(tmp_path, "positions", demand=demand)
        assert everything == arrow.ask(tmp_path, "positions", demand=demand, as_of="2022-01/..")

    @pytest.mark.parametrize(("made", "making"), [("2022-01-09", True), ("2022-01-12", False)])
    def test_making_is_evidence_where_the_run_begins_with_it(self, tmp_path, made, making):
        """A making after the maker's first statement of the run adds no row, as in the API."""
        dossier = small_dossier()
        demand = attrs.evolve(dossier.demand("no-expansion"), when=When.parse(made))
        dossier = attrs.evolve(dossier, demands=[demand])
        arrow.write_parquet(dossier, tmp_path)
        (position,) = dossier.positions("no-expansion").actors
        assert (position.made is not None) is making
        rows = [("russia", "advances", "ryabkov-no-trust", 1)]
        if making:
            rows.insert(0, ("russia", "advances", None, 0))
        assert rows == arrow.ask(tmp_path, "positions", demand="no-expansion")

    def test_sql_text(self):
        """The SQL has every placeholder filled in; a role is written as its value."""
        text = arrow.sql("meetings_involving", actor="russia", role=Role.HOST)
        assert ":actor" not in text
        assert "'host'" in text
        for role in Role:
            assert f"FROM meeting_{role.field}" in text

    def test_bad_arguments(self):
        """Unknown questions and arguments, missing ones and bad values are refused."""
        with pytest.raises(ValueError, match="no question"):
            arrow.sql("everything")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="not speaker"):
            arrow.sql("positions", demand="d", speaker="x")
        with pytest.raises(TypeError, match="needs demand"):
            arrow.sql("positions")
        with pytest.raises(ValidationError):
            arrow.sql("positions", demand="Not an id")
        with pytest.raises(ValidationError, match="Role"):
            arrow.sql("meetings_involving", actor="russia", role="host")
        with pytest.raises(ValidationError, match="empty"):
            arrow.sql("statements_by", actor="a", start="2022-02-01", stop="2022-01-01")

    def test_missing_files(self, tmp_path):
        """Asking a directory without the tables says which are missing."""
        with pytest.raises(LoadError) as error:
            arrow.ask(tmp_path, "positions", demand="d")
        assert ("$.actors", "missing-key") == _codes(error)[0]

    def test_engine_error(self, tmp_path):
        """A file DuckDB cannot read gives a LoadError, not DuckDB's own error."""
        arrow.write_parquet(small_dossier(), tmp_path)
        (tmp_path / "statements.parquet").write_text("not parquet", encoding="utf-8")
        with pytest.raises(LoadError) as error:
            arrow.ask(tmp_path, "statements_by", actor="russia", start="2022", stop="2023")
        assert [("$", "unreadable")] == _codes(error)


class TestActorsOnly:
    def test_roundtrip_of_memberships(self):
        """Memberships and their citations come back in order."""
        dossier = Dossier(
            actors=[
                Actor(id="a", kind=ActorKind.STATE, name="A"),
                Actor(id="b", kind=ActorKind.STATE, name="B"),
            ]
        )
        assert dumps(dossier) == dumps(arrow.from_arrow(arrow.to_arrow(dossier)))
