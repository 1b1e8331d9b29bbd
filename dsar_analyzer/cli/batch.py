"""``dsar-analyzer batch``: every export under the inputs, in parallel, with a manifest and a summary.

Exit codes: 0 when every export was read (or skipped as done in an earlier run); 3 when some were
rejected or failed, or a case row names no input (the manifest says which and why); 2 for unusable
options or case file (two cases naming one archive included); 130 when stopped by Ctrl-C, SIGTERM or
SIGHUP (the manifest lists what was not read as ``not_started``; run again to finish).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import InputError, printable
from dsar_analyzer.read.archive import text_path
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


def _local_folder(value: str) -> str:
    """``--out`` is a folder every worker can write to: a path, or a ``file://`` URL of one.

    Kept as the text given: ``Path("")`` would be the current folder, which the output-folder rule
    refuses to guess.
    """
    if value.startswith("file://"):
        return value[len("file://"):]
    if "://" in value:
        raise click.BadParameter("must be a folder on this computer or on a shared drive (a path or file:// URL); "
                                 "reports are not written to object stores.", param_hint="--out")
    return value


EXAMPLES = """\b
Examples:
  dsar-analyzer batch exports/ --out results/
  dsar-analyzer batch exports/ --out results/ --cases cases.xlsx --workers 2
  dsar-analyzer batch exports/ --out results/ --claim --case-key-file case.key
  dsar-analyzer batch /mnt/claims/exports --out /mnt/claims/results --scheduler tcp://10.0.0.1:8786

\b
Exit codes: 0 every export read or done before; 3 some rejected or failed (see manifest.csv);
2 unusable options or case file (one line on stderr); 130 stopped by Ctrl-C, SIGTERM or SIGHUP
(run again to finish).
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
@click.option("--grace", type=click.FloatRange(min=0), default=30.0, show_default=True, metavar="SECONDS",
              help="After Ctrl-C, SIGTERM or SIGHUP: how long the exports in flight may take to finish.")
@click.option("--prune", is_flag=True, help="Remove the reports in --out that no manifest row refers to.")
@lang_option("Report language. Default: the case file's, else the language of the export.")
@mode_options()
@generated_at_option
@consent_country_option
@zone_option
def batch(inputs: tuple[str, ...], out: str, cases_file: Path | None, workers: int | None, scheduler: str | None,
          grace: float, prune: bool, lang: str | None, redacted: bool, full: bool, claim: bool, case_key_file: str | None,
          generated_at: datetime | None, consent_country: str, zone: str) -> None:
    """Read every export in INPUTS (ZIPs, export folders, JSON/TXT files, folders of them) into reports."""
    from dsar_analyzer.batch.discover import discover, duplicates, is_url, url_problem
    from dsar_analyzer.report.names import SHA12, export_stem
    from dsar_analyzer.batch.manifest import Spool
    from dsar_analyzer.batch.resume import StateFolderError, folder_key, lock_output
    from dsar_analyzer.batch.run import Stop, start_fork_server
    from dsar_analyzer.batch.work import STATE_FOLDER, QueuedExport
    from dsar_analyzer.write import OutputRejected, output_folder, remove_stale_temporaries

    mode, key = settle_mode(redacted, full, claim, case_key_file)
    moment, _ = settled_time(generated_at)
    if scheduler:
        _check_scheduler(scheduler)
    else:
        start_fork_server()
    try:
        folder = output_folder(out)
        state = folder.private(STATE_FOLDER)
        lock = lock_output(state.path)
        folder_key(state.path)  # made once, before any worker needs it
    except (OutputRejected, StateFolderError) as error:
        raise InputError(str(error)) from None
    remove_stale_temporaries(folder)
    remove_stale_temporaries(state)
    found = discover(list(inputs), skip=frozenset({str(folder.path)}))
    if not found.exports:
        raise InputError("no exports (ZIP, JSON or TXT files, or export folders) were found in the inputs.")
    for problem in filter(None, (url_problem(p) for p in found.exports if is_url(p) and not p.startswith("file://"))):
        raise InputError(printable(problem))
    # Byte-identical inputs are told apart here, before any worker starts: the first in path order is
    # read, every later one is named its duplicate, whatever the number of workers or the scheduler.
    duplicated = duplicates(found.exports)
    assignment = read_cases(cases_file, found.exports) if cases_file is not None else None

    def jobs(spool: Spool) -> Iterator[QueuedExport]:
        # Made one at a time as the workers take them: a million inputs never become a million jobs.
        for path in found.exports:
            if path in duplicated:
                spool.add(_duplicate(path, *duplicated[path]))
                continue
            if assignment and path in assignment.rejected:
                spool.add(_case_rejection(path, assignment.rejected[path], assignment.rejected_case_ids.get(path)))
                continue
            case = assignment.cases.get(path) if assignment else None
            note = "no row in the case file; the self-declared birth date was used" if assignment and not case \
                else None
            # The case travels with its report: on the cover, the printed page's header and in the custody.
            reference = (f"{case.case_id} ({case.child})" if case.child else case.case_id) if case else None
            spec = spec_for(path, mode=mode, case_key=key, language=lang, case=case_row(case),
                            generated_at=generated_at, consent_country=consent_country, zone=zone,
                            out=str(folder.path), note=note, case_reference=reference,
                            report_name=export_stem(SHA12, mode.value, case_id=case.case_id if case else None)
                            + ".html")
            yield QueuedExport(path=path, spec=spec)

    stop = Stop()
    with Spool(state.path) as spool, stop.handling_signals():
        for missing in assignment.missing if assignment else ():
            spool.add(_case_missing(missing))
        try:
            _run(jobs(spool), len(found.exports) - len(duplicated) - len(assignment.rejected if assignment else ()), spool, workers or _cores(), scheduler, stop, grace)
        except KeyboardInterrupt:  # a second stop signal: stop waiting, write what is known
            pass
        interrupted = stop.requested
        if interrupted:
            click.echo("\nInterrupted: exports not read are listed in the manifest as not_started; run the same "
                       "command again to finish.", err=True)
        for path in found.exports:  # every input has its row, whatever stopped the run
            if not spool.has(text_path(path)):
                spool.add(_not_started(path, assignment))
        written = _write_outputs(folder, spool, assignment, found.ignored, lang or "en", moment, prune)
        counts = spool.status_counts()
        total = len(spool)
    lock.close()
    for name in written.stale:
        click.echo(f"report no row refers to: {name} (run again with --prune to remove it)", err=True)
    if written.pruned:
        click.echo(f"removed {written.pruned:,} report{'s' if written.pruned != 1 else ''} no row refers to",
                   err=True)
    click.echo(f"{total:,} inputs: {counts['ok'] + counts['warning']:,} read, {counts['skipped']:,} done before, "
               f"{counts['rejected']:,} rejected, {counts['failed']:,} failed, {counts['not_started']:,} not started"
               + (f", {counts['missing']:,} case rows naming no input" if counts.get("missing") else "")
               + (f", {counts['duplicate']:,} duplicates" if counts.get("duplicate") else "")
               + f". Manifest: {printable(os.path.join(out, 'manifest.csv'))}", err=True)
    click.echo(printable(os.path.join(out, "manifest.csv")))
    if interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if counts["rejected"] or counts["failed"] or counts["missing"]:
        sys.exit(EXIT_SOME_FAILED)


def _check_scheduler(scheduler: str) -> None:
    """A ``--scheduler`` that cannot be used is one line and exit 2, before anything is read or written."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise InputError("--scheduler needs Dask: pip install 'dsar-analyzer[dask]'.") from None
    from dsar_analyzer.batch.run import SchedulerError, check_scheduler

    try:
        check_scheduler(scheduler)
    except SchedulerError as error:
        raise InputError(str(error)) from None


def _duplicate(path: str, first: str, sha256: str) -> dict[str, Any]:
    from dsar_analyzer import __version__
    from dsar_analyzer.batch.manifest import empty_row

    return empty_row(text_path(path)) | {
        "status": "duplicate", "reason": "duplicate", "sha256": sha256, "tool_version": __version__,
        "message": f"the same archive as {text_path(first)} (same SHA-256), which was read instead"}


def _case_rejection(path: str, message: str, case_id: str | None) -> dict[str, Any]:
    from dsar_analyzer import __version__
    from dsar_analyzer.batch.manifest import empty_row

    return empty_row(text_path(path)) | {"status": "rejected", "reason": "case_file", "message": message,
                              "case_id": case_id, "tool_version": __version__}


def _not_started(path: str, assignment: Any) -> dict[str, Any]:
    from dsar_analyzer import __version__
    from dsar_analyzer.batch.manifest import empty_row
    from dsar_analyzer.batch.run import NOT_STARTED

    case = assignment.cases.get(path) if assignment else None
    return empty_row(text_path(path)) | {"status": "not_started", "reason": "interrupted", "message": NOT_STARTED,
                              "tool_version": __version__, "case_id": case.case_id if case else None,
                              "child": case.child if case else None}


def _case_missing(case: Any) -> dict[str, Any]:
    """The manifest row of a case file row that names no input: its case, and what it named as the path."""
    named = case.file or f"sha256:{case.sha256}"
    return _case_rejection(named, f"case file row {case.row} names no input ({named})", case.case_id) | {
        "status": "missing", "child": case.child}


def _run(jobs: Iterator[Any], total: int, spool: Any, workers: int, scheduler: str | None, stop: Any,
         grace: float) -> None:
    """Run the jobs, each row into the spool as it comes; progress and problems on stderr."""
    from dsar_analyzer.batch.run import Progress, SchedulerError, run_dask, run_local

    if scheduler:
        results = run_dask(jobs, scheduler, workers, stop=stop, grace=grace)
    else:
        results = run_local(jobs, workers, stop=stop, grace=grace)
    threading.Thread(target=_import_for_outputs, name="import-for-outputs", daemon=True).start()
    terminal = sys.stderr.isatty()
    progress = Progress(total)
    records = 0

    def status(_: Any) -> str:
        rate = progress.done / max(time.monotonic() - progress.started, 1e-9)
        return f"{records:,} records, {rate:.1f} exports/s"

    try:
        with click.progressbar(length=total, label="exports", file=sys.stderr, show_pos=True, show_eta=True,
                               item_show_func=status, hidden=not terminal) as bar:
            for row in results:
                spool.add(row)
                records += row.get("records") or 0
                if row["status"] in ("rejected", "failed"):
                    click.echo((chr(10) if terminal else "") + printable(f"{row['status']}: {row['path']}: {row['message']}"),
                               err=True)
                line = progress.add()
                if terminal:
                    bar.update(1, row)
                elif line:
                    click.echo(line, err=True)
    except SchedulerError as error:
        raise InputError(str(error)) from None


def _import_for_outputs() -> None:
    """Import what writing the run's files needs while the workers run, when this process mostly waits.

    pandas and Arrow (the Parquet manifest) and the summary page's modules were 0.3-0.5 s after the
    last export. A failed import is left to the real one, which says what is wrong.
    """
    try:
        import pyarrow.parquet  # noqa: F401
        import pandas  # noqa: F401

        from dsar_analyzer.batch import outputs  # noqa: F401
    except ImportError:
        pass


def _write_outputs(out: OutputFolder, spool: Any, assignment: Any, ignored: list[tuple[str, str]],
                   language: Any, generated_at: datetime, prune: bool) -> Any:
    from dsar_analyzer.batch.outputs import write_outputs

    problems = [{"row": p.row, "message": p.message} for p in assignment.problems] if assignment else []
    return write_outputs(out, spool, language=language, generated_at=generated_at, case_problems=problems,
                         inputs_without_row=assignment.without_row if assignment else (), ignored=ignored,
                         remove_stale=prune)
