"""The composition root of the mock: settings are read here, once, and turned into the small
typed configs each part needs; no layer below sees `Settings`."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from typing import Any

from starlette.types import ASGIApp

from mockserver.contract.loader import Contract, load_kit_contract
from mockserver.contract.operations import OperationIndex
from mockserver.domain.service import PhoneNumberService
from mockserver.domain.store import Store, StoreLimits
from mockserver.faults.catalogue import FaultSet
from mockserver.faults.faulty_service import service_with
from mockserver.http.connexion import UnsupportedConnexion, require_supported_connexion
from mockserver.http.connexion.stack import ConnexionConfig, connexion_app
from mockserver.http.edge import EdgeConfig, edge_app
from mockserver.http.endpoint import ContractEndpoint
from mockserver.http.fault_injection import with_faults
from mockserver.http.handlers import make_handlers
from mockserver.http.repeated_reads import RepeatedReads
from mockserver.http.request_controls import ControlConfig
from mockserver.http.uvicorn_protocol import BoundedHttpToolsProtocol
from mockserver.settings import Settings, SettingsError, clock_start
from mockserver.stores.opening import StoreConfig
from mockserver.worlds.control import DEFAULT_SEED, WorldConfig, WorldControl
from mockserver.worlds.history_check import HistoryCheck
from mockserver.worlds.named_worlds import NamedWorlds
from mockserver.worlds.scenario_files import DEFAULT_FOLDER, ScenarioFolder

logger = logging.getLogger("mockserver")


class StartupError(RuntimeError):
    """The mock cannot start: a missing handler, a broken contract or scenario, a Connexion
    version its layers were not written for."""


@dataclass(frozen=True)
class Composition:
    """Everything the settings decide, as the typed configs the parts take."""

    world: WorldConfig
    scenarios: ScenarioFolder
    stores: StoreConfig
    faults: FaultSet
    max_numbers: int
    connexion: ConnexionConfig
    edge: EdgeConfig

    @classmethod
    def of(cls, settings: Settings) -> Composition:
        try:
            controls = ControlConfig.parse(
                settings.latency,
                settings.latency_per_operation,
                settings.error_rate,
                DEFAULT_SEED if settings.seed is None else settings.seed,
                settings.error_statuses,
            )
        except ValueError as error:
            raise SettingsError(str(error)) from None
        return cls(
            world=WorldConfig(settings.seed, settings.scenario, clock_start(settings.clock_start)),
            scenarios=scenario_folder(settings),
            stores=StoreConfig(
                settings.store,
                settings.store_namespace,
                StoreLimits(settings.max_conversations, settings.max_traffic_per_number),
            ),
            faults=FaultSet.parse(settings.faults),
            max_numbers=settings.max_numbers,
            connexion=ConnexionConfig(validate_responses=settings.validate_responses),
            edge=EdgeConfig(
                controls=controls,
                max_body_bytes=settings.max_body_bytes,
                cors_origins=comma_list(settings.cors_origins),
                cors_headers=comma_list(settings.cors_headers),
                admin_token=settings.admin_token,
                admin_hosts=admin_hosts(settings),
                journal_size=settings.journal_size,
            ),
        )

    def service_for(self, store: Store) -> PhoneNumberService:
        return service_with(store, self.max_numbers, self.faults)


def scenario_folder(settings: Settings) -> ScenarioFolder:
    if settings.scenarios is None:
        return DEFAULT_FOLDER
    if not settings.scenarios.is_dir():
        raise SettingsError(f"scenarios: {settings.scenarios} is not a folder")
    return ScenarioFolder(settings.scenarios)


def comma_list(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


def server_options() -> dict[str, Any]:
    """How uvicorn serves the mock: with the bounds on a request's head (uvicorn_protocol.py)."""
    return {"http": BoundedHttpToolsProtocol}


def admin_hosts(settings: Settings) -> tuple[str, ...]:
    """Loopback is always allowed; so are the address served and the names configured."""
    named = [h.strip().lower() for h in settings.admin_hosts.split(",") if h.strip()]
    served = [] if settings.host in ("0.0.0.0", "::") else [settings.host.lower()]
    return tuple(dict.fromkeys([*named, *served]))


def world_control(settings: Settings, contract: Contract | None = None) -> WorldControl:
    """The world a mock with these settings serves (tests share one between apps)."""
    parts = Composition.of(settings)
    contract = contract or load_kit_contract(settings.contract)
    check = HistoryCheck(contract, parts.stores.limits.history)
    return WorldControl(
        parts.world, parts.stores, parts.service_for, history_check=check, scenarios=parts.scenarios
    )


def contract_app(parts: Composition, contract: Contract, service: PhoneNumberService) -> ASGIApp:
    """Connexion routing and validating the contract, in front of one service's handlers."""
    handlers = make_handlers(service)
    missing = sorted(set(contract.operations()) - set(handlers))
    if missing:
        raise StartupError(f"no handler for operation(s): {', '.join(missing)}")
    if parts.faults:
        logger.warning(
            "faults on (%s): answers may break the contract", ", ".join(sorted(parts.faults.names))
        )
        accepted = contract.resolved()["components"]["examples"]["PhoneNumber"]["value"]
        handlers = with_faults(handlers, parts.faults, accepted)
    operations = OperationIndex(contract)
    endpoint = ContractEndpoint(handlers, operations, service.store.run_unblocking)
    app = connexion_app(endpoint, contract, handlers, parts.connexion, parts.faults)
    if parts.faults or not parts.connexion.lean:
        return app  # a fault may answer differently each time; the stock stack is as it is
    return RepeatedReads(app, endpoint.answer, operations.repeatable())


def create_app(
    settings: Settings | None = None,
    control: WorldControl | None = None,
    *,
    lean_layers: bool = True,
) -> ASGIApp:
    """The mock's ASGI app; `lean_layers=False` serves through Connexion's stock validation and
    Swagger UI layers, which the differential test holds the lean ones to."""
    settings = settings or Settings.from_env()
    try:
        require_supported_connexion()
    except UnsupportedConnexion as error:
        raise StartupError(str(error)) from None
    parts = Composition.of(settings)
    if not lean_layers:
        parts = replace(parts, connexion=replace(parts.connexion, lean=False))
    contract = load_kit_contract(settings.contract)
    control = control or world_control(settings, contract)
    document = json.dumps(contract.raw, default=str).encode()
    return edge_app(
        control,
        lambda service: contract_app(parts, contract, service),
        OperationIndex(contract),
        replace(parts.edge, contract_document=document),
        NamedWorlds(lambda name: named_world(parts, contract, name)),
    )


def named_world(parts: Composition, contract: Contract, name: str) -> WorldControl:
    """A named world (X-Mock-World: NAME): the start-up scenario and seed, in its own
    namespace of the store."""
    stores = replace(parts.stores, namespace=f"{parts.stores.namespace}:world:{name}")
    check = HistoryCheck(contract, parts.stores.limits.history)
    return WorldControl(
        parts.world, stores, parts.service_for, history_check=check, scenarios=parts.scenarios
    )
