"""The ceiling: bare Starlette answering the benchmarked operations with canned bytes of the
same size as the mock's answers (files named by BENCH_SELECTION_BODY and BENCH_STATUS_BODY)."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def create_app() -> Starlette:
    selection = Path(os.environ["BENCH_SELECTION_BODY"]).read_bytes()
    status = Path(os.environ["BENCH_STATUS_BODY"]).read_bytes()

    async def select(request: Request) -> Response:
        await request.body()
        return Response(selection, media_type="application/json")

    async def number_status(_request: Request) -> Response:
        return Response(status, media_type="application/json")

    return Starlette(
        routes=[
            Route("/phone-numbers/outgoing/new", select, methods=["POST"]),
            Route("/phone-numbers/{phoneNumber}/status", number_status, methods=["GET"]),
        ]
    )
