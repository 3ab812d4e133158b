"""Handlers wrapped with the mock's active wire faults (see mockserver.faults)."""

from __future__ import annotations

import functools
import json
from typing import Any

from connexion.lifecycle import ConnexionResponse

from mockserver.api.handlers import Handler
from mockserver.faults import accepts_invalid_body, crashes, rewrite


def with_faults(
    handlers: dict[str, Handler], faults: frozenset[str], accepted: dict[str, Any]
) -> dict[str, Handler]:
    """The same handlers, answering as the named faults make them; `accepted` is the canned
    answer an invalid body gets when the mock is told to accept one."""

    def wrap(operation_id: str, handler: Handler) -> Handler:
        @functools.wraps(handler)  # Connexion reads the parameters through __wrapped__
        def wrapped(**kwargs: Any) -> ConnexionResponse:
            body_in = kwargs.get("body")
            request: dict[str, Any] = body_in if isinstance(body_in, dict) else {}
            if crashes(faults, operation_id, request):
                raise RuntimeError(f"deliberate crash: a fault of {operation_id} is on")
            try:
                response = handler(**kwargs)
            except Exception:
                if not accepts_invalid_body(faults, operation_id):
                    raise
                body = json.dumps(accepted).encode()
                return ConnexionResponse(201, content_type="application/json", body=body)
            status, body = rewrite(
                faults, operation_id, request, response.status_code, response.body
            )
            return ConnexionResponse(status, content_type=response.content_type, body=body)

        return wrapped

    return {operation_id: wrap(operation_id, h) for operation_id, h in handlers.items()}
