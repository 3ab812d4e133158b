"""make types: the contract as TypeScript a frontend imports. The types compile under strict
TypeScript with a small openapi-fetch client, that client calls a running mock, integers in
answers are numbers, and a misuse the contract forbids does not compile."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.target import local_mock
from mockserver.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "typescript" / "node_modules"


def require_node_packages() -> None:
    there = shutil.which("node") is not None and (PACKAGES / "typescript").is_dir()
    if not there and os.environ.get("CI"):
        pytest.fail("node or typescript/node_modules missing in CI: make test installs them")
    if not there:
        pytest.skip("node packages not installed (make test or make types installs them)")


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=180, check=False
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated types (through make types) beside the check's TypeScript sources."""
    require_node_packages()
    work = tmp_path_factory.mktemp("types")
    made = run(["make", "--no-print-directory", "types", f"OUT={work / 'leadping-api.d.ts'}"], ROOT)
    assert made.returncode == 0, made.stderr
    for source in (ROOT / "typescript" / "check").iterdir():
        shutil.copy(source, work / source.name)
    (work / "node_modules").symlink_to(PACKAGES)
    (work / "package.json").write_text('{"type": "module"}')
    return work


@pytest.fixture(scope="module")
def compiled(workspace: Path) -> subprocess.CompletedProcess[str]:
    """One strict compile of the client and the misuse together (tsc is seconds per run): tsc
    still emits the client when the misuse fails, and each error names its file."""
    return run([str(PACKAGES / ".bin" / "tsc"), "-p", "tsconfig.json"], workspace)


def errors_in(compiled: subprocess.CompletedProcess[str], source: str) -> list[str]:
    return [line for line in compiled.stdout.splitlines() if line.startswith(f"{source}(")]


def test_answers_integers_are_numbers_and_requests_keep_the_contracts_types(
    workspace: Path,
) -> None:
    types = (workspace / "leadping-api.d.ts").read_text()
    assert "Int32: number;" in types
    assert 'windowDays?: components["schemas"]["Int32String"];' in types
    assert "Int32String: string" in types, "a query parameter, sent as text"


def _referenced(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                found.add(value.rsplit("/", 1)[-1])
            else:
                _referenced(value, found)
    elif isinstance(node, list):
        for value in node:
            _referenced(value, found)
    return found


def test_int32_typed_as_number_appears_in_no_request() -> None:
    """The generator types Int32 as `number` because only answers use it: were a request to
    use it, a string of digits (which the service reads) would be refused by the types."""
    contract = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    schemas = contract["components"]["schemas"]
    pending: set[str] = set()
    for operations in contract["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict):
                request = [operation.get("requestBody", {}), operation.get("parameters", [])]
                pending |= _referenced(request, set())
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending |= _referenced(schemas.get(name, {}), set())
    assert "Int32" not in seen


def test_a_typed_client_compiles_strictly_and_calls_the_mock(
    workspace: Path, compiled: subprocess.CompletedProcess[str]
) -> None:
    assert errors_in(compiled, "client.ts") == [], compiled.stdout + compiled.stderr
    everything = [line for line in compiled.stdout.splitlines() if ": error TS" in line]
    assert everything == errors_in(compiled, "misuse.ts"), "errors only where misuse is"
    with local_mock(Settings()) as url:
        called = run(["node", str(workspace / "out" / "client.js"), url], workspace)
    assert called.returncode == 0, called.stderr
    answer = json.loads(called.stdout.strip().splitlines()[-1])
    assert answer["reason"] == "Preferred"
    assert isinstance(answer["answered"], int)


def test_what_the_contract_forbids_does_not_compile(
    compiled: subprocess.CompletedProcess[str],
) -> None:
    assert compiled.returncode != 0
    refused = "\n".join(errors_in(compiled, "misuse.ts"))
    assert "'\"Cheapest\"' is not assignable" in refused
    assert "Type 'number' is not assignable to type 'string'" in refused
    assert len(errors_in(compiled, "misuse.ts")) == 2, refused
