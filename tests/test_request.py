"""The follow-up access request: exactly the missing categories, right deadlines, Dutch without English, modes."""

from __future__ import annotations

import re
import stat
import zipfile
from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from dsar_analyzer import load
from dsar_analyzer.analysis.deadline import add_month, one_month_deadline
from dsar_analyzer.analysis.figures import analyse
from dsar_analyzer.analysis.policy import CATEGORIES, CATEGORY_BY_ID
from dsar_analyzer.cli import cli
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.letter import LetterOptions, render_letter
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import render_report
from dsar_analyzer.samples import bundled_samples, generate

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_exports"
SENT = date(2026, 1, 31)
SENT_MOMENT = datetime(2026, 1, 1, tzinfo=timezone.utc)
KEY = b"0123456789abcdef-case-key-012345"
ALL = {c.id for c in CATEGORIES}
#: Rows no bundled sample can hold: no generation writes them (their predicates look for keys no model knows).
NEVER_IN_SAMPLES = {"watch_duration", "inferred_age_range", "keystroke_patterns", "device_signals",
                    "content_analysis", "message_metadata"}


def _filled(records: list[dict], field: str) -> bool:
    return any(str(r.get(field) or "").strip() not in ("", "None", "N/A", "null") for r in records)


def expected_missing(expected: dict[str, list[dict]]) -> set[str]:
    """What a sample lacks, worked out from the records the sample generator wrote (not from the predicates)."""
    held = set()
    if expected.get("device_status") or _filled(expected.get("logins", []), "device_model"):
        held.add("device_identifiers")
    if expected.get("off_tiktok_activity"):
        held.add("partner_data")
    if _filled(expected.get("ad_interests", []), "categories"):
        held.add("inferred_interests")
    if _filled(expected.get("profile", []), "inferred_gender"):
        held.add("inferred_gender")
    return ALL - held


def _sample_paths() -> list[tuple[Path, dict]]:
    by_name = {s.name: s for s in bundled_samples()}
    out = []
    for path in sorted(SAMPLES.iterdir()):
        name = "g5-en-sample_child_a" if path.name == "g5-en-unzipped" else path.name.removesuffix(".zip")
        out.append((path, by_name[name].expected))
    return out


SAMPLE_PATHS = _sample_paths()


@cache
def _loaded(path: Path) -> tuple:
    """Each bundled sample read and analysed once for all the tests that only read it."""
    export = load(path)
    return export, analyse(export)


def letter_ids(html: str) -> list[str]:
    block = re.search(r'<ol data-list="missing".*?</ol>', html, re.S)
    return re.findall(r'data-category="([a-z_]+)"', block.group(0)) if block else []


def text_titles(text: str) -> list[str]:
    section = text.split("\n\n", 1)[1]
    part = re.search(r"\n1\. [^\n]+\n\n(.*?)\n\n2\. ", section, re.S)
    assert part is not None
    return re.findall(r"^\d+\. (.+?) \((?:asked under|gevraagd op grond van) ", part.group(1), re.M)


def report_missing(html: str) -> set[str]:
    return set(re.findall(r'data-policy="([a-z_]+)" data-held="no"', html))


def test_the_bundled_samples_differ_in_what_they_lack() -> None:
    lacks = {frozenset(expected_missing(expected)) for _, expected in SAMPLE_PATHS}
    assert len(SAMPLE_PATHS) == 11
    assert lacks == {frozenset(ALL - {"device_identifiers", "partner_data"}), frozenset(ALL - {"partner_data"}),
                     frozenset(ALL - {"device_identifiers"}), frozenset(ALL)}


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("path,expected", SAMPLE_PATHS, ids=[p.name for p, _ in SAMPLE_PATHS])
def test_letter_and_report_list_exactly_what_the_sample_lacks(path: Path, expected: dict, language: str) -> None:
    export, analysis = _loaded(path)
    letter = render_letter(export, analysis, LetterOptions(language=language, sent_on=SENT))
    missing = expected_missing(expected)
    order = [c.id for c in CATEGORIES if c.id in missing]
    assert letter_ids(letter.html) == order
    title = "title_nl" if language == "nl" else "title_en"
    assert text_titles(letter.text) == [getattr(CATEGORY_BY_ID[i], title) for i in order]
    report = render_report(export, analysis, ReportOptions(language=language, generated_at=SENT_MOMENT)).html
    assert report_missing(report) == missing
    assert len(re.findall(r'data-policy="', report)) == len(CATEGORIES)


def _constructed(tmp_path: Path) -> Path:
    """A G4 export that holds watch durations, ad interests, an inferred gender and age range and battery
    state, and no off-TikTok activity."""
    sample = generate("G4", seed=1, counts={"off_tiktok_activity": 0})
    member, data = next(iter(sample.members.items()))
    document = orjson.loads(data)
    for item in document["Your Activity"]["Watch History"]["VideoList"]:
        item["WatchDuration"] = "12"
    document["Ads and data"]["Ad Interests"] = {"AdInterestCategories": "Gaming | Music"}
    profile = document["Profile"]["Profile Info"]["ProfileMap"]
    profile["inferredGender"] = "female"
    profile["ageRange"] = "13-17"
    document["Your Activity"]["Status"]["Status List"][0]["Battery State"] = "80%"
    path = tmp_path / "TikTok_Data_1767225600.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, orjson.dumps(document))
    return path


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_export_that_holds_a_category_is_not_asked_for_it(tmp_path: Path, language: str) -> None:
    export = load(_constructed(tmp_path))
    analysis = analyse(export)
    letter = render_letter(export, analysis, LetterOptions(language=language, sent_on=SENT))
    asked = ["keystroke_patterns", "content_analysis", "message_metadata", "partner_data"]
    assert letter_ids(letter.html) == asked
    report = render_report(export, analysis, ReportOptions(language=language, generated_at=SENT_MOMENT)).html
    assert report_missing(report) == set(asked)
    # The archive's name dates the export: TikTok_Data_1767225600 is 1 January 2026 (UTC).
    assert ("1 januari 2026" if language == "nl" else "1 January 2026") in letter.text


@pytest.mark.parametrize("received,month_end,ends", [
    (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 2)),    # no 31 February; 28th is a Saturday
    (date(2024, 1, 31), date(2024, 2, 29), date(2024, 2, 29)),   # leap year, a Thursday
    (date(2026, 3, 31), date(2026, 4, 30), date(2026, 4, 30)),
    (date(2026, 3, 15), date(2026, 4, 15), date(2026, 4, 15)),
    (date(2026, 12, 31), date(2027, 1, 31), date(2027, 2, 1)),   # across the year; a Sunday
    (date(2025, 11, 30), date(2025, 12, 30), date(2025, 12, 30)),
])
def test_one_month_deadline(received: date, month_end: date, ends: date) -> None:
    deadline = one_month_deadline(received)
    assert (deadline.month_end, deadline.ends) == (month_end, ends)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_deadline_properties(received: date) -> None:
    deadline = one_month_deadline(received)
    end = deadline.month_end
    assert (end.year * 12 + end.month) - (received.year * 12 + received.month) == 1
    assert end.day == received.day or (end.day < received.day and (end + timedelta(days=1)).day == 1)
    assert deadline.ends.weekday() < 5 and 0 <= (deadline.ends - end).days <= 2
    assert add_month(received) == end


def test_the_letter_states_the_deadline_and_its_rule() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    analysis = analyse(export)
    nl = render_letter(export, analysis, LetterOptions(language="nl", sent_on=SENT)).text
    assert ("Voor een verzoek dat op 31 januari 2026 is ontvangen, eindigt die maand op 28 februari 2026. Omdat dat "
            "een zaterdag is, loopt de termijn door tot en met 2 maart 2026.") in nl
    assert "nr. 1182/71, art. 3, https://eur-lex.europa.eu/eli/reg/1971/1182/oj" in nl
    en = render_letter(export, analysis, LetterOptions(language="en", sent_on=date(2026, 3, 15))).text
    assert "For a request received on 15 March 2026, that month ends on 15 April 2026." in en
    assert "As that day" not in en


#: Words a Dutch letter shares with the English one that are not English in it: names of organisations and
#: places, the account handle and file names, codes, words both languages spell alike (kind, of, via, model,
#: type, december), and loanwords Dutch uses (account, export, content, link, app, video, platform, audio).
SHARED_ON_PURPOSE = {
    "app", "art", "audio", "criteria", "december", "november", "euratom", "kind", "of", "partners", "platform",
    "s", "sha-256", "via", "video", "zip", "model", "type", "g4-en-sample_child_a", "txt-2025-nl-sample_child_a",
    "tiktok", "technology", "limited", "earlsfort", "terrace", "dublin", "d02", "t380", "data", "protection",
    "commission", "autoriteit", "persoonsgegevens", "sha", "256", "json", "txt", "g4", "txt-2025", "sample_child_a",
    "account", "export", "content", "link", "apps", "in", "is", "15", "1", "2", "3", "b", "c", "d", "g", "h", "a",
    "12", "77", "46", "1182", "71", "eu", "china", "canada", "japan", "singapore", "israël", "online",
}


def _words(text: str) -> set[str]:
    # Links, hashes, placeholders and keyed pseudonyms (``child-3f9a1c``, the report's own form) are names.
    text = re.sub(r"https?://\S+|\b[0-9a-f]{64}\b|\[\[[^\]]*\]\]|\b(?:child|person)-[0-9a-f]{6,}\b", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ0-9_-]+", text) if re.search(r"[A-Za-zÀ-ÿ]", w)}


@pytest.mark.parametrize("sample", ["g4-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip"])
def test_no_english_in_the_dutch_letter(sample: str) -> None:
    export = load(SAMPLES / sample)
    analysis = analyse(export)
    for mode in Mode:
        options = {"sent_on": SENT, "mode": mode, "case_key": KEY if mode is Mode.CLAIM else None}
        nl = render_letter(export, analysis, LetterOptions(language="nl", **options))
        en = render_letter(export, analysis, LetterOptions(language="en", **options))
        shared = _words(nl.text) & _words(en.text)
        assert shared - SHARED_ON_PURPOSE == set(), sorted(shared - SHARED_ON_PURPOSE)
        for english in ("GDPR", "request", "the ", " and ", "Dear", "regards", "Download your data"):
            assert english not in nl.text and english not in nl.html.split("</style>", 1)[1], english


def test_placeholders_only_for_what_the_tool_cannot_know() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    letter = render_letter(export, analyse(export), LetterOptions(language="en", sent_on=SENT))
    assert re.findall(r"\[\[([^\]]+)\]\]", letter.text) == [
        "name of the parent", "address of the parent", "e-mail address of the parent",
        "e-mail address of the child's TikTok account", "name and signature of the parent"]
    assert letter.html.count('<mark class="placeholder"') == 5
    assert "sample_child_a" in letter.text
    # A Dutch TXT export without a profile: the username becomes a placeholder too.
    dutch = load(SAMPLES / "txt-2025-nl-sample_child_a.zip")
    text = render_letter(dutch, analyse(dutch), LetterOptions(language="nl", sent_on=SENT)).text
    assert "[[gebruikersnaam van het TikTok-account van het kind]]" in text


def test_claim_copy_names_nobody(tmp_path: Path) -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    letter = render_letter(export, analyse(export), LetterOptions(language="en", sent_on=SENT, mode=Mode.CLAIM,
                                                                   case_key=KEY))
    for output in (letter.text, letter.html):
        assert "sample_child_a" not in output and "g4-en-sample" not in output
        assert re.search(r"child-[0-9a-f]{6,}", output)
        assert "Claim copy: every name is replaced by a pseudonym. Not for sending." in output


def test_cli_writes_both_files_deterministically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1769817600")  # 2026-01-31
    outputs = []
    for run in ("one", "two"):
        result = CliRunner().invoke(cli, ["request", str(SAMPLES / "txt-2025-nl-sample_child_a.zip"),
                                          "--out", str(tmp_path / run)])
        assert result.exit_code == 0, result.output
        files = sorted((tmp_path / run).iterdir())
        assert [f.name for f in files] == ["txt-2025-nl-sample_child_a.request.html",
                                           "txt-2025-nl-sample_child_a.request.txt"]
        assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
        outputs.append([f.read_bytes() for f in files])
    assert outputs[0] == outputs[1]
    assert "tot en met 2 maart 2026" in outputs[0][1].decode()  # Dutch export: Dutch letter by default


def test_cli_date_language_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["request", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(out),
                                 "--lang", "nl", "--date", "2024-01-31", "--full"])
    assert result.exit_code == 0, result.output
    assert "eindigt die maand op 29 februari 2024." in (out / "g4-en-sample_child_a-full.request.txt").read_text()
    claim = runner.invoke(cli, ["request", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(out), "--claim"])
    assert claim.exit_code == 2 and "--case-key-file" in claim.output
    missing = runner.invoke(cli, ["request", str(tmp_path / "nothing.zip"), "--out", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    assert not (tmp_path / "none").exists()
    bad = runner.invoke(cli, ["request", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(out),
                              "--date", "31-01-2026"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("mode", list(Mode))
def test_letter_html_is_inert_and_escapes_what_the_export_says(tmp_path: Path, mode: Mode) -> None:
    from tests.report_fixtures import HOSTILE, write_hostile_export

    export = load(write_hostile_export(tmp_path))
    letter = render_letter(export, analyse(export), LetterOptions(language="en", sent_on=SENT, mode=mode,
                                                                   case_key=KEY if mode is Mode.CLAIM else None))
    html = letter.html
    assert "default-src 'none'" in html and "<script" not in html.lower()
    assert re.search(r"<a\b|\bsrc=|\bon[a-z]+=", html) is None
    if mode is not Mode.CLAIM:
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html  # the username, shown as text
        assert HOSTILE[0] in letter.text
    else:
        assert "pwned" not in html and "pwned" not in letter.text


def test_transfers_sentence_reads_as_one_dutch_sentence() -> None:
    export, analysis = _loaded(SAMPLES / "g4-en-sample_child_a.zip")
    nl = render_letter(export, analysis, LetterOptions(language="nl", sent_on=SENT)).text
    assert ("Over doorgiften schreef TikTok dat gegevens van Europese gebruikers worden opgeslagen in de Verenigde "
            "Staten en Singapore, en dat bepaalde medewerkers van het concern in Brazilië, Canada, China, Israël, "
            "Japan, Maleisië, de Filipijnen, Singapore, Zuid-Korea en de Verenigde Staten er op afstand toegang toe "
            "krijgen. (samenvatting in onze woorden;") in nl
    en = render_letter(export, analysis, LetterOptions(language="en", sent_on=SENT)).text
    assert "About transfers, TikTok wrote: We currently store European user data in the U.S. and Singapore." in en
    assert "(TikTok's words; TikTok newsroom: Sharing an update to our Privacy Policy, 2 November 2022," in en
