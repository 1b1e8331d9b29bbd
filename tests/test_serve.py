"""The local page's application without a browser: the token, the headers, uploads, settings, refusals."""

from __future__ import annotations

import http.client
import io
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from starlette.testclient import TestClient

from dsar_analyzer import load
from dsar_analyzer.analysis.export_figures import analyse
from dsar_analyzer.report.letter import LETTER_KINDS, erasure_warning, letter_for, letter_summary
from dsar_analyzer.serve.app import PAGE_POLICY, REPORT_POLICY, create_app
from dsar_analyzer.serve.jobs import REDONE, Workshop, safe_name, spec_for
from dsar_analyzer.serve.texts import TEXTS, choose_language, size_text

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
SERVE = Path(__file__).resolve().parents[1] / "dsar_analyzer" / "serve"
TOKEN = "t" * 43
BASE = "http://127.0.0.1:8123"


class Page:
    def __init__(self, max_upload: int | None = None) -> None:
        self.workshop = Workshop()
        self.stopped = 0
        app = create_app(TOKEN, self.workshop, self._stop, lambda: 8123, max_upload)
        self.client = TestClient(app, base_url=BASE)

    def _stop(self) -> None:
        self.stopped += 1

    def upload(self, path: Path, name: str | None = None) -> dict:
        response = self.client.post(f"/{TOKEN}/api/exports", params={"name": name or path.name},
                                    content=path.read_bytes())
        assert response.status_code == 202, response.text
        self.workshop.idle()
        return self.job(response.json()["id"])

    def job(self, job_id: str) -> dict:
        return self.client.get(f"/{TOKEN}/api/exports/{job_id}").json()

    def settings(self, **body: str) -> object:
        response = self.client.post(f"/{TOKEN}/api/settings", json=body)
        self.workshop.idle()
        return response

    def report(self, job_id: str) -> str:
        response = self.client.get(f"/{TOKEN}/api/exports/{job_id}/report")
        assert response.headers["content-security-policy"] == REPORT_POLICY
        return response.text


@pytest.fixture
def page() -> Iterator[Page]:
    opened = Page()
    yield opened
    opened.workshop.close()


def test_every_path_without_the_token_is_refused(page: Page) -> None:
    for path in ["/", "/static/page.js", "/api/exports", f"/{TOKEN[:-1]}u/", f"/{TOKEN}x/", "/%2e%2e/"]:
        response = page.client.get(path)
        assert (response.status_code, response.text) == (
            403, "Forbidden: open the address dsar-analyzer printed when it started."), path
    assert page.client.post("/api/shutdown").status_code == 403
    assert page.stopped == 0


def test_another_host_name_is_refused_even_with_the_token(page: Page) -> None:
    assert page.client.get(f"/{TOKEN}/", headers={"host": "attacker.example:8123"}).status_code == 403
    assert page.client.get(f"/{TOKEN}/", headers={"host": "localhost:8123"}).status_code == 200


def test_page_has_strict_headers_and_loads_only_its_own_files(page: Page) -> None:
    response = page.client.get(f"/{TOKEN}/")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == PAGE_POLICY
    assert (response.headers["referrer-policy"], response.headers["x-content-type-options"]) == ("no-referrer",
                                                                                                 "nosniff")
    sources = re.findall(r'(?:src|href)="([^"]*)"', response.text)
    assert sources == ["static/page.css", "static/page.js", "?lang=nl", "?lang=en", "#", "#"]
    assert "<script>" not in response.text and " style=" not in response.text and "on" + "click" not in response.text
    for name, kind in [("page.js", "text/javascript"), ("page.css", "text/css")]:
        asset = page.client.get(f"/{TOKEN}/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind)
        assert "http://" not in asset.text and "https://" not in asset.text


def test_the_address_without_its_slash_is_sent_to_the_page(page: Page) -> None:
    response = page.client.get(f"/{TOKEN}", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (308, f"/{TOKEN}/")


@pytest.mark.parametrize(("header", "asked", "language"), [
    ("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", None, "nl"),
    ("en-GB,en;q=0.9,nl;q=0.8", None, "en"),
    ("de-DE,de;q=0.9,nl;q=0.5,en;q=0.4", None, "nl"),
    ("fr-FR", None, "en"),
    ("en;q=0.2,nl;q=0.3", None, "nl"),
    ("nl;q=0", None, "en"),
    (None, None, "en"),
    ("nl-NL", "en", "en"),
    ("en", "nl", "nl"),
    ("en", "de", "en"),
])
def test_language_comes_from_the_browser_unless_chosen(header: str | None, asked: str | None, language: str) -> None:
    assert choose_language(asked, header) == language


def test_dutch_browser_gets_the_dutch_page(page: Page) -> None:
    html = page.client.get(f"/{TOKEN}/", headers={"accept-language": "nl-BE,nl;q=0.9"}).text
    assert '<html lang="nl">' in html
    assert "<h1>Wat heeft TikTok over mijn kind verzameld?</h1>" in html
    html = page.client.get(f"/{TOKEN}/?lang=en", headers={"accept-language": "nl"}).text
    assert "<h1>What did TikTok collect about my child?</h1>" in html


def test_every_text_is_translated_and_used() -> None:
    used = set(re.findall(r"\bT\.(\w+)", (SERVE / "static" / "page.js").read_text(encoding="utf-8")))
    used |= set(re.findall(r"\bt\.(\w+)", (SERVE / "templates" / "page.html.j2").read_text(encoding="utf-8")))
    used |= {f"state_{s}" for s in ("waiting", "reading", "analysing", "rendering", "done")}
    used |= {f"err_{kind}" for kind in ("NotAnExport", "CorruptInput", "UnsafeInput", "LimitExceeded", "TooLarge",
                                        "Internal", "Gone")}
    # named by the API's answers
    used |= {f"redone_{what}" for what in REDONE} | {f"letter_{kind}" for kind in LETTER_KINDS} | {"key_invalid"}
    assert used == set(TEXTS)
    for key, (english, dutch) in TEXTS.items():
        assert english.strip() and dutch.strip() and english != dutch, key
        assert re.findall(r"\{\w+\}", english) == re.findall(r"\{\w+\}", dutch), key


def test_sizes_are_written_the_way_a_parent_reads_them() -> None:
    assert [size_text(2 * 1024**3, "en"), size_text(int(1.5 * 1024**3), "nl"), size_text(300 * 1024**2, "en")] == [
        "2 GB", "1,5 GB", "300 MB"]


def test_uploaded_names_lose_their_folders_and_control_characters() -> None:
    assert [safe_name(n) for n in ["../../etc/passwd", "C:\\Users\\x\\TikTok.zip", "a\x00b\nc.zip", "", "..",
                                   "é" * 150]] == ["passwd", "TikTok.zip", "abc.zip", "export.zip", "export.zip",
                                                   "é" * 100]


def test_a_sample_export_becomes_a_report_whose_upload_is_hashed_again(page: Page) -> None:
    job = page.upload(SAMPLES / "g4-en-sample_child_a.zip")
    assert {k: job[k] for k in ("name", "state", "refusal", "child", "birth_date", "declared_text", "version")} == {
        "name": "g4-en-sample_child_a.zip", "state": "done", "refusal": None, "child": "sample_child_a",
        "birth_date": "2009-09-14", "declared_text": "14-Sep-2009", "version": 1}
    html = page.report(job["id"])
    assert "<h1>What TikTok collected about sample_child_a</h1>" in html
    # The upload stays in the private folder while its report is shown: each report hashes it again.
    assert sorted(os.listdir(page.workshop.folder)) == sorted([job["id"], "lock"])
    assert "yes, the same SHA-256" in html and "could not be checked" not in html
    listed = page.client.get(f"/{TOKEN}/api/exports").json()
    assert [j["id"] for j in listed] == [job["id"]]
    download = page.client.get(f"/{TOKEN}/api/exports/{job['id']}/report", params={"download": "1"})
    assert download.headers["content-disposition"] == (
        "attachment; filename=\"g4-en-sample_child_a-redacted.html\"; "
        "filename*=UTF-8''g4-en-sample_child_a-redacted.html")


def test_mode_language_and_birth_date_render_the_report_again(page: Page) -> None:
    job_id = page.upload(SAMPLES / "g4-en-sample_child_a.zip")["id"]
    assert page.settings(mode="full", lang="nl").json() == {"lang": "nl", "mode": "full", "has_key": False}
    assert page.job(job_id)["version"] == 2
    html = page.report(job_id)
    assert '<html lang="nl">' in html and "Volledig" in html
    response = page.client.post(f"/{TOKEN}/api/exports/{job_id}/birth-date", json={"birth_date": "2012-01-31"})
    assert response.status_code == 200
    page.workshop.idle()
    job = page.job(job_id)
    assert (job["version"], job["birth_date"], job["declared_text"]) == (3, "2012-01-31", "14-Sep-2009")
    assert "31 januari 2012 (de echte geboortedatum, opgegeven bij het maken van dit rapport)" in page.report(job_id)
    for wrong in ["31-01-2012", "1899-12-31", "2999-01-01", 20120131]:
        assert page.client.post(f"/{TOKEN}/api/exports/{job_id}/birth-date", json={"birth_date": wrong}
                                ).status_code == 400, wrong
    cleared = page.client.post(f"/{TOKEN}/api/exports/{job_id}/birth-date", json={"birth_date": None})
    page.workshop.idle()
    assert (cleared.status_code, page.job(job_id)["birth_date"], page.job(job_id)["version"]) == (200, "2009-09-14", 4)


def test_claim_copy_needs_a_key_of_32_bytes_and_hides_the_child(page: Page) -> None:
    job_id = page.upload(SAMPLES / "g4-en-sample_child_a.zip")["id"]
    refused = page.settings(mode="claim", case_key="too short")
    assert (refused.status_code, refused.json()) == (400, {"error": "key_short"})
    assert page.settings(mode="claim").status_code == 400
    assert page.settings(mode="claim", case_key="0123456789abcdef0123456789abcdef").json() == {
        "lang": "en", "mode": "claim", "has_key": True}
    job = page.job(job_id)
    assert job["child"] != "sample_child_a" and job["version"] == 2
    html = page.report(job_id)
    assert "sample_child_a" not in html
    download = page.client.get(f"/{TOKEN}/api/exports/{job_id}/report", params={"download": "1"})
    assert re.fullmatch(r'attachment; filename="tiktok-report-claim-[0-9a-f]{12}\.html"; .*',
                        download.headers["content-disposition"])


def _truncated(tmp_path: Path) -> Path:
    whole = (SAMPLES / "g4-en-sample_child_a.zip").read_bytes()
    path = tmp_path / "TikTok_Data_1.zip"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def test_a_broken_export_is_refused_with_its_kind_and_a_diagnostic(page: Page, tmp_path: Path) -> None:
    job = page.upload(_truncated(tmp_path))
    assert (job["state"], job["refusal"], job["diagnostic"], job["version"]) == ("failed", "CorruptInput", True, 0)
    assert job["detail"] == ('The ZIP file "TikTok_Data_1.zip" looks incomplete or damaged (its table of contents '
                             "is missing); download the export again from TikTok.")
    diagnostic = page.client.get(f"/{TOKEN}/api/exports/{job['id']}/diagnostic")
    assert diagnostic.headers["content-disposition"].startswith('attachment; filename="dsar-analyzer-diagnostic.json"')
    assert orjson.loads(diagnostic.content)["refused"] == "CorruptInput"
    assert os.listdir(page.workshop.folder) == ["lock"]
    assert page.client.get(f"/{TOKEN}/api/exports/{job['id']}/report").status_code == 409


def test_a_file_that_is_no_export_is_refused_as_such(page: Page, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("holiday.jpg", b"\xff\xd8\xff")
    path = tmp_path / "photos.zip"
    path.write_bytes(buffer.getvalue())
    job = page.upload(path)
    assert (job["state"], job["refusal"]) == ("failed", "NotAnExport")


def test_an_upload_over_the_limit_gets_413_and_leaves_nothing(tmp_path: Path) -> None:
    small = Page(max_upload=1000)
    try:
        data = (SAMPLES / "g4-en-sample_child_a.zip").read_bytes()
        response = small.client.post(f"/{TOKEN}/api/exports", params={"name": "x.zip"}, content=data)
        assert (response.status_code, response.json()) == (413, {"refusal": "TooLarge"})

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while streaming too
            yield data[:900]
            yield data[900:]

        streamed = small.client.post(f"/{TOKEN}/api/exports", params={"name": "x.zip"}, content=chunks())
        assert streamed.status_code == 413
        assert small.client.get(f"/{TOKEN}/api/exports").json() == []
        assert os.listdir(small.workshop.folder) == ["lock"]
        assert '"max_upload": 1000' in small.client.get(f"/{TOKEN}/").text
    finally:
        small.workshop.close()


def test_family_overview_compares_the_children_and_links_their_reports(page: Page) -> None:
    first = page.upload(SAMPLES / "g4-en-sample_child_a.zip")
    assert page.client.get(f"/{TOKEN}/api/family").status_code == 409
    second = page.upload(SAMPLES / "g3-en-sample_child_b.zip")
    response = page.client.get(f"/{TOKEN}/api/family")
    assert response.headers["content-security-policy"] == REPORT_POLICY
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', response.text)
    assert links == [(f"exports/{first['id']}/report?v=1", "sample_child_a"),
                     (f"exports/{second['id']}/report?v=1", "sample_child_b")]
    # The links resolve, from the index's own address, to the children's reports.
    assert page.client.get(f"/{TOKEN}/api/{links[1][0]}").text == page.report(second["id"])


def test_removing_an_export_forgets_it(page: Page) -> None:
    job_id = page.upload(SAMPLES / "g3-en-sample_child_b.zip")["id"]
    assert page.client.delete(f"/{TOKEN}/api/exports/{job_id}").status_code == 204
    assert os.listdir(page.workshop.folder) == ["lock"]
    assert page.client.get(f"/{TOKEN}/api/exports/{job_id}").status_code == 404
    assert page.client.get(f"/{TOKEN}/api/exports/{job_id}/report").status_code == 404


def test_stop_button_stops_and_close_removes_the_folder(page: Page) -> None:
    page.upload(SAMPLES / "g3-en-sample_child_b.zip")
    folder = page.workshop.folder
    assert page.client.post(f"/{TOKEN}/api/shutdown").status_code == 204
    assert page.stopped == 1
    page.workshop.close()
    assert not os.path.exists(folder)


def test_ctrl_c_stops_the_page_and_removes_the_uploads(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "dsar_analyzer", "serve", "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = process.stdout.readline().strip()  # type: ignore[union-attr]
        request = urllib.request.Request(url + "api/exports?name=a.zip", method="POST",
                                         data=(SAMPLES / "g4-en-sample_child_a.zip").read_bytes())
        with urllib.request.urlopen(request) as response:  # noqa: S310 - the test's own loopback server
            assert response.status == 202
        assert [p.name.startswith("dsar-analyzer-serve-") for p in tmp_path.iterdir()] == [True]
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert err.splitlines() == ["dsar-analyzer: the page above runs on this computer only; stop it with Ctrl-C.",
                                "dsar-analyzer: stopped."]
    assert list(tmp_path.iterdir()) == []


def test_a_case_key_with_a_lone_surrogate_is_refused_not_an_internal_error(page: Page) -> None:
    body = b'{"mode": "claim", "case_key": "\\ud800' + b"k" * 40 + b'"}'
    response = page.client.post(f"/{TOKEN}/api/settings", content=body, headers={"content-type": "application/json"})
    assert (response.status_code, response.json()) == (400, {"error": "key_invalid"})
    assert page.workshop.settings.mode == "redacted"


@pytest.mark.parametrize(("headers", "status"), [
    ({"origin": "http://attacker.example"}, 403),
    ({"origin": "http://127.0.0.1:8124"}, 403),           # another port on this computer
    ({"origin": "null"}, 403),
    ({"sec-fetch-site": "cross-site"}, 403),
    ({"sec-fetch-site": "same-site"}, 403),
    ({"sec-fetch-site": "same-site", "origin": BASE}, 403),
    ({"sec-fetch-site": "same-origin", "origin": "http://attacker.example"}, 403),
    ({"sec-fetch-site": "same-origin", "origin": BASE}, 204),
    ({"sec-fetch-site": "none"}, 204),
    ({}, 204),
])
def test_a_request_that_changes_something_must_come_from_the_page(page: Page, headers: dict[str, str],
                                                                   status: int) -> None:
    response = page.client.post(f"/{TOKEN}/api/shutdown", headers=headers)
    assert response.status_code == status
    assert page.stopped == (status == 204)
    if status == 403:
        assert response.text == "Forbidden: only the page itself may change anything here."


def test_a_cross_site_request_cannot_upload_change_settings_or_remove(page: Page) -> None:
    job_id = page.upload(SAMPLES / "g3-en-sample_child_b.zip")["id"]
    hostile = {"origin": "http://attacker.example", "sec-fetch-site": "cross-site"}
    assert [page.client.post(f"/{TOKEN}/api/exports", params={"name": "x.zip"}, content=b"PK", headers=hostile
                             ).status_code,
            page.client.post(f"/{TOKEN}/api/settings", json={"mode": "full"}, headers=hostile).status_code,
            page.client.post(f"/{TOKEN}/api/exports/{job_id}/birth-date", json={"birth_date": "2012-01-01"},
                             headers=hostile).status_code,
            page.client.delete(f"/{TOKEN}/api/exports/{job_id}", headers=hostile).status_code] == [403] * 4
    page.workshop.idle()
    assert [j["id"] for j in page.client.get(f"/{TOKEN}/api/exports").json()] == [job_id]
    assert (page.workshop.settings.mode, page.job(job_id)["version"]) == ("redacted", 1)
    # Reading stays open to the page's own links (the report, opened or saved): the token guards it.
    assert page.client.get(f"/{TOKEN}/api/exports/{job_id}/report", headers=hostile).status_code == 200


def _serve(temp: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, "-m", "dsar_analyzer", "serve", "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(temp)})
    return process, process.stdout.readline().strip()  # type: ignore[union-attr]


def _partial_upload(url: str, temp: Path, data: bytes) -> http.client.HTTPConnection:
    """Half an upload sent, the rest never: the child's export lies half-written in the page's folder."""
    data = data * 200  # large enough for its first half to pass the writer's buffer
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.putrequest("POST", parts.path + "api/exports?name=child.zip")
    connection.putheader("content-length", str(len(data)))
    connection.endheaders()
    connection.send(data[: len(data) // 2])
    for _ in range(1200):  # waiting for the server to write it (at most a minute), not a timing assertion
        if [p for p in temp.glob("dsar-analyzer-*/*/child.zip") if p.stat().st_size > 0]:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the half upload never reached the page's folder")
    return connection


@pytest.mark.parametrize(("sent", "returncode"), [(signal.SIGINT, 0), (signal.SIGTERM, -signal.SIGTERM),
                                                  (signal.SIGHUP, -signal.SIGHUP)])
def test_a_signal_during_an_upload_leaves_nothing_behind(tmp_path: Path, sent: int, returncode: int) -> None:
    process, url = _serve(tmp_path)
    try:
        connection = _partial_upload(url, tmp_path, (SAMPLES / "g4-en-sample_child_a.zip").read_bytes())
        process.send_signal(sent)
        _, err = process.communicate(timeout=120)
        connection.close()
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == returncode, err
    assert list(tmp_path.iterdir()) == []


def test_a_killed_run_leaves_a_folder_the_next_start_removes_and_nothing_else(tmp_path: Path) -> None:
    data = (SAMPLES / "g4-en-sample_child_a.zip").read_bytes()
    killed, url = _serve(tmp_path)
    try:
        _partial_upload(url, tmp_path, data).close()
    finally:
        killed.kill()
        killed.communicate()
    [left] = [p.name for p in tmp_path.iterdir()]
    assert re.fullmatch(r"dsar-analyzer-serve-[A-Za-z0-9_]{8}", left)
    # A running page's folder, another tool's, a look-alike without the lock file, another user's
    # name pattern as a link: none of them is touched.
    running, running_url = _serve(tmp_path)
    try:
        _partial_upload(running_url, tmp_path, data).close()
        held = {p.name for p in tmp_path.iterdir()} - {left}
        (tmp_path / "dsar-analyzer-serve-nolock00").mkdir()
        (tmp_path / "dsar-analyzer-serve-nolock00" / "child.zip").write_bytes(b"PK")
        (tmp_path / "dsar-analyzer-other").mkdir()
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "lock").write_bytes(b"")
        (tmp_path / "dsar-analyzer-serve-alink000").symlink_to(tmp_path / "elsewhere")
        later, _ = _serve(tmp_path)
        later.send_signal(signal.SIGINT)
        later.communicate(timeout=120)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [*held, "dsar-analyzer-serve-nolock00", "dsar-analyzer-other", "elsewhere", "dsar-analyzer-serve-alink000"])
        assert (tmp_path / "elsewhere" / "lock").exists()
    finally:
        running.kill()
        running.communicate()


def _unzipped(tmp_path: Path, sample: str) -> Path:
    folder = tmp_path / sample.removesuffix(".zip")
    with zipfile.ZipFile(SAMPLES / sample) as archive:
        archive.extractall(folder)
    return folder


def _send_folder(page: Page, name: str, files: dict[str, bytes]) -> dict:
    made = page.client.post(f"/{TOKEN}/api/exports", params={"folder": "1", "name": name})
    assert made.status_code == 201, made.text
    job_id = made.json()["id"]
    for path, data in files.items():
        response = page.client.post(f"/{TOKEN}/api/exports/{job_id}/files", params={"path": path}, content=data)
        assert response.status_code == 204, (path, response.text)
    read = page.client.post(f"/{TOKEN}/api/exports/{job_id}/read")
    assert read.status_code == 202
    page.workshop.idle()
    return page.job(job_id)


@pytest.mark.parametrize("layout", ["folder", "files chosen together"])
def test_an_unzipped_export_is_one_export_not_one_per_file(page: Page, tmp_path: Path, layout: str) -> None:
    root = _unzipped(tmp_path, "txt-2025-en-sample_child_a.zip") / "TikTok"
    paths = sorted(p for p in root.rglob("*") if p.is_file())
    assert len(paths) == 23
    files = {(str(p.relative_to(root)) if layout == "folder" else p.name): p.read_bytes() for p in paths}
    job = _send_folder(page, "TikTok", files)
    assert {k: job[k] for k in ("name", "state", "refusal", "child", "version")} == {
        "name": "TikTok", "state": "done", "refusal": None, "child": "sample_child_a", "version": 1}
    assert [j["id"] for j in page.client.get(f"/{TOKEN}/api/exports").json()] == [job["id"]]
    whole = analyse(load(SAMPLES / "txt-2025-en-sample_child_a.zip"))
    analysis = page.workshop.jobs[job["id"]].analysis
    assert analysis is not None and analysis.record_count == whole.record_count
    assert analysis.categories == whole.categories
    # The upload stays in the private folder while its report is shown: each report hashes it again.
    assert sorted(os.listdir(page.workshop.folder)) == sorted([job["id"], "lock"])


def test_a_folder_upload_takes_plain_relative_paths_only_and_keeps_to_the_limit(tmp_path: Path) -> None:
    small = Page(max_upload=1000)
    try:
        made = small.client.post(f"/{TOKEN}/api/exports", params={"folder": "1", "name": "TikTok"}).json()
        url = f"/{TOKEN}/api/exports/{made['id']}/files"
        for bad in ["../x.txt", "/etc/x.txt", "a//b.txt", "a/./b.txt", "a\\b.txt", "a\x1bb.txt", "",
                    "/".join(["d"] * 33), "x" * 256]:
            assert small.client.post(url, params={"path": bad}, content=b"x").status_code == 400, bad
        assert small.client.post(url, params={"path": "Profile/Profile Info.txt"}, content=b"x" * 600
                                 ).status_code == 204
        assert small.client.post(url, params={"path": "Profile/Profile Info.txt"}, content=b"y").status_code == 409
        assert small.client.post(url, params={"path": "Profile"}, content=b"y").status_code == 409
        # 600 bytes came; 500 more pass the page's limit of 1000 for the whole export.
        over = small.client.post(url, params={"path": "Watch History.txt"}, content=b"z" * 500)
        assert (over.status_code, over.json()) == (413, {"refusal": "TooLarge"})
        assert small.client.get(f"/{TOKEN}/api/exports").json() == []
        assert os.listdir(small.workshop.folder) == ["lock"]
        assert small.client.post(f"/{TOKEN}/api/exports/{made['id']}/read").status_code == 404
        # A single upload is read at once: it takes no files.
        single = small.client.post(f"/{TOKEN}/api/exports", params={"name": "x.txt"}, content=b"hello").json()
        small.workshop.idle()
        assert small.client.post(f"/{TOKEN}/api/exports/{single['id']}/files", params={"path": "a.txt"},
                                 content=b"x").status_code == 409
        # Removing a folder upload before it is read removes the files it got so far.
        second = small.client.post(f"/{TOKEN}/api/exports", params={"folder": "1", "name": "T"}).json()
        small.client.post(f"/{TOKEN}/api/exports/{second['id']}/files", params={"path": "a.txt"}, content=b"x")
        assert small.client.delete(f"/{TOKEN}/api/exports/{second['id']}").status_code == 204
        assert os.listdir(small.workshop.folder) == ["lock"]
    finally:
        small.workshop.close()


def test_a_refused_birth_date_is_a_warning_in_the_parents_language_and_stays_in_the_field(page: Page) -> None:
    job_id = page.upload(SAMPLES / "g4-en-sample_child_a.zip")["id"]
    first = page.job(job_id)
    assert (first["warnings"], first["redone"], first["given"], first["declared"]) == ([], [], False, True)
    page.settings(lang="nl")
    assert page.job(job_id)["redone"] == ["language"]
    response = page.client.post(f"/{TOKEN}/api/exports/{job_id}/birth-date", json={"birth_date": "2020-09-14"})
    assert response.status_code == 200
    page.workshop.idle()
    job = page.job(job_id)
    assert {k: job[k] for k in ("state", "birth_date", "given", "redone", "version")} == {
        "state": "done", "birth_date": "2020-09-14", "given": True, "redone": ["birth_date"], "version": 3}
    assert job["warnings"] == [
        "De opgegeven echte geboortedatum, 14 september 2020, is niet gebruikt: die ligt na de eerste vermelding in de "
        "export (3 juni 2019). In plaats daarvan is de geboortedatum in de export gebruikt (zoals die op het account "
        "staat): 14-Sep-2009."]
    page.client.post(f"/{TOKEN}/api/exports/{job_id}/birth-date", json={"birth_date": "2010-09-14"})
    page.workshop.idle()
    assert (page.job(job_id)["warnings"], page.job(job_id)["redone"]) == ([], ["birth_date"])
    page.settings(mode="full")
    assert page.job(job_id)["redone"] == ["mode"]


def test_an_export_without_a_birth_date_says_so(page: Page) -> None:
    job = page.upload(SAMPLES / "g3-activity-only-en-sample_child_a.zip")
    assert (job["birth_date"], job["declared_text"], job["declared"], job["given"]) == (None, None, False, False)
    page.client.post(f"/{TOKEN}/api/exports/{job['id']}/birth-date", json={"birth_date": "2025-09-14"})
    page.workshop.idle()
    job = page.job(job["id"])
    assert (job["birth_date"], job["warnings"]) == ("2025-09-14", [
        "The birth date given, 14 September 2025, is not used: it is after the first record of the export "
        "(12 September 2019). The export holds no usable birth date either, so every age band and the consent "
        "count are unknown; correct the birth date and make the report again."])


def test_the_letters_step_offers_three_letters_and_warns_before_erasure(page: Page) -> None:
    job_id = page.upload(SAMPLES / "g4-en-sample_child_a.zip")["id"]
    page.settings(lang="nl")
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    offer = page.client.get(f"/{TOKEN}/api/exports/{job_id}/letters").json()
    assert offer == {"sha256": export.input.sha256, "erasure_warning": erasure_warning(export.input.sha256, "nl"),
                     "letters": [{"kind": kind, "summary": letter_summary(kind, "nl")} for kind in LETTER_KINDS]}
    assert export.input.sha256 in offer["erasure_warning"]
    analysis = page.workshop.jobs[job_id].analysis
    assert analysis is not None
    day = spec_for(page.workshop.jobs[job_id], page.workshop.settings).generated_at.date()
    for kind in LETTER_KINDS:
        html = page.client.get(f"/{TOKEN}/api/exports/{job_id}/letters/{kind}", params={"format": "html"})
        text = page.client.get(f"/{TOKEN}/api/exports/{job_id}/letters/{kind}", params={"format": "text"})
        assert html.headers["content-security-policy"] == REPORT_POLICY
        assert html.text == letter_for(kind, export, analysis, "nl", day, "post").html
        assert (text.headers["content-type"], text.text) == (
            "text/plain; charset=utf-8", letter_for(kind, export, analysis, "nl", day, "form").text)
    saved = page.client.get(f"/{TOKEN}/api/exports/{job_id}/letters/erasure", params={"format": "text", "download": 1})
    assert saved.headers["content-disposition"] == (
        "attachment; filename=\"g4-en-sample_child_a.erasure.txt\"; filename*=UTF-8''g4-en-sample_child_a.erasure.txt")
    assert page.client.get(f"/{TOKEN}/api/exports/{job_id}/letters/complaint").status_code == 404
    assert page.client.get(f"/{TOKEN}/api/exports/{job_id}/letters/access", params={"format": "pdf"}
                           ).status_code == 404


def test_a_refused_export_has_no_letters(page: Page, tmp_path: Path) -> None:
    job = page.upload(_truncated(tmp_path))
    assert page.client.get(f"/{TOKEN}/api/exports/{job['id']}/letters").status_code == 409
    assert page.client.get(f"/{TOKEN}/api/exports/{job['id']}/letters/access").status_code == 409


def test_the_page_accepts_no_more_json_than_a_report_can_be_made_of_in_its_memory(tmp_path: Path) -> None:
    from dsar_analyzer.errors import LimitExceeded
    from dsar_analyzer.serve.jobs import PAGE_MEMORY_BYTES, PEAK_PER_JSON_BYTE, page_limits

    # 4 GiB at the measured 1.9 bytes a JSON byte: the library's 2 GiB per member, now for all members too.
    limits = page_limits()
    assert (PAGE_MEMORY_BYTES, PEAK_PER_JSON_BYTE) == (4 * 1024**3, 1.9)
    assert (limits.max_archive_bytes, limits.max_member_uncompressed, limits.max_total_uncompressed) == (2 * 1024**3,) * 3
    assert '"max_upload": 2147483648' in Page().client.get(f"/{TOKEN}/").text
    # With 1,900 bytes of memory: 1,000 bytes of JSON, however they are split over members.
    small = page_limits(1900)
    assert (small.max_archive_bytes, small.max_member_uncompressed, small.max_total_uncompressed) == (1000,) * 3
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("TikTok_Data_1/user_data_tiktok.json", b'{"Your Activity": {}}' + b" " * 580)
        archive.writestr("TikTok_Data_1/Watch History.txt", b"Date: 2020-01-01 00:00:00\n" + b" " * 580)
    assert path.stat().st_size < 1000
    with pytest.raises(LimitExceeded, match="in total"):
        load(path, small)
    load(path, page_limits(2 * 1900))
    page = Page()
    job_id = page.upload(SAMPLES / "g4-en-sample_child_a.zip")["id"]
    assert spec_for(page.workshop.jobs[job_id], page.workshop.settings).limits == page_limits()
