"""The admin API under /__admin: outside the contract, for people building UIs against the mock."""

from __future__ import annotations

import functools
import hmac
import json
import os
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.domain.errors import HistoryIncomplete, StoreUnavailable
from mockserver.http.errors import AdminTokenMissing
from mockserver.http.problems import RETRY_AFTER_SECONDS, problem_for, starlette_problem
from mockserver.http.request_controls import JournalEntry
from mockserver.worlds.control import WorldControl
from mockserver.worlds.scenario_files import available, dump_scenario

MAX_ADVANCE_DAYS = 365
Endpoint = Callable[[Request], Awaitable[Response]]


def answers_503_when_store_is_down(endpoint: Endpoint) -> Endpoint:
    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except StoreUnavailable as error:
            return problem_for(error)

    return guarded


def health_route(control: WorldControl) -> Route:
    """GET /__health, for load balancers and people: whether this process can serve its world.
    Outside the contract and the admin token (it tells nothing secret)."""

    async def health(_request: Request) -> Response:
        state = await run_in_threadpool(control.service.store.health)
        body = {
            "status": "ok" if state.up else "unavailable",
            "store": {
                "backend": state.backend,
                "up": state.up,
                "detail": state.detail,
                "namespace": state.namespace,
            },
            "process": os.getpid(),
        }
        headers = {} if state.up else {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return JSONResponse(body, 200 if state.up else 503, headers=headers)

    return Route("/__health", health, methods=["GET"])


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return data


def admin_routes(
    control: WorldControl, journal: deque[JournalEntry], admin_token: str = ""
) -> ASGIApp:
    def state() -> dict[str, Any]:
        return {
            "scenario": control.scenario,
            "seed": control.seed,
            "clock": control.service.store.now().isoformat().replace("+00:00", "Z"),
            "numbers": control.service.store.number_count(),
            "scenarios": available(),
        }

    async def index(_request: Request) -> Response:
        return JSONResponse(
            {
                **await run_in_threadpool(state),
                "endpoints": [
                    "POST /__admin/reset {seed?, scenario?}",
                    "GET /__admin/export",
                    "POST /__admin/load (a scenario file, YAML or JSON)",
                    "GET /__admin/journal?limit=N",
                    "POST /__admin/clock/advance {days}",
                ],
            }
        )

    async def reset(request: Request) -> Response:
        try:
            body = await _json_body(request)
            seed = body.get("seed")
            if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
                return starlette_problem(400, f"seed: expected a whole number, got {seed!r}")
            await run_in_threadpool(control.reset, seed, body.get("scenario"))
        except ValueError as error:  # ScenarioError included: it names the scenario and field
            return starlette_problem(400, str(error))
        return JSONResponse(await run_in_threadpool(state))

    async def export(_request: Request) -> Response:
        try:
            spec, name = await run_in_threadpool(lambda: (control.export(), control.scenario))
        except HistoryIncomplete as error:
            return problem_for(error)
        text = dump_scenario(spec)
        filename = f"{name.rsplit('/', 1)[-1].removesuffix('.yaml')}-export.yaml"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        return Response(text, media_type="application/yaml", headers=headers)

    async def load(request: Request) -> Response:
        try:
            text = (await request.body()).decode("utf-8")
            await run_in_threadpool(control.load, text, "uploaded scenario")
        except (ValueError, UnicodeDecodeError) as error:
            return starlette_problem(400, str(error))
        return JSONResponse(await run_in_threadpool(state))

    async def show_journal(request: Request) -> Response:
        raw = request.query_params.get("limit", str(journal.maxlen))
        if not raw.isdigit():
            return starlette_problem(400, f"limit: expected a whole number, got {raw!r}")
        entries = list(journal)[-int(raw) :] if int(raw) else []
        return JSONResponse({"capacity": journal.maxlen, "entries": [e.as_json() for e in entries]})

    async def advance(request: Request) -> Response:
        try:
            days = (await _json_body(request)).get("days")
        except ValueError as error:
            return starlette_problem(400, str(error))
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_ADVANCE_DAYS:
            return starlette_problem(
                400, f"days: expected a whole number from 1 to {MAX_ADVANCE_DAYS}, got {days!r}"
            )
        await run_in_threadpool(control.service.advance, days)
        return JSONResponse(await run_in_threadpool(state))

    routes = Router(
        routes=[
            Route("/", answers_503_when_store_is_down(index), methods=["GET"]),
            Route("/reset", answers_503_when_store_is_down(reset), methods=["POST"]),
            Route("/export", answers_503_when_store_is_down(export), methods=["GET"]),
            Route("/load", answers_503_when_store_is_down(load), methods=["POST"]),
            Route("/journal", show_journal, methods=["GET"]),
            Route("/clock/advance", answers_503_when_store_is_down(advance), methods=["POST"]),
        ]
    )
    if not admin_token:
        return routes

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        given = Headers(scope=scope).get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {admin_token}".encode()):
            await problem_for(AdminTokenMissing())(scope, receive, send)
            return
        await routes(scope, receive, send)

    return guarded
