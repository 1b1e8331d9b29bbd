"""Benchmark: the standalone application's size and its time to a ready page, against plain Python.

Run by hand (never from the tests), after building the application:
    .venv/bin/pyinstaller --noconfirm packaging/dsar-analyzer.spec
    .venv/bin/python benchmarks/bench_app.py dist/dsar-analyzer/dsar-analyzer [more programs ...] --runs 5

For each program: its size on disk (the folder holding it, or the file itself), the size of a
compressed download of it (tar.gz), the median time of ``--version``, and the median time from
start to the page answering (``serve --no-browser``: the address is the first line printed, then
the page is asked for until it answers 200). The floor is the same two steps through the
installed package (``python -m dsar_analyzer``), measured in the same run, so the ratios hold
whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import statistics
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path


def size_on_disk(program: Path) -> int:
    root = program.parent if (program.parent / "_internal").is_dir() else program
    if root.is_file():
        return root.stat().st_size
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def download_size(program: Path) -> int:
    root = program.parent if (program.parent / "_internal").is_dir() else program
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=6) as archive:
        archive.add(root, arcname=root.name)
    return buffer.tell()


def seconds_to_version(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*command, "--version"], check=True, capture_output=True)
    return time.perf_counter() - start


def seconds_to_ready_page(command: list[str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen([*command, "serve", "--no-browser"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().decode().strip()
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # 127.0.0.1 only
                    if response.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def median(measure: object, command: list[str], runs: int) -> float:
    return statistics.median(measure(command) for _ in range(runs))  # type: ignore[operator]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("programs", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    floor = [sys.executable, "-m", "dsar_analyzer"]
    floor_version = median(seconds_to_version, floor, arguments.runs)
    floor_page = median(seconds_to_ready_page, floor, arguments.runs)
    print(f"load average {os.getloadavg()[0]:.1f}; {arguments.runs} runs, medians")
    print(f"{'program':<48} {'on disk':>9} {'tar.gz':>9} {'--version':>14} {'ready page':>14}")
    print(f"{'python -m dsar_analyzer (floor)':<48} {'':>9} {'':>9} {floor_version:>8.2f} s 1.0x "
          f"{floor_page:>7.2f} s 1.0x")
    for program in arguments.programs:
        command = [str(program.resolve())]
        version = median(seconds_to_version, command, arguments.runs)
        page = median(seconds_to_ready_page, command, arguments.runs)
        print(f"{str(program):<48} {size_on_disk(program) / 2**20:>6.0f} MB {download_size(program) / 2**20:>6.0f} MB "
              f"{version:>8.2f} s {version / floor_version:.1f}x {page:>7.2f} s {page / floor_page:.1f}x")


if __name__ == "__main__":
    main()
