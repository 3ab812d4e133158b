"""The proxy's settings, from its command line: typed, checked once, defaults here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)


class ProxyConfigError(ValueError):
    """An option the proxy cannot run with; the message names it."""


@dataclass(frozen=True)
class ProxyConfig:
    upstream: str
    host: str = "127.0.0.1"
    port: int = 8090
    report_dir: Path = Path("reports/proxy")
    # forward: pass an invalid request on (and report it); reject: answer the contract's 400.
    on_invalid_request: str = "forward"
    # Add X-Leadping-Findings to answers (the answer then waits for its checks).
    report_header: bool = False
    # Operations answered by the kit's mock when the upstream lacks them (404/405/501).
    fallback_mock: bool = False
    mock_operations: frozenset[str] = field(default_factory=frozenset)
    rate_limit: float | None = None  # requests a second, all clients together
    request_timeout: float = 30.0
    max_body_bytes: int = 1_048_576
    max_answer_bytes: int = 16 * 1024 * 1024
    # Required on /__proxy/ when set; the proxy refuses a non-loopback address without it.
    token: str = ""

    def __post_init__(self) -> None:
        if not self.upstream.startswith(("http://", "https://")):
            raise ProxyConfigError(f"--upstream: expected an http(s):// URL, got {self.upstream!r}")
        if self.on_invalid_request not in ("forward", "reject"):
            raise ProxyConfigError(
                f"--on-invalid-request: expected forward or reject, got {self.on_invalid_request!r}"
            )
        if self.host not in LOOPBACK and not self.token:
            raise ProxyConfigError(
                f"host {self.host} can be reached from other machines: set a token "
                "(LEADPING_PROXY_TOKEN) to protect /__proxy/, or bind 127.0.0.1"
            )
        if self.mock_operations and not self.fallback_mock:
            raise ProxyConfigError("--mock-operations: needs --fallback mock")
        if self.rate_limit is not None and self.rate_limit <= 0:
            raise ProxyConfigError(f"--rate-limit: must be above 0, got {self.rate_limit:g}")
