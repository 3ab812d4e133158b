"""GET and POST /__admin/controls: the injected latency and error rate, read and changed while
the mock runs (they start as --latency and --error-rate). They are this process's: with several
processes over one store, each is set on its own."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.responses import JSONResponse, Response

from mockserver.http.admin.dispatch import AdminRequest, Routes
from mockserver.http.admin.inputs import json_body, json_object
from mockserver.http.errors import AdminInputInvalid, PreferenceError
from mockserver.http.request_controls import ControlConfig, LiveSettings, parse_delay

CONTROL_FIELDS = ("latency", "errorRate")


def controls_routes(live: LiveSettings) -> Routes:
    async def read(_request: AdminRequest) -> Response:
        return JSONResponse(controls_json(live.current))

    async def change(request: AdminRequest) -> Response:
        data = json_object(await json_body(request), CONTROL_FIELDS)
        live.current = changed_controls(live.current, data)
        return JSONResponse(controls_json(live.current))

    return {"/controls": {"GET": read, "POST": change}}


def delay_text(delay: tuple[int, int] | None) -> str | None:
    if delay is None:
        return None
    low, high = delay
    return str(low) if low == high else f"{low}-{high}"


def controls_json(config: ControlConfig) -> dict[str, Any]:
    return {
        "latency": delay_text(config.latency),
        "latencyPerOperation": {
            name: delay_text(delay) for name, delay in config.latency_per_operation.items()
        },
        "errorRate": config.error_rate,
        "errorStatuses": list(config.error_statuses),
        "scope": "process",
    }


def changed_controls(config: ControlConfig, data: dict[str, Any]) -> ControlConfig:
    """`config` with the fields `data` names: latency as "200" or "100-500" ms (null or "" turns
    it off), errorRate a number from 0 to 1 (0 turns it off). Fields left out stay."""
    if not data:
        raise AdminInputInvalid(
            'body: name latency, errorRate or both (e.g. {"latency": "100-500", "errorRate": 0.1}'
            ', or {"latency": null, "errorRate": 0} to turn both off)'
        )
    if "latency" in data:
        config = replace(config, latency=_latency(data["latency"]))
    if "errorRate" in data:
        config = replace(config, error_rate=_rate(data["errorRate"]))
    return config


def _latency(value: object) -> tuple[int, int] | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise AdminInputInvalid(
            f'latency: expected milliseconds as text like "200" or "100-500", or null; '
            f"got {type(value).__name__} {value!r:.40}"
        )
    try:
        return parse_delay(value, "latency")
    except PreferenceError as error:
        raise AdminInputInvalid(str(error)) from None


def _rate(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise AdminInputInvalid(
            f"errorRate: expected a number from 0 to 1 (0.1: one request in ten), got {value!r:.40}"
        )
    return float(value)
