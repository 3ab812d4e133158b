"""Values derived from immutable objects, remembered per object up to a bound.

The domain's values are frozen and replaced on every change, so a value derived from one object
never goes stale: it is kept under the object's identity (cheaper than hashing a frozen dataclass
field by field), with the object itself, so a recycled id() can never match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
V = TypeVar("V")


class PerObject(Generic[T, V]):
    def __init__(self, derive: Callable[[T], V], keep: int = 4096) -> None:
        self._derive = derive
        self._keep = keep
        self._kept: dict[int, tuple[T, V]] = {}

    def __call__(self, value: T) -> V:
        kept = self._kept.get(id(value))
        if kept is not None and kept[0] is value:
            return kept[1]
        derived = self._derive(value)
        if len(self._kept) >= self._keep:
            # Dropping everything at the bound is simpler than LRU, and refilling is cheap.
            self._kept.clear()
        self._kept[id(value)] = (value, derived)
        return derived

    def __len__(self) -> int:
        return len(self._kept)
