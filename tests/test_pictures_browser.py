"""The pictures in a real browser: headless Chromium renders them, and they are not blank.

Chromium comes from the system (Debian: ``apt-get install chromium``), not from
Python packages. Without it the tests skip, unless they run under CI (``CI``
set), where a missing browser is a failure: CI installs it (see .ci/run).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest

from secdialogue._export import FORMATS
from secdialogue.examples import january_2022

if TYPE_CHECKING:
    from pathlib import Path

PLACES = ("Geneva", "Brussels", "Vienna")
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser() -> str:
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but no Chromium is installed: .ci/run installs it with apt-get")
        pytest.skip("no Chromium on this machine (apt-get install chromium); CI runs these tests")
    return found


def run(browser: str, tmp_path: Path, *args: str) -> str:
    """Run headless Chromium with no network, profile or background work; its stdout."""
    command = [
        browser,
        "--headless",
        "--no-sandbox",  # as root in a container there is no user namespace for it
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    done = subprocess.run(  # noqa: S603 -- a fixed command line
        command, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of pixels of an 8-bit RGB or RGBA PNG, unfiltered."""
    assert PNG_SIGNATURE == png[:8]
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        chunks[kind] = chunks.get(kind, b"") + png[at + 8 : at + 8 + length]
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (8, True) == (depth, colour in {2, 6})
    size = 3 if colour == 2 else 4
    data = zlib.decompress(chunks[b"IDAT"])
    stride = width * size
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        line = data[y * (stride + 1) : (y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for x in range(stride):
            left = row[x - size] if x >= size else 0
            up = previous[x]
            corner = previous[x - size] if x >= size else 0
            if kind == 1:
                row[x] = (row[x] + left) & 0xFF
            elif kind == 2:
                row[x] = (row[x] + up) & 0xFF
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0), (abs(guess - up), 1), (abs(guess - corner), 2))
                row[x] = (row[x] + (left, up, corner)[near[1]]) & 0xFF
        rows.append(bytes(pixel for i, pixel in enumerate(row) if size == 3 or i % 4 != 3))
        previous = row
    return width, height, rows


class Text(HTMLParser):
    """The text of a document, as a browser's DOM holds it."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@pytest.mark.parametrize("kind", ["svg", "html"])
def test_renders_in_chromium(browser, tmp_path, kind):
    """The built-in dossier's SVG and HTML render, are not blank, and name the meetings' places."""
    page = tmp_path / f"dossier.{kind}"
    page.write_text(FORMATS[kind].write(january_2022()), encoding="utf-8")
    shot = tmp_path / "shot.png"
    run(browser, tmp_path, f"--screenshot={shot}", "--window-size=1000,900", page.as_uri())
    dom = run(browser, tmp_path, "--dump-dom", page.as_uri())
    width, height, rows = pixels(shot.read_bytes())
    colours = {row[x : x + 3] for row in rows[::4] for x in range(0, len(row), 12)}
    white = b"\xff\xff\xff"
    inked = sum(row[x : x + 3] != white for row in rows[::4] for x in range(0, len(row), 12))
    text = Text()
    text.feed(dom)
    words = " ".join(text.parts)
    assert (1000, 900) == (width, height)
    assert len(colours) > 20  # the lanes, the bars, the colours of positions, text
    assert inked > 0.02 * len(rows[::4]) * (width // 4)
    for place in PLACES:
        assert place in words
