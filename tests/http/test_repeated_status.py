"""A repeated status read is answered with the bytes made for it (decision P11), and nothing
kept outlives a change of what the report is made of."""

from __future__ import annotations

from mockserver.app import create_app
from mockserver.http.connexion.validators import Conformed
from mockserver.settings import Settings
from tests.local_client import LocalClient

STATUS = "/phone-numbers/%2B16157605300/status"


def test_a_repeated_read_answers_alike_and_a_moved_clock_answers_anew() -> None:
    with LocalClient(create_app(Settings())) as client:
        first = client.get(STATUS)
        assert first.status_code == 200
        assert client.get(STATUS).content == first.content
        assert client.get(STATUS, params={"windowDays": "7"}).content != first.content
        advanced = client.post("/__admin/clock/advance", json={"hours": 3})
        assert advanced.status_code == 200
        later = client.get(STATUS)
        assert later.content != first.content
        assert later.json()["trafficMetrics"] != first.json()["trafficMetrics"]
        assert client.get(STATUS).content == later.content
    with LocalClient(create_app(Settings())) as fresh:
        fresh.post("/__admin/clock/advance", json={"hours": 3})
        assert fresh.get(STATUS).content == later.content, "as a world that never cached"


def test_bytes_conform_only_to_the_schema_they_were_checked_against() -> None:
    conformed = Conformed(keep=2)
    one, other = {"type": "object"}, {"type": "array"}
    conformed.add(one, b"{}")
    assert (one, b"{}") in conformed
    assert (other, b"{}") not in conformed
    assert (one, b"{ }") not in conformed
    conformed.add(one, b"[]")
    conformed.add(one, b"1")  # past `keep`: what was kept is dropped
    assert (one, b"{}") not in conformed
    assert (one, b"1") in conformed
    for n in range(10):  # a schema made anew each time (a stack that does not keep them)
        conformed.add({"n": n}, b"{}")
    assert len(conformed._schemas) <= 2, "what keeps schemas alive is bounded as well"
