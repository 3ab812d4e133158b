"""HAR 1.2 in and out: exchanges written as a HAR a browser's devtools opens, and HAR files read
back as exchanges (base64 bodies, missing bodies, other hosts and redirects as they come)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from contract_tests.traffic.exchange import NOT_RECORDED, Exchange
from contract_tests.traffic.masking import masked_headers, masked_url

# A HAR this size is a day of a busy frontend; larger ones are split by the tool that exports.
MAX_HAR_BYTES = 256 * 1024 * 1024


class HarError(ValueError):
    """A file that is not a HAR the audit can read; the message names the place."""


def _content(raw: bytes, media: str) -> dict[str, Any]:
    try:
        return {"size": len(raw), "mimeType": media, "text": raw.decode("utf-8")}
    except UnicodeDecodeError:
        encoded = base64.b64encode(raw).decode()
        return {"size": len(raw), "mimeType": media, "text": encoded, "encoding": "base64"}


def entry(exchange: Exchange) -> dict[str, Any]:
    """One exchange as a HAR entry, secrets masked."""
    url = masked_url(exchange.url)
    request: dict[str, Any] = {
        "method": exchange.method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": [{"name": k, "value": v} for k, v in masked_headers(exchange.request_headers)],
        "queryString": [
            {"name": k, "value": v}
            for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)
        ],
        "headersSize": -1,
        "bodySize": len(exchange.request_body),
    }
    if exchange.request_body:
        media = exchange.header("content-type") or "application/octet-stream"
        request["postData"] = {"mimeType": media, **_text(exchange.request_body)}
    media = exchange.header("content-type", response=True) or ""
    return {
        "startedDateTime": exchange.started,
        "time": round(exchange.duration_ms, 3),
        "request": request,
        "response": {
            "status": exchange.status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [
                {"name": k, "value": v} for k, v in masked_headers(exchange.response_headers)
            ],
            "content": _content(exchange.response_body, media),
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(exchange.response_body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": round(exchange.duration_ms, 3), "receive": 0},
    }


def _text(raw: bytes) -> dict[str, str]:
    try:
        return {"text": raw.decode("utf-8")}
    except UnicodeDecodeError:
        return {"text": base64.b64encode(raw).decode(), "encoding": "base64"}


def document(entries: list[dict[str, Any]]) -> dict[str, Any]:
    creator = {"name": "leadping-contract-kit", "version": "0.1"}
    return {"log": {"version": "1.2", "creator": creator, "entries": entries}}


def write(path: Path, entries: list[dict[str, Any]]) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(document(entries)), encoding="utf-8")
    partial.replace(path)  # a reader sees the last whole HAR, never half of one


def read(path: Path) -> list[Exchange]:
    """The exchanges of a HAR file; HarError names what is wrong with it."""
    try:
        if path.stat().st_size > MAX_HAR_BYTES:
            raise HarError(f"{path}: larger than {MAX_HAR_BYTES // (1024 * 1024)} MiB")
        data = json.loads(path.read_bytes())
    except OSError as error:
        raise HarError(f"{path}: cannot read it ({error.strerror})") from None
    except (ValueError, RecursionError) as error:
        raise HarError(f"{path}: not JSON ({str(error)[:120]})") from None
    log = data.get("log") if isinstance(data, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise HarError(f"{path}: not a HAR (expected log.entries, a list)")
    return [_exchange(item, f"{path.name}#{i}") for i, item in enumerate(entries)]


def _pairs(items: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(items, list):
        return ()
    return tuple(
        (str(h.get("name", "")), str(h.get("value", ""))) for h in items if isinstance(h, dict)
    )


def _body(part: Any, key: str) -> bytes:
    """A recorded body, base64 or text; NOT_RECORDED when the HAR left it out."""
    if not isinstance(part, dict) or key not in part or part.get(key) is None:
        return NOT_RECORDED
    text = part[key]
    if not isinstance(text, str):
        return NOT_RECORDED
    if part.get("encoding") == "base64":
        try:
            return base64.b64decode(text, validate=False)
        except ValueError:
            return NOT_RECORDED
    return text.encode("utf-8", "surrogatepass")


def _exchange(item: Any, source: str) -> Exchange:
    if not isinstance(item, dict):
        raise HarError(f"{source}: an entry must be an object")
    request, response = item.get("request"), item.get("response")
    if not isinstance(request, dict) or not isinstance(response, dict):
        raise HarError(f"{source}: an entry needs a request and a response")
    post = request.get("postData")
    request_body = b"" if post is None else _body(post, "text")
    status = response.get("status")
    answer_headers = _pairs(response.get("headers"))
    content = response.get("content")
    media = content.get("mimeType") if isinstance(content, dict) else None
    if media and not any(k.lower() == "content-type" for k, _ in answer_headers):
        answer_headers += (("content-type", str(media)),)  # some tools keep only mimeType
    return Exchange(
        method=str(request.get("method", "GET")).upper(),
        url=str(request.get("url", "")),
        request_headers=_pairs(request.get("headers")),
        request_body=request_body,
        status=status if isinstance(status, int) else 0,
        response_headers=answer_headers,
        response_body=_body(response.get("content"), "text"),
        started=str(item.get("startedDateTime", "")),
        duration_ms=float(item.get("time") or 0),
        source=source,
    )
