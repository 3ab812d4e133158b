"""How the running suite reaches the service, for the requests the kit makes itself (the cross-call
checks' follow-ups): the base URL, headers and timeout of the run, and a record of each such
request, so a failure's reproduction shows every request involved.

It also carries what the run knows and learns: test data for generation, the coverage recorder,
the conversations' memory. The CLI starts one for its run. Without one (plain `st run` with the
hooks, or pytest against the app in process), follow-ups carry the checked request's own headers
and go where schemathesis sends the run's requests, and the checks whose rule needs the run's
memory of earlier calls do not apply.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract_tests.conversation_memory import ConversationMemory
from contract_tests.coverage.recorder import Recorder
from contract_tests.known_data import KnownData

MASK = "[Filtered]"  # as schemathesis sanitizes its own output
SECRET_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "x-api-key"})


@dataclass(frozen=True)
class FollowUp:
    """One request a check made of its own, as it was sent and answered."""

    check: str
    operation_id: str
    curl: str
    status: int
    body: Any

    def describe(self) -> str:
        return f"follow-up ({self.operation_id}, answered {self.status}): {self.curl}"


@dataclass
class RunContext:
    base_url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 10.0
    # Values the deployment holds, used by generation (contract_tests/test_data.py).
    known: KnownData = field(default_factory=KnownData)
    # What the run saw (coverage) and what it has seen of each conversation (cross-call checks).
    recorder: Recorder | None = None
    memory: ConversationMemory = field(default_factory=ConversationMemory)
    # Appended from worker threads; written to the report directory when the run ends.
    follow_ups: list[FollowUp] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, follow_up: FollowUp) -> None:
        with self.lock:
            self.follow_ups.append(follow_up)

    def write(self, path: Path) -> None:
        lines = [json.dumps(f.__dict__, default=str) for f in self.follow_ups]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


class _Active:
    run: RunContext | None = None


def start(run: RunContext) -> RunContext:
    _Active.run = run
    return run


def stop() -> None:
    _Active.run = None


def current() -> RunContext | None:
    return _Active.run


def masked(headers: dict[str, str]) -> dict[str, str]:
    """Headers fit for a report: secrets replaced, as schemathesis sanitizes its own output."""
    return {k: MASK if k.lower() in SECRET_HEADERS else v for k, v in headers.items()}
