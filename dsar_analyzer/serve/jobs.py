"""Read, analyse and render each uploaded export in the background, one at a time, with honest states.

An upload is written into a private temporary folder (mode 0700, locked while in use: ``scratch``),
read with ``load``, and removed at once, whether it could be read or not; what stays is the
``Export`` in memory, until the parent removes it or the page stops. When an export is refused,
its structure without any value (``read.diagnose``) is kept for the parent to save.
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
from datetime import date, datetime, timezone
from typing import Any, Literal

from dsar_analyzer.analysis.figures import Analysis, AnalysisOptions, analyse
from dsar_analyzer.errors import InputRejected
from dsar_analyzer.read.diagnose import diagnose_json
from dsar_analyzer.read.reader import load
from dsar_analyzer.records.export import Export
from dsar_analyzer.report.context import (
    ReportOptions,
    child_display_name,
    default_generated_at,
)
from dsar_analyzer.report.i18n import Language, warning_text
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import (
    FamilyMember,
    RenderedReport,
    render_index,
    render_report,
)
from dsar_analyzer.serve.scratch import Scratch

#: What a report is made with, as the page names a change of it (``redone_<what>`` in ``texts``).
REDONE = ("birth_date", "mode", "language", "case_key")

State = Literal["waiting", "reading", "analysing", "rendering", "done", "failed"]


@dataclass(frozen=True, slots=True)
class Settings:
    """What every report on the page is rendered with; the key lives in memory only."""

    language: Language = "en"
    mode: Mode = Mode.REDACTED
    case_key: bytes | None = field(default=None, repr=False)


@dataclass(slots=True)
class Job:
    """One uploaded export and what became of it."""

    id: str
    name: str
    state: State = "waiting"
    refusal: str | None = None          # an InputRejected subclass name, or "Internal"
    detail: str | None = None           # the library's sentence (English), for whoever helps the parent
    diagnostic: bytes | None = field(default=None, repr=False)
    export: Export | None = field(default=None, repr=False)
    analysis: Analysis | None = field(default=None, repr=False)
    birth_date: date | None = None      # the parent's correction; None means the self-declared one
    declared: date | None = None
    declared_text: str | None = None
    child: str = ""
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


def generated_at() -> datetime:
    """The report's time stamp (``default_generated_at``); an unusable SOURCE_DATE_EPOCH means now."""
    try:
        return default_generated_at()
    except ValueError:
        return datetime.now(tz=timezone.utc).replace(microsecond=0)


class Workshop:
    """The uploads of one page session, a private folder for them, and one worker thread."""

    def __init__(self) -> None:
        self._scratch = Scratch()
        self.jobs: dict[str, Job] = {}
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

    def new_upload(self, name: str) -> tuple[Job, str]:
        """A job and the path to write its upload to (in a folder of its own, owner-only)."""
        job = Job(id=secrets.token_urlsafe(9), name=safe_name(name))
        own = os.path.join(self.folder, job.id)
        os.mkdir(own, 0o700)
        with self.lock:
            self.jobs[job.id] = job
        return job, os.path.join(own, job.name)

    def discard_upload(self, job: Job) -> None:
        shutil.rmtree(os.path.join(self.folder, job.id), ignore_errors=True)
        with self.lock:
            self.jobs.pop(job.id, None)

    def start(self, job: Job, path: str) -> None:
        self._tasks.put(lambda: self._read(job, path))

    def remove(self, job_id: str) -> bool:
        with self.lock:
            return self.jobs.pop(job_id, None) is not None

    # -- settings ------------------------------------------------------------------------------

    def change(self, settings: Settings) -> None:
        """New settings for every report: each read export is rendered again."""
        with self.lock:
            self.settings = settings
            ready = [j for j in self.jobs.values() if j.export is not None]
        for job in ready:
            self.rerender(job)

    def set_birth_date(self, job: Job, birth_date: date | None) -> None:
        job.birth_date = birth_date
        self.rerender(job)

    def rerender(self, job: Job) -> None:
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

    def _read(self, job: Job, path: str) -> None:
        job.state = "reading"
        try:
            job.export = load(path)
        except InputRejected as error:
            self._refuse(job, path, type(error).__name__, str(error))
            return
        except (MemoryError, RecursionError):
            self._refuse(job, path, "LimitExceeded", "The export is too large or too deeply nested to read "
                                                      "safely on this computer.")
            return
        except Exception as error:  # noqa: BLE001 - the parent sees a sentence and can save the diagnostic
            self._refuse(job, path, "Internal", f"internal error ({type(error).__name__})")
            return
        finally:
            shutil.rmtree(os.path.dirname(path), ignore_errors=True)
        self.rerender(job)

    @staticmethod
    def _refuse(job: Job, path: str, refusal: str, detail: str) -> None:
        try:
            job.diagnostic = diagnose_json(path)
        except Exception:  # noqa: BLE001 - no diagnostic is better than no answer at all
            job.diagnostic = None
        job.refusal, job.detail, job.state = refusal, detail, "failed"

    def _render(self, job: Job, wanted: int) -> None:
        if wanted != job.wanted or job.export is None or job.id not in self.jobs:
            return  # a newer request will render, or the parent removed this export
        settings = self.settings
        try:
            job.state = "analysing"
            options = AnalysisOptions(birth_date=job.birth_date, redact_search_terms=settings.mode is not Mode.FULL)
            analysis = analyse(job.export, options)
            if job.version == 0:
                birth = analysis.age.birth_date
                job.declared = birth.value if birth.source == "profile" else None
                job.declared_text = birth.profile_text
            job.state = "rendering"
            report_options = ReportOptions(language=settings.language, mode=settings.mode,
                                           case_key=settings.case_key, generated_at=generated_at())
            rendered = render_report(job.export, analysis, report_options)
        except Exception as error:  # noqa: BLE001 - one export's failure must not stop the page
            job.refusal, job.detail, job.state = "Internal", f"internal error ({type(error).__name__})", "failed"
            return
        job.html, job.sha256, job.analysis = rendered.html, rendered.sha256, analysis
        job.warnings = [warning_text(warning, settings.language) for warning in analysis.warnings]
        made_with = (job.birth_date, settings.mode, settings.language, settings.case_key)
        if job.rendered_with is not None and job.rendered_with != made_with:  # the same again keeps the note
            job.redone = [what for what, before, now in zip(REDONE, job.rendered_with, made_with, strict=True)
                          if before != now]
        job.rendered_with = made_with
        job.refusal = job.detail = None
        job.child = child_display_name(job.export, report_options)
        job.version += 1
        if wanted == job.wanted:
            job.state = "done"

    def family(self) -> RenderedReport | None:
        """The index comparing the children whose reports are ready, when there are two or more."""
        with self.lock:
            ready = [j for j in self.jobs.values() if j.analysis is not None and j.state == "done"]
            settings = self.settings
        if len(ready) < 2:
            return None
        # Links relative to the index's own address (``api/family``): each child's report.
        children = [FamilyMember(file=f"exports/{j.id}/report?v={j.version}", name=j.child,
                                 analysis=j.analysis) for j in ready]  # type: ignore[arg-type]
        return render_index(children, ReportOptions(language=settings.language, mode=settings.mode,
                                                    case_key=settings.case_key, generated_at=generated_at()))

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
