"""The running mock's world as a whole: reset to a seed or scenario, export, load, advance time."""

from __future__ import annotations

import threading
from typing import Any

from mockserver.domain.clock import DEFAULT_START, SimulatedClock
from mockserver.domain.factories import seeded_faker
from mockserver.domain.memory_store import MemoryStore, StoreLimits
from mockserver.domain.scenario import ScenarioError
from mockserver.domain.service import CREATE_STREAM, PhoneNumberService
from mockserver.faults import FaultyService, parse_faults
from mockserver.scenarios import history_from_json, history_to_json, load_scenario, parse_scenario
from mockserver.settings import Settings
from mockserver.world_cache import world_for

Spec = dict[str, Any]


def _base(spec: Spec) -> Spec:
    """The scenario without what an export adds (its seed and history)."""
    return {k: v for k, v in spec.items() if k not in ("history", "seed")}


def new_service(spec: Spec, seed: int, settings: Settings) -> PhoneNumberService:
    """A service over a fresh in-memory world built from a scenario (its history replayed)."""
    clock = SimulatedClock(DEFAULT_START)
    store = MemoryStore(StoreLimits(settings.max_conversations, settings.max_traffic_per_number))
    store.load(world_for(_base(spec), seed, clock.now()))
    fake = seeded_faker(seed + CREATE_STREAM)
    faults, max_numbers = parse_faults(settings.faults), settings.max_numbers
    service: PhoneNumberService
    if faults:
        service = FaultyService(store, clock, fake, seed, max_numbers, faults=faults)
    else:
        service = PhoneNumberService(store, clock, fake, seed, max_numbers)
    service.replay(history_from_json(spec.get("history", []), "scenario"))
    return service


class WorldControl:
    """What the admin API and per-request preferences act on; handlers see only `service`."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.scenario = settings.scenario
        self.seed = settings.seed
        self._spec = load_scenario(self.scenario)
        self.service = new_service(self._spec, self.seed, settings)
        self._side_worlds: dict[str, PhoneNumberService] = {}
        self._lock = threading.Lock()

    def reset(self, seed: int | None = None, scenario: str | None = None) -> None:
        """Back to a fresh world: the same one, or another seed or scenario."""
        spec = load_scenario(scenario) if scenario else self._spec
        self._become(spec, self.seed if seed is None else seed, scenario or self.scenario)

    def load(self, text: str, source: str) -> None:
        """Replace the world with one from a scenario file's text (an export, say)."""
        spec = parse_scenario(text, source)
        self._become(spec, int(spec.get("seed", self.seed)), source)

    def _become(self, spec: Spec, seed: int, name: str) -> None:
        # Everything that can fail is done before the running world is touched.
        history = history_from_json(spec.get("history", []), name)
        world = world_for(_base(spec), seed, DEFAULT_START)
        with self._lock:
            self.service.reset(world, seed)
            self.service.replay(history)
            self._spec, self.seed, self.scenario = spec, seed, name
            self._side_worlds.clear()  # they were built with the old seed

    def export(self) -> Spec:
        """The current world as a scenario: its base, its seed and every write since."""
        if self.service.history_overflowed:
            raise ScenarioError(
                "this world has had too many writes since its reset to export exactly; "
                "reset it and repeat the steps that matter"
            )
        history = history_to_json(self.service.history)
        return {**_base(self._spec), "seed": self.seed, "history": history}

    def side_world(self, scenario: str) -> PhoneNumberService:
        """A world of another scenario for single requests (Prefer: scenario=NAME), kept apart."""
        with self._lock:
            if scenario not in self._side_worlds:
                spec = load_scenario(scenario)
                self._side_worlds[scenario] = new_service(spec, self.seed, self._settings)
            return self._side_worlds[scenario]
