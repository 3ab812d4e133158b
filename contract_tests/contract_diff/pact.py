"""A consumer contract as a Pact V4 file, for teams that verify providers with Pact.

Faithful as far as Pact can say it: the request exactly as recorded, and an answer with the
status and the fields the consumer received, matched by type (not value), arrays as "each like"
their first item. Pact cannot say "present, and perhaps null", so fields recorded as null or as
an empty list stay out of the body and are listed in the interaction's comments.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from contract_tests.contract_diff.consumer_contract import ConsumerContract, Interaction
from contract_tests.contract_diff.errors import InputError

JSON = "application/json"
WRITER = "leadping-contract-kit"


def to_pact(contract: ConsumerContract) -> dict[str, Any]:
    """The Pact V4 document of `contract`; InputError when a call read fields with no body."""
    interactions, seen = [], set()
    for index, interaction in enumerate(contract.interactions):
        if interaction.response_fields and interaction.response_body is None:
            raise InputError(
                f"interactions[{index}] ({interaction.describe()}): no responseBody recorded, "
                "and a Pact needs the answer's body to match its fields"
            )
        description = f"{interaction.operation_id}: {interaction.method} {interaction.path}"
        description += f" -> {interaction.status}"
        unique, n = description, 1
        while unique in seen:
            n += 1
            unique = f"{description} #{n}"
        seen.add(unique)
        interactions.append(_interaction(interaction, unique))
    return {
        "consumer": {"name": contract.consumer},
        "provider": {"name": contract.provider},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "4.0"}, WRITER: {"version": "1"}},
    }


def _interaction(interaction: Interaction, description: str) -> dict[str, Any]:
    request: dict[str, Any] = {"method": interaction.method, "path": interaction.path}
    if interaction.query:
        request["query"] = {name: [value] for name, value in interaction.query.items()}
    if interaction.request_body is not None:
        request["headers"] = {"Content-Type": [JSON]}
        request["body"] = _body(interaction.request_body)
    response: dict[str, Any] = {"status": interaction.status}
    left_out: list[str] = []
    if interaction.response_fields:
        fields = set(interaction.response_fields)
        content = _project(interaction.response_body, "", fields, left_out)
        response["body"] = _body(content)
        response["matchingRules"] = {"body": _type_rules(content, "$")}
    key = json.dumps({**interaction.as_json(), "responseBody": None}, sort_keys=True)
    found: dict[str, Any] = {
        "type": "Synchronous/HTTP",
        "description": description,
        "key": hashlib.sha256(key.encode()).hexdigest()[:16],
        "pending": False,
        "request": request,
        "response": response,
    }
    if left_out:
        found["comments"] = {
            "text": ["recorded as null or an empty list, so not matched: " + ", ".join(left_out)]
        }
    return found


def _body(content: Any) -> dict[str, Any]:
    # The spec's table says `contents`; its examples, pact-jvm and pact-rust write `content`.
    # contentTypeHint is optional in the spec and required by pactflow's pact-schema-v4.json.
    return {"contentType": JSON, "encoded": False, "content": content, "contentTypeHint": "TEXT"}


def _project(value: Any, at: str, fields: set[str], left_out: list[str]) -> Any:
    """The part of `value` at the consumer's fields; arrays keep their first item as the model."""
    if isinstance(value, dict):
        kept = {}
        for key, sub in value.items():
            pointer = f"{at}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if pointer not in fields:
                continue
            if sub is None or sub == []:
                left_out.append(pointer)
                continue
            kept[key] = _project(sub, pointer, fields, left_out)
        return kept
    if isinstance(value, list):
        return [_project(value[0], f"{at}/*", fields, left_out)] if value else []
    return value


def _type_rules(content: Any, path: str) -> dict[str, Any]:
    """A type matcher at the root (it applies to every field below), and each array as many
    items like its first (`min: 0`: the provider may answer an empty list)."""
    rules: dict[str, Any] = {}
    if path == "$":
        rules["$"] = {"combine": "AND", "matchers": [{"match": "type"}]}
    if isinstance(content, dict):
        for key, sub in content.items():
            step = f".{key}" if str(key).isidentifier() else f"['{key}']"
            rules |= _type_rules(sub, path + step)
    elif isinstance(content, list):
        rules[path] = {"combine": "AND", "matchers": [{"match": "type", "min": 0}]}
        for item in content:
            rules |= _type_rules(item, f"{path}[*]")
    return rules
