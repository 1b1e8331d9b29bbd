"""A short, bounded run of each coverage-guided fuzz target (tests/fuzz.py): a few seconds each, failing
on any crash libFuzzer reports (an exception other than InputRejected, a timeout or a memory blow-up)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("target", ["zip", "json", "txt"])
def test_fuzz_target_runs_clean_for_a_few_seconds(target: str, tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="install the test extra: pip install -e '.[test]'")
    done = subprocess.run([sys.executable, "-m", "tests.fuzz", target, "-max_total_time=4", "-timeout=10",
                           "-rss_limit_mb=2048", str(tmp_path / "corpus")], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Done " in done.stderr
