"""The follow-up access request: a letter to TikTok's data protection officer asking for what the export left out.

Built from one export and its analysis: the export's date and SHA-256 as the reference, the rows of
``analyse.policy`` this export does not hold (each with what the policy says, its date and link, and
the GDPR article), the Art. 15(1) and 15(2) information no export contains, the Art. 12(3) deadline
counted from the date the letter is sent (``analyse.deadline``), and where to complain if no answer
comes. The tool fills in everything it knows; what it cannot know (the parent's name and address,
the e-mail address of the child's account) is left as a marked placeholder. Rendered as HTML and as
plain text (for TikTok's privacy web form), in Dutch or English from the gettext catalogue, in the
report's redaction modes: a claim copy names nobody.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from babel.dates import format_date

from dsar_analyzer import __version__
from dsar_analyzer.analysis.deadline import REGULATION_1182_71, one_month_deadline
from dsar_analyzer.analysis.figures import Analysis
from dsar_analyzer.analysis.policy import (
    ACCESS_ITEMS,
    NEWSROOM_TRANSFERS,
    TRANSFERS,
    missing_categories,
    policy_status,
)
from dsar_analyzer.records.export import Export
from dsar_analyzer.report.context import ReportOptions, child_display_name
from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.policy_table import (
    article_text,
    source_text,
    wording_label,
    wording_text,
)
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import environment

#: ``TikTok_Data_<unix seconds>``: the name TikTok gives the archive (and, in some generations, its top folder).
_EXPORT_NAME = re.compile(r"TikTok_Data_(\d{9,11})(?!\d)")

PRIVACY_FORM = "https://www.tiktok.com/legal/report/privacy"
DPO_ADDRESS = ("TikTok Technology Limited", "10 Earlsfort Terrace", "Dublin, D02 T380")
AP_LINK = "https://autoriteitpersoonsgegevens.nl"
DPC_LINK = "https://www.dataprotection.ie"


class LetterOptions(ReportOptions):
    """A report's language, redaction mode and case key, plus the day the letter is sent."""

    sent_on: date
    #: A letter prints no generation time: its only date is ``sent_on``.
    generated_at: datetime = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class RenderedLetter:
    html: str
    text: str

    @property
    def html_sha256(self) -> str:
        return hashlib.sha256(self.html.encode("utf-8")).hexdigest()

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def export_date(export: Export, analysis: Analysis) -> tuple[date | None, str]:
    """The export's date and how it was found: the ``TikTok_Data_<seconds>`` name, else the latest record."""
    names = [export.input.name, *sorted(export.member_hashes)]
    for name in names:
        found = _EXPORT_NAME.search(name)
        if found:
            return datetime.fromtimestamp(int(found.group(1)), tz=timezone.utc).date(), "name"
    latest = [t for t in analysis.age.latest_by_category.values() if t]
    if latest:
        return max(latest).astimezone(timezone.utc).date(), "latest"
    return None, "unknown"


def _lower_first(title: str) -> str:
    """A row title used inside a sentence (no title starts with a name)."""
    return title[:1].lower() + title[1:]


def _placeholder(label: str) -> dict[str, str]:
    """What the tool cannot know: the template marks it for the parent to fill in."""
    return {"placeholder": label}


def _text(value: str) -> dict[str, str]:
    return {"text": value}


def letter_context(export: Export, analysis: Analysis, options: LetterOptions) -> dict[str, Any]:
    """Everything the two letter templates show, already in the letter's language and redacted for its mode."""
    fmt = Formatter(options.language)
    _ = fmt.gettext
    dutch = options.language == "nl"
    profile = export.records("profile")
    account = (_text(child_display_name(export, options))
               if profile and getattr(profile[0], "username", None)
               else _placeholder(_("username of the child's TikTok account")))
    claim = options.mode is Mode.CLAIM
    when, how = export_date(export, analysis)
    from_name = _("date in the archive's name")
    dated = {"name": (_("Export date"), f"{fmt.date(when)} ({from_name})"),
             "latest": (_("Latest record in the export"), fmt.date(when)),
             "unknown": (_("Export date"), _("unknown"))}[how]
    reference = [
        (_("Account"), account),
        (dated[0], _text(dated[1])),
        (_("File"), _text(_("(withheld in claim mode)") if claim
                          else export.input.name)),
        (_("Format"), _text(f"{export.format.upper()}, {_('generation')} {export.generation}")),
        (_("SHA-256 of the export"), _text(export.input.sha256)),
    ]
    missing = [{"id": c.id, "title": c.title_nl if dutch else c.title_en, "says": wording_text(c.wording, fmt),
                "label": wording_label(c.wording, fmt), "source": source_text(c.source, fmt),
                "article": article_text(c.articles, fmt)}
               for c in missing_categories(export)]
    held = [_lower_first(s.category.title_nl if dutch else s.category.title_en)
            for s in policy_status(export) if s.held]
    deadline = one_month_deadline(options.sent_on)
    weekday = format_date(deadline.month_end, format="EEEE", locale=options.language)
    deadline_text = _("Under Art. 12(3) GDPR, TikTok must answer without undue delay and at the latest within one "
                      "month of receiving this request. For a request received on {received}, that month ends "
                      "on {ends}.").format(received=fmt.date(deadline.received), ends=fmt.date(deadline.month_end))
    if deadline.moved_past_weekend:
        deadline_text += " " + _("As that day is a {weekday}, the period runs to the end of {ends}.").format(
            weekday=weekday, ends=fmt.date(deadline.ends))
    transfers = {"text": wording_text(TRANSFERS, fmt), "label": wording_label(TRANSFERS, fmt),
                 "source": source_text(NEWSROOM_TRANSFERS, fmt)}
    return {
        "lang": options.language,
        "tool_version": __version__,
        "title": _("Request for access to personal data (Art. 15 GDPR)"),
        "claim_note": _("Claim copy: every name is replaced by a pseudonym. Not for sending.") if claim else "",
        "from": [_placeholder(_("name of the parent")), _placeholder(_("address of the parent")),
                 _placeholder(_("e-mail address of the parent"))],
        "to": [_("Data Protection Officer"), *DPO_ADDRESS, _("Ireland")],
        "form": PRIVACY_FORM,
        "date": fmt.date(options.sent_on),
        "subject": _("Request under Article 15 GDPR for the personal data and information missing from the data "
                     "export of TikTok account"),
        "account": account,
        "account_email": _placeholder(_("e-mail address of the child's TikTok account")),
        "reference": reference,
        "missing": missing,
        "held": fmt.listing(held) if held else "",
        "access_items": [{"text": item.nl if dutch else item.en, "article": article_text(item.articles, fmt)}
                         for item in ACCESS_ITEMS],
        "transfers": transfers,
        "deadline": deadline_text,
        "deadline_rule": _("How the month is counted: to the same date in the next month; when that month has no "
                           "such date, to its last day (31 January: 28 February, or 29 February in a leap year); a "
                           "period ending on a Saturday, Sunday or public holiday runs to the end of the next working "
                           "day. Source: Regulation (EEC, Euratom) No 1182/71, Art. 3, {link}.").format(
            link=REGULATION_1182_71),
        "extension": _("If TikTok needs more time, Art. 12(3) GDPR asks it to tell me so within that month and "
                       "to give its reasons."),
        "complaint": _("If no answer comes within this period, I may lodge a complaint with a supervisory "
                       "authority (Art. 77 GDPR): in the Netherlands the Autoriteit Persoonsgegevens ({ap}), or "
                       "in Ireland, where TikTok has its main establishment in the EU, the Data Protection "
                       "Commission ({dpc}).").format(ap=AP_LINK, dpc=DPC_LINK),
        "signature": _placeholder(_("name and signature of the parent")),
    }


def render_letter(export: Export, analysis: Analysis, options: LetterOptions) -> RenderedLetter:
    """The letter as self-contained HTML and as plain text, the same bytes for the same input and options."""
    context = letter_context(export, analysis, options)
    html = environment(options.language).get_template("letter.html.j2").render(**context)
    text = environment(options.language, autoescape=False).get_template("letter.txt.j2").render(**context)
    return RenderedLetter(html=html, text=text)
