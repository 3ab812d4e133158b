"""The Makefile's targets do what the README says: a target defined twice silently drops one."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dry_run(target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-n", "--no-print-directory", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )


def test_lint_runs_every_checker_and_no_recipe_is_overridden() -> None:
    run = dry_run("lint")
    for checker in (
        "ruff check",
        "ruff format --check",
        "mypy",
        "lint-imports",
        "mockserver.contract.lint",
    ):
        assert checker in run.stdout, f"make lint no longer runs {checker}"
    assert "overriding recipe" not in run.stderr


def test_test_target_lints_before_it_runs_pytest() -> None:
    commands = dry_run("test").stdout
    assert commands.index("lint") < commands.index("pytest")
