"""The benchmark's own logic (`make bench` itself is a benchmark, not a test): wrk's output read
right, the Lua it is given, and targets judged in the right direction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from bench.load import LoadResult, Target, lua_script, parse_wrk
from bench.measure import Row, median_result
from bench.report import Goal, Report
from bench.servers import group_cpu_seconds, process_cpu_seconds

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


def test_a_value_just_short_of_its_target_does_not_print_as_the_target() -> None:
    assert Goal("selection: mock / bare req/s", 0.245, 0.25, True).line() == (
        "| selection: mock / bare req/s | 0.245 | ≥ 0.25 | MISSED |"
    )


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


def test_cpu_per_request_is_the_median_of_the_rounds_and_shown_per_process() -> None:
    rounds = [
        LoadResult(1_000, 1.0, 2.0, 100, 0, cpu_ms={"mock": 0.5, "redis": 0.1}),
        LoadResult(1_100, 1.0, 2.0, 110, 0, cpu_ms={"mock": 0.3, "redis": 0.3}),
        LoadResult(900, 1.0, 2.0, 90, 0, cpu_ms={"mock": 0.4, "redis": 0.2}),
    ]
    redis_worker = median_result(rounds)
    assert redis_worker.cpu_ms == {"mock": 0.4, "redis": 0.2}
    memory = LoadResult(2_000, 1.0, 2.0, 200, 0, cpu_ms={"mock": 0.25})
    one = {"memory, 1 worker": memory, "redis, 1 worker": redis_worker}
    both = {**one, "redis, 2 workers": redis_worker}
    scaling = {"selection": both, "status": both}
    text = Report({}, "", scaling=scaling).markdown()
    assert "| memory, 1 worker | 2,000 | 1.00 | 2.00 | 1.00 | 250 | - |" in text
    assert "| redis, 1 worker | 1,000 | 1.00 | 2.00 | 0.50 | 400 | 200 |" in text


def test_a_process_groups_cpu_counts_the_processes_it_started() -> None:
    burn = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"
    child = burn + "time.sleep(10)\n"
    leader_code = (
        burn + "import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', sys.argv[1]])\n"
    )
    leader = subprocess.Popen(
        [sys.executable, "-c", leader_code + "time.sleep(10)\n", child], start_new_session=True
    )
    try:
        deadline = time.monotonic() + 10
        while group_cpu_seconds(leader.pid) < 0.55 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert group_cpu_seconds(leader.pid) >= 0.55  # its own 0.3 s and its child's
        assert process_cpu_seconds(leader.pid) < 0.5  # the leader alone burnt about 0.3 s
    finally:
        os.killpg(leader.pid, signal.SIGKILL)
        leader.wait()
