"""The dashboard's serving and the admin reads and controls it is built on: the page loads
without the token and holds no data, every data call needs the token, the numbers and
conversations views say what the selection engine would, and latency and error rate change at
run time with a clear problem for bad input."""

from __future__ import annotations

import time
import tomllib
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.http.admin.description import ADMIN_API
from mockserver.settings import Settings
from tests.local_client import LocalClient

TOKEN = "s3cret"
WITH_TOKEN = {"X-Admin-Token": TOKEN}
SELECT = "/phone-numbers/outgoing/new"


@pytest.fixture(scope="module")
def guarded() -> Iterator[TestClient]:
    with LocalClient(create_app(Settings(admin_token=TOKEN))) as client:
        yield client


@pytest.fixture
def open_mock() -> Iterator[TestClient]:
    with LocalClient(create_app(Settings())) as client:
        yield client


def test_the_page_loads_without_the_token_and_holds_no_data(guarded: TestClient) -> None:
    page = guarded.get("/__admin/ui/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "pn_0" not in page.text, "no number in the page itself: its script asks for them"
    for name, media in (("dashboard.js", "text/javascript"), ("dashboard.css", "text/css")):
        asset = guarded.get(f"/__admin/ui/{name}")
        assert asset.status_code == 200
        assert asset.headers["content-type"].startswith(media)
    assert guarded.get("/__admin/ui/access.json").json() == {"tokenRequired": True}


def test_every_data_call_of_the_page_needs_the_token(guarded: TestClient) -> None:
    for path in ("/__admin/", "/__admin/numbers", "/__admin/conversations", "/__admin/controls",
                 "/__admin/requests"):  # fmt: skip
        refused = guarded.get(path)
        assert refused.status_code == 401, path
        assert refused.headers["content-type"] == "application/problem+json"
        assert guarded.get(path, headers={"X-Admin-Token": "nope"}).status_code == 401, path
        assert guarded.get(path, headers=WITH_TOKEN).status_code == 200, path
    assert guarded.post("/__admin/controls", json={"errorRate": 0}).status_code == 401


def test_the_page_keeps_the_host_and_origin_rules_of_the_admin_api(guarded: TestClient) -> None:
    rebinding = guarded.get("/__admin/ui/", headers={"Host": "evil.example:8080"})
    assert rebinding.status_code == 403
    evil = {"Origin": "https://evil.example"}
    assert guarded.get("/__admin/ui/", headers=evil).status_code == 403
    assert guarded.post("/__admin/reset", headers={**WITH_TOKEN, **evil}).status_code == 403


def test_the_page_calls_from_its_own_origin_when_others_are_restricted() -> None:
    settings = Settings(cors_origins="http://localhost:3000")
    with LocalClient(create_app(settings), base_url="http://127.0.0.1:8080") as client:
        own = client.post("/__admin/reset", headers={"Origin": "http://127.0.0.1:8080"})
        other = client.post("/__admin/reset", headers={"Origin": "http://127.0.0.1:9999"})
    assert (own.status_code, other.status_code) == (200, 403)


def test_the_page_answers_only_what_it_serves(open_mock: TestClient) -> None:
    assert open_mock.get("/__admin/ui/access.json").json() == {"tokenRequired": False}
    moved = open_mock.get("/__admin/ui", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (308, "ui/")
    missing = open_mock.get("/__admin/ui/../secrets")
    assert missing.status_code == 404
    assert open_mock.get("/__admin/ui/app.py").status_code == 404
    posted = open_mock.post("/__admin/ui/")
    assert (posted.status_code, posted.headers["allow"]) == (405, "GET, HEAD")
    assert 'href="/__admin/ui/"' in open_mock.get("/").text, "the landing page links it"


def test_the_numbers_view_says_who_can_send_and_why_not(open_mock: TestClient) -> None:
    view = open_mock.get("/__admin/numbers").json()
    rows = {row["id"]: row for row in view["numbers"]}
    assert view["total"] == len(rows) == 13
    warming = rows["pn_0004"]
    assert (warming["healthState"], warming["warmupProgressPercent"]) == ("Warming", 35)
    assert warming["canSend"] == {"sms": False, "call": True}
    assert warming["blockers"]["sms"] == "warming"
    assert "warming up" in warming["whyNot"]["sms"]
    assert rows["pn_0010"]["blockers"] == {"sms": "ten_dlc", "call": None}
    open_mock.post("/__admin/clock/advance", json={"days": 2})
    after = open_mock.get("/__admin/numbers?limit=5").json()
    assert (after["total"], len(after["numbers"])) == (13, 5)
    assert after["numbers"][3]["warmupProgressPercent"] == 50
    bad = open_mock.get("/__admin/numbers?limit=²")
    assert bad.status_code == 400
    assert "limit" in bad.json()["detail"]


def test_the_selection_engine_and_the_numbers_view_agree(open_mock: TestClient) -> None:
    rows = {r["id"]: r for r in open_mock.get("/__admin/numbers").json()["numbers"]}
    for channel in ("sms", "call"):
        answer = open_mock.post(SELECT, json={"channel": channel}).json()
        for candidate in answer["eligibleNumbers"]:
            row = rows[candidate["phoneNumberId"]]
            assert candidate["canSend"] == row["canSend"][channel], (channel, row["id"])


def test_conversations_show_their_sticky_number_and_override(open_mock: TestClient) -> None:
    open_mock.post(SELECT, json={"conversationId": "c-1", "teamId": "team_0001"})
    open_mock.post(SELECT, json={"conversationId": "c-2", "channel": "call"})
    open_mock.post(
        "/phone-numbers/outgoing/manual-override",
        json={"fromPhoneNumberId": "pn_0013", "selection": {"conversationId": "c-1"}},
    )
    talks = open_mock.get("/__admin/conversations").json()["conversations"]
    assert [t["id"] for t in talks] == ["c-1", "c-2"], "the most recently stored first"
    assert talks[0]["overrideNumberId"] == "pn_0013"
    assert talks[0]["stickyNumberId"] is not None
    assert talks[1]["channel"] == "call"
    assert len(open_mock.get("/__admin/conversations?limit=1").json()["conversations"]) == 1


def test_latency_and_error_rate_change_while_the_mock_runs(open_mock: TestClient) -> None:
    start = open_mock.get("/__admin/controls").json()
    assert (start["latency"], start["errorRate"]) == (None, 0.0)
    changed = open_mock.post("/__admin/controls", json={"latency": "150", "errorRate": 1})
    assert (changed.json()["latency"], changed.json()["errorRate"]) == ("150", 1.0)
    began = time.perf_counter()
    failed = open_mock.post(SELECT, json={})
    assert time.perf_counter() - began >= 0.15, "the latency applies"
    assert failed.status_code >= 400, "every request fails at rate 1"
    off = open_mock.post("/__admin/controls", json={"latency": None, "errorRate": 0}).json()
    assert (off["latency"], off["errorRate"]) == (None, 0.0)
    assert open_mock.post(SELECT, json={}).status_code == 200


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"errorRate": 1.5}, "errorRate"),
        ({"errorRate": True}, "errorRate"),
        ({"errorRate": "0.1"}, "errorRate"),
        ({"latency": 200}, "latency"),
        ({"latency": "fast"}, "latency"),
        ({"latency": "500-100"}, "latency"),
        ({"latency": "99999999"}, "latency"),
        ({"latncy": "100"}, "Did you mean 'latency'?"),
        ({}, "latency, errorRate or both"),
    ],
)
def test_bad_controls_are_a_problem_naming_the_field(
    guarded: TestClient, body: dict[str, object], named: str
) -> None:
    before = guarded.get("/__admin/controls", headers=WITH_TOKEN).json()
    refused = guarded.post("/__admin/controls", json=body, headers=WITH_TOKEN)
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"
    assert named in refused.json()["detail"]
    assert guarded.get("/__admin/controls", headers=WITH_TOKEN).json() == before, "unchanged"


def test_controls_need_a_json_body(guarded: TestClient) -> None:
    text = guarded.post(
        "/__admin/controls",
        content="errorRate=1",
        headers={**WITH_TOKEN, "Content-Type": "text/plain"},
    )
    assert text.status_code == 415


def test_every_admin_read_the_page_uses_is_described() -> None:
    described = ADMIN_API["paths"]
    for path in ("/__admin/numbers", "/__admin/conversations", "/__admin/controls",
                 "/__admin/ui/"):  # fmt: skip
        assert path in described, path
    assert set(described["/__admin/controls"]) == {"get", "post"}


def test_every_file_of_the_page_is_package_data() -> None:
    root = Path(__file__).resolve().parents[2]
    declared = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = declared["package-data"]["mockserver.http.admin"]
    ui = root / "mockserver" / "http" / "admin" / "ui"
    files = [f"ui/{path.name}" for path in ui.iterdir()]
    assert files, "the page has files"
    assert [f for f in files if not any(fnmatch(f, p) for p in patterns)] == []
