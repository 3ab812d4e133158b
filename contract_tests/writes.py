"""Writes against a live service: creates are tagged with the run's id and listed afterwards.

The hooks are registered once, on import, and do nothing unless a run is active: the pytest suite
against the mock never sees them act.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import schemathesis

CREATE = "createPhoneNumber"
NAME_LIMIT = 255


@dataclass
class WriteLog:
    """The run's tag and what it created (number, id), filled from worker threads."""

    tag: str
    created: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _ActiveRun:
    log: WriteLog | None = None


def start(tag: str) -> WriteLog:
    _ActiveRun.log = WriteLog(tag)
    return _ActiveRun.log


def stop() -> None:
    _ActiveRun.log = None


def active() -> WriteLog | None:
    """The run's write log, while a run that may write is on."""
    return _ActiveRun.log


def _is_create(case: Any) -> bool:
    return bool(case.operation.definition.raw.get("operationId") == CREATE)


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    del context, kwargs
    log = _ActiveRun.log
    if log is None or not _is_create(case) or not isinstance(case.body, dict):
        return
    name = case.body.get("name")
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    # Only valid inputs are tagged: a prefix could make an invalid name valid.
    if positive and isinstance(name, str):
        case.body["name"] = f"[{log.tag}] {name}"[:NAME_LIMIT]


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    del context
    log = _ActiveRun.log
    if log is None or not _is_create(case) or response.status_code != 201:
        return
    try:
        body = response.json()
    except ValueError:
        body = {}
    with log.lock:
        log.created.append({"id": str(body.get("id")), "number": str(body.get("number"))})
