"""wrk as the load generator: one run against one URL, parsed into 2xx req/s and percentiles."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# wrk runs on core 0 and every server on core 1, so the load never competes with what it loads.
LOAD_CORE = "0"
SERVER_CORE = "1"

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# Every benchmarked request carries a bearer token, as the contract asks of clients (decision
# K20): Prism refuses requests without one; the mock and the bare app ignore it.
CLIENT_HEADERS = {"Authorization": "Bearer bench"}


@dataclass(frozen=True)
class Target:
    """What one operation's load sends."""

    name: str
    method: str
    path: str
    body: dict[str, object] | None = None


@dataclass(frozen=True)
class LoadResult:
    ok_per_second: float  # 2xx answers only
    p50_ms: float
    p99_ms: float
    requests: int
    not_ok: int
    # CPU per request by process ("mock", "redis"), in ms, where the run measured it: it does
    # not depend on how many cores the processes share.
    cpu_ms: Mapping[str, float] = field(default_factory=dict)


def lua_script(
    target: Target, stop_after: int | None = None, conversation_prefix: str | None = None
) -> str:
    """The wrk script for a target; `stop_after` ends the run after that many answers, and
    `conversation_prefix` gives each request a conversation of its own."""
    lines = [f'wrk.method = "{target.method}"']
    lines += [f'wrk.headers["{name}"] = "{value}"' for name, value in CLIENT_HEADERS.items()]
    if target.body is not None:
        lines.append('wrk.headers["Content-Type"] = "application/json"')
        lines.append(f"wrk.body = {_lua_string(json.dumps(target.body))}")
    if conversation_prefix is not None:
        # A new conversation per request: what grows the mock's state (it must stay bounded).
        body = dict(target.body or {})
        body["conversationId"] = "CONVERSATION"
        template = _lua_string(json.dumps(body))
        lines += [
            "local sent = 0",
            "request = function()",
            "  sent = sent + 1",
            f'  local body = string.gsub({template}, "CONVERSATION", '
            f'"{conversation_prefix}" .. sent)',
            "  return wrk.format(nil, nil, nil, body)",
            "end",
        ]
    if stop_after is not None:
        lines += [
            "local answered = 0",
            "response = function()",
            "  answered = answered + 1",
            f"  if answered >= {stop_after} then wrk.thread:stop() end",
            "end",
        ]
    return "\n".join(lines) + "\n"


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def run_wrk(
    base_url: str,
    target: Target,
    *,
    seconds: float,
    connections: int,
    stop_after: int | None = None,
    conversation_prefix: str | None = None,
) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(target, stop_after, conversation_prefix))
    try:
        completed = subprocess.run(
            [
                "taskset",
                "-c",
                LOAD_CORE,
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--latency",
                "-s",
                script.name,
                base_url + target.path,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 120,
        )
    finally:
        Path(script.name).unlink()
    return parse_wrk(completed.stdout)


def parse_wrk(output: str) -> LoadResult:
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    if total is None:
        raise ValueError(f"wrk printed no totals:\n{output}")
    requests = int(total.group(1))
    seconds = float(total.group(2)) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[total.group(3)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    not_ok = int(errors.group(1)) if errors else 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        not_ok += int(socket_errors.group(4))
    return LoadResult(
        ok_per_second=(requests - not_ok) / seconds if seconds else 0.0,
        p50_ms=_percentile(output, "50%"),
        p99_ms=_percentile(output, "99%"),
        requests=requests,
        not_ok=not_ok,
    )


def _percentile(output: str, label: str) -> float:
    found = re.search(rf"^\s*{re.escape(label)}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if found is None:
        raise ValueError(f"wrk printed no {label} latency:\n{output}")
    return float(found.group(1)) * _UNITS[found.group(2)]
