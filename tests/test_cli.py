"""Tests for the ``secdialogue`` command line, run in-process."""

# The tests look at the command line's private parts: its parser, examples, bounds.
# pyright: reportPrivateUsage=false

from __future__ import annotations

import csv
import io
import json
import os
import re
import runpy
import shlex
import subprocess
import sys
import textwrap
import zoneinfo
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, cast

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import secdialogue
from fixtures import TWO_STATES_AND_A_DIPLOMAT, fictional, meeting
from secdialogue import When
from secdialogue._cli import _EXAMPLES, _FIRST, _LAST, _parser, main, parse_time, show_time
from secdialogue._cli_output import MIN_WIDTH, columns_of, fit, width, wrap
from secdialogue._time import utc_seconds
from secdialogue.examples import january_2022

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

ROOT = Path(__file__).parents[1]
CLI_PAGE = ROOT / "docs" / "reference" / "cli.md"


def run(
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    stdin: bytes | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    """Run the command line in-process; return the exit code, stdout and stderr."""
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def heads(text: str) -> list[str]:
    """The first word of each row of people's output (its continuation lines are indented)."""
    return [line.split()[0] for line in text.splitlines() if line and line[0] not in " #"]


def dump(tmp_path: Path, dossier: secdialogue.Dossier) -> Path:
    """``dossier`` written to a file in ``tmp_path``."""
    path = tmp_path / "d.json"
    secdialogue.dump(dossier, path)
    return path


@pytest.fixture(autouse=True)
def eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output is fitted to 80 columns here, whatever the shell running the tests exports."""
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def fiction_file(tmp_path: Path) -> Path:
    """The invented dossier of tests/fixtures.py: roles at meetings, outcomes."""
    return dump(tmp_path, fictional())


@pytest.fixture
def dossier_file(tmp_path: Path) -> Path:
    """The built-in dossier as a file."""
    path = tmp_path / "talks.json"
    path.write_text(secdialogue.dumps(january_2022()), encoding="utf-8")
    return path


class TestTimeline:
    def test_default_is_the_built_in_dossier_in_order(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without FILE, the built-in timeline: what was made or said by a date, then in order."""
        code, out, err = run(capsys, "timeline")
        dates = heads(out)
        opened, dated = dates[:8], dates[8:]
        assert (0, "") == (code, err)
        assert out.startswith("# timeline of the built-in January 2022 dossier")
        assert ["by"] * 8 == opened
        assert "2021-09-30" == dated[0]
        assert "2022-01-13" == dated[-1]
        assert sorted(dated) == dated
        assert 6 + 6 + 14 == len(dates)

    def test_rows_show_zone_and_part_of_day(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Each row shows the local time as known and its zone: the meal, placed nowhere, none."""
        _, out, _ = run(capsys, "timeline")
        lines = out.splitlines()
        meal = next(n for n, line in enumerate(lines) if "Working meal" in line)
        geneva = next(n for n, line in enumerate(lines) if "Security Affairs" in line)
        assert ["2022-01-09", "evening", "meeting"] == lines[meal - 1].split()
        assert ["2022-01-10", "Europe/Zurich", "meeting"] == lines[geneva - 1].split()

    def test_since_reads_bare_dates_in_tz_and_shows_it(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bare --since is read in --tz, and the header shows the time it read."""
        code, out, _ = run(capsys, "timeline", "--since", "2022-01-11", "--tz", "Europe/Zurich")
        assert 0 == code
        assert "(--since 2022-01-11[Europe/Zurich])" in " ".join(out.split())
        assert ["by", "by", "2022-01-12", "2022-01-13"] == heads(out)

    def test_until_leaves_its_own_time_out(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--until T keeps what begins before T starts, as between() does: open starts too."""
        _, before, _ = run(capsys, "timeline", "--until", "2021-09-30[Europe/Zurich]")
        _, through, _ = run(capsys, "timeline", "--until", "2021-10-01[Europe/Zurich]")
        assert (["by"] * 8, ["by"] * 8 + ["2021-09-30"]) == (heads(before), heads(through))

    @pytest.mark.parametrize(
        ("since", "until"),
        [
            ("2022-01-09[Europe/Zurich]", "2022-01-10[Europe/Zurich]"),
            ("2022-01-09T18:00+01:00[Europe/Zurich]", "2022-01-12[UTC]"),
            ("2022-01[UTC]", "2022-02[UTC]"),
        ],
    )
    def test_since_and_until_mean_what_between_means(
        self, capsys: pytest.CaptureFixture[str], since: str, until: str
    ) -> None:
        """--since A --until B gives the entries of timeline().between(A, B), in order."""
        _, out, _ = run(capsys, "timeline", "--since", since, "--until", until, "--json")
        expected = january_2022().timeline().between(since, until).ids()
        assert list(expected) == [entry["id"] for entry in json.loads(out)]

    def test_one_sided_periods_lose_nothing(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--since alone keeps what ends after it, --until alone what begins before it: all."""
        _, since, _ = run(capsys, "timeline", "--since", "2022-01-10", "--json")
        _, until, _ = run(capsys, "timeline", "--until", "2022-01-10", "--json")
        timeline = january_2022().timeline()
        later = [e["id"] for e in json.loads(since)]
        earlier = [e["id"] for e in json.loads(until)]
        assert list(timeline.between("2022-01-10[UTC]", _LAST).ids()) == later
        assert list(timeline.between(_FIRST, "2022-01-10[UTC]").ids()) == earlier
        assert set(timeline.ids()) == {*later, *earlier}
        both = {i for i in later if i in earlier}
        assert {"russia-us-geneva-2022-01-10", "ryabkov-2022-01-09-naive"} <= both

    def test_the_open_ends_cover_every_time(self) -> None:
        """Every When begins at or after _FIRST, and before _LAST but for its very second."""
        first = utc_seconds(_FIRST)[0]
        last = utc_seconds(_LAST)[0]
        for zone in sorted(zoneinfo.available_timezones()):
            if zone in {"Factory", "localtime", "posixrules"} or zone.startswith("SystemV/"):
                continue
            earliest = When(zone=zone, year=1000)
            latest = When(zone=zone, year=9998, month=12, day=31, hour=23, minute=59)
            assert first <= utc_seconds(earliest)[0], zone
            assert utc_seconds(latest)[0] < last, zone

    def test_actor_includes_affiliated(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--actor russia keeps Russia's meetings and Ryabkov's statements."""
        _, out, _ = run(capsys, "timeline", "--actor", "russia")
        assert "Sergey Ryabkov" in out
        assert "Jens Stoltenberg" not in out

    def test_json_rows_are_structured(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--json rows carry kind, id, time fields, actors, stances and the entity; no text."""
        code, out, _ = run(capsys, "timeline", "--json")
        entries = {e["id"]: e for e in json.loads(out)}
        first = entries["ssd-geneva-2021-09-30"]
        said = entries["stoltenberg-2022-01-07-no-say"]
        converter = secdialogue.make_converter()
        assert 0 == code
        assert {"meeting", "demand", "statement"} == {e["kind"] for e in entries.values()}
        assert {
            "kind": "meeting",
            "id": "ssd-geneva-2021-09-30",
            "when": "2021-09-30[Europe/Zurich]",
            "precision": "day",
            "zone": "Europe/Zurich",
            "earliest": "2021-09-29T22:00:00Z",
            "latest": "2021-09-30T22:00:00Z",
            "actors": {
                "participants": ["russia", "united-states"],
                "hosts": [],
                "mediators": [],
                "observers": [],
                "heads": ["sergey-ryabkov", "wendy-sherman"],
            },
            "stances": [],
            "meeting": converter.unstructure(january_2022().meeting("ssd-geneva-2021-09-30")),
        } == first
        assert {"speakers": ["jens-stoltenberg"], "on_behalf_of": []} == said["actors"]
        assert [
            {"demand": "no-nato-eastward-expansion", "position": "rejects"},
            {"demand": "nato-not-to-admit-ukraine", "position": "rejects"},
        ] == said["stances"]

    def test_times_without_zone_or_bound(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """No zone shows as none (JSON null); an open side as words, and null in JSON."""
        dossier = secdialogue.Dossier(
            actors=TWO_STATES_AND_A_DIPLOMAT,
            meetings=[
                meeting("made-before", "../2022-01-07[Europe/Moscow]"),
                meeting("somewhere", "2022-01-09"),
                meeting("from-on", "2022-03-29/.."),
            ],
        )
        path = str(dump(tmp_path, dossier))
        _, out, _ = run(capsys, "timeline", path)
        _, json_out, _ = run(capsys, "timeline", "--json", path)
        rows = [line.split() for line in out.splitlines() if line and line[0] not in " #"]
        fields = ("when", "zone", "earliest", "latest")
        found = {e["id"]: tuple(e[f] for f in fields) for e in json.loads(json_out)}
        assert [
            ["by", "2022-01-07", "Europe/Moscow", "meeting"],
            ["2022-01-09", "meeting"],
            ["from", "2022-03-29", "on", "meeting"],
        ] == rows
        assert {
            "made-before": (
                "../2022-01-07[Europe/Moscow]",
                "Europe/Moscow",
                None,
                "2022-01-07T21:00:00Z",
            ),
            "somewhere": ("2022-01-09", None, "2022-01-08T10:00:00Z", "2022-01-10T12:00:00Z"),
            "from-on": ("2022-03-29/..", None, "2022-03-28T10:00:00Z", None),
        } == found

    def test_reads_a_file_and_stdin(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        dossier_file: Path,
    ) -> None:
        """FILE and '-' give the same timeline as the built-in dossier."""
        _, builtin, _ = run(capsys, "timeline", "--json")
        _, from_file, _ = run(capsys, "timeline", str(dossier_file), "--json")
        data = dossier_file.read_bytes()
        _, from_stdin, _ = run(
            capsys, "timeline", "-", "--json", stdin=data, monkeypatch=monkeypatch
        )
        assert builtin == from_file == from_stdin

    def test_demands_with_a_time_appear(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A demand with a time is a timeline entry of its own, with its maker and addressees."""
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
        path = dump(tmp_path, changed)
        _, out, _ = run(capsys, "timeline", str(path), "--until", "2022-01[UTC]")
        _, data, _ = run(capsys, "timeline", str(path), "--until", "2022-01[UTC]", "--json")
        assert "2021-12-17 Europe/Moscow demand Russia demands of NATO: NATO" in " ".join(
            out.split()
        )
        entries = {e["id"]: e for e in json.loads(data)}
        assert {"by": ["russia"], "to": ["nato"]} == entries[demand.id]["actors"]

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--since", "yesterday"], "--since 'yesterday': not a time: write a date"),
            (["--since", "Jan 10"], "2022-01-10T10:00 (read in --tz UTC)"),
            (["--until", "2022-01-40"], "--until '2022-01-40'"),
            (["--until", "2022-01-10[Mars/Base]"], "--until '2022-01-10[Mars/Base]'"),
            (["--tz", "Mars/Base"], "--tz:"),
            (["--since", "2022-01-12", "--until", "2022-01-10"], "up to 2022-01-10[UTC] is empty"),
            (["--since", "2022-01-10", "--until", "2022-01-10"], "up to 2022-01-10[UTC] is empty"),
        ],
    )
    def test_bad_times_are_usage_errors(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
    ) -> None:
        """A time that cannot be read exits 2 with the option named, in one line."""
        code, out, err = run(capsys, "timeline", *argv)
        assert (2, "", 1) == (code, out, len(err.splitlines()))
        assert message in err

    def test_statement_spoken_for_another(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A statement made on behalf of an actor names it after the speaker."""
        path = dump(tmp_path, _tiny("Talks begin."))
        _, out, _ = run(capsys, "timeline", str(path))
        assert " ".join(out.split()).endswith("UTC statement TASS (for Russia): Talks begin.")

    def test_control_and_bidi_characters_are_escaped(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """ESC, NUL, CR and U+202E from the data show as escapes, in every command."""
        path = dump(tmp_path, _tiny("A\x1b[2Jb\x00c\rd\u202ee"))
        outputs = [
            run(capsys, *argv, str(path))[1]
            for argv in (["timeline"], ["query", "statements"], ["show", "s"])
        ]
        for out in outputs:
            assert re.search("[\x00\x1b\r\u202e]", out) is None
            assert r"A\x1b[2Jb\x00c\rd\u202ee" in out

    def test_unknown_actor_exits_1_with_the_closest(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unknown --actor is 'not found': exit 1, naming the closest actor ids."""
        code, _, err = run(capsys, "timeline", "--actor", "rusia")
        assert 1 == code
        assert "--actor: no actor has the id 'rusia'; the closest: russia\n" in err

    def test_empty_result_is_success(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Nothing in the period: exit 0, the header and no rows (as --help says)."""
        code, out, err = run(capsys, "timeline", "--since", "2023-01-01")
        assert (0, "") == (code, err)
        assert [] == heads(out)


def _tiny(text: str) -> secdialogue.Dossier:
    """Two actors and one statement, made by TASS for Russia, saying ``text``."""
    return secdialogue.Dossier(
        actors=[
            secdialogue.Actor(id="russia", kind=secdialogue.ActorKind.STATE, name="Russia"),
            secdialogue.Actor(id="tass", kind=secdialogue.ActorKind.BODY, name="TASS"),
        ],
        statements=[
            secdialogue.Statement(
                id="s",
                speakers=("tass",),
                on_behalf_of=("russia",),
                when=When.parse("2022-01-10[UTC]"),
                text=text,
                wording=secdialogue.Wording.PARAPHRASE,
            )
        ],
    )


class TestPositions:
    def test_nato_rejects_as_of_the_8th(self, capsys: pytest.CaptureFixture[str]) -> None:
        """As of 2022-01-08, NATO rejects the no-expansion demand; Russia, its maker, advances."""
        code, out, _ = run(
            capsys, "positions", "no-nato-eastward-expansion", "--as-of", "2022-01-08"
        )
        lines = out.splitlines()
        assert 0 == code
        assert "# as of 2022-01-08[UTC]: rejected by nato" == lines[2]
        assert ["NATO", "rejects", "since", "2022-01-07"] == lines[3].split()[:4]
        assert "nato-ministers-2022-01-07-no-halt-to-expansion" in out
        assert ["NATO", "Russia"] == heads(out)
        assert ["Russia", "advances", "by", "2022-01-07"] == lines[-2].split()
        assert ["made", "it"] == lines[-1].split()

    def test_json_has_the_demand_its_status_and_positions(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--json carries the demand, its status, and each actor's position and evidence."""
        _, out, _ = run(capsys, "positions", "no-nato-eastward-expansion", "--json")
        data = json.loads(out)
        positions = {p["actor"]: p for p in data["positions"]}
        converter = secdialogue.make_converter()
        demand = january_2022().demand("no-nato-eastward-expansion")
        assert converter.unstructure(demand) == data["demand"]
        assert {"state": "rejected", "rejected_by": ["nato"], "accepted_by": []} == data["status"]
        assert data["as_of"] is None
        assert "advances" == positions["russia"]["position"]
        russia = positions["russia"]
        assert ([], "../2022-01-07") == (russia["evidence"], russia["made"])

    def test_unknown_demand_exits_1_with_the_closest(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unknown demand id exits 1 and names the closest demand ids."""
        code, out, err = run(capsys, "positions", "nato-no-expansion")
        assert (1, "") == (code, out)
        assert "DEMAND_ID: no demand has the id 'nato-no-expansion'; the closest: " in err
        assert "no-nato-eastward-expansion" in err

    def test_an_id_far_from_any_says_how_to_list_them(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With no close id, the message says which command lists the ids."""
        code, _, err = run(capsys, "positions", "zzzzzzzz")
        assert 1 == code
        assert "`secdialogue query demands` lists the ids" in err


class TestQuery:
    def test_statements_of_russia_include_ryabkov(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--speaker russia --affiliated finds Ryabkov's statements; --quotes keeps quotes."""
        _, out, _ = run(capsys, "query", "statements", "--speaker", "russia", "--affiliated")
        _, quotes, _ = run(
            capsys, "query", "statements", "--speaker", "russia", "--affiliated", "--quotes"
        )
        said = heads(out)
        assert 8 == len(said)
        assert 3 == len(heads(quotes))
        assert ["russia-nato-squeezes-security-space"] == [i for i in said if "ryabkov" not in i]

    def test_meetings_between_dates_as_csv(self, capsys: pytest.CaptureFixture[str]) -> None:
        """From the 10th to the 14th, as CSV: the meal of the 9th, placed nowhere, then three."""
        code, out, _ = run(
            capsys, "query", "meetings", "--since", "2022-01-10", "--until", "2022-01-14", "--csv"
        )
        rows = list(csv.DictReader(io.StringIO(out)))
        assert 0 == code
        assert ["", "Geneva", "Brussels", "Vienna"] == [r["city"] for r in rows]
        assert "ryabkov-sherman-meal-2022-01-09" == rows[0]["id"]

    def test_statement_times_mean_what_between_means(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """query statements --since/--until gives statements.between(...).by_time()."""
        _, out, _ = run(
            capsys, "query", "statements", "--since", "2022-01-07", "--until", "2022-01-09"
        )
        query = january_2022().statements.between("2022-01-07[UTC]", "2022-01-09[UTC]")
        assert list(query.by_time().ids()) == heads(out)

    def test_meeting_filters(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Involving, place, series, status and format filters narrow the meetings."""

        def ids(*argv: str) -> list[str]:
            return heads(run(capsys, "query", "meetings", *argv)[1])

        assert ["russia-nato-brussels-2022-01-12"] == ids("--involving", "nato")
        assert ["nato-foreign-ministers-2022-01-07", "russia-nato-brussels-2022-01-12"] == ids(
            "--involving", "nato", "--affiliated"
        )
        assert ["russia-nato-brussels-2022-01-12"] == ids(
            "--involving", "russia", "--involving", "nato", "--all"
        )
        geneva = ids("--city", "Geneva")
        assert ["ssd-geneva-2021-09-30", "russia-us-geneva-2022-01-10"] == geneva
        assert geneva == ids("--country", "CH")
        assert ["ssd-geneva-2021-09-30"] == ids(
            "--series", "Strategic Stability Dialogue", "--round", "2"
        )
        assert ["ssd-geneva-2021-09-30", "nato-foreign-ministers-2022-01-07"] == ids(
            "--status", "held"
        )
        assert ["ryabkov-sherman-meal-2022-01-09"] == ids("--format", "working_meal")
        assert "ryabkov-sherman-meal-2022-01-09" in ids("--involving", "russia", "--affiliated")

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["meetings", "--status", "open"], "argument --status: invalid choice: 'open'"),
            (["demands", "--status", "held"], "argument --status: invalid choice: 'held'"),
            (["actors", "--city", "Geneva"], "unrecognized arguments: --city"),
            (["demands", "--since", "2022-01-10"], "unrecognized arguments: --since"),
            (["statements", "--status", "open"], "unrecognized arguments: --status"),
        ],
    )
    def test_filters_of_another_kind_are_usage_errors(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
    ) -> None:
        """Each kind takes only its own filters: another's exits 2 with a one-line message."""
        code, out, err = run(capsys, "query", *argv)
        (line,) = err.splitlines()
        assert (2, "") == (code, out)
        assert message in line
        assert line.startswith("secdialogue")
        assert line.endswith(" --help` shows the usage")

    def test_actor_filters(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Kind, affiliation and name filters narrow the actors; aliases count."""
        _, states, _ = run(capsys, "query", "actors", "--kind-of", "state")
        _, americans, _ = run(capsys, "query", "actors", "--affiliated-with", "united-states")
        _, brinken, _ = run(capsys, "query", "actors", "--name", "brinken")
        assert ["russia", "ukraine", "united-states"] == heads(states)
        assert ["antony-blinken", "us-state-department", "wendy-sherman"] == heads(americans)
        assert ["antony-blinken"] == heads(brinken)

    def test_demand_filters(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Maker, addressee and derived-status filters narrow the demands."""

        def ids(*argv: str) -> list[str]:
            return heads(run(capsys, "query", "demands", *argv)[1])

        assert 3 == len(ids("--to", "nato"))
        assert 5 == len(ids("--by", "russia"))
        assert ["russia-to-make-concessions"] == ids("--to", "russia")
        assert 3 == len(ids("--status", "rejected", "--as-of", "2022-01-08"))
        assert [] == ids("--status", "rejected", "--as-of", "2022-01-06")

    def test_statement_filters(self, capsys: pytest.CaptureFixture[str]) -> None:
        """About, position and citing filters narrow the statements."""

        def ids(*argv: str) -> list[str]:
            return heads(run(capsys, "query", "statements", *argv)[1])

        assert 1 == len(ids("--about", "nato-not-to-admit-ukraine"))
        assert 5 == len(ids("--position", "rejects"))
        assert 14 == len(ids("--citing", "security-dialogue-imminent"))

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["demands", "--by", "rusia"], "--by: no actor has the id 'rusia'"),
            (["demands", "--to", "natoo"], "--to: no actor has the id 'natoo'"),
            (["statements", "--about", "russia"], "--about: no demand has the id 'russia'"),
            (["statements", "--citing", "x"], "--citing: no source has the id 'x'"),
            (["meetings", "--involving", "nato-"], "the closest: nato"),
            (["actors", "--affiliated-with", "ukrain"], "the closest: ukraine"),
        ],
    )
    def test_unknown_ids_exit_1(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
    ) -> None:
        """An id that names nothing of the kind the filter takes exits 1 and says so."""
        code, out, err = run(capsys, "query", *argv)
        assert (1, "") == (code, out)
        assert message in err

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--all"], "--all narrows --involving: give --involving too"),
            (["--round", "2"], "--round narrows --series: give --series too"),
            (
                ["--since", "9998-12-31T23:59:59", "--tz", "Etc/GMT+12"],
                "nothing can match: the period",
            ),
        ],
    )
    def test_options_that_cannot_apply_are_usage_errors(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
    ) -> None:
        """An option that narrows one not given, or an empty period, exits 2: never ignored."""
        code, out, err = run(capsys, "query", "meetings", *argv)
        assert (2, "") == (code, out)
        assert f"secdialogue: {message}" in err

    def test_json_uses_the_file_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--json prints the entities as the file format writes them."""
        _, out, _ = run(capsys, "query", "actors", "--name", "ryabkov", "--json")
        (actor,) = json.loads(out)
        converter = secdialogue.make_converter()
        assert converter.unstructure(january_2022().actor("sergey-ryabkov")) == actor

    @pytest.mark.parametrize("kind", ["actors", "meetings", "demands", "statements", "outcomes"])
    def test_csv_has_a_row_per_result(
        self, capsys: pytest.CaptureFixture[str], fiction_file: Path, kind: str
    ) -> None:
        """--csv prints a header and one row per result for every kind, in the same order."""
        _, text, _ = run(capsys, "query", kind)
        _, table, _ = run(capsys, "query", kind, "--csv")
        rows = list(csv.reader(io.StringIO(table)))
        assert "id" == rows[0][0]
        assert heads(text) == [r[0] for r in rows[1:]]
        _, text, _ = run(capsys, "query", kind, str(fiction_file))
        _, table, _ = run(capsys, "query", kind, str(fiction_file), "--csv")
        rows = list(csv.reader(io.StringIO(table)))
        assert "id" == rows[0][0]
        assert heads(text) == [r[0] for r in rows[1:]]

    def test_json_and_csv_exclude_each_other(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--json with --csv is a usage error."""
        code, _, err = run(capsys, "query", "actors", "--json", "--csv")
        assert 2 == code
        assert "not allowed with" in err

    def test_empty_result_is_success(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A query that finds nothing exits 0 and prints nothing."""
        assert (0, "", "") == run(capsys, "query", "actors", "--name", "nobody")


class TestPlaces:
    def test_meetings_by_region(
        self, capsys: pytest.CaptureFixture[str], fiction_file: Path
    ) -> None:
        """--region finds a place by its region; --city finds only places with a city."""

        def ids(*argv: str) -> list[str]:
            return heads(run(capsys, "query", "meetings", str(fiction_file), *argv)[1])

        assert ["carrow-2"] == ids("--region", "Lake Province")
        assert ["carrow-1"] == ids("--city", "carrow")
        assert ["carrow-1", "carrow-2"] == ids("--country", "XD")

    def test_rows_name_the_place_at_its_finest(
        self, capsys: pytest.CaptureFixture[str], fiction_file: Path
    ) -> None:
        """A row names a place by its city, else its venue, region or country."""
        _, out, _ = run(capsys, "query", "meetings", str(fiction_file))
        _, later, _ = run(capsys, "show", "carrow-2", str(fiction_file))
        flat = " ".join(out.split())
        first = "Carrow talks, round 1: Arvenia, Belmora in Carrow"
        assert f"{first} [postponed, rescheduled as carrow-2]" in flat
        assert "in Lakeside Lodge [held]" in flat
        assert "Call: Arvenia, Dostania [held]" in flat
        venue = "country: XD; region: Lake Province; venue: Lakeside Lodge"
        assert re.search(f"^venue +{venue}$", later, flags=re.MULTILINE)


class TestMeetingRoles:
    def test_meetings_by_role(
        self, capsys: pytest.CaptureFixture[str], fiction_file: Path
    ) -> None:
        """--role narrows --involving to a role; alone, it keeps meetings with anyone in it."""

        def ids(*argv: str) -> list[str]:
            return heads(run(capsys, "query", "meetings", str(fiction_file), *argv)[1])

        everything = ["carrow-1", "carrow-2", "arvenia-dostania-call"]
        assert everything == ids("--involving", "dostania")
        assert ["carrow-1", "carrow-2"] == ids("--involving", "dostania", "--role", "host")
        assert ["arvenia-dostania-call"] == ids("--involving", "dostania", "--role", "party")
        assert everything == ids("--involving", "dostania", "--role", "party", "--role", "host")
        assert ["carrow-1", "carrow-2"] == ids("--role", "mediator")
        assert ["carrow-1", "carrow-2"] == ids(
            "--involving", "dostania", "--affiliated", "--role", "mediator"
        )

    def test_timeline_json_names_every_role(
        self, capsys: pytest.CaptureFixture[str], fiction_file: Path
    ) -> None:
        """timeline --json gives a meeting's actors in every role."""
        _, text, _ = run(capsys, "timeline", str(fiction_file), "--json")
        entries = {e["id"]: e for e in json.loads(text)}
        assert {
            "participants": ["arvenia", "belmora"],
            "hosts": ["dostania"],
            "mediators": ["dora-dost"],
            "observers": ["concord"],
            "heads": ["ada-arven", "bo-belm"],
        } == entries["carrow-2"]["actors"]

    def test_show_meeting_roles_and_successor(
        self, capsys: pytest.CaptureFixture[str], fiction_file: Path
    ) -> None:
        """show MEETING lists hosts, mediators, observers and the meeting that replaces it."""
        _, out, _ = run(capsys, "show", "carrow-1", str(fiction_file))
        _, later, _ = run(capsys, "show", "carrow-2", str(fiction_file))
        for field, value in (
            ("rescheduled_as", "carrow-2"),
            ("hosts", "dostania"),
            ("mediators", "dora-dost"),
            ("observers", "concord"),
            ("venue", "country: XD; city: Carrow; zone: UTC"),
        ):
            assert re.search(f"^{field} +{value}$", out, flags=re.MULTILINE), field
        assert re.search(r"^meeting +carrow-1 +rescheduled_as$", later, flags=re.MULTILINE)
        assert re.search(r"^outcome +corridors-in-principle +meeting$", later, flags=re.MULTILINE)


class TestOutcomes:
    def test_query_outcomes(self, capsys: pytest.CaptureFixture[str], fiction_file: Path) -> None:
        """query outcomes lists them in time order; each filter narrows them."""

        def ids(*argv: str) -> list[str]:
            return heads(run(capsys, "query", "outcomes", str(fiction_file), *argv)[1])

        _, out, _ = run(capsys, "query", "outcomes", str(fiction_file))
        flat = " ".join(out.split())
        assert ["corridors-in-principle", "river-truce"] == ids()
        assert "Agreement (ceasefire): Arvenia, Belmora: A truce along the river" in flat
        assert ["river-truce"] == ids("--involving", "dora-dost")
        assert ["river-truce"] == ids("--involving", "dostania", "--affiliated")
        assert ["corridors-in-principle"] == ids("--meeting", "carrow-2")
        assert ["river-truce"] == ids("--kind-of", "agreement")
        assert [] == ids("--stage", "other")
        assert ["river-truce"] == ids("--since", "2031-04-01")
        assert [] == ids("--meeting", "carrow-1")

    def test_outcomes_as_json_and_csv(
        self, capsys: pytest.CaptureFixture[str], fiction_file: Path
    ) -> None:
        """--json prints outcomes as the format writes them; --csv one row each."""
        _, out, _ = run(capsys, "query", "outcomes", str(fiction_file), "--json")
        _, table, _ = run(capsys, "query", "outcomes", str(fiction_file), "--csv")
        converter = secdialogue.make_converter()
        rows = list(csv.DictReader(io.StringIO(table)))
        assert [converter.unstructure(o) for o in fictional().outcomes.by_time()] == json.loads(
            out
        )
        assert "ada-arven;bo-belm;dora-dost" == rows[1]["signatories"]
        assert ("declared_result", "ceasefire", "carrow-2") == (
            rows[0]["kind"],
            rows[0]["stage"],
            rows[0]["meeting"],
        )

    def test_unknown_meeting_exits_1(
        self, capsys: pytest.CaptureFixture[str], fiction_file: Path
    ) -> None:
        """--meeting takes a meeting id: another exits 1 with the closest."""
        code, out, err = run(
            capsys, "query", "outcomes", str(fiction_file), "--meeting", "carow-2"
        )
        assert (1, "") == (code, out)
        assert "--meeting: no meeting has the id 'carow-2'; the closest: carrow-2" in err

    def test_outcome_without_a_stage(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An outcome row without a stage names its kind alone."""
        dossier = fictional()
        truce = attrs.evolve(dossier.outcome("river-truce"), stage=None)
        path = dump(tmp_path, attrs.evolve(dossier, outcomes=(truce,)))
        _, out, _ = run(capsys, "query", "outcomes", str(path))
        assert "Agreement: Arvenia, Belmora: A truce along the river" in " ".join(out.split())

    def test_timeline_has_outcomes_with_their_actors(
        self, capsys: pytest.CaptureFixture[str], fiction_file: Path
    ) -> None:
        """The timeline lists outcomes; --json gives their parties and signatories."""
        _, out, _ = run(capsys, "timeline", str(fiction_file))
        _, text, _ = run(capsys, "timeline", str(fiction_file), "--json")
        entries = {e["id"]: e for e in json.loads(text)}
        assert "Declared result (ceasefire): Arvenia, Belmora: Agreement in principle" in " ".join(
            out.split()
        )
        assert {
            "parties": ["arvenia", "belmora"],
            "signatories": ["ada-arven", "bo-belm", "dora-dost"],
        } == entries["river-truce"]["actors"]
        assert "outcome" == entries["river-truce"]["kind"]
        assert ["dostania"] == entries["carrow-2"]["actors"]["hosts"]

    def test_show_outcome(self, capsys: pytest.CaptureFixture[str], fiction_file: Path) -> None:
        """show OUTCOME prints its fields and citations; a demand lists the outcomes on it."""
        code, out, _ = run(capsys, "show", "river-truce", str(fiction_file))
        _, demand, _ = run(capsys, "show", "truce", str(fiction_file))
        assert 0 == code
        assert out.startswith("# outcome river-truce\n")
        assert re.search(r"^signatories +ada-arven, bo-belm, dora-dost$", out, re.MULTILINE)
        assert "“signed a truce”" in out
        assert re.search(r"^outcome +river-truce +demands\[0\]$", demand, re.MULTILINE)


class TestShow:
    def test_meeting_with_its_place_and_citations(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`show` of the Geneva talks prints every field, the place and the cited excerpts."""
        code, out, err = run(capsys, "show", "russia-us-geneva-2022-01-10")
        flat = " ".join(out.split())
        assert (0, "") == (code, err)
        assert out.startswith("# meeting russia-us-geneva-2022-01-10\n")
        for field in ("participants", "when", "format", "status", "heads", "venue", "topics"):
            assert re.search(f"^{field} ", out, flags=re.MULTILINE), field
        assert "venue country: CH; city: Geneva; zone: Europe/Zurich" in flat
        assert "# citations" in out
        assert "[1] security-dialogue-imminent Security Dialogue Is Imminent!" in flat
        assert "“On January 10, Russia and the United States will hold a security" in flat

    def test_what_refers_to_an_entity(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An actor lists what refers to it, with the field; a source, everything citing it."""
        _, actor, _ = run(capsys, "show", "sergey-ryabkov")
        _, source, _ = run(capsys, "show", "security-dialogue-imminent")
        assert "# referred to by" in actor
        assert re.search(
            r"^meeting +russia-us-geneva-2022-01-10 +heads\[0\]$", actor, re.MULTILINE
        )
        assert re.search(
            r"^statement +ryabkov-2022-01-09-naive +speakers\[0\]$", actor, re.MULTILINE
        )
        assert "# citations" not in source
        assert re.search(
            r"^statement +ryabkov-2022-01-09-naive +sources\[0\]\.source$", source, re.MULTILINE
        )

    def test_stances_one_a_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A statement's stances each get a line with the demand, position and note."""
        _, out, _ = run(capsys, "show", "stoltenberg-2022-01-07-no-say")
        stances = [line for line in out.splitlines() if line.startswith("stances ")]
        assert 2 == len(stances)
        assert "demand: no-nato-eastward-expansion; position: rejects;" in stances[0]

    def test_a_source_and_a_citation_in_full(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A citation shows its source's title, publisher, date and address; no excerpt, none."""
        source = secdialogue.Source(
            id="tass-1",
            title="Talks begin",
            publisher="TASS",
            url="https://tass.com/1",
            published=When.parse("2022-01-10[Europe/Moscow]"),
        )
        bare = secdialogue.Source(id="bare", title="A note")
        tiny = _tiny("Talks begin.")
        statement = attrs.evolve(
            tiny.statement("s"),
            sources=(secdialogue.Citation(source="tass-1"), secdialogue.Citation(source="bare")),
        )
        dossier = secdialogue.Dossier(
            actors=tiny.actors, statements=[statement], sources=[source, bare]
        )
        _, out, _ = run(capsys, "show", "s", str(dump(tmp_path, dossier)))
        assert [
            "[1]  tass-1  Talks begin, TASS, 2022-01-10[Europe/Moscow], https://tass.com/1",
            "[2]  bare    A note",
        ] == out.splitlines()[-2:]

    def test_wrong_id_names_the_closest(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A wrong id exits 1 with at most five close ids of any kind."""
        code, out, err = run(capsys, "show", "ryabkov-2022-01-09")
        (line,) = err.splitlines()
        close = line.split("; the closest: ")[1].split(", ")
        assert (1, "") == (code, out)
        assert 5 == len(close)
        assert "ryabkov-2022-01-09-naive" == close[0]

    def test_an_id_far_from_any(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An id close to none says how to list the ids."""
        code, _, err = run(capsys, "show", "zzzzzzzz")
        assert 1 == code
        assert "no entity has the id 'zzzzzzzz'; `secdialogue query KIND` lists the ids\n" in err

    def test_shows_from_a_file(
        self, capsys: pytest.CaptureFixture[str], dossier_file: Path
    ) -> None:
        """`show ID FILE` reads the file."""
        code, out, _ = run(capsys, "show", "nato", str(dossier_file))
        assert 0 == code
        assert "# actor nato\n" in out


class TestExampleAndValidate:
    def test_example_round_trips_and_validates(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`example` prints canonical JSON that validates and round-trips byte for byte."""
        code, out, _ = run(capsys, "example")
        path = tmp_path / "d.json"
        path.write_text(out, encoding="utf-8")
        vcode, vout, verr = run(capsys, "validate", str(path))
        assert 0 == code
        assert out == secdialogue.dumps(secdialogue.loads(out))
        assert (0, "") == (vcode, verr)
        counts = "11 actors, 6 meetings, 6 demands, 14 statements, 0 outcomes, 1 source"
        expected = f"{path}: valid ({counts})\n"
        assert expected == vout

    def test_validate_reports_each_problem_with_its_path(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, dossier_file: Path
    ) -> None:
        """Invalid files exit 1 with one `FILE: $.path: message` line per problem."""
        data = json.loads(dossier_file.read_text(encoding="utf-8"))
        data["statements"][3]["speakers"] = ["sergey-ryabkow"]
        dangling = tmp_path / "dangling.json"
        dangling.write_text(json.dumps(data), encoding="utf-8")
        data["meetings"][0]["when"] = "2022-01-10T10:00"  # a clock time needs its zone
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
            f"{dangling}: $.statements[3].speakers[0]:" in line and "sergey-ryabkov" in line
            for line in lines
        )

    def test_validate_names_a_valid_file_escaped(
        self, capsys: pytest.CaptureFixture[str], dossier_file: Path
    ) -> None:
        """A valid file whose name holds a control character: its line shows it escaped."""
        named = dossier_file.with_name("talks\x1b[2K.json")
        named.write_bytes(dossier_file.read_bytes())
        code, out, _ = run(capsys, "validate", str(named))
        assert (0, "\x1b" in out) == (code, False)
        assert "talks\\x1b[2K.json: valid (" in out

    def test_validate_stdin_and_missing_file(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """'-' validates standard input; a missing file is a problem, not a traceback."""
        code, out, _ = run(capsys, "validate", "-", stdin=b"[]", monkeypatch=monkeypatch)
        missing, _, err = run(capsys, "validate", str(tmp_path / "nope.json"))
        assert (1, "") == (code, out)
        assert 1 == missing
        assert "nope.json" in err
        assert "Traceback" not in err

    def test_schema_is_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`schema` prints the JSON Schema."""
        code, out, _ = run(capsys, "schema")
        assert 0 == code
        assert secdialogue.json_schema() == json.loads(out)


class TestExport:
    def test_pictures_of_the_built_in_dossier(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--to svg draws the timeline; --to html writes one page that holds it."""
        code, svg, _ = run(capsys, "export", "--to", "svg")
        assert (0, "<svg") == (code, svg[:4])
        code, html, _ = run(capsys, "export", "--to", "html")
        assert (0, True) == (code, "<svg" in html)
        assert html.lstrip().lower().startswith("<!doctype html>")

    def test_ics_without_icalendar(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without the optional icalendar library, one line says which extra to install."""
        monkeypatch.setitem(sys.modules, "icalendar", None)  # what a failed import leaves
        code, out, err = run(capsys, "export", "--to", "ics")
        assert (1, "") == (code, out)
        assert 1 == len(err.splitlines())
        assert "pip install 'secdialogue[ics]'" in err

    def test_ics_of_the_built_in_dossier(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without FILE, export reads the built-in dossier, like every other command."""
        code, out, _ = run(capsys, "export", "--to", "ics")
        assert 0 == code
        assert out.startswith("BEGIN:VCALENDAR\r\n")
        assert 6 == out.count("BEGIN:VEVENT")

    def test_ics_to_a_new_file_without_file(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """`secdialogue export --to ics -o talks.ics` works with no FILE."""
        monkeypatch.chdir(tmp_path)
        assert (0, "", "") == run(capsys, "export", "--to", "ics", "-o", "talks.ics")
        assert (tmp_path / "talks.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")

    @pytest.mark.parametrize(
        ("table", "rows"),
        [("statements", 15), ("meetings", 7), ("actors", 12), ("demands", 7), ("outcomes", 1)],
    )
    def test_csv_tables(
        self, capsys: pytest.CaptureFixture[str], dossier_file: Path, table: str, rows: int
    ) -> None:
        """--to csv writes the table --table names (statements by default), a header and rows."""
        argv = ["export", str(dossier_file), "--to", "csv", "--table", table]
        _, out, _ = run(capsys, *argv)
        _, default, _ = run(capsys, "export", "--to", "csv")
        assert rows == len(list(csv.reader(io.StringIO(out))))
        assert 15 == len(list(csv.reader(io.StringIO(default))))

    def test_output_is_never_overwritten_silently(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """-o writes a new file; an existing one is kept unless --force."""
        out = tmp_path / "talks.ics"
        first, _, _ = run(capsys, "export", "--to", "ics", "-o", str(out))
        written = out.read_text(encoding="utf-8")
        out.write_text("mine", encoding="utf-8")
        again, _, err = run(capsys, "export", "--to", "ics", "-o", str(out))
        kept = out.read_text(encoding="utf-8")
        forced, _, _ = run(capsys, "export", "--to", "ics", "-o", str(out), "--force")
        assert (0, 1, 0) == (first, again, forced)
        assert written.startswith("BEGIN:VCALENDAR")
        assert "mine" == kept
        assert "exists" in err
        assert out.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")

    @pytest.mark.parametrize("dangling", [True, False])
    def test_links_are_not_replaced_without_force(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, dangling: bool
    ) -> None:
        """A symlink at -o, dangling or not, is kept unless --force; its target is untouched."""
        target = tmp_path / "target.ics"
        if not dangling:
            target.write_text("theirs", encoding="utf-8")
        out = tmp_path / "talks.ics"
        out.symlink_to(target)
        code, _, err = run(capsys, "export", "--to", "ics", "-o", str(out))
        assert (1, True, not dangling) == (code, out.is_symlink(), target.exists())
        assert "exists: choose another name, or pass --force to replace it" in err
        forced, _, _ = run(capsys, "export", "--to", "ics", "-o", str(out), "--force")
        assert (0, False) == (forced, out.is_symlink())
        assert out.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")

    def test_output_dash_is_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o - writes to standard output."""
        _, out, _ = run(capsys, "export", "--to", "csv", "-o", "-")
        assert out.startswith("id,when,")

    def test_unwritable_output(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """An output in a missing directory exits 1 with a plain message."""
        target = tmp_path / "no" / "such" / "dir.ics"
        code, _, err = run(capsys, "export", "--to", "ics", "-o", str(target))
        assert 1 == code
        assert "cannot write" in err


def _leaves(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command's parser, with the words that select it."""
    subs: list[dict[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        choices: object = action.choices
        if isinstance(choices, dict):
            subs.append(cast("dict[str, argparse.ArgumentParser]", choices))
    if not subs:
        yield prefix, parser
    for choices in subs:
        for name, sub in choices.items():
            yield from _leaves(sub, (*prefix, name))


# What to give an option or argument, by its dest (else by its metavar): a value
# that is right for the built-in dossier, and one that is wrong.
_VALUES: dict[str, tuple[str, str | None]] = {
    "demand": ("no-nato-eastward-expansion", "nato-no-expansion"),
    "id": ("russia-us-geneva-2022-01-10", "geneva"),
    "about": ("nato-not-to-admit-ukraine", "ukraine"),
    "citing": ("security-dialogue-imminent", "russia"),
    "name": ("ryabkov", None),
    "city": ("Geneva", None),
    "country": ("CH", None),
    "region": ("Gomel Region", None),
    "meeting": ("russia-us-geneva-2022-01-10", "russia"),
    "series": ("Strategic Stability Dialogue", None),
    "round": ("2", "two"),
    "since": ("2022-01-09", "Jan 9"),
    "until": ("2022-01-12", "2022-01-09T25:00"),
    "as_of": ("2022-01-08", "2022-01-08[Nowhere]"),
    "tz": ("Europe/Zurich", "CET+1"),
    "output": ("-", "/"),
    "ID": ("russia", "rusia"),
    "source": ("-", None),
    "target": ("-", None),
}
"""What to give an option or argument, by its dest (else its metavar): a value right
for the built-in dossier, and one that is wrong (``None`` if every value is right)."""


_NEEDS: dict[str, list[str]] = {
    "--all": ["--involving", "russia"],
    "--round": ["--series", "Strategic Stability Dialogue"],
}
"""The options that narrow another, with that other option and a right value for it."""

_RIGHT_CHOICES: dict[str, tuple[str, ...]] = {
    "source_form": ("json",),
    "target_form": ("json", "jsonl"),
}
"""Options of which only some choices are right with the values above: ``convert - -``
reads a JSON document from standard input and cannot write Parquet to standard output."""


def _options(parser: argparse.ArgumentParser) -> list[tuple[list[str], list[str] | None]]:
    """Each option of a command: the arguments giving it a right value, and a wrong one."""
    found: list[tuple[list[str], list[str] | None]] = []
    for action in parser._actions:
        if action.dest == "help" or not action.option_strings:
            continue
        flag = action.option_strings[-1]
        if action.nargs == 0:
            found.append(([flag], None))
        elif action.choices is not None:
            right = _RIGHT_CHOICES.get(action.dest, action.choices)
            found.extend(([flag, str(choice)], [flag, "nonsense"]) for choice in right)
        else:
            good, bad = _VALUES.get(action.dest) or _VALUES[str(action.metavar)]
            found.append(([flag, good], None if bad is None else [flag, bad]))
    return [([*_NEEDS.get(good[0], []), *good], bad) for good, bad in found]


def _required(parser: argparse.ArgumentParser) -> list[str]:
    """Right values for the required arguments and options of a command."""
    values = {"files": ["-"], "file": ["-"], **{k: [v[0]] for k, v in _VALUES.items()}}
    found: list[str] = []
    for action in parser._actions:
        if action.option_strings and action.required:
            found += [action.option_strings[-1], next(iter(action.choices or ()))]
        elif not action.option_strings and action.nargs in (None, "+"):
            found += values[action.dest]
    return found


class TestUsage:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the installed version."""
        code, out, _ = run(capsys, "--version")
        assert (0, f"{secdialogue.__version__}\n") == (code, out)

    def test_help_shows_the_examples_and_exit_codes(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--help exits 0 and shows every example and what the exit codes mean."""
        code, out, _ = run(capsys, "--help")
        assert 0 == code
        assert all(f"  {example}\n" in out for example in _EXAMPLES)
        assert (
            "Exit codes: 0 success (an empty result too), 1 invalid data or an unknown id," in out
        )

    def test_every_option_has_help(self) -> None:
        """Every option and argument of every command says what it is for."""
        for words, parser in _leaves(_parser()):
            for action in parser._actions:
                assert action.help, (words, action.dest)

    @pytest.mark.parametrize(
        "argv",
        [
            [],
            ["nonsense"],
            ["timeline", "--bogus"],
            ["export", "--to", "pdf"],
            ["query"],
            ["show"],
        ],
    )
    def test_usage_errors_exit_2(
        self, capsys: pytest.CaptureFixture[str], argv: list[str]
    ) -> None:
        """A missing or unknown command, option or argument exits 2 with one line."""
        code, _, err = run(capsys, *argv)
        (line,) = err.splitlines()
        assert 2 == code
        assert re.fullmatch(r"secdialogue[a-z ]*: error: .+; `secdialogue[a-z ]* --help` .+", line)

    def test_every_option_right_or_wrong_and_every_pair(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        dossier_file: Path,
    ) -> None:
        """Each option with a right or a wrong value, and each pair, ends with an exit code.

        No combination the help allows prints a traceback: a right value exits 0; a
        wrong one exits 1 or 2, with nothing on standard output and messages of one
        line each, at most 300 characters; a pair exits 0, 1 or 2.
        """
        stdin = dossier_file.read_bytes()
        seen = 0

        def check(*argv: str) -> tuple[int, str, str]:
            nonlocal seen
            seen += 1
            return run(capsys, *argv, stdin=stdin, monkeypatch=monkeypatch)

        for words, parser in _leaves(_parser()):
            head = [*words, *_required(parser)]
            options = _options(parser)
            for good, bad in options:
                assert (0, "") == check(*head, *good)[::2], (head, good)
                if bad is not None:
                    code, out, err = check(*head, *bad)
                    assert (True, "") == (code in (1, 2), out), (head, bad)
                    assert all(len(line) <= 300 for line in err.splitlines()), (head, bad)
            for (one, _), (two, _) in combinations(options, 2):
                assert check(*head, *one, *two)[0] in (0, 1, 2), (head, one, two)
        assert seen > 500

    @pytest.mark.parametrize(
        "argv",
        [
            ["timeline", "a", "b\x1b[2J\u202e"],
            ["export", "--to", "csv", "-o", "no/such/dir\r\u202e.csv"],
            ["validate", "no\x1b[2Jsuch\u202e.json"],
            ["query", "demands", "--by", "x\x00y\u202e"],
        ],
    )
    def test_messages_escape_what_they_show(
        self, capsys: pytest.CaptureFixture[str], argv: list[str]
    ) -> None:
        """Control and bidi characters from the command line show escaped in messages too."""
        code, _, err = run(capsys, *argv)
        assert code in (1, 2)
        assert re.search("[\x00\x1b\r\u202e]", err) is None
        assert "\\u202e" in err

    def test_import_secdialogue_loads_no_command_line(self) -> None:
        """`import secdialogue` loads none of the command line's modules, argparse or textwrap."""
        code = (
            "import sys, secdialogue; "
            "print(sorted(m for m in sys.modules if m.startswith('secdialogue._cli')"
            " or m in ('argparse', 'textwrap')))"
        )
        result = subprocess.run(  # noqa: S603 -- our own interpreter
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "[]\n" == result.stdout

    def test_python_dash_m(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`python -m secdialogue` runs the same command line."""
        monkeypatch.setattr(sys, "argv", ["secdialogue", "query", "actors", "--kind-of", "group"])
        with pytest.raises(SystemExit) as exit_:
            runpy.run_module("secdialogue", run_name="__main__")
        out, _ = capsys.readouterr()
        assert 0 == exit_.value.code
        assert out.startswith("nato-foreign-ministers")


def _script() -> str:
    return os.path.join(os.path.dirname(sys.executable), "secdialogue")  # noqa: PTH118, PTH120


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell command line with the installed `secdialogue` first on PATH."""
    env = {**os.environ, "PATH": f"{os.path.dirname(_script())}{os.pathsep}{os.environ['PATH']}"}  # noqa: PTH120
    return subprocess.run(  # noqa: S603 -- our own examples
        ["/bin/sh", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def _page_commands() -> list[str]:
    """The `secdialogue` command lines of the CLI reference page, in order."""
    text = CLI_PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```(console|shell)\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    commands: list[str] = []
    for language, body in blocks:
        for line in body.splitlines():
            command = line.removeprefix("$ ") if language == "console" else line
            if command.startswith("secdialogue ") and (
                language == "shell" or line.startswith("$ ")
            ):
                commands.append(command)
    return commands


class TestExamples:
    def test_console_script_is_installed(self) -> None:
        """The installed `secdialogue` script runs the timeline (the README's first command)."""
        result = subprocess.run(  # noqa: S603 -- our own installed script
            [_script(), "timeline"], capture_output=True, text=True, check=False
        )
        assert (0, "") == (result.returncode, result.stderr)
        assert "2022-01-13" in result.stdout

    def test_every_help_example_runs(self, dossier_file: Path) -> None:
        """Each example --help shows exits 0, run in order by a shell where talks.json is."""
        tmp_path = dossier_file.parent
        for command in _EXAMPLES:
            result = _shell(command, tmp_path)
            assert (0, "") == (result.returncode, result.stderr), command
        assert (tmp_path / "talks.ics").exists()

    def test_every_page_example_runs(self, dossier_file: Path) -> None:
        """Each command line of docs/reference/cli.md exits 0, run by a shell beside talks.json."""
        tmp_path = dossier_file.parent
        commands = _page_commands()
        assert len(commands) >= 8
        for command in commands:
            result = _shell(command, tmp_path)
            assert (0, "") == (result.returncode, result.stderr), command

    def test_the_page_lists_every_command(self) -> None:
        """docs/reference/cli.md has a section for every command."""
        text = CLI_PAGE.read_text(encoding="utf-8")
        for words, _ in _leaves(_parser()):
            assert f"secdialogue {words[0]}" in text, words
        assert shlex.join(["secdialogue", "show", "ID"]) in text


class TestHelpers:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2022", "2022[Asia/Tokyo]"),
            ("2022-01", "2022-01[Asia/Tokyo]"),
            ("2022-01-10", "2022-01-10[Asia/Tokyo]"),
            ("2022-01-10T10:00", "2022-01-10T10:00+09:00[Asia/Tokyo]"),
            ("2022-01-10 10:00:05", "2022-01-10T10:00:05+09:00[Asia/Tokyo]"),
            ("2022-01-10[Europe/Zurich]", "2022-01-10[Europe/Zurich]"),
        ],
    )
    def test_parse_time(self, text: str, expected: str) -> None:
        """Bare years, months, dates and times are read in the given zone; format strings too."""
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
            ("2022-01-09", "2022-01-09"),
            ("2022-01-09Tevening", "2022-01-09 evening"),
            ("2022-01-09~", "2022-01-09~"),
            ("2022-01?[UTC]/2022-03%[UTC]", "2022-01? to 2022-03%"),
            ("../2022-01-07", "by 2022-01-07"),
            ("../2022-01-07T10:00+01:00[Europe/Zurich]", "by 2022-01-07 10:00"),
            ("2022-03-29[Europe/Kyiv]/..", "from 2022-03-29 on"),
        ],
    )
    def test_show_time(self, text: str, expected: str) -> None:
        """Times show as local date and time, as precise as known."""
        assert expected == show_time(When.parse(text))


_WORDS = st.lists(st.text(alphabet="ab-", min_size=1, max_size=12), max_size=12)


class TestWrap:
    @given(words=_WORDS, size=st.integers(1, 14), breakable=st.booleans())
    def test_wraps_as_textwrap_does(self, words: list[str], size: int, breakable: bool) -> None:
        """On words joined by single spaces, wrap() gives textwrap.wrap()'s lines, stripped."""
        text = " ".join(words)
        lines = textwrap.wrap(text, size, break_long_words=breakable, break_on_hyphens=False)
        expected = [line.rstrip() for line in lines] or [""]
        assert expected == wrap(text, size, breakable=breakable)

    @given(words=_WORDS, size=st.integers(-2, 14), breakable=st.booleans())
    def test_lines_fit_and_keep_every_character(
        self, words: list[str], size: int, breakable: bool
    ) -> None:
        """Every line fits (but an unbreakable word), none is blank, and no character is lost."""
        lines = wrap("  \u00a0".join(words), size, breakable=breakable)
        assert "".join(words) == "".join(line.replace(" ", "") for line in lines)
        for line in lines:
            assert len(line) <= max(size, 1) or (not breakable and " " not in line)
            assert line == line.strip()
        assert (lines == [""]) == (not words)

    @given(
        words=st.lists(st.text(alphabet="a\u6f22\u0301\u00e9", min_size=1), max_size=8),
        size=st.integers(2, 12),
        breakable=st.booleans(),
    )
    @example(words=["a", "\u6f22\u6f22"], size=3, breakable=True)  # one column left: too few
    def test_wide_characters_take_two_columns(
        self, words: list[str], size: int, breakable: bool
    ) -> None:
        """With wide (漢) and combining characters, lines fit in columns, not characters."""
        lines = wrap(" ".join(words), size, breakable=breakable)
        assert "".join(words) == "".join(line.replace(" ", "") for line in lines)
        for line in lines:
            assert columns_of(line) <= size or (not breakable and " " not in line)

    @pytest.mark.parametrize(
        ("text", "columns"), [("abc", 3), ("漢字", 4), ("e\u0301", 1), ("\u2019", 1), ("", 0)]
    )
    def test_columns_of(self, text: str, columns: int) -> None:
        """Wide characters take two columns, combining marks none, others one."""
        assert columns == columns_of(text)


class TestFit:
    def test_width_honours_columns_with_a_floor(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The width is COLUMNS (else the terminal's), never under MIN_WIDTH."""
        monkeypatch.setenv("COLUMNS", "100")
        wide = width()
        monkeypatch.setenv("COLUMNS", "10")
        assert (100, MIN_WIDTH) == (wide, width())

    def test_text_wraps_beside_the_fixed_cells(self) -> None:
        """The text column wraps under itself; the fixed cells are aligned, never cut."""
        text = "one two three four five six seven eight nine ten eleven twelve thirteen"
        rows = [(("a", "2022-01-10"), text), (("bbbb", "2022"), "")]
        assert [
            "a     2022-01-10  one two three four five six seven eight",
            "                  nine ten eleven twelve thirteen",
            "bbbb  2022",
        ] == list(fit(rows, 60))

    def test_rows_stack_when_the_text_has_no_room(self) -> None:
        """Wide fixed cells put each row's text on indented lines below them."""
        rows = [(("x" * 30, "y" * 20), "word " * 14)]
        assert [
            "x" * 30 + "  " + "y" * 20,
            "    " + "word " * 10 + "word",
            "    word word word",
        ] == list(fit(rows, 60))
        assert ["x" * 30, "y" * 20, "    " + "word " * 6 + "word"] == list(fit(rows, 40))[:3]

    def test_stacked_rows_keep_their_cells_aligned_if_they_fit(self) -> None:
        """Fixed cells that fit, but leave too little room for the text, stay aligned."""
        rows = [(("2022-01-09 evening", "Europe/Zurich"), "a b"), (("2022", "UTC"), "c")]
        assert [
            "2022-01-09 evening  Europe/Zurich",
            "    a b",
            "2022                UTC",
            "    c",
        ] == list(fit(rows, 50))

    def test_ids_in_the_text_are_not_broken(self) -> None:
        """With breakable=False, a word wider than the text column stacks the rows instead."""
        rows = [(("nato",), "a-long-statement-id-" * 3)]
        assert ["nato", "    " + "a-long-statement-id-" * 3] == list(
            fit(rows, 50, breakable=False)
        )
        assert all(len(line) <= 50 for line in fit(rows, 50))

    def test_wide_cells_are_aligned_by_columns(self) -> None:
        """A cell of wide characters pads to the same columns as a narrow one."""
        rows = [(("漢字", "x"), "a b"), (("abcd", "y"), "c")]
        assert ["漢字  x  a b", "abcd  y  c"] == list(fit(rows, 80))

    def test_fixed_cells_alone(self) -> None:
        """Rows without text are aligned if they fit, else each is wrapped at its spaces."""
        rows = [(("actor", "russia", "affiliation"), ""), (("meeting", "m", "heads[0]"), "")]
        assert ["actor    russia  affiliation", "meeting  m       heads[0]"] == list(fit(rows, 40))
        assert ["actor  russia", "affiliation", "meeting  m  heads[0]"] == list(fit(rows, 20))
        assert "actor    russia  affiliation" == next(iter(fit(rows, 29)))
