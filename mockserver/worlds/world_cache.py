"""Worlds built from a scenario, kept in the kit's file cache: a world is a pure function of the
scenario, the seed, the start time and the code that builds it, and building one is a quarter of
the mock's start-up (120 simulated days of traffic)."""

from __future__ import annotations

import json
import pickle
from datetime import datetime
from functools import cache as once
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mockserver.domain.world import World
from mockserver.domain.world_builder import build_world
from mockserver.files import cache

DOMAIN = Path(__file__).resolve().parents[1] / "domain"


@once
def _domain_source() -> bytes:
    """The kit's code a world depends on: any edit to the domain makes every cached world
    stale (Faker's version is the other part of the key)."""
    return b"".join(path.read_bytes() for path in sorted(DOMAIN.glob("*.py")))


def world_for(spec: dict[str, Any], seed: int, now: datetime) -> World:
    """build_world's answer, from the cache when the same inputs built it before."""
    name = "world-" + cache.key(
        json.dumps(spec, sort_keys=True, default=str),
        str(seed),
        now.isoformat(),
        _domain_source(),
        version("faker"),  # names, companies and numbers come from Faker's data
    )
    data = cache.read(name)
    if data is not None:
        try:
            # The user's own cache directory (0700), written only by world_for below.
            world = pickle.loads(data)
        except Exception:  # a damaged entry is rebuilt, never an error
            world = None
        if isinstance(world, World):
            return world
    world = build_world(spec, seed, now)
    cache.write(name, pickle.dumps(world, protocol=pickle.HIGHEST_PROTOCOL))
    return world
