"""The browser tests' rule: without Chromium or playwright they skip with a visible reason, unless the
environment variable CI is set, when they fail (tests/test_browser.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("missing", "ci", "code", "outcome", "reason"), [
    ("chromium", None, 0, "1 skipped",
     "browser tests need Chromium at /nonexistent/chromium (apt-get install chromium)"),
    ("chromium", "true", 1, "1 error", "browser tests need Chromium at /nonexistent/chromium (apt-get install "
                                       "chromium); CI is set, so they must run"),
    ("playwright", "1", 1, "1 error", "browser tests need playwright (pip install -e '.[test]'); CI is set, "
                                      "so they must run"),
])
def test_missing_browser_skips_with_its_reason_or_fails_under_ci(
        tmp_path: Path, missing: str, ci: str | None, code: int, outcome: str, reason: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTHONPATH", "DSAR_ANALYZER_CHROMIUM"}}
    if missing == "chromium":
        env["DSAR_ANALYZER_CHROMIUM"] = "/nonexistent/chromium"
    else:
        # A ``playwright`` package that cannot be imported stands first on the path.
        fake = tmp_path / "fake" / "playwright"
        fake.mkdir(parents=True)
        (fake / "__init__.py").write_text("raise ImportError('playwright hidden by the test')\n")
        env["PYTHONPATH"] = str(tmp_path / "fake")
    if ci is not None:
        env["CI"] = ci
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_browser.py", "-k", "print_stylesheet", "-p", "no:xdist",
         "-p", "no:cacheprovider", "-rs"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == code, result.stdout[-3000:]
    summary = result.stdout.rstrip().splitlines()[-1]
    counts = {part for part in summary.rsplit(" in ", 1)[0].split(", ") if "deselected" not in part}
    assert counts == {outcome}, summary
    shown = "SKIPPED [1] tests/test_browser.py" if code == 0 else "ERROR at setup of test_print_stylesheet"
    assert shown in result.stdout
    assert reason in result.stdout
