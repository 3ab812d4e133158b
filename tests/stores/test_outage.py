"""Redis going away: 503 problem+json with Retry-After, the mock stays up, and it recovers by
itself when Redis is back (rebuilding the world if Redis lost it)."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable

import httpx

from bench.servers import RedisServer
from tests.stores.servers import mock_process, redis_server_binary

SELECT = "/phone-numbers/outgoing/new"


def eventually(check: Callable[[], bool], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def assert_unavailable(answer: httpx.Response) -> None:
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["retry-after"] == "1"
    assert "Redis" in answer.json()["detail"]


def test_redis_stopping_gives_503s_and_starting_again_restores_service() -> None:
    redis = RedisServer(redis_server_binary())  # its own: stopping it must not disturb others
    redis.start()
    try:
        with mock_process("--store", redis.url) as base:
            context = {"conversationId": "outage", "teamId": "team_0001"}
            before = httpx.post(f"{base}{SELECT}", json=context)
            assert before.status_code == 200
            redis.stop()
            assert_unavailable(httpx.post(f"{base}{SELECT}", json=context))
            assert_unavailable(
                httpx.post(f"{base}/phone-numbers", json={"name": "x", "number": "+13035550190"})
            )
            assert_unavailable(httpx.get(f"{base}/__admin/"))
            health = httpx.get(f"{base}/__health")
            assert (health.status_code, health.json()["store"]["up"]) == (503, False)

            redis.start()  # empty: this Redis keeps nothing on disk
            assert eventually(lambda: httpx.get(f"{base}/__health").status_code == 200)
            after = httpx.post(f"{base}{SELECT}", json=context)
            assert after.status_code == 200, after.text
            # The world was rebuilt from the same seed: the same number is picked again.
            assert after.json()["phoneNumberId"] == before.json()["phoneNumberId"]
            assert httpx.get(f"{base}/__admin/").json()["numbers"] == 13
    finally:
        redis.stop()


def test_the_mock_starts_while_redis_is_down_and_serves_once_it_is_up() -> None:
    redis = RedisServer(redis_server_binary())
    try:
        with mock_process("--store", redis.url) as base:
            assert httpx.get(f"{base}/__health").status_code == 503
            assert_unavailable(httpx.post(f"{base}{SELECT}", json={}))
            redis.start()
            assert eventually(lambda: httpx.post(f"{base}{SELECT}", json={}).status_code == 200)
    finally:
        redis.stop()


def test_a_stalled_redis_answers_503_within_seconds_not_a_hang() -> None:
    """A Redis that stops answering (SIGSTOP) costs each request its socket timeout (2 s), not
    7-10 s of timeout and retry; the health answer says so too; and it serves again after."""
    redis = RedisServer(redis_server_binary())
    redis.start()
    try:
        with mock_process("--store", redis.url) as base:
            assert httpx.post(f"{base}{SELECT}", json={}).status_code == 200
            assert redis.process is not None
            redis.process.send_signal(signal.SIGSTOP)
            try:
                for method, path in (("POST", SELECT), ("GET", "/__health")):
                    started = time.monotonic()
                    body = {"conversationId": "s"} if method == "POST" else None
                    answer = httpx.request(method, f"{base}{path}", json=body, timeout=30)
                    assert answer.status_code == 503, answer.text
                    assert time.monotonic() - started < 5
            finally:
                redis.process.send_signal(signal.SIGCONT)
            assert eventually(lambda: httpx.get(f"{base}/__health").status_code == 200)
            assert httpx.post(f"{base}{SELECT}", json={}).status_code == 200
    finally:
        redis.stop()
