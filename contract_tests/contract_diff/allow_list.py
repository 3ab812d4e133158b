"""The allow-list: breaking changes a team has accepted, each matched by rule and place.

A YAML file (JSON is YAML too), a mapping with one key:

    accepted:
      - rule: request-property-became-required      # exact rule id
        where: "POST /phone-numbers/outgoing/new request application/json /teamId"
        operationId: selectOutgoingNumber           # optional: exact
        reason: every client sends teamId since v2  # optional, shown in reports

`where` is matched whole; a `*` in it stands for any run of characters (a component edit that
fans out to many fields is one entry). An unknown key or rule id is refused: a typo must not
silently accept nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from contract_tests.contract_diff.change import Change
from contract_tests.contract_diff.errors import InputError
from contract_tests.contract_diff.rules import RULES
from mockserver.files.yaml_text import load_yaml

_FIELDS = ("rule", "where", "operationId", "reason")


@dataclass(frozen=True)
class AllowEntry:
    """One accepted break."""

    rule: str
    where: str
    operation_id: str | None = None
    reason: str = ""

    def matches(self, change: Change) -> bool:
        if change.rule != self.rule:
            return False
        if self.operation_id is not None and change.operation_id != self.operation_id:
            return False
        pattern = ".*".join(re.escape(part) for part in self.where.split("*"))
        return re.fullmatch(pattern, change.where) is not None


@dataclass(frozen=True)
class AllowList:
    """The accepted breaks, in file order."""

    entries: tuple[AllowEntry, ...] = ()

    def entry_for(self, change: Change) -> AllowEntry | None:
        return next((entry for entry in self.entries if entry.matches(change)), None)

    def unused(self, changes: list[Change]) -> list[AllowEntry]:
        """Entries that accept none of these changes: stale, or mistyped."""
        return [e for e in self.entries if not any(e.matches(c) for c in changes if c.breaking)]


def allowed(changes: list[Change], allow_list: AllowList) -> tuple[list[Change], list[Change]]:
    """(breaking changes not in the allow-list, breaking changes it accepts)."""
    breaking = [change for change in changes if change.breaking]
    accepted = [change for change in breaking if allow_list.entry_for(change) is not None]
    return [change for change in breaking if change not in accepted], accepted


def read_allow_list(path: Path) -> AllowList:
    """The allow-list in `path`; InputError names the file and the offending field."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            f"{path}: cannot read the allow-list: {error.__class__.__name__}"
        ) from None
    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not YAML: {str(error).splitlines()[0]}") from None
    return parse_allow_list(data, str(path))


def parse_allow_list(data: object, source: str) -> AllowList:
    if data is None:
        return AllowList()
    if not isinstance(data, dict) or set(data) - {"accepted"}:
        raise InputError(f"{source}: expected a mapping with one key, accepted (a list)")
    items = data.get("accepted") or []
    if not isinstance(items, list):
        raise InputError(f"{source}: accepted: expected a list of entries")
    return AllowList(
        tuple(_entry(item, f"{source}: accepted[{i}]") for i, item in enumerate(items))
    )


def _entry(item: object, at: str) -> AllowEntry:
    if not isinstance(item, dict):
        raise InputError(f"{at}: expected a mapping with {', '.join(_FIELDS)}")
    unknown = sorted(str(key) for key in item if key not in _FIELDS)
    if unknown:
        raise InputError(f"{at}.{unknown[0]}: unknown field (expected {', '.join(_FIELDS)})")
    for name in _FIELDS:
        value = item.get(name)
        required = name in ("rule", "where")
        if (required or value is not None) and not (isinstance(value, str) and value.strip()):
            need = "is missing" if value is None else "must be a non-empty string"
            raise InputError(f"{at}.{name}: {need}")
    if item["rule"] not in RULES:
        raise InputError(f"{at}.rule: unknown rule id {item['rule']!r} (docs/contract-diff.md)")
    return AllowEntry(
        item["rule"], item["where"], item.get("operationId"), item.get("reason") or ""
    )
