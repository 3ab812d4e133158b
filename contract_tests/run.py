"""One run of the suite: settle its inputs, reach the target, learn test data without writing,
run schemathesis in this process, then write the coverage report and apply the gate."""

from __future__ import annotations

import argparse
import contextlib
import json
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import httpx
import yaml

from contract_tests import (
    authentication,
    hooks,  # noqa: F401  (registers the checks and hooks)
    run_context,
    test_data,
    writes,
)
from contract_tests.coverage import report
from contract_tests.coverage.documented import documented
from contract_tests.coverage.gate import RequiredStatus, failures
from contract_tests.coverage.recorder import Recorder
from contract_tests.discovery import discover
from contract_tests.known_data import (
    ConfigError,
    KnownData,
    from_options,
    from_scenario,
    read_config,
)
from contract_tests.target import TargetError, local_mock, preflight, request_headers
from mockserver.contract.loader import ContractError, load_kit_contract
from mockserver.files.installed_kit import kit_file
from mockserver.settings import Settings

STATUS = "getPhoneNumberStatus"


class RunError(RuntimeError):
    """The run cannot start or reach its target: a usage or connectivity error (exit 2)."""


@dataclass(frozen=True)
class Budget:
    max_examples: int
    FULL: ClassVar[Budget]
    QUICK: ClassVar[Budget]


# Enough, against a local service, to reach every documented status and enum value the run can
# reach (coverage.md says which it did), in about 20 s here; --quick for a look in seconds.
Budget.FULL = Budget(max_examples=150)
Budget.QUICK = Budget(max_examples=8)


def schemathesis_args(
    args: argparse.Namespace, base_url: str, spec: str, excluded: set[str]
) -> list[str]:
    """The `st run` command line for this run (headers go separately: they may hold secrets)."""
    budget = Budget.QUICK if args.quick else Budget.FULL
    argv = [
        "run",
        spec,
        "--url",
        base_url,
        "--checks",
        "all",
        "--phases",
        args.phases,
        "--max-examples",
        str(args.max_examples or budget.max_examples),
        "--seed",
        str(args.seed),
        # No example database: one in the working directory would replay an earlier run's
        # finds first, and the same seed would no longer give the same run.
        "--generation-database",
        "none",
        "--workers",
        str(args.workers),
        "--request-timeout",
        str(args.request_timeout),
        # Every case of every operation, failing or not: the coverage report counts them all.
        "--continue-on-failure",
        "--report",
        "junit,har",
        "--report-dir",
        str(args.report_dir),
        "--output-sanitize",
        "true",
        "--no-color",
    ]
    for operation_id in sorted(excluded):
        argv += ["--exclude-operation-id", operation_id]
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
    # The kit's own configuration wherever the run starts: schemathesis would otherwise read the
    # first schemathesis.toml up from the working directory, perhaps another project's (K2).
    config = ["--config-file", str(kit_file("schemathesis.toml"))]
    try:
        st.main(
            args=config + argv[:2] + header_args + argv[2:], prog_name="st", standalone_mode=True
        )
    except SystemExit as done:
        return int(done.code or 0)
    return 0


@contextlib.contextmanager
def _target(args: argparse.Namespace) -> Iterator[tuple[str, bool]]:
    """(base URL, whether it is the mock served here)."""
    if args.base_url:
        yield args.base_url.rstrip("/"), False
    else:
        with local_mock(Settings(contract=args.contract)) as url:
            yield url, True


def _run_copy(resolved: dict[str, Any], tests_auth: bool) -> dict[str, Any]:
    """The contract schemathesis reads in this run: authentication tested only with a token."""
    if tests_auth:
        return resolved
    print(
        "leadping-contract: authentication not tested (no token, --no-auth-check, or the mock "
        "served here): "
        "the run's copy of the contract leaves bearerAuth out"
    )
    return authentication.without_authentication(resolved)


def _local_world(base_url: str, timeout: float) -> KnownData:
    """The ids the local mock's world holds, read from its own export."""
    try:
        export = httpx.get(f"{base_url}/__admin/export", timeout=timeout)
        spec = yaml.safe_load(export.text) if export.status_code == 200 else {}
    except (httpx.HTTPError, yaml.YAMLError):
        return KnownData()
    return from_scenario(spec if isinstance(spec, dict) else {})


def _excluded(args: argparse.Namespace, operations: list[str]) -> set[str]:
    only = args.operation or []
    unknown = sorted(set(only) - set(operations))
    if unknown:
        raise RunError(
            f"--operation {unknown[0]}: no such operation; the contract has {', '.join(operations)}"
        )
    if writes.CREATE in only and not args.allow_writes:
        raise RunError(f"--operation {writes.CREATE} creates numbers: add --allow-writes")
    excluded = {op for op in operations if only and op not in only}
    if not args.allow_writes:
        excluded.add(writes.CREATE)
    return excluded


def execute(args: argparse.Namespace) -> int:
    try:
        headers = request_headers(args.header, args.token_env)
        contract = load_kit_contract(args.contract)
        operations = sorted(contract.operations())
        known = from_options(args.known_number, args.known_lead)
        if args.config:
            known = known.merged(read_config(args.config))
        required = [RequiredStatus.parse(r, operations) for r in args.require_status]
        excluded = _excluded(args, operations)
    except (ValueError, ContractError, ConfigError) as error:
        raise RunError(str(error)) from None
    try:
        args.report_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise RunError(f"--report-dir {args.report_dir}: a file is there, not a folder") from None
    except OSError as error:  # a file on its way, or a place this user cannot write
        raise RunError(
            f"--report-dir {args.report_dir}: cannot create it: {error.strerror}"
        ) from None
    spec = args.report_dir / "openapi.json"
    log = writes.start(f"contract-test {secrets.token_hex(4)}") if args.allow_writes else None
    recorder = Recorder(documented(contract))
    given = known.count()
    try:
        with _target(args) as (base_url, local):
            preflight(base_url, headers, args.request_timeout)
            tests_auth = authentication.checks_authentication(headers, local, args.no_auth_check)
            spec.write_text(json.dumps(_run_copy(contract.resolved(), tests_auth)))
            if local:
                known = known.merged(_local_world(base_url, args.request_timeout))
            if not args.no_discovery:
                known = discover(base_url, headers, args.request_timeout, known)
            run = run_context.start(
                run_context.RunContext(
                    base_url, dict(headers), args.request_timeout, known, recorder
                )
            )
            with test_data.registered():
                argv = schemathesis_args(args, base_url, str(spec), excluded)
                code = run_schemathesis(argv, headers)
            run.write(args.report_dir / "follow-ups.ndjson")
    except TargetError as error:
        raise RunError(str(error)) from None
    finally:
        writes.stop()
        run_context.stop()
    if log is not None:
        (args.report_dir / "created.json").write_text(json.dumps(log.created, indent=2))
        print(
            f"leadping-contract: {len(log.created)} number(s) created, tagged '[{log.tag}]'; "
            f"listed in {args.report_dir / 'created.json'}"
        )
    coverage = report.coverage_of(recorder, excluded)
    json_path, md_path = report.write(coverage, args.report_dir)
    status_200 = recorder.statuses[STATUS][200] if STATUS in recorder.statuses else 0
    print(
        f"leadping-contract: test data: {len(known.numbers)} real number(s) "
        f"({max(0, known.count() - given)} values learned here); {STATUS} answered 200 "
        f"{status_200} time(s)"
    )
    print(
        f"leadping-contract: coverage {coverage.percent}% of documented statuses and enum "
        f"values; {json_path}, {md_path}"
    )
    gate = failures(coverage, args.min_coverage, required)
    for line in gate:
        print(f"leadping-contract: {line}", file=sys.stderr)
    outcome = {0: 0, 1: 1}.get(code, 2)
    return 1 if outcome == 0 and gate else outcome
