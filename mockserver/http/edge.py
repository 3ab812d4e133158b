"""The mock's HTTP edge around the contract app, outermost first: CORS, the request controls
(Prefer, latency, error rate, journal), the body guard, then the admin API, the health answer
or the contract app of the world a request is for."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.contract.operations import OperationIndex
from mockserver.domain.service import PhoneNumberService
from mockserver.http.admin import PREFIX, admin_app
from mockserver.http.admin.guard import LOCALHOST_ORIGINS, AdminAccess
from mockserver.http.admin.health import health
from mockserver.http.body_guard import BodyGuard
from mockserver.http.cors import cors
from mockserver.http.landing import landing
from mockserver.http.recorder import Recorder
from mockserver.http.request_controls import ControlConfig, RequestControls
from mockserver.http.request_log import RequestLog
from mockserver.worlds.control import WorldControl


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


# The contract app over one world's service (main or a side world).
AppForService = Callable[[PhoneNumberService], ASGIApp]


def edge_app(
    control: WorldControl,
    app_for: AppForService,
    operations: OperationIndex,
    config: EdgeConfig,
) -> ASGIApp:
    main = app_for(control.service)
    # The control owns the side worlds (and drops them on reset); an app is built once per
    # side world and dropped with the world it was built over.
    side_apps: dict[str, tuple[PhoneNumberService, ASGIApp]] = {}
    side_generation = [control.generation]
    side_lock = asyncio.Lock()

    async def side_app(scenario: str) -> ASGIApp:
        """The contract app over another scenario's world, for Prefer: scenario=NAME."""
        async with side_lock:
            service = await asyncio.to_thread(control.side_world, scenario)
            if side_generation[0] != control.generation:
                side_apps.clear()
                side_generation[0] = control.generation
            cached = side_apps.get(scenario)
            if cached is None or cached[0] is not service:
                side_apps[scenario] = (service, BodyGuard(app_for(service), config.max_body_bytes))
            return side_apps[scenario][1]

    log = RequestLog(config.journal_size)
    access = AdminAccess(config.admin_token, frozenset(config.admin_hosts), config.cors_origins)
    admin = admin_app(control, log, access, tuple(operations.operation_ids()))
    # Inside the request controls, which match each request to its operation once for both.
    contract = BodyGuard(main, config.max_body_bytes)

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
        if path == PREFIX or path.startswith(PREFIX + "/"):
            await admin(scope, receive, send)
        elif path == "/":
            await landing(scope["method"])(scope, receive, send)
        elif path == "/__health":
            await (await health(control.service.store))(scope, receive, send)
        else:
            await contract(scope, receive, send)

    controlled = RequestControls(
        route,
        operations=operations,
        settings=config.controls,
        side_app=side_app,
        admin_token=config.admin_token,
    )
    # Outermost, so preflights are answered before routing and error answers carry CORS headers.
    return cors(
        Recorder(controlled, log), config.cors_origins, LOCALHOST_ORIGINS, config.cors_headers
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
