"""The running mock's world as a whole: reset to a seed or scenario, export, load, side worlds.

The world, its clock and its history live in the store, so with a shared store every process
serving it resets, exports and answers as one.

Locks: a reset or load holds the store's world lock, and only then, briefly, this control's own
lock; building a side world holds neither while it reads the main world. No thread ever holds
one lock while waiting for the other in the opposite order, so they cannot deadlock.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockserver.domain.clock import DEFAULT_START, clock_start_from_text
from mockserver.domain.errors import HistoryIncomplete, ScenarioError, StoreUnavailable
from mockserver.domain.history import History, Write
from mockserver.domain.service import PhoneNumberService
from mockserver.domain.store import Store
from mockserver.domain.world import World, WorldOrigin
from mockserver.stores.memory import MemoryStore
from mockserver.stores.opening import StoreConfig, open_store
from mockserver.wire.history_codec import history_to_json
from mockserver.worlds.history_check import HistoryCheck
from mockserver.worlds.scenario_files import DEFAULT_FOLDER, ScenarioFolder
from mockserver.worlds.world_cache import world_for

Spec = dict[str, Any]
DEFAULT_SEED = 7
logger = logging.getLogger("mockserver")
# Side worlds (Prefer: scenario=NAME) kept at once; the least recently used is dropped.
MAX_SIDE_WORLDS = 8


@dataclass(frozen=True)
class WorldConfig:
    """The world a mock starts with (and a bare reset returns to)."""

    # None: the scenario's own seed when it has one (an export does), else DEFAULT_SEED.
    seed: int | None = None
    scenario: str = "default"
    # When the clock of a world without its own starts (decision W1: fixed, so bytes repeat).
    clock: datetime = DEFAULT_START


# Makes the service over one world's store: the plain one, or one with faults on.
ServiceFactory = Callable[[Store], PhoneNumberService]


def _base(spec: Spec) -> Spec:
    """The scenario without what an export adds (its seed, clock and history)."""
    return {k: v for k, v in spec.items() if k not in ("history", "seed", "clock")}


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class BuiltWorld:
    """A world ready to be swapped in: built, its history replayed, nothing live touched."""

    world: World
    origin: WorldOrigin
    clock: datetime | None = None
    history: History | None = None


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
        *,
        history_check: HistoryCheck,
        scenarios: ScenarioFolder = DEFAULT_FOLDER,
    ) -> None:
        self.start = world or WorldConfig()
        self.scenarios = scenarios
        self._stores = stores or StoreConfig()
        self._make_service = make_service
        self._check = history_check
        start_spec = scenarios.load(self.start.scenario)
        start_seed = self.start.seed
        if start_seed is None:
            start_seed = int(start_spec.get("seed", DEFAULT_SEED))
        # What a bare reset returns to: the world exactly as it started.
        self.start_seed = start_seed

        def populate() -> None:
            self._swap_in(
                self.service.store, self._build(start_spec, start_seed, self.start.scenario)
            )

        store = open_store(self._stores, self._stores.namespace, populate)
        self.service = make_service(store)
        self._side_worlds: OrderedDict[str, PhoneNumberService] = OrderedDict()
        self._lock = threading.Lock()
        # Moves on every reset and load: the edge drops what it built over older worlds.
        self.generation = 0
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

    # Building a world off to the side ---------------------------------------------------------

    def _build(self, spec: Spec, seed: int, name: str) -> BuiltWorld:
        """The scenario's world for the seed with its history replayed, in a scratch store:
        whatever fails, fails here, before the running world is touched."""
        base = _base(spec)
        start = self.start.clock
        if "clock" in spec:
            try:
                start = clock_start_from_text(str(spec["clock"]))
            except ValueError as error:
                raise ScenarioError(f"{name}: clock: {error}") from None
        world = world_for(base, seed, start)
        origin = WorldOrigin(seed, name, json.dumps(base), start)
        writes = self._check.writes(spec.get("history", []), name, len(world.numbers))
        if not writes:
            return BuiltWorld(world, origin)
        return self._replayed(world, origin, writes)

    def _replayed(self, world: World, origin: WorldOrigin, writes: list[Write]) -> BuiltWorld:
        scratch = self._make_service(MemoryStore(self._stores.limits))
        scratch.reset(world, origin)
        scratch.replay(writes)
        store = scratch.store
        return BuiltWorld(store.snapshot(), origin, store.now(), store.history())

    def _swap_in(self, store: Store, built: BuiltWorld) -> None:
        with store.atomic():
            store.load(built.world, built.origin, clock=built.clock, history=built.history)

    def _become(self, built: BuiltWorld) -> None:
        self._swap_in(self.service.store, built)
        # After the store's lock is let go: side worlds were built with the old seed.
        with self._lock:
            self._side_worlds.clear()
            self.generation += 1

    # What the admin API asks for ---------------------------------------------------------------

    def reset(self, seed: int | None = None, scenario: str | None = None) -> None:
        """Back to a fresh world. With neither field, the start-up world (its scenario and seed);
        a scenario named without a seed comes with its own seed (an export's), else the
        start-up seed."""
        name = self.scenarios.check_name(scenario) if scenario is not None else self.start.scenario
        spec = self.scenarios.load(name)
        if seed is not None:
            chosen = seed
        elif scenario is None:
            chosen = self.start_seed
        else:
            chosen = int(spec.get("seed", self.start_seed))
        self._become(self._build(spec, chosen, name))

    def load(self, text: str, source: str) -> None:
        """Replace the world with one from a scenario file's text (an export, say): checked
        whole and built whole first, so a refused load leaves the running world as it was."""
        spec = self.scenarios.parse(text, source)
        self._become(self._build(spec, int(spec.get("seed", self.seed)), source))

    def export(self) -> Spec:
        """The current world as a scenario: its base, its seed and every write since."""
        origin = self._origin()
        history = self.service.store.history()
        if not history.complete:
            raise HistoryIncomplete()
        base = json.loads(origin.definition)
        return {
            **base,
            "seed": origin.seed,
            "clock": iso(origin.start),
            "history": history_to_json(list(history.writes)),
        }

    # Side worlds -------------------------------------------------------------------------------

    def side_world(self, scenario: object) -> PhoneNumberService:
        """A world of another scenario for single requests (Prefer: scenario=NAME), kept apart;
        built from the main world's seed on first use, the least recently used dropped."""
        name = self.scenarios.check_name(scenario)
        for _attempt in range(3):
            with self._lock:
                found = self._side_worlds.get(name)
                if found is not None:
                    self._side_worlds.move_to_end(name)
                    return found
                generation = self.generation
            seed = self.seed  # no lock of ours held while the main store is read
            service = self._side_service(self.scenarios.load(name), name, seed)
            with self._lock:
                if generation == self.generation:
                    self._side_worlds[name] = service
                    while len(self._side_worlds) > MAX_SIDE_WORLDS:
                        self._side_worlds.popitem(last=False)
                    return service
            # A reset came in meanwhile: build again over the new world.
        raise StoreUnavailable("the world was reset three times while a side world was built")

    def _side_service(self, spec: Spec, name: str, seed: int) -> PhoneNumberService:
        # The seed is part of the namespace: a side world is a function of its scenario and seed,
        # so a replica never joins one built over another main world.
        namespace = f"{self._stores.namespace}:side:{name}:{seed}"
        built: list[BuiltWorld] = []

        def populate() -> None:
            if not built:
                built.append(self._build(spec, seed, name))
            self._swap_in(service.store, built[0])

        service = self._make_service(open_store(self._stores, namespace, populate))
        ensure_world(service.store, populate)
        return service
