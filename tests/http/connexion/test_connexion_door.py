"""Connexion behind one door: the mock refuses a Connexion its lean layers were not written for,
in one line, and the lean layers answer exactly as Connexion's stock ones on the same inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from starlette.testclient import TestClient

from contract_tests.payloads import catalogue
from contract_tests.payloads.model import ABSENT
from mockserver.app import create_app
from mockserver.http.connexion import UnsupportedConnexion, require_supported_connexion
from mockserver.settings import Settings
from tests.http.hostile_inputs import LIMIT, Hostile, hostile_requests
from tests.local_client import LocalClient

# Where the lean layer differs from Connexion's on purpose: Connexion reads a charset after "; "
# as UTF-8 and hands any other name to the decoder (a 500 for "rot13"); the service reads UTF-8
# and UTF-16 only and answers 415 to the rest (docs/decisions.md, H7).
DELIBERATELY_DIFFERENT = "charset="


@pytest.mark.parametrize("installed", ["3.4.0", "4.0.1", "3.2.9"])
def test_another_connexion_minor_is_refused(installed: str) -> None:
    with pytest.raises(UnsupportedConnexion, match=f"connexion {installed} is installed"):
        require_supported_connexion(installed)
    require_supported_connexion("3.3.7")  # any patch release of the written-for minor


def test_the_mock_refuses_to_start_on_another_connexion_in_one_line() -> None:
    code = (
        "import importlib.metadata as m, sys; real = m.version; "
        "m.version = lambda name: '4.0.1' if name == 'connexion' else real(name); "
        "from mockserver.cli import main; sys.exit(main([]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("leadping-mock: connexion 4.0.1 is installed")
    assert "3.3" in lines[0]


@contextmanager
def both_stacks() -> Iterator[tuple[TestClient, TestClient]]:
    settings = Settings(max_body_bytes=LIMIT)
    with (
        LocalClient(create_app(settings), raise_server_exceptions=False) as lean,
        LocalClient(
            create_app(settings, lean_layers=False), raise_server_exceptions=False
        ) as stock,
    ):
        yield lean, stock


def _answer(client: TestClient, case: Hostile) -> tuple[int, str, object]:
    content = case.content
    if case.chunked and content is not None:
        body = content
        response = client.request(
            case.method,
            case.path,
            content=iter([body[i : i + 4096] for i in range(0, len(body), 4096)]),
            headers=case.headers,
        )
    else:
        response = client.request(case.method, case.path, content=content, headers=case.headers)
    media = response.headers.get("content-type", "")
    body_value: object = response.json() if "json" in media else response.text
    return response.status_code, media, body_value


def catalogue_requests() -> Iterator[Hostile]:
    for case in catalogue.read(catalogue.DEFAULT_DIR):
        content = None if case.body is ABSENT else json.dumps(case.body).encode()
        headers = {"content-type": "application/json"} if content is not None else None
        yield Hostile(f"catalogue {case.id}", case.method, case.target(), content, headers)


def test_lean_layers_answer_as_connexions_own() -> None:
    cases = [*catalogue_requests(), *hostile_requests()]
    compared = skipped = 0
    differences: list[str] = []
    with both_stacks() as (lean, stock):
        for case in cases:
            lean_answer, stock_answer = _answer(lean, case), _answer(stock, case)
            if DELIBERATELY_DIFFERENT in str(case.headers):
                skipped += 1
                continue
            compared += 1
            if lean_answer != stock_answer:
                differences.append(f"{case.kind}: {case.method} {case.path[:60]}")
    assert differences == []
    assert compared >= 400
    assert skipped <= 15, "only the charset cases are left out"


def test_neither_stack_asks_for_the_contracts_bearer_token() -> None:
    with both_stacks() as stacks:
        for client in stacks:
            for authorization in (None, "Bearer not-a-token", "Basic Zm9vOmJhcg=="):
                headers = {"Authorization": authorization} if authorization else {}
                read = client.get("/phone-numbers/%2B10000000000/status", headers=headers)
                chosen = client.post("/phone-numbers/outgoing/new", json={}, headers=headers)
                assert (read.status_code, chosen.status_code) == (404, 200), authorization
