"""Benchmark: peak memory of reading, analysing and reporting a large JSON export, item by item and whole.

Run by hand (never from the tests):

    .venv/bin/python benchmarks/bench_memory.py                               # 1M watch rows
    .venv/bin/python benchmarks/bench_memory.py --sizes 12700000 --keep /tmp  # about 2 GB of JSON (slow)
    .venv/bin/python benchmarks/bench_memory.py --zip /tmp/TikTok_Data_12700000.zip --no-whole

For each size one JSON G4 export is built (``bench.build``; ``--keep DIR`` keeps it there and reuses it
on the next run). Then, each in a fresh process: ``report`` as a user runs it (peak RSS from ``wait4``,
wall and CPU seconds), and ``load``, ``analyse`` and ``render_report`` in one process with the peak
(``VmHWM``, reset between phases) and CPU seconds of each phase (Arrow's allocator set as the
command line sets it), once with the library's memory budget
(``Limits().stream_above_bytes``: the member is read item by item) and, unless ``--no-whole``, once
with a budget above the member (read whole). Peaks are set against the uncompressed JSON size. The
load average is printed at the start and the end. Writes ``benchmarks/results_memory.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_targets import load_average, process  # noqa: E402 - the same probe as the speed targets

# load, analyse, render in one process: (phase, CPU s, peak bytes of the phase, RSS after) per line.
PHASES = ("import gc, sys, time\n"
          "from datetime import datetime, timezone\n"
          "def status(key):\n"
          "    return int(open('/proc/self/status').read().split(key + ':')[1].split()[0]) * 1024\n"
          "def phase(name, fn):\n"
          "    gc.collect(); open('/proc/self/clear_refs', 'w').write('5'); t = time.process_time()\n"
          "    value = fn(); gc.collect()\n"
          "    print(name, time.process_time() - t, status('VmHWM'), status('VmRSS'), flush=True)\n"
          "    return value\n"
          "from dsar_analyzer import load\n"
          "from dsar_analyzer.read.archive import Limits\n"
          "from dsar_analyzer.analysis.export_figures import analyse\n"
          "from dsar_analyzer.report.context import ReportOptions\n"
          "from dsar_analyzer.report.render import render_report\n"
          "print('imports', time.process_time(), status('VmHWM'), status('VmRSS'), flush=True)\n"
          "budget = int(sys.argv[2]) if sys.argv[2] != 'default' else Limits().stream_above_bytes\n"
          "export = phase('load', lambda: load(sys.argv[1], Limits(stream_above_bytes=budget)))\n"
          "analysis = phase('analyse', lambda: analyse(export))\n"
          "options = ReportOptions(language='en', generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc),\n"
          "                        generated_at_pinned=True)\n"
          "phase('render', lambda: render_report(export, analysis, options))\n")


def whole_process(args: list[str]) -> dict[str, float]:
    wall, cpu, peak = process(args)
    return {"wall": wall, "cpu": cpu, "peak": peak}


def phases(path: Path, budget: str) -> dict[str, dict[str, float]]:
    # Arrow's allocator as the command line sets it (``cli._arrow_gives_memory_back``).
    env = {**os.environ, "ARROW_DEFAULT_MEMORY_POOL": os.environ.get("ARROW_DEFAULT_MEMORY_POOL", "system")}
    out = subprocess.run([sys.executable, "-c", PHASES, str(path), budget], capture_output=True, text=True,
                         check=True, env=env).stdout
    rows = {}
    for line in out.splitlines():
        name, cpu, peak, rss = line.split()
        rows[name] = {"cpu": float(cpu), "peak": int(peak), "rss_after": int(rss)}
    return rows


def export_for(size: int, keep: Path | None, scratch: Path) -> tuple[Path, int]:
    folder = keep or scratch
    path = folder / f"TikTok_Data_{size}.zip"
    if not path.exists():
        from bench import build  # the same synthetic exports as every stage benchmark

        zipped, members = build(size, "json-g4")
        del members
        path.write_bytes(zipped)
        del zipped
    with zipfile.ZipFile(path) as archive:
        return path, sum(info.file_size for info in archive.infolist())


def measure(path: Path, json_size: int, whole: bool, out: Path) -> dict[str, Any]:
    mb = 1024 * 1024
    result: dict[str, Any] = {"json_bytes": json_size, "zip_bytes": path.stat().st_size}
    cli = [sys.executable, "-m", "dsar_analyzer"]
    report = whole_process([*cli, "report", str(path), "--out", str(out), "--generated-at", "2026-01-01"])
    result["report"] = report
    print(f"  report, whole process: wall {report['wall']:.1f} s, CPU {report['cpu']:.1f} s, "
          f"peak {report['peak'] / mb:,.0f} MB = {report['peak'] / json_size:.2f}x the JSON", flush=True)
    for budget in ["default", *(["whole"] if whole else [])]:
        rows = phases(path, "default" if budget == "default" else str(2**40))
        result[f"phases_{budget}"] = rows
        shown = ", ".join(f"{name} {row['cpu']:.1f} s CPU, peak {row['peak'] / mb:,.0f} MB "
                          f"({row['peak'] / json_size:.2f}x)" for name, row in rows.items())
        print(f"  {'item by item' if budget == 'default' else 'read whole'}: {shown}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000000", help="watch rows per export, comma separated")
    parser.add_argument("--zip", type=Path, help="measure this export instead of building one")
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the built exports in")
    parser.add_argument("--no-whole", action="store_true", help="skip the read-whole run (it needs ~5x the JSON)")
    args = parser.parse_args()
    results: dict[str, Any] = {"load_average_start": load_average(), "exports": {}}
    print(f"load average at start: {results['load_average_start']}", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        targets = ([(args.zip, None)] if args.zip else
                   [(None, int(s)) for s in args.sizes.split(",") if s])
        for given, size in targets:
            path, json_size = (given, 0) if given else export_for(size or 0, args.keep, Path(scratch))
            if given:
                with zipfile.ZipFile(path) as archive:
                    json_size = sum(info.file_size for info in archive.infolist())
            print(f"{path.name}: {json_size / 1e6:,.1f} MB of JSON", flush=True)
            results["exports"][path.name] = measure(path, json_size, not args.no_whole, out)
    results["load_average_end"] = load_average()
    print(f"load average at end: {results['load_average_end']}", flush=True)
    (HERE / "results_memory.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
