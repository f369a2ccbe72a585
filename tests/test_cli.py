"""Tests for the ``secdialogue`` command line."""

from __future__ import annotations

import csv
import io
import json
import os
import runpy
import subprocess
import sys
from typing import TYPE_CHECKING

import attrs
import pytest

import secdialogue
from secdialogue import When
from secdialogue._cli import main, parse_time, show_time
from secdialogue.examples import january_2022

if TYPE_CHECKING:
    from pathlib import Path


def run(capsys, *argv: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """Run the command line in-process; return the exit code, stdout and stderr."""
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dossier_file(tmp_path: Path) -> Path:
    path = tmp_path / "talks.json"
    path.write_text(secdialogue.dumps(january_2022()), encoding="utf-8")
    return path


class TestTimeline:
    def test_default_is_the_built_in_dossier_in_order(self, capsys):
        """Without FILE, the built-in timeline runs in order from 2021-09-30 to 2022-01-13."""
        code, out, err = run(capsys, "timeline")
        lines = out.splitlines()
        assert (0, "") == (code, err)
        assert lines[0].startswith("# timeline of the built-in January 2022 dossier")
        dates = [line.split()[0] for line in lines[1:]]
        assert "2021-09-30" == dates[0]
        assert "2022-01-13" == dates[-1]
        assert sorted(dates) == dates
        assert 17 == len(lines) - 1

    def test_lines_show_zone_and_part_of_day(self, capsys):
        """Each line shows the local time as known and the zone: the meal is 'evening'."""
        _, out, _ = run(capsys, "timeline")
        meal = next(line for line in out.splitlines() if "Working meal" in line)
        assert ["2022-01-09", "evening", "Europe/Zurich", "meeting"] == meal.split()[:4]

    def test_since_reads_bare_dates_in_tz_and_shows_it(self, capsys):
        """A bare --since is read in --tz, and the header says so."""
        code, out, _ = run(capsys, "timeline", "--since", "2022-01-10", "--tz", "Europe/Zurich")
        lines = out.splitlines()
        assert 0 == code
        assert "--since 2022-01-10[Europe/Zurich]; bare times read in Europe/Zurich" in lines[0]
        assert ["2022-01-10", "2022-01-12", "2022-01-13"] == [x.split()[0] for x in lines[1:]]

    def test_until_includes_its_whole_day(self, capsys):
        """--until keeps entries overlapping the whole of the time it names."""
        _, out, _ = run(capsys, "timeline", "--until", "2021-09-30[Europe/Zurich]")
        assert 1 == len(out.splitlines()) - 1

    def test_actor_includes_affiliated(self, capsys):
        """--actor russia keeps Russia's meetings and Ryabkov's statements."""
        _, out, _ = run(capsys, "timeline", "--actor", "russia")
        assert "Sergey Ryabkov" in out
        assert "Jens Stoltenberg" not in out

    def test_json_lists_typed_entries(self, capsys):
        """--json prints one object per entry with its kind, id and time fields."""
        code, out, _ = run(capsys, "timeline", "--json")
        entries = json.loads(out)
        assert 0 == code
        assert {"meeting", "statement"} == {e["kind"] for e in entries}
        first = entries[0]
        assert "ssd-geneva-2021-09-30" == first["id"]
        assert "2021-09-30[Europe/Zurich]" == first["when"]
        assert "day" == first["precision"]
        assert "2021-09-29T22:00:00Z" == first["earliest"]

    def test_reads_a_file_and_stdin(self, capsys, monkeypatch, dossier_file):
        """FILE and '-' give the same timeline as the built-in dossier."""
        _, builtin, _ = run(capsys, "timeline", "--json")
        _, from_file, _ = run(capsys, "timeline", str(dossier_file), "--json")
        data = dossier_file.read_bytes()
        _, from_stdin, _ = run(
            capsys, "timeline", "-", "--json", stdin=data, monkeypatch=monkeypatch
        )
        assert builtin == from_file == from_stdin

    def test_demands_with_a_time_appear(self, capsys, tmp_path):
        """A demand with a time is a timeline entry of its own."""
        dossier = january_2022()
        demand = dossier.demand("nato-not-to-admit-ukraine")
        dated = attrs.evolve(demand, when=When.parse("2021-12-17[Europe/Moscow]"))
        others = [d for d in dossier.demands if d.id != demand.id]
        changed = secdialogue.Dossier(
            actors=dossier.actors,
            meetings=dossier.meetings,
            demands=[*others, dated],
            statements=dossier.statements,
            sources=dossier.sources,
        )
        path = tmp_path / "d.json"
        secdialogue.dump(changed, path)
        _, out, _ = run(capsys, "timeline", str(path), "--until", "2021-12-31[UTC]")
        assert "2021-12-17             Europe/Moscow     demand    Russia demands of NATO:" in out

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--since", "yesterday"], "--since 'yesterday'"),
            (["--until", "2022-01-40"], "--until '2022-01-40'"),
            (["--tz", "Mars/Base"], "--tz:"),
            (["--since", "2022-01-12", "--until", "2022-01-10"], "ends before"),
        ],
    )
    def test_bad_times_are_usage_errors(self, capsys, argv, message):
        """A time that cannot be read exits 2 with the option named, not a traceback."""
        code, out, err = run(capsys, "timeline", *argv)
        assert (2, "") == (code, out)
        assert message in err
        assert "Traceback" not in err

    def test_statement_spoken_for_another(self, capsys, tmp_path):
        """A statement made on behalf of an actor names it after the speaker."""
        dossier = secdialogue.Dossier(
            actors=[
                secdialogue.Actor(id="russia", kind=secdialogue.ActorKind.STATE, name="Russia"),
                secdialogue.Actor(id="tass", kind=secdialogue.ActorKind.BODY, name="TASS"),
            ],
            statements=[
                secdialogue.Statement(
                    id="s",
                    speaker="tass",
                    on_behalf_of="russia",
                    when=When.parse("2022-01-10[UTC]"),
                    text="Talks begin.",
                    wording=secdialogue.Wording.PARAPHRASE,
                )
            ],
        )
        path = tmp_path / "d.json"
        secdialogue.dump(dossier, path)
        _, out, _ = run(capsys, "timeline", str(path))
        assert out.splitlines()[1].endswith("statement TASS (for Russia): Talks begin.")

    def test_unknown_actor_exits_1(self, capsys):
        """An unknown --actor is 'not found': exit 1 with a suggestion."""
        code, _, err = run(capsys, "timeline", "--actor", "rusia")
        assert 1 == code
        assert "did you mean 'russia'" in err


class TestPositions:
    def test_nato_rejects_as_of_the_8th(self, capsys):
        """As of 2022-01-08, NATO rejects the no-expansion demand."""
        code, out, _ = run(
            capsys, "positions", "no-nato-eastward-expansion", "--as-of", "2022-01-08"
        )
        lines = out.splitlines()
        assert 0 == code
        assert "# as of 2022-01-08[UTC]: rejected by nato" == lines[1]
        assert ["NATO", "rejects"] == lines[2].split()[:2]
        assert 3 == len(lines)

    def test_json_has_actor_position_and_evidence(self, capsys):
        """--json lists each actor with its position and the statements showing it."""
        _, out, _ = run(capsys, "positions", "no-nato-eastward-expansion", "--json")
        positions = {p["actor"]: p for p in json.loads(out)}
        assert {"nato", "russia"} == set(positions)
        assert "advances" == positions["russia"]["position"]
        assert ["ryabkov-2022-01-09-abrupt-end"] == positions["russia"]["evidence"]

    def test_unknown_demand_exits_1(self, capsys):
        """An unknown demand id exits 1 and says so."""
        code, out, err = run(capsys, "positions", "no-such-demand")
        assert (1, "") == (code, out)
        assert "no demand has the id 'no-such-demand'" in err


class TestQuery:
    def test_statements_of_russia_include_ryabkov(self, capsys):
        """--speaker russia --affiliated finds Ryabkov's statements; --quotes keeps quotes."""
        _, out, _ = run(capsys, "query", "statements", "--speaker", "russia", "--affiliated")
        _, quotes, _ = run(
            capsys, "query", "statements", "--speaker", "russia", "--affiliated", "--quotes"
        )
        assert 7 == len(out.splitlines())
        assert 3 == len(quotes.splitlines())
        assert all(line.startswith("ryabkov-") for line in out.splitlines())

    def test_meetings_between_dates_as_csv(self, capsys):
        """The meetings from the 10th to the 13th, as CSV, are Geneva, Brussels, Vienna."""
        code, out, _ = run(
            capsys, "query", "meetings", "--since", "2022-01-10", "--until", "2022-01-13", "--csv"
        )
        rows = list(csv.DictReader(io.StringIO(out)))
        assert 0 == code
        assert ["Geneva", "Brussels", "Vienna"] == [r["city"] for r in rows]

    def test_meeting_filters(self, capsys):
        """Involving, place, series and status filters narrow the meetings."""
        _, involving, _ = run(capsys, "query", "meetings", "--involving", "nato")
        _, nato_wide, _ = run(capsys, "query", "meetings", "--involving", "nato", "--affiliated")
        _, both, _ = run(
            capsys, "query", "meetings", "--involving", "russia", "--involving", "nato", "--all"
        )
        _, geneva, _ = run(capsys, "query", "meetings", "--city", "Geneva")
        _, swiss, _ = run(capsys, "query", "meetings", "--country", "CH")
        _, series, _ = run(
            capsys, "query", "meetings", "--series", "Strategic Stability Dialogue", "--round", "2"
        )
        _, held, _ = run(capsys, "query", "meetings", "--status", "held")
        _, russia, _ = run(capsys, "query", "meetings", "--involving", "russia", "--affiliated")
        ids = lambda text: [line.split()[0] for line in text.splitlines()]  # noqa: E731
        assert ["russia-nato-brussels-2022-01-12"] == ids(involving)
        assert ["nato-foreign-ministers-2022-01-07", "russia-nato-brussels-2022-01-12"] == ids(
            nato_wide
        )
        assert ["russia-nato-brussels-2022-01-12"] == ids(both)
        assert ["ssd-geneva-2021-09-30", "russia-us-geneva-2022-01-10"] == ids(geneva)
        assert ids(geneva) == ids(swiss)
        assert ["ssd-geneva-2021-09-30"] == ids(series)
        assert ["ssd-geneva-2021-09-30", "nato-foreign-ministers-2022-01-07"] == ids(held)
        assert "ryabkov-sherman-meal-2022-01-09" in ids(russia)

    def test_actor_filters(self, capsys):
        """Kind, affiliation and name filters narrow the actors; aliases count."""
        _, states, _ = run(capsys, "query", "actors", "--kind-of", "state")
        _, americans, _ = run(capsys, "query", "actors", "--affiliated-with", "united-states")
        _, brinken, _ = run(capsys, "query", "actors", "--name", "brinken")
        ids = lambda text: [line.split()[0] for line in text.splitlines()]  # noqa: E731
        assert ["russia", "ukraine", "united-states"] == ids(states)
        assert ["antony-blinken", "us-state-department", "wendy-sherman"] == ids(americans)
        assert ["antony-blinken"] == ids(brinken)

    def test_demand_filters(self, capsys):
        """Maker, addressee and derived-status filters narrow the demands."""
        _, to_nato, _ = run(capsys, "query", "demands", "--to", "nato")
        _, by_russia, _ = run(capsys, "query", "demands", "--by", "russia")
        _, rejected, _ = run(
            capsys, "query", "demands", "--status", "rejected", "--as-of", "2022-01-08"
        )
        _, rejected_before, _ = run(
            capsys, "query", "demands", "--status", "rejected", "--as-of", "2022-01-06"
        )
        assert 2 == len(to_nato.splitlines())
        assert 4 == len(by_russia.splitlines())
        assert 2 == len(rejected.splitlines())
        assert "" == rejected_before

    def test_statement_filters(self, capsys):
        """About, position and citing filters narrow the statements."""
        _, about, _ = run(capsys, "query", "statements", "--about", "nato-not-to-admit-ukraine")
        _, rejects, _ = run(capsys, "query", "statements", "--position", "rejects")
        _, citing, _ = run(capsys, "query", "statements", "--citing", "security-dialogue-imminent")
        assert 2 == len(about.splitlines())
        assert 2 == len(rejects.splitlines())
        assert 11 == len(citing.splitlines())

    def test_json_uses_the_file_format(self, capsys):
        """--json prints the entities as the file format writes them."""
        _, out, _ = run(capsys, "query", "actors", "--name", "ryabkov", "--json")
        (actor,) = json.loads(out)
        converter = secdialogue.make_converter()
        assert converter.unstructure(january_2022().actor("sergey-ryabkov")) == actor

    @pytest.mark.parametrize("kind", ["actors", "meetings", "demands", "statements"])
    def test_csv_has_a_row_per_result(self, capsys, kind):
        """--csv prints a header and one row per result for every kind."""
        _, text, _ = run(capsys, "query", kind)
        _, table, _ = run(capsys, "query", kind, "--csv")
        rows = list(csv.reader(io.StringIO(table)))
        assert "id" == rows[0][0]
        assert [line.split()[0] for line in text.splitlines()] == [r[0] for r in rows[1:]]

    def test_json_and_csv_exclude_each_other(self, capsys):
        """--json with --csv is a usage error."""
        code, _, err = run(capsys, "query", "actors", "--json", "--csv")
        assert 2 == code
        assert "not allowed with" in err


class TestExampleAndValidate:
    def test_example_round_trips_and_validates(self, capsys, tmp_path):
        """`example` prints canonical JSON that validates and round-trips byte for byte."""
        code, out, _ = run(capsys, "example")
        path = tmp_path / "d.json"
        path.write_text(out, encoding="utf-8")
        vcode, vout, verr = run(capsys, "validate", str(path))
        assert 0 == code
        assert out == secdialogue.dumps(secdialogue.loads(out))
        assert (0, "") == (vcode, verr)
        expected = f"{path}: valid (11 actors, 6 meetings, 4 demands, 11 statements, 1 source)\n"
        assert expected == vout

    def test_validate_reports_each_problem_with_its_path(self, capsys, tmp_path, dossier_file):
        """Invalid files exit 1 with one `FILE: $.path: message` line per problem."""
        data = json.loads(dossier_file.read_text(encoding="utf-8"))
        data["statements"][3]["speaker"] = "sergey-ryabkow"
        dangling = tmp_path / "dangling.json"
        dangling.write_text(json.dumps(data), encoding="utf-8")
        data["meetings"][0]["when"] = "2022-01-10"
        data["meetings"][1]["status"] = "done"
        malformed = tmp_path / "malformed.json"
        malformed.write_text(json.dumps(data), encoding="utf-8")
        code, out, err = run(capsys, "validate", str(dossier_file), str(dangling), str(malformed))
        lines = err.splitlines()
        assert 1 == code
        assert out.startswith(f"{dossier_file}: valid")
        assert 1 == len(out.splitlines())
        assert any(line.startswith(f"{malformed}: $.meetings[0].when: ") for line in lines)
        assert any(line.startswith(f"{malformed}: $.meetings[1].status: ") for line in lines)
        assert any(
            f"{dangling}: $.statements[3].speaker:" in line and "sergey-ryabkov" in line
            for line in lines
        )

    def test_validate_stdin_and_missing_file(self, capsys, monkeypatch, tmp_path):
        """'-' validates standard input; a missing file is a problem, not a traceback."""
        code, out, _ = run(capsys, "validate", "-", stdin=b"[]", monkeypatch=monkeypatch)
        missing, _, err = run(capsys, "validate", str(tmp_path / "nope.json"))
        assert (1, "") == (code, out)
        assert 1 == missing
        assert "nope.json" in err
        assert "Traceback" not in err

    def test_schema_is_json(self, capsys):
        """`schema` prints the JSON Schema."""
        code, out, _ = run(capsys, "schema")
        assert 0 == code
        assert secdialogue.json_schema() == json.loads(out)


class TestExport:
    def test_ics_to_stdout(self, capsys, dossier_file):
        """--to ics prints an iCalendar file."""
        code, out, _ = run(capsys, "export", str(dossier_file), "--to", "ics")
        assert 0 == code
        assert out.startswith("BEGIN:VCALENDAR\r\n")
        assert 6 == out.count("BEGIN:VEVENT")

    def test_csv_tables(self, capsys, dossier_file):
        """--to csv writes statements by default, meetings with --table meetings."""
        _, statements, _ = run(capsys, "export", str(dossier_file), "--to", "csv")
        _, meetings, _ = run(
            capsys, "export", str(dossier_file), "--to", "csv", "--table", "meetings"
        )
        assert 12 == len(list(csv.reader(io.StringIO(statements))))
        assert 7 == len(list(csv.reader(io.StringIO(meetings))))

    def test_output_is_never_overwritten_silently(self, capsys, dossier_file, tmp_path):
        """-o writes a new file; an existing one is kept unless --force."""
        out = tmp_path / "talks.ics"
        first, _, _ = run(capsys, "export", str(dossier_file), "--to", "ics", "-o", str(out))
        written = out.read_text(encoding="utf-8")
        out.write_text("mine", encoding="utf-8")
        again, _, err = run(capsys, "export", str(dossier_file), "--to", "ics", "-o", str(out))
        kept = out.read_text(encoding="utf-8")
        forced, _, _ = run(
            capsys, "export", str(dossier_file), "--to", "ics", "-o", str(out), "--force"
        )
        assert (0, 1, 0) == (first, again, forced)
        assert written.startswith("BEGIN:VCALENDAR")
        assert "mine" == kept
        assert "exists" in err
        assert out.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")

    def test_links_are_not_replaced_silently(self, capsys, dossier_file, tmp_path):
        """A symlink at -o, even a dangling one, is kept unless --force."""
        out = tmp_path / "talks.ics"
        out.symlink_to(tmp_path / "nowhere")
        code, _, err = run(capsys, "export", str(dossier_file), "--to", "ics", "-o", str(out))
        assert (1, True, False) == (code, out.is_symlink(), out.exists())
        assert "exists" in err

    def test_output_dash_is_stdout(self, capsys, dossier_file):
        """-o - writes to standard output."""
        _, out, _ = run(capsys, "export", str(dossier_file), "--to", "csv", "-o", "-")
        assert out.startswith("id,when,")

    def test_unwritable_output(self, capsys, dossier_file, tmp_path):
        """An output in a missing directory exits 1 with a plain message."""
        target = tmp_path / "no" / "such" / "dir.ics"
        code, _, err = run(capsys, "export", str(dossier_file), "--to", "ics", "-o", str(target))
        assert 1 == code
        assert "cannot write" in err


class TestUsage:
    def test_version(self, capsys):
        """--version prints the installed version."""
        code, out, _ = run(capsys, "--version")
        assert (0, f"{secdialogue.__version__}\n") == (code, out)

    def test_help_has_examples(self, capsys):
        """--help exits 0 and shows examples."""
        code, out, _ = run(capsys, "--help")
        assert 0 == code
        assert "secdialogue timeline --since 2022-01-10" in out

    @pytest.mark.parametrize(
        "argv", [[], ["nonsense"], ["timeline", "--bogus"], ["export", "x.json", "--to", "pdf"]]
    )
    def test_usage_errors_exit_2(self, capsys, argv):
        """A missing or unknown command or option exits 2."""
        code, _, err = run(capsys, *argv)
        assert 2 == code
        assert "usage:" in err

    def test_python_dash_m(self, capsys, monkeypatch):
        """`python -m secdialogue` runs the same command line."""
        monkeypatch.setattr(sys, "argv", ["secdialogue", "query", "actors", "--kind-of", "group"])
        with pytest.raises(SystemExit) as exit_:
            runpy.run_module("secdialogue", run_name="__main__")
        out, _ = capsys.readouterr()
        assert 0 == exit_.value.code
        assert out.startswith("nato-foreign-ministers")

    def test_console_script_is_installed(self):
        """The installed `secdialogue` script runs the timeline (the README's first command)."""
        script = os.path.join(os.path.dirname(sys.executable), "secdialogue")  # noqa: PTH118, PTH120
        result = subprocess.run(  # noqa: S603 -- our own installed script
            [script, "timeline"], capture_output=True, text=True, check=False
        )
        assert (0, "") == (result.returncode, result.stderr)
        assert "2022-01-13" in result.stdout.splitlines()[-1]


class TestHelpers:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2022-01-10", "2022-01-10[Asia/Tokyo]"),
            ("2022-01-10T10:00", "2022-01-10T10:00+09:00[Asia/Tokyo]"),
            ("2022-01-10 10:00:05", "2022-01-10T10:00:05+09:00[Asia/Tokyo]"),
            ("2022-01-10[Europe/Zurich]", "2022-01-10[Europe/Zurich]"),
        ],
    )
    def test_parse_time(self, text, expected):
        """Bare dates and times are read in the given zone; format strings keep theirs."""
        assert expected == str(parse_time(text, "Asia/Tokyo"))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2022[UTC]", "2022"),
            ("2022-01[UTC]", "2022-01"),
            ("2022-01-09Tnight[UTC]", "2022-01-09 night"),
            ("2022-01-10T10:00+00:00[UTC]", "2022-01-10 10:00"),
            ("2022-01-10T10:00:30+00:00[UTC]", "2022-01-10 10:00:30"),
            ("2022-01-10[UTC]/2022-01-13[UTC]", "2022-01-10 to 2022-01-13"),
        ],
    )
    def test_show_time(self, text, expected):
        """Times show as local date and time, as precise as known."""
        assert expected == show_time(When.parse(text))
