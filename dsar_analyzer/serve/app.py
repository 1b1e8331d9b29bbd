"""The local page's web application: every route behind the one-time token, strict headers, the upload API.

Every path starts with the secret token (``/<token>/...``), compared in constant time; anything
else gets 403. The Host header must name the loopback address and port, so a web page elsewhere
cannot reach the application through a DNS name it points at 127.0.0.1. A request that changes
something (any method but GET, HEAD and OPTIONS) must also come from the page itself: a browser
says where a request comes from in ``Sec-Fetch-Site`` and ``Origin``, and a page on another
origin that learnt the token (another port on 127.0.0.1 included) is refused. Responses carry a
Content-Security-Policy that allows nothing from anywhere but the application itself.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import (
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dsar_analyzer import __version__
from dsar_analyzer.read.archive import Limits
from dsar_analyzer.report.i18n import LANGUAGES
from dsar_analyzer.report.redact import MIN_KEY_BYTES, Mode
from dsar_analyzer.report.letter import LETTER_KINDS, erasure_warning, letter_for, letter_summary
from dsar_analyzer.serve.jobs import UploadJob, Settings, Workshop, page_limits, spec_for
from dsar_analyzer.serve.texts import choose_language, size_text, texts

PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
#: A report needs its inline style and data: images, runs nothing, and may be framed by the page only.
REPORT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; "
                 "base-uri 'none'; frame-ancestors 'self'; sandbox allow-same-origin allow-modals")
HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "cache-control": "no-store",
           "cross-origin-opener-policy": "same-origin", "cross-origin-resource-policy": "same-origin"}
EARLIEST_BIRTH = date(1900, 1, 1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: ``Sec-Fetch-Site`` values of a request the page made itself or the parent typed; none is sent by
#: clients that are not browsers (no browser page can then be behind them).
OWN_SITES = frozenset({b"same-origin", b"none"})
FORBIDDEN = "Forbidden: open the address dsar-analyzer printed when it started."


@cache
def _templates() -> Environment:
    return Environment(loader=PackageLoader("dsar_analyzer.serve", "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)


class Guard:
    """ASGI middleware: the token and the Host header, then the security headers on every answer."""

    def __init__(self, app: ASGIApp, token: str, hosts: Callable[[], set[str]]) -> None:
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        first = scope["path"].lstrip("/").split("/", 1)[0]
        host = headers.get(b"host", b"").decode("latin-1")
        if not (secrets.compare_digest(first.encode(), self.token.encode()) and host in self.hosts()):
            await PlainTextResponse(FORBIDDEN, status_code=403, headers=HEADERS)(scope, receive, send)
            return
        if scope["method"] not in SAFE_METHODS and not _from_the_page(headers, host):
            await PlainTextResponse("Forbidden: only the page itself may change anything here.", status_code=403,
                                    headers=HEADERS)(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in names]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", PAGE_POLICY.encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


@dataclass(slots=True)
class Folder:
    """An unzipped export being uploaded file by file: where its files go, and how much came so far."""

    path: str
    received: int = 0
    files: int = 0


def create_app(token: str, workshop: Workshop, stop: Callable[[], None], port: Callable[[], int],
               max_upload: int | None = None) -> Starlette:
    """The page's application; ``port`` gives the bound port once known (for the Host check)."""
    limit = max_upload if max_upload is not None else page_limits().max_archive_bytes
    folders: dict[str, Folder] = {}  # folder uploads whose files are still coming, by job id

    def with_job(handler: Callable[[Request, UploadJob], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        """A route about one export: 404 when the page never had it or the parent removed it."""
        async def route(request: Request) -> Response:
            job = workshop.jobs.get(request.path_params["job"])
            if job is None:
                return JSONResponse({"error": "unknown export"}, status_code=404)
            return await handler(request, job)
        return route

    async def page(request: Request) -> Response:
        language = choose_language(request.query_params.get("lang"), request.headers.get("accept-language"))
        config = {"lang": language, "texts": texts(language), "max_upload": limit,
                  "limit_text": size_text(limit, language)}
        html = _templates().get_template("page.html.j2").render(
            lang=language, t=config["texts"], config=config, version=__version__)
        return Response(html, media_type="text/html; charset=utf-8")

    async def receive(request: Request, path: str, budget: int) -> int | None:
        """Stream the body into a new file at ``path``; its size, or None when it passed ``budget``."""
        received = 0
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            async for chunk in request.stream():
                received += len(chunk)
                if received > budget:
                    return None
                handle.write(chunk)
        return received

    def too_large(request: Request, budget: int) -> bool:
        declared = request.headers.get("content-length", "")
        return declared.isdigit() and int(declared) > budget

    async def upload(request: Request) -> Response:
        if too_large(request, limit):
            return JSONResponse({"refusal": "TooLarge"}, status_code=413)
        job, path = workshop.new_upload(request.query_params.get("name", ""))
        if request.query_params.get("folder"):
            # An unzipped export (a folder, or TikTok's TXT or JSON files chosen together): its files
            # come one by one (``files``), then ``read`` reads them as one export.
            os.mkdir(path, 0o700)
            folders[job.id] = Folder(path)
            return JSONResponse(job.public(), status_code=201)
        try:
            received = await receive(request, path, limit)
        except ClientDisconnect:
            workshop.discard_upload(job)
            return Response(status_code=400)
        if received is None:
            workshop.discard_upload(job)
            return JSONResponse({"refusal": "TooLarge"}, status_code=413)
        workshop.start(job, path)
        return JSONResponse(job.public(), status_code=202)

    async def folder_file(request: Request, job: UploadJob) -> Response:
        folder = folders.get(job.id)
        parts = _relative(request.query_params.get("path", ""))
        if folder is None:
            return JSONResponse({"error": "not a folder upload, or already read"}, status_code=409)
        if parts is None or folder.files >= Limits().max_members:
            return JSONResponse({"error": "path must be a relative path of at most 32 plain names"}, status_code=400)
        budget = limit - folder.received
        if too_large(request, budget):
            return refuse_folder(job)
        try:
            target = folder.path
            for part in parts[:-1]:
                target = os.path.join(target, part)
                if not os.path.isdir(target):
                    os.mkdir(target, 0o700)
            received = await receive(request, os.path.join(target, parts[-1]), budget)
        except (FileExistsError, NotADirectoryError, IsADirectoryError):
            return JSONResponse({"error": "this file was sent already"}, status_code=409)
        except ClientDisconnect:
            folders.pop(job.id, None)
            workshop.discard_upload(job)
            return Response(status_code=400)
        if received is None:
            return refuse_folder(job)
        folder.received += received
        folder.files += 1
        return Response(status_code=204)

    def refuse_folder(job: UploadJob) -> Response:
        folders.pop(job.id, None)
        workshop.discard_upload(job)
        return JSONResponse({"refusal": "TooLarge"}, status_code=413)

    async def read_folder(request: Request, job: UploadJob) -> Response:
        folder = folders.pop(job.id, None)
        if folder is None:
            return JSONResponse({"error": "not a folder upload, or already read"}, status_code=409)
        workshop.start(job, folder.path)
        return JSONResponse(job.public(), status_code=202)

    async def list_jobs(request: Request) -> Response:
        return JSONResponse([job.public() for job in list(workshop.jobs.values())])

    async def one_job(request: Request, job: UploadJob) -> Response:
        if request.method == "DELETE":
            if folders.pop(job.id, None) is not None:
                workshop.discard_upload(job)  # its files came in part only: they go at once
            workshop.remove(job.id)
            return Response(status_code=204)
        return JSONResponse(job.public())

    async def birth_date(request: Request, job: UploadJob) -> Response:
        body = await _json(request)
        text = body.get("birth_date") if isinstance(body, dict) else None
        try:
            value = date.fromisoformat(text) if text else None
        except (TypeError, ValueError):
            value = date.min
        if value is not None and not EARLIEST_BIRTH <= value <= date.today():
            return JSONResponse({"error": "birth_date must be YYYY-MM-DD, from 1900 to today"}, status_code=400)
        if job.export is None:
            return JSONResponse({"error": "this export was not read"}, status_code=409)
        workshop.set_birth_date(job, value)
        return JSONResponse(job.public())

    async def settings(request: Request) -> Response:
        body = await _json(request)
        if not isinstance(body, dict):
            return JSONResponse({"error": "expected an object"}, status_code=400)
        current = workshop.settings
        language = body.get("lang", current.language)
        try:
            mode = Mode(body.get("mode", current.mode))
        except ValueError:
            return JSONResponse({"error": "unknown mode"}, status_code=400)
        try:
            given = body.get("case_key")
            key = given.strip().encode("utf-8") if isinstance(given, str) else current.case_key
        except UnicodeEncodeError:  # a lone surrogate (JSON allows "\ud800"): no key can be made of it
            return JSONResponse({"error": "key_invalid"}, status_code=400)
        if language not in LANGUAGES:
            return JSONResponse({"error": "unknown language"}, status_code=400)
        if mode is Mode.CLAIM and (key is None or len(key) < MIN_KEY_BYTES):
            return JSONResponse({"error": "key_short"}, status_code=400)
        new = Settings(language=language, mode=mode, case_key=key)
        if new != current:
            workshop.change(new)
        return JSONResponse({"lang": new.language, "mode": str(new.mode), "has_key": new.case_key is not None})

    async def report(request: Request, job: UploadJob) -> Response:
        if job.html is None:
            return JSONResponse({"error": "no report yet"}, status_code=409)
        headers = {"content-security-policy": REPORT_POLICY}
        if request.query_params.get("download"):
            headers["content-disposition"] = _attachment(_report_file(job, workshop.settings.mode))
        return Response(job.html, media_type="text/html; charset=utf-8", headers=headers)

    async def letters(request: Request, job: UploadJob) -> Response:
        """The letters step: what each letter asks, and the erasure warning with the export's SHA-256."""
        if job.export is None or job.analysis is None:
            return JSONResponse({"error": "no report yet"}, status_code=409)
        language, sha256 = workshop.settings.language, job.export.input.sha256
        return JSONResponse({"sha256": sha256, "erasure_warning": erasure_warning(sha256, language),
                             "letters": [{"kind": kind, "summary": letter_summary(kind, language)}
                                         for kind in LETTER_KINDS]})

    async def letter(request: Request, job: UploadJob) -> Response:
        """One letter: HTML to print and post, or plain text to paste into TikTok's web form."""
        kind = request.path_params["kind"]
        form = request.query_params.get("format", "html")
        if kind not in LETTER_KINDS or form not in ("html", "text"):
            return JSONResponse({"error": "unknown letter"}, status_code=404)
        export, analysis, settings = job.export, job.analysis, workshop.settings
        if export is None or analysis is None:
            return JSONResponse({"error": "no report yet"}, status_code=409)
        # The letter is dated by the page's one time-stamp rule (the report's), settled for this job; the
        # deadline's receipt rule follows the way it is sent: printed goes by post, text into the form.
        sent_on = spec_for(job, settings).generated_at.date()
        made = await run_in_threadpool(letter_for, kind, export, analysis, settings.language, sent_on,
                                       "post" if form == "html" else "form", mode=settings.mode,
                                       case_key=settings.case_key)
        html_name, text_name = made.file_names
        headers = {"content-security-policy": REPORT_POLICY}
        if request.query_params.get("download"):
            headers["content-disposition"] = _attachment(_file_stem(job, settings.mode)
                                                         + (html_name if form == "html" else text_name))
        if form == "html":
            return Response(made.html, media_type="text/html; charset=utf-8", headers=headers)
        return PlainTextResponse(made.text, headers=headers)

    async def family(request: Request) -> Response:
        index = workshop.family()
        if index is None:
            return JSONResponse({"error": "fewer than two reports"}, status_code=409)
        headers = {"content-security-policy": REPORT_POLICY}
        if request.query_params.get("download"):
            headers["content-disposition"] = _attachment(f"family-{workshop.settings.mode}.html")
        return Response(index.html, media_type="text/html; charset=utf-8", headers=headers)

    async def diagnostic(request: Request, job: UploadJob) -> Response:
        if job.diagnostic is None:
            return JSONResponse({"error": "no diagnostic"}, status_code=404)
        return Response(job.diagnostic, media_type="application/json",
                        headers={"content-disposition": _attachment("dsar-analyzer-diagnostic.json")})

    async def shutdown(request: Request) -> Response:
        stop()
        return Response(status_code=204)

    async def to_slash(request: Request) -> Response:
        return RedirectResponse(f"/{token}/", status_code=308)

    inner = [
        Route("/", page),
        Route("/api/exports", upload, methods=["POST"]),
        Route("/api/exports", list_jobs, methods=["GET"]),
        Route("/api/exports/{job}", with_job(one_job), methods=["GET", "DELETE"]),
        Route("/api/exports/{job}/files", with_job(folder_file), methods=["POST"]),
        Route("/api/exports/{job}/read", with_job(read_folder), methods=["POST"]),
        Route("/api/exports/{job}/birth-date", with_job(birth_date), methods=["POST"]),
        Route("/api/exports/{job}/report", with_job(report), methods=["GET"]),
        Route("/api/exports/{job}/letters", with_job(letters), methods=["GET"]),
        Route("/api/exports/{job}/letters/{kind}", with_job(letter), methods=["GET"]),
        Route("/api/exports/{job}/diagnostic", with_job(diagnostic), methods=["GET"]),
        Route("/api/family", family, methods=["GET"]),
        Route("/api/settings", settings, methods=["POST"]),
        Route("/api/shutdown", shutdown, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("dsar_analyzer.serve", "static")])),
    ]
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Runs before uvicorn hands a caught Ctrl-C or SIGTERM back to the process, which may end it at once.
        yield
        workshop.close()

    app = Starlette(routes=[Route(f"/{token}", to_slash), Mount(f"/{token}", routes=inner)], lifespan=lifespan)
    app.add_middleware(Guard, token=token,
                       hosts=lambda: {f"127.0.0.1:{port()}", f"localhost:{port()}"})
    return app


def _from_the_page(headers: dict[bytes, bytes], host: str) -> bool:
    """Whether a request that changes something comes from the page's own origin (or from no page)."""
    site = headers.get(b"sec-fetch-site")
    origin = headers.get(b"origin")
    return (site is None or site in OWN_SITES) and (origin is None or origin.decode("latin-1") == f"http://{host}")


def _relative(path: str) -> list[str] | None:
    """A file's path inside an uploaded folder as plain names, or None for anything else (``..``, ``/x``)."""
    parts = path.split("/")
    limits = Limits()
    if not 1 <= len(parts) <= limits.max_depth:
        return None
    for part in parts:
        if part in ("", ".", "..") or "\\" in part or not part.isprintable():
            return None
        try:
            if len(part.encode("utf-8")) > limits.max_segment_bytes:
                return None
        except UnicodeEncodeError:
            return None
    return parts


async def _json(request: Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        return None


def _report_file(job: UploadJob, mode: Mode) -> str:
    if mode is Mode.CLAIM:
        # A parent may have named the file after the child; a claim copy is named by its content.
        return f"tiktok-report-claim-{(job.sha256 or '')[:12]}.html"
    return f"{_file_stem(job, mode)}-{mode}.html"


def _file_stem(job: UploadJob, mode: Mode) -> str:
    """The saved files' common stem: the upload's name without ``.zip``, in a claim copy the export's hash."""
    if mode is Mode.CLAIM:
        return f"tiktok-claim-{(job.export.input.sha256 if job.export else '')[:12]}"
    return job.name[:-4] if job.name.lower().endswith(".zip") else job.name


def _attachment(name: str) -> str:
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
