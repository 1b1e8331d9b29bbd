"""The local page end to end: ``serve`` in a subprocess that records every outgoing connection, headless
Chromium choosing a sample export, the report's summary, refusals in a parent's words, and the stop button."""

from __future__ import annotations

import http.server
import os
from datetime import date
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from dsar_analyzer import load
from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse
from dsar_analyzer.report.i18n import Formatter, warning_text
from dsar_analyzer.report.letter import LETTER_KINDS, erasure_warning, letter_for, letter_summary
from dsar_analyzer.report.sentences import summary_sentences
from dsar_analyzer.serve.texts import texts

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
#: An audit hook that writes down every attempt of the process to reach any machine, itself included.
HOOK = """
import sys
record = open(sys.argv.pop(1), "a", buffering=1)
def hook(event, args):
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
                 "socket.gethostbyname", "socket.gethostbyaddr", "urllib.Request", "http.client.connect"):
        record.write(f"{event} {args[1:]!r}\\n")
sys.addaudithook(hook)
"""
#: The command line under that hook.
AUDITED = HOOK + """
from dsar_analyzer.cli import main
sys.argv[0] = "dsar-analyzer"
main()
"""

# The same Chromium, switches and skip/fail rule as the report's browser tests.
from tests.test_browser import browser  # noqa: E402,F401


class Served:
    def __init__(self, folder: Path) -> None:
        self.audit = folder / "connections.log"
        self.audit.write_text("")
        self.temp = folder / "tmp"
        self.temp.mkdir()
        env = {**os.environ, "TMPDIR": str(self.temp), "SOURCE_DATE_EPOCH": "1767225600"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", AUDITED, str(self.audit), "serve", "--no-browser", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        parts = urllib.parse.urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"

    def wait(self) -> tuple[int, str]:
        """The exit code and stderr once the page's stop button has ended the process."""
        _, err = self.process.communicate(timeout=120)
        return self.process.returncode, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = Served(tmp_path)
    yield server
    server.kill()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 - the test's own loopback server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _open(browser, served: Served, locale: str):
    context = browser.new_context(locale=locale, accept_downloads=True)
    outside: list[str] = []
    inside: list[str] = []

    def route(route, request) -> None:
        # Every request the page makes passes here: the page's own origin goes on, anything else is cut.
        if request.url.startswith(served.origin + "/"):
            inside.append(request.url)
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.goto(served.url, wait_until="load")
    return context, page, outside, inside, console


def test_parent_drops_an_export_and_reads_the_report_in_dutch(browser, served: Served, tmp_path: Path) -> None:
    assert served.url.startswith("http://127.0.0.1:") and served.url.count("/") == 4
    token = served.url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) == 43
    # Without the token (or with a wrong one) nothing is served.
    assert _status(served.origin + "/") == 403
    assert _status(served.origin + "/" + "A" * 43 + "/") == 403
    assert _status(served.origin + "/static/page.js") == 403
    assert _status(served.url) == 200

    context, page, outside, inside, console = _open(browser, served, "nl-NL")
    nl = texts("nl")
    assert page.locator("h1").text_content() == nl["title"]

    page.set_input_files("#files", str(SAMPLES / "txt-2025-nl-sample_child_a.zip"))
    summary = page.frame_locator("#report").locator("#summary li")
    summary.first.wait_for(timeout=120_000)
    export = load(SAMPLES / "txt-2025-nl-sample_child_a.zip")
    expected = summary_sentences(export, analyse(export, AnalysisOptions()), Formatter("nl"))
    assert summary.all_text_contents() == expected
    card = page.locator("li.export")
    assert card.get_attribute("data-state") == "done"
    assert card.locator("progress").evaluate("p => p.value") == 100
    assert card.locator(".state").text_content() == nl["state_done"]
    birth = card.locator("input.birth")
    declared = analyse(export).age.birth_date
    assert birth.input_value() == (declared.value.isoformat() if declared.value else "")

    # The real birth date renders the report again, in the frame.
    birth.fill("2012-05-01")
    birth.dispatch_event("change")
    given = "text=1 mei 2012 (de echte geboortedatum, opgegeven bij het maken van dit rapport)"
    page.frame_locator("#report").locator(given).wait_for(timeout=120_000)

    # A broken download: the parent's sentence and the diagnostic to save.
    whole = (SAMPLES / "g4-en-sample_child_a.zip").read_bytes()
    broken = tmp_path / "TikTok_Data_2.zip"
    broken.write_bytes(whole[: len(whole) // 2])
    page.set_input_files("#files", str(broken))
    failed = page.locator("li.export[data-state=failed]")
    failed.wait_for(timeout=120_000)
    assert failed.locator(".parent-error").text_content() == nl["err_CorruptInput"]
    with page.expect_download() as waiting:
        failed.locator("a.diagnostic").click()
    diagnostic = orjson.loads(Path(waiting.value.path()).read_bytes())
    assert (diagnostic["refused"], diagnostic["input"]["size"]) == ("CorruptInput", len(whole) // 2)

    # Not an export at all.
    other = tmp_path / "boodschappen.txt"
    other.write_text("melk\nbrood\n", encoding="utf-8")
    page.set_input_files("#files", str(other))
    page.locator("li.export[data-state=failed]").nth(1).wait_for(timeout=120_000)
    assert page.locator("li.export[data-state=failed] .parent-error").nth(1).text_content() == nl["err_NotAnExport"]

    # Save as HTML gives the report shown.
    with page.expect_download() as waiting:
        page.click("#save-html")
    saved = Path(waiting.value.path()).read_text(encoding="utf-8")
    assert (waiting.value.suggested_filename, '<html lang="nl">' in saved) == (
        "txt-2025-nl-sample_child_a-redacted.html", True)

    page.click("#stop")
    page.locator("main p.intro").filter(has_text=nl["stopped"]).wait_for()
    returncode, err = served.wait()
    context.close()
    assert returncode == 0, err
    assert err.splitlines()[-1] == "dsar-analyzer: stopped."
    assert outside == []
    assert inside and all(url.startswith(served.url) for url in inside)
    assert console == []
    # The process tried to reach nothing, and left nothing in its temporary folder.
    assert served.audit.read_text() == ""
    assert list(served.temp.iterdir()) == []


def test_english_page_switches_to_dutch_and_keeps_the_exports(browser, served: Served) -> None:
    context, page, outside, _, console = _open(browser, served, "en-GB")
    assert page.locator("h1").text_content() == texts("en")["title"]
    page.set_input_files("#files", [str(SAMPLES / "g4-en-sample_child_a.zip"), str(SAMPLES / "g3-en-sample_child_b.zip")])
    page.locator("li.export[data-state=done]").nth(1).wait_for(timeout=120_000)
    assert page.frame_locator("#report").locator("html").get_attribute("lang") == "en"
    page.click("#family")
    family = page.frame_locator("#report").locator("table[data-table=family] tbody a")
    family.nth(1).wait_for(timeout=120_000)
    assert family.all_text_contents() == ["sample_child_a", "sample_child_b"]
    assert page.frame_locator("#report").locator("script").count() == 0
    before = len(console)
    family.nth(1).click()
    page.frame_locator("#report").locator("h1", has_text="sample_child_b").wait_for(timeout=120_000)
    # The overview holds no script (counted above); what Chromium logs while a link in a frame without
    # allow-scripts is followed under Playwright is the sandbox refusing script, so it is taken out.
    clicked = console[before:]
    del console[before:]
    assert clicked and all(m.startswith("error: Blocked script execution in ") and "/api/family?" in m
                           and m.endswith("the 'allow-scripts' permission is not set.") for m in clicked)
    page.click("a[hreflang=nl]")
    page.locator("li.export[data-state=done]").nth(1).wait_for(timeout=120_000)
    assert page.locator("h1").text_content() == texts("nl")["title"]
    assert page.locator("li.export .file").all_text_contents() == ["g4-en-sample_child_a.zip",
                                                                  "g3-en-sample_child_b.zip"]
    page.frame_locator("#report").locator("html[lang=nl]").wait_for(timeout=120_000)
    page.check("input[name=mode][value=full]")
    page.frame_locator("#report").locator("text=Volledig").first.wait_for(timeout=120_000)
    # The claim copy asks for the case key first, and refuses one that is too short.
    page.check("input[name=mode][value=claim]")
    assert page.locator("#claim-key").is_visible() and not page.locator("#key-error").is_visible()
    page.fill("#case-key", "kort")
    page.press("#case-key", "Enter")
    page.locator("#key-error").wait_for()
    assert page.locator("#key-error").text_content() == texts("nl")["key_short"]
    page.fill("#case-key", "sleutel-van-de-claimorganisatie-2026")
    page.click("#claim-key button[type=submit]")
    page.frame_locator("#report").locator("text=Claimkopie: afgeschermd").first.wait_for(timeout=120_000)
    assert not page.locator("#key-error").is_visible()
    assert "sample_child_a" not in page.frame_locator("#report").locator("body").text_content()
    page.click("#stop")
    context.close()
    assert outside == [] and console == []
    returncode, err = served.wait()
    assert returncode == 0, err
    assert served.audit.read_text() == ""


def test_exports_stay_in_the_order_chosen_whichever_would_reach_the_program_first(browser, served: Served,
                                                                                  tmp_path: Path) -> None:
    first, second = SAMPLES / "g4-en-sample_child_a.zip", SAMPLES / "g3-en-sample_child_b.zip"
    # A loose file between the ZIP files is an export of its own (here a refused one), in its place.
    notes = tmp_path / "notes.txt"
    notes.write_text("milk\nbread\n", encoding="utf-8")
    chosen = [first.name, notes.name, second.name]
    context, page, outside, _, console = _open(browser, served, "en-GB")
    # The first file chosen is held on its way; if the page sends another meanwhile, the first goes on only
    # once the program has answered for that one, so it arrives later (files sent at the same time may
    # reach the program in either order). The program lists the exports in the order they came.
    held: list = []
    answered: list[str] = []

    def hold(route, request) -> None:
        if request.method == "POST" and not held and f"name={first.name}" in request.url:
            held.append(route)
        else:
            route.fallback()

    page.route(lambda url: "/api/exports?name=" in url, hold)
    page.on("response", lambda response: answered.append(response.url) if "/api/exports?name=" in response.url
            else None)
    page.set_input_files("#files", [str(first), str(notes), str(second)])
    queued = page.locator("li.export .state", has_text=texts("en")["state_queued"])
    # Waits for one of two events, whichever the page brings about; nothing is timed.
    for _ in range(2400):
        if held and (answered or queued.count()):
            break
        page.wait_for_timeout(50)
    else:
        pytest.fail("the first upload never left, or the others neither went nor waited")
    held[0].fallback()
    page.locator("li.export[data-state=done]").nth(1).wait_for(timeout=120_000)
    page.locator("li.export[data-state=failed]").wait_for(timeout=120_000)
    assert page.locator("li.export .file").all_text_contents() == chosen
    # A change of language lists the exports the program holds, in the order it has them.
    page.click("a[hreflang=nl]")
    page.locator("li.export[data-state=done]").nth(1).wait_for(timeout=120_000)
    assert page.locator("h1").text_content() == texts("nl")["title"]
    assert page.locator("li.export .file").all_text_contents() == chosen
    assert page.locator("li.export").evaluate_all("cards => cards.map((card) => card.dataset.state)") == [
        "done", "failed", "done"]
    page.click("#stop")
    context.close()
    assert outside == [] and console == []
    returncode, err = served.wait()
    assert returncode == 0, err


def test_the_audit_hook_would_see_a_connection(served: Served, tmp_path: Path) -> None:
    log = tmp_path / "client.log"
    log.write_text("")
    client = HOOK + "import urllib.request, urllib.error\ntry:\n    urllib.request.urlopen(sys.argv[1])\n" \
                    "except urllib.error.HTTPError:\n    pass\n"
    subprocess.run([sys.executable, "-c", client, str(log), served.origin + "/"], check=True)
    events = [line.split(" ", 1)[0] for line in log.read_text().splitlines()]
    assert events == ["urllib.Request", "http.client.connect", "socket.getaddrinfo", "socket.connect"]


def test_parent_chooses_an_unzipped_export_and_corrects_a_refused_birth_date(browser, served: Served,
                                                                               tmp_path: Path) -> None:
    nl = texts("nl")
    sample = SAMPLES / "txt-2025-en-sample_child_a.zip"
    for copy in ("folder", "loose"):
        with zipfile.ZipFile(sample) as archive:
            archive.extractall(tmp_path / copy)
    context, page, outside, _, console = _open(browser, served, "nl-NL")
    # A whole unzipped folder, then its 23 files chosen together: two exports, not 46.
    page.set_input_files("#folder", str(tmp_path / "folder" / "TikTok"))
    page.locator("li.export[data-state=done]").first.wait_for(timeout=120_000)
    loose = sorted(str(p) for p in (tmp_path / "loose").rglob("*") if p.is_file())
    assert len(loose) == 23
    page.set_input_files("#files", loose)
    page.locator("li.export[data-state=done]").nth(1).wait_for(timeout=120_000)
    cards = page.locator("li.export")
    assert cards.locator(".file").all_text_contents() == ["TikTok", "23 bestanden samen gekozen"]
    assert cards.locator(".child-name").all_text_contents() == ["Kind: sample_child_a"] * 2
    assert [cards.nth(i).locator("progress").evaluate("p => p.value") for i in range(2)] == [100, 100]
    first = cards.first
    assert first.locator(".birth-hint").text_content() == nl["birth_hint"]
    assert not first.locator(".redone").is_visible() and not first.locator(".warnings").is_visible()

    # A typo (2020 for 2010): the card warns in Dutch and keeps the date to correct.
    export = load(sample)
    refused = analyse(export, AnalysisOptions(birth_date=date(2020, 9, 14))).warnings
    assert [w.code for w in refused] == ["given_birth_date_refused_self_declared_used"]
    birth = first.locator("input.birth")
    birth.fill("2020-09-14")
    birth.dispatch_event("change")
    page.locator("li.export[data-state=done] .warnings li").wait_for(timeout=120_000)
    assert first.locator(".warnings li").all_text_contents() == [warning_text(w, "nl") for w in refused]
    assert (first.get_attribute("data-state"), birth.input_value()) == ("done", "2020-09-14")
    assert first.locator(".redone").text_content() == nl["redone_birth_date"]
    assert first.locator(".birth-hint").text_content() == nl["birth_hint_given"]
    birth.fill("2010-09-14")
    birth.dispatch_event("change")
    corrected = "text=14 september 2010 (de echte geboortedatum, opgegeven bij het maken van dit rapport)"
    page.frame_locator("#report").locator(corrected).first.wait_for(timeout=120_000)
    assert not first.locator(".warnings").is_visible()

    # A new copy type redoes every report, and each card says so.
    page.check("input[name=mode][value=full]")
    page.frame_locator("#report").locator("text=Volledig").first.wait_for(timeout=120_000)
    page.locator("li.export .redone", has_text=nl["redone_mode"]).nth(1).wait_for(timeout=120_000)

    # A refused file's bar is not the full bar of a finished one.
    broken = tmp_path / "TikTok_Data_2.zip"
    broken.write_bytes(sample.read_bytes()[:1000])
    page.set_input_files("#files", str(broken))
    failed = page.locator("li.export[data-state=failed]")
    failed.wait_for(timeout=120_000)
    assert (failed.locator("progress").is_visible(), cards.first.locator("progress").is_visible()) == (False, True)
    page.click("#stop")
    context.close()
    assert outside == [] and console == []
    returncode, err = served.wait()
    assert returncode == 0, err
    assert list(served.temp.iterdir()) == []


def test_a_page_on_another_origin_that_knows_the_address_cannot_change_anything(browser, served: Served) -> None:
    # Another server on this computer: another port is another origin (and the same site).
    attacker = (b"<!DOCTYPE html><title>x</title><script>fetch(" + orjson.dumps(served.url + "api/settings")
                + b", {method: 'POST', mode: 'no-cors', body: '{\"mode\": \"full\"}'});</script>")

    class Attacker(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the handler's own name
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.end_headers()
            self.wfile.write(attacker)

        def log_message(self, *args: object) -> None:
            pass

    other = http.server.HTTPServer(("127.0.0.1", 0), Attacker)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        # The answer reaches the browser (which then withholds it from the other origin): the request was handled.
        with page.expect_event("requestfailed", lambda r: r.url == served.url + "api/settings") as failed:
            page.goto(f"http://127.0.0.1:{other.server_address[1]}/")
        assert failed.value.failure == "net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin"
    finally:
        context.close()
        other.shutdown()
    request = urllib.request.Request(served.url + "api/settings", data=b"{}", method="POST")
    with urllib.request.urlopen(request) as response:  # noqa: S310 - the test's own loopback server
        assert orjson.loads(response.read()) == {"lang": "en", "mode": "redacted", "has_key": False}


def test_the_letters_step_warns_before_the_erasure_letter(browser, served: Served) -> None:
    nl = texts("nl")
    sample = SAMPLES / "g4-en-sample_child_a.zip"
    context, page, outside, _, console = _open(browser, served, "nl-NL")
    page.set_input_files("#files", str(sample))
    letters = page.locator("#letters article.letter")
    letters.nth(2).wait_for(timeout=120_000)
    assert page.locator("#letters h2").text_content() == nl["letters_title"]
    assert letters.locator("h3").all_text_contents() == [nl["letter_access"], nl["letter_erasure"],
                                                         nl["letter_restriction"]]
    assert letters.locator(".summary").all_text_contents() == [letter_summary(k, "nl") for k in LETTER_KINDS]
    export = load(sample)
    erasure = page.locator("#letters article[data-kind=erasure]")
    # The warning, with the export's SHA-256, is what the parent sees first; the letter's buttons come after.
    assert erasure.locator(".warning-text").text_content() == erasure_warning(export.input.sha256, "nl")
    assert export.input.sha256 in erasure.locator(".warning-text").text_content()
    assert erasure.locator(".erasure-warning").is_visible()
    assert [erasure.locator(f"button.{b}").is_visible() for b in ("show-letter", "show-text")] == [False, False]
    erasure.locator("button.confirm").click()
    erasure.locator("button.show-text").click()
    erasure.locator("textarea").wait_for()
    analysis = analyse(export)
    day = date(2026, 1, 1)  # SOURCE_DATE_EPOCH of the served page
    assert erasure.locator("textarea").input_value() == letter_for("erasure", export, analysis, "nl", day, "form").text
    erasure.locator("button.show-letter").click()
    page.locator("#viewer-title", has_text=nl["letter_erasure"]).wait_for()
    page.frame_locator("#report").locator("body").wait_for()
    with page.expect_download() as waiting:
        page.click("#save-html")
    saved = Path(waiting.value.path()).read_text(encoding="utf-8")
    assert (waiting.value.suggested_filename, saved) == (
        "g4-en-sample_child_a.erasure.html", letter_for("erasure", export, analysis, "nl", day, "post").html)
    page.click("#stop")
    context.close()
    assert outside == [] and console == []
    returncode, err = served.wait()
    assert returncode == 0, err
