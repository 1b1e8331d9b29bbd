"""Run each uploaded export in the background, one at a time, with honest states: the same ``run_export``
as the ``report`` command, so the page's report is the command's report.

An upload is written into a private temporary folder (mode 0700, locked while in use: ``scratch``) and
stays there while the page shows its report: every report (again after a change of language, mode
or birth date) is made by ``run_export`` from that file, which is hashed again after the analysis as
the chain of custody asks. A refused upload is removed at once; the others when the parent removes
them or the page stops. When an export is refused, its structure without any value
(``read.diagnose``) is kept for the parent to save.
"""

from __future__ import annotations

import os
import queue
import re
import secrets
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from dsar_analyzer.analysis.export_figures import Analysis
from dsar_analyzer.read.archive import Limits
from dsar_analyzer.read.diagnose import diagnose_json
from dsar_analyzer.records.export import Export
from dsar_analyzer.report.i18n import Language, warning_text
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import RenderedReport
from dsar_analyzer.run.family import child_label, family_index
from dsar_analyzer.run.one import report_options, run_export
from dsar_analyzer.run.outcome import Outcome
from dsar_analyzer.run.spec import RunSpec
from dsar_analyzer.serve.scratch import Scratch

#: What a report is made with, as the page names a change of it (``redone_<what>`` in ``texts``).
REDONE = ("birth_date", "mode", "language", "case_key")

#: The chain of custody's "command or call" for a report made on the page.
INVOCATION = "dsar-analyzer serve (the local page)"

State = Literal["waiting", "reading", "analysing", "rendering", "done", "failed"]


@dataclass(frozen=True, slots=True)
class Settings:
    """What every report on the page is rendered with; the key lives in memory only."""

    language: Language = "en"
    mode: Mode = Mode.REDACTED
    case_key: bytes | None = field(default=None, repr=False)


@dataclass(slots=True)
class UploadJob:
    """One uploaded export and what became of it."""

    id: str
    name: str
    state: State = "waiting"
    refusal: str | None = None          # an InputRejected subclass name, or "Internal"
    detail: str | None = None           # the library's sentence (English), for whoever helps the parent
    diagnostic: bytes | None = field(default=None, repr=False)
    export: Export | None = field(default=None, repr=False)
    analysis: Analysis | None = field(default=None, repr=False)
    outcome: Outcome | None = field(default=None, repr=False)
    birth_date: date | None = None      # the parent's correction; None means the self-declared one
    declared: date | None = None
    declared_text: str | None = None
    child: str = ""
    path: str | None = field(default=None, repr=False)  # the upload, kept while its report is shown
    html: str | None = field(default=None, repr=False)
    sha256: str | None = None
    version: int = 0
    wanted: int = 0                     # render requests made; a render older than the newest is skipped
    warnings: list[str] = field(default_factory=list)   # Analysis.warnings in the page's language
    redone: list[str] = field(default_factory=list)     # what changed since the previous report
    rendered_with: tuple[object, ...] | None = field(default=None, repr=False)

    def public(self) -> dict[str, Any]:
        """What the page may know: states and names, never the export's contents beyond the child's label."""
        shown = self.birth_date or self.declared
        return {"id": self.id, "name": self.name, "state": self.state, "refusal": self.refusal,
                "detail": self.detail, "diagnostic": self.diagnostic is not None, "child": self.child,
                "birth_date": shown.isoformat() if shown else None, "declared_text": self.declared_text,
                "given": self.birth_date is not None, "declared": self.declared is not None,
                "warnings": self.warnings, "redone": self.redone, "version": self.version}


def safe_name(name: str) -> str:
    """The base name of an uploaded file, without path parts or control characters, at most 200 bytes."""
    base = re.split(r"[/\\]", name)[-1]
    base = "".join(c for c in base if c.isprintable()).strip().lstrip(".")
    while len(base.encode("utf-8")) > 200:
        base = base[:-1]
    return base or "export.zip"


#: The memory one of the page's reports may take: half of a family laptop's 8 GB.
PAGE_MEMORY_BYTES = 4 * 1024**3
#: Peak memory of reading, analysing and reporting, per byte of JSON, measured with a large JSON
#: export read item by item (``benchmarks/bench_memory.py``, 2,011 MB of JSON): 2,854 MB (1.49x) with
#: its batches read typed, 3,012 MB (1.57x) when every batch went the general way (as batches with
#: escaped text still do), 3,511 MB (1.83x) with the first item-by-item reader. Kept above all three,
#: so an export full of escapes fits too; the library's own ceiling (2 GiB a member) is lower anyway.
PEAK_PER_JSON_BYTE = 1.9


def page_limits(memory: int = PAGE_MEMORY_BYTES) -> Limits:
    """The page's ceilings: no more JSON (and so no larger upload) than a report can be made of in ``memory``.

    A ZIP never holds less than its own size, so the uploaded bytes, the bytes of the largest member
    and of all members are held to the same figure, within the library's own ceilings. With 4 GiB
    that is the library's 2 GiB per member, now also for all members together (4 GiB before).
    """
    library = Limits()
    most = min(int(memory / PEAK_PER_JSON_BYTE), library.max_member_uncompressed)
    return Limits(max_archive_bytes=min(most, library.max_archive_bytes), max_total_uncompressed=most,
                  max_member_uncompressed=most)


def spec_for(job: UploadJob, settings: Settings) -> RunSpec:
    """The spec of one of the page's reports: the page's settings, the parent's birth date, nothing written."""
    assert job.path is not None
    choices: dict[str, Any] = {"name": job.name, "language": settings.language, "mode": settings.mode,
                               "case_key": settings.case_key, "birth_date": job.birth_date, "invocation": INVOCATION,
                               "limits": page_limits()}
    try:
        return RunSpec.settle(job.path, **choices)
    except ValueError:
        # An unusable SOURCE_DATE_EPOCH: the page has no command line to refuse it on, so the clock it is.
        return RunSpec.settle(job.path, environ={}, **choices)


class Workshop:
    """The uploads of one page session, a private folder for them, and one worker thread."""

    def __init__(self) -> None:
        self._scratch = Scratch()
        self.jobs: dict[str, UploadJob] = {}
        self.settings = Settings()
        self.lock = threading.Lock()
        self._tasks: queue.Queue[Callable[[], None] | None] = queue.Queue()
        # A daemon thread, so that a second Ctrl-C ends the process even while an export is read.
        self._worker = threading.Thread(target=self._work, name="dsar-analyzer-jobs", daemon=True)
        self._worker.start()

    @property
    def folder(self) -> str:
        """The private folder, made at the first upload (so a page that is never used leaves nothing)."""
        with self.lock:
            return self._scratch.make()

    # -- uploads -------------------------------------------------------------------------------

    def new_upload(self, name: str) -> tuple[UploadJob, str]:
        """A job and the path to write its upload to (in a folder of its own, owner-only)."""
        job = UploadJob(id=secrets.token_urlsafe(9), name=safe_name(name))
        own = os.path.join(self.folder, job.id)
        os.mkdir(own, 0o700)
        with self.lock:
            self.jobs[job.id] = job
        return job, os.path.join(own, job.name)

    def discard_upload(self, job: UploadJob) -> None:
        shutil.rmtree(os.path.join(self.folder, job.id), ignore_errors=True)
        with self.lock:
            self.jobs.pop(job.id, None)

    def start(self, job: UploadJob, path: str) -> None:
        job.path = path
        self.rerender(job)

    def remove(self, job_id: str) -> bool:
        """Forget an export and remove its upload (a report being made for it is dropped)."""
        with self.lock:
            job = self.jobs.pop(job_id, None)
        if job is not None and self._scratch.path is not None:
            shutil.rmtree(os.path.join(self._scratch.path, job.id), ignore_errors=True)
        return job is not None

    # -- settings ------------------------------------------------------------------------------

    def change(self, settings: Settings) -> None:
        """New settings for every report: each read export is rendered again."""
        with self.lock:
            self.settings = settings
            ready = [j for j in self.jobs.values() if j.export is not None and j.path is not None]
        for job in ready:
            self.rerender(job)

    def set_birth_date(self, job: UploadJob, birth_date: date | None) -> None:
        job.birth_date = birth_date
        self.rerender(job)

    def rerender(self, job: UploadJob) -> None:
        with self.lock:
            job.wanted += 1
            wanted = job.wanted
            job.state = "waiting"
        self._tasks.put(lambda: self._render(job, wanted))

    # -- the worker ----------------------------------------------------------------------------

    def _work(self) -> None:
        while (task := self._tasks.get()) is not None:
            try:
                task()
            finally:
                self._tasks.task_done()

    def idle(self) -> None:
        """Wait until every queued read and render has run."""
        self._tasks.join()

    def _render(self, job: UploadJob, wanted: int) -> None:
        if wanted != job.wanted or job.path is None or job.id not in self.jobs:
            return  # a newer request will render, or the parent removed this export
        settings = self.settings
        job.state = "reading" if job.export is None else "analysing"
        outcome = run_export(job.path, spec_for(job, settings))
        if outcome.status in ("rejected", "failed"):
            self._refuse(job, outcome)
            return
        self._show(job, outcome, settings, wanted)

    def _refuse(self, job: UploadJob, outcome: Outcome) -> None:
        error = outcome.error
        if outcome.status == "rejected":
            refusal, detail = type(error).__name__, str(error)
        elif outcome.reason == "too_large":
            refusal, detail = "LimitExceeded", ("The export is too large or too deeply nested to read safely on "
                                                "this computer.")
        else:  # the parent sees a sentence and can save the diagnostic
            refusal, detail = "Internal", f"internal error ({type(error).__name__})"
        if job.export is None and job.path is not None:
            try:
                job.diagnostic = diagnose_json(job.path)
            except Exception:  # noqa: BLE001 - no diagnostic is better than no answer at all
                job.diagnostic = None
            # An upload that could not be read is of no more use: it goes at once.
            shutil.rmtree(os.path.dirname(job.path), ignore_errors=True)
            job.path = None
        job.refusal, job.detail, job.state = refusal, detail, "failed"

    def _show(self, job: UploadJob, outcome: Outcome, settings: Settings, wanted: int) -> None:
        rendered, export, analysis = outcome.rendered, outcome.export, outcome.analysis
        assert rendered is not None and export is not None and analysis is not None
        if job.version == 0:
            birth = analysis.age.birth_date
            job.declared = birth.value if birth.source == "profile" else None
            job.declared_text = birth.profile_text
        job.export, job.analysis, job.html, job.sha256 = export, analysis, rendered.html, rendered.sha256
        job.warnings = [warning_text(warning, settings.language) for warning in analysis.warnings]
        made_with = (job.birth_date, settings.mode, settings.language, settings.case_key)
        if job.rendered_with is not None and job.rendered_with != made_with:  # the same again keeps the note
            job.redone = [what for what, before, now in zip(REDONE, job.rendered_with, made_with, strict=True)
                          if before != now]
        job.rendered_with = made_with
        job.refusal = job.detail = None
        job.child = child_label(outcome, report_options(spec_for(job, settings), export))
        job.outcome = outcome
        job.version += 1
        if wanted == job.wanted:
            job.state = "done"

    def family(self) -> RenderedReport | None:
        """The index comparing the children whose reports are ready, when there are two or more."""
        with self.lock:
            # By child, then file name: uploads sent together arrive in any order, the index must not.
            ready = sorted((j for j in self.jobs.values() if j.analysis is not None and j.state == "done"),
                           key=lambda j: (j.child or "", j.name, j.id))
            settings = self.settings
        if len(ready) < 2:
            return None
        # Links relative to the index's own address (``api/family``): each child's report.
        children = [(f"exports/{j.id}/report?v={j.version}", j.outcome) for j in ready if j.outcome is not None]
        first = ready[0]
        return family_index(children, report_options(spec_for(first, settings), first.export))  # type: ignore[arg-type]

    def close(self) -> None:
        """Drop queued work, let the running task end, and remove the private folder.

        The running task is waited for: ending the interpreter under a thread that is inside
        pandas or pyarrow can abort it instead of exiting cleanly.
        """
        while True:
            try:
                self._tasks.get_nowait()
            except queue.Empty:
                break
            self._tasks.task_done()
        self._tasks.put(None)
        if self._worker is not threading.current_thread():
            self._worker.join()
        with self.lock:
            self.jobs.clear()
            self._scratch.close()
