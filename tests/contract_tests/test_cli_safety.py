"""leadping-contract against live targets: exit codes, secrets kept out of reports, writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contract_tests.target import local_mock, serve
from mockserver.faults.catalogue import FAULTS
from mockserver.settings import Settings

SECRET = "s3cr3t-token-do-not-leak"


def contract(*args: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LEADPING_API_TOKEN"}
    if token:
        env["LEADPING_API_TOKEN"] = token
    command = [sys.executable, "-m", "contract_tests.cli", *args]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_unreachable_url_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = contract("--base-url", "http://127.0.0.1:9", "--report-dir", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.startswith("leadping-contract: cannot reach http://127.0.0.1:9")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_refused_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    def guarded(request: Request) -> JSONResponse:
        if request.headers.get("authorization") != "Bearer right":
            return JSONResponse({"title": "Unauthorized"}, status_code=401)
        return JSONResponse({})

    app = Starlette(routes=[Route("/{path:path}", guarded)])
    with serve(app) as url:
        done = contract("--base-url", url, "--report-dir", str(tmp_path), token="wrong")
    assert done.returncode == 2
    assert "refused the credentials (401)" in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_header_option_is_a_usage_error(tmp_path: Path) -> None:
    done = contract("--header", "no-colon", "--report-dir", str(tmp_path))
    assert done.returncode == 2
    assert "expected 'Name: value'" in done.stderr


def test_the_token_never_reaches_output_or_reports(tmp_path: Path) -> None:
    with local_mock(Settings(faults="two-selected")) as url:
        done = contract(
            "--base-url", url, "--max-examples", "5", "--report-dir", str(tmp_path), token=SECRET
        )
    assert done.returncode == 1, "a failing run writes the most (failures, curl lines)"
    assert SECRET not in done.stdout + done.stderr
    for report in tmp_path.iterdir():
        assert SECRET not in report.read_text(errors="replace"), report.name
    # Not vacuous: the requests carried the token, masked in the report. Those without one are
    # the authentication checks', which a token turns on (decision K21): the mock takes any.
    har = json.loads(next(tmp_path.glob("har-*.json")).read_text())
    sent = [
        {h["value"] for h in entry["request"]["headers"] if h["name"].lower() == "authorization"}
        for entry in har["log"]["entries"]
    ]
    assert sum(values == {"[Filtered]"} for values in sent) > len(sent) / 2
    assert all(values in ({"[Filtered]"}, set()) for values in sent)
    assert "API accepts requests without authentication" in done.stdout


def _created_in_har(report_dir: Path) -> list[dict[str, object]]:
    har = json.loads(next(report_dir.glob("har-*.json")).read_text())
    return [
        e
        for e in har["log"]["entries"]
        if e["request"]["method"] == "POST" and e["request"]["url"].endswith("/phone-numbers")
    ]


def test_no_writes_by_default(tmp_path: Path) -> None:
    with local_mock(Settings()) as url:
        done = contract("--base-url", url, "--max-examples", "5", "--report-dir", str(tmp_path))
    assert done.returncode == 0, done.stdout
    har = json.loads(next(tmp_path.glob("har-*.json")).read_text())
    assert har["log"]["entries"], "the run did send requests"
    assert _created_in_har(tmp_path) == []
    assert not (tmp_path / "created.json").exists()


def test_allowed_writes_are_tagged_and_listed(tmp_path: Path) -> None:
    with local_mock(Settings()) as url:
        done = contract(
            "--base-url",
            url,
            "--allow-writes",
            "--max-examples",
            "5",
            "--report-dir",
            str(tmp_path),
        )
    assert done.returncode == 0, done.stdout
    created = json.loads((tmp_path / "created.json").read_text())
    assert created, "the run created numbers"
    assert all(entry["number"].startswith("+") for entry in created)
    tagged = [
        e
        for e in _created_in_har(tmp_path)
        if e["response"]["status"] == 201  # type: ignore[index]
    ]
    assert tagged
    for entry in tagged:
        name = json.loads(entry["request"]["postData"]["text"])["name"]  # type: ignore[index]
        assert name.startswith("[contract-test "), name


def test_baseline_fails_only_on_new_failures(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    seen_on = sorted(
        {*FAULTS["two-selected"].operations, *FAULTS["clear-does-not-clear"].operations}
    )
    run = (
        "--max-examples",
        "5",
        # Only the operations the two faults are seen on (all five: 34 s for the test, not 24).
        *(arg for op in seen_on for arg in ("--operation", op)),
        "--report-dir",
        str(tmp_path / "reports"),
        "--baseline",
        str(baseline),
    )
    with local_mock(Settings(faults="two-selected")) as url:
        recorded = contract("--base-url", url, *run, "--baseline-update")
        # The same world for the second run: the first one's selections made conversations sticky.
        httpx.post(url + "/__admin/reset").raise_for_status()
        accepted = contract("--base-url", url, *run)
    with local_mock(Settings(faults="two-selected,clear-does-not-clear")) as url:
        new = contract("--base-url", url, *run)
    assert recorded.returncode == 1
    assert baseline.exists()
    assert accepted.returncode == 0, accepted.stdout
    assert new.returncode == 1, new.stdout
    assert "clear_removes_override" in new.stdout
