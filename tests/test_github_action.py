"""The GitHub Action (action.yml) as a job would run it: its run step, expressions filled in
from the inputs, against a local mock, with GITHUB_STEP_SUMMARY and GITHUB_OUTPUT as files."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests import github_action
from contract_tests.github_action import ActionInputs, InputError
from contract_tests.target import local_mock
from mockserver.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")
QUICK = "--max-examples 1 --phases examples"

pytestmark = pytest.mark.slow


def step(step_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [s for s in ACTION["runs"]["steps"] if s.get("id") == step_id]
    (only,) = found
    return only


def expand(text: str, inputs: dict[str, str]) -> str:
    """GitHub's expressions in the step, as a runner fills them in; any other is a test failure."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("inputs."):
            key = name.removeprefix("inputs.")
            return inputs.get(key, str(ACTION["inputs"][key].get("default", "")))
        if name == "steps.install.outputs.python":
            return sys.executable  # the install step's venv: here, this one
        raise AssertionError(f"the test does not know the expression {name}")

    return EXPRESSION.sub(value, text)


def run_step(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], str, str]:
    """The action's `run` step; (the process, the job summary, the step's outputs)."""
    given = {k.replace("_", "-"): v for k, v in inputs.items()}
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
    env.pop("LEADPING_API_TOKEN", None)
    env |= {k: expand(str(v), given) for k, v in step("run")["env"].items()}
    env |= {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}
    done = subprocess.run(
        ["bash", "-c", expand(step("run")["run"], given)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    read = [p.read_text() if p.exists() else "" for p in (summary, output)]
    return done, read[0], read[1]


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with local_mock(Settings()) as url:
        yield url


def test_the_action_installs_the_kit_from_its_own_path_and_uploads_the_reports() -> None:
    assert {"base-url", "token", "token-env", "allow-writes", "min-coverage", "report-dir"} <= set(
        ACTION["inputs"]
    )
    install = step("install")
    assert install["env"]["KIT"] == "${{ github.action_path }}"
    assert '"$KIT[contract]"' in install["run"]
    (upload,) = [s for s in ACTION["runs"]["steps"] if "upload-artifact" in s.get("uses", "")]
    assert upload["if"] == "always()", "the reports of a failed run are the ones wanted"
    assert upload["with"]["path"] == "${{ inputs.report-dir }}"


def test_a_passing_run_puts_the_verdict_and_the_coverage_in_the_job_summary(
    mock_url: str, tmp_path: Path
) -> None:
    done, summary, output = run_step(
        tmp_path,
        base_url=mock_url,
        token="s3cret-token",
        # The mock takes any token or none (K20): that check is for a real deployment.
        args=f"{QUICK} --no-auth-check",
        report_dir="out",
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert summary.startswith("## Leadping contract tests passed")
    assert "## Contract coverage" in summary
    assert "| getPhoneNumberStatus |" in summary
    assert "exit-code=0\n" in output
    assert re.search(r"^coverage=\d+(\.\d+)?$", output, re.M)
    assert list((tmp_path / "out").glob("junit-*.xml"))
    assert "::add-mask::s3cret-token" in done.stdout
    assert "s3cret-token" not in summary
    for report in (tmp_path / "out").iterdir():
        assert "s3cret-token" not in report.read_text(errors="replace"), report.name


def test_a_coverage_gate_that_cannot_be_met_fails_the_step_and_says_so(
    mock_url: str, tmp_path: Path
) -> None:
    done, summary, output = run_step(
        tmp_path,
        base_url=mock_url,
        min_coverage="100",
        args=f"{QUICK} --operation getPhoneNumberStatus",
    )
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert summary.startswith("## Leadping contract tests failed")
    assert "--min-coverage 100; never seen: getPhoneNumberStatus 400" in summary
    assert "## Contract coverage" in summary
    assert "exit-code=1\n" in output
    assert "::error title=leadping-contract::failed" in done.stdout
    assert "--min-coverage 100" in done.stderr
    assert list((tmp_path / "reports" / "contract").glob("junit-*.xml"))


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "base-url: required"),
        ({"INPUT_BASE_URL": "http://x", "INPUT_ALLOW_WRITES": "yes"}, "allow-writes: expected"),
        ({"INPUT_BASE_URL": "http://x", "INPUT_ARGS": "--seed '1"}, "args: No closing quotation"),
        # NaN passed every run (no comparison with it is true); past 100 or below 0, no gate.
        *(
            (
                {"INPUT_BASE_URL": "http://x", "INPUT_MIN_COVERAGE": bad},
                f"min-coverage: expected a percentage from 0 to 100, e.g. 80; got '{bad}'",
            )
            for bad in ("abc", "150", "-1", "nan", "inf", "80%")
        ),
        # os.environ refused the name with a traceback; add-mask hid a token's first line only.
        ({"INPUT_BASE_URL": "http://x", "INPUT_TOKEN_ENV": "A=B"}, "token-env: expected an env"),
        (
            {"INPUT_BASE_URL": "http://x", "INPUT_TOKEN": "first\nsecond"},
            "token: expected one line",
        ),
    ],
)
def test_an_unusable_input_is_named(environ: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message) as raised:
        ActionInputs.from_env(environ)
    assert "second" not in str(raised.value), "a token is never quoted"


def test_the_inputs_become_the_suites_options() -> None:
    inputs = ActionInputs.from_env(
        {
            "INPUT_BASE_URL": "https://staging.example.com",
            "INPUT_ALLOW_WRITES": "true",
            "INPUT_MIN_COVERAGE": "70",
            "INPUT_ARGS": "--max-time 600 --require-status getPhoneNumberStatus:200",
        }
    )
    assert inputs.argv() == [
        "--base-url", "https://staging.example.com", "--report-dir", "reports/contract",
        "--token-env", "LEADPING_API_TOKEN", "--allow-writes", "--min-coverage", "70",
        "--max-time", "600", "--require-status", "getPhoneNumberStatus:200",
    ]  # fmt: skip


def test_a_run_that_could_not_start_shows_no_earlier_runs_coverage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report folder kept from an earlier job (a self-hosted runner's workspace): its
    coverage was shown, and set as the step's output, as if this run had measured it."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "coverage.md").write_text("## Contract coverage\n\n| an earlier run |\n")
    (reports / "coverage.json").write_text('{"coverage": {"percent": 97.5}}')
    an_hour_ago = time.time() - 3600
    for name in ("coverage.md", "coverage.json"):
        os.utime(reports / name, (an_hour_ago, an_hour_ago))
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    for name, value in {"INPUT_BASE_URL": f"http://127.0.0.1:{closed}",
                        "INPUT_REPORT_DIR": str(reports), "GITHUB_STEP_SUMMARY": str(summary),
                        "GITHUB_OUTPUT": str(output)}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    assert github_action.main() == 2
    capsys.readouterr()
    assert summary.read_text().startswith("## Leadping contract tests could not run")
    assert "an earlier run" not in summary.read_text()
    assert output.read_text() == "exit-code=2\ncoverage=\n"
