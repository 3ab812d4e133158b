"""A small router for the admin API whose every miss is a problem: 404 naming what is there,
405 with Allow (Starlette's router answers both in plain text)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from starlette.datastructures import Headers, QueryParams
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mockserver.http.errors import EdgeError, MethodNotAllowed, NothingHere
from mockserver.http.problems import problem_for, status_of


@dataclass(frozen=True)
class AdminRequest:
    path: str
    headers: Headers
    query: QueryParams
    receive: Receive


Endpoint = Callable[[AdminRequest], Awaitable[Response]]
# path under /__admin -> method -> endpoint
Routes = Mapping[str, Mapping[str, Endpoint]]


def relative(path: str, prefix: str) -> str:
    return path[len(prefix) :] or "/"


async def dispatch(routes: Routes, prefix: str, scope: Scope, receive: Receive, send: Send) -> None:
    path = relative(scope["path"], prefix)
    methods = routes.get(path) or routes.get(path.rstrip("/") or "/")
    if methods is None:
        listed = ", ".join(f"{prefix}{p}" for p in routes)
        error: EdgeError = NothingHere(f"{prefix}{path}; the admin API has {listed}")
        await problem_for(error)(scope, receive, send)
        return
    endpoint = methods.get(scope["method"])
    if endpoint is None:
        await problem_for(MethodNotAllowed(scope["method"], scope["path"], sorted(methods)))(
            scope, receive, send
        )
        return
    request = AdminRequest(
        scope["path"],
        Headers(scope=scope),
        QueryParams(scope.get("query_string", b"")),
        receive,
    )
    try:
        response = await endpoint(request)
    except Exception as error:
        if status_of(error) is None:
            raise
        response = problem_for(error)
    await response(scope, receive, send)
