"""Who may drive the admin API: only this machine's own pages and tools by default.

A browser sends any page's no-preflight POST (text/plain, form bodies) to a developer's mock, and
a DNS-rebinding page reaches it under a name of its own; so admin requests must come with a
loopback (or configured) Host, no foreign Origin, the admin token when one is set, and writes
labelled as what they carry.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from starlette.datastructures import Headers

from mockserver.http.errors import AdminBodyType, AdminForbidden, AdminTokenMissing, EdgeError

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
# Any port of localhost, 127.0.0.1 or [::1]: where a frontend developer's dev server runs.
LOCALHOST_ORIGINS = r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$"


@dataclass(frozen=True)
class AdminAccess:
    token: str = ""
    # Host names besides loopback the admin API answers on (the address it serves, say).
    hosts: frozenset[str] = frozenset()
    # Browser origins allowed; none listed means any localhost origin (as CORS).
    origins: tuple[str, ...] = ()

    def origin_allowed(self, origin: str) -> bool:
        if self.origins:
            return origin in self.origins
        return re.match(LOCALHOST_ORIGINS, origin) is not None

    def refusal(self, headers: Headers, *, token_needed: bool = True) -> EdgeError | None:
        """Why this request may not use the admin API, or None. The dashboard's own files need
        no token (`token_needed` False: a browser cannot send one when it opens a page, and they
        hold no data); every call they make for data does."""
        host_header = headers.get("host", "").strip().lower()
        host = _host_name(host_header)
        if host not in LOOPBACK_NAMES and host not in self.hosts:
            return AdminForbidden(
                f"The admin API answers only on loopback host names, not {host[:64]!r}; "
                "list others with --admin-hosts."
            )
        origin = headers.get("origin")
        # The mock's own pages (the dashboard) are of the origin the Host names; that Host has
        # passed the loopback check above, so a rebinding page never gets this far.
        same_origin = origin is not None and origin.lower().partition("://")[2] == host_header
        if origin is not None and not same_origin and not self.origin_allowed(origin):
            return AdminForbidden(
                f"The admin API takes no requests from pages of {origin[:80]!r}; allow an origin "
                "with --cors-origins."
            )
        if token_needed and self.token and not token_given(headers, self.token):
            return AdminTokenMissing()
        return None


def token_given(headers: Headers, token: str) -> bool:
    """The admin token as `Authorization: Bearer <token>` or `X-Admin-Token: <token>`."""
    expected = token.encode()
    bearer = headers.get("authorization", "")
    given = bearer[7:] if bearer[:7].lower() == "bearer " else headers.get("x-admin-token", "")
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected)


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def body_type_refusal(
    path: str, headers: Headers, accepted: tuple[str, ...], body: bytes
) -> EdgeError | None:
    """A write with a body must say it is one of `accepted` (a bare POST carries none)."""
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    if not body.strip() and not media:
        return None
    if media not in accepted:
        return AdminBodyType(path, accepted, media)
    return None
