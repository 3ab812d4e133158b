"""Errors the HTTP edge finds in a request itself (the domain's own are in domain/errors.py).
Each says what was expected and what arrived; http/problems.py maps each to its status."""

from __future__ import annotations


class EdgeError(Exception):
    """A request the edge refuses before any domain call."""

    def headers(self) -> dict[str, str]:
        """Headers the answer carries besides the problem (Allow on a 405, say)."""
        return {}


class PreferenceError(EdgeError, ValueError):
    """A Prefer header or latency setting the mock cannot honour; the message says why and
    `rule` which rule it broke (a Prefer problem lists it as an error in the header)."""

    def __init__(self, message: str, rule: str = "value", header: str = "Prefer") -> None:
        super().__init__(message)
        self.rule = rule
        self.header = header


class BodyTooLarge(EdgeError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The body is larger than the mock accepts ({limit} bytes, --max-body-bytes)."
        )


class BodyNotJson(EdgeError):
    """A body on an operation that takes JSON, labelled as something else (decisions H2)."""

    def __init__(self, operation_id: str, media_type: str) -> None:
        got = media_type or "no Content-Type"
        super().__init__(f"{operation_id} takes an application/json body; got {got}")


class MethodNotAllowed(EdgeError):
    def __init__(self, method: str, path: str, allowed: list[str]) -> None:
        super().__init__(f"{method} is not allowed on {path}")
        self.allowed = allowed

    def headers(self) -> dict[str, str]:
        return {"Allow": ", ".join(self.allowed)}


class NothingHere(EdgeError):
    def __init__(self, path: str) -> None:
        super().__init__(f"Nothing at {path}")


class AdminInputInvalid(EdgeError, ValueError):
    """An admin request whose body or query the admin API cannot use."""


class AdminTokenMissing(EdgeError):
    def __init__(self) -> None:
        super().__init__("The admin API needs 'Authorization: Bearer <admin token>'.")


class AdminForbidden(EdgeError):
    """An admin request from a place the mock does not take them from (a foreign page, a
    DNS-rebinding host name)."""


class AdminBodyType(EdgeError):
    """An admin write whose body is not labelled as what that endpoint reads."""

    def __init__(self, path: str, accepted: tuple[str, ...], got: str) -> None:
        super().__init__(
            f"{path} reads {' or '.join(accepted)}; got {got or 'no Content-Type'} "
            "(curl: --json '{...}', or -H 'Content-Type: application/json')"
        )
