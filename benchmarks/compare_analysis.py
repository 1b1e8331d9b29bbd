"""Every figure of ``analyse`` of this tree against an earlier commit's, on every sample and on random exports.

Run by hand: ``.venv/bin/python benchmarks/compare_analysis.py --before d0111ed [--random 300]``. The
earlier commit's package is taken from git (``git archive``) into a temporary folder; each side runs in
its own process over the same input files and options, and the ``Analysis`` of each input, dumped
to JSON (``Analysis.to_json``), must be byte-identical but for the hash of the code itself in the chain
of custody. The inputs: every bundled sample under the
default options and under a given birth date, then exports that hypothesis draws (generation, seed,
record counts up to 3,000 so that large columns take the Arrow path, time zone, birth date).
Prints how many were compared and every input whose figures differ.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZONES = ["Europe/Amsterdam", "UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Kiritimati",
         "America/St_Johns", "Europe/London"]


def _random_cases(folder: Path, count: int) -> list[dict]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from dsar_analyzer import samples

    drawn: list[tuple] = []
    sizes = st.one_of(st.integers(0, 12), st.integers(2040, 3000))

    @settings(max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(generation=st.sampled_from(samples.GENERATIONS_JSON + samples.GENERATIONS_TXT),
           seed=st.integers(0, 2**32), watch=sizes, logins=st.integers(0, 40), searches=st.integers(0, 30),
           zone=st.sampled_from(ZONES), born=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2015, 12, 31))),
           start_year=st.integers(2016, 2024))
    def draw(generation: str, seed: int, watch: int, logins: int, searches: int, zone: str, born: date | None,
             start_year: int) -> None:
        drawn.append((generation, seed, watch, logins, searches, zone, born, start_year))

    draw()
    cases = []
    for i, (generation, seed, watch, logins, searches, zone, born, start_year) in enumerate(drawn):
        sample = samples.generate(generation, seed=seed, counts={"watch_history": watch, "logins": logins,
                                                                 "searches": searches},
                                  start=datetime(start_year, 1, 1, tzinfo=timezone.utc),
                                  end=datetime(start_year + 2, 1, 1, tzinfo=timezone.utc))
        path = folder / f"random-{i:04d}-{sample.name}.zip"
        path.write_bytes(sample.zip_bytes())
        cases.append({"path": str(path), "options": {"zone": zone, "birth_date": born and born.isoformat()}})
    return cases


def _sample_cases() -> list[dict]:
    cases = []
    for path in sorted((ROOT / "sample_exports").iterdir()):
        cases.append({"path": str(path), "options": {}})
        cases.append({"path": str(path), "options": {"birth_date": "2008-05-25", "zone": "America/New_York"}})
    return cases


#: What names the code itself in the chain of custody (its files' hash and number), left out.
_OWN_SOURCE = ("source_sha256", "source_files")


def _worker(cases_file: str, out_file: str) -> None:
    from dsar_analyzer import load
    from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse

    out = []
    for case in json.loads(Path(cases_file).read_text()):
        figures = json.loads(analyse(load(case["path"]), AnalysisOptions(**case["options"])).to_json())
        for name in _OWN_SOURCE:  # differs by construction: the hash of the code that ran
            figures["custody"]["environment"].pop(name)
        out.append(json.dumps(figures, sort_keys=True))
    Path(out_file).write_text(json.dumps(out))


def _run_side(package_root: Path, cases_file: Path, out_file: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    subprocess.run([sys.executable, __file__, "--worker", str(cases_file), str(out_file)], env=env, check=True,
                   cwd=package_root)
    result: list[str] = json.loads(out_file.read_text())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="the commit to compare with")
    parser.add_argument("--random", type=int, default=300, help="how many random exports")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(*args.worker)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        before = folder / "before"
        before.mkdir()
        tree = subprocess.run(["git", "archive", args.before], cwd=ROOT, capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(tree)) as archive:
            archive.extractall(before, filter="data")
        cases = _sample_cases() + _random_cases(folder, args.random)
        cases_file = folder / "cases.json"
        cases_file.write_text(json.dumps(cases))
        old = _run_side(before, cases_file, folder / "before.json")
        new = _run_side(ROOT, cases_file, folder / "after.json")
        differ = [(case, a, b) for case, a, b in zip(cases, old, new, strict=True) if a != b]
        print(f"{len(cases)} analyses compared ({len(_sample_cases())} of bundled samples, {args.random} random "
              f"exports), {len(differ)} differ")
        for case, a, b in differ[:5]:
            print(Path(case["path"]).name, case["options"])
            changed = {k for k in json.loads(a) if json.loads(a)[k] != json.loads(b).get(k)}
            print("  figures that differ:", sorted(changed))


if __name__ == "__main__":
    main()
