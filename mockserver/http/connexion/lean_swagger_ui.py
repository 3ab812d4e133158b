"""Connexion's Swagger UI layer, entered only by requests for its own paths.

Connexion's layer sends every request through two Starlette routers (a mount per API and the
UI's routes) before handing the miss to the next layer: ~10 µs of every contract call
(docs/performance.md). This subclass notes the paths the UI serves when an API is added and
sends any other request straight on.
"""

from __future__ import annotations

import typing as t

from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from starlette.routing import Mount
from starlette.types import Receive, Scope, Send


class LeanSwaggerUIMiddleware(SwaggerUIMiddleware):
    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        # Where the UI and the served contract live, as path prefixes ("/ui", "/openapi.json").
        self.ui_paths: list[str] = []

    def add_api(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().add_api(*args, **kwargs)
        mount = self.router.routes[-1]  # what Connexion's add_api has just mounted
        assert isinstance(mount, Mount)
        for route in mount.routes:
            path = getattr(route, "path", "")
            self.ui_paths.append((mount.path + path).rstrip("/") or "/")

    def serves(self, path: str) -> bool:
        return any(
            path == prefix or path.startswith(prefix.rstrip("/") + "/") for prefix in self.ui_paths
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Behind a root path Starlette's routing rewrites paths: leave that to Connexion's router.
        elsewhere = not scope.get("root_path") and not self.serves(scope.get("path", ""))
        if scope["type"] == "http" and elsewhere:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
