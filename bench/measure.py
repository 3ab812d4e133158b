"""The measurements: interleaved throughput rounds, cold start, world size, memory growth."""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import conformance
from bench.load import CLIENT_HEADERS, LoadResult, Target, run_wrk
from bench.servers import (
    RedisServer,
    Server,
    ServerSpec,
    bare_spec,
    mock_spec,
    prism_spec,
    proxy_spec,
    shared_mock_spec,
)
from mockserver.contract.loader import Contract

OPERATIONS = {"selection": "selectOutgoingNumber", "status": "getPhoneNumberStatus"}


@dataclass(frozen=True)
class Load:
    seconds: float
    rounds: int
    connections: int


@dataclass(frozen=True)
class Row:
    operation: str
    server: str
    result: LoadResult
    conforms: str


def targets(contract: Contract, mock_url: str) -> dict[str, Target]:
    """The contract's own selection example, and the status of the number it selects."""
    example = contract.resolved()["components"]["examples"]["SelectionRequest"]["value"]
    selection = Target("selection", "POST", "/phone-numbers/outgoing/new", example)
    chosen = httpx.post(
        mock_url + selection.path, json=example, headers=CLIENT_HEADERS, timeout=10
    ).json()["number"]
    status_path = f"/phone-numbers/{chosen.replace('+', '%2B')}/status"
    return {"selection": selection, "status": Target("status", "GET", status_path)}


def median_result(results: list[LoadResult]) -> LoadResult:
    return LoadResult(
        ok_per_second=statistics.median(r.ok_per_second for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        requests=sum(r.requests for r in results),
        not_ok=sum(r.not_ok for r in results),
        cpu_ms={
            name: statistics.median(r.cpu_ms[name] for r in results) for name in results[0].cpu_ms
        },
    )


# CPU seconds used so far, by process ("mock", "redis"), of what serves one server's requests.
CpuMeter = Callable[[Server], dict[str, float]]


def _loaded(
    server: Server, target: Target, load: Load, connections: int, cpu: CpuMeter | None
) -> LoadResult:
    before = cpu(server) if cpu else {}
    result = run_wrk(server.url, target, seconds=load.seconds, connections=connections)
    if not cpu or not result.requests:
        return result
    after = cpu(server)
    used = {name: (after[name] - before[name]) * 1000 / result.requests for name in after}
    return dataclasses.replace(result, cpu_ms=used)


def throughput(
    contract: Contract, load: Load, log: Callable[[str], None]
) -> tuple[list[Row], dict[str, Target]]:
    """Mock, bare Starlette and Prism running side by side, loaded in turn, round after round."""
    with tempfile.TemporaryDirectory() as scratch, Server(mock_spec(), "/openapi.json") as mock:
        plan = targets(contract, mock.url)
        bodies = {}
        for name, target in plan.items():
            answer = httpx.request(
                target.method, mock.url + target.path, json=target.body, headers=CLIENT_HEADERS
            )
            bodies[name] = Path(scratch, f"{name}.json")
            bodies[name].write_bytes(answer.content)
        ready = plan["status"].path
        with (
            Server(bare_spec(bodies["selection"], bodies["status"]), ready) as bare,
            Server(prism_spec(), ready) as prism,
        ):
            servers = [mock, bare, prism]
            runs: dict[tuple[str, str], list[LoadResult]] = {}
            for server in servers:  # warm every path once before anything is measured
                for target in plan.values():
                    run_wrk(server.url, target, seconds=1, connections=load.connections)
            for round_number in range(load.rounds):
                # Rotate who goes first, so no server always meets a warmer or cooler machine.
                order = servers[round_number % 3 :] + servers[: round_number % 3]
                for name, target in plan.items():
                    for server in order:
                        result = run_wrk(
                            server.url, target, seconds=load.seconds, connections=load.connections
                        )
                        runs.setdefault((name, server.spec.name), []).append(result)
                        log(
                            f"round {round_number + 1}/{load.rounds} {name:9} "
                            f"{server.spec.name:5} {result.ok_per_second:8.0f} req/s"
                        )
            rows = [
                Row(
                    name,
                    server.spec.name,
                    median_result(runs[(name, server.spec.name)]),
                    conformance.check(contract, OPERATIONS[name], server.url, plan[name]),
                )
                for name in plan
                for server in servers
            ]
            return rows, plan


def status_path(contract: Contract) -> str:
    with Server(mock_spec(), "/openapi.json") as mock:
        return targets(contract, mock.url)["status"].path


def cold_start(ready_path: str, trials: int, log: Callable[[str], None]) -> dict[str, float]:
    """Seconds from spawn to the first 200 on a contract operation, median of alternating
    trials."""
    specs: list[ServerSpec] = [mock_spec(), prism_spec()]
    times: dict[str, list[float]] = {}
    for trial in range(trials):
        for spec in specs:
            with Server(spec, ready_path) as server:
                times.setdefault(spec.name, []).append(server.started_in)
            log(f"cold start {trial + 1}/{trials} {spec.name:5} {server.started_in:.2f} s")
    return {name: statistics.median(values) for name, values in times.items()}


# Latency is measured one request at a time (see world_size).
LATENCY_CONNECTIONS = 1


def world_size(
    sizes: tuple[int, ...], load: Load, log: Callable[[str], None]
) -> dict[int, LoadResult]:
    """Selection latency with worlds of different sizes, interleaved round by round.

    One request at a time: under a saturating load wrk's p50 is mostly queueing (connections x
    service time), which moved by a third between rounds on the 2-core machine; one connection
    measures what a request costs.
    """
    # A request no sticky conversation short-cuts: each answer walks the engine's reasons.
    target = Target(
        "selection",
        "POST",
        "/phone-numbers/outgoing/new",
        {"recipientPhoneNumber": "+15125550178", "channel": "sms", "teamId": "team_0001"},
    )
    specs = [
        mock_spec(f"mock-{size}", "bench.large_world:create_app", BENCH_NUMBERS=str(size))
        for size in sizes
    ]
    servers = [Server(spec, "/openapi.json") for spec in specs]
    try:
        found = interleaved(servers, target, load, LATENCY_CONNECTIONS, log)
    finally:
        for server in servers:
            server.stop()
    return {size: found[spec.name] for size, spec in zip(sizes, specs, strict=True)}


def interleaved(
    servers: list[Server],
    target: Target,
    load: Load,
    connections: int,
    log: Callable[[str], None],
    cpu: CpuMeter | None = None,
) -> dict[str, LoadResult]:
    """Each server warmed (a second at full load), then loaded in turn round after round with
    `connections`: the median per server (with its CPU per request if `cpu` measures it)."""
    for server in servers:
        run_wrk(server.url, target, seconds=1, connections=load.connections)
    results: dict[str, list[LoadResult]] = {}
    for round_number in range(load.rounds):
        for server in servers:
            result = _loaded(server, target, load, connections, cpu)
            results.setdefault(server.spec.name, []).append(result)
            log(
                f"round {round_number + 1}/{load.rounds} {server.spec.name:17} "
                f"{result.ok_per_second:8.0f} req/s, p50 {result.p50_ms:.2f} ms"
            )
    return {name: median_result(found) for name, found in results.items()}


def memory_growth(
    contract: Contract, checkpoints: tuple[int, ...], load: Load, log: Callable[[str], None]
) -> dict[int, float]:
    """Resident memory of the mock after each number of selections, each for a new
    conversation (what grows its state until the configured bounds hold it)."""
    with Server(mock_spec(), "/openapi.json") as mock:
        target = targets(contract, mock.url)["selection"]
        found: dict[int, float] = {}
        done = 0
        for checkpoint in checkpoints:
            while done < checkpoint:
                result = run_wrk(
                    mock.url,
                    target,
                    seconds=min(5.0, load.seconds),
                    connections=load.connections,
                    stop_after=checkpoint - done,
                    conversation_prefix=f"conv_bench_{done}_",
                )
                done += result.requests
            found[checkpoint] = mock.rss_mib()
            log(f"memory after {done} requests: {found[checkpoint]:.1f} MiB")
        return found


def scaling(
    contract: Contract, load: Load, log: Callable[[str], None]
) -> dict[str, dict[str, LoadResult]]:
    """Selection and status req/s of one worker in memory (pinned to one core, as above) against
    one and two workers sharing a world in Redis (free to use both cores, with Redis and wrk):
    operation -> server -> result."""
    with RedisServer() as redis:
        specs = [
            mock_spec("memory, 1 worker"),
            shared_mock_spec("redis, 1 worker", redis.url, "one", workers=1),
            shared_mock_spec("redis, 2 workers", redis.url, "two", workers=2),
        ]
        servers = [Server(spec, "/openapi.json") for spec in specs]

        def cpu(server: Server) -> dict[str, float]:
            used = {"mock": server.cpu_seconds()}
            if server is not servers[0]:  # the in-memory mock asks Redis nothing
                used["redis"] = redis.cpu_seconds()
            return used

        try:
            found = targets(contract, servers[0].url)
            return {
                operation: interleaved(servers, found[operation], load, load.connections, log, cpu)
                for operation in ("selection", "status")
            }
        finally:
            for server in servers:
                server.stop()


def proxy_overhead(
    contract: Contract, load: Load, log: Callable[[str], None]
) -> dict[str, LoadResult]:
    """Selection latency straight to the mock and through leadping-proxy in front of it, one
    request at a time (what a request costs, not queueing), interleaved round by round."""
    with (
        Server(mock_spec(), "/openapi.json") as mock,
        tempfile.TemporaryDirectory() as reports,
        Server(proxy_spec(mock.url, Path(reports)), "/__proxy/report") as proxy,
    ):
        target = targets(contract, mock.url)["selection"]
        found = interleaved([mock, proxy], target, load, LATENCY_CONNECTIONS, log)
    return {"direct": found["mock"], "through the proxy": found["proxy"]}
