"""An exchange against the contract: the request's parameters and body against its operation's
schemas, and the answer's status, media type and body against what the contract documents for
that status. Every violation is listed, as the mock's own validation lists them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from contract_tests.traffic.exchange import NOT_JSON, NOT_RECORDED, Exchange
from contract_tests.traffic.findings import Finding
from mockserver.contract.loader import Contract
from mockserver.contract.operations import Operation, OperationIndex
from mockserver.contract.schemas import SchemaChecker
from mockserver.wire.json_text import JsonTextError, parse_json

Spec = dict[str, Any]


@dataclass(frozen=True)
class Matched:
    operation: Operation
    spec: Spec
    path_values: dict[str, str]


class ContractCheck:
    def __init__(self, contract: Contract) -> None:
        self._index = OperationIndex(contract)
        self._specs = {op_id: spec for op_id, (_m, _p, spec) in contract.operations().items()}
        self._checker = SchemaChecker()

    def match(self, method: str, raw_path: str) -> Matched | None:
        """The contract operation of a request path as sent; None: not the contract's."""
        found = self._index.match_raw(method.upper(), raw_path)
        if found is None:
            return None
        operation, encoded = found
        values = {name: unquote(value) for name, value in encoded.items()}
        return Matched(operation, self._specs[operation.operation_id], values)

    def request_findings(self, exchange: Exchange, matched: Matched) -> list[Finding]:
        def finding(message: str) -> Finding:
            return _finding("request-schema", exchange, matched, message)

        found: list[Finding] = []
        query = exchange.query
        for param in matched.spec.get("parameters", []):
            name, where = param["name"], param["in"]
            value = matched.path_values.get(name) if where == "path" else query.get(name)
            if where not in ("path", "query"):
                continue
            if value is None:
                if param.get("required"):
                    found.append(finding(f"{where} parameter '{name}' is required"))
                continue
            found += [
                finding(v.message)
                for v in self._checker.violations(param["schema"], value, where, name)
            ]
        body = (matched.spec.get("requestBody") or {}).get("content", {}).get("application/json")
        if body is not None and exchange.request_body != NOT_RECORDED:
            found += self._body_findings(exchange, matched, body["schema"])
        return found

    def _body_findings(self, exchange: Exchange, matched: Matched, schema: Spec) -> list[Finding]:
        media = (exchange.header("content-type") or "").split(";")[0].strip().lower()
        if not exchange.request_body:
            return [_finding("request-schema", exchange, matched, "a JSON body is required")]
        if not media.endswith("json"):
            message = f"the body must be labelled application/json, not {media or 'nothing'}"
            return [_finding("request-schema", exchange, matched, message)]
        try:
            value = parse_json(exchange.request_body.decode("utf-8"))
        except (UnicodeDecodeError, JsonTextError) as error:
            return [_finding("request-schema", exchange, matched, f"body: {error}")]
        return [
            _finding("request-schema", exchange, matched, f"{v.field}: {v.message}")
            for v in self._checker.violations(schema, value, "body")
        ]

    def response_findings(self, exchange: Exchange, matched: Matched) -> list[Finding]:
        responses = matched.spec.get("responses", {})
        documented = responses.get(str(exchange.status)) or responses.get("default")
        if documented is None:
            codes = ", ".join(sorted(responses))
            message = f"status {exchange.status} is not one the contract documents ({codes})"
            return [_finding("undocumented-status", exchange, matched, message)]
        content = documented.get("content") or {}
        if not content:
            return []
        media = (exchange.header("content-type", response=True) or "").split(";")[0].strip()
        if media not in content:
            message = f"content type {media or 'none'} is not {' or '.join(content)}"
            return [_finding("response-content-type", exchange, matched, message)]
        if exchange.response_body == NOT_RECORDED:
            return []  # a HAR without the body: its status and type were checked
        value = exchange.response_json()
        if value is NOT_JSON:
            return [_finding("response-schema", exchange, matched, "the body is not JSON")]
        schema = content[media].get("schema")
        if schema is None:
            return []
        return [
            _finding("response-schema", exchange, matched, f"{v.field}: {v.message}")
            for v in self._checker.violations(schema, value, "response")
        ]


def _finding(rule: str, exchange: Exchange, matched: Matched, message: str) -> Finding:
    return Finding(
        rule,
        matched.operation.operation_id,
        exchange.method,
        exchange.path,
        exchange.status,
        message,
        exchange.source,
    )
