"""The operation the request controls matched, left in the ASGI scope for the layers inside."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import quote, unquote

from mockserver.contract.operations import Operation, OperationIndex

SCOPE_KEY = "leadping.operation"
# Path parameters as the client sent them, where decoding the path would lose them.
PATH_VALUES = "leadping.path_values"
# What a decoded path parameter cannot hold and still be routed: a "/" splits the path, and
# Connexion's router matches no segment holding a line break.
_UNROUTABLE = re.compile(r"[/\r\n]")


def match_operation(
    operations: OperationIndex, scope: MutableMapping[str, Any]
) -> Operation | None:
    """The contract operation of a request, matched on the path as sent. A parameter that could
    not be routed decoded (a conversation id holding "/", say, which a body may name) is kept
    aside for the handler, and Connexion routes its escaped spelling instead."""
    raw = scope.get("raw_path")
    found = operations.match_raw(scope["method"], raw.decode("latin-1")) if raw else None
    if found is None:
        return operations.match(scope["method"], scope["path"])
    operation, encoded = found
    values = {name: unquote(value) for name, value in encoded.items()}
    if any(_UNROUTABLE.search(value) for value in values.values()):
        routable = {
            name: quote(value, safe="") if _UNROUTABLE.search(value) else value
            for name, value in values.items()
        }
        scope["path"] = operation.path_with(routable)
        scope[PATH_VALUES] = values
    return operation


def operation_of(scope: MutableMapping[str, Any]) -> Operation | None:
    """The operation the request controls matched for this request (None: not a contract path)."""
    found = scope.get(SCOPE_KEY)
    return found if isinstance(found, Operation) else None
