"""ingest.read_input: honest inputs are read exactly, hostile ones rejected in one sentence."""

from __future__ import annotations

import dataclasses
import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar_analyzer.errors import (
    CorruptInput,
    InputNotFound,
    InputRejected,
    LimitExceeded,
    NotAnExport,
    UnsafeInput,
)
from dsar_analyzer.read.ingest import (
    InputArchive,
    Limits,
    Member,
    SkippedMember,
    read_input,
)
from tests import hostile_zips as hz

W = hz.WRAPPER


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rejected(exc_type: type[InputRejected], path: Path, limits: Limits | None = None) -> str:
    """Assert read_input raises exactly exc_type with a one-line message; return the message."""
    with pytest.raises(InputRejected) as caught:
        read_input(path, limits or Limits())
    assert type(caught.value) is exc_type
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    assert "Traceback" not in message
    assert message.endswith(".")
    return message


def as_dict(archive: InputArchive) -> dict[str, bytes]:
    return {member.name: member.data for member in archive.members}


# ------------------------------------------------------------------ honest inputs


def test_zip_folder_and_single_file_agree(tmp_path: Path) -> None:
    files = hz.export_files()
    zip_path = hz.export_zip(tmp_path)
    folder = hz.export_folder(tmp_path)

    from_zip = read_input(zip_path)
    from_folder = read_input(folder)
    single_path = folder / W / "user_data_tiktok.json"
    from_file = read_input(str(single_path))

    expected_names = [f"{W}/Activity/Watch History.txt", f"{W}/user_data_tiktok.json"]
    assert [m.name for m in from_zip.members] == expected_names
    assert [m.name for m in from_folder.members] == expected_names
    assert as_dict(from_zip) == as_dict(from_folder) == files
    for a, b in zip(from_zip.members, from_folder.members, strict=True):
        assert a.sha256 == b.sha256 == sha(files[a.name])
        assert a.size == b.size == len(files[a.name])
        assert b.compressed_size == b.size

    assert from_zip.kind == "zip"
    assert from_zip.path == str(zip_path)
    assert from_zip.sha256 == sha(zip_path.read_bytes())
    assert from_zip.size == zip_path.stat().st_size
    assert from_zip.skipped == ()

    manifest = "".join(sorted(f"{name}\0{sha(data)}\n" for name, data in files.items()))
    assert from_folder.kind == "folder"
    assert from_folder.sha256 == sha(manifest.encode("utf-8"))
    assert from_folder.size == sum(len(d) for d in files.values())

    data = files[f"{W}/user_data_tiktok.json"]
    assert from_file == InputArchive(
        str(single_path),
        "file",
        sha(data),
        len(data),
        (Member("user_data_tiktok.json", data, sha(data), len(data), len(data)),),
        (),
    )


def test_single_text_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "Watch History.txt"
    data = b"\xef\xbb\xbfDate: 2024-12-01 18:00:00\nLink: https://www.tiktokv.com/share/video/1/\n"
    path.write_bytes(data)
    archive = read_input(path)
    assert [(m.name, m.data, m.sha256) for m in archive.members] == [
        ("Watch History.txt", data, sha(data))
    ]
    assert archive.sha256 == sha(data)


def test_zip_is_detected_by_content_not_extension(tmp_path: Path) -> None:
    archive = read_input(hz.renamed_zip(tmp_path))
    assert archive.kind == "zip"
    assert as_dict(archive) == hz.export_files()


def test_leading_slash_is_stripped(tmp_path: Path) -> None:
    archive = read_input(hz.leading_slash_zip(tmp_path))
    assert [m.name for m in archive.members] == ["user_data.json"]
    assert archive.members[0].data == b'{"Profile": {}}'


def test_macos_and_system_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    archive = read_input(hz.macos_zip(tmp_path))
    assert as_dict(archive) == hz.export_files()
    assert [(s.name, s.reason) for s in archive.skipped] == [
        (f"{W}/", "folder entry"),
        (f"{W}/.DS_Store", "Windows/macOS system file (.DS_Store / Thumbs.db / desktop.ini)"),
        ("__MACOSX/", "macOS metadata folder, not part of the export"),
        (f"__MACOSX/{W}/._user_data_tiktok.json", "macOS metadata folder, not part of the export"),
    ]
    assert archive.skipped[1].size == 108


def test_macos_files_are_skipped_in_a_folder_too(tmp_path: Path) -> None:
    files = dict(hz.export_files())
    files[f"{W}/._user_data_tiktok.json"] = b"\x00\x05\x16\x07"
    files[f"{W}/Thumbs.db"] = b"\xd0\xcf\x11\xe0"
    archive = read_input(hz.export_folder(tmp_path, files))
    assert as_dict(archive) == hz.export_files()
    assert archive.skipped == (
        SkippedMember(
            f"{W}/._user_data_tiktok.json", "macOS metadata file, not part of the export", 4
        ),
        SkippedMember(
            f"{W}/Thumbs.db", "Windows/macOS system file (.DS_Store / Thumbs.db / desktop.ini)", 4
        ),
    )


def test_nested_zip_is_listed_not_opened(tmp_path: Path) -> None:
    archive = read_input(hz.nested_zip(tmp_path))
    assert as_dict(archive) == hz.export_files()
    inner_size = (tmp_path / "export.zip").stat().st_size
    assert archive.skipped == (
        SkippedMember(f"{W}/old_export.zip", "nested archive, not opened", inner_size),
    )


def test_zip_holding_only_another_zip_is_not_an_export(tmp_path: Path) -> None:
    message = rejected(NotAnExport, hz.only_nested_zip(tmp_path))
    assert "export.zip" in message and "inner ZIP" in message


def test_realistic_json_ratio_is_accepted(tmp_path: Path) -> None:
    path = hz.realistic_zip(tmp_path)
    data = hz.realistic_json()
    info = zipfile.ZipFile(path).infolist()[0]
    assert info.file_size > Limits().ratio_grace_bytes
    assert 6 < info.file_size / info.compress_size < 15  # the fixture really is ~9:1
    archive = read_input(path)
    assert archive.members[0].sha256 == sha(data)
    assert archive.members[0].compressed_size == info.compress_size


def test_member_data_is_not_in_repr(tmp_path: Path) -> None:
    archive = read_input(hz.leading_slash_zip(tmp_path))
    assert "Profile" not in repr(archive)


def test_falsified_size_with_matching_crc_never_yields_more_than_declared(tmp_path: Path) -> None:
    path, data, declared = hz.falsified_size_zip(tmp_path, fix_crc=True)
    archive = read_input(path)
    assert archive.members[0].data == data[:declared]
    assert archive.members[0].size == declared


def test_limits_and_dataclasses_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Limits().max_members = 1  # type: ignore[misc]
    assert not hasattr(Limits(), "__dict__")


# ------------------------------------------------------------------ hostile zips


def test_deflate_bomb_is_rejected(tmp_path: Path) -> None:
    message = rejected(UnsafeInput, hz.deflate_bomb(tmp_path))
    assert "bomb.json" in message and "zip bomb" in message


def test_bomb_spread_over_small_entries_is_rejected(tmp_path: Path) -> None:
    message = rejected(UnsafeInput, hz.many_small_bombs(tmp_path))
    assert "spread_bomb.zip" in message and "zip bomb" in message


def test_bomb_under_the_grace_size_is_fine(tmp_path: Path) -> None:
    archive = read_input(hz.deflate_bomb(tmp_path, size=1024 * 1024))
    assert archive.members[0].sha256 == sha(bytes(1024 * 1024))


def test_too_many_entries_with_a_low_limit(tmp_path: Path) -> None:
    message = rejected(LimitExceeded, hz.many_entries_zip(tmp_path, 51), Limits(max_members=50))
    assert "more than 50 entries" in message
    assert len(read_input(hz.many_entries_zip(tmp_path, 50), Limits(max_members=50)).members) == 50


def test_twenty_thousand_entries_with_default_limits(tmp_path: Path) -> None:
    message = rejected(LimitExceeded, hz.many_entries_zip(tmp_path, 20_000))
    assert "more than 10,000 entries" in message


def test_member_and_total_size_limits(tmp_path: Path) -> None:
    path = hz.export_zip(tmp_path)
    rejected(LimitExceeded, path, Limits(max_member_uncompressed=100))
    rejected(LimitExceeded, path, Limits(max_total_uncompressed=1000))
    rejected(LimitExceeded, path, Limits(max_archive_bytes=100))


def test_falsified_declared_size_is_corrupt(tmp_path: Path) -> None:
    path, _, _ = hz.falsified_size_zip(tmp_path)
    message = rejected(CorruptInput, path)
    assert "user_data.json" in message and "damaged" in message


def test_garbled_deflate_data_is_corrupt(tmp_path: Path) -> None:
    rejected(CorruptInput, hz.corrupt_data_zip(tmp_path))


def test_duplicate_names_are_unsafe(tmp_path: Path) -> None:
    message = rejected(
        UnsafeInput, hz.duplicate_names_zip(tmp_path, "user_data.json", "user_data.json")
    )
    assert "same name" in message


@pytest.mark.parametrize(
    ("first", "second"),
    [("User_Data.json", "user_data.JSON"), ("caf\u00e9.json", "cafe\u0301.json")],
    ids=["case", "unicode-form"],
)
def test_names_equal_after_folding_are_duplicates(tmp_path: Path, first: str, second: str) -> None:
    rejected(UnsafeInput, hz.duplicate_names_zip(tmp_path, first, second))


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "/abs/../x",
        "a\\b.txt",
        "C:/x.txt",
        "bad\x01name.json",
        "//x",
        "/../x",
        "a//b.json",
        "./a.json",
        "a/./b.json",
    ],
)
def test_unsafe_names_are_rejected(tmp_path: Path, name: str) -> None:
    message = rejected(UnsafeInput, hz.named_entry_zip(tmp_path, name))
    assert "named.zip" in message


def test_nul_in_name_is_rejected_even_though_zipfile_hides_it(tmp_path: Path) -> None:
    message = rejected(UnsafeInput, hz.nul_name_zip(tmp_path))
    assert "evil.json\\x00.txt" in message


def test_overly_long_or_deep_names(tmp_path: Path) -> None:
    rejected(LimitExceeded, hz.named_entry_zip(tmp_path, "a" * 256 + ".json"))
    rejected(LimitExceeded, hz.named_entry_zip(tmp_path, "/".join(["d"] * 33) + "/x.json"))
    assert read_input(hz.named_entry_zip(tmp_path, "/".join(["d"] * 32) + "/x.json")).members
    rejected(
        LimitExceeded, hz.named_entry_zip(tmp_path, "a/" * 600 + "x.json"), Limits(max_depth=1000)
    )


def test_symlink_entry_is_unsafe(tmp_path: Path) -> None:
    message = rejected(UnsafeInput, hz.symlink_entry_zip(tmp_path))
    assert "symbolic link (TikTok/link.json)" in message


def test_special_file_entry_is_unsafe(tmp_path: Path) -> None:
    rejected(UnsafeInput, hz.fifo_entry_zip(tmp_path))


def test_encrypted_entry_is_unsafe(tmp_path: Path) -> None:
    message = rejected(UnsafeInput, hz.encrypted_zip(tmp_path))
    assert "password-protected" in message


def test_unsupported_compression_is_unsafe(tmp_path: Path) -> None:
    message = rejected(UnsafeInput, hz.bzip2_zip(tmp_path))
    assert "unsupported compression method (bzip2)" in message


def test_truncated_zip_is_corrupt(tmp_path: Path) -> None:
    message = rejected(CorruptInput, hz.truncated_zip(tmp_path))
    assert message.startswith('The ZIP file "cut.zip" looks incomplete or damaged')
    assert message.endswith("download the export again from TikTok.")


def test_two_records_sharing_a_local_header_are_unsafe(tmp_path: Path) -> None:
    message = rejected(UnsafeInput, hz.same_local_header_zip(tmp_path))
    assert "overlapping entries" in message and "zip bomb" in message


def test_compressed_size_running_into_next_entry_is_unsafe(tmp_path: Path) -> None:
    rejected(UnsafeInput, hz.compressed_size_overrun_zip(tmp_path))


def test_empty_zip_is_not_an_export(tmp_path: Path) -> None:
    rejected(NotAnExport, hz.empty_zip(tmp_path))


# ------------------------------------------------------------------ folders and other paths


def test_folder_with_symlink_is_unsafe(tmp_path: Path) -> None:
    message = rejected(UnsafeInput, hz.folder_with_symlink(tmp_path))
    assert f"{W}/passwords.txt" in message


def test_folder_with_fifo_is_unsafe(tmp_path: Path) -> None:
    rejected(UnsafeInput, hz.folder_with_fifo(tmp_path))


def test_folder_limits(tmp_path: Path) -> None:
    folder = hz.export_folder(tmp_path)
    rejected(LimitExceeded, folder, Limits(max_members=3))
    rejected(LimitExceeded, folder, Limits(max_member_uncompressed=100))
    rejected(LimitExceeded, folder, Limits(max_total_uncompressed=1000))


def test_empty_folder_is_not_an_export(tmp_path: Path) -> None:
    (tmp_path / "nothing" / "sub").mkdir(parents=True)
    rejected(NotAnExport, tmp_path / "nothing")


def test_png_and_pdf_are_not_exports(tmp_path: Path) -> None:
    assert "screenshot.png" in rejected(NotAnExport, hz.png_file(tmp_path))
    rejected(NotAnExport, hz.pdf_file(tmp_path))


def test_missing_path_is_input_not_found(tmp_path: Path) -> None:
    message = rejected(InputNotFound, tmp_path / "nowhere.zip")
    assert (
        message == 'The file or folder "nowhere.zip" does not exist; check the path and try again.'
    )


def test_single_file_over_the_member_limit(tmp_path: Path) -> None:
    path = tmp_path / "user_data_tiktok.json"
    path.write_bytes(b"{}" + b" " * 200)
    message = rejected(LimitExceeded, path, Limits(max_member_uncompressed=100))
    assert "202 bytes" in message


def test_empty_file_is_not_an_export(tmp_path: Path) -> None:
    (tmp_path / "user_data_tiktok.json").write_bytes(b"")
    rejected(NotAnExport, tmp_path / "user_data_tiktok.json")


def test_hostile_newline_in_name_stays_on_one_line(tmp_path: Path) -> None:
    message = rejected(UnsafeInput, hz.named_entry_zip(tmp_path, "x\ny\u2028z.json"))
    assert "(x\\ny\\u2028z.json)" in message


# ------------------------------------------------------------------ property

_SEGMENT = st.text(alphabet="abcXYZ019_- é", min_size=1, max_size=12)
_NAME = st.builds(
    lambda folders, base: "/".join([*folders, base + ".json"]),
    st.lists(_SEGMENT, max_size=3),
    _SEGMENT,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=st.dictionaries(_NAME, st.binary(max_size=2000), min_size=1, max_size=6).filter(
        lambda d: len({n.casefold() for n in d}) == len(d)
    ),
    compression=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]),
)
def test_zip_round_trip_property(
    tmp_path_factory: pytest.TempPathFactory, entries: dict[str, bytes], compression: int
) -> None:
    path = hz.write_zip(tmp_path_factory.mktemp("prop") / "p.zip", entries, compression)
    archive = read_input(path)
    assert [m.name for m in archive.members] == sorted(entries)
    assert {m.name: (m.data, m.sha256) for m in archive.members} == {
        name: (data, sha(data)) for name, data in entries.items()
    }
    assert archive.skipped == ()


@pytest.mark.parametrize(
    "build", [hz.commented_zip, hz.zip64_end_zip], ids=["comment", "zip64-end"]
)
def test_end_record_variants_are_read(tmp_path: Path, build: Callable[[Path], Path]) -> None:
    path = build(tmp_path)
    archive = read_input(path)
    assert as_dict(archive) == hz.export_files()
    assert archive.sha256 == sha(path.read_bytes())


def test_zip64_end_record_entry_count_is_checked(tmp_path: Path) -> None:
    rejected(LimitExceeded, hz.zip64_end_zip(tmp_path), Limits(max_members=1))
