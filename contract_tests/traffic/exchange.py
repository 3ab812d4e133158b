"""One request and its answer, as seen on the wire: what the proxy forwards, what a HAR entry
records, what a drift replay sends."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

NOT_RECORDED = b"\0not recorded"  # a HAR may leave a body out: nothing to check there
Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Exchange:
    method: str
    url: str  # as sent, path percent-encoded
    request_headers: Headers = ()
    request_body: bytes = b""
    status: int = 0
    response_headers: Headers = ()
    response_body: bytes = b""
    started: str = ""  # RFC 3339, for reports
    duration_ms: float = 0.0
    source: str = ""  # where it came from: "proxy", "file.har#12", ...

    @property
    def path(self) -> str:
        return urlsplit(self.url).path or "/"

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.url).query, keep_blank_values=True))

    def header(self, name: str, response: bool = False) -> str | None:
        headers = self.response_headers if response else self.request_headers
        return next((v for k, v in headers if k.lower() == name.lower()), None)

    def request_json(self) -> Any:
        return _json(self.request_body)

    def response_json(self) -> Any:
        return _json(self.response_body)


class NotJson:
    """A body that is there but is not JSON (or was not recorded)."""


NOT_JSON = NotJson()


def _json(raw: bytes) -> Any:
    if raw == NOT_RECORDED:
        return NOT_JSON
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return NOT_JSON
