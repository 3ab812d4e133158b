"""The GitHub Action's run step (action.yml): the action's inputs, read from INPUT_* variables,
as one `leadping-contract` run; then the verdict and the coverage table in the job summary and
the step's outputs. Nothing in it needs GitHub: with GITHUB_STEP_SUMMARY set to a file, it shows
locally what a job would show (tests/test_github_action.py does)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from contract_tests import cli
from contract_tests.coverage.gate import percentage
from contract_tests.target import TOKEN_ENV

VERDICTS = {
    0: "passed: conformant",
    1: "failed: violations found, or the coverage gate failed (see the JUnit report)",
    2: "could not run: a usage or connectivity error (the step's log says which)",
}


ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")


class InputError(ValueError):
    """An input of the action has a value the run cannot use; the message names the input."""


@dataclass(frozen=True)
class ActionInputs:
    base_url: str
    report_dir: Path
    token: str = ""
    token_env: str = TOKEN_ENV
    allow_writes: bool = False
    min_coverage: str = ""
    args: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> ActionInputs:
        def given(name: str) -> str:
            return environ.get(f"INPUT_{name}", "").strip()

        if not given("BASE_URL"):
            raise InputError("base-url: required, e.g. https://staging.example.com")
        writes = given("ALLOW_WRITES").lower() or "false"
        if writes not in ("true", "false"):
            raise InputError(f"allow-writes: expected true or false, got {writes!r}")
        token_env = given("TOKEN_ENV") or TOKEN_ENV
        if not ENV_NAME.match(token_env):
            raise InputError(
                f"token-env: expected an environment variable's name like {TOKEN_ENV}, "
                f"got {token_env[:40]!r}"
            )
        # Ends trimmed (a secret saved with its newline); never quoted: it is a secret.
        token = given("TOKEN")
        if any(not character.isprintable() for character in token):
            raise InputError(
                "token: expected one line of printable text; it holds a line break or another "
                "control character (add-mask would hide only its first line)"
            )
        if given("MIN_COVERAGE"):
            try:
                percentage(given("MIN_COVERAGE"))
            except ValueError as error:
                raise InputError(f"min-coverage: {error}") from None
        try:
            args = tuple(shlex.split(given("ARGS")))
        except ValueError as error:
            raise InputError(f"args: {error}") from None
        return cls(
            base_url=given("BASE_URL"),
            report_dir=Path(given("REPORT_DIR") or "reports/contract"),
            token=token,
            token_env=token_env,
            allow_writes=writes == "true",
            min_coverage=given("MIN_COVERAGE"),
            args=args,
        )

    def argv(self) -> list[str]:
        """The leadping-contract command line (the token travels in the environment)."""
        argv = ["--base-url", self.base_url, "--report-dir", str(self.report_dir)]
        argv += ["--token-env", self.token_env]
        if self.allow_writes:
            argv.append("--allow-writes")
        if self.min_coverage:
            argv += ["--min-coverage", self.min_coverage]
        return argv + list(self.args)


class Tee(io.StringIO):
    """Keeps what is written to it and passes it on: the run's own lines for the summary."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target

    def write(self, text: str) -> int:
        self.target.write(text)
        return super().write(text)


def written_since(path: Path, started: float) -> bool:
    """Whether `path` is this run's: a report folder kept from an earlier job (a self-hosted
    runner's workspace) holds that job's coverage, which is not this run's to show."""
    return path.is_file() and path.stat().st_mtime >= started


def summary(code: int, inputs: ActionInputs, said: str = "", started: float = 0.0) -> str:
    """The job summary: the verdict, the target, why the run failed or could not run (its own
    lines on stderr), and the coverage table when this run (since `started`) wrote one."""
    lines = [f"## Leadping contract tests {VERDICTS.get(code, VERDICTS[2])}", ""]
    lines.append(f"Target: {inputs.base_url}; reports in `{inputs.report_dir}`.")
    reasons = [line for line in said.splitlines() if line.startswith("leadping-contract")]
    if reasons:
        lines += ["", "```text", *reasons, "```"]
    coverage = inputs.report_dir / "coverage.md"
    if written_since(coverage, started):
        lines += ["", coverage.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


def outputs(code: int, inputs: ActionInputs, started: float = 0.0) -> dict[str, str]:
    found = inputs.report_dir / "coverage.json"
    fresh = written_since(found, started)
    percent = json.loads(found.read_text())["coverage"]["percent"] if fresh else ""
    return {"exit-code": str(code), "coverage": str(percent)}


def _append(variable: str, text: str) -> None:
    """Append to the file GitHub names in `variable` (the job summary, the step's outputs)."""
    target = os.environ.get(variable)
    if target:
        with Path(target).open("a", encoding="utf-8") as file:
            file.write(text)


def main() -> int:
    try:
        inputs = ActionInputs.from_env(os.environ)
    except InputError as error:
        print(f"::error title=leadping-contract::{error}", file=sys.stderr)
        return 2
    if inputs.token:
        print(f"::add-mask::{inputs.token}")  # secrets are masked already; a literal is not
        os.environ[inputs.token_env] = inputs.token
    said = Tee(sys.stderr)
    # A second back: a file system's modification times may be that coarse.
    started = time.time() - 1
    with contextlib.redirect_stderr(said):
        code = cli.main(inputs.argv())
    _append("GITHUB_STEP_SUMMARY", summary(code, inputs, said.getvalue(), started))
    results = outputs(code, inputs, started)
    _append("GITHUB_OUTPUT", "".join(f"{k}={v}\n" for k, v in results.items()))
    if code != 0:
        print(f"::error title=leadping-contract::{VERDICTS.get(code, VERDICTS[2])}")
    return code


if __name__ == "__main__":
    sys.exit(main())
