"""The answers the proxy gives itself (its own limits, an upstream it cannot reach, its report),
as problem+json like the service's, and the one that tells an upstream's missing route from a
domain's 404."""

from __future__ import annotations

import hmac
import json

from contract_tests.proxy.forwarding import Answer
from contract_tests.traffic.findings import Finding

PROBLEM = "application/problem+json"
# What the upstream answers for an operation it does not have (a router's, not a domain's).
NOT_IMPLEMENTED = frozenset({405, 501})


def problem(status: int, title: str, detail: str, errors: list[Finding] | None = None) -> Answer:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    if errors is not None:
        body["errors"] = [{"in": "request", "rule": f.rule, "message": f.message} for f in errors]
    return Answer(status, (("content-type", PROBLEM),), json.dumps(body).encode())


def json_answer(body: object) -> Answer:
    return Answer(200, (("content-type", "application/json"),), json.dumps(body).encode())


def not_implemented(answer: Answer) -> bool:
    """A router's miss, not a domain's answer: 405 or 501, or a 404 without a JSON body (the
    service's own 404s are problem+json, decision E4)."""
    if answer.status in NOT_IMPLEMENTED:
        return True
    media = next((v for k, v in answer.headers if k.lower() == "content-type"), "")
    return answer.status == 404 and "json" not in media


def token_given(headers: dict[str, str], token: str) -> bool:
    """The proxy's token as `Authorization: Bearer <token>` or `X-Proxy-Token: <token>`."""
    bearer = headers.get("authorization", "")
    given = bearer[7:] if bearer[:7].lower() == "bearer " else headers.get("x-proxy-token", "")
    return hmac.compare_digest(given.encode(), token.encode())
