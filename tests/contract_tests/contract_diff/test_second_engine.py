"""api-smart-diff 1.0.6 judges the same catalogue: it must agree (breaking or not) wherever it
classifies correctly. Where it does not, the case is listed below with the reason, and the test
holds that it still disagrees, so a list that goes stale fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contract_tests.contract_diff import changes
from tests.built_once import built_once
from tests.contract_tests.contract_diff.mutations import Mutation
from tests.contract_tests.contract_diff.second_engine import second_engine_diffs, verdict
from tests.contract_tests.contract_diff.test_catalogue import CATALOGUE

_NULLABLE = (
    "api-smart-diff classifies `nullable` with its booleanClassifier, as a constraint like "
    "readOnly, so both directions come out inverted on both sides (oasdiff NULLABILITY.md)"
)
_REVERSED_TYPE = (
    "api-smart-diff reverses its request rule for responses, so a type or format replaced in an "
    "answer becomes non-breaking; a client parsing the old type cannot read the new one"
)
# name -> (api-smart-diff's verdict, why ours differs)
KNOWN_DIVERGENCES: dict[str, tuple[str, str]] = {
    "request: deprecated path removed": ("breaking", "it ignores an earlier `deprecated: true`; "
        "oasdiff (INFO) and this kit take the deprecation as the announcement (decisions D9)"),
    "request: new required property with a default": ("compatible", "its requiredItemClassifyRule "
        "lets a default excuse a missing property; the request without it is invalid (D2)"),
    "request: property removed": ("compatible", "the request stays schema-valid; this kit calls "
        "it breaking because the server silently stops reading what clients send (D4)"),
    "request: property became an enum": ("compatible", "it classifies `enum/0` added as "
        "non-breaking; values outside the new list, valid before, are now rejected"),
    "request: parameter became an enum": ("none", "it leaves `enum` added to a parameter "
        "schema unclassified; values outside the new list, valid before, are now rejected"),
    "request: pattern generalized": ("breaking", "it breaks on any replaced pattern; a pattern "
        "replaced by `.*` accepts every string (oasdiff pattern-generalized, INFO)"),
    "request: type generalized": ("breaking", "it breaks on any replaced type; integer -> number "
        "accepts every value valid before (oasdiff type-generalized, INFO)"),
    "request: oneOf branch added": ("compatible", "it treats oneOf like anyOf; a value valid "
        "before may match the new branch too, and oneOf refuses a value matching two (D10)"),
    "request: parameter allOf branch removed": ("breaking", "it merges allOf into one schema "
        "first (allof-merge), so a dropped constraint reads as a replaced pattern, which it "
        "always breaks on; every value valid before is still valid"),
    "request: became not nullable": ("compatible", _NULLABLE),
    "request: became nullable": ("breaking", _NULLABLE),
    "response: became nullable": ("compatible", _NULLABLE),
    "response: became not nullable": ("breaking", _NULLABLE),
    "response: optional property removed": ("compatible", "it treats an optional answer field "
        "as droppable; clients that read it when present lose it (oasdiff WARN, D5)"),
    "response: type changed": ("compatible", _REVERSED_TYPE),
    "response: format changed": ("compatible", _REVERSED_TYPE),
}  # fmt: skip


def _ours(mutation: Mutation) -> str:
    found = changes(*mutation.documents())
    if any(change.breaking for change in found):
        return "breaking"
    return "compatible" if found else "none"


@pytest.fixture(scope="module")
def second_opinion(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:

    def judged(folder: Path) -> None:
        diffs = second_engine_diffs([mutation.documents() for mutation in CATALOGUE], folder)
        (folder / "diffs.json").write_text(json.dumps(diffs))

    found = built_once(tmp_path_factory, "api-smart-diff", judged) / "diffs.json"
    diffs = json.loads(found.read_text())
    return {mutation.name: found for mutation, found in zip(CATALOGUE, diffs, strict=True)}


def test_every_known_divergence_names_a_case_of_the_catalogue() -> None:
    assert set(KNOWN_DIVERGENCES) <= {mutation.name for mutation in CATALOGUE}


@pytest.mark.parametrize("mutation", CATALOGUE, ids=lambda m: m.name)
def test_the_second_engine_agrees_or_its_divergence_is_known(
    mutation: Mutation, second_opinion: dict[str, list[dict[str, Any]]]
) -> None:
    theirs = verdict(second_opinion[mutation.name])
    if mutation.name in KNOWN_DIVERGENCES:
        expected_theirs, _why = KNOWN_DIVERGENCES[mutation.name]
        assert theirs == expected_theirs != _ours(mutation)
    else:
        assert theirs == _ours(mutation)
