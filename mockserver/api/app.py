"""The mock's ASGI app: CORS, per-request controls and the admin API around the Connexion app
that routes and validates the contract and calls one world's service."""

from __future__ import annotations

import asyncio
import copy
import logging
from collections import deque
from pathlib import Path

from connexion.exceptions import ProblemException
from connexion.middleware import ConnexionMiddleware
from connexion.middleware.context import ContextMiddleware
from connexion.middleware.request_validation import RequestValidationMiddleware
from connexion.middleware.response_validation import ResponseValidationMiddleware
from connexion.middleware.security import SecurityMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.resolver import Resolver
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Router
from starlette.types import ASGIApp

from mockserver.api.admin import admin_routes, health_route
from mockserver.api.body_guard import BodyGuard
from mockserver.api.endpoint import ContractEndpoint
from mockserver.api.fault_injection import with_faults
from mockserver.api.handlers import make_handlers
from mockserver.api.lean_swagger_ui import LeanSwaggerUIMiddleware
from mockserver.api.lean_validation import (
    LeanRequestValidationMiddleware,
    LeanResponseValidationMiddleware,
)
from mockserver.api.operations import OperationIndex
from mockserver.api.problems import render_problem, render_unexpected
from mockserver.api.request_controls import (
    ControlSettings,
    JournalEntry,
    RequestControls,
    parse_delay,
    parse_latency_per_operation,
)
from mockserver.api.validation import validator_map
from mockserver.contract import Contract, load_contract
from mockserver.domain.service import PhoneNumberService
from mockserver.faults import parse_faults
from mockserver.settings import Settings, SettingsError
from mockserver.world_control import WorldControl

logger = logging.getLogger("mockserver")
# Any port of localhost, 127.0.0.1 or [::1]: where a frontend developer's dev server runs.
LOCALHOST_ORIGINS = r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$"
# Headers a browser may send: what the contract's operations use, plus the mock's Prefer.
ALLOWED_HEADERS = ["Content-Type", "Authorization", "Prefer"]


class StartupError(RuntimeError):
    """The mock cannot start: a missing handler, a broken contract or scenario."""


# Connexion's layer -> its lean form: the same checks and pages, with per-operation work done
# once and Swagger UI's routers entered only for its own paths (docs/performance.md).
LEAN_LAYERS: dict[type, type] = {
    SwaggerUIMiddleware: LeanSwaggerUIMiddleware,
    RequestValidationMiddleware: LeanRequestValidationMiddleware,
    ResponseValidationMiddleware: LeanResponseValidationMiddleware,
}
# Connexion's default stack without the layers this contract does not use (it declares no
# security, and the handlers are called by ContractEndpoint, not through Connexion's context),
# and with the lean forms.
CONNEXION_LAYERS = [
    LEAN_LAYERS.get(layer, layer)
    for layer in ConnexionMiddleware.default_middlewares
    if layer not in (SecurityMiddleware, ContextMiddleware)
]


def contract_app(settings: Settings, contract: Contract, service: PhoneNumberService) -> ASGIApp:
    """Connexion routing and validating the contract, in front of one service's handlers."""
    faults = parse_faults(settings.faults)
    handlers = make_handlers(service)
    missing = sorted(set(contract.operations()) - set(handlers))
    if missing:
        raise StartupError(f"no handler for operation(s): {', '.join(missing)}")
    if faults:
        # A fault must reach the client: response validation would turn it into a 500.
        logger.warning("faults on (%s): answers may break the contract", ", ".join(sorted(faults)))
        accepted = contract.resolved()["components"]["examples"]["PhoneNumber"]["value"]
        handlers = with_faults(handlers, faults, accepted)
    endpoint = ContractEndpoint(
        handlers, OperationIndex(contract), in_thread=settings.store != "memory"
    )
    app = ConnexionMiddleware(
        endpoint,
        specification_dir=str(Path(contract.path).parent),
        middlewares=CONNEXION_LAYERS,
    )
    app.add_api(
        # A dict, never the path (Connexion templates spec files with Jinja2), and the contract
        # as written: Connexion resolves the references itself, and validating the unresolved
        # contract is a third of the work of validating the resolved one (startup time).
        copy.deepcopy(contract.raw),
        # Connexion resolves every operation to a function even when it only routes; the
        # endpoint calls the handlers itself.
        resolver=Resolver(function_resolver=handlers.__getitem__),
        validate_responses=settings.validate_responses and not faults,
        validator_map=validator_map(faults),
    )
    app.add_error_handler(ProblemException, render_problem)
    app.add_error_handler(Exception, render_unexpected)
    asgi: ASGIApp = app
    return asgi


def create_app(settings: Settings | None = None, control: WorldControl | None = None) -> ASGIApp:
    settings = settings or Settings.from_env()
    contract = load_contract(settings.contract)
    control = control or WorldControl(settings)
    main = contract_app(settings, contract, control.service)
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
                side_apps[scenario] = (service, contract_app(settings, contract, service))
            return side_apps[scenario][1]

    journal: deque[JournalEntry] = deque(maxlen=settings.journal_size)
    try:
        controls = ControlSettings(
            latency=parse_delay(settings.latency, "latency") if settings.latency else None,
            latency_per_operation=parse_latency_per_operation(settings.latency_per_operation),
            error_rate=settings.error_rate,
            seed=settings.seed,
        )
    except ValueError as error:
        raise SettingsError(str(error)) from None
    operations = OperationIndex(contract)
    # Everything outside /__admin goes to Connexion whatever its path (a Mount("/") would not
    # match a path parameter holding a newline, and Starlette would answer a plain-text 404).
    router = Router(
        routes=[
            Mount("/__admin", admin_routes(control, journal, settings.admin_token)),
            health_route(control),
        ],
        default=main,
    )
    # Inside the request controls, which match each request to its operation once for both.
    guarded = BodyGuard(router, settings.max_body_bytes)
    controlled = RequestControls(
        guarded,
        operations=operations,
        settings=controls,
        journal=journal,
        side_app=side_app,
    )
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    # Outermost, so preflights are answered before routing and error answers carry CORS headers.
    return CORSMiddleware(
        controlled,
        allow_origins=origins,
        allow_origin_regex=None if origins else LOCALHOST_ORIGINS,
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=ALLOWED_HEADERS,
    )
