"""Deliberate changes to what clients receive: statuses, media types and response schemas."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.contract_tests.contract_diff.mutations import (
    CREATE,
    SELECT,
    SELECT_200,
    STATUS,
    STATUS_200,
    B,
    C,
    Spec,
    answer,
    append,
    assign,
    drop,
    m,
    op,
    prop,
    remove,
    rename_media,
    seq,
)


def reasons(doc: Spec) -> list[Any]:
    found: list[Any] = prop(answer(doc, SELECT), "selectionReason")["enum"]
    return found


def messages(doc: Spec) -> Spec:
    return prop(answer(doc, STATUS), "messagesPossible")


_RESPONSE_MUTATIONS = [
    # ---- properties ----------------------------------------------------------------------------
    m("required property removed", drop(lambda d: answer(d, SELECT)["properties"], "healthWarning"),
      ("response-required-property-removed", B), where=f"{SELECT_200} /healthWarning"),
    m("optional property removed", drop(lambda d: answer(d, SELECT)["properties"], "healthWarning"),
      ("response-optional-property-removed", B),
      setup=remove(lambda d: answer(d, SELECT)["required"], "healthWarning")),
    m("nested property in array items removed",
      drop(lambda d: prop(answer(d, SELECT), "eligibleNumbers")["items"]["properties"], "canSend"),
      ("response-required-property-removed", B), where=f"{SELECT_200} /eligibleNumbers/*/canSend"),
    m("property became optional", remove(lambda d: answer(d, SELECT)["required"], "canSend"),
      ("response-property-became-optional", B), where=f"{SELECT_200} /canSend"),
    m("property became required", append(lambda d: answer(d, SELECT)["required"], "canSend"),
      ("response-property-became-required", C),
      setup=remove(lambda d: answer(d, SELECT)["required"], "canSend")),
    m("optional property added",
      assign(lambda d: answer(d, SELECT)["properties"], note={"type": "string"}),
      ("response-optional-property-added", C)),
    m("required property added",
      seq(assign(lambda d: answer(d, SELECT)["properties"], note={"type": "string"}),
          append(lambda d: answer(d, SELECT)["required"], "note")),
      ("response-required-property-added", C)),
    m("became nullable", assign(lambda d: prop(answer(d, SELECT), "canSend"), nullable=True),
      ("response-property-became-nullable", B)),
    m("became not nullable",
      drop(lambda d: prop(answer(d, SELECT), "setupMessage"), "nullable"),
      ("response-property-became-not-nullable", C)),
    m("enum value added", append(reasons, "RoundRobin"),
      ("response-property-enum-value-added", B), where=f"{SELECT_200} /selectionReason"),
    m("enum value removed", remove(reasons, "LocalArea"),
      ("response-property-enum-value-removed", C)),
    m("type changed", assign(lambda d: prop(answer(d, SELECT), "canSend"), type="string"),
      ("response-property-type-changed", B), where=f"{SELECT_200} /canSend"),
    m("format changed",
      assign(lambda d: prop(answer(d, STATUS), "optOutMetrics", "windowStartedAt"), format="date"),
      ("response-property-type-changed", B)),
    m("type specialized", assign(lambda d: prop(answer(d, SELECT), "score"), type="integer"),
      ("response-property-type-specialized", C),
      setup=assign(lambda d: answer(d, SELECT)["properties"], score={"type": "number"})),
    m("maximum increased in an anyOf branch",
      assign(lambda d: messages(d)["anyOf"][0], maximum=4294967295),
      ("response-property-max-increased", B), where=f"{STATUS_200} /messagesPossible/anyOf[0]"),
    m("maximum decreased in an anyOf branch", assign(lambda d: messages(d)["anyOf"][0], maximum=9),
      ("response-property-max-decreased", C)),
    m("anyOf branch added", append(lambda d: messages(d)["anyOf"], {"type": "boolean"}),
      ("response-property-any-of-added", B)),
    m("anyOf branch removed", drop(lambda d: messages(d)["anyOf"], 1),
      ("response-property-any-of-removed", C)),
    m("pattern changed", assign(lambda d: messages(d)["anyOf"][1], pattern=r"^\d+$"),
      ("response-property-pattern-changed", C)),
    m("maxLength set", assign(lambda d: prop(answer(d, SELECT), "healthLabel"), maxLength=40),
      ("response-property-max-length-set", C)),
    m("maxLength increased", assign(lambda d: prop(answer(d, CREATE, "201"), "id"), maxLength=9),
      ("response-property-max-length-increased", B),
      setup=assign(lambda d: prop(answer(d, CREATE, "201"), "id"), maxLength=8)),
    # ---- media types and statuses --------------------------------------------------------------
    m("media type changed", rename_media(SELECT, "200", "application/vnd.leadping+json"),
      ("response-media-type-removed", B), ("response-media-type-added", C)),
    m("success status removed", drop(lambda d: op(d, CREATE)["responses"], "201"),
      ("response-success-status-removed", B), where=f"POST {CREATE[0]} response 201"),
    m("error status removed", drop(lambda d: op(d, CREATE)["responses"], "409"),
      ("response-non-success-status-removed", B)),
    m("error status added",
      assign(lambda d: op(d, STATUS)["responses"], **{"429": {"description": "Slow down."}}),
      ("response-non-success-status-added", C)),
    m("success status added",
      assign(lambda d: op(d, CREATE)["responses"], **{"202": {"description": "Queued."}}),
      ("response-success-status-added", C)),
    # ---- ignored entirely ----------------------------------------------------------------------
    m("descriptions changed",
      seq(assign(lambda d: prop(answer(d, SELECT), "canSend"), description="Can it send?"),
          assign(lambda d: op(d, SELECT), description="Chooses a number.", summary="Select.")),
      ),
    m("example changed",
      assign(lambda d: op(d, CREATE)["requestBody"]["content"]["application/json"],
             example={"name": "Other", "number": "+15125550100"})),
]  # fmt: skip

RESPONSE_MUTATIONS = [
    replace(mutation, name=f"response: {mutation.name}") for mutation in _RESPONSE_MUTATIONS
]
