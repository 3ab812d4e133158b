"""`leadping-contract drift --base-url URL`: the same recorded requests sent to the kit's mock and
to a deployment, every difference in shape and meaning reported, failing on those not in a
baseline.

Exit codes: 0 no new drift, 1 drift not in the baseline, 2 a file, option or target it cannot use.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx

from contract_tests.coverage.documented import documented
from contract_tests.drift.compare import DEFAULT_IGNORED, Difference, differences, enum_values
from contract_tests.drift.report import read_baseline, write
from contract_tests.drift.sources import Replayed, load
from contract_tests.payloads import catalogue
from contract_tests.target import (
    TargetError,
    add_request_options,
    local_mock,
    preflight,
    request_headers,
)
from mockserver.contract.loader import ContractError, load_contract
from mockserver.settings import Settings, SettingsError

EPILOG = """\
examples:
  leadping-contract drift --base-url https://staging.example.com
  leadping-contract drift --base-url URL --traffic session.har --ignore label --ignore name
  leadping-contract drift --base-url URL --traffic my-world-export.yaml --mock-scenario default
  leadping-contract drift --base-url URL --baseline reports/drift-baseline.json --baseline-update

Compared: statuses, the fields each answer has, their JSON types, selection reasons, and enum
values the deployment answers that the mock never produced. Values differ between any two
worlds and are not compared; fields named like ids and times (id, *Id, *At) are left out too.
Creating numbers is skipped unless --allow-writes.
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="leadping-contract drift",
        description="Report where a deployment's answers differ from the kit's mock's.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--base-url", required=True, help="the deployment")
    p.add_argument("--against", metavar="URL", help="compare with this service, not the mock")
    p.add_argument("--mock-seed", type=int, default=7, help="the mock's seed (default 7)")
    p.add_argument("--mock-scenario", default="default", help="the mock's scenario")
    p.add_argument(
        "--traffic",
        default="catalogue",
        help="what to replay: catalogue (the payload cases), a .har, or an admin export",
    )
    p.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="FIELD",
        help="a field name or glob to leave out (repeatable)",
    )
    p.add_argument("--allow-writes", action="store_true", help="also replay creating numbers")
    p.add_argument("--baseline", type=Path, help="accepted differences: fail only on new ones")
    p.add_argument("--baseline-update", action="store_true", help="record this run's differences")
    p.add_argument("--report-dir", type=Path, default=Path("reports/drift"))
    add_request_options(p)
    return p


@contextlib.contextmanager
def _reference(args: argparse.Namespace) -> Iterator[str]:
    if args.against:
        yield args.against.rstrip("/")
    else:
        with local_mock(Settings(seed=args.mock_seed, scenario=args.mock_scenario)) as url:
            yield url


def _answer(client: httpx.Client, request: Replayed) -> tuple[int, object]:
    body = request.json_body()
    headers = {"content-type": "application/json"} if body is not None else {}
    response = client.request(request.method, request.target, content=body, headers=headers)
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, None


def replay(
    requests: list[Replayed],
    mock: httpx.Client,
    deployment: httpx.Client,
    ignored: tuple[str, ...],
    enum_fields: set[str],
) -> list[Difference]:
    found: list[Difference] = []
    produced: dict[str, set[str]] = {}
    answered: dict[str, set[str]] = {}
    for request in requests:
        mine, theirs = _answer(mock, request), _answer(deployment, request)
        found += differences(request.key, mine, theirs, ignored)
        for field, value in enum_values(mine[1], enum_fields):
            produced.setdefault(field, set()).add(value)
        for field, value in enum_values(theirs[1], enum_fields):
            answered.setdefault(field, set()).add(value)
    for field, values in sorted(answered.items()):
        for value in sorted(values - produced.get(field, set())):
            found.append(Difference("enum-value", "(the whole run)", field, "never", value))
    return found


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        headers = request_headers(args.header, args.token_env)
        contract = load_contract()
        loaded = load(args.traffic, catalogue.DEFAULT_DIR)
        requests = [r for r in loaded if args.allow_writes or not r.writes]
        keep = args.baseline and not args.baseline_update
        accepted = read_baseline(args.baseline) if keep else set()
        ignored = (*DEFAULT_IGNORED, *args.ignore)
        enum_fields = set(documented(contract).enums)
        with (
            _reference(args) as reference,
            httpx.Client(base_url=reference, timeout=args.request_timeout) as mock,
            httpx.Client(
                base_url=args.base_url.rstrip("/"), headers=headers, timeout=args.request_timeout
            ) as deployment,
        ):
            preflight(args.base_url, headers, args.request_timeout)
            found = replay(requests, mock, deployment, ignored, enum_fields)
    except (
        ValueError,
        ContractError,
        SettingsError,
        TargetError,
        httpx.HTTPError,
    ) as error:
        print(f"leadping-contract: {error}", file=sys.stderr)
        return 2
    new = [d for d in found if d.baseline_key not in accepted]
    write(args.report_dir, len(requests), found, new)
    if args.baseline and args.baseline_update:
        keys = sorted({d.baseline_key for d in found})
        args.baseline.write_text(json.dumps(keys, indent=2) + "\n", encoding="utf-8")
    for difference in new[:50]:
        print(f"leadping-contract: drift: {difference.line()}")
    print(
        f"leadping-contract: {len(requests)} request(s) replayed; {len(found)} difference(s), "
        f"{len(new)} not in the baseline; {args.report_dir}"
    )
    return 1 if new else 0
