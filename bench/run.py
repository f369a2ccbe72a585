"""Benchmarks of secdialogue against msgspec, pydantic, json and DuckDB, on the same data.

Run it with ``nox -s bench`` (the built wheel plus the ``bench`` dependency
group) or ``python bench/run.py``. Options::

    --sizes 1000,10000,100000,1000000   numbers of statements of the generated dossiers
    --samples 5          fresh interpreters per figure (the median is shown)
    --repeat 5           runs per sample of the warm query timings
    --import-runs 15     fresh interpreters per import timing
    --seed 2022          the generator's seed
    --data-dir DIR       where the generated files are kept between runs
    --timeout 3600       seconds one sample may take before it counts as failed
    --json PATH          also write every number measured (and every sample) to PATH
    --quick              a smoke test: sizes 1000,10000, 3 samples, 5 import runs

A noisy machine must not fool it: every figure is the median of ``--samples``
samples, each in a fresh interpreter (``worker.py``) that reads the data file,
does its setup, then times one call with ``time.perf_counter``, the garbage
collector in its default state. Samples of the different tasks are
interleaved, so a slow minute hits all of them alike.

Measured, for each size: load (bytes to a validated, integrity-checked
Dossier, ``secdialogue.loads``) against msgspec's typed ``Decoder.decode``
and pydantic's ``model_validate_json`` of the same data modelled with each
library (``rivals.py``), and against ``json.loads`` of secdialogue's own
bytes; dump (``secdialogue.dumps`` of a loaded dossier) against msgspec's
``Encoder.encode`` and pydantic's ``model_dump_json(exclude_defaults=True)``;
the first statements query of a freshly loaded dossier (which builds its
indexes) and the process's peak resident memory. At 100,000 statements,
warm statements queries and ``Dossier.positions`` against a naive scan and
DuckDB. Finally the import time of secdialogue and of its runtime
dependencies (read from pyproject.toml). The last line printed is the
``RATIOS`` line, at 100,000 statements (or the largest size below it).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any, Final

HERE: Final = Path(__file__).resolve().parent
WORKER: Final = HERE / "worker.py"
PYPROJECT: Final = HERE.parent / "pyproject.toml"

REFERENCE: Final = 100_000
"""The size the ``RATIOS`` line and the warm queries are measured at."""
GROWTH: Final = (10_000, 1_000_000)
"""Load's cost per statement at the second size is reported relative to the first."""

# Each task, and the file it reads: secdialogue's ("ours") or the rivals' ("rival").
LOADS: Final = {
    "load": "ours",
    "load_msgspec": "rival",
    "load_pydantic": "rival",
    "load_json": "ours",
}
DUMPS: Final = {"dump": "ours", "dump_msgspec": "rival", "dump_pydantic": "rival"}
LIBRARIES: Final = {
    "": "secdialogue",
    "_msgspec": "msgspec",
    "_pydantic": "pydantic",
    "_json": "json.loads",
}


class WorkerFailedError(Exception):
    """A worker exited with an error, printed nothing usable or took too long."""


LOAD_AVERAGES: list[float] = []
"""The machine's 1-minute load average before each round of samples, to judge the noise."""

CHILD_ENV: dict[str, str] = dict(os.environ)
"""The environment of every interpreter the benchmark starts (see ``cache_bytecode``)."""


def cache_bytecode(directory: Path) -> None:
    """Let the fresh interpreters keep compiled bytecode, in ``directory``, and fill it.

    A user's installed package has its ``.pyc`` files. Without them (under
    ``PYTHONDONTWRITEBYTECODE``, or from a source tree) every fresh
    interpreter would compile secdialogue, its dependencies and the rivals
    again, and import and first-call times would measure the compiler. The
    bytecode goes to its own tree, never next to the sources.
    """
    CHILD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(directory)
    run_worker("warm_up", timeout=None)


def run_worker(*argv: str, timeout: float | None) -> dict[str, Any]:
    """Run ``worker.py`` in a fresh interpreter and return the JSON object it printed."""
    command = [sys.executable, str(WORKER), *argv]
    try:
        done = subprocess.run(  # noqa: S603 -- our own script, our own interpreter
            command, capture_output=True, text=True, timeout=timeout, check=False, env=CHILD_ENV
        )
    except subprocess.TimeoutExpired:
        msg = f"{argv[0]} took more than {timeout:,.0f} s"
        raise WorkerFailedError(msg) from None
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:]) or "no output"
        msg = f"{argv[0]} exited with status {done.returncode}: {tail}"
        raise WorkerFailedError(msg)
    result: dict[str, Any] = json.loads(lines[-1])
    return result


# -- the data files ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DataFiles:
    """The files of one generated dossier: secdialogue's, the rivals', and the picks."""

    size: int
    ours: Path
    rival: Path
    meta: Path

    def exist(self) -> bool:
        return self.ours.is_file() and self.rival.is_file() and self.meta.is_file()

    def picks(self) -> dict[str, Any]:
        about: dict[str, Any] = json.loads(self.meta.read_text())
        return about


def format_version() -> int:
    """The format version secdialogue writes, as it says in a file."""
    import secdialogue  # noqa: PLC0415 -- the harness itself needs nothing else of it

    version: int = json.loads(secdialogue.dumps(secdialogue.Dossier()))["version"]
    return version


def data_files(directory: Path, size: int, seed: int, version: int) -> DataFiles:
    """The cached files of a dossier, keyed by size, seed, format version and generator.

    The generator's key is a digest of ``data.py`` and ``rivals.py``, so that
    a change to either makes new files instead of reusing stale ones.
    """
    source = b"".join((HERE / name).read_bytes() for name in ("data.py", "rivals.py"))
    stem = f"{size}-seed{seed}-v{version}-{hashlib.sha256(source).hexdigest()[:12]}"
    return DataFiles(
        size=size,
        ours=directory / f"dossier-{stem}.json",
        rival=directory / f"rival-{stem}.json",
        meta=directory / f"meta-{stem}.json",
    )


def ensure(files: DataFiles, seed: int) -> None:
    """Generate the files unless a previous run left them, complete, on disk."""
    if files.exist():
        print(f"  {files.size:,} statements: cached in {files.ours.parent}", flush=True)
        return
    files.ours.parent.mkdir(parents=True, exist_ok=True)
    print(f"  {files.size:,} statements: generating ...", end="", flush=True)
    started = time.perf_counter()
    argv = ("generate", str(files.size), str(seed), str(files.ours), str(files.rival))
    about = run_worker(*argv, str(files.meta), timeout=None)
    peak = about["peak_rss"]
    memory = "" if peak is None else f", peak memory {peak / 2**20:,.0f} MiB"
    print(f" done in {time.perf_counter() - started:,.0f} s{memory}", flush=True)


# -- samples and figures -------------------------------------------------------------------


@dataclasses.dataclass
class Figure:
    """The samples of one task at one size, or why it failed."""

    samples: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    error: str | None = None

    def values(self, key: str) -> list[float]:
        """The samples' values of ``key``; none if the task failed or the key is unknown."""
        if self.error is not None:
            return []
        return [s[key] for s in self.samples if s.get(key) is not None]

    def median(self, key: str = "seconds") -> float | None:
        values = self.values(key)
        return float(statistics.median(values)) if values else None

    def spread(self, key: str = "seconds") -> float | None:
        """Half the range of the samples, relative to their median."""
        middle, values = self.median(key), self.values(key)
        return (max(values) - min(values)) / 2 / middle if middle else None

    def as_json(self) -> dict[str, Any]:
        keys = sorted({k for s in self.samples for k, v in s.items() if type(v) in {int, float}})
        return {
            "median": {key: self.median(key) for key in keys},
            "samples": self.samples,
            "error": self.error,
        }


def sample_all(
    tasks: dict[str, tuple[str, ...]], samples: int, timeout: float
) -> dict[str, Figure]:
    """Run ``samples`` rounds of every task, interleaved; a task that fails once stops."""
    figures = {name: Figure() for name in tasks}
    for number in range(samples):
        print(f" {number + 1}", end="", flush=True)
        if hasattr(os, "getloadavg"):
            LOAD_AVERAGES.append(os.getloadavg()[0])
        for name, argv in tasks.items():
            figure = figures[name]
            if figure.error is not None:
                continue
            try:
                figure.samples.append(run_worker(*argv, timeout=timeout))
            except WorkerFailedError as error:
                figure.error = str(error)
                print(f" ({name} failed)", end="", flush=True)
    return figures


def measure(files: DataFiles, args: argparse.Namespace, *, reference: bool) -> dict[str, Figure]:
    """Every figure of one size (with the warm queries at the reference size)."""
    path = {"ours": str(files.ours), "rival": str(files.rival)}
    tasks: dict[str, tuple[str, ...]] = {
        name: (name, path[kind]) for name, kind in (LOADS | DUMPS).items()
    }
    tasks["first_query"] = ("first_query", path["ours"], str(files.meta), "speaker")
    if reference:
        tasks["first_query_party"] = ("first_query", path["ours"], str(files.meta), "party")
        tasks["queries"] = ("queries", path["ours"], str(files.meta), str(args.repeat))
    figures = sample_all(tasks, args.samples, args.timeout)
    for name in LOADS:
        figure = figures[name]
        wrong = {s["statements"] for s in figure.samples} - {files.size}
        if wrong and figure.error is None:
            figure.error = f"read {sorted(wrong)} statements, not {files.size:,}"
    return figures


# -- import time ---------------------------------------------------------------------------


def runtime_modules() -> list[str]:
    """The modules of the runtime dependencies listed in pyproject.toml.

    A distribution's module is the one named like it (``attrs``, not the
    older ``attr`` it also installs), else all its public top-level modules.
    """
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    provided: dict[str, list[str]] = {}
    for module, distributions in importlib.metadata.packages_distributions().items():
        for distribution in distributions:
            provided.setdefault(_normalize(distribution), []).append(module)
    modules = []
    for requirement in project.get("dependencies", []):
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        if match is None:
            continue
        name = _normalize(match.group(1))
        found = sorted(m for m in provided.get(name, []) if not m.startswith("_"))
        if not found:
            msg = f"the dependency {requirement!r} of pyproject.toml is not installed"
            raise SystemExit(msg)
        own = name.replace("-", "_")
        modules.extend([own] if own in found else found)
    return modules


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def import_statements() -> dict[str, str]:
    """The code each import timing runs; ``dependencies`` is read from pyproject.toml."""
    return {
        "nothing": "pass",
        "secdialogue": "import secdialogue",
        "dependencies": f"import {', '.join(runtime_modules())}",
        "msgspec": "import msgspec",
        "pydantic": "import pydantic",
        "pydantic.BaseModel": "from pydantic import BaseModel",
    }


def bench_imports(statements: dict[str, str], runs: int) -> dict[str, Any]:
    """Median wall time of a fresh interpreter running each import, minus a bare start."""
    times: dict[str, list[float]] = {name: [] for name in statements}
    for _ in range(runs):
        for name, code in statements.items():  # interleaved, so drifts hit all alike
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=CHILD_ENV)  # noqa: S603
            times[name].append(time.perf_counter() - start)
    bare = statistics.median(times["nothing"])
    return {
        "seconds": {name: statistics.median(t) - bare for name, t in times.items()},
        "samples": times,
    }


# -- report --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import secdialogue  # noqa: PLC0415

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    names = ("secdialogue", "attrs", "cattrs", "pendulum", "msgspec", "pydantic", "duckdb")
    versions = {name: importlib.metadata.version(name) for name in names}
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "system": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "secdialogue_from": str(Path(secdialogue.__file__).parent),
    }


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "failed"
    value = seconds * 1000
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 1:
        return f"{value:.1f} ms"
    return f"{value * 1000:.1f} µs"


def _ratio(mine: float | None, theirs: float | None) -> float:
    return float("nan") if mine is None or not theirs else mine / theirs


def _per(seconds: float | None, size: int) -> str:
    return "failed" if seconds is None else f"{seconds / size * 1e6:.2f}"


def _mib(size: float | None) -> str:
    return "unknown" if size is None else f"{size / 2**20:,.0f} MiB"


def _spread(figure: Figure) -> str:
    spread = figure.spread()
    return "" if spread is None else f" ±{spread:.0%}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    aligns = ["---" if n == 0 else "---:" for n in range(len(header))]
    return [f"| {' | '.join(cells)} |" for cells in (header, aligns, *rows)]


def codec_tables(sizes: list[dict[str, Any]]) -> list[str]:
    load_rows, dump_rows, growth_rows, fresh_rows = [], [], [], []
    base = next((row for row in sizes if row["statements"] == GROWTH[0]), None)
    for row in sizes:
        size, f = row["statements"], row["figures"]
        load = {lib: f[f"load{suffix}"].median() for suffix, lib in LIBRARIES.items()}
        ours = load["secdialogue"]
        load_rows.append(
            [
                f"{size:,}",
                f"{row['bytes'] / 1e6:,.1f}",
                ms(ours) + _spread(f["load"]),
                _per(ours, size),
                ms(load["msgspec"]),
                ms(load["pydantic"]),
                ms(load["json.loads"]),
                " / ".join(f"{_ratio(ours, load[k]):.2f}" for k in list(load)[1:]),
            ]
        )
        dump = {lib: f[f"dump{suffix}"].median() for suffix, lib in list(LIBRARIES.items())[:3]}
        dump_rows.append(
            [
                f"{size:,}",
                ms(dump["secdialogue"]) + _spread(f["dump"]),
                _per(dump["secdialogue"], size),
                ms(dump["msgspec"]),
                ms(dump["pydantic"]),
                " / ".join(f"{_ratio(dump['secdialogue'], dump[k]):.2f}" for k in list(dump)[1:]),
            ]
        )
        if base is not None:
            cells = [f"{size:,}"]
            for suffix in LIBRARIES:
                here = f[f"load{suffix}"].median()
                there = base["figures"][f"load{suffix}"].median()
                growth = _ratio(here, there) * GROWTH[0] / size
                cells.append(
                    "failed" if here is None else f"{_per(here, size)} µs ({growth:.2f}x)"
                )
            growth_rows.append(cells)
        first = f["first_query"]
        fresh_rows.append(
            [
                f"{size:,}",
                ms(first.median()) + _spread(first),
                _mib(first.median("peak_rss")),
                *(_mib(f[f"load{suffix}"].median("peak_rss")) for suffix in LIBRARIES),
                _mib(first.median("peak_rss_before_load")),
            ]
        )
    lines = [
        (
            "Load: bytes to objects (secdialogue: validated and integrity-checked;"
            " json.loads: untyped dicts of the same bytes)"
        ),
        "",
        *_table(
            [
                "statements",
                "file MB",
                "secdialogue",
                "µs per statement",
                "msgspec",
                "pydantic",
                "json.loads",
                "ratio m / p / json",
            ],
            load_rows,
        ),
        "",
        "Dump: a loaded dossier to text",
        "",
        *_table(
            [
                "statements",
                "secdialogue",
                "µs per statement",
                "msgspec",
                "pydantic",
                "ratio m / p",
            ],
            dump_rows,
        ),
    ]
    if growth_rows:
        lines += [
            "",
            f"Load: µs per statement (and relative to {GROWTH[0]:,} statements)",
            "",
            *_table(["statements", *LIBRARIES.values()], growth_rows),
        ]
    return [
        *lines,
        "",
        (
            "A fresh process: read the file, load it (secdialogue: then run the first query);"
            " its peak resident memory"
        ),
        "",
        *_table(
            [
                "statements",
                "first query",
                "peak: secdialogue with the first query",
                *(f"{library} alone" for library in LIBRARIES.values()),
                "file read, nothing loaded",
            ],
            fresh_rows,
        ),
    ]


def query_table(size: int, figures: dict[str, Figure]) -> list[str]:
    queries = figures["queries"]
    q = {key: queries.median(key) for key in queries.as_json()["median"]}
    if queries.error is not None or not q:
        return [f"Queries at {size:,} statements failed: {queries.error}"]
    matches = queries.samples[0]
    rows = []
    names = {
        "speaker": "`statements.by(speaker).between(a, b)`, six months",
        "party": "`statements.by(party, include_affiliated=True).between(a, b)`, one week",
    }
    for name, label in names.items():
        rows.append(
            [
                f"{label} ({matches[f'{name}_matches']} of {size:,})",
                ms(q[f"{name}_query"]),
                ms(q[f"{name}_scan"]),
                ms(q[f"{name}_duckdb"]),
                f"{_ratio(q[f'{name}_scan'], q[f'{name}_query']):,.0f}x",
            ]
        )
    rows.append(
        [
            f"`positions(demand)` ({matches['stances_on_demand']} stances)",
            ms(q["positions"]),
            ms(q["positions_scan"]),
            ms(q["positions_duckdb"]),
            f"{_ratio(q['positions_scan'], q['positions']):,.0f}x",
        ]
    )
    firsts = (figures["first_query"], figures["first_query_party"])
    rows.append(
        [
            "first query of a fresh dossier: speaker / party / `positions()`",
            " / ".join([*(ms(f.median()) for f in firsts), ms(q["first_positions"])]),
            "",
            "",
            "",
        ]
    )
    header = [f"at {size:,} statements", "secdialogue", "naive scan", "DuckDB", "vs scan"]
    return [f"Queries at {size:,} statements, indexes warm", "", *_table(header, rows)]


def import_table(statements: dict[str, str], imports: dict[str, Any]) -> list[str]:
    seconds = imports["seconds"]
    rows = [[f"`{statements[name]}`", ms(seconds[name])] for name in list(statements)[1:]]
    ratio = _ratio(seconds["secdialogue"], seconds["dependencies"])
    rows.append(["`import secdialogue` vs its runtime dependencies", f"{ratio:.2f}x"])
    header = ["import in a fresh interpreter (minus a bare start)", "time"]
    return _table(header, rows)


def ratios(
    sizes: dict[int, dict[str, Figure]],
    reference: int,
    imports: dict[str, Any],
) -> dict[str, float]:
    f = sizes[reference]
    queries = f.get("queries", Figure())
    nan = float("nan")

    def per_statement(size: int) -> float | None:
        load = sizes[size]["load"].median() if size in sizes else None
        return None if load is None else load / size

    first_query = f["first_query"].median()
    peak = sizes[GROWTH[1]]["first_query"].median("peak_rss") if GROWTH[1] in sizes else None
    seconds = imports["seconds"]
    return {
        "load_vs_msgspec": _ratio(f["load"].median(), f["load_msgspec"].median()),
        "load_vs_pydantic": _ratio(f["load"].median(), f["load_pydantic"].median()),
        "load_vs_json_loads": _ratio(f["load"].median(), f["load_json"].median()),
        "dump_vs_msgspec": _ratio(f["dump"].median(), f["dump_msgspec"].median()),
        "dump_vs_pydantic": _ratio(f["dump"].median(), f["dump_pydantic"].median()),
        "first_query_ms": nan if first_query is None else first_query * 1000,
        "query_speedup_vs_scan": _ratio(
            queries.median("speaker_scan"), queries.median("speaker_query")
        ),
        "import_ms": seconds["secdialogue"] * 1000,
        "import_vs_deps": _ratio(seconds["secdialogue"], seconds["dependencies"]),
        "load_growth_1m_vs_10k": _ratio(per_statement(GROWTH[1]), per_statement(GROWTH[0])),
        "peak_mib_1m": nan if peak is None else peak / 2**20,
    }


def ratios_line(values: dict[str, float]) -> str:
    whole = {"query_speedup_vs_scan", "peak_mib_1m"}
    return "RATIOS " + " ".join(
        f"{k}={v:.0f}" if k in whole else f"{k}={v:.2f}" for k, v in values.items()
    )


# -- main ----------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="default 1000,10000,100000,1000000")
    parser.add_argument("--samples", type=int, default=None, help="default 5")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--import-runs", type=int, default=None, help="default 15")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument(
        "--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "secdialogue-bench"
    )
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--quick", action="store_true", help="a smoke test; options override")
    args = parser.parse_args(argv)
    quick = {"sizes": "1000,10000", "samples": 3, "import_runs": 5}
    full = {"sizes": "1000,10000,100000,1000000", "samples": 5, "import_runs": 15}
    for key, value in (quick if args.quick else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    try:
        args.sizes = sorted({int(s.strip().replace("_", "")) for s in args.sizes.split(",")})
    except ValueError:
        parser.error(f"--sizes takes whole numbers separated by commas, not {args.sizes!r}")
    counts = (*args.sizes, args.samples, args.repeat, args.import_runs, args.timeout)
    if min(counts) < 1:
        parser.error("sizes, --samples, --repeat, --import-runs and --timeout must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    sizes: list[int] = args.sizes
    reference = max([s for s in sizes if s <= REFERENCE], default=sizes[0])
    about = machine()
    started = time.perf_counter()
    print(
        f"secdialogue benchmarks: sizes {', '.join(f'{s:,}' for s in sizes)};"
        f" {args.samples} fresh interpreters per figure",
        flush=True,
    )
    import_code = import_statements()  # first, so that a missing dependency fails early
    version = format_version()
    cache_bytecode(args.data_dir / "pycache")
    files = {size: data_files(args.data_dir, size, args.seed, version) for size in sizes}
    for size in sizes:
        ensure(files[size], args.seed)
    figures: dict[int, dict[str, Figure]] = {}
    rows: list[dict[str, Any]] = []
    for size in sizes:
        print(f"  {size:,} statements, round", end="", flush=True)
        figures[size] = measure(files[size], args, reference=size == reference)
        row = {
            "statements": size,
            "bytes": files[size].ours.stat().st_size,
            "rival_bytes": files[size].rival.stat().st_size,
            "picks": files[size].picks(),
            "figures": figures[size],
        }
        rows.append(row)
        elapsed = time.perf_counter() - started
        print(f": measured ({elapsed:,.0f} s so far)", flush=True)
    imports = bench_imports(import_code, args.import_runs)
    print("  imports measured", flush=True)
    failures = [
        f"{name} at {size:,} statements: {figure.error}"
        for size, by_name in figures.items()
        for name, figure in by_name.items()
        if figure.error is not None
    ]

    print()
    print(
        f"Machine: {about['cpus']} CPUs ({about['cpu']}), {about['python']},"
        f" {about['system']}, {about['date']}"
    )
    print(f"Versions: {about['versions']}; secdialogue from {about['secdialogue_from']}")
    print(
        f"Each time is the median of {args.samples} fresh interpreters, each timing one call"
        " (± is half the range of the samples, relative to the median)."
    )
    if LOAD_AVERAGES:
        print(
            f"Machine load while measuring (1-minute load average, {about['cpus']} CPUs):"
            f" {min(LOAD_AVERAGES):.1f} to {max(LOAD_AVERAGES):.1f}"
        )
    print()
    print("\n".join(codec_tables(rows)))
    print()
    print("\n".join(query_table(reference, figures[reference])))
    print()
    print("\n".join(import_table(import_code, imports)))
    for failure in failures:
        print(f"FAILED: {failure}")
    values = ratios(figures, reference, imports)
    if args.json is not None:
        everything = {
            "machine": about,
            "settings": {
                "sizes": sizes,
                "samples": args.samples,
                "repeat": args.repeat,
                "import_runs": args.import_runs,
                "seed": args.seed,
                "data_dir": str(args.data_dir),
                "reference": reference,
            },
            "load_averages": LOAD_AVERAGES,
            "sizes": [
                row | {"figures": {k: v.as_json() for k, v in row["figures"].items()}}
                for row in rows
            ],
            "imports": imports | {"code": import_code},
            "ratios": values,
            "failures": failures,
        }
        args.json.write_text(json.dumps(everything, indent=2) + "\n")
    print()
    if reference != REFERENCE:
        print(f"(The RATIOS line is at {reference:,} statements: {REFERENCE:,} was not measured.)")
    print(ratios_line(values))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
