"""The options of the three command lines, one parser builder each."""

from __future__ import annotations

import argparse
from pathlib import Path

from contract_tests.target import add_request_options

PROG = "leadping-contract"
FORMATS = ("json", "junit", "markdown")


def diff_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"{PROG} diff",
        description="Classify the changes from OLD to NEW contract as breaking or compatible.",
        epilog="OLD and NEW are files or git revisions (main:openapi.yaml). Exit codes: 0 no "
        "breaking change outside the allow-list, 1 one or more, 2 bad input.",
    )
    p.add_argument("old", metavar="OLD", help="the contract clients use now")
    p.add_argument("new", metavar="NEW", help="the proposed contract")
    p.add_argument("--repo", type=Path, help="the git repository revisions are read from")
    p.add_argument("--allow-list", type=Path, metavar="FILE", help="accepted breaking changes")
    p.add_argument(
        "--consumer",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a consumer contract to find the impact on (repeatable)",
    )
    payloads = p.add_mutually_exclusive_group()
    payloads.add_argument(
        "--payloads",
        type=Path,
        metavar="DIR",
        help="a payload catalogue (default: the kit's fixtures/payloads)",
    )
    payloads.add_argument("--no-payloads", action="store_true", help="skip the catalogue")
    p.add_argument(
        "--no-scenarios",
        action="store_true",
        help="skip serving each kit scenario in the mock to check its answers",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="markdown",
        help="the format of --output (default markdown)",
    )
    p.add_argument("--output", type=Path, metavar="FILE", help="write the report in --format")
    for name in FORMATS:
        p.add_argument(f"--{name}", type=Path, metavar="FILE", help=f"write a {name} report")
    return p


def verify_consumer_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"{PROG} verify-consumer",
        description="Replay a consumer contract's calls against a deployment; check that each "
        "answer keeps its status class and every field the consumer read.",
        epilog="Exit codes: 0 every interaction holds, 1 one or more broke, 2 bad input or an "
        "unreachable deployment.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the consumer contract")
    p.add_argument("--base-url", required=True, help="the deployment to replay against")
    p.add_argument(
        "--allow-writes",
        action="store_true",
        help="also replay calls that create numbers (off by default)",
    )
    add_request_options(p)
    return p


def consumer_contract_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"{PROG} consumer-contract",
        description="Turn a saved journal of calls into a consumer contract.",
    )
    p.add_argument(
        "journal",
        type=Path,
        metavar="JOURNAL",
        help='a JSON list of journal entries, or {"entries": [...]}',
    )
    p.add_argument("--consumer", required=True, metavar="NAME", help="the consumer's name")
    p.add_argument("--output", type=Path, metavar="FILE", help="where to write (default stdout)")
    p.add_argument("--pact", type=Path, metavar="FILE", help="also write it as a Pact V4 file")
    return p
