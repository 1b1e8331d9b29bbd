"""Letters a parent can send TikTok about a child's data: access (Art. 15), erasure (Art. 17) and restriction (Art. 18, 21).

``letter_for(kind, export, analysis, language, sent_on, channel)`` builds one letter from one export
and its analysis, as self-contained HTML (to print) and plain text (to paste into TikTok's privacy
form). The three kinds share the addressee (from the current EEA privacy policy, named with its
date), the parent's parental authority and the child's co-signature from 16, the Art. 12(3) deadline
(counted by Regulation 1182/71 with Irish public holidays, saying whether receipt is taken as the
day sent) and the remedies (``report.letter_parts``); each kind adds its own requests:

* ``access``: a complete copy since the account was created (Art. 15(1) and 15(3)), naming what a
  download lacks, the policy rows this export does not hold (from the EEA versions in force while
  the child used the account, each naming its version), the Art. 15(1)(a)-(h) information, the
  actual recipients (CJEU C-154/21), profiling (Art. 22(1) and (4), CJEU C-203/22) and transfers;
* ``erasure``: Art. 17(1)(f) with Art. 8(1), 17(1)(a), (b) and (d), and Art. 19;
* ``restriction``: Art. 18(1)(c) (kept for legal claims) and objection under Art. 21(2) and (3).

Erasing destroys evidence: ``erasure_warning`` is what a caller shows before an erasure letter (the
command line and the local page do); the letter itself does not depend on it. The tool fills in what
it knows and leaves marked placeholders for what it cannot know (the parent's name and address).
A claim copy names nobody. Same input and options give the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Literal

from dsar_analyzer import __version__
from dsar_analyzer.analysis.deadline import Channel, Deadline
from dsar_analyzer.analysis.export_figures import Analysis
from dsar_analyzer.analysis.policy import (
    NEWSROOM_TRANSFERS,
    TRANSFERS,
    PolicyVersion,
    Wording,
    policy_status,
    rows_to_ask,
)
from dsar_analyzer.records.export import Export
from dsar_analyzer.report.context import ReportOptions, child_display_name
from dsar_analyzer.report.i18n import Formatter, Language
from dsar_analyzer.report.letter_parts import cite, common_context, version_name
from dsar_analyzer.report.policy_table import source_text, wording_text
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import environment

LetterKind = Literal["access", "erasure", "restriction"]
LETTER_KINDS: tuple[LetterKind, ...] = ("access", "erasure", "restriction")
#: The file name part of each kind: ``NAME.request.html``, ``NAME.erasure.html``, ``NAME.restriction.html``.
FILE_PART: dict[LetterKind, str] = {"access": "request", "erasure": "erasure", "restriction": "restriction"}

_COMMON = ("12(3)", "12(4)", "77", "79", "UAVG 35")
#: Exactly the articles each letter cites (``UAVG 35``: the Dutch implementation act; the rest: the GDPR).
ARTICLES: dict[LetterKind, frozenset[str]] = {
    "access": frozenset({*_COMMON, "15(1)", "15(1)(a)", "15(1)(b)", "15(1)(c)", "15(1)(d)", "15(1)(e)",
                         "15(1)(f)", "15(1)(g)", "15(1)(h)", "15(2)", "15(3)", "22(1)", "22(4)", "46"}),
    "erasure": frozenset({*_COMMON, "17(1)", "17(1)(a)", "17(1)(b)", "17(1)(d)", "17(1)(f)", "8(1)", "19"}),
    "restriction": frozenset({*_COMMON, "18(1)(c)", "21(2)", "21(3)"}),
}

#: ``TikTok_Data_<unix seconds>``: the name TikTok gives the archive (and, in some generations, its top folder).
_EXPORT_NAME = re.compile(r"TikTok_Data_(\d{9,11})(?!\d)")


class LetterOptions(ReportOptions):
    """A report's language, redaction mode and case key, plus the letter's kind, sending day and channel."""

    sent_on: date
    kind: LetterKind = "access"
    #: ``form``: TikTok's privacy web form (received the day sent); ``post``: by post.
    channel: Channel = "form"
    #: By post: the day it was delivered, when known (a delivery confirmation); the deadline counts from it.
    delivered_on: date | None = None
    #: A letter prints no generation time: its only date is ``sent_on``.
    generated_at: datetime = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class Letter:
    """One rendered letter and the facts it was built on."""

    kind: LetterKind
    language: Language
    html: str
    text: str
    #: None when sent by post with no known day of delivery (the letter then states the rule, not a date).
    deadline: Deadline | None
    #: The EEA privacy policy version the addressee is taken from.
    addressee_version: PolicyVersion

    @property
    def file_names(self) -> tuple[str, str]:
        """The suffixes of the two files: ``.request.html`` and ``.request.txt`` for an access request."""
        part = FILE_PART[self.kind]
        return f".{part}.html", f".{part}.txt"


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


def period_of_use(analysis: Analysis) -> tuple[date | None, date | None]:
    """The days of the child's first and last dated record (UTC)."""
    first = [t for t in analysis.age.earliest_by_category.values() if t]
    last = [t for t in analysis.age.latest_by_category.values() if t]
    if not first or not last:
        return None, None
    return min(first).astimezone(timezone.utc).date(), max(last).astimezone(timezone.utc).date()


def child_age(analysis: Analysis, on: date) -> int | None:
    """The child's age in whole years on ``on``, from the birth date the figures use; None if unknown."""
    born = analysis.age.birth_date.value
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _lower_first(title: str) -> str:
    """A row title used inside a sentence (no title starts with a name)."""
    return title[:1].lower() + title[1:]


def _placeholder(label: str) -> dict[str, str]:
    """What the tool cannot know: the template marks it for the parent to fill in."""
    return {"placeholder": label}


def _text(value: str) -> dict[str, str]:
    return {"text": value}


def _reference(export: Export, analysis: Analysis, options: LetterOptions, fmt: Formatter) -> list[tuple[str, Any]]:
    _ = fmt.gettext
    claim = options.mode is Mode.CLAIM
    when, how = export_date(export, analysis)
    from_name = _("date in the archive's name")
    dated = {"name": (_("Export date"), f"{fmt.date(when)} ({from_name})"),
             "latest": (_("Latest record in the export"), fmt.date(when)),
             "unknown": (_("Export date"), _("unknown"))}[how]
    return [
        (dated[0], _text(dated[1])),
        (_("File"), _text(_("(withheld in the claim copy)") if claim
                          else export.input.name)),
        (_("File format"), _text(export.format.upper())),
        (_("SHA-256 of the export"), _text(export.input.sha256)),
    ]


def _letter_label(wording: Wording, fmt: Formatter) -> str:
    """Whose words these are, in a letter written as "I": TikTok's, or a summary with the exact wording at the link."""
    _ = fmt.gettext
    if wording.kind == "quote" and (fmt.language == "en" or wording.nl_by_tiktok):
        return _("TikTok's words")
    return _("summary; the exact wording is at the link")


def _access(export: Export, analysis: Analysis, fmt: Formatter) -> dict[str, Any]:
    """The access request's own parts: the complete copy, the policy rows, the Art. 15 information, transfers."""
    _ = fmt.gettext
    dutch = fmt.language == "nl"
    first, last = period_of_use(analysis)
    copy_items = [
        _("the history of the birth-date field: every birth date entered or changed, with its date"),
        _("the IP address and the device used when the account was registered, and the date of registration"),
        _("the records of age assurance and moderation, including every report or suspicion that the account "
          "holder was under 13 and what was done about it"),
        _("the history of consent for personalised advertising: each time it was given or withdrawn, with its date"),
        _("the records of Family Pairing: which accounts were linked, when, and which settings were changed"),
        _("the personal data about my child held by other companies of the TikTok group, naming each company"),
    ]
    rows = [{"id": row.category.id, "title": row.category.title_nl if dutch else row.category.title_en,
             "says": wording_text(row.category.wording, fmt), "label": _letter_label(row.category.wording, fmt),
             "version": version_name(row.version, fmt), "url": source_text(row.category.source, fmt)["url"],
             "articles": fmt.listing([cite(a, fmt) for a in row.category.articles])}
            for row in rows_to_ask(export, first, last)]
    held = [_lower_first(s.category.title_nl if dutch else s.category.title_en)
            for s in policy_status(export) if s.held]
    information = [
        _("the purposes of each processing of my child's data and the legal basis of each ({article})").format(
            article=cite("15(1)(a)", fmt)),
        _("the categories of my child's personal data you process ({article})").format(article=cite("15(1)(b)", fmt)),
        _("the identity of each recipient to whom my child's data has been or will be disclosed, not only "
          "categories of recipients ({article}; Court of Justice of the EU, C-154/21, Österreichische Post, "
          "12 January 2023), in particular recipients in third countries").format(article=cite("15(1)(c)", fmt)),
        _("how long each category is kept, or the criteria used to decide it ({article})").format(
            article=cite("15(1)(d)", fmt)),
        _("the rights to rectification, erasure, restriction and objection ({article}) and to lodge a complaint "
          "with a supervisory authority ({complaint})").format(article=cite("15(1)(e)", fmt),
                                                               complaint=cite("15(1)(f)", fmt)),
        _("where data you did not collect from my child came from ({article})").format(article=cite("15(1)(g)", fmt)),
        _("whether you make automated decisions about my child, including profiling, as meant in {art22_1} and "
          "{art22_4}, and meaningful information about the logic involved ({article}): the procedure and "
          "principles actually applied, for recommendations, ad targeting and age estimation (Court of Justice "
          "of the EU, C-203/22, Dun & Bradstreet Austria, 27 February 2025), and their significance and "
          "expected consequences for my child").format(article=cite("15(1)(h)", fmt), art22_1=cite("22(1)", fmt),
                                                       art22_4=cite("22(4)", fmt)),
    ]
    transfers = [
        _("in which countries my child's data is stored now, and in which it has been stored since the account "
          "was created"),
        _("whether my child's data was stored on servers in China"),
        _("the logs of access to my child's data from outside the EEA: from which country, by which company, "
          "and when"),
        _("for each transfer or access from outside the EEA, the safeguards relied on ({article}), with a copy of "
          "the standard contractual clauses used").format(article=cite("46", fmt)),
    ]
    return {
        "copy_intro": _("Under {art15_1} and {art15_3} I ask for confirmation that you process personal data about "
                        "my child and for a complete copy of all of it, since the account was created, not only "
                        "what the \"Download your data\" file contains. The copy includes at least:").format(
            art15_1=cite("15(1)", fmt), art15_3=cite("15(3)", fmt)),
        "copy_items": copy_items,
        "rows_intro": _("Your privacy policy for the EEA, in versions in force while my child used TikTok, states "
                        "that you collect the following. The export does not contain it, and I ask for it as part "
                        "of the copy:"),
        "rows": rows,
        "no_rows": _("The export contains each kind of data your privacy policy for the EEA names that this "
                     "request checks for."),
        "held": (_("For completeness: the export does contain {items}.").format(items=fmt.listing(held))
                 if held else ""),
        "information_intro": _("I also ask for the following information about my child's data:"),
        "information": information,
        "transfers_intro": _("About transfers outside the EEA ({article}), TikTok wrote:").format(
            article=cite("15(2)", fmt)),
        "transfers_quote": {"text": wording_text(TRANSFERS, fmt), "label": _letter_label(TRANSFERS, fmt),
                            "source": source_text(NEWSROOM_TRANSFERS, fmt)},
        "transfers_ask": _("Please tell me, for my child's data:"),
        "transfers": transfers,
        "form": _("Please send the copy in a commonly used electronic form ({article}).").format(
            article=cite("15(3)", fmt)),
    }


def _erasure(fmt: Formatter) -> dict[str, Any]:
    _ = fmt.gettext
    return {
        "ask": _("Under {art17_1} I ask you to erase all personal data about my child without undue delay, "
                 "including the copies held by other companies of the TikTok group and by your processors.").format(
            art17_1=cite("17(1)", fmt)),
        "grounds_intro": _("The grounds:"),
        "grounds": [
            _("the data was collected in relation to an information society service offered directly to a child "
              "({art17_f}, with {art8_1})").format(art17_f=cite("17(1)(f)", fmt), art8_1=cite("8(1)", fmt)),
            _("the data is no longer necessary for the purposes for which it was collected ({article})").format(
                article=cite("17(1)(a)", fmt)),
            _("to the extent any processing rests on consent, that consent is withdrawn with this letter, and there "
              "is no other legal ground for it ({article})").format(article=cite("17(1)(b)", fmt)),
            _("to the extent the data was processed unlawfully, among other things without the consent of a "
              "parent while my child was under 16 ({article})").format(article=cite("17(1)(d)", fmt)),
        ],
        "recipients": _("Under {article} please tell every recipient to whom my child's data was disclosed about "
                        "this erasure, and tell me who those recipients are.").format(article=cite("19", fmt)),
        "confirm": _("Please confirm in writing which data you erased, from which systems and on which date."),
    }


def _restriction(fmt: Formatter) -> dict[str, Any]:
    _ = fmt.gettext
    return {
        "ask": _("Under {article} I ask you to restrict the processing of all personal data about my child: to the "
                 "extent you no longer need it for the purposes of your processing, I need it kept for the "
                 "establishment, exercise or defence of legal claims, among them the Dutch collective action about "
                 "children's data on TikTok. Please keep the data unchanged and do nothing else with it.").format(
            article=cite("18(1)(c)", fmt)),
        "object": _("Under {art21_2} I object to the processing of my child's data for direct marketing, including "
                    "profiling related to it. Under {art21_3} you may then no longer process it for those "
                    "purposes.").format(art21_2=cite("21(2)", fmt), art21_3=cite("21(3)", fmt)),
        "confirm": _("Please confirm in writing from which date the restriction applies, to which systems and "
                     "companies of the TikTok group, and tell me before it is lifted."),
    }


def letter_context(export: Export, analysis: Analysis, options: LetterOptions) -> tuple[dict[str, Any], Deadline | None,
                                                                                        PolicyVersion]:
    """Everything a letter template shows, in the letter's language and redacted for its mode."""
    fmt = Formatter(options.language)
    _ = fmt.gettext
    claim = options.mode is Mode.CLAIM
    profile = export.records("profile")
    account = (_text(child_display_name(export, options))
               if profile and getattr(profile[0], "username", None)
               else _placeholder(_("username of the child's TikTok account")))
    age = child_age(analysis, options.sent_on)
    deadline, to, common = common_context(sent_on=options.sent_on, channel=options.channel,
                                          delivered_on=options.delivered_on, age=age, fmt=fmt)
    titles: dict[LetterKind, tuple[str, str]] = {
        "access": (_("Request for access to personal data"),
                   _("Request under {article} for access to all personal data about my child, TikTok account").format(
                       article=cite("15(1)", fmt))),
        "erasure": (_("Request for erasure of personal data"),
                    _("Request under {article} to erase all personal data about my child, TikTok account").format(
                        article=cite("17(1)", fmt))),
        "restriction": (_("Request for restriction of processing and objection"),
                        _("Request under {art18} and objection under {art21} for the personal data of my child, "
                          "TikTok account").format(art18=cite("18(1)(c)", fmt), art21=cite("21(2)", fmt))),
    }
    title, subject = titles[options.kind]
    body = {"access": lambda: _access(export, analysis, fmt), "erasure": lambda: _erasure(fmt),
            "restriction": lambda: _restriction(fmt)}[options.kind]()
    context = {
        "lang": options.language,
        "kind": options.kind,
        "tool_version": __version__,
        "title": title,
        "claim_note": _("Claim copy with pseudonyms. Do not send.") if claim else "",
        "from": [_placeholder(_("name of the parent")), _placeholder(_("address of the parent")),
                 _placeholder(_("e-mail address of the parent"))],
        "date": fmt.date(options.sent_on),
        "subject_label": _("Subject:"),
        "subject": subject,
        "account": account,
        "account_email": _placeholder(_("e-mail address of the child's TikTok account")),
        "reference": _reference(export, analysis, options, fmt),
        "body": body,
        "signature": _placeholder(_("name and signature of the parent")),
        "child_signature": _placeholder(_("name and signature of the child")),
        **common,
    }
    return context, deadline, to.version


def render_letter(export: Export, analysis: Analysis, options: LetterOptions) -> Letter:
    """The letter as self-contained HTML and as plain text, the same bytes for the same input and options."""
    context, deadline, version = letter_context(export, analysis, options)
    html = environment(options.language).get_template(f"letter_{options.kind}.html.j2").render(**context)
    text = environment(options.language, autoescape=False).get_template(
        f"letter_{options.kind}.txt.j2").render(**context)
    return Letter(kind=options.kind, language=options.language, html=html, text=text, deadline=deadline,
                  addressee_version=version)


def letter_for(kind: LetterKind, export: Export, analysis: Analysis, language: Language, sent_on: date,
               channel: Channel = "form", *, mode: Mode = Mode.REDACTED, case_key: bytes | None = None,
               delivered_on: date | None = None) -> Letter:
    """One of the three letters for an export, in ``language``, sent on ``sent_on`` through ``channel``."""
    options = LetterOptions(language=language, mode=mode, case_key=case_key, sent_on=sent_on, kind=kind,
                            channel=channel, delivered_on=delivered_on)
    return render_letter(export, analysis, options)


def erasure_warning(sha256: str, language: Language) -> str:
    """What to tell a parent before an erasure letter: the export is the evidence; keep it; restriction keeps TikTok's copy."""
    _ = Formatter(language).gettext
    return _("Before you ask TikTok to erase your child's data: the export you hold is the evidence of what TikTok "
             "collected. Keep it, unchanged (SHA-256 {sha256}). Once TikTok has erased the data, it cannot be asked "
             "for again. If you take part in the claim against TikTok, a request for restriction keeps TikTok's copy "
             "for the proceedings while TikTok may no longer use it.").format(sha256=sha256)


def letter_summary(kind: LetterKind, language: Language) -> str:
    """When to send which letter and what it asks, in one paragraph (for the command line and the local page)."""
    _ = Formatter(language).gettext
    return {
        "access": _("Access request: asks TikTok for a complete copy of your child's data since the account was "
                    "created, including what the export lacks, and for the information the GDPR gives a right to. "
                    "Send it first: what TikTok answers is evidence."),
        "erasure": _("Erasure request: asks TikTok to erase all of your child's data and to tell everyone it passed "
                     "the data on to. Send it when you want the data gone and have kept the export."),
        "restriction": _("Restriction and objection: asks TikTok to keep your child's data unchanged for legal "
                         "claims and to stop using it, in particular for advertising and profiling. Send it if you "
                         "take part in the claim and want TikTok to stop using the data."),
    }[kind]
