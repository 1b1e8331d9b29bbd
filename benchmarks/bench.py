"""Benchmark: every stage of dsar-analyzer at 10k, 100k and 1M records, against the floor measured in the same run.

Run by hand, never from the tests (figures depend on the machine and its load):

    .venv/bin/python benchmarks/bench.py                      # all sizes and formats, 3 runs each
    .venv/bin/python benchmarks/bench.py --sizes 10000 --formats json-g4 --runs 5
    .venv/bin/python benchmarks/bench.py --small 100,1000     # folders of small exports

For each size and format (JSON G4, JSON G5, TXT 2025) one synthetic export is built with proportional
likes, searches, logins, comments, messages and off-TikTok events. A fresh process per size and format
runs every stage ``--runs`` times and reports the median seconds, records per second and its own peak
RSS; the floor is the cheapest any reader can do, measured in the same process: inflate the members
and decode them (``orjson.loads`` for JSON; a ``str.split`` into lines for TXT). Whole-process figures
(``inspect --json`` and ``report`` as a user runs them) come from the command line in a subprocess.

Stages: ``read`` (read the file, check and inflate the ZIP, hash every member), ``decode`` (orjson on
the JSON members, the floor's second half), ``parse`` (walk, bulk-validate and ledger; includes the
decode), ``classify``, ``age``, ``location``, ``viewing`` (the analysis), ``charts`` and ``render``
(the HTML report; charts are inside render and shown apart), ``write`` (HTML and .sha256 to disk).

Prints a table and writes ``benchmarks/results.json``. Results with the machine described are in
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent
FORMATS = ("json-g4", "json-g5", "txt-2025")


# --------------------------------------------------------------------------- synthetic exports


def _stamp(i: int) -> str:
    return f"20{19 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}"


def _link(i: int) -> str:
    return f"https://www.tiktokv.com/share/video/{7 * 10**18 + i}/"


def _counts(watch: int) -> dict[str, int]:
    """Per 1M watch rows: 100k likes, 20k searches, 5k logins, 5k comments, 2k messages in 10 chats, 10k off-TikTok events."""
    return {"watch": watch, "likes": watch // 10, "searches": watch // 50, "logins": watch // 200,
            "comments": watch // 200, "messages": watch // 500, "off": watch // 100}


def build_json(watch: int, generation: str) -> dict[str, bytes]:
    n = _counts(watch)
    activity: dict[str, Any] = {
        "Watch History": {"VideoList": [{"Date": _stamp(i), "Link": _link(i)} for i in range(n["watch"])]},
        "Searches": {"SearchList": [{"Date": _stamp(i), "SearchTerm": f"term {i % 997}"} for i in range(n["searches"])]},
        "Login History": {"LoginHistoryList": [
            {"Date": _stamp(i), "IP": f"203.0.113.{i % 256}", "DeviceModel": "iPhone12,1", "DeviceSystem": "iOS 17.2",
             "NetworkType": "Wi-Fi", "Carrier": ""} for i in range(n["logins"])]},
        "Off TikTok Activity": {"OffTikTokActivityDataList": [
            {"TimeStamp": _stamp(i), "Source": "Example Shop", "Event": "ViewContent"} for i in range(n["off"])]},
    }
    likes = {"Like List": {"ItemFavoriteList": [{"date": _stamp(i), "link": _link(i)} for i in range(n["likes"])]}}
    document: dict[str, Any] = {
        "Comment": {"Comments": {"CommentsList": [
            {"date": _stamp(i), "comment": f"comment {i}", "photo": "N/A", "url": ""} for i in range(n["comments"])]}},
        "Direct Message": {"Direct Messages": {"ChatHistory": {
            f"Chat History with friend_{c}:": [
                {"Date": _stamp(i), "From": "friend", "Content": f"message {i}"} for i in range(n["messages"] // 10)]
            for c in range(10)}}},
        "Profile": {"Profile Info": {"ProfileMap": {"userName": "bench_child", "birthDate": "14-Sep-2009"}}},
    }
    if generation == "json-g5":
        document["Your Activity"] = activity
        document["Likes and Favorites"] = likes
    else:
        document["Your Activity"] = {**activity, **likes}
    return {"user_data_tiktok.json": orjson.dumps(document, option=orjson.OPT_INDENT_2)}


def build_txt(watch: int) -> dict[str, bytes]:
    n = _counts(watch)

    def blocks(rows: Any) -> bytes:
        return ("\n\n".join("\n".join(f"{k}: {v}" for k, v in row) for row in rows) + "\n\n").encode()

    ya, lf = "TikTok/Your Activity/", "TikTok/Likes and Favorites/"
    utc = lambda i: _stamp(i) + " UTC"  # noqa: E731 - 2025 TXT writes " UTC" on every timestamp
    return {
        ya + "Watch History.txt": blocks([("Date", utc(i)), ("Link", _link(i))] for i in range(n["watch"])),
        lf + "Like List.txt": blocks([("Date", utc(i)), ("Link", _link(i))] for i in range(n["likes"])),
        ya + "Searches.txt": blocks([("Date", utc(i)), ("Search Term", f"term {i % 997}")] for i in range(n["searches"])),
        ya + "Login History.txt": blocks(
            [("Date", utc(i)), ("IP", f"203.0.113.{i % 256}"), ("Device Model", "iPhone12,1"),
             ("Device System", "iOS 17.2"), ("Network Type", "Wi-Fi"), ("Carrier", "")] for i in range(n["logins"])),
        "TikTok/Comments/Comments.txt": blocks(
            [("Date", utc(i)), ("Comment", f"comment {i}")] for i in range(n["comments"])),
    }


def build(watch: int, fmt: str) -> tuple[bytes, dict[str, bytes]]:
    members = build_txt(watch) if fmt.startswith("txt") else build_json(watch, fmt)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue(), members


# --------------------------------------------------------------------------- one size, one format (child process)


def _timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def measure_one(path: Path, fmt: str, runs: int) -> dict[str, Any]:
    """Run every stage ``runs`` times in this process; medians, plus this process's peak RSS."""
    from datetime import datetime, timezone

    import dsar_analyzer
    from dsar_analyzer.analysis.age import age_figures
    from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse
    from dsar_analyzer.analysis.classify import category_counts, data_kind_counts
    from dsar_analyzer.analysis.location import location_figures
    from dsar_analyzer.analysis.viewing import viewing_figures
    from dsar_analyzer.read.ingest import Limits, read_input
    from dsar_analyzer.read.loader import parse_archive
    from dsar_analyzer.report import charts
    from dsar_analyzer.report import context as report_context
    from dsar_analyzer.report.context import ReportOptions
    from dsar_analyzer.report.render import render_report

    chart_seconds = [0.0]

    def timed_chart(fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                chart_seconds[0] += time.perf_counter() - started
        return wrapper

    for name in ("monthly_bar_chart", "heatmap", "category_bars", "age_band_bars"):
        if hasattr(report_context, "charts"):
            setattr(report_context.charts, name, timed_chart(getattr(charts, name)))

    stages: dict[str, list[float]] = {}
    records = 0

    def one_run() -> dict[str, float]:
        """One pass over every stage; the analysis sub-stages run in analyse()'s order on their own
        export (they share cached columns), the whole analysis again on a fresh one."""
        nonlocal records
        row: dict[str, float] = {}
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
            started = time.perf_counter()
            raw = {info.filename: archive.read(info) for info in archive.infolist()}
            row["floor_inflate"] = time.perf_counter() - started
        started = time.perf_counter()
        for data in raw.values():
            orjson.loads(data) if not fmt.startswith("txt") else data.decode("utf-8").split("\n")
        row["floor_decode"] = row["decode"] = time.perf_counter() - started
        row["floor"] = row["floor_inflate"] + row["floor_decode"]
        raw.clear()
        row["read"], archive_in = _timed(lambda: read_input(path, Limits()))
        row["parse"], export = _timed(lambda: parse_archive(archive_in))
        row["load"] = row["read"] + row["parse"]
        records = export.record_count
        options = AnalysisOptions()
        row["classify"], _ = _timed(lambda: (category_counts(export), data_kind_counts(export)))
        row["age"], _ = _timed(lambda: age_figures(export, birth_date_override=None, consent_country="NL"))
        row["location"], _ = _timed(lambda: location_figures(export))
        row["viewing"], _ = _timed(lambda: viewing_figures(export, zone=options.zone, rule=options.session_rule(),
                                                              redact=options.redact_search_terms))
        fresh = parse_archive(read_input(path, Limits()))
        row["analyse"], analysis = _timed(lambda: analyse(fresh, options))
        chart_seconds[0] = 0.0
        report_options = ReportOptions(language="en", generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
        row["render"], rendered = _timed(lambda: render_report(fresh, analysis, report_options))
        row["charts"] = chart_seconds[0]
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "report.html"
            row["write"], _ = _timed(lambda: (target.write_bytes(rendered.html.encode()),
                                              target.with_suffix(".html.sha256").write_text(rendered.sha256)))
        return row

    for _ in range(runs):
        for key, value in one_run().items():
            stages.setdefault(key, []).append(value)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"records": records, "median": {k: statistics.median(v) for k, v in stages.items()},
            "peak_rss": peak, "version": dsar_analyzer.__version__}


def whole_process(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS of one command run as a user runs it."""
    probe = ("import resource, subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, code)\n")
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True).stdout
    seconds, peak, code = out.split()
    if code != "0":
        raise RuntimeError(f"{args} exited {code}")
    return float(seconds), int(peak)


# --------------------------------------------------------------------------- small exports


def small_exports(count: int, folder: Path) -> dict[str, Any]:
    from dsar_analyzer import samples

    for i in range(count):
        sample = samples.generate("G4", seed=1000 + i)
        (folder / f"export_{i:05d}.zip").write_bytes(sample.zip_bytes())
    code = (
        "import sys, time, pathlib\n"
        "t0 = time.perf_counter()\n"
        "import dsar_analyzer\n"
        "from datetime import datetime, timezone\n"
        "from dsar_analyzer.analysis.export_figures import analyse\n"
        "from dsar_analyzer.report.context import ReportOptions\n"
        "from dsar_analyzer.report.render import render_report\n"
        "t1 = time.perf_counter(); load = ana = ren = 0.0\n"
        "opts = ReportOptions(language='en', generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc))\n"
        "out = pathlib.Path(sys.argv[2])\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.zip')):\n"
        "    a = time.perf_counter(); e = dsar_analyzer.load(p); b = time.perf_counter()\n"
        "    an = analyse(e); c = time.perf_counter(); r = render_report(e, an, opts); d = time.perf_counter()\n"
        "    (out / (p.stem + '.html')).write_text(r.html)\n"
        "    load += b - a; ana += c - b; ren += d - c\n"
        "print(t1 - t0, time.perf_counter() - t1, load, ana, ren)\n"
    )
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", code, str(folder), out], capture_output=True, text=True,
                                check=True).stdout.split()
        wall = time.perf_counter() - started
    imported, loop, load, ana, ren = map(float, result)
    return {"exports": count, "wall": wall, "import": imported, "loop": loop, "per_export_ms": {
        "load": load / count * 1000, "analyse": ana / count * 1000, "render": ren / count * 1000},
        "exports_per_s": count / wall}


# --------------------------------------------------------------------------- driver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="watch rows per export, comma separated")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--small", default="100", help="folders of small exports to time, e.g. 100,1000 ('' for none)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)  # internal: path, format, runs
    args = parser.parse_args()
    if args.child:
        path, fmt, runs = args.child
        print(json.dumps(measure_one(Path(path), fmt, int(runs))))
        return

    results: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                           "platform": platform.platform()}, "runs": args.runs, "exports": []}
    cli = [sys.executable, "-m", "dsar_analyzer"]
    stage_order = ("read", "parse", "load", "classify", "age", "location", "viewing", "analyse", "charts",
                   "render", "write")
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(s) for s in args.sizes.split(",") if s):
            for fmt in args.formats.split(","):
                zipped, members = build(size, fmt)
                path = Path(scratch) / f"TikTok_Data_{size}_{fmt}.zip"
                path.write_bytes(zipped)
                uncompressed = sum(len(m) for m in members.values())
                del members
                child = subprocess.run([sys.executable, __file__, "--child", str(path), fmt, str(args.runs)],
                                       capture_output=True, text=True, check=True)
                one = json.loads(child.stdout)
                inspect = [whole_process([*cli, "inspect", "--json", str(path)]) for _ in range(args.runs)]
                report = [whole_process([*cli, "report", str(path), "--out", str(Path(scratch) / "out"),
                                         "--generated-at", "2026-01-01"]) for _ in range(args.runs)]
                entry = {"size": size, "format": fmt, "uncompressed_bytes": uncompressed, **one,
                         "inspect_process": {"seconds": statistics.median(s for s, _ in inspect),
                                             "peak_rss": max(p for _, p in inspect)},
                         "report_process": {"seconds": statistics.median(s for s, _ in report),
                                            "peak_rss": max(p for _, p in report)}}
                results["exports"].append(entry)
                floor = one["median"]["floor"]
                print(f"\n{fmt} {size:,} watch rows: {one['records']:,} records, {uncompressed / 1e6:.1f} MB uncompressed; "
                      f"floor (inflate + decode) {floor:.3f} s")
                print(f"  {'stage':<10} {'median s':>9} {'records/s':>12} {'x floor':>8}")
                for stage in stage_order:
                    seconds = one["median"][stage]
                    rate = one["records"] / seconds if seconds else float("inf")
                    print(f"  {stage:<10} {seconds:>9.3f} {rate:>12,.0f} {seconds / floor:>8.2f}")
                for name in ("inspect_process", "report_process"):
                    seconds, peak = entry[name]["seconds"], entry[name]["peak_rss"]
                    print(f"  {name:<16} {seconds:>7.2f} s = {seconds / floor:.2f}x floor; peak RSS {peak / 1e6:,.0f} MB "
                          f"= {peak / uncompressed:.1f}x the uncompressed input")
                print(f"  in-process peak RSS {one['peak_rss'] / 1e6:,.0f} MB")
        for count in (int(s) for s in args.small.split(",") if s):
            folder = Path(scratch) / f"small_{count}"
            folder.mkdir()
            small = small_exports(count, folder)
            results["small"] = [*results.get("small", []), small]
            ms = small["per_export_ms"]
            print(f"\n{count} small exports (138 records each), one process, load+analyse+render+write: "
                  f"{small['wall']:.2f} s wall ({small['exports_per_s']:.1f} exports/s), import {small['import']:.2f} s; "
                  f"per export load {ms['load']:.1f} ms, analyse {ms['analyse']:.1f} ms, render {ms['render']:.1f} ms")
    (HERE / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nwritten: {HERE / 'results.json'}")


if __name__ == "__main__":
    main()
