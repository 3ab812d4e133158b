"""Real processes for the shared-store tests: redis-server (Debian's package, installed by
scripts/ensure-apt when missing; started by bench.servers.RedisServer) and mock processes
started like a user starts them."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx
import pytest

from bench.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


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


# The checkout's mock, run by this interpreter.
CHECKOUT_MOCK = (sys.executable, "-m", "mockserver.cli")


@contextmanager
def mock_process(
    *args: str,
    program: Sequence[str] = CHECKOUT_MOCK,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """`leadping-mock ARGS` on a free port until the block ends; yields its base URL once its
    health endpoint answers (200, or 503 when its store is down). `program` runs another
    installation of it (tests/test_packaging.py: a wheel's)."""
    with mock_with_terminal(*args, program=program, cwd=cwd, env=env) as (base, _terminal):
        yield base


@contextmanager
def mock_with_terminal(
    *args: str,
    program: Sequence[str] = CHECKOUT_MOCK,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[tuple[str, Callable[[], str]]]:
    """As mock_process, with what the mock has printed on its terminal so far."""
    # Its log goes to a file, not a pipe: a full pipe would stall the mock.
    with tempfile.TemporaryFile() as log:
        port = free_port()
        command = [*program, "--port", str(port), *args]
        # Its own process group, so its uvicorn workers stop with it.
        process = subprocess.Popen(
            command, stdout=log, stderr=log, start_new_session=True, cwd=cwd, env=env
        )

        def terminal() -> str:
            log.seek(0)
            return log.read().decode(errors="replace")

        try:
            yield _wait_for_health(process, f"http://127.0.0.1:{port}", log), terminal
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
