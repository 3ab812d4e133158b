"""The proxy between real processes: clients get the upstream's bytes unchanged while every
broken rule is reported; what the upstream lacks the mock answers; invalid requests can be
refused; reports are complete after SIGTERM and hold no secret."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from contract_tests.target import serve
from tests.stores.servers import mock_process
from tests.traffic.processes import proxy_process

SELECT = "/phone-numbers/outgoing/new"
OVERRIDE = "/phone-numbers/outgoing/manual-override"
SECRET = "Bearer pr0xy-s3cret"


def findings(report_dir: Path) -> list[dict[str, object]]:
    lines = (report_dir / "findings.ndjson").read_text().splitlines()
    return [json.loads(line) for line in lines if line]


def test_the_client_gets_the_upstreams_bytes_and_every_broken_rule_is_reported(
    tmp_path: Path,
) -> None:
    faults = ("--fault", "two-selected,clear-does-not-clear")
    with mock_process(*faults) as upstream, proxy_process(upstream, tmp_path) as proxy:
        auth = {"authorization": SECRET}
        status = "/phone-numbers/%2B13034542945/status?windowDays=7"
        direct = httpx.get(upstream + status).content
        assert httpx.get(proxy + status, headers=auth).content == direct
        direct_pick = httpx.post(upstream + SELECT, json={"teamId": "team_0001"})
        through = httpx.post(proxy + SELECT, json={"teamId": "team_0001"}, headers=auth)
        assert (through.status_code, through.content) == (200, direct_pick.content)
        for name in ("date", "server"):
            assert len(through.headers.get_list(name)) == 1, f"the upstream's {name}, once"
        talk = {"conversationId": "proxied-1"}
        httpx.post(proxy + SELECT, json=talk)
        pin = {"fromPhoneNumberId": "pn_0013", "selection": talk}
        assert httpx.post(proxy + OVERRIDE, json=pin).status_code == 200
        httpx.delete(proxy + "/phone-numbers/outgoing/conversation/proxied-1/override")
        refused = httpx.post(proxy + "/phone-numbers", json={"name": ""})
        assert refused.status_code == 400, "forwarded, and the upstream's own answer passed on"
        report = httpx.get(proxy + "/__proxy/report").json()
    rules = {f["rule"] for f in findings(tmp_path)}
    assert {"one_number_selected_iff_can_send", "manual_override_means_overridden",
            "request-schema"} <= rules  # fmt: skip
    assert report["audited"] >= 6
    suite = ElementTree.parse(tmp_path / "junit.xml").getroot()
    assert int(suite.get("failures", "0")) == len(findings(tmp_path))
    har = json.loads((tmp_path / "traffic.har").read_text())
    assert len(har["log"]["entries"]) == 6, "every exchange, written whole at SIGTERM"
    for path in tmp_path.iterdir():
        assert "pr0xy-s3cret" not in path.read_text(errors="replace"), path.name
    assert "one_number_selected_iff_can_send" in (tmp_path / "summary.md").read_text()


def test_a_pin_the_upstream_forgets_is_caught_on_the_live_sequence(tmp_path: Path) -> None:
    with (
        mock_process("--fault", "override-ignored") as upstream,
        proxy_process(upstream, tmp_path) as proxy,
    ):
        talk = {"conversationId": "forgotten"}
        httpx.post(proxy + SELECT, json=talk)
        httpx.post(proxy + OVERRIDE, json={"fromPhoneNumberId": "pn_0013", "selection": talk})
        httpx.post(proxy + SELECT, json=talk)
    assert "pinned_conversation_answers_its_pin" in {f["rule"] for f in findings(tmp_path)}


def staging_without_status() -> Starlette:
    """A deployment that has the selection but not yet the status operation."""

    async def select(_request: Request) -> Response:
        return JSONResponse({"from": "staging"})

    async def missing(_request: Request, _error: Exception) -> Response:
        return PlainTextResponse("", status_code=404)  # a router's miss: no problem body

    return Starlette(
        routes=[Route(SELECT, select, methods=["POST"])], exception_handlers={404: missing}
    )


def test_what_the_upstream_lacks_the_mock_answers(tmp_path: Path) -> None:
    with (
        serve(staging_without_status()) as staging,
        proxy_process(staging, tmp_path, "--fallback", "mock") as proxy,
    ):
        status = httpx.get(proxy + "/phone-numbers/%2B13034542945/status")
        assert status.status_code == 200
        assert status.json()["number"] == "+13034542945", "the mock's world answered"
        assert httpx.post(proxy + SELECT, json={}).json() == {"from": "staging"}
        unknown = httpx.get(proxy + "/not/the/contract")
        assert unknown.status_code == 404, "not the contract's: nothing to fall back to"


def test_mock_operations_and_rejected_requests(tmp_path: Path) -> None:
    with mock_process() as upstream:
        args = ("--fallback", "mock", "--mock-operations", "createPhoneNumber",
                "--on-invalid-request", "reject", "--report-header")  # fmt: skip
        with proxy_process(upstream, tmp_path, *args) as proxy:
            refused = httpx.post(proxy + SELECT, json={"channel": "fax"})
            assert refused.status_code == 400
            assert refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["errors"][0]["rule"] == "request-schema"
            created = httpx.post(
                proxy + "/phone-numbers", json={"name": "x", "number": "+15125550666"}
            )
            assert created.status_code == 201
            assert created.headers["x-leadping-findings"] == "0"
        journal = httpx.get(upstream + "/__admin/journal").json()["entries"]
    paths = [(e["method"], e["path"]) for e in journal]
    assert ("POST", SELECT) not in paths, "the invalid request was not forwarded"
    assert ("POST", "/phone-numbers") not in paths, "the mock answered the create"


def test_a_rate_limit_answers_429(tmp_path: Path) -> None:
    with (
        mock_process() as upstream,
        proxy_process(upstream, tmp_path, "--rate-limit", "2") as proxy,
    ):
        statuses = [httpx.post(proxy + SELECT, json={}).status_code for _ in range(8)]
    assert 429 in statuses
    assert 200 in statuses


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--host", "0.0.0.0"), "set a token"), (("--upstream", "ftp://x"), "expected an http(s)"),
     (("--mock-operations", "getPhoneNumberStatus"), "needs --fallback mock"),
     (("--fallback", "mock", "--mock-operations", "nope"), "no operation 'nope'")],
)  # fmt: skip
def test_bad_options_are_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    command = [
        sys.executable,
        "-m",
        "contract_tests.proxy.cli",
        "--upstream",
        "http://127.0.0.1:9",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert message in lines[0]
