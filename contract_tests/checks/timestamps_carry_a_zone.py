"""Every date-time in an answer is RFC 3339 with its zone (Z or an offset)."""

from __future__ import annotations

import re
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.checks._json import body_of, walk

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")


def _has_zone(value: object) -> bool:
    return isinstance(value, str) and RFC3339.match(value) is not None


@schemathesis.check
def timestamps_carry_a_zone(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    del ctx
    body = body_of(response, case, "createPhoneNumber", "getPhoneNumberStatus")
    if body is None:
        return None
    for pointer, _key, value in walk(body, where=lambda key: key.endswith("At")):
        if value is not None and not _has_zone(value):
            raise AssertionError(f"{pointer} is {value!r}: not an RFC 3339 time with a zone")
    return True
