"""The command line on a real terminal: a pseudo-terminal 80 columns wide, and progress.

These tests run the installed ``secdialogue`` in a child process whose standard
output and error are a pseudo-terminal (``os.openpty``) sized with
``TIOCSWINSZ``, with ``COLUMNS`` and ``LINES`` removed from its environment, so
the width comes from the terminal itself.
"""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
import time
import unicodedata
from pathlib import Path

import attrs
import pytest

import secdialogue
from secdialogue import _cli_output
from secdialogue._cli import main
from secdialogue.examples import january_2022

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

SCRIPT = Path(sys.executable).parent / "secdialogue"


def _columns(line: str) -> int:
    """The columns a line takes on a terminal: wide East Asian characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def on_terminal(*argv: str, columns: int = 80) -> tuple[int, list[str]]:
    """Run ``secdialogue ARGV`` on a new pseudo-terminal; its exit code and output lines."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES"}}
    with subprocess.Popen(  # noqa: S603 -- our own installed script
        [str(SCRIPT), *argv], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env
    ) as child:
        os.close(follower)
        chunks: list[bytes] = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = child.wait()
    os.close(leader)
    text = b"".join(chunks).decode("utf-8")
    return code, text.replace("\r\n", "\n").split("\n")


def _commands() -> list[list[str]]:
    """The commands whose every output line must fit: --help of each, and each view."""
    helps = [
        [*words, "--help"]
        for words in (
            [],
            ["timeline"],
            ["positions"],
            ["query"],
            ["query", "actors"],
            ["query", "meetings"],
            ["query", "demands"],
            ["query", "statements"],
            ["query", "outcomes"],
            ["show"],
            ["example"],
            ["schema"],
            ["validate"],
            ["export"],
        )
    ]
    dossier = january_2022()
    shows = [
        ["show", entity.id]
        for kind in ("meetings", "demands", "statements", "sources")
        for entity in getattr(dossier, kind)
    ]
    shows += [["show", actor.id] for actor in dossier.actors]
    views = [
        ["timeline"],
        ["timeline", "--since", "2022-01-10", "--tz", "Europe/Zurich"],
        *(["positions", demand.id] for demand in dossier.demands),
        ["query", "actors"],
        ["query", "meetings"],
        ["query", "demands"],
        ["query", "statements"],
    ]
    return [*helps, *views, *shows]


class TestEightyColumns:
    def test_no_line_is_wider_than_the_terminal(self) -> None:
        """On an 80-column terminal no line of help, views or `show` is wider than 80."""
        commands = _commands()
        too_wide: list[tuple[list[str], str]] = []
        for argv in commands:
            code, lines = on_terminal(*argv)
            assert 0 == code, (argv, lines)
            assert len(lines) > 1, argv
            too_wide += [(argv, line) for line in lines if _columns(line) > 80]
        assert [] == too_wide
        assert len(commands) > 40

    def test_the_width_is_the_terminals(self) -> None:
        """The same timeline on a 120-column terminal has lines over 80 columns."""
        _, narrow = on_terminal("timeline")
        _, wide = on_terminal("timeline", columns=120)
        assert max(_columns(line) for line in narrow) <= 80 < max(_columns(line) for line in wide)
        assert len(wide) < len(narrow)

    def test_wide_characters_fit_too(self, tmp_path: Path) -> None:
        """Text in Chinese (two columns a character) and with escapes fits in 80 columns."""
        dossier = january_2022()
        said = "\u4fc4\u7f85\u65af\u8868\u793a" * 30 + " \x1b[2J\u202e " + " ".join(["word"] * 30)
        statements = [attrs.evolve(s, text=said) for s in dossier.statements]
        changed = secdialogue.Dossier(
            actors=dossier.actors,
            meetings=dossier.meetings,
            demands=dossier.demands,
            statements=statements,
            sources=dossier.sources,
        )
        path = tmp_path / "wide.json"
        secdialogue.dump(changed, path)
        first = dossier.statements.ids()[0]
        for argv in (["timeline"], ["query", "statements"], ["show", first]):
            code, lines = on_terminal(*argv, str(path))
            assert 0 == code
            assert [] == [line for line in lines if _columns(line) > 80], argv
            assert any("\u4fc4" in line for line in lines), argv

    def test_the_meeting_in_geneva(self) -> None:
        """`show russia-us-geneva-2022-01-10` prints the meeting with its place and citations."""
        code, lines = on_terminal("show", "russia-us-geneva-2022-01-10")
        text = " ".join(" ".join(lines).split())
        assert 0 == code
        assert "venue country: CH; city: Geneva; zone: Europe/Zurich" in text
        assert "# citations [1] security-dialogue-imminent" in text


def _slow_stdin(data: bytes, delay: float) -> int:
    """A pipe whose other end writes ``data`` after ``delay`` seconds, then closes."""
    reader, writer = os.pipe()

    def feed() -> None:
        time.sleep(delay)
        os.write(writer, data)
        os.close(writer)

    threading.Thread(target=feed, daemon=True).start()
    return reader


class TestProgress:
    @pytest.mark.parametrize("terminal", [True, False])
    def test_shown_on_a_terminal_only(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path,
        terminal: bool,
    ) -> None:
        """Reading slow input shows progress on a terminal's stderr, and nothing when piped."""
        data = secdialogue.dumps(january_2022()).encode()
        leader, follower = os.openpty()
        stream = tmp_path / "stderr.txt"
        with (
            os.fdopen(follower, "w", encoding="utf-8")
            if terminal
            else stream.open("w", encoding="utf-8") as err,
            os.fdopen(_slow_stdin(data, 0.6), "rb") as raw,
        ):
            monkeypatch.setattr(_cli_output, "PROGRESS_AFTER", 0.1)
            monkeypatch.setattr(sys, "stderr", err)
            monkeypatch.setattr(sys, "stdin", _Stdin(raw))
            code = main(["validate", "-"])
        shown = _drain(leader) if terminal else stream.read_text(encoding="utf-8")
        os.close(leader)
        out, _ = capsys.readouterr()
        assert (0, "<stdin>: valid") == (code, out.split(" (")[0])
        if terminal:
            assert shown.startswith("\rsecdialogue: reading <stdin>\u2026 0 s")
            assert shown.endswith("\r")
            assert "" == shown.split("\r")[-2].strip()
        else:
            assert "" == shown


class _Stdin:
    """Standard input as the command line reads it: ``.buffer`` is the byte stream."""

    def __init__(self, raw: object) -> None:
        self.buffer = raw


def _drain(fd: int) -> str:
    """What is waiting to be read from a pseudo-terminal's leader side."""
    os.set_blocking(fd, False)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # nothing more (EAGAIN), or the other side is closed (EIO)
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8")
