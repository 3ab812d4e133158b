"""The request log (the journal): what each request asked and what the mock answered, bounded in
entries and in body bytes, newest last. Bodies are kept as bytes and read as JSON only when the
admin API shows them, so logging costs the hot path a few appends."""

from __future__ import annotations

import itertools
import re
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mockserver.wire.json_text import JsonTextError, parse_json

# Of each body, the bytes kept: every body of this API fits; a larger one is kept cut, and said so.
MAX_LOGGED_BODY = 16 * 1024
CLEAR_PATH = re.compile(r"^/phone-numbers/outgoing/conversation/(?P<id>.+)/override$")


@dataclass(frozen=True)
class Body:
    """Up to MAX_LOGGED_BODY bytes of a body, its whole size, and its media type."""

    data: bytes = b""
    size: int = 0
    media_type: str = ""

    def as_json(self) -> Any:
        """The body as JSON when it is JSON and whole; else what can be said of it."""
        if not self.size:
            return None
        if self.size > len(self.data):
            return {"$truncated": f"{self.size} bytes, the first {len(self.data)} kept"}
        try:
            # The contract's own reader: NaN, lone surrogates and deep nesting are text here, so
            # one odd body cannot break every answer that shows the log.
            return parse_json(self.data.decode("utf-8"))
        except (JsonTextError, UnicodeDecodeError):
            return {"$text": self.data.decode("utf-8", "replace")[:2000]}


@dataclass(frozen=True)
class LoggedRequest:
    id: int
    at: datetime
    world: str
    method: str
    path: str
    query: str
    operation_id: str | None
    status: int
    duration_ms: float
    request: Body = field(default_factory=Body)
    response: Body = field(default_factory=Body)
    preferences_applied: tuple[str, ...] = ()

    def reason(self) -> str | None:
        """Why a 4xx or 5xx was answered: the problem's detail and its first violation."""
        if self.status < 400:
            return None
        problem = self.response.as_json()
        if not isinstance(problem, dict) or "detail" not in problem:
            return None
        reason = str(problem["detail"])
        errors = problem.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0]
            reason += f" ({first.get('in')} {first.get('field')}: {first.get('message')})"
        return reason[:500]

    def conversation(self) -> str | None:
        """The conversation the request named: in its body, its selection, or a clear's path."""
        matched = CLEAR_PATH.match(self.path)
        if matched:
            return matched.group("id")
        body = self.request.as_json()
        if not isinstance(body, dict):
            return None
        selection = body.get("selection")
        named = body.get("conversationId") or (
            selection.get("conversationId") if isinstance(selection, dict) else None
        )
        return named if isinstance(named, str) else None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "world": self.world or None,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "operationId": self.operation_id,
            "status": self.status,
            "durationMs": round(self.duration_ms, 1),
            "requestBody": self.request.as_json(),
            "responseBody": self.response.as_json(),
            "reason": self.reason(),
            "preferenceApplied": list(self.preferences_applied),
        }


class RequestLog:
    """The bounded log, `capacity` entries per world (so a busy world never pushes out another's
    and a test's `verify` counts hold); ids count up from 1 for the life of the process, so
    `since=ID` works across the oldest entries dropping out. The worlds logged are bounded too:
    the one least recently written to is forgotten past `max_worlds`."""

    def __init__(self, capacity: int, max_worlds: int = 17) -> None:
        self.capacity = capacity
        self.max_worlds = max_worlds
        self._worlds: OrderedDict[str, deque[LoggedRequest]] = OrderedDict()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def next_id(self) -> int:
        with self._lock:
            return next(self._ids)

    def append(self, entry: LoggedRequest) -> None:
        with self._lock:
            kept = self._worlds.get(entry.world)
            if kept is None:
                kept = self._worlds[entry.world] = deque(maxlen=self.capacity)
            self._worlds.move_to_end(entry.world)
            kept.append(entry)
            while len(self._worlds) > self.max_worlds:
                self._worlds.popitem(last=False)

    def entries(self, world: str) -> list[LoggedRequest]:
        with self._lock:
            return list(self._worlds.get(world, ()))

    def forget(self, world: str) -> None:
        """A dropped world's entries: a later world of that name starts with an empty log."""
        with self._lock:
            self._worlds.pop(world, None)


def now() -> datetime:
    """When a request came in, by the wall clock (the world's simulated clock is not time)."""
    return datetime.now(UTC)
