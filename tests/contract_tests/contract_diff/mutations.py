"""The catalogue of deliberate contract changes: each a small edit of the resolved openapi.yaml,
with the (rule, severity) pairs the engine must report for it, and nothing else."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from contract_tests.contract_diff.change import Severity
from mockserver.contract.loader import load_contract

Spec = dict[str, Any]
Edit = Callable[[Spec], None]
B: Severity = "breaking"
C: Severity = "compatible"

CREATE = ("/phone-numbers", "post")
STATUS = ("/phone-numbers/{phoneNumber}/status", "get")
SELECT = ("/phone-numbers/outgoing/new", "post")
OVERRIDE = ("/phone-numbers/outgoing/manual-override", "post")
CLEAR = ("/phone-numbers/outgoing/conversation/{conversationId}/override", "delete")
JSON = "application/json"


@cache
def _base_text() -> str:
    # Through JSON: prance shares one object between every use of a component, and an edit of
    # one place must stay in that place.
    return json.dumps(load_contract().resolved())


def base() -> Spec:
    """A private, unshared copy of the resolved openapi.yaml."""
    loaded: Spec = json.loads(_base_text())
    return loaded


def op(doc: Spec, where: tuple[str, str]) -> Spec:
    found: Spec = doc["paths"][where[0]][where[1]]
    return found


def body(doc: Spec, where: tuple[str, str]) -> Spec:
    found: Spec = op(doc, where)["requestBody"]["content"][JSON]["schema"]
    return found


def body_props(doc: Spec, where: tuple[str, str]) -> Spec:
    found: Spec = body(doc, where)["properties"]
    return found


def answer(doc: Spec, where: tuple[str, str], status: str = "200") -> Spec:
    found: Spec = op(doc, where)["responses"][status]["content"][JSON]["schema"]
    return found


def param(doc: Spec, where: tuple[str, str], name: str) -> Spec:
    found: Spec = next(p for p in op(doc, where)["parameters"] if p["name"] == name)
    return found


def prop(schema: Spec, *names: str) -> Spec:
    for name in names:
        schema = schema["properties"][name]
    return schema


@dataclass(frozen=True)
class Mutation:
    """An edit of the new contract (after `setup`, applied to both), and its expected verdicts."""

    name: str
    edit: Edit
    expected: frozenset[tuple[str, Severity]]
    where: str | None = None
    setup: Edit | None = None

    def documents(self) -> tuple[Spec, Spec]:
        old = base()
        if self.setup is not None:
            self.setup(old)
        new = copy.deepcopy(old)
        self.edit(new)
        return old, new


def seq(*edits: Edit) -> Edit:
    def run(doc: Spec) -> None:
        for edit in edits:
            edit(doc)

    return run


def assign(get: Callable[[Spec], Spec], **values: Any) -> Edit:
    return lambda doc: get(doc).update(values)


def drop(get: Callable[[Spec], Any], key: Any) -> Edit:
    return lambda doc: get(doc).pop(key)


def remove(get: Callable[[Spec], list[Any]], value: Any) -> Edit:
    return lambda doc: get(doc).remove(value)


def append(get: Callable[[Spec], list[Any]], value: Any) -> Edit:
    return lambda doc: get(doc).append(copy.deepcopy(value))


def int32_copy(doc: Spec) -> Spec:
    """A fresh copy of the contract's Int32 (anyOf an integer or a numeric string)."""
    return copy.deepcopy(prop(answer(doc, STATUS), "messagesPossible"))


def add_query(name: str, required: bool, schema: Spec) -> Edit:
    entry = {"name": name, "in": "query", "required": required, "schema": schema}
    return append(lambda d: op(d, STATUS)["parameters"], entry)


def add_limit(schema: Spec) -> Edit:
    return lambda doc: body(doc, SELECT)["properties"].update(limit=copy.deepcopy(schema))


def limit_as_int32(doc: Spec) -> None:
    body(doc, SELECT)["properties"]["limit"] = int32_copy(doc)


def window_as_int32(doc: Spec) -> None:
    param(doc, STATUS, "windowDays")["schema"] = int32_copy(doc)


def add_list_operation(doc: Spec) -> None:
    listing = copy.deepcopy(op(doc, STATUS))
    listing["operationId"] = "listPhoneNumbers"
    listing["parameters"] = []
    doc["paths"][CREATE[0]]["get"] = listing


def rename_media(where: tuple[str, str], status: str | None, new_media: str) -> Edit:
    def run(doc: Spec) -> None:
        holder = op(doc, where)["requestBody"] if status is None else op(doc, where)["responses"]
        content = (holder if status is None else holder[status])["content"]
        content[new_media] = content.pop(JSON)

    return run


def m(
    name: str,
    edit: Edit,
    *expected: tuple[str, Severity],
    where: str | None = None,
    setup: Edit | None = None,
) -> Mutation:
    return Mutation(name, edit, frozenset(expected), where, setup)


SELECT_BODY = f"POST {SELECT[0]} request {JSON}"
SELECT_200 = f"POST {SELECT[0]} response 200 {JSON}"
STATUS_200 = f"GET {STATUS[0]} response 200 {JSON}"
LIMIT = {"type": "integer", "minimum": 1, "maximum": 100}
