"""What a process imports for the work it does: a command only its own module, a batch worker no pandas."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dsar_analyzer.cli import COMMANDS, cli

SAMPLE = Path(__file__).resolve().parents[1] / "sample_exports" / "g4-en-sample_child_a.zip"


def _modules_after(script: str, cwd: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd, check=True)
    return done.stderr.splitlines()[-1].split(",")


def test_the_commands_are_listed_without_importing_their_modules() -> None:
    script = ("import sys\nfrom dsar_analyzer.cli import cli\nnames = sorted(cli.commands)\n"
              "print(','.join(names + sorted(m for m in sys.modules if m.startswith('dsar_analyzer.cli.'))), "
              "file=sys.stderr)\n")
    assert _modules_after(script, Path.cwd()) == [*sorted(COMMANDS), "dsar_analyzer.cli.common"]
    assert sorted(cli.commands) == sorted(COMMANDS)
    assert [cli.commands[name].name for name in COMMANDS] == list(COMMANDS)


def test_every_command_module_is_listed_so_that_its_command_is_found() -> None:
    import pkgutil

    import dsar_analyzer.cli

    helpers = {"common", "options", "standalone"}  # shared by the commands, or the application's entry point
    modules = {m.name for m in pkgutil.iter_modules(dsar_analyzer.cli.__path__)}
    assert sorted(modules - helpers) == sorted(COMMANDS)


def test_inspect_imports_its_own_command_no_babel_and_of_the_report_only_what_a_run_settles(tmp_path: Path) -> None:
    script = (
        "import sys\nfrom dsar_analyzer.cli import cli\n"
        f"cli.main(['inspect', {str(SAMPLE)!r}, '--json'], standalone_mode=False)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('dsar_analyzer.cli.', 'dsar_analyzer.report', "
        "'babel', 'jinja2', 'markupsafe')))), file=sys.stderr)\n"
    )
    assert _modules_after(script, tmp_path) == [
        "dsar_analyzer.cli.common", "dsar_analyzer.cli.inspect", "dsar_analyzer.cli.options",
        "dsar_analyzer.report", "dsar_analyzer.report.i18n", "dsar_analyzer.report.mode",
        "dsar_analyzer.report.names", "dsar_analyzer.report.time_stamp"]


def test_a_batch_worker_runs_an_export_without_pandas_or_arrow(tmp_path: Path) -> None:
    # What a local worker has: the modules the fork server preloads, then one job with its report.
    script = (
        "import sys\nfrom datetime import datetime, timezone\n"
        "import dsar_analyzer.batch.fork_server\n"
        "from dsar_analyzer.batch.work import QueuedExport, run_job\n"
        "from dsar_analyzer.run.spec import RunSpec\n"
        f"spec = RunSpec.settle({str(SAMPLE)!r}, generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc), "
        f"out={str(tmp_path)!r})\n"
        f"row = run_job(QueuedExport(path={str(SAMPLE)!r}, spec=spec))\n"
        "print(','.join([row['status']] + sorted({'pandas', 'pyarrow'} & set(sys.modules))), file=sys.stderr)\n"
    )
    assert _modules_after(script, tmp_path) == ["ok"]
    assert len(list(tmp_path.glob("*.html"))) == 1


def _setting_at_exit(environ: dict[str, str]) -> tuple[str, str]:
    script = ("import atexit, os, sys\n"
              "from dsar_analyzer.cli import main\n"
              "before = str('numpy' in sys.modules)\n"
              "atexit.register(lambda: print(before, os.environ.get('OPENBLAS_NUM_THREADS'), file=sys.stderr))\n"
              "sys.argv = ['dsar-analyzer', '--version']\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environ, check=True)
    imported, threads = done.stderr.split()
    return imported, threads


def test_the_command_line_runs_numpy_on_one_blas_thread_unless_told_otherwise() -> None:
    import os

    environ = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    # numpy is not imported before main() sets it, so the setting reaches numpy's start.
    assert _setting_at_exit(environ) == ("False", "1")
    assert _setting_at_exit(environ | {"OPENBLAS_NUM_THREADS": "4"}) == ("False", "4")




def test_the_command_line_freezes_what_its_start_made_for_the_garbage_collector() -> None:
    script = ("import atexit, gc, sys\n"
              "from dsar_analyzer.cli import main\n"
              "before = gc.get_freeze_count()\n"
              "atexit.register(lambda: print(before, gc.get_freeze_count() > 1000, file=sys.stderr))\n"
              "sys.argv = ['dsar-analyzer', '--version']\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stderr.split() == ["0", "True"]
