"""The family index's age bands, each section's reach and lower bounds, and where TikTok says EEA data is stored.

Exact values from the bundled samples: the family index shows every band (the four ages, the
account's state held on the export date, age unknown) per child and the bands of each child add up to
that child's records; a category names its first and last record and marks the counts of the parts
TikTok keeps only recent history of as lower bounds, with how far back they reach.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dsar_analyzer import load
from dsar_analyzer.analysis import legal
from dsar_analyzer.analysis.age import BAND_KEYS
from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.render import FamilyMember, render_index, render_report
from dsar_analyzer.serve.texts import texts

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
MOMENT = datetime(2026, 1, 1, tzinfo=timezone.utc)
FAMILY = ["g4-en-sample_child_a.zip", "g3-en-sample_child_b.zip", "txt-2025-nl-sample_child_a.zip"]


def _index(language: str, birth_dates: dict[str, str] | None = None) -> str:
    members = []
    for name in FAMILY:
        given = (birth_dates or {}).get(name)
        options = AnalysisOptions(birth_date=given) if given else AnalysisOptions()
        members.append(FamilyMember(file=name.replace(".zip", ".html"), name=name.split("-sample_")[0],
                                    analysis=analyse(load(SAMPLES / name), options)))
    return render_index(members, ReportOptions(language=language, generated_at=MOMENT)).html


def _bands(html: str) -> dict[str, list[str]]:
    """Each band row of the index: its cells' ``data-count`` in child order."""
    return {band: re.findall(r'data-count="([^"]+)"', row)
            for band, row in re.findall(r'<tr data-band="([^"]+)">(.*?)</tr>', html, re.S) if band != "total"}


def _totals(html: str) -> list[str]:
    row = re.search(r'<tr data-band="total">(.*?)</tr>', html, re.S)
    assert row is not None
    return re.findall(r'>([\d.,]+)</td>', row.group(1))


def test_the_family_index_shows_every_band_and_each_child_adds_up_to_its_records() -> None:
    html = _index("en")
    assert _bands(html) == {
        "under_13": ["110", "0", "unknown"], "13_15": ["0", "110", "unknown"], "16_17": ["0", "0", "unknown"],
        "18_plus": ["0", "0", "unknown"], "held_at_export": ["27", "0", "0"], "unknown_age": ["1", "28", "94"],
    }
    assert list(_bands(html)) == list(BAND_KEYS)
    assert _totals(html) == ["138", "138", "94"]
    for child, total in enumerate(_totals(html)):
        known = [int(cells[child]) for cells in _bands(html).values() if cells[child] != "unknown"]
        assert sum(known) == int(total)
    used = re.findall(r'<td data-label="Birth date used">([^<]+)</td>', html)
    assert used == ["14 September 2009 (self-declared on the account)",
                    "20 November 2005 (self-declared on the account)", "none known"]
    # TikTok keeps only recent watch history, so the index says its count is a lower bound, as the report does.
    assert re.findall(r'<td class="num" data-label="Videos watched">([^<]+)</td>', html) == ["at least 40"] * 3


def test_the_family_index_names_the_real_birth_date_when_one_is_given_and_counts_by_it() -> None:
    html = _index("nl", {"g4-en-sample_child_a.zip": "2006-03-01"})
    used = re.findall(r'<td data-label="Gebruikte geboortedatum">([^<]+)</td>', html)
    assert used[0] == "1 maart 2006 (de echte geboortedatum, opgegeven bij het maken van het rapport)"
    assert used[1] == "20 november 2005 (zoals die op het account staat)"
    bands = _bands(html)
    # All dated activity of child A falls at 13 to 15 by the real date; undated account state stays apart.
    assert [bands[key][0] for key in BAND_KEYS] == ["0", "110", "0", "0", "27", "1"]
    assert _totals(html)[0] == "138"
    assert "<th>Jonger dan 13</th>" not in html and "<td>Jonger dan 13</td>" in html


def _report(sample: str, language: str) -> str:
    export = load(SAMPLES / sample)
    return render_report(export, analyse(export), ReportOptions(language=language, generated_at=MOMENT)).html


def test_each_category_names_its_first_and_last_record_and_the_reach_of_recent_history() -> None:
    html = _report("g4-en-sample_child_a.zip", "en")
    sections = dict(re.findall(r'<section id="cat-([a-z_]+)"(.*?)</section>', html, re.S))
    spans = {name: re.findall(r'<p data-table="category-span">([^<]+)</p>', body) for name, body in sections.items()}
    assert spans["viewing_behaviour"] == ["First record of this kind: 3 June 2019; last: 21 June 2021."]
    assert spans["commerce"] == []  # no record of this kind: no span
    lower = re.findall(r'<tr data-section-id="([a-z_]+)" data-count="(\d+)" data-lower-bound="true">'
                       r'<td>[^<]+</td><td class="num"[^>]*>([^<]+)</td>', html)
    assert lower == [("likes", "15", "at least 15"), ("searches", "8", "at least 8"),
                     ("watch_history", "40", "at least 40"), ("logins", "6", "at least 6")]
    facts = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", sections["viewing_behaviour"]))
    assert [facts[k] for k in ("Videos watched", "Likes", "Searches", "Shares")] == [
        "at least 40", "at least 15", "at least 8", "6"]
    notes = re.findall(r'<ul class="note" data-table="coverage">(.*?)</ul>', html, re.S)
    assert re.findall(r"<li>([^<]+)</li>", notes[0])[0] == (
        "Watch history: the earliest record is of 21 June 2019, 2,019 days before the export was made. TikTok keeps "
        "only recent history of this part, so its 40 records are a lower bound: older ones are missing from the "
        "export, not absent in reality.")
    assert re.findall(r"<li>([^<]+)</li>", notes[1]) == [
        "Log-ins: the earliest record is of 15 September 2019, 1,933 days before the export was made. TikTok keeps "
        "only recent history of this part, so its 6 records are a lower bound: older ones are missing from the "
        "export, not absent in reality."]


def test_the_dutch_report_says_the_same_reach_in_dutch() -> None:
    html = _report("g4-en-sample_child_a.zip", "nl")
    assert '<td class="num" data-label="Vermeldingen">minstens 40</td>' in html
    assert ("<li>Kijkgeschiedenis: de vroegste vermelding is van 21 juni 2019, 2.019 dagen voordat de export werd "
            "gemaakt. TikTok bewaart van dit onderdeel alleen recente geschiedenis; de 40 vermeldingen zijn dus een "
            "ondergrens: oudere ontbreken in de export, wat niet betekent dat ze er nooit waren.</li>") in html
    assert '<p data-table="category-span">Eerste vermelding van deze soort: 3 juni 2019; laatste: 21 juni 2021.</p>' \
        in html


# -- data abroad ----------------------------------------------------------------------------------

def test_storage_statements_carry_their_sources_and_unverified_marks() -> None:
    rows = {s.name: (s.said_on.isoformat() if s.said_on else None, s.verified) for s in legal.STORAGE}
    assert rows == {
        "storage_us_singapore_2022": ("2022-11-02", True), "project_clover_2023": ("2023-03-08", True),
        "project_clover_year_on": (None, False), "storage_us_singapore_malaysia": (None, False),
        "china_servers_2025": ("2025-05-02", True), "eea_policy_storage_countries": (None, False),
    }
    # Only primary sources: TikTok's own pages and the regulator's.
    hosts = {s.source.split("/")[2] for s in legal.STORAGE}
    assert hosts == {"newsroom.tiktok.com", "www.tiktokeds.com", "www.dataprotection.ie", "www.tiktok.com"}
    assert all(s.note for s in legal.STORAGE if not s.verified)


@pytest.mark.parametrize(("language", "mark"), [("en", "unverified"), ("nl", "niet geverifieerd")])
def test_the_data_abroad_part_marks_each_unverified_statement(language: str, mark: str) -> None:
    html = _report("g4-en-sample_child_a.zip", language)
    part = re.search(r'<ul class="interpretation" data-table="data-abroad">(.*?)</ul>', html, re.S)
    assert part is not None
    lines = re.findall(r"<li>(.*?)</li>", part.group(1), re.S)
    assert len(lines) == 8
    unverified = [i for i, line in enumerate(lines) if mark in line]
    assert unverified == [3, 4, 6]
    assert [i for i, line in enumerate(lines) if "tiktokeds.com" in line] == [2, 3, 4]


def test_the_page_calls_the_dutch_claim_copy_claimkopie_as_the_report_does() -> None:
    dutch = texts("nl")
    assert dutch["mode_claim"].startswith("Claimkopie:")
    assert not [key for key, text in dutch.items() if "laimversie" in text]
    html = _report("g4-en-sample_child_a.zip", "nl")
    assert "laimversie" not in html


def test_the_policy_table_cites_articles_in_each_languages_legal_style() -> None:
    from dsar_analyzer.report.context import formatter
    from dsar_analyzer.report.policy_table import article_text

    dutch, english = (formatter(ReportOptions(language=language, generated_at=MOMENT)) for language in ("nl", "en"))
    assert article_text(("15(1)(b)", "15(3)"), dutch) == "artikel 15 lid 1 onder b en lid 3 AVG"
    assert article_text(("15(1)(b)", "15(1)(g)", "15(3)"), dutch) == (
        "artikel 15 lid 1 onder b, lid 1 onder g en lid 3 AVG")
    assert article_text(("15(1)(b)", "15(3)"), english) == "Art. 15(1)(b) and 15(3) GDPR"
    assert article_text(("17(1)(f)", "8(1)"), dutch) == "artikel 17 lid 1 onder f AVG en artikel 8 lid 1 AVG"
    html = _report("g4-en-sample_child_a.zip", "nl")
    assert html.count("<td>artikel 15 lid 1 onder b en lid 3 AVG</td>") == 6
