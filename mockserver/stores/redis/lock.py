"""One world's lock across processes: redis-py's lock in Redis, with a time-out so a crashed
process cannot hold the world for ever; threads of one process queue on a local lock first, so
only one of them polls Redis."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import LockError, LockNotOwnedError
from redis.exceptions import TimeoutError as RedisTimeoutError

from mockserver.domain.errors import StoreUnavailable

logger = logging.getLogger("mockserver")
# The longest one write may hold the world before another process may take it; a long write
# (many simulated days) refreshes it as it goes.
LOCK_SECONDS = 30.0
# How long a write waits for another process's write before its request gets a 503.
WAIT_SECONDS = 10.0


class WorldLock:
    def __init__(
        self,
        client: redis.Redis,
        name: str,
        *,
        on_enter: Callable[[], None],
        on_leave: Callable[[], None],
    ) -> None:
        self._shared = client.lock(
            name,
            timeout=LOCK_SECONDS,
            sleep=0.0005,  # polled while another process writes: writes take about a ms
            blocking_timeout=WAIT_SECONDS,
            thread_local=False,  # one thread of this process holds it: see _local
        )
        self._local = threading.RLock()
        self._depth = 0
        self._owner = 0
        self._held_since: float | None = None  # when this process took it; None: not held
        self._orphan: str | None = None  # a token a failed acquire may have left in Redis
        # Called with the lock just taken (the store checks its world), and just before it goes.
        self._on_enter = on_enter
        self._on_leave = on_leave

    def held_for(self) -> float | None:
        """Seconds since a thread of this process took the world, None while none holds it."""
        since = self._held_since
        return None if since is None else time.monotonic() - since

    def holding(self) -> bool:
        """Whether this thread holds the lock: other threads of the process may read meanwhile,
        and must not take what it remembers under the lock for their own."""
        return self._depth > 0 and self._owner == threading.get_ident()

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the world, re-entrantly; StoreUnavailable when another process keeps it."""
        with self._local:
            self._depth += 1
            self._owner = threading.get_ident()
            try:
                if self._depth == 1:
                    self._enter()  # on failure it has let go of everything it took
            except BaseException:
                self._depth -= 1
                raise
            try:
                yield
            finally:
                if self._depth == 1:
                    self._leave()
                self._depth -= 1

    def refresh(self) -> None:
        """A long write keeps its lock: renewed well before it would expire."""
        held = self.held_for()
        if self.holding() and held is not None and held > LOCK_SECONDS / 3:
            self._shared.reacquire()
            self._held_since = time.monotonic()

    def _enter(self) -> None:
        self._release_orphan()
        token = uuid.uuid4().hex
        try:
            taken = self._shared.acquire(token=token)
        except (RedisConnectionError, RedisTimeoutError):
            # The SET may have reached a stalled Redis and run once it resumed: the lock would
            # then be held under a token nobody knows until it expires (30 s). Keep the token
            # to let it go as soon as Redis answers again.
            self._orphan = token
            raise
        if not taken:
            raise StoreUnavailable(
                f"another mock process has held this world for over {WAIT_SECONDS:.0f} s"
            )
        self._held_since = time.monotonic()
        try:
            self._on_enter()
        except BaseException:
            self._leave()
            raise

    def _release_orphan(self) -> None:
        if self._orphan is None:
            return
        # LockNotOwnedError: the SET never ran, or the lock expired: nothing to let go.
        with contextlib.suppress(LockNotOwnedError):
            self._shared.do_release(self._orphan)
        self._orphan = None

    def _leave(self) -> None:
        self._held_since = None
        self._on_leave()
        try:
            self._shared.release()
        except LockError:
            logger.warning(
                "a write held the world longer than %s s; check for slow ones", LOCK_SECONDS
            )
        except (RedisConnectionError, RedisTimeoutError):
            pass  # the lock expires by itself; the error that matters was raised already
