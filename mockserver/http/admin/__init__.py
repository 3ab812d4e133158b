"""The admin API under /__admin, outside the contract, for people building UIs against the mock:
reset, export, load, clock, the request log and what can be asked of it (verify, a consumer
contract); every answer JSON or problem+json."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.domain.clock import MINUTES_A_DAY
from mockserver.http.admin.controls import controls_routes
from mockserver.http.admin.dashboard import dashboard, is_dashboard
from mockserver.http.admin.dispatch import AdminRequest, Routes, dispatch, relative
from mockserver.http.admin.guard import AdminAccess, body_type_refusal
from mockserver.http.admin.inputs import (
    MAX_LOAD_BYTES,
    json_body,
    json_object,
    query_count,
    read_body,
    reset_input,
    utf8_text,
    whole_number,
)
from mockserver.http.admin.request_queries import (
    VERIFY_FIELDS,
    query_match,
    verify,
    verify_question,
)
from mockserver.http.admin.world_view import world_view_routes
from mockserver.http.errors import AdminInputInvalid, NothingHere
from mockserver.http.problems import problem_for
from mockserver.http.request_controls import LiveSettings
from mockserver.http.request_log import RequestLog
from mockserver.wire.consumer_contract import consumer_contract_from_log
from mockserver.worlds.control import WorldControl, iso
from mockserver.worlds.history_check import MAX_ADVANCE_DAYS
from mockserver.worlds.named_worlds import NamedWorlds
from mockserver.worlds.scenario_files import dump_scenario

PREFIX = "/__admin"
SCENARIO_TYPES = (
    "application/yaml",
    "application/x-yaml",
    "text/yaml",
    "text/x-yaml",
    "application/json",
)


CONSUMER = "frontend"


def admin_app(
    control: WorldControl,
    log: RequestLog,
    access: AdminAccess,
    operations: tuple[str, ...],
    world: str = "",
    named: NamedWorlds | None = None,
    live: LiveSettings | None = None,
) -> ASGIApp:
    """The admin API of one world (`world`: "" for the main one) as one ASGI app; `access` says
    who may use it, `operations` are the contract's operation ids (the log's questions name
    them), `named` the named worlds it lists and drops, `live` the latency and error rate of
    this process that it reads and changes."""

    def state() -> dict[str, object]:
        store = control.service.store
        return {
            "world": world or None,
            "scenario": control.scenario,
            "seed": control.seed,
            "clock": iso(store.now()),
            "numbers": store.number_count(),
            "scenarios": control.scenarios.names(),
        }

    async def state_answer() -> Response:
        return JSONResponse(await run_in_threadpool(state))

    async def index(_request: AdminRequest) -> Response:
        body = await run_in_threadpool(state)
        body["operations"] = list(operations)  # what the log's filters and verify name
        body["endpoints"] = [
            "POST /__admin/reset {seed?, scenario?} (application/json)",
            "GET /__admin/export",
            "POST /__admin/load (a scenario file, application/yaml or application/json)",
            "GET /__admin/requests?operation=&status=&conversation=&since=&limit=",
            "POST /__admin/verify {operationId?, body?, conversation?, status?, count?}",
            "GET /__admin/consumer-contract?consumer=NAME",
            "POST /__admin/clock/advance {days?, hours?, minutes?} (application/json)",
            "GET /__admin/numbers?limit=",
            "GET /__admin/conversations?limit=",
            "GET /__admin/controls",
            "POST /__admin/controls {latency?, errorRate?} (application/json)",
            "GET /__admin/ui/ (the dashboard, a page over this API)",
            "GET /__admin/worlds",
            "DELETE /__admin/worlds?name=NAME (or every named world without a name)",
        ]
        return JSONResponse(body)

    async def reset(request: AdminRequest) -> Response:
        wanted = reset_input(await json_body(request))
        await run_in_threadpool(control.reset, wanted.seed, wanted.scenario)
        log.forget(world)  # as WireMock's reset: a test starting afresh counts its own calls
        return await state_answer()

    async def export(_request: AdminRequest) -> Response:
        spec, name = await run_in_threadpool(lambda: (control.export(), control.scenario))
        filename = f"{name.rsplit('/', 1)[-1].removesuffix('.yaml')[:64]}-export.yaml"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        return Response(dump_scenario(spec), media_type="application/yaml", headers=headers)

    async def load(request: AdminRequest) -> Response:
        raw = await read_body(request.receive, MAX_LOAD_BYTES)
        refusal = body_type_refusal(request.path, request.headers, SCENARIO_TYPES, raw)
        if refusal is not None:
            raise refusal
        if not raw.strip():
            raise AdminInputInvalid("body: expected a scenario file (an export, say); got none")
        await run_in_threadpool(control.load, utf8_text(raw), "uploaded scenario")
        return await state_answer()

    async def requests(request: AdminRequest) -> Response:
        capacity = log.capacity
        limit = query_count(request.query.get("limit"), "limit", capacity, capacity)
        wanted = query_match(request.query, operations)
        found = [e for e in log.entries(world) if not wanted.differences(e)]
        shown = found[-limit:] if limit else []
        return JSONResponse({"capacity": capacity, "entries": [e.as_json() for e in shown]})

    async def verify_requests(request: AdminRequest) -> Response:
        data = json_object(await json_body(request), VERIFY_FIELDS)
        match, expected = verify_question(data, operations)
        return JSONResponse(verify(log.entries(world), match, expected).as_json())

    async def consumer_contract(request: AdminRequest) -> Response:
        name = request.query.get("consumer", CONSUMER)
        if not 0 < len(name) <= 64 or not name.isprintable():
            raise AdminInputInvalid(
                f"consumer: expected a name of 1-64 characters, got {name[:64]!r}"
            )
        entries = [e.as_json() for e in log.entries(world)]
        return JSONResponse(consumer_contract_from_log(entries, name))

    async def advance(request: AdminRequest) -> Response:
        data = json_object(await json_body(request), ("days", "hours", "minutes"))
        limit = MAX_ADVANCE_DAYS * MINUTES_A_DAY
        total = sum(
            (whole_number(data, name, 0, limit // per) or 0) * per
            for name, per in (("days", MINUTES_A_DAY), ("hours", 60), ("minutes", 1))
        )
        if not 0 < total <= limit:
            raise AdminInputInvalid(
                "days, hours, minutes: give at least one, together from one minute to "
                f'{MAX_ADVANCE_DAYS} days (e.g. {{"days": 3}} or {{"hours": 2}})'
            )
        await run_in_threadpool(control.service.advance, *divmod(total, MINUTES_A_DAY))
        return await state_answer()

    def world_list() -> dict[str, object]:
        found = named.controls() if named else []
        return {
            "limit": named.limit if named else 0,
            "worlds": [
                {"name": name, "scenario": c.scenario, "seed": c.seed,
                 "clock": iso(c.service.store.now()), "numbers": c.service.store.number_count()}
                for name, c in found
            ],
        }  # fmt: skip

    async def worlds(_request: AdminRequest) -> Response:
        return JSONResponse(await run_in_threadpool(world_list))

    async def drop_worlds(request: AdminRequest) -> Response:
        name = request.query.get("name")
        known = named.names() if named else []
        if name is not None and name not in known:
            raise NothingHere(f"/__admin/worlds?name={name[:64]}; named worlds: {known}")
        for gone in [name] if name is not None else known:
            if named:
                await run_in_threadpool(named.drop, gone)
            log.forget(gone)
        return JSONResponse(await run_in_threadpool(world_list))

    routes: Routes = {
        "/": {"GET": index},
        "/reset": {"POST": reset},
        "/export": {"GET": export},
        "/load": {"POST": load},
        "/requests": {"GET": requests},
        "/journal": {"GET": requests},  # the first name of /requests, kept for old scripts
        "/verify": {"POST": verify_requests},
        "/consumer-contract": {"GET": consumer_contract},
        "/clock/advance": {"POST": advance},
        **world_view_routes(control),
        **(controls_routes(live) if live is not None else {}),
        "/worlds": {"GET": worlds, "DELETE": drop_worlds},
    }

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        path = relative(scope["path"], PREFIX)
        page = is_dashboard(path)
        refusal = access.refusal(Headers(scope=scope), token_needed=not page)
        if refusal is None and page:
            answer = dashboard(path, scope["method"], scope["path"], bool(access.token))
            await answer(scope, receive, send)
            return
        if refusal is not None:
            await problem_for(refusal)(scope, receive, send)
            return
        await dispatch(routes, PREFIX, scope, receive, send)

    return app
