"""The analysis object: every figure under one set of options, deterministic and serialisable."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import orjson

from dsar_analyzer import load
from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"


def test_same_export_and_options_give_identical_json() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    first = analyse(export).to_json()
    assert analyse(load(SAMPLES / "g4-en-sample_child_a.zip")).to_json() == first
    decoded = orjson.loads(first)
    assert list(decoded) == sorted(decoded)
    assert decoded["record_count"] == 138


def test_figures_add_up_for_the_family() -> None:
    # child A's export is named TikTok_Data_<epoch> inside, so its 27 profile/settings/device records are held
    # on the export date (child A was 15 then); child B's carries no export date, so they stay undated
    for name, band, unknown in (("g4-en-sample_child_a.zip", "under_13", 1), ("g3-en-sample_child_b.zip", "13_15", 28)):
        analysis = analyse(load(SAMPLES / name))
        assert sum(analysis.categories.values()) == analysis.record_count == 138
        assert sum(v for v in analysis.age.bands.values() if v is not None) == 138
        assert analysis.age.bands[band] == 110 and analysis.age.bands["unknown_age"] == unknown
        assert analysis.viewing.views == 40
        assert analysis.location.logins == 6


def test_options_reach_every_part() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    options = AnalysisOptions(birth_date=date(2005, 11, 20), consent_country="BE", zone="UTC",
                              session_gap_minutes=90, max_view_minutes=10, redact_search_terms=False)
    analysis = analyse(export, options)
    assert analysis.age.birth_date.source == "override"
    assert analysis.age.consent_country == "BE"
    assert analysis.viewing.zone == "UTC"
    assert analysis.viewing.session_rule.gap.total_seconds() == 5400
    assert analysis.viewing.search_terms_redacted is False
    assert all(not term.startswith("term ") for term, _ in analysis.viewing.top_search_terms)


def test_record_order_does_not_change_the_figures() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    baseline = analyse(export).to_json()
    rows, = export.sections["watch_history"]._parts  # one batch of 40 rows, held as a list
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    rows[:] = shuffled
    assert analyse(export).to_json() == baseline
