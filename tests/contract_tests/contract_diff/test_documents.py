"""A contract is read from a file or from git (REV:path); each failure is one ContractError line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from contract_tests.contract_diff import changes, load_document
from mockserver.contract.loader import DEFAULT_CONTRACT, ContractError


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose one commit holds the kit's openapi.yaml."""
    (tmp_path / "openapi.yaml").write_text(DEFAULT_CONTRACT.read_text("utf-8"), "utf-8")
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "openapi.yaml"],
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "contract"],
    ):
        subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    return tmp_path


def test_a_revision_reads_the_committed_contract(repo: Path) -> None:
    committed = load_document("HEAD:openapi.yaml", repo)
    assert changes(committed, load_document(str(DEFAULT_CONTRACT))) == []


def test_an_unknown_revision_is_one_line_naming_it(repo: Path) -> None:
    with pytest.raises(ContractError) as raised:
        load_document("no-such-branch:openapi.yaml", repo)
    message = str(raised.value)
    assert message.startswith("no-such-branch:openapi.yaml: not a file, and git cannot read it")
    assert "\n" not in message


def test_without_git_a_revision_says_so(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-bin"))
    with pytest.raises(ContractError, match="git is not installed"):
        load_document("HEAD:openapi.yaml", repo)


def test_an_invalid_revision_names_the_revision_not_a_temporary_file(repo: Path) -> None:
    (repo / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n", "utf-8")
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "bad"],
                   cwd=repo, check=True, capture_output=True)  # fmt: skip
    with pytest.raises(ContractError) as raised:
        load_document("HEAD:openapi.yaml", repo)
    assert str(raised.value).startswith("HEAD:openapi.yaml: invalid at")
    assert "leadping-contract-diff-" not in str(raised.value)


def test_a_missing_file_that_is_no_revision_either_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="no such file"):
        load_document(str(tmp_path / "absent.yaml"))
