"""Which world a request is for: `X-Mock-World: alice` or `Prefer: world=alice` (either, or both
when they agree), the main world when neither is sent. Runs for the admin API too, so a test
resets, exports or verifies its own world."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.http.admin.guard import token_given
from mockserver.http.errors import AdminTokenMissing, PreferenceError
from mockserver.http.preferences import parse_prefer
from mockserver.http.problems import problem_for
from mockserver.http.recorder import PREFER_KEY, WORLD_KEY
from mockserver.worlds.named_worlds import WORLD_NAME

HEADER = "x-mock-world"


def chosen_world(headers: Headers, prefer: dict[str, str]) -> str:
    """The world named by the request's headers (`prefer`: its Prefer header, parsed), "" for
    the main one; PreferenceError (a 400 about the header) for a name that cannot be one, or
    two headers that disagree."""
    by_header = headers.get(HEADER)
    by_prefer = prefer.get("world")
    if by_header is not None and by_prefer is not None and by_header != by_prefer:
        raise PreferenceError(
            f"X-Mock-World {by_header[:64]!r} and Prefer: world={by_prefer[:64]!r} name two "
            "worlds; send one of them",
            rule="world",
            header="X-Mock-World",
        )
    name = by_header if by_header is not None else by_prefer
    if name is None:
        return ""
    if not WORLD_NAME.match(name):
        raise PreferenceError(
            f"world: expected a name of letters, digits, '.', '_' or '-' (1-64, starting with a "
            f"letter or digit), got {name[:64]!r}",
            rule="world",
            header="X-Mock-World" if by_header is not None else "Prefer",
        )
    return name


class WorldChoice:
    def __init__(self, app: ASGIApp, admin_token: str = "") -> None:
        self.app = app
        # With a token set (a mock others can reach), a named world is an admin power: anyone
        # could otherwise cycle names and push every test's world out.
        self.admin_token = admin_token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            # Parsed once here for the request controls inside too.
            prefer = scope[PREFER_KEY] = parse_prefer(headers.getlist("prefer"))
            try:
                world = chosen_world(headers, prefer)
            except PreferenceError as error:
                await problem_for(error)(scope, receive, send)
                return
            if world and self.admin_token and not token_given(headers, self.admin_token):
                await problem_for(AdminTokenMissing())(scope, receive, send)
                return
            scope[WORLD_KEY] = world
        await self.app(scope, receive, send)
