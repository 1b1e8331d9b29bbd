"""How single values read in a report: placeholders, export words, nested values, people, evidence, times."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dsar_analyzer import load
from dsar_analyzer.analysis.export_figures import analyse
from dsar_analyzer.report.context import ReportOptions, build_context
from dsar_analyzer.report.display import show
from dsar_analyzer.report.evidence_text import evidence_note
from dsar_analyzer.report.export_values import known_value
from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.people import numbering
from dsar_analyzer.report.placeholders import KINDS, PRIVATE_MEDIA, Withheld, counted
from dsar_analyzer.report.print_layout import css_string, running_header
from dsar_analyzer.report.redact import Mode, Redactor

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_exports"
NL, EN = Formatter("nl"), Formatter("en")
MOMENT = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_a_placeholder_is_its_english_text_and_translates_with_its_count() -> None:
    withheld = Redactor().text("twenty-two characters!", kind="search term")
    assert isinstance(withheld, Withheld)
    assert withheld == "(search term withheld: 22 characters)"
    assert withheld.in_language(NL) == "(zoekterm afgeschermd, 22 tekens)"
    assert withheld.in_language(EN) == "(search term withheld: 22 characters)"
    assert counted("comment", 1, "character").in_language(NL) == "(reactie afgeschermd, 1 teken)"
    assert counted("AI avatar", 1200, "entry").in_language(NL) == "(AI-avatar afgeschermd, 1.200 stuks)"
    assert PRIVATE_MEDIA.in_language(NL) == "(link naar eigen foto of video afgeschermd)"
    assert Redactor().identifier("00000000-0000").in_language(NL) == "(alleen nullen: volgen voor advertenties staat uit)"


def test_every_kind_the_redaction_table_names_is_in_the_catalogue_list() -> None:
    source = (ROOT / "dsar_analyzer" / "report" / "redaction_table.py").read_text()
    kinds = set(re.findall(r'_(?:text|withhold|initial|claim_text)\("([^"]+)"\)', source))
    kinds |= set(re.findall(r'_withhold_any\([^)]*, "([^"]+)"\)', source))
    assert len(kinds) == 34
    assert kinds - set(KINDS) == set()


def test_known_export_values_are_translated_and_others_left_to_quote() -> None:
    assert [known_value(v, NL) for v in ("Yes", "No", "Friends", "Everyone", "All visible", "ViewContent",
                                         "chat_head", "share_video", "WIFI", "Wi-Fi", "Enabled", "enabled")] == [
        "ja", "nee", "vrienden", "iedereen", "zichtbaar voor iedereen", "inhoud bekeken",
        "naar een chatcontact bovenin het deelmenu", "een video", "wifi", "wifi", "aan", "aan"]
    assert known_value("Allow DownLoad", NL) == "Anderen mogen mijn video's downloaden"
    assert known_value("ViewContent", EN) == "viewed content"
    assert known_value("Sample Games BV", NL) is None
    assert show("Sample Games BV", NL) == {"kind": "export", "text": "Sample Games BV"}
    assert show("Friends", NL) == {"kind": "text", "text": "vrienden"}
    assert show("828*1792", NL) == {"kind": "text", "text": "828*1792"}


def test_a_live_comment_is_a_sub_row_with_labels_never_json() -> None:
    comment = {"commented_at": datetime(2020, 11, 28, 15, 56, 57, tzinfo=timezone.utc), "raw_time": 1606579017,
               "text": None, "unrecognised_fields": {"Emoji": "yes"}}
    shown = show((comment,), Formatter("nl", zone="Europe/Amsterdam"))
    assert shown["kind"] == "list" and shown["more"] == 0
    assert shown["items"] == [{"kind": "rows", "rows": [
        {"label": {"kind": "text", "text": "Reactie geplaatst op"},
         "value": {"kind": "text", "text": "28 november 2020 16:56:57 CET"}},
        {"label": {"kind": "text", "text": "Tijd zoals TikTok die schreef (seconden sinds 1970)"},
         "value": {"kind": "text", "text": "1606579017"}},
        {"label": {"kind": "export", "text": "Emoji", "prefix": "Niet-herkende velden"},
         "value": {"kind": "text", "text": "ja"}},
    ]}]


def test_long_lists_and_deep_nesting_are_bounded() -> None:
    shown = show(list(range(25)), NL)
    assert [i["text"] for i in shown["items"]] == [str(n) for n in range(10)]
    assert (shown["more"], shown["more_text"]) == (15, "en nog 15")
    deep: object = "bottom"
    for _ in range(8):
        deep = {"Level": deep}
    node = show(deep, NL)
    depth = 0
    while node["kind"] == "rows":
        node, depth = node["rows"][0]["value"], depth + 1
    assert (depth, node["text"]) == (4, "(meer onderliggende waarden, niet getoond)")


def test_other_people_are_numbered_in_order_of_first_appearance_and_the_child_is_named() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    own = frozenset({export.records("profile")[0].username})
    numbers = numbering(export, own)
    partners = [m.conversation for m in export.records("direct_messages")]
    assert numbers[partners[0].casefold()] == 1
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    assert not own & set(numbers)
    context = build_context(export, analyse(export), ReportOptions(language="nl", generated_at=MOMENT))
    messages = [e for c in context["categories"] for e in c["examples"] if e["section_id"] == "direct_messages"]
    senders = {r["value"]["text"] for e in messages for r in e["fields"] if r["label"]["text"] == "Afzender"}
    assert senders == {"persoon 1", "eigen account van het kind"}
    assert all("Chat History with persoon 1:" in e["source"] for e in messages)


def test_claim_copies_name_the_child_neutrally_and_others_by_translated_pseudonym() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    context = build_context(export, analyse(export), ReportOptions(
        language="nl", mode=Mode.CLAIM, case_key=b"case-key-for-tests-0123456789abc", generated_at=MOMENT))
    assert re.fullmatch(r"kind-[0-9a-f]{10}", context["cover"]["child"])
    assert context["summary"][0] == "De export bevat 138 vermeldingen over het kind."
    follower = next(e for c in context["categories"] for e in c["examples"] if e["section_id"] == "followers")
    assert re.fullmatch(r"persoon-[0-9a-f]{10}", follower["fields"][1]["value"]["text"])


def test_generation_evidence_reads_in_dutch_with_the_keys_in_code_type() -> None:
    assert evidence_note("top-level keys ['Income+ Wallet', 'TikTok Live']", NL) == (
        "sleutels op het hoogste niveau: <code>Income+ Wallet</code>, <code>TikTok Live</code>")
    assert evidence_note("times end in ' UTC' in 'Watch History.txt'", NL) == (
        "tijden eindigen op <code> UTC</code> in <code>Watch History.txt</code>")
    assert evidence_note("'Your Activity' holds ['<b>']", NL) == (
        "<code>Your Activity</code> bevat <code>&lt;b&gt;</code>")
    assert evidence_note("a note nobody wrote", NL) == "<code>a note nobody wrote</code>"


@given(st.text())
def test_the_running_header_is_safe_css_for_any_name(name: str) -> None:
    header = str(running_header(name, "1 januari 2026", "ab" * 32, page="pagina {page} van {pages}",
                                archive="archief"))
    strings = re.findall(r'"[^"]*"', header)
    assert all(re.fullmatch(r'"[A-Za-z0-9 \\]*"', s) for s in strings)
    assert re.sub(r'"[^"]*"', "", header).count("{") == 4  # @page and its three margin boxes


def test_css_string_escapes_everything_but_letters_digits_and_spaces() -> None:
    assert css_string("a</style>b") == '"a\\00003C \\00002F style\\00003E b"'
    assert css_string("Zoë · 1") == '"Zo\\0000EB  \\0000B7  1"'


def test_times_are_in_the_reports_zone_with_utc_in_the_appendix() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    context = build_context(export, analyse(export), ReportOptions(language="nl", generated_at=MOMENT))
    assert context["cover"]["generated_at"] == "1 januari 2026 01:00:00 CET"
    method = dict(context["appendix"]["method"])
    assert method["Rapport gemaakt op (UTC)"] == "1 januari 2026 00:00:00 UTC"
    assert method["Tijdzone van de tijden in dit rapport"] == "Nederlandse tijd"  # not "Europe/Amsterdam"
