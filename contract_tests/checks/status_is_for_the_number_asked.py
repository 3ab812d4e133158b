"""A status answer is for the number asked: `number` and `smsWarmup.phoneNumber` are the path's
number, whichever accepted spelling was sent (raw `+`, `%2B`), compared as E.164."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of

E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def asked_number(response: Response) -> str | None:
    """The number as the service read it from the URL sent, when it is E.164 at all."""
    segments = urlsplit(response.request.url or "").path.split("/")
    asked = unquote(segments[-2]) if len(segments) > 2 else ""
    return asked if E164.match(asked) else None


@schemathesis.check
def status_is_for_the_number_asked(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    del ctx
    body = body_of(response, case, "getPhoneNumberStatus")
    asked = asked_number(response)
    if body is None or asked is None:
        return None
    warmup = body.get("smsWarmup") or {}
    for field, value in (
        ("number", body.get("number")),
        ("smsWarmup.phoneNumber", warmup.get("phoneNumber")),
    ):
        if value is not None and value != asked:
            raise AssertionError(f"the status of {asked} was asked for, but {field} is {value!r}")
    return True
