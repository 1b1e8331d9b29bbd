"""Generated exports parse back to exactly the records they were built from, and the ledger adds up."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar_analyzer import load, samples
from dsar_analyzer.read.ingest import InputArchive, Member
from dsar_analyzer.read.loader import parse_archive
from dsar_analyzer.records.export import Export

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_exports"
ALL = [(g, "en") for g in samples.GENERATIONS_JSON + samples.GENERATIONS_TXT] + [("txt-2025", "nl")]


def parsed_records(export: Export) -> dict[str, list[dict]]:
    return {sid: [r.model_dump(exclude={"unrecognised_fields"}) for r in sec.records]
            for sid, sec in export.sections.items() if len(sec)}


def assert_ledger_adds_up(export: Export) -> None:
    ledger = export.ledger
    assert ledger.check() == []
    totals = ledger.totals()
    assert totals.members == totals.members_parsed + totals.members_ignored + totals.members_unrecognised
    assert totals.items == totals.records + totals.invalid + totals.ignored_items
    assert totals.records == export.record_count == sum(len(s) for s in export.sections.values())
    assert totals.invalid == len(ledger.invalid_items)
    for section_id, records in export.sections.items():
        assert len(records) == sum(s.records for s in ledger.sections if s.section_id == section_id)
        assert len(list(records.sources())) == len(records)
    assert set(export.member_hashes) == {m.name for m in ledger.members if m.status != "ignored"}


def in_memory(sample: samples.SampleExport) -> Export:
    import hashlib
    members = tuple(sorted(
        (Member(name=n, data=d, sha256=hashlib.sha256(d).hexdigest(), size=len(d), compressed_size=len(d))
         for n, d in sample.members.items()), key=lambda m: m.name))
    return parse_archive(InputArchive(path=sample.name, kind="folder", sha256="0" * 64,
                                      size=sum(m.size for m in members), members=members, skipped=()))


@pytest.mark.parametrize(("generation", "language"), ALL, ids=[f"{g}-{lang}" for g, lang in ALL])
def test_each_generation_round_trips(generation: str, language: str) -> None:
    sample = samples.generate(generation, language=language)
    export = in_memory(sample)
    assert parsed_records(export) == sample.expected
    assert export.ledger.unrecognised() == []
    assert export.ledger.invalid_items == ()
    assert export.language == language
    assert export.generation == generation
    assert_ledger_adds_up(export)


def test_bundled_sample_folder_is_current(tmp_path: Path) -> None:
    written = samples.write_samples(tmp_path / "fresh")
    fresh = {p.relative_to(tmp_path / "fresh"): p.read_bytes() for p in (tmp_path / "fresh").rglob("*") if p.is_file()}
    committed = {p.relative_to(SAMPLES): p.read_bytes() for p in SAMPLES.rglob("*") if p.is_file()}
    assert len(written) == 11
    assert fresh == committed, "run: .venv/bin/dsar-analyzer sample sample_exports"


@pytest.mark.parametrize("path", sorted(p.name for p in SAMPLES.iterdir()))
def test_every_bundled_sample_loads_with_nothing_unaccounted(path: str) -> None:
    export = load(SAMPLES / path)
    assert export.ledger.unrecognised() == []
    assert export.ledger.invalid_items == ()
    assert_ledger_adds_up(export)


def test_zip_and_folder_give_the_same_records() -> None:
    from_zip = load(SAMPLES / "g5-en-sample_child_a.zip")
    from_folder = load(SAMPLES / "g5-en-unzipped")
    assert parsed_records(from_zip) == parsed_records(from_folder)
    assert from_zip.input.kind == "zip" and from_folder.input.kind == "folder"
    assert from_zip.member_hashes == from_folder.member_hashes


def test_g5_duplicate_off_tiktok_copy_is_counted_once() -> None:
    export = load(SAMPLES / "g5-en-sample_child_a.zip")
    entries = [s for s in export.ledger.sections if s.section_id == "off_tiktok_activity"]
    assert [(s.status, s.records, s.ignored) for s in entries] == [("parsed", 5, 0), ("ignored", 0, 5)]
    # The sample writes "Profile And Settings" before "Your Activity"; the first copy read wins.
    assert entries[0].where == "user_data_tiktok.json#/Profile And Settings/Off TikTok Activity/OffTikTokActivityDataList"
    assert entries[1].where == "user_data_tiktok.json#/Your Activity/Off TikTok Activity"
    assert entries[1].reason == ("identical copy of /Profile And Settings/Off TikTok Activity; "
                                 "its records are counted once")
    assert len(export.records("off_tiktok_activity")) == 5


def test_family_children_and_sources() -> None:
    child_a, child_b = samples.family()
    a = load(SAMPLES / "g4-en-sample_child_a.zip")
    b = load(SAMPLES / "g3-en-sample_child_b.zip")
    assert a.records("profile")[0].username == child_a.username
    assert a.records("profile")[0].birth_date == child_a.birth_date
    assert b.records("profile")[0].birth_date == child_b.birth_date
    source = a.sections["watch_history"].source(0)
    assert source.member == "TikTok_Data_1735588272/user_data_tiktok.json"
    assert source.pointer == "/Your Activity/Watch History/VideoList/0"


COUNTABLE = ("watch_history", "likes", "searches", "shares", "logins", "followers", "comments", "direct_messages")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    generation=st.sampled_from(samples.GENERATIONS_JSON + samples.GENERATIONS_TXT),
    seed=st.integers(min_value=0, max_value=2**32),
    counts=st.fixed_dictionaries({k: st.integers(min_value=0, max_value=12) for k in COUNTABLE}),
)
def test_generated_exports_round_trip(generation: str, seed: int, counts: dict[str, int]) -> None:
    sample = samples.generate(generation, seed=seed, counts=counts,
                              start=datetime(2018, 5, 1, tzinfo=timezone.utc),
                              end=datetime(2026, 1, 1, tzinfo=timezone.utc))
    export = in_memory(sample)
    assert parsed_records(export) == sample.expected
    assert export.ledger.invalid_items == ()
    assert_ledger_adds_up(export)
