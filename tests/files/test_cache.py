"""The kit's file cache stays bounded: least recently used entries of a kind go first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.files import cache


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    return tmp_path


def _age(path: Path, seconds_ago: int) -> None:
    stamp = path.stat().st_mtime - seconds_ago
    os.utime(path, (stamp, stamp))


def test_entries_beyond_the_bound_are_dropped_least_recently_used_first(cache_dir: Path) -> None:
    for i in range(3):
        cache.write(f"world-{i}", b"x", keep=3)
        _age(cache_dir / f"world-{i}", 100 - i)  # world-0 oldest
    assert cache.read("world-0") == b"x"  # used again: now the most recent
    cache.write("world-3", b"x", keep=3)
    assert sorted(p.name for p in cache_dir.glob("world-*")) == ["world-0", "world-2", "world-3"]


def test_kinds_are_bounded_separately(cache_dir: Path) -> None:
    cache.write("contract-a", b"x", keep=1)
    cache.write("world-a", b"x", keep=1)
    _age(cache_dir / "world-a", 10)
    cache.write("world-b", b"x", keep=1)
    assert sorted(p.name for p in cache_dir.iterdir()) == ["contract-a", "world-b"]


# Run in a fresh interpreter: what a start imports is what start-up time is made of.
START_AND_LIST_IMPORTS = """
import sys
from mockserver.app import create_app
create_app()
heavy = ("faker", "prance", "openapi_spec_validator")
print(",".join(name for name in heavy if name in sys.modules))
"""


def test_a_start_from_the_caches_needs_neither_the_validators_nor_faker(cache_dir: Path) -> None:
    def start() -> str:
        env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}
        done = subprocess.run(
            [sys.executable, "-c", START_AND_LIST_IMPORTS],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout.strip()

    # The first start validates the contract and builds the world; the next reads both back.
    assert start() == "faker,prance,openapi_spec_validator"
    assert start() == ""
