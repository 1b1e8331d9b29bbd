"""The pipeline's stages import one way, as each stage's docstring says; the library never prints."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dsar_analyzer"

#: The pipeline, first stage first. A stage may import only the stages before it (and ``errors``);
#: ``samples`` builds synthetic exports from the record models alone.
STAGES = ("records", "read", "analysis", "report", "run", "batch", "serve")
#: The stages that write files, and so may use the one writer (``dsar_analyzer/write.py``).
WRITING = ("report", "run", "batch", "serve")
ALLOWED = ({stage: {"errors", *STAGES[:i]} | ({"write"} if stage in WRITING else set())
            for i, stage in enumerate(STAGES)} | {"samples": {"errors", "records"}})
#: Modules that open the user's input and must stay ignorant of TikTok's format.
INGEST = ("ingest.py", "archive.py", "zip_safety.py")


def _imports(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "dsar_analyzer":
                names.update(f"dsar_analyzer.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _stages_imported(module: Path, own: str) -> set[str]:
    stages = set()
    for name in _imports(module):
        parts = name.split(".")
        # ``from dsar_analyzer import __version__`` is package metadata, not a stage.
        if parts[0] == "dsar_analyzer" and len(parts) > 1 and parts[1] != own and not parts[1].startswith("__"):
            stages.add(parts[1])
    return stages


def test_every_subpackage_is_a_named_stage() -> None:
    found = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} - {"cli"}
    assert found <= set(ALLOWED), found - set(ALLOWED)
    assert {"records", "read", "analysis", "report", "samples"} <= found


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_stage_imports_only_earlier_stages(stage: str) -> None:
    folder = PACKAGE / stage
    if not folder.exists():
        pytest.skip(f"stage {stage} has no modules yet")
    for module in folder.rglob("*.py"):
        imported = _stages_imported(module, stage)
        assert imported <= ALLOWED[stage], f"{module.relative_to(PACKAGE)} imports {sorted(imported - ALLOWED[stage])}"


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_stage_docstring_says_what_it_may_import(stage: str) -> None:
    init = PACKAGE / stage / "__init__.py"
    if not init.exists():
        pytest.skip(f"stage {stage} has no modules yet")
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    said = re.search(r"^May import: (.*)\.$", doc, re.M)
    assert said, f"{stage}/__init__.py does not say what it may import"
    assert {word.strip() for word in said.group(1).split(",")} == ALLOWED[stage]


def test_the_writer_imports_only_errors() -> None:
    """The one writer sits below every writing stage: it may know nothing of them."""
    own = {n for n in _imports(PACKAGE / "write.py") if n.startswith("dsar_analyzer")}
    assert own == {"dsar_analyzer.errors"}


def test_no_command_module_imports_another() -> None:
    """Commands share options through ``cli/options.py`` and ``cli/common.py``, never each other's helpers."""
    shared = {"dsar_analyzer.cli", "dsar_analyzer.cli.options", "dsar_analyzer.cli.common"}
    for module in (PACKAGE / "cli").glob("*.py"):
        if module.name == "__init__.py":
            continue
        others = {n for n in _imports(module) if n.startswith("dsar_analyzer.cli")} - shared
        assert others == set(), f"cli/{module.name} imports {sorted(others)}"


def test_ingest_knows_nothing_of_parsing() -> None:
    for name in INGEST:
        own = {n for n in _imports(PACKAGE / "read" / name) if n.startswith("dsar_analyzer")}
        assert own <= {"dsar_analyzer.errors", *(f"dsar_analyzer.read.{m[:-3]}" for m in INGEST)}, name


def _library_modules() -> list[Path]:
    """Every module but the command line (``cli/`` and ``__main__``), which alone may print."""
    return [m for m in PACKAGE.rglob("*.py") if "cli" not in m.relative_to(PACKAGE).parts and m.name != "__main__.py"]


def test_no_library_module_imports_the_cli() -> None:
    for module in _library_modules():
        assert not any(n.startswith("dsar_analyzer.cli") for n in _imports(module)), module.name


def test_library_never_prints() -> None:
    for module in _library_modules():
        tree = ast.parse(module.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"]
        assert calls == [], module.name
