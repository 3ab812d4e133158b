"""Connexion's routing, with each method and path routed once (decision P42).

Connexion routes every request through Starlette routers: a mount per API, then each operation's
path pattern in turn, to the operation that attaches its id and path parameters to the scope.
For one method and path the answer is the same every time, so this subclass notes what
Connexion's router attached when it routed a request to an operation, and attaches the same to
the next request for that method and path without walking the routers again. What no operation
matched, and anything behind a root path, is routed by Connexion every time.
"""

from __future__ import annotations

import typing as t

from connexion.middleware.abstract import ROUTING_CONTEXT
from connexion.middleware.routing import RoutingAPI, RoutingMiddleware
from connexion.spec import Specification
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

# Routed methods and paths remembered; past it they are all forgotten (a fuzzer's new paths).
REMEMBERED_ROUTES = 4096

Routed = tuple[dict[str, t.Any], dict[str, t.Any]]  # path parameters, routing context


class LeanRoutingMiddleware(RoutingMiddleware):
    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self._routed: dict[tuple[str, str], Routed] = {}

    def add_api(
        self,
        specification: Specification,
        base_path: str | None = None,
        arguments: dict[str, t.Any] | None = None,
        **kwargs: t.Any,
    ) -> None:
        # Connexion's own add_api, with each operation's next app the step that notes its route.
        api = RoutingAPI(
            specification, base_path=base_path, arguments=arguments, next_app=self._noted, **kwargs
        )
        for route in self.router.routes:
            if isinstance(route, Mount) and route.path == api.base_path:
                route.app.default = api.router  # type: ignore[attr-defined]
        self.router.mount(api.base_path, app=api.router)

    async def _noted(self, scope: Scope, receive: Receive, send: Send) -> None:
        """What Connexion's router attached on its way to an operation, noted for next time."""
        context = scope.get("extensions", {}).get(ROUTING_CONTEXT, {})
        if context.get("operation_id") is not None and not scope.get("root_path"):
            if len(self._routed) >= REMEMBERED_ROUTES:
                self._routed.clear()  # as domain/memo.py: simpler than LRU, refilling is cheap
            routed = (dict(scope.get("path_params", {})), dict(context))
            self._routed[(scope["method"], scope["path"])] = routed
        await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        known = None
        if scope["type"] == "http" and not scope.get("root_path"):
            known = self._routed.get((scope["method"], scope["path"]))
        if known is None:
            await super().__call__(scope, receive, send)
            return
        # As Connexion's RoutingOperation attaches them: onto a copy of the scope, the path
        # parameters merged, the routing context in the scope's extensions.
        path_params, context = known
        routed = dict(scope)
        routed.setdefault("path_params", {}).update(path_params)
        routed.setdefault("extensions", {}).setdefault(ROUTING_CONTEXT, {}).update(context)
        await self.app(routed, receive, send)
