"""The validated-contract cache: a contract that passed is read back without validating again;
an edited one has another key, and a broken one is never cached."""

from __future__ import annotations

import shutil
from pathlib import Path

import prance
import pytest

from mockserver.contract.loader import (
    DEFAULT_CONTRACT,
    ContractError,
    _cache_file,
    _load,
    load_contract,
)
from mockserver.files.cache import CACHE_ENV


@pytest.fixture
def contract_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    copy = tmp_path / "openapi.yaml"
    shutil.copy(DEFAULT_CONTRACT, copy)
    return copy


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the contract was validated again")


def test_a_validated_contract_is_read_back_from_the_cache(
    contract_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_contract(contract_copy)
    assert list((contract_copy.parent / "cache").glob("contract-*.json"))
    _load.cache_clear()  # a new process, as far as the loader knows
    monkeypatch.setattr(prance, "ResolvingParser", _refuse)
    second = load_contract(contract_copy)
    assert second.resolved() == first.resolved()
    assert set(second.operations()) == set(first.operations())


def test_the_cache_key_follows_the_text(contract_copy: Path) -> None:
    text = contract_copy.read_text()
    edited = text.replace("sms: {type: boolean}", "sms: {type: bool}", 1)
    assert _cache_file(contract_copy, text) == _cache_file(contract_copy, text)
    assert _cache_file(contract_copy, edited) != _cache_file(contract_copy, text)


def test_a_broken_contract_fails_and_is_never_cached(contract_copy: Path) -> None:
    text = contract_copy.read_text()
    contract_copy.write_text(text.replace("sms: {type: boolean}", "sms: {type: bool}", 1))
    with pytest.raises(ContractError, match="'bool' is not valid"):
        load_contract(contract_copy)
    assert not (contract_copy.parent / "cache").exists()
