"""Smoke test of a built standalone application: its version, one export read, its page answering.

Used by .github/workflows/app.yml on Linux, Windows and macOS (run with the runner's Python; the
application itself needs none):
    python packaging/smoke_test.py dist/dsar-analyzer/dsar-analyzer sample_exports/g4-en-sample_child_a.zip
Exits 0 when all three work, else prints what failed and exits 1.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def main(program: str, sample: str) -> int:
    version = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=300)
    print(version.stdout.strip())
    if version.returncode != 0 or not version.stdout.startswith("dsar-analyzer, version "):
        print(f"--version failed: {version.stderr}")
        return 1
    inspected = subprocess.run([program, "inspect", sample], capture_output=True, text=True, timeout=300)
    if inspected.returncode != 0 or "Records:" not in inspected.stdout:
        print(f"inspect failed: {inspected.stderr}")
        return 1
    print(inspected.stdout.splitlines()[3])
    page = subprocess.Popen([program, "serve", "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert page.stdout is not None
        url = page.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            print(f"serve printed no address: {url!r}")
            return 1
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:  # this computer only
                    print(f"page answered {response.status}")
                    return 0 if response.status == 200 else 1
            except OSError:
                time.sleep(0.2)
        print("the page did not answer within 120 s")
        return 1
    finally:
        page.terminate()
        page.wait(timeout=60)


if __name__ == "__main__":
    if len(sys.argv) != 3 or not Path(sys.argv[1]).exists():
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
