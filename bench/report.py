"""The bench's report: tables of figures, the ratios the targets are set in, met or missed."""

from __future__ import annotations

from dataclasses import dataclass

from bench.load import LoadResult
from bench.measure import Row


@dataclass(frozen=True)
class Goal:
    name: str
    value: float
    limit: float
    at_least: bool  # True: value >= limit is met; False: value <= limit is met

    @property
    def met(self) -> bool:
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    def line(self) -> str:
        sign = "≥" if self.at_least else "≤"
        verdict = "met" if self.met else "MISSED"
        # Three places: a value just short of its target must not print as the target.
        return f"| {self.name} | {self.value:.3f} | {sign} {self.limit:g} | {verdict} |"


@dataclass
class Report:
    versions: dict[str, str]
    load_line: str
    rows: list[Row] | None = None
    cold: dict[str, float] | None = None
    sizes: dict[int, LoadResult] | None = None
    memory: dict[int, float] | None = None
    scaling: dict[str, dict[str, LoadResult]] | None = None
    proxy: dict[str, LoadResult] | None = None
    round_trips: dict[str, float] | None = None

    def targets(self) -> list[Goal]:
        found: list[Goal] = []
        if self.rows:
            found += _throughput_goals(self.rows)
        if self.cold:
            found.append(
                Goal("cold start: mock / Prism", self.cold["mock"] / self.cold["prism"], 0.5, False)
            )
        if self.sizes and len(self.sizes) == 2:
            small, large = sorted(self.sizes)
            ratio = self.sizes[large].p50_ms / self.sizes[small].p50_ms
            found.append(Goal(f"selection p50: {large:,} / {small:,} numbers", ratio, 1.5, False))
        if self.memory and len(self.memory) == 2:
            first, last = sorted(self.memory)
            ratio = self.memory[last] / self.memory[first]
            found.append(
                Goal(f"memory: after {last:,} / after {first:,} requests", ratio, 1.3, False)
            )
        if self.scaling:
            selection, status = self.scaling["selection"], self.scaling["status"]
            found.append(
                Goal(
                    "redis, 1 worker / memory, 1 worker: selection req/s",
                    selection["redis, 1 worker"].ok_per_second
                    / selection["memory, 1 worker"].ok_per_second,
                    0.5,
                    True,
                )
            )
            found.append(
                Goal(
                    "redis: 2 workers / 1 worker: status req/s",
                    status["redis, 2 workers"].ok_per_second
                    / status["redis, 1 worker"].ok_per_second,
                    1.5,
                    True,
                )
            )
        if self.proxy:
            added = self.proxy["through the proxy"].p50_ms - self.proxy["direct"].p50_ms
            found.append(Goal("proxy: added p50 ms over direct calls", added, 1.0, False))
        if self.round_trips:
            trips = self.round_trips
            found.append(
                Goal(
                    "redis: round trips per selection",
                    trips["selection in a conversation"],
                    2,
                    False,
                )
            )
            found.append(Goal("redis: round trips per status read", trips["status"], 1, False))
        return found

    def markdown(self) -> str:
        out = ["# make bench", ""]
        out += [f"- {key}: {value}" for key, value in self.versions.items()]
        out += [f"- load: {self.load_line}", ""]
        if self.rows:
            out += [
                "## Throughput (median of the rounds)",
                "",
                "| operation | server | 2xx req/s | p50 ms | p99 ms | non-2xx | conforms |",
                "|---|---|---:|---:|---:|---:|---|",
            ]
            out += [
                f"| {r.operation} | {r.server} | {r.result.ok_per_second:,.0f} | "
                f"{r.result.p50_ms:.2f} | {r.result.p99_ms:.2f} | {r.result.not_ok} | "
                f"{r.conforms} |"
                for r in self.rows
            ]
            ok = {(r.operation, r.server): r.result.ok_per_second for r in self.rows}
            out += ["", "| ratio | selection | status |", "|---|---:|---:|"]
            for peer in ("bare", "prism"):
                selection = ok[("selection", "mock")] / ok[("selection", peer)]
                status = ok[("status", "mock")] / ok[("status", peer)]
                out.append(f"| mock / {peer} | {selection:.2f} | {status:.2f} |")
            out.append("")
        if self.cold:
            out += [
                "## Cold start to the first 200 (median)",
                "",
                "| server | seconds |",
                "|---|---:|",
            ]
            out += [f"| {name} | {seconds:.2f} |" for name, seconds in self.cold.items()]
            out.append("")
        if self.sizes:
            out += [
                "## Selection against world size (a request that walks every reason; "
                "one connection, so p50 is what a request costs, not queueing)",
                "",
                "| numbers | 2xx req/s | p50 ms | p99 ms |",
                "|---:|---:|---:|---:|",
            ]
            out += [
                f"| {size:,} | {r.ok_per_second:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} |"
                for size, r in sorted(self.sizes.items())
            ]
            out.append("")
        if self.memory:
            out += ["## Memory (resident, MiB)", "", "| after requests | MiB |", "|---:|---:|"]
            out += [f"| {count:,} | {mib:.1f} |" for count, mib in sorted(self.memory.items())]
            out.append("")
        if self.scaling:
            out += self._scaling()
        if self.proxy:
            out += self._proxy()
        if self.round_trips:
            out += ["## Redis round trips per operation (in process)", ""]
            out += ["| operation | round trips |", "|---|---:|"]
            out += [f"| {name} | {trips:.2f} |" for name, trips in self.round_trips.items()]
            out.append("")
        targets = self.targets()
        if targets:
            out += ["## Targets", "", "| ratio | value | target | |", "|---|---:|---|---|"]
            out += [t.line() for t in targets]
            out.append("")
        return "\n".join(out)

    def _scaling(self) -> list[str]:
        assert self.scaling is not None
        out: list[str] = []
        for operation, results in self.scaling.items():
            base = results["memory, 1 worker"].ok_per_second
            out += [
                f"## Scaling out: one world in Redis ({operation})",
                "",
                "| server | 2xx req/s | p50 ms | p99 ms | vs memory, 1 worker "
                "| mock CPU µs/request | Redis CPU µs/request |",
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            out += [
                f"| {name} | {r.ok_per_second:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | "
                f"{r.ok_per_second / base:.2f} | {_cpu(r, 'mock')} | {_cpu(r, 'redis')} |"
                for name, r in results.items()
            ]
            two = results["redis, 2 workers"].ok_per_second
            one = results["redis, 1 worker"].ok_per_second
            out += ["", f"{operation}: two workers on Redis give {two / one:.2f}x one.", ""]
        out += [
            "Every selection here writes its conversation (one optimistic script, no world "
            "lock), and the workers share the two cores with Redis and wrk: compare the round "
            "trips and CPU per request too, which do not depend on the cores (CPU: all "
            "the server's processes, and redis-server's, over each run, per answer).",
            "",
        ]
        return out

    def _proxy(self) -> list[str]:
        assert self.proxy is not None
        direct, proxied = self.proxy["direct"], self.proxy["through the proxy"]
        return [
            "## What the proxy adds (selection, one request at a time)",
            "",
            "| path | p50 ms | p99 ms | req/s |",
            "|---|---:|---:|---:|",
            *(
                f"| {name} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.ok_per_second:,.0f} |"
                for name, r in self.proxy.items()
            ),
            "",
            f"The proxy adds {proxied.p50_ms - direct.p50_ms:.2f} ms at p50 and "
            f"{proxied.p99_ms - direct.p99_ms:.2f} ms at p99; it checks each exchange after "
            "answering, off the request's path.",
            "",
        ]


def _throughput_goals(rows: list[Row]) -> list[Goal]:
    """Issue 20's targets: both operations at 2x Prism (status with a p99 no worse than
    Prism's), and the selection at a quarter of bare Starlette."""
    ok = {(r.operation, r.server): r.result for r in rows}
    rate = {key: result.ok_per_second for key, result in ok.items()}
    return [
        Goal(
            "selection: mock / Prism req/s",
            rate[("selection", "mock")] / rate[("selection", "prism")],
            2,
            True,
        ),
        Goal(
            "selection: mock / bare req/s",
            rate[("selection", "mock")] / rate[("selection", "bare")],
            0.25,
            True,
        ),
        Goal(
            "status: mock / Prism req/s",
            rate[("status", "mock")] / rate[("status", "prism")],
            2,
            True,
        ),
        Goal(
            "status p99: mock / Prism",
            ok[("status", "mock")].p99_ms / ok[("status", "prism")].p99_ms,
            1,
            False,
        ),
    ]


def _cpu(result: LoadResult, process: str) -> str:
    """CPU per request of one process in µs, or a dash where it was not measured (or none)."""
    used = result.cpu_ms.get(process)
    return "-" if used is None else f"{used * 1000:,.0f}"
