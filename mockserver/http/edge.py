"""The mock's HTTP edge around the contract app, outermost first: CORS, the request controls
(Prefer, latency, error rate, journal), the body guard, then the admin API, the health answer
or the contract app of the world a request is for."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.contract.operations import OperationIndex
from mockserver.domain.errors import StoreUnavailable
from mockserver.domain.service import PhoneNumberService
from mockserver.http.admin import PREFIX, admin_app
from mockserver.http.admin.description import ADMIN_API
from mockserver.http.admin.description import PATH as ADMIN_DESCRIPTION
from mockserver.http.admin.guard import LOCALHOST_ORIGINS, AdminAccess
from mockserver.http.admin.health import health
from mockserver.http.body_guard import BodyGuard
from mockserver.http.cors import cors
from mockserver.http.landing import landing
from mockserver.http.problems import problem_for
from mockserver.http.recorder import WORLD_KEY, Recorder
from mockserver.http.request_controls import ControlConfig, LiveSettings, RequestControls
from mockserver.http.request_log import RequestLog
from mockserver.http.world_choice import WorldChoice
from mockserver.worlds.control import WorldControl
from mockserver.worlds.named_worlds import NamedWorlds


@dataclass(frozen=True)
class EdgeConfig:
    controls: ControlConfig = field(default_factory=ControlConfig)
    max_body_bytes: int = 1_048_576
    # Browser origins allowed; none listed means any http(s)://localhost origin.
    cors_origins: tuple[str, ...] = ()
    # Request headers allowed besides the mock's own; none listed means any a browser asks for.
    cors_headers: tuple[str, ...] = ()
    admin_token: str = ""
    # Host names besides loopback that the admin API answers on.
    admin_hosts: tuple[str, ...] = ()
    journal_size: int = 200
    # GET /openapi.json: the contract exactly as written (references kept), as JSON.
    contract_document: bytes = b"{}"


# The contract app over one world's service (main, named or a side world).
AppForService = Callable[[PhoneNumberService], ASGIApp]


class WorldEdge:
    """The apps over one world: its contract app, those of its side worlds (Prefer:
    scenario=NAME, built once each and dropped with the world they were built over), and its
    admin API."""

    def __init__(self, control: WorldControl, app_for: AppForService, max_body: int) -> None:
        self.control = control
        self._app_for = app_for
        self._max_body = max_body
        self.contract = BodyGuard(app_for(control.service), max_body)
        self.admin: ASGIApp | None = None
        self._side_apps: dict[str, tuple[PhoneNumberService, ASGIApp]] = {}
        self._generation = control.generation
        self._lock = asyncio.Lock()

    async def side_app(self, scenario: str) -> ASGIApp:
        async with self._lock:
            service = await asyncio.to_thread(self.control.side_world, scenario)
            if self._generation != self.control.generation:
                self._side_apps.clear()
                self._generation = self.control.generation
            cached = self._side_apps.get(scenario)
            if cached is None or cached[0] is not service:
                guarded = BodyGuard(self._app_for(service), self._max_body)
                self._side_apps[scenario] = (service, guarded)
            return self._side_apps[scenario][1]


def edge_app(
    control: WorldControl,
    app_for: AppForService,
    operations: OperationIndex,
    config: EdgeConfig,
    named: NamedWorlds,
) -> ASGIApp:
    log = RequestLog(config.journal_size, max_worlds=named.limit + 1)
    access = AdminAccess(config.admin_token, frozenset(config.admin_hosts), config.cors_origins)
    operation_ids = tuple(operations.operation_ids())
    live = LiveSettings(config.controls)

    def edge_of(world_control: WorldControl, name: str) -> WorldEdge:
        edge = WorldEdge(world_control, app_for, config.max_body_bytes)
        edge.admin = admin_app(world_control, log, access, operation_ids, name, named, live)
        return edge

    main = edge_of(control, "")
    edges: dict[str, WorldEdge] = {}
    edges_lock = asyncio.Lock()

    async def edge_for(name: str) -> WorldEdge:
        if not name:
            return main
        # A world in use is found without a thread hop or the lock: the per-request path.
        cached = edges.get(name)
        if cached is not None and named.peek(name) is cached.control:
            return cached
        # Looked up under the lock: a control fetched just before its world was dropped could
        # otherwise be installed over the new one.
        async with edges_lock:
            world_control = await asyncio.to_thread(named.get, name)
            cached = edges.get(name)
            if cached is None or cached.control is not world_control:
                cached = edges[name] = edge_of(world_control, name)
            for gone in set(edges) - set(named.names()):
                del edges[gone]
            return cached

    async def side_app(scenario: str, world: str) -> ASGIApp:
        return await (await edge_for(world)).side_app(scenario)

    async def route(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] == "websocket":
            # No operation of the contract is a websocket: refused before it is accepted
            # (the server answers the upgrade with 403).
            await send({"type": "websocket.close", "code": 1008})
            return
        # By prefix, not a Starlette router: everything outside /__admin goes to Connexion
        # whatever its path (a path parameter holding a newline matches no Starlette route).
        path = scope.get("path", "")
        # The mock's own pages, also behind a root path (a proxy serving it under /api).
        front = path.removeprefix(scope.get("root_path", "")) or "/"
        if front == "/":
            await landing(scope["method"])(scope, receive, send)
            return
        if front == "/openapi.json":
            await Response(config.contract_document, media_type="application/json")(
                scope, receive, send
            )
            return
        if front == ADMIN_DESCRIPTION:  # a description, no power: open like /openapi.json
            await JSONResponse(ADMIN_API)(scope, receive, send)
            return
        if path == "/__health":
            await (await health(control.service.store))(scope, receive, send)
            return
        try:
            edge = await edge_for(scope.get(WORLD_KEY, ""))
        except StoreUnavailable as error:
            await problem_for(error)(scope, receive, send)
            return
        admin = path == PREFIX or path.startswith(PREFIX + "/")
        target = edge.admin if admin and edge.admin is not None else edge.contract
        await target(scope, receive, send)

    controlled = RequestControls(
        route,
        operations=operations,
        settings=live,
        side_app=side_app,
        admin_token=config.admin_token,
    )
    # Outermost, so preflights are answered before routing and error answers carry CORS headers.
    return cors(
        Recorder(WorldChoice(controlled, config.admin_token), log),
        config.cors_origins,
        LOCALHOST_ORIGINS,
        config.cors_headers,
    )


async def _lifespan(receive: Receive, send: Send) -> None:
    """Start-up and shut-down have nothing to do: the world is built before serving."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
