"""`leadping-contract`: verify a deployment against the contract and the domain's rules.

Exit codes: 0 conformant, 1 violations found (or the coverage gate failed), 2 usage or
connectivity error.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

# Connexion (the local mock) imports Starlette's test client, which warns about httpx (STACK-NOTES).
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from contract_tests.coverage.gate import percentage  # noqa: E402
from contract_tests.run import Budget, RunError, execute  # noqa: E402
from contract_tests.target import TOKEN_ENV, add_request_options  # noqa: E402
from mockserver.files.installed_kit import kit_version  # noqa: E402

EPILOG = f"""\
commands (each with --help):
  leadping-contract [run] [OPTIONS]                   the suite against a deployment (below)
  leadping-contract audit FILE.har                    the same checks on recorded traffic
  leadping-contract drift --base-url URL              where a deployment's answers differ from
                                                      the mock's
  leadping-contract diff main:openapi.yaml openapi.yaml   which changes break clients, and whom
  leadping-contract consumer-contract JOURNAL --consumer web   what a frontend called, as a file
  leadping-contract verify-consumer FILE --base-url URL   replay a consumer's calls

examples:
  leadping-contract                                   test the mock, served from this process
  leadping-contract --base-url https://staging.example.com
  {TOKEN_ENV}=... leadping-contract --base-url https://api.leadping.ai --max-time 300
  leadping-contract --base-url URL --known-number +15125550143 --known-lead lead_0001
  leadping-contract --base-url URL --config contract.toml          known data in a file
  leadping-contract --base-url URL --allow-writes     also create numbers (tagged, listed)
  leadping-contract --base-url URL --min-coverage 80 --require-status getPhoneNumberStatus:200
  leadping-contract --quick --operation selectOutgoingNumber       a quick look at one operation
  leadping-contract --base-url URL --baseline reports/baseline.json   fail only on new problems

Read-only by default: nothing is created. Before schemathesis starts, a few selections without
a conversation (which change nothing) learn the deployment's numbers, so the status operation is
tested with real ones; --known-number and a config file's [known] table add more.
The token is read from ${TOKEN_ENV} (or --token-env NAME) and sent as a Bearer token; reports
mask it. Reports go to --report-dir: junit-*.xml for CI, har-*.json of every exchange,
coverage.json and coverage.md (for a CI job summary), follow-ups.ndjson, created.json.
Exit codes: 0 conformant, 1 violations or a failed coverage gate, 2 usage or connectivity error.
"""


def min_coverage(text: str) -> float:
    try:
        return percentage(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="leadping-contract",
        description="Check a Leadping phone-numbers deployment against openapi.yaml and its rules.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {kit_version()}")
    p.add_argument("--base-url", help="the deployment to test (default: the mock, in-process)")
    p.add_argument(
        "--contract",
        type=Path,
        metavar="FILE",
        help="another copy of openapi.yaml (default: $LEADPING_CONTRACT, else the kit's)",
    )
    add_request_options(p)
    budget = p.add_argument_group("budget")
    budget.add_argument(
        "--max-examples",
        type=int,
        metavar="N",
        help=f"examples per operation (default {Budget.FULL.max_examples}; --quick "
        f"{Budget.QUICK.max_examples})",
    )
    budget.add_argument(
        "--quick", action="store_true", help="a small budget: a quick look, not a verdict"
    )
    budget.add_argument("--max-time", type=int, metavar="SECONDS", help="time budget for the run")
    budget.add_argument(
        "--phases",
        default="examples,coverage,fuzzing,stateful",
        help="schemathesis phases (default: all four)",
    )
    budget.add_argument(
        "--operation",
        action="append",
        metavar="OPERATION_ID",
        help="test only this operation (repeatable)",
    )
    budget.add_argument("--workers", type=int, default=1, help="concurrent workers (default 1)")
    budget.add_argument(
        "--rate-limit", metavar="N/s", help="at most N requests per second, e.g. 10/s"
    )
    budget.add_argument(
        "--seed", type=int, default=1, help="generation seed, for repeatable runs (default 1)"
    )
    data = p.add_argument_group("test data (read-only: values the deployment already holds)")
    data.add_argument(
        "--known-number", action="append", default=[], metavar="E164", help="a real number"
    )
    data.add_argument(
        "--known-lead", action="append", default=[], metavar="ID", help="a real lead id"
    )
    data.add_argument(
        "--config", type=Path, metavar="FILE", help="a TOML file with a [known] table"
    )
    data.add_argument(
        "--no-discovery",
        action="store_true",
        help="skip learning numbers from harmless selections first",
    )
    gate = p.add_argument_group("what the run must show")
    gate.add_argument(
        "--min-coverage",
        type=min_coverage,
        metavar="PERCENT",
        help="fail when less of the documented statuses and enum values was seen",
    )
    gate.add_argument(
        "--require-status",
        action="append",
        default=[],
        metavar="OPERATION:CODE",
        help="fail when this operation never answered this status (repeatable)",
    )
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
        "--no-auth-check",
        action="store_true",
        help="with a token, do not check that requests without it are refused (a mock process, "
        "or a staging deployment with authentication turned off)",
    )
    p.add_argument(
        "--allow-writes",
        action="store_true",
        help="also create phone numbers (may cost money on a real platform); off by default",
    )
    return p


def subcommands() -> dict[str, Callable[[list[str]], int]]:
    """The commands besides a run, each with its own --help."""
    from contract_tests.contract_diff.cli import (
        consumer_contract_main,
        diff_main,
        verify_consumer_main,
    )
    from contract_tests.drift.cli import main as drift
    from contract_tests.traffic.audit_cli import main as audit

    return {
        "audit": audit,
        "drift": drift,
        "diff": diff_main,
        "verify-consumer": verify_consumer_main,
        "consumer-contract": consumer_contract_main,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in subcommands():
        return subcommands()[argv[0]](argv[1:])
    if argv and argv[0] == "run":
        argv = argv[1:]
    args = parser().parse_args(argv)
    try:
        return execute(args)
    except RunError as error:
        print(f"leadping-contract: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
