"""The kit's file cache (~/.cache/leadping-contract-kit, or $LEADPING_CACHE_DIR): results that
depend only on inputs named in their key, so a changed input is simply another entry."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

CACHE_ENV = "LEADPING_CACHE_DIR"
# Entries kept per kind (the part of the name before the first "-"), least recently used dropped:
# every seed, scenario and edit of the domain makes a new world entry.
KEEP = 32


def cache_dir() -> Path:
    base = os.environ.get(CACHE_ENV)
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "leadping-contract-kit")


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def read(name: str) -> bytes | None:
    path = cache_dir() / name
    try:
        data = path.read_bytes()
        os.utime(path)  # recently used: kept longest
    except OSError:
        return None
    return data


def write(name: str, data: bytes, keep: int = KEEP) -> None:
    """Atomically (a concurrent reader sees the old entry or the new one), then drop the least
    recently used entries of its kind beyond `keep`. A cache that cannot be written is no cache,
    never an error."""
    target = cache_dir() / name
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(target)
        kind = name.split("-", 1)[0]
        entries = sorted(
            target.parent.glob(f"{kind}-*"), key=lambda p: p.stat().st_mtime_ns, reverse=True
        )
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
