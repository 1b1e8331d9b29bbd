"""The claim figures a court reads: hostile and impossible birth dates, headline consent counts, per-country dates.

Each test pins a figure that was wrong before with its exact expected value.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar_analyzer import load
from dsar_analyzer.analysis.age import BirthDate, age_figures, figures_from_frame
from dsar_analyzer.analysis.classify import classified_frame
from dsar_analyzer.analysis.export_date import export_date
from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse
from dsar_analyzer.analysis.legal import (
    CONSENT_AGES,
    consent_age,
    consent_rules,
    gdpr_applies_from,
)
from dsar_analyzer.cli import cli
from dsar_analyzer.records.values import parse_birth_date
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.render import FamilyMember, render_index, render_report

UTC = timezone.utc
UNKNOWN = {"under_13": None, "13_15": None, "16_17": None, "18_plus": None, "held_at_export": 0}
WATCHED = ["2017-06-01 10:00:00", "2019-01-01 10:00:00", "2019-06-01 10:00:00", "2020-09-01 10:00:00",
           "2021-03-01 10:00:00"]


def _export(tmp_path: Path, birth: str | None, times: list[str] = WATCHED, name: str = "user_data_tiktok.json",
            region: str | None = None) -> Path:
    profile: dict[str, str] = {"userName": "sample_child_q"}
    if birth is not None:
        profile["birthDate"] = birth
    document = {"Your Activity": {"Watch History": {"VideoList": [
        {"Date": t, "Link": f"https://www.tiktokv.com/share/video/{i}/"} for i, t in enumerate(times)]}},
        "Profile": {"Profile Info": {"ProfileMap": profile}}}
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# -- impossible and unreadable birth dates -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "reason"), [
    ("01/23/4567", "it is after the first record of the export (2017-06-01)"),  # a real 2020 TXT export
    ("31-Dec-9999", "it is after the first record of the export (2017-06-01)"),
    ("14-Sep-1850", "it is before 1900"),
])
def test_impossible_self_declared_birth_date_gives_age_unknown(tmp_path: Path, text: str, reason: str) -> None:
    figures = age_figures(load(_export(tmp_path, text)))
    # was: 5 records under 13 (4567) or 5 records 18+ (1850); now: unknown, never 0 or a band
    assert figures.bands == {**UNKNOWN, "unknown_age": 6}
    assert (figures.under_consent_age, figures.under_consent_age_any_date) == (None, None)
    assert figures.birth_date.source == "none" and figures.birth_date.value is None
    [candidate] = figures.birth_date.candidates
    assert (candidate.status, candidate.reason, candidate.text) == ("impossible", reason, text)
    assert figures.birth_date.declared_under_13 is False


def test_unreadable_birth_date_is_reported_as_unreadable_never_as_absent(tmp_path: Path) -> None:
    figures = age_figures(load(_export(tmp_path, "14-Foo-2009")))
    [candidate] = figures.birth_date.candidates
    assert (candidate.status, candidate.value, figures.birth_date.profile_text) == ("unreadable", None, "14-Foo-2009")
    assert "cannot be read as a date" in figures.retention_notes[0]
    assert "holds no birth date" not in figures.retention_notes[0]
    absent = age_figures(load(_export(tmp_path, None)))
    assert absent.birth_date.candidates == ()
    assert absent.retention_notes[0].startswith("The export holds no birth date and none was entered.")


@pytest.mark.parametrize(("text", "expected"), [
    ("14-Sept-2009", date(2009, 9, 14)), ("14-okt-2009", date(2009, 10, 14)), ("14-Sep-09", date(2009, 9, 14)),
    ("3-mrt-2010", date(2010, 3, 3)), ("14-September-2009", date(2009, 9, 14)), ("14-Sep-95", date(1995, 9, 14)),
])
def test_birth_date_spellings(text: str, expected: date) -> None:
    assert parse_birth_date(text) == expected


@pytest.mark.parametrize("text", ["1850", "14-Foo-2009", "31-Feb-2009", "0000-01-01", "14-Sep-2009x"])
def test_unreadable_spellings_raise_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError):
        parse_birth_date(text)


@pytest.mark.parametrize(("given", "reason"), [
    (date(2030, 1, 1), "it is after the first record of the export (2017-06-01)"),
    (date(1800, 1, 1), "it is before 1900"),
    (date(9999, 12, 31), "it is after the first record of the export (2017-06-01)"),
    (date(1, 1, 1), "it is before 1900"),
])
def test_impossible_given_birth_date_is_not_used(tmp_path: Path, given: date, reason: str) -> None:
    figures = age_figures(load(_export(tmp_path, "14-Sep-2009")), birth_date_override=given)
    assert [(c.source, c.status, c.reason) for c in figures.birth_date.candidates] == [
        ("override", "impossible", reason), ("profile", "plausible", "")]
    # the plausible self-declared date stands in for the refused given one, and a warning says so
    assert (figures.birth_date.source, figures.birth_date.value) == ("profile", date(2009, 9, 14))
    assert figures.bands == {"under_13": 5, "13_15": 0, "16_17": 0, "18_plus": 0, "held_at_export": 0, "unknown_age": 1}
    [warning] = figures.birth_date.warnings
    assert warning.code == "given_birth_date_refused_self_declared_used"
    assert warning.text() == (f"The birth date given, {given.isoformat()}, is not used: {reason}. The birth date in "
                              "the export (self-declared), 14-Sep-2009, is used instead.")
    assert figures.birth_date.declared_under_13 is True


def test_birth_date_after_the_export_is_impossible(tmp_path: Path) -> None:
    path = _export(tmp_path, "01-Jan-2025", times=[], name="TikTok_Data_1735588272.json")
    export = load(path)
    assert export_date(export).value == datetime(2024, 12, 30, 19, 51, 12, tzinfo=UTC)
    figures = age_figures(export)
    assert [c.reason for c in figures.birth_date.candidates] == ["it is after the export was made (2024-12-30)"]
    # the one record is the profile: account state held on the export date, counted apart
    assert figures.bands == {**UNKNOWN, "held_at_export": 1, "unknown_age": 0}


def test_under_5_at_the_first_record_is_used_with_a_warning(tmp_path: Path) -> None:
    figures = age_figures(load(_export(tmp_path, "01-Jan-2016")))
    assert figures.birth_date.value == date(2016, 1, 1)
    assert figures.birth_date.candidates[0].status == "implausible"
    assert [w.text() for w in figures.birth_date.warnings] == [
        "The birth date in the export (self-declared), 01-Jan-2016, is used, but the child would have been under 5 "
        "at the first record (2017-06-01): check it."]
    assert figures.bands == {"under_13": 5, "13_15": 0, "16_17": 0, "18_plus": 0, "held_at_export": 0, "unknown_age": 1}


def test_records_before_the_birth_date_are_never_under_13(tmp_path: Path) -> None:
    export = load(_export(tmp_path, "14-Sep-2009"))
    # a birth date after the first record is impossible: the self-declared 2009 date is used instead
    assert age_figures(export, birth_date_override=date(2019, 1, 1)).bands == {
        "under_13": 5, "13_15": 0, "16_17": 0, "18_plus": 0, "held_at_export": 0, "unknown_age": 1}
    # handed to the frame function directly, the record of 2017-06-01 is age unknown, never under 13
    birth = BirthDate(value=date(2019, 1, 1), source="override", profile_value=None, profile_text=None,
                      override=date(2019, 1, 1), self_declared=False)
    figures = figures_from_frame(classified_frame(export, with_sources=False), birth)
    assert (figures.bands["under_13"], figures.bands["unknown_age"], figures.before_birth) == (4, 2, 1)
    assert figures.bands_since_claim_start["under_13"] == 4


# -- the headline consent count and per-country dates -------------------------------------------------------------

def test_headline_consent_count_starts_on_25_may_2018(tmp_path: Path) -> None:
    export = load(_export(tmp_path, "14-Sep-2009"))
    analysis = analyse(export)
    # 5 dated records, all while under 16; the 2017 one predates the GDPR
    assert (analysis.age.under_consent_age, analysis.age.under_consent_age_any_date) == (4, 5)
    assert analysis.claim_figures()["claim_window"]["records_under_consent_age"] == 4
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    html = render_report(export, analysis, ReportOptions(language="en", generated_at=moment)).html
    assert ("Records since 25 May 2018 made while your child was younger than the digital age of consent "
            "(Netherlands: 16 years): 4.") in html
    index = render_index([FamilyMember(file="a.html", name="a", analysis=analysis)],
                         ReportOptions(language="en", generated_at=moment)).html
    # the row ends: records since 25 May 2018, the consent count, videos watched (a lower bound: recent history only)
    assert re.search(r'<td class="num"[^>]*>4</td><td class="num"[^>]*>4</td><td class="num"[^>]*>at least 5</td></tr>',
                     index.replace("\n", ""))


def test_no_birth_date_shows_unknown_in_the_report_and_the_family_index(tmp_path: Path) -> None:
    export = load(_export(tmp_path, None))
    analysis = analyse(export)
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    html = render_report(export, analysis, ReportOptions(language="nl", generated_at=moment)).html
    assert 'data-band="under_13" data-count="unknown"' in html
    assert 'data-figure="under_consent_age" data-count="unknown"' in html
    index = render_index([FamilyMember(file="a.html", name="a", analysis=analysis)],
                         ReportOptions(language="en", generated_at=moment)).html
    # the four age bands and the consent count; the birth date column says none is known
    assert len(re.findall(r'<td class="num"[^>]*>unknown</td>', index)) == 5
    assert '<td data-label="Birth date used">none known</td>' in index


def test_consent_rows_carry_applies_from_dates_and_sources() -> None:
    assert all(row.source.startswith(("https://", "http://")) and row.law for row in CONSENT_AGES)
    late = {row.country: row.valid_from for row in CONSENT_AGES if row.valid_from > date(2018, 5, 25)}
    assert late == {"BE": date(2018, 9, 5), "BG": date(2019, 3, 2), "CY": date(2018, 7, 31),
                    "CZ": date(2019, 4, 24), "EE": date(2019, 1, 15), "FI": date(2019, 1, 1),
                    "FR": date(2018, 6, 22), "GR": date(2019, 8, 29), "IT": date(2018, 9, 19),
                    "LV": date(2018, 7, 5), "LT": date(2018, 7, 16), "PT": date(2019, 8, 9),
                    "SI": date(2023, 1, 26), "ES": date(2018, 12, 7), "IS": date(2018, 7, 20),
                    "LI": date(2018, 7, 20), "NO": date(2018, 7, 20), "GB": date(2021, 1, 1)}
    assert [gdpr_applies_from(c) for c in ("NL", "IS", "LI", "NO", "BE")] == [
        date(2018, 5, 25), date(2018, 7, 20), date(2018, 7, 20), date(2018, 7, 20), date(2018, 5, 25)]
    # before a late act the GDPR default of 16 applied
    assert [consent_age("BE", date(2018, 9, 4)), consent_age("BE", date(2018, 9, 5))] == [16, 13]
    assert [consent_age("IT", date(2018, 9, 18)), consent_age("IT", date(2018, 9, 19))] == [16, 14]
    assert [consent_age("ES", date(2018, 12, 6)), consent_age("ES", date(2018, 12, 7))] == [16, 14]
    assert [r.law for r in consent_rules("GB")] == ["DPA 2018 s.9 / GDPR Art. 8", "UK GDPR Art. 8(1)"]
    unverified = sorted({row.country for row in CONSENT_AGES if not row.date_verified})
    assert unverified == ["AT", "BE", "BG", "CY", "CZ", "DK", "FI", "FR", "GB", "GR", "IT", "LT", "LV", "MT", "PT",
                          "SI"]
    assert all("unverified" in row.note.lower() for row in CONSENT_AGES if not row.date_verified)
    # the countries that kept the GDPR's 16 are marked too: no national text read shows that no act changed it
    marked = sorted({row.country for row in CONSENT_AGES if row.unverified})
    assert marked == ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "FI", "FR", "GB", "GR", "HR", "HU", "IS", "IT", "LT",
                      "LU", "LV", "MT", "PL", "PT", "RO", "SE", "SI", "SK"]


def test_belgian_and_icelandic_consent_follow_their_dates(tmp_path: Path) -> None:
    times = ["2018-06-01 10:00:00", "2018-08-01 10:00:00", "2018-10-01 10:00:00"]
    export = load(_export(tmp_path, "01-Jun-2005", times=times))  # 13 from 2018-06-01
    belgium = age_figures(export, consent_country="BE")
    # 16 applied in Belgium until 2018-09-04: the June and August records count, the October one not
    assert (belgium.under_consent_age, belgium.under_consent_age_any_date) == (2, 2)
    iceland = age_figures(export, consent_country="IS")
    # the GDPR applies in Iceland from 2018-07-20; there the age is 13, which the child had reached
    assert (iceland.consent_applies_from, iceland.under_consent_age) == (date(2018, 7, 20), 0)
    younger = age_figures(load(_export(tmp_path, "01-Jan-2006", times=times)), consent_country="IS")
    assert (younger.under_consent_age, younger.under_consent_age_any_date) == (2, 3)  # June predates 2018-07-20


# -- hostile input never crashes --------------------------------------------------------------------------------

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_any_given_birth_date_gives_figures_that_add_up(tmp_path: Path, given: date) -> None:
    export = _cached(tmp_path)
    figures = age_figures(export, birth_date_override=given)
    assert figures.since_claim_start + figures.before_claim_start + figures.undated == 6
    assert sum(v or 0 for v in figures.bands.values()) == 6
    if date(1900, 1, 1) <= given <= date(2017, 6, 1):
        assert (figures.birth_date.value, figures.birth_date.source) == (given, "override")
    else:  # refused: the export's own 2009 date stands in, and a warning says which and why
        assert (figures.birth_date.value, figures.birth_date.source) == (date(2009, 9, 14), "profile")
        assert figures.birth_date.warnings[0].code == "given_birth_date_refused_self_declared_used"


_CACHE: dict[str, object] = {}


def _cached(tmp_path: Path):  # type: ignore[no-untyped-def]
    if "export" not in _CACHE:
        _CACHE["export"] = load(_export(tmp_path, "14-Sep-2009"))
    return _CACHE["export"]


@pytest.mark.parametrize("given", ["9999-12-31", "0001-01-01", "2030-01-01", "1800-01-01"])
def test_hostile_given_birth_dates_are_judged_impossible_or_refused(tmp_path: Path, given: str) -> None:
    path = _export(tmp_path, "14-Sep-2009")
    # The library judges a given date like any other: not used, the reason shown, the self-declared date used
    analysis = analyse(load(path), AnalysisOptions(birth_date=date.fromisoformat(given)))
    summary = analysis.claim_figures()
    assert summary["birth_date"]["used"] == "2009-09-14"
    assert analysis.age.birth_date.candidates[0].status == "impossible"
    assert [w["code"] for w in summary["warnings"]] == ["given_birth_date_refused_self_declared_used"]
    assert summary["age_bands"] == {"under_13": 5, "13_15": 0, "16_17": 0, "18_plus": 0, "held_at_export": 0, "unknown_age": 1}
    # The command line refuses it before reading anything: one line, exit 2, nothing written.
    result = CliRunner().invoke(cli, ["inspect", str(path), "--json", "--birth-date", given])
    assert result.exit_code == 2 and result.stdout == ""
    assert "is not a possible birth date" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    out = tmp_path / "out"
    report = CliRunner().invoke(cli, ["report", str(path), "--out", str(out), "--birth-date", given])
    assert report.exit_code == 2 and not out.exists()


# -- chain of custody --------------------------------------------------------------------------------------------

def test_the_source_hash_is_its_stated_rule_over_the_installed_package() -> None:
    import hashlib

    import dsar_analyzer
    from dsar_analyzer.analysis.custody import tool_environment

    root = Path(dsar_analyzer.__file__).resolve().parent
    files = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".j2", ".po", ".json") and p.is_file()
                   and "__pycache__" not in p.parts)
    lines = sorted(f"{p.relative_to(root).as_posix()}\0{hashlib.sha256(p.read_bytes()).hexdigest()}\n" for p in files)
    environment = tool_environment()
    assert environment.source_files == len(files)
    assert {"analysis/custody.py", "report/precompiled_templates.json"} <= {p.relative_to(root).as_posix() for p in files}
    assert environment.source_sha256 == hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def test_custody_records_who_when_and_the_rechecked_hash(tmp_path: Path) -> None:
    path = tmp_path / "TikTok_Data_1735588272.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("user_data_tiktok.json", date_time=(2024, 12, 30, 20, 1, 2))
        archive.writestr(info, _export(tmp_path, "14-Sep-2009").read_bytes())
    export = load(path)
    options = AnalysisOptions(case_reference="TBYP-0042", supplier="parent",
                              received_at=datetime(2025, 1, 3, 9, 0, tzinfo=UTC))
    custody = analyse(export, options).custody
    assert (custody.case_reference, custody.supplier, custody.received_at) == (
        "TBYP-0042", "parent", datetime(2025, 1, 3, 9, 0, tzinfo=UTC))
    assert custody.archive_sha256_rechecked == custody.archive_sha256 == export.input.sha256
    assert custody.archive_unchanged is True
    [member] = custody.members
    assert (member.modified, member.crc32) == (datetime(2024, 12, 30, 20, 1, 2),
                                               f"{zipfile.ZipFile(path).getinfo('user_data_tiktok.json').CRC:08x}")
    assert custody.export_date.source == "file name"
    assert custody.export_date.latest_member_timestamp == datetime(2024, 12, 30, 20, 1, 2)
    assert custody.invocation == "library call: dsar_analyzer.analysis.export_figures.analyse(export, options)"
    assert len(custody.environment.source_sha256) == 64 and custody.environment.source_files > 40
    with mock.patch("dsar_analyzer.analysis.custody.rehash_input", return_value="0" * 64):
        changed = analyse(export, options).custody
    assert changed.archive_unchanged is False


def test_export_date_from_member_timestamps_when_no_name_gives_it(tmp_path: Path) -> None:
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("user_data_tiktok.json", date_time=(2025, 2, 3, 4, 5, 6)),
                         _export(tmp_path, "14-Sep-2009").read_bytes())
    found = export_date(load(path))
    assert (found.source, found.value) == ("member timestamps", datetime(2025, 2, 3, tzinfo=UTC))


def test_every_legal_source_is_listed_in_the_docs() -> None:
    root = Path(__file__).resolve().parents[1]
    docs = (root / "docs" / "legal-sources.md").read_text(encoding="utf-8")
    from dsar_analyzer.analysis import legal
    links = {value for name, value in vars(legal).items() if isinstance(value, str) and value.startswith("http")}
    links |= {row.source for row in CONSENT_AGES} | {w.source for w in legal.WINDOWS}
    assert len(links) == 37
    # facts rest on the act, the judgment, the regulator or TikTok itself, never a law firm's table or a blog
    assert [link for link in links if any(host in link for host in ("twobirds", "dlapiper", "kuan0"))] == []
    assert sorted(link for link in links if link not in docs) == []


def test_late_national_rows_cite_the_act_on_its_official_portal() -> None:
    from dsar_analyzer.analysis import legal
    national = {(row.country, row.valid_from): (row.source, row.date_verified, row.unverified)
                for row in CONSENT_AGES if row.country in {"CY", "FR", "GR", "LV", "MT", "PT", "GB"} and row.age < 16}
    # none of these acts could be read in full in a stored copy, so every row keeps its mark
    assert national == {
        ("CY", date(2018, 7, 31)): (legal.CY_LAW_125_2018_S8, False, True),
        ("FR", date(2018, 6, 22)): ("https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000037085952", False, True),
        ("GR", date(2019, 8, 29)): ("https://www.et.gr/", False, True),
        ("LV", date(2018, 7, 5)): ("https://likumi.lv/ta/en/en/id/300099-personal-data-processing-law", False, True),
        ("MT", date(2018, 5, 25)): ("https://legislation.mt/eli/sl/586.11/eng/pdf", False, True),
        ("PT", date(2019, 8, 9)): ("https://data.dre.pt/eli/lei/58/2019/08/08", False, True),
        ("GB", date(2018, 5, 25)): ("https://www.legislation.gov.uk/ukpga/2018/12/section/9", False, True),
        ("GB", date(2021, 1, 1)): ("https://www.legislation.gov.uk/eur/2016/679/article/8", False, True),
    }
    assert [row.country for row in CONSENT_AGES if "dlapiper" in row.source] == []
    # rows that cited a law firm now cite the act, or for Estonia the regulator's own announcement
    later = {row.country: (row.source, row.date_verified) for row in CONSENT_AGES
             if row.country in {"BE", "BG", "CZ", "EE", "FI", "IT", "LT", "SI"} and row.age < 16}
    assert later == {"BE": (legal.BE_LAW_2018_07_30, False), "BG": (legal.BG_PDPA, False),
                     "CZ": ("https://www.e-sbirka.cz/sb/2019/110", False), "EE": (legal.EE_AKI_2018, True),
                     "FI": ("https://www.finlex.fi/fi/laki/ajantasa/2018/20181050", False),
                     "IT": ("https://www.gazzettaufficiale.it/eli/id/2018/09/04/18G00129/sg", False),
                     "LT": (legal.LT_LAW_PERSONAL_DATA, False),
                     "SI": ("https://pisrs.si/pregledPredpisa?id=ZAKO7959", False)}
    assert not any(row.unverified for row in consent_rules("EE"))
    # Ireland's 16 was read in the minister's Dail answer; Sweden's day in the Riksdag's report, its age was not
    assert [(r.source, r.unverified) for r in consent_rules("IE")] == [(legal.IE_DAIL_2018_07_05, False)]
    assert [(r.source, r.date_verified, r.unverified) for r in consent_rules("SE")] == [
        (legal.SE_RIKSDAG_KU23, True, True)]
    # Denmark keeps 13 after 2023: a bill raises it to 15 for consent given from 2024, its adoption unread
    assert [consent_age("DK", date(2018, 5, 25)), consent_age("DK", date(2024, 6, 1))] == [13, 13]
    assert "from 13 to 15 from 1 January 2024" in consent_rules("DK")[0].note
    # the Cypriot age was read in the act, its day was not
    assert "Age read in s.8 of the law on cylaw.org: 14" in consent_rules("CY")[1].note


def test_txt_2020_export_with_an_overwritten_birth_date(tmp_path: Path) -> None:
    """A 2020 TXT export whose birth date reads 01/23/4567: no record counts as under 13 or under 16."""
    import io

    from dsar_analyzer import samples

    original = samples.generate("txt-2020", child=samples.Child("sample_child_c", date(2009, 5, 16)),
                                seed=9).zip_bytes()
    path = tmp_path / "txt-2020.zip"
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data.replace(b"Birthdate: 16/05/2009", b"Birthdate: 01/23/4567"))
    export = load(path)
    figures = analyse(export).age
    assert figures.birth_date.profile_text == "01/23/4567"
    assert [(c.status, c.value) for c in figures.birth_date.candidates] == [("impossible", date(4567, 1, 23))]
    assert figures.bands == {**UNKNOWN, "unknown_age": export.record_count}
    assert (figures.under_consent_age, figures.bands_since_claim_start["under_13"]) == (None, None)
    assert all(p.bands["under_13"] is None for p in figures.periods)


def test_folder_hash_is_rechecked_by_the_folder_rule(tmp_path: Path) -> None:
    import hashlib

    folder = tmp_path / "TikTok_Data_1735588272"
    folder.mkdir()
    data = _export(tmp_path, "14-Sep-2009").read_bytes()
    (folder / "user_data_tiktok.json").write_bytes(data)
    custody = analyse(load(folder)).custody
    rule = f"user_data_tiktok.json\0{hashlib.sha256(data).hexdigest()}\n"
    assert custody.archive_kind == "folder"
    assert custody.archive_sha256 == custody.archive_sha256_rechecked == hashlib.sha256(rule.encode()).hexdigest()
    assert custody.export_date.source == "file name"


def test_year_9999_is_impossible_even_without_any_date_to_compare(tmp_path: Path) -> None:
    path = _export(tmp_path, "31-Dec-9999", times=[])
    figures = age_figures(load(path))
    assert [(c.status, c.reason) for c in figures.birth_date.candidates] == [("impossible", "it is after 2100")]
    result = CliRunner().invoke(cli, ["report", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


# -- a refused birth date is a warning, in the report's language --------------------------------------------------

def test_a_refused_given_birth_date_is_a_typed_warning_and_the_self_declared_date_is_used(tmp_path: Path) -> None:
    export = load(_export(tmp_path, "14-Sep-2009"))
    analysis = analyse(export, AnalysisOptions(birth_date=date(2020, 3, 1)))  # a typo: 2020 for 2010
    assert (analysis.age.birth_date.source, analysis.age.birth_date.value) == ("profile", date(2009, 9, 14))
    [warning] = analysis.warnings
    assert (warning.code, warning.parameters) == ("given_birth_date_refused_self_declared_used", {
        "given": date(2020, 3, 1), "first_record": date(2017, 6, 1), "self_declared": "14-Sep-2009"})
    from dsar_analyzer.report.i18n import warning_text
    assert warning_text(warning, "nl") == (
        "De opgegeven echte geboortedatum, 1 maart 2020, is niet gebruikt: die ligt na de eerste vermelding in de "
        "export (1 juni 2017). In plaats daarvan is de geboortedatum in de export gebruikt (zoals die op het account "
        "staat): 14-Sep-2009.")
    assert warning_text(warning, "en") == (
        "The birth date given, 1 March 2020, is not used: it is after the first record of the export (1 June 2017). "
        "The birth date in the export (self-declared), 14-Sep-2009, is used instead.")
    summary = analysis.claim_figures()
    assert summary["warnings"] == [{"code": "given_birth_date_refused_self_declared_used", "parameters": {
        "given": "2020-03-01", "first_record": "2017-06-01", "self_declared": "14-Sep-2009"}, "text": (
        "The birth date given, 2020-03-01, is not used: it is after the first record of the export (2017-06-01). "
        "The birth date in the export (self-declared), 14-Sep-2009, is used instead.")}]
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    dutch = render_report(export, analysis, ReportOptions(language="nl", generated_at=moment)).html
    assert 'data-warning="given_birth_date_refused_self_declared_used"' in dutch
    assert "die ligt na de eerste vermelding in de export (1 juni 2017)" in dutch
    assert "it is after" not in dutch and "not used" not in dutch


def test_a_refused_given_birth_date_without_a_self_declared_one_never_says_it_was_filled_in(tmp_path: Path) -> None:
    export = load(_export(tmp_path, None))
    analysis = analyse(export, AnalysisOptions(birth_date=date(2030, 1, 1)))
    assert analysis.age.birth_date.source == "none" and analysis.age.bands == {**UNKNOWN, "unknown_age": 6}
    [warning] = analysis.warnings
    assert warning.code == "given_birth_date_refused_no_birth_date"
    assert warning.text() == (
        "The birth date given, 2030-01-01, is not used: it is after the first record of the export (2017-06-01). "
        "The export holds no usable birth date either, so every age band and the consent count are unknown; "
        "correct the birth date and make the report again.")
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    for language in ("en", "nl"):
        html = render_report(export, analysis, ReportOptions(language=language, generated_at=moment)).html
        assert 'data-warning="given_birth_date_refused_no_birth_date"' in html
        assert "self-declared), " not in html and "is used instead" not in html and "In plaats daarvan" not in html
    # a usable given date gives no warning at all
    assert analyse(export, AnalysisOptions(birth_date=date(2009, 9, 14))).warnings == ()


def test_inspect_json_carries_the_warning(tmp_path: Path) -> None:
    path = _export(tmp_path, "14-Sep-2009")
    result = CliRunner().invoke(cli, ["inspect", str(path), "--json", "--birth-date", "2020-03-01"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert [w["code"] for w in document["warnings"]] == ["given_birth_date_refused_self_declared_used"]
    assert document["birth_date"]["used"] == "2009-09-14" and document["birth_date"]["source"] == "profile"
