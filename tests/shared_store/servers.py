"""Real processes for the shared-store tests: a redis-server on a free loopback port (Debian's
package, installed by scripts/ensure-apt when missing) and mock processes started like a user
starts them."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def redis_server_binary() -> str:
    found = shutil.which("redis-server")
    if found is None:
        subprocess.run(
            [str(ROOT / "scripts" / "ensure-apt"), "redis-server", "redis-server", "these tests"],
            check=True,
        )
        found = shutil.which("redis-server")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing in CI: make test installs it (ensure-apt)")
        pytest.skip("redis-server is not installed and cannot be installed here")
    return found


class RedisServer:
    """One redis-server without persistence: stopping it loses its data, as a crash would."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [self.binary, "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--save", "", "--appendonly", "no", "--protected-mode", "yes"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def mock_process(*args: str) -> Iterator[str]:
    """`leadping-mock ARGS` on a free port until the block ends; yields its base URL once its
    health endpoint answers (200, or 503 when its store is down)."""
    # Its log goes to a file, not a pipe: a full pipe would stall the mock.
    with tempfile.TemporaryFile() as log:
        port = free_port()
        command = [sys.executable, "-m", "mockserver.cli", "--port", str(port), *args]
        # Its own process group, so its uvicorn workers stop with it.
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
        )
        try:
            yield _wait_for_health(process, f"http://127.0.0.1:{port}", log)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_for_health(process: subprocess.Popen[bytes], base: str, log: IO[bytes]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            error = log.read().decode(errors="replace")
            raise RuntimeError(f"the mock exited with {process.returncode}: {error[-2000:]}")
        try:
            if httpx.get(f"{base}/__health", timeout=2).status_code in (200, 503):
                return base
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the mock did not answer within 60 s")
