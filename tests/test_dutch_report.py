"""A Dutch report is Dutch: every sample, every mode, no English word outside the export's own words.

The words a report can say in English are the catalogue's English message ids and the English
values TikTok writes (``Yes``, ``Friends``, ``ViewContent``): a word of those that no Dutch
translation also uses, found in the visible text of a Dutch report, is English left behind. The
export's own words are exempt where the report marks them as such: quoted (``<q class="ev">``), in
code type (archive paths, JSON pointers, keys) and in links. Text a phone shows from ``data-label``
attributes and the text of the SVG charts count as visible.

Every report, in either language, is also checked for what a reader must never see: a JSON dump,
an internal field name (``commented_at``), a command-line option, and US-style dates.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.dates import get_day_names, get_month_names
from babel.messages.pofile import read_po

from dsar_analyzer import load
from dsar_analyzer.analysis.export_figures import analyse
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.export_values import KNOWN_VALUES
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import render_report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p.name for p in (ROOT / "sample_exports").iterdir())
PO = ROOT / "dsar_analyzer" / "report" / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
KEY = b"case-key-for-tests-0123456789abc"
MOMENT = datetime(2026, 1, 1, tzinfo=timezone.utc)

#: Words a Dutch report may use although they are English too: names, units and loanwords Dutch
#: readers use as they are (all of them also appear in Dutch texts of Dutch consumer organisations).
ALLOW = frozenset({
    "tiktok", "live", "lives", "json", "txt", "zip", "utc", "cet", "cest", "sha", "ip", "id", "ids", "gps", "eu",
    "avg", "uavg", "vpn", "app", "apps", "link", "links", "video", "online", "offline", "chat", "hashtag",
    "hashtags", "sticker", "stickers", "likes", "export", "exports", "account", "accounts", "status", "bio",
    "iptocc", "dsar", "analyzer", "android", "ios", "iphone", "apple", "google", "idfa", "idfv", "gaid", "did",
    "uid", "web", "byte", "bytes", "utf", "crlf", "bom", "macos", "windows", "ds_store", "moji", "ai",
    "content", "media", "model",  # "de content die een gebruiker maakt", "sociale media", "het model": Dutch
})
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
FIELD_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")
US_DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                     r"December) \d{1,2}, \d{4}")


class Visible(HTMLParser):
    """The text a reader sees, without the export's own words (quoted, code type, links)."""

    EXEMPT = {"code", "a", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        exempt = tag in self.EXEMPT or (tag == "q" and values.get("class") == "ev") or "hash" in (
            values.get("class") or "").split()
        self.stack.append(exempt)
        for name in ("data-label", "aria-label", "alt"):
            if values.get(name) and not any(self.stack):
                self.text.append(f" {values[name]} ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.stack):
            self.text.append(data)


VOID = {"meta", "br", "img", "input", "link", "hr"}


def visible_text(html: str) -> str:
    parser = Visible()
    # Void elements never close; give them an end tag so the stack stays balanced.
    parser.feed(re.sub(r"<(meta|br|img|input|link|hr)\b([^>]*)>", r"<\1\2></\1>", html))
    return " ".join(" ".join(parser.text).split())


@cache
def english_words() -> frozenset[str]:
    """Words of the English message ids and export values that no Dutch translation uses."""
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    english: set[str] = set()
    dutch: set[str] = set()
    for message in catalogue:
        if not message.id:
            continue
        for text in (message.id if isinstance(message.id, tuple) else (message.id,)):
            english |= {w.casefold() for w in WORD.findall(re.sub(r"\{\w+\}", " ", text))}
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            dutch |= {w.casefold() for w in WORD.findall(re.sub(r"\{\w+\}", " ", text))}
    for value in KNOWN_VALUES:
        english |= {w.casefold() for w in WORD.findall(value)}
    # Dutch calendar words the charts and dates use ("do" is Thursday, not English "do").
    for width in ("abbreviated", "wide"):
        dutch |= {w.casefold() for w in get_day_names(width, locale="nl").values()}
        dutch |= {w.casefold().rstrip(".") for w in get_month_names(width, locale="nl").values()}
    return frozenset(w for w in english - dutch - ALLOW if len(w) > 1)


def render(sample: str, mode: Mode, language: str) -> str:
    export = load(ROOT / "sample_exports" / sample)
    options = ReportOptions(language=language, mode=mode, case_key=KEY if mode is Mode.CLAIM else None,
                            generated_at=MOMENT)
    return render_report(export, analyse(export), options).html


def own_names(sample: str) -> list[str]:
    return [p.username for p in load(ROOT / "sample_exports" / sample).records("profile")  # type: ignore[attr-defined]
            if getattr(p, "username", None)]


def english_left(text: str) -> list[str]:
    vocabulary = english_words()
    return sorted({w for w in WORD.findall(text) if w.casefold() in vocabulary})


#: Words and phrases a Dutch parent or lawyer reads as English, stiff or claiming too much (the Dutch review):
#: one word ("vermelding") for a record and "kopie" for a copy of the report, Dutch legal citations
#: ("artikel 15 lid 3 AVG"), Dutch time, and no sentence saying who typed the birth date in.
REVIEW_WORDS = re.compile("|".join([
    r"\brecords?\b", r"\brecordmodel", r"\belement(?:en)?\b", r"\bgegeven\b", r"\bcontent\b", r"\bgelike?te?\b",
    r"\bgeliket\b", r"claimversie", r"claimmodus", r"soort versie", r"\bvriend \d", r"\bhash\b", r"in de tijdzone",
    r"Europe/Amsterdam", r"dsar-analyzer request", r"\bart\. \d+\(", r"keer ingelogd", r"inlogdatums",
    r"hoort bij een land", r"zelf ingevuld", r"ingetypt", r"controleert die niet", r"te horen kreeg",
    r"lichaamskenmerken", r"personeel in China", r"heeft kenmerken af", r"claimkopie\) \(",
]), re.IGNORECASE)


def review_words_left(text: str) -> list[str]:
    return sorted({match.group(0) for match in REVIEW_WORDS.finditer(text)})


def test_the_review_words_are_caught() -> None:
    assert review_words_left("Export | (afgeschermd in de claimkopie) (JSON) 14 elementen, art. 15(3) AVG") == [
        "art. 15(", "claimkopie) (", "elementen"]
    assert review_words_left("14 vermeldingen; artikel 15 lid 3 AVG; in Nederlandse tijd; opgegeven") == []


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("sample", SAMPLES)
def test_a_dutch_report_has_no_english_word_outside_the_exports_own_words(sample: str, mode: Mode) -> None:
    html = render(sample, mode, "nl")
    text = visible_text(html)
    for name in own_names(sample):
        text = text.replace(name, " ")
    assert english_left(text) == [], sample
    assert review_words_left(text) == [], sample
    assert_readable(text)
    if mode is Mode.CLAIM:
        assert "uw kind" not in text and "de ouder" not in text


@pytest.mark.parametrize("mode", list(Mode))
def test_an_english_report_reads_clean_too(mode: Mode) -> None:
    sample = "g5-en-sample_child_a.zip"
    text = visible_text(render(sample, mode, "en"))
    for name in own_names(sample):
        text = text.replace(name, " ")
    assert_readable(text)
    if mode is Mode.CLAIM:
        assert "your child" not in text and "parent" not in text


def assert_readable(text: str) -> None:
    """No JSON, no internal field name, no command-line option, one date style."""
    assert '{"' not in text and '":' not in text and "[{" not in text, text[:200]
    fields = {name for section in SECTIONS.values() for name in section.model.model_fields} | {
        "raw_time", "unrecognised_fields"}
    leaked = [m for m in FIELD_NAME.findall(text) if m in fields]
    assert leaked == []
    assert re.search(r"(?<![\w-])--[a-z]", text) is None
    assert US_DATE.search(text) is None


def test_the_english_vocabulary_catches_what_it_must() -> None:
    """The check itself: English words the old Dutch reports showed are in the vocabulary."""
    for word in ("withheld", "characters", "comment", "search", "private", "precise", "zeros",
                 "tracking", "disabled", "redacted", "yes", "friends", "everyone", "viewcontent", "holds",
                 "keys", "times", "end"):
        assert word in english_words(), word
    assert english_left("(search term withheld: 22 characters)") == ["characters", "search", "withheld"]
    assert english_left("(zoekterm afgeschermd, 22 tekens) persoon 1") == []


def test_visible_text_skips_the_exports_words_but_not_phone_labels() -> None:
    html = ('<p>Gebeurtenis <q class="ev">Pageview</q> <code>Your Activity</code>'
            '<a href="https://www.tiktok.com/x">https://www.tiktok.com/share/video</a></p>'
            '<table><tr><td data-label="Records">1</td></tr></table><meta charset="utf-8"><p>einde</p>')
    assert visible_text(html) == "Gebeurtenis Records 1 einde"


def test_the_dutch_family_index_is_dutch_and_names_an_unnamed_account_in_dutch(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dsar_analyzer.cli import cli

    samples = ["g4-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip"]
    result = CliRunner().invoke(cli, ["report", *(str(ROOT / "sample_exports" / s) for s in samples),
                                      "--out", str(tmp_path), "--lang", "nl", "--generated-at", "2026-01-01"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "index.html").read_text()
    text = visible_text(html).replace("sample_child_a", " ")
    assert english_left(text) == []
    assert ">een account zonder naam</a>" in html
    assert_readable(text)


def test_an_english_family_index_names_a_dutch_childs_unnamed_account_in_english(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dsar_analyzer.cli import cli

    samples = ["g4-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip"]
    result = CliRunner().invoke(cli, ["report", *(str(ROOT / "sample_exports" / s) for s in samples),
                                      "--out", str(tmp_path), "--generated-at", "2026-01-01"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "index.html").read_text()
    assert 'lang="en"' in html and ">an unnamed account</a>" in html
    assert 'lang="nl"' in (tmp_path / "txt-2025-nl-sample_child_a.html").read_text()
