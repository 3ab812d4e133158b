"""Phone numbers are E.164, and a display number shows the same digits."""

from __future__ import annotations

import re
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, walk
from contract_tests.checks.one_number_selected_iff_can_send import SELECTION_OPERATIONS

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
NUMBER_KEYS = {"number", "phoneNumber", "fromPhoneNumber", "toPhoneNumber"}


def _is_e164(value: object) -> bool:
    return isinstance(value, str) and E164.match(value) is not None


@schemathesis.check
def numbers_are_e164(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    del ctx
    body = body_of(
        response, case, "createPhoneNumber", "getPhoneNumberStatus", *SELECTION_OPERATIONS
    )
    if body is None:
        return None
    for pointer, _key, value in walk(body, where=NUMBER_KEYS.__contains__):
        if value is not None and not _is_e164(value):
            raise AssertionError(f"{pointer} is {value!r}: not an E.164 number")
    for item in [body, *(body.get("eligibleNumbers") or [])]:
        shown, e164 = item.get("displayNumber"), item.get("number")
        if shown and e164:
            digits = re.sub(r"\D", "", shown)
            if len(digits) < 7 or not e164.endswith(digits):
                raise AssertionError(
                    f"displayNumber {shown!r} does not show the digits of {e164!r}"
                )
    return True
