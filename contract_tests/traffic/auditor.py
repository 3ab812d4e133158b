"""Exchanges checked one after another: against the contract, then against the domain's rules,
with the run context that remembers conversations active while it audits."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from contract_tests import run_context
from contract_tests.known_data import KnownData
from contract_tests.traffic.contract_check import ContractCheck
from contract_tests.traffic.domain_check import DomainCheck
from contract_tests.traffic.exchange import Exchange
from contract_tests.traffic.findings import Finding
from mockserver.contract.loader import Contract


@dataclass
class Tally:
    audited: int = 0
    skipped: int = 0  # not a path of the contract: another host's, a page, an asset
    by_operation: dict[str, int] = field(default_factory=dict)


class Auditor:
    def __init__(self, contract: Contract, known: KnownData | None = None) -> None:
        self._contract = ContractCheck(contract)
        self._domain = DomainCheck(contract)
        self._known = known or KnownData()
        self.tally = Tally()
        # Exchanges are judged in the order they happened: one at a time.
        self._lock = threading.Lock()

    @contextmanager
    def remembering(self) -> Iterator[None]:
        """The run context the cross-call rules read while this auditor works."""
        run_context.start(run_context.RunContext(known=self._known))
        try:
            yield
        finally:
            run_context.stop()

    def audit(self, exchange: Exchange) -> list[Finding] | None:
        """Every finding about one exchange; None when it is not the contract's traffic."""
        with self._lock:
            matched = self._contract.match(exchange.method, exchange.path)
            if matched is None:
                self.tally.skipped += 1
                return None
            self.tally.audited += 1
            op = matched.operation.operation_id
            self.tally.by_operation[op] = self.tally.by_operation.get(op, 0) + 1
            found = self._contract.request_findings(exchange, matched)
            found += self._contract.response_findings(exchange, matched)
            found += self._domain.findings(exchange, matched)
            return found

    def operation_id(self, exchange: Exchange) -> str | None:
        matched = self._contract.match(exchange.method, exchange.path)
        return matched.operation.operation_id if matched else None

    def request_findings(self, exchange: Exchange) -> list[Finding] | None:
        """Only the request's: for a proxy that refuses invalid requests before forwarding."""
        matched = self._contract.match(exchange.method, exchange.path)
        return None if matched is None else self._contract.request_findings(exchange, matched)
