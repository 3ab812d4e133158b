"""Whether a run tests the contract's authentication, and the run's copy of the contract when it
does not (decision K21)."""

from __future__ import annotations

import copy
from typing import Any

Document = dict[str, Any]


def checks_authentication(
    headers: dict[str, str], local_mock: bool, turned_off: bool = False
) -> bool:
    """A run tests authentication when it carries a credential to a target other than the mock
    served here, unless told not to (--no-auth-check: a mock process, or a staging deployment
    with authentication off): schemathesis then checks that requests without it, or with a
    wrong one, are refused. Without one, the target has just answered the preflight with no
    credential."""
    carries = any(name.lower() == "authorization" for name in headers)
    return carries and not local_mock and not turned_off


def without_authentication(resolved: Document) -> Document:
    """The contract with its security requirements and schemes left out, so that schemathesis
    neither generates tokens nor expects a missing one to be refused."""
    document = copy.deepcopy(resolved)
    document.pop("security", None)
    document.get("components", {}).pop("securitySchemes", None)
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
    return document
