"""Which runs test the contract's authentication, and the copy of the contract for those that
do not (decision K21)."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from contract_tests.authentication import checks_authentication, without_authentication
from contract_tests.target import serve
from mockserver.app import create_app, server_options
from mockserver.contract.loader import load_contract
from mockserver.settings import Settings
from tests.contract_tests.test_cli_safety import contract

PROBLEM_JSON = "application/problem+json"


def test_only_a_credential_sent_elsewhere_than_the_local_mock_checks_it() -> None:
    assert checks_authentication({"authorization": "Bearer t"}, local_mock=False)
    assert not checks_authentication({"Authorization": "Bearer t"}, local_mock=True)
    assert not checks_authentication({"X-Trace": "1"}, local_mock=False)
    assert not checks_authentication(
        {"Authorization": "Bearer t"}, local_mock=False, turned_off=True
    ), "--no-auth-check"


def test_the_copy_without_authentication_keeps_everything_else() -> None:
    resolved = load_contract().resolved()
    assert resolved["security"] == [{"bearerAuth": []}]
    copy = without_authentication(resolved)
    assert "security" not in copy
    assert "securitySchemes" not in copy["components"]
    assert copy["paths"] == resolved["paths"]
    assert resolved["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def _requiring(token: str, app: ASGIApp) -> ASGIApp:
    """`app` behind a service's bearer check: a 401 problem without `token`, as K20 documents."""
    problem = {"type": "about:blank", "title": "Unauthorized", "status": 401, "detail": "No."}

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        given = dict(scope.get("headers", [])).get(b"authorization", b"")
        if scope["type"] == "http" and given != f"Bearer {token}".encode():
            response = JSONResponse(problem, 401, {"WWW-Authenticate": "Bearer"}, PROBLEM_JSON)
            await response(scope, receive, send)
            return
        await app(scope, receive, send)

    return guarded


def test_with_a_token_the_suite_passes_a_service_that_refuses_requests_without_it(
    tmp_path: Path,
) -> None:
    service = _requiring("right", create_app(Settings()))
    with serve(service, **server_options()) as url:
        done = contract(
            "--base-url", url, "--quick", "--operation", "getPhoneNumberStatus",
            "--phases", "examples,coverage,fuzzing", "--report-dir", str(tmp_path),
            token="right",
        )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    assert "authentication not tested" not in done.stdout
    har = json.loads(next(tmp_path.glob("har-*.json")).read_text())
    refused = [e for e in har["log"]["entries"] if e["response"]["status"] == 401]
    assert refused, "the run sent requests without the token, and the service refused them"
