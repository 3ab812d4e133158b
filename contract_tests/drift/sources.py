"""The requests a drift run replays, from the payload catalogue, a HAR, or an admin export's
history (its writes as the requests that made them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

from contract_tests.payloads import catalogue
from contract_tests.payloads.model import ABSENT
from contract_tests.traffic.exchange import NOT_RECORDED
from contract_tests.traffic.har import HarError, read
from mockserver.files.yaml_text import load_untrusted_yaml

CREATE = "createPhoneNumber"
MAX_REQUESTS = 5_000


class SourceError(ValueError):
    """Traffic a drift run cannot replay; the message names the file and the problem."""


@dataclass(frozen=True)
class Replayed:
    key: str  # stable across runs: the baseline names differences by it
    method: str
    target: str  # path and query, encoded
    body: Any = None  # JSON; None: no body
    writes: bool = False

    def json_body(self) -> bytes | None:
        return None if self.body is None else json.dumps(self.body).encode()


def from_catalogue(directory: Path) -> list[Replayed]:
    try:
        cases = catalogue.read(directory)
    except (FileNotFoundError, ValueError) as error:
        raise SourceError(str(error)) from None
    return [
        Replayed(
            case.id,
            case.method,
            case.target(),
            None if case.body is ABSENT else case.body,
            writes=case.operation_id == CREATE,
        )
        for case in cases
    ]


def from_har(path: Path) -> list[Replayed]:
    try:
        exchanges = read(path)
    except HarError as error:
        raise SourceError(str(error)) from None
    found = []
    for n, exchange in enumerate(exchanges):
        parts = urlsplit(exchange.url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        body = None if exchange.request_body in (b"", NOT_RECORDED) else exchange.request_json()
        writes = exchange.method == "POST" and parts.path.rstrip("/") == "/phone-numbers"
        found.append(Replayed(f"{path.name}#{n}", exchange.method, target, body, writes))
    return found


def from_export(path: Path) -> list[Replayed]:
    """An admin export's history as requests (clock moves cannot be sent: left out)."""
    try:
        spec = load_untrusted_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SourceError(f"{path}: cannot read it as an export ({str(error)[:120]})") from None
    history = spec.get("history") if isinstance(spec, dict) else None
    if not isinstance(history, list):
        raise SourceError(f"{path}: not an export (expected a history list)")
    found = []
    for n, entry in enumerate(history):
        if not isinstance(entry, dict):
            continue
        fields = {k: v for k, v in entry.items() if k != "op"}
        key = f"{path.name}#{n}"
        match entry.get("op"):
            case "create":
                found.append(Replayed(key, "POST", "/phone-numbers", fields, writes=True))
            case "select":
                found.append(Replayed(key, "POST", "/phone-numbers/outgoing/new", fields))
            case "override":
                found.append(
                    Replayed(key, "POST", "/phone-numbers/outgoing/manual-override", fields)
                )
            case "clear":
                conversation = quote(str(fields.get("conversationId", "")), safe="")
                target = f"/phone-numbers/outgoing/conversation/{conversation}/override"
                found.append(Replayed(key, "DELETE", target))
    return found


def load(spec: str, default_catalogue: Path) -> list[Replayed]:
    """`catalogue` (the payload catalogue), a .har file, or an export (.yaml/.yml/.json)."""
    if spec == "catalogue":
        found = from_catalogue(default_catalogue)
    else:
        path = Path(spec)
        if not path.is_file():
            raise SourceError(f"{spec}: no such file (give catalogue, a .har, or an export)")
        found = from_har(path) if path.suffix == ".har" else from_export(path)
    if len(found) > MAX_REQUESTS:
        raise SourceError(
            f"{spec}: {len(found)} requests; a drift run replays at most {MAX_REQUESTS}"
        )
    return found
