"""The three letters: exactly their articles and rows, the addressee with its policy version, the deadline text, one language, modes."""

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
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar_analyzer import load
from babel.messages.pofile import read_po

from dsar_analyzer.analysis.deadline import add_month, is_working_day
from dsar_analyzer.analysis.export_figures import analyse
from dsar_analyzer.analysis.policy import CATEGORIES, CATEGORY_BY_ID, rows_to_ask
from dsar_analyzer.cli import cli
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.letter import (
    ARTICLES,
    LETTER_KINDS,
    Letter,
    LetterOptions,
    erasure_warning,
    letter_for,
    letter_summary,
    period_of_use,
    render_letter,
)
from dsar_analyzer.report.letter_parts import cited_articles
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import render_report
from dsar_analyzer.samples import bundled_samples, generate
from tests.test_dutch_report import ALLOW, PO, WORD, visible_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_exports"
SENT = date(2026, 1, 31)
SENT_MOMENT = datetime(2026, 1, 1, tzinfo=timezone.utc)
KEY = b"0123456789abcdef-case-key-012345"
ALL = {c.id for c in CATEGORIES}


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
    """The row titles of the text letter's section 2 (what the policy names and the export lacks)."""
    part = re.search(r"\n\n2\. [^\n]+\n\n(.*?)\n\n3\. ", text, re.S)
    assert part is not None
    return re.findall(r"^\d+\. (.+?) \((?:Art\. 15\(|artikel 15 )", part.group(1), re.M)


def report_missing(html: str) -> set[str]:
    return set(re.findall(r'data-policy="([a-z_]+)" data-held="no"', html))


def test_the_bundled_samples_differ_in_what_they_lack() -> None:
    lacks = {frozenset(expected_missing(expected)) for _, expected in SAMPLE_PATHS}
    assert len(SAMPLE_PATHS) == 11
    assert lacks == {frozenset(ALL - {"device_identifiers", "partner_data"}), frozenset(ALL - {"partner_data"}),
                     frozenset(ALL - {"device_identifiers"}), frozenset(ALL)}


#: When each row is first stated in TikTok's EEA privacy policy (written out here, not read from the code).
STATED_SINCE = {"inferred_age_range": date(2020, 7, 29), "inferred_gender": date(2020, 7, 29),
                "inferred_interests": date(2020, 7, 29), "message_metadata": date(2020, 7, 29),
                "keystroke_patterns": date(2021, 10, 1), "device_identifiers": date(2024, 12, 4),
                "partner_data": date(2024, 12, 4)}


def expected_rows(expected: dict[str, list[dict]], last: date) -> list[str]:
    """What a letter asks for: the rows the sample lacks that an EEA version in force by its last record states."""
    missing = expected_missing(expected)
    return [c.id for c in CATEGORIES if c.id in missing and STATED_SINCE[c.id] <= last]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("path,expected", SAMPLE_PATHS, ids=[p.name for p, _ in SAMPLE_PATHS])
def test_letter_and_report_list_exactly_what_the_sample_lacks(path: Path, expected: dict, language: str) -> None:
    export, analysis = _loaded(path)
    letter = render_letter(export, analysis, LetterOptions(language=language, sent_on=SENT))
    last = max(v.astimezone(timezone.utc).date() for records in expected.values() for r in records
               for v in r.values() if isinstance(v, datetime))
    order = expected_rows(expected, last)
    assert letter_ids(letter.html) == order
    title = "title_nl" if language == "nl" else "title_en"
    assert text_titles(letter.text) == [getattr(CATEGORY_BY_ID[i], title) for i in order]
    # Every bundled sample ends in June 2021: each row cites the first EEA version, of 29 July 2020.
    assert letter.text.count("29 July 2020" if language == "en" else "29 juli 2020") == len(order)
    report = render_report(export, analysis, ReportOptions(language=language, generated_at=SENT_MOMENT)).html
    assert report_missing(report) == expected_missing(expected)
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


def _letter(path: Path, kind: str = "access", language: str = "en", **options: object) -> Letter:
    export, analysis = _loaded(path)
    return render_letter(export, analysis, LetterOptions(language=language, sent_on=options.pop("sent_on", SENT),
                                                         kind=kind, **options))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_export_that_holds_a_category_is_not_asked_for_it(tmp_path: Path, language: str) -> None:
    export = load(_constructed(tmp_path))
    analysis = analyse(export)
    letter = render_letter(export, analysis, LetterOptions(language=language, sent_on=SENT))
    # Held: inferred interests, gender and age range, device identifiers; the sample ends in 2021, before the
    # version of 4 December 2024 that states partner data: keystrokes (October 2021) and message metadata remain.
    _first, last = period_of_use(analysis)
    asked = [i for i in ("keystroke_patterns", "message_metadata") if last is not None and STATED_SINCE[i] <= last]
    assert letter_ids(letter.html) == asked
    report = render_report(export, analysis, ReportOptions(language=language, generated_at=SENT_MOMENT)).html
    assert report_missing(report) == {"keystroke_patterns", "message_metadata", "partner_data"}
    # The archive's name dates the export: TikTok_Data_1767225600 is 1 January 2026 (UTC).
    assert ("1 januari 2026" if language == "nl" else "1 January 2026") in letter.text


def test_rows_come_from_the_eea_versions_in_force_while_the_child_used_tiktok(tmp_path: Path) -> None:
    export = load(_constructed(tmp_path))
    ids = lambda first, last: [(r.category.id, r.version.effective) for r in rows_to_ask(export, first, last)]  # noqa: E731
    july_2020, october_2021, december_2024 = date(2020, 7, 29), date(2021, 10, 1), date(2024, 12, 4)
    # Used only before the first EEA version, and before October 2021: message metadata (July 2020) only.
    assert ids(date(2019, 1, 1), date(2021, 6, 1)) == [("message_metadata", july_2020)]
    # Used until 2022: the October 2021 version adds keystrokes.
    assert ids(date(2019, 1, 1), date(2022, 1, 1)) == [("keystroke_patterns", october_2021),
                                                      ("message_metadata", july_2020)]
    # Started in 2025: every row cites the version in force at the first record, 4 December 2024.
    assert ids(date(2025, 1, 1), date(2026, 1, 1)) == [("keystroke_patterns", december_2024),
                                                      ("message_metadata", december_2024),
                                                      ("partner_data", december_2024)]
    # No dated record: the current version.
    assert {v for _, v in ids(None, None)} == {date(2025, 11, 30)}


def test_no_row_for_what_no_eea_version_states() -> None:
    assert "device_signals" not in CATEGORY_BY_ID
    for language in ("en", "nl"):
        for kind in LETTER_KINDS:
            text = _letter(SAMPLES / "g4-en-sample_child_a.zip", kind, language).text.lower()
            for word in ("battery", "batterij", "audio", "sensor"):
                assert word not in text, (kind, language, word)


#: Words a Dutch letter shares with the English one that are not English in it: names of organisations,
#: people, places and judgments, codes and links.
def _catalogue_words() -> tuple[frozenset[str], frozenset[str]]:
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    english: set[str] = set()
    dutch: set[str] = set()
    for message in catalogue:
        if message.id:
            english |= {w.casefold() for w in WORD.findall(re.sub(r"\{\w+\}", " ", str(message.id)))}
            dutch |= {w.casefold() for w in WORD.findall(re.sub(r"\{\w+\}", " ", str(message.string)))}
    return frozenset(english - dutch - ALLOW), frozenset(dutch - english - ALLOW)


ENGLISH_ONLY, DUTCH_ONLY = _catalogue_words()
#: Dutch words TikTok's own English quote cannot contain, English words the Dutch legal style cannot contain.
NAMES = re.compile(r"https?://\S+|\b[0-9a-f]{64}\b|\[\[[^\]]*\]\]|\[[^\]]*\]|\b(?:child|person)-[0-9a-f]{6,}\b")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(NAMES.sub(" ", text)) if len(w) > 1}


@pytest.mark.parametrize("kind", LETTER_KINDS)
@pytest.mark.parametrize("path,expected", SAMPLE_PATHS, ids=[p.name for p, _ in SAMPLE_PATHS])
def test_each_letter_cites_exactly_its_articles_names_its_addressee_and_keeps_to_its_language(
        path: Path, expected: dict, kind: str) -> None:
    for language in ("en", "nl"):
        letter = _letter(path, kind, language)
        assert cited_articles(letter.text) == set(ARTICLES[kind]), (language, sorted(cited_articles(letter.text)))
        assert cited_articles(visible_text(letter.html)) == set(ARTICLES[kind])
        named = ("Addressee as named in TikTok's privacy policy for the EEA, as last updated on 30 November 2025."
                 if language == "en" else
                 "Geadresseerde zoals genoemd in het privacybeleid van TikTok voor de EER, laatst bijgewerkt op "
                 "30 november 2025.")
        assert "TikTok Technology Limited" in letter.text and named in letter.text
        assert letter.addressee_version.effective == date(2025, 11, 30)
        names = {w.casefold() for p in letter_names(path) for w in WORD.findall(p)}
        words = _words(letter.text) | _words(visible_text(letter.html))
        foreign = ENGLISH_ONLY if language == "nl" else DUTCH_ONLY
        assert sorted((words & foreign) - names) == [], (kind, language)
        if language == "nl":
            assert re.search(r"\bArt\. \d|\bGDPR\b", letter.text) is None
        else:
            assert re.search(r"\bartikel \d|\bAVG\b", letter.text) is None


def letter_names(path: Path) -> list[str]:
    export, _ = _loaded(path)
    return [str(getattr(p, "username", "") or "") for p in export.records("profile")] + [path.name]


def test_the_receipt_assumption_is_in_the_text() -> None:
    path = SAMPLES / "g4-en-sample_child_a.zip"
    form = _letter(path, sent_on=date(2026, 12, 1)).text
    assert ("I send this request through your privacy request form on 1 December 2026; I take it as received by you "
            "that day. Under Art. 12(3) GDPR you must act on this request without undue delay and in any event "
            "within one month of receiving it: by 4 January 2027 at the latest. The month ends on 1 January 2027, a "
            "Friday and a public holiday in Ireland (New Year's Day), so the period runs to the end of the next "
            "working day, 4 January 2027.") in form
    nl = _letter(path, language="nl", sent_on=date(2026, 2, 17)).text
    assert ("Ik verstuur dit verzoek op 17 februari 2026 via uw privacyformulier; ik ga ervan uit dat u het die dag "
            "ontvangt. Volgens artikel 12 lid 3 AVG moet u zonder onredelijke vertraging en in elk geval binnen een "
            "maand na ontvangst gevolg geven aan dit verzoek: uiterlijk op 18 maart 2026. De maand eindigt op 17 maart "
            "2026, een dinsdag en een feestdag in Ierland (Sint-Patricksdag)") in nl
    weekend = _letter(path, sent_on=date(2026, 1, 31)).text
    assert "The month ends on 28 February 2026, a Saturday, so the period runs to the end of the next working " \
           "day, 2 March 2026." in weekend
    post = _letter(path, "erasure", sent_on=date(2026, 12, 1), channel="post")
    assert post.deadline is None
    assert ("I send this request by post on 1 December 2026. The period runs from the day you receive it, which I do "
            "not know yet: please confirm that day to me.") in post.text
    assert "at the latest." not in post.text
    assert "[[postal address from the contact section of that policy]]" in post.text
    assert "postal address" not in form
    delivered = _letter(path, "restriction", sent_on=date(2026, 11, 27), channel="post",
                        delivered_on=date(2026, 12, 1))
    assert delivered.deadline is not None and delivered.deadline.ends == date(2027, 1, 4)
    assert "it was delivered to you on 1 December 2026" in delivered.text
    for text in (form, post.text):
        assert "at most two further months only where that is necessary" in text
        assert "(Art. 12(4) GDPR)" in text
        assert "I may lodge a complaint at any time, whether or not this period has passed" in text


def test_the_access_request_asks_for_the_complete_copy_and_the_judgments() -> None:
    text = _letter(SAMPLES / "g4-en-sample_child_a.zip").text
    for part in ("since the account was created", "the history of the birth-date field",
                 "the IP address and the device used when the account was registered",
                 "age assurance and moderation", "consent for personalised advertising", "Family Pairing",
                 "other companies of the TikTok group", "C-154/21, Österreichische Post, 12 January 2023",
                 "C-203/22, Dun & Bradstreet Austria, 27 February 2025", "stored on servers in China",
                 "the logs of access", "standard contractual clauses", "I have parental authority",
                 "Co-signed by my child:"):
        assert part in text, part


def test_the_child_signs_from_16() -> None:
    path = SAMPLES / "g4-en-sample_child_a.zip"  # born 14 September 2009 (self-declared)
    assert "Co-signed by my child" not in _letter(path, sent_on=date(2025, 9, 13)).text
    assert "My child is 16 or older and signs" in _letter(path, sent_on=date(2025, 9, 14)).text
    adult = _letter(path, sent_on=date(2027, 9, 14)).text
    assert "My child has since come of age and makes this request with me as the data subject" in adult
    assert "I have parental authority" not in adult and "Co-signed by my child" in adult
    unknown = _letter(SAMPLES / "txt-2025-nl-sample_child_a.zip").text
    assert "If my child is 16 or older, they sign this request with me (below)." in unknown


def test_placeholders_only_for_what_the_tool_cannot_know() -> None:
    letter = _letter(SAMPLES / "g4-en-sample_child_a.zip")
    assert re.findall(r"\[\[([^\]]+)\]\]", letter.text) == [
        "name of the parent", "address of the parent", "e-mail address of the parent",
        "e-mail address of the child's TikTok account", "name and signature of the parent",
        "name and signature of the child"]
    assert letter.html.count('<mark class="placeholder"') == 6
    assert "sample_child_a" in letter.text
    text = _letter(SAMPLES / "txt-2025-nl-sample_child_a.zip", language="nl").text
    assert "[[gebruikersnaam van het TikTok-account van het kind]]" in text


def test_claim_copy_names_nobody() -> None:
    for kind in LETTER_KINDS:
        letter = _letter(SAMPLES / "g4-en-sample_child_a.zip", kind, mode=Mode.CLAIM, case_key=KEY)
        for output in (letter.text, letter.html):
            assert "sample_child_a" not in output and "g4-en-sample" not in output
            assert re.search(r"child-[0-9a-f]{6,}", output)
            assert "Claim copy with pseudonyms. Do not send." in output


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
    assert "uiterlijk op 2 maart 2026" in outputs[0][1].decode()  # Dutch export: Dutch letter by default


@pytest.mark.parametrize("language", ["en", "nl"])
def test_cli_warns_before_an_erasure_letter(tmp_path: Path, language: str) -> None:
    path = SAMPLES / "g4-en-sample_child_a.zip"
    export, analysis = _loaded(path)
    result = CliRunner().invoke(cli, ["request", str(path), "--out", str(tmp_path), "--kind", "erasure",
                                      "--lang", language, "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    warning = erasure_warning(export.input.sha256, language)  # type: ignore[arg-type]
    assert export.input.sha256 in warning
    assert ("the export you hold is the evidence" if language == "en" else "is het bewijs") in warning
    assert ("restriction keeps TikTok's copy" if language == "en" else "verzoek om beperking") in warning
    assert result.stderr.startswith(warning)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["g4-en-sample_child_a.erasure.html",
                                                          "g4-en-sample_child_a.erasure.txt"]
    # The letter does not depend on the warning: the library writes the same bytes without it.
    letter = letter_for("erasure", export, analysis, language, date(2026, 12, 1))  # type: ignore[arg-type]
    assert (tmp_path / "g4-en-sample_child_a.erasure.txt").read_text() == letter.text
    restriction = CliRunner().invoke(cli, ["request", str(path), "--out", str(tmp_path / "r"), "--kind",
                                           "restriction", "--date", "2026-12-01"])
    assert restriction.exit_code == 0 and "evidence" not in restriction.stderr


def test_cli_date_language_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["request", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(out),
                                 "--lang", "nl", "--date", "2024-01-31", "--full"])
    assert result.exit_code == 0, result.output
    assert "uiterlijk op 29 februari 2024." in (out / "g4-en-sample_child_a-full.request.txt").read_text()
    claim = runner.invoke(cli, ["request", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(out), "--claim"])
    assert claim.exit_code == 2 and "--case-key-file" in claim.output
    missing = runner.invoke(cli, ["request", str(tmp_path / "nothing.zip"), "--out", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    assert not (tmp_path / "none").exists()
    bad = runner.invoke(cli, ["request", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(out),
                              "--date", "31-01-2026"])
    assert bad.exit_code == 2
    wrong = runner.invoke(cli, ["request", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(out),
                                "--delivered", "2026-01-02"])
    assert wrong.exit_code == 2 and "--channel post" in wrong.output
    kind = runner.invoke(cli, ["request", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(out),
                               "--kind", "delete"])
    assert kind.exit_code == 2


@pytest.mark.parametrize("mode", list(Mode))
def test_letter_html_is_inert_and_escapes_what_the_export_says(tmp_path: Path, mode: Mode) -> None:
    from tests.report_fixtures import HOSTILE, write_hostile_export

    export = load(write_hostile_export(tmp_path))
    for kind in LETTER_KINDS:
        letter = render_letter(export, analyse(export), LetterOptions(
            language="en", sent_on=SENT, mode=mode, kind=kind, case_key=KEY if mode is Mode.CLAIM else None))
        html = letter.html
        assert "default-src 'none'" in html and "<script" not in html.lower()
        assert re.search(r"<a\b|\bsrc=|\bon[a-z]+=", html) is None
        if mode is not Mode.CLAIM:
            assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html  # the username, shown as text
            assert HOSTILE[0] in letter.text
        else:
            assert "pwned" not in html and "pwned" not in letter.text


def test_transfers_sentence_reads_as_one_dutch_sentence() -> None:
    nl = _letter(SAMPLES / "g4-en-sample_child_a.zip", language="nl").text
    assert ("Over doorgiften naar landen buiten de EER (artikel 15 lid 2 AVG) schreef TikTok dat gegevens van "
            "Europese gebruikers worden opgeslagen in de Verenigde Staten en Singapore, en dat bepaalde medewerkers "
            "van het concern in Brazilië, Canada, China, Israël, Japan, Maleisië, de Filipijnen, Singapore, "
            "Zuid-Korea en de Verenigde Staten er op afstand toegang toe krijgen. (samenvatting; de precieze tekst "
            "staat achter de link;") in nl
    en = _letter(SAMPLES / "g4-en-sample_child_a.zip").text
    assert ("About transfers outside the EEA (Art. 15(2) GDPR), TikTok wrote: We currently store European user "
            "data in the U.S. and Singapore.") in en
    assert "(TikTok's words; TikTok newsroom: Sharing an update to our Privacy Policy, 2 November 2022," in en


def test_letter_summaries_exist_in_both_languages() -> None:
    for kind in LETTER_KINDS:
        en, nl = letter_summary(kind, "en"), letter_summary(kind, "nl")
        assert en != nl and len(nl) > 80


@settings(max_examples=25, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.sampled_from(LETTER_KINDS))
def test_the_date_a_letter_states_is_the_first_irish_working_day_after_a_month(sent: date, kind: str) -> None:
    letter = _letter(SAMPLES / "g4-en-sample_child_a.zip", kind, sent_on=sent)
    stated = re.search(r"within one month of receiving it: by (\d{1,2} \w+ \d{4}) at the latest\.", letter.text)
    assert stated is not None and letter.deadline is not None
    ends = datetime.strptime(stated.group(1), "%d %B %Y").date()
    assert ends == letter.deadline.ends and is_working_day(ends)
    assert add_month(sent) <= ends
    assert all(not is_working_day(add_month(sent) + timedelta(days=n)) for n in range((ends - add_month(sent)).days))
