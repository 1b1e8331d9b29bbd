"""``load`` takes a path, bytes or a binary file object, with the same limits, names and hashes for each."""

from __future__ import annotations

import errno
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dsar_analyzer
from dsar_analyzer import (
    InputNotFound,
    InputRejected,
    LimitExceeded,
    Limits,
    NotAnExport,
    load,
)

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
G4 = SAMPLES / "g4-en-sample_child_a.zip"
G4_BYTES = G4.read_bytes()


class Upload:
    """A minimal upload object: only ``read`` (no seek, no fileno), handing out short chunks."""

    def __init__(self, data: bytes, chunk: int = 7000) -> None:
        self._stream = io.BytesIO(data)
        self._chunk = chunk
        self.sizes_asked: list[int] = []

    def read(self, size: int = -1) -> bytes:
        self.sizes_asked.append(size)
        return self._stream.read(self._chunk if size < 0 else min(size, self._chunk))


def _fingerprint(export: dsar_analyzer.Export) -> tuple[Any, ...]:
    return (export.input.sha256, export.input.size, export.input.kind, export.member_hashes,
            export.record_count, export.ledger.totals(), export.generation)


def test_path_bytes_and_file_object_give_identical_hashes_and_records() -> None:
    data = G4.read_bytes()
    by_path = load(G4)
    by_str = load(str(G4))
    by_bytes = load(data)
    by_bytearray = load(bytearray(data))
    by_view = load(memoryview(data))
    by_file = load(io.BytesIO(data))
    upload = Upload(data)
    by_upload = load(upload)
    expected = (hashlib.sha256(data).hexdigest(), len(data), "zip")
    assert (by_path.input.sha256, by_path.input.size, by_path.input.kind) == expected
    for other in (by_str, by_bytes, by_bytearray, by_view, by_file, by_upload):
        assert _fingerprint(other) == _fingerprint(by_path)
        assert other.records("watch_history") == by_path.records("watch_history")
    # The upload was read in bounded chunks, never with an unbounded read().
    assert all(0 < size <= 1024 * 1024 for size in upload.sizes_asked)


def test_in_memory_input_is_named_by_the_name_given() -> None:
    export = load(G4.read_bytes(), name="uploads/child.zip")
    assert export.input.path == "child.zip"
    assert load(G4.read_bytes()).input.path == "upload.zip"


def test_single_json_document_from_bytes() -> None:
    document = b'{"Activity": {"Video Browsing History": {"VideoList": [{"Date": "2021-01-02 03:04:05", "VideoLink": "x"}]}}}'
    export = load(document)
    assert export.input.kind == "file"
    assert export.input.path == "upload.json"
    assert export.member_hashes == {"upload.json": hashlib.sha256(document).hexdigest()}
    assert len(export.records("watch_history")) == 1
    named = load(document, name="user_data.json")
    assert list(named.member_hashes) == ["user_data.json"]
    assert named.sections["watch_history"].source(0).member == "user_data.json"


def test_single_txt_file_from_a_file_object_needs_its_name() -> None:
    text = b"Date: 2023-01-02 03:04:05\nLink: https://www.tiktokv.com/share/video/1/\n"
    export = load(io.BytesIO(text), name="Watch History.txt")
    assert export.format == "txt"
    assert len(export.records("watch_history")) == 1
    with pytest.raises(NotAnExport) as caught:
        load(io.BytesIO(text))
    assert str(caught.value) == (
        "upload does not look like a TikTok export: it holds no user_data_tiktok.json and no TikTok TXT "
        "files; choose the file TikTok sent you.")


def test_binary_bytes_that_are_no_export_are_refused_in_one_sentence() -> None:
    with pytest.raises(NotAnExport) as caught:
        load(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    assert str(caught.value) == (
        'The file "upload" is not a ZIP file or a text/JSON file from a TikTok export; choose the ZIP file '
        "(or the unzipped folder) you downloaded from TikTok.")


@settings(max_examples=25, deadline=None)
@given(chunk=st.integers(min_value=1, max_value=6000))
def test_any_read_size_gives_the_same_export(chunk: int) -> None:
    upload = Upload(G4_BYTES, chunk)
    assert _fingerprint(load(upload)) == _fingerprint(load(G4_BYTES))


def test_in_memory_input_over_the_archive_limit_is_refused_before_reading_it_all() -> None:
    data = G4.read_bytes()
    limits = Limits(max_archive_bytes=len(data) - 1)
    message = f'The file "upload.zip" is {len(data):,} bytes, larger than the {len(data) - 1:,} bytes'
    with pytest.raises(LimitExceeded, match=message):
        load(data, limits)
    with pytest.raises(LimitExceeded) as caught:
        load(Upload(data), limits, name="big.zip")
    assert str(caught.value) == (
        f'The file "big.zip" holds more than the {len(data) - 1:,} bytes this tool accepts; check that you '
        "chose the TikTok export and not a different, larger archive.")
    load(Upload(data), Limits(max_archive_bytes=len(data)))


def test_hostile_in_memory_zip_is_refused_like_a_file(tmp_path: Path) -> None:
    from tests import hostile_zips as hz

    path = hz.named_entry_zip(tmp_path, "../evil.json")
    with pytest.raises(dsar_analyzer.UnsafeInput) as caught:
        load(path.read_bytes(), name="evil.zip")
    assert "evil.zip" in str(caught.value)
    assert "unsafe path (../evil.json)" in str(caught.value)


def test_empty_bytes_are_not_an_export() -> None:
    with pytest.raises(NotAnExport) as caught:
        load(b"", name="empty.zip")
    assert str(caught.value) == 'The file "empty.zip" is empty; download the export again from TikTok.'


def test_text_mode_file_object_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="binary mode"):
        load(io.StringIO("{}"))  # type: ignore[arg-type]


def test_unsupported_input_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="a path, bytes or a binary file object"):
        load(42)  # type: ignore[arg-type]


def test_missing_path_is_input_rejected_and_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound) as caught:
        load(tmp_path / "nowhere.zip")
    error = caught.value
    assert isinstance(error, NotAnExport)
    assert isinstance(error, InputRejected)
    assert isinstance(error, FileNotFoundError)
    assert error.errno == errno.ENOENT
    with pytest.raises(FileNotFoundError):
        load(str(tmp_path / "nowhere.zip"))
