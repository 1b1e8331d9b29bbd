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
