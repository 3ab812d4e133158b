"""Cached worlds are the worlds build_world makes: same value, rebuilt when the entry is damaged,
and another entry for another seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.domain.clock import DEFAULT_START
from mockserver.domain.world_builder import build_world
from mockserver.files.cache import CACHE_ENV
from mockserver.worlds.scenario_files import load_scenario
from mockserver.worlds.world_cache import world_for


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    return tmp_path


def _spec() -> dict[str, object]:
    return {k: v for k, v in load_scenario("default").items() if k not in ("history", "seed")}


def test_a_cached_world_equals_the_built_one(cache_dir: Path) -> None:
    built = build_world(_spec(), 7, DEFAULT_START)
    first = world_for(_spec(), 7, DEFAULT_START)
    assert len(list(cache_dir.glob("world-*"))) == 1
    second = world_for(_spec(), 7, DEFAULT_START)  # from the cache
    assert first == built
    assert second == built
    assert second.traffic  # a real world, with history


def test_another_seed_is_another_entry(cache_dir: Path) -> None:
    world_for(_spec(), 7, DEFAULT_START)
    other = world_for(_spec(), 8, DEFAULT_START)
    assert len(list(cache_dir.glob("world-*"))) == 2
    assert other == build_world(_spec(), 8, DEFAULT_START)


def test_a_damaged_entry_is_rebuilt(cache_dir: Path) -> None:
    world_for(_spec(), 7, DEFAULT_START)
    (entry,) = cache_dir.glob("world-*")
    entry.write_bytes(b"not a pickle")
    assert world_for(_spec(), 7, DEFAULT_START) == build_world(_spec(), 7, DEFAULT_START)


def test_another_faker_is_another_entry(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world_for(_spec(), 7, DEFAULT_START)
    monkeypatch.setattr("mockserver.worlds.world_cache.version", lambda _name: "0.0.0-other")
    world_for(_spec(), 7, DEFAULT_START)
    assert len(list(cache_dir.glob("world-*"))) == 2
