"""An uploaded history checked before anything is built: each entry against the contract's request
schema of its operation (the writes a service could have been sent), and the whole against the
history budget, so a load is refused whole or replayed whole."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.contract.loader import Contract
from mockserver.contract.schemas import SchemaChecker
from mockserver.domain.clock import MINUTES_A_DAY
from mockserver.domain.errors import ScenarioError
from mockserver.domain.history import Advanced, Created, HistoryBudget, Write, WriteCost, size_of
from mockserver.wire.history_codec import OPS, write_from_json
from mockserver.wire.json_text import lone_surrogate_at

Schema = dict[str, Any]
MAX_ADVANCE_DAYS = 365
# The operation whose request each kind of entry is, and how the entry's fields map onto it.
OPERATION_OF = {
    "create": "createPhoneNumber",
    "select": "selectOutgoingNumber",
    "override": "validateManualOverride",
}
ADVANCE_SCHEMA: Schema = {
    "type": "object",
    "properties": {
        "days": {"type": "integer", "minimum": 0, "maximum": MAX_ADVANCE_DAYS},
        "minutes": {"type": "integer", "minimum": 0, "maximum": MINUTES_A_DAY - 1},
    },
}


def _body_schema(contract: Contract, operation_id: str) -> Schema:
    _method, _path, operation = contract.operations()[operation_id]
    schema: Schema = operation["requestBody"]["content"]["application/json"]["schema"]
    return schema


def _path_schema(contract: Contract, operation_id: str, name: str) -> Schema:
    _method, _path, operation = contract.operations()[operation_id]
    parameter = next(p for p in operation["parameters"] if p["name"] == name)
    schema: Schema = parameter["schema"]
    return {"type": "object", "required": [name], "properties": {name: schema}}


class HistoryCheck:
    def __init__(self, contract: Contract, budget: HistoryBudget | None = None) -> None:
        self.budget = budget or HistoryBudget()
        self._checker = SchemaChecker()
        self._schemas: Mapping[str, Schema] = {
            **{op: _body_schema(contract, oid) for op, oid in OPERATION_OF.items()},
            "clear": _path_schema(contract, "clearConversationOverride", "conversationId"),
            "advance": ADVANCE_SCHEMA,
        }
        assert set(self._schemas) == set(OPS), "every kind of write has its schema"

    def writes(self, entries: list[Any], source: str, numbers: int) -> list[Write]:
        """The writes of an uploaded history; ScenarioError names the first bad entry, or the
        budget it would exceed (`numbers`: how many the world holds before the replay)."""
        writes: list[Write] = []
        spent = WriteCost(0, 0)
        for index, entry in enumerate(entries):
            where = f"{source}: history[{index}]"
            write = self._write(entry, where)
            if isinstance(write, Created):
                numbers += 1
            work = write.days * numbers if isinstance(write, Advanced) else 0
            cost = WriteCost(size_of(write), work)
            if not self.budget.admits(len(writes), spent.bytes, spent.number_days, cost):
                raise ScenarioError(
                    f"{where}: the history is larger than a world keeps (at most "
                    f"{self.budget.writes} writes, {self.budget.bytes} bytes and "
                    f"{self.budget.number_days} simulated number-days)"
                )
            spent = WriteCost(spent.bytes + cost.bytes, spent.number_days + work)
            writes.append(write)
        return writes

    def _write(self, entry: Any, where: str) -> Write:
        if not isinstance(entry, dict) or entry.get("op") not in OPS:
            raise ScenarioError(f"{where}.op: expected one of {', '.join(OPS)}")
        fields = {k: v for k, v in entry.items() if k != "op"}
        broken = lone_surrogate_at(fields)
        if broken is not None:
            raise ScenarioError(f"{where}{broken.replace('/', '.')}: not valid Unicode text")
        violations = self._checker.violations(self._schemas[entry["op"]], fields, "history")
        if violations:
            first = violations[0]
            place = first.field.lstrip("/").replace("/", ".")
            more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
            raise ScenarioError(f"{where}.{place}: {first.message[:200]}{more}")
        if entry["op"] == "advance" and not (fields.get("days") or fields.get("minutes")):
            raise ScenarioError(
                f"{where}.days: an advance moves the clock: give days (1-{MAX_ADVANCE_DAYS}) "
                f"or minutes (1-{MINUTES_A_DAY - 1})"
            )
        return write_from_json(entry)
