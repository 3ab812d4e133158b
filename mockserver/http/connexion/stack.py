"""Connexion's middleware over the contract, in front of one world's handlers: routing, request
and response validation, Swagger UI and the contract at /openapi.json."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from connexion.exceptions import ProblemException
from connexion.middleware import ConnexionMiddleware
from connexion.middleware.context import ContextMiddleware
from connexion.middleware.request_validation import RequestValidationMiddleware
from connexion.middleware.response_validation import ResponseValidationMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.security import SecurityMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from starlette.types import ASGIApp

from mockserver.contract.loader import Contract
from mockserver.faults.catalogue import FaultSet
from mockserver.http.connexion.lean_routing import LeanRoutingMiddleware
from mockserver.http.connexion.lean_swagger_ui import LeanSwaggerUIMiddleware
from mockserver.http.connexion.lean_validation import (
    LeanRequestValidationMiddleware,
    LeanResponseValidationMiddleware,
)
from mockserver.http.connexion.problems import render_problem, render_unexpected
from mockserver.http.connexion.validators import validator_map

# Connexion's layer -> its lean form: the same checks and pages, with per-operation work done
# once, each method and path routed once, and Swagger UI's routers entered only for its own
# paths (docs/performance.md).
LEAN_LAYERS: dict[type, type] = {
    SwaggerUIMiddleware: LeanSwaggerUIMiddleware,
    RoutingMiddleware: LeanRoutingMiddleware,
    RequestValidationMiddleware: LeanRequestValidationMiddleware,
    ResponseValidationMiddleware: LeanResponseValidationMiddleware,
}
# Layers the mock does not use: the contract's bearer token is the real service's, and the mock
# checks no credential (decision K20); the handlers are called by the kit's endpoint, not
# through Connexion's context.
UNUSED_LAYERS = (SecurityMiddleware, ContextMiddleware)


@dataclass(frozen=True)
class ConnexionConfig:
    validate_responses: bool = True
    # False: Connexion's stock layers, which the differential test holds the lean ones to.
    lean: bool = True


def layers(lean: bool) -> list[type]:
    """Connexion's default stack without the unused layers; lean forms where asked."""
    stack = [
        layer for layer in ConnexionMiddleware.default_middlewares if layer not in UNUSED_LAYERS
    ]
    return [LEAN_LAYERS.get(layer, layer) for layer in stack] if lean else stack


# Connexion's copy of the contract, for Swagger UI: resolved, its servers pointed at this mock
# so that "Try it out" calls the mock. /openapi.json is the contract as written (edge.py).
UI_SPEC_PATH = "/ui/openapi.json"
# Swagger UI's definitions (its `urls`), relative to /ui/ so they hold behind a root path; the
# contract first, so it opens on it.
SWAGGER_UI_DEFINITIONS = [
    {"url": "openapi.json", "name": "Leadping phone-numbers API (tried against this mock)"},
    {"url": "../__admin/openapi.json", "name": "The mock's admin API"},
]


def connexion_app(
    endpoint: ASGIApp,
    contract: Contract,
    handlers: Mapping[str, Callable[..., object]],
    config: ConnexionConfig,
    faults: FaultSet,
) -> ASGIApp:
    """Connexion's middleware over the contract in front of `endpoint`, which calls `handlers`
    itself (Connexion resolves every operation to a function even when it only routes)."""
    app = ConnexionMiddleware(
        endpoint,
        specification_dir=str(Path(contract.path).parent),
        middlewares=layers(config.lean),
    )
    app.add_api(
        # A dict, never the path (Connexion templates spec files with Jinja2), and the contract
        # as written: Connexion resolves the references itself, and validating the unresolved
        # contract is a third of the work of validating the resolved one (startup time).
        copy.deepcopy(contract.raw),
        resolver=Resolver(function_resolver=handlers.__getitem__),
        # A fault must reach the client: response validation would turn it into a 500.
        validate_responses=config.validate_responses and not faults,
        validator_map=validator_map(faults),
        # The admin API as a second definition in Swagger UI; /openapi.json stays the contract.
        swagger_ui_options=SwaggerUIOptions(
            spec_path=UI_SPEC_PATH,
            swagger_ui_template_arguments={"urls": SWAGGER_UI_DEFINITIONS},
        ),
    )
    app.add_error_handler(ProblemException, render_problem)
    app.add_error_handler(Exception, render_unexpected)
    asgi: ASGIApp = app
    return asgi
