"""Take the README's screenshots of the local page in Dutch: ``.venv/bin/python docs/make_screenshots.py``.

Starts ``dsar-analyzer serve --no-browser``, drives headless Chromium through the page with the
bundled Dutch sample and a damaged download, and writes small palette PNGs next to this file.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
SAMPLES = DOCS.parent / "sample_exports"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
VIEWPORT = {"width": 1000, "height": 760}


def save(png: bytes, name: str) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64)
    image.save(DOCS / name, optimize=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        broken = Path(folder) / "TikTok_Data_1735588272.zip"
        whole = (SAMPLES / "g4-en-sample_child_a.zip").read_bytes()
        broken.write_bytes(whole[: len(whole) // 2])
        server = subprocess.Popen([sys.executable, "-m", "dsar_analyzer", "serve", "--no-browser"],
                                  stdout=subprocess.PIPE, text=True,
                                  env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
        try:
            url = server.stdout.readline().strip()  # type: ignore[union-attr]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--lang=nl-NL"])
                page = browser.new_page(viewport=VIEWPORT, locale="nl-NL")
                page.goto(url, wait_until="load")
                save(page.screenshot(), "serve-nl-start.png")
                page.set_input_files("#files", str(SAMPLES / "g4-en-sample_child_a.zip"))
                page.frame_locator("#report").locator("#summary li").first.wait_for(timeout=120_000)
                page.evaluate("document.querySelector('#exports').scrollIntoView()")
                save(page.screenshot(), "serve-nl-report.png")
                letters = page.locator("#letters")
                letters.locator("article[data-kind=erasure]").wait_for(timeout=120_000)
                letters.scroll_into_view_if_needed()
                save(letters.screenshot(), "serve-nl-letters.png")
                page.set_input_files("#files", str(broken))
                failed = page.locator("li.export[data-state=failed]")
                failed.wait_for(timeout=120_000)
                failed.scroll_into_view_if_needed()
                save(failed.screenshot(), "serve-nl-refused.png")
                page.click("#stop")
                browser.close()
        finally:
            server.wait(timeout=120)


if __name__ == "__main__":
    main()
