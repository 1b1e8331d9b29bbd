"""The report's "what the export does not contain" table: the privacy policy's claims beside what this export holds.

Rows come from ``analyse.policy`` (the same table the follow-up request is built from). Each row is
labelled as the policy's statement, with the policy's date and link, and whether the words are
TikTok's or our summary; the last column is the only observation: whether this export holds it.
"""

from __future__ import annotations

from typing import Any

from dsar_analyzer.analysis.policy import PolicySource, Wording, policy_status
from dsar_analyzer.records.export import Export
from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.letter_parts import cite


def source_text(source: PolicySource, fmt: Formatter) -> dict[str, str]:
    """A source's title, date and link in the reader's language."""
    dutch = fmt.language == "nl"
    when = fmt.date(source.date) if source.date else fmt.gettext("no date given")
    return {"title": source.title_nl if dutch else source.title_en, "date": when,
            "url": source.url_nl if dutch else source.url_en}


def wording_label(wording: Wording, fmt: Formatter) -> str:
    """Whose words these are: TikTok's, or a summary (and translation) of ours."""
    _ = fmt.gettext
    if wording.kind == "quote" and (fmt.language == "en" or wording.nl_by_tiktok):
        return _("TikTok's words")
    return _("summary in our words; TikTok's exact wording is at the link")


def article_text(articles: tuple[str, ...], fmt: Formatter) -> str:
    """The articles in the language's legal style, as the letters cite them, a shared article number named once:
    ``Art. 15(1)(b) and 15(3) GDPR`` / ``artikel 15 lid 1 onder b en lid 3 AVG``."""
    cited = [cite(article, fmt) for article in articles]
    numbers = {article.split("(", 1)[0] for article in articles}
    if len(cited) < 2 or len(numbers) != 1 or not all("(" in article for article in articles):
        return fmt.listing(cited)
    number = numbers.pop()
    head, tail = (f"artikel {number} ", " AVG") if fmt.language == "nl" else ("Art. ", " GDPR")
    return head + fmt.listing([text.removeprefix(head).removesuffix(tail) for text in cited]) + tail


def wording_text(wording: Wording, fmt: Formatter) -> str:
    return wording.nl if fmt.language == "nl" else wording.en


def policy_table(export: Export, fmt: Formatter) -> dict[str, Any]:
    """Rows for ``_policy.html.j2``: category, what the policy says (labelled), article, held or not."""
    _ = fmt.gettext
    dutch = fmt.language == "nl"
    rows = []
    for status in policy_status(export):
        category = status.category
        rows.append({
            "id": category.id, "held_raw": status.held,
            "title": category.title_nl if dutch else category.title_en,
            "says": wording_text(category.wording, fmt), "label": wording_label(category.wording, fmt),
            "source": source_text(category.source, fmt), "article": article_text(category.articles, fmt),
            "held": _("yes") if status.held else _("no"),
        })
    return {
        "rows": rows,
        "intro": _("TikTok states in its privacy policy and on its privacy pages that it collects the kinds of "
                   "data below. These are TikTok's statements, not observations: the last column says only whether "
                   "this export holds such data. What the export lacks can be asked of TikTok in a letter (a request "
                   "for access); this program can write that letter."),
    }
