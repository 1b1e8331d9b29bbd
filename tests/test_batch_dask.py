"""The batch on Dask: a LocalCluster, and a scheduler and a worker started as separate processes.

Both must give the manifest local workers give, apart from the timing columns. Every process is
bound to 127.0.0.1, bounded by timeouts, and torn down by its process group.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.batch_fixtures import SAMPLES, manifest, without_timing

pytest.importorskip("distributed")

PINNED = ["--generated-at", "2026-01-01T00:00:00"]
BIN = Path(sys.executable).parent
TIMEOUT = 240


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dask") / "in"
    folder.mkdir()
    for name in ("g4-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip", "g3-en-sample_child_b.zip"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    return folder


def _batch(inputs: Path, out: Path, *extra: str) -> int:
    command = [sys.executable, "-m", "dsar_analyzer", "batch", str(inputs), "--out", str(out), *PINNED, *extra]
    return subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False).returncode


@pytest.fixture(scope="module")
def local_manifest(inputs: Path) -> object:
    out = inputs.parent / "local"
    assert _batch(inputs, out, "--workers", "2") == 3
    return without_timing(manifest(out))


def test_local_cluster_gives_the_same_manifest(inputs: Path, local_manifest: object) -> None:
    out = inputs.parent / "localcluster"
    assert _batch(inputs, out, "--scheduler", "local", "--workers", "2") == 3
    table = without_timing(manifest(out))
    assert list(table.status) == ["rejected", "ok", "ok", "ok"]
    assert table.equals(local_manifest)
    for name in [*table.report[table.status == "ok"], "summary.json"]:
        assert (out / name).read_bytes() == (inputs.parent / "local" / name).read_bytes()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(*command: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, cwd=Path(__file__).resolve().parents[1])


@pytest.fixture()
def cluster() -> Iterator[str]:
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes = [_start(str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                        "--no-dashboard", "--no-show")]
    processes.append(_start(str(BIN / "dask"), "worker", address, "--host", "127.0.0.1", "--nworkers", "2",
                            "--nthreads", "1", "--no-dashboard", "--death-timeout", "60"))
    try:
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=20)


def test_separate_scheduler_and_workers_give_the_same_manifest(inputs: Path, local_manifest: object,
                                                               cluster: str) -> None:
    out = inputs.parent / "cluster"
    assert _batch(inputs, out, "--scheduler", cluster) == 3
    assert without_timing(manifest(out)).equals(local_manifest)
    # Resumable on the cluster too: everything done is skipped, the broken one is tried again.
    assert _batch(inputs, out, "--scheduler", cluster) == 3
    assert list(manifest(out).status) == ["rejected", "skipped", "skipped", "skipped"]


def test_unreachable_scheduler_is_one_line_and_exit_2(inputs: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "dsar_analyzer", "batch", str(inputs), "--out", str(tmp_path / "out"),
               "--scheduler", f"tcp://127.0.0.1:{_free_port()}"]
    env = dict(os.environ, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s")
    result = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False, env=env, text=True)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("dsar-analyzer: the Dask scheduler at tcp://127.0.0.1:")
