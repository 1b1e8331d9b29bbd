"""``dsar-analyzer batch``: every export under the inputs, in parallel, with a manifest and a summary.

Exit codes: 0 when every export was read (or skipped as done in an earlier run); 3 when some were
rejected or failed, or a case row names no input (the manifest says which and why); 2 for unusable
options or case file (two cases naming one archive included);
130 when interrupted (the manifest lists what was not read; run again to finish).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import InputError, printable
from dsar_analyzer.cli.options import (
    case_row,
    consent_country_option,
    generated_at_option,
    lang_option,
    mode_options,
    read_cases,
    settle_mode,
    settled_time,
    spec_for,
    zone_option,
)

if TYPE_CHECKING:
    from dsar_analyzer.write import OutputFolder

EXIT_SOME_FAILED = 3
EXIT_INTERRUPTED = 130


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _lock(state: OutputFolder) -> Any:
    """Hold a lock on the output folder for the whole run: two runs must not interleave their files."""
    handle = open(state.path / "lock", "a+b")  # noqa: SIM115 - held until the process exits
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one run per folder is the user's job
        return handle
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise InputError(f"another batch run is writing into {state.path.parent}; wait for it or choose another "
                         "--out.") from None
    return handle


def _local_folder(value: str) -> Path:
    """``--out`` is a folder every worker can write to: a path, or a ``file://`` URL of one."""
    if value.startswith("file://"):
        return Path(value[len("file://"):])
    if "://" in value:
        raise click.BadParameter("must be a folder on this computer or on a shared drive (a path or file:// URL); "
                                 "reports are not written to object stores.", param_hint="--out")
    return Path(value)


EXAMPLES = """\b
Examples:
  dsar-analyzer batch exports/ --out results/
  dsar-analyzer batch exports/ --out results/ --cases cases.xlsx --workers 2
  dsar-analyzer batch exports/ --out results/ --claim --case-key-file case.key
  dsar-analyzer batch /mnt/claims/exports --out /mnt/claims/results --scheduler tcp://10.0.0.1:8786

\b
Exit codes: 0 every export read or done before; 3 some rejected or failed (see manifest.csv);
2 unusable options or case file (one line on stderr); 130 interrupted (run again to finish).
"""


@cli.command(short_help="Read many exports in parallel: reports, a manifest and a summary.", epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(), metavar="INPUT...")
@click.option("--out", "out", required=True, callback=lambda _c, _p, value: _local_folder(value),
              help="Folder for the reports, manifest.csv/.parquet and summary.html/.json (created if missing).")
@click.option("--cases", "cases_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Case file (CSV or XLSX): file or sha256, case_id, birth_date[, consent_country, lang, child].")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on a Dask cluster (tcp://HOST:8786), or 'local' for a Dask cluster on this computer "
                   "(needs dsar-analyzer[dask]).")
@lang_option("Report language. Default: the case file's, else the language of the export.")
@mode_options()
@generated_at_option
@consent_country_option
@zone_option
def batch(inputs: tuple[str, ...], out: Path, cases_file: Path | None, workers: int | None, scheduler: str | None,
          lang: str | None, redacted: bool, full: bool, claim: bool, case_key_file: str | None,
          generated_at: datetime | None, consent_country: str, zone: str) -> None:
    """Read every export in INPUTS (ZIPs, export folders, JSON/TXT files, folders of them) into reports."""
    from dsar_analyzer.batch.cases import safe_case_name
    from dsar_analyzer.batch.discover import discover
    from dsar_analyzer.batch.work import STATE_FOLDER, Job
    from dsar_analyzer.write import OutputRejected, output_folder, remove_stale_temporaries

    mode, key = settle_mode(redacted, full, claim, case_key_file)
    moment, _ = settled_time(generated_at)
    try:
        folder = output_folder(out)
        state = folder.private(STATE_FOLDER)
    except OutputRejected as error:
        raise InputError(str(error)) from None
    lock = _lock(state)
    remove_stale_temporaries(folder)
    remove_stale_temporaries(state)
    found = discover(list(inputs), skip=frozenset({str(out)}))
    if not found.exports:
        raise InputError("no exports (ZIP, JSON or TXT files, or export folders) were found in the inputs.")
    assignment = read_cases(cases_file, found.exports) if cases_file is not None else None
    rows: list[dict[str, Any]] = [_case_missing(case) for case in assignment.missing] if assignment else []
    jobs = []
    for path in found.exports:
        if assignment and path in assignment.rejected:
            rows.append(_case_rejection(path, assignment.rejected[path], assignment.rejected_case_ids.get(path)))
            continue
        case = assignment.cases.get(path) if assignment else None
        note = "no row in the case file; the self-declared birth date was used" if assignment and not case else None
        spec = spec_for(path, mode=mode, case_key=key, language=lang, case=case_row(case), generated_at=generated_at,
                        consent_country=consent_country, zone=zone, out=str(folder.path), note=note,
                        report_name=f"{safe_case_name(case.case_id)}.html" if case else "{sha256}.html")
        jobs.append(Job(path=path, spec=spec))
    try:
        rows += _run(jobs, workers or _cores(), scheduler)
        interrupted = False
    except _Interrupted as stop:
        rows += stop.rows
        interrupted = True
    _write_outputs(folder, rows, assignment, found.ignored, lang or "en", moment)
    lock.close()
    from dsar_analyzer.batch.manifest import status_counts

    counts = status_counts(rows)
    click.echo(f"{len(rows):,} inputs: {counts['ok'] + counts['warning']:,} read, {counts['skipped']:,} done before, "
               f"{counts['rejected']:,} rejected, {counts['failed']:,} failed"
               + (f", {counts['missing']:,} case rows naming no input" if counts["missing"] else "")
               + f". Manifest: {out / 'manifest.csv'}",
               err=True)
    click.echo(str(out / "manifest.csv"))
    if interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if counts["rejected"] or counts["failed"] or counts["missing"]:
        sys.exit(EXIT_SOME_FAILED)


class _Interrupted(Exception):
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows


def _case_rejection(path: str, message: str, case_id: str | None) -> dict[str, Any]:
    from dsar_analyzer import __version__
    from dsar_analyzer.batch.manifest import empty_row

    return empty_row(path) | {"status": "rejected", "reason": "case_file", "message": message,
                              "case_id": case_id, "tool_version": __version__}


def _case_missing(case: Any) -> dict[str, Any]:
    """The manifest row of a case file row that names no input: its case, and what it named as the path."""
    named = case.file or f"sha256:{case.sha256}"
    return _case_rejection(named, f"case file row {case.row} names no input ({named})", case.case_id) | {
        "status": "missing", "child": case.child}


def _run(jobs: list[Any], workers: int, scheduler: str | None) -> list[dict[str, Any]]:
    from dsar_analyzer.batch.run import run_dask, run_local

    if scheduler:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise InputError("--scheduler needs Dask: pip install 'dsar-analyzer[dask]'.") from None
        results = run_dask(jobs, scheduler, workers)
    else:
        results = run_local(jobs, workers)
    rows: list[dict[str, Any]] = []
    records = 0
    start = time.monotonic()

    def status(_: Any) -> str:
        rate = len(rows) / max(time.monotonic() - start, 1e-9)
        return f"{records:,} records, {rate:.1f} exports/s"

    try:
        with click.progressbar(length=len(jobs), label="exports", file=sys.stderr, show_pos=True, show_eta=True,
                               item_show_func=status) as bar:
            for row in results:
                rows.append(row)
                records += row.get("records") or 0
                if row["status"] in ("rejected", "failed"):
                    click.echo("\n" + printable(f"{row['status']}: {row['path']}: {row['message']}"), err=True)
                bar.update(1, row)
    except KeyboardInterrupt:
        from dsar_analyzer.batch.manifest import empty_row

        finished = {row["path"] for row in rows}
        click.echo("\nInterrupted: exports not read are listed in the manifest; run the same command again "
                   "to finish.", err=True)
        raise _Interrupted(rows + [empty_row(job.path) | {
            "status": "failed", "reason": "interrupted", "message": "not read: the run was interrupted",
            "case_id": job.spec.case.case_id if job.spec.case else None}
            for job in jobs if job.path not in finished]) from None
    except OSError as error:
        raise InputError(f"the Dask scheduler at {scheduler} could not be reached ({error}); check the address "
                         "and that the scheduler is running.") from None
    return rows


def _write_outputs(out: OutputFolder, rows: list[dict[str, Any]], assignment: Any, ignored: list[tuple[str, str]],
                   language: Any, generated_at: datetime) -> None:
    from dsar_analyzer.batch.manifest import write_manifest
    from dsar_analyzer.batch.summary import (
        render_summary,
        summarise_batch,
        summary_json,
    )
    from dsar_analyzer.write import write_file

    write_manifest(out, rows)
    problems = [{"row": p.row, "message": p.message} for p in assignment.problems] if assignment else []
    summary = summarise_batch(rows, case_problems=problems,
                              inputs_without_row=assignment.without_row if assignment else (), ignored=ignored)
    write_file(out, "summary.json", summary_json(summary))
    write_file(out, "summary.html", render_summary(summary, rows, language, generated_at).encode("utf-8"))
