"""Changes built by the engine from small edits, for the tests of what consumes them."""

from __future__ import annotations

from contract_tests.contract_diff import Change, changes
from tests.contract_tests.contract_diff.mutations import (
    SELECT,
    answer,
    base,
    body,
)


def select_changes() -> tuple[list[Change], dict[str, object]]:
    """Three changes to the selection: teamId required and healthWarning removed (breaking), a
    note added to the answer (compatible); and the new document."""
    old, new = base(), base()
    body(new, SELECT)["required"] = ["teamId"]
    answer(new, SELECT)["properties"].pop("healthWarning")
    answer(new, SELECT)["properties"]["note"] = {"type": "string"}
    return changes(old, new), new
