"""The mock's settings: one typed object, defaults here, CLI flag > environment > default."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from mockserver.domain.clock import DEFAULT_START, clock_start_from_text
from mockserver.stores.store_url import redact, url_problem

ENV_PREFIX = "LEADPING_MOCK_"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
POSITIVE = (
    "journal_size",
    "max_body_bytes",
    "max_numbers",
    "max_conversations",
    "max_traffic_per_number",
    "workers",
)


NAMESPACE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
STORE_SCHEMES = ("redis://", "rediss://", "unix://", "redis-cluster://")


class SettingsError(ValueError):
    """A setting has a value the mock cannot use; the message names the setting."""


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    # None: the scenario's own seed (an export has one), else 7.
    seed: int | None = None
    scenario: str = "default"
    # When the world's clock starts: empty for the fixed default (byte-stable tests), "now"
    # (this moment, read once at start), or an ISO 8601 time with a zone.
    clock_start: str = ""
    contract: Path | None = None
    # A folder of scenario files; None: the kit's own fixtures/scenarios.
    scenarios: Path | None = None
    validate_responses: bool = True
    # Comma-separated names from mockserver/faults/catalogue.py: deliberate bugs, to test suites.
    faults: str = ""
    # Browser origins allowed by CORS, comma-separated; empty means any http(s)://localhost origin.
    cors_origins: str = ""
    # Request headers browsers may send besides the mock's own (Content-Type, Authorization,
    # Prefer, X-Mock-World), comma-separated; empty means any header a preflight asks for.
    cors_headers: str = ""
    # Added delay in milliseconds: "200" fixed or "100-500" random; per operation as
    # "selectOutgoingNumber=300,getPhoneNumberStatus=50-150" (overrides the global one).
    latency: str = ""
    latency_per_operation: str = ""
    # Share of requests (0-1) answered with an error status the operation's contract defines.
    error_rate: float = 0.0
    # Which error statuses it draws, comma-separated (500,503); empty means every error the
    # operation defines except 413 and 415.
    error_statuses: str = ""
    # Requests kept in the admin journal (the oldest drop out).
    journal_size: int = 200
    # Largest request body accepted; larger ones get 413.
    max_body_bytes: int = 1_048_576
    # Numbers the world may hold; creating more answers 409 until a reset.
    max_numbers: int = 20_000
    # Conversations remembered (least recently used dropped first), and traffic kept per number.
    max_conversations: int = 10_000
    max_traffic_per_number: int = 5_000
    # Where the world lives: "memory" (this process alone) or redis://host:port/db, shared by
    # every process that names the same Redis and namespace (redis-cluster://host:port: a
    # Redis Cluster, any of its nodes).
    store: str = "memory"
    # The prefix of this world's keys in a shared store; worlds with different ones stay apart.
    store_namespace: str = "leadping"
    # Processes serving on the one port (uvicorn workers); more than one needs a shared store.
    workers: int = 1
    # Required on /__admin when set; the mock refuses to serve a non-loopback address without it.
    admin_token: str = ""
    # Host names besides loopback (and the address served) the admin API answers on,
    # comma-separated: a DNS-rebinding page's name is refused.
    admin_hosts: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then LEADPING_MOCK_* variables, then explicit overrides (the CLI's flags)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for spec in fields(cls):
            name = f"{ENV_PREFIX}{spec.name.upper()}"
            if name in environ:
                values[spec.name] = _convert(name, environ[name], getattr(cls(), spec.name))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        # Checked here, not in from_env: a Settings built any way is a valid one.
        if not 0 <= self.port <= 65535:
            raise SettingsError(f"port: {self.port} is not between 0 and 65535")
        clock_start(self.clock_start)  # refused here, at start, not on the first reset
        if not 0 <= self.error_rate <= 1:
            raise SettingsError(f"error_rate: {self.error_rate} is not between 0 and 1")
        if self.host not in LOOPBACK_HOSTS and not self.admin_token:
            raise SettingsError(
                f"host {self.host} can be reached from other machines: set an admin token "
                f"({ENV_PREFIX}ADMIN_TOKEN) to protect /__admin, or bind 127.0.0.1"
            )
        if self.store != "memory" and not self.store.startswith(STORE_SCHEMES):
            raise SettingsError(
                f"store: expected memory or a redis:// URL, got {redact(self.store)!r}"
            )
        if self.store != "memory" and (problem := url_problem(self.store)):
            raise SettingsError(f"store: {redact(self.store)!r}: {problem}")
        if not NAMESPACE.match(self.store_namespace):
            raise SettingsError(
                "store_namespace: expected letters, digits, '.', '_' or '-' (no ':', which "
                f"separates a world's keys), got {self.store_namespace!r}"
            )
        if self.workers > 1 and self.store == "memory":
            raise SettingsError(
                f"workers: {self.workers} processes with the in-memory store would be "
                f"{self.workers} different worlds; share one with --store redis://HOST:PORT/DB"
            )
        for name in POSITIVE:
            if getattr(self, name) < 1:
                raise SettingsError(f"{name}: {getattr(self, name)} must be at least 1")


def clock_start(text: str, now: datetime | None = None) -> datetime:
    """The start of the world's clock the setting names; SettingsError when it names none."""
    if not text:
        return DEFAULT_START
    if text.strip().lower() == "now":
        return (now or datetime.now(UTC)).replace(microsecond=0)
    try:
        return clock_start_from_text(text)
    except ValueError as error:
        raise SettingsError(f"clock_start: {error} (or now)") from None


def to_env(settings: Settings) -> dict[str, str]:
    """The settings as LEADPING_MOCK_* variables: how worker processes receive them."""
    env: dict[str, str] = {}
    for spec in fields(settings):
        value = getattr(settings, spec.name)
        if value is not None:
            env[f"{ENV_PREFIX}{spec.name.upper()}"] = str(value)
    return env


def _convert(name: str, raw: str, default: object) -> object:
    if isinstance(default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{name}: expected true or false, got {raw!r}")
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            raise SettingsError(f"{name}: expected a number, got {raw!r}") from None
    if isinstance(default, int) or name.endswith("_SEED"):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{name}: expected a whole number, got {raw!r}") from None
    if name.endswith(("CONTRACT", "SCENARIOS")):
        return Path(raw)
    return raw
