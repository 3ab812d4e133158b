"""`make bench` / `python -m bench`: one run, every comparison side by side, a markdown report."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bench import measure, round_trips
from bench.report import Report
from bench.setup import SetupError, ensure_tools, versions
from mockserver.contract.loader import load_contract

PARTS = ("throughput", "cold-start", "world-size", "memory", "scaling", "proxy")
EPILOG = """\
examples:
  make bench                                    everything, about four minutes
  make bench BENCH_ARGS="--seconds 2 --rounds 1"  a quick look
  make bench BENCH_ARGS="--only throughput"      one part

Servers run pinned to core 1 and wrk to core 0, on 127.0.0.1 only. The report is printed and
written to reports/bench/latest.md; docs/performance.md keeps a recorded run.
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the mock against bare Starlette and Stoplight Prism.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--seconds", type=float, default=5.0, help="length of each load run (5)")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    p.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    p.add_argument("--only", choices=PARTS, action="append", help="run only this part")
    p.add_argument("--numbers", type=int, default=100_000, help="the large world's size")
    p.add_argument(
        "--out", type=Path, default=Path("reports/bench/latest.md"), help="where the report goes"
    )
    return p


def log(line: str) -> None:
    print(f"bench: {line}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        ensure_tools()
        text = run(args)
    except (SetupError, subprocess.CalledProcessError, RuntimeError, ValueError) as error:
        # A server that would not start, wrk that printed no figures: one line, not a traceback.
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        print(f"bench: {first_line}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)
    return 0


def run(args: argparse.Namespace) -> str:
    """Every part asked for, as the markdown report."""
    parts = set(args.only or PARTS)
    contract = load_contract()
    load = measure.Load(args.seconds, args.rounds, args.connections)
    report = Report(
        versions(),
        f"wrk, 1 thread, {load.connections} connections, {load.seconds:g} s per run, "
        f"{load.rounds} interleaved rounds; servers on core 1, wrk on core 0",
    )
    began = time.perf_counter()
    status_path = None
    if "throughput" in parts:
        report.rows, plan = measure.throughput(contract, load, log)
        status_path = plan["status"].path
    if "cold-start" in parts:
        report.cold = measure.cold_start(status_path or measure.status_path(contract), 3, log)
    if "world-size" in parts:
        report.sizes = measure.world_size((10, args.numbers), load, log)
    if "memory" in parts:
        report.memory = measure.memory_growth(contract, (1_000, 100_000), load, log)
    if "scaling" in parts:
        report.scaling = measure.scaling(contract, load, log)
        report.round_trips = round_trips.measured()
    if "proxy" in parts:
        report.proxy = measure.proxy_overhead(contract, load, log)
    return report.markdown() + f"\nThe run took {time.perf_counter() - began:.0f} s.\n"


if __name__ == "__main__":
    sys.exit(main())
