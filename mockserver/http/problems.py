"""Every HTTP error the mock answers: one table from error type to status and what to do, and
one renderer of RFC 9457 problem+json (every violation listed)."""

from __future__ import annotations

import json
from http import HTTPStatus

from starlette.responses import Response

from mockserver.contract.schemas import Violation
from mockserver.domain.errors import (
    Conflict,
    HistoryIncomplete,
    NotFound,
    ScenarioError,
    StoreUnavailable,
    TooMuchWork,
    WorldFull,
)
from mockserver.faults.fault import DeliberateRefusal
from mockserver.http.errors import (
    AdminBodyType,
    AdminForbidden,
    AdminInputInvalid,
    AdminTokenMissing,
    BodyNotJson,
    BodyTooLarge,
    EdgeError,
    MethodNotAllowed,
    NothingHere,
    PreferenceError,
)

PROBLEM_JSON = "application/problem+json"
# How soon a client may try again when the shared store is down: it reconnects on every request.
RETRY_AFTER_SECONDS = 1

# Each error the mock raises on purpose and the status it answers (the contract documents the
# domain's; decisions E4, E5, W10). The most specific class listed for an error wins.
STATUSES: dict[type[Exception], int] = {
    NotFound: 404,
    Conflict: 409,
    HistoryIncomplete: 409,
    ScenarioError: 400,
    TooMuchWork: 400,
    DeliberateRefusal: 400,
    StoreUnavailable: 503,
    PreferenceError: 400,
    AdminInputInvalid: 400,
    AdminTokenMissing: 401,
    AdminForbidden: 403,
    AdminBodyType: 415,
    NothingHere: 404,
    MethodNotAllowed: 405,
    BodyTooLarge: 413,
    BodyNotJson: 415,
}
# What to do, where the domain's message cannot say it (it knows no admin paths or flags).
HINTS: dict[type[Exception], str] = {
    WorldFull: "Reset it (POST /__admin/reset) or start the mock with a larger --max-numbers.",
    HistoryIncomplete: "Reset it (POST /__admin/reset) and repeat the steps that matter.",
    TooMuchWork: "Advance in smaller steps.",
    StoreUnavailable: "The mock recovers by itself when it is back.",
}


def status_of(error: Exception) -> int | None:
    """The status an error answers, or None: an error without one is a bug (a logged 500)."""
    return next((STATUSES[k] for k in type(error).__mro__ if k in STATUSES), None)


def _hint(error: Exception) -> str | None:
    return next((HINTS[k] for k in type(error).__mro__ if k in HINTS), None)


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
    """A problem answer for the layers in front of Connexion."""
    return Response(problem_json(status, detail), status, media_type=PROBLEM_JSON)


def problem_for(error: Exception) -> Response:
    """The answer to an error of the table; raises it again when it has no status there."""
    status = status_of(error)
    if status is None:
        raise error
    hint = _hint(error)
    detail = str(error).rstrip(".") + ". " + hint if hint else str(error)
    if isinstance(error, PreferenceError):
        return _prefer_problem(error, detail)
    response = starlette_problem(status, detail)
    if isinstance(error, StoreUnavailable):
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    if isinstance(error, EdgeError):
        response.headers.update(error.headers())
    return response


def _prefer_problem(error: PreferenceError, detail: str) -> Response:
    """A preference of the mock's own it cannot use: titled apart from an answer forced with
    Prefer: code, and listed as an error in the Prefer header."""
    violation = Violation("header", error.header, error.rule, str(error))
    body = problem_json(400, detail, [violation], title=f"Invalid {error.header} header")
    return Response(body, 400, media_type=PROBLEM_JSON)


# What an ASP.NET Core service titles its own failures (decision E9).
SERVER_TITLES = {500: "An error occurred while processing your request."}


def forced_problem(status: int, operation_id: str) -> Response:
    """The answer Prefer: code or --error-rate asks for: the problem the service would answer,
    saying it was forced; a 503 says when to try again, a 401 which credential to send."""
    detail = f"Forced by the mock ({operation_id} answers {status} on request)."
    body = problem_json(status, detail, title=SERVER_TITLES.get(status))
    response = Response(body, status, media_type=PROBLEM_JSON)
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    if status == 401:
        # RFC 9110 section 15.5.2: a 401 names the scheme to use; RFC 6750's for bearer tokens.
        response.headers["WWW-Authenticate"] = 'Bearer realm="leadping"'
    return response
