"""GET /__admin/ui/: the dashboard, three files served from the package (no build step, no CDN,
nothing fetched from elsewhere). It holds no data: its script reads and drives the world through
the admin API with the token the user types, so the token rules are the admin API's own."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from starlette.responses import JSONResponse, RedirectResponse, Response

from mockserver.http.errors import MethodNotAllowed, NothingHere
from mockserver.http.problems import problem_for

PATH = "/ui"
FILES = {
    "": ("index.html", "text/html; charset=utf-8"),
    "dashboard.js": ("dashboard.js", "text/javascript; charset=utf-8"),
    "dashboard.css": ("dashboard.css", "text/css; charset=utf-8"),
}
# Only the page's own script and style run, and it talks to nothing but this mock: whatever a
# request body in the log holds, it is shown as text and cannot run (decision U3).
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def is_dashboard(path: str) -> bool:
    """`path` relative to /__admin."""
    return path == PATH or path.startswith(PATH + "/")


@cache
def _file(name: str) -> bytes:
    return (files("mockserver.http.admin") / "ui" / name).read_bytes()


def dashboard(path: str, method: str, full_path: str, token_required: bool) -> Response:
    """The answer to `path` (relative to /__admin) under /ui. access.json tells the page whether
    to ask for the token before its first call (a refused call would be an error in its
    console); it says only that a token is set, which any admin call says too."""
    if method not in ("GET", "HEAD"):
        return problem_for(MethodNotAllowed(method, full_path, ["GET", "HEAD"]))
    if path == PATH:
        return RedirectResponse("ui/", status_code=308)  # relative: the page's links stay so
    if path == PATH + "/access.json":
        return JSONResponse({"tokenRequired": token_required}, headers=HEADERS)
    found = FILES.get(path.removeprefix(PATH + "/"))
    if found is None:
        return problem_for(NothingHere(f"{full_path[:100]}; the dashboard is at /__admin/ui/"))
    name, media_type = found
    return Response(_file(name), media_type=media_type, headers=HEADERS)
