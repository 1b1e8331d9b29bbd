"""The report's claim part: birth dates judged, age bands, the legal periods with their sources, the consent flag."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup

from dsar_analyzer.analysis.age import BAND_KEYS, BANDS, BirthCandidate
from dsar_analyzer.analysis.birth import REASONS
from dsar_analyzer.analysis.export_figures import Analysis
from dsar_analyzer.analysis.legal import source_title
from dsar_analyzer.report import charts
from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.labels import band_label, category_title
from dsar_analyzer.report.sentences import class_sentences, consent_rule_text
from dsar_analyzer.report.visible import visible


#: The band columns of the period table (account state held on the export date is never in a period).
PERIOD_BANDS = (*BANDS, "unknown_age")


def count_or_unknown(value: int | None, fmt: Formatter) -> str:
    """A count, or "unknown" (never 0) when the figure cannot be known, e.g. without a birth date."""
    return fmt.gettext("unknown") if value is None else fmt.number(value)


def _period_names(fmt: Formatter) -> dict[str, str]:
    _ = fmt.gettext
    return {
        "since_claim_start": _("Since 25 May 2018 (GDPR and Dutch UAVG apply)"),
        "ap_english_only_privacy_policy": _("Dutch DPA (AP): privacy policy only in English (25 May 2018 – 28 July "
                                            "2020, TikTok Inc. controller)"),
        "dpc_children_inquiry": _("Irish regulator (DPC) 2023 decision: children's accounts, under-13s included "
                                  "(31 July – 31 December 2020)"),
        "dpc_transfer_transparency": _("Irish regulator (DPC) 2025 decision: transfers to China not disclosed "
                                       "(29 July 2020 – 1 December 2022)"),
    }


def source_cell(url: str, verified: bool, fmt: Formatter) -> Markup:
    """A source as a short title with its link in code type, marked when its days are unverified."""
    mark = Markup(" ({})").format(fmt.gettext("unverified")) if not verified else Markup("")
    return Markup('{}{}: <code class="url">{}</code>').format(fmt.gettext(source_title(url)), mark, url)


def _side_by_side(analysis: Analysis, fmt: Formatter) -> list[tuple[str, str]]:
    _ = fmt.gettext
    rows = []
    for key, label in (("given", _("Figures by the birth date given")),
                       ("self_declared", _("Figures by the birth date on the account"))):
        figures = analysis.side_by_side().get(key)
        if figures is None:
            continue
        bands = "; ".join(f"{band_label(b, fmt)}: {count_or_unknown(figures['bands'][b], fmt)}"
                          for b in ("under_13", "13_15", "16_17", "18_plus"))
        age = figures["age_at_first_record"]
        rows.append((label, _("{bands}; under the digital age of consent: {consent}; age at the first record: "
                              "{age}").format(bands=bands, consent=count_or_unknown(figures["under_consent_age"], fmt),
                                              age=count_or_unknown(age, fmt))))
    return rows if len(rows) == 2 else []


def _reason(candidate: BirthCandidate, fmt: Formatter) -> str:
    """Why a birth date was refused or doubted, in the report's language."""
    if not candidate.reason_code:
        return candidate.reason
    values = {k: fmt.date(v) if isinstance(v, date) else str(v) for k, v in candidate.reason_parameters.items()}
    return fmt.gettext(REASONS[candidate.reason_code]).format(**values)


def _candidate(candidate: BirthCandidate, used: bool, fmt: Formatter) -> tuple[str, Markup]:
    _ = fmt.gettext
    label = (_("Birth date given when this report was made") if candidate.source == "override"
             else _("Birth date on the account (self-declared, as on file when the export was made)"))
    if candidate.status == "plausible":
        verdict = _("used") if used else _("possible, not used: a date given when this report was made comes first")
    elif candidate.status == "implausible":
        verdict = _("used, with a warning: {reason}").format(reason=_reason(candidate, fmt))
    else:
        verdict = _("not used: {reason}").format(reason=_reason(candidate, fmt))
    text = (Markup('<q class="ev">{}</q>').format(visible(candidate.text)) if candidate.source == "profile"
            else fmt.date(candidate.value))
    return label, Markup("{} – {}").format(text, visible(verdict))


def age_context(analysis: Analysis, fmt: Formatter) -> dict[str, Any]:
    """Plain data for the age part: birth dates, bands, periods, claim figures, flags and a chart."""
    _ = fmt.gettext
    age = analysis.age
    birth = age.birth_date
    known = birth.value is not None
    source = {"override": _("given when this report was made"), "profile": _("self-declared in the TikTok profile"),
              "none": _("unknown")}[birth.source]
    rows = [(_("Birth date used"), f"{fmt.date(birth.value)} ({source})" if known else
             _("none: every age band and the consent count are unknown"))]
    rows += [_candidate(c, c.source == birth.source, fmt) for c in birth.candidates]
    if not birth.candidates:
        rows.append((_("Birth date in the export (self-declared)"), _("none in the export")))
    rows += _side_by_side(analysis, fmt)
    if age.export_date is not None:
        rows.append((_("Export made on"), fmt.moment(age.export_date)))
    bands = [{"key": key, "label": band_label(key, fmt), "count_raw": age.bands[key],
              "count": count_or_unknown(age.bands[key], fmt),
              "since": count_or_unknown(age.bands_since_claim_start[key], fmt),
              "first": fmt.moment(age.band_first.get(key)), "last": fmt.moment(age.band_last.get(key))}
             for key in BAND_KEYS]
    names = _period_names(fmt)
    periods = [{"key": p.name, "label": names[p.name], "records_raw": p.records, "records": fmt.number(p.records),
                "bands": [count_or_unknown(p.bands[k], fmt) for k in PERIOD_BANDS],
                "minors": count_or_unknown(p.aged_under_18, fmt) if p.name == "dpc_children_inquiry" else "",
                "source": source_cell(p.source, p.verified, fmt), "verified": p.verified} for p in age.periods]
    since_label = fmt.date(age.consent_applies_from)
    claim = [
        ("since_claim_start", _("Records since 25 May 2018 (from which the GDPR and the Dutch UAVG apply)"), age.since_claim_start),
        ("before_claim_start", _("Records before 25 May 2018"), age.before_claim_start),
        ("undated", _("Records without a date"), age.undated),
        ("held_at_export", _("... of which the account's state held on the export date (profile, settings, device "
                             "identifiers: TikTok still held them then; counted apart from the age bands)"),
         age.held_at_export),
        ("under_consent_age", _("Records since {date} made while the child was younger than the digital age of "
                                "consent ({rule})")
         .format(date=since_label, rule=consent_rule_text(age.consent_country, fmt)), age.under_consent_age),
        ("under_consent_age_any_date", _("The same, including records from before {date}").format(date=since_label),
         age.under_consent_age_any_date),
        ("ambiguous", _("Records less than 14 hours before or after a birthday or 25 May 2018 (the time zone is "
                        "unknown)"), age.ambiguous),
    ]
    by_category = [{"label": category_title(c, fmt), "cells": [count_or_unknown(n, fmt) for n in counts.values()]}
                   for c, counts in age.bands_by_category.items()]
    flags = [_("A count is a fact. Whether the processing was lawful is for a court or a supervisory authority to "
               "decide: the Dutch AP for processing by TikTok Inc. up to 28 July 2020; from 29 July 2020, when "
               "TikTok Technology Limited (Ireland) became controller, the Irish DPC as lead authority. Each flag "
               "below names its rule and says nothing about lawfulness.")]
    if known:
        flags.append(_("Made since {date} while the child was younger than the digital age of consent ({rule}), by "
                       "the birth date used: {n}. The consent age matters where consent is the legal basis (article 8 "
                       "GDPR, article 5 UAVG); for providing the service itself TikTok relied on its contract, for "
                       "personalised advertising on consent. This is a signal under that rule, not a finding that the "
                       "processing was unlawful.").format(date=since_label, n=fmt.number(age.under_consent_age),
                                                          rule=consent_rule_text(age.consent_country, fmt)))
    else:
        flags.append(_("No usable birth date is known, so the age bands and the consent count are unknown, not 0."))
    if birth.declared_under_13:
        real = analysis.side_by_side().get("given")
        flags.append(_("According to the birth date on the account, the child was under 13 at the first record. The "
                       "export does not show who entered that date or whether TikTok checked it.")
                     + ("" if real is None else " " + _("By the birth date given, the child was {age} then.").format(
                         age=fmt.number(real["age_at_first_record"]))))
    if any(c.status == "implausible" for c in birth.candidates):
        flags.append(_("The birth date used means the child was under 5 at the first record: possible, but check it."))
    if age.before_birth:
        flags.append(_("Records dated before the birth date used: {n}. They are counted as age unknown; that birth "
                       "date is probably wrong.").format(n=fmt.number(age.before_birth)))
    known_bands = {str(b["label"]): int(b["count_raw"]) for b in bands if b["count_raw"] is not None}
    chart = charts.age_band_bars(known_bands, title=_("Records by age at the time"),
                                 alt=_("Bar chart of the number of records in each age band"),
                                 number_format=fmt.number, empty_label=_("No records"), id_prefix="age-bands")
    return {"birth": rows, "bands": bands, "periods": periods, "period_bands": [
                {"label": band_label(k, fmt)} for k in PERIOD_BANDS], "account": class_sentences(analysis, fmt),
            "claim": [{"key": k, "label": label, "count_raw": n, "count": count_or_unknown(n, fmt)}
                      for k, label, n in claim],
            "by_category": by_category, "flags": flags,
            "period_note": _("Each row counts the records dated inside that period, both first and last day "
                             "included (UTC dates). The source of each period is named beside it; \"unverified\" "
                             "means its first or last day was not confirmed in a primary source."),
            "charts": [{"svg": Markup(chart), "caption": _("Age on the UTC date of each record.")}]}
