"""Dask's per-export overhead against local worker processes: N exports that do no work, then small real ones.

Each export of the first pass returns a ready-made manifest row at once, so the wall time is only
what the runner itself costs per export (handing the job out, the worker round trip, the row coming
back); the second pass reads small sample exports and writes their reports. Both runners use the
same number of worker processes on this machine (Dask: a LocalCluster, one thread per worker).

    .venv/bin/python benchmarks/bench_dask_overhead.py --empty 10000 --real 300 --workers 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def empty_task(job):  # type: ignore[no-untyped-def]
    """A manifest row without reading anything: the runner's own cost per export."""
    from dsar_analyzer.batch.manifest import empty_row

    return empty_row(job.path) | {"status": "ok"}


def timed(label: str, runner, count: int) -> float:  # type: ignore[no-untyped-def]
    load = os.getloadavg()[0]
    start = time.perf_counter()
    rows = sum(1 for _ in runner())
    seconds = time.perf_counter() - start
    assert rows == count, (rows, count)
    print(f"{label:<28} {count:>7,} {seconds:>8.2f} {seconds / max(count, 1) * 1000:>10.2f}   {load:.1f} -> "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--empty", type=int, default=10_000, help="exports that do no work")
    parser.add_argument("--real", type=int, default=300, help="small real exports (sample ZIPs, reports written)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from dsar_analyzer.batch.run import run_dask, run_local
    from dsar_analyzer.batch.work import QueuedExport
    from dsar_analyzer.run.spec import RunSpec

    scratch = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    try:
        print(f"{'runner':<28} {'exports':>7} {'wall s':>8} {'ms/export':>10}   load before -> after")
        spec = RunSpec.settle("empty", out=str(scratch), report_name="{sha256}.html")
        empty = [QueuedExport(path=f"empty-{i:06d}", spec=spec) for i in range(args.empty)]
        per_export = {}
        for name, runner in (("local", lambda jobs: run_local(jobs, args.workers, task=empty_task)),
                             ("dask", lambda jobs: run_dask(jobs, "local", args.workers, task=empty_task))):
            # Starting and stopping the workers (a LocalCluster takes seconds) is not a per-export cost:
            # the slope between no exports and N is.
            start = timed(f"{name}, start and stop only", lambda runner=runner: runner([]), 0)
            whole = timed(f"{name}, no work", lambda runner=runner: runner(empty), args.empty)
            per_export[name] = (whole - start) / args.empty * 1000
        print(f"per export, start-up excluded: local {per_export['local']:.2f} ms, Dask {per_export['dask']:.2f} ms "
              f"({per_export['dask'] / per_export['local']:.1f}x)")
        samples = sorted((Path(__file__).resolve().parents[1] / "sample_exports").glob("*.zip"))
        inputs = scratch / "in"
        inputs.mkdir()
        for i in range(args.real):  # distinct names, the same few archives: each is read and reported
            shutil.copy(samples[i % len(samples)], inputs / f"{i:05d}-{samples[i % len(samples)].name}")
        for name, run in (("local, small exports", lambda jobs: run_local(jobs, args.workers)),
                          ("dask LocalCluster, small", lambda jobs: run_dask(jobs, "local", args.workers))):
            out = scratch / name.split(",")[0]
            out.mkdir()
            (out / ".dsar-batch").mkdir()
            jobs = [QueuedExport(path=str(p), spec=RunSpec.settle(str(p), out=str(out), report_name="{sha256}.html"))
                    for p in sorted(inputs.iterdir())]
            timed(name, lambda jobs=jobs, run=run: run(jobs), args.real)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
