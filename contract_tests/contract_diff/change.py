"""A classified contract change: the rule it falls under, where it is, and why it breaks or not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["breaking", "compatible"]
Side = Literal["request", "response"]

# Segments of a field path that name a schema branch, not a JSON key (see `data_pointer`).
_BRANCH = re.compile(r"^(anyOf|oneOf|allOf)\[\d+\]$")


@dataclass(frozen=True)
class InOperation:
    """The operation as a whole: removed or added."""


@dataclass(frozen=True)
class InParameter:
    """A parameter (`location` is query, path, header or cookie), or a place in its schema."""

    location: str
    name: str
    field: str = ""


@dataclass(frozen=True)
class InRequestBody:
    """The request body; `media_type` empty for the body as a whole, `field` empty for its root."""

    media_type: str = ""
    field: str = ""


@dataclass(frozen=True)
class InResponse:
    """A response status; `media_type` empty for the status itself, `field` for a place in it."""

    status: str
    media_type: str = ""
    field: str = ""


Place = InOperation | InParameter | InRequestBody | InResponse


def data_pointer(field: str) -> str:
    """The JSON pointer a field path stands for: schema branches dropped, arrays kept as `*`."""
    return "".join(f"/{part}" for part in field.split("/")[1:] if not _BRANCH.match(part))


@dataclass(frozen=True)
class Change:
    """One difference between two contracts, classified for the clients of the old one."""

    rule: str
    severity: Severity
    operation_id: str
    method: str
    path: str
    place: Place
    reason: str

    @property
    def breaking(self) -> bool:
        return self.severity == "breaking"

    @property
    def side(self) -> Side:
        return "response" if isinstance(self.place, InResponse) else "request"

    @property
    def where(self) -> str:
        """`METHOD /path` and the place, e.g. `POST /x request application/json /a/b`."""
        parts = [self.method, self.path]
        match self.place:
            case InOperation():
                pass
            case InParameter(location=location, name=name, field=field):
                parts += [location, name + field]
            case InRequestBody(media_type=media_type, field=field):
                parts += ["request", media_type, field]
            case InResponse(status=status, media_type=media_type, field=field):
                parts += ["response", status, media_type, field]
        return " ".join(part for part in parts if part)

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "operationId": self.operation_id,
            "side": self.side,
            "where": self.where,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Found:
    """A change before it is tied to its operation: the rule, the place, and what changed."""

    rule: str
    place: Place
    subject: str
    what: str


def subject_of(field: str, whole: str) -> str:
    """The name a reason starts with: the field's last key, or `whole` at the root."""
    pointer = data_pointer(field)
    if not pointer:
        return whole
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
