"""Input discovery: which folder is one export, which is a folder of several, and every file accounted for."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from dsar_analyzer import NotAnExport, SeveralExports, load
from dsar_analyzer.batch.discover import discover, duplicates
from dsar_analyzer.cli import cli
from dsar_analyzer.read.layout import NOT_A_TIKTOK_TXT, NOT_AN_EXPORT_FILE, from_names, is_one_export, split
from tests.batch_fixtures import SAMPLES, manifest

PINNED = ["--generated-at", "2026-01-01T00:00:00"]
JSON_DOCUMENT = SAMPLES / "g5-en-unzipped" / "user_data_tiktok.json"

ONE_EXPORT = {
    "the JSON document alone": ["user_data_tiktok.json"],
    "the 2021-2023 name": ["user_data.json"],
    "the JSON document in unzip's wrapping folder": ["TikTok_Data_1735588272/user_data_tiktok.json"],
    "the JSON document and a README": ["user_data_tiktok.json", "README.md"],
    "TXT files in 2025 category folders": ["TikTok/Your Activity/Watch History.txt",
                                           "TikTok/Likes and Favorites/Like List.txt"],
    "Dutch TXT files": ["TikTok/Jouw activiteit/Kijkgeschiedenis.txt", "TikTok/Likes en favorieten/Likelijst.txt"],
    "TXT files in 2020 category folders": ["Activity/Like List.txt", "Profile/Profile Information.txt"],
    "TXT files under two wrapping folders": ["TikTok_Data_1/Tiktok/Activity/Browsing History.txt",
                                             "TikTok_Data_1/Tiktok/Activity/Searches.txt",
                                             "TikTok_Data_1/Tiktok/Profile/Profile Info.txt"],
    "TXT files in one folder": ["Watch History.txt", "Like List.txt"],
    "a TXT file TikTok added later, beside known ones": ["TikTok/Your Activity/Watch History.txt",
                                                         "TikTok/Your Activity/Mini Drama History.txt"],
    "hidden files beside the document": ["user_data_tiktok.json", ".DS_Store", "__MACOSX/._user_data_tiktok.json"],
}


@pytest.mark.parametrize("names", ONE_EXPORT.values(), ids=ONE_EXPORT.keys())
def test_tiktok_layouts_are_one_export(names: list[str]) -> None:
    tree = from_names(names)
    assert is_one_export(tree)
    assert split(tree, "in").exports == ["in"]


SEVERAL = {
    "ten ZIPs and a loose JSON document": (
        [f"c{i}.zip" for i in range(10)] + ["user_data_tiktok.json"],
        [f"c{i}.zip" for i in range(10)] + ["user_data_tiktok.json"], []),
    "two unzipped JSON exports": (
        ["a/user_data_tiktok.json", "b/user_data_tiktok.json"], ["a", "b"], []),
    "two unzipped TXT exports": (
        ["a/TikTok/Your Activity/Watch History.txt", "b/TikTok/Likes and Favorites/Like List.txt"], ["a", "b"], []),
    "two flat TXT exports": (["a/Watch History.txt", "b/Watch History.txt"], ["a", "b"], []),
    "a JSON document and a TXT file": (
        ["user_data_tiktok.json", "Watch History.txt"], ["Watch History.txt", "user_data_tiktok.json"], []),
    "a JSON document and another JSON file": (
        ["user_data_tiktok.json", "child_b.json"], ["child_b.json", "user_data_tiktok.json"], []),
    "an export folder, notes and a case file": (
        ["exportA/TikTok/Your Activity/Watch History.txt", "notes.txt", "cases.csv"], ["exportA"],
        [("cases.csv", NOT_AN_EXPORT_FILE), ("notes.txt", NOT_A_TIKTOK_TXT)]),
    "a TXT export with a loose TXT file at its top": (
        ["TikTok/Your Activity/Watch History.txt", "TikTok/Comments/Comments.txt", "Like List.txt"],
        ["Like List.txt", "TikTok"], []),
}


@pytest.mark.parametrize(("names", "exports", "ignored"), SEVERAL.values(), ids=SEVERAL.keys())
def test_folders_of_several_exports_are_split(names: list[str], exports: list[str],
                                              ignored: list[tuple[str, str]]) -> None:
    tree = from_names(names)
    assert not is_one_export(tree)
    found = split(tree)
    assert (found.exports, found.ignored) == (exports, ignored)


def _ten_zips_and_a_json(folder: Path) -> Path:
    folder.mkdir()
    for i in range(10):
        shutil.copy(SAMPLES / "g4-en-sample_child_a.zip", folder / f"c{i}.zip")
    shutil.copy(JSON_DOCUMENT, folder / "user_data_tiktok.json")
    return folder


def test_a_loose_json_document_does_not_swallow_its_folder(tmp_path: Path) -> None:
    inputs = _ten_zips_and_a_json(tmp_path / "inputs")
    found = discover([str(inputs)])
    assert found.exports == [str(inputs / f"c{i}.zip") for i in range(10)] + [str(inputs / "user_data_tiktok.json")]
    assert found.ignored == []


def test_load_inspect_and_report_refuse_a_folder_of_several_exports_in_one_line(tmp_path: Path) -> None:
    inputs = _ten_zips_and_a_json(tmp_path / "ten")
    message = ('The folder "ten" holds 11 exports (c0.zip, c1.zip, c2.zip and 8 more), not one; read them all '
               "with dsar-analyzer batch, or choose one of them.")
    with pytest.raises(SeveralExports) as caught:
        load(inputs)
    assert str(caught.value) == message
    assert isinstance(caught.value, NotAnExport)
    assert caught.value.exports == (*(f"c{i}.zip" for i in range(10)), "user_data_tiktok.json")
    for command in (["inspect", str(inputs)], ["inspect", "--json", str(inputs)],
                    ["report", str(inputs), "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(cli, command)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"dsar-analyzer: {message}\n"), command
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def _txt_member(name: str) -> bytes:
    with zipfile.ZipFile(SAMPLES / "txt-2025-en-sample_child_a.zip") as archive:
        return archive.read(name)


def _tree(root: Path) -> Path:
    """ZIPs, unzipped JSON and TXT exports, a loose JSON and TXT file, a case file and strays."""
    inputs = root / "inputs"
    family = inputs / "family"
    family.mkdir(parents=True)
    shutil.copy(SAMPLES / "g4-en-sample_child_a.zip", inputs / "a.zip")
    shutil.copy(SAMPLES / "txt-2025-nl-sample_child_a.zip", inputs / "b.zip")
    shutil.copy(JSON_DOCUMENT, inputs / "user_data_tiktok.json")
    (inputs / "Watch History.txt").write_bytes(_txt_member("TikTok/Your Activity/Watch History.txt"))
    (inputs / "notes.txt").write_text("phoned the parent on Monday\n")
    (inputs / "cases.csv").write_text("file,case_id,birth_date\na.zip,C-1,2010-05-01\n")
    (inputs / "README.md").write_text("claim folder\n")
    (inputs / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    shutil.copytree(SAMPLES / "g5-en-unzipped", family / "g5-unzipped")
    with zipfile.ZipFile(SAMPLES / "txt-2025-en-sample_child_a.zip") as archive:
        archive.extractall(family / "txt-unzipped")
    (family / "txt-unzipped" / "TikTok" / "Your Activity" / "Thumbs.db").write_bytes(b"\0")
    (family / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    return inputs


def test_batch_over_a_mixed_tree_accounts_for_every_file(tmp_path: Path) -> None:
    inputs = _tree(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(inputs), "--out", str(out), "--workers", "2", *PINNED,
                                      "--cases", str(inputs / "cases.csv")])
    table = manifest(out)
    rows = {os.path.relpath(p, inputs): s for p, s in zip(table.path, table.status)}
    assert rows == {"a.zip": "ok", "b.zip": "ok", "user_data_tiktok.json": "ok", "Watch History.txt": "ok",
                    "family/g5-unzipped": "ok", "family/txt-unzipped": "ok"}, result.stderr
    ignored = {os.path.relpath(i["path"], inputs): i["reason"]
               for i in json.loads((out / "summary.json").read_text())["ignored_files"]}
    assert ignored == {".DS_Store": "hidden or system file", "README.md": NOT_AN_EXPORT_FILE,
                       "cases.csv": NOT_AN_EXPORT_FILE, "notes.txt": NOT_A_TIKTOK_TXT,
                       "family/photo.jpg": NOT_AN_EXPORT_FILE}
    # Every file is a row, inside a folder that is a row, or ignored with its reason.
    for folder, _, files in os.walk(inputs):
        for name in files:
            path = os.path.relpath(os.path.join(folder, name), inputs)
            assert path in rows or path in ignored or any(path.startswith(r + os.sep) for r in rows), path


def test_an_unlistable_folder_hides_none_of_its_neighbours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "inputs"
    (inputs / "locked").mkdir(parents=True)
    shutil.copy(SAMPLES / "g4-en-sample_child_a.zip", inputs / "a.zip")
    shutil.copy(SAMPLES / "g2-en-sample_child_a.zip", inputs / "b.zip")
    other = tmp_path / "c.zip"
    shutil.copy(SAMPLES / "g3-en-sample_child_b.zip", other)
    real = os.scandir

    def scandir(path: str) -> object:
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([str(inputs), str(other)])
    # The folder that cannot be listed is an input: its reader says why it cannot be read.
    assert found.exports == [str(inputs / "a.zip"), str(inputs / "b.zip"), str(inputs / "locked"), str(other)]
    assert found.ignored == []


def test_duplicates_are_named_by_the_first_in_path_order(tmp_path: Path) -> None:
    for name in ("b.zip", "a.zip", "c.zip"):
        shutil.copy(SAMPLES / "g4-en-sample_child_a.zip", tmp_path / name)
    shutil.copy(SAMPLES / "g2-en-sample_child_a.zip", tmp_path / "d.zip")
    for name in ("x", "y"):
        shutil.copytree(SAMPLES / "g5-en-unzipped", tmp_path / name)
    paths = [str(tmp_path / n) for n in ("c.zip", "y", "d.zip", "b.zip", "x", "a.zip")]
    a, x = str(tmp_path / "a.zip"), str(tmp_path / "x")
    g4 = hashlib.sha256((SAMPLES / "g4-en-sample_child_a.zip").read_bytes()).hexdigest()
    g5 = load(SAMPLES / "g5-en-unzipped").input.sha256
    assert duplicates(paths) == {str(tmp_path / "b.zip"): (a, g4), str(tmp_path / "c.zip"): (a, g4),
                                 str(tmp_path / "y"): (x, g5)}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file modes bind only a user who is not root")
def test_batch_reads_beside_a_folder_of_mode_000_and_lists_it(tmp_path: Path) -> None:
    base = tmp_path
    try:
        inputs = base / "inputs"
        (inputs / "locked").mkdir(parents=True)
        shutil.copy(SAMPLES / "g4-en-sample_child_a.zip", inputs / "locked" / "hidden.zip")
        shutil.copy(SAMPLES / "g4-en-sample_child_a.zip", inputs / "a.zip")
        shutil.copy(SAMPLES / "g2-en-sample_child_a.zip", inputs / "b.zip")
        shutil.copy(SAMPLES / "g3-en-sample_child_b.zip", base / "c.zip")
        os.chmod(inputs / "locked", 0)
        done = subprocess.run([sys.executable, "-m", "dsar_analyzer", "batch", str(inputs),
                               str(base / "c.zip"), "--out", str(base / "out"), "--workers", "1", *PINNED],
                              capture_output=True, text=True, timeout=300, cwd=base)
        assert done.returncode == 3, done.stderr
        table = manifest(base / "out")
        assert list(zip(table.path, table.status, table.reason)) == [
            (str(inputs / "a.zip"), "ok", ""), (str(inputs / "b.zip"), "ok", ""),
            (str(inputs / "locked"), "rejected", "not_an_export"), (str(base / "c.zip"), "ok", "")]
        assert table.message[2] == ('"locked" could not be opened (Permission denied); check that the file is on '
                                    "this computer and that you are allowed to read it.")
    finally:
        os.chmod(base / "inputs" / "locked", 0o700)


RUNNERS = {"one worker": ["--workers", "1"], "two workers": ["--workers", "2"],
           "Dask": ["--scheduler", "local", "--workers", "2"]}


@pytest.mark.parametrize("runner", sorted(RUNNERS))
def test_identical_archives_are_one_read_and_the_rest_named_duplicates_in_every_run(tmp_path: Path,
                                                                                   runner: str) -> None:
    if runner == "Dask":
        pytest.importorskip("distributed")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for i in range(12):
        shutil.copy(SAMPLES / "g4-en-sample_child_a.zip", inputs / f"upload_{i:02}.zip")
    shutil.copy(SAMPLES / "g2-en-sample_child_a.zip", inputs / "other.zip")
    first = str(inputs / "upload_00.zip")
    for attempt in ("o1", "o2"):
        result = CliRunner().invoke(cli, ["batch", str(inputs), "--out", str(tmp_path / attempt),
                                          *RUNNERS[runner], *PINNED])
        assert result.exit_code == 0, result.stderr
        table = manifest(tmp_path / attempt)
        assert list(zip(table.path, table.status)) == [
            (str(inputs / "other.zip"), "ok"), (first, "ok"),
            *((str(inputs / f"upload_{i:02}.zip"), "duplicate") for i in range(1, 12))]
        duplicated = table[table.status == "duplicate"]
        assert set(duplicated.message) == {f"the same archive as {first} (same SHA-256), which was read instead"}
        assert set(duplicated.sha256) == {table.sha256[1]} and set(duplicated.report) == {""}
        assert len([p for p in (tmp_path / attempt).iterdir() if p.suffix == ".html"]) == 3  # 2 reports, summary
