"""A request's head is bounded as Kestrel bounds it: at most 32 KiB (431), sent within the head
time-out (408), each a problem+json; a socket trickling an endless header is let go."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from contract_tests.target import serve
from mockserver.app import create_app
from mockserver.http.uvicorn_protocol import BoundedHttpToolsProtocol
from mockserver.settings import Settings


class QuickHeads(BoundedHttpToolsProtocol):
    head_timeout = 1.0


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with serve(create_app(Settings()), http=QuickHeads) as url:
        yield int(url.rsplit(":", 1)[1])


def answer_to(port: int, data: bytes, wait: float = 5.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as conn:
        conn.sendall(data)
        received = b""
        try:
            while chunk := conn.recv(65536):
                received += chunk
        except TimeoutError:
            pass
        return received


def test_a_head_over_32_kib_is_a_431_problem(port: int) -> None:
    head = b"GET /__health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 40_000
    answer = answer_to(port, head)
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b"content-type: application/problem+json" in answer
    assert b'"status": 431' in answer


def test_a_client_pushing_megabytes_of_header_is_cut_off(port: int) -> None:
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"GET /__health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
        try:
            while sent < 4_000_000:
                conn.sendall(b"a" * 65536)
                sent += 65536
        except OSError:
            pass  # the server closed the connection
    assert sent < 4_000_000, "the server stopped reading long before 4 MB"
    assert answer_to(port, b"GET /__health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").startswith(
        b"HTTP/1.1 200 "
    )


def test_an_unfinished_head_is_let_go_with_a_408(port: int) -> None:
    started = time.monotonic()
    answer = answer_to(port, b"GET /__health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: abc")
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:100]
    assert time.monotonic() - started < 4


def test_a_connection_that_never_begins_a_request_is_closed(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        started = time.monotonic()
        assert conn.recv(100) == b"", "closed by the server"
        assert time.monotonic() - started < 4


def test_ordinary_heads_and_keep_alive_are_untouched(port: int) -> None:
    request = b"GET /__health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Ok: " + b"b" * 20_000 + b"\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        for _ in range(2):
            conn.sendall(request)
            first = conn.recv(65536)
            assert first.startswith(b"HTTP/1.1 200 ")
