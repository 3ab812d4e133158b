"""Chromium driven like a user drives it (tests/browser/node/browse.mjs, playwright-core over
Debian's Chromium; no downloaded browser): the plan's steps, its HAR and screenshots."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

NODE_DIR = Path(__file__).resolve().parent / "node"
CHROMIUM = shutil.which("chromium")


def require_browser() -> None:
    """Skip where Chromium, Node or the packages are missing, except in CI, which has them all
    (make test installs them)."""
    missing = [
        what
        for what, there in (
            ("chromium", CHROMIUM is not None),
            ("node", shutil.which("node") is not None),
            ("playwright-core", (NODE_DIR / "node_modules" / "playwright-core").is_dir()),
        )
        if not there
    ]
    if missing and os.environ.get("CI"):
        pytest.fail(f"{', '.join(missing)} missing in CI: make test installs them")
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (make test installs them)")


def browse(plan: dict[str, Any], work: Path) -> dict[str, Any]:
    """Run one plan; the browser's JSON report (ok, console errors, results, error)."""
    require_browser()
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan))
    env = {**os.environ, "CHROMIUM": CHROMIUM or "/usr/bin/chromium"}
    done = subprocess.run(
        ["node", str(NODE_DIR / "browse.mjs"), str(plan_file)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the browser script printed no report: {done.stderr[-2000:]}"
    report: dict[str, Any] = json.loads(lines[-1])
    return report
