"""A property of the admin API's inputs, in the spirit of the contract endpoints' fuzzing: whatever
arrives at reset, clock, load, journal or as a Prefer header, the answer is never a 5xx, errors
are problem+json, and a refused input leaves the world exactly as it was."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mockserver.app import create_app
from mockserver.settings import Settings
from tests.local_client import LocalClient

SELECT = "/phone-numbers/outgoing/new"
KEYS = st.sampled_from(["scenario", "seed", "days", "scenaro", "history", "numbers", "op", "x"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["empty", "default", "../../openapi", "all-blocked", "create", "advance"]),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=12,
)
MEDIA = st.sampled_from(
    ["application/json", "application/yaml", "text/plain", "", "application/json; charset=utf-8"]
)


@pytest.fixture(scope="module")
def client() -> Iterator[LocalClient]:
    with LocalClient(create_app(Settings()), raise_server_exceptions=False) as made:
        yield made


def body_of(value: Any, form: str) -> bytes:
    if form == "json":
        return json.dumps(value).encode()
    if form == "yaml":
        return yaml.safe_dump(value).encode()
    return repr(value).encode()


def check(client: LocalClient, method: str, path: str, **request: Any) -> None:
    before = client.get("/__admin/export").text
    answer = client.request(method, path, **request)
    assert answer.status_code < 500, (path, request, answer.text[:300])
    media = answer.headers.get("content-type", "")
    if answer.status_code >= 400:
        assert media == "application/problem+json", (path, answer.text[:200])
        assert client.get("/__admin/export").text == before, "a refused input changed nothing"
    else:
        assert media.startswith("application/json")
        client.post("/__admin/reset")


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    path=st.sampled_from(["/__admin/reset", "/__admin/clock/advance", "/__admin/load"]),
    value=JSON_VALUES,
    form=st.sampled_from(["json", "yaml", "repr"]),
    media=MEDIA,
)
def test_admin_writes_never_fail_and_refusals_change_nothing(
    client: LocalClient, path: str, value: Any, form: str, media: str
) -> None:
    headers = {"content-type": media} if media else {}
    check(client, "POST", path, content=body_of(value, form), headers=headers)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.binary(max_size=200), path=st.sampled_from(["/__admin/reset", "/__admin/load"]))
def test_admin_writes_take_any_bytes(client: LocalClient, raw: bytes, path: str) -> None:
    media = "application/json" if path.endswith("reset") else "application/yaml"
    check(client, "POST", path, content=raw, headers={"content-type": media})


HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(limit=HEADER_TEXT, prefer=HEADER_TEXT)
def test_the_journal_query_and_prefer_take_any_text(
    client: LocalClient, limit: str, prefer: str
) -> None:
    check(client, "GET", "/__admin/journal", params={"limit": limit})
    before = client.get("/__admin/export").text
    answer = client.post(SELECT, json={}, headers={"Prefer": prefer})
    assert answer.status_code < 500, (prefer, answer.text[:200])
    if answer.status_code >= 400:
        assert answer.headers["content-type"] == "application/problem+json"
    assert client.get("/__admin/export").text == before, "a selection without a conversation"


MILLISECONDS = st.integers(0, 40_000)
LATENCIES = st.one_of(
    MILLISECONDS.map(str),
    st.tuples(MILLISECONDS, MILLISECONDS).map(lambda pair: f"{pair[0]}-{pair[1]}"),
    st.none(),
    st.sampled_from(["", " 200 ", "-5", "1e3", "\u0663", "200\n"]),
    SCALARS,
)
RATES = st.one_of(st.floats(0, 1), st.floats(-2, 2), st.integers(-2, 2), st.floats(), SCALARS)
CONTROLS = st.fixed_dictionaries({}, optional={"latency": LATENCIES, "errorRate": RATES})
OTHER_BODIES = st.dictionaries(
    st.sampled_from(["errorrate", "latencyPerOperation", "scope", "latency"]), SCALARS, min_size=1
)
TURNED_OFF = {"latency": None, "errorRate": 0}


def check_controls(client: LocalClient, value: Any, media: str) -> None:
    """Never a 5xx; a refusal names the field it refuses and leaves the controls as they were;
    an answer is what GET reads after it, within the rules."""
    before = client.get("/__admin/controls").json()
    headers = {"content-type": media} if media else {}
    # json.dumps writes NaN and Infinity, which are no JSON: they must be refused too.
    answer = client.post("/__admin/controls", content=json.dumps(value).encode(), headers=headers)
    assert answer.status_code < 500, (value, answer.text[:300])
    if answer.status_code >= 400:
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["detail"].startswith(("latency", "errorRate", "body", "/__admin"))
        assert client.get("/__admin/controls").json() == before, "a refused input changed nothing"
        return
    now = answer.json()
    assert now == client.get("/__admin/controls").json()
    assert 0 <= now["errorRate"] <= 1, (value, now)
    assert now["latency"] is None or re.fullmatch(r"[0-9]{1,5}(-[0-9]{1,5})?", now["latency"])
    if "errorRate" in value:
        assert now["errorRate"] == value["errorRate"]
    if "latency" in value:
        assert (now["latency"] is None) == (value["latency"] in (None, "")), (value, now)
    assert {**before, **{k: now[k] for k in value}} == now, "only the fields named changed"
    assert client.post("/__admin/controls", json=TURNED_OFF).status_code == 200


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=CONTROLS, media=st.just("application/json") | MEDIA)
@example(value={"errorRate": 1.5}, media="application/json")
@example(value={"errorRate": -0.1, "latency": "200"}, media="application/json")
@example(value={"errorRate": math.nan}, media="application/json")
@example(value={"errorRate": math.inf}, media="application/json")
@example(value={"errorRate": True}, media="application/json")
@example(value={"latency": "-5"}, media="application/json")
@example(value={"latency": "30001"}, media="application/json")
@example(value={"latency": "500-100", "errorRate": 0.5}, media="application/json")
@example(value={"latency": 200}, media="application/json")
@example(value={"latency": "100-500", "errorRate": 0.25}, media="application/json")
@example(value={"errorRate": 0.5}, media="text/plain")
def test_the_controls_take_any_values(client: LocalClient, value: Any, media: str) -> None:
    check_controls(client, value, media)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=OTHER_BODIES | JSON_VALUES)
@example(value={"latency": "200", "errorrate": 0.5})
@example(value={"latencyPerOperation": {"selectOutgoingNumber": "200"}})
@example(value={"errorRate": 0.5, "scope": "world"})
def test_the_controls_take_any_body(client: LocalClient, value: Any) -> None:
    check_controls(client, value, "application/json")
