"""README's "Using the contract with other tools", command by command, against the mock:
openapi-core with problem+json registered, openapi-python-client's generated client, and Prism's
validation proxy given the copy written for it (openapi-typescript: test_typescript_types.py)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from bench.servers import free_port
from contract_tests.target import local_mock
from mockserver.settings import Settings
from tests.stores.servers import mock_process

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "contract-tools"
PRISM = TOOLS / "node_modules" / ".bin" / "prism"
OPENAPI_CORE = ROOT / ".venv" / "openapi-core" / "bin" / "python"
README = (ROOT / "README.md").read_text(encoding="utf-8")
README_URL = "http://127.0.0.1:8080"
TOKEN = {"Authorization": "Bearer any"}
SELECT = "/phone-numbers/outgoing/new"
STATUS = "/phone-numbers/%2B16157605300/status"


def require(tool: Path) -> None:
    if tool.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{tool.relative_to(ROOT)} missing in CI: make test installs it")
    pytest.skip(f"{tool.relative_to(ROOT)} not installed (make other-tools)")


def run(*command: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # .venv/bin first on PATH, as README says: openapi-python-client runs ruff on what it writes.
    path = f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        [str(c) for c in command],
        cwd=cwd, env={**os.environ, "PATH": path},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    with local_mock(Settings()) as url:
        yield url


@pytest.fixture(scope="module")
def wrong_mock() -> Iterator[str]:
    """A mock process whose selections write healthStatus in lower case."""
    with mock_process("--fault", "enum-wrong-case") as url:
        yield url


def test_openapi_core_reads_every_answer_once_problem_json_is_registered(
    mock: str, wrong_mock: str
) -> None:
    require(OPENAPI_CORE)
    script = TOOLS / "check_with_openapi_core.py"
    checked = run(OPENAPI_CORE, script, mock)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("conforms") == 4
    assert "404 application/problem+json conforms" in checked.stdout
    as_shipped = run(OPENAPI_CORE, script, mock, "--as-shipped")
    assert as_shipped.returncode == 1
    assert "404 application/problem+json invalid" in as_shipped.stdout
    wrong = run(OPENAPI_CORE, script, wrong_mock)
    assert wrong.returncode == 1
    assert "'healthy' is not one of" in wrong.stdout


def test_the_python_client_readme_shows_generates_and_calls_the_mock(
    mock: str, tmp_path: Path
) -> None:
    generated = run(
        "openapi-python-client", "generate",
        "--path", ROOT / "openapi.yaml", "--meta", "none",
        "--output-path", tmp_path / "leadping_client",
    )  # fmt: skip
    assert generated.returncode == 0, generated.stdout + generated.stderr
    (usage,) = [
        block
        for block in re.findall(r"```python\n(.*?)```", README, re.DOTALL)
        if "AuthenticatedClient" in block
    ]
    assert README_URL in usage
    called = run(sys.executable, "-c", usage.replace(README_URL, mock), cwd=tmp_path)
    assert called.returncode == 0, called.stderr
    reason, number = called.stdout.splitlines()[0].split()
    assert (reason, number[:2]) == ("Preferred", "+1")


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def prism_proxies(upstream: str, **contracts: Path) -> Iterator[dict[str, str]]:
    """`prism proxy CONTRACT UPSTREAM --errors`, one per contract, started together."""
    with ExitStack() as stack:
        urls: dict[str, str] = {}
        for name, contract in contracts.items():
            port = free_port()
            command = [str(PRISM), "proxy", str(contract), upstream, "--errors", "-p", str(port)]
            process = subprocess.Popen(
                [*command, "-v", "silent"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            stack.callback(process.wait, 10)
            stack.callback(process.terminate)
            urls[name] = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while not all(_listening(int(url.rsplit(":", 1)[1])) for url in urls.values()):
            assert time.monotonic() < deadline, "Prism did not start within 30 s"
            time.sleep(0.1)
        yield urls


def test_prism_validates_with_the_copy_written_for_it(wrong_mock: str, tmp_path: Path) -> None:
    require(PRISM)
    copy = tmp_path / "openapi.prism.yaml"
    written = run("make", "--no-print-directory", "contract-export", "FOR=prism", f"OUT={copy}")
    assert written.returncode == 0, written.stderr
    with prism_proxies(wrong_mock, raw=ROOT / "openapi.yaml", copy=copy) as prism:
        right = httpx.get(prism["copy"] + STATUS, headers=TOKEN, timeout=10)
        wrong = httpx.post(prism["copy"] + SELECT, json={}, headers=TOKEN, timeout=10)
        skipped = httpx.post(prism["raw"] + SELECT, json={}, headers=TOKEN, timeout=10)
        refused = httpx.get(prism["copy"] + STATUS, timeout=10)
    assert right.status_code == 200, right.text
    assert "sl-violations" not in right.headers
    assert wrong.status_code == 500
    assert '"healthStatus"' in wrong.headers["sl-violations"]
    # The contract as written: the same wrong answer passes unreported (prism#1931).
    assert skipped.status_code == 200
    assert skipped.json()["healthStatus"] == "healthy"
    assert "sl-violations" not in skipped.headers
    assert refused.status_code == 401, "Prism applies the contract's bearerAuth"
