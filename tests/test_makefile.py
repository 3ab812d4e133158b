"""The Makefile's targets do what the README says: a target defined twice silently drops one."""

from __future__ import annotations

import shutil
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


def test_make_mock_installs_what_serving_needs_and_no_development_tool(tmp_path: Path) -> None:
    """The runtime environment `make mock` sets up, built in a copy of the project."""
    copy = tmp_path / "kit"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "reports", "node_modules", ".*cache"),
    )
    built = subprocess.run(
        ["make", "--no-print-directory", ".venv/.runtime"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    printed = built.stdout + built.stderr
    assert "Collecting" not in printed, "quietly"
    assert "Successfully installed" not in printed, "quietly"
    assert "Installing what the mock needs" in built.stdout
    bin_dir = copy / ".venv" / "bin"
    assert (bin_dir / "leadping-mock").exists()
    for tool in ("pytest", "ruff", "mypy", "lint-imports"):
        assert not (bin_dir / tool).exists(), f"make mock installed {tool}"
    served = subprocess.run(
        [str(bin_dir / "leadping-mock"), "--help"], capture_output=True, text=True, check=False
    )
    assert served.returncode == 0
    assert "--cors-headers" in served.stdout
