"""A page in headless Chromium calls the API through the proxy; the HAR the browser recorded is
audited like any other: the upstream's broken rule found, the page's own requests skipped."""

from __future__ import annotations

import json
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from contract_tests.cli import main
from contract_tests.target import serve
from tests.browser.playwright import browse, require_browser
from tests.stores.servers import mock_process
from tests.traffic.processes import proxy_process

PAGE = """<!doctype html><html><body><p id="result">pending</p><script>
const api = "{api}";
(async () => {{
  const picked = await fetch(api + "/phone-numbers/outgoing/new", {{
    method: "POST", headers: {{"Content-Type": "application/json"}}, body: "{{}}"}});
  const selection = await picked.json();
  const number = encodeURIComponent(selection.number);
  const status = await fetch(api + "/phone-numbers/" + number + "/status");
  result.textContent = "done " + picked.status + " " + status.status;
}})().catch(e => {{ result.textContent = "failed " + e; }});
</script></body></html>"""


def app_page(api: str) -> Starlette:
    async def page(_request: Request) -> HTMLResponse:
        return HTMLResponse(PAGE.format(api=api))

    async def no_icon(_request: Request) -> Response:
        return Response(status_code=204)

    return Starlette(routes=[Route("/", page), Route("/favicon.ico", no_icon)])


def test_a_har_recorded_by_chromium_through_the_proxy_is_audited(tmp_path: Path) -> None:
    require_browser()
    har = tmp_path / "browser.har"
    with (
        mock_process("--fault", "two-selected") as upstream,
        proxy_process(upstream, tmp_path / "proxy") as proxy,
        serve(app_page(proxy)) as page,
    ):
        plan = {"url": page, "har": str(har), "steps": [{"waitForText": ["#result", "done"]}]}
        seen = browse(plan, tmp_path)
    assert seen["ok"], seen
    assert seen["console"] == []
    assert main(["audit", str(har), "--report-dir", str(tmp_path / "audit")]) == 1
    findings = (tmp_path / "audit" / "findings.ndjson").read_text().splitlines()
    assert "one_number_selected_iff_can_send" in {json.loads(f)["rule"] for f in findings}
    summary = (tmp_path / "audit" / "summary.md").read_text()
    assert "2 exchange(s) of the contract checked" in summary
    proxied = (tmp_path / "proxy" / "findings.ndjson").read_text()
    assert "one_number_selected_iff_can_send" in proxied, "the proxy saw it live too"
