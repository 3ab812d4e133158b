"""A created number answers with what the create sent: its name, number, business and enabled
flag (and id, when the request gave one)."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, request_body


@schemathesis.check
def created_number_echoes_request(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, "createPhoneNumber")
    if body is None:
        return None
    sent = request_body(case)
    echoes = [
        ("name", sent.get("name"), body.get("name")),
        ("number", sent.get("number"), body.get("number")),
        ("id", sent.get("id"), body.get("id")),
        ("businessId", sent.get("businessId"), (body.get("business") or {}).get("id")),
        ("enabled", sent.get("enabled"), body.get("enabled")),
    ]
    for field, asked, answered in echoes:
        if asked is not None and asked != answered:
            raise AssertionError(
                f"the create sent {field} {str(asked)[:80]!r} but the created number has "
                f"{str(answered)[:80]!r}"
            )
    return True
