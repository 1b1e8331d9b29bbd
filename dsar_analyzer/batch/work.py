"""One export of a batch, as a worker process runs it: ``run_export``, a done-file, and its manifest row.

Runs in long-lived worker processes (local or Dask), so everything heavy is imported once per worker
(``warm_up``). Nothing here raises for a bad export: every outcome is a manifest row. An export
already done with the same SHA-256, tool version and options (its done-file says so and its report
is intact) comes back ``skipped``; what a batch adds to the one step is only that, and copying a
remote input (an fsspec URL) to a private temporary folder first.
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
from datetime import datetime, timezone
from pathlib import Path

import orjson

from dsar_analyzer import __version__
from dsar_analyzer.batch.discover import is_url
from dsar_analyzer.batch.resume import (
    STATE_FOLDER,
    done_record,
    file_sha256,
    folder_key,
    read_done,
    seal_key,
    state_folder,
)
from dsar_analyzer.errors import InputRejected, LimitExceeded, OutputRejected
from dsar_analyzer.read.archive import Limits, text_path
from dsar_analyzer.run.one import run_export
from dsar_analyzer.run.outcome import Outcome, Row
from dsar_analyzer.run.spec import RunSpec
from dsar_analyzer.write import OutputFolder, output_folder, write_file

_CHUNK = 1 << 20
#: Named here too: the commands and the page take them from this module.
__all__ = ["STATE_FOLDER", "QueuedExport", "file_sha256", "fingerprint", "run_job", "warm_up"]


@dataclass(frozen=True)
class QueuedExport:
    """One input of a batch and the settled spec it runs with (its ``out`` is the batch's output folder)."""

    path: str
    spec: RunSpec

    @property
    def out(self) -> str:
        return self.spec.out or "."


def warm_up() -> int:
    """Import and prime what every export needs, once per worker process (returns the process id)."""
    from dsar_analyzer.report.render import environment

    for language in ("en", "nl"):
        templates = environment(language)
        # The report and the partials it includes (loaded when it first renders, otherwise).
        for name in templates.list_templates(filter_func=lambda name: name == "report.html.j2"
                                             or (name.startswith("_") and name.endswith(".html.j2"))):
            templates.get_template(name)
    return os.getpid()


def fingerprint(spec: RunSpec) -> str:
    """SHA-256 of everything besides the archive that decides an export's report and figures."""
    key = hmac.new(spec.case_key, b"dsar-analyzer batch fingerprint", "sha256").hexdigest() if spec.case_key else None
    settings = {"tool_version": __version__, "case_key": key, "case": spec.case.model_dump(mode="json") if spec.case
                else None, **spec.model_dump(mode="json", include={"mode", "language", "birth_date", "consent_country",
                                                                    "zone", "report_name"})}
    return hashlib.sha256(orjson.dumps(settings, option=orjson.OPT_SORT_KEYS)).hexdigest()


@functools.cache
def _seal(out: str, case_key: bytes | None) -> bytes:
    """The HMAC key of this output folder's done-files (read once per worker process)."""
    return seal_key(folder_key(state_folder(Path(out))), case_key)


def _already_done(out: OutputFolder, case_key: bytes | None, sha256: str, options_sha256: str) -> Row | None:
    """The row of an earlier run, when its done-file is sealed, matches, and its report is intact."""
    return read_done(out.path, _seal(str(out.path), case_key), sha256, options_sha256)


def _fetch(url: str, into: str) -> str:
    """Copy a remote input (fsspec URL) into a private temporary folder, within the archive size limit."""
    try:
        import fsspec  # type: ignore[import-untyped]
    except ImportError:
        raise InputRejected(f"{url} is a URL; reading URLs needs the fsspec package "
                            "(pip install 'dsar-analyzer[dask]').") from None
    limit = Limits().max_archive_bytes
    target = os.path.join(into, os.path.basename(url.rstrip("/")) or "export")
    copied = 0
    with fsspec.open(url, "rb") as source, open(target, "wb") as sink:
        while chunk := source.read(_CHUNK):
            copied += len(chunk)
            if copied > limit:
                raise LimitExceeded(f"{url} is larger than {limit:,} bytes, the largest archive read.")
            sink.write(chunk)
    return target


def run_job(job: QueuedExport) -> Row:
    """The manifest row of one export; its report and done-file are written into ``job.out``."""
    options_sha256 = fingerprint(job.spec)
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    scratch = None
    try:
        path = job.path
        if path.startswith("file://"):
            path = path[len("file://"):]
        elif is_url(path):
            scratch = tempfile.mkdtemp(prefix="dsar-batch-")
            path = _fetch(path, scratch)
        outcome = _run(job, path, options_sha256)
    except InputRejected as error:  # only the copy of a URL raises here; run_export never does
        outcome = Outcome.from_row({"path": text_path(job.path), "status": "rejected", "reason": "limit_exceeded"
                                    if isinstance(error, LimitExceeded) else "rejected", "message": str(error)})
    except OutputRejected as error:
        outcome = Outcome.from_row({"path": text_path(job.path), "status": "failed", "reason": "output", "message": str(error)})
    except OSError as error:
        outcome = Outcome.from_row({"path": text_path(job.path), "status": "failed", "reason": "io",
                                    "message": f"could not be read ({error.strerror or type(error).__name__})"})
    except Exception as error:  # noqa: BLE001 - one export never stops the others; the row says what broke
        outcome = Outcome.from_row({"path": text_path(job.path), "status": "failed", "reason": "internal",
                                    "message": f"internal error ({type(error).__name__}); please report it"})
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    row = outcome.row() | {"path": text_path(job.path), "options_sha256": options_sha256, "tool_version": __version__,
                           "started_at": started.isoformat(timespec="seconds"),
                           "seconds": round(time.perf_counter() - clock, 3)}
    if job.spec.case is not None:
        row |= {"case_id": job.spec.case.case_id, "child": job.spec.case.child}
    return row


def _run(job: QueuedExport, path: str, options_sha256: str) -> Outcome:
    out = output_folder(job.out)
    row: Row = {"path": text_path(job.path)}
    if os.path.isfile(path):
        sha256, size = file_sha256(path)
        done = _already_done(out, job.spec.case_key, sha256, options_sha256)
        if done is not None:
            return _skipped(done, row | {"sha256": sha256, "size": size})
    case_key = job.spec.case_key
    outcome = run_export(path, job.spec,
                         resume=lambda sha256: _skipped_outcome(out, case_key, sha256, options_sha256, row))
    if outcome.status in ("ok", "warning"):
        done_row = outcome.row() | {"path": text_path(job.path), "options_sha256": options_sha256}
        write_file(out.private(STATE_FOLDER), *done_record(_seal(str(out.path), job.spec.case_key), done_row))
    return outcome


def _skipped_outcome(out: OutputFolder, case_key: bytes | None, sha256: str, options_sha256: str,
                     row: Row) -> Outcome | None:
    done = _already_done(out, case_key, sha256, options_sha256)
    return None if done is None else _skipped(done, row)


def _skipped(done: Row, row: Row) -> Outcome:
    keep = {k: v for k, v in done.items() if k not in ("path", "started_at", "seconds", "message")}
    return Outcome.from_row(row | keep | {
        "status": "skipped", "message": "done in an earlier run with the same archive, tool version and options"})
