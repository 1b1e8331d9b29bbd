"""Build the plain data a report template shows: sentences, tables, charts and redacted examples.

Everything here is already in the report's language and already redacted for its mode; the
templates only lay it out (and escape it). Facts (counts, dates) and interpretations (flags that
name their rule) are kept in separate parts of the context.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

import orjson
from babel.dates import format_date, get_day_names
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field

from dsar_analyzer import __version__
from dsar_analyzer.analyse.age import CLAIM_START, anniversary
from dsar_analyzer.analyse.analysis import Analysis
from dsar_analyzer.analyse.classify import CATEGORY_BY_SECTION, Category
from dsar_analyzer.records.export import Export
from dsar_analyzer.report import charts
from dsar_analyzer.report.appendix import appendix_context
from dsar_analyzer.report.i18n import Formatter, Language
from dsar_analyzer.report.labels import (
    band_label,
    category_title,
    field_label,
    reason,
    section_title,
)
from dsar_analyzer.report.places import redact_error, redact_reason, redact_where
from dsar_analyzer.report.redact import Mode, Redactor
from dsar_analyzer.report.redaction_table import redact_record
from dsar_analyzer.report.sentences import (
    category_sentence,
    consent_rule_text,
    limits,
    section_span,
    summary_sentences,
)

#: Hosts whose links a report may show as links (public TikTok pages); anything else stays text.
LINK_HOSTS = ("www.tiktok.com", "m.tiktok.com", "www.tiktokv.com", "vm.tiktok.com")


class ReportOptions(BaseModel):
    """How one report is written: language, mode, the per-case key for pseudonyms, the time stamp."""

    model_config = ConfigDict(frozen=True)

    language: Language
    mode: Mode = Mode.REDACTED
    case_key: bytes | None = Field(default=None, repr=False)
    generated_at: datetime
    examples_per_section: int = Field(default=3, ge=0)


def _redactor(export: Export, options: ReportOptions) -> Redactor:
    profile = export.records("profile")
    own = frozenset(p.username for p in profile if getattr(p, "username", None))  # type: ignore[attr-defined]
    return Redactor(options.mode, options.case_key, own)


def _show(value: Any, fmt: Formatter) -> Any:
    """An example value as the template shows it: dates in the locale, links only to TikTok."""
    if isinstance(value, datetime):
        return fmt.moment(value)
    if isinstance(value, date):
        return fmt.date(value)
    if isinstance(value, bool):
        return fmt.gettext("yes") if value else fmt.gettext("no")
    if isinstance(value, (int, float)):
        return fmt.number(value)
    if isinstance(value, str):
        if value.startswith("https://") and value.split("/", 3)[2] in LINK_HOSTS:
            return {"href": value, "text": value}
        return value
    return orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS).decode()


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == [] or value == {}


def _examples(export: Export, section_id: str, redactor: Redactor, fmt: Formatter, limit: int) -> list[dict[str, Any]]:
    records = export.sections.get(section_id)
    if records is None or not limit:
        return []
    out = []
    for index, record in enumerate(records.head(limit)):
        shown = redact_record(section_id, record, redactor)
        fields = [(field_label(name, fmt), _show(value, fmt)) for name, value in shown.items()
                  if name != "unrecognised_fields" and not _is_empty(value)]
        for key, value in (shown.get("unrecognised_fields") or {}).items():
            fields.append((f"{field_label('unrecognised_fields', fmt)}: {key}", _show(value, fmt)))
        out.append({"section_id": section_id, "fields": fields,
                    "source": redact_where(str(records.source(index)), redactor)})
    return out


def _section_rows(export: Export, category: str, fmt: Formatter) -> list[dict[str, Any]]:
    rows = []
    for section_id, records in export.sections.items():
        if str(CATEGORY_BY_SECTION[section_id]) != category:
            continue
        first, last = section_span(export, section_id)
        rows.append({"id": section_id, "title": section_title(section_id, fmt), "records_raw": len(records),
                     "records": fmt.number(len(records)), "first": fmt.moment(first), "last": fmt.moment(last)})
    return rows


def _month_label(fmt: Formatter) -> Any:
    def label(month: str) -> str:
        year, number = month.split("-")
        return format_date(date(int(year), int(number), 1), format="MMM y", locale=fmt.language)
    return label


def _under_13_months(analysis: Analysis) -> tuple[str, str] | None:
    birth = analysis.age.birth_date.value
    months = sorted(analysis.viewing.per_month)
    if birth is None or not months:
        return None
    last = anniversary(birth, 13)
    end = f"{last.year:04d}-{last.month:02d}"
    return (months[0], min(end, months[-1])) if months[0] <= end else None


def _viewing_charts(analysis: Analysis, fmt: Formatter) -> list[dict[str, Any]]:
    _ = fmt.gettext
    viewing = analysis.viewing
    weekdays = get_day_names("abbreviated", locale=fmt.language)
    return [
        {"svg": Markup(charts.monthly_bar_chart(
            viewing.per_month, title=_("Videos watched per month"), y_label=_("videos"),
            alt=_("Bar chart of the number of videos watched in each month"),
            highlight=_under_13_months(analysis), highlight_label=_("while under 13"),
            number_format=fmt.number, month_format=_month_label(fmt), empty_label=_("No watch history"),
            id_prefix="watch-month")),
         "caption": _("Each bar counts the videos started in one month ({zone}).").format(zone=viewing.zone)},
        {"svg": Markup(charts.heatmap(
            viewing.heatmap, title=_("When videos were watched"), weekday_labels=[weekdays[i] for i in range(7)],
            hour_label=_("hour of the day"), alt=_("Grid of the number of videos watched per weekday and hour"),
            number_format=fmt.number, empty_label=_("No watch history"), id_prefix="watch-hours")),
         "caption": _("Darker cells: more videos started in that hour of that weekday ({zone}).")
         .format(zone=viewing.zone)},
    ]


def _viewing_facts(analysis: Analysis, fmt: Formatter) -> list[list[tuple[str, str]]]:
    _ = fmt.gettext
    v = analysis.viewing
    rule = v.session_rule
    facts = [
        (_("Videos watched"), fmt.number(v.views)),
        (_("Viewing sessions"), fmt.number(v.sessions)),
        (_("Estimated watch time"), _("between {low} and {high} hours").format(
            low=fmt.number(round(v.watch_time_lower_seconds / 3600, 1)),
            high=fmt.number(round(v.watch_time_upper_seconds / 3600, 1)))),
        (_("How watch time is estimated"), _(
            "The export holds only the moment each video started. Views less than {gap} minutes apart form "
            "one session. Lower bound: the pauses between views in a session, each counted up to {view} "
            "minutes. Upper bound: each session from its first to its last view, plus {view} minutes.")
         .format(gap=fmt.number(rule.gap.total_seconds() / 60), view=fmt.number(rule.max_view.total_seconds() / 60))),
        (_("Late at night (23:00-06:00)"), fmt.number(v.late_night_views)),
        (_("During school hours (Mon-Fri 08:30-15:00, holidays not excluded)"), fmt.number(v.school_hours_views)),
        (_("Likes"), fmt.number(v.likes.count)),
        (_("Favourites"), fmt.number(v.favourites.total)),
        (_("Shares"), fmt.number(v.shares.count)),
        (_("Searches"), fmt.number(v.searches.count)),
    ]
    if v.shares_by_method:
        facts.append((_("Shares by method"), ", ".join(f"{method}: {fmt.number(n)}"
                                                       for method, n in v.shares_by_method.items())))
    if v.top_search_terms:
        facts.append((_("Most frequent search terms"), ", ".join(
            f"{term}: {fmt.number(n)}" for term, n in v.top_search_terms)))
    return [facts]


def _categories(export: Export, analysis: Analysis, redactor: Redactor, fmt: Formatter,
                options: ReportOptions) -> list[dict[str, Any]]:
    out = []
    for category in Category:
        name = str(category)
        sections = _section_rows(export, name, fmt)
        examples = [e for row in sections if row["records_raw"]
                    for e in _examples(export, row["id"], redactor, fmt, options.examples_per_section)]
        out.append({
            "id": name, "title": category_title(name, fmt), "records_raw": analysis.categories[name],
            "sentence": category_sentence(name, analysis, export, fmt),
            "sections": sections, "examples": examples,
            "facts": _viewing_facts(analysis, fmt) if category is Category.VIEWING_BEHAVIOUR else [],
            "charts": _viewing_charts(analysis, fmt) if category is Category.VIEWING_BEHAVIOUR else [],
        })
    return out


def _age(analysis: Analysis, fmt: Formatter) -> dict[str, Any]:
    _ = fmt.gettext
    age = analysis.age
    birth = age.birth_date
    source = {"override": _("given by the parent"), "profile": _("self-declared in the TikTok profile"),
              "none": _("unknown")}[birth.source]
    rows = [(_("Birth date used"), f"{fmt.date(birth.value)} ({source})")]
    if birth.profile_text:
        rows.append((_("Birth date in the export (self-declared)"), birth.profile_text))
    if birth.override:
        rows.append((_("Birth date given by the parent"), fmt.date(birth.override)))
    bands = [{"key": key, "label": band_label(key, fmt), "count_raw": n, "count": fmt.number(n)}
             for key, n in age.bands.items()]
    claim = [
        ("since_claim_start", _("Records since 25 May 2018 (GDPR and Dutch UAVG in force)"), age.since_claim_start),
        ("before_claim_start", _("Records before 25 May 2018"), age.before_claim_start),
        ("undated", _("Records without a date"), age.undated),
        ("under_consent_age", _("Records made while under the digital age of consent ({rule})")
         .format(rule=consent_rule_text(age.consent_country, fmt)), age.under_consent_age),
        ("under_consent_age_since", _("... of which since 25 May 2018"), age.under_consent_age_since_claim_start),
        ("ambiguous", _("Records within 14 hours of a birthday or of 25 May 2018 (time zone unknown)"), age.ambiguous),
    ]
    by_category = [{"label": category_title(c, fmt), "cells": [fmt.number(n) for n in counts.values()]}
                   for c, counts in age.bands_by_category.items()]
    flags = [_("A count is a fact; whether processing was lawful is for the court. The flag below names its "
               "rule and nothing more.")]
    if birth.value is not None:
        flags.append(_("Made while the child was under the digital age of consent ({rule}), by the birth date "
                       "used: {n}. This is a flag under that rule, not a finding that the processing was unlawful.")
                     .format(n=fmt.number(age.under_consent_age), rule=consent_rule_text(age.consent_country, fmt)))
    if age.before_birth:
        flags.append(_("Records dated before the birth date used: {n}. That birth date is probably wrong.")
                     .format(n=fmt.number(age.before_birth)))
    chart = charts.age_band_bars({b["label"]: b["count_raw"] for b in bands}, title=_("Records by age at the time"),
                                 alt=_("Bar chart of the number of records in each age band"),
                                 number_format=fmt.number, empty_label=_("No records"), id_prefix="age-bands")
    return {"birth": rows, "bands": bands,
            "claim": [{"key": k, "label": label, "count_raw": n, "count": fmt.number(n)} for k, label, n in claim],
            "by_category": by_category, "flags": flags,
            "charts": [{"svg": Markup(chart), "caption": _("Age on the UTC date of each record.")}]}


def ip_table(analysis: Analysis, fmt: Formatter) -> str:
    """Which offline table gave the countries: package, version and the date its table was built."""
    source = analysis.location.ip_country_source
    package = source.split(" (", 1)[0]
    built = re.search(r"table built (\d{4}-\d{2}-\d{2})", source)
    if not built:
        return package
    return fmt.gettext("{package}, table of {date}").format(package=package,
                                                           date=fmt.date(date.fromisoformat(built.group(1))))


def _location(analysis: Analysis, fmt: Formatter) -> dict[str, Any]:
    from dsar_analyzer.analyse.location import in_eu

    _ = fmt.gettext
    loc = analysis.location
    facts = [
        (_("Log-ins with an IP address"), fmt.number(loc.logins_with_ip)),
        (_("Different IP addresses"), fmt.number(loc.distinct_ips)),
        (_("Records that reveal where the child was"), fmt.number(loc.records_revealing_location)),
        (_("Records that place the child outside the EU"), fmt.number(loc.records_placing_outside_eu)),
        (_("Posts with a location"), fmt.number(loc.posts_with_location + loc.deleted_posts_with_location)),
        (_("Location reviews"), fmt.number(loc.location_reviews)),
        (_("Precise (GPS) location in the export"), _("yes") if loc.recent_location.gps else _("no")),
    ]
    if loc.account_region:
        facts.append((_("Account region"), loc.account_region))
    countries = [{"code": code, "name": code if code != "unknown" else _("unknown"), "count_raw": n,
                  "count": fmt.number(n), "first": fmt.moment(loc.first_seen_by_country.get(code)),
                  "last": fmt.moment(loc.last_seen_by_country.get(code)),
                  "in_eu": "–" if code == "unknown" else (_("yes") if in_eu(code) else _("no"))}
                 for code, n in loc.countries.items()]
    note = _("Countries come from an offline table of where IP address blocks are registered ({source}, data "
             "of the five regional internet registries); a VPN or mobile network can show another country than "
             "where the child was. No address was looked up online.").format(source=ip_table(analysis, fmt))
    return {"facts": facts, "countries": countries, "source_note": note}


def _mode(options: ReportOptions, fmt: Formatter) -> dict[str, str]:
    _ = fmt.gettext
    descriptions = {
        Mode.REDACTED: _("Redacted: messages, comments and search terms withheld (counts kept); IP addresses, "
                         "e-mail, phone numbers and identifiers masked; other people shortened."),
        Mode.FULL: _("Full: everything as the export states it, for the family's own use. Do not share."),
        Mode.CLAIM: _("Claim: redacted, and every person (the child included) replaced by a keyed pseudonym."),
    }
    return {"name": str(options.mode), "description": descriptions[options.mode],
            "banner": _("This report contains personal data about a child. Keep it safe.")}


def _method(analysis: Analysis, options: ReportOptions, fmt: Formatter) -> list[tuple[str, str]]:
    _ = fmt.gettext
    o = analysis.options
    return [
        (_("Time zone of the export"), _("UTC (the export states no zone; see the limits)")),
        (_("Time zone for days and hours"), o.zone),
        (_("New viewing session after a pause of"), _("{n} minutes").format(n=fmt.number(o.session_gap_minutes))),
        (_("Longest time one view counts"), _("{n} minutes").format(n=fmt.number(o.max_view_minutes))),
        (_("Digital age of consent"), consent_rule_text(analysis.age.consent_country, fmt)),
        (_("Report mode"), str(options.mode)),
        (_("IP address countries"), ip_table(analysis, fmt)),
    ]


def child_display_name(export: Export, options: ReportOptions, redactor: Redactor | None = None) -> str:
    """The child's name as this report's mode shows it (a pseudonym in claim mode)."""
    profile = export.records("profile")
    username = getattr(profile[0], "username", None) if profile else None
    shown = (redactor or _redactor(export, options)).child_name(username)
    return shown or Formatter(options.language).gettext("unknown account")


def build_context(export: Export, analysis: Analysis, options: ReportOptions) -> dict[str, Any]:
    """Everything the report template needs, as plain data in the report's language."""
    fmt = Formatter(options.language)
    _ = fmt.gettext
    redactor = _redactor(export, options)
    child = child_display_name(export, options, redactor)
    firsts = [t for t in analysis.age.earliest_by_category.values() if t]
    lasts = [t for t in analysis.age.latest_by_category.values() if t]
    period = (f"{fmt.date(min(firsts))} – {fmt.date(max(lasts))}" if firsts else _("no dated records"))
    return {
        "lang": options.language,
        "title": _("What TikTok collected about {child}").format(child=child),
        "mode": _mode(options, fmt),
        "cover": {
            "child": child, "period": period,
            "input_name": (_("(withheld in claim mode)") if options.mode is Mode.CLAIM
                           else export.input.path.replace("\\", "/").rsplit("/", 1)[-1]),
            "format": export.format.upper(), "generation": export.generation, "export_language": export.language,
            "archive_sha256": export.input.sha256, "tool_version": __version__,
            "generated_at": fmt.moment(options.generated_at.astimezone(timezone.utc)),
        },
        "summary": summary_sentences(export, analysis, fmt),
        "age": _age(analysis, fmt),
        "categories": _categories(export, analysis, redactor, fmt, options),
        "location": _location(analysis, fmt),
        "limits": limits(export, analysis, fmt),
        "appendix": _translated_appendix(appendix_context(export, fmt, _method(analysis, options, fmt)), fmt,
                                         redactor),
        "claim_start": fmt.date(CLAIM_START),
    }


def _translated_appendix(appendix: dict[str, Any], fmt: Formatter, redactor: Redactor) -> dict[str, Any]:
    for row in appendix["members"] + appendix["sections"]:
        row["reason"] = redact_reason(reason(row["reason"], fmt), redactor)
    for row in appendix["sections"] + appendix["invalid"] + appendix["notes"]:
        row["where"] = redact_where(row["where"], redactor)
    for row in appendix["invalid"]:
        row["last"] = redact_where(row["last"], redactor)
        row["errors"] = redact_error(row["errors"], redactor)
    for note in appendix["notes"]:
        note["message"] = reason(note["message"], fmt)
    appendix["unrecognised"] = [(redact_where(where, redactor), items) for where, items in appendix["unrecognised"]]
    if redactor.mode is Mode.CLAIM:
        # A parent may have renamed the file after the child; the SHA-256 identifies it instead.
        appendix["archive"][0] = (appendix["archive"][0][0], fmt.gettext("(withheld in claim mode)"))
    return appendix
