"""The proxy as an ASGI app: forward, answer with the upstream's bytes, then check the exchange
off the request's path (a bounded queue and one worker, in the order exchanges happened)."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from starlette.types import Message, Receive, Scope, Send

from contract_tests.proxy.answers import json_answer, not_implemented, problem, token_given
from contract_tests.proxy.config import ProxyConfig
from contract_tests.proxy.forwarding import (
    Answer,
    AnswerTooLarge,
    Upstream,
    UpstreamUnreachable,
    forwarded_headers,
)
from contract_tests.proxy.rate_limit import TokenBucket
from contract_tests.traffic.auditor import Auditor
from contract_tests.traffic.exchange import Exchange
from contract_tests.traffic.report import TrafficReport

logger = logging.getLogger("leadping.proxy")
QUEUE_BOUND = 10_000
DRAIN_SECONDS = 10.0
Fallback = Callable[[str, str, tuple[tuple[str, str], ...], bytes], Awaitable[Answer]]


class Proxy:
    def __init__(
        self,
        config: ProxyConfig,
        auditor: Auditor,
        report: TrafficReport,
        fallback: Fallback | None,
    ) -> None:
        self.config = config
        self.auditor = auditor
        self.report = report
        self.fallback = fallback
        self.upstream = Upstream(config.upstream)
        self.bucket = TokenBucket(config.rate_limit) if config.rate_limit else None
        self.queue: asyncio.Queue[Exchange] = asyncio.Queue(maxsize=QUEUE_BOUND)
        self.unchecked = 0  # exchanges dropped because the queue was full
        self._worker: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    # Lifespan: the worker runs while the proxy does; shutting down completes the reports.

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._worker = asyncio.create_task(self._check_forever())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.queue.join(), DRAIN_SECONDS)
        except TimeoutError:
            logger.warning("%d exchange(s) left unchecked at shutdown", self.queue.qsize())
        if self._worker is not None:
            self._worker.cancel()
        await self.upstream.aclose()
        self.report.close(self.auditor.tally)
        tally = self.auditor.tally
        print(
            f"leadping-proxy: {tally.audited} exchange(s) checked, "
            f"{self.report.total_findings} finding(s); {self.report.directory}",
            file=sys.stderr,
            flush=True,
        )

    async def _check_forever(self) -> None:
        """Each exchange checked in the event loop's own thread, between two turns of the loop.

        The checks are pure CPU: a thread of their own ran no faster (one GIL), cost a hand-off
        per exchange and held the GIL against the next request's I/O (docs/performance.md)."""
        while True:
            exchange = await self.queue.get()
            try:
                findings = self.auditor.audit(exchange)
                self.report.add(exchange, findings)
                self.report.maybe_write(self.auditor.tally)
            except Exception:  # a check that breaks must not stop the proxy
                logger.exception("checking %s %s failed", exchange.method, exchange.url)
            finally:
                self.queue.task_done()
            # get() does not yield while exchanges wait: let requests that came in go first.
            await asyncio.sleep(0)

    # One request.

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"].startswith("/__proxy/"):
            await _send(send, self._own(scope))
            return
        started = time.perf_counter()
        when = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        query = scope.get("query_string", b"").decode("latin-1")
        target = raw_path + (f"?{query}" if query else "")
        headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"])
        body, too_large = await _body(receive, self.config.max_body_bytes)
        exchange = Exchange(scope["method"], target, headers, body, started=when, source="proxy")
        answer = await self._answer(exchange, too_large)
        exchange = Exchange(
            exchange.method,
            target,
            headers,
            body,
            answer.status,
            answer.headers,
            answer.decoded() or b"",
            when,
            (time.perf_counter() - started) * 1000,
            "proxy",
        )
        if self.config.report_header:
            findings = self.auditor.audit(exchange)
            self.report.add(exchange, findings)
            extra = (("x-leadping-findings", str(len(findings or []))),)
            answer = Answer(answer.status, (*answer.headers, *extra), answer.raw)
        else:
            try:
                self.queue.put_nowait(exchange)
            except asyncio.QueueFull:
                self.unchecked += 1
        await _send(send, answer)

    async def _answer(self, exchange: Exchange, too_large: bool) -> Answer:
        config = self.config
        if too_large:
            detail = f"the proxy forwards bodies up to {config.max_body_bytes} bytes"
            return problem(413, "Payload Too Large", detail)
        if self.bucket is not None and not self.bucket.take():
            return problem(429, "Too Many Requests", f"over --rate-limit {config.rate_limit:g}/s")
        if config.on_invalid_request == "reject":
            refused = self.auditor.request_findings(exchange)
            if refused:
                return problem(400, "Bad Request", refused[0].message, refused)
        operation = self.auditor.operation_id(exchange)
        if operation in config.mock_operations:
            return await self._from_mock(exchange)
        try:
            answer = await self.upstream.forward(
                exchange.method,
                exchange.url,
                exchange.request_headers,
                exchange.request_body,
                config.max_answer_bytes,
                config.request_timeout,
            )
        except AnswerTooLarge as error:
            return problem(502, "Bad Gateway", str(error))
        except TimeoutError:
            detail = f"the upstream did not answer in {config.request_timeout:g} s"
            return problem(504, "Gateway Timeout", detail)
        except UpstreamUnreachable as error:
            return problem(502, "Bad Gateway", f"the upstream cannot be reached ({error})")
        if operation is not None and self.fallback is not None and not_implemented(answer):
            return await self._from_mock(exchange)
        return answer

    async def _from_mock(self, exchange: Exchange) -> Answer:
        assert self.fallback is not None  # mock_operations need --fallback mock (config checks)
        return await self.fallback(
            exchange.method, exchange.url, exchange.request_headers, exchange.request_body
        )

    def _own(self, scope: Scope) -> Answer:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.config.token and not token_given(headers, self.config.token):
            detail = "/__proxy/ needs 'Authorization: Bearer <proxy token>'"
            return problem(401, "Unauthorized", detail)
        if scope["path"] != "/__proxy/report":
            return problem(404, "Not Found", "the proxy has /__proxy/report")
        tally = self.auditor.tally
        return json_answer(
            {
                "audited": tally.audited,
                "skipped": tally.skipped,
                "findings": self.report.total_findings,
                "byRule": dict(self.report.counts),
                "waiting": self.queue.qsize(),
                "unchecked": self.unchecked,
            }
        )


async def _body(receive: Receive, limit: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message: Message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", True
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks), False


async def _send(send: Send, answer: Answer) -> None:
    headers = [
        (k.encode("latin-1"), v.encode("latin-1")) for k, v in forwarded_headers(answer.headers)
    ]
    headers.append((b"content-length", str(len(answer.raw)).encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.raw})
