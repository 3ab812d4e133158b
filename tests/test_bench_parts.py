"""The benchmark's own logic (`make bench` itself is a benchmark, not a test): wrk's output read
right, the Lua it is given, and targets judged in the right direction."""

from __future__ import annotations

import pytest

from bench.load import LoadResult, Target, lua_script, parse_wrk
from bench.measure import Row
from bench.report import Goal, Report

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8931/phone-numbers/outgoing/new
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.70ms  512.01us  14.38ms   93.12%
    Req/Sec     2.98k   150.22     3.16k    84.00%
  Latency Distribution
     50%    2.48ms
     75%    2.71ms
     90%    3.02ms
     99%  850.00us
  14900 requests in 5.00s, 37.63MB read
  Non-2xx or 3xx responses: 100
Requests/sec:   2979.53
Transfer/sec:      7.53MB
"""


def test_wrk_output_counts_only_2xx_answers_and_reads_units() -> None:
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests == 14900
    assert result.not_ok == 100
    assert result.ok_per_second == pytest.approx(2960.0)
    assert result.p50_ms == pytest.approx(2.48)
    assert result.p99_ms == pytest.approx(0.85)


def test_wrk_output_without_totals_is_an_error() -> None:
    with pytest.raises(ValueError, match="no totals"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_lua_script_sends_the_body_and_a_new_conversation_per_request() -> None:
    target = Target("selection", "POST", "/x", {"channel": "sms", "conversationId": "c"})
    script = lua_script(target, stop_after=1000, conversation_prefix="conv_run2_")
    assert 'wrk.method = "POST"' in script
    assert '"channel": "sms"' in script
    assert '"conv_run2_" .. sent' in script
    assert "answered >= 1000" in script


def test_every_benchmarked_request_carries_the_contracts_bearer_token() -> None:
    # Prism applies the contract's bearerAuth: without a token it answers 401 to everything.
    assert 'wrk.headers["Authorization"] = "Bearer ' in lua_script(Target("status", "GET", "/x"))


@pytest.mark.parametrize(
    ("value", "limit", "at_least", "met"),
    [
        (1.6, 1.5, True, True),
        (1.4, 1.5, True, False),
        (1.2, 1.3, False, True),
        (1.4, 1.3, False, False),
    ],
)
def test_goals_are_judged_in_their_direction(
    value: float, limit: float, at_least: bool, met: bool
) -> None:
    goal = Goal("ratio", value, limit, at_least)
    assert goal.met is met
    assert ("MISSED" in goal.line()) is not met


def test_round_trips_are_reported_and_judged_at_most_the_target() -> None:
    trips = {"selection in a conversation": 2.0, "status": 1.0, "override": 3.0}
    report = Report({"machine": "test"}, "no load", round_trips=trips)
    assert "| override | 3.00 |" in report.markdown()
    assert [goal.met for goal in report.targets()] == [True, True]
    slow = Report({}, "", round_trips={**trips, "selection in a conversation": 6.0})
    assert [goal.met for goal in slow.targets()] == [False, True]


def _result(rate: float, p99: float = 5.0) -> LoadResult:
    return LoadResult(ok_per_second=rate, p50_ms=1.0, p99_ms=p99, requests=1, not_ok=0)


def test_issue_20s_targets_are_the_ones_judged() -> None:
    """Both operations at 2x Prism, status p99 no worse than Prism's, selection at a quarter of
    bare Starlette, one Redis worker at half of memory, a second worker 1.5x on status."""
    figures = {
        ("selection", "mock"): _result(4_000),
        ("selection", "prism"): _result(2_000),
        ("selection", "bare"): _result(16_000),
        ("status", "mock"): _result(5_900, p99=6.0),
        ("status", "prism"): _result(3_000, p99=5.0),
        ("status", "bare"): _result(18_000),
    }
    rows = [Row(op, server, result, "yes") for (op, server), result in figures.items()]
    scaling = {
        "selection": {
            "memory, 1 worker": _result(4_000),
            "redis, 1 worker": _result(2_000),
            "redis, 2 workers": _result(2_500),
        },
        "status": {
            "memory, 1 worker": _result(5_000),
            "redis, 1 worker": _result(2_000),
            "redis, 2 workers": _result(2_900),
        },
    }
    judged = {goal.name: goal.met for goal in Report({}, "", rows=rows, scaling=scaling).targets()}
    assert judged == {
        "selection: mock / Prism req/s": True,  # 2.0
        "selection: mock / bare req/s": True,  # 0.25
        "status: mock / Prism req/s": False,  # 1.97
        "status p99: mock / Prism": False,  # 1.2
        "redis, 1 worker / memory, 1 worker: selection req/s": True,  # 0.5
        "redis: 2 workers / 1 worker: status req/s": False,  # 1.45
    }
