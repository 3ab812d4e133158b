"""CORS for the browser apps that call the mock: Starlette's middleware, configured so a real
app passes (tracing and framework headers, credentials, Private Network Access), and a refused
preflight answered as a problem naming what was refused (Starlette answers it in plain text)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from mockserver.http.problems import PROBLEM_JSON

# Always allowed when --cors-headers restricts the rest: what the contract and the mock read.
OWN_HEADERS = ("Content-Type", "Authorization", "Prefer", "X-Mock-World")
# Answer headers a page's script may read besides the safelisted ones.
EXPOSED = ("Preference-Applied", "Retry-After", "X-Mock-World")


class ProblemCORSMiddleware(CORSMiddleware):
    def preflight_response(self, request_headers: Headers) -> Response:
        answer = super().preflight_response(request_headers)
        if answer.status_code != 400:
            return answer
        refused = bytes(answer.body).decode().removeprefix("Disallowed CORS ")
        detail = (
            f"CORS preflight refused ({refused}) for origin {request_headers['origin']!r}: "
            f"method {request_headers['access-control-request-method']!r}, headers "
            f"{request_headers.get('access-control-request-headers', '')!r}. Allow origins with "
            "--cors-origins and headers with --cors-headers."
        )
        body = {"type": "about:blank", "title": "CORS preflight refused", "status": 400,
                "detail": detail}  # fmt: skip
        headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
        headers["content-type"] = PROBLEM_JSON
        return Response(json.dumps(body), 400, headers=headers)


def cors(
    app: ASGIApp, origins: Sequence[str], localhost_pattern: str, headers: Sequence[str]
) -> ASGIApp:
    """`origins` listed, or any origin matching `localhost_pattern` when none is; any requested
    header unless `headers` lists which. Credentials are allowed: the origin is echoed, never *."""
    return ProblemCORSMiddleware(
        app,
        allow_origins=list(origins),
        allow_origin_regex=None if origins else localhost_pattern,
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=[*OWN_HEADERS, *headers] if headers else ["*"],
        allow_credentials=True,
        allow_private_network=True,
        expose_headers=list(EXPOSED),
    )
