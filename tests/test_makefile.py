"""The Makefile's targets do what the README says: a target defined twice silently drops one."""

from __future__ import annotations

import os
import subprocess
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def test_test_target_installs_the_tools_beside_lint_on_any_make() -> None:
    """`-j3` with each target's output in one piece where make can (GNU make 4); make 3.81
    (macOS's) has no --output-sync and would refuse the whole command."""

    def side_by_side(*variables: str) -> str:
        commands = subprocess.run(
            ["make", "-n", "--no-print-directory", "test", *variables],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        (line,) = [line for line in commands.splitlines() if " -j3 " in line]
        return line

    assert "--output-sync=target test-tools lint" in side_by_side()
    assert "--output-sync" not in side_by_side(".FEATURES=jobserver")
    assert side_by_side(".FEATURES=jobserver").endswith(" test-tools lint")


def test_the_kits_modules_are_compiled_only_where_python_writes_no_bytecode() -> None:
    """PYTHONDONTWRITEBYTECODE (this machine sets it) leaves every process compiling the kit
    again, so make mock, test and bench compile it first; elsewhere Python does it itself."""

    def commands(target: str, environment: str) -> str:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        if environment:
            env["PYTHONDONTWRITEBYTECODE"] = environment
        return subprocess.run(
            ["make", "-n", "--no-print-directory", target],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    compile_kit = "-m compileall -q mockserver contract_tests bench"
    for target in ("mock", "test", "bench"):
        assert compile_kit in commands(target, "1"), target
        assert "compileall" not in commands(target, ""), target


def runtime_closure(project: str, extras: frozenset[str] = frozenset()) -> set[str]:
    """Every distribution `project[extras]` needs, walked through the installed metadata: the
    graph pip resolves for it, without the network round trips of resolving it in a test."""
    seen: set[tuple[str, frozenset[str]]] = set()
    pending = [(canonicalize_name(project), extras)]
    while pending:
        name, wanted = pending.pop()
        if (name, wanted) in seen:
            continue
        seen.add((name, wanted))
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            marker = requirement.marker
            asked = [{"extra": extra} for extra in sorted(wanted)] or [{"extra": ""}]
            if marker is None or any(marker.evaluate(environment) for environment in asked):
                key = canonicalize_name(requirement.name)
                pending.append((key, frozenset(requirement.extras)))
    return {name for name, _ in seen} - {canonicalize_name(project)}


def test_make_mock_installs_what_serving_needs_quietly_and_no_development_tool() -> None:
    """The recipe `make mock` runs (the project without its dev extra, pip quiet), and what
    that install pulls in: the serving stack, and no test or lint tool."""
    recipe = subprocess.run(
        ["make", "-n", "-B", "--no-print-directory", ".venv/.runtime"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    (install,) = [line for line in recipe.splitlines() if "pip install" in line and " -e " in line]
    assert "--quiet" in install
    assert install.rstrip().endswith(" -e ."), "the project alone, not its dev extra"
    assert "[dev]" not in recipe
    names = runtime_closure("leadping-contract-kit")
    assert {"connexion", "uvicorn", "faker", "redis", "starlette"} <= names
    for tool in ("pytest", "ruff", "mypy", "import-linter", "hypothesis", "pytest-xdist"):
        assert tool not in names, f"make mock would install {tool}"


def test_the_closure_follows_extras() -> None:
    """The walk is only as good as its reading of extras: connexion alone does not bring
    Swagger UI, connexion[swagger-ui] (which the project asks for) does."""
    assert "swagger-ui-bundle" not in runtime_closure("connexion")
    assert "swagger-ui-bundle" in runtime_closure("connexion", frozenset({"swagger-ui"}))
    assert "swagger-ui-bundle" in runtime_closure("leadping-contract-kit")
