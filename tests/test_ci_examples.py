"""The example CI workflows in docs/ and the README run commands the kit has, and use the kit's
action with inputs and options it has: a typo there fails a team's CI."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.cli import parser

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


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


def readme_workflow_text() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### In GitHub Actions", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block, "the README's GitHub Actions section has a workflow to paste"
    return block.group(1)


def readme_workflow() -> dict[str, Any]:
    workflow: dict[str, Any] = yaml.safe_load(readme_workflow_text())
    return workflow


@pytest.mark.parametrize("source", ["docs/ci-contract-tests.yml", "README.md"])
def test_the_contract_workflow_uses_the_action_with_inputs_and_options_it_has(
    source: str,
) -> None:
    if source == "README.md":
        workflow = readme_workflow()
    else:
        workflow = yaml.safe_load((ROOT / source).read_text(encoding="utf-8"))
    used = [
        s
        for job in workflow["jobs"].values()
        for s in job["steps"]
        if re.fullmatch(r"[\w.-]+/leadping-contract-kit@v\d+|\./?", s.get("uses", ""))
    ]
    assert len(used) == 1, "one step uses the kit's action"
    given = used[0]["with"]
    assert set(given) <= set(ACTION["inputs"]), set(given) - set(ACTION["inputs"])
    required = {name for name, spec in ACTION["inputs"].items() if spec.get("required")}
    assert required <= set(given)
    assert given["token"] == "${{ secrets.LEADPING_STAGING_TOKEN }}"
    float(given["min-coverage"])
    # An unknown option would fail the job: argparse exits on it.
    parser().parse_args(["--base-url", given["base-url"], *shlex.split(given["args"])])


def test_the_action_and_the_workflows_match_githubs_schemas(tmp_path: Path) -> None:
    """SchemaStore's schemas, vendored in check-jsonschema: a misspelt key fails here, not in a
    team's first run."""
    pasted = tmp_path / "readme-workflow.yml"
    pasted.write_text(readme_workflow_text())
    checks = [
        ("vendor.github-actions", [ROOT / "action.yml"]),
        ("vendor.github-workflows", [*(ROOT / "docs").glob("ci-*.yml"), pasted]),
    ]
    for schema, files in checks:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", schema,
             *map(str, files)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
