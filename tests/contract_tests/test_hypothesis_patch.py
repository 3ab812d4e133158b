"""The one Hypothesis patch fails naming what moved, rather than drawing another catalogue."""

from __future__ import annotations

import pytest
from hypothesis.internal.conjecture import providers

from contract_tests.payloads.hypothesis_patch import HypothesisMoved, without_local_constants


def test_the_patch_applies_to_this_hypothesis() -> None:
    with without_local_constants():
        assert not providers.CONSTANTS_CACHE, "a fresh cache while patched"


def test_a_moved_internal_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(providers, "_get_local_constants")
    with (
        pytest.raises(HypothesisMoved, match=r"providers\._get_local_constants"),
        without_local_constants(),
    ):
        pass
