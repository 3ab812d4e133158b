"""Request bodies and responses of one operation compared: presence, media types, statuses, and
the schemas inside them."""

from __future__ import annotations

from typing import Any

from contract_tests.contract_diff.change import Found, InRequestBody, InResponse, subject_of
from contract_tests.contract_diff.schema_walk import schema_changes

Schema = dict[str, Any]


def _content(holder: Schema | None) -> dict[str, Schema]:
    content = (holder or {}).get("content") or {}
    return {media: value for media, value in content.items() if isinstance(value, dict)}


def request_body_changes(old: Schema | None, new: Schema | None) -> list[Found]:
    whole = InRequestBody()
    if old is None and new is None:
        return []
    if old is None:
        kind = "required" if (new or {}).get("required") else "optional"
        return [Found(f"request-body-added-{kind}", whole, "the request body", "added")]
    if new is None:
        return [Found("request-body-removed", whole, "the request body", "removed")]
    found: list[Found] = []
    if bool(old.get("required")) != bool(new.get("required")):
        kind = "required" if new.get("required") else "optional"
        found.append(
            Found(f"request-body-became-{kind}", whole, "the request body", f"became {kind}")
        )
    before, after = _content(old), _content(new)
    for media in [*before, *(m for m in after if m not in before)]:
        place = InRequestBody(media)
        if media not in after:
            found.append(Found("request-body-media-type-removed", place, media, "removed"))
        elif media not in before:
            found.append(Found("request-body-media-type-added", place, media, "added"))
        else:
            for change in schema_changes(
                before[media].get("schema") or {}, after[media].get("schema") or {}, "request"
            ):
                at = InRequestBody(media, change.field)
                subject = subject_of(change.field, "the request body")
                found.append(Found(change.rule, at, subject, change.what))
    return found


def is_success(status: str) -> bool:
    """2xx, written as a code or as the range `2XX`."""
    return status.upper().startswith("2")


def response_changes(old: Schema, new: Schema) -> list[Found]:
    """Statuses removed or added, then each kept status's media types and schemas."""
    found: list[Found] = []
    for status in [*old, *(s for s in new if s not in old)]:
        place = InResponse(status)
        kind = "success" if is_success(status) else "non-success"
        if status not in new:
            found.append(
                Found(f"response-{kind}-status-removed", place, f"status {status}", "removed")
            )
        elif status not in old:
            found.append(Found(f"response-{kind}-status-added", place, f"status {status}", "added"))
        else:
            found += _media_changes(status, _content(old[status]), _content(new[status]))
    return found


def _media_changes(status: str, before: dict[str, Schema], after: dict[str, Schema]) -> list[Found]:
    found: list[Found] = []
    for media in [*before, *(m for m in after if m not in before)]:
        place = InResponse(status, media)
        if media not in after:
            found.append(Found("response-media-type-removed", place, media, "removed"))
        elif media not in before:
            found.append(Found("response-media-type-added", place, media, "added"))
        else:
            for change in schema_changes(
                before[media].get("schema") or {}, after[media].get("schema") or {}, "response"
            ):
                at = InResponse(status, media, change.field)
                subject = subject_of(change.field, f"the {status} response body")
                found.append(Found(change.rule, at, subject, change.what))
    return found
