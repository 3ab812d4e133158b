"""The example CI workflows in docs/ run commands the kit has: a typo there fails a team's CI."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def steps(name: str) -> list[dict[str, Any]]:
    workflow = yaml.safe_load((ROOT / "docs" / name).read_text(encoding="utf-8"))
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def make_targets() -> set[str]:
    listed = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    return {line.split()[1] for line in listed.splitlines() if line.strip().startswith("make ")}


def test_every_make_target_a_workflow_runs_exists() -> None:
    targets = make_targets()
    assert {"contract", "contract-diff"} <= targets
    for name in ("ci-contract-tests.yml", "ci-contract-diff.yml"):
        for step in steps(name):
            if step.get("run", "").startswith("make "):
                assert shlex.split(step["run"])[1] in targets, step["run"]


def test_the_diff_workflow_runs_on_contract_changes_and_reads_the_base_branch() -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "ci-contract-diff.yml").read_text(encoding="utf-8"))
    assert "openapi.yaml" in workflow[True]["pull_request"]["paths"]  # YAML 1.1 reads `on` as True
    checkout = steps("ci-contract-diff.yml")[0]
    assert checkout["with"]["fetch-depth"] == 0
    run = next(
        s["run"] for s in steps("ci-contract-diff.yml") if "contract-diff" in s.get("run", "")
    )
    assert "BASE=origin/${{ github.base_ref }}" in run
