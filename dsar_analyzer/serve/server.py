"""Run the page's application with uvicorn on 127.0.0.1 only, on a port chosen before anything is printed.

The socket is bound and listening before the address is handed out, so the first request can
never race the start of the server. The private upload folder is removed when the server stops,
by the page's stop button, Ctrl-C, SIGTERM or SIGHUP (the terminal it runs in was closed); what a
killed earlier run left is removed at start (``scratch.remove_left_overs``).
"""

from __future__ import annotations

import secrets
import signal
import socket
import threading

import uvicorn

from dsar_analyzer.serve.app import create_app
from dsar_analyzer.serve.jobs import Workshop
from dsar_analyzer.serve.scratch import remove_left_overs

HOST = "127.0.0.1"
#: Seconds a stopping page waits for requests in flight (an upload the browser still sends) before it
#: cancels them; their partial files go with the folder.
GRACE = 3


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
        self.left_overs = remove_left_overs()
        self.workshop = Workshop()
        app = create_app(self.token, self.workshop, self.stop, lambda: self.port, max_upload)
        # No access log (it would write the token), no WebSockets: plain HTTP on one socket; the
        # application's lifespan removes the uploads folder when the server stops.
        self.server = uvicorn.Server(uvicorn.Config(app, log_config=None, log_level="warning", access_log=False,
                                                    lifespan="on", ws="none", http="h11", server_header=False,
                                                    date_header=False, timeout_graceful_shutdown=GRACE))
        self.hung_up = False

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/{self.token}/"

    def stop(self) -> None:
        self.server.should_exit = True

    def _hang_up(self, signum: int, frame: object) -> None:
        self.hung_up = True
        self.stop()

    def run(self) -> None:
        """Serve until stopped; always remove the uploads folder.

        uvicorn stops cleanly on SIGINT and SIGTERM; SIGHUP would end the process where it stands,
        leaving the upload behind, so it stops the server the same way and is raised again once the
        folder is gone (the process then ends as a hung-up process does).
        """
        hangup = getattr(signal, "SIGHUP", None)
        previous = None
        if (hangup is not None and threading.current_thread() is threading.main_thread()
                and signal.getsignal(hangup) is not signal.SIG_IGN):  # under nohup it stays ignored
            previous = signal.signal(hangup, self._hang_up)
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self.workshop.close()
            self.socket.close()
            if previous is not None:
                signal.signal(hangup, previous)  # type: ignore[arg-type]
        if self.hung_up and hangup is not None:
            signal.raise_signal(hangup)
