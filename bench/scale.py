"""Scale figures: JSON Lines to Parquet in bounded memory, and DuckDB on millions of statements.

Run by ``nox -s scale`` (it needs pyarrow and DuckDB), or by hand:

    python bench/scale.py [--convert 1000000] [--questions 10000000] [--data-dir DIR]

The files are kept in ``--data-dir`` (by default ``secdialogue-scale`` in the
temporary directory): 10,000,000 statements take 6.5 GB as JSON Lines and
about 18 minutes to make.

For each size it makes the synthetic dossier of ``bench/data.py`` as a JSON
Lines file, streaming (kept in ``--data-dir`` between runs), then:

* ``--convert N``: runs ``secdialogue convert N.jsonl N.parquet`` in a fresh
  process and reports its time and peak resident memory, and the sizes of
  the files it wrote;
* ``--questions N``: converts N statements the same way, then asks DuckDB
  each canonical question over the Parquet directory, each in a fresh
  process, and reports its time and peak memory.

Peak memory is the child's ``ru_maxrss`` as ``os.wait4`` reports it: the
most it held at once, the interpreter and its libraries included.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

HERE: Final = Path(__file__).resolve().parent

_ASK: Final = """
import json, sys, time
from secdialogue import arrow
folder, question, arguments = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
start = time.perf_counter()
rows = arrow.ask(folder, question, **arguments)
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(rows)}))
"""
"""A fresh interpreter asks one question: the time of ``ask`` alone, and how many rows."""


def _run(argv: list[str], out: Path) -> tuple[float, int]:
    """Run ``argv`` in a fresh process, its output to ``out``: its wall time and peak memory.

    The child is reaped with ``os.wait4``, which gives its own resource
    usage: its peak resident size, not that of any other child.
    """
    start = time.perf_counter()
    with out.open("wb") as sink:
        process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if process.returncode:
        sys.stderr.write(out.read_text(errors="replace")[-4000:])
        msg = f"{' '.join(argv[:5])} ... failed with exit code {process.returncode}"
        raise SystemExit(msg)
    return elapsed, usage.ru_maxrss * 1024


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _questions(folder: Path) -> list[tuple[str, dict[str, str]]]:
    """Each question with its arguments on the synthetic data.

    The busiest state with its members over one week, that state's meetings,
    and the positions on, and status of, the demand with the most stances, at
    the end of the data's years.
    """
    import duckdb  # noqa: PLC0415 -- the bench's own dependency

    stances = str(folder / "statement_stances.parquet")
    with duckdb.connect() as db:
        row = db.execute(
            "SELECT demand FROM read_parquet(?) GROUP BY demand ORDER BY count(*) DESC, demand"
            " LIMIT 1",
            [stances],
        ).fetchone()
    demand = row[0] if row else "none"
    return [
        ("statements_by", {"actor": "russia", "start": "2021-03-01", "stop": "2021-03-08"}),
        ("meetings_involving", {"actor": "russia"}),
        ("positions", {"demand": demand, "as_of": "2023-12-31"}),
        ("status", {"demand": demand, "as_of": "2023-12-31"}),
    ]


def _lines(size: int, data: Path) -> Path:
    """The JSON Lines file of ``size`` statements, made (streaming) if not there yet."""
    data.mkdir(parents=True, exist_ok=True)
    # Keyed by the generator's source: a changed generator makes new files.
    digest = hashlib.sha256((HERE / "data.py").read_bytes()).hexdigest()[:12]
    path = data / f"scale-{size}-{digest}.jsonl"
    if not path.exists():
        print(f"making {path} ...", flush=True)
        partial = path.with_suffix(".partial")
        subprocess.run(  # noqa: S603
            [sys.executable, str(HERE / "data.py"), str(size), str(partial)], check=True
        )
        partial.rename(path)
    return path


def _convert(size: int, data: Path, *, reuse: bool) -> tuple[Path, dict[str, float]]:
    """Convert ``size`` statements from JSON Lines to Parquet in a fresh process; its figures.

    With ``reuse``, a directory converted by an earlier run is kept, with the
    figures that run measured.
    """
    lines = _lines(size, data)
    folder, kept = lines.with_suffix(".parquet"), lines.with_suffix(".convert.json")
    if reuse and folder.is_dir() and kept.exists():
        figures: dict[str, float] = json.loads(kept.read_text(encoding="utf-8"))
        return folder, figures
    command = [sys.executable, "-m", "secdialogue", "convert", str(lines), str(folder), "--force"]
    seconds, peak = _run(command, lines.with_suffix(".convert.log"))
    figures = {
        "statements": size,
        "seconds": seconds,
        "peak_mb": peak / 1e6,
        "jsonl_mb": _size(lines) / 1e6,
        "parquet_mb": _size(folder) / 1e6,
    }
    kept.write_text(json.dumps(figures) + "\n", encoding="utf-8")
    return folder, figures


def _ask(folder: Path, data: Path) -> list[dict[str, Any]]:
    """Each question asked of ``folder`` in a fresh process: time, peak memory, rows."""
    found = []
    for question, arguments in _questions(folder):
        out = data / f"{folder.stem}.{question}.log"
        command = [sys.executable, "-c", _ASK, str(folder), question, json.dumps(arguments)]
        wall, peak = _run(command, out)
        answer = json.loads(out.read_text().splitlines()[-1])
        found.append(
            {"question": question, "arguments": arguments, "seconds": answer["seconds"],
             "process_seconds": wall, "peak_mb": peak / 1e6, "rows": answer["rows"]}
        )  # fmt: skip
    return found


def main() -> None:
    """Run the scale figures and print them as tables (Markdown)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--convert", type=int, default=1_000_000, metavar="N")
    parser.add_argument("--questions", type=int, default=10_000_000, metavar="N")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "secdialogue-scale"
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a Parquet directory an earlier run converted, with the figures it measured",
    )
    args = parser.parse_args()
    data: Path = args.data_dir
    print(f"Machine: {os.cpu_count()} CPUs, {platform.python_implementation()}"
          f" {platform.python_version()}, {platform.system()} {platform.release()}")  # fmt: skip
    results: dict[str, Any] = {"convert": [], "questions": []}
    for size in dict.fromkeys((args.convert, args.questions)):
        folder, figures = _convert(size, data, reuse=args.reuse)
        results["convert"].append(figures)
        if size == args.questions:
            results["questions"] = _ask(folder, data)
    print("\nJSON Lines to Parquet (`secdialogue convert`, a fresh process)\n")
    print("| statements | time | peak memory | JSON Lines | Parquet |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for f in results["convert"]:
        print(f"| {f['statements']:,} | {f['seconds']:.1f} s | {f['peak_mb']:,.0f} MB"
              f" | {f['jsonl_mb']:,.0f} MB | {f['parquet_mb']:,.0f} MB |")  # fmt: skip
    print(f"\nDuckDB over the Parquet directory of {args.questions:,} statements"
          " (`arrow.ask`, each in a fresh process)\n")  # fmt: skip
    print("| question | rows | time of ask() | whole process | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for q in results["questions"]:
        print(f"| `{q['question']}` | {q['rows']:,} | {q['seconds']:.2f} s"
              f" | {q['process_seconds']:.2f} s | {q['peak_mb']:,.0f} MB |")  # fmt: skip
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
