"""Fuzz secdialogue.loads for a fixed time: nothing but LoadError may escape.

Run as ``python tests/fuzz_loads.py --seconds 60 [--seed 1]``. Inputs are
mutations of valid files: byte flips, insertions, deletions, truncations,
splices, and JSON-aware edits that swap a value for another of any type. An
input that loads must dump back to a file that loads to an equal value.
Exits 1 and prints a reproducer on the first unexpected exception.
"""

from __future__ import annotations

# ruff: noqa: T201, S311 -- a command-line script that prints; randomness is not for security
import argparse
import contextlib
import copy
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import secdialogue
from fixtures import small_dossier
from secdialogue import (
    Actor,
    Citation,
    Demand,
    Dossier,
    LoadError,
    Meeting,
    Place,
    Source,
    Stance,
    Statement,
    When,
)

TYPES: list[type[Any]] = [
    Dossier,
    Dossier,
    Dossier,
    Actor,
    Meeting,
    Demand,
    Statement,
    Source,
    Place,
    Citation,
    Stance,
    When,
]

ATOMS: list[object] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2**70,
    1.5,
    "",
    " ",
    "x",
    "now",
    "P1D",
    "2022-01-09[Europe/Moscow]",
    "2022-01-10T10:00+01:00[Europe/Zurich]",
    "2022-10-30T02:30+01:00[Europe/Zurich]",
    "2022-01-09[Europe/Moscow]/2022-01-10[Europe/Moscow]",
    "2022-01-09Tnight[Pacific/Apia]",
    "9998-12-31[UTC]",
    "\ud800",
    "russia",
    "usa",
    "tass",
    "geneva-ssd",
    "no-expansion",
    "state",
    "person",
    "held",
    "quote",
    "rejects",
    [],
    {},
]

TOKENS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b'"',
    b"\\",
    b"NaN",
    b"1e999",
    b"\\ud800",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\x00",
    b"9" * 30,
]


def seeds() -> list[bytes]:
    """Valid files to mutate: a full dossier, an empty one, single values."""
    dossier = small_dossier()
    values: list[Any] = [
        dossier,
        Dossier(),
        dossier.meeting("geneva-ssd"),
        dossier.statement("ryabkov-no-trust"),
    ]
    return [secdialogue.dumps(v).encode() for v in values]


def random_value(rng: random.Random, depth: int = 0) -> object:
    """A random JSON value, mostly atoms, sometimes small containers."""
    roll = rng.random()
    if depth > 3 or roll < 0.7:
        return copy.deepcopy(rng.choice(ATOMS))
    if roll < 0.85:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    return {rng.choice(["id", "when", "x", "kind", "format"]): random_value(rng, depth + 1)}


def json_edit(rng: random.Random, data: bytes) -> bytes:
    """Parse, swap one value somewhere (or drop or add a key), write back."""
    value: Any = json.loads(data)
    target = value
    for _ in range(rng.randrange(5)):
        if isinstance(target, dict) and target:
            target = target[rng.choice(list(target))]
        elif isinstance(target, list) and target:
            target = rng.choice(target)
    if isinstance(target, dict) and target:
        key = rng.choice(list(target))
        action = rng.randrange(3)
        if action == 0:
            del target[key]
        elif action == 1:
            target[key] = random_value(rng)
        else:
            target[rng.choice([key + "x", "extra", "_actors"])] = random_value(rng)
    elif isinstance(target, list):
        target.insert(rng.randrange(len(target) + 1), random_value(rng))
    else:
        value = random_value(rng)
    return json.dumps(value, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2])).encode(
        "utf-8", "surrogatepass"
    )


def byte_edit(rng: random.Random, data: bytes) -> bytes:
    """Flip, insert, delete, truncate or splice bytes."""
    buf = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        position = rng.randrange(len(buf) + 1)
        action = rng.randrange(5)
        if action == 0 and buf:
            buf[min(position, len(buf) - 1)] = rng.randrange(256)
        elif action == 1:
            buf[position:position] = rng.choice(TOKENS)
        elif action == 2:
            del buf[position : position + rng.randrange(1, 20)]
        elif action == 3:
            del buf[position:]
        else:
            buf[position:position] = buf[rng.randrange(len(buf) + 1) :][: rng.randrange(50)]
    return bytes(buf)


def deep(rng: random.Random) -> bytes:
    """Deeply nested arrays or objects, closed or not."""
    n = rng.choice([10, 1000, 5000, 50_000])
    opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}")])
    return opener * n + (closer * n if rng.random() < 0.5 else b"")


def check(data: bytes, kind: type[Any], as_text: bool) -> None:
    """Load; on success the value must round-trip."""
    payload: str | bytes = data
    if as_text:
        with contextlib.suppress(UnicodeDecodeError):  # not text at all: give the bytes
            payload = data.decode("utf-8", "surrogatepass")
    try:
        value = secdialogue.loads(payload, kind)
    except LoadError:
        return
    text = secdialogue.dumps(value)
    if (
        secdialogue.loads(text, kind) != value
        or secdialogue.dumps(secdialogue.loads(text, kind)) != text
    ):
        msg = "a loaded value did not round-trip"
        raise AssertionError(msg)


def main() -> int:
    """Run the fuzzer; 0 if nothing unexpected happened."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    corpus = seeds()
    deadline = time.monotonic() + args.seconds
    runs = 0
    while time.monotonic() < deadline:
        base = rng.choice(corpus)
        roll = rng.random()
        if roll < 0.45:
            data = json_edit(rng, base)
        elif roll < 0.95:
            data = byte_edit(rng, base)
        else:
            data = deep(rng)
        kind = rng.choice(TYPES)
        as_text = rng.random() < 0.5
        try:
            check(data, kind, as_text)
        except Exception as error:  # noqa: BLE001 -- reporting is the point
            print(f"UNEXPECTED {type(error).__name__}: {error}")
            print(f"seed={seed} type={kind.__name__} as_text={as_text}")
            print(f"input={data[:2000]!r}")
            return 1
        runs += 1
        if len(corpus) < 200 and rng.random() < 0.01:
            try:
                json.loads(data)
                corpus.append(data)
            except (ValueError, RecursionError):
                pass
    print(
        f"fuzz_loads: {runs} inputs in {args.seconds:.0f} s, seed {seed}, 0 unexpected exceptions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
