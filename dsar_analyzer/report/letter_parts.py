"""The parts the three letters share: legal citations, addressee, identity, deadline and remedies, in the letter's language.

Each function returns text already in the letter's language (from the gettext catalogue). Citations
follow each language's legal style: ``Art. 15(1)(b) GDPR`` in English, ``artikel 15 lid 1 onder b
AVG`` in Dutch; ``cited_articles`` reads both back, so tests can check which articles a letter cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date

from dsar_analyzer.analysis.deadline import (
    REGULATION_1182_71,
    Channel,
    Deadline,
    one_month_deadline,
    received_on,
)
from dsar_analyzer.analysis.policy import CONTROLLER, CURRENT_EEA_POLICY, PRIVACY_FORM, PolicyVersion
from dsar_analyzer.report.i18n import Formatter

AP_LINK = "https://autoriteitpersoonsgegevens.nl"
DPC_LINK = "https://www.dataprotection.ie"

_ARTICLE = re.compile(r"^(\d+)(?:\((\d+)\))?(?:\(([a-z])\))?$")


def cite(article: str, fmt: Formatter) -> str:
    """``15(1)(b)`` as the letter's language writes a GDPR article: ``Art. 15(1)(b) GDPR`` / ``artikel 15 lid 1 onder b AVG``."""
    if fmt.language == "nl":
        found = _ARTICLE.match(article)
        if found is None:
            raise ValueError(f"not an article reference: {article!r}")
        number, paragraph, point = found.groups()
        text = f"artikel {number}"
        if paragraph:
            text += f" lid {paragraph}"
        if point:
            text += f" onder {point}"
        return text + " AVG"
    return f"Art. {article} GDPR"


def cite_uavg(article: str, fmt: Formatter) -> str:
    """An article of the Dutch GDPR Implementation Act (UAVG)."""
    if fmt.language == "nl":
        return f"artikel {article} UAVG"
    return f"Art. {article} UAVG (Dutch GDPR Implementation Act)"


_CITED_EN = re.compile(r"\bArt\. (\d+(?:\(\d+\))?(?:\([a-z]\))?) (GDPR|UAVG)\b")
_CITED_NL = re.compile(r"\bartikel (\d+)(?: lid (\d+))?(?: onder ([a-z]))? (AVG|UAVG)\b")


def cited_articles(text: str) -> set[str]:
    """Every article a letter cites, as ``15(1)(b)`` (GDPR) or ``UAVG 35``, read from either language's style."""
    found = {(f"UAVG {m.group(1)}" if m.group(2) == "UAVG" else m.group(1)) for m in _CITED_EN.finditer(text)}
    for number, paragraph, point, act in _CITED_NL.findall(text):
        article = number + (f"({paragraph})" if paragraph else "") + (f"({point})" if point else "")
        found.add(f"UAVG {article}" if act == "UAVG" else article)
    return found


def version_name(version: PolicyVersion, fmt: Formatter) -> str:
    """``TikTok's privacy policy for the EEA, version of 29 July 2020`` (or ``of October 2021``)."""
    _ = fmt.gettext
    when = (fmt.date(version.effective) if version.day_known
            else format_date(version.effective, format="MMMM y", locale=fmt.locale))
    if version.kind == "updated":
        return _("TikTok's privacy policy for the EEA, as last updated on {date}").format(date=when)
    return _("TikTok's privacy policy for the EEA, in force from {date}").format(date=when)


@dataclass(frozen=True, slots=True)
class Addressee:
    """Who the letter goes to, and the policy version that names them."""

    lines: tuple[str, ...]
    version: PolicyVersion
    form: str


def addressee(fmt: Formatter) -> Addressee:
    _ = fmt.gettext
    return Addressee(lines=(_("Data Protection Officer"), CONTROLLER, _("Ireland")),
                     version=CURRENT_EEA_POLICY, form=PRIVACY_FORM)


def addressee_note(to: Addressee, channel: Channel, fmt: Formatter) -> str:
    _ = fmt.gettext
    source = _("Addressee as named in {version}.").format(version=version_name(to.version, fmt))
    if channel == "form":
        return source + " " + _("Sent through TikTok's privacy request form: {form}").format(form=to.form)
    return source + " " + _("Sent by post to the postal address given in that policy's contact section.")


def identity(age: int | None, fmt: Formatter) -> list[str]:
    """Parental authority, on the child's behalf, and the child's co-signature from 16."""
    _ = fmt.gettext
    if age is not None and age >= 18:
        return [_("I had parental authority over the holder of the TikTok account named below while my child was a "
                  "minor. My child has since come of age and makes this request with me as the data subject, "
                  "signing it below.")]
    lines = [_("I have parental authority over the minor who holds the TikTok account named below, and I make "
               "this request on my child's behalf as their legal representative.")]
    if age is None:
        lines.append(_("If my child is 16 or older, they sign this request with me (below)."))
    elif age >= 16:
        lines.append(_("My child is 16 or older and signs this request with me (below)."))
    return lines


def co_signs(age: int | None) -> bool:
    """Whether the letter offers a line for the child's signature: from 16, or when the age is unknown."""
    return age is None or age >= 16


def deadline_parts(sent_on: date, channel: Channel, delivered_on: date | None,
                   fmt: Formatter) -> tuple[Deadline | None, dict[str, str]]:
    """The Art. 12(3) deadline as an obligation, with its receipt assumption, extension and Art. 12(4)."""
    _ = fmt.gettext
    art_12_3 = cite("12(3)", fmt)
    received = received_on(sent_on, channel, delivered_on)
    if channel == "form":
        assumption = _("I send this request through your privacy request form on {sent}; I take it as received "
                       "by you that day.").format(sent=fmt.date(sent_on))
    elif delivered_on is not None:
        assumption = _("I send this request by post on {sent}; it was delivered to you on {received}.").format(
            sent=fmt.date(sent_on), received=fmt.date(delivered_on))
    else:
        assumption = _("I send this request by post on {sent}. The period runs from the day you receive it, which "
                       "I do not know yet: please confirm that day to me.").format(sent=fmt.date(sent_on))
    deadline = one_month_deadline(received) if received is not None else None
    if deadline is None:
        obligation = _("Under {article} you must act on this request without undue delay and in any event within "
                       "one month of receiving it.").format(article=art_12_3)
    else:
        obligation = _("Under {article} you must act on this request without undue delay and in any event within "
                       "one month of receiving it: by {ends} at the latest.").format(
            article=art_12_3, ends=fmt.date(deadline.ends))
        if deadline.moved:
            obligation += " " + _moved_text(deadline, fmt)
    extension = _("You may extend this period by at most two further months only where that is necessary, taking "
                  "into account the complexity and number of requests; you must then tell me so within the first "
                  "month, with the reasons for the delay ({article}).").format(article=art_12_3)
    refusal = _("If you do not act on this request, you must tell me without delay, and at the latest within one "
                "month of receipt, why not, and that I may lodge a complaint with a supervisory authority and seek "
                "a judicial remedy ({article}).").format(article=cite("12(4)", fmt))
    rule = _("How the month is counted: the day of receipt is not counted; the period ends on the same date in "
             "the next month, or on that month's last day when it has no such date; a period ending on a Saturday, "
             "Sunday or public holiday runs to the end of the next working day. The public holidays are those of "
             "Ireland, where you answer. Source: Regulation (EEC, Euratom) No 1182/71, Art. 2 and 3, {link}.").format(
        link=REGULATION_1182_71)
    return deadline, {"assumption": assumption, "obligation": obligation, "extension": extension,
                      "refusal": refusal, "rule": rule}


def holiday_name(name: str, fmt: Formatter) -> str:
    """An Irish public holiday's name (as the ``holidays`` package gives it in English) in the letter's language."""
    _ = fmt.gettext
    names = {
        "New Year's Day": _("New Year's Day"),
        "Saint Brigid's Day": _("Saint Brigid's Day"),
        "Saint Patrick's Day": _("Saint Patrick's Day"),
        "Easter Monday": _("Easter Monday"),
        "May Bank Holiday": _("May Bank Holiday"),
        "June Bank Holiday": _("June Bank Holiday"),
        "August Bank Holiday": _("August Bank Holiday"),
        "October Bank Holiday": _("October Bank Holiday"),
        "Christmas Day": _("Christmas Day"),
        "Saint Stephen's Day": _("Saint Stephen's Day"),
        "Day of Remembrance and Recognition": _("Day of Remembrance and Recognition"),
    }
    return names.get(name, name)


def _moved_text(deadline: Deadline, fmt: Formatter) -> str:
    """Why the period runs past the month's end: a weekend day and/or Irish public holidays, named."""
    _ = fmt.gettext
    weekday = format_date(deadline.month_end, format="EEEE", locale=fmt.locale)
    holidays = dict(deadline.holidays)
    if deadline.month_end in holidays:
        reason = _("a {weekday} and a public holiday in Ireland ({holiday})").format(
            weekday=weekday, holiday=holiday_name(holidays[deadline.month_end], fmt))
    else:
        reason = _("a {weekday}").format(weekday=weekday)
    text = _("The month ends on {month_end}, {reason}, so the period runs to the end of the next working day, "
             "{ends}.").format(month_end=fmt.date(deadline.month_end), reason=reason, ends=fmt.date(deadline.ends))
    later = [(day, name) for day, name in deadline.holidays if day != deadline.month_end]
    if later:
        text += " " + _("Public holidays in Ireland after it: {holidays}.").format(
            holidays=fmt.listing([f"{holiday_name(name, fmt)} ({fmt.date(day)})" for day, name in later]))
    return text


def remedies(fmt: Formatter) -> list[str]:
    """Complaint at any time, the Dutch court petition, and the judicial remedy against the controller."""
    _ = fmt.gettext
    return [
        _("I may lodge a complaint at any time, whether or not this period has passed, with a supervisory "
          "authority ({art77}): in the Netherlands the Autoriteit Persoonsgegevens ({ap}), or in Ireland, where "
          "you have your main establishment in the EU, the Data Protection Commission ({dpc}).").format(
            art77=cite("77", fmt), ap=AP_LINK, dpc=DPC_LINK),
        _("I may also ask a Dutch court to order you to comply, by petition under {uavg}, and have the right to an "
          "effective judicial remedy against you ({art79}).").format(uavg=cite_uavg("35", fmt),
                                                                      art79=cite("79", fmt)),
    ]


def reply_to(fmt: Formatter) -> str:
    _ = fmt.gettext
    return _("Please send your answer to my e-mail address above, not to the e-mail address of my child's account.")


def common_context(*, sent_on: date, channel: Channel, delivered_on: date | None, age: int | None,
                   fmt: Formatter) -> tuple[Deadline | None, Addressee, dict[str, Any]]:
    """Addressee, identity, deadline and remedies: what every letter holds, once."""
    to = addressee(fmt)
    deadline, parts = deadline_parts(sent_on, channel, delivered_on, fmt)
    lines: list[dict[str, str]] = [{"text": line} for line in to.lines]
    if channel == "post":
        # The postal address is the policy's; the tool has not read it from a primary source, so the
        # parent copies it from the policy's contact section.
        lines.insert(2, {"placeholder": fmt.gettext("postal address from the contact section of that policy")})
    return deadline, to, {
        "to": lines,
        "to_note": addressee_note(to, channel, fmt),
        "identity": identity(age, fmt),
        "co_sign": co_signs(age),
        "deadline": parts,
        "remedies": remedies(fmt),
        "reply_to": reply_to(fmt),
    }
