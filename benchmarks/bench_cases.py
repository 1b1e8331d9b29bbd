"""Reading a case file and matching its rows to exports, at 20k, 100k and 1M rows, against a floor.

Writes a CSV case file of N rows naming N exports by file name (a tenth by a longer path tail, so
both ways of naming are matched), then times ``read_case_file`` and ``assign`` separately (median
of ``--runs``). The floor, measured in the same process, is reading the same file with the csv
module alone and putting each row's file name in a dict: what any reader must do at least. With
``--before COMMIT`` it also times that commit's ``assign`` (the quadratic one was ``86c7ffa``),
loaded from git into a temporary module, at the sizes up to ``--before-max``.

    .venv/bin/python benchmarks/bench_cases.py
    .venv/bin/python benchmarks/bench_cases.py --sizes 20000 --before 86c7ffa
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dsar_analyzer.batch.cases import assign, read_case_file

ROOT = Path(__file__).resolve().parents[1]


def write_case_file(folder: Path, count: int) -> tuple[Path, list[str]]:
    exports = [f"/claims/2026/batch-{i % 50:02d}/TikTok_Data_{1_700_000_000 + i}.zip" for i in range(count)]
    path = folder / f"cases-{count}.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "case_id", "birth_date", "consent_country", "lang", "child"])
        for i, export in enumerate(exports):
            name = export.split("/", 3)[-1] if i % 10 == 0 else export.rsplit("/", 1)[-1]
            writer.writerow([name, f"NL-{i:07d}", f"{2005 + i % 12}-{1 + i % 12:02d}-{1 + i % 28:02d}", "NL",
                             "nl", f"child {i}"])
    return path, exports


def floor(path: Path) -> None:
    with path.open(newline="") as handle:
        index = {row[0]: row for row in csv.reader(handle)}
    assert index


def median(runs: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def old_module(commit: str) -> Any:
    source = subprocess.run(["git", "show", f"{commit}:dsar_analyzer/batch/cases.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location("cases_before", handle.name)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default=None, help="a commit whose assign() to time as well")
    parser.add_argument("--before-max", type=int, default=20_000)
    args = parser.parse_args()
    before = old_module(args.before) if args.before else None
    print(f"{'rows':>9} {'floor s':>8} {'read s':>8} {'assign s':>9} {'x floor':>8} {'before s':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for count in args.sizes:
            path, exports = write_case_file(Path(folder), count)
            base = median(args.runs, lambda: floor(path))
            rows = read_case_file(path)
            read = median(args.runs, lambda: read_case_file(path))
            matched = median(args.runs, lambda: assign(rows, exports, lambda p: None))
            result = assign(rows, exports, lambda p: None)
            assert len(result.cases) == count and not result.problems, "every row must match its export"
            old = ""
            if before is not None and count <= args.before_max:
                old_rows = before.read_case_file(path)  # its own Case class
                old = f"{median(1, lambda: before.assign(old_rows, exports, lambda p: None)):9.2f}"
            print(f"{count:>9,} {base:8.3f} {read:8.3f} {matched:9.3f} {(read + matched) / base:8.1f} {old:>9}",
                  flush=True)


if __name__ == "__main__":
    sys.exit(main())
