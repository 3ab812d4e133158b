"""Connexion validators that list every violation and use compiled schemas (validator_map)."""

from __future__ import annotations

import typing as t

import orjson
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import BadRequestProblem, NonConformingResponseBody
from connexion.validators import AbstractResponseBodyValidator, JSONRequestBodyValidator
from connexion.validators.parameter import ParameterValidator
from starlette.types import Receive, Scope

from mockserver.contract.schemas import SchemaChecker, Violation
from mockserver.faults.catalogue import FaultSet
from mockserver.http.connexion.problems import RequestInvalid
from mockserver.wire.json_text import JsonTextError, parse_json

# Where the body validator leaves the body it parsed and validated, for ContractEndpoint.
PARSED_BODY = "leadping.body"


class BodyValidator(JSONRequestBodyValidator):
    """A JSON body: parse errors and every schema violation become one 400 problem."""

    checker: SchemaChecker
    faults: FaultSet

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        operation_id = scope.get("extensions", {}).get("connexion_routing", {}).get("operation_id")
        if self.faults.accepts_invalid_body(operation_id):
            return receive, scope
        try:
            wrapped: tuple[Receive, Scope] = await super().wrap_receive(receive, scope=scope)
            return wrapped
        except RequestInvalid:
            raise
        except BadRequestProblem as problem:
            # Connexion's own "RequestBody is required" and similar: say which rule it was.
            raise RequestInvalid(
                [Violation("body", "/", "required", str(problem.detail))]
            ) from None

    async def _parse(self, stream: t.AsyncGenerator[bytes, None], scope: Scope) -> t.Any:
        raw = b"".join([chunk async for chunk in stream])
        if not raw:
            return None
        try:
            text = raw.decode(self._encoding)
        except UnicodeDecodeError as error:
            message = (
                f"the body is not valid {self._encoding}: {error.reason} at byte {error.start}"
            )
            raise RequestInvalid([Violation("body", "/", "encoding", message)]) from None
        try:
            body = parse_json(text)
        except JsonTextError as error:
            raise RequestInvalid(
                [Violation("body", error.pointer, error.rule, str(error))]
            ) from None
        # The handler gets this very value: parsing again elsewhere (another parser, other
        # limits) could disagree with what was validated.
        scope[PARSED_BODY] = body
        return body

    def _validate(self, body: t.Any) -> dict[str, t.Any] | None:
        violations = self.checker.violations(self._schema, body, "body")
        if violations:
            raise RequestInvalid(violations)
        return None


# Where each parameter location is read from Connexion's request.
PARAMETER_SOURCES = {"query": "query_params", "path": "path_params", "header": "headers"}


class ParametersValidator(ParameterValidator):
    """Path, query and header parameters: every violation at once, by parameter name."""

    checker: SchemaChecker

    def validate_request(self, request: t.Any) -> None:
        violations: list[Violation] = []
        for location, attribute in PARAMETER_SOURCES.items():
            declared = self.parameters.get(location, [])
            if not declared:
                continue  # parsing a query string or path costs even when nothing is read
            values = getattr(request, attribute)
            for param in declared:
                name = param["name"]
                value = values.get(name)
                if value is None:
                    if param.get("required"):
                        violations.append(
                            Violation(location, name, "required", f"'{name}' is required")
                        )
                    continue
                violations += self.checker.violations(param["schema"], value, location, name)
        if violations:
            raise RequestInvalid(violations)


class Conformed:
    """Answer bytes already found to conform, by their schema: the same bytes against the same
    schema conform again, so a repeated answer (a polled status report) is parsed and checked
    once (decision P11). Bounded, dropped all at once when full."""

    def __init__(self, keep: int = 256) -> None:
        self._keep = keep
        self._seen: set[tuple[int, bytes]] = set()
        self._schemas: dict[int, t.Any] = {}  # keeps each schema alive, so its id is not reused

    def __contains__(self, key: tuple[t.Any, bytes]) -> bool:
        return (id(key[0]), key[1]) in self._seen

    def add(self, schema: t.Any, body: bytes) -> None:
        if len(self._seen) >= self._keep:
            self._seen.clear()
            self._schemas.clear()  # bounded too, whichever stack made the schemas
        self._schemas.setdefault(id(schema), schema)
        self._seen.add((id(schema), body))


# What _parse hands _validate for bytes already in Conformed.
_ALREADY_CONFORMED = object()


class ResponseValidator(AbstractResponseBodyValidator):
    """A JSON response must conform; a mock answering outside its contract is a 500."""

    checker: SchemaChecker
    conformed: Conformed
    _raw: bytes = b""

    def _parse(self, stream: t.Generator[bytes, None, None]) -> t.Any:
        body = b"".join(stream)
        if (self._schema, body) in self.conformed:
            return _ALREADY_CONFORMED
        self._raw = body
        try:
            return orjson.loads(body) if body else None
        except orjson.JSONDecodeError as error:
            raise NonConformingResponseBody(f"Response is not JSON: {error}") from None

    def _validate(self, body: t.Any) -> dict[str, t.Any] | None:
        if body is _ALREADY_CONFORMED:
            return None
        violations = self.checker.violations(self._schema, body, "response")
        if violations:
            details = "; ".join(f"{v.field}: {v.message}" for v in violations[:5])
            raise NonConformingResponseBody(f"Response does not conform to the contract: {details}")
        self.conformed.add(self._schema, self._raw)
        return None


def validator_map(faults: FaultSet) -> dict[str, object]:
    """Connexion's validator_map for one app: its validators share one cache of compiled schemas."""
    bound = {"checker": SchemaChecker(), "faults": faults, "conformed": Conformed()}
    # MediaTypeDict matches wildcards such as */*json; a plain dict silently matches nothing and
    # Connexion then skips validation altogether.
    return {
        "parameter": type("Parameters", (ParametersValidator,), bound),
        "body": MediaTypeDict({"*/*json": type("Body", (BodyValidator,), bound)}),
        "response": MediaTypeDict({"*/*json": type("Response", (ResponseValidator,), bound)}),
    }
