"""The deployment under test: a URL given, or the mock served from this process on a free port."""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from mockserver.settings import Settings

PROBE_PATH = "/phone-numbers/%2B10000000000/status"
START_TIMEOUT = 30.0


class TargetError(RuntimeError):
    """The target cannot be tested: unreachable, or it refuses the credentials."""


@contextmanager
def serve(app: Any, **options: Any) -> Iterator[str]:
    """Serve an ASGI app on a free loopback port in a thread; yield its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise TargetError("the local server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def local_mock(settings: Settings) -> Iterator[str]:
    """Serve the mock on 127.0.0.1 in a thread for the duration; yield its base URL."""
    # Only here: replaying payloads needs no mock.
    from mockserver.app import create_app, server_options

    with serve(create_app(settings), **server_options()) as url:
        yield url


TOKEN_ENV = "LEADPING_API_TOKEN"


def add_request_options(parser: argparse.ArgumentParser) -> None:
    """--header, --token-env and --request-timeout: the same for every command sending requests."""
    parser.add_argument(
        "--header",
        "-H",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="an extra header on every request (repeatable)",
    )
    parser.add_argument(
        "--token-env",
        default=TOKEN_ENV,
        metavar="NAME",
        help=f"environment variable holding a bearer token (default {TOKEN_ENV})",
    )
    parser.add_argument(
        "--request-timeout", type=float, default=10.0, help="seconds per request (default 10)"
    )


def request_headers(raw_headers: list[str], token_env: str) -> dict[str, str]:
    """--header 'Name: value' options, plus a bearer token read from the named variable."""
    headers: dict[str, str] = {}
    for raw in raw_headers:
        name, sep, value = raw.partition(":")
        if not sep or not name.strip():
            raise ValueError(f"--header {raw!r}: expected 'Name: value'")
        if not _header_text(raw):
            raise ValueError(f"--header {raw[:60]!r}: expected printable ASCII, as HTTP sends")
        headers[name.strip()] = value.strip()
    token = os.environ.get(token_env, "").strip()
    if token and not _header_text(token):  # never quoted: it is a secret
        raise ValueError(
            f"${token_env}: expected a token of printable ASCII; it holds other characters"
        )
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def _header_text(text: str) -> bool:
    return text.isascii() and text.isprintable()


def preflight(base_url: str, headers: dict[str, str], timeout: float) -> None:
    """One harmless read first, so a wrong URL or token fails in one clear line."""
    try:
        response = httpx.get(base_url.rstrip("/") + PROBE_PATH, headers=headers, timeout=timeout)
    except httpx.HTTPError as error:
        raise TargetError(f"cannot reach {base_url}: {error.__class__.__name__}: {error}") from None
    if response.status_code in (401, 403):
        raise TargetError(
            f"{base_url} refused the credentials ({response.status_code}); check the token variable"
        )
