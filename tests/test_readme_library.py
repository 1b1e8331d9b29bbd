"""The README's library example runs as written against a bundled sample."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def readme_python_blocks() -> list[str]:
    """Every ```python block of the README, in order."""
    return re.findall(r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S | re.M)


def test_readme_has_the_library_example() -> None:
    blocks = readme_python_blocks()
    assert len(blocks) == 1
    assert "dsar_analyzer.render_report(" in blocks[0]


def test_readme_library_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {"__name__": "readme"}
    exec(compile(readme_python_blocks()[0], "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert capsys.readouterr().out == "<Export G4 json en: 138 records in 22 sections, sha256 78639bb6…>\n"
    assert len(namespace["watch"]) == 40
    assert namespace["first_view"] == datetime(2021, 6, 21, 21, 18, 20, tzinfo=timezone.utc)
    assert str(namespace["where"]) == "TikTok_Data_1735588272/user_data_tiktok.json#/Your Activity/Watch History/VideoList/0"
    assert namespace["totals"].records == 138
    assert namespace["hashes"][0] == "78639bb6442cd8282d404e701239de9f6b83303d34cd106f810771ed7fa5f93d"
    assert namespace["under_13"] == 110
    assert len(namespace["frame"]) == 40
    assert len(namespace["every_record"]) == 138
    html = namespace["html"]
    assert html.startswith("<!DOCTYPE html>")
    assert namespace["report"].sha256 == hashlib.sha256(html.encode("utf-8")).hexdigest()
