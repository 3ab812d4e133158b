"""Connexion's request and response validation, with what depends only on the operation worked
out once instead of per request.

For every request Connexion's validation operations rebuild a URI parser and the body definition,
build a MediaTypeDict of the accepted types and match it by fnmatch, look up the validator classes
by fnmatch again, and re-derive the response's definition, schema and required headers. None of
that changes between requests of one operation; it cost ~25 µs of a selection's ~215 µs in
process (docs/performance.md). These subclasses keep Connexion's checks and the kit's validators
and remember those answers, per operation and per content type (bounded: a fuzzer sending a new
Content-Type per request cannot grow them).
"""

from __future__ import annotations

import codecs
import functools
import typing as t
from dataclasses import dataclass

from connexion import utils
from connexion.exceptions import UnsupportedMediaTypeProblem
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.middleware.response_validation import (
    ResponseValidationAPI,
    ResponseValidationMiddleware,
    ResponseValidationOperation,
)
from connexion.operations import AbstractOperation
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Distinct Content-Type values remembered per operation; others are worked out per request.
REMEMBERED_CONTENT_TYPES = 32
CONTENT_TYPE = b"content-type"
# The charsets ASP.NET Core's System.Text.Json input formatter reads, as Python names them.
JSON_CHARSETS = frozenset({"utf-8", "utf-16", "utf-16-le"})

Headers = t.Sequence[tuple[bytes, bytes]]


def content_type_of(headers: Headers) -> bytes | None:
    """The raw Content-Type header (ASGI servers send header names in lower case)."""
    for name, value in headers:
        if name == CONTENT_TYPE:
            return value
    return None


def _split(content_type: bytes | None, default_mime: str) -> tuple[str, str]:
    """The mime type (the operation's first when absent) and the charset (utf-8 when absent).

    Connexion's own reading misses a charset after "; " (the usual spelling), so it decoded such
    a body as UTF-8.
    """
    if content_type is None:
        return default_mime, "utf-8"
    mime_type, _, parameters = content_type.decode("latin-1").partition(";")
    encoding = "utf-8"
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            encoding = value.strip().strip('"')
    return mime_type.strip() or default_mime, encoding


def _require_json_charset(encoding: str) -> None:
    """The real service's JSON reader takes UTF-8 and UTF-16 only and answers 415 to any other
    charset (decisions H7). Connexion handed any name to the decoder, where an unknown one, or a
    codec such as "rot13" that is not a text encoding, failed as a 500."""
    try:
        known = codecs.lookup(encoding).name
    except (LookupError, ValueError):  # ValueError: a name holding a NUL
        known = None
    if known not in JSON_CHARSETS:
        raise UnsupportedMediaTypeProblem(
            detail=f"Content-Type: charset {encoding[:40]!r} is not one the service reads "
            "(utf-8, utf-16)"
        )


class LeanRequestValidationOperation(RequestValidationOperation):
    def __init__(
        self,
        next_app: ASGIApp,
        *,
        operation: AbstractOperation,
        strict_validation: bool = False,
        validator_map: dict[str, t.Any] | None = None,
    ) -> None:
        super().__init__(
            next_app,
            operation=operation,
            strict_validation=strict_validation,
            validator_map=validator_map,
        )
        uri_parser = operation._uri_parser_class(operation.parameters, operation.body_definition())
        self._parameter_validator = self._validator_map["parameter"](
            operation.parameters,
            uri_parser=uri_parser,
            strict_validation=strict_validation,
            security_query_params=self.security_query_params,
        )
        default_mime = operation.consumes[0] if operation.consumes else "application/octet-stream"
        self._body_validator = functools.lru_cache(maxsize=REMEMBERED_CONTENT_TYPES)(
            functools.partial(self._make_body_validator, default_mime=default_mime)
        )

    def _make_body_validator(self, content_type: bytes | None, *, default_mime: str) -> t.Any:
        """The body validator for requests with this Content-Type, or None when the body is not
        validated. Raises (and so remembers nothing) for a type the operation does not take."""
        mime_type, encoding = _split(content_type, default_mime)
        self.validate_mime_type(mime_type)
        _require_json_charset(encoding)
        schema = self._operation.body_schema(mime_type)
        validator_cls = self._validator_map["body"].get(mime_type) if schema else None
        if validator_cls is None:
            return None
        return validator_cls(
            schema=schema,
            required=self._operation.request_body.get("required", False),
            nullable=utils.is_nullable(self._operation.body_definition(mime_type)),
            encoding=encoding,
            strict_validation=self.strict_validation,
            uri_parser=self._operation.uri_parser_class(
                self._operation.parameters, self._operation.body_definition()
            ),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._parameter_validator.validate(scope)
        validator = self._body_validator(content_type_of(scope["headers"]))
        if validator is not None:
            receive, scope = await validator.wrap_receive(receive, scope=scope)
        await self.next_app(scope, receive, send)


@dataclass(frozen=True)
class ResponseCheck:
    """What an answer with one status and Content-Type is checked against."""

    definition: dict[str, t.Any]
    required_headers: frozenset[str]
    validator_cls: t.Any  # None: the body is not validated
    schema: dict[str, t.Any]
    nullable: bool
    encoding: str


class LeanResponseValidationOperation(ResponseValidationOperation):
    def __init__(
        self,
        next_app: ASGIApp,
        *,
        operation: AbstractOperation,
        validator_map: dict[str, t.Any] | None = None,
    ) -> None:
        super().__init__(next_app, operation=operation, validator_map=validator_map)
        self._check = functools.lru_cache(maxsize=REMEMBERED_CONTENT_TYPES)(self._make_check)

    def _make_check(self, status: int, content_type: bytes | None) -> ResponseCheck:
        default_mime = self._operation.produces[0] if self._operation.produces else None
        mime_type, encoding = _split(content_type, default_mime or "application/octet-stream")
        if status < 400:
            self.validate_mime_type(mime_type)
        definition = self._operation.response_definition(str(status), mime_type)
        required = frozenset(
            name.lower()
            for name, header in definition.get("headers", {}).items()
            if header.get("required", False)
        )
        return ResponseCheck(
            definition=definition,
            required_headers=required,
            validator_cls=self._validator_map["response"].get(mime_type),
            schema=self._operation.response_schema(str(status), mime_type),
            nullable=utils.is_nullable(definition),
            encoding=encoding,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def checked_send(message: Message) -> None:
            nonlocal send
            if message["type"] == "http.response.start":
                headers = message["headers"]
                check = self._check(message["status"], content_type_of(headers))
                if check.required_headers:
                    self.validate_required_headers(headers, check.definition)
                if check.validator_cls is not None:
                    validator = check.validator_cls(
                        scope, schema=check.schema, nullable=check.nullable, encoding=check.encoding
                    )
                    send = validator.wrap_send(send)
            await send(message)

        await self.next_app(scope, receive, checked_send)


class LeanRequestValidationAPI(RequestValidationAPI):
    def make_operation(self, operation: AbstractOperation) -> RequestValidationOperation:
        return LeanRequestValidationOperation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class LeanRequestValidationMiddleware(RequestValidationMiddleware):
    api_cls = LeanRequestValidationAPI


class LeanResponseValidationAPI(ResponseValidationAPI):
    def make_operation(self, operation: AbstractOperation) -> ResponseValidationOperation:
        if not self.validate_responses:
            return self.next_app  # Connexion's own shortcut: no validation layer at all
        return LeanResponseValidationOperation(
            self.next_app, operation=operation, validator_map=self.validator_map
        )


class LeanResponseValidationMiddleware(ResponseValidationMiddleware):
    api_cls = LeanResponseValidationAPI
