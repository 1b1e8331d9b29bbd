"""Run the page's application with uvicorn on 127.0.0.1 only, on a port chosen before anything is printed.

The socket is bound and listening before the address is handed out, so the first request can
never race the start of the server; the private upload folder is removed when the server stops,
by the page's stop button or by Ctrl-C.
"""

from __future__ import annotations

import secrets
import socket

import uvicorn

from dsar_analyzer.serve.app import create_app
from dsar_analyzer.serve.jobs import Workshop

HOST = "127.0.0.1"


class LocalServer:
    """One page session: the token, the bound socket, the uploads, and the uvicorn server."""

    def __init__(self, port: int = 0, max_upload: int | None = None) -> None:
        self.token = secrets.token_urlsafe(32)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            self.socket.bind((HOST, port))
            self.socket.listen(64)
        except OSError:
            self.socket.close()
            raise
        self.port: int = self.socket.getsockname()[1]
        self.workshop = Workshop()
        app = create_app(self.token, self.workshop, self.stop, lambda: self.port, max_upload)
        # No access log (it would write the token), no WebSockets: plain HTTP on one socket; the
        # application's lifespan removes the uploads folder when the server stops.
        self.server = uvicorn.Server(uvicorn.Config(app, log_config=None, log_level="warning", access_log=False,
                                                    lifespan="on", ws="none", http="h11", server_header=False,
                                                    date_header=False))

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/{self.token}/"

    def stop(self) -> None:
        self.server.should_exit = True

    def run(self) -> None:
        """Serve until stopped; always remove the uploads folder."""
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self.workshop.close()
            self.socket.close()
