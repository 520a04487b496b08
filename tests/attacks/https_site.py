"""A real HTTPS site on loopback for the JWK set tests: ``https://localhost:PORT`` and, the
same server under another origin, ``https://127.0.0.1:PORT``, with a certificate made here
and trusted through ``SSL_CERT_FILE`` (as ``tests/mailserver.py`` does for SMTP). Each path
answers what the test chose: JSON, a redirect, or a large body."""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.mailserver import self_signed


@dataclass
class Site:
    """What each path answers: ``(status, headers, body)``; which paths were asked for."""

    port: int = 0
    pages: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"https://localhost:{self.port}"

    @property
    def other_origin(self) -> str:
        """The same server reached by another host name: another origin."""
        return f"https://127.0.0.1:{self.port}"

    def json(self, path: str, document: Any) -> None:
        self.pages[path] = (200, {"Content-Type": "application/json"},
                            json.dumps(document).encode())

    def redirect(self, path: str, location: str) -> None:
        self.pages[path] = (302, {"Location": location}, b"")


@contextmanager
def https_site(folder: Path) -> Iterator[tuple[Site, Path]]:
    """Serve a ``Site``; yields it and the certificate file to trust."""
    cert, key = self_signed(folder)
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.asked.append(self.path)
            status, headers, body = site.pages.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    site.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, cert
    finally:
        server.shutdown()
        server.server_close()
