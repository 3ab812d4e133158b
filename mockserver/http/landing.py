"""GET /: a small page for whoever opens the mock's address in a browser, linking what is here.
Outside the contract, which has no operation at /."""

from __future__ import annotations

from starlette.responses import HTMLResponse, Response

from mockserver.http.errors import MethodNotAllowed
from mockserver.http.problems import problem_for

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Leadping mock</title><link rel="icon" href="data:,">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .2em}</style></head>
<body>
<h1>Leadping phone-numbers mock</h1>
<p>A stateful, seeded mock of the Leadping phone-numbers API.</p>
<ul>
<li><a href="/ui/">Swagger UI</a>: try the operations (and the admin API, second definition)</li>
<li><a href="/openapi.json">/openapi.json</a>: the contract, exactly as in openapi.yaml</li>
<li><a href="/__admin/ui/">Dashboard</a>: the world, its traffic live, and a selection to try</li>
<li><a href="/__admin/">/__admin/</a>: the world (scenario, seed, clock) and the admin API</li>
<li><a href="/__admin/requests">/__admin/requests</a>: what your app sent, newest last</li>
<li><a href="/__health">/__health</a>: 200 while the mock can answer</li>
</ul>
<p>Per request: <code>Prefer: code=404</code>, <code>Prefer: delay=1500</code>,
<code>Prefer: scenario=empty</code>.</p>
</body>
</html>
"""


def landing(method: str) -> Response:
    if method not in ("GET", "HEAD"):
        return problem_for(MethodNotAllowed(method, "/", ["GET", "HEAD"]))
    return HTMLResponse(PAGE)
