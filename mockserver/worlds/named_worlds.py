"""Named worlds: one per test that asks for it (X-Mock-World: alice), so parallel end-to-end
tests do not step on each other. Each is built from the start-up scenario and seed on first
use, in a namespace of its own (so on Redis too), and the least recently used is dropped past
a limit."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable

from mockserver.worlds.control import WorldControl

# Letters, digits, '.', '_' and '-', as a header value and a key segment: no ':' (a key's
# separator), no spaces, at most 64.
WORLD_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_NAMED_WORLDS = 16


class NamedWorlds:
    def __init__(self, make: Callable[[str], WorldControl], limit: int = MAX_NAMED_WORLDS) -> None:
        self._make = make
        self.limit = limit
        self._worlds: OrderedDict[str, WorldControl] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, name: str) -> WorldControl:
        """The named world, built on first use; the least recently used is dropped past the
        limit (on a shared store its keys stay, and a later use joins them again)."""
        with self._lock:
            found = self._worlds.get(name)
            if found is not None:
                self._worlds.move_to_end(name)
                return found
        # Built outside the lock: another world's first use need not wait for this one.
        built = self._make(name)
        with self._lock:
            found = self._worlds.setdefault(name, built)
            self._worlds.move_to_end(name)
            while len(self._worlds) > self.limit:
                self._worlds.popitem(last=False)
            return found

    def peek(self, name: str) -> WorldControl | None:
        """The named world when it is built already (marked as used), else None; never builds."""
        with self._lock:
            found = self._worlds.get(name)
            if found is not None:
                self._worlds.move_to_end(name)
            return found

    def names(self) -> list[str]:
        with self._lock:
            return list(self._worlds)

    def controls(self) -> list[tuple[str, WorldControl]]:
        with self._lock:
            return list(self._worlds.items())

    def drop(self, name: str) -> bool:
        """Forget the named world, back to its start first, so that a later use (by any replica
        sharing the store) starts afresh; False when there is none of that name here."""
        with self._lock:
            found = self._worlds.pop(name, None)
        if found is None:
            return False
        found.reset()
        return True
