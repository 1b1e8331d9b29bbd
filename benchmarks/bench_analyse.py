"""``analyse`` on the bundled sample, warm, in one process: median milliseconds and the share of ``location``.

Run by hand: ``.venv/bin/python benchmarks/bench_analyse.py [RUNS]``. Each run reads the sample afresh
(figures are cached per export) and times ``analyse`` and ``location_figures`` on it; the floor measured
in the same run is ``category_counts`` (one pass over the sections), so the ratio travels between machines;
the CPU time of ``analyse`` (``time.process_time``) is printed too.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from dsar_analyzer import load
from dsar_analyzer.analysis.classify import category_counts
from dsar_analyzer.analysis.export_figures import analyse
from dsar_analyzer.analysis.location import location_figures

SAMPLE = Path(__file__).resolve().parents[1] / "sample_exports" / "g4-en-sample_child_a.zip"


def _ms(fn, export_factory, runs: int, clock=time.perf_counter) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        export = export_factory()
        start = clock()
        fn(export)
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    data = SAMPLE.read_bytes()

    def fresh():  # type: ignore[no-untyped-def]
        return load(data, name=SAMPLE.name)

    analyse(fresh())  # warm: imports, the IP table, templates
    floor = _ms(category_counts, fresh, runs)
    whole = _ms(analyse, fresh, runs)
    location = _ms(location_figures, fresh, runs)
    cpu = _ms(analyse, fresh, runs, time.process_time)  # CPU time moves less than wall time on a shared machine
    print(f"{SAMPLE.name}, {runs} runs, median: analyse {whole:.1f} ms ({whole / floor:.0f}x the floor "
          f"{floor:.2f} ms; CPU {cpu:.1f} ms), of which location {location:.1f} ms ({location / whole:.0%})")


if __name__ == "__main__":
    main()
