"""Contract changes: which edits of openapi.yaml break clients, whom they break, and whether a
deployment still answers a consumer's recorded calls (docs/contract-diff.md)."""

from contract_tests.contract_diff.allow_list import AllowEntry, AllowList, allowed, read_allow_list
from contract_tests.contract_diff.change import Change
from contract_tests.contract_diff.consumer_contract import (
    ConsumerContract,
    Interaction,
    parse_consumer_contract,
    read_consumer_contract,
)
from contract_tests.contract_diff.documents import load_document
from contract_tests.contract_diff.engine import changes
from contract_tests.contract_diff.errors import InputError
from contract_tests.contract_diff.impact import Impact, impact
from contract_tests.contract_diff.journal import consumer_contract_from_journal, read_journal
from contract_tests.contract_diff.pact import to_pact
from contract_tests.contract_diff.render_json import render_json
from contract_tests.contract_diff.render_junit import render_junit
from contract_tests.contract_diff.render_markdown import render_markdown
from contract_tests.contract_diff.report import DiffReport, build_report
from contract_tests.contract_diff.verify import Finding, verify

__all__ = [
    "AllowEntry",
    "AllowList",
    "Change",
    "ConsumerContract",
    "DiffReport",
    "Finding",
    "Impact",
    "InputError",
    "Interaction",
    "allowed",
    "build_report",
    "changes",
    "consumer_contract_from_journal",
    "impact",
    "load_document",
    "parse_consumer_contract",
    "read_allow_list",
    "read_consumer_contract",
    "read_journal",
    "render_json",
    "render_junit",
    "render_markdown",
    "to_pact",
    "verify",
]
