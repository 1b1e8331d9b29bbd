"""Run one group of the hostile corpus in this process and print one JSON line per case.

``python -m tests.hostile_run GROUP [MEMORY_MB]`` caps the address space of the process (so a
blow-up ends as a MemoryError, never as a frozen machine), gives each case 60 seconds (a hang is
reported as one), and for each case loads the input, analyses it and renders the report in every
mode. The outcome printed is the refusal class, or the ledger figures; ``seconds`` and ``peak_mb``
(the process's peak resident memory so far) are for the record, never asserted on.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

CASE_SECONDS = 60


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def outcome(path: Path) -> dict[str, Any]:
    from dsar_analyzer import InputRejected, load
    from dsar_analyzer.analysis.export_figures import analyse
    from dsar_analyzer.report.context import ReportOptions
    from dsar_analyzer.report.redact import Mode
    from dsar_analyzer.report.render import render_report

    try:
        export = load(path)
    except InputRejected as error:
        return {"refused": type(error).__name__, "one_line": "\n" not in str(error)}
    analysis = analyse(export)
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for mode in Mode:
        key = b"k" * 32 if mode is Mode.CLAIM else None
        render_report(export, analysis, ReportOptions(language="en", mode=mode, case_key=key, generated_at=when))
    totals = export.ledger.totals()
    return {
        "records": totals.records, "invalid": totals.invalid, "ignored": totals.ignored_items,
        "unrecognised": totals.unrecognised_items, "ledger_adds_up": export.ledger.check() == [],
        "notes": sorted(n.message for n in export.ledger.notes),
    }


def main(group: str, memory_mb: int) -> None:
    from tests.hostile_inputs import CASES

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _alarm)
    for name, build in CASES[group].items():
        with tempfile.TemporaryDirectory() as folder:
            path = build(Path(folder))
            started = time.perf_counter()
            signal.alarm(CASE_SECONDS)
            try:
                result = outcome(path)
            except Hang:
                result = {"hang": True}
            except MemoryError:
                result = {"memory": True}
            except Exception as error:  # the point: any other exception is a crash to report
                result = {"crash": f"{type(error).__name__}: {error}"[:300],
                          "trace": traceback.format_exc()[-1500:]}
            finally:
                signal.alarm(0)
            seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(json.dumps({"case": name, "outcome": result, "seconds": round(seconds, 2), "peak_mb": peak}),
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 4096)
