"""The mock over a world of BENCH_NUMBERS numbers: the default world's first numbers, then
generated ones spread over its teams, area codes and warmup states (for the selection-latency
comparison: the engine must not scan the world per request)."""

from __future__ import annotations

import os
from dataclasses import replace

from starlette.types import ASGIApp

from mockserver.app import create_app as create_mock
from mockserver.app import world_control
from mockserver.domain.model import PhoneNumber
from mockserver.domain.world import World, WorldOrigin
from mockserver.settings import Settings

AREAS = ("512", "303", "415", "212", "312", "404", "305", "617", "206", "713", "602", "615")
TEAMS = ("team_0001", "team_0002", "team_0003", None)


def sized(world: World, count: int) -> World:
    """The world cut or grown to `count` numbers; the added ones copy its numbers' states."""
    kept = world.numbers[:count]
    templates = world.numbers
    added = [
        replace(
            templates[i % len(templates)],
            id=f"pn_bench_{i:06d}",
            number=f"+1{AREAS[i % len(AREAS)]}{2_000_000 + i:07d}",
            team_id=TEAMS[i % len(TEAMS)],
            is_preferred=False,
            is_default=False,
            campaign_id=None,
            source_id=None,
        )
        for i in range(max(0, count - len(kept)))
    ]
    numbers: tuple[PhoneNumber, ...] = (*kept, *added)
    ids = {n.id for n in numbers}
    traffic = tuple(e for e in world.traffic if e.phone_number_id in ids)
    return replace(world, numbers=numbers, traffic=traffic)


def create_app() -> ASGIApp:
    count = int(os.environ.get("BENCH_NUMBERS", "100000"))
    settings = Settings.from_env(max_numbers=max(count + 1000, Settings().max_numbers))
    control = world_control(settings)
    store = control.service.store
    store.load(sized(store.snapshot(), count), store.origin() or WorldOrigin(0, "sized"))
    return create_mock(settings, control)
