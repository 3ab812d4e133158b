"""docs/contract-diff.md says what the engine does: its rule tables are the catalogue's, and its
allow-list example is a valid allow-list."""

from __future__ import annotations

import re
from pathlib import Path

from contract_tests.contract_diff.allow_list import parse_allow_list
from contract_tests.contract_diff.rules import RULES, schema_suffixes, structural_ids
from mockserver.files.yaml_text import load_yaml

DOC = Path(__file__).resolve().parents[3] / "docs" / "contract-diff.md"
TEXT = DOC.read_text("utf-8")


def _rows(pattern: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in TEXT.splitlines()
        if re.match(pattern, line)
    ]


def test_the_structural_table_lists_every_rule_with_its_severity() -> None:
    structural = {rule_id: RULES[rule_id].severity for rule_id in structural_ids()}
    documented = {
        row[0].strip("`"): "breaking" if row[2] == "yes" else "compatible"
        for row in _rows(r"^\| `[a-z]")
    }
    assert documented == structural


def test_the_schema_table_lists_every_suffix_with_both_verdicts() -> None:
    def shown(verdict: tuple[str, str] | None) -> str:
        return "—" if verdict is None else verdict[0]

    expected = {suffix: (shown(rq), shown(rs)) for suffix, rq, rs in schema_suffixes()}
    documented = {row[0].strip("`")[1:]: (row[1], row[2]) for row in _rows(r"^\| `-")}
    assert documented == expected


def test_the_allow_list_example_is_a_valid_allow_list() -> None:
    block = TEXT.split("```yaml\n", 1)[1].split("```", 1)[0]
    allow_list = parse_allow_list(load_yaml(block), "docs/contract-diff.md")
    assert len(allow_list.entries) == 2
    assert all(entry.reason for entry in allow_list.entries)
