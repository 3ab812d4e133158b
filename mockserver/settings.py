"""The mock's settings: one typed object, defaults here, CLI flag > environment > default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

ENV_PREFIX = "LEADPING_MOCK_"


class SettingsError(ValueError):
    """A setting has a value the mock cannot use; the message names the setting."""


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    seed: int = 7
    scenario: str = "default"
    contract: Path | None = None
    validate_responses: bool = True
    # Comma-separated names from mockserver.faults.FAULTS: deliberate bugs for testing test suites.
    faults: str = ""

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
        settings = cls(**values)  # type: ignore[arg-type]
        if not 0 <= settings.port <= 65535:
            raise SettingsError(f"port: {settings.port} is not between 0 and 65535")
        return settings


def _convert(name: str, raw: str, default: object) -> object:
    if isinstance(default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{name}: expected true or false, got {raw!r}")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{name}: expected a whole number, got {raw!r}") from None
    if name.endswith("CONTRACT"):
        return Path(raw)
    return raw
