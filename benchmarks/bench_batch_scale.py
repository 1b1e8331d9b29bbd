"""The coordinating process of ``batch`` over a claim office's whole case load: time and peak memory.

A dry run over N synthetic inputs (empty ``.zip`` files, 1,000 per folder; no export is read): input
discovery, case matching against an N-row case file, then one manifest row per input written to the
on-disk spool, and the outputs written from it (manifest CSV and Parquet, summary JSON and HTML).
Each N runs in a fresh process, so its peak resident memory (``ru_maxrss``) is its own. ``--held``
also runs the way the coordinator worked before the spool (every row kept in a list until the end)
for comparison. Matching (linear since the case-file index) runs at every size up to ``--match-limit``.

    .venv/bin/python benchmarks/bench_batch_scale.py                       # 10k, 100k, 1M
    .venv/bin/python benchmarks/bench_batch_scale.py --counts 100000 --held
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

PER_FOLDER = 1000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(root: Path, count: int) -> list[str]:
    """``count`` empty inputs in folders of ``PER_FOLDER`` (reused when already there); the folders given."""
    folders = []
    for start in range(0, count, PER_FOLDER):
        folder = root / f"{start // PER_FOLDER:05d}"
        folders.append(str(folder))
        if folder.exists():
            continue
        folder.mkdir(parents=True)
        for i in range(start, min(start + PER_FOLDER, count)):
            (folder / f"{i:07d}.zip").touch()
    return folders


def case_file(root: Path, count: int) -> Path:
    path = root / f"cases-{count}.csv"
    if not path.exists():
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("file,case_id,birth_date\n")
            for i in range(count):
                handle.write(f"{i:07d}.zip,NL-{i:07d},2010-01-01\n")
    return path


def synthetic_row(path: str, case_id: str | None) -> dict:
    """A full manifest row as a worker would return it (figures invented, every column filled)."""
    from dsar_analyzer.batch.manifest import CATEGORY_COLUMNS, empty_row

    n = int(Path(path).stem)
    return empty_row(path) | {
        "case_id": case_id, "child": "child", "sha256": f"{n:064x}", "status": "ok", "format": "json",
        "generation": "G4", "language": "en", "birth_date_used": "2010-01-01", "birth_date_source": "case_file",
        "consent_country": "NL", "size": 40_000 + n % 997, "records": 138, "under_13": 110, "13_15": 27,
        "16_17": 0, "18_plus": 0, "unknown_age": 1, "records_since_2018_05_25": 137,
        "records_under_consent_age": 137, "earliest": "2019-06-03T05:57:38+00:00",
        "latest": "2021-06-21T21:18:20+00:00", "report": f"NL-{n:07d}.html", "report_sha256": f"{n:064x}",
        "tool_version": "0", "options_sha256": "0" * 64, "started_at": "2026-01-01T00:00:00+00:00",
        "seconds": 0.123, **dict.fromkeys(CATEGORY_COLUMNS, 5),
    }


def one(root: Path, count: int, match_limit: int, held: bool) -> dict:
    """Run the stages for ``count`` inputs in this process; figures of each stage."""
    from dsar_analyzer.batch.cases import assign, read_case_file
    from dsar_analyzer.batch.discover import discover
    from dsar_analyzer.batch.manifest import Spool, write_manifest
    from dsar_analyzer.batch.outputs import write_outputs
    from dsar_analyzer.batch.totals import render_summary, summarise_batch
    from dsar_analyzer.write import output_folder

    figures: dict = {"inputs": count, "start_mb": round(peak_mb())}
    folders = build(root / "inputs", count)
    clock = time.perf_counter()
    found = discover(folders)
    figures["discover_s"] = round(time.perf_counter() - clock, 2)
    figures["discover_mb"] = round(peak_mb())
    assert len(found.exports) == count, len(found.exports)
    cases: dict = {}
    if count <= match_limit:
        rows = read_case_file(case_file(root, count))
        clock = time.perf_counter()
        assignment = assign(rows, found.exports, lambda _: None)
        figures["match_s"] = round(time.perf_counter() - clock, 2)
        figures["match_mb"] = round(peak_mb())
        cases = {path: case.case_id for path, case in assignment.cases.items()}
        assert len(cases) == count
    out = root / f"out-{count}-{os.getpid()}"
    out.mkdir()
    clock = time.perf_counter()
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    if held:
        kept = [synthetic_row(path, cases.get(path)) for path in found.exports]
        write_manifest(output_folder(out), kept)
        summary = summarise_batch(kept)
        render_summary(summary, kept[:1000], "en", when, total=len(kept))
    else:
        state = out / ".dsar-batch"
        state.mkdir()
        with Spool(state) as spool:
            for path in found.exports:
                spool.add(synthetic_row(path, cases.get(path)))
            write_outputs(output_folder(out), spool, language="en", generated_at=when)
    figures["manifest_s"] = round(time.perf_counter() - clock, 2)
    figures["peak_mb"] = round(peak_mb())
    figures["manifest_csv_mb"] = round((out / "manifest.csv").stat().st_size / 2**20)
    shutil.rmtree(out)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--match-limit", type=int, default=1_000_000,
                        help="skip case matching above this many inputs")
    parser.add_argument("--held", action="store_true", help="also run with every row held in memory (as before)")
    parser.add_argument("--root", type=Path, default=None, help="keep the synthetic inputs here between runs")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="spool", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.root, args.one, args.match_limit, args.mode == "held")))
        return
    root = args.root or Path(tempfile.mkdtemp(prefix="bench-batch-scale-"))
    modes = ["spool", "held"] if args.held else ["spool"]
    print(f"{'inputs':>9} {'mode':>5} {'discover s':>10} {'match s':>8} {'rows+outputs s':>14} "
          f"{'peak MB':>8} {'MB after discovery':>18}  load before -> after")
    try:
        for count in args.counts:
            for mode in modes:
                load = os.getloadavg()[0]
                result = subprocess.run([sys.executable, __file__, "--one", str(count), "--root", str(root),
                                         "--match-limit", str(args.match_limit), "--mode", mode],
                                        capture_output=True, text=True, check=True)
                f = json.loads(result.stdout.strip().splitlines()[-1])
                match = f"{f['match_s']:.2f}" if "match_s" in f else "skipped"
                print(f"{count:>9,} {mode:>5} {f['discover_s']:>10.2f} {match:>8} {f['manifest_s']:>14.2f} "
                      f"{f['peak_mb']:>8,} {f['discover_mb']:>18,}  {load:.1f} -> {os.getloadavg()[0]:.1f}",
                      flush=True)
    finally:
        if args.root is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
