"""Validate a deployment's answers with openapi-core: a selection, a status, a 404 and a 400.

    python contract-tools/check_with_openapi_core.py http://127.0.0.1:8080

Runs where openapi-core 0.23 is installed (`make other-tools` puts it in .venv/openapi-core: it
needs an older openapi-spec-validator than the kit). openapi-core reads only application/json
bodies by default; the contract's errors are application/problem+json, so that media type is
registered, or every error answer is reported invalid. `--as-shipped` leaves it unregistered.
Exit 0 when every answer conforms, 1 naming the first that does not.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml  # type: ignore[import-untyped]  # its stubs are the kit's, not this env's
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

CONTRACT = Path(__file__).resolve().parent.parent / "openapi.yaml"
SELECT = "/phone-numbers/outgoing/new"


def call(base: str, method: str, path: str, body: Any = None) -> tuple[int, str, bytes]:
    """(status, content type, body) of one request, errors included."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"Authorization": f"Bearer {os.environ.get('LEADPING_API_TOKEN', 'any')}"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    # The + of a number stays a + on the wire as %2B (decision R5).
    request = urllib.request.Request(base + quote(path), data, headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def reason(error: BaseException) -> str:
    """The schema's own words (openapi-core wraps them in the whole value), else the error."""
    found: BaseException | None = error
    while found is not None:
        messages = [e.message for e in getattr(found, "schema_errors", ())]
        if messages:
            return "; ".join(message[:200] for message in messages)
        found = found.__cause__
    return str(error)[:300]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--contract", type=Path, default=CONTRACT)
    parser.add_argument("--as-shipped", action="store_true", help="problem+json not registered")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    extra: dict[str, Callable[[bytes], Any]] = {}
    if not args.as_shipped:
        extra["application/problem+json"] = json.loads
    contract = yaml.safe_load(args.contract.read_text(encoding="utf-8"))
    # openapi-core finds operations under the contract's servers: name the one checked.
    contract["servers"] = [{"url": base}]
    api = OpenAPI.from_dict(contract, config=Config(extra_media_type_deserializers=extra))
    selection = call(base, "POST", SELECT, {"channel": "sms"})
    number = json.loads(selection[2]).get("number") or "+10000000000"
    calls = [
        ("POST", SELECT, {"channel": "sms"}, selection),
        ("GET", f"/phone-numbers/{number}/status", None, None),
        ("GET", "/phone-numbers/+10000000000/status", None, None),
        ("POST", SELECT, {"channel": "fax"}, None),
    ]
    for method, path, body, answered in calls:
        status, media, content = answered or call(base, method, path, body)
        request = MockRequest(base, method.lower(), path)
        try:
            api.validate_response(request, MockResponse(content, status, content_type=media))
        except Exception as error:  # openapi-core raises one of several validation errors
            print(f"openapi-core: {method} {path} -> {status} {media} invalid: {reason(error)}")
            return 1
        print(f"openapi-core: {method} {path} -> {status} {media} conforms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
