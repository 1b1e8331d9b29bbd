"""``diagnose``: an export's structure with no value of the child's data in it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any, Iterator

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar_analyzer.cli import cli
from dsar_analyzer.read.diagnose import (
    MAX_UNKNOWN_KEYS,
    OTHER_KEYS,
    UNKNOWN_MARK,
    diagnose,
    known_keys,
    shape,
    show_member_name,
)
from tests.report_fixtures import write_hostile_export

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
ALL_SAMPLES = sorted(p.name for p in SAMPLES.iterdir())
#: The keys under which the diagnostic writes numbers: sizes, counts and lengths, never a value.
COUNT_KEYS = {"size", "members", "skipped", "lines", "blank_lines", "blocks", "min", "max", "entries",
              "compressed_size", "method", "error_at_byte", "object", "array", "string", "integer", "float",
              "boolean", "null", "string_forms"}


def _json_values(value: Any) -> Iterator[str | int | float]:
    """Every string, number and key a JSON document holds, keys dsar-analyzer reads excepted."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.casefold() not in known_keys():
                yield key
            yield from _json_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_values(item)
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
        yield value


def _txt_values(text: str) -> Iterator[str]:
    for line in text.splitlines():
        key, sep, value = line.partition(": ")
        if sep and key.strip().casefold() in known_keys():
            yield value
        else:
            yield line


def _input_values(path: Path) -> set[str | int | float]:
    members: list[tuple[str, bytes]] = []
    if path.is_dir():
        members = [(str(p.relative_to(path)), p.read_bytes()) for p in path.rglob("*") if p.is_file()]
    else:
        with zipfile.ZipFile(path) as archive:
            members = [(i.filename, archive.read(i)) for i in archive.infolist() if not i.is_dir()]
    values: set[str | int | float] = set()
    for name, data in members:
        if name.endswith(".json"):
            values.update(_json_values(orjson.loads(data)))
        else:
            values.update(_txt_values(data.decode("utf-8")))
    return values


def _output_numbers(value: Any, key: str = "", parent: str = "") -> Iterator[tuple[str, Any]]:
    """(key, number) for every number of the diagnostic; a string form's count is keyed ``string_forms``."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _output_numbers(v, key if key == "string_forms" else k, key)
    elif isinstance(value, list):
        for v in value:
            yield from _output_numbers(v, key, parent)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield key, value


def _derived_strings(value: Any, key: str = "") -> Iterator[str]:
    """The strings of a diagnostic that come from the input: member names, keys, string forms.

    Every other string is the diagnostic's own (field names, types, the refusal's class name).
    Names and keys dsar-analyzer knows are structure, so they are left out here.
    """
    if isinstance(value, dict):
        for k, v in value.items():
            if key in ("keys", "string_forms"):
                yield k
            if k == "name" and isinstance(v, str):
                yield from v.split("/")
            yield from _derived_strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _derived_strings(v, key)


def _structural(text: str) -> bool:
    return (text.casefold() in known_keys() or text in {"text", "link", "empty", "(other forms)", OTHER_KEYS}
            or show_member_name(text) == text)


def assert_no_value_leaks(path: Path) -> dict[str, Any]:
    result = diagnose(path)
    text = orjson.dumps(result).decode()
    derived = {s for s in _derived_strings(result) if not _structural(s)}
    numbers = list(_output_numbers(result))
    assert {key for key, _ in numbers} <= COUNT_KEYS
    checked = 0
    for value in _input_values(path):
        if isinstance(value, str):
            value = value.strip()
            if not value or value.casefold() in known_keys():
                continue
            # Short strings ("No", "en") occur inside any text: they must not be a whole string.
            if len(value) < 4:
                assert value not in derived, value
            else:
                assert not any(value in s for s in derived), value
        elif abs(value) >= 100:
            # Small numbers are indistinguishable from the diagnostic's own counts; larger ones
            # (time stamps, ids, like counts) must appear nowhere, neither as a number nor in a string.
            assert value not in {n for _, n in numbers}, value
            assert str(value) not in text, value
        checked += 1
    assert checked > 10
    return result


@pytest.mark.parametrize("sample", ALL_SAMPLES)
def test_no_value_of_a_sample_is_in_its_diagnostic(sample: str) -> None:
    result = assert_no_value_leaks(SAMPLES / sample)
    assert result["refused"] is None
    assert result["members"]


def test_no_value_of_a_hostile_export_is_in_its_diagnostic(tmp_path: Path) -> None:
    result = assert_no_value_leaks(write_hostile_export(tmp_path))
    by_name = {m["name"]: m for m in result["members"]}
    assert set(by_name) == {"user_data_tiktok.json", "shape:<aaaaaa>aaaaa(#)</shape:aaaaaa>.aaa"}
    keys = by_name["user_data_tiktok.json"]["structure"]["keys"]
    chats = keys["Direct Message"]["keys"]["Direct Messages"]["keys"]["ChatHistory"]["keys"]
    # The chat partner's name is a key in the export; only its shape is kept.
    assert list(chats) == [UNKNOWN_MARK + shape("Chat History with \"><img src=x onerror=\"window.__pwned=1\">:")]


def test_g4_diagnostic_counts_the_watch_history_exactly() -> None:
    result = diagnose(SAMPLES / "g4-en-sample_child_a.zip")
    assert result["input"] == {"kind": "zip", "members": 1, "size": (SAMPLES / "g4-en-sample_child_a.zip")
                               .stat().st_size, "skipped": 0}
    member = result["members"][0]
    assert (member["name"], member["kind"], member["generation"]) == (
        "TikTok_Data_##########/user_data_tiktok.json", "json", "G4")
    watch = member["structure"]["keys"]["Your Activity"]["keys"]["Watch History"]["keys"]["VideoList"]
    assert watch["types"] == {"array": 1}
    assert watch["items"] == {"min": 40, "max": 40}
    item = watch["item"]
    assert item["types"] == {"object": 40}
    assert item["keys"]["Date"]["string_forms"] == {"####-##-## ##:##:##": 40}
    assert item["keys"]["Date"]["string_lengths"] == {"min": 19, "max": 19}
    assert item["keys"]["Link"]["string_forms"] == {"link": 40}


def test_dutch_txt_diagnostic_keeps_known_names_and_keys() -> None:
    result = diagnose(SAMPLES / "txt-2025-nl-sample_child_a.zip")
    by_name = {m["name"]: m for m in result["members"]}
    watch = by_name["TikTok/Jouw activiteit/Kijkgeschiedenis.txt"]
    assert (watch["kind"], watch["section"]) == ("txt", "watch_history")
    assert set(watch["keys"]) == {"Datum", "Link"}
    assert watch["keys"]["Datum"]["string_forms"] == {"####-##-## ##:##:## AAA": watch["blocks"]}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_truncated_zip_is_described_from_what_can_be_read(tmp_path: Path) -> None:
    whole = (SAMPLES / "g4-en-sample_child_a.zip").read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(whole[: len(whole) // 2])
    result = diagnose(path)
    assert result["refused"] == "CorruptInput"
    assert result["input"] == {"kind": "file", "size": len(whole) // 2, "starts_as": "zip"}
    assert result["zip_directory"] == {"readable": False}


def test_damaged_json_gives_orjson_position_and_the_refusal(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(_zip({"user_data_tiktok.json": b'{"Your Activity": {"Watch History": '}))
    result = diagnose(path)
    assert result["refused"] == "CorruptInput"
    assert result["members"] == [{"name": "user_data_tiktok.json", "size": 36, "kind": "json",
                                  "json_error": "unexpected end of data", "error_at_byte": 36}]


def test_a_file_that_is_no_export_is_refused_as_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list: milk\n", encoding="utf-8")
    result = diagnose(path)
    assert result["refused"] == "NotAnExport"
    assert result["members"] == [{
        "name": "shape:aaaaa.aaa", "size": 20, "kind": "txt", "section": None, "lines": 1, "blank_lines": 0,
        "blocks": 1, "byte_order_mark": False, "crlf": False, "invalid_utf8": False,
        "keys": {"shape:Aaaaaaaa aaaa": {"types": {"string": 1}, "string_lengths": {"min": 4, "max": 4},
                                         "string_forms": {"text": 1}}}}]


def _chat_node(tmp_path: Path, chats: dict[str, list[Any]]) -> dict[str, Any]:
    path = tmp_path / "user_data_tiktok.json"
    path.write_bytes(orjson.dumps({"Direct Message": {"Direct Messages": {"ChatHistory": chats}}}))
    structure = diagnose(path)["members"][0]["structure"]
    return structure["keys"]["Direct Message"]["keys"]["Direct Messages"]["keys"]["ChatHistory"]


def test_unknown_keys_of_one_shape_merge(tmp_path: Path) -> None:
    node = _chat_node(tmp_path, {f"Chat History with user{i}:": [] for i in range(100)})
    # user0..user9 share one shape, user10..user99 another.
    assert node["keys"] == {
        UNKNOWN_MARK + shape("Chat History with user0:"): {"types": {"array": 10}, "items": {"min": 0, "max": 0}},
        UNKNOWN_MARK + shape("Chat History with user10:"): {"types": {"array": 90}, "items": {"min": 0, "max": 0}},
    }


def test_unknown_keys_past_the_cap_merge_into_one_entry(tmp_path: Path) -> None:
    node = _chat_node(tmp_path, {"x" * n: [] for n in range(1, 101)})
    assert len(node["keys"]) == MAX_UNKNOWN_KEYS + 1
    assert node["keys"][OTHER_KEYS] == {"types": {"array": 100 - MAX_UNKNOWN_KEYS}, "items": {"min": 0, "max": 0}}


@given(st.text(min_size=1, max_size=40))
@settings(max_examples=200)
def test_shape_keeps_no_letter_or_digit(text: str) -> None:
    shaped = shape(text)
    assert len(shaped) == len(text)
    assert set(shaped) <= set("Aa#* !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def test_member_names_show_only_what_tiktok_names() -> None:
    assert show_member_name("TikTok/Your Activity/Watch History.txt") == "TikTok/Your Activity/Watch History.txt"
    assert show_member_name("Emma/TikTok_Data_123/user_data.json") == "shape:Aaaa/TikTok_Data_###/user_data.json"
    assert show_member_name("photo of Emma.jpg") == "shape:aaaaa aa Aaaa.aaa"


def test_diagnose_command_writes_the_file_and_refuses_a_missing_path(tmp_path: Path) -> None:
    out = tmp_path / "diagnostic.json"
    result = CliRunner().invoke(cli, ["diagnose", str(SAMPLES / "g3-en-sample_child_b.zip"), "--out", str(out)])
    assert (result.exit_code, result.output) == (0, f"{out}\n")
    assert orjson.loads(out.read_bytes()) == orjson.loads(orjson.dumps(diagnose(SAMPLES / "g3-en-sample_child_b.zip")))
    assert out.stat().st_mode & 0o777 == 0o600
    missing = CliRunner().invoke(cli, ["diagnose", str(tmp_path / "nope.zip")])
    assert missing.exit_code == 2
    assert missing.output == 'dsar-analyzer: The file or folder "nope.zip" does not exist; check the path and try again.\n'
