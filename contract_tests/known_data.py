"""Test data a run may use without writing anything: values the deployment already holds, given
by the user (`--known-number`, a config file), read from the local mock's world, or discovered
by harmless reads. Generated requests then reach real numbers, leads and teams, so the status
operation answers 200s and the selection's reasons show, where random values meet only 404s."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# Every value is a request field of the contract, bounded so a config cannot blow up a run.
MAX_VALUES = 200
MAX_LENGTH = 256


class ConfigError(ValueError):
    """A config file or option the suite cannot use; the message names the file and the key."""


@dataclass(frozen=True)
class KnownData:
    numbers: tuple[str, ...] = ()  # E.164 numbers the deployment has (status path)
    number_ids: tuple[str, ...] = ()  # their ids (an override's fromPhoneNumberId)
    leads: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    # Conversations the deployment held before the run: a sticky answer for one is no surprise.
    conversations: tuple[str, ...] = ()

    def merged(self, other: KnownData) -> KnownData:
        values = {
            f.name: tuple(dict.fromkeys([*getattr(self, f.name), *getattr(other, f.name)]))[
                :MAX_VALUES
            ]
            for f in fields(self)
        }
        return KnownData(**values)

    def count(self) -> int:
        return sum(len(getattr(self, f.name)) for f in fields(self))


KEYS = tuple(f.name for f in fields(KnownData))


def from_mapping(data: Any, where: str) -> KnownData:
    """Known data from a parsed `[known]` table; every mistake names its key."""
    if not isinstance(data, dict):
        raise ConfigError(f'{where}: expected a table of lists, like numbers = ["+15125550143"]')
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(KEYS)}")
    values: dict[str, tuple[str, ...]] = {}
    for key, items in data.items():
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ConfigError(f"{where}.{key}: expected a list of strings")
        if len(items) > MAX_VALUES or any(not 0 < len(i) <= MAX_LENGTH for i in items):
            raise ConfigError(
                f"{where}.{key}: at most {MAX_VALUES} values of 1-{MAX_LENGTH} characters"
            )
        if key == "numbers":
            bad = next((i for i in items if not E164.match(i)), None)
            if bad is not None:
                raise ConfigError(f"{where}.numbers: {bad!r} is not an E.164 number (+15125550143)")
        values[key] = tuple(dict.fromkeys(items))
    return KnownData(**values)


def read_config(path: Path) -> KnownData:
    """The `[known]` table of a config file (TOML)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it ({error.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    unknown = sorted(set(data) - {"known"})
    if unknown:
        raise ConfigError(f"{path}: unknown table {unknown[0]!r}; the file has one, [known]")
    return from_mapping(data.get("known", {}), f"{path}: [known]")


def from_options(numbers: list[str], leads: list[str]) -> KnownData:
    return from_mapping({"numbers": numbers, "leads": leads}, "--known-number/--known-lead")


def from_scenario(spec: dict[str, Any]) -> KnownData:
    """What the local mock's world holds, read from its export (ids only: numbers are learned)."""

    def ids(key: str) -> tuple[str, ...]:
        return tuple(str(item["id"]) for item in spec.get(key, []) if isinstance(item, dict))

    return KnownData(
        number_ids=ids("numbers"),
        leads=ids("leads"),
        teams=ids("teams"),
        campaigns=ids("campaigns"),
        sources=ids("sources"),
    )


def with_numbers(known: KnownData, numbers: list[str], number_ids: list[str]) -> KnownData:
    return known.merged(replace(KnownData(), numbers=tuple(numbers), number_ids=tuple(number_ids)))
