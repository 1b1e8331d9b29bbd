"""Render reports: Jinja2 with autoescaping and gettext, one self-contained HTML file per export.

A report has no external resource of any kind (a Content-Security-Policy forbids them too), no
script, and the same bytes for the same export, options and generation time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from dsar_analyzer.analysis.age import BAND_KEYS
from dsar_analyzer.analysis.export_figures import Analysis
from dsar_analyzer.records.export import Export
from dsar_analyzer.report.claim import count_or_unknown
from dsar_analyzer.report.context import ReportOptions, build_context, floor_count, formatter
from dsar_analyzer.report.i18n import Formatter, Language, translations
from dsar_analyzer.report.labels import band_label
from dsar_analyzer.report.precompiled import PrecompiledTemplates
from dsar_analyzer.report.visible import visible


@cache
def environment(language: Language, autoescape: bool = True) -> Environment:
    """Templates in ``language``; ``autoescape=False`` only for plain-text output, never for HTML."""
    # The templates' generated code comes from the package's store when their source matches it
    # (``precompiled``): Jinja2 then neither lexes nor parses them in this process.
    env = Environment(loader=PackageLoader("dsar_analyzer.report", "templates"), autoescape=autoescape,
                      finalize=visible, bytecode_cache=PrecompiledTemplates(),
                      undefined=StrictUndefined, extensions=["jinja2.ext.i18n"], keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    return env


@dataclass(frozen=True, slots=True)
class RenderedReport:
    html: str
    sha256: str

    def __repr__(self) -> str:
        return f"<RenderedReport: {len(self.html):,} characters, sha256 {self.sha256[:8]}…>"


def _finish(html: str) -> RenderedReport:
    data = html.encode("utf-8")
    return RenderedReport(html=html, sha256=hashlib.sha256(data).hexdigest())


def render_report(export: Export, analysis: Analysis, options: ReportOptions) -> RenderedReport:
    """The HTML report of one export."""
    context = build_context(export, analysis, options)
    return _finish(environment(options.language).get_template("report.html.j2").render(**context))


@dataclass(frozen=True, slots=True)
class FamilyMember:
    """One child's report, as the family index lists it."""

    file: str
    name: str
    analysis: Analysis


def render_index(children: list[FamilyMember], options: ReportOptions) -> RenderedReport:
    """An index comparing the children of one family, linking each child's report.

    Two tables: one row per child (the report's link, the birth date used, the claim figures), then the
    age bands as rows with one column per child, so each column adds up to that child's records and the
    page stays narrow however many bands there are (a column per band overflowed a phone and A4 paper).
    """
    fmt = formatter(options, children[0].analysis.options.zone if children else "UTC")
    _ = fmt.gettext
    n = fmt.number

    def unknown(value: int | None) -> str:
        return count_or_unknown(value, fmt)

    headings = [_("Child"), _("Birth date used"), _("Records"), _("Since 25 May 2018"),
                _("Under the digital age of consent, since 25 May 2018"), _("Videos watched")]
    rows: list[dict[str, Any]] = []
    for child in children:
        a = child.analysis
        rows.append({"file": child.file, "name": child.name, "cells": [
            birth_date_used(a, fmt), n(a.record_count), n(a.age.since_claim_start),
            unknown(a.age.under_consent_age), floor_count(a, a.viewing.views, "watch_history", fmt)]})
    bands = [{"key": key, "label": _capital(band_label(key, fmt)),
              "cells": [{"raw": child.analysis.age.bands[key], "text": unknown(child.analysis.age.bands[key])}
                        for child in children]}
             for key in BAND_KEYS]
    totals = [n(child.analysis.record_count) for child in children]
    html = environment(options.language).get_template("index.html.j2").render(
        lang=options.language, title=_("What TikTok collected about this family"),
        banner=_("This page and the reports it links contain personal data about children. Keep them safe."),
        generated=_("Generated {moment} by dsar-analyzer.").format(moment=fmt.moment(options.generated_at)),
        headings=headings, children=rows, bands=bands, totals=totals, total_label=_("Records"),
        bands_title=_("Records by age at the time"),
        bands_note=_("Each column adds up to the child's records. The ages follow the birth date named above for "
                     "each child. The account's state held on the export date (profile, settings, device "
                     "identifiers, undated) is counted apart from the ages; \"unknown\" means no usable birth "
                     "date is known, never 0."))
    return _finish(html)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def birth_date_used(analysis: Analysis, fmt: Formatter) -> str:
    """The birth date the ages rest on, and which one it is: the real one given, or the one on the account."""
    birth = analysis.age.birth_date
    if birth.value is None:
        return fmt.gettext("none known")
    which = {"override": fmt.gettext("the real birth date given"),
             "profile": fmt.gettext("self-declared on the account")}[birth.source]
    return f"{fmt.date(birth.value)} ({which})"
