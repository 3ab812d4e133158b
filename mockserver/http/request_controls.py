"""Per-request control for UI work: the Prefer header (code, delay, scenario), injected latency
and error rate. Runs before Connexion; sleeps never block others."""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.contract.operations import Operation, OperationIndex
from mockserver.domain.errors import ScenarioError, StoreUnavailable
from mockserver.http.admin.guard import token_given
from mockserver.http.errors import AdminTokenMissing, PreferenceError
from mockserver.http.matched import SCOPE_KEY, match_operation
from mockserver.http.problems import problem_for, starlette_problem

MAX_DELAY_MS = 30_000
PREFERENCES = ("code", "delay", "scenario")
_DELAY = re.compile(r"^(\d+)(?:-(\d+))?$")


def parse_delay(text: str, where: str) -> tuple[int, int]:
    """ "200" or "100-500" (milliseconds) as a (low, high) range."""
    match = _DELAY.match(text.strip())
    if not match:
        raise PreferenceError(f"{where}: expected milliseconds like 200 or 100-500, got {text!r}")
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if not low <= high <= MAX_DELAY_MS:
        raise PreferenceError(f"{where}: {text!r} must be a range within 0-{MAX_DELAY_MS} ms")
    return low, high


def parse_latency_per_operation(text: str) -> dict[str, tuple[int, int]]:
    table: dict[str, tuple[int, int]] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        operation_id, sep, delay = item.partition("=")
        if not sep:
            raise PreferenceError(f"latency_per_operation: expected operationId=ms, got {item!r}")
        table[operation_id.strip()] = parse_delay(delay, f"latency for {operation_id.strip()}")
    return table


def parse_prefer(values: list[str]) -> dict[str, str]:
    """RFC 7240 preferences (`Prefer: code=404, delay=300`) the mock knows, by name."""
    found: dict[str, str] = {}
    for value in values:
        for item in filter(None, (part.strip() for part in value.split(","))):
            name, _, raw = item.partition("=")
            name = name.strip().lower()
            if name not in PREFERENCES:
                raise PreferenceError(
                    f"Prefer: unknown preference {name!r}; the mock knows {', '.join(PREFERENCES)}"
                )
            found[name] = raw.strip().strip('"')
    return found


@dataclass(frozen=True)
class ControlConfig:
    """Injected latency and errors; the seed makes an error-rate run repeatable."""

    latency: tuple[int, int] | None = None
    latency_per_operation: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    error_rate: float = 0.0
    seed: int = 7

    @classmethod
    def parse(cls, latency: str, per_operation: str, error_rate: float, seed: int) -> ControlConfig:
        """From the settings' text forms; PreferenceError names the one that is wrong."""
        return cls(
            latency=parse_delay(latency, "latency") if latency else None,
            latency_per_operation=parse_latency_per_operation(per_operation),
            error_rate=error_rate,
            seed=seed,
        )


SideApp = Callable[[str], Awaitable[ASGIApp]]


class RequestControls:
    """ASGI middleware in front of the contract app; admin paths pass straight through."""

    def __init__(
        self,
        app: ASGIApp,
        operations: OperationIndex,
        settings: ControlConfig,
        side_app: SideApp,
        admin_token: str = "",
    ) -> None:
        self.app = app
        self.operations = operations
        self.settings = settings
        self.side_app = side_app
        # Choosing another world is an admin power: with a token set, it needs the token.
        self.admin_token = admin_token
        # Seeded, so an error-rate run is repeatable for the same sequence of requests.
        self.random = random.Random(settings.seed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(("/__admin", "/__health")):
            await self.app(scope, receive, send)
            return
        operation = match_operation(self.operations, scope)
        # Matched once: the body guard inside and the recorder outside read it.
        scope[SCOPE_KEY] = operation
        await self._handle(scope, receive, send, operation)

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, operation: Operation | None
    ) -> None:
        try:
            prefer = parse_prefer(Headers(scope=scope).getlist("prefer"))
            delay = self._delay(prefer, operation)
            forced = self._forced_status(prefer, operation)
        except PreferenceError as error:
            await problem_for(error)(scope, receive, send)
            return
        if delay:
            await asyncio.sleep(delay / 1000)  # never time.sleep: other requests go on meanwhile
        if forced and operation is not None:
            detail = f"Forced by the mock ({operation.operation_id} answers {forced} on request)."
            await starlette_problem(forced, detail)(scope, receive, send)
            return
        try:
            forbidden = "scenario" in prefer and self.admin_token
            if forbidden and not token_given(Headers(scope=scope), self.admin_token):
                await problem_for(AdminTokenMissing())(scope, receive, send)
                return
            target = await self.side_app(prefer["scenario"]) if "scenario" in prefer else self.app
        except ScenarioError as error:
            await problem_for(PreferenceError(f"Prefer: scenario: {error}"))(scope, receive, send)
            return
        except StoreUnavailable as error:
            await problem_for(error)(scope, receive, send)
            return
        await target(scope, receive, send)

    def _delay(self, prefer: dict[str, str], operation: Operation | None) -> float:
        if "delay" in prefer:
            low, high = parse_delay(prefer["delay"], "Prefer: delay")
        else:
            configured = self.settings.latency_per_operation.get(
                operation.operation_id if operation else "", self.settings.latency
            )
            if not configured:
                return 0.0
            low, high = configured
        return float(low if low == high else self.random.randint(low, high))

    def _forced_status(self, prefer: dict[str, str], operation: Operation | None) -> int | None:
        if "code" in prefer:
            if operation is None:
                raise PreferenceError("Prefer: code applies only to the contract's operations")
            if not prefer["code"].isdigit() or int(prefer["code"]) not in operation.error_statuses:
                defined = ", ".join(map(str, operation.error_statuses))
                raise PreferenceError(
                    f"Prefer: code={prefer['code']} is not an error status that "
                    f"{operation.operation_id} "
                    f"defines; it defines {defined}"
                )
            return int(prefer["code"])
        rate = self.settings.error_rate
        if operation is not None and rate and self.random.random() < rate:
            # 413 and 415 describe the request body, not a failing service: not simulated.
            simulated = [s for s in operation.error_statuses if s not in (413, 415)]
            status: int = self.random.choice(simulated or list(operation.error_statuses))
            return status
        return None
