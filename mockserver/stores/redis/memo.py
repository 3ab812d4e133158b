"""What one process remembers of a shared world between requests, valid for one generation.

Numbers change only on create, on a simulated day and on reset, and each of those moves the
world's generation in Redis; until it moves, decoded numbers, pools and entities are reused, so
a selection reads Redis only for the generation and the conversation (docs/performance.md).
Misses are never kept: fuzzed ids would grow them without bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockserver.domain.model import PhoneNumber
from mockserver.domain.status import StatusRead, WindowSpec
from mockserver.domain.world import WorldOrigin


@dataclass
class Remembered:
    gen: int | None
    numbers: dict[str, PhoneNumber] = field(default_factory=dict)
    by_e164: dict[str, str] = field(default_factory=dict)
    # Pool key -> (the ids read so far, in order; [True] once the whole pool is read).
    pools: dict[str, tuple[list[str], list[bool]]] = field(default_factory=dict)
    entities: dict[tuple[str, str], Any] = field(default_factory=dict)
    origin: WorldOrigin | None = None
    count: int | None = None  # how many numbers the world holds
    # (e164, window asked) -> (the generation it was read at, the read): answered again while
    # Redis says the generation, the clock and the traffic version are still the read's (P31).
    reads: dict[tuple[str, WindowSpec], tuple[int, StatusRead]] = field(default_factory=dict)
