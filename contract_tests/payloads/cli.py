"""`leadping-payloads`: generate QA's edge-case catalogue from the contract, and replay it.

Exit codes: 0 every case as expected, 1 some differed, 2 usage or connectivity error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from contract_tests.payloads import catalogue
from contract_tests.payloads.model import PayloadCase
from contract_tests.payloads.replay import replay
from contract_tests.target import (
    TOKEN_ENV,
    TargetError,
    add_request_options,
    preflight,
    request_headers,
)
from mockserver.contract.loader import ContractError, load_contract
from mockserver.files.installed_kit import from_a_wheel

EPILOG = f"""\
examples:
  leadping-payloads generate                          rewrite fixtures/payloads/ (seed 1)
  leadping-payloads list --operation createPhoneNumber --rule maxLength
  leadping-payloads replay --base-url http://127.0.0.1:8080
  {TOKEN_ENV}=... leadping-payloads replay --base-url https://staging.example.com --rate-limit 5

Creating numbers is skipped unless --allow-writes. Exit codes: 0 as expected, 1 differences,
2 usage or connectivity error.
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="leadping-payloads",
        description=__doc__.splitlines()[0].strip("`"),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--dir", type=Path, help="the catalogue's folder (default: the kit's fixtures/payloads)"
    )
    commands = p.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="write the catalogue from the contract")
    generate.add_argument("--seed", type=int, default=1, help="seed of the generated cases (1)")
    generate.add_argument(
        "--generated",
        type=int,
        default=5,
        metavar="N",
        help="generated cases per operation and mode (5)",
    )
    for name, helptext in (
        ("list", "print cases, filtered"),
        ("replay", "send cases to a deployment"),
    ):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("--operation", action="append", help="only this operationId (repeatable)")
        sub.add_argument(
            "--rule", action="append", help="only this rule, e.g. maxLength (repeatable)"
        )
        sub.add_argument(
            "--kind",
            action="append",
            help="only valid, invalid, generated-valid or generated-invalid",
        )
        if name == "replay":
            sub.add_argument("--base-url", required=True, help="the deployment to send them to")
            add_request_options(sub)
            sub.add_argument(
                "--rate-limit", type=float, metavar="N", help="at most N requests a second"
            )
            sub.add_argument(
                "--allow-writes",
                action="store_true",
                help="also send cases that create phone numbers",
            )
    return p


def _selected(cases: list[PayloadCase], args: argparse.Namespace) -> list[PayloadCase]:
    return [
        c
        for c in cases
        if (not args.operation or c.operation_id in args.operation)
        and (not args.rule or c.rule in args.rule)
        and (not args.kind or c.kind in args.kind)
    ]


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "generate" and args.dir is None and from_a_wheel():
        print(
            "leadping-payloads: generate: pass --dir DIR; the installed kit's catalogue is part "
            "of the package (regenerate the kit's own in a checkout: make payloads)",
            file=sys.stderr,
        )
        return 2
    args.dir = args.dir or catalogue.DEFAULT_DIR
    try:
        if args.command == "generate":
            cases = catalogue.build(load_contract(), args.seed, args.generated)
            count = catalogue.write(cases, args.dir, args.seed)
            print(f"leadping-payloads: {count} cases written to {args.dir}")
            return 0
        cases = _selected(catalogue.read(args.dir), args)
        if args.command == "list":
            for case in cases:
                expected = "accepted" if case.accepted else f"rejected {case.expect_status}"
                print(f"{case.id:70} {case.rule:10} {expected}")
            return 0
        headers = request_headers(args.header, args.token_env)
        if not args.allow_writes:
            cases = [c for c in cases if c.operation_id != "createPhoneNumber"]
        preflight(args.base_url, headers, args.request_timeout)
    except (ValueError, ContractError, FileNotFoundError, TargetError) as error:
        print(f"leadping-payloads: {error}", file=sys.stderr)
        return 2
    differences = replay(cases, args.base_url, headers, args.request_timeout, args.rate_limit)
    for difference in differences:
        got = difference.status if difference.status is not None else "-"
        print(f"{difference.case.id}  got {got}: {difference.problem}")
        print(f"    {difference.case.curl(args.base_url)}")
    print(f"leadping-payloads: {len(cases) - len(differences)} of {len(cases)} cases as expected")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
