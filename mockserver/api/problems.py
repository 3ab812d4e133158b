"""The one place HTTP errors are rendered: RFC 9457 problem+json, every violation listed."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from starlette.responses import Response

from mockserver.api.schema_check import Violation
from mockserver.domain.errors import Conflict, NotFound

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("mockserver")


class RequestInvalid(ProblemException):
    """A request that breaks the contract, with every violation found."""

    def __init__(self, violations: list[Violation], status: int = 400) -> None:
        count = len(violations)
        detail = violations[0].message if count == 1 else f"The request has {count} problems."
        super().__init__(status=status, title=HTTPStatus(status).phrase, detail=detail)
        self.violations = violations


def problem_json(
    status: int, detail: str, violations: list[Violation] | None = None, title: str | None = None
) -> bytes:
    """An RFC 9457 problem document; every error the mock answers is one of these."""
    body: dict[str, object] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if violations is not None:
        body["errors"] = [v.as_json() for v in violations]
    return json.dumps(body).encode()


def starlette_problem(status: int, detail: str) -> Response:
    """The same problem for the layers in front of Connexion (admin API, request controls)."""
    return Response(problem_json(status, detail), status, media_type=PROBLEM_JSON)


# How soon a client may try again when the shared store is down: it reconnects on every request.
RETRY_AFTER_SECONDS = 1


def store_unavailable(detail: str) -> Response:
    """503 while the shared store is down: nothing is wrong with the request; try again soon."""
    response = starlette_problem(503, f"{detail}. The mock recovers by itself when it is back.")
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def problem_response(
    status: int, detail: str, violations: list[Violation] | None = None, title: str | None = None
) -> ConnexionResponse:
    body = problem_json(status, detail, violations, title)
    return ConnexionResponse(status_code=status, content_type=PROBLEM_JSON, body=body)


def render_problem(_request: ConnexionRequest, error: Exception) -> ConnexionResponse:
    """Connexion's error handler for its problems and ours."""
    assert isinstance(error, ProblemException)
    violations = error.violations if isinstance(error, RequestInvalid) else None
    if error.status >= 500:
        logger.error("%s: %s", error.title, error.detail)
    return problem_response(error.status, str(error.detail or error.title), violations, error.title)


# Each domain error the service raises on purpose, and the status the contract documents for it.
DOMAIN_STATUSES: dict[type[Exception], int] = {NotFound: 404, Conflict: 409}


def render_unexpected(_request: ConnexionRequest, error: Exception) -> ConnexionResponse:
    # A bug in the mock: log it whole, answer a problem without internals.
    logger.exception("unhandled error", exc_info=error)
    return problem_response(500, "The mock hit an internal error; see its log.")
