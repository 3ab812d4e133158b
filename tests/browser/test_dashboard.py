"""The dashboard in Chromium, one session over one mock process with an admin token: reached from
the landing page, it asks for the token, then shows the default world; a selection sent from
outside the browser shows in the live log within two seconds, its hostile body as text; the
verify form and a selection tried from the page answer as the API does; advancing the clock
moves a warmup bar; switching to all-blocked leaves no number able to send; a named world a
test made can be chosen, with its own log. Each view's screenshot goes to reports/dashboard/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.playwright import browse
from tests.stores.servers import mock_process

REPORTS = Path(__file__).resolve().parents[2] / "reports" / "dashboard"
TOKEN = "dashboard-test-token"
# A conversation id a client chose: markup that would run if the page rendered it as HTML.
HOSTILE = '<img src=x onerror="window.pwned=1">conv-hostile'
ROWS = "[...document.querySelectorAll('#numbers tbody tr')]"
SEND_CELLS = f"{ROWS}.map(r => [r.dataset.number, r.cells[5].className, r.cells[6].className])"
BAR = "Number(document.querySelector('#warmup progress[data-number=pn_0004]').value)"


def plan(base: str) -> dict[str, Any]:
    json_headers = {"Content-Type": "application/json"}
    select = {"method": "POST", "url": f"{base}/phone-numbers/outgoing/new",
              "headers": json_headers}  # fmt: skip
    return {
        "url": base + "/",
        "screenshots": str(REPORTS),
        "steps": [
            {"click": "a[href='/__admin/ui/']"},
            {"waitForText": ["#auth-status", "admin token"]},
            {"fill": ["#token", TOKEN]},
            {"click": "#token-save"},
            {"waitForText": ["#scenario", "default"]},
            {"waitFor": f"{ROWS}.length === 13"},
            {"evaluate": SEND_CELLS},  # result: the default world's send cells
            {"click": "#tab-traffic"},
            {"waitFor": "document.querySelector('#filter-operation').options.length > 1"},
            {"request": {**select, "body": {"conversationId": HOSTILE, "teamId": "team_0001",
                                            "recipientPhoneNumber": "+15125550100"}}},
            {"waitForText": ["#log tbody", "conv-hostile"], "timeoutMs": 2000},  # result: ms
            {"request": {**select, "body": {"conversationId": "conv-other"}}},
            {"waitForText": ["#log tbody", "conv-other"]},
            {"click": "#log tbody tr:nth-child(2)"},
            {"waitForText": ["#entry-request", "conv-hostile"]},
            {"evaluate": "({images: document.querySelectorAll('img').length, "
                         "pwned: window.pwned ?? null, "
                         "shown: document.querySelector('#entry-request').textContent, "
                         "cell: document.querySelector('#log tr.chosen').cells[4].textContent})"},
            {"fill": ["#filter-conversation", HOSTILE]},
            {"click": "#filter-apply"},
            {"waitFor": "document.querySelectorAll('#log tbody tr').length === 1"},
            {"select": ["#verify-operation", "selectOutgoingNumber"]},
            {"fill": ["#verify-conversation", HOSTILE]},
            {"fill": ["#verify-count", "1"]},
            {"click": "#verify"},
            {"waitForText": ["#verify-result", "ok: 1 matching"]},
            {"screenshot": "traffic"},
            {"click": "#tab-world"},
            {"waitForText": ["#conversations tbody", "conv-other"]},  # made outside, followed
            {"screenshot": "world"},
            {"evaluate": "[document.querySelectorAll('img').length, window.pwned ?? null, "
                         "document.querySelector('#conversations tbody').textContent]"},
            {"click": "#tab-selection"},
            {"fill": ["#sel-team", "team_0001"]},
            {"fill": ["#sel-recipient", "+15125550100"]},
            {"click": "#select"},
            {"waitForText": ["#selection-result", "Eligible numbers"]},
            {"evaluate": "document.querySelector('#selection-result .answer').textContent"},
            {"evaluate": "[...document.querySelectorAll('#selection-result tbody tr')]"
                         ".map(r => r.textContent)"},
            {"screenshot": "selection"},
            {"click": "#tab-switch"},
            {"evaluate": BAR},  # result: the bar before
            {"fill": ["#advance-days", "2"]},
            {"click": "#advance"},
            {"waitFor": f"{BAR} > 35"},
            {"evaluate": BAR},  # result: the bar after
            {"click": "#latency-on"},
            {"fill": ["#latency", "1-5"]},
            {"click": "#controls-apply"},
            {"waitForText": ["#controls-now", "latency 1-5"]},
            {"screenshot": "switch"},
            {"select": ["#scenario-choice", "all-blocked"]},
            {"click": "#reset"},
            {"waitForText": ["#scenario", "all-blocked"]},
            {"click": "#tab-world"},
            {"waitFor": f"{ROWS}.length === 3"},
            {"evaluate": SEND_CELLS},  # result: all-blocked's send cells
            {"screenshot": "world-all-blocked"},
            {"request": {**select, "headers": {**json_headers, "X-Mock-World": "alice",
                                               "X-Admin-Token": TOKEN},
                         "body": {"conversationId": "conv-alice"}}},
            {"click": "#tab-traffic"},
            {"fill": ["#filter-conversation", ""]},
            {"click": "#filter-apply"},
            {"waitFor": "[...document.querySelectorAll('#world option')]"
                        ".some(o => o.value === 'alice')"},
            {"select": ["#world", "alice"]},
            {"waitForText": ["#scenario", "default (world alice)"]},
            {"waitForText": ["#log tbody", "conv-alice"]},
            {"evaluate": "document.querySelectorAll('#log tbody tr').length"},
        ],
    }  # fmt: skip


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """One mock process with an admin token for the module's browser sessions."""
    with mock_process("--admin-token", TOKEN) as base:
        yield base


def test_the_dashboard_shows_switches_and_watches_the_world(served: str, tmp_path: Path) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    base = served
    report = browse(plan(base), tmp_path)
    controls = httpx.get(f"{base}/__admin/controls", headers={"X-Admin-Token": TOKEN}).json()
    assert report["ok"], report
    assert report["console"] == [], "no console errors"
    (default_cells, sent, waited, other, hostile, in_world, chosen, candidates, before, after,
     blocked_cells, alice_sent, alice_log) = report["results"]  # fmt: skip
    assert len(default_cells) == 13
    assert ["pn_0001", "yes", "yes"] in default_cells, "the default world's main line can send"
    assert ["pn_0004", "no", "yes"] in default_cells, "warming: calls, not SMS"
    assert (sent, other) == (200, 200)
    assert waited <= 2000, "the selection sent from outside shows in the live log within 2 s"
    assert hostile["images"] == 0, "markup in a request body is not rendered"
    assert hostile["pwned"] is None
    assert hostile["cell"] == HOSTILE, "it is shown as the text it is"
    assert json.dumps(HOSTILE) in hostile["shown"], "and in the request body, as JSON"
    assert "Local area code" in chosen, "the answer as the picker shows it"
    assert any("not eligible" in row and "warming" in row for row in candidates), candidates
    assert (before, after) == (35, 50), "5, then 7 days into a 14-day warmup"
    assert controls["latency"] == "1-5", "the page changed the running mock's latency"
    assert blocked_cells, "all-blocked has numbers"
    assert all(sms == "no" and call == "no" for _, sms, call in blocked_cells), blocked_cells
    assert (alice_sent, alice_log) == (200, 1), "a named world: its own world and log"
    assert in_world[:2] == [0, None], "nor does the conversations table"
    assert HOSTILE in in_world[2]
    for view in ("world", "traffic", "selection", "switch", "world-all-blocked"):
        assert (REPORTS / f"{view}.png").stat().st_size > 10_000, view


CALLS = "window.calls.length"
BIG_SEED = "12345678901234567"
REQUESTS_POLLED = "window.calls.filter(url => url.includes('/requests')).length"


def refused_token_plan(base: str) -> dict[str, Any]:
    """A token the mock refuses, saved over a good one: the page says so and stops calling
    (it had gone on polling, refused once a second); the good token again, and it polls. Then
    a seed past 2^53 reset and shown as typed (a Number rounds it)."""
    return {
        "url": base + "/__admin/ui/#nosuchview",
        "steps": [
            {"evaluate": "[...document.querySelectorAll('.view')].filter(v => !v.hidden)"
                         ".map(v => v.id)"},  # result: the views shown for an unknown hash
            {"waitForText": ["#auth-status", "admin token"]},
            {"fill": ["#token", TOKEN]},
            {"click": "#token-save"},
            {"waitForText": ["#auth-status", "token accepted"]},
            {"evaluate": "(window.calls = [], window.realFetch = window.fetch, window.fetch = "
                         "(url, options) => (window.calls.push(String(url)), "
                         "window.realFetch(url, options)), 0)"},
            {"fill": ["#token", "not-the-token"]},
            {"click": "#token-save"},
            {"waitForText": ["#auth-status", "needs its admin token"]},
            {"evaluate": CALLS},  # result: the calls of the refused start
            {"waitFor": "(window.t0 ??= Date.now(), Date.now() - window.t0 > 1200)"},
            {"evaluate": CALLS},  # result: the calls 1.2 s later (the page polls every second)
            {"fill": ["#token", TOKEN]},
            {"click": "#token-save"},
            {"waitFor": f"{REQUESTS_POLLED} >= 2"},  # the start's poll, and the next
            {"click": "#tab-switch"},
            {"fill": ["#seed-choice", BIG_SEED]},
            {"click": "#reset"},
            {"waitFor": "window.calls.some(url => url.endsWith('/__admin/reset'))"},
            {"waitForText": ["#seed", BIG_SEED]},  # shown as it is, not as a Number rounds it
        ],
    }  # fmt: skip


def test_a_refused_token_stops_the_polling_until_one_is_accepted(
    served: str, tmp_path: Path
) -> None:
    report = browse(refused_token_plan(served), tmp_path)
    world = httpx.get(f"{served}/__admin/", headers={"X-Admin-Token": TOKEN}).json()
    assert report["ok"], report
    assert world["seed"] == int(BIG_SEED), "the world reset with the seed typed, not a rounded one"
    shown, _installed, refused_start, later = report["results"]
    assert shown == ["view-world"], "an unknown view in the address shows the world"
    # The start's five reads, and on a loaded machine a poll or two that was already due when
    # the token changed; what matters is that none follows (the next assertion).
    assert refused_start <= 8, "the refused start's reads, sent at once"
    assert later == refused_start, "no call with a token the mock refused"
    assert report["console"], "Chromium logs each refused call"
    assert all("401" in line for line in report["console"]), report["console"]
