"""Whether a server's answer to a benchmarked request conforms to the contract: a fast wrong
answer is not fast."""

from __future__ import annotations

import httpx

from bench.load import CLIENT_HEADERS, Target
from mockserver.contract.loader import Contract
from mockserver.contract.schemas import SchemaChecker

_CHECKER = SchemaChecker()


def check(contract: Contract, operation_id: str, base_url: str, target: Target) -> str:
    """'yes', or what is wrong with the answer."""
    method, _path, operation = contract.operations()[operation_id]
    response = httpx.request(
        method, base_url + target.path, json=target.body, headers=CLIENT_HEADERS, timeout=10
    )
    documented = operation["responses"].get(str(response.status_code))
    if documented is None or not 200 <= response.status_code < 300:
        return f"no: status {response.status_code}"
    media = response.headers.get("content-type", "").split(";")[0]
    content = documented.get("content", {})
    if media not in content:
        return f"no: content type {media or 'missing'}"
    try:
        body = response.json()
    except ValueError:
        return "no: body is not JSON"
    violations = _CHECKER.violations(content[media]["schema"], body, "response")
    if violations:
        first = violations[0]
        return f"no: {len(violations)} violation(s), first {first.field}: {first.rule}"
    return "yes"
