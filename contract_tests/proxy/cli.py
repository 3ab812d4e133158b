"""`leadping-proxy --upstream URL`: forward every request to a deployment and check each request
and answer against the contract and the domain's rules, without changing what clients receive.

Exit codes: 0 stopped cleanly, 2 an option or port it cannot use.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

import httpx  # noqa: E402

from contract_tests.proxy.app import Fallback, Proxy  # noqa: E402
from contract_tests.proxy.config import ProxyConfig, ProxyConfigError  # noqa: E402
from contract_tests.proxy.forwarding import Answer, forwarded_headers  # noqa: E402
from contract_tests.traffic.auditor import Auditor  # noqa: E402
from contract_tests.traffic.exchange import Headers  # noqa: E402
from contract_tests.traffic.report import TrafficReport  # noqa: E402
from mockserver.contract.loader import ContractError, load_contract  # noqa: E402

TOKEN_ENV = "LEADPING_PROXY_TOKEN"
EPILOG = f"""\
examples:
  leadping-proxy --upstream https://staging.example.com      then point the app at :8090
  leadping-proxy --upstream http://127.0.0.1:5000 --fallback mock
                                     what staging lacks (404/405/501) the kit's mock answers
  leadping-proxy --upstream URL --fallback mock --mock-operations getPhoneNumberStatus
  leadping-proxy --upstream URL --on-invalid-request reject --report-header

Clients receive the upstream's bytes unchanged. Every finding is a line on the terminal and a
record in REPORT_DIR/findings.ndjson; junit.xml, summary.md and traffic.har are rewritten as
traffic flows and completed on shutdown (Ctrl-C or SIGTERM). GET /__proxy/report answers the
counts ({TOKEN_ENV} protects it; required off loopback).
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="leadping-proxy",
        description="A validating reverse proxy for the Leadping phone-numbers API.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--upstream", required=True, help="the deployment to forward to")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8090, help="port to listen on (default 8090)")
    p.add_argument("--report-dir", type=Path, default=Path("reports/proxy"))
    p.add_argument(
        "--on-invalid-request",
        choices=("forward", "reject"),
        default="forward",
        help="forward an invalid request (reported), or answer the contract's 400 (forward)",
    )
    p.add_argument(
        "--report-header",
        action="store_true",
        help="add X-Leadping-Findings: N to answers (each answer waits for its checks)",
    )
    p.add_argument(
        "--fallback", choices=("mock",), help="answer what the upstream lacks from the mock"
    )
    p.add_argument(
        "--mock-operations",
        metavar="LIST",
        default="",
        help="operationIds always answered by the mock, comma-separated (with --fallback mock)",
    )
    p.add_argument("--rate-limit", type=float, metavar="N", help="at most N requests a second")
    p.add_argument("--request-timeout", type=float, default=30.0, help="seconds (default 30)")
    p.add_argument("--max-body-bytes", type=int, default=1_048_576, help="largest body forwarded")
    return p


def _mock_fallback() -> Fallback:
    from mockserver.app import create_app
    from mockserver.settings import Settings

    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(Settings())), base_url="http://127.0.0.1"
    )

    async def answer(method: str, target: str, headers: Headers, body: bytes) -> Answer:
        sent = forwarded_headers(headers)
        response = await client.request(method, target, headers=sent, content=body)
        received = tuple(response.headers.multi_items())
        return Answer(response.status_code, received, response.content)

    return answer


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        config = ProxyConfig(
            upstream=args.upstream.rstrip("/"),
            host=args.host,
            port=args.port,
            report_dir=args.report_dir,
            on_invalid_request=args.on_invalid_request,
            report_header=args.report_header,
            fallback_mock=args.fallback == "mock",
            mock_operations=frozenset(
                o.strip() for o in args.mock_operations.split(",") if o.strip()
            ),
            rate_limit=args.rate_limit,
            request_timeout=args.request_timeout,
            max_body_bytes=args.max_body_bytes,
            token=os.environ.get(TOKEN_ENV, ""),
        )
        contract = load_contract()
        unknown = sorted(config.mock_operations - set(contract.operations()))
        if unknown:
            raise ProxyConfigError(
                f"--mock-operations: no operation {unknown[0]!r} in the contract"
            )
    except (ProxyConfigError, ContractError) as error:
        print(f"leadping-proxy: {error}", file=sys.stderr)
        return 2
    if not _port_free(config.host, config.port):
        print(
            f"leadping-proxy: {config.host}:{config.port} is in use; choose another with --port",
            file=sys.stderr,
        )
        return 2
    import uvicorn

    auditor = Auditor(contract)
    report = TrafficReport(config.report_dir, f"proxy to {config.upstream}")
    fallback = _mock_fallback() if config.fallback_mock else None
    proxy = Proxy(config, auditor, report, fallback)
    print(
        f"leadping-proxy: http://{config.host}:{config.port} -> {config.upstream}; "
        f"reports in {config.report_dir}",
        file=sys.stderr,
        flush=True,
    )
    with auditor.remembering():
        uvicorn.run(
            proxy,
            host=config.host,
            port=config.port,
            log_level="warning",
            access_log=False,  # a line a request nobody reads: the findings are the output
            # The upstream's own Date and Server pass through; uvicorn's would come twice.
            server_header=False,
            date_header=False,
            lifespan="on",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
