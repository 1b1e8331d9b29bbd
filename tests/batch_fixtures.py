"""Inputs for the batch tests: a folder mixing good, broken and hostile exports, and case files."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import time
from pathlib import Path

import pandas as pd

from tests import hostile_zips as hz

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
#: Sample -> records, as ``inspect --json`` counts them (checked against the library in the tests).
GOOD = {"g2-en-sample_child_a.zip": 135, "g4-en-sample_child_a.zip": 138, "txt-2025-nl-sample_child_a.zip": 94}
TIMING = ["started_at", "seconds"]


def mixed_folder(root: Path) -> Path:
    """Good ZIPs, an unzipped export, a bare JSON file, a nested folder of inputs, broken and hostile ones."""
    inputs = root / "inputs"
    nested = inputs / "family_b"
    nested.mkdir(parents=True)
    for name in GOOD:
        shutil.copy(SAMPLES / name, inputs / name)
    shutil.copytree(SAMPLES / "g5-en-unzipped", nested / "g5-unzipped")
    shutil.copy(SAMPLES / "g5-en-unzipped" / "user_data_tiktok.json", nested / "bare.json")
    (inputs / "not-a-zip.zip").write_bytes(b"this was never a zip file")
    hz.truncated_zip(inputs)                                   # cut.zip
    hz.deflate_bomb(inputs, size=300 * 1024 * 1024)            # bomb.zip: 300 MB of zeros in 0.3 MB
    hz.named_entry_zip(inputs, "../../escape.json")            # named.zip: path traversal
    (inputs / "README.md").write_text("case notes, not an export\n")
    return inputs


def manifest(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "manifest.csv", dtype=str, keep_default_na=False)


def without_timing(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=TIMING).reset_index(drop=True)


def case_csv(rows: list[list[str]], *, delimiter: str = ",", bom: bool = True, line_end: str = "\r\n") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def dying_task(job):  # type: ignore[no-untyped-def]
    """A worker task that kills its process for inputs named ``*.die`` (as the out-of-memory killer would)."""
    import os

    from dsar_analyzer.batch.work import run_job

    if job.path.endswith(".die"):
        os._exit(137)
    return run_job(job)


#: A bounded wait for a stopped run's processes to end; nothing is asserted about how long they took.
SETTLE_SECONDS = 60


def session_processes(sid: int) -> list[int]:
    """Every live process of session ``sid`` (a batch, its forkserver, workers, resource tracker), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def left_after_settling(sid: int) -> list[int]:
    """The processes of session ``sid`` still there after waiting up to ``SETTLE_SECONDS``; they are killed."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while (left := session_processes(sid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in left:  # never leave them behind on the test machine either
        os.kill(pid, signal.SIGKILL)
    return left
