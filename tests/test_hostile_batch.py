"""Hostile runs of ``batch``: forged done-files, planted links in the output folder, signals, ``kill -9``,
and schedulers that are not one. Each case is a fault an attack on the run level once found."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from dsar_analyzer.cli import cli
from tests.batch_fixtures import SAMPLES, left_after_settling, manifest, session_processes

PINNED = ["--generated-at", "2026-01-01T00:00:00"]
G4 = "g4-en-sample_child_a.zip"
#: The sample's true figure (its profile's birth date, 2009-09-14): 110 records from before 13.
G4_UNDER_13 = "110"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)
    return result.exit_code, result.stderr


def _one_export(tmp_path: Path) -> tuple[Path, Path]:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLES / G4, inputs / G4)
    return inputs, tmp_path / "out"


def _done_file(out: Path) -> Path:
    (done,) = (out / ".dsar-batch").glob("*.json")
    return done


def _edit_done_file(out: Path, **changes: object) -> None:
    """Change values in the done-file wherever its row keeps them (flat, or under ``row``)."""
    path = _done_file(out)
    document = orjson.loads(path.read_bytes())
    row = document.get("row", document)
    row.update(changes)
    path.write_bytes(orjson.dumps(document))


def test_a_done_file_edited_by_hand_is_not_trusted(tmp_path: Path) -> None:
    inputs, out = _one_export(tmp_path)
    assert _run(str(inputs), "--out", str(out), *PINNED)[0] == 0
    assert manifest(out).under_13.tolist() == [G4_UNDER_13]
    _edit_done_file(out, under_13=0)
    code, _ = _run(str(inputs), "--out", str(out), *PINNED)
    table = manifest(out)
    assert code == 0
    assert (table.status.tolist(), table.under_13.tolist()) == (["ok"], [G4_UNDER_13])
    assert orjson.loads((out / "summary.json").read_bytes())["age_bands"]["under_13"] == int(G4_UNDER_13)


def test_a_forged_done_file_never_points_the_report_outside_out(tmp_path: Path) -> None:
    inputs, out = _one_export(tmp_path)
    assert _run(str(inputs), "--out", str(out), *PINNED)[0] == 0
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"<p>not the child's report</p>")
    _edit_done_file(out, report="../outside.html", report_sha256=hashlib.sha256(outside.read_bytes()).hexdigest())
    code, _ = _run(str(inputs), "--out", str(out), *PINNED)
    (row,) = manifest(out).to_dict("records")
    assert code == 0
    assert (row["status"], row["report"]) == ("ok", f"{row['sha256'][:12]}.html")
    assert hashlib.sha256((out / row["report"]).read_bytes()).hexdigest() == row["report_sha256"]


def test_a_planted_state_folder_link_sends_nothing_outside_out(tmp_path: Path) -> None:
    inputs, out = _one_export(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / ".dsar-batch").symlink_to(elsewhere)
    code, err = _run(str(inputs), "--out", str(out), *PINNED)
    assert (code, err) == (2, f"dsar-analyzer: {out / '.dsar-batch'} is not a folder; remove it and run again.\n")
    assert list(elsewhere.iterdir()) == []


def test_a_link_at_the_lock_creates_no_file_at_its_target(tmp_path: Path) -> None:
    inputs, out = _one_export(tmp_path)
    (out / ".dsar-batch").mkdir(parents=True)
    target = tmp_path / "planted-target"
    (out / ".dsar-batch" / "lock").symlink_to(target)
    code, err = _run(str(inputs), "--out", str(out), *PINNED)
    assert (code, err) == (2, f"dsar-analyzer: {out / '.dsar-batch' / 'lock'} is a link; the batch never writes "
                              "through links. Remove it, or choose another --out.\n")
    assert not os.path.lexists(target) and not (out / "manifest.csv").exists()


def _copies(folder: Path) -> int:
    folder.mkdir()
    names = sorted(p.name for p in SAMPLES.glob("*.zip"))
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    return len(names)


def _start(inputs: Path, out: Path, done: int, *extra: str) -> subprocess.Popen[bytes]:
    """A one-worker batch in a session of its own; returns once ``done`` exports are finished."""
    command = [sys.executable, "-m", "dsar_analyzer", "batch", str(inputs), "--out", str(out), "--workers", "1",
               *PINNED, *extra]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if len(list((out / ".dsar-batch").glob("*.json"))) >= done:
            break
        time.sleep(0.05)
    return process


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_like_ctrl_c_and_leave_no_process(tmp_path: Path, stop: signal.Signals) -> None:
    total = _copies(tmp_path / "in")
    out = tmp_path / "out"
    process = _start(tmp_path / "in", out, 2)
    os.kill(process.pid, stop)  # the batch process alone, as `kill` or a scheduler would
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert left_after_settling(process.pid) == []
    table = manifest(out)
    done = len(list((out / ".dsar-batch").glob("*.json")))
    assert len(table) == total and (table.status == "ok").sum() == done >= 2
    assert set(table.status) == {"ok", "not_started"}
    not_started = table[table.status == "not_started"]
    assert set(not_started.reason) == {"interrupted"} and len(not_started) == total - done
    assert set(not_started.message) == {"not started: the run was stopped first; run the same command again "
                                        "to finish"}
    assert b"Interrupted" in err
    code, _ = _run(str(tmp_path / "in"), "--out", str(out), *PINNED)
    after = manifest(out)
    assert code == 0
    assert ((after.status == "skipped").sum(), (after.status == "ok").sum()) == (done, total - done)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_kill_9_of_the_batch_leaves_no_worker_forkserver_or_tracker(tmp_path: Path) -> None:
    _copies(tmp_path / "in")
    process = _start(tmp_path / "in", tmp_path / "out", 1, "--workers", "2")
    assert len(session_processes(process.pid)) >= 3  # the batch, the forkserver and its workers were running
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert left_after_settling(process.pid) == []


def test_a_scheduler_that_is_not_an_address_is_refused_at_once(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    code, err = _run(str(SAMPLES / G4), "--out", str(tmp_path / "out"), "--scheduler", "not a url")
    assert (code, err) == (2, "dsar-analyzer: --scheduler 'not a url' is not a Dask scheduler address; give "
                              "tcp://HOST:PORT (e.g. tcp://10.0.0.1:8786) or 'local'.\n")
    assert not (tmp_path / "out" / "manifest.csv").exists()


def test_a_scheduler_that_does_not_answer_is_refused_in_one_line(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, err = _run(str(SAMPLES / G4), "--out", str(tmp_path / "out"), "--scheduler", f"tcp://127.0.0.1:{port}")
    assert (code, err) == (2, f"dsar-analyzer: the Dask scheduler at tcp://127.0.0.1:{port} could not be reached "
                              "(Connection refused); check the address and that the scheduler is running.\n")
