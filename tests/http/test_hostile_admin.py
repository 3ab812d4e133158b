"""Hostile input, round two: the admin API, scenario names and what a public request can store,
against a live server on the in-memory store and on Redis. Each finding of the review is here:
no crash, no 5xx, no hang, and the world exactly as it was whenever the input is refused."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.servers import RedisServer
from contract_tests.target import local_mock
from mockserver.settings import Settings
from tests.stores.servers import mock_process

JSON = {"content-type": "application/json"}
YAML = {"content-type": "application/yaml"}
SELECT = "/phone-numbers/outgoing/new"
OVERRIDE = "/phone-numbers/outgoing/manual-override"


@pytest.fixture(scope="module", params=["memory", "redis"])
def served(request: pytest.FixtureRequest) -> Iterator[str]:
    """The mock served over a socket, on each store, once for the module."""
    if request.param == "memory":
        settings = Settings()
    else:
        redis_server: RedisServer = request.getfixturevalue("redis_server")
        settings = Settings(store=redis_server.url, store_namespace="hostile-admin")
    with local_mock(settings) as url:
        yield url


@pytest.fixture
def live(served: str) -> Iterator[httpx.Client]:
    """A client of that mock, its world back at the start."""
    with httpx.Client(base_url=served, timeout=30) as client:
        assert client.post("/__admin/reset").status_code == 200
        yield client


def world(client: httpx.Client) -> str:
    export = client.get("/__admin/export")
    assert export.status_code == 200, export.text
    return export.text


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    return body


def test_a_deeply_nested_upload_is_a_400_and_the_mock_lives(live: httpx.Client) -> None:
    before = world(live)
    for text in (b"[" * 100_000, b"{a: " * 50_000, b"- " * 60_000 + b"x"):
        answer = live.post("/__admin/load", content=text, headers=YAML)
        assert "nests deeper than 64" in str(assert_problem(answer, 400)["detail"])
    assert live.get("/__health").status_code == 200
    assert world(live) == before


def test_an_upload_with_keys_that_are_not_text_is_a_400_and_stores_nothing(
    live: httpx.Client,
) -> None:
    before = world(live)
    # A bare "?" is a null key; YAML also allows numbers, and nested keys anywhere.
    for text, where in (
        (b"?", "(top level)"),
        (b"1: a", "(top level)"),
        (b"numbers:\n  - {id: pn_x, 7: on}\n", "numbers[0]"),
    ):
        answer = live.post("/__admin/load", content=text, headers=YAML)
        detail = str(assert_problem(answer, 400)["detail"])
        assert f"{where}: a key must be text" in detail, detail
    assert world(live) == before


def test_a_lone_surrogate_is_refused_and_stores_nothing(live: httpx.Client) -> None:
    before = world(live)
    body = b'{"name":"x\\ud800","number":"+15125550901"}'
    problem = assert_problem(live.post("/phone-numbers", content=body, headers=JSON), 400)
    assert problem["errors"] == [
        {
            "in": "body",
            "field": "/name",
            "rule": "encoding",
            "message": "/name: a lone surrogate is not valid Unicode text",
        }
    ]
    key = b'{"conversationId":"c\\udfff","teamId":"team_0001"}'
    assert_problem(live.post(SELECT, content=key, headers=JSON), 400)
    assert world(live) == before, "no id, no clock tick, no write consumed"
    assert live.post(SELECT, json={}).status_code == 200
    assert live.get("/phone-numbers/%2B15125550901/status").status_code == 404


NAMES = ["../../openapi", "/etc/hostname", "./default", "././default", ".//empty",
         "default.yaml", "DEFAULT", "default\t", "", "x" * 5000, "%2e%2e/openapi"]  # fmt: skip


def test_a_scenario_is_a_name_from_the_folder_and_nothing_else(live: httpx.Client) -> None:
    before = world(live)
    for name in NAMES:
        answer = live.post(SELECT, json={}, headers={"Prefer": f'scenario="{name}"'})
        detail = str(assert_problem(answer, 400)["detail"])
        assert "Available: all-blocked" in detail
        assert "/work/" not in detail
        assert "openapi: 3.0.3" not in detail
        assert len(detail) < 600
        assert_problem(live.post("/__admin/reset", json={"scenario": name}), 400)
    assert world(live) == before


def resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_many_spellings_of_a_scenario_build_no_worlds_and_memory_stays_put() -> None:
    """300 spellings used to build 300 worlds and apps (92 -> 1,578 MiB); now each is refused
    before anything is built, side worlds are bounded, and a reset frees them."""
    sides = ("empty", "all-blocked", "default", "local-area")
    with mock_process() as url, httpx.Client(base_url=url, timeout=30) as client:
        pid = client.get("/__health").json()["process"]
        for name in sides:  # what side worlds cost, paid once
            client.post(SELECT, json={}, headers={"Prefer": f"scenario={name}"})
        client.post("/__admin/reset")
        before = resident_mib(pid)
        for n in range(300):
            spelling = "./" * (n % 30 + 1) + "default" + "/" * (n // 30)
            answer = client.post(SELECT, json={}, headers={"Prefer": f"scenario={spelling}"})
            assert answer.status_code == 400
        refused = resident_mib(pid) - before
        for _ in range(5):
            for name in sides:
                client.post(SELECT, json={}, headers={"Prefer": f"scenario={name}"})
            client.post("/__admin/reset")
        rebuilt = resident_mib(pid) - before
    assert refused < 10, f"300 refused spellings grew the mock by {refused:.0f} MiB"
    assert rebuilt < 40, f"side worlds rebuilt after resets grew the mock by {rebuilt:.0f} MiB"


def test_prefer_scenario_needs_the_admin_token_when_one_is_set() -> None:
    with local_mock(Settings(admin_token="letmein")) as url:
        asked = httpx.post(f"{url}{SELECT}", json={}, headers={"Prefer": "scenario=empty"})
        assert_problem(asked, 401)
        allowed = httpx.post(
            f"{url}{SELECT}",
            json={},
            headers={"Prefer": "scenario=empty", "X-Admin-Token": "letmein"},
        )
        assert allowed.status_code == 200
        assert allowed.json()["canSend"] is False


def test_a_long_admin_write_does_not_freeze_the_server() -> None:
    with local_mock(Settings()) as url, httpx.Client(base_url=url, timeout=60) as client:
        import threading

        done: list[int] = []
        # 365 days x 13 numbers: the longest advance this world allows, a second or more.
        worker = threading.Thread(
            target=lambda: done.append(
                client.post("/__admin/clock/advance", json={"days": 365}).status_code
            )
        )
        worker.start()
        time.sleep(0.1)
        answered_meanwhile = 0
        while worker.is_alive():
            # The event loop answers while the advance holds the world: within seconds, even
            # on a loaded machine (a frozen loop would time out here).
            assert httpx.get(f"{url}/__health", timeout=10).status_code == 200
            answered_meanwhile += worker.is_alive()
            # A selection writes, so it waits for the world (as long as the advance takes,
            # which on a loaded CI machine can pass 10 s), then answers.
            assert httpx.post(f"{url}{SELECT}", json={}, timeout=60).status_code == 200
        worker.join()
        assert done == [200]
        assert answered_meanwhile >= 1, "answered while the advance ran"


def test_long_work_is_bounded(live: httpx.Client) -> None:
    before = world(live)
    # 2,000 more numbers, loaded in one request (as many creates over HTTP take seconds).
    creates = "".join(
        f"  - {{op: create, name: n{n}, number: '+1512666{n:04d}'}}\n" for n in range(2_000)
    )
    loaded = live.post("/__admin/load", content=f"history:\n{creates}".encode(), headers=YAML)
    assert loaded.status_code == 200, loaded.text[:500]
    busy = world(live)
    assert busy.count("op: create") == 2_000
    answer = live.post("/__admin/clock/advance", json={"days": 11})
    assert "number-days" in str(assert_problem(answer, 400)["detail"])
    assert world(live) == busy
    live.post("/__admin/reset")
    assert world(live) == before
    history = "businesses: 1\nhistory:\n  - {op: advance, days: 2000}\n"
    assert "history[0].days" in str(
        assert_problem(live.post("/__admin/load", content=history.encode(), headers=YAML), 400)[
            "detail"
        ]
    )
    aliases = "a: &a [x]\n" + "".join(f"k{i}: *a\n" for i in range(20_000))
    started = time.monotonic()
    assert_problem(live.post("/__admin/load", content=aliases.encode(), headers=YAML), 400)
    assert time.monotonic() - started < 5
    assert world(live) == before


def test_nested_aliases_never_expand_into_an_error(live: httpx.Client) -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\ne: &e [*d,*d]\n'
    bomb += "".join(f"f{i}: &f{i} [*e,*e,*e,*e]\n" for i in range(6)) + "numbers: *f5\n"
    answer = live.post("/__admin/load", content=bomb.encode(), headers=YAML)
    assert len(answer.content) < 2_000
    assert "aliases" in str(assert_problem(answer, 400)["detail"])


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ("{op: create, name: 12345, number: '+15125550111'}", "history[1].name"),
        ("{op: select, channel: fax}", "history[1].channel"),
        ("{op: override, selection: {}}", "history[1].fromPhoneNumberId"),
        ("{op: clear, conversationId: 7}", "history[1].conversationId"),
        ("{op: advance}", "history[1].days"),
        ("{op: teleport}", "history[1].op"),
        ('{op: select, conversationId: "c\\udc00"}', "Unicode"),
    ],
)
def test_a_load_is_checked_whole_before_anything_is_replayed(
    live: httpx.Client, entry: str, field: str
) -> None:
    before = world(live)
    text = "businesses: 1\nhistory:\n  - {op: select, conversationId: c1}\n  - " + entry + "\n"
    answer = live.post("/__admin/load", content=text.encode(), headers=YAML)
    assert field in str(assert_problem(answer, 400)["detail"])
    assert world(live) == before, "nothing of the refused history was replayed"
    assert live.post(SELECT, json={}).status_code == 200


def test_cross_site_requests_cannot_drive_the_admin_api(live: httpx.Client) -> None:
    before = world(live)
    plain = {"content-type": "text/plain"}
    assert_problem(live.post("/__admin/reset", content=b'{"seed": 3}', headers=plain), 415)
    form = {"content-type": "application/x-www-form-urlencoded"}
    assert_problem(live.post("/__admin/clock/advance", content=b"days=3", headers=form), 415)
    assert_problem(live.post("/__admin/load", content=b"businesses: 2", headers=plain), 415)
    page = {"origin": "https://evil.example", **JSON}
    assert_problem(live.post("/__admin/reset", json={"seed": 3}, headers=page), 403)
    rebinding = {"host": "evil.example"}
    assert_problem(live.get("/__admin/export", headers=rebinding), 403)
    assert_problem(live.get("/__admin/", headers={"origin": "null"}), 403)
    assert world(live) == before
    local_page = {"origin": "http://localhost:5173"}
    assert live.post("/__admin/reset", json={}, headers=local_page).status_code == 200


ODD: list[tuple[str, str, bytes | None, dict[str, str] | None, int]] = [
        ("POST", "/phone-numbers", b'{"name": "x", "number": "+1512", "id": ' + b"9" * 5000 + b"}",
         JSON, 400),
        ("POST", SELECT, b'{"teamId": ' + b"1" * 4301 + b"}", JSON, 400),
        ("GET", "/__admin/journal?limit=%C2%B2", None, None, 400),
        ("GET", "/__admin/journal?limit=-1", None, None, 400),
        ("POST", "/__admin/reset", b'{"scenario": 123}', JSON, 400),
        ("POST", "/__admin/reset", b'{"seed": true}', JSON, 400),
        ("POST", "/__admin/reset", b'{"seed": ' + b"9" * 5000 + b"}", JSON, 400),
        ("POST", "/__admin/reset", b"[" * 20_000 + b"]" * 20_000, JSON, 400),
        ("POST", "/__admin/reset", b"[" * 50_000 + b"]" * 50_000, JSON, 413),
        ("POST", "/__admin/reset", b'{"a":' * 70 + b"1" + b"}" * 70, JSON, 400),
        ("POST", "/__admin/clock/advance", b'{"days": 1.5}', JSON, 400),
        ("POST", "/__admin/clock/advance", b'{"days": 0}', JSON, 400),
        ("POST", "/__admin/clock/advance", b'{"days": 366}', JSON, 400),
        ("POST", "/__admin/clock/advance", b'{"days": 3, "weeks": 1}', JSON, 400),
        ("POST", "/__admin/reset", b"\xff\xfe", JSON, 400),
        ("DELETE", "/__admin/reset", None, None, 405),
        ("GET", "/__admin/nothing-here", None, None, 404),
        ("POST", "/__admin/load", b"x" * (17 * 1024 * 1024), YAML, 413),
]  # fmt: skip


def test_odd_input_is_a_problem_never_a_500(live: httpx.Client) -> None:
    before = world(live)
    for method, path, content, headers, status in ODD:
        answer = live.request(method, path, content=content, headers=headers)
        assert_problem(answer, status)
    assert world(live) == before


def test_a_websocket_upgrade_on_a_contract_path_is_refused(live: httpx.Client) -> None:
    upgrade = {
        "connection": "Upgrade",
        "upgrade": "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
    }
    answer = live.get("/phone-numbers/%2B15125550143/status", headers=upgrade)
    assert 400 <= answer.status_code < 500
    assert live.get("/__health").status_code == 200


def test_a_valid_chunked_body_is_read(live: httpx.Client) -> None:
    chunked = live.post(SELECT, content=iter([b"{", b"}"]), headers=JSON)
    assert chunked.status_code == 200, chunked.text
    assert chunked.json()["selectionReason"] == "Preferred"


@pytest.mark.parametrize(("conversation", "spelled"), [("a/b", "a%2Fb"), ("x\ny", "x%0Ay")])
def test_a_pin_on_any_conversation_id_can_be_cleared(
    live: httpx.Client, conversation: str, spelled: str
) -> None:
    pinned = live.post(
        OVERRIDE,
        json={"fromPhoneNumberId": "pn_0001", "selection": {"conversationId": conversation}},
    )
    assert pinned.json()["selectionReason"] == "ManualOverride"
    cleared = live.delete(f"/phone-numbers/outgoing/conversation/{spelled}/override")
    assert cleared.status_code == 200, cleared.text
    again = live.post(SELECT, json={"conversationId": conversation})
    assert again.json()["selectionReason"] != "ManualOverride"


@pytest.mark.parametrize("end", ["0001-01-01", "0001-01-02", "9999-12-31"])
def test_a_date_at_the_edge_of_the_calendar_is_a_200(live: httpx.Client, end: str) -> None:
    number = live.post(SELECT, json={}).json()["number"].replace("+", "%2B")
    for query in (f"endDate={end}", f"startDate={end}&endDate={end}", f"startDate={end}"):
        answer = live.get(f"/phone-numbers/{number}/status?{query}&windowDays=365")
        assert answer.status_code == 200, (query, answer.text[:200])


UI_TRAVERSALS = [
    "/__admin/ui/../../openapi.yaml", "/__admin/ui/%2e%2e/%2e%2e/openapi.yaml",
    "/__admin/ui/..%2f..%2fmockserver%2fsettings.py", "/__admin/ui/%2e%2e%2fcontrols",
    "/__admin/ui//etc/passwd", "/__admin/ui/%2fetc%2fpasswd", "/__admin/ui/index.html%00",
    "/__admin/ui/dashboard.js%00.css", "/__admin/ui/%5c..%5c..%5capp.py", "/__admin/ui/..",
    "/__admin/ui/./dashboard.py", "/__admin/ui/__init__.py", "/__admin/ui/%252e%252e/",
]  # fmt: skip


def raw_get(base: str, target: str) -> tuple[int, str, bytes]:
    """GET `target` as sent, unnormalised (httpx would resolve ../ itself); (status, type, body)."""
    address = httpx.URL(base)
    with socket.create_connection((address.host, address.port or 80), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                     .encode())  # fmt: skip
        received = b"".join(iter(lambda: sock.recv(65536), b""))
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    media = next((line.split(":", 1)[1].strip() for line in lines
                  if line.lower().startswith("content-type:")), "")  # fmt: skip
    return int(lines[0].split()[1]), media, body


def test_the_dashboard_serves_its_three_files_and_nothing_else(served: str) -> None:
    """Checked when the page came (no defect found): each spelling of a path out of ui/ is a
    404 problem, never a file of the package or an admin answer without the token rules."""
    for target in UI_TRAVERSALS:
        status, media, body = raw_get(served, target)
        assert (status, media) == (404, "application/problem+json"), (target, body[:200])
        assert b"the dashboard is at /__admin/ui/" in body, target
    assert raw_get(served, "/__admin/ui/dashboard.js")[:2] == (
        200,
        "text/javascript; charset=utf-8",
    )
