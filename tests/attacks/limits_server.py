"""A real HTTP server on loopback whose answers the attack tests choose: trickling one
byte at a time, oversized, redirecting, or plain JSON."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

Answer = Callable[[socket.socket], None]


def trickle(delay: float, total: int = 120) -> Answer:
    """Send a 200 response one byte every ``delay`` seconds (headers included), ``total`` bytes."""
    def answer(conn: socket.socket) -> None:
        text = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"id": "' + b"x" * total
        for i in range(len(text)):
            conn.sendall(text[i:i + 1])
            time.sleep(delay)
    return answer


def body(data: bytes, *, length: bool = True, status: str = "200 OK",
         headers: str = "") -> Answer:
    """Send ``data`` at once, with or without a Content-Length header."""
    def answer(conn: socket.socket) -> None:
        head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nConnection: close\r\n"
        head += f"Content-Length: {len(data)}\r\n" if length else ""
        conn.sendall((head + headers + "\r\n").encode() + data)
    return answer


class LoopbackServer:
    """Accepts connections on 127.0.0.1 and answers each with ``answer``; counts requests."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.sock.getsockname()[1])
        self.url = f"http://localhost:{self.port}"
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sock.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                self.requests += 1
                self.answer(conn)
            except OSError:
                pass  # the client hung up: that is what a deadline does
