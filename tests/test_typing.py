"""mypy (strict, configured in pyproject.toml) finds no error in the package, the public API's types or the README example."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_readme_library import readme_python_blocks

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_is_clean(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]' installs it)")
    readme = tmp_path / "readme_library.py"
    readme.write_text(readme_python_blocks()[0], encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "dsar_analyzer",
         str(ROOT / "tests" / "type_checks" / "public_api.py"), str(readme)],
        cwd=ROOT, capture_output=True, text=True)
    assert done.stdout == ""
    assert (done.returncode, done.stderr) == (0, "")
