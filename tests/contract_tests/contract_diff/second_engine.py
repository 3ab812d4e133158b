"""api-smart-diff (npm) as a second engine: installed once into the kit's cache, outside the
repository, and run in one node process for a whole batch of document pairs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mockserver.files.cache import cache_dir

VERSION = "1.0.6"
DRIVER = Path(__file__).with_name("asd_driver.cjs")
INSTALL_TIMEOUT = 300
Spec = dict[str, Any]


def _prefix() -> Path:
    return cache_dir() / "npm" / f"api-smart-diff-{VERSION}"


def installed() -> Path:
    """The install prefix, installing when missing; skips only without npm and outside CI."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set, so the second engine must run, but npm or node is missing")
        pytest.skip("npm is not installed: the api-smart-diff cross-check needs it")
    prefix = _prefix()
    manifest = prefix / "node_modules" / "api-smart-diff" / "package.json"
    if manifest.is_file() and json.loads(manifest.read_text("utf-8")).get("version") == VERSION:
        return prefix
    command = [
        npm,
        "install",
        "--prefix",
        str(prefix),
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        f"api-smart-diff@{VERSION}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    assert done.returncode == 0, f"npm install api-smart-diff@{VERSION} failed: {done.stderr}"
    return prefix


def _trimmed(doc: Spec, paths: set[str]) -> Spec:
    """The document with only `paths` and no components: the same verdicts (a resolved document
    holds no $ref), in a fraction of the time."""
    kept = {path: item for path, item in doc["paths"].items() if path in paths}
    return {**{k: v for k, v in doc.items() if k != "components"}, "paths": kept}


def verdict(diffs: list[dict[str, Any]]) -> str:
    """breaking, compatible or none: api-smart-diff's diff types (annotations are neither)."""
    types = {diff["type"] for diff in diffs}
    if "breaking" in types:
        return "breaking"
    return "compatible" if "non-breaking" in types else "none"


def second_engine_diffs(
    pairs: list[tuple[Spec, Spec]], scratch: Path
) -> list[list[dict[str, Any]]]:
    """api-smart-diff's diffs under `paths`, per pair, in order."""
    prefix = installed()
    manifest = []
    for index, pair in enumerate(pairs):
        files = []
        old, new = pair
        differ = {
            p for p in {*old["paths"], *new["paths"]} if old["paths"].get(p) != new["paths"].get(p)
        }
        for side, doc in (("old", _trimmed(old, differ)), ("new", _trimmed(new, differ))):
            target = scratch / f"{index:03d}-{side}.json"
            target.write_text(json.dumps(doc), encoding="utf-8")
            files.append(str(target))
        manifest.append(files)
    listing = scratch / "pairs.json"
    listing.write_text(json.dumps(manifest), encoding="utf-8")
    done = subprocess.run(
        ["node", str(DRIVER), str(prefix), str(listing)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"api-smart-diff failed: {done.stderr[-2000:]}"
    found: list[list[dict[str, Any]]] = json.loads(done.stdout)
    return found
