"""Contract changes: which edits of openapi.yaml break clients, whom they break, and whether a
deployment still answers a consumer's recorded calls (docs/contract-diff.md)."""

from contract_tests.contract_diff.change import Change
from contract_tests.contract_diff.documents import load_document
from contract_tests.contract_diff.engine import changes

__all__ = ["Change", "changes", "load_document"]
