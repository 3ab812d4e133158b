"""Problems inside Connexion's middleware: its exception type for an invalid request, and its
error handlers, rendering the same problem+json as the rest of the edge (http/problems.py)."""

from __future__ import annotations

import logging
from http import HTTPStatus

from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse

from mockserver.contract.schemas import Violation
from mockserver.http.problems import PROBLEM_JSON, problem_json

logger = logging.getLogger("mockserver")


class RequestInvalid(ProblemException):
    """A request that breaks the contract, with every violation found."""

    def __init__(self, violations: list[Violation], status: int = 400) -> None:
        count = len(violations)
        detail = violations[0].message if count == 1 else f"The request has {count} problems."
        super().__init__(status=status, title=HTTPStatus(status).phrase, detail=detail)
        self.violations = violations


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


def render_unexpected(_request: ConnexionRequest, error: Exception) -> ConnexionResponse:
    # A bug in the mock: log it whole, answer a problem without internals.
    logger.exception("unhandled error", exc_info=error)
    return problem_response(500, "The mock hit an internal error; see its log.")
