"""The command line: exact JSON shape of ``inspect --json``, the text summary, and exit code 2 for bad input."""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from dsar_analyzer.cli import cli
from dsar_analyzer.report.output import OutputRejected, output_folder

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
    assert summary["age_bands"] == {"under_13": 0, "13_15": 110, "16_17": 0, "18_plus": 0, "held_at_export": 0,
                                    "unknown_age": 28}
    assert summary["claim_window"] == {
        "since": "2018-05-25", "records_since": 110, "records_before": 0, "records_undated": 28,
        "records_held_at_export": 0, "records_under_consent_age": 110, "records_under_consent_age_any_date": 110,
        "consent_country": "NL", "consent_applies_from": "2018-05-25",
        "consent_rule": "Netherlands: UAVG art. 5 / GDPR Art. 8, 16 years", "records_near_a_boundary": 0,
        "records_before_birth_date": 0}
    assert summary["birth_date"] == {
        "used": "2005-11-20", "source": "profile", "self_declared": "20-Nov-2005",
        "candidates": [{"source": "profile", "text": "20-Nov-2005", "value": "2005-11-20", "status": "plausible",
                        "reason": "", "reason_code": "", "reason_parameters": {}}],
        "warnings": [], "declared_under_13_at_first_record": False,
        "self_declared_evidence": {"text": "20-Nov-2005", "member": "user_data_tiktok.json",
                                   "pointer": "/Profile/Profile Information/ProfileMap", "lines": None,
                                   "note": "the value on file when the export was made, not when or by whom it "
                                           "was entered"}}
    assert summary["age_bands_since"] == {**summary["age_bands"], "unknown_age": 0}
    assert [(p["name"], p["records"], p["bands"]["13_15"], p["aged_13_17"]) for p in summary["periods"]] == [
        ("since_claim_start", 110, 110, None), ("ap_english_only_privacy_policy", 69, 69, None),
        ("dpc_children_inquiry", 22, 22, 22), ("dpc_transfer_transparency", 41, 41, None)]
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


# -- usage errors: exit 2, one line, nothing written ------------------------------------------------

G4 = SAMPLES / "g4-en-sample_child_a.zip"
G3 = SAMPLES / "g3-en-sample_child_b.zip"
MOMENT = ["--generated-at", "2026-01-01T00:00:00"]


def one_line_error(result, fragment: str) -> str:
    """The run exited 2 with exactly one line on stderr, containing ``fragment``, and nothing on stdout."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("dsar-analyzer: "), result.stderr
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def write_key(path: Path, size: int = 32) -> Path:
    path.write_bytes(b"k" * size + b"\n")
    return path


@pytest.mark.parametrize(("arguments", "fragment"), [
    (["--zone", "Mars/Base"], "Invalid value for '--zone': 'Mars/Base' is not a time zone name; use a name like"),
    (["--zone", "../../etc/passwd"], "'../../etc/passwd' is not a time zone name"),
    (["--zone", "Europe"], "'Europe' is not a time zone name"),
    (["--zone", "europe/amsterdam"], "did you mean Europe/Amsterdam?"),
    (["--generated-at", "0001-01-01T00:00:00+0100"],
     "Invalid value for '--generated-at': 0001-01-01T00:00:00+01:00 is out of range; give a moment between 1970"),
    (["--generated-at", "1969-12-31"], "1969-12-31T00:00:00 is out of range"),
    (["--generated-at", "2026-13-01"], "Invalid value for '--generated-at'"),
    (["--claim", "--full"], "--full and --claim cannot be combined: choose one of --redacted, --full or --claim."),
    (["--redacted", "--full"], "--redacted and --full cannot be combined"),
    (["--case-key-file", "key"], "--case-key-file belongs to --claim; add --claim, or leave --case-key-file out."),
    (["--case-id", "C-1"], "--case-id belongs to --claim"),
    (["--claim"], "--claim needs --case-key-file"),
    (["--claim", "--case-key-file", "key", "--case-id", "../x"], "'../x' cannot be part of a file name"),
    (["--birth-date", "2026-02-30"], "Invalid value for '--birth-date'"),
    (["--birth-date", "9999-12-31"], "Invalid value for '--birth-date': 9999-12-31 is not a possible birth date; "
                                     "give one between 1900-01-01 and today."),
    (["--birth-date", "0001-01-01"], "0001-01-01 is not a possible birth date"),
    (["--consent-country", "XX"], "no digital age of consent known for country 'XX'"),
])
def test_report_usage_errors_exit_2_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   arguments: list[str], fragment: str) -> None:
    monkeypatch.chdir(tmp_path)
    write_key(tmp_path / "key")
    result = CliRunner().invoke(cli, ["report", str(G4), "--out", "out", *arguments])
    message = one_line_error(result, fragment)
    assert message.rstrip().endswith("See: dsar-analyzer report --help")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key"]


@pytest.mark.parametrize(("arguments", "fragment"), [
    (["--zone", "Mars/Olympus"], "'Mars/Olympus' is not a time zone name"),
    (["--birth-date", "9999-12-31"], "9999-12-31 is not a possible birth date"),
    (["--no-such-option"], "No such option '--no-such-option'. See: dsar-analyzer inspect --help"),
    ([], "Missing argument 'PATH'"),
])
def test_inspect_usage_errors_exit_2_with_one_line(arguments: list[str], fragment: str) -> None:
    path = [] if not arguments else [str(G3)]
    one_line_error(CliRunner().invoke(cli, ["inspect", *path, *arguments]), fragment)


def test_a_zone_on_tzdatas_list_is_one_the_whole_database_check_accepts() -> None:
    from zoneinfo import available_timezones

    from dsar_analyzer.cli.options import _known_zone, _listed_zones

    listed = _listed_zones()
    assert "Europe/Amsterdam" in listed and "UTC" in listed and len(listed) > 400
    assert listed <= available_timezones()
    assert [_known_zone(None, None, zone) for zone in sorted(listed)] == sorted(listed)  # type: ignore[arg-type]


def test_unknown_command_and_bad_source_date_epoch_are_one_line(tmp_path: Path) -> None:
    one_line_error(CliRunner().invoke(cli, ["reprot"]), "No such command 'reprot'")
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "soon"}).invoke(cli, ["report", str(G4), "--out", str(tmp_path / "o")])
    one_line_error(result, "Invalid value for SOURCE_DATE_EPOCH: must be whole seconds since 1970")
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "-86400"}).invoke(
        cli, ["report", str(G4), "--out", str(tmp_path / "o")])
    one_line_error(result, "1969-12-31T00:00:00+00:00 is out of range")
    assert not (tmp_path / "o").exists()


# -- help pages --------------------------------------------------------------------------------------

def test_every_help_page_has_examples_and_readable_placeholders() -> None:
    for command in [[], *([name] for name in cli.commands)]:
        result = CliRunner().invoke(cli, [*command, "--help"])
        assert result.exit_code == 0, command
        assert "Examples:\n" in result.output, command
        examples = result.output.split("Examples:\n", 1)[1]
        assert f"dsar-analyzer {command[0] if command else ''}".strip() in examples
        assert "%" not in result.output, command
    report_help = CliRunner().invoke(cli, ["report", "--help"]).output
    for placeholder in ("PATH...", "--out DIR", "--birth-date YYYY-MM-DD",
                        "--generated-at YYYY-MM-DD[THH:MM:SS[+HHMM]]", "--case-key-file FILE", "--case-id ID",
                        "--zone AREA/CITY", "--consent-country CC"):
        assert placeholder in report_help, placeholder
    assert " ".join(report_help.split()).count("One of --redacted | --full | --claim.") == 3


def test_command_list_shows_each_description_whole() -> None:
    listing = CliRunner().invoke(cli, ["--help"]).output.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    lines = listing.splitlines()
    assert [line.split()[0] for line in lines] == sorted(cli.commands)
    assert {"inspect", "keygen", "report", "request", "sample"} <= set(cli.commands)
    for line, name in zip(lines, sorted(cli.commands), strict=True):
        assert line.split(None, 1)[1] == cli.commands[name].short_help
        assert not line.endswith("...")


# -- claim mode: names never from the input ----------------------------------------------------------

def test_claim_names_come_from_the_archive_hash_or_case_id_never_the_input_name(tmp_path: Path) -> None:
    emma = tmp_path / "Emma-de-Vries-2013-04-02.zip"
    noah = tmp_path / "Noah-de-Vries-2015-06-01"
    emma.write_bytes(G4.read_bytes())
    noah.mkdir()
    (noah / "user_data_tiktok.json").write_bytes((SAMPLES / "g5-en-unzipped" / "user_data_tiktok.json").read_bytes())
    key = write_key(tmp_path / "case.key")
    result = CliRunner().invoke(cli, ["report", str(emma), str(noah), "--out", str(tmp_path / "out"), "--claim",
                                      "--case-key-file", str(key), *MOMENT])
    assert result.exit_code == 0, result.output
    from dsar_analyzer import load

    emma_hash, noah_hash = load(emma).input.sha256[:12], load(noah).input.sha256[:12]
    assert emma_hash == __import__("hashlib").sha256(G4.read_bytes()).hexdigest()[:12]
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted([f"{emma_hash}-claim.html", f"{emma_hash}-claim.html.sha256", f"{noah_hash}-claim.html",
                              f"{noah_hash}-claim.html.sha256", "index.html", "index.html.sha256"])
    assert result.stdout.splitlines() == [str(tmp_path / "out" / name)
                                          for name in (f"{emma_hash}-claim.html", f"{noah_hash}-claim.html", "index.html")]
    for path in (tmp_path / "out").iterdir():
        text = path.read_text(encoding="utf-8")
        assert "Emma" not in text and "Noah" not in text and "Vries" not in text, path.name
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'href="{emma_hash}-claim.html"' in index and f'href="{noah_hash}-claim.html"' in index

    again = CliRunner().invoke(cli, ["report", str(emma), "--out", str(tmp_path / "case"), "--claim",
                                     "--case-key-file", str(key), "--case-id", "C-2026-0042", *MOMENT])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in (tmp_path / "case").iterdir()) == [
        f"C-2026-0042-{emma_hash}-claim.html", f"C-2026-0042-{emma_hash}-claim.html.sha256"]


# -- several exports: one broken one does not stop the others ---------------------------------------

def test_report_goes_on_past_a_broken_export_and_exits_3(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(G4.read_bytes()[:500])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", str(G4), str(broken), str(tmp_path / "missing.zip"), str(G3),
                                      "--out", str(out), *MOMENT])
    assert result.exit_code == 3, result.output
    assert result.stdout.splitlines() == [str(out / name) for name in (
        "g4-en-sample_child_a.html", "g3-en-sample_child_b.html", "index.html")]
    errors = result.stderr.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"dsar-analyzer: could not use {broken}: ")
    assert errors[1].startswith(f"dsar-analyzer: could not use {tmp_path / 'missing.zip'}: ")
    assert errors[2] == ("dsar-analyzer: 2 of 4 exports could not be used (said above); the other 2 and the index "
                         "were written.")
    assert sorted(p.name for p in out.iterdir()) == [
        "g3-en-sample_child_b.html", "g3-en-sample_child_b.html.sha256", "g4-en-sample_child_a.html",
        "g4-en-sample_child_a.html.sha256", "index.html", "index.html.sha256"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("data-report=") == 2


def test_report_over_only_broken_exports_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(G4.read_bytes()[:500])
    result = CliRunner().invoke(cli, ["report", str(broken), str(broken), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and lines[-1] == "dsar-analyzer: none of the 2 exports could be used; nothing was written."
    assert not (tmp_path / "out").exists()  # the folder it made for the reports is gone again


def test_a_report_that_fails_leaves_no_folder_it_made_and_keeps_one_that_was_there(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(G4.read_bytes()[:500])
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "notes.txt").write_text("mine", encoding="utf-8")
    for out in (tmp_path / "new" / "deeper" / "reports", tmp_path / "kept" / "reports", tmp_path / "kept"):
        result = CliRunner().invoke(cli, ["report", str(broken), "--out", str(out)])
        assert result.exit_code == 2
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "broken.zip", "kept", "kept/notes.txt"]


# -- case keys ----------------------------------------------------------------------------------------

def test_keygen_writes_32_random_bytes_owner_only_and_never_overwrites(tmp_path: Path) -> None:
    first, second = tmp_path / "a.key", tmp_path / "b.key"
    result = CliRunner().invoke(cli, ["keygen", str(first)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{first}\n", "")
    assert CliRunner().invoke(cli, ["keygen", str(second)]).exit_code == 0
    text = first.read_bytes()
    assert len(text) == 65 and text.endswith(b"\n") and len(bytes.fromhex(text[:64].decode())) == 32
    assert text != second.read_bytes()
    assert first.stat().st_mode & 0o777 == 0o600
    one_line_error(CliRunner().invoke(cli, ["keygen", str(first)]), "already exists; a case key is never overwritten")
    assert first.read_bytes() == text
    # A link at the name is not followed: its target keeps its content.
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "link.key").symlink_to(victim)
    one_line_error(CliRunner().invoke(cli, ["keygen", str(tmp_path / "link.key")]), "already exists")
    assert victim.read_text() == "keep me"
    made = CliRunner().invoke(cli, ["report", str(G4), "--out", str(tmp_path / "out"), "--claim",
                                    "--case-key-file", str(first), *MOMENT])
    assert made.exit_code == 0, made.output


@pytest.mark.parametrize(("size", "accepted"), [(31, False), (32, True)])
def test_case_keys_under_32_bytes_are_refused(tmp_path: Path, size: int, accepted: bool) -> None:
    key = write_key(tmp_path / "case.key", size)
    result = CliRunner().invoke(cli, ["report", str(G4), "--out", str(tmp_path / "out"), "--claim",
                                      "--case-key-file", str(key), *MOMENT])
    if accepted:
        assert result.exit_code == 0, result.output
    else:
        one_line_error(result, f"the case key in {key} has 31 bytes; a case key needs at least 32 random bytes. "
                               "Make a new key with: dsar-analyzer keygen FILE")
        assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "folder", "large"])
def test_case_key_file_that_is_not_a_small_regular_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    import resource
    import subprocess
    import sys

    key = {"fifo": tmp_path / "fifo", "/dev/zero": Path("/dev/zero"), "folder": tmp_path,
           "large": tmp_path / "big"}[kind]
    if kind == "fifo":
        os.mkfifo(key)
    if kind == "large":
        key.write_bytes(b"k" * 4097)

    def limit_memory() -> None:  # a key read that grows stops at 1 GiB instead of eating the machine
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    # A subprocess with a time-out: a reader that blocks on the FIFO or reads /dev/zero fails here, not hangs.
    result = subprocess.run(
        [sys.executable, "-m", "dsar_analyzer", "report", str(G4), "--out", str(tmp_path / "out"), "--claim",
         "--case-key-file", str(key)], capture_output=True, text=True, timeout=60, preexec_fn=limit_memory)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1
    expected = "is larger than 4096 bytes" if kind == "large" else "is not a regular file"
    assert f"Invalid value for '--case-key-file': {key} {expected}" in result.stderr
    assert not (tmp_path / "out").exists()


# -- output folder and files --------------------------------------------------------------------------

def _outside_and_out(tmp_path: Path) -> tuple[Path, Path]:
    """A file outside the output folder (mode 0644) and the empty output folder."""
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours")
    outside.chmod(0o644)
    (tmp_path / "out").mkdir()
    return outside, tmp_path / "out"


def test_a_symlink_planted_at_the_report_name_is_replaced_not_followed(tmp_path: Path) -> None:
    outside, out = _outside_and_out(tmp_path)
    (out / "g4-en-sample_child_a.html").symlink_to(outside)
    (out / "g4-en-sample_child_a.html.sha256").symlink_to(tmp_path / "dangling")
    result = CliRunner().invoke(cli, ["report", str(G4), "--out", str(out), *MOMENT])
    assert result.exit_code == 0, result.output
    assert outside.read_text() == "not yours" and outside.stat().st_mode & 0o777 == 0o644
    assert not (tmp_path / "dangling").exists()
    report = out / "g4-en-sample_child_a.html"
    assert not report.is_symlink() and report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert report.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in out.iterdir()) == ["g4-en-sample_child_a.html", "g4-en-sample_child_a.html.sha256"]


def test_a_hard_link_planted_at_the_report_name_is_replaced_not_written_through(tmp_path: Path) -> None:
    outside, out = _outside_and_out(tmp_path)
    os.link(outside, out / "g4-en-sample_child_a.html")
    result = CliRunner().invoke(cli, ["report", str(G4), "--out", str(out), *MOMENT])
    assert result.exit_code == 0, result.output
    assert outside.read_text() == "not yours"
    assert outside.stat().st_mode & 0o777 == 0o644 and outside.stat().st_nlink == 1
    assert (out / "g4-en-sample_child_a.html").stat().st_ino != outside.stat().st_ino


def test_empty_out_is_refused_and_nothing_lands_in_the_current_folder(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    one_line_error(CliRunner().invoke(cli, ["report", str(G4), "--out", ""]),
                   "the output folder name is empty; name a folder, for example reports.")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("folder", ["/", "/etc", "/usr", "/lib64", "/proc/self", "/dev/shm", "/boot", "/sys"])
def test_system_folders_are_refused_before_anything_is_written(folder: str) -> None:
    # Library level: output_folder() refuses before making anything, so even a regression writes no report here.
    with pytest.raises(OutputRejected, match="a folder of the operating system; choose a folder of your own"):
        output_folder(folder)


@pytest.fixture()
def unique_below_system_folders():
    """Fresh, unique names below system folders, removed afterwards whatever happened (a regression must
    not leave reports in /etc)."""
    names = [Path(base) / f"dsar-analyzer-test-{uuid.uuid4().hex}"
             for base in ("/etc", "/usr/share", "/lib64", "/dev/shm")]
    yield names
    for name in names:
        shutil.rmtree(name, ignore_errors=True)


def test_report_into_a_system_folder_is_refused(unique_below_system_folders: list[Path]) -> None:
    for folder in unique_below_system_folders:
        message = one_line_error(CliRunner().invoke(cli, ["report", str(G4), "--out", str(folder)]),
                                 "a folder of the operating system; choose a folder of your own, for example reports.")
        assert message.startswith(f"dsar-analyzer: {folder}")
        assert not folder.exists()


def test_out_through_a_symlink_says_where_it_leads_and_refuses_system_folders(
        tmp_path: Path, unique_below_system_folders: list[Path]) -> None:
    target = unique_below_system_folders[0]
    (tmp_path / "to-etc").symlink_to(target.parent)
    given = tmp_path / "to-etc" / target.name
    one_line_error(CliRunner().invoke(cli, ["report", str(G4), "--out", str(given)]),
                   f"{given} leads to {target}, a folder of the operating system")
    assert not target.exists()
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = CliRunner().invoke(cli, ["report", str(G4), "--out", str(tmp_path / "link"), *MOMENT])
    assert result.exit_code == 0
    assert result.stderr == (f"dsar-analyzer: {tmp_path / 'link'} leads to {tmp_path / 'real'}; "
                             "the reports are written there.\n")
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["g4-en-sample_child_a.html",
                                                                     "g4-en-sample_child_a.html.sha256"]


def test_out_that_is_or_runs_through_a_file_is_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    one_line_error(CliRunner().invoke(cli, ["report", str(G4), "--out", str(a_file / "out")]),
                   f"the output folder {a_file / 'out'} cannot be made: part of that path is a file.")
    one_line_error(CliRunner().invoke(cli, ["report", str(G4), "--out", str(a_file)]),
                   f"{a_file} is a file, not a folder; choose another output folder.")
    assert a_file.read_text() == "x"


def test_read_only_out_is_refused_with_one_line(tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "read-only"
    out.mkdir()
    if os.geteuid() != 0:
        out.chmod(0o555)
        undo = lambda: out.chmod(0o755)  # noqa: E731
    else:
        # Permissions do not stop root; the immutable attribute does (ext4 and most Linux file systems).
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(out)]).returncode != 0:
            pytest.skip("running as root where chattr +i is not available: a read-only folder cannot be made")
        undo = lambda: subprocess.run(["chattr", "-i", str(out)], check=True)  # noqa: E731
    try:
        result = CliRunner().invoke(cli, ["report", str(G4), "--out", str(out), *MOMENT])
        one_line_error(result, f"cannot write into the output folder {out}: ")
        assert list(out.iterdir()) == []
    finally:
        undo()


# -- inspect prints nothing a terminal acts on --------------------------------------------------------

def test_inspect_text_escapes_control_and_bidi_characters(tmp_path: Path) -> None:
    hostile = "Evil\x1b]0;pwned\x07\x1b[2J\rRecords:     0 in 0 sections\u202egnp.exe\u200b\x85"
    document = {"Your Activity": {"Watch History": {"VideoList": [
        {"Date": "2025-03-14 09:26:53", "Link": "https://www.tiktokv.com/share/video/1/", hostile: "x"}]},
        hostile: {"List": [{"a": 1}]}}}
    path = tmp_path / "kind\x1b[31m\u202e" / "user_data_tiktok.json"
    path.parent.mkdir()
    path.write_bytes(orjson.dumps(document))
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    shown = ("Evil\\x1b]0;pwned\\x07\\x1b[2J\\x0dRecords:     0 in 0 sections[U+202E]gnp.exe[U+200B]\\x85")
    assert f"user_data_tiktok.json#/Your Activity/{shown}  (1 items)" in result.stdout or shown in result.stdout
    assert f"Export:      {tmp_path}/kind\\x1b[31m[U+202E]/user_data_tiktok.json (file)" in result.stdout
    assert not any(c in result.stdout for c in "\x1b\x07\r\u202e\u200b\x85")
    raw = CliRunner().invoke(cli, ["inspect", str(path), "--json"])
    assert hostile in orjson.loads(raw.stdout)["unrecognised"][1]["where"] or any(
        hostile in u["where"] for u in orjson.loads(raw.stdout)["unrecognised"])


def test_readme_command_table_names_every_command_option_and_exit_code() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Command line", 1)[1].split("## Library", 1)[0]
    for name, command in cli.commands.items():
        assert f"`dsar-analyzer {name}" in table, name
        for parameter in command.params:
            for option in parameter.opts:
                if option.startswith("--") and option != "--help":
                    assert f"`{option}" in table or f"{option} " in table or f"{option}`" in table, (name, option)
    for code in ("`0` success", "`2` input that cannot be used", "`3` `report` over several exports",
                 "`1` an unexpected"):
        assert code in table, code
