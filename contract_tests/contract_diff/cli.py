"""The command lines: `diff OLD NEW`, `verify-consumer FILE` and `consumer-contract JOURNAL`.

Each entry function takes its arguments and returns the exit code: 0 fine, 1 a breaking change
(diff) or a broken interaction (verify-consumer), 2 bad input, printed as one line
`leadping-contract: ...` with no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from contract_tests.contract_diff.cli_options import (
    PROG,
    consumer_contract_parser,
    diff_parser,
    verify_consumer_parser,
)
from contract_tests.contract_diff.consumer_contract import (
    parse_consumer_contract,
    read_consumer_contract,
)
from contract_tests.contract_diff.diff_run import DiffInputs, default_payloads, run_diff
from contract_tests.contract_diff.errors import InputError
from contract_tests.contract_diff.journal import consumer_contract_from_journal, read_journal
from contract_tests.contract_diff.pact import to_pact
from contract_tests.contract_diff.render_json import render_json
from contract_tests.contract_diff.render_junit import render_junit
from contract_tests.contract_diff.render_markdown import render_markdown
from contract_tests.contract_diff.render_text import render_text
from contract_tests.contract_diff.report import DiffReport
from contract_tests.contract_diff.verify import replayable, verify
from contract_tests.target import TargetError, preflight, request_headers
from mockserver.contract.loader import ContractError

RENDERERS: dict[str, Callable[[DiffReport], str]] = {
    "markdown": render_markdown,
    "json": render_json,
    "junit": render_junit,
}


def _guarded(
    parser: argparse.ArgumentParser,
    argv: list[str] | None,
    run: Callable[[argparse.Namespace], int],
) -> int:
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, or a usage error argparse has already printed
        return int(done.code or 0)
    try:
        return run(args)
    except (InputError, ContractError, TargetError, OSError, ValueError) as error:
        message = str(error).splitlines()[0] if str(error) else error.__class__.__name__
        print(f"{PROG}: {message}", file=sys.stderr)
        return 2


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # reports/ need not exist yet
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror or error}") from None


def _diff(args: argparse.Namespace) -> int:
    payloads = None if args.no_payloads else (args.payloads or default_payloads())
    inputs = DiffInputs(
        args.old,
        args.new,
        args.repo,
        args.allow_list,
        tuple(args.consumer),
        payloads,
        scenarios=not args.no_scenarios,
    )
    report = run_diff(inputs)
    targets = [(args.output, args.format)] if args.output else []
    targets += [(getattr(args, name), name) for name in RENDERERS if getattr(args, name)]
    for path, name in targets:
        _write(path, RENDERERS[name](report))
    print(render_text(report), end="")
    return 1 if report.failed else 0


def diff_main(argv: list[str] | None = None) -> int:
    return _guarded(diff_parser(), argv, _diff)


def _verify(args: argparse.Namespace) -> int:
    contract = read_consumer_contract(args.file)
    headers = request_headers(args.header, args.token_env)
    preflight(args.base_url, headers, args.request_timeout)
    calls, skipped = replayable(contract, args.allow_writes)
    findings = verify(contract, args.base_url, headers, args.request_timeout, args.allow_writes)
    for finding in findings:
        print(f"BROKEN {finding.describe()}")
    held = len(calls) - len({id(f.interaction) for f in findings})
    line = f"{held} of {len(calls)} interactions of {contract.consumer} hold"
    if skipped:
        line += f"; {len(skipped)} write calls skipped (--allow-writes replays them)"
    print(line)
    return 1 if findings else 0


def verify_consumer_main(argv: list[str] | None = None) -> int:
    return _guarded(verify_consumer_parser(), argv, _verify)


def _consumer_contract(args: argparse.Namespace) -> int:
    entries = read_journal(args.journal)
    data = consumer_contract_from_journal(entries, args.consumer)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if args.pact:
        pact = to_pact(parse_consumer_contract(data, str(args.journal)))
        _write(args.pact, json.dumps(pact, indent=2, ensure_ascii=False) + "\n")
    if args.output:
        _write(args.output, text)
    else:
        sys.stdout.write(text)
    kept = len(data["interactions"])
    print(f"{kept} interactions of {args.consumer} from {len(entries)} entries", file=sys.stderr)
    return 0


def consumer_contract_main(argv: list[str] | None = None) -> int:
    return _guarded(consumer_contract_parser(), argv, _consumer_contract)
