"""The write history as JSON: one entry per write, the request body that made it beside its `op`.

The one codec of writes: scenario files (an export's `history`) and the Redis store both use it,
so a write reads back the same wherever it was kept.
"""

from __future__ import annotations

from typing import Any

from mockserver.domain.errors import ScenarioError
from mockserver.domain.history import Advanced, Cleared, Created, Overridden, Selected, Write
from mockserver.wire.request_bodies import (
    create_from_json,
    create_to_json,
    selection_from_json,
    selection_to_json,
)

Json = dict[str, Any]
# Each kind of write by the name its entries carry in `op` (scenario.schema.json lists the same).
OPS: dict[str, type[Write]] = {
    "create": Created,
    "select": Selected,
    "override": Overridden,
    "clear": Cleared,
    "advance": Advanced,
}


class HistoryEntryError(ScenarioError):
    """An entry that is not a write this kit makes; the message names the entry's field."""


def write_to_json(write: Write) -> Json:
    match write:
        case Created(request):
            return {"op": "create", **create_to_json(request)}
        case Selected(request):
            return {"op": "select", **selection_to_json(request)}
        case Overridden(number_id, request):
            return {
                "op": "override",
                "fromPhoneNumberId": number_id,
                "selection": selection_to_json(request),
            }
        case Cleared(conversation_id):
            return {"op": "clear", "conversationId": conversation_id}
        case Advanced(days, 0):
            return {"op": "advance", "days": days}  # as written before minutes existed
        case Advanced(days, minutes):
            return {"op": "advance", "days": days, "minutes": minutes}


def write_from_json(entry: Json) -> Write:
    """The write an entry records; its fields are assumed checked against their schemas."""
    op = entry.get("op")
    try:
        match op:
            case "create":
                return Created(create_from_json(entry))
            case "select":
                return Selected(selection_from_json(entry))
            case "override":
                selection = selection_from_json(entry.get("selection") or {})
                return Overridden(str(entry["fromPhoneNumberId"]), selection)
            case "clear":
                return Cleared(str(entry["conversationId"]))
            case "advance":
                return Advanced(int(entry.get("days", 0)), int(entry.get("minutes", 0)))
    except KeyError as missing:
        raise HistoryEntryError(f"{op} needs {missing}") from None
    except (ValueError, TypeError) as error:
        raise HistoryEntryError(f"{op}: {error}") from None
    raise HistoryEntryError(f"op: expected one of {', '.join(OPS)}, got {op!r}")


def history_to_json(history: list[Write]) -> list[Json]:
    return [write_to_json(write) for write in history]


def history_from_json(entries: list[Json], source: str) -> list[Write]:
    history: list[Write] = []
    for index, entry in enumerate(entries):
        try:
            history.append(write_from_json(entry))
        except HistoryEntryError as error:
            raise HistoryEntryError(f"{source}: history[{index}]: {error}") from None
    return history
