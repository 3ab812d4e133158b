"""The copy of the contract for Prism: nullable enums without a listed null, nothing else changed;
the command writes it or says in one line why it cannot."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from mockserver.contract.export import for_prism, main
from mockserver.contract.loader import load_contract
from mockserver.files.yaml_text import load_yaml


def nullable_enums(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [found for item in node for found in nullable_enums(item)]
    if not isinstance(node, dict):
        return []
    own = [node] if node.get("nullable") is True and "enum" in node else []
    return own + [found for value in node.values() for found in nullable_enums(value)]


def test_nullable_enums_lose_their_listed_null_and_nothing_else_changes() -> None:
    raw = copy.deepcopy(load_contract().raw)  # the loader's own is shared: edit a copy
    before, after = nullable_enums(raw), nullable_enums(for_prism(raw))
    assert before, "the contract has nullable enums (decision C2)"
    assert all(None in schema["enum"] for schema in before), "as decision C2 writes them"
    assert [s["enum"] for s in after] == [[v for v in s["enum"] if v is not None] for s in before]
    for schema in before:
        schema["enum"].remove(None)
    assert for_prism(load_contract().raw) == raw


def test_the_command_writes_a_copy_the_kit_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports" / "openapi.prism.yaml"
    assert main(["--for", "prism", str(out)]) == 0
    assert "written for prism" in capsys.readouterr().out
    assert out.read_text().startswith("# Written by `python -m mockserver.contract.export")
    written = load_contract(out)
    assert sorted(written.operations()) == sorted(load_contract().operations())
    assert load_yaml(out.read_text()) == for_prism(load_contract().raw)


def test_an_unwritable_place_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("")
    out = tmp_path / "a-file" / "copy.yaml"
    assert main(["--for", "prism", str(out)]) == 1
    error = capsys.readouterr().err
    assert error == f"contract-export: cannot write {out}: {tmp_path / 'a-file'}: File exists\n"
    assert main(["--for", "prism", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"contract-export: cannot write {tmp_path}: Is a directory\n"
