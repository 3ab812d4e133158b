"""The running mock's world as a whole: reset to a seed or scenario, export, load, advance time.

The world, its clock and its history live in the store, so with a shared store every process
serving it resets, exports and answers as one.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mockserver.domain.clock import DEFAULT_START
from mockserver.domain.errors import HistoryIncomplete, StoreUnavailable
from mockserver.domain.service import PhoneNumberService
from mockserver.domain.store import Store
from mockserver.domain.world import WorldOrigin
from mockserver.stores.opening import StoreConfig, open_store
from mockserver.wire.history_codec import history_from_json, history_to_json
from mockserver.worlds.scenario_files import load_scenario, parse_scenario
from mockserver.worlds.world_cache import world_for

Spec = dict[str, Any]
logger = logging.getLogger("mockserver")


def _base(spec: Spec) -> Spec:
    """The scenario without what an export adds (its seed and history)."""
    return {k: v for k, v in spec.items() if k not in ("history", "seed")}


@dataclass(frozen=True)
class WorldConfig:
    """The world a mock starts with (and a bare reset returns to)."""

    seed: int = 7
    scenario: str = "default"


# Makes the service over one world's store: the plain one, or one with faults on.
ServiceFactory = Callable[[Store], PhoneNumberService]


def become(service: PhoneNumberService, spec: Spec, seed: int, name: str) -> None:
    """Replace the service's world with the scenario's built from the seed, history replayed."""
    # Everything that can fail is done before the running world is touched.
    history = history_from_json(spec.get("history", []), name)
    base = _base(spec)
    world = world_for(base, seed, DEFAULT_START)
    origin = WorldOrigin(seed, name, json.dumps(base), DEFAULT_START)
    with service.store.atomic():
        service.reset(world, origin)
        service.replay(history)


def ensure_world(store: Store, populate: Callable[[], None]) -> None:
    """Build the world unless the store holds one already (a shared store may)."""
    with store.atomic():
        if store.origin() is None:
            populate()


class WorldControl:
    """What the admin API and per-request preferences act on; handlers see only `service`."""

    def __init__(
        self,
        world: WorldConfig | None = None,
        stores: StoreConfig | None = None,
        make_service: ServiceFactory = PhoneNumberService,
    ) -> None:
        world = world or WorldConfig()
        self._stores = stores or StoreConfig()
        self._make_service = make_service
        start_spec = load_scenario(world.scenario)

        def populate() -> None:
            become(self.service, start_spec, world.seed, world.scenario)

        store = open_store(self._stores, self._stores.namespace, populate)
        self.service = make_service(store)
        self._side_worlds: dict[str, PhoneNumberService] = {}
        self._lock = threading.Lock()
        try:
            ensure_world(store, populate)
        except StoreUnavailable as error:
            logger.warning("%s; the world will be built or joined when it answers", error)

    def _origin(self) -> WorldOrigin:
        origin = self.service.store.origin()
        if origin is None:
            raise StoreUnavailable("the store holds no world yet")
        return origin

    @property
    def seed(self) -> int:
        return self._origin().seed

    @property
    def scenario(self) -> str:
        return self._origin().scenario

    def reset(self, seed: int | None = None, scenario: str | None = None) -> None:
        """Back to a fresh world: the same one, or another seed or scenario."""
        origin = self._origin()
        spec = load_scenario(scenario) if scenario else json.loads(origin.definition)
        self._become(spec, origin.seed if seed is None else seed, scenario or origin.scenario)

    def load(self, text: str, source: str) -> None:
        """Replace the world with one from a scenario file's text (an export, say)."""
        spec = parse_scenario(text, source)
        self._become(spec, int(spec.get("seed", self.seed)), source)

    def _become(self, spec: Spec, seed: int, name: str) -> None:
        # Store first, then the side worlds' lock: the order side_world() never reverses.
        with self.service.store.atomic():
            become(self.service, spec, seed, name)
            with self._lock:
                self._side_worlds.clear()  # they were built with the old seed

    def export(self) -> Spec:
        """The current world as a scenario: its base, its seed and every write since."""
        origin = self._origin()
        history = self.service.store.history()
        if history is None:
            raise HistoryIncomplete(self._stores.limits.max_history)
        base = json.loads(origin.definition)
        return {**base, "seed": origin.seed, "history": history_to_json(history)}

    def side_world(self, scenario: str) -> PhoneNumberService:
        """A world of another scenario for single requests (Prefer: scenario=NAME), kept apart."""
        with self._lock:
            if scenario not in self._side_worlds:
                spec = load_scenario(scenario)
                self._side_worlds[scenario] = self._side_service(spec, scenario)
            return self._side_worlds[scenario]

    def _side_service(self, spec: Spec, scenario: str) -> PhoneNumberService:
        def populate() -> None:
            # Built with the main world's seed, whenever the store finds it missing.
            become(service, spec, self.seed, scenario)

        namespace = f"{self._stores.namespace}:side:{scenario}"
        service = self._make_service(open_store(self._stores, namespace, populate))
        ensure_world(service.store, populate)
        return service
