"""A plain ``pip install`` (a wheel, not an editable install) carries every file the package reads.

The gettext template ``messages.pot`` is for translators only and is left out.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dsar_analyzer"


def test_every_data_file_of_the_package_is_in_its_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["dsar_analyzer"]
    data = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc", ".pot") and "__pycache__" not in p.parts}
    packaged = {p.relative_to(PACKAGE).as_posix() for pattern in patterns for p in PACKAGE.glob(pattern)}
    assert data - packaged == set()
    assert {"serve/static/page.js", "report/templates/report.html.j2"} <= packaged
