"""A real browser on another localhost origin calls the mock with fetch (a POST with a JSON body):
allowed by default, refused when origins are restricted."""

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


def page_from_another_origin(mock_url: str) -> Starlette:
    async def page(_request: Request) -> HTMLResponse:
        return HTMLResponse(PAGE.format(mock=mock_url))

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
