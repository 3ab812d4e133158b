"""Per-request control for UI work: the Prefer header (code, delay, scenario), injected latency
and error rate. Runs before Connexion; sleeps never block others."""

from __future__ import annotations

import asyncio
import random
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.contract.operations import Operation, OperationIndex
from mockserver.domain.errors import ScenarioError, StoreUnavailable
from mockserver.http.admin.guard import token_given
from mockserver.http.errors import AdminTokenMissing, PreferenceError
from mockserver.http.matched import SCOPE_KEY, match_operation
from mockserver.http.preferences import parse_prefer, preference_applied
from mockserver.http.problems import forced_problem, problem_for
from mockserver.http.recorder import APPLIED_KEY, PREFER_KEY, WORLD_KEY

MAX_DELAY_MS = 30_000
# Worlds whose draws are kept (the main one and more than the named worlds a process keeps).
MAX_DRAWS = 64
# ASCII digits only, and few: "²" is a digit to str.isdigit, and int() refuses 4,301 digits.
_DELAY = re.compile(r"^([0-9]{1,6})(?:-([0-9]{1,6}))?$")
_STATUS = re.compile(r"^[0-9]{3}$")


def parse_delay(text: str, where: str) -> tuple[int, int]:
    """ "200" or "100-500" (milliseconds) as a (low, high) range."""
    match = _DELAY.match(text.strip())
    if not match:
        raise PreferenceError(
            f"{where}: expected milliseconds like 200 or 100-500, got {text[:40]!r}"
        )
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


@dataclass(frozen=True)
class ControlConfig:
    """Injected latency and errors; the seed makes an error-rate run repeatable."""

    latency: tuple[int, int] | None = None
    latency_per_operation: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    error_rate: float = 0.0
    seed: int = 7
    # The statuses --error-rate draws from, where an operation defines them; none listed means
    # every error it defines but 413 and 415 (decision W7).
    error_statuses: tuple[int, ...] = ()

    @classmethod
    def parse(
        cls,
        latency: str,
        per_operation: str,
        error_rate: float,
        seed: int,
        error_statuses: str = "",
    ) -> ControlConfig:
        """From the settings' text forms; PreferenceError names the one that is wrong."""
        return cls(
            latency=parse_delay(latency, "latency") if latency else None,
            latency_per_operation=parse_latency_per_operation(per_operation),
            error_rate=error_rate,
            seed=seed,
            error_statuses=parse_error_statuses(error_statuses),
        )


def parse_error_statuses(text: str) -> tuple[int, ...]:
    statuses = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        if not _STATUS.match(item) or not 400 <= int(item) <= 599:
            raise PreferenceError(
                f"error_statuses: expected error statuses like 500,503, got {item[:20]!r}"
            )
        statuses.append(int(item))
    return tuple(statuses)


class LiveSettings:
    """The latency and error rate in force: set at start-up, changed at run time through the
    admin API (POST /__admin/controls) for this process; one assignment, read per request."""

    def __init__(self, current: ControlConfig) -> None:
        self.current = current


# The contract app over a scenario's side world, of the main world or a named one.
SideApp = Callable[[str, str], Awaitable[ASGIApp]]


class RequestControls:
    """ASGI middleware in front of the contract app; admin paths pass straight through."""

    def __init__(
        self,
        app: ASGIApp,
        operations: OperationIndex,
        settings: ControlConfig | LiveSettings,
        side_app: SideApp,
        admin_token: str = "",
    ) -> None:
        self.app = app
        self.operations = operations
        self.live = settings if isinstance(settings, LiveSettings) else LiveSettings(settings)
        self.side_app = side_app
        # Choosing another world is an admin power: with a token set, it needs the token.
        self.admin_token = admin_token
        # Seeded per world: an error-rate run repeats for the same requests to that world.
        self._randoms: OrderedDict[str, random.Random] = OrderedDict()

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
            prefer = scope.get(PREFER_KEY)
            if prefer is None:
                prefer = parse_prefer(Headers(scope=scope).getlist("prefer"))
            draws = self._draws(scope.get(WORLD_KEY, ""))
            delay = self._delay(prefer, operation, draws)
            forced = self._forced_status(prefer, operation, draws)
        except PreferenceError as error:
            await problem_for(error)(scope, receive, send)
            return
        # What was asked for and honoured, for the answer's Preference-Applied and the log.
        applied: dict[str, str] = {n: prefer[n] for n in ("world", "code", "delay") if n in prefer}
        send = _with_applied(scope, send, applied)
        if delay:
            await asyncio.sleep(delay / 1000)  # never time.sleep: other requests go on meanwhile
        if forced and operation is not None:
            await forced_problem(forced, operation.operation_id)(scope, receive, send)
            return
        try:
            forbidden = "scenario" in prefer and self.admin_token
            if forbidden and not token_given(Headers(scope=scope), self.admin_token):
                await problem_for(AdminTokenMissing())(scope, receive, send)
                return
            target = (
                await self.side_app(prefer["scenario"], scope.get(WORLD_KEY, ""))
                if "scenario" in prefer
                else self.app
            )
        except ScenarioError as error:
            failed = PreferenceError(f"Prefer: scenario: {error}", rule="scenario")
            await problem_for(failed)(scope, receive, send)
            return
        except StoreUnavailable as error:
            await problem_for(error)(scope, receive, send)
            return
        if "scenario" in prefer:
            applied["scenario"] = prefer["scenario"]
        await target(scope, receive, send)

    @property
    def settings(self) -> ControlConfig:
        return self.live.current

    def _draws(self, world: str) -> random.Random:
        """The seeded draws of one world: another world's traffic never moves them."""
        found = self._randoms.get(world)
        if found is None:
            seed = self.settings.seed if not world else f"{self.settings.seed}:{world}"
            found = self._randoms[world] = random.Random(seed)
            while len(self._randoms) > MAX_DRAWS:
                self._randoms.popitem(last=False)
        self._randoms.move_to_end(world)
        return found

    def _delay(
        self, prefer: dict[str, str], operation: Operation | None, draws: random.Random
    ) -> float:
        if "delay" in prefer:
            low, high = parse_delay(prefer["delay"], "Prefer: delay")
        else:
            configured = self.settings.latency_per_operation.get(
                operation.operation_id if operation else "", self.settings.latency
            )
            if not configured:
                return 0.0
            low, high = configured
        return float(low if low == high else draws.randint(low, high))

    def _forced_status(
        self, prefer: dict[str, str], operation: Operation | None, draws: random.Random
    ) -> int | None:
        if "code" in prefer:
            if operation is None:
                raise PreferenceError(
                    "Prefer: code applies only to the contract's operations", rule="operation"
                )
            code = prefer["code"]
            if not _STATUS.match(code) or int(code) not in operation.error_statuses:
                defined = ", ".join(map(str, operation.error_statuses))
                raise PreferenceError(
                    f"Prefer: code={code[:20]} is not an error status that "
                    f"{operation.operation_id} "
                    f"defines; it defines {defined}",
                    rule="code",
                )
            return int(prefer["code"])
        rate = self.settings.error_rate
        if operation is not None and rate and draws.random() < rate:
            chosen = self.settings.error_statuses
            # 413 and 415 describe the request body, not a failing service: not simulated.
            simulated = [
                s
                for s in operation.error_statuses
                if (s in chosen if chosen else s not in (413, 415))
            ]
            if not simulated:
                return None
            status: int = draws.choice(simulated)
            return status
        return None


def _with_applied(scope: Scope, send: Send, applied: dict[str, str]) -> Send:
    """`send` adding Preference-Applied (RFC 7240 section 3) naming what `applied` holds when
    the answer starts; the same list goes to the request log."""
    scope[APPLIED_KEY] = applied

    async def applied_send(message: Message) -> None:
        if message["type"] == "http.response.start" and applied:
            headers = list(message.get("headers", []))
            headers.append((b"preference-applied", preference_applied(applied).encode("latin-1")))
            message = {**message, "headers": headers}
        await send(message)

    return applied_send
