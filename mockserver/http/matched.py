"""The operation the request controls matched, left in the ASGI scope for the layers inside."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from mockserver.contract.operations import Operation

SCOPE_KEY = "leadping.operation"


def operation_of(scope: MutableMapping[str, Any]) -> Operation | None:
    """The operation the request controls matched for this request (None: not a contract path)."""
    found = scope.get(SCOPE_KEY)
    return found if isinstance(found, Operation) else None
