"""The admin API described as OpenAPI 3.0, served at /__admin/openapi.json and offered by
Swagger UI as a second definition beside the contract (which stays exactly openapi.yaml)."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]
PATH = "/__admin/openapi.json"
PROBLEM: Schema = {
    "description": "A problem: the field and the rule broken, or what is there instead.",
    "content": {"application/problem+json": {"schema": {"type": "object"}}},
}
STATE: Schema = {
    "description": "The world now: its name (null for the main one), scenario, seed, clock.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/State"}}},
}
WORLD_HEADER: Schema = {
    "name": "X-Mock-World",
    "in": "header",
    "required": False,
    "description": "The named world to act on (the main world when absent).",
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
}


def _json_body(properties: Schema, example: Schema) -> Schema:
    schema = {"type": "object", "additionalProperties": False, "properties": properties}
    return {"content": {"application/json": {"schema": schema, "example": example}}}


def _query(name: str, description: str, kind: str = "string") -> Schema:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": kind}}  # fmt: skip


def _operation(summary: str, ok: Schema, **extra: Any) -> Schema:
    parameters = [WORLD_HEADER, *extra.pop("parameters", [])]
    return {"summary": summary, "parameters": parameters,
            "responses": {"200": ok, "400": PROBLEM}, **extra}  # fmt: skip


CONTROLS: Schema = {
    "description": "{latency, latencyPerOperation, errorRate, errorStatuses, scope}",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _json(description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": {}}}}


ADMIN_API: Schema = {
    "openapi": "3.0.3",
    "info": {
        "title": "Leadping mock: admin API",
        "version": "1.0.0",
        "description": "Outside the contract: the mock's world (reset, export, load, clock), "
        "the request log and what can be asked of it, and the named worlds.",
    },
    "paths": {
        "/__admin/": {"get": _operation("The world and the admin endpoints", STATE)},
        "/__admin/reset": {"post": _operation(
            "Back to a fresh world (no body: the world as the mock started it)", STATE,
            requestBody={"required": False, **_json_body(
                {"scenario": {"type": "string"}, "seed": {"type": "integer"}},
                {"scenario": "all-blocked"})})},
        "/__admin/export": {"get": _operation("The world as a scenario file", {
            "description": "The scenario, its seed and clock, and every write since.",
            "content": {"application/yaml": {"schema": {"type": "string"}}}})},
        "/__admin/load": {"post": _operation("Replace the world with a scenario file", STATE,
            requestBody={"required": True,
                         "content": {"application/yaml": {"schema": {"type": "string"}}}})},
        "/__admin/clock/advance": {"post": _operation("Move the simulated clock on", STATE,
            requestBody={"required": True, **_json_body(
                {"days": {"type": "integer", "minimum": 0, "maximum": 365},
                 "hours": {"type": "integer", "minimum": 0},
                 "minutes": {"type": "integer", "minimum": 0}},
                {"hours": 2})})},
        "/__admin/requests": {"get": _operation(
            "What was sent: the request log, newest last", _json("The log's entries."),
            parameters=[_query("operation", "an operationId"), _query("method", "GET, POST"),
                        _query("status", "a status, e.g. 400"),
                        _query("conversation", "a conversationId"),
                        _query("since", "a request id or an ISO 8601 time"),
                        _query("limit", "at most this many", "integer")])},
        "/__admin/verify": {"post": _operation(
            "Count the requests matching; on a mismatch, the nearest and how they differ",
            _json("{ok, count, expected, matches, nearest}"),
            requestBody={"required": True, **_json_body(
                {"operationId": {"type": "string"}, "method": {"type": "string"},
                 "path": {"type": "string"}, "status": {"type": "integer"},
                 "conversation": {"type": "string"}, "body": {"type": "object"},
                 "since": {"type": "string"}, "count": {"type": "integer", "minimum": 0}},
                {"operationId": "validateManualOverride",
                 "body": {"selection": {"conversationId": "conv-1"}}, "count": 1})})},
        "/__admin/consumer-contract": {"get": _operation(
            "The consumer contract the request log implies", _json("A consumer contract."),
            parameters=[_query("consumer", "the consumer's name (default frontend)")])},
        "/__admin/numbers": {"get": _operation(
            "Every number: team, status, health, warmup progress, and per channel whether it "
            "can send and why not", _json("{total, numbers}"),
            parameters=[_query("limit", "at most this many (default 200, at most 2000)",
                               "integer")])},
        "/__admin/conversations": {"get": _operation(
            "The conversations, most recent first, with their sticky number and override",
            _json("{conversations}"),
            parameters=[_query("limit", "at most this many (default 50, at most 1000)",
                               "integer")])},
        "/__admin/controls": {
            "get": _operation("The injected latency and error rate of this process",
                              CONTROLS),
            "post": _operation(
                "Change the injected latency and error rate while the mock runs (fields left "
                "out stay; null latency and errorRate 0 turn them off)", CONTROLS,
                requestBody={"required": True, **_json_body(
                    {"latency": {"type": "string", "nullable": True,
                                 "pattern": "^[0-9]{1,6}(-[0-9]{1,6})?$"},
                     "errorRate": {"type": "number", "minimum": 0, "maximum": 1}},
                    {"latency": "100-500", "errorRate": 0.1})}),
        },
        "/__admin/ui/": {"get": {
            "summary": "The dashboard: a page over this API (it loads without the token; "
                       "each call it makes sends the token typed into it)",
            "responses": {"200": {"description": "The page.",
                                  "content": {"text/html": {"schema": {"type": "string"}}}}}}},
        "/__admin/worlds": {
            "get": _operation("The named worlds", _json("{limit, worlds}")),
            "delete": _operation("Reset and forget one named world, or all of them",
                                 _json("{limit, worlds}"),
                                 parameters=[_query("name", "the world (all when absent)")]),
        },
    },
    "components": {"schemas": {"State": {"type": "object", "properties": {
        "world": {"type": "string", "nullable": True}, "scenario": {"type": "string"},
        "seed": {"type": "integer"}, "clock": {"type": "string", "format": "date-time"},
        "numbers": {"type": "integer"},
        "scenarios": {"type": "array", "items": {"type": "string"}}}}}},
}  # fmt: skip
