"""Wall time of ``dsar-analyzer batch`` over many small synthetic exports: local workers and Dask.

Builds N deterministic small exports (the bundled sample generations, a different seed each), then
runs the command line once per configuration in a fresh process with a fresh output folder and
prints wall time, exports per second and the load average before and after (the machine may be
shared). Also checks that every configuration wrote the same manifest apart from its timing columns.

    .venv/bin/python benchmarks/bench_batch.py                 # 50 and 1000 exports, 1 and 2 workers
    .venv/bin/python benchmarks/bench_batch.py --counts 50 --workers 2 --modes local
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from dsar_analyzer.samples import generate

GENERATIONS = [("G4", "en"), ("G3", "en"), ("G5", "en"), ("txt-2025", "en"), ("txt-2025", "nl"), ("G2", "en")]
TIMING = ["started_at", "seconds"]


def build(folder: Path, count: int) -> Path:
    target = folder / f"exports-{count}"
    target.mkdir()
    for i in range(count):
        generation, language = GENERATIONS[i % len(GENERATIONS)]
        sample = generate(generation, language=language, seed=1000 + i)
        (target / f"{i:05d}-{sample.name}.zip").write_bytes(sample.zip_bytes())
    return target


def run(inputs: Path, out: Path, workers: int, mode: str) -> tuple[float, int]:
    command = [sys.executable, "-m", "dsar_analyzer", "batch", str(inputs), "--out", str(out),
               "--workers", str(workers)]
    if mode == "dask":
        command += ["--scheduler", "local"]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    start = time.perf_counter()
    code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False).returncode
    return time.perf_counter() - start, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[50, 1000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--modes", nargs="+", default=["local", "dask"], choices=["local", "dask"])
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        print(f"{'exports':>7} {'mode':>5} {'workers':>7} {'wall s':>8} {'exports/s':>9} {'exit':>4}  load before -> after")
        for count in args.counts:
            inputs = build(scratch, count)
            manifests = {}
            for mode in args.modes:
                for workers in args.workers:
                    out = scratch / f"out-{count}-{mode}-{workers}"
                    before = os.getloadavg()[0]
                    wall, code = run(inputs, out, workers, mode)
                    after = os.getloadavg()[0]
                    print(f"{count:>7} {mode:>5} {workers:>7} {wall:>8.1f} {count / wall:>9.2f} {code:>4}  "
                          f"{before:.1f} -> {after:.1f}", flush=True)
                    frame = pd.read_csv(out / "manifest.csv", dtype=str, keep_default_na=False)
                    manifests[(mode, workers)] = frame.drop(columns=TIMING)
                    shutil.rmtree(out)
            first = next(iter(manifests.values()))
            same = all(m.equals(first) for m in manifests.values())
            print(f"{count:>7} exports: manifests identical apart from timing: {same}", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
