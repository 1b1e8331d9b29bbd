"""The forge's workflows (standalone application on three systems, release to PyPI) pass actionlint.

They cannot run here; actionlint (from the test extra) checks their syntax, expressions, action
inputs and runner labels, and with shellcheck installed (``.ci/run`` installs Debian's) every
``run:`` script too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_browser import in_ci

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> str:
    """The actionlint the test extra installed beside this interpreter (its folder need not be on PATH)."""
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert found is not None, "actionlint comes with the test extra: pip install -e '.[test]'"
    return found


def test_the_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["app.yml", "release.yml"]


def test_workflows_pass_actionlint_and_shellcheck() -> None:
    actionlint = _actionlint()
    if shutil.which("shellcheck") is None:
        if in_ci():
            pytest.fail("shellcheck is missing; CI installs it in .ci/run", pytrace=False)
        pytest.skip("shellcheck is missing (apt-get install shellcheck): run scripts are not checked")
    linted = subprocess.run([actionlint, "-no-color", "-oneline", *map(str, WORKFLOWS)], capture_output=True,
                            text=True, timeout=120)
    assert (linted.returncode, linted.stdout, linted.stderr) == (0, "", "")


def test_actionlint_finds_a_planted_mistake(tmp_path: Path) -> None:
    """The check above can fail: an unknown runner label and a bad expression are reported."""
    actionlint = _actionlint()
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-9000\n    steps:\n"
                      "      - run: echo ${{ matrix.nothing }\n")
    linted = subprocess.run([actionlint, "-no-color", "-oneline", "-shellcheck=", str(broken)], capture_output=True,
                            text=True, timeout=120)
    assert linted.returncode == 1
    assert len(linted.stdout.splitlines()) >= 2
