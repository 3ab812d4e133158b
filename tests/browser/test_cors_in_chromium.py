"""A real browser on another localhost origin calls the mock with fetch (a POST with a JSON body):
allowed by default, with the headers real apps send (OpenTelemetry, Sentry, X-Requested-With)
and credentials; refused when origins or headers are restricted."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from contract_tests.target import local_mock, serve
from mockserver.settings import Settings

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("chromium is missing in CI: make test installs it (scripts/ensure-apt)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

PAGE = """<!doctype html><html><body><p id="result">pending</p><script>
fetch("{mock}/phone-numbers/outgoing/new", {{
  method: "POST", headers: {{"Content-Type": "application/json"}}, body: JSON.stringify({{}})
}}).then(r => r.json()).then(j => {{ result.textContent = "ok canSend=" + j.canSend; }})
   .catch(e => {{ result.textContent = "refused " + e; }});
</script></body></html>"""


# What a page with tracing and error reporting sends, with cookies included.
TRACED_PAGE = """<!doctype html><html><body><p id="result">pending</p><script>
fetch("{mock}/phone-numbers/outgoing/new", {{
  method: "POST", credentials: "include",
  headers: {{"Content-Type": "application/json", "Prefer": "delay=1",
    "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "tracestate": "rojo=00f067aa0ba902b7", "baggage": "userId=alice",
    "sentry-trace": "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
    "X-Requested-With": "XMLHttpRequest"}},
  body: JSON.stringify({{}})
}}).then(r => r.json().then(j => {{
  const applied = r.headers.get("Preference-Applied");
  result.textContent = "ok canSend=" + j.canSend + " applied=" + applied;
}})).catch(e => {{ result.textContent = "refused " + e; }});
</script></body></html>"""


def page_from_another_origin(mock_url: str, page_text: str = PAGE) -> Starlette:
    async def page(_request: Request) -> HTMLResponse:
        return HTMLResponse(page_text.format(mock=mock_url))

    return Starlette(routes=[Route("/", page)])


def rendered(url: str, profile: Path) -> str:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=10000",
        "--dump-dom",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    return done.stdout


def test_fetch_from_a_localhost_origin_succeeds(tmp_path: Path) -> None:
    with local_mock(Settings()) as mock, serve(page_from_another_origin(mock)) as page:
        assert mock.rsplit(":", 1)[1] != page.rsplit(":", 1)[1], "two origins"
        dom = rendered(page, tmp_path)
    assert "ok canSend=true" in dom, dom


def test_fetch_from_a_disallowed_origin_is_refused(tmp_path: Path) -> None:
    with (
        local_mock(Settings(cors_origins="https://app.example.com")) as mock,
        serve(page_from_another_origin(mock)) as page,
    ):
        dom = rendered(page, tmp_path)
    assert "refused TypeError" in dom, dom


def test_fetch_with_tracing_headers_and_credentials_succeeds(tmp_path: Path) -> None:
    with local_mock(Settings()) as mock, serve(page_from_another_origin(mock, TRACED_PAGE)) as page:
        dom = rendered(page, tmp_path)
    assert "ok canSend=true applied=delay=1" in dom, dom


def test_fetch_with_a_header_outside_a_restricted_list_is_refused(tmp_path: Path) -> None:
    settings = Settings(cors_headers="traceparent,tracestate,baggage")
    with local_mock(settings) as mock, serve(page_from_another_origin(mock, TRACED_PAGE)) as page:
        dom = rendered(page, tmp_path)
    assert "refused TypeError" in dom, dom
