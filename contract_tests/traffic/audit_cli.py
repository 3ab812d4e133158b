"""`leadping-contract audit FILE.har`: the contract's and the domain's checks on recorded
traffic (a HAR from a browser's devtools, from the proxy, from a test run).

Exit codes: 0 every exchange conforms, 1 findings, 2 a file or option the audit cannot use.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from contract_tests.traffic.auditor import Auditor
from contract_tests.traffic.har import HarError, read
from contract_tests.traffic.report import TrafficReport
from mockserver.contract.loader import ContractError, load_contract

EPILOG = """\
examples:
  leadping-contract audit session.har                      every exchange of the contract in it
  leadping-contract audit session.har --base-url https://staging.example.com
  leadping-contract audit reports/proxy/traffic.har --report-dir reports/audit

Exchanges of other hosts and paths are skipped; bodies the HAR left out are not judged, their
status and content type are. Reports: findings.ndjson, junit.xml, summary.md, traffic.har.
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="leadping-contract audit",
        description="Check recorded traffic (HAR) against openapi.yaml and the domain's rules.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("har", type=Path, metavar="FILE.har", help="the recorded traffic")
    p.add_argument("--base-url", help="only exchanges with the service at this URL")
    p.add_argument("--report-dir", type=Path, default=Path("reports/audit"))
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        exchanges = read(args.har)
        contract = load_contract()
    except (HarError, ContractError) as error:
        print(f"leadping-contract: {error}", file=sys.stderr)
        return 2
    prefix = (args.base_url or "").rstrip("/")
    auditor = Auditor(contract)
    report = TrafficReport(args.report_dir, f"audit of {args.har.name}")
    with auditor.remembering():
        for exchange in exchanges:
            if prefix and not exchange.url.startswith(prefix):
                auditor.tally.skipped += 1
                continue
            if prefix:  # the contract's paths start after the service's own prefix
                exchange = replace(exchange, url=exchange.url[len(prefix) :] or "/")
            report.add(exchange, auditor.audit(exchange))
    report.close(auditor.tally)
    tally = auditor.tally
    print(
        f"leadping-contract: audited {tally.audited} exchange(s) of the contract "
        f"({tally.skipped} skipped): {report.total_findings} finding(s); {args.report_dir}"
    )
    return 1 if report.total_findings else 0
