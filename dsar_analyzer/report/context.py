"""Build the plain data a report template shows: sentences, tables, charts and redacted examples.

Everything here is already in the report's language and already redacted for its mode; the
templates only lay it out (and escape it). Facts (counts, dates) and interpretations (flags that
name their rule) are kept in separate parts of the context.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

from babel.dates import format_date, get_day_names
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field

from dsar_analyzer import __version__
from dsar_analyzer.analysis.age import CLAIM_START, anniversary
from dsar_analyzer.analysis.classify import CATEGORY_BY_SECTION, Category
from dsar_analyzer.analysis.export_figures import Analysis
from dsar_analyzer.analysis.legal import (
    CHINA_SERVERS_2025,
    CLOVER_2023,
    CLOVER_YEAR_ON,
    DPC_2025,
    EEA_POLICY_STORAGE,
    STORAGE_US_SG_MY,
    TIKTOK_CHINA_ACCESS,
    source_title,
)
from dsar_analyzer.records.export import Export
from dsar_analyzer.report import charts
from dsar_analyzer.report.appendix import appendix_context, custody_context
from dsar_analyzer.report.claim import age_context, count_or_unknown
from dsar_analyzer.report.display import pseudonym, rows
from dsar_analyzer.report.export_values import known_value
from dsar_analyzer.report.i18n import Formatter, Language
from dsar_analyzer.report.labels import (
    category_title,
    reason,
    section_title,
)
from dsar_analyzer.report.people import person_labeller
from dsar_analyzer.report.redacted_places import redact_error, redact_member, redact_reason, redact_where
from dsar_analyzer.report.policy_table import policy_table
from dsar_analyzer.report.print_layout import running_header
from dsar_analyzer.report.redact import Mode, Redactor
from dsar_analyzer.report.redaction_table import (
    FIELD_ACTIONS,
    FREE_TEXT,
    MASKING,
    redact_record,
)
from dsar_analyzer.report.sentences import (
    category_sentence,
    category_span,
    consent_rule_text,
    coverage_notes,
    limits,
    section_span,
    summary_sentences,
)
from dsar_analyzer.report.time_stamp import default_generated_at
from dsar_analyzer.report.visible import visible


class ReportOptions(BaseModel):
    """How one report is written: language, mode, the per-case key for pseudonyms, the time stamp."""

    model_config = ConfigDict(frozen=True)

    language: Language
    mode: Mode = Mode.REDACTED
    case_key: bytes | None = Field(default=None, repr=False)
    generated_at: datetime = Field(default_factory=default_generated_at)
    #: True when the time stamp was pinned (--generated-at or SOURCE_DATE_EPOCH) rather than read from the clock.
    generated_at_pinned: bool = False
    examples_per_section: int = Field(default=3, ge=0)


def formatter(options: ReportOptions, zone: str = "UTC") -> Formatter:
    """The report's language and time zone; a claim copy speaks of "the child", never "your child"."""
    return Formatter(options.language, zone=zone, neutral=options.mode is Mode.CLAIM)


def report_redactor(export: Export, options: ReportOptions, fmt: Formatter | None = None) -> Redactor:
    """The redactor of this export's report: its mode and key, the child's own names, "friend 1" labels."""
    profile = export.records("profile")
    own = frozenset(str(p.username) for p in profile if getattr(p, "username", None))
    labeller = person_labeller(export, own, options.mode, fmt or formatter(options))
    return Redactor(options.mode, options.case_key, own, person_label=labeller)


def _quoted(section_id: str, mode: Mode) -> dict[str, bool]:
    """Fields whose text is the export's own words (quoted) rather than the report's (a masked value)."""
    actions = FIELD_ACTIONS.get(section_id, {})
    return {name: mode is Mode.FULL or action not in MASKING for name, action in actions.items()}




def _free_text_fields(section_id: str) -> frozenset[str]:
    """Fields of a section that hold what a person wrote (never translated as export words)."""
    return frozenset(name for name, action in FIELD_ACTIONS.get(section_id, {}).items() if action in FREE_TEXT)


def _examples(export: Export, section_id: str, redactor: Redactor, fmt: Formatter, limit: int) -> list[dict[str, Any]]:
    records = export.sections.get(section_id)
    if records is None or not limit:
        return []
    out = []
    for index, record in enumerate(records.head(limit)):
        shown = redact_record(section_id, record, redactor)
        fields = rows(shown, fmt, quoted=_quoted(section_id, redactor.mode), free_text=_free_text_fields(section_id))
        out.append({"section_id": section_id, "fields": fields,
                    "source": redact_where(str(records.source(index)), redactor)})
    return out


def _section_rows(export: Export, analysis: Analysis, category: str, fmt: Formatter) -> list[dict[str, Any]]:
    rows = []
    for section_id, records in export.sections.items():
        if str(CATEGORY_BY_SECTION[section_id]) != category:
            continue
        first, last = section_span(export, section_id)
        # TikTok keeps only recent history of some parts: their count is a floor, and the cell says so.
        lower = bool(analysis.coverage.get(section_id, {}).get("lower_bound")) and len(records) > 0
        count = fmt.number(len(records))
        rows.append({"id": section_id, "title": section_title(section_id, fmt), "records_raw": len(records),
                     "records": fmt.gettext("at least {n}").format(n=count) if lower else count,
                     "lower_bound": lower, "first": fmt.moment(first), "last": fmt.moment(last)})
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
         "caption": _("Each bar counts the videos started in one month ({zone}).").format(zone=fmt.zone_name)},
        {"svg": Markup(charts.heatmap(
            viewing.heatmap, title=_("When videos were watched"), weekday_labels=[weekdays[i] for i in range(7)],
            hour_label=_("hour of the day"), alt=_("Grid of the number of videos watched per weekday and hour"),
            number_format=fmt.number, empty_label=_("No watch history"), id_prefix="watch-hours")),
         "caption": _("Darker cells: more videos started in that hour of that weekday ({zone}).")
         .format(zone=fmt.zone_name)},
    ]


def _export_words(text: str) -> Markup:
    """Text as the export wrote it, in quotation marks (escaped)."""
    return Markup('<q class="ev">{}</q>').format(visible(text))


def floor_count(analysis: Analysis, count: int, section_id: str, fmt: Formatter) -> str:
    """A count of a part TikTok keeps only recent history of, said as the lower bound it is."""
    lower = count and analysis.coverage.get(section_id, {}).get("lower_bound")
    return fmt.gettext("at least {n}").format(n=fmt.number(count)) if lower else fmt.number(count)


def _viewing_facts(analysis: Analysis, fmt: Formatter) -> list[list[tuple[str, str]]]:
    _ = fmt.gettext
    v = analysis.viewing
    rule = v.session_rule

    def floor(count: int, section_id: str) -> str:
        return floor_count(analysis, count, section_id, fmt)

    facts = [
        (_("Videos watched"), floor(v.views, "watch_history")),
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
        (_("Likes"), floor(v.likes.count, "likes")),
        (_("Favourites"), fmt.number(v.favourites.total)),
        (_("Shares"), fmt.number(v.shares.count)),
        (_("Searches"), floor(v.searches.count, "searches")),
    ]
    if v.shares_by_method:
        facts.append((_("Shared by way of"), Markup("; ").join(
            Markup("{}: {}").format(known_value(method, fmt) or _export_words(method), fmt.number(n))
            for method, n in v.shares_by_method.items())))
    if v.top_search_terms and not v.search_terms_redacted:
        facts.append((_("Most frequent search terms"), Markup("; ").join(
            Markup("{}: {}").format(_export_words(term), fmt.number(n)) for term, n in v.top_search_terms)))
    elif v.top_search_terms:
        facts.append((_("Different search terms"), _("{n} (this copy does not show the terms themselves)").format(
            n=fmt.number(v.distinct_search_terms))))
        facts.append((_("Searches for the most frequent term"), fmt.number(v.top_search_terms[0][1])))
    return [facts]


def _categories(export: Export, analysis: Analysis, redactor: Redactor, fmt: Formatter,
                options: ReportOptions) -> list[dict[str, Any]]:
    out = []
    for category in Category:
        name = str(category)
        sections = _section_rows(export, analysis, name, fmt)
        examples = [e for row in sections if row["records_raw"]
                    for e in _examples(export, row["id"], redactor, fmt, options.examples_per_section)]
        out.append({
            "id": name, "title": category_title(name, fmt), "records_raw": analysis.categories[name],
            "sentence": category_sentence(name, analysis, export, fmt),
            "span": category_span(name, analysis, fmt), "coverage": coverage_notes(name, analysis, fmt),
            "sections": sections, "examples": examples,
            "facts": _viewing_facts(analysis, fmt) if category is Category.VIEWING_BEHAVIOUR else [],
            "charts": _viewing_charts(analysis, fmt) if category is Category.VIEWING_BEHAVIOUR else [],
        })
    return out


def cite(url: str, fmt: Formatter) -> Markup:
    """A source as its short title, then its link in code type (never a live link to another site)."""
    return Markup('{}: <code class="url">{}</code>').format(
        fmt.gettext(source_title(url)), url)


def ip_table(analysis: Analysis, fmt: Formatter) -> str:
    """Which offline table gave the countries: package, version and the date its table was built."""
    source = analysis.location.ip_country_source
    package = source.split(" (", 1)[0]
    built = re.search(r"table built (\d{4}-\d{2}-\d{2})", source)
    if not built:
        return package
    return fmt.gettext("{package}, table of {date}").format(package=package,
                                                           date=fmt.date(date.fromisoformat(built.group(1))))


def _in_eea_cell(code: str, analysis: Analysis, fmt: Formatter) -> str:
    """yes / no / partly (n of m) by the country's EEA membership on each login's date."""
    if code == "unknown":
        return "–"
    total = analysis.location.countries[code]
    inside = analysis.location.logins_in_eea_by_country.get(code, 0)
    if inside == total:
        return fmt.gettext("yes")
    if inside == 0:
        return fmt.gettext("no")
    return fmt.gettext("partly ({n} of {total})").format(n=fmt.number(inside), total=fmt.number(total))


def _location(analysis: Analysis, fmt: Formatter) -> dict[str, Any]:
    _ = fmt.gettext
    loc = analysis.location
    facts = [
        (_("Log-ins with an IP address"), fmt.number(loc.logins_with_ip)),
        (_("... of which the country is known"), fmt.number(loc.logins_with_resolved_ip)),
        (_("Different IP addresses"), fmt.number(loc.distinct_ips)),
        (_("Records with location information (not proof of where the child was)"),
         fmt.number(loc.records_revealing_location)),
        (_("Records with a location outside the EEA"),
         count_or_unknown(loc.records_placing_outside_eea, fmt)),
        (_("Posts with a location"), fmt.number(loc.posts_with_location + loc.deleted_posts_with_location)),
        (_("Location reviews"), fmt.number(loc.location_reviews)),
        (_("Precise (GPS) location in the export"), _("yes") if loc.recent_location.gps else _("no")),
    ]
    if loc.account_region:
        facts.append((_("Account region (the account's setting, not where the child was)"), loc.account_region))
    countries = [{"code": code, "name": code if code != "unknown" else _("unknown"), "count_raw": n,
                  "count": fmt.number(n), "first": fmt.moment(loc.first_seen_by_country.get(code)),
                  "last": fmt.moment(loc.last_seen_by_country.get(code)),
                  "in_eea": _in_eea_cell(code, analysis, fmt)}
                 for code, n in loc.countries.items()]
    note = _("The country of an IP address comes from an offline table of the address blocks that the five "
             "regional internet registries hand out ({source}). It says where a block is registered, not where the "
             "device was: a VPN or a mobile network can point to another country. No address was looked up "
             "online. Where the country is unknown, nothing can be said about where the log-in took place. The "
             "EEA is the EU plus Iceland, Liechtenstein and Norway, the area where the GDPR applies; whether a "
             "country belonged to it is judged on the date of each log-in.").format(source=ip_table(analysis, fmt))
    abroad = [
        _("The export cannot show whether or where TikTok transferred the data of {child}: it holds no record of "
          "transfers or of who accessed the data.").format(child=fmt.child),
        Markup(_("TikTok's own statement of 2 November 2022: it stored the data of its European users in the United "
                 "States and Singapore and allowed certain employees of its group in other countries, China among "
                 "them, remote access to it ({source}). TikTok said it allows such access; the export does not "
                 "show whether anyone looked at the data of {child}.")).format(
            source=cite(TIKTOK_CHINA_ACCESS, fmt), child=fmt.child),
        Markup(_("On 8 March 2023 TikTok announced that it would store the data of its European users in Europe by "
                 "default, in data centres in Ireland and Norway ({source}).")).format(
            source=cite(CLOVER_2023.source, fmt)),
        Markup(_("About a year later TikTok wrote that its first data centre in Ireland was in use and European data "
                 "was being moved into it, and that until its European data centres were ready the European data "
                 "were kept in the United States (the page is undated: unverified) ({source}).")).format(
            source=cite(CLOVER_YEAR_ON.source, fmt)),
        Markup(_("On another undated page TikTok says that its user data is stored in the United States, Singapore "
                 "and Malaysia, not in China (which period it describes: unverified) ({source}).")).format(
            source=cite(STORAGE_US_SG_MY.source, fmt)),
        Markup(_("In April 2025 TikTok told the Irish Data Protection Commission (DPC) that a limited amount of EEA "
                 "users' data had in fact been stored on servers in China, although it had said during the "
                 "inquiry that it was not ({source}).")).format(source=cite(CHINA_SERVERS_2025.source, fmt)),
        Markup(_("TikTok's privacy policy for the EEA names the countries where it stores data, and the version in "
                 "force during the period is the one that counts. Which countries each version since 2023 named "
                 "was not checked against those versions (unverified) ({source}).")).format(
            source=cite(EEA_POLICY_STORAGE.source, fmt)),
        Markup(_("On 2 May 2025 the DPC fined TikTok EUR 530 million: EUR 485 million because the transfers to "
                 "China by remote access did not protect EEA users' data to a level essentially equivalent to the "
                 "EU's (article 46(1) GDPR) and EUR 45 million because TikTok did not tell users about them from "
                 "29 July 2020 to 1 December 2022 (article 13(1)(f) GDPR). TikTok has said it will appeal "
                 "({source}).")).format(source=cite(DPC_2025, fmt)),
    ]
    return {"facts": facts, "countries": countries, "source_note": note, "abroad": abroad}


def _mode(options: ReportOptions, fmt: Formatter) -> dict[str, str]:
    _ = fmt.gettext
    descriptions = {
        Mode.REDACTED: _("Redacted copy: the text of messages, comments and searches is withheld (the counts "
                         "remain); IP addresses, e-mail addresses, phone numbers and identifiers are partly "
                         "masked; other people are shown as person 1, person 2 and so on."),
        Mode.FULL: _("Full copy: everything as the export states it, for the family's own use. Do not share it."),
        Mode.CLAIM: _("Claim copy: redacted, and every person (the child included) replaced by a pseudonym made "
                      "with the secret key of the case."),
    }
    return {"name": mode_name(options.mode, fmt), "description": descriptions[options.mode],
            "banner": _("This report contains personal data about a child. Keep it safe.")}


def mode_name(mode: Mode, fmt: Formatter) -> str:
    return {Mode.REDACTED: fmt.gettext("redacted copy"), Mode.FULL: fmt.gettext("full copy"),
            Mode.CLAIM: fmt.gettext("claim copy")}[mode]


def _method(analysis: Analysis, options: ReportOptions, fmt: Formatter) -> list[tuple[str, str]]:
    _ = fmt.gettext
    o = analysis.options
    return [
        (_("Time zone of the export"), _("UTC (the export states no zone; see the limits)")),
        (_("Time zone of the times in this report"), fmt.zone_name),
        (_("Report made at (UTC)"), fmt.utc_moment(options.generated_at)),
        (_("New viewing session after a pause of"), _("{n} minutes").format(n=fmt.number(o.session_gap_minutes))),
        (_("Longest time one view counts"), _("{n} minutes").format(n=fmt.number(o.max_view_minutes))),
        (_("Digital age of consent"), consent_rule_text(analysis.age.consent_country, fmt)),
        (_("Kind of copy"), mode_name(options.mode, fmt)),
        (_("IP address countries"), ip_table(analysis, fmt)),
    ]


def child_display_name(export: Export, options: ReportOptions, redactor: Redactor | None = None) -> str:
    """The child's name as this report's mode shows it (a pseudonym in claim mode)."""
    profile = export.records("profile")
    username = getattr(profile[0], "username", None) if profile else None
    fmt = formatter(options)
    shown = (redactor or report_redactor(export, options, fmt)).child_name(username)
    return pseudonym(shown, fmt) if shown else fmt.gettext("an unnamed account")


def build_context(export: Export, analysis: Analysis, options: ReportOptions) -> dict[str, Any]:
    """Everything the report template needs, as plain data in the report's language."""
    fmt = formatter(options, analysis.options.zone)
    _ = fmt.gettext
    redactor = report_redactor(export, options, fmt)
    child = child_display_name(export, options, redactor)
    case = analysis.custody.case_reference
    firsts = [t for t in analysis.age.earliest_by_category.values() if t]
    lasts = [t for t in analysis.age.latest_by_category.values() if t]
    period = (_("{first} to {last}").format(first=fmt.date(min(firsts)), last=fmt.date(max(lasts))) if firsts
              else _("no dated records"))
    return {
        "lang": options.language,
        "title": _("What TikTok collected about {child}").format(child=child),
        "mode": _mode(options, fmt),
        "cover": {
            "case": case, "child": child, "period": period,
            "input_name": None if options.mode is Mode.CLAIM else export.input.name,
            "format": export.format.upper(), "generation": export.generation,
            "export_language": fmt.language_name(export.language),
            "archive_sha256": export.input.sha256, "tool_version": __version__,
            "generated_at": fmt.moment(options.generated_at.astimezone(timezone.utc)),
            "report_date": fmt.date(options.generated_at),
        },
        # A claim file's page is put back by its case: the reference leads the running header too.
        "running_header": running_header(
            f"{case} · {child}" if case else child, fmt.date(options.generated_at), export.input.sha256,
            page=_("page {page} of {pages}"), archive=_("archive")),
        "warnings": [{"code": w.code, "text": fmt.warning(w)} for w in analysis.warnings],
        "summary": summary_sentences(export, analysis, fmt),
        "age": age_context(analysis, fmt),
        "categories": _categories(export, analysis, redactor, fmt, options),
        "location": _location(analysis, fmt),
        "policy": policy_table(export, fmt),
        "limits": limits(export, analysis, fmt),
        "appendix": _translated_appendix(appendix_context(export, fmt, _method(analysis, options, fmt)), fmt,
                                         redactor),
        "custody": _redacted_custody(custody_context(
            analysis.custody, fmt, claim_mode=options.mode is Mode.CLAIM,
            generated_at=fmt.moment(options.generated_at.astimezone(timezone.utc)),
            pinned=options.generated_at_pinned), redactor),
        "claim_start": fmt.date(CLAIM_START),
    }


def _redacted_custody(custody: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
    for member in custody["members"]:
        member["name"] = redact_member(member["name"], redactor)
    return custody


def _translated_appendix(appendix: dict[str, Any], fmt: Formatter, redactor: Redactor) -> dict[str, Any]:
    for row in appendix["members"]:
        row["name"] = redact_member(row["name"], redactor)
    for row in appendix["members"] + appendix["sections"]:
        row["reason"] = reason(redact_reason(row["reason"], redactor), fmt)
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
        appendix["archive"][0] = (appendix["archive"][0][0], fmt.gettext("(withheld in the claim copy)"))
    return appendix
