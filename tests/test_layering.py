"""Imports run one way: the CLI sits on top, nothing in the library imports it, ingest knows no parsing."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "dsar_analyzer"


def _imports(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_library_module_imports_the_cli() -> None:
    for module in PACKAGE.rglob("*.py"):
        if module.name in ("cli.py", "__main__.py"):
            continue
        assert "dsar_analyzer.cli" not in _imports(module), module.name


def test_ingest_knows_nothing_of_parsing() -> None:
    allowed = {"dsar_analyzer.errors"}
    own = {name for name in _imports(PACKAGE / "ingest.py") if name.startswith("dsar_analyzer")}
    assert own <= allowed


def test_library_never_prints() -> None:
    for module in PACKAGE.rglob("*.py"):
        if module.name in ("cli.py", "__main__.py"):
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"]
        assert calls == [], module.name
