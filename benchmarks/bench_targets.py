"""Benchmark: the speed and memory targets, each as a ratio to the floor measured interleaved in the same run.

Run by hand (never from the tests):

    .venv/bin/python benchmarks/bench_targets.py                        # 1M watch rows, 3 rounds
    .venv/bin/python benchmarks/bench_targets.py --sizes 10000,100000,1000000 --rounds 3

For each size one JSON G4 export is built (``bench.build``). Each round then runs, one after the
other, in fresh processes: the floor (inflate the member and ``orjson.loads`` it, as a whole
process), ``load()`` with the floor again inside the same process, ``inspect --json`` and
``report``. Every ratio is taken within its round and the median over the rounds is printed, so a
machine shared with other work still gives comparable figures; the load average is printed at the
start and the end. CPU seconds (user + system, from ``wait4``) are printed beside wall seconds: on a
machine whose cores are shared they move far less than wall time. Peak memory is the kernel's high-water mark of each process (``VmHWM``), set
against the uncompressed JSON size. A small export (the bundled 138-record sample) is timed as whole
processes too (``inspect`` and ``report``), with an empty interpreter start as its floor.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "sample_exports" / "g4-en-sample_child_a.zip"

# Run as ``python -c PROBE CMD...``: wall seconds, CPU seconds (user + system) and peak RSS of the child.
PROBE = ("import os, subprocess, sys, time\n"
         "t = time.perf_counter()\n"
         "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
         "_, status, usage = os.wait4(p.pid, 0)\n"
         "print(time.perf_counter() - t, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,\n"
         "      os.waitstatus_to_exitcode(status))\n")

FLOOR = ("import sys, zipfile, orjson\n"
         "with zipfile.ZipFile(sys.argv[1]) as z:\n"
         "    orjson.loads(z.read('user_data_tiktok.json'))\n")

# ``load()`` and the floor in one process: (floor s, load s, records, growth of the peak over the
# floor's peak in bytes). The floor runs first, so its memory is reused, as a user's process would.
LOAD = ("import gc, sys, time, zipfile, orjson\n"
        "clock = time.process_time if sys.argv[2] == 'cpu' else time.perf_counter\n"
        "def hwm():\n"
        "    return int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) * 1024\n"
        "from dsar_analyzer import load\n"
        "t = clock()\n"
        "with zipfile.ZipFile(sys.argv[1]) as z:\n"
        "    d = orjson.loads(z.read('user_data_tiktok.json'))\n"
        "floor = clock() - t\n"
        "del d; gc.collect()\n"
        "t = clock(); e = load(sys.argv[1]); seconds = clock() - t\n"
        "print(floor, seconds, e.record_count, hwm())\n")


def process(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS of one command run as a user runs it."""
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True).stdout
    seconds, cpu, peak, code = out.split()
    if code != "0":
        raise RuntimeError(f"{args} exited {code}")
    return float(seconds), float(cpu), int(peak)


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def one_size(path: Path, json_size: int, rounds: int, out: Path) -> dict[str, Any]:
    cli = [sys.executable, "-m", "dsar_analyzer"]
    rows: list[dict[str, float]] = []
    def load_run(clock: str) -> list[float]:
        return list(map(float, subprocess.run([sys.executable, "-c", LOAD, str(path), clock], capture_output=True,
                                              text=True, check=True).stdout.split()))

    for _ in range(rounds):
        floor_s, floor_cpu, floor_peak = process([sys.executable, "-c", FLOOR, str(path)])
        in_floor, load_s, records, load_peak = load_run("wall")
        in_floor_cpu, load_cpu, _, _ = load_run("cpu")
        inspect_s, inspect_cpu, inspect_peak = process([*cli, "inspect", "--json", str(path)])
        report_s, report_cpu, report_peak = process([*cli, "report", str(path), "--out", str(out),
                                                     "--generated-at", "2026-01-01"])
        rows.append({"floor": floor_s, "floor_cpu": floor_cpu, "floor_peak": floor_peak, "load_floor": in_floor,
                     "load": load_s, "load_floor_cpu": in_floor_cpu, "load_cpu": load_cpu, "load_peak": load_peak,
                     "inspect": inspect_s, "inspect_cpu": inspect_cpu, "inspect_peak": inspect_peak,
                     "report": report_s, "report_cpu": report_cpu, "report_peak": report_peak, "records": records,
                     "inspect_x": inspect_s / floor_s, "report_x": report_s / floor_s, "load_x": load_s / in_floor,
                     "inspect_cpu_x": inspect_cpu / floor_cpu, "report_cpu_x": report_cpu / floor_cpu,
                     "load_cpu_x": load_cpu / in_floor_cpu})
    med = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
    peaks = {key: max(r[key] for r in rows) for key in ("floor_peak", "load_peak", "inspect_peak", "report_peak")}
    return {"json_bytes": json_size, "rounds": rows, "median": med, "peak": peaks}


def small(rounds: int, out: Path) -> dict[str, Any]:
    cli = [sys.executable, "-m", "dsar_analyzer"]
    rows = []
    for _ in range(rounds):
        empty, empty_cpu, _ = process([sys.executable, "-c", "pass"])
        inspect_s, inspect_cpu, _ = process([*cli, "inspect", str(SAMPLE)])
        report_s, report_cpu, _ = process([*cli, "report", str(SAMPLE), "--out", str(out), "--generated-at", "2026-01-01"])
        rows.append({"interpreter": empty, "inspect": inspect_s, "report": report_s, "interpreter_cpu": empty_cpu,
                     "inspect_cpu": inspect_cpu, "report_cpu": report_cpu})
    return {"rounds": rows, "median": {key: statistics.median(r[key] for r in rows) for key in rows[0]}}


def main() -> None:
    sys.path.insert(0, str(HERE))
    from bench import build  # the same synthetic exports as every stage benchmark

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000000", help="watch rows per export, comma separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-small", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {"load_average_start": load_average(), "sizes": {}}
    print(f"load average at start: {results['load_average_start']}")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        for size in (int(s) for s in args.sizes.split(",") if s):
            zipped, members = build(size, "json-g4")
            json_size = sum(len(m) for m in members.values())
            del members
            path = Path(scratch) / f"TikTok_Data_{size}.zip"
            path.write_bytes(zipped)
            with zipfile.ZipFile(path) as archive:
                assert archive.namelist() == ["user_data_tiktok.json"], archive.namelist()
            started = time.perf_counter()
            one = one_size(path, json_size, args.rounds, out)
            results["sizes"][size] = one
            m, p = one["median"], one["peak"]
            print(f"\n{size:,} watch rows: {int(m['records']):,} records, {json_size / 1e6:.1f} MB JSON, "
                  f"{args.rounds} rounds in {time.perf_counter() - started:.0f} s (load average {load_average()})")
            print(f"  floor process {m['floor']:.2f} s wall, {m['floor_cpu']:.2f} s CPU, peak "
                  f"{p['floor_peak'] / 1e6:,.0f} MB = {p['floor_peak'] / json_size:.1f}x JSON")
            print(f"  load()        {m['load']:.2f} s = {m['load_x']:.2f}x its in-process floor ({m['load_floor']:.2f} s); "
                  f"CPU {m['load_cpu']:.2f} s = {m['load_cpu_x']:.2f}x; "
                  f"process peak {p['load_peak'] / 1e6:,.0f} MB = {p['load_peak'] / json_size:.1f}x JSON")
            for name in ("inspect", "report"):
                print(f"  {name:<13} {m[name]:.2f} s = {m[name + '_x']:.2f}x the floor; CPU {m[name + '_cpu']:.2f} s = "
                      f"{m[name + '_cpu_x']:.2f}x; peak {p[name + '_peak'] / 1e6:,.0f} MB = "
                      f"{p[name + '_peak'] / json_size:.1f}x JSON")
        if not args.no_small:
            results["small"] = small(max(args.rounds, 5), out)
            m = results["small"]["median"]
            print(f"\nsmall export ({SAMPLE.name}), whole process, median of {max(args.rounds, 5)}: "
                  f"inspect {m['inspect']:.2f} s ({m['inspect_cpu']:.2f} s CPU), report {m['report']:.2f} s "
                  f"({m['report_cpu']:.2f} s CPU), empty interpreter {m['interpreter']:.2f} s "
                  f"({m['interpreter_cpu']:.2f} s CPU)")
    results["load_average_end"] = load_average()
    print(f"\nload average at end: {results['load_average_end']}")
    (HERE / "results_targets.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
