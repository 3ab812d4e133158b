"""The Connexion app: the contract routes and validates, handlers call one world's service."""

from __future__ import annotations

import logging
from pathlib import Path

import connexion
from connexion.exceptions import ProblemException
from connexion.resolver import Resolver

from mockserver.api.fault_injection import with_faults
from mockserver.api.handlers import make_handlers
from mockserver.api.problems import render_domain_error, render_problem, render_unexpected
from mockserver.api.validation import validator_map
from mockserver.contract import load_contract
from mockserver.domain.clock import DEFAULT_START, SimulatedClock
from mockserver.domain.errors import DomainError
from mockserver.domain.factories import seeded_faker
from mockserver.domain.memory_store import MemoryStore
from mockserver.domain.scenario import build_world
from mockserver.domain.service import CREATE_STREAM, PhoneNumberService
from mockserver.faults import FaultyService, parse_faults
from mockserver.scenarios import load_scenario
from mockserver.settings import Settings

logger = logging.getLogger("mockserver")


class StartupError(RuntimeError):
    """The mock cannot start: a missing handler, a broken contract or scenario."""


def build_service(settings: Settings) -> PhoneNumberService:
    clock = SimulatedClock()
    world = build_world(load_scenario(settings.scenario), settings.seed, clock.now())
    store = MemoryStore()
    store.load(world)
    fake = seeded_faker(settings.seed + CREATE_STREAM)
    faults = parse_faults(settings.faults)
    if faults:
        return FaultyService(store, clock, fake, settings.seed, faults=faults)
    return PhoneNumberService(store, clock, fake, settings.seed)


def reset_service(service: PhoneNumberService, settings: Settings) -> None:
    """Rewind a running mock to the world its settings describe."""
    world = build_world(load_scenario(settings.scenario), settings.seed, DEFAULT_START)
    service.reset(world, settings.seed)


def create_app(
    settings: Settings | None = None, service: PhoneNumberService | None = None
) -> connexion.AsyncApp:
    settings = settings or Settings.from_env()
    contract = load_contract(settings.contract)
    service = service or build_service(settings)
    faults = parse_faults(settings.faults)
    handlers = make_handlers(service)
    if faults:
        # A fault must reach the client: response validation would turn it into a 500.
        logger.warning("faults on (%s): answers may break the contract", ", ".join(sorted(faults)))
        accepted = contract.resolved()["components"]["examples"]["PhoneNumber"]["value"]
        handlers = with_faults(handlers, faults, accepted)
    missing = sorted(set(contract.operations()) - set(handlers))
    if missing:
        # Connexion fails only at the first request; a mock missing an operation must not start.
        raise StartupError(f"no handler for operation(s): {', '.join(missing)}")
    app = connexion.AsyncApp(__name__, specification_dir=str(Path(contract.path).parent))
    app.add_api(
        contract.resolved(),  # a dict, never the path: Connexion templates spec files with Jinja2
        resolver=Resolver(function_resolver=handlers.__getitem__),
        validate_responses=settings.validate_responses and not faults,
        validator_map=validator_map(faults),
        pythonic_params=True,
    )
    app.add_error_handler(ProblemException, render_problem)
    app.add_error_handler(DomainError, render_domain_error)
    app.add_error_handler(Exception, render_unexpected)
    return app
