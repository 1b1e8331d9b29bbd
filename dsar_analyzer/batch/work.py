"""One export of a batch, as a worker process runs it: read, analyse, write the report, return its row.

Runs in long-lived worker processes (local or Dask), so everything heavy is imported once per worker
(``warm_up``). Nothing here raises for a bad export: every outcome is a manifest row. An export
already done with the same SHA-256, tool version and options (its done-file says so and its report
is intact) comes back ``skipped``.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import cast

import orjson

from dsar_analyzer import __version__
from dsar_analyzer.analysis.figures import Analysis, AnalysisOptions, analyse
from dsar_analyzer.batch.cases import Case, safe_case_name
from dsar_analyzer.batch.discover import is_url
from dsar_analyzer.batch.files import write_atomic
from dsar_analyzer.batch.manifest import Row, empty_row
from dsar_analyzer.batch.resume import (
    STATE_FOLDER,
    done_record,
    file_sha256,
    folder_key,
    read_done,
    seal_key,
    state_folder,
)
from dsar_analyzer.errors import InputRejected, LimitExceeded
from dsar_analyzer.read.archive import Limits
from dsar_analyzer.read.reader import load
from dsar_analyzer.records.export import Export
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.i18n import Language
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import render_report

#: The manifest's ``reason`` column for each kind of unusable input.
REJECTION_REASONS = {"NotAnExport": "not_an_export", "CorruptInput": "corrupt", "UnsafeInput": "unsafe",
                     "LimitExceeded": "limit_exceeded"}


@dataclass(frozen=True)
class RunOptions:
    """The settings every export of one run shares (a case row may override language and country)."""

    mode: str = "redacted"
    case_key: bytes | None = None
    language: str | None = None
    consent_country: str = "NL"
    zone: str = "Europe/Amsterdam"
    generated_at: datetime = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Job:
    path: str
    out: str
    options: RunOptions
    case: Case | None = None
    note: str | None = None


def warm_up() -> int:
    """Import and prime what every export needs, once per worker process (returns the process id)."""
    from dsar_analyzer.report.render import environment

    for language in ("en", "nl"):
        environment(language).get_template("report.html.j2")
    return os.getpid()


def fingerprint(job: Job) -> str:
    """SHA-256 of everything besides the archive that decides an export's report and figures."""
    options = job.options
    case = job.case
    key = hmac.new(options.case_key, b"dsar-analyzer batch fingerprint", "sha256").hexdigest() \
        if options.case_key else None
    settings = {
        "tool_version": __version__, "mode": options.mode, "case_key": key, "language": options.language,
        "consent_country": options.consent_country, "zone": options.zone,
        "case": None if case is None else {"case_id": case.case_id, "child": case.child, "lang": case.lang,
                                           "birth_date": case.birth_date.isoformat() if case.birth_date else None,
                                           "consent_country": case.consent_country},
    }
    return hashlib.sha256(orjson.dumps(settings, option=orjson.OPT_SORT_KEYS)).hexdigest()


@functools.cache
def _seal(out: str, case_key: bytes | None) -> bytes:
    """The HMAC key of this output folder's done-files (read once per worker process)."""
    return seal_key(folder_key(state_folder(Path(out))), case_key)


def _already_done(out: Path, case_key: bytes | None, sha256: str, options_sha256: str) -> Row | None:
    """The row of an earlier run, when its done-file is sealed, matches, and its report is intact."""
    return read_done(out, _seal(str(out), case_key), sha256, options_sha256)


def report_name(case: Case | None, sha256: str) -> str:
    return f"{safe_case_name(case.case_id) if case else sha256}.html"


def _figures(export: Export, analysis: Analysis) -> Row:
    age = analysis.age
    earliest = [v for v in age.earliest_by_category.values() if v is not None]
    latest = [v for v in age.latest_by_category.values() if v is not None]
    return {
        "format": export.format, "generation": export.generation, "language": export.language,
        "birth_date_used": age.birth_date.value.isoformat() if age.birth_date.value else None,
        "birth_date_source": {"override": "case_file"}.get(age.birth_date.source, age.birth_date.source),
        "consent_country": age.consent_country, "records": analysis.record_count, **age.bands,
        "records_since_2018_05_25": age.since_claim_start, "records_under_consent_age": age.under_consent_age,
        "earliest": min(earliest).isoformat() if earliest else None,
        "latest": max(latest).isoformat() if latest else None,
        **{f"records_{category}": count for category, count in analysis.categories.items()},
    }


def _fetch(url: str, into: str) -> str:
    """Copy a remote input (fsspec URL) into a private temporary folder, within the archive size limit."""
    try:
        import fsspec  # type: ignore[import-untyped]
    except ImportError:
        raise InputRejected(f"{url} is a URL; reading URLs needs the fsspec package "
                            "(pip install 'dsar-analyzer[dask]').") from None
    limit = Limits().max_archive_bytes
    chunk_size = 1 << 20
    target = os.path.join(into, os.path.basename(url.rstrip("/")) or "export")
    copied = 0
    with fsspec.open(url, "rb") as source, open(target, "wb") as sink:
        while chunk := source.read(chunk_size):
            copied += len(chunk)
            if copied > limit:
                raise LimitExceeded(f"{url} is larger than {limit:,} bytes, the largest archive read.")
            sink.write(chunk)
    return target


def run_job(job: Job) -> Row:
    """The manifest row of one export; its report and done-file are written into ``job.out``."""
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    row = empty_row(job.path) | {"tool_version": __version__, "started_at": started.isoformat(timespec="seconds"),
                                 "options_sha256": fingerprint(job)}
    if job.case:
        row |= {"case_id": job.case.case_id, "child": job.case.child}
    scratch = None
    try:
        path = job.path
        if path.startswith("file://"):
            path = path[len("file://"):]
        elif is_url(path):
            scratch = tempfile.mkdtemp(prefix="dsar-batch-")
            path = _fetch(path, scratch)
        row |= _run(job, path, row)
    except InputRejected as error:
        row |= {"status": "rejected", "reason": REJECTION_REASONS.get(type(error).__name__, "rejected"),
                "message": str(error)}
    except (MemoryError, RecursionError):
        row |= {"status": "failed", "reason": "too_large",
                "message": "the export is too large or too deeply nested to read on this computer"}
    except OSError as error:
        row |= {"status": "failed", "reason": "io",
                "message": f"could not be read or written ({error.strerror or type(error).__name__})"}
    except Exception as error:  # noqa: BLE001 - one export never stops the others; the row says what broke
        row |= {"status": "failed", "reason": "internal",
                "message": f"internal error ({type(error).__name__}); please report it"}
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    row["seconds"] = round(time.perf_counter() - clock, 3)
    return row


def _run(job: Job, path: str, row: Row) -> Row:
    out = Path(job.out)
    options_sha256 = row["options_sha256"]
    if os.path.isfile(path):
        sha256, size = file_sha256(path)
        row |= {"sha256": sha256, "size": size}
        done = _already_done(out, job.options.case_key, sha256, options_sha256)
        if done is not None:
            return _skipped(done, row)
    export = load(path)
    row |= {"sha256": export.input.sha256, "size": export.input.size}
    if not os.path.isfile(path):
        done = _already_done(out, job.options.case_key, export.input.sha256, options_sha256)
        if done is not None:
            return _skipped(done, row)
    case = job.case
    options = job.options
    birth: date | None = case.birth_date if case else None
    analysis = analyse(export, AnalysisOptions(
        birth_date=birth, consent_country=(case.consent_country if case and case.consent_country
                                           else options.consent_country),
        zone=options.zone, redact_search_terms=options.mode != "full"))
    language = (case.lang if case and case.lang else None) or options.language or export.language
    rendered = render_report(export, analysis, ReportOptions(
        language=cast(Language, language), mode=Mode(options.mode), case_key=options.case_key, generated_at=options.generated_at))
    name = report_name(case, export.input.sha256)
    write_atomic(out, name, rendered.html.encode("utf-8"))
    write_atomic(out, f"{name}.sha256", f"{rendered.sha256}  {name}\n".encode())
    result = row | _figures(export, analysis) | {
        "status": "ok", "message": job.note, "report": name, "report_sha256": rendered.sha256}
    write_atomic(state_folder(out), *done_record(_seal(str(out), options.case_key), result))
    return result


def _skipped(done: Row, row: Row) -> Row:
    keep = {k: v for k, v in done.items() if k not in ("path", "started_at", "seconds", "message")}
    return row | keep | {"status": "skipped",
                         "message": "done in an earlier run with the same archive, tool version and options"}
