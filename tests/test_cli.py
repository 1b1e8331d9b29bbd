"""The command line: exact JSON shape of ``inspect --json``, the text summary, and exit code 2 for bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from dsar_analyzer.cli import cli

DOCUMENT = {
    "Your Activity": {
        "Watch History": {"VideoList": [
            {"Date": "2025-03-14 09:26:53", "Link": "https://www.tiktokv.com/share/video/7480000000000000001/"},
            {"Date": "not a date", "Link": "https://www.tiktokv.com/share/video/7480000000000000002/"},
        ]},
        "Like List": {"App": 1, "ItemFavoriteList": [{"date": "2025-10-07 18:12:40", "link": "x", "Mood": "?"}]},
        "Something New": {"NewList": [{"a": 1}, {"a": 2}]},
    },
    "Profile": {"Profile Info": {"ProfileMap": {"userName": "example_child", "birthDate": "17-Dec-2010"}}},
}


@pytest.fixture()
def export_zip(tmp_path: Path) -> Path:
    path = tmp_path / "TikTok_Data_1735588272.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("user_data_tiktok.json", orjson.dumps(DOCUMENT))
    return path


def test_inspect_json_reports_every_count(export_zip: Path) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(export_zip), "--json"])
    assert result.exit_code == 0, result.output
    summary = orjson.loads(result.output)
    assert summary["input"]["kind"] == "zip"
    assert summary["input"]["sha256"] == __import__("hashlib").sha256(export_zip.read_bytes()).hexdigest()
    assert summary["format"] == "json"
    assert summary["generation"] == "G4"
    assert summary["language"] == "en"
    assert summary["sections"] == {
        "likes": {"records": 1, "invalid": 0, "ignored": 1},
        "profile": {"records": 1, "invalid": 0, "ignored": 0},
        "watch_history": {"records": 1, "invalid": 1, "ignored": 0},
    }
    assert summary["unrecognised"] == [
        {"where": "user_data_tiktok.json#/Your Activity/Something New", "items": 2},
        {"where": "likes: field 'Mood'", "items": 1},
    ]
    assert summary["totals"]["records"] == 3
    assert summary["totals"]["invalid"] == 1
    assert summary["totals"]["members"] == 1
    assert summary["invalid_items"][0]["where"] == "user_data_tiktok.json#/Your Activity/Watch History/VideoList/1"
    assert list(summary) == sorted(summary)


def test_inspect_text_summary(export_zip: Path) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(export_zip)])
    assert result.exit_code == 0
    assert "Format:      JSON, generation G4, language en" in result.output
    assert "  watch_history                    1        1" in result.output
    assert "user_data_tiktok.json#/Your Activity/Something New  (2 items)" in result.output


@pytest.mark.parametrize(("content", "name", "fragment"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "photo.png", "photo.png"),
    (b'{"Your Activity": {"Watch History": {"VideoList": [', "user_data_tiktok.json", "damaged or incomplete"),
    (b'{"hello": "world"}', "user_data_tiktok.json", "does not look like a TikTok export"),
])
def test_unusable_input_exits_2_with_one_line(tmp_path: Path, content: bytes, name: str, fragment: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr
    assert message.count("\n") == 1 and message.startswith("dsar-analyzer: ")
    assert fragment in message
    assert "Traceback" not in message


def test_missing_path_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(tmp_path / "nope.zip")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == "dsar-analyzer, version 0.1.0\n"


SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"


def test_inspect_json_adds_categories_age_bands_and_claim_window() -> None:
    result = CliRunner().invoke(cli, ["inspect", str(SAMPLES / "g3-en-sample_child_b.zip"), "--json"])
    assert result.exit_code == 0, result.output
    summary = orjson.loads(result.output)
    assert summary["categories"] == {
        "profile": 1, "video": 4, "location": 1, "viewing_behaviour": 76, "communication": 10, "social": 11,
        "advertising": 5, "device_and_login": 8, "commerce": 0, "settings": 22}
    assert sum(summary["categories"].values()) == summary["totals"]["records"] == 138
    assert summary["age_bands"] == {"under_13": 0, "13_15": 110, "16_17": 0, "18_plus": 0, "unknown_age": 28}
    assert summary["claim_window"] == {
        "since": "2018-05-25", "records_since": 110, "records_before": 0, "records_undated": 28,
        "records_held_at_export": 0, "records_under_consent_age": 110, "records_under_consent_age_any_date": 110,
        "consent_country": "NL", "consent_applies_from": "2018-05-25",
        "consent_rule": "Netherlands: UAVG art. 5 / GDPR Art. 8, 16 years", "records_near_a_boundary": 0,
        "records_before_birth_date": 0}
    assert summary["birth_date"] == {
        "used": "2005-11-20", "source": "profile", "self_declared": "20-Nov-2005",
        "candidates": [{"source": "profile", "text": "20-Nov-2005", "value": "2005-11-20", "status": "plausible",
                        "reason": ""}],
        "warnings": [], "declared_under_13_at_first_record": False}
    assert summary["age_bands_since"] == {**summary["age_bands"], "unknown_age": 0}
    assert [(p["name"], p["records"], p["bands"]["13_15"], p["aged_13_17"]) for p in summary["periods"]] == [
        ("since_claim_start", 110, 110, None), ("ap_english_only_privacy_policy", 69, 69, None),
        ("dpc_children_inquiry", 22, 22, 22), ("dpc_transfer_transparency", 40, 40, None)]
    assert summary["band_first_last"]["13_15"] == {"first": "2019-06-17T08:26:16+00:00",
                                                   "last": "2021-06-14T19:45:18+00:00"}
    assert summary["export_date"]["source"] == "none"
    custody = summary["custody"]
    assert custody["archive_sha256_rechecked"] == custody["archive_sha256"] == summary["input"]["sha256"]
    assert custody["archive_unchanged"] is True
    assert custody["invocation"] == "dsar-analyzer inspect g3-en-sample_child_b.zip --json --consent-country NL " \
                                    "--zone Europe/Amsterdam"


def test_birth_date_override_and_consent_country() -> None:
    result = CliRunner().invoke(cli, ["inspect", str(SAMPLES / "g3-en-sample_child_b.zip"), "--json",
                                      "--birth-date", "2009-09-14", "--consent-country", "be"])
    summary = orjson.loads(result.output)
    assert (summary["birth_date"]["used"], summary["birth_date"]["source"], summary["birth_date"]["self_declared"]) \
        == ("2009-09-14", "override", "20-Nov-2005")
    assert summary["age_bands"]["under_13"] == 110
    assert summary["claim_window"]["consent_country"] == "BE"


def test_unknown_consent_country_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["inspect", str(SAMPLES / "g3-en-sample_child_b.zip"), "--consent-country", "XX"])
    assert result.exit_code == 2
    assert "no digital age of consent known for country 'XX'" in result.stderr
