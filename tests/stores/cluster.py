"""A three-node Redis Cluster on loopback for the tests (redis-server in cluster mode, joined
by `redis-cli --cluster create`), with no replicas and no persistence."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.stores.servers import redis_server_binary

NODES = 3


@contextmanager
def redis_cluster() -> Iterator[str]:
    """The cluster's URL for the store (`redis-cluster://HOST:PORT`, any node) until the block
    ends; every node stops with it."""
    binary = redis_server_binary()
    cli = shutil.which("redis-cli")
    if cli is None:
        pytest.skip("redis-cli is not installed (Debian's redis-tools)")
    ports = _cluster_ports()
    with tempfile.TemporaryDirectory() as scratch:
        nodes = [_node(binary, Path(scratch), port) for port in ports]
        try:
            for port in ports:
                _wait(cli, port, "PING", "PONG")
            addresses = [f"127.0.0.1:{port}" for port in ports]
            subprocess.run(
                [
                    cli,
                    "--cluster",
                    "create",
                    *addresses,
                    "--cluster-replicas",
                    "0",
                    "--cluster-yes",
                ],
                check=True,
                capture_output=True,
                timeout=30,
            )
            for port in ports:
                _wait(cli, port, "CLUSTER INFO", "cluster_state:ok")
            yield f"redis-cluster://127.0.0.1:{ports[0]}"
        finally:
            for node in nodes:
                node.terminate()
            for node in nodes:
                node.wait(timeout=10)


def _cluster_ports() -> list[int]:
    """Free ports whose cluster bus ports (each port + 10000) are free too."""
    found: list[int] = []
    while len(found) < NODES:
        port = random.randint(20_000, 45_000)
        if port not in found and _free(port) and _free(port + 10_000):
            found.append(port)
    return found


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _node(binary: str, scratch: Path, port: int) -> subprocess.Popen[bytes]:
    folder = scratch / str(port)
    folder.mkdir()
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder)]
    command += ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"]
    command += ["--save", "", "--appendonly", "no"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait(cli: str, port: int, command: str, expected: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = subprocess.run(
            [cli, "-p", str(port), *command.split()], capture_output=True, text=True
        )
        if expected in answer.stdout:
            return
        time.sleep(0.05)
    raise RuntimeError(f"redis node on port {port} did not answer {expected} to {command}")
