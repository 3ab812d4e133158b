"""A created number's status is found: right after a 201, the status of the number created
answers 200, for that number (writes mode only: nothing is created otherwise)."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._follow_up import follow_up
from contract_tests.checks._json import body_of


@schemathesis.check
def created_number_has_a_status(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, "createPhoneNumber")
    number = body.get("number") if body else None
    if body is None or response.status_code != 201 or not isinstance(number, str):
        return None
    status = follow_up(
        "created_number_has_a_status",
        case,
        response,
        "getPhoneNumberStatus",
        path_parameters={"phoneNumber": number},
    )
    if status.status != 200:
        raise AssertionError(
            f"{number} was created (201) but its status answered {status.status}; "
            + status.describe()
        )
    found = status.body.get("number") if isinstance(status.body, dict) else None
    if found != number:
        raise AssertionError(f"{number} was created but its status is for {found!r}")
    return True
