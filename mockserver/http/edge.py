"""The mock's HTTP edge around the contract app, outermost first: CORS, the request controls
(Prefer, latency, error rate, journal), the body guard, then the admin API, the health answer
or the contract app of the world a request is for."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Router
from starlette.types import ASGIApp

from mockserver.contract.operations import OperationIndex
from mockserver.domain.service import PhoneNumberService
from mockserver.http.admin import admin_routes, health_route
from mockserver.http.body_guard import BodyGuard
from mockserver.http.request_controls import ControlConfig, JournalEntry, RequestControls
from mockserver.worlds.control import WorldControl

# Any port of localhost, 127.0.0.1 or [::1]: where a frontend developer's dev server runs.
LOCALHOST_ORIGINS = r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$"
# Headers a browser may send: what the contract's operations use, plus the mock's Prefer.
ALLOWED_HEADERS = ["Content-Type", "Authorization", "Prefer"]


@dataclass(frozen=True)
class EdgeConfig:
    controls: ControlConfig = field(default_factory=ControlConfig)
    max_body_bytes: int = 1_048_576
    # Browser origins allowed; none listed means any http(s)://localhost origin.
    cors_origins: tuple[str, ...] = ()
    admin_token: str = ""
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
    # The control owns the side worlds (and drops them on reset); an app is rebuilt only when
    # the world under it is a new one.
    side_apps: dict[str, tuple[PhoneNumberService, ASGIApp]] = {}
    side_lock = asyncio.Lock()

    async def side_app(scenario: str) -> ASGIApp:
        """The contract app over another scenario's world, for Prefer: scenario=NAME."""
        async with side_lock:
            service = await asyncio.to_thread(control.side_world, scenario)
            cached = side_apps.get(scenario)
            if cached is None or cached[0] is not service:
                side_apps[scenario] = (service, app_for(service))
            return side_apps[scenario][1]

    journal: deque[JournalEntry] = deque(maxlen=config.journal_size)
    # Everything outside /__admin goes to Connexion whatever its path (a Mount("/") would not
    # match a path parameter holding a newline, and Starlette would answer a plain-text 404).
    router = Router(
        routes=[
            Mount("/__admin", admin_routes(control, journal, config.admin_token)),
            health_route(control),
        ],
        default=main,
    )
    # Inside the request controls, which match each request to its operation once for both.
    guarded = BodyGuard(router, config.max_body_bytes)
    controlled = RequestControls(
        guarded,
        operations=operations,
        settings=config.controls,
        journal=journal,
        side_app=side_app,
    )
    # Outermost, so preflights are answered before routing and error answers carry CORS headers.
    return CORSMiddleware(
        controlled,
        allow_origins=list(config.cors_origins),
        allow_origin_regex=None if config.cors_origins else LOCALHOST_ORIGINS,
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=ALLOWED_HEADERS,
    )
