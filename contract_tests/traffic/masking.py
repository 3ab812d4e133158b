"""Secrets kept out of every report: credential headers and secret-looking query values are
replaced, as schemathesis sanitizes its own output."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from contract_tests.run_context import MASK

SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "x-admin-token",
        "x-auth-token",
    }
)
SECRET_QUERY = re.compile(r"(token|key|secret|password|passwd|auth|session)", re.IGNORECASE)


def masked_headers(headers: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    return [(k, MASK if k.lower() in SECRET_HEADERS else v) for k, v in headers]


def masked_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [
        (k, MASK if SECRET_QUERY.search(k) else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs)))
