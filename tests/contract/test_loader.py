"""The loader: the contract loads, validates, and a broken one fails naming file, place, problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from openapi_spec_validator import validate

from mockserver.contract.loader import DEFAULT_CONTRACT, ContractError, load_contract

OPERATIONS = {
    "createPhoneNumber": ("POST", "/phone-numbers"),
    "getPhoneNumberStatus": ("GET", "/phone-numbers/{phoneNumber}/status"),
    "selectOutgoingNumber": ("POST", "/phone-numbers/outgoing/new"),
    "validateManualOverride": ("POST", "/phone-numbers/outgoing/manual-override"),
    "clearConversationOverride": (
        "DELETE",
        "/phone-numbers/outgoing/conversation/{conversationId}/override",
    ),
}


def test_contract_passes_openapi_spec_validator() -> None:
    contract = load_contract()
    validate(contract.raw)
    assert contract.raw["openapi"] == "3.0.3"


def test_contract_has_the_five_documented_operations_at_their_paths() -> None:
    found = {op: (method, path) for op, (method, path, _) in load_contract().operations().items()}
    assert found == OPERATIONS


def test_every_operation_has_tag_summary_description_and_a_400() -> None:
    for operation_id, (_, _, operation) in load_contract().operations().items():
        assert operation["tags"], operation_id
        assert operation["summary"], operation_id
        assert operation["description"], operation_id
        problem = operation["responses"]["400"]["content"]["application/problem+json"]
        assert "errors" in problem["schema"]["properties"], operation_id


def test_resolved_copies_are_independent() -> None:
    contract = load_contract()
    first = contract.resolved()
    first["paths"].clear()
    assert contract.resolved()["paths"]


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "openapi.yaml"
    target.write_text(DEFAULT_CONTRACT.read_text().replace(old, new, 1))
    return target


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match=r"nowhere\.yaml: contract file not found"):
        load_contract(tmp_path / "nowhere.yaml")


def test_yaml_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    target = tmp_path / "openapi.yaml"
    target.write_text("openapi: 3.0.3\ninfo: [unclosed\n")
    with pytest.raises(ContractError, match=r"openapi\.yaml:3:1: YAML syntax error"):
        load_contract(target)


def test_invalid_schema_names_the_component_and_the_rule(tmp_path: Path) -> None:
    target = _broken(tmp_path, "sms: {type: boolean}", "sms: {type: bool}")
    with pytest.raises(ContractError) as caught:
        load_contract(target)
    message = str(caught.value)
    assert str(target) in message
    assert "PhoneNumberCapabilities" in message
    assert "'bool' is not valid" in message


def test_dangling_reference_is_named(tmp_path: Path) -> None:
    target = _broken(
        tmp_path, "$ref: '#/components/schemas/Problem'", "$ref: '#/components/schemas/Nope'"
    )
    with pytest.raises(ContractError, match=r"unresolvable reference.*Nope"):
        load_contract(target)
