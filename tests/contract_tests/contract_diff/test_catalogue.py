"""The engine's verdict on every deliberate change in the catalogue: exactly the expected rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_tests.contract_diff import changes, load_document
from contract_tests.contract_diff.rules import RULES
from mockserver.contract.loader import DEFAULT_CONTRACT
from tests.contract_tests.contract_diff.mutations import STATUS_200, Mutation, base
from tests.contract_tests.contract_diff.request_mutations import REQUEST_MUTATIONS
from tests.contract_tests.contract_diff.response_mutations import RESPONSE_MUTATIONS

CATALOGUE = [*REQUEST_MUTATIONS, *RESPONSE_MUTATIONS]


@pytest.mark.parametrize("mutation", CATALOGUE, ids=lambda m: m.name)
def test_the_engine_reports_exactly_the_expected_rules(mutation: Mutation) -> None:
    old, new = mutation.documents()
    found = changes(old, new)
    assert {(c.rule, c.severity) for c in found} == mutation.expected
    if mutation.where is not None:
        assert mutation.where in {c.where for c in found}


def test_an_unchanged_contract_has_no_changes() -> None:
    assert changes(base(), base()) == []


def test_the_catalogue_names_only_known_rules_with_their_catalogued_severity() -> None:
    for mutation in CATALOGUE:
        for rule, severity in mutation.expected:
            assert RULES[rule].severity == severity, mutation.name


def test_the_catalogue_covers_breaking_and_compatible_on_both_sides() -> None:
    seen = {
        (rule.split("-")[0] == "response", severity)
        for m in CATALOGUE
        for rule, severity in m.expected
    }
    assert seen == {
        (False, "breaking"),
        (False, "compatible"),
        (True, "breaking"),
        (True, "compatible"),
    }


def test_a_component_edit_is_reported_at_every_place_that_uses_it(tmp_path: Path) -> None:
    # Int32 is every count of the status answer: one edit of the file, many places changed.
    text = DEFAULT_CONTRACT.read_text(encoding="utf-8")
    edited = tmp_path / "openapi.yaml"
    edited.write_text(text.replace("maximum: 2147483647", "maximum: 4294967295"), "utf-8")
    found = changes(load_document(str(DEFAULT_CONTRACT)), load_document(str(edited)))
    assert {(c.rule, c.severity) for c in found} == {
        ("response-property-max-increased", "breaking")
    }
    wheres = {c.where for c in found}
    assert len(wheres) > 20
    assert f"{STATUS_200} /smsWarmup/sentCount/anyOf[0]" in wheres
    assert any(w.startswith("POST /phone-numbers response 201") for w in wheres)
