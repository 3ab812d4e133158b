"""Handlers wrapped with the mock's active wire faults (the catalogue: mockserver/faults/)."""

from __future__ import annotations

import copy
from typing import Any

from mockserver.faults.catalogue import FaultSet
from mockserver.faults.fault import DeliberateRefusal
from mockserver.http.endpoint import Answer, Call, Handler


def with_faults(
    handlers: dict[str, Handler], faults: FaultSet, accepted: dict[str, Any]
) -> dict[str, Handler]:
    """The same handlers, answering as the named faults make them; `accepted` is the canned
    answer an invalid body gets when the mock is told to accept one."""

    def wrap(operation_id: str, handler: Handler) -> Handler:
        def wrapped(call: Call) -> Answer:
            body: dict[str, Any] = call.body if isinstance(call.body, dict) else {}
            request = {**call.path, **call.query, **body}
            if faults.crashes(operation_id, request):
                raise RuntimeError(f"deliberate crash: a fault of {operation_id} is on")
            if faults.refuses(operation_id, request):
                raise DeliberateRefusal(f"{operation_id} refused a valid request (a fault is on)")
            try:
                answer = handler(call)
            except Exception:
                if not faults.accepts_invalid_body(operation_id):
                    raise
                return Answer(accepted, 201)
            # A copy: the answer's body may be one the handler keeps (a repeated status report).
            kept = copy.deepcopy(answer.body)
            status, body = faults.rewrite(operation_id, request, answer.status, kept)
            return Answer(body, status)

        return wrapped

    return {operation_id: wrap(operation_id, h) for operation_id, h in handlers.items()}
