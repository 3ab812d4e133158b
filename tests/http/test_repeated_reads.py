"""A repeated GET is answered without Connexion's dispatch when its handler answers the bytes
Connexion passed before (decision P40); anything else goes through Connexion again."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from starlette.types import Message, Receive, Scope, Send

from mockserver.app import create_app
from mockserver.contract.operations import Operation
from mockserver.domain.errors import NotFound
from mockserver.http.endpoint import MADE_CALL, Answer, Call, ContractEndpoint, MadeCall
from mockserver.http.matched import SCOPE_KEY
from mockserver.http.repeated_reads import RepeatedReads
from mockserver.settings import Settings
from tests.local_client import LocalClient

STATUS = "/phone-numbers/%2B16157605300/status"
READ = Operation("getStatus", "GET", re.compile("^/s$"), (), False, "/s")


class Inner:
    """Connexion as this lane sees it: answers through the handler and leaves the call made."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.calls = 0
        self.raises: Exception | None = None

    def handler(self, _call: Call) -> Answer:
        if self.raises is not None:
            raise self.raises
        return self.answer

    async def __call__(self, scope: Scope, _receive: Receive, send: Send) -> None:
        self.calls += 1
        made = scope.get(MADE_CALL)
        if isinstance(made, MadeCall):
            made.handler, made.call = self.handler, Call({}, {}, None)
        body = self.answer.encoded or b""
        await send({"type": "http.response.start", "status": self.answer.status, "headers": []})
        await send({"type": "http.response.body", "body": body})


def request(lane: RepeatedReads, method: str = "GET", query: bytes = b"") -> tuple[int, bytes]:
    scope: Scope = {"type": "http", "method": method, "path": "/s", "query_string": query}
    scope[SCOPE_KEY] = READ
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(lane(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def lane_over(inner: Inner, keep: int = 0) -> RepeatedReads:
    async def answer(handler: Any, call: Call) -> Answer:
        result: Answer = handler(call)
        return result

    return RepeatedReads(inner, answer, frozenset({"getStatus"}), keep=keep)


def test_a_read_answered_alike_skips_connexion_and_a_new_answer_goes_through_it() -> None:
    inner = Inner(Answer({}, encoded=b'{"a":1}'))
    lane = lane_over(inner)
    assert request(lane) == (200, b'{"a":1}')
    assert request(lane) == (200, b'{"a":1}')
    assert inner.calls == 1
    inner.answer = Answer({}, encoded=b'{"a":2}')  # the world moved
    assert request(lane) == (200, b'{"a":2}')
    assert inner.calls == 2
    assert request(lane, query=b"x=1") == (200, b'{"a":2}')  # another query: another read
    assert inner.calls == 3


def test_errors_other_methods_and_unencoded_answers_always_go_through_connexion() -> None:
    inner = Inner(Answer({}, status=404, encoded=b"{}"))
    lane = lane_over(inner)
    request(lane)
    request(lane)
    assert inner.calls == 2, "a 404 is never answered again by the lane"
    inner.answer = Answer({}, encoded=b"{}")
    request(lane, method="HEAD")
    request(lane, method="HEAD")
    assert inner.calls == 4
    request(lane)
    inner.answer = Answer({"a": 1})  # bytes not made before: Connexion validates them
    request(lane)
    assert inner.calls == 6

    inner.answer = Answer({}, encoded=b"{}")
    request(lane)
    inner.raises = RuntimeError("a bug")  # the remembered handler raises: Connexion's way answers
    assert request(lane) == (200, b"{}")
    assert inner.calls == 8


def test_a_domain_error_on_a_repeat_is_answered_as_the_endpoint_answers_it() -> None:
    inner = Inner(Answer({}, encoded=b"{}"))
    lane = lane_over(inner)
    request(lane)
    inner.raises = NotFound("phone number", "+15125550100")
    status, body = request(lane)
    assert status == 404
    assert b"+15125550100" in body
    assert inner.calls == 1, "the store was asked once, by the lane"


def test_what_the_lane_remembers_is_bounded() -> None:
    inner = Inner(Answer({}, encoded=b"{}"))
    lane = lane_over(inner, keep=3)
    for n in range(10):
        request(lane, query=str(n).encode())
    assert len(lane._known) <= 3


@pytest.fixture
def endpoint_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each request that reached the contract endpoint through Connexion, by path."""
    calls: list[str] = []
    through = ContractEndpoint.__call__

    async def counted(self: ContractEndpoint, scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope["path"])
        await through(self, scope, receive, send)

    monkeypatch.setattr(ContractEndpoint, "__call__", counted)
    return calls


def test_the_mock_answers_a_polled_status_alike_without_connexion_until_the_world_moves(
    endpoint_calls: list[str],
) -> None:
    with LocalClient(create_app(Settings())) as client:
        first = client.get(STATUS)
        again = client.get(STATUS)
        assert first.status_code == again.status_code == 200
        assert again.content == first.content
        assert again.headers.items() == first.headers.items()
        assert len(endpoint_calls) == 1, "the repeat skipped Connexion's dispatch"
        assert client.post("/__admin/clock/advance", json={"hours": 2}).status_code == 200
        moved = client.get(STATUS)
        assert moved.content != first.content
        assert len(endpoint_calls) == 2
        assert client.get(STATUS, params={"windowDays": "many"}).status_code == 400
        assert client.get(STATUS, params={"windowDays": "many"}).status_code == 400
        assert len(endpoint_calls) == 2, "refused by validation both times, never a remembered read"


# Every write the mock takes that can move a status answer, each followed by reads.
STEPS: tuple[tuple[str, str, dict[str, Any] | None], ...] = (
    ("POST", "/phone-numbers/outgoing/new", {"conversationId": "c1", "channel": "sms"}),
    ("POST", "/__admin/clock/advance", {"days": 1, "hours": 3}),
    ("POST", "/phone-numbers", {"name": "New line", "number": "+17375550100"}),
    ("POST", "/__admin/reset", {"scenario": "all-blocked", "seed": 3}),
    ("POST", "/__admin/reset", {"scenario": "default", "seed": 3}),
    ("POST", "/__admin/clock/advance", {"minutes": 30}),
)
READS = (STATUS, STATUS + "?windowDays=1", "/phone-numbers/%2B17375550100/status")


def test_the_lane_answers_every_step_as_connexions_stock_stack_does() -> None:
    settings = Settings(seed=3)
    with (
        LocalClient(create_app(settings)) as lean,
        LocalClient(create_app(settings, lean_layers=False)) as stock,
    ):
        for method, path, body in (("GET", "/", None), *STEPS):
            assert lean.request(method, path, json=body).status_code < 300
            assert stock.request(method, path, json=body).status_code < 300
            for read in READS * 2:
                ours, theirs = lean.get(read), stock.get(read)
                assert (ours.status_code, ours.content) == (theirs.status_code, theirs.content)
                assert ours.headers.items() == theirs.headers.items()
