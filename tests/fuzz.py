"""Coverage-guided fuzz targets (atheris, libFuzzer) for the ZIP reader and the JSON and TXT parsers.

Run one target until stopped, or for a time::

    .venv/bin/python -m tests.fuzz zip -max_total_time=600
    .venv/bin/python -m tests.fuzz json -max_total_time=600
    .venv/bin/python -m tests.fuzz txt -max_total_time=600

Arguments after the target name go to libFuzzer (``-runs=N``, ``-max_len=N``, a corpus folder,
else a new temporary one). Seeds, written into the corpus folder, are the bundled sample exports. A target fails on any exception other than
``InputRejected``; libFuzzer also stops on a run over ``-timeout`` seconds or past ``-rss_limit_mb``
(defaults set below: 10 s and 2048 MB). tests/test_fuzz.py runs each target for a few seconds.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["dsar_analyzer"]):
    from dsar_analyzer.errors import InputRejected
    from dsar_analyzer.read.archive import Limits
    from dsar_analyzer.read.collect import Collector
    from dsar_analyzer.read.json_doc import decode_document
    from dsar_analyzer.read.parse_json import JsonDocumentParser
    from dsar_analyzer.read.parse_txt import TxtMemberParser
    from dsar_analyzer.read.loader import parse_archive
    from dsar_analyzer.read.txt_table import lookup
    from dsar_analyzer.read.zip_safety import read_zip

#: Small limits keep every run fast; the limits themselves are what the ZIP target exercises.
LIMITS = Limits(max_members=64, max_total_uncompressed=8 * 1024**2, max_member_uncompressed=4 * 1024**2,
                ratio_grace_bytes=64 * 1024)
TXT_NAMES = ("Watch History.txt", "Direct Messages.txt", "Profile Info.txt", "Settings.txt", "Login History.txt",
             "Searches.txt", "Kijkgeschiedenis.txt")
SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"


def zip_target(data: bytes) -> None:
    try:
        archive = read_zip(io.BytesIO(data), "fuzz.zip", "fuzz.zip", len(data), LIMITS)
        parse_archive(archive)
    except InputRejected:
        pass


def json_target(data: bytes) -> None:
    out = Collector()
    try:
        document = decode_document("user_data_tiktok.json", data, out)
    except InputRejected:
        return
    if isinstance(document, dict):
        JsonDocumentParser("user_data_tiktok.json", out).parse(document)
    out.ledger([])


def txt_target(data: bytes) -> None:
    if not data:
        return
    name = TXT_NAMES[data[0] % len(TXT_NAMES)]
    spec = lookup(name)
    assert spec is not None, name
    out = Collector()
    TxtMemberParser(name, spec, out).parse(data[1:])
    out.ledger([])


TARGETS = {"zip": zip_target, "json": json_target, "txt": txt_target}


def seeds(target: str) -> list[bytes]:
    """Inputs to start from: the sample archives, or the JSON and TXT members inside them."""
    import zipfile

    found: list[bytes] = []
    for path in sorted(SAMPLES.glob("*.zip")):
        raw = path.read_bytes()
        if target == "zip":
            found.append(raw)
            continue
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                member = archive.read(name)
                if target == "json" and name.endswith(".json"):
                    found.append(member[:20_000])
                elif target == "txt" and name.endswith(".txt") and member:
                    found.append(bytes([TXT_NAMES.index("Watch History.txt")]) + member[:5_000])
    return found


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        raise SystemExit(f"usage: python -m tests.fuzz {{{','.join(TARGETS)}}} [libFuzzer options]")
    target = argv[1]
    options = list(argv[2:])
    folders = [a for a in options if not a.startswith("-")]
    if not folders:  # libFuzzer keeps the inputs it finds in the first corpus folder
        folders = [tempfile.mkdtemp(prefix=f"dsar-fuzz-{target}-")]
        options.append(folders[0])
    Path(folders[0]).mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(seeds(target)):
        Path(folders[0], f"seed-{i}").write_bytes(seed)
    defaults = {"-timeout": "10", "-rss_limit_mb": "2048", "-max_len": "262144"}
    for flag, value in defaults.items():
        if not any(a.startswith(flag + "=") for a in options):
            options.append(f"{flag}={value}")
    atheris.Setup([argv[0], *options], TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main(sys.argv)
