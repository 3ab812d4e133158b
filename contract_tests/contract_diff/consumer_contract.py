"""The consumer contract: what one consumer of the API was seen to send and to read.

A JSON file:

    {"consumer": "web-app",                       # who consumes (a name of your choice)
     "provider": "leadping-phone-numbers",
     "generatedAt": "2026-11-23T10:00:00Z",
     "interactions": [
       {"operationId": "selectOutgoingNumber",
        "method": "POST",
        "path": "/phone-numbers/outgoing/new",    # concrete, as sent (percent-encoded)
        "query": {"windowDays": "30"},            # name -> value, as sent; {} for none
        "requestBody": {"teamId": "team_0001"},   # the JSON sent; null for no body
        "status": 200,                            # the status the consumer got
        "responseFields": ["/canSend", "/eligibleNumbers/*/number"],
        "responseBody": {...}}]}                  # optional: the answer as received

`responseFields` are JSON pointers (RFC 6901) of every field of the answer the consumer
received, array items as `*`: the fields it may rely on. `responseBody` is optional and only
feeds the Pact export. Unknown keys are refused, so a misspelt one is never silently empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract_tests.contract_diff.errors import InputError
from contract_tests.contract_diff.json_input import mapping, only_keys, read_json, status, text
from mockserver.wire.consumer_contract import MAX_INTERACTIONS, PROVIDER

_TOP = ("consumer", "provider", "generatedAt", "interactions")
_INTERACTION = ("operationId", "method", "path", "query", "requestBody", "status",
                "responseFields", "responseBody")  # fmt: skip


@dataclass(frozen=True)
class Interaction:
    """One call a consumer made and the fields of the answer it received."""

    operation_id: str
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    request_body: Any = None
    status: int = 200
    response_fields: tuple[str, ...] = ()
    response_body: Any = None

    def describe(self) -> str:
        """`METHOD /path (operationId)`: how findings name the interaction."""
        return f"{self.method} {self.path} ({self.operation_id})"

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "operationId": self.operation_id,
            "method": self.method,
            "path": self.path,
            "query": dict(self.query),
            "requestBody": self.request_body,
            "status": self.status,
            "responseFields": list(self.response_fields),
        }
        if self.response_body is not None:
            found["responseBody"] = self.response_body
        return found


@dataclass(frozen=True)
class ConsumerContract:
    consumer: str
    provider: str
    generated_at: str
    interactions: tuple[Interaction, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "consumer": self.consumer,
            "provider": self.provider,
            "generatedAt": self.generated_at,
            "interactions": [interaction.as_json() for interaction in self.interactions],
        }


def read_consumer_contract(path: Path) -> ConsumerContract:
    return parse_consumer_contract(read_json(path, "consumer contract"), str(path))


def parse_consumer_contract(data: object, source: str) -> ConsumerContract:
    """A consumer contract from its JSON; InputError names the first offending field."""
    top = mapping(data, f"{source}:")
    only_keys(top, _TOP, f"{source}:")
    items = top.get("interactions")
    if not isinstance(items, list):
        raise InputError(f"{source}: interactions: expected a list")
    if len(items) > MAX_INTERACTIONS:
        raise InputError(f"{source}: interactions: {len(items)} is over {MAX_INTERACTIONS}")
    return ConsumerContract(
        consumer=text(top, "consumer", f"{source}:"),
        provider=text(top, "provider", f"{source}:", PROVIDER),
        generated_at=str(top.get("generatedAt") or ""),
        interactions=tuple(
            _interaction(item, f"{source}: interactions[{i}]") for i, item in enumerate(items)
        ),
    )


def _interaction(item: object, at: str) -> Interaction:
    value = mapping(item, at)
    only_keys(value, _INTERACTION, at)
    query = value.get("query") or {}
    if not isinstance(query, dict) or not all(isinstance(v, str) for v in query.values()):
        raise InputError(f"{at}.query: expected an object of strings")
    fields = value.get("responseFields") or []
    if not isinstance(fields, list) or not all(
        isinstance(f, str) and f.startswith("/") for f in fields
    ):
        raise InputError(f"{at}.responseFields: expected a list of JSON pointers (each /...)")
    path = text(value, "path", at)
    if not path.startswith("/"):
        raise InputError(f"{at}.path: expected a path starting with /")
    return Interaction(
        operation_id=text(value, "operationId", at),
        method=text(value, "method", at).upper(),
        path=path,
        query=dict(query),
        request_body=value.get("requestBody"),
        status=status(value, "status", at),
        response_fields=tuple(fields),
        response_body=value.get("responseBody"),
    )
