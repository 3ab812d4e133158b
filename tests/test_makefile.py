"""The Makefile's targets do what the README says: a target defined twice silently drops one."""

from __future__ import annotations

import json
import subprocess
import tempfile
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
        "redocly lint",
        "spectral lint",
    ):
        assert checker in run.stdout, f"make lint no longer runs {checker}"
    assert "overriding recipe" not in run.stderr


def test_test_target_lints_before_it_runs_pytest() -> None:
    commands = dry_run("test").stdout
    assert commands.index("lint") < commands.index("pytest")


def test_make_mock_installs_what_serving_needs_quietly_and_no_development_tool() -> None:
    """The recipe `make mock` runs (the project without its dev extra, pip quiet), and what
    pip would install for it into an empty environment (resolved, not installed: an install
    takes a minute of the suite's ten)."""
    recipe = subprocess.run(
        ["make", "-n", "-B", "--no-print-directory", ".venv/.runtime"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    (install,) = [line for line in recipe.splitlines() if " install " in line]
    assert "--quiet" in install
    assert install.rstrip().endswith(" -e ."), "the project alone, not its dev extra"
    assert "[dev]" not in recipe
    with tempfile.TemporaryDirectory() as scratch:
        report_file = Path(scratch) / "report.json"
        resolved = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "pip"), "install", "--dry-run", "--ignore-installed",
             "--quiet", "--disable-pip-version-check", "--report", str(report_file),
             "-c", "constraints.txt", "-e", "."],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert resolved.returncode == 0, resolved.stderr[-2000:]
        report = json.loads(report_file.read_text())
    printed = resolved.stdout + resolved.stderr
    assert "Collecting" not in printed, "quietly"
    assert "BuildBackendWarning" not in printed, "no packaging warnings on the terminal"
    names = {item["metadata"]["name"].lower() for item in report["install"]}
    assert {"connexion", "uvicorn", "faker", "redis"} <= names
    for tool in ("pytest", "ruff", "mypy", "import-linter", "hypothesis", "pytest-xdist"):
        assert tool not in names, f"make mock would install {tool}"
