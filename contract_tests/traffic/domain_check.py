"""The domain's rules over live traffic: the suite's own checks, those that need no request of
their own, run on each exchange as schemathesis would run them on its answers, in order, so the
rules across calls (stickiness, pins, clears) judge the real sequence."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import requests
import schemathesis
from schemathesis import CheckContext
from schemathesis.config import ChecksConfig

from contract_tests.checks import PASSIVE_CHECKS
from contract_tests.traffic.contract_check import Matched
from contract_tests.traffic.exchange import NOT_JSON, NOT_RECORDED, Exchange
from contract_tests.traffic.findings import Finding
from mockserver.contract.loader import Contract

# A URL schemathesis's Response can hold when the exchange recorded only a path.
PLACEHOLDER_ORIGIN = "http://recorded.invalid"


def _context() -> CheckContext:
    return CheckContext(
        override=None,
        auth=None,
        headers=None,
        config=ChecksConfig(),
        transport_kwargs=None,
        response_checks=None,
    )


@lru_cache(maxsize=1024)
def _request(method: str, url: str) -> requests.PreparedRequest:
    """The request a Response names, shared by the exchanges to one URL: preparing one parses
    and requotes the URL (a fifth of an exchange's checking), and the checks only read it."""
    return requests.Request(method, url).prepare()


class DomainCheck:
    def __init__(self, contract: Contract) -> None:
        self._schema = schemathesis.openapi.from_dict(contract.resolved())
        self._operations: dict[str, Any] = {}
        # One for every check of every exchange: building one walks schemathesis's whole check
        # registry (about 0.17 ms, two thirds of an exchange's checking), and the passive checks
        # only read it.
        self._context = _context()

    def _operation(self, operation_id: str) -> Any:
        if operation_id not in self._operations:
            self._operations[operation_id] = self._schema.find_operation_by_id(operation_id)
        return self._operations[operation_id]

    def findings(self, exchange: Exchange, matched: Matched) -> list[Finding]:
        """Every passive domain check on one exchange; a check that cannot read it skips it."""
        if exchange.response_body == NOT_RECORDED:
            return []
        body = exchange.request_json()
        operation = self._operation(matched.operation.operation_id)
        request: dict[str, Any] = {"path_parameters": matched.path_values, "query": exchange.query}
        if matched.operation.json_body and body is not None and body is not NOT_JSON:
            request.update(body=body, media_type="application/json")
        case = operation.Case(**request)
        url = exchange.url if "://" in exchange.url else PLACEHOLDER_ORIGIN + exchange.url
        response = schemathesis.Response(
            status_code=exchange.status,
            headers={k.lower(): [v] for k, v in exchange.response_headers},
            content=exchange.response_body,
            request=_request(exchange.method, url),
            elapsed=exchange.duration_ms / 1000,
            verify=True,
        )
        found: list[Finding] = []
        for check in PASSIVE_CHECKS:
            try:
                check(self._context, response, case)
            except AssertionError as error:
                found.append(
                    Finding(
                        check.__name__,
                        matched.operation.operation_id,
                        exchange.method,
                        exchange.path,
                        exchange.status,
                        str(error),
                        exchange.source,
                    )
                )
        return found
