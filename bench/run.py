"""Benchmarks of secdialogue against msgspec, pydantic and DuckDB, on the same data.

Run it with ``nox -s bench`` (the built wheel plus the ``bench`` dependency
group) or ``python bench/run.py``. Options::

    --sizes 1000,10000,100000   numbers of statements of the generated dossiers
    --repeat 5                  repetitions of each timing (the median is shown)
    --seed 2022                 the generator's seed
    --import-runs 15            fresh interpreters started per import timing
    --json PATH                 also write every number measured to PATH

Measured, for each size: load (bytes to a validated, integrity-checked
Dossier, ``secdialogue.loads``) and dump (``secdialogue.dumps``) against
msgspec's ``Decoder.decode``/``Encoder.encode`` and pydantic's
``model_validate_json``/``model_dump_json`` on the same data modelled with
each library (see ``rivals.py``). At the largest size only: a selective
statements query and ``Dossier.positions`` against a naive scan of the same
objects and against DuckDB over the same rows; the index build; memory per
statement (tracemalloc). Finally the import time of each library in a fresh
interpreter. The last line printed is the ``RATIOS`` line, at the largest size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import data  # bench/ is not a package: its modules are found by path
import rivals

import secdialogue
from secdialogue import Dossier, Statement, When

if TYPE_CHECKING:
    from collections.abc import Callable


def timed(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``action`` over ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed_fast(action: Callable[[], object], repeat: int, *, budget: float = 0.2) -> float:
    """The median time of one run of a fast ``action``, timed in batches."""
    start = time.perf_counter()
    action()
    once = max(time.perf_counter() - start, 1e-7)
    batch = max(1, min(10_000, int(budget / once / repeat)))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(batch):
            action()
        times.append((time.perf_counter() - start) / batch)
    return statistics.median(times)


# -- load and dump -------------------------------------------------------------------------


def bench_codec(size: int, seed: int, repeat: int) -> tuple[dict[str, Any], Dossier]:
    dossier = data.generate(size, seed)
    ours = secdialogue.dumps(dossier).encode()
    theirs = rivals.rival_json(dossier)
    loaded = secdialogue.loads(ours)
    if loaded != dossier:
        msg = "the loaded dossier differs from the generated one"
        raise AssertionError(msg)
    structs = rivals.MSGSPEC_DECODER.decode(theirs)
    models = rivals.PDossier.model_validate_json(theirs)
    encode = rivals.MSGSPEC_ENCODER.encode
    result = {
        "statements": size,
        "bytes": len(ours),
        "rival_bytes": len(theirs),
        "load": timed(lambda: secdialogue.loads(ours), repeat),
        "load_msgspec": timed(lambda: rivals.MSGSPEC_DECODER.decode(theirs), repeat),
        "load_pydantic": timed(lambda: rivals.PDossier.model_validate_json(theirs), repeat),
        "dump": timed(lambda: secdialogue.dumps(loaded), repeat),
        "dump_msgspec": timed(lambda: encode(structs), repeat),
        "dump_pydantic": timed(lambda: models.model_dump_json(exclude_defaults=True), repeat),
    }
    return result, loaded


# -- queries -------------------------------------------------------------------------------


def _pick_speaker(dossier: Dossier) -> str:
    counts: dict[str, int] = {}
    for statement in dossier.statements:
        counts[statement.speaker] = counts.get(statement.speaker, 0) + 1
    return max(sorted(counts), key=counts.__getitem__)


def _seconds(when: When) -> tuple[int, int]:
    return int(when.earliest.timestamp()), int(when.latest.timestamp())


def bench_queries(dossier: Dossier, repeat: int) -> dict[str, Any]:  # noqa: C901 -- one flow
    import duckdb  # noqa: PLC0415 -- only the query benchmark needs it

    statements: tuple[Statement, ...] = tuple(dossier.statements)
    speaker = _pick_speaker(dossier)
    start, end = When.parse("2021-01-01[UTC]"), When.parse("2021-07-01[UTC]")
    lo, hi = _seconds(start)[0], _seconds(end)[0]

    started = time.perf_counter()
    expected = dossier.statements.by(speaker).between(start, end).ids()
    first_query = time.perf_counter() - started

    def query() -> tuple[str, ...]:
        return dossier.statements.by(speaker).between(start, end).ids()

    def scan() -> tuple[str, ...]:
        found = []
        for s in statements:
            if s.speaker == speaker:
                first, stop = _seconds(s.when)
                if first < hi and lo < stop:
                    found.append(s.id)
        return tuple(found)

    rows = [(s.id, s.speaker, *_seconds(s.when)) for s in statements]
    db = duckdb.connect()
    _table(db, "statements", rows, ("id", "speaker", "start", "stop"))
    sql = "SELECT id FROM statements WHERE speaker = ? AND start < ? AND stop > ? ORDER BY id"

    def duck() -> list[tuple[str]]:
        return db.execute(sql, [speaker, hi, lo]).fetchall()

    if sorted(expected) != sorted(scan()) or sorted(expected) != [r[0] for r in duck()]:
        msg = "the query, the scan and DuckDB disagree"
        raise AssertionError(msg)

    demand = _pick_demand(dossier)
    started = time.perf_counter()
    positions = dossier.positions(demand)
    first_positions = time.perf_counter() - started
    index = _top_level(dossier)

    def scan_positions() -> dict[str, tuple[object, str, str]]:
        latest: dict[str, tuple[object, str, str]] = {}
        for s in statements:
            for stance in s.stances:
                if stance.demand == demand:
                    actor = index[s.on_behalf_of or s.speaker]
                    key = (s.when, s.id)
                    known = latest.get(actor)
                    if known is None or known[0] < key:  # type: ignore[operator]
                        latest[actor] = (key, stance.position.value, s.id)
        return latest

    stance_rows = [
        (t.demand, index[s.on_behalf_of or s.speaker], *_seconds(s.when), s.id, t.position.value)
        for s in statements
        for t in s.stances
    ]
    _table(db, "stances", stance_rows, ("demand", "actor", "start", "stop", "id", "position"))
    positions_sql = (
        "SELECT actor, arg_max(position, (start, stop, id)) FROM stances"
        " WHERE demand = ? GROUP BY actor ORDER BY actor"
    )

    def duck_positions() -> list[tuple[str, str]]:
        return db.execute(positions_sql, [demand]).fetchall()

    ours = {p.actor: p.position.value for p in positions.actors}
    if ours != {a: v[1] for a, v in scan_positions().items()}:
        msg = "positions() and the scan disagree"
        raise AssertionError(msg)

    result = {
        "speaker": speaker,
        "matches": len(expected),
        "index_build_and_first_query": first_query,
        "query": timed_fast(query, repeat),
        "query_scan": timed(scan, repeat),
        "query_duckdb": timed_fast(duck, repeat),
        "demand": demand,
        "stances_on_demand": sum(1 for r in stance_rows if r[0] == demand),
        "first_positions": first_positions,
        "positions": timed_fast(lambda: dossier.positions(demand), repeat),
        "positions_scan": timed(scan_positions, repeat),
        "positions_duckdb": timed_fast(duck_positions, repeat),
    }
    db.close()
    return result


def _table(db: Any, name: str, rows: list[tuple[Any, ...]], columns: tuple[str, ...]) -> None:  # noqa: ANN401
    """Load ``rows`` into a new DuckDB table, once, outside any timing."""
    values = [list(column) for column in zip(*rows, strict=True)]
    select = ", ".join(f"unnest(${n + 1}) AS {column}" for n, column in enumerate(columns))
    db.execute(f"CREATE TABLE {name} AS SELECT {select}", values)


def _pick_demand(dossier: Dossier) -> str:
    counts: dict[str, int] = {}
    for statement in dossier.statements:
        for stance in statement.stances:
            counts[stance.demand] = counts.get(stance.demand, 0) + 1
    return max(sorted(counts), key=counts.__getitem__)


def _top_level(dossier: Dossier) -> dict[str, str]:
    parent = {a.id: a.affiliation for a in dossier.actors}
    top: dict[str, str] = {}
    for actor in parent:
        step = actor
        while parent[step] is not None:
            step = parent[step]  # type: ignore[assignment]
        top[actor] = step
    return top


# -- memory --------------------------------------------------------------------------------


def retained(decode: Callable[[], object]) -> int:
    """The bytes still allocated (tracemalloc) once ``decode``'s result is made."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    value = decode()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del value
    return after - before


def bench_memory(size: int, seed: int) -> dict[str, Any]:
    dossier = data.generate(size, seed)
    ours = secdialogue.dumps(dossier).encode()
    theirs = rivals.rival_json(dossier)
    del dossier
    return {
        "statements": size,
        "bytes_per_statement": retained(lambda: secdialogue.loads(ours)) / size,
        "bytes_per_statement_msgspec": retained(lambda: rivals.MSGSPEC_DECODER.decode(theirs))
        / size,
        "bytes_per_statement_pydantic": retained(
            lambda: rivals.PDossier.model_validate_json(theirs)
        )
        / size,
    }


# -- import time ---------------------------------------------------------------------------

IMPORTS = {
    "nothing": "pass",
    "secdialogue": "import secdialogue",
    "attrs+cattrs+pendulum": "import attrs, cattrs, pendulum",
    "msgspec": "import msgspec",
    "pydantic": "import pydantic",
    "pydantic.BaseModel": "from pydantic import BaseModel",
}


def bench_imports(runs: int) -> dict[str, float]:
    """Median wall time of a fresh interpreter running each import, minus a bare start."""
    times: dict[str, list[float]] = {name: [] for name in IMPORTS}
    for _ in range(runs):
        for name, code in IMPORTS.items():  # interleaved, so drifts hit all alike
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603
            times[name].append(time.perf_counter() - start)
    bare = statistics.median(times.pop("nothing"))
    return {name: statistics.median(t) - bare for name, t in times.items()}


# -- report --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {
        name: importlib.metadata.version(name)
        for name in ("secdialogue", "attrs", "cattrs", "pendulum", "msgspec", "pydantic", "duckdb")
    }
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "system": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


def ms(seconds: float) -> str:
    value = seconds * 1000
    if value >= 100:
        return f"{value:.0f} ms"
    if value >= 1:
        return f"{value:.1f} ms"
    return f"{value * 1000:.1f} µs"


def _codec_row(row: dict[str, Any]) -> str:
    load, dump = row["load"], row["dump"]
    cells = [
        f"{row['statements']:,}",
        f"{row['bytes'] / 1e6:.1f}",
        ms(load),
        ms(row["load_msgspec"]),
        ms(row["load_pydantic"]),
        f"{load / row['load_msgspec']:.2f} / {load / row['load_pydantic']:.2f}",
        ms(dump),
        ms(row["dump_msgspec"]),
        ms(row["dump_pydantic"]),
        f"{dump / row['dump_msgspec']:.2f} / {dump / row['dump_pydantic']:.2f}",
    ]
    return "| " + " | ".join(cells) + " |"


def report(
    about: dict[str, str],
    codec: list[dict[str, Any]],
    query: dict[str, Any],
    memory: dict[str, Any],
    imports: dict[str, float],
) -> str:
    size = codec[-1]["statements"]
    q = query
    per = {k: f"{memory[k]:,.0f}" for k in memory if k.startswith("bytes_per_statement")}
    lines = [
        (
            f"Machine: {about['cpus']} CPUs ({about['cpu']}), {about['python']},"
            f" {about['system']}, {about['date']}"
        ),
        f"Versions: {about['versions']}",
        "",
        (
            "| statements | JSON MB | load | msgspec | pydantic | load ratio m / p"
            " | dump | msgspec | pydantic | dump ratio m / p |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(_codec_row(row) for row in codec),
        "",
        f"| at {size:,} statements | secdialogue | naive scan | DuckDB | speed-up vs scan |",
        "|---|---:|---:|---:|---:|",
        (
            f"| `statements.by(speaker).between(a, b)` ({q['matches']} of {size:,})"
            f" | {ms(q['query'])} | {ms(q['query_scan'])} | {ms(q['query_duckdb'])}"
            f" | {q['query_scan'] / q['query']:,.0f}x |"
        ),
        (
            f"| `positions(demand)` ({q['stances_on_demand']} stances)"
            f" | {ms(q['positions'])} | {ms(q['positions_scan'])} | {ms(q['positions_duckdb'])}"
            f" | {q['positions_scan'] / q['positions']:,.0f}x |"
        ),
        (
            "| index build with the first query / first `positions()`"
            f" | {ms(q['index_build_and_first_query'])} / {ms(q['first_positions'])} | | | |"
        ),
        "",
        f"| memory at {memory['statements']:,} statements | secdialogue | msgspec | pydantic |",
        "|---|---:|---:|---:|",
        (
            f"| bytes per statement (whole dossier / statements) | {per['bytes_per_statement']}"
            f" | {per['bytes_per_statement_msgspec']} | {per['bytes_per_statement_pydantic']} |"
        ),
        "",
        "| import in a fresh interpreter (minus a bare start) | time |",
        "|---|---:|",
        *(f"| `{IMPORTS[name]}` | {ms(value)} |" for name, value in imports.items()),
    ]
    return "\n".join(lines)


def ratios(
    codec: dict[str, Any], query: dict[str, Any], memory: dict[str, Any], imp: float
) -> str:
    values = {
        "load_vs_msgspec": codec["load"] / codec["load_msgspec"],
        "load_vs_pydantic": codec["load"] / codec["load_pydantic"],
        "dump_vs_msgspec": codec["dump"] / codec["dump_msgspec"],
        "dump_vs_pydantic": codec["dump"] / codec["dump_pydantic"],
        "query_speedup_vs_scan": query["query_scan"] / query["query"],
        "import_ms": imp * 1000,
        "bytes_per_statement_vs_msgspec": memory["bytes_per_statement"]
        / memory["bytes_per_statement_msgspec"],
    }
    return "RATIOS " + " ".join(
        f"{k}={v:.0f}" if k == "query_speedup_vs_scan" else f"{k}={v:.2f}"
        for k, v in values.items()
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--import-runs", type=int, default=15)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    if not sizes or sizes[0] < 1 or args.repeat < 1 or args.import_runs < 1:
        parser.error("sizes, --repeat and --import-runs must be positive")

    about = machine()
    print(f"secdialogue benchmarks: sizes {sizes}, {args.repeat} repetitions", flush=True)
    codec = []
    loaded = Dossier()
    for size in sizes:
        row, loaded = bench_codec(size, args.seed, args.repeat)
        codec.append(row)
        print(f"  load/dump at {size:,} statements done", flush=True)
    query = bench_queries(loaded, args.repeat)
    print("  queries done", flush=True)
    del loaded
    memory = bench_memory(sizes[-1], args.seed)
    print("  memory done", flush=True)
    imports = bench_imports(args.import_runs)
    print("  imports done", flush=True)
    print()
    print(report(about, codec, query, memory, imports))
    if args.json is not None:
        everything = {
            "machine": about,
            "codec": codec,
            "query": query,
            "memory": memory,
            "imports": imports,
        }
        args.json.write_text(json.dumps(everything, indent=2) + "\n")
    print()
    print(ratios(codec[-1], query, memory, imports["secdialogue"]))


if __name__ == "__main__":
    main()
