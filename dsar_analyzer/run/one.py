"""Run one export: read, analyse, render, write, and return its ``Outcome``; the one step every door calls.

Nothing here raises for a bad export or an unwritable folder: every result is an outcome whose
status says what happened (``rejected`` with the reason for unusable input, ``failed`` for what the
tool could not finish), with the exception kept on ``Outcome.error``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from dsar_analyzer import __version__
from dsar_analyzer.analysis.export_figures import Analysis, AnalysisOptions, analyse
from dsar_analyzer.errors import InputRejected, OutputRejected
from dsar_analyzer.read.ingest import InputSource
from dsar_analyzer.read.loader import load
from dsar_analyzer.records.export import Export
from dsar_analyzer.report.i18n import Language, warning_text
from dsar_analyzer.report.names import HASH_PREFIX
from dsar_analyzer.run.outcome import REJECTION_REASONS, Outcome, Row, empty_row
from dsar_analyzer.run.spec import RunSpec
from dsar_analyzer.write import output_folder

if TYPE_CHECKING:
    from dsar_analyzer.report.context import ReportOptions

#: Given the archive's SHA-256 once it is read, an earlier outcome to return instead (a batch's resume).
Resume = Callable[[str], Outcome | None]


def analysis_options(spec: RunSpec) -> AnalysisOptions:
    """The analysis settings a spec decides (search-term redaction follows the mode)."""
    return AnalysisOptions(birth_date=spec.birth_date, consent_country=spec.consent_country, zone=spec.zone,
                           redact_search_terms=spec.redact_search_terms, case_reference=spec.case_reference,
                           supplier=spec.supplier, received_at=spec.received_at, invocation=spec.invocation)


def report_options(spec: RunSpec, export: Export) -> ReportOptions:
    # The report's modules (Jinja2, the templates) load only when a report is made: ``inspect`` makes none.
    from dsar_analyzer.report.context import ReportOptions

    return ReportOptions(language=spec.report_language(export), mode=spec.mode, case_key=spec.case_key,
                         generated_at=spec.generated_at, generated_at_pinned=spec.generated_at_pinned)


def analysis_warnings(analysis: Analysis, language: Language = "en") -> tuple[str, ...]:
    """What the analysis warns about (``Analysis.warnings``), in the report's language; any warning makes
    the outcome ``warning`` instead of ``ok``."""
    return tuple(warning_text(warning, language) for warning in analysis.warnings)


def run_export(source: InputSource, spec: RunSpec, *, resume: Resume | None = None) -> Outcome:
    """Read, analyse and (``spec.render``) render ``source``; write the report when ``spec.out`` is set.

    ``source`` is what ``load`` takes (a path, bytes or a binary stream). ``resume``, when given, is
    asked with the archive's SHA-256 right after reading; an outcome it returns is returned as it is.
    """
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    path = os.fspath(source) if isinstance(source, (str, os.PathLike)) else spec.display_name
    row: Row = empty_row(path) | {
        "tool_version": __version__, "started_at": started.isoformat(timespec="seconds")}
    if spec.case is not None:
        row |= {"case_id": spec.case.case_id, "child": spec.case.child}
    products: tuple[Export | None, Analysis | None, object] = (None, None, None)
    error: BaseException | None = None
    try:
        done, products = _run(source, spec, row, resume)
        if done is not None:
            return done
    except InputRejected as caught:
        error = caught
        row |= {"status": "rejected", "reason": REJECTION_REASONS.get(type(caught).__name__, "rejected"),
                "message": str(caught)}
    except OutputRejected as caught:
        error = caught
        row |= {"status": "failed", "reason": "output", "message": str(caught)}
    except (MemoryError, RecursionError) as caught:
        error = caught
        row |= {"status": "failed", "reason": "too_large",
                "message": "the export is too large or too deeply nested to read on this computer"}
    except OSError as caught:
        error = caught
        row |= {"status": "failed", "reason": "io",
                "message": f"could not be read or written ({caught.strerror or type(caught).__name__})"}
    except Exception as caught:  # noqa: BLE001 - one export never stops the others; the outcome says what broke
        error = caught
        row |= {"status": "failed", "reason": "internal",
                "message": f"internal error ({type(caught).__name__}); please report it"}
    row["seconds"] = round(time.perf_counter() - clock, 3)
    outcome = Outcome.from_row(row).with_products(*products)  # type: ignore[arg-type]
    outcome._error = error
    return outcome


def _run(source: InputSource, spec: RunSpec, row: Row, resume: Resume | None
         ) -> tuple[Outcome | None, tuple[Export | None, Analysis | None, object]]:
    export = load(source, spec.limits) if spec.rehashable else load(source, spec.limits, name=spec.display_name)
    row |= {"sha256": export.input.sha256, "size": export.input.size}
    if resume is not None and (done := resume(export.input.sha256)) is not None:
        return done, (export, None, None)
    analysis = analyse(export, analysis_options(spec))
    row |= figures(export, analysis, spec)
    warnings = analysis_warnings(analysis, spec.report_language(export))
    row |= {"status": "warning" if warnings else "ok", "message": "; ".join((*warnings, spec.note or ""))
            .strip("; ") or None}
    if not spec.render:
        return None, (export, analysis, None)
    from dsar_analyzer.report.output import write_report
    from dsar_analyzer.report.render import render_report

    rendered = render_report(export, analysis, report_options(spec, export))
    if spec.out is not None:
        name = report_name(spec, export.input.sha256)
        write_report(output_folder(spec.out), name, rendered, pdf=spec.pdf)
        row |= {"report": name, "report_sha256": rendered.sha256}
    return None, (export, analysis, rendered)


def report_name(spec: RunSpec, sha256: str) -> str:
    """The report's file name: the spec's (with the archive's hash filled in), else the report command's rule."""
    from dsar_analyzer.report.output import report_file_name

    if spec.report_name is not None:
        return spec.report_name.format(sha256=sha256, sha12=sha256[:HASH_PREFIX])
    return report_file_name(spec.display_name, sha256, set(), mode=spec.mode.value, case_id=spec.case_id)


def figures(export: Export, analysis: Analysis, spec: RunSpec) -> Row:
    """The manifest columns an export's figures fill."""
    # Whose birth date overrode the self-declared one: the case row's, or the one given (--birth-date).
    given = "case_file" if spec.case is not None and spec.case.birth_date is not None else "given"
    age = analysis.age
    earliest = [v for v in age.earliest_by_category.values() if v is not None]
    latest = [v for v in age.latest_by_category.values() if v is not None]
    return {
        "format": export.format, "generation": export.generation, "language": export.language,
        "birth_date_used": age.birth_date.value.isoformat() if age.birth_date.value else None,
        "birth_date_source": {"override": given}.get(age.birth_date.source, age.birth_date.source),
        "consent_country": age.consent_country, "records": analysis.record_count, **age.bands,
        "records_since_2018_05_25": age.since_claim_start, "records_under_consent_age": age.under_consent_age,
        "earliest": min(earliest).isoformat() if earliest else None,
        "latest": max(latest).isoformat() if latest else None,
        **_class_columns(analysis),
        **{f"records_{category}": count for category, count in analysis.categories.items()},
    }


def _class_columns(analysis: Analysis) -> Row:
    """The class-membership columns (``outcome.CLASS``) from ``analysis.account``."""
    account = analysis.account
    profile = analysis.age.birth_date.profile_value
    row: Row = {"birth_date_self_declared": profile.isoformat() if profile else None}
    if account is None:
        return row
    return {**row, "account_existed_on": account.existed_on.isoformat() if account.existed_on else None,
            "account_evidence": account.basis,
            "account_created_on": account.created_on.isoformat() if account.created_on else None,
            "created_from_class_start": account.created_from_class_start,
            "created_before_class_end": account.created_before_class_end,
            "in_class_by_dates": account.in_class_by_dates, "musically_era": account.musically_era}
