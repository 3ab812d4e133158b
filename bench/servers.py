"""The servers under test as child processes pinned to one core: started, timed to their first
good answer, measured for memory, stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.load import CLIENT_HEADERS, SERVER_CORE

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / ".bench" / "prism" / "node_modules" / ".bin" / "prism"
UVICORN = [sys.executable, "-m", "uvicorn", "--no-access-log", "--log-level", "warning"]


@dataclass(frozen=True)
class ServerSpec:
    name: str
    # The command, given the port; it must run in the foreground so its pid is the server's.
    command: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    cores: str = SERVER_CORE  # taskset's list: where its processes may run


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def mock_spec(
    name: str = "mock", factory: str = "mockserver.app:create_app", **env: str
) -> ServerSpec:
    return ServerSpec(name, (*UVICORN, "--factory", factory), env)


def shared_mock_spec(name: str, redis_url: str, namespace: str, workers: int) -> ServerSpec:
    """The mock on a Redis world, its workers free to use both cores."""
    env = {"LEADPING_MOCK_STORE": redis_url, "LEADPING_MOCK_STORE_NAMESPACE": namespace}
    command = (*UVICORN, "--workers", str(workers), "--factory", "mockserver.app:create_app")
    return ServerSpec(name, command, env, cores="0,1")


def proxy_spec(upstream: str, report_dir: Path) -> ServerSpec:
    """leadping-proxy in front of `upstream`, checking every exchange as it would in use."""
    command = (sys.executable, "-m", "contract_tests.proxy.cli", "--upstream", upstream)
    return ServerSpec("proxy", (*command, "--report-dir", str(report_dir)))


def bare_spec(selection_body: Path, status_body: Path) -> ServerSpec:
    env = {"BENCH_SELECTION_BODY": str(selection_body), "BENCH_STATUS_BODY": str(status_body)}
    return ServerSpec("bare", (*UVICORN, "--factory", "bench.bare_app:create_app"), env)


def prism_spec() -> ServerSpec:
    # Static mode (answers the contract's examples), logging silenced: Prism at its fastest.
    return ServerSpec("prism", (str(PRISM), "mock", str(ROOT / "openapi.yaml"), "-v", "silent"))


def _stat_fields(pid: int) -> list[str] | None:
    """/proc/PID/stat's fields after the command name (which may hold spaces), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None  # it ended meanwhile
    return text.rpartition(")")[2].split()


def _cpu_seconds(fields: list[str]) -> float:
    # utime and stime are fields 14 and 15 of stat(5): 12 and 13 after the name and state.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far."""
    fields = _stat_fields(pid)
    if fields is None:
        raise RuntimeError(f"no process {pid}")
    return _cpu_seconds(fields)


def group_cpu_seconds(group: int) -> float:
    """User and system CPU time so far of every live process in a process group."""
    pids = (int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit())
    found = (_stat_fields(pid) for pid in pids)
    # pgrp is field 5 of stat(5): 3 after the name and state.
    return sum(_cpu_seconds(f) for f in found if f is not None and int(f[2]) == group)


class Server:
    """One running server; `started_in` is the time from spawn to its first 200 on `ready_path`."""

    def __init__(self, spec: ServerSpec, ready_path: str) -> None:
        self.spec = spec
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [*spec.command]
        if command[0] == str(PRISM):
            command += ["-h", "127.0.0.1", "-p", str(self.port)]
        else:
            command += ["--host", "127.0.0.1", "--port", str(self.port)]
        began = time.perf_counter()
        self.process = subprocess.Popen(
            ["taskset", "-c", spec.cores, *command],
            cwd=ROOT,
            env={**os.environ, **spec.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.started_in = self._wait_ready(ready_path, began)

    def _wait_ready(self, path: str, began: float, timeout: float = 120.0) -> float:
        deadline = began + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                errors = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"{self.spec.name} exited while starting:\n{errors[-2000:]}")
            try:
                ready = httpx.get(self.url + path, headers=CLIENT_HEADERS, timeout=1.0)
                if ready.status_code == 200:
                    return time.perf_counter() - began
            except httpx.TransportError:
                pass
            time.sleep(0.005)
        self.stop()
        raise RuntimeError(f"{self.spec.name} gave no 200 on {path} within {timeout:.0f} s")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and every process it started (its workers)."""
        return group_cpu_seconds(self.process.pid)

    def rss_mib(self) -> float:
        """Resident memory of the server process in MiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"{self.spec.name}: no VmRSS for pid {self.process.pid}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


class RedisServer:
    """A redis-server without persistence on a free loopback port: stopping it loses its data,
    as a crash would, and start() brings it back empty on the same port."""

    def __init__(self, binary: str = "redis-server") -> None:
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [self.binary, "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--save", "", "--appendonly", "no"]
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
        self.stop()
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def cpu_seconds(self) -> float:
        """CPU time redis-server has used so far."""
        assert self.process is not None, "not started"
        return process_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
