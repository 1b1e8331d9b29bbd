"""Benchmark: ``dsar_analyzer.load`` on a heavy synthetic export against the decompress+orjson floor.

Run by hand (never from the tests):  .venv/bin/python benchmarks/bench_load.py [--watch 1000000]
Prints medians of N runs and the ratio to the floor measured in the same run, plus peak RSS as a
multiple of the uncompressed JSON size. The floor is what any reader must pay: inflate the ZIP
member and decode it with orjson.
"""

from __future__ import annotations

import argparse
import gc
import io
import resource
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import orjson

from dsar_analyzer import load


def build(watch: int) -> bytes:
    """A G4 JSON export: `watch` watch rows plus likes/searches/logins/DMs in the usual proportions."""
    def stamp(i: int) -> str:
        return f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}"

    link = "https://www.tiktokv.com/share/video/{}/".format
    document = {
        "Your Activity": {
            "Watch History": {"VideoList": [{"Date": stamp(i), "Link": link(7 * 10**18 + i)} for i in range(watch)]},
            "Like List": {"App": 1, "ItemFavoriteList": [
                {"date": stamp(i), "link": link(7 * 10**18 + i)} for i in range(watch // 10)]},
            "Searches": {"SearchList": [{"Date": stamp(i), "SearchTerm": f"term {i}"} for i in range(watch // 50)]},
            "Login History": {"LoginHistoryList": [
                {"Date": stamp(i), "IP": f"203.0.113.{i % 256}", "DeviceModel": "iPhone12,1",
                 "DeviceSystem": "iOS 17.2", "NetworkType": "Wi-Fi", "Carrier": ""} for i in range(watch // 200)]},
        },
        "Direct Message": {"Direct Messages": {"ChatHistory": {
            f"Chat History with friend_{c}:": [
                {"Date": stamp(i), "From": "friend", "Content": f"message {i}"} for i in range(watch // 500)]
            for c in range(10)}}},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("user_data_tiktok.json", orjson.dumps(document))
    return out.getvalue()


def floor(path: Path) -> float:
    started = time.perf_counter()
    with zipfile.ZipFile(path) as archive:
        orjson.loads(archive.read("user_data_tiktok.json"))
    return time.perf_counter() - started


def pipeline(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    export = load(path)
    count = export.record_count
    return time.perf_counter() - started, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--watch", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "TikTok_Data_bench.zip"
        path.write_bytes(build(args.watch))
        with zipfile.ZipFile(path) as archive:
            json_size = archive.getinfo("user_data_tiktok.json").file_size
        floors, loads = [], []
        count = 0
        for _ in range(args.runs):
            gc.collect()
            floors.append(floor(path))
            gc.collect()
            seconds, count = pipeline(path)
            loads.append(seconds)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    f, p = statistics.median(floors), statistics.median(loads)
    print(f"records: {count:,}  json: {json_size / 1e6:.1f} MB")
    print(f"floor (inflate + orjson.loads): median {f:.2f} s over {args.runs} runs")
    print(f"load() (ingest + hash + parse + validate): median {p:.2f} s -> {p / f:.2f}x the floor, "
          f"{count / p / 1e6:.2f} M records/s")
    print(f"peak RSS of this process: {peak / 1e6:.0f} MB = {peak / json_size:.1f}x the JSON size")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
