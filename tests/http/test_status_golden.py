"""The status answer, byte for byte, as the code before status aggregates gave it: every number
of every scenario for two seeds, over several windows, at the start and after writes and a
clock move. The golden file holds one short sha256 per answer; regenerate it only on purpose:
`.venv/bin/python -m tests.http.test_status_golden` (then review why the bytes moved)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bench.servers import RedisServer
from mockserver.app import create_app, world_control
from mockserver.settings import Settings
from mockserver.worlds.scenario_files import available
from tests.local_client import LocalClient

GOLDEN = Path(__file__).with_name("status_golden.json")
SEEDS = (1, 7)
QUERIES = (
    "",
    "?windowDays=1",
    "?windowDays=7",
    "?startDate=2026-11-10&endDate=2026-11-20",
    "?endDate=2026-11-24&windowDays=365",
)
# A create, a selection that pins a conversation, and whole days plus hours of traffic.
WRITES = (
    ("POST", "/phone-numbers", {"name": "Golden line", "number": "+17375550100"}),
    ("POST", "/phone-numbers/outgoing/new", {"conversationId": "golden", "channel": "sms"}),
    ("POST", "/__admin/clock/advance", {"days": 2, "hours": 5}),
)


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:16]


def statuses(client: LocalClient, e164s: list[str]) -> dict[str, list[str]]:
    """Per query, the digest of every number's status answer, in the order numbers were added."""
    found: dict[str, list[str]] = {}
    for query in QUERIES:
        digests = []
        for e164 in e164s:
            answer = client.get(f"/phone-numbers/{e164.replace('+', '%2B')}/status{query}")
            assert answer.status_code == 200, answer.text
            digests.append(digest(answer.content))
        found[query or "default"] = digests
    return found


def capture(
    store: str = "memory", namespace: str = "golden", seeds: tuple[int, ...] = SEEDS
) -> dict[str, object]:
    """What the golden file holds, for the scenarios and seeds, in one process."""
    settings = Settings(store=store, store_namespace=namespace)
    control = world_control(settings)
    captured: dict[str, object] = {}
    with LocalClient(create_app(settings, control)) as client:
        for scenario in available():
            for seed in seeds:
                reset = client.post("/__admin/reset", json={"scenario": scenario, "seed": seed})
                assert reset.status_code == 200, reset.text
                e164s = [n.number for n in control.service.store.numbers()]
                captured[f"{scenario}/{seed}/start"] = statuses(client, e164s)
                for method, path, body in WRITES:
                    assert client.request(method, path, json=body).status_code < 300
                e164s = [n.number for n in control.service.store.numbers()]
                captured[f"{scenario}/{seed}/after-writes"] = statuses(client, e164s)
    return captured


def differences(found: dict[str, object], golden: dict[str, object]) -> list[str]:
    return [
        key for key in sorted(golden.keys() | found.keys()) if found.get(key) != golden.get(key)
    ]


def test_every_status_answer_has_the_bytes_it_had_before_aggregates() -> None:
    golden = json.loads(GOLDEN.read_text())
    changed = differences(capture(), golden)
    assert not changed, f"status answers changed for {changed[:10]} ({len(changed)} in all)"


def test_the_redis_store_gives_the_same_bytes(redis_server: RedisServer, namespace: str) -> None:
    golden = json.loads(GOLDEN.read_text())
    found = capture(redis_server.url, namespace, seeds=SEEDS[:1])
    ours = {key: value for key, value in golden.items() if f"/{SEEDS[0]}/" in key}
    changed = differences(found, ours)
    assert not changed, f"status answers changed for {changed[:10]} ({len(changed)} in all)"


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(capture(), indent=0, sort_keys=True) + "\n")
