"""The claim's own terms: the class dates, the controller change, the periods, both birth dates, the sentences.

Each test pins a fact or figure the claim file rests on with its exact value, in the report in both
languages and in ``inspect --json``.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from dsar_analyzer import load
from dsar_analyzer.analysis import legal
from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse
from dsar_analyzer.cli import cli
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import render_report
from tests.test_dutch_report import visible_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_exports"
MOMENT = datetime(2026, 1, 1, tzinfo=timezone.utc)
KEY = b"case-key-for-tests-0123456789abc"


def _render(path: Path, language: str, birth: date | None = None, country: str = "NL",
            mode: Mode = Mode.REDACTED) -> str:
    export = load(path)
    analysis = analyse(export, AnalysisOptions(birth_date=birth, consent_country=country))
    return render_report(export, analysis, ReportOptions(language=language, mode=mode, generated_at=MOMENT,
                                                         case_key=KEY if mode is Mode.CLAIM else None)).html


def _export(tmp_path: Path, profile: dict[str, str], times: list[str], off_tiktok: list[tuple[str, str]] = (),
            logins: list[str] = ()) -> Path:
    document = {
        "Your Activity": {"Watch History": {"VideoList": [
            {"Date": t, "Link": f"https://www.tiktokv.com/share/video/{i}/"} for i, t in enumerate(times)]},
            "Off TikTok Activity": {"OffTikTokActivityDataList": [
                {"TimeStamp": t, "Source": "Example Shop", "Event": e} for t, e in off_tiktok]},
            "Login History": {"LoginHistoryList": [{"Date": t, "IP": "192.0.2.1"} for t in logins]}},
        "Profile": {"Profile Info": {"ProfileMap": {"userName": "sample_child_q", **profile}}}}
    path = tmp_path / "user_data_tiktok.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# -- the facts ---------------------------------------------------------------------------------------------

def test_class_dates_controller_change_and_appeal_are_pinned_with_primary_sources() -> None:
    assert (legal.CLASS_START.day, legal.CLASS_END.day) == (date(2018, 5, 25), date(2022, 11, 9))
    assert legal.CLASS_START.source == legal.CLASS_END.source == (
        "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RBAMS:2024:83")
    assert (legal.APPEAL_2025.day, legal.APPEAL_2025.source) == (
        date(2025, 10, 7), "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:GHAMS:2025:2666")
    # 29 July 2020, not 31 July: the controller change; the AP period ends the day before it
    assert legal.CONTROLLER_CHANGE.day == date(2020, 7, 29)
    assert legal.CONTROLLER_CHANGE.source.startswith("https://newsroom.tiktok.com/")
    assert legal.AP_ENGLISH_ONLY.end == date(2020, 7, 28)
    assert legal.DPC_TRANSFER_TRANSPARENCY.start == date(2020, 7, 29)
    assert legal.DPC_CHILDREN_INQUIRY.start == date(2020, 7, 31)
    assert "under 13" in legal.DPC_CHILDREN_INQUIRY.description
    assert legal.MUSICALLY_MERGE.day == date(2018, 8, 2) and legal.MUSICALLY_MERGE.verified is False
    # no fact rests on a blog, a law-firm note or a news aggregator any more
    for window in legal.WINDOWS:
        assert window.source.startswith(("https://www.autoriteitpersoonsgegevens.nl/",
                                          "https://www.dataprotection.ie/")), window.source
        assert "compliant" not in window.description


def test_the_report_splits_ap_and_dpc_on_29_july_2020_in_both_languages() -> None:
    path = SAMPLES / "g4-en-sample_child_a.zip"
    english = visible_text(_render(path, "en"))
    dutch = visible_text(_render(path, "nl"))
    assert ("the Dutch AP for processing by TikTok Inc. up to 28 July 2020; from 29 July 2020, when TikTok "
            "Technology Limited (Ireland) became controller, the Irish DPC as lead authority") in english
    assert ("de Autoriteit Persoonsgegevens (AP) voor de verwerking door TikTok Inc. tot en met 28 juli 2020; vanaf "
            "29 juli 2020") in dutch
    for text in (english, dutch):
        assert "in the Netherlands the Autoriteit Persoonsgegevens" not in text


def test_the_dpc_children_row_counts_under_13s_among_the_minors() -> None:
    html = _render(SAMPLES / "g4-en-sample_child_a.zip", "en")
    # child A was under 13 throughout: all 24 records of the DPC period are minors' records
    assert 'data-minors="dpc_children_inquiry">24</td>' in html
    assert "Under 18 (all minors, under-13s included)" in html and "Aged 13-17" not in html
    summary = analyse(load(SAMPLES / "g4-en-sample_child_a.zip")).claim_figures()
    dpc = next(p for p in summary["periods"] if p["name"] == "dpc_children_inquiry")
    assert (dpc["bands"]["under_13"], dpc["aged_13_17"], dpc["aged_under_18"]) == (24, 0, 24)


@pytest.mark.parametrize(("language", "mark"), [("en", "(partly unverified)"), ("nl", "(deels niet geverifieerd)")])
@pytest.mark.parametrize("country", ["FR", "CY", "LV", "GR", "PT", "MT", "IS", "GB", "BE", "FI", "IT", "BG", "CZ",
                                     "LT", "SI", "AT", "DK", "SE"])
def test_unverified_consent_rows_keep_their_mark_in_the_report(language: str, mark: str, country: str) -> None:
    html = _render(SAMPLES / "g3-en-sample_child_b.zip", language, country=country)
    assert mark in visible_text(html)
    assert "partly unverified" in analyse(load(SAMPLES / "g3-en-sample_child_b.zip"),
                                          AnalysisOptions(consent_country=country)).claim_figures()[
        "claim_window"]["consent_rule"]


def test_a_verified_country_has_no_mark() -> None:
    assert "(partly unverified)" not in visible_text(_render(SAMPLES / "g3-en-sample_child_b.zip", "en"))


# -- class membership --------------------------------------------------------------------------------------

def test_class_membership_without_a_registration_date(tmp_path: Path) -> None:
    path = _export(tmp_path, {"birthDate": "14-Sep-2009"}, ["2019-03-03 10:00:00", "2020-01-01 10:00:00"],
                   off_tiktok=[("2017-01-01 10:00:00", "Registration")])
    analysis = analyse(load(path))
    account = analysis.account
    assert account is not None
    # an advertiser's "Registration" event of 2017 is never the TikTok account
    assert (account.basis, account.existed_on, account.earliest_record_section) == (
        "earliest_record", date(2019, 3, 3), "watch_history")
    assert (account.created_before_class_end, account.created_from_class_start, account.in_class_by_dates,
            account.musically_era) == ("yes", "cannot_tell", "cannot_tell", "cannot_tell")
    english = visible_text(_render(path, "en"))
    assert ("The account existed on 3 March 2019 (its earliest record in the export), so it was created on or "
            "before that day, before 9 November 2022.") in english
    assert ("Whether it was created on or after 25 May 2018: the export cannot show (it holds no registration "
            "date).") in english
    dutch = visible_text(_render(path, "nl"))
    assert ("Het account bestond op 3 maart 2019 (de vroegste vermelding in de export), dus het is op of vóór die "
            "dag aangemaakt, vóór 9 november 2022.") in dutch
    result = CliRunner().invoke(cli, ["inspect", str(path), "--json"])
    assert json.loads(result.output)["account"]["existed_on"] == "2019-03-03"


def test_class_membership_with_a_registration_date(tmp_path: Path) -> None:
    path = _export(tmp_path, {"birthDate": "14-Sep-2009", "Registration Date": "2018-06-01 12:00:00"},
                   ["2019-03-03 10:00:00"], logins=["2018-06-01 12:05:00"])
    account = analyse(load(path)).account
    assert account is not None
    assert (account.basis, account.created_on, account.in_class_by_dates, account.musically_era) == (
        "registration_date", date(2018, 6, 1), "yes", "yes")
    english = visible_text(_render(path, "en"))
    assert ("The export gives the account's registration date, 1 June 2018: it was created inside the class period "
            "of the Dutch action (accounts created between 25 May 2018 and 9 November 2022).") in english
    assert "when musical.ly accounts became TikTok accounts (date unverified)" in english
    late = _export(tmp_path, {"Registration Date": "2023-01-05 08:00:00"}, ["2023-02-03 10:00:00"])
    assert analyse(load(late)).account.in_class_by_dates == "no"  # type: ignore[union-attr]


def test_an_account_older_than_the_class_is_outside_it(tmp_path: Path) -> None:
    path = _export(tmp_path, {}, ["2018-02-01 10:00:00"], logins=["2018-01-10 09:00:00"])
    account = analyse(load(path)).account
    assert account is not None
    assert (account.basis, account.existed_on, account.in_class_by_dates, account.musically_era) == (
        "first_login", date(2018, 1, 10), "no", "yes")


# -- both birth dates, undated state apart ----------------------------------------------------------------

def test_both_birth_dates_side_by_side() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    analysis = analyse(export, AnalysisOptions(birth_date=date(2006, 3, 1)))
    assert analysis.side_by_side() == {
        "given": {"birth_date": "2006-03-01", "bands": {"under_13": 0, "13_15": 110, "16_17": 0, "18_plus": 0,
                                                        "held_at_export": 27, "unknown_age": 1},
                  "under_consent_age": 110, "age_at_first_record": 13},
        "self_declared": {"birth_date": "2009-09-14", "bands": {"under_13": 110, "13_15": 0, "16_17": 0,
                                                                "18_plus": 0, "held_at_export": 27, "unknown_age": 1},
                          "under_consent_age": 110, "age_at_first_record": 9}}
    html = visible_text(render_report(export, analysis, ReportOptions(language="en", generated_at=MOMENT)).html)
    assert ("Figures by the birth date given under 13: 0; 13 to 15: 110; 16 to 17: 0; 18 or older: 0; under the "
            "digital age of consent: 110; age at the first record: 13") in html
    assert "By the birth date given, the child was 13 then." in html
    # only one birth date known: no side-by-side rows
    assert analyse(export).side_by_side()["given"] is None


def test_undated_account_state_is_counted_apart_from_the_bands() -> None:
    analysis = analyse(load(SAMPLES / "g4-en-sample_child_a.zip"), AnalysisOptions(birth_date=date(2006, 3, 1)))
    # before: 27 profile, settings and device records counted as "18 or older"; all dated activity was at 13-15
    assert analysis.age.bands["18_plus"] == 0 and analysis.age.bands["held_at_export"] == 27
    assert sum(analysis.age.bands.values()) == analysis.record_count == 138
    summary = analysis.claim_figures()
    assert summary["bands_by_category"]["settings"] == {"under_13": 0, "13_15": 0, "16_17": 0, "18_plus": 0,
                                                        "held_at_export": 22, "unknown_age": 0}
    assert (summary["active_days"]["13_15"], summary["active_months"]["13_15"]) == (105, 25)
    assert summary["lifetime_counters"] == {"videos_watched_to_end": 20, "videos_shared": 6,
                                            "videos_commented_on": 4}


def test_the_self_declared_birth_date_names_where_it_is_written() -> None:
    summary = analyse(load(SAMPLES / "txt-2025-en-sample_child_a.zip")).claim_figures()
    evidence = summary["birth_date"]["self_declared_evidence"]
    assert evidence is not None and evidence["lines"] is not None and evidence["pointer"] is None
    assert evidence["note"] == "the value on file when the export was made, not when or by whom it was entered"


# -- Dutch and English TXT lines about the account ---------------------------------------------------------

def test_dutch_txt_activity_summary_nickname_and_original_link_are_read(tmp_path: Path) -> None:
    source = zipfile.ZipFile(SAMPLES / "txt-2025-nl-sample_child_a.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.endswith("Reacties/Reacties.txt"):
                data = data.replace(b"Reactie: wow (sample)",
                                    b"Reactie: wow (sample)\nOriginele link naar bericht: https://www.tiktok.com/@x/video/1")
            target.writestr(name, data)
        target.writestr("TikTok/Profiel en instellingen/Profielinformatie.txt",
                        "Gebruikersnaam: sample_child_a\nBijnaam: Sample A\n")
        target.writestr("TikTok/Jouw activiteit/Samenvatting van activiteit.txt",
                        "Video's gedeeld sinds accountregistratie: 7\n"
                        "Video's tot het einde bekeken sinds accountregistratie: 1234\n"
                        "Video's waarop is gereageerd sinds accountregistratie: 9\n")
    path = tmp_path / "txt-nl.zip"
    path.write_bytes(buffer.getvalue())
    export = load(path)
    assert export.ledger.unrecognised() == []
    analysis = analyse(export)
    assert analysis.lifetime_counters == {"videos_watched_to_end": 1234, "videos_shared": 7,
                                          "videos_commented_on": 9}
    assert export.records("profile")[0].display_name == "Sample A"  # type: ignore[attr-defined]
    links = [c.original_post_link for c in export.records("comments")]  # type: ignore[attr-defined]
    assert links.count("https://www.tiktok.com/@x/video/1") == 1


# -- sentences that claimed more than the export proves ----------------------------------------------------

GONE = ("friend 1", "vriend 1", "what your child did outside TikTok", "wat uw kind buiten TikTok deed",
        "reveal where", "where your child was:", "accessed remotely by staff in China", "op afstand ingezien door",
        "typed in", "ingetypt", "evidence of what TikTok was told", "bewijs van wat TikTok", "used TikTok since that day",
        "compliant", "shows the child was under 13", "Europe/Amsterdam")


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("mode", list(Mode))
def test_no_over_claiming_sentence_remains(language: str, mode: Mode) -> None:
    for sample in ("g4-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip"):
        text = visible_text(_render(SAMPLES / sample, language, mode=mode))
        assert [s for s in GONE if s in text] == [], sample
