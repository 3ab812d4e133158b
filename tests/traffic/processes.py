"""The proxy as a user starts it: its own process on a free port, stopped with SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.servers import free_port


@contextmanager
def proxy_process(upstream: str, report_dir: Path, *args: str) -> Iterator[str]:
    """`leadping-proxy --upstream UPSTREAM ARGS` until the block ends (then SIGTERM, and wait:
    the reports are complete once it has exited)."""
    port = free_port()
    command = [
        sys.executable, "-m", "contract_tests.proxy.cli", "--upstream", upstream,
        "--port", str(port), "--report-dir", str(report_dir), *args,
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=log, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"the proxy exited: {log.read().decode()[-2000:]}")
                try:
                    if httpx.get(f"{base}/__proxy/report", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the proxy did not answer within 30 s")
                time.sleep(0.1)
            yield base
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
