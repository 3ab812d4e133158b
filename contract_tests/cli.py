"""`leadping-contract`: verify a deployment against the contract and the domain's rules.

Exit codes: 0 conformant, 1 violations found, 2 usage or connectivity error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import secrets
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

# Connexion (the local mock) imports Starlette's test client, which warns about httpx (STACK-NOTES).
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from contract_tests import checks, run_context, writes  # noqa: E402  (registers checks, hooks)
from contract_tests.target import (  # noqa: E402
    TOKEN_ENV,
    TargetError,
    add_request_options,
    local_mock,
    preflight,
    request_headers,
)
from mockserver.contract.loader import ContractError, load_contract  # noqa: E402
from mockserver.settings import Settings  # noqa: E402

EPILOG = f"""\
examples:
  leadping-contract                                   test the mock, served from this process
  leadping-contract --base-url https://staging.example.com
  {TOKEN_ENV}=... leadping-contract --base-url https://api.leadping.ai --max-time 300
  leadping-contract --base-url URL --allow-writes     also create numbers (tagged, listed)
  leadping-contract --base-url URL --baseline reports/baseline.json   fail only on new problems

The token is read from ${TOKEN_ENV} (or --token-env NAME) and sent as a Bearer token; reports
mask it. Reports go to --report-dir: junit.xml for CI, a HAR of every exchange, and created.json.
Exit codes: 0 conformant, 1 violations, 2 usage or connectivity error.
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="leadping-contract",
        description="Check a Leadping phone-numbers deployment against openapi.yaml and its rules.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--base-url", help="the deployment to test (default: the mock, in-process)")
    add_request_options(p)
    p.add_argument(
        "--max-examples", type=int, default=25, help="examples per operation (default 25)"
    )
    p.add_argument(
        "--seed", type=int, default=1, help="generation seed, for repeatable runs (default 1)"
    )
    p.add_argument("--workers", type=int, default=1, help="concurrent workers (default 1)")
    p.add_argument("--max-time", type=int, metavar="SECONDS", help="time budget for the whole run")
    p.add_argument("--rate-limit", metavar="N/s", help="at most N requests per second, e.g. 10/s")
    p.add_argument(
        "--report-dir",
        type=Path,
        default=Path("reports/contract"),
        help="where reports go (default reports/contract)",
    )
    p.add_argument("--baseline", type=Path, help="accepted known failures: fail only on new ones")
    p.add_argument(
        "--baseline-update", action="store_true", help="record this run's failures in --baseline"
    )
    p.add_argument(
        "--allow-writes",
        action="store_true",
        help="also create phone numbers (may cost money on a real platform); off by default",
    )
    p.add_argument(
        "--phases",
        default="examples,coverage,fuzzing,stateful",
        help="schemathesis phases (default: all four)",
    )
    return p


def schemathesis_args(args: argparse.Namespace, base_url: str, spec: Path) -> list[str]:
    """The `st run` command line for this run (headers go separately: they may hold secrets)."""
    report_dir = args.report_dir
    argv = [
        "run",
        str(spec),
        "--url",
        base_url,
        "--checks",
        "all",
        "--phases",
        args.phases,
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--workers",
        str(args.workers),
        "--request-timeout",
        str(args.request_timeout),
        "--report",
        "junit,har",
        "--report-dir",
        str(report_dir),
        "--output-sanitize",
        "true",
        "--no-color",
    ]
    if not args.allow_writes:
        argv += ["--exclude-operation-id", writes.CREATE]
    if args.max_time:
        argv += ["--max-time", str(args.max_time)]
    if args.rate_limit:
        argv += ["--rate-limit", args.rate_limit]
    if args.baseline:
        argv += ["--baseline", str(args.baseline)]
        if args.baseline_update:
            argv.append("--baseline-update")
    return argv


def run_schemathesis(argv: list[str], headers: dict[str, str]) -> int:
    """Run schemathesis's own CLI in this process, so no secret appears in a process list."""
    from schemathesis.cli import schemathesis as st

    header_args = [item for name, value in headers.items() for item in ("-H", f"{name}: {value}")]
    try:
        st.main(args=argv[:2] + header_args + argv[2:], prog_name="st", standalone_mode=True)
    except SystemExit as done:
        return int(done.code or 0)
    return 0


@contextlib.contextmanager
def _target(args: argparse.Namespace) -> Iterator[str]:
    if args.base_url:
        yield args.base_url.rstrip("/")
    else:
        with local_mock(Settings()) as url:
            yield url


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        headers = request_headers(args.header, args.token_env)
        contract = load_contract()
    except (ValueError, ContractError) as error:
        print(f"leadping-contract: {error}", file=sys.stderr)
        return 2
    args.report_dir.mkdir(parents=True, exist_ok=True)
    spec = args.report_dir / "openapi.json"
    spec.write_text(json.dumps(contract.resolved()))
    log = writes.start(f"contract-test {secrets.token_hex(4)}") if args.allow_writes else None
    try:
        with _target(args) as base_url:
            preflight(base_url, headers, args.request_timeout)
            run = run_context.start(
                run_context.RunContext(base_url, dict(headers), args.request_timeout)
            )
            code = run_schemathesis(schemathesis_args(args, base_url, spec), headers)
            run.write(args.report_dir / "follow-ups.ndjson")
    except TargetError as error:
        print(f"leadping-contract: {error}", file=sys.stderr)
        return 2
    finally:
        writes.stop()
        run_context.stop()
    if log is not None:
        (args.report_dir / "created.json").write_text(json.dumps(log.created, indent=2))
        print(
            f"leadping-contract: {len(log.created)} number(s) created, tagged '[{log.tag}]'; "
            f"listed in {args.report_dir / 'created.json'}"
        )
    print(
        f"leadping-contract: domain checks: {', '.join(c.__name__ for c in checks.DOMAIN_CHECKS)}"
    )
    return {0: 0, 1: 1}.get(code, 2)


if __name__ == "__main__":
    sys.exit(main())
