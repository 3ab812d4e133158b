"""The bench's own set-up: wrk from Debian, Prism from npm (into .bench/, never on PATH)."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

from bench.servers import PRISM, ROOT

PRISM_PACKAGE = "@stoplight/prism-cli@5.14.2"


class SetupError(RuntimeError):
    """A tool the bench needs is missing and cannot be installed here."""


def ensure_tools() -> None:
    subprocess.run([str(ROOT / "scripts" / "ensure-apt"), "wrk", "wrk", "make bench"], check=True)
    subprocess.run(
        [str(ROOT / "scripts" / "ensure-apt"), "redis-server", "redis-server", "make bench"],
        check=True,
    )
    if shutil.which("redis-server") is None:
        raise SetupError("redis-server is missing: install Debian's redis-server")
    if shutil.which("wrk") is None:
        raise SetupError("wrk is missing: install Debian's wrk (apt-get install wrk)")
    if shutil.which("taskset") is None:
        raise SetupError("taskset is missing: install Debian's util-linux")
    if not PRISM.exists():
        if shutil.which("npm") is None:
            raise SetupError("npm is missing: Prism comes from the npm registry")
        print(f"bench: installing {PRISM_PACKAGE} into .bench/prism", flush=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(PRISM.parents[2]),
                PRISM_PACKAGE,
            ],
            check=True,
        )


def versions() -> dict[str, str]:
    """What the figures were measured with."""
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    prism = subprocess.run([str(PRISM), "--version"], capture_output=True, text=True).stdout
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "?")
    cores = len(os.sched_getaffinity(0))
    return {
        "machine": f"{cpu}, {cores} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "connexion": version("connexion"),
        "uvicorn": version("uvicorn"),
        "starlette": version("starlette"),
        "jsonschema-rs": version("jsonschema-rs"),
        "redis": subprocess.run(
            ["redis-server", "--version"], capture_output=True, text=True
        ).stdout.split()[2],
        "redis-py": version("redis"),
        "prism": prism.strip(),
        "wrk": " ".join(wrk.split()[:2]),
    }
